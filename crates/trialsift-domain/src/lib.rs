//! Domain types shared by every trialsift crate.
//!
//! Types only, no I/O: the identity of a document, the stages it passes
//! through, the segments the splitter finds, the statements the extractor
//! reads, the findings the validator states, and the study record that ties
//! them together. Every span is a byte range into the submitted text.

mod document;
mod facts;
mod finding;
mod record;
mod segment;
mod statement;
pub mod words;

pub use document::{DocumentId, DocumentStatus, InvalidDocumentId, Stage, UnknownStage};
pub use facts::{Abbreviation, Citation, Criterion, Entity, EntityKind, Mention, Outcome, Regimen};
pub use finding::{Finding, Interval, Verdict, VerdictCounts};
pub use record::{
    Arm, Claim, Design, Extraction, Population, SplitResult, Study, StudyRecord, Subgroup,
    Validation,
};
pub use segment::{Segment, SegmentKind};
pub use statement::{CiMethod, Comparator, Number, Statement, StatementValue, TestKind};

/// Version of the JSON record and of the bus payloads; bumped on breaking changes.
pub const SCHEMA_VERSION: u32 = 1;

/// A byte range `[start, end)` into a document's text.
pub type Span = [usize; 2];
