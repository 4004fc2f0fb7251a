//! Shared helpers of the end-to-end suite: the seed documents, systems on both runtimes, and
//! waiting for documents to be validated.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use trialsift::client::Client;
use trialsift::system::{self, BusChoice, RunningSystem, SystemSettings};
use trialsift_bus::{Bus, BusSettings};
use trialsift_domain::{Stage, StudyRecord};
use trialsift_proto::v1::SubmitResponse;
use trialsift_runtime::WorkerSettings;
use trialsift_store::Store;

/// A seed document: its file name and text.
pub struct Seed {
    /// File name under `examples/`.
    pub name: String,
    /// The text.
    pub text: String,
}

/// Reads the five bundled seed documents, sorted by name.
pub fn seeds() -> Vec<Seed> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut seeds: Vec<Seed> = std::fs::read_dir(&dir)
        .expect("examples folder is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| Seed {
            name: path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(),
            text: std::fs::read_to_string(&path).expect("seed is UTF-8"),
        })
        .collect();
    seeds.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(seeds.len(), 5, "expected the five seeds in {}", dir.display());
    seeds
}

/// Returns the seed whose file name starts with `prefix`.
pub fn seed(prefix: &str) -> Seed {
    seeds().into_iter().find(|seed| seed.name.starts_with(prefix)).expect("seed exists")
}

/// Settings for tests: loopback port 0 for servers, short waits so redelivery is quick.
pub fn test_settings(bus: BusChoice, store_url: String) -> SystemSettings {
    let bus_settings = BusSettings {
        ack_wait: Duration::from_secs(2),
        max_deliver: 3,
        duplicate_window: Duration::from_secs(120),
    };
    let worker_settings = WorkerSettings {
        batch_size: 16,
        fetch_wait: Duration::from_millis(200),
        max_deliver: 3,
        retry_base: Duration::from_millis(100),
        retry_max: Duration::from_secs(1),
    };
    SystemSettings {
        bus,
        bus_settings,
        store_url,
        gateway: None,
        query: None,
        workers: Vec::new(),
        worker_settings,
        max_document_bytes: 1 << 20,
        auth_token: None,
        metrics: None,
    }
}

/// The loopback address with a port the OS picks.
pub fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// Settings for a whole system in one process: gateway, query and one loop per stage.
pub fn all_roles(mut settings: SystemSettings) -> SystemSettings {
    settings.gateway = Some(any_port());
    settings.query = Some(any_port());
    settings.workers = Stage::ALL.iter().map(|stage| (*stage, 1)).collect();
    settings
}

/// Starts a system over an existing store and bus (so several "processes" can share them).
pub async fn start_shared(
    settings: SystemSettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
) -> RunningSystem {
    system::start_with(settings, store, bus).await.expect("system starts")
}

/// Connects a client to a system that runs both gRPC services.
pub async fn client_for(gateway: &RunningSystem, query: &RunningSystem) -> Client {
    let gateway_addr = gateway.gateway_addr.expect("gateway runs").to_string();
    let query_addr = query.query_addr.expect("query service runs").to_string();
    Client::connect(&gateway_addr, &query_addr, None).await.expect("client connects")
}

/// Submits a text through the gateway.
pub async fn submit(
    client: &Client,
    source: &str,
    text: &str,
) -> Result<SubmitResponse, tonic::Status> {
    let request = client
        .request(trialsift_proto::v1::SubmitRequest {
            text: text.as_bytes().to_vec(),
            source: source.to_owned(),
        })
        .expect("request builds");
    let mut ingest = client.ingest();
    ingest.submit(request).await.map(tonic::Response::into_inner)
}

/// Waits until every document is validated (or failed), then returns their records.
pub async fn wait_for_records(
    client: &Client,
    ids: &[String],
    timeout: Duration,
) -> Vec<StudyRecord> {
    let deadline = Instant::now() + timeout;
    loop {
        let mut done = true;
        for id in ids {
            let status = client.status(id).await.expect("status answers");
            assert_ne!(status.status, "failed", "document {id} failed: {}", status.last_error);
            done &= status.status == "validated";
        }
        if done {
            break;
        }
        assert!(Instant::now() < deadline, "documents not validated within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut records = Vec::with_capacity(ids.len());
    for id in ids {
        records.push(client.study(id).await.expect("study is readable").1);
    }
    records
}

/// Submits the five seeds, waits for their records, and checks what design.md says a correct
/// system finds in them; then resubmits one and checks nothing new is created.
pub async fn seed_scenario(client: &Client) {
    let seeds = seeds();
    let request = client.request(trialsift_proto::v1::WatchValidatedRequest {}).expect("request");
    let mut watch =
        client.query().watch_validated(request).await.expect("watch opens").into_inner();
    let mut ids = Vec::new();
    for seed in &seeds {
        let response = submit(client, &seed.name, &seed.text).await.expect("seed accepted");
        assert!(response.created, "{} should be new", seed.name);
        assert_eq!(response.document_id.len(), 32);
        ids.push(response.document_id);
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "five distinct document ids");

    let records = wait_for_records(client, &ids, Duration::from_secs(60)).await;
    assert_eq!(records.len(), 5);

    // At-least-once: a redelivered validation may stream a study twice; each must come at least once.
    let mut watched = std::collections::BTreeSet::new();
    while watched.len() < ids.len() {
        let next = tokio::time::timeout(Duration::from_secs(10), watch.message())
            .await
            .expect("a validated study is streamed within 10 s")
            .expect("the stream stays healthy")
            .expect("the stream stays open");
        assert!(ids.contains(&next.document_id), "streamed an unknown study {}", next.document_id);
        watched.insert(next.document_id);
    }
    for (seed, record) in seeds.iter().zip(&records) {
        assert_eq!(record.source, seed.name);
        assert!(!record.segments.is_empty(), "{} has segments", seed.name);
    }

    let seed_004 = &records[4];
    assert_eq!(seed_004.study.registry_ids, ["NTR6160"]);
    let percentage = finding(seed_004, "percentage");
    assert_eq!(percentage.verdict, trialsift_domain::Verdict::Inconsistent, "{percentage:?}");
    assert!(percentage.explanation.contains("42.1"), "{}", percentage.explanation);
    let interval = finding(seed_004, "proportion_ci");
    assert_eq!(interval.verdict, trialsift_domain::Verdict::Inconsistent, "{interval:?}");
    assert!(interval.explanation.contains("20.3") && interval.explanation.contains("66.5"));
    for [start, end] in percentage.spans.iter().chain(&interval.spans) {
        assert!(
            seeds[4].text.get(*start..*end).is_some(),
            "span {start}..{end} is inside the text"
        );
    }

    let seed_001 = &records[1];
    assert_eq!(seed_001.study.registry_ids, ["NCT03171194"]);
    assert_eq!(finding(seed_001, "percentage").verdict, trialsift_domain::Verdict::Consistent);
    assert_eq!(finding(seed_001, "proportion_ci").verdict, trialsift_domain::Verdict::Consistent);

    let again = submit(client, "again.txt", &seeds[4].text).await.expect("resubmission accepted");
    assert_eq!(again.document_id, ids[4]);
    assert!(!again.created, "a resubmission creates nothing");
    let windows = seeds[4].text.replace('\n', "\r\n");
    let again = submit(client, "crlf.txt", &windows).await.expect("resubmission accepted");
    assert_eq!(again.document_id, ids[4], "line endings do not change the id");

    let request = client
        .request(trialsift_proto::v1::SearchStudiesRequest { page_size: 50, ..Default::default() })
        .expect("request builds");
    let page = client.query().search_studies(request).await.expect("search answers").into_inner();
    assert_eq!(page.studies.len(), 5, "still five studies after resubmitting");
    let request = client
        .request(trialsift_proto::v1::SearchStudiesRequest {
            has_inconsistencies: Some(true),
            page_size: 50,
            ..Default::default()
        })
        .expect("request builds");
    let page = client.query().search_studies(request).await.expect("search answers").into_inner();
    assert!(page.studies.iter().any(|study| study.document_id == ids[4]));
}

/// Returns the first finding of a check, failing the test with the record's findings if absent.
pub fn finding<'a>(record: &'a StudyRecord, check: &str) -> &'a trialsift_domain::Finding {
    record.findings.iter().find(|finding| finding.check == check).unwrap_or_else(|| {
        panic!("no {check} finding in {}: {:#?}", record.source, record.findings)
    })
}
