//! Scores conditions and interventions against ClinicalTrials.gov records, and lists entities for reading by hand.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example evaluate_entities -- <what> [corpus dir]`
//! where `<what>` is `score` (precision and recall of canonical conditions and interventions
//! on `registry_records.jsonl`), `sample` (the entities and abbreviations of every 150th
//! abstract of `abstracts.jsonl`, with context, to be read by hand) or `startup` (the time the
//! first extraction takes, dictionaries included). The corpus directory defaults to
//! `shared/corpus/dev` beside the repository (or `$TRIALSIFT_CORPUS`); `EVAL_VERBOSE=1` lists
//! the dev split's misses and false hits.
//!
//! Gold names (`facts.conditions`, `facts.interventions[].name` and `other_names`) are
//! normalized through the same dictionaries as the text: a name that is wholly one dictionary
//! name (also in natural order: "Diabetes Mellitus, Type 2" as "Type 2 Diabetes Mellitus")
//! gives that name, otherwise every dictionary name inside it counts; a gold name with none is
//! counted as "not in dictionary" and cannot be found. Records whose index is a multiple of
//! five are the held-out split, never read while tuning; the rest is the dev split.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::Value;
use trialsift_domain::EntityKind;

#[path = "support/mod.rs"]
mod support;

use support::{SPLITS, natural_order, read_jsonl, run, split_of};

/// Runs the evaluation named on the command line.
fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "score".to_owned());
    let dir = args
        .next()
        .or_else(|| std::env::var("TRIALSIFT_CORPUS").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/dev"))
        });
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    let result = match what.as_str() {
        "score" => score(&dir, verbose),
        "sample" => sample(&dir),
        "startup" => {
            startup();
            Ok(())
        }
        other => Err(format!("unknown evaluation {other:?}: use score, sample or startup")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Normalizes a gold name through the dictionaries: its canonical names of the wanted kind, empty when the dictionary does not know it.
fn normalize(name: &str, kind: EntityKind) -> Vec<String> {
    let name = name.trim();
    let forms: Vec<String> = std::iter::once(name.to_owned()).chain(natural_order(name)).collect();
    for form in &forms {
        let found = trialsift_extractor::lexicon::names(form);
        if let [only] = found.as_slice()
            && only.kind == kind
            && only.start == 0
            && only.end == form.len()
        {
            return vec![only.canonical.clone()];
        }
    }
    let mut canonicals: Vec<String> = Vec::new();
    for form in &forms {
        for entity in trialsift_extractor::lexicon::names(form) {
            if entity.kind == kind && !canonicals.contains(&entity.canonical) {
                canonicals.push(entity.canonical);
            }
        }
    }
    canonicals
}

/// Counts for precision and recall of a set-valued field.
#[derive(Default, Clone, Copy)]
struct Counts {
    /// Records with at least one gold name the dictionary knows.
    records: usize,
    /// Gold names (strings) in all records.
    gold_names: usize,
    /// Gold names the dictionary does not know.
    not_in_dictionary: usize,
    /// Distinct gold canonical names, summed over records.
    gold: usize,
    /// Predicted canonical names, summed over scored records.
    predicted: usize,
    /// Predicted names that are gold.
    correct: usize,
    /// Records where at least one gold name was found.
    records_hit: usize,
    /// Predicted names in records without any known gold name (not scored).
    unscored: usize,
}

impl Counts {
    /// Adds one record's gold and predicted canonical names.
    fn add(&mut self, gold: &BTreeSet<String>, predicted: &BTreeSet<String>) {
        if gold.is_empty() {
            self.unscored += predicted.len();
            return;
        }
        self.records += 1;
        self.gold += gold.len();
        self.predicted += predicted.len();
        let correct = gold.intersection(predicted).count();
        self.correct += correct;
        self.records_hit += usize::from(correct > 0);
    }

    /// Prints one row.
    fn print(&self, field: &str) {
        let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        println!(
            "  {field:<36} records {:>3}  gold {:>4}  predicted {:>4}  correct {:>4}  precision {:.3}  recall {:.3}  records hit {:.3}",
            self.records,
            self.gold,
            self.predicted,
            self.correct,
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.gold),
            ratio(self.records_hit, self.records),
        );
    }
}

/// Scores canonical conditions and interventions against `registry_records.jsonl`, per split.
fn score(dir: &Path, verbose: bool) -> Result<(), String> {
    let records = read_jsonl(&dir.join("registry_records.jsonl"))?;
    // Per split: conditions studied, every disease named outside harms (the rule before), interventions.
    let mut studied = [Counts::default(); 2];
    let mut named = [Counts::default(); 2];
    let mut interventions = [Counts::default(); 2];
    for (index, record) in records.iter().enumerate() {
        let split = split_of(index);
        let text = record["text"].as_str().unwrap_or("");
        let facts = &record["facts"];
        let extraction = run(text);

        let mut gold_conditions = BTreeSet::new();
        let condition_names: Vec<&str> = facts["conditions"]
            .as_array()
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for name in &condition_names {
            let canonicals = normalize(name, EntityKind::Condition);
            for counts in [&mut studied[split], &mut named[split]] {
                counts.gold_names += 1;
                counts.not_in_dictionary += usize::from(canonicals.is_empty());
            }
            gold_conditions.extend(canonicals);
        }
        let predicted: BTreeSet<String> = extraction.study.conditions.iter().cloned().collect();
        studied[split].add(&gold_conditions, &predicted);
        let every_named: BTreeSet<String> = extraction
            .study
            .entities
            .iter()
            .filter(|entity| entity.kind == EntityKind::Condition)
            .map(|entity| entity.canonical.clone())
            .collect();
        named[split].add(&gold_conditions, &every_named);

        let mut gold_interventions = BTreeSet::new();
        for intervention in facts["interventions"].as_array().into_iter().flatten() {
            let mut names: Vec<&str> = intervention["name"].as_str().into_iter().collect();
            names.extend(
                intervention["other_names"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            );
            let mut known = false;
            for name in names {
                let canonicals = normalize(name, EntityKind::Intervention);
                known |= !canonicals.is_empty();
                gold_interventions.extend(canonicals);
            }
            interventions[split].gold_names += 1;
            interventions[split].not_in_dictionary += usize::from(!known);
        }
        let predicted_interventions: BTreeSet<String> =
            extraction.study.interventions.iter().cloned().collect();
        interventions[split].add(&gold_interventions, &predicted_interventions);

        if verbose && split == 0 {
            let missed: Vec<_> = gold_conditions.difference(&predicted).collect();
            let wrong: Vec<_> = predicted.difference(&gold_conditions).collect();
            if !gold_conditions.is_empty() && (!missed.is_empty() || !wrong.is_empty()) {
                println!(
                    "{} gold {condition_names:?}\n    missed {missed:?}\n    extra {wrong:?}",
                    record["nct_id"].as_str().unwrap_or("?")
                );
                // Where the text names a gold condition the rule did not count, and a condition it counted that is not gold.
                for entity in &extraction.study.entities {
                    if missed.contains(&&entity.canonical) {
                        println!("    named {}", context(text, entity.start, entity.end, 70));
                    }
                    if wrong.contains(&&entity.canonical) && entity.kind == EntityKind::Condition {
                        println!("    extra {}", context(text, entity.start, entity.end, 70));
                    }
                }
            }
        }
    }
    println!(
        "registry_records.jsonl ({} records): canonical names against facts.conditions and facts.interventions",
        records.len()
    );
    for split in 0..2 {
        println!(
            " {} — gold conditions {} (not in dictionary {}), gold interventions {} (not in dictionary {})",
            SPLITS[split],
            studied[split].gold_names,
            studied[split].not_in_dictionary,
            interventions[split].gold_names,
            interventions[split].not_in_dictionary,
        );
        named[split].print("conditions, every disease named");
        studied[split].print("conditions studied (Study.conditions)");
        interventions[split].print("interventions");
    }
    Ok(())
}

/// Returns up to `width` bytes of context either side of a span, on character boundaries, on one line.
fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let from = text.floor_char_boundary(start.saturating_sub(width));
    let to = text.ceil_char_boundary((end + width).min(text.len()));
    let before = text.get(from..start).unwrap_or("");
    let inside = text.get(start..end).unwrap_or("");
    let after = text.get(end..to).unwrap_or("");
    format!("{before}[{inside}]{after}").replace('\n', " ")
}

/// Prints the entities and abbreviations of every 150th abstract of `abstracts.jsonl`, with context, to be judged by hand.
fn sample(dir: &Path) -> Result<(), String> {
    let records = read_jsonl(&dir.join("abstracts.jsonl"))?;
    for record in records.iter().step_by(150) {
        let text = record["text"].as_str().unwrap_or("");
        let study = run(text).study;
        let title: String = text.chars().take(90).collect();
        println!("{} {}", record["id"], title.replace('\n', " "));
        println!("    conditions studied: {:?}", study.conditions);
        println!("    interventions: {:?}", study.interventions);
        for entity in &study.entities {
            let kind = match entity.kind {
                EntityKind::Condition => "condition",
                EntityKind::Intervention => "intervention",
                EntityKind::AdverseEvent => "adverse_event",
            };
            println!(
                "    {kind:<13} {:<28} {:<18} {}{}",
                entity.canonical,
                entity.identifier.as_deref().unwrap_or("-"),
                context(text, entity.start, entity.end, 40),
                entity.long_form.as_ref().map(|long| format!("  = {long}")).unwrap_or_default(),
            );
        }
        for abbreviation in &study.abbreviations {
            println!("    abbreviation  {} = {}", abbreviation.short, abbreviation.long);
        }
    }
    Ok(())
}

/// Times the first extraction (which parses the embedded dictionaries and builds the automaton) against the next ones.
fn startup() {
    let text = "Belimumab in patients with diffuse cutaneous systemic sclerosis (dcSSc) on mycophenolate mofetil (MMF).";
    let clock = Instant::now();
    std::hint::black_box(trialsift_extractor::lexicon::names("belimumab"));
    let dictionaries = clock.elapsed();
    let clock = Instant::now();
    let first = run(text);
    let first_time = clock.elapsed();
    let clock = Instant::now();
    let rounds = 100u32;
    for _ in 0..rounds {
        std::hint::black_box(run(std::hint::black_box(text)));
    }
    let next_time = clock.elapsed() / rounds;
    println!(
        "dictionaries parsed and automaton built {:.1} ms; first extraction after that {:.1} ms (other patterns compiled), next ones {:.3} ms; {} entities",
        dictionaries.as_secs_f64() * 1e3,
        first_time.as_secs_f64() * 1e3,
        next_time.as_secs_f64() * 1e3,
        first.study.entities.len()
    );
}
