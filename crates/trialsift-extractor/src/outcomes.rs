//! Outcomes: what a study measures, primary or secondary, and when.
//!
//! An outcome is read only where the text names it as one:
//! - "The primary outcome/end point was the change in mRSS at 52 weeks", "Secondary end points
//!   included FVC% and HAQ-DI", "Primary Outcomes: Any death, non-fatal stroke" (the cue, then
//!   its verb, then the measure);
//! - "Change in visual acuity from baseline was the primary outcome", "with mortality as the
//!   primary end point" (the measure before the cue);
//! - "Change in visual acuity (primary outcome measure of the study)";
//! - registry lists under a "Primary Outcome Measures:" heading, with their "[Time Frame: ...]".
//!
//! A sentence that reports a p-value or a confidence interval is a result, never a definition,
//! and so is a cue followed by a result word ("the primary end point was met", "... was
//! similar in both groups", "... were improved"). Instruments mentioned only in results are
//! not outcomes.
//!
//! When the measure holds a known instrument (see the `instruments` module) the outcome is that
//! instrument, normalized, with the span of its mention: the first one for a singular cue ("The
//! primary outcome was an SRI of 4 with no new BILAG A"), every one for a list ("end points
//! included FVC% and HAQ-DI"). Otherwise the measure is kept as written, cut before qualifiers
//! ("as measured by", "defined as", a time point), and a list is split at commas, semicolons
//! and its last "and". The time point is the first one written in the measure ("at 52 weeks",
//! "by 20 weeks", "after three years"), or the registry's time frame.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::bytes::Regex;
use trialsift_domain::{Outcome, Segment, SegmentKind};

use crate::instruments;
use crate::number::compile;
use crate::text::sentences;

/// Roles before a cue noun.
const ROLE: &str = r"(?P<role>co-?primary|primary|main|principal|key\s+secondary|secondary|other|additional|exploratory|clinical)";

/// A cue followed by its verb: "The primary outcome was", "Secondary end points included", "Primary Outcomes:".
static FORWARD: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"(?i:\b(?:{role}\s+)?(?:(?:efficacy|safety|clinical|study|outcome)\s+)?",
            r"(?P<noun>outcomes?|end[\s-]?points?)(?:\s+(?:measures?|variables?|parameters?|measurements?))?",
            r"(?:\s+(?:of|for|in)\s+(?:the|this|our)\s+(?:present\s+|current\s+)?(?:study|trial|analysis))?",
            r"\s*(?P<verb>:|(?:was|were|is|are|will\s+be|would\s+be)(?:\s+defined\s+as)?",
            r"|(?:will\s+)?(?:included?|includes)|comprised?|consist(?:s|ed)?\s+of)\s+)",
        ),
        role = ROLE
    ))
});

/// A cue after its measure: "Mortality was the primary end point", "with X as the primary outcome".
static BACKWARD: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"(?i:\b(?P<verb>was|were|is|are|will\s+be|served\s+as|as)\s+(?:the|a|an|our)\s+(?:{role}\s+)?",
            r"(?:(?:efficacy|safety|clinical|study|outcome)\s+)?(?P<noun>outcome|end[\s-]?point)s?",
            r"(?:\s+(?:measures?|variables?))?\b)",
        ),
        role = ROLE
    ))
});

/// A cue in brackets after its measure: "Change in visual acuity (primary outcome measure of the study)".
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\(\s*(?:the\s+|as\s+(?:the\s+)?)?(?P<role>primary|secondary)\s+(?:efficacy\s+)?(?:outcome|end[\s-]?point)s?\b)",
    )
});

/// A heading over a registry list of outcomes: "Primary Outcome Measures:".
static LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:^\s*(?P<role>primary|secondary|other(?:\s+pre-?specified)?)\s+(?:outcome|end[\s-]?point)s?(?:\s+measures?)?\s*:?\s*$)",
    )
});

/// A report of a result: a p-value or a confidence interval.
static RESULT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:\bp\s*(?:[<=>]|≤|≥|＜|value)|\bCI\b|confidence\s+intervals?)"));

/// Number words a time point may be written in.
const TIME_WORD: &str = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty(?:-[a-z]+)?|thirty(?:-[a-z]+)?|forty(?:-[a-z]+)?|fifty(?:-[a-z]+)?|sixty)";

/// A time point: "at 52 weeks", "by week 24", "after three years", "at 6 and 12 months", "52-week".
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"(?i:\b(?:at|after|by|over|through|until|within|during|to)\s+(?:the\s+end\s+of\s+)?(?P<tp>",
            r"(?:weeks?|months?|days?|years?|visit)\s+[0-9]+(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)[0-9]+)*\b",
            r"|(?:[0-9]+(?:\.[0-9]+)?|{word})(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*-\s*|\s+to\s+)[0-9]+)*",
            r"(?:\s+|-)(?:weeks?|months?|days?|years?|hours?|wks?|mos?)\b",
            r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)[0-9]+(?:\.[0-9]+)?\s+(?:weeks?|months?|days?|years?|hours?)\b)*)",
            r"|\b(?P<adj>[0-9]+-(?:week|month|day|year|hour))\b)",
        ),
        word = TIME_WORD
    ))
});

/// A registry time frame: "[Time Frame: 52 weeks]".
static TIME_FRAME: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:\[?\s*time\s*frame\s*:\s*(?P<tf>[^\]\n]{1,120}))"));

/// An aim written where the measure should be: "to evaluate the impact of X on".
static AIM: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:^(?:to\s+)?(?:evaluate|assess|determine|compare|investigate|examine|measure|estimate|explore|describe|test)\s+",
        r"(?:(?:the|its)\s+(?:impact|effects?|influence)\s+of\s+(?:[^,.;]{1,80}?)\s+on\s+)?)",
    ))
});

/// A measure that is the efficacy or safety of the intervention itself.
static EFFICACY: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:^(?:the\s+)?(?P<head>(?:efficacy|safety|effectiveness|tolerability)",
        r"(?:(?:,\s*|\s+and\s+|,\s+and\s+)(?:efficacy|safety|effectiveness|tolerability))*)\s+(?:of|in)\s)",
    ))
});

/// Words that turn a cue into a result when they open what follows it.
const RESULT_OPENERS: &[&str] = &[
    "met",
    "not",
    "no",
    "similar",
    "significant",
    "significantly",
    "statistically",
    "comparable",
    "higher",
    "lower",
    "better",
    "worse",
    "greater",
    "more",
    "less",
    "superior",
    "inferior",
    "non-inferior",
    "noninferior",
    "also",
    "achieved",
    "reached",
    "attained",
    "observed",
    "found",
    "positive",
    "negative",
    "in",
    "for",
    "available",
    "good",
    "poor",
    "excellent",
    "favorable",
    "favourable",
    "unchanged",
    "different",
    "identical",
    "equivalent",
    "consistent",
    "this",
    "that",
    "these",
    "those",
    "it",
    "they",
    "there",
    "as",
    "both",
    "seen",
    "noted",
    "shown",
    "acceptable",
    "feasible",
    "reported",
    "all",
];

/// Literal cues that gate a sentence before any pattern runs.
static CUES: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build([
            "outcome",
            "Outcome",
            "OUTCOME",
            "endpoint",
            "Endpoint",
            "ENDPOINT",
            "end point",
            "End point",
            "END POINT",
            "end-point",
            "End-point",
            "END-POINT",
        ])
        .ok()
});

/// One outcome before deduplication.
struct Found {
    /// The instrument, normalized or as written.
    instrument: String,
    /// Primary, secondary or unsaid.
    primary: Option<bool>,
    /// The time point as written.
    time_point: Option<String>,
    /// Start offset in the full text.
    start: usize,
    /// End offset in the full text.
    end: usize,
}

/// Reads the outcomes of a document from its English body and list segments.
pub(crate) fn read(text: &str, segments: &[Segment]) -> Vec<Outcome> {
    let mut found: Vec<Found> = Vec::new();
    let mut list_role: Option<Option<bool>> = None;
    for segment in segments {
        if segment.lang != "en"
            || !matches!(segment.kind, SegmentKind::Body | SegmentKind::Eligibility)
        {
            continue;
        }
        let Some(content) = text.get(segment.start..segment.end) else {
            continue;
        };
        let has_cue = CUES.as_ref().is_some_and(|cues| cues.is_match(content.as_bytes()));
        if has_cue
            && content.len() < 80
            && let Some(captures) = LIST_HEADING.captures(content.as_bytes())
        {
            list_role = Some(role_of(captures.name("role").map(|role| role.as_bytes())));
            continue;
        }
        if let Some(role) = list_role {
            let has_frame = TIME_FRAME.is_match(content.as_bytes());
            if segment.kind == SegmentKind::Eligibility || has_frame {
                if let Some(item) = list_item(content, segment.start, role) {
                    found.push(item);
                }
                continue;
            }
            let trimmed = content.trim_end();
            if trimmed.len() < 80 && trimmed.ends_with(':') {
                list_role = None;
            } else {
                continue;
            }
        }
        if has_cue {
            read_sentences(content, segment.start, &mut found);
        }
    }
    merge(found)
}

/// Reads a registry list item: the measure, then its time frame.
fn list_item(content: &str, base: usize, primary: Option<bool>) -> Option<Found> {
    let (lead, body) = strip_bullet(content);
    let frame = TIME_FRAME.captures(body.as_bytes());
    let measure_end = frame
        .as_ref()
        .and_then(|captures| captures.get(0))
        .map_or(body.len(), |whole| whole.start());
    let time_point = frame
        .as_ref()
        .and_then(|captures| captures.name("tf"))
        .and_then(|tf| std::str::from_utf8(tf.as_bytes()).ok())
        .map(|tf| tf.trim().trim_end_matches(['.', ']']).trim().to_owned())
        .filter(|tf| !tf.is_empty());
    let measure = body.get(..measure_end)?;
    let base = base + lead;
    let mut items = measures(measure, base, primary, false);
    let mut first = items.drain(..).next()?;
    if first.time_point.is_none() {
        first.time_point = time_point;
    }
    Some(first)
}

/// Strips a bullet or a number before a list item; returns the bytes stripped and the rest.
fn strip_bullet(content: &str) -> (usize, &str) {
    let trimmed = content.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '-' | '*' | '◦' | '·' | '▪')
    });
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match trimmed.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 && digits < 3 => trimmed.get(digits + 1..).unwrap_or(""),
        _ => trimmed,
    };
    let rest = rest.trim_start();
    (content.len() - rest.len(), rest)
}

/// Reads outcome definitions from the sentences of one segment.
fn read_sentences(content: &str, base: usize, found: &mut Vec<Found>) {
    let Some(cues) = CUES.as_ref() else {
        return;
    };
    let bytes = content.as_bytes();
    if !cues.is_match(bytes) {
        return;
    }
    for (start, end) in sentences(content) {
        let Some(sentence) = content.get(start..end) else {
            continue;
        };
        if !cues.is_match(sentence.as_bytes()) || RESULT.is_match(sentence.as_bytes()) {
            continue;
        }
        read_sentence(sentence, base + start, found);
    }
}

/// Reads the outcome definitions of one sentence.
fn read_sentence(sentence: &str, base: usize, found: &mut Vec<Found>) {
    let bytes = sentence.as_bytes();
    let forward: Vec<_> = FORWARD
        .find_iter(bytes)
        .filter_map(|found| capture_match(&FORWARD, bytes, found.start(), found.end()))
        .collect();
    if !forward.is_empty() {
        for (index, captures) in forward.iter().enumerate() {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let phrase_end = forward
                .get(index + 1)
                .and_then(|next| next.get(0))
                .map_or(bytes.len(), |m| m.start());
            let Some(phrase) = sentence.get(whole.end()..phrase_end) else {
                continue;
            };
            let plural = captures.name("noun").is_some_and(|noun| noun.as_bytes().ends_with(b"s"))
                || captures.name("verb").is_some_and(|verb| {
                    let verb = verb.as_bytes();
                    verb.starts_with(b"were")
                        || verb.starts_with(b"are")
                        || verb.windows(7).any(|window| window.eq_ignore_ascii_case(b"include"))
                        || verb.starts_with(b"compris")
                        || verb.starts_with(b"consist")
                });
            let role = role_of(captures.name("role").map(|role| role.as_bytes()));
            let before = found.len();
            found.extend(measures(phrase, base + whole.end(), role, plural));
            if found.len() == before {
                continue;
            }
        }
        return;
    }
    if let Some(captures) = BACKWARD.captures(bytes) {
        let Some(whole) = captures.get(0) else {
            return;
        };
        let verb_as =
            captures.name("verb").is_some_and(|verb| verb.as_bytes().eq_ignore_ascii_case(b"as"));
        let head = sentence.get(..whole.start()).unwrap_or("");
        let from = if verb_as {
            let lower = head.to_ascii_lowercase();
            match ["with ", "using "]
                .iter()
                .filter_map(|word| lower.rfind(word).map(|at| at + word.len()))
                .max()
            {
                Some(at) => at,
                None => return,
            }
        } else {
            // The measure is the clause before the cue: after a heading, a semicolon or a colon.
            let clause = head.rfind([';', ':']).map_or(0, |at| at + 1);
            heading_end(head).max(clause)
        };
        let Some(phrase) = head.get(from..) else {
            return;
        };
        if phrase.len() > 150
            || phrase.contains(',') && !verb_as
            || holds_result_verb(phrase.trim())
        {
            return;
        }
        let role = role_of(captures.name("role").map(|role| role.as_bytes()));
        let plural =
            captures.name("verb").is_some_and(|verb| verb.as_bytes().eq_ignore_ascii_case(b"were"));
        found.extend(measures(phrase, base + from, role, plural));
        return;
    }
    if let Some(captures) = BRACKETED.captures(bytes) {
        let Some(whole) = captures.get(0) else {
            return;
        };
        let head = sentence.get(..whole.start()).unwrap_or("");
        let from = head.rfind([',', ';', ':', '(']).map_or_else(|| heading_end(head), |at| at + 1);
        let Some(phrase) = head.get(from..) else {
            return;
        };
        if phrase.len() > 150 {
            return;
        }
        let role = role_of(captures.name("role").map(|role| role.as_bytes()));
        found.extend(measures(phrase, base + from, role, false));
    }
}

/// Captures the groups of a match the fast engine found, giving the capture engine only the
/// match and what lies before it (a short haystack lets the regex crate use its backtracker).
pub(crate) fn capture_match<'h>(
    regex: &Regex,
    haystack: &'h [u8],
    start: usize,
    end: usize,
) -> Option<regex::bytes::Captures<'h>> {
    let bounded = haystack.get(..end)?;
    regex.captures_at(bounded, start)
}

/// Returns where the text after a leading section heading ("METHODS:", "Results:") starts.
fn heading_end(head: &str) -> usize {
    match head.find(':') {
        Some(at)
            if at < 40
                && head[..at].bytes().all(|byte| byte.is_ascii_alphabetic() || byte == b' ') =>
        {
            at + 1
        }
        _ => 0,
    }
}

/// Reads the role a cue names: primary, secondary or unsaid.
fn role_of(role: Option<&[u8]>) -> Option<bool> {
    let role = role?.to_ascii_lowercase();
    if role.ends_with(b"primary") || role == b"main" || role == b"principal" {
        Some(true)
    } else if role.ends_with(b"secondary")
        || role == b"other"
        || role == b"additional"
        || role == b"exploratory"
    {
        Some(false)
    } else {
        None
    }
}

/// Reads the outcomes a measure phrase names; `base` is the phrase's offset in the full text.
fn measures(phrase: &str, base: usize, primary: Option<bool>, plural: bool) -> Vec<Found> {
    let lead = phrase.len() - phrase.trim_start().len();
    let mut phrase = phrase
        .trim_start()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    let mut base = base + lead;
    if let Some(at) = inner_sentence_end(phrase) {
        phrase = phrase.get(..at).unwrap_or(phrase);
    }
    phrase = trim_joiners(phrase);
    if phrase.is_empty() || opens_with_result(phrase) {
        return Vec::new();
    }
    let mut plural = plural;
    if let Some(aim) = AIM.find(phrase.as_bytes()) {
        let stripped = phrase.get(aim.end()..).unwrap_or("");
        if aim.as_bytes().len() > 30 || aim.as_bytes().ends_with(b"on ") {
            plural = true;
        }
        base += aim.end();
        phrase = stripped;
    }
    if let Some(captures) = EFFICACY.captures(phrase.as_bytes())
        && let Some(head) = captures.name("head")
        && let Some(written) = phrase.get(head.start()..head.end())
    {
        return vec![Found {
            instrument: written.to_owned(),
            primary,
            time_point: time_point(phrase),
            start: base + head.start(),
            end: base + head.end(),
        }];
    }
    let phrase_time = time_point(phrase);
    let known = instruments::find(phrase);
    if !known.is_empty() {
        let take = if plural { known.len() } else { 1 };
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for instrument in known.into_iter().take(take) {
            if seen.contains(&instrument.canonical) {
                continue;
            }
            seen.push(instrument.canonical);
            out.push(Found {
                instrument: instrument.canonical.to_owned(),
                primary,
                time_point: phrase_time.clone(),
                start: base + instrument.start,
                end: base + instrument.end,
            });
        }
        return out;
    }
    let items = if plural { split_list(phrase) } else { vec![(0, phrase.len())] };
    let mut out = Vec::new();
    for (start, end) in items {
        let Some(item) = phrase.get(start..end) else {
            continue;
        };
        let (cut_start, cut_end) = cut_measure(item);
        let Some(written) = item.get(cut_start..cut_end) else {
            continue;
        };
        if written.len() < 3
            || written.len() > 150
            || !written.bytes().any(|byte| byte.is_ascii_alphabetic())
        {
            continue;
        }
        if opens_with_result(written) {
            continue;
        }
        // A list that runs on past its end (text whose full stops were lost) stops here: an
        // item too long for a measure, or one holding a verb of a reported result.
        if plural && (written.split_whitespace().count() > 12 || holds_result_verb(written)) {
            break;
        }
        out.push(Found {
            instrument: written.to_owned(),
            primary,
            time_point: time_point(item).or_else(|| phrase_time.clone()),
            start: base + start + cut_start,
            end: base + start + cut_end,
        });
    }
    out
}

/// Trims words that join a measure to what follows it ("overall survival, and the") or report
/// that it was measured ("... challenge was measured").
fn trim_joiners(mut phrase: &str) -> &str {
    const TRAILING: &[&str] = &[
        " and",
        " the",
        " while",
        " whereas",
        " was measured",
        " were measured",
        " was assessed",
        " were assessed",
        " was recorded",
        " were recorded",
        " was evaluated",
        " were evaluated",
    ];
    loop {
        let trimmed = phrase
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'));
        let lower = trimmed.to_ascii_lowercase();
        match TRAILING.iter().find(|word| lower.ends_with(*word)) {
            Some(word) => phrase = trimmed.get(..trimmed.len() - word.len()).unwrap_or(""),
            None => return trimmed,
        }
    }
}

/// Returns where a sentence ends inside a phrase: a full stop, a space and a capital letter.
fn inner_sentence_end(phrase: &str) -> Option<usize> {
    let bytes = phrase.as_bytes();
    (1..bytes.len().saturating_sub(2)).find(|&at| {
        bytes.get(at) == Some(&b'.')
            && bytes.get(at + 1).is_some_and(u8::is_ascii_whitespace)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_uppercase)
            && bytes.get(at - 1).is_some_and(u8::is_ascii_lowercase)
    })
}

/// Tells whether a phrase opens with a word that makes the cue a result ("met", "similar", "improved").
fn opens_with_result(phrase: &str) -> bool {
    let first: String = phrase
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if first.is_empty() {
        return !phrase.trim_start().starts_with(['%', '('])
            && !phrase.trim_start().starts_with('δ');
    }
    first.bytes().next().is_some_and(|byte| byte.is_ascii_digit())
        || (first.ends_with("ed") && first.len() > 4)
        || RESULT_OPENERS.contains(&first.as_str())
}

/// Tells whether a measure holds a verb that reports a result ("... Children with autism improved in ...").
fn holds_result_verb(written: &str) -> bool {
    written.split_whitespace().skip(1).any(|word| {
        matches!(
            word.to_ascii_lowercase().as_str(),
            "was"
                | "were"
                | "is"
                | "are"
                | "improved"
                | "showed"
                | "perceived"
                | "decreased"
                | "increased"
                | "reduced"
                | "did"
                | "had"
        )
    })
}

/// Splits a list at commas, semicolons, numbered markers and its last "and"; returns byte ranges.
fn split_list(phrase: &str) -> Vec<(usize, usize)> {
    let bytes = phrase.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b',' | b';' if depth <= 0 => cuts.push((index, index + 1)),
            _ => {}
        }
    }
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for (cut_start, cut_end) in cuts {
        pieces.push((from, cut_start));
        from = cut_end;
    }
    pieces.push((from, bytes.len()));
    // The last piece may join two measures with "and".
    if let Some(&(last_start, last_end)) = pieces.last()
        && let Some(last) = phrase.get(last_start..last_end)
        && let Some(at) = last_and_outside_brackets(last)
    {
        pieces.pop();
        pieces.push((last_start, last_start + at));
        pieces.push((last_start + at + 5, last_end));
    }
    pieces
        .into_iter()
        .map(|(start, end)| {
            let piece = phrase.get(start..end).unwrap_or("");
            let lead = piece.len() - piece.trim_start().len();
            let mut start = start + lead;
            let rest = phrase.get(start..end).unwrap_or("");
            for opener in ["and ", "or ", "as well as "] {
                if rest.starts_with(opener) {
                    start += opener.len();
                }
            }
            let rest = phrase.get(start..end).unwrap_or("");
            let (numbered, _) = strip_number(rest);
            (start + numbered, end)
        })
        .filter(|(start, end)| end > start)
        .collect()
}

/// Returns the offset of the last " and " of an item that stands outside brackets.
fn last_and_outside_brackets(item: &str) -> Option<usize> {
    let bytes = item.as_bytes();
    let mut depth = 0i32;
    let mut last = None;
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b' ' if depth <= 0 && bytes.get(index..index + 5) == Some(b" and ") => {
                last = Some(index)
            }
            _ => {}
        }
    }
    last
}

/// Strips "1)", "(1)" or "1." before a list item; returns the bytes stripped.
fn strip_number(item: &str) -> (usize, &str) {
    let bytes = item.as_bytes();
    let open = usize::from(bytes.first() == Some(&b'('));
    let digits = bytes.iter().skip(open).take_while(|byte| byte.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return (0, item);
    }
    match bytes.get(open + digits) {
        Some(b')' | b'.') => {
            let rest = item.get(open + digits + 1..).unwrap_or("");
            let trimmed = rest.trim_start();
            (item.len() - trimmed.len(), trimmed)
        }
        _ => (0, item),
    }
}

/// Phrases that end a measure written out: qualifiers, definitions, the time point.
const QUALIFIERS: &[&str] = &[
    ", defined as",
    " defined as",
    ", as measured",
    " as measured",
    " as assessed",
    " measured by",
    " assessed by",
    " measured with",
    " assessed with",
    " evaluated by",
    " using ",
    " according to",
    ", which",
    " which ",
    " (",
    " [",
    ", and the ",
    " and the secondary",
    ", while",
    ", whereas",
    "; ",
    " in all ",
    " for all ",
    ", determined",
    " determined by",
    " with secondary",
    " with other",
    ", with the secondary",
];

/// Cuts a measure written out before its qualifiers and time point; returns the kept byte range.
fn cut_measure(item: &str) -> (usize, usize) {
    let mut end = item.len();
    let lower = item.to_ascii_lowercase();
    for qualifier in QUALIFIERS {
        if let Some(at) = lower.find(qualifier) {
            end = end.min(at);
        }
    }
    // A time point ends the measure unless the measure goes on after it ("the change from
    // baseline at day 15 in the pain score").
    if let Some(time) = TIME.find(item.as_bytes())
        && time.start() > 0
    {
        let after = lower.get(time.end()..).unwrap_or("").trim_start();
        if !after.starts_with("in ") {
            end = end.min(time.start());
        }
    }
    let mut kept = item
        .get(..end)
        .unwrap_or("")
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    // "quality of life in SSc": the population named by its short form is not part of the measure.
    if let Some(at) = kept.rfind(" in ")
        && let Some(last) = kept.get(at + 4..)
        && !last.contains(' ')
        && last.len() <= 6
        && last.bytes().filter(u8::is_ascii_uppercase).count() >= 2
    {
        kept = kept.get(..at).unwrap_or(kept);
    }
    let kept =
        kept.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    let mut start = 0;
    let lower_kept = kept.to_ascii_lowercase();
    for article in ["the ", "a ", "an "] {
        if lower_kept.starts_with(article) {
            start = article.len();
            break;
        }
    }
    (start, kept.len().max(start))
}

/// Returns the first time point written in a phrase, as written.
fn time_point(phrase: &str) -> Option<String> {
    let captures = TIME.captures(phrase.as_bytes())?;
    let found = captures.name("tp").or_else(|| captures.name("adj"))?;
    phrase.get(found.start()..found.end()).map(|written| written.trim().to_owned())
}

/// Merges repeated instruments: the first mention stays, later ones fill its role and time point.
fn merge(found: Vec<Found>) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = Vec::new();
    for item in found {
        if let Some(existing) = outcomes
            .iter_mut()
            .find(|outcome| outcome.instrument.eq_ignore_ascii_case(&item.instrument))
        {
            if existing.primary.is_none() {
                existing.primary = item.primary;
            }
            if existing.time_point.is_none() {
                existing.time_point = item.time_point;
            }
            continue;
        }
        outcomes.push(Outcome {
            instrument: item.instrument,
            primary: item.primary,
            time_point: item.time_point,
            start: item.start,
            end: item.end,
        });
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Vec<Outcome> {
        let segment = Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Body,
            start: 0,
            end: text.len(),
            pair: None,
        };
        read(text, &[segment])
    }

    fn summary(outcomes: &[Outcome]) -> Vec<(&str, Option<bool>, Option<&str>)> {
        outcomes
            .iter()
            .map(|outcome| {
                (outcome.instrument.as_str(), outcome.primary, outcome.time_point.as_deref())
            })
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        for regex in [
            &FORWARD,
            &BACKWARD,
            &BRACKETED,
            &LIST_HEADING,
            &RESULT,
            &TIME,
            &TIME_FRAME,
            &AIM,
            &EFFICACY,
        ] {
            LazyLock::force(regex);
        }
        assert!(CUES.is_some());
    }

    #[test]
    fn primary_instrument_with_time_point() {
        let text = "Methods here. The primary outcome was the change in mRSS at 52 weeks.";
        let outcomes = read_text(text);
        assert_eq!(summary(&outcomes), [("mRSS", Some(true), Some("52 weeks"))]);
        assert_eq!(&text[outcomes[0].start..outcomes[0].end], "mRSS");
    }

    #[test]
    fn a_list_stops_where_a_lost_full_stop_would_be() {
        let text = "Outcome measures included the Symbolic Play Test, and Parenting Stress Index Children with autism improved in language, and play";
        assert_eq!(summary(&read_text(text)), [("Symbolic Play Test", None, None)]);
    }

    #[test]
    fn the_measure_before_a_cue_is_its_own_clause() {
        let text = "Patients progressing were given the option of crossover; time to second progression was an exploratory endpoint.";
        assert_eq!(summary(&read_text(text)), [("time to second progression", Some(false), None)]);
    }

    #[test]
    fn time_points_with_several_units() {
        let text =
            "Primary outcome: Serum creatinine change at 4 hours and 48 hours after the last dose.";
        assert_eq!(
            summary(&read_text(text)),
            [("Serum creatinine change", Some(true), Some("4 hours and 48 hours"))]
        );
    }

    #[test]
    fn secondary_list_of_instruments() {
        let outcomes = read_text("Secondary end points included FVC% and HAQ-DI.");
        assert_eq!(
            summary(&outcomes),
            [("FVC%", Some(false), None), ("HAQ-DI", Some(false), None)]
        );
    }

    #[test]
    fn measures_written_out_are_split_and_cut() {
        let text = "The primary endpoint was death due to any cause. Secondary endpoints included death due to atherosclerosis, unstable angina and stroke.";
        assert_eq!(
            summary(&read_text(text)),
            [
                ("death due to any cause", Some(true), None),
                ("death due to atherosclerosis", Some(false), None),
                ("unstable angina", Some(false), None),
                ("stroke", Some(false), None),
            ]
        );
        assert_eq!(
            summary(&read_text(
                "The primary outcome was percent body fat after three years of intervention."
            )),
            [("percent body fat", Some(true), Some("three years"))]
        );
    }

    #[test]
    fn measure_before_the_cue() {
        let text = "Change in best-corrected visual acuity from baseline was the primary outcome for all trials.";
        assert_eq!(
            summary(&read_text(text)),
            [("Change in best-corrected visual acuity from baseline", Some(true), None)]
        );
        let text = "Change in visual acuity (primary outcome measure of the study)";
        assert_eq!(summary(&read_text(text)), [("Change in visual acuity", Some(true), None)]);
    }

    #[test]
    fn results_are_not_definitions() {
        assert!(
            read_text("The primary outcome was met in 12 of 20 patients (P = 0.03).").is_empty()
        );
        assert!(
            read_text(
                "The change in mRSS at 52 weeks, the primary end point, differed (p = 0.04)."
            )
            .is_empty()
        );
        assert!(read_text("The primary end point was similar in both groups.").is_empty());
        assert!(read_text("Secondary outcomes were improved with belimumab.").is_empty());
        assert!(
            read_text("Trends for all outcomes were seen in favor of the higher dose.").is_empty()
        );
        assert!(read_text("The outcome measures were acceptable to families.").is_empty());
        assert!(read_text("The mRSS decreased from 27 to 18 at 52 weeks.").is_empty());
    }

    #[test]
    fn registry_list_with_time_frames() {
        let text = "Primary Outcome Measures:\n1. Change in mRSS [Time Frame: 52 weeks]\nSecondary Outcome Measures:\n1. Quality of life [Time Frame: week 24]";
        let mut segments = Vec::new();
        let mut at = 0;
        for (index, line) in text.split('\n').enumerate() {
            let kind = if index % 2 == 0 { SegmentKind::Body } else { SegmentKind::Eligibility };
            segments.push(Segment {
                lang: "en".to_owned(),
                kind,
                start: at,
                end: at + line.len(),
                pair: None,
            });
            at += line.len() + 1;
        }
        let outcomes = read(text, &segments);
        assert_eq!(
            summary(&outcomes),
            [
                ("mRSS", Some(true), Some("52 weeks")),
                ("Quality of life", Some(false), Some("week 24"))
            ]
        );
        assert_eq!(&text[outcomes[1].start..outcomes[1].end], "Quality of life");
    }
}
