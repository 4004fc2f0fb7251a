//! `p_from_mean_sd_paired`: a within-group p-value recomputed from the mean change ± SD and n.
//!
//! `t = mean / (sd / sqrt(n))` with `n - 1` degrees of freedom, two-sided.
//! The mean and SD are intervals (their rounding), and since |t| grows with
//! |mean| and shrinks with sd, the extreme p-values sit at two corners of
//! that box; the reported p (an interval too, or a bound with `<`) must meet
//! the recomputed interval.
//!
//! The check runs only when the extraction ties the three together in one
//! of two shapes, and stays silent otherwise:
//!
//! 1. Direct: a p-value qualifies (through `refers_to`, or by following it
//!    within its parentheses) a mean ± SD with n whose clause speaks of a
//!    change ("mean change", "reduction from baseline") and holds no other
//!    mean and no comparison ("compared", "versus", "than").
//! 2. Baseline and follow-up, as in "the mean baseline score was 29.6 ± 7.2
//!    and decreased to 24.1 ± 9.6 (n = 29, p = 0.0011) at 6 months": the
//!    p-value qualifies a follow-up mean with n, a baseline mean opens the
//!    sentence, and exactly one mean change at the same time point is
//!    reported elsewhere ("the mean change at 6 months ... (-5.3 ± 7.9)"):
//!    the first mean of its clause, with no other n, from a compatible arm,
//!    and roughly the difference of the two means. Without such a change the
//!    finding is `not_checkable`: the SD of the change is missing.
//!
//! The second shape runs only when the text names a paired (or one-sample)
//! t test. In the first, a mismatch is reported only when it does; when the
//! test is unnamed a match is confirmed and a mismatch left alone, since the
//! p may come from a signed-rank test. A decision error is a mismatch whose
//! recomputed p lies entirely on the other side of 0.05 from the reported one.
//! Findings cite the figures with their spans; `reported` is the p-value as written.

use trialsift_domain::{Comparator, Number, Statement, StatementValue, Verdict};

use crate::check_names::P_FROM_MEAN_SD_PAIRED;
use crate::checks::{Draft, interval, whole};
use crate::context::{Context, TimePoint, contains_word, first_time_point};
use crate::format::{fixed, p_value as p_text};
use crate::interval::Range;
use crate::stats::t_two_sided_p;

/// Significance level for decision errors.
const ALPHA: f64 = 0.05;

/// Longest gap, in bytes, between a mean ± SD and a p-value that follows it without `refers_to`.
const ADJACENT_GAP: usize = 24;

/// Words that mark a mean as a change within a group.
const CHANGE_CUES: [&str; 7] =
    ["change", "changes", "from baseline", "reduction", "decrease", "increase", "improvement"];

/// Words that mark a comparison between groups.
const COMPARISON_CUES: [&str; 7] =
    ["compared", "versus", "vs", "than", "relative to", "between", "difference"];

/// Share of the difference of the two means a reported change may differ by and still be linked.
const LINK_TOLERANCE: f64 = 0.3;

/// Checks every p-value that the extraction ties to a within-group change.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (index, statement) in context.checked_statements() {
        let StatementValue::PValue { comparator, value } = &statement.value else {
            continue;
        };
        let Some(target) = referent(context, index) else {
            continue;
        };
        let Some(mean) = context.statement(target) else {
            continue;
        };
        let reported = ReportedP { comparator: *comparator, value };
        if let Some(draft) = direct(context, mean, &reported) {
            drafts.push(draft);
        } else if let Some(draft) = follow_up(context, index, target, &reported) {
            drafts.push(draft);
        }
    }
}

/// A p-value as reported.
struct ReportedP<'s> {
    comparator: Comparator,
    value: &'s Number,
}

/// A mean ± SD statement's parts.
struct MeanSd<'s> {
    mean: &'s Number,
    sd: &'s Number,
    n: Option<&'s Number>,
}

/// Returns the mean ± SD parts of a statement.
fn mean_sd(statement: &Statement) -> Option<MeanSd<'_>> {
    match &statement.value {
        StatementValue::MeanSd { mean, sd, n, .. } => Some(MeanSd { mean, sd, n: n.as_ref() }),
        _ => None,
    }
}

/// Returns the mean ± SD a p-value qualifies: its `refers_to`, or the mean right before it
/// with at most an n in between.
fn referent(context: &Context<'_>, index: usize) -> Option<usize> {
    let p = context.statement(index)?;
    let target = context.referent(index, ADJACENT_GAP)?;
    let mean = context.statement(target)?;
    mean_sd(mean)?;
    if p.refers_to.is_some() {
        return Some(target);
    }
    let gap = context.lower_between(mean.end, context.position(p));
    let only_n = gap
        .split(|character: char| !(character.is_alphanumeric() || character == '.'))
        .filter(|token| !token.is_empty())
        .all(|token| token == "n" || token.chars().all(|character| character.is_ascii_digit()));
    only_n.then_some(target)
}

/// Tells whether the clause text before a statement marks it as a change.
fn is_change(clause_before: &str) -> bool {
    CHANGE_CUES.iter().any(|cue| contains_word(clause_before, cue))
}

/// The first shape: a p-value on a mean change ± SD with n, alone in its clause.
fn direct(context: &Context<'_>, statement: &Statement, reported: &ReportedP<'_>) -> Option<Draft> {
    let parts = mean_sd(statement)?;
    if !is_change(context.clause_before(statement)) {
        return None;
    }
    let (clause_start, clause_end) = context.clause(context.position(statement));
    if context.means_between(clause_start, clause_end).count() != 1 {
        return None;
    }
    let clause = context.lower_between(clause_start, clause_end);
    if COMPARISON_CUES.iter().any(|cue| contains_word(clause, cue)) {
        return None;
    }
    let Some(n_number) = parts.n else {
        if !context.names_paired_t() {
            return None;
        }
        let explanation = format!(
            "The paired p for the mean change {} cannot be recomputed: its n is not reported.",
            change_text(context, &parts)
        );
        let numbers = [parts.mean, parts.sd, reported.value];
        return Some(not_checkable(context, reported, explanation, &numbers));
    };
    let inputs = Inputs { change: &parts, n_number, reported };
    evaluate(context, &inputs, context.names_paired_t())
}

/// The second shape: a p-value on a follow-up mean, checked through the reported mean change.
fn follow_up(
    context: &Context<'_>,
    p_index: usize,
    target: usize,
    reported: &ReportedP<'_>,
) -> Option<Draft> {
    if !context.names_paired_t() {
        return None;
    }
    let follow_statement = context.statement(target)?;
    let follow = mean_sd(follow_statement)?;
    let n_number = follow.n?;
    let n = whole(n_number)?;
    let (sentence_start, _) = context.sentence(context.position(follow_statement));
    let baseline_index =
        context.means_between(sentence_start, context.position(follow_statement)).next()?;
    let baseline_statement = context.statement(baseline_index)?;
    let baseline = mean_sd(baseline_statement)?;
    let says_baseline =
        contains_word(context.lower_between(sentence_start, baseline_statement.end), "baseline")
            || baseline_statement
                .time_point
                .as_deref()
                .is_some_and(|time| time.to_ascii_lowercase().contains("baseline"));
    if !says_baseline || !arms_compatible(baseline_statement, follow_statement) {
        return None;
    }
    let time = follow_up_time(context, p_index, target)?;
    let expected = Range::rounding(follow.mean)?.mid() - Range::rounding(baseline.mean)?.mid();
    let tolerance =
        LINK_TOLERANCE * expected.abs() + follow.mean.half_unit() + baseline.mean.half_unit();
    let candidates: Vec<usize> = context
        .checked_statements()
        .filter(|(index, _)| *index != target && *index != baseline_index)
        .filter_map(|(index, statement)| {
            let change = mean_sd(statement)?;
            let clause_before = context.clause_before(statement);
            let (clause_start, _) = context.clause(context.position(statement));
            let first_in_clause =
                context.means_between(clause_start, context.position(statement)).next().is_none();
            let same_n = change.n.is_none_or(|change_n| whole(change_n) == Some(n));
            let same_time = statement_time(statement, clause_before) == Some(time);
            let close = Range::rounding(change.mean).is_some_and(|mean| {
                (mean.mid() - expected).abs() <= tolerance + change.mean.half_unit()
            });
            let linked = is_change(clause_before)
                && first_in_clause
                && same_n
                && same_time
                && close
                && arms_compatible(statement, follow_statement);
            linked.then_some(index)
        })
        .collect();
    match candidates.as_slice() {
        [change_index] => {
            let change = mean_sd(context.statement(*change_index)?)?;
            let inputs = Inputs { change: &change, n_number, reported };
            evaluate(context, &inputs, true)
        }
        [] => {
            let explanation = format!(
                "The paired p at {} {}s cannot be recomputed from {} and the baseline {}: the SD of the change from baseline is not reported.",
                time.amount,
                time.unit,
                change_text(context, &follow),
                change_text(context, &baseline)
            );
            let numbers =
                [follow.mean, follow.sd, n_number, baseline.mean, baseline.sd, reported.value];
            Some(not_checkable(context, reported, explanation, &numbers))
        }
        _ => None,
    }
}

/// Finds the time point of a follow-up mean: its own, or the first one written after its p-value
/// (then before the mean) within the sentence.
fn follow_up_time(context: &Context<'_>, p_index: usize, target: usize) -> Option<TimePoint> {
    let follow = context.statement(target)?;
    let p = context.statement(p_index)?;
    if let Some(time) = follow.time_point.as_deref().and_then(first_time_point) {
        return Some(time);
    }
    let after_start = p.end.max(follow.end);
    let (sentence_start, sentence_end) = context.sentence(context.position(follow));
    let next_start = context
        .statements()
        .iter()
        .map(|statement| context.position(statement))
        .filter(|position| *position >= after_start)
        .min()
        .unwrap_or(sentence_end)
        .min(sentence_end);
    if let Some(time) = first_time_point(context.lower_between(after_start, next_start)) {
        return Some(time);
    }
    let previous_end = context
        .statements()
        .iter()
        .map(|statement| statement.end)
        .filter(|end| *end <= context.position(follow))
        .max()
        .unwrap_or(sentence_start)
        .max(sentence_start);
    first_time_point(context.lower_between(previous_end, context.position(follow)))
}

/// Returns a statement's time point: its own, else the first in its clause before it.
fn statement_time(statement: &Statement, clause_before: &str) -> Option<TimePoint> {
    match statement.time_point.as_deref().and_then(first_time_point) {
        Some(time) => Some(time),
        None => first_time_point(clause_before),
    }
}

/// Tells whether two statements may be about the same arm: yes unless both name different arms.
fn arms_compatible(first: &Statement, second: &Statement) -> bool {
    match (&first.arm, &second.arm) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => true,
    }
}

/// Writes a mean ± SD as it stands in the text.
fn change_text(context: &Context<'_>, parts: &MeanSd<'_>) -> String {
    context.figure(&[parts.mean, parts.sd])
}

/// Builds a `not_checkable` finding about a reported p-value.
fn not_checkable(
    context: &Context<'_>,
    reported: &ReportedP<'_>,
    explanation: String,
    numbers: &[&Number],
) -> Draft {
    Draft::new(
        P_FROM_MEAN_SD_PAIRED,
        Verdict::NotCheckable,
        context.labeled(reported.value),
        Vec::new(),
        explanation,
        numbers,
    )
    .anchored_at(reported.value)
}

/// What the recomputation needs.
struct Inputs<'s> {
    change: &'s MeanSd<'s>,
    n_number: &'s Number,
    reported: &'s ReportedP<'s>,
}

/// Recomputes the p-value and compares it with the reported one.
///
/// With `named` false (the text does not name a paired t test) only a match is reported.
fn evaluate(context: &Context<'_>, inputs: &Inputs<'_>, named: bool) -> Option<Draft> {
    let used = [inputs.change.mean, inputs.change.sd, inputs.n_number, inputs.reported.value];
    if used.iter().any(|number| context.looks_garbled(number)) {
        return None;
    }
    let n = whole(inputs.n_number).filter(|n| *n >= 2)?;
    let mean = Range::rounding(inputs.change.mean)?;
    let sd = Range::rounding(inputs.change.sd)?;
    let p_reported = inputs.reported.value.value;
    if !(0.0..=1.0).contains(&p_reported) || sd.high <= 0.0 || inputs.change.sd.value <= 0.0 {
        return None;
    }
    let root_n = (n as f64).sqrt();
    let df = (n - 1) as f64;
    let magnitude = mean.abs();
    let t_low = magnitude.low * root_n / sd.high;
    let t_high = if sd.low > 0.0 { magnitude.high * root_n / sd.low } else { f64::INFINITY };
    let t_point = inputs.change.mean.value.abs() * root_n / inputs.change.sd.value;
    let p_high = t_two_sided_p(t_low, df)?;
    let p_low = t_two_sided_p(t_high, df)?;
    let p_point = t_two_sided_p(t_point, df)?;
    let recomputed = Range::new(p_low, p_high);

    let reported_range = Range::rounding(inputs.reported.value)?.clamp(0.0, 1.0);
    let consistent = match inputs.reported.comparator {
        Comparator::Eq => recomputed.overlaps(&reported_range),
        Comparator::Lt => recomputed.low < p_reported || recomputed.contains(p_reported),
        Comparator::Le => recomputed.low <= p_reported || recomputed.contains(p_reported),
        Comparator::Gt => recomputed.high > p_reported || recomputed.contains(p_reported),
        Comparator::Ge => recomputed.high >= p_reported || recomputed.contains(p_reported),
    };
    if !consistent && !named {
        return None;
    }
    let reported_significant = match inputs.reported.comparator {
        Comparator::Eq => Some(p_reported <= ALPHA),
        Comparator::Lt | Comparator::Le => (p_reported <= ALPHA).then_some(true),
        Comparator::Gt | Comparator::Ge => (p_reported >= ALPHA).then_some(false),
    };
    let flips = match reported_significant {
        Some(true) => recomputed.low > ALPHA,
        Some(false) => recomputed.high <= ALPHA,
        None => false,
    };
    let verdict = match (consistent, flips) {
        (true, _) => Verdict::Consistent,
        (false, true) => Verdict::DecisionError,
        (false, false) => Verdict::Inconsistent,
    };

    let reported_text = context.labeled(inputs.reported.value);
    let change = change_text(context, inputs.change);
    let n_text = context.number_text(inputs.n_number);
    let range_text = if p_text(p_low) == p_text(p_high) {
        String::new()
    } else {
        format!(" ({} to {} allowing for rounding)", p_text(p_low), p_text(p_high))
    };
    let head = format!(
        "A paired t test on the mean change {change} with n = {n_text} gives t({}) = {} and p = {}{range_text}",
        n - 1,
        fixed(t_point, 2),
        p_text(p_point)
    );
    let explanation = match verdict {
        Verdict::Consistent if named => {
            format!("{head}, consistent with the reported {reported_text}.")
        }
        Verdict::Consistent => format!(
            "{head}, consistent with the reported {reported_text} (the test is not named; a paired t test reproduces it)."
        ),
        Verdict::DecisionError => format!(
            "{head}, not the reported {reported_text}, which is on the other side of {ALPHA}."
        ),
        Verdict::Inconsistent | Verdict::NotCheckable => {
            format!("{head}, not the reported {reported_text}.")
        }
    };
    let intervals = vec![interval("t", t_low, t_high), interval("p", p_low, p_high)];
    let numbers = [inputs.change.mean, inputs.change.sd, inputs.n_number, inputs.reported.value];
    Some(
        Draft::new(P_FROM_MEAN_SD_PAIRED, verdict, reported_text, intervals, explanation, &numbers)
            .anchored_at(inputs.reported.value),
    )
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{Extraction, Finding, Verdict};

    use super::*;
    use crate::testkit::{number_in, spanning};

    fn paired_findings(text: &str, statements: Vec<Statement>) -> Vec<Finding> {
        let extraction = Extraction { statements, ..Extraction::default() };
        crate::validate(text, &extraction)
            .findings
            .into_iter()
            .filter(|finding| finding.check == "p_from_mean_sd_paired")
            .collect()
    }

    /// Builds `mean ± sd (n = n, p <cmp> p)` found in `text` from byte `from`, linked by adjacency.
    fn mean_then_p(
        text: &str,
        from: usize,
        parts: (&str, &str, Option<&str>),
        comparator: Comparator,
        p: &str,
    ) -> Vec<Statement> {
        let mean = number_in(text, parts.0, from);
        let sd = number_in(text, parts.1, mean.end);
        let n = parts.2.map(|written| number_in(text, written, sd.end));
        let mut numbers = vec![&mean, &sd];
        numbers.extend(n.as_ref());
        let mean_statement = spanning(
            StatementValue::MeanSd {
                mean: mean.clone(),
                sd: sd.clone(),
                n: n.clone(),
                change: false,
            },
            &numbers,
        );
        let p_number = number_in(text, p, n.as_ref().map_or(sd.end, |n| n.end));
        let p_start = text[..p_number.start].rfind(['p', 'P']).unwrap_or(p_number.start);
        let mut p_statement =
            spanning(StatementValue::PValue { comparator, value: p_number.clone() }, &[&p_number]);
        p_statement.start = p_start;
        vec![mean_statement, p_statement]
    }

    #[test]
    fn direct_change_with_named_paired_test() {
        let text = "Scores were compared by paired t test. The mean change from baseline was -5.3 ± 7.9 (n = 29, p = 0.0011).";
        let statements =
            mean_then_p(text, 0, ("-5.3", "7.9", Some("29")), Comparator::Eq, "0.0011");
        let findings = paired_findings(text, statements);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.verdict, Verdict::Consistent, "{}", finding.explanation);
        assert_eq!(finding.reported, "p = 0.0011");
        // scipy: t = 3.6128, p = 0.001174; corners 0.001010 and 0.001362.
        assert!(
            finding.explanation.contains("t(28) = 3.61")
                && finding.explanation.contains("p = 0.0012"),
            "{}",
            finding.explanation
        );
        let p =
            finding.recomputed.iter().find(|interval| interval.name == "p").expect("p interval");
        assert!(
            (p.low - 0.001_009_96).abs() < 1e-7 && (p.high - 0.001_361_54).abs() < 1e-7,
            "{p:?}"
        );
        assert_eq!(finding.spans.len(), 4);
    }

    #[test]
    fn mismatch_is_inconsistent_and_flip_is_a_decision_error() {
        let text = "Analysed by paired t-test. Mean change was -5.3 ± 7.9 (n = 29, p = 0.0300).";
        let findings = paired_findings(
            text,
            mean_then_p(text, 0, ("-5.3", "7.9", Some("29")), Comparator::Eq, "0.0300"),
        );
        assert_eq!(findings[0].verdict, Verdict::Inconsistent, "{}", findings[0].explanation);
        let flipped = "Analysed by paired t-test. Mean change was -1.0 ± 7.9 (n = 29, p = 0.01).";
        let findings = paired_findings(
            flipped,
            mean_then_p(flipped, 0, ("-1.0", "7.9", Some("29")), Comparator::Eq, "0.01"),
        );
        assert_eq!(findings[0].verdict, Verdict::DecisionError, "{}", findings[0].explanation);
    }

    #[test]
    fn comparator_bounds_are_honoured() {
        let text = "Analysed by paired t-test. Mean change was -8 ± 8.3 (n = 25, p < 0.0001).";
        // Recomputed p spans 2.8e-5 to 1.5e-4: it reaches below 0.0001.
        let findings = paired_findings(
            text,
            mean_then_p(text, 0, ("-8", "8.3", Some("25")), Comparator::Lt, "0.0001"),
        );
        assert_eq!(findings[0].verdict, Verdict::Consistent, "{}", findings[0].explanation);
        let text = "Analysed by paired t-test. Mean change was -8.0 ± 8.3 (n = 25, p < 0.00001).";
        let findings = paired_findings(
            text,
            mean_then_p(text, 0, ("-8.0", "8.3", Some("25")), Comparator::Lt, "0.00001"),
        );
        assert_eq!(findings[0].verdict, Verdict::Inconsistent, "{}", findings[0].explanation);
    }

    #[test]
    fn unnamed_test_only_confirms() {
        let text = "The mean change was -5.3 ± 7.9 (n = 29, p = 0.0011).";
        let findings = paired_findings(
            text,
            mean_then_p(text, 0, ("-5.3", "7.9", Some("29")), Comparator::Eq, "0.0011"),
        );
        assert_eq!(findings[0].verdict, Verdict::Consistent);
        assert!(findings[0].explanation.contains("the test is not named"));
        let wrong = "The mean change was -5.3 ± 7.9 (n = 29, p = 0.03).";
        assert!(
            paired_findings(
                wrong,
                mean_then_p(wrong, 0, ("-5.3", "7.9", Some("29")), Comparator::Eq, "0.03")
            )
            .is_empty()
        );
    }

    #[test]
    fn comparisons_between_groups_are_not_paired() {
        let text = "By paired t test. The mean change was -5.3 ± 7.9 in A compared to -4.8 ± 6.99 (n = 29, p = 0.74).";
        let mut statements =
            mean_then_p(text, 0, ("-4.8", "6.99", Some("29")), Comparator::Eq, "0.74");
        let first_mean = number_in(text, "-5.3", 0);
        let first_sd = number_in(text, "7.9", first_mean.end);
        statements.insert(
            0,
            spanning(
                StatementValue::MeanSd {
                    mean: first_mean.clone(),
                    sd: first_sd.clone(),
                    n: None,
                    change: false,
                },
                &[&first_mean, &first_sd],
            ),
        );
        assert!(paired_findings(text, statements).is_empty());
    }
}
