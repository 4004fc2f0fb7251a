//! Real servers for tests: `nats-server -js` and `postgres`, each started on a
//! free loopback port with a throwaway data directory and stopped on drop.
//!
//! Tests never depend on the services a developer machine happens to run.

use std::net::TcpListener;

pub mod nats;
pub mod postgres;

/// Errors starting a test server.
#[derive(Debug, thiserror::Error)]
pub enum TestkitError {
    /// The server binary is not installed.
    #[error("{binary} not found (looked in {searched}); install the Debian package {package}")]
    Missing {
        /// The binary looked for.
        binary: &'static str,
        /// Where it was looked for.
        searched: String,
        /// The Debian package that provides it.
        package: &'static str,
    },
    /// The server did not start or did not become ready in time.
    #[error("{server} did not start: {message}")]
    Start {
        /// Which server.
        server: &'static str,
        /// What went wrong, with the tail of its log where available.
        message: String,
    },
    /// An I/O error while preparing the server.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// Returns a TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Result<u16, TestkitError> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}
