//! Range checks: figures that must lie in a range whatever the data.
//!
//! - `p_value_range`: p lies in `[0, 1]`, and is never reported as exactly 0;
//! - `ci_bounds`: a CI's lower bound does not exceed its upper bound;
//! - `median_iqr`: `Q1 <= median <= Q3`, each within its rounding;
//! - `sd_range`: an SD written after `±` is not negative.
//!
//! Range findings are emitted only when something is wrong, except the
//! median/IQR one, which also confirms each median it checks. Later range
//! checks (instrument ranges, SD >= 0, CI contains its estimate) belong here.

use trialsift_domain::{Comparator, Number, StatementValue, Verdict};

use crate::check_names::{CI_BOUNDS, MEDIAN_IQR, P_VALUE_RANGE, SD_RANGE};
use crate::checks::{Draft, interval};
use crate::context::Context;
use crate::interval::Range;

/// Runs the range checks over every statement.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (_, statement) in context.checked_statements() {
        let draft = match &statement.value {
            StatementValue::PValue { comparator, value } => p_value(context, *comparator, value),
            StatementValue::Ci { lower, upper, .. } => ci_bounds(context, lower, upper),
            StatementValue::MedianIqr { median, q1, q3 } => median_iqr(context, median, q1, q3),
            StatementValue::MeanSd { mean, sd, .. } => sd_range(context, mean, sd),
            _ => None,
        };
        drafts.extend(draft);
    }
}

/// Checks that a reported p-value can be a probability.
fn p_value(context: &Context<'_>, comparator: Comparator, value: &Number) -> Option<Draft> {
    // `P<0/001`: a decimal point typed as a slash, on top of the usual misreadings.
    let slash_decimal = {
        let mut after = context.after(value, 2).chars();
        after.next() == Some('/') && after.next().is_some_and(|c| c.is_ascii_digit())
    };
    if !value.value.is_finite() || context.looks_garbled(value) || slash_decimal {
        return None;
    }
    let reported = context.labeled(value);
    let inconsistent = |explanation: String| {
        Some(Draft::new(
            P_VALUE_RANGE,
            Verdict::Inconsistent,
            reported.clone(),
            Vec::new(),
            explanation,
            &[value],
        ))
    };
    let written = context.number_text(value);
    let p = value.value;
    let threshold = format!(
        "{:.*}",
        usize::from(value.decimals.clamp(3, 12)),
        10f64.powi(-i32::from(value.decimals.max(3)))
    );
    match comparator {
        Comparator::Eq if p == 0.0 => inconsistent(format!(
            "p cannot be exactly zero; report p < {threshold} instead of {reported}."
        )),
        Comparator::Lt | Comparator::Le if p <= 0.0 => inconsistent(format!(
            "p cannot be below zero; report p < {threshold} instead of {reported}."
        )),
        Comparator::Eq | Comparator::Gt | Comparator::Ge if p > 1.0 => inconsistent(format!(
            "p is a probability and cannot exceed 1, but {written} is reported."
        )),
        Comparator::Eq | Comparator::Lt | Comparator::Le if p < 0.0 => inconsistent(format!(
            "p is a probability and cannot be negative, but {written} is reported."
        )),
        _ => None,
    }
}

/// Checks that an SD written after `±` is not negative (`12.1 ± -2.3`).
///
/// Only the `±` form: in `mean (SD)` a negative second number is more often a misread range
/// or CI bound than a reported SD.
fn sd_range(context: &Context<'_>, mean: &Number, sd: &Number) -> Option<Draft> {
    if sd.value >= 0.0 || !sd.value.is_finite() || context.looks_garbled(sd) {
        return None;
    }
    let between = context.lower_between(mean.end, sd.start);
    if !between.contains('±') && !between.contains("+/-") {
        return None;
    }
    let reported = context.figure(&[mean, sd]);
    Some(
        Draft::new(
            SD_RANGE,
            Verdict::Inconsistent,
            reported,
            vec![interval("sd", 0.0, f64::INFINITY)],
            format!(
                "a standard deviation cannot be negative, but {} is reported.",
                context.number_text(sd)
            ),
            &[mean, sd],
        )
        .anchored_at(sd),
    )
}

/// Checks that a CI's lower bound does not exceed its upper bound.
fn ci_bounds(context: &Context<'_>, lower: &Number, upper: &Number) -> Option<Draft> {
    let lower_range = Range::rounding(lower)?;
    let upper_range = Range::rounding(upper)?;
    if !lower_range.entirely_above(&upper_range)
        || context.looks_garbled(lower)
        || context.looks_garbled(upper)
    {
        return None;
    }
    let (lower_text, upper_text) = (context.number_text(lower), context.number_text(upper));
    if minus_read_as_two(&lower_text, &upper_text) {
        return None;
    }
    let explanation = format!(
        "The lower bound {lower_text} is above the upper bound {upper_text}; the bounds may be written in reverse order."
    );
    let reported = context.figure(&[lower, upper]);
    Some(
        Draft::new(
            CI_BOUNDS,
            Verdict::Inconsistent,
            reported,
            Vec::new(),
            explanation,
            &[lower, upper],
        )
        .anchored_at(lower),
    )
}

/// Whether a reversed interval is more likely a minus sign lost in the text's conversion: some
/// PDF-to-text sources render `−` (U+2212) as the digit `2`, so `−0.38, −0.14` arrives as
/// `20.38, 20.14` and `−0.8–0.35` as `20.8–0.35`. When the lower bound starts with a `2` and
/// reading that `2` as a minus sign (in either bound) orders the interval, the bounds cannot be
/// judged: the check says nothing rather than flag a well-ordered interval.
fn minus_read_as_two(lower_text: &str, upper_text: &str) -> bool {
    let as_minus = |text: &str| -> Option<f64> {
        let rest = text.strip_prefix('2')?;
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        rest.parse::<f64>().ok().map(|value| -value)
    };
    let Some(lower) = as_minus(lower_text) else {
        return false;
    };
    let upper_readings = [upper_text.parse::<f64>().ok(), as_minus(upper_text)];
    upper_readings.into_iter().flatten().any(|upper| lower <= upper)
}

/// Checks that a median lies between its quartiles.
fn median_iqr(context: &Context<'_>, median: &Number, q1: &Number, q3: &Number) -> Option<Draft> {
    if [median, q1, q3].iter().any(|number| context.looks_garbled(number)) {
        return None;
    }
    let median_range = Range::rounding(median)?;
    let q1_range = Range::rounding(q1)?;
    let q3_range = Range::rounding(q3)?;
    let (median_text, q1_text, q3_text) =
        (context.number_text(median), context.number_text(q1), context.number_text(q3));
    let reported = context.figure(&[median, q1, q3]);
    let allowed = vec![interval("median", q1_range.low, q3_range.high)];
    let draft = |verdict: Verdict, explanation: String| {
        Some(
            Draft::new(
                MEDIAN_IQR,
                verdict,
                reported.clone(),
                allowed.clone(),
                explanation,
                &[median, q1, q3],
            )
            .anchored_at(median),
        )
    };
    if q1_range.entirely_above(&q3_range) {
        return draft(
            Verdict::Inconsistent,
            format!("The first quartile {q1_text} is above the third quartile {q3_text}."),
        );
    }
    if q1_range.entirely_above(&median_range) {
        return draft(
            Verdict::Inconsistent,
            format!("The median {median_text} is below its first quartile {q1_text}."),
        );
    }
    if median_range.entirely_above(&q3_range) {
        return draft(
            Verdict::Inconsistent,
            format!("The median {median_text} is above its third quartile {q3_text}."),
        );
    }
    draft(
        Verdict::Consistent,
        format!("The median {median_text} lies within its quartiles {q1_text} to {q3_text}."),
    )
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{Extraction, Finding, Statement, Verdict};

    use super::*;
    use crate::testkit::{number_in, spanning};

    fn findings(text: &str, statements: Vec<Statement>) -> Vec<Finding> {
        crate::validate(text, &Extraction { statements, ..Extraction::default() }).findings
    }

    fn p(text: &str, comparator: Comparator, written: &str) -> Vec<Finding> {
        let value = number_in(text, written, 0);
        let statement =
            spanning(StatementValue::PValue { comparator, value: value.clone() }, &[&value]);
        findings(text, vec![statement])
    }

    #[test]
    fn p_of_zero_is_a_reporting_error() {
        let found = p("differed (p = 0.000).", Comparator::Eq, "0.000");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].check, "p_value_range");
        assert_eq!(found[0].verdict, Verdict::Inconsistent);
        assert_eq!(found[0].reported, "p = 0.000");
        assert!(
            found[0].explanation.starts_with("p cannot be exactly zero; report p < 0.001"),
            "{}",
            found[0].explanation
        );
        let bare = p("differed (P = .000).", Comparator::Eq, ".000");
        assert_eq!(bare[0].reported, "P = .000");
        let below = p("differed (p < .000).", Comparator::Lt, ".000");
        assert_eq!(below[0].verdict, Verdict::Inconsistent);
    }

    #[test]
    fn only_english_statements_are_judged() {
        let text = "p = 0.000 和 p = 0.000";
        let english = number_in(text, "0.000", 0);
        let chinese = number_in(text, "0.000", english.end);
        let mut translated = spanning(
            StatementValue::PValue { comparator: Comparator::Eq, value: chinese.clone() },
            &[&chinese],
        );
        translated.lang = "zh".to_owned();
        let original = spanning(
            StatementValue::PValue { comparator: Comparator::Eq, value: english.clone() },
            &[&english],
        );
        let found = findings(text, vec![original, translated]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].spans, vec![english.span()]);
    }

    #[test]
    fn misread_p_values_are_left_alone() {
        assert!(p("(p=0?029)", Comparator::Eq, "0").is_empty());
        assert!(p("(p < 0,01)", Comparator::Lt, "0").is_empty());
        assert!(p("(P < 0. 05)", Comparator::Lt, "0").is_empty());
        assert!(p("(P<0/001)", Comparator::Lt, "0").is_empty());
        assert!(p("(p = 9.63E - 09)", Comparator::Eq, "9.63").is_empty());
    }

    #[test]
    fn p_outside_zero_one_is_inconsistent_and_valid_p_is_silent() {
        assert_eq!(p("p = 1.2", Comparator::Eq, "1.2")[0].verdict, Verdict::Inconsistent);
        assert_eq!(p("p = -0.2", Comparator::Eq, "-0.2")[0].verdict, Verdict::Inconsistent);
        assert!(p("p = 1.000", Comparator::Eq, "1.000").is_empty());
        assert!(p("p = 0.039", Comparator::Eq, "0.039").is_empty());
        assert!(p("p < 0.0001", Comparator::Lt, "0.0001").is_empty());
    }

    fn ci(text: &str, lower: &str, upper: &str) -> Vec<Finding> {
        let lower = number_in(text, lower, 0);
        let upper = number_in(text, upper, lower.end);
        let statement = spanning(
            StatementValue::Ci {
                level: Some(95.0),
                lower: lower.clone(),
                upper: upper.clone(),
                method: None,
                percent: false,
            },
            &[&lower, &upper],
        );
        findings(text, vec![statement])
    }

    #[test]
    fn reversed_ci_bounds_are_inconsistent() {
        let found = ci("95% CI 64.6 to 19.6", "64.6", "19.6");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].check, "ci_bounds");
        assert_eq!(found[0].reported, "64.6 to 19.6");
        assert!(ci("95% CI -1.2 to 3.4", "-1.2", "3.4").is_empty());
        // 5.3 and 5.25 overlap once rounded: not flagged.
        assert!(ci("95% CI 5.3 to 5.25", "5.3", "5.25").is_empty());
    }

    #[test]
    fn a_minus_sign_read_as_a_two_is_not_judged() {
        // Corpus 23360819 and PMC3656395: `−` rendered as `2` by the text conversion.
        assert!(ci("(95% CI 20.38, 20.14, P=0.000043)", "20.38", "20.14").is_empty());
        assert!(ci("= 0.13; CI 20.8–0.35)", "20.8", "0.35").is_empty());
        assert!(ci("= 21.15; CI 212.26–9.97)", "212.26", "9.97").is_empty());
        // Genuinely reversed bounds are still flagged, a leading 2 or not.
        assert_eq!(ci("(OR=1.77; CI=1.1-.85)", "1.1", ".85").len(), 1);
        assert_eq!(ci("95% CI -0.8 to -3.2", "-0.8", "-3.2").len(), 1);
        assert_eq!(ci("95% CI 2.5 to -4.1", "2.5", "-4.1").len(), 1);
    }

    fn median(text: &str, median: &str, q1: &str, q3: &str) -> Finding {
        let median = number_in(text, median, 0);
        let q1 = number_in(text, q1, median.end);
        let q3 = number_in(text, q3, q1.end);
        let statement = spanning(
            StatementValue::MedianIqr { median: median.clone(), q1: q1.clone(), q3: q3.clone() },
            &[&median, &q1, &q3],
        );
        let mut found = findings(text, vec![statement]);
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn medians_inside_their_quartiles_are_confirmed() {
        let inside = median("from 27 (interquartile range [IQR] 26.5, 31) to", "27", "26.5", "31");
        assert_eq!(inside.verdict, Verdict::Consistent);
        assert_eq!(inside.reported, "27 (interquartile range [IQR] 26.5, 31)");
        let edge = median("28 (IQR 22, 28)", "28", "22", "28");
        assert_eq!(edge.verdict, Verdict::Consistent);
        let negative = median("-3.0 (IQR -15, -1)", "-3.0", "-15", "-1");
        assert_eq!(negative.verdict, Verdict::Consistent);
        // 21.6 rounds from at most 21.65; 22 from at least 21.5: they overlap.
        let rounded = median("21.6 (IQR 22, 28)", "21.6", "22", "28");
        assert_eq!(rounded.verdict, Verdict::Consistent);
    }

    #[test]
    fn medians_outside_their_quartiles_are_inconsistent() {
        let below = median("20 (IQR 22, 28)", "20", "22", "28");
        assert_eq!(below.verdict, Verdict::Inconsistent);
        assert!(below.explanation.contains("below its first quartile 22"));
        let above = median("30 (IQR 22, 28)", "30", "22", "28");
        assert_eq!(above.verdict, Verdict::Inconsistent);
        let swapped = median("25 (IQR 28, 22)", "25", "28", "22");
        assert_eq!(swapped.verdict, Verdict::Inconsistent);
    }

    #[test]
    fn a_negative_sd_after_plus_minus_is_flagged() {
        use crate::testkit::{number_in, spanning};
        let text = "Scores were 12.1 ± -2.3 and 8.0 (-1.2).";
        let build = |mean: &str, sd: &str| {
            let mean = number_in(text, mean, 0);
            let sd = number_in(text, sd, mean.end);
            let value = StatementValue::MeanSd {
                mean: mean.clone(),
                sd: sd.clone(),
                n: None,
                change: false,
            };
            spanning(value, &[&mean, &sd])
        };
        let statements = vec![build("12.1", "-2.3"), build("8.0", "-1.2")];
        let extraction =
            trialsift_domain::Extraction { statements, ..trialsift_domain::Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        let flagged: Vec<_> = findings.iter().filter(|f| f.check == SD_RANGE).collect();
        assert_eq!(flagged.len(), 1, "{findings:#?}");
        assert_eq!(flagged[0].reported, "12.1 ± -2.3");
    }
}
