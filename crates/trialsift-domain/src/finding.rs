//! Findings: what the validator concluded about a reported figure, and why.

use serde::{Deserialize, Serialize};

/// The validator's conclusion about one reported figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Some inputs within their rounding intervals reproduce the reported figure.
    Consistent,
    /// No inputs within their rounding intervals reproduce the reported figure.
    Inconsistent,
    /// Inconsistent, and the recomputation flips significance at the stated alpha.
    DecisionError,
    /// The check cannot run; the explanation names the missing piece.
    NotCheckable,
}

impl Verdict {
    /// All verdicts, in the order reports list them.
    pub const ALL: [Verdict; 4] =
        [Verdict::Inconsistent, Verdict::DecisionError, Verdict::NotCheckable, Verdict::Consistent];

    /// Returns the verdict's lowercase name, as in the JSON record.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::DecisionError => "decision_error",
            Verdict::NotCheckable => "not_checkable",
        }
    }

    /// Parses a verdict name.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "consistent" => Verdict::Consistent,
            "inconsistent" => Verdict::Inconsistent,
            "decision_error" => Verdict::DecisionError,
            "not_checkable" => Verdict::NotCheckable,
            _ => return None,
        })
    }

    /// Tells whether the verdict flags a problem a reviewer must look at.
    pub fn is_problem(self) -> bool {
        matches!(self, Verdict::Inconsistent | Verdict::DecisionError)
    }
}

/// A closed interval of recomputed values, named after the quantity it bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// What the interval bounds (`percent`, `lower`, `upper`, `p`, ...).
    pub name: String,
    /// Smallest value the recomputation reaches from the reported inputs.
    pub low: f64,
    /// Largest value the recomputation reaches from the reported inputs.
    pub high: f64,
}

/// One check's conclusion about one reported figure, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Name of the check (`percentage`, `proportion_ci`, `p_from_statistic`, ...).
    pub check: String,
    /// The conclusion.
    pub verdict: Verdict,
    /// The reported figure, as written in the text.
    pub reported: String,
    /// The recomputed values, each as the interval the rounded inputs allow; empty when not checkable.
    pub recomputed: Vec<Interval>,
    /// One sentence a reviewer can follow without redoing the arithmetic.
    pub explanation: String,
    /// Byte spans of every value the check used.
    pub spans: Vec<[usize; 2]>,
}

/// How many findings a record has of each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictCounts {
    /// Findings judged consistent.
    pub consistent: u32,
    /// Findings judged inconsistent.
    pub inconsistent: u32,
    /// Findings judged decision errors.
    pub decision_error: u32,
    /// Findings that could not be checked.
    pub not_checkable: u32,
}

impl VerdictCounts {
    /// Counts the verdicts of a list of findings.
    pub fn of(findings: &[Finding]) -> Self {
        let mut counts = Self::default();
        for finding in findings {
            match finding.verdict {
                Verdict::Consistent => counts.consistent += 1,
                Verdict::Inconsistent => counts.inconsistent += 1,
                Verdict::DecisionError => counts.decision_error += 1,
                Verdict::NotCheckable => counts.not_checkable += 1,
            }
        }
        counts
    }

    /// Tells whether any finding flags a problem.
    pub fn has_problems(&self) -> bool {
        self.inconsistent + self.decision_error > 0
    }
}
