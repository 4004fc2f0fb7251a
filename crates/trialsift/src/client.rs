//! A gRPC client for a running trialsift: submit documents, wait for them, read records.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures::stream::{self, StreamExt as _};
use indicatif::{ProgressBar, ProgressStyle};
use tonic::transport::{Channel, Endpoint};
use trialsift_domain::StudyRecord;
use trialsift_proto::v1::ingest_service_client::IngestServiceClient;
use trialsift_proto::v1::query_service_client::QueryServiceClient;
use trialsift_proto::v1::{
    DocumentStatus, GetStatusRequest, GetStudyRequest, Study, SubmitRequest, SubmitResponse,
};

/// Documents submitted concurrently.
const SUBMIT_CONCURRENCY: usize = 8;

/// A connection to a running gateway and query service.
#[derive(Clone)]
pub struct Client {
    ingest: IngestServiceClient<Channel>,
    query: QueryServiceClient<Channel>,
    token: Option<String>,
}

/// The outcome of submitting one file.
#[derive(Debug)]
pub struct Submitted {
    /// The file.
    pub path: PathBuf,
    /// The gateway's answer, or why the file was not accepted.
    pub result: Result<SubmitResponse, String>,
}

impl Client {
    /// Connects to the gateway and the query service (they may be the same address).
    pub async fn connect(
        gateway: &str,
        query: &str,
        token: Option<String>,
    ) -> anyhow::Result<Self> {
        let ingest = channel(gateway).await?;
        let query_channel = if gateway == query { ingest.clone() } else { channel(query).await? };
        Ok(Self {
            ingest: IngestServiceClient::new(ingest),
            query: QueryServiceClient::new(query_channel),
            token,
        })
    }

    /// Wraps a message in a request carrying the bearer token, when one is configured.
    pub fn request<T>(&self, message: T) -> anyhow::Result<tonic::Request<T>> {
        let mut request = tonic::Request::new(message);
        if let Some(token) = &self.token {
            let value = format!("Bearer {token}")
                .parse()
                .context("the auth token contains characters a header cannot carry")?;
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }

    /// Returns the ingest service client.
    pub fn ingest(&self) -> IngestServiceClient<Channel> {
        self.ingest.clone()
    }

    /// Returns the query service client.
    pub fn query(&self) -> QueryServiceClient<Channel> {
        self.query.clone()
    }

    /// Submits files through the gateway, a few at a time, with a progress bar on stderr.
    pub async fn submit_files(&self, paths: &[PathBuf], progress: &ProgressBar) -> Vec<Submitted> {
        progress.set_length(paths.len() as u64);
        let results = stream::iter(paths.iter().cloned())
            .map(|path| async move {
                let result = self.submit_file(&path).await;
                progress.inc(1);
                Submitted { path, result }
            })
            .buffered(SUBMIT_CONCURRENCY)
            .collect::<Vec<_>>()
            .await;
        progress.finish_and_clear();
        results
    }

    async fn submit_file(&self, path: &PathBuf) -> Result<SubmitResponse, String> {
        let text = std::fs::read(path).map_err(|error| format!("cannot read: {error}"))?;
        let source = path.display().to_string();
        let request =
            self.request(SubmitRequest { text, source }).map_err(|error| error.to_string())?;
        let mut ingest = self.ingest.clone();
        match ingest.submit(request).await {
            Ok(response) => Ok(response.into_inner()),
            Err(status) => Err(format!("{}: {}", code_name(status.code()), status.message())),
        }
    }

    /// Returns a document's processing status.
    pub async fn status(&self, document_id: &str) -> anyhow::Result<DocumentStatus> {
        let request = self.request(GetStatusRequest { document_id: document_id.to_owned() })?;
        let mut query = self.query.clone();
        Ok(query.get_status(request).await.map_err(status_error)?.into_inner())
    }

    /// Returns a validated study and its decoded JSON record.
    pub async fn study(&self, document_id: &str) -> anyhow::Result<(Study, StudyRecord)> {
        let request = self.request(GetStudyRequest { document_id: document_id.to_owned() })?;
        let mut query = self.query.clone();
        let study = query.get_study(request).await.map_err(status_error)?.into_inner();
        let record: StudyRecord = serde_json::from_str(&study.record_json)
            .context("the query service returned a record this client cannot read")?;
        Ok((study, record))
    }

    /// Polls until every document is validated or failed, or the timeout passes.
    pub async fn wait_until_done(
        &self,
        document_ids: &[String],
        timeout: Duration,
        progress: &ProgressBar,
    ) -> anyhow::Result<Vec<DocumentStatus>> {
        progress.set_length(document_ids.len() as u64);
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(20);
        loop {
            let mut statuses = Vec::with_capacity(document_ids.len());
            for id in document_ids {
                statuses.push(self.status(id).await?);
            }
            let done =
                statuses.iter().filter(|s| s.status == "validated" || s.status == "failed").count();
            progress.set_position(done as u64);
            if done == statuses.len() {
                progress.finish_and_clear();
                return Ok(statuses);
            }
            if Instant::now() >= deadline {
                progress.finish_and_clear();
                let waiting: Vec<_> = statuses
                    .iter()
                    .filter(|s| s.status != "validated" && s.status != "failed")
                    .map(|s| format!("{} ({})", s.document_id, s.status))
                    .collect();
                anyhow::bail!(
                    "timed out after {timeout:?}; still processing: {}",
                    waiting.join(", ")
                );
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        }
    }
}

/// Returns a progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress_bar(message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

async fn channel(address: &str) -> anyhow::Result<Channel> {
    let uri =
        if address.contains("://") { address.to_owned() } else { format!("http://{address}") };
    let endpoint = Endpoint::from_shared(uri.clone())
        .with_context(|| format!("invalid server address {address:?}"))?
        .connect_timeout(Duration::from_secs(5));
    endpoint.connect().await.with_context(|| format!("cannot reach trialsift at {uri}"))
}

/// Turns a gRPC status into an error that reads well on a terminal.
pub fn status_error(status: tonic::Status) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", code_name(status.code()), status.message())
}

/// Returns the canonical upper-case name of a gRPC status code.
pub fn code_name(code: tonic::Code) -> &'static str {
    match code {
        tonic::Code::Ok => "OK",
        tonic::Code::Cancelled => "CANCELLED",
        tonic::Code::Unknown => "UNKNOWN",
        tonic::Code::InvalidArgument => "INVALID_ARGUMENT",
        tonic::Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        tonic::Code::NotFound => "NOT_FOUND",
        tonic::Code::AlreadyExists => "ALREADY_EXISTS",
        tonic::Code::PermissionDenied => "PERMISSION_DENIED",
        tonic::Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        tonic::Code::FailedPrecondition => "FAILED_PRECONDITION",
        tonic::Code::Aborted => "ABORTED",
        tonic::Code::OutOfRange => "OUT_OF_RANGE",
        tonic::Code::Unimplemented => "UNIMPLEMENTED",
        tonic::Code::Internal => "INTERNAL",
        tonic::Code::Unavailable => "UNAVAILABLE",
        tonic::Code::DataLoss => "DATA_LOSS",
        tonic::Code::Unauthenticated => "UNAUTHENTICATED",
    }
}
