//! The seeds end to end: the splitter and the extractor read them, the validator checks them.
//!
//! What is asserted is `design.md`'s "Seeds" acceptance for the checks this
//! crate runs, written by hand from the documents: the expected findings are
//! present, and no other finding flags a problem (no false alarms).

use trialsift_domain::{Extraction, Finding, Verdict};
use trialsift_validator::{validate, validate_document};

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

/// Splits, extracts and validates a document.
fn findings(text: &str) -> Vec<Finding> {
    findings_and_extraction(text).0
}

/// Splits, extracts and validates a document; returns the findings and the extraction.
fn findings_and_extraction(text: &str) -> (Vec<Finding>, Extraction) {
    let split = trialsift_splitter::split(text);
    let extraction = trialsift_extractor::extract(text, &split.segments);
    (validate(text, &extraction).findings, extraction)
}

/// Returns the findings of a check with a verdict whose reported figure is `reported`.
fn find<'f>(findings: &'f [Finding], check: &str, verdict: Verdict, reported: &str) -> &'f Finding {
    findings
        .iter()
        .find(|finding| {
            finding.check == check && finding.verdict == verdict && finding.reported == reported
        })
        .unwrap_or_else(|| {
            panic!("no {check} {verdict:?} finding on {reported:?} in {findings:#?}")
        })
}

/// Returns `(check, reported)` of the findings that flag a problem.
fn problems(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .filter(|finding| finding.verdict.is_problem())
        .map(|finding| (finding.check.as_str(), finding.reported.as_str()))
        .collect()
}

#[test]
fn seed_004_flags_the_percentage_and_the_clopper_pearson_interval() {
    let (findings, extraction) = findings_and_extraction(SEED_004);
    // The subgroup counts 9 + 6 + 4 + 1 sum to the 20 enrolled, once the extractor reads them.
    if !extraction.study.subgroups.is_empty() {
        let sum = findings
            .iter()
            .find(|finding| finding.check == "counts" && finding.explanation.contains("sum to 20"))
            .unwrap_or_else(|| panic!("no subgroup sum finding in {findings:#?}"));
        assert_eq!(sum.verdict, Verdict::Consistent, "{sum:#?}");
        assert!(sum.explanation.contains("9 + 6 + 4 + 1"), "{}", sum.explanation);
    }
    let percentage = find(&findings, "percentage", Verdict::Inconsistent, "8/19 = 42.0%");
    assert!(percentage.explanation.contains("42.1%"), "{}", percentage.explanation);
    let ci = find(&findings, "proportion_ci", Verdict::Inconsistent, "19.6, 64.6");
    assert!(ci.explanation.contains("20.3% to 66.5%"), "{}", ci.explanation);
    assert_eq!(
        problems(&findings),
        [("percentage", "8/19 = 42.0%"), ("proportion_ci", "19.6, 64.6")]
    );
}

#[test]
fn seed_001_five_of_six_with_its_interval_holds() {
    let findings = findings(SEED_001);
    assert!(
        findings
            .iter()
            .any(|finding| finding.check == "percentage" && finding.verdict == Verdict::Consistent)
    );
    let ci = find(&findings, "proportion_ci", Verdict::Consistent, "35.9% to 99.6%");
    assert!(ci.explanation.contains("Clopper-Pearson"), "{}", ci.explanation);
    assert!(problems(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn seed_003_paired_p_holds_once_rounding_counts() {
    let findings = findings(SEED_003);
    let paired = find(&findings, "p_from_mean_sd_paired", Verdict::Consistent, "p = 0.0011");
    assert!(
        paired.explanation.contains("-5.3 ± 7.9") && paired.explanation.contains("n = 29"),
        "{}",
        paired.explanation
    );
    // The comparisons with the relaxin trial and the MMF group at 6 months lack their n.
    for reported in ["p = 0.74", "p = 0.26"] {
        let comparison = find(&findings, "p_from_two_sample_t", Verdict::NotCheckable, reported);
        assert!(
            comparison.explanation.contains("the comparator group's n is not reported"),
            "{}",
            comparison.explanation
        );
    }
    assert!(problems(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn seed_000_medians_lie_inside_their_iqrs() {
    let (findings, extraction) = findings_and_extraction(SEED_000);
    let allocation = findings
        .iter()
        .find(|finding| finding.check == "counts" && finding.reported == "20 randomized 1:1")
        .unwrap_or_else(|| panic!("no allocation finding in {findings:#?}"));
    assert_eq!(allocation.verdict, Verdict::Consistent);
    assert!(allocation.explanation.contains("10 and 10 per arm"), "{}", allocation.explanation);
    // The conclusions' "did not achieve statistical significance" restates P = 0.411, two
    // sentences earlier, and agrees with it; no other claim is tied to a p-value (the
    // adverse-event claim has none, the within-arm P = 0.039 and 0.023 are not restated).
    let tied: Vec<&str> = extraction
        .claims
        .iter()
        .filter(|claim| claim.refers_to.is_some())
        .map(|claim| &SEED_000[claim.start..claim.end])
        .collect();
    assert_eq!(tied, ["did not achieve statistical significance"]);
    let claims: Vec<&Finding> =
        findings.iter().filter(|finding| finding.check == "claim_vs_p").collect();
    assert_eq!(claims.len(), 1, "{claims:#?}");
    let claim = find(&findings, "claim_vs_p", Verdict::Consistent, "P = 0.411");
    assert_eq!(
        claim.explanation,
        "The text calls the result not significant (\"did not achieve statistical significance\"), \
         and P = 0.411 is not significant at alpha = 0.05."
    );
    let medians =
        findings.iter().filter(|finding| finding.check == "median_iqr").collect::<Vec<_>>();
    assert_eq!(medians.len(), 6, "{findings:#?}");
    assert!(medians.iter().all(|finding| finding.verdict == Verdict::Consistent));
    assert!(problems(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn seed_002_registry_text_has_nothing_to_check() {
    assert!(problems(&findings(SEED_002)).is_empty());
}

/// Splits, extracts and validates a document with its segments (the cross-language check runs).
fn document_findings(text: &str) -> Vec<Finding> {
    let split = trialsift_splitter::split(text);
    let extraction = trialsift_extractor::extract(text, &split.segments);
    validate_document(text, &split.segments, &extraction).findings
}

#[test]
fn no_seed_has_a_cross_language_inconsistency() {
    for (name, seed) in [
        ("000", SEED_000),
        ("001", SEED_001),
        ("002", SEED_002),
        ("003", SEED_003),
        ("004", SEED_004),
    ] {
        let all = document_findings(seed);
        let cross: Vec<&Finding> =
            all.iter().filter(|finding| finding.check == "cross_language").collect();
        assert!(
            cross.iter().all(|finding| finding.verdict == Verdict::Consistent),
            "seed {name}: {cross:#?}"
        );
        // Everything `validate` finds, `validate_document` finds too.
        let statements = all.iter().filter(|finding| finding.check != "cross_language");
        assert!(statements.eq(findings(seed).iter()), "seed {name}");
    }
    // Seed 004 is bilingual: its pairs were compared, and "Eight patients" matched "8 名".
    let findings = document_findings(SEED_004);
    assert!(findings.iter().any(|finding| finding.check == "cross_language"), "{findings:#?}");
}
