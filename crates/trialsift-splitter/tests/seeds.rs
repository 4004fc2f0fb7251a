//! The splitter on the five seed documents; expected values read off the documents by hand.

use trialsift_domain::{Segment, SegmentKind, SplitResult};
use trialsift_splitter::split;

const SEED_000: &str = include_str!("../../../examples/000_8ebf8f56282bec8e.txt");
const SEED_001: &str = include_str!("../../../examples/001_894cbafbeb554ae1.txt");
const SEED_002: &str = include_str!("../../../examples/002_ecdec2189ace771c.txt");
const SEED_003: &str = include_str!("../../../examples/003_d5ee9bcc18f231c6.txt");
const SEED_004: &str = include_str!("../../../examples/004_3a634a0a6693287a.txt");

/// Returns the index of the one segment whose text contains `needle`.
fn find(text: &str, result: &SplitResult, needle: &str) -> usize {
    let hits: Vec<usize> = result
        .segments
        .iter()
        .enumerate()
        .filter(|(_, segment)| segment.text(text).contains(needle))
        .map(|(index, _)| index)
        .collect();
    assert_eq!(hits.len(), 1, "exactly one segment holds {needle:?}: {hits:?}");
    hits[0]
}

/// Returns the segment whose text contains `needle`, asserting its language and kind.
fn expect<'a>(
    text: &str,
    result: &'a SplitResult,
    needle: &str,
    lang: &str,
    kind: SegmentKind,
) -> &'a Segment {
    let segment = &result.segments[find(text, result, needle)];
    assert_eq!((segment.lang.as_str(), segment.kind), (lang, kind), "segment holding {needle:?}");
    segment
}

/// Asserts that the segments holding the two needles are paired with each other.
fn expect_pair(text: &str, result: &SplitResult, english: &str, chinese: &str) {
    let english_index = find(text, result, english);
    let chinese_index = find(text, result, chinese);
    assert_eq!(
        result.segments[english_index].pair,
        Some(chinese_index),
        "{english:?} pairs with {chinese:?}"
    );
    assert_eq!(
        result.segments[chinese_index].pair,
        Some(english_index),
        "{chinese:?} pairs with {english:?}"
    );
}

#[test]
fn seed_003_boilerplate_title_translation_and_body() {
    let result = split(SEED_003);
    let title =
        expect(SEED_003, &result, "Intravenous immunoglobulin may be", "en", SegmentKind::Title);
    assert_eq!(
        title.text(SEED_003),
        "Intravenous immunoglobulin may be an effective therapy for refractory, active diffuse cutaneous systemic sclerosis"
    );
    expect(SEED_003, &result, "静脉注射免疫球蛋白可能是治疗", "zh", SegmentKind::Title);
    expect_pair(
        SEED_003,
        &result,
        "Intravenous immunoglobulin may be",
        "静脉注射免疫球蛋白可能是治疗",
    );
    let counter = expect(SEED_003, &result, "阅读", "zh", SegmentKind::Boilerplate);
    assert_eq!(counter.text(SEED_003), "阅读:2");
    let heading = &result.segments[find(SEED_003, &result, "Abstract")];
    assert_eq!((heading.kind, heading.text(SEED_003)), (SegmentKind::Boilerplate, "Abstract"));
    let body = expect(SEED_003, &result, "OBJECTIVE: We sought", "en", SegmentKind::Body);
    assert!(body.text(SEED_003).ends_with("patients failing other therapies."));
    assert!(body.text(SEED_003).contains("RESULTS: Thirty patients"));
    expect(SEED_003, &result, "特别声明", "zh", SegmentKind::Boilerplate);
    for notice in ["1、本页面内容", "2、若认为本页面", "3、其他媒体", "4、投稿及合作请联系"]
    {
        expect(SEED_003, &result, notice, "zh", SegmentKind::Boilerplate);
    }
    assert_eq!(
        result.segments.len(),
        10,
        "title, translation, counter, heading, body, header, four notices"
    );
}

#[test]
fn seed_004_affiliations_citation_pairs_and_registry() {
    let result = split(SEED_004);
    expect(
        SEED_004,
        &result,
        "Department of Neurology, Amsterdam UMC",
        "en",
        SegmentKind::Affiliation,
    );
    expect(
        SEED_004,
        &result,
        "Department of Neurology, Erasmus UMC",
        "en",
        SegmentKind::Affiliation,
    );
    expect(SEED_004, &result, "Rheumatology (Oxford). 2021 Apr 6", "en", SegmentKind::Citation);
    for (english, chinese) in [
        ("We explored efficacy and safety", "我们探究了静脉注射免疫球蛋白"),
        ("In this investigator-initiated phase 2", "在这项由研究者发起的 2 期"),
        ("We included patients with DM (n = 9)", "我们纳入了皮肌炎(n=9)"),
        ("First-line IVIg monotherapy led", "一线 IVIg 单药治疗"),
    ] {
        expect(SEED_004, &result, english, "en", SegmentKind::Body);
        expect(SEED_004, &result, chinese, "zh", SegmentKind::Body);
        expect_pair(SEED_004, &result, english, chinese);
    }
    expect(
        SEED_004,
        &result,
        "Netherlands Trial Register identifier, NTR6160.",
        "en",
        SegmentKind::Registry,
    );
    expect(SEED_004, &result, "荷兰临床试验注册中心,NTR6160。", "zh", SegmentKind::Registry);
    expect_pair(SEED_004, &result, "Netherlands Trial Register", "荷兰临床试验注册中心");
    assert!(
        !result.segments.iter().any(|segment| segment.kind == SegmentKind::Title),
        "004 has no title"
    );
}

#[test]
fn seed_002_title_body_and_eligibility() {
    let result = split(SEED_002);
    expect(
        SEED_002,
        &result,
        "Evaluator Blind, Controlled, Preliminary Clinical Study",
        "en",
        SegmentKind::Title,
    );
    expect(SEED_002, &result, "Systemic sclerosis (SSc) is a chronic", "en", SegmentKind::Body);
    let bullets = [
        "• Subjects with systemic sclerosis",
        "• Age: 18 years or older",
        "• Lung function FVC%",
        "• Positive for ANA",
        "• Patients with disease activity",
        "• The dose of the following drugs",
    ];
    for bullet in bullets {
        expect(SEED_002, &result, bullet, "en", SegmentKind::Eligibility);
    }
    assert_eq!(result.segments.len(), 8);
    assert!(result.segments.iter().all(|segment| segment.pair.is_none()), "no translation in 002");
}

#[test]
fn seed_001_registry_lines_in_both_languages() {
    let result = split(SEED_001);
    expect(
        SEED_001,
        &result,
        "Medical University of South Carolina",
        "en",
        SegmentKind::Affiliation,
    );
    expect(SEED_001, &result, "Ohio State Wexner Medical Center", "en", SegmentKind::Affiliation);
    expect(SEED_001, &result, "Lupus Sci Med. 2022 Jul", "en", SegmentKind::Citation);
    let english = expect(SEED_001, &result, "NCT03171194.", "en", SegmentKind::Registry);
    assert_eq!(english.text(SEED_001), "NCT03171194.");
    expect(SEED_001, &result, "NCT03171194。", "zh", SegmentKind::Registry);
    expect_pair(SEED_001, &result, "NCT03171194.", "NCT03171194。");
    expect_pair(SEED_001, &result, "Of six patients, five (83.3%", "在 6 名患者中,有 5 名(83.3%");
    expect_pair(SEED_001, &result, "Six women with a SLEDAI >6", "6 名女性 SLEDAI >6");
}

#[test]
fn seed_000_affiliations_citation_and_four_pairs() {
    let result = split(SEED_000);
    expect(
        SEED_000,
        &result,
        "Hospital for Special Surgery, New York, New York.",
        "en",
        SegmentKind::Affiliation,
    );
    expect(
        SEED_000,
        &result,
        "Geisel School of Medicine at Dartmouth",
        "en",
        SegmentKind::Affiliation,
    );
    expect(SEED_000, &result, "Arthritis Rheumatol. 2018 Feb", "en", SegmentKind::Citation);
    for (english, chinese) in [
        ("To assess the safety and efficacy", "评估贝鲁单抗治疗"),
        ("In this 52-week, investigator-initiated", "在这项为期 52 周"),
        ("In the belimumab group, the median", "在贝鲁单抗组,改良 Rodnan"),
        ("Patients in both treatment groups", "两组患者的 MRSS 均有显著改善"),
    ] {
        expect(SEED_000, &result, english, "en", SegmentKind::Body);
        expect(SEED_000, &result, chinese, "zh", SegmentKind::Body);
        expect_pair(SEED_000, &result, english, chinese);
    }
}

#[test]
fn seeds_with_crlf_line_endings_split_the_same_way() {
    for seed in [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004] {
        let windows = seed.replace('\n', "\r\n");
        let unix = split(seed);
        let crlf = split(&windows);
        assert_eq!(unix.segments.len(), crlf.segments.len());
        for (a, b) in unix.segments.iter().zip(&crlf.segments) {
            assert_eq!((a.kind, &a.lang, a.pair), (b.kind, &b.lang, b.pair));
            assert_eq!(a.text(seed).replace('\n', "\r\n"), b.text(&windows));
        }
    }
}

#[test]
fn seed_004_chinese_numbers_of_the_results_paragraph() {
    let result = split(SEED_004);
    let segment = &result.segments[find(SEED_004, &result, "我们纳入了皮肌炎")];
    let numbers = trialsift_splitter::chinese_numbers(SEED_004, segment);
    let written: Vec<(&str, bool)> =
        numbers.iter().map(|found| (found.number.text.as_str(), found.percent)).collect();
    // Read off the paragraph by hand, in order.
    assert_eq!(
        written,
        [
            ("9", false),
            ("6", false),
            ("4", false),
            ("1", false),
            ("1", false),
            ("8", false),
            ("8", false),
            ("19", false),
            ("42.0", true),
            ("95", true),
            ("19.6", false),
            ("64.6", false),
            ("9", false),
            ("6", false),
            ("3", false),
            ("7", false),
            ("3", false),
            ("1", false),
        ]
    );
    let interval = &numbers[10].number;
    assert_eq!((interval.value, interval.decimals), (19.6, 1));
    assert_eq!(&SEED_004[interval.start..interval.end], "19.6");
}
