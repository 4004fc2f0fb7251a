//! Regimens of the seed documents, split by the splitter; expected values read off the documents by hand.
//!
//! What the seeds say about how treatments were given:
//! - 000: "randomized 1:1 to additionally receive belimumab at 10 mg/kg intravenously or
//!   placebo"; MMF is background treatment with no dose, route or schedule written;
//! - 001: "received one intravenous infusion of 1×10 MSCs/kg of body weight", the power of ten
//!   lost in the text (so no dose value can be read); prednisone is tapered "to 10 mg or less
//!   by 20 weeks", an endpoint's bound, not a regimen;
//! - 002: a registry description; telitacicept is named with no dose, route or schedule, and
//!   the one dose written ("≤10 mg prednisone/day") is an eligibility bound;
//! - 003: "Thirty patients were treated with adjunctive IVIG (2 g/kg/mo)";
//! - 004: "IVIg (Privigen) monotherapy for 9 weeks: a loading dose (2 g/kg body weight) and two
//!   subsequent maintenance doses (1 g/kg body weight) with a 3-week interval".
//!
//! IVIG is not in the embedded drug dictionary; the regimen reader names it with the drug
//! lexicon's canonical name for intravenous immunoglobulin, `immunoglobulins, intravenous`.

use trialsift_domain::{Extraction, Regimen};
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

/// The text a regimen's span covers.
fn span<'a>(text: &'a str, regimen: &Regimen) -> &'a str {
    &text[regimen.start..regimen.end]
}

/// The dose as `(value, text, span text)`.
fn dose<'a>(text: &'a str, regimen: &'a Regimen) -> Option<(f64, &'a str, &'a str)> {
    regimen
        .dose
        .as_ref()
        .map(|number| (number.value, number.text.as_str(), &text[number.start..number.end]))
}

/// Checks that every regimen lies in the English part of the text (before the first Chinese character).
fn assert_in_english(text: &str, extraction: &Extraction) {
    let english_end =
        text.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)).unwrap_or(text.len());
    for regimen in &extraction.study.regimens {
        assert!(regimen.start < regimen.end && regimen.end <= english_end, "{regimen:?}");
    }
}

#[test]
fn seed_000_belimumab_at_10_mg_per_kg_intravenously() {
    let extraction = run(SEED_000);
    assert_in_english(SEED_000, &extraction);
    let regimens = &extraction.study.regimens;
    assert_eq!(regimens.len(), 1, "{regimens:#?}");
    let belimumab = &regimens[0];
    assert_eq!(belimumab.intervention, "belimumab");
    assert_eq!(dose(SEED_000, belimumab), Some((10.0, "10", "10")));
    assert_eq!(belimumab.dose_high, None);
    assert_eq!(belimumab.unit.as_deref(), Some("mg"));
    assert!(belimumab.per_kg);
    assert_eq!(belimumab.route.as_deref(), Some("intravenous"));
    // "52-week" is the study's length; the text gives belimumab no schedule or duration of its own.
    assert_eq!(belimumab.schedule, None);
    assert_eq!(belimumab.duration, None);
    assert_eq!(span(SEED_000, belimumab), "belimumab at 10 mg/kg intravenously");
    assert_eq!(
        belimumab.start,
        SEED_000.find("belimumab at 10 mg/kg").unwrap_or(usize::MAX),
        "the allocation sentence's mention"
    );
    let arm = belimumab.arm.and_then(|index| extraction.study.arms.get(index));
    assert_eq!(arm.map(|arm| arm.name.as_str()), Some("belimumab"));
}

#[test]
fn seed_001_one_infusion_of_cells_with_its_power_of_ten_lost() {
    let extraction = run(SEED_001);
    assert_in_english(SEED_001, &extraction);
    let regimens = &extraction.study.regimens;
    assert_eq!(regimens.len(), 1, "prednisone's taper bound is no regimen: {regimens:#?}");
    let cells = &regimens[0];
    // The long form as written at "mesenchymal stromal cell (MSC)".
    assert_eq!(cells.intervention, "mesenchymal stromal cell");
    assert_eq!(cells.dose, None, "1×10 lost its exponent: no value can be read");
    assert_eq!(cells.unit.as_deref(), Some("cells"));
    assert!(cells.per_kg);
    assert_eq!(cells.route.as_deref(), Some("intravenous"));
    assert_eq!(span(SEED_001, cells), "intravenous infusion of 1×10 MSCs/kg of body weight");
    assert_eq!(cells.arm, None);
}

#[test]
fn seed_002_registry_description_gives_no_regimen() {
    let extraction = run(SEED_002);
    assert!(extraction.study.regimens.is_empty(), "{:#?}", extraction.study.regimens);
    // Telitacicept is named, just never with a dose, route or schedule.
    assert_eq!(extraction.study.interventions, ["telitacicept"]);
}

#[test]
fn seed_003_ivig_2_g_per_kg_monthly() {
    let extraction = run(SEED_003);
    let regimens = &extraction.study.regimens;
    assert_eq!(regimens.len(), 1, "{regimens:#?}");
    let ivig = &regimens[0];
    assert_eq!(ivig.intervention, "immunoglobulins, intravenous");
    assert_eq!(dose(SEED_003, ivig), Some((2.0, "2", "2")));
    assert_eq!(ivig.unit.as_deref(), Some("g"));
    assert!(ivig.per_kg);
    assert_eq!(ivig.schedule.as_deref(), Some("/mo"));
    // Intravenous by name.
    assert_eq!(ivig.route.as_deref(), Some("intravenous"));
    assert_eq!(ivig.duration, None);
    assert_eq!(span(SEED_003, ivig), "IVIG (2 g/kg/mo");
    // No arms: the comparators are historical trials and a cohort.
    assert_eq!(ivig.arm, None);
}

#[test]
fn seed_004_loading_and_maintenance_doses_of_ivig() {
    let extraction = run(SEED_004);
    assert_in_english(SEED_004, &extraction);
    let regimens = &extraction.study.regimens;
    assert_eq!(regimens.len(), 2, "{regimens:#?}");
    let (loading, maintenance) = (&regimens[0], &regimens[1]);
    for regimen in regimens {
        assert_eq!(regimen.intervention, "immunoglobulins, intravenous");
        assert_eq!(regimen.unit.as_deref(), Some("g"));
        assert!(regimen.per_kg, "'g/kg body weight'");
        assert_eq!(regimen.route.as_deref(), Some("intravenous"));
        // "monotherapy for 9 weeks" stands between the name and its first dose: both doses.
        assert_eq!(regimen.duration.as_deref(), Some("9 weeks"));
        assert_eq!(regimen.start, SEED_004.find("IVIg (Privigen)").unwrap_or(usize::MAX));
        assert_eq!(regimen.arm, None);
    }
    let loading_at = SEED_004.find("(2 g/kg body weight)").unwrap_or(usize::MAX) + 1;
    let loading_dose = loading.dose.as_ref().map(|number| (number.value, number.start));
    assert_eq!(loading_dose, Some((2.0, loading_at)));
    assert_eq!(loading.schedule, None, "the 3-week interval is between the maintenance doses");
    assert!(span(SEED_004, loading).ends_with("a loading dose (2 g/kg body weight"));

    let maintenance_at = SEED_004.find("(1 g/kg body weight)").unwrap_or(usize::MAX) + 1;
    let maintenance_dose = maintenance.dose.as_ref().map(|number| (number.value, number.start));
    assert_eq!(maintenance_dose, Some((1.0, maintenance_at)));
    assert_eq!(maintenance.schedule.as_deref(), Some("3-week interval"));
    assert!(span(SEED_004, maintenance).ends_with("(1 g/kg body weight) with a 3-week interval"));
}
