//! The runtime every trialsift worker shares.
//!
//! A stage supplies one thing, a [`StageProcessor`] that turns a document and
//! the earlier stages' results into its own result. Everything else lives
//! here, once: fetch a batch from the stage's durable consumer, load the
//! documents from the store in one round trip, process, write every result in
//! one transaction, publish the next events with their acks in flight, and
//! only then acknowledge. Transient failures are retried with exponential
//! backoff (a negative ack with a delay); permanent ones, and any message on
//! its last allowed delivery, go to the stage's dead-letter subject and mark
//! the document failed. Shutdown goes through one cancellation token: the
//! loop stops fetching, finishes the batch in hand, acknowledges it and
//! returns.

mod metrics;
mod metrics_http;
mod recovery;
mod telemetry;
mod worker;

pub use metrics::{Metrics, StageMetrics};
pub use metrics_http::serve_metrics;
pub use recovery::reannounce_unfinished;
pub use telemetry::{LogFormat, init_tracing, shutdown_on_signal};
pub use worker::{
    StageError, StageOutput, StageProcessor, StepOutcome, Worker, WorkerError, WorkerSettings,
    decode_result,
};
