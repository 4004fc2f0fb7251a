//! The splitter's thin worker: the pure core wired to the runtime.

use trialsift_domain::Stage;
use trialsift_runtime::{StageError, StageOutput, StageProcessor};
use trialsift_store::WorkItem;

/// Runs [`crate::split`] on each document the runtime hands it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SplitProcessor;

impl StageProcessor for SplitProcessor {
    fn stage(&self) -> Stage {
        Stage::Split
    }

    fn process(&self, item: &WorkItem) -> Result<StageOutput, StageError> {
        let result = crate::split(&item.text);
        let result = serde_json::to_value(&result).map_err(|error| {
            StageError::Permanent(format!("cannot encode the segments: {error}"))
        })?;
        Ok(StageOutput { result, study: None })
    }
}
