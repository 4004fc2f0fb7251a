//! The embedded store: one SQLite file through sqlx.
//!
//! The file runs in WAL mode (readers never block the writer) with foreign
//! keys on and a busy timeout, so the few connections of one process wait
//! for each other instead of failing. Lists are stored as JSON arrays in text
//! columns and searched with `json_each`; timestamps are Unix microseconds.
//! Read-only access opens the file with `SQLITE_OPEN_READONLY`.
//!
//! Case-insensitive searches fold ASCII letters only (SQLite's `lower`).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row};
use trialsift_domain::{
    DocumentId, DocumentStatus, Finding, Stage, StudyRecord, Verdict, VerdictCounts,
};

use crate::{
    Access, BatchPlan, DocumentFinding, DocumentState, Inserted, NewDocument, Page, PageRequest,
    PoolSettings, SearchQuery, StageWrite, StateColumns, Store, StoreError, StudySummary, WorkItem,
    decode_json_text, from_sql_count, into_page, map_migrate_error, map_sqlx_error, page_bounds,
    parse_document_id, parse_stage, parse_status, status_rank, to_sql_count,
};

/// The embedded SQLite migrations (`migrations/sqlite`).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Connections a pool keeps open at most unless told otherwise: one writer at a time, a few readers.
const DEFAULT_MAX_CONNECTIONS: u32 = 4;

/// How long a connection waits for another one's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The store on a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// Tells whether a SQLite (extended) result code is worth retrying later.
fn is_transient_code(code: &str) -> bool {
    let Ok(code) = code.parse::<i64>() else {
        return false;
    };
    // Primary codes: SQLITE_BUSY (5), SQLITE_LOCKED (6), SQLITE_CANTOPEN (14).
    matches!(code & 0xff, 5 | 6 | 14)
}

/// Maps a sqlx error from SQLite to a store error.
fn db_error(error: sqlx::Error) -> StoreError {
    map_sqlx_error(error, is_transient_code)
}

/// Returns the current time in Unix microseconds.
fn unix_micros() -> i64 {
    let elapsed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(elapsed.as_micros()).unwrap_or(i64::MAX)
}

/// Encodes a value as JSON text for storage.
fn to_json_text<T: serde::Serialize + ?Sized>(
    value: &T,
    document_id: &str,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| {
        StoreError::Database(format!("cannot encode a value of document {document_id}: {error}"))
    })
}

/// Creates the directory a new database file goes into, if missing.
async fn create_parent_directory(file: &std::path::Path) -> Result<(), StoreError> {
    let Some(parent) = file.parent().filter(|parent| !parent.as_os_str().is_empty()) else {
        return Ok(());
    };
    tokio::fs::create_dir_all(parent).await.map_err(|error| {
        StoreError::Database(format!("cannot create directory {}: {error}", parent.display()))
    })
}

impl SqliteStore {
    /// Opens (in [`Access::ReadWrite`] mode creating and migrating) the database a `sqlite:` URL names.
    pub async fn connect(url: &str, access: Access) -> Result<Self, StoreError> {
        Self::connect_with(url, access, &PoolSettings::default()).await
    }

    /// Opens the database a `sqlite:` URL names with explicit pool settings.
    ///
    /// An in-memory database (`sqlite::memory:`) lives as long as the pool: the
    /// pool then keeps one connection open for good.
    pub async fn connect_with(
        url: &str,
        access: Access,
        settings: &PoolSettings,
    ) -> Result<Self, StoreError> {
        let mut options = SqliteConnectOptions::from_str(url)
            .map_err(db_error)?
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        options = match access {
            // WAL with synchronous=NORMAL: a commit survives the process crashing (what
            // at-least-once redelivery guards against) without an fsync per commit; only an OS
            // crash or power cut can roll back the last commits.
            Access::ReadWrite => options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal),
            Access::ReadOnly => options.read_only(true),
        };
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if access == Access::ReadWrite && !in_memory {
            create_parent_directory(options.get_filename()).await?;
        }
        let mut pool_options = SqlitePoolOptions::new()
            .max_connections(settings.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS))
            .acquire_timeout(settings.acquire_timeout);
        if in_memory {
            pool_options = pool_options.min_connections(1).idle_timeout(None).max_lifetime(None);
        }
        let pool = pool_options.connect_with(options).await.map_err(db_error)?;
        let store = Self { pool };
        if access == Access::ReadWrite {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Wraps an existing pool; the caller is responsible for migrations and access mode.
    pub fn from_pool(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// Applies the pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await.map_err(|error| map_migrate_error(error, is_transient_code))
    }

    /// Returns the connection pool.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Reads the columns of a `documents` row that make a state.
fn state_columns(row: &SqliteRow) -> Result<StateColumns, sqlx::Error> {
    Ok(StateColumns {
        id: row.try_get("id")?,
        source: row.try_get("source")?,
        status: row.try_get("status")?,
        stage: row.try_get("stage")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
    })
}

/// Reads a stored verdict count.
fn verdict_count(row: &SqliteRow, column: &str, document_id: &str) -> Result<u32, StoreError> {
    let value: i64 = row.try_get(column).map_err(db_error)?;
    u32::try_from(value).map_err(|_| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("{column} count {value} out of range"),
    })
}

/// Reads an optional stored participant count.
fn participant_count(
    row: &SqliteRow,
    column: &str,
    document_id: &str,
) -> Result<Option<u64>, StoreError> {
    let value: Option<i64> = row.try_get(column).map_err(db_error)?;
    value.map(|count| from_sql_count(count, column, document_id)).transpose()
}

/// Reads a list stored as a JSON array.
fn string_list(
    row: &SqliteRow,
    column: &str,
    document_id: &str,
) -> Result<Vec<String>, StoreError> {
    let text: String = row.try_get(column).map_err(db_error)?;
    decode_json_text(&text, document_id, column)
}

/// Reads a `studies` row into a summary.
fn study_summary(row: &SqliteRow) -> Result<StudySummary, StoreError> {
    let id: String = row.try_get("document_id").map_err(db_error)?;
    let verdict_counts = VerdictCounts {
        consistent: verdict_count(row, "consistent", &id)?,
        inconsistent: verdict_count(row, "inconsistent", &id)?,
        decision_error: verdict_count(row, "decision_error", &id)?,
        not_checkable: verdict_count(row, "not_checkable", &id)?,
    };
    Ok(StudySummary {
        document_id: parse_document_id(&id)?,
        source: row.try_get("source").map_err(db_error)?,
        registry_ids: string_list(row, "registry_ids", &id)?,
        conditions: string_list(row, "conditions", &id)?,
        interventions: string_list(row, "interventions", &id)?,
        enrolled: participant_count(row, "enrolled", &id)?,
        randomized: participant_count(row, "randomized", &id)?,
        analyzed: participant_count(row, "analyzed", &id)?,
        design_flags: string_list(row, "design_flags", &id)?,
        verdict_counts,
    })
}

/// Upserts one stage result.
const UPSERT_RESULT: &str = "INSERT INTO stage_results (document_id, stage, result, updated_at)
     VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (document_id, stage) DO UPDATE
         SET result = excluded.result, updated_at = excluded.updated_at";

/// Upserts one study record; an unchanged record keeps its validation time.
const UPSERT_STUDY: &str = "INSERT INTO studies (
         document_id, source, registry_ids, conditions, interventions, design_flags,
         enrolled, randomized, analyzed,
         consistent, inconsistent, decision_error, not_checkable,
         record, validated_at
     ) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
     ON CONFLICT (document_id) DO UPDATE SET
         source = excluded.source,
         registry_ids = excluded.registry_ids,
         conditions = excluded.conditions,
         interventions = excluded.interventions,
         design_flags = excluded.design_flags,
         enrolled = excluded.enrolled,
         randomized = excluded.randomized,
         analyzed = excluded.analyzed,
         consistent = excluded.consistent,
         inconsistent = excluded.inconsistent,
         decision_error = excluded.decision_error,
         not_checkable = excluded.not_checkable,
         record = excluded.record,
         validated_at = CASE WHEN studies.record = excluded.record
                             THEN studies.validated_at ELSE excluded.validated_at END";

/// Moves a document's status forward, never back: the `CASE` ranks the stored
/// status and must agree with `status_rank`.
const MOVE_DOCUMENT: &str = "UPDATE documents
     SET status = ?2, stage = ?3, attempts = 0, last_error = NULL, updated_at = ?5
     WHERE id = ?1
       AND CASE status
               WHEN 'split' THEN 1
               WHEN 'extracted' THEN 2
               WHEN 'validated' THEN 3
               ELSE 0
           END <= ?4";

#[async_trait]
impl Store for SqliteStore {
    async fn insert_document(&self, document: &NewDocument) -> Result<Inserted, StoreError> {
        let now = unix_micros();
        let inserted = sqlx::query(
            "INSERT INTO documents (id, source, text, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(document.id.as_str())
        .bind(&document.source)
        .bind(&document.text)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        if inserted.rows_affected() == 1 {
            return Ok(Inserted::Created);
        }
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM documents WHERE id = ?1")
                .bind(document.id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        match status {
            Some(status) => Ok(Inserted::Existing(parse_status(&status, document.id.as_str())?)),
            None => Err(StoreError::Database(format!(
                "document {} neither inserted nor found",
                document.id
            ))),
        }
    }

    async fn document_state(&self, id: &DocumentId) -> Result<Option<DocumentState>, StoreError> {
        let row = sqlx::query(
            "SELECT id, source, status, stage, attempts, last_error FROM documents WHERE id = ?1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        state_columns(&row).map_err(db_error)?.into_state().map(Some)
    }

    async fn unfinished(&self, limit: u32) -> Result<Vec<DocumentState>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, source, status, stage, attempts, last_error FROM documents
             WHERE status IN ('submitted', 'split', 'extracted')
             ORDER BY updated_at, id LIMIT ?1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(|row| state_columns(row).map_err(db_error)?.into_state()).collect()
    }

    async fn load_work(
        &self,
        ids: &[DocumentId],
        stages: &[Stage],
    ) -> Result<Vec<WorkItem>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let id_list = to_json_text(&ids, "batch")?;
        let stage_list = to_json_text(&stages, "batch")?;
        let mut connection = self.pool.acquire().await.map_err(db_error)?;

        let document_rows = sqlx::query(
            "SELECT id, source, text, status, stage, attempts, last_error
             FROM documents
             WHERE id IN (SELECT value FROM json_each(?1))",
        )
        .bind(&id_list)
        .fetch_all(&mut *connection)
        .await
        .map_err(db_error)?;
        let mut found: BTreeMap<DocumentId, WorkItem> = BTreeMap::new();
        for row in document_rows {
            let state = state_columns(&row).map_err(db_error)?.into_state()?;
            let text: String = row.try_get("text").map_err(db_error)?;
            found.insert(state.id.clone(), WorkItem { state, text, results: BTreeMap::new() });
        }

        if !stages.is_empty() && !found.is_empty() {
            let result_rows = sqlx::query(
                "SELECT document_id, stage, result
                 FROM stage_results
                 WHERE document_id IN (SELECT value FROM json_each(?1))
                   AND stage IN (SELECT value FROM json_each(?2))",
            )
            .bind(&id_list)
            .bind(&stage_list)
            .fetch_all(&mut *connection)
            .await
            .map_err(db_error)?;
            for row in result_rows {
                let id: String = row.try_get("document_id").map_err(db_error)?;
                let stage: String = row.try_get("stage").map_err(db_error)?;
                let result: String = row.try_get("result").map_err(db_error)?;
                let stage = parse_stage(&stage, &id)?;
                let result: serde_json::Value = decode_json_text(&result, &id, "stage result")?;
                let document_id = parse_document_id(&id)?;
                if let Some(item) = found.get_mut(&document_id) {
                    item.results.insert(stage, result);
                }
            }
        }
        // In the order asked for, each document once.
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    async fn write_results(&self, writes: &[StageWrite]) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(());
        }
        let plan = BatchPlan::of(writes);
        let now = unix_micros();

        // Take the write lock up front: a deferred transaction that upgrades later
        // can fail with SQLITE_BUSY without waiting.
        let mut transaction = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;

        for ((document_id, stage), write) in &plan.results {
            let result = to_json_text(&write.result, document_id)?;
            sqlx::query(UPSERT_RESULT)
                .bind(*document_id)
                .bind(stage.as_str())
                .bind(result)
                .bind(now)
                .execute(&mut *transaction)
                .await
                .map_err(db_error)?;
        }

        for (document_id, record) in &plan.studies {
            let summary = StudySummary::of(record);
            let counts = summary.verdict_counts;
            let optional_count = |value: Option<u64>, what: &str| {
                value.map(|count| to_sql_count(count, what)).transpose()
            };
            sqlx::query(UPSERT_STUDY)
                .bind(*document_id)
                .bind(&summary.source)
                .bind(to_json_text(&summary.registry_ids, document_id)?)
                .bind(to_json_text(&summary.conditions, document_id)?)
                .bind(to_json_text(&summary.interventions, document_id)?)
                .bind(to_json_text(&summary.design_flags, document_id)?)
                .bind(optional_count(summary.enrolled, "enrolled")?)
                .bind(optional_count(summary.randomized, "randomized")?)
                .bind(optional_count(summary.analyzed, "analyzed")?)
                .bind(i64::from(counts.consistent))
                .bind(i64::from(counts.inconsistent))
                .bind(i64::from(counts.decision_error))
                .bind(i64::from(counts.not_checkable))
                .bind(to_json_text(record, document_id)?)
                .bind(now)
                .execute(&mut *transaction)
                .await
                .map_err(db_error)?;
        }

        for (document_id, stage) in &plan.progress {
            let status = DocumentStatus::after(*stage);
            sqlx::query(MOVE_DOCUMENT)
                .bind(*document_id)
                .bind(status.as_str())
                .bind(stage.as_str())
                .bind(status_rank(status))
                .bind(now)
                .execute(&mut *transaction)
                .await
                .map_err(db_error)?;
        }

        transaction.commit().await.map_err(db_error)
    }

    async fn record_failure(
        &self,
        id: &DocumentId,
        stage: Stage,
        error: &str,
        permanent: bool,
    ) -> Result<(), StoreError> {
        // A validated document keeps its status: its record stays complete even if a
        // redelivered message fails again later.
        sqlx::query(
            "UPDATE documents
             SET attempts = attempts + 1,
                 last_error = ?2,
                 stage = ?3,
                 status = CASE WHEN ?4 AND status <> 'validated' THEN 'failed' ELSE status END,
                 updated_at = ?5
             WHERE id = ?1",
        )
        .bind(id.as_str())
        .bind(error)
        .bind(stage.as_str())
        .bind(permanent)
        .bind(unix_micros())
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn study(&self, id: &DocumentId) -> Result<Option<StudyRecord>, StoreError> {
        let record: Option<String> =
            sqlx::query_scalar("SELECT record FROM studies WHERE document_id = ?1")
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        record.map(|record| decode_json_text(&record, id.as_str(), "study record")).transpose()
    }

    async fn search(&self, query: &SearchQuery) -> Result<Page<StudySummary>, StoreError> {
        let (offset, limit) = page_bounds(query.page);
        let mut sql = QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT s.document_id, s.source, s.registry_ids, s.conditions, s.interventions,
                    s.design_flags, s.enrolled, s.randomized, s.analyzed,
                    s.consistent, s.inconsistent, s.decision_error, s.not_checkable
             FROM studies s
             WHERE 1",
        );
        if let Some(registry_id) = &query.registry_id {
            // Identifiers keep their registry's casing (ChiCTR...); users type them any way.
            sql.push(
                " AND EXISTS (SELECT 1 FROM json_each(s.registry_ids) AS r WHERE upper(r.value) = upper(",
            );
            sql.push_bind(registry_id);
            sql.push("))");
        }
        if let Some(condition) = &query.condition {
            sql.push(
                " AND EXISTS (SELECT 1 FROM json_each(s.conditions) AS c
                              WHERE instr(lower(c.value), lower(",
            );
            sql.push_bind(condition);
            sql.push(")) > 0)");
        }
        if let Some(intervention) = &query.intervention {
            sql.push(
                " AND EXISTS (SELECT 1 FROM json_each(s.interventions) AS i
                              WHERE instr(lower(i.value), lower(",
            );
            sql.push_bind(intervention);
            sql.push(")) > 0)");
        }
        if let Some(text) = &query.text {
            sql.push(
                " AND EXISTS (SELECT 1 FROM documents d
                              WHERE d.id = s.document_id AND instr(lower(d.text), lower(",
            );
            sql.push_bind(text);
            sql.push(")) > 0)");
        }
        match query.has_inconsistencies {
            Some(true) => {
                sql.push(" AND s.inconsistent + s.decision_error > 0");
            }
            Some(false) => {
                sql.push(" AND s.inconsistent + s.decision_error = 0");
            }
            None => {}
        }
        if !query.design_flags.is_empty() {
            sql.push(" AND NOT EXISTS (SELECT 1 FROM json_each(");
            sql.push_bind(to_json_text(&query.design_flags, "search")?);
            sql.push(
                ") AS wanted
                  WHERE wanted.value NOT IN (SELECT f.value FROM json_each(s.design_flags) AS f))",
            );
        }
        sql.push(" ORDER BY s.validated_at DESC, s.document_id LIMIT ");
        sql.push_bind(i64::from(limit) + 1);
        sql.push(" OFFSET ");
        sql.push_bind(offset);

        let rows = sql.build().fetch_all(&self.pool).await.map_err(db_error)?;
        let summaries = rows.iter().map(study_summary).collect::<Result<Vec<_>, _>>()?;
        Ok(into_page(summaries, query.page, limit))
    }

    async fn findings(
        &self,
        verdict: Verdict,
        page: PageRequest,
    ) -> Result<Page<DocumentFinding>, StoreError> {
        let (offset, limit) = page_bounds(page);
        // The count column prunes studies without such findings before their records are unpacked.
        let rows = sqlx::query(
            "SELECT s.document_id, s.source, finding.value AS finding
             FROM studies s, json_each(s.record, '$.findings') AS finding
             WHERE CASE ?1
                       WHEN 'consistent' THEN s.consistent
                       WHEN 'inconsistent' THEN s.inconsistent
                       WHEN 'decision_error' THEN s.decision_error
                       ELSE s.not_checkable
                   END > 0
               AND json_extract(finding.value, '$.verdict') = ?1
             ORDER BY s.validated_at DESC, s.document_id, finding.key
             LIMIT ?2 OFFSET ?3",
        )
        .bind(verdict.as_str())
        .bind(i64::from(limit) + 1)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;

        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get("document_id").map_err(db_error)?;
            let finding: String = row.try_get("finding").map_err(db_error)?;
            let finding: Finding = decode_json_text(&finding, &id, "finding")?;
            items.push(DocumentFinding {
                document_id: parse_document_id(&id)?,
                source: row.try_get("source").map_err(db_error)?,
                finding,
            });
        }
        Ok(into_page(items, page, limit))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map_err(db_error)?;
        Ok(())
    }
}
