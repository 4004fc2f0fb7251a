//! Real servers for tests: `nats-server -js` and `postgres`, each started on a
//! free loopback port with a throwaway data directory and stopped on drop.
//!
//! Tests never depend on the services a developer machine happens to run.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::sync::{Mutex, PoisonError};

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

/// How many ports the OS may offer before [`free_port`] gives up on finding one not yet handed out.
const PORT_ATTEMPTS: usize = 64;

/// Returns a TCP port on 127.0.0.1 that was free a moment ago and not handed out before.
///
/// Tests in one binary start servers in parallel; the OS may offer the same
/// ephemeral port twice once the probing socket is closed, so every port
/// handed out is remembered for the life of the process.
pub fn free_port() -> Result<u16, TestkitError> {
    static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    for _ in 0..PORT_ATTEMPTS {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let mut handed_out = HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner);
        if handed_out.insert(port) {
            return Ok(port);
        }
    }
    Err(TestkitError::Start {
        server: "free_port",
        message: format!("no unused loopback port after {PORT_ATTEMPTS} tries"),
    })
}
