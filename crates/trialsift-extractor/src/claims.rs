//! Claims of significance and of non-significance, tied to the p-value they are about.
//!
//! A claim is a phrase such as "significantly decreased", "a significant decrease",
//! "no significant difference", "did not achieve statistical significance", "was not
//! significant" or "n.s.". Negative phrases are read first; a positive phrase inside a negative
//! one ("no *significant differences*") is not a second claim.
//!
//! The rule for `refers_to`: the claim refers to a p-value statement only when exactly one
//! p-value stands in the claim's sentence; when several do, to the one in the claim's own
//! clause (split at `;` and at ", whereas" / ", but" / ", while") if that clause holds exactly
//! one; otherwise to nothing. A claim in a sentence without a p-value refers to nothing
//! ("...did not achieve statistical significance in this small pilot study.").

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Claim, Statement, StatementValue};

use crate::number::compile;

/// Phrases that deny significance.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:no|without(?:\s+a(?:ny)?)?|nor)\s+(?:(?:statistically|clinically\s+(?:or\s+statistically\s+)?)\s+)?significant",
        r"(?:\s+(?:[a-z-]+\s+){0,2}?(?:differences?|changes?|effects?|improvements?|reductions?|increases?|decreases?|",
        r"associations?|correlations?|benefits?|interactions?|advantages?|between|in|on))?",
        r"|\b(?:did|does|do)\s+not\s+(?:achieve|reach|attain|show|demonstrate)\s+(?:a\s+)?(?:statistical\s+)?significan(?:ce|t\s+[a-z]+)",
        r"|\bfail(?:ed|s)?\s+to\s+(?:reach|achieve|attain)\s+(?:statistical\s+)?significance",
        r"|\b(?:was|were|is|are|be|been|remained)\s+not\s+(?:statistically\s+)?significant(?:ly\s+[a-z]+)?",
        r"|\bnot\s+(?:statistically\s+)?significantly\s+(?:different|[a-z]+ed|higher|lower|better|worse|greater|less)",
        r"|\bdid\s+not\s+differ\s+significantly|\bnon-?significant(?:ly)?\b|\bnot\s+significant\b",
        r"|\bn\.\s?s\.",
        r"|\b(?:no|not|without|nor|neither)\s+(?:[a-z-]+\s+){0,3}?(?:statisti[a-z]*\s+|clinically\s+)?significant(?:ly)?\b",
        r")",
        r"|\(NS\)|\bNS\b[,;)]",
    ))
});

/// Phrases that claim significance.
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:statistically\s+)?significantly\s+(?:[a-z]+ed|higher|lower|better|worse|greater|less|more|",
        r"longer|shorter|different|larger|smaller|fewer|superior|inferior)\b",
        r"|\b(?:an?\s+)?(?:statistically\s+)?significant\s+(?:[a-z-]+\s+)?(?:decreases?|increases?|improvements?|reductions?|",
        r"differences?|changes?|effects?|associations?|correlations?|benefits?|rises?|declines?|gains?|losses?|",
        r"advantages?|interactions?)\b",
        r"|\b(?:was|were|is|are|being|remained)\s+(?:statistically\s+|highly\s+)?significant\b",
        r"|\breach(?:ed|ing)?\s+(?:statistical\s+)?significance)",
    ))
});

/// Reads the claims of one segment; `base` is its offset in the full text.
pub(crate) fn scan(segment: &str, base: usize) -> Vec<Claim> {
    let bytes = segment.as_bytes();
    if memchr::memmem::find(bytes, b"ignifican").is_none()
        && memchr::memmem::find(bytes, b"n.s").is_none()
        && memchr::memmem::find(bytes, b"NS").is_none()
    {
        return Vec::new();
    }
    let mut claims: Vec<Claim> = NEGATIVE
        .find_iter(bytes)
        .map(|found| Claim {
            significant: false,
            start: base + found.start(),
            end: base + found.end(),
            refers_to: None,
        })
        .collect();
    for found in POSITIVE.find_iter(bytes) {
        let (start, end) = (base + found.start(), base + found.end());
        if claims.iter().any(|claim| start < claim.end && claim.start < end) {
            continue;
        }
        claims.push(Claim { significant: true, start, end, refers_to: None });
    }
    claims.sort_by_key(|claim| claim.start);
    claims
}

/// Returns the byte range of the sentence of `text` that holds `position`.
fn sentence_around(text: &[u8], position: usize) -> (usize, usize) {
    let is_stop = |index: usize| {
        matches!(text.get(index), Some(b'.' | b'!' | b'?'))
            && text.get(index + 1).is_none_or(|b| b.is_ascii_whitespace())
            && text
                .get(index + 1..)
                .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()))
                .is_none_or(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b >= 0x80)
            || matches!(text.get(index), Some(b'\n'))
    };
    let start = (0..position.min(text.len())).rev().find(|&i| is_stop(i)).map_or(0, |i| i + 1);
    let end = (position..text.len()).find(|&i| is_stop(i)).map_or(text.len(), |i| i + 1);
    (start, end)
}

/// Returns the byte range of the clause of a sentence that holds `position`.
fn clause_around(text: &[u8], sentence: (usize, usize), position: usize) -> (usize, usize) {
    let (start, end) = sentence;
    let slice = text.get(start..end).unwrap_or(&[]);
    let mut cuts = vec![0];
    for (index, byte) in slice.iter().enumerate() {
        if *byte == b';' {
            cuts.push(index + 1);
        }
    }
    for marker in [&b", whereas"[..], b", but", b", while"] {
        cuts.extend(memchr::memmem::find_iter(slice, marker).map(|index| index + 1));
    }
    cuts.push(slice.len());
    cuts.sort_unstable();
    let offset = position.saturating_sub(start);
    let clause_start = cuts.iter().rev().find(|&&cut| cut <= offset).copied().unwrap_or(0);
    let clause_end = cuts.iter().find(|&&cut| cut > offset).copied().unwrap_or(slice.len());
    (start + clause_start, start + clause_end)
}

/// Ties each claim to the one p-value of its sentence or, failing that, of its clause.
pub(crate) fn link(text: &str, statements: &[Statement], claims: &mut [Claim]) {
    let bytes = text.as_bytes();
    let p_values: Vec<(usize, &Statement)> = statements
        .iter()
        .enumerate()
        .filter(|(_, statement)| matches!(statement.value, StatementValue::PValue { .. }))
        .collect();
    for claim in claims.iter_mut() {
        let sentence = sentence_around(bytes, claim.start);
        let inside = |range: (usize, usize)| -> Vec<usize> {
            p_values
                .iter()
                .filter(|(_, statement)| statement.start >= range.0 && statement.end <= range.1)
                .map(|(index, _)| *index)
                .collect()
        };
        let in_sentence = inside(sentence);
        claim.refers_to = match in_sentence.as_slice() {
            [only] => Some(*only),
            [] => None,
            _ => match inside(clause_around(bytes, sentence, claim.start)).as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(bool, &str)> {
        scan(text, 0)
            .iter()
            .map(|claim| (claim.significant, &text[claim.start..claim.end]))
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&NEGATIVE);
        LazyLock::force(&POSITIVE);
    }

    #[test]
    fn negative_and_positive_phrases() {
        assert_eq!(
            kinds("There were no significant differences between the groups."),
            [(false, "no significant differences")]
        );
        assert_eq!(
            kinds("greater but did not achieve statistical significance in this study"),
            [(false, "did not achieve statistical significance")]
        );
        assert_eq!(
            kinds("The effect was not significant (n.s.)."),
            [(false, "was not significant"), (false, "n.s.")]
        );
        assert_eq!(
            kinds("MRSS significantly decreased at week 52"),
            [(true, "significantly decreased")]
        );
        assert_eq!(
            kinds("showed a significant decrease in genes"),
            [(true, "a significant decrease")]
        );
        assert_eq!(
            kinds("experienced significant improvements in MRSS"),
            [(true, "significant improvements")]
        );
        assert_eq!(
            kinds("the difference was statistically significant"),
            [(true, "was statistically significant")]
        );
        assert!(kinds("a significance level of 5%").is_empty());
        assert_eq!(
            kinds("could not detect any statistically significant differences"),
            [(false, "not detect any statistically significant")]
        );
    }

    #[test]
    fn refers_to_the_one_p_value_of_the_sentence_or_clause() {
        let text = "Scores significantly decreased (P = 0.01). No significant difference was seen. \
                    Pain fell significantly (P = 0.02); fatigue was not significant (P = 0.40).";
        let mut claims = scan(text, 0);
        let statements: Vec<Statement> =
            crate::statements::scan(text, 0, crate::statements::Hints::default());
        link(text, &statements, &mut claims);
        let p_at = |needle: &str| {
            statements.iter().position(|statement| text[statement.start..].starts_with(needle))
        };
        let refers: Vec<(&str, Option<usize>)> =
            claims.iter().map(|claim| (&text[claim.start..claim.end], claim.refers_to)).collect();
        assert_eq!(
            refers,
            [
                ("significantly decreased", p_at("P = 0.01")),
                ("No significant difference", None),
                ("was not significant", p_at("P = 0.40")),
            ]
        );
    }
}
