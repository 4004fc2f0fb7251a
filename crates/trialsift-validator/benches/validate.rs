//! Validations per second on hand-built extractions of the seed documents.

#![allow(missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use common::Doc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trialsift_domain::{CiMethod, Comparator, Extraction};
use trialsift_validator::validate;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

/// Seed 000: six medians with IQRs and three p-values.
fn seed_000() -> (&'static str, Extraction) {
    let mut doc = Doc::new(SEED_000);
    doc.skip_to("In the belimumab group, the median");
    doc.median("27", "26.5", "31");
    doc.median("18", "11", "23");
    doc.p(Comparator::Eq, "0.039");
    doc.median("28", "22", "28");
    doc.median("21", "14", "25");
    doc.p(Comparator::Eq, "0.023");
    doc.median("-10", "-13", "-9");
    doc.median("-3.0", "-15", "-1");
    doc.p(Comparator::Eq, "0.411");
    (SEED_000, doc.extraction())
}

/// Seed 001: 5/6 (83.3%) with an unnamed 95% CI.
fn seed_001() -> (&'static str, Extraction) {
    let mut doc = Doc::new(SEED_001);
    doc.skip_to("Of six patients");
    doc.proportion(&[("n", "six"), ("x", "five"), ("p", "83.3")]);
    doc.ci("95% CI", "35.9", "99.6", None, true);
    (SEED_001, doc.extraction())
}

/// Seed 003: twelve means ± SD and nine p-values.
fn seed_003() -> (&'static str, Extraction) {
    let mut doc = Doc::new(SEED_003);
    doc.skip_to("The mean baseline mRSS");
    doc.mean_sd("29.6", "7.2", None);
    for (mean, sd, n, comparator, p) in [
        ("24.1", "9.6", "29", Comparator::Eq, "0.0011"),
        ("22.5", "10.0", "25", Comparator::Eq, "0.0001"),
        ("20.6", "11.8", "23", Comparator::Eq, "0.0001"),
        ("15.3", "6.4", "15", Comparator::Lt, "0.0001"),
    ] {
        doc.mean_sd(mean, sd, Some(n));
        doc.p(comparator, p);
    }
    doc.skip_to("The mean change in mRSS at 6 months");
    doc.mean_sd("-5.3", "7.9", None);
    doc.mean_sd("-4.8", "6.99", None);
    doc.p(Comparator::Eq, "0.74");
    doc.mean_sd("-3.4", "7.4", None);
    doc.p(Comparator::Eq, "0.26");
    doc.mean_sd("-8", "8.3", None);
    doc.mean_sd("-2.47", "8.6", None);
    doc.p(Comparator::Eq, "0.005");
    doc.mean_sd("-3.4", "7.12", None);
    doc.p(Comparator::Eq, "0.005");
    doc.mean_sd("-7.1", "9", None);
    doc.p(Comparator::Eq, "0.67");
    (SEED_003, doc.extraction())
}

/// Seed 004: 8/19 = 42.0% with a named Clopper–Pearson CI.
fn seed_004() -> (&'static str, Extraction) {
    let mut doc = Doc::new(SEED_004);
    doc.skip_to("Eight patients (");
    doc.proportion(&[("x", "8"), ("n", "19"), ("p", "42.0")]);
    doc.ci("Clopper-Pearson", "19.6", "64.6", Some(CiMethod::ClopperPearson), false);
    (SEED_004, doc.extraction())
}

fn bench_validate(criterion: &mut Criterion) {
    let seeds = [
        ("seed_000", seed_000()),
        ("seed_001", seed_001()),
        ("seed_003", seed_003()),
        ("seed_004", seed_004()),
    ];
    let mut group = criterion.benchmark_group("validate");
    group.throughput(Throughput::Elements(1));
    for (name, (text, extraction)) in &seeds {
        group.bench_function(*name, |bencher| {
            bencher.iter(|| validate(black_box(text), black_box(extraction)))
        });
    }
    // The fixed cost of a document: sentence boundaries and cue scanning, no statements.
    let empty = Extraction::default();
    group.bench_function("seed_004_no_statements", |bencher| {
        bencher.iter(|| validate(black_box(SEED_004), black_box(&empty)))
    });
    group.throughput(Throughput::Elements(seeds.len() as u64));
    group.bench_function("all_seeds", |bencher| {
        bencher.iter(|| {
            for (_, (text, extraction)) in &seeds {
                black_box(validate(black_box(text), black_box(extraction)));
            }
        })
    });
    // Real abstracts of the development corpus, split and extracted once, then validated: the
    // figure issue 5 asks for (abstracts per second on extracted statements).
    if let Some(documents) = corpus_sample(1000) {
        group.throughput(Throughput::Elements(documents.len() as u64));
        group.bench_function("corpus_1000_abstracts", |bencher| {
            bencher.iter(|| {
                for (text, extraction) in &documents {
                    black_box(validate(black_box(text), black_box(extraction)));
                }
            })
        });
    }
    group.finish();
}

/// Reads the first `limit` abstracts of the development corpus (`$TRIALSIFT_CORPUS`, default
/// `shared/corpus/dev` beside the repository) and extracts them; `None` when the corpus is not there.
fn corpus_sample(limit: usize) -> Option<Vec<(String, Extraction)>> {
    let directory = std::env::var("TRIALSIFT_CORPUS").map_or_else(
        |_| {
            std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/corpus/dev"
            ))
        },
        Into::into,
    );
    let contents = std::fs::read_to_string(directory.join("abstracts.jsonl")).ok()?;
    let documents = contents
        .lines()
        .take(limit)
        .filter_map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).ok()?;
            let text = record["text"].as_str()?.to_owned();
            let split = trialsift_splitter::split(&text);
            let extraction = trialsift_extractor::extract(&text, &split.segments);
            Some((text, extraction))
        })
        .collect();
    Some(documents)
}

criterion_group!(benches, bench_validate);
criterion_main!(benches);
