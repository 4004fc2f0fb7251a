//! Runs the splitter, the extractor and the validator over the development corpus's abstracts
//! and counts the findings per check and verdict: the starting point of the false-alarm review.
//!
//! Usage: `cargo run --release -p trialsift-validator --example corpus -- [abstracts.jsonl] [--show CHECK]`
//! (default `$TRIALSIFT_CORPUS/abstracts.jsonl`, else `shared/corpus/dev/abstracts.jsonl beside the repository`).
//! With `--show CHECK`, prints every problem finding of that check with its document id
//! (`--show all`: of every check);
//! `--all` prints its findings of every verdict.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::Value;
use trialsift_domain::Verdict;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut show = None;
    let mut every_verdict = false;
    while let Some(arg) = args.next() {
        if arg == "--all" {
            every_verdict = true;
        } else if arg == "--show" {
            show = args.next();
        } else {
            path = Some(PathBuf::from(arg));
        }
    }
    let path = path.unwrap_or_else(|| {
        std::env::var("TRIALSIFT_CORPUS")
            .map_or_else(
                |_| {
                    PathBuf::from(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/../../../shared/corpus/dev"
                    ))
                },
                PathBuf::from,
            )
            .join("abstracts.jsonl")
    });
    let contents =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut counts: BTreeMap<(String, &str), u64> = BTreeMap::new();
    let mut documents = 0_u64;
    let mut with_problems = 0_u64;
    let started = Instant::now();
    for line in contents.lines() {
        let record: Value = serde_json::from_str(line).context("parsing a record")?;
        let id = record["id"].as_str().unwrap_or_default();
        let text = record["text"].as_str().unwrap_or_default();
        let split = trialsift_splitter::split(text);
        let extraction = trialsift_extractor::extract(text, &split.segments);
        let validation = trialsift_validator::validate_document(text, &split.segments, &extraction);
        documents += 1;
        let mut problem = false;
        for finding in &validation.findings {
            *counts.entry((finding.check.clone(), finding.verdict.as_str())).or_default() += 1;
            problem |= finding.verdict.is_problem();
            let shown =
                show.as_deref() == Some(finding.check.as_str()) || show.as_deref() == Some("all");
            if shown && (finding.verdict.is_problem() || every_verdict) {
                println!(
                    "{id}\t{}\t{}\t{}\t{}",
                    finding.check,
                    finding.verdict.as_str(),
                    finding.reported,
                    finding.explanation
                );
            }
        }
        with_problems += u64::from(problem);
    }
    let elapsed = started.elapsed();
    println!(
        "{documents} documents, {with_problems} with a problem finding, {:.1} s (split + extract + validate)",
        elapsed.as_secs_f64()
    );
    println!(
        "{:<26} {:>12} {:>12} {:>14} {:>13}",
        "check", "consistent", "inconsistent", "decision_error", "not_checkable"
    );
    let checks: Vec<String> = {
        let mut names: Vec<String> = counts.keys().map(|(check, _)| check.clone()).collect();
        names.dedup();
        names
    };
    for check in checks {
        let count =
            |verdict: Verdict| counts.get(&(check.clone(), verdict.as_str())).copied().unwrap_or(0);
        println!(
            "{check:<26} {:>12} {:>12} {:>14} {:>13}",
            count(Verdict::Consistent),
            count(Verdict::Inconsistent),
            count(Verdict::DecisionError),
            count(Verdict::NotCheckable)
        );
    }
    Ok(())
}
