//! Store rows to `trialsift.v1` messages, and search requests to store queries.

use trialsift_domain::{Finding, Verdict};
use trialsift_proto::v1;
use trialsift_store::{DocumentFinding, DocumentState, SearchQuery, StudySummary};

use crate::error::QueryError;
use crate::paging;

/// Converts a count that may be absent to the wire form, where absent is -1.
fn count_to_wire(count: Option<u64>) -> i64 {
    match count {
        None => -1,
        Some(count) => i64::try_from(count).unwrap_or(i64::MAX),
    }
}

/// Converts a study summary to its wire form.
pub fn summary_to_wire(summary: StudySummary) -> v1::StudySummary {
    v1::StudySummary {
        document_id: summary.document_id.as_str().to_owned(),
        source: summary.source,
        registry_ids: summary.registry_ids,
        conditions: summary.conditions,
        interventions: summary.interventions,
        enrolled: count_to_wire(summary.enrolled),
        randomized: count_to_wire(summary.randomized),
        analyzed: count_to_wire(summary.analyzed),
        design_flags: summary.design_flags,
        verdict_counts: Some(summary.verdict_counts.into()),
    }
}

/// Converts a document's processing state to its wire form; absent values become empty strings.
pub fn state_to_wire(state: DocumentState) -> v1::DocumentStatus {
    v1::DocumentStatus {
        document_id: state.id.as_str().to_owned(),
        source: state.source,
        status: state.status.as_str().to_owned(),
        stage: state.stage.map(|stage| stage.as_str().to_owned()).unwrap_or_default(),
        attempts: state.attempts,
        last_error: state.last_error.unwrap_or_default(),
    }
}

/// Converts a finding with its document to the wire form.
pub fn document_finding_to_wire(row: DocumentFinding) -> v1::DocumentFinding {
    v1::DocumentFinding {
        document_id: row.document_id.as_str().to_owned(),
        source: row.source,
        finding: Some(row.finding.into()),
    }
}

/// Orders findings problems first, in the order reports list verdicts, keeping document order within a verdict.
pub fn order_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|finding| {
        Verdict::ALL.iter().position(|verdict| *verdict == finding.verdict).unwrap_or(usize::MAX)
    });
}

/// Normalizes a registry identifier as the extractor stores it: uppercase, without spaces.
pub fn normalize_registry_id(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

fn non_empty(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Turns a search request into the store's query; fails on a bad page token.
pub fn search_query(request: &v1::SearchStudiesRequest) -> Result<SearchQuery, QueryError> {
    let registry_id = Some(normalize_registry_id(&request.registry_id)).filter(|id| !id.is_empty());
    let mut design_flags: Vec<String> = request
        .design_flags
        .iter()
        .filter_map(|flag| non_empty(flag))
        .map(|flag| flag.to_lowercase())
        .collect();
    design_flags.sort();
    design_flags.dedup();

    let mut query = SearchQuery {
        registry_id,
        condition: non_empty(&request.condition),
        intervention: non_empty(&request.intervention),
        text: non_empty(&request.text),
        has_inconsistencies: request.has_inconsistencies,
        design_flags,
        page: Default::default(),
    };
    query.page =
        paging::page_request(request.page_size, &request.page_token, search_fingerprint(&query))?;
    Ok(query)
}

/// Fingerprints the filters of a search, for its page tokens.
pub fn search_fingerprint(query: &SearchQuery) -> u32 {
    let has_inconsistencies = match query.has_inconsistencies {
        None => "",
        Some(true) => "true",
        Some(false) => "false",
    };
    let fields = [
        "search",
        query.registry_id.as_deref().unwrap_or(""),
        query.condition.as_deref().unwrap_or(""),
        query.intervention.as_deref().unwrap_or(""),
        query.text.as_deref().unwrap_or(""),
        has_inconsistencies,
    ];
    paging::fingerprint(fields.into_iter().chain(query.design_flags.iter().map(String::as_str)))
}

/// Fingerprints a findings listing, for its page tokens.
pub fn findings_fingerprint(verdict: Verdict) -> u32 {
    paging::fingerprint(["findings", verdict.as_str()])
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{DocumentId, DocumentStatus, Stage, VerdictCounts};

    use super::*;

    fn finding(check: &str, verdict: Verdict) -> Finding {
        Finding {
            check: check.to_owned(),
            verdict,
            reported: String::new(),
            recomputed: Vec::new(),
            explanation: String::new(),
            spans: Vec::new(),
        }
    }

    #[test]
    fn problems_come_first_in_stable_order() {
        let mut findings = vec![
            finding("a", Verdict::Consistent),
            finding("b", Verdict::NotCheckable),
            finding("c", Verdict::Inconsistent),
            finding("d", Verdict::DecisionError),
            finding("e", Verdict::Inconsistent),
        ];
        order_findings(&mut findings);
        let checks: Vec<&str> = findings.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(checks, ["c", "e", "d", "b", "a"]);
    }

    #[test]
    fn registry_ids_are_normalized() {
        assert_eq!(normalize_registry_id(" nct 0317 1194 "), "NCT03171194");
        assert_eq!(normalize_registry_id("ChiCTR1800012345"), "CHICTR1800012345");
    }

    #[test]
    fn absent_counts_are_minus_one() {
        let summary = StudySummary {
            document_id: DocumentId::for_text("x"),
            source: "s".into(),
            registry_ids: vec!["NCT03171194".into()],
            conditions: Vec::new(),
            interventions: Vec::new(),
            enrolled: Some(20),
            randomized: None,
            analyzed: Some(u64::MAX),
            design_flags: vec!["randomized".into()],
            verdict_counts: VerdictCounts { inconsistent: 2, ..VerdictCounts::default() },
        };
        let wire = summary_to_wire(summary);
        assert_eq!((wire.enrolled, wire.randomized, wire.analyzed), (20, -1, i64::MAX));
        assert_eq!(wire.verdict_counts.map(|c| c.inconsistent), Some(2));
    }

    #[test]
    fn state_without_stage_or_error_has_empty_strings() {
        let state = DocumentState {
            id: DocumentId::for_text("x"),
            source: "s".into(),
            status: DocumentStatus::Failed,
            stage: Some(Stage::Extract),
            attempts: 5,
            last_error: None,
        };
        let wire = state_to_wire(state);
        assert_eq!(wire.status, "failed");
        assert_eq!(wire.stage, "extract");
        assert_eq!(wire.last_error, "");
    }

    #[test]
    fn search_request_is_normalized_and_paged() {
        let first = v1::SearchStudiesRequest {
            registry_id: "nct03171194".into(),
            condition: "  ".into(),
            design_flags: vec!["Randomized".into(), "".into(), "randomized".into()],
            page_size: 500,
            ..Default::default()
        };
        let query = search_query(&first).expect("valid request");
        assert_eq!(query.registry_id.as_deref(), Some("NCT03171194"));
        assert_eq!(query.condition, None);
        assert_eq!(query.design_flags, ["randomized"]);
        assert_eq!(query.page.limit, 200);
        assert_eq!(query.page.offset, 0);

        let token = paging::encode_token(200, search_fingerprint(&query));
        let second = v1::SearchStudiesRequest { page_token: token.clone(), ..first.clone() };
        assert_eq!(search_query(&second).expect("own token").page.offset, 200);

        let other = v1::SearchStudiesRequest {
            page_token: token,
            registry_id: "NCT00000000".into(),
            ..first
        };
        assert!(matches!(search_query(&other), Err(QueryError::InvalidPageToken(_))));
    }
}
