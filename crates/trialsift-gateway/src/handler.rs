//! The ingest service's request handlers.

use std::fmt;
use std::pin::pin;
use std::sync::Arc;

use futures::StreamExt;
use tonic::{Request, Response, Status, Streaming};
use trialsift_bus::{Bus, OutgoingMessage, Subject};
use trialsift_domain::{DocumentId, DocumentStatus};
use trialsift_proto::encode_event;
use trialsift_proto::v1::ingest_service_server::IngestService;
use trialsift_proto::v1::{
    BulkItemResult, BulkSubmitResponse, DocumentEvent, ItemError, SubmitRequest, SubmitResponse,
};
use trialsift_store::{Inserted, NewDocument, Store};

use crate::error::{SubmitError, code_name, to_status};
use crate::validate::validate_document;

/// Documents of one bulk stream processed at the same time; results keep the order sent.
pub const BULK_CONCURRENCY: usize = 8;

/// Implements `trialsift.v1.IngestService` over a store and a bus.
#[derive(Clone)]
pub struct IngestHandler {
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    max_document_bytes: usize,
}

impl fmt::Debug for IngestHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestHandler")
            .field("max_document_bytes", &self.max_document_bytes)
            .finish_non_exhaustive()
    }
}

impl IngestHandler {
    /// Builds the handler; documents over `max_document_bytes` are refused.
    pub fn new(store: Arc<dyn Store>, bus: Arc<dyn Bus>, max_document_bytes: usize) -> Self {
        Self { store, bus, max_document_bytes }
    }

    /// Validates, stores and announces one document.
    ///
    /// The `submitted` event is published when the document is new, and also
    /// when it was already known but still waits for the splitter: a crash
    /// between the insert and the publish is healed by submitting again, and
    /// the bus drops the repeat by its message id.
    #[tracing::instrument(
        skip_all,
        fields(bytes = request.text.len(), source, document_id, created)
    )]
    pub async fn submit_document(
        &self,
        request: SubmitRequest,
    ) -> Result<SubmitResponse, SubmitError> {
        let SubmitRequest { text, source } = request;
        let text = validate_document(text, &source, self.max_document_bytes)?;
        let id = DocumentId::for_text(&text);
        // Recorded only once validated: the source's length is bounded by then.
        let span = tracing::Span::current();
        span.record("source", source.as_str());
        span.record("document_id", id.as_str());

        let document = NewDocument { id: id.clone(), source, text };
        let inserted = self.store.insert_document(&document).await?;
        let (created, status) = match inserted {
            Inserted::Created => (true, DocumentStatus::Submitted),
            Inserted::Existing(status) => (false, status),
        };
        span.record("created", created);

        if status == DocumentStatus::Submitted {
            let event = DocumentEvent::submitted(&id, &document.source);
            let message = OutgoingMessage {
                subject: Subject::Submitted,
                message_id: event.message_id(),
                payload: encode_event(&event),
            };
            self.bus.publish(vec![message]).await?;
        }
        tracing::debug!(status = %status, "document accepted");
        Ok(SubmitResponse {
            document_id: id.as_str().to_owned(),
            created,
            status: status.as_str().to_owned(),
        })
    }

    /// Processes one document of a bulk stream into its per-document result.
    async fn bulk_item(&self, index: usize, request: SubmitRequest) -> BulkItemResult {
        let source = request.source.clone();
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        match self.submit_document(request).await {
            Ok(accepted) => BulkItemResult { index, source, accepted: Some(accepted), error: None },
            Err(error) => {
                let status = to_status(&error);
                log_refusal(&error, &status);
                BulkItemResult {
                    index,
                    source,
                    accepted: None,
                    error: Some(ItemError {
                        code: code_name(status.code()).to_owned(),
                        message: status.message().to_owned(),
                    }),
                }
            }
        }
    }
}

#[tonic::async_trait]
impl IngestService for IngestHandler {
    async fn submit(
        &self,
        request: Request<SubmitRequest>,
    ) -> Result<Response<SubmitResponse>, Status> {
        let response = self.submit_document(request.into_inner()).await.map_err(|error| {
            let status = to_status(&error);
            log_refusal(&error, &status);
            status
        })?;
        Ok(Response::new(response))
    }

    #[tracing::instrument(skip_all, fields(documents, accepted, rejected))]
    async fn bulk_submit(
        &self,
        request: Request<Streaming<SubmitRequest>>,
    ) -> Result<Response<BulkSubmitResponse>, Status> {
        let requests = request.into_inner();
        // `buffered` keeps reading the client stream while up to
        // BULK_CONCURRENCY documents are in flight, and yields in order.
        let outcomes = requests
            .enumerate()
            .map(|(index, request)| async move {
                match request {
                    Ok(request) => Ok(self.bulk_item(index, request).await),
                    Err(status) => Err(status),
                }
            })
            .buffered(BULK_CONCURRENCY);
        let mut outcomes = pin!(outcomes);

        let mut response = BulkSubmitResponse::default();
        while let Some(outcome) = outcomes.next().await {
            // A broken client stream ends the call; documents already accepted
            // stay accepted, and resubmitting them is a no-op.
            let result = outcome?;
            if result.accepted.is_some() {
                response.accepted += 1;
            } else {
                response.rejected += 1;
            }
            response.results.push(result);
        }
        let span = tracing::Span::current();
        span.record("documents", response.results.len());
        span.record("accepted", response.accepted);
        span.record("rejected", response.rejected);
        Ok(Response::new(response))
    }
}

fn log_refusal(error: &SubmitError, status: &Status) {
    match status.code() {
        tonic::Code::InvalidArgument => tracing::info!(%error, "document refused"),
        _ => tracing::warn!(%error, code = code_name(status.code()), "document not accepted"),
    }
}
