//! Lists the design facts read from a deterministic sample of abstracts, for judging by hand.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example audit_design -- [--sample N] [--answered] [corpus dir]`
//! (default 40 abstracts; the corpus directory defaults to `shared/corpus/dev` beside the
//! repository, or `$TRIALSIFT_CORPUS`).
//!
//! The sample is every k-th abstract of the dev split of `abstracts.jsonl` (records whose index
//! is not a multiple of five), k chosen so that N abstracts are listed. With `--answered`, only
//! abstracts where at least one of the four fields is given are sampled (to judge precision). With
//! `--ids FILE`, exactly the abstracts whose ids the file lists (one a line, `#` comments) are
//! printed, in corpus order: the way to recheck a judged sample once the code has changed. For each abstract it prints
//! the id, the four newer design fields (centres, timing, investigator_initiated, duration) with the
//! text of their evidence span, and every English sentence holding a word those facts are written
//! with ("centre", "center", "site", "hospital", "institution", "prospective", "retrospective",
//! "investigator", "week", "month", "year", "day", "follow"), so that a fact the extractor missed
//! can be seen as well as one it read wrong.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;

/// Words that the four newer facts are written with.
const CUES: &[&str] = &[
    "centre",
    "center",
    "site",
    "hospital",
    "institution",
    "prospective",
    "retrospective",
    "investigator",
    "week",
    "month",
    "year",
    "day",
    "follow",
];

/// Tells whether the extractor gives any of the four newer fields for a record's text.
fn answers_any(record: &Value) -> bool {
    let Some(document) = record["text"].as_str() else {
        return false;
    };
    let split = trialsift_splitter::split(document);
    let design = trialsift_extractor::extract(document, &split.segments).study.design;
    design.centres.is_some()
        || design.timing.is_some()
        || design.investigator_initiated.is_some()
        || design.duration.is_some()
}

/// Prints the sample.
fn main() -> ExitCode {
    let mut sample = 40usize;
    let mut answered_only = false;
    let mut ids: Option<Vec<String>> = None;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--sample" {
            match args.next().and_then(|value| value.parse().ok()) {
                Some(value) => sample = value,
                None => {
                    eprintln!("error: --sample needs a number");
                    return ExitCode::FAILURE;
                }
            }
        } else if arg == "--ids" {
            let Some(path) = args.next() else {
                eprintln!("error: --ids needs a file");
                return ExitCode::FAILURE;
            };
            match fs::read_to_string(&path) {
                Ok(text) => {
                    ids = Some(
                        text.lines()
                            .map(str::trim)
                            .filter(|line| !line.is_empty() && !line.starts_with('#'))
                            .map(str::to_owned)
                            .collect(),
                    );
                }
                Err(error) => {
                    eprintln!("error: {path}: {error}");
                    return ExitCode::FAILURE;
                }
            }
        } else if arg == "--answered" {
            answered_only = true;
        } else {
            dir = Some(PathBuf::from(arg));
        }
    }
    let dir =
        dir.or_else(|| std::env::var("TRIALSIFT_CORPUS").ok().map(PathBuf::from)).unwrap_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/dev")),
        );
    let path = dir.join("abstracts.jsonl");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let dev: Vec<Value> = text
        .lines()
        .enumerate()
        .filter(|(index, _)| index % 5 != 0)
        .filter_map(|(_, line)| serde_json::from_str::<Value>(line).ok())
        .filter(|record| match &ids {
            Some(ids) => {
                record["id"].as_str().is_some_and(|id| ids.iter().any(|listed| listed == id))
            }
            None => !answered_only || answers_any(record),
        })
        .collect();
    if ids.is_some() {
        sample = dev.len();
    }
    let step = (dev.len() / sample.max(1)).max(1);
    let mut counts = [0usize; 4];
    for record in dev.iter().step_by(step).take(sample) {
        let id = record["id"].as_str().unwrap_or("?");
        let source = record["source"].as_str().unwrap_or("?");
        let Some(document) = record["text"].as_str() else {
            continue;
        };
        let split = trialsift_splitter::split(document);
        let extraction = trialsift_extractor::extract(document, &split.segments);
        let design = &extraction.study.design;
        println!("=== {id} ({source})");
        let fields = [
            ("centres", design.centres.clone()),
            ("timing", design.timing.clone()),
            (
                "investigator_initiated",
                design.investigator_initiated.map(|value| value.to_string()),
            ),
            ("duration", design.duration.clone()),
        ];
        for (index, (name, value)) in fields.iter().enumerate() {
            let Some(value) = value else {
                continue;
            };
            if let Some(count) = counts.get_mut(index) {
                *count += 1;
            }
            let evidence = design
                .evidence
                .get(*name)
                .and_then(|[start, end]| document.get(*start..*end))
                .unwrap_or("(no evidence)");
            println!("  {name} = {value}    <- {evidence:?}");
        }
        for segment in &split.segments {
            if segment.lang != "en" || !segment.kind.is_extracted() {
                continue;
            }
            let Some(content) = document.get(segment.start..segment.end) else {
                continue;
            };
            for sentence in content.split_inclusive(". ") {
                let lower = sentence.to_ascii_lowercase();
                if CUES.iter().any(|cue| lower.contains(cue)) {
                    println!("    | {}", sentence.trim());
                }
            }
        }
    }
    println!(
        "--- {sample} abstracts: centres {}, timing {}, investigator_initiated {}, duration {}",
        counts[0], counts[1], counts[2], counts[3]
    );
    ExitCode::SUCCESS
}
