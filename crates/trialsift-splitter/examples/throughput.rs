//! Quick throughput check of `split` on the mixed corpus (seeds plus fixtures), best of several rounds.
//!
//! ```text
//! cargo run --release -p trialsift-splitter --example throughput
//! ```
//!
//! The criterion bench (`cargo bench -p trialsift-splitter --bench split`) is the
//! reference figure; this prints the best round, which is steadier on a busy machine.

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let crate_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut documents: Vec<String> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(crate_dir.join("../../examples")) {
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
        paths.sort();
        documents.extend(paths.iter().filter_map(|path| std::fs::read_to_string(path).ok()));
    }
    for file in ["dev.jsonl", "test.jsonl"] {
        let contents =
            std::fs::read_to_string(crate_dir.join("fixtures").join(file)).unwrap_or_default();
        for line in contents.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            documents.extend(value.get("text").and_then(|text| text.as_str()).map(str::to_owned));
        }
    }
    let bytes: usize = documents.iter().map(String::len).sum();
    let rounds: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(30);
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        for document in &documents {
            black_box(trialsift_splitter::split(black_box(document)));
        }
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let best = times.first().copied().unwrap_or(f64::NAN);
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "{} documents, {} bytes; best round {:.2} ms = {:.1} MB/s; median round {:.2} ms = {:.1} MB/s",
        documents.len(),
        bytes,
        best * 1e3,
        bytes as f64 / best / 1e6,
        median * 1e3,
        bytes as f64 / median / 1e6,
    );
}
