//! Counters and latency histograms per stage, rendered in the Prometheus text format.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use trialsift_domain::Stage;

/// Upper bounds (seconds) of the latency histogram buckets.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// Counters of one stage's worker loop.
#[derive(Debug, Default)]
pub struct StageMetrics {
    /// Messages fetched from the bus.
    pub fetched: AtomicU64,
    /// Documents processed, written, published and acknowledged.
    pub completed: AtomicU64,
    /// Messages delivered more than once.
    pub redelivered: AtomicU64,
    /// Failures retried later.
    pub retried: AtomicU64,
    /// Messages sent to the dead-letter subject.
    pub dead_lettered: AtomicU64,
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_micros_sum: AtomicU64,
}

impl StageMetrics {
    /// Records the time one batch took from fetch to ack, once per document in it.
    pub fn observe_latency(&self, elapsed: Duration, documents: u64) {
        let seconds = elapsed.as_secs_f64();
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.latency_buckets) {
            if seconds <= *bound {
                bucket.fetch_add(documents, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(documents, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.latency_micros_sum.fetch_add(micros.saturating_mul(documents), Ordering::Relaxed);
    }
}

/// Reads one counter out of a stage's metrics.
type CounterField = fn(&StageMetrics) -> &AtomicU64;

/// Metrics of every stage running in this process.
#[derive(Debug, Default, Clone)]
pub struct Metrics {
    stages: Arc<[StageMetrics; 3]>,
}

impl Metrics {
    /// Returns the counters of one stage.
    pub fn stage(&self, stage: Stage) -> &StageMetrics {
        let index = match stage {
            Stage::Split => 0,
            Stage::Extract => 1,
            Stage::Validate => 2,
        };
        &self.stages[index]
    }

    /// Renders every counter in the Prometheus text exposition format.
    pub fn render_prometheus(&self) -> String {
        let mut out = String::new();
        let counters: [(&str, &str, CounterField); 5] = [
            ("trialsift_messages_fetched_total", "Messages fetched from the bus", |m| &m.fetched),
            ("trialsift_documents_completed_total", "Documents completed by the stage", |m| {
                &m.completed
            }),
            ("trialsift_redeliveries_total", "Messages delivered more than once", |m| {
                &m.redelivered
            }),
            ("trialsift_retries_total", "Failures retried with backoff", |m| &m.retried),
            ("trialsift_dead_letters_total", "Messages sent to the dead-letter subject", |m| {
                &m.dead_lettered
            }),
        ];
        for (name, help, field) in counters {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            for stage in Stage::ALL {
                let value = field(self.stage(stage)).load(Ordering::Relaxed);
                let _ = writeln!(out, "{name}{{stage=\"{stage}\"}} {value}");
            }
        }
        let name = "trialsift_stage_latency_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Time from fetch to ack per document\n# TYPE {name} histogram"
        );
        for stage in Stage::ALL {
            let metrics = self.stage(stage);
            for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&metrics.latency_buckets) {
                let value = bucket.load(Ordering::Relaxed);
                let _ = writeln!(out, "{name}_bucket{{stage=\"{stage}\",le=\"{bound}\"}} {value}");
            }
            let count = metrics.latency_count.load(Ordering::Relaxed);
            let sum = metrics.latency_micros_sum.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(out, "{name}_bucket{{stage=\"{stage}\",le=\"+Inf\"}} {count}");
            let _ = writeln!(out, "{name}_sum{{stage=\"{stage}\"}} {sum}");
            let _ = writeln!(out, "{name}_count{{stage=\"{stage}\"}} {count}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_lands_in_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.stage(Stage::Split).observe_latency(Duration::from_millis(20), 2);
        let text = metrics.render_prometheus();
        assert!(
            text.contains("trialsift_stage_latency_seconds_bucket{stage=\"split\",le=\"0.01\"} 0")
        );
        assert!(
            text.contains("trialsift_stage_latency_seconds_bucket{stage=\"split\",le=\"0.025\"} 2")
        );
        assert!(text.contains("trialsift_stage_latency_seconds_count{stage=\"split\"} 2"));
        assert!(text.contains("trialsift_stage_latency_seconds_count{stage=\"extract\"} 0"));
    }
}
