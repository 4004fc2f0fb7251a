//! The worker loop: consume, process, write, publish, ack.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};
use trialsift_bus::{Bus, BusError, Consumer, Delivery, OutgoingMessage, Subject};
use trialsift_domain::{DocumentId, SCHEMA_VERSION, Stage, StudyRecord, VerdictCounts};
use trialsift_proto::v1;
use trialsift_proto::{decode_event, encode_dead_letter, encode_event};
use trialsift_store::{StageWrite, Store, StoreError, WorkItem};

use crate::metrics::Metrics;

/// What a stage produced for one document.
#[derive(Debug, Clone)]
pub struct StageOutput {
    /// The stage's whole result, stored as JSON.
    pub result: serde_json::Value,
    /// The assembled study record; the validator sets it.
    pub study: Option<StudyRecord>,
}

/// Why a stage could not process a document.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StageError {
    /// Worth retrying later (a dependency is briefly unavailable).
    #[error("transient: {0}")]
    Transient(String),
    /// Retrying cannot help (the input is unusable); the document is dead-lettered.
    #[error("{0}")]
    Permanent(String),
}

/// Turns one document, with the earlier stages' results, into this stage's result.
///
/// Implementations are thin adapters over a stage's pure core.
pub trait StageProcessor: Send + Sync + 'static {
    /// The stage this processor implements.
    fn stage(&self) -> Stage;
    /// Processes one document; must not block on I/O.
    fn process(&self, item: &WorkItem) -> Result<StageOutput, StageError>;
}

/// Decodes an earlier stage's stored result out of a work item.
pub fn decode_result<T: DeserializeOwned>(item: &WorkItem, stage: Stage) -> Result<T, StageError> {
    let Some(value) = item.results.get(&stage) else {
        return Err(StageError::Permanent(format!("the {stage} result is missing")));
    };
    T::deserialize(value).map_err(|error| {
        StageError::Permanent(format!("the stored {stage} result does not decode: {error}"))
    })
}

/// Returns the earlier stages whose results a stage reads.
fn inputs_of(stage: Stage) -> &'static [Stage] {
    match stage {
        Stage::Split => &[],
        Stage::Extract => &[Stage::Split],
        Stage::Validate => &[Stage::Split, Stage::Extract],
    }
}

/// Tunables of the worker loop.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Messages fetched and written per batch.
    pub batch_size: usize,
    /// How long one fetch waits for messages; also how quickly shutdown is noticed.
    pub fetch_wait: Duration,
    /// Deliveries after which a failing message is dead-lettered (matches the bus setting).
    pub max_deliver: u32,
    /// Delay before the first retry; doubled on each further delivery.
    pub retry_base: Duration,
    /// Longest delay between retries.
    pub retry_max: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            batch_size: 32,
            fetch_wait: Duration::from_millis(500),
            max_deliver: 5,
            retry_base: Duration::from_millis(500),
            retry_max: Duration::from_secs(30),
        }
    }
}

impl WorkerSettings {
    /// Returns the retry delay after the given delivery (1-based), doubling up to the maximum.
    pub fn backoff(&self, deliveries: u64) -> Duration {
        let exponent = u32::try_from(deliveries.saturating_sub(1)).unwrap_or(u32::MAX).min(16);
        self.retry_base.saturating_mul(1u32 << exponent).min(self.retry_max)
    }
}

/// Errors that stop one step of the loop; the loop itself pauses and retries.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The bus failed.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one step of the loop did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepOutcome {
    /// Messages fetched.
    pub fetched: usize,
    /// Documents processed, written, published and acknowledged.
    pub completed: usize,
    /// Messages refused for a later retry.
    pub retried: usize,
    /// Messages sent to the dead-letter subject.
    pub dead_lettered: usize,
}

/// One stage's worker: a processor wired to a bus and a store.
pub struct Worker {
    processor: Arc<dyn StageProcessor>,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    settings: WorkerSettings,
    metrics: Metrics,
}

/// A delivered message whose payload decoded.
struct Pending {
    delivery: Delivery,
    document_id: DocumentId,
    source: String,
}

impl Worker {
    /// Builds a worker for `processor`'s stage.
    pub fn new(
        processor: Arc<dyn StageProcessor>,
        store: Arc<dyn Store>,
        bus: Arc<dyn Bus>,
        settings: WorkerSettings,
        metrics: Metrics,
    ) -> Self {
        Self { processor, store, bus, settings, metrics }
    }

    /// Returns the stage this worker runs.
    pub fn stage(&self) -> Stage {
        self.processor.stage()
    }

    /// Runs the loop until `shutdown` is cancelled, then finishes the batch in hand and returns.
    ///
    /// Bus and store outages pause the loop with backoff; nothing is acknowledged that was not
    /// written and published.
    pub async fn run(self, shutdown: CancellationToken) {
        let stage = self.stage();
        info!(%stage, "worker started");
        let mut consumer: Option<Box<dyn Consumer>> = None;
        let mut failures: u64 = 0;
        while !shutdown.is_cancelled() {
            let result = match consumer.as_mut() {
                Some(open) => self.step(open.as_mut()).await,
                None => match self.bus.consumer(stage).await {
                    Ok(opened) => {
                        consumer = Some(opened);
                        continue;
                    }
                    Err(error) => Err(WorkerError::from(error)),
                },
            };
            match result {
                Ok(_) => failures = 0,
                Err(error) => {
                    failures += 1;
                    let delay = self.settings.backoff(failures);
                    warn!(%stage, error = %error, retry_in_ms = delay.as_millis() as u64, "worker paused");
                    if matches!(error, WorkerError::Bus(_)) && failures > 2 {
                        consumer = None;
                    }
                    tokio::select! {
                        _ = shutdown.cancelled() => {}
                        _ = tokio::time::sleep(delay) => {}
                    }
                }
            }
        }
        if let Err(error) = self.bus.flush().await {
            warn!(%stage, %error, "could not flush acknowledgements; those messages will be redelivered");
        }
        info!(%stage, "worker stopped");
    }

    /// Fetches one batch and carries it through to acks; returns what happened.
    ///
    /// Tests drive the loop with this one step at a time.
    pub async fn step(&self, consumer: &mut dyn Consumer) -> Result<StepOutcome, WorkerError> {
        let deliveries = consumer.fetch(self.settings.batch_size, self.settings.fetch_wait).await?;
        if deliveries.is_empty() {
            return Ok(StepOutcome::default());
        }
        let started = Instant::now();
        let stage = self.stage();
        let metrics = self.metrics.stage(stage);
        let mut outcome = StepOutcome { fetched: deliveries.len(), ..StepOutcome::default() };
        metrics.fetched.fetch_add(deliveries.len() as u64, Ordering::Relaxed);

        let mut pending = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            if delivery.deliveries > 1 {
                metrics.redelivered.fetch_add(1, Ordering::Relaxed);
            }
            match decode_pipeline_event(&delivery.payload) {
                Ok((document_id, source)) => {
                    pending.push(Pending { delivery, document_id, source })
                }
                Err(reason) => {
                    warn!(%stage, subject = %delivery.subject, %reason, "undecodable message");
                    self.dead_letter(None, delivery, &reason).await?;
                    outcome.dead_lettered += 1;
                }
            }
        }
        if pending.is_empty() {
            return Ok(outcome);
        }

        let ids: Vec<DocumentId> = pending.iter().map(|p| p.document_id.clone()).collect();
        let items = match self.store.load_work(&ids, inputs_of(stage)).await {
            Ok(items) => items,
            Err(error) => {
                self.retry_all(pending, &error.to_string()).await;
                return Err(error.into());
            }
        };
        let mut by_id: HashMap<DocumentId, WorkItem> =
            items.into_iter().map(|item| (item.state.id.clone(), item)).collect();

        let mut succeeded: Vec<(Pending, StageOutput)> = Vec::with_capacity(pending.len());
        for message in pending {
            let Some(item) = by_id.remove(&message.document_id) else {
                let reason = format!("document {} is not in the store", message.document_id);
                self.dead_letter(Some(&message.document_id), message.delivery, &reason).await?;
                outcome.dead_lettered += 1;
                continue;
            };
            let processor = &self.processor;
            let result = catch_unwind(AssertUnwindSafe(|| processor.process(&item)))
                .unwrap_or_else(|_| Err(StageError::Permanent("the stage panicked".to_owned())));
            match result {
                Ok(output) => succeeded.push((message, output)),
                Err(error) => {
                    if self.fail(message, &error).await? {
                        outcome.dead_lettered += 1;
                    } else {
                        outcome.retried += 1;
                    }
                }
            }
        }
        if succeeded.is_empty() {
            return Ok(outcome);
        }

        let writes: Vec<StageWrite> = succeeded
            .iter()
            .map(|(message, output)| StageWrite {
                document_id: message.document_id.clone(),
                stage,
                result: output.result.clone(),
                study: output.study.clone(),
            })
            .collect();
        if let Err(error) = self.store.write_results(&writes).await {
            let messages = succeeded.into_iter().map(|(message, _)| message).collect();
            self.retry_all(messages, &error.to_string()).await;
            return Err(error.into());
        }

        let next: Vec<OutgoingMessage> = succeeded
            .iter()
            .map(|(message, output)| {
                let counts = output.study.as_ref().map(|study| study.verdict_counts);
                next_event(stage, &message.document_id, &message.source, counts)
            })
            .collect();
        if let Err(error) = self.bus.publish(next).await {
            let messages = succeeded.into_iter().map(|(message, _)| message).collect();
            self.retry_all(messages, &error.to_string()).await;
            return Err(error.into());
        }

        let completed = succeeded.len();
        for (message, _) in succeeded {
            if let Err(error) = message.delivery.acknowledger.ack().await {
                // The results are written and published; a redelivery rewrites them idempotently.
                warn!(%stage, document_id = %message.document_id, %error, "ack failed");
            }
            debug!(%stage, document_id = %message.document_id, "completed");
        }
        outcome.completed += completed;
        metrics.completed.fetch_add(completed as u64, Ordering::Relaxed);
        metrics.observe_latency(started.elapsed(), completed as u64);
        Ok(outcome)
    }

    /// Handles a stage failure: retry with backoff, or dead-letter. Returns true when dead-lettered.
    async fn fail(&self, message: Pending, error: &StageError) -> Result<bool, WorkerError> {
        let stage = self.stage();
        let last_delivery = message.delivery.deliveries >= u64::from(self.settings.max_deliver);
        let give_up = matches!(error, StageError::Permanent(_)) || last_delivery;
        let reason = match (error, last_delivery) {
            (StageError::Transient(_), true) => {
                format!("{error} (gave up after {} deliveries)", message.delivery.deliveries)
            }
            _ => error.to_string(),
        };
        if give_up {
            self.dead_letter(Some(&message.document_id), message.delivery, &reason).await?;
            return Ok(true);
        }
        self.store.record_failure(&message.document_id, stage, &reason, false).await?;
        let delay = self.settings.backoff(message.delivery.deliveries);
        warn!(%stage, document_id = %message.document_id, attempt = message.delivery.deliveries, %reason, "retrying");
        self.metrics.stage(stage).retried.fetch_add(1, Ordering::Relaxed);
        message.delivery.acknowledger.nak(delay).await?;
        Ok(false)
    }

    /// Refuses every message of a batch for a later retry after an infrastructure failure.
    async fn retry_all(&self, messages: Vec<Pending>, reason: &str) -> usize {
        let stage = self.stage();
        let count = messages.len();
        for message in messages {
            let delay = self.settings.backoff(message.delivery.deliveries);
            if let Err(error) = message.delivery.acknowledger.nak(delay).await {
                warn!(%stage, %error, "nak failed; the message comes back after the ack wait");
            }
        }
        warn!(%stage, count, %reason, "batch refused for retry");
        self.metrics.stage(stage).retried.fetch_add(count as u64, Ordering::Relaxed);
        count
    }

    /// Publishes a dead letter, marks the document failed, and settles the message terminally.
    async fn dead_letter(
        &self,
        document_id: Option<&DocumentId>,
        delivery: Delivery,
        reason: &str,
    ) -> Result<(), WorkerError> {
        let stage = self.stage();
        let id_text = document_id.map(DocumentId::as_str).unwrap_or_default();
        warn!(%stage, document_id = %id_text, deliveries = delivery.deliveries, %reason, "dead-lettered");
        let letter = match document_id {
            Some(id) => v1::DeadLetter::new(id, stage, reason, delivery.deliveries),
            None => v1::DeadLetter {
                schema_version: SCHEMA_VERSION,
                document_id: String::new(),
                stage: stage.to_string(),
                error: reason.to_owned(),
                deliveries: delivery.deliveries,
            },
        };
        let message = OutgoingMessage {
            subject: Subject::DeadLetter(stage),
            message_id: letter.message_id(),
            payload: encode_dead_letter(&letter),
        };
        self.bus.publish(vec![message]).await?;
        if let Some(id) = document_id {
            self.store.record_failure(id, stage, reason, true).await?;
        }
        self.metrics.stage(stage).dead_lettered.fetch_add(1, Ordering::Relaxed);
        delivery.acknowledger.term().await?;
        Ok(())
    }
}

/// Decodes a pipeline event into the document id and source it carries.
fn decode_pipeline_event(payload: &[u8]) -> Result<(DocumentId, String), String> {
    let event = decode_event(payload).map_err(|error| error.to_string())?;
    let document_id = event.parsed_document_id().map_err(|error| error.to_string())?;
    Ok((document_id, event.source))
}

/// Builds the event announcing that `stage` completed a document.
fn next_event(
    stage: Stage,
    document_id: &DocumentId,
    source: &str,
    counts: Option<VerdictCounts>,
) -> OutgoingMessage {
    let mut event = v1::DocumentEvent::completed(document_id, source, stage);
    if let Some(counts) = counts {
        event = event.with_verdict_counts(counts);
    }
    OutgoingMessage {
        subject: Subject::produced_by(stage),
        message_id: event.message_id(),
        payload: encode_event(&event),
    }
}

#[cfg(test)]
mod tests {
    use prost::Message as _;

    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let settings = WorkerSettings {
            retry_base: Duration::from_millis(100),
            retry_max: Duration::from_secs(1),
            ..WorkerSettings::default()
        };
        assert_eq!(settings.backoff(1), Duration::from_millis(100));
        assert_eq!(settings.backoff(2), Duration::from_millis(200));
        assert_eq!(settings.backoff(4), Duration::from_millis(800));
        assert_eq!(settings.backoff(5), Duration::from_secs(1));
        assert_eq!(settings.backoff(u64::MAX), Duration::from_secs(1));
    }

    #[test]
    fn events_round_trip_and_refuse_other_versions() {
        let id = DocumentId::for_text("abc");
        let message = next_event(Stage::Split, &id, "a.txt", None);
        assert_eq!(message.subject, Subject::Split);
        assert_eq!(message.message_id, format!("{id}.split"));
        let (decoded, source) = decode_pipeline_event(&message.payload).expect("decodes");
        assert_eq!(decoded, id);
        assert_eq!(source, "a.txt");

        let future = v1::DocumentEvent {
            schema_version: 99,
            document_id: id.to_string(),
            ..Default::default()
        };
        let error = decode_pipeline_event(&future.encode_to_vec()).expect_err("refused");
        assert!(error.contains("99"), "{error}");
        assert!(decode_pipeline_event(b"\xff\xff").is_err());
    }
}
