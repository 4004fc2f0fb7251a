//! The extractor on the five seed documents, split by the splitter; expected values read off the documents by hand.

use trialsift_domain::{CiMethod, Comparator, Extraction, Number, Statement, StatementValue};
use trialsift_extractor::extract;
use trialsift_splitter::split;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

fn run(text: &str) -> Extraction {
    extract(text, &split(text).segments)
}

/// The value, decimals and text of a number, for compact comparisons.
fn written(number: &Number) -> (f64, u8, &str) {
    (number.value, number.decimals, number.text.as_str())
}

/// Asserts that a number's span holds its text.
fn assert_spans(text: &str, number: &Number) {
    assert_eq!(&text[number.start..number.end], number.text, "span of {number:?}");
}

/// Returns the index of the first statement whose text starts with `prefix`.
fn index_of(text: &str, extraction: &Extraction, prefix: &str) -> usize {
    extraction
        .statements
        .iter()
        .position(|statement| text[statement.start..statement.end].starts_with(prefix))
        .unwrap_or_else(|| panic!("no statement starts with {prefix:?}"))
}

fn p_values(extraction: &Extraction) -> Vec<(Comparator, f64, u8)> {
    extraction
        .statements
        .iter()
        .filter_map(|statement| match &statement.value {
            StatementValue::PValue { comparator, value } => {
                Some((*comparator, value.value, value.decimals))
            }
            _ => None,
        })
        .collect()
}

fn kinds(extraction: &Extraction) -> Vec<&'static str> {
    extraction.statements.iter().map(|statement| statement.value.kind()).collect()
}

fn all_english(text: &str, statements: &[Statement]) -> bool {
    let first_chinese =
        text.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)).unwrap_or(text.len());
    statements.iter().all(|statement| statement.lang == "en" && statement.end <= first_chinese)
}

#[test]
fn seed_004_proportion_ci_registry_and_analysed() {
    let extraction = run(SEED_004);
    assert_eq!(extraction.study.registry_ids, ["NTR6160"]);
    assert_eq!(
        kinds(&extraction),
        ["proportion", "ci"],
        "only the English copy of 8/19 and its CI"
    );
    assert!(all_english(SEED_004, &extraction.statements));
    let proportion = &extraction.statements[0];
    assert_eq!(&SEED_004[proportion.start..proportion.end], "8/19 = 42.0%");
    let StatementValue::Proportion {
        count: Some(count),
        total: Some(total),
        percent: Some(percent),
    } = &proportion.value
    else {
        panic!("8/19 = 42.0% has count, total and percent");
    };
    assert_eq!(
        (written(count), written(total), written(percent)),
        ((8.0, 0, "8"), (19.0, 0, "19"), (42.0, 1, "42.0"))
    );
    for number in [count, total, percent] {
        assert_spans(SEED_004, number);
    }
    let ci = &extraction.statements[1];
    assert_eq!(&SEED_004[ci.start..ci.end], "Clopper-Pearson 95% CI: 19.6, 64.6");
    assert_eq!(ci.refers_to, Some(0));
    let StatementValue::Ci { level, lower, upper, method, percent } = &ci.value else {
        panic!("second statement is the CI");
    };
    assert_eq!((*level, *method, *percent), (Some(95.0), Some(CiMethod::ClopperPearson), false));
    assert_eq!((written(lower), written(upper)), ((19.6, 1, "19.6"), (64.6, 1, "64.6")));
    assert_spans(SEED_004, lower);
    assert_spans(SEED_004, upper);
    assert_eq!(extraction.study.population.counts(), (Some(20), None, Some(19)));
    let design = &extraction.study.design;
    assert_eq!(design.phase.as_deref(), Some("2"));
    assert_eq!(design.blinding.as_deref(), Some("open"));
    assert_eq!(design.randomized, None);
    assert_eq!(design.control, None);
}

#[test]
fn seed_001_five_of_six_with_exact_ci() {
    let extraction = run(SEED_001);
    assert_eq!(extraction.study.registry_ids, ["NCT03171194"]);
    assert_eq!(kinds(&extraction), ["proportion", "ci"]);
    assert!(all_english(SEED_001, &extraction.statements));
    let StatementValue::Proportion {
        count: Some(count),
        total: Some(total),
        percent: Some(percent),
    } = &extraction.statements[0].value
    else {
        panic!("Of six patients, five (83.3%) is a full proportion");
    };
    assert_eq!(
        (written(count), written(total), written(percent)),
        ((5.0, 0, "five"), (6.0, 0, "six"), (83.3, 1, "83.3"))
    );
    assert_spans(SEED_001, count);
    let StatementValue::Ci { level, lower, upper, method, percent } =
        &extraction.statements[1].value
    else {
        panic!("the CI follows");
    };
    assert_eq!(
        (*level, lower.value, upper.value, *method, *percent),
        (Some(95.0), 35.9, 99.6, None, true)
    );
    assert_eq!(extraction.statements[1].refers_to, Some(0));
    assert_eq!(extraction.study.population.counts(), (Some(6), None, Some(6)));
    assert_eq!(extraction.study.design.phase.as_deref(), Some("1"));
    assert_eq!(extraction.study.design.randomized, None);
}

#[test]
fn seed_000_randomized_medians_and_p_values() {
    let extraction = run(SEED_000);
    assert!(extraction.study.registry_ids.is_empty());
    let design = &extraction.study.design;
    assert_eq!(design.randomized, Some(true));
    assert_eq!(design.allocation_ratio.as_deref(), Some("1:1"));
    assert_eq!(design.blinding.as_deref(), Some("double"));
    assert_eq!(design.control.as_deref(), Some("placebo"));
    assert_eq!(design.phase, None);
    assert_eq!(extraction.study.population.counts(), (Some(20), Some(20), None));
    assert!(all_english(SEED_000, &extraction.statements));
    let medians: Vec<(f64, f64, f64)> = extraction
        .statements
        .iter()
        .filter_map(|statement| match &statement.value {
            StatementValue::MedianIqr { median, q1, q3 } => {
                Some((median.value, q1.value, q3.value))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        medians,
        [
            (27.0, 26.5, 31.0),
            (18.0, 11.0, 23.0),
            (28.0, 22.0, 28.0),
            (21.0, 14.0, 25.0),
            (-10.0, -13.0, -9.0),
            (-3.0, -15.0, -1.0)
        ]
    );
    assert_eq!(
        p_values(&extraction),
        [(Comparator::Eq, 0.039, 3), (Comparator::Eq, 0.023, 3), (Comparator::Eq, 0.411, 3)]
    );
    assert_eq!(extraction.statements.len(), 9);
    // P = 0.411 compares the two groups' changes, so it qualifies no single statement.
    let p_final = index_of(SEED_000, &extraction, "P = 0.411");
    assert_eq!(extraction.statements[p_final].refers_to, None);
    // P = 0.039 stands right after the belimumab median it tests against baseline.
    let p_first = index_of(SEED_000, &extraction, "P = 0.039");
    let belimumab_after = index_of(SEED_000, &extraction, "18 (IQR 11, 23)");
    assert_eq!(extraction.statements[p_first].refers_to, Some(belimumab_after));
    let placebo_change = index_of(SEED_000, &extraction, "-3.0 (IQR -15, -1)");
    let StatementValue::MedianIqr { median, .. } = &extraction.statements[placebo_change].value
    else {
        panic!("median");
    };
    assert_eq!(written(median), (-3.0, 1, "-3.0"));
}

#[test]
fn seed_003_means_with_n_and_p_values() {
    let extraction = run(SEED_003);
    assert!(extraction.study.registry_ids.is_empty());
    let means: Vec<(f64, f64, Option<f64>)> = extraction
        .statements
        .iter()
        .filter_map(|statement| match &statement.value {
            StatementValue::MeanSd { mean, sd, n, .. } => {
                Some((mean.value, sd.value, n.as_ref().map(|n| n.value)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        means,
        [
            (29.6, 7.2, None),
            (24.1, 9.6, Some(29.0)),
            (22.5, 10.0, Some(25.0)),
            (20.6, 11.8, Some(23.0)),
            (15.3, 6.4, Some(15.0)),
            (-5.3, 7.9, None),
            (-4.8, 6.99, None),
            (-3.4, 7.4, None),
            (-8.0, 8.3, None),
            (-2.47, 8.6, None),
            (-3.4, 7.12, None),
            (-7.1, 9.0, None),
        ]
    );
    assert_eq!(
        p_values(&extraction),
        [
            (Comparator::Eq, 0.0011, 4),
            (Comparator::Eq, 0.0001, 4),
            (Comparator::Eq, 0.0001, 4),
            (Comparator::Lt, 0.0001, 4),
            (Comparator::Eq, 0.74, 2),
            (Comparator::Eq, 0.26, 2),
            (Comparator::Eq, 0.005, 3),
            (Comparator::Eq, 0.005, 3),
            (Comparator::Eq, 0.67, 2),
        ]
    );
    let change = index_of(SEED_003, &extraction, "-5.3 ± 7.9");
    let StatementValue::MeanSd { mean, sd, .. } = &extraction.statements[change].value else {
        panic!("mean change");
    };
    assert_eq!((written(mean), written(sd)), ((-5.3, 1, "-5.3"), (7.9, 1, "7.9")));
    let first_p = index_of(SEED_003, &extraction, "p = 0.0011");
    let six_months = index_of(SEED_003, &extraction, "24.1 ± 9.6");
    assert_eq!(extraction.statements[first_p].refers_to, Some(six_months));
    assert_eq!(extraction.statements[six_months].time_point.as_deref(), Some("6 months"));
    let relaxin_p = index_of(SEED_003, &extraction, "p = 0.74");
    let relaxin = index_of(SEED_003, &extraction, "-4.8 ± 6.99");
    assert_eq!(extraction.statements[relaxin_p].refers_to, Some(relaxin));
    assert_eq!(extraction.study.population.enrolled, Some(30));
    assert_eq!(extraction.study.population.analyzed, None);
    assert_eq!(extraction.study.design.control.as_deref(), Some("historical"));
    assert_eq!(
        extraction.study.design.randomized,
        Some(false),
        "retrospective review, the randomized trials are others"
    );
}

#[test]
fn seed_002_registry_description_has_no_statements() {
    let extraction = run(SEED_002);
    assert!(extraction.statements.is_empty(), "{:?}", extraction.statements);
    assert!(extraction.study.registry_ids.is_empty());
    assert_eq!(extraction.study.population.counts(), (Some(20), None, None));
    assert_eq!(extraction.study.design.blinding.as_deref(), Some("evaluator"));
    assert_eq!(extraction.study.design.randomized, None);
}

#[test]
fn seed_000_entities_and_claims() {
    let extraction = run(SEED_000);
    assert_eq!(extraction.study.conditions, ["scleroderma, diffuse"]);
    assert_eq!(extraction.study.interventions, ["belimumab", "mycophenolate mofetil"]);
    let claims: Vec<(bool, &str, Option<usize>)> = extraction
        .claims
        .iter()
        .map(|claim| (claim.significant, &SEED_000[claim.start..claim.end], claim.refers_to))
        .collect();
    // "There were no significant differences ... adverse events (AEs)." has no p-value and
    // restates none. The conclusions' "did not achieve statistical significance" restates the
    // between-group comparison of the median change in MRSS, two sentences earlier (P = 0.411).
    assert!(claims.contains(&(false, "no significant differences", None)), "{claims:?}");
    let restated = claims
        .iter()
        .find(|(_, text, _)| *text == "did not achieve statistical significance")
        .and_then(|(_, _, refers_to)| *refers_to)
        .and_then(|index| extraction.statements.get(index))
        .map(|statement| &SEED_000[statement.start..statement.end]);
    assert_eq!(restated, Some("P = 0.411"), "{claims:?}");
    assert!(claims.contains(&(true, "A significant decrease", None)), "{claims:?}");
    assert!(claims.contains(&(true, "significant improvements", None)), "{claims:?}");
}

#[test]
fn seed_004_subgroups_with_counts() {
    let extraction = run(SEED_004);
    let subgroups: Vec<(&str, f64)> = extraction
        .study
        .subgroups
        .iter()
        .map(|subgroup| (subgroup.label.as_str(), subgroup.count.value))
        .collect();
    assert_eq!(
        subgroups,
        [
            ("DM", 9.0),
            ("immune-mediated necrotizing myopathy", 6.0),
            ("non-specific myositis/overlap myositis", 4.0),
            ("anti-synthetase syndrome", 1.0),
        ]
    );
    for subgroup in &extraction.study.subgroups {
        assert_spans(SEED_004, &subgroup.count);
    }
    assert!(extraction.study.arms.is_empty());
}

#[test]
fn seed_000_arms_from_the_allocation_sentence() {
    let extraction = run(SEED_000);
    let arms: Vec<(&str, Option<f64>)> = extraction
        .study
        .arms
        .iter()
        .map(|arm| (arm.name.as_str(), arm.size.as_ref().map(|size| size.value)))
        .collect();
    assert_eq!(arms, [("belimumab", None), ("placebo", None)]);
    let belimumab = &extraction.study.arms[0];
    assert_eq!(&SEED_000[belimumab.start..belimumab.end], "belimumab");
}
