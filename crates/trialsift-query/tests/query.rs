//! The query service served on a loopback port, reading a real SQLite store
//! (through a read-only connection) and following the in-process bus.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures::stream;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::Code;
use tonic::transport::Channel;
use trialsift_bus::memory::MemoryBus;
use trialsift_bus::{Bus, BusSettings, OutgoingMessage, Subject};
use trialsift_domain::{
    Design, DocumentId, Extraction, Finding, Interval, Population, SplitResult, Stage, Study,
    StudyRecord, Validation, Verdict,
};
use trialsift_proto::auth::AttachBearer;
use trialsift_proto::v1::query_service_client::QueryServiceClient;
use trialsift_proto::v1::{
    DocumentEvent, GetStatusRequest, GetStudyRequest, ListFindingsRequest, SearchStudiesRequest,
    WatchValidatedRequest,
};
use trialsift_query::{QueryServerError, QuerySettings, SERVICE_NAME, bind};
use trialsift_store::{Access, NewDocument, StageWrite, Store};

/// A query service running in the background until stopped, with a writable store beside it.
struct Running {
    address: SocketAddr,
    writer: Arc<dyn Store>,
    bus: MemoryBus,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), QueryServerError>>,
    _dir: TempDir,
}

impl Running {
    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    async fn channel(&self) -> anyhow::Result<Channel> {
        Ok(Channel::from_shared(self.url())?.connect().await?)
    }

    async fn client(&self) -> anyhow::Result<QueryServiceClient<Channel>> {
        Ok(QueryServiceClient::new(self.channel().await?))
    }

    /// Signals shutdown and waits (at most a few seconds) for the server to return.
    async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .context("the server stops within 5 s")???;
        Ok(())
    }

    /// Stores a document and its validated study record, as the pipeline would.
    async fn validated(&self, record: &StudyRecord, text: &str) -> anyhow::Result<()> {
        let document = NewDocument {
            id: record.document_id.clone(),
            source: record.source.clone(),
            text: text.to_owned(),
        };
        self.writer.insert_document(&document).await?;
        let write = StageWrite {
            document_id: record.document_id.clone(),
            stage: Stage::Validate,
            result: serde_json::json!({ "findings": record.findings }),
            study: Some(record.clone()),
        };
        self.writer.write_results(&[write]).await?;
        Ok(())
    }
}

fn settings() -> QuerySettings {
    QuerySettings { listen: SocketAddr::from(([127, 0, 0, 1], 0)), auth_token: None }
}

async fn start(settings: QuerySettings) -> anyhow::Result<Running> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("trialsift.db").display());
    let writer = trialsift_store::connect(&url, Access::ReadWrite).await?;
    let reader = trialsift_store::connect(&url, Access::ReadOnly).await?;
    let bus = MemoryBus::new(BusSettings::default());
    let server = bind(settings, reader, Arc::new(bus.clone())).await?;
    let address = server.local_addr();
    assert_ne!(address.port(), 0, "the real port is reported");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));
    Ok(Running { address, writer, bus, stop, task, _dir: dir })
}

fn finding(check: &str, verdict: Verdict) -> Finding {
    Finding {
        check: check.to_owned(),
        verdict,
        reported: "8/19 = 42.0%".to_owned(),
        recomputed: vec![Interval { name: "percent".to_owned(), low: 42.1, high: 42.11 }],
        explanation: format!("{check} is {}", verdict.as_str()),
        spans: vec![[10, 22]],
    }
}

fn record(text: &str, registry_id: &str, condition: &str, findings: Vec<Finding>) -> StudyRecord {
    let study = Study {
        registry_ids: vec![registry_id.to_owned()],
        population: Population {
            enrolled: Some(20),
            randomized: Some(20),
            analyzed: None,
            ..Population::default()
        },
        design: Design { randomized: Some(true), ..Design::default() },
        conditions: vec![condition.to_owned()],
        interventions: vec!["rituximab".to_owned()],
        ..Study::default()
    };
    StudyRecord::assemble(
        DocumentId::for_text(text),
        format!("{registry_id}.txt"),
        SplitResult::default(),
        Extraction { study, ..Extraction::default() },
        Validation { findings },
    )
}

#[tokio::test]
async fn unknown_documents_are_not_found() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let unknown = DocumentId::for_text("never submitted").to_string();

    let status = client
        .get_status(GetStatusRequest { document_id: unknown.clone() })
        .await
        .expect_err("unknown");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), format!("no document with id {unknown}"));

    let status =
        client.get_study(GetStudyRequest { document_id: unknown }).await.expect_err("unknown");
    assert_eq!(status.code(), Code::NotFound);
    running.stop().await
}

#[tokio::test]
async fn malformed_ids_are_invalid_arguments() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    for id in ["", "not-an-id", "ABCDEF0123456789ABCDEF0123456789"] {
        let status = client
            .get_status(GetStatusRequest { document_id: id.to_owned() })
            .await
            .expect_err("malformed");
        assert_eq!(status.code(), Code::InvalidArgument, "{id:?}");
        assert!(status.message().starts_with("invalid document id"), "{}", status.message());
        let status = client
            .get_study(GetStudyRequest { document_id: id.to_owned() })
            .await
            .expect_err("malformed");
        assert_eq!(status.code(), Code::InvalidArgument, "{id:?}");
    }
    running.stop().await
}

#[tokio::test]
async fn bad_page_tokens_and_verdicts_are_invalid_arguments() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;

    let request = SearchStudiesRequest { page_token: "garbage".to_owned(), ..Default::default() };
    let status = client.search_studies(request).await.expect_err("bad token");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "invalid page token: it was not issued by this service");

    let request = ListFindingsRequest {
        verdict: "inconsistent".to_owned(),
        page_token: "0000000000000014ffffffff".to_owned(),
        ..Default::default()
    };
    let status = client.list_findings(request).await.expect_err("foreign token");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "invalid page token: it belongs to a different query");

    let request = ListFindingsRequest { verdict: "wrong".to_owned(), ..Default::default() };
    let status = client.list_findings(request).await.expect_err("bad verdict");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().starts_with("unknown verdict \"wrong\""), "{}", status.message());
    running.stop().await
}

#[tokio::test]
async fn status_follows_the_document() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let text = "Pending abstract: 5/6 (83.3%).";
    let id = DocumentId::for_text(text);
    running
        .writer
        .insert_document(&NewDocument {
            id: id.clone(),
            source: "pending.txt".to_owned(),
            text: text.to_owned(),
        })
        .await?;

    let status =
        client.get_status(GetStatusRequest { document_id: id.to_string() }).await?.into_inner();
    assert_eq!(status.document_id, id.as_str());
    assert_eq!(status.source, "pending.txt");
    assert_eq!(status.status, "submitted");
    assert_eq!(status.stage, "");
    assert_eq!(status.attempts, 0);
    assert_eq!(status.last_error, "");

    let missing = client
        .get_study(GetStudyRequest { document_id: id.to_string() })
        .await
        .expect_err("not validated yet");
    assert_eq!(missing.code(), Code::NotFound);
    assert_eq!(
        missing.message(),
        format!("no validated study for document {id} (status: submitted)")
    );

    running.writer.record_failure(&id, Stage::Split, "splitter exploded", true).await?;
    let status =
        client.get_status(GetStatusRequest { document_id: id.to_string() }).await?.into_inner();
    assert_eq!(status.status, "failed");
    assert_eq!(status.stage, "split");
    assert_eq!(status.attempts, 1);
    assert_eq!(status.last_error, "splitter exploded");
    running.stop().await
}

#[tokio::test]
async fn a_study_comes_back_with_problems_first() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let text = "Seed 004: 8/19 = 42.0%, Clopper-Pearson 95% CI 19.6 to 64.6.";
    let stored = record(
        text,
        "NCT03171194",
        "systemic sclerosis",
        vec![
            finding("subgroup_sum", Verdict::Consistent),
            finding("proportion_ci", Verdict::NotCheckable),
            finding("percentage", Verdict::Inconsistent),
        ],
    );
    running.validated(&stored, text).await?;

    let id = stored.document_id.to_string();
    let study = client.get_study(GetStudyRequest { document_id: id.clone() }).await?.into_inner();
    let verdicts: Vec<&str> = study.findings.iter().map(|f| f.verdict.as_str()).collect();
    assert_eq!(verdicts, ["inconsistent", "not_checkable", "consistent"]);
    assert_eq!(study.findings[0].check, "percentage");
    assert_eq!(study.findings[0].spans[0].end, 22);

    let summary = study.summary.context("a summary")?;
    assert_eq!(summary.document_id, id);
    assert_eq!(summary.registry_ids, ["NCT03171194"]);
    assert_eq!((summary.enrolled, summary.randomized, summary.analyzed), (20, 20, -1));
    assert_eq!(summary.design_flags, ["randomized"]);
    let counts = summary.verdict_counts.context("counts")?;
    assert_eq!((counts.inconsistent, counts.not_checkable, counts.consistent), (1, 1, 1));

    let decoded: StudyRecord = serde_json::from_str(&study.record_json)?;
    assert_eq!(decoded.document_id, stored.document_id);
    assert_eq!(decoded.findings.len(), 3);
    assert_eq!(decoded.findings[0].verdict, Verdict::Inconsistent);

    let status = client.get_status(GetStatusRequest { document_id: id }).await?.into_inner();
    assert_eq!(status.status, "validated");
    running.stop().await
}

#[tokio::test]
async fn search_filters_and_pages() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let studies = [
        ("Study A text.", "NCT03171194", "systemic sclerosis", Verdict::Inconsistent),
        ("Study B text.", "NCT00000001", "lupus nephritis", Verdict::Consistent),
        ("Study C text.", "NCT00000002", "systemic lupus erythematosus", Verdict::Consistent),
    ];
    for (text, registry_id, condition, verdict) in studies {
        running
            .validated(&record(text, registry_id, condition, vec![finding("p", verdict)]), text)
            .await?;
    }

    // Registry ids are normalized before matching.
    let by_registry =
        SearchStudiesRequest { registry_id: " nct 03171194".to_owned(), ..Default::default() };
    let found = client.search_studies(by_registry).await?.into_inner();
    assert_eq!(found.studies.len(), 1);
    assert_eq!(found.studies[0].document_id, DocumentId::for_text("Study A text.").as_str());
    assert_eq!(found.next_page_token, "");

    let inconsistent =
        SearchStudiesRequest { has_inconsistencies: Some(true), ..Default::default() };
    let found = client.search_studies(inconsistent).await?.into_inner();
    assert_eq!(found.studies.len(), 1);

    // Two pages of lupus studies, one at a time.
    let lupus =
        SearchStudiesRequest { condition: "LUPUS".to_owned(), page_size: 1, ..Default::default() };
    let first = client.search_studies(lupus.clone()).await?.into_inner();
    assert_eq!(first.studies.len(), 1);
    assert_ne!(first.next_page_token, "");
    let second = client
        .search_studies(SearchStudiesRequest {
            page_token: first.next_page_token.clone(),
            ..lupus.clone()
        })
        .await?
        .into_inner();
    assert_eq!(second.studies.len(), 1);
    assert_eq!(second.next_page_token, "");
    assert_ne!(first.studies[0].document_id, second.studies[0].document_id);

    // A token is tied to its query.
    let other = SearchStudiesRequest {
        condition: "sclerosis".to_owned(),
        page_token: first.next_page_token,
        ..Default::default()
    };
    let status = client.search_studies(other).await.expect_err("token of another query");
    assert_eq!(status.code(), Code::InvalidArgument);

    let findings = client
        .list_findings(ListFindingsRequest {
            verdict: "consistent".to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner();
    assert_eq!(findings.findings.len(), 2);
    assert!(findings.findings.iter().all(|row| {
        row.finding.as_ref().is_some_and(|finding| finding.verdict == "consistent")
    }));
    running.stop().await
}

#[tokio::test]
async fn watch_streams_validated_studies_and_ends_on_shutdown() -> anyhow::Result<()> {
    let running = start(settings()).await?;
    let mut client = running.client().await?;
    let mut feed = client.watch_validated(WatchValidatedRequest {}).await?.into_inner();

    let text = "Watched study: 5/6 (83.3%).";
    let stored =
        record(text, "NCT00000003", "scleroderma", vec![finding("p", Verdict::Consistent)]);
    running.validated(&stored, text).await?;
    let event = DocumentEvent::completed(&stored.document_id, &stored.source, Stage::Validate)
        .with_verdict_counts(stored.verdict_counts);
    // A payload that does not decode is skipped, not fatal.
    running
        .bus
        .publish(vec![
            OutgoingMessage {
                subject: Subject::Validated,
                message_id: "garbage".to_owned(),
                payload: bytes_of(&[0xff, 0xff]),
            },
            OutgoingMessage {
                subject: Subject::Validated,
                message_id: event.message_id(),
                payload: trialsift_proto::encode_event(&event),
            },
        ])
        .await?;

    let summary = tokio::time::timeout(Duration::from_secs(5), feed.message())
        .await
        .context("a summary within 5 s")??
        .context("the feed is open")?;
    assert_eq!(summary.document_id, stored.document_id.as_str());
    assert_eq!(summary.registry_ids, ["NCT00000003"]);

    // Shutdown ends the open stream instead of waiting for it forever.
    running.stop().await?;
    let end = tokio::time::timeout(Duration::from_secs(5), feed.message())
        .await
        .context("the feed ends")?;
    assert!(matches!(end, Ok(None) | Err(_)), "{end:?}");
    Ok(())
}

fn bytes_of(raw: &[u8]) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(raw)
}

#[tokio::test]
async fn health_reflection_and_auth() -> anyhow::Result<()> {
    use futures::StreamExt;
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

    let running =
        start(QuerySettings { auth_token: Some("s3cret".to_owned()), ..settings() }).await?;
    let channel = running.channel().await?;

    let mut health = HealthClient::new(channel.clone());
    let answer =
        health.check(HealthCheckRequest { service: SERVICE_NAME.to_owned() }).await?.into_inner();
    assert_eq!(answer.status, ServingStatus::Serving as i32);
    assert_eq!(SERVICE_NAME, "trialsift.v1.QueryService");

    let mut reflection = ServerReflectionClient::new(channel.clone());
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses =
        reflection.server_reflection_info(stream::iter(vec![request])).await?.into_inner();
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
            "trialsift.v1.QueryService"
        ]
    );

    let unknown = DocumentId::for_text("x").to_string();
    let mut anonymous = QueryServiceClient::new(channel.clone());
    let status = anonymous
        .get_status(GetStatusRequest { document_id: unknown.clone() })
        .await
        .expect_err("no token");
    assert_eq!(status.code(), Code::Unauthenticated);
    let mut trusted =
        QueryServiceClient::with_interceptor(channel, AttachBearer::new(Some("s3cret"))?);
    let status = trusted
        .get_status(GetStatusRequest { document_id: unknown })
        .await
        .expect_err("authenticated but unknown");
    assert_eq!(status.code(), Code::NotFound);
    running.stop().await
}
