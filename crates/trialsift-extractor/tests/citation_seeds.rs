//! Citation, affiliations and document type of the five seed documents, split by the splitter;
//! expected values read off the documents by hand.

use trialsift_domain::{Citation, Extraction};
use trialsift_extractor::extract;
use trialsift_splitter::split;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

fn run(text: &str) -> Extraction {
    extract(text, &split(text).segments)
}

/// Returns the document's citation, or panics.
fn citation_of(text: &str) -> Citation {
    run(text).study.citation.unwrap_or_else(|| panic!("no citation in {:?}", &text[..80]))
}

/// Returns the text each evidence span of a citation covers, by field.
fn evidence<'a>(text: &'a str, citation: &Citation) -> Vec<(&'a str, &'a str)> {
    let names = ["journal", "year", "month", "day", "volume", "issue", "pages", "doi", "epub_date"];
    names
        .iter()
        .filter_map(|name| {
            let [start, end] = citation.evidence.get(*name)?;
            Some((*name, &text[*start..*end]))
        })
        .collect()
}

/// Returns the affiliations as written, checking that each span holds its text.
fn affiliations(text: &str) -> Vec<String> {
    run(text)
        .study
        .affiliations
        .into_iter()
        .map(|mention| {
            assert_eq!(&text[mention.start..mention.end], mention.text);
            mention.text
        })
        .collect()
}

fn document_type(text: &str) -> Option<String> {
    run(text).study.design.document_type
}

#[test]
fn seed_000_citation() {
    let citation = citation_of(SEED_000);
    assert_eq!(citation.journal.as_deref(), Some("Arthritis Rheumatol"));
    assert_eq!((citation.year, citation.month, citation.day), (Some(2018), Some(2), None));
    assert_eq!(citation.volume.as_deref(), Some("70"));
    assert_eq!(citation.issue.as_deref(), Some("2"));
    assert_eq!(citation.pages.as_deref(), Some("308-316"));
    assert_eq!(citation.doi.as_deref(), Some("10.1002/art.40358"));
    assert_eq!(citation.epub_date.as_deref(), Some("2017-12-29"));
    assert_eq!(
        &SEED_000[citation.start..citation.end],
        "Arthritis Rheumatol. 2018 Feb;70(2):308-316. doi: 10.1002/art.40358. Epub 2017 Dec 29."
    );
    assert_eq!(
        evidence(SEED_000, &citation),
        [
            ("journal", "Arthritis Rheumatol"),
            ("year", "2018"),
            ("month", "Feb"),
            ("volume", "70"),
            ("issue", "2"),
            ("pages", "308-316"),
            ("doi", "10.1002/art.40358"),
            ("epub_date", "2017 Dec 29"),
        ]
    );
}

#[test]
fn seed_001_citation_without_pages() {
    let citation = citation_of(SEED_001);
    assert_eq!(citation.journal.as_deref(), Some("Lupus Sci Med"));
    assert_eq!((citation.year, citation.month, citation.day), (Some(2022), Some(7), None));
    assert_eq!(citation.volume.as_deref(), Some("9"));
    assert_eq!(citation.issue.as_deref(), Some("1"));
    assert_eq!(citation.pages, None);
    assert_eq!(citation.doi.as_deref(), Some("10.1136/lupus-2022-000704"));
    assert_eq!(citation.epub_date, None);
    assert_eq!(
        &SEED_001[citation.start..citation.end],
        "Lupus Sci Med. 2022 Jul;9(1). doi: 10.1136/lupus-2022-000704."
    );
}

#[test]
fn seed_004_citation_with_a_day_and_a_bracketed_journal() {
    let citation = citation_of(SEED_004);
    assert_eq!(citation.journal.as_deref(), Some("Rheumatology (Oxford)"));
    assert_eq!((citation.year, citation.month, citation.day), (Some(2021), Some(4), Some(6)));
    assert_eq!(citation.volume.as_deref(), Some("60"));
    assert_eq!(citation.issue.as_deref(), Some("4"));
    assert_eq!(citation.pages.as_deref(), Some("1784-1792"));
    assert_eq!(citation.doi.as_deref(), Some("10.1093/rheumatology/keaa459"));
    assert_eq!(citation.epub_date, None);
    assert_eq!(
        evidence(SEED_004, &citation),
        [
            ("journal", "Rheumatology (Oxford)"),
            ("year", "2021"),
            ("month", "Apr"),
            ("day", "6"),
            ("volume", "60"),
            ("issue", "4"),
            ("pages", "1784-1792"),
            ("doi", "10.1093/rheumatology/keaa459"),
        ]
    );
}

#[test]
fn seeds_002_and_003_have_no_citation() {
    assert_eq!(run(SEED_002).study.citation, None);
    assert_eq!(run(SEED_003).study.citation, None);
}

#[test]
fn seed_affiliations() {
    assert_eq!(
        affiliations(SEED_000),
        [
            "Hospital for Special Surgery, New York, New York",
            "Geisel School of Medicine at Dartmouth, Hanover, New Hampshire",
        ]
    );
    assert_eq!(
        affiliations(SEED_001),
        [
            "Department of Medicine, Division of Rheumatology, Medical University of South Carolina, Charleston, South Carolina, USA",
            "Department of Medicine, Division of Hematology/Oncology, Ohio State Wexner Medical Center, Columbus, Ohio, USA",
        ]
    );
    assert_eq!(
        affiliations(SEED_004),
        [
            "Department of Neurology, Amsterdam UMC, University of Amsterdam, Amsterdam Neuroscience, Amsterdam, The Netherlands",
            "Department of Neurology, Erasmus UMC, Rotterdam, The Netherlands",
        ]
    );
    // The first affiliation of seed 000 is the document's first line.
    let first = &run(SEED_000).study.affiliations[0];
    assert_eq!((first.start, first.end), (0, 48));
    assert!(affiliations(SEED_002).is_empty());
    assert!(affiliations(SEED_003).is_empty());
}

#[test]
fn seed_document_types() {
    for (seed, expected) in [
        (SEED_000, "journal_abstract"),
        (SEED_001, "journal_abstract"),
        (SEED_002, "registry_record"),
        (SEED_003, "journal_abstract"),
        (SEED_004, "journal_abstract"),
    ] {
        assert_eq!(document_type(seed).as_deref(), Some(expected), "{}", &seed[..60]);
    }
    let design = run(SEED_003).study.design;
    let [start, end] = design.evidence["document_type"];
    assert_eq!(&SEED_003[start..end], "RESULTS:");
    let design = run(SEED_002).study.design;
    let [start, _] = design.evidence["document_type"];
    assert!(SEED_002[start..].starts_with("• Subjects with systemic sclerosis"));
}

#[test]
fn pubmed_web_page_with_the_journal_on_its_own_line() {
    let text = concat!(
        "Arthritis Rheumatol\n",
        ". 2018 Feb;70(2):308-316.\n",
        " doi: 10.1002/art.40358. Epub 2017 Dec 29.\n",
        "Belimumab for the Treatment of Early Diffuse Systemic Sclerosis: Results of a Randomized, Double-Blind, Placebo-Controlled, Pilot Trial\n",
        "PMID: 29073347 PMCID: PMC5785407 DOI: 10.1002/art.40358\n",
        "Abstract\n",
        "Objective: To assess the safety and efficacy of treatment with belimumab in patients.\n",
    );
    let citation = citation_of(text);
    assert_eq!(citation.journal.as_deref(), Some("Arthritis Rheumatol"));
    assert_eq!((citation.year, citation.month), (Some(2018), Some(2)));
    assert_eq!(citation.pages.as_deref(), Some("308-316"));
    assert_eq!(citation.doi.as_deref(), Some("10.1002/art.40358"));
    assert_eq!(citation.epub_date.as_deref(), Some("2017-12-29"));
    assert_eq!(
        &text[citation.start..citation.end],
        "Arthritis Rheumatol\n. 2018 Feb;70(2):308-316."
    );
}
