//! Splits a clinical-trial document into language segments.
//!
//! The pure core of the splitter stage: text in, [`SplitResult`] out, no I/O.
//! A document is cut into its non-empty lines (a line mixing an English and a
//! Chinese sentence is cut between them), each line gets a language from its
//! scripts and a kind from its shape and its place in the document (title,
//! citation, affiliation, body, registry line, eligibility list, boilerplate),
//! hard-wrapped body lines are joined into paragraphs, and each English
//! paragraph is paired with the Chinese paragraph that translates it.
//!
//! Spans are byte ranges into the original text, on UTF-8 boundaries, in
//! document order and never overlapping; together they cover every
//! non-whitespace character. `split` never panics.

mod classify;
mod numbers;
mod pair;
mod script;
mod units;
#[cfg(feature = "worker")]
pub mod worker;

use trialsift_domain::{Segment, SegmentKind, SplitResult};

use crate::classify::{Shape, has_site_words, shape, starts_with_section_label};
use crate::units::Unit;

pub use crate::numbers::{ChineseNumber, chinese_numbers};
pub use crate::script::language_of;

/// Splits a document into segments with language, kind and translation pairs.
pub fn split(text: &str) -> SplitResult {
    let units = units::scan(text);
    let shapes: Vec<Shape> = units.iter().map(|unit| shape(unit.text(text))).collect();
    let mut kinds = assign_kinds(text, &units, &shapes);
    mark_titles(text, &units, &mut kinds);
    let mut segments = merge(text, &units, &kinds);
    pair::pair_translations(text, &mut segments);
    debug_assert!(segments.windows(2).all(|w| w[0].end <= w[1].start));
    SplitResult { segments }
}

/// Returns the segments of one language that extraction reads (every kind but boilerplate).
pub fn extracted_segments<'a>(
    result: &'a SplitResult,
    lang: &'a str,
) -> impl Iterator<Item = &'a Segment> + 'a {
    result
        .segments
        .iter()
        .filter(move |segment| segment.lang == lang && segment.kind.is_extracted())
}

/// Gives each unit a kind from its shape and the disclaimer blocks around it; titles come later.
fn assign_kinds(text: &str, units: &[Unit], shapes: &[Shape]) -> Vec<SegmentKind> {
    let mut kinds = Vec::with_capacity(units.len());
    let mut in_disclaimer = false;
    let mut previous_list_item = false;
    for (unit, unit_shape) in units.iter().zip(shapes) {
        let line = unit.text(text);
        if *unit_shape == Shape::DisclaimerHeader {
            in_disclaimer = true;
            kinds.push(SegmentKind::Boilerplate);
            previous_list_item = false;
            continue;
        }
        if in_disclaimer {
            let notice =
                matches!(unit_shape, Shape::Boilerplate | Shape::ListItem) || has_site_words(line);
            if notice {
                kinds.push(SegmentKind::Boilerplate);
                continue;
            }
            in_disclaimer = false;
        }
        let kind = match unit_shape {
            Shape::Boilerplate | Shape::DisclaimerHeader => SegmentKind::Boilerplate,
            Shape::Registry => SegmentKind::Registry,
            Shape::Citation => SegmentKind::Citation,
            Shape::Affiliation => SegmentKind::Affiliation,
            Shape::ListItem => SegmentKind::Eligibility,
            // A wrapped list item goes on in lowercase on the next line.
            Shape::Plain if previous_list_item && !unit.after_blank && starts_lowercase(line) => {
                SegmentKind::Eligibility
            }
            Shape::Plain => SegmentKind::Body,
        };
        previous_list_item = kind == SegmentKind::Eligibility;
        kinds.push(kind);
    }
    kinds
}

/// Marks the title: the first short line before any body, and its translation right after it.
fn mark_titles(text: &str, units: &[Unit], kinds: &mut [SegmentKind]) {
    let visible: Vec<usize> = (0..units.len())
        .filter(|index| kinds.get(*index) != Some(&SegmentKind::Boilerplate))
        .collect();
    let mut candidates = visible.into_iter();
    let mut first_body = None;
    for index in candidates.by_ref() {
        match kinds.get(index) {
            Some(SegmentKind::Body) => {
                first_body = Some(index);
                break;
            }
            Some(SegmentKind::Affiliation | SegmentKind::Citation | SegmentKind::Registry) => {
                continue;
            }
            _ => return,
        }
    }
    let Some(title_index) = first_body else {
        return;
    };
    let Some(title) = units.get(title_index) else {
        return;
    };
    // PubMed writes its titles with a full stop, then the author list.
    let byline_follows = candidates
        .clone()
        .next()
        .and_then(|next| kinds.get(next))
        .is_some_and(|kind| matches!(kind, SegmentKind::Citation | SegmentKind::Affiliation));
    if !is_title_like(title.text(text), title.lang, byline_follows) {
        return;
    }
    if let Some(kind) = kinds.get_mut(title_index) {
        *kind = SegmentKind::Title;
    }
    // A title continued on the next lines, then its translation.
    let mut title_lines = vec![title_index];
    for index in candidates {
        let Some(unit) = units.get(index) else {
            return;
        };
        if kinds.get(index) != Some(&SegmentKind::Body) {
            return;
        }
        let line = unit.text(text);
        let last_title = title_lines.last().copied().unwrap_or(title_index);
        let continues = unit.lang == title.lang
            && !unit.after_blank
            && index == last_title + 1
            && title_lines.len() < MAX_TITLE_LINES
            && starts_lowercase(line);
        if continues {
            title_lines.push(index);
            // A wrapped first sentence, not a title, when a continuation closes it.
            if line.ends_with('.') {
                for wrapped in &title_lines {
                    if let Some(slot) = kinds.get_mut(*wrapped) {
                        *slot = SegmentKind::Body;
                    }
                }
                return;
            }
            if let Some(slot) = kinds.get_mut(index) {
                *slot = SegmentKind::Title;
            }
            continue;
        }
        let translated = matches!((title.lang, unit.lang), ("en", "zh") | ("zh", "en"));
        if translated
            && is_title_like(line, unit.lang, true)
            && let Some(kind) = kinds.get_mut(index)
        {
            *kind = SegmentKind::Title;
        }
        return;
    }
}

/// Most lines a wrapped title spans.
const MAX_TITLE_LINES: usize = 4;

/// Tells whether a line reads like a title; a translated title may end with a full stop.
fn is_title_like(line: &str, lang: &str, translation: bool) -> bool {
    let last = line.chars().next_back().unwrap_or(' ');
    if matches!(last, ':' | '：' | ';' | '；' | ',' | '，') || starts_with_section_label(line) {
        return false;
    }
    let final_stop = matches!(last, '.' | '。');
    if final_stop && !translation {
        return false;
    }
    if lang == "zh" || lang == "ja" || lang == "ko" {
        let characters = line.chars().filter(|c| !c.is_whitespace()).count();
        return (5..=150).contains(&characters);
    }
    let words =
        line.split_whitespace().filter(|word| word.chars().any(char::is_alphabetic)).count();
    words >= 3 && line.len() <= 400
}

/// Tells whether a line opens with a lowercase letter.
fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Tells whether a line ends a sentence.
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '”', '’', '\'', ')', '）', ']']).chars().next_back().is_some_and(
        |c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | ':' | '：' | ';' | '；'),
    )
}

/// Joins units into segments: hard-wrapped body lines become one paragraph.
fn merge(text: &str, units: &[Unit], kinds: &[SegmentKind]) -> Vec<Segment> {
    let blank_layout = blank_line_layout(units, kinds);
    let mut segments: Vec<Segment> = Vec::with_capacity(units.len());
    let mut previous: Option<&Unit> = None;
    for (unit, kind) in units.iter().zip(kinds) {
        if let (Some(last_unit), Some(last)) = (previous, segments.last_mut()) {
            let same = last.lang == unit.lang && last.kind == *kind;
            let joinable = matches!(
                kind,
                SegmentKind::Title
                    | SegmentKind::Body
                    | SegmentKind::Eligibility
                    | SegmentKind::Affiliation
            );
            let continues = match kind {
                SegmentKind::Body => {
                    blank_layout
                        || (!ends_sentence(last_unit.text(text))
                            && last_unit.text(text).chars().count() >= 40)
                }
                _ => starts_lowercase(unit.text(text)) && !ends_sentence(last_unit.text(text)),
            };
            if same && joinable && unit.line_start && !unit.after_blank && continues {
                last.end = unit.end;
                previous = Some(unit);
                continue;
            }
        }
        segments.push(Segment {
            lang: unit.lang.to_owned(),
            kind: *kind,
            start: unit.start,
            end: unit.end,
            pair: None,
        });
        previous = Some(unit);
    }
    segments
}

/// Tells whether the document separates its paragraphs with blank lines, so single line breaks are wraps.
fn blank_line_layout(units: &[Unit], kinds: &[SegmentKind]) -> bool {
    let body_after_blank = units
        .iter()
        .zip(kinds)
        .skip(1)
        .filter(|(unit, kind)| unit.after_blank && **kind == SegmentKind::Body)
        .count();
    body_after_blank >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts<'a>(
        text: &'a str,
        result: &SplitResult,
    ) -> Vec<(SegmentKind, String, &'a str)> {
        result.segments.iter().map(|s| (s.kind, s.lang.clone(), s.text(text))).collect()
    }

    #[test]
    fn wrapped_first_sentence_is_not_a_title() {
        let text = "Background and objectives were to assess the drug in\nadults with lupus over a year of treatment.";
        let result = split(text);
        assert!(result.segments.iter().all(|s| s.kind == SegmentKind::Body));
    }

    #[test]
    fn wrapped_title_is_one_title() {
        let text = "Intravenous immunoglobulin may be an effective therapy for\nrefractory, active diffuse cutaneous\nsystemic sclerosis\n\nWe treated 30 patients.";
        let result = split(text);
        assert_eq!(result.segments[0].kind, SegmentKind::Title);
        assert!(result.segments[0].text(text).ends_with("sclerosis"));
        assert_eq!(result.segments[1].kind, SegmentKind::Body);
    }

    #[test]
    fn title_with_full_stop_before_the_authors() {
        let text = "1. Ann Rheum Dis. 2019 Jun;78(6):787-795. doi: 10.1136/annrheumdis-2018-214685.\n\nTofacitinib in refractory dermatomyositis: an open-label pilot study.\n\nPaik JJ, Christopher-Stine L, Paik Y, Albayda J.\n\nOBJECTIVES: To assess tofacitinib.";
        let kinds: Vec<SegmentKind> = split(text).segments.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [SegmentKind::Citation, SegmentKind::Title, SegmentKind::Citation, SegmentKind::Body]
        );
    }

    #[test]
    fn empty_and_whitespace_documents_have_no_segments() {
        assert!(split("").segments.is_empty());
        assert!(split(" \n\r\n\t　\n").segments.is_empty());
    }

    #[test]
    fn title_then_body_then_list() {
        let text = "A Randomized Trial of Drug X in Lupus\nWe enrolled 40 patients.\n• Age 18 or older\n• No prior biologics";
        let result = split(text);
        let got = kinds_and_texts(text, &result);
        assert_eq!(
            got[0],
            (SegmentKind::Title, "en".to_owned(), "A Randomized Trial of Drug X in Lupus")
        );
        assert_eq!(got[1], (SegmentKind::Body, "en".to_owned(), "We enrolled 40 patients."));
        assert_eq!(got[2].0, SegmentKind::Eligibility);
        assert_eq!(got[3].0, SegmentKind::Eligibility);
    }

    #[test]
    fn hard_wrapped_paragraph_is_one_segment() {
        let text = "Belimumab in Early Diffuse Systemic Sclerosis\nThe objective was to assess the safety of the drug in\nadults with lupus over a year of treatment.\nSecond paragraph stands alone here.";
        let result = split(text);
        let got: Vec<(SegmentKind, &str)> =
            result.segments.iter().map(|s| (s.kind, s.text(text))).collect();
        assert_eq!(
            got,
            [
                (SegmentKind::Title, "Belimumab in Early Diffuse Systemic Sclerosis"),
                (
                    SegmentKind::Body,
                    "The objective was to assess the safety of the drug in\nadults with lupus over a year of treatment."
                ),
                (SegmentKind::Body, "Second paragraph stands alone here."),
            ]
        );
    }

    #[test]
    fn crlf_and_full_width_layout_pairs() {
        let text = "We included 20 adults with myositis and treated them for 9 weeks.\r\nEight patients (8/19 = 42.0%) improved by 9 weeks of treatment.\r\n我们纳入了 20 名肌炎成人患者,治疗 9 周。\r\n8 名患者(8/19=42.0%)在 9 周时改善。\r\n";
        let result = split(text);
        assert_eq!(result.segments.len(), 4);
        assert_eq!(result.segments[0].pair, Some(2));
        assert_eq!(result.segments[1].pair, Some(3));
        assert_eq!(result.segments[2].pair, Some(0));
        assert_eq!(result.segments[3].pair, Some(1));
        assert!(result.segments.iter().all(|s| !s.text(text).ends_with('\r')));
    }

    #[test]
    fn disclaimer_block_is_boilerplate_until_real_text() {
        let text = "Disclaimer\n1. This site does not give medical advice.\n2. Content is for reference only.\nWe randomized 30 patients to drug or placebo and followed them for 24 weeks in total.";
        let result = split(text);
        let kinds: Vec<SegmentKind> = result.segments.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Boilerplate,
                SegmentKind::Boilerplate,
                SegmentKind::Boilerplate,
                SegmentKind::Body
            ]
        );
    }

    #[test]
    fn english_and_chinese_on_one_line_become_two_segments() {
        let text = "Adverse events were minimal in all six patients. 6 名患者的不良事件都很少。";
        let result = split(text);
        assert_eq!(result.segments.len(), 2);
        assert_eq!(result.segments[0].lang, "en");
        assert_eq!(result.segments[1].lang, "zh");
        assert_eq!(result.segments[0].pair, Some(1));
    }
}
