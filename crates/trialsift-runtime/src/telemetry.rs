//! Logging set-up and the process-wide shutdown signal.

use std::io::IsTerminal as _;

use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines for a terminal.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Installs the global tracing subscriber, filtered by `RUST_LOG` (default `info`), writing to stderr.
///
/// Calling it twice is harmless: the second call leaves the first subscriber in place.
pub fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let colours = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colours);
    let _already_installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Returns a token that is cancelled on SIGTERM or Ctrl-C; a second signal exits at once.
///
/// The signal handlers are installed before this returns, so a signal that arrives at any
/// moment after the call (even before the returned token is awaited) shuts down cleanly
/// instead of killing the process. Call it from within a Tokio runtime.
pub fn shutdown_on_signal() -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let mut signals = Signals::install();
    tokio::spawn(async move {
        signals.next().await;
        tracing::info!("shutdown requested: finishing in-flight work");
        trigger.cancel();
        signals.next().await;
        tracing::warn!("second signal: exiting now");
        std::process::exit(130);
    });
    token
}

/// The process's SIGTERM and SIGINT listeners, registered when built.
struct Signals {
    /// SIGTERM, where it could be registered.
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
    /// SIGINT (Ctrl-C), where it could be registered.
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    /// Registers the listeners now, so no signal between this call and the first wait is lost.
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Self {
                terminate: signal(SignalKind::terminate()).ok(),
                interrupt: signal(SignalKind::interrupt()).ok(),
            }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// Waits for the next SIGTERM or SIGINT.
    async fn next(&mut self) {
        #[cfg(unix)]
        {
            match (self.terminate.as_mut(), self.interrupt.as_mut()) {
                (Some(terminate), Some(interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                (Some(terminate), None) => {
                    terminate.recv().await;
                }
                (None, Some(interrupt)) => {
                    interrupt.recv().await;
                }
                (None, None) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
