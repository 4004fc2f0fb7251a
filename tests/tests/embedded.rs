//! The whole pipeline on the embedded runtime: in-process bus and a SQLite file.

use std::sync::Arc;
use std::time::Duration;

use trialsift::system::{self, BusChoice};
use trialsift_bus::Bus;
use trialsift_bus::memory::MemoryBus;
use trialsift_domain::Stage;
use trialsift_e2e::{
    all_roles, any_port, client_for, seed, seed_scenario, start_shared, submit, test_settings,
    wait_for_records,
};
use trialsift_store::{Access, Store};

async fn sqlite_store(dir: &tempfile::TempDir) -> (String, Arc<dyn Store>) {
    let url = format!("sqlite://{}", dir.path().join("trialsift.db").display());
    let store = trialsift_store::connect(&url, Access::ReadWrite).await.expect("sqlite opens");
    (url, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeds_flow_end_to_end_over_grpc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (url, _) = sqlite_store(&dir).await;
    let system =
        system::start(all_roles(test_settings(BusChoice::Memory, url))).await.expect("starts");
    let client = client_for(&system, &system).await;
    seed_scenario(&client).await;
    system.shutdown().await.expect("clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_taken_by_a_crashed_worker_is_finished_by_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (url, store) = sqlite_store(&dir).await;
    let settings = test_settings(BusChoice::Memory, url);
    let bus: Arc<dyn Bus> = Arc::new(MemoryBus::new(settings.bus_settings.clone()));

    let mut front = settings.clone();
    front.gateway = Some(any_port());
    front.query = Some(any_port());
    let front = start_shared(front, store.clone(), bus.clone()).await;
    let client = client_for(&front, &front).await;
    let document = seed("001");
    let id = submit(&client, &document.name, &document.text).await.expect("accepted").document_id;

    // A splitter takes the message and dies before acknowledging it.
    let mut consumer = bus.consumer(Stage::Split).await.expect("consumer opens");
    let taken = consumer.fetch(10, Duration::from_secs(5)).await.expect("fetch answers");
    assert_eq!(taken.len(), 1);
    drop(taken);
    drop(consumer);

    let mut workers = settings.clone();
    workers.workers = Stage::ALL.iter().map(|stage| (*stage, 1)).collect();
    let workers = start_shared(workers, store.clone(), bus.clone()).await;
    let records =
        wait_for_records(&client, std::slice::from_ref(&id), Duration::from_secs(30)).await;
    assert_eq!(records[0].document_id.as_str(), id);
    let status = client.status(&id).await.expect("status");
    assert_eq!(status.status, "validated");

    workers.shutdown().await.expect("workers stop");
    front.shutdown().await.expect("front stops");
}
