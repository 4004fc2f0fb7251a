//! Invariants of `split` on arbitrary text: order, no overlap, char boundaries, full coverage,
//! symmetric pairs across two languages, numbers inside their segment, no panic.

use proptest::prelude::*;
use trialsift_splitter::{chinese_numbers, split};

/// Checks every structural invariant of a split of `text`.
fn check(text: &str) -> Result<(), TestCaseError> {
    let result = split(text);
    let segments = &result.segments;
    let mut previous_end = 0;
    for (index, segment) in segments.iter().enumerate() {
        prop_assert!(segment.start < segment.end, "segment {} is empty", index);
        prop_assert!(segment.end <= text.len(), "segment {} ends past the text", index);
        prop_assert!(
            segment.start >= previous_end,
            "segment {} overlaps or is out of order",
            index
        );
        prop_assert!(text.is_char_boundary(segment.start) && text.is_char_boundary(segment.end));
        if let Some(partner) = segment.pair {
            prop_assert!(partner < segments.len());
            prop_assert_eq!(segments[partner].pair, Some(index), "pairing is symmetric");
            prop_assert_ne!(&segments[partner].lang, &segment.lang, "a pair spans two languages");
            prop_assert!(partner != index, "a segment is not its own pair");
        }
        previous_end = segment.end;
        for found in chinese_numbers(text, segment) {
            let number = &found.number;
            prop_assert!(segment.start <= number.start && number.end <= segment.end);
            prop_assert!(number.start < number.end);
            prop_assert!(text.is_char_boundary(number.start) && text.is_char_boundary(number.end));
            prop_assert_eq!(text.get(number.start..number.end), Some(number.text.as_str()));
            prop_assert!(number.value.is_finite());
        }
    }
    let mut cursor = 0;
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        while segments.get(cursor).is_some_and(|segment| segment.end <= offset) {
            cursor += 1;
        }
        let covered = segments.get(cursor).is_some_and(|segment| segment.start <= offset);
        prop_assert!(covered, "character {:?} at {} is in no segment", c, offset);
    }
    Ok(())
}

/// Fragments that exercise the splitter's rules when strung together.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\n\n".to_owned()),
        Just(" ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("。".to_owned()),
        Just(". ".to_owned()),
        Just("• ".to_owned()),
        Just("1、".to_owned()),
        Just("阅读:2".to_owned()),
        Just("特别声明".to_owned()),
        Just("Abstract".to_owned()),
        Just("NCT03171194".to_owned()),
        Just("IVIg(普乐复)".to_owned()),
        Just("8 名患者(8/19=42.0%;Clopper-Pearson 95%CI:19.6,64.6)".to_owned()),
        Just("－５．３％两组十二例第三".to_owned()),
        Just("Six women (83.3%) received 1 infusion.".to_owned()),
        Just("😀🧪".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("Department of Neurology, Erasmus UMC, Rotterdam, The Netherlands.".to_owned()),
        "[a-zA-Z ]{1,40}",
        "[\u{4e00}-\u{4e80}]{1,20}",
        "[0-9./%±=<> ]{1,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn mixed_documents_keep_the_invariants(parts in proptest::collection::vec(fragment(), 0..60)) {
        check(&parts.concat())?;
    }
}

#[test]
fn edge_cases_keep_the_invariants() {
    for text in [
        "",
        "\r",
        "\r\n",
        "\n\r",
        "。",
        "\u{feff}Title",
        "a\u{2028}b\u{2029}c\u{85}d",
        "😀\r\n😀",
        "\u{0B}x\u{0C}",
    ] {
        check(text).unwrap_or_else(|error| panic!("{text:?}: {error}"));
    }
}
