//! The validator's thin worker: the pure core wired to the runtime; it also assembles the
//! study record from the three stage results.

use trialsift_domain::{Extraction, SplitResult, Stage, StudyRecord};
use trialsift_runtime::{StageError, StageOutput, StageProcessor, decode_result};
use trialsift_store::WorkItem;

/// Runs [`crate::validate_document`] on each document's extraction and assembles its study record.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateProcessor;

impl StageProcessor for ValidateProcessor {
    fn stage(&self) -> Stage {
        Stage::Validate
    }

    fn process(&self, item: &WorkItem) -> Result<StageOutput, StageError> {
        let split: SplitResult = decode_result(item, Stage::Split)?;
        let extraction: Extraction = decode_result(item, Stage::Extract)?;
        let validation = crate::validate_document(&item.text, &split.segments, &extraction);
        let result = serde_json::to_value(&validation).map_err(|error| {
            StageError::Permanent(format!("cannot encode the findings: {error}"))
        })?;
        let record = StudyRecord::assemble(
            item.state.id.clone(),
            item.state.source.clone(),
            split,
            extraction,
            validation,
        );
        Ok(StageOutput { result, study: Some(record) })
    }
}
