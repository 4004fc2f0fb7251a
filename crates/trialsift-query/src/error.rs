//! What can go wrong with a query, and the one place that maps it to a gRPC status.

use trialsift_bus::BusError;
use trialsift_domain::DocumentId;
use trialsift_proto::ConversionError;
use trialsift_store::StoreError;

/// Why a query could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A request field does not parse (a document id, a verdict name).
    #[error(transparent)]
    InvalidArgument(#[from] ConversionError),
    /// A page token was not issued by this service for this query.
    #[error("invalid page token: {0}")]
    InvalidPageToken(&'static str),
    /// The document is unknown.
    #[error("no document with id {0}")]
    DocumentNotFound(DocumentId),
    /// The document is known but has no validated study record (yet).
    #[error("no validated study for document {id} (status: {status})")]
    StudyNotFound {
        /// The document.
        id: DocumentId,
        /// Where the document is in the pipeline.
        status: String,
    },
    /// The database refused or could not be reached.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The bus refused or could not be reached.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// A study record could not be encoded as JSON.
    #[error("cannot encode the study record: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Maps a query error to the gRPC status the client gets.
///
/// Bad input is `INVALID_ARGUMENT`, missing is `NOT_FOUND`, a database or bus
/// that cannot be reached is `UNAVAILABLE`, a stored value that does not
/// decode is `DATA_LOSS`, anything else is `INTERNAL`.
pub fn to_status(error: &QueryError) -> tonic::Status {
    let message = error.to_string();
    match error {
        QueryError::InvalidArgument(_) | QueryError::InvalidPageToken(_) => {
            tonic::Status::invalid_argument(message)
        }
        QueryError::DocumentNotFound(_) | QueryError::StudyNotFound { .. } => {
            tonic::Status::not_found(message)
        }
        QueryError::Store(StoreError::Unavailable(_))
        | QueryError::Bus(BusError::Unavailable(_)) => tonic::Status::unavailable(message),
        QueryError::Store(StoreError::Corrupt { .. }) => tonic::Status::data_loss(message),
        QueryError::Store(_) | QueryError::Bus(_) | QueryError::Encode(_) => {
            tonic::Status::internal(message)
        }
    }
}

impl From<QueryError> for tonic::Status {
    fn from(error: QueryError) -> Self {
        let status = to_status(&error);
        match status.code() {
            tonic::Code::InvalidArgument | tonic::Code::NotFound => {
                tracing::debug!(%error, "query refused");
            }
            _ => tracing::warn!(%error, "query failed"),
        }
        status
    }
}

#[cfg(test)]
mod tests {
    use tonic::Code;
    use trialsift_domain::InvalidDocumentId;

    use super::*;

    #[test]
    fn codes_follow_the_conventions() {
        let id = DocumentId::for_text("x");
        let cases = [
            (
                QueryError::InvalidArgument(InvalidDocumentId("x".into()).into()),
                Code::InvalidArgument,
            ),
            (QueryError::InvalidPageToken("not hex"), Code::InvalidArgument),
            (QueryError::DocumentNotFound(id.clone()), Code::NotFound),
            (QueryError::StudyNotFound { id, status: "split".into() }, Code::NotFound),
            (QueryError::Store(StoreError::Unavailable("down".into())), Code::Unavailable),
            (QueryError::Bus(BusError::Unavailable("down".into())), Code::Unavailable),
            (
                QueryError::Store(StoreError::Corrupt {
                    document_id: "x".into(),
                    message: "bad json".into(),
                }),
                Code::DataLoss,
            ),
            (QueryError::Store(StoreError::Database("oops".into())), Code::Internal),
        ];
        for (error, code) in cases {
            let status = to_status(&error);
            assert_eq!(status.code(), code, "{error}");
            assert_eq!(status.message(), error.to_string());
        }
    }

    #[test]
    fn unavailable_database_is_named() {
        let status = to_status(&QueryError::Store(StoreError::Unavailable("refused".into())));
        assert_eq!(status.message(), "database unavailable: refused");
    }
}
