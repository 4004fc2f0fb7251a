//! Measures the splitter's throughput on the seeds and on a realistic mixed corpus.
//!
//! `mixed` is the five seeds plus every generated fixture document (all
//! layouts, boilerplate, CRLF, full-width text): about 400 KB per iteration.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The five seed documents, as shipped in `examples/`.
const SEEDS: [&str; 5] = [
    include_str!("../../../examples/000_8ebf8f56282bec8e.txt"),
    include_str!("../../../examples/001_894cbafbeb554ae1.txt"),
    include_str!("../../../examples/002_ecdec2189ace771c.txt"),
    include_str!("../../../examples/003_d5ee9bcc18f231c6.txt"),
    include_str!("../../../examples/004_3a634a0a6693287a.txt"),
];

/// The generated fixture files.
const FIXTURES: [&str; 2] =
    [include_str!("../fixtures/dev.jsonl"), include_str!("../fixtures/test.jsonl")];

/// Returns the seeds followed by the text of every fixture document.
fn mixed_corpus() -> Vec<String> {
    let mut documents: Vec<String> = SEEDS.iter().map(|seed| (*seed).to_owned()).collect();
    for file in FIXTURES {
        for line in file.lines() {
            let text = serde_json::from_str::<serde_json::Value>(line).ok().and_then(|value| {
                value.get("text").and_then(|text| text.as_str().map(str::to_owned))
            });
            documents.extend(text);
        }
    }
    documents
}

/// Splits each corpus once per iteration and reports bytes per second.
fn bench_split(c: &mut Criterion) {
    let mut group = c.benchmark_group("split");
    let seed_bytes: usize = SEEDS.iter().map(|seed| seed.len()).sum();
    group.throughput(Throughput::Bytes(seed_bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for seed in SEEDS {
                black_box(trialsift_splitter::split(black_box(seed)));
            }
        })
    });
    let mixed = mixed_corpus();
    let mixed_bytes: usize = mixed.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(mixed_bytes as u64));
    group.bench_function("mixed", |b| {
        b.iter(|| {
            for document in &mixed {
                black_box(trialsift_splitter::split(black_box(document)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
