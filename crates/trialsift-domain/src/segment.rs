//! Segments: the language parts of a document, as the splitter finds them.

use serde::{Deserialize, Serialize};

/// What a segment of a document is, which decides whether extraction reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// The article or registry record title.
    Title,
    /// A bibliographic citation line (journal, year, volume, pages, DOI).
    Citation,
    /// An author affiliation line.
    Affiliation,
    /// Abstract or description text.
    Body,
    /// A line that exists to state a trial registry identifier.
    Registry,
    /// A bulleted or numbered eligibility list.
    Eligibility,
    /// Site text around the abstract (disclaimers, counters, copyright): kept, never extracted.
    Boilerplate,
}

impl SegmentKind {
    /// Returns the kind's lowercase name, as used in the JSON record.
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Title => "title",
            SegmentKind::Citation => "citation",
            SegmentKind::Affiliation => "affiliation",
            SegmentKind::Body => "body",
            SegmentKind::Registry => "registry",
            SegmentKind::Eligibility => "eligibility",
            SegmentKind::Boilerplate => "boilerplate",
        }
    }

    /// Tells whether text of this kind is passed to extraction.
    pub fn is_extracted(self) -> bool {
        !matches!(self, SegmentKind::Boilerplate)
    }
}

/// A contiguous span of a document in one language and of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// ISO 639-1 language code (`en`, `zh`, ...), or `und` when undetermined.
    pub lang: String,
    /// What the segment is.
    pub kind: SegmentKind,
    /// Byte offset of the first byte, on a UTF-8 boundary.
    pub start: usize,
    /// Byte offset one past the last byte, on a UTF-8 boundary.
    pub end: usize,
    /// Index of the segment that translates this one, when the document has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<usize>,
}

impl Segment {
    /// Returns the segment's text out of the document it was found in.
    pub fn text<'a>(&self, document: &'a str) -> &'a str {
        document.get(self.start..self.end).unwrap_or("")
    }
}
