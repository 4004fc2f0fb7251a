//! Subgroups with their counts, and study arms.
//!
//! Labelled counts "label (n = 9)" come in runs within a sentence. A run of two or more is
//! read as arms when its sentence speaks of allocation (randomized, assigned, allocated) or a
//! label names a group or arm ("control group (n = 77)"); otherwise as subgroups of the
//! population ("DM (n = 9), immune-mediated necrotizing myopathy (n = 6), ..."). A lone
//! "(n = 29)" is the n of a statement, not a subgroup.
//!
//! Arms are also read from an allocation sentence without counts: "randomized 1:1 to
//! additionally receive belimumab ... or placebo" gives the arms belimumab and placebo, named
//! by the dictionary's canonical name (short forms resolved through their long forms) or by
//! the control word.

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Arm, Number, Subgroup};

use crate::lexicon::{self, EntityKind, Resolved};
use crate::number::{compile, parse_count};

/// A labelled count: "(n = 9)" closed right after the number.
static LABELLED_COUNT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\(\s*[nN]\s*=\s*(?P<n>[0-9]{1,6})\s*\)"));

/// Words of allocation, which make a run of labelled counts arms.
static ALLOCATION: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\brandomi[sz]|\brandomly\b|\bassigned\b|\ballocated\b|\bgroups?\b|\barms?\b)")
});

/// An allocation verb followed by where the participants went.
static ALLOCATED_TO: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|allocated|assigned)\b",
        r"(?:\s+(?:\(|in\s+an?\s+|at\s+an?\s+)?[0-9]{1,2}\s*:\s*[0-9]{1,2}\)?(?:\s+ratio)?)?",
        r",?\s+(?:to|into|between)\b)",
    ))
});

/// Control arms named by a word, not a drug.
static CONTROL_ARM: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:placebo|sham(?:\s+[a-z]+)?|usual\s+care|standard\s+(?:of\s+)?care|no\s+treatment|",
        r"waiting\s+list|wait-list|observation)\b)",
    ))
});

/// Words that end a label when read backwards from its count.
const LABEL_STOP_WORDS: &[&str] = &[
    "with",
    "of",
    "in",
    "and",
    "or",
    "to",
    "into",
    "for",
    "the",
    "a",
    "an",
    "were",
    "was",
    "had",
    "included",
    "including",
    "vs",
    "versus",
    "between",
    "among",
    "from",
    "on",
    "as",
    "by",
    "who",
];

/// A labelled count found in a segment.
struct Labelled {
    /// The label, as written.
    label: String,
    /// The count, with full-text span.
    count: Number,
    /// Full-text offset of the label's start.
    label_start: usize,
}

/// Returns the end of the sentence that holds `position` (one past its stop), within `segment`.
fn sentence_end(bytes: &[u8], position: usize) -> usize {
    (position..bytes.len())
        .find(|&index| {
            matches!(bytes.get(index), Some(b'.' | b'!' | b'?'))
                && bytes.get(index + 1).is_none_or(|byte| byte.is_ascii_whitespace())
                || bytes.get(index) == Some(&b'\n')
        })
        .map_or(bytes.len(), |index| index + 1)
}

/// Returns the start of the sentence that holds `position`.
fn sentence_start(bytes: &[u8], position: usize) -> usize {
    (0..position.min(bytes.len()))
        .rev()
        .find(|&index| {
            matches!(bytes.get(index), Some(b'.' | b'!' | b'?'))
                && bytes.get(index + 1).is_none_or(|byte| byte.is_ascii_whitespace())
                || bytes.get(index) == Some(&b'\n')
        })
        .map_or(0, |index| index + 1)
}

/// Reads the label written right before a labelled count: the words back to punctuation or a function word.
fn label_before(segment: &str, end: usize) -> Option<(usize, String)> {
    let before = segment.get(end.saturating_sub(100)..end)?;
    let offset = end - before.len();
    let cut = before.rfind([',', ';', ':', '(', ')', '[', ']', '.']).map_or(0, |index| index + 1);
    let clause = before.get(cut..)?;
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|word| {
            let position = word.as_ptr() as usize - clause.as_ptr() as usize;
            (position, word)
        })
        .collect();
    let first_kept = words
        .iter()
        .rposition(|(_, word)| LABEL_STOP_WORDS.contains(&word.to_ascii_lowercase().as_str()))
        .map_or(0, |index| index + 1);
    let kept = words.get(first_kept..)?;
    let (first_position, _) = kept.first()?;
    if kept.len() > 6 {
        return None;
    }
    let start = offset + cut + first_position;
    let label = segment.get(start..end)?.trim().to_owned();
    let has_letter = label.bytes().any(|byte| byte.is_ascii_alphabetic());
    has_letter.then_some((start, label))
}

/// Reads the subgroups and the arms with counts of the given segments (`(offset, text)` pairs).
pub(crate) fn labelled(segments: &[(usize, &str)]) -> (Vec<Subgroup>, Vec<Arm>) {
    let mut subgroups = Vec::new();
    let mut arms = Vec::new();
    for (base, segment) in segments {
        let bytes = segment.as_bytes();
        if memchr::memchr(b'=', bytes).is_none() {
            continue;
        }
        let mut runs: Vec<(usize, Vec<Labelled>)> = Vec::new();
        for captures in LABELLED_COUNT.captures_iter(bytes) {
            let (Some(whole), Some(count)) = (captures.get(0), captures.name("n")) else {
                continue;
            };
            let Some(number) = parse_count(segment, count.start(), count.end(), *base) else {
                continue;
            };
            let Some((label_start, label)) = label_before(segment, whole.start()) else {
                continue;
            };
            let sentence = sentence_start(bytes, whole.start());
            let item = Labelled { label, count: number, label_start: base + label_start };
            match runs.last_mut() {
                Some((start, items)) if *start == sentence => items.push(item),
                _ => runs.push((sentence, vec![item])),
            }
        }
        for (start, items) in runs {
            if items.len() < 2 {
                continue;
            }
            let end = sentence_end(bytes, start);
            let sentence = bytes.get(start..end).unwrap_or(&[]);
            if ALLOCATION.is_match(sentence) {
                arms.extend(items.into_iter().map(|item| {
                    Arm {
                        start: item.label_start,
                        end: item.label_start + item.label.len(),
                        interventions: lexicon::mentions(&item.label)
                            .into_iter()
                            .filter(|mention| mention.kind == EntityKind::Intervention)
                            .map(|mention| mention.canonical.to_owned())
                            .collect(),
                        size: Some(item.count),
                        name: item.label,
                    }
                }));
            } else {
                subgroups.extend(
                    items.into_iter().map(|item| Subgroup { label: item.label, count: item.count }),
                );
            }
        }
    }
    (subgroups, arms)
}

/// Reads arms from the first allocation sentence: the interventions and controls named after its verb.
pub(crate) fn allocated(segments: &[(usize, &str)], resolved: &[Resolved]) -> Vec<Arm> {
    for (base, segment) in segments {
        let bytes = segment.as_bytes();
        let Some(verb) = ALLOCATED_TO.find(bytes) else {
            continue;
        };
        let end = sentence_end(bytes, verb.end());
        let Some(rest) = segment.get(verb.end()..end) else {
            continue;
        };
        let offset = base + verb.end();
        let mut named: Vec<(usize, usize, String, Vec<String>)> = Vec::new();
        for mention in lexicon::mentions(rest) {
            let written = rest.get(mention.start..mention.end).unwrap_or("");
            let (kind, canonical) = match resolved.iter().find(|known| known.short == written) {
                Some(known) => (known.kind, known.canonical),
                None => (mention.kind, mention.canonical),
            };
            if kind == EntityKind::Intervention {
                named.push((
                    offset + mention.start,
                    offset + mention.end,
                    canonical.to_owned(),
                    vec![canonical.to_owned()],
                ));
            }
        }
        for found in CONTROL_ARM.find_iter(rest.as_bytes()) {
            let name = String::from_utf8_lossy(found.as_bytes()).to_ascii_lowercase();
            named.push((offset + found.start(), offset + found.end(), name, Vec::new()));
        }
        named.sort_by_key(|(start, ..)| *start);
        named.dedup_by(|later, earlier| later.2 == earlier.2);
        if named.len() < 2 {
            continue;
        }
        return named
            .into_iter()
            .map(|(start, end, name, interventions)| Arm {
                name,
                size: None,
                interventions,
                start,
                end,
            })
            .collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&LABELLED_COUNT);
        LazyLock::force(&ALLOCATION);
        LazyLock::force(&ALLOCATED_TO);
        LazyLock::force(&CONTROL_ARM);
    }

    #[test]
    fn subgroups_with_counts() {
        let text = "We included patients with DM (n = 9), immune-mediated necrotizing myopathy (n = 6), non-specific myositis/overlap myositis (n = 4) and anti-synthetase syndrome (n = 1). It fell (n = 29, p = 0.01).";
        let (subgroups, arms) = labelled(&[(10, text)]);
        assert!(arms.is_empty());
        let found: Vec<(&str, f64)> =
            subgroups.iter().map(|group| (group.label.as_str(), group.count.value)).collect();
        assert_eq!(
            found,
            [
                ("DM", 9.0),
                ("immune-mediated necrotizing myopathy", 6.0),
                ("non-specific myositis/overlap myositis", 4.0),
                ("anti-synthetase syndrome", 1.0),
            ]
        );
        assert_eq!(&text[subgroups[0].count.start - 10..subgroups[0].count.end - 10], "9");
    }

    #[test]
    fn arms_with_sizes() {
        let text = "Workers were randomly allocated to an intervention (n = 65) or control group (n = 77).";
        let (subgroups, arms) = labelled(&[(0, text)]);
        assert!(subgroups.is_empty());
        let found: Vec<(&str, Option<f64>)> = arms
            .iter()
            .map(|arm| (arm.name.as_str(), arm.size.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(found, [("intervention", Some(65.0)), ("control group", Some(77.0))]);
    }

    #[test]
    fn arms_from_the_allocation_sentence() {
        let text = "20 patients with dcSSc on MMF were randomized 1:1 to additionally receive belimumab at 10 mg/kg intravenously or placebo. We assessed safety.";
        let arms = allocated(&[(0, text)], &[]);
        let names: Vec<&str> = arms.iter().map(|arm| arm.name.as_str()).collect();
        assert_eq!(names, ["belimumab", "placebo"]);
        assert_eq!(&text[arms[0].start..arms[0].end], "belimumab");
        assert_eq!(arms[0].interventions, ["belimumab"]);
    }
}
