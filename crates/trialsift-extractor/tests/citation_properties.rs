//! Invariants of the citation, affiliations and document type on arbitrary text: spans inside
//! the text on char boundaries, each evidence span holding its field, no panic.

use proptest::prelude::*;
use trialsift_domain::Extraction;
use trialsift_extractor::extract;
use trialsift_splitter::split;

fn check(text: &str, extraction: &Extraction) -> Result<(), TestCaseError> {
    let inside = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    if let Some(citation) = &extraction.study.citation {
        prop_assert!(inside(citation.start, citation.end), "citation span {:?}", citation);
        for (field, [start, end]) in &citation.evidence {
            prop_assert!(inside(*start, *end), "{} evidence {:?}", field, (start, end));
        }
        if let (Some(journal), Some([start, end])) =
            (&citation.journal, citation.evidence.get("journal"))
        {
            prop_assert_eq!(&text[*start..*end], journal.as_str());
        }
        if let (Some(doi), Some([start, end])) = (&citation.doi, citation.evidence.get("doi")) {
            prop_assert_eq!(&text[*start..*end], doi.as_str());
            prop_assert!(!doi.ends_with('.'), "doi {:?}", doi);
        }
        prop_assert!(citation.month.is_none_or(|month| (1..=12).contains(&month)));
        prop_assert!(citation.day.is_none_or(|day| (1..=31).contains(&day)));
    }
    for mention in &extraction.study.affiliations {
        prop_assert!(inside(mention.start, mention.end), "affiliation span {:?}", mention);
        prop_assert_eq!(&text[mention.start..mention.end], mention.text.as_str());
    }
    if let Some([start, end]) = extraction.study.design.evidence.get("document_type") {
        prop_assert!(inside(*start, *end), "document type evidence {:?}", (start, end));
    }
    Ok(())
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just(". ".to_owned()),
        Just(";".to_owned()),
        Just(":".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("–".to_owned()),
        Just("-".to_owned()),
        Just("，".to_owned()),
        Just("Arthritis Rheumatol".to_owned()),
        Just("J. Neurochem.".to_owned()),
        Just("1. ".to_owned()),
        Just("Cite this article as: ".to_owned()),
        Just("2018 Feb".to_owned()),
        Just("2019 Jan-Feb".to_owned()),
        Just(" Spring".to_owned()),
        Just("Suppl 1".to_owned()),
        Just("doi: ".to_owned()),
        Just("https://doi.org/".to_owned()),
        Just("10.1002/art.40358".to_owned()),
        Just("10.1016/S0140-6736(18)32317-7".to_owned()),
        Just("Epub 2017 Dec 29".to_owned()),
        Just("[Epub ahead of print]".to_owned()),
        Just("PMID: 29073347".to_owned()),
        Just("Comment in".to_owned()),
        Just("(1)Hospital for Special Surgery, New York, New York.".to_owned()),
        Just("Department of Neurology, Erasmus UMC, Rotterdam, The Netherlands; ".to_owned()),
        Just("Electronic address: a@b.org".to_owned()),
        Just("北京协和医院风湿免疫科,北京 100730".to_owned()),
        Just("Brief Summary".to_owned()),
        Just("RESULTS: ".to_owned()),
        Just("Annual Meeting".to_owned()),
        Just("中文".to_owned()),
        Just("😀".to_owned()),
        "[0-9]{1,6}",
        "[a-zA-Z]{1,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn citation_like_text_keeps_spans_inside(parts in proptest::collection::vec(fragment(), 0..60)) {
        let text = parts.concat();
        let extraction = extract(&text, &split(&text).segments);
        check(&text, &extraction)?;
    }
}
