//! Renders study records for people (a terminal) and for programs (JSON lines).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use trialsift_domain::{Citation, StudyRecord, Verdict};

/// Renders a record as JSON on one line, the contract of `check --json`.
pub fn json_line(record: &StudyRecord) -> Result<String, serde_json::Error> {
    serde_json::to_string(record)
}

/// Renders a record as a short report a reviewer can read: facts first, then problems with reasons.
pub fn human(record: &StudyRecord, text: Option<&str>) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "{}  (document {}, {})", record.source, record.document_id, record.status);

    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pairs = 0;
    for segment in &record.segments {
        *languages.entry(segment.lang.as_str()).or_default() += 1;
        *kinds.entry(segment.kind.as_str()).or_default() += 1;
        if segment.pair.is_some() {
            pairs += 1;
        }
    }
    let _ = writeln!(
        out,
        "  segments    {} ({}; {}; {} translation pairs)",
        record.segments.len(),
        join_counts(&languages),
        join_counts(&kinds),
        pairs / 2
    );

    let study = &record.study;
    if let Some(citation) = study.citation.as_ref().and_then(citation_text) {
        let _ = writeln!(out, "  citation    {citation}");
    }
    let registry = if study.registry_ids.is_empty() {
        "none found".to_owned()
    } else {
        study.registry_ids.join(", ")
    };
    let _ = writeln!(out, "  registry    {registry}");
    let population = &study.population;
    let _ = writeln!(
        out,
        "  population  enrolled {}, randomized {}, analyzed {}",
        count_text(population.enrolled),
        count_text(population.randomized),
        count_text(population.analyzed)
    );
    let flags = study.design_flags();
    if !flags.is_empty() {
        let _ = writeln!(out, "  design      {}", flags.join(", "));
    }
    if let Some(ratio) = &study.design.allocation_ratio {
        let _ = writeln!(out, "  allocation  {ratio}");
    }
    if !study.conditions.is_empty() {
        let _ = writeln!(out, "  conditions  {}", study.conditions.join("; "));
    }
    if !study.interventions.is_empty() {
        let _ = writeln!(out, "  treatments  {}", study.interventions.join("; "));
    }

    let mut statement_kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for statement in &record.statements {
        *statement_kinds.entry(statement.value.kind()).or_default() += 1;
    }
    if record.statements.is_empty() {
        let _ = writeln!(out, "  statements  none: the text reports no results");
    } else {
        let _ = writeln!(
            out,
            "  statements  {} ({})",
            record.statements.len(),
            join_counts(&statement_kinds)
        );
    }

    let counts = record.verdict_counts;
    let _ = writeln!(
        out,
        "  findings    {} inconsistent, {} decision errors, {} not checkable, {} consistent",
        counts.inconsistent, counts.decision_error, counts.not_checkable, counts.consistent
    );
    for verdict in Verdict::ALL {
        for finding in record.findings.iter().filter(|finding| finding.verdict == verdict) {
            let mark = match verdict {
                Verdict::Inconsistent | Verdict::DecisionError => "✗",
                Verdict::NotCheckable => "?",
                Verdict::Consistent => "✓",
            };
            let location = match (finding.spans.first(), text) {
                (Some([start, _]), Some(text)) => format!("  line {}", line_of(text, *start)),
                (Some([start, end]), None) => format!("  bytes {start}..{end}"),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "    {mark} {:<14} {:<16} \"{}\"{location}",
                verdict.as_str(),
                finding.check,
                finding.reported
            );
            let _ = writeln!(out, "        {}", finding.explanation);
        }
    }
    out
}

/// Writes a citation on one short line: journal, year and DOI, as far as known.
fn citation_text(citation: &Citation) -> Option<String> {
    let journal_year = match (&citation.journal, citation.year) {
        (Some(journal), Some(year)) => Some(format!("{journal} {year}")),
        (Some(journal), None) => Some(journal.clone()),
        (None, Some(year)) => Some(year.to_string()),
        (None, None) => None,
    };
    let doi = citation.doi.as_ref().map(|doi| format!("doi:{doi}"));
    let parts: Vec<String> = journal_year.into_iter().chain(doi).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn count_text(count: Option<u64>) -> String {
    count.map_or_else(|| "not stated".to_owned(), |n| n.to_string())
}

fn join_counts(counts: &BTreeMap<&str, usize>) -> String {
    counts.iter().map(|(name, count)| format!("{name} {count}")).collect::<Vec<_>>().join(", ")
}

/// Returns the 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_on_one_line() {
        let citation = Citation {
            journal: Some("Arthritis Rheumatol".to_owned()),
            year: Some(2018),
            month: Some(2),
            doi: Some("10.1002/art.40358".to_owned()),
            ..Citation::default()
        };
        assert_eq!(
            citation_text(&citation).as_deref(),
            Some("Arthritis Rheumatol 2018, doi:10.1002/art.40358")
        );
        let doi_only =
            Citation { doi: Some("10.1002/art.40358".to_owned()), ..Citation::default() };
        assert_eq!(citation_text(&doi_only).as_deref(), Some("doi:10.1002/art.40358"));
        assert_eq!(citation_text(&Citation::default()), None);
    }

    #[test]
    fn line_numbers_count_newlines_before_the_offset() {
        let text = "a\nbb\nccc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 5), 3);
        assert_eq!(line_of(text, 500), 3);
    }
}
