//! The gateway: the tonic `trialsift.v1.IngestService`.
//!
//! It refuses what it must (empty, whitespace-only, oversized or non-UTF-8
//! text, with `INVALID_ARGUMENT` naming the limit), stores each document
//! under the hash of its normalized text, and announces it on
//! `trialsift.docs.submitted`. When the database or the bus cannot be reached
//! it answers `UNAVAILABLE` rather than accept what it cannot keep.
//!
//! Served zero2prod style: [`bind`] takes the settings (port 0 allowed) and
//! returns a [`GatewayServer`] that knows its address and runs until a
//! shutdown future resolves. The server also answers gRPC health checks and
//! reflection. [`service`] gives the bare ingest routes, for a process that
//! serves several services on one port.

mod error;
mod handler;
mod validate;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::server::{Router, TcpIncoming};
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;
use trialsift_bus::Bus;
use trialsift_proto::auth::BearerAuth;
use trialsift_proto::v1::ingest_service_server::IngestServiceServer;
use trialsift_store::Store;

pub use error::{SubmitError, code_name, to_status};
pub use handler::{BULK_CONCURRENCY, IngestHandler};
pub use validate::{DEFAULT_MAX_DOCUMENT_BYTES, MAX_SOURCE_BYTES, validate_document};

/// How often the server checks the database and the bus for its health status.
pub const HEALTH_CHECK_INTERVAL: Duration = Duration::from_secs(5);

/// Room for the protobuf framing around a document, in bytes.
const MESSAGE_OVERHEAD_BYTES: usize = 64 * 1024;

/// The ingest routes as served: the handler behind the bearer-token check.
pub type GatewayService = InterceptedService<IngestServiceServer<IngestHandler>, BearerAuth>;

/// The gateway's settings.
#[derive(Clone)]
pub struct GatewaySettings {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Largest document accepted, in bytes.
    pub max_document_bytes: usize,
    /// Shared bearer token required on every ingest call, when set.
    pub auth_token: Option<String>,
}

impl Default for GatewaySettings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 50051)),
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            auth_token: None,
        }
    }
}

impl std::fmt::Debug for GatewaySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewaySettings")
            .field("listen", &self.listen)
            .field("max_document_bytes", &self.max_document_bytes)
            .field("auth_token", &self.auth_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Errors of starting or running the gateway.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
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
    #[error("gateway server failed: {0}")]
    Serve(#[from] tonic::transport::Error),
}

/// Builds the ingest routes behind the bearer-token check, for composing with other services.
pub fn service(
    settings: &GatewaySettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
) -> GatewayService {
    let handler = IngestHandler::new(store, bus, settings.max_document_bytes);
    let decoding_limit = settings
        .max_document_bytes
        .saturating_mul(2)
        .saturating_add(MESSAGE_OVERHEAD_BYTES)
        .max(4 * 1024 * 1024);
    // Accept messages somewhat over the document limit so that the client gets
    // INVALID_ARGUMENT naming the limit instead of a transport-level refusal.
    let server = IngestServiceServer::new(handler).max_decoding_message_size(decoding_limit);
    InterceptedService::new(server, BearerAuth::new(settings.auth_token.clone()))
}

/// The fully qualified name of the ingest service, as health checks and reflection know it.
pub const SERVICE_NAME: &str = <IngestServiceServer<IngestHandler> as NamedService>::NAME;

/// A bound gateway, ready to serve.
pub struct GatewayServer {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    health: HealthReporter,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
}

impl std::fmt::Debug for GatewayServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayServer")
            .field("local_addr", &self.local_addr)
            .finish_non_exhaustive()
    }
}

/// Binds the gateway's socket and assembles its services (ingest, health, reflection).
pub async fn bind(
    settings: GatewaySettings,
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
) -> Result<GatewayServer, GatewayError> {
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|source| GatewayError::Bind { address: settings.listen, source })?;
    let local_addr = listener
        .local_addr()
        .map_err(|source| GatewayError::Bind { address: settings.listen, source })?;

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_service_status(SERVICE_NAME, ServingStatus::Serving).await;
    let reflection = trialsift_proto::serving::reflection_service(SERVICE_NAME)?;

    let router = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(reflection)
        .add_service(service(&settings, Arc::clone(&store), Arc::clone(&bus)));
    tracing::info!(address = %local_addr, auth = settings.auth_token.is_some(), "gateway bound");
    Ok(GatewayServer { listener, local_addr, router, health, store, bus })
}

impl GatewayServer {
    /// Returns the address the gateway listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` resolves, then lets in-flight calls finish.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), GatewayError> {
        let Self { listener, local_addr, router, health, store, bus } = self;
        let watcher = tokio::spawn(watch_health(health, store, bus));
        let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
        tracing::info!(address = %local_addr, "gateway serving");
        let served = router.serve_with_incoming_shutdown(incoming, shutdown).await;
        watcher.abort();
        tracing::info!(address = %local_addr, "gateway stopped");
        Ok(served?)
    }
}

/// Reports the ingest service as not serving while the database or the bus cannot be reached.
async fn watch_health(health: HealthReporter, store: Arc<dyn Store>, bus: Arc<dyn Bus>) {
    let mut interval = tokio::time::interval(HEALTH_CHECK_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = ServingStatus::Serving;
    loop {
        interval.tick().await;
        let status = match (store.ping().await, bus.ping().await) {
            (Ok(()), Ok(())) => ServingStatus::Serving,
            (Err(error), _) => {
                tracing::warn!(%error, "health check: database unreachable");
                ServingStatus::NotServing
            }
            (_, Err(error)) => {
                tracing::warn!(%error, "health check: bus unreachable");
                ServingStatus::NotServing
            }
        };
        if status != last {
            health.set_service_status(SERVICE_NAME, status).await;
            last = status;
        }
    }
}
