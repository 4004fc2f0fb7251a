//! Hand-built extractions for the integration tests: numbers located in a real text.

#![allow(dead_code)]

use trialsift_domain::{CiMethod, Comparator, Extraction, Number, Statement, StatementValue};

/// Builds a number from its written form at a byte offset: value, decimals and span.
pub fn number(written: &str, start: usize) -> Number {
    let words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
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

/// A document and the statements an extractor would read from it, built in text order.
pub struct Doc<'t> {
    /// The document.
    pub text: &'t str,
    /// Statements so far.
    pub statements: Vec<Statement>,
    cursor: usize,
}

impl<'t> Doc<'t> {
    /// Starts a document.
    pub fn new(text: &'t str) -> Self {
        Self { text, statements: Vec::new(), cursor: 0 }
    }

    /// Moves the cursor to the first occurrence of `anchor` after it.
    pub fn skip_to(&mut self, anchor: &str) -> &mut Self {
        let found =
            self.text[self.cursor..].find(anchor).unwrap_or_else(|| panic!("{anchor:?} not found"));
        self.cursor += found;
        self
    }

    /// Locates the next occurrence of a written number.
    pub fn num(&mut self, written: &str) -> Number {
        let found = self.text[self.cursor..]
            .find(written)
            .unwrap_or_else(|| panic!("{written:?} not found"));
        let number = number(written, self.cursor + found);
        self.cursor = number.end;
        number
    }

    /// Adds a statement spanning `[start, end)` and returns its index.
    pub fn push(&mut self, value: StatementValue, start: usize, end: usize) -> usize {
        self.statements.push(Statement {
            lang: "en".to_owned(),
            start,
            end,
            value,
            refers_to: None,
            arm: None,
            time_point: None,
        });
        self.statements.len() - 1
    }

    /// Adds `count/total (percent%)`, parts given as written in text order with their roles.
    pub fn proportion(&mut self, parts: &[(&str, &str)]) -> usize {
        let (mut count, mut total, mut percent) = (None, None, None);
        let mut start = usize::MAX;
        let mut end = 0;
        for (role, written) in parts {
            let number = self.num(written);
            start = start.min(number.start);
            end = end.max(number.end);
            match *role {
                "x" => count = Some(number),
                "n" => total = Some(number),
                _ => percent = Some(number),
            }
        }
        self.push(StatementValue::Proportion { count, total, percent }, start, end)
    }

    /// Adds a CI starting at `opening` (its wording) with the given bounds.
    pub fn ci(
        &mut self,
        opening: &str,
        lower: &str,
        upper: &str,
        method: Option<CiMethod>,
        percent: bool,
    ) -> usize {
        self.skip_to(opening);
        let start = self.cursor;
        let lower = self.num(lower);
        let upper = self.num(upper);
        let end = upper.end;
        self.push(
            StatementValue::Ci { level: Some(95.0), lower, upper, method, percent },
            start,
            end,
        )
    }

    /// Adds `mean ± sd` with an optional `n`.
    pub fn mean_sd(&mut self, mean: &str, sd: &str, n: Option<&str>) -> usize {
        let mean = self.num(mean);
        let sd = self.num(sd);
        let n = n.map(|n| self.num(n));
        let (start, end) = (mean.start, n.as_ref().map_or(sd.end, |n| n.end));
        self.push(StatementValue::MeanSd { mean, sd, n, change: false }, start, end)
    }

    /// Adds `median (IQR q1, q3)`.
    pub fn median(&mut self, median: &str, q1: &str, q3: &str) -> usize {
        let median = self.num(median);
        let q1 = self.num(q1);
        let q3 = self.num(q3);
        let (start, end) = (median.start, q3.end);
        self.push(StatementValue::MedianIqr { median, q1, q3 }, start, end)
    }

    /// Adds a p-value, its span starting at the `p`/`P` label before the number.
    pub fn p(&mut self, comparator: Comparator, value: &str) -> usize {
        let value = self.num(value);
        let start = self.text[..value.start].rfind(['p', 'P']).unwrap_or(value.start);
        let end = value.end;
        self.push(StatementValue::PValue { comparator, value }, start, end)
    }

    /// Returns the extraction.
    pub fn extraction(&self) -> Extraction {
        Extraction { statements: self.statements.clone(), ..Extraction::default() }
    }
}
