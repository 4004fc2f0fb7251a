//! The distributed store: Postgres through sqlx.
//!
//! Connect through the server's Unix socket
//! (`postgres:///trialsift?host=/var/run/postgresql&port=5432&user=trialsift`):
//! sqlx 0.9 does not set `TCP_NODELAY`, and over TCP small writes were seen
//! to stall about 40 ms each (sqlx issue 4335). A TCP URL
//! (`postgres://user:password@host:5432/trialsift`) works, but measure it first.
//!
//! Every batch write is one statement (data-modifying CTEs over `UNNEST`ed
//! arrays), so a batch costs one round trip and commits atomically. Rows are
//! written in document-id order so that concurrent batches lock in the same
//! order. Read-only access sets `default_transaction_read_only = on` in the
//! startup options of every pooled connection.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{Connection as _, QueryBuilder, Row};
use trialsift_domain::{DocumentId, Finding, Stage, StudyRecord, Verdict, VerdictCounts};

use crate::{
    Access, BatchPlan, DocumentFinding, DocumentState, Inserted, NewDocument, Page, PageRequest,
    PoolSettings, SearchQuery, StageWrite, StateColumns, Store, StoreError, StudySummary, WorkItem,
    decode_json, from_sql_count, into_page, map_migrate_error, map_sqlx_error, page_bounds,
    parse_document_id, parse_stage, parse_status, status_rank, to_sql_count,
};

/// The embedded Postgres migrations (`migrations/postgres`).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections a pool keeps open at most unless told otherwise.
const DEFAULT_MAX_CONNECTIONS: u32 = 10;

/// How long a pooled connection may sit idle before it is pinged before use.
const STALE_AFTER: Duration = Duration::from_secs(10);

/// The store on a Postgres database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// Tells whether a Postgres SQLSTATE is worth retrying later.
fn is_transient_code(code: &str) -> bool {
    code.starts_with("08") // connection exception
        || code.starts_with("53") // insufficient resources: too many connections, disk full
        || code.starts_with("57P") // admin or crash shutdown, cannot connect now
        || code == "40001" // serialization failure
        || code == "40P01" // deadlock detected
}

/// Maps a sqlx error from Postgres to a store error.
fn db_error(error: sqlx::Error) -> StoreError {
    map_sqlx_error(error, is_transient_code)
}

impl PostgresStore {
    /// Connects with default pool settings; migrates in [`Access::ReadWrite`] mode.
    pub async fn connect(url: &str, access: Access) -> Result<Self, StoreError> {
        Self::connect_with(url, access, &PoolSettings::default()).await
    }

    /// Connects with explicit pool settings; migrates in [`Access::ReadWrite`] mode.
    pub async fn connect_with(
        url: &str,
        access: Access,
        settings: &PoolSettings,
    ) -> Result<Self, StoreError> {
        let mut options = PgConnectOptions::from_str(url).map_err(db_error)?;
        if options.get_application_name().is_none() {
            options = options.application_name("trialsift");
        }
        if access == Access::ReadOnly {
            options = options.options([("default_transaction_read_only", "on")]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS))
            .acquire_timeout(settings.acquire_timeout)
            // sqlx pings every connection it hands out, one more round trip per query:
            // ping only connections that sat idle long enough to have gone stale. A
            // connection that broke anyway fails its query as `Unavailable`.
            .test_before_acquire(false)
            .before_acquire(|connection, metadata| {
                Box::pin(async move {
                    if metadata.idle_for >= STALE_AFTER {
                        connection.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(db_error)?;
        let store = Self { pool };
        if access == Access::ReadWrite {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Wraps an existing pool; the caller is responsible for migrations and access mode.
    pub fn from_pool(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Applies the pending migrations (safe to run from several processes at once).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await.map_err(|error| map_migrate_error(error, is_transient_code))
    }

    /// Returns the connection pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Reads the columns of a `documents` row that make a state.
fn state_columns(row: &PgRow) -> Result<StateColumns, sqlx::Error> {
    Ok(StateColumns {
        id: row.try_get("id")?,
        source: row.try_get("source")?,
        status: row.try_get("status")?,
        stage: row.try_get("stage")?,
        attempts: i64::from(row.try_get::<i32, _>("attempts")?),
        last_error: row.try_get("last_error")?,
    })
}

/// Reads a stored verdict count.
fn verdict_count(row: &PgRow, column: &str, document_id: &str) -> Result<u32, StoreError> {
    let value: i32 = row.try_get(column).map_err(db_error)?;
    u32::try_from(value).map_err(|_| StoreError::Corrupt {
        document_id: document_id.to_owned(),
        message: format!("negative {column} count {value}"),
    })
}

/// Reads an optional stored participant count.
fn participant_count(
    row: &PgRow,
    column: &str,
    document_id: &str,
) -> Result<Option<u64>, StoreError> {
    let value: Option<i64> = row.try_get(column).map_err(db_error)?;
    value.map(|count| from_sql_count(count, column, document_id)).transpose()
}

/// Reads a `studies` row into a summary.
fn study_summary(row: &PgRow) -> Result<StudySummary, StoreError> {
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
        registry_ids: row.try_get("registry_ids").map_err(db_error)?,
        conditions: row.try_get("conditions").map_err(db_error)?,
        interventions: row.try_get("interventions").map_err(db_error)?,
        enrolled: participant_count(row, "enrolled", &id)?,
        randomized: participant_count(row, "randomized", &id)?,
        analyzed: participant_count(row, "analyzed", &id)?,
        design_flags: row.try_get("design_flags").map_err(db_error)?,
        verdict_counts,
    })
}

/// Turns a list of strings into the jsonb array the batched study insert unpacks.
fn json_strings(values: &[String]) -> serde_json::Value {
    serde_json::Value::Array(values.iter().cloned().map(serde_json::Value::String).collect())
}

/// Converts a verdict count to the stored integer.
fn to_sql_verdict_count(value: u32) -> Result<i32, StoreError> {
    i32::try_from(value)
        .map_err(|_| StoreError::Database(format!("finding count {value} is out of range")))
}

/// The `studies` columns of a batch, one array per column, in document-id order.
#[derive(Default)]
struct StudyColumns {
    document_ids: Vec<String>,
    sources: Vec<String>,
    registry_ids: Vec<serde_json::Value>,
    conditions: Vec<serde_json::Value>,
    interventions: Vec<serde_json::Value>,
    design_flags: Vec<serde_json::Value>,
    enrolled: Vec<Option<i64>>,
    randomized: Vec<Option<i64>>,
    analyzed: Vec<Option<i64>>,
    consistent: Vec<i32>,
    inconsistent: Vec<i32>,
    decision_error: Vec<i32>,
    not_checkable: Vec<i32>,
    records: Vec<serde_json::Value>,
}

impl StudyColumns {
    /// Adds one study record.
    fn push(&mut self, record: &StudyRecord) -> Result<(), StoreError> {
        let summary = StudySummary::of(record);
        let record_json = serde_json::to_value(record).map_err(|error| {
            StoreError::Database(format!(
                "cannot encode the study record of {}: {error}",
                record.document_id
            ))
        })?;
        let optional_count = |value: Option<u64>, what: &str| {
            value.map(|count| to_sql_count(count, what)).transpose()
        };
        self.enrolled.push(optional_count(summary.enrolled, "enrolled")?);
        self.randomized.push(optional_count(summary.randomized, "randomized")?);
        self.analyzed.push(optional_count(summary.analyzed, "analyzed")?);
        self.consistent.push(to_sql_verdict_count(summary.verdict_counts.consistent)?);
        self.inconsistent.push(to_sql_verdict_count(summary.verdict_counts.inconsistent)?);
        self.decision_error.push(to_sql_verdict_count(summary.verdict_counts.decision_error)?);
        self.not_checkable.push(to_sql_verdict_count(summary.verdict_counts.not_checkable)?);
        self.document_ids.push(summary.document_id.as_str().to_owned());
        self.sources.push(summary.source);
        self.registry_ids.push(json_strings(&summary.registry_ids));
        self.conditions.push(json_strings(&summary.conditions));
        self.interventions.push(json_strings(&summary.interventions));
        self.design_flags.push(json_strings(&summary.design_flags));
        self.records.push(record_json);
        Ok(())
    }
}

/// One statement for a whole batch: stage results, study records and document progress.
///
/// The document update only moves a status forward: the stored status's rank
/// (the `CASE`, which must agree with `status_rank`) is compared with the rank
/// of the status the write brings.
const WRITE_BATCH: &str = r#"
WITH written_results AS (
    INSERT INTO stage_results (document_id, stage, result, updated_at)
    SELECT batch.document_id, batch.stage, batch.result, now()
    FROM UNNEST($1::text[], $2::text[], $3::jsonb[]) AS batch(document_id, stage, result)
    ON CONFLICT (document_id, stage) DO UPDATE
        SET result = EXCLUDED.result, updated_at = EXCLUDED.updated_at
    RETURNING 1
),
written_studies AS (
    INSERT INTO studies (
        document_id, source, registry_ids, conditions, interventions, design_flags,
        enrolled, randomized, analyzed,
        consistent, inconsistent, decision_error, not_checkable,
        record, validated_at
    )
    SELECT batch.document_id, batch.source,
           trialsift_text_array(batch.registry_ids), trialsift_text_array(batch.conditions),
           trialsift_text_array(batch.interventions), trialsift_text_array(batch.design_flags),
           batch.enrolled, batch.randomized, batch.analyzed,
           batch.consistent, batch.inconsistent, batch.decision_error, batch.not_checkable,
           batch.record, now()
    FROM UNNEST(
        $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::jsonb[],
        $10::int8[], $11::int8[], $12::int8[],
        $13::int4[], $14::int4[], $15::int4[], $16::int4[],
        $17::jsonb[]
    ) AS batch(
        document_id, source, registry_ids, conditions, interventions, design_flags,
        enrolled, randomized, analyzed,
        consistent, inconsistent, decision_error, not_checkable,
        record
    )
    ON CONFLICT (document_id) DO UPDATE SET
        source = EXCLUDED.source,
        registry_ids = EXCLUDED.registry_ids,
        conditions = EXCLUDED.conditions,
        interventions = EXCLUDED.interventions,
        design_flags = EXCLUDED.design_flags,
        enrolled = EXCLUDED.enrolled,
        randomized = EXCLUDED.randomized,
        analyzed = EXCLUDED.analyzed,
        consistent = EXCLUDED.consistent,
        inconsistent = EXCLUDED.inconsistent,
        decision_error = EXCLUDED.decision_error,
        not_checkable = EXCLUDED.not_checkable,
        record = EXCLUDED.record,
        validated_at = CASE WHEN studies.record = EXCLUDED.record
                            THEN studies.validated_at ELSE EXCLUDED.validated_at END
    RETURNING 1
),
moved_documents AS (
    UPDATE documents
    SET status = batch.status, stage = batch.stage, attempts = 0, last_error = NULL, updated_at = now()
    FROM UNNEST($18::text[], $19::text[], $20::text[], $21::int4[])
        AS batch(document_id, stage, status, status_rank)
    WHERE documents.id = batch.document_id
      AND CASE documents.status
              WHEN 'split' THEN 1
              WHEN 'extracted' THEN 2
              WHEN 'validated' THEN 3
              ELSE 0
          END <= batch.status_rank
    RETURNING 1
)
SELECT (SELECT count(*) FROM written_results)
     + (SELECT count(*) FROM written_studies)
     + (SELECT count(*) FROM moved_documents)
"#;

#[async_trait]
impl Store for PostgresStore {
    async fn insert_document(&self, document: &NewDocument) -> Result<Inserted, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO documents (id, source, text) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(document.id.as_str())
        .bind(&document.source)
        .bind(&document.text)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        if inserted.rows_affected() == 1 {
            return Ok(Inserted::Created);
        }
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM documents WHERE id = $1")
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
            "SELECT id, source, status, stage, attempts, last_error FROM documents WHERE id = $1",
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
             ORDER BY updated_at, id LIMIT $1",
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
        let id_strings: Vec<&str> = ids.iter().map(DocumentId::as_str).collect();
        let stage_names: Vec<&str> = stages.iter().map(|stage| stage.as_str()).collect();
        let rows = sqlx::query(
            "SELECT d.id, d.source, d.text, d.status, d.stage, d.attempts, d.last_error,
                    coalesce(
                        jsonb_object_agg(r.stage, r.result) FILTER (WHERE r.stage IS NOT NULL),
                        '{}'::jsonb
                    ) AS results
             FROM documents d
             LEFT JOIN stage_results r ON r.document_id = d.id AND r.stage = ANY($2::text[])
             WHERE d.id = ANY($1::text[])
             GROUP BY d.id",
        )
        .bind(&id_strings)
        .bind(&stage_names)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;

        let mut found: BTreeMap<DocumentId, WorkItem> = BTreeMap::new();
        for row in rows {
            let state = state_columns(&row).map_err(db_error)?.into_state()?;
            let text: String = row.try_get("text").map_err(db_error)?;
            let stored: serde_json::Value = row.try_get("results").map_err(db_error)?;
            let serde_json::Value::Object(stored) = stored else {
                return Err(StoreError::Database(
                    "stage results did not aggregate to an object".to_owned(),
                ));
            };
            let mut results = BTreeMap::new();
            for (stage, result) in stored {
                results.insert(parse_stage(&stage, state.id.as_str())?, result);
            }
            found.insert(state.id.clone(), WorkItem { state, text, results });
        }
        // In the order asked for, each document once.
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    async fn write_results(&self, writes: &[StageWrite]) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(());
        }
        let plan = BatchPlan::of(writes);

        let mut result_ids = Vec::with_capacity(plan.results.len());
        let mut result_stages = Vec::with_capacity(plan.results.len());
        let mut result_values = Vec::with_capacity(plan.results.len());
        for ((document_id, stage), write) in &plan.results {
            result_ids.push(*document_id);
            result_stages.push(stage.as_str());
            result_values.push(&write.result);
        }

        let mut studies = StudyColumns::default();
        for record in plan.studies.values() {
            studies.push(record)?;
        }

        let mut progress_ids = Vec::with_capacity(plan.progress.len());
        let mut progress_stages = Vec::with_capacity(plan.progress.len());
        let mut progress_statuses = Vec::with_capacity(plan.progress.len());
        let mut progress_ranks = Vec::with_capacity(plan.progress.len());
        for (document_id, stage) in &plan.progress {
            let status = trialsift_domain::DocumentStatus::after(*stage);
            progress_ids.push(*document_id);
            progress_stages.push(stage.as_str());
            progress_statuses.push(status.as_str());
            progress_ranks.push(status_rank(status));
        }

        sqlx::query(WRITE_BATCH)
            .bind(&result_ids)
            .bind(&result_stages)
            .bind(&result_values)
            .bind(&studies.document_ids)
            .bind(&studies.sources)
            .bind(&studies.registry_ids)
            .bind(&studies.conditions)
            .bind(&studies.interventions)
            .bind(&studies.design_flags)
            .bind(&studies.enrolled)
            .bind(&studies.randomized)
            .bind(&studies.analyzed)
            .bind(&studies.consistent)
            .bind(&studies.inconsistent)
            .bind(&studies.decision_error)
            .bind(&studies.not_checkable)
            .bind(&studies.records)
            .bind(&progress_ids)
            .bind(&progress_stages)
            .bind(&progress_statuses)
            .bind(&progress_ranks)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
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
                 last_error = $2,
                 stage = $3,
                 status = CASE WHEN $4 AND status <> 'validated' THEN 'failed' ELSE status END,
                 updated_at = now()
             WHERE id = $1",
        )
        .bind(id.as_str())
        .bind(error)
        .bind(stage.as_str())
        .bind(permanent)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn study(&self, id: &DocumentId) -> Result<Option<StudyRecord>, StoreError> {
        let record: Option<serde_json::Value> =
            sqlx::query_scalar("SELECT record FROM studies WHERE document_id = $1")
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        record.map(|record| decode_json(record, id.as_str(), "study record")).transpose()
    }

    async fn search(&self, query: &SearchQuery) -> Result<Page<StudySummary>, StoreError> {
        let (offset, limit) = page_bounds(query.page);
        let mut sql = QueryBuilder::<sqlx::Postgres>::new(
            "SELECT s.document_id, s.source, s.registry_ids, s.conditions, s.interventions,
                    s.design_flags, s.enrolled, s.randomized, s.analyzed,
                    s.consistent, s.inconsistent, s.decision_error, s.not_checkable
             FROM studies s
             WHERE TRUE",
        );
        if let Some(registry_id) = &query.registry_id {
            // Identifiers keep their registry's casing (ChiCTR...); users type them any way.
            sql.push(" AND EXISTS (SELECT 1 FROM unnest(s.registry_ids) AS r(value) WHERE upper(r.value) = upper(");
            sql.push_bind(registry_id);
            sql.push("::text))");
        }
        if let Some(condition) = &query.condition {
            sql.push(
                " AND EXISTS (SELECT 1 FROM unnest(s.conditions) AS c(value)
                              WHERE strpos(lower(c.value), lower(",
            );
            sql.push_bind(condition);
            sql.push("::text)) > 0)");
        }
        if let Some(intervention) = &query.intervention {
            sql.push(
                " AND EXISTS (SELECT 1 FROM unnest(s.interventions) AS i(value)
                              WHERE strpos(lower(i.value), lower(",
            );
            sql.push_bind(intervention);
            sql.push("::text)) > 0)");
        }
        if let Some(text) = &query.text {
            sql.push(
                " AND EXISTS (SELECT 1 FROM documents d
                              WHERE d.id = s.document_id AND strpos(lower(d.text), lower(",
            );
            sql.push_bind(text);
            sql.push("::text)) > 0)");
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
            sql.push(" AND s.design_flags @> ");
            sql.push_bind(&query.design_flags);
            sql.push("::text[]");
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
             FROM studies s
             CROSS JOIN LATERAL jsonb_array_elements(s.record -> 'findings')
                 WITH ORDINALITY AS finding(value, position)
             WHERE CASE $1::text
                       WHEN 'consistent' THEN s.consistent
                       WHEN 'inconsistent' THEN s.inconsistent
                       WHEN 'decision_error' THEN s.decision_error
                       ELSE s.not_checkable
                   END > 0
               AND finding.value ->> 'verdict' = $1::text
             ORDER BY s.validated_at DESC, s.document_id, finding.position
             LIMIT $2 OFFSET $3",
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
            let finding: serde_json::Value = row.try_get("finding").map_err(db_error)?;
            let finding: Finding = decode_json(finding, &id, "finding")?;
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
