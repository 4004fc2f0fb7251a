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
//!
//! [`connect`] opens either backend from a URL:
//! - `sqlite:trialsift.db` (or `sqlite://path/to/file.db`, `sqlite::memory:`):
//!   the embedded store, the file is created if missing;
//! - `postgres:///trialsift?host=/var/run/postgresql&port=5432&user=trialsift`:
//!   Postgres through its Unix socket, which is what deployments should use
//!   (sqlx 0.9 over TCP was seen to stall about 40 ms on small writes because
//!   it does not set `TCP_NODELAY`, sqlx issue 4335);
//!   `postgres://user:password@host:5432/trialsift` works too, measure first.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use trialsift_domain::{
    DocumentId, DocumentStatus, Finding, Stage, StudyRecord, Verdict, VerdictCounts,
};

/// The Postgres implementation of [`Store`].
pub mod postgres;
/// The SQLite implementation of [`Store`].
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

    /// Lists up to `limit` documents still in the pipeline (neither validated nor failed), oldest first.
    ///
    /// The embedded runtime re-announces them at start-up: its in-process bus does not survive a
    /// restart, the database does.
    async fn unfinished(&self, limit: u32) -> Result<Vec<DocumentState>, StoreError>;

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

/// How a connection may use the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads and writes; migrations run at connect time.
    ReadWrite,
    /// Reads only, enforced by the database (the query service's mode); no migrations run.
    ReadOnly,
}

/// How the connection pool behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSettings {
    /// Most connections the pool keeps open; `None` picks the backend's default (Postgres 10, SQLite 4).
    pub max_connections: Option<u32>,
    /// How long an operation waits for a connection before failing with [`StoreError::Unavailable`].
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self { max_connections: None, acquire_timeout: Duration::from_secs(10) }
    }
}

/// Largest page a listing returns, whatever the request asks for.
pub const MAX_PAGE_LIMIT: u32 = 1000;

/// Opens the store a URL names (`sqlite:...`, `postgres:...` or `postgresql:...`) with default pool settings.
pub async fn connect(url: &str, access: Access) -> Result<Arc<dyn Store>, StoreError> {
    connect_with(url, access, &PoolSettings::default()).await
}

/// Opens the store a URL names with explicit pool settings; migrates it in [`Access::ReadWrite`] mode.
pub async fn connect_with(
    url: &str,
    access: Access,
    settings: &PoolSettings,
) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        let store = sqlite::SqliteStore::connect_with(url, access, settings).await?;
        return Ok(Arc::new(store));
    }
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let store = postgres::PostgresStore::connect_with(url, access, settings).await?;
        return Ok(Arc::new(store));
    }
    // The URL itself is not echoed: it may carry a password.
    Err(StoreError::Database(
        "unsupported database url: expected a sqlite:, postgres: or postgresql: url".to_owned(),
    ))
}

/// Orders statuses along the pipeline; a write never moves a document to a lower rank.
///
/// `failed` ranks lowest with `submitted`, so a failed document that later
/// succeeds at any stage moves on. The SQL of both backends spells out the
/// same ranking in a `CASE` over the stored status.
pub(crate) fn status_rank(status: DocumentStatus) -> i32 {
    match status {
        DocumentStatus::Submitted | DocumentStatus::Failed => 0,
        DocumentStatus::Split => 1,
        DocumentStatus::Extracted => 2,
        DocumentStatus::Validated => 3,
    }
}

/// The offset and row count of a page request as SQL values: `limit` is clamped to `1..=MAX_PAGE_LIMIT`.
pub(crate) fn page_bounds(page: PageRequest) -> (i64, u32) {
    let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
    let limit = page.limit.clamp(1, MAX_PAGE_LIMIT);
    (offset, limit)
}

/// Cuts the `limit + 1` rows fetched for a page down to `limit`, telling where the next page starts.
pub(crate) fn into_page<T>(mut rows: Vec<T>, page: PageRequest, limit: u32) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() <= limit {
        return Page { items: rows, next_offset: None };
    }
    rows.truncate(limit);
    let next_offset = page.offset.saturating_add(rows.len() as u64);
    Page { items: rows, next_offset: Some(next_offset) }
}

/// Maps a sqlx error to a store error; `transient_code` tells which database error codes are worth retrying.
pub(crate) fn map_sqlx_error(error: sqlx::Error, transient_code: fn(&str) -> bool) -> StoreError {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::BeginFailed => StoreError::Unavailable(error.to_string()),
        sqlx::Error::Database(ref database_error) => {
            let transient = database_error.code().is_some_and(|code| transient_code(&code));
            if transient {
                StoreError::Unavailable(error.to_string())
            } else {
                StoreError::Database(error.to_string())
            }
        }
        sqlx::Error::Migrate(migrate_error) => map_migrate_error(*migrate_error, transient_code),
        other => StoreError::Database(other.to_string()),
    }
}

/// Maps a migration error: a connection failure while migrating is unavailability, anything else a migration failure.
pub(crate) fn map_migrate_error(
    error: sqlx::migrate::MigrateError,
    transient_code: fn(&str) -> bool,
) -> StoreError {
    match error {
        sqlx::migrate::MigrateError::Execute(inner) => {
            match map_sqlx_error(inner, transient_code) {
                StoreError::Unavailable(message) => StoreError::Unavailable(message),
                other => StoreError::Migration(other.to_string()),
            }
        }
        other => StoreError::Migration(other.to_string()),
    }
}

/// Converts a count to the signed integer SQL stores.
pub(crate) fn to_sql_count(value: u64, what: &str) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Database(format!("{what} {value} is out of range")))
}

/// Converts a stored signed count back, treating a negative value as corruption.
pub(crate) fn from_sql_count(value: i64, what: &str, document_id: &str) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("negative {what} {value}"),
    })
}

/// Parses a stored document id.
pub(crate) fn parse_document_id(value: &str) -> Result<DocumentId, StoreError> {
    value.parse::<DocumentId>().map_err(|error| StoreError::Corrupt {
        document_id: value.to_owned(),
        message: error.to_string(),
    })
}

/// Parses a stored status name.
pub(crate) fn parse_status(value: &str, document_id: &str) -> Result<DocumentStatus, StoreError> {
    DocumentStatus::parse(value).ok_or_else(|| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("unknown status {value:?}"),
    })
}

/// Parses a stored stage name.
pub(crate) fn parse_stage(value: &str, document_id: &str) -> Result<Stage, StoreError> {
    value.parse::<Stage>().map_err(|error| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: error.to_string(),
    })
}

/// The columns of a `documents` row that make a [`DocumentState`], as both backends read them.
pub(crate) struct StateColumns {
    /// `documents.id`.
    pub(crate) id: String,
    /// `documents.source`.
    pub(crate) source: String,
    /// `documents.status`.
    pub(crate) status: String,
    /// `documents.stage`.
    pub(crate) stage: Option<String>,
    /// `documents.attempts`.
    pub(crate) attempts: i64,
    /// `documents.last_error`.
    pub(crate) last_error: Option<String>,
}

impl StateColumns {
    /// Checks and converts the stored values.
    pub(crate) fn into_state(self) -> Result<DocumentState, StoreError> {
        let status = parse_status(&self.status, &self.id)?;
        let stage = match &self.stage {
            Some(stage) => Some(parse_stage(stage, &self.id)?),
            None => None,
        };
        let attempts = u32::try_from(self.attempts).map_err(|_| StoreError::Corrupt {
            document_id: self.id.clone(),
            message: format!("attempts {} out of range", self.attempts),
        })?;
        let id = parse_document_id(&self.id)?;
        Ok(DocumentState {
            id,
            source: self.source,
            status,
            stage,
            attempts,
            last_error: self.last_error,
        })
    }
}

/// Decodes a stored JSON value of a document into `T`.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    document_id: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(value).map_err(|error| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("{what}: {error}"),
    })
}

/// Decodes stored JSON text of a document into `T`.
pub(crate) fn decode_json_text<T: serde::de::DeserializeOwned>(
    text: &str,
    document_id: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("{what}: {error}"),
    })
}

/// Keeps the last write per (document, stage) and, per document, the furthest stage: the rows a batch really changes.
pub(crate) struct BatchPlan<'a> {
    /// The last write of each (document, stage), sorted by document then stage.
    pub(crate) results: BTreeMap<(&'a str, Stage), &'a StageWrite>,
    /// The last study record of each document, sorted by document.
    pub(crate) studies: BTreeMap<&'a str, &'a StudyRecord>,
    /// The furthest stage each document completed in this batch, sorted by document.
    pub(crate) progress: BTreeMap<&'a str, Stage>,
}

impl<'a> BatchPlan<'a> {
    /// Plans a batch of writes.
    pub(crate) fn of(writes: &'a [StageWrite]) -> Self {
        let mut plan =
            Self { results: BTreeMap::new(), studies: BTreeMap::new(), progress: BTreeMap::new() };
        for write in writes {
            let document_id = write.document_id.as_str();
            plan.results.insert((document_id, write.stage), write);
            if let Some(study) = &write.study {
                plan.studies.insert(document_id, study);
            }
            let furthest = plan.progress.entry(document_id).or_insert(write.stage);
            if write.stage > *furthest {
                *furthest = write.stage;
            }
        }
        plan
    }
}
