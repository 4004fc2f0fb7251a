//! `ci_contains_estimate` and `p_from_ratio_ci`: an effect estimate against its CI and p.
//!
//! - `ci_contains_estimate`: an estimate (HR, OR, mean difference, ...) lies
//!   inside the CI that qualifies it, each figure within its rounding; flagged
//!   only when it does not (a confirmation for every estimate would be noise).
//! - `p_from_ratio_ci`: for a ratio (HR, OR, RR, IRR) with its CI and a p-value,
//!   the CI gives the standard error on the log scale, `SE = (ln U - ln L) /
//!   (2·z)`, then `z = ln(estimate) / SE` and `p = 2·Φ(-|z|)` (Altman and
//!   Bland 2011). The inputs are intervals (their rounding); the extreme p's
//!   come from the largest |ln estimate| with the smallest SE and the reverse.
//!   The recomputation is an approximation (the paper's p may come from a
//!   likelihood-ratio, score or exact test), so a p outside the recomputed
//!   interval is flagged only when the two disagree on significance: the CI
//!   at level 1 - alpha excludes 1 while the reported p is above alpha, or the
//!   reverse, for every value inside the rounding (`decision_error`). A p
//!   that merely differs on the same side of alpha is left alone, and so is a p
//!   that the words around it call one-sided or a non-inferiority or
//!   equivalence test.

use trialsift_domain::{Comparator, Number, Statement, StatementValue, Verdict};

use crate::check_names::{CI_CONTAINS_ESTIMATE, P_FROM_RATIO_CI};
use crate::checks::{Draft, interval};
use crate::context::Context;
use crate::format::{fixed, p_value as p_text};
use crate::interval::Range;
use crate::stats::{z_two_sided, z_two_sided_p};

/// Longest gap, in bytes, between statements tied by adjacency.
const ADJACENT_GAP: usize = 24;

/// Measures that are ratios, analysed on the log scale.
const RATIO_MEASURES: [&str; 8] = ["hr", "or", "rr", "irr", "ahr", "aor", "arr", "sir"];

/// Checks every estimate that a CI qualifies, and the p-value that follows them.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (index, statement) in context.checked_statements() {
        let StatementValue::Ci { level, lower, upper, percent, .. } = &statement.value else {
            continue;
        };
        let Some(estimate_index) = context.referent(index, ADJACENT_GAP) else {
            continue;
        };
        let Some(StatementValue::Estimate { measure, value }) =
            context.statement(estimate_index).map(|estimate| &estimate.value)
        else {
            continue;
        };
        if *percent
            || [value, lower, upper].iter().any(|number| context.looks_garbled(number))
            || ![value, lower, upper].iter().all(|number| number.value.is_finite())
        {
            continue;
        }
        let (Some(estimate), Some(low), Some(high)) =
            (Range::rounding(value), Range::rounding(lower), Range::rounding(upper))
        else {
            continue;
        };
        if lower.value > upper.value {
            continue; // ci_bounds says so.
        }
        let figure = context.figure(&[value, lower, upper]);
        if estimate.high < low.low || estimate.low > high.high {
            drafts.push(Draft::new(
                CI_CONTAINS_ESTIMATE,
                Verdict::Inconsistent,
                figure,
                vec![interval("ci", lower.value, upper.value)],
                format!(
                    "The {} {} lies outside its confidence interval {} to {}.",
                    measure.to_uppercase(),
                    context.number_text(value),
                    context.number_text(lower),
                    context.number_text(upper)
                ),
                &[value, lower, upper],
            ));
            continue;
        }
        if !RATIO_MEASURES.contains(&measure.as_str()) || lower.value <= 0.0 {
            continue;
        }
        let Some((comparator, p_number)) = following_p(context, index, estimate_index) else {
            continue;
        };
        if p_number.value <= 0.0 || p_number.value > 1.0 || context.looks_garbled(p_number) {
            continue;
        }
        if tests_something_else(context, p_number) {
            continue;
        }
        let confidence = level.unwrap_or(95.0) / 100.0;
        let Some(recomputed) = p_from_ratio_ci(estimate, low, high, confidence) else {
            continue;
        };
        let reported = context.labeled(p_number);
        let reported_range = match comparator {
            Comparator::Eq => Range::new(
                p_number.value - p_number.half_unit(),
                p_number.value + p_number.half_unit(),
            ),
            Comparator::Lt | Comparator::Le => Range::new(0.0, p_number.value),
            Comparator::Gt | Comparator::Ge => Range::new(p_number.value, 1.0),
        };
        let head = format!(
            "The {} {figure} gives SE(ln {}) from the CI and p = {} to {} by the normal \
             approximation",
            measure.to_uppercase(),
            measure.to_uppercase(),
            p_text(recomputed.low),
            p_text(recomputed.high)
        );
        let numbers = [value, lower, upper, p_number];
        let draft = if reported_range.overlaps(&recomputed) {
            Draft::new(
                P_FROM_RATIO_CI,
                Verdict::Consistent,
                reported.clone(),
                vec![interval("p", recomputed.low, recomputed.high)],
                format!("{head}, which agrees with the reported {reported}."),
                &numbers,
            )
        } else {
            // The CI at level 1 - alpha excludes 1 exactly when its p is below alpha.
            let alpha = 1.0 - confidence;
            let excludes_one = low.low > 1.0 || high.high < 1.0;
            let includes_one = low.high < 1.0 && high.low > 1.0;
            let reported_significant = match comparator {
                Comparator::Eq => Some(p_number.value < alpha),
                Comparator::Lt | Comparator::Le => (p_number.value <= alpha).then_some(true),
                Comparator::Gt | Comparator::Ge => (p_number.value >= alpha).then_some(false),
            };
            let flips = match reported_significant {
                Some(true) => includes_one && recomputed.low > alpha,
                Some(false) => excludes_one && recomputed.high < alpha,
                None => false,
            };
            if !flips {
                continue;
            }
            let ci_side = if excludes_one { "excludes" } else { "includes" };
            Draft::new(
                P_FROM_RATIO_CI,
                Verdict::DecisionError,
                reported.clone(),
                vec![interval("p", recomputed.low, recomputed.high)],
                format!(
                    "{head}, not the reported {reported}: the {}% CI {ci_side} 1, so the p \
                     should be on the other side of {}.",
                    fixed(confidence * 100.0, 0),
                    fixed(alpha, 2)
                ),
                &numbers,
            )
        };
        drafts.push(draft.anchored_at(p_number));
    }
}

/// Words near a p-value that say it is not the two-sided test of "ratio = 1" ("P for trend",
/// "P for interaction" test something else than the ratio before them).
const OTHER_TEST_CUES: [&str; 11] = [
    "inferiority",
    "equivalence",
    "one-sided",
    "one sided",
    "one-tailed",
    "one tailed",
    "for trend",
    "p-trend",
    "p trend",
    "interaction",
    "heterogeneity",
];

/// Tells whether the words just before or after a p-value say it tests something other than
/// "ratio = 1", two-sided ("P < 0.001 for noninferiority", "stratified one-sided P = 0.0401").
fn tests_something_else(context: &Context<'_>, p_number: &Number) -> bool {
    let around = context.lower_between(
        p_number.start.saturating_sub(40),
        p_number.end.saturating_add(40).min(context.lower_text().len()),
    );
    OTHER_TEST_CUES.iter().any(|cue| around.contains(cue))
}

/// Returns the p-value that qualifies a CI or its estimate (through `refers_to`, or by
/// adjacency) and stands right after the CI in the same sentence.
fn following_p<'a>(
    context: &Context<'a>,
    ci_index: usize,
    estimate_index: usize,
) -> Option<(Comparator, &'a Number)> {
    let statements: &'a [Statement] = context.statements();
    statements.iter().enumerate().skip(ci_index + 1).take(2).find_map(|(later, statement)| {
        let StatementValue::PValue { comparator, value } = &statement.value else {
            return None;
        };
        let target = context.referent(later, ADJACENT_GAP)?;
        let ci = context.statement(ci_index)?;
        // Only a p right after the CI: one tied from further away may be another comparison's.
        let close = context.adjacent(ci, statement, ADJACENT_GAP);
        (close && (target == ci_index || target == estimate_index)).then_some((*comparator, value))
    })
}

/// Recomputes the two-sided p of a ratio from its CI on the log scale, over the rounding of
/// the estimate and bounds; `None` when a bound is not positive.
pub(crate) fn p_from_ratio_ci(
    estimate: Range,
    lower: Range,
    upper: Range,
    confidence: f64,
) -> Option<Range> {
    let z = z_two_sided(confidence)?;
    if lower.low <= 0.0 || estimate.low <= 0.0 {
        return None;
    }
    let se_low = (upper.low.ln() - lower.high.ln()) / (2.0 * z);
    let se_high = (upper.high.ln() - lower.low.ln()) / (2.0 * z);
    if !(se_high.is_finite() && se_high > 0.0) {
        return None;
    }
    let log_estimate = Range::new(estimate.low.ln(), estimate.high.ln()).abs();
    let se_low = se_low.max(f64::MIN_POSITIVE);
    let p_low = z_two_sided_p(log_estimate.high / se_low)?;
    let p_high = z_two_sided_p(log_estimate.low / se_high)?;
    Some(Range::new(p_low, p_high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{number_in, spanning};
    use trialsift_domain::{Extraction, Finding};

    fn findings(
        text: &str,
        measure: &str,
        parts: [&str; 3],
        p: Option<(Comparator, &str)>,
    ) -> Vec<Finding> {
        let value = number_in(text, parts[0], 0);
        let lower = number_in(text, parts[1], value.end);
        let upper = number_in(text, parts[2], lower.end);
        let mut statements = vec![
            spanning(
                StatementValue::Estimate { measure: measure.to_owned(), value: value.clone() },
                &[&value],
            ),
            spanning(
                StatementValue::Ci {
                    level: Some(95.0),
                    lower: lower.clone(),
                    upper: upper.clone(),
                    method: None,
                    percent: false,
                },
                &[&lower, &upper],
            ),
        ];
        statements[1].refers_to = Some(0);
        if let Some((comparator, written)) = p {
            let number = number_in(text, written, upper.end);
            let mut statement =
                spanning(StatementValue::PValue { comparator, value: number.clone() }, &[&number]);
            statement.refers_to = Some(0);
            statements.push(statement);
        }
        let extraction = Extraction { statements, ..Extraction::default() };
        crate::validate(text, &extraction).findings
    }

    #[test]
    fn a_hazard_ratio_p_is_recomputed_from_its_ci() {
        // HR 0.72 (0.58 to 0.89): SE = (ln 0.89 - ln 0.58) / 3.92 = 0.1092, z = -3.008, p = 0.0026.
        let text = "Mortality was lower (HR 0.72, 95% CI 0.58 to 0.89; p = 0.003).";
        let found = findings(text, "hr", ["0.72", "0.58", "0.89"], Some((Comparator::Eq, "0.003")));
        let finding = found.iter().find(|f| f.check == P_FROM_RATIO_CI).expect("finding");
        assert_eq!(finding.verdict, Verdict::Consistent, "{finding:#?}");
        let p = &finding.recomputed[0];
        assert!(p.low < 0.0026 && p.high > 0.0026, "{p:?}");
    }

    #[test]
    fn a_p_on_the_wrong_side_of_the_ci_is_a_decision_error() {
        let text = "Mortality was lower (HR 0.72, 95% CI 0.58 to 0.89; p = 0.12).";
        let found = findings(text, "hr", ["0.72", "0.58", "0.89"], Some((Comparator::Eq, "0.12")));
        let finding = found.iter().find(|f| f.check == P_FROM_RATIO_CI).expect("finding");
        assert_eq!(finding.verdict, Verdict::DecisionError, "{finding:#?}");
        // Same side, different value: left alone (the p may come from another test).
        let text = "Mortality was lower (HR 0.72, 95% CI 0.58 to 0.89; p = 0.02).";
        let found = findings(text, "hr", ["0.72", "0.58", "0.89"], Some((Comparator::Eq, "0.02")));
        assert!(found.iter().all(|f| f.check != P_FROM_RATIO_CI), "{found:#?}");
    }

    #[test]
    fn one_sided_and_noninferiority_p_values_are_left_alone() {
        for text in [
            "Mortality was lower (HR 0.88, 95% CI 0.74 to 1.03; p = 0.001 for noninferiority).",
            "Mortality was lower (HR 0.88, 95% CI 0.74 to 1.03; one-sided p = 0.001).",
        ] {
            let found =
                findings(text, "hr", ["0.88", "0.74", "1.03"], Some((Comparator::Eq, "0.001")));
            assert!(found.iter().all(|f| f.check != P_FROM_RATIO_CI), "{found:#?}");
        }
    }

    #[test]
    fn an_estimate_outside_its_ci_is_flagged() {
        let text = "The odds ratio was 2.9 (95% CI 1.1 to 2.4).";
        let found = findings(text, "or", ["2.9", "1.1", "2.4"], None);
        let finding = found.iter().find(|f| f.check == CI_CONTAINS_ESTIMATE).expect("finding");
        assert_eq!(finding.verdict, Verdict::Inconsistent);
        let text = "The odds ratio was 1.6 (95% CI 1.1 to 2.4).";
        let found = findings(text, "or", ["1.6", "1.1", "2.4"], None);
        assert!(found.iter().all(|f| f.check != CI_CONTAINS_ESTIMATE), "{found:#?}");
    }
}
