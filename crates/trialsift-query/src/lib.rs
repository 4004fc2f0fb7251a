//! The query service: the tonic `trialsift.v1.QueryService`.
//!
//! Reads study records, processing status, searches and findings from the
//! store (read-only access is enough), and streams the summary of every newly
//! validated study from the bus. Missing is `NOT_FOUND`, a malformed id,
//! verdict or page token is `INVALID_ARGUMENT`, and a database that cannot be
//! reached is `UNAVAILABLE`.
//!
//! Served zero2prod style: [`bind`] takes the settings (port 0 allowed) and
//! returns a [`QueryServer`] that knows its address and runs until a shutdown
//! future resolves, ending open `WatchValidated` streams first. The server
//! also answers gRPC health checks and reflection. [`service`] gives the bare
//! query routes, for a process that serves several services on one port.

mod convert;
mod error;
mod handler;
mod paging;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::server::NamedService;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::server::{Router, TcpIncoming};
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;
use trialsift_bus::Bus;
use trialsift_proto::auth::BearerAuth;
use trialsift_proto::v1::query_service_server::QueryServiceServer;
use trialsift_store::Store;

pub use convert::normalize_registry_id;
pub use error::{QueryError, to_status};
pub use handler::QueryHandler;
pub use paging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// How often the server checks the database for its health status.
pub const HEALTH_CHECK_INTERVAL: Duration = Duration::from_secs(5);

/// The query routes as served: the handler behind the bearer-token check.
pub type QueryService = InterceptedService<QueryServiceServer<QueryHandler>, BearerAuth>;

/// The fully qualified name of the query service, as health checks and reflection know it.
pub const SERVICE_NAME: &str = <QueryServiceServer<QueryHandler> as NamedService>::NAME;

/// The query service's settings.
#[derive(Clone)]
pub struct QuerySettings {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Shared bearer token required on every query call, when set.
    pub auth_token: Option<String>,
}

impl Default for QuerySettings {
    fn default() -> Self {
        Self { listen: SocketAddr::from(([127, 0, 0, 1], 50052)), auth_token: None }
    }
}

impl std::fmt::Debug for QuerySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuerySettings")
            .field("listen", &self.listen)
            .field("auth_token", &self.auth_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Errors of starting or running the query service.
#[derive(Debug, thiserror::Error)]
pub enum QueryServerError {
    /// The listening socket could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The reflection service could not be built from the descriptors.
    #[error("cannot build the reflection service: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The server stopped with a transport error.
    #[error("query server failed: {0}")]
    Serve(#[from] tonic::transport::Error),
}

/// Builds the query routes behind the bearer-token check, for composing with other services.
///
/// Cancel `shutdown` before (or when) the server shuts down: open
/// `WatchValidated` streams end on it, and a graceful shutdown waits for them.
pub fn service(
    settings: &QuerySettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    shutdown: CancellationToken,
) -> QueryService {
    let handler = QueryHandler::new(store, bus, shutdown);
    InterceptedService::new(
        QueryServiceServer::new(handler),
        BearerAuth::new(settings.auth_token.clone()),
    )
}

/// A bound query service, ready to serve.
pub struct QueryServer {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    health: HealthReporter,
    store: Arc<dyn Store>,
    shutdown: CancellationToken,
}

impl std::fmt::Debug for QueryServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryServer").field("local_addr", &self.local_addr).finish_non_exhaustive()
    }
}

/// Binds the query service's socket and assembles its services (query, health, reflection).
pub async fn bind(
    settings: QuerySettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
) -> Result<QueryServer, QueryServerError> {
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|source| QueryServerError::Bind { address: settings.listen, source })?;
    let local_addr = listener
        .local_addr()
        .map_err(|source| QueryServerError::Bind { address: settings.listen, source })?;

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_service_status(SERVICE_NAME, ServingStatus::Serving).await;
    let reflection = trialsift_proto::serving::reflection_service(SERVICE_NAME)?;

    let shutdown = CancellationToken::new();
    let router = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(reflection)
        .add_service(service(&settings, Arc::clone(&store), bus, shutdown.clone()));
    tracing::info!(address = %local_addr, auth = settings.auth_token.is_some(), "query service bound");
    Ok(QueryServer { listener, local_addr, router, health, store, shutdown })
}

impl QueryServer {
    /// Returns the address the service listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` resolves, then ends open streams and lets in-flight calls finish.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), QueryServerError> {
        let Self { listener, local_addr, router, health, store, shutdown: streams } = self;
        let watcher = tokio::spawn(watch_health(health, store));
        let end_streams = streams.clone();
        let signal = async move {
            shutdown.await;
            end_streams.cancel();
        };
        let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
        tracing::info!(address = %local_addr, "query service serving");
        let served = router.serve_with_incoming_shutdown(incoming, signal).await;
        streams.cancel();
        watcher.abort();
        tracing::info!(address = %local_addr, "query service stopped");
        Ok(served?)
    }
}

/// Reports the query service as not serving while the database cannot be reached.
async fn watch_health(health: HealthReporter, store: Arc<dyn Store>) {
    let mut interval = tokio::time::interval(HEALTH_CHECK_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = ServingStatus::Serving;
    loop {
        interval.tick().await;
        let status = match store.ping().await {
            Ok(()) => ServingStatus::Serving,
            Err(error) => {
                tracing::warn!(%error, "health check: database unreachable");
                ServingStatus::NotServing
            }
        };
        if status != last {
            health.set_service_status(SERVICE_NAME, status).await;
            last = status;
        }
    }
}
