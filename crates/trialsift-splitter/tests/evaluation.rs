//! Guards the evaluation targets on the committed fixtures (dev, held-out test, and the hand-labelled seeds).

#[path = "../examples/support/evaluation.rs"]
mod evaluation;

/// Scores one fixture file and asserts every target on its overall figures.
fn assert_targets(name: &str, contents: &str) {
    let documents =
        evaluation::parse_file(contents).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert!(!documents.is_empty(), "{name} holds documents");
    let (per_layout, overall) = evaluation::evaluate(&documents);
    let mut table = String::new();
    for (layout, tally) in &per_layout {
        table.push_str(&tally.row(layout));
        table.push('\n');
    }
    let misses = overall.misses();
    assert!(
        misses.is_empty(),
        "{name} misses {misses:?}\n{}\n{table}{}",
        evaluation::HEADER,
        overall.row("OVERALL")
    );
}

#[test]
fn dev_fixtures_meet_the_targets() {
    assert_targets("dev.jsonl", include_str!("../fixtures/dev.jsonl"));
}

#[test]
fn held_out_test_fixtures_meet_the_targets() {
    assert_targets("test.jsonl", include_str!("../fixtures/test.jsonl"));
}

#[test]
fn hand_labelled_seeds_meet_the_targets() {
    assert_targets("seeds.jsonl", include_str!("../fixtures/seeds.jsonl"));
}

#[test]
fn fixture_labels_lie_on_char_boundaries() {
    for contents in [
        include_str!("../fixtures/dev.jsonl"),
        include_str!("../fixtures/test.jsonl"),
        include_str!("../fixtures/seeds.jsonl"),
    ] {
        for document in evaluation::parse_file(contents).unwrap_or_default() {
            let text = &document.text;
            let spans = document
                .lang
                .iter()
                .map(|(start, end, _)| (*start, *end))
                .chain(document.boilerplate.iter().copied())
                .chain(document.pairs.iter().flat_map(|(a, b)| [*a, *b]));
            for (start, end) in spans {
                assert!(start < end && end <= text.len(), "{}: span {start}..{end}", document.id);
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "{}",
                    document.id
                );
            }
        }
    }
}
