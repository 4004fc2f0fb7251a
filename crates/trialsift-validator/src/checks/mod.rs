//! The check families. Each module reads the statements through a [`Context`]
//! and pushes [`Draft`]s; [`crate::validate`] orders them.
//!
//! To add a family (test statistics, two-sample t, chi-square/Fisher,
//! GRIM/GRIMMER, counts, claims, cross-language), write a module with a
//! `run(&Context, &mut Vec<Draft>)`, name its checks in [`crate::check_names`],
//! and list it in [`ALL`]. `cross_language` reads the splitter's segments rather than the
//! statements, so [`crate::validate_document`] runs it after [`ALL`].

use trialsift_domain::{Finding, Interval, Number, Verdict};

use crate::context::Context;

pub(crate) mod claims;
pub(crate) mod counts;
pub(crate) mod cross_language;
pub(crate) mod grim;
pub(crate) mod paired;
pub(crate) mod percentage;
pub(crate) mod proportion_ci;
pub(crate) mod ranges;
pub(crate) mod ratio;
pub(crate) mod statistic;
pub(crate) mod two_proportions;
pub(crate) mod two_sample;

/// A check family: reads the document, pushes its findings.
pub(crate) type Check = fn(&Context<'_>, &mut Vec<Draft>);

/// Every check family, in the order their findings are listed when they share a position.
pub(crate) const ALL: [Check; 11] = [
    percentage::run,
    proportion_ci::run,
    ranges::run,
    paired::run,
    statistic::run,
    grim::run,
    two_sample::run,
    counts::run,
    claims::run,
    ratio::run,
    two_proportions::run,
];

/// A finding with the byte offset that places it in document order.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Start of the reported figure the finding is about.
    pub anchor: usize,
    /// The finding.
    pub finding: Finding,
}

impl Draft {
    /// Builds a draft; the spans are sorted and deduplicated.
    pub fn new(
        check: &str,
        verdict: Verdict,
        reported: String,
        recomputed: Vec<Interval>,
        explanation: String,
        numbers: &[&Number],
    ) -> Self {
        let mut spans: Vec<[usize; 2]> = numbers.iter().map(|number| number.span()).collect();
        spans.sort_unstable();
        spans.dedup();
        let anchor = spans.first().map_or(0, |span| span[0]);
        let finding =
            Finding { check: check.to_owned(), verdict, reported, recomputed, explanation, spans };
        Self { anchor, finding }
    }

    /// Places the draft at the start of a given number instead of its first span.
    pub fn anchored_at(mut self, number: &Number) -> Self {
        self.anchor = number.start;
        self
    }
}

/// Returns an interval named after what it bounds.
pub(crate) fn interval(name: &str, low: f64, high: f64) -> Interval {
    Interval { name: name.to_owned(), low: low.min(high), high: low.max(high) }
}

/// 2^53: every integer up to it is exact in an f64.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Returns a number as a whole count, when it is a finite, non-negative integer.
pub(crate) fn whole(number: &Number) -> Option<u64> {
    let value = number.value;
    let is_whole =
        value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_EXACT_INTEGER;
    // The cast is exact: value is a non-negative integer up to 2^53.
    is_whole.then_some(value as u64)
}

/// Returns `floor(numerator / denominator)` for a positive denominator.
pub(crate) fn div_floor(numerator: i128, denominator: i128) -> Option<i128> {
    (denominator > 0).then(|| numerator.div_euclid(denominator))
}

/// Returns `ceil(numerator / denominator)` for a positive denominator.
pub(crate) fn div_ceil(numerator: i128, denominator: i128) -> Option<i128> {
    let floor = div_floor(numerator, denominator)?;
    Some(if numerator.rem_euclid(denominator) == 0 { floor } else { floor + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::number;

    #[test]
    fn whole_counts_are_finite_non_negative_integers() {
        assert_eq!(whole(&number("19", 0)), Some(19));
        assert_eq!(whole(&number("19.5", 0)), None);
        assert_eq!(whole(&number("-3", 0)), None);
        let mut infinite = number("1", 0);
        infinite.value = f64::INFINITY;
        assert_eq!(whole(&infinite), None);
    }

    #[test]
    fn integer_division_rounds_the_right_way() {
        assert_eq!(div_floor(-7, 2), Some(-4));
        assert_eq!(div_ceil(-7, 2), Some(-3));
        assert_eq!(div_ceil(8, 2), Some(4));
        assert_eq!(div_ceil(9, 2), Some(5));
        assert_eq!(div_floor(1, 0), None);
    }
}
