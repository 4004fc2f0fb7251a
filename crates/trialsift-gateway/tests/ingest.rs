//! The gateway served on a loopback port, over a real SQLite store and the in-process bus.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::Code;
use tonic::transport::Channel;
use trialsift_bus::memory::MemoryBus;
use trialsift_bus::{Bus, BusError, BusSettings, Consumer, OutgoingMessage, Subject};
use trialsift_domain::{DocumentId, Stage, StudyRecord, Verdict};
use trialsift_gateway::{GatewayError, GatewaySettings, SERVICE_NAME, bind};
use trialsift_proto::auth::AttachBearer;
use trialsift_proto::v1::ingest_service_client::IngestServiceClient;
use trialsift_proto::v1::{SubmitRequest, SubmitResponse};
use trialsift_store::{
    Access, DocumentFinding, DocumentState, Inserted, NewDocument, Page, PageRequest, SearchQuery,
    StageWrite, Store, StoreError, StudySummary, WorkItem,
};

const ABSTRACT: &str = "Objective: to assess efficacy. Results: 8/19 (42.0%) responded.\n";

/// A gateway running in the background until stopped.
struct Running {
    address: SocketAddr,
    bus: MemoryBus,
    store: Arc<dyn Store>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), GatewayError>>,
    _dir: TempDir,
}

impl Running {
    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    async fn channel(&self) -> anyhow::Result<Channel> {
        Ok(Channel::from_shared(self.url())?.connect().await?)
    }

    async fn client(&self) -> anyhow::Result<IngestServiceClient<Channel>> {
        Ok(IngestServiceClient::connect(self.url()).await?)
    }

    /// Signals shutdown and waits for the server to return.
    async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }
}

fn settings() -> GatewaySettings {
    GatewaySettings { listen: SocketAddr::from(([127, 0, 0, 1], 0)), ..GatewaySettings::default() }
}

async fn start(settings: GatewaySettings) -> anyhow::Result<Running> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("trialsift.db").display());
    let store = trialsift_store::connect(&url, Access::ReadWrite).await?;
    let bus = MemoryBus::new(BusSettings::default());
    start_with(settings, Arc::clone(&store), Arc::new(bus.clone()), bus, store, dir).await
}

async fn start_with(
    settings: GatewaySettings,
    served_store: Arc<dyn Store>,
    served_bus: Arc<dyn Bus>,
    bus: MemoryBus,
    store: Arc<dyn Store>,
    dir: TempDir,
) -> anyhow::Result<Running> {
    let server = bind(settings, served_store, served_bus).await?;
    let address = server.local_addr();
    assert_ne!(address.port(), 0, "the real port is reported");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));
    Ok(Running { address, bus, store, stop, task, _dir: dir })
}

fn request(text: impl Into<Vec<u8>>, source: &str) -> SubmitRequest {
    SubmitRequest { text: text.into(), source: source.to_owned() }
}

async fn submit(
    client: &mut IngestServiceClient<Channel>,
    text: impl Into<Vec<u8>>,
) -> Result<SubmitResponse, tonic::Status> {
    client.submit(request(text, "test")).await.map(tonic::Response::into_inner)
}

#[tokio::test]
async fn bad_documents_are_refused_naming_the_limit() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;

    let cases: [(Vec<u8>, &str); 4] = [
        (Vec::new(), "document is empty: it must contain text"),
        (b" \n\t \r\n".to_vec(), "document is whitespace only (6 bytes): it must contain text"),
        (vec![b'a'; 1024 * 1024 + 1], "document is 1048577 bytes; the limit is 1048576"),
        (
            b"Results: 8/19 \xff\xfe".to_vec(),
            "document is not valid UTF-8: invalid byte at offset 14",
        ),
    ];
    for (text, message) in cases {
        let status = submit(&mut client, text).await.expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument, "{}", status.message());
        assert_eq!(status.message(), message);
    }
    assert_eq!(running.bus.pending(Stage::Split), 0, "nothing refused reaches the bus");
    running.stop().await
}

#[tokio::test]
async fn a_document_at_the_configured_limit_is_accepted() -> anyhow::Result<()> {
    let running = start(GatewaySettings { max_document_bytes: 64, ..settings() }).await?;
    let mut client = running.client().await?;
    let accepted = submit(&mut client, vec![b'x'; 64]).await?;
    assert!(accepted.created);
    let status = submit(&mut client, vec![b'x'; 65]).await.expect_err("over the limit");
    assert_eq!(status.message(), "document is 65 bytes; the limit is 64");
    running.stop().await
}

#[tokio::test]
async fn the_same_document_twice_gets_the_same_id() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;

    let first = submit(&mut client, ABSTRACT).await?;
    assert!(first.created);
    assert_eq!(first.status, "submitted");
    assert_eq!(first.document_id, DocumentId::for_text(ABSTRACT).as_str());

    // Windows line endings and trailing blanks normalize to the same text.
    let second = submit(&mut client, ABSTRACT.replace('\n', "\r\n") + "\r\n\r\n").await?;
    assert!(!second.created);
    assert_eq!(second.document_id, first.document_id);
    assert_eq!(second.status, "submitted");

    // Both submissions published "<id>.submitted"; the bus kept one.
    assert_eq!(running.bus.pending(Stage::Split), 1);
    let state = running
        .store
        .document_state(&first.document_id.parse()?)
        .await?
        .context("the document is stored")?;
    assert_eq!(state.source, "test");
    running.stop().await
}

#[tokio::test]
async fn a_submitted_event_announces_the_document() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut consumer = running.bus.consumer(Stage::Split).await?;
    let mut client = running.client().await?;
    let accepted = client.submit(request(ABSTRACT, "seed-004.txt")).await?.into_inner();

    let deliveries = consumer.fetch(10, std::time::Duration::from_secs(2)).await?;
    assert_eq!(deliveries.len(), 1);
    let event = trialsift_proto::decode_event(&deliveries[0].payload)?;
    assert_eq!(event.document_id, accepted.document_id);
    assert_eq!(event.step, "submitted");
    assert_eq!(event.source, "seed-004.txt");
    assert_eq!(deliveries[0].subject, Subject::Submitted.as_str());
    running.stop().await
}

#[tokio::test]
async fn bulk_submit_reports_each_document_in_order() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let requests = vec![
        request("First abstract: 5/6 (83.3%).", "a.txt"),
        request("   ", "blank.txt"),
        request("Third abstract: P = 0.411.", "c.txt"),
    ];
    let response = client.bulk_submit(stream::iter(requests)).await?.into_inner();

    assert_eq!((response.accepted, response.rejected), (2, 1));
    let indexes: Vec<u32> = response.results.iter().map(|result| result.index).collect();
    assert_eq!(indexes, [0, 1, 2]);
    let sources: Vec<&str> = response.results.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, ["a.txt", "blank.txt", "c.txt"]);

    let first = response.results[0].accepted.as_ref().context("first accepted")?;
    assert_eq!(first.document_id, DocumentId::for_text("First abstract: 5/6 (83.3%).").as_str());
    assert!(first.created);
    let refused = response.results[1].error.as_ref().context("second refused")?;
    assert_eq!(refused.code, "INVALID_ARGUMENT");
    assert_eq!(refused.message, "document is whitespace only (3 bytes): it must contain text");
    assert!(response.results[1].accepted.is_none());
    assert!(response.results[2].accepted.is_some());
    assert_eq!(running.bus.pending(Stage::Split), 2);
    running.stop().await
}

#[tokio::test]
async fn bulk_submit_keeps_order_beyond_one_chunk() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let texts: Vec<String> = (0..21).map(|i| format!("Abstract number {i}: {i}/21.")).collect();
    let requests: Vec<SubmitRequest> =
        texts.iter().map(|text| request(text.as_str(), "bulk")).collect();
    let response = client.bulk_submit(stream::iter(requests)).await?.into_inner();
    assert_eq!((response.accepted, response.rejected), (21, 0));
    for (position, (result, text)) in response.results.iter().zip(&texts).enumerate() {
        assert_eq!(usize::try_from(result.index)?, position);
        let accepted = result.accepted.as_ref().context("accepted")?;
        assert_eq!(accepted.document_id, DocumentId::for_text(text).as_str());
    }
    running.stop().await
}

#[tokio::test]
async fn the_token_is_required_when_configured() -> anyhow::Result<()> {
    let secured = GatewaySettings { auth_token: Some("s3cret".to_owned()), ..settings() };
    let running = start(secured).await?;

    let mut anonymous = running.client().await?;
    let status = submit(&mut anonymous, ABSTRACT).await.expect_err("no token");
    assert_eq!(status.code(), Code::Unauthenticated);

    let channel = Channel::from_shared(running.url())?.connect().await?;
    let mut wrong =
        IngestServiceClient::with_interceptor(channel.clone(), AttachBearer::new(Some("guess"))?);
    let status = wrong.submit(request(ABSTRACT, "test")).await.expect_err("wrong token");
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(status.message(), "invalid bearer token");

    let mut trusted =
        IngestServiceClient::with_interceptor(channel.clone(), AttachBearer::new(Some("s3cret"))?);
    let accepted = trusted.submit(request(ABSTRACT, "test")).await?.into_inner();
    assert!(accepted.created);

    let status = wrong
        .bulk_submit(stream::iter(vec![request(ABSTRACT, "test")]))
        .await
        .expect_err("bulk needs the token too");
    assert_eq!(status.code(), Code::Unauthenticated);

    // Health checks stay open for probes.
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let answer = health
        .check(tonic_health::pb::HealthCheckRequest { service: SERVICE_NAME.to_owned() })
        .await?;
    assert_eq!(
        answer.into_inner().status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
    running.stop().await
}

#[tokio::test]
async fn health_check_answers_serving() -> anyhow::Result<()> {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

    let running = start(settings()).await?;
    let mut health = HealthClient::new(running.channel().await?);
    for service in ["", SERVICE_NAME] {
        let answer =
            health.check(HealthCheckRequest { service: service.to_owned() }).await?.into_inner();
        assert_eq!(answer.status, ServingStatus::Serving as i32, "service {service:?}");
    }
    assert_eq!(SERVICE_NAME, "trialsift.v1.IngestService");
    let status = health
        .check(HealthCheckRequest { service: "no.such.Service".to_owned() })
        .await
        .expect_err("unknown service");
    assert_eq!(status.code(), Code::NotFound);
    running.stop().await
}

#[tokio::test]
async fn reflection_lists_the_services() -> anyhow::Result<()> {
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

    let running = start(settings()).await?;
    let mut reflection = ServerReflectionClient::new(running.channel().await?);
    let requests = vec![
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        },
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(
                "trialsift.v1.IngestService".to_owned(),
            )),
        },
    ];
    let mut responses =
        reflection.server_reflection_info(stream::iter(requests)).await?.into_inner();

    let listed = responses.next().await.context("a list")??;
    let Some(MessageResponse::ListServicesResponse(list)) = listed.message_response else {
        anyhow::bail!("expected a service list, got {listed:?}");
    };
    let mut names: Vec<String> = list.service.into_iter().map(|service| service.name).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "trialsift.v1.IngestService"
        ]
    );

    let described = responses.next().await.context("a descriptor")??;
    let Some(MessageResponse::FileDescriptorResponse(files)) = described.message_response else {
        anyhow::bail!("expected file descriptors, got {described:?}");
    };
    assert!(!files.file_descriptor_proto.is_empty());
    running.stop().await
}

/// A bus that cannot be reached.
struct DownBus;

#[async_trait]
impl Bus for DownBus {
    async fn publish(&self, _messages: Vec<OutgoingMessage>) -> Result<(), BusError> {
        Err(BusError::Unavailable("no servers available for connection".to_owned()))
    }
    async fn consumer(&self, _stage: Stage) -> Result<Box<dyn Consumer>, BusError> {
        Err(BusError::Unavailable("no servers available for connection".to_owned()))
    }
    async fn watch(&self, _subject: Subject) -> Result<BoxStream<'static, Bytes>, BusError> {
        Err(BusError::Unavailable("no servers available for connection".to_owned()))
    }
    async fn ping(&self) -> Result<(), BusError> {
        Err(BusError::Unavailable("no servers available for connection".to_owned()))
    }
}

#[tokio::test]
async fn an_unreachable_bus_is_unavailable_and_resubmitting_heals() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("trialsift.db").display());
    let store = trialsift_store::connect(&url, Access::ReadWrite).await?;
    let bus = MemoryBus::new(BusSettings::default());

    // The bus is down: the document is stored but the client hears UNAVAILABLE.
    let down = bind(settings(), Arc::clone(&store), Arc::new(DownBus)).await?;
    let down_address = down.local_addr();
    let (stop_down, stopped_down) = oneshot::channel::<()>();
    let down_task = tokio::spawn(down.serve(async move {
        let _ = stopped_down.await;
    }));
    let mut client = IngestServiceClient::connect(format!("http://{down_address}")).await?;
    let status = submit(&mut client, ABSTRACT).await.expect_err("bus down");
    assert_eq!(status.code(), Code::Unavailable);
    assert_eq!(status.message(), "bus unavailable: no servers available for connection");
    let _ = stop_down.send(());
    down_task.await??;

    // The bus is back: resubmitting publishes the event the crash lost.
    let running =
        start_with(settings(), Arc::clone(&store), Arc::new(bus.clone()), bus, store, dir).await?;
    let mut client = running.client().await?;
    let again = submit(&mut client, ABSTRACT).await?;
    assert!(!again.created);
    assert_eq!(again.status, "submitted");
    assert_eq!(running.bus.pending(Stage::Split), 1);
    running.stop().await
}

/// A database that cannot be reached.
struct DownStore;

fn database_down() -> StoreError {
    StoreError::Unavailable("pool timed out while waiting for an open connection".to_owned())
}

#[async_trait]
impl Store for DownStore {
    async fn insert_document(&self, _document: &NewDocument) -> Result<Inserted, StoreError> {
        Err(database_down())
    }
    async fn document_state(&self, _id: &DocumentId) -> Result<Option<DocumentState>, StoreError> {
        Err(database_down())
    }
    async fn unfinished(&self, _limit: u32) -> Result<Vec<DocumentState>, StoreError> {
        Err(database_down())
    }
    async fn load_work(
        &self,
        _ids: &[DocumentId],
        _stages: &[Stage],
    ) -> Result<Vec<WorkItem>, StoreError> {
        Err(database_down())
    }
    async fn write_results(&self, _writes: &[StageWrite]) -> Result<(), StoreError> {
        Err(database_down())
    }
    async fn record_failure(
        &self,
        _id: &DocumentId,
        _stage: Stage,
        _error: &str,
        _permanent: bool,
    ) -> Result<(), StoreError> {
        Err(database_down())
    }
    async fn study(&self, _id: &DocumentId) -> Result<Option<StudyRecord>, StoreError> {
        Err(database_down())
    }
    async fn search(&self, _query: &SearchQuery) -> Result<Page<StudySummary>, StoreError> {
        Err(database_down())
    }
    async fn findings(
        &self,
        _verdict: Verdict,
        _page: PageRequest,
    ) -> Result<Page<DocumentFinding>, StoreError> {
        Err(database_down())
    }
    async fn ping(&self) -> Result<(), StoreError> {
        Err(database_down())
    }
}

#[tokio::test]
async fn an_unreachable_database_is_unavailable_and_nothing_is_published() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let bus = MemoryBus::new(BusSettings::default());
    let store: Arc<dyn Store> = Arc::new(DownStore);
    let running =
        start_with(settings(), Arc::clone(&store), Arc::new(bus.clone()), bus, store, dir).await?;
    let mut client = running.client().await?;
    let status = submit(&mut client, ABSTRACT).await.expect_err("database down");
    assert_eq!(status.code(), Code::Unavailable);
    assert_eq!(
        status.message(),
        "database unavailable: pool timed out while waiting for an open connection"
    );

    let response =
        client.bulk_submit(stream::iter(vec![request(ABSTRACT, "a")])).await?.into_inner();
    assert_eq!((response.accepted, response.rejected), (0, 1));
    let error = response.results[0].error.as_ref().context("refused")?;
    assert_eq!(error.code, "UNAVAILABLE");
    assert_eq!(running.bus.pending(Stage::Split), 0, "nothing unkept is announced");
    running.stop().await
}

#[tokio::test]
async fn shutdown_returns_and_frees_the_port() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let address = running.address;
    running.stop().await?;
    assert!(IngestServiceClient::connect(format!("http://{address}")).await.is_err());
    Ok(())
}
