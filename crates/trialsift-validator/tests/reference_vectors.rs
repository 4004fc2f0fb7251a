//! Agreement with SciPy: every case of `reference/reference.jsonl` (written by
//! `reference/generate.py`, SciPy version in its header line) recomputed with this crate's
//! `stats` module, to 1e-8 absolute on every p-value, statistic-derived p and interval bound.
//!
//! Run with `cargo test -p trialsift-validator --test reference_vectors -- --nocapture` to
//! print the case count and the largest absolute error per kind.

use std::collections::BTreeMap;

use serde_json::Value;
use trialsift_validator::stats::{
    GroupSummary, ProportionMethod, chi_square_2x2, chi_square_upper_p, f_upper_p,
    fisher_exact_two_sided, r_two_sided_p, t_two_sided_p, two_sample_t, z_two_sided_p,
};

const VECTORS: &str = include_str!("../reference/reference.jsonl");

/// Largest absolute difference accepted between a recomputed value and SciPy's.
const TOLERANCE: f64 = 1e-8;

/// Reads a float field.
fn real(case: &Value, key: &str) -> f64 {
    case[key].as_f64().unwrap_or_else(|| panic!("field {key} in {case}"))
}

/// Reads an integer field.
fn count(case: &Value, key: &str) -> u64 {
    case[key].as_u64().unwrap_or_else(|| panic!("field {key} in {case}"))
}

/// Returns the method a vector names.
fn method(name: &str) -> ProportionMethod {
    match name {
        "clopper_pearson" => ProportionMethod::ClopperPearson,
        "jeffreys" => ProportionMethod::Jeffreys,
        "wilson" => ProportionMethod::Wilson,
        "wilson_corrected" => ProportionMethod::WilsonCorrected,
        "wald" => ProportionMethod::Wald,
        "agresti_coull" => ProportionMethod::AgrestiCoull,
        other => panic!("unknown method {other}"),
    }
}

/// Recomputes one case; returns its kind label and the (recomputed, expected) pairs.
fn recompute(case: &Value) -> (String, Vec<(f64, f64)>) {
    let kind = case["k"].as_str().unwrap_or_default().to_owned();
    let pairs = match kind.as_str() {
        "t" => vec![(
            t_two_sided_p(real(case, "t"), real(case, "df")).unwrap_or(f64::NAN),
            real(case, "p"),
        )],
        "f" => vec![(
            f_upper_p(real(case, "x"), real(case, "df1"), real(case, "df2")).unwrap_or(f64::NAN),
            real(case, "p"),
        )],
        "chi2" => vec![(
            chi_square_upper_p(real(case, "x"), real(case, "df")).unwrap_or(f64::NAN),
            real(case, "p"),
        )],
        "z" => vec![(z_two_sided_p(real(case, "z")).unwrap_or(f64::NAN), real(case, "p"))],
        "r" => vec![(
            r_two_sided_p(real(case, "r"), real(case, "df")).unwrap_or(f64::NAN),
            real(case, "p"),
        )],
        "prop" => {
            let name = case["m"].as_str().unwrap_or_default();
            let interval =
                method(name).interval(count(case, "x"), count(case, "n"), real(case, "level"));
            let (lower, upper) = interval.map_or((f64::NAN, f64::NAN), |i| (i.lower, i.upper));
            return (
                format!("prop:{name}"),
                vec![(lower, real(case, "lo")), (upper, real(case, "hi"))],
            );
        }
        "fisher" => {
            let [a, b, c, d] = ["a", "b", "c", "d"].map(|key| count(case, key));
            vec![(fisher_exact_two_sided(a, b, c, d).unwrap_or(f64::NAN), real(case, "p"))]
        }
        "chi2x2" => {
            let [a, b, c, d] = ["a", "b", "c", "d"].map(|key| count(case, key));
            let yates = case["yates"].as_bool().unwrap_or(false);
            let (statistic, p) = chi_square_2x2(a, b, c, d, yates).unwrap_or((f64::NAN, f64::NAN));
            let label = if yates { "chi2x2:yates" } else { "chi2x2:pearson" };
            // The statistic is compared relative to its size (it can reach the hundreds).
            let scale = real(case, "stat").abs().max(1.0);
            return (
                label.to_owned(),
                vec![(statistic / scale, real(case, "stat") / scale), (p, real(case, "p"))],
            );
        }
        "t2" => {
            let first =
                GroupSummary { mean: real(case, "m1"), sd: real(case, "s1"), n: real(case, "n1") };
            let second =
                GroupSummary { mean: real(case, "m2"), sd: real(case, "s2"), n: real(case, "n2") };
            let welch = !case["equal_var"].as_bool().unwrap_or(true);
            let label = if welch { "t2:welch" } else { "t2:student" };
            let result = two_sample_t(first, second, welch);
            let (t, df, p) = result.map_or((f64::NAN, f64::NAN, f64::NAN), |r| (r.t, r.df, r.p));
            let t_scale = real(case, "t").abs().max(1.0);
            let df_scale = real(case, "df").abs().max(1.0);
            return (
                label.to_owned(),
                vec![
                    (t / t_scale, real(case, "t") / t_scale),
                    (df / df_scale, real(case, "df") / df_scale),
                    (p, real(case, "p")),
                ],
            );
        }
        other => panic!("unknown kind {other}"),
    };
    (kind, pairs)
}

#[test]
fn every_reference_vector_agrees_with_scipy_to_1e_8() {
    let mut lines = VECTORS.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap_or_default()).expect("header");
    let expected_cases = header["cases"].as_u64().expect("case count");
    let mut worst: BTreeMap<String, (usize, f64, String)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut cases = 0_u64;
    for line in lines {
        let case: Value = serde_json::from_str(line).expect("json line");
        let (kind, pairs) = recompute(&case);
        cases += 1;
        let entry = worst.entry(kind).or_insert((0, 0.0, String::new()));
        entry.0 += 1;
        for (recomputed, expected) in pairs {
            let error = (recomputed - expected).abs();
            let error = if error.is_nan() { f64::INFINITY } else { error };
            if error > entry.1 {
                *entry = (entry.0, error, line.to_owned());
            }
            if error > TOLERANCE {
                failures.push(format!("{line}: got {recomputed:e}, scipy {expected:e}"));
            }
        }
    }
    assert_eq!(cases, expected_cases);
    assert!(cases >= 5000);
    println!("scipy {} — {cases} cases", header["scipy"]);
    for (kind, (n, error, line)) in &worst {
        println!("{kind:<24} {n:>5} cases  max abs error {error:.2e}  ({line})");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
