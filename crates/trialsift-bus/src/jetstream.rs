//! NATS JetStream implementation of the bus.
//!
//! One file-backed stream, [`STREAM_NAME`], holds every `trialsift.>`
//! subject and deduplicates by `Nats-Msg-Id` within the configured window.
//! Each stage has one durable pull consumer, named after the stage and
//! filtered on the subject it consumes, with explicit acks, `ack_wait` and
//! `max_deliver` from [`BusSettings`]; replicas of a stage share it.
//!
//! Only features of nats-server 2.9 are used (Debian ships 2.9.10): one
//! `filter_subject`, no consumer metadata.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use async_nats::connection::State;
use async_nats::jetstream::consumer::pull;
use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, PullConsumer};
use async_nats::jetstream::context::{
    CreateStreamErrorKind, GetStreamErrorKind, PublishError, PublishErrorKind,
};
use async_nats::jetstream::message::{Acker, PublishMessage};
use async_nats::jetstream::stream::{self, ConsumerErrorKind, StorageType};
use async_nats::jetstream::{self, AckKind};
use async_nats::{Client, ConnectErrorKind, ConnectOptions};
use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use tokio::time::Instant;
use trialsift_domain::Stage;

use crate::{
    Acknowledger, Bus, BusError, BusSettings, Consumer, Delivery, OutgoingMessage, STREAM_NAME,
    Subject,
};

/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Bound on JetStream API requests and publish acknowledgements.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Extra time granted to a pull beyond its own expiry before it is abandoned.
const PULL_GRACE: Duration = Duration::from_secs(2);

/// Shortest expiry sent with a waiting pull request (zero would mean never).
const MIN_PULL_EXPIRY: Duration = Duration::from_millis(10);

/// Longest a single waiting pull lasts; a longer `wait` returns an empty batch after it.
const MAX_PULL_EXPIRY: Duration = Duration::from_secs(300);

/// Most publish acknowledgements awaited at once (the client's in-flight limit is 5000).
const PUBLISH_CHUNK: usize = 1000;

/// Subjects of the stream.
const STREAM_SUBJECTS: &str = "trialsift.>";

/// A bus over NATS JetStream; clones share one connection.
#[derive(Clone)]
pub struct JetStreamBus {
    client: Client,
    context: jetstream::Context,
    settings: BusSettings,
}

impl JetStreamBus {
    /// Connects to NATS at `url` and creates or updates the TRIALSIFT stream.
    pub async fn connect(url: &str, settings: BusSettings) -> Result<Self, BusError> {
        let options = ConnectOptions::new().name("trialsift").connection_timeout(CONNECT_TIMEOUT);
        let client = tokio::time::timeout(CONNECT_TIMEOUT + PULL_GRACE, options.connect(url))
            .await
            .map_err(|_elapsed| BusError::Unavailable("timed out connecting to nats".to_owned()))?
            .map_err(|error| match error.kind() {
                ConnectErrorKind::ServerParse => {
                    BusError::Protocol(format!("invalid nats address: {error}"))
                }
                _ => BusError::Unavailable(format!("cannot connect to nats: {error}")),
            })?;
        let context =
            jetstream::ContextBuilder::new().timeout(REQUEST_TIMEOUT).build(client.clone());
        let bus = Self { client, context, settings };
        bus.ensure_stream().await?;
        Ok(bus)
    }

    /// Returns the settings the consumers are created with.
    pub fn settings(&self) -> &BusSettings {
        &self.settings
    }

    /// Writes out whatever the client still buffers (acks included); call before exiting.
    pub async fn flush(&self) -> Result<(), BusError> {
        self.client
            .flush()
            .await
            .map_err(|error| BusError::Unavailable(format!("cannot flush to nats: {error}")))
    }

    /// Creates the stream, or updates it to the current settings.
    async fn ensure_stream(&self) -> Result<(), BusError> {
        let config = stream::Config {
            name: STREAM_NAME.to_owned(),
            subjects: vec![STREAM_SUBJECTS.to_owned()],
            storage: StorageType::File,
            duplicate_window: self.settings.duplicate_window,
            ..Default::default()
        };
        self.context.create_or_update_stream(config).await.map_err(|error| match error.kind() {
            CreateStreamErrorKind::TimedOut
            | CreateStreamErrorKind::JetStreamUnavailable
            | CreateStreamErrorKind::Response => {
                BusError::Unavailable(format!("cannot set up stream {STREAM_NAME}: {error}"))
            }
            _ => BusError::Protocol(format!("cannot set up stream {STREAM_NAME}: {error}")),
        })?;
        Ok(())
    }

    /// Fails fast while the client is disconnected instead of queueing work behind a reconnect.
    fn ensure_connected(&self) -> Result<(), BusError> {
        match self.client.connection_state() {
            State::Connected => Ok(()),
            state => Err(BusError::Unavailable(format!("nats connection is {state}"))),
        }
    }

    fn consumer_config(&self, stage: Stage) -> pull::Config {
        let max_deliver =
            if self.settings.max_deliver == 0 { -1 } else { i64::from(self.settings.max_deliver) };
        pull::Config {
            durable_name: Some(stage.as_str().to_owned()),
            description: Some(format!("trialsift {} stage", stage.as_str())),
            deliver_policy: DeliverPolicy::All,
            ack_policy: AckPolicy::Explicit,
            ack_wait: self.settings.ack_wait,
            max_deliver,
            filter_subject: Subject::consumed_by(stage).as_str().to_owned(),
            ..Default::default()
        }
    }
}

impl fmt::Debug for JetStreamBus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JetStreamBus")
            .field("connection", &self.client.connection_state())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Maps a publish failure: the server's refusals are protocol errors, the rest is unavailability.
fn publish_error(error: PublishError) -> BusError {
    match error.kind() {
        PublishErrorKind::WrongLastMessageId
        | PublishErrorKind::WrongLastSequence
        | PublishErrorKind::MaxPayloadExceeded => {
            BusError::Protocol(format!("publish refused: {error}"))
        }
        _ => BusError::Unavailable(format!("publish failed: {error}")),
    }
}

#[async_trait]
impl Bus for JetStreamBus {
    async fn flush(&self) -> Result<(), BusError> {
        JetStreamBus::flush(self).await
    }

    async fn publish(&self, messages: Vec<OutgoingMessage>) -> Result<(), BusError> {
        self.ensure_connected()?;
        let mut messages = messages.into_iter().peekable();
        while messages.peek().is_some() {
            let mut acks = Vec::with_capacity(PUBLISH_CHUNK);
            for message in messages.by_ref().take(PUBLISH_CHUNK) {
                let mut publish = PublishMessage::build().payload(message.payload);
                if !message.message_id.is_empty() {
                    publish = publish.message_id(&message.message_id);
                }
                let ack = self
                    .context
                    .send_publish(message.subject.as_str(), publish)
                    .await
                    .map_err(publish_error)?;
                acks.push(ack.into_future());
            }
            futures::future::try_join_all(acks).await.map_err(publish_error)?;
        }
        Ok(())
    }

    async fn consumer(&self, stage: Stage) -> Result<Box<dyn Consumer>, BusError> {
        self.ensure_connected()?;
        let config = self.consumer_config(stage);
        // Create-or-update on the server, so changed settings reach an existing durable.
        let created = self.context.create_consumer_on_stream(config, STREAM_NAME).await;
        let consumer: PullConsumer = match created {
            Ok(consumer) => consumer,
            Err(error) => match error.kind() {
                ConsumerErrorKind::JetStream(_) => {
                    tracing::warn!(
                        stage = stage.as_str(),
                        %error,
                        "cannot update consumer, using it as it is"
                    );
                    self.context
                        .get_consumer_from_stream(stage.as_str(), STREAM_NAME)
                        .await
                        .map_err(|error| {
                            BusError::Protocol(format!(
                                "cannot open consumer {}: {error}",
                                stage.as_str()
                            ))
                        })?
                }
                _ => {
                    return Err(BusError::Unavailable(format!(
                        "cannot open consumer {}: {error}",
                        stage.as_str()
                    )));
                }
            },
        };
        Ok(Box::new(JetStreamConsumer { bus: self.clone(), stage, consumer }))
    }

    async fn watch(&self, subject: Subject) -> Result<BoxStream<'static, Bytes>, BusError> {
        self.ensure_connected()?;
        let subscriber =
            self.client.subscribe(subject.as_str()).await.map_err(|error| {
                BusError::Unavailable(format!("cannot watch {subject}: {error}"))
            })?;
        // Makes sure the server has the subscription before returning.
        self.client
            .flush()
            .await
            .map_err(|error| BusError::Unavailable(format!("cannot watch {subject}: {error}")))?;
        Ok(subscriber.map(|message| message.payload).boxed())
    }

    async fn ping(&self) -> Result<(), BusError> {
        self.ensure_connected()?;
        // A stream info request: one round trip through JetStream, and the stream is there.
        self.context.get_stream(STREAM_NAME).await.map_err(|error| match error.kind() {
            GetStreamErrorKind::JetStream(_) => {
                BusError::Protocol(format!("stream {STREAM_NAME} unusable: {error}"))
            }
            _ => BusError::Unavailable(format!("jetstream unreachable: {error}")),
        })?;
        Ok(())
    }
}

/// The durable pull consumer of one stage.
struct JetStreamConsumer {
    bus: JetStreamBus,
    stage: Stage,
    consumer: PullConsumer,
}

impl JetStreamConsumer {
    /// Pulls up to `max` messages: without waiting when `wait` is `None`, else for up to `wait`.
    ///
    /// A failure after some messages arrived returns those messages; the rest is redelivered.
    async fn pull(&self, max: usize, wait: Option<Duration>) -> Result<Vec<Delivery>, BusError> {
        let unavailable = |error: &dyn fmt::Display| {
            BusError::Unavailable(format!(
                "cannot pull for consumer {}: {error}",
                self.stage.as_str()
            ))
        };
        let wait = wait.map(|wait| wait.clamp(MIN_PULL_EXPIRY, MAX_PULL_EXPIRY));
        let batch = match wait {
            None => self.consumer.fetch().max_messages(max).messages().await,
            Some(wait) => self.consumer.batch().max_messages(max).expires(wait).messages().await,
        };
        let mut batch = batch.map_err(|error| unavailable(&error))?;
        let give_up_at = Instant::now() + wait.unwrap_or_default() + PULL_GRACE;
        let mut deliveries = Vec::new();
        loop {
            match tokio::time::timeout_at(give_up_at, batch.next()).await {
                Ok(Some(Ok(message))) => {
                    if let Some(delivery) = self.delivery(message) {
                        deliveries.push(delivery);
                    }
                }
                Ok(None) => return Ok(deliveries),
                Ok(Some(Err(error))) => {
                    if deliveries.is_empty() {
                        return Err(unavailable(&error));
                    }
                    tracing::warn!(stage = self.stage.as_str(), %error, "pull ended early");
                    return Ok(deliveries);
                }
                Err(_elapsed) => {
                    if deliveries.is_empty() {
                        return Err(unavailable(&"no answer from the server"));
                    }
                    return Ok(deliveries);
                }
            }
        }
    }

    /// Wraps a JetStream message, or skips it (with a warning) if it carries no delivery info.
    fn delivery(&self, message: jetstream::Message) -> Option<Delivery> {
        let deliveries = match message.info() {
            Ok(info) => u64::try_from(info.delivered).unwrap_or(1).max(1),
            Err(error) => {
                tracing::warn!(
                    stage = self.stage.as_str(),
                    %error,
                    "skipping a message without jetstream delivery info"
                );
                return None;
            }
        };
        let (message, acker) = message.split();
        Some(Delivery {
            subject: message.subject.to_string(),
            payload: message.payload,
            deliveries,
            acknowledger: Box::new(JetStreamAcknowledger { acker }),
        })
    }
}

#[async_trait]
impl Consumer for JetStreamConsumer {
    async fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, BusError> {
        if max == 0 {
            return Ok(Vec::new());
        }
        self.bus.ensure_connected()?;
        // What is there already comes back in one round trip.
        let available = self.pull(max, None).await?;
        if !available.is_empty() || wait.is_zero() {
            return Ok(available);
        }
        // Otherwise wait for one message (a pull for more would hold until all arrived),
        // then top up with whatever else is there by then.
        let mut deliveries = self.pull(1, Some(wait)).await?;
        if deliveries.is_empty() || max == 1 {
            return Ok(deliveries);
        }
        match self.pull(max - 1, None).await {
            Ok(more) => deliveries.extend(more),
            Err(error) => {
                tracing::debug!(stage = self.stage.as_str(), %error, "top-up pull failed");
            }
        }
        Ok(deliveries)
    }
}

/// Settles one JetStream delivery through its reply subject.
struct JetStreamAcknowledger {
    acker: Acker,
}

impl JetStreamAcknowledger {
    async fn send(&self, kind: AckKind) -> Result<(), BusError> {
        self.acker
            .ack_with(kind)
            .await
            .map_err(|error| BusError::Unavailable(format!("cannot settle message: {error}")))
    }
}

#[async_trait]
impl Acknowledger for JetStreamAcknowledger {
    async fn ack(&self) -> Result<(), BusError> {
        self.send(AckKind::Ack).await
    }

    async fn nak(&self, delay: Duration) -> Result<(), BusError> {
        // The server reads the delay as signed 64-bit nanoseconds.
        let longest = Duration::from_nanos(u64::try_from(i64::MAX).unwrap_or(u64::MAX));
        self.send(AckKind::Nak(Some(delay.min(longest)))).await
    }

    async fn term(&self) -> Result<(), BusError> {
        self.send(AckKind::Term).await
    }

    async fn in_progress(&self) -> Result<(), BusError> {
        self.send(AckKind::Progress).await
    }
}
