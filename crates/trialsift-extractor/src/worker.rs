//! The extractor's thin worker: the pure core wired to the runtime.

use trialsift_domain::{SplitResult, Stage};
use trialsift_runtime::{StageError, StageOutput, StageProcessor, decode_result};
use trialsift_store::WorkItem;

/// Runs [`crate::extract`] on each document and its segments.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractProcessor;

impl StageProcessor for ExtractProcessor {
    fn stage(&self) -> Stage {
        Stage::Extract
    }

    fn process(&self, item: &WorkItem) -> Result<StageOutput, StageError> {
        let split: SplitResult = decode_result(item, Stage::Split)?;
        let extraction = crate::extract(&item.text, &split.segments);
        let result = serde_json::to_value(&extraction).map_err(|error| {
            StageError::Permanent(format!("cannot encode the extraction: {error}"))
        })?;
        Ok(StageOutput { result, study: None })
    }
}
