//! Scores the typed statements against the hand-annotated abstracts and prints precision and
//! recall per kind, for each annotated set:
//! - `dev`: `fixtures/statements/` (71 abstracts), the set the extractor was tuned against;
//! - `dev2`: `fixtures/statements-dev2/` (70 other abstracts, annotated later by other hands),
//!   read while tuning after its first blind measurement;
//! - `dev3`: `fixtures/statements-dev3/` (71 other abstracts, annotated blind on 2026-12-05),
//!   read while tuning after its first blind measurement;
//! - `dev4`: `fixtures/statements-dev4/` (36 abstracts chosen for their medians and test
//!   statistics, annotated blind on 2026-12-05), read while tuning after its first blind
//!   measurement;
//! - `dev5`: `fixtures/statements-dev5/` (70 abstracts sampled like the test set, annotated
//!   blind on 2026-12-05), read while tuning after its first blind measurement;
//! - `dev6`: `fixtures/statements-dev6/` (70 more abstracts sampled like the test set,
//!   annotated blind at the end of 2026-12-05's tuning), read after its first blind measurement;
//! - `dev7`: `fixtures/statements-dev7/` (76 abstracts sampled like the test set, with the
//!   corpus's last unannotated medians and a few test statistics, annotated blind on
//!   2026-12-05), read after its first blind measurement;
//! - `dev8`: `fixtures/statements-dev8/` (62 abstracts sampled like the test set, annotated
//!   blind at the end of 2026-12-05's third session to measure its tuning on dev6 and dev7);
//! - `test`: `fixtures/statements-test/` (69 more abstracts, annotated blind by two more
//!   annotators), never read while tuning: its figures are the honest ones, and `--verbose`
//!   lists its misses only when `--set test` is asked for by name.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example evaluate_statements [-- [--set dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|test] [--verbose]]`.
//! With `--verbose` (or `EVAL_VERBOSE` set) it also lists, per abstract, the gold statements
//! that were missed and the predicted statements that match no gold one.
//!
//! A predicted statement matches a gold one of the same kind when their numbers are equal after
//! parsing (`.75` equals `0.75`; the percent sign is not part of a number); matching is
//! one-to-one and order-insensitive within an abstract. Fields compared per kind:
//! `p_value` comparator and value; `proportion` count, total and percent (an absent part must be
//! absent); `mean_sd` mean and sd, and n where the gold gives one; `median_iqr` and
//! `median_range` all three numbers; `estimate` the value (the measure is only printed);
//! `ci` the bounds, and the level where the gold gives one; `test_statistic` the test, both
//! degrees of freedom and the value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use trialsift_domain::{Comparator, Statement, StatementValue, TestKind};

#[path = "support/mod.rs"]
mod support;

use support::read_jsonl;

/// The kinds, in the order they are printed.
const KINDS: [&str; 8] = [
    "proportion",
    "mean_sd",
    "median_iqr",
    "median_range",
    "estimate",
    "ci",
    "p_value",
    "test_statistic",
];

/// A statement reduced to what is compared: its kind, a label and its numeric fields.
#[derive(Debug, Clone)]
struct Item {
    /// The `kind` tag.
    kind: &'static str,
    /// Comparator of a p-value or family of a test statistic; empty otherwise.
    label: String,
    /// The compared numbers, in a fixed order per kind; `None` where absent.
    fields: Vec<Option<f64>>,
    /// Fields that take part in the comparison only when the gold gives them.
    optional: Vec<bool>,
    /// What is printed for this statement.
    display: String,
}

/// One abstract's gold and predicted items.
struct Scored {
    /// The corpus id.
    id: String,
    /// Gold statements.
    gold: Vec<Item>,
    /// Predicted statements.
    predicted: Vec<Item>,
}

/// The annotated sets: name, folder under `fixtures/`, and what the set is.
const SETS: [(&str, &str, &str); 9] = [
    ("dev", "statements", "the extractor was tuned against it"),
    ("dev2", "statements-dev2", "read while tuning after its first blind measurement"),
    ("dev3", "statements-dev3", "read while tuning after its first blind measurement"),
    (
        "dev4",
        "statements-dev4",
        "medians and test statistics; read while tuning after its first blind measurement",
    ),
    ("dev5", "statements-dev5", "read while tuning after its first blind measurement"),
    ("dev6", "statements-dev6", "read while tuning after its first blind measurement"),
    ("dev7", "statements-dev7", "read while tuning after its first blind measurement"),
    ("dev8", "statements-dev8", "blind: measured after the tuning on dev6 and dev7"),
    ("test", "statements-test", "held out: never read while tuning"),
];

/// Runs the evaluation.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|arg| arg == "--verbose" || arg == "-v")
        || std::env::var("EVAL_VERBOSE").is_ok();
    let chosen = args
        .iter()
        .position(|arg| arg == "--set")
        .and_then(|index| args.get(index + 1))
        .map(String::as_str);
    if let Some(name) = chosen
        && !SETS.iter().any(|(known, _, _)| *known == name)
    {
        eprintln!(
            "error: unknown set {name:?}; expected dev, dev2, dev3, dev4, dev5, dev6, dev7, dev8 or test"
        );
        return ExitCode::FAILURE;
    }
    let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
    for (name, folder, about) in SETS {
        if chosen.is_some_and(|wanted| wanted != name) {
            continue;
        }
        let dir = fixtures.join(folder);
        if !dir.join("annotations.jsonl").exists() {
            println!("== set {name}: fixtures/{folder} has no annotations yet, skipped");
            continue;
        }
        println!("== set {name} ({about}): fixtures/{folder}");
        let list = verbose && (name != "test" || chosen == Some("test"));
        if let Err(message) = run(&dir, list) {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
        println!();
    }
    ExitCode::SUCCESS
}

/// Reads the fixtures, scores every abstract and prints the table.
fn run(dir: &Path, verbose: bool) -> Result<(), String> {
    let abstracts = read_jsonl(&dir.join("abstracts.jsonl"))?;
    let annotations = read_jsonl(&dir.join("annotations.jsonl"))?;
    let mut gold_by_id: BTreeMap<String, &Value> = BTreeMap::new();
    for record in &annotations {
        let id = id_of(record)?;
        gold_by_id.insert(id, record);
    }
    let mut scored = Vec::with_capacity(abstracts.len());
    for record in &abstracts {
        let id = id_of(record)?;
        let text = record["text"].as_str().ok_or_else(|| format!("{id}: no text"))?;
        let annotation = gold_by_id.get(&id).ok_or_else(|| format!("{id}: no annotation"))?;
        let gold = annotation["statements"]
            .as_array()
            .ok_or_else(|| format!("{id}: no statements array"))?
            .iter()
            .map(|statement| gold_item(statement).map_err(|error| format!("{id}: {error}")))
            .collect::<Result<Vec<_>, _>>()?;
        let split = trialsift_splitter::split(text);
        let extraction = trialsift_extractor::extract(text, &split.segments);
        let predicted = extraction
            .statements
            .iter()
            .filter(|statement| statement.lang == "en")
            .map(|statement| predicted_item(statement, text))
            .collect();
        scored.push(Scored { id, gold, predicted });
    }
    report(&scored, verbose);
    Ok(())
}

/// Returns a record's id as a string.
fn id_of(record: &Value) -> Result<String, String> {
    match &record["id"] {
        Value::String(id) => Ok(id.clone()),
        Value::Number(id) => Ok(id.to_string()),
        other => Err(format!("record without an id: {other}")),
    }
}

/// Parses a number as written in an annotation (`.75`, `-0.50`, `+0.13`, `−4`, `0·80`,
/// `17 288`, `10 (-6)` for 10⁻⁶, `2.3 × 10−5`, `9.63E - 09`, and words: `Forty-four`, `A hundred and one`).
fn parse_number(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    // A decimal comma ("99,4"): one or two digits after the comma; three group thousands.
    let decimal_comma = trimmed.split_once(',').is_some_and(|(whole, decimals)| {
        !whole.is_empty()
            && whole.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&decimals.len())
            && decimals.bytes().all(|b| b.is_ascii_digit())
    });
    let cleaned: String = trimmed
        .replace(['−', '–'], "-")
        .replace('·', ".")
        .replace(',', if decimal_comma { "." } else { "," })
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if let Ok(value) = cleaned.parse::<f64>() {
        return Ok(value);
    }
    if let Some(exponent) = cleaned.strip_prefix("10(").and_then(|rest| rest.strip_suffix(')'))
        && let Ok(exponent) = exponent.parse::<i32>()
    {
        return Ok(10f64.powi(exponent));
    }
    // "2.3 × 10−5", "2.3x10^(-5)": a mantissa times a power of ten.
    if let Some((mantissa, power)) = cleaned.split_once(['×', 'x', '*'])
        && let Ok(mantissa) = mantissa.parse::<f64>()
        && let Some(exponent) = power.strip_prefix("10")
    {
        let exponent: String = exponent.chars().filter(|c| !matches!(c, '^' | '(' | ')')).collect();
        if let Ok(exponent) = exponent.parse::<i32>() {
            return Ok(mantissa * 10f64.powi(exponent));
        }
    }
    number_words(text).ok_or_else(|| format!("not a number: {text:?}"))
}

/// Reads an English number written in words, up to the thousands ("One thousand and nineteen").
fn number_words(text: &str) -> Option<f64> {
    let lower = text.trim().to_ascii_lowercase();
    let (mut total, mut current, mut any) = (0u64, 0u64, false);
    for word in lower.split(|c: char| c == '-' || c.is_whitespace()).filter(|w| !w.is_empty()) {
        match word {
            "and" => {}
            "a" | "an" => current = current.max(1),
            "hundred" => {
                current = current.max(1) * 100;
                any = true;
            }
            "thousand" => {
                total += current.max(1) * 1000;
                current = 0;
            }
            _ => {
                let value = trialsift_domain::words::small_number_word(word)
                    .or_else(|| trialsift_domain::words::tens_word(word))?;
                current += value;
                any = true;
            }
        }
    }
    any.then_some((total + current) as f64)
}

/// Reads an optional numeric field of a gold statement.
fn gold_field(statement: &Value, name: &str) -> Result<Option<f64>, String> {
    match &statement[name] {
        Value::Null => Ok(None),
        Value::String(text) => parse_number(text).map(Some),
        Value::Number(number) => Ok(number.as_f64()),
        other => Err(format!("field {name}: unexpected {other}")),
    }
}

/// Reads a required numeric field of a gold statement.
fn gold_required(statement: &Value, name: &str) -> Result<Option<f64>, String> {
    gold_field(statement, name)?
        .map(Some)
        .ok_or_else(|| format!("field {name} is required in {statement}"))
}

/// Turns a gold statement into an item.
fn gold_item(statement: &Value) -> Result<Item, String> {
    let kind = statement["kind"].as_str().unwrap_or_default();
    let kind = KINDS
        .iter()
        .copied()
        .find(|known| *known == kind)
        .ok_or_else(|| format!("unknown kind {kind:?}"))?;
    let text_of = |name: &str| statement[name].as_str().unwrap_or("-").to_owned();
    let (label, fields, optional, numbers) = match kind {
        "p_value" => (
            normalize_comparator(&text_of("comparator")),
            vec![gold_required(statement, "value")?],
            vec![false],
            vec!["value"],
        ),
        "proportion" => (
            String::new(),
            vec![
                gold_field(statement, "count")?,
                gold_field(statement, "total")?,
                gold_field(statement, "percent")?,
            ],
            vec![false, false, false],
            vec!["count", "total", "percent"],
        ),
        "mean_sd" => (
            String::new(),
            vec![
                gold_required(statement, "mean")?,
                gold_required(statement, "sd")?,
                gold_field(statement, "n")?,
            ],
            vec![false, false, true],
            vec!["mean", "sd", "n"],
        ),
        "median_iqr" => (
            String::new(),
            vec![
                gold_required(statement, "median")?,
                gold_required(statement, "q1")?,
                gold_required(statement, "q3")?,
            ],
            vec![false, false, false],
            vec!["median", "q1", "q3"],
        ),
        "median_range" => (
            String::new(),
            vec![
                gold_required(statement, "median")?,
                gold_required(statement, "min")?,
                gold_required(statement, "max")?,
            ],
            vec![false, false, false],
            vec!["median", "min", "max"],
        ),
        "estimate" => {
            (String::new(), vec![gold_required(statement, "value")?], vec![false], vec!["value"])
        }
        "ci" => (
            String::new(),
            vec![
                gold_required(statement, "lower")?,
                gold_required(statement, "upper")?,
                gold_field(statement, "level")?,
            ],
            vec![false, false, true],
            vec!["lower", "upper", "level"],
        ),
        _ => (
            text_of("test"),
            vec![
                gold_field(statement, "df1")?,
                gold_field(statement, "df2")?,
                gold_required(statement, "value")?,
            ],
            vec![false, false, false],
            vec!["df1", "df2", "value"],
        ),
    };
    let mut display = kind.to_owned();
    if kind == "estimate" {
        display.push_str(&format!(" {}", text_of("measure")));
    }
    if !label.is_empty() {
        display.push_str(&format!(" {label}"));
    }
    for name in numbers {
        display.push_str(&format!(" {name}={}", text_of(name)));
    }
    display.push_str(&format!("  | {}", statement["quote"].as_str().unwrap_or_default()));
    Ok(Item { kind, label, fields, optional, display })
}

/// Spells a comparator the way [`Comparator::as_str`] does.
fn normalize_comparator(text: &str) -> String {
    match text {
        "≤" | "=<" => "<=".to_owned(),
        "≥" | "=>" => ">=".to_owned(),
        other => other.to_owned(),
    }
}

/// Returns the name a test family has in the annotations.
fn test_name(test: TestKind) -> &'static str {
    match test {
        TestKind::T => "t",
        TestKind::F => "f",
        TestKind::ChiSquare => "chi_square",
        TestKind::Z => "z",
        TestKind::R => "r",
    }
}

/// Turns a predicted statement into an item.
fn predicted_item(statement: &Statement, text: &str) -> Item {
    let value = &statement.value;
    let number = |n: &trialsift_domain::Number| Some(n.value);
    let optional_number = |n: &Option<trialsift_domain::Number>| n.as_ref().map(|n| n.value);
    let (label, fields) = match value {
        StatementValue::PValue { comparator, value } => {
            (comparator_name(*comparator).to_owned(), vec![number(value)])
        }
        StatementValue::Proportion { count, total, percent } => (
            String::new(),
            vec![optional_number(count), optional_number(total), optional_number(percent)],
        ),
        StatementValue::MeanSd { mean, sd, n, .. } => {
            (String::new(), vec![number(mean), number(sd), optional_number(n)])
        }
        StatementValue::MedianIqr { median, q1, q3 } => {
            (String::new(), vec![number(median), number(q1), number(q3)])
        }
        StatementValue::MedianRange { median, min, max } => {
            (String::new(), vec![number(median), number(min), number(max)])
        }
        StatementValue::Estimate { value, .. } => (String::new(), vec![number(value)]),
        StatementValue::Ci { level, lower, upper, .. } => {
            (String::new(), vec![number(lower), number(upper), *level])
        }
        StatementValue::TestStatistic { test, df1, df2, value, .. } => (
            test_name(*test).to_owned(),
            vec![optional_number(df1), optional_number(df2), number(value)],
        ),
    };
    let mut display = value.kind().to_owned();
    if let StatementValue::Estimate { measure, .. } = value {
        display.push_str(&format!(" {measure}"));
    }
    if !label.is_empty() {
        display.push_str(&format!(" {label}"));
    }
    let numbers: Vec<&str> = value.numbers().iter().map(|n| n.text.as_str()).collect();
    display.push_str(&format!(" [{}]", numbers.join(", ")));
    let snippet = text.get(statement.start..statement.end).unwrap_or("").replace('\n', " ");
    let context = |from: usize, to: usize| {
        let (mut from, mut to) = (from.min(text.len()), to.min(text.len()));
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        while !text.is_char_boundary(to) {
            to += 1;
        }
        text.get(from..to).unwrap_or("").replace('\n', " ")
    };
    let before = context(statement.start.saturating_sub(50), statement.start);
    let after = context(statement.end, statement.end + 30);
    display.push_str(&format!("  | {snippet}  | ...{before}[[{snippet}]]{after}..."));
    let optional = vec![false; fields.len()];
    Item { kind: value.kind(), label, fields, optional, display }
}

/// Returns the comparator as the annotations spell it.
fn comparator_name(comparator: Comparator) -> &'static str {
    comparator.as_str()
}

/// Whether two parsed numbers are the same value.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether a predicted item matches a gold item.
fn matches(gold: &Item, predicted: &Item) -> bool {
    if gold.kind != predicted.kind || gold.label != predicted.label {
        return false;
    }
    gold.fields.iter().zip(&gold.optional).zip(&predicted.fields).all(
        |((gold_field, optional), predicted_field)| match (gold_field, predicted_field) {
            (Some(a), Some(b)) => same(*a, *b),
            (None, None) => true,
            (None, Some(_)) => *optional,
            (Some(_), None) => false,
        },
    )
}

/// Counts for one kind.
#[derive(Default, Clone, Copy)]
struct Counts {
    /// Gold statements.
    gold: usize,
    /// Predicted statements.
    predicted: usize,
    /// Matched pairs.
    matched: usize,
}

/// Matches every abstract, prints the table and, when verbose, the misses and false hits.
fn report(scored: &[Scored], verbose: bool) {
    let mut counts: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut listing = String::new();
    for abstract_ in scored {
        let mut used = vec![false; abstract_.predicted.len()];
        let mut missed = Vec::new();
        for gold in &abstract_.gold {
            let entry = counts.entry(gold.kind).or_default();
            entry.gold += 1;
            let found = abstract_
                .predicted
                .iter()
                .enumerate()
                .find(|(index, predicted)| !used[*index] && matches(gold, predicted));
            match found {
                Some((index, _)) => {
                    used[index] = true;
                    entry.matched += 1;
                }
                None => missed.push(gold),
            }
        }
        let mut false_hits = Vec::new();
        for (predicted, was_used) in abstract_.predicted.iter().zip(&used) {
            counts.entry(predicted.kind).or_default().predicted += 1;
            if !was_used {
                false_hits.push(predicted);
            }
        }
        if verbose && (!missed.is_empty() || !false_hits.is_empty()) {
            listing.push_str(&format!("== {}\n", abstract_.id));
            for item in missed {
                listing.push_str(&format!("  miss  {}\n", item.display));
            }
            for item in false_hits {
                listing.push_str(&format!("  false {}\n", item.display));
            }
        }
    }
    if verbose {
        print!("{listing}");
        println!();
    }
    let gold_total: usize = scored.iter().map(|s| s.gold.len()).sum();
    println!(
        "{} abstracts, {} gold statements, {} predicted",
        scored.len(),
        gold_total,
        scored.iter().map(|s| s.predicted.len()).sum::<usize>()
    );
    println!(
        "{:<16} {:>6} {:>6} {:>6} {:>10} {:>8}",
        "kind", "gold", "pred", "match", "precision", "recall"
    );
    let mut total = Counts::default();
    for kind in KINDS {
        let c = counts.get(kind).copied().unwrap_or_default();
        total.gold += c.gold;
        total.predicted += c.predicted;
        total.matched += c.matched;
        print_row(kind, c);
    }
    print_row("overall", total);
}

/// Prints one row of the table.
fn print_row(name: &str, c: Counts) {
    let ratio = |num: usize, den: usize| {
        if den == 0 { "-".to_owned() } else { format!("{:.3}", num as f64 / den as f64) }
    };
    println!(
        "{:<16} {:>6} {:>6} {:>6} {:>10} {:>8}",
        name,
        c.gold,
        c.predicted,
        c.matched,
        ratio(c.matched, c.predicted),
        ratio(c.matched, c.gold)
    );
}
