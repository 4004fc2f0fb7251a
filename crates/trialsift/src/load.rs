//! A load run against a running system: submit many documents, follow the validated stream,
//! report throughput and end-to-end latency percentiles.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures::stream::{self, StreamExt as _};
use trialsift_proto::v1::{SubmitRequest, WatchValidatedRequest};

use crate::client::{Client, status_error};

/// Documents submitted concurrently.
const IN_FLIGHT: usize = 16;

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// Documents submitted and validated.
    pub documents: usize,
    /// Bytes submitted.
    pub bytes: usize,
    /// Time from the first submission to the last validation.
    pub elapsed: Duration,
    /// End-to-end latencies (submission to validated event), sorted.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    /// Returns the latency at quantile `q` (0 to 1).
    pub fn percentile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((self.latencies.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
        self.latencies[rank]
    }

    /// Renders the report for a terminal.
    pub fn render(&self) -> String {
        let seconds = self.elapsed.as_secs_f64().max(f64::EPSILON);
        format!(
            "{} documents ({:.1} KiB) in {:.2} s: {:.1} documents/s\nlatency submit->validated: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.documents,
            self.bytes as f64 / 1024.0,
            seconds,
            self.documents as f64 / seconds,
            self.percentile(0.5).as_secs_f64() * 1e3,
            self.percentile(0.9).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
            self.percentile(1.0).as_secs_f64() * 1e3,
        )
    }
}

/// Makes `count` distinct documents from the templates (each copy gets a numbered line, so its
/// id is new and it really goes through every stage).
pub fn documents(templates: &[String], count: usize, run: &str) -> Vec<String> {
    (0..count)
        .filter_map(|index| {
            let template = templates.get(index % templates.len().max(1))?;
            Some(format!("{template}\nLoad run {run}, copy {index}.\n"))
        })
        .collect()
}

/// Submits every document, waits until each is validated, and measures.
///
/// Validations are followed on the `WatchValidated` stream, read from a task of its own so it is
/// drained while submissions are still going. The stream is a live view that may skip events
/// under load; documents it did not report within a quiet second are looked up by status, and
/// their latency is then the (later) time of that look-up, an upper bound.
pub async fn run(
    client: &Client,
    documents: Vec<String>,
    timeout: Duration,
) -> anyhow::Result<LoadReport> {
    let request = client.request(WatchValidatedRequest {})?;
    let mut watch =
        client.query().watch_validated(request).await.map_err(status_error)?.into_inner();
    let (seen_sender, mut seen) = tokio::sync::mpsc::unbounded_channel::<(String, Instant)>();
    let reader = tokio::spawn(async move {
        while let Ok(Some(summary)) = watch.message().await {
            if seen_sender.send((summary.document_id, Instant::now())).is_err() {
                break;
            }
        }
    });

    let started = Instant::now();
    let bytes = documents.iter().map(String::len).sum();
    let total = documents.len();
    let submitted: Vec<anyhow::Result<(String, Instant)>> =
        stream::iter(documents.into_iter().enumerate())
            .map(|(index, text)| async move {
                let request = client.request(SubmitRequest {
                    text: text.into_bytes(),
                    source: format!("load-{index}"),
                })?;
                let sent_at = Instant::now();
                let mut ingest = client.ingest();
                let response = ingest.submit(request).await.map_err(status_error)?.into_inner();
                Ok((response.document_id, sent_at))
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
    let mut pending: HashMap<String, Instant> = HashMap::with_capacity(total);
    for result in submitted {
        let (id, at) = result.context("a submission failed")?;
        pending.insert(id, at);
    }

    let deadline = started + timeout;
    let mut latencies = Vec::with_capacity(total);
    let mut last_validated = started;
    while !pending.is_empty() {
        if Instant::now() >= deadline {
            reader.abort();
            anyhow::bail!("{} documents not validated within {timeout:?}", pending.len());
        }
        match tokio::time::timeout(Duration::from_secs(1), seen.recv()).await {
            Ok(Some((id, at))) => {
                if let Some(submitted_at) = pending.remove(&id) {
                    latencies.push(at.saturating_duration_since(submitted_at));
                    last_validated = last_validated.max(at);
                }
            }
            Ok(None) | Err(_) => {
                // The stream went quiet (or ended): ask for the status of what is left.
                let ids: Vec<String> = pending.keys().cloned().collect();
                for id in ids {
                    let status = client.status(&id).await?;
                    if status.status == "failed" {
                        anyhow::bail!("document {id} failed: {}", status.last_error);
                    }
                    if status.status == "validated" {
                        let now = Instant::now();
                        if let Some(submitted_at) = pending.remove(&id) {
                            latencies.push(now.saturating_duration_since(submitted_at));
                            last_validated = last_validated.max(now);
                        }
                    }
                }
            }
        }
    }
    reader.abort();
    let elapsed = last_validated.saturating_duration_since(started);
    latencies.sort();
    Ok(LoadReport { documents: total, bytes, elapsed, latencies })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_distinct_and_cycle_through_templates() {
        let templates = vec!["a".to_owned(), "b".to_owned()];
        let docs = documents(&templates, 3, "r1");
        assert_eq!(docs.len(), 3);
        assert!(
            docs[0].starts_with("a\n") && docs[1].starts_with("b\n") && docs[2].starts_with("a\n")
        );
        assert_ne!(docs[0], docs[2]);
    }

    #[test]
    fn percentiles_pick_ranks() {
        let report = LoadReport {
            documents: 4,
            bytes: 0,
            elapsed: Duration::from_secs(1),
            latencies: (1..=4).map(Duration::from_millis).collect(),
        };
        assert_eq!(report.percentile(0.0), Duration::from_millis(1));
        assert_eq!(report.percentile(1.0), Duration::from_millis(4));
        assert_eq!(report.percentile(0.5), Duration::from_millis(3));
    }
}
