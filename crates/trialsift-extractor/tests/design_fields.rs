//! Design facts with their evidence: the seeds (expectations read off the documents by hand) and
//! tricky sentences for centres, timing, investigator initiation and duration.

use trialsift_domain::{Design, Segment, SegmentKind};
use trialsift_extractor::extract;
use trialsift_splitter::split;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

/// The design read from a document split by the splitter.
fn seed_design(text: &str) -> Design {
    extract(text, &split(text).segments).study.design
}

/// The design read from one English body segment holding the whole text.
fn design(text: &str) -> Design {
    let segment = Segment {
        lang: "en".to_owned(),
        kind: SegmentKind::Body,
        start: 0,
        end: text.len(),
        pair: None,
    };
    extract(text, &[segment]).study.design
}

/// The text of a field's evidence span.
fn evidence<'t>(text: &'t str, design: &Design, field: &str) -> &'t str {
    let [start, end] =
        *design.evidence.get(field).unwrap_or_else(|| panic!("no evidence for {field}"));
    text.get(start..end).unwrap_or_else(|| panic!("evidence of {field} off the text"))
}

#[test]
fn seed_000_single_centre_investigator_initiated_52_weeks() {
    // "In this 52-week, investigator-initiated, single-center, double-blind, placebo-controlled,
    // pilot study, 20 patients ... were randomized 1:1 ..."
    let design = seed_design(SEED_000);
    assert_eq!(design.randomized, Some(true));
    assert_eq!(design.allocation_ratio.as_deref(), Some("1:1"));
    assert_eq!(design.blinding.as_deref(), Some("double"));
    assert_eq!(design.control.as_deref(), Some("placebo"));
    assert_eq!(design.centres.as_deref(), Some("single"));
    assert_eq!(design.investigator_initiated, Some(true));
    assert_eq!(design.duration.as_deref(), Some("52 weeks"));
    assert_eq!(design.timing, None);
    assert_eq!(design.phase, None);
    assert!(evidence(SEED_000, &design, "centres").contains("single-center"));
    assert!(
        evidence(SEED_000, &design, "investigator_initiated").contains("investigator-initiated")
    );
    assert!(evidence(SEED_000, &design, "duration").contains("52-week"));
    assert!(evidence(SEED_000, &design, "allocation_ratio").contains("1:1"));
    assert!(evidence(SEED_000, &design, "randomized").contains("randomized"));
    assert!(evidence(SEED_000, &design, "blinding").contains("double-blind"));
    assert!(evidence(SEED_000, &design, "control").contains("placebo"));
}

#[test]
fn seed_001_single_centre_of_earlier_reports_is_not_this_trial() {
    // "Reports of clinical improvement ... at a single centre in China led us to perform an
    // explorative phase I trial"; "refractory to 6 months of immunosuppressive therapy" is prior
    // treatment and "by 20 weeks" a time point.
    let design = seed_design(SEED_001);
    assert_eq!(design.phase.as_deref(), Some("1"));
    assert!(evidence(SEED_001, &design, "phase").starts_with("phase I"));
    assert_eq!(design.centres, None);
    assert_eq!(design.timing, None);
    assert_eq!(design.investigator_initiated, None);
    assert_eq!(design.duration, None);
}

#[test]
fn seed_002_registry_text_says_no_centres_timing_or_duration() {
    // Eligibility: "after 6 months of conventional treatment", "stable for at least 6 months".
    let design = seed_design(SEED_002);
    assert_eq!(design.blinding.as_deref(), Some("evaluator"));
    assert!(
        evidence(SEED_002, &design, "blinding").to_ascii_lowercase().contains("evaluator blind")
    );
    assert_eq!(design.centres, None);
    assert_eq!(design.timing, None);
    assert_eq!(design.duration, None);
    assert_eq!(design.investigator_initiated, None);
}

#[test]
fn seed_003_retrospective_single_centre_not_the_multicenter_controls() {
    // "We sought to retrospectively review a single-center experience"; the "multicenter,
    // randomized clinical trials" are the historical controls.
    let design = seed_design(SEED_003);
    assert_eq!(design.timing.as_deref(), Some("retrospective"));
    assert!(evidence(SEED_003, &design, "timing").contains("retrospectively review"));
    assert_eq!(design.centres.as_deref(), Some("single"));
    assert!(evidence(SEED_003, &design, "centres").contains("single-center experience"));
    assert_eq!(design.randomized, Some(false));
    assert_eq!(design.control.as_deref(), Some("historical"));
    assert!(evidence(SEED_003, &design, "control").contains("historical controls"));
    assert_eq!(design.duration, None);
}

#[test]
fn seed_004_investigator_initiated_open_label_nine_weeks_of_treatment() {
    // "In this investigator-initiated phase 2 open-label study"; "IVIg (Privigen) monotherapy for 9 weeks".
    let design = seed_design(SEED_004);
    assert_eq!(design.investigator_initiated, Some(true));
    assert_eq!(design.phase.as_deref(), Some("2"));
    assert_eq!(design.blinding.as_deref(), Some("open"));
    assert!(evidence(SEED_004, &design, "blinding").contains("open-label"));
    assert_eq!(design.duration.as_deref(), Some("9 weeks"));
    assert!(evidence(SEED_004, &design, "duration").ends_with("for 9 weeks"));
    assert_eq!(design.centres, None);
    assert_eq!(design.timing, None);
}

#[test]
fn evidence_spans_are_document_offsets() {
    let text = "A multicentre trial of X\nPatients were randomized 2:1 and followed for 12 months.";
    let body = text.find("Patients").expect("body");
    let segments = [
        Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Title,
            start: 0,
            end: body - 1,
            pair: None,
        },
        Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Body,
            start: body,
            end: text.len(),
            pair: None,
        },
    ];
    let design = extract(text, &segments).study.design;
    assert_eq!(evidence(text, &design, "centres"), "A multicentre trial");
    assert_eq!(evidence(text, &design, "allocation_ratio"), "randomized 2:1");
    assert_eq!(evidence(text, &design, "duration"), "followed for 12 months");
    assert_eq!(design.duration.as_deref(), Some("12 months"));
}

#[test]
fn trial_registration_is_not_timing() {
    let text =
        "The trial was prospectively registered (NCT01234567). Patients were treated for 12 weeks.";
    let registered = design(text);
    assert_eq!(registered.timing, None);
    assert_eq!(registered.duration.as_deref(), Some("12 weeks"));
    assert_eq!(design("This trial was retrospectively registered.").timing, None);
}

#[test]
fn a_retrospective_analysis_of_a_prospective_trial_abstains() {
    assert_eq!(
        design(
            "This retrospective analysis of a prospective randomized trial included 300 patients."
        )
        .timing,
        None
    );
}

#[test]
fn timing_said_of_the_study() {
    assert_eq!(
        design("In this prospective randomized trial, 80 adults were enrolled.").timing.as_deref(),
        Some("prospective")
    );
    assert_eq!(
        design("We retrospectively reviewed the charts of 120 patients.").timing.as_deref(),
        Some("retrospective")
    );
    assert_eq!(
        design("Medical records were reviewed retrospectively.").timing.as_deref(),
        Some("retrospective")
    );
    // Prospectively collected data are only where the data came from.
    assert_eq!(
        design("Prospectively collected data were analysed retrospectively.").timing.as_deref(),
        Some("retrospective")
    );
    assert_eq!(design("Data were prospectively collected.").timing, None);
    assert_eq!(design("Further prospective studies are needed.").timing, None);
    assert_eq!(design("A large prospective trial is warranted to confirm this.").timing, None);
    assert_eq!(design("Previous prospective studies were small.").timing, None);
}

#[test]
fn centres_said_of_the_study() {
    assert_eq!(
        design("We conducted a multicentre, randomised trial in 12 hospitals.").centres.as_deref(),
        Some("multi")
    );
    assert_eq!(
        design("Patients were recruited at 12 study sites in Europe.").centres.as_deref(),
        Some("multi")
    );
    assert_eq!(design("A single center, double-blind study.").centres.as_deref(), Some("single"));
    assert_eq!(
        design("The study was conducted at a single tertiary hospital.").centres.as_deref(),
        Some("single")
    );
    assert_eq!(
        design("Results were compared with 3 large multicenter trials of other drugs.").centres,
        None
    );
    assert_eq!(design("Injections were given at 3 sites on the forearm.").centres, None);
    assert_eq!(
        design("This single-centre substudy of a multicentre trial enrolled 40 patients.").centres,
        None
    );
    assert_eq!(design("A multicenter trial is needed.").centres, None);
    assert_eq!(
        design("The effect appears as large as in a multisite trial of another drug.").centres,
        None
    );
}

#[test]
fn investigator_initiation() {
    assert_eq!(design("An investigator initiated trial.").investigator_initiated, Some(true));
    assert_eq!(
        design("Investigator-initiated trials are rare in this field.").investigator_initiated,
        None
    );
    assert_eq!(design("An industry-sponsored trial.").investigator_initiated, None);
}

#[test]
fn duration_prefers_the_period_named_with_the_design() {
    assert_eq!(
        design("A 24-week, randomized, double-blind trial with a follow-up of 5 years.")
            .duration
            .as_deref(),
        Some("24 weeks")
    );
    assert_eq!(
        design("Patients received drug X or placebo for 24 weeks, with a follow-up of 5 years.")
            .duration
            .as_deref(),
        Some("24 weeks")
    );
    assert_eq!(
        design("Twelve-week randomised trial of zinc in children.").duration.as_deref(),
        Some("12 weeks")
    );
    assert_eq!(
        design("Patients were followed up for 2 years.").duration.as_deref(),
        Some("2 years")
    );
    assert_eq!(
        design("All patients had a follow-up of 5 years.").duration.as_deref(),
        Some("5 years")
    );
}

#[test]
fn duration_abstains_on_statistics_side_periods_and_conflicts() {
    assert_eq!(design("The median follow-up of 5 years was reached.").duration, None);
    assert_eq!(design("A 2-week placebo run-in period preceded randomization.").duration, None);
    assert_eq!(design("A 4-week washout period separated the two treatments.").duration, None);
    assert_eq!(design("Children over 2 years of age were eligible.").duration, None);
    assert_eq!(
        design("Group A received drug X for 4 weeks. Group B received drug Y for 8 weeks.")
            .duration,
        None
    );
    assert_eq!(
        design("Patients who had received methotrexate for 3 months were eligible.").duration,
        None
    );
    assert_eq!(design("Visits took place every 6 months during the study.").duration, None);
}
