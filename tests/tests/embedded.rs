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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_left_in_the_pipeline_are_finished_after_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (url, store) = sqlite_store(&dir).await;
    // What a process that stopped mid-way leaves behind: the database remembers two documents
    // the (in-process, now gone) bus had announced.
    let accepted = seed("004");
    let accepted_id = trialsift_domain::DocumentId::for_text(&accepted.text);
    store
        .insert_document(&trialsift_store::NewDocument {
            id: accepted_id.clone(),
            source: accepted.name.clone(),
            text: accepted.text.clone(),
        })
        .await
        .expect("inserted");
    let halfway = seed("001");
    let halfway_id = trialsift_domain::DocumentId::for_text(&halfway.text);
    store
        .insert_document(&trialsift_store::NewDocument {
            id: halfway_id.clone(),
            source: halfway.name.clone(),
            text: halfway.text.clone(),
        })
        .await
        .expect("inserted");
    let segments = trialsift_splitter::split(&halfway.text);
    store
        .write_results(&[trialsift_store::StageWrite {
            document_id: halfway_id.clone(),
            stage: Stage::Split,
            result: serde_json::to_value(&segments).expect("encodes"),
            study: None,
        }])
        .await
        .expect("split result written");
    drop(store);

    let system =
        system::start(all_roles(test_settings(BusChoice::Memory, url))).await.expect("starts");
    let client = client_for(&system, &system).await;
    let ids = [accepted_id.to_string(), halfway_id.to_string()];
    let records = wait_for_records(&client, &ids, Duration::from_secs(30)).await;
    assert_eq!(records[0].study.registry_ids, ["NTR6160"]);
    assert_eq!(records[1].study.registry_ids, ["NCT03171194"]);
    system.shutdown().await.expect("clean shutdown");
}
