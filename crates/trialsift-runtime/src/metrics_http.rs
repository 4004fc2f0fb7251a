//! A minimal HTTP endpoint that serves `/metrics` in the Prometheus text format.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::Metrics;

/// Largest request head read before answering.
const MAX_REQUEST_HEAD: usize = 8 * 1024;

/// Binds `listen` (port 0 allowed) and serves `GET /metrics` until `shutdown`; returns the bound address.
pub async fn serve_metrics(
    listen: SocketAddr,
    metrics: Metrics,
    shutdown: CancellationToken,
) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = shutdown.cancelled() => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((stream, _peer)) = accepted else {
                continue;
            };
            let metrics = metrics.clone();
            tokio::spawn(async move {
                let answer = tokio::time::timeout(Duration::from_secs(5), answer(stream, &metrics));
                if let Ok(Err(error)) = answer.await {
                    tracing::debug!(%error, "metrics request failed");
                }
            });
        }
    });
    Ok(address)
}

async fn answer(mut stream: TcpStream, metrics: &Metrics) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(512);
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let request_line = head.split(|&byte| byte == b'\r').next().unwrap_or_default();
    let (status, content_type, body) = if request_line.starts_with(b"GET /metrics ") {
        ("200 OK", "text/plain; version=0.0.4", metrics.render_prometheus())
    } else {
        ("404 Not Found", "text/plain", "only GET /metrics is served here\n".to_owned())
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use trialsift_domain::Stage;

    use super::*;

    async fn get(address: SocketAddr, path: &str) -> String {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        let request = format!("GET {path} HTTP/1.1\r\nhost: test\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("reads");
        response
    }

    #[tokio::test]
    async fn serves_counters_and_refuses_other_paths() {
        let metrics = Metrics::default();
        metrics.stage(Stage::Extract).completed.fetch_add(3, std::sync::atomic::Ordering::Relaxed);
        let shutdown = CancellationToken::new();
        let address =
            serve_metrics(SocketAddr::from(([127, 0, 0, 1], 0)), metrics, shutdown.clone())
                .await
                .expect("binds");

        let response = get(address, "/metrics").await;
        assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
        assert!(response.contains("trialsift_documents_completed_total{stage=\"extract\"} 3"));
        let response = get(address, "/").await;
        assert!(response.starts_with("HTTP/1.1 404"), "{response}");
        shutdown.cancel();
    }
}
