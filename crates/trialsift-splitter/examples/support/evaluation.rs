//! Scores the splitter against labelled documents (shared by the `evaluate` example and the evaluation test).
//!
//! Fixture format, one JSON object per line, offsets in bytes:
//! `{id, split, layout, text, lang: [[start, end, "en"|"zh"|..]], boilerplate: [[start, end]],
//! pairs: [[[en_start, en_end], [zh_start, zh_end]]]}`.
//!
//! Measures, all over non-whitespace characters:
//! - language accuracy: characters inside a gold language range whose predicted segment has that language;
//! - boilerplate precision and recall, by characters: predicted = characters in segments of kind boilerplate;
//! - pairing: recall = gold pairs found exactly (the English and the Chinese segment have exactly the gold
//!   spans and point at each other); precision = predicted pairs that are gold pairs.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use trialsift_domain::SegmentKind;

/// Language accuracy the splitter must reach.
pub const TARGET_LANGUAGE: f64 = 0.995;
/// Boilerplate precision the splitter must reach.
pub const TARGET_BOILERPLATE_PRECISION: f64 = 0.98;
/// Boilerplate recall the splitter must reach.
pub const TARGET_BOILERPLATE_RECALL: f64 = 0.95;
/// Pairing accuracy (gold pairs found) the splitter must reach.
pub const TARGET_PAIRING: f64 = 0.97;

/// Byte span.
type Span = (usize, usize);

/// One labelled document.
pub struct Gold {
    pub id: String,
    pub layout: String,
    pub text: String,
    pub lang: Vec<(usize, usize, String)>,
    pub boilerplate: Vec<Span>,
    pub pairs: Vec<(Span, Span)>,
}

fn span(value: &Value) -> Option<Span> {
    let start = usize::try_from(value.get(0)?.as_u64()?).ok()?;
    let end = usize::try_from(value.get(1)?.as_u64()?).ok()?;
    Some((start, end))
}

/// Parses one fixture line.
pub fn parse(line: &str) -> Result<Gold, String> {
    let value: Value = serde_json::from_str(line).map_err(|error| format!("bad json: {error}"))?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let list = |key: &str| value.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let lang = list("lang")
        .iter()
        .filter_map(|item| {
            let (start, end) = span(item)?;
            Some((start, end, item.get(2)?.as_str()?.to_owned()))
        })
        .collect();
    let boilerplate = list("boilerplate").iter().filter_map(span).collect();
    let pairs = list("pairs")
        .iter()
        .filter_map(|item| Some((span(item.get(0)?)?, span(item.get(1)?)?)))
        .collect();
    Ok(Gold {
        id: text("id"),
        layout: text("layout"),
        text: text("text"),
        lang,
        boilerplate,
        pairs,
    })
}

/// Parses a fixture file.
pub fn parse_file(contents: &str) -> Result<Vec<Gold>, String> {
    contents.lines().filter(|line| !line.trim().is_empty()).map(parse).collect()
}

/// Counts behind the measures.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub documents: usize,
    pub lang_total: usize,
    pub lang_correct: usize,
    pub boilerplate_gold: usize,
    pub boilerplate_predicted: usize,
    pub boilerplate_both: usize,
    pub pairs_gold: usize,
    pub pairs_found: usize,
    pub pairs_predicted: usize,
    pub pairs_predicted_correct: usize,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 1.0 } else { numerator as f64 / denominator as f64 }
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.documents += other.documents;
        self.lang_total += other.lang_total;
        self.lang_correct += other.lang_correct;
        self.boilerplate_gold += other.boilerplate_gold;
        self.boilerplate_predicted += other.boilerplate_predicted;
        self.boilerplate_both += other.boilerplate_both;
        self.pairs_gold += other.pairs_gold;
        self.pairs_found += other.pairs_found;
        self.pairs_predicted += other.pairs_predicted;
        self.pairs_predicted_correct += other.pairs_predicted_correct;
    }
    pub fn language_accuracy(&self) -> f64 {
        ratio(self.lang_correct, self.lang_total)
    }
    pub fn boilerplate_precision(&self) -> f64 {
        ratio(self.boilerplate_both, self.boilerplate_predicted)
    }
    pub fn boilerplate_recall(&self) -> f64 {
        ratio(self.boilerplate_both, self.boilerplate_gold)
    }
    pub fn pairing_accuracy(&self) -> f64 {
        ratio(self.pairs_found, self.pairs_gold)
    }
    pub fn pairing_precision(&self) -> f64 {
        ratio(self.pairs_predicted_correct, self.pairs_predicted)
    }
    /// Lists the targets this tally misses.
    pub fn misses(&self) -> Vec<String> {
        let mut misses = Vec::new();
        let checks = [
            ("language accuracy", self.language_accuracy(), TARGET_LANGUAGE),
            ("boilerplate precision", self.boilerplate_precision(), TARGET_BOILERPLATE_PRECISION),
            ("boilerplate recall", self.boilerplate_recall(), TARGET_BOILERPLATE_RECALL),
            ("pairing accuracy", self.pairing_accuracy(), TARGET_PAIRING),
        ];
        for (name, value, target) in checks {
            if value < target {
                misses.push(format!("{name} {value:.4} < {target}"));
            }
        }
        misses
    }
    pub fn row(&self, name: &str) -> String {
        format!(
            "{name:<16} {:>4} {:>9.4} {:>9.4} {:>9.4} {:>9.4} {:>9.4}   ({} chars, {} bp chars, {} pairs)",
            self.documents,
            self.language_accuracy(),
            self.boilerplate_precision(),
            self.boilerplate_recall(),
            self.pairing_accuracy(),
            self.pairing_precision(),
            self.lang_total,
            self.boilerplate_gold,
            self.pairs_gold,
        )
    }
}

/// Header line matching [`Tally::row`].
pub const HEADER: &str = "layout           docs  lang_acc   bp_prec    bp_rec  pair_acc pair_prec";

/// Splits one document and scores the result against its labels.
pub fn score(gold: &Gold) -> Tally {
    let text = gold.text.as_str();
    let result = trialsift_splitter::split(text);
    let mut owner: Vec<Option<usize>> = vec![None; text.len()];
    for (index, segment) in result.segments.iter().enumerate() {
        for slot in owner.iter_mut().take(segment.end).skip(segment.start) {
            *slot = Some(index);
        }
    }
    let mut gold_boilerplate = vec![false; text.len()];
    for (start, end) in &gold.boilerplate {
        for slot in gold_boilerplate.iter_mut().take(*end).skip(*start) {
            *slot = true;
        }
    }
    let mut tally = Tally { documents: 1, ..Tally::default() };
    for (start, end, lang) in &gold.lang {
        let Some(stretch) = text.get(*start..*end) else { continue };
        for (offset, c) in stretch.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            tally.lang_total += 1;
            let predicted = owner.get(start + offset).copied().flatten();
            if predicted
                .and_then(|index| result.segments.get(index))
                .is_some_and(|s| &s.lang == lang)
            {
                tally.lang_correct += 1;
            }
        }
    }
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let is_gold = gold_boilerplate.get(offset).copied().unwrap_or(false);
        let is_predicted = owner
            .get(offset)
            .copied()
            .flatten()
            .and_then(|index| result.segments.get(index))
            .is_some_and(|segment| segment.kind == SegmentKind::Boilerplate);
        tally.boilerplate_gold += usize::from(is_gold);
        tally.boilerplate_predicted += usize::from(is_predicted);
        tally.boilerplate_both += usize::from(is_gold && is_predicted);
    }
    let gold_pairs: HashSet<(Span, Span)> = gold.pairs.iter().copied().collect();
    let mut predicted_pairs = HashSet::new();
    for segment in &result.segments {
        let Some(partner) = segment.pair.and_then(|index| result.segments.get(index)) else {
            continue;
        };
        if segment.lang == "en" && partner.lang == "zh" {
            predicted_pairs.insert(((segment.start, segment.end), (partner.start, partner.end)));
        }
    }
    tally.pairs_gold = gold_pairs.len();
    tally.pairs_found = gold_pairs.intersection(&predicted_pairs).count();
    tally.pairs_predicted = predicted_pairs.len();
    tally.pairs_predicted_correct = tally.pairs_found;
    tally
}

/// Scores documents, per layout and overall.
pub fn evaluate(documents: &[Gold]) -> (BTreeMap<String, Tally>, Tally) {
    let mut per_layout: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    for document in documents {
        let tally = score(document);
        per_layout.entry(document.layout.clone()).or_default().add(&tally);
        overall.add(&tally);
    }
    (per_layout, overall)
}

/// Describes what the splitter got wrong on one document, for tuning.
pub fn explain(gold: &Gold) -> Vec<String> {
    let text = gold.text.as_str();
    let result = trialsift_splitter::split(text);
    let mut notes = Vec::new();
    let snippet = |start: usize, end: usize| -> String {
        text.get(start..end).unwrap_or("").chars().take(70).collect()
    };
    for (start, end) in &gold.boilerplate {
        let covered = result.segments.iter().any(|segment| {
            segment.kind == SegmentKind::Boilerplate
                && segment.start <= *start
                && segment.end >= *end
        });
        if !covered {
            notes.push(format!("{}: boilerplate missed: {:?}", gold.id, snippet(*start, *end)));
        }
    }
    for segment in &result.segments {
        if segment.kind != SegmentKind::Boilerplate {
            continue;
        }
        let inside = gold
            .boilerplate
            .iter()
            .any(|(start, end)| *start <= segment.start && segment.end <= *end);
        if !inside {
            notes.push(format!(
                "{}: wrongly boilerplate: {:?}",
                gold.id,
                snippet(segment.start, segment.end)
            ));
        }
    }
    for (start, end, lang) in &gold.lang {
        for segment in &result.segments {
            if segment.start < *end && *start < segment.end && &segment.lang != lang {
                notes.push(format!(
                    "{}: language {} for {lang} text: {:?}",
                    gold.id,
                    segment.lang,
                    snippet(segment.start.max(*start), segment.end.min(*end))
                ));
            }
        }
    }
    for (english, chinese) in &gold.pairs {
        let find = |span: &Span| result.segments.iter().position(|s| (s.start, s.end) == *span);
        match (find(english), find(chinese)) {
            (Some(e), Some(z)) if result.segments.get(e).and_then(|s| s.pair) == Some(z) => {}
            (Some(e), Some(z)) => notes.push(format!(
                "{}: pair missed (segments {e}->{:?}, {z}->{:?}): {:?} / {:?}",
                gold.id,
                result.segments.get(e).and_then(|s| s.pair),
                result.segments.get(z).and_then(|s| s.pair),
                snippet(english.0, english.1),
                snippet(chinese.0, chinese.1)
            )),
            (e, z) => notes.push(format!(
                "{}: pair segmentation differs (en found {}, zh found {}): {:?} / {:?}",
                gold.id,
                e.is_some(),
                z.is_some(),
                snippet(english.0, english.1),
                snippet(chinese.0, chinese.1)
            )),
        }
    }
    notes
}
