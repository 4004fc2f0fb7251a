//! Ties statements to the arm the sentence says they are about.
//!
//! A group is named in the text as "the belimumab group", "the IVIG arm", "the placebo
//! cohort". A statement is tied to a group only where the sentence leaves no doubt:
//!
//! - the group follows it, nothing but "in/for/among/with the" between: "-10 (IQR -13, -9) in
//!   the belimumab group";
//! - the group stands right before the bracket that holds it: "in the IVIG group (-5.3 ± 7.9)";
//! - the sentence opens with the group ("In the belimumab group, the median MRSS decreased from
//!   27 ... (P = 0.039)") and names no other.
//!
//! A p-value is tied only in a sentence that names one group: where two groups are named, a
//! p-value compares them. The arm is named as the study's arm when one of the study's arms is
//! named in the group's words (the dictionary name, "belimumab"), otherwise by the group's words
//! as written ("IVIG").

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Arm, Statement, StatementValue};

use crate::number::compile;

/// A group named in the text: up to three words before "group", "arm" or "cohort".
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?P<name>[A-Za-z0-9][A-Za-z0-9/+-]*(?:\s+[A-Za-z0-9][A-Za-z0-9/+-]*){0,2}?)",
        r"\s+(?i:group|arm|cohort)\b",
    ))
});

/// Words that do not name a group ("the two groups", "each arm").
const NOT_A_NAME: &[&str] = &[
    "the",
    "a",
    "an",
    "each",
    "both",
    "two",
    "three",
    "four",
    "all",
    "either",
    "other",
    "same",
    "this",
    "that",
    "these",
    "those",
    "per",
    "one",
    "every",
    "study",
    "treatment groups",
    "in",
    "of",
    "by",
    "to",
    "and",
    "or",
    "between",
    "among",
];

/// Words allowed between a statement and the group after it.
static FOLLOWED_BY_GROUP: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*[,;]?\s*(?i:in|for|among|with|of)?\s*(?i:the)?\s*$"));

/// A named group in a sentence, with its span relative to the sentence.
pub(crate) struct Mention {
    /// The arm's name the mention stands for.
    pub(crate) name: String,
    /// Byte offset of the group's words.
    pub(crate) start: usize,
    /// Byte offset one past "group"/"arm"/"cohort".
    pub(crate) end: usize,
}

/// Ties the statements of the readable segments (each with its offset in the full text) to the
/// arms their sentences name.
pub(crate) fn tie(readable: &[(usize, &str)], arms: &[Arm], statements: &mut [Statement]) {
    for (base, segment) in readable {
        for (sentence_start, sentence_end) in crate::text::sentences(segment) {
            let Some(sentence) = segment.get(sentence_start..sentence_end) else {
                continue;
            };
            let offset = base + sentence_start;
            let inside: Vec<usize> = statements
                .iter()
                .enumerate()
                .filter(|(_, statement)| {
                    statement.start >= offset && statement.end <= offset + sentence.len()
                })
                .map(|(index, _)| index)
                .collect();
            if inside.is_empty() {
                continue;
            }
            let mentions = mentions(sentence, arms);
            if mentions.is_empty() {
                continue;
            }
            let distinct = {
                let mut names: Vec<&str> = mentions.iter().map(|m| m.name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                names.len()
            };
            let opening = mentions.first().filter(|first| opens(sentence, first));
            for index in inside {
                let Some(statement) = statements.get_mut(index) else {
                    continue;
                };
                let start = statement.start - offset;
                let end = statement.end - offset;
                let is_p = matches!(statement.value, StatementValue::PValue { .. });
                let followed = mentions.iter().find(|mention| {
                    mention.start >= end
                        && sentence
                            .as_bytes()
                            .get(end..mention.start)
                            .is_some_and(|gap| FOLLOWED_BY_GROUP.is_match(gap))
                });
                let bracketed = mentions.iter().find(|mention| {
                    mention.end <= start && opens_bracket_around(sentence, mention.end, start)
                });
                let tied = match (followed, bracketed) {
                    (Some(mention), _) if !is_p => Some(mention),
                    (None, Some(mention)) if !is_p || distinct == 1 => Some(mention),
                    _ if distinct == 1 => opening,
                    _ => None,
                };
                statement.arm = tied.map(|mention| mention.name.clone());
            }
        }
    }
}

/// The words without which a sentence names no group, in one automaton.
static GROUP_WORDS: LazyLock<Option<aho_corasick::AhoCorasick>> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(["group", "Group", "arm", "cohort"]).ok());

/// Finds the groups a sentence names.
pub(crate) fn mentions(sentence: &str, arms: &[Arm]) -> Vec<Mention> {
    let bytes = sentence.as_bytes();
    if !GROUP_WORDS.as_ref().is_none_or(|finder| finder.is_match(bytes)) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for captures in crate::number::captures(&GROUP, bytes) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.name("name")) else {
            continue;
        };
        let Ok(words) = std::str::from_utf8(name.as_bytes()) else {
            continue;
        };
        // Keep the words after the last one that cannot name a group ("in the placebo group").
        let kept: Vec<&str> = words
            .split_whitespace()
            .rev()
            .take_while(|word| !NOT_A_NAME.contains(&word.to_ascii_lowercase().as_str()))
            .collect();
        if kept.is_empty() {
            continue;
        }
        let written: Vec<&str> = kept.into_iter().rev().collect();
        let written = written.join(" ");
        let lower = written.to_ascii_lowercase();
        let arm = arms.iter().find(|arm| {
            let arm_name = arm.name.to_ascii_lowercase();
            !arm_name.is_empty() && (lower.contains(&arm_name) || arm_name.contains(&lower))
        });
        let name = arm.map_or(written, |arm| arm.name.clone());
        found.push(Mention { name, start: whole.start(), end: whole.end() });
    }
    found
}

/// Tells whether a sentence opens with a mention: "In the belimumab group, ...".
fn opens(sentence: &str, mention: &Mention) -> bool {
    let lead = sentence.get(..mention.start).unwrap_or("").trim();
    let lead = lead.to_ascii_lowercase();
    let after = sentence.as_bytes().get(mention.end..).unwrap_or(&[]);
    let leading_words =
        lead.split_whitespace().all(|word| matches!(word, "in" | "for" | "among" | "the"));
    leading_words && after.trim_ascii_start().first() == Some(&b',')
}

/// Tells whether the text between a group's end and a statement opens one bracket that the
/// statement stands in: "IVIG group (-5.3 ± 7.9)", "MMF group (-3.4 ± 7.4, p = 0.26)".
fn opens_bracket_around(sentence: &str, group_end: usize, statement_start: usize) -> bool {
    let Some(gap) = sentence.as_bytes().get(group_end..statement_start) else {
        return false;
    };
    let trimmed = gap.trim_ascii_start();
    let Some((&open, rest)) = trimmed.split_first() else {
        return false;
    };
    matches!(open, b'(' | b'[')
        && !rest.iter().any(|byte| matches!(byte, b'(' | b')' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(name: &str) -> Arm {
        Arm { name: name.to_owned(), ..Arm::default() }
    }

    /// The statements of `text` with the arm each is tied to, as `(statement text, arm)`.
    fn tied(text: &str, arms: &[Arm]) -> Vec<(String, Option<String>)> {
        let mut statements = crate::statements::scan(text, 0, crate::statements::Hints::default());
        statements.sort_by_key(|statement| statement.start);
        tie(&[(0, text)], arms, &mut statements);
        statements
            .iter()
            .map(|statement| {
                (text[statement.start..statement.end].to_owned(), statement.arm.clone())
            })
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&GROUP);
        LazyLock::force(&FOLLOWED_BY_GROUP);
    }

    #[test]
    fn seed_000_within_and_between_groups() {
        let arms = [arm("belimumab"), arm("placebo")];
        let text = "In the belimumab group, the median MRSS decreased from 27 (IQR 26.5, 31) to 18 (IQR 11, 23) (P = 0.039).";
        let found = tied(text, &arms);
        assert!(found.iter().all(|(_, arm)| arm.as_deref() == Some("belimumab")), "{found:?}");
        let text = "The median change in MRSS was -10 (IQR -13, -9) in the belimumab group and -3.0 (IQR -15, -1) in the placebo group (P = 0.411).";
        assert_eq!(
            tied(text, &arms),
            [
                ("-10 (IQR -13, -9)".to_owned(), Some("belimumab".to_owned())),
                ("-3.0 (IQR -15, -1)".to_owned(), Some("placebo".to_owned())),
                ("P = 0.411".to_owned(), None),
            ]
        );
    }

    #[test]
    fn seed_003_groups_before_their_brackets() {
        let text = "The mean change in mRSS at 6 months was not significantly different in the IVIG group (-5.3 ± 7.9) compared to the relaxin trial (-4.8 ± 6.99, p = 0.74) or MMF group (-3.4 ± 7.4, p = 0.26).";
        let found = tied(text, &[]);
        assert_eq!(found[0], ("-5.3 ± 7.9".to_owned(), Some("IVIG".to_owned())));
        assert_eq!(found[1].1, None, "the relaxin trial is no group: {found:?}");
        let mmf: Vec<&(String, Option<String>)> =
            found.iter().filter(|(_, arm)| arm.as_deref() == Some("MMF")).collect();
        assert_eq!(mmf.len(), 1, "the p-value compares groups: {found:?}");
    }

    #[test]
    fn no_group_no_tie() {
        let found = tied("Pain fell from 7.1 ± 1.2 to 4.0 ± 1.1 (P < 0.001).", &[]);
        assert!(found.iter().all(|(_, arm)| arm.is_none()));
        let found = tied("There was no difference between the two groups (P = 0.3).", &[]);
        assert!(found.iter().all(|(_, arm)| arm.is_none()));
    }
}
