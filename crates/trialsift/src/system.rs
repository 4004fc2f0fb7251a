//! Starts trialsift's roles in this process: any subset of gateway, query service and stage
//! workers, over either bus and either store.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::info;
use trialsift_bus::jetstream::JetStreamBus;
use trialsift_bus::memory::MemoryBus;
use trialsift_bus::{Bus, BusSettings};
use trialsift_domain::Stage;
use trialsift_runtime::{Metrics, StageProcessor, Worker, WorkerSettings};
use trialsift_store::{Access, Store};

/// Which bus to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusChoice {
    /// The in-process bus: only roles in this same process see its messages.
    Memory,
    /// NATS JetStream at this URL.
    Nats(String),
}

impl BusChoice {
    /// Parses `memory` or a `nats://` URL.
    pub fn parse(value: &str) -> anyhow::Result<Self> {
        if value == "memory" {
            return Ok(BusChoice::Memory);
        }
        if value.starts_with("nats://") || value.starts_with("tls://") {
            return Ok(BusChoice::Nats(value.to_owned()));
        }
        anyhow::bail!("unsupported bus {value:?}: expected `memory` or a nats:// URL")
    }
}

/// What to run and how to reach the bus and the store.
#[derive(Debug, Clone)]
pub struct SystemSettings {
    /// The bus.
    pub bus: BusChoice,
    /// Bus delivery settings.
    pub bus_settings: BusSettings,
    /// Store URL: `sqlite://PATH` or `postgres://...`.
    pub store_url: String,
    /// Serve the ingest gateway on this address.
    pub gateway: Option<SocketAddr>,
    /// Serve the query service on this address.
    pub query: Option<SocketAddr>,
    /// Stage workers to run, with how many concurrent loops each.
    pub workers: Vec<(Stage, usize)>,
    /// Worker loop settings.
    pub worker_settings: WorkerSettings,
    /// Largest document the gateway accepts, in bytes.
    pub max_document_bytes: usize,
    /// Bearer token required by the gRPC services, when set.
    pub auth_token: Option<String>,
    /// Serve Prometheus metrics on this address (`GET /metrics`), when set.
    pub metrics: Option<SocketAddr>,
}

/// The roles started in this process.
pub struct RunningSystem {
    /// Where the gateway listens, if it runs here.
    pub gateway_addr: Option<SocketAddr>,
    /// Where the query service listens, if it runs here.
    pub query_addr: Option<SocketAddr>,
    /// Where metrics are served, if they are.
    pub metrics_addr: Option<SocketAddr>,
    /// The store the roles share.
    pub store: Arc<dyn Store>,
    /// The bus the roles share.
    pub bus: Arc<dyn Bus>,
    /// Counters of the workers running here.
    pub metrics: Metrics,
    shutdown: CancellationToken,
    tasks: JoinSet<anyhow::Result<()>>,
}

/// Returns the processor of a stage.
pub fn processor(stage: Stage) -> Arc<dyn StageProcessor> {
    match stage {
        Stage::Split => Arc::new(trialsift_splitter::worker::SplitProcessor),
        Stage::Extract => Arc::new(trialsift_extractor::worker::ExtractProcessor),
        Stage::Validate => Arc::new(trialsift_validator::worker::ValidateProcessor),
    }
}

/// Connects to the configured bus.
pub async fn connect_bus(
    choice: &BusChoice,
    settings: &BusSettings,
) -> anyhow::Result<Arc<dyn Bus>> {
    Ok(match choice {
        BusChoice::Memory => Arc::new(MemoryBus::new(settings.clone())),
        BusChoice::Nats(url) => Arc::new(
            JetStreamBus::connect(url, settings.clone())
                .await
                .with_context(|| format!("connecting to NATS at {url}"))?,
        ),
    })
}

/// Starts the configured roles; they run until [`RunningSystem::shutdown`].
pub async fn start(settings: SystemSettings) -> anyhow::Result<RunningSystem> {
    // A query service on its own reads through a read-only connection; any other role writes.
    let access = if settings.gateway.is_none() && settings.workers.is_empty() {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let store = trialsift_store::connect(&settings.store_url, access)
        .await
        .with_context(|| format!("opening the store at {}", redact(&settings.store_url)))?;
    let bus = connect_bus(&settings.bus, &settings.bus_settings).await?;
    start_with(settings, store, bus).await
}

/// Starts the configured roles over an already connected store and bus.
pub async fn start_with(
    settings: SystemSettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
) -> anyhow::Result<RunningSystem> {
    let shutdown = CancellationToken::new();
    let metrics = Metrics::default();
    let mut tasks = JoinSet::new();

    let mut gateway_addr = None;
    if let Some(listen) = settings.gateway {
        let gateway_settings = trialsift_gateway::GatewaySettings {
            listen,
            max_document_bytes: settings.max_document_bytes,
            auth_token: settings.auth_token.clone(),
        };
        let server = trialsift_gateway::bind(gateway_settings, store.clone(), bus.clone())
            .await
            .with_context(|| format!("starting the gateway on {listen}"))?;
        let addr = server.local_addr();
        info!(%addr, "gateway listening");
        gateway_addr = Some(addr);
        let token = shutdown.clone();
        tasks.spawn(async move {
            server.serve(async move { token.cancelled().await }).await.context("gateway stopped")
        });
    }

    let mut query_addr = None;
    if let Some(listen) = settings.query {
        let query_settings =
            trialsift_query::QuerySettings { listen, auth_token: settings.auth_token.clone() };
        let server = trialsift_query::bind(query_settings, store.clone(), bus.clone())
            .await
            .with_context(|| format!("starting the query service on {listen}"))?;
        let addr = server.local_addr();
        info!(%addr, "query service listening");
        query_addr = Some(addr);
        let token = shutdown.clone();
        tasks.spawn(async move {
            server
                .serve(async move { token.cancelled().await })
                .await
                .context("query service stopped")
        });
    }

    let mut metrics_addr = None;
    if let Some(listen) = settings.metrics {
        let addr = trialsift_runtime::serve_metrics(listen, metrics.clone(), shutdown.clone())
            .await
            .with_context(|| format!("serving metrics on {listen}"))?;
        info!(%addr, "metrics at http://{addr}/metrics");
        metrics_addr = Some(addr);
    }

    if settings.bus == BusChoice::Memory && !settings.workers.is_empty() {
        trialsift_runtime::reannounce_unfinished(store.as_ref(), bus.as_ref())
            .await
            .context("re-announcing documents left in the pipeline")?;
    }

    for (stage, loops) in &settings.workers {
        for _ in 0..(*loops).max(1) {
            let worker = Worker::new(
                processor(*stage),
                store.clone(),
                bus.clone(),
                settings.worker_settings.clone(),
                metrics.clone(),
            );
            let token = shutdown.clone();
            tasks.spawn(async move {
                worker.run(token).await;
                Ok(())
            });
        }
    }

    Ok(RunningSystem {
        gateway_addr,
        query_addr,
        metrics_addr,
        store,
        bus,
        metrics,
        shutdown,
        tasks,
    })
}

impl RunningSystem {
    /// Returns the token that stops every role when cancelled.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Waits until the token is cancelled or a role stops on its own, then stops the rest.
    pub async fn run_until_stopped(mut self) -> anyhow::Result<()> {
        let first = tokio::select! {
            _ = self.shutdown.cancelled() => None,
            joined = self.tasks.join_next() => joined,
        };
        self.shutdown.cancel();
        let mut outcome = match first {
            Some(Ok(Err(error))) => Err(error),
            Some(Err(join_error)) => Err(anyhow::anyhow!("a role crashed: {join_error}")),
            _ => Ok(()),
        };
        while let Some(joined) = self.tasks.join_next().await {
            if let (Ok(()), Ok(Err(error))) = (&outcome, joined) {
                outcome = Err(error);
            }
        }
        outcome
    }

    /// Stops every role: stop fetching, finish in-flight work, ack, close the servers.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        self.run_until_stopped().await
    }
}

/// Hides the password of a URL before it is printed.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://app:s3cret@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact("sqlite://trialsift.db"), "sqlite://trialsift.db");
        assert_eq!(redact("postgres://app@db/x"), "postgres://app@db/x");
    }

    #[test]
    fn bus_choice_parses() {
        assert_eq!(BusChoice::parse("memory").expect("memory"), BusChoice::Memory);
        assert!(matches!(BusChoice::parse("nats://127.0.0.1:4222"), Ok(BusChoice::Nats(_))));
        assert!(BusChoice::parse("kafka://x").is_err());
    }
}
