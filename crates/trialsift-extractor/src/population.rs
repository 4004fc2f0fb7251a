//! Sample sizes: how many participants were enrolled, randomized and analysed.
//!
//! Only counts of people tied to a verb of inclusion count: "we included 20
//! adults", "20 patients … were randomized", "Thirty patients were treated".
//! Subgroup sizes such as "(n = 29)" are never a total.
//!
//! Reconciliation, in order of strength:
//! - enrolled: an inclusion verb ("included", "enrolled", "recruited"); else
//!   the randomized count (in a randomized trial those randomized are the
//!   enrolled); else the largest count of people said to be treated or to have
//!   received the intervention at the start of a sentence; else, the first of
//!   each weaker reading in turn: "a total of N people"; a count of people that
//!   opens a sentence or follows a heading in capitals or is a capitalized number
//!   word ("Thirteen male weightlifters", "Of 46 patients,", "PATIENTS 61 adults"),
//!   for texts whose full stops were lost; a count after an opening phrase and
//!   before its verb ("In a randomized trial, 73 patients were assigned"); the
//!   object of a verb of study ("we retrospectively reviewed 122 patients"); a
//!   count of people after a preposition ("a trial in 80 patients with ...") or
//!   "patients (N = 100)"; a count of people followed by a verb of the cohort;
//! - a number is never a count when it is a label ("type 2", "Year 1"), part of
//!   a proportion ("two of 4 patients"), or followed by another number;
//! - analysed: an explicit statement ("19 patients were analysed"); else the
//!   enrolled count less those "excluded from (the) analysis"; else the
//!   enrolled count when every reported proportion is over it; else absent.

use std::cell::Cell;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use regex::bytes::Regex;
use trialsift_domain::Population;

use crate::number::{NUMBER_WORD, compile, number_word_value, parse_count};
use crate::stretch::{Items, Slots, Stretch, Stretched, Via, group};

/// Builds a pattern from a template: `COUNT` is a count in digits or words, `MODS` up to five
/// modifier words (commas between adjectives allowed: "Twelve male, obese subjects"), `PEOPLE` a plural noun for people, `PERSON` a singular or plural one, and
/// `MID` a stretch of the same sentence of up to 160 characters (`SHORT` up to 80, `CLAUSE` up
/// to 80 within a clause); a template holds at most one stretch.
fn people_pattern(template: &str) -> Pattern {
    let count = format!(r"\b(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+|{NUMBER_WORD})\b");
    // Spaces in a template only separate its placeholders.
    let pattern = template
        .replace(' ', "")
        .replace("COUNT", &count)
        .replace("MODS", r"(?:[A-Za-z][A-Za-z0-9.'-]*,?\s+){0,5}?")
        .replace("PEOPLE", &format!("(?:[A-Za-z]+-)?{PEOPLE}"))
        .replace("PERSON", PERSON);
    let stretch = [("MID", r"[^.;]", 160), ("SHORT", r"[^.;]", 80), ("CLAUSE", r"[^.;,]", 80)]
        .into_iter()
        .find(|(placeholder, _, _)| pattern.contains(placeholder));
    let Some((placeholder, class, limit)) = stretch else {
        return Pattern::new(Stretched::plain(compile(&pattern)));
    };
    let exact =
        compile(&pattern.replace(placeholder, &format!(r"(?:{class}|\.[0-9]){{0,{limit}}}?")));
    let fast = compile(&pattern.replace(placeholder, &format!(r"(?P<mid>(?:{class}|\.[0-9])*?)")));
    Pattern::new(Stretched::new(
        fast,
        exact,
        &[Stretch { group: "mid", limit, items: Items::Bytes }],
    ))
}

/// A pattern of a reading, searched as if it were the regex it was built from (a bounded
/// stretch searched unbounded first: see [`crate::stretch`]).
struct Pattern {
    /// The regexes of the pattern.
    stretched: Stretched,
    /// The index of group `n` (the count) in the regex searched first.
    fast_count: Option<usize>,
    /// The index of group `n` in the exact regex.
    exact_count: Option<usize>,
}

/// A match of a [`Pattern`]: its span and that of its count.
#[derive(Clone, Copy)]
struct Found {
    /// Where the match starts.
    start: usize,
    /// Where the match ends.
    end: usize,
    /// Where the count starts.
    count_start: usize,
    /// Where the count ends.
    count_end: usize,
}

impl Pattern {
    /// Wraps the regexes of a pattern.
    fn new(stretched: Stretched) -> Self {
        let fast_count = group(stretched.fast(), "n");
        let exact_count = stretched.exact().and_then(|regex| group(regex, "n"));
        Self { stretched, fast_count, exact_count }
    }

    /// Fresh capture slots for [`Pattern::search`].
    fn slots(&self) -> Slots {
        self.stretched.slots()
    }

    /// The leftmost-first match at or after `at`, as the pattern as written finds it, with its count.
    fn search(&self, slots: &mut Slots, haystack: &[u8], at: usize) -> Option<Found> {
        let via = self.stretched.read_at(slots, haystack, at)?;
        let count = match via {
            Via::Fast => self.fast_count?,
            Via::Exact => self.exact_count?,
        };
        let (start, end) = slots.get(via, 0)?;
        let (count_start, count_end) = slots.get(via, count)?;
        Some(Found { start, end, count_start, count_end })
    }
}

/// Plural nouns for people.
const PEOPLE: &str = r"(?i:patients|participants|subjects|adults|children|women|men|individuals|people|persons|cases|volunteers|infants|neonates|newborns|adolescents|pts|girls|boys|outpatients|inpatients|mothers|veterans|survivors|residents|students|athletes|alcoholics|smokers|drinkers|users|donors|recipients|nurses|physicians|workers|employees|families|couples|asthmatics|diabetics|schoolchildren|toddlers|members|teenagers|elderly|surgeons|dentists|clinicians|doctors|practitioners|midwives|pharmacists|caregivers|speakers|migraineurs|laryngectomees|out-patients|eyes|ewes|cats|dogs|rats|mice|animals|horses|cows|pigs|rabbits|calves|lambs|piglets)\b";

/// Singular or plural nouns for people.
const PERSON: &str = r"(?i:patients?|participants?|subjects?|adults?|child(?:ren)?|wom[ae]n|m[ae]n|individuals?|persons?|people|cases?|volunteers?|infants?|pts)\b";

/// Counts tied to an inclusion verb.
static ENROLLED: LazyLock<[Pattern; 4]> = LazyLock::new(|| {
    [
        people_pattern(
            r"COUNT\s+MODS PEOPLE\s+(?i:enrolled|recruited|included)\b(?:\s+(?i:in|into|at|from|between|during|over))?",
        ),
        people_pattern(r"COUNT\s+(?i:were|had\s+been)\s+(?i:enrolled|included|recruited)\b"),
        people_pattern(concat!(
            r"(?i:\b(?:included|enrolled|recruited|studied|enrolling|including|recruiting|identified|include|includes|recruit|enrol|enroll)\s+",
            r"(?:data\s+(?:from|of|on)\s+)?(?:a\s+total\s+of\s+|all\s+|the\s+)?)COUNT\s+MODS PEOPLE",
        )),
        people_pattern(concat!(
            r"COUNT\s+MODS PEOPLE MID(?i:\b(?:were|was|had\s+been)\s+(?:(?:prospectively|retrospectively|",
            r"consecutively|successfully|finally)\s+)?(?:enrolled|included|recruited|studied|identified)\b)",
        )),
    ]
});

/// What may follow "were included" and turn it into a count of those analysed.
static INTO_ANALYSIS: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(?i:in(?:to)?\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}?analys[ie]s)"));

/// Counts tied to randomization.
static RANDOMIZED: LazyLock<[Pattern; 5]> = LazyLock::new(|| {
    [
        people_pattern(
            r"COUNT\s+(?i:were|had\s+been)\s+(?i:randomi[sz]ed|randomly\s+(?:assigned|allocated))",
        ),
        people_pattern(concat!(
            r"COUNT\s+MODS PEOPLE MID(?i:\b(?:were|was)\s+(?:[a-z]+\s+and\s+)?(?:(?:then|subsequently|centrally|equally)\s+)?",
            r"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))|\bunderwent\s+randomi[sz]ation)",
        )),
        people_pattern(
            r"(?i:\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))\s+(?:a\s+total\s+of\s+)?)COUNT\s+MODS PEOPLE",
        ),
        people_pattern(r"COUNT\s+(?i:randomi[sz]ed|randomly\s+assigned)\s+PEOPLE"),
        // Whatever was randomized: "One hundred maxillary premolar teeth were randomly allocated",
        // "Ten ceramic blocks (6x6x6 mm) were fabricated and randomly assigned".
        people_pattern(concat!(
            r"COUNT(?:\s+[A-Za-z(][A-Za-z0-9.()-]*){1,6}?\s+(?i:were|was)\s+(?:[a-z]+\s+and\s+)?",
            r"(?i:(?:then|subsequently)\s+)?(?i:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided|distributed))",
        )),
    ]
});

/// A count right after a heading that names the participants: "PATIENTS 61 ASA physical status I and
/// II ... outpatients", "SUBJECTS Twelve male, obese subjects", "Participants, 2862 eligible ...".
static HEADED: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r"(?:\b(?:PATIENTS|PARTICIPANTS|SUBJECTS|POPULATION|SAMPLE)(?:\s+AND\s+(?:METHODS|SETTING))?\s*[:,]?",
        r"|\b(?:Participants|Patients|Subjects|Population|Sample)\s*[:,])",
        r"\s+(?:(?i:a\s+total\s+of|in\s+total|all)\s+)?COUNT\b",
    ))
});

/// Stems of the headings [`HEADED`] reads.
const HEADED_STEMS: &[&str] = &[
    "PATIENTS",
    "PARTICIPANTS",
    "SUBJECTS",
    "POPULATION",
    "SAMPLE",
    "articipants",
    "atients",
    "ubjects",
    "opulation",
    "ample",
];

/// Counts of people treated, at the start of a sentence: the cohort of a single-arm or retrospective study.
static TREATED: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r"(?:^|[.:;]\s+)(?i:a\s+total\s+of\s+|in\s+total,?\s+|overall,?\s+)?COUNT\s+MODS PEOPLE MID",
        r"(?i:\b(?:were\s+(?:treated|given|followed)|received|underwent|participated))\b",
    ))
});

/// "A total of 120 patients": a total, wherever it stands.
static TOTAL_OF: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(
        r"(?i:\ba\s+total\s+of\s+|\bin\s+total,?\s+|\b(?:a|the|our)\s+sample\s+of\s+)COUNT\s+MODS PEOPLE",
    )
});

/// A count of people as the subject of a sentence ("Thirteen male weightlifters took part", "Of 46 patients, ...");
/// kept only where the match starts a sentence or the count is a capitalized word.
static SENTENCE_SUBJECT: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(r"(?i:(?:of|out\s+of|among)\s+(?:the\s+|these\s+|all\s+)?)?COUNT\s+MODS PEOPLE")
});

/// The weakest reading: the first count of people after a preposition ("a double-blind trial in 80 patients
/// with hemorrhoids") or a capital `N` after the noun ("patients (N = 100)").
static COHORT: LazyLock<[Pattern; 4]> = LazyLock::new(|| {
    [
        people_pattern(concat!(
            r"(?i:\b(?:in|on|of|among|involving|including|enrolling|recruiting|comprising|from|to|with|for)\s+",
            r"(?:a\s+total\s+of\s+|the\s+|all\s+)?)COUNT\s+MODS PEOPLE",
        )),
        people_pattern(r"PEOPLE\s*\(\s*N\s*=\s*COUNT"),
        people_pattern(r"PEOPLE\s*\(\s*n\s*=\s*COUNT\s*\)"),
        people_pattern(r"\(\s*N\s*=\s*COUNT\s*\)"),
    ]
});

/// What a sentence must hold for one pattern to match in it: a cheap test that spares the
/// pattern's run over most sentences.
#[derive(Clone, Copy)]
struct Needs {
    /// A word for people at a word boundary: the pattern reads one after a space or a hyphen.
    people: bool,
    /// An equals sign ("(N = 100)").
    equals: bool,
}

/// No test beyond the reading's gate.
const ANYTHING: Needs = Needs { people: false, equals: false };
/// A word for people.
const PEOPLE_WORD_NEEDED: Needs = Needs { people: true, equals: false };
/// An equals sign.
const EQUALS_NEEDED: Needs = Needs { people: false, equals: true };

/// What each of [`ENROLLED`] needs.
const ENROLLED_NEEDS: [Needs; 4] =
    [PEOPLE_WORD_NEEDED, ANYTHING, PEOPLE_WORD_NEEDED, PEOPLE_WORD_NEEDED];
/// What each of [`RANDOMIZED`] needs.
const RANDOMIZED_NEEDS: [Needs; 5] =
    [ANYTHING, PEOPLE_WORD_NEEDED, PEOPLE_WORD_NEEDED, PEOPLE_WORD_NEEDED, ANYTHING];
/// What each of [`ANALYZED`] needs.
const ANALYZED_NEEDS: [Needs; 4] =
    [ANYTHING, PEOPLE_WORD_NEEDED, PEOPLE_WORD_NEEDED, PEOPLE_WORD_NEEDED];
/// What each of [`COHORT`] needs; "patients (N = 100)" may stand inside a longer word
/// ("outpatients"), so only the first needs a word for people.
const COHORT_NEEDS: [Needs; 4] = [PEOPLE_WORD_NEEDED, EQUALS_NEEDED, EQUALS_NEEDED, EQUALS_NEEDED];

/// Tells whether the match at `start` opens a sentence, or its count is a capitalized word.
fn opens_sentence(segment: &str, start: usize) -> bool {
    let bytes = segment.as_bytes();
    let before = bytes.get(..start).unwrap_or(&[]);
    let previous = before.iter().rposition(|byte| !byte.is_ascii_whitespace());
    let after_stop = match previous {
        None => true,
        Some(index) => matches!(bytes.get(index), Some(b'.' | b':' | b';' | b'!' | b'?')),
    };
    let capitalized = bytes.get(start).is_some_and(u8::is_ascii_uppercase);
    after_stop || capitalized || after_heading(before)
}

/// Tells whether the text before a position ends with a heading in capitals ("PATIENTS 61 adults").
fn after_heading(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let word_start =
        trimmed.iter().rposition(|byte| !byte.is_ascii_alphabetic()).map_or(0, |index| index + 1);
    let word = trimmed.get(word_start..).unwrap_or(&[]);
    word.len() >= 3 && word.iter().all(u8::is_ascii_uppercase)
}

/// What may stand right before a number that is a label or a part of another number, not a count of people.
static NOT_A_COUNT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"(?:[-/.]|(?i:\b(?:type|years?|level|groups?|phase|stage|grade|days?|weeks?|months?|arm|cohort|class|",
            r"step|visit|part|table|figure|fig|hours?|version|experiment|protocol|section|aged?))\s+|",
            r"\b(?:[0-9]+|{word})\s+(?i:of)\s+(?:(?i:the)\s+)?)$",
        ),
        word = NUMBER_WORD
    ))
});

/// What may stand right after a count that shows it is not one ("1 Twenty patients").
static NOT_A_COUNT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"^\s+(?:[0-9]|{NUMBER_WORD}\b)")));

/// Tells whether the number at `start..end` reads as a count of people and not as a label or a part of a proportion.
fn plausible_count(segment: &str, start: usize, end: usize) -> bool {
    let bytes = segment.as_bytes();
    let before = bytes.get(start.saturating_sub(48)..start).unwrap_or(&[]);
    let after = bytes.get(end..(end + 24).min(bytes.len())).unwrap_or(&[]);
    let in_words = bytes.get(start).is_some_and(u8::is_ascii_alphabetic);
    // A label ("type 2", "Year 1") takes digits; a number word after a lowercase word opens a sentence
    // of a text whose full stops were lost.
    let label_before = !in_words && NOT_A_COUNT_BEFORE.is_match(before);
    let part_of_proportion = in_words && OF_BEFORE.is_match(before);
    let per_group = PER_GROUP_BEFORE.is_match(before);
    let rest = bytes.get(end..(end + 64).min(bytes.len())).unwrap_or(&[]);
    !label_before
        && !part_of_proportion
        && !per_group
        && !NOT_A_COUNT_AFTER.is_match(after)
        && !modifiers_hold_a_number(rest)
}

/// "cohorts of four patients", "5 each", "per group": the size of each group, not a total.
static PER_GROUP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\b(?:cohorts?|groups?|arms?|blocks?)\s+of\s+|\beach\s+(?:of\s+)?|\bper\s+)$")
});

/// "two of 4 patients": a count that is the denominator of a proportion.
static OF_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(r"(?:[-/.]|\b(?:[0-9]+|{NUMBER_WORD})\s+(?i:of)\s+(?:(?i:the)\s+)?)$"))
});

/// A count of people after a comma that closes an opening phrase, then its verb
/// ("In a randomized controlled trial, 73 patients were assigned").
static CLAUSE_SUBJECT: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r",\s+COUNT\s+MODS PEOPLE CLAUSE",
        r"(?i:\b(?:were|received|underwent|completed|participated|took\s+part|entered)\b)",
    ))
});

/// A count of people followed by a verb that makes it the study's cohort, anywhere: the last resort
/// for texts whose full stops were lost ("... eye surgery 105 patients admitted for cataract surgery were treated").
static SUBJECT_VERB: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r"COUNT\s+MODS PEOPLE CLAUSE(?i:\b(?:were\s+(?:randomi[sz]ed|randomly|enrolled|included|",
        r"recruited|treated|studied|assigned|allocated|divided|given|evaluated|examined|investigated|followed|",
        r"selected|used)|received|underwent|completed|participated|took\s+part|entered|will\s+be)\b)",
    ))
});

/// A count of people as the object of a verb of study ("we retrospectively reviewed 122 patients").
static VERB_OBJECT: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r"(?i:\b(?:reviewed|evaluated|examined|investigated|treated|followed|observed|surveyed|interviewed|",
        r"randomly\s+selected|involved|involves|comprised|consisted\s+of|follows|followed\s+up)\s+(?:a\s+total\s+of\s+|the\s+|all\s+)?)COUNT\s+MODS PEOPLE",
    ))
});

/// Every sentence passes this stem gate.
const ANY_STEM: u128 = 0;

/// Stems of "a total of" and "in total".
const TOTAL_STEMS: &[&str] = &["otal", "OTAL", "ample"];

/// Every sentence that holds a word for people.
const PEOPLE_GATE: Gate = Gate { stems: ANY_STEM, people: true };

/// Counts of people analysed.
static ANALYZED: LazyLock<[Pattern; 4]> = LazyLock::new(|| {
    [
        people_pattern(concat!(
            r"COUNT\s+(?i:were|was)\s+(?i:analy[sz]ed|evaluable|assessable|included\s+in(?:to)?\s+(?:the\s+)?",
            r"(?:[a-z-]+\s+){0,2}?analys[ie]s)\b",
        )),
        people_pattern(concat!(
            r"COUNT\s+MODS PEOPLE SHORT(?i:\b(?:were|was)\s+(?:included\s+in(?:to)?\s+(?:the\s+)?",
            r"(?:[a-z-]+\s+){0,2}?analys[ie]s|analy[sz]ed|evaluable|assessable|available\s+for\s+(?:the\s+)?",
            r"(?:[a-z-]+\s+)?analys[ie]s))",
        )),
        people_pattern(
            r"(?i:\b(?:analy[sz]ed|analysis\s+(?:included|of|comprised))\s+(?:data\s+(?:from|of)\s+)?)COUNT\s+MODS PEOPLE",
        ),
        people_pattern(r"COUNT\s+(?i:evaluable|analy[sz]able|assessable)\s+PEOPLE"),
    ]
});

/// Counts of people excluded from the analysis.
static EXCLUDED: LazyLock<Pattern> = LazyLock::new(|| {
    people_pattern(concat!(
        r"COUNT\s+MODS PERSON\s+(?:[a-z-]+\s+){0,3}?(?i:was|were)\s+(?:(?:subsequently|later|also)\s+)?",
        r"(?i:excluded|withdrawn|removed|omitted)\s+from\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?i:analys[ie]s|evaluation)",
    ))
});

/// Between a count and its verb: another count that is the verb's real subject, or a screening word.
static NOT_THE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"[,;:]\s*(?:[0-9]+|{NUMBER_WORD})\s+(?:[A-Za-z-]+\s+)?(?i:were|was|had|of|patients|participants|subjects)\b|(?i:\bscreened\b|\bassessed\s+for\b|\bapproached\b)"
    ))
});

/// Tells whether the stretch from a count to the end of its match shows the count is not the subject.
fn not_the_subject(segment: &str, count_end: usize, match_end: usize) -> bool {
    segment
        .as_bytes()
        .get(count_end..match_end)
        .is_some_and(|between| NOT_THE_SUBJECT.is_match(between))
}

/// Word stems without which no inclusion is stated.
const ENROLLED_STEMS: &[&str] = &["nrol", "nclud", "ecruit", "tudied", "dentified"];
/// Word stems without which no randomization is stated.
const RANDOMIZED_STEMS: &[&str] = &["andom"];
/// Word stems without which no treatment of a cohort is stated.
const TREATED_STEMS: &[&str] =
    &["treated", "given", "followed", "received", "underwent", "participated"];
/// Word stems without which no analysis set is stated.
const ANALYZED_STEMS: &[&str] = &["naly", "valuable", "ssessable"];
/// Word stems without which no exclusion is stated.
const EXCLUDED_STEMS: &[&str] = &["xclud", "ithdrawn", "emoved", "mitted"];

/// Every reading's stems in one automaton, so a segment is scanned once for all gates.
static STEM_GATES: LazyLock<Stems> = LazyLock::new(|| {
    Stems::new(&[
        ENROLLED_STEMS,
        RANDOMIZED_STEMS,
        HEADED_STEMS,
        TREATED_STEMS,
        TOTAL_STEMS,
        ANALYZED_STEMS,
        EXCLUDED_STEMS,
    ])
});

/// Literal stems found in one pass over a whole segment, each then credited to the sentence
/// that holds it.
///
/// A leftmost search (its prefilter skips most of the text) restarted one byte after each
/// match's start finds every occurrence of every stem, as long as no stem is a prefix of
/// another (a test checks it): only then could two stems match at the same start.
struct Stems {
    /// One automaton over every stem; `None` if it could not be built.
    matcher: Option<AhoCorasick>,
    /// The stems, by index; a sentence's bit set has bit `i` when it holds stem `i`.
    needles: Vec<&'static str>,
}

impl Stems {
    /// Builds the automaton over every list of stems (at most 128 stems).
    fn new(lists: &[&[&'static str]]) -> Self {
        let mut needles: Vec<&'static str> = Vec::new();
        for literal in lists.iter().flat_map(|list| list.iter()) {
            if !needles.contains(literal) {
                needles.push(literal);
            }
        }
        debug_assert!(needles.len() <= 128, "stems fit a u128");
        let matcher =
            AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(&needles).ok();
        Self { matcher, needles }
    }

    /// Sets the bit of every stem each sentence holds; `sentences` are those of `segment`, in order.
    fn mark(&self, segment: &str, sentences: &mut [Sentence<'_>]) {
        let Some(matcher) = &self.matcher else {
            // Without an automaton every gate opens: slower, never wrong.
            for sentence in sentences.iter_mut() {
                sentence.stems = u128::MAX;
            }
            return;
        };
        let bytes = segment.as_bytes();
        let mut sentences = sentences.iter_mut().peekable();
        let mut at = 0;
        while let Some(found) = matcher.find(Input::new(bytes).span(at..bytes.len())) {
            at = found.start() + 1;
            // Stems are letters only and never straddle a sentence's end.
            while sentences.next_if(|sentence| sentence.end() <= found.start()).is_some() {}
            if let Some(sentence) = sentences.peek_mut()
                && sentence.offset <= found.start()
            {
                sentence.stems |= 1u128 << (found.pattern().as_usize() % 128);
            }
            if at >= bytes.len() {
                break;
            }
        }
    }

    /// The bit set of a list of stems.
    fn mask(&self, list: &[&str]) -> u128 {
        list.iter()
            .filter_map(|literal| self.needles.iter().position(|needle| needle == literal))
            .fold(0, |mask, index| mask | (1u128 << index))
    }
}

/// Each reading's stems as a bit set over [`STEM_GATES`]' needles.
struct StemMasks {
    /// Inclusion verbs.
    enrolled: u128,
    /// Randomization.
    randomized: u128,
    /// Headings of the population.
    headed: u128,
    /// Treatment of a cohort.
    treated: u128,
    /// "a total of", "in total", "sample".
    total: u128,
    /// Analysis sets.
    analyzed: u128,
    /// Exclusions.
    excluded: u128,
}

/// The masks, built once.
static STEM_MASKS: LazyLock<StemMasks> = LazyLock::new(|| StemMasks {
    enrolled: STEM_GATES.mask(ENROLLED_STEMS),
    randomized: STEM_GATES.mask(RANDOMIZED_STEMS),
    headed: STEM_GATES.mask(HEADED_STEMS),
    treated: STEM_GATES.mask(TREATED_STEMS),
    total: STEM_GATES.mask(TOTAL_STEMS),
    analyzed: STEM_GATES.mask(ANALYZED_STEMS),
    excluded: STEM_GATES.mask(EXCLUDED_STEMS),
});

/// Which sentences a reading looks at: those holding one of its stems and, where it needs one,
/// a word for people.
#[derive(Clone, Copy)]
struct Gate {
    /// Stems (a bit set over [`STEM_GATES`]) one of which the sentence must hold; 0 lets every
    /// sentence through.
    stems: u128,
    /// Whether the sentence must hold a word for people.
    people: bool,
}

/// A count read from the text: its value and its span in the full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Read {
    /// The count.
    value: u64,
    /// Byte offset of the count's first byte.
    start: usize,
    /// Byte offset one past the count's last byte.
    end: usize,
}

/// A sentence of the English segments, with the stems it holds.
struct Sentence<'s> {
    /// The sentence's text.
    text: &'s str,
    /// Byte offset of the sentence in the full text.
    start: usize,
    /// Byte offset of the sentence in its segment.
    offset: usize,
    /// Whether it holds a word for people, once a reading has asked.
    people: Cell<Option<bool>>,
    /// The stems it holds, as a bit set over [`STEM_GATES`]' needles.
    stems: u128,
}

impl Sentence<'_> {
    /// Byte offset one past the sentence's end in its segment.
    fn end(&self) -> usize {
        self.offset + self.text.len()
    }

    /// Whether the sentence holds a word for people; looked for only when a reading needs it,
    /// as the strongest readings, which do not, most often settle the count.
    fn people(&self) -> bool {
        if let Some(known) = self.people.get() {
            return known;
        }
        let found = PEOPLE_ANYWHERE.is_match(self.text.as_bytes());
        self.people.set(Some(found));
        found
    }
}

/// Splits the segments (each with its offset in the full text) into sentences once, for every
/// reading to share.
fn sentences<'s>(segments: &[(usize, &'s str)]) -> Vec<Sentence<'s>> {
    let mut sentences = Vec::new();
    for (base, segment) in segments {
        let first = sentences.len();
        for (start, end) in crate::text::sentences(segment) {
            if let Some(text) = segment.get(start..end) {
                let people = Cell::new(None);
                sentences.push(Sentence {
                    text,
                    start: base + start,
                    offset: start,
                    people,
                    stems: 0,
                });
            }
        }
        if let Some(of_segment) = sentences.get_mut(first..) {
            STEM_GATES.mark(segment, of_segment);
        }
    }
    sentences
}

/// The sentences that pass a gate, in order.
fn gated<'a, 's>(
    sentences: &'a [Sentence<'s>],
    gate: Gate,
) -> impl Iterator<Item = &'a Sentence<'s>> + 'a {
    sentences.iter().filter(move |sentence| {
        (gate.stems == 0 || sentence.stems & gate.stems != 0) && (!gate.people || sentence.people())
    })
}

/// A word for people anywhere in a sentence.
static PEOPLE_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\b(?:{PEOPLE}|{PERSON})")));

/// Returns the count in group `n` of the first match of any of the regexes, in text order.
///
/// Sentences are read one at a time (no reading crosses a sentence's end), and only those that
/// pass the gate: most sentences of an abstract hold no inclusion verb, and skipping them keeps
/// the reader fast.
fn first_count(
    sentences: &[Sentence<'_>],
    gate: Gate,
    patterns: &[Pattern],
    needs: &[Needs],
    reject: impl Fn(&str, usize, usize) -> bool,
) -> Option<Read> {
    // The groups' slots, allocated once for all sentences rather than once a search.
    let mut slots: Vec<Slots> = patterns.iter().map(Pattern::slots).collect();
    for gated_sentence in gated(sentences, gate) {
        let sentence = gated_sentence.text;
        let bytes = sentence.as_bytes();
        let mut best: Option<Read> = None;
        for (index, (pattern, slots)) in patterns.iter().zip(slots.iter_mut()).enumerate() {
            let need = needs.get(index).copied().unwrap_or(ANYTHING);
            if (need.people && !gated_sentence.people())
                || (need.equals && memchr::memchr(b'=', bytes).is_none())
            {
                continue;
            }
            let mut position = 0;
            // A rejected match is retried from just after its count, so that "6 months Ninety-seven
            // patients" still finds its second count.
            while let Some(found) = pattern.search(slots, bytes, position) {
                let Found { start: whole_start, end: whole_end, count_start, count_end } = found;
                position = count_end.max(position + 1);
                if reject(sentence, whole_start, whole_end)
                    || not_the_subject(sentence, count_end, whole_end)
                    || !plausible_count(sentence, count_start, count_end)
                {
                    continue;
                }
                let Some(number) = parse_count(sentence, count_start, count_end, 0) else {
                    continue;
                };
                let start = gated_sentence.start + count_start;
                if best.is_none_or(|known| start < known.start) {
                    let end = gated_sentence.start + count_end;
                    best = Some(Read { value: number.value as u64, start, end });
                }
                break;
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A word for people, alone.
static PEOPLE_WORD: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"^(?:[A-Za-z]+-)?(?:{PEOPLE}|{PERSON})$")));

/// Units of time and measure: a count they follow measures something, not people.
const MEASURE_WORDS: &[&str] = &[
    "months", "month", "years", "year", "weeks", "week", "days", "day", "hours", "hour", "minutes",
    "min", "mg", "kg", "ml", "g", "times", "cycles", "doses", "sessions", "visits", "percent", "h",
    "mm", "cm", "mmhg",
];

/// Tells whether the words between a count and its noun hold another number, an "of" or a unit
/// ("Five of six volunteers", "6 months Ninety-seven patients").
fn modifiers_hold_a_number(after: &[u8]) -> bool {
    let mut holds_number = false;
    for word in
        after.split(|byte| byte.is_ascii_whitespace()).filter(|word| !word.is_empty()).take(5)
    {
        let bare = word.trim_ascii_end();
        let bare = bare.strip_suffix(b",").or_else(|| bare.strip_suffix(b".")).unwrap_or(bare);
        if PEOPLE_WORD.is_match(bare) {
            return holds_number;
        }
        if bare.len() != word.len()
            || word.iter().any(|byte| matches!(byte, b';' | b':' | b'(' | b')'))
        {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        if MEASURE_WORDS.iter().any(|unit| unit.as_bytes() == lower.as_slice()) {
            // "3 months patients were randomized": the count measures time, not people.
            return true;
        }
        let is_number = lower.first().is_some_and(u8::is_ascii_digit)
            || std::str::from_utf8(&lower).ok().and_then(number_word_value).is_some();
        holds_number |= lower == b"of" || is_number;
    }
    false
}

/// Returns the largest count of all matches of a pattern, in the sentences that pass the gate.
fn largest_count(sentences: &[Sentence<'_>], gate: Gate, pattern: &Pattern) -> Option<Read> {
    let mut slots = pattern.slots();
    let mut largest: Option<Read> = None;
    for gated_sentence in gated(sentences, gate) {
        let sentence = gated_sentence.text;
        let bytes = sentence.as_bytes();
        let mut at = 0;
        while at <= bytes.len() {
            let Some(found) = pattern.search(&mut slots, bytes, at) else {
                break;
            };
            at = if found.end > found.start { found.end } else { found.end + 1 };
            if not_the_subject(sentence, found.count_end, found.end)
                || !plausible_count(sentence, found.count_start, found.count_end)
            {
                continue;
            }
            let Some(number) = parse_count(sentence, found.count_start, found.count_end, 0) else {
                continue;
            };
            let read = Read {
                value: number.value as u64,
                start: gated_sentence.start + found.count_start,
                end: gated_sentence.start + found.count_end,
            };
            // The largest value; of equal values, the first.
            if largest.is_none_or(|known| read.value > known.value) {
                largest = Some(read);
            }
        }
    }
    largest
}

/// Reads the sample sizes out of the English segments; `proportion_totals` are the denominators of the reported proportions.
///
/// `segments` are the English title and body segments, each with its offset in the full text;
/// the population's `evidence` gives the span of each count read (and of the exclusion count an
/// analysed number was derived from, under `excluded`).
pub(crate) fn read(segments: &[(usize, &str)], proportion_totals: &[u64]) -> Population {
    let sentences = sentences(segments);
    let into_analysis = |segment: &str, _start: usize, end: usize| {
        segment.as_bytes().get(end..).is_some_and(|rest| INTO_ANALYSIS.is_match(rest))
    };
    let stated_enrolled = first_count(
        &sentences,
        Gate { stems: STEM_MASKS.enrolled, people: false },
        ENROLLED.as_slice(),
        &ENROLLED_NEEDS,
        into_analysis,
    );
    let randomized = first_count(
        &sentences,
        Gate { stems: STEM_MASKS.randomized, people: false },
        RANDOMIZED.as_slice(),
        &RANDOMIZED_NEEDS,
        |_, _, _| false,
    );
    let headed = || {
        first_count(
            &sentences,
            Gate { stems: STEM_MASKS.headed, people: false },
            std::slice::from_ref(&*HEADED),
            &[ANYTHING],
            |_, _, _| false,
        )
    };
    let enrolled = stated_enrolled
        .or(randomized)
        .or_else(headed)
        .or_else(|| {
            largest_count(&sentences, Gate { stems: STEM_MASKS.treated, people: true }, &TREATED)
        })
        .or_else(|| {
            first_count(
                &sentences,
                Gate { stems: STEM_MASKS.total, people: true },
                std::slice::from_ref(&*TOTAL_OF),
                &[ANYTHING],
                |_, _, _| false,
            )
        })
        .or_else(|| {
            first_count(
                &sentences,
                PEOPLE_GATE,
                std::slice::from_ref(&*SENTENCE_SUBJECT),
                &[ANYTHING],
                |segment, start, _| !opens_sentence(segment, start),
            )
        })
        .or_else(|| {
            first_count(
                &sentences,
                PEOPLE_GATE,
                std::slice::from_ref(&*CLAUSE_SUBJECT),
                &[ANYTHING],
                |_, _, _| false,
            )
        })
        .or_else(|| {
            first_count(
                &sentences,
                PEOPLE_GATE,
                std::slice::from_ref(&*VERB_OBJECT),
                &[ANYTHING],
                |_, _, _| false,
            )
        })
        .or_else(|| {
            first_count(
                &sentences,
                Gate { stems: ANY_STEM, people: false },
                COHORT.as_slice(),
                &COHORT_NEEDS,
                |_, _, _| false,
            )
        })
        .or_else(|| {
            first_count(
                &sentences,
                PEOPLE_GATE,
                std::slice::from_ref(&*SUBJECT_VERB),
                &[ANYTHING],
                |_, _, _| false,
            )
        });
    let stated_analyzed = first_count(
        &sentences,
        Gate { stems: STEM_MASKS.analyzed, people: false },
        ANALYZED.as_slice(),
        &ANALYZED_NEEDS,
        |_, _, _| false,
    );
    let mut evidence = std::collections::BTreeMap::new();
    for (name, read) in
        [("enrolled", enrolled), ("randomized", randomized), ("analyzed", stated_analyzed)]
    {
        if let Some(read) = read {
            evidence.insert(name.to_owned(), [read.start, read.end]);
        }
    }
    let analyzed = stated_analyzed.map(|read| read.value).or_else(|| {
        let total = enrolled?.value;
        if let Some(excluded) =
            largest_count(&sentences, Gate { stems: STEM_MASKS.excluded, people: false }, &EXCLUDED)
        {
            evidence.insert("excluded".to_owned(), [excluded.start, excluded.end]);
            return total.checked_sub(excluded.value).filter(|remaining| *remaining > 0);
        }
        let all_over_total =
            !proportion_totals.is_empty() && proportion_totals.iter().all(|n| *n == total);
        all_over_total.then_some(total)
    });
    Population {
        enrolled: enrolled.map(|read| read.value),
        randomized: randomized.map(|read| read.value),
        analyzed,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn population(text: &str, totals: &[u64]) -> Population {
        read(&[(0, text)], totals)
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&ENROLLED);
        LazyLock::force(&INTO_ANALYSIS);
        LazyLock::force(&RANDOMIZED);
        LazyLock::force(&HEADED);
        LazyLock::force(&TREATED);
        LazyLock::force(&ANALYZED);
        LazyLock::force(&EXCLUDED);
        LazyLock::force(&NOT_THE_SUBJECT);
        LazyLock::force(&TOTAL_OF);
        LazyLock::force(&SENTENCE_SUBJECT);
        LazyLock::force(&COHORT);
        LazyLock::force(&NOT_A_COUNT_BEFORE);
        LazyLock::force(&NOT_A_COUNT_AFTER);
        LazyLock::force(&OF_BEFORE);
        LazyLock::force(&PER_GROUP_BEFORE);
        LazyLock::force(&CLAUSE_SUBJECT);
        LazyLock::force(&VERB_OBJECT);
        LazyLock::force(&SUBJECT_VERB);
        LazyLock::force(&PEOPLE_WORD);
    }

    #[test]
    fn a_bounded_stretch_matches_as_written() {
        let long = "x".repeat(150);
        let texts = [
            format!("20 patients {long} and more were randomized to two arms."),
            format!("20 patients {long} were randomized, and 30 patients were randomized."),
            format!("20 patients with 1.5 mg {long} were randomized."),
            format!("Of 20 patients, 30 adults {long} were enrolled and 40 adults were enrolled."),
            "In total, 12 patients were treated and 14 subjects received it.".to_owned(),
            format!("12 patients {} received it; 14 subjects {long} received it.", "y".repeat(79)),
            format!("12 patients {} were analysed.", "y".repeat(81)),
        ];
        let patterns: Vec<&Pattern> = ENROLLED
            .iter()
            .chain(RANDOMIZED.iter())
            .chain(ANALYZED.iter())
            .chain([&*TREATED, &*CLAUSE_SUBJECT, &*SUBJECT_VERB, &*EXCLUDED])
            .collect();
        for pattern in patterns {
            let Some(exact) = pattern.stretched.exact() else {
                continue;
            };
            let mut slots = pattern.slots();
            for text in &texts {
                let bytes = text.as_bytes();
                for at in 0..=bytes.len() {
                    let ours = pattern
                        .search(&mut slots, bytes, at)
                        .map(|found| (found.start, found.end, found.count_start, found.count_end));
                    let theirs = exact.captures_at(bytes, at).and_then(|captures| {
                        let whole = captures.get(0)?;
                        let count = captures.name("n")?;
                        Some((whole.start(), whole.end(), count.start(), count.end()))
                    });
                    assert_eq!(ours, theirs, "{text} at {at}");
                }
            }
        }
    }

    #[test]
    fn no_stem_is_a_prefix_of_another() {
        // Else two stems could match at one start, and the leftmost search would miss one.
        let needles = &STEM_GATES.needles;
        for stem in needles {
            assert!(
                !needles.iter().any(|other| other != stem && other.starts_with(stem)),
                "{stem}"
            );
        }
        assert!(STEM_GATES.matcher.is_some());
    }

    #[test]
    fn inclusion_verbs() {
        let found = population(
            "In this phase 2 study, we included 20 adults with a newly diagnosed myopathy.",
            &[],
        );
        assert_eq!(found.enrolled, Some(20));
        let found = population(
            "This is a trial that included 20 SSc patients who still had skin progression.",
            &[],
        );
        assert_eq!(found.enrolled, Some(20));
        let found =
            population("A total of 1,234 participants were enrolled between 2010 and 2012.", &[]);
        assert_eq!(found.enrolled, Some(1234));
    }

    #[test]
    fn randomized_count_stands_for_enrolled() {
        let text = "In this pilot study, 20 patients with dcSSc recently started on MMF were randomized 1:1 to drug or placebo.";
        assert_eq!(population(text, &[]).counts(), (Some(20), Some(20), None));
        let text = "We randomized 120 patients to two arms.";
        assert_eq!(population(text, &[]).randomized, Some(120));
    }

    #[test]
    fn counts_without_a_noun_after_a_screening_clause() {
        let text = "Of 150 screened patients, 120 were randomized and 118 were analysed.";
        assert_eq!(population(text, &[]).counts(), (Some(120), Some(120), Some(118)));
        let text = "A total of 120 patients were enrolled and randomly assigned to two arms.";
        assert_eq!(population(text, &[]).randomized, Some(120));
        let text = "Of the 62 patients enrolled, 58 completed the study.";
        assert_eq!(population(text, &[]).enrolled, Some(62));
        let text = "Overall, 40 eligible patients were enrolled after 55 were screened.";
        assert_eq!(population(text, &[]).enrolled, Some(40));
    }

    #[test]
    fn treated_cohorts_in_words() {
        assert_eq!(
            population("RESULTS: Thirty patients were treated with IVIG.", &[]).enrolled,
            Some(30)
        );
        let text = "Six women with a SLEDAI >6, having failed standard of care therapy, received one infusion.";
        assert_eq!(population(text, &[]).enrolled, Some(6));
    }

    #[test]
    fn subgroup_sizes_are_not_totals() {
        let text = "We included patients with DM (n = 9), myopathy (n = 6) and overlap (n = 4). It decreased (n = 29, p = 0.0011).";
        assert_eq!(population(text, &[]), Population::default());
    }

    #[test]
    fn analysed_from_exclusions_or_denominators() {
        let text = "We included 20 adults. One patient was excluded from analyses because of minimal weakness.";
        assert_eq!(population(text, &[19]).analyzed, Some(19));
        let text = "Six women received one infusion. Of six patients, five improved.";
        assert_eq!(population(text, &[6]).analyzed, Some(6));
        assert_eq!(population(text, &[5, 6]).analyzed, None);
        assert_eq!(population("We included 20 adults.", &[]).analyzed, None);
        assert_eq!(
            population("Overall, 18 patients were analysed at week 12.", &[]).analyzed,
            Some(18)
        );
    }

    #[test]
    fn included_in_the_analysis_is_analysed_not_enrolled() {
        let text = "We enrolled 40 patients. 36 patients were included in the final analysis.";
        let found = population(text, &[]);
        assert_eq!((found.enrolled, found.analyzed), (Some(40), Some(36)));
    }

    #[test]
    fn every_count_carries_the_span_it_was_read_from() {
        // Seed 004: "we included 20 adults ... One patient was excluded from analyses".
        let text = "In this open-label study, we included 20 adults with myositis. One patient was excluded from analyses because of minimal weakness.";
        let found = read(&[(100, text)], &[]);
        assert_eq!(found.counts(), (Some(20), None, Some(19)));
        let span =
            |name: &str| found.evidence.get(name).map(|[start, end]| &text[start - 100..end - 100]);
        assert_eq!(span("enrolled"), Some("20"));
        assert_eq!(span("excluded"), Some("One"));
        assert_eq!(span("analyzed"), None);
    }

    #[test]
    fn counts_after_a_participants_heading() {
        // Structured abstracts of the development corpus (8123267, 10643677, 16571852).
        let enrolled = |text: &str| population(text, &[]).enrolled;
        assert_eq!(
            enrolled(
                "SETTING University hospital PATIENTS 61 ASA physical status I and II, healthy female outpatients undergoing surgery"
            ),
            Some(61)
        );
        assert_eq!(enrolled("SUBJECTS Twelve male, obese subjects (age 36.3+/-5.1 y)"), Some(12));
        assert_eq!(
            enrolled("Participants, 2862 eligible overweight and obese members"),
            Some(2862)
        );
        // A lowercase "patients" is no heading.
        assert_eq!(enrolled("Outcomes in patients 3 months after surgery were good."), None);
    }

    #[test]
    fn whatever_was_randomized_is_the_sample() {
        let randomized = |text: &str| population(text, &[]).randomized;
        assert_eq!(
            randomized(
                "One hundred maxillary premolar teeth were randomly allocated to ten groups."
            ),
            Some(100)
        );
        assert_eq!(
            randomized(
                "Ten ceramic blocks (6x6x6 mm) were fabricated and randomly assigned to 2 groups."
            ),
            Some(10)
        );
        assert_eq!(
            randomized("Eighty cats were randomly allocated so that there were 20 cats in each."),
            Some(80)
        );
        // A count of time before the randomized people is not their number.
        assert_eq!(randomized("After 3 months patients were randomized to drug or placebo."), None);
    }

    #[test]
    fn modifiers_with_commas_and_a_sample_of() {
        let enrolled = |text: &str| population(text, &[]).enrolled;
        assert_eq!(
            enrolled("Fourteen healthy, non-smoking, Caucasian male volunteers took part."),
            Some(14)
        );
        assert_eq!(
            enrolled("We randomly assigned 129 H. pylori infected patients with severe pain."),
            Some(129)
        );
        assert_eq!(
            enrolled("A sample of 406 spouses-caregivers of patients was randomized."),
            Some(406)
        );
    }

    #[test]
    fn weaker_readings_for_texts_without_full_stops() {
        let enrolled = |text: &str| population(text, &[]).enrolled;
        assert_eq!(
            enrolled(
                "crossover trial on weightlifters Thirteen experienced male athletes took part"
            ),
            Some(13)
        );
        assert_eq!(enrolled("A total of 2771 pregnant women with a scan"), Some(2771));
        assert_eq!(enrolled("SUBJECTS 47 children aged between 1-12 years with asthma"), Some(47));
        assert_eq!(
            enrolled("a double-blind study in 80 patients with first degree hemorrhoids"),
            Some(80)
        );
        assert_eq!(
            enrolled("In a randomized controlled trial, 73 patients were assigned to CT"),
            Some(73)
        );
        assert_eq!(
            enrolled("Between 1994 and 2004, we retrospectively reviewed 122 patients with cancer"),
            Some(122)
        );
        assert_eq!(
            enrolled("assessed in a randomized study of patients (N = 100) with cancer"),
            Some(100)
        );
        assert_eq!(
            enrolled("treatment is 6 months Ninety-seven patients received rioprostil"),
            Some(97)
        );
    }

    #[test]
    fn labels_and_parts_of_proportions_are_not_counts() {
        let enrolled = |text: &str| population(text, &[]).enrolled;
        assert_eq!(enrolled("RBC mass increased in two of 4 androgen-treated patients"), None);
        assert_eq!(enrolled("Year 1 medical students were taught"), None);
        assert_eq!(enrolled("enrolled in cohorts of four patients at each dose level"), None);
        assert_eq!(
            enrolled("hypertension. 1 Twenty patients with essential hypertension completed"),
            Some(20)
        );
    }
}
