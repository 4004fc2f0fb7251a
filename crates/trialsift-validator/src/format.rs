//! How recomputed figures are written in explanations.

/// Writes a value with a fixed number of decimals, never as `-0.0`.
pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    let written = format!("{value:.decimals$}");
    if written.starts_with('-') && written[1..].chars().all(|c| c == '0' || c == '.') {
        written[1..].to_owned()
    } else {
        written
    }
}

/// Writes a p-value with two significant digits (`0.0012`, `0.74`, `3.1e-09`).
pub(crate) fn p_value(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    if value >= 0.1 {
        return fixed(value, 2);
    }
    if value < 1e-6 {
        return format!("{value:.1e}");
    }
    // Two significant digits: 0.0012 has its first digit at the 3rd decimal.
    let leading = (-value.log10()).floor();
    let decimals = if leading.is_finite() && leading >= 0.0 { leading as usize + 2 } else { 2 };
    fixed(value, decimals)
}

/// Writes a confidence level without a needless fraction (`95`, `97.5`).
pub(crate) fn level(percent: f64) -> String {
    if (percent - percent.round()).abs() < 1e-9 { fixed(percent, 0) } else { format!("{percent}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_get_two_significant_digits() {
        assert_eq!(p_value(0.0011741), "0.0012");
        assert_eq!(p_value(0.74), "0.74");
        assert_eq!(p_value(0.05), "0.050");
        assert_eq!(p_value(6.5756e-5), "0.000066");
        assert_eq!(p_value(0.0), "0");
    }

    #[test]
    fn fixed_never_writes_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-1.25, 1), "-1.2");
    }

    #[test]
    fn levels_drop_needless_fractions() {
        assert_eq!(level(95.0), "95");
        assert_eq!(level(97.5), "97.5");
    }
}
