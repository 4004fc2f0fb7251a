//! Key eligibility criteria: age bounds and thresholds on known measures.
//!
//! Where criteria are read:
//! - registry eligibility sections: everything after an "Eligibility Criteria", "Inclusion
//!   Criteria" or "Exclusion Criteria" heading (bullets and prose alike) until another section
//!   heading; "Exclusion" headings, and sentences saying "excluded", make exclusion criteria;
//!   "Ages Eligible for Study: 18 Years to 65 Years" is read too;
//! - other sentences only when they speak of eligibility: "eligible", "inclusion", "included",
//!   "enrolled", "recruited", "criteria", "entry", "excluded", "were randomized"; or, for a
//!   one-sided age bound or a threshold, when a noun for people stands right before it
//!   ("inpatients aged 65 years or older", "women with a SLEDAI >6") and the sentence reports
//!   no result (no p-value, confidence interval, comparison or change).
//!
//! Age is read from "aged 18 to 65 years", "between 40 and 75 years of age", "children 6-12
//! years", "≥ 18 years" after "age" or a noun for people, "18 years or older", "older than 60
//! years", "at least 18 years of age". "Adults" alone is no bound. Demographics are never
//! criteria: a bound with "mean", "median", "average", "±", "SD", "range" or "IQR" next to it is
//! dropped, and so is an age that qualifies only some participants ("consent of a guardian for
//! patients under 18 years of age", "in patients under 10 years of age") or is not the
//! participant's age (gestational, bone, mental age, age at onset).
//!
//! A threshold is a known measure (see the `instruments` module) followed, after at most a few
//! filler words ("of", "score", "at screening"), by a comparator and a number ("FVC% > 50%",
//! "an mRSS of 15-40", "BMI > 30 kg/m2"); the measure is kept as written.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::bytes::{Captures, Regex};
use trialsift_domain::{Comparator, Criterion, Number, Segment, SegmentKind};

use crate::instruments;
use crate::number::{compile, parse};
use crate::outcomes::capture_match;
use crate::text::sentences;

/// A bound: an integer or decimal number.
const NUM: &str = r"[0-9]{1,3}(?:\.[0-9]+)?";

/// A unit of age.
const AGE_UNIT: &str = r"(?:years?|yrs?\.?|y\b|months?|mos?\b|weeks?|wks?|days?)";

/// Comparators written in symbols or words.
const CMP: &str = concat!(
    r"(?:≥|>=|=>|≧|\\?>|＞|≤|<=|=<|≦|\\?<|＜|greater\s+than\s+or\s+equal\s+to|less\s+than\s+or\s+equal\s+to|",
    r"more\s+than|greater\s+than|less\s+than|older\s+than|younger\s+than|over|above|under|below|",
    r"(?:of\s+)?at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|",
    r"not\s+less\s+than|not\s+older\s+than|not\s+younger\s+than|a\s+minimum\s+of|a\s+maximum\s+of)"
);

/// Nouns for people that may carry an age or a threshold.
const PEOPLE: &str = r"(?:children|adults|patients|subjects|participants|women|men|adolescents|infants|volunteers|individuals|people|persons|boys|girls|males|females|neonates|newborns|youths?|teens|teenagers|inpatients|outpatients|mothers|veterans|residents|smokers|survivors|elderly|pts)";

/// The kinds of age pattern, each with its own reading of the groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgeKind {
    /// Groups `lo`, `hi`, units `u1`/`u`: a range.
    Range,
    /// Groups `cmp`, `n`, `u`: a comparator before the number.
    Before,
    /// Groups `n`, `u`, `tcmp`: a comparator after the number ("18 years or older").
    After,
    /// The registry block: `lo`, `ulo`, `hi`, `uhi`, `older`.
    Registry,
    /// A value after an "Age:" label: a range (`lo`, `hi`), a number and a comparator after it
    /// (`n`, `tcmp`) or before it (`cmp`, `n2`).
    Value,
}

/// What an "Age:" label may be followed by: "18 and over", "18 to 75", "Not over 75", "Over 17".
const AGE_VALUE: &str = concat!(
    r"(?:(?P<lo>NUM)\s*(?P<u1>UNIT)?\s*(?:-|–|to|through)\s*(?P<hi>NUM)(?:\s*(?P<u>UNIT))?",
    r"|(?P<n>NUM)\s*(?P<un>UNIT)?\s*(?P<tcmp>and\s+(?:over|older|above|under|younger|below)|or\s+(?:over|older|above|more|under|younger|below|less)|\+)",
    r"|(?P<cmp>CMP|not\s+over|not\s+under)\s*(?P<n2>NUM)(?:\s*(?P<u2>UNIT))?)",
);

/// A line that holds only an age value, under an "Age:" label on the line before.
static AGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(r"(?i:^\s*(?:(?:-|•|\*|◦)\s*)?{}\s*\.?\s*$)", fill_age(AGE_VALUE)))
});

/// An "Age:" label alone on its line.
static AGE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:^\s*(?:(?:-|•|\*|◦)\s*)?ages?\s*:\s*$)"));

/// Fills the placeholders of an age pattern.
fn fill_age(pattern: &str) -> String {
    pattern
        .replace("NUM", NUM)
        .replace("UNIT", AGE_UNIT)
        .replace("CMP", CMP)
        .replace("PEOPLE", PEOPLE)
}

/// Age patterns, tried in order on a sentence; the first that matches at a position wins.
static AGES: LazyLock<Vec<(Regex, AgeKind)>> = LazyLock::new(|| {
    let fill = |pattern: &str| compile(&fill_age(pattern));
    vec![
        (fill(&format!(r"(?i:\bages?\s*:\s*{AGE_VALUE})")), AgeKind::Value),
        (
            fill(concat!(
                r"(?i:\bages?\s+eligible\s+for\s+study\s*:\s*(?:(?P<lo>NUM)\s+(?P<ulo>years?|months?|weeks?|days?)\s+",
                r"(?:to\s+(?P<hi>NUM)\s+(?P<uhi>years?|months?|weeks?|days?)|(?P<older>and\s+older))",
                r"|up\s+to\s+(?P<hi2>NUM)\s+(?P<uhi2>years?|months?|weeks?|days?)))",
            )),
            AgeKind::Registry,
        ),
        (
            fill(concat!(
                r"(?i:\b(?:aged?|ages)\s*(?::\s*)?(?:(?:of|from|between|range\s+of)\s+)?(?P<lo>NUM)\s*(?P<u1>UNIT)?",
                r"\s*(?:-|–|to|and|through)\s*(?P<hi>NUM)(?:\s*(?P<u>UNIT))?(?:\s+(?:of\s+age|old))?)",
            )),
            AgeKind::Range,
        ),
        (
            fill(concat!(
                r"(?i:\bbetween\s+the\s+ages\s+of\s+(?P<lo>NUM)\s*(?P<u1>UNIT)?\s*(?:and|to|-|–)\s*(?P<hi>NUM)(?:\s*(?P<u>UNIT))?",
                r"|\b(?:between\s+)?(?P<lo2>NUM)\s*(?:UNIT\s*)?(?:-|–|to|and|through)\s*(?P<hi2>NUM)\s*(?P<u2>UNIT)\s*(?:of\s+age|old)\b)",
            )),
            AgeKind::Range,
        ),
        (
            fill(r"(?i:\bPEOPLE\s+(?P<lo>NUM)\s*(?:-|–|to)\s*(?P<hi>NUM)\s*(?P<u>UNIT))"),
            AgeKind::Range,
        ),
        (
            fill(concat!(
                r"(?i:\b(?:aged?|ages)\s*(?::\s*)?(?:(?:of|is|was|must\s+be|should\s+be)\s+)?(?P<cmp>CMP)\s*(?P<n>NUM)(?:\s*(?P<u>UNIT))?",
                r"(?:\s*(?:and|but|,)\s*(?P<cmp5>CMP)\s*(?P<n5>NUM)(?:\s*(?P<u5>UNIT))?)?",
                r"|\b(?P<cmp2>older\s+than|younger\s+than)\s+(?P<n2>NUM)\s*(?P<u2>UNIT)",
                r"|(?P<cmp3>CMP)\s*(?P<n3>NUM)\s*(?P<u3>UNIT)\s*(?:of\s+age|old)\b",
                r"|\bPEOPLE\s*\(\s*(?:aged?\s*)?(?P<cmp4>≥|>=|\\?>|≤|<=|\\?<)\s*(?P<n4>NUM)\s*(?P<u4>UNIT))",
            )),
            AgeKind::Before,
        ),
        (
            fill(concat!(
                r"(?i:(?P<n>NUM)\s*(?P<u>UNIT)\s*(?:of\s+age\s+|old\s+)?",
                r"(?P<tcmp>or\s+(?:older|more|over|above|greater)|and\s+(?:older|over|above)|or\s+(?:younger|less|under|below)|and\s+(?:younger|under|below)|\+))",
            )),
            AgeKind::After,
        ),
    ]
});

/// Every age pattern at once, without groups: one pass of the fast engine before any capture.
static ANY_AGE: LazyLock<Regex> = LazyLock::new(|| {
    let union: Vec<String> = AGES.iter().map(|(regex, _)| strip_names(regex.as_str())).collect();
    compile(&union.join("|"))
});

/// Turns the named groups of a compiled pattern into plain groups.
fn strip_names(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find("(?P<") {
        out.push_str(&rest[..at]);
        out.push_str("(?:");
        let after = &rest[at + 4..];
        rest = after.find('>').map_or("", |close| &after[close + 1..]);
    }
    out.push_str(rest);
    out
}

/// A threshold after a known measure: filler words, then a comparator and a number, or a range.
static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?P<u>%(?:\s+(?:of\s+)?predicted)?|kg/m\s*(?:2|²|\(2\))?|m[gL]/d[lL]|mmol/(?:l|L|mol)|m[lL]/min(?:/1\.73\s?m(?:2|²))?|points?|(?:µ|u)mol/[lL]|g/d[lL]|g/[lL]|mm\s*Hg|ng/m[lL]|IU/m[lL]|U/[lL]|cells/(?:mm3|mm³|(?:µ|u)[lL]))";
    compile(&format!(
        concat!(
            r"^(?P<fill>(?:\s|:|,|\(|\)|(?i:of|score|scores|levels?|values?|predicted|total|index|must|be|was|is|at|screening|baseline|an?|the|%))*?)",
            r"(?:(?P<cmp>{cmp})\s*(?P<n>{num})\s*{unit}?",
            r"|(?i:between\s+|from\s+)?(?P<lo>{num})\s*(?:%|points?)?\s*(?:-|–|to|and)\s*(?P<hi>{num})\s*{unit2}?)",
        ),
        cmp = CMP,
        num = r"[0-9]+(?:\.[0-9]+)?",
        unit = unit,
        unit2 = unit.replace("?P<u>", "?P<u2>"),
    ))
});

/// Words around an age that make it a description of the sample, not a criterion.
static DEMOGRAPHIC: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\bmean\b|\bmedian\b|\baverage\b|±|\+/-|\bSD\b|\bs\.d\.|\brange\b|\bIQR\b|\bsd\b)")
});

/// Words before an age that make it qualify only some participants or another age.
static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:in|for|of)\s+(?:those|patients|subjects|children|participants|any|persons|individuals)\b",
        r"|consent|guardian|parent|gestational|\bbone\s+age|mental\s+age|\bage\s+at\b|\bonset\b|\bdiagnosis\b|donor|siblings?|\bif\b)",
    ))
});

/// Words that make a sentence about eligibility, inclusion first.
static INCLUDE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:eligib|inclusion|\bincluded\b|\binclude[sd]?\b|\benrol|\brecruit|criteri|\bentry\b|\bentered\b",
        r"|were\s+(?:randomi[sz]ed|randomly)|\bqualif|\bscreened\b)",
    ))
});

/// Words that name criteria outright.
static STRONG_CUE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i:eligib|inclusion|criteri)"));

/// Tells whether `at` stands inside brackets opened earlier in the sentence.
fn in_brackets(sentence: &str, at: usize) -> bool {
    let head = sentence.get(..at).unwrap_or("");
    match (head.rfind('('), head.rfind(')')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Words that make a criterion an exclusion.
static EXCLUDE_CUE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:\bexclu|\bineligib|not\s+eligib)"));

/// Words that make a sentence report results.
static RESULT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\bp\s*(?:[<=>]|≤|≥|value)|\bCI\b|\bvs\.?\s|versus|compared|significan|\bodds|hazard|associated|correlat|",
        r"\bhigher\b|\blower\b|improv|reduc|increas|decreas|\bchange|\brisk\b|\bmean\b|\bmedian\b|proportion|achiev)",
    ))
});

/// Words that make a sentence about treatment or comparison, where an age picks a dose or a group.
static NOT_CRITERIA: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\bdoses?\b|\bmg\b|\breceiv|\bgiven\b|administ|compar|\bthan\s+(?:in|those|adults|children))",
    )
});

/// A noun for people right before a bound.
static PEOPLE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?i:\b{PEOPLE}\b[^.;:]{{0,30}}$)")));

/// Headings that open a criteria section (`Some(true)` inclusion, `Some(false)` exclusion, `None` both).
static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:^\s*(?:(?:-|•|\*)\s*)?(?:(?:key|main|major)\s+)?(?:(?P<incl>inclusion)|(?P<excl>exclusion)|(?P<elig>eligibility))",
        r"(?:\s+criteria)?\s*(?::|$|\s+criteria\b))",
    ))
});

/// Headings that end a criteria section.
static OTHER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:^\s*(?:brief\s+summary|detailed\s+description|official\s+title|study\s+design|outcome\s+measures?|",
        r"(?:primary|secondary)\s+(?:outcome|end\s*point)s?|arms?|interventions?|contacts?|locations?|sponsors?|",
        r"results?|conclusions?|background|objectives?|methods?|design|purpose)\b\s*:?\s*$)",
    ))
});

/// Literal gates: a sentence is read only when it holds one of these (each in the letter cases
/// text uses, so that the automaton keeps its fast vectorized prefilter).
static GATE: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build([
            "age", "Age", "AGE", "year", "Year", "YEAR", "yr", "month", "Month", "MONTH", "older",
            "Older", "younger", "Younger",
        ])
        .ok()
});

/// Where a sentence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Inside a criteria section: inclusion (`true`) or exclusion (`false`).
    Section(bool),
    /// Ordinary text: criteria only with eligibility language.
    Prose,
}

/// Reads the key eligibility criteria of a document from its English body and list segments.
pub(crate) fn read(text: &str, segments: &[Segment]) -> Vec<Criterion> {
    let mut criteria = Vec::new();
    let mut section: Option<bool> = None;
    let mut age_label = false;
    for segment in segments {
        if segment.lang != "en" {
            continue;
        }
        if !matches!(segment.kind, SegmentKind::Body | SegmentKind::Eligibility) {
            if segment.kind == SegmentKind::Title {
                section = None;
            }
            continue;
        }
        let Some(content) = text.get(segment.start..segment.end) else {
            continue;
        };
        let bytes = content.as_bytes();
        if let Some(captures) = SECTION_HEADING.captures(bytes) {
            section = Some(captures.name("excl").is_none());
        } else if OTHER_HEADING.is_match(bytes) {
            section = None;
            continue;
        }
        let in_list = segment.kind == SegmentKind::Eligibility;
        if let Some(inclusion) = section {
            if AGE_LABEL.is_match(bytes) {
                age_label = true;
                continue;
            }
            if std::mem::take(&mut age_label)
                && let Some(captures) = AGE_LINE.captures(bytes)
            {
                criteria.extend(age_criteria(
                    content,
                    segment.start,
                    &captures,
                    AgeKind::Value,
                    inclusion,
                ));
                continue;
            }
        }
        // One automaton pass each for age words and known measures; sentences without either
        // are never read.
        let age_words = age_words(bytes);
        let measures = instruments::find(content);
        if age_words.is_empty() && measures.is_empty() && section.is_none() {
            continue;
        }
        for (start, end) in sentences(content) {
            let Some(sentence) = content.get(start..end) else {
                continue;
            };
            let context = match section {
                Some(inclusion) => Context::Section(inclusion),
                None if in_list => Context::Section(true),
                None => Context::Prose,
            };
            let has_age = age_words.iter().any(|at| (start..end).contains(at));
            let here: Vec<instruments::Found> = measures
                .iter()
                .filter(|found| found.start >= start && found.end <= end)
                .map(|found| instruments::Found {
                    start: found.start - start,
                    end: found.end - start,
                    ..*found
                })
                .collect();
            if has_age || !here.is_empty() {
                read_sentence(
                    sentence,
                    segment.start + start,
                    context,
                    has_age,
                    &here,
                    &mut criteria,
                );
            }
            if section.is_some()
                && sentence
                    .trim_start()
                    .as_bytes()
                    .get(..9)
                    .is_some_and(|head| head.eq_ignore_ascii_case(b"exclusion"))
            {
                section = Some(false);
            }
        }
    }
    criteria
}

/// Returns where the words that may carry an age start: "age", "aged", "ages", "year", "yr",
/// "month", "older", "younger" ("stage", "average" and "management" are no age words).
fn age_words(bytes: &[u8]) -> Vec<usize> {
    let Some(gate) = GATE.as_ref() else {
        return Vec::new();
    };
    gate.find_iter(bytes)
        .filter(|hit| {
            if hit.pattern().as_usize() > 2 {
                return true;
            }
            let before = hit.start().checked_sub(1).and_then(|at| bytes.get(at));
            let after = bytes.get(hit.end());
            !before.is_some_and(u8::is_ascii_alphabetic)
                && !after.is_some_and(|byte| {
                    byte.is_ascii_alphabetic() && !matches!(byte, b'd' | b's' | b'D' | b'S')
                })
        })
        .map(|hit| hit.start())
        .collect()
}

/// Reads the criteria of one sentence, given whether it holds an age word and the known
/// measures in it (offsets into the sentence).
fn read_sentence(
    sentence: &str,
    base: usize,
    context: Context,
    has_age: bool,
    measures: &[instruments::Found],
    out: &mut Vec<Criterion>,
) {
    let bytes = sentence.as_bytes();
    let age_gate = has_age && ANY_AGE.is_match(bytes);
    let thresholds: Vec<(instruments::Found, Captures<'_>)> = measures
        .iter()
        .filter_map(|measure| {
            let rest = bytes.get(measure.end..)?;
            let captures = THRESHOLD.is_match(rest).then(|| THRESHOLD.captures(rest)).flatten()?;
            Some((*measure, captures))
        })
        .collect();
    if !age_gate && thresholds.is_empty() {
        return;
    }
    let cue_inclusion = INCLUDE_CUE.find(bytes).map(|found| found.start());
    let cue_exclusion = EXCLUDE_CUE.find(bytes).map(|found| found.start());
    let reports_results = RESULT_CUE.is_match(bytes);
    let inclusion_at = |at: usize| -> Option<bool> {
        match context {
            Context::Section(inclusion) => {
                let clause_start =
                    sentence.get(..at).and_then(|head| head.rfind(';')).map_or(0, |cut| cut + 1);
                let clause_end = sentence
                    .get(at..)
                    .and_then(|tail| tail.find(';'))
                    .map_or(sentence.len(), |cut| at + cut);
                let excluded_here = bytes
                    .get(clause_start..clause_end)
                    .is_some_and(|clause| EXCLUDE_CUE.is_match(clause));
                Some(inclusion && !excluded_here)
            }
            Context::Prose => match (cue_inclusion, cue_exclusion) {
                (None, None) => None,
                (Some(_), None) => Some(true),
                (None, Some(_)) => Some(false),
                (Some(incl), Some(excl)) => Some(incl.abs_diff(at) <= excl.abs_diff(at)),
            },
        }
    };
    let people_before =
        |at: usize| sentence.get(..at).is_some_and(|head| PEOPLE_BEFORE.is_match(head.as_bytes()));
    if age_gate && ANY_AGE.is_match(bytes) {
        read_ages(
            sentence,
            base,
            &inclusion_at,
            &people_before,
            reports_results || NOT_CRITERIA.is_match(bytes),
            context,
            out,
        );
    }
    for (measure, captures) in thresholds {
        let Some(rest) = sentence.get(measure.end..) else {
            continue;
        };
        let Some(whole) = captures.get(0) else {
            continue;
        };
        if captures.name("fill").is_some_and(|fill| fill.as_bytes().len() > 30) {
            continue;
        }
        let inclusion = match inclusion_at(measure.start) {
            Some(inclusion) => inclusion,
            None => {
                let with_before = sentence
                    .get(..measure.start)
                    .map(|head| head.trim_end().to_ascii_lowercase())
                    .is_some_and(|head| {
                        head.ends_with("with")
                            || head.ends_with("with a")
                            || head.ends_with("with an")
                    });
                if with_before && people_before(measure.start) && !reports_results {
                    true
                } else {
                    continue;
                }
            }
        };
        let Some(written) = sentence.get(measure.start..measure.end) else {
            continue;
        };
        let rest_base = base + measure.end;
        let unit = captures
            .name("u")
            .or_else(|| captures.name("u2"))
            .and_then(|unit| std::str::from_utf8(unit.as_bytes()).ok())
            .map(str::to_owned);
        let number = |name: &str| {
            captures.name(name).and_then(|found| parse(rest, found.start(), found.end(), rest_base))
        };
        let criterion = if let Some(cmp) = captures.name("cmp") {
            let Some(comparator) = comparator(cmp.as_bytes()) else {
                continue;
            };
            let bound = number("n");
            let (low, high) = if matches!(comparator, Comparator::Gt | Comparator::Ge) {
                (bound, None)
            } else {
                (None, bound)
            };
            Criterion {
                inclusion,
                measure: written.to_owned(),
                comparator: Some(comparator),
                low,
                high,
                unit,
                start: base + measure.start,
                end: rest_base + whole.end(),
            }
        } else {
            let (Some(low), Some(high)) = (number("lo"), number("hi")) else {
                continue;
            };
            if low.value > high.value {
                continue;
            }
            Criterion {
                inclusion,
                measure: written.to_owned(),
                comparator: None,
                low: Some(low),
                high: Some(high),
                unit,
                start: base + measure.start,
                end: rest_base + whole.end(),
            }
        };
        let trimmed_end = trim_end(sentence, criterion.end - base) + base;
        out.push(Criterion { end: trimmed_end, ..criterion });
    }
}

/// Reads the age bounds of one sentence.
fn read_ages(
    sentence: &str,
    base: usize,
    inclusion_at: &dyn Fn(usize) -> Option<bool>,
    people_before: &dyn Fn(usize) -> bool,
    reports_results: bool,
    context: Context,
    out: &mut Vec<Criterion>,
) {
    let bytes = sentence.as_bytes();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (regex, kind) in AGES.iter() {
        let matches: Vec<_> = regex
            .find_iter(bytes)
            .filter_map(|found| capture_match(regex, bytes, found.start(), found.end()))
            .collect();
        for captures in matches {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let (start, end) = (whole.start(), whole.end());
            if taken.iter().any(|(s, e)| start < *e && *s < end) {
                continue;
            }
            if *kind != AgeKind::Registry && demographic_or_qualified(sentence, start, end) {
                continue;
            }
            if *kind == AgeKind::After && !age_context(sentence, start, end) {
                continue;
            }
            // "35 HH women (aged 25-36 yr)": a range in brackets describes the sample unless
            // the sentence names criteria outright.
            if *kind == AgeKind::Range
                && in_brackets(sentence, start)
                && !STRONG_CUE.is_match(bytes)
            {
                continue;
            }
            let one_sided = matches!(kind, AgeKind::Before | AgeKind::After);
            let inclusion = match inclusion_at(start) {
                Some(inclusion) => inclusion,
                None if *kind == AgeKind::Registry => true,
                None if one_sided
                    && context == Context::Prose
                    && people_before(start)
                    && !reports_results =>
                {
                    true
                }
                None => continue,
            };
            let found = age_criteria(sentence, base, &captures, *kind, inclusion);
            if found.is_empty() {
                continue;
            }
            taken.push((start, end));
            out.extend(found);
        }
    }
}

/// Tells whether a number of years followed by "or more" is an age: "of age", "old", "older" or
/// "younger" is written, or "age" stands just before it.
fn age_context(sentence: &str, start: usize, end: usize) -> bool {
    let matched = sentence.get(start..end).unwrap_or("").to_ascii_lowercase();
    if ["of age", "old", "younger"].iter().any(|word| matched.contains(word)) {
        return true;
    }
    let before = crate::text::floor_boundary(sentence, start.saturating_sub(15));
    sentence.get(before..start).is_some_and(|head| head.to_ascii_lowercase().contains("age"))
}

/// Tells whether an age at `start..end` of a sentence describes the sample or qualifies some participants only.
fn demographic_or_qualified(sentence: &str, start: usize, end: usize) -> bool {
    let bytes = sentence.as_bytes();
    let window_start = crate::text::floor_boundary(sentence, start.saturating_sub(40));
    let window_end = crate::text::floor_boundary(sentence, (end + 25).min(bytes.len()));
    let clause_start = sentence
        .get(..start)
        .and_then(|head| head.rfind(['(', ';']))
        .map_or(window_start, |at| at.max(window_start));
    let clause_end = sentence
        .get(end..)
        .and_then(|tail| tail.find([')', ';']))
        .map_or(window_end, |at| (end + at).min(window_end));
    if bytes.get(clause_start..clause_end).is_some_and(|window| DEMOGRAPHIC.is_match(window)) {
        return true;
    }
    let before_start = crate::text::floor_boundary(sentence, start.saturating_sub(30));
    bytes.get(before_start..end).is_some_and(|window| QUALIFIED.is_match(window))
}

/// Trims trailing spaces and punctuation off a criterion ending at `end` of a sentence.
fn trim_end(sentence: &str, end: usize) -> usize {
    let head = sentence.get(..end).unwrap_or(sentence);
    head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '('))
        .len()
}

/// Builds the criteria an age match gives (two when a registry range changes unit).
fn age_criteria(
    sentence: &str,
    base: usize,
    captures: &Captures<'_>,
    kind: AgeKind,
    inclusion: bool,
) -> Vec<Criterion> {
    let Some(whole) = captures.get(0) else {
        return Vec::new();
    };
    let number = |name: &str| {
        captures.name(name).and_then(|found| parse(sentence, found.start(), found.end(), base))
    };
    let text_of = |name: &str| {
        captures
            .name(name)
            .and_then(|found| std::str::from_utf8(found.as_bytes()).ok())
            .map(|unit| unit.trim_end_matches('.').to_owned())
    };
    let start = base + whole.start();
    let end = base + trim_end(sentence, whole.end());
    let criterion = |comparator: Option<Comparator>,
                     low: Option<Number>,
                     high: Option<Number>,
                     unit: Option<String>| Criterion {
        inclusion,
        measure: "age".to_owned(),
        comparator,
        low,
        high,
        unit,
        start,
        end,
    };
    match kind {
        AgeKind::Registry => {
            if let (Some(high), unit) = (number("hi2"), text_of("uhi2")) {
                return vec![criterion(Some(Comparator::Le), None, Some(high), unit)];
            }
            let Some(low) = number("lo") else {
                return Vec::new();
            };
            let low_unit = text_of("ulo");
            if captures.name("older").is_some() {
                return vec![criterion(Some(Comparator::Ge), Some(low), None, low_unit)];
            }
            let (Some(high), high_unit) = (number("hi"), text_of("uhi")) else {
                return Vec::new();
            };
            if unit_class(low_unit.as_deref()) == unit_class(high_unit.as_deref()) {
                return vec![criterion(None, Some(low), Some(high), high_unit)];
            }
            vec![
                criterion(Some(Comparator::Ge), Some(low), None, low_unit),
                criterion(Some(Comparator::Le), None, Some(high), high_unit),
            ]
        }
        AgeKind::Range => {
            let low = number("lo").or_else(|| number("lo2"));
            let high = number("hi").or_else(|| number("hi2"));
            let (Some(low), Some(high)) = (low, high) else {
                return Vec::new();
            };
            if low.value >= high.value || high.value > 120.0 {
                return Vec::new();
            }
            let unit = text_of("u").or_else(|| text_of("u2")).or_else(|| text_of("u1"));
            vec![criterion(None, Some(low), Some(high), unit)]
        }
        AgeKind::Value => {
            if let (Some(low), Some(high)) = (number("lo"), number("hi")) {
                if low.value >= high.value || high.value > 120.0 {
                    return Vec::new();
                }
                return vec![criterion(
                    None,
                    Some(low),
                    Some(high),
                    text_of("u").or_else(|| text_of("u1")),
                )];
            }
            let written = captures.name("tcmp").or_else(|| captures.name("cmp"));
            let Some(comparator) = written.and_then(|cmp| comparator(cmp.as_bytes())) else {
                return Vec::new();
            };
            let Some(bound) = number("n").or_else(|| number("n2")) else {
                return Vec::new();
            };
            if bound.value > 120.0 {
                return Vec::new();
            }
            let unit = text_of("un").or_else(|| text_of("u2"));
            let (low, high) = if matches!(comparator, Comparator::Gt | Comparator::Ge) {
                (Some(bound), None)
            } else {
                (None, Some(bound))
            };
            vec![criterion(Some(comparator), low, high, unit)]
        }
        AgeKind::Before | AgeKind::After => {
            let pick = |names: [&str; 4]| names.iter().find_map(|name| captures.name(name));
            let written_cmp =
                pick(["cmp", "cmp2", "cmp3", "cmp4"]).or_else(|| captures.name("tcmp"));
            let Some(comparator) = written_cmp.and_then(|cmp| comparator(cmp.as_bytes())) else {
                return Vec::new();
            };
            let bound = ["n", "n2", "n3", "n4"].iter().find_map(|name| number(name));
            let Some(bound) = bound else {
                return Vec::new();
            };
            if bound.value > 120.0 {
                return Vec::new();
            }
            let unit = ["u", "u2", "u3", "u4"].iter().find_map(|name| text_of(name));
            let mut found = Vec::new();
            // "aged > 49 years and < 75 years": a second bound the other way.
            if let (Some(second), Some(bound2)) = (
                captures.name("cmp5").and_then(|cmp| self::comparator(cmp.as_bytes())),
                number("n5"),
            ) {
                let unit2 = text_of("u5").or_else(|| unit.clone());
                let (low, high) = if matches!(second, Comparator::Gt | Comparator::Ge) {
                    (Some(bound2), None)
                } else {
                    (None, Some(bound2))
                };
                found.push(criterion(Some(second), low, high, unit2));
            }
            let (low, high) = if matches!(comparator, Comparator::Gt | Comparator::Ge) {
                (Some(bound), None)
            } else {
                (None, Some(bound))
            };
            found.insert(0, criterion(Some(comparator), low, high, unit));
            found
        }
    }
}

/// Groups a unit of age by what it measures: years, months, weeks or days.
fn unit_class(unit: Option<&str>) -> u8 {
    match unit.map(|unit| unit.as_bytes().first().map(u8::to_ascii_lowercase)) {
        Some(Some(b'm')) => 1,
        Some(Some(b'w')) => 2,
        Some(Some(b'd')) => 3,
        _ => 0,
    }
}

/// Reads a written comparator.
fn comparator(written: &[u8]) -> Option<Comparator> {
    let lower: Vec<u8> = written
        .to_ascii_lowercase()
        .split(|byte| byte.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(&b' ');
    let text = std::str::from_utf8(&lower).ok()?;
    let text = text.strip_prefix('\\').unwrap_or(text);
    Some(match text {
        "≥"
        | ">="
        | "=>"
        | "≧"
        | "at least"
        | "not under"
        | "of at least"
        | "no less than"
        | "not less than"
        | "not younger than"
        | "greater than or equal to"
        | "a minimum of"
        | "or older"
        | "or more"
        | "or over"
        | "or above"
        | "or greater"
        | "and older"
        | "and over"
        | "and above"
        | "+" => Comparator::Ge,
        ">" | "＞" | "more than" | "greater than" | "older than" | "over" | "above" => {
            Comparator::Gt
        }
        "≤"
        | "<="
        | "=<"
        | "≦"
        | "at most"
        | "not over"
        | "up to"
        | "no more than"
        | "not more than"
        | "not older than"
        | "less than or equal to"
        | "a maximum of"
        | "or younger"
        | "or less"
        | "or under"
        | "or below"
        | "and younger"
        | "and under"
        | "and below" => Comparator::Le,
        "<" | "＜" | "less than" | "younger than" | "under" | "below" => Comparator::Lt,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Criterion> {
        let segment = Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Body,
            start: 0,
            end: text.len(),
            pair: None,
        };
        read(text, &[segment])
    }

    /// `(inclusion, measure, comparator, low, high, unit)` of a criterion.
    type Row<'a> = (bool, &'a str, Option<&'a str>, Option<f64>, Option<f64>, Option<&'a str>);

    /// `(inclusion, measure, comparator, low, high, unit)` of each criterion.
    fn summary(criteria: &[Criterion]) -> Vec<Row<'_>> {
        criteria
            .iter()
            .map(|criterion| {
                (
                    criterion.inclusion,
                    criterion.measure.as_str(),
                    criterion.comparator.map(Comparator::as_str),
                    criterion.low.as_ref().map(|low| low.value),
                    criterion.high.as_ref().map(|high| high.value),
                    criterion.unit.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&AGES);
        LazyLock::force(&AGE_LINE);
        LazyLock::force(&ANY_AGE);
        LazyLock::force(&AGE_LABEL);
        LazyLock::force(&NOT_CRITERIA);
        LazyLock::force(&STRONG_CUE);
        for regex in [
            &THRESHOLD,
            &DEMOGRAPHIC,
            &QUALIFIED,
            &INCLUDE_CUE,
            &EXCLUDE_CUE,
            &RESULT_CUE,
            &PEOPLE_BEFORE,
            &SECTION_HEADING,
            &OTHER_HEADING,
        ] {
            LazyLock::force(regex);
        }
        assert!(GATE.is_some());
    }

    #[test]
    fn age_ranges_with_eligibility_language() {
        assert_eq!(
            summary(&body("Patients aged 18 to 65 years with lupus were enrolled.")),
            [(true, "age", None, Some(18.0), Some(65.0), Some("years"))]
        );
        assert_eq!(
            summary(&body("Men between 40 and 75 years of age were eligible.")),
            [(true, "age", None, Some(40.0), Some(75.0), Some("years"))]
        );
        assert_eq!(
            summary(&body("We recruited children 6-12 years with asthma.")),
            [(true, "age", None, Some(6.0), Some(12.0), Some("years"))]
        );
    }

    #[test]
    fn one_sided_ages() {
        assert_eq!(
            summary(&body("Inclusion criteria were age ≥ 18 years and a diagnosis of SSc.")),
            [(true, "age", Some(">="), Some(18.0), None, Some("years"))]
        );
        assert_eq!(
            summary(&body("Patients 18 years or older were included.")),
            [(true, "age", Some(">="), Some(18.0), None, Some("years"))]
        );
        assert_eq!(
            summary(&body("Patients older than 60 years were excluded.")),
            [(false, "age", Some(">"), Some(60.0), None, Some("years"))]
        );
        assert_eq!(
            summary(&body(
                "We studied 648 consecutive inpatients aged 65 years or older without delirium."
            )),
            [(true, "age", Some(">="), Some(65.0), None, Some("years"))]
        );
    }

    #[test]
    fn demographics_are_not_criteria() {
        assert!(body("Patients (mean age 54 years) were enrolled.").is_empty());
        assert!(body("Twenty patients aged 54 ± 9 years were included.").is_empty());
        assert!(body("72 children (aged 5 to 19 years, median 16) were enrolled.").is_empty());
        assert!(body("Adults with lupus were enrolled.").is_empty());
        assert!(body("We studied 23 children aged 4-17 years.").is_empty());
        assert!(body("Consent of a guardian was required for patients under 18 years of age, who were eligible.").is_empty());
        assert!(
            body("Patients aged 65 years or older had a higher risk of death (p = 0.02).")
                .is_empty()
        );
    }

    #[test]
    fn thresholds_on_known_measures() {
        assert_eq!(
            summary(&body("Adults (≥18 years) with an mRSS of 15-40 were eligible.")),
            [
                (true, "age", Some(">="), Some(18.0), None, Some("years")),
                (true, "mRSS", None, Some(15.0), Some(40.0), None)
            ]
        );
        assert_eq!(
            summary(&body("Inclusion required FVC ≥ 45% predicted.")),
            [(true, "FVC", Some(">="), Some(45.0), None, Some("% predicted"))]
        );
        assert_eq!(
            summary(&body("Six women with a SLEDAI >6 received one infusion.")),
            [(true, "SLEDAI", Some(">"), Some(6.0), None, None)]
        );
        assert!(body("The mRSS decreased from 27 to 18 in the belimumab group.").is_empty());
        assert!(body("Patients with a BMI > 30 had higher rates of infection.").is_empty());
    }

    #[test]
    fn registry_sections_and_ages_eligible() {
        let text = "Ages Eligible for Study: 6 Months to 21 Years\nInclusion Criteria:\n• BMI 25-35 kg/m2\nExclusion Criteria:\n• Age < 18 years";
        let mut segments = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            let kind = if line.starts_with('•') || line.ends_with("Criteria:") {
                SegmentKind::Eligibility
            } else {
                SegmentKind::Body
            };
            segments.push(Segment {
                lang: "en".to_owned(),
                kind,
                start: at,
                end: at + line.len(),
                pair: None,
            });
            at += line.len() + 1;
        }
        let criteria = read(text, &segments);
        assert_eq!(
            summary(&criteria),
            [
                (true, "age", Some(">="), Some(6.0), None, Some("Months")),
                (true, "age", Some("<="), None, Some(21.0), Some("Years")),
                (true, "BMI", None, Some(25.0), Some(35.0), Some("kg/m2")),
                (false, "age", Some("<"), None, Some(18.0), Some("years")),
            ]
        );
        let last = &criteria[3];
        assert_eq!(&text[last.start..last.end], "Age < 18 years");
    }
}
