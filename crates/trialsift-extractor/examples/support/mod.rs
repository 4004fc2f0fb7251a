//! What the evaluation examples share: reading the corpus files, running the pipeline's split and
//! extract on a text, and the dev / held-out split of a file's records.
//!
//! Each example includes this file with `#[path = "support/mod.rs"] mod support;` and uses what
//! it needs, so an unused item here is not an error.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use serde_json::Value;
use trialsift_domain::Extraction;

/// Reads a JSONL file into values.
pub fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let text = fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line).map_err(|error| format!("{}: {error}", path.display()))
        })
        .collect()
}

/// Splits a text with the splitter and extracts it, as the pipeline does.
pub fn run(text: &str) -> Extraction {
    let split = trialsift_splitter::split(text);
    trialsift_extractor::extract(text, &split.segments)
}

/// Names the split a record index falls in: 1 (held-out) for every fifth record, else 0 (dev).
pub fn split_of(index: usize) -> usize {
    usize::from(index.is_multiple_of(5))
}

/// The names of the two splits, by [`split_of`].
pub const SPLITS: [&str; 2] = ["dev", "held-out"];

/// Formats a ratio with three decimals, or `n/a` when its denominator is zero.
pub fn ratio(numerator: usize, denominator: usize) -> String {
    if denominator == 0 {
        return "n/a".to_owned();
    }
    format!("{:.3}", numerator as f64 / denominator as f64)
}

/// Writes a MeSH-style inverted name in natural order: "Diabetes Mellitus, Type 2" as "Type 2 Diabetes Mellitus".
pub fn natural_order(name: &str) -> Option<String> {
    let (head, tail) = name.split_once(", ")?;
    (!tail.contains(',')).then(|| format!("{tail} {head}"))
}
