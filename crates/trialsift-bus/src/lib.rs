//! The message bus that carries documents from stage to stage.
//!
//! One trait, [`Bus`], with two implementations: [`jetstream::JetStreamBus`]
//! over NATS JetStream (distributed) and [`memory::MemoryBus`] in process
//! (embedded). Both give the same contract: at-least-once delivery to one
//! durable consumer per stage shared by its replicas, explicit acks, negative
//! acks with a redelivery delay, terminal acks, deduplication by message id
//! within a window, and a delivery count on every message so the worker
//! runtime can decide between a retry and the dead-letter subject.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;
use trialsift_domain::Stage;

pub mod jetstream;
pub mod memory;

/// Name of the JetStream stream that holds every trialsift subject.
pub const STREAM_NAME: &str = "TRIALSIFT";

/// A subject of the TRIALSIFT stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// `trialsift.docs.submitted`: accepted by the gateway, consumed by the splitter.
    Submitted,
    /// `trialsift.docs.split`: split, consumed by the extractor.
    Split,
    /// `trialsift.docs.extracted`: extracted, consumed by the validator.
    Extracted,
    /// `trialsift.studies.validated`: validated, for subscribers.
    Validated,
    /// `trialsift.dlq.<stage>`: given up on by a stage.
    DeadLetter(Stage),
}

impl Subject {
    /// Returns the subject's NATS name.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Submitted => "trialsift.docs.submitted",
            Subject::Split => "trialsift.docs.split",
            Subject::Extracted => "trialsift.docs.extracted",
            Subject::Validated => "trialsift.studies.validated",
            Subject::DeadLetter(Stage::Split) => "trialsift.dlq.split",
            Subject::DeadLetter(Stage::Extract) => "trialsift.dlq.extract",
            Subject::DeadLetter(Stage::Validate) => "trialsift.dlq.validate",
        }
    }

    /// Returns the subject a stage consumes.
    pub fn consumed_by(stage: Stage) -> Subject {
        match stage {
            Stage::Split => Subject::Submitted,
            Stage::Extract => Subject::Split,
            Stage::Validate => Subject::Extracted,
        }
    }

    /// Returns the subject a stage publishes its successes to.
    pub fn produced_by(stage: Stage) -> Subject {
        match stage {
            Stage::Split => Subject::Split,
            Stage::Extract => Subject::Extracted,
            Stage::Validate => Subject::Validated,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Delivery settings shared by both implementations.
#[derive(Debug, Clone)]
pub struct BusSettings {
    /// How long a delivered message may stay unacknowledged before it is delivered again.
    pub ack_wait: Duration,
    /// Deliveries after which the bus stops redelivering; the runtime dead-letters on the last one.
    pub max_deliver: u32,
    /// Window within which a second message with the same id is dropped.
    pub duplicate_window: Duration,
}

impl Default for BusSettings {
    fn default() -> Self {
        Self {
            ack_wait: Duration::from_secs(30),
            max_deliver: 5,
            duplicate_window: Duration::from_secs(120),
        }
    }
}

/// A message to publish.
#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    /// Where it goes.
    pub subject: Subject,
    /// Deduplication id (`Nats-Msg-Id`): a second message with the same id inside the window is dropped.
    pub message_id: String,
    /// Encoded protobuf payload.
    pub payload: Bytes,
}

/// Errors of the bus.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// The bus cannot be reached or refused the operation; worth retrying later.
    #[error("bus unavailable: {0}")]
    Unavailable(String),
    /// The bus answered something the caller cannot use.
    #[error("bus protocol error: {0}")]
    Protocol(String),
}

/// Settles one delivered message; implemented by each bus.
#[async_trait]
pub trait Acknowledger: Send + Sync {
    /// Acknowledges the message: it will not be delivered again.
    async fn ack(&self) -> Result<(), BusError>;
    /// Refuses the message for now: it is delivered again after `delay`.
    async fn nak(&self, delay: Duration) -> Result<(), BusError>;
    /// Acknowledges the message terminally: never delivered again, whatever the count.
    async fn term(&self) -> Result<(), BusError>;
    /// Tells the bus the message is still being worked on, resetting its ack timer.
    async fn in_progress(&self) -> Result<(), BusError>;
}

/// A message delivered to a consumer, to be settled exactly once.
pub struct Delivery {
    /// The subject it was published to.
    pub subject: String,
    /// Encoded protobuf payload.
    pub payload: Bytes,
    /// How many times it has been delivered, this time included (1 on the first delivery).
    pub deliveries: u64,
    /// How to settle it.
    pub acknowledger: Box<dyn Acknowledger>,
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("subject", &self.subject)
            .field("deliveries", &self.deliveries)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// A stage's durable consumer: replicas of a stage share it, each message goes to one of them.
#[async_trait]
pub trait Consumer: Send {
    /// Waits up to `wait` for at most `max` messages; returns an empty batch on time-out.
    async fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, BusError>;
}

/// The message bus.
#[async_trait]
pub trait Bus: Send + Sync + 'static {
    /// Publishes messages and returns once the bus has stored every one (acks awaited concurrently).
    async fn publish(&self, messages: Vec<OutgoingMessage>) -> Result<(), BusError>;
    /// Opens the durable consumer of a stage, creating it if needed.
    async fn consumer(&self, stage: Stage) -> Result<Box<dyn Consumer>, BusError>;
    /// Follows the messages published to `subject` from now on, without acks (for live views).
    async fn watch(&self, subject: Subject) -> Result<BoxStream<'static, Bytes>, BusError>;
    /// Checks that the bus is reachable.
    async fn ping(&self) -> Result<(), BusError>;
    /// Sends whatever the client still buffers (acks are fire-and-forget); called on shutdown.
    async fn flush(&self) -> Result<(), BusError> {
        Ok(())
    }
}
