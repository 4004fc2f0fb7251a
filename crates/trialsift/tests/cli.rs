//! The `trialsift` binary as a user runs it: `check`, `up --submit --once`, and its errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn trialsift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trialsift"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn example(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let path = std::fs::read_dir(&dir)
        .expect("examples folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(name)))
        .expect("example exists");
    path.display().to_string()
}

fn findings_of<'a>(record: &'a serde_json::Value, check: &str) -> Vec<&'a serde_json::Value> {
    record["findings"]
        .as_array()
        .expect("findings is a list")
        .iter()
        .filter(|finding| finding["check"] == check)
        .collect()
}

#[test]
fn check_json_reports_seed_004_percentage_and_interval_as_inconsistent() {
    let path = example("004");
    let output = trialsift(&["check", "--json", &path]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON record per document");
    let record: serde_json::Value = serde_json::from_str(lines[0]).expect("valid JSON");
    let text = std::fs::read_to_string(&path).expect("seed readable");

    assert_eq!(record["source"], path.as_str());
    assert_eq!(record["document_id"].as_str().map(str::len), Some(32));
    assert_eq!(record["study"]["registry_ids"], serde_json::json!(["NTR6160"]));
    for key in ["enrolled", "randomized", "analyzed"] {
        assert!(record["study"]["population"].get(key).is_some(), "population.{key} present");
    }
    for segment in record["segments"].as_array().expect("segments") {
        let start = segment["start"].as_u64().expect("start") as usize;
        let end = segment["end"].as_u64().expect("end") as usize;
        assert!(text.get(start..end).is_some(), "segment {start}..{end} slices the text");
        assert!(["en", "zh"].contains(&segment["lang"].as_str().expect("lang")));
    }
    let percentage = findings_of(&record, "percentage");
    assert_eq!(percentage.len(), 1);
    assert_eq!(percentage[0]["verdict"], "inconsistent");
    assert_eq!(percentage[0]["reported"], "8/19 = 42.0%");
    let interval = findings_of(&record, "proportion_ci");
    assert_eq!(interval.len(), 1);
    assert_eq!(interval[0]["verdict"], "inconsistent");
    for finding in percentage.iter().chain(&interval) {
        for span in finding["spans"].as_array().expect("spans") {
            let start = span[0].as_u64().expect("start") as usize;
            let end = span[1].as_u64().expect("end") as usize;
            assert!(text.get(start..end).is_some_and(|value| !value.trim().is_empty()));
        }
    }
}

#[test]
fn check_prints_a_readable_report_by_default() {
    let output = trialsift(&["check", &example("001")]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stdout.contains("registry    NCT03171194"), "{stdout}");
    assert!(stdout.contains("consistent"), "{stdout}");
    assert!(stdout.contains("Clopper-Pearson"), "{stdout}");
}

#[test]
fn check_names_unreadable_files_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Patients (n = 12) caf\xe9").expect("write");
    let good = example("001");
    let output = trialsift(&["check", "--json", latin1.to_str().expect("path"), &good]);
    assert_eq!(output.status.code(), Some(1), "a bad file makes the run fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("latin1.txt is not UTF-8"), "{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.lines().count(), 1, "the good file is still checked");

    let output = trialsift(&["check", "/nonexistent/abstract.txt"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot read /nonexistent/abstract.txt")
    );
}

#[test]
fn a_lone_role_on_the_in_process_bus_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = format!("sqlite://{}", dir.path().join("t.db").display());
    let output = trialsift(&["worker", "split", "--bus", "memory", "--store", &store]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a shared bus"), "{stderr}");
}

#[test]
fn up_submits_the_examples_and_prints_every_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = format!("sqlite://{}", dir.path().join("data/trialsift.db").display());
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let output = trialsift(&[
        "up",
        "--store",
        &store,
        "--gateway-listen",
        "127.0.0.1:0",
        "--query-listen",
        "127.0.0.1:0",
        "--submit",
        examples.to_str().expect("path"),
        "--once",
        "--json",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let records: Vec<serde_json::Value> =
        stdout.lines().map(|line| serde_json::from_str(line).expect("JSON line")).collect();
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|record| record["status"] == "validated"));
    let inconsistent: Vec<_> = records
        .iter()
        .filter(|record| record["verdict_counts"]["inconsistent"].as_u64() > Some(0))
        .map(|record| record["study"]["registry_ids"].clone())
        .collect();
    assert_eq!(inconsistent, [serde_json::json!(["NTR6160"])], "only seed 004 has inconsistencies");
}

#[test]
fn up_stops_cleanly_on_sigterm() {
    use std::io::{BufRead as _, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("tempdir");
    let store = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_trialsift"))
        .args([
            "up",
            "--store",
            &store,
            "--gateway-listen",
            "127.0.0.1:0",
            "--query-listen",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("up starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut seen = String::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).expect("reads") > 0 {
        seen.push_str(&line);
        let ready = line.contains("trialsift is up");
        line.clear();
        if ready {
            break;
        }
    }
    assert!(seen.contains("trialsift is up"), "{seen}");

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("reads to the end");
    let status = child.wait().expect("exits");
    assert!(status.success(), "exit status {status:?}; log:\n{rest}");
    assert!(rest.contains("shutdown requested"), "{rest}");
    for stage in ["split", "extract", "validate"] {
        assert!(rest.contains("worker stopped") && rest.contains(stage), "{stage} stopped: {rest}");
    }
}
