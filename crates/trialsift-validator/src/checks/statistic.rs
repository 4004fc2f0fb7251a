//! `p_from_statistic`: a p-value recomputed from a reported test statistic and its degrees of
//! freedom, statcheck's job.
//!
//! Families: `t(df)`, `F(df1, df2)`, `χ²(df)`, `z`, and `r(df)` (through
//! `t = r·sqrt(df / (1 - r²))`). t, z and r are two-sided; F and χ² use their
//! upper tail. The statistic is an interval: its rounding (`2.20` is
//! `[2.195, 2.205]`), or everything below or above it when written `t < 2.2` or
//! `t > 2.2`; a non-integer df (Welch) is an interval too. The p-value falls as
//! the statistic grows, so the recomputed p is an interval whose ends come from
//! the ends of the statistic's.
//!
//! The reported p is `= x` (its rounding interval), `< x`, `> x`, or `ns`
//! (p above alpha). It is consistent when it meets the recomputed interval.
//! For t, z and r it is also consistent when it meets half the two-sided
//! interval, i.e. as a one-sided test: the explanation then says whether the
//! text calls the test one-sided or not. A mismatch is a `decision_error` when
//! the reported p is on one side of alpha (`p = .05` counts as significant, as
//! in statcheck) and the whole recomputed interval on the other.
//!
//! A p reported as zero or below (`p = .000`, `p < .000`) is left to
//! `p_value_range`, which flags it; a statistic without its df is
//! `not_checkable`.

use trialsift_domain::{Comparator, Number, Statement, StatementValue, TestKind, Verdict};

use crate::check_names::P_FROM_STATISTIC;
use crate::checks::{Draft, interval};
use crate::context::Context;
use crate::format::p_value as p_text;
use crate::interval::Range;
use crate::stats::{chi_square_upper_p, f_upper_p, r_two_sided_p, t_two_sided_p, z_two_sided_p};

/// Longest gap, in bytes, between a statistic and the p-value that follows it without `refers_to`.
const ADJACENT_GAP: usize = 16;

/// Words that say a test was one-sided.
const ONE_SIDED_CUES: [&str; 4] = ["one-tailed", "one-sided", "one tailed", "one sided"];

/// How the p-value of a statistic is reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ReportedP {
    /// `p = x`, `p < x`, ... with the value's rounding half-unit.
    Compared {
        /// The comparator.
        comparator: Comparator,
        /// The reported value.
        value: f64,
        /// Half a unit of the last reported decimal.
        half: f64,
    },
    /// `ns`: not significant at alpha.
    NotSignificant,
}

impl ReportedP {
    /// Returns the reported p from a p-value number and its comparator.
    pub fn compared(comparator: Comparator, number: &Number) -> Self {
        Self::Compared { comparator, value: number.value, half: number.half_unit() }
    }

    /// Tells whether some p in the interval is compatible with the report.
    fn meets(self, recomputed: Range, alpha: f64) -> bool {
        let slack = 1e-12;
        match self {
            ReportedP::Compared { comparator: Comparator::Eq, value, half } => {
                recomputed.overlaps(&Range::new(value - half, value + half))
            }
            ReportedP::Compared { comparator: Comparator::Lt, value, .. } => {
                recomputed.low < value - slack
            }
            ReportedP::Compared { comparator: Comparator::Le, value, .. } => {
                recomputed.low <= value + slack
            }
            ReportedP::Compared { comparator: Comparator::Gt, value, .. } => {
                recomputed.high > value + slack
            }
            ReportedP::Compared { comparator: Comparator::Ge, value, .. } => {
                recomputed.high >= value - slack
            }
            ReportedP::NotSignificant => recomputed.high > alpha,
        }
    }

    /// Returns whether the report calls the result significant at alpha, when it says.
    fn significant(self, alpha: f64) -> Option<bool> {
        match self {
            ReportedP::Compared { comparator: Comparator::Eq, value, .. } => Some(value <= alpha),
            ReportedP::Compared { comparator: Comparator::Lt | Comparator::Le, value, .. } => {
                (value <= alpha).then_some(true)
            }
            ReportedP::Compared { comparator: Comparator::Gt | Comparator::Ge, value, .. } => {
                (value >= alpha).then_some(false)
            }
            ReportedP::NotSignificant => Some(false),
        }
    }
}

/// A reported statistic with everything the recomputation needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ReportedStatistic {
    /// The family.
    pub test: TestKind,
    /// `=` in `t(28) = 2.2`, `<` in `t(28) < 2.2`.
    pub comparator: Comparator,
    /// The statistic's value and its rounding half-unit.
    pub value: f64,
    /// Half a unit of the statistic's last decimal.
    pub half: f64,
    /// First degrees of freedom with its rounding half-unit (0 for a whole df).
    pub df1: Option<(f64, f64)>,
    /// Second degrees of freedom (F) with its half-unit.
    pub df2: Option<(f64, f64)>,
}

/// The outcome of recomputing one reported p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// The recomputed p (two-sided for t, z, r), as an interval.
    pub recomputed: Range,
    /// Whether only the one-sided reading (half the two-sided p) matches.
    pub one_sided: bool,
}

/// Why a statistic cannot be recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// The degrees of freedom the family needs are not given.
    DegreesOfFreedom,
    /// The statistic is impossible (negative F or χ², |r| above 1) or not finite.
    Impossible,
}

/// Returns the p-value of a statistic value for the family, two-sided where that applies.
fn p_of(test: TestKind, value: f64, df1: f64, df2: f64) -> Option<f64> {
    match test {
        TestKind::T => t_two_sided_p(value, df1),
        TestKind::Z => z_two_sided_p(value),
        TestKind::R => r_two_sided_p(value.min(1.0), df1),
        TestKind::F => f_upper_p(value, df1, df2),
        TestKind::ChiSquare => chi_square_upper_p(value, df1),
    }
}

/// Returns the interval of p-values the reported statistic allows.
pub(crate) fn recompute(statistic: &ReportedStatistic) -> Result<Range, Missing> {
    let ReportedStatistic { test, comparator, value, half, df1, df2 } = *statistic;
    if !value.is_finite() || !half.is_finite() {
        return Err(Missing::Impossible);
    }
    let needs_df1 = !matches!(test, TestKind::Z);
    let needs_df2 = matches!(test, TestKind::F);
    if (needs_df1 && df1.is_none()) || (needs_df2 && df2.is_none()) {
        return Err(Missing::DegreesOfFreedom);
    }
    let signed = matches!(test, TestKind::T | TestKind::Z | TestKind::R);
    if !signed && value < 0.0 {
        return Err(Missing::Impossible);
    }
    let magnitude = value.abs();
    if matches!(test, TestKind::R) && magnitude > 1.0 {
        return Err(Missing::Impossible);
    }
    // The interval of |statistic| the report allows.
    let ceiling = if matches!(test, TestKind::R) { 1.0 } else { f64::INFINITY };
    let (low, high) = match comparator {
        Comparator::Eq => ((magnitude - half).max(0.0), (magnitude + half).min(ceiling)),
        Comparator::Lt | Comparator::Le => (0.0, (magnitude + half).min(ceiling)),
        Comparator::Gt | Comparator::Ge => ((magnitude - half).max(0.0), ceiling),
    };
    // The p-value is monotone in the statistic; over a rounded df, try both ends.
    let df_ends = |df: Option<(f64, f64)>| match df {
        Some((df, df_half)) => [(df - df_half).max(f64::MIN_POSITIVE), df + df_half],
        None => [1.0, 1.0],
    };
    let mut p_values = Vec::with_capacity(8);
    for first in df_ends(df1) {
        for second in df_ends(df2) {
            for end in [low, high] {
                p_values.push(p_of(test, end, first, second).ok_or(Missing::Impossible)?);
            }
        }
    }
    let low_p = p_values.iter().copied().fold(f64::INFINITY, f64::min);
    let high_p = p_values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Ok(Range::new(low_p, high_p))
}

/// Judges a reported p against the statistic at `alpha`; `one_sided_text` tells whether the
/// text calls the test one-sided.
///
/// Without such words, the one-sided reading is tried only for an exact `p = x` next to an
/// exact statistic: "half the two-sided p" is then a precise coincidence, while an inequality
/// would excuse almost any p.
pub(crate) fn judge(
    statistic: &ReportedStatistic,
    reported: ReportedP,
    alpha: f64,
    one_sided_text: bool,
) -> Result<Judgement, Missing> {
    let recomputed = recompute(statistic)?;
    if reported.meets(recomputed, alpha) {
        return Ok(Judgement { verdict: Verdict::Consistent, recomputed, one_sided: false });
    }
    let two_tailed = matches!(statistic.test, TestKind::T | TestKind::Z | TestKind::R);
    let exact = statistic.comparator == Comparator::Eq
        && matches!(reported, ReportedP::Compared { comparator: Comparator::Eq, .. });
    let halved = Range::new(0.5 * recomputed.low, 0.5 * recomputed.high);
    if two_tailed && (one_sided_text || exact) && reported.meets(halved, alpha) {
        return Ok(Judgement { verdict: Verdict::Consistent, recomputed, one_sided: true });
    }
    let flips = match reported.significant(alpha) {
        Some(true) => recomputed.low > alpha,
        Some(false) => recomputed.high <= alpha,
        None => false,
    };
    let verdict = if flips { Verdict::DecisionError } else { Verdict::Inconsistent };
    Ok(Judgement { verdict, recomputed, one_sided: false })
}

/// Checks every test statistic that a p-value (or `ns`) follows.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    let statements = context.statements();
    for (index, statement) in context.checked_statements() {
        let StatementValue::TestStatistic { test, df1, df2, comparator, value } = &statement.value
        else {
            continue;
        };
        if [Some(value), df1.as_ref(), df2.as_ref()]
            .into_iter()
            .flatten()
            .any(|number| context.looks_garbled(number))
        {
            continue;
        }
        let p_value =
            statements.iter().enumerate().skip(index + 1).take(3).find_map(|(later, _)| {
                (context.referent(later, ADJACENT_GAP) == Some(index)).then_some(later)
            });
        let (reported, p_number, reported_text) = match p_value.and_then(|at| {
            let StatementValue::PValue { comparator, value } = &statements.get(at)?.value else {
                return None;
            };
            Some((*comparator, value))
        }) {
            Some((comparator, number)) => {
                // Zero or negative p-values are p_value_range's to flag.
                if number.value <= 0.0 || number.value > 1.0 || context.looks_garbled(number) {
                    continue;
                }
                (ReportedP::compared(comparator, number), Some(number), context.labeled(number))
            }
            None if says_not_significant(context, statement) => {
                (ReportedP::NotSignificant, None, "ns".to_owned())
            }
            None => continue,
        };
        let statistic = ReportedStatistic {
            test: *test,
            // The record's comparator, or (for records that predate it) the one written before
            // the value.
            comparator: match comparator {
                Comparator::Eq => statistic_comparator(context, value),
                written => *written,
            },
            value: value.value,
            half: value.half_unit(),
            df1: df1.as_ref().map(|df| (df.value, df.half_unit_if_fractional())),
            df2: df2.as_ref().map(|df| (df.value, df.half_unit_if_fractional())),
        };
        let statistic_text = context.figure(
            &[df1.as_ref(), df2.as_ref(), Some(value)].into_iter().flatten().collect::<Vec<_>>(),
        );
        let statistic_text = format!("{} {statistic_text}", family_name(*test));
        let mut numbers: Vec<&Number> =
            [Some(value), df1.as_ref(), df2.as_ref()].into_iter().flatten().collect();
        numbers.extend(p_number);
        let alpha = context.alpha();
        let one_sided_text = says_one_sided(context, statement);
        let draft = match judge(&statistic, reported, alpha, one_sided_text) {
            Err(Missing::DegreesOfFreedom) => Draft::new(
                P_FROM_STATISTIC,
                Verdict::NotCheckable,
                reported_text.clone(),
                Vec::new(),
                format!(
                    "{statistic_text} cannot be turned into a p-value: its degrees of freedom \
                     are not reported."
                ),
                &numbers,
            ),
            Err(Missing::Impossible) => continue,
            Ok(judgement) => Draft::new(
                P_FROM_STATISTIC,
                judgement.verdict,
                reported_text.clone(),
                vec![interval("p", judgement.recomputed.low, judgement.recomputed.high)],
                explain(&statistic_text, &reported_text, &judgement, one_sided_text, alpha),
                &numbers,
            ),
        };
        drafts.push(draft.anchored_at(p_number.unwrap_or(value)));
    }
}

/// Writes the explanation of a judgement.
fn explain(
    statistic: &str,
    reported: &str,
    judgement: &Judgement,
    one_sided_text: bool,
    alpha: f64,
) -> String {
    let range = judgement.recomputed;
    let p_range = if p_text(range.low) == p_text(range.high) {
        p_text(range.low)
    } else {
        format!("{} to {}", p_text(range.low), p_text(range.high))
    };
    let head = format!("{statistic} gives p = {p_range} over the statistic's rounding");
    match judgement.verdict {
        Verdict::Consistent if judgement.one_sided => {
            let said = if one_sided_text {
                "the text says the test is one-sided"
            } else {
                "the text does not say the test is one-sided"
            };
            format!(
                "{head} (two-sided); {reported} matches the one-sided p = {} to {} ({said}).",
                p_text(0.5 * range.low),
                p_text(0.5 * range.high)
            )
        }
        Verdict::Consistent => format!("{head}, which agrees with the reported {reported}."),
        Verdict::DecisionError => format!(
            "{head}, not the reported {reported}, and the recomputed p is on the other side of \
             alpha = {alpha}."
        ),
        _ => format!("{head}, which does not match the reported {reported}."),
    }
}

/// Returns the family's name as written in explanations.
fn family_name(test: TestKind) -> &'static str {
    match test {
        TestKind::T => "t",
        TestKind::F => "F",
        TestKind::ChiSquare => "χ²",
        TestKind::Z => "z",
        TestKind::R => "r",
    }
}

/// Returns the comparator written right before the statistic's value (`t(28) < 2.2`).
fn statistic_comparator(context: &Context<'_>, value: &Number) -> Comparator {
    let before = context.lower_between(value.start.saturating_sub(4), value.start).trim_end();
    if before.ends_with("<=") || before.ends_with('≤') {
        Comparator::Le
    } else if before.ends_with(">=") || before.ends_with('≥') {
        Comparator::Ge
    } else if before.ends_with('<') {
        Comparator::Lt
    } else if before.ends_with('>') {
        Comparator::Gt
    } else {
        Comparator::Eq
    }
}

/// Tells whether `ns` or `n.s.` follows the statistic closely (`t(28) = 2.20, ns`).
fn says_not_significant(context: &Context<'_>, statement: &Statement) -> bool {
    let text_end = context.lower_text().len();
    let after =
        context.lower_between(statement.end, statement.end.saturating_add(12).min(text_end));
    let words: Vec<&str> =
        after.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')).take(3).collect();
    words
        .iter()
        .filter(|word| !word.is_empty())
        .take(1)
        .any(|word| matches!(word.trim_end_matches(['.', ',']), "ns" | "n.s"))
}

/// Tells whether the sentence of a statistic calls the test one-sided (or one-tailed).
fn says_one_sided(context: &Context<'_>, statement: &Statement) -> bool {
    let (start, end) = context.sentence(context.position(statement));
    let sentence = context.lower_between(start, end);
    ONE_SIDED_CUES.iter().any(|cue| sentence.contains(cue))
}

/// Half a unit of a degrees-of-freedom figure's last decimal, or 0 for a whole df.
trait DegreesOfFreedom {
    /// Returns the df's rounding half-unit: 0 for a whole df, which is exact.
    fn half_unit_if_fractional(&self) -> f64;
}

impl DegreesOfFreedom for Number {
    fn half_unit_if_fractional(&self) -> f64 {
        if self.decimals == 0 { 0.0 } else { self.half_unit() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reported statistic with whole df.
    fn stat(
        test: TestKind,
        comparator: Comparator,
        written: &str,
        df: &[f64],
    ) -> ReportedStatistic {
        let number = crate::testkit::number(written, 0);
        ReportedStatistic {
            test,
            comparator,
            value: number.value,
            half: number.half_unit(),
            df1: df.first().map(|df| (*df, 0.0)),
            df2: df.get(1).map(|df| (*df, 0.0)),
        }
    }

    /// A reported `p = x` (or other comparator).
    fn p(comparator: Comparator, written: &str) -> ReportedP {
        ReportedP::compared(comparator, &crate::testkit::number(written, 0))
    }

    fn verdict(statistic: ReportedStatistic, reported: ReportedP) -> Verdict {
        judge(&statistic, reported, 0.05, false)
            .map(|judgement| judgement.verdict)
            .unwrap_or(Verdict::NotCheckable)
    }

    #[test]
    fn t_with_a_matching_p_is_consistent_and_a_wrong_one_is_not() {
        let t = stat(TestKind::T, Comparator::Eq, "2.20", &[28.0]);
        assert_eq!(verdict(t, p(Comparator::Eq, ".036")), Verdict::Consistent);
        assert_eq!(verdict(t, p(Comparator::Eq, ".037")), Verdict::Consistent);
        assert_eq!(verdict(t, p(Comparator::Eq, ".03")), Verdict::Inconsistent);
        assert_eq!(verdict(t, p(Comparator::Eq, ".30")), Verdict::DecisionError);
        // p = .05 counts as significant, like the recomputed .036: no decision error.
        assert_eq!(verdict(t, p(Comparator::Eq, ".05")), Verdict::Inconsistent);
    }

    #[test]
    fn half_the_two_sided_p_is_accepted_as_one_sided() {
        let t = stat(TestKind::T, Comparator::Eq, "2.20", &[28.0]);
        let judgement = judge(&t, p(Comparator::Eq, ".018"), 0.05, false).expect("computable");
        assert_eq!(judgement.verdict, Verdict::Consistent);
        assert!(judgement.one_sided);
        // F and chi-square have no one-sided reading.
        let f = stat(TestKind::F, Comparator::Eq, "4.84", &[1.0, 28.0]);
        assert_eq!(verdict(f, p(Comparator::Eq, ".036")), Verdict::Consistent);
        assert_eq!(verdict(f, p(Comparator::Eq, ".018")), Verdict::Inconsistent);
    }

    #[test]
    fn inequalities_on_the_statistic_open_the_p_interval() {
        let below = stat(TestKind::T, Comparator::Lt, "2.2", &[28.0]);
        assert_eq!(verdict(below, p(Comparator::Eq, ".08")), Verdict::Consistent);
        assert_eq!(verdict(below, p(Comparator::Lt, ".02")), Verdict::Inconsistent);
        let above = stat(TestKind::T, Comparator::Gt, "2.2", &[28.0]);
        assert_eq!(verdict(above, p(Comparator::Lt, ".02")), Verdict::Consistent);
        assert_eq!(verdict(above, p(Comparator::Gt, ".08")), Verdict::DecisionError);
    }

    #[test]
    fn ns_means_above_alpha() {
        let t = stat(TestKind::T, Comparator::Eq, "2.20", &[28.0]);
        assert_eq!(verdict(t, ReportedP::NotSignificant), Verdict::DecisionError);
        let weak = stat(TestKind::T, Comparator::Eq, "1.20", &[28.0]);
        assert_eq!(verdict(weak, ReportedP::NotSignificant), Verdict::Consistent);
    }

    #[test]
    fn every_family_recomputes() {
        let z = stat(TestKind::Z, Comparator::Eq, "-2.42", &[]);
        assert_eq!(verdict(z, p(Comparator::Eq, "0.016")), Verdict::Consistent);
        let chi = stat(TestKind::ChiSquare, Comparator::Eq, "52.20", &[28.0]);
        assert_eq!(verdict(chi, p(Comparator::Eq, ".06")), Verdict::DecisionError);
        let r = stat(TestKind::R, Comparator::Eq, ".22", &[28.0]);
        assert_eq!(verdict(r, p(Comparator::Eq, ".26")), Verdict::Inconsistent);
        assert_eq!(verdict(r, p(Comparator::Eq, ".24")), Verdict::Consistent);
    }

    #[test]
    fn missing_df_and_impossible_values_are_named() {
        let t = stat(TestKind::T, Comparator::Eq, "2.2", &[]);
        assert_eq!(
            judge(&t, p(Comparator::Eq, ".03"), 0.05, false),
            Err(Missing::DegreesOfFreedom)
        );
        let r = stat(TestKind::R, Comparator::Eq, "1.3", &[20.0]);
        assert_eq!(judge(&r, p(Comparator::Eq, ".03"), 0.05, false), Err(Missing::Impossible));
        let f = stat(TestKind::F, Comparator::Eq, "-1", &[1.0, 20.0]);
        assert_eq!(judge(&f, p(Comparator::Eq, ".03"), 0.05, false), Err(Missing::Impossible));
    }

    #[test]
    fn welch_df_is_an_interval() {
        let t = ReportedStatistic {
            test: TestKind::T,
            comparator: Comparator::Eq,
            value: 2.2,
            half: 0.005,
            df1: Some((27.3, 0.05)),
            df2: None,
        };
        let range = recompute(&t).expect("computable");
        assert!(range.low < 0.0366 && range.high > 0.0355, "{range:?}");
    }
}
