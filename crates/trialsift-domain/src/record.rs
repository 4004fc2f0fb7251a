//! Stage results and the study record that assembles them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    Abbreviation, Citation, Criterion, DocumentId, DocumentStatus, Entity, Finding, Mention,
    Number, Outcome, Regimen, Segment, Span, Statement, VerdictCounts,
};

/// The splitter's result for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitResult {
    /// Segments in document order, never overlapping.
    pub segments: Vec<Segment>,
}

/// Design facts of a study, each absent when the text does not say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Design {
    /// Whether allocation was randomized.
    pub randomized: Option<bool>,
    /// Allocation ratio as written, e.g. `1:1`.
    pub allocation_ratio: Option<String>,
    /// Blinding: `open`, `single`, `double`, `triple`, `evaluator`.
    pub blinding: Option<String>,
    /// Control: `placebo`, `active`, `usual_care`, `historical`, `none`.
    pub control: Option<String>,
    /// Trial phase as written, e.g. `2` or `1/2`.
    pub phase: Option<String>,
    /// Significance level the text sets ("p < 0.01 was considered significant"); 0.05 when absent.
    pub alpha: Option<f64>,
    /// Centres: `single` or `multi`.
    pub centres: Option<String>,
    /// Direction in time: `prospective` or `retrospective`.
    pub timing: Option<String>,
    /// Whether the study was investigator-initiated.
    pub investigator_initiated: Option<bool>,
    /// How long the study ran or followed participants, as written ("52 weeks").
    pub duration: Option<String>,
    /// What the document is: `journal_abstract`, `registry_record` or `conference_abstract`.
    pub document_type: Option<String>,
    /// The span each fact was read from, by field name (`randomized`, `blinding`, `phase`, ...).
    pub evidence: BTreeMap<String, Span>,
}

/// Who was studied: counts at each step, absent when the text does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Population {
    /// Participants enrolled or included.
    pub enrolled: Option<u64>,
    /// Participants randomized.
    pub randomized: Option<u64>,
    /// Participants analysed.
    pub analyzed: Option<u64>,
    /// The span each count was read from, by field name (`enrolled`, `randomized`, `analyzed`).
    pub evidence: BTreeMap<String, Span>,
}

impl Population {
    /// Returns the counts as `(enrolled, randomized, analyzed)`.
    pub fn counts(&self) -> (Option<u64>, Option<u64>, Option<u64>) {
        (self.enrolled, self.randomized, self.analyzed)
    }
}

/// A named part of the population with its count, e.g. "DM (n = 9)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subgroup {
    /// The subgroup as the text names it.
    pub label: String,
    /// Its count, with span.
    pub count: Number,
}

/// A study arm: what it received and how many were in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Arm {
    /// The arm's name as the text gives it ("belimumab", "placebo").
    pub name: String,
    /// Participants in the arm, where the text says.
    pub size: Option<Number>,
    /// Interventions given in the arm, normalized where the dictionary knows them.
    pub interventions: Vec<String>,
    /// Byte offset of the arm's first mention.
    pub start: usize,
    /// Byte offset one past the arm's first mention.
    pub end: usize,
}

/// A claim of significance or non-significance in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// True for "significantly decreased", false for "did not reach significance".
    pub significant: bool,
    /// Byte offset of the claim's first byte.
    pub start: usize,
    /// Byte offset one past the claim's last byte.
    pub end: usize,
    /// Index of the statement (usually a p-value) the claim is about, where the text ties one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<usize>,
}

/// What was studied, on whom and how: the searchable facts of a study.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Study {
    /// Normalized trial registry identifiers, e.g. `NCT03171194`.
    pub registry_ids: Vec<String>,
    /// Sample sizes.
    pub population: Population,
    /// Design facts.
    pub design: Design,
    /// Conditions studied, normalized where the dictionary knows them.
    pub conditions: Vec<String>,
    /// Interventions given, normalized where the dictionary knows them.
    pub interventions: Vec<String>,
    /// Subgroups of the population with their counts.
    pub subgroups: Vec<Subgroup>,
    /// Study arms.
    pub arms: Vec<Arm>,
    /// Where the abstract was published, when the document carries a citation line.
    pub citation: Option<Citation>,
    /// The authors' affiliations, one per line or entry.
    pub affiliations: Vec<Mention>,
    /// Every condition, intervention and adverse event named, normalized, with its span.
    pub entities: Vec<Entity>,
    /// Short forms the text defines.
    pub abbreviations: Vec<Abbreviation>,
    /// Outcomes measured, primary and secondary.
    pub outcomes: Vec<Outcome>,
    /// Key eligibility criteria: age bounds and thresholds.
    pub eligibility: Vec<Criterion>,
    /// Doses, routes, schedules and durations of what was given.
    pub regimens: Vec<Regimen>,
}

impl Study {
    /// Returns the design facts as flat searchable flags: `randomized`, `blinding:double`, `control:placebo`, `phase:2`.
    pub fn design_flags(&self) -> Vec<String> {
        let design = &self.design;
        let mut flags = Vec::new();
        if design.randomized == Some(true) {
            flags.push("randomized".to_owned());
        }
        if let Some(blinding) = &design.blinding {
            flags.push(format!("blinding:{blinding}"));
        }
        if let Some(control) = &design.control {
            flags.push(format!("control:{control}"));
        }
        if let Some(phase) = &design.phase {
            flags.push(format!("phase:{phase}"));
        }
        if let Some(centres) = &design.centres {
            flags.push(format!("centres:{centres}"));
        }
        if let Some(timing) = &design.timing {
            flags.push(timing.clone());
        }
        if design.investigator_initiated == Some(true) {
            flags.push("investigator_initiated".to_owned());
        }
        if let Some(document_type) = &design.document_type {
            flags.push(format!("document:{document_type}"));
        }
        flags
    }
}

/// The extractor's result for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Study facts.
    pub study: Study,
    /// Reported results, in document order.
    pub statements: Vec<Statement>,
    /// Claims of significance, in document order.
    #[serde(default)]
    pub claims: Vec<Claim>,
}

/// The validator's result for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Every check's conclusion.
    pub findings: Vec<Finding>,
}

/// The validated study record: what a reader of trialsift gets for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyRecord {
    /// Version of this record's layout.
    pub schema_version: u32,
    /// The document's id.
    pub document_id: DocumentId,
    /// Where the document came from: a file path or the submitting client's name.
    pub source: String,
    /// Where the document is in the pipeline.
    pub status: DocumentStatus,
    /// The splitter's segments.
    pub segments: Vec<Segment>,
    /// The extracted study facts.
    pub study: Study,
    /// The extracted statements.
    pub statements: Vec<Statement>,
    /// The extracted claims of significance.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// The validator's findings.
    pub findings: Vec<Finding>,
    /// Findings counted by verdict.
    pub verdict_counts: VerdictCounts,
}

impl StudyRecord {
    /// Assembles the record of a document from its three stage results.
    pub fn assemble(
        document_id: DocumentId,
        source: String,
        split: SplitResult,
        extraction: Extraction,
        validation: Validation,
    ) -> Self {
        let verdict_counts = VerdictCounts::of(&validation.findings);
        Self {
            schema_version: crate::SCHEMA_VERSION,
            document_id,
            source,
            status: DocumentStatus::Validated,
            segments: split.segments,
            study: extraction.study,
            statements: extraction.statements,
            claims: extraction.claims,
            findings: validation.findings,
            verdict_counts,
        }
    }
}
