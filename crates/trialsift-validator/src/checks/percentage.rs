//! `percentage`: a count, its total and its percentage agree.
//!
//! With all three, `100·x/N` must round to the reported percentage at the
//! reported decimals; the comparison is exact (integer arithmetic), and a
//! true value exactly half a unit away is accepted whichever way the tie
//! was broken, with the explanation naming the rounding rule that gives
//! the reported figure. With two of the three, the check says what the
//! missing one can be, or that nothing can reproduce the figure.

use trialsift_domain::{Number, StatementValue, Verdict};

use crate::check_names::PERCENTAGE;
use crate::checks::{Draft, div_ceil, div_floor, interval, whole};
use crate::context::Context;
use crate::format::fixed;
use crate::interval::{Decimal, Range, RatioPlace, TieRule, compare_ratio};

/// Extra decimals shown for a recomputed percentage beyond the reported ones.
const EXTRA_DECIMALS: u8 = 2;

/// Checks every proportion statement.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (_, statement) in context.checked_statements() {
        let StatementValue::Proportion { count, total, percent } = &statement.value else {
            continue;
        };
        let proportion =
            Proportion { count: count.as_ref(), total: total.as_ref(), percent: percent.as_ref() };
        if !plausible(context, &proportion) {
            continue;
        }
        let Some(draft) = check(context, &proportion) else {
            continue;
        };
        if draft.finding.verdict.is_problem() && estimated(context, statement) {
            continue;
        }
        drafts.push(draft);
    }
}

/// Words right after a count or total that make it a measurement, not a count ("8 years, 465 ...").
const UNIT_WORDS: [&str; 37] = [
    "year", "years", "yr", "yrs", "month", "months", "mo", "week", "weeks", "wk", "wks", "day",
    "days", "d", "hour", "hours", "h", "hr", "hrs", "min", "minute", "minutes", "s", "sec", "mm",
    "cm", "m", "km", "kg", "g", "mg", "mcg", "ng", "ml", "l", "mmhg", "times",
];

/// Words right before a figure that make `x/N` a grade, phase or schedule ("grade 3/4").
const LABEL_WORDS: [&str; 12] = [
    "grade", "grades", "phase", "stage", "type", "class", "step", "level", "cycle", "visit", "day",
    "version",
];

/// Words before a percentage that make it an estimate rather than `x/N` ("Kaplan-Meier estimate").
const ESTIMATE_CUES: [&str; 9] = [
    "actuarial",
    "kaplan-meier",
    "kaplan meier",
    "life-table",
    "life table",
    "cumulative incidence",
    "estimate",
    "weighted",
    "adjusted",
];

/// Tells whether the extractor's proportion reads as one: no misread number, no measurement
/// taken for a count, no grade or phase taken for a fraction.
fn plausible(context: &Context<'_>, proportion: &Proportion<'_>) -> bool {
    let numbers = proportion.numbers();
    if numbers.iter().any(|number| context.looks_garbled(number)) {
        return false;
    }
    let measured = [proportion.count, proportion.total]
        .into_iter()
        .flatten()
        .any(|number| UNIT_WORDS.contains(&context.word_after(number)));
    let labelled =
        numbers.first().is_some_and(|first| LABEL_WORDS.contains(&context.word_before(first)));
    !measured && !labelled
}

/// Tells whether the paragraph before a statement speaks of estimates: then its percentage may
/// be a Kaplan-Meier or adjusted figure, not `x/N`, however it is written.
fn estimated(context: &Context<'_>, statement: &trialsift_domain::Statement) -> bool {
    let position = context.position(statement);
    let before = context.lower_between(0, position);
    let paragraph =
        before.rfind('\n').map_or(before, |newline| before.get(newline + 1..).unwrap_or(""));
    ESTIMATE_CUES.iter().any(|cue| paragraph.contains(cue))
}

/// Tells whether a count and its total are written as a fraction (`x/N`, `x of N`, `x out of N`).
fn written_as_fraction(context: &Context<'_>, count: &Number, total: &Number) -> bool {
    let gap = context.lower_between(count.end, total.start).trim();
    matches!(gap, "/" | "of" | "out of" | "of the")
}

/// The parts of a proportion statement.
struct Proportion<'s> {
    count: Option<&'s Number>,
    total: Option<&'s Number>,
    percent: Option<&'s Number>,
}

impl Proportion<'_> {
    /// Returns the numbers present, in text order.
    fn numbers(&self) -> Vec<&Number> {
        let mut numbers: Vec<&Number> =
            [self.count, self.total, self.percent].into_iter().flatten().collect();
        numbers.sort_by_key(|number| number.start);
        numbers
    }
}

/// Checks one proportion; `None` when there is nothing to say.
fn check(context: &Context<'_>, proportion: &Proportion<'_>) -> Option<Draft> {
    let numbers = proportion.numbers();
    let reported = context.figure(&numbers);
    let verdict = |verdict: Verdict, explanation: String| {
        Some(Draft::new(PERCENTAGE, verdict, reported.clone(), Vec::new(), explanation, &numbers))
    };

    if let Some(percent) = proportion.percent {
        let range = Range::rounding(percent)?;
        let written = context.number_text(percent);
        if range.low > 100.0 {
            return verdict(
                Verdict::Inconsistent,
                format!("A percentage of a total cannot exceed 100%, but {written}% is reported."),
            );
        }
        if range.high < 0.0 {
            return verdict(
                Verdict::Inconsistent,
                format!("A percentage cannot be negative, but {written}% is reported."),
            );
        }
    }
    if let Some(count) = proportion.count {
        if !count.value.is_finite() {
            return None;
        }
        if count.value < 0.0 {
            let written = context.number_text(count);
            return verdict(
                Verdict::Inconsistent,
                format!("A count cannot be negative, but {written} is reported."),
            );
        }
        if count.value.fract() != 0.0 {
            let written = context.number_text(count);
            return verdict(
                Verdict::NotCheckable,
                format!(
                    "The count {written} is not a whole number, so the percentage cannot be recomputed."
                ),
            );
        }
        // Beyond 2^53 no f64 is trustworthy as a count.
        whole(count)?;
    }
    if let Some(total) = proportion.total {
        if !total.value.is_finite() {
            return None;
        }
        let written = context.number_text(total);
        match whole(total) {
            None if total.value < 0.0 => {
                return verdict(
                    Verdict::Inconsistent,
                    format!("A total cannot be negative, but {written} is reported."),
                );
            }
            None if total.value.fract() == 0.0 => return None,
            None => {
                return verdict(
                    Verdict::NotCheckable,
                    format!(
                        "The total {written} is not a whole number, so the percentage cannot be recomputed."
                    ),
                );
            }
            Some(0) => {
                return verdict(
                    Verdict::Inconsistent,
                    format!("The total is {written}, and nothing can be a proportion of zero."),
                );
            }
            Some(_) => {}
        }
    }
    let count = proportion.count.and_then(|number| whole(number).map(|value| (value, number)));
    let total = proportion.total.and_then(|number| whole(number).map(|value| (value, number)));
    if let (Some((x, count_number)), Some((n, total_number))) = (count, total)
        && x > n
    {
        // Elsewhere "x ... N" with x > N is more likely a misread than a misreport.
        if !written_as_fraction(context, count_number, total_number) {
            return None;
        }
        let (count_text, total_text) =
            (context.number_text(count_number), context.number_text(total_number));
        return verdict(
            Verdict::Inconsistent,
            format!("The count {count_text} exceeds its total {total_text}."),
        );
    }
    let percent = proportion.percent?;
    let written = context.number_text(percent);
    let reported_percent = Decimal::of(percent)?;
    let draft = match (count, total) {
        (Some((x, _)), Some((n, _))) => full(x, n, reported_percent, &written),
        (None, Some((n, _))) => missing_count(n, reported_percent, &written),
        (Some((x, count_number)), None) => {
            missing_total(x, &context.number_text(count_number), reported_percent, &written)
        }
        (None, None) => None,
    }?;
    Some(Draft::new(
        PERCENTAGE,
        draft.verdict,
        reported,
        draft.recomputed,
        draft.explanation,
        &numbers,
    ))
}

/// A verdict before it is tied to its text.
struct Outcome {
    verdict: Verdict,
    recomputed: Vec<trialsift_domain::Interval>,
    explanation: String,
}

/// Writes `100·x/n` exactly when it terminates within `max_decimals`, else to `max_decimals`.
fn percent_text(x: u64, n: u64, max_decimals: u8) -> String {
    let numerator = i128::from(x) * 100;
    let denominator = i128::from(n);
    let value = numerator as f64 / denominator as f64;
    for decimals in 0..=max_decimals {
        let scaled = numerator * 10i128.pow(u32::from(decimals));
        if denominator != 0 && scaled % denominator == 0 {
            return fixed(value, usize::from(decimals));
        }
    }
    fixed(value, usize::from(max_decimals))
}

/// Writes `units / 10^scale` at its scale.
fn decimal_text(units: i128, scale: u8) -> String {
    fixed(units as f64 / 10f64.powi(i32::from(scale)), usize::from(scale))
}

/// Checks `x/n` against the reported percentage.
fn full(x: u64, n: u64, reported: Decimal, written: &str) -> Option<Outcome> {
    let place = compare_ratio(i128::from(x) * 100, i128::from(n), reported)?;
    let value = 100.0 * x as f64 / n as f64;
    let exact = percent_text(x, n, reported.scale.saturating_add(EXTRA_DECIMALS));
    let recomputed = vec![interval("percent", value, value)];
    let consistent = |explanation: String| Outcome {
        verdict: Verdict::Consistent,
        recomputed: recomputed.clone(),
        explanation,
    };
    let up = decimal_text(reported.units + 1, reported.scale);
    let down = decimal_text(reported.units - 1, reported.scale);
    Some(match (place, TieRule::for_tie(place, reported.units)) {
        (RatioPlace::Inside, _) => {
            consistent(format!("{x}/{n} = {exact}%, which rounds to the reported {written}%."))
        }
        (_, Some(TieRule::UpAndEven)) => consistent(format!(
            "{x}/{n} = {exact}% exactly, which rounds to the reported {written}% both half up and half to even."
        )),
        (_, Some(TieRule::Up)) => consistent(format!(
            "{x}/{n} = {exact}% exactly, which rounds half up to the reported {written}% (half to even would give {down}%); both conventions are accepted."
        )),
        (_, Some(TieRule::Even)) => consistent(format!(
            "{x}/{n} = {exact}% exactly, which rounds half to even to the reported {written}% (half up would give {up}%); both conventions are accepted."
        )),
        (_, Some(TieRule::DownOnly)) => consistent(format!(
            "{x}/{n} = {exact}% exactly, which gives the reported {written}% only if ties round down (half up and half to even give {up}%); accepted because the value lies on the rounding boundary."
        )),
        (RatioPlace::Outside, None) | (RatioPlace::TieBelow | RatioPlace::TieAbove, None) => {
            let rounded = fixed(value, usize::from(reported.scale));
            Outcome {
                verdict: Verdict::Inconsistent,
                recomputed,
                explanation: format!(
                    "{x}/{n} = {exact}%, which rounds to {rounded}%, not the reported {written}%."
                ),
            }
        }
    })
}

/// Finds the counts out of `n` that reproduce the reported percentage.
pub(crate) fn count_range(n: u64, reported: Decimal) -> Option<(i128, i128)> {
    // 100·x/n within [U - 1/2, U + 1/2] / 10^s  <=>  (2U - 1)·n <= 200·x·10^s <= (2U + 1)·n
    let scale = reported.unit_denominator().checked_mul(200)?;
    let total = i128::from(n);
    let twice = reported.units.checked_mul(2)?;
    let low = div_ceil(twice.checked_sub(1)?.checked_mul(total)?, scale)?.max(0);
    let high = div_floor(twice.checked_add(1)?.checked_mul(total)?, scale)?.min(total);
    Some((low, high))
}

/// Converts a count found by [`count_range`] back to `u64`.
fn as_count(value: i128) -> Option<u64> {
    u64::try_from(value).ok()
}

/// Checks that some whole count out of `n` gives the reported percentage.
fn missing_count(n: u64, reported: Decimal, written: &str) -> Option<Outcome> {
    let (low, high) = count_range(n, reported)?;
    if low <= high {
        let (first, last) = (as_count(low)?, as_count(high)?);
        let counts = if first == last {
            format!("a count of {first}")
        } else {
            format!("any count from {first} to {last}")
        };
        let exact = percent_text(first, n, reported.scale.saturating_add(EXTRA_DECIMALS));
        let example = format!("{first}/{n} = {exact}%");
        return Some(Outcome {
            verdict: Verdict::Consistent,
            recomputed: vec![
                interval("count", first as f64, last as f64),
                interval(
                    "percent",
                    100.0 * first as f64 / n as f64,
                    100.0 * last as f64 / n as f64,
                ),
            ],
            explanation: format!(
                "{written}% of {n} is reproduced by {counts} ({example}); the count itself is not reported."
            ),
        });
    }
    // No count fits: the neighbours on either side of the reported value.
    let below = as_count(high)?;
    let above = as_count(low)?;
    let (below_value, above_value) =
        (100.0 * below as f64 / n as f64, 100.0 * above as f64 / n as f64);
    let decimals = reported.scale.saturating_add(EXTRA_DECIMALS);
    let (below_text, above_text) =
        (percent_text(below, n, decimals), percent_text(above, n, decimals));
    Some(Outcome {
        verdict: Verdict::Inconsistent,
        recomputed: vec![interval("percent", below_value, above_value)],
        explanation: format!(
            "No whole count out of {n} gives {written}%: {below}/{n} = {below_text}% and {above}/{n} = {above_text}%."
        ),
    })
}

/// Says which totals make `x` the reported percentage, or that none does.
fn missing_total(x: u64, count_text: &str, reported: Decimal, written: &str) -> Option<Outcome> {
    // 100·x/n within [U - 1/2, U + 1/2] / 10^s  <=>  200·x·10^s / (2U + 1) <= n <= 200·x·10^s / (2U - 1)
    let twice = reported.units.checked_mul(2)?;
    let scaled_count = i128::from(x).checked_mul(200)?.checked_mul(reported.unit_denominator())?;
    let missing = "the total is not reported";
    if x == 0 {
        if twice > 1 {
            return Some(Outcome {
                verdict: Verdict::NotCheckable,
                recomputed: Vec::new(),
                explanation: format!(
                    "The percentage cannot be checked because {missing}, and a count of {count_text} is 0% of any total, not {written}%."
                ),
            });
        }
        return None;
    }
    let smallest = div_ceil(scaled_count, twice.checked_add(1)?)?.max(i128::from(x));
    let largest = if twice > 1 { Some(div_floor(scaled_count, twice - 1)?) } else { None };
    if largest.is_none_or(|largest| smallest <= largest) {
        let totals = match largest {
            Some(largest) if largest == smallest => format!("a total of {smallest}"),
            Some(largest) => format!("a total from {smallest} to {largest}"),
            None => format!("a total of {smallest} or more"),
        };
        return Some(Outcome {
            verdict: Verdict::NotCheckable,
            recomputed: Vec::new(),
            explanation: format!(
                "The percentage cannot be checked because {missing}; {count_text} is {written}% of {totals}."
            ),
        });
    }
    // No total fits: the totals on either side. A count paired with a percentage of another
    // base ("381 participants, 89.8% male") is too common a misreading to call this inconsistent.
    let exact_total = scaled_count as f64 / twice as f64;
    let below = (exact_total.floor() as u64).max(x);
    let above = below.saturating_add(1);
    let decimals = reported.scale.saturating_add(EXTRA_DECIMALS);
    let (above_text, below_text) =
        (percent_text(x, below, decimals), percent_text(x, above, decimals));
    Some(Outcome {
        verdict: Verdict::NotCheckable,
        recomputed: Vec::new(),
        explanation: format!(
            "The percentage cannot be checked because {missing}, and no whole total makes {count_text} equal to {written}% ({x}/{below} = {above_text}%, {x}/{above} = {below_text}%)."
        ),
    })
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{Extraction, Verdict};

    use crate::testkit::{Part, proportion};

    /// Validates one proportion written in `text`, its parts given in text order.
    fn verdict_of(text: &str, parts: &[(Part, &str)]) -> Option<trialsift_domain::Finding> {
        let extraction =
            Extraction { statements: vec![proportion(text, parts, 0)], ..Extraction::default() };
        let mut findings = crate::validate(text, &extraction).findings;
        assert!(findings.len() <= 1, "one proportion, at most one finding: {findings:?}");
        findings.pop()
    }

    #[test]
    fn eight_of_nineteen_is_not_42_0_percent() {
        let finding = verdict_of(
            "8/19 = 42.0%",
            &[(Part::Count, "8"), (Part::Total, "19"), (Part::Percent, "42.0")],
        )
        .expect("finding");
        assert_eq!(finding.check, "percentage");
        assert_eq!(finding.verdict, Verdict::Inconsistent);
        assert_eq!(finding.reported, "8/19 = 42.0%");
        assert!(finding.explanation.contains("42.1%"), "{}", finding.explanation);
        assert_eq!(finding.spans, vec![[0, 1], [2, 4], [7, 11]]);
        let percent = &finding.recomputed[0];
        assert_eq!(percent.name, "percent");
        assert!((percent.low - 42.105_263).abs() < 1e-5 && percent.low == percent.high);
    }

    #[test]
    fn five_of_six_is_83_3_percent() {
        let finding = verdict_of(
            "5/6 (83.3%)",
            &[(Part::Count, "5"), (Part::Total, "6"), (Part::Percent, "83.3")],
        )
        .expect("finding");
        assert_eq!(finding.verdict, Verdict::Consistent);
        assert_eq!(finding.reported, "5/6 (83.3%)");
    }

    #[test]
    fn ties_round_either_way_and_say_how() {
        // 1/8 = 12.5% exactly.
        let up = verdict_of(
            "1/8 (13%)",
            &[(Part::Count, "1"), (Part::Total, "8"), (Part::Percent, "13")],
        )
        .expect("finding");
        assert_eq!(up.verdict, Verdict::Consistent);
        assert!(up.explanation.contains("half up"), "{}", up.explanation);
        let even = verdict_of(
            "1/8 (12%)",
            &[(Part::Count, "1"), (Part::Total, "8"), (Part::Percent, "12")],
        )
        .expect("finding");
        assert_eq!(even.verdict, Verdict::Consistent);
        assert!(even.explanation.contains("half to even"), "{}", even.explanation);
        // 3/8 = 37.5%: 37 only when ties round down; accepted and said so.
        let down = verdict_of(
            "3/8 (37%)",
            &[(Part::Count, "3"), (Part::Total, "8"), (Part::Percent, "37")],
        )
        .expect("finding");
        assert_eq!(down.verdict, Verdict::Consistent);
        assert!(down.explanation.contains("only if ties round down"), "{}", down.explanation);
        let off = verdict_of(
            "1/8 (14%)",
            &[(Part::Count, "1"), (Part::Total, "8"), (Part::Percent, "14")],
        )
        .expect("finding");
        assert_eq!(off.verdict, Verdict::Inconsistent);
    }

    #[test]
    fn impossible_figures_are_inconsistent() {
        let over = verdict_of(
            "28/25 (112%)",
            &[(Part::Count, "28"), (Part::Total, "25"), (Part::Percent, "112")],
        )
        .expect("finding");
        assert_eq!(over.verdict, Verdict::Inconsistent);
        assert!(over.explanation.contains("cannot exceed 100%"));
        let alone = verdict_of("in 112% of cases", &[(Part::Percent, "112")]).expect("finding");
        assert_eq!(alone.verdict, Verdict::Inconsistent);
        let more =
            verdict_of("9/8 patients", &[(Part::Count, "9"), (Part::Total, "8")]).expect("finding");
        assert_eq!(more.verdict, Verdict::Inconsistent);
        assert!(more.explanation.contains("exceeds"));
        let zero =
            verdict_of("0/0 (0%)", &[(Part::Count, "0"), (Part::Total, "0"), (Part::Percent, "0")])
                .expect("finding");
        assert_eq!(zero.verdict, Verdict::Inconsistent);
        let negative =
            verdict_of("-5 (10%)", &[(Part::Count, "-5"), (Part::Percent, "10")]).expect("finding");
        assert_eq!(negative.verdict, Verdict::Inconsistent);
    }

    #[test]
    fn misread_figures_are_left_alone() {
        // A thousands separator, a measurement, a grade, a space-separated thousand, a list.
        let thousands = [(Part::Total, "2"), (Part::Count, "321")];
        assert!(verdict_of("A total of 2,321 children", &thousands).is_none());
        let years = [(Part::Total, "8"), (Part::Count, "465"), (Part::Percent, "26")];
        assert!(verdict_of("after 8 years, 465 (26%) had died", &years).is_none());
        let grade = [(Part::Count, "3"), (Part::Total, "4"), (Part::Percent, "40.8")];
        assert!(verdict_of("grade 3/4 neutropenia (40.8%)", &grade).is_none());
        let spaced = [(Part::Count, "4318"), (Part::Percent, "25"), (Part::Total, "17")];
        assert!(verdict_of("4318 (25%) of 17 288 visits", &spaced).is_none());
        let list = [(Part::Total, "20"), (Part::Count, "60")];
        assert!(verdict_of("In groups of 20, 60 women", &list).is_none());
    }

    #[test]
    fn estimates_are_not_fractions() {
        let parts = [(Part::Count, "29"), (Part::Percent, "18.9"), (Part::Total, "154")];
        let text = "The Kaplan-Meier estimate of the incidence was 29 (18.9%) of 154.";
        assert!(verdict_of(text, &parts).is_none());
        let plain = "The incidence was 29 (18.9%) of 154.";
        assert_eq!(verdict_of(plain, &parts).expect("finding").verdict, Verdict::Inconsistent);
    }

    #[test]
    fn count_alone_with_total_says_nothing() {
        assert!(verdict_of("8/19 patients", &[(Part::Count, "8"), (Part::Total, "19")]).is_none());
    }

    #[test]
    fn percent_of_total_finds_the_count() {
        let found =
            verdict_of("42.1% of 19 patients", &[(Part::Percent, "42.1"), (Part::Total, "19")])
                .expect("finding");
        assert_eq!(found.verdict, Verdict::Consistent);
        assert!(found.explanation.contains("a count of 8"), "{}", found.explanation);
        assert_eq!(found.recomputed[0].name, "count");
        assert_eq!((found.recomputed[0].low, found.recomputed[0].high), (8.0, 8.0));
        let none =
            verdict_of("42.0% of 19 patients", &[(Part::Percent, "42.0"), (Part::Total, "19")])
                .expect("finding");
        assert_eq!(none.verdict, Verdict::Inconsistent);
        assert!(
            none.explanation.contains("7/19 = 36.842%")
                && none.explanation.contains("8/19 = 42.105%"),
            "{}",
            none.explanation
        );
        let many =
            verdict_of("42% of 1000 patients", &[(Part::Percent, "42"), (Part::Total, "1000")])
                .expect("finding");
        assert!(many.explanation.contains("from 415 to 425"), "{}", many.explanation);
    }

    #[test]
    fn count_and_percent_without_total_name_the_missing_total() {
        let five = verdict_of("five (83.3%)", &[(Part::Count, "five"), (Part::Percent, "83.3")])
            .expect("finding");
        assert_eq!(five.verdict, Verdict::NotCheckable);
        assert!(five.explanation.contains("total is not reported"));
        assert!(five.explanation.contains("a total of 6"), "{}", five.explanation);
        // 5/5 = 100%, 5/6 = 83.3%: nothing gives 90%.
        let impossible =
            verdict_of("5 (90%)", &[(Part::Count, "5"), (Part::Percent, "90")]).expect("finding");
        assert_eq!(impossible.verdict, Verdict::NotCheckable);
        assert!(impossible.explanation.contains("no whole total"), "{}", impossible.explanation);
        assert!(
            impossible.explanation.contains("5/5 = 100%")
                && impossible.explanation.contains("5/6 = 83.33%"),
            "{}",
            impossible.explanation
        );
        let nothing =
            verdict_of("0 (5%)", &[(Part::Count, "0"), (Part::Percent, "5")]).expect("finding");
        assert_eq!(nothing.verdict, Verdict::NotCheckable);
    }
}
