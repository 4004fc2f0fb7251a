//! The distributions and estimators the checks recompute figures with.
//!
//! Special functions come from `statrs`; this module only guards their inputs
//! (statrs panics on some out-of-domain arguments) and assembles the standard
//! formulas. Every function returns `None` rather than a NaN or a panic.

use statrs::distribution::{Beta, ContinuousCDF, Normal, StudentsT};
use trialsift_domain::CiMethod;

/// Largest total for which the beta-quantile intervals (Clopper–Pearson, Jeffreys) are computed.
///
/// Beyond it the intervals agree with Wilson's to far below any reported
/// precision, and statrs' quantile iteration is not worth the risk.
pub const MAX_EXACT_TOTAL: u64 = 1_000_000;

/// A standard interval estimator for a binomial proportion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProportionMethod {
    /// Exact binomial interval from beta quantiles.
    ClopperPearson,
    /// Wilson score interval.
    Wilson,
    /// Wilson score interval with continuity correction (R's `prop.test` default).
    WilsonCorrected,
    /// Jeffreys interval: equal-tailed beta(x + 1/2, n - x + 1/2) quantiles.
    Jeffreys,
    /// Agresti–Coull ("add z²/2 successes and failures") interval.
    AgrestiCoull,
    /// Normal approximation (Wald) interval.
    Wald,
}

impl ProportionMethod {
    /// Every method, in the order a match is preferred when the text names none.
    pub const ALL: [ProportionMethod; 6] = [
        ProportionMethod::ClopperPearson,
        ProportionMethod::Wilson,
        ProportionMethod::WilsonCorrected,
        ProportionMethod::Jeffreys,
        ProportionMethod::AgrestiCoull,
        ProportionMethod::Wald,
    ];

    /// Returns the method's name as a person writes it.
    pub fn display_name(self) -> &'static str {
        match self {
            ProportionMethod::ClopperPearson => "Clopper-Pearson",
            ProportionMethod::Wilson => "Wilson",
            ProportionMethod::WilsonCorrected => "continuity-corrected Wilson",
            ProportionMethod::Jeffreys => "Jeffreys",
            ProportionMethod::AgrestiCoull => "Agresti-Coull",
            ProportionMethod::Wald => "Wald",
        }
    }

    /// Returns the method a text names.
    pub fn named(method: CiMethod) -> Self {
        match method {
            CiMethod::ClopperPearson => ProportionMethod::ClopperPearson,
            CiMethod::Wilson => ProportionMethod::Wilson,
            CiMethod::Wald => ProportionMethod::Wald,
            CiMethod::AgrestiCoull => ProportionMethod::AgrestiCoull,
            CiMethod::Jeffreys => ProportionMethod::Jeffreys,
            CiMethod::WilsonCorrected => ProportionMethod::WilsonCorrected,
        }
    }

    /// Computes the interval for `count` successes out of `total` at `confidence` (0.95 for 95%).
    pub fn interval(self, count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
        if total == 0 || count > total || !(confidence > 0.0 && confidence < 1.0) {
            return None;
        }
        let interval = match self {
            ProportionMethod::ClopperPearson => clopper_pearson(count, total, confidence),
            ProportionMethod::Wilson => wilson(count, total, confidence),
            ProportionMethod::WilsonCorrected => wilson_corrected(count, total, confidence),
            ProportionMethod::Jeffreys => jeffreys(count, total, confidence),
            ProportionMethod::AgrestiCoull => agresti_coull(count, total, confidence),
            ProportionMethod::Wald => wald(count, total, confidence),
        }?;
        let finite = [interval.lower, interval.upper, interval.raw_lower, interval.raw_upper]
            .iter()
            .all(|bound| bound.is_finite());
        if !finite || interval.lower > interval.upper + 1e-9 {
            return None;
        }
        // At absurdly low levels the two quantiles may cross by rounding noise.
        let lower = interval.lower.min(interval.upper);
        Some(ProportionInterval {
            lower,
            raw_lower: interval.raw_lower.min(interval.raw_upper),
            ..interval
        })
    }
}

/// The bounds of a confidence interval for a proportion, as fractions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProportionInterval {
    /// Lower bound, clipped into `[0, 1]`.
    pub lower: f64,
    /// Upper bound, clipped into `[0, 1]`.
    pub upper: f64,
    /// Lower bound before clipping (Wald and Agresti–Coull can leave `[0, 1]`).
    pub raw_lower: f64,
    /// Upper bound before clipping.
    pub raw_upper: f64,
}

impl ProportionInterval {
    /// Builds an interval from raw bounds, clipping them into `[0, 1]`.
    fn clipped(raw_lower: f64, raw_upper: f64) -> Self {
        Self {
            lower: raw_lower.clamp(0.0, 1.0),
            upper: raw_upper.clamp(0.0, 1.0),
            raw_lower,
            raw_upper,
        }
    }
}

/// Returns the two-sided standard normal quantile for a confidence level (1.959964 for 0.95).
pub fn z_two_sided(confidence: f64) -> Option<f64> {
    if !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let normal = Normal::new(0.0, 1.0).ok()?;
    let z = normal.inverse_cdf(0.5 + 0.5 * confidence);
    (z.is_finite() && z > 0.0).then_some(z)
}

/// Returns the `probability` quantile of beta(a, b), guarding statrs' panics.
fn beta_quantile(a: f64, b: f64, probability: f64) -> Option<f64> {
    if !(probability > 0.0 && probability < 1.0) {
        return None;
    }
    let beta = Beta::new(a, b).ok()?;
    let quantile = beta.inverse_cdf(probability);
    (0.0..=1.0).contains(&quantile).then_some(quantile)
}

/// Converts a count to `f64` (exact up to 2^53; the checks pass nothing larger).
fn real(count: u64) -> f64 {
    count as f64
}

/// Computes the Clopper–Pearson (exact binomial) interval.
pub fn clopper_pearson(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let (successes, failures) = (real(count), real(total.checked_sub(count)?));
    beta_interval(
        count,
        total,
        confidence,
        (successes, failures + 1.0),
        (successes + 1.0, failures),
    )
}

/// Computes the Jeffreys interval.
pub fn jeffreys(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let (successes, failures) = (real(count), real(total.checked_sub(count)?));
    let shape = (successes + 0.5, failures + 0.5);
    beta_interval(count, total, confidence, shape, shape)
}

/// Computes an equal-tailed interval from beta quantiles: the lower tail of the `lower_shape`
/// beta distribution and the upper tail of the `upper_shape` one; the lower bound is 0 at
/// x = 0 and the upper bound 1 at x = n.
fn beta_interval(
    count: u64,
    total: u64,
    confidence: f64,
    lower_shape: (f64, f64),
    upper_shape: (f64, f64),
) -> Option<ProportionInterval> {
    if total == 0
        || total > MAX_EXACT_TOTAL
        || count > total
        || !(confidence > 0.0 && confidence < 1.0)
    {
        return None;
    }
    let tail = 0.5 * (1.0 - confidence);
    let lower = if count == 0 { 0.0 } else { beta_quantile(lower_shape.0, lower_shape.1, tail)? };
    let upper =
        if count == total { 1.0 } else { beta_quantile(upper_shape.0, upper_shape.1, 1.0 - tail)? };
    Some(ProportionInterval::clipped(lower, upper))
}

/// Computes the Wilson score interval.
pub fn wilson(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let z = z_two_sided(confidence)?;
    let n = real(total);
    let estimate = real(count) / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (estimate + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (estimate * (1.0 - estimate) / n + z2 / (4.0 * n * n)).sqrt();
    Some(ProportionInterval::clipped(centre - half, centre + half))
}

/// Computes the Wilson score interval with continuity correction (Newcombe 1998, method 4).
pub fn wilson_corrected(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let z = z_two_sided(confidence)?;
    let n = real(total);
    let estimate = real(count) / n;
    let z2 = z * z;
    let denominator = 2.0 * (n + z2);
    let lower = if count == 0 {
        0.0
    } else {
        let root =
            (z2 - 2.0 - 1.0 / n + 4.0 * estimate * (n * (1.0 - estimate) + 1.0)).max(0.0).sqrt();
        (2.0 * n * estimate + z2 - 1.0 - z * root) / denominator
    };
    let upper = if count == total {
        1.0
    } else {
        let root =
            (z2 + 2.0 - 1.0 / n + 4.0 * estimate * (n * (1.0 - estimate) - 1.0)).max(0.0).sqrt();
        (2.0 * n * estimate + z2 + 1.0 + z * root) / denominator
    };
    Some(ProportionInterval::clipped(lower, upper))
}

/// Computes the Agresti–Coull interval.
pub fn agresti_coull(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let z = z_two_sided(confidence)?;
    let z2 = z * z;
    let adjusted_total = real(total) + z2;
    let adjusted_estimate = (real(count) + 0.5 * z2) / adjusted_total;
    let half = z * (adjusted_estimate * (1.0 - adjusted_estimate) / adjusted_total).sqrt();
    Some(ProportionInterval::clipped(adjusted_estimate - half, adjusted_estimate + half))
}

/// Computes the Wald (normal approximation) interval.
pub fn wald(count: u64, total: u64, confidence: f64) -> Option<ProportionInterval> {
    let z = z_two_sided(confidence)?;
    let n = real(total);
    let estimate = real(count) / n;
    let half = z * (estimate * (1.0 - estimate) / n).sqrt();
    Some(ProportionInterval::clipped(estimate - half, estimate + half))
}

/// Returns the two-sided p-value of a t statistic with `df` degrees of freedom.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if t.is_infinite() {
        return Some(0.0);
    }
    let distribution = StudentsT::new(0.0, 1.0, df).ok()?;
    let p = 2.0 * distribution.sf(t.abs());
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that a recomputed bound matches an independently computed one.
    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 5e-6, "got {actual}, expected {expected}");
    }

    /// Asserts both bounds of an interval.
    fn bounds(
        method: ProportionMethod,
        count: u64,
        total: u64,
        confidence: f64,
        expected: (f64, f64),
    ) {
        let interval = method.interval(count, total, confidence).expect("computable");
        close(interval.lower, expected.0);
        close(interval.upper, expected.1);
    }

    // Expected values: statsmodels `proportion_confint` (methods beta, wilson, normal,
    // agresti_coull, jeffreys) on SciPy 1.17, computed outside this crate.

    #[test]
    fn clopper_pearson_matches_scipy() {
        bounds(ProportionMethod::ClopperPearson, 8, 19, 0.95, (0.202521, 0.665002));
        bounds(ProportionMethod::ClopperPearson, 5, 6, 0.95, (0.358765, 0.995789));
        bounds(ProportionMethod::ClopperPearson, 1, 8, 0.95, (0.003160, 0.526510));
        bounds(ProportionMethod::ClopperPearson, 50, 100, 0.95, (0.398321, 0.601679));
        bounds(ProportionMethod::ClopperPearson, 3, 1000, 0.95, (0.000619, 0.008742));
        bounds(ProportionMethod::ClopperPearson, 8, 19, 0.90, (0.229721, 0.631885));
    }

    #[test]
    fn clopper_pearson_edges_are_closed_form() {
        // x = 0: upper = 1 - (α/2)^(1/n); x = n: lower = (α/2)^(1/n).
        bounds(ProportionMethod::ClopperPearson, 0, 10, 0.95, (0.0, 0.308497));
        bounds(ProportionMethod::ClopperPearson, 10, 10, 0.95, (0.691503, 1.0));
        bounds(ProportionMethod::ClopperPearson, 0, 1, 0.95, (0.0, 0.975));
        bounds(ProportionMethod::ClopperPearson, 1, 1, 0.95, (0.025, 1.0));
    }

    #[test]
    fn wilson_matches_scipy() {
        bounds(ProportionMethod::Wilson, 8, 19, 0.95, (0.231419, 0.637241));
        bounds(ProportionMethod::Wilson, 5, 6, 0.95, (0.436497, 0.969947));
        bounds(ProportionMethod::Wilson, 0, 10, 0.95, (0.0, 0.277533));
        bounds(ProportionMethod::Wilson, 1, 1, 0.95, (0.206549, 1.0));
        bounds(ProportionMethod::Wilson, 8, 19, 0.99, (0.189474, 0.693498));
    }

    #[test]
    fn wald_matches_scipy_and_keeps_raw_bounds() {
        bounds(ProportionMethod::Wald, 8, 19, 0.95, (0.199050, 0.643056));
        bounds(ProportionMethod::Wald, 50, 100, 0.95, (0.402002, 0.597998));
        bounds(ProportionMethod::Wald, 5, 6, 0.95, (0.535134, 1.0));
        let clipped = ProportionMethod::Wald.interval(1, 8, 0.95).expect("computable");
        close(clipped.lower, 0.0);
        assert!(clipped.raw_lower < 0.0);
        close(clipped.upper, 0.354172);
    }

    #[test]
    fn agresti_coull_matches_scipy() {
        bounds(ProportionMethod::AgrestiCoull, 8, 19, 0.95, (0.231058, 0.637602));
        bounds(ProportionMethod::AgrestiCoull, 5, 6, 0.95, (0.417804, 0.988639));
        bounds(ProportionMethod::AgrestiCoull, 1, 8, 0.95, (0.001133, 0.492172));
    }

    #[test]
    fn jeffreys_matches_scipy() {
        bounds(ProportionMethod::Jeffreys, 8, 19, 0.95, (0.223217, 0.640996));
        bounds(ProportionMethod::Jeffreys, 1, 8, 0.95, (0.013838, 0.453719));
        bounds(ProportionMethod::Jeffreys, 81, 263, 0.95, (0.254522, 0.365647));
    }

    #[test]
    fn corrected_wilson_matches_its_definition() {
        // Expected values: roots of |x/n - p| - 1/(2n) = z·sqrt(p(1-p)/n) found with
        // scipy.optimize.brentq (81/263 is Newcombe 1998's example: 0.2535 to 0.3682).
        bounds(ProportionMethod::WilsonCorrected, 81, 263, 0.95, (0.253509, 0.368176));
        bounds(ProportionMethod::WilsonCorrected, 8, 19, 0.95, (0.211207, 0.660321));
        bounds(ProportionMethod::WilsonCorrected, 5, 6, 0.95, (0.364823, 0.991238));
        bounds(ProportionMethod::WilsonCorrected, 0, 10, 0.95, (0.0, 0.344537));
        bounds(ProportionMethod::WilsonCorrected, 10, 10, 0.95, (0.655463, 1.0));
    }

    #[test]
    fn refuses_impossible_inputs() {
        for method in ProportionMethod::ALL {
            assert!(method.interval(3, 2, 0.95).is_none());
            assert!(method.interval(0, 0, 0.95).is_none());
            assert!(method.interval(1, 2, 1.0).is_none());
            assert!(method.interval(1, 2, f64::NAN).is_none());
        }
        assert!(ProportionMethod::ClopperPearson.interval(1, MAX_EXACT_TOTAL + 1, 0.95).is_none());
        assert!(t_two_sided_p(f64::NAN, 3.0).is_none());
        assert!(t_two_sided_p(2.0, 0.0).is_none());
        assert_eq!(t_two_sided_p(f64::INFINITY, 3.0), Some(0.0));
    }

    #[test]
    fn extreme_levels_and_totals_terminate_inside_zero_one() {
        for total in [1, 2, 7, 1000, 99_999, MAX_EXACT_TOTAL] {
            for count in [0, 1, total / 3, total - 1, total] {
                for confidence in [1e-12, 0.01, 0.5, 0.95, 0.999_999, 1.0 - 1e-12] {
                    for method in ProportionMethod::ALL {
                        if let Some(interval) = method.interval(count, total, confidence) {
                            assert!(
                                0.0 <= interval.lower
                                    && interval.lower <= interval.upper
                                    && interval.upper <= 1.0,
                                "{method:?} {count}/{total} at {confidence}: {interval:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn t_p_values_match_scipy() {
        // scipy.stats.t.sf(|t|, df) * 2
        close(t_two_sided_p(3.612832085799097, 28.0).expect("finite"), 0.0011741034);
        close(t_two_sided_p(-4.8192771084337345, 24.0).expect("finite"), 6.575575624e-05);
        close(t_two_sided_p(0.0, 10.0).expect("finite"), 1.0);
    }
}
