//! Prints what the entity stage finds in every document of the corpus, one JSON line per document, so that a change meant to be output-preserving can be diffed.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example dump_entities -- [--all] [corpus dir] [seeds dir] > out.jsonl`
//! The corpus directory defaults to `shared/corpus/dev` beside the repository (or
//! `$TRIALSIFT_CORPUS`), the seeds to the repository's `examples/`. Read, in this order: the
//! seeds, `abstracts.jsonl` and `registry_records.jsonl` of the corpus, and the statement
//! fixtures' abstracts (the throughput bench's documents). Each line holds the source, the
//! record index, the conditions studied, the interventions, every entity and every
//! abbreviation with their spans and identifiers; with `--all`, the whole extraction (every
//! stage's output, for checking that a speed change alters nothing). `repeat N` as first argument instead runs
//! the extraction N times over the bench's fixtures without printing, after one
//! warm-up pass (for profiling: `valgrind --tool=callgrind --toggle-collect='*passes*'`).

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

/// The statement fixtures' abstracts, as the throughput bench reads them.
const FIXTURES: [(&str, &str); 3] = [
    ("fixtures/statements", include_str!("../fixtures/statements/abstracts.jsonl")),
    ("fixtures/statements-dev2", include_str!("../fixtures/statements-dev2/abstracts.jsonl")),
    ("fixtures/statements-test", include_str!("../fixtures/statements-test/abstracts.jsonl")),
];

/// Dumps the entities of every document, or repeats the extraction for a profile.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("repeat") {
        let times = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1);
        repeat(times);
        Ok(())
    } else if args.first().map(String::as_str) == Some("--all") {
        dump(&args[1..], true)
    } else {
        dump(&args, false)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The texts of a JSONL file's records (field `text`), skipping lines without one.
fn texts_of(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|record| record["text"].as_str().map(str::to_owned))
        .collect()
}

/// Extracts the bench's fixture abstracts once to warm up (dictionaries and patterns built), then `times` times more, printing nothing.
fn repeat(times: usize) {
    let texts: Vec<String> =
        FIXTURES.iter().take(2).flat_map(|(_, jsonl)| texts_of(jsonl)).collect();
    let split: Vec<_> = texts.iter().map(|text| trialsift_splitter::split(text)).collect();
    let documents: Vec<(&str, &[trialsift_domain::Segment])> = texts
        .iter()
        .zip(&split)
        .map(|(text, result)| (text.as_str(), &result.segments[..]))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let warm_up = warm_up(&documents);
    let entities = passes(&documents, times);
    eprintln!(
        "{} abstracts, {bytes} bytes, {warm_up} entities per pass, {entities} in {times} passes",
        texts.len()
    );
}

/// Extracts every document once, building the dictionaries and patterns, and counts the entities.
#[inline(never)]
fn warm_up(documents: &[(&str, &[trialsift_domain::Segment])]) -> usize {
    documents
        .iter()
        .map(|(text, segments)| trialsift_extractor::extract(text, segments).study.entities.len())
        .sum()
}

/// Extracts every document `times` times and counts the entities (a function of its own, for `callgrind --toggle-collect=*passes*`).
#[inline(never)]
fn passes(documents: &[(&str, &[trialsift_domain::Segment])], times: usize) -> usize {
    let mut entities = 0;
    for _ in 0..times {
        for (text, segments) in documents {
            entities += trialsift_extractor::extract(text, segments).study.entities.len();
        }
    }
    entities
}

/// Prints one JSON line per document of every source.
fn dump(args: &[String], whole: bool) -> Result<(), String> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let corpus = args
        .first()
        .cloned()
        .or_else(|| std::env::var("TRIALSIFT_CORPUS").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/dev"));
    let seeds = args.get(1).map(PathBuf::from).unwrap_or_else(|| root.join("examples"));
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut seed_files: Vec<PathBuf> = fs::read_dir(&seeds)
        .map_err(|error| format!("{}: {error}", seeds.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    seed_files.sort();
    for (index, path) in seed_files.iter().enumerate() {
        let text = read(path)?;
        print(&mut out, &path.display().to_string(), index, &text, whole)?;
    }
    for name in ["abstracts.jsonl", "registry_records.jsonl"] {
        let path = corpus.join(name);
        for (index, text) in texts_of(&read(&path)?).iter().enumerate() {
            print(&mut out, name, index, text, whole)?;
        }
    }
    for (name, jsonl) in FIXTURES {
        for (index, text) in texts_of(jsonl).iter().enumerate() {
            print(&mut out, name, index, text, whole)?;
        }
    }
    out.flush().map_err(|error| error.to_string())
}

/// Reads a file to a string.
fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

/// Splits and extracts one document and prints its entity fields (or, when `whole`, the whole extraction) as one JSON line.
fn print(
    out: &mut impl Write,
    source: &str,
    index: usize,
    text: &str,
    whole: bool,
) -> Result<(), String> {
    let split = trialsift_splitter::split(text);
    let extraction = trialsift_extractor::extract(text, &split.segments);
    if whole {
        let line = json!({ "source": source, "index": index, "extraction": extraction });
        return writeln!(out, "{line}").map_err(|error| error.to_string());
    }
    let study = extraction.study;
    let line = json!({
        "source": source,
        "index": index,
        "conditions": study.conditions,
        "interventions": study.interventions,
        "entities": study.entities,
        "abbreviations": study.abbreviations,
    });
    writeln!(out, "{line}").map_err(|error| error.to_string())
}
