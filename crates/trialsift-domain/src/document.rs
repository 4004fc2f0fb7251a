//! Document identity and the stages a document passes through.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Identifies a document by a hash of its normalized text, so the same text always gets the same id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(String);

/// Error returned when a string is not a well-formed document id.
#[derive(Debug, thiserror::Error)]
#[error("invalid document id {0:?}: expected 32 lowercase hex characters")]
pub struct InvalidDocumentId(pub String);

impl DocumentId {
    /// Number of hex characters in a document id (128 bits of SHA-256).
    pub const LEN: usize = 32;

    /// Computes the id of a document from its text.
    ///
    /// The text is normalized first: line endings become `\n`, trailing
    /// whitespace on each line is dropped and leading/trailing blank lines are
    /// ignored, so the same abstract pasted from two editors gets one id.
    pub fn for_text(text: &str) -> Self {
        let mut hasher = Sha256::new();
        let mut first = true;
        for line in text.trim().lines() {
            if !first {
                hasher.update(b"\n");
            }
            first = false;
            hasher.update(line.trim_end().as_bytes());
        }
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(Self::LEN);
        for byte in &digest[..Self::LEN / 2] {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        Self(hex)
    }

    /// Returns the id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl FromStr for DocumentId {
    type Err = InvalidDocumentId;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let well_formed = value.len() == Self::LEN
            && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !well_formed {
            return Err(InvalidDocumentId(value.to_owned()));
        }
        Ok(Self(value.to_owned()))
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One processing stage of the pipeline, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Language splitting: segments with language, kind and pairing.
    Split,
    /// Entity extraction: study facts and typed statements.
    Extract,
    /// Statistical validation: findings and the study record.
    Validate,
}

/// Error returned when a string names no stage.
#[derive(Debug, thiserror::Error)]
#[error("unknown stage {0:?}: expected split, extract or validate")]
pub struct UnknownStage(pub String);

impl Stage {
    /// All stages in pipeline order.
    pub const ALL: [Stage; 3] = [Stage::Split, Stage::Extract, Stage::Validate];

    /// Returns the stage's lowercase name, as used in subjects, tables and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Split => "split",
            Stage::Extract => "extract",
            Stage::Validate => "validate",
        }
    }

    /// Returns the stage that consumes this stage's output, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Split => Some(Stage::Extract),
            Stage::Extract => Some(Stage::Validate),
            Stage::Validate => None,
        }
    }
}

impl FromStr for Stage {
    type Err = UnknownStage;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "split" => Ok(Stage::Split),
            "extract" => Ok(Stage::Extract),
            "validate" => Ok(Stage::Validate),
            other => Err(UnknownStage(other.to_owned())),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document is in the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Accepted by the gateway, waiting for the splitter.
    Submitted,
    /// Split, waiting for the extractor.
    Split,
    /// Extracted, waiting for the validator.
    Extracted,
    /// Validated: the study record is complete.
    Validated,
    /// A stage gave up on it; see the last error.
    Failed,
}

impl DocumentStatus {
    /// Returns the status's lowercase name, as stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Submitted => "submitted",
            DocumentStatus::Split => "split",
            DocumentStatus::Extracted => "extracted",
            DocumentStatus::Validated => "validated",
            DocumentStatus::Failed => "failed",
        }
    }

    /// Returns the status a document has once `stage` has completed.
    pub fn after(stage: Stage) -> Self {
        match stage {
            Stage::Split => DocumentStatus::Split,
            Stage::Extract => DocumentStatus::Extracted,
            Stage::Validate => DocumentStatus::Validated,
        }
    }

    /// Parses a stored status name.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "submitted" => DocumentStatus::Submitted,
            "split" => DocumentStatus::Split,
            "extracted" => DocumentStatus::Extracted,
            "validated" => DocumentStatus::Validated,
            "failed" => DocumentStatus::Failed,
            _ => return None,
        })
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_line_endings_and_trailing_space() {
        let unix = DocumentId::for_text("Title\nBody text.\n");
        let windows = DocumentId::for_text("Title  \r\nBody text.\r\n\r\n");
        assert_eq!(unix, windows);
        assert_eq!(unix.as_str().len(), DocumentId::LEN);
    }

    #[test]
    fn id_differs_for_different_text() {
        assert_ne!(DocumentId::for_text("8/19"), DocumentId::for_text("8/20"));
    }

    #[test]
    fn id_round_trips_through_string() {
        let id = DocumentId::for_text("abc");
        let parsed: DocumentId = id.as_str().parse().expect("well-formed id");
        assert_eq!(parsed, id);
        assert!("not-an-id".parse::<DocumentId>().is_err());
        assert!("ABCDEF0123456789ABCDEF0123456789".parse::<DocumentId>().is_err());
    }

    #[test]
    fn stages_chain_in_order() {
        assert_eq!(Stage::Split.next(), Some(Stage::Extract));
        assert_eq!(Stage::Extract.next(), Some(Stage::Validate));
        assert_eq!(Stage::Validate.next(), None);
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse::<Stage>().expect("round trip"), stage);
        }
    }
}
