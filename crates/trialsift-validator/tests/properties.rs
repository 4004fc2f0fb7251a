//! Invariants of the validator, over random inputs.

mod common;

use common::number;
use proptest::prelude::*;
use trialsift_domain::{
    CiMethod, Comparator, Extraction, Number, Statement, StatementValue, TestKind, Verdict,
};
use trialsift_validator::stats::{ProportionMethod, clopper_pearson};
use trialsift_validator::validate;

/// Writes `100·x/n` rounded to one decimal, ties up, in exact integer arithmetic.
fn percent_one_decimal(x: u64, n: u64) -> String {
    let tenths = (2000 * x + n) / (2 * n);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Builds `x/n (p%)` as text and as a proportion statement.
fn written_proportion(x: u64, n: u64, percent: &str) -> (String, Statement) {
    let text = format!("{x}/{n} ({percent}%)");
    let count = number(&x.to_string(), 0);
    let total = number(&n.to_string(), count.end + 1);
    let share = number(percent, total.end + 2);
    let statement = Statement {
        lang: "en".to_owned(),
        start: 0,
        end: text.len(),
        value: StatementValue::Proportion {
            count: Some(count),
            total: Some(total),
            percent: Some(share),
        },
        refers_to: None,
        arm: None,
        time_point: None,
    };
    (text, statement)
}

fn count_and_total() -> impl Strategy<Value = (u64, u64)> {
    (1u64..=2000).prop_flat_map(|n| (0..=n, Just(n)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn correctly_rounded_percentages_are_consistent((x, n) in count_and_total()) {
        let percent = percent_one_decimal(x, n);
        let (text, statement) = written_proportion(x, n, &percent);
        let extraction = Extraction { statements: vec![statement], ..Extraction::default() };
        let findings = validate(&text, &extraction).findings;
        prop_assert_eq!(findings.len(), 1);
        prop_assert_eq!(findings[0].verdict, Verdict::Consistent, "{}", &findings[0].explanation);
    }

    #[test]
    fn clopper_pearson_brackets_the_estimate_and_grows_with_x((x, n) in count_and_total()) {
        let interval = clopper_pearson(x, n, 0.95).expect("computable");
        let estimate = x as f64 / n as f64;
        prop_assert!(0.0 <= interval.lower && interval.lower <= estimate);
        prop_assert!(estimate <= interval.upper && interval.upper <= 1.0);
        if x < n {
            let next = clopper_pearson(x + 1, n, 0.95).expect("computable");
            prop_assert!(interval.lower <= next.lower && interval.upper <= next.upper);
        }
    }

    #[test]
    fn every_method_brackets_the_estimate((x, n) in count_and_total(), level in 0.5f64..0.999) {
        let estimate = x as f64 / n as f64;
        for method in ProportionMethod::ALL {
            let interval = method.interval(x, n, level).expect("computable");
            prop_assert!(interval.lower <= estimate + 1e-12 && estimate <= interval.upper + 1e-12, "{method:?}");
            prop_assert!(0.0 <= interval.lower && interval.upper <= 1.0, "{method:?}");
        }
    }

    #[test]
    fn a_clopper_pearson_interval_rounded_to_one_decimal_is_recognized((x, n) in count_and_total()) {
        let interval = clopper_pearson(x, n, 0.95).expect("computable");
        let (lower, upper) = (format!("{:.1}", interval.lower * 100.0), format!("{:.1}", interval.upper * 100.0));
        let percent = percent_one_decimal(x, n);
        let (mut text, proportion) = written_proportion(x, n, &percent);
        text.truncate(text.len() - 1);
        text.push_str("; 95% CI ");
        let lower_number = number(&lower, text.len());
        text.push_str(&lower);
        text.push_str("% to ");
        let upper_number = number(&upper, text.len());
        text.push_str(&upper);
        text.push_str("%)");
        let ci = Statement {
            lang: "en".to_owned(),
            start: lower_number.start,
            end: upper_number.end,
            value: StatementValue::Ci {
                level: Some(95.0),
                lower: lower_number,
                upper: upper_number,
                method: Some(CiMethod::ClopperPearson),
                percent: true,
            },
            refers_to: Some(0),
            arm: None,
            time_point: None,
        };
        let extraction = Extraction { statements: vec![proportion, ci], ..Extraction::default() };
        let findings = validate(&text, &extraction).findings;
        let ci_finding = findings.iter().find(|finding| finding.check == "proportion_ci").expect("ci finding");
        prop_assert_eq!(ci_finding.verdict, Verdict::Consistent, "{}", &ci_finding.explanation);
    }
}

/// Any f64 at all, weighted towards the troublesome ones.
fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1e300),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        (-3000i32..3000).prop_map(f64::from),
        -2.0f64..2.0,
    ]
}

fn any_number() -> impl Strategy<Value = Number> {
    (
        any_value(),
        any::<u8>(),
        prop_oneof![0usize..80, any::<usize>()],
        prop_oneof![0usize..80, any::<usize>()],
    )
        .prop_map(|(value, decimals, start, end)| Number {
            value,
            decimals,
            text: format!("{value}"),
            start,
            end,
        })
}

fn any_comparator() -> impl Strategy<Value = Comparator> {
    prop_oneof![
        Just(Comparator::Eq),
        Just(Comparator::Lt),
        Just(Comparator::Le),
        Just(Comparator::Gt),
        Just(Comparator::Ge)
    ]
}

fn any_method() -> impl Strategy<Value = Option<CiMethod>> {
    prop_oneof![
        Just(None),
        Just(Some(CiMethod::ClopperPearson)),
        Just(Some(CiMethod::Wilson)),
        Just(Some(CiMethod::Wald)),
        Just(Some(CiMethod::AgrestiCoull)),
    ]
}

fn any_value_kind() -> impl Strategy<Value = StatementValue> {
    prop_oneof![
        (
            proptest::option::of(any_number()),
            proptest::option::of(any_number()),
            proptest::option::of(any_number())
        )
            .prop_map(|(count, total, percent)| StatementValue::Proportion {
                count,
                total,
                percent
            }),
        (any_number(), any_number(), proptest::option::of(any_number()))
            .prop_map(|(mean, sd, n)| StatementValue::MeanSd { mean, sd, n, change: false }),
        (any_number(), any_number(), any_number())
            .prop_map(|(median, q1, q3)| StatementValue::MedianIqr { median, q1, q3 }),
        (
            proptest::option::of(any_value()),
            any_number(),
            any_number(),
            any_method(),
            any::<bool>()
        )
            .prop_map(|(level, lower, upper, method, percent)| StatementValue::Ci {
                level,
                lower,
                upper,
                method,
                percent
            }),
        (any_comparator(), any_number())
            .prop_map(|(comparator, value)| StatementValue::PValue { comparator, value }),
        (any_number(), proptest::option::of(any_number())).prop_map(|(value, df1)| {
            StatementValue::TestStatistic {
                test: TestKind::T,
                df1,
                df2: None,
                comparator: Comparator::Eq,
                value,
            }
        }),
    ]
}

fn any_statement() -> impl Strategy<Value = Statement> {
    (
        any_value_kind(),
        0usize..100,
        0usize..100,
        proptest::option::of(prop_oneof![0usize..8, any::<usize>()]),
        proptest::option::of("[a-zA-Z ]{0,10}"),
        proptest::option::of(prop_oneof!["[0-9]{1,3} (months|weeks|days)", "[a-z0-9 ]{0,12}"]),
    )
        .prop_map(|(value, start, end, refers_to, arm, time_point)| Statement {
            lang: "en".to_owned(),
            start,
            end,
            value,
            refers_to,
            arm,
            time_point,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn validate_never_panics(
        text in "[ -~±%()0-9pPn=<>;.,\n中文。é]{0,120}",
        statements in proptest::collection::vec(any_statement(), 0..8),
        paired in any::<bool>(),
    ) {
        let text = if paired { format!("by paired t test. {text}") } else { text };
        let extraction = Extraction { statements, ..Extraction::default() };
        let findings = validate(&text, &extraction).findings;
        for finding in &findings {
            prop_assert!(!finding.check.is_empty());
            for interval in &finding.recomputed {
                prop_assert!(interval.low <= interval.high, "{interval:?}");
            }
        }
    }
}

#[test]
fn validate_never_panics_on_plausible_seed_like_extremes() {
    // Huge totals, counts at the edges, percentages beyond 100 with exact-looking decimals.
    for (count, total, percent) in [
        ("0", "1000000000", "0.0"),
        ("999999999", "1000000000", "100.0"),
        ("9007199254740991", "9007199254740992", "100.0"),
        ("5", "2000000", "0.00025"),
        ("1", "3", "33.333333333333"),
    ] {
        let (text, proportion) = written_proportion(
            count.parse().expect("count"),
            total.parse().expect("total"),
            percent,
        );
        let lower = number("0.1", 0);
        let upper = number("99.9", 0);
        let ci = Statement {
            lang: "en".to_owned(),
            start: 0,
            end: 0,
            value: StatementValue::Ci { level: None, lower, upper, method: None, percent: true },
            refers_to: Some(0),
            arm: None,
            time_point: None,
        };
        let extraction = Extraction { statements: vec![proportion, ci], ..Extraction::default() };
        let _ = validate(&text, &extraction);
    }
}

proptest! {
    /// The p-value of every family falls as its statistic grows, and stays in [0, 1].
    #[test]
    fn p_values_fall_as_the_statistic_grows(
        smaller in 0.0f64..50.0,
        step in 0.0f64..50.0,
        df1 in 1.0f64..200.0,
        df2 in 1.0f64..500.0,
    ) {
        use trialsift_validator::stats::{chi_square_upper_p, f_upper_p, t_two_sided_p, z_two_sided_p};
        let larger = smaller + step;
        let pairs = [
            (t_two_sided_p(smaller, df1), t_two_sided_p(larger, df1)),
            (z_two_sided_p(smaller), z_two_sided_p(larger)),
            (f_upper_p(smaller, df1, df2), f_upper_p(larger, df1, df2)),
            (chi_square_upper_p(smaller, df1), chi_square_upper_p(larger, df1)),
        ];
        for (at_smaller, at_larger) in pairs {
            let (Some(at_smaller), Some(at_larger)) = (at_smaller, at_larger) else {
                return Err(TestCaseError::fail("a finite statistic has a p-value"));
            };
            prop_assert!((0.0..=1.0).contains(&at_smaller) && (0.0..=1.0).contains(&at_larger));
            prop_assert!(at_larger <= at_smaller + 1e-12, "{at_larger} > {at_smaller}");
        }
    }

    /// Fisher's exact p lies in (0, 1] and the table's transpose gives the same p.
    #[test]
    fn fisher_exact_is_a_probability_and_symmetric(
        a in 0u64..60, b in 0u64..60, c in 0u64..60, d in 0u64..60,
    ) {
        use trialsift_validator::stats::fisher_exact_two_sided;
        prop_assume!(a + b > 0 && c + d > 0);
        let p = fisher_exact_two_sided(a, b, c, d);
        let transposed = fisher_exact_two_sided(a, c, b, d);
        prop_assume!(a + c > 0 && b + d > 0);
        let (Some(p), Some(transposed)) = (p, transposed) else {
            return Err(TestCaseError::fail("computable"));
        };
        prop_assert!(p > 0.0 && p <= 1.0);
        prop_assert!((p - transposed).abs() < 1e-9, "{p} vs {transposed}");
    }

    /// A test statistic next to any p-value never panics and yields at most one
    /// `p_from_statistic` finding.
    #[test]
    fn statistics_with_any_p_never_panic(
        value in -1e6f64..1e6,
        df in 0.0f64..1e4,
        p in 0.0f64..1.5,
        family in 0usize..5,
    ) {
        let test = [TestKind::T, TestKind::F, TestKind::ChiSquare, TestKind::Z, TestKind::R][family];
        let text = format!("t({df:.1}) = {value:.2}, p = {p:.3}");
        let df_text = format!("{df:.1}");
        let value_text = format!("{value:.2}");
        let p_text = format!("{p:.3}");
        let df_number = number(&df_text, 2);
        let value_number = number(&value_text, df_number.end + 4);
        let p_number = number(&p_text, value_number.end + 6);
        let statements = vec![
            Statement {
                lang: "en".to_owned(),
                start: 0,
                end: value_number.end,
                value: StatementValue::TestStatistic {
                    test,
                    df1: Some(df_number.clone()),
                    df2: Some(df_number),
                    comparator: Comparator::Eq,
                    value: value_number,
                },
                refers_to: None,
                arm: None,
                time_point: None,
            },
            Statement {
                lang: "en".to_owned(),
                start: p_number.start - 4,
                end: p_number.end,
                value: StatementValue::PValue { comparator: Comparator::Eq, value: p_number },
                refers_to: Some(0),
                arm: None,
                time_point: None,
            },
        ];
        prop_assert_eq!(&text[statements[1].start..statements[1].end], format!("p = {p_text}"));
        let extraction = Extraction { statements, ..Extraction::default() };
        let findings = validate(&text, &extraction).findings;
        prop_assert!(findings.iter().filter(|f| f.check == "p_from_statistic").count() <= 1);
    }
}
