//! Entities: every condition, intervention and adverse event the English title and body name,
//! located and normalized; the abbreviations the text defines; and from them the conditions
//! studied and the interventions given.
//!
//! Every dictionary name (see the `lexicon` module) of a title or body segment is an entity,
//! with its text as written, canonical name, identifier and span into the full text. A short
//! form the text defines ("mycophenolate mofetil (MMF)") whose long form ends in a dictionary
//! name is an entity wherever it is written (plural "s" included), with the long form as
//! written at its definition; a dictionary name that the text defines as something else is
//! none. Every short form the text defines is an abbreviation, with both forms as written and
//! their spans, whether or not the dictionaries know it; a short form defined twice keeps its
//! first definition.
//!
//! What an entity is:
//! - a drug is an `intervention`;
//! - a disease is an `adverse_event` when its sentence speaks of harms ("adverse event",
//!   "adverse effect", "adverse reaction", "side effect", "toxicity": "Three serious adverse
//!   events occurred, of which one was pulmonary embolism"), unless it names the population
//!   ("side effects of interferon beta in patients with multiple sclerosis") or what is
//!   treated or prevented;
//! - any other disease is a `condition`.
//!
//! `Study.conditions` holds the canonical names of the conditions studied, not of every
//! disease named. A condition counts when one of its mentions stands where authors say what
//! they study:
//! - in the title, or, when the document has no title segment (most abstracts arrive as one
//!   paragraph or after a `TITLE:` label), in its first sentence if that has at most 25 words
//!   and no "is" or "are" (a background statement such as "Low back pain is a major public
//!   health problem" is no title);
//! - naming the population: "patients with X", "20 adults with a newly diagnosed,
//!   biopsy-proven X", "women who have had X", "persons at higher risk for X", "patients
//!   undergoing X surgery", "X patients": at most six words between the cue and the name, none
//!   of them a verb, "no" or "without", and a population word at most seven words before the
//!   cue; the rest of a list so begun counts too ("patients with DM (n = 9), immune-mediated
//!   necrotizing myopathy (n = 6), non-specific myositis/overlap myositis");
//! - as what is treated or prevented: "the treatment of refractory, active X", "prevention
//!   of X" (at most two words between), or a drug of the same sentence given "in" or "for" X
//!   ("labetalol in mild to moderate hypertension");
//! - in an objective: a sentence that opens "To assess ...", "The aim of this study ...",
//!   "We sought ...", "This study will ...", or one within 400 bytes after an "Objective",
//!   "Aim" or "Purpose" heading;
//! - in inclusion criteria: a sentence about inclusion or eligibility, or a line under an
//!   "Inclusion criteria" heading.
//!
//! A mention never counts in a sentence about exclusion ("Patients with obesity and/or diabetes
//! were excluded"), under an "Exclusion criteria" heading, or in a sentence that opens with a
//! negation ("No history of ..."). Background ("Systemic sclerosis is a chronic, multisystem
//! autoimmune disease ..."), complications, comorbidities and outcomes stay entities without
//! becoming conditions studied. When no mention counts, the condition named most often, if at
//! least twice, is kept: the main condition of a text that never says it studies one.
//! `Study.interventions` holds the canonical names of every intervention entity. Both lists
//! are in order of first mention.

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Abbreviation, Entity, EntityKind as Kind, Segment, SegmentKind};

use crate::lexicon::{self, EntityKind, Resolved};
use crate::number;

/// Words of a sentence about harms: a disease named there is an adverse event, not a condition studied.
///
/// "Adverse" alone is not enough: "an adverse prognosis", "adverse outcomes" speak of the
/// disease's course, not of harms done by the treatment.
const HARM_WORDS: &[&str] = &[
    "adverse event",
    "adverse effect",
    "adverse reaction",
    "adverse drug",
    "adverse experience",
    "side effect",
    "side-effect",
    "toxicit",
];

/// How far after an objective heading a name still counts as part of the objective, in bytes (an objective is a sentence or two).
const OBJECTIVE_SECTION_BYTES: usize = 400;

/// Words of a sentence about exclusion: a disease named there is not a condition studied.
const EXCLUSION_WORDS: &[&str] = &["exclu", "ineligib", "not eligib"];

/// Words of a sentence about inclusion or eligibility.
const INCLUSION_WORDS: &[&str] = &["inclusion", "eligib", "were included if", "enrolled if"];

/// Words that name a population, before "with" ("patients with X") or after a name ("X patients").
const POPULATION_WORDS: &[&str] = &[
    "patients",
    "patient",
    "subjects",
    "subject",
    "participants",
    "participant",
    "adults",
    "adult",
    "children",
    "child",
    "adolescents",
    "adolescent",
    "women",
    "woman",
    "men",
    "man",
    "girls",
    "boys",
    "individuals",
    "individual",
    "people",
    "persons",
    "person",
    "volunteers",
    "infants",
    "infant",
    "neonates",
    "newborns",
    "babies",
    "cases",
    "survivors",
    "outpatients",
    "inpatients",
    "those",
    "population",
    "cohort",
    "veterans",
    "smokers",
    "mothers",
    "youth",
    "students",
    "elderly",
    "users",
    "sufferers",
];

/// Words that end the stretch between "with" and a name: verbs, relatives, negations, lists of another kind.
const GAP_STOP_WORDS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "may",
    "might",
    "can",
    "could",
    "will",
    "would",
    "should",
    "must",
    "has",
    "have",
    "had",
    "who",
    "which",
    "that",
    "whom",
    "whose",
    "received",
    "receiving",
    "treated",
    "randomized",
    "randomised",
    "assigned",
    "allocated",
    "underwent",
    "showed",
    "experienced",
    "developed",
    "develop",
    "develops",
    "such",
    "including",
    "like",
    "due",
    "caused",
    "causing",
    "after",
    "before",
    "during",
    "following",
    "than",
    "versus",
    "vs",
    "compared",
    "no",
    "not",
    "without",
    "free",
    "complicated",
    "associated",
    "secondary",
    "risk",
];

/// What comes between a population word and a name: "with", "who have", "at risk of", ...
static POPULATION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"\b(?:with|suffering\s+from|diagnosed\s+(?:as\s+having|with)|diagnosis\s+of|having|who\s+(?:have|had|has)|must\s+have|presenting\s+with|affected\s+by|at\s+(?:[a-z]+\s+){0,3}?risk\s+(?:of|for)|hospitali[sz]ed\s+(?:for|with)|admitted\s+(?:for|with)|undergoing|scheduled\s+for|requiring|candidates\s+for)\b",
    )
});

/// A treatment or prevention word right before a name: "the treatment of", "prevention of".
static TREATMENT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"\b(?:treatments?|therap(?:y|ies)|treating|treat|management|managing|prevention|preventing|prevent|prophylaxis)(?:\s+(?:of|for|in))?\b",
    )
});

/// "in" or "for", as in "a comparison of pindolol, metoprolol, atenolol and labetalol in mild to moderate hypertension".
static IN_OR_FOR: LazyLock<Regex> = LazyLock::new(|| number::compile(r"\b(?:in|for)\b"));

/// A population word right after a name: "SSc patients", "glaucoma (POAG) patients".
static POPULATION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"^(?:s\b)?(?:\s*\([^()]{1,15}\))?[\s-]*(?:patients?|subjects|participants|adults|children|women|men|individuals|cases|survivors|sufferers|population|cohort|outpatients|inpatients|volunteers|infants|neonates|carriers)\b",
    )
});

/// The opening of an objective sentence, after any heading label (lowercase text).
static OBJECTIVE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"^(?:in\s+(?:this|the\s+present|a|our)\b[^,]{0,80},\s*)?(?:to\s+(?:assess|evaluate|determine|compare|investigate|examine|explore|test|study|describe|characteri[sz]e|establish|identify|measure|estimate|analy[sz]e|quantify|review|document|demonstrate|confirm|clarify|validate)|(?:the\s+|our\s+|this\s+)?(?:(?:primary|main|principal|overall|specific)\s+)?(?:aims?|objectives?|purposes?|goals?)\b|we\s+(?:aimed|aim|sought|seek|explored|evaluated|assessed|investigated|examined|compared|tested|studied|hypothesi[sz]ed|determined|designed|undertook|conducted|performed)\b|(?:this|the\s+present|the\s+current|our)\s+(?:study|trial|pilot\s+study|analysis|protocol|project)\s+(?:aims?|aimed|will|evaluates?|evaluated|assess(?:es|ed)?|investigat(?:es|ed)|examin(?:es|ed)|compar(?:es|ed)|tests?|tested|is\s+designed|was\s+designed|seeks?|sought|explor(?:es|ed)|determin(?:es|ed))\b)",
    )
});

/// What joins two names of one list: a comma, "and", "or" or a slash, after any bracketed aside, with at most two modifiers ("(n = 6), non-specific").
static LIST_CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"^(?:\s*\([^()]*\))?\s*(?:,\s*(?:(?i:and|or)\s+)?|/|\s(?i:and|or|and/or)\s+)(?:[A-Za-z0-9'-]+\s+){0,2}$",
    )
});

/// A sentence that opens with a negation: "No leukemia", "Not pregnant", "Without prior ...".
static NEGATED_OPENING: LazyLock<Regex> =
    LazyLock::new(|| number::compile(r"^(?:no|not|without|none|never)\b"));

/// A heading label: "OBJECTIVE:", "METHODS:", "ABSTRACT.OBJECTIVE:", "Objective:" or "Background and aims:" at a line start, or a usual heading in capitals without a colon ("OBJECTIVE The authors' goal was ...").
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    number::compile(
        r"\b[A-Z]{3,}(?:\s+(?:AND|&)\s+[A-Z]{3,})?\s*:|(?m:^[A-Z][a-z]+(?:\s+(?:and|&)\s+[a-z]+)?\s*:)|\b(?:OBJECTIVES?|AIMS?|PURPOSES?|GOALS?|BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|HYPOTHESIS|METHODS?|METHODOLOGY|MATERIALS|DESIGN|SETTING|SUBJECTS|PATIENTS|PARTICIPANTS|INTERVENTIONS?|MEASUREMENTS|OUTCOMES?|RESULTS?|CONCLUSIONS?|FINDINGS|INTERPRETATION|DISCUSSION|SUMMARY|SIGNIFICANCE|LIMITATIONS|UNLABELLED)\s+[A-Z]",
    )
});

/// A heading label that opens an objective section.
static OBJECTIVE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| number::compile(r"\b(?i:objectives?|aims?|purposes?|goals?)\b"));

/// What the entity reading found in a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// Every condition, intervention and adverse event named, in text order.
    pub(crate) entities: Vec<Entity>,
    /// Every short form the text defines, in text order.
    pub(crate) abbreviations: Vec<Abbreviation>,
    /// Canonical names of the conditions studied, in order of first mention.
    pub(crate) conditions: Vec<String>,
    /// Canonical names of the interventions, in order of first mention.
    pub(crate) interventions: Vec<String>,
    /// Short forms resolved through their long forms' dictionary entries.
    pub(crate) resolved: Vec<Resolved>,
}

/// An English title or body segment.
struct Part<'a> {
    /// Byte offset of the segment in the full text.
    base: usize,
    /// The segment's text.
    content: &'a str,
    /// The segment's text, ASCII-lowercased once for the dictionary scan and every context rule.
    lower: Vec<u8>,
    /// Byte offset in the segment up to which it is the title: all of a title segment, the
    /// title-like first sentence of the first body segment of a document without one, else 0.
    title_end: usize,
}

/// A name found in a segment, before its kind is decided.
struct Candidate {
    /// Index of the segment in the parts.
    part: usize,
    /// Byte offset in the segment.
    start: usize,
    /// Byte offset one past the name in the segment.
    end: usize,
    /// Which dictionary.
    kind: EntityKind,
    /// The canonical name.
    canonical: &'static str,
    /// The bare identifier, empty when none.
    identifier: &'static str,
    /// The long form as written, when the name is a short form the text defines.
    long_form: Option<String>,
}

/// Reads the entities, abbreviations, conditions studied and interventions of a document's English title and body segments.
pub(crate) fn read(text: &str, segments: &[Segment]) -> Found {
    let parts = english_parts(text, segments);
    let per_part: Vec<Vec<lexicon::Mention>> =
        parts.iter().map(|part| lexicon::mentions_in(part.content, &part.lower)).collect();
    let mut found = Found::default();
    let defined = define(&parts, &per_part, &mut found);
    let candidates = candidates(&parts, &per_part, &found.resolved, &defined);
    let drugs: Vec<(usize, usize, usize)> = candidates
        .iter()
        .filter(|candidate| candidate.kind == EntityKind::Intervention)
        .map(|candidate| (candidate.part, candidate.start, candidate.end))
        .collect();
    let last_condition_start = candidates
        .iter()
        .filter(|candidate| candidate.kind == EntityKind::Condition)
        .filter_map(|candidate| parts.get(candidate.part).map(|part| part.base + candidate.start))
        .max()
        .unwrap_or(0);
    // Headings, criteria sections and sentence facts serve only the conditions' contexts: read
    // once, on the first condition (a document without one never pays for them).
    let mut layout: Option<(Vec<Heading>, Vec<Section>)> = None;
    let mut sentence_facts: Option<(usize, usize, usize, SentenceFacts)> = None;
    let mut studied: Vec<&'static str> = Vec::new();
    let mut named_conditions: Vec<&'static str> = Vec::new();
    // The previous condition's segment, end and context, for lists ("patients with A, B and C").
    let mut previous: Option<(usize, usize, Context)> = None;
    for candidate in &candidates {
        let Some(part) = parts.get(candidate.part) else {
            continue;
        };
        let kind = match candidate.kind {
            EntityKind::Intervention => {
                if !found.interventions.iter().any(|known| known == candidate.canonical) {
                    found.interventions.push(candidate.canonical.to_owned());
                }
                Kind::Intervention
            }
            EntityKind::Condition => {
                let (headings, sections) = layout.get_or_insert_with(|| {
                    (headings(&parts, last_condition_start), criteria_sections(text))
                });
                let bytes = part.content.as_bytes();
                let (sentence_start, sentence_end) =
                    sentence_bounds(bytes, candidate.start, candidate.end);
                let facts = match sentence_facts {
                    Some((facts_part, facts_start, facts_end, facts))
                        if (facts_part, facts_start, facts_end)
                            == (candidate.part, sentence_start, sentence_end) =>
                    {
                        facts
                    }
                    _ => {
                        let sentence = part.lower.get(sentence_start..sentence_end).unwrap_or(&[]);
                        let facts = SentenceFacts::of(sentence);
                        sentence_facts =
                            Some((candidate.part, sentence_start, sentence_end, facts));
                        facts
                    }
                };
                let drug_before = drugs.iter().any(|(drug_part, drug_start, drug_end)| {
                    *drug_part == candidate.part
                        && *drug_start >= sentence_start
                        && *drug_end <= candidate.start
                });
                let mut context = Context::of(
                    part,
                    (candidate.start, candidate.end),
                    (sentence_start, sentence_end),
                    facts,
                    drug_before,
                    headings,
                    sections,
                );
                if let Some((previous_part, previous_end, previous_context)) = previous
                    && previous_part == candidate.part
                    && part
                        .content
                        .get(previous_end..candidate.start)
                        .is_some_and(|between| LIST_CONTINUES.is_match(between.as_bytes()))
                {
                    context.names_population |= previous_context.names_population;
                    context.treated |= previous_context.treated;
                }
                previous = Some((candidate.part, candidate.end, context));
                if context.speaks_of_harms && !context.names_population && !context.treated {
                    Kind::AdverseEvent
                } else {
                    if !named_conditions.contains(&candidate.canonical) {
                        named_conditions.push(candidate.canonical);
                    }
                    if context.is_studied() && !studied.contains(&candidate.canonical) {
                        studied.push(candidate.canonical);
                    }
                    Kind::Condition
                }
            }
        };
        let text_written = part.content.get(candidate.start..candidate.end).unwrap_or("");
        found.entities.push(Entity {
            kind,
            text: text_written.to_owned(),
            canonical: candidate.canonical.to_owned(),
            identifier: lexicon::qualified(candidate.identifier),
            long_form: candidate.long_form.clone(),
            start: part.base + candidate.start,
            end: part.base + candidate.end,
        });
    }
    if studied.is_empty() {
        studied = most_named(&found.entities, &found.abbreviations, &named_conditions);
    }
    found.conditions = named_conditions
        .into_iter()
        .filter(|canonical| studied.contains(canonical))
        .map(str::to_owned)
        .collect();
    found
}

/// Returns the English title and body segments, the title marked (see the module doc for an untitled document).
fn english_parts<'a>(text: &'a str, segments: &[Segment]) -> Vec<Part<'a>> {
    let mut parts: Vec<Part> = segments
        .iter()
        .filter(|segment| {
            segment.lang == "en"
                && matches!(segment.kind, SegmentKind::Title | SegmentKind::Body)
                && segment.start < segment.end
        })
        .filter_map(|segment| {
            let content = text.get(segment.start..segment.end)?;
            let title_end = if segment.kind == SegmentKind::Title { content.len() } else { 0 };
            let lower = content.as_bytes().to_ascii_lowercase();
            Some(Part { base: segment.start, content, lower, title_end })
        })
        .collect();
    if parts.iter().all(|part| part.title_end == 0)
        && let Some(first) = parts.first_mut()
    {
        first.title_end = title_like_end(&first.lower);
    }
    parts
}

/// Records the short forms the segments define as abbreviations, resolves those whose long form ends in a dictionary name, and returns every short form defined.
fn define(parts: &[Part], per_part: &[Vec<lexicon::Mention>], found: &mut Found) -> Vec<String> {
    let mut defined: Vec<String> = Vec::new();
    for (part, mentions) in parts.iter().zip(per_part) {
        for definition in lexicon::definitions(part.content) {
            let (Some(short), Some(long)) = (
                part.content.get(definition.short_start..definition.short_end),
                part.content.get(definition.long_start..definition.long_end),
            ) else {
                continue;
            };
            if defined.iter().any(|known| known == short) {
                continue;
            }
            defined.push(short.to_owned());
            found.abbreviations.push(Abbreviation {
                short: short.to_owned(),
                long: long.to_owned(),
                short_span: [part.base + definition.short_start, part.base + definition.short_end],
                long_span: [part.base + definition.long_start, part.base + definition.long_end],
            });
            let named = mentions.iter().rev().find(|mention| {
                mention.end == definition.long_end && mention.start >= definition.long_start
            });
            if let Some(mention) = named {
                found.resolved.push(Resolved {
                    short: short.to_owned(),
                    kind: mention.kind,
                    canonical: mention.canonical,
                    identifier: mention.identifier,
                    long: long.to_owned(),
                });
            }
        }
    }
    found.abbreviations.sort_by_key(|abbreviation| abbreviation.short_span);
    defined
}

/// Lists the names of every segment in text order: uses of resolved short forms, then the dictionary names that neither overlap one nor are a short form defined otherwise.
fn candidates(
    parts: &[Part],
    per_part: &[Vec<lexicon::Mention>],
    resolved: &[Resolved],
    defined: &[String],
) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (index, (part, mentions)) in parts.iter().zip(per_part).enumerate() {
        let mut here = short_form_uses(index, part.content, resolved);
        for mention in mentions {
            let written = part.content.get(mention.start..mention.end).unwrap_or("");
            let overlaps =
                here.iter().any(|used| used.start < mention.end && mention.start < used.end);
            if overlaps || defined.iter().any(|short| short == written) {
                continue;
            }
            here.push(Candidate {
                part: index,
                start: mention.start,
                end: mention.end,
                kind: mention.kind,
                canonical: mention.canonical,
                identifier: mention.identifier,
                long_form: None,
            });
        }
        here.sort_by_key(|candidate| candidate.start);
        candidates.extend(here);
    }
    candidates
}

/// Returns the conditions named most often, when that is at least twice: the main condition of a text that never says it studies one.
///
/// A short form at its definition ("Systemic sclerosis (SSc)") is not counted apart from its long form.
fn most_named(
    entities: &[Entity],
    abbreviations: &[Abbreviation],
    named: &[&'static str],
) -> Vec<&'static str> {
    let count = |canonical: &str| {
        entities
            .iter()
            .filter(|entity| entity.kind == Kind::Condition && entity.canonical == canonical)
            .filter(|entity| {
                !abbreviations
                    .iter()
                    .any(|abbreviation| abbreviation.short_span == [entity.start, entity.end])
            })
            .count()
    };
    let most = named.iter().map(|canonical| count(canonical)).max().unwrap_or(0);
    if most < 2 {
        return Vec::new();
    }
    named.iter().copied().filter(|canonical| count(canonical) == most).collect()
}

/// Finds the uses of the resolved short forms in a segment ("MMF", and "MSCs" for "MSC"), as candidates.
fn short_form_uses(part: usize, content: &str, resolved: &[Resolved]) -> Vec<Candidate> {
    let bytes = content.as_bytes();
    let mut uses = Vec::new();
    for known in resolved {
        let short = known.short.as_bytes();
        let may_take_plural = !short.last().is_some_and(|b| b.eq_ignore_ascii_case(&b's'));
        for start in memchr::memmem::find_iter(bytes, short) {
            let mut end = start + short.len();
            let joined_before = start
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
            if joined_before {
                continue;
            }
            let is_word_end = |at: usize| {
                bytes.get(at).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b >= 0x80))
            };
            if !is_word_end(end) {
                if may_take_plural && bytes.get(end) == Some(&b's') && is_word_end(end + 1) {
                    end += 1;
                } else {
                    continue;
                }
            }
            if uses.iter().any(|used: &Candidate| used.start < end && start < used.end) {
                continue;
            }
            uses.push(Candidate {
                part,
                start,
                end,
                kind: known.kind,
                canonical: known.canonical,
                identifier: known.identifier,
                long_form: Some(known.long.clone()),
            });
        }
    }
    uses
}

/// A heading label of the document, at its full-text offset, and whether it opens an objective.
struct Heading {
    /// Byte offset one past the label in the full text.
    end: usize,
    /// Whether the label names an objective, aim, purpose or goal.
    objective: bool,
}

/// Finds the heading labels of the title and body segments, in text order.
///
/// Only the labels up to the first that ends past `limit` (the full-text offset of the last
/// condition) are listed: a condition looks back for the last label that ends before it, so
/// the ones after can never be read. A segment with no colon and no run of three capitals
/// holds no label and is not searched.
fn headings(parts: &[Part], limit: usize) -> Vec<Heading> {
    let mut found = Vec::new();
    for part in parts {
        let bytes = part.content.as_bytes();
        if memchr::memchr(b':', bytes).is_none() && !has_capitals_run(bytes, 3) {
            continue;
        }
        for label in HEADING.find_iter(bytes) {
            let end = part.base + label.end();
            if end > limit {
                return found;
            }
            found.push(Heading { end, objective: OBJECTIVE_HEADING.is_match(label.as_bytes()) });
        }
    }
    found
}

/// Tells whether the text holds `length` ASCII capitals in a row (every heading label without a colon does).
fn has_capitals_run(bytes: &[u8], length: usize) -> bool {
    let mut run = 0;
    for byte in bytes {
        run = if byte.is_ascii_uppercase() { run + 1 } else { 0 };
        if run >= length {
            return true;
        }
    }
    false
}

/// A stretch of the document under an "Inclusion criteria" or "Exclusion criteria" heading.
struct Section {
    /// Byte offset of the heading in the full text.
    start: usize,
    /// Byte offset one past the section's end in the full text.
    end: usize,
    /// True under inclusion criteria, false under exclusion criteria.
    inclusion: bool,
}

/// Finds the criteria sections: from a line that opens with "Inclusion criteria" or "Exclusion criteria" to the next section heading.
///
/// (PDQ-style "Disease characteristics" sections are not read as inclusion criteria: on the
/// registry records they list histologies, stages and metastases more than the conditions
/// studied, and counting them cost precision for little recall.) A section ends at another criteria heading or at a line that
/// opens with a known heading of registry records or abstracts ("Patient characteristics",
/// "Ages eligible", "Results", "Conclusions", ...).
fn criteria_sections(text: &str) -> Vec<Section> {
    let bytes = text.as_bytes();
    let has_criteria = CRITERIA_NEEDLES.iter().any(|needle| needle.find(bytes).is_some());
    if !has_criteria {
        return Vec::new();
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut open: Option<(usize, bool)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let trimmed = line.trim_start_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_digit() || "-*•.)".contains(c)
        });
        let head = trimmed.get(..trimmed.len().min(40)).unwrap_or("").to_ascii_lowercase();
        let head = head.strip_prefix("key ").unwrap_or(&head);
        let criteria = if ["inclusion criteri", "inclusion:"]
            .iter()
            .any(|heading| head.starts_with(heading))
        {
            Some(true)
        } else if ["exclusion criteri", "exclusion:"]
            .iter()
            .any(|heading| head.starts_with(heading))
        {
            Some(false)
        } else {
            None
        };
        let ends =
            criteria.is_some() || SECTION_HEADINGS.iter().any(|heading| head.starts_with(heading));
        if !ends {
            continue;
        }
        if let Some((section_start, inclusion)) = open.take() {
            sections.push(Section { start: section_start, end: start, inclusion });
        }
        if let Some(inclusion) = criteria {
            open = Some((start, inclusion));
        }
    }
    if let Some((section_start, inclusion)) = open {
        sections.push(Section { start: section_start, end: text.len(), inclusion });
    }
    sections
}

/// What a text with a criteria heading holds ("riteri", "clusion:", in either case), each searcher built once.
static CRITERIA_NEEDLES: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    LazyLock::new(|| ["riteri", "RITERI", "clusion:", "CLUSION:"].map(memchr::memmem::Finder::new));

/// Headings of registry records and abstracts that end a criteria section (lowercase line openings).
const SECTION_HEADINGS: &[&str] = &[
    "patient characteristics",
    "prior/concurrent therapy",
    "prior concurrent therapy",
    "ages eligible",
    "sexes eligible",
    "accepts healthy",
    "brief summary",
    "detailed description",
    "outline",
    "projected accrual",
    "rationale",
    "purpose",
    "objective",
    "background",
    "methods",
    "design",
    "setting",
    "interventions",
    "outcome",
    "main outcome",
    "results",
    "conclusion",
    "findings",
    "interpretation",
    "discussion",
];

/// Where a disease is named, as far as deciding what it is and whether it is studied.
#[derive(Debug, Default, Clone, Copy)]
struct Context {
    /// In the title.
    title: bool,
    /// Naming the population ("patients with X", "X patients").
    names_population: bool,
    /// As what is treated or prevented ("the treatment of X").
    treated: bool,
    /// In an objective sentence or section.
    objective: bool,
    /// In inclusion criteria.
    inclusion: bool,
    /// In a sentence or section about exclusion.
    excluded: bool,
    /// In a sentence about harms.
    speaks_of_harms: bool,
}

impl Context {
    /// Reads the context of the name at `start..end` of a segment, in its sentence `sentence_start..sentence_end` whose facts are read, given whether a drug of the sentence comes before it.
    fn of(
        part: &Part,
        (start, end): (usize, usize),
        (sentence_start, sentence_end): (usize, usize),
        facts: SentenceFacts,
        drug_before: bool,
        headings: &[Heading],
        sections: &[Section],
    ) -> Self {
        let before = part.lower.get(sentence_start..start).unwrap_or(&[]);
        let after = part.lower.get(end..sentence_end).unwrap_or(&[]);
        let full_start = part.base + start;
        let section =
            sections.iter().find(|section| section.start <= full_start && full_start < section.end);
        let heading = headings.iter().take_while(|heading| heading.end <= full_start).last();
        Self {
            title: start < part.title_end,
            names_population: population_before(before) || POPULATION_AFTER.is_match(after),
            treated: treated_before(before) || (drug_before && given_in_before(before)),
            objective: heading.is_some_and(|heading| {
                heading.objective
                    && full_start.saturating_sub(heading.end) <= OBJECTIVE_SECTION_BYTES
            }) || facts.objective_opening,
            inclusion: facts.inclusion || section.is_some_and(|section| section.inclusion),
            excluded: facts.exclusion
                || section.is_some_and(|section| !section.inclusion)
                || facts.negated_opening,
            speaks_of_harms: facts.harms,
        }
    }

    /// Tells whether the mention makes its condition one the study is about.
    fn is_studied(&self) -> bool {
        if self.excluded {
            return false;
        }
        self.title || self.names_population || self.treated || self.objective || self.inclusion
    }
}

/// What a sentence says as a whole, read once for every name in it.
#[derive(Debug, Clone, Copy)]
struct SentenceFacts {
    /// The sentence speaks of inclusion or eligibility ([`INCLUSION_WORDS`]).
    inclusion: bool,
    /// The sentence speaks of exclusion ([`EXCLUSION_WORDS`]).
    exclusion: bool,
    /// The sentence speaks of harms ([`HARM_WORDS`]).
    harms: bool,
    /// The sentence opens as an objective, after any heading label.
    objective_opening: bool,
    /// The sentence opens with a negation, after any heading label.
    negated_opening: bool,
}

impl SentenceFacts {
    /// Reads the facts of a lowercase sentence.
    fn of(sentence: &[u8]) -> Self {
        let opening = strip_label(sentence);
        Self {
            inclusion: SENTENCE_WORDS.inclusion.contains_any(sentence),
            exclusion: SENTENCE_WORDS.exclusion.contains_any(sentence),
            harms: SENTENCE_WORDS.harms.contains_any(sentence),
            objective_opening: OBJECTIVE_OPENING.is_match(opening),
            negated_opening: NEGATED_OPENING.is_match(opening),
        }
    }
}

/// A list of words, each with its substring searcher built once, grouped by their first four bytes.
///
/// A group's words are looked for only when its first four bytes occur ("adverse event",
/// "adverse effect", ... only in a sentence with "adve"), which tells the same as looking for
/// every word, with fewer searches.
struct WordList {
    /// Per group: the searcher of the shared opening, and those of its words when there are several.
    groups: Vec<(memchr::memmem::Finder<'static>, Vec<memchr::memmem::Finder<'static>>)>,
}

impl WordList {
    /// Builds the searchers of a list of words.
    fn new(words: &'static [&'static str]) -> Self {
        let mut openings: Vec<(&'static [u8], Vec<&'static [u8]>)> = Vec::new();
        for word in words {
            let bytes = word.as_bytes();
            let opening = bytes.get(..4).unwrap_or(bytes);
            match openings.iter_mut().find(|(known, _)| *known == opening) {
                Some((_, members)) => members.push(bytes),
                None => openings.push((opening, vec![bytes])),
            }
        }
        let groups = openings
            .into_iter()
            .map(|(opening, members)| match members.as_slice() {
                [only] => (memchr::memmem::Finder::new(*only), Vec::new()),
                _ => (
                    memchr::memmem::Finder::new(opening),
                    members.iter().map(|member| memchr::memmem::Finder::new(*member)).collect(),
                ),
            })
            .collect();
        Self { groups }
    }

    /// Tells whether any of the words occurs in the text.
    fn contains_any(&self, text: &[u8]) -> bool {
        self.groups.iter().any(|(opening, members)| {
            opening.find(text).is_some()
                && (members.is_empty() || members.iter().any(|word| word.find(text).is_some()))
        })
    }
}

/// The word lists a sentence is read for.
struct SentenceWords {
    /// [`INCLUSION_WORDS`].
    inclusion: WordList,
    /// [`EXCLUSION_WORDS`].
    exclusion: WordList,
    /// [`HARM_WORDS`].
    harms: WordList,
}

/// The word lists a sentence is read for, their searchers built once.
static SENTENCE_WORDS: LazyLock<SentenceWords> = LazyLock::new(|| SentenceWords {
    inclusion: WordList::new(INCLUSION_WORDS),
    exclusion: WordList::new(EXCLUSION_WORDS),
    harms: WordList::new(HARM_WORDS),
});

/// Returns the bounds of the sentence around `start..end`: full stops before a space or the end, `;`, `?`, `!` and line breaks end it.
///
/// `;`, `?` and `!` always end a sentence, so each side is one vectorized search for them and
/// one for line breaks and full stops within what it leaves (a full stop inside a number is
/// passed over).
fn sentence_bounds(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let head = bytes.get(..start.min(bytes.len())).unwrap_or(&[]);
    let floor = memchr::memrchr3(b';', b'?', b'!', head).map_or(0, |index| index + 1);
    let mut sentence_start = floor;
    let mut high = head.len();
    while let Some(index) = bytes
        .get(floor..high)
        .and_then(|rest| memchr::memrchr2(b'\n', b'.', rest))
        .map(|i| i + floor)
    {
        if ends_sentence(bytes, index) {
            sentence_start = index + 1;
            break;
        }
        high = index;
    }
    let Some(tail) = bytes.get(end..) else {
        return (sentence_start, bytes.len());
    };
    let ceiling = memchr::memchr3(b';', b'?', b'!', tail).unwrap_or(tail.len());
    let mut stop = ceiling;
    let mut low = 0;
    while let Some(index) =
        tail.get(low..ceiling).and_then(|rest| memchr::memchr2(b'\n', b'.', rest)).map(|i| i + low)
    {
        if ends_sentence(bytes, end + index) {
            stop = index;
            break;
        }
        low = index + 1;
    }
    (sentence_start, end + stop)
}

/// Tells whether the byte at `index` ends a sentence: `;`, `?`, `!`, a line break, or a full stop before a space or the end.
fn ends_sentence(bytes: &[u8], index: usize) -> bool {
    match bytes.get(index) {
        Some(b';' | b'?' | b'!' | b'\n') => true,
        Some(b'.') => bytes.get(index + 1).is_none_or(u8::is_ascii_whitespace),
        _ => false,
    }
}

/// Returns where the title-like first sentence of a segment ends (0 when it is not title-like).
///
/// Most abstracts reach the extractor without a title segment (the title is the first
/// sentence of a one-paragraph abstract, or follows a `TITLE:` label). The first sentence
/// with words is taken for a title when it has at most 25 words and no "is" or "are", which
/// background statements have ("Low back pain is a major public health problem").
fn title_like_end(lower: &[u8]) -> usize {
    let mut from = 0;
    while from < lower.len() {
        let (sentence_start, sentence_end) = sentence_bounds(lower, from, from);
        let sentence = lower.get(sentence_start..sentence_end).unwrap_or(&[]);
        let mut words = words_of(strip_label(sentence)).peekable();
        if words.peek().is_none() {
            from = sentence_end + 1;
            continue;
        }
        for (count, word) in words.enumerate() {
            if count >= 25 || matches!(word, b"is" | b"are") {
                return 0;
            }
        }
        return sentence_end;
    }
    0
}

/// Strips leading bullets, a heading label ("objective: ", "abstract.objective:.") and spaces from a lowercase sentence.
fn strip_label(sentence: &[u8]) -> &[u8] {
    let bullet_end = sentence
        .iter()
        .position(|b| !(b.is_ascii_whitespace() || matches!(b, b'-' | b'*' | 0xE2 | 0x80 | 0xA2)))
        .unwrap_or(sentence.len());
    let trimmed = sentence.get(bullet_end..).unwrap_or(&[]);
    let label_end = trimmed.iter().take(40).position(|b| *b == b':');
    let Some(colon) = label_end else {
        return trimmed;
    };
    let label = trimmed.get(..colon).unwrap_or(&[]);
    if label.split(u8::is_ascii_whitespace).filter(|word| !word.is_empty()).count() > 4 {
        return trimmed;
    }
    let rest = trimmed.get(colon + 1..).unwrap_or(&[]).trim_ascii_start();
    rest.strip_prefix(b".").unwrap_or(rest).trim_ascii_start()
}

/// Words that break the stretch between a population word and "with": "patients treated with".
const PRE_CUE_STOP_WORDS: &[&str] = &[
    "treated",
    "received",
    "receiving",
    "randomized",
    "randomised",
    "assigned",
    "allocated",
    "compared",
    "associated",
    "than",
    "versus",
    "vs",
    "without",
    "no",
    "not",
];

/// The words of a lowercase stretch, punctuation trimmed, bracketed asides and articles left out.
fn words_of(stretch: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut depth = 0usize;
    stretch.split(u8::is_ascii_whitespace).filter_map(move |raw| {
        let (opens, closes) = raw.iter().fold((0usize, 0usize), |(opens, closes), byte| {
            (opens + usize::from(*byte == b'('), closes + usize::from(*byte == b')'))
        });
        let inside = depth > 0 || opens > 0;
        depth = (depth + opens).saturating_sub(closes);
        if inside {
            return None;
        }
        let start = raw.iter().position(u8::is_ascii_alphanumeric)?;
        let end = raw.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |i| i + 1);
        let word = raw.get(start..end)?;
        (!matches!(word, b"a" | b"an" | b"the")).then_some(word)
    })
}

/// Tells whether a stretch between a cue and a name is short and open: at most `max_words` words, none a stop word, no colon.
fn gap_is_open(gap: &[u8], max_words: usize) -> bool {
    if memchr::memchr(b':', gap).is_some() {
        return false;
    }
    for (count, word) in words_of(gap).enumerate() {
        if count >= max_words || GAP_STOP_WORDS.iter().any(|stop| stop.as_bytes() == word) {
            return false;
        }
    }
    true
}

/// Tells whether the lowercase text before a name ends with a population and its cue: "20 adults with a newly diagnosed, biopsy-proven".
fn population_before(before: &[u8]) -> bool {
    if memchr::memchr(b' ', before).is_none() {
        return false;
    }
    let cues: Vec<(usize, usize)> =
        POPULATION_CUE.find_iter(before).map(|cue| (cue.start(), cue.end())).collect();
    for (cue_start, cue_end) in cues.into_iter().rev() {
        if !gap_is_open(before.get(cue_end..).unwrap_or(&[]), 6) {
            return false;
        }
        // The last seven words before the cue, without a vector: a ring of seven.
        let mut last: [&[u8]; 7] = [&[]; 7];
        let mut count = 0usize;
        for word in words_of(before.get(..cue_start).unwrap_or(&[])) {
            if let Some(slot) = last.get_mut(count % 7) {
                *slot = word;
            }
            count += 1;
        }
        for back in 1..=count.min(7) {
            let word = last.get((count - back) % 7).copied().unwrap_or(&[]);
            if PRE_CUE_STOP_WORDS.iter().any(|stop| stop.as_bytes() == word) {
                break;
            }
            if POPULATION_WORDS.iter().any(|population| population.as_bytes() == word) {
                return true;
            }
        }
    }
    false
}

/// Tells whether the lowercase text before a name ends with "in" or "for" and at most three words: "labetalol in mild to moderate".
fn given_in_before(before: &[u8]) -> bool {
    IN_OR_FOR
        .find_iter(before)
        .last()
        .is_some_and(|cue| gap_is_open(before.get(cue.end()..).unwrap_or(&[]), 3))
}

/// Tells whether the lowercase text before a name ends with a treatment or prevention word: "the treatment of refractory, active".
fn treated_before(before: &[u8]) -> bool {
    TREATMENT_CUE
        .find_iter(before)
        .last()
        .is_some_and(|cue| gap_is_open(before.get(cue.end()..).unwrap_or(&[]), 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An English segment of the given kind.
    fn segment(kind: SegmentKind, start: usize, end: usize) -> Segment {
        Segment { lang: "en".to_owned(), kind, start, end, pair: None }
    }

    /// Reads a text given as one English body segment after a title that names nothing, so that only the text's own rules apply.
    fn body(text: &str) -> Found {
        let title = "Report\n";
        let document = format!("{title}{text}");
        read(
            &document,
            &[
                segment(SegmentKind::Title, 0, title.len() - 1),
                segment(SegmentKind::Body, title.len(), document.len()),
            ],
        )
    }

    /// Reads a text given as one English body segment, with no title segment.
    fn untitled(text: &str) -> Found {
        read(text, &[segment(SegmentKind::Body, 0, text.len())])
    }

    /// The kinds of the entities of a body text, with their text as written.
    fn kinds(text: &str) -> Vec<(String, Kind)> {
        body(text).entities.into_iter().map(|entity| (entity.text, entity.kind)).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        for pattern in [
            &POPULATION_CUE,
            &TREATMENT_CUE,
            &POPULATION_AFTER,
            &OBJECTIVE_OPENING,
            &LIST_CONTINUES,
            &NEGATED_OPENING,
            &HEADING,
            &OBJECTIVE_HEADING,
        ] {
            LazyLock::force(pattern);
        }
    }

    #[test]
    fn the_population_names_the_condition_studied() {
        // Seed 000's objective and seed 004's population sentence.
        let found = body(
            "In this investigator-initiated phase 2 open-label study, we included 20 adults with a newly diagnosed, biopsy-proven idiopathic inflammatory myopathy, and a disease duration of less than 9 months.",
        );
        assert_eq!(found.conditions, ["myositis"]);
        // PMID 1420057: "X patients".
        let found = body(
            "Acute elevations in intraocular pressure (IOP) commonly follow extracapsular cataract extraction and lens implant in glaucoma patients.",
        );
        assert_eq!(found.conditions, ["glaucoma"]);
    }

    #[test]
    fn background_complications_and_exclusions_are_not_studied() {
        // Seed 002's background sentence.
        let found = body(
            "Systemic sclerosis (SSc) is a chronic, multisystem autoimmune disease characterized by potentially widespread and progressive skin fibrosis and vascular abnormalities, and may involve the musculoskeletal, gastrointestinal, pulmonary, cardiac, renal, neuromuscular, and urogenital systems.",
        );
        assert!(found.conditions.is_empty(), "{:?}", found.conditions);
        assert_eq!(
            found.entities.iter().map(|entity| entity.canonical.as_str()).collect::<Vec<_>>(),
            // "Systemic sclerosis", "(SSc)", "autoimmune disease", "fibrosis".
            ["scleroderma, systemic", "scleroderma, systemic", "autoimmune diseases", "fibrosis"]
        );
        // PMID 15476575: the treated disease counts, its complication does not.
        let found = body(
            "Today, androgen deprivation therapy is a cornerstone of treatment for advanced prostate cancer, although it presents important complications such as osteoporosis.",
        );
        assert_eq!(found.conditions, ["prostatic neoplasms"]);
        assert!(found.entities.iter().any(|entity| entity.canonical == "osteoporosis"));
        // PMID 10720081 and seed 004: a population that was excluded.
        assert!(body("Patients with obesity and/or diabetes were excluded.").conditions.is_empty());
    }

    #[test]
    fn objective_sentences_and_headings_count() {
        // Seed 003, and PMID 7840362 (a heading without a colon).
        let found = body(
            "OBJECTIVE: We sought to retrospectively review a single-center experience using intravenous immunoglobulin (IVIG) for the treatment of refractory, active diffuse cutaneous systemic sclerosis (dcSSc).",
        );
        assert_eq!(found.conditions, ["scleroderma, diffuse"]);
        // PMID 12105288: "adverse prognosis" is no harm, and obesity is what the objective is about.
        let found = body(
            "OBJECTIVE The objective was to develop effective weight-loss methods for women who have had breast cancer, because obesity may result in an adverse prognosis.",
        );
        assert_eq!(found.conditions, ["breast neoplasms", "obesity"]);
        assert!(found.entities.iter().all(|entity| entity.kind == Kind::Condition));
        // PMID 16381993: a sentence under an objective heading without a colon.
        let found = body(
            "OBJECTIVE In the past years the interaction of GH and 11beta hydroxysteroid dehydrogenase (11betaHSD) in the pathogenesis of central obesity has been suggested.",
        );
        assert_eq!(found.conditions, ["obesity, abdominal"]);
        let found =
            body("To determine whether estrogen prevents bone loss in women with osteoporosis.");
        assert_eq!(found.conditions, ["osteoporosis"]);
    }

    #[test]
    fn lists_after_a_population_count_whole() {
        // Seed 004: a list of subgroups after "patients with".
        let found = body(
            "We included patients with DM (n = 9), immune-mediated necrotizing myopathy (n = 6), non-specific myositis/overlap myositis (n = 4) and anti-synthetase syndrome (n = 1).",
        );
        assert_eq!(found.conditions, ["muscular diseases", "myositis"]);
    }

    #[test]
    fn registry_criteria_sections() {
        // NCT00000733-style criteria (registry_records.jsonl, record 61).
        let found = body(
            "Inclusion Criteria\nConcurrent Treatment:\nAllowed:\n- Blood transfusions.\nPatients must have HIV infection with CD+4 lymphocyte count of < 300 cells/mm3.\nExclusion Criteria\nCo-existing Condition:\nPatients with the following conditions or symptoms are excluded.\n- Kaposi's sarcoma requiring systemic therapy.\n",
        );
        assert_eq!(found.conditions, ["hiv infections"]);
        assert!(found.entities.iter().any(|entity| entity.canonical == "sarcoma, kaposi"));
    }

    #[test]
    fn harms_are_adverse_events_unless_they_name_the_population() {
        // Seed 004.
        assert_eq!(
            kinds("Three serious adverse events occurred, of which one was pulmonary embolism."),
            [("pulmonary embolism".to_owned(), Kind::AdverseEvent)]
        );
        // PMC3691658: the population of a sentence about side effects.
        let found = body(
            "Flu-like symptoms (FLS) are common side effects of interferon beta (IFN-β) treatment in patients with Multiple Sclerosis (PwMS) and are associated with post-injection cytokine surge.",
        );
        let sclerosis: Vec<_> =
            found.entities.iter().filter(|entity| entity.text == "Multiple Sclerosis").collect();
        assert_eq!(sclerosis.len(), 1);
        assert_eq!(sclerosis[0].kind, Kind::Condition);
        assert_eq!(found.conditions, ["multiple sclerosis"]);
    }

    #[test]
    fn short_forms_are_entities_with_their_long_forms() {
        let text = "Patients with chronic obstructive pulmonary disease (COPD) were studied. COPD patients and COPDs.";
        let found = untitled(text);
        let short: Vec<(&str, Option<&str>, usize)> = found
            .entities
            .iter()
            .filter(|entity| entity.long_form.is_some())
            .map(|entity| (entity.text.as_str(), entity.long_form.as_deref(), entity.start))
            .collect();
        let long = Some("chronic obstructive pulmonary disease");
        assert_eq!(
            short,
            [
                ("COPD", long, text.find("(COPD)").unwrap_or(0) + 1),
                ("COPD", long, text.find("COPD patients").unwrap_or(0)),
                ("COPDs", long, text.find("COPDs").unwrap_or(0)),
            ]
        );
        assert_eq!(found.abbreviations.len(), 1);
        assert_eq!(found.resolved.len(), 1);
    }

    #[test]
    fn a_short_form_defined_as_something_else_is_not_the_dictionary_name() {
        // "AIDS" is a dictionary name, but this text defines it otherwise.
        let found = body("We used assistive intelligent devices (AIDS) in the trial. AIDS helped.");
        assert!(found.entities.is_empty(), "{:?}", found.entities);
        assert_eq!(found.abbreviations.len(), 1);
        assert_eq!(found.abbreviations[0].long, "assistive intelligent devices");
    }

    #[test]
    fn the_first_sentence_of_an_untitled_abstract_is_its_title() {
        // PMID 15224627, a one-paragraph abstract that opens with its title.
        let found = untitled(
            "Public and private heart rate feedback in social phobia: a manipulation of anxiety visibility. According to cognitive behavioural models of social phobia, bodily symptoms are the main source of information.",
        );
        assert_eq!(found.conditions, ["phobia, social", "anxiety"]);
        // A background statement is no title (seed 002's opening, without its title): only the
        // most named condition counts, the autoimmune disease and the fibrosis do not.
        let found = untitled(
            "Systemic sclerosis (SSc) is a chronic, multisystem autoimmune disease characterized by potentially widespread and progressive skin fibrosis. The effectiveness and safety of SSc treatment require further research.",
        );
        assert_eq!(found.conditions, ["scleroderma, systemic"]);
        // Evidence Inference's layout: a TITLE label, then the title on its own line.
        let found = untitled(
            "TITLE: \nRadiotherapy plus nimotuzumab or placebo in the treatment of high grade glioma patients: results from a randomized, double blind trial\n\n\n\nBACKGROUND:\nThe prognosis of patients bearing high grade glioma remains dismal.",
        );
        assert_eq!(found.conditions, ["glioma"]);
    }

    #[test]
    fn the_most_named_condition_when_none_is_said_to_be_studied() {
        let found = body(
            "Glaucoma is a common disease in older adults. Glaucoma has few subjective symptoms. Cataract is frequent.",
        );
        assert_eq!(found.conditions, ["glaucoma"]);
        assert!(body("Cataract is frequent. Glaucoma too.").conditions.is_empty());
    }

    #[test]
    fn titles_count_and_spans_are_full_text_offsets() {
        // PMID 1999025: its title names the outcome studied; an affiliation line comes first.
        let text = "Department of Veterans Affairs\nTen-year incidence of myocardial infarction and prognosis after infarction.\nThe body.";
        let title_start = text.find("Ten-year").unwrap_or(0);
        let title_end = text.find("\nThe").unwrap_or(0);
        let found = read(text, &[segment(SegmentKind::Title, title_start, title_end)]);
        assert_eq!(found.conditions, ["myocardial infarction", "infarction"]);
        assert_eq!(found.entities.len(), 2);
        for entity in &found.entities {
            assert_eq!(&text[entity.start..entity.end], entity.text);
        }
        assert_eq!(found.entities[0].start, text.find("myocardial").unwrap_or(0));
    }

    /// The sentence bounds as first written: a walk byte by byte each way from the name.
    fn sentence_bounds_by_walking(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
        let is_stop = |index: usize| match bytes.get(index) {
            Some(b';' | b'?' | b'!' | b'\n') => true,
            Some(b'.') => bytes.get(index + 1).is_none_or(u8::is_ascii_whitespace),
            _ => false,
        };
        let sentence_start = (0..start.min(bytes.len()))
            .rev()
            .find(|&index| is_stop(index))
            .map_or(0, |index| index + 1);
        let sentence_end = (end..bytes.len()).find(|&index| is_stop(index)).unwrap_or(bytes.len());
        (sentence_start, sentence_end)
    }

    /// The words of a stretch as first written, collected into a vector.
    fn words_as_first_written(stretch: &[u8]) -> Vec<&[u8]> {
        let mut words = Vec::new();
        let mut depth = 0usize;
        for raw in stretch.split(u8::is_ascii_whitespace) {
            let opens = raw.iter().filter(|b| **b == b'(').count();
            let closes = raw.iter().filter(|b| **b == b')').count();
            let inside = depth > 0 || opens > 0;
            depth = (depth + opens).saturating_sub(closes);
            if inside {
                continue;
            }
            let word = raw.trim_ascii();
            let start = word.iter().position(u8::is_ascii_alphanumeric).unwrap_or(word.len());
            let end = word.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |i| i + 1);
            let word = word.get(start..end).unwrap_or(&[]);
            if word.is_empty() || matches!(word, b"a" | b"an" | b"the") {
                continue;
            }
            words.push(word);
        }
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn sentence_bounds_are_those_of_a_walk(
            text in "([a-z]{1,4}|[ .;?!\n]|0\\.5|\\. ){0,40}",
            start in 0usize..120,
            length in 0usize..12,
        ) {
            let bytes = text.as_bytes();
            let end = start + length;
            proptest::prop_assert_eq!(
                sentence_bounds(bytes, start, end),
                sentence_bounds_by_walking(bytes, start, end)
            );
        }

        #[test]
        fn words_are_those_first_read(text in "([a-z]{1,5}|the|an|a|[ ()\\[\\],.:-]|\t){0,30}") {
            let bytes = text.as_bytes();
            let words: Vec<&[u8]> = words_of(bytes).collect();
            proptest::prop_assert_eq!(&words, &words_as_first_written(bytes));
            for max_words in 0..5 {
                let first_written = memchr::memchr(b':', bytes).is_none()
                    && words.len() <= max_words
                    && !words.iter().any(|word| GAP_STOP_WORDS.iter().any(|stop| stop.as_bytes() == *word));
                proptest::prop_assert_eq!(gap_is_open(bytes, max_words), first_written);
            }
        }

        #[test]
        fn word_lists_find_what_one_search_per_word_finds(
            text in "(adverse |advers|event|effect|drug|side|-effect| effect|toxicit|exclu|ineligib|not eligib|eligib|inclusion|were included if|enrolled if|[a-z ]){0,12}",
        ) {
            let bytes = text.as_bytes();
            for (list, words) in [
                (&SENTENCE_WORDS.harms, HARM_WORDS),
                (&SENTENCE_WORDS.inclusion, INCLUSION_WORDS),
                (&SENTENCE_WORDS.exclusion, EXCLUSION_WORDS),
            ] {
                let one_by_one = words.iter().any(|word| number::contains(bytes, word.as_bytes()));
                proptest::prop_assert_eq!(list.contains_any(bytes), one_by_one);
            }
        }
    }

    #[test]
    fn bad_segments_are_skipped() {
        let text = "é patients with glaucoma";
        let body = |start, end| segment(SegmentKind::Body, start, end);
        let found = read(text, &[body(1, 4), body(5, 500), body(9, 3)]);
        assert!(found.entities.is_empty());
    }
}
