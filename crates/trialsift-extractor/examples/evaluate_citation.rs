//! Scores the citation reader and the document type against the development corpus.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example evaluate_citation -- [citation|document-type|all] [corpus dir]`,
//! the corpus directory defaulting to `shared/corpus/dev` beside the repository (or `$TRIALSIFT_CORPUS`).
//!
//! `citation`: for each record of `pubmed_records.jsonl`, the evaluator writes the citation line
//! from the record's XML fields the way PubMed's display writes it (`Journal. 2019 Dec;12(3):45-67.
//! doi: 10.xxx.`, each optional part only where the record has it; `Online ahead of print.` when
//! there is no volume), puts it before two affiliation lines and the abstract (alternating the
//! seeds' layout and PubMed's "Abstract" text layout), splits and extracts the document, and
//! compares each field with the record's. This measures the parsing of PubMed's own format, not
//! the discovery of citations written in the wild.
//!
//! `document-type`: the type given to every abstract of `abstracts.jsonl` (expected: journal
//! abstract) and every record of `registry_records.jsonl` (expected: registry record), per source.
//!
//! Records whose index is a multiple of five form the held-out split, the rest the dev split.
//! `EVAL_VERBOSE=1` lists the dev errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use trialsift_domain::Extraction;

#[path = "support/mod.rs"]
mod support;

use support::{ratio, read_jsonl, run};

/// Fields scored, in print order.
const FIELDS: [&str; 7] = ["journal", "year", "month", "volume", "issue", "pages", "doi"];

/// Affiliation lines the evaluator puts before the abstracts, as real abstracts give them.
const AFFILIATIONS: [&str; 6] = [
    "Department of Medicine, Division of Rheumatology, Medical University of South Carolina, Charleston, South Carolina, USA.",
    "Department of Neurology, Erasmus UMC, Rotterdam, The Netherlands.",
    "Hospital for Special Surgery, New York, New York.",
    "Department of Rheumatology, Peking Union Medical College Hospital, Beijing 100730, China.",
    "Institute of Clinical Medicine, University of Oslo, Oslo, Norway.",
    "School of Public Health, University of Sydney, Sydney, Australia.",
];

/// Runs the evaluation named on the command line.
fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "all".to_owned());
    let dir = args
        .next()
        .or_else(|| std::env::var("TRIALSIFT_CORPUS").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/dev"))
        });
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    let result = match what.as_str() {
        "citation" => citation(&dir, verbose),
        "document-type" => document_type(&dir, verbose),
        "all" => citation(&dir, verbose).and_then(|()| document_type(&dir, verbose)),
        other => Err(format!("unknown evaluation {other:?}: use citation, document-type or all")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Returns a string field of a record, absent when null or empty.
fn field<'a>(record: &'a Value, name: &str) -> Option<&'a str> {
    record.get(name).and_then(Value::as_str).filter(|value| !value.is_empty())
}

/// Returns a month name's number (`Dec` is 12).
fn month_number(name: &str) -> Option<u8> {
    let months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    months.iter().position(|month| *month == prefix).and_then(|index| u8::try_from(index + 1).ok())
}

/// Writes a record's citation line as PubMed displays it.
fn citation_line(record: &Value) -> Option<String> {
    let journal = field(record, "iso_abbrev")?;
    let year = record.get("year").and_then(Value::as_u64)?;
    let mut line = journal.to_owned();
    if !line.ends_with('.') {
        line.push('.');
    }
    line.push_str(&format!(" {year}"));
    if let Some(month) = field(record, "month") {
        line.push_str(&format!(" {month}"));
    }
    let volume = field(record, "volume");
    if let Some(volume) = volume {
        line.push_str(&format!(";{volume}"));
    }
    if let Some(issue) = field(record, "issue") {
        if volume.is_none() {
            line.push(';');
        }
        line.push_str(&format!("({issue})"));
    }
    if let Some(pages) = field(record, "pages") {
        line.push_str(&format!(":{pages}"));
    }
    line.push('.');
    if let Some(doi) = field(record, "doi") {
        line.push_str(&format!(" doi: {doi}."));
    }
    if volume.is_none() {
        line.push_str(" Online ahead of print.");
    }
    Some(line)
}

/// The expected value of each scored field, as text.
fn expected(record: &Value) -> BTreeMap<&'static str, String> {
    let mut fields = BTreeMap::new();
    if let Some(journal) = field(record, "iso_abbrev") {
        fields.insert("journal", journal.strip_suffix('.').unwrap_or(journal).to_owned());
    }
    if let Some(year) = record.get("year").and_then(Value::as_u64) {
        fields.insert("year", year.to_string());
    }
    if let Some(month) = field(record, "month").and_then(month_number) {
        fields.insert("month", month.to_string());
    }
    for name in ["volume", "issue", "pages", "doi"] {
        if let Some(value) = field(record, name) {
            fields.insert(name, value.to_owned());
        }
    }
    fields
}

/// The value of each scored field the extractor gave, as text.
fn answered(extraction: &Extraction) -> BTreeMap<&'static str, String> {
    let mut fields = BTreeMap::new();
    let Some(citation) = &extraction.study.citation else {
        return fields;
    };
    let values = [
        ("journal", citation.journal.clone()),
        ("year", citation.year.map(|year| year.to_string())),
        ("month", citation.month.map(|month| month.to_string())),
        ("volume", citation.volume.clone()),
        ("issue", citation.issue.clone()),
        ("pages", citation.pages.clone()),
        ("doi", citation.doi.clone()),
    ];
    for (name, value) in values {
        if let Some(value) = value {
            fields.insert(name, value);
        }
    }
    fields
}

/// Counts for one field over one split.
#[derive(Default, Clone, Copy)]
struct Tally {
    /// Records where the field is known.
    gold: usize,
    /// Records where the extractor gave the field.
    answered: usize,
    /// Records where the given value equals the known one.
    correct: usize,
}

/// Builds the document of a record: affiliations, citation line and abstract, in one of two layouts.
fn document(record: &Value, index: usize, line: &str) -> (String, Vec<&'static str>) {
    let title = field(record, "title").unwrap_or("");
    let abstract_text = field(record, "abstract_text").unwrap_or("");
    let first = AFFILIATIONS[index % AFFILIATIONS.len()];
    let second = AFFILIATIONS[(index + 1) % AFFILIATIONS.len()];
    let text = if index.is_multiple_of(2) {
        // The seeds' layout: affiliations, citation, abstract.
        format!("{first}\n{second}\n{line}\n{abstract_text}\n")
    } else {
        // PubMed's "Abstract" text layout: citation, title, authors, affiliations, abstract.
        format!(
            "1. {line}\n\n{title}\n\nDoe J(1), Roe R(2).\n\nAuthor information:\n(1){first}\n(2){second}\n\n{abstract_text}\n"
        )
    };
    (text, vec![first, second])
}

/// Scores the citation fields and the affiliations on PubMed-formatted citation lines.
fn citation(dir: &Path, verbose: bool) -> Result<(), String> {
    let records = read_jsonl(&dir.join("pubmed_records.jsonl"))?;
    let mut tallies: [BTreeMap<&str, Tally>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut affiliations = [(0usize, 0usize, 0usize); 2];
    let mut scored = [0usize; 2];
    for (index, record) in records.iter().enumerate() {
        let Some(line) = citation_line(record) else {
            continue;
        };
        let split = usize::from(index.is_multiple_of(5));
        scored[split] += 1;
        let (text, written_affiliations) = document(record, index, &line);
        let extraction = run(&text);
        let gold = expected(record);
        let given = answered(&extraction);
        for name in FIELDS {
            let tally = tallies[split].entry(name).or_default();
            let known = gold.get(name);
            let answer = given.get(name);
            tally.gold += usize::from(known.is_some());
            tally.answered += usize::from(answer.is_some());
            let right = known.is_some() && known == answer;
            tally.correct += usize::from(right);
            if verbose && split == 0 && !right && (known.is_some() || answer.is_some()) {
                println!("  {name}: expected {known:?}, got {answer:?} in {line:?}");
            }
        }
        if verbose && split == 0 {
            for mention in &extraction.study.affiliations {
                if !written_affiliations
                    .iter()
                    .any(|written| written.trim_end_matches('.') == mention.text)
                {
                    println!("  affiliation not written by the evaluator: {:?}", mention.text);
                }
            }
        }
        let (found, expected_count, matched) = &mut affiliations[split];
        *found += extraction.study.affiliations.len();
        *expected_count += written_affiliations.len();
        *matched += written_affiliations
            .iter()
            .filter(|written| {
                let bare = written.trim_end_matches('.');
                extraction.study.affiliations.iter().any(|mention| {
                    mention.text == bare && text.get(mention.start..mention.end) == Some(bare)
                })
            })
            .count();
    }
    println!("citation lines formatted by this evaluator from pubmed_records.jsonl's XML fields");
    println!("(parsing of PubMed's own format, not discovery in the wild)");
    for (split, name) in [(0, "dev"), (1, "held-out")] {
        println!("{name}: {} records", scored[split]);
        println!(
            "  {:<8} {:>5} {:>8} {:>7} {:>9} {:>6}",
            "field", "gold", "answered", "correct", "precision", "recall"
        );
        for field_name in FIELDS {
            let tally = tallies[split].get(field_name).copied().unwrap_or_default();
            println!(
                "  {:<8} {:>5} {:>8} {:>7} {:>9} {:>6}",
                field_name,
                tally.gold,
                tally.answered,
                tally.correct,
                ratio(tally.correct, tally.answered),
                ratio(tally.correct, tally.gold)
            );
        }
        let (found, expected_count, matched) = affiliations[split];
        println!(
            "  affiliations: {expected_count} written, {found} found, {matched} exact: precision {} recall {}",
            ratio(matched, found),
            ratio(matched, expected_count)
        );
    }
    Ok(())
}

/// Counts the document types given to abstracts and registry records, per source.
fn document_type(dir: &Path, verbose: bool) -> Result<(), String> {
    let abstracts = read_jsonl(&dir.join("abstracts.jsonl"))?;
    let registry = read_jsonl(&dir.join("registry_records.jsonl"))?;
    // (source, split) -> type -> count
    let mut counts: BTreeMap<(String, usize), BTreeMap<String, usize>> = BTreeMap::new();
    let sources = abstracts
        .iter()
        .map(|record| {
            (field(record, "source").unwrap_or("?").to_owned(), record, "journal_abstract")
        })
        .chain(registry.iter().map(|record| ("registry".to_owned(), record, "registry_record")));
    let mut index_in_source: BTreeMap<String, usize> = BTreeMap::new();
    for (source, record, expected_type) in sources {
        let Some(text) = field(record, "text") else {
            continue;
        };
        let index = index_in_source.entry(source.clone()).or_default();
        let split = usize::from(index.is_multiple_of(5));
        *index += 1;
        let extraction = run(text);
        let design = &extraction.study.design;
        let given = design.document_type.clone().unwrap_or_else(|| "none".to_owned());
        if verbose && split == 0 && given != expected_type {
            let id = field(record, "id").or_else(|| field(record, "nct_id")).unwrap_or("?");
            let evidence = design
                .evidence
                .get("document_type")
                .and_then(|[start, end]| text.get(*start..*end))
                .unwrap_or("");
            let opening: String = text.chars().take(100).collect();
            println!("  {source} {id}: {given} ({evidence:?}) {opening:?}");
        }
        *counts.entry((source, split)).or_default().entry(given).or_default() += 1;
    }
    println!(
        "document type per source (expected: journal_abstract for abstracts.jsonl, registry_record for registry_records.jsonl)"
    );
    for ((source, split), types) in &counts {
        let expected_type =
            if source == "registry" { "registry_record" } else { "journal_abstract" };
        let total: usize = types.values().sum();
        let right = types.get(expected_type).copied().unwrap_or(0);
        let split_name = if *split == 0 { "dev" } else { "held-out" };
        let listed: Vec<String> =
            types.iter().map(|(name, count)| format!("{name} {count}")).collect();
        println!(
            "  {source:<18} {split_name:<8} {total:>5}  accuracy {}  ({})",
            ratio(right, total),
            listed.join(", ")
        );
    }
    // Precision of each type given, over both files: how often the type given is the source's.
    for (split, split_name) in [(0, "dev"), (1, "held-out")] {
        let mut given: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ((source, _), types) in counts.iter().filter(|((_, s), _)| *s == split) {
            let expected_type =
                if source == "registry" { "registry_record" } else { "journal_abstract" };
            for (name, count) in types.iter().filter(|(name, _)| name.as_str() != "none") {
                let entry = given.entry(name.as_str()).or_default();
                entry.0 += count;
                if name == expected_type {
                    entry.1 += count;
                }
            }
        }
        let listed: Vec<String> = given
            .iter()
            .map(|(name, (total, right))| {
                format!("{name} {right}/{total} = {}", ratio(*right, *total))
            })
            .collect();
        println!("  precision of the type given, {split_name}: {}", listed.join(", "));
    }
    Ok(())
}
