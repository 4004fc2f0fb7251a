//! Invariants of `extract` on arbitrary text: spans inside the text on char boundaries, no panic.

use proptest::prelude::*;
use trialsift_domain::{Extraction, Number, StatementValue};
use trialsift_extractor::extract;
use trialsift_splitter::split;

fn numbers(value: &StatementValue) -> Vec<&Number> {
    value.numbers()
}

fn check(text: &str, extraction: &Extraction) -> Result<(), TestCaseError> {
    let inside = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for (index, statement) in extraction.statements.iter().enumerate() {
        prop_assert!(
            inside(statement.start, statement.end),
            "statement span {:?}",
            (statement.start, statement.end)
        );
        if let Some(target) = statement.refers_to {
            prop_assert!(target < extraction.statements.len() && target != index);
        }
        for number in numbers(&statement.value) {
            prop_assert!(inside(number.start, number.end), "number span {:?}", number);
            prop_assert_eq!(&text[number.start..number.end], number.text.as_str());
            prop_assert!(number.value.is_finite());
        }
    }
    for claim in &extraction.claims {
        prop_assert!(inside(claim.start, claim.end), "claim span {:?}", claim);
        if let Some(target) = claim.refers_to {
            let is_p_value = matches!(
                extraction.statements.get(target).map(|statement| &statement.value),
                Some(StatementValue::PValue { .. })
            );
            prop_assert!(is_p_value, "claim refers to {}", target);
        }
    }
    for subgroup in &extraction.study.subgroups {
        let count = &subgroup.count;
        prop_assert!(inside(count.start, count.end), "subgroup count span {:?}", count);
        prop_assert_eq!(&text[count.start..count.end], count.text.as_str());
    }
    for arm in &extraction.study.arms {
        prop_assert!(inside(arm.start, arm.end), "arm span {:?}", arm);
        if let Some(size) = &arm.size {
            prop_assert_eq!(&text[size.start..size.end], size.text.as_str());
        }
    }
    for regimen in &extraction.study.regimens {
        prop_assert!(inside(regimen.start, regimen.end), "regimen span {:?}", regimen);
        prop_assert!(!regimen.intervention.is_empty());
        for number in [&regimen.dose, &regimen.dose_high].into_iter().flatten() {
            prop_assert!(inside(number.start, number.end), "dose span {:?}", number);
            prop_assert_eq!(&text[number.start..number.end], number.text.as_str());
            prop_assert!(number.value.is_finite());
        }
        if let (Some(low), Some(high)) = (&regimen.dose, &regimen.dose_high) {
            prop_assert!(low.value <= high.value, "dose range {:?}", regimen);
        }
        if let Some(arm) = regimen.arm {
            prop_assert!(arm < extraction.study.arms.len(), "regimen arm {}", arm);
        }
    }
    Ok(())
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(", ".to_owned()),
        Just("; ".to_owned()),
        Just(" ± ".to_owned()),
        Just("±".to_owned()),
        Just("−".to_owned()),
        Just("–".to_owned()),
        Just("%".to_owned()),
        Just("/".to_owned()),
        Just("95% CI ".to_owned()),
        Just("IQR ".to_owned()),
        Just("p < ".to_owned()),
        Just("P=".to_owned()),
        Just("n = ".to_owned()),
        Just("Of six patients, five ".to_owned()),
        Just("Clopper-Pearson ".to_owned()),
        Just("t(28) = ".to_owned()),
        Just("NCT".to_owned()),
        Just(" significantly decreased ".to_owned()),
        Just(" did not reach statistical significance ".to_owned()),
        Just("DM (n = 4)".to_owned()),
        Just(" randomized 1:1 to belimumab or placebo".to_owned()),
        Just("HR ".to_owned()),
        Just(" (range ".to_owned()),
        Just("mycophenolate mofetil (MMF) ".to_owned()),
        Just("belimumab ".to_owned()),
        Just(" mg/kg".to_owned()),
        Just(" g/day ".to_owned()),
        Just(" µg".to_owned()),
        Just(" mg/dL".to_owned()),
        Just(" × 10^".to_owned()),
        Just(" cells/kg".to_owned()),
        Just(" intravenously ".to_owned()),
        Just(" twice daily".to_owned()),
        Just(" for 52 weeks".to_owned()),
        Just(" up to ".to_owned()),
        Just(" respectively".to_owned()),
        Just(" IVIG ".to_owned()),
        Just(" the belimumab group ".to_owned()),
        Just(". ".to_owned()),
        Just("中文".to_owned()),
        Just("😀".to_owned()),
        "[0-9]{1,8}",
        "[0-9]{1,3}\\.[0-9]{1,4}",
        "[a-zA-Z]{1,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_keeps_spans_inside(text in any::<String>()) {
        let extraction = extract(&text, &split(&text).segments);
        check(&text, &extraction)?;
    }

    #[test]
    fn statistics_like_text_keeps_spans_inside(parts in proptest::collection::vec(fragment(), 0..80)) {
        let text = parts.concat();
        let extraction = extract(&text, &split(&text).segments);
        check(&text, &extraction)?;
    }

    #[test]
    fn arbitrary_segments_never_panic(
        text in "[a-z0-9 ±%/()=<.中]{0,60}",
        bounds in proptest::collection::vec((0usize..80, 0usize..80), 0..6),
    ) {
        let segments: Vec<_> = bounds
            .into_iter()
            .map(|(start, end)| trialsift_domain::Segment {
                lang: "en".to_owned(),
                kind: trialsift_domain::SegmentKind::Body,
                start,
                end,
                pair: None,
            })
            .collect();
        let extraction = extract(&text, &segments);
        check(&text, &extraction)?;
    }
}
