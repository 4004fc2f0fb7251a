//! The three stage cores run in-process on one text: what `trialsift check` does.

use trialsift_domain::{DocumentId, StudyRecord};

/// Splits, extracts and validates one document in-process and assembles its record.
pub fn check_text(source: &str, text: &str) -> StudyRecord {
    let split = trialsift_splitter::split(text);
    let extraction = trialsift_extractor::extract(text, &split.segments);
    let validation = trialsift_validator::validate_document(text, &split.segments, &extraction);
    StudyRecord::assemble(
        DocumentId::for_text(text),
        source.to_owned(),
        split,
        extraction,
        validation,
    )
}
