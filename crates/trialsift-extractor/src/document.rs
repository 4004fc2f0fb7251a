//! What a document is: a journal abstract, a registry record or a conference abstract.
//!
//! Decided from the splitter's segments and the text, in this order, the first rule that holds
//! giving the type and its evidence:
//! 1. a conference cue on a short line that is not boilerplate ("2019 ACR/ARP Annual Meeting",
//!    "Abstract Number: 1523", "Poster Session", "Congress") makes a conference abstract, even
//!    with a citation line (meeting abstracts are printed in journal supplements);
//! 2. a heading that only registry records open a line with ("Brief Summary", "Detailed
//!    Description", "Official Title", "Eligibility Criteria", "Ages Eligible for Study",
//!    "Accepts Healthy Volunteers", the NCI summaries' "OUTLINE:" or "PROJECTED ACCRUAL:") makes
//!    a registry record unless the document has a citation, even when the record reports
//!    results; "Inclusion Criteria" or "Exclusion Criteria" opening a line does the same only when
//!    the document also lacks an abstract's results or conclusions label;
//! 3. a citation line (with a journal or a year) makes a journal abstract;
//! 4. an abstract's results or conclusions label ("RESULTS:", "RESULTS The", "Conclusions:" opening
//!    a line or a sentence, PMC's "ABSTRACT.RESULTS") makes a journal abstract;
//! 5. a registry layout without headings (two eligibility list items, or a registry identifier
//!    line before any body text) makes a registry record when the text reports no statistic;
//! 6. a reported result makes a journal abstract: a statistic (p-value, confidence interval, test
//!    statistic, estimate, mean ± SD, median), else a proportion, else a claim of significance,
//!    else a sentence reporting findings ("these results suggest", "we found that", "we
//!    compared", "were randomized");
//! 7. otherwise the type is left unsaid.
//!
//! A trial registration line ("ClinicalTrials.gov Identifier: NCT...") at the end of an abstract
//! is no registry heading.

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Citation, Claim, Segment, SegmentKind, Span, Statement, StatementValue};

use crate::citation::lines;
use crate::number::compile;

/// Words that only a conference abstract's page or header uses.
static CONFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:annual\s+(?:scientific\s+|general\s+|national\s+)?(?:meeting|congress|conference|convention|symposium)s?",
        r"|(?:scientific|plenary|poster|oral|abstract|late-breaking)\s+sessions?",
        r"|congress(?:es)?|poster(?:\s+(?:presentation|number|no\.?|board|session))?",
        r"|abstract\s+(?:number|no\.?|#|id)|meeting\s+abstracts?|conference\s+abstracts?",
        r"|late-breaking\s+abstracts?|presented\s+at\s+the\s+[^.\n]{0,80}(?:meeting|congress|conference|symposium))\b)",
    ))
});

/// Headings that open a line of a registry record and of nothing else.
static REGISTRY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"^(?i:brief\s+summary|detailed\s+description|official\s+title|eligibility\s+criteria",
        r"|ages?\s+eligible(?:\s+for\s+study)?|sexes?\s+eligible(?:\s+for\s+study)?",
        r"|accepts\s+healthy\s+volunteers|study\s+type\s*:",
        r"|(?:estimated|actual)\s+(?:enrollment|study\s+start\s+date|study\s+completion\s+date)",
        r"|primary\s+purpose\s*:|intervention\s+model\s*:|arms?\s+and\s+interventions)\b",
        // The headings of the NCI's PDQ registry summaries.
        r"|^(?:PROTOCOL\s+)?OUTLINE:|^PROJECTED\s+ACCRUAL:|^DISEASE\s+CHARACTERISTICS:|^PATIENT\s+CHARACTERISTICS:",
        r"|^PRIOR\s+CONCURRENT\s+THERAPY:|^DESIGN\s+NARRATIVE:",
    ))
});

/// Eligibility headings, which an abstract's methods may also open a line with.
static CRITERIA_HEADING: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^(?:•|\*|-)?\s*(?i:inclusion\s+criteria|exclusion\s+criteria)\b"));

/// An abstract's results or conclusions label: in capitals, opening a line, or after a sentence.
static ABSTRACT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"\b(?P<a>(?:RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION)(?:\s*:|\.:))",
        r"|\b(?P<c>RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION)\s+[A-Z]",
        r"|(?:(?m:^)|[.!?]\s+)(?P<b>(?:ABSTRACT\.)?(?i:results?|findings|conclusions?|interpretation|conclusions?\s+and\s+relevance)",
        r"\s*(?::|\.:|\.\s*$))",
    ))
});

/// Sentences that report what a study found, in the past tense or as a conclusion drawn.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:these|our|the)\s+(?:findings|results|data)\s+(?:suggest|indicate|show|demonstrate|support|confirm)",
        r"|\bwe\s+conclude|\bit\s+(?:may|can|could|is)\s+(?:be\s+)?concluded|\bin\s+conclusion\b",
        r"|\bresults?\s+(?:showed|indicated|suggested|demonstrated|revealed)\b",
        r"|\bwe\s+(?:found|observed|showed|demonstrated)\s+that\b",
        r"|\bwe\s+(?:report|describe|present|investigated|examined|evaluated|assessed|compared|analy[sz]ed|identified|conducted|performed)\b",
        r"|\bhere,?\s+we\b|\bthis\s+(?:study|paper|article|review)\s+(?:describes|reports|presents|examined|investigated|explored|aimed)\b",
        r"|\bwere\s+(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))\b)",
    ))
});

/// Longest line, in bytes, on which a conference cue counts.
const SHORT_LINE: usize = 200;

/// Decides what a document is; returns the type and the span of its evidence.
pub(crate) fn classify(
    text: &str,
    segments: &[Segment],
    citation: Option<&Citation>,
    statements: &[Statement],
    claims: &[Claim],
) -> Option<(&'static str, Span)> {
    if let Some(span) = conference_cue(text, segments) {
        return Some(("conference_abstract", span));
    }
    let citation =
        citation.filter(|citation| citation.journal.is_some() || citation.year.is_some());
    if citation.is_none()
        && let Some(span) = heading(text, segments, &REGISTRY_HEADING)
    {
        return Some(("registry_record", span));
    }
    let abstract_label = ABSTRACT_LABEL.captures(text.as_bytes()).and_then(|captures| {
        let found =
            captures.name("a").or_else(|| captures.name("b")).or_else(|| captures.name("c"))?;
        Some([found.start(), found.end()])
    });
    if citation.is_none()
        && abstract_label.is_none()
        && let Some(span) = heading(text, segments, &CRITERIA_HEADING)
    {
        return Some(("registry_record", span));
    }
    if let Some(citation) = citation {
        return Some(("journal_abstract", [citation.start, citation.end]));
    }
    if let Some(span) = abstract_label {
        return Some(("journal_abstract", span));
    }
    let result = statements
        .iter()
        .find(|statement| !matches!(statement.value, StatementValue::Proportion { .. }));
    if result.is_none()
        && let Some(span) = registry_layout(segments)
    {
        return Some(("registry_record", span));
    }
    // A reported result: a statistic, else a proportion or a claim of significance.
    let result = result
        .or_else(|| statements.first())
        .map(|statement| [statement.start, statement.end])
        .or_else(|| claims.first().map(|claim| [claim.start, claim.end]));
    let reported = || {
        segments
            .iter()
            .filter(|segment| {
                segment.lang == "en"
                    && matches!(segment.kind, SegmentKind::Title | SegmentKind::Body)
            })
            .find_map(|segment| {
                let content = text.get(segment.start..segment.end)?;
                let found = REPORTED.find(content.as_bytes())?;
                Some([segment.start + found.start(), segment.start + found.end()])
            })
    };
    result.or_else(reported).map(|span| ("journal_abstract", span))
}

/// Finds a conference cue on a short line of any segment but boilerplate.
fn conference_cue(text: &str, segments: &[Segment]) -> Option<Span> {
    segments.iter().filter(|segment| segment.kind.is_extracted()).find_map(|segment| {
        let content = text.get(segment.start..segment.end)?;
        lines(content, segment.start).find_map(|(line_start, line)| {
            if line.len() > SHORT_LINE {
                return None;
            }
            let found = CONFERENCE.find(line.as_bytes())?;
            Some([line_start + found.start(), line_start + found.end()])
        })
    })
}

/// Finds a heading opening a line of an English segment.
fn heading(text: &str, segments: &[Segment], pattern: &Regex) -> Option<Span> {
    segments.iter().filter(|segment| segment.lang == "en").find_map(|segment| {
        let content = text.get(segment.start..segment.end)?;
        lines(content, segment.start).find_map(|(line_start, line)| {
            let found = pattern.find(line.as_bytes())?;
            Some([line_start + found.start(), line_start + found.end()])
        })
    })
}

/// Finds a registry layout without headings: two eligibility items, or an identifier line before the body.
fn registry_layout(segments: &[Segment]) -> Option<Span> {
    let mut items = segments.iter().filter(|segment| segment.kind == SegmentKind::Eligibility);
    if let (Some(first), Some(_)) = (items.next(), items.next()) {
        return Some([first.start, first.end]);
    }
    // A registry page opens with its identifier: "NCT00000113" or "ClinicalTrials.gov ID: NCT00000113".
    let header = segments.iter().take_while(|segment| segment.kind != SegmentKind::Body).find(
        |segment| {
            segment.kind == SegmentKind::Registry && segment.end.saturating_sub(segment.start) <= 60
        },
    )?;
    Some([header.start, header.end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits and extracts a text, returning its document type and the text of its evidence.
    fn typed(text: &str) -> (Option<String>, String) {
        let split = trialsift_splitter::split(text);
        let design = crate::extract(text, &split.segments).study.design;
        let evidence = design
            .evidence
            .get("document_type")
            .and_then(|[start, end]| text.get(*start..*end))
            .unwrap_or("")
            .to_owned();
        (design.document_type, evidence)
    }

    #[test]
    fn conference_abstracts_by_their_meeting_lines() {
        let text = concat!(
            "Efficacy of Belimumab in Early Diffuse Systemic Sclerosis\n",
            "2019 ACR/ARP Annual Meeting\n",
            "Abstract Number: 1523\n",
            "Background/Purpose: B cells may drive skin fibrosis in systemic sclerosis.\n",
            "Methods: Twenty patients were randomized 1:1 to belimumab or placebo.\n",
        );
        let (document_type, evidence) = typed(text);
        assert_eq!(document_type.as_deref(), Some("conference_abstract"));
        assert_eq!(evidence, "Annual Meeting");
    }

    #[test]
    fn registry_records_by_their_headings() {
        let text = concat!(
            "Correction of Myopia Evaluation Trial (COMET)\n\n",
            "Brief Summary\n",
            "To evaluate whether progressive addition lenses slow the rate of progression of juvenile-onset myopia.\n\n",
            "Eligibility Criteria\n",
            "Inclusion Criteria:\n",
            "• Children aged 6 to 11 years\n",
        );
        let (document_type, evidence) = typed(text);
        assert_eq!(document_type.as_deref(), Some("registry_record"));
        assert_eq!(evidence, "Brief Summary");
    }

    #[test]
    fn a_trial_registration_line_does_not_make_a_registry_record() {
        let text = concat!(
            "Oral curcumin for Alzheimer's disease: a 24-week randomized, double blind, placebo-controlled study\n\n",
            "We conducted a 24-week randomized, double blind, placebo-controlled study of curcumin in 36 patients.\n",
            "ClinicalTrials.gov Identifier: NCT00099710\n",
        );
        let (document_type, evidence) = typed(text);
        assert_eq!(document_type.as_deref(), Some("journal_abstract"));
        assert_eq!(evidence, "We conducted");
    }

    #[test]
    fn journal_abstracts_by_section_labels() {
        let text = concat!(
            "Detection of diverse Wolbachia 16S rRNA sequences at low titers from malaria vectors in Kayin state, Myanmar.\n\n",
            "Background : Natural Wolbachia infections in malaria mosquitoes were recently reported in Africa. ",
            "Results: Low titer of Wolbachia DNA was detected in 13/370 samples in six malaria vector species.\n",
        );
        let (document_type, evidence) = typed(text);
        assert_eq!(document_type.as_deref(), Some("journal_abstract"));
        assert_eq!(evidence, "Results:");
    }

    #[test]
    fn reported_results_without_labels() {
        let text = "Propranolol versus timolol in glaucoma. Intraocular pressure fell more with timolol (p = 0.02).";
        let (document_type, evidence) = typed(text);
        assert_eq!(document_type.as_deref(), Some("journal_abstract"));
        assert_eq!(evidence, "p = 0.02");
    }

    #[test]
    fn a_bare_title_is_left_unsaid() {
        let text = "Propranolol vs acetazolamide. A long-term double-masked study of the effect on intraocular pressure and blood pressure.";
        assert_eq!(typed(text), (None, String::new()));
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&CONFERENCE);
        LazyLock::force(&REGISTRY_HEADING);
        LazyLock::force(&CRITERIA_HEADING);
        LazyLock::force(&ABSTRACT_LABEL);
        LazyLock::force(&REPORTED);
    }
}
