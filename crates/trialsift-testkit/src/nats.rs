//! A real `nats-server -js` on a free loopback port, with a throwaway store.
//!
//! The server can be stopped and restarted on the same port and store
//! directory, so a test can kill the bus on purpose and check that nothing
//! stored is lost.

use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::{TestkitError, free_port};

/// The server binary looked for.
const BINARY: &str = "nats-server";

/// The Debian package that installs it.
const PACKAGE: &str = "nats-server";

/// Where the binary is looked for besides `PATH`.
const FALLBACK_LOCATIONS: [&str; 2] = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

/// How long the server may take to accept connections.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many fresh ports `start` tries before giving up (another process may take a free port).
const START_ATTEMPTS: usize = 3;

/// What `nats-server` logs once it accepts clients with JetStream enabled.
const READY_LINE: &[u8] = b"Server is ready";

/// How much of the log an error quotes.
const LOG_TAIL_BYTES: u64 = 4096;

/// A running `nats-server` with JetStream, killed and reaped on drop.
#[derive(Debug)]
pub struct NatsServer {
    binary: PathBuf,
    port: u16,
    child: Option<Child>,
    log_path: PathBuf,
    store: TempDir,
}

impl NatsServer {
    /// Starts `nats-server -js` on a free loopback port and waits until it accepts connections.
    pub fn start() -> Result<NatsServer, TestkitError> {
        let binary = find_binary()?;
        let mut last_error = None;
        for _ in 0..START_ATTEMPTS {
            let store = tempfile::Builder::new().prefix("trialsift-nats-").tempdir()?;
            let mut server = NatsServer {
                binary: binary.clone(),
                port: free_port()?,
                child: None,
                log_path: store.path().join("nats-server.log"),
                store,
            };
            match server.spawn_and_wait() {
                Ok(()) => return Ok(server),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or_else(|| TestkitError::Start {
            server: BINARY,
            message: "no start attempt was made".to_owned(),
        }))
    }

    /// Returns the client URL, `nats://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Returns the port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Returns the JetStream store directory, kept across restarts.
    pub fn store_dir(&self) -> PathBuf {
        self.store.path().join("data")
    }

    /// Returns whether the server process is running (started and not stopped).
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Kills the server (as a crash would) and waits for the process to end.
    pub fn stop(&mut self) -> Result<(), TestkitError> {
        if let Some(mut child) = self.child.take() {
            // Killing a process that already exited is an error we do not care about.
            let _ = child.kill();
            child.wait()?;
        }
        Ok(())
    }

    /// Stops the server if it runs, then starts it again on the same port and store directory.
    pub fn restart(&mut self) -> Result<(), TestkitError> {
        self.stop()?;
        self.spawn_and_wait()
    }

    fn spawn_and_wait(&mut self) -> Result<(), TestkitError> {
        let store_dir = self.store_dir();
        fs::create_dir_all(&store_dir)?;
        let log = OpenOptions::new().create(true).append(true).open(&self.log_path)?;
        // Only what this process writes counts as its readiness; a restart appends.
        let log_start = log.metadata()?.len();
        let child = Command::new(&self.binary)
            .arg("-js")
            .arg("-a")
            .arg("127.0.0.1")
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-sd")
            .arg(&store_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()?;
        self.child = Some(child);
        match self.wait_until_ready(log_start) {
            Ok(()) => Ok(()),
            Err(message) => {
                self.stop()?;
                Err(TestkitError::Start {
                    server: BINARY,
                    message: format!(
                        "{message}; log tail:\n{}",
                        log_tail(&self.log_path, LOG_TAIL_BYTES)
                    ),
                })
            }
        }
    }

    /// Waits until this process logs that it is ready and its port accepts TCP connections.
    ///
    /// A connectable port alone is not proof: another server that took the
    /// same port a moment earlier would answer, and then vanish under the test.
    fn wait_until_ready(&mut self, log_start: u64) -> Result<(), String> {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let give_up_at = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(child) = self.child.as_mut() {
                match child.try_wait() {
                    Ok(Some(status)) => {
                        return Err(format!("nats-server exited early with {status}"));
                    }
                    Ok(None) => {}
                    Err(error) => return Err(format!("cannot check nats-server: {error}")),
                }
            }
            if logged_ready(&self.log_path, log_start)
                && TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
            {
                return Ok(());
            }
            if Instant::now() >= give_up_at {
                return Err(format!(
                    "port {} not accepting connections after {:?}",
                    self.port, READY_TIMEOUT
                ));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        // Nothing useful can be done with an error while dropping.
        let _ = self.stop();
    }
}

/// Finds `nats-server` on `PATH` or in the Debian locations.
fn find_binary() -> Result<PathBuf, TestkitError> {
    let mut searched = Vec::new();
    if let Some(path) = env::var_os("PATH") {
        for directory in env::split_paths(&path) {
            let candidate = directory.join(BINARY);
            if is_executable_file(&candidate) {
                return Ok(candidate);
            }
            searched.push(directory.display().to_string());
        }
    }
    for location in FALLBACK_LOCATIONS {
        let candidate = PathBuf::from(location);
        if is_executable_file(&candidate) {
            return Ok(candidate);
        }
        searched.push(location.to_owned());
    }
    Err(TestkitError::Missing { binary: BINARY, searched: searched.join(", "), package: PACKAGE })
}

fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Returns whether the log, from byte `start` on, says the server is ready.
fn logged_ready(path: &Path, start: u64) -> bool {
    let read = || -> std::io::Result<bool> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(start))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes.windows(READY_LINE.len()).any(|window| window == READY_LINE))
    };
    read().unwrap_or(false)
}

/// Returns the last `max_bytes` of a log file, or a note saying why it cannot be read.
fn log_tail(path: &Path, max_bytes: u64) -> String {
    let read = || -> std::io::Result<String> {
        let mut file = File::open(path)?;
        let length = file.metadata()?.len();
        file.seek(SeekFrom::Start(length.saturating_sub(max_bytes)))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    read().unwrap_or_else(|error| format!("(log unreadable: {error})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_stops_and_restarts_on_the_same_port() {
        let mut server = NatsServer::start().expect("nats-server starts");
        let port = server.port();
        assert_eq!(server.url(), format!("nats://127.0.0.1:{port}"));
        assert!(server.is_running());
        server.stop().expect("stop");
        assert!(!server.is_running());
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
        server.restart().expect("restart");
        assert_eq!(server.port(), port);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_ok());
    }
}
