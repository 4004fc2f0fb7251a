//! Stage results and the study record that assembles them.

use serde::{Deserialize, Serialize};

use crate::{DocumentId, DocumentStatus, Finding, Segment, Statement, VerdictCounts};

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
}

/// Who was studied: counts at each step, absent when the text does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Population {
    /// Participants enrolled or included.
    pub enrolled: Option<u64>,
    /// Participants randomized.
    pub randomized: Option<u64>,
    /// Participants analysed.
    pub analyzed: Option<u64>,
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
            findings: validation.findings,
            verdict_counts,
        }
    }
}
