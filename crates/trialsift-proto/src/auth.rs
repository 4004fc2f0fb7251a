//! The optional shared bearer token, for servers ([`BearerAuth`]) and clients ([`AttachBearer`]).
//!
//! When a token is configured, every request to a trialsift service must carry
//! `authorization: Bearer <token>`; otherwise the server answers
//! `UNAUTHENTICATED`. Tokens are compared without an early exit on the first
//! differing byte, and never printed.

use std::fmt;
use std::sync::Arc;

use tonic::metadata::{AsciiMetadataValue, MetadataValue};
use tonic::service::Interceptor;
use tonic::{Request, Status};

/// The metadata key that carries the token.
pub const AUTHORIZATION: &str = "authorization";

const BEARER_SCHEME: &str = "bearer ";

/// Server-side interceptor: checks the bearer token when one is configured, lets everything through otherwise.
#[derive(Clone, Default)]
pub struct BearerAuth {
    expected: Option<Arc<str>>,
}

impl BearerAuth {
    /// Builds the check; `None` (or an empty token) disables authentication.
    pub fn new(token: Option<String>) -> Self {
        let expected = token.filter(|token| !token.is_empty()).map(Arc::from);
        Self { expected }
    }

    /// Tells whether requests must carry a token.
    pub fn is_enabled(&self) -> bool {
        self.expected.is_some()
    }

    /// Checks a request's metadata against the configured token.
    pub fn check<T>(&self, request: &Request<T>) -> Result<(), Status> {
        let Some(expected) = self.expected.as_deref() else {
            return Ok(());
        };
        let Some(value) = request.metadata().get(AUTHORIZATION) else {
            return Err(Status::unauthenticated("missing bearer token"));
        };
        let Ok(value) = value.to_str() else {
            return Err(Status::unauthenticated("malformed authorization header"));
        };
        let Some(presented) = strip_bearer(value) else {
            return Err(Status::unauthenticated("authorization header is not a bearer token"));
        };
        if !constant_time_eq(presented.as_bytes(), expected.as_bytes()) {
            return Err(Status::unauthenticated("invalid bearer token"));
        }
        Ok(())
    }
}

impl fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerAuth").field("enabled", &self.is_enabled()).finish()
    }
}

impl Interceptor for BearerAuth {
    fn call(&mut self, request: Request<()>) -> Result<Request<()>, Status> {
        self.check(&request)?;
        Ok(request)
    }
}

/// Error returned when a token cannot be sent as a header value.
#[derive(Debug, thiserror::Error)]
#[error("the bearer token must be visible ASCII without line breaks")]
pub struct InvalidToken;

/// Client-side interceptor: adds `authorization: Bearer <token>` to every request when a token is set.
#[derive(Clone, Default)]
pub struct AttachBearer {
    header: Option<AsciiMetadataValue>,
}

impl AttachBearer {
    /// Builds the interceptor; `None` sends requests without a token.
    pub fn new(token: Option<&str>) -> Result<Self, InvalidToken> {
        let header = match token.filter(|token| !token.is_empty()) {
            None => None,
            Some(token) => {
                let mut value =
                    MetadataValue::try_from(format!("Bearer {token}")).map_err(|_| InvalidToken)?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        Ok(Self { header })
    }
}

impl fmt::Debug for AttachBearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachBearer").field("enabled", &self.header.is_some()).finish()
    }
}

impl Interceptor for AttachBearer {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(header) = &self.header {
            request.metadata_mut().insert(AUTHORIZATION, header.clone());
        }
        Ok(request)
    }
}

/// Returns the token of a `Bearer <token>` header value; the scheme is case-insensitive.
fn strip_bearer(value: &str) -> Option<&str> {
    let scheme = value.get(..BEARER_SCHEME.len())?;
    if !scheme.eq_ignore_ascii_case(BEARER_SCHEME) {
        return None;
    }
    value.get(BEARER_SCHEME.len()..).map(str::trim)
}

/// Compares two byte strings in time that depends on their length only.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let difference = left.iter().zip(right).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(header: Option<&str>) -> Request<()> {
        let mut request = Request::new(());
        if let Some(header) = header {
            let value = MetadataValue::try_from(header).expect("ascii header");
            request.metadata_mut().insert(AUTHORIZATION, value);
        }
        request
    }

    #[test]
    fn disabled_auth_lets_everything_through() {
        let auth = BearerAuth::new(None);
        assert!(!auth.is_enabled());
        assert!(auth.check(&request_with(None)).is_ok());
        assert!(!BearerAuth::new(Some(String::new())).is_enabled());
    }

    #[test]
    fn enabled_auth_requires_the_right_token() {
        let auth = BearerAuth::new(Some("s3cret".to_owned()));
        for (header, message) in [
            (None, "missing bearer token"),
            (Some("Basic s3cret"), "authorization header is not a bearer token"),
            (Some("Bearer s3creT"), "invalid bearer token"),
            (Some("Bearer s3cre"), "invalid bearer token"),
        ] {
            let status = auth.check(&request_with(header)).expect_err("refused");
            assert_eq!(status.code(), tonic::Code::Unauthenticated);
            assert_eq!(status.message(), message);
        }
        assert!(auth.check(&request_with(Some("Bearer s3cret"))).is_ok());
        assert!(auth.check(&request_with(Some("bearer s3cret"))).is_ok());
    }

    #[test]
    fn client_interceptor_attaches_what_the_server_expects() {
        let mut attach = AttachBearer::new(Some("s3cret")).expect("ascii token");
        let request = attach.call(Request::new(())).expect("attached");
        let auth = BearerAuth::new(Some("s3cret".to_owned()));
        assert!(auth.check(&request).is_ok());
        assert!(AttachBearer::new(Some("line\nbreak")).is_err());
        assert!(!format!("{attach:?}").contains("s3cret"));
        assert!(!format!("{auth:?}").contains("s3cret"));
    }

    #[test]
    fn comparison_is_exact() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
