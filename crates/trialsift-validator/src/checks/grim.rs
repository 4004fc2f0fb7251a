//! `grim`, `grimmer` and `instrument_range`: means and SDs of integer-valued scales.
//!
//! A mean of n scores that are whole multiples of a step (1 for mRSS, 0.125
//! for HAQ) is `k·step / n` for a whole k. GRIM (Brown and Heathers 2016) asks
//! whether some whole k gives a mean that rounds to the reported one (half up
//! or half down: the interval is closed); GRIMMER (Anaya 2016) asks, for such
//! a k, whether some whole sum of squares Q with the parity of k gives an SD
//! that rounds to the reported one (`SD² = (Q - k²/n) / (n - 1)` in step units).
//! Both hold for changes from baseline too: differences of whole scores are
//! whole.
//!
//! They run only where they apply: the sentence names exactly one instrument
//! of [`INSTRUMENTS`] before the figure, the figure gives its n, and n is
//! small enough for the reported decimals to be informative (n·items < 10^d
//! in step units); otherwise every mean passes and the checks stay silent.
//! `instrument_range` flags a mean outside the instrument's range, or a change
//! (marked as one, negative on a scale from zero, or after "change",
//! "reduction", ...) beyond the instrument's width either way.

use trialsift_domain::{Number, StatementValue, Verdict};

use crate::check_names::{GRIM, GRIMMER, INSTRUMENT_RANGE};
use crate::checks::{Draft, div_ceil, div_floor, interval, whole};
use crate::context::{Context, contains_word};
use crate::format::fixed;
use crate::interval::Decimal;

/// An instrument whose scores are whole multiples of a step within a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Instrument {
    /// The names the text may use, lowercase.
    pub names: &'static [&'static str],
    /// Smallest possible score.
    pub min: f64,
    /// Largest possible score.
    pub max: f64,
    /// Step between possible scores as a fraction `(numerator, denominator)`; `None` when scores
    /// are not restricted to a grid (a VAS read in millimetres or centimetres).
    pub step: Option<(u64, u64)>,
}

/// The instruments the checks know, with the range and step of one participant's score.
pub(crate) const INSTRUMENTS: [Instrument; 12] = [
    Instrument {
        names: &["mrss", "modified rodnan skin score", "rodnan skin score"],
        min: 0.0,
        max: 51.0,
        step: Some((1, 1)),
    },
    Instrument { names: &["sledai-2k", "sledai"], min: 0.0, max: 105.0, step: Some((1, 1)) },
    // BILAG-2004 numeric score: nine organ systems scored A = 12 ... E = 0.
    Instrument { names: &["bilag-2004", "bilag"], min: 0.0, max: 108.0, step: Some((1, 1)) },
    Instrument { names: &["haq-di", "haq"], min: 0.0, max: 3.0, step: Some((1, 8)) },
    Instrument { names: &["edss"], min: 0.0, max: 10.0, step: Some((1, 2)) },
    Instrument { names: &["mmse", "mini-mental state"], min: 0.0, max: 30.0, step: Some((1, 1)) },
    Instrument { names: &["phq-9"], min: 0.0, max: 27.0, step: Some((1, 1)) },
    Instrument { names: &["gad-7"], min: 0.0, max: 21.0, step: Some((1, 1)) },
    Instrument {
        names: &["hamd-17", "ham-d17", "hamd17"],
        min: 0.0,
        max: 52.0,
        step: Some((1, 1)),
    },
    Instrument { names: &["ecog"], min: 0.0, max: 5.0, step: Some((1, 1)) },
    Instrument { names: &["esspri"], min: 0.0, max: 10.0, step: None },
    Instrument {
        names: &["vas", "visual analogue scale", "visual analog scale"],
        min: 0.0,
        max: 100.0,
        step: None,
    },
];

/// Words that mark a mean as a change from baseline.
const CHANGE_CUES: [&str; 6] =
    ["change", "changes", "reduction", "decrease", "improvement", "difference"];

/// Largest number of candidate sums GRIMMER walks through.
const MAX_CANDIDATE_SUMS: i128 = 10_000;

/// Returns the inclusive range of whole sums k (in steps) whose mean `k·step / (n·items)`
/// rounds to the reported mean; empty (low > high) when none does.
pub(crate) fn grim_sums(
    mean: Decimal,
    n: u64,
    items: u64,
    step: (u64, u64),
) -> Option<(i128, i128)> {
    let (step_numerator, step_denominator) = step;
    if n == 0 || items == 0 || step_numerator == 0 || step_denominator == 0 {
        return None;
    }
    // k·sn / (n·items·sd) in [(2u - 1) / (2·10^d), (2u + 1) / (2·10^d)].
    let granularity =
        i128::from(n).checked_mul(i128::from(items))?.checked_mul(i128::from(step_denominator))?;
    let denominator =
        mean.unit_denominator().checked_mul(2)?.checked_mul(i128::from(step_numerator))?;
    let low = div_ceil(
        mean.units.checked_mul(2)?.checked_sub(1)?.checked_mul(granularity)?,
        denominator,
    )?;
    let high = div_floor(
        mean.units.checked_mul(2)?.checked_add(1)?.checked_mul(granularity)?,
        denominator,
    )?;
    Some((low, high))
}

/// Tells whether a reported mean of `n` scores (each the mean of `items` whole steps) is possible.
pub(crate) fn grim_consistent(mean: Decimal, n: u64, items: u64, step: (u64, u64)) -> Option<bool> {
    let (low, high) = grim_sums(mean, n, items, step)?;
    Some(low <= high)
}

/// Tells whether GRIM can tell anything: fewer possible means per unit than reported decimals.
pub(crate) fn grim_applies(mean: Decimal, n: u64, items: u64, step: (u64, u64)) -> bool {
    let granularity =
        u128::from(n).saturating_mul(u128::from(items)).saturating_mul(u128::from(step.1));
    let resolution =
        mean.unit_denominator().unsigned_abs().saturating_mul(u128::from(step.0.max(1)));
    granularity < resolution
}

/// Tells whether a mean and SD of `n` whole-step scores are possible together (GRIMMER).
pub(crate) fn grimmer_consistent(
    mean: Decimal,
    sd: &Number,
    n: u64,
    step: (u64, u64),
) -> Option<bool> {
    if n < 2 || sd.value < 0.0 {
        return None;
    }
    let (low, high) = grim_sums(mean, n, 1, step)?;
    if low > high {
        return Some(false);
    }
    if high - low > MAX_CANDIDATE_SUMS {
        return None;
    }
    // The SD in steps, over its rounding interval.
    let per_step = step.1 as f64 / step.0 as f64;
    let (sd_low, sd_high) = sd.rounding_interval();
    let (sd_low, sd_high) = (sd_low.max(0.0) * per_step, sd_high * per_step);
    let size = n as f64;
    let slack = 1e-9;
    for sum in low..=high {
        let sum_real = sum as f64;
        let square_low = (size - 1.0) * sd_low * sd_low + sum_real * sum_real / size - slack;
        let square_high = (size - 1.0) * sd_high * sd_high + sum_real * sum_real / size + slack;
        let mut square = square_low.ceil();
        // Σx² has the parity of Σx.
        if (square as i128 - sum).rem_euclid(2) != 0 {
            square += 1.0;
        }
        if square <= square_high {
            return Some(true);
        }
    }
    Some(false)
}

/// Tells whether the SD of binary (0/1) data can go with its mean (scrutiny's DEBIT):
/// evidence against scrutiny only for now; no check reads binary means yet.
/// `sd = sqrt(n / (n - 1) · m · (1 - m))` for some mean and SD inside their rounding.
#[cfg(test)]
pub(crate) fn debit_consistent(mean: &Number, sd: &Number, n: u64) -> Option<bool> {
    if n < 2 {
        return None;
    }
    let (mean_low, mean_high) = mean.rounding_interval();
    let (mean_low, mean_high) = (mean_low.clamp(0.0, 1.0), mean_high.clamp(0.0, 1.0));
    let factor = n as f64 / (n as f64 - 1.0);
    let sd_of = |m: f64| (factor * m * (1.0 - m)).sqrt();
    // m(1 - m) is concave with its peak at 1/2.
    let peak = if mean_low <= 0.5 && 0.5 <= mean_high {
        sd_of(0.5)
    } else {
        sd_of(mean_low).max(sd_of(mean_high))
    };
    let trough = sd_of(mean_low).min(sd_of(mean_high));
    let (sd_low, sd_high) = sd.rounding_interval();
    Some(trough <= sd_high + 1e-12 && sd_low <= peak + 1e-12)
}

/// How far before a figure, in bytes, the instrument's name may stand.
const INSTRUMENT_WINDOW: usize = 80;

/// Which bytes start an instrument's name, for a quick skip of every other word.
const NAME_FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut instrument = 0;
    while instrument < INSTRUMENTS.len() {
        let names = INSTRUMENTS[instrument].names;
        let mut name = 0;
        while name < names.len() {
            let bytes = names[name].as_bytes();
            if !bytes.is_empty() {
                table[bytes[0] as usize] = true;
            }
            name += 1;
        }
        instrument += 1;
    }
    table
};

/// Returns every whole-word mention of a known instrument in `text[from..to]`:
/// `(offset, instrument)`, ascending by offset. A name is compared only where a word starts
/// with a byte that starts some name.
fn instrument_mentions(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for at in from..to.min(bytes.len()) {
        let first = bytes[at];
        let starts_word = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        if !starts_word || !NAME_FIRST_BYTES[usize::from(first)] {
            continue;
        }
        for (instrument_index, instrument) in INSTRUMENTS.iter().enumerate() {
            for name in instrument.names {
                if name.as_bytes().first() == Some(&first)
                    && at + name.len() <= to
                    && bytes[at..].starts_with(name.as_bytes())
                    && is_word_at(text, at, name.len())
                {
                    found.push((at, instrument_index));
                }
            }
        }
    }
    found
}

/// Returns the instrument a figure is about: the one instrument mentioned in its sentence
/// within [`INSTRUMENT_WINDOW`] bytes before it, with no other mean ± SD in between ("The VAS
/// scores were 3.3 ± 0.4 ...; the puncture time was 206 ± 27 s" ties only 3.3 to the VAS).
fn instrument_before(context: &Context<'_>, start: usize) -> Option<&'static Instrument> {
    let (sentence_start, _) = context.sentence(start);
    let window_start = sentence_start.max(start.saturating_sub(INSTRUMENT_WINDOW));
    let in_window = instrument_mentions(context.lower_text(), window_start, start);
    let (mention, instrument_index) = *in_window.last()?;
    if in_window.iter().any(|(_, other)| *other != instrument_index) {
        return None;
    }
    if context.means_between(mention, start).count() != 0 {
        return None;
    }
    INSTRUMENTS.get(instrument_index)
}

/// Tells whether `text[at..at + len]` stands as a whole word.
fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text.get(..at).and_then(|head| head.chars().next_back());
    let after = text.get(at + len..).and_then(|tail| tail.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Checks every mean ± SD with its n that follows the name of a known instrument.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    for (_, statement) in context.checked_statements() {
        let StatementValue::MeanSd { mean, sd, n, change } = &statement.value else {
            continue;
        };
        let Some(instrument) = instrument_before(context, context.position(statement)) else {
            continue;
        };
        if [Some(mean), Some(sd), n.as_ref()]
            .into_iter()
            .flatten()
            .any(|number| context.looks_garbled(number))
        {
            continue;
        }
        let name = || instrument.names.first().copied().unwrap_or("the instrument").to_uppercase();
        // A mean inside the range is inside the wider range of a change too.
        if mean.value < instrument.min || mean.value > instrument.max {
            // A change from baseline spans minus to plus the instrument's width; a negative
            // mean of a scale that starts at zero is read as a change (the extractor may not
            // mark it).
            let (sentence_start, _) = context.sentence(context.position(statement));
            let before = context.lower_between(sentence_start, context.position(statement));
            let is_change = *change
                || mean.value < instrument.min
                || CHANGE_CUES.iter().any(|cue| contains_word(before, cue));
            let width = instrument.max - instrument.min;
            let (low, high) =
                if is_change { (-width, width) } else { (instrument.min, instrument.max) };
            if mean.value < low || mean.value > high {
                let what = if is_change { "change in" } else { "mean" };
                drafts.push(Draft::new(
                    INSTRUMENT_RANGE,
                    Verdict::Inconsistent,
                    context.figure(&[mean, sd]),
                    vec![interval("mean", low, high)],
                    format!(
                        "a {what} {} of {} lies outside the possible {} to {}.",
                        name(),
                        context.number_text(mean),
                        fixed(low, 0),
                        fixed(high, 0)
                    ),
                    &[mean],
                ));
            }
            continue;
        }
        let (Some(step), Some(size_number)) = (instrument.step, n.as_ref()) else {
            continue;
        };
        let (Some(size), Some(decimal)) = (whole(size_number), Decimal::of(mean)) else {
            continue;
        };
        if size < 2 || !grim_applies(decimal, size, 1, step) {
            continue;
        }
        let Some(possible) = grim_consistent(decimal, size, 1, step) else {
            continue;
        };
        let name = name();
        let figure = context.figure(&[mean, sd]);
        let step_text = if step == (1, 1) {
            "whole numbers".to_owned()
        } else {
            format!("multiples of {}", step.0 as f64 / step.1 as f64)
        };
        let mean_text = context.number_text(mean);
        let n_text = context.number_text(size_number);
        let numbers = [mean, size_number];
        if !possible {
            drafts.push(Draft::new(
                GRIM,
                Verdict::Inconsistent,
                figure,
                Vec::new(),
                format!(
                    "{name} scores are {step_text}, so a mean of {n_text} of them is a sum divided \
                     by {n_text}; no such sum gives a mean that rounds to {mean_text}."
                ),
                &numbers,
            ));
            continue;
        }
        drafts.push(Draft::new(
            GRIM,
            Verdict::Consistent,
            figure.clone(),
            Vec::new(),
            format!("A mean of {mean_text} is possible for {n_text} {name} scores, which are {step_text}."),
            &numbers,
        ));
        let Some(sd_possible) = grimmer_consistent(decimal, sd, size, step) else {
            continue;
        };
        let sd_text = context.number_text(sd);
        let (verdict, explanation) = if sd_possible {
            (
                Verdict::Consistent,
                format!(
                    "an SD of {sd_text} is possible with a mean of {mean_text} for {n_text} {name} scores."
                ),
            )
        } else {
            (
                Verdict::Inconsistent,
                format!(
                    "no set of {n_text} {name} scores ({step_text}) with a mean that rounds to \
                     {mean_text} has an SD that rounds to {sd_text} (GRIMMER: the sum of squares \
                     would have to be a whole number of the sum's parity)."
                ),
            )
        };
        drafts.push(Draft::new(
            GRIMMER,
            verdict,
            figure,
            Vec::new(),
            explanation,
            &[mean, sd, size_number],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::number;

    fn decimal(written: &str) -> Decimal {
        Decimal::of(&number(written, 0)).expect("decimal")
    }

    #[test]
    fn grim_matches_brown_and_heathers() {
        // 5.19 and 5.20 are impossible for n = 28 (k/28 jumps from 5.1786 to 5.2143).
        assert_eq!(grim_consistent(decimal("5.19"), 28, 1, (1, 1)), Some(false));
        assert_eq!(grim_consistent(decimal("5.20"), 28, 1, (1, 1)), Some(false));
        assert_eq!(grim_consistent(decimal("5.21"), 28, 1, (1, 1)), Some(true));
        // Seed 003: mRSS change -5.3 with n = 29 is -153/29.
        assert_eq!(grim_consistent(decimal("-5.3"), 29, 1, (1, 1)), Some(true));
        assert!(!grim_applies(decimal("5.3"), 29, 1, (1, 1)));
        assert!(grim_applies(decimal("5.21"), 28, 1, (1, 1)));
    }

    #[test]
    fn steps_scale_the_grid() {
        // HAQ in steps of 0.125: n = 3 gives means in 1/24 steps; 1.04 = 25/24 rounds, 1.02 does not.
        assert_eq!(grim_consistent(decimal("1.04"), 3, 1, (1, 8)), Some(true));
        assert_eq!(grim_consistent(decimal("1.02"), 3, 1, (1, 8)), Some(false));
    }

    #[test]
    fn grimmer_needs_a_whole_sum_of_squares_of_the_right_parity() {
        // Scores 1, 2, 3, 4, 5: mean 3.00, SD 1.58.
        assert_eq!(grimmer_consistent(decimal("3.00"), &number("1.58", 0), 5, (1, 1)), Some(true));
        // n = 5, mean 3.00: the SD can only be sqrt((Q - 45) / 4) with Q even.
        assert_eq!(grimmer_consistent(decimal("3.00"), &number("1.10", 0), 5, (1, 1)), Some(false));
        assert_eq!(grimmer_consistent(decimal("3.00"), &number("1.00", 0), 5, (1, 1)), Some(true));
    }

    #[test]
    fn only_a_nearby_instrument_with_no_mean_in_between_applies() {
        use crate::testkit::{number_in, spanning};
        let text = "The VAS scores were 3.3 +/- 0.4 (n = 10) in US group (P < 0.05) The puncture \
                    time was (206 +/- 27) s in US group (n = 10)";
        let mean_sd = |mean: &str, sd: &str| {
            let mean = number_in(text, mean, 0);
            let sd = number_in(text, sd, mean.end);
            let n = number_in(text, "10", sd.end);
            let value = StatementValue::MeanSd {
                mean: mean.clone(),
                sd: sd.clone(),
                n: Some(n.clone()),
                change: false,
            };
            spanning(value, &[&mean, &sd, &n])
        };
        let statements = vec![mean_sd("3.3", "0.4"), mean_sd("206", "27")];
        let extraction =
            trialsift_domain::Extraction { statements, ..trialsift_domain::Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        assert!(findings.iter().all(|f| f.check != INSTRUMENT_RANGE), "{findings:#?}");
        // 3.3 of 10 VAS scores has no step, so GRIM is silent too.
        assert!(findings.is_empty(), "{findings:#?}");
    }

    proptest::proptest! {
        /// Any true mean of n whole scores, rounded half up to 0 to 3 decimals, passes GRIM,
        /// and so does its SD with GRIMMER.
        #[test]
        fn true_means_and_sds_always_pass(
            scores in proptest::collection::vec(0u32..=51, 2..60),
            decimals in 0usize..4,
        ) {
            let n = scores.len() as f64;
            let sum: f64 = scores.iter().map(|score| f64::from(*score)).sum();
            let mean = sum / n;
            let variance = scores
                .iter()
                .map(|score| (f64::from(*score) - mean).powi(2))
                .sum::<f64>()
                / (n - 1.0);
            let mean_text = format!("{mean:.decimals$}");
            let sd_text = format!("{:.decimals$}", variance.sqrt());
            let size = scores.len() as u64;
            let mean_decimal = decimal(&mean_text);
            proptest::prop_assert_eq!(grim_consistent(mean_decimal, size, 1, (1, 1)), Some(true));
            let sd_possible = grimmer_consistent(mean_decimal, &number(&sd_text, 0), size, (1, 1));
            proptest::prop_assert_ne!(sd_possible, Some(false), "{} ± {}", mean_text, sd_text);
        }
    }

    #[test]
    fn debit_follows_the_binary_sd() {
        assert_eq!(debit_consistent(&number("0.53", 0), &number("0.50", 0), 1683), Some(true));
        assert_eq!(debit_consistent(&number("0.53", 0), &number("0.40", 0), 1683), Some(false));
    }

    /// scrutiny 0.6.1's GRIM and DEBIT cases (`fixtures/scrutiny_cases.jsonl`, copied from the
    /// development corpus) get scrutiny's verdicts, all of them.
    #[test]
    fn scrutiny_cases_get_scrutinys_verdicts() {
        let contents = include_str!("../../fixtures/scrutiny_cases.jsonl");
        let (mut grim_cases, mut debit_cases, mut disagreements) = (0, 0, Vec::new());
        for line in contents.lines() {
            let case: serde_json::Value = serde_json::from_str(line).expect("json line");
            let x = number(case["x"].as_str().expect("x"), 0);
            let n = case["n"].as_u64().expect("n");
            let expected = case["expected_consistent"].as_bool().expect("expected");
            assert_eq!(case["rounding"], "up_or_down");
            let ours = match case["test"].as_str() {
                Some("grim") => {
                    grim_cases += 1;
                    let items = case["items"].as_u64().unwrap_or(1);
                    let mut mean = Decimal::of(&x).expect("decimal");
                    if case["percent"].as_bool() == Some(true) {
                        // A percentage with d decimals is a proportion with d + 2.
                        mean.scale += 2;
                    }
                    grim_consistent(mean, n, items, (1, 1))
                }
                Some("debit") => {
                    debit_cases += 1;
                    debit_consistent(&x, &number(case["sd"].as_str().expect("sd"), 0), n)
                }
                other => panic!("unknown test {other:?}"),
            };
            if ours != Some(expected) {
                disagreements.push(format!("{line}: ours {ours:?}"));
            }
        }
        assert_eq!((grim_cases, debit_cases), (73, 7));
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    }
}
