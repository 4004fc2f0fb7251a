//! Regimens: how each drug or procedure was given, read from the English title and body.
//!
//! A regimen is anchored on a dose written next to an intervention ("belimumab at 10 mg/kg
//! intravenously", "adjunctive IVIG (2 g/kg/mo)", "500 mg of metformin twice daily"), or, without
//! a dose, on a route adverb, schedule or duration written right after one ("rituximab given
//! intravenously on days 1 and 15", "aspirin once daily for 12 weeks"). A route adjective before
//! a name ("oral anticoagulants") is no anchor on its own: it names a class as often as a
//! regimen; nor is a single day ("with pantoprazole on day 1"), as often a time point.
//!
//! What counts as an intervention: the intervention entities (dictionary names and the short
//! forms the text defines), a few names the dictionary lacks that carry doses in trials
//! (intravenous immunoglobulin and its short forms, radiotherapy), and cells dosed by count
//! ("2 × 10^6 CAR T cells/kg", "1×10 MSCs/kg" where the text defines MSC as a cell; a count
//! needs a power of ten or at least 1000: "indium 111 radio labelled cells" names an isotope).
//! A name that modifies a hyphenated compound ("thimerosal-free vaccine", "methotrexate-induced")
//! is none. Placebo and usual care are arms, not regimens.
//!
//! A dose is a number (a range "1-2 g", a list "1, 4 or 10 mg/kg" giving one regimen per dose,
//! powers of ten "2 × 10^6", "2 × 10(6)") and a unit (`mg`, `g`, `µg`, `ng`, `IU`, `U`, `MIU`,
//! `mL`, `mmol`, `mEq`, `Gy`, `cells`, `PFU`, `CFU`, puffs, tablets, capsules, drops), then
//! optionally per body surface ("mg/m2", kept in the unit), per kilogram ("/kg", "per kg",
//! "kg−1", "/kg body weight": `per_kg`) and per time ("/day", "/mo", "per day": the schedule as
//! written). The dose attaches to, in this order:
//! - the name right after it when "of" joins them ("10 mg of phenobarbital");
//! - the name right before it, with only dose words between ("belimumab at 10 mg/kg", "IVIG
//!   (2 g/kg/mo)", "prednisone, at a daily dose of 30 mg");
//! - the name right after it, with only dose words between ("500 mg oral metformin");
//! - the nearest name before it in the sentence, at most 150 bytes away, with no word of
//!   measurement, comparison or another drug ("plus", "combination", "containing") between, no
//!   more than 60 bytes after an earlier dose it crosses, and a word right before the dose that
//!   lets it belong there (a dose word, a unit, a salt or form, "and", "or"; not "citrovorum
//!   factor 100 mg", "5-FU 10 mg/kg"): "IVIg (Privigen) monotherapy for 9 weeks: a loading dose
//!   (2 g/kg body weight) and two subsequent maintenance doses (1 g/kg body weight)";
//! - a gray (`Gy`) dose only to radiotherapy, and a dose of named cells to those cells.
//!
//! A list followed by "respectively" pairs its doses with the names before it, in order
//! ("febuxostat and allopurinol were 10 and 100 mg/d, respectively"); "5 mg to 20 mg/day" is one
//! dose with an upper dose.
//!
//! Nothing is a dose, and the reader abstains, when:
//! - the unit is a concentration or a ratio ("CRP 10 mg/L", "LDL 130 mg/dL", "25 ng/mL",
//!   "4 mmol/L", "30 mg/mmol", "cells/µL") or a clearance or flow ("eGFR 60 mL/min"): any
//!   denominator other than kilograms, body surface or time refuses the expression;
//! - a comparator bounds it ("≤10 mg prednisone/day", "more than 20 mg", "10 mg or less"): a
//!   criterion, not a regimen ("up to 300 mg/day" is kept as an upper dose only);
//! - it is a result: inside a reported statement, followed by "±" or a bracketed SD, range or
//!   IQR, after "mean", "median", "cumulative", "levels", "serum", "intake", or after a word
//!   of change ending in "by", "to" or "from" ("LDL decreased by 20 mg/dL", "tapering of
//!   prednisone to 10 mg");
//! - its sentence speaks of eligibility or prior treatment ("exclusion", "eligible", "prior
//!   use", "previously treated");
//! - it is a volume the drug is given in ("in 100 mL saline", "reconstituted with 4 mL");
//! - no intervention stands where the rules above look: a dose with no name is not guessed.
//!
//! Route, schedule and duration are read around the regimen, within its sentence: between the
//! name and the dose, after the dose up to the next dose, the next other name or a clause
//! break (";", " or ", " versus ", "compared"), at most 100 bytes; and a route adjective up
//! to 40 bytes before ("one intravenous infusion of"). What stands between a name and its
//! first dose belongs to every dose that name takes ("IVIg ... for 9 weeks: ... 2 g/kg ... 1
//! g/kg"). The route is normalized (`intravenous`, `oral`, `subcutaneous`, `intramuscular`,
//! `topical`, `inhaled`, `intranasal`, `intrathecal`, `rectal`, `transdermal`, `sublingual`,
//! `intravitreal`), and taken from the name when the name says it ("intravenous
//! immunoglobulin", "IVIG"); other routes (epidural, intra-articular, vaginal, ...) are left
//! out. The schedule is the dose's per-time part when it has one, else the nearest schedule
//! phrase ("every 4 weeks", "twice daily", "b.i.d.", "q4w", "three times a week", "on days 0,
//! 14 and 28", "3-week interval", "single dose"); the duration the nearest "for 52 weeks",
//! "over 12 weeks" (minutes, and hours after "over", are infusion times, not durations).
//!
//! The arm is the study's arm whose span holds the dose, else the arm a group mention next to
//! the regimen names ("the low-dose group received aspirin 100 mg daily", matched by the
//! group's full words), else the one arm whose interventions include the regimen's (the arms
//! read from "randomized to belimumab or placebo"), but only when that arm has a count or the
//! study has at most three arms one of which is a control: drugs read from an allocation
//! sentence without counts are often the parts of one combination. Nothing is tied in a
//! sentence about what every participant gets ("All patients received ...", "both groups",
//! rescue therapy). A regimen that repeats an earlier one of the same intervention and dose
//! without adding a field is dropped, and so is a dose-less one that another regimen of its
//! intervention already covers.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::{Abbreviation, Arm, Entity, EntityKind, Number, Regimen, Statement};

use crate::number::{self, compile};

/// A number as doses write it: thousands with commas ("1,000"), decimals with a point or a
/// Lancet middle dot.
const DOSE_NUMBER: &str =
    r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:(?:\.|·)[0-9]+)?|(?:\.|·)[0-9]+)";

/// The parts of [`DOSE`]: an optional comparator, an optional list of doses, a number or a
/// range, an optional power of ten, and a unit.
const DOSE_PARTS: &[&str] = &[
    r"(?P<cmp>(?:(?i:up\s+to|more\s+than|less\s+than|greater\s+than|at\s+least|at\s+most|exceeding|maxim(?:um|al)(?:\s+(?:daily\s+)?dose)?(?:\s+of)?)|>=|<=|=<|≥|≤|>|<|＞|＜)\s*)?",
    r"(?P<list>(?:NUM\s*,\s*){0,12}NUM\s*,?\s*(?i:or|and)\s+)?",
    r"(?P<low>NUM)",
    r"(?:\s*(?:{MINUS}|(?i:to))\s*(?P<high>NUM))?",
    r"(?P<sci>\s*(?:×|x|X|\*)\s*10(?:\s*\^\s*(?P<exp1>-?[0-9]{1,2})|\((?P<exp2>[0-9]{1,2})\)|(?P<exp3>[0-9]{1,2}))?)?",
    r"[\s-]*",
    r"(?P<unit>(?i:milligrams?|micrograms?|nanograms?|grams?|millilit(?:er|re)s?|international\s+units?|million\s+(?:international\s+)?units?|units?|puffs?|tablets?|capsules?|drops?|sachets?)",
    r"|mg|mcg|microg|µg|μg|ug|\?g|ng|gm|g|MIU|mIU|IU|I\.U\.|MU|U|mL|ml|cc|µL|μL|uL|mmol|mEq|meq|µmol|μmol|cGy|Gy|PFU|CFU|TCID50|vp",
    r"|(?P<cellwords>(?:[A-Za-z][A-Za-z0-9+-]*\s+){0,3})cells",
    r"|(?P<abbr>[A-Z][A-Z0-9-]{1,7})s)",
];

/// Index of the list part in [`DOSE_PARTS`].
const DOSE_LIST_PART: usize = 1;

/// Builds the dose pattern from its parts, the list part included or not.
fn dose_pattern(with_list: bool) -> Regex {
    let parts: Vec<&str> = DOSE_PARTS
        .iter()
        .enumerate()
        .filter(|(index, _)| with_list || *index != DOSE_LIST_PART)
        .map(|(_, part)| *part)
        .collect();
    compile(&parts.concat().replace("NUM", DOSE_NUMBER))
}

/// A dose: an optional comparator, an optional list of doses, a number or a range, an optional
/// power of ten, and a unit.
static DOSE: LazyLock<Regex> = LazyLock::new(|| dose_pattern(true));

/// [`DOSE`] without its list part: where no list can stand (no "or" or "and" in the match), it
/// reads the same captures with a far smaller automaton, which the backtracking search of the
/// captures pays for in every state it visits.
static DOSE_NO_LIST: LazyLock<Regex> = LazyLock::new(|| dose_pattern(false));

/// Tells whether a dose match may hold a list of doses, which needs "or" or "and" (any case).
fn may_hold_list(matched: &[u8]) -> bool {
    matched.windows(2).any(|pair| pair.eq_ignore_ascii_case(b"or"))
        || matched.windows(3).any(|triple| triple.eq_ignore_ascii_case(b"and"))
}

/// What may follow a unit: per body surface, per kilogram, per time (anchored at the unit's end).
static UNIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"^(?P<area>\s*(?:/|per\s+)\s*(?:m2|m²|m\^2|m\(2\)|sq\.?\s*m\b|square\s+met(?:er|re))|\s+m{MINUS}2\b)?",
        r"(?P<kg>\s*(?:/|(?i:per)\s+|·|\.)?\s*(?:kg|(?i:kilogram))(?:\s*{MINUS}\s*1)?\b(?:\s+(?:of\s+)?(?:(?i:body)\s*(?i:weight)|BW|bw))?)?",
        r"(?P<time>\s*(?:/|(?i:per)\s+|·)\s*(?:24\s*h(?:ours?|rs?)?|(?i:days?)|d|(?i:hours?)|hrs?|h|(?i:weeks?)|wks?|(?i:months?)|mo|min|(?i:minutes?)|cycle|(?i:dose)|(?i:infusion))(?:\s*{MINUS}\s*1)?\b",
        r"|\s*\.?\s*(?:min|h|d|day|hr|wk)\s*{MINUS}\s*1\b)?",
    ))
});

/// A denominator left after the tail: a concentration, a ratio or a count per volume.
static OTHER_DENOMINATOR: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:\s*(?:/|(?i:per)\s)|\s*·\s*\(|\s*(?:\.|·)?\s*(?:m[lL]|d[lL]|[lL]|µ[lL]|μ[lL])\s*(?:{MINUS}\s*1\b|\(\s*{MINUS}\s*1\s*\)))",
    )
});

/// "respectively" right after a list of doses ("10 and 100 mg/d, respectively").
static RESPECTIVELY: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*,?\s*(?:\)\s*,?\s*)?(?i:respectively)\b"));

/// Names the dictionary lacks that carry doses in trials: intravenous immunoglobulin, radiotherapy.
static EXTRA_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?P<ivig>(?i:intravenous\s+immun(?:o)?globulins?|intravenous\s+immune\s+globulins?)|\bIVIG\b|\bIVIg\b|\bIvIg\b|\bIVIGs\b)",
        r"|(?P<radio>\b(?i:(?:chemo)?radiotherapy|radiation\s+therapy|radiation|irradiation|brachytherapy|chemoradiation)\b)",
    ))
});

/// Letters every name `EXTRA_NAMES` finds holds, as usually written (a cheap test before the pattern).
const EXTRA_NAME_HINTS: [&[u8]; 6] = [b"IVI", b"IvI", b"lobulin", b"adiat", b"adiothe", b"rachyth"];

/// A route word or phrase.
static ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?P<intravenous>\b(?i:intra-?venous(?:ly)?|i\.v\.?)(?:\b|$)|\bIV\b|\bI\.V\.)",
        r"|(?P<oral>\b(?i:orally|oral|per\s+os|by\s+mouth|p\.o\.?)(?:\b|$)|\bPO\b)",
        r"|(?P<subcutaneous>\b(?i:sub-?cutaneous(?:ly)?|s\.c\.|s\.q\.)|\bSC\b|\bSQ\b)",
        r"|(?P<intramuscular>\b(?i:intra-?muscular(?:ly)?|i\.m\.)|\bIM\b)",
        r"|(?P<topical>\b(?i:topical(?:ly)?)\b)",
        r"|(?P<inhaled>\b(?i:inhaled|by\s+inhalation|inhalation|inhaler|nebuli[sz]ed|aerosoli[sz]ed)\b)",
        r"|(?P<intranasal>\b(?i:intra-?nasal(?:ly)?|nasal\s+spray|nasally)\b)",
        r"|(?P<intrathecal>\b(?i:intra-?thecal(?:ly)?)\b|\bIT\b)",
        r"|(?P<rectal>\b(?i:rectal(?:ly)?|per\s+rectum|suppositor(?:y|ies)|enemas?)\b)",
        r"|(?P<transdermal>\b(?i:trans-?dermal(?:ly)?|patch(?:es)?)\b)",
        r"|(?P<sublingual>\b(?i:sub-?lingual(?:ly)?)\b)",
        r"|(?P<intravitreal>\b(?i:intra-?vitreal(?:ly)?|intravitreous)\b)",
    ))
});

/// The normalized names of the route groups, in the order of `ROUTE`.
const ROUTES: [&str; 12] = [
    "intravenous",
    "oral",
    "subcutaneous",
    "intramuscular",
    "topical",
    "inhaled",
    "intranasal",
    "intrathecal",
    "rectal",
    "transdermal",
    "sublingual",
    "intravitreal",
];

/// Words after "oral" that make it no route ("oral mucositis", "oral glucose tolerance test").
const NOT_ORAL_ROUTE: &[&str] = &[
    "mucositis",
    "cavity",
    "health",
    "hygiene",
    "lesion",
    "lesions",
    "ulcer",
    "ulcers",
    "glucose",
    "surgery",
    "cancer",
    "intake",
    "feeding",
    "care",
    "pain",
];

/// A schedule phrase.
static SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:once|twice|thrice|one|two|three|four|five|six|[1-9])(?:\s*(?:times?|x|×))?\s*(?:a|per|each|every|/)\s*(?:day|week|month|night)\b",
        r"|\b(?:once|twice|thrice|(?:[1-4]|two|three|four)\s*(?:times|x|×))[\s-]+(?:daily|weekly|monthly|nightly|fortnightly)\b",
        r"|\bevery\s+(?:other\s+|second\s+|third\s+)?(?:[0-9]+(?:\s*(?:-|–|to)\s*[0-9]+)?\s*|one\s+|two\s+|three\s+|four\s+|six\s+|eight\s+|twelve\s+)?(?:hours?|hrs?|h|min|minutes|days?|weeks?|wks?|months?|nights?|mornings?|evenings?|cycles?)\b",
        r"|\b(?:b\.i\.d|t\.i\.d|q\.i\.d|b\.d|q\.d)(?:\.|\b)|\b(?:bid|tid|qid)\b",
        r"|\bq\.?\s?(?:[0-9]{1,2}\s?(?:h|hr|hrs|hours|d|days|w|wk|wks|weeks|mo|months)|d|h|w|am|pm|hs)\b",
        r"|\bon\s+days?\s+-?[0-9]+(?:\s*(?:,|and|to|through|-|–|&)\s*(?:and\s+)?-?[0-9]+)*(?:\s+of\s+(?:each|every|a)\s+[0-9]+-?\s*day\s+cycles?)?",
        r"|\bdays\s+-?[0-9]+(?:\s*(?:,|and|to|through|-|–|&)\s*(?:and\s+)?-?[0-9]+)+(?:\s+of\s+(?:each|every|a)\s+[0-9]+-?\s*day\s+cycles?)?",
        r"|\b(?:daily|nightly|weekly|monthly|fortnightly|bi-?weekly|three-weekly|each\s+day|every\s+day|per\s+day|a\s+day|at\s+bedtime|before\s+bedtime)\b",
        r"|\b(?:[0-9]{1,2}|two|three|four|six|eight|twelve)-hourly\b",
        r"|\b(?:with\s+)?an?\s+[0-9]+-?\s*(?:day|week|month|hour)\s+intervals?\b|\bat\s+[0-9]+-?\s*(?:day|week|month)\s+intervals\b|\bat\s+intervals\s+of\s+[0-9]+\s*(?:days|weeks|months)\b",
        r"|\b(?:as\s+an?\s+)?single\s+(?:dose|injection|infusion|bolus|administration)\b)",
    ))
});

/// Words of a sentence about what every participant receives: no arm is tied there.
static EVERY_ARM: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:all|both|each)\s+(?:the\s+)?(?:patients|subjects|participants|groups|arms|children|women|men|volunteers)\b|\brescue\b|\bin\s+all\b|\bbackground\b)",
    )
});

/// A schedule that names a single day ("on day 1").
static SINGLE_DAY: LazyLock<Regex> = LazyLock::new(|| compile(r"^(?i:on\s+day\s+-?[0-9]+)$"));

/// Words a schedule phrase is written with that its value leaves out ("with a 3-week interval").
static SCHEDULE_LEAD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^(?i:(?:with\s+)?(?:an?\s+)?(?:at\s+)?(?:as\s+an?\s+)?)"));

/// A duration: "for 52 weeks", "over 12 weeks", "a 12-week course".
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?P<prep>for|over|during|lasting)\s+(?:a\s+(?:total\s+)?(?:period\s+)?of\s+|a\s+total\s+of\s+|up\s+to\s+|at\s+least\s+|another\s+|an\s+additional\s+)?",
        r"(?P<d>(?:[0-9]+(?:\.[0-9]+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|eighteen|twenty|twenty-four|thirty|fifty-two)",
        r"(?:\s*(?:-|–|to)\s*[0-9]+)?[\s-]*(?:consecutive\s+)?(?P<unit>days?|weeks?|wks?|months?|years?|cycles?|courses?|nights?|hours?|hrs?)\b)",
        r"|\b(?P<adj>[0-9]+-(?:day|week|month|year))\s+(?:course|treatment|regimen|therapy|administration|period)\b)",
    ))
});

/// Words of measurement or result in the few bytes before a dose, or between a name and it.
static RESULT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:mean|median|average|cumulative|levels?|concentrations?|serum|plasma|intake|excretion|range|ranged|ranging|trough|consumption|requirements?|significantly|than|contents?)\b",
        r"|\b(?:decreas|increas|reduc|declin|lower|rais|rose|fell|drop|chang|improv|taper|differ)[a-z]*\s+(?:[A-Za-z-]+\s+){0,3}(?:by|to|from)\s*$",
        r"|\bby\s*$)",
    ))
});

/// What after a dose makes it a result or a bound.
static RESULT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*(?:±|\+/-|\+-|\(\s*(?:SD|SEM?|s\.d\.|range|IQR|95%)|(?i:or\s+(?:less|more|greater|higher|lower|above|below|fewer)|and\s+(?:above|below|over|under)))",
    )
});

/// Words of a sentence about eligibility or prior treatment.
static CRITERION_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:exclu|inclusion|eligib|criteri|prior\s+(?:use|treatment|therapy|exposure)|previous(?:ly)?\s+(?:treated|received|receiving|used|exposed)|had\s+received|history\s+of\s+(?:use|treatment))",
    )
});

/// What ends the stretch after a dose that its route, schedule and duration are read from.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:;|\sor\s|\sversus\s|\svs\.?\s|\scompared\b|\bwhereas\b|\bwhile\b|\sthan\s)")
});

/// What ends the stretch after a regimen: a clause break, another recipient ("group B received"), an arm's count.
static RIGHT_STOP: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:;|\sor\s|\sversus\s|\svs\.?\s|\scompared\b|\bwhereas\b|\bwhile\b|\sthan\s|\breceiv[a-z]*\b|\(\s*n\s*=)",
    )
});

/// A measure of use before a regimen: "the mean dose of", "cumulative consumption of".
static RESULT_PRE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:mean|median|average|cumulative)\s+(?:[a-z-]+\s+){0,2}(?:doses?|dosages?|amounts?|consumption|requirements?|intake|rates?|exposure)\b|\b(?:intake|consumption)\s+of\b)",
    )
});

/// What before a volume makes it the vehicle a drug is given in ("in 100 ml", "diluted to 20 mL").
static VEHICLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:in|into|diluted(?:\s+(?:in|to|with))?|dissolved\s+in|made\s+up\s+to|mixed\s+with|reconstituted\s+(?:with|in))\s*$)",
    )
});

/// What after a volume makes it a vehicle ("100 ml of normal saline", "10 mL water").
static VEHICLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?i:\s*(?:of\s+)?(?:(?:normal|isotonic|physiological|sterile|0\.9%)\s+)*(?:saline|water|dextrose|glucose|solution|NS\b|ringer|lactated|diluent|vehicle|juice|milk))",
    )
});

/// A verb phrase a dose-less anchor may follow ("was given", "were administered").
static GIVEN: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:\s*\([^()]{0,40}\))?\s*,?\s*(?i:(?:was|were|is|are|will\s+be|being|be)\s+)?(?i:(?:given|administered|delivered|injected|infused|taken|applied|dosed)\s+)?",
    )
});

/// Words between a name and a dose that show the dose is another drug's ("in combination with X 600 mg", "plus caffeine 100 mg").
static ANOTHER_DRUG: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\b(?:plus|combination|combined|together|mixture|mixed|containing)\b|\+)")
});

/// Most bytes between an earlier dose and a later one the same name takes across it
/// ("a loading dose (2 g/kg body weight) and two subsequent maintenance doses (1 g/kg").
const CROSSED_DOSE_GAP_BYTES: usize = 60;

/// Words allowed between a name and the dose it takes, in either order.
const DOSE_WORDS: &[&str] = &[
    "at",
    "in",
    "with",
    "by",
    "a",
    "an",
    "the",
    "of",
    "dose",
    "doses",
    "dosage",
    "dosed",
    "daily",
    "total",
    "single",
    "fixed",
    "initial",
    "starting",
    "loading",
    "maintenance",
    "low",
    "high",
    "standard",
    "target",
    "weekly",
    "monthly",
    "given",
    "administered",
    "was",
    "were",
    "is",
    "are",
    "be",
    "will",
    "orally",
    "oral",
    "intravenously",
    "intravenous",
    "iv",
    "i.v.",
    "subcutaneously",
    "subcutaneous",
    "sc",
    "s.c.",
    "intramuscularly",
    "intramuscular",
    "im",
    "p.o.",
    "po",
    "once",
    "twice",
    "per",
    "day",
    "once-daily",
    "twice-daily",
    "low-dose",
    "high-dose",
    "each",
    "bolus",
    "infusion",
    "injection",
    "injections",
    "tablet",
    "tablets",
    "capsule",
    "capsules",
    "of:",
    "=",
    ":",
    ",",
    "(",
    "-",
    "–",
];

/// Units as words, for the unit of an earlier dose in a list.
const UNIT_WORDS: &[&str] = &[
    "mg",
    "g",
    "µg",
    "μg",
    "mcg",
    "microg",
    "microgram",
    "micrograms",
    "milligram",
    "milligrams",
    "ng",
    "ml",
    "iu",
    "u",
    "units",
    "mmol",
    "meq",
    "gy",
    "puff",
    "puffs",
    "tablet",
    "tablets",
    "capsule",
    "capsules",
];

/// Salt, formulation and form words written between a drug's name and its dose ("ulipristal
/// acetate (5 and 10 mg", "Leuprolide acetate depot (11.25 or 30 mg").
const FORM_WORDS: &[&str] = &[
    "acetate",
    "sodium",
    "potassium",
    "calcium",
    "magnesium",
    "hydrochloride",
    "hcl",
    "sulfate",
    "sulphate",
    "mesylate",
    "maleate",
    "phosphate",
    "citrate",
    "tartrate",
    "besylate",
    "propionate",
    "dipropionate",
    "fumarate",
    "bromide",
    "chloride",
    "succinate",
    "valerate",
    "undecanoate",
    "enanthate",
    "depot",
    "release",
    "extended-release",
    "controlled-release",
    "sustained-release",
    "slow-release",
    "modified-release",
    "xr",
    "sr",
    "cr",
    "er",
    "xl",
    "la",
    "cream",
    "gel",
    "ointment",
    "solution",
    "suspension",
    "powder",
    "syrup",
    "spray",
    "patch",
    "suppository",
    "suppositories",
    "lozenge",
    "film",
    "drops",
    "monotherapy",
    "alone",
    "therapy",
    "treatment",
    "infusions",
    "initially",
    "approximately",
    "about",
    "medoxomil",
    "axetil",
    "mofetil",
    "dipivoxil",
    "cilexetil",
    "hydrobromide",
    "monohydrate",
    "trihydrate",
    "dihydrate",
    "anhydrous",
    "disodium",
    "alfa",
    "alpha",
    "beta",
    "enema",
    "enemas",
    "tablets",
    "capsules",
    "pegylated",
    "liposomal",
    "recombinant",
    "intrapleural",
    "epidural",
    "caudal",
    "spinal",
    "hyperbaric",
    "isobaric",
    "hypobaric",
    "plain",
    "aerosolized",
    "nebulized",
    "micronized",
    "immediate-release",
];

/// The least number of cells written without a power of ten that is read as a dose.
const MIN_CELL_COUNT: f64 = 1000.0;

/// Most arms without counts, a control among them, for a regimen to be tied to the arm its drug names.
const MOST_ARMS_TIED_BY_DRUG: usize = 3;

/// Most bytes between a name and a dose it takes across other words.
const NEAREST_NAME_BYTES: usize = 150;

/// Most bytes after a dose that its route, schedule and duration are read from.
const RIGHT_WINDOW_BYTES: usize = 100;

/// Most bytes between a route adjective and the regimen after it for the adjective to outrank a route after the dose.
const ADJACENT_ROUTE_BYTES: usize = 15;

/// Bytes after a name that must hold the start of a dose-less regimen's anchor; a phrase longer
/// than this ("for a total of 6 courses" is 24) still matches its beginning within them.
const ANCHOR_PROBE_BYTES: usize = 40;

/// Most bytes before a regimen that a route adjective is read from.
const LEFT_WINDOW_BYTES: usize = 40;

/// An intervention named in a segment (offsets relative to the segment).
#[derive(Debug, Clone)]
struct Name<'a> {
    /// Offset of the name.
    start: usize,
    /// Offset one past the name.
    end: usize,
    /// The canonical name, or the name as written.
    canonical: Cow<'a, str>,
    /// The route the name itself says ("intravenous immunoglobulin").
    route: Option<&'static str>,
    /// Radiotherapy: takes gray doses, and only those.
    radiation: bool,
}

/// A dose found in a segment (offsets relative to the segment).
#[derive(Debug, Clone)]
struct Dose {
    /// Offset of the whole expression (comparator and list included).
    start: usize,
    /// Offset of the number this dose stands for.
    number_start: usize,
    /// Offset one past the expression (unit tail included).
    end: usize,
    /// The dose, absent when only an upper bound is given or the power of ten was lost.
    dose: Option<Number>,
    /// The upper dose of a range.
    dose_high: Option<Number>,
    /// The normalized unit.
    unit: String,
    /// Per kilogram of body weight.
    per_kg: bool,
    /// The per-time part as written ("/day").
    per_time: Option<String>,
    /// The intervention the unit itself names ("CAR T cells", the long form of "MSCs").
    named: Option<String>,
    /// A gray dose.
    gray: bool,
    /// For a list followed by "respectively": this dose's position and the list's length, to
    /// pair doses with the names before them in order ("febuxostat and allopurinol were 10 and
    /// 100 mg/d, respectively").
    respectively: Option<(usize, usize)>,
}

/// A phrase found in a window: its span and its value.
#[derive(Debug, Clone)]
struct Found {
    /// Offset of the phrase.
    start: usize,
    /// Offset one past the phrase.
    end: usize,
    /// The normalized or as-written value.
    value: String,
}

/// Reads the regimens of the readable segments (`(offset, text)` pairs).
///
/// `entities` are the document's entities (intervention entities are used), `abbreviations`
/// its defined short forms, `arms` the study's arms, `statements` the reported statements
/// (a dose inside one is a result).
pub(crate) fn read(
    readable: &[(usize, &str)],
    entities: &[Entity],
    abbreviations: &[Abbreviation],
    arms: &[Arm],
    statements: &[Statement],
) -> Vec<Regimen> {
    let mut regimens = Vec::new();
    for (base, segment) in readable {
        read_segment(*base, segment, entities, abbreviations, arms, statements, &mut regimens);
    }
    deduplicate(regimens)
}

/// Reads the regimens of one segment into `regimens`.
fn read_segment(
    base: usize,
    segment: &str,
    entities: &[Entity],
    abbreviations: &[Abbreviation],
    arms: &[Arm],
    statements: &[Statement],
    regimens: &mut Vec<Regimen>,
) {
    let bytes = segment.as_bytes();
    let segment_end = base + segment.len();
    let mut names: Vec<Name> = entities
        .iter()
        .filter(|entity| {
            entity.kind == EntityKind::Intervention
                && entity.start >= base
                && entity.end <= segment_end
        })
        .filter(|entity| !modifies_compound(segment, entity.end - base))
        .map(|entity| Name {
            start: entity.start - base,
            end: entity.end - base,
            canonical: Cow::Borrowed(entity.canonical.as_str()),
            route: route_in_name(&entity.text)
                .or_else(|| entity.long_form.as_deref().and_then(route_in_name)),
            radiation: false,
        })
        .collect();
    let doses = doses(segment, base, abbreviations);
    if doses.is_empty() && names.is_empty() {
        return;
    }
    // The names the dictionary lacks are looked for only where their letters stand.
    let may_name_extra = EXTRA_NAME_HINTS.iter().any(|hint| number::contains(bytes, hint));
    let extra_names = may_name_extra.then(|| number::captures(&EXTRA_NAMES, bytes));
    for captures in extra_names.into_iter().flatten() {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        if names.iter().any(|name| name.start < whole.end() && whole.start() < name.end) {
            continue;
        }
        let radiation = captures.name("radio").is_some();
        let canonical = if radiation {
            Cow::Owned(radiation_name(whole.as_bytes()))
        } else {
            Cow::Borrowed("immunoglobulins, intravenous")
        };
        names.push(Name {
            start: whole.start(),
            end: whole.end(),
            canonical,
            route: (!radiation).then_some("intravenous"),
            radiation,
        });
    }
    names.sort_by_key(|name| name.start);
    if names.is_empty() && doses.iter().all(|dose| dose.named.is_none()) {
        return;
    }
    let sentences = crate::text::sentences(segment);
    // Whether each sentence speaks of eligibility or prior treatment, tested once when first needed.
    let mut criterion: Vec<Option<bool>> = vec![None; sentences.len()];
    let mut dosed_names: Vec<usize> = Vec::new();
    // Each name that took a dose after it, with the stretch between it and its first dose.
    let mut first_doses: Vec<(usize, usize, usize)> = Vec::new();
    for (index, dose) in doses.iter().enumerate() {
        let Some(sentence_index) =
            sentences.iter().position(|(start, end)| *start <= dose.start && dose.start < *end)
        else {
            continue;
        };
        let Some(&(sentence_start, sentence_end)) = sentences.get(sentence_index) else {
            continue;
        };
        if is_criterion(segment, &sentences, &mut criterion, sentence_index) {
            continue;
        }
        // The end of the latest earlier dose expression of the sentence (list members share one).
        let crossed_end = doses
            .get(..index)
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|earlier| earlier.end <= dose.start && earlier.start >= sentence_start)
            .map(|earlier| earlier.end);
        let in_sentence: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| name.start >= sentence_start && name.end <= sentence_end)
            .map(|(position, _)| position)
            .collect();
        let Some((name_index, name_start, name_end, canonical, name_route)) =
            attach(segment, dose, &names, &in_sentence, sentence_start, crossed_end)
        else {
            continue;
        };
        if is_result(
            segment,
            dose,
            name_end.filter(|end| *end <= dose.start),
            sentence_start,
            base,
            statements,
        ) {
            continue;
        }
        let regimen_start = name_start.map_or(dose.start, |start| start.min(dose.start));
        let (pre_start, _) = clause_tail(
            segment,
            regimen_start.saturating_sub(LEFT_WINDOW_BYTES).max(sentence_start),
            regimen_start,
        );
        if bytes.get(pre_start..dose.start).is_some_and(|pre| RESULT_PRE.is_match(pre)) {
            continue;
        }
        if let Some(name_index) = name_index {
            dosed_names.push(name_index);
        }
        // The stretch after the dose: up to the next dose, the next other name, a clause break.
        let next_dose = doses
            .get(index + 1..)
            .unwrap_or(&[])
            .iter()
            .find(|next| next.start > dose.start)
            .map_or(sentence_end, |next| next.start.min(sentence_end));
        let right_start = dose.end.max(name_end.unwrap_or(0));
        let mut right_end = word_end(
            segment,
            next_dose.min(right_start + RIGHT_WINDOW_BYTES).min(sentence_end),
            next_dose.min(sentence_end),
        );
        if let Some(next_name) =
            names.iter().find(|name| name.start >= right_start && *name.canonical != *canonical)
        {
            right_end = right_end.min(next_name.start);
        }
        if let Some(found) = bytes
            .get(right_start..right_end.max(right_start))
            .and_then(|window| RIGHT_STOP.find(window))
        {
            right_end = right_start + found.start();
        }
        // The stretch between the name and its first dose, shared by every dose of that name.
        let shared = match name_start {
            Some(start) if start < dose.start => {
                let name_end = name_end.unwrap_or(start);
                match first_doses.iter().find(|(first_name, ..)| *first_name == start) {
                    Some((_, shared_start, shared_end)) => (*shared_start, *shared_end),
                    None => {
                        first_doses.push((start, name_end, dose.start));
                        (name_end, dose.start)
                    }
                }
            }
            _ => (dose.start, dose.start),
        };
        // The stretch between the name (or the previous dose) and this dose.
        // What follows an earlier dose belongs to it, not to this one.
        let previous_end = doses
            .get(..index)
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|earlier| earlier.end <= dose.start)
            .map_or(0, |earlier| earlier.end);
        let inner = match (name_start, name_end) {
            (Some(start), _) if start > dose.end => (dose.end, start),
            (Some(_), Some(end)) if previous_end <= end => (end.min(dose.start), dose.start),
            _ => (dose.start, dose.start),
        };
        let left_floor =
            sentence_start.max(previous_end).max(previous_name_end(&names, regimen_start));
        let left_start = regimen_start.saturating_sub(LEFT_WINDOW_BYTES).max(left_floor);
        let left = clause_tail(segment, left_start, regimen_start);

        let windows = [inner, (right_start, right_end), shared];
        // A route adjective right before the regimen ("oral metformin (850 mg", "one intravenous
        // infusion of 1×10 MSCs/kg") outranks one after the dose, which may be the next drug's.
        let left_route = last_route(segment, left.0, left.1);
        let adjacent_left = left_route
            .clone()
            .filter(|found| regimen_start.saturating_sub(found.end) <= ADJACENT_ROUTE_BYTES);
        let route = [inner, shared]
            .iter()
            .find_map(|(start, end)| first_route(segment, *start, *end))
            .or(adjacent_left)
            .or_else(|| first_route(segment, right_start, right_end))
            .or(left_route)
            .map(|found| (Some(found.start), found.end, found.value))
            .or_else(|| name_route.map(|route| (None, 0, route.to_owned())));
        let schedule = match &dose.per_time {
            Some(per_time) => Some((None, 0, per_time.clone())),
            None => windows[..3]
                .iter()
                .find_map(|(start, end)| first_schedule(segment, *start, *end))
                .map(|found| (Some(found.start), found.end, found.value)),
        };
        let duration = windows[..3]
            .iter()
            .find_map(|(start, end)| first_duration(segment, *start, *end))
            .map(|found| (Some(found.start), found.end, found.value));

        let mut start = regimen_start;
        let mut end = dose.end.max(name_end.unwrap_or(0));
        for (piece_start, piece_end, _) in [&route, &schedule, &duration].into_iter().flatten() {
            if let Some(piece_start) = piece_start {
                start = start.min(*piece_start);
                end = end.max(*piece_end);
            }
        }
        let arm = arm_of(
            segment,
            sentence_start,
            sentence_end,
            (start, end),
            dose,
            &canonical,
            base,
            arms,
        );
        regimens.push(Regimen {
            intervention: canonical.into_owned(),
            dose: dose.dose.clone(),
            dose_high: dose.dose_high.clone(),
            unit: Some(dose.unit.clone()),
            per_kg: dose.per_kg,
            route: route.map(|(_, _, value)| value),
            schedule: schedule.map(|(_, _, value)| value),
            duration: duration.map(|(_, _, value)| value),
            arm,
            start: base + start,
            end: base + end,
        });
    }
    for (index, name) in names.iter().enumerate() {
        if dosed_names.contains(&index) {
            continue;
        }
        if let Some(regimen) =
            undosed(segment, base, name, &names, &sentences, &mut criterion, arms)
        {
            regimens.push(regimen);
        }
    }
}

/// Words after a hyphen that make the name before them a modifier, not what is given
/// ("thimerosal-free vaccine", "methotrexate-induced", "steroid-sparing").
const COMPOUND_HEADS: &[&str] = &[
    "free",
    "induced",
    "related",
    "resistant",
    "naive",
    "sparing",
    "associated",
    "exposed",
    "refractory",
    "dependent",
    "sensitive",
    "containing",
    "based",
    "like",
    "specific",
    "positive",
    "negative",
    "eluting",
    "coated",
    "loaded",
    "impregnated",
    "intolerant",
    "treated",
];

/// Tells whether the name ending at `end` modifies a hyphenated compound ("thimerosal-free").
fn modifies_compound(segment: &str, end: usize) -> bool {
    let Some(rest) = segment.get(end..) else {
        return false;
    };
    let Some(after) = rest.strip_prefix('-') else {
        return false;
    };
    let word: String = after
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    COMPOUND_HEADS.contains(&word.as_str())
}

/// Tells whether a sentence speaks of eligibility or prior treatment, testing it at most once.
fn is_criterion(
    segment: &str,
    sentences: &[(usize, usize)],
    cache: &mut [Option<bool>],
    index: usize,
) -> bool {
    if let Some(Some(known)) = cache.get(index) {
        return *known;
    }
    let answer = sentences
        .get(index)
        .and_then(|(start, end)| segment.as_bytes().get(*start..*end))
        .is_some_and(|sentence| CRITERION_SENTENCE.is_match(sentence));
    if let Some(slot) = cache.get_mut(index) {
        *slot = Some(answer);
    }
    answer
}

/// Finds the doses of a segment, in text order (one per number of a list).
fn doses(segment: &str, base: usize, abbreviations: &[Abbreviation]) -> Vec<Dose> {
    let bytes = segment.as_bytes();
    let mut found = Vec::new();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return found;
    }
    let mut at = 0;
    while let Some(candidate) = DOSE.find_at(bytes, at) {
        at = candidate.end().max(candidate.start() + 1);
        // A unit glued to letters is a word ("2 groups"); tested before the costlier captures.
        if bytes.get(candidate.end()).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        // The captures are read in the candidate's bytes only: `DOSE` looks at nothing past its
        // match, so the match there is the candidate, and the search stops at its end.
        let searched = bytes.get(..candidate.end()).unwrap_or(bytes);
        let dose = if may_hold_list(candidate.as_bytes()) { &*DOSE } else { &*DOSE_NO_LIST };
        let Some(captures) = dose.captures_at(searched, candidate.start()) else {
            continue;
        };
        let (Some(whole), Some(low), Some(unit)) =
            (captures.get(0), captures.name("low"), captures.name("unit"))
        else {
            continue;
        };
        // A number glued to what precedes it is part of something else ("CYP3A4", "1/2", "v2.5").
        let before = whole.start().checked_sub(1).and_then(|at| bytes.get(at));
        if before.is_some_and(|byte| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'/' | b'^' | b'_' | b'-')
        }) && captures.name("cmp").is_none()
        {
            continue;
        }
        if bytes.get(unit.end()).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let mut named = None;
        let written_unit = unit.as_bytes();
        let normalized = if let Some(abbreviation) = captures.name("abbr") {
            let short = String::from_utf8_lossy(abbreviation.as_bytes());
            let Some(definition) = abbreviations.iter().find(|definition| {
                definition.short == short && definition.long.to_ascii_lowercase().contains("cell")
            }) else {
                continue;
            };
            named = Some(definition.long.clone());
            "cells".to_owned()
        } else if let Some(words) = captures.name("cellwords") {
            let words = String::from_utf8_lossy(words.as_bytes()).trim().to_owned();
            if !words.is_empty() {
                named = Some(format!("{words} cells"));
            }
            "cells".to_owned()
        } else {
            normalize_unit(written_unit)
        };
        let cell_like = matches!(normalized.as_str(), "cells" | "PFU" | "CFU" | "TCID50" | "vp");
        // Powers of ten: explicit ("10^6", "10(6)"), flattened ("106", only for cell counts), or lost ("1×10 MSCs").
        let mut exponent: Option<i32> = None;
        let mut exponent_lost = false;
        if captures.name("sci").is_some() {
            let explicit = captures.name("exp1").or_else(|| captures.name("exp2"));
            let flattened = captures.name("exp3");
            match (explicit, flattened) {
                (Some(digits), _) => {
                    exponent =
                        std::str::from_utf8(digits.as_bytes()).ok().and_then(|d| d.parse().ok())
                }
                (None, Some(digits)) if cell_like => {
                    exponent =
                        std::str::from_utf8(digits.as_bytes()).ok().and_then(|d| d.parse().ok())
                }
                (None, None) if cell_like => exponent_lost = true,
                // "2 x 10 mg" (two doses of ten) or "2 x 100 mg": not read.
                _ => continue,
            }
            if captures.name("high").is_some() || captures.name("list").is_some() {
                continue;
            }
        }
        let gray = matches!(normalized.as_str(), "Gy" | "cGy");
        let tail_start = unit.end();
        let tail = bytes.get(tail_start..).unwrap_or(&[]);
        let (area, per_kg, per_time, tail_end) = match UNIT_TAIL.captures(tail) {
            Some(tail_captures) => (
                tail_captures.name("area").is_some(),
                tail_captures.name("kg").is_some(),
                tail_captures
                    .name("time")
                    .map(|time| String::from_utf8_lossy(time.as_bytes()).trim().to_owned()),
                tail_start + tail_captures.get(0).map_or(0, |all| all.end()),
            ),
            None => (false, false, None, tail_start),
        };
        if OTHER_DENOMINATOR.is_match(bytes.get(tail_end..).unwrap_or(&[])) {
            continue;
        }
        let per_minute = per_time.as_deref().is_some_and(|time| time.contains("min"));
        if per_minute && !per_kg {
            continue;
        }
        let unit_name = if area { format!("{normalized}/m2") } else { normalized };
        let comparator = captures
            .name("cmp")
            .map(|cmp| String::from_utf8_lossy(cmp.as_bytes()).to_ascii_lowercase());
        let upper_only = comparator
            .as_deref()
            .is_some_and(|cmp| cmp.starts_with("up") || cmp.starts_with("max"));
        if comparator.is_some() && !upper_only {
            continue;
        }
        let respectively = RESPECTIVELY.is_match(bytes.get(tail_end..).unwrap_or(&[]));
        let scale = exponent.map_or(1.0, |power| 10f64.powi(power));
        if !scale.is_finite() {
            continue;
        }
        // Cells are counted in powers of ten; "indium 111 radio labelled cells" names an isotope.
        let counted = captures.name("sci").is_some()
            || parse_dose(segment, low.start(), low.end(), base)
                .is_some_and(|number| number.value >= MIN_CELL_COUNT);
        if unit_name == "cells" && !counted {
            continue;
        }
        let low_number = parse_dose(segment, low.start(), low.end(), base)
            .map(|mut number| {
                if exponent.is_some() {
                    number.value *= scale;
                    if let Some(sci) = captures.name("sci") {
                        number.text = segment.get(low.start()..sci.end()).unwrap_or("").to_owned();
                        number.end = base + sci.end();
                    }
                }
                number
            })
            .filter(|number| number.value.is_finite());
        let high_number = captures
            .name("high")
            .and_then(|high| parse_dose(segment, high.start(), high.end(), base));
        let common = Dose {
            start: whole.start(),
            number_start: low.start(),
            end: tail_end,
            dose: None,
            dose_high: None,
            unit: unit_name,
            per_kg,
            per_time,
            named,
            gray,
            respectively: None,
        };
        let first_of_list = found.len();
        if let Some(list) = captures.name("list") {
            let list_text = segment.get(list.start()..list.end()).unwrap_or("");
            for (offset, _) in
                list_text.match_indices(|c: char| c.is_ascii_digit()).filter(|(offset, _)| {
                    *offset == 0
                        || !list_text
                            .as_bytes()
                            .get(offset - 1)
                            .is_some_and(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
                })
            {
                let number_start = list.start() + offset;
                let number_end = number_start
                    + list_text[offset..]
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .unwrap_or(list_text.len() - offset);
                let number_end = if segment.as_bytes().get(number_end - 1) == Some(&b'.') {
                    number_end - 1
                } else {
                    number_end
                };
                if let Some(number) = parse_dose(segment, number_start, number_end, base) {
                    let (dose, dose_high) =
                        if upper_only { (None, Some(number)) } else { (Some(number), None) };
                    found.push(Dose { number_start, dose, dose_high, ..common.clone() });
                }
            }
        }
        let (dose, dose_high) = if upper_only {
            (None, high_number.or(low_number))
        } else if exponent_lost {
            (None, None)
        } else {
            (low_number, high_number)
        };
        let (dose, dose_high) = match (dose, dose_high) {
            (Some(low), Some(high)) if low.value > high.value => (Some(high), Some(low)),
            pair => pair,
        };
        if common.unit == "mL" {
            let before = segment.get(..whole.start()).unwrap_or("");
            let before = before
                .get(crate::text::floor_boundary(before, before.len().saturating_sub(30))..)
                .unwrap_or("");
            let vehicle = VEHICLE_BEFORE.is_match(before.as_bytes())
                || VEHICLE_AFTER.is_match(bytes.get(tail_end..).unwrap_or(&[]));
            if vehicle {
                continue;
            }
        }
        found.push(Dose { dose, dose_high, ..common });
        let members = found.len() - first_of_list;
        if respectively && members > 1 {
            for (position, member) in found.iter_mut().skip(first_of_list).enumerate() {
                member.respectively = Some((position, members));
            }
        }
    }
    merge_unit_ranges(segment, found)
}

/// Joins "5 mg to 20 mg/day" into one dose with an upper dose: two doses of one unit with only "to" or a dash between.
fn merge_unit_ranges(segment: &str, doses: Vec<Dose>) -> Vec<Dose> {
    let mut merged: Vec<Dose> = Vec::with_capacity(doses.len());
    for dose in doses {
        if let Some(last) = merged.last_mut()
            && last.unit == dose.unit
            && last.dose_high.is_none()
            && dose.dose_high.is_none()
            && last.per_time.is_none()
            && (!last.per_kg || dose.per_kg)
            && segment
                .get(last.end..dose.start)
                .is_some_and(|gap| matches!(gap.trim(), "to" | "-" | "–" | "−"))
        {
            last.dose_high = dose.dose;
            last.end = dose.end;
            last.per_kg = dose.per_kg;
            last.per_time = dose.per_time;
            continue;
        }
        merged.push(dose);
    }
    merged
}

/// Parses a dose number with full-text offsets, thousands commas allowed (a value too large to be finite is none).
fn parse_dose(segment: &str, start: usize, end: usize, base: usize) -> Option<Number> {
    let written = segment.get(start..end)?;
    if !written.contains(',') {
        return number::parse(segment, start, end, base).filter(|number| number.value.is_finite());
    }
    let plain: String = written.chars().filter(|c| *c != ',').collect();
    let value: f64 =
        plain.replace('·', ".").parse().ok().filter(|value: &f64| value.is_finite())?;
    let decimals = plain.split_once(['.', '·']).map_or(0, |(_, after)| after.len());
    Some(Number {
        value,
        decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        text: written.to_owned(),
        start: base + start,
        end: base + end,
    })
}

/// Normalizes a unit as written.
fn normalize_unit(written: &[u8]) -> String {
    let lower = String::from_utf8_lossy(written).to_ascii_lowercase();
    let unit = match lower.as_str() {
        "mg" | "milligram" | "milligrams" => "mg",
        "g" | "gm" | "gram" | "grams" => "g",
        "mcg" | "microg" | "µg" | "μg" | "ug" | "?g" | "microgram" | "micrograms" => "µg",
        "ng" | "nanogram" | "nanograms" => "ng",
        "iu" | "i.u." => "IU",
        "miu" if written.first() == Some(&b'M') => "MIU",
        "miu" => "mIU",
        "mu" => "MIU",
        "u" | "unit" | "units" => "U",
        "ml" | "cc" | "milliliter" | "milliliters" | "millilitre" | "millilitres" => "mL",
        "µl" | "μl" | "ul" => "µL",
        "mmol" => "mmol",
        "meq" => "mEq",
        "µmol" | "μmol" => "µmol",
        "gy" => "Gy",
        "cgy" => "cGy",
        "pfu" => "PFU",
        "cfu" => "CFU",
        "tcid50" => "TCID50",
        "vp" => "vp",
        "puff" | "puffs" => "puffs",
        "tablet" | "tablets" => "tablets",
        "capsule" | "capsules" => "capsules",
        "drop" | "drops" => "drops",
        "sachet" | "sachets" => "sachets",
        other if other.starts_with("international") => "IU",
        other if other.starts_with("million") => "MIU",
        _ => return String::from_utf8_lossy(written).into_owned(),
    };
    unit.to_owned()
}

/// Names radiotherapy as written, lowercase ("radiation therapy" and "irradiation" as `radiotherapy`).
fn radiation_name(written: &[u8]) -> String {
    let lower = String::from_utf8_lossy(written).to_ascii_lowercase();
    match lower.as_str() {
        "radiation" | "radiation therapy" | "irradiation" => "radiotherapy".to_owned(),
        _ => lower,
    }
}

/// Returns the route a name itself says ("intravenous immunoglobulin", "IVIG").
fn route_in_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.contains("intravenous") || lower.starts_with("ivi") {
        return Some("intravenous");
    }
    if lower.contains("subcutaneous") {
        return Some("subcutaneous");
    }
    if lower.starts_with("oral ") {
        return Some("oral");
    }
    if lower.starts_with("inhaled ") {
        return Some("inhaled");
    }
    None
}

/// The name a dose attaches to: its index among the segment's names (none for cells the unit
/// names), span, canonical name and the route the name says.
type Attached<'a> =
    (Option<usize>, Option<usize>, Option<usize>, Cow<'a, str>, Option<&'static str>);

/// Attaches a dose to a name of its sentence (see the module doc for the order).
fn attach<'a>(
    segment: &str,
    dose: &'a Dose,
    names: &[Name<'a>],
    in_sentence: &[usize],
    sentence_start: usize,
    crossed_end: Option<usize>,
) -> Option<Attached<'a>> {
    if let Some(named) = &dose.named {
        return Some((None, None, None, Cow::Borrowed(named.as_str()), None));
    }
    let candidates: Vec<usize> = in_sentence
        .iter()
        .copied()
        .filter(|index| names.get(*index).is_some_and(|name| name.radiation == dose.gray))
        .collect();
    let result = |index: usize| {
        names.get(index).map(|name| {
            (Some(index), Some(name.start), Some(name.end), name.canonical.clone(), name.route)
        })
    };
    if let Some((position, members)) = dose.respectively {
        // The names before the list, one per dose, each a different drug; otherwise no guess.
        let mut before: Vec<usize> = Vec::new();
        for index in candidates.iter().rev().copied() {
            let Some(name) = names.get(index) else {
                continue;
            };
            if name.end > dose.start {
                continue;
            }
            let repeated = before
                .iter()
                .any(|kept| names.get(*kept).is_some_and(|kept| kept.canonical == name.canonical));
            if !repeated {
                before.push(index);
            }
            if before.len() == members {
                break;
            }
        }
        if before.len() < members {
            return None;
        }
        before.reverse();
        return before.get(position).copied().and_then(result);
    }
    let after = candidates
        .iter()
        .copied()
        .find(|index| names.get(*index).is_some_and(|name| name.start >= dose.end));
    let before = candidates
        .iter()
        .copied()
        .rev()
        .find(|index| names.get(*index).is_some_and(|name| name.end <= dose.start));
    let gap_after =
        after.and_then(|index| names.get(index)).and_then(|name| segment.get(dose.end..name.start));
    let gap_before = before
        .and_then(|index| names.get(index))
        .and_then(|name| segment.get(name.end..dose.start));
    if let (Some(index), Some(gap)) = (after, gap_after) {
        let trimmed = gap.trim_start().to_ascii_lowercase();
        if (trimmed.starts_with("of ") || trimmed == "of") && only_dose_words(gap) {
            return result(index);
        }
    }
    let after_plain =
        gap_after.is_some_and(|gap| !gap.contains([',', ';']) && only_dose_words(gap));
    if let (Some(index), Some(gap)) = (before, gap_before)
        && only_dose_words(gap)
        && !(gap.contains(',') && after_plain)
    {
        return result(index);
    }
    if let (Some(index), Some(gap)) = (after, gap_after)
        && !gap.contains([',', ';'])
        && only_dose_words(gap)
    {
        return result(index);
    }
    if dose.gray {
        // Radiotherapy is often named after its dose ("60 Gy of thoracic radiotherapy") or far before.
        let nearest = [before, after].into_iter().flatten().min_by_key(|index| {
            names.get(*index).map_or(usize::MAX, |name| {
                if name.end <= dose.start { dose.start - name.end } else { name.start - dose.end }
            })
        });
        return nearest.and_then(result);
    }
    let index = before?;
    let name = names.get(index)?;
    let gap = segment.get(name.end..dose.start)?;
    // Across an earlier dose, only a short stretch without a verb of its own ("and two subsequent maintenance doses (").
    let crossed = crossed_end.filter(|end| *end > name.end && *end <= dose.start);
    let after_crossed = crossed.and_then(|end| segment.get(end..dose.start)).unwrap_or("");
    let blocked = gap.len() > NEAREST_NAME_BYTES
        || name.end < sentence_start
        || RESULT_BEFORE.is_match(gap.as_bytes())
        || CLAUSE_BREAK.is_match(gap.as_bytes())
        || ANOTHER_DRUG.is_match(gap.as_bytes())
        || !last_word_joins(gap, crossed.is_some())
        || (crossed.is_some() && after_crossed.len() > CROSSED_DOSE_GAP_BYTES);
    if blocked {
        return None;
    }
    result(index)
}

/// Tells whether the word right before a dose lets it belong to a name further back: a dose
/// word ("a loading dose (2 g/kg"), "and", "or", "then", "to", or none. Any other word is
/// likely the name of what the dose is of ("citrovorum factor 100 mg", "5-FU 10 mg/kg").
fn last_word_joins(gap: &str, crossed_a_dose: bool) -> bool {
    // Numbers of a list before the dose ("bilastine 2.5, 5, 10, 20, 50 and 220 mg") and a count ("n = 12") are skipped.
    let last = words(gap).rfind(|word| {
        word.bytes().any(|byte| byte.is_ascii_alphabetic()) && !word.eq_ignore_ascii_case("n")
    });
    let Some(last) = last else {
        return true;
    };
    let last = last.trim_start_matches('-');
    let lower = last.to_ascii_lowercase();
    // A formulation suffix in capitals ("XR", "HCL", "HYP", "diclofenac-K"), not a code with
    // digits ("5-FU"), and not after another dose ("aspirin (600 mg/d) and/or RS (30 g/d)").
    let suffix =
        !crossed_a_dose && last.len() <= 4 && last.bytes().all(|byte| byte.is_ascii_uppercase());
    // The unit of an earlier dose of a list ("lorazepam 0.5 mg, 1 mg and 2 mg", "1 mg/kg bw/day, 0.75 mg/kg").
    let unit = lower.contains('/') || UNIT_WORDS.contains(&lower.as_str());
    // A salt: "ibuprofen arginate 200 mg", "ulipristal acetate".
    let salt = lower.len() >= 7 && lower.ends_with("ate");
    suffix
        || unit
        || salt
        || DOSE_WORDS.contains(&lower.as_str())
        || FORM_WORDS.contains(&lower.as_str())
        || matches!(
            lower.as_str(),
            "and"
                | "or"
                | "then"
                | "to"
                | "by"
                | "from"
                | "when"
                | "up"
                | "with"
                | "received"
                | "receive"
                | "receiving"
                | "taking"
                | "took"
                | "taken"
                | "using"
                | "used"
                | "titrated"
                | "prescribed"
                | "delivered"
                | "injected"
                | "infused"
                | "applied"
                | "initially"
                | "alone"
                | "therapy"
                | "treatment"
                | "group"
                | "groups"
                | "arm"
                | "between"
                | "administration"
                | "flexibly"
                | "fixed"
                | "escalating"
        )
}

/// Splits a stretch of text into words, brackets and punctuation dropped ("(NTX) 25" gives "NTX").
fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | ':' | ';' | '=' | '@' | '?')
    })
    .filter(|word| !word.is_empty())
}

/// Tells whether the words between a name and a dose are all dose words, with at most one bracketed aside.
fn only_dose_words(gap: &str) -> bool {
    let mut text = gap.to_owned();
    if let (Some(open), Some(close)) = (text.find('('), text.find(')'))
        && open < close
        && close - open <= 40
    {
        text.replace_range(open..=close, " ");
    }
    // Strengths and concentrations ("0.25%", "1:80,000") may stand between a name and its dose.
    words(&text).filter(|word| word.bytes().any(|byte| byte.is_ascii_alphabetic())).all(|word| {
        let lower = word.to_ascii_lowercase();
        DOSE_WORDS.contains(&lower.as_str()) || FORM_WORDS.contains(&lower.as_str())
    }) && gap.len() <= 60
}

/// Tells whether a dose is a result, a measurement or a bound rather than a dose given.
fn is_result(
    segment: &str,
    dose: &Dose,
    name_end: Option<usize>,
    sentence_start: usize,
    base: usize,
    statements: &[Statement],
) -> bool {
    let bytes = segment.as_bytes();
    let full_start = base + dose.number_start;
    if statements
        .iter()
        .any(|statement| statement.start <= full_start && full_start < statement.end)
    {
        return true;
    }
    if RESULT_AFTER.is_match(bytes.get(dose.end..).unwrap_or(&[])) {
        return true;
    }
    let context_start =
        name_end.unwrap_or_else(|| dose.start.saturating_sub(30)).max(sentence_start);
    let context_start = crate::text::floor_boundary(segment, context_start);
    let context = bytes.get(context_start..dose.start).unwrap_or(&[]);
    RESULT_BEFORE.is_match(context)
}

/// Returns the part of `start..end` after its last clause break (",", ";", ":", " or ").
fn clause_tail(segment: &str, start: usize, end: usize) -> (usize, usize) {
    let start = crate::text::floor_boundary(segment, start);
    let Some(window) = segment.get(start..end) else {
        return (end, end);
    };
    let mut cut = window.rfind([';', ',', ':', ')']).map_or(0, |at| at + 1);
    for word in [" or ", " and ", " with ", " plus ", " versus "] {
        if let Some(at) = window.get(cut..).and_then(|rest| rest.rfind(word)) {
            cut += at + word.len() - 1;
        }
    }
    (start + cut, end)
}

/// Finds the first route in `start..end` of a segment.
fn first_route(segment: &str, start: usize, end: usize) -> Option<Found> {
    let window = segment.as_bytes().get(start..end)?;
    for captures in number::captures(&ROUTE, window) {
        let whole = captures.get(0)?;
        let Some(route) = ROUTES.iter().find(|route| captures.name(route).is_some()).copied()
        else {
            continue;
        };
        if route == "oral" {
            let rest = segment.get(start + whole.end()..).unwrap_or("");
            let next = rest.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
            if NOT_ORAL_ROUTE.contains(&next.trim_matches(|c: char| !c.is_ascii_alphanumeric())) {
                continue;
            }
        }
        return Some(Found {
            start: start + whole.start(),
            end: start + whole.end(),
            value: route.to_owned(),
        });
    }
    None
}

/// Finds the last route in `start..end` of a segment: the one nearest a name that follows.
fn last_route(segment: &str, start: usize, end: usize) -> Option<Found> {
    let mut last = None;
    let mut from = start;
    while let Some(found) = first_route(segment, from, end) {
        from = found.end;
        last = Some(found);
    }
    last
}

/// Returns the end of the last name that ends at or before `position` (0 when none).
fn previous_name_end(names: &[Name], position: usize) -> usize {
    names.iter().filter(|name| name.end <= position).map(|name| name.end).max().unwrap_or(0)
}

/// Moves a window's end forward to the end of the word it cuts ("days 0, 7, and 1|4").
fn word_end(segment: &str, end: usize, limit: usize) -> usize {
    let bytes = segment.as_bytes();
    let mut end = end;
    while end < limit
        && end > 0
        && bytes.get(end).is_some_and(u8::is_ascii_alphanumeric)
        && bytes.get(end - 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        end += 1;
    }
    end
}

/// Finds the first schedule phrase in `start..end` of a segment.
fn first_schedule(segment: &str, start: usize, end: usize) -> Option<Found> {
    let window = segment.as_bytes().get(start..end)?;
    let found = SCHEDULE.find(window)?;
    let written = found.as_bytes();
    let lead = SCHEDULE_LEAD.find(written).map_or(0, |lead| lead.end());
    let value = String::from_utf8_lossy(written.get(lead..).unwrap_or(written)).trim().to_owned();
    Some(Found { start: start + found.start() + lead, end: start + found.end(), value })
}

/// Finds the first duration in `start..end` of a segment (infusion times left out).
fn first_duration(segment: &str, start: usize, end: usize) -> Option<Found> {
    let window = segment.as_bytes().get(start..end)?;
    for captures in number::captures(&DURATION, window) {
        let value = captures.name("d").or_else(|| captures.name("adj"))?;
        let over_hours =
            captures.name("prep").is_some_and(|prep| prep.as_bytes().eq_ignore_ascii_case(b"over"))
                && captures.name("unit").is_some_and(|unit| {
                    unit.as_bytes().first().is_some_and(|b| b.eq_ignore_ascii_case(&b'h'))
                });
        if over_hours {
            continue;
        }
        return Some(Found {
            start: start + value.start(),
            end: start + value.end(),
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
        });
    }
    None
}

/// Reads a regimen without a dose: a name followed by a route adverb, a schedule or a duration.
fn undosed(
    segment: &str,
    base: usize,
    name: &Name,
    names: &[Name],
    sentences: &[(usize, usize)],
    criterion: &mut [Option<bool>],
    arms: &[Arm],
) -> Option<Regimen> {
    if name.radiation {
        return None;
    }
    let sentence_index =
        sentences.iter().position(|(start, end)| *start <= name.start && name.start < *end)?;
    let &(sentence_start, sentence_end) = sentences.get(sentence_index)?;
    let bytes = segment.as_bytes();
    let mut right_end = (name.end + RIGHT_WINDOW_BYTES).min(sentence_end);
    if let Some(next) =
        names.iter().find(|other| other.start >= name.end && other.canonical != name.canonical)
    {
        right_end = right_end.min(next.start);
    }
    let window = bytes.get(name.end..right_end.max(name.end))?;
    if let Some(found) = RIGHT_STOP.find(window) {
        right_end = name.end + found.start();
    }
    let window = bytes.get(name.end..right_end.max(name.end))?;
    let lead = GIVEN.find(window).map_or(0, |found| found.end());
    let anchor_at = name.end + lead;
    // Most names are followed by no anchor: a short probe decides before the whole stretch is read.
    let probe_end =
        crate::text::floor_boundary(segment, (anchor_at + ANCHOR_PROBE_BYTES).min(right_end));
    let may_anchor = first_route(segment, anchor_at, probe_end)
        .is_some_and(|found| found.start == anchor_at)
        || first_schedule(segment, anchor_at, probe_end)
            .is_some_and(|found| starts_at(segment, anchor_at, found.start))
        || first_duration(segment, anchor_at, probe_end)
            .is_some_and(|found| starts_at(segment, anchor_at, found.start));
    if !may_anchor {
        return None;
    }
    let route = first_route(segment, anchor_at, right_end)
        .filter(|found| found.start == anchor_at && is_adverb(&segment[found.start..found.end]));
    let schedule = first_schedule(segment, anchor_at, right_end);
    let duration = first_duration(segment, anchor_at, right_end);
    // A single day ("with pantoprazole on day 1") is as often a time point as a schedule.
    let schedule = schedule.filter(|found| !SINGLE_DAY.is_match(found.value.as_bytes()));
    let anchored = route.is_some()
        || schedule.as_ref().is_some_and(|found| starts_at(segment, anchor_at, found.start))
        || duration.as_ref().is_some_and(|found| starts_at(segment, anchor_at, found.start));
    if !anchored || is_criterion(segment, sentences, criterion, sentence_index) {
        return None;
    }
    let route = route.or_else(|| first_route(segment, anchor_at, right_end)).or_else(|| {
        let floor = sentence_start.max(previous_name_end(names, name.start));
        let (left_start, left_end) = clause_tail(
            segment,
            name.start.saturating_sub(LEFT_WINDOW_BYTES).max(floor),
            name.start,
        );
        last_route(segment, left_start, left_end)
    });
    let mut start = name.start;
    let mut end = name.end;
    for found in [&route, &schedule, &duration].into_iter().flatten() {
        start = start.min(found.start);
        end = end.max(found.end);
    }
    let no_dose = Dose {
        start: name.start,
        number_start: name.start,
        end: name.end,
        dose: None,
        dose_high: None,
        unit: String::new(),
        per_kg: false,
        per_time: None,
        named: None,
        gray: false,
        respectively: None,
    };
    let arm = arm_of(
        segment,
        sentence_start,
        sentence_end,
        (start, end),
        &no_dose,
        &name.canonical,
        base,
        arms,
    );
    Some(Regimen {
        intervention: name.canonical.clone().into_owned(),
        route: route.map(|found| found.value).or_else(|| name.route.map(str::to_owned)),
        schedule: schedule.map(|found| found.value),
        duration: duration.map(|found| found.value),
        arm,
        start: base + start,
        end: base + end,
        ..Regimen::default()
    })
}

/// Tells whether a route as written is an adverb or phrase that can follow a name ("orally", "i.v."), not an adjective ("oral").
fn is_adverb(written: &str) -> bool {
    let lower = written.to_ascii_lowercase();
    lower.ends_with("ly")
        || lower.contains('.')
        || lower.starts_with("by ")
        || lower.starts_with("per ")
        || written.bytes().all(|b| b.is_ascii_uppercase())
}

/// Tells whether a phrase found at `found` starts the stretch at `anchor` (only "and" or a comma between).
fn starts_at(segment: &str, anchor: usize, found: usize) -> bool {
    segment.get(anchor..found).is_some_and(|gap| gap.trim().is_empty() || gap.trim() == ",")
}

/// Finds the arm a regimen was given in (see the module doc).
#[allow(clippy::too_many_arguments)]
fn arm_of(
    segment: &str,
    sentence_start: usize,
    sentence_end: usize,
    span: (usize, usize),
    dose: &Dose,
    canonical: &str,
    base: usize,
    arms: &[Arm],
) -> Option<usize> {
    if arms.is_empty() {
        return None;
    }
    let (start, end) = span;
    let holding: Vec<usize> = arms
        .iter()
        .enumerate()
        .filter(|(_, arm)| {
            arm.size.is_some() && arm.start <= base + dose.start && base + dose.end <= arm.end
        })
        .map(|(index, _)| index)
        .collect();
    if let [only] = holding.as_slice() {
        return Some(*only);
    }
    let sentence = segment.get(sentence_start..sentence_end).unwrap_or("");
    // What every participant receives belongs to no arm ("All patients received amiodarone").
    if EVERY_ARM.is_match(sentence.as_bytes()) {
        return None;
    }
    let mentions = crate::ties::mentions(sentence, arms);
    let named: Vec<(usize, usize, usize)> = mentions
        .iter()
        .filter_map(|mention| {
            let written = sentence.get(mention.start..mention.end).unwrap_or("");
            let index = arm_written(written, arms)
                .or_else(|| arms.iter().position(|arm| arm.name == mention.name))?;
            Some((index, sentence_start + mention.start, sentence_start + mention.end))
        })
        .collect();
    // The nearest group named before the regimen in its clause, or right after it.
    let before = named
        .iter()
        .filter(|(_, _, mention_end)| *mention_end <= start)
        .filter(|(_, _, mention_end)| {
            segment.get(*mention_end..start).is_some_and(|gap| {
                gap.len() <= 80
                    && !gap.contains([';', '.'])
                    && !CLAUSE_BREAK.is_match(gap.as_bytes())
            })
        })
        .max_by_key(|(_, _, mention_end)| *mention_end);
    // "... 10 mg in the belimumab group": only "in/for/to the" between the regimen and the arm's name.
    let after = named.iter().find(|(index, mention_start, mention_end)| {
        *mention_start >= end
            && segment.get(end..*mention_end).is_some_and(|between| {
                let lower = between.trim().to_ascii_lowercase();
                let lower = lower.trim_start_matches(',').trim_start();
                let lower = ["in the ", "for the ", "to the ", "in ", "for "]
                    .iter()
                    .find_map(|lead| lower.strip_prefix(lead))
                    .unwrap_or(lower);
                arms.get(*index).is_some_and(|arm| {
                    let name = arm.name.to_ascii_lowercase();
                    lower == name
                        || ["group", "arm", "cohort"]
                            .iter()
                            .any(|word| lower == format!("{name} {word}"))
                })
            })
    });
    if let Some((index, ..)) = after.or(before) {
        return Some(*index);
    }
    let mut distinct: Vec<usize> = named.iter().map(|(index, ..)| *index).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if let [only] = distinct.as_slice() {
        return Some(*only);
    }
    // Drugs read from one allocation sentence are often the parts of one combination or of every
    // arm ("cloxacillin or carbenicillin plus gentamicin"), not arms. A tie by drug needs an arm
    // with its count, or at most three arms one of which is a control (placebo, usual care).
    let lower = canonical.to_ascii_lowercase();
    let controlled = arms.len() <= MOST_ARMS_TIED_BY_DRUG
        && arms.iter().any(|arm| arm.interventions.is_empty() && arm.size.is_none());
    let giving: Vec<usize> = arms
        .iter()
        .enumerate()
        .filter(|(_, arm)| controlled || arm.size.is_some())
        .filter(|(_, arm)| {
            arm.interventions.iter().any(|given| given.eq_ignore_ascii_case(&lower))
                || arm.name.eq_ignore_ascii_case(&lower)
        })
        .map(|(index, _)| index)
        .collect();
    match giving.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Returns the arm a group mention's words end with, the longest name first: "in the epidural
/// group" is the arm "epidural group", not "combined spinal-epidural group"; "the belimumab
/// group" is the arm "belimumab".
fn arm_written(written: &str, arms: &[Arm]) -> Option<usize> {
    let lower = written.to_ascii_lowercase();
    let ends_with_name = |name: &str| {
        lower.strip_suffix(name).is_some_and(|before| {
            before.is_empty() || before.ends_with(|c: char| c.is_whitespace() || c == '(')
        })
    };
    arms.iter()
        .enumerate()
        .filter(|(_, arm)| {
            let name = arm.name.to_ascii_lowercase();
            !name.is_empty()
                && (ends_with_name(&name)
                    || ["group", "arm", "cohort"]
                        .iter()
                        .any(|word| ends_with_name(&format!("{name} {word}"))))
        })
        .max_by_key(|(_, arm)| arm.name.len())
        .map(|(index, _)| index)
}

/// Drops regimens that repeat an earlier one without adding a field, and dose-less ones another regimen of their intervention covers.
fn deduplicate(regimens: Vec<Regimen>) -> Vec<Regimen> {
    let mut kept: Vec<Regimen> = Vec::with_capacity(regimens.len());
    for regimen in &regimens {
        let repeats = kept.iter().any(|earlier| covers(earlier, regimen));
        let covered_later = regimen.dose.is_none()
            && regimen.dose_high.is_none()
            && regimen.unit.is_none()
            && regimens.iter().any(|other| {
                !std::ptr::eq(other, regimen) && other.unit.is_some() && covers(other, regimen)
            });
        if !repeats && !covered_later {
            kept.push(regimen.clone());
        }
    }
    kept
}

/// Tells whether `earlier` says everything `later` says: same intervention and dose, and every field of `later` absent or equal.
fn covers(earlier: &Regimen, later: &Regimen) -> bool {
    let same_value = |a: &Option<Number>, b: &Option<Number>| match (a, b) {
        (Some(a), Some(b)) => a.value == b.value,
        (None, None) => true,
        _ => false,
    };
    let dose_less = later.unit.is_none();
    let dose_matches = dose_less
        || (same_value(&earlier.dose, &later.dose)
            && same_value(&earlier.dose_high, &later.dose_high)
            && earlier.unit == later.unit
            && earlier.per_kg == later.per_kg);
    let field = |a: &Option<String>, b: &Option<String>| b.is_none() || a == b;
    earlier.intervention == later.intervention
        && dose_matches
        && field(&earlier.route, &later.route)
        && field(&earlier.schedule, &later.schedule)
        && field(&earlier.duration, &later.duration)
        && (later.arm.is_none() || earlier.arm == later.arm)
}

#[cfg(test)]
mod tests {
    use trialsift_domain::{Segment, SegmentKind, Study};

    use super::*;

    /// Extracts a text read as one English body segment.
    fn study(text: &str) -> Study {
        let segments = [Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Body,
            start: 0,
            end: text.len(),
            pair: None,
        }];
        crate::extract(text, &segments).study
    }

    /// The regimens of a text read as one English body segment.
    fn regimens(text: &str) -> Vec<Regimen> {
        study(text).regimens
    }

    /// The only regimen of a text.
    fn only(text: &str) -> Regimen {
        let found = regimens(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:#?}");
        found.into_iter().next().unwrap_or_default()
    }

    /// A regimen's dose, upper dose and unit as `(dose, dose_high, unit)`.
    fn dose_of(regimen: &Regimen) -> (Option<f64>, Option<f64>, Option<&str>) {
        (
            regimen.dose.as_ref().map(|number| number.value),
            regimen.dose_high.as_ref().map(|number| number.value),
            regimen.unit.as_deref(),
        )
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&DOSE);
        LazyLock::force(&DOSE_NO_LIST);
        LazyLock::force(&UNIT_TAIL);
        LazyLock::force(&OTHER_DENOMINATOR);
        LazyLock::force(&RESPECTIVELY);
        LazyLock::force(&EXTRA_NAMES);
        LazyLock::force(&ROUTE);
        LazyLock::force(&SCHEDULE);
        LazyLock::force(&SCHEDULE_LEAD);
        LazyLock::force(&DURATION);
        LazyLock::force(&RESULT_BEFORE);
        LazyLock::force(&RESULT_AFTER);
        LazyLock::force(&CRITERION_SENTENCE);
        LazyLock::force(&CLAUSE_BREAK);
        LazyLock::force(&RIGHT_STOP);
        LazyLock::force(&ANOTHER_DRUG);
        LazyLock::force(&RESULT_PRE);
        LazyLock::force(&VEHICLE_BEFORE);
        LazyLock::force(&VEHICLE_AFTER);
        LazyLock::force(&GIVEN);
        LazyLock::force(&SINGLE_DAY);
        LazyLock::force(&EVERY_ARM);
    }

    #[test]
    fn no_control_character_in_the_source() {
        // A word boundary written "\b" in a non-raw string is a backspace: the pattern compiles
        // and silently never matches.
        let source = include_str!("regimens.rs");
        assert!(!source.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn the_whole_regimen_with_its_span() {
        let text =
            "Patients received belimumab at 10 mg/kg intravenously every 4 weeks for 52 weeks.";
        let regimen = only(text);
        assert_eq!(regimen.intervention, "belimumab");
        assert_eq!(dose_of(&regimen), (Some(10.0), None, Some("mg")));
        assert!(regimen.per_kg);
        assert_eq!(regimen.route.as_deref(), Some("intravenous"));
        assert_eq!(regimen.schedule.as_deref(), Some("every 4 weeks"));
        assert_eq!(regimen.duration.as_deref(), Some("52 weeks"));
        assert_eq!(
            &text[regimen.start..regimen.end],
            "belimumab at 10 mg/kg intravenously every 4 weeks for 52 weeks"
        );
        let dose_span = regimen.dose.as_ref().map(|dose| &text[dose.start..dose.end]);
        assert_eq!(dose_span, Some("10"));
    }

    #[test]
    fn ranges_per_kg_and_per_time() {
        let regimen = only("Patients took mycophenolate mofetil 1-2 g/day.");
        assert_eq!(dose_of(&regimen), (Some(1.0), Some(2.0), Some("g")));
        assert_eq!(regimen.schedule.as_deref(), Some("/day"));
        assert!(!regimen.per_kg);

        let regimen = only("Children received prednisone 0.5 mg/kg/day for 6 months.");
        assert_eq!(dose_of(&regimen), (Some(0.5), None, Some("mg")));
        assert!(regimen.per_kg);
        assert_eq!(regimen.schedule.as_deref(), Some("/day"));
        assert_eq!(regimen.duration.as_deref(), Some("6 months"));

        let regimen = only("Olanzapine (5 mg to 20 mg/day) was given.");
        assert_eq!(dose_of(&regimen), (Some(5.0), Some(20.0), Some("mg")));

        let regimen = only("The dose of risperidone was titrated up to 3 mg/day.");
        assert_eq!(dose_of(&regimen), (None, Some(3.0), Some("mg")));
    }

    #[test]
    fn schedules_as_written() {
        let cases = [
            ("Metformin 500 mg twice daily was given.", "twice daily"),
            ("Adalimumab 40 mg subcutaneously every other week was given.", "every other week"),
            ("Patients took aspirin 100 mg once daily.", "once daily"),
            ("Patients took amoxicillin 500 mg b.i.d. for 7 days.", "b.i.d."),
            ("Patients received adalimumab 40 mg q2w.", "q2w"),
            ("Patients received methotrexate 15 mg weekly.", "weekly"),
            ("Patients received erythropoietin 50 IU/kg three times a week.", "three times a week"),
            (
                "Patients received hepatitis B vaccine 20 micrograms on days 0, 14 and 28.",
                "on days 0, 14 and 28",
            ),
            ("Patients received cytarabine 1.5 g/m2 on days 1-5.", "on days 1-5"),
        ];
        for (text, schedule) in cases {
            let regimen = only(text);
            assert_eq!(regimen.schedule.as_deref(), Some(schedule), "{text}");
        }
        assert_eq!(
            only("Patients received cytarabine 1.5 g/m2 on days 1-5.").unit.as_deref(),
            Some("g/m2")
        );
    }

    #[test]
    fn routes_normalized() {
        let cases = [
            ("ondansetron 4 mg intravenously", "intravenous"),
            ("ondansetron 4 mg i.v.", "intravenous"),
            ("ondansetron 4 mg IV", "intravenous"),
            ("ondansetron 4 mg orally", "oral"),
            ("ondansetron 4 mg p.o.", "oral"),
            ("ondansetron 4 mg subcutaneously", "subcutaneous"),
            ("ondansetron 4 mg s.c.", "subcutaneous"),
            ("ondansetron 4 mg SC", "subcutaneous"),
            ("ondansetron 4 mg by intramuscular injection", "intramuscular"),
            ("hydrocortisone 10 mg topical", "topical"),
            ("inhaled budesonide 400 micrograms", "inhaled"),
            ("intranasal fentanyl 50 micrograms", "intranasal"),
            ("intrathecal morphine 100 micrograms", "intrathecal"),
            ("diclofenac 100 mg rectally", "rectal"),
            ("transdermal fentanyl 25 micrograms", "transdermal"),
            ("sublingual buprenorphine 8 mg", "sublingual"),
            ("ranibizumab 0.5 mg intravitreally", "intravitreal"),
        ];
        for (phrase, route) in cases {
            let text = format!("Patients received {phrase} before surgery.");
            let regimen = only(&text);
            assert_eq!(regimen.route.as_deref(), Some(route), "{text}");
        }
    }

    #[test]
    fn units_normalized() {
        let cases = [
            ("heparin 100 IU/kg", 100.0, "IU", true),
            ("lidocaine 2% 5 mL", 5.0, "mL", false),
            ("vitamin D 1,000 units", 1000.0, "U", false),
            ("fentanyl 2 mcg/kg", 2.0, "µg", true),
            ("clonidine 2 microg/kg", 2.0, "µg", true),
            ("radiotherapy to 60 Gy", 60.0, "Gy", false),
        ];
        for (phrase, value, unit, per_kg) in cases {
            let text = format!("Patients received {phrase} once.");
            let regimen = only(&text);
            assert_eq!(dose_of(&regimen), (Some(value), None, Some(unit)), "{text}");
            assert_eq!(regimen.per_kg, per_kg, "{text}");
        }
    }

    #[test]
    fn cells_dosed_by_count() {
        let regimen = only("Patients received 2 × 10^6 CAR T cells/kg intravenously.");
        assert_eq!(regimen.intervention, "CAR T cells");
        assert_eq!(dose_of(&regimen), (Some(2e6), None, Some("cells")));
        assert!(regimen.per_kg);
        assert_eq!(regimen.dose.map(|number| number.text).as_deref(), Some("2 × 10^6"));
        // PubMed writes superscripts in brackets.
        let regimen = only("Patients received 5 x 10(6) CAR T cells/kg.");
        assert_eq!(dose_of(&regimen).0, Some(5e6));
    }

    #[test]
    fn lists_give_one_regimen_per_dose() {
        let found = regimens(
            "Patients were randomized to tofacitinib 2, 5 or 15 mg twice daily, or placebo.",
        );
        let doses: Vec<(Option<f64>, Option<&str>)> = found
            .iter()
            .map(|regimen| (regimen.dose.as_ref().map(|n| n.value), regimen.schedule.as_deref()))
            .collect();
        assert_eq!(
            doses,
            [
                (Some(2.0), Some("twice daily")),
                (Some(5.0), Some("twice daily")),
                (Some(15.0), Some("twice daily"))
            ]
        );
    }

    #[test]
    fn respectively_pairs_doses_with_names_in_order() {
        let found =
            regimens("Doses of febuxostat and allopurinol were 10 and 100 mg/d, respectively.");
        let pairs: Vec<(&str, Option<f64>)> = found
            .iter()
            .map(|regimen| (regimen.intervention.as_str(), regimen.dose.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(pairs, [("febuxostat", Some(10.0)), ("allopurinol", Some(100.0))]);
    }

    #[test]
    fn a_dose_belongs_to_its_own_name() {
        let found = regimens("Patients received 75 mg/m2 of cisplatin and docetaxel 60 mg/m2.");
        let pairs: Vec<(&str, Option<f64>)> = found
            .iter()
            .map(|regimen| (regimen.intervention.as_str(), regimen.dose.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(pairs, [("cisplatin", Some(75.0)), ("docetaxel", Some(60.0))]);
        // The second dose is another drug's, which the dictionary does not know.
        let found =
            regimens("Patients received cisplatin 75 mg/m2 plus an investigational agent 200 mg.");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(dose_of(&found[0]).0, Some(75.0));
        let found = regimens("Patients received ergotamine tartrate 1 mg plus caffeine 100 mg.");
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn regimens_without_a_dose() {
        let regimen = only("Patients receive rituximab IV on days 1 and 15.");
        assert_eq!(regimen.intervention, "rituximab");
        assert_eq!(regimen.route.as_deref(), Some("intravenous"));
        assert_eq!(regimen.schedule.as_deref(), Some("on days 1 and 15"));
        assert_eq!(regimen.dose, None);
        assert_eq!(regimen.unit, None);
        let regimen = only("Patients receive oral nitazoxanide daily for 14 days.");
        assert_eq!(regimen.route.as_deref(), Some("oral"));
        assert_eq!(regimen.schedule.as_deref(), Some("daily"));
        assert_eq!(regimen.duration.as_deref(), Some("14 days"));
        // A route adjective alone names a class, not a regimen.
        assert!(regimens("Patients taking oral anticoagulants were followed.").is_empty());
        assert!(regimens("Belimumab is a monoclonal antibody.").is_empty());
    }

    #[test]
    fn tied_to_the_arm_the_sentence_names() {
        let text = "Patients were randomized to a low-dose group (n = 10) or a high-dose group (n = 10). The low-dose group received aspirin 100 mg daily and the high-dose group received aspirin 300 mg daily.";
        let study = study(text);
        let arms: Vec<&str> = study.arms.iter().map(|arm| arm.name.as_str()).collect();
        assert_eq!(arms, ["low-dose group", "high-dose group"]);
        let tied: Vec<(Option<f64>, Option<usize>)> = study
            .regimens
            .iter()
            .map(|regimen| (regimen.dose.as_ref().map(|n| n.value), regimen.arm))
            .collect();
        assert_eq!(tied, [(Some(100.0), Some(0)), (Some(300.0), Some(1))]);
    }

    #[test]
    fn tied_to_the_arm_of_its_intervention() {
        let text = "Patients were randomized 1:1 to belimumab or placebo. Belimumab was given at 10 mg/kg.";
        let study = study(text);
        assert_eq!(study.arms.first().map(|arm| arm.name.as_str()), Some("belimumab"));
        assert_eq!(study.regimens.first().and_then(|regimen| regimen.arm), Some(0));
    }

    #[test]
    fn what_every_arm_receives_has_no_arm() {
        let text = "Patients were randomized to amiodarone or placebo. All patients received amiodarone 200 mg daily for 3 months before randomization.";
        let found = regimens(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].arm, None);
    }

    #[test]
    fn measured_concentrations_are_no_doses() {
        for text in [
            "After tocilizumab, CRP was 10 mg/L.",
            "Patients on metformin with eGFR 60 mL/min were studied.",
            "With atorvastatin, LDL decreased by 20 mg/dL.",
            "Atorvastatin lowered LDL cholesterol by 20 mg.",
            "During cholecalciferol supplementation serum 25-hydroxyvitamin D rose to 30 ng/mL.",
            "Potassium was 4 mmol/L after spironolactone.",
            "Tacrolimus trough levels were kept at 5-10 ng/ml.",
            "Epinephrine 5 micrograms.ml-1 was added.",
            "The GMT after rabies vaccine was 31.4 IU ml (-1).",
            "Urine albumin to creatinine ratio was 30 mg/mmol on losartan.",
        ] {
            let found = regimens(text);
            assert!(found.iter().all(|regimen| regimen.unit.is_none()), "{text}: {found:#?}");
        }
    }

    #[test]
    fn results_and_bounds_are_no_doses() {
        for text in [
            "The mean dose of morphine was 12 mg.",
            "Morphine consumption was lower in group A (12 mg) than in group B (20 mg).",
            "The daily insulin dose was 24 ± 6 units.",
            "Patients taking prednisone > 10 mg/day were excluded.",
            "Patients on stable prednisone ≤ 10 mg/day were eligible.",
            "The clinical endpoint included tapering of prednisone to 10 mg or less by 20 weeks.",
            "Patients previously treated with methotrexate 15 mg weekly were included.",
            "Aspirin was given to 2 groups of patients aged 65 years.",
            "A dose of 10 mg was given at 8 am.",
        ] {
            let found = regimens(text);
            assert!(found.iter().all(|regimen| regimen.unit.is_none()), "{text}: {found:#?}");
        }
    }

    #[test]
    fn vehicle_volumes_are_no_doses() {
        let found = regimens("Patients received ondansetron 4 mg in 100 mL saline.");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(dose_of(&found[0]), (Some(4.0), None, Some("mg")));
    }

    #[test]
    fn repeated_mentions_are_one_regimen() {
        let found = regimens(
            "Patients received belimumab 10 mg/kg intravenously. Belimumab 10 mg/kg was well tolerated.",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
    }
}
