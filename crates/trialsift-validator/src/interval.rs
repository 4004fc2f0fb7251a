//! Interval arithmetic for rounded figures.
//!
//! A reported `7.9` stands for any true value in `[7.85, 7.95]`. Checks carry
//! their inputs as [`Range`]s and push them through monotone functions, so a
//! figure is inconsistent only when no input inside its interval reproduces
//! it. The interval is closed on purpose: a true value exactly on a rounding
//! boundary may have been rounded either way, and the validator does not
//! guess the author's rounding rule.
//!
//! For ratios of whole numbers (a percentage from `x/N`) floating point is not
//! exact enough at the boundary, so [`Decimal`] and [`compare_ratio`] decide in
//! integer arithmetic.

use trialsift_domain::Number;

/// Relative slack allowed at interval edges for floating-point noise.
const RELATIVE_SLACK: f64 = 1e-9;

/// Absolute slack allowed at interval edges for floating-point noise.
const ABSOLUTE_SLACK: f64 = 1e-12;

/// Largest number of decimals the exact comparisons handle.
const MAX_EXACT_DECIMALS: u8 = 12;

/// Returns the tolerance for comparing two floating-point values of this magnitude.
fn slack(magnitude: f64) -> f64 {
    ABSOLUTE_SLACK + RELATIVE_SLACK * magnitude.abs()
}

/// A closed interval `[low, high]` of real values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Range {
    /// Smallest value.
    pub low: f64,
    /// Largest value.
    pub high: f64,
}

impl Range {
    /// Returns the interval between two values, in either order.
    pub fn new(first: f64, second: f64) -> Self {
        if first <= second {
            Self { low: first, high: second }
        } else {
            Self { low: second, high: first }
        }
    }

    /// Returns the closed rounding interval of a reported number, or `None` when it is not finite.
    pub fn rounding(number: &Number) -> Option<Self> {
        if !number.value.is_finite() {
            return None;
        }
        let (low, high) = number.rounding_interval();
        if !(low.is_finite() && high.is_finite()) {
            return None;
        }
        Some(Self::new(low, high))
    }

    /// Tells whether the value lies in the interval, allowing for floating-point noise.
    pub fn contains(&self, value: f64) -> bool {
        value >= self.low - slack(self.low) && value <= self.high + slack(self.high)
    }

    /// Tells whether two intervals share a value, allowing for floating-point noise.
    pub fn overlaps(&self, other: &Range) -> bool {
        self.low <= other.high + slack(other.high) && other.low <= self.high + slack(self.high)
    }

    /// Tells whether every value of this interval lies strictly above every value of the other.
    pub fn entirely_above(&self, other: &Range) -> bool {
        !self.overlaps(other) && self.low > other.high
    }

    /// Returns the interval of absolute values `{|v| : v in self}`.
    pub fn abs(&self) -> Self {
        if self.low >= 0.0 {
            *self
        } else if self.high <= 0.0 {
            Self { low: -self.high, high: -self.low }
        } else {
            Self { low: 0.0, high: self.low.abs().max(self.high) }
        }
    }

    /// Returns the interval clamped into `[floor, ceiling]`.
    pub fn clamp(&self, floor: f64, ceiling: f64) -> Self {
        Self { low: self.low.clamp(floor, ceiling), high: self.high.clamp(floor, ceiling) }
    }

    /// Returns the interval's midpoint.
    pub fn mid(&self) -> f64 {
        0.5 * (self.low + self.high)
    }
}

/// A reported number as an exact decimal: `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    /// The number's digits as an integer (`42.0` at scale 1 is 420).
    pub units: i128,
    /// The number of decimals.
    pub scale: u8,
}

impl Decimal {
    /// Returns the exact decimal a reported number stands for, when its value and decimals are sane.
    pub fn of(number: &Number) -> Option<Self> {
        if number.decimals > MAX_EXACT_DECIMALS || !number.value.is_finite() {
            return None;
        }
        let scaled = number.value * 10f64.powi(i32::from(number.decimals));
        // Beyond 2^53 an f64 no longer holds every integer.
        if !scaled.is_finite() || scaled.abs() > 9.0e15 {
            return None;
        }
        // The cast is exact: |scaled| <= 9e15 after rounding.
        let units = scaled.round() as i128;
        Some(Self { units, scale: number.decimals })
    }

    /// Returns `10^scale`.
    pub fn unit_denominator(&self) -> i128 {
        10i128.pow(u32::from(self.scale))
    }
}

/// Where an exact ratio falls relative to the rounding interval of a reported decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RatioPlace {
    /// Strictly inside: every rounding rule gives the reported value.
    Inside,
    /// Exactly half a unit below the reported value: ties rounded up give it.
    TieBelow,
    /// Exactly half a unit above the reported value: ties rounded down give it.
    TieAbove,
    /// Outside: no rounding rule gives the reported value.
    Outside,
}

/// Places the exact ratio `numerator / denominator` against a reported decimal.
///
/// Returns `None` when the denominator is not positive or the arithmetic would overflow.
pub(crate) fn compare_ratio(
    numerator: i128,
    denominator: i128,
    reported: Decimal,
) -> Option<RatioPlace> {
    if denominator <= 0 {
        return None;
    }
    // ratio vs units/10^s ± 1/(2·10^s)  <=>  2·num·10^s vs (2·units ± 1)·den
    let scaled = numerator.checked_mul(2)?.checked_mul(reported.unit_denominator())?;
    let twice_units = reported.units.checked_mul(2)?;
    let lower_edge = twice_units.checked_sub(1)?.checked_mul(denominator)?;
    let upper_edge = twice_units.checked_add(1)?.checked_mul(denominator)?;
    Some(if scaled == lower_edge {
        RatioPlace::TieBelow
    } else if scaled == upper_edge {
        RatioPlace::TieAbove
    } else if scaled > lower_edge && scaled < upper_edge {
        RatioPlace::Inside
    } else {
        RatioPlace::Outside
    })
}

/// The rounding conventions that turn a tie into the reported value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TieRule {
    /// Rounding half up gives the reported value; half-to-even does not.
    Up,
    /// Both rounding half up and half to even give the reported value.
    UpAndEven,
    /// Rounding half to even gives the reported value; half up does not.
    Even,
    /// Only rounding half down (or truncation) gives the reported value.
    DownOnly,
}

impl TieRule {
    /// Returns the rule that makes a tie at `place` round to the reported `units`.
    pub fn for_tie(place: RatioPlace, units: i128) -> Option<Self> {
        let even = units % 2 == 0;
        match place {
            RatioPlace::TieBelow if even => Some(TieRule::UpAndEven),
            RatioPlace::TieBelow => Some(TieRule::Up),
            RatioPlace::TieAbove if even => Some(TieRule::Even),
            RatioPlace::TieAbove => Some(TieRule::DownOnly),
            RatioPlace::Inside | RatioPlace::Outside => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::number;

    #[test]
    fn rounding_interval_is_closed_and_ordered() {
        let range = Range::rounding(&number("7.9", 0)).expect("finite");
        assert!(range.contains(7.85) && range.contains(7.95));
        assert!(!range.contains(7.96));
        let negative = Range::rounding(&number("-5.3", 0)).expect("finite");
        assert!(negative.low < negative.high);
        assert!((negative.abs().low - 5.25).abs() < 1e-12);
    }

    #[test]
    fn abs_of_an_interval_across_zero_starts_at_zero() {
        let range = Range::new(-0.5, 2.0).abs();
        assert_eq!(range, Range { low: 0.0, high: 2.0 });
    }

    #[test]
    fn ratios_are_placed_exactly() {
        let twelve = Decimal::of(&number("12", 0)).expect("sane");
        let thirteen = Decimal::of(&number("13", 0)).expect("sane");
        // 100·1/8 = 12.5 exactly.
        assert_eq!(compare_ratio(100, 8, twelve), Some(RatioPlace::TieAbove));
        assert_eq!(compare_ratio(100, 8, thirteen), Some(RatioPlace::TieBelow));
        let forty_two = Decimal::of(&number("42.0", 0)).expect("sane");
        assert_eq!(compare_ratio(800, 19, forty_two), Some(RatioPlace::Outside));
        let forty_two_one = Decimal::of(&number("42.1", 0)).expect("sane");
        assert_eq!(compare_ratio(800, 19, forty_two_one), Some(RatioPlace::Inside));
        assert_eq!(compare_ratio(800, 0, forty_two_one), None);
    }

    #[test]
    fn tie_rules_follow_parity() {
        assert_eq!(TieRule::for_tie(RatioPlace::TieBelow, 13), Some(TieRule::Up));
        assert_eq!(TieRule::for_tie(RatioPlace::TieAbove, 12), Some(TieRule::Even));
        assert_eq!(TieRule::for_tie(RatioPlace::TieAbove, 37), Some(TieRule::DownOnly));
        assert_eq!(TieRule::for_tie(RatioPlace::TieBelow, 38), Some(TieRule::UpAndEven));
    }
}
