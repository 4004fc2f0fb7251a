//! Entities, conditions studied and abbreviations of the seed documents, split by the splitter; expected values read off the documents by hand.
//!
//! Identifiers are the dictionaries' (MeSH descriptors for diseases, DrugBank accessions for
//! drugs), looked up by hand in `shared/lexicons`.

use proptest::prelude::*;
use trialsift_domain::{Entity, EntityKind, Extraction};
use trialsift_extractor::extract;
use trialsift_splitter::split;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

fn run(text: &str) -> Extraction {
    extract(text, &split(text).segments)
}

/// Byte offsets of every occurrence of `needle` before the first Chinese character (the English copy).
fn english_occurrences(text: &str, needle: &str) -> Vec<usize> {
    let english_end =
        text.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)).unwrap_or(text.len());
    text[..english_end].match_indices(needle).map(|(at, _)| at).collect()
}

/// The byte offset of the first occurrence of `needle`.
fn offset(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the seed"))
}

/// The entities whose text is `written`, in text order.
fn written<'a>(extraction: &'a Extraction, written: &str) -> Vec<&'a Entity> {
    extraction.study.entities.iter().filter(|entity| entity.text == written).collect()
}

/// Checks that every entity's span holds its text and lies in the English copy.
fn assert_spans(text: &str, extraction: &Extraction) {
    let english_end =
        text.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)).unwrap_or(text.len());
    for entity in &extraction.study.entities {
        assert_eq!(&text[entity.start..entity.end], entity.text, "span of {entity:?}");
        assert!(entity.end <= english_end, "{entity:?} is outside the English copy");
    }
}

#[test]
fn seed_000_entities_with_spans_identifiers_and_long_forms() {
    let extraction = run(SEED_000);
    assert_spans(SEED_000, &extraction);

    let belimumab = written(&extraction, "belimumab");
    assert_eq!(
        belimumab.iter().map(|entity| entity.start).collect::<Vec<_>>(),
        english_occurrences(SEED_000, "belimumab"),
        "every belimumab of the English copy"
    );
    for entity in &belimumab {
        assert_eq!(entity.kind, EntityKind::Intervention);
        assert_eq!(entity.canonical, "belimumab");
        assert_eq!(entity.identifier.as_deref(), Some("DRUGBANK:DB08879"));
        assert_eq!(entity.long_form, None);
    }

    let mycophenolate = written(&extraction, "mycophenolate mofetil");
    assert_eq!(mycophenolate.len(), 1);
    assert_eq!(mycophenolate[0].start, offset(SEED_000, "mycophenolate mofetil (MMF)"));
    assert_eq!(mycophenolate[0].identifier.as_deref(), Some("DRUGBANK:DB00688"));
    // "(MMF)" at the definition and "recently started on MMF".
    let mmf = written(&extraction, "MMF");
    assert_eq!(
        mmf.iter().map(|entity| entity.start).collect::<Vec<_>>(),
        english_occurrences(SEED_000, "MMF")
    );
    assert_eq!(mmf.len(), 2);
    for entity in &mmf {
        assert_eq!(entity.kind, EntityKind::Intervention);
        assert_eq!(entity.canonical, "mycophenolate mofetil");
        assert_eq!(entity.identifier.as_deref(), Some("DRUGBANK:DB00688"));
        assert_eq!(entity.long_form.as_deref(), Some("mycophenolate mofetil"));
    }

    // MeSH: Scleroderma, Diffuse (tree C17.300.799.602).
    let disease = written(&extraction, "diffuse cutaneous systemic sclerosis");
    assert_eq!(disease.len(), 1);
    assert_eq!(disease[0].kind, EntityKind::Condition);
    assert_eq!(disease[0].canonical, "scleroderma, diffuse");
    assert_eq!(disease[0].identifier.as_deref(), Some("MESH-TREE:C17.300.799.602"));
    assert_eq!(disease[0].start, offset(SEED_000, "diffuse cutaneous systemic sclerosis"));
    // "(dcSSc)", "20 patients with dcSSc", "the treatment of dcSSc".
    let dcssc = written(&extraction, "dcSSc");
    assert_eq!(dcssc.len(), 3);
    assert_eq!(
        dcssc.iter().map(|entity| entity.start).collect::<Vec<_>>(),
        english_occurrences(SEED_000, "dcSSc")
    );
    for entity in &dcssc {
        assert_eq!(entity.kind, EntityKind::Condition);
        assert_eq!(entity.canonical, "scleroderma, diffuse");
        assert_eq!(entity.identifier.as_deref(), Some("MESH-TREE:C17.300.799.602"));
        assert_eq!(entity.long_form.as_deref(), Some("diffuse cutaneous systemic sclerosis"));
    }

    // "adverse events (AEs)" names no disease: no adverse event entity.
    assert!(extraction.study.entities.iter().all(|entity| entity.kind != EntityKind::AdverseEvent));
    assert_eq!(extraction.study.entities.len(), belimumab.len() + 1 + 2 + 1 + 3);
    assert_eq!(extraction.study.conditions, ["scleroderma, diffuse"]);
    assert_eq!(extraction.study.interventions, ["belimumab", "mycophenolate mofetil"]);
}

#[test]
fn seed_000_abbreviations_with_spans() {
    let extraction = run(SEED_000);
    let found: Vec<(&str, &str, &str, &str)> = extraction
        .study
        .abbreviations
        .iter()
        .map(|abbreviation| {
            (
                abbreviation.short.as_str(),
                abbreviation.long.as_str(),
                &SEED_000[abbreviation.short_span[0]..abbreviation.short_span[1]],
                &SEED_000[abbreviation.long_span[0]..abbreviation.long_span[1]],
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "dcSSc",
                "diffuse cutaneous systemic sclerosis",
                "dcSSc",
                "diffuse cutaneous systemic sclerosis"
            ),
            ("MMF", "mycophenolate mofetil", "MMF", "mycophenolate mofetil"),
            (
                "MRSS",
                "modified Rodnan skin thickness score",
                "MRSS",
                "modified Rodnan skin thickness score"
            ),
            ("IQR", "interquartile range", "IQR", "interquartile range"),
            ("AEs", "adverse events", "AEs", "adverse events"),
        ]
    );
    let first = &extraction.study.abbreviations[0];
    assert_eq!(first.short_span[0], offset(SEED_000, "(dcSSc)") + 1);
    assert_eq!(first.long_span, [offset(SEED_000, "diffuse cutaneous"), first.short_span[0] - 2]);
    let iqr = &extraction.study.abbreviations[3];
    assert_eq!(iqr.short_span[0], offset(SEED_000, "[IQR]") + 1);
}

#[test]
fn seed_004_harm_is_an_adverse_event_and_the_myopathy_a_condition() {
    let extraction = run(SEED_004);
    assert_spans(SEED_004, &extraction);
    // "Three serious adverse events occurred, of which one was pulmonary embolism."
    let embolism = written(&extraction, "pulmonary embolism");
    assert_eq!(embolism.len(), 1);
    assert_eq!(embolism[0].kind, EntityKind::AdverseEvent);
    assert_eq!(embolism[0].canonical, "pulmonary embolism");
    assert_eq!(embolism[0].identifier.as_deref(), Some("MESH-TREE:C08.381.746"));
    assert_eq!(embolism[0].start, offset(SEED_004, "pulmonary embolism"));
    // "patients with an idiopathic inflammatory myopathy", "20 adults with a newly
    // diagnosed, biopsy-proven idiopathic inflammatory myopathy": MeSH Myositis (tree C05.651.594).
    let myopathy = written(&extraction, "idiopathic inflammatory myopathy");
    assert_eq!(
        myopathy.iter().map(|entity| entity.start).collect::<Vec<_>>(),
        english_occurrences(SEED_004, "idiopathic inflammatory myopathy")
    );
    assert_eq!(myopathy.len(), 2);
    for entity in &myopathy {
        assert_eq!(entity.kind, EntityKind::Condition);
        assert_eq!(entity.canonical, "myositis");
        assert_eq!(entity.identifier.as_deref(), Some("MESH-TREE:C05.651.594"));
    }
    // "We included patients with DM (n = 9), immune-mediated necrotizing myopathy (n = 6),
    // non-specific myositis/overlap myositis (n = 4) ...": the dictionary knows the necrotizing
    // myopathy only by its head word (MeSH Muscular Diseases, tree C05.651); DM is too short a name.
    let necrotizing = written(&extraction, "myopathy");
    assert_eq!(necrotizing.len(), 1);
    assert_eq!(necrotizing[0].start, offset(SEED_004, "myopathy (n = 6)"));
    assert_eq!(necrotizing[0].identifier.as_deref(), Some("MESH-TREE:C05.651"));
    assert_eq!(extraction.study.conditions, ["myositis", "muscular diseases"]);
    assert!(!extraction.study.conditions.iter().any(|name| name == "pulmonary embolism"));
}

#[test]
fn seed_004_brackets_that_define_nothing() {
    // "IVIg (Privigen)" names a brand, "DM (n = 9)" a count, "(8/19 = 42.0%; ...)" a result;
    // the English copy defines no short form (only the Chinese one writes "(IVIg)").
    let extraction = run(SEED_004);
    assert!(extraction.study.abbreviations.is_empty(), "{:?}", extraction.study.abbreviations);
}

#[test]
fn seed_002_background_diseases_are_named_not_studied() {
    let extraction = run(SEED_002);
    assert_spans(SEED_002, &extraction);
    // "Systemic sclerosis (SSc) is a chronic, multisystem autoimmune disease characterized by
    // potentially widespread and progressive skin fibrosis ...": background, named only.
    for (name, canonical) in
        [("autoimmune disease", "autoimmune diseases"), ("fibrosis", "fibrosis")]
    {
        let named = written(&extraction, name);
        assert_eq!(named.len(), 1, "{name}");
        assert_eq!(named[0].kind, EntityKind::Condition);
        assert_eq!(named[0].canonical, canonical);
        assert!(!extraction.study.conditions.iter().any(|studied| studied == canonical));
    }
    // A secondary outcome, not the condition studied.
    assert_eq!(written(&extraction, "pulmonary arterial hypertension").len(), 1);
    // The title's "Diffuse Systemic Sclerosis", then "20 SSc patients" (SSc defined as
    // systemic sclerosis).
    assert_eq!(extraction.study.conditions, ["scleroderma, diffuse", "scleroderma, systemic"]);
    let ssc = written(&extraction, "SSc");
    assert!(ssc.len() >= 5);
    for entity in &ssc {
        assert_eq!(entity.canonical, "scleroderma, systemic");
        assert_eq!(entity.identifier.as_deref(), Some("MESH-TREE:C17.300.799"));
        assert_eq!(entity.long_form.as_deref(), Some("Systemic sclerosis"));
    }
    // Eligibility bullets are not read: the background drugs there are not interventions.
    assert_eq!(extraction.study.interventions, ["telitacicept"]);
    let abbreviations: Vec<(&str, &str)> = extraction
        .study
        .abbreviations
        .iter()
        .map(|abbreviation| (abbreviation.short.as_str(), abbreviation.long.as_str()))
        .collect();
    assert_eq!(abbreviations, [("SSc", "Systemic sclerosis")]);
}

/// Checks that every entity and abbreviation span lies inside the text, on character boundaries, and holds what the fact says.
fn check_spans(text: &str, extraction: &Extraction) -> Result<(), TestCaseError> {
    let holds = |start: usize, end: usize, written: &str| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
            && &text[start..end] == written
    };
    for entity in &extraction.study.entities {
        prop_assert!(holds(entity.start, entity.end, &entity.text), "{:?}", entity);
    }
    for abbreviation in &extraction.study.abbreviations {
        let [short_start, short_end] = abbreviation.short_span;
        let [long_start, long_end] = abbreviation.long_span;
        prop_assert!(holds(short_start, short_end, &abbreviation.short), "{:?}", abbreviation);
        prop_assert!(holds(long_start, long_end, &abbreviation.long), "{:?}", abbreviation);
    }
    Ok(())
}

/// Pieces of text that exercise names, definitions and the rules around them.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(", ".to_owned()),
        Just(". ".to_owned()),
        Just("; ".to_owned()),
        Just("mycophenolate mofetil (MMF) ".to_owned()),
        Just("MMFs ".to_owned()),
        Just("patients with ".to_owned()),
        Just("diffuse cutaneous systemic sclerosis".to_owned()),
        Just("(dcSSc)".to_owned()),
        Just(" adverse events ".to_owned()),
        Just("pulmonary embolism".to_owned()),
        Just("Inclusion Criteria:\n".to_owned()),
        Just("Exclusion Criteria\n".to_owned()),
        Just("OBJECTIVE: ".to_owned()),
        Just("TITLE: \n".to_owned()),
        Just(" ' ".to_owned()),
        Just("中文".to_owned()),
        Just("é".to_owned()),
        "[a-zA-Z]{1,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn entity_and_abbreviation_spans_hold_their_text(parts in proptest::collection::vec(fragment(), 0..60)) {
        let text = parts.concat();
        let extraction = extract(&text, &split(&text).segments);
        check_spans(&text, &extraction)?;
    }
}
