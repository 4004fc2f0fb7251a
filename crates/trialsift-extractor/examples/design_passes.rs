//! Runs the extractor over the benchmark's fixture abstracts a given number of times, for counting
//! instructions with callgrind, or prints the design facts of every record of a JSONL file, for
//! comparing two versions of the design reader.
//!
//! ```text
//! cargo build --release -p trialsift-extractor --example design_passes
//! valgrind --tool=callgrind target/release/examples/design_passes 1
//! valgrind --tool=callgrind target/release/examples/design_passes 3
//! callgrind_annotate --inclusive=yes callgrind.out.<pid> | grep 'design::read \['
//! target/release/examples/design_passes --dump ../shared/corpus/dev/abstracts.jsonl > design.txt
//! valgrind --tool=callgrind target/release/examples/design_passes --once ../shared/corpus/dev/abstracts.jsonl
//! ```
//!
//! The steady cost of one pass is (three passes - one pass) / 2: the first pass also compiles the
//! patterns and warms their lazy DFAs. Repeated passes over the same text flatter lazy DFAs, which
//! keep the states that text needs; `--once` splits every record of a file beforehand and then
//! extracts each once, so `callgrind_annotate --inclusive=yes` on `extract` over the bytes it
//! prints is the cost per byte of text the extractor has never seen.

use std::process::ExitCode;

/// Runs the passes, or the dump.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        match flag.as_str() {
            "--dump" => return dump(path),
            "--once" => return once(path),
            _ => {}
        }
    }
    let passes: usize = args.first().and_then(|value| value.parse().ok()).unwrap_or(1);
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
    for _ in 0..passes {
        for (text, result) in abstracts.iter().zip(&split) {
            std::hint::black_box(trialsift_extractor::extract(text, &result.segments));
        }
    }
    let bytes: usize = abstracts.iter().map(String::len).sum();
    println!("{passes} passes over {} abstracts, {bytes} bytes", abstracts.len());
    ExitCode::SUCCESS
}

/// Extracts every record of a JSONL file once (split beforehand), and prints how many bytes.
fn once(path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let documents: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| record["text"].as_str().map(str::to_owned))
        .collect();
    let split: Vec<_> = documents.iter().map(|text| trialsift_splitter::split(text)).collect();
    for (text, result) in documents.iter().zip(&split) {
        std::hint::black_box(trialsift_extractor::extract(text, &result.segments));
    }
    let bytes: usize = documents.iter().map(String::len).sum();
    println!("each of {} records extracted once, {bytes} bytes", documents.len());
    ExitCode::SUCCESS
}

/// Prints the design facts of every record of a JSONL file, one line each.
fn dump(path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    for line in text.lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(document) = record["text"].as_str() else {
            continue;
        };
        let split = trialsift_splitter::split(document);
        let design = trialsift_extractor::extract(document, &split.segments).study.design;
        println!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            design.randomized,
            design.allocation_ratio,
            design.blinding,
            design.control,
            design.phase,
            design.alpha,
            design.centres,
            design.timing,
            design.investigator_initiated,
            design.duration
        );
    }
    ExitCode::SUCCESS
}
