//! Outcomes and key eligibility criteria of the seed documents, split by the splitter; expected
//! values read off the documents by hand, plus the negatives: demographics are not criteria, a
//! result is not an outcome definition.

use trialsift_domain::{Comparator, Criterion, Extraction, Outcome};
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

/// The text an outcome's span covers.
fn mention<'a>(text: &'a str, outcome: &Outcome) -> &'a str {
    &text[outcome.start..outcome.end]
}

/// The text a criterion's span covers.
fn covered<'a>(text: &'a str, criterion: &Criterion) -> &'a str {
    &text[criterion.start..criterion.end]
}

/// `(instrument, primary, time point)` of each outcome.
fn outcomes(extraction: &Extraction) -> Vec<(&str, Option<bool>, Option<&str>)> {
    extraction
        .study
        .outcomes
        .iter()
        .map(|outcome| {
            (outcome.instrument.as_str(), outcome.primary, outcome.time_point.as_deref())
        })
        .collect()
}

/// A criterion's bound values and unit.
fn bounds(criterion: &Criterion) -> (Option<f64>, Option<f64>, Option<&str>) {
    (
        criterion.low.as_ref().map(|low| low.value),
        criterion.high.as_ref().map(|high| high.value),
        criterion.unit.as_deref(),
    )
}

#[test]
fn seed_000_results_on_mrss_are_not_outcomes_and_it_states_no_bounds() {
    // The MRSS is only reported ("the median MRSS decreased from 27 ... (P = 0.039)"); the
    // abstract never names an outcome or end point, nor an age or threshold for entry.
    let extraction = run(SEED_000);
    assert!(extraction.study.outcomes.is_empty(), "{:?}", extraction.study.outcomes);
    assert!(extraction.study.eligibility.is_empty(), "{:?}", extraction.study.eligibility);
}

#[test]
fn seed_001_clinical_endpoint_and_sledai_threshold() {
    let extraction = run(SEED_001);
    // "The clinical endpoint was an SRI of 4 with no new ... (BILAG) As and no increase in
    // Physician Global Assessment ... by 20 weeks": one end point, its role unsaid.
    assert_eq!(outcomes(&extraction), [("SRI-4", None, Some("20 weeks"))]);
    assert_eq!(mention(SEED_001, &extraction.study.outcomes[0]), "SRI of 4");
    let first_definition = SEED_001.find("The clinical endpoint was an SRI of 4").expect("in seed");
    assert!(extraction.study.outcomes[0].start > first_definition);

    // "Six women with a SLEDAI >6, having failed standard of care therapy, received ..."
    let criteria = &extraction.study.eligibility;
    assert_eq!(criteria.len(), 1, "{criteria:?}");
    let sledai = &criteria[0];
    assert!(sledai.inclusion);
    assert_eq!(sledai.measure, "SLEDAI");
    assert_eq!(sledai.comparator, Some(Comparator::Gt));
    assert_eq!(bounds(sledai), (Some(6.0), None, None));
    assert_eq!(covered(SEED_001, sledai), "SLEDAI >6");
}

#[test]
fn seed_002_registry_outcomes_and_criteria() {
    let extraction = run(SEED_002);
    // "The main outcome of the study was to evaluate the efficacy and safety of Telitacicept ...,
    // and the secondary outcome was to evaluate the impact of Telitacicept on lung function,
    // gastrointestinal symptoms, pulmonary arterial hypertension, disease activity, and quality
    // of life in SSc."
    assert_eq!(
        outcomes(&extraction),
        [
            ("efficacy and safety", Some(true), None),
            ("lung function", Some(false), None),
            ("gastrointestinal symptoms", Some(false), None),
            ("pulmonary arterial hypertension", Some(false), None),
            ("disease activity", Some(false), None),
            ("quality of life", Some(false), None),
        ]
    );
    for outcome in &extraction.study.outcomes {
        assert_eq!(mention(SEED_002, outcome), outcome.instrument);
    }

    // The bullets: "Age: 18 years or older", "Lung function FVC% \> 50%", and, inside the
    // disease-activity bullet, "(δMRSS ≥0 points)". The prednisone dose cap is no age and no
    // known measure.
    let criteria = &extraction.study.eligibility;
    assert_eq!(criteria.len(), 3, "{criteria:?}");
    assert!(criteria.iter().all(|criterion| criterion.inclusion));

    let age = &criteria[0];
    assert_eq!(age.measure, "age");
    assert_eq!(age.comparator, Some(Comparator::Ge));
    assert_eq!(bounds(age), (Some(18.0), None, Some("years")));
    assert_eq!(covered(SEED_002, age), "Age: 18 years or older");

    let fvc = &criteria[1];
    assert_eq!(fvc.measure, "FVC%");
    assert_eq!(fvc.comparator, Some(Comparator::Gt));
    assert_eq!(bounds(fvc), (Some(50.0), None, Some("%")));
    assert_eq!(covered(SEED_002, fvc), r"FVC% \> 50%");

    let mrss = &criteria[2];
    assert_eq!(mrss.measure, "δMRSS");
    assert_eq!(mrss.comparator, Some(Comparator::Ge));
    assert_eq!(bounds(mrss), (Some(0.0), None, Some("points")));
    assert_eq!(covered(SEED_002, mrss), "δMRSS ≥0 points");
}

#[test]
fn seed_003_mrss_compared_over_time_is_not_an_outcome_definition() {
    // "The mean modified Rodnan Skin score (mRSS) at baseline was compared to the mRSS at 6, 12,
    // 18, and 24 months": a method and results, with no outcome or end point named.
    let extraction = run(SEED_003);
    assert!(extraction.study.outcomes.is_empty(), "{:?}", extraction.study.outcomes);
    assert!(extraction.study.eligibility.is_empty(), "{:?}", extraction.study.eligibility);
}

#[test]
fn seed_004_primary_and_secondary_outcomes_and_adults_without_bound() {
    let extraction = run(SEED_004);
    // "The primary outcome was the number of patients with at least moderate improvement on the
    // 2016 ACR/EULAR Total Improvement Score. Secondary outcomes included time to improvement,
    // the number of patients requiring rescue medication and serious adverse events."
    assert_eq!(
        outcomes(&extraction),
        [
            ("TIS", Some(true), None),
            ("time to improvement", Some(false), None),
            ("number of patients requiring rescue medication", Some(false), None),
            ("serious adverse events", Some(false), None),
        ]
    );
    assert_eq!(
        mention(SEED_004, &extraction.study.outcomes[0]),
        "ACR/EULAR Total Improvement Score"
    );
    // "we included 20 adults with ...": adults is no age bound; the disease duration is no
    // known measure.
    assert!(
        extraction.study.eligibility.iter().all(|criterion| criterion.measure != "age"),
        "{:?}",
        extraction.study.eligibility
    );
}

#[test]
fn english_spans_only_in_bilingual_seeds() {
    for seed in [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004] {
        let english_end =
            seed.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)).unwrap_or(seed.len());
        let extraction = run(seed);
        for outcome in &extraction.study.outcomes {
            assert!(outcome.end <= english_end || outcome.start >= english_end);
            assert!(seed.is_char_boundary(outcome.start) && seed.is_char_boundary(outcome.end));
        }
        for criterion in &extraction.study.eligibility {
            assert!(seed.is_char_boundary(criterion.start) && seed.is_char_boundary(criterion.end));
            assert!(criterion.start < criterion.end);
        }
    }
}

/// Extracts a short English text split as the pipeline splits it.
fn study(text: &str) -> Extraction {
    run(text)
}

#[test]
fn demographics_are_not_criteria() {
    for text in [
        "RESULTS: Forty patients (mean age 54 years, 70% women) were enrolled.",
        "Twenty patients aged 54 ± 9 years were included in the analysis.",
        "We enrolled 72 children (aged 5 to 19 years, median 16) with Hodgkin's disease.",
        "The median age was 61 years (range 18-85).",
        "Adults with systemic sclerosis were eligible.",
    ] {
        let extraction = study(text);
        assert!(
            extraction.study.eligibility.is_empty(),
            "{text}: {:?}",
            extraction.study.eligibility
        );
    }
}

#[test]
fn eligibility_language_makes_age_criteria() {
    let extraction = study(
        "METHODS: Patients aged 18 to 65 years with an mRSS of 15-40 were eligible. Patients older than 75 years were excluded.",
    );
    let criteria = &extraction.study.eligibility;
    assert_eq!(criteria.len(), 3, "{criteria:?}");
    assert_eq!(
        (criteria[0].measure.as_str(), bounds(&criteria[0])),
        ("age", (Some(18.0), Some(65.0), Some("years")))
    );
    assert_eq!(
        (criteria[1].measure.as_str(), bounds(&criteria[1])),
        ("mRSS", (Some(15.0), Some(40.0), None))
    );
    assert!(criteria[0].inclusion && criteria[1].inclusion);
    assert!(!criteria[2].inclusion);
    assert_eq!(criteria[2].comparator, Some(Comparator::Gt));
    assert_eq!(bounds(&criteria[2]), (Some(75.0), None, Some("years")));
}

#[test]
fn result_sentences_are_not_outcome_definitions() {
    for text in [
        "The primary end point was reached by 12 of 20 patients in the belimumab group (P = 0.03).",
        "The change in mRSS, the primary outcome, was -5.3 versus -2.1 (p = 0.04; 95% CI -6.1 to -0.3).",
        "Secondary outcomes were similar between the groups.",
        "The primary endpoint was met.",
    ] {
        let extraction = study(text);
        assert!(extraction.study.outcomes.is_empty(), "{text}: {:?}", extraction.study.outcomes);
    }
}

/// Pieces of criteria and outcome definitions, glued at random.
fn piece() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just(". ".to_owned()),
        Just("• ".to_owned()),
        Just("Inclusion Criteria:\n".to_owned()),
        Just("Exclusion Criteria:\n".to_owned()),
        Just("Age:\n".to_owned()),
        Just("aged ".to_owned()),
        Just(" years".to_owned()),
        Just(" or older".to_owned()),
        Just("≥".to_owned()),
        Just("\\> ".to_owned()),
        Just(" to ".to_owned()),
        Just("-".to_owned()),
        Just("δMRSS".to_owned()),
        Just("FVC% ".to_owned()),
        Just("mean ".to_owned()),
        Just("The primary outcome was ".to_owned()),
        Just("Secondary end points included ".to_owned()),
        Just(" was the primary end point".to_owned()),
        Just(" (primary outcome)".to_owned()),
        Just("[Time Frame: ".to_owned()),
        Just("]".to_owned()),
        Just(" at 52 weeks".to_owned()),
        Just(", ".to_owned()),
        Just(" and ".to_owned()),
        Just("中文".to_owned()),
        Just("😀".to_owned()),
        "[0-9]{1,3}",
        "[a-zA-Z]{1,10}",
        any::<String>(),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn outcome_and_criterion_spans_stay_inside(parts in proptest::collection::vec(piece(), 0..60)) {
        let text = parts.concat();
        let extraction = run(&text);
        let inside = |start: usize, end: usize| {
            start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
        };
        for outcome in &extraction.study.outcomes {
            proptest::prop_assert!(inside(outcome.start, outcome.end), "{:?}", outcome);
        }
        for criterion in &extraction.study.eligibility {
            proptest::prop_assert!(inside(criterion.start, criterion.end), "{:?}", criterion);
            for number in criterion.low.iter().chain(criterion.high.iter()) {
                proptest::prop_assert!(inside(number.start, number.end), "{:?}", number);
                proptest::prop_assert_eq!(&text[number.start..number.end], number.text.as_str());
                proptest::prop_assert!(number.start >= criterion.start && number.end <= criterion.end);
            }
        }
    }
}
