//! Conditions and interventions: dictionary names matched on word boundaries, and abbreviations.
//!
//! The dictionaries are compact forms of the Fast Data Science drug and disease lexicons (MIT;
//! notices in `data/`), built by `data/build_lexicon.py` and embedded in the binary, so an
//! installed extractor needs nothing outside the repository. They are parsed once into one
//! Aho–Corasick automaton over lowercase text (leftmost-longest matches).
//!
//! Each canonical name carries its identifier where the build trusts one, written bare in the
//! files and qualified here by its form: `DB` and digits is a DrugBank accession
//! (`DRUGBANK:DB00688`), a MeSH tree number names a disease's MeSH descriptor
//! (`MESH-TREE:C17.300.799.602`, Scleroderma, Diffuse). Drugs have their DrugBank accession
//! (358 of 11,616, MedlinePlus or NHS entries only, have none). Diseases have their first MeSH
//! tree number: the lexicon's `mesh_id` field is often a related descriptor's id (asthma's is
//! D018927, MeSH's D001249), while its tree numbers were right wherever they were checked (see
//! `data/build_lexicon.py`).
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
use trialsift_domain::Entity;

/// A canonical name of a dictionary and its bare identifier (empty when it has none).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The canonical name ("mycophenolate mofetil").
    name: &'static str,
    /// The bare identifier ("DB00688"), or empty.
    identifier: &'static str,
}

/// Both dictionaries behind one automaton: canonical names and, per pattern, its dictionary and canonical name.
struct Lexicon {
    /// Canonical names of the disease dictionary, by index.
    conditions: Vec<Entry>,
    /// Canonical names of the drug dictionary, by index.
    interventions: Vec<Entry>,
    /// For each pattern of the automaton, its dictionary and the index of its canonical name.
    canonical_of: Vec<(EntityKind, u32)>,
    /// The automaton over the variants of both, absent only if building it failed.
    matcher: Option<AhoCorasick>,
}

impl Lexicon {
    /// Parses the compact dictionaries (`canonical<TAB>identifier` lines, `%%`, then `variant<TAB>index` lines) into one automaton.
    fn parse(sources: [(EntityKind, &'static str); 2]) -> Self {
        let mut entries: [Vec<Entry>; 2] = [Vec::new(), Vec::new()];
        let mut variants = Vec::new();
        let mut canonical_of = Vec::new();
        for (slot, (kind, source)) in sources.into_iter().enumerate() {
            let mut lines = source.lines();
            let canonicals: Vec<Entry> = lines
                .by_ref()
                .take_while(|line| *line != "%%")
                .map(|line| {
                    let (name, identifier) = line.split_once('\t').unwrap_or((line, ""));
                    Entry { name, identifier }
                })
                .collect();
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
            if let Some(entries) = entries.get_mut(slot) {
                *entries = canonicals;
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .dense_depth(DENSE_DEPTH)
            .build(&variants)
            .ok();
        let [conditions, interventions] = entries;
        Self { conditions, interventions, canonical_of, matcher }
    }

    /// Returns the dictionary and entry of a pattern.
    fn entry(&self, pattern: usize) -> Option<(EntityKind, Entry)> {
        let (kind, index) = *self.canonical_of.get(pattern)?;
        let entries = match kind {
            EntityKind::Condition => &self.conditions,
            EntityKind::Intervention => &self.interventions,
        };
        entries.get(index as usize).map(|entry| (kind, *entry))
    }
}

/// States of the dictionary automaton within this many bytes of its start use a dense transition table (the crate's default is 2).
///
/// Nearly every byte of a text moves through states this shallow, and a dense state costs one
/// lookup where a sparse one costs a search. Measured over the bench's fixture abstracts: the
/// scan takes 14.1 M instructions per pass at depth 2, 11.9 M at 3, 11.2 M at 4 and 10.9 M at
/// 6; the automaton grows from 8 to 11 MB at 4 (19 MB at 6), and its build time does not
/// change measurably.
const DENSE_DEPTH: usize = 4;

/// Both dictionaries, parsed once.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::parse([
        (EntityKind::Condition, include_str!("../data/conditions.tsv")),
        (EntityKind::Intervention, include_str!("../data/interventions.tsv")),
    ])
});

/// Qualifies a bare dictionary identifier with its namespace: `DB00688` gives `DRUGBANK:DB00688`,
/// the tree number `C17.300.799.602` gives `MESH-TREE:C17.300.799.602`; anything else is no
/// identifier.
pub(crate) fn qualified(identifier: &str) -> Option<String> {
    let bytes = identifier.as_bytes();
    let drugbank = bytes.len() > 2
        && identifier.starts_with("DB")
        && bytes.iter().skip(2).all(u8::is_ascii_digit);
    if drugbank {
        return Some(["DRUGBANK:", identifier].concat());
    }
    let mut groups = identifier.split('.');
    let head_ok = groups.next().is_some_and(|head| {
        let head = head.as_bytes();
        head.len() == 3
            && head.first().is_some_and(u8::is_ascii_uppercase)
            && head.iter().skip(1).all(u8::is_ascii_digit)
    });
    let tree = head_ok
        && groups.all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()));
    tree.then(|| ["MESH-TREE:", identifier].concat())
}

/// Finds the dictionary names in a short text such as a search query or a registry's condition field.
///
/// Every name is matched as in documents (word boundaries, short acronyms only in capitals),
/// with no context rule: a disease is a `condition`, a drug an `intervention`. Spans are
/// byte offsets into `text`. "Diffuse cutaneous systemic sclerosis" gives
/// `scleroderma, diffuse` (`MESH-TREE:C17.300.799.602`).
pub fn names(text: &str) -> Vec<Entity> {
    mentions(text)
        .into_iter()
        .map(|mention| Entity {
            kind: match mention.kind {
                EntityKind::Condition => trialsift_domain::EntityKind::Condition,
                EntityKind::Intervention => trialsift_domain::EntityKind::Intervention,
            },
            text: text.get(mention.start..mention.end).unwrap_or("").to_owned(),
            canonical: mention.canonical.to_owned(),
            identifier: qualified(mention.identifier),
            long_form: None,
            start: mention.start,
            end: mention.end,
        })
        .collect()
}

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
    /// The canonical name's bare identifier ("DB00688"), empty when it has none.
    pub(crate) identifier: &'static str,
    /// Byte offset of the mention in the segment.
    pub(crate) start: usize,
    /// Byte offset one past the mention in the segment.
    pub(crate) end: usize,
}

/// A short form defined in the text, with the spans of both forms (byte offsets in the segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Definition {
    /// Byte offset of the short form ("MMF").
    pub(crate) short_start: usize,
    /// Byte offset one past the short form.
    pub(crate) short_end: usize,
    /// Byte offset of the long form ("mycophenolate mofetil").
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
    mentions_in(segment, segment.to_ascii_lowercase().as_bytes())
}

/// Finds the dictionary names of one segment as [`mentions`] does, given the segment already ASCII-lowercased (`lower`, of the same length).
pub(crate) fn mentions_in(segment: &str, lower: &[u8]) -> Vec<Mention> {
    debug_assert_eq!(segment.len(), lower.len(), "lower is the segment lowercased");
    let bytes = segment.as_bytes();
    let mut found = Vec::new();
    let Some(matcher) = &LEXICON.matcher else {
        return found;
    };
    for hit in matcher.find_iter(lower) {
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
        let Some((kind, entry)) = LEXICON.entry(hit.pattern().as_usize()) else {
            continue;
        };
        found.push(Mention {
            kind,
            canonical: entry.name,
            identifier: entry.identifier,
            start,
            end,
        });
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

/// Finds "long form (SF)" and "SF (long form)" definitions in a segment, Schwartz–Hearst style.
///
/// A candidate is the text in parentheses or square brackets, cut at its first comma or
/// semicolon ("(MMF; n = 10)" gives "MMF"). As a short form it is 2 to 10 ASCII characters,
/// starts with a letter or digit, holds a letter and at most one space, and is not a plain
/// word ("(placebo)", "(Privigen)"). The long form is the shortest run of the preceding words
/// of the clause (at most `min(|SF| + 5, 2·|SF|)` of them) in which every letter and digit
/// of the short form is found in order from the right, the first one at the start of a word.
/// When the brackets hold two words or more and the word before them is a short form
/// ("MRSS (modified Rodnan skin score)"), the bracketed text is the long form if it matches
/// the same way from its first word.
pub(crate) fn definitions(segment: &str) -> Vec<Definition> {
    let bytes = segment.as_bytes();
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(open) =
        bytes.get(search..).and_then(|rest| memchr::memchr2(b'(', b'[', rest)).map(|i| i + search)
    {
        search = open + 1;
        let closing = if bytes.get(open) == Some(&b'[') { b']' } else { b')' };
        let Some(close) = bytes
            .get(open + 1..)
            .and_then(|rest| memchr::memchr(closing, rest))
            .map(|i| i + open + 1)
        else {
            continue;
        };
        let Some(inside) = segment.get(open + 1..close) else {
            continue;
        };
        let cut = memchr::memchr2(b',', b';', inside.as_bytes()).unwrap_or(inside.len());
        let candidate = inside.get(..cut).unwrap_or("");
        let candidate_start = open + 1 + (candidate.len() - candidate.trim_start().len());
        let candidate = candidate.trim();
        let candidate_end = candidate_start + candidate.len();
        let before = trim_long_form_end(segment.get(..open).unwrap_or(""));
        if is_short_form(candidate) {
            let by_initials = long_form_by_initials(candidate, before);
            if let Some(long_start) = by_initials.or_else(|| long_form_before(candidate, before)) {
                found.push(Definition {
                    short_start: candidate_start,
                    short_end: candidate_end,
                    long_start,
                    long_end: before.len(),
                });
            }
            continue;
        }
        let short_start = before.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let short = before.get(short_start..).unwrap_or("");
        // The word before the brackets is checked first: most bracketed texts ("(n = 20)")
        // follow a plain word, and their words need not be counted.
        if is_short_form(short)
            && (2..=(short.len() + 5).min(2 * short.len()))
                .contains(&candidate.split_whitespace().count())
            && long_form_start(short, candidate) == Some(0)
        {
            found.push(Definition {
                short_start,
                short_end: before.len(),
                long_start: candidate_start,
                long_end: candidate_end,
            });
        }
    }
    found
}

/// Tells whether a bracketed text can be a short form: 2 to 10 ASCII characters, a letter, at most one space, not a plain word.
fn is_short_form(candidate: &str) -> bool {
    let bytes = candidate.as_bytes();
    let valid = (2..=10).contains(&bytes.len())
        && candidate.is_ascii()
        && bytes.first().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.iter().any(|b| b.is_ascii_alphabetic())
        && bytes.iter().filter(|b| **b == b' ').count() <= 1;
    if !valid {
        return false;
    }
    // A plain word: all lowercase letters ("placebo"), or a capital then three or more lowercase letters ("Privigen").
    let all_lower = bytes.iter().all(|b| b.is_ascii_lowercase());
    let capitalized = bytes.len() >= 4
        && bytes.first().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.iter().skip(1).all(|b| b.is_ascii_lowercase());
    !(all_lower || capitalized)
}

/// Trims the end of the text before a definition's brackets: spaces, and a quote that stands apart (tokenized text writes "anaesthetics ' (EMLA)").
fn trim_long_form_end(before: &str) -> &str {
    let trimmed = before.trim_end();
    match trimmed.strip_suffix(['\'', '"']) {
        Some(rest) if rest.ends_with(char::is_whitespace) => rest.trim_end(),
        _ => trimmed,
    }
}

/// Words a long form may hold that its short form skips: "Hospital Anxiety and Depression Scale (HADS)".
const SKIPPED_WORDS: &[&str] =
    &["of", "and", "the", "in", "for", "with", "to", "on", "a", "an", "or", "by", "at", "&"];

/// Returns where the long form of a capitals-only short form starts when the initials of the words before it spell it: "Global Acne Grading System (GAGS)".
///
/// Schwartz–Hearst alone takes the shortest match ("Grading System"); initials, when they
/// spell the whole short form, name the whole long form. Function words are skipped.
fn long_form_by_initials(short: &str, before: &str) -> Option<usize> {
    if short.len() < 2 || !short.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let clause_start = before.rfind(['.', ';', ':', '(', ')', '[', ']']).map_or(0, |i| i + 1);
    let clause = before.get(clause_start..)?;
    let mut wanted = short.bytes().rev();
    let mut word_end = clause.len();
    loop {
        let head = clause.get(..word_end)?.trim_end();
        let word_start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = head.get(word_start..)?;
        if word.is_empty() {
            return None;
        }
        word_end = word_start;
        if SKIPPED_WORDS.iter().any(|skipped| word.eq_ignore_ascii_case(skipped)) {
            continue;
        }
        let initial = word.bytes().find(u8::is_ascii_alphanumeric)?;
        if !initial.eq_ignore_ascii_case(&wanted.next()?) {
            return None;
        }
        if wanted.len() == 0 {
            return Some(clause_start + word_start);
        }
    }
}

/// Returns where in `before` (the text up to a definition's brackets) the long form of `short` starts.
fn long_form_before(short: &str, before: &str) -> Option<usize> {
    let max_words = (short.len() + 5).min(2 * short.len());
    let clause_start = before.rfind(['.', ';', ':', '(', ')', '[', ']']).map_or(0, |i| i + 1);
    let clause = before.get(clause_start..)?;
    let mut word_starts = Vec::new();
    let mut after_space = true;
    for (index, byte) in clause.bytes().enumerate() {
        let space = byte.is_ascii_whitespace();
        if !space && after_space {
            word_starts.push(index);
        }
        after_space = space;
    }
    let first_word = word_starts.len().saturating_sub(max_words);
    let window_start = clause_start + word_starts.get(first_word).copied().unwrap_or(0);
    let window = before.get(window_start..)?;
    long_form_start(short, window).map(|offset| window_start + offset)
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
    let start =
        long.get(..long_index)?.iter().rposition(u8::is_ascii_whitespace).map_or(0, |i| i + 1);
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
    /// The long form's bare identifier, empty when it has none.
    pub(crate) identifier: &'static str,
    /// The long form as written at the definition.
    pub(crate) long: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical names and identifiers `names` finds in a text.
    fn named(text: &str) -> Vec<(String, Option<String>)> {
        names(text).into_iter().map(|entity| (entity.canonical, entity.identifier)).collect()
    }

    /// The short and long forms of the definitions in a text, as written.
    fn defined(text: &str) -> Vec<(&str, &str)> {
        definitions(text)
            .iter()
            .map(|found| {
                (&text[found.short_start..found.short_end], &text[found.long_start..found.long_end])
            })
            .collect()
    }

    #[test]
    fn dictionaries_parse_and_build() {
        assert!(LEXICON.matcher.is_some());
        assert!(LEXICON.conditions.len() > 1000 && LEXICON.interventions.len() > 1000);
        let with_identifier =
            LEXICON.conditions.iter().filter(|entry| !entry.identifier.is_empty()).count();
        assert!(with_identifier * 5 > LEXICON.conditions.len() * 4, "most diseases have a MeSH id");
        let drugbank = LEXICON
            .interventions
            .iter()
            .filter(|entry| {
                qualified(entry.identifier).is_some_and(|id| id.starts_with("DRUGBANK:"))
            })
            .count();
        assert_eq!(
            drugbank,
            LEXICON.interventions.iter().filter(|entry| !entry.identifier.is_empty()).count(),
            "a drug's identifier is its DrugBank accession"
        );
    }

    #[test]
    fn canonical_names_carry_their_identifiers() {
        // MeSH: Scleroderma, Diffuse is C17.300.799.602 (and C17.800.784.602) and Pulmonary
        // Embolism C08.381.746; DrugBank: belimumab is DB08879 and mycophenolate mofetil DB00688.
        assert_eq!(
            named("diffuse cutaneous systemic sclerosis"),
            [("scleroderma, diffuse".to_owned(), Some("MESH-TREE:C17.300.799.602".to_owned()))]
        );
        assert_eq!(
            named("one was pulmonary embolism"),
            [("pulmonary embolism".to_owned(), Some("MESH-TREE:C08.381.746".to_owned()))]
        );
        assert_eq!(
            named("belimumab with mycophenolate mofetil"),
            [
                ("belimumab".to_owned(), Some("DRUGBANK:DB08879".to_owned())),
                ("mycophenolate mofetil".to_owned(), Some("DRUGBANK:DB00688".to_owned()))
            ]
        );
    }

    #[test]
    fn mesh_ids_of_the_lexicon_are_not_used() {
        // The lexicon gives asthma D018927 and metformin the class id D007004; the identifiers
        // are MeSH tree numbers (Asthma: C08.127.108) and DrugBank accessions.
        assert_eq!(
            named("asthma"),
            [("asthma".to_owned(), Some("MESH-TREE:C08.127.108".to_owned()))]
        );
        assert_eq!(
            named("metformin"),
            [("metformin".to_owned(), Some("DRUGBANK:DB00331".to_owned()))]
        );
    }

    #[test]
    fn identifiers_are_qualified_by_their_form() {
        assert_eq!(qualified("DB00688").as_deref(), Some("DRUGBANK:DB00688"));
        assert_eq!(qualified("C17.300.799").as_deref(), Some("MESH-TREE:C17.300.799"));
        assert_eq!(qualified("F03.600").as_deref(), Some("MESH-TREE:F03.600"));
        assert_eq!(qualified("D012595"), None);
        assert_eq!(qualified("C17.30"), None);
        assert_eq!(qualified("DB"), None);
        assert_eq!(qualified(""), None);
    }

    #[test]
    fn names_have_spans_and_kinds() {
        let text = "Type 2 diabetes treated with metformin";
        let found = names(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].start..found[0].end], "Type 2 diabetes");
        assert_eq!(found[0].kind, trialsift_domain::EntityKind::Condition);
        assert_eq!(found[1].text, "metformin");
        assert_eq!(found[1].kind, trialsift_domain::EntityKind::Intervention);
    }

    #[test]
    fn finds_names_on_word_boundaries_only() {
        assert!(names("pre-belimumabs and asthmatically").is_empty());
        let ordinary = "The aim was to focus on parents and their behaviors; placebo and saline were combined. It aids recovery.";
        assert!(names(ordinary).is_empty(), "{:?}", names(ordinary));
        assert_eq!(named("Patients with AIDS were included.").len(), 1);
    }

    #[test]
    fn schwartz_hearst_long_forms() {
        assert_eq!(
            defined("treated with background mycophenolate mofetil (MMF). Patients on MMF"),
            [("MMF", "mycophenolate mofetil")]
        );
        assert_eq!(
            defined("early diffuse cutaneous systemic sclerosis (dcSSc) treated"),
            [("dcSSc", "diffuse cutaneous systemic sclerosis")]
        );
        assert_eq!(
            defined(
                "the median modified Rodnan skin thickness score (MRSS) decreased from 27 (interquartile range [IQR] 26.5, 31)"
            ),
            [("MRSS", "modified Rodnan skin thickness score"), ("IQR", "interquartile range")]
        );
        assert_eq!(defined("the number of adverse events (AEs)."), [("AEs", "adverse events")]);
        assert_eq!(
            defined("Mean mRSS (modified Rodnan skin score) fell"),
            [("mRSS", "modified Rodnan skin score")]
        );
        assert_eq!(
            defined("to receive mycophenolate mofetil (MMF; n = 10) or placebo"),
            [("MMF", "mycophenolate mofetil")]
        );
    }

    #[test]
    fn initials_that_spell_the_short_form_take_the_whole_long_form() {
        // PMID 31840382 (Schwartz–Hearst alone stops at "Grading System").
        assert_eq!(
            defined("severity was assessed with the Global Acne Grading System (GAGS)."),
            [("GAGS", "Global Acne Grading System")]
        );
        assert_eq!(
            defined("the Hospital Anxiety and Depression Scale (HADS) was used"),
            [("HADS", "Hospital Anxiety and Depression Scale")]
        );
        // PMID 23076431, tokenized: a quote standing apart is not part of the long form.
        assert_eq!(
            defined("with ' eutectic mixture of local anaesthetics ' (EMLA) cream"),
            [("EMLA", "eutectic mixture of local anaesthetics")]
        );
    }

    #[test]
    fn words_in_brackets_that_define_nothing() {
        // Seed 004: a brand name and counts in brackets are not definitions.
        assert!(
            defined(
                "The standard treatment regimen consisted of IVIg (Privigen) monotherapy for 9 weeks"
            )
            .is_empty()
        );
        assert!(
            defined(
                "We included patients with DM (n = 9), immune-mediated necrotizing myopathy (n = 6)"
            )
            .is_empty()
        );
        assert!(defined("belimumab or placebo (P = 0.039) (placebo)").is_empty());
        assert!(defined("unbalanced (MMF").is_empty());
        assert!(defined("(MMF)").is_empty());
    }
}
