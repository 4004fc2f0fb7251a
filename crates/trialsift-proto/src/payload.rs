//! Bus payloads: [`v1::DocumentEvent`] and [`v1::DeadLetter`] as bytes.
//!
//! Every payload carries [`SCHEMA_VERSION`]; decoding refuses any other
//! version (including a missing one) with a clear error, so a consumer never
//! guesses at a layout it does not know.

use bytes::Bytes;
use prost::Message;
use trialsift_domain::{DocumentId, SCHEMA_VERSION, Stage, VerdictCounts};

use crate::convert::{ConversionError, parse_document_id, parse_stage};
use crate::v1;

/// The step name of an event published by the gateway on `trialsift.docs.submitted`.
pub const STEP_SUBMITTED: &str = "submitted";

impl v1::DocumentEvent {
    /// Builds the event the gateway publishes when it accepts a document.
    pub fn submitted(document_id: &DocumentId, source: &str) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            document_id: document_id.as_str().to_owned(),
            source: source.to_owned(),
            step: STEP_SUBMITTED.to_owned(),
            verdict_counts: None,
        }
    }

    /// Builds the event a stage publishes once it has completed a document.
    pub fn completed(document_id: &DocumentId, source: &str, stage: Stage) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            document_id: document_id.as_str().to_owned(),
            source: source.to_owned(),
            step: stage.as_str().to_owned(),
            verdict_counts: None,
        }
    }

    /// Sets the findings counted by verdict (for `trialsift.studies.validated`).
    pub fn with_verdict_counts(mut self, counts: VerdictCounts) -> Self {
        self.verdict_counts = Some(counts.into());
        self
    }

    /// Returns the deduplication id of this event: `<document id>.<step>`.
    pub fn message_id(&self) -> String {
        format!("{}.{}", self.document_id, self.step)
    }

    /// Parses the event's document id.
    pub fn parsed_document_id(&self) -> Result<DocumentId, ConversionError> {
        parse_document_id(&self.document_id)
    }

    /// Parses the event's step: `None` for `submitted`, otherwise the stage that completed.
    pub fn parsed_step(&self) -> Result<Option<Stage>, ConversionError> {
        if self.step == STEP_SUBMITTED {
            return Ok(None);
        }
        self.step
            .parse::<Stage>()
            .map(Some)
            .map_err(|_| ConversionError::UnknownStep(self.step.clone()))
    }
}

impl v1::DeadLetter {
    /// Builds the dead letter a stage publishes when it gives up on a document.
    pub fn new(document_id: &DocumentId, stage: Stage, error: &str, deliveries: u64) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            document_id: document_id.as_str().to_owned(),
            stage: stage.as_str().to_owned(),
            error: error.to_owned(),
            deliveries,
        }
    }

    /// Returns the deduplication id of this dead letter: `<document id>.dlq.<stage>`.
    pub fn message_id(&self) -> String {
        format!("{}.dlq.{}", self.document_id, self.stage)
    }

    /// Parses the dead letter's document id.
    pub fn parsed_document_id(&self) -> Result<DocumentId, ConversionError> {
        parse_document_id(&self.document_id)
    }

    /// Parses the stage that gave up.
    pub fn parsed_stage(&self) -> Result<Stage, ConversionError> {
        parse_stage(&self.stage)
    }
}

/// Encodes a document event for the bus.
pub fn encode_event(event: &v1::DocumentEvent) -> Bytes {
    Bytes::from(event.encode_to_vec())
}

/// Decodes a document event from the bus, refusing unknown schema versions.
pub fn decode_event(payload: &[u8]) -> Result<v1::DocumentEvent, ConversionError> {
    let event = v1::DocumentEvent::decode(payload)
        .map_err(|source| ConversionError::Decode { message: "DocumentEvent", source })?;
    check_version("DocumentEvent", event.schema_version)?;
    Ok(event)
}

/// Encodes a dead letter for the bus.
pub fn encode_dead_letter(letter: &v1::DeadLetter) -> Bytes {
    Bytes::from(letter.encode_to_vec())
}

/// Decodes a dead letter from the bus, refusing unknown schema versions.
pub fn decode_dead_letter(payload: &[u8]) -> Result<v1::DeadLetter, ConversionError> {
    let letter = v1::DeadLetter::decode(payload)
        .map_err(|source| ConversionError::Decode { message: "DeadLetter", source })?;
    check_version("DeadLetter", letter.schema_version)?;
    Ok(letter)
}

fn check_version(message: &'static str, found: u32) -> Result<(), ConversionError> {
    if found != SCHEMA_VERSION {
        return Err(ConversionError::UnsupportedSchemaVersion {
            message,
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submitted_event_round_trips() {
        let id = DocumentId::for_text("8/19 = 42.0%");
        let event = v1::DocumentEvent::submitted(&id, "seed.txt");
        assert_eq!(event.message_id(), format!("{id}.submitted"));
        let decoded = decode_event(&encode_event(&event)).expect("round trip");
        assert_eq!(decoded, event);
        assert_eq!(decoded.parsed_document_id().expect("well formed"), id);
        assert_eq!(decoded.parsed_step().expect("known step"), None);
    }

    #[test]
    fn validated_event_carries_counts() {
        let id = DocumentId::for_text("x");
        let counts = VerdictCounts { inconsistent: 2, ..VerdictCounts::default() };
        let event =
            v1::DocumentEvent::completed(&id, "", Stage::Validate).with_verdict_counts(counts);
        let decoded = decode_event(&encode_event(&event)).expect("round trip");
        assert_eq!(decoded.parsed_step().expect("known step"), Some(Stage::Validate));
        assert_eq!(decoded.verdict_counts.map(VerdictCounts::from), Some(counts));
        assert_eq!(decoded.message_id(), format!("{id}.validate"));
    }

    #[test]
    fn unknown_schema_version_is_refused() {
        let id = DocumentId::for_text("x");
        let mut event = v1::DocumentEvent::submitted(&id, "");
        event.schema_version = SCHEMA_VERSION + 1;
        let error = decode_event(&encode_event(&event)).expect_err("future version");
        assert_eq!(
            error.to_string(),
            format!(
                "unsupported DocumentEvent schema version {}: this build reads version {} only",
                SCHEMA_VERSION + 1,
                SCHEMA_VERSION
            )
        );
        // An empty payload decodes to version 0: refused, not guessed at.
        assert!(matches!(
            decode_event(&[]),
            Err(ConversionError::UnsupportedSchemaVersion { found: 0, .. })
        ));
    }

    #[test]
    fn garbage_is_a_decode_error() {
        let error = decode_event(&[0xff, 0xff, 0xff]).expect_err("garbage");
        assert!(matches!(error, ConversionError::Decode { message: "DocumentEvent", .. }));
    }

    #[test]
    fn dead_letter_round_trips() {
        let id = DocumentId::for_text("x");
        let letter = v1::DeadLetter::new(&id, Stage::Extract, "boom", 5);
        assert_eq!(letter.message_id(), format!("{id}.dlq.extract"));
        let decoded = decode_dead_letter(&encode_dead_letter(&letter)).expect("round trip");
        assert_eq!(decoded, letter);
        assert_eq!(decoded.parsed_stage().expect("known stage"), Stage::Extract);
        let mut old = letter;
        old.schema_version = 0;
        assert!(decode_dead_letter(&encode_dead_letter(&old)).is_err());
    }

    #[test]
    fn unknown_step_is_named() {
        let id = DocumentId::for_text("x");
        let mut event = v1::DocumentEvent::submitted(&id, "");
        event.step = "bake".to_owned();
        assert_eq!(
            event.parsed_step().expect_err("unknown").to_string(),
            "unknown step \"bake\": expected submitted, split, extract or validate"
        );
    }
}
