//! Conditions and interventions: dictionary names matched on word boundaries, and abbreviations.
//!
//! The dictionaries are compact forms of the Fast Data Science drug and disease lexicons (MIT;
//! notices in `data/`), built by `data/build_lexicon.py` and embedded in the binary, so an
//! installed extractor needs nothing outside the repository. They are parsed once into
//! Aho–Corasick automata over lowercase text (leftmost-longest matches).
//!
//! What keeps ordinary words from becoming entities:
//! - the build drops variants shorter than four characters, function-word edges, and a
//!   stoplist of words measured to be frequent non-entity hits in trial abstracts;
//! - a match counts only on word boundaries (no letter or digit on either side);
//! - a single-word variant of up to four characters ("aids") counts only when the text writes
//!   it in capitals ("AIDS"), as an acronym;
//! - a short form defined in the text (Schwartz–Hearst: "mycophenolate mofetil (MMF)")
//!   means its long form wherever it is used, never what the dictionary would make of it.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Both dictionaries behind one automaton: canonical names and, per pattern, its dictionary and canonical name.
struct Lexicon {
    /// Canonical names of the disease dictionary, by index.
    conditions: Vec<&'static str>,
    /// Canonical names of the drug dictionary, by index.
    interventions: Vec<&'static str>,
    /// For each pattern of the automaton, its dictionary and the index of its canonical name.
    canonical_of: Vec<(EntityKind, u32)>,
    /// The automaton over the variants of both, absent only if building it failed.
    matcher: Option<AhoCorasick>,
}

impl Lexicon {
    /// Parses the compact dictionaries (canonical names one a line, `%%`, then `variant<TAB>index` lines) into one automaton.
    fn parse(sources: [(EntityKind, &'static str); 2]) -> Self {
        let mut names: [Vec<&'static str>; 2] = [Vec::new(), Vec::new()];
        let mut variants = Vec::new();
        let mut canonical_of = Vec::new();
        for (slot, (kind, source)) in sources.into_iter().enumerate() {
            let mut lines = source.lines();
            let canonicals: Vec<&'static str> =
                lines.by_ref().take_while(|line| *line != "%%").collect();
            for line in lines {
                let Some((variant, index)) = line.split_once('\t') else {
                    continue;
                };
                let Ok(index) = index.parse::<u32>() else {
                    continue;
                };
                if (index as usize) < canonicals.len() && !variant.is_empty() {
                    variants.push(variant);
                    canonical_of.push((kind, index));
                }
            }
            if let Some(names) = names.get_mut(slot) {
                *names = canonicals;
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&variants)
            .ok();
        let [conditions, interventions] = names;
        Self { conditions, interventions, canonical_of, matcher }
    }

    /// Returns the dictionary and canonical name of a pattern.
    fn canonical(&self, pattern: usize) -> Option<(EntityKind, &'static str)> {
        let (kind, index) = *self.canonical_of.get(pattern)?;
        let names = match kind {
            EntityKind::Condition => &self.conditions,
            EntityKind::Intervention => &self.interventions,
        };
        names.get(index as usize).map(|name| (kind, *name))
    }
}

/// Both dictionaries, parsed once.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::parse([
        (EntityKind::Condition, include_str!("../data/conditions.tsv")),
        (EntityKind::Intervention, include_str!("../data/interventions.tsv")),
    ])
});

/// Which dictionary a mention comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityKind {
    /// A disease or condition.
    Condition,
    /// A drug or other intervention.
    Intervention,
}

/// A dictionary name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Which dictionary.
    pub(crate) kind: EntityKind,
    /// The canonical name.
    pub(crate) canonical: &'static str,
    /// Byte offset of the mention in the segment.
    pub(crate) start: usize,
    /// Byte offset one past the mention in the segment.
    pub(crate) end: usize,
}

/// A short form defined in the text, with its long form's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Abbreviation {
    /// The short form as written ("MMF").
    pub(crate) short: String,
    /// Byte offset of the long form.
    pub(crate) long_start: usize,
    /// Byte offset one past the long form.
    pub(crate) long_end: usize,
}

/// Tells whether a byte joins a word (ASCII letter or digit, or any non-ASCII byte).
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

/// Finds the dictionary names of one segment, in text order, without overlaps (one pass over both dictionaries).
pub(crate) fn mentions(segment: &str) -> Vec<Mention> {
    let lower = segment.to_ascii_lowercase();
    let bytes = segment.as_bytes();
    let mut found = Vec::new();
    let Some(matcher) = &LEXICON.matcher else {
        return found;
    };
    for hit in matcher.find_iter(lower.as_bytes()) {
        let (start, end) = (hit.start(), hit.end());
        let joined_before =
            start.checked_sub(1).and_then(|i| bytes.get(i)).is_some_and(|b| is_word_byte(*b));
        let joined_after = bytes.get(end).is_some_and(|b| is_word_byte(*b));
        if joined_before || joined_after {
            continue;
        }
        let written = bytes.get(start..end).unwrap_or(&[]);
        let single_short = written.len() <= 4 && !written.contains(&b' ');
        let acronym =
            written.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'-');
        if single_short && !acronym {
            continue;
        }
        let Some((kind, canonical)) = LEXICON.canonical(hit.pattern().as_usize()) else {
            continue;
        };
        found.push(Mention { kind, canonical, start, end });
    }
    found.sort_by_key(|mention| (mention.start, std::cmp::Reverse(mention.end)));
    let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
    for mention in found {
        if kept.last().is_some_and(|last| mention.start < last.end) {
            continue;
        }
        kept.push(mention);
    }
    kept
}

/// Words of a sentence about harms: a disease named there is an adverse event, not a condition studied.
const HARM_WORDS: &[&str] = &["adverse", "side effect", "side-effect", "toxicit"];

/// Tells whether the sentence around `position` speaks of harms (adverse events, toxicity, complications).
fn speaks_of_harms(segment: &str, position: usize) -> bool {
    let bytes = segment.as_bytes();
    let is_stop = |byte: &u8| matches!(byte, b'.' | b';' | b'\n');
    let start = bytes
        .get(..position)
        .and_then(|before| before.iter().rposition(is_stop))
        .map_or(0, |i| i + 1);
    let end = bytes
        .get(position..)
        .and_then(|after| after.iter().position(is_stop))
        .map_or(bytes.len(), |i| position + i);
    let sentence = bytes.get(start..end).unwrap_or(&[]).to_ascii_lowercase();
    HARM_WORDS.iter().any(|word| memchr::memmem::find(&sentence, word.as_bytes()).is_some())
}

/// Finds "long form (SF)" definitions in a segment, Schwartz–Hearst style.
///
/// The short form is 2 to 10 characters in parentheses, starts with a letter or digit, holds a
/// letter and at most one space; the long form is the shortest run of the preceding words
/// (at most `min(|SF| + 5, 2·|SF|)` of them) in which every letter and digit of the short form
/// is found in order from the right, the first one at the start of a word.
pub(crate) fn abbreviations(segment: &str) -> Vec<Abbreviation> {
    let bytes = segment.as_bytes();
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(open) =
        memchr::memchr(b'(', bytes.get(search..).unwrap_or(&[])).map(|i| i + search)
    {
        search = open + 1;
        let Some(close) =
            memchr::memchr(b')', bytes.get(open + 1..).unwrap_or(&[])).map(|i| i + open + 1)
        else {
            break;
        };
        let Some(short) = segment.get(open + 1..close) else {
            continue;
        };
        let short = short.trim();
        let valid = (2..=10).contains(&short.len())
            && short.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && short.bytes().any(|b| b.is_ascii_alphabetic())
            && short.bytes().filter(|b| *b == b' ').count() <= 1
            && short.is_ascii();
        if !valid {
            continue;
        }
        let before = segment.get(..open).unwrap_or("").trim_end();
        let max_words = (short.len() + 5).min(2 * short.len());
        let sentence_start = before.rfind(['.', ';', ':', '(', ')', '[', ']']).map_or(0, |i| i + 1);
        let sentence = before.get(sentence_start..).unwrap_or("");
        let sentence_bytes = sentence.as_bytes();
        let word_starts: Vec<usize> = (0..sentence_bytes.len())
            .filter(|&i| {
                !sentence_bytes[i].is_ascii_whitespace()
                    && (i == 0 || sentence_bytes[i - 1].is_ascii_whitespace())
            })
            .collect();
        let first_word = word_starts.len().saturating_sub(max_words);
        let window_start = sentence_start + word_starts.get(first_word).copied().unwrap_or(0);
        let Some(window) = before.get(window_start..) else {
            continue;
        };
        if let Some(long_offset) = long_form_start(short, window) {
            found.push(Abbreviation {
                short: short.to_owned(),
                long_start: window_start + long_offset,
                long_end: before.len(),
            });
        }
    }
    found
}

/// Returns where in `window` the long form of `short` starts, or `None` when the characters do not match.
fn long_form_start(short: &str, window: &str) -> Option<usize> {
    let short = short.as_bytes();
    let long = window.as_bytes();
    let mut long_index = long.len();
    let mut short_index = short.len();
    while short_index > 0 {
        short_index -= 1;
        let wanted = short.get(short_index)?.to_ascii_lowercase();
        if !wanted.is_ascii_alphanumeric() {
            continue;
        }
        loop {
            if long_index == 0 {
                return None;
            }
            long_index -= 1;
            let here = long.get(long_index)?.to_ascii_lowercase();
            let at_word_start =
                long_index == 0 || !long.get(long_index - 1)?.is_ascii_alphanumeric();
            if here == wanted && (short_index > 0 || at_word_start) {
                break;
            }
        }
    }
    let start = long.get(..long_index)?.iter().rposition(|b| *b == b' ').map_or(0, |i| i + 1);
    let long_form = window.get(start..)?;
    (long_form.len() > short.len()).then_some(start)
}

/// A short form the text defines, resolved to its long form's dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The short form as written.
    pub(crate) short: String,
    /// Which dictionary the long form is in.
    pub(crate) kind: EntityKind,
    /// The long form's canonical name.
    pub(crate) canonical: &'static str,
}

/// The conditions and interventions of a document, and its resolved short forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entities {
    /// Canonical condition names, in order of first mention.
    pub(crate) conditions: Vec<String>,
    /// Canonical intervention names, in order of first mention.
    pub(crate) interventions: Vec<String>,
    /// Short forms resolved through their long forms.
    pub(crate) resolved: Vec<Resolved>,
}

/// Finds the conditions and interventions of the given segments, canonical names in order of first mention.
///
/// Short forms defined in any segment resolve to their long form's canonical name in every segment.
pub(crate) fn entities(segments: &[&str]) -> Entities {
    let mut conditions: Vec<String> = Vec::new();
    let mut interventions: Vec<String> = Vec::new();
    // Short form, kind and canonical name of each resolved abbreviation.
    let mut resolved: Vec<Resolved> = Vec::new();
    let mut defined: Vec<String> = Vec::new();
    let per_segment: Vec<Vec<Mention>> = segments.iter().map(|segment| mentions(segment)).collect();
    for (segment, found) in segments.iter().zip(&per_segment) {
        for abbreviation in abbreviations(segment) {
            defined.push(abbreviation.short.clone());
            let long = found.iter().rev().find(|mention| {
                mention.end == abbreviation.long_end && mention.start >= abbreviation.long_start
            });
            if let Some(mention) = long
                && !resolved.iter().any(|known| known.short == abbreviation.short)
            {
                resolved.push(Resolved {
                    short: abbreviation.short.clone(),
                    kind: mention.kind,
                    canonical: mention.canonical,
                });
            }
        }
    }
    for (segment, found) in segments.iter().zip(&per_segment) {
        for mention in found {
            let written = segment.get(mention.start..mention.end).unwrap_or("");
            let (kind, canonical) = match resolved.iter().find(|known| known.short == written) {
                Some(known) => (known.kind, known.canonical),
                // A short form the text defines as something the dictionary does not know.
                None if defined.iter().any(|short| short == written) => continue,
                None => (mention.kind, mention.canonical),
            };
            if kind == EntityKind::Condition && speaks_of_harms(segment, mention.start) {
                continue;
            }
            let list = match kind {
                EntityKind::Condition => &mut conditions,
                EntityKind::Intervention => &mut interventions,
            };
            if !list.iter().any(|known| known == canonical) {
                list.push(canonical.to_owned());
            }
        }
    }
    Entities { conditions, interventions, resolved }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_parse_and_build() {
        assert!(LEXICON.matcher.is_some());
        assert!(LEXICON.conditions.len() > 1000 && LEXICON.interventions.len() > 1000);
    }

    #[test]
    fn finds_canonical_names_on_word_boundaries() {
        let Entities { conditions, interventions, .. } = entities(&[
            "belimumab in patients with early diffuse cutaneous systemic sclerosis (dcSSc) treated with background mycophenolate mofetil (MMF).",
        ]);
        assert_eq!(conditions, ["scleroderma, diffuse"]);
        assert_eq!(interventions, ["belimumab", "mycophenolate mofetil"]);
        let Entities { conditions, interventions, .. } =
            entities(&["pre-belimumabs and asthmatically"]);
        assert!(conditions.is_empty() && interventions.is_empty());
    }

    #[test]
    fn ordinary_words_are_not_entities() {
        let Entities { conditions, interventions, .. } = entities(&[
            "The aim was to focus on parents and their behaviors; placebo and saline were combined. It aids recovery.",
        ]);
        assert!(conditions.is_empty(), "{conditions:?}");
        assert!(interventions.is_empty(), "{interventions:?}");
        let Entities { conditions, .. } = entities(&["Patients with AIDS were included."]);
        assert_eq!(conditions.len(), 1);
        let Entities { conditions, .. } =
            entities(&["Patients with glioma were treated. Adverse events were nausea and fever."]);
        assert_eq!(conditions, ["glioma"]);
    }

    #[test]
    fn schwartz_hearst_long_forms() {
        let text = "treated with background mycophenolate mofetil (MMF). Patients on MMF";
        let found = abbreviations(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].long_start..found[0].long_end], "mycophenolate mofetil");
        let text = "early diffuse cutaneous systemic sclerosis (dcSSc) treated";
        let found = abbreviations(text);
        assert_eq!(
            &text[found[0].long_start..found[0].long_end],
            "diffuse cutaneous systemic sclerosis"
        );
        let resolved = entities(&["mycophenolate mofetil (MMF)", "on MMF"]).resolved;
        assert_eq!(
            resolved,
            [Resolved {
                short: "MMF".to_owned(),
                kind: EntityKind::Intervention,
                canonical: "mycophenolate mofetil"
            }]
        );
    }
}
