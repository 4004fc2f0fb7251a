//! Prints the cross-language findings of the seeds and of the splitter's WMT fixtures.
//!
//! `cargo run -p trialsift-validator --example cross_language [FILE...]`: each FILE is a text,
//! or a `.jsonl` whose lines carry a `text`; without FILEs, the seeds and `test.jsonl`.
//! With `VERBOSE=1`, the consistent findings are printed too. With `GOLD=1`, a `.jsonl` line's hand-made `pairs` stand in for the splitter's pairing.

use std::path::PathBuf;

use trialsift_domain::{Extraction, Segment, SegmentKind, Verdict};

fn main() -> anyhow::Result<()> {
    let gold = std::env::var_os("GOLD").is_some();
    let verbose = std::env::var_os("VERBOSE").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        for entry in std::fs::read_dir(root.join("examples"))? {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                files.push(path);
            }
        }
        files.sort();
        files.push(root.join("crates/trialsift-splitter/fixtures/test.jsonl"));
    }
    let (mut consistent, mut inconsistent, mut not_checkable, mut documents) = (0, 0, 0, 0);
    for file in files {
        let content = std::fs::read_to_string(&file)?;
        let texts: Vec<(String, String, Option<Vec<Segment>>)> =
            if file.extension().is_some_and(|ext| ext == "jsonl") {
                content
                    .lines()
                    .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                    .filter_map(|value| {
                        let id = value.get("id")?.as_str()?.to_owned();
                        let pairs = gold.then(|| gold_segments(&value));
                        Some((id, value.get("text")?.as_str()?.to_owned(), pairs))
                    })
                    .collect()
            } else {
                vec![(file.display().to_string(), content, None)]
            };
        for (id, text, pairs) in texts {
            documents += 1;
            let segments = pairs.unwrap_or_else(|| trialsift_splitter::split(&text).segments);
            let validation =
                trialsift_validator::validate_document(&text, &segments, &Extraction::default());
            for finding in validation.findings {
                match finding.verdict {
                    Verdict::Consistent => {
                        consistent += 1;
                        if verbose {
                            println!("{id}: {} — {}", finding.reported, finding.explanation);
                        }
                    }
                    verdict => {
                        if verdict == Verdict::NotCheckable {
                            not_checkable += 1;
                        } else {
                            inconsistent += 1;
                        }
                        println!(
                            "{id}: {verdict:?} {} — {}",
                            finding.reported, finding.explanation
                        );
                    }
                }
            }
        }
    }
    println!(
        "{documents} documents: {consistent} consistent pairs, {inconsistent} inconsistent \
         findings, {not_checkable} pairs not checkable"
    );
    Ok(())
}

/// Segments of a fixture's hand-made pairs: `[[en_start, en_end], [zh_start, zh_end]]`.
fn gold_segments(value: &serde_json::Value) -> Vec<Segment> {
    let mut segments = Vec::new();
    let pairs = value.get("pairs").and_then(|pairs| pairs.as_array()).cloned().unwrap_or_default();
    for pair in pairs {
        let span = |index: usize| -> Option<(usize, usize)> {
            let span = pair.get(index)?;
            let start = usize::try_from(span.get(0)?.as_u64()?).ok()?;
            let end = usize::try_from(span.get(1)?.as_u64()?).ok()?;
            Some((start, end))
        };
        let (Some(en), Some(zh)) = (span(0), span(1)) else {
            continue;
        };
        let at = segments.len();
        for ((start, end), lang, partner) in [(en, "en", at + 1), (zh, "zh", at)] {
            segments.push(Segment {
                lang: lang.to_owned(),
                kind: SegmentKind::Body,
                start,
                end,
                pair: Some(partner),
            });
        }
    }
    segments
}
