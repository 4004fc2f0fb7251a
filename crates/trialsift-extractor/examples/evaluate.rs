//! Scores the extractor against the development corpus and prints precision and recall per field.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example evaluate -- <what> [corpus dir]`
//! where `<what>` is `sample-size`, `registry`, `design`, `claims` or `all` (or the audit
//! listings `ids-in-abstracts` and `entities-sample`, read by hand), and the corpus directory
//! defaults to `shared/corpus/dev` beside the repository (or `$TRIALSIFT_CORPUS`).
//!
//! Every split is deterministic: records whose index is a multiple of five form the held-out
//! test split, never looked at while tuning; the rest is the dev split.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trialsift_domain::words::{small_number_word, tens_word};

#[path = "support/mod.rs"]
mod support;

use support::{SPLITS, ratio, read_jsonl, run, split_of};

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
        "sample-size" => sample_size(&dir, verbose),
        "registry" => registry(&dir),
        "design" => design(&dir, verbose),
        "claims" => claims(&dir, verbose),
        "ids-in-abstracts" => ids_in_abstracts(&dir),
        "entities-sample" => entities_sample(&dir),
        "all" => sample_size(&dir, verbose)
            .and_then(|()| registry(&dir))
            .and_then(|()| design(&dir, verbose))
            .and_then(|()| claims(&dir, verbose)),
        other => Err(format!(
            "unknown evaluation {other:?}: use sample-size, registry, design, claims, all, ids-in-abstracts or entities-sample"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Counts for precision and recall of one field.
#[derive(Default, Clone, Copy)]
struct Score {
    /// Records with a gold value.
    gold: usize,
    /// Records the extractor answered.
    answered: usize,
    /// Answers that match the gold value.
    correct: usize,
}

impl Score {
    /// Adds one record; an answer where the gold is unknown is not counted (it cannot be judged).
    fn add(&mut self, has_gold: bool, answered: bool, correct: bool) {
        self.gold += usize::from(has_gold);
        self.answered += usize::from(answered && has_gold);
        self.correct += usize::from(correct);
    }

    /// Prints the row of a field.
    fn print(&self, field: &str) {
        let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        println!(
            "  {field:<28} gold {:>4}  answered {:>4}  correct {:>4}  precision {:.3}  recall {:.3}",
            self.gold,
            self.answered,
            self.correct,
            ratio(self.correct, self.answered),
            ratio(self.correct, self.gold),
        );
    }
}

/// Reads the number a crowd span holds: digits (`1,234`, `n=29`) or number words (`Thirteen`).
fn span_number(span: &str) -> Option<u64> {
    let digits: String = span
        .split(|c: char| !(c.is_ascii_digit() || c == ','))
        .find(|part| part.bytes().any(|b| b.is_ascii_digit()))
        .map(|part| part.chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    word_number(span)
}

/// Reads a number written in words, from the first number word on.
fn word_number(span: &str) -> Option<u64> {
    let lower = span.to_ascii_lowercase();
    let (mut total, mut current, mut any) = (0u64, 0u64, false);
    for word in
        lower.split(|c: char| c == '-' || !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty())
    {
        if let Some(value) = small_number_word(word) {
            current += value;
            any = true;
        } else if let Some(tens) = tens_word(word) {
            current += tens;
            any = true;
        } else if word == "hundred" {
            total += current.max(u64::from(!any)) * 100;
            current = 0;
            any = true;
        } else if word == "thousand" {
            total = (total + current.max(1)) * 1000;
            current = 0;
            any = true;
        } else if word == "and" || word == "a" {
            continue;
        } else if any {
            break;
        }
    }
    let value = total + current;
    (any && value > 0).then_some(value)
}

/// Scores the enrolled/randomized count against the EBM-NLP crowd sample-size spans.
fn sample_size(dir: &Path, verbose: bool) -> Result<(), String> {
    let records = read_jsonl(&dir.join("ebmnlp_sample_size_dev.jsonl"))?;
    // Per split: scored records, answered, correct; records without a gold span, answered.
    let mut scored = [0usize; 2];
    let mut answered = [0usize; 2];
    let mut correct = [0usize; 2];
    let mut unlabelled = [0usize; 2];
    let mut unlabelled_answered = [0usize; 2];
    for (index, record) in records.iter().enumerate() {
        let split = split_of(index);
        let text = record["text"].as_str().unwrap_or("");
        let gold: BTreeSet<u64> = record["sample_size_spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|span| span["text"].as_str().and_then(span_number))
            .collect();
        let extraction = run(text);
        let population = extraction.study.population;
        let answer = population.enrolled.or(population.randomized);
        if gold.is_empty() {
            unlabelled[split] += 1;
            unlabelled_answered[split] += usize::from(answer.is_some());
            continue;
        }
        scored[split] += 1;
        let Some(answer) = answer else {
            if verbose && split == 0 {
                println!("ABSTAIN {} gold {gold:?}", record["pmid"]);
            }
            continue;
        };
        answered[split] += 1;
        let right =
            gold.contains(&answer) || population.randomized.is_some_and(|n| gold.contains(&n));
        correct[split] += usize::from(right);
        if verbose && split == 0 && !right {
            println!("WRONG {} answer {answer} gold {gold:?}", record["pmid"]);
        }
    }
    println!("sample size (EBM-NLP crowd spans, {} records)", records.len());
    for split in 0..2 {
        let accuracy = correct[split] as f64 / answered[split].max(1) as f64;
        let abstention = 1.0 - answered[split] as f64 / scored[split].max(1) as f64;
        println!(
            "  {:<9} with gold {:>4}  answered {:>4}  correct {:>4}  answered-accuracy {:.3}  abstention {:.3}  (no gold: {} records, answered {})",
            SPLITS[split],
            scored[split],
            answered[split],
            correct[split],
            accuracy,
            abstention,
            unlabelled[split],
            unlabelled_answered[split],
        );
    }
    Ok(())
}

/// Registry identifiers that PubMed's databank list lacks but the abstract states, checked by hand
/// (PMID, identifier); they count as gold.
const PUBMED_STATED_IDS: &[(&str, &str)] =
    &[("31840222", "NTR3912"), ("31840222", "2012-001909-24")];

/// Identifiers of other trials that registry texts state, checked by hand (record, identifier); they count as true.
const REGISTRY_STATED_IDS: &[(&str, &str)] = &[("NCT00495287", "NCT00400637")];

/// Scores registry identifiers against PubMed databank ids and registry records' own NCT ids.
fn registry(dir: &Path) -> Result<(), String> {
    let pubmed = read_jsonl(&dir.join("pubmed_records.jsonl"))?;
    let mut found_total = [0usize; 2];
    let mut true_found = [0usize; 2];
    let mut gold_total = [0usize; 2];
    let mut extra: Vec<String> = Vec::new();
    for (index, record) in pubmed.iter().enumerate() {
        let split = split_of(index);
        let title = record["title"].as_str().unwrap_or("");
        let Some(abstract_text) = record["abstract_text"].as_str() else {
            continue;
        };
        let text = format!("{title}\n\n{abstract_text}");
        let pmid = record["pmid"].as_str().unwrap_or("");
        let mut gold: BTreeSet<String> = record["databank_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|bank| bank["databank"] == "ClinicalTrials.gov")
            .filter_map(|bank| bank["id"].as_str().map(str::to_owned))
            .collect();
        gold.extend(
            PUBMED_STATED_IDS
                .iter()
                .filter(|(id, _)| *id == pmid)
                .map(|(_, stated)| (*stated).to_owned()),
        );
        let found: BTreeSet<String> = run(&text).study.registry_ids.into_iter().collect();
        gold_total[split] += gold.len();
        found_total[split] += found.len();
        true_found[split] += found.intersection(&gold).count();
        for id in found.difference(&gold) {
            extra.push(format!("pubmed {} found {id} (not a databank id)", record["pmid"]));
        }
        for id in gold.difference(&found) {
            extra.push(format!("pubmed {} missed {id}", record["pmid"]));
        }
    }
    println!(
        "registry ids, PubMed records (gold: ClinicalTrials.gov databank ids plus ids checked by hand)"
    );
    for split in 0..2 {
        println!(
            "  {:<9} gold {:>3}  found {:>3}  true {:>3}  precision {}  recall {}",
            SPLITS[split],
            gold_total[split],
            found_total[split],
            true_found[split],
            ratio(true_found[split], found_total[split]),
            ratio(true_found[split], gold_total[split]),
        );
    }

    let registry = read_jsonl(&dir.join("registry_records.jsonl"))?;
    let mut found_total = [0usize; 2];
    let mut true_found = [0usize; 2];
    let mut gold_total = [0usize; 2];
    for (index, record) in registry.iter().enumerate() {
        let split = split_of(index);
        let text = record["text"].as_str().unwrap_or("");
        let own = record["nct_id"].as_str().unwrap_or("");
        let found: BTreeSet<String> = run(text).study.registry_ids.into_iter().collect();
        // Gold: the record's own id where its text states it; any other id found is
        // checked by hand from the printed list.
        let stated = !own.is_empty() && text.contains(own);
        let others: BTreeSet<&str> = REGISTRY_STATED_IDS
            .iter()
            .filter(|(record, _)| *record == own)
            .map(|(_, id)| *id)
            .collect();
        gold_total[split] += usize::from(stated) + others.len();
        found_total[split] += found.len();
        true_found[split] += usize::from(stated && found.contains(own))
            + others.iter().filter(|id| found.contains(**id)).count();
        for id in found.iter().filter(|id| id.as_str() != own && !others.contains(id.as_str())) {
            extra.push(format!("registry {own} found other id {id}"));
        }
        if stated && !found.contains(own) {
            extra.push(format!("registry {own} missed its own id"));
        }
    }
    println!(
        "registry ids, registry records (gold: the record's own NCT id where the text states it, plus ids checked by hand)"
    );
    for split in 0..2 {
        println!(
            "  {:<9} gold {:>3}  found {:>3}  true {:>3}  precision {}  recall {}",
            SPLITS[split],
            gold_total[split],
            found_total[split],
            true_found[split],
            ratio(true_found[split], found_total[split]),
            ratio(true_found[split], gold_total[split]),
        );
    }
    println!("  ids outside the gold (precision counts them as false; read them to judge):");
    for line in &extra {
        println!("    {line}");
    }
    Ok(())
}

/// Maps a registry masking value to the extractor's blinding classes: open, single, double or more.
fn masking_class(masking: &str) -> &'static str {
    if masking.starts_with("None") {
        "open"
    } else if masking.starts_with("Single") {
        "single"
    } else {
        "double+"
    }
}

/// Maps an extracted blinding value to the same classes.
fn blinding_class(blinding: &str) -> &'static str {
    match blinding {
        "open" => "open",
        "single" | "evaluator" => "single",
        _ => "double+",
    }
}

/// Maps a registry phase (`Phase 1/Phase 2`, `Early Phase 1`) to the extractor's spelling (`1/2`).
fn phase_value(phase: &str) -> Option<String> {
    if phase == "N/A" {
        return None;
    }
    let digits: Vec<String> = phase
        .split('/')
        .filter_map(|part| part.trim().rsplit(' ').next().map(str::to_owned))
        .collect();
    Some(digits.join("/"))
}

/// Scores design facts and arms against registry records' facts.
fn design(dir: &Path, verbose: bool) -> Result<(), String> {
    let registry = read_jsonl(&dir.join("registry_records.jsonl"))?;
    let fields =
        ["phase", "randomized", "blinding (open/single/double+)", "enrollment", "arm count"];
    let mut scores = vec![[Score::default(); 2]; fields.len()];
    for (index, record) in registry.iter().enumerate() {
        let split = split_of(index);
        let text = record["text"].as_str().unwrap_or("");
        let facts = &record["facts"];
        let study = run(text).study;
        let nct = record["nct_id"].as_str().unwrap_or("");

        let gold_phase = facts["phase"].as_str().and_then(phase_value);
        let phase = study.design.phase.clone();
        let phase_right = gold_phase.is_some() && phase == gold_phase;
        scores[0][split].add(gold_phase.is_some(), phase.is_some(), phase_right);
        if verbose && split == 0 && phase.is_some() && !phase_right {
            println!("PHASE {nct} found {phase:?} gold {gold_phase:?}");
        }

        let gold_randomized = match facts["allocation"].as_str() {
            Some("Randomized") => Some(true),
            Some("Non-Randomized") => Some(false),
            _ => None,
        };
        let randomized = study.design.randomized;
        let randomized_right = gold_randomized.is_some() && randomized == gold_randomized;
        scores[1][split].add(gold_randomized.is_some(), randomized.is_some(), randomized_right);
        if verbose && split == 0 && randomized.is_some() && !randomized_right {
            println!("RANDOMIZED {nct} found {randomized:?} gold {gold_randomized:?}");
        }

        let gold_blinding = facts["masking"].as_str().map(masking_class);
        let blinding = study.design.blinding.as_deref().map(blinding_class);
        let blinding_right = gold_blinding.is_some() && blinding == gold_blinding;
        scores[2][split].add(gold_blinding.is_some(), blinding.is_some(), blinding_right);
        if verbose && split == 0 && blinding.is_some() && !blinding_right {
            println!("BLINDING {nct} found {blinding:?} gold {gold_blinding:?}");
        }

        let gold_enrollment = facts["enrollment"].as_u64();
        let enrolled = study.population.enrolled.or(study.population.randomized);
        let enrolled_right = gold_enrollment.is_some() && enrolled == gold_enrollment;
        scores[3][split].add(gold_enrollment.is_some(), enrolled.is_some(), enrolled_right);
        if verbose && split == 0 && enrolled.is_some() && !enrolled_right {
            println!("ENROLLMENT {nct} found {enrolled:?} gold {gold_enrollment:?}");
        }

        let gold_arms = facts["arms"].as_array().map_or(0, Vec::len);
        let arms = study.arms.len();
        let arms_right = gold_arms > 0 && arms == gold_arms;
        scores[4][split].add(gold_arms > 0, arms > 0, arms_right);
    }
    println!(
        "design and arms, registry records ({} records; gold: ClinicalTrials.gov facts)",
        registry.len()
    );
    for split in 0..2 {
        println!(" {}", SPLITS[split]);
        for (field, score) in fields.iter().zip(&scores) {
            score[split].print(field);
        }
    }
    Ok(())
}

/// Scores the polarity of claims against Evidence Inference labels, on evidence sentences quoted from abstracts.
///
/// Each evidence text that occurs verbatim in its abstract is extracted as one body segment; the
/// answer is the polarity of its claims (abstaining when it has none or they disagree), the gold
/// is the prompt's label (`no significant difference` is non-significant, the two others significant).
fn claims(dir: &Path, verbose: bool) -> Result<(), String> {
    let prompts = read_jsonl(&dir.join("evidence_inference_dev.jsonl"))?;
    let mut scores = [Score::default(); 2];
    let mut seen = 0usize;
    for prompt in &prompts {
        let gold = prompt["label"].as_str().map(|label| label != "no significant difference");
        let Some(gold) = gold else {
            continue;
        };
        let evidence = prompt["evidence"].as_array().cloned().unwrap_or_default();
        let in_abstract = prompt["evidence_in_abstract"].as_array().cloned().unwrap_or_default();
        for (text, inside) in evidence.iter().zip(&in_abstract) {
            let (Some(text), Some(true)) = (text.as_str(), inside.as_bool()) else {
                continue;
            };
            let split = split_of(seen);
            seen += 1;
            let segment = trialsift_domain::Segment {
                lang: "en".to_owned(),
                kind: trialsift_domain::SegmentKind::Body,
                start: 0,
                end: text.len(),
                pair: None,
            };
            let found = trialsift_extractor::extract(text, &[segment]).claims;
            let polarity = match found.first() {
                Some(first) if found.iter().all(|claim| claim.significant == first.significant) => {
                    Some(first.significant)
                }
                _ => None,
            };
            scores[split].add(true, polarity.is_some(), polarity == Some(gold));
            if verbose && split == 0 && polarity.is_some_and(|answer| answer != gold) {
                println!("CLAIM gold {gold} answer {polarity:?}: {text}");
            }
        }
    }
    println!(
        "claims of significance, polarity against Evidence Inference labels ({seen} evidence sentences from abstracts)"
    );
    for split in 0..2 {
        println!(" {}", SPLITS[split]);
        scores[split].print("claim polarity");
    }
    Ok(())
}

/// Lists every registry identifier found in `abstracts.jsonl` with its context, to be read by hand for false hits.
fn ids_in_abstracts(dir: &Path) -> Result<(), String> {
    let records = read_jsonl(&dir.join("abstracts.jsonl"))?;
    let mut total = 0usize;
    for record in &records {
        let text = record["text"].as_str().unwrap_or("");
        for id in run(text).study.registry_ids {
            total += 1;
            let digits: String = id.chars().filter(char::is_ascii_digit).take(6).collect();
            let at = text.find(&digits).unwrap_or(0);
            let from = text.floor_char_boundary(at.saturating_sub(50));
            let to = text.ceil_char_boundary((at + 40).min(text.len()));
            println!("{} {id}: {}", record["id"], text[from..to].replace('\n', " "));
        }
    }
    println!("{total} identifiers in {} abstracts", records.len());
    Ok(())
}

/// Prints the conditions and interventions of every 150th abstract of `abstracts.jsonl`, to be judged by hand.
fn entities_sample(dir: &Path) -> Result<(), String> {
    let records = read_jsonl(&dir.join("abstracts.jsonl"))?;
    for record in records.iter().step_by(150) {
        let text = record["text"].as_str().unwrap_or("");
        let study = run(text).study;
        let title: String = text.chars().take(90).collect();
        println!("{} {title}", record["id"]);
        println!("    conditions: {:?}", study.conditions);
        println!("    interventions: {:?}", study.interventions);
    }
    Ok(())
}
