//! Measures the extractor's throughput on the five seed documents, split then extracted, and on
//! the 141 English abstracts of the statement fixtures (the core alone, split beforehand).

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

/// Splits and extracts all five seeds per iteration, and extracts alone from pre-split seeds.
fn bench_extract(c: &mut Criterion) {
    let bytes: usize = SEEDS.iter().map(|seed| seed.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("split_and_extract_seeds", |b| {
        b.iter(|| {
            for seed in SEEDS {
                let split = trialsift_splitter::split(black_box(seed));
                black_box(trialsift_extractor::extract(seed, &split.segments));
            }
        })
    });
    let split: Vec<_> = SEEDS.iter().map(|seed| trialsift_splitter::split(seed)).collect();
    group.bench_function("extract_seeds", |b| {
        b.iter(|| {
            for (seed, result) in SEEDS.iter().zip(&split) {
                black_box(trialsift_extractor::extract(black_box(seed), &result.segments));
            }
        })
    });
    group.finish();

    let abstracts: Vec<String> = [
        include_str!("../fixtures/statements/abstracts.jsonl"),
        include_str!("../fixtures/statements-dev2/abstracts.jsonl"),
    ]
    .iter()
    .flat_map(|file| file.lines())
    .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
    .filter_map(|record| record["text"].as_str().map(str::to_owned))
    .collect();
    let split: Vec<_> = abstracts.iter().map(|text| trialsift_splitter::split(text)).collect();
    let bytes: usize = abstracts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract_fixture_abstracts", |b| {
        b.iter(|| {
            for (text, result) in abstracts.iter().zip(&split) {
                black_box(trialsift_extractor::extract(black_box(text), &result.segments));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
