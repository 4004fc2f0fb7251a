//! Design facts: randomization, allocation ratio, blinding, control, phase, significance level,
//! centres, timing (prospective or retrospective), investigator initiation and duration, each
//! with the span it was read from (`Design::evidence`).
//!
//! Each fact is read only where the text says it of the study at hand:
//! "randomized" counts when participants *were randomized* or when *a* or
//! *this* randomized trial is meant, not when the abstract cites other
//! "randomized clinical trials". The same holds for the newer facts:
//! - centres: "a multicentre, randomized trial", "this single-center study", "conducted at a
//!   single institution", "in 12 centres"; never "3 large, multicenter trials" (plural, other
//!   trials) nor a single centre named in a background sentence without a verb of the study;
//!   abstains when single and multiple centres are both said;
//! - timing: "a prospective, randomized trial", "we retrospectively reviewed", "records were
//!   reviewed retrospectively"; "prospectively registered" is trial registration, not timing, and
//!   "prospectively collected data" only the source of data; abstains when both directions are
//!   said of the study ("a retrospective analysis of a prospective trial") and in sentences about
//!   future work ("prospective studies are needed");
//! - investigator-initiated: "investigator-initiated", "investigator initiated", "-led",
//!   "-sponsored"; never false;
//! - duration, in three tiers of which the first that answers wins: the study period named with
//!   the design ("In this 52-week, ... study", "the trial lasted 6 months"), then the treatment
//!   period ("received X or placebo for 12 weeks"), then the follow-up ("followed for 12 months",
//!   "a 5-year follow-up"; never a median or mean follow-up, which is a statistic). A run-in or
//!   washout period is no duration; two different values in the deciding tier give none.
//!
//! A modifier after a comparison ("as large as in a multisite trial") is another study's.
//!
//! Speed: one pass of one pattern of literals over each segment finds the literals every pattern needs
//! ("random", "blind", "phase", "centr", a unit right after a number, ...); the sentence around
//! each hit is found by reading only the bytes near it, and a pattern runs only on the sentences
//! that hold one of its literals.

use std::sync::LazyLock;

use regex::bytes::{Captures, Regex, RegexBuilder};
use trialsift_domain::words::{small_number_word, tens_word};
use trialsift_domain::{Design, Span};

use crate::number::{compile, number_word_value};
use crate::stretch::{Items, Stretch, Stretched};

/// Statements that this study was randomized.
static RANDOMIZED: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:were|was|been|being|are|is)\s+(?:(?:then|subsequently|centrally|equally|prospectively)\s+)?",
        r"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided|selected\s+and\s+assigned))",
        r"|\brandomi[sz]ed\s+(?:(?:in|at)\s+an?\s+)?[0-9]+\s*:\s*[0-9]+",
        r"|\brandomi[sz]ed\s+(?:to|into|between)\b",
        r"|\b(?:underwent|after|before|at\s+the\s+time\s+of|stratified)\s+randomi[sz]ation",
        r"|\b(?:a|an|this|our|the\s+present)\s+(?:[a-z0-9-]+,?\s+){0,8}?randomi[sz]ed(?:,?\s+[a-z-]+){0,6}?,?\s+",
        r"(?:trial|study|pilot|investigation)\b",
        r"|^randomi[sz]ed(?:,?\s+[a-z-]+){0,6}?,?\s+(?:trial|study)\b)",
    ))
});

/// Statements that this study was not randomized.
static NOT_RANDOMIZED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\bnon-?randomi[sz]ed\b|\bsingle[\s-]+arm\b|\bsingle[\s-]+group\b|\buncontrolled\b|\bretrospective(?:ly)?\b|\bobservational\b|\bcase\s+series\b)",
    )
});

/// An allocation ratio next to the word that gives it its meaning.
static RATIO: LazyLock<Stretched> = LazyLock::new(|| {
    Stretched::plain({
        compile(concat!(
            r"(?i:\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|assigned|allocated)\s+(?:(?:in|at)\s+an?\s+)?",
            r"[(\[]?\s*(?P<a>[0-9]{1,2}\s*:\s*[0-9]{1,2}(?:\s*:\s*[0-9]{1,2})?)\b",
            r"|\b(?P<b>[0-9]{1,2}\s*:\s*[0-9]{1,2}(?:\s*:\s*[0-9]{1,2})?)\s+(?:ratio|randomi[sz]ation|allocation)\b)",
        ))
    })
});

/// Blinding values from the most to the least blinded; the first found in this order wins.
static BLINDING: LazyLock<[(Regex, &'static str); 5]> = LazyLock::new(|| {
    [
        (compile(r"(?i:\btriple[\s-]+(?:blind(?:ed)?|mask(?:ed)?)\b)"), "triple"),
        (compile(r"(?i:\bdouble[\s-]+(?:blind(?:ed)?|mask(?:ed)?|dummy)\b)"), "double"),
        (compile(r"(?i:\bsingle[\s-]+(?:blind(?:ed)?|mask(?:ed)?)\b)"), "single"),
        (
            compile(concat!(
                r"(?i:\b(?:evaluator|assessor|observer|rater|examiner|outcome[\s-]+assessor|endpoint|end-point|reader)s?",
                r"[\s-]+(?:blind(?:ed)?|mask(?:ed)?)\b",
                r"|\bblind(?:ed)?\s+(?:evaluators?|assessors?|observers?|raters?|examiners?|outcome\s+assess|end-?points?|readers?)",
                r"|\bassessor[\s-]+blinding\b)",
            )),
            "evaluator",
        ),
        (
            compile(
                r"(?i:\bopen[\s-]+label(?:ed|led)?\b|\bunblinded\b|\bnon-?blinded\b|\bopen\s+(?:trial|study)\b)",
            ),
            "open",
        ),
    ]
});

/// Control values from the strongest to the weakest; the first found in this order wins.
static CONTROL: LazyLock<[(Regex, &'static str); 5]> = LazyLock::new(|| {
    [
        (compile(r"(?i:\bplacebos?\b)"), "placebo"),
        (
            compile(
                r"(?i:\bactive[\s-]+(?:controlled|comparators?|controls?)\b|\bhead[\s-]+to[\s-]+head\b)",
            ),
            "active",
        ),
        (
            compile(concat!(
                r"(?i:\busual[\s-]+care\b|\bstandard[\s-]+(?:of[\s-]+)?care\s+(?:group|arm|alone|control)",
                r"|\bbest\s+supportive\s+care\b)",
            )),
            "usual_care",
        ),
        (
            compile(
                r"(?i:\bhistorical(?:ly)?[\s-]+(?:controls?|cohorts?|comparators?|comparison|controlled)\b)",
            ),
            "historical",
        ),
        (compile(r"(?i:\bsingle[\s-]+arm\b|\bsingle[\s-]+group\b|\buncontrolled\b)"), "none"),
    ]
});

/// A trial phase: arabic or roman numerals, with a second phase after a slash or dash.
static PHASE: LazyLock<Stretched> = LazyLock::new(|| {
    Stretched::plain({
        compile(concat!(
            r"\b(?i:phase)[\s-]*(?P<a>IV|III|II|I|[1-4])(?P<as>[ab])?",
            r"(?:\s*(?:/|-|–|\s(?i:and|or)\s)\s*(?i:phase\s*)?(?P<b>IV|III|II|I|[1-4])(?P<bs>[ab])?)?\b",
        ))
    })
});

/// A significance level the text sets: "p < 0.05 was considered significant", "significance was set at 0.01".
static ALPHA: LazyLock<Stretched> = LazyLock::new(|| {
    stretched_template(concat!(
        r"(?i:\b(?:two-sided\s+|two-tailed\s+)?(?:p|p-values?|p\s+values?)\s*(?:<|≤|<=|＜|&lt;|less\s+than)\s*(?P<a>0?\.[0-9]+)",
        r"MID\b(?:considered|deemed|regarded|defined|taken|accepted|set|indicat|denot)",
        r"|\b(?:significance|alpha)\s+(?:level\s+)?(?:was\s+|is\s+|of\s+)?(?:set\s+)?(?:at|of|=)\s*(?:p\s*[<=]\s*)?(?P<b>0?\.[0-9]+)",
        r"|α\s*=\s*(?P<c>0?\.[0-9]+))",
    ))
});

/// What may open a phrase that describes the study at hand: a determiner, or a design heading.
const LEAD: &str = r"(?P<lead>\b(?:a|an|this|our|the(?:\s+present)?|design\s*:?|setting\s*:?)\s+)";

/// Up to five words (commas allowed) between the lead and the word that gives the fact.
const BEFORE: &str = r"(?P<before>(?:[a-z0-9-]+,?\s+){0,5}?)";

/// Up to six words (commas allowed) between the word that gives the fact and the noun.
const AFTER: &str = r"(?P<after>(?:,?\s+[a-z0-9-]+){0,6}?),?\s+";

/// Up to sixty characters of the same sentence (a full stop only before a digit).
const MID: &str = r"(?:[^.;]|\.[0-9]){0,60}?";

/// The stretches of a template that [`stretched_template`] searches unbounded first (see
/// [`crate::stretch`]): each placeholder, its bound and items, and the stretch unbounded.
/// `BEFORE` stays bounded: its lead is optional and tried first, so unbounded it moves a match's
/// start to the first determiner of any run of words before the number or word, which mostly
/// exceeds the bound and costs the exact regex's search again even in text already seen.
const STRETCHES: [(&str, Stretch, &str); 2] = [
    (
        "AFTER",
        Stretch { group: "after", limit: 6, items: Items::Words },
        r"(?P<after>(?:,?\s+[a-z0-9-]+)*?),?\s+",
    ),
    (
        "MID",
        Stretch { group: "mid", limit: 60, items: Items::Bytes },
        r"(?P<mid>(?:[^.;]|\.[0-9])*?)",
    ),
];

/// Nouns for the study itself (singular only: "trials" are other trials).
const STUDY_NOUN: &str = r"(?P<noun>trial|study|sub-?study|pilot|investigation|experience|cohort|analysis|review|evaluation|audit|survey|project|rct|series|design)\b";

/// A count or duration in words, up to ninety-nine (smaller than `number::NUMBER_WORD`, which
/// reaches the hundreds that no duration or count of centres needs).
const SMALL_NUMBER_WORD: &str = concat!(
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?",
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)",
);

/// A duration's number, in digits or words.
const DURATION_NUMBER: &str = r"(?P<n>[0-9]{1,3}(?:\.[0-9])?|NUMWORD)";

/// A duration's unit.
const DURATION_UNIT: &str = r"(?P<u>weeks?|wks?|months?|mos?|years?|yrs?|days?)\b";

/// Expands a template's placeholders, with `after` and `mid` for the stretches `AFTER` and `MID`.
fn expand(pattern: &str, after: &str, mid: &str) -> String {
    pattern
        .replace("MID", mid)
        .replace("LEAD", LEAD)
        .replace("BEFORE", BEFORE)
        .replace("AFTER", after)
        .replace("STUDY_NOUN", STUDY_NOUN)
        .replace("DURNUM", &DURATION_NUMBER.replace("NUMWORD", SMALL_NUMBER_WORD))
        .replace("WORDNUM", SMALL_NUMBER_WORD)
        .replace("UNIT", DURATION_UNIT)
}

/// Builds a pattern from a template with the placeholders above, searched as written.
fn template(pattern: &str) -> Stretched {
    Stretched::plain(compile(&expand(pattern, AFTER, MID)))
}

/// Builds a pattern from a template with the placeholders above, searched first with its
/// [`STRETCHES`] unbounded: for the patterns whose bounded stretches cost the most in text not
/// seen before, and the least extra in text seen (not `DURATION_TREATMENT`, whose unbounded stretch
/// matches across most of a sentence and costs a second search too often).
fn stretched_template(pattern: &str) -> Stretched {
    let exact = compile(&expand(pattern, AFTER, MID));
    let stretches: Vec<Stretch> = STRETCHES
        .iter()
        .filter(|(placeholder, _, _)| pattern.contains(placeholder))
        .map(|(_, stretch, _)| *stretch)
        .collect();
    if stretches.is_empty() {
        return Stretched::plain(exact);
    }
    let [(_, _, after), (_, _, mid)] = STRETCHES;
    Stretched::new(compile(&expand(pattern, after, mid)), exact, &stretches)
}

/// Centres as a modifier of the study: "a multicentre, randomized trial", "this single-center study",
/// "a 3-centre study".
static CENTRE_STUDY: LazyLock<Stretched> = LazyLock::new(|| {
    stretched_template(concat!(
        r"(?i:(?:LEADBEFORE)?(?P<word>multi-?cent(?:re|er|ric|ered|red)|multi-?site|multi-?institution(?:al)?|",
        r"multi-?hospital|multi-?national|mono-?cent(?:re|er|ric)|",
        r"single[\s-]+(?P<single>cent(?:re|er)|site|institution(?:al)?|hospital)|",
        r"(?P<count>[0-9]{1,3}|WORDNUM)[\s-]+(?:cent(?:re|er)|site|hospital|institution))AFTERSTUDY_NOUN)",
    ))
});

/// A single centre as the place of the study, after a verb of the study: "conducted at a single
/// institution", "patients treated at one centre".
static CENTRE_SINGLE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:conducted|performed|carried\s+out|undertaken|done|held|took\s+place|recruited|enrolled|",
        r"included|randomi[sz]ed|treated|operated|studied|admitted|followed|reviewed|identified)\b",
        r"[^.;,]{0,40}?\b(?:at|in|from)\s+(?:a\s+single|one)\s+(?:[a-z-]+\s+){0,2}?",
        r"(?:cent(?:re|er)|hospital|institution|site|clinic)\b)",
    ))
});

/// Several centres as the places of the study: "in 12 centres", "at 34 participating hospitals",
/// "from 5 study sites" ("sites" only with a word of research, since lesions have sites too).
static CENTRE_MULTI_PLACE: LazyLock<Stretched> = LazyLock::new(|| {
    template(concat!(
        r"(?i:\b(?:at|in|from|across|among|involving)\s+(?P<count>[0-9]{1,3}|WORDNUM)\s+",
        r"(?:(?:[a-z-]+\s+){0,2}?(?:cent(?:re|er)s|hospitals|institutions|clinics)",
        r"|(?:[a-z-]+\s+)??(?:study|trial|research|participating|recruiting|investigational|clinical)\s+sites)\b)",
    ))
});

/// Timing as a modifier of the study: "a prospective, randomized trial", "Retrospective review".
static TIMING_STUDY: LazyLock<Stretched> = LazyLock::new(|| {
    template(
        r"(?i:(?:LEADBEFORE)?(?P<word>prospective|retrospective)AFTER(?:chart\s+|case\s+)?STUDY_NOUN)",
    )
});

/// Timing as an adverb of a verb of the study: "we prospectively enrolled", "were reviewed retrospectively".
static TIMING_VERB: LazyLock<Stretched> = LazyLock::new(|| {
    Stretched::plain({
        let verbs = concat!(
            r"enrol(?:l|led|ling)?|recruit(?:ed|ing)?|included|follow(?:ed)?|stud(?:y|ied)|evaluated?|assess(?:ed)?|",
            r"analy[sz]ed?|review(?:ed)?|randomi[sz]ed|collect(?:ed)?|identif(?:y|ied)|examined?|investigated?|",
            r"observed|compared?|registered|gathered|maintained|recorded|obtained|assigned|allocated|selected|",
            r"entered|treated|monitored|screened|audited|documented|retrieved|extracted|abstracted"
        );
        compile(&format!(
            r"(?i:\b(?P<w>prospectively|retrospectively)\s+(?:and\s+[a-z]+ly\s+)?(?P<v>{verbs})\b|\b(?P<v2>{verbs})\s+(?P<w2>prospectively|retrospectively)\b)"
        ))
    })
});

/// Investigator initiation: "investigator-initiated", "investigator initiated", "investigator-led".
static INVESTIGATOR: LazyLock<Stretched> = LazyLock::new(|| {
    Stretched::plain({
        compile(
            r"(?i:\binvestigators?'?[\s-]+(?:initiated|led|sponsored|driven)\b(?P<plural>\s+(?:trials|studies|research))?)",
        )
    })
});

/// The study period named with the design: "In this 52-week, ... study", "a 6-month intervention",
/// "Twelve-week randomized trial".
static DURATION_DESIGN: LazyLock<Stretched> = LazyLock::new(|| {
    stretched_template(concat!(
        r"(?i:(?:LEADBEFORE)?DURNUM[\s-]+UNIT(?:[\s-]+long)?AFTER",
        r"(?P<noun>trial|study|pilot|investigation|rct|program(?:me)?|intervention|",
        r"(?:treatment|study|trial|intervention|practice|training|exercise)\s+period)\b)",
    ))
});

/// The study period said after the study: "the trial lasted 6 months", "the study period was 2 years".
static DURATION_LASTED: LazyLock<Stretched> = LazyLock::new(|| {
    template(concat!(
        r"(?i:\b(?:trial|study|intervention|treatment\s+period|study\s+period|trial\s+period|intervention\s+period)\s+",
        r"(?:lasted|lasting|duration\s+was|was|was\s+conducted\s+over|ran\s+for|lasted\s+for)\s+DURNUM[\s-]+UNIT)",
    ))
});

/// The treatment period: "received belimumab or placebo for 12 weeks", "treated for 6 months".
static DURATION_TREATMENT: LazyLock<Stretched> = LazyLock::new(|| {
    template(concat!(
        r"(?i:\b(?:treated|treatment|therapy|monotherapy|supplementation|supplemented|received|receive|receiving|",
        r"given|administered|dosing|randomi[sz]ed)\bMID",
        r"\bfor\s+(?:a\s+(?:period|total|duration)\s+of\s+)?DURNUM[\s-]+UNIT)",
    ))
});

/// The follow-up: "followed for 12 months", "follow-up of 5 years", "during a 2-year follow-up".
static DURATION_FOLLOW_UP: LazyLock<[Stretched; 3]> = LazyLock::new(|| {
    [
        template(concat!(
            r"(?i:\bfollowed(?:\s+up)?\s+(?:prospectively\s+)?(?:for|over|during)\s+",
            r"(?:a\s+(?:period|total)\s+of\s+)?DURNUM[\s-]+UNIT)",
        )),
        template(
            r"(?i:\bfollow[\s-]*up\s+(?:period\s+|duration\s+)?(?:of|was|lasted|lasting)\s+DURNUM[\s-]+UNIT)",
        ),
        template(concat!(
            r"(?i:\b(?:during|over|throughout|after|with|a|an)\s+(?:(?:a|an|the)\s+)?",
            r"DURNUM[\s-]+UNIT[\s-]+follow[\s-]*up\b)",
        )),
    ]
});

/// Words that, between a lead and the fact's word, show that another study is meant.
const OTHER_STUDY_WORDS: &[&str] = &[
    "previous",
    "prior",
    "earlier",
    "recent",
    "recently",
    "other",
    "another",
    "future",
    "further",
    "larger",
    "similar",
    "subsequent",
    "planned",
    "published",
    "ongoing",
    "additional",
];

/// Words that, between the fact's word and its noun, show that the noun is not what the word qualifies.
const CLAUSE_WORDS: &[&str] = &[
    "in", "at", "of", "to", "with", "for", "from", "by", "on", "that", "which", "who", "was",
    "were", "is", "are", "led", "has", "have", "had", "than", "as", "the", "a", "an", "during",
    "after", "before", "over", "within", "per", "every", "each", "between", "versus", "vs", "or",
];

/// Words of a period that is not the study's: "a 2-week run-in period", "a 4-week washout".
const SIDE_PERIOD_WORDS: &[&str] = &[
    "run-in",
    "washout",
    "wash-out",
    "lead-in",
    "screening",
    "baseline",
    "follow-up",
    "followup",
    "extension",
    "observation",
    "observational",
    "post-treatment",
    "posttreatment",
    "pre-treatment",
];

/// Phrases of a sentence about future or other work: "prospective studies are needed".
const FUTURE_PHRASES: &[&str] = &[
    "warrant",
    "needed",
    "should",
    "future",
    "would be",
    "are required",
    "is required",
    "necessary to",
    "remains to",
];

/// One pattern over [`FUTURE_PHRASES`].
static FUTURE: LazyLock<Option<Regex>> = LazyLock::new(|| literals(FUTURE_PHRASES.iter()));

/// A pattern that finds any of `literals` in any ASCII letter case, leftmost-first in their
/// order: for a few dozen literals, a lazy DFA scans in fewer instructions than a
/// case-insensitive Aho–Corasick automaton, which no prefilter helps.
fn literals<'a>(literals: impl Iterator<Item = &'a &'static str>) -> Option<Regex> {
    let mut alternation: Vec<String> = literals.map(|literal| regex::escape(literal)).collect();
    // A branch that never matches UTF-8 text (no byte 0xFF there) and whose first byte may be any
    // of 128: it keeps the regex from choosing a prefilter on the literals' first letters, which
    // stops at nearly every byte of a sentence and costs more than the DFA it would spare.
    alternation.push(r"[\x00-\x7F]\xFF".to_owned());
    RegexBuilder::new(&alternation.join("|")).unicode(false).case_insensitive(true).build().ok()
}

/// Gates [`RANDOMIZED`] (each family bit names the patterns a literal gates).
const F_RANDOMIZED: u32 = 1;
/// Gates [`NOT_RANDOMIZED`].
const F_NOT_RANDOMIZED: u32 = 1 << 1;
/// Gates [`RATIO`].
const F_RATIO: u32 = 1 << 2;
/// Gates the blinding patterns (bit `F_BLINDING << i` gates `BLINDING[i]`).
const F_BLINDING: u32 = 1 << 3;
/// Every blinding pattern.
const F_BLINDING_ALL: u32 = 0b11111 << 3;
/// Gates the control patterns (bit `F_CONTROL << i` gates `CONTROL[i]`).
const F_CONTROL: u32 = 1 << 8;
/// Gates [`PHASE`].
const F_PHASE: u32 = 1 << 13;
/// Gates [`ALPHA`].
const F_ALPHA: u32 = 1 << 14;
/// Gates the centre patterns.
const F_CENTRES: u32 = 1 << 15;
/// Gates the timing patterns.
const F_TIMING: u32 = 1 << 16;
/// Gates [`INVESTIGATOR`].
const F_INVESTIGATOR: u32 = 1 << 17;
/// A unit of time right after a number ("52-week", "12 months"): needed by every duration pattern.
const F_DURATION_UNIT: u32 = 1 << 18;
/// A noun of the study or its period: with a unit, gates [`DURATION_DESIGN`] and [`DURATION_LASTED`].
const F_STUDY_WORD: u32 = 1 << 19;
/// A word of treatment: with a unit, gates [`DURATION_TREATMENT`].
const F_TREATMENT_WORD: u32 = 1 << 20;
/// "follow": with a unit, gates [`DURATION_FOLLOW_UP`].
const F_FOLLOW_WORD: u32 = 1 << 21;
/// A verb of a significance level ("considered", "set"): with a "less than" sign, gates [`ALPHA`].
const F_ALPHA_VERB: u32 = 1 << 22;

/// The literals every pattern needs, each with the families it gates (matched ASCII-case-insensitively).
const GATES: &[(&str, u32)] = &[
    // Hyphens come also spaced ("open - label") in tokenized texts.
    ("random", F_RANDOMIZED | F_NOT_RANDOMIZED | F_RATIO),
    ("assign", F_RATIO),
    ("allocat", F_RATIO),
    ("ratio", F_RATIO),
    ("single-arm", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("single - arm", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("single arm", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("single-group", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("single - group", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("single group", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("uncontrolled", F_NOT_RANDOMIZED | F_CONTROL << 4),
    ("retrospectiv", F_NOT_RANDOMIZED | F_TIMING),
    ("prospectiv", F_TIMING),
    ("observational", F_NOT_RANDOMIZED),
    ("case series", F_NOT_RANDOMIZED),
    // "blind" also opens "single-blind", "double-blind", "unblinded", "non-blinded".
    ("blind", F_BLINDING_ALL),
    ("mask", F_BLINDING_ALL),
    ("dummy", F_BLINDING << 1),
    ("open-l", F_BLINDING << 4),
    ("open - l", F_BLINDING << 4),
    ("open l", F_BLINDING << 4),
    ("open t", F_BLINDING << 4),
    ("open s", F_BLINDING << 4),
    ("placebo", F_CONTROL),
    ("active-c", F_CONTROL << 1),
    ("active - c", F_CONTROL << 1),
    ("active c", F_CONTROL << 1),
    ("head-to", F_CONTROL << 1),
    ("head - to", F_CONTROL << 1),
    ("head to", F_CONTROL << 1),
    ("usual-c", F_CONTROL << 2),
    ("usual - c", F_CONTROL << 2),
    ("usual c", F_CONTROL << 2),
    ("standard-c", F_CONTROL << 2),
    ("standard - c", F_CONTROL << 2),
    ("standard c", F_CONTROL << 2),
    ("standard-of", F_CONTROL << 2),
    ("standard - of", F_CONTROL << 2),
    ("standard of", F_CONTROL << 2),
    ("supportive care", F_CONTROL << 2),
    ("historical", F_CONTROL << 3),
    ("phase", F_PHASE),
    // "significance was set at 0.01", "alpha = 0.05"; and, with a "<" in the sentence,
    // "p < 0.05 was considered significant".
    ("significance", F_ALPHA),
    ("alpha", F_ALPHA),
    ("α", F_ALPHA),
    ("consider", F_ALPHA_VERB),
    ("deem", F_ALPHA_VERB),
    ("regard", F_ALPHA_VERB),
    ("accept", F_ALPHA_VERB),
    ("defin", F_ALPHA_VERB),
    ("taken", F_ALPHA_VERB),
    ("set a", F_ALPHA_VERB),
    ("set t", F_ALPHA_VERB),
    ("indicat", F_ALPHA_VERB),
    ("denot", F_ALPHA_VERB),
    ("centr", F_CENTRES),
    ("center", F_CENTRES),
    ("site", F_CENTRES),
    ("institution", F_CENTRES),
    ("hospital", F_CENTRES),
    ("multinational", F_CENTRES),
    ("multi-national", F_CENTRES),
    ("multi - national", F_CENTRES),
    ("investigator", F_INVESTIGATOR),
    ("week", F_DURATION_UNIT),
    ("month", F_DURATION_UNIT),
    ("year", F_DURATION_UNIT),
    ("day", F_DURATION_UNIT),
    ("wk", F_DURATION_UNIT),
    ("yr", F_DURATION_UNIT),
];

/// The words the duration patterns need besides a unit, looked for only in sentences with a
/// number and a unit (matched ASCII-case-insensitively).
const DURATION_CONTEXT: &[(&str, u32)] = &[
    ("trial", F_STUDY_WORD),
    ("study", F_STUDY_WORD),
    ("intervention", F_STUDY_WORD),
    ("period", F_STUDY_WORD),
    ("program", F_STUDY_WORD),
    ("pilot", F_STUDY_WORD),
    ("rct", F_STUDY_WORD),
    ("investigation", F_STUDY_WORD),
    ("treat", F_TREATMENT_WORD),
    ("therap", F_TREATMENT_WORD),
    ("supplement", F_TREATMENT_WORD),
    ("receiv", F_TREATMENT_WORD),
    ("given", F_TREATMENT_WORD),
    ("administ", F_TREATMENT_WORD),
    ("dosing", F_TREATMENT_WORD),
    ("follow", F_FOLLOW_WORD),
    ("random", F_TREATMENT_WORD),
];

/// One pattern over [`DURATION_CONTEXT`] (no literal is a prefix of another, so that one
/// literal at most starts at any position).
static DURATION_WORDS: LazyLock<Option<Regex>> =
    LazyLock::new(|| literals(DURATION_CONTEXT.iter().map(|(literal, _)| literal)));

/// The families of the [`DURATION_CONTEXT`] literals in `bytes`, added to `families`: every
/// position where one starts is visited (a search resumes one byte after each hit), so
/// overlapping literals all count.
fn duration_families(bytes: &[u8], mut families: u32) -> u32 {
    let Some(words) = DURATION_WORDS.as_ref() else {
        return families;
    };
    let mut at = 0;
    while let Some(hit) = words.find_at(bytes, at) {
        if let Some((_, family)) = DURATION_CONTEXT.iter().find(|(literal, _)| {
            literal.len() == hit.len() && literal.as_bytes().eq_ignore_ascii_case(hit.as_bytes())
        }) {
            families |= family;
        }
        at = hit.start() + 1;
    }
    families
}

/// Tells whether a number stands right before `at` ("52-week", "12 months", "twenty-four weeks"),
/// so that a unit at `at` may be a duration.
fn number_before(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or(&[]);
    let trimmed = before
        .iter()
        .rposition(|byte| !matches!(byte, b' ' | b'-' | b'\t' | b'\n' | 0xA0 | 0xC2))
        .map_or(&[][..], |last| before.get(..=last).unwrap_or(&[]));
    match trimmed.last() {
        Some(byte) if byte.is_ascii_digit() => true,
        Some(byte) if byte.is_ascii_alphabetic() => {
            let word_start = trimmed
                .iter()
                .rposition(|byte| !byte.is_ascii_alphabetic())
                .map_or(0, |index| index + 1);
            std::str::from_utf8(trimmed.get(word_start..).unwrap_or(&[]))
                .ok()
                .is_some_and(|word| small_number_word(word).is_some() || tens_word(word).is_some())
        }
        _ => false,
    }
}

/// One pattern over [`GATES`], in their order (leftmost-first, as an Aho–Corasick automaton
/// built leftmost-first would match them), any ASCII letter case: its lazy DFA scans a segment
/// in under two thirds of the instructions of the automaton's loop.
static GATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| literals(GATES.iter().map(|(literal, _)| literal)));

/// The families of the gate literal written as `matched` (ASCII letter case aside).
fn gate_family(matched: &[u8]) -> Option<u32> {
    GATES
        .iter()
        .find(|(literal, _)| {
            literal.len() == matched.len() && literal.as_bytes().eq_ignore_ascii_case(matched)
        })
        .map(|(_, family)| *family)
}

/// Duration tiers, from the most to the least telling.
const DURATION_TIERS: usize = 3;

/// What the scan found, first mention of each kind, before the facts are decided.
#[derive(Default)]
struct Found {
    /// A statement that the study was randomized.
    randomized: Option<Span>,
    /// A statement that it was not.
    not_randomized: Option<Span>,
    /// The first allocation ratio.
    ratio: Option<(String, Span)>,
    /// The first mention of each blinding value, in [`BLINDING`]'s order.
    blinding: [Option<Span>; 5],
    /// The first mention of each control value, in [`CONTROL`]'s order.
    control: [Option<Span>; 5],
    /// The first phase.
    phase: Option<(String, Span)>,
    /// The first significance level.
    alpha: Option<(f64, Span)>,
    /// A single centre said of the study.
    single_centre: Option<Span>,
    /// Several centres said of the study.
    multi_centre: Option<Span>,
    /// "Prospective" said of the study.
    prospective: Option<Span>,
    /// "Retrospective" said of the study.
    retrospective: Option<Span>,
    /// Investigator initiation.
    investigator: Option<Span>,
    /// Durations per tier (design, treatment, follow-up), in text order.
    durations: [Vec<(String, Span)>; DURATION_TIERS],
}

/// A sentence being read: the whole segment (for `^` and word boundaries), the sentence's bounds
/// in it, and the segment's offset in the document.
#[derive(Clone, Copy)]
struct Sentence<'a> {
    /// The segment's bytes.
    segment: &'a [u8],
    /// Where the sentence starts in the segment.
    start: usize,
    /// Where it ends.
    end: usize,
    /// Where the segment starts in the document.
    base: usize,
}

impl<'a> Sentence<'a> {
    /// The sentence's bytes.
    fn bytes(&self) -> &'a [u8] {
        self.segment.get(self.start..self.end).unwrap_or(&[])
    }

    /// The document span of a segment range.
    fn span(&self, start: usize, end: usize) -> Span {
        [self.base + start, self.base + end]
    }

    /// Calls `each` with the captures of every match of `regex` inside the sentence, in order,
    /// until it returns `false`; the next search starts one byte after the start of the last match,
    /// so that a match refused by its caller ("the group met every 6 months during the 5-year
    /// study") still lets the shorter one inside it be found ("the 5-year study").
    fn each(&self, pattern: &Stretched, mut each: impl FnMut(&Captures<'a>) -> bool) {
        let haystack = self.segment.get(..self.end).unwrap_or(&[]);
        let mut at = self.start;
        while at <= haystack.len() {
            let Some(captures) = pattern.captures_at(haystack, at) else {
                return;
            };
            let Some(found) = captures.get(0) else {
                return;
            };
            if !each(&captures) {
                return;
            }
            at = found.start() + 1;
        }
    }

    /// Calls [`Sentence::each`] only when `gated` holds.
    fn each_if(&self, gated: bool, pattern: &Stretched, each: impl FnMut(&Captures<'a>) -> bool) {
        if gated {
            self.each(pattern, each);
        }
    }

    /// The span of the first match of `regex` in the sentence.
    fn first(&self, regex: &Regex) -> Option<Span> {
        let haystack = self.segment.get(..self.end)?;
        let found = regex.find_at(haystack, self.start)?;
        Some(self.span(found.start(), found.end()))
    }

    /// Tells whether the sentence speaks of future or needed work.
    fn about_future(&self) -> bool {
        FUTURE.as_ref().is_some_and(|future| future.is_match(self.bytes()))
    }

    /// Tells whether the segment position `at` opens the sentence (or follows a heading: a colon
    /// or a word in capitals).
    fn opens_at(&self, at: usize) -> bool {
        let before = self.segment.get(self.start..at).unwrap_or(&[]).trim_ascii_end();
        if before.is_empty() {
            return true;
        }
        if matches!(before.last(), Some(b':' | b'.')) {
            return true;
        }
        let word_start = before
            .iter()
            .rposition(|byte| !byte.is_ascii_alphabetic())
            .map_or(0, |index| index + 1);
        let word = before.get(word_start..).unwrap_or(&[]);
        word.len() >= 4 && word.iter().all(u8::is_ascii_uppercase)
    }
}

/// Tells whether any word of `text` is one of `words` (ASCII case-insensitive).
fn has_word(text: &[u8], words: &[&str]) -> bool {
    text.split(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'-'))
        .filter(|word| !word.is_empty())
        .any(|word| words.iter().any(|listed| listed.as_bytes().eq_ignore_ascii_case(word)))
}

/// Words that, in the two words before a lead, compare with another study: "larger than in a
/// multisite trial", "similar to a prospective study" (not "compared in a 6-week trial", where
/// the arms are compared); "as in a" is checked apart, since "designed as a" is no comparison.
const COMPARISON_WORDS: &[&str] = &["than", "like", "unlike", "similar", "other", "previous"];

/// Tells whether a lead-optional modifier match says its fact of the study at hand: opened by a
/// lead or the sentence, not after a comparison, with no word of another study before it and no
/// clause between it and its noun.
fn said_of_study(sentence: &Sentence<'_>, captures: &Captures<'_>, word_start: usize) -> bool {
    let lead = captures.name("lead");
    let opened = lead.is_some() || sentence.opens_at(word_start);
    let before = captures.name("before").map_or(&[][..], |m| m.as_bytes());
    let after = captures.name("after").map_or(&[][..], |m| m.as_bytes());
    let compared = lead.is_some_and(|lead| {
        let preceding = sentence.segment.get(sentence.start..lead.start()).unwrap_or(&[]);
        let two_words: Vec<&[u8]> = preceding
            .split(|byte| !byte.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .rev()
            .take(2)
            .collect();
        let as_in = matches!(two_words.as_slice(), [last, before_last]
            if last.eq_ignore_ascii_case(b"in") && before_last.eq_ignore_ascii_case(b"as"));
        as_in || two_words.iter().any(|word| has_word(word, COMPARISON_WORDS))
    });
    opened
        && !compared
        && !has_word(before, OTHER_STUDY_WORDS)
        && !has_word(before, CLAUSE_WORDS)
        && !has_word(after, CLAUSE_WORDS)
}

/// Reads a number of a duration or count, in digits or words.
fn count_value(written: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(written).ok()?;
    match text.parse::<f64>() {
        Ok(value) => Some(value),
        Err(_) => number_word_value(text).map(|value| value as f64),
    }
}

/// Writes a duration as "52 weeks", "1 year", "1.5 years".
fn duration_text(captures: &Captures<'_>) -> Option<String> {
    let value = count_value(captures.name("n")?.as_bytes())?;
    if !(value > 0.0 && value <= 520.0) {
        return None;
    }
    let unit = captures.name("u")?.as_bytes().to_ascii_lowercase();
    let unit = match unit.first()? {
        b'w' => "week",
        b'm' => "month",
        b'y' => "year",
        b'd' => "day",
        _ => return None,
    };
    let number = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value}") };
    let plural = if value == 1.0 { "" } else { "s" };
    Some(format!("{number} {unit}{plural}"))
}

/// Reads the significance level of one `ALPHA` match, between 0 and 0.2.
fn alpha_value(captures: &Captures<'_>) -> Option<f64> {
    let found = captures.name("a").or_else(|| captures.name("b")).or_else(|| captures.name("c"))?;
    let written = std::str::from_utf8(found.as_bytes()).ok()?;
    let value: f64 = if written.starts_with('.') {
        format!("0{written}").parse().ok()?
    } else {
        written.parse().ok()?
    };
    (value > 0.0 && value <= 0.2).then_some(value)
}

/// Reads a phase match into "2", "1b" or "2/3".
fn phase_value(captures: &Captures<'_>) -> Option<String> {
    let first =
        phase_part(captures.name("a")?.as_bytes(), captures.name("as").map(|m| m.as_bytes()))?;
    match captures.name("b") {
        Some(second) => {
            let second = phase_part(second.as_bytes(), captures.name("bs").map(|m| m.as_bytes()))?;
            Some(format!("{first}/{second}"))
        }
        None => Some(first),
    }
}

/// Tells whether a text holds a "less than" sign or words, as [`ALPHA`]'s first reading needs.
fn says_less_than(bytes: &[u8]) -> bool {
    memchr::memchr(b'<', bytes).is_some()
        || memchr::memmem::find(bytes, "≤".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "＜".as_bytes()).is_some()
        || memchr::memmem::find(bytes, b"&lt;").is_some()
        || memchr::memmem::find(bytes, b"less than").is_some()
}

/// Keeps the first span found.
fn keep(slot: &mut Option<Span>, span: Option<Span>) {
    if slot.is_none() {
        *slot = span;
    }
}

impl Found {
    /// Reads one sentence with the patterns its literals gate.
    fn sentence(&mut self, sentence: &Sentence<'_>, families: u32) {
        if families & F_RANDOMIZED != 0 && self.randomized.is_none() {
            self.randomized = sentence.first(&RANDOMIZED);
        }
        // "Not randomized" decides only when nothing says randomized.
        if families & F_NOT_RANDOMIZED != 0
            && self.randomized.is_none()
            && self.not_randomized.is_none()
        {
            self.not_randomized = sentence.first(&NOT_RANDOMIZED);
        }
        if families & F_RATIO != 0
            && self.ratio.is_none()
            && memchr::memchr(b':', sentence.bytes()).is_some()
        {
            sentence.each(&RATIO, |captures| {
                let Some(ratio) = captures.name("a").or_else(|| captures.name("b")) else {
                    return true;
                };
                let compact: String = String::from_utf8_lossy(ratio.as_bytes())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let whole = captures.get(0).map_or(ratio, |m| m);
                self.ratio = Some((compact, sentence.span(whole.start(), whole.end())));
                false
            });
        }
        if families & F_BLINDING_ALL != 0 {
            // Only a value stronger than the strongest found so far can still change the answer.
            let found = self.blinding.iter().position(Option::is_some).unwrap_or(BLINDING.len());
            for (index, (slot, (regex, _))) in
                self.blinding.iter_mut().zip(BLINDING.iter()).enumerate().take(found)
            {
                if families & (F_BLINDING << index) != 0 {
                    *slot = sentence.first(regex);
                }
            }
        }
        if families & (0b11111 * F_CONTROL) != 0 {
            let found = self.control.iter().position(Option::is_some).unwrap_or(CONTROL.len());
            for (index, (slot, (regex, _))) in
                self.control.iter_mut().zip(CONTROL.iter()).enumerate().take(found)
            {
                if families & (F_CONTROL << index) != 0 {
                    *slot = sentence.first(regex);
                }
            }
        }
        if families & F_PHASE != 0 && self.phase.is_none() {
            sentence.each(&PHASE, |captures| match phase_value(captures) {
                Some(phase) => {
                    let whole =
                        captures.get(0).map_or([0, 0], |m| sentence.span(m.start(), m.end()));
                    self.phase = Some((phase, whole));
                    false
                }
                None => true,
            });
        }
        let alpha_gated = families & F_ALPHA != 0
            || (families & F_ALPHA_VERB != 0 && says_less_than(sentence.bytes()));
        if alpha_gated && self.alpha.is_none() {
            sentence.each(&ALPHA, |captures| {
                if let (Some(value), Some(whole)) = (alpha_value(captures), captures.get(0)) {
                    self.alpha = Some((value, sentence.span(whole.start(), whole.end())));
                }
                false
            });
        }
        if families & (F_CENTRES | F_TIMING | F_DURATION_UNIT) != 0 && sentence.about_future() {
            return;
        }
        if families & F_CENTRES != 0 {
            self.centres(sentence);
        }
        if families & F_TIMING != 0 {
            self.timing(sentence);
        }
        if families & F_INVESTIGATOR != 0 && self.investigator.is_none() {
            sentence.each(&INVESTIGATOR, |captures| {
                if captures.name("plural").is_some() {
                    return true;
                }
                self.investigator =
                    captures.get(0).map(|whole| sentence.span(whole.start(), whole.end()));
                false
            });
        }
        if families & F_DURATION_UNIT != 0 {
            self.durations(sentence, families);
        }
    }

    /// Reads single or multiple centres said of the study.
    fn centres(&mut self, sentence: &Sentence<'_>) {
        sentence.each(&CENTRE_STUDY, |captures| {
            let (Some(whole), Some(word)) = (captures.get(0), captures.name("word")) else {
                return true;
            };
            if !said_of_study(sentence, captures, word.start()) {
                return true;
            }
            let lower = word.as_bytes().to_ascii_lowercase();
            let multi = match captures.name("count") {
                Some(count) => match count_value(count.as_bytes()) {
                    Some(value) if value >= 2.0 => true,
                    Some(1.0) => false,
                    _ => return true,
                },
                None => !(lower.starts_with(b"single") || lower.starts_with(b"mono")),
            };
            let span = Some(sentence.span(whole.start(), whole.end()));
            if multi {
                keep(&mut self.multi_centre, span);
            } else {
                keep(&mut self.single_centre, span);
            }
            true
        });
        if self.single_centre.is_none() {
            self.single_centre = sentence.first(&CENTRE_SINGLE_PLACE);
        }
        if self.multi_centre.is_none() {
            sentence.each(&CENTRE_MULTI_PLACE, |captures| {
                let value = captures.name("count").and_then(|count| count_value(count.as_bytes()));
                match (value, captures.get(0)) {
                    (Some(value), Some(whole)) if value >= 2.0 => {
                        self.multi_centre = Some(sentence.span(whole.start(), whole.end()));
                        false
                    }
                    _ => true,
                }
            });
        }
    }

    /// Reads "prospective" or "retrospective" said of the study.
    fn timing(&mut self, sentence: &Sentence<'_>) {
        sentence.each(&TIMING_STUDY, |captures| {
            let (Some(whole), Some(word)) = (captures.get(0), captures.name("word")) else {
                return true;
            };
            if !said_of_study(sentence, captures, word.start()) {
                return true;
            }
            let span = Some(sentence.span(whole.start(), whole.end()));
            if word.as_bytes().first().is_some_and(|byte| byte.eq_ignore_ascii_case(&b'p')) {
                keep(&mut self.prospective, span);
            } else {
                keep(&mut self.retrospective, span);
            }
            true
        });
        sentence.each(&TIMING_VERB, |captures| {
            let (Some(whole), Some(word), Some(verb)) = (
                captures.get(0),
                captures.name("w").or_else(|| captures.name("w2")),
                captures.name("v").or_else(|| captures.name("v2")),
            ) else {
                return true;
            };
            let verb = verb.as_bytes().to_ascii_lowercase();
            if verb.starts_with(b"registered") {
                return true;
            }
            let span = Some(sentence.span(whole.start(), whole.end()));
            let prospective =
                word.as_bytes().first().is_some_and(|byte| byte.eq_ignore_ascii_case(&b'p'));
            if !prospective {
                keep(&mut self.retrospective, span);
                return true;
            }
            // Prospectively collected data are a source of data, said as often of retrospective
            // analyses as of prospective studies.
            let data_source =
                [&b"collect"[..], b"gather", b"maintai", b"recorde", b"obtaine", b"documen"]
                    .iter()
                    .any(|stem| verb.starts_with(stem));
            if !data_source {
                keep(&mut self.prospective, span);
            }
            true
        });
    }

    /// Reads durations in their three tiers.
    fn durations(&mut self, sentence: &Sentence<'_>, families: u32) {
        let [design, treatment, follow_up] = &mut self.durations;
        let families = duration_families(sentence.bytes(), families);
        let (study_word, treatment_word, follow_word) = (
            families & F_STUDY_WORD != 0,
            families & F_TREATMENT_WORD != 0,
            families & F_FOLLOW_WORD != 0,
        );
        sentence.each_if(study_word, &DURATION_DESIGN, |captures| {
            let Some(whole) = captures.get(0) else {
                return true;
            };
            let number_start = captures.name("n").map_or(whole.start(), |m| m.start());
            let side =
                captures.name("after").is_some_and(|m| has_word(m.as_bytes(), SIDE_PERIOD_WORDS));
            if side || !said_of_study(sentence, captures, number_start) {
                return true;
            }
            if let Some(text) = duration_text(captures) {
                design.push((text, sentence.span(whole.start(), whole.end())));
            }
            true
        });
        sentence.each_if(study_word, &DURATION_LASTED, |captures| {
            if let (Some(whole), Some(text)) = (captures.get(0), duration_text(captures)) {
                design.push((text, sentence.span(whole.start(), whole.end())));
            }
            true
        });
        sentence.each_if(treatment_word, &DURATION_TREATMENT, |captures| {
            let Some(whole) = captures.get(0) else {
                return true;
            };
            // "randomized 2:1 and followed for 12 months" is a follow-up, read below.
            if whole.as_bytes().windows(6).any(|window| window.eq_ignore_ascii_case(b"follow")) {
                return true;
            }
            let before = sentence.segment.get(sentence.start..whole.start()).unwrap_or(&[]);
            let after_end = (whole.end() + 24).min(sentence.end);
            let after = sentence.segment.get(whole.end()..after_end).unwrap_or(&[]);
            const EARLIER: &[&str] = &[
                "had",
                "previous",
                "previously",
                "prior",
                "history",
                "eligible",
                "inclusion",
                "exclusion",
                "refractory",
                "failed",
                "despite",
                "stable",
            ];
            const BEFORE_START: &[&str] =
                &["before", "prior", "preceding", "previously", "age", "old"];
            if has_word(before, EARLIER) || has_word(after, BEFORE_START) {
                return true;
            }
            let whole_number = captures.name("n").is_some_and(|n| !n.as_bytes().contains(&b'.'));
            if let Some(text) = duration_text(captures).filter(|_| whole_number) {
                treatment.push((text, sentence.span(whole.start(), whole.end())));
            }
            true
        });
        for regex in DURATION_FOLLOW_UP.iter().filter(|_| follow_word) {
            sentence.each(regex, |captures| {
                let Some(whole) = captures.get(0) else {
                    return true;
                };
                let before_start = whole.start().saturating_sub(24).max(sentence.start);
                let before = sentence.segment.get(before_start..whole.start()).unwrap_or(&[]);
                if has_word(before, &["median", "mean", "average", "maximum", "minimum"]) {
                    return true;
                }
                if let Some(text) = duration_text(captures) {
                    follow_up.push((text, sentence.span(whole.start(), whole.end())));
                }
                true
            });
        }
    }

    /// Decides the facts, with their evidence.
    fn decide(self) -> Design {
        let mut design = Design::default();
        fn evidence(design: &mut Design, field: &str, span: Span) {
            design.evidence.insert(field.to_owned(), span);
        }
        if let Some(span) = self.randomized {
            design.randomized = Some(true);
            evidence(&mut design, "randomized", span);
        } else if let Some(span) = self.not_randomized {
            design.randomized = Some(false);
            evidence(&mut design, "randomized", span);
        }
        if let Some((ratio, span)) = self.ratio {
            design.allocation_ratio = Some(ratio);
            evidence(&mut design, "allocation_ratio", span);
            if design.randomized.is_none() {
                design.randomized = Some(true);
                evidence(&mut design, "randomized", span);
            }
        }
        if let Some((span, (_, value))) = self
            .blinding
            .iter()
            .zip(BLINDING.iter())
            .find_map(|(slot, entry)| slot.map(|span| (span, entry)))
        {
            design.blinding = Some((*value).to_owned());
            evidence(&mut design, "blinding", span);
        }
        if let Some((span, (_, value))) = self
            .control
            .iter()
            .zip(CONTROL.iter())
            .find_map(|(slot, entry)| slot.map(|span| (span, entry)))
        {
            design.control = Some((*value).to_owned());
            evidence(&mut design, "control", span);
        }
        if let Some((phase, span)) = self.phase {
            design.phase = Some(phase);
            evidence(&mut design, "phase", span);
        }
        if let Some((alpha, span)) = self.alpha {
            design.alpha = Some(alpha);
            evidence(&mut design, "alpha", span);
        }
        match (self.single_centre, self.multi_centre) {
            (Some(span), None) => {
                design.centres = Some("single".to_owned());
                evidence(&mut design, "centres", span);
            }
            (None, Some(span)) => {
                design.centres = Some("multi".to_owned());
                evidence(&mut design, "centres", span);
            }
            _ => {}
        }
        match (self.prospective, self.retrospective) {
            (Some(span), None) => {
                design.timing = Some("prospective".to_owned());
                evidence(&mut design, "timing", span);
            }
            (None, Some(span)) => {
                design.timing = Some("retrospective".to_owned());
                evidence(&mut design, "timing", span);
            }
            _ => {}
        }
        if let Some(span) = self.investigator {
            design.investigator_initiated = Some(true);
            evidence(&mut design, "investigator_initiated", span);
        }
        if let Some(tier) = self.durations.into_iter().find(|tier| !tier.is_empty()) {
            let mut values = tier.into_iter();
            if let Some((first, span)) = values.next() {
                let agree = values.all(|(other, _)| other == first);
                if agree {
                    design.duration = Some(first);
                    evidence(&mut design, "duration", span);
                }
            }
        }
        design
    }
}

/// Reads the design facts of a study out of its English segments, given as (offset of the
/// segment in the document, its text); every evidence span is a byte range into the document.
pub(crate) fn read(segments: &[(usize, &str)]) -> Design {
    let mut found = Found::default();
    let Some(gate) = GATE.as_ref() else {
        return found.decide();
    };
    for (base, content) in segments {
        let bytes = content.as_bytes();
        // The sentence holding the latest hit, and the families its hits gate.
        let mut current: Option<(usize, usize, u32)> = None;
        for hit in gate.find_iter(bytes) {
            let Some(family) = gate_family(hit.as_bytes()) else {
                continue;
            };
            if family == F_DURATION_UNIT && !number_before(bytes, hit.start()) {
                continue;
            }
            match &mut current {
                Some((_, end, families)) if hit.start() < *end => *families |= family,
                _ => {
                    let from = current.map_or(0, |(_, end, _)| end);
                    if let Some((start, end, families)) = current.take() {
                        let sentence = Sentence { segment: bytes, start, end, base: *base };
                        found.sentence(&sentence, families);
                    }
                    let (start, end) = sentence_around(bytes, from, hit.start());
                    current = Some((start, end, family));
                }
            }
        }
        if let Some((start, end, families)) = current {
            let sentence = Sentence { segment: bytes, start, end, base: *base };
            found.sentence(&sentence, families);
        }
    }
    found.decide()
}

/// Tells whether a sentence ends right after `index`, by the rule of `text::sentences`: a line
/// break, or a full stop followed by a space (or line break) and a capital letter or an opening
/// bracket.
fn ends_sentence(bytes: &[u8], index: usize) -> bool {
    match bytes.get(index) {
        Some(b'\n') => true,
        Some(b'.') => {
            matches!(bytes.get(index + 1), Some(b' ' | b'\n'))
                && bytes
                    .get(index + 2)
                    .is_some_and(|next| next.is_ascii_uppercase() || *next == b'(')
        }
        _ => false,
    }
}

/// The bounds of the sentence holding byte `at`, as `text::sentences` would cut it, given that a
/// sentence starts at `from` (at or before `at`): only the bytes around `at` are read.
fn sentence_around(bytes: &[u8], from: usize, at: usize) -> (usize, usize) {
    debug_assert!(from <= at);
    let mut start = from;
    let mut search_end = at;
    while let Some(index) =
        bytes.get(from..search_end).and_then(|window| memchr::memrchr2(b'.', b'\n', window))
    {
        let index = from + index;
        if ends_sentence(bytes, index) {
            start = index + 1;
            break;
        }
        search_end = index;
    }
    let mut end = bytes.len();
    let mut search_start = at;
    while let Some(index) =
        bytes.get(search_start..).and_then(|window| memchr::memchr2(b'.', b'\n', window))
    {
        let index = search_start + index;
        if ends_sentence(bytes, index) {
            end = index + 1;
            break;
        }
        search_start = index + 1;
    }
    (start, end)
}

/// Writes one phase numeral in arabic digits, with its `a`/`b` suffix.
fn phase_part(numeral: &[u8], suffix: Option<&[u8]>) -> Option<String> {
    let digit = match numeral {
        b"I" | b"1" => "1",
        b"II" | b"2" => "2",
        b"III" | b"3" => "3",
        b"IV" | b"4" => "4",
        _ => return None,
    };
    let suffix = suffix.and_then(|bytes| std::str::from_utf8(bytes).ok()).unwrap_or("");
    Some(format!("{digit}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(text: &str) -> Design {
        read(&[(0, text)])
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&RANDOMIZED);
        LazyLock::force(&NOT_RANDOMIZED);
        LazyLock::force(&RATIO);
        LazyLock::force(&BLINDING);
        LazyLock::force(&CONTROL);
        LazyLock::force(&PHASE);
        LazyLock::force(&ALPHA);
        LazyLock::force(&CENTRE_STUDY);
        LazyLock::force(&CENTRE_SINGLE_PLACE);
        LazyLock::force(&CENTRE_MULTI_PLACE);
        LazyLock::force(&TIMING_STUDY);
        LazyLock::force(&TIMING_VERB);
        LazyLock::force(&INVESTIGATOR);
        LazyLock::force(&DURATION_DESIGN);
        LazyLock::force(&DURATION_LASTED);
        LazyLock::force(&DURATION_TREATMENT);
        LazyLock::force(&DURATION_FOLLOW_UP);
        assert!(GATE.is_some());
        assert!(FUTURE.is_some());
        assert!(DURATION_WORDS.is_some());
    }

    #[test]
    fn a_bounded_stretch_matches_as_written() {
        let words = |count: usize| vec!["word"; count].join(" ");
        let long = "x".repeat(70);
        let texts = [
            format!("In this {} 52-week, randomized trial of a 6-month program.", words(5)),
            format!("In this {} 52-week, randomized trial of a 6-month program.", words(6)),
            format!("a 12-week {} study and a 4-week {} trial", words(6), words(7)),
            format!(
                "A {} multicentre, {} study; this single-centre {} study.",
                words(4),
                words(6),
                words(7)
            ),
            format!(
                "an {}, prospective,\u{a0}{} cohort or a retrospective review",
                words(5),
                words(6)
            ),
            format!("Patients received drug {long} for 12 weeks and were treated for 6 months."),
            format!("were randomized {} 1.5 mg for a period of 24 weeks", "y".repeat(58)),
            format!("P < 0.05 {long} was considered and p<.01 was set as the level."),
            format!("p < 0.05 {} 2.5 was considered significant", "z".repeat(56)),
        ];
        let patterns: Vec<&Stretched> = [
            &*ALPHA,
            &*CENTRE_STUDY,
            &*CENTRE_MULTI_PLACE,
            &*TIMING_STUDY,
            &*DURATION_DESIGN,
            &*DURATION_LASTED,
            &*DURATION_TREATMENT,
        ]
        .into_iter()
        .chain(DURATION_FOLLOW_UP.iter())
        .collect();
        let spans = |regex: &Regex, captures: &Captures<'_>| -> Vec<Option<(usize, usize)>> {
            regex
                .capture_names()
                .map(|name| {
                    let found = match name {
                        Some(name) => captures.name(name),
                        None => captures.get(0),
                    };
                    found.map(|m| (m.start(), m.end()))
                })
                .collect()
        };
        let (mut checked, mut fallbacks) = (0, 0);
        for pattern in patterns {
            let Some(exact) = pattern.exact() else {
                continue;
            };
            checked += 1;
            for text in &texts {
                let bytes = text.as_bytes();
                for at in 0..=bytes.len() {
                    let ours = pattern.captures_at(bytes, at).map(|c| spans(exact, &c));
                    let theirs = exact.captures_at(bytes, at).map(|c| spans(exact, &c));
                    let fast = pattern.fast().captures_at(bytes, at).map(|c| spans(exact, &c));
                    fallbacks += usize::from(fast != theirs);
                    assert_eq!(ours, theirs, "{text} at {at}");
                }
            }
        }
        // Every pattern with a stretch is checked, and the texts exceed some bounds.
        assert_eq!(checked, 3);
        assert!(fallbacks > 0);
    }

    #[test]
    fn no_duration_word_is_a_prefix_of_another() {
        for (index, (literal, _)) in DURATION_CONTEXT.iter().enumerate() {
            for (other, (longer, _)) in DURATION_CONTEXT.iter().enumerate() {
                assert!(index == other || !longer.starts_with(literal), "{literal} {longer}");
            }
        }
    }

    #[test]
    fn sentences_around_a_byte_are_those_of_the_splitter_of_sentences() {
        let text =
            "Mean was 5.2 vs. 3.1 in arm A. The P value was 0.03. (n = 20). Next\nline. Done";
        let expected = crate::text::sentences(text);
        let mut from = 0;
        for (start, end) in expected {
            for at in start..end {
                assert_eq!(sentence_around(text.as_bytes(), from, at), (start, end), "at {at}");
            }
            from = end;
        }
    }

    #[test]
    fn significance_level() {
        assert_eq!(
            design("A p < 0.05 was considered statistically significant.").alpha,
            Some(0.05)
        );
        assert_eq!(design("P values <.01 were regarded as significant").alpha, Some(0.01));
        assert_eq!(design("The significance level was set at 0.025.").alpha, Some(0.025));
        assert_eq!(design("Scores fell (p < 0.05) at week 12.").alpha, None);
    }

    #[test]
    fn randomized_only_when_said_of_this_study() {
        assert_eq!(
            design("20 patients were randomized 1:1 to drug or placebo").randomized,
            Some(true)
        );
        assert_eq!(design("A Randomized, Double-Blind Trial of Belimumab").randomized, Some(true));
        assert_eq!(design("Randomised controlled trial of X in lupus").randomized, Some(true));
        assert_eq!(design("patients were randomly assigned to two arms").randomized, Some(true));
        assert_eq!(
            design("compared to historical controls of 3 large, negative, multicenter, randomized clinical trials of other drugs").randomized,
            None
        );
        assert_eq!(
            design("We sought to retrospectively review a single-center experience").randomized,
            Some(false)
        );
        assert_eq!(design("an open-label phase 2 study").randomized, None);
    }

    #[test]
    fn allocation_ratio() {
        assert_eq!(
            design("were randomized 1:1 to receive").allocation_ratio.as_deref(),
            Some("1:1")
        );
        assert_eq!(design("randomized in a 2 : 1 ratio").allocation_ratio.as_deref(), Some("2:1"));
        assert_eq!(design("in a 3:2 ratio").allocation_ratio.as_deref(), Some("3:2"));
        assert_eq!(
            design("were randomly assigned (1:1) to").allocation_ratio.as_deref(),
            Some("1:1")
        );
        assert_eq!(design("at 10:30 in the morning").allocation_ratio, None);
    }

    #[test]
    fn blinding_values() {
        assert_eq!(
            design("a single-center, double-blind, placebo-controlled study").blinding.as_deref(),
            Some("double")
        );
        assert_eq!(design("phase 2 open-label study").blinding.as_deref(), Some("open"));
        assert_eq!(
            design("This study is an evaluator blind, parallel controlled trial")
                .blinding
                .as_deref(),
            Some("evaluator")
        );
        assert_eq!(
            design("an open-label trial with blinded outcome assessment").blinding.as_deref(),
            Some("evaluator")
        );
        assert_eq!(design("single-blind crossover").blinding.as_deref(), Some("single"));
        assert_eq!(design("triple-masked trial").blinding.as_deref(), Some("triple"));
        assert_eq!(design("no word about it").blinding, None);
    }

    #[test]
    fn control_values() {
        assert_eq!(design("placebo-controlled").control.as_deref(), Some("placebo"));
        assert_eq!(
            design("compared to data from historical controls").control.as_deref(),
            Some("historical")
        );
        assert_eq!(design("versus usual care").control.as_deref(), Some("usual_care"));
        assert_eq!(design("an active-controlled trial").control.as_deref(), Some("active"));
        assert_eq!(design("a single-arm study").control.as_deref(), Some("none"));
        assert_eq!(design("failed standard of care therapy").control, None);
    }

    #[test]
    fn phases() {
        assert_eq!(design("an explorative phase I trial").phase.as_deref(), Some("1"));
        assert_eq!(design("phase 2 open-label study").phase.as_deref(), Some("2"));
        assert_eq!(design("a phase II/III trial").phase.as_deref(), Some("2/3"));
        assert_eq!(design("Phase 1b study").phase.as_deref(), Some("1b"));
        assert_eq!(design("phase 1/2 trial").phase.as_deref(), Some("1/2"));
        assert_eq!(design("the acute phase of disease").phase, None);
        assert_eq!(design("phase in which").phase, None);
    }
}
