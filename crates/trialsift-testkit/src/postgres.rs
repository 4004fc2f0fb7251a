//! A throwaway Postgres cluster for tests.
//!
//! [`PostgresServer::start`] runs `initdb` into a temporary directory and
//! starts `postgres` on a free loopback port with its Unix socket in the same
//! directory, tuned for test speed (no fsync, no synchronous commit, no full
//! page writes: a crash loses the cluster, which is thrown away anyway). Tests
//! connect through the socket (see [`PostgresServer::url`]); each test makes
//! its own database with [`PostgresServer::create_database`].
//!
//! Postgres refuses to run as root. When the tests run as root (here and in
//! CI), `initdb` and `postgres` run as the `postgres` system user that the
//! Debian package creates, through `runuser` (or `setpriv`), after the
//! temporary directory is handed to that user.
//!
//! The server runs under a small `sh` watchdog that holds the read end of a
//! pipe: when the pipe closes (on drop, or when the test process exits
//! without dropping, as with a server kept in a `static`), the watchdog shuts
//! the server down immediately (SIGQUIT, what `pg_ctl stop -m immediate`
//! sends) and removes the directory. No cluster outlives its test process.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::chown;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::{TestkitError, free_port};

/// How long the server may take to accept connections.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long dropping the server waits for it to exit.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// How many free ports to try when the one picked is taken in the meantime.
const PORT_ATTEMPTS: usize = 3;

/// The database superuser every test connects as (trust authentication).
pub const SUPERUSER: &str = "postgres";

/// The watchdog: starts the server, stops it when standard input closes, then removes the directory.
///
/// Arguments: the directory to remove, the log file, then the server command.
const WATCHDOG: &str = r#"
root=$1; log=$2; shift 2
exec 3<&0 </dev/null
"$@" >>"$log" 2>&1 3<&- &
server=$!
( read -r _line <&3; : >"$root/stopping"; kill -QUIT "$server" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$server"
status=$?
kill "$watcher" 2>/dev/null
if [ -e "$root/stopping" ]; then rm -rf "$root"; fi
exit "$status"
"#;

/// The Postgres programs, all from one installation.
#[derive(Debug, Clone)]
struct Binaries {
    initdb: PathBuf,
    postgres: PathBuf,
    createdb: PathBuf,
}

/// The unprivileged user the server runs as when the tests run as root.
#[derive(Debug, Clone, Copy)]
struct SystemUser {
    uid: u32,
    gid: u32,
}

/// A running throwaway Postgres cluster, stopped and removed on drop.
#[derive(Debug)]
pub struct PostgresServer {
    binaries: Binaries,
    root: TempDir,
    socket_dir: PathBuf,
    port: u16,
    watchdog: Child,
    watchdog_input: Option<ChildStdin>,
}

impl PostgresServer {
    /// Initializes a cluster in a temporary directory and starts it on a free port.
    pub fn start() -> Result<Self, TestkitError> {
        let binaries = find_binaries()?;
        let run_as = if effective_uid()? == 0 { Some(postgres_user()?) } else { None };

        let root = tempfile::Builder::new().prefix("trialsift-pg-").tempdir()?;
        let data_dir = root.path().join("data");
        let socket_dir = root.path().join("socket");
        fs::create_dir(&socket_dir)?;
        // Unix socket paths are limited to about 107 bytes.
        let socket_path_len = socket_dir.as_os_str().len() + "/.s.PGSQL.65535".len();
        if socket_path_len > 100 {
            return Err(start_error(format!(
                "socket directory {} is too long for a Unix socket; set TMPDIR to a shorter path",
                socket_dir.display()
            )));
        }
        if let Some(user) = run_as {
            chown(root.path(), Some(user.uid), Some(user.gid))?;
            chown(&socket_dir, Some(user.uid), Some(user.gid))?;
        }

        let initdb = as_user(run_as, &binaries.initdb)
            .current_dir(root.path())
            .arg("--pgdata")
            .arg(&data_dir)
            .args(["--username", SUPERUSER, "--auth", "trust", "--encoding", "UTF8"])
            .args(["--locale", "C", "--no-sync"])
            .stdin(Stdio::null())
            .output()?;
        if !initdb.status.success() {
            return Err(start_error(format!(
                "initdb failed ({}): {}{}",
                initdb.status,
                String::from_utf8_lossy(&initdb.stdout),
                String::from_utf8_lossy(&initdb.stderr)
            )));
        }

        let log_path = root.path().join("postgres.log");
        let mut last_error = start_error("no attempt made".to_owned());
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port()?;
            let mut watchdog = as_user(run_as, Path::new("sh"))
                .current_dir(root.path())
                .arg("-c")
                .arg(WATCHDOG)
                .arg("sh")
                .arg(root.path())
                .arg(&log_path)
                .arg(&binaries.postgres)
                .arg("-D")
                .arg(&data_dir)
                .arg("-k")
                .arg(&socket_dir)
                .args(["-p", &port.to_string(), "-h", "127.0.0.1", "-F"])
                .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
                .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            let watchdog_input = watchdog.stdin.take();
            let socket = socket_dir.join(format!(".s.PGSQL.{port}"));
            match wait_until_ready(&mut watchdog, &data_dir, &socket, &log_path) {
                Ok(()) => {
                    return Ok(Self { binaries, root, socket_dir, port, watchdog, watchdog_input });
                }
                Err(error) => {
                    // A server that exited by itself leaves the directory in place for another
                    // attempt; one that hangs is stopped, and its directory goes with it.
                    let exited = matches!(watchdog.try_wait(), Ok(Some(_)));
                    let port_taken = exited && log_tail(&log_path).contains("already in use");
                    stop_watchdog(&mut watchdog, watchdog_input);
                    last_error = error;
                    if !port_taken {
                        break;
                    }
                }
            }
        }
        Err(last_error)
    }

    /// Returns the directory holding the server's Unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Returns the TCP port the server listens on (on 127.0.0.1), which also names its socket.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Returns the last lines of the server's log, for test failure messages.
    pub fn log_tail(&self) -> String {
        log_tail(&self.root.path().join("postgres.log"))
    }

    /// Returns the URL of database `database` through the Unix socket.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres:///{database}?host={}&port={}&user={SUPERUSER}",
            self.socket_dir.display(),
            self.port
        )
    }

    /// Returns the URL of database `database` over TCP on 127.0.0.1 (slower with sqlx 0.9: prefer [`Self::url`]).
    pub fn tcp_url(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates an empty database (name: ASCII letters, digits and `_`, at most 63 bytes) and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, TestkitError> {
        let well_formed = !name.is_empty()
            && name.len() <= 63
            && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
        if !well_formed {
            return Err(start_error(format!("invalid database name {name:?}")));
        }
        let output = Command::new(&self.binaries.createdb)
            .arg("--host")
            .arg(&self.socket_dir)
            .args(["--port", &self.port.to_string(), "--username", SUPERUSER, "--no-password"])
            .arg(name)
            .env_remove("PGSERVICE")
            .env_remove("PGOPTIONS")
            .stdin(Stdio::null())
            .output()?;
        if !output.status.success() {
            return Err(start_error(format!(
                "createdb {name} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        Ok(self.url(name))
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        stop_watchdog(&mut self.watchdog, self.watchdog_input.take());
        // The TempDir removes whatever the watchdog left.
    }
}

/// Waits until the postmaster reports itself ready, failing early if it exits.
fn wait_until_ready(
    watchdog: &mut Child,
    data_dir: &Path,
    socket: &Path,
    log_path: &Path,
) -> Result<(), TestkitError> {
    let deadline = Instant::now() + READY_TIMEOUT;
    let pid_file = data_dir.join("postmaster.pid");
    loop {
        if let Some(status) = watchdog.try_wait()? {
            return Err(start_error(format!(
                "postgres exited ({status}); log tail:\n{}",
                log_tail(log_path)
            )));
        }
        // Line 8 of postmaster.pid is the postmaster's status (Postgres 10 and later).
        let ready = fs::read_to_string(&pid_file)
            .map(|contents| contents.lines().nth(7).is_some_and(|line| line.trim() == "ready"))
            .unwrap_or(false);
        if ready && socket.exists() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(start_error(format!(
                "postgres not ready after {READY_TIMEOUT:?}; log tail:\n{}",
                log_tail(log_path)
            )));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Tells the watchdog to stop the server (by closing its input) and waits for it, for a bounded time.
fn stop_watchdog(watchdog: &mut Child, input: Option<ChildStdin>) {
    if let Some(mut input) = input {
        // Closing the pipe is the signal; the newline only makes it prompt.
        let _ = input.write_all(b"\n");
    }
    let deadline = Instant::now() + STOP_TIMEOUT;
    loop {
        match watchdog.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) if Instant::now() >= deadline => {
                let _ = watchdog.kill();
                let _ = watchdog.wait();
                return;
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Builds the error of a server that did not start.
fn start_error(message: String) -> TestkitError {
    TestkitError::Start { server: "postgres", message }
}

/// Returns the last lines of the server log.
fn log_tail(log_path: &Path) -> String {
    let Ok(log) = fs::read_to_string(log_path) else {
        return "(no log)".to_owned();
    };
    let lines: Vec<&str> = log.lines().collect();
    let start = lines.len().saturating_sub(20);
    lines[start..].join("\n")
}

/// Builds a command that runs `program` as `user` when given, else as the current user.
fn as_user(user: Option<SystemUser>, program: &Path) -> Command {
    let Some(user) = user else {
        return Command::new(program);
    };
    if let Some(runuser) = find_program("runuser", &["/usr/sbin", "/sbin"]) {
        let mut command = Command::new(runuser);
        command.args(["-u", SUPERUSER, "--"]).arg(program);
        return command;
    }
    let setpriv =
        find_program("setpriv", &["/usr/bin", "/bin"]).unwrap_or_else(|| PathBuf::from("setpriv"));
    let mut command = Command::new(setpriv);
    command
        .arg(format!("--reuid={}", user.uid))
        .arg(format!("--regid={}", user.gid))
        .arg("--init-groups")
        .arg("--")
        .arg(program);
    command
}

/// Finds a program in the given directories, then on `PATH`.
fn find_program(name: &str, directories: &[&str]) -> Option<PathBuf> {
    let path_dirs = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    directories
        .iter()
        .map(PathBuf::from)
        .chain(path_dirs)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Lists `/usr/lib/postgresql/<version>/bin` directories, highest version first.
fn versioned_bin_dirs() -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir("/usr/lib/postgresql") else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name
                .split('.')
                .map(|part| part.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            let bin = entry.path().join("bin");
            bin.is_dir().then_some((version, bin))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, bin)| bin).collect()
}

/// Finds `initdb`, `postgres` and `createdb`, preferring programs beside the `initdb` found.
fn find_binaries() -> Result<Binaries, TestkitError> {
    let path_dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    let search: Vec<PathBuf> = path_dirs.into_iter().chain(versioned_bin_dirs()).collect();
    let searched = "PATH and /usr/lib/postgresql/*/bin".to_owned();
    let find = |name: &str| search.iter().map(|dir| dir.join(name)).find(|path| path.is_file());

    let Some(initdb) = find("initdb") else {
        return Err(TestkitError::Missing { binary: "initdb", searched, package: "postgresql" });
    };
    // /usr/local/bin/initdb may be a symlink into /usr/lib/postgresql/<version>/bin:
    // the rest of the installation sits beside the real file.
    let home = fs::canonicalize(&initdb).ok().and_then(|real| real.parent().map(Path::to_path_buf));
    let sibling = |name: &str| {
        home.as_ref().map(|dir| dir.join(name)).filter(|path| path.is_file()).or_else(|| find(name))
    };
    let Some(postgres) = sibling("postgres") else {
        return Err(TestkitError::Missing { binary: "postgres", searched, package: "postgresql" });
    };
    let Some(createdb) = sibling("createdb") else {
        return Err(TestkitError::Missing {
            binary: "createdb",
            searched,
            package: "postgresql-client",
        });
    };
    Ok(Binaries { initdb, postgres, createdb })
}

/// Returns the effective user id of this process.
fn effective_uid() -> Result<u32, TestkitError> {
    if let Ok(status) = fs::read_to_string("/proc/self/status") {
        let effective = status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1))
            .and_then(|id| id.parse::<u32>().ok());
        if let Some(uid) = effective {
            return Ok(uid);
        }
    }
    let output = Command::new("id").arg("-u").output()?;
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse::<u32>()
        .map_err(|_| start_error("cannot tell the effective user id".to_owned()))
}

/// Looks up the `postgres` system user in `/etc/passwd`.
fn postgres_user() -> Result<SystemUser, TestkitError> {
    let passwd = fs::read_to_string("/etc/passwd")?;
    let user = passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.first() != Some(&SUPERUSER) {
            return None;
        }
        let uid = fields.get(2)?.parse::<u32>().ok()?;
        let gid = fields.get(3)?.parse::<u32>().ok()?;
        Some(SystemUser { uid, gid })
    });
    user.ok_or(TestkitError::Missing {
        binary: "the postgres system user (postgres refuses to run as root)",
        searched: "/etc/passwd".to_owned(),
        package: "postgresql",
    })
}

#[cfg(test)]
mod tests {
    use std::net::TcpStream;

    use super::*;

    #[test]
    fn starts_creates_databases_and_cleans_up_on_drop() {
        let server = PostgresServer::start().expect("start postgres");
        let socket = server.socket_dir().join(format!(".s.PGSQL.{}", server.port()));
        assert!(socket.exists(), "socket at {}", socket.display());
        assert!(TcpStream::connect(("127.0.0.1", server.port())).is_ok());

        let url = server.create_database("first_db").expect("create database");
        assert_eq!(url, server.url("first_db"));
        assert!(url.starts_with("postgres:///first_db?host=/"));
        assert!(server.create_database("first_db").is_err(), "the name is taken");
        assert!(server.create_database("bad-name; DROP").is_err());

        let root = server.socket_dir().parent().map(Path::to_path_buf).expect("root directory");
        let port = server.port();
        drop(server);
        assert!(!root.exists(), "{} removed", root.display());
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "server stopped");
    }
}
