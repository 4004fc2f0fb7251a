//! The seeds' acceptance findings, from hand-built extractions of the real seed texts.
//!
//! Expected values are worked out by hand (and with SciPy) from the documents,
//! as `design.md` "Seeds" states them, not copied from the validator's output.

mod common;

use common::Doc;
use trialsift_domain::{CiMethod, Comparator, Finding, Verdict};
use trialsift_validator::validate;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

/// Returns `(check, verdict)` of each finding, in order.
fn summary(findings: &[Finding]) -> Vec<(&str, Verdict)> {
    findings.iter().map(|finding| (finding.check.as_str(), finding.verdict)).collect()
}

/// Asserts that every span lies inside the text and that findings come in document order.
fn well_formed(text: &str, findings: &[Finding]) {
    for finding in findings {
        assert!(!finding.spans.is_empty(), "{finding:?}");
        for [start, end] in &finding.spans {
            assert!(
                start <= end && *end <= text.len() && text.is_char_boundary(*start),
                "{finding:?}"
            );
        }
        assert!(!finding.explanation.is_empty() && !finding.reported.is_empty());
    }
}

/// Seed 004 as an extractor would read its result sentence.
fn seed_004(linked: bool) -> Doc<'static> {
    let mut doc = Doc::new(SEED_004);
    doc.skip_to("Eight patients (");
    let proportion = doc.proportion(&[("x", "8"), ("n", "19"), ("p", "42.0")]);
    let ci = doc.ci("Clopper-Pearson", "19.6", "64.6", Some(CiMethod::ClopperPearson), false);
    if linked {
        doc.statements[ci].refers_to = Some(proportion);
    }
    doc
}

#[test]
fn seed_004_percentage_and_clopper_pearson_are_wrong() {
    for linked in [false, true] {
        let doc = seed_004(linked);
        let findings = validate(doc.text, &doc.extraction()).findings;
        well_formed(doc.text, &findings);
        assert_eq!(
            summary(&findings),
            [("percentage", Verdict::Inconsistent), ("proportion_ci", Verdict::Inconsistent)]
        );
        let (percentage, ci) = (&findings[0], &findings[1]);
        assert_eq!(percentage.reported, "8/19 = 42.0%");
        assert!(percentage.explanation.contains("42.1%"), "{}", percentage.explanation);
        assert_eq!(ci.reported, "19.6, 64.6");
        assert!(
            ci.explanation.contains("20.3") && ci.explanation.contains("66.5"),
            "{}",
            ci.explanation
        );
        assert_eq!(
            ci.explanation,
            "8/19 gives a Clopper-Pearson 95% CI of 20.3% to 66.5%, not 19.6, 64.6."
        );
        // Spans: the two bounds and x, N.
        let used: Vec<&str> = ci.spans.iter().map(|[start, end]| &doc.text[*start..*end]).collect();
        assert_eq!(used, ["8", "19", "19.6", "64.6"]);
    }
}

#[test]
fn seed_001_five_of_six_and_its_ci_are_consistent() {
    let mut doc = Doc::new(SEED_001);
    doc.skip_to("Of six patients");
    doc.proportion(&[("n", "six"), ("x", "five"), ("p", "83.3")]);
    doc.ci("95% CI", "35.9", "99.6", None, true);
    let findings = validate(doc.text, &doc.extraction()).findings;
    well_formed(doc.text, &findings);
    assert_eq!(
        summary(&findings),
        [("percentage", Verdict::Consistent), ("proportion_ci", Verdict::Consistent)]
    );
    assert!(findings[0].explanation.starts_with("5/6 = 83.333%"), "{}", findings[0].explanation);
    let ci = &findings[1];
    assert_eq!(ci.reported, "35.9% to 99.6%");
    assert!(ci.explanation.contains("Clopper-Pearson"), "{}", ci.explanation);
    assert!(ci.explanation.contains("the method is not named"), "{}", ci.explanation);
}

/// Seed 003 as an extractor would read its results paragraph; `annotated` adds
/// `refers_to`, arms and time points the way a thorough extractor might.
fn seed_003(annotated: bool) -> Doc<'static> {
    let mut doc = Doc::new(SEED_003);
    doc.skip_to("The mean baseline mRSS");
    let baseline = doc.mean_sd("29.6", "7.2", None);
    let mut follow_ups = Vec::new();
    for (mean, sd, n, comparator, p, time) in [
        ("24.1", "9.6", "29", Comparator::Eq, "0.0011", "6 months"),
        ("22.5", "10.0", "25", Comparator::Eq, "0.0001", "12 months"),
        ("20.6", "11.8", "23", Comparator::Eq, "0.0001", "18 months"),
        ("15.3", "6.4", "15", Comparator::Lt, "0.0001", "24 months"),
    ] {
        let follow = doc.mean_sd(mean, sd, Some(n));
        let p_index = doc.p(comparator, p);
        follow_ups.push((follow, p_index, time));
    }
    doc.skip_to("The mean change in mRSS at 6 months");
    let change_6 = doc.mean_sd("-5.3", "7.9", None);
    let relaxin = doc.mean_sd("-4.8", "6.99", None);
    let p_relaxin = doc.p(Comparator::Eq, "0.74");
    let mmf = doc.mean_sd("-3.4", "7.4", None);
    let p_mmf = doc.p(Comparator::Eq, "0.26");
    let change_12 = doc.mean_sd("-8", "8.3", None);
    let dpen = doc.mean_sd("-2.47", "8.6", None);
    let p_dpen = doc.p(Comparator::Eq, "0.005");
    let collagen = doc.mean_sd("-3.4", "7.12", None);
    let p_collagen = doc.p(Comparator::Eq, "0.005");
    let responders = doc.mean_sd("-7.1", "9", None);
    let p_responders = doc.p(Comparator::Eq, "0.67");
    if annotated {
        let statements = &mut doc.statements;
        statements[baseline].time_point = Some("baseline".to_owned());
        for (follow, p_index, time) in follow_ups {
            statements[p_index].refers_to = Some(follow);
            statements[follow].time_point = Some(time.to_owned());
        }
        for (index, arm, time) in [
            (change_6, "IVIG", "6 months"),
            (relaxin, "relaxin", "6 months"),
            (mmf, "MMF", "6 months"),
            (change_12, "IVIG", "12 months"),
            (dpen, "D-pen", "12 months"),
            (collagen, "collagen", "12 months"),
            (responders, "MMF responders", "12 months"),
        ] {
            statements[index].arm = Some(arm.to_owned());
            statements[index].time_point = Some(time.to_owned());
        }
        for (p_index, comparison) in [
            (p_relaxin, relaxin),
            (p_mmf, mmf),
            (p_dpen, dpen),
            (p_collagen, collagen),
            (p_responders, responders),
        ] {
            statements[p_index].refers_to = Some(comparison);
        }
    }
    doc
}

#[test]
fn seed_003_paired_p_is_consistent_once_rounding_counts() {
    for annotated in [false, true] {
        let doc = seed_003(annotated);
        let findings = validate(doc.text, &doc.extraction()).findings;
        well_formed(doc.text, &findings);
        assert_eq!(
            summary(&findings),
            [
                ("p_from_mean_sd_paired", Verdict::Consistent),
                ("p_from_mean_sd_paired", Verdict::Consistent),
                ("p_from_mean_sd_paired", Verdict::NotCheckable),
                ("p_from_mean_sd_paired", Verdict::NotCheckable),
                // IVIG vs relaxin, vs MMF (6 months), vs D-pen, vs collagen, vs MMF responders
                // (12 months): no group's n is given next to these means.
                ("p_from_two_sample_t", Verdict::NotCheckable),
                ("p_from_two_sample_t", Verdict::NotCheckable),
                ("p_from_two_sample_t", Verdict::NotCheckable),
                ("p_from_two_sample_t", Verdict::NotCheckable),
                ("p_from_two_sample_t", Verdict::NotCheckable),
            ],
            "annotated: {annotated}"
        );
        let relaxin = &findings[4];
        assert_eq!(relaxin.reported, "p = 0.74");
        assert!(
            relaxin.explanation.contains("-5.3 ± 7.9 against -4.8 ± 6.99")
                && relaxin.explanation.contains("the comparator group's n is not reported"),
            "{}",
            relaxin.explanation
        );
        assert!(findings[5].explanation.contains("-5.3 ± 7.9 against -3.4 ± 7.4"));
        let six_months = &findings[0];
        assert_eq!(six_months.reported, "p = 0.0011");
        // SciPy: t = 5.3 / (7.9 / sqrt(29)) = 3.613, 2·t.sf(3.613, 28) = 0.001174; the corners
        // (5.25, 7.95) and (5.35, 7.85) give 0.001362 and 0.001010.
        assert!(
            six_months.explanation.contains("-5.3 ± 7.9")
                && six_months.explanation.contains("n = 29")
        );
        assert!(six_months.explanation.contains("p = 0.0012"), "{}", six_months.explanation);
        let p =
            six_months.recomputed.iter().find(|interval| interval.name == "p").expect("p interval");
        assert!(p.low < 0.00105 && p.high > 0.00115, "{p:?}");
        let used: Vec<&str> =
            six_months.spans.iter().map(|[start, end]| &doc.text[*start..*end]).collect();
        assert_eq!(used, ["29", "0.0011", "-5.3", "7.9"]);
        // 12 months: -8 ± 8.3 with n = 25 gives p from 2.8e-5 to 1.5e-4, meeting 0.0001.
        assert!(findings[1].explanation.contains("-8 ± 8.3"), "{}", findings[1].explanation);
        assert!(
            findings[2].explanation.contains("SD of the change"),
            "{}",
            findings[2].explanation
        );
    }
}

#[test]
fn seed_000_medians_lie_inside_their_iqrs() {
    let mut doc = Doc::new(SEED_000);
    doc.skip_to("In the belimumab group, the median");
    doc.median("27", "26.5", "31");
    doc.median("18", "11", "23");
    doc.p(Comparator::Eq, "0.039");
    doc.median("28", "22", "28");
    doc.median("21", "14", "25");
    doc.p(Comparator::Eq, "0.023");
    doc.median("-10", "-13", "-9");
    doc.median("-3.0", "-15", "-1");
    doc.p(Comparator::Eq, "0.411");
    let findings = validate(doc.text, &doc.extraction()).findings;
    well_formed(doc.text, &findings);
    assert_eq!(summary(&findings), [("median_iqr", Verdict::Consistent); 6]);
    assert_eq!(findings[0].reported, "27 (interquartile range [IQR] 26.5, 31)");
    assert_eq!(findings[2].reported, "28 (IQR 22, 28)");
}

#[test]
fn an_empty_extraction_has_no_findings() {
    assert!(validate(SEED_001, &Doc::new(SEED_001).extraction()).findings.is_empty());
}
