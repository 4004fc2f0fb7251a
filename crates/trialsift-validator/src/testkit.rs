//! Builders for hand-made numbers and statements in unit tests.

use trialsift_domain::{Number, Statement, StatementValue};

/// Builds a number from its written form at a byte offset: value, decimals and span.
pub(crate) fn number(written: &str, start: usize) -> Number {
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let normalized = written.replace('\u{2212}', "-");
    let lowered = normalized.to_ascii_lowercase();
    let value = match words.iter().position(|word| *word == lowered) {
        Some(position) => position as f64,
        None => normalized.parse().unwrap_or(f64::NAN),
    };
    let decimals = normalized.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    Number {
        value,
        decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        text: written.to_owned(),
        start,
        end: start + written.len(),
    }
}

/// Builds a number from the first occurrence of `written` in `text` at or after byte `from`.
pub(crate) fn number_in(text: &str, written: &str, from: usize) -> Number {
    let offset = text.get(from..).and_then(|rest| rest.find(written)).map(|found| found + from);
    number(written, offset.unwrap_or_else(|| panic!("{written:?} not in text after {from}")))
}

/// Builds an English statement spanning `[start, end)`.
pub(crate) fn statement(value: StatementValue, start: usize, end: usize) -> Statement {
    Statement {
        lang: "en".to_owned(),
        start,
        end,
        value,
        refers_to: None,
        arm: None,
        time_point: None,
    }
}

/// Builds an English statement spanning its numbers, from the first to the last.
pub(crate) fn spanning(value: StatementValue, numbers: &[&Number]) -> Statement {
    let start = numbers.iter().map(|number| number.start).min().unwrap_or(0);
    let end = numbers.iter().map(|number| number.end).max().unwrap_or(0);
    statement(value, start, end)
}

/// A part of a proportion statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The count (x).
    Count,
    /// The total (N).
    Total,
    /// The percentage.
    Percent,
}

/// Builds a proportion statement from its parts, given in text order and located from byte `from`.
pub(crate) fn proportion(text: &str, parts: &[(Part, &str)], from: usize) -> Statement {
    let mut cursor = from;
    let (mut count, mut total, mut percent) = (None, None, None);
    let mut numbers = Vec::new();
    for (part, written) in parts {
        let number = number_in(text, written, cursor);
        cursor = number.end;
        numbers.push(number.clone());
        let slot = match part {
            Part::Count => &mut count,
            Part::Total => &mut total,
            Part::Percent => &mut percent,
        };
        *slot = Some(number);
    }
    let references: Vec<&Number> = numbers.iter().collect();
    spanning(StatementValue::Proportion { count, total, percent }, &references)
}
