//! The query service's request handlers.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};
use trialsift_bus::{Bus, Subject};
use trialsift_domain::DocumentId;
use trialsift_proto::v1::query_service_server::QueryService;
use trialsift_proto::v1::{
    DocumentStatus, GetStatusRequest, GetStudyRequest, ListFindingsRequest, ListFindingsResponse,
    SearchStudiesRequest, SearchStudiesResponse, Study, StudySummary, WatchValidatedRequest,
};
use trialsift_proto::{decode_event, parse_document_id, parse_verdict};
use trialsift_store::Store;

use crate::convert::{
    document_finding_to_wire, findings_fingerprint, order_findings, search_fingerprint,
    search_query, state_to_wire, summary_to_wire,
};
use crate::error::{QueryError, to_status};
use crate::paging;

/// Implements `trialsift.v1.QueryService` over a store (read only) and a bus (for the live feed).
#[derive(Clone)]
pub struct QueryHandler {
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    shutdown: CancellationToken,
}

impl fmt::Debug for QueryHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryHandler")
            .field("shutting_down", &self.shutdown.is_cancelled())
            .finish_non_exhaustive()
    }
}

impl QueryHandler {
    /// Builds the handler; cancelling `shutdown` ends every open `WatchValidated` stream.
    pub fn new(store: Arc<dyn Store>, bus: Arc<dyn Bus>, shutdown: CancellationToken) -> Self {
        Self { store, bus, shutdown }
    }

    /// Returns a document's validated study record, findings problems first.
    pub async fn study(&self, document_id: &str) -> Result<Study, QueryError> {
        let id = parse_document_id(document_id)?;
        let Some(mut record) = self.store.study(&id).await? else {
            // Say whether the document is unknown or simply not validated yet.
            return Err(match self.store.document_state(&id).await? {
                None => QueryError::DocumentNotFound(id),
                Some(state) => QueryError::StudyNotFound { id, status: state.status.to_string() },
            });
        };
        order_findings(&mut record.findings);
        let record_json = serde_json::to_string(&record)?;
        let summary = summary_to_wire(trialsift_store::StudySummary::of(&record));
        let findings = record.findings.iter().map(Into::into).collect();
        Ok(Study { summary: Some(summary), findings, record_json })
    }

    /// Returns where a document is in the pipeline.
    pub async fn status(&self, document_id: &str) -> Result<DocumentStatus, QueryError> {
        let id = parse_document_id(document_id)?;
        let state =
            self.store.document_state(&id).await?.ok_or(QueryError::DocumentNotFound(id))?;
        Ok(state_to_wire(state))
    }

    /// Searches study records, one page at a time.
    pub async fn search(
        &self,
        request: &SearchStudiesRequest,
    ) -> Result<SearchStudiesResponse, QueryError> {
        let query = search_query(request)?;
        let page = self.store.search(&query).await?;
        let next_page_token = paging::next_token(page.next_offset, search_fingerprint(&query));
        let studies = page.items.into_iter().map(summary_to_wire).collect();
        Ok(SearchStudiesResponse { studies, next_page_token })
    }

    /// Lists findings of one verdict across studies, one page at a time.
    pub async fn findings(
        &self,
        request: &ListFindingsRequest,
    ) -> Result<ListFindingsResponse, QueryError> {
        let verdict = parse_verdict(request.verdict.trim())?;
        let query_fingerprint = findings_fingerprint(verdict);
        let page = paging::page_request(request.page_size, &request.page_token, query_fingerprint)?;
        let page = self.store.findings(verdict, page).await?;
        let next_page_token = paging::next_token(page.next_offset, query_fingerprint);
        let findings = page.items.into_iter().map(document_finding_to_wire).collect();
        Ok(ListFindingsResponse { findings, next_page_token })
    }

    /// Follows `trialsift.studies.validated` and yields each new study's summary.
    ///
    /// The stream ends when the bus stream ends, when the server shuts down,
    /// or after reporting a database error; a client that goes away drops it.
    /// Events that do not decode, and studies that cannot be found, are
    /// logged and skipped.
    pub async fn validated_feed(
        &self,
    ) -> Result<BoxStream<'static, Result<StudySummary, Status>>, QueryError> {
        let events = self.bus.watch(Subject::Validated).await?;
        let state = FeedState {
            events,
            store: Arc::clone(&self.store),
            shutdown: self.shutdown.clone(),
            finished: false,
        };
        Ok(stream::unfold(state, next_summary).boxed())
    }
}

/// What the live feed carries from one item to the next.
struct FeedState {
    events: BoxStream<'static, Bytes>,
    store: Arc<dyn Store>,
    shutdown: CancellationToken,
    finished: bool,
}

async fn next_summary(mut state: FeedState) -> Option<(Result<StudySummary, Status>, FeedState)> {
    if state.finished {
        return None;
    }
    loop {
        let payload = tokio::select! {
            biased;
            () = state.shutdown.cancelled() => return None,
            next = state.events.next() => next?,
        };
        let id = match decode_event(&payload).and_then(|event| event.parsed_document_id()) {
            Ok(id) => id,
            Err(error) => {
                tracing::warn!(%error, "skipping a validated event that does not decode");
                continue;
            }
        };
        match load_summary(state.store.as_ref(), &id).await {
            Ok(Some(summary)) => return Some((Ok(summary), state)),
            Ok(None) => {
                tracing::warn!(document_id = %id, "validated event for a study not in the store");
            }
            Err(error) => {
                state.finished = true;
                return Some((Err(to_status(&error)), state));
            }
        }
    }
}

async fn load_summary(
    store: &dyn Store,
    id: &DocumentId,
) -> Result<Option<StudySummary>, QueryError> {
    let record = store.study(id).await?;
    Ok(record.map(|record| summary_to_wire(trialsift_store::StudySummary::of(&record))))
}

#[tonic::async_trait]
impl QueryService for QueryHandler {
    #[tracing::instrument(skip_all, fields(document_id = %request.get_ref().document_id))]
    async fn get_study(
        &self,
        request: Request<GetStudyRequest>,
    ) -> Result<Response<Study>, Status> {
        Ok(Response::new(self.study(&request.get_ref().document_id).await?))
    }

    #[tracing::instrument(skip_all, fields(document_id = %request.get_ref().document_id))]
    async fn get_status(
        &self,
        request: Request<GetStatusRequest>,
    ) -> Result<Response<DocumentStatus>, Status> {
        Ok(Response::new(self.status(&request.get_ref().document_id).await?))
    }

    #[tracing::instrument(
        skip_all,
        fields(page_size = request.get_ref().page_size, results = tracing::field::Empty)
    )]
    async fn search_studies(
        &self,
        request: Request<SearchStudiesRequest>,
    ) -> Result<Response<SearchStudiesResponse>, Status> {
        let response = self.search(request.get_ref()).await?;
        tracing::Span::current().record("results", response.studies.len());
        Ok(Response::new(response))
    }

    #[tracing::instrument(
        skip_all,
        fields(verdict = %request.get_ref().verdict, results = tracing::field::Empty)
    )]
    async fn list_findings(
        &self,
        request: Request<ListFindingsRequest>,
    ) -> Result<Response<ListFindingsResponse>, Status> {
        let response = self.findings(request.get_ref()).await?;
        tracing::Span::current().record("results", response.findings.len());
        Ok(Response::new(response))
    }

    type WatchValidatedStream = BoxStream<'static, Result<StudySummary, Status>>;

    #[tracing::instrument(skip_all)]
    async fn watch_validated(
        &self,
        _request: Request<WatchValidatedRequest>,
    ) -> Result<Response<Self::WatchValidatedStream>, Status> {
        Ok(Response::new(self.validated_feed().await?))
    }
}
