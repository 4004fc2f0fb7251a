//! The distributions and estimators the checks recompute figures with.
//!
//! Special functions come from `statrs`; this module only guards their inputs
//! (statrs panics on some out-of-domain arguments) and assembles the standard
//! formulas. Every function returns `None` rather than a NaN or a panic.

use statrs::distribution::{Beta, ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};
use statrs::function::erf::erfc;
use statrs::function::factorial::ln_binomial;
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

/// Tells whether a value is finite and strictly positive.
fn positive_finite(value: f64) -> bool {
    value.is_finite() && value > 0.0
}

/// Returns the two-sided p-value of a standard normal z statistic.
pub fn z_two_sided_p(z: f64) -> Option<f64> {
    if z.is_nan() {
        return None;
    }
    // 2·Φ(-|z|) = erfc(|z| / √2), without the cancellation of 1 - Φ(|z|).
    let p = erfc(z.abs() / std::f64::consts::SQRT_2);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Returns the upper-tail p-value of an F statistic with `df1` and `df2` degrees of freedom.
pub fn f_upper_p(f: f64, df1: f64, df2: f64) -> Option<f64> {
    if f.is_nan() || !positive_finite(df1) || !positive_finite(df2) {
        return None;
    }
    if f <= 0.0 {
        return Some(1.0);
    }
    if f.is_infinite() {
        return Some(0.0);
    }
    let distribution = FisherSnedecor::new(df1, df2).ok()?;
    let p = distribution.sf(f);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Returns the upper-tail p-value of a chi-square statistic with `df` degrees of freedom.
pub fn chi_square_upper_p(chi_square: f64, df: f64) -> Option<f64> {
    if chi_square.is_nan() || !positive_finite(df) {
        return None;
    }
    if chi_square <= 0.0 {
        return Some(1.0);
    }
    if chi_square.is_infinite() {
        return Some(0.0);
    }
    let distribution = ChiSquared::new(df).ok()?;
    let p = distribution.sf(chi_square);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Converts a Pearson correlation with `df` degrees of freedom (n - 2) to its t statistic.
pub fn r_to_t(r: f64, df: f64) -> Option<f64> {
    if !(-1.0..=1.0).contains(&r) || df.is_nan() || df <= 0.0 {
        return None;
    }
    if r.abs() == 1.0 {
        return Some(f64::INFINITY.copysign(r));
    }
    Some(r * (df / (1.0 - r * r)).sqrt())
}

/// Returns the two-sided p-value of a Pearson correlation with `df` degrees of freedom.
pub fn r_two_sided_p(r: f64, df: f64) -> Option<f64> {
    t_two_sided_p(r_to_t(r, df)?, df)
}

/// Largest table total for which Fisher's exact test is summed term by term.
pub const MAX_FISHER_TOTAL: u64 = 1_000_000;

/// Returns the two-sided p-value of Fisher's exact test on the 2×2 table `[[a, b], [c, d]]`.
///
/// Sums the hypergeometric probabilities of every table with the observed margins that is
/// no more probable than the observed one (relative tolerance 1e-7, as R's `fisher.test`).
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    let row1 = a.checked_add(b)?;
    let column1 = a.checked_add(c)?;
    let total = row1.checked_add(c.checked_add(d)?)?;
    if row1 == 0 || row1 == total || total > MAX_FISHER_TOTAL {
        return (row1 == 0 || row1 == total).then_some(1.0);
    }
    let column2 = total - column1;
    let log_denominator = ln_binomial(total, row1);
    let log_pmf =
        |x: u64| ln_binomial(column1, x) + ln_binomial(column2, row1 - x) - log_denominator;
    let low = row1.saturating_sub(column2);
    let high = row1.min(column1);
    let observed = log_pmf(a);
    let threshold = observed + (1.0_f64 + 1e-7).ln();
    let p: f64 = (low..=high)
        .map(log_pmf)
        .filter(|log_probability| *log_probability <= threshold)
        .map(f64::exp)
        .sum();
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Returns Pearson's chi-square statistic on the 2×2 table `[[a, b], [c, d]]` (one degree of
/// freedom), with Yates' continuity correction when `yates`, and its p-value.
///
/// The correction moves each observed count up to 0.5 towards its expected count, as
/// `scipy.stats.chi2_contingency` and R's `chisq.test` do.
pub fn chi_square_2x2(a: u64, b: u64, c: u64, d: u64, yates: bool) -> Option<(f64, f64)> {
    let [a, b, c, d] = [a, b, c, d].map(real);
    let (row1, row2, column1, column2) = (a + b, c + d, a + c, b + d);
    let total = row1 + row2;
    if row1 == 0.0 || row2 == 0.0 || column1 == 0.0 || column2 == 0.0 {
        return None;
    }
    // Every cell's |observed - expected| equals |ad - bc| / N.
    let deviation = (a * d - b * c).abs() / total;
    let corrected = if yates { (deviation - 0.5).max(0.0) } else { deviation };
    let inverse_expected_sum = total
        * (1.0 / (row1 * column1)
            + 1.0 / (row1 * column2)
            + 1.0 / (row2 * column1)
            + 1.0 / (row2 * column2));
    let statistic = corrected * corrected * inverse_expected_sum;
    let p = chi_square_upper_p(statistic, 1.0)?;
    statistic.is_finite().then_some((statistic, p))
}

/// Summary statistics of one group: mean, standard deviation and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSummary {
    /// The group's mean.
    pub mean: f64,
    /// The group's sample standard deviation.
    pub sd: f64,
    /// The group's size.
    pub n: f64,
}

/// A two-sample t test's statistic, degrees of freedom and two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoSampleT {
    /// The t statistic (first group minus second).
    pub t: f64,
    /// Degrees of freedom (Welch–Satterthwaite for Welch's test).
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// Computes Student's (pooled variance) or Welch's two-sample t test from summary statistics.
pub fn two_sample_t(first: GroupSummary, second: GroupSummary, welch: bool) -> Option<TwoSampleT> {
    let inputs = [first.mean, first.sd, first.n, second.mean, second.sd, second.n];
    if inputs.iter().any(|value| !value.is_finite())
        || first.n < 2.0
        || second.n < 2.0
        || first.sd < 0.0
        || second.sd < 0.0
    {
        return None;
    }
    let difference = first.mean - second.mean;
    let (first_variance, second_variance) = (first.sd * first.sd, second.sd * second.sd);
    let (standard_error, df) = if welch {
        let (v1, v2) = (first_variance / first.n, second_variance / second.n);
        let df = (v1 + v2).powi(2) / (v1 * v1 / (first.n - 1.0) + v2 * v2 / (second.n - 1.0));
        ((v1 + v2).sqrt(), df)
    } else {
        let df = first.n + second.n - 2.0;
        let pooled = ((first.n - 1.0) * first_variance + (second.n - 1.0) * second_variance) / df;
        ((pooled * (1.0 / first.n + 1.0 / second.n)).sqrt(), df)
    };
    if !positive_finite(standard_error) || !positive_finite(df) {
        return None;
    }
    let t = difference / standard_error;
    let p = t_two_sided_p(t, df)?;
    Some(TwoSampleT { t, df, p })
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
