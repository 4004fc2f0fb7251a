//! Scores the splitter on labelled fixtures and fails below the targets.
//!
//! ```text
//! cargo run --release -p trialsift-splitter --example evaluate -- crates/trialsift-splitter/fixtures/test.jsonl
//! ```
//!
//! Prints, per layout and overall: per-character language accuracy, boilerplate
//! precision and recall (by non-whitespace characters), pairing accuracy (gold
//! pairs found exactly) and pairing precision. Exits with status 1 when a file's
//! overall figures miss a target, 2 when a file cannot be read. With
//! `EVALUATE_VERBOSE=1` it first lists every miss, document by document.

#[path = "support/evaluation.rs"]
mod evaluation;

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: evaluate FIXTURES.jsonl...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for file in &files {
        let documents = match std::fs::read_to_string(file)
            .map_err(|error| error.to_string())
            .and_then(|contents| evaluation::parse_file(&contents))
        {
            Ok(documents) => documents,
            Err(error) => {
                eprintln!("{file}: {error}");
                return ExitCode::from(2);
            }
        };
        if std::env::var_os("EVALUATE_VERBOSE").is_some() {
            for document in &documents {
                for note in evaluation::explain(document) {
                    println!("{note}");
                }
            }
        }
        let (per_layout, overall) = evaluation::evaluate(&documents);
        println!("{file}");
        println!("{}", evaluation::HEADER);
        for (layout, tally) in &per_layout {
            println!("{}", tally.row(layout));
        }
        println!("{}", overall.row("OVERALL"));
        let misses = overall.misses();
        if misses.is_empty() {
            println!("targets met");
        } else {
            failed = true;
            println!("targets missed: {}", misses.join("; "));
        }
        println!();
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
