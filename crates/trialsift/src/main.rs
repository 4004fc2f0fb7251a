//! The `trialsift` command: run any role, talk to a running system, or check files locally.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use trialsift::client::{Client, progress_bar, status_error};
use trialsift::system::{self, BusChoice, SystemSettings};
use trialsift::{files, pipeline, report};
use trialsift_bus::BusSettings;
use trialsift_domain::{Stage, StudyRecord};
use trialsift_proto::v1::{ListFindingsRequest, SearchStudiesRequest};
use trialsift_runtime::{LogFormat, WorkerSettings, init_tracing, shutdown_on_signal};

/// trialsift: turns clinical-trial abstracts into validated study records.
#[derive(Debug, Parser)]
#[command(name = "trialsift", version, about, propagate_version = true)]
struct Cli {
    /// Log format on stderr.
    #[arg(long, global = true, env = "TRIALSIFT_LOG_FORMAT", value_enum, default_value_t = LogFormatArg::Text)]
    log_format: LogFormatArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs everything in one process: gateway, the three stages and the query service.
    ///
    /// On the embedded default (in-process bus, SQLite file) nothing needs installing.
    Up(UpArgs),
    /// Runs the ingest gateway.
    Gateway(RoleArgs),
    /// Runs the query service.
    Query(RoleArgs),
    /// Runs a stage worker.
    Worker(WorkerArgs),
    /// Applies the database migrations and exits.
    Migrate(StoreArgs),
    /// Submits files (or folders of files) to a running gateway.
    Submit(SubmitArgs),
    /// Prints a document's validated study record.
    Get(GetArgs),
    /// Prints a document's processing status.
    Status(StatusArgs),
    /// Searches validated study records.
    Search(SearchArgs),
    /// Lists findings of one verdict across studies.
    Findings(FindingsArgs),
    /// Runs the three stage cores in-process on local files and prints each record and its findings.
    Check(CheckArgs),
    /// Measures a running system: submits many copies of the given files, reports documents per
    /// second and end-to-end latency percentiles.
    Load(LoadArgs),
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// Files or folders whose texts are copied (each copy made distinct).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    client: ClientArgs,
    /// Documents to submit.
    #[arg(long, default_value_t = 500)]
    count: usize,
    /// Longest run, in seconds.
    #[arg(long, default_value_t = 300)]
    timeout_secs: u64,
}

#[derive(Debug, Args)]
struct StoreArgs {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB (a Unix socket host is fastest).
    #[arg(long, env = "TRIALSIFT_STORE", default_value = "sqlite://trialsift-data/trialsift.db")]
    store: String,
}

#[derive(Debug, Args)]
struct BackendArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Message bus: `memory` (this process only) or a nats:// URL.
    #[arg(long, env = "TRIALSIFT_BUS", default_value = "memory")]
    bus: String,
    /// Deliveries before a failing message is dead-lettered.
    #[arg(long, env = "TRIALSIFT_MAX_DELIVER", default_value_t = 5)]
    max_deliver: u32,
    /// Seconds a delivered message may stay unacknowledged before redelivery.
    #[arg(long, env = "TRIALSIFT_ACK_WAIT_SECS", default_value_t = 30)]
    ack_wait_secs: u64,
    /// Bearer token the gRPC services require (unset: no authentication).
    #[arg(long, env = "TRIALSIFT_AUTH_TOKEN", hide_env_values = true)]
    auth_token: Option<String>,
    /// Serve Prometheus metrics (GET /metrics) on this address, e.g. 0.0.0.0:9090.
    #[arg(long, env = "TRIALSIFT_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
}

#[derive(Debug, Args)]
struct RoleArgs {
    #[command(flatten)]
    backend: BackendArgs,
    /// Address to listen on.
    #[arg(long, env = "TRIALSIFT_LISTEN", default_value = "127.0.0.1:50051")]
    listen: SocketAddr,
    /// Largest document accepted, in bytes (gateway).
    #[arg(long, env = "TRIALSIFT_MAX_DOCUMENT_BYTES", default_value_t = 1 << 20)]
    max_document_bytes: usize,
}

#[derive(Debug, Args)]
struct WorkerArgs {
    /// The stage to run.
    #[arg(value_parser = parse_stage)]
    stage: Stage,
    #[command(flatten)]
    backend: BackendArgs,
    /// Concurrent worker loops in this process.
    #[arg(long, env = "TRIALSIFT_WORKER_LOOPS", default_value_t = 1)]
    loops: usize,
    /// Messages per batch.
    #[arg(long, env = "TRIALSIFT_BATCH_SIZE", default_value_t = 32)]
    batch_size: usize,
}

#[derive(Debug, Args)]
struct UpArgs {
    #[command(flatten)]
    backend: BackendArgs,
    /// Gateway address.
    #[arg(long, env = "TRIALSIFT_GATEWAY_LISTEN", default_value = "127.0.0.1:50051")]
    gateway_listen: SocketAddr,
    /// Query service address.
    #[arg(long, env = "TRIALSIFT_QUERY_LISTEN", default_value = "127.0.0.1:50052")]
    query_listen: SocketAddr,
    /// Largest document accepted, in bytes.
    #[arg(long, env = "TRIALSIFT_MAX_DOCUMENT_BYTES", default_value_t = 1 << 20)]
    max_document_bytes: usize,
    /// Once started, submit these files or folders through the gateway and print their records.
    #[arg(long, num_args = 1..)]
    submit: Vec<PathBuf>,
    /// Stop after the submitted documents are done instead of serving until Ctrl-C.
    #[arg(long, requires = "submit")]
    once: bool,
    /// Print submitted records as JSON lines instead of the human report.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ClientArgs {
    /// Gateway address.
    #[arg(long, env = "TRIALSIFT_GATEWAY", default_value = "127.0.0.1:50051")]
    gateway: String,
    /// Query service address.
    #[arg(long, env = "TRIALSIFT_QUERY", default_value = "127.0.0.1:50052")]
    query: String,
    /// Bearer token, when the services require one.
    #[arg(long, env = "TRIALSIFT_AUTH_TOKEN", hide_env_values = true)]
    auth_token: Option<String>,
}

impl ClientArgs {
    async fn connect(&self) -> anyhow::Result<Client> {
        Client::connect(&self.gateway, &self.query, self.auth_token.clone()).await
    }
}

#[derive(Debug, Args)]
struct SubmitArgs {
    /// Files or folders to submit.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    client: ClientArgs,
    /// Wait until every document is validated and print the records.
    #[arg(long)]
    wait: bool,
    /// Longest wait, in seconds.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
    /// Print records as JSON lines (with --wait).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct GetArgs {
    /// Document id.
    document_id: String,
    #[command(flatten)]
    client: ClientArgs,
    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct StatusArgs {
    /// Document id.
    document_id: String,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(Debug, Args)]
struct SearchArgs {
    #[command(flatten)]
    client: ClientArgs,
    /// Registry identifier, e.g. NCT03171194.
    #[arg(long)]
    registry_id: Option<String>,
    /// Condition substring.
    #[arg(long)]
    condition: Option<String>,
    /// Intervention substring.
    #[arg(long)]
    intervention: Option<String>,
    /// Text substring.
    #[arg(long)]
    text: Option<String>,
    /// Only studies with inconsistent findings (true) or without (false).
    #[arg(long)]
    has_inconsistencies: Option<bool>,
    /// Design flag every result must carry (randomized, blinding:double, control:placebo, phase:2); repeatable.
    #[arg(long = "flag")]
    flags: Vec<String>,
    /// Results per page.
    #[arg(long, default_value_t = 20)]
    page_size: u32,
    /// Token of the page to fetch (printed after each page).
    #[arg(long, default_value = "")]
    page_token: String,
}

#[derive(Debug, Args)]
struct FindingsArgs {
    #[command(flatten)]
    client: ClientArgs,
    /// inconsistent, decision_error, not_checkable or consistent.
    #[arg(long, default_value = "inconsistent")]
    verdict: String,
    /// Results per page.
    #[arg(long, default_value_t = 20)]
    page_size: u32,
    /// Token of the page to fetch.
    #[arg(long, default_value = "")]
    page_token: String,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to check.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print one JSON record per line instead of the human report.
    #[arg(long)]
    json: bool,
}

fn parse_stage(value: &str) -> Result<Stage, String> {
    value.parse::<Stage>().map_err(|error| error.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match cli.log_format {
        LogFormatArg::Text => LogFormat::Text,
        LogFormatArg::Json => LogFormat::Json,
    };
    init_tracing(format);
    match run(cli.command).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Up(args) => up(args).await,
        Command::Gateway(args) => {
            let settings = role_settings(&args.backend, args.max_document_bytes)?;
            serve(SystemSettings { gateway: Some(args.listen), ..settings }).await
        }
        Command::Query(args) => {
            let settings = role_settings(&args.backend, args.max_document_bytes)?;
            serve(SystemSettings { query: Some(args.listen), ..settings }).await
        }
        Command::Worker(args) => {
            let mut settings = role_settings(&args.backend, 0)?;
            settings.workers = vec![(args.stage, args.loops)];
            settings.worker_settings.batch_size = args.batch_size.max(1);
            serve(settings).await
        }
        Command::Migrate(args) => {
            trialsift_store::connect(&args.store, trialsift_store::Access::ReadWrite)
                .await
                .with_context(|| format!("migrating {}", system::redact(&args.store)))?;
            println!("migrations applied to {}", system::redact(&args.store));
            Ok(ExitCode::SUCCESS)
        }
        Command::Submit(args) => submit(args).await,
        Command::Get(args) => {
            let client = args.client.connect().await?;
            let (study, record) = client.study(&args.document_id).await?;
            if args.json {
                println!("{}", study.record_json);
            } else {
                print!("{}", report::human(&record, None));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Status(args) => {
            let client = args.client.connect().await?;
            let status = client.status(&args.document_id).await?;
            println!("{}  {}", status.document_id, status.status);
            println!("  source    {}", status.source);
            if !status.stage.is_empty() {
                println!("  stage     {}", status.stage);
            }
            if status.attempts > 0 {
                println!("  attempts  {}", status.attempts);
            }
            if !status.last_error.is_empty() {
                println!("  error     {}", status.last_error);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search(args) => search(args).await,
        Command::Findings(args) => findings(args).await,
        Command::Check(args) => check(args),
        Command::Load(args) => {
            let client = args.client.connect().await?;
            let mut templates = Vec::new();
            for path in files::expand(&args.paths)? {
                templates.push(files::read_text(&path)?);
            }
            let run_id = format!("{:?}", std::time::SystemTime::now());
            let documents = trialsift::load::documents(&templates, args.count, &run_id);
            let report =
                trialsift::load::run(&client, documents, Duration::from_secs(args.timeout_secs))
                    .await?;
            println!("{}", report.render());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Builds the settings shared by the single-role commands; roles are filled in by the caller.
fn role_settings(
    backend: &BackendArgs,
    max_document_bytes: usize,
) -> anyhow::Result<SystemSettings> {
    let bus = BusChoice::parse(&backend.bus)?;
    let bus_settings = BusSettings {
        ack_wait: Duration::from_secs(backend.ack_wait_secs.max(1)),
        max_deliver: backend.max_deliver.max(1),
        ..BusSettings::default()
    };
    let worker_settings =
        WorkerSettings { max_deliver: bus_settings.max_deliver, ..WorkerSettings::default() };
    Ok(SystemSettings {
        bus,
        bus_settings,
        store_url: backend.store.store.clone(),
        gateway: None,
        query: None,
        workers: Vec::new(),
        worker_settings,
        max_document_bytes,
        auth_token: backend.auth_token.clone(),
        metrics: backend.metrics_listen,
    })
}

/// Runs one role until SIGTERM or Ctrl-C. A lone role on the in-process bus could not talk to
/// the others, so that combination is refused.
async fn serve(settings: SystemSettings) -> anyhow::Result<ExitCode> {
    if settings.bus == BusChoice::Memory {
        anyhow::bail!(
            "a single role needs a shared bus: pass --bus nats://HOST:4222 (or use `trialsift up` to run every role in one process)"
        );
    }
    // Listen for signals before starting, so a SIGTERM during start-up still stops cleanly.
    let signal = shutdown_on_signal();
    let system = system::start(settings).await?;
    let token = system.shutdown_token();
    tokio::spawn(async move {
        signal.cancelled().await;
        token.cancel();
    });
    system.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn up(args: UpArgs) -> anyhow::Result<ExitCode> {
    let mut settings = role_settings(&args.backend, args.max_document_bytes)?;
    settings.gateway = Some(args.gateway_listen);
    settings.query = Some(args.query_listen);
    settings.workers = Stage::ALL.iter().map(|stage| (*stage, 1)).collect();
    let auth_token = settings.auth_token.clone();
    // Listen for signals before starting, so a SIGTERM once "up" is printed (or earlier) stops
    // the system cleanly instead of killing it.
    let signal = shutdown_on_signal();
    let system = system::start(settings).await?;
    let (Some(gateway), Some(query)) = (system.gateway_addr, system.query_addr) else {
        anyhow::bail!("the gateway and the query service did not start");
    };
    eprintln!("trialsift is up: gateway {gateway}, query {query}");

    let token = system.shutdown_token();
    tokio::spawn(async move {
        signal.cancelled().await;
        token.cancel();
    });

    let mut code = ExitCode::SUCCESS;
    if !args.submit.is_empty() {
        let client = Client::connect(&gateway.to_string(), &query.to_string(), auth_token).await?;
        let paths = files::expand(&args.submit)?;
        code = submit_and_print(&client, &paths, true, Duration::from_secs(120), args.json).await?;
        if args.once {
            system.shutdown().await?;
            return Ok(code);
        }
        eprintln!("still serving; Ctrl-C stops");
    }
    system.run_until_stopped().await?;
    Ok(code)
}

async fn submit(args: SubmitArgs) -> anyhow::Result<ExitCode> {
    let client = args.client.connect().await?;
    let paths = files::expand(&args.paths)?;
    submit_and_print(&client, &paths, args.wait, Duration::from_secs(args.timeout_secs), args.json)
        .await
}

/// Submits files, reports each, and with `wait` prints each validated record.
async fn submit_and_print(
    client: &Client,
    paths: &[PathBuf],
    wait: bool,
    timeout: Duration,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let submitted = client.submit_files(paths, &progress_bar("submitting")).await;
    let mut accepted = Vec::new();
    let mut rejected = 0;
    for item in &submitted {
        match &item.result {
            Ok(response) => {
                let novelty = if response.created { "new" } else { "already known" };
                eprintln!(
                    "submitted {} -> {} ({novelty}, {})",
                    item.path.display(),
                    response.document_id,
                    response.status
                );
                accepted.push((item.path.clone(), response.document_id.clone()));
            }
            Err(error) => {
                rejected += 1;
                eprintln!("refused   {}: {error}", item.path.display());
            }
        }
    }
    if wait && !accepted.is_empty() {
        let ids: Vec<String> = accepted.iter().map(|(_, id)| id.clone()).collect();
        let statuses = client.wait_until_done(&ids, timeout, &progress_bar("processing")).await?;
        for ((path, id), status) in accepted.iter().zip(&statuses) {
            if status.status == "failed" {
                rejected += 1;
                eprintln!("failed    {}: {} ({})", path.display(), status.last_error, status.stage);
                continue;
            }
            let (study, record) = client.study(id).await?;
            if json {
                println!("{}", study.record_json);
            } else {
                let text = files::read_text(path).ok();
                println!("{}", report::human(&record, text.as_deref()));
            }
        }
    }
    Ok(if rejected == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

async fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let client = args.client.connect().await?;
    let request = client.request(SearchStudiesRequest {
        registry_id: args.registry_id.unwrap_or_default(),
        condition: args.condition.unwrap_or_default(),
        intervention: args.intervention.unwrap_or_default(),
        text: args.text.unwrap_or_default(),
        has_inconsistencies: args.has_inconsistencies,
        design_flags: args.flags,
        page_size: args.page_size,
        page_token: args.page_token,
    })?;
    let response = client.query().search_studies(request).await.map_err(status_error)?.into_inner();
    if response.studies.is_empty() {
        println!("no studies match");
    }
    for study in &response.studies {
        let counts = study.verdict_counts.unwrap_or_default();
        println!(
            "{}  {}  registry [{}]  inconsistent {}  decision errors {}  {}",
            study.document_id,
            study.source,
            study.registry_ids.join(", "),
            counts.inconsistent,
            counts.decision_error,
            study.design_flags.join(" ")
        );
    }
    if !response.next_page_token.is_empty() {
        println!("next page: --page-token {}", response.next_page_token);
    }
    Ok(ExitCode::SUCCESS)
}

async fn findings(args: FindingsArgs) -> anyhow::Result<ExitCode> {
    let client = args.client.connect().await?;
    let request = client.request(ListFindingsRequest {
        verdict: args.verdict,
        page_size: args.page_size,
        page_token: args.page_token,
    })?;
    let response = client.query().list_findings(request).await.map_err(status_error)?.into_inner();
    if response.findings.is_empty() {
        println!("no findings of that verdict");
    }
    for item in &response.findings {
        let Some(finding) = &item.finding else { continue };
        println!(
            "{}  {}  {}  \"{}\"",
            item.document_id, item.source, finding.check, finding.reported
        );
        println!("    {}", finding.explanation);
    }
    if !response.next_page_token.is_empty() {
        println!("next page: --page-token {}", response.next_page_token);
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let paths = files::expand(&args.paths)?;
    let progress = progress_bar("checking");
    progress.set_length(paths.len() as u64);
    let mut failures = 0;
    for path in &paths {
        progress.inc(1);
        let text = match files::read_text(path) {
            Ok(text) => text,
            Err(error) => {
                failures += 1;
                progress.suspend(|| eprintln!("error: {error}"));
                continue;
            }
        };
        let record: StudyRecord = pipeline::check_text(&path.display().to_string(), &text);
        let rendered = if args.json {
            report::json_line(&record).context("serializing the record")?
        } else {
            report::human(&record, Some(&text))
        };
        progress.suspend(|| println!("{rendered}"));
    }
    progress.finish_and_clear();
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
