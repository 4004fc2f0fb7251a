//! Typed statements: the reported numbers of an abstract, each with its span.

use serde::{Deserialize, Serialize};

/// A number as reported in the text: its value, its precision and where it stands.
///
/// The number of decimals is what makes validation rounding-aware: a reported
/// `7.9` stands for any value in `[7.85, 7.95)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Number {
    /// The value as parsed (sign included, percent sign excluded).
    pub value: f64,
    /// Digits after the decimal point as written.
    pub decimals: u8,
    /// The number as written in the text.
    pub text: String,
    /// Byte offset of the number's first byte.
    pub start: usize,
    /// Byte offset one past the number's last byte.
    pub end: usize,
}

impl Number {
    /// Returns the half-width of the rounding interval implied by the reported decimals.
    pub fn half_unit(&self) -> f64 {
        0.5 * 10f64.powi(-i32::from(self.decimals))
    }

    /// Returns the interval of true values that round to the reported value.
    pub fn rounding_interval(&self) -> (f64, f64) {
        let half = self.half_unit();
        (self.value - half, self.value + half)
    }

    /// Returns the span of the number as a `[start, end]` pair.
    pub fn span(&self) -> [usize; 2] {
        [self.start, self.end]
    }
}

/// How a p-value, statistic or bound is compared in the text (`=`, `<`, `>`, ...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// `=`
    #[serde(rename = "=")]
    #[default]
    Eq,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=` or `≤`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=` or `≥`
    #[serde(rename = ">=")]
    Ge,
}

impl Comparator {
    /// Returns the comparator as it is printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }
}

/// The method a confidence interval for a proportion was computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// Exact binomial (Clopper–Pearson).
    ClopperPearson,
    /// Wilson score interval.
    Wilson,
    /// Normal approximation (Wald).
    Wald,
    /// Agresti–Coull interval.
    AgrestiCoull,
    /// Jeffreys (Bayesian, Beta(1/2, 1/2) prior) interval.
    Jeffreys,
    /// Wilson score interval with continuity correction (R's `prop.test` default).
    WilsonCorrected,
}

impl CiMethod {
    /// Returns the method's name as a person writes it.
    pub fn display_name(self) -> &'static str {
        match self {
            CiMethod::ClopperPearson => "Clopper-Pearson",
            CiMethod::Wilson => "Wilson",
            CiMethod::Wald => "Wald",
            CiMethod::AgrestiCoull => "Agresti-Coull",
            CiMethod::Jeffreys => "Jeffreys",
            CiMethod::WilsonCorrected => "Wilson with continuity correction",
        }
    }
}

/// The family of a reported test statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// Student's t.
    T,
    /// F ratio.
    F,
    /// Chi-square.
    ChiSquare,
    /// Standard normal z.
    Z,
    /// Pearson correlation r.
    R,
}

/// The typed content of a statement; serialized with a `kind` tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StatementValue {
    /// `x/N (p%)`, `p% (x/N)`, `x of N`: a count out of a total, a percentage, or both.
    Proportion {
        /// The count of the event (x).
        count: Option<Number>,
        /// The denominator (N).
        total: Option<Number>,
        /// The reported percentage, 0 to 100.
        percent: Option<Number>,
    },
    /// `mean ± SD`, optionally with its n.
    MeanSd {
        /// The mean.
        mean: Number,
        /// The standard deviation.
        sd: Number,
        /// The number of observations, where the text gives it.
        n: Option<Number>,
        /// Whether the text reports it as a change from baseline.
        #[serde(default)]
        change: bool,
    },
    /// `median (IQR a, b)`.
    MedianIqr {
        /// The median.
        median: Number,
        /// The first quartile.
        q1: Number,
        /// The third quartile.
        q3: Number,
    },
    /// `median (range a–b)`: a median with the smallest and largest values.
    MedianRange {
        /// The median.
        median: Number,
        /// The smallest value.
        min: Number,
        /// The largest value.
        max: Number,
    },
    /// A point estimate of an effect: `HR 0.72`, `OR 2.1`, `mean difference -3.4`.
    Estimate {
        /// What is estimated, lowercase: `hr`, `or`, `rr`, `irr`, `md`, `smd`, `rd`, `beta`, ...
        measure: String,
        /// The estimate.
        value: Number,
    },
    /// A confidence interval, with the estimate it surrounds where the text gives it.
    Ci {
        /// Confidence level in percent (95 for a 95% CI).
        level: Option<f64>,
        /// Lower bound.
        lower: Number,
        /// Upper bound.
        upper: Number,
        /// Named method, when the text names one.
        method: Option<CiMethod>,
        /// Whether the bounds were written as percentages.
        percent: bool,
    },
    /// A p-value with its comparator.
    PValue {
        /// `=`, `<`, `>`, ...
        comparator: Comparator,
        /// The reported value.
        value: Number,
    },
    /// A test statistic with its degrees of freedom.
    TestStatistic {
        /// The statistic's family.
        test: TestKind,
        /// First (or only) degrees of freedom.
        df1: Option<Number>,
        /// Second degrees of freedom (F).
        df2: Option<Number>,
        /// How the value is compared: `=` nearly always, `<` in "F(1,47) < 1.66" (records
        /// written before the field existed read as `=`).
        #[serde(default)]
        comparator: Comparator,
        /// The statistic's value.
        value: Number,
    },
}

impl StatementValue {
    /// Returns every number the statement holds, in reading order.
    pub fn numbers(&self) -> Vec<&Number> {
        match self {
            StatementValue::Proportion { count, total, percent } => {
                [count, total, percent].into_iter().flatten().collect()
            }
            StatementValue::MeanSd { mean, sd, n, .. } => {
                [Some(mean), Some(sd), n.as_ref()].into_iter().flatten().collect()
            }
            StatementValue::MedianIqr { median, q1, q3 } => vec![median, q1, q3],
            StatementValue::MedianRange { median, min, max } => vec![median, min, max],
            StatementValue::Estimate { value, .. } => vec![value],
            StatementValue::Ci { lower, upper, .. } => vec![lower, upper],
            StatementValue::PValue { value, .. } => vec![value],
            StatementValue::TestStatistic { df1, df2, value, .. } => {
                [df1.as_ref(), df2.as_ref(), Some(value)].into_iter().flatten().collect()
            }
        }
    }

    /// Returns the `kind` tag of the statement, as in the JSON record.
    pub fn kind(&self) -> &'static str {
        match self {
            StatementValue::Proportion { .. } => "proportion",
            StatementValue::MeanSd { .. } => "mean_sd",
            StatementValue::MedianIqr { .. } => "median_iqr",
            StatementValue::MedianRange { .. } => "median_range",
            StatementValue::Estimate { .. } => "estimate",
            StatementValue::Ci { .. } => "ci",
            StatementValue::PValue { .. } => "p_value",
            StatementValue::TestStatistic { .. } => "test_statistic",
        }
    }
}

/// A reported result, located in the text and tied to what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Language of the text the statement was read from.
    pub lang: String,
    /// Byte offset of the statement's first byte.
    pub start: usize,
    /// Byte offset one past the statement's last byte.
    pub end: usize,
    /// The typed content.
    #[serde(flatten)]
    pub value: StatementValue,
    /// Index of the statement this one qualifies (a CI's proportion, a p-value's comparison).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<usize>,
    /// The arm the statement is about, where the sentence says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arm: Option<String>,
    /// The time point the statement is about, where the sentence says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_point: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: f64, decimals: u8) -> Number {
        Number { value, decimals, text: String::new(), start: 0, end: 0 }
    }

    #[test]
    fn rounding_interval_follows_decimals() {
        let (low, high) = number(7.9, 1).rounding_interval();
        assert!((low - 7.85).abs() < 1e-12 && (high - 7.95).abs() < 1e-12);
        let (low, high) = number(42.0, 0).rounding_interval();
        assert!((low - 41.5).abs() < 1e-12 && (high - 42.5).abs() < 1e-12);
    }

    #[test]
    fn statement_serializes_with_kind_tag() {
        let statement = Statement {
            lang: "en".into(),
            start: 3,
            end: 9,
            value: StatementValue::PValue { comparator: Comparator::Lt, value: number(0.05, 2) },
            refers_to: None,
            arm: None,
            time_point: None,
        };
        let json = serde_json::to_value(&statement).expect("serializes");
        assert_eq!(json["kind"], "p_value");
        assert_eq!(json["comparator"], "<");
        assert_eq!(json["start"], 3);
        let back: Statement = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, statement);
    }

    #[test]
    fn test_statistics_stored_before_their_comparator_existed_read_as_equal() {
        let json = serde_json::json!({
            "lang": "en", "start": 0, "end": 12, "kind": "test_statistic", "test": "f",
            "df1": null, "df2": null,
            "value": {"value": 1.66, "decimals": 2, "text": "1.66", "start": 8, "end": 12}
        });
        let statement: Statement = serde_json::from_value(json).expect("deserializes");
        let StatementValue::TestStatistic { comparator, .. } = statement.value else {
            panic!("not a test statistic");
        };
        assert_eq!(comparator, Comparator::Eq);
    }
}
