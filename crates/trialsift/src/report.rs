//! Renders study records for people (a terminal) and for programs (JSON lines).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use trialsift_domain::{Citation, Criterion, Outcome, Regimen, StudyRecord, Verdict};

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
    for regimen in &study.regimens {
        let _ = writeln!(out, "  regimen     {}", regimen_text(regimen));
    }
    for outcome in &study.outcomes {
        let _ = writeln!(out, "  outcome     {}", outcome_text(outcome));
    }
    if !study.eligibility.is_empty() {
        let criteria: Vec<String> = study.eligibility.iter().map(criterion_text).collect();
        let _ = writeln!(out, "  eligibility {}", criteria.join("; "));
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

/// Writes a regimen on one line: "belimumab 10 mg/kg intravenous every 4 weeks for 52 weeks".
fn regimen_text(regimen: &Regimen) -> String {
    let mut parts = vec![regimen.intervention.clone()];
    if let Some(dose) = &regimen.dose {
        let high =
            regimen.dose_high.as_ref().map(|high| format!("-{}", high.text)).unwrap_or_default();
        let unit = regimen.unit.as_deref().unwrap_or("");
        let per_kg = if regimen.per_kg { "/kg" } else { "" };
        parts.push(format!("{}{high} {unit}{per_kg}", dose.text).trim_end().to_owned());
    }
    parts.extend(regimen.route.clone());
    parts.extend(regimen.schedule.clone());
    if let Some(duration) = &regimen.duration {
        parts.push(format!("for {duration}"));
    }
    parts.join(" ")
}

/// Writes an outcome on one line: "mRSS (primary) at 52 weeks".
fn outcome_text(outcome: &Outcome) -> String {
    let rank = match outcome.primary {
        Some(true) => " (primary)",
        Some(false) => " (secondary)",
        None => "",
    };
    let time = outcome.time_point.as_ref().map(|time| format!(" at {time}")).unwrap_or_default();
    format!("{}{rank}{time}", outcome.instrument)
}

/// Writes a criterion briefly: "include age >= 18 years", "exclude FVC 45-80 %".
fn criterion_text(criterion: &Criterion) -> String {
    let side = if criterion.inclusion { "include" } else { "exclude" };
    let unit = criterion.unit.as_deref().map(|unit| format!(" {unit}")).unwrap_or_default();
    let bound = match (&criterion.comparator, &criterion.low, &criterion.high) {
        (Some(comparator), Some(value), _) | (Some(comparator), None, Some(value)) => {
            format!("{} {}", comparator.as_str(), value.text)
        }
        (None, Some(low), Some(high)) => format!("{}-{}", low.text, high.text),
        (None, Some(low), None) => format!(">= {}", low.text),
        (None, None, Some(high)) => format!("<= {}", high.text),
        _ => String::new(),
    };
    format!("{side} {} {bound}{unit}", criterion.measure).trim_end().to_owned()
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

    /// A number as the extractor writes it.
    fn number(text: &str) -> trialsift_domain::Number {
        trialsift_domain::Number {
            value: text.parse().unwrap_or(0.0),
            decimals: 0,
            text: text.to_owned(),
            start: 0,
            end: text.len(),
        }
    }

    #[test]
    fn regimens_outcomes_and_criteria_on_one_line_each() {
        let regimen = Regimen {
            intervention: "belimumab".to_owned(),
            dose: Some(number("10")),
            unit: Some("mg".to_owned()),
            per_kg: true,
            route: Some("intravenous".to_owned()),
            schedule: Some("every 4 weeks".to_owned()),
            duration: Some("52 weeks".to_owned()),
            ..Regimen::default()
        };
        assert_eq!(
            regimen_text(&regimen),
            "belimumab 10 mg/kg intravenous every 4 weeks for 52 weeks"
        );
        let range = Regimen {
            intervention: "MMF".to_owned(),
            dose: Some(number("1")),
            dose_high: Some(number("2")),
            unit: Some("g".to_owned()),
            ..Regimen::default()
        };
        assert_eq!(regimen_text(&range), "MMF 1-2 g");
        let outcome = Outcome {
            instrument: "mRSS".to_owned(),
            primary: Some(true),
            time_point: Some("52 weeks".to_owned()),
            start: 0,
            end: 4,
        };
        assert_eq!(outcome_text(&outcome), "mRSS (primary) at 52 weeks");
        let age = Criterion {
            inclusion: true,
            measure: "age".to_owned(),
            comparator: Some(trialsift_domain::Comparator::Ge),
            low: Some(number("18")),
            high: None,
            unit: Some("years".to_owned()),
            start: 0,
            end: 0,
        };
        assert_eq!(criterion_text(&age), "include age >= 18 years");
        let fvc = Criterion {
            inclusion: false,
            measure: "FVC".to_owned(),
            comparator: None,
            low: Some(number("45")),
            high: Some(number("80")),
            unit: Some("%".to_owned()),
            start: 0,
            end: 0,
        };
        assert_eq!(criterion_text(&fvc), "exclude FVC 45-80 %");
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
