//! Measures the splitter's throughput on the five seed documents.

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

/// Splits all five seeds per iteration and reports bytes per second.
fn bench_split(c: &mut Criterion) {
    let bytes: usize = SEEDS.iter().map(|seed| seed.len()).sum();
    let mut group = c.benchmark_group("split");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for seed in SEEDS {
                black_box(trialsift_splitter::split(black_box(seed)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
