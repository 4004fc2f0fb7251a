//! What can go wrong with one submission, and the one place that maps it to a gRPC status.

use trialsift_bus::BusError;
use trialsift_store::StoreError;

/// Why one document was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The text has no bytes at all.
    #[error("document is empty: it must contain text")]
    Empty,
    /// The text has bytes, but only whitespace.
    #[error("document is whitespace only ({size} bytes): it must contain text")]
    Blank {
        /// Size of the text in bytes.
        size: usize,
    },
    /// The text is over the configured size limit.
    #[error("document is {size} bytes; the limit is {limit}")]
    TooLarge {
        /// Size of the text in bytes.
        size: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The text is not UTF-8.
    #[error("document is not valid UTF-8: invalid byte at offset {valid_up_to}")]
    NotUtf8 {
        /// Length of the longest valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The source label is over its size limit.
    #[error("source is {size} bytes; the limit is {limit}")]
    SourceTooLong {
        /// Size of the label in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The database refused or could not be reached.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The bus refused or could not be reached.
    #[error(transparent)]
    Bus(#[from] BusError),
}

/// Maps a submission error to the gRPC status the client gets.
///
/// Bad input is `INVALID_ARGUMENT`; a database or bus that cannot be reached
/// is `UNAVAILABLE` (the client may retry; nothing half-accepted is kept
/// from the client's point of view, since resubmitting heals it); anything
/// else is `INTERNAL`.
pub fn to_status(error: &SubmitError) -> tonic::Status {
    let message = error.to_string();
    match error {
        SubmitError::Empty
        | SubmitError::Blank { .. }
        | SubmitError::TooLarge { .. }
        | SubmitError::NotUtf8 { .. }
        | SubmitError::SourceTooLong { .. } => tonic::Status::invalid_argument(message),
        SubmitError::Store(StoreError::Unavailable(_))
        | SubmitError::Bus(BusError::Unavailable(_)) => tonic::Status::unavailable(message),
        SubmitError::Store(_) | SubmitError::Bus(_) => tonic::Status::internal(message),
    }
}

impl From<SubmitError> for tonic::Status {
    fn from(error: SubmitError) -> Self {
        to_status(&error)
    }
}

/// Returns the canonical name of a gRPC status code, e.g. `INVALID_ARGUMENT`.
pub fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[cfg(test)]
mod tests {
    use tonic::Code;

    use super::*;

    #[test]
    fn bad_input_is_invalid_argument() {
        for error in [
            SubmitError::Empty,
            SubmitError::Blank { size: 3 },
            SubmitError::TooLarge { size: 11, limit: 10 },
            SubmitError::NotUtf8 { valid_up_to: 0 },
            SubmitError::SourceTooLong { size: 2000, limit: 1024 },
        ] {
            let status = to_status(&error);
            assert_eq!(status.code(), Code::InvalidArgument, "{error}");
            assert_eq!(status.message(), error.to_string());
        }
    }

    #[test]
    fn unreachable_backends_are_unavailable() {
        let status =
            to_status(&SubmitError::Store(StoreError::Unavailable("pool timed out".into())));
        assert_eq!(status.code(), Code::Unavailable);
        assert_eq!(status.message(), "database unavailable: pool timed out");
        let status = to_status(&SubmitError::Bus(BusError::Unavailable("no responders".into())));
        assert_eq!(status.code(), Code::Unavailable);
        assert_eq!(status.message(), "bus unavailable: no responders");
    }

    #[test]
    fn other_backend_errors_are_internal() {
        let status = to_status(&SubmitError::Store(StoreError::Database("constraint".into())));
        assert_eq!(status.code(), Code::Internal);
        let status = to_status(&SubmitError::Bus(BusError::Protocol("bad ack".into())));
        assert_eq!(status.code(), Code::Internal);
    }

    #[test]
    fn code_names_are_canonical() {
        assert_eq!(code_name(Code::InvalidArgument), "INVALID_ARGUMENT");
        assert_eq!(code_name(Code::Unavailable), "UNAVAILABLE");
        assert_eq!(code_name(Code::Unauthenticated), "UNAUTHENTICATED");
    }
}
