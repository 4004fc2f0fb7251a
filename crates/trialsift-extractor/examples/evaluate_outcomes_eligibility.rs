//! Scores age criteria and primary outcomes against ClinicalTrials.gov records, and lists the
//! outcomes and criteria of a sample of abstracts for reading by hand.
//!
//! Usage:
//! `cargo run --release -p trialsift-extractor --example evaluate_outcomes_eligibility -- [--verbose] [--sample N] [corpus dir]`
//!
//! Without `--sample`, every record of `registry_records.jsonl` is split and extracted, and
//! scored against its XML facts:
//! - age: the minimum age is the lower bound of the first age criterion that gives one (an
//!   inclusion `>=`/`>`/range, or an exclusion `<`/`<=`: "exclude age < 18" means a minimum of
//!   18), the maximum likewise; an age without a unit is in years. A bound counts as correct when
//!   value and unit (years, months, weeks, days) equal `facts.minimum_age`/`maximum_age`; a strict
//!   bound also matches the next whole number ("over 18" for a minimum of 18 or 19). Precision is
//!   over every record given a bound (a bound where the registry says `N/A` is wrong), recall over
//!   every record whose registry gives one;
//! - primary outcome: a record whose registry lists a primary outcome counts as found when one of
//!   the extracted primary outcomes overlaps the first registered measure (the instrument appears
//!   in it, or they share a content word of four letters or more); precision is over the primary
//!   outcomes extracted from records that list one; the time point agrees when the extracted time
//!   point's number and unit appear in `time_frame`.
//!
//! Records whose index is a multiple of five are the held-out split; the rest is the dev split.
//! `--verbose` lists the dev split's misses and wrong answers with the text they came from.
//! `--sample N` prints the outcomes and criteria of N abstracts spread evenly over
//! `abstracts.jsonl`, each with the words it was read from, to be read by hand.
//! The corpus directory defaults to `shared/corpus/dev` beside the repository (or `$TRIALSIFT_CORPUS`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use trialsift_domain::{Comparator, Criterion, Outcome};

#[path = "support/mod.rs"]
mod support;

use support::{SPLITS, read_jsonl, run};

/// Runs the evaluation or the audit the command line asks for.
fn main() -> ExitCode {
    let mut verbose = false;
    let mut sample: Option<usize> = None;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" => verbose = true,
            "--sample" => sample = args.next().and_then(|n| n.parse().ok()),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir =
        dir.or_else(|| std::env::var("TRIALSIFT_CORPUS").ok().map(PathBuf::from)).unwrap_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/dev")),
        );
    let result = match sample {
        Some(count) => audit(&dir, count),
        None => score(&dir, verbose),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// An age: value and unit class (0 years, 1 months, 2 weeks, 3 days).
type Age = (f64, u8);

/// Groups a unit of age by what it measures.
fn unit_class(unit: &str) -> u8 {
    match unit.trim().as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'm') => 1,
        Some(b'w') => 2,
        Some(b'd') => 3,
        _ => 0,
    }
}

/// Parses a registry age such as "18 Years"; `N/A` and null give none.
fn gold_age(value: &Value) -> Option<Age> {
    let text = value.as_str()?;
    let (number, unit) = text.split_once(' ')?;
    Some((number.parse().ok()?, unit_class(unit)))
}

/// The age as a criterion bound gives it, with its comparator.
fn bound(
    number: Option<&trialsift_domain::Number>,
    criterion: &Criterion,
) -> Option<(Age, Option<Comparator>)> {
    let number = number?;
    let class = criterion.unit.as_deref().map_or(0, unit_class);
    Some(((number.value, class), criterion.comparator))
}

/// An extracted age bound, its comparator, and the criterion it came from.
type Bound<'a> = ((Age, Option<Comparator>), &'a Criterion);

/// The minimum and maximum age the extracted criteria give, each with the criterion it came from.
fn predicted_ages(criteria: &[Criterion]) -> [Option<Bound<'_>>; 2] {
    let mut minimum = None;
    let mut maximum = None;
    for criterion in criteria.iter().filter(|criterion| criterion.measure == "age") {
        let (low, high) = if criterion.inclusion {
            (criterion.low.as_ref(), criterion.high.as_ref())
        } else {
            // An exclusion of ages below a bound sets the minimum, and the reverse.
            (criterion.high.as_ref(), criterion.low.as_ref())
        };
        if minimum.is_none()
            && let Some(found) = bound(low, criterion)
        {
            minimum = Some((found, criterion));
        }
        if maximum.is_none()
            && let Some(found) = bound(high, criterion)
        {
            maximum = Some((found, criterion));
        }
    }
    [minimum, maximum]
}

/// Tells whether an extracted bound matches the registry's: same unit and value, or, for a strict
/// bound or one read from an exclusion, the next whole number inward ("over 18" for a minimum of 19).
fn age_matches(
    predicted: (Age, Option<Comparator>),
    gold: Age,
    is_minimum: bool,
    inclusion: bool,
) -> bool {
    let ((value, class), comparator) = predicted;
    if class != gold.1 {
        return false;
    }
    if (value - gold.0).abs() < 1e-9 {
        return true;
    }
    let loose = !inclusion || matches!(comparator, Some(Comparator::Gt | Comparator::Lt));
    let inward = if is_minimum { value + 1.0 } else { value - 1.0 };
    loose && (inward - gold.0).abs() < 1e-9
}

/// Counts for precision and recall.
#[derive(Default, Clone, Copy)]
struct Counts {
    /// Records whose registry gives the fact.
    gold: usize,
    /// Records (or outcomes) the extractor answered.
    predicted: usize,
    /// Answers that are right.
    correct: usize,
    /// Records whose fact was found (for recall).
    found: usize,
    /// Answers given where the registry gives the fact (`N/A` excluded).
    predicted_with_gold: usize,
}

impl Counts {
    /// Prints one table row.
    fn row(&self, field: &str, split: &str) {
        let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        println!(
            "| {field} | {split} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            self.gold,
            self.predicted,
            self.correct,
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.predicted_with_gold),
            ratio(self.found, self.gold)
        );
    }
}

/// Words of four letters or more, lowercased, without common filler.
fn content_words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "with",
        "from",
        "that",
        "this",
        "than",
        "were",
        "will",
        "have",
        "been",
        "after",
        "before",
        "into",
        "each",
        "number",
        "patients",
        "participants",
        "subjects",
        "change",
        "baseline",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "days",
        "rate",
        "rates",
        "time",
        "measured",
        "assessed",
        "using",
        "study",
        "treatment",
        "proportion",
        "percentage",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 4 && !STOP.contains(&word.as_str()))
        .collect()
}

/// Tells whether an extracted outcome overlaps a registered measure.
fn overlaps(outcome: &Outcome, measure: &str) -> bool {
    let lower = measure.to_lowercase();
    if lower.contains(&outcome.instrument.to_lowercase()) {
        return true;
    }
    let gold = content_words(measure);
    content_words(&outcome.instrument).iter().any(|word| gold.contains(word))
}

/// Numbers (digits or small number words) and unit classes written in a time point.
fn time_parts(text: &str) -> (Vec<u32>, Vec<u8>) {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let mut numbers = Vec::new();
    let mut units = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()) {
        let lower = word.to_lowercase();
        let digits: String = lower.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse() {
            numbers.push(number);
        } else if let Some(at) = WORDS.iter().position(|w| *w == lower) {
            numbers.push(at as u32);
        }
        let unit = lower.trim_start_matches(|c: char| c.is_ascii_digit());
        let class = match unit {
            "year" | "years" | "yr" | "yrs" => Some(0),
            "month" | "months" | "mo" | "mos" => Some(1),
            "week" | "weeks" | "wk" | "wks" => Some(2),
            "day" | "days" => Some(3),
            "hour" | "hours" | "h" | "hrs" => Some(4),
            _ => None,
        };
        units.extend(class);
    }
    (numbers, units)
}

/// Tells whether an extracted time point agrees with a registered time frame.
fn times_agree(predicted: &str, gold: &str) -> bool {
    let (numbers, units) = time_parts(predicted);
    let (gold_numbers, gold_units) = time_parts(gold);
    !numbers.is_empty()
        && numbers.iter().all(|number| gold_numbers.contains(number))
        && units.iter().all(|unit| gold_units.contains(unit))
}

/// Scores age bounds and primary outcomes on the registry records.
fn score(dir: &Path, verbose: bool) -> Result<(), String> {
    let records = read_jsonl(&dir.join("registry_records.jsonl"))?;
    let mut ages = [[Counts::default(); 2]; 2];
    let mut primary = [Counts::default(); 2];
    let mut primary_stated = [Counts::default(); 2];
    let mut times = [(0usize, 0usize); 2];
    let mut extra_primary = [0usize; 2];
    for (index, record) in records.iter().enumerate() {
        let split = usize::from(index.is_multiple_of(5));
        let Some(text) = record["text"].as_str() else {
            continue;
        };
        let id = record["nct_id"].as_str().unwrap_or("?");
        let extraction = run(text);
        let facts = &record["facts"];
        let predicted = predicted_ages(&extraction.study.eligibility);
        for (which, field) in ["minimum_age", "maximum_age"].iter().enumerate() {
            let gold = gold_age(&facts[*field]);
            let counts = &mut ages[which][split];
            counts.gold += usize::from(gold.is_some());
            let answer = predicted[which];
            let correct = match (answer, gold) {
                (Some((found, criterion)), Some(gold)) => {
                    age_matches(found, gold, which == 0, criterion.inclusion)
                }
                _ => false,
            };
            counts.predicted += usize::from(answer.is_some());
            counts.predicted_with_gold += usize::from(answer.is_some() && gold.is_some());
            counts.correct += usize::from(correct);
            counts.found += usize::from(correct);
            if verbose && split == 0 && !correct && (answer.is_some() || gold.is_some()) {
                let said = answer.map_or("-".to_owned(), |(_, criterion)| {
                    text.get(criterion.start..criterion.end).unwrap_or("?").to_owned()
                });
                println!(
                    "{id} {field}: registry {:?}, extracted {:?} from {said:?}",
                    facts[*field],
                    answer.map(|(found, _)| found)
                );
            }
        }

        let gold_outcomes: Vec<&Value> = facts["primary_outcomes"]
            .as_array()
            .map(|list| list.iter().collect())
            .unwrap_or_default();
        let extracted: Vec<&Outcome> = extraction
            .study
            .outcomes
            .iter()
            .filter(|outcome| outcome.primary == Some(true))
            .collect();
        let Some(first) = gold_outcomes.first() else {
            extra_primary[split] += extracted.len();
            continue;
        };
        let measure = first["measure"].as_str().unwrap_or("");
        let measures: Vec<&str> =
            gold_outcomes.iter().filter_map(|outcome| outcome["measure"].as_str()).collect();
        let stated = {
            let lower = text.to_lowercase();
            [
                "primary outcome",
                "primary endpoint",
                "primary end point",
                "primary end-point",
                "primary efficacy",
            ]
            .iter()
            .any(|cue| lower.contains(cue))
        };
        let matched = extracted.iter().find(|outcome| overlaps(outcome, measure));
        let right = extracted
            .iter()
            .filter(|outcome| measures.iter().any(|gold| overlaps(outcome, gold)))
            .count();
        for counts in
            [&mut primary[split]].into_iter().chain(stated.then_some(&mut primary_stated[split]))
        {
            counts.gold += 1;
            counts.predicted += extracted.len();
            counts.predicted_with_gold += extracted.len();
            counts.correct += right;
            counts.found += usize::from(matched.is_some());
        }
        if let (Some(outcome), Some(frame)) = (matched, first["time_frame"].as_str())
            && let Some(time) = &outcome.time_point
        {
            times[split].0 += 1;
            let agree = times_agree(time, frame);
            times[split].1 += usize::from(agree);
            if verbose && split == 0 && !agree {
                println!("{id} time point: registry {frame:?}, extracted {time:?}");
            }
        }
        if verbose && split == 0 && (matched.is_none() && stated || right < extracted.len()) {
            let said: Vec<String> = extracted
                .iter()
                .map(|outcome| {
                    format!(
                        "{:?} [{}]",
                        outcome.instrument,
                        text.get(outcome.start..outcome.end).unwrap_or("?")
                    )
                })
                .collect();
            println!("{id} primary outcome: registry {measure:?}, extracted {said:?}");
        }
    }
    println!(
        "| field | split | registry gives it | extracted | correct | precision | precision where registry gives it | recall |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (which, field) in ["minimum age", "maximum age"].iter().enumerate() {
        for (split, name) in SPLITS.iter().enumerate() {
            ages[which][split].row(field, name);
        }
    }
    for (split, name) in SPLITS.iter().enumerate() {
        primary[split].row("primary outcome (first registered)", name);
    }
    for (split, name) in SPLITS.iter().enumerate() {
        primary_stated[split].row("primary outcome, text names one", name);
    }
    for (split, name) in SPLITS.iter().enumerate() {
        println!(
            "{name}: time points given for a found primary outcome {}, agreeing with the time frame {}; primary outcomes extracted from records that register none: {}",
            times[split].0, times[split].1, extra_primary[split]
        );
    }
    Ok(())
}

/// Returns up to `width` bytes of context either side of `start..end`, on character boundaries.
fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let mut from = start.saturating_sub(width);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + width).min(text.len());
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    let before = text.get(from..start).unwrap_or("");
    let inside = text.get(start..end).unwrap_or("");
    let after = text.get(end..to).unwrap_or("");
    format!("{before}[[{inside}]]{after}").replace('\n', " ")
}

/// Prints the outcomes and criteria of `count` abstracts spread over `abstracts.jsonl`.
fn audit(dir: &Path, count: usize) -> Result<(), String> {
    let records = read_jsonl(&dir.join("abstracts.jsonl"))?;
    let step = (records.len() / count.max(1)).max(1);
    let (mut outcomes, mut criteria) = (0, 0);
    for record in records.iter().step_by(step).take(count) {
        let Some(text) = record["text"].as_str() else {
            continue;
        };
        let extraction = run(text);
        let study = &extraction.study;
        if study.outcomes.is_empty() && study.eligibility.is_empty() {
            continue;
        }
        println!("== {} ({})", record["id"], record["source"].as_str().unwrap_or("?"));
        for outcome in &study.outcomes {
            outcomes += 1;
            let role = match outcome.primary {
                Some(true) => "primary",
                Some(false) => "secondary",
                None => "unsaid",
            };
            println!(
                "  outcome {:?} {role} time {:?}: {}",
                outcome.instrument,
                outcome.time_point,
                context(text, outcome.start, outcome.end, 80)
            );
        }
        for criterion in &study.eligibility {
            criteria += 1;
            println!(
                "  {} {} {} {:?}-{:?} {:?}: {}",
                if criterion.inclusion { "inclusion" } else { "exclusion" },
                criterion.measure,
                criterion.comparator.map_or("range", Comparator::as_str),
                criterion.low.as_ref().map(|low| low.value),
                criterion.high.as_ref().map(|high| high.value),
                criterion.unit,
                context(text, criterion.start, criterion.end, 60)
            );
        }
    }
    println!("{count} abstracts read: {outcomes} outcomes, {criteria} criteria");
    Ok(())
}
