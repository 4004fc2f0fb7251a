//! The worker runtime's failure paths on both runtimes: permanent errors dead-letter and mark the
//! document failed; transient ones are retried with backoff until max_deliver, then dead-lettered.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use prost::Message as _;
use trialsift_bus::jetstream::JetStreamBus;
use trialsift_bus::memory::MemoryBus;
use trialsift_bus::{Bus, BusSettings, OutgoingMessage, Subject};
use trialsift_domain::{DocumentId, DocumentStatus, Stage};
use trialsift_proto::v1;
use trialsift_runtime::{Metrics, StageError, StageOutput, StageProcessor, Worker, WorkerSettings};
use trialsift_store::{Access, NewDocument, Store, WorkItem};
use trialsift_testkit::nats::NatsServer;
use trialsift_testkit::postgres::PostgresServer;

/// A splitter that fails the way it is told to, counting its calls.
struct Failing {
    permanent: bool,
    calls: AtomicU32,
}

impl StageProcessor for Failing {
    fn stage(&self) -> Stage {
        Stage::Split
    }

    fn process(&self, _item: &WorkItem) -> Result<StageOutput, StageError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.permanent {
            Err(StageError::Permanent("the text cannot be split".to_owned()))
        } else {
            Err(StageError::Transient("a dependency is down".to_owned()))
        }
    }
}

fn settings() -> (BusSettings, WorkerSettings) {
    let bus =
        BusSettings { ack_wait: Duration::from_secs(5), max_deliver: 3, ..BusSettings::default() };
    let worker = WorkerSettings {
        fetch_wait: Duration::from_millis(300),
        max_deliver: 3,
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(200),
        ..WorkerSettings::default()
    };
    (bus, worker)
}

async fn submit_directly(store: &Arc<dyn Store>, bus: &Arc<dyn Bus>, text: &str) -> DocumentId {
    let id = DocumentId::for_text(text);
    store
        .insert_document(&NewDocument { id: id.clone(), source: "test".into(), text: text.into() })
        .await
        .expect("inserted");
    let event = v1::DocumentEvent {
        schema_version: trialsift_domain::SCHEMA_VERSION,
        document_id: id.to_string(),
        source: "test".into(),
        step: "submitted".into(),
        verdict_counts: None,
    };
    let message = OutgoingMessage {
        subject: Subject::Submitted,
        message_id: format!("{id}.submitted"),
        payload: event.encode_to_vec().into(),
    };
    bus.publish(vec![message]).await.expect("published");
    id
}

async fn dead_letters_watch(bus: &Arc<dyn Bus>) -> futures_stream::Watch {
    futures_stream::Watch(bus.watch(Subject::DeadLetter(Stage::Split)).await.expect("watch opens"))
}

mod futures_stream {
    //! A tiny wrapper to read the next watched payload with a timeout.
    use futures::StreamExt as _;

    /// A watched subject.
    pub struct Watch(pub futures::stream::BoxStream<'static, bytes::Bytes>);

    impl Watch {
        /// Returns the next payload within two seconds.
        pub async fn next(&mut self) -> Option<bytes::Bytes> {
            tokio::time::timeout(std::time::Duration::from_secs(2), self.0.next())
                .await
                .ok()
                .flatten()
        }
    }
}

async fn permanent_failure_is_dead_lettered(store: Arc<dyn Store>, bus: Arc<dyn Bus>) {
    let (_, worker_settings) = settings();
    let processor = Arc::new(Failing { permanent: true, calls: AtomicU32::new(0) });
    let worker = Worker::new(
        processor.clone(),
        store.clone(),
        bus.clone(),
        worker_settings,
        Metrics::default(),
    );
    let mut letters = dead_letters_watch(&bus).await;
    let id = submit_directly(&store, &bus, "a permanent failure").await;

    let mut consumer = bus.consumer(Stage::Split).await.expect("consumer");
    let outcome = worker.step(consumer.as_mut()).await.expect("step runs");
    assert_eq!((outcome.fetched, outcome.dead_lettered, outcome.completed), (1, 1, 0));

    let state = store.document_state(&id).await.expect("state").expect("known");
    assert_eq!(state.status, DocumentStatus::Failed);
    assert_eq!(state.stage, Some(Stage::Split));
    assert_eq!(state.last_error.as_deref(), Some("the text cannot be split"));
    let letter = letters.next().await.expect("a dead letter was published");
    let letter = v1::DeadLetter::decode(letter).expect("dead letter decodes");
    assert_eq!(letter.document_id, id.to_string());
    assert_eq!(letter.stage, "split");

    let outcome = worker.step(consumer.as_mut()).await.expect("step runs");
    assert_eq!(outcome.fetched, 0, "a dead-lettered message is never delivered again");
    assert_eq!(processor.calls.load(Ordering::SeqCst), 1);
}

async fn transient_failure_is_retried_then_dead_lettered(store: Arc<dyn Store>, bus: Arc<dyn Bus>) {
    let (_, worker_settings) = settings();
    let processor = Arc::new(Failing { permanent: false, calls: AtomicU32::new(0) });
    let worker = Worker::new(
        processor.clone(),
        store.clone(),
        bus.clone(),
        worker_settings,
        Metrics::default(),
    );
    let mut letters = dead_letters_watch(&bus).await;
    let id = submit_directly(&store, &bus, "a transient failure").await;
    let mut consumer = bus.consumer(Stage::Split).await.expect("consumer");

    let mut retried = 0;
    let mut dead = 0;
    for _ in 0..40 {
        let outcome = worker.step(consumer.as_mut()).await.expect("step runs");
        retried += outcome.retried;
        dead += outcome.dead_lettered;
        if dead > 0 {
            break;
        }
        if retried == 1 && outcome.retried == 1 {
            let state = store.document_state(&id).await.expect("state").expect("known");
            assert_eq!(
                state.status,
                DocumentStatus::Submitted,
                "a retry does not fail the document"
            );
            assert_eq!(state.attempts, 1);
        }
    }
    assert_eq!((retried, dead), (2, 1), "two retries, then the third delivery is dead-lettered");
    assert_eq!(processor.calls.load(Ordering::SeqCst), 3);
    let state = store.document_state(&id).await.expect("state").expect("known");
    assert_eq!(state.status, DocumentStatus::Failed);
    assert!(
        state.last_error.as_deref().is_some_and(|e| e.contains("gave up after 3 deliveries")),
        "{state:?}"
    );
    assert!(letters.next().await.is_some(), "a dead letter was published");
}

async fn sqlite(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    trialsift_store::connect(&url, Access::ReadWrite).await.expect("sqlite opens")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_permanent_failure_is_dead_lettered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus: Arc<dyn Bus> = Arc::new(MemoryBus::new(settings().0));
    permanent_failure_is_dead_lettered(sqlite(&dir).await, bus).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_transient_failure_is_retried_then_dead_lettered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus: Arc<dyn Bus> = Arc::new(MemoryBus::new(settings().0));
    transient_failure_is_retried_then_dead_lettered(sqlite(&dir).await, bus).await;
}

async fn distributed() -> (NatsServer, PostgresServer, Arc<dyn Store>, Arc<dyn Bus>) {
    let nats = NatsServer::start().expect("nats starts");
    let postgres = PostgresServer::start().expect("postgres starts");
    let url = postgres.create_database("failures").expect("database");
    let store = trialsift_store::connect(&url, Access::ReadWrite).await.expect("postgres opens");
    let bus: Arc<dyn Bus> =
        Arc::new(JetStreamBus::connect(&nats.url(), settings().0).await.expect("nats connects"));
    (nats, postgres, store, bus)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distributed_permanent_failure_is_dead_lettered() {
    let (_nats, _postgres, store, bus) = distributed().await;
    permanent_failure_is_dead_lettered(store, bus).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distributed_transient_failure_is_retried_then_dead_lettered() {
    let (_nats, _postgres, store, bus) = distributed().await;
    transient_failure_is_retried_then_dead_lettered(store, bus).await;
}
