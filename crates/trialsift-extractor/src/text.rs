//! Text helpers shared by the readers: sentence boundaries and literal gates.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// Splits a segment into sentences: a full stop followed by a space (or line break) and a capital
/// letter or an opening bracket ends one, and so does a line break.
pub(crate) fn sentences(segment: &str) -> Vec<(usize, usize)> {
    let bytes = segment.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    // Only full stops and line breaks can end a sentence, so jump between them.
    for index in memchr::memchr2_iter(b'\n', b'.', bytes) {
        let ends = bytes[index] == b'\n'
            || (matches!(bytes.get(index + 1), Some(b' ' | b'\n'))
                && bytes
                    .get(index + 2)
                    .is_some_and(|next| next.is_ascii_uppercase() || *next == b'('));
        if ends && index + 1 > start {
            spans.push((start, index + 1));
            start = index + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

/// Returns the largest char boundary of `text` at or before `at` (clamped to its length).
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Literal needles found together in one pass over a sentence, so that each reader runs its
/// regexes only on sentences that hold the literals they need.
pub(crate) struct Gates {
    /// One automaton over every needle whose states hold every needle that ends there
    /// (overlapping matches), walked byte by byte.
    matcher: Option<DFA>,
    /// The needles, by index; a sentence's bit set has bit `i` when it holds needle `i`.
    needles: Vec<&'static str>,
}

impl Gates {
    /// Builds the automaton over every literal list the readers use (at most 128 needles).
    pub(crate) fn new(lists: &[&[&'static str]]) -> Self {
        let mut needles: Vec<&'static str> = Vec::new();
        for literal in lists.iter().flat_map(|list| list.iter()) {
            if !needles.contains(literal) {
                needles.push(literal);
            }
        }
        debug_assert!(needles.len() <= 128, "gate literals fit a u128");
        let matcher = DFA::builder().match_kind(MatchKind::Standard).build(&needles).ok();
        Self { matcher, needles }
    }

    /// The needles a sentence holds, as a bit set.
    ///
    /// The automaton is walked byte by byte, and every needle of each match state it enters is
    /// noted: the needles an overlapping search reports, at a fraction of its cost per byte.
    pub(crate) fn present(&self, sentence: &str) -> u128 {
        // Without an automaton every gate opens: slower, never wrong.
        let Some(matcher) = &self.matcher else {
            return u128::MAX;
        };
        let Ok(mut state) = matcher.start_state(Anchored::No) else {
            return u128::MAX;
        };
        let mut present = 0u128;
        for &byte in sentence.as_bytes() {
            state = matcher.next_state(Anchored::No, state, byte);
            if matcher.is_special(state) && matcher.is_match(state) {
                for index in 0..matcher.match_len(state) {
                    present |= 1u128 << (matcher.match_pattern(state, index).as_usize() % 128);
                }
            }
        }
        present
    }

    /// The bit set of a list of literals.
    pub(crate) fn mask(&self, list: &[&str]) -> u128 {
        list.iter()
            .filter_map(|literal| self.needles.iter().position(|needle| needle == literal))
            .fold(0, |mask, index| mask | (1u128 << index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_hold_the_needles_an_overlapping_search_finds() {
        let lists: &[&[&'static str]] =
            &[&["of", "f", "CI", "ean", "an", "n", "±", "(", "er cent"]];
        let gates = Gates::new(lists);
        let overlapping = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(gates.needles.iter())
            .expect("automaton");
        for text in ["", "mean of 5 (CI 3-7)", "12 ± 3 per cent", "x", "meaner ofCIf ±±"] {
            let expected = overlapping
                .find_overlapping_iter(text)
                .fold(0u128, |found, hit| found | (1u128 << hit.pattern().as_usize()));
            assert_eq!(gates.present(text), expected, "{text}");
        }
    }

    #[test]
    fn full_stops_before_capitals_end_sentences() {
        let text = "Mean was 5.2 vs. 3.1 in arm A. The P value was 0.03. (n = 20). Next\nline";
        let pieces: Vec<&str> =
            sentences(text).iter().map(|(start, end)| &text[*start..*end]).collect();
        assert_eq!(
            pieces,
            [
                "Mean was 5.2 vs. 3.1 in arm A.",
                " The P value was 0.03.",
                " (n = 20).",
                " Next\n",
                "line"
            ]
        );
        assert!(sentences("").is_empty());
    }
}
