//! The shared database every stage writes to and the query service reads.
//!
//! One trait, [`Store`], with two implementations over sqlx:
//! [`postgres::PostgresStore`] (distributed) and [`sqlite::SqliteStore`]
//! (embedded). Migrations live in `migrations/postgres` and
//! `migrations/sqlite` and run at connect time.
//!
//! Few rows per document: one in `documents`, one per stage in
//! `stage_results` (the stage's whole result as JSON), and one in `studies`
//! (searchable columns plus the full record). Writes come in batches, one
//! transaction per batch, and are upserts keyed by document id, so a
//! redelivered message rewrites the same rows instead of adding new ones.

use std::collections::BTreeMap;

use async_trait::async_trait;
use trialsift_domain::{
    DocumentId, DocumentStatus, Finding, Stage, StudyRecord, Verdict, VerdictCounts,
};

pub mod postgres;
pub mod sqlite;

/// A document as the gateway hands it to the store.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Hash of the normalized text.
    pub id: DocumentId,
    /// Where it came from.
    pub source: String,
    /// The text as submitted.
    pub text: String,
}

/// What inserting a document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// The document is new.
    Created,
    /// The document was already known; nothing was written.
    Existing(DocumentStatus),
}

/// A document's processing state, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentState {
    /// The document's id.
    pub id: DocumentId,
    /// Where it came from.
    pub source: String,
    /// Where it is in the pipeline.
    pub status: DocumentStatus,
    /// The last stage that completed or failed, if any.
    pub stage: Option<Stage>,
    /// Failed attempts so far (reset to 0 when a stage completes).
    pub attempts: u32,
    /// The last error a stage reported.
    pub last_error: Option<String>,
}

/// What a stage needs to process one document: its text and earlier stage results.
#[derive(Debug, Clone)]
pub struct WorkItem {
    /// The document's state.
    pub state: DocumentState,
    /// The text as submitted.
    pub text: String,
    /// Earlier stages' results, as stored.
    pub results: BTreeMap<Stage, serde_json::Value>,
}

/// One stage's result for one document, to be written in a batch.
#[derive(Debug, Clone)]
pub struct StageWrite {
    /// The document.
    pub document_id: DocumentId,
    /// The stage that produced the result.
    pub stage: Stage,
    /// The stage's whole result as JSON.
    pub result: serde_json::Value,
    /// The assembled study record; set by the validator only.
    pub study: Option<StudyRecord>,
}

/// A search over study records. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Exact normalized registry identifier.
    pub registry_id: Option<String>,
    /// Case-insensitive substring of a condition.
    pub condition: Option<String>,
    /// Case-insensitive substring of an intervention.
    pub intervention: Option<String>,
    /// Case-insensitive substring of the document text.
    pub text: Option<String>,
    /// Only studies with (true) or without (false) inconsistent or decision-error findings.
    pub has_inconsistencies: Option<bool>,
    /// Only studies carrying every one of these design flags.
    pub design_flags: Vec<String>,
    /// Paging.
    pub page: PageRequest,
}

/// Which page of a listing to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return at most.
    pub limit: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { offset: 0, limit: 20 }
    }
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page, in a stable order.
    pub items: Vec<T>,
    /// Offset of the next page, if there is one.
    pub next_offset: Option<u64>,
}

/// The searchable facts of a validated study.
#[derive(Debug, Clone, PartialEq)]
pub struct StudySummary {
    /// The document's id.
    pub document_id: DocumentId,
    /// Where it came from.
    pub source: String,
    /// Normalized registry identifiers.
    pub registry_ids: Vec<String>,
    /// Conditions.
    pub conditions: Vec<String>,
    /// Interventions.
    pub interventions: Vec<String>,
    /// Participants enrolled.
    pub enrolled: Option<u64>,
    /// Participants randomized.
    pub randomized: Option<u64>,
    /// Participants analysed.
    pub analyzed: Option<u64>,
    /// Design flags (see `Study::design_flags`).
    pub design_flags: Vec<String>,
    /// Findings by verdict.
    pub verdict_counts: VerdictCounts,
}

impl StudySummary {
    /// Extracts the summary of a study record.
    pub fn of(record: &StudyRecord) -> Self {
        Self {
            document_id: record.document_id.clone(),
            source: record.source.clone(),
            registry_ids: record.study.registry_ids.clone(),
            conditions: record.study.conditions.clone(),
            interventions: record.study.interventions.clone(),
            enrolled: record.study.population.enrolled,
            randomized: record.study.population.randomized,
            analyzed: record.study.population.analyzed,
            design_flags: record.study.design_flags(),
            verdict_counts: record.verdict_counts,
        }
    }
}

/// A finding with the document it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentFinding {
    /// The document's id.
    pub document_id: DocumentId,
    /// Where it came from.
    pub source: String,
    /// The finding.
    pub finding: Finding,
}

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or the connection broke; worth retrying later.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database refused the operation or returned something unusable.
    #[error("database error: {0}")]
    Database(String),
    /// A stored JSON value does not decode into the expected type.
    #[error("corrupt stored value for document {document_id}: {message}")]
    Corrupt {
        /// The document whose row is corrupt.
        document_id: String,
        /// What went wrong.
        message: String,
    },
    /// Migrations could not be applied.
    #[error("migration failed: {0}")]
    Migration(String),
}

impl StoreError {
    /// Tells whether retrying later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// The shared database.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts a document if its id is new; never overwrites.
    async fn insert_document(&self, document: &NewDocument) -> Result<Inserted, StoreError>;

    /// Returns a document's processing state.
    async fn document_state(&self, id: &DocumentId) -> Result<Option<DocumentState>, StoreError>;

    /// Loads documents with the stored results of `stages`, in one round trip; unknown ids are left out.
    async fn load_work(
        &self,
        ids: &[DocumentId],
        stages: &[Stage],
    ) -> Result<Vec<WorkItem>, StoreError>;

    /// Upserts stage results (and study records) in one transaction, moving each document's status on.
    async fn write_results(&self, writes: &[StageWrite]) -> Result<(), StoreError>;

    /// Records a failed attempt of `stage` on a document; `permanent` marks the document failed.
    async fn record_failure(
        &self,
        id: &DocumentId,
        stage: Stage,
        error: &str,
        permanent: bool,
    ) -> Result<(), StoreError>;

    /// Returns a document's validated study record.
    async fn study(&self, id: &DocumentId) -> Result<Option<StudyRecord>, StoreError>;

    /// Searches validated studies, newest first.
    async fn search(&self, query: &SearchQuery) -> Result<Page<StudySummary>, StoreError>;

    /// Lists findings of one verdict across studies, newest study first.
    async fn findings(
        &self,
        verdict: Verdict,
        page: PageRequest,
    ) -> Result<Page<DocumentFinding>, StoreError>;

    /// Checks that the database is reachable.
    async fn ping(&self) -> Result<(), StoreError>;
}
