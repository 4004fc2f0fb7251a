//! Unlabelled members of a series: intervals and dispersions that take their label from a
//! labelled one before them, or from a header that names the layout.
//!
//! Authors label the first member of a series and leave the rest bare: "6.5% (95% CI 5.9-7.1)
//! and 9.7% (9.0-10.5)", "547 mL (IQR 442-786 mL) for CD, 511 mL (453-789 mL) for SCD",
//! "49 (range 3-129) min and 51 (7-157) min". Or they name the layout once: "(median,
//! interquartile range) was 3 (0, 6) for HSD and 0 (0, 6) for NS", "(mean, SD) was 62 (37)",
//! "5.33 mg/dL [5.26–5.36] and 4.30 mg/dL [3.59–4.68] (median and interquartile range)".
//!
//! A bare member is read only within the sentence of its label (or header), only in the same
//! bracketed layout, and never where another statement already stands. Two exceptions: the
//! nested layout "median (IQR [range])", "12 (10-15 [5-18])", which nothing else resembles, whose
//! header names every such value after it in the segment; and a median header, whose layout also
//! names the bare values of the next sentence when that sentence names no other measure ("The
//! median [IQR] concentrations were 23.6 ng/ml [13.9-43.0 ng/ml] ... The concentrations in the
//! placebo group were 21.6 ng/ml [16.9-28.7 ng/ml]").

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Number, StatementValue};

use super::{Candidates, UNITS, statement_pattern};

/// What a sentence's headers hand on to the sentences after it.
#[derive(Debug, Default)]
pub(super) struct Carry {
    /// A "median (IQR [range])" header was seen: its layout reaches every later sentence.
    nested: bool,
    /// The layout a median header of the previous sentence names, for the next sentence only.
    median: Option<Label>,
}

/// Words of another measure in a sentence: a bare bracket after them may be its interval, so a
/// median header of the sentence before reaches only the brackets before them.
static OTHER_MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::number::compile(
        r"\b(?:HR|OR|RR|CI|SD)\b|±|\+/-|(?i:\b(?:ratios?|confidence|means?|average)\b)",
    )
});

/// A sentence that says how the values are written: "Data are presented as median (IQR)",
/// "Values are medians (range)", "Results expressed as median".
static DATA_PRESENTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::number::compile(concat!(
        r"(?i:\b(?:data|values|results|figures|numbers)\b(?:\s+(?:are|were|is))?",
        r"(?:\s+(?:expressed|presented|given|shown|reported|summari[sz]ed|displayed))?",
        r"\s+(?:as\s+)?(?:the\s+)?medians?\b)",
    ))
});

/// What a label makes of the bare members that follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// A confidence interval: only the bracketed bounds are read.
    Ci,
    /// A median with its interquartile range.
    Iqr,
    /// A median with its range.
    Range,
    /// A median with its interquartile range and, in square brackets inside, its range.
    IqrAndRange,
    /// A mean with its standard deviation in brackets.
    Sd,
}

/// A bare value with a bracketed interval: "9.7% (9.0-10.5)", "511 mL (453-789 mL)", "3 (0, 6)".
static BARE_INTERVAL: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"(?P<value>SNUM)\s*%?\s*{UNITS}[(\[]\s*(?P<lo>SNUM)\s*%?\s*SEP\s*(?P<hi>SNUM)\s*%?\s*{UNITS}(?:[;,]\s*(?i:p)\s*[<=>][^()\[\]]{{0,12}})?(?P<close>[)\]])"
    ))
});

/// A bare estimate and its interval opening a bracket, as a labelled "(HR 0.71, 95% CI
/// 0.58-0.88; p=0.0008)" before it was written: "(0.61, 0.49-0.75; p < 0.0001)".
static BARE_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(
        r"[(\[]\s*(?P<value>SNUM)\s*,\s*(?P<lo>SNUM)\s*SEP\s*(?P<hi>SNUM)\s*(?P<close>[;)\]])",
    )
});

/// A bare value with its interquartile range and, nested, its range: "12 (10-15 [5-18])".
static BARE_NESTED: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"(?P<value>SNUM)\s*{UNITS}\(\s*(?P<lo>SNUM)\s*SEP\s*(?P<hi>SNUM)\s*\[\s*(?P<min>SNUM)\s*SEP\s*(?P<max>SNUM)\s*\]\s*(?P<close>\))"
    ))
});

/// A bare value with a bracketed dispersion: "62 (37)", "1.9 [2.3]".
static BARE_DISPERSION: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"(?P<value>SNUM)\s*%?\s*{UNITS}[(\[]\s*(?P<sd>{{NUM}})\s*%?\s*(?P<close>[)\]])"
    ))
});

/// Headers that name the layout of the values after them (or, trailing, before them).
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    let label = concat!(
        r"iqr|interquartile\s+ranges?|quartiles?|lower\s*(?:-|–|and|to|,)\s*upper\s+quartiles?",
        r"|q\s*(?:1|\(\s*1\s*\))\s*(?:,|-|–)\s*q\s*(?:3|\(\s*3\s*\))(?:\s+range)?",
        r"|25(?:th|\s*\(\s*th\s*\))?\s*%?\s*(?:-|–|—|to|,|and)\s*75(?:th|\s*\(\s*th\s*\))?\s*(?:%|percentiles?|centiles?)",
        r"|sd|s\.d\.|standard\s+deviations?|range|min(?:imum)?\s*(?:,|-|–|—|/|to)\s*max(?:imum)?",
    );
    statement_pattern(&format!(
        concat!(
            r"(?i:[(\[]\s*(?P<kind1>medians?|means?)\s*(?:(?:,|and|with|\()\s*(?:(?:±|\+\s*/\s*-)\s*)?|(?:±|\+\s*/\s*-)\s*)(?P<label1>{label})\s*",
            r"(?P<nested1>\[\s*range\s*\]\s*)?(?:[)\]]|;)",
            r"|\b(?P<kind2>medians?|means?)(?:\s+[a-z][a-z0-9/-]*){{0,6}}?\s*[(\[]\s*(?:(?:±|\+\s*/\s*-)\s*)?(?P<label2>{label})\s*",
            r"(?P<nested2>\[\s*range\s*\]\s*)?[)\]]",
            r"|(?P<measure>(?-i:a?HRs?|a?ORs?|a?RRs?)|hazard\s+ratios?|odds\s+ratios?|relative\s+risks?|risk\s+ratios?|(?:mean\s+)?differences?)?",
            r"\s*[(\[]\s*(?P<level>[0-9]{{2}}(?:\.[0-9])?)\s*%\s*(?:ci|confidence\s+intervals?)\s*[)\]])",
        ),
        label = label
    ))
});

/// The literals a header needs: an opening bracket and a median, mean or CI.
pub(super) const HEADER_LITERALS: &[&str] = &["(", "[", "edian", "ean", "CI", "onfidence"];

/// Notes a "median (IQR [range])" header in a sentence without numbers, whose layout reaches the
/// sentences after it; such a sentence also ends what a median header carried to the next one.
/// `present` is the sentence's literal scan, already made by the caller.
pub(super) fn note_nested_header(sentence: &str, present: u128, carry: &mut Carry) {
    carry.median = None;
    if !holds_header_literal(present) {
        return;
    }
    for captures in crate::number::captures(&HEADER, sentence.as_bytes()) {
        match header_label(&captures) {
            Some(Label::IqrAndRange) => carry.nested = true,
            // "Data are presented as median (IQR)." names the bare values of the next sentence;
            // a header in a sentence about something else ("The outcome was the median (IQR)
            // stay.") does not.
            Some(label @ (Label::Iqr | Label::Range))
                if DATA_PRESENTED.is_match(sentence.as_bytes()) =>
            {
                carry.median = Some(label);
            }
            _ => {}
        }
    }
}

/// The layout a header names, from its measure and the first letter of its label; `None` for
/// a measure and label that name no layout read here ("mean (range)").
fn header_label(captures: &regex::bytes::Captures<'_>) -> Option<Label> {
    let kind = captures.name("kind1").or_else(|| captures.name("kind2"));
    let written = captures.name("label1").or_else(|| captures.name("label2"));
    let nested = captures.name("nested1").or_else(|| captures.name("nested2")).is_some();
    let Some(kind) = kind else {
        return Some(Label::Ci);
    };
    let kind = kind.as_bytes().to_ascii_lowercase();
    let kind = kind.strip_suffix(b"s").unwrap_or(&kind);
    let written = written?.as_bytes().first()?.to_ascii_lowercase();
    // Labels by their first letter: i(qr), q(uartiles), 2(5th-75th), l(ower-upper quartile) name
    // quartiles; r(ange) and m(in, max) a range; s(d) a standard deviation.
    match (kind, written) {
        (b"mean", b's') => Some(Label::Sd),
        (b"median", b'i' | b'q' | b'2' | b'l') if nested => Some(Label::IqrAndRange),
        (b"median", b'i' | b'q' | b'2' | b'l') => Some(Label::Iqr),
        (b"median", b'r' | b'm') => Some(Label::Range),
        _ => None,
    }
}

/// The bit sets of an opening bracket and of a median, mean or CI, over the sentence's literal scan.
static HEADER_MASKS: LazyLock<(u128, u128)> = LazyLock::new(|| {
    let gates = &*super::GATES;
    (gates.mask(&["(", "["]), gates.mask(&["edian", "ean", "CI", "onfidence"]))
});

/// Tells whether a sentence may hold a header: an opening bracket and a median, mean or CI.
fn holds_header_literal(present: u128) -> bool {
    let (bracket, word) = *HEADER_MASKS;
    present & bracket != 0 && present & word != 0
}

/// Reads the bare members of every series in one sentence; `carry` holds what the headers of
/// earlier sentences name, and takes what this sentence's headers hand on.
pub(super) fn scan(candidates: &mut Candidates<'_>, carry: &mut Carry) {
    let segment = candidates.segment;
    if carry.nested {
        read_members(candidates, Label::IqrAndRange, None, None, 0, segment.len());
    }
    if let Some(label) = carry.median.take() {
        // Up to the first word of another measure: its values follow it, the median's come before.
        let end =
            OTHER_MEASURE.find(segment.as_bytes()).map_or(segment.len(), |found| found.start());
        read_members(candidates, label, None, None, 0, end);
    }
    let labelled: Vec<(Label, usize)> = candidates
        .found
        .iter()
        .filter_map(|statement| {
            let label = match &statement.value {
                StatementValue::Ci { .. } => Label::Ci,
                StatementValue::MedianIqr { .. } => Label::Iqr,
                StatementValue::MedianRange { .. } => Label::Range,
                _ => return None,
            };
            Some((label, statement.end - candidates.base))
        })
        .collect();
    let headers: Vec<_> = if holds_header_literal(candidates.present) {
        crate::number::captures(&HEADER, segment.as_bytes()).collect()
    } else {
        Vec::new()
    };
    // Where the last header ended: a trailing header names the values after it, never those of
    // an earlier header ("a mean (range) peak of 34.2 [29.3-42.6] in a median (range) time").
    let mut previous_header_end = 0;
    for captures in headers {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let after_previous_header = previous_header_end;
        previous_header_end = whole.end();
        let nested = captures.name("nested1").or_else(|| captures.name("nested2")).is_some();
        carry.nested |= nested;
        let Some(label) = header_label(&captures) else {
            continue;
        };
        let start = whole.end();
        // The nested layout "12 (10-15 [5-18])" is unmistakable: its header reaches the
        // sentences after it too (see `nested_header`). Any other reaches to its sentence's end.
        let end = sentence_end(segment, start);
        let level = captures
            .name("level")
            .and_then(|found| std::str::from_utf8(found.as_bytes()).ok())
            .and_then(|written| written.parse::<f64>().ok());
        // "mean difference [95% CI] −0.4 [−0.5 to −0.3], −423 [−703 to −142]": a header that
        // names the measure names every bare value of the series.
        let measure = captures.name("measure").map(|found| {
            super::measure_name(&String::from_utf8_lossy(found.as_bytes()).to_ascii_lowercase())
        });
        read_members(candidates, label, level, measure.as_deref(), start, end);
        if matches!(label, Label::Iqr | Label::Range) {
            carry.median = Some(label);
        }
        let sentence_begins = sentence_start(segment, whole.start());
        if label != Label::Ci && after_previous_header <= sentence_begins {
            // A trailing "(median and interquartile range)" names the values of its sentence
            // before it, unless another header there names them.
            read_members(candidates, label, None, None, sentence_begins, whole.start());
        }
    }
    for (label, end) in labelled {
        let sentence_end = sentence_end(segment, end);
        read_members(candidates, label, None, None, end, sentence_end);
    }
    estimates_in_series(candidates);
}

/// A bare value right before the bracket of an interval: "2.4 (95% CI ", "2.4 (".
static VALUE_BEFORE_INTERVAL: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(concat!(
        r"(?P<value>SNUM)\s*[(\[]\s*(?:[0-9]{2}(?:\.[0-9])?\s*%\s*)?",
        r"(?:CIs?|C\.I\.|(?i:confidence\s+intervals?))?\s*[:,=]?\s*$",
    ))
});

/// Words that join the members of a series: "and", "or", "vs", "versus", a comma.
static SERIES_JOINER: LazyLock<Regex> =
    LazyLock::new(|| crate::number::compile(r"(?i:\b(?:and|or|vs|versus)\b|,|;)"));

/// A statement of a sentence as the series of estimates sees it: start, end (sentence-relative),
/// the measure of an estimate, the bounds of a CI.
type SeriesSpan<'a> = (usize, usize, Option<&'a str>, Option<(f64, f64)>);

/// Gives the later members of a series of estimates the measure its first one names: "The
/// odds ratio was 1.8 (1.2-2.7) for men and 2.4 (1.5-3.8) for women", "Odds ratios were 1.8
/// (95% CI 1.2-2.7) and 2.4 (95% CI 1.5-3.8)". A member is a bare value whose interval was read,
/// joined to the statement before it by a few words without digits, after an estimate.
fn estimates_in_series(candidates: &mut Candidates<'_>) {
    let base = candidates.base;
    let segment = candidates.segment;
    let mut spans: Vec<SeriesSpan<'_>> = candidates
        .found
        .iter()
        .map(|statement| {
            let measure = match &statement.value {
                StatementValue::Estimate { measure, .. } => Some(measure.as_str()),
                _ => None,
            };
            let bounds = match &statement.value {
                StatementValue::Ci { lower, upper, .. } => Some((lower.value, upper.value)),
                _ => None,
            };
            (statement.start - base, statement.end - base, measure, bounds)
        })
        .collect();
    spans.sort_by_key(|span| span.0);
    let mut offers = Vec::new();
    for (index, &(ci_start, _, _, bounds)) in spans.iter().enumerate() {
        let Some((lower, upper)) = bounds else {
            continue;
        };
        let Some(captures) = segment
            .get(..ci_start)
            .and_then(|before| VALUE_BEFORE_INTERVAL.captures(before.as_bytes()))
        else {
            continue;
        };
        let Some(value_match) = captures.name("value") else {
            continue;
        };
        let earlier = spans.get(..index).unwrap_or_default();
        // The value must stand alone: no statement (its own estimate, say) covers it.
        let Some(&(_, previous_end, _, _)) = earlier.last() else {
            continue;
        };
        if previous_end > value_match.start() {
            continue;
        }
        let Some(measure) = earlier.iter().rev().take(4).find_map(|span| span.2) else {
            continue;
        };
        let Some(gap) = segment.get(previous_end..value_match.start()) else {
            continue;
        };
        if gap.len() > 50
            || gap.bytes().any(|byte| byte.is_ascii_digit())
            || !SERIES_JOINER.is_match(gap.as_bytes())
        {
            continue;
        }
        let Some(value) = super::parse(segment, value_match.start(), value_match.end(), base)
        else {
            continue;
        };
        if lower <= value.value && value.value <= upper && lower < upper {
            let estimate = StatementValue::Estimate { measure: measure.to_owned(), value };
            offers.push((value_match.start(), value_match.end(), estimate));
        }
    }
    for (start, end, value) in offers {
        candidates.offer(start, end, value);
    }
}

/// Reads the bare members of one layout in `from..to` of the segment; `level` is the confidence
/// level a CI header states, `measure` the effect measure it names.
fn read_members(
    candidates: &mut Candidates<'_>,
    label: Label,
    level: Option<f64>,
    measure: Option<&str>,
    from: usize,
    to: usize,
) {
    let segment = candidates.segment;
    let Some(stretch) = segment.get(from..to) else {
        return;
    };
    let regex: &Regex = match label {
        Label::Sd => &BARE_DISPERSION,
        Label::IqrAndRange => &BARE_NESTED,
        _ => &BARE_INTERVAL,
    };
    let pairs = (label == Label::Ci)
        .then(|| crate::number::captures(&BARE_PAIR, stretch.as_bytes()))
        .into_iter()
        .flatten();
    for captures in crate::number::captures(regex, stretch.as_bytes()).chain(pairs) {
        let at = |name: &str| {
            captures.name(name).map(|found| (from + found.start(), from + found.end()))
        };
        let number = |name: &str| {
            let (start, end) = at(name)?;
            super::parse(segment, start, end, candidates.base)
        };
        let (Some((value_start, _)), Some((_, close_end))) = (at("value"), at("close")) else {
            continue;
        };
        if !candidates.clean_left(value_start) {
            continue;
        }
        match label {
            Label::Ci => {
                let (Some((lo_start, _)), Some((_, hi_end)), Some(lower), Some(upper)) =
                    (at("lo"), at("hi"), number("lo"), number("hi"))
                else {
                    continue;
                };
                if lower.value > upper.value {
                    continue;
                }
                let percent = captures.get(0).is_some_and(|whole| {
                    whole.as_bytes().iter().filter(|byte| **byte == b'%').count() >= 2
                });
                let brackets = |estimate: &Number| {
                    lower.value <= estimate.value && estimate.value <= upper.value
                };
                let estimate = measure
                    .zip(number("value"))
                    .filter(|(_, estimate)| brackets(estimate) && lower.value < upper.value);
                let value = StatementValue::Ci { level, lower, upper, method: None, percent };
                if candidates.offer(lo_start, hi_end, value)
                    && let Some((measure, estimate)) = estimate
                {
                    let value =
                        StatementValue::Estimate { measure: measure.to_owned(), value: estimate };
                    candidates.offer(value_start, estimate_end(&captures, from), value);
                }
            }
            Label::Iqr | Label::Range => {
                let (Some(median), Some(low), Some(high)) =
                    (number("value"), number("lo"), number("hi"))
                else {
                    continue;
                };
                if !ordered(&low, &median, &high) {
                    continue;
                }
                let value = match label {
                    Label::Iqr => StatementValue::MedianIqr { median, q1: low, q3: high },
                    _ => StatementValue::MedianRange { median, min: low, max: high },
                };
                candidates.offer(value_start, close_end, value);
            }
            Label::IqrAndRange => {
                let (Some(median), Some(q1), Some(q3), Some(min), Some(max)) =
                    (number("value"), number("lo"), number("hi"), number("min"), number("max"))
                else {
                    continue;
                };
                let (Some((_, q3_end)), Some((min_start, _))) = (at("hi"), at("min")) else {
                    continue;
                };
                if !ordered(&q1, &median, &q3) || !ordered(&min, &q1, &max) {
                    continue;
                }
                let median_again = median.clone();
                if candidates.offer(
                    value_start,
                    q3_end,
                    StatementValue::MedianIqr { median, q1, q3 },
                ) {
                    candidates.offer(
                        min_start,
                        close_end,
                        StatementValue::MedianRange { median: median_again, min, max },
                    );
                }
            }
            Label::Sd => {
                let (Some(mean), Some(sd)) = (number("value"), number("sd")) else {
                    continue;
                };
                let value = StatementValue::MeanSd { mean, sd, n: None, change: false };
                candidates.offer(value_start, close_end, value);
            }
        }
    }
}

/// Where the value of a bare member ends, in the segment.
fn estimate_end(captures: &regex::bytes::Captures<'_>, from: usize) -> usize {
    captures.name("value").map_or(from, |found| from + found.end())
}

/// Tells whether three numbers are in order, low to high, as a median between its quartiles is.
fn ordered(low: &Number, middle: &Number, high: &Number) -> bool {
    low.value <= middle.value && middle.value <= high.value
}

/// The end of the sentence that holds `position`: the next full stop followed by a space and a
/// capital, or a line break, or the segment's end.
fn sentence_end(segment: &str, position: usize) -> usize {
    let bytes = segment.as_bytes();
    (position..bytes.len())
        .find(|&index| match bytes.get(index) {
            Some(b'\n') => true,
            Some(b'.') => {
                bytes.get(index + 1) == Some(&b' ')
                    && bytes.get(index + 2).is_some_and(|next| next.is_ascii_uppercase())
            }
            _ => false,
        })
        .unwrap_or(bytes.len())
}

/// The start of the sentence that holds `position`.
fn sentence_start(segment: &str, position: usize) -> usize {
    let bytes = segment.as_bytes();
    (0..position.min(bytes.len()))
        .rev()
        .find(|&index| match bytes.get(index) {
            Some(b'\n') => true,
            Some(b'.') => {
                bytes.get(index + 1) == Some(&b' ')
                    && bytes.get(index + 2).is_some_and(|next| next.is_ascii_uppercase())
            }
            _ => false,
        })
        .map_or(0, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statements::Hints;

    /// Every statement of `text` as its kind and its span's text.
    fn read(text: &str) -> Vec<(&'static str, &str)> {
        let mut statements = crate::statements::scan(text, 0, Hints::default());
        statements.sort_by_key(|statement| statement.start);
        statements
            .iter()
            .map(|statement| {
                (statement.value.kind(), text.get(statement.start..statement.end).unwrap_or(""))
            })
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&BARE_INTERVAL);
        LazyLock::force(&BARE_NESTED);
        LazyLock::force(&BARE_DISPERSION);
        LazyLock::force(&HEADER);
        LazyLock::force(&HEADER_MASKS);
    }

    #[test]
    fn unlabelled_intervals_after_a_labelled_one() {
        // 22882961 (development corpus).
        let text = "Prevalence varied between 6.5% (95% confidence interval: 5.9-7.1) and 9.7% (9.0-10.5) depending on the definition.";
        let cis: Vec<&str> = read(text)
            .into_iter()
            .filter(|(kind, _)| *kind == "ci")
            .map(|(_, span)| span)
            .collect();
        assert_eq!(cis, ["95% confidence interval: 5.9-7.1", "9.0-10.5"]);
        // Another sentence is another series.
        let apart = "The HR was 0.5 (95% CI 0.3-0.8). Patients were 40 (30-50) years old.";
        assert_eq!(read(apart).iter().filter(|(kind, _)| *kind == "ci").count(), 1);
    }

    #[test]
    fn unlabelled_medians_after_a_labelled_one() {
        // 31839961 (development corpus).
        let text = "being a median of 547 mL (IQR 442-786 mL) for CD, 511 mL (453-789 mL) for SCD and 521 mL (428-757 mL) for IBS-D.";
        let medians: Vec<&str> = read(text)
            .into_iter()
            .filter(|(kind, _)| *kind == "median_iqr")
            .map(|(_, span)| span)
            .collect();
        assert_eq!(
            medians,
            ["547 mL (IQR 442-786 mL)", "511 mL (453-789 mL)", "521 mL (428-757 mL)"]
        );
        let ranges =
            "The median duration was 49 (range 3-129) min and 51 (7-157) min for S(-)-bupivacaine.";
        assert_eq!(read(ranges).iter().filter(|(kind, _)| *kind == "median_range").count(), 2);
    }

    #[test]
    fn a_median_header_reaches_the_next_sentence_unless_it_names_another_measure() {
        let medians = |text: &str| -> usize {
            crate::statements::scan(text, 0, crate::statements::Hints::default())
                .iter()
                .filter(|statement| matches!(statement.value, StatementValue::MedianIqr { .. }))
                .count()
        };
        // PMC3640960 (dev4 fixtures).
        let carried = "The median [IQR] HBP concentrations were 23.6 ng/ml [13.9-43.0 ng/ml] and 15.9 ng/ml [12.6-20.7 ng/ml]. The concentrations in the placebo group were 21.6 ng/ml [16.9-28.7 ng/ml] and 17.8 ng/ml [13.6-20.9 ng/ml]. Levels then fell to 12 ng/ml [10-14 ng/ml].";
        assert_eq!(medians(carried), 4, "the header reaches one sentence, not two");
        let other = "The median [IQR] stay was 5 days [3-8]. The hazard ratio was 0.8 [0.6-0.9].";
        assert_eq!(medians(other), 1);
    }

    #[test]
    fn headers_in_a_sentence_of_their_own_or_in_the_plural_name_the_values() {
        let read_kinds = |text: &str| -> Vec<(&'static str, String)> {
            read(text).into_iter().map(|(kind, span)| (kind, span.to_owned())).collect()
        };
        let alone = "Data are presented as median (IQR). Drug 6 (4-9), placebo 8 (5-12).";
        assert_eq!(
            read_kinds(alone),
            [("median_iqr", "6 (4-9)".to_owned()), ("median_iqr", "8 (5-12)".to_owned())]
        );
        let plural = "Scores were 2 (1-4) and 5 (3-8) (medians and interquartile ranges).";
        assert_eq!(read_kinds(plural).len(), 2);
        let percentiles = "Median (25th, 75th percentiles) values were 4 (2, 6) and 7 (5, 9).";
        assert_eq!(read_kinds(percentiles).len(), 2);
        let unlabelled = "Values fell. Drug 6 (4-9), placebo 8 (5-12).";
        assert!(read_kinds(unlabelled).is_empty(), "no header, no median");
    }

    #[test]
    fn headers_name_the_layout() {
        // 21106341 and PMC3558408-like layouts (development corpus).
        let text = "The Glasgow Outcome Scale (median, interquartile range) was 3 (0, 6) for HSD and was 0 (0, 6) for NS.";
        assert_eq!(read(text).iter().filter(|(kind, _)| *kind == "median_iqr").count(), 2);
        let sd = "The Functional Independence Measure (mean, SD) was 62 (37) for HSD and 80 (32) for NS.";
        assert_eq!(
            read(sd)
                .iter()
                .filter(|(kind, _)| *kind == "mean_sd")
                .map(|(_, s)| *s)
                .collect::<Vec<_>>(),
            ["62 (37)", "80 (32)"]
        );
        let trailing = "Peak increments of 5.33 mg/dL [5.26–5.36] and 4.30 mg/dL [3.59–4.68] (median and interquartile range) were seen.";
        assert_eq!(read(trailing).iter().filter(|(kind, _)| *kind == "median_iqr").count(), 2);
        // 22670827 (development corpus): the nested layout's header reaches past its sentence.
        let nested = "Median (IQR [range]) time to placement was faster with the air-Q SP (12 (10-15 [5-18])) s. \
                      Leak pressures were 16 (14-18 [10-29]) compared with 18 (15-20 [10-30]) cmH2 O.";
        let kinds: Vec<&str> = read(nested).iter().map(|(kind, _)| *kind).collect();
        assert_eq!(
            kinds,
            [
                "median_iqr",
                "median_range",
                "median_iqr",
                "median_range",
                "median_iqr",
                "median_range"
            ]
        );
        // Any other header reaches only its own sentence.
        let apart = "The outcome was the median (IQR) stay. Patients were 40 (30-50) years old.";
        assert!(read(apart).is_empty(), "{:?}", read(apart));
    }

    #[test]
    fn square_bracketed_headers_name_the_layout_too() {
        // PMC3578670 (dev2 fixtures): "mean [standard deviation]" in square brackets.
        let text = "The ocular discomfort (expressed as mean [standard deviation]) was lower (day 2:1.9 [2.3] versus 3.7 [2.8], respectively [P = 0.0003]).";
        assert_eq!(
            read(text)
                .iter()
                .filter(|(kind, _)| *kind == "mean_sd")
                .map(|(_, s)| *s)
                .collect::<Vec<_>>(),
            ["1.9 [2.3]", "3.7 [2.8]"]
        );
        // PMC3558408 (dev fixtures): words between the measure's name and its layout.
        let worded = "Median Mv per kg in ml (interquartile range) was lower at 9:3 (140 (134–144)) and 15:2 (77 (74–83)) than at 3:1 (191(183–199)).";
        assert_eq!(read(worded).iter().filter(|(kind, _)| *kind == "median_iqr").count(), 3);
        let change = "The mean change (SD) from baseline was 1.6 (2.3) with placebo and 1.4 (2.0) with drug.";
        assert_eq!(read(change).iter().filter(|(kind, _)| *kind == "mean_sd").count(), 2);
        let median = "Times were 109 [21-937] min and 110 [33-642] min (median [range]).";
        assert_eq!(read(median).iter().filter(|(kind, _)| *kind == "median_range").count(), 2);
    }

    #[test]
    fn a_bracket_out_of_order_is_not_a_median() {
        let text = "median 12 (IQR 10-15) versus 30 (40-50) days";
        assert_eq!(read(text).iter().filter(|(kind, _)| *kind == "median_iqr").count(), 1);
    }
}
