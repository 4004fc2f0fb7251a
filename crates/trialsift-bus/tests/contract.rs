//! The bus contract, written once and run against both implementations:
//! [`MemoryBus`] in process and [`JetStreamBus`] on a real `nats-server -js`
//! started by the test kit on a free port (never the machine's own 4222).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::StreamExt;
use trialsift_bus::jetstream::JetStreamBus;
use trialsift_bus::memory::MemoryBus;
use trialsift_bus::{Bus, BusError, BusSettings, Delivery, OutgoingMessage, Subject};
use trialsift_domain::Stage;
use trialsift_testkit::nats::NatsServer;

/// Which implementation a behaviour runs against.
#[derive(Debug, Clone, Copy)]
enum Backend {
    Memory,
    JetStream,
}

/// A bus under test, with the server it needs kept alive.
struct Fixture {
    bus: Arc<dyn Bus>,
    _server: Option<NatsServer>,
}

async fn open(backend: Backend, settings: BusSettings) -> Fixture {
    match backend {
        Backend::Memory => Fixture { bus: Arc::new(MemoryBus::new(settings)), _server: None },
        Backend::JetStream => {
            let server = start_nats().await;
            let bus = JetStreamBus::connect(&server.url(), settings)
                .await
                .expect("connect to the test nats-server");
            Fixture { bus: Arc::new(bus), _server: Some(server) }
        }
    }
}

async fn start_nats() -> NatsServer {
    tokio::task::spawn_blocking(NatsServer::start)
        .await
        .expect("start task")
        .expect("nats-server starts (install the Debian package nats-server)")
}

fn settings(ack_wait_ms: u64, max_deliver: u32) -> BusSettings {
    BusSettings {
        ack_wait: Duration::from_millis(ack_wait_ms),
        max_deliver,
        duplicate_window: Duration::from_secs(60),
    }
}

/// Ack wait of one second, five deliveries.
fn quick() -> BusSettings {
    settings(1_000, 5)
}

/// Ack wait long enough that no redelivery happens by time-out during the test.
fn patient() -> BusSettings {
    settings(10_000, 5)
}

fn message(subject: Subject, payload: &str) -> OutgoingMessage {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    OutgoingMessage {
        subject,
        message_id: format!("msg-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)),
        payload: Bytes::copy_from_slice(payload.as_bytes()),
    }
}

fn payloads(deliveries: &[Delivery]) -> Vec<String> {
    deliveries
        .iter()
        .map(|delivery| String::from_utf8_lossy(&delivery.payload).into_owned())
        .collect()
}

/// Fetches until `count` messages arrived or `within` passed.
async fn fetch_at_least(
    consumer: &mut Box<dyn trialsift_bus::Consumer>,
    count: usize,
    within: Duration,
) -> Vec<Delivery> {
    let give_up_at = Instant::now() + within;
    let mut all = Vec::new();
    while all.len() < count {
        let left = give_up_at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        all.extend(consumer.fetch(count - all.len(), left).await.expect("fetch"));
    }
    all
}

async fn publish_then_fetch_delivers_once(backend: Backend) {
    let fixture = open(backend, quick()).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Submitted, "abstract one")]).await.expect("publish");
    let deliveries = consumer.fetch(10, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(payloads(&deliveries), ["abstract one"]);
    assert_eq!(deliveries[0].deliveries, 1);
    assert_eq!(deliveries[0].subject, "trialsift.docs.submitted");
    deliveries[0].acknowledger.ack().await.expect("ack");
}

async fn message_published_before_the_consumer_is_kept(backend: Backend) {
    let fixture = open(backend, quick()).await;
    fixture
        .bus
        .publish(vec![message(Subject::Split, "early one"), message(Subject::Split, "early two")])
        .await
        .expect("publish");
    let mut consumer = fixture.bus.consumer(Stage::Extract).await.expect("consumer");
    let deliveries = fetch_at_least(&mut consumer, 2, Duration::from_secs(3)).await;
    assert_eq!(payloads(&deliveries), ["early one", "early two"]);
    for delivery in &deliveries {
        assert_eq!(delivery.subject, "trialsift.docs.split");
        delivery.acknowledger.ack().await.expect("ack");
    }
}

async fn unsettled_message_is_redelivered_after_ack_wait(backend: Backend) {
    let fixture = open(backend, quick()).await;
    let mut consumer = fixture.bus.consumer(Stage::Validate).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Extracted, "crashy")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first.len(), 1);
    let delivered_at = Instant::now();
    // Dropped unsettled, as if the worker crashed.
    drop(first);
    let second = consumer.fetch(1, Duration::from_secs(4)).await.expect("fetch");
    assert_eq!(payloads(&second), ["crashy"]);
    assert_eq!(second[0].deliveries, 2);
    assert!(
        delivered_at.elapsed() >= Duration::from_millis(800),
        "redelivered after {:?}, before ack_wait",
        delivered_at.elapsed()
    );
    second[0].acknowledger.ack().await.expect("ack");
}

async fn nak_redelivers_after_its_delay(backend: Backend) {
    let fixture = open(backend, patient()).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Submitted, "later")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first.len(), 1);
    let nak_at = Instant::now();
    first[0].acknowledger.nak(Duration::from_millis(300)).await.expect("nak");
    let second = consumer.fetch(1, Duration::from_secs(4)).await.expect("fetch");
    let waited = nak_at.elapsed();
    assert_eq!(payloads(&second), ["later"]);
    assert_eq!(second[0].deliveries, 2);
    assert!(waited >= Duration::from_millis(250), "redelivered {waited:?} after a nak of 300 ms");
    second[0].acknowledger.ack().await.expect("ack");
}

async fn term_is_never_redelivered(backend: Backend) {
    let fixture = open(backend, quick()).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Submitted, "poison")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first.len(), 1);
    first[0].acknowledger.term().await.expect("term");
    let again = consumer.fetch(10, Duration::from_millis(2_500)).await.expect("fetch");
    assert!(again.is_empty(), "terminated message came back: {again:?}");
}

async fn ack_is_never_redelivered(backend: Backend) {
    let fixture = open(backend, quick()).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Submitted, "done")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first.len(), 1);
    first[0].acknowledger.ack().await.expect("ack");
    let again = consumer.fetch(10, Duration::from_millis(2_500)).await.expect("fetch");
    assert!(again.is_empty(), "acked message came back: {again:?}");
}

async fn in_progress_extends_the_ack_wait(backend: Backend) {
    let fixture = open(backend, settings(2_000, 5)).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Submitted, "slow")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first.len(), 1);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    first[0].acknowledger.in_progress().await.expect("progress");
    // Past the first ack wait (2 s) but inside the extended one (3.2 s).
    let meanwhile = consumer.fetch(1, Duration::from_millis(1_500)).await.expect("fetch");
    assert!(meanwhile.is_empty(), "redelivered while in progress: {meanwhile:?}");
    first[0].acknowledger.ack().await.expect("ack");
}

async fn duplicate_message_id_is_delivered_once(backend: Backend) {
    let fixture = open(backend, patient()).await;
    let mut consumer = fixture.bus.consumer(Stage::Split).await.expect("consumer");
    let original = message(Subject::Submitted, "same document");
    fixture.bus.publish(vec![original.clone(), original.clone()]).await.expect("publish");
    fixture.bus.publish(vec![original]).await.expect("publish again");
    let deliveries = fetch_at_least(&mut consumer, 3, Duration::from_millis(1_500)).await;
    assert_eq!(payloads(&deliveries), ["same document"]);
    deliveries[0].acknowledger.ack().await.expect("ack");
}

async fn consumers_of_a_stage_share_the_messages(backend: Backend) {
    let fixture = open(backend, patient()).await;
    let mut first = fixture.bus.consumer(Stage::Extract).await.expect("consumer");
    let mut second = fixture.bus.consumer(Stage::Extract).await.expect("consumer");
    let published: BTreeSet<String> = (0..12).map(|index| format!("doc {index:02}")).collect();
    fixture
        .bus
        .publish(published.iter().map(|payload| message(Subject::Split, payload)).collect())
        .await
        .expect("publish");

    let mut received = Vec::new();
    let mut per_consumer = [0usize; 2];
    let give_up_at = Instant::now() + Duration::from_secs(10);
    while received.len() < published.len() && Instant::now() < give_up_at {
        for (index, consumer) in [&mut first, &mut second].into_iter().enumerate() {
            let batch = consumer.fetch(3, Duration::from_millis(500)).await.expect("fetch");
            per_consumer[index] += batch.len();
            for delivery in batch {
                delivery.acknowledger.ack().await.expect("ack");
                received.push(String::from_utf8_lossy(&delivery.payload).into_owned());
            }
        }
    }
    let distinct: BTreeSet<String> = received.iter().cloned().collect();
    assert_eq!(received.len(), distinct.len(), "a message went to both");
    assert_eq!(distinct, published);
    assert!(
        per_consumer.iter().all(|count| *count > 0),
        "one consumer got nothing: {per_consumer:?}"
    );
    // Nothing is left over for either of them.
    assert!(first.fetch(10, Duration::from_millis(300)).await.expect("fetch").is_empty());
}

async fn max_deliver_stops_redelivery(backend: Backend) {
    let fixture = open(backend, settings(1_000, 2)).await;
    let mut consumer = fixture.bus.consumer(Stage::Validate).await.expect("consumer");
    fixture.bus.publish(vec![message(Subject::Extracted, "always fails")]).await.expect("publish");
    let first = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(first[0].deliveries, 1);
    first[0].acknowledger.nak(Duration::ZERO).await.expect("nak");
    let second = consumer.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].deliveries, 2);
    drop(second);
    let third = consumer.fetch(1, Duration::from_millis(2_500)).await.expect("fetch");
    assert!(third.is_empty(), "delivered past max_deliver: {third:?}");
}

async fn watch_sees_messages_published_after_it_started(backend: Backend) {
    let fixture = open(backend, quick()).await;
    fixture.bus.publish(vec![message(Subject::Validated, "before")]).await.expect("publish");
    let mut watched = fixture.bus.watch(Subject::Validated).await.expect("watch");
    let mut dead = fixture.bus.watch(Subject::DeadLetter(Stage::Extract)).await.expect("watch");
    fixture
        .bus
        .publish(vec![
            message(Subject::Validated, "after one"),
            message(Subject::DeadLetter(Stage::Extract), "dead one"),
            message(Subject::Validated, "after two"),
        ])
        .await
        .expect("publish");
    let mut seen = Vec::new();
    for _ in 0..2 {
        let payload = tokio::time::timeout(Duration::from_secs(3), watched.next())
            .await
            .expect("watched message in time")
            .expect("watch stream open");
        seen.push(String::from_utf8_lossy(&payload).into_owned());
    }
    assert_eq!(seen, ["after one", "after two"]);
    let dead_letter = tokio::time::timeout(Duration::from_secs(3), dead.next())
        .await
        .expect("dead letter in time")
        .expect("watch stream open");
    assert_eq!(dead_letter, Bytes::from_static(b"dead one"));
}

async fn ping_answers(backend: Backend) {
    let fixture = open(backend, quick()).await;
    fixture.bus.ping().await.expect("ping");
}

macro_rules! contract {
    ($($behaviour:ident),* $(,)?) => {
        mod memory_bus {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $behaviour() {
                    super::$behaviour(super::Backend::Memory).await;
                }
            )*
        }
        mod jetstream_bus {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $behaviour() {
                    super::$behaviour(super::Backend::JetStream).await;
                }
            )*
        }
    };
}

contract!(
    publish_then_fetch_delivers_once,
    message_published_before_the_consumer_is_kept,
    unsettled_message_is_redelivered_after_ack_wait,
    nak_redelivers_after_its_delay,
    term_is_never_redelivered,
    ack_is_never_redelivered,
    in_progress_extends_the_ack_wait,
    duplicate_message_id_is_delivered_once,
    consumers_of_a_stage_share_the_messages,
    max_deliver_stops_redelivery,
    watch_sees_messages_published_after_it_started,
    ping_answers,
);

// What only the JetStream implementation can be asked.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_keeps_messages_across_a_server_restart() {
    let mut server = start_nats().await;
    let bus = JetStreamBus::connect(&server.url(), quick()).await.expect("connect");
    let mut consumer = bus.consumer(Stage::Split).await.expect("consumer");
    bus.publish(vec![message(Subject::Submitted, "survivor")]).await.expect("publish");

    let mut server = tokio::task::spawn_blocking(move || {
        server.restart().expect("restart nats-server");
        server
    })
    .await
    .expect("restart task");

    // The same client reconnects by itself; until then the bus says it is unavailable.
    let give_up_at = Instant::now() + Duration::from_secs(15);
    let deliveries = loop {
        assert!(Instant::now() < give_up_at, "nothing delivered after restart");
        match consumer.fetch(1, Duration::from_secs(1)).await {
            Ok(deliveries) if !deliveries.is_empty() => break deliveries,
            Ok(_) => {}
            Err(BusError::Unavailable(_)) => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(other) => panic!("unexpected error after restart: {other}"),
        }
    };
    assert_eq!(payloads(&deliveries), ["survivor"]);
    deliveries[0].acknowledger.ack().await.expect("ack");

    // A fresh connection finds the stream and the durable consumer as they were.
    let reconnected =
        JetStreamBus::connect(&server.url(), quick()).await.expect("connect after restart");
    reconnected.ping().await.expect("ping");
    server.stop().expect("stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_reopens_stream_and_consumers_with_other_settings() {
    let server = start_nats().await;
    let first = JetStreamBus::connect(&server.url(), quick()).await.expect("connect");
    let mut consumer = first.consumer(Stage::Split).await.expect("consumer");
    first.publish(vec![message(Subject::Submitted, "kept")]).await.expect("publish");

    // Another process starting with other settings updates the stream and the durable.
    let second = JetStreamBus::connect(&server.url(), settings(5_000, 3))
        .await
        .expect("connect with other settings");
    let mut reopened = second.consumer(Stage::Split).await.expect("reopen consumer");
    let deliveries = reopened.fetch(1, Duration::from_secs(3)).await.expect("fetch");
    assert_eq!(payloads(&deliveries), ["kept"]);
    deliveries[0].acknowledger.ack().await.expect("ack");
    second.flush().await.expect("flush");
    assert!(
        consumer.fetch(1, Duration::from_millis(300)).await.expect("fetch").is_empty(),
        "the durable is shared, the message was acked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_connect_to_a_closed_port_is_unavailable_promptly() {
    let port = trialsift_testkit::free_port().expect("free port");
    let started = Instant::now();
    let result = JetStreamBus::connect(&format!("nats://127.0.0.1:{port}"), quick()).await;
    assert!(
        matches!(result, Err(BusError::Unavailable(_))),
        "expected unavailable, got {result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_publish_and_ping_fail_fast_while_the_server_is_down() {
    let mut server = start_nats().await;
    let bus = JetStreamBus::connect(&server.url(), quick()).await.expect("connect");
    let mut server = tokio::task::spawn_blocking(move || {
        server.stop().expect("stop nats-server");
        server
    })
    .await
    .expect("stop task");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    let published = bus.publish(vec![message(Subject::Submitted, "nowhere to go")]).await;
    assert!(
        matches!(published, Err(BusError::Unavailable(_))),
        "expected unavailable, got {published:?}"
    );
    let pinged = bus.ping().await;
    assert!(
        matches!(pinged, Err(BusError::Unavailable(_))),
        "expected unavailable, got {pinged:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(12), "took {:?}", started.elapsed());
    server.stop().expect("stop");
}
