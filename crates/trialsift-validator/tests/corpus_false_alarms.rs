//! Regression tests for the false alarms found by the development-corpus review
//! (`review/false_alarm_review.md`): each input is the relevant sentence of the abstract, read by
//! the real splitter and extractor and checked by `validate_document`, as the pipeline does.

use trialsift_domain::{Finding, Verdict};
use trialsift_validator::validate_document;

/// Splits, extracts and validates a document as the pipeline does.
fn findings(text: &str) -> Vec<Finding> {
    let split = trialsift_splitter::split(text);
    let extraction = trialsift_extractor::extract(text, &split.segments);
    validate_document(text, &split.segments, &extraction).findings
}

/// Returns `(check, reported)` of the findings that flag a problem.
fn problems(findings: &[Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .filter(|finding| finding.verdict.is_problem())
        .map(|finding| (finding.check.clone(), finding.reported.clone()))
        .collect()
}

/// Corpus 23360819: `−0.26 (95% CI −0.38, −0.14)` with each minus sign rendered as a `2`.
#[test]
fn corpus_23360819_minus_read_as_two_is_not_a_reversed_ci() {
    let text = "After adjusting for multiple testing, a SNP-dietary protein interaction effect on TAG \
                was identified for lipin 1 (LPIN1) rs4315495, with a decrease in TAG of 20.26 mmol/l \
                per A-allele/protein unit (95% CI 20.38, 20.14, P=0.000043) In conclusion, we \
                investigated SNP-diet interactions for blood lipid profiles.";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// Corpus PMC3656395: four differences whose negative bounds lost their minus signs to `2`s.
#[test]
fn corpus_pmc3656395_minus_read_as_two_is_not_a_reversed_ci() {
    let text = "RESULTS: Multilevel linear and logistic regression analyses adjusted for baseline \
                outcomes showed that despite active nurse participation in the intervention, the \
                comprehensive programme was no more effective than usual care after 14 months, as \
                shown by HbA1c levels (difference between groups = 0.13; CI 20.8–0.35) and diet \
                (fat (difference between groups = 0.19; CI 20.82–1.21); vegetables (difference \
                between groups = 0.10; CI-0.21–0.41); fruit (difference between groups = 20.02; CI \
                20.26–0.22)), and physical activity (difference between groups = 21.15; CI \
                212.26–9.97), or any of the other measures of clinical parameters.";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// The fix does not hide a genuinely reversed interval (corpus 22001361, a true alarm).
#[test]
fn corpus_22001361_reversed_ci_is_still_flagged() {
    let text = "FDRs were more likely to enroll if they were female (OR=1.77; CI=1.1-.85) and \
                parents were more likely to enroll if the case had been diagnosed more recently \
                (OR=3.3; CI=1.9-5.93).";
    let found = findings(text);
    assert!(
        found.iter().any(|finding| finding.check == "ci_bounds"
            && finding.verdict == Verdict::Inconsistent
            && finding.reported == "1.1-.85"),
        "{found:#?}"
    );
}

/// Corpus 1497159: "Of 46 patients, eight of 19 (42%)" is 8 of 19, not 8 of 46.
#[test]
fn corpus_1497159_a_nearer_total_owns_the_percentage() {
    let text = "RESULTS Of 46 patients, eight of 19 (42%) in the pancuronium group and six of 27 \
                (22%) in the succinylcholine group experienced fasciculations No statistically \
                significant difference was found.";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// Corpus 8419816: "(89 percent vs. 2 percent" pairs the two groups' percentages; neither is the
/// percentage of the count just before the bracket.
#[test]
fn corpus_8419816_a_bracketed_comparison_is_not_the_counts_percentage() {
    let text = "Among the 52 patients given antibiotics, H. pylori was eradicated in 46, as compared \
                with 1 of the 52 given placebo (89 percent vs. 2 percent, P < 0.001). Duodenal ulcers \
                recurred in 4 of 50 patients given antibiotics and 42 of 49 given placebo (8 percent \
                vs. 86 percent, P < 0.001).";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// Corpus 12045163: "P for trend=0.03" tests a trend across quartiles, not the relative risk
/// whose CI stands before it.
#[test]
fn corpus_12045163_p_for_trend_is_not_the_ratios_p() {
    let text = "Results were not significantly altered in analyses that controlled for lipid \
                parameters (relative risk for highest versus lowest quartile 2.65, 95% CI 0.79 to \
                8.83; P for trend=0.03).";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// Corpus 22421496: "R (2) = 0.97" is an R² whose superscript was flattened, not r with 2 df.
#[test]
fn corpus_22421496_flattened_r_squared_is_not_a_correlation_test() {
    let text = "The BE median length was 3 cm with SE and 3 cm with TNE, giving high correlations \
                between the two modalities (R (2) = 0.97; P < .001).";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}

/// Corpus PMC3621795: an actuarial incidence is a life-table estimate, not x/N, though the count
/// and total stand beside it.
#[test]
fn corpus_pmc3621795_actuarial_incidence_is_not_x_over_n() {
    let text = "With a PTV of <= 1302 ml (n=41) the actuarial incidence of at least CTC 2 diarrhoea in \
                the SeG was 22.3% (4 of 18 patients) compared to 34.8% (8 of 23 patients) in the CG \
                (p=0.50).";
    let found = findings(text);
    assert!(problems(&found).is_empty(), "{found:#?}");
}
