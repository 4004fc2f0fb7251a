//! Lists every segment the splitter marks boilerplate in a JSONL file of real abstracts.
//!
//! ```text
//! cargo run --release -p trialsift-splitter --example boilerplate_audit -- ../shared/corpus/dev/abstracts.jsonl
//! ```
//!
//! Reads the `text` field (or `abstract_text`) of each record. Real abstracts
//! hold no site boilerplate, so every line printed is a candidate false positive
//! to read; the last line gives the count and the share of characters.

use trialsift_domain::SegmentKind;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: boilerplate_audit FILE.jsonl");
        std::process::exit(2);
    };
    let contents = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        eprintln!("{path}: {error}");
        std::process::exit(2);
    });
    let (mut documents, mut marked, mut marked_bytes, mut bytes) = (0, 0, 0, 0);
    for line in contents.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let Some(text) = ["text", "abstract_text"]
            .iter()
            .find_map(|key| value.get(*key).and_then(|text| text.as_str()))
        else {
            continue;
        };
        documents += 1;
        bytes += text.len();
        for segment in trialsift_splitter::split(text).segments {
            if segment.kind == SegmentKind::Boilerplate {
                marked += 1;
                marked_bytes += segment.end - segment.start;
                println!("{:?}", segment.text(text));
            }
        }
    }
    println!(
        "{documents} documents, {marked} boilerplate segments, {:.4}% of bytes",
        100.0 * marked_bytes as f64 / bytes.max(1) as f64
    );
}
