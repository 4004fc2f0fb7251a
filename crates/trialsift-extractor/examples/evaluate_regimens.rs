//! Scores regimens against ClinicalTrials.gov records, and lists regimens with their source text for reading by hand.
//!
//! Usage: `cargo run --release -p trialsift-extractor --example evaluate_regimens -- <what> [--sample N] [corpus dir]`
//! where `<what>` is `registry` (scores on `registry_records.jsonl`), `abstracts` (how often
//! each field is filled on `abstracts.jsonl`, which has no gold regimens) or `all` (both). With
//! `--sample N`, N regimens spread evenly over the dev split of the chosen files (the held-out
//! split with `--held-out`; from the Kth on with `--offset K`, so that two audits can read
//! disjoint samples) are printed with their source text, marked `[...]`, for a person to judge. The corpus directory defaults to
//! `shared/corpus/dev` beside the repository (or `$TRIALSIFT_CORPUS`); `EVAL_VERBOSE=1` lists
//! the registry dev split's disagreements.
//!
//! What the registry scores mean. The registry's interventions (`facts.interventions`: name,
//! other names, description) are not in the record's text, so they are an independent
//! reference, but not a gold standard for the text: the text may name a drug without saying
//! how it is given, and may give background or rescue drugs the registry does not list.
//! - intervention recall: registered interventions whose name the dictionaries know, found as
//!   a regimen's intervention; printed beside the share found anywhere as an entity (the
//!   ceiling: a regimen is only read for a name the entity reader finds or one of the few names
//!   the regimen reader adds);
//! - agreement: regimens whose intervention is a registered one (the rest are mostly
//!   background, premedication or rescue drugs, or names the registry spells differently);
//! - dose, unit, per-kg and route precision: for regimens of a registered intervention whose
//!   description (or name, "Casopitant 150 mg") states doses or routes, read by this file's own
//!   simple patterns, the share whose value is one the description states;
//! - dose recall where the text states it: description doses whose number and unit this file
//!   finds written in the record's text, and whether a regimen of that intervention has that
//!   dose.
//!
//! Records whose index is a multiple of five are the held-out split, never read while tuning;
//! the rest is the dev split.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;
use trialsift_domain::{EntityKind, Regimen};

#[path = "support/mod.rs"]
mod support;

use support::{SPLITS, natural_order, read_jsonl, run, split_of};

/// Runs the evaluation named on the command line.
fn main() -> ExitCode {
    let mut what = "all".to_owned();
    let mut sample: Option<usize> = None;
    let mut held_out = false;
    let mut offset = 0;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    let mut positional = 0;
    while let Some(arg) = args.next() {
        if arg == "--held-out" {
            held_out = true;
            continue;
        }
        if arg == "--offset" {
            offset = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            continue;
        }
        if arg == "--sample" {
            sample = args.next().and_then(|n| n.parse().ok());
            if sample.is_none() {
                eprintln!("error: --sample takes a number");
                return ExitCode::FAILURE;
            }
            continue;
        }
        match positional {
            0 => what = arg,
            _ => dir = Some(PathBuf::from(arg)),
        }
        positional += 1;
    }
    let dir =
        dir.or_else(|| std::env::var("TRIALSIFT_CORPUS").ok().map(PathBuf::from)).unwrap_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/dev")),
        );
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    let result = match (what.as_str(), sample) {
        ("registry", None) => score_registry(&dir, verbose),
        ("abstracts", None) => describe_abstracts(&dir),
        ("all", None) => score_registry(&dir, verbose).and_then(|()| describe_abstracts(&dir)),
        ("registry", Some(n)) => print_sample(&dir, &["registry"], n, held_out, offset),
        ("abstracts", Some(n)) => print_sample(&dir, &["abstracts"], n, held_out, offset),
        ("all", Some(n)) => print_sample(&dir, &["registry", "abstracts"], n, held_out, offset),
        (other, _) => Err(format!("unknown evaluation {other:?}: use registry, abstracts or all")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Normalizes a registered intervention name through the dictionaries (as `evaluate_entities` does).
fn normalize(name: &str) -> Vec<String> {
    let name = name.trim();
    let forms: Vec<String> = std::iter::once(name.to_owned()).chain(natural_order(name)).collect();
    for form in &forms {
        let found = trialsift_extractor::lexicon::names(form);
        if let [only] = found.as_slice()
            && only.kind == EntityKind::Intervention
            && only.start == 0
            && only.end == form.len()
        {
            return vec![only.canonical.clone()];
        }
    }
    let mut canonicals: Vec<String> = Vec::new();
    for form in &forms {
        for entity in trialsift_extractor::lexicon::names(form) {
            if entity.kind == EntityKind::Intervention && !canonicals.contains(&entity.canonical) {
                canonicals.push(entity.canonical);
            }
        }
    }
    canonicals
}

/// A dose stated in a registry description, read by this file's own pattern.
#[derive(Debug, Clone)]
struct StatedDose {
    /// The number as written.
    written: String,
    /// Its value.
    value: f64,
    /// The unit, normalized the evaluator's way (`mg`, `g`, `µg`, `IU`, `U`, `mL`, `Gy`, `mg/m2`).
    unit: String,
    /// Per kilogram.
    per_kg: bool,
}

/// A dose in a registry description: number, optional range, unit, optional per-m2 or per-kg.
static STATED_DOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\d.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(?P<h>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))?\s*(?P<u>mg|gm|grams?|g|mcg|µg|μg|ug|ng|iu|units?|u|ml|cc|cgy|gy|mmol|meq)\b(?P<per>\s*(?:/|per)\s*(?:m\^?2|m²|sq\.?\s*m|kg))?",
    )
    .expect("pattern compiles")
});

/// Route words in a registry description, with the route each names.
static STATED_ROUTE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?i)\bintravenous(?:ly)?\b|\bi\.v\b|\bIV\b|\binfusion", "intravenous"),
        (
            r"(?i)\borally\b|\boral\b|\bby mouth\b|\bp\.o\b|\bPO\b|\btablets?\b|\bcapsules?\b",
            "oral",
        ),
        (r"(?i)\bsubcutaneous(?:ly)?\b|\bs\.c\b|\bSC\b|\bSQ\b", "subcutaneous"),
        (r"(?i)\bintramuscular(?:ly)?\b|\bi\.m\b|\bIM\b", "intramuscular"),
        (r"(?i)\btopical(?:ly)?\b", "topical"),
        (r"(?i)\binhal|\bnebuli", "inhaled"),
        (r"(?i)\bintranasal|\bnasal spray", "intranasal"),
        (r"(?i)\bintrathecal", "intrathecal"),
        (r"(?i)\brectal|\bsuppositor|\benema", "rectal"),
        (r"(?i)\btransdermal|\bpatch", "transdermal"),
        (r"(?i)\bsublingual", "sublingual"),
        (r"(?i)\bintravitreal", "intravitreal"),
    ]
    .into_iter()
    .map(|(pattern, route)| (Regex::new(pattern).expect("pattern compiles"), route))
    .collect()
});

/// Normalizes a unit the evaluator's way.
fn stated_unit(written: &str, per: &str) -> (String, bool) {
    let lower = written.to_lowercase();
    let unit = match lower.as_str() {
        "mg" => "mg",
        "g" | "gm" | "gram" | "grams" => "g",
        "mcg" | "µg" | "μg" | "ug" => "µg",
        "ng" => "ng",
        "iu" => "IU",
        "u" | "unit" | "units" => "U",
        "ml" | "cc" => "mL",
        "gy" => "Gy",
        "cgy" => "cGy",
        "mmol" => "mmol",
        "meq" => "mEq",
        other => other,
    };
    let per = per.to_lowercase();
    if per.contains('m') && !per.contains("kg") {
        return (format!("{unit}/m2"), false);
    }
    (unit.to_owned(), per.contains("kg"))
}

/// Reads the doses a registry text states.
fn stated_doses(text: &str) -> Vec<StatedDose> {
    let mut doses = Vec::new();
    for captures in STATED_DOSE.captures_iter(text) {
        let (Some(number), Some(unit)) = (captures.name("n"), captures.name("u")) else {
            continue;
        };
        let per = captures.name("per").map_or("", |per| per.as_str());
        let (unit, per_kg) = stated_unit(unit.as_str(), per);
        for written in [Some(number), captures.name("h")].into_iter().flatten() {
            if let Ok(value) = written.as_str().replace(',', "").parse::<f64>() {
                doses.push(StatedDose {
                    written: written.as_str().to_owned(),
                    value,
                    unit: unit.clone(),
                    per_kg,
                });
            }
        }
    }
    doses
}

/// Reads the routes a registry text states.
fn stated_routes(text: &str) -> BTreeSet<&'static str> {
    STATED_ROUTE
        .iter()
        .filter(|(pattern, _)| pattern.is_match(text))
        .map(|(_, route)| *route)
        .collect()
}

/// Tells whether a text writes a stated dose's number followed by its unit ("150 mg", "10mg/kg").
fn text_states(text: &str, dose: &StatedDose) -> bool {
    let unit = match dose.unit.trim_end_matches("/m2") {
        "mg" => "mg|milligrams?",
        "g" => "g|gm|grams?",
        "µg" => "mcg|µg|μg|ug|micrograms?",
        "IU" => "IU|international units?",
        "U" => "U|units?",
        "mL" => "ml|mL|cc",
        "Gy" => "Gy",
        "cGy" => "cGy",
        "ng" => "ng",
        "mmol" => "mmol",
        "mEq" => "mEq",
        _ => return false,
    };
    let pattern = format!(r"(?i)(?:^|[^\d.]){}\s*-?\s*(?:{unit})\b", regex::escape(&dose.written));
    Regex::new(&pattern).is_ok_and(|pattern| pattern.is_match(text))
}

/// Hits and totals of one score.
#[derive(Default, Clone, Copy)]
struct Ratio {
    /// Counted right.
    hit: usize,
    /// Counted.
    total: usize,
}

impl Ratio {
    /// Counts one case.
    fn add(&mut self, hit: bool) {
        self.hit += usize::from(hit);
        self.total += 1;
    }

    /// Writes `hit/total = ratio`.
    fn show(&self) -> String {
        if self.total == 0 {
            return "0/0".to_owned();
        }
        format!("{}/{} = {:.3}", self.hit, self.total, self.hit as f64 / self.total as f64)
    }
}

/// The scores of one split.
#[derive(Default)]
struct RegistryScores {
    /// Records.
    records: usize,
    /// Records with at least one regimen.
    records_with_regimen: usize,
    /// Regimens, and how many have a dose.
    regimens: usize,
    /// Regimens with a dose or an upper dose.
    with_dose: usize,
    /// Registered interventions the dictionaries know, found as a regimen's intervention.
    recall: Ratio,
    /// The same, found as an entity anywhere in the text (the ceiling).
    entity_recall: Ratio,
    /// Records with a known registered intervention: one of them found as a regimen.
    record_recall: Ratio,
    /// Regimens (in records with a known registered intervention) whose intervention is registered.
    agreement: Ratio,
    /// Dose value among the description's doses of the same unit.
    dose: Ratio,
    /// Unit among the description's units.
    unit: Ratio,
    /// Per-kg flag as the description's dose of that value and unit says.
    per_kg: Ratio,
    /// Route among the description's routes.
    route: Ratio,
    /// Description doses written in the text: found as the dose of a regimen of that intervention.
    dose_recall: Ratio,
}

/// A registered intervention: its canonical names, its name as written, and what its description states.
struct Registered {
    /// Canonical names of its name and other names.
    canonicals: Vec<String>,
    /// Its names as written, lowercase.
    written: Vec<String>,
    /// Doses its description and name state.
    doses: Vec<StatedDose>,
    /// Routes its description and name state.
    routes: BTreeSet<&'static str>,
}

impl Registered {
    /// Tells whether a regimen is of this intervention.
    fn is(&self, regimen: &Regimen) -> bool {
        self.canonicals.contains(&regimen.intervention)
            || self.written.contains(&regimen.intervention.to_lowercase())
    }
}

/// Reads the registered interventions of a record, each with the doses and routes its
/// description and name state, and those of the arm descriptions that name it.
fn registered(facts: &Value) -> Vec<Registered> {
    let arm_descriptions: Vec<String> = facts["arms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|arm| arm["description"].as_str())
        .map(str::to_owned)
        .collect();
    facts["interventions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|intervention| {
            let mut names: Vec<&str> = intervention["name"].as_str().into_iter().collect();
            names.extend(
                intervention["other_names"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            );
            let mut canonicals: Vec<String> = Vec::new();
            for name in &names {
                for canonical in normalize(name) {
                    if !canonicals.contains(&canonical) {
                        canonicals.push(canonical);
                    }
                }
            }
            let mut described = format!(
                "{} {}",
                intervention["name"].as_str().unwrap_or(""),
                intervention["description"].as_str().unwrap_or("")
            );
            for description in &arm_descriptions {
                let lower = description.to_lowercase();
                let names_it = names.iter().any(|name| lower.contains(&name.trim().to_lowercase()))
                    || trialsift_extractor::lexicon::names(description)
                        .iter()
                        .any(|entity| canonicals.contains(&entity.canonical));
                if names_it {
                    described.push(' ');
                    described.push_str(description);
                }
            }
            Registered {
                canonicals,
                written: names.iter().map(|name| name.trim().to_lowercase()).collect(),
                doses: stated_doses(&described),
                routes: stated_routes(&described),
            }
        })
        .collect()
}

/// Scores regimens against `registry_records.jsonl`, per split.
fn score_registry(dir: &Path, verbose: bool) -> Result<(), String> {
    let records = read_jsonl(&dir.join("registry_records.jsonl"))?;
    let mut scores = [RegistryScores::default(), RegistryScores::default()];
    for (index, record) in records.iter().enumerate() {
        let split = split_of(index);
        let text = record["text"].as_str().unwrap_or("");
        let extraction = run(text);
        let regimens = &extraction.study.regimens;
        let registered = registered(&record["facts"]);
        let scores = &mut scores[split];
        scores.records += 1;
        scores.records_with_regimen += usize::from(!regimens.is_empty());
        scores.regimens += regimens.len();
        scores.with_dose +=
            regimens.iter().filter(|r| r.dose.is_some() || r.dose_high.is_some()).count();

        let known: Vec<&Registered> =
            registered.iter().filter(|gold| !gold.canonicals.is_empty()).collect();
        let mut any_found = false;
        let mut notes: Vec<String> = Vec::new();
        for gold in &known {
            let found = regimens.iter().any(|regimen| gold.is(regimen));
            any_found |= found;
            if !found
                && let Some(entity) = extraction
                    .study
                    .entities
                    .iter()
                    .find(|entity| gold.canonicals.contains(&entity.canonical))
            {
                notes.push(format!(
                    "named, no regimen: {}",
                    context(text, entity.start, entity.end, 70)
                ));
            }
            scores.recall.add(found);
            scores.entity_recall.add(
                extraction.study.interventions.iter().any(|name| gold.canonicals.contains(name)),
            );
        }
        if !known.is_empty() {
            scores.record_recall.add(any_found);
        }
        for regimen in regimens {
            let matching: Vec<&Registered> =
                registered.iter().filter(|gold| gold.is(regimen)).collect();
            if !known.is_empty() {
                scores.agreement.add(!matching.is_empty());
            }
            let pooled = (!matching.is_empty()).then(|| Registered {
                canonicals: Vec::new(),
                written: Vec::new(),
                doses: matching.iter().flat_map(|gold| gold.doses.iter().cloned()).collect(),
                routes: matching.iter().flat_map(|gold| gold.routes.iter().copied()).collect(),
            });
            let Some(gold) = pooled.as_ref() else {
                if !known.is_empty() {
                    notes.push(format!("not registered: {}", describe(regimen)));
                }
                continue;
            };
            if !gold.doses.is_empty() && regimen.unit.is_some() {
                let unit = regimen.unit.clone().unwrap_or_default();
                let same_unit: Vec<&StatedDose> =
                    gold.doses.iter().filter(|stated| stated.unit == unit).collect();
                scores.unit.add(!same_unit.is_empty());
                let values: Vec<f64> = [&regimen.dose, &regimen.dose_high]
                    .into_iter()
                    .flatten()
                    .map(|number| number.value)
                    .collect();
                if !values.is_empty() {
                    let dose_hit = same_unit.iter().any(|stated| {
                        values.iter().any(|value| (stated.value - value).abs() < 1e-9)
                    });
                    scores.dose.add(dose_hit);
                    if !dose_hit {
                        notes.push(format!(
                            "dose: {} — described {:?}",
                            describe(regimen),
                            gold.doses
                                .iter()
                                .map(|d| format!(
                                    "{} {}{}",
                                    d.written,
                                    d.unit,
                                    if d.per_kg { "/kg" } else { "" }
                                ))
                                .collect::<Vec<_>>()
                        ));
                    }
                    let same_value: Vec<&&StatedDose> = same_unit
                        .iter()
                        .filter(|stated| {
                            values.iter().any(|value| (stated.value - value).abs() < 1e-9)
                        })
                        .collect();
                    if !same_value.is_empty() {
                        scores
                            .per_kg
                            .add(same_value.iter().any(|stated| stated.per_kg == regimen.per_kg));
                    }
                }
            }
            if let Some(route) = &regimen.route
                && !gold.routes.is_empty()
            {
                let hit = gold.routes.contains(route.as_str());
                scores.route.add(hit);
                if !hit {
                    notes.push(format!(
                        "route: {} — described {:?}",
                        describe(regimen),
                        gold.routes
                    ));
                }
            }
        }
        for gold in &known {
            for stated in gold.doses.iter().filter(|stated| text_states(text, stated)) {
                let found = regimens.iter().any(|regimen| {
                    gold.is(regimen)
                        && [&regimen.dose, &regimen.dose_high]
                            .into_iter()
                            .flatten()
                            .any(|number| (number.value - stated.value).abs() < 1e-9)
                });
                scores.dose_recall.add(found);
                if !found {
                    notes.push(format!(
                        "dose in text not read: {} {} of {:?}",
                        stated.written, stated.unit, gold.canonicals
                    ));
                }
            }
        }
        if verbose && split == 0 && !notes.is_empty() {
            println!("{}", record["nct_id"].as_str().unwrap_or("?"));
            for note in notes {
                println!("    {note}");
            }
            for regimen in regimens {
                println!("    regimen {}", context(text, regimen.start, regimen.end, 60));
            }
        }
    }
    println!(
        "registry_records.jsonl ({} records): regimens against facts.interventions",
        records.len()
    );
    for (split, scores) in scores.iter().enumerate() {
        println!(
            " {}: {} records, {} with a regimen; {} regimens, {} with a dose",
            SPLITS[split],
            scores.records,
            scores.records_with_regimen,
            scores.regimens,
            scores.with_dose
        );
        println!(
            "   intervention recall (registered, known to the dictionaries)  {}",
            scores.recall.show()
        );
        println!(
            "     ceiling: found as an entity anywhere                    {}",
            scores.entity_recall.show()
        );
        println!(
            "   records with a registered intervention found as a regimen    {}",
            scores.record_recall.show()
        );
        println!(
            "   regimens whose intervention is registered (agreement)       {}",
            scores.agreement.show()
        );
        println!(
            "   dose precision (description states doses)                   {}",
            scores.dose.show()
        );
        println!(
            "   unit precision (description states doses)                   {}",
            scores.unit.show()
        );
        println!(
            "   per-kg precision (description dose of that value and unit)  {}",
            scores.per_kg.show()
        );
        println!(
            "   route precision (description states routes)                 {}",
            scores.route.show()
        );
        println!(
            "   dose recall (description dose written in the text)          {}",
            scores.dose_recall.show()
        );
    }
    Ok(())
}

/// Describes how often each field is filled on `abstracts.jsonl`, per source.
fn describe_abstracts(dir: &Path) -> Result<(), String> {
    let records = read_jsonl(&dir.join("abstracts.jsonl"))?;
    let mut sources: Vec<(String, [usize; 10])> = Vec::new();
    for record in &records {
        let source = record["source"].as_str().unwrap_or("?").to_owned();
        let text = record["text"].as_str().unwrap_or("");
        let regimens = run(text).study.regimens;
        let row = match sources.iter().position(|(name, _)| *name == source) {
            Some(position) => position,
            None => {
                sources.push((source, [0; 10]));
                sources.len() - 1
            }
        };
        let Some((_, counts)) = sources.get_mut(row) else {
            continue;
        };
        counts[0] += 1;
        counts[1] += usize::from(!regimens.is_empty());
        for regimen in &regimens {
            counts[2] += 1;
            counts[3] += usize::from(regimen.dose.is_some() || regimen.dose_high.is_some());
            counts[4] += usize::from(regimen.unit.is_some());
            counts[5] += usize::from(regimen.per_kg);
            counts[6] += usize::from(regimen.route.is_some());
            counts[7] += usize::from(regimen.schedule.is_some());
            counts[8] += usize::from(regimen.duration.is_some());
            counts[9] += usize::from(regimen.arm.is_some());
        }
    }
    println!(
        "abstracts.jsonl ({} abstracts): fields filled (no gold; see --sample for an audit)",
        records.len()
    );
    println!(
        "  {:<20} {:>9} {:>13} {:>9} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>5}",
        "source",
        "abstracts",
        "with regimen",
        "regimens",
        "dose",
        "unit",
        "per_kg",
        "route",
        "schedule",
        "duration",
        "arm"
    );
    for (source, counts) in &sources {
        println!(
            "  {:<20} {:>9} {:>13} {:>9} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>5}",
            source,
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts[4],
            counts[5],
            counts[6],
            counts[7],
            counts[8],
            counts[9]
        );
    }
    Ok(())
}

/// Prints `n` regimens spread evenly over the chosen files' dev split (or held-out split), each
/// with its source text, to be judged by hand.
fn print_sample(
    dir: &Path,
    files: &[&str],
    n: usize,
    held_out: bool,
    offset: usize,
) -> Result<(), String> {
    // (file, id, text, regimen, arm name)
    let mut all: Vec<(String, String, Regimen, Option<String>)> = Vec::new();
    for file in files {
        let (path, id_field) = match *file {
            "registry" => ("registry_records.jsonl", "nct_id"),
            _ => ("abstracts.jsonl", "id"),
        };
        for (index, record) in read_jsonl(&dir.join(path))?.into_iter().enumerate() {
            if (split_of(index) == 1) != held_out {
                continue;
            }
            let text = record["text"].as_str().unwrap_or("");
            let study = run(text).study;
            let id = match &record[id_field] {
                Value::String(id) => id.clone(),
                other => other.to_string(),
            };
            for regimen in study.regimens {
                let arm =
                    regimen.arm.and_then(|arm| study.arms.get(arm)).map(|arm| arm.name.clone());
                let shown = context(text, regimen.start, regimen.end, 120);
                all.push((format!("{file} {id}"), shown, regimen, arm));
            }
        }
    }
    let step = (all.len() / n.max(1)).max(1);
    println!(
        "{} regimens in the {} split; every {step}th from the {offset}th is printed",
        all.len(),
        if held_out { "held-out" } else { "dev" }
    );
    let chosen = all.iter().skip(offset).step_by(step).take(n);
    for (number, (source, shown, regimen, arm)) in chosen.enumerate() {
        println!("#{:<3} {source}", number + 1);
        println!(
            "     {}{}",
            describe(regimen),
            arm.as_ref().map(|arm| format!(" | arm {arm}")).unwrap_or_default()
        );
        println!("     {shown}");
    }
    Ok(())
}

/// Writes a regimen on one line: intervention | dose unit per-kg | route | schedule | duration.
fn describe(regimen: &Regimen) -> String {
    let dose = match (&regimen.dose, &regimen.dose_high) {
        (Some(low), Some(high)) => format!("{}-{}", low.text, high.text),
        (Some(low), None) => low.text.clone(),
        (None, Some(high)) => format!("up to {}", high.text),
        (None, None) => "-".to_owned(),
    };
    format!(
        "{} | {} {}{} | {} | {} | {}",
        regimen.intervention,
        dose,
        regimen.unit.as_deref().unwrap_or("-"),
        if regimen.per_kg { "/kg" } else { "" },
        regimen.route.as_deref().unwrap_or("-"),
        regimen.schedule.as_deref().unwrap_or("-"),
        regimen.duration.as_deref().unwrap_or("-"),
    )
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
