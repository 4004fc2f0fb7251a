//! Conversions between domain types and their `trialsift.v1` wire form.
//!
//! Domain to wire never fails and is a `From`; wire to domain checks what the
//! wire cannot promise (a verdict name, a span's order, an id's shape) and is
//! a `TryFrom` returning [`ConversionError`].

use trialsift_domain::{
    DocumentId, Finding, Interval, InvalidDocumentId, Stage, UnknownStage, Verdict, VerdictCounts,
};

use crate::v1;

/// Errors of turning wire messages into domain values.
#[derive(Debug, thiserror::Error)]
pub enum ConversionError {
    /// A document id is not 32 lowercase hex characters.
    #[error(transparent)]
    InvalidDocumentId(#[from] InvalidDocumentId),
    /// A stage name is not one of split, extract, validate.
    #[error(transparent)]
    UnknownStage(#[from] UnknownStage),
    /// A verdict name is not one the validator uses.
    #[error(
        "unknown verdict {0:?}: expected consistent, inconsistent, decision_error or not_checkable"
    )]
    UnknownVerdict(String),
    /// An event's step is not one the pipeline has.
    #[error("unknown step {0:?}: expected submitted, split, extract or validate")]
    UnknownStep(String),
    /// A span ends before it starts.
    #[error("invalid span [{start}, {end}): the end is before the start")]
    InvalidSpan {
        /// Start offset as received.
        start: u64,
        /// End offset as received.
        end: u64,
    },
    /// A span offset does not fit in this platform's `usize`.
    #[error("span offset {0} is too large for this platform")]
    SpanOverflow(u64),
    /// A payload carries a schema version this build does not read.
    #[error(
        "unsupported {message} schema version {found}: this build reads version {supported} only"
    )]
    UnsupportedSchemaVersion {
        /// The message type, e.g. `DocumentEvent`.
        message: &'static str,
        /// The version the payload carries (0 when absent).
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A payload is not a valid protobuf encoding of the expected message.
    #[error("malformed {message} payload: {source}")]
    Decode {
        /// The message type, e.g. `DocumentEvent`.
        message: &'static str,
        /// What prost reported.
        #[source]
        source: prost::DecodeError,
    },
}

/// Parses a document id received on the wire.
pub fn parse_document_id(value: &str) -> Result<DocumentId, ConversionError> {
    Ok(value.parse::<DocumentId>()?)
}

/// Parses a stage name received on the wire.
pub fn parse_stage(value: &str) -> Result<Stage, ConversionError> {
    Ok(value.parse::<Stage>()?)
}

/// Parses a verdict name received on the wire.
pub fn parse_verdict(value: &str) -> Result<Verdict, ConversionError> {
    Verdict::parse(value).ok_or_else(|| ConversionError::UnknownVerdict(value.to_owned()))
}

fn offset_to_wire(offset: usize) -> u64 {
    u64::try_from(offset).unwrap_or(u64::MAX)
}

fn offset_from_wire(offset: u64) -> Result<usize, ConversionError> {
    usize::try_from(offset).map_err(|_| ConversionError::SpanOverflow(offset))
}

impl From<VerdictCounts> for v1::VerdictCounts {
    fn from(counts: VerdictCounts) -> Self {
        Self {
            consistent: counts.consistent,
            inconsistent: counts.inconsistent,
            decision_error: counts.decision_error,
            not_checkable: counts.not_checkable,
        }
    }
}

impl From<v1::VerdictCounts> for VerdictCounts {
    fn from(counts: v1::VerdictCounts) -> Self {
        Self {
            consistent: counts.consistent,
            inconsistent: counts.inconsistent,
            decision_error: counts.decision_error,
            not_checkable: counts.not_checkable,
        }
    }
}

impl From<&Interval> for v1::Interval {
    fn from(interval: &Interval) -> Self {
        Self { name: interval.name.clone(), low: interval.low, high: interval.high }
    }
}

impl From<Interval> for v1::Interval {
    fn from(interval: Interval) -> Self {
        Self { name: interval.name, low: interval.low, high: interval.high }
    }
}

impl From<v1::Interval> for Interval {
    fn from(interval: v1::Interval) -> Self {
        Self { name: interval.name, low: interval.low, high: interval.high }
    }
}

impl From<[usize; 2]> for v1::Span {
    fn from(span: [usize; 2]) -> Self {
        Self { start: offset_to_wire(span[0]), end: offset_to_wire(span[1]) }
    }
}

impl TryFrom<v1::Span> for [usize; 2] {
    type Error = ConversionError;

    fn try_from(span: v1::Span) -> Result<Self, Self::Error> {
        if span.end < span.start {
            return Err(ConversionError::InvalidSpan { start: span.start, end: span.end });
        }
        Ok([offset_from_wire(span.start)?, offset_from_wire(span.end)?])
    }
}

impl From<&Finding> for v1::Finding {
    fn from(finding: &Finding) -> Self {
        Self {
            check: finding.check.clone(),
            verdict: finding.verdict.as_str().to_owned(),
            reported: finding.reported.clone(),
            recomputed: finding.recomputed.iter().map(v1::Interval::from).collect(),
            explanation: finding.explanation.clone(),
            spans: finding.spans.iter().copied().map(v1::Span::from).collect(),
        }
    }
}

impl From<Finding> for v1::Finding {
    fn from(finding: Finding) -> Self {
        Self {
            check: finding.check,
            verdict: finding.verdict.as_str().to_owned(),
            reported: finding.reported,
            recomputed: finding.recomputed.into_iter().map(v1::Interval::from).collect(),
            explanation: finding.explanation,
            spans: finding.spans.into_iter().map(v1::Span::from).collect(),
        }
    }
}

impl TryFrom<v1::Finding> for Finding {
    type Error = ConversionError;

    fn try_from(finding: v1::Finding) -> Result<Self, Self::Error> {
        let verdict = parse_verdict(&finding.verdict)?;
        let spans =
            finding.spans.into_iter().map(<[usize; 2]>::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            check: finding.check,
            verdict,
            reported: finding.reported,
            recomputed: finding.recomputed.into_iter().map(Interval::from).collect(),
            explanation: finding.explanation,
            spans,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_finding() -> Finding {
        Finding {
            check: "percentage".to_owned(),
            verdict: Verdict::Inconsistent,
            reported: "8/19 = 42.0%".to_owned(),
            recomputed: vec![Interval { name: "percent".to_owned(), low: 42.1, high: 42.11 }],
            explanation: "8/19 is 42.1%, not 42.0%".to_owned(),
            spans: vec![[10, 22], [30, 35]],
        }
    }

    #[test]
    fn finding_round_trips() {
        let finding = sample_finding();
        let wire = v1::Finding::from(&finding);
        assert_eq!(wire.verdict, "inconsistent");
        assert_eq!(wire.spans[0], v1::Span { start: 10, end: 22 });
        assert_eq!(Finding::try_from(wire).expect("valid finding"), finding);
        let owned = v1::Finding::from(finding.clone());
        assert_eq!(Finding::try_from(owned).expect("valid finding"), finding);
    }

    #[test]
    fn finding_with_unknown_verdict_is_refused() {
        let mut wire = v1::Finding::from(sample_finding());
        wire.verdict = "wrong".to_owned();
        let error = Finding::try_from(wire).expect_err("unknown verdict");
        assert!(matches!(error, ConversionError::UnknownVerdict(ref name) if name == "wrong"));
    }

    #[test]
    fn reversed_span_is_refused() {
        let error = <[usize; 2]>::try_from(v1::Span { start: 9, end: 3 }).expect_err("reversed");
        assert_eq!(error.to_string(), "invalid span [9, 3): the end is before the start");
    }

    #[test]
    fn verdict_counts_round_trip() {
        let counts =
            VerdictCounts { consistent: 4, inconsistent: 2, decision_error: 1, not_checkable: 3 };
        assert_eq!(VerdictCounts::from(v1::VerdictCounts::from(counts)), counts);
    }

    #[test]
    fn names_parse_or_explain() {
        assert_eq!(parse_verdict("decision_error").expect("known"), Verdict::DecisionError);
        assert_eq!(parse_stage("extract").expect("known"), Stage::Extract);
        assert!(parse_stage("splat").is_err());
        assert!(parse_document_id("NOT-AN-ID").is_err());
        let id = DocumentId::for_text("abc");
        assert_eq!(parse_document_id(id.as_str()).expect("well formed"), id);
    }
}
