//! Extracts study facts and typed statements from the English segments of a document.
//!
//! The pure core of the extractor stage: the document's text and the
//! splitter's segments in, an [`Extraction`] out, no I/O. Only English
//! segments that are not boilerplate are read; registry identifiers are also
//! read from registry lines in any language, since an identifier is the same in
//! every script. Every span in the result is a byte range into the full text.
//!
//! What is read:
//! - registry identifiers (NCT, ISRCTN, ChiCTR, ACTRN, EudraCT/CTIS, NTR/NL,
//!   DRKS, UMIN/JPRN, jRCT, CTRI, KCT, IRCT, PACTR, TCTR), normalized and
//!   deduplicated in order of first mention;
//! - design: randomization, allocation ratio, blinding, control, phase, and the
//!   significance level the text sets;
//! - population: enrolled, randomized and analysed counts (see the
//!   `population` module for how they are reconciled; absent when unsaid);
//! - conditions studied and interventions, as canonical names of the embedded dictionaries
//!   (see the `lexicon` module), with short forms resolved through their long forms; every
//!   condition, intervention and adverse event named, located, with its identifier; and the
//!   abbreviations the text defines (see the `entities` module);
//! - subgroups with their counts and study arms (see the `groups` module);
//! - statements from titles and body text: proportions, confidence intervals
//!   (with level, method and the estimate they qualify), p-values, mean ± SD
//!   (with n, flagged as a change where the text says so), median (IQR), median
//!   (range), effect estimates (HR, OR, RR, ...), and t, F, χ², z and r statistics;
//! - claims of significance, tied to the one p-value of their sentence or clause
//!   (see the `claims` module);
//! - regimens: each intervention's dose, unit, per-kg flag, route, schedule, duration and
//!   arm, anchored on a dose or a route or schedule written next to the name (see the
//!   `regimens` module);
//! - the citation (journal, date, volume, issue, pages, DOI, e-pub date) and the
//!   affiliations, from citation segments and affiliation segments in any language (see
//!   the `citation` module), and
//!   what the document is: journal abstract, registry record or conference abstract (see
//!   the `document` module).
//!
//! `extract` never panics, whatever the text and whatever the segments.

mod citation;
mod claims;
mod design;
mod document;
mod eligibility;
mod entities;
mod groups;
mod instruments;
pub mod lexicon;
mod number;
mod outcomes;
mod population;
mod regimens;
mod registry;
mod statements;
mod stretch;
mod text;
mod ties;
#[cfg(feature = "worker")]
pub mod worker;

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Extraction, Segment, SegmentKind, StatementValue, Study};

use crate::statements::Hints;

/// What results say and criteria do not: a comparison, a p-value, an interval or an effect
/// measure.
static RESULTS_IN_LIST: LazyLock<Regex> = LazyLock::new(|| {
    crate::number::compile(
        r"(?i:\bvs\.?\s|\bversus\b|\bp\s*[<=>]|\b95\s*%\s*CI\b|confidence\s+interval|hazard\s+ratio|odds\s+ratio|relative\s+risk)",
    )
});

/// A declaration that ± stands for a standard error.
static SEM_DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"(?:±|\+\s*/\s*-)\s*(?:SEM?\b|S\.E\.)|\(SEM\)|\bmean\s*\(SE\)|(?i:standard\s+errors?\s+of\s+the\s+mean)",
    )
});

/// A mention of standard deviations.
static SD_DECLARED: LazyLock<Regex> =
    LazyLock::new(|| number::compile(r"\bSDs?\b|(?i:standard\s+deviations?)"));

/// Extracts the study facts and statements of a document from its English segments.
pub fn extract(text: &str, segments: &[Segment]) -> Extraction {
    let mut registry_ids = Vec::new();
    let mut english: Vec<&str> = Vec::new();
    let mut english_at: Vec<(usize, &str)> = Vec::new();
    let mut readable: Vec<(usize, &str)> = Vec::new();
    let mut results_listed: Vec<(usize, &str)> = Vec::new();
    for segment in segments {
        if !segment.kind.is_extracted() || segment.start >= segment.end {
            continue;
        }
        let Some(content) = text.get(segment.start..segment.end) else {
            continue;
        };
        let is_english = segment.lang == "en";
        if is_english || segment.kind == SegmentKind::Registry {
            registry::find_ids(content, segment.kind == SegmentKind::Registry, &mut registry_ids);
        }
        if !is_english {
            continue;
        }
        if matches!(segment.kind, SegmentKind::Title | SegmentKind::Body | SegmentKind::Eligibility)
        {
            english.push(content);
            english_at.push((segment.start, content));
        }
        if matches!(segment.kind, SegmentKind::Title | SegmentKind::Body) {
            readable.push((segment.start, content));
        } else if segment.kind == SegmentKind::Eligibility
            && RESULTS_IN_LIST.is_match(content.as_bytes())
        {
            // Criteria report no results; a list segment that holds a comparison, a p-value or
            // an effect measure is results the splitter filed as a list ("•Onset was less in
            // the pravastatin group (0.21 vs. 0.64%/year, adjusted hazard ratio 0.33)").
            results_listed.push((segment.start, content));
        }
    }

    let hints = Hints {
        plus_minus_is_sem: english.iter().any(|segment| SEM_DECLARED.is_match(segment.as_bytes()))
            && !english.iter().any(|segment| SD_DECLARED.is_match(segment.as_bytes())),
    };
    let mut statements: Vec<_> = readable
        .iter()
        .chain(&results_listed)
        .flat_map(|(start, content)| statements::scan(content, *start, hints))
        .collect();
    statements.sort_by_key(|statement| (statement.start, statement.end));
    statements::link(text, &mut statements);
    statements::apply_document_method(&english, &mut statements);

    let mut claims: Vec<_> =
        readable.iter().flat_map(|(start, content)| claims::scan(content, *start)).collect();
    claims.sort_by_key(|claim| (claim.start, claim.end));
    claims::link(text, &statements, &mut claims);

    let proportion_totals: Vec<u64> = statements
        .iter()
        .filter_map(|statement| match &statement.value {
            StatementValue::Proportion { total: Some(total), .. } => Some(total.value as u64),
            _ => None,
        })
        .collect();
    let entities = entities::read(text, segments);
    let (subgroups, mut arms) = groups::labelled(&readable);
    if arms.is_empty() {
        arms = groups::allocated(&readable, &entities.resolved);
    }
    ties::tie(&readable, &arms, &mut statements);
    let regimens =
        regimens::read(&readable, &entities.entities, &entities.abbreviations, &arms, &statements);
    let citation = citation::read(text, segments);
    let mut design = design::read(&english_at);
    if let Some((document_type, span)) =
        document::classify(text, segments, citation.as_ref(), &statements, &claims)
    {
        design.document_type = Some(document_type.to_owned());
        design.evidence.insert("document_type".to_owned(), span);
    }
    let study = Study {
        registry_ids,
        population: population::read(&readable, &proportion_totals),
        design,
        conditions: entities.conditions,
        interventions: entities.interventions,
        subgroups,
        arms,
        citation,
        affiliations: citation::affiliations(text, segments),
        entities: entities.entities,
        abbreviations: entities.abbreviations,
        outcomes: outcomes::read(text, segments),
        eligibility: eligibility::read(text, segments),
        regimens,
    };
    Extraction { study, statements, claims }
}

/// Normalizes a registry identifier as a user types it ("nct 03171194" stays unmatched, "NCT03171194." gives `NCT03171194`).
pub fn normalize_registry_id(query: &str) -> Option<String> {
    let mut ids = Vec::new();
    registry::find_ids(query, true, &mut ids);
    ids.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(lang: &str, kind: SegmentKind, start: usize, end: usize) -> Segment {
        Segment { lang: lang.to_owned(), kind, start, end, pair: None }
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&SEM_DECLARED);
        LazyLock::force(&SD_DECLARED);
        LazyLock::force(&RESULTS_IN_LIST);
    }

    #[test]
    fn reads_only_english_non_boilerplate_segments() {
        let text = "P = 0.01 here. 阅读 P = 0.02. Views: P = 0.03";
        let chinese = text.find('阅').unwrap_or(0);
        let views = text.find("Views").unwrap_or(0);
        let segments = [
            segment("en", SegmentKind::Body, 0, chinese - 1),
            segment("zh", SegmentKind::Body, chinese, views - 1),
            segment("en", SegmentKind::Boilerplate, views, text.len()),
        ];
        let extraction = extract(text, &segments);
        assert_eq!(extraction.statements.len(), 1);
        assert_eq!(extraction.statements[0].start, 0);
    }

    #[test]
    fn a_list_segment_is_read_for_statements_only_when_it_reports_results() {
        let text = "Results. •Onset was less with pravastatin (0.21 vs. 0.64%/year, adjusted hazard ratio 0.33). •Age 18 to 80 years; HbA1c of 7% to 10%.";
        let second = text.rfind('•').unwrap_or(0);
        let segments = [
            segment("en", SegmentKind::Body, 0, 8),
            segment("en", SegmentKind::Eligibility, 9, second - 1),
            segment("en", SegmentKind::Eligibility, second, text.len()),
        ];
        let extraction = extract(text, &segments);
        let kinds: Vec<&str> =
            extraction.statements.iter().map(|statement| statement.value.kind()).collect();
        assert_eq!(kinds, ["estimate"]);
    }

    #[test]
    fn offsets_are_into_the_full_text() {
        let text = "Title line\nWe found P < 0.001 overall.";
        let segments = [
            segment("en", SegmentKind::Title, 0, 10),
            segment("en", SegmentKind::Body, 11, text.len()),
        ];
        let extraction = extract(text, &segments);
        let statement = &extraction.statements[0];
        assert_eq!(&text[statement.start..statement.end], "P < 0.001");
    }

    #[test]
    fn bad_segments_are_skipped_not_fatal() {
        let text = "é P = 0.5";
        let segments = [
            segment("en", SegmentKind::Body, 1, 4),
            segment("en", SegmentKind::Body, 5, 500),
            segment("en", SegmentKind::Body, 7, 3),
        ];
        let extraction = extract(text, &segments);
        assert!(extraction.statements.is_empty());
    }

    #[test]
    fn plus_minus_declared_as_sem_is_not_sd() {
        for text in [
            "Values are mean ± SEM. Scores fell from 12.3 ± 1.1 to 9.8 ± 1.0.",
            "HbA1c fell (mean + /- SEM; 5.9 + /- 0.3 versus 7.5 + /- 0.7 mmol / L).",
        ] {
            let extraction = extract(text, &[segment("en", SegmentKind::Body, 0, text.len())]);
            assert!(extraction.statements.is_empty(), "{text}");
        }
    }

    #[test]
    fn registry_ids_from_chinese_registry_lines_too() {
        let text = "注册号：ChiCTR2000029999。";
        let extraction = extract(text, &[segment("zh", SegmentKind::Registry, 0, text.len())]);
        assert_eq!(extraction.study.registry_ids, ["ChiCTR2000029999"]);
    }

    #[test]
    fn normalizes_a_typed_id() {
        assert_eq!(normalize_registry_id("NCT03171194.").as_deref(), Some("NCT03171194"));
        assert_eq!(normalize_registry_id("ISRCTN 12345678").as_deref(), Some("ISRCTN12345678"));
        assert_eq!(normalize_registry_id("hello"), None);
    }
}
