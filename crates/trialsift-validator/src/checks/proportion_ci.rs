//! `proportion_ci`: a confidence interval around `x/N` matches a standard method.
//!
//! The CI must refer to a proportion: through `refers_to`, or by following
//! it in the same sentence with nothing but CI wording in between. The
//! recomputed bounds are exact for given `x` and `N`; a reported bound
//! matches when the recomputed one lies inside its rounding interval.
//! With a named method only that method counts; without one, any standard
//! method does, and the explanation says which.

use trialsift_domain::{Number, StatementValue, Verdict};

use crate::check_names::PROPORTION_CI;
use crate::checks::percentage::count_range;
use crate::checks::{Draft, interval, whole};
use crate::context::Context;
use crate::format::{fixed, level as level_text};
use crate::interval::{Decimal, Range};
use crate::stats::{MAX_EXACT_TOTAL, ProportionInterval, ProportionMethod};

/// Longest gap, in bytes, between a proportion and a CI that follows it without `refers_to`.
const ADJACENT_GAP: usize = 40;

/// How far, in units of the last reported digit, an unnamed CI may sit from the closest method
/// before it is called inconsistent rather than not checkable.
const NEAR_MISS_UNITS: f64 = 1.0;

/// Confidence level assumed when the text states none.
const DEFAULT_LEVEL: f64 = 95.0;

/// Most decimals shown for a recomputed bound.
const MAX_SHOWN_DECIMALS: u8 = 6;

/// Words that may stand between a proportion and the CI that qualifies it.
const CI_WORDS: [&str; 22] = [
    "ci",
    "confidence",
    "interval",
    "intervals",
    "clopper",
    "pearson",
    "exact",
    "binomial",
    "wilson",
    "score",
    "wald",
    "agresti",
    "coull",
    "jeffreys",
    "method",
    "the",
    "with",
    "and",
    "a",
    "of",
    "by",
    "using",
];

/// Levels that may be written between a proportion and its CI.
const CI_LEVELS: [&str; 6] = ["80", "90", "95", "97.5", "99", "99.9"];

/// Checks every CI that qualifies a proportion.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (index, statement) in context.checked_statements() {
        let StatementValue::Ci { level, lower, upper, method, percent } = &statement.value else {
            continue;
        };
        let Some(target) = referent(context, index) else {
            continue;
        };
        let Some(StatementValue::Proportion { count, total, percent: proportion_percent }) =
            context.statement(target).map(|target| &target.value)
        else {
            continue;
        };
        let ci = Ci {
            level: *level,
            lower,
            upper,
            method: method.map(ProportionMethod::named),
            percent: *percent,
        };
        let proportion = Parts {
            count: count.as_ref(),
            total: total.as_ref(),
            percent: proportion_percent.as_ref(),
        };
        if let Some(draft) = check(context, &ci, &proportion) {
            drafts.push(draft);
        }
    }
}

/// Returns the proportion a CI qualifies: its `refers_to`, or the statement just before it
/// when only CI wording separates them.
fn referent(context: &Context<'_>, index: usize) -> Option<usize> {
    let ci = context.statement(index)?;
    if ci.refers_to.is_some() {
        return context.referent(index, 0);
    }
    let target = context.referent(index, ADJACENT_GAP)?;
    let previous = context.statement(target)?;
    let gap = context.lower_between(previous.end, context.position(ci));
    only_ci_wording(gap).then_some(target)
}

/// Tells whether a gap holds nothing but punctuation, a level and CI wording ("; Clopper-Pearson 95% CI: ").
fn only_ci_wording(gap: &str) -> bool {
    gap.split(|character: char| !(character.is_alphanumeric() || character == '.'))
        .map(|token| token.trim_matches('.'))
        .filter(|token| !token.is_empty())
        .all(|token| CI_WORDS.contains(&token) || CI_LEVELS.contains(&token))
}

/// A CI statement's parts.
struct Ci<'s> {
    level: Option<f64>,
    lower: &'s Number,
    upper: &'s Number,
    method: Option<ProportionMethod>,
    percent: bool,
}

/// A proportion statement's parts.
struct Parts<'s> {
    count: Option<&'s Number>,
    total: Option<&'s Number>,
    percent: Option<&'s Number>,
}

/// The unit the reported bounds are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// `20.3` for 0.203.
    Percent,
    /// `0.203`.
    Fraction,
}

impl Scale {
    /// Returns the factor that turns a fraction into this unit.
    fn factor(self) -> f64 {
        match self {
            Scale::Percent => 100.0,
            Scale::Fraction => 1.0,
        }
    }
}

/// The count and total a CI is recomputed from, with the numbers they came from.
struct Counts<'s> {
    x: u64,
    n: u64,
    used: Vec<&'s Number>,
    /// Whether the count was worked out from the percentage and the total.
    derived: bool,
}

/// Checks one CI against its proportion; `None` when there is nothing to say.
fn check(context: &Context<'_>, ci: &Ci<'_>, proportion: &Parts<'_>) -> Option<Draft> {
    let lower_range = Range::rounding(ci.lower)?;
    let upper_range = Range::rounding(ci.upper)?;
    if lower_range.entirely_above(&upper_range) {
        // Reversed bounds are the `ci_bounds` check's finding.
        return None;
    }
    let garbled =
        [Some(ci.lower), Some(ci.upper), proportion.count, proportion.total, proportion.percent]
            .into_iter()
            .flatten()
            .any(|number| context.looks_garbled(number));
    if garbled {
        return None;
    }
    let reported = context.figure(&[ci.lower, ci.upper]);
    let not_checkable = |explanation: String, used: &[&Number]| {
        let mut numbers = vec![ci.lower, ci.upper];
        numbers.extend_from_slice(used);
        let draft = Draft::new(
            PROPORTION_CI,
            Verdict::NotCheckable,
            reported.clone(),
            Vec::new(),
            explanation,
            &numbers,
        );
        Some(draft.anchored_at(ci.lower))
    };

    let level = ci.level.unwrap_or(DEFAULT_LEVEL);
    let level = if level > 0.0 && level < 1.0 { level * 100.0 } else { level };
    if !(level > 0.0 && level < 100.0) {
        return not_checkable(
            format!(
                "The confidence level {level}% is not between 0 and 100, so the CI cannot be recomputed."
            ),
            &[],
        );
    }
    let counts = match counts(proportion) {
        Ok(counts) => counts,
        Err(Some(missing)) => return not_checkable(missing, &proportion_numbers(proportion)),
        Err(None) => return None,
    };
    let Counts { x, n, used, derived } = counts;
    let confidence = level / 100.0;
    let scale = scale(ci, x, n, lower_range, upper_range);
    let decimals = ci.lower.decimals.max(ci.upper.decimals).min(MAX_SHOWN_DECIMALS);
    let show = |bound: f64| {
        let written = fixed(bound * scale.factor(), usize::from(decimals));
        if scale == Scale::Percent { format!("{written}%") } else { written }
    };
    let shown = |interval: &ProportionInterval| {
        format!("{} to {}", show(interval.lower), show(interval.upper))
    };
    let matches = |interval: &ProportionInterval| {
        let factor = scale.factor();
        let fits = |range: &Range, clipped: f64, raw: f64| {
            range.contains(clipped * factor) || range.contains(raw * factor)
        };
        fits(&lower_range, interval.lower, interval.raw_lower)
            && fits(&upper_range, interval.upper, interval.raw_upper)
    };
    let level_written = level_text(level);
    let level_note =
        if ci.level.is_none() { " (the level is not stated; 95% assumed)" } else { "" };
    let count_note = if derived {
        format!(" (the count {x} is worked out from the percentage)")
    } else {
        String::new()
    };
    let assumed = format!("{level_note}{count_note}");
    let reported_bounds = reported.clone();
    let mut numbers = vec![ci.lower, ci.upper];
    numbers.extend(used.iter().copied());
    let finish = |verdict: Verdict, best: &ProportionInterval, explanation: String| {
        let factor = scale.factor();
        let recomputed = vec![
            interval("lower", best.lower * factor, best.lower * factor),
            interval("upper", best.upper * factor, best.upper * factor),
        ];
        Some(
            Draft::new(PROPORTION_CI, verdict, reported.clone(), recomputed, explanation, &numbers)
                .anchored_at(ci.lower),
        )
    };

    if let Some(method) = ci.method {
        let name = method.display_name();
        let Some(named) = method.interval(x, n, confidence) else {
            return not_checkable(
                format!(
                    "The {name} interval is not recomputed for totals above {MAX_EXACT_TOTAL}."
                ),
                &used,
            );
        };
        if matches(&named) {
            return finish(
                Verdict::Consistent,
                &named,
                format!(
                    "{x}/{n} gives a {name} {level_written}% CI of {}, matching the reported {reported_bounds}{assumed}.",
                    shown(&named)
                ),
            );
        }
        let others: Vec<&str> = ProportionMethod::ALL
            .iter()
            .filter(|other| **other != method)
            .filter(|other| {
                other.interval(x, n, confidence).is_some_and(|interval| matches(&interval))
            })
            .map(|other| other.display_name())
            .collect();
        let instead = match others.as_slice() {
            [] => String::new(),
            [one] => format!("; the reported bounds match the {one} interval instead"),
            many => {
                format!("; the reported bounds match the {} intervals instead", many.join(" and "))
            }
        };
        return finish(
            Verdict::Inconsistent,
            &named,
            format!(
                "{x}/{n} gives a {name} {level_written}% CI of {}, not {reported_bounds}{instead}{assumed}.",
                shown(&named)
            ),
        );
    }

    let computed: Vec<(ProportionMethod, ProportionInterval)> = ProportionMethod::ALL
        .iter()
        .filter_map(|method| method.interval(x, n, confidence).map(|interval| (*method, interval)))
        .collect();
    let matching: Vec<&(ProportionMethod, ProportionInterval)> =
        computed.iter().filter(|(_, interval)| matches(interval)).collect();
    if let Some((first, first_interval)) = matching.first() {
        let names: Vec<&str> = matching.iter().map(|(method, _)| method.display_name()).collect();
        let which = match names.as_slice() {
            [one] => format!("{one} is the one that matches"),
            many => format!("{} match", many.join(", ")),
        };
        return finish(
            Verdict::Consistent,
            first_interval,
            format!(
                "{x}/{n} gives a {} {level_written}% CI of {}, matching the reported {reported_bounds} (the method is not named; {which}){assumed}.",
                first.display_name(),
                shown(first_interval)
            ),
        );
    }
    let deviation = |interval: &ProportionInterval| {
        let factor = scale.factor();
        let off = |range: &Range, bound: f64| {
            (bound * factor - range.mid()).abs() / (range.high - range.low).max(f64::EPSILON)
        };
        off(&lower_range, interval.lower).max(off(&upper_range, interval.upper))
    };
    let (best_method, best) =
        computed.iter().min_by(|(_, a), (_, b)| deviation(a).total_cmp(&deviation(b)))?;
    if deviation(best) <= NEAR_MISS_UNITS {
        // One digit off with no method named: software and intermediate rounding differ
        // that much, so this is not evidence of an error.
        return not_checkable(
            format!(
                "The method is not named and no standard method reproduces {reported_bounds} exactly; the closest, {}, gives {} for {x}/{n}, one unit of the last digit away{assumed}.",
                best_method.display_name(),
                shown(best)
            ),
            &used,
        );
    }
    let listing: Vec<String> = computed
        .iter()
        .map(|(method, interval)| format!("{} {}", method.display_name(), shown(interval)))
        .collect();
    finish(
        Verdict::Inconsistent,
        best,
        format!(
            "{x}/{n} matches no standard {level_written}% CI for the reported {reported_bounds}: {}{assumed}.",
            listing.join(", ")
        ),
    )
}

/// Returns the numbers of a proportion, for the spans of a finding that could not use them.
fn proportion_numbers<'s>(proportion: &Parts<'s>) -> Vec<&'s Number> {
    [proportion.count, proportion.total, proportion.percent].into_iter().flatten().collect()
}

/// Resolves the count and total of a proportion.
///
/// `Err(Some(reason))` names a missing piece; `Err(None)` means the proportion is broken in a
/// way the `percentage` check reports.
fn counts<'s>(proportion: &Parts<'s>) -> Result<Counts<'s>, Option<String>> {
    let Some(total_number) = proportion.total else {
        return Err(Some(
            "The total behind this proportion is not reported, so its CI cannot be recomputed."
                .to_owned(),
        ));
    };
    let n = whole(total_number).filter(|n| *n > 0).ok_or(None)?;
    if let Some(count_number) = proportion.count {
        let x = whole(count_number).filter(|x| *x <= n).ok_or(None)?;
        return Ok(Counts { x, n, used: vec![count_number, total_number], derived: false });
    }
    let Some(percent_number) = proportion.percent else {
        return Err(Some(
            "The count of this proportion is not reported, so its CI cannot be recomputed."
                .to_owned(),
        ));
    };
    let reported = Decimal::of(percent_number).ok_or(None)?;
    let (low, high) = count_range(n, reported).ok_or(None)?;
    match u64::try_from(low) {
        Ok(x) if low == high => {
            Ok(Counts { x, n, used: vec![percent_number, total_number], derived: true })
        }
        _ if low > high => Err(None),
        _ => Err(Some(format!(
            "The count is not reported and {}% of {n} allows counts from {low} to {high}, so the CI cannot be recomputed.",
            percent_number.text
        ))),
    }
}

/// Decides whether the reported bounds are percentages or fractions.
///
/// The CI's own flag decides, unless the bounds say otherwise: a bound above 1 must be a
/// percentage, and bounds that bracket `x/N` only as fractions (or only as percentages) are
/// taken in that unit.
fn scale(ci: &Ci<'_>, x: u64, n: u64, lower: Range, upper: Range) -> Scale {
    if ci.lower.value.abs() > 1.0 || ci.upper.value.abs() > 1.0 {
        return Scale::Percent;
    }
    let estimate = x as f64 / n as f64;
    let brackets = |factor: f64| lower.low <= estimate * factor && estimate * factor <= upper.high;
    let (as_percent, as_fraction) = (brackets(100.0), brackets(1.0));
    match (ci.percent, as_percent, as_fraction) {
        (true, false, true) => Scale::Fraction,
        (true, _, _) => Scale::Percent,
        (false, true, false) => Scale::Percent,
        (false, _, _) => Scale::Fraction,
    }
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{CiMethod, Extraction, Finding, Statement, Verdict};

    use super::*;
    use crate::testkit::{Part, number_in, proportion, spanning};

    /// Builds a proportion (parts in text order) followed by a CI in `text`, linked by adjacency only.
    fn proportion_and_ci(
        text: &str,
        parts: &[(Part, &str)],
        bounds: (&str, &str),
        method: Option<CiMethod>,
        percent: bool,
    ) -> Vec<Statement> {
        let proportion = proportion(text, parts, 0);
        let lower = number_in(text, bounds.0, proportion.end);
        let upper = number_in(text, bounds.1, lower.end);
        let ci_start = text
            .get(proportion.end..)
            .and_then(|rest| rest.find("95%"))
            .map_or(lower.start, |at| at + proportion.end);
        let mut ci = spanning(
            StatementValue::Ci {
                level: Some(95.0),
                lower: lower.clone(),
                upper: upper.clone(),
                method,
                percent,
            },
            &[&lower, &upper],
        );
        ci.start = ci_start.min(lower.start);
        vec![proportion, ci]
    }

    /// Returns the `proportion_ci` findings of a document.
    fn ci_findings(text: &str, statements: Vec<Statement>) -> Vec<Finding> {
        let extraction = Extraction { statements, ..Extraction::default() };
        crate::validate(text, &extraction)
            .findings
            .into_iter()
            .filter(|finding| finding.check == "proportion_ci")
            .collect()
    }

    #[test]
    fn seed_004_clopper_pearson_is_wrong() {
        let text = "Eight patients (8/19 = 42.0%; Clopper-Pearson 95% CI: 19.6, 64.6) had at least moderate improvement.";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.0")],
            ("19.6", "64.6"),
            Some(CiMethod::ClopperPearson),
            false,
        );
        let findings = ci_findings(text, statements);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.verdict, Verdict::Inconsistent);
        assert_eq!(finding.reported, "19.6, 64.6");
        assert!(finding.explanation.contains("20.3% to 66.5%"), "{}", finding.explanation);
        assert!(
            finding.explanation.starts_with(
                "8/19 gives a Clopper-Pearson 95% CI of 20.3% to 66.5%, not 19.6, 64.6"
            )
        );
        assert_eq!(finding.recomputed.len(), 2);
        assert!((finding.recomputed[0].low - 20.2521).abs() < 1e-3);
        assert!((finding.recomputed[1].high - 66.5002).abs() < 1e-3);
        assert_eq!(finding.spans.len(), 4);
    }

    #[test]
    fn seed_001_unnamed_method_is_clopper_pearson() {
        let text =
            "Of six patients, five (83.3%; 95% CI 35.9% to 99.6%) achieved the clinical endpoint.";
        let parts = [(Part::Total, "six"), (Part::Count, "five"), (Part::Percent, "83.3")];
        let findings =
            ci_findings(text, proportion_and_ci(text, &parts, ("35.9", "99.6"), None, true));
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.verdict, Verdict::Consistent);
        assert_eq!(finding.reported, "35.9% to 99.6%");
        assert!(
            finding.explanation.contains("Clopper-Pearson is the one that matches"),
            "{}",
            finding.explanation
        );
    }

    #[test]
    fn named_method_that_matches_is_consistent() {
        let text = "8/19 (42.1%; Clopper-Pearson 95% CI 20.3% to 66.5%)";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.1")],
            ("20.3", "66.5"),
            Some(CiMethod::ClopperPearson),
            true,
        );
        let findings = ci_findings(text, statements);
        assert_eq!(findings[0].verdict, Verdict::Consistent);
    }

    #[test]
    fn wilson_and_wald_are_recognized_when_unnamed() {
        // Wilson 8/19: 23.1% to 63.7%; Wald 8/19: 19.9% to 64.3%.
        let wilson = "8/19 (42.1%; 95% CI 23.1% to 63.7%)";
        let statements = proportion_and_ci(
            wilson,
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.1")],
            ("23.1", "63.7"),
            None,
            true,
        );
        let finding = &ci_findings(wilson, statements)[0];
        assert_eq!(finding.verdict, Verdict::Consistent);
        assert!(
            finding.explanation.contains("Wilson is the one that matches"),
            "{}",
            finding.explanation
        );
        let wald = "8/19 (42.1%; 95% CI 0.199 to 0.643)";
        let statements = proportion_and_ci(
            wald,
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.1")],
            ("0.199", "0.643"),
            None,
            false,
        );
        let finding = &ci_findings(wald, statements)[0];
        assert_eq!(finding.verdict, Verdict::Consistent);
        assert!(
            finding.explanation.contains("Wald is the one that matches"),
            "{}",
            finding.explanation
        );
        assert!(finding.explanation.contains("0.199 to 0.643"), "{}", finding.explanation);
    }

    #[test]
    fn named_wilson_that_is_really_wald_says_so() {
        let text = "8/19 (42.1%; Wilson 95% CI 19.9% to 64.3%)";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.1")],
            ("19.9", "64.3"),
            Some(CiMethod::Wilson),
            true,
        );
        let finding = &ci_findings(text, statements)[0];
        assert_eq!(finding.verdict, Verdict::Inconsistent);
        assert!(finding.explanation.contains("23.1% to 63.7%"), "{}", finding.explanation);
        assert!(
            finding.explanation.contains("match the Wald interval instead"),
            "{}",
            finding.explanation
        );
    }

    #[test]
    fn unmatched_unnamed_interval_lists_every_method() {
        let text = "5/6 (83.3%; 95% CI 30.0% to 90.0%)";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "5"), (Part::Total, "6"), (Part::Percent, "83.3")],
            ("30.0", "90.0"),
            None,
            true,
        );
        let finding = &ci_findings(text, statements)[0];
        assert_eq!(finding.verdict, Verdict::Inconsistent);
        for name in [
            "Clopper-Pearson 35.9% to 99.6%",
            "Wilson 43.6% to 97.0%",
            "Agresti-Coull 41.8% to 98.9%",
            "Wald 53.5% to 100.0%",
        ] {
            assert!(
                finding.explanation.contains(name),
                "{name} missing from {}",
                finding.explanation
            );
        }
    }

    #[test]
    fn an_unnamed_interval_one_digit_off_is_not_called_wrong() {
        // 41/49: Clopper-Pearson gives 70.34% to 92.68%; the text says 70.4 (SciPy).
        let text = "41 of 49 (84%; 95% CI 70.4% to 92.7%)";
        let parts = [(Part::Count, "41"), (Part::Total, "49"), (Part::Percent, "84")];
        let statements = proportion_and_ci(text, &parts, ("70.4", "92.7"), None, true);
        let finding = &ci_findings(text, statements)[0];
        assert_eq!(finding.verdict, Verdict::NotCheckable, "{}", finding.explanation);
        assert!(
            finding.explanation.contains("Clopper-Pearson, gives 70.3% to 92.7%"),
            "{}",
            finding.explanation
        );
        assert!(finding.recomputed.is_empty());
        // Named, the same figure is inconsistent: the method leaves no room.
        let statements =
            proportion_and_ci(text, &parts, ("70.4", "92.7"), Some(CiMethod::ClopperPearson), true);
        assert_eq!(ci_findings(text, statements)[0].verdict, Verdict::Inconsistent);
    }

    #[test]
    fn edge_counts_zero_and_all() {
        // 0/10: Clopper-Pearson 0 to 30.8%; 10/10: 69.2% to 100%.
        let none = "0/10 (0%; 95% CI 0.0% to 30.8%)";
        let statements = proportion_and_ci(
            none,
            &[(Part::Count, "0"), (Part::Total, "10"), (Part::Percent, "0")],
            ("0.0", "30.8"),
            None,
            true,
        );
        let finding = &ci_findings(none, statements)[0];
        assert_eq!(finding.verdict, Verdict::Consistent, "{}", finding.explanation);
        let all = "10/10 (100%; 95% CI 69.2% to 100%)";
        let statements = proportion_and_ci(
            all,
            &[(Part::Count, "10"), (Part::Total, "10"), (Part::Percent, "100")],
            ("69.2", "100"),
            None,
            true,
        );
        let finding = &ci_findings(all, statements)[0];
        assert_eq!(finding.verdict, Verdict::Consistent, "{}", finding.explanation);
    }

    #[test]
    fn a_ratio_ci_after_a_proportion_is_left_alone() {
        let text = "5/40 (12.5%); OR 2.9, 95% CI 1.1 to 7.6";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "5"), (Part::Total, "40"), (Part::Percent, "12.5")],
            ("1.1", "7.6"),
            None,
            false,
        );
        assert!(ci_findings(text, statements).is_empty());
    }

    #[test]
    fn missing_total_is_named() {
        let text = "five (83.3%; 95% CI 35.9% to 99.6%)";
        let statements = proportion_and_ci(
            text,
            &[(Part::Count, "five"), (Part::Percent, "83.3")],
            ("35.9", "99.6"),
            None,
            true,
        );
        let finding = &ci_findings(text, statements)[0];
        assert_eq!(finding.verdict, Verdict::NotCheckable);
        assert!(finding.explanation.contains("total"), "{}", finding.explanation);
    }

    #[test]
    fn percent_and_total_give_the_count() {
        let text = "83.3% of 6 (95% CI 35.9% to 99.6%)";
        let statements = proportion_and_ci(
            text,
            &[(Part::Percent, "83.3"), (Part::Total, "6")],
            ("35.9", "99.6"),
            None,
            true,
        );
        let finding = &ci_findings(text, statements)[0];
        assert_eq!(finding.verdict, Verdict::Consistent, "{}", finding.explanation);
        assert!(finding.explanation.starts_with("5/6"));
    }

    #[test]
    fn gaps_allow_only_ci_wording() {
        assert!(only_ci_wording("; clopper-pearson 95% ci: "));
        assert!(only_ci_wording("; 95% ci "));
        assert!(only_ci_wording(", 95% confidence interval, "));
        assert!(!only_ci_wording("; or 2.9, 95% ci "));
        assert!(!only_ci_wording(" vs 3/20; 95% ci "));
    }
}
