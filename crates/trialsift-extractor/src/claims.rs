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
//! one; otherwise to nothing.
//!
//! A claim in a sentence without a p-value may restate an earlier result: "The median
//! difference was greater in the belimumab group but did not achieve statistical
//! significance" (conclusions) restates "The median change in MRSS was -10 (...) in the
//! belimumab group and -3.0 (...) in the placebo group (P = 0.411)" (results). It is tied to
//! that p-value only when the restatement is unmistakable (see [`restated`]); otherwise it
//! refers to nothing.

use std::sync::LazyLock;

use memchr::memmem::Finder;
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
///
/// The patterns run only over the stretches that can hold a claim (see [`stretches`]), not over
/// the whole segment: most of an abstract says nothing about significance.
pub(crate) fn scan(segment: &str, base: usize) -> Vec<Claim> {
    let bytes = segment.as_bytes();
    if !GATE.iter().any(|finder| finder.find(bytes).is_some()) {
        return Vec::new();
    }
    let stretches = stretches(bytes);
    let found_in = |regex: &'static Regex| {
        stretches.iter().flat_map(move |&(start, end)| {
            let stretch = bytes.get(start..end).unwrap_or(&[]);
            regex.find_iter(stretch).map(move |found| (start + found.start(), start + found.end()))
        })
    };
    let mut claims: Vec<Claim> = found_in(&NEGATIVE)
        .map(|(start, end)| Claim {
            significant: false,
            start: base + start,
            end: base + end,
            refers_to: None,
        })
        .collect();
    for (start, end) in found_in(&POSITIVE) {
        let (start, end) = (base + start, base + end);
        if claims.iter().any(|claim| start < claim.end && claim.start < end) {
            continue;
        }
        claims.push(Claim { significant: true, start, end, refers_to: None });
    }
    claims.sort_by_key(|claim| claim.start);
    claims
}

/// A segment without one of these holds no claim worth reading; the searchers are built once.
static GATE: LazyLock<[Finder<'static>; 3]> =
    LazyLock::new(|| [Finder::new(b"ignifican"), Finder::new(b"n.s"), Finder::new(b"NS")]);

/// The ends of "n.s." and "N.S.", found to look back for their "n.".
static S_DOT: LazyLock<[Finder<'static>; 2]> =
    LazyLock::new(|| [Finder::new(b"s."), Finder::new(b"S.")]);

/// The "NS" of "(NS)" and "NS,".
static NS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"NS"));

/// Tells whether the byte at `index` is one no claim holds: neither a word byte, whitespace, a
/// byte of a multi-byte character, nor `-(),;`, nor a full stop after `n` or `s` ("n.s.").
///
/// Such a byte is no word byte either, so a pattern run on the stretch between two of them sees
/// the same word boundaries and finds the same claims as one run on the whole segment.
fn is_cut(bytes: &[u8], index: usize) -> bool {
    match bytes.get(index) {
        None => true,
        Some(b'.') => !index
            .checked_sub(1)
            .and_then(|previous| bytes.get(previous))
            .is_some_and(|byte| matches!(byte, b'n' | b'N' | b's' | b'S')),
        Some(byte) => CUTS[usize::from(*byte)],
    }
}

/// The bytes that always end a stretch (a full stop does so only after other letters than `n`
/// and `s`; see [`is_cut`]), as a table: one look-up a byte.
static CUTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x80 {
        let b = byte as u8;
        table[byte] = !(b.is_ascii_alphanumeric()
            || matches!(b, b'_' | b'-' | b'(' | b')' | b',' | b';' | b'.')
            || matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' '));
        byte += 1;
    }
    table
};

/// Returns where "n.s." or "n. s." (a space of up to three bytes between, any case) starts, given
/// the position of its `s`.
fn n_s_before(bytes: &[u8], s: usize) -> Option<usize> {
    (0..=3).find_map(|gap| {
        let dot = s.checked_sub(gap + 1)?;
        let spaced = bytes.get(dot + 1..s).is_some_and(|between| {
            between.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0B || *b >= 0x80)
        });
        let n = dot.checked_sub(1)?;
        (spaced
            && bytes.get(dot) == Some(&b'.')
            && bytes.get(n).is_some_and(|b| matches!(b, b'n' | b'N')))
        .then_some(n)
    })
}

/// The stretches of a segment (between two bytes [`is_cut`] accepts) that may hold a claim,
/// in order: those holding "significan" in any case, an "n.s." or an "NS", which every claim
/// holds.
fn stretches(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    // The stretch around a key, unless an earlier key's holds it already.
    let add = |key: usize, stretches: &mut Vec<(usize, usize)>| {
        if let Some(&(start, end)) =
            stretches.iter().find(|&&(start, end)| start <= key && key < end)
        {
            return end.max(start);
        }
        let start = (0..key).rev().find(|&index| is_cut(bytes, index)).map_or(0, |cut| cut + 1);
        let end = (key..bytes.len()).find(|&index| is_cut(bytes, index)).unwrap_or(bytes.len());
        stretches.push((start, end));
        end
    };
    let mut at = 0;
    while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memchr2(b'f', b'F', rest)) {
        let f = at + found;
        at = f + 1;
        let Some(start) = f.checked_sub(5) else {
            continue;
        };
        if bytes.get(start..start + 10).is_some_and(|word| word.eq_ignore_ascii_case(b"significan"))
        {
            // No other key of this stretch adds anything: look on after it.
            at = at.max(add(start, &mut stretches));
        }
    }
    for finder in S_DOT.iter() {
        for s in finder.find_iter(bytes) {
            if let Some(key) = n_s_before(bytes, s) {
                add(key, &mut stretches);
            }
        }
    }
    for key in NS.find_iter(bytes) {
        add(key, &mut stretches);
    }
    stretches.sort_unstable();
    stretches
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
            [] => restated(bytes, sentence, &p_values),
            _ => match inside(clause_around(bytes, sentence, claim.start)).as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        };
    }
}

/// Words that carry no topic: function words, the vocabulary of significance, comparison and
/// study reports. What is left of a sentence ("median", "MRSS", "belimumab") names what it is about.
const NOT_TOPIC: &[&str] = &[
    "about",
    "achieve",
    "achieved",
    "across",
    "after",
    "against",
    "also",
    "among",
    "and",
    "any",
    "are",
    "arm",
    "arms",
    "been",
    "before",
    "being",
    "better",
    "between",
    "both",
    "but",
    "compared",
    "comparison",
    "control",
    "controls",
    "data",
    "decrease",
    "decreased",
    "demonstrate",
    "detect",
    "did",
    "differ",
    "difference",
    "differences",
    "different",
    "does",
    "effect",
    "effects",
    "even",
    "failed",
    "for",
    "from",
    "further",
    "greater",
    "group",
    "groups",
    "had",
    "has",
    "have",
    "higher",
    "however",
    "improvement",
    "improvements",
    "increase",
    "increased",
    "its",
    "larger",
    "less",
    "lower",
    "more",
    "not",
    "observed",
    "other",
    "our",
    "overall",
    "participants",
    "patients",
    "pilot",
    "power",
    "reach",
    "reached",
    "result",
    "results",
    "showed",
    "significance",
    "significant",
    "significantly",
    "similar",
    "small",
    "smaller",
    "statistical",
    "statistically",
    "study",
    "subjects",
    "than",
    "that",
    "the",
    "their",
    "there",
    "these",
    "this",
    "those",
    "though",
    "trend",
    "trial",
    "two",
    "was",
    "were",
    "whereas",
    "which",
    "while",
    "with",
    "worse",
];

/// The lowercased topic words of a sentence, with the names that stand before "group" or "arm"
/// ("belimumab group") marked as group names.
fn topic_words(sentence: &[u8]) -> Vec<(String, bool)> {
    let words: Vec<String> = sentence
        .split(|byte| !byte.is_ascii_alphanumeric() && *byte != b'-')
        .filter(|word| word.len() >= 3 && word.iter().any(u8::is_ascii_alphabetic))
        .map(|word| String::from_utf8_lossy(word).to_ascii_lowercase())
        .collect();
    let mut topics: Vec<(String, bool)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if NOT_TOPIC.contains(&word.as_str())
            || word.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        {
            continue;
        }
        let is_group_name = words
            .get(index + 1)
            .is_some_and(|next| matches!(next.as_str(), "group" | "groups" | "arm" | "arms"));
        match topics.iter_mut().find(|(known, _)| known == word) {
            Some(known) => known.1 |= is_group_name,
            None => topics.push((word.clone(), is_group_name)),
        }
    }
    topics
}

/// Tells whether a sentence compares groups: "between the groups", "than placebo", or two
/// mentions of a group ("in the belimumab group and ... in the placebo group").
fn compares_groups(sentence: &[u8]) -> bool {
    let lower = sentence.to_ascii_lowercase();
    let has = |needle: &[u8]| crate::number::contains(&lower, needle);
    let group_mentions = memchr::memmem::find_iter(&lower, b" group").count()
        + memchr::memmem::find_iter(&lower, b" arm").count();
    has(b"between")
        || has(b" than ")
        || has(b"versus")
        || has(b" vs")
        || has(b"compared")
        || group_mentions >= 2
        || (group_mentions == 1
            && (has(b"greater") || has(b"higher") || has(b"lower") || has(b"difference")))
}

/// Ties a claim whose sentence holds no p-value to the one earlier p-value it restates.
///
/// All of these must hold: the claim's sentence holds no digit and compares groups; the
/// p-value is the only one of its own sentence, which compares groups too (so a within-arm
/// change "decreased from 27 to 18 (P = 0.039)" is never taken for a between-group claim);
/// the two sentences share at least two topic words, at least half of the claim's, and at
/// least one that is not a group name; and no other earlier p-value qualifies.
fn restated(
    text: &[u8],
    claim_sentence: (usize, usize),
    p_values: &[(usize, &Statement)],
) -> Option<usize> {
    let claim_text = text.get(claim_sentence.0..claim_sentence.1)?;
    if claim_text.iter().any(u8::is_ascii_digit) || !compares_groups(claim_text) {
        return None;
    }
    let claim_topics = topic_words(claim_text);
    if claim_topics.len() < 2 {
        return None;
    }
    let mut found = None;
    for (index, statement) in p_values {
        if statement.end > claim_sentence.0 {
            break;
        }
        let sentence = sentence_around(text, statement.start);
        let alone = p_values
            .iter()
            .filter(|(_, other)| other.start >= sentence.0 && other.end <= sentence.1)
            .count()
            == 1;
        let Some(candidate) = text.get(sentence.0..sentence.1) else {
            continue;
        };
        if !alone || !compares_groups(candidate) {
            continue;
        }
        let candidate_topics = topic_words(candidate);
        let shared: Vec<bool> = claim_topics
            .iter()
            .filter_map(|(word, claim_group)| {
                candidate_topics
                    .iter()
                    .find(|(other, _)| other == word)
                    .map(|(_, group)| *group || *claim_group)
            })
            .collect();
        if shared.len() >= 2
            && 2 * shared.len() >= claim_topics.len()
            && shared.iter().any(|group| !group)
        {
            if found.is_some() {
                return None;
            }
            found = Some(*index);
        }
    }
    found
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

    /// The claims of `text` with what each refers to, as `(claim, referenced p-value text)`.
    fn ties(text: &str) -> Vec<(&str, Option<&str>)> {
        let mut claims = scan(text, 0);
        let statements = crate::statements::scan(text, 0, crate::statements::Hints::default());
        link(text, &statements, &mut claims);
        claims
            .iter()
            .map(|claim| {
                let target = claim.refers_to.and_then(|index| statements.get(index));
                (&text[claim.start..claim.end], target.map(|s| &text[s.start..s.end]))
            })
            .collect()
    }

    #[test]
    fn a_conclusion_restating_a_between_group_result_is_tied_to_its_p_value() {
        // Seed 000's results and conclusions, verbatim.
        let text = "In the belimumab group, the median modified Rodnan skin thickness score (MRSS) \
            decreased from 27 (interquartile range [IQR] 26.5, 31) to 18 (IQR 11, 23) (P = 0.039). \
            In the placebo group, the median MRSS decreased from 28 (IQR 22, 28) to 21 (IQR 14, 25) \
            (P = 0.023). The median change in MRSS was -10 (IQR -13, -9) in the belimumab group and \
            -3.0 (IQR -15, -1) in the placebo group (P = 0.411). There were no significant \
            differences between the groups in the number of adverse events (AEs). Patients in both \
            treatment groups experienced significant improvements in MRSS. The median difference \
            was greater in the belimumab group but did not achieve statistical significance in \
            this small pilot study.";
        assert_eq!(
            ties(text),
            [
                ("no significant differences", None),
                ("significant improvements", None),
                ("did not achieve statistical significance", Some("P = 0.411")),
            ]
        );
    }

    #[test]
    fn a_restatement_must_be_unmistakable() {
        // Two between-group results on the same topic: which one the claim restates is unclear.
        let two = "Pain fell more with drug A than placebo (P = 0.20). Pain fell more with drug B \
                   than placebo (P = 0.30). Pain relief was greater in the drug group but was not \
                   significant.";
        assert_eq!(ties(two), [("was not significant", None)]);
        // A within-arm change is not what a between-group claim restates.
        let within = "In the drug group, pain decreased from 7 to 4 (P = 0.01). The pain \
                      difference between the groups was not significant.";
        assert_eq!(ties(within), [("was not significant", None)]);
        // No shared topic: the claim is about something else.
        let other = "The change in FEV1 was 120 ml in the drug group and 40 ml in the placebo \
                     group (P = 0.04). Adverse events did not differ significantly between groups.";
        assert_eq!(ties(other), [("did not differ significantly", None)]);
        // A claim with numbers of its own is not a restatement.
        let numbers = "The change in pain was 3 in the drug group and 1 in the placebo group \
                       (P = 0.04). Pain relief in the drug group was greater at 12 weeks but not \
                       significant.";
        assert_eq!(ties(numbers), [("not significant", None)]);
    }
}
