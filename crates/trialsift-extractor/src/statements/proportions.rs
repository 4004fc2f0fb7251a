//! Proportions: a count out of a total, a percentage of units, or both.
//!
//! Layouts are tried from the most to the least explicit; a later layout never takes numbers an
//! earlier one (or another statement family) took. The two loosest layouts are read only where
//! their context makes them what they seem:
//!
//! - a percentage alone ("cure rates were 52% and 38%", "neutropenia (37%)") is a share of units
//!   unless what surrounds it makes it something else: a measured quantity ("HbA1c 9.1%", "FEV1
//!   80% predicted"), a concentration ("2% minoxidil"), a relative change ("reduced the rate by
//!   54%", "a 38% increase"), a threshold ("MPR ≥ 80%", "top 10%"), a significance level or power,
//!   a range of percentages ("50%-80%"), or a mean or median value. What follows it decides
//!   first: a share is followed by punctuation or by a word of a short list ("of", "and", "vs",
//!   "in", "were", ...), never by a noun it qualifies ("2% minoxidil", "19.0%-point");
//! - a bare `x/N` is a count unless it is a unit, a date, a phase or a fraction of a dose.
//!
//! A count in words ("seven of 67", "Forty-four percent (24 of 54)") is read like digits. A flow
//! count without a percentage ("Of 132 eligible patients, 113 were randomized") is not a result
//! and is not read.

use std::sync::LazyLock;

use regex::bytes::{Captures, Match, Regex};
use trialsift_domain::{Number, StatementValue};

use super::{Candidates, statement_pattern, window};
use crate::number::{compile, parse};
use crate::stretch::{Items, Stretch, Stretched};

/// Plural nouns for people, after a count.
const PEOPLE: &str = r"(?i:patients|inpatients|outpatients|respondents|participants|subjects|adults|children|women|men|individuals|people|persons|cases|volunteers|responders|infants|eyes|pts|controls|recipients|caregivers|parents|partners)\b";

/// Plural nouns for people or for countable events and things, after a count ("six of the seven deaths").
const UNITS: &str = r"(?i:patients|participants|subjects|adults|children|women|men|individuals|people|persons|cases|volunteers|responders|infants|eyes|pts|controls|recipients|deaths|events|episodes|recurrences|relapses|responses|infections|lesions|tumou?rs|samples|specimens|sites|teeth|procedures|pregnancies|births|deliveries|visits|admissions|hospitals|centres|centers|practices|households|families|mothers|neonates|newborns|boys|girls|students|physicians|doctors|nurses|clinicians|smokers|evaluations|assessments|partners|caregivers|carers|parents|spouses)\b";

/// Verbs that follow the count of an "Of N, x …" proportion.
const OUTCOME_VERB: &str = r"(?i:had|achieved|responded|were|was|reached|developed|showed|experienced|met|required|died|improved|relapsed|attained|remained)\b";

/// How the span and the numbers of a layout are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Every number is explicit; the span runs from the match's start to its last number.
    Explicit,
    /// "p% (x/N)": the span ends with the closing bracket.
    EndsWithBracket,
    /// "(x of N)", "N ..., of whom x (p%)": the span starts at the first number it reads.
    Bracketed,
    /// "x (p%)" with nothing else: the count must not be a year, a grade or a time.
    CountPercent,
    /// A percentage alone: kept only where its context makes it a share of units.
    PercentOnly,
    /// A bare "x/N": kept only when it is not a unit, a date, a phase or a fraction.
    BareFraction,
}

/// A percent sign or word in the sentence.
const PCT: u8 = 1;
/// A slash in the sentence.
const SLASH: u8 = 2;
/// "of" before a count in the sentence ("of 52", "of the twelve"), as every layout with "of" needs.
const OF: u8 = 4;
/// An opening bracket in the sentence.
const BRACKET: u8 = 8;
/// An equals sign in the sentence.
const EQ: u8 = 16;
/// "whom", "which", "these" or "among" in the sentence.
const WHOM: u8 = 32;

/// The literals behind the gates above, for the sentence's one literal scan.
pub(super) const GATE_LITERALS: &[&str] = &[
    "%",
    "ercent",
    "er cent",
    "/",
    "of",
    "Of",
    "OF",
    "(",
    "[",
    "=",
    "whom",
    "which",
    "these",
    "among",
    "including",
];

/// Each gate flag with the bit set of its literals over the sentence's literal scan.
static FLAG_MASKS: LazyLock<[(u8, u128); 6]> = LazyLock::new(|| {
    let gates = &*super::GATES;
    [
        (PCT, gates.mask(&["%", "ercent", "er cent"])),
        (SLASH, gates.mask(&["/"])),
        (OF, gates.mask(&["of", "Of", "OF"])),
        (BRACKET, gates.mask(&["(", "["])),
        (EQ, gates.mask(&["="])),
        (WHOM, gates.mask(&["whom", "which", "these", "among", "including"])),
    ]
});

/// "of" before a count, optionally after "the", "these", "those" or "all": what every layout with
/// "of" holds, so a sentence without it skips them all.
static OF_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?i:of)\s+(?:(?i:the|these|those|all)\s+)?(?:[0-9]|{})",
        crate::number::NUMBER_WORD
    ))
});

/// The literals a sentence holds, as the gates above; a layout runs only where all of its gate's are.
fn features(present: u128) -> u8 {
    FLAG_MASKS
        .iter()
        .filter(|(_, mask)| present & mask != 0)
        .fold(0, |found, (flag, _)| found | flag)
}

/// The layouts, from the most to the least explicit, each with the literals it needs (its gate).
static LAYOUTS: LazyLock<Vec<(Shape, u8, Regex)>> = LazyLock::new(|| {
    let layout =
        |shape: Shape, gate: u8, template: &str| (shape, gate, proportion_pattern(template));
    vec![
        // x/N (p%), x/N = p%, x/N, p%
        layout(
            Shape::Explicit,
            SLASH | PCT,
            r"\b(?P<x>[0-9]+)\s*/\s*(?P<n>[0-9]+)(?:\s+[A-Za-z]+){0,2}?\s*(?:=|:|,|;|\(|\[)\s*(?P<p>{NUM})PCTSIGN",
        ),
        // p% (x/N), p% (x of N), Forty-four percent (24 of 54), 20.0% ([4/20] 95% CI ...)
        layout(
            Shape::EndsWithBracket,
            PCT | BRACKET,
            r"PVALUEPCTSIGN\s*[(\[]\s*\[?\s*COUNT<x>\s*(?:/|\s(?i:of|out\s+of)\s)\s*COUNT<n>\s*(?:[A-Za-z-]+\s*){0,2}[)\]]",
        ),
        // 99% of patients (89 of 90), Eighty-two percent of the responses (18 of 22)
        layout(
            Shape::EndsWithBracket,
            PCT | BRACKET,
            r"PVALUEPCTSIGN\s+(?:(?i:of)\s+)?(?:[A-Za-z-]+\s+){0,6}?[(\[]\s*COUNT<x>\s*(?:/|\s(?i:of|out\s+of)\s)\s*COUNT<n>\s*[)\]]",
        ),
        // 0.3% [16 patients]
        layout(
            Shape::EndsWithBracket,
            PCT | BRACKET,
            &format!(r"PVALUEPCTSIGN\s*[(\[]\s*COUNT<x>\s+(?:[A-Za-z-]+\s+)?{UNITS}\s*[)\]]"),
        ),
        // 131 individuals were randomized, of whom 31 (24%); 5005 (46%) events, of which 1415 (28%);
        // 406 patients, including 98 (24%), where the arithmetic agrees
        layout(
            Shape::Bracketed,
            PCT | BRACKET | WHOM,
            r"COUNT<n>(?:\s*[(\[][^()\[\]]{0,20}[)\]])?(?:\s+[A-Za-z-]+){0,4}?\s*,?\s*(?:(?i:of\s+whom|of\s+which|of\s+these|among\s+whom|among\s+them)|(?P<incl>(?i:including)))\s*,?\s+COUNT<x>(?:\s+[A-Za-z-]+){0,2}?\s*[(\[]\s*PVALUEPCTSIGN\s*[)\]]",
        ),
        // 73% (24) controls received: a bare count in brackets, then whom it counts
        layout(
            Shape::Explicit,
            PCT | BRACKET,
            &format!(r"(?P<p>{{NUM}})PCTSIGN\s*\(\s*COUNT<x>\s*\)\s+(?:[A-Za-z-]+\s+)?{PEOPLE}"),
        ),
        // p% (n = x), 71% (n=66,140)
        layout(
            Shape::EndsWithBracket,
            PCT | BRACKET | EQ,
            r"PVALUEPCTSIGN\s*[(\[]\s*(?i:n)\s*=\s*COUNT<x>\s*[)\]]",
        ),
        // 74% were male (n = 74): the count after the share it is ("(2%, n = 50)" gives a sample
        // size instead)
        layout(
            Shape::EndsWithBracket,
            PCT | EQ,
            r"PVALUEPCTSIGN\s+(?i:were|was|had)\s+[A-Za-z-]+\s*[(\[]\s*(?i:n)\s*=\s*COUNT<x>\s*[)\]]",
        ),
        // p%; x/N patients
        layout(
            Shape::Explicit,
            PCT | SLASH,
            r"(?P<p>{NUM})PCTSIGN\s*[;,]\s*(?P<x>[0-9]+)\s*/\s*(?P<n>[0-9]+)\b",
        ),
        // (31%, 10 of 32)
        layout(
            Shape::Explicit,
            PCT | OF,
            r"(?P<p>{NUM})PCTSIGN\s*,\s*COUNT<x>\s+(?i:out\s+)?(?i:of)\s+(?i:the\s+)?COUNT<n>\s*[)\];]",
        ),
        // x (p%) of N, as the Lancet writes it
        layout(
            Shape::Explicit,
            PCT | BRACKET | OF,
            r"COUNT<x>\s*[(\[]\s*PVALUEPCTSIGN\s*[)\]]\s*(?i:of|out\s+of)\s+(?i:the\s+)?COUNT<n>",
        ),
        // Of N patients, (a total of) x (p%) / Of N patients, x achieved
        layout(
            Shape::Explicit,
            OF,
            &format!(
                r"\b(?i:of)\s+(?i:the\s+|these\s+|those\s+|all\s+)?COUNT<n>(?:\s+[A-Za-z-]+){{0,3}}?\s*,\s*(?i:a\s+total\s+of\s+)?COUNT<x>(?:(?:\s+[A-Za-z0-9-]+){{0,5}}?\s*[(\[]\s*(?P<p>{{NUM}})PCTSIGN|\s+{OUTCOME_VERB})"
            ),
        ),
        // Of the 714 patients enrolled in the initial trials, 581 (81%): a longer header needs
        // the percentage
        layout(
            Shape::Explicit,
            OF | PCT | BRACKET,
            r"\b(?i:of)\s+(?i:the\s+|these\s+|those\s+|all\s+)?COUNT<n>(?:\s+[A-Za-z-]+){4,6}?\s*,\s*(?i:a\s+total\s+of\s+)?COUNT<x>(?:\s+[A-Za-z0-9-]+){0,2}?\s*[(\[]\s*(?P<p>{NUM})PCTSIGN",
        ),
        // x of N patients (p%), x of N (p%), x of N, p%, x of N patients, p%
        layout(
            Shape::Explicit,
            OF | PCT,
            r"COUNT<x>\s+(?i:out\s+)?(?i:of)\s+(?i:the\s+)?COUNT<n>(?:\s+[A-Za-z-]+){0,3}?\s*[(\[,;]\s*(?P<p>{NUM})PCTSIGN",
        ),
        // x of N patients, six of the seven cardiovascular deaths, 25 of these 96 patients
        layout(
            Shape::Explicit,
            OF,
            &format!(
                r"COUNT<x>\s+(?i:out\s+)?(?i:of)\s+(?i:the\s+|these\s+|those\s+)?COUNT<n>\s+(?:[A-Za-z-]+\s+)?{UNITS}"
            ),
        ),
        // 11 of 83 undergoing cholecystectomy, 42 of 49 given placebo, 19 of 20 showed a response,
        // 7 of 12 in the CRT group: what follows says who was counted
        layout(
            Shape::Explicit,
            OF,
            r"COUNT<x>\s+(?i:out\s+)?(?i:of)\s+(?i:the\s+|these\s+|those\s+)?COUNT<n>\s+(?:(?i:undergoing|given|taking|receiving|treated|showed|had|developed|responded|achieved|experienced|died|relapsed|improved|reported)\b|(?i:in)\s+(?i:the\s+)?(?:[A-Za-z0-9-]+\s+){0,2}?(?i:group|arm|cohort)\b)",
        ),
        // only 1 patient (of 30): a count, whom it counts, and its total in brackets
        layout(
            Shape::Explicit,
            OF | BRACKET,
            r"COUNT<x>\s+[A-Za-z-]+\s*[(\[]\s*(?i:of|out\s+of)\s+COUNT<n>\s*[)\]]",
        ),
        // (x of N)
        layout(
            Shape::Bracketed,
            OF | BRACKET,
            r"[(\[]\s*COUNT<x>\s+(?i:out\s+)?(?i:of)\s+(?i:the\s+)?COUNT<n>\s*[)\];,]",
        ),
        // x patients (p% of the N eligible patients)
        layout(
            Shape::Explicit,
            PCT | BRACKET | OF,
            &format!(
                r"COUNT<x>\s+(?:[A-Za-z-]+\s+){{0,2}}?{PEOPLE}\s*[(\[]\s*(?P<p>{{NUM}})PCTSIGN\s+(?i:of)\s+(?i:the\s+|all\s+)?COUNT<n>"
            ),
        ),
        // x patients (p%), n = x (p%); the percentage closes its item ("480 patients (73% men" is not one)
        layout(
            Shape::Explicit,
            PCT,
            &format!(
                r"(?:COUNT<x>\s+(?:[A-Za-z-]+\s+){{0,2}}?{PEOPLE}|\b(?i:n)\s*=\s*(?P<x2>[0-9]+))\s*[(\[,]\s*PVALUEPCTSIGN(?:\s*[)\];,]|\s+(?i:of)\b|\s*$)"
            ),
        ),
        // sepsis (104; 22%), (16 eyes; 88.9%)
        layout(
            Shape::Bracketed,
            PCT | BRACKET,
            &format!(r"[(\[;]\s*COUNT<x>(?:\s+{UNITS})?\s*[;,]\s*PVALUEPCTSIGN\s*[)\]]"),
        ),
        // x (p%), seven [3%]
        layout(Shape::CountPercent, PCT | BRACKET, r"COUNT<x>\s*[(\[]\s*PVALUEPCTSIGN\s*[)\]]"),
        // one in the 1-μg/day group (1.1%), 6 birds in the crystalloid group (66%)
        layout(
            Shape::CountPercent,
            PCT | BRACKET,
            r"COUNT<x>(?:\s+[A-Za-z]+)?\s+(?i:in|of)\s+(?i:the)\s+[^()\[\];.]{1,40}?\s+(?i:group|arm|cohort)\s*[(\[]\s*PVALUEPCTSIGN\s*[)\]]",
        ),
        // one An annularis mosquito (0.02%): a count, up to three words naming what is counted
        layout(
            Shape::CountPercent,
            PCT | BRACKET,
            r"COUNT<x>(?P<words>(?:\s+[A-Za-z][A-Za-z-]*){1,3}?)\s*[(\[]\s*PVALUEPCTSIGN\s*[)\]]",
        ),
        // 75% of the 90 patients: a share with its total
        layout(
            Shape::PercentOnly,
            PCT | OF,
            &format!(
                r"PVALUEPCTSIGN\s+(?i:of)\s+(?i:the|all|these|those)\s+COUNT<n>\s+(?:[A-Za-z-]+\s+){{0,2}}?{PEOPLE}"
            ),
        ),
        // p% alone
        layout(Shape::PercentOnly, PCT, r"PVALUEPCTSIGN"),
        // bare x/N
        layout(Shape::BareFraction, SLASH, r"\b(?P<x>[0-9]+)\s*/\s*(?P<n>[0-9]+)\b"),
    ]
});

/// A percentage with a decimal comma ("99,4%"): one to three digits, a comma, one or two digits.
/// Right before a percent sign a comma with three digits after it groups thousands instead.
const DECIMAL_COMMA: &str = r"[0-9]{1,3},[0-9]{1,2}";

/// Builds a proportion pattern: `PVALUE` a percentage in digits or words, `PCTSIGN` a percent sign or word.
fn proportion_pattern(template: &str) -> Regex {
    let expanded = template
        .replace(
            "PVALUE",
            &format!(r"(?P<p>{DECIMAL_COMMA}|{{NUM}}|\b{})", crate::number::NUMBER_WORD),
        )
        .replace("PCTSIGN", r"\s*(?P<pct>%|(?i:percent|per\s+cent)\b)");
    statement_pattern(&expanded)
}

/// Words after a bare x/N that make it a unit, a date or a fraction rather than a count.
static NOT_A_COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:/|\.[0-9]|,[0-9]{3}|\s*(?i:of\b|mm|mg|ml|kg|g\b|l\b|min|h\b|hr|hours?|days?|weeks?|months?|years?|µ|mcg|ng|iu|u\b|dl|mmol|cells|copies|x\b|×|(?:un)?corrected|vision|visual|acuity|snellen|or\s+(?:better|worse|more|less|greater|higher|lower)\b))",
    )
});

/// A word right after a bare x/N; with a small denominator it makes a fraction of a dose ("1/2 tablet").
static WORD_AFTER: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s*[A-Za-z]"));

/// A noun for people right after a bare x/N, which keeps it a count.
static PEOPLE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"^\s*(?:[A-Za-z-]+\s+)?{PEOPLE}")));

/// Words before a count that make it a phase, a grade, a ratio or a time rather than a count, or
/// the end of a larger number in words ("One thousand and nineteen", whose thousands the count
/// patterns do not read).
static NOT_A_COUNT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:phase|grade|stage|type|class|weeks?|months?|days?|years?|visits?|cycles?|doses?|aged?|scores?|levels?|versions?|steps?|/|thousand(?:\s+and)?|hundred\s+and)\s*$",
    )
});

/// A flow count after "Of N, x" or "x of N patients": who was randomized, included or analysed, not a result.
static FLOW_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:\s+[A-Za-z-]+){0,3}?\s+(?i:were|was)?\s*(?i:then\s+|subsequently\s+|finally\s+)?(?i:randomi[sz]|enrol|includ|eligib|allocat|assign|analy[sz]|evaluab|screen|recruit|select|consent|approach|contact|invit|agree)",
    )
});

/// Words that may follow a percentage that is a share of units ("52% and 38%", "72% of patients").
const SHARE_FOLLOWERS: &[&str] = &[
    "of",
    "in",
    "and",
    "or",
    "vs",
    "versus",
    "v",
    "to",
    "at",
    "for",
    "with",
    "without",
    "were",
    "was",
    "had",
    "have",
    "has",
    "are",
    "is",
    "among",
    "respectively",
    "compared",
    "than",
    "after",
    "from",
    "on",
    "during",
    "within",
    "across",
    "overall",
    "each",
    "both",
    "who",
    "which",
    "that",
    "while",
    "whereas",
    "but",
    "by",
    "did",
    "could",
    "would",
    "will",
    "may",
    "also",
    "only",
    "sensitive",
    "sensitivity",
    "specific",
    "specificity",
    "response",
    "responders",
    "remission",
    "survival",
    "cure",
    "success",
    "mortality",
    "incidence",
    "prevalence",
    "rate",
    "patients",
    "participants",
    "subjects",
    "children",
    "women",
    "men",
    "adults",
    "cases",
    "people",
    "individuals",
    "experienced",
    "reported",
    "achieved",
    "developed",
    "showed",
    "required",
    "received",
    "remained",
    "died",
    "survived",
    "responded",
    "completed",
    "needed",
    "male",
    "males",
    "female",
    "females",
    "white",
    "whites",
    "black",
    "blacks",
    "asian",
    "hispanic",
    "caucasian",
    "boys",
    "girls",
    "smokers",
    "married",
    "employed",
    "eyes",
    "improved",
    "relapsed",
    "underwent",
    "discontinued",
    "withdrew",
    "preferred",
];

/// A measured quantity or a change named in the clause before a percentage: "HbA1c fell from
/// 9.1%", "the change in BMD was 0.9%", "CVD risk decreased from 32.9%".
static MEASURED_IN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:hba1c|hba\s*\(1c\)|a1c|hba1|glycated|glycosylated|h(?:a)?emoglobin|h(?:a)?ematocrit|hct|",
        r"ejection\s+fraction|lvef|saturation|spo2|sao2|fev1|fev\s1|fvc|dlco|bmd|fat|predicted|efficiency|",
        r"bioavailability|humidity|moisture|scores?|index|density|concentrations?|content|levels?|volume|weight|",
        r"bmi|inhibition|occupancy|uptake|intensity|duty|reticulocytes?|blasts?|fio2|threshold|cut-?off|power|",
        r"significance|alpha|tension|recovery|amplitude|velocity|flow|pressure|bias|precision|(?:typical|standard|measurement|relative)\s+errors?|",
        r"clearance|excretion|absorption|yield|purity|coverage|w/v|v/v|",
        r"(?:non-?\s?inferiority|equivalence|acceptance)\s+(?:margins?|limits?)|",
        r"annual|annuali[sz]ed|yearly|per\s+(?:year|annum))\b|α)",
    ))
});

/// A change named in the clause before a percentage: "a reduction of 30%" is no share, but
/// "reductions in intracranial hemorrhage (0.5% vs. 0.7%)" compares two groups' shares.
static CHANGE_IN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:changes?|decreases?|increases?|reductions?|differences?|declines?|gains?|losses|decreased|increased|reduced)\b)",
    )
});

/// A change named as a difference in or between something ("reductions in intracranial
/// hemorrhage", "no difference in OS"), whose bracket may then compare the groups' shares.
static CHANGE_IN_SOMETHING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:changes?|decreases?|increases?|reductions?|differences?|declines?)\s+(?:in|between)\b)",
    )
});

/// A heterogeneity statistic right before a percentage: "I 2 = 89.0%".
static HETEROGENEITY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:\bI\s*(?:2|²|\^\s*2)|\b(?i:i-squared))\s*[=:]?\s*$"));

/// A rate per unit of time in the sentence: "the annual incidence of invasive breast cancer
/// (0.19% vs. 0.55%)" is a rate per year, not a share of patients.
static RATE_PER_TIME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\bannual(?:i[sz]ed)?\s+(?:incidences?|rates?|risks?)\b|%\s*(?:per\s+(?:year|annum)|/\s*(?:year|yr))\b|\brates?\s+per\s+(?:year|annum)\b)",
    )
});

/// A share named in the clause before a percentage: "cure rates were 52%", "the proportion of patients".
static SHARE_IN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:rates?|proportions?|percentages?|incidences?|prevalences?|frequenc(?:y|ies)|sensitivity|",
        r"specificity|accuracy|compliance|adherence|responses?|remissions?|survival|mortality|cure|success|",
        r"eradication|positivity|occurrence|recurrence|relapse|risk\s+of|likelihood|majority|minority|fraction|number\s+of|",
        r"adverse\s+(?:events?|effects?|reactions?)|side\s+effects?)\b)",
    ))
});

/// A noun for people or units right after a percentage: "72% of patients", "(37%) patients", "63% males",
/// "35% of the PC group", "66.2% complete responders", "91% were women".
static UNITS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^\s*[)\]]?\s*(?:(?i:of)\s+(?:(?i:the|all|these|those|our|their|its)\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{PEOPLE}|(?:(?i:were|are|complete|partial|overall|clinical|major|minor|new|eligible|evaluable)[\s-]+)?{PEOPLE}|(?i:males?|females?|whites?|blacks?|asians?|hispanics?|caucasians?|latinos?|latinas?)\b|(?i:of)\s+(?i:the|all|these|those|our|their|its)\s+(?:[A-Za-z0-9+/-]+\s+){{0,2}}?(?i:group|arm|cohort|population|sample)s?\b|(?i:of)\s+(?i:those|them)\b)"
    ))
});

/// A bracket that breaks a count of people down by share, up to a percentage: "220 inpatients
/// (26% chronic active hepatitis, 68% cirrhosis", "936 respondents (29.6% USA, 70.4% EU5".
static BREAKDOWN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b[0-9]+\s+(?:[A-Za-z-]+\s+){{0,2}}?{PEOPLE}\s*[(\[](?:\s*{{NUM}}\s*%[^,;()\[\]0-9%]{{1,40}},)*\s*$"
    ))
});

/// A power calculation's assumption before a percentage: "Assuming a 20% rate".
static ASSUMED_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:\bassum(?:ing|ed|es|ption\s+of))(?:\s+[A-Za-z-]+){0,3}\s*$"));

/// "of" right after a percentage, then a reference rather than units: "25% of control", "80% of baseline".
static RELATIVE_OF: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*(?i:of\s+(?:the\s+)?(?:control|baseline|normal|predicted|maximum|maximal|max|initial|pre-?treatment|pre-?operative|reference|expected|target|ideal|usual|body\s+weight|the\s+dose|dose|value|values|variance|average|mean))\b",
    )
});

/// What a percentage is of, or in, when it is a composition or a concentration: "(84% of total
/// protein)", "(10%, v/v)".
static COMPOSITION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*(?:(?i:of\s+(?:the\s+)?total\s+[a-z])|,?\s*(?i:v/v|w/v|w/w|wt/vol|vol/vol|wt/wt)\b)",
    )
});

/// Words before a percentage that make it a background figure: "complete responses have been
/// reported in about 60% of cases".
static REPORTED_ELSEWHERE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:have|has)\s+been\s+(?:reported|described|observed|found|documented)\s+(?:in|among)\s+(?:about|approximately|around|up\s+to|nearly|almost|some|over|more\s+than)?)\s*$",
    )
});

/// A relative change right before a percentage: "reduced the rate by 54%", "a mean increase of
/// 38%", "the reduction in pain was 20%", "mortality was reduced 86%".
///
/// Searched with its stretch unbounded first (see [`crate::stretch`]).
static CHANGE_BEFORE: LazyLock<Stretched> = LazyLock::new(|| {
    super::bounded_stretch(
        concat!(
            r"(?i:(?:\b(?:reductions?|decreases?|increases?|improvements?|declines?|changes?|differences?|gains?|",
            r"losses|loss|rises?|falls?|drops?)(?:\s+(?:in|of)\sSTRETCH)?\s+(?:of|was|were|is|:)",
            r"|\bby",
            r"|\b(?:reduced|decreased|increased|improved|declined|lowered|raised|fell|rose|dropped|cut|shortened|prolonged|changed)",
            r"(?:\s+(?:significantly|markedly|substantially|considerably|slightly))?)\s*",
            r"(?:(?:approximately|about|nearly|almost|around|only|up\s+to|over|more\s+than|a\s+mean\s+of|an\s+average\s+of|a\s+median\s+of)\s+)?$)",
        ),
        r"[^,;()]{0,60}?",
        r"(?P<stretch>[^,;()]*?)",
        Stretch { group: "stretch", limit: 60, items: Items::Any },
    )
});

/// A relative change named after a percentage's bracket: "44% (95% CI 7-66) risk reduction".
static CHANGE_AFTER_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*[(\[][^()\[\]]{0,40}[)\]]\s*(?i:(?:relative\s+)?(?:risk\s+)?(?:reductions?|increases?|decreases?|improvements?|declines?|lower|higher|greater|fewer|less|more)\b)",
    )
});

/// A dispersion label right before a percentage: "(SE = 8.8%)", "SD 4%".
static DISPERSION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\b(?:se|sem|sd|s\.e\.|s\.d\.|standard\s+(?:error|deviation)))\s*[=:]?\s*$")
});

/// A threshold right after a percentage: "50% or greater reduction", "5% or more".
static THRESHOLD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*(?i:or\s+(?:more|greater|higher|less|lower|above|below|over|under)|and\s+(?:above|over|more|higher))\b",
    )
});

/// The next member of a list of percentages: "13% vs. 3.5% retention", "5.0%, 3.2%, and 1.5% per 100
/// patient-years".
static SIBLING_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^\s*(?:,\s*)?(?i:vs\.?|versus|and|or|compared\s+with)?\s*[0-9]+(?:\.[0-9]+)?\s*%")
});

/// A mean, median or average earlier in the clause, no number between: the percentage is a value.
///
/// Searched with its stretch unbounded first (see [`crate::stretch`]).
static SUMMARY_BEFORE: LazyLock<Stretched> = LazyLock::new(|| {
    super::bounded_stretch(
        r"(?i:\b(?:mean|median|average|averaged)\b)STRETCH$",
        r"[^0-9,;()\[\]]{0,60}",
        r"(?P<stretch>[^0-9,;()\[\]]*)",
        Stretch { group: "stretch", limit: 60, items: Items::Any },
    )
});

/// A threshold right before a percentage: "MPR ≥ 80%", "at least 50%" (unless "of" follows: ">90% of participants").
static THRESHOLD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?:<|>|≤|≥|⩽|⩾|≦|≧|＜|＞|=<|=>|(?i:\bor\s*=|\bat\s+least|\bmore\s+than|\bless\s+than|\bgreater\s+than|",
        r"\bfewer\s+than|\bover|\babove|\bbelow|\bunder|\bup\s+to|\bexceeding|\bexceeds?|\bequal\s+to|\bcriteri(?:on|a)\s+of(?:\s+an?)?))\s*$",
    ))
});

/// A rank right before a percentage: "the top 10%", "the lowest 5% of".
static RANK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i:\b(?:top|bottom|upper|lower|lowest|highest|first|last|worst|best))\s*$")
});

/// A sign right before a percentage: a share is never negative nor a dispersion ("−0.3%", "± 8.6%").
static SIGN_BEFORE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:-|−|–|‐|‒|﹣|－|±|\+/-|\+)$"));

/// A number right before this percentage joined to it: "50%-80%", "from 9.1% to", "20.4 vs. 21.7
/// percent", "68.5% for parent training vs", "-0.3% (-1.2 to 0.6), 0.0%".
static SIBLING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?P<prev>[0-9]+(?:\.[0-9]+)?)\s*(?P<sign>%|(?i:percent)\b)?",
        r"(?P<between>(?:\s+(?i:for|in|with|among|on|at)\s+[^,;()\[\]0-9]{1,40}?)?(?:\s*[(\[][^()\[\]]{0,40}[)\]])?)\s*",
        r"(?:(?P<dash>-|–|—|‒)|(?P<to>(?i:to))|(?P<versus>(?:,\s*)?(?i:vs\.?|versus|v\.?|compared\s+with|and|or)|,))\s*$",
    ))
});

/// A range continuing after a percentage ("50%-80%", "50% to 80%").
static RANGE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(?:-|–|—|‒|(?i:to))\s*[0-9.]+\s*%"));

/// "by" right before a percentage, after a verb that is not a change ("noted by 35% of",
/// "completed by 17.8% in the usual care group"): the share's agent, not a change's size.
static BY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?i:noted|reported|experienced|observed|seen|used|preferred|chosen|endorsed|cited|mentioned|given|completed|achieved|attained|reached|met|accepted|rated|perceived|felt|recognized|recognised|identified|detected|required|needed|requested|taken|tolerated|answered|returned)\s+(?i:by)\s*$",
    )
});

/// The end of a range of percentages that says of whom: "to 14.6% of dapagliflozin patients".
static RANGE_OF_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^\s*(?i:to)\s*[0-9.]+\s*%\s+(?i:of)\s+(?:(?i:the|all)\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{UNITS}"
    ))
});

/// A verb in the present before a range of shares, which then states what is generally true
/// ("AF is a common complication reported in 20% to 40% of patients", "accounts for 50% to 85%"),
/// not a result.
static GENERAL_TRUTH: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\b(?i:is|are|do|does|occurs?|accounts?|represents?|affects?|ranges?|varies|vary)\b")
});

/// "of" and whom right after a percentage: "of dapagliflozin patients".
static OF_UNITS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(r"^\s+(?i:of)\s+(?:(?i:the|all)\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{UNITS}"))
});

/// "in" before a threshold: "was detected in >90%", "good in less than 40%" hedge a share.
static HEDGED_IN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?i:in)\s+(?:<|>|≤|≥|(?i:less\s+than|more\s+than|fewer\s+than|over|under|at\s+least|up\s+to))\s*$",
    )
});

/// A change verb's "from x% to" (or "from") right before a percentage: "was reduced from 25.5% to
/// 24.2%" gives the levels before and after; "differences ranging from 20% to 51%" does not.
static FROM_TO_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:reduced|decreased|increased|improved|declined|dropped|fell|rose|changed|went|lowered|raised)(?:\s+(?:significantly|markedly|substantially|further))?\s+from)\s+(?:[0-9]+(?:\.[0-9]+)?\s*%\s+(?i:to)\s*)?$",
    )
});

/// "from" right before a percentage: "improved from 50% to 92%" is a change between two shares.
static FROM_BEFORE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i:\bfrom)\s*$"));

/// Reads the proportions of a segment in every layout, most explicit first.
pub(super) fn scan(candidates: &mut Candidates<'_>) {
    let segment = candidates.segment;
    let mut present = features(candidates.present);
    if present & OF != 0 && !OF_COUNT.is_match(segment.as_bytes()) {
        // "of" stands in most sentences, before a count in few: the layouts with "of" need one.
        present &= !OF;
    }
    for (shape, gate, regex) in LAYOUTS.iter() {
        if present & gate != *gate {
            continue;
        }
        for captures in crate::number::captures(regex, segment.as_bytes()) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let count_match = captures.name("x").or_else(|| captures.name("x2"));
            let total_match = captures.name("n");
            let percent_match = captures.name("p");
            let count = candidates.count(count_match);
            let total = candidates.count(total_match);
            let percent = percent_of(candidates, &captures);
            let complete = match shape {
                Shape::PercentOnly => percent.is_some(),
                _ => count.is_some() && (total.is_some() || percent.is_some()),
            };
            let disagrees = || {
                // "including" may list a subgroup of something else: the total must fit.
                captures.name("incl").is_some()
                    && !count
                        .as_ref()
                        .zip(total.as_ref())
                        .zip(percent.as_ref())
                        .is_some_and(|((x, n), p)| rounds_to(x.value, n.value, p))
            };
            if !complete
                || disagrees()
                || percent.as_ref().is_some_and(|p| p.value > 100.0)
                || total.as_ref().is_some_and(|n| n.value < 1.0)
                || count.as_ref().zip(total.as_ref()).is_some_and(|(x, n)| x.value > n.value)
            {
                continue;
            }
            let numbers = [count_match, total_match, percent_match];
            let first_start =
                numbers.iter().flatten().map(|found| found.start()).min().unwrap_or(whole.start());
            if !candidates.clean_left(first_start) {
                continue;
            }
            let readable = match shape {
                Shape::Explicit | Shape::EndsWithBracket => {
                    percent.is_some() || !is_flow(segment, whole.start(), &captures)
                }
                Shape::Bracketed => count_match.is_some_and(|x| is_count(segment, x)),
                Shape::CountPercent => {
                    count_match.is_some_and(|x| is_count(segment, x))
                        && captures.name("words").is_none_or(|words| names_units(words.as_bytes()))
                }
                Shape::PercentOnly => percent_match
                    .zip(captures.name("pct"))
                    .is_some_and(|(p, sign)| is_share(segment, p.start(), sign.end())),
                Shape::BareFraction => is_bare_count(segment, &captures),
            };
            if !readable || belongs_elsewhere(segment, count_match, total_match, percent_match) {
                continue;
            }
            let start = match shape {
                Shape::Bracketed => count_match.map_or(first_start, |x| x.start()),
                _ => whole.start(),
            };
            let end = match shape {
                Shape::EndsWithBracket => whole.end(),
                _ => ["x", "x2", "n", "p", "pct"]
                    .into_iter()
                    .filter_map(|name| captures.name(name))
                    .map(|found| found.end())
                    .max()
                    .unwrap_or(whole.end()),
            };
            let shared_sign = (*shape == Shape::PercentOnly)
                .then(|| percent_match.zip(captures.name("pct")))
                .flatten();
            let taken =
                candidates.offer(start, end, StatementValue::Proportion { count, total, percent });
            if taken && let Some((first, sign)) = shared_sign {
                offer_shared_sign_list(candidates, first.start(), sign);
            }
        }
    }
}

/// A group a sentence or clause opens with ("Among 162 HFpEF patients", "Of the 96 children"),
/// whose size a later count with a percentage may be out of; "a total of 4,824 mosquitoes" and
/// "33 [14%] of 239 patients" open nothing.
static GROUP_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(
        r"(?:^\s*|[,;(\[]\s*)(?i:among|of)\s+(?i:the\s+|these\s+|those\s+|all\s+)?COUNT<n>\s+(?P<word>[A-Za-z][A-Za-z-]*)",
    )
});

/// A group of people that a later "of whom" breaks down, however far apart: "127 patients were
/// randomised to a nurse run clinic, of whom 106 (83%) attended".
static WHOM_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"COUNT<n>\s+(?:[A-Za-z-]+\s+)?{PEOPLE}[^.;()\[\]]{{0,120}}?\b(?i:of\s+whom|of\s+these|of\s+them|among\s+them|among\s+whom)\b"
    ))
});

/// How far after a group header, in bytes, a count may still be out of it.
const GROUP_REACH: usize = 200;

/// Words after a group header's number that make it a time or a quantity, not a group.
static NOT_A_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?i:seconds?|min|minutes?|h|hours?|days?|weeks?|months?|years?|mg|g|kg|ml|l|mm|cm|m|units?|times|doses?|cycles?|points?|percent|and|or|to)$",
    )
});

/// Gives the members of a list their header's total: "611 clinicians of whom 176 (28.8%) were
/// doctors, 123 (20.1%) were nurses, and 312 (51.1%) were paramedics", "Among 162 patients (67%
/// women), function was abnormal in 117 (72%)".
///
/// A proportion whose total is written before its count heads the list, and so does a group
/// named with "of" or "among" before it; a later count with a percentage and no total in the
/// same sentence takes that total only where the count over it rounds to the percentage as
/// written, so a member of another group is never given it.
pub(super) fn share_listed_total(candidates: &mut Candidates<'_>) {
    let open = candidates.found.iter().any(|statement| {
        matches!(
            &statement.value,
            StatementValue::Proportion { count: Some(_), total: None, percent: Some(_) }
        )
    });
    if !open {
        return;
    }
    let mut groups: Vec<Number> = Vec::new();
    for captures in crate::number::captures(&WHOM_HEADER, candidates.segment.as_bytes()) {
        if let Some(n) = candidates.count(captures.name("n")) {
            groups.push(n);
        }
    }
    for captures in crate::number::captures(&GROUP_HEADER, candidates.segment.as_bytes()) {
        let names_a_group =
            captures.name("word").is_some_and(|word| !NOT_A_GROUP.is_match(word.as_bytes()));
        if names_a_group && let Some(n) = candidates.count(captures.name("n")) {
            groups.push(n);
        }
    }
    groups.sort_by_key(|n| n.end);
    let mut header: Option<Number> = None;
    for statement in &mut candidates.found {
        let StatementValue::Proportion { count, total, percent } = &mut statement.value else {
            continue;
        };
        match (count.as_ref(), total.as_ref(), percent.as_ref()) {
            (Some(x), Some(n), _) if n.start < x.start => header = Some(n.clone()),
            (Some(x), None, Some(p)) => {
                let listed = header.as_ref().filter(|n| rounds_to(x.value, n.value, p));
                let grouped = || {
                    groups.iter().rev().find(|n| {
                        n.end < x.start
                            && x.start - n.end <= GROUP_REACH
                            && rounds_to(x.value, n.value, p)
                    })
                };
                if let Some(n) = listed.or_else(grouped) {
                    *total = Some(n.clone());
                }
            }
            _ => {}
        }
    }
}

/// Tells whether `count` over `total`, as a percentage, rounds to `percent` as written.
fn rounds_to(count: f64, total: f64, percent: &Number) -> bool {
    if total <= 0.0 {
        return false;
    }
    let half_step = 0.5 * 10f64.powi(-i32::from(percent.decimals));
    (100.0 * count / total - percent.value).abs() <= half_step + 1e-9
}

/// A number right before a list member that shares the next one's percent sign: "73.5, 90.0 and
/// 28.8%", "77.7 and 83.2%", "(78 vs. 55%".
static SHARED_SIGN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:^|[^0-9.,/-])(?P<prev>[0-9]+(?:\.[0-9]+)?)\s*(?:,\s*(?i:and\s+|or\s+)?|\s(?i:and|or|vs\.?|versus)\s+)$",
    )
});

/// Offers, as percentages, the numbers before `start` that share its percent sign.
fn offer_shared_sign_list(candidates: &mut Candidates<'_>, mut start: usize, sign: Match<'_>) {
    let segment = candidates.segment;
    let sign_is_symbol = sign.as_bytes() == b"%";
    if !sign_is_symbol {
        return;
    }
    for _ in 0..6 {
        let before = window(segment, start.saturating_sub(40), start);
        let offset = start - before.len();
        let Some(previous) =
            SHARED_SIGN_BEFORE.captures(before.as_bytes()).and_then(|c| c.name("prev"))
        else {
            return;
        };
        let (previous_start, previous_end) = (offset + previous.start(), offset + previous.end());
        let Some(percent) = parse(segment, previous_start, previous_end, candidates.base) else {
            return;
        };
        if percent.value > 100.0 || !candidates.clean_left(previous_start) {
            return;
        }
        if labelled_number(segment.as_bytes().get(..previous_start).unwrap_or_default()) {
            // "23.4% in group 1, 27.5% in group 2": a group's number, not a shared percentage.
            return;
        }
        let value = StatementValue::Proportion { count: None, total: None, percent: Some(percent) };
        if !candidates.offer(previous_start, previous_end, value) {
            return;
        }
        start = previous_start;
    }
}

/// Words that a number names rather than counts when it follows them: "group 1", "week 12".
const NUMBER_LABELS: &[&[u8]] = &[
    b"arm", b"cohort", b"cycle", b"day", b"dose", b"figure", b"grade", b"group", b"hour", b"level",
    b"month", b"no", b"part", b"period", b"phase", b"session", b"stage", b"step", b"study",
    b"table", b"trial", b"type", b"visit", b"week", b"year",
];

/// Tells whether the text before a number ends with a word that makes the number a label.
fn labelled_number(before: &[u8]) -> bool {
    let before = before.trim_ascii_end();
    let word_start =
        before.iter().rposition(|byte| !byte.is_ascii_alphabetic()).map_or(0, |at| at + 1);
    let word = before.get(word_start..).unwrap_or_default().to_ascii_lowercase();
    let singular = word.strip_suffix(b"s").unwrap_or(&word);
    NUMBER_LABELS.contains(&singular) || NUMBER_LABELS.contains(&word.as_slice())
}

/// A confidence interval's name right after a percentage: the percentage is its level.
static CONFIDENCE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(?:CI|C\.I\.|CrI|Cl\b|(?i:confidence|credible))"));

/// A comparison right after a percentage inside its bracket: "(89 percent vs. 2 percent".
static COMPARED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^\s*(?:%|(?i:percent|per\s+cent))?\s*(?i:vs\.?|versus|v\.|compared\s+with)\s*[0-9]")
});

/// A bracketed percentage, then a parallel bracket opening right before another: "group (26%)
/// and in the control group (", "(7.1% and 11.0%) as compared with those in placebo group (".
static PARALLEL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?P<prev>{NUM})\s*(?P<sign>%)\s*[)\]]\s*,?\s*(?i:and|vs\.?|versus|(?:as\s+)?compared\s+(?:with|to)|than)\s+",
        r"[^()\[\];.0-9%]{1,60}[(\[]\s*$",
    ))
});

/// A group named right before a bracket that opens on a percentage: "in XS0601 group (7.1%",
/// "in the placebo arm (".
static GROUP_BRACKET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\bin\s+(?:the\s+)?[A-Za-z0-9-]+(?:\s+[A-Za-z0-9-]+)?\s+(?:group|arm|cohort)\s*[(\[]\s*)$",
    )
});

/// A second group's bracketed percentage right after a first's, the groups named as such:
/// "placebo (93%) and streptokinase (98%) groups", "(29%) and the placebo group (21%"; not
/// "total cholesterol (9%) and LDL cholesterol (12%)", which are changes in two measures.
static GROUP_COMPARED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"^\s*(?:%|(?i:percent|per\s+cent))?\s*[)\]]\s*,?\s*(?i:and|vs\.?|versus|v\.|compared\s+(?:with|to)|than)\s+",
        r"(?:[^()\[\];.0-9]{0,40}\b(?i:groups?|arms?)\s*[(\[]\s*[0-9.]+\s*(?:%|(?i:percent|per\s+cent))",
        r"|[^()\[\];.0-9]{1,40}[(\[]\s*[0-9.]+\s*(?:%|(?i:percent|per\s+cent))\s*[)\]]\s*(?i:groups|arms)\b)",
    ))
});

/// A percentage of a subgroup right after it: "1016 patients (45 percent of whom had ventricular
/// fibrillation": the count is the group, not the subgroup.
static SUBGROUP_SHARE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^\s*(?:%|(?i:percent|per\s+cent))?\s*(?i:of\s+(?:whom|which|these|them|those))\b")
});

/// Another total between a count and its percentage: "Of 46 patients, eight of 19 (42%)".
static ANOTHER_TOTAL: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i:\bof\s+(?:the\s+)?[0-9])"));

/// Tells whether the percentage a layout paired with a count belongs to something else: a
/// comparison inside the bracket ("1 of the 52 given placebo (89 percent vs. 2 percent") pairs
/// two groups' percentages, and another "of N" between the count and its percentage ("Of 46
/// patients, eight of 19 (42%)") gives the percentage another total.
fn belongs_elsewhere(
    segment: &str,
    count: Option<Match<'_>>,
    total: Option<Match<'_>>,
    percent: Option<Match<'_>>,
) -> bool {
    let (Some(count), Some(percent)) = (count, percent) else {
        return false;
    };
    let bytes = segment.as_bytes();
    if count.start() < percent.start() {
        let after = bytes.get(percent.end()..).unwrap_or(&[]);
        if COMPARED_AFTER.is_match(after) || SUBGROUP_SHARE_AFTER.is_match(after) {
            return true;
        }
        let between = bytes.get(count.end()..percent.start()).unwrap_or(&[]);
        let total_between = total.is_some_and(|total| total.start() > count.end());
        if !total_between && ANOTHER_TOTAL.is_match(between) {
            return true;
        }
    }
    false
}

/// Parses the percentage of a match: digits with any percent sign, words only before "percent".
fn percent_of(candidates: &Candidates<'_>, captures: &Captures<'_>) -> Option<Number> {
    let found = captures.name("p")?;
    if let Some(number) = candidates.number(Some(found)) {
        return Some(number);
    }
    let sign = captures.name("pct")?;
    if sign.as_bytes() == b"%" {
        return None;
    }
    candidates.count(Some(found))
}

/// A flow verb right before "x of N": "We enrolled 39 of 1422 patients".
static FLOW_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:enrol\w*|includ\w*|randomi[sz]ed|recruit\w*|screen\w*|select\w*|identif\w*|invit\w*|approach\w*|allocat\w*|assign\w*))\s*$",
    )
});

/// Tells whether an "Of N, x …" or "x of N patients" match without a percentage counts a flow step.
fn is_flow(segment: &str, start: usize, captures: &Captures<'_>) -> bool {
    let before = window(segment, start.saturating_sub(30), start);
    if FLOW_BEFORE.is_match(before.as_bytes()) {
        return true;
    }
    let Some(last) =
        ["x", "n"].into_iter().filter_map(|name| captures.name(name)).max_by_key(|m| m.end())
    else {
        return false;
    };
    let after = segment.as_bytes().get(last.end()..).unwrap_or(&[]);
    FLOW_AFTER.is_match(after)
}

/// Tells whether the count of an "x (p%)" looks like a count: not a year, a grade, a week or a decimal.
fn is_count(segment: &str, count: Match<'_>) -> bool {
    let written = count.as_bytes();
    let year = written.len() == 4
        && std::str::from_utf8(written)
            .ok()
            .and_then(|text| text.parse::<u32>().ok())
            .is_some_and(|value| (1900..=2100).contains(&value));
    let before = window(segment, count.start().saturating_sub(16), count.start());
    let glued = before.as_bytes().ends_with(b"-")
        && before.len() >= 2
        && before.as_bytes().get(before.len() - 2).is_some_and(u8::is_ascii_alphanumeric);
    !year && !glued && !NOT_A_COUNT_BEFORE.is_match(before.as_bytes())
}

/// Words after a count that make it a measure, not a count of things: units and times.
static MEASURE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:mg|g|kg|mcg|ug|ml|l|dl|mmol|mol|units?|iu|years?|yrs?|months?|mo|weeks?|wks?|days?|hours?|hrs?|h|",
        r"min|mins|minutes?|seconds?|s|times?|fold|points?|cm|mm|m|km|mmhg|bpm|percent|per|cent|versus|vs|and|or|to|",
        r"at|in|on|for|with|from|by|of|than|was|were|is|are|pm|am|after|before|during|among|into|within|without|per|each|plus|via|mean|median|sd|se|ci|range|iqr|total)\b)",
    ))
});

/// Tells whether the words between a count and its percentage name what is counted, not a unit or a clause.
fn names_units(words: &[u8]) -> bool {
    let first_and_rest: Vec<&[u8]> =
        words.split(|byte| byte.is_ascii_whitespace()).filter(|word| !word.is_empty()).collect();
    // "the one plus one lottery ticket group (62.0%)": a group's name, not what is counted.
    if first_and_rest.last().is_some_and(|word| {
        let word = word.to_ascii_lowercase();
        matches!(word.as_slice(), b"group" | b"groups" | b"arm" | b"arms")
    }) {
        return false;
    }
    !first_and_rest.iter().any(|word| {
        let Some(found) = MEASURE_WORD.find(word) else {
            return false;
        };
        found.start() == 0 && found.end() == word.len()
    })
}

/// Tells whether the text before a percentage ends with "by": "and by 10.3% of those who
/// received", where whom it is of makes the "by" agentive.
fn ends_with_by(before: &str) -> bool {
    let trimmed = before.trim_end().as_bytes();
    trimmed.len() >= 3
        && trimmed[trimmed.len() - 2..].eq_ignore_ascii_case(b"by")
        && !trimmed[trimmed.len() - 3].is_ascii_alphanumeric()
}

/// Tells whether the percentage written at `start..end` (sign included) is a share of units.
fn is_share(segment: &str, start: usize, end: usize) -> bool {
    is_share_within(segment, start, end, 3)
}

/// [`is_share`], following a percentage's siblings ("from 9.1% to 7.2%", "8.1% vs 8.2%") back at
/// most `depth` times: a sibling is what the first of them is.
fn is_share_within(segment: &str, start: usize, end: usize, depth: u8) -> bool {
    let bytes = segment.as_bytes();
    let after = bytes.get(end..).unwrap_or(&[]);
    let before = window(segment, start.saturating_sub(80), start);
    let offset = start - before.len();
    let from_before = |at: usize| {
        let lead = window(segment, at.saturating_sub(12), at);
        FROM_BEFORE.is_match(lead.as_bytes())
    };
    // "noted by 35% of the PC group", "silodosin 28.1% of patients", "66.2% complete responders":
    // whom the percentage is of outweighs a "by", a drug's name before it or a word after it.
    let of_people = UNITS_AFTER.is_match(after) || BREAKDOWN_BEFORE.is_match(before.as_bytes());
    if (!follower_allows_share(after) && !of_people)
        || SIGN_BEFORE.is_match(before.as_bytes())
        || RELATIVE_OF.is_match(after)
        || RANK_BEFORE.is_match(before.as_bytes())
        || (CHANGE_BEFORE.is_match(before.as_bytes())
            && !BY_BEFORE.is_match(before.as_bytes())
            && !(of_people && ends_with_by(before)))
        || DISPERSION_BEFORE.is_match(before.as_bytes())
        || HETEROGENEITY_BEFORE.is_match(before.as_bytes())
        || THRESHOLD_AFTER.is_match(after)
        || CHANGE_AFTER_BRACKET.is_match(after)
        || (!of_people && follows_a_drug(before))
        || ASSUMED_BEFORE.is_match(before.as_bytes())
        || REPORTED_ELSEWHERE_BEFORE.is_match(before.as_bytes())
        || (!of_people && COMPOSITION_AFTER.is_match(after))
    {
        return false;
    }
    // "13% vs. 3.5% retention", "5.0%, 3.2%, and 1.5% per 100 patient-years": the members of a
    // list qualify the noun after the last.
    let mut rest = after;
    for _ in 0..8 {
        let Some(sibling) = SIBLING_AFTER.find(rest) else {
            break;
        };
        rest = rest.get(sibling.end()..).unwrap_or(&[]);
        if CONFIDENCE_AFTER.is_match(rest) {
            // "54.6%, 95% CI 23.4, 83.3%": the next percentage is a confidence level.
            break;
        }
        if !follower_allows_share(rest) {
            return false;
        }
    }
    let reported = || !GENERAL_TRUTH.is_match(sentence_before(segment, start).as_bytes());
    let range_of_units = RANGE_OF_UNITS.is_match(after) && reported();
    if RANGE_AFTER.is_match(after) && !(from_before(start) && reported()) && !range_of_units {
        // "occurs in 20% to 40%": ranges of shares are mostly background figures, unless they
        // say of whom ("11.7% to 14.6% of dapagliflozin patients").
        return false;
    }
    let units_after = of_people;
    let of_after = skip_spaces(after).starts_with(b"of ");
    if THRESHOLD_BEFORE.is_match(before.as_bytes())
        && !units_after
        && !HEDGED_IN_BEFORE.is_match(before.as_bytes())
    {
        // "MPR ≥ 80%" is a threshold; "occurred in >90%" is a hedged share.
        return false;
    }
    if let Some(sibling) = SIBLING_BEFORE.captures(before.as_bytes())
        && let Some(previous) = sibling.name("prev")
    {
        let previous_start = offset + previous.start();
        let previous_end = offset + sibling.name("sign").map_or(previous.end(), |sign| sign.end());
        let has_sign = sibling.name("sign").is_some();
        let year = previous.as_bytes().len() == 4 && !previous.as_bytes().contains(&b'.');
        let apart = sibling.name("between").is_some_and(|between| !between.as_bytes().is_empty());
        if year {
            // "in 1984-1986 to 6.7%": a year, not a bound.
        } else if apart && !has_sign {
            // "12 patients in the other arm and 45%": not a sibling.
        } else if sibling.name("dash").is_some() && !apart {
            // "50%-80%": a range of percentages, not a result.
            return false;
        } else if sibling.name("to").is_some()
            && !apart
            && !(has_sign
                && (from_before(previous_start) || OF_UNITS_AFTER.is_match(after))
                && reported())
        {
            // "50 to 80%": a range written with one sign.
            return false;
        } else {
            let shares_the_sign =
                has_sign || sibling.name("versus").is_some_and(|v| v.as_bytes() != b",");
            // "50%, 37%, and 30% of patients": whom the last is of decides, not its siblings.
            if shares_the_sign && depth > 0 && !units_after {
                return is_share_within(segment, previous_start, previous_end, depth - 1);
            }
        }
    }
    if !units_after
        && depth > 0
        && let Some(parallel) = PARALLEL_BEFORE.captures(before.as_bytes())
        && let (Some(previous), Some(sign)) = (parallel.name("prev"), parallel.name("sign"))
        && CHANGE_IN_CLAUSE.is_match(clause_before(segment, offset + previous.start()).as_bytes())
        && !SHARE_IN_CLAUSE.is_match(sentence_before(segment, start).as_bytes())
        && !is_share_within(segment, offset + previous.start(), offset + sign.end(), depth - 1)
    {
        // "strength increased in the exercise group (26%) and in the control group (11%)": a
        // bracket parallel to one that holds a change holds a change too.
        return false;
    }
    if units_after || of_after {
        return true;
    }
    if SUMMARY_BEFORE.is_match(before.as_bytes()) {
        return false;
    }
    let clause = clause_before(segment, start).as_bytes();
    if RATE_PER_TIME.is_match(sentence_before(segment, start).as_bytes()) {
        return false;
    }
    if SHARE_IN_CLAUSE.is_match(clause) {
        return true;
    }
    let sentence = sentence_before(segment, start).as_bytes();
    // "reductions in intracranial hemorrhage (0.5% vs. 0.7%": the groups' shares; "reduced to a
    // greater extent with valsartan (28% vs. 2%" and "a decrease from baseline (75% vs. 23%" are
    // the changes themselves.
    // "was reduced from 25.5% to 24.2%": the levels before and after a change, not the change.
    let from_to = FROM_TO_BEFORE.is_match(before.as_bytes());
    let compared_in_brackets = before.trim_end().ends_with('(')
        && (COMPARED_AFTER.is_match(after) || GROUP_COMPARED_AFTER.is_match(after))
        && CHANGE_IN_SOMETHING.is_match(clause);
    // "The incidence of recurrent angina ... was significantly reduced in XS0601 group (7.1% and
    // 11.0%)": in a sentence about a share, a group's bracket holds its shares, whatever changed
    // ("strength increased in the exercise group (26%)" is the change itself).
    let group_bracket = GROUP_BRACKET_BEFORE.is_match(before.as_bytes())
        && SHARE_IN_CLAUSE.is_match(sentence_before(segment, start).as_bytes());
    let change = CHANGE_IN_CLAUSE.is_match(clause);
    let change_itself = change && !(compared_in_brackets || from_to || group_bracket);
    !(MEASURED_IN_CLAUSE.is_match(clause) || change_itself || VALUE_IN_SENTENCE.is_match(sentence))
}

/// Quantities that are percentages by nature, named anywhere in the sentence before: a percentage
/// in such a sentence is their value unless its clause names a share.
static VALUE_IN_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\bhba\s*\(\s*1c\s*\)|\b(?:hba1c|a1c|glycated|glycosylated|h(?:a)?ematocrit|bmd|bone\s+mineral|body\s+fat|",
        r"intensity|ejection\s+fraction|lvef|saturation|spo2|sao2|%\s*predicted|weight\s+loss|average|mean|",
        r"patient-years?|person-years?)\b)",
    ))
});

/// The sentence before a position, at most 240 bytes back: from the last full stop that ends a
/// sentence, or a line break.
fn sentence_before(segment: &str, position: usize) -> &str {
    let before = window(segment, position.saturating_sub(240), position);
    let bytes = before.as_bytes();
    let start = (0..bytes.len())
        .rev()
        .find(|&index| match bytes.get(index) {
            Some(b'\n') => true,
            Some(b'.') => {
                bytes.get(index + 1) == Some(&b' ')
                    && bytes.get(index + 2).is_some_and(|next| next.is_ascii_uppercase())
            }
            _ => false,
        })
        .map_or(0, |index| index + 1);
    before.get(start..).unwrap_or("")
}

/// The clause before a position, at most 120 bytes back: from the last comma, semicolon, closing
/// bracket, sentence end or standalone number; an opening bracket right before the number does
/// not end it ("hematocrit (20.4 vs. 21.7 percent", "neutropenia (37%)").
fn clause_before(segment: &str, position: usize) -> &str {
    let before = window(segment, position.saturating_sub(120), position);
    let bytes = before.as_bytes();
    let is_letter = |index: usize| bytes.get(index).is_some_and(u8::is_ascii_alphabetic);
    let boundary = (0..bytes.len()).rev().find(|&index| match bytes.get(index) {
        Some(b';' | b')' | b']' | b',' | b'\n') => true,
        Some(b'.') => bytes.get(index + 1).is_none_or(|next| *next == b' '),
        // A digit inside a word ("HbA1c", "FEV1") does not end the clause.
        Some(b'0'..=b'9') => !is_letter(index + 1) && !glued_to_letters(bytes, index),
        _ => false,
    });
    before.get(boundary.map_or(0, |index| index + 1)..).unwrap_or("")
}

/// Tells whether the run of digits ending at `index` is glued to letters on its left ("HbA1", "FEV1").
fn glued_to_letters(bytes: &[u8], index: usize) -> bool {
    let mut first = index;
    while first > 0 && bytes.get(first - 1).is_some_and(u8::is_ascii_digit) {
        first -= 1;
    }
    first > 0 && bytes.get(first - 1).is_some_and(u8::is_ascii_alphabetic)
}

/// A form a drug is given in, or its salt, right before a percentage ("desonide ointment, 0.05%",
/// "phenylephrine HCl 10%"): the percentage is its strength.
static FORMULATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:ointment|cream|gel|lotion|solution|suspension|emulsion|drops|spray|foam|varnish|mouthwash|rinse|shampoo|hcl|hydrochloride))\s*,?\s*$",
    )
});

/// Tells whether a drug's name, or a form it is given in, ends right before a percentage:
/// "5-fluorouracil 5% (5-FU)" and "desonide ointment, 0.05%" are concentrations.
fn follows_a_drug(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() || trimmed.is_empty() {
        return false;
    }
    if FORMULATION_BEFORE
        .is_match(window(before, before.len().saturating_sub(24), before.len()).as_bytes())
    {
        return true;
    }
    let tail = window(trimmed, trimmed.len().saturating_sub(40), trimmed.len());
    crate::lexicon::mentions(tail).iter().any(|mention| {
        mention.kind == crate::lexicon::EntityKind::Intervention && mention.end == tail.len()
    })
}

/// Capitalized words that start a sentence, after a percentage in a text that lost its full stops.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "No",
    "In",
    "There",
    "This",
    "These",
    "A",
    "An",
    "All",
    "Among",
    "After",
    "At",
    "We",
    "Our",
    "It",
    "Both",
    "Of",
    "Overall",
    "However",
    "Patients",
    "Results",
    "Conclusion",
    "Conclusions",
    "Thus",
    "Therefore",
    "Only",
    "Most",
    "Side",
    "Adverse",
    "Treatment",
    "During",
];

/// Tells whether what follows a percentage lets it be a share: punctuation, or a word of [`SHARE_FOLLOWERS`].
fn follower_allows_share(after: &[u8]) -> bool {
    // A letter or hyphen glued to the sign makes a compound ("19.0%-point", "5%w/v").
    if after
        .first()
        .is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte >= 0x80 || *byte == b'-')
    {
        // A Unicode space right after the sign is still a space.
        let unicode_space = after.starts_with("\u{a0}".as_bytes())
            || after.starts_with("\u{2009}".as_bytes())
            || after.starts_with("\u{202f}".as_bytes());
        if !unicode_space {
            return false;
        }
    }
    let rest = skip_spaces(after);
    let Some(&first) = rest.first() else {
        return true;
    };
    if matches!(first, b')' | b']' | b'}' | b',' | b';' | b':' | b'.' | b'(' | b'[' | b'"' | b'\'')
    {
        return true;
    }
    if !first.is_ascii_alphabetic() {
        return false;
    }
    let word_end = rest.iter().position(|byte| !byte.is_ascii_alphabetic()).unwrap_or(rest.len());
    let written = rest.get(..word_end).unwrap_or(&[]);
    if SENTENCE_STARTERS.iter().any(|starter| starter.as_bytes() == written) {
        // "were 6.5, 29.7 and 7.9% No marked adverse reactions": a sentence whose full stop was lost.
        return true;
    }
    let word = written.to_ascii_lowercase();
    // "74% achieving the target": a participle says what the share did.
    let participle = word.len() > 5 && word.ends_with(b"ing");
    // "7% as compared with 30%": a comparison, unlike "0.9% as placebo" or "50% as fat".
    let compared = word == b"as"
        && rest.get(word_end..).is_some_and(|tail| {
            let tail = skip_spaces(tail);
            [&b"compared"[..], b"opposed", b"against"].iter().any(|next| tail.starts_with(next))
        });
    participle
        || compared
        || SHARE_FOLLOWERS.iter().any(|follower| follower.as_bytes() == word.as_slice())
}

/// Skips ASCII and common Unicode spaces.
fn skip_spaces(mut rest: &[u8]) -> &[u8] {
    loop {
        if let Some((first, tail)) = rest.split_first()
            && first.is_ascii_whitespace()
        {
            rest = tail;
            continue;
        }
        let unicode = ["\u{a0}", "\u{2009}", "\u{202f}"]
            .into_iter()
            .find(|space| rest.starts_with(space.as_bytes()));
        match unicode {
            Some(space) => rest = rest.get(space.len()..).unwrap_or(&[]),
            None => return rest,
        }
    }
}

/// Tells whether a bare `x/N` is a count out of a total, not a unit, date, phase or fraction.
fn is_bare_count(segment: &str, captures: &Captures<'_>) -> bool {
    let (Some(whole), Some(count), Some(total)) =
        (captures.get(0), captures.name("x"), captures.name("n"))
    else {
        return false;
    };
    let parse_digits =
        |found: Match<'_>| std::str::from_utf8(found.as_bytes()).ok()?.parse::<u64>().ok();
    let (Some(x), Some(n)) = (parse_digits(count), parse_digits(total)) else {
        return false;
    };
    let after = segment.as_bytes().get(whole.end()..).unwrap_or(&[]);
    let before = window(segment, whole.start().saturating_sub(12), whole.start());
    let fraction_of_a_thing = n <= 4 && WORD_AFTER.is_match(after) && !PEOPLE_AFTER.is_match(after);
    let years = (1900..=2100).contains(&x) && (1900..=2100).contains(&n);
    // "between 38 0/7 and 38 6/7 weeks": days of a gestational week after its weeks.
    let gestation = n == 7
        && x < 7
        && before.trim_end().bytes().last().is_some_and(|byte| byte.is_ascii_digit())
        && before.ends_with(' ');
    // "SAKK 09/10": a count is never written with a leading zero.
    let padded = count.as_bytes().len() > 1 && count.as_bytes().first() == Some(&b'0');
    if padded {
        return false;
    }
    x <= n
        && n > 1
        && !fraction_of_a_thing
        && !years
        && !gestation
        && !NOT_A_COUNT_AFTER.is_match(after)
        && !NOT_A_COUNT_BEFORE.is_match(before.as_bytes())
        // "an MMSE score of more than 23/30": a threshold on a score.
        && !THRESHOLD_BEFORE.is_match(before.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statements::Hints;

    /// A proportion's (count, total, percent).
    type Values = (Option<f64>, Option<f64>, Option<f64>);

    /// The proportions read from `text` as (count, total, percent) and their spans' text.
    fn read(text: &str) -> Vec<(Values, &str)> {
        let mut statements = crate::statements::scan(text, 0, Hints::default());
        statements.sort_by_key(|statement| statement.start);
        statements
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::Proportion { count, total, percent } => Some((
                    (
                        count.as_ref().map(|n| n.value),
                        total.as_ref().map(|n| n.value),
                        percent.as_ref().map(|n| n.value),
                    ),
                    text.get(statement.start..statement.end).unwrap_or(""),
                )),
                _ => None,
            })
            .collect()
    }

    /// The proportions read from `text` as (count, total, percent), without their spans.
    fn values(text: &str) -> Vec<Values> {
        read(text).iter().map(|(values, _)| *values).collect()
    }

    #[test]
    fn change_and_summary_searched_with_unbounded_stretches_match_as_written() {
        let texts = [
            format!("the reduction in {} was ", "a b".repeat(19)),
            format!("the reduction in {} was ", "a b".repeat(21)),
            format!("Mean {} 4, the median {}", "x".repeat(50), "y".repeat(58)),
            format!("the mean of the {} and average", "z".repeat(61)),
            "improved significantly by about ".to_owned(),
        ];
        for pattern in [&*CHANGE_BEFORE, &*SUMMARY_BEFORE] {
            let Some(exact) = pattern.exact() else {
                panic!("a bounded stretch");
            };
            for text in &texts {
                let bytes = text.as_bytes();
                for start in 0..=bytes.len() {
                    for end in start..=bytes.len() {
                        let window = &bytes[start..end];
                        assert_eq!(pattern.is_match(window), exact.is_match(window), "{text}");
                    }
                }
            }
        }
    }

    #[test]
    fn list_members_take_their_headers_total_only_where_it_fits() {
        // 31840239 (dev2 fixtures).
        let text = "A total of 611 clinicians of whom 176 (28.8%) were doctors, 123 (20.1%) were nurses, and 312 (51.1%) were paramedics.";
        let totals: Vec<Option<f64>> = read(text).iter().map(|((_, n, _), _)| *n).collect();
        assert_eq!(totals, [Some(611.0), Some(611.0), Some(611.0)]);
        // 40 (20%) is 40 of 200, not of 51: the header's total does not fit, so none is given.
        let other = "The study involved 51 subjects, of whom 20 (39%) had an attempt, and 40 (20%) of the controls had one.";
        let totals: Vec<Option<f64>> = read(other).iter().map(|((_, n, _), _)| *n).collect();
        assert_eq!(totals, [Some(51.0), None]);
    }

    #[test]
    fn a_shared_percent_sign_reaches_back_over_numbers_but_not_over_labels() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|((_, _, percent), _)| *percent).collect()
        };
        assert_eq!(
            percents("Response rates were 73.5, 90.0 and 28.8%, respectively."),
            [Some(73.5), Some(90.0), Some(28.8)]
        );
        assert_eq!(
            percents(
                "Pregnancy rate was 23.4% in group 1, 27.5% in group 2, and 28.1% in group 3."
            ),
            [Some(23.4), Some(27.5), Some(28.1)]
        );
        assert_eq!(
            percents("At month 6, 83.7 and 77.8% of patients responded."),
            [Some(83.7), Some(77.8)]
        );
        assert_eq!(
            percents("It rose to 80% by week 12, 85% by week 24."),
            [Some(80.0), Some(85.0)]
        );
    }

    #[test]
    fn counts_and_totals_written_before_or_after_the_percentage_in_one_bracket() {
        assert_eq!(
            values("Imaging was recommended after CT (25 of 71 patients, 35%) than after DSA."),
            [(Some(25.0), Some(71.0), Some(35.0))]
        );
        assert_eq!(
            values("Diagnosis was more frequent in cases (31%, 10 of 32) than controls."),
            [(Some(10.0), Some(32.0), Some(31.0))]
        );
        assert_eq!(
            values("The rate fell from 20.0% ([4/20] 95% CI = 5.7%-43.7%) with untreated plasma."),
            [(Some(4.0), Some(20.0), Some(20.0))]
        );
        assert_eq!(
            values(
                "Of the 714 patients enrolled in the initial trials, 581 (81%) enrolled in the extension."
            ),
            [(Some(581.0), Some(714.0), Some(81.0))]
        );
        // A longer header with a bare count is a flow count, not a result.
        assert_eq!(
            values("Of the 202 patients randomized to placebo, 162 reached the add-on phase."),
            []
        );
    }

    #[test]
    fn relative_quantities_are_not_shares() {
        for text in [
            "Recurrences fell: 44% (95% CI 7-66) risk reduction.",
            "LDL was 3.4% (P = 0.03) higher than with placebo.",
            "The difference amounted to around 10% of the average quantity of salt.",
            "Carotid artery compliance increased significantly 23% following stretching.",
        ] {
            assert_eq!(read(text), [], "{text}");
        }
        // A comparison of two shares in a bracket after a change word stays two shares.
        assert_eq!(
            read("The incidence of lung injury was reduced (36.6% versus 51%, P = 0.04).").len(),
            2
        );
    }

    #[test]
    fn a_bare_bracketed_count_after_a_percentage_when_people_follow() {
        assert_eq!(
            values("By then 73% (24) controls had received sequencing."),
            [(Some(24.0), None, Some(73.0))]
        );
        // Without people after it, the bracket may be a citation or anything else: the share stays alone.
        assert_eq!(values("Rates of 73% (24) were reported before."), [(None, None, Some(73.0))]);
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&LAYOUTS);
        LazyLock::force(&NOT_A_COUNT_AFTER);
        LazyLock::force(&WORD_AFTER);
        LazyLock::force(&PEOPLE_AFTER);
        LazyLock::force(&NOT_A_COUNT_BEFORE);
        LazyLock::force(&FLOW_AFTER);
        LazyLock::force(&MEASURED_IN_CLAUSE);
        LazyLock::force(&CHANGE_IN_CLAUSE);
        LazyLock::force(&CHANGE_IN_SOMETHING);
        LazyLock::force(&RATE_PER_TIME);
        LazyLock::force(&FROM_TO_BEFORE);
        LazyLock::force(&WHOM_HEADER);
        LazyLock::force(&HETEROGENEITY_BEFORE);
        LazyLock::force(&SUBGROUP_SHARE_AFTER);
        LazyLock::force(&SHARE_IN_CLAUSE);
        LazyLock::force(&SUMMARY_BEFORE);
        LazyLock::force(&VALUE_IN_SENTENCE);
        LazyLock::force(&OF_COUNT);
        LazyLock::force(&UNITS_AFTER);
        LazyLock::force(&RELATIVE_OF);
        LazyLock::force(&CHANGE_BEFORE);
        LazyLock::force(&THRESHOLD_BEFORE);
        LazyLock::force(&RANK_BEFORE);
        LazyLock::force(&SIGN_BEFORE);
        LazyLock::force(&SIBLING_BEFORE);
        LazyLock::force(&RANGE_AFTER);
        LazyLock::force(&CHANGE_AFTER_BRACKET);
        LazyLock::force(&FROM_BEFORE);
        LazyLock::force(&MEASURE_WORD);
        LazyLock::force(&FLAG_MASKS);
        LazyLock::force(&COMPARED_AFTER);
        LazyLock::force(&CONFIDENCE_AFTER);
        LazyLock::force(&ANOTHER_TOTAL);
        LazyLock::force(&FLOW_BEFORE);
        LazyLock::force(&DISPERSION_BEFORE);
        LazyLock::force(&THRESHOLD_AFTER);
        LazyLock::force(&SIBLING_AFTER);
        LazyLock::force(&SHARED_SIGN_BEFORE);
    }

    #[test]
    fn percentages_that_are_shares() {
        // Sentences from the development corpus (1853794, 2699786, 23312881, 17511685, 31839880).
        let cure = "the cure rates at 6 weeks for the single-dose treatments were 52% and 38%, respectively";
        assert_eq!(
            read(cure),
            [((None, None, Some(52.0)), "52%"), ((None, None, Some(38.0)), "38%")]
        );
        let groups = "classified as typical in 80% of group I, in 85% of group II, but in only 45% of group III.";
        assert_eq!(read(groups).len(), 3);
        let events = "grade 3/4 adverse events were neutropenia (37%), fatigue (33%) and hypertension (30%).";
        let percents: Vec<Option<f64>> = read(events).iter().map(|(values, _)| values.2).collect();
        assert_eq!(percents, [Some(37.0), Some(33.0), Some(30.0)]);
        let relapse =
            "2 of whom were in the withdrawal arm (relapse rate 54.6%, 95% CI 23.4, 83.3%)";
        assert_eq!(read(relapse), [((None, None, Some(54.6)), "54.6%")]);
        let survival =
            "One-year patient survival was 85.7% (placebo) and 88.8% (steroid) (p = 0.572).";
        assert_eq!(read(survival).len(), 2);
        let accuracy = "is 62% sensitive and 93% specific in identifying tumors";
        assert_eq!(read(accuracy).len(), 2);
        let hedged = "At baseline, almost 20% of patients were in the worst health state; >90% of participants agreed.";
        assert_eq!(read(hedged).len(), 2);
        let words = "Twenty-three percent had complete remission; 39% had partial remission.";
        assert_eq!(
            read(words),
            [((None, None, Some(23.0)), "Twenty-three percent"), ((None, None, Some(39.0)), "39%")]
        );
        let from_to = "adherence (MPR ≥ 80%) significantly improved from 50% to 92% (p = 0.03)";
        let percents: Vec<Option<f64>> = read(from_to).iter().map(|(values, _)| values.2).collect();
        assert_eq!(percents, [Some(50.0), Some(92.0)]);
    }

    #[test]
    fn percentages_that_are_not_shares() {
        for text in [
            "HbA1c fell from 9.1% to 7.2% at week 24.",
            "treated with 2% minoxidil twice daily",
            "0.25% bupivacaine was infiltrated",
            "the intervention reduced the rate by 54% compared with control",
            "a mean increase of 38% in flow",
            "a 38% increase in flow",
            "adherence was defined as MPR ≥ 80%.",
            "patients in the top 10% of the distribution",
            "rates of recurrence (50%-80%) are reported",
            "with 80% power to detect a difference",
            "the effect of intervention was 19.0%‐point (95% CI 16.7 to 21.3)",
            "FEV1 was 65% predicted",
            "a mean weight loss of 11% after surgery",
            "the dose intensity was 134%",
            "Effect of desonide ointment, 0.05%, on the adrenal axis",
            "randomized to R-salbutamol cream 0.5% and placebo",
            "after topical application of phenylephrine HCl 10% and tropicamide",
        ] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn counts_with_percentages_and_totals() {
        for (text, expected) in [
            ("In the ViviScal group, 19 (95%) subjects showed", (Some(19.0), None, Some(95.0))),
            ("fewer deaths (seven [3%] vs 18 [9%]; P = .008)", (Some(7.0), None, Some(3.0))),
            ("Forty-four percent (24 of 54) of the patients", (Some(24.0), Some(54.0), Some(44.0))),
            ("in the UFH group (seven of 67) than", (Some(7.0), Some(67.0), None)),
            ("(38 of 215, 18%) compared with", (Some(38.0), Some(215.0), Some(18.0))),
            (
                "Of 379 patients, a total of 44 patients (11.6%) experienced spasm",
                (Some(44.0), Some(379.0), Some(11.6)),
            ),
            (
                "so that 17 patients (29.8% of the 57 eligible patients) were",
                (Some(17.0), Some(57.0), Some(29.8)),
            ),
            (
                "in the efalizumab group (3.3%; 58/1740 patients) compared",
                (Some(58.0), Some(1740.0), Some(3.3)),
            ),
            (
                "Sixty-one (88 percent) of 69 patients have experienced",
                (Some(61.0), Some(69.0), Some(88.0)),
            ),
            ("Thirty percent (n = 3) of patients", (Some(3.0), None, Some(30.0))),
        ] {
            let found = read(text);
            assert_eq!(
                found.first().map(|(values, _)| *values),
                Some(expected),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn percentages_that_belong_to_something_else() {
        // Corpus 8419816 and 1497159.
        let text = "H. pylori was eradicated in 46, as compared with 1 of the 52 given placebo (89 percent vs. 2 percent, P < 0.001).";
        let found = read(text);
        assert!(
            found.iter().all(|(values, _)| values != &(Some(1.0), Some(52.0), Some(89.0))),
            "{found:?}"
        );
        let text = "RESULTS Of 46 patients, eight of 19 (42%) in the pancuronium group and six of 27 (22%) in the succinylcholine group experienced fasciculations";
        let values: Vec<Values> = read(text).into_iter().map(|(values, _)| values).collect();
        assert_eq!(
            values,
            [(Some(8.0), Some(19.0), Some(42.0)), (Some(6.0), Some(27.0), Some(22.0))]
        );
    }

    #[test]
    fn flow_counts_are_not_results() {
        for text in [
            "Of 132 eligible patients, 113 were randomized.",
            "Of the 43 patients, 40 completed the 1-year follow-up.",
            "We enrolled 39 of 1422 patients screened.",
        ] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
        assert_eq!(read("Of 20 patients, 8 responded").len(), 1);
    }

    #[test]
    fn counts_that_are_not_counts() {
        for text in ["in 2010 (45%) and", "at week 12 (40%)", "grade 3 (20%)"] {
            let found = read(text);
            assert!(found.iter().all(|(values, _)| values.0.is_none()), "{text}: {found:?}");
        }
    }

    #[test]
    fn hedged_shares_and_ranges_that_say_of_whom() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|(values, _)| values.2).collect()
        };
        assert_eq!(
            percents("genital infection was reported in 11.7% to 14.6% of dapagliflozin patients"),
            [Some(11.7), Some(14.6)]
        );
        assert_eq!(
            percents("IgG to HIV-1 Env in >90%, IgG3 in >80%, and IgA in <20% of participants."),
            [Some(90.0), Some(80.0), Some(20.0)]
        );
        // What is generally true is background, not a result; a bare threshold is no share.
        assert!(
            percents("AF is a common complication reported in 20% to 40% of patients").is_empty()
        );
        assert!(percents("adherence was defined as MPR ≥ 80%.").is_empty());
    }

    #[test]
    fn shares_named_by_whom_or_compared_between_groups() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|(values, _)| values.2).collect()
        };
        assert_eq!(
            percents("akathisia was noted by 35% of the PC group and 8% of the OC group"),
            [Some(35.0), Some(8.0)]
        );
        assert_eq!(
            percents("retrograde ejaculation (silodosin 28.1% of patients, placebo 0.9%)"),
            [Some(28.1), Some(0.9)]
        );
        assert_eq!(
            percents(
                "with significant reductions in intracranial hemorrhage (0.5% vs. 0.7%, P=0.02)"
            ),
            [Some(0.5), Some(0.7)]
        );
        // The changes themselves are no shares.
        for text in [
            "ROS formation was reduced to a greater extent with valsartan than with amlodipine (28% vs. 2%, n = 50)",
            "representing a clinically relevant decrease from baseline (75% vs. 23%, respectively)",
            "the intervention reduced the rate by 54% compared with control",
        ] {
            assert!(percents(text).is_empty(), "{text}: {:?}", percents(text));
        }
    }

    #[test]
    fn breakdowns_totals_and_groups_compared_in_brackets() {
        let values = |text: &str| -> Vec<Values> {
            read(text).into_iter().map(|(values, _)| values).collect()
        };
        assert_eq!(
            values("with no difference in placebo (93%) and streptokinase (98%) groups"),
            [(None, None, Some(93.0)), (None, None, Some(98.0))]
        );
        // 11978262 (development corpus): changes in two measures are no shares.
        assert!(
            values(
                "The oats group experienced a significant reduction in both total cholesterol (9%) and low-density lipoprotein cholesterol (14%).",
            )
                .is_empty()
        );
        assert_eq!(
            values("angiography was performed in 75% of the 90 patients eligible"),
            [(None, Some(90.0), Some(75.0))]
        );
        assert_eq!(
            values("936 respondents (29.6% USA, 70.4% EU5) completed the survey"),
            [(None, None, Some(29.6)), (None, None, Some(70.4))]
        );
        assert_eq!(
            values("the PDT group (16 eyes; 88.9%) improved"),
            [(Some(16.0), None, Some(88.9))]
        );
        assert_eq!(values("enrolled; 74% were male (n = 74)."), [(Some(74.0), None, Some(74.0))]);
        assert_eq!(
            values("406 CHC patients, including 98 (24%) IVDUs, were studied"),
            [(Some(98.0), Some(406.0), Some(24.0))]
        );
        assert_eq!(
            values("406 CHC patients, including 30 (24%) IVDUs, were studied")[0].1,
            None,
            "the total must fit"
        );
        assert_eq!(
            values(
                "reported by 9.5% of the treated patients and by 10.3% of those who received it"
            ),
            [(None, None, Some(9.5)), (None, None, Some(10.3))]
        );
        assert_eq!(
            values("In the comparator group 94% improved clinically."),
            [(None, None, Some(94.0))]
        );
        assert_eq!(
            values(
                "The incidence of angina was reduced in XS0601 group (7.1% and 11.0%) as compared with those in placebo group (19.5% and 42.9%)."
            )
            .len(),
            4
        );
        assert!(
            values("Extensor strength increased both in the exercise group (26%) and in the control group (11%).")
                .is_empty(),
            "changes in a group's bracket stay changes"
        );
        for text in [
            "Nulliparous women between 38 0/7 and 38 6/7 weeks of gestation",
            "Assuming a 20% rate in the control group, 200 women were needed",
            "complete responses have been reported in about 60% of cases",
            "formulated with HSA (84% of total protein)",
            "Plasmatein (10%, v/v; 5 mg/ml)",
            "benefit at the ACR criterion of a 20% response",
            "higher HbA (1c) values after 12 weeks of therapy (8.66% vs 7.80%; P = 0.007)",
            "HOMA-S values changed 18.0% for pioglitazone",
        ] {
            assert!(values(text).is_empty(), "{text}: {:?}", values(text));
        }
    }

    #[test]
    fn counts_out_of_a_total_followed_by_who_they_are() {
        let counts = |text: &str| -> Vec<Values> {
            read(text).into_iter().map(|(values, _)| values).collect()
        };
        assert_eq!(
            counts(
                "Bacteria were identified in 23 patients, 11 of 83 undergoing cholecystectomy alone and 12 of 28 undergoing exploration"
            ),
            [(Some(11.0), Some(83.0), None), (Some(12.0), Some(28.0), None)]
        );
        assert_eq!(
            counts(
                "Most patients without a stoma (7 of 12 in CRT group and 9 of 16 in RT group) had incontinence"
            ),
            [(Some(7.0), Some(12.0), None), (Some(9.0), Some(16.0), None)]
        );
        // Arms, weeks and comparisons are no counts of people.
        assert!(
            counts("infants were randomly assigned to 1 of 4 conditions; the first 3 of 4 weeks")
                .is_empty()
        );
    }

    #[test]
    fn lists_follow_their_first_member_unless_they_say_of_whom() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|(values, _)| values.2).collect()
        };
        assert!(
            percents("cardiac index initially fell by 14%, 11%, and 23%, respectively.").is_empty()
        );
        assert_eq!(
            percents(
                "CRC screening was completed by 17.8% in the usual care group, 20.5% in the chart reminder group, and 57.2% in the other group."
            ),
            [Some(17.8), Some(20.5), Some(57.2)]
        );
        // A rate per year is not a share of patients.
        assert!(percents("bleeding occurred in the rivaroxaban group (14.9% per year), with fewer intracranial hemorrhages (0.5% vs. 0.7%)").is_empty());
        assert!(
            percents(
                "a reduction in the annual incidence of invasive breast cancer (0.19% vs. 0.55%)"
            )
            .is_empty()
        );
    }

    #[test]
    fn shares_by_whom_and_things_that_only_look_like_shares() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|(values, _)| values.2).collect()
        };
        assert_eq!(
            percents("rescue medication was required by 48% of the patients in the OC group"),
            [Some(48.0)]
        );
        assert_eq!(
            percents("The mean age of caregivers was 39.1 years and 91% were women."),
            [Some(91.0)]
        );
        assert_eq!(
            percents(
                "Of 1016 patients (45 percent of whom had ventricular fibrillation), 507 were"
            ),
            [Some(45.0)]
        );
        for text in [
            "heterogeneity was high across the studies (I 2 = 89.0%, p < 0.001)",
            "pain on injection of propofol varies from 28% to 90%.",
            "IPE 4 grams/day significantly reduced hsCRP levels 78.0% in statin-treated patients",
            "Oxygen saturation must be greater than 90% for patients with risk of respiratory failure",
        ] {
            assert!(percents(text).is_empty(), "{text}: {:?}", percents(text));
        }
        let counts = |text: &str| -> Vec<Values> {
            read(text).into_iter().map(|(values, _)| values).collect()
        };
        assert_eq!(
            counts("only 1 patient (of 30) in this group received a pain score"),
            [(Some(1.0), Some(30.0), None)]
        );
        assert!(
            counts("the quality assurance program of the randomized trial SAKK 09/10.").is_empty()
        );
    }

    #[test]
    fn a_group_broken_down_by_of_whom_however_far_back() {
        let counts = |text: &str| -> Vec<Values> {
            read(text).into_iter().map(|(values, _)| values).collect()
        };
        assert_eq!(
            counts(
                "127 patients were randomised to a nurse run clinic, of whom 106 (83%) attended."
            ),
            [(Some(106.0), Some(127.0), Some(83.0))]
        );
    }

    #[test]
    fn levels_before_and_after_a_change_and_comparisons_with_as() {
        let percents = |text: &str| -> Vec<Option<f64>> {
            read(text).iter().map(|(values, _)| values.2).collect()
        };
        assert_eq!(
            percents(
                "Restenosis was significantly reduced from 42.2% to 38.6% in the placebo and usual-dose groups."
            ),
            [Some(42.2), Some(38.6)]
        );
        assert_eq!(
            percents(
                "The recurrence rate after tension-free repairs was 7% as compared with 30% after Cooper ligament repair."
            ),
            [Some(7.0), Some(30.0)]
        );
        for text in [
            "with the differences ranging from 20% to 51%.",
            "subjects were prescribed a diet containing 50% as carbohydrate",
            "the study was powered to detect a reduction of PNAC from 25% to 10%.",
        ] {
            assert!(percents(text).is_empty(), "{text}: {:?}", percents(text));
        }
    }
}
