//! Study facts located in the text: citation, named entities, abbreviations, outcomes,
//! eligibility criteria and treatment regimens.
//!
//! Every fact carries the byte span of the words that say it, so a reviewer can check it
//! against the document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Comparator, Number, Span};

/// A stretch of the text as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The text as written.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// Where an abstract was published, read from its citation line
/// ("Arthritis Rheumatol. 2018 Feb;70(2):308-316. doi: 10.1002/art.40358. Epub 2017 Dec 29.").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Citation {
    /// Journal name or abbreviation as written ("Arthritis Rheumatol").
    pub journal: Option<String>,
    /// Year of the issue.
    pub year: Option<u16>,
    /// Month of the issue, 1 to 12.
    pub month: Option<u8>,
    /// Day of the issue, where given.
    pub day: Option<u8>,
    /// Volume as written ("70").
    pub volume: Option<String>,
    /// Issue as written ("2", "Suppl 1").
    pub issue: Option<String>,
    /// Pages or electronic location as written ("308-316", "e000704").
    pub pages: Option<String>,
    /// The DOI, without a `doi:` prefix or trailing full stop ("10.1002/art.40358").
    pub doi: Option<String>,
    /// Electronic publication date, ISO 8601 as far as the text gives it ("2017-12-29", "2017-12").
    pub epub_date: Option<String>,
    /// Byte offset of the citation's first byte.
    pub start: usize,
    /// Byte offset one past the citation's last byte.
    pub end: usize,
    /// The span each field was read from, by field name (`journal`, `year`, `doi`, ...).
    pub evidence: BTreeMap<String, Span>,
}

/// What a named entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A disease or condition named outside a sentence about harms (the study's record lists
    /// the ones studied in `Study::conditions`).
    Condition,
    /// A drug or other intervention.
    Intervention,
    /// A disease named as a harm (an adverse event), not as what was studied.
    AdverseEvent,
}

/// A condition or intervention named in the text, normalized against the dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// What the entity is.
    pub kind: EntityKind,
    /// The name as written ("dcSSc", "mycophenolate mofetil").
    pub text: String,
    /// The dictionary's canonical name ("scleroderma, diffuse").
    pub canonical: String,
    /// The dictionary's identifier (`MESH-TREE:C17.300.799.602`, `DRUGBANK:DB00688`), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The long form, when the text wrote a short form it defines ("MMF" for "mycophenolate mofetil").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_form: Option<String>,
    /// Byte offset of the mention's first byte.
    pub start: usize,
    /// Byte offset one past the mention's last byte.
    pub end: usize,
}

/// A short form the text defines ("mycophenolate mofetil (MMF)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abbreviation {
    /// The short form as written ("MMF").
    pub short: String,
    /// The long form as written ("mycophenolate mofetil").
    pub long: String,
    /// Span of the short form at its definition.
    pub short_span: Span,
    /// Span of the long form at its definition.
    pub long_span: Span,
}

/// An outcome the study measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The instrument or measure, normalized where it is a known one (`mRSS`, `SLEDAI`,
    /// `SRI-4`, `BILAG`, `FVC%`, ...), otherwise as written.
    pub instrument: String,
    /// True for a primary outcome, false for a secondary one, absent when the text does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// The time point the outcome is measured at, where the text gives one ("52 weeks").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_point: Option<String>,
    /// Byte offset of the instrument's mention.
    pub start: usize,
    /// Byte offset one past the instrument's mention.
    pub end: usize,
}

/// One key eligibility criterion: an age bound or a threshold on a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// True for an inclusion criterion, false for an exclusion criterion.
    pub inclusion: bool,
    /// What is bounded: `age` or the measure as written ("FVC%", "SLEDAI", "BMI").
    pub measure: String,
    /// The comparator for a one-sided bound ("≥ 18 years" is `>=`); absent for a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// The lower bound (or the only bound of a one-sided criterion with `>`/`>=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Number>,
    /// The upper bound (or the only bound of a one-sided criterion with `<`/`<=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Number>,
    /// The unit as written ("years", "%", "mg/day"), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Byte offset of the criterion's first byte.
    pub start: usize,
    /// Byte offset one past the criterion's last byte.
    pub end: usize,
}

/// How a drug or procedure was given: "belimumab at 10 mg/kg intravenously every 4 weeks for 52 weeks".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Regimen {
    /// The drug or procedure, canonical where the dictionary knows it, otherwise as written.
    pub intervention: String,
    /// The dose (the lower one of a range such as "1-2 g").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dose: Option<Number>,
    /// The upper dose of a range, where the text gives a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dose_high: Option<Number>,
    /// The unit of the dose without its per-weight or per-time part ("mg", "g", "IU", "mL").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether the dose is per kilogram of body weight ("10 mg/kg").
    pub per_kg: bool,
    /// The route, normalized: `intravenous`, `oral`, `subcutaneous`, `intramuscular`, `topical`,
    /// `inhaled`, `intranasal`, `intrathecal`, `rectal`, `transdermal`, `sublingual`, `intravitreal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The schedule as written ("every 4 weeks", "twice daily", "/day").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// How long it was given, as written ("52 weeks", "9 weeks").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Index into the study's arms of the arm that received it, where the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm: Option<usize>,
    /// Byte offset of the regimen's first byte.
    pub start: usize,
    /// Byte offset one past the regimen's last byte.
    pub end: usize,
}
