//! The store contract, written once and run against both backends: SQLite on a
//! temporary file and Postgres on a throwaway cluster (one per test binary, a
//! fresh database per test, reached through its Unix socket).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use serde_json::json;
use trialsift_domain::{
    Design, DocumentId, DocumentStatus, Extraction, Finding, Interval, Population, Segment,
    SegmentKind, SplitResult, Stage, Study, StudyRecord, Validation, Verdict,
};
use trialsift_store::postgres::PostgresStore;
use trialsift_store::sqlite::SqliteStore;
use trialsift_store::{
    Access, DocumentState, Inserted, NewDocument, PageRequest, PoolSettings, SearchQuery,
    StageWrite, Store, StoreError, StudySummary,
};
use trialsift_testkit::postgres::PostgresServer;

// ---------------------------------------------------------------------------
// Backends

/// Direct access to the database under a store, for what the trait does not show.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A store under test, with its URL and the raw pool beside it.
struct TestStore {
    store: Arc<dyn Store>,
    url: String,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
}

impl TestStore {
    /// Counts a document's rows in `stage_results` and `studies`.
    async fn row_counts(&self, id: &DocumentId) -> (i64, i64) {
        match &self.raw {
            Raw::Sqlite(pool) => {
                let results: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM stage_results WHERE document_id = ?1")
                        .bind(id.as_str())
                        .fetch_one(pool)
                        .await
                        .expect("count stage results");
                let studies: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM studies WHERE document_id = ?1")
                        .bind(id.as_str())
                        .fetch_one(pool)
                        .await
                        .expect("count studies");
                (results, studies)
            }
            Raw::Postgres(pool) => {
                let results: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM stage_results WHERE document_id = $1")
                        .bind(id.as_str())
                        .fetch_one(pool)
                        .await
                        .expect("count stage results");
                let studies: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM studies WHERE document_id = $1")
                        .bind(id.as_str())
                        .fetch_one(pool)
                        .await
                        .expect("count studies");
                (results, studies)
            }
        }
    }

    /// Overwrites a study's stored record with valid JSON of the wrong shape.
    async fn corrupt_record(&self, id: &DocumentId) {
        match &self.raw {
            Raw::Sqlite(pool) => {
                sqlx::query(
                    "UPDATE studies SET record = '{\"unexpected\": true}' WHERE document_id = ?1",
                )
                .bind(id.as_str())
                .execute(pool)
                .await
                .expect("corrupt record");
            }
            Raw::Postgres(pool) => {
                sqlx::query(
                    "UPDATE studies SET record = '{\"unexpected\": true}'::jsonb WHERE document_id = $1",
                )
                .bind(id.as_str())
                .execute(pool)
                .await
                .expect("corrupt record");
            }
        }
    }
}

/// Opens a fresh SQLite store on a temporary file.
async fn sqlite_store(_name: &str) -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let store = SqliteStore::connect(&url, Access::ReadWrite).await.expect("open sqlite store");
    let raw = Raw::Sqlite(store.pool().clone());
    TestStore { store: Arc::new(store), url, raw, _dir: Some(dir) }
}

/// The Postgres cluster of this test binary, started on first use.
static POSTGRES: LazyLock<Result<PostgresServer, String>> =
    LazyLock::new(|| PostgresServer::start().map_err(|error| error.to_string()));

/// Numbers the databases of this test binary.
static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

/// Returns the shared cluster, failing the test if it cannot start.
fn postgres_server() -> &'static PostgresServer {
    match &*POSTGRES {
        Ok(server) => server,
        Err(error) => panic!("cannot start postgres for the tests: {error}"),
    }
}

/// Creates a fresh database on the shared cluster and opens a store on it.
async fn postgres_store(name: &str) -> TestStore {
    let url = fresh_postgres_database(name);
    let store = PostgresStore::connect(&url, Access::ReadWrite).await.expect("open postgres store");
    let raw = Raw::Postgres(store.pool().clone());
    TestStore { store: Arc::new(store), url, raw, _dir: None }
}

/// Creates a fresh, empty database named after the test and returns its URL.
fn fresh_postgres_database(name: &str) -> String {
    let number = NEXT_DATABASE.fetch_add(1, Ordering::SeqCst);
    let prefix: String = name.chars().take(48).collect();
    postgres_server().create_database(&format!("{prefix}_{number}")).expect("create database")
}

/// Runs each contract test against both backends.
macro_rules! contract {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    let store = super::sqlite_store(stringify!($test)).await;
                    super::$test(&store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    let store = super::postgres_store(stringify!($test)).await;
                    super::$test(&store).await;
                }
            )*
        }
    };
}

contract!(
    unfinished_lists_documents_still_in_the_pipeline,
    insert_twice_reports_existing,
    load_work_batches_and_skips_unknown_ids,
    write_results_is_idempotent,
    write_results_keeps_the_last_of_duplicates_in_a_batch,
    write_results_for_an_unknown_document_writes_nothing,
    status_never_regresses,
    failed_document_moves_on_after_success,
    record_failure_counts_attempts_and_marks_failed,
    study_round_trips_and_reports_corruption,
    search_filters,
    search_pages,
    findings_by_verdict,
    read_only_access_refuses_writes,
    ping_answers,
);

// ---------------------------------------------------------------------------
// Fixtures

/// A document with its id computed from its text.
fn document(text: &str) -> NewDocument {
    NewDocument {
        id: DocumentId::for_text(text),
        source: format!("test:{}", text.chars().take(12).collect::<String>()),
        text: text.to_owned(),
    }
}

/// A finding of the given verdict.
fn finding(check: &str, verdict: Verdict) -> Finding {
    Finding {
        check: check.to_owned(),
        verdict,
        reported: "8/19 (42.0%)".to_owned(),
        recomputed: vec![Interval { name: "percent".to_owned(), low: 42.1, high: 42.15 }],
        explanation: format!("{check} is {}", verdict.as_str()),
        spans: vec![[10, 22], [30, 35]],
    }
}

/// What a test study is about.
struct StudySpec<'a> {
    registry_ids: &'a [&'a str],
    conditions: &'a [&'a str],
    interventions: &'a [&'a str],
    design: Design,
    enrolled: Option<u64>,
    verdicts: &'a [Verdict],
}

/// Builds a validated study record by hand.
fn record(document: &NewDocument, spec: &StudySpec<'_>) -> StudyRecord {
    let strings = |values: &[&str]| values.iter().map(|value| (*value).to_owned()).collect();
    let study = Study {
        registry_ids: strings(spec.registry_ids),
        population: Population {
            enrolled: spec.enrolled,
            randomized: None,
            analyzed: spec.enrolled.map(|n| n - 1),
            ..Population::default()
        },
        design: spec.design.clone(),
        conditions: strings(spec.conditions),
        interventions: strings(spec.interventions),
        ..Study::default()
    };
    let split = SplitResult {
        segments: vec![Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Body,
            start: 0,
            end: document.text.len(),
            pair: None,
        }],
    };
    let findings = spec
        .verdicts
        .iter()
        .enumerate()
        .map(|(index, verdict)| finding(&format!("check_{index}"), *verdict))
        .collect();
    StudyRecord::assemble(
        document.id.clone(),
        document.source.clone(),
        split,
        Extraction { study, ..Extraction::default() },
        Validation { findings },
    )
}

/// A stage write without a study record.
fn stage_write(document: &NewDocument, stage: Stage, result: serde_json::Value) -> StageWrite {
    StageWrite { document_id: document.id.clone(), stage, result, study: None }
}

/// The validator's write for a study record.
fn validate_write(record: &StudyRecord) -> StageWrite {
    StageWrite {
        document_id: record.document_id.clone(),
        stage: Stage::Validate,
        result: json!({ "findings": record.findings.len() }),
        study: Some(record.clone()),
    }
}

/// Inserts a document and takes it through all three stages, one write call per stage.
async fn run_pipeline(store: &dyn Store, document: &NewDocument, record: &StudyRecord) {
    store.insert_document(document).await.expect("insert");
    store
        .write_results(&[stage_write(document, Stage::Split, json!({ "segments": 1 }))])
        .await
        .expect("split");
    store
        .write_results(&[stage_write(document, Stage::Extract, json!({ "statements": 0 }))])
        .await
        .expect("extract");
    store.write_results(&[validate_write(record)]).await.expect("validate");
}

/// Returns a document's state, which must exist.
async fn state(store: &dyn Store, id: &DocumentId) -> DocumentState {
    store.document_state(id).await.expect("document state").expect("document exists")
}

/// Three validated studies, written oldest (A) to newest (C).
struct Corpus {
    a: StudyRecord,
    b: StudyRecord,
    c: StudyRecord,
}

/// Writes the three studies the search and findings tests read.
async fn corpus(store: &dyn Store) -> Corpus {
    let doc_a =
        document("Nintedanib in systemic sclerosis, a randomized double-blind trial. NCT03171194.");
    let doc_b =
        document("Belimumab in systemic lupus erythematosus: an open-label randomized study.");
    let doc_c =
        document("Tocilizumab in diffuse cutaneous systemic sclerosis with historical controls.");
    let a = record(
        &doc_a,
        &StudySpec {
            registry_ids: &["NCT03171194"],
            conditions: &["Systemic sclerosis"],
            interventions: &["Nintedanib"],
            design: Design {
                randomized: Some(true),
                blinding: Some("double".to_owned()),
                control: Some("placebo".to_owned()),
                phase: Some("2".to_owned()),
                ..Design::default()
            },
            enrolled: Some(19),
            verdicts: &[Verdict::Consistent, Verdict::Inconsistent],
        },
    );
    let b = record(
        &doc_b,
        &StudySpec {
            registry_ids: &["ISRCTN12345678", "ChiCTR2000029609"],
            conditions: &["Systemic lupus erythematosus"],
            interventions: &["Belimumab"],
            design: Design {
                randomized: Some(true),
                blinding: Some("open".to_owned()),
                ..Design::default()
            },
            enrolled: None,
            verdicts: &[Verdict::Consistent],
        },
    );
    let c = record(
        &doc_c,
        &StudySpec {
            registry_ids: &[],
            conditions: &["Diffuse cutaneous systemic sclerosis"],
            interventions: &["Tocilizumab"],
            design: Design {
                randomized: Some(false),
                control: Some("historical".to_owned()),
                ..Design::default()
            },
            enrolled: Some(29),
            verdicts: &[Verdict::DecisionError, Verdict::NotCheckable],
        },
    );
    run_pipeline(store, &doc_a, &a).await;
    run_pipeline(store, &doc_b, &b).await;
    run_pipeline(store, &doc_c, &c).await;
    Corpus { a, b, c }
}

/// The document ids of a search's page, in order.
async fn search_ids(store: &dyn Store, query: SearchQuery) -> Vec<DocumentId> {
    let page = store.search(&query).await.expect("search");
    page.items.into_iter().map(|summary| summary.document_id).collect()
}

// ---------------------------------------------------------------------------
// The contract

async fn insert_twice_reports_existing(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("A randomized trial of something, reported twice.");
    assert_eq!(store.insert_document(&doc).await.expect("first insert"), Inserted::Created);
    assert_eq!(
        store.insert_document(&doc).await.expect("second insert"),
        Inserted::Existing(DocumentStatus::Submitted)
    );
    assert_eq!(
        state(store, &doc.id).await,
        DocumentState {
            id: doc.id.clone(),
            source: doc.source.clone(),
            status: DocumentStatus::Submitted,
            stage: None,
            attempts: 0,
            last_error: None,
        }
    );

    store.write_results(&[stage_write(&doc, Stage::Split, json!([]))]).await.expect("split");
    let again = NewDocument { source: "another client".to_owned(), ..doc.clone() };
    assert_eq!(
        store.insert_document(&again).await.expect("third insert"),
        Inserted::Existing(DocumentStatus::Split)
    );
    assert_eq!(
        state(store, &doc.id).await.source,
        doc.source,
        "an existing document is never overwritten"
    );

    let unknown = DocumentId::for_text("never submitted");
    assert_eq!(store.document_state(&unknown).await.expect("state of unknown"), None);
}

async fn load_work_batches_and_skips_unknown_ids(test: &TestStore) {
    let store = test.store.as_ref();
    let doc_a = document("First document of the batch, with Chinese: 结果显示.");
    let doc_b = document("Second document of the batch.");
    store.insert_document(&doc_a).await.expect("insert a");
    store.insert_document(&doc_b).await.expect("insert b");
    store
        .write_results(&[
            stage_write(&doc_a, Stage::Split, json!({ "segments": ["a"] })),
            stage_write(&doc_b, Stage::Split, json!({ "segments": ["b"] })),
            stage_write(&doc_a, Stage::Extract, json!({ "statements": [1, 2] })),
        ])
        .await
        .expect("write batch");

    let unknown = DocumentId::for_text("unknown");
    let items = store
        .load_work(&[doc_b.id.clone(), unknown, doc_a.id.clone()], &[Stage::Split, Stage::Extract])
        .await
        .expect("load work");
    assert_eq!(items.len(), 2, "unknown ids are left out");
    assert_eq!(items[0].state.id, doc_b.id, "documents come in the order asked for");
    assert_eq!(items[0].text, doc_b.text);
    assert_eq!(items[0].results.len(), 1);
    assert_eq!(items[0].results[&Stage::Split], json!({ "segments": ["b"] }));
    assert_eq!(items[1].state.id, doc_a.id);
    assert_eq!(items[1].text, doc_a.text);
    assert_eq!(items[1].state.status, DocumentStatus::Extracted);
    assert_eq!(items[1].results[&Stage::Split], json!({ "segments": ["a"] }));
    assert_eq!(items[1].results[&Stage::Extract], json!({ "statements": [1, 2] }));

    let split_only = store
        .load_work(std::slice::from_ref(&doc_a.id), &[Stage::Split])
        .await
        .expect("load split only");
    assert_eq!(split_only.len(), 1);
    assert_eq!(split_only[0].results.keys().copied().collect::<Vec<_>>(), vec![Stage::Split]);

    let no_stages =
        store.load_work(std::slice::from_ref(&doc_a.id), &[]).await.expect("load without stages");
    assert!(no_stages[0].results.is_empty());
    assert!(store.load_work(&[], &[Stage::Split]).await.expect("load nothing").is_empty());
}

async fn write_results_is_idempotent(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("Redelivered: the same batch arrives twice.");
    let study = record(
        &doc,
        &StudySpec {
            registry_ids: &["NCT00000001"],
            conditions: &["Scleroderma"],
            interventions: &["Placebo"],
            design: Design::default(),
            enrolled: Some(20),
            verdicts: &[Verdict::Inconsistent],
        },
    );
    store.insert_document(&doc).await.expect("insert");
    let batch = [
        stage_write(&doc, Stage::Split, json!({ "segments": 3 })),
        stage_write(&doc, Stage::Extract, json!({ "statements": 2 })),
        validate_write(&study),
    ];
    store.write_results(&batch).await.expect("first write");
    let first_search = store.search(&SearchQuery::default()).await.expect("search");
    store.write_results(&batch).await.expect("second write");

    assert_eq!(test.row_counts(&doc.id).await, (3, 1), "one row per stage and one study");
    assert_eq!(store.study(&doc.id).await.expect("study"), Some(study.clone()));
    let second_search = store.search(&SearchQuery::default()).await.expect("search");
    assert_eq!(second_search.items, first_search.items);
    assert_eq!(second_search.items, vec![StudySummary::of(&study)]);
    let state = state(store, &doc.id).await;
    assert_eq!(state.status, DocumentStatus::Validated);
    assert_eq!(state.stage, Some(Stage::Validate));
}

async fn write_results_keeps_the_last_of_duplicates_in_a_batch(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("A batch that carries the same document twice.");
    store.insert_document(&doc).await.expect("insert");
    store
        .write_results(&[
            stage_write(&doc, Stage::Split, json!("first")),
            stage_write(&doc, Stage::Extract, json!("extracted")),
            stage_write(&doc, Stage::Split, json!("second")),
        ])
        .await
        .expect("write batch with duplicates");
    assert_eq!(test.row_counts(&doc.id).await, (2, 0));
    let items = store.load_work(std::slice::from_ref(&doc.id), &Stage::ALL).await.expect("load");
    assert_eq!(items[0].results[&Stage::Split], json!("second"));
    assert_eq!(items[0].state.status, DocumentStatus::Extracted, "the furthest stage wins");
}

async fn write_results_for_an_unknown_document_writes_nothing(test: &TestStore) {
    let store = test.store.as_ref();
    let known = document("A document the gateway accepted.");
    let unknown = document("A document nobody submitted.");
    store.insert_document(&known).await.expect("insert");
    let outcome = store
        .write_results(&[
            stage_write(&known, Stage::Split, json!(1)),
            stage_write(&unknown, Stage::Split, json!(2)),
        ])
        .await;
    assert!(matches!(outcome, Err(StoreError::Database(_))), "got {outcome:?}");
    assert_eq!(test.row_counts(&known.id).await, (0, 0), "the batch is one transaction");
    assert_eq!(state(store, &known.id).await.status, DocumentStatus::Submitted);
}

async fn status_never_regresses(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("Validated, then a late split result is redelivered.");
    let study = record(
        &doc,
        &StudySpec {
            registry_ids: &[],
            conditions: &[],
            interventions: &[],
            design: Design::default(),
            enrolled: None,
            verdicts: &[],
        },
    );
    run_pipeline(store, &doc, &study).await;
    assert_eq!(state(store, &doc.id).await.status, DocumentStatus::Validated);

    store
        .write_results(&[stage_write(&doc, Stage::Split, json!({ "late": true }))])
        .await
        .expect("late split");
    let after = state(store, &doc.id).await;
    assert_eq!(after.status, DocumentStatus::Validated);
    assert_eq!(after.stage, Some(Stage::Validate));
    assert_eq!(store.study(&doc.id).await.expect("study"), Some(study));

    store
        .write_results(&[stage_write(&doc, Stage::Extract, json!({ "late": true }))])
        .await
        .expect("late extract");
    assert_eq!(state(store, &doc.id).await.status, DocumentStatus::Validated);
}

async fn failed_document_moves_on_after_success(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("Failed at extraction, then retried by hand.");
    store.insert_document(&doc).await.expect("insert");
    store.write_results(&[stage_write(&doc, Stage::Split, json!(1))]).await.expect("split");
    store
        .record_failure(&doc.id, Stage::Extract, "extractor crashed", true)
        .await
        .expect("failure");
    assert_eq!(state(store, &doc.id).await.status, DocumentStatus::Failed);

    store.write_results(&[stage_write(&doc, Stage::Extract, json!(2))]).await.expect("extract");
    let after = state(store, &doc.id).await;
    assert_eq!(after.status, DocumentStatus::Extracted);
    assert_eq!(after.stage, Some(Stage::Extract));
    assert_eq!(after.attempts, 0);
    assert_eq!(after.last_error, None);
}

async fn unfinished_lists_documents_still_in_the_pipeline(test: &TestStore) {
    let store = test.store.as_ref();
    let waiting = document("A document nobody has split yet.");
    let halfway = document("A document split but not extracted.");
    let broken = document("A document a stage gave up on.");
    for doc in [&waiting, &halfway, &broken] {
        store.insert_document(doc).await.expect("insert");
    }
    store.write_results(&[stage_write(&halfway, Stage::Split, json!(1))]).await.expect("split");
    store.record_failure(&broken.id, Stage::Split, "gave up", true).await.expect("failed");

    let unfinished = store.unfinished(10).await.expect("unfinished answers");
    let mut ids: Vec<_> = unfinished.iter().map(|state| state.id.clone()).collect();
    ids.sort();
    let mut expected = vec![waiting.id.clone(), halfway.id.clone()];
    expected.sort();
    assert_eq!(ids, expected, "failed documents are not re-announced");
    let halfway_state = unfinished.iter().find(|state| state.id == halfway.id).expect("listed");
    assert_eq!(halfway_state.status, DocumentStatus::Split);
    assert_eq!(store.unfinished(1).await.expect("limited").len(), 1);
}

async fn record_failure_counts_attempts_and_marks_failed(test: &TestStore) {
    let store = test.store.as_ref();
    let doc = document("A document the splitter keeps choking on.");
    store.insert_document(&doc).await.expect("insert");

    store.record_failure(&doc.id, Stage::Split, "timeout 1", false).await.expect("failure 1");
    store.record_failure(&doc.id, Stage::Split, "timeout 2", false).await.expect("failure 2");
    let transient = state(store, &doc.id).await;
    assert_eq!(transient.status, DocumentStatus::Submitted);
    assert_eq!(transient.stage, Some(Stage::Split));
    assert_eq!(transient.attempts, 2);
    assert_eq!(transient.last_error.as_deref(), Some("timeout 2"));

    store.record_failure(&doc.id, Stage::Split, "gave up", true).await.expect("failure 3");
    let failed = state(store, &doc.id).await;
    assert_eq!(failed.status, DocumentStatus::Failed);
    assert_eq!(failed.attempts, 3);
    assert_eq!(failed.last_error.as_deref(), Some("gave up"));

    store.write_results(&[stage_write(&doc, Stage::Split, json!(1))]).await.expect("split at last");
    let recovered = state(store, &doc.id).await;
    assert_eq!(recovered.status, DocumentStatus::Split);
    assert_eq!(recovered.attempts, 0);
    assert_eq!(recovered.last_error, None);

    // Unknown documents are ignored rather than invented.
    let unknown = DocumentId::for_text("never submitted");
    store.record_failure(&unknown, Stage::Split, "boom", true).await.expect("failure of unknown");
    assert_eq!(store.document_state(&unknown).await.expect("state"), None);
}

async fn study_round_trips_and_reports_corruption(test: &TestStore) {
    let store = test.store.as_ref();
    let corpus = corpus(store).await;
    for expected in [&corpus.a, &corpus.b, &corpus.c] {
        let stored = store.study(&expected.document_id).await.expect("study");
        assert_eq!(stored.as_ref(), Some(expected));
    }
    let unknown = DocumentId::for_text("never submitted");
    assert_eq!(store.study(&unknown).await.expect("study of unknown"), None);

    test.corrupt_record(&corpus.b.document_id).await;
    match store.study(&corpus.b.document_id).await {
        Err(StoreError::Corrupt { document_id, .. }) => {
            assert_eq!(document_id, corpus.b.document_id.as_str());
        }
        other => panic!("expected a corrupt record error, got {other:?}"),
    }
}

async fn search_filters(test: &TestStore) {
    let store = test.store.as_ref();
    let Corpus { a, b, c } = corpus(store).await;
    let (a, b, c) = (a.document_id, b.document_id, c.document_id);

    let everything = store.search(&SearchQuery::default()).await.expect("search all");
    let ids: Vec<_> = everything.items.iter().map(|summary| summary.document_id.clone()).collect();
    assert_eq!(ids, vec![c.clone(), b.clone(), a.clone()], "newest validated first");
    assert_eq!(everything.next_offset, None);

    let by_registry =
        |id: &str| SearchQuery { registry_id: Some(id.to_owned()), ..SearchQuery::default() };
    assert_eq!(search_ids(store, by_registry("NCT03171194")).await, vec![a.clone()]);
    assert_eq!(search_ids(store, by_registry("ChiCTR2000029609")).await, vec![b.clone()]);
    assert_eq!(
        search_ids(store, by_registry("CHICTR2000029609")).await,
        vec![b.clone()],
        "registry ids match whatever the casing a user types"
    );
    assert!(
        search_ids(store, by_registry("NCT0317")).await.is_empty(),
        "registry ids match exactly"
    );

    let by_condition =
        SearchQuery { condition: Some("SYSTEMIC sclerosis".to_owned()), ..SearchQuery::default() };
    assert_eq!(search_ids(store, by_condition).await, vec![c.clone(), a.clone()]);

    let by_intervention =
        SearchQuery { intervention: Some("MAB".to_owned()), ..SearchQuery::default() };
    assert_eq!(search_ids(store, by_intervention).await, vec![c.clone(), b.clone()]);

    let by_text = SearchQuery { text: Some("Open-Label".to_owned()), ..SearchQuery::default() };
    assert_eq!(search_ids(store, by_text).await, vec![b.clone()]);

    let with_problems = SearchQuery { has_inconsistencies: Some(true), ..SearchQuery::default() };
    assert_eq!(search_ids(store, with_problems).await, vec![c.clone(), a.clone()]);
    let without_problems =
        SearchQuery { has_inconsistencies: Some(false), ..SearchQuery::default() };
    assert_eq!(search_ids(store, without_problems).await, vec![b.clone()]);

    let flags = |flags: &[&str]| SearchQuery {
        design_flags: flags.iter().map(|flag| (*flag).to_owned()).collect(),
        ..SearchQuery::default()
    };
    assert_eq!(search_ids(store, flags(&["randomized"])).await, vec![b.clone(), a.clone()]);
    assert_eq!(search_ids(store, flags(&["randomized", "blinding:double"])).await, vec![a.clone()]);
    assert_eq!(search_ids(store, flags(&["control:historical"])).await, vec![c.clone()]);
    assert!(search_ids(store, flags(&["randomized", "control:historical"])).await.is_empty());

    let combined = SearchQuery {
        condition: Some("sclerosis".to_owned()),
        has_inconsistencies: Some(true),
        design_flags: vec!["randomized".to_owned()],
        ..SearchQuery::default()
    };
    let page = store.search(&combined).await.expect("combined search");
    assert_eq!(page.items.len(), 1);
    let summary = &page.items[0];
    assert_eq!(summary.document_id, a);
    assert_eq!(summary.registry_ids, vec!["NCT03171194".to_owned()]);
    assert_eq!(summary.enrolled, Some(19));
    assert_eq!(summary.analyzed, Some(18));
    assert_eq!(summary.randomized, None);
    assert_eq!(
        summary.design_flags,
        vec!["randomized", "blinding:double", "control:placebo", "phase:2"]
    );
    assert_eq!(summary.verdict_counts.consistent, 1);
    assert_eq!(summary.verdict_counts.inconsistent, 1);
}

async fn search_pages(test: &TestStore) {
    let store = test.store.as_ref();
    let Corpus { a, b, c } = corpus(store).await;

    let first = store
        .search(&SearchQuery {
            page: PageRequest { offset: 0, limit: 2 },
            ..SearchQuery::default()
        })
        .await
        .expect("first page");
    assert_eq!(first.items, vec![StudySummary::of(&c), StudySummary::of(&b)]);
    assert_eq!(first.next_offset, Some(2));

    let second = store
        .search(&SearchQuery {
            page: PageRequest { offset: 2, limit: 2 },
            ..SearchQuery::default()
        })
        .await
        .expect("second page");
    assert_eq!(second.items, vec![StudySummary::of(&a)]);
    assert_eq!(second.next_offset, None);

    let exact = store
        .search(&SearchQuery {
            page: PageRequest { offset: 0, limit: 3 },
            ..SearchQuery::default()
        })
        .await
        .expect("exact page");
    assert_eq!(exact.items.len(), 3);
    assert_eq!(exact.next_offset, None, "no next page when the rows fit exactly");

    let beyond = store
        .search(&SearchQuery {
            page: PageRequest { offset: 10, limit: 2 },
            ..SearchQuery::default()
        })
        .await
        .expect("page beyond the end");
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.next_offset, None);
}

async fn findings_by_verdict(test: &TestStore) {
    let store = test.store.as_ref();
    let Corpus { a, b, c } = corpus(store).await;
    let all = PageRequest::default();

    let inconsistent = store.findings(Verdict::Inconsistent, all).await.expect("inconsistent");
    assert_eq!(inconsistent.items.len(), 1);
    assert_eq!(inconsistent.items[0].document_id, a.document_id);
    assert_eq!(inconsistent.items[0].source, a.source);
    assert_eq!(inconsistent.items[0].finding, a.findings[1]);
    assert_eq!(inconsistent.next_offset, None);

    let decision_errors =
        store.findings(Verdict::DecisionError, all).await.expect("decision errors");
    assert_eq!(decision_errors.items.len(), 1);
    assert_eq!(decision_errors.items[0].document_id, c.document_id);
    assert_eq!(decision_errors.items[0].finding, c.findings[0]);

    let consistent = store.findings(Verdict::Consistent, all).await.expect("consistent");
    let owners: Vec<_> = consistent.items.iter().map(|item| item.document_id.clone()).collect();
    assert_eq!(owners, vec![b.document_id.clone(), a.document_id.clone()], "newest study first");
    assert_eq!(consistent.items[0].finding, b.findings[0]);
    assert_eq!(consistent.items[1].finding, a.findings[0]);

    let first = store
        .findings(Verdict::Consistent, PageRequest { offset: 0, limit: 1 })
        .await
        .expect("page 1");
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].document_id, b.document_id);
    assert_eq!(first.next_offset, Some(1));
    let second = store
        .findings(Verdict::Consistent, PageRequest { offset: 1, limit: 1 })
        .await
        .expect("page 2");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].document_id, a.document_id);
    assert_eq!(second.next_offset, None);
}

async fn read_only_access_refuses_writes(test: &TestStore) {
    let doc = document("Written before the read-only connection opens.");
    test.store.insert_document(&doc).await.expect("insert");

    let reader =
        trialsift_store::connect(&test.url, Access::ReadOnly).await.expect("connect read-only");
    assert_eq!(state(reader.as_ref(), &doc.id).await.status, DocumentStatus::Submitted);
    reader.ping().await.expect("ping read-only");
    let search = reader.search(&SearchQuery::default()).await.expect("search read-only");
    assert!(search.items.is_empty());

    let refused =
        reader.insert_document(&document("A write through the read-only connection.")).await;
    assert!(matches!(refused, Err(StoreError::Database(_))), "got {refused:?}");
    let refused = reader.record_failure(&doc.id, Stage::Split, "nope", true).await;
    assert!(matches!(refused, Err(StoreError::Database(_))), "got {refused:?}");
    assert_eq!(state(test.store.as_ref(), &doc.id).await.attempts, 0);
}

async fn ping_answers(test: &TestStore) {
    test.store.ping().await.expect("ping");
}

// ---------------------------------------------------------------------------
// Connecting

#[tokio::test]
async fn connect_dispatches_on_the_url_scheme() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file_url = format!("sqlite:{}", dir.path().join("data/nested.db").display());
    let store =
        trialsift_store::connect(&file_url, Access::ReadWrite).await.expect("create sqlite file");
    let doc = document("Stored through the dispatching connect.");
    store.insert_document(&doc).await.expect("insert");
    drop(store);
    // Migrations are idempotent: opening again keeps the data.
    let again =
        trialsift_store::connect(&file_url, Access::ReadWrite).await.expect("reopen sqlite file");
    assert_eq!(
        again.insert_document(&doc).await.expect("insert again"),
        Inserted::Existing(DocumentStatus::Submitted)
    );

    let memory = trialsift_store::connect("sqlite::memory:", Access::ReadWrite)
        .await
        .expect("in-memory sqlite");
    memory.insert_document(&doc).await.expect("insert in memory");
    assert!(memory.document_state(&doc.id).await.expect("state").is_some());

    let url = fresh_postgres_database("connect_dispatch");
    let postgres = trialsift_store::connect(&url, Access::ReadWrite).await.expect("postgres");
    assert_eq!(postgres.insert_document(&doc).await.expect("insert"), Inserted::Created);
    let postgres_again =
        trialsift_store::connect(&url, Access::ReadWrite).await.expect("postgres again");
    assert_eq!(
        postgres_again.insert_document(&doc).await.expect("insert again"),
        Inserted::Existing(DocumentStatus::Submitted)
    );

    let unsupported =
        trialsift_store::connect("mysql://localhost/trialsift", Access::ReadWrite).await;
    assert!(matches!(unsupported, Err(StoreError::Database(_))));
}

#[tokio::test]
async fn read_only_sqlite_needs_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("missing.db").display());
    let outcome = trialsift_store::connect(&url, Access::ReadOnly).await;
    assert!(outcome.is_err(), "a read-only connection must not create the file");
    assert!(!dir.path().join("missing.db").exists());
}

#[tokio::test]
async fn postgres_nobody_listens_on_is_unavailable_promptly() {
    let port = trialsift_testkit::free_port().expect("free port");
    let url = format!("postgres://postgres@127.0.0.1:{port}/trialsift");
    let settings =
        PoolSettings { max_connections: Some(1), acquire_timeout: Duration::from_millis(500) };
    let started = Instant::now();
    let outcome = trialsift_store::connect_with(&url, Access::ReadWrite, &settings).await;
    let elapsed = started.elapsed();
    match outcome {
        Err(error @ StoreError::Unavailable(_)) => assert!(error.is_transient()),
        Err(other) => panic!("expected unavailable, got {other:?}"),
        Ok(_) => panic!("connected to a port nobody listens on"),
    }
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[tokio::test]
async fn postgres_read_only_sessions_are_read_only() {
    let url = fresh_postgres_database("read_only_session");
    let writer = PostgresStore::connect(&url, Access::ReadWrite).await.expect("migrate");
    drop(writer);
    let reader = PostgresStore::connect(&url, Access::ReadOnly).await.expect("read-only");
    let setting: String = sqlx::query_scalar("SHOW default_transaction_read_only")
        .fetch_one(reader.pool())
        .await
        .expect("show setting");
    assert_eq!(setting, "on");
}
