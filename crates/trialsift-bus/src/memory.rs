//! In-process bus with the delivery semantics of the JetStream one.
//!
//! [`MemoryBus`] keeps one durable queue per stage, created when the bus is
//! built, so messages published before a consumer exists are kept as a
//! stream would keep them. Consumers of the same stage share the queue: each
//! message goes to one of them. A delivered message that is not settled
//! within `ack_wait` (including one whose [`Delivery`] was dropped, as after
//! a crash) is delivered again with its delivery count incremented; a NAK
//! redelivers after its delay; a terminal ack drops it; after `max_deliver`
//! deliveries it is not delivered again. Publishing deduplicates by message
//! id within the duplicate window.
//!
//! Settlements are tied to one delivery: once a message has been delivered
//! again, the acknowledger of the earlier delivery no longer affects it.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use tokio::sync::{Notify, broadcast};
use tokio::time::Instant;
use tokio_stream::wrappers::BroadcastStream;
use trialsift_domain::Stage;

use crate::{
    Acknowledger, Bus, BusError, BusSettings, Consumer, Delivery, OutgoingMessage, Subject,
};

/// How many payloads a [`Bus::watch`] receiver may fall behind before it skips some.
const WATCH_CAPACITY: usize = 1024;

/// The duplicate window used when the settings give zero, as JetStream does (two minutes).
const DEFAULT_DUPLICATE_WINDOW: Duration = Duration::from_secs(120);

/// Every subject, for the eagerly created watch channels.
const ALL_SUBJECTS: [Subject; 7] = [
    Subject::Submitted,
    Subject::Split,
    Subject::Extracted,
    Subject::Validated,
    Subject::DeadLetter(Stage::Split),
    Subject::DeadLetter(Stage::Extract),
    Subject::DeadLetter(Stage::Validate),
];

/// An in-process bus with at-least-once delivery; clones share the same queues.
#[derive(Clone)]
pub struct MemoryBus {
    inner: Arc<Inner>,
}

struct Inner {
    duplicate_window: Duration,
    queues: HashMap<Stage, Arc<Queue>>,
    deduplication: Mutex<Deduplication>,
    watchers: HashMap<Subject, broadcast::Sender<Bytes>>,
    dead_letters: Mutex<Vec<(Subject, Bytes)>>,
}

impl MemoryBus {
    /// Creates a bus with one empty durable queue per stage.
    pub fn new(settings: BusSettings) -> Self {
        let duplicate_window = if settings.duplicate_window.is_zero() {
            DEFAULT_DUPLICATE_WINDOW
        } else {
            settings.duplicate_window
        };
        let queues = Stage::ALL
            .into_iter()
            .map(|stage| (stage, Arc::new(Queue::new(stage, &settings))))
            .collect();
        let watchers = ALL_SUBJECTS
            .into_iter()
            .map(|subject| (subject, broadcast::channel(WATCH_CAPACITY).0))
            .collect();
        Self {
            inner: Arc::new(Inner {
                duplicate_window,
                queues,
                deduplication: Mutex::new(Deduplication::default()),
                watchers,
                dead_letters: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Returns every dead letter published so far, oldest first.
    pub fn dead_letters(&self) -> Vec<(Subject, Bytes)> {
        lock(&self.inner.dead_letters).clone()
    }

    /// Returns how many messages a stage's queue still holds (waiting, in flight or delayed).
    pub fn pending(&self, stage: Stage) -> usize {
        self.inner.queues.get(&stage).map_or(0, |queue| lock(&queue.state).entries.len())
    }

    fn queue(&self, stage: Stage) -> Result<&Arc<Queue>, BusError> {
        self.inner
            .queues
            .get(&stage)
            .ok_or_else(|| BusError::Protocol(format!("no queue for stage {}", stage.as_str())))
    }
}

impl fmt::Debug for MemoryBus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryBus")
            .field("duplicate_window", &self.inner.duplicate_window)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Bus for MemoryBus {
    async fn publish(&self, messages: Vec<OutgoingMessage>) -> Result<(), BusError> {
        let now = Instant::now();
        let fresh: Vec<OutgoingMessage> = {
            let mut deduplication = lock(&self.inner.deduplication);
            messages
                .into_iter()
                .filter(|message| {
                    deduplication.admit(&message.message_id, now, self.inner.duplicate_window)
                })
                .collect()
        };
        for message in fresh {
            match stage_consuming(message.subject) {
                Some(stage) => {
                    let queue = self.queue(stage)?;
                    lock(&queue.state).push(message.payload.clone());
                    queue.available.notify_waiters();
                }
                None => {
                    if let Subject::DeadLetter(_) = message.subject {
                        lock(&self.inner.dead_letters)
                            .push((message.subject, message.payload.clone()));
                    }
                }
            }
            if let Some(sender) = self.inner.watchers.get(&message.subject) {
                // No receiver is not an error: nobody is watching.
                let _ = sender.send(message.payload);
            }
        }
        Ok(())
    }

    async fn consumer(&self, stage: Stage) -> Result<Box<dyn Consumer>, BusError> {
        Ok(Box::new(MemoryConsumer { queue: Arc::clone(self.queue(stage)?) }))
    }

    async fn watch(&self, subject: Subject) -> Result<BoxStream<'static, Bytes>, BusError> {
        let sender = self
            .inner
            .watchers
            .get(&subject)
            .ok_or_else(|| BusError::Protocol(format!("no watch channel for {subject}")))?;
        let stream = BroadcastStream::new(sender.subscribe())
            .filter_map(|received| futures::future::ready(received.ok()));
        Ok(stream.boxed())
    }

    async fn ping(&self) -> Result<(), BusError> {
        Ok(())
    }
}

/// Returns the stage whose queue receives messages published to `subject`, if any.
fn stage_consuming(subject: Subject) -> Option<Stage> {
    Stage::ALL.into_iter().find(|stage| Subject::consumed_by(*stage) == subject)
}

/// Returns `instant + duration`, or a century later when that does not fit.
fn after(instant: Instant, duration: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
    instant.checked_add(duration).or_else(|| instant.checked_add(CENTURY)).unwrap_or(instant)
}

/// Locks a mutex, carrying on with the data if a panicking thread poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Message ids seen within the duplicate window.
#[derive(Default)]
struct Deduplication {
    seen: HashMap<String, Instant>,
    order: VecDeque<(Instant, String)>,
}

impl Deduplication {
    /// Returns whether a message with this id is new within the window, and remembers it.
    fn admit(&mut self, message_id: &str, now: Instant, window: Duration) -> bool {
        while let Some((seen_at, _)) = self.order.front() {
            if after(*seen_at, window) > now {
                break;
            }
            if let Some((seen_at, id)) = self.order.pop_front()
                && self.seen.get(&id) == Some(&seen_at)
            {
                self.seen.remove(&id);
            }
        }
        if message_id.is_empty() {
            return true;
        }
        if self.seen.contains_key(message_id) {
            return false;
        }
        self.seen.insert(message_id.to_owned(), now);
        self.order.push_back((now, message_id.to_owned()));
        true
    }
}

/// The durable queue of one stage.
struct Queue {
    stage: Stage,
    ack_wait: Duration,
    max_deliver: u32,
    state: Mutex<QueueState>,
    /// Woken when a message becomes deliverable earlier than a waiting fetch expects.
    available: Notify,
}

impl Queue {
    fn new(stage: Stage, settings: &BusSettings) -> Self {
        Self {
            stage,
            ack_wait: settings.ack_wait,
            max_deliver: settings.max_deliver,
            state: Mutex::new(QueueState::default()),
            available: Notify::new(),
        }
    }

    /// Applies a settlement from the holder of delivery `token` of message `sequence`.
    fn settle(&self, sequence: u64, token: u64, settlement: Settlement) {
        let now = Instant::now();
        let woke_earlier =
            lock(&self.state).settle(sequence, token, settlement, now, self.ack_wait);
        if woke_earlier {
            self.available.notify_waiters();
        }
    }
}

/// What the holder of a delivery decided.
#[derive(Debug, Clone, Copy)]
enum Settlement {
    Ack,
    Nak(Duration),
    Term,
    InProgress,
}

#[derive(Default)]
struct QueueState {
    next_sequence: u64,
    next_token: u64,
    entries: HashMap<u64, Entry>,
    /// Sequences ready for delivery, oldest first.
    ready: BTreeSet<u64>,
    /// When in-flight messages time out and delayed ones become ready.
    timers: BTreeSet<(Instant, u64)>,
}

struct Entry {
    payload: Bytes,
    deliveries: u64,
    /// Token of the latest delivery; only its acknowledger may settle the message.
    token: u64,
    state: EntryState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryState {
    Ready,
    InFlight { deadline: Instant },
    Delayed { until: Instant },
}

/// A message handed to a consumer, before it is wrapped in a [`Delivery`].
struct Taken {
    sequence: u64,
    token: u64,
    deliveries: u64,
    payload: Bytes,
}

impl QueueState {
    fn push(&mut self, payload: Bytes) {
        self.next_sequence += 1;
        let sequence = self.next_sequence;
        self.entries
            .insert(sequence, Entry { payload, deliveries: 0, token: 0, state: EntryState::Ready });
        self.ready.insert(sequence);
    }

    /// Moves timed-out and no-longer-delayed messages back to ready, dropping exhausted ones.
    fn fire_timers(&mut self, now: Instant, max_deliver: u32, stage: Stage) {
        while let Some(&(at, sequence)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.pop_first();
            let Some(entry) = self.entries.get_mut(&sequence) else {
                continue;
            };
            if max_deliver > 0 && entry.deliveries >= u64::from(max_deliver) {
                tracing::debug!(
                    stage = stage.as_str(),
                    sequence,
                    deliveries = entry.deliveries,
                    "max deliveries reached, not delivering again"
                );
                self.entries.remove(&sequence);
                continue;
            }
            entry.state = EntryState::Ready;
            self.ready.insert(sequence);
        }
    }

    /// Takes up to `max` ready messages, marking them in flight until `now + ack_wait`.
    fn take(&mut self, max: usize, now: Instant, ack_wait: Duration) -> Vec<Taken> {
        let mut taken = Vec::new();
        while taken.len() < max {
            let Some(sequence) = self.ready.pop_first() else {
                break;
            };
            let Some(entry) = self.entries.get_mut(&sequence) else {
                continue;
            };
            debug_assert_eq!(entry.state, EntryState::Ready);
            self.next_token += 1;
            let deadline = after(now, ack_wait);
            entry.deliveries += 1;
            entry.token = self.next_token;
            entry.state = EntryState::InFlight { deadline };
            self.timers.insert((deadline, sequence));
            taken.push(Taken {
                sequence,
                token: entry.token,
                deliveries: entry.deliveries,
                payload: entry.payload.clone(),
            });
        }
        taken
    }

    /// Returns when the next timer fires, if any is set.
    fn next_timer(&self) -> Option<Instant> {
        self.timers.first().map(|(at, _)| *at)
    }

    /// Applies a settlement; returns whether a message may now be deliverable earlier.
    fn settle(
        &mut self,
        sequence: u64,
        token: u64,
        settlement: Settlement,
        now: Instant,
        ack_wait: Duration,
    ) -> bool {
        let Some(entry) = self.entries.get_mut(&sequence) else {
            return false;
        };
        if entry.token != token {
            return false;
        }
        let previous = entry.state;
        let next = match (settlement, previous) {
            (Settlement::Ack | Settlement::Term, _) => None,
            (Settlement::Nak(delay), _) if delay.is_zero() => Some(EntryState::Ready),
            (Settlement::Nak(delay), _) => Some(EntryState::Delayed { until: after(now, delay) }),
            (Settlement::InProgress, EntryState::InFlight { .. }) => {
                Some(EntryState::InFlight { deadline: after(now, ack_wait) })
            }
            (Settlement::InProgress, state) => Some(state),
        };
        if next == Some(previous) {
            return false;
        }
        match previous {
            EntryState::Ready => {
                self.ready.remove(&sequence);
            }
            EntryState::InFlight { deadline: at } | EntryState::Delayed { until: at } => {
                self.timers.remove(&(at, sequence));
            }
        }
        match next {
            None => {
                self.entries.remove(&sequence);
                false
            }
            Some(state) => {
                entry.state = state;
                match state {
                    EntryState::Ready => {
                        self.ready.insert(sequence);
                    }
                    EntryState::InFlight { deadline: at } | EntryState::Delayed { until: at } => {
                        self.timers.insert((at, sequence));
                    }
                }
                matches!(settlement, Settlement::Nak(_))
            }
        }
    }
}

/// A consumer of one stage's queue.
struct MemoryConsumer {
    queue: Arc<Queue>,
}

#[async_trait]
impl Consumer for MemoryConsumer {
    async fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, BusError> {
        if max == 0 {
            return Ok(Vec::new());
        }
        let deadline = after(Instant::now(), wait);
        let subject = Subject::consumed_by(self.queue.stage).as_str();
        loop {
            // Registered before looking at the queue so a publish in between is not missed.
            let notified = self.queue.available.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();

            let now = Instant::now();
            let (taken, next_timer) = {
                let mut state = lock(&self.queue.state);
                state.fire_timers(now, self.queue.max_deliver, self.queue.stage);
                let taken = state.take(max, now, self.queue.ack_wait);
                (taken, state.next_timer())
            };
            if !taken.is_empty() {
                return Ok(taken
                    .into_iter()
                    .map(|taken| Delivery {
                        subject: subject.to_owned(),
                        payload: taken.payload,
                        deliveries: taken.deliveries,
                        acknowledger: Box::new(MemoryAcknowledger {
                            queue: Arc::clone(&self.queue),
                            sequence: taken.sequence,
                            token: taken.token,
                        }),
                    })
                    .collect());
            }
            if now >= deadline {
                return Ok(Vec::new());
            }
            let wake_at = next_timer.map_or(deadline, |at| at.min(deadline));
            tokio::select! {
                () = &mut notified => {}
                () = tokio::time::sleep_until(wake_at) => {}
            }
        }
    }
}

/// Settles one delivery of a [`MemoryBus`] message.
struct MemoryAcknowledger {
    queue: Arc<Queue>,
    sequence: u64,
    token: u64,
}

#[async_trait]
impl Acknowledger for MemoryAcknowledger {
    async fn ack(&self) -> Result<(), BusError> {
        self.queue.settle(self.sequence, self.token, Settlement::Ack);
        Ok(())
    }

    async fn nak(&self, delay: Duration) -> Result<(), BusError> {
        self.queue.settle(self.sequence, self.token, Settlement::Nak(delay));
        Ok(())
    }

    async fn term(&self) -> Result<(), BusError> {
        self.queue.settle(self.sequence, self.token, Settlement::Term);
        Ok(())
    }

    async fn in_progress(&self) -> Result<(), BusError> {
        self.queue.settle(self.sequence, self.token, Settlement::InProgress);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(subject: Subject, id: &str, payload: &'static str) -> OutgoingMessage {
        OutgoingMessage {
            subject,
            message_id: id.to_owned(),
            payload: Bytes::from_static(payload.as_bytes()),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn redelivers_after_ack_wait_on_virtual_time() {
        let bus = MemoryBus::new(BusSettings {
            ack_wait: Duration::from_secs(30),
            max_deliver: 2,
            duplicate_window: Duration::from_secs(60),
        });
        bus.publish(vec![message(Subject::Submitted, "a", "one")]).await.expect("publish");
        let mut consumer = bus.consumer(Stage::Split).await.expect("consumer");
        let first = consumer.fetch(10, Duration::from_secs(1)).await.expect("fetch");
        assert_eq!(first.len(), 1);
        drop(first);
        let second = consumer.fetch(10, Duration::from_secs(60)).await.expect("fetch");
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].deliveries, 2);
        drop(second);
        let third = consumer.fetch(10, Duration::from_secs(120)).await.expect("fetch");
        assert!(third.is_empty(), "max_deliver reached");
        assert_eq!(bus.pending(Stage::Split), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn stale_acknowledger_does_not_settle_a_redelivery() {
        let bus = MemoryBus::new(BusSettings {
            ack_wait: Duration::from_secs(5),
            max_deliver: 0,
            duplicate_window: Duration::from_secs(60),
        });
        bus.publish(vec![message(Subject::Split, "a", "one")]).await.expect("publish");
        let mut consumer = bus.consumer(Stage::Extract).await.expect("consumer");
        let first = consumer.fetch(1, Duration::from_secs(1)).await.expect("fetch");
        let second = consumer.fetch(1, Duration::from_secs(10)).await.expect("fetch");
        assert_eq!(second[0].deliveries, 2);
        first[0].acknowledger.ack().await.expect("stale ack");
        assert_eq!(bus.pending(Stage::Extract), 1);
        second[0].acknowledger.ack().await.expect("ack");
        assert_eq!(bus.pending(Stage::Extract), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn duplicate_window_expires() {
        let bus = MemoryBus::new(BusSettings {
            ack_wait: Duration::from_secs(5),
            max_deliver: 3,
            duplicate_window: Duration::from_secs(10),
        });
        bus.publish(vec![message(Subject::Extracted, "a", "one")]).await.expect("publish");
        bus.publish(vec![message(Subject::Extracted, "a", "one")]).await.expect("publish");
        assert_eq!(bus.pending(Stage::Validate), 1);
        tokio::time::sleep(Duration::from_secs(11)).await;
        bus.publish(vec![message(Subject::Extracted, "a", "one")]).await.expect("publish");
        assert_eq!(bus.pending(Stage::Validate), 2);
    }

    #[tokio::test]
    async fn dead_letters_are_kept_and_validated_is_not_queued() {
        let bus = MemoryBus::new(BusSettings::default());
        bus.publish(vec![
            message(Subject::DeadLetter(Stage::Extract), "d", "dead"),
            message(Subject::Validated, "v", "done"),
        ])
        .await
        .expect("publish");
        assert_eq!(
            bus.dead_letters(),
            vec![(Subject::DeadLetter(Stage::Extract), Bytes::from_static(b"dead"))]
        );
        for stage in Stage::ALL {
            assert_eq!(bus.pending(stage), 0);
        }
    }
}
