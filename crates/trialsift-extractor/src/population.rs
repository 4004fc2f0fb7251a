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
//!   received the intervention at the start of a sentence;
//! - analysed: an explicit statement ("19 patients were analysed"); else the
//!   enrolled count less those "excluded from (the) analysis"; else the
//!   enrolled count when every reported proportion is over it; else absent.

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::Population;

use crate::number::{NUMBER_WORD, compile, parse_count};

/// Builds a pattern from a template: `COUNT` is a count in digits or words, `MODS` up to three
/// modifier words, `PEOPLE` a plural noun for people, `PERSON` a singular or plural one, `MID` a
/// stretch of the same sentence.
fn people_pattern(template: &str) -> Regex {
    let count = format!(r"\b(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+|{NUMBER_WORD})\b");
    // Spaces in a template only separate its placeholders.
    let pattern = template
        .replace(' ', "")
        .replace("COUNT", &count)
        .replace("MODS", r"(?:[A-Za-z][A-Za-z0-9-]*\s+){0,3}?")
        .replace("PEOPLE", PEOPLE)
        .replace("PERSON", PERSON)
        .replace("MID", r"(?:[^.;]|\.[0-9]){0,160}?");
    compile(&pattern)
}

/// Plural nouns for people.
const PEOPLE: &str = r"(?i:patients|participants|subjects|adults|children|women|men|individuals|people|persons|cases|volunteers|infants|neonates|newborns|adolescents|pts|girls|boys|outpatients|inpatients|mothers|veterans|survivors|residents|students|athletes|alcoholics|smokers|drinkers|users|donors|recipients|nurses|physicians|workers|employees|families|couples|asthmatics|diabetics|schoolchildren|toddlers|members|teenagers|elderly)\b";

/// Singular or plural nouns for people.
const PERSON: &str = r"(?i:patients?|participants?|subjects?|adults?|child(?:ren)?|wom[ae]n|m[ae]n|individuals?|persons?|people|cases?|volunteers?|infants?|pts)\b";

/// Counts tied to an inclusion verb.
static ENROLLED: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        people_pattern(
            r"COUNT\s+MODS PEOPLE\s+(?i:enrolled|recruited|included)\b(?:\s+(?i:in|into|at|from|between|during|over))?",
        ),
        people_pattern(r"COUNT\s+(?i:were|had\s+been)\s+(?i:enrolled|included|recruited)\b"),
        people_pattern(concat!(
            r"(?i:\b(?:included|enrolled|recruited|studied|enrolling|including|recruiting|identified)\s+",
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
static RANDOMIZED: LazyLock<[Regex; 4]> = LazyLock::new(|| {
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
    ]
});

/// Counts of people treated, at the start of a sentence: the cohort of a single-arm or retrospective study.
static TREATED: LazyLock<Regex> = LazyLock::new(|| {
    people_pattern(concat!(
        r"(?:^|[.:;]\s+)(?i:a\s+total\s+of\s+|in\s+total,?\s+|overall,?\s+)?COUNT\s+MODS PEOPLE MID",
        r"(?i:\b(?:were\s+(?:treated|given|followed)|received|underwent|participated))\b",
    ))
});

/// "A total of 120 patients": a total, wherever it stands.
static TOTAL_OF: LazyLock<Regex> =
    LazyLock::new(|| people_pattern(r"(?i:\ba\s+total\s+of\s+|\bin\s+total,?\s+)COUNT\s+MODS PEOPLE"));

/// A count of people as the subject of a sentence ("Thirteen male weightlifters took part", "Of 46 patients, ...");
/// kept only where the match starts a sentence or the count is a capitalized word.
static SENTENCE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    people_pattern(r"(?i:(?:of|out\s+of|among)\s+(?:the\s+|these\s+|all\s+)?)?COUNT\s+MODS PEOPLE")
});

/// The weakest reading: the first count of people after a preposition ("a double-blind trial in 80 patients
/// with hemorrhoids") or a capital `N` after the noun ("patients (N = 100)").
static COHORT: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        people_pattern(concat!(
            r"(?i:\b(?:in|on|of|among|involving|including|enrolling|recruiting|comprising|from)\s+",
            r"(?:a\s+total\s+of\s+|the\s+|all\s+)?)COUNT\s+MODS PEOPLE",
        )),
        people_pattern(r"PEOPLE\s*\(\s*N\s*=\s*COUNT"),
    ]
});

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
    after_stop || capitalized
}

/// Every segment passes this gate.
const ANY_STEM: &[&str] = &[""];

/// Counts of people analysed.
static ANALYZED: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        people_pattern(concat!(
            r"COUNT\s+(?i:were|was)\s+(?i:analy[sz]ed|evaluable|assessable|included\s+in(?:to)?\s+(?:the\s+)?",
            r"(?:[a-z-]+\s+){0,2}?analys[ie]s)\b",
        )),
        people_pattern(concat!(
            r"COUNT\s+MODS PEOPLE (?:[^.;]|\.[0-9]){0,80}?(?i:\b(?:were|was)\s+(?:included\s+in(?:to)?\s+(?:the\s+)?",
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
static EXCLUDED: LazyLock<Regex> = LazyLock::new(|| {
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

/// Tells whether a segment holds any of the stems; a cheap gate before the regexes.
fn holds_any(segment: &str, stems: &[&str]) -> bool {
    stems.iter().any(|stem| memchr::memmem::find(segment.as_bytes(), stem.as_bytes()).is_some())
}

/// Returns the count in group `n` of the first match of any of the regexes, in segment order.
fn first_count(
    segments: &[&str],
    stems: &[&str],
    regexes: &[Regex],
    reject: impl Fn(&str, usize, usize) -> bool,
) -> Option<u64> {
    for segment in segments.iter().filter(|segment| holds_any(segment, stems)) {
        let mut best: Option<(usize, u64)> = None;
        for regex in regexes {
            for captures in regex.captures_iter(segment.as_bytes()) {
                let (Some(whole), Some(count)) = (captures.get(0), captures.name("n")) else {
                    continue;
                };
                if reject(segment, whole.start(), whole.end())
                    || not_the_subject(segment, count.end(), whole.end())
                {
                    continue;
                }
                let Some(number) = parse_count(segment, count.start(), count.end(), 0) else {
                    continue;
                };
                if best.is_none_or(|(start, _)| count.start() < start) {
                    best = Some((count.start(), number.value as u64));
                }
                break;
            }
        }
        if let Some((_, value)) = best {
            return Some(value);
        }
    }
    None
}

/// Returns the largest count of all matches of a regex.
fn largest_count(segments: &[&str], stems: &[&str], regex: &Regex) -> Option<u64> {
    segments
        .iter()
        .filter(|segment| holds_any(segment, stems))
        .flat_map(|segment| {
            regex.captures_iter(segment.as_bytes()).filter_map(|captures| {
                let count = captures.name("n")?;
                let whole = captures.get(0)?;
                if not_the_subject(segment, count.end(), whole.end()) {
                    return None;
                }
                parse_count(segment, count.start(), count.end(), 0)
                    .map(|number| number.value as u64)
            })
        })
        .max()
}

/// Reads the sample sizes out of the English segments; `proportion_totals` are the denominators of the reported proportions.
pub(crate) fn read(segments: &[&str], proportion_totals: &[u64]) -> Population {
    let into_analysis = |segment: &str, _start: usize, end: usize| {
        segment.as_bytes().get(end..).is_some_and(|rest| INTO_ANALYSIS.is_match(rest))
    };
    let stated_enrolled = first_count(segments, ENROLLED_STEMS, ENROLLED.as_slice(), into_analysis);
    let randomized = first_count(segments, RANDOMIZED_STEMS, RANDOMIZED.as_slice(), |_, _, _| false);
    let enrolled = stated_enrolled
        .or(randomized)
        .or_else(|| largest_count(segments, TREATED_STEMS, &TREATED))
        .or_else(|| first_count(segments, ANY_STEM, std::slice::from_ref(&*TOTAL_OF), |_, _, _| false))
        .or_else(|| {
            first_count(segments, ANY_STEM, std::slice::from_ref(&*SENTENCE_SUBJECT), |segment, start, _| {
                !opens_sentence(segment, start)
            })
        })
        .or_else(|| first_count(segments, ANY_STEM, COHORT.as_slice(), |_, _, _| false));
    let stated_analyzed = first_count(segments, ANALYZED_STEMS, ANALYZED.as_slice(), |_, _, _| false);
    let analyzed = stated_analyzed.or_else(|| {
        let total = enrolled?;
        if let Some(excluded) = largest_count(segments, EXCLUDED_STEMS, &EXCLUDED) {
            return total.checked_sub(excluded).filter(|remaining| *remaining > 0);
        }
        let all_over_total =
            !proportion_totals.is_empty() && proportion_totals.iter().all(|n| *n == total);
        all_over_total.then_some(total)
    });
    Population { enrolled, randomized, analyzed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn population(text: &str, totals: &[u64]) -> Population {
        read(&[text], totals)
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&ENROLLED);
        LazyLock::force(&INTO_ANALYSIS);
        LazyLock::force(&RANDOMIZED);
        LazyLock::force(&TREATED);
        LazyLock::force(&ANALYZED);
        LazyLock::force(&EXCLUDED);
        LazyLock::force(&NOT_THE_SUBJECT);
        LazyLock::force(&TOTAL_OF);
        LazyLock::force(&SENTENCE_SUBJECT);
        LazyLock::force(&COHORT);
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
        assert_eq!(
            population(text, &[]),
            Population { enrolled: Some(20), randomized: Some(20), analyzed: None }
        );
        let text = "We randomized 120 patients to two arms.";
        assert_eq!(population(text, &[]).randomized, Some(120));
    }

    #[test]
    fn counts_without_a_noun_after_a_screening_clause() {
        let text = "Of 150 screened patients, 120 were randomized and 118 were analysed.";
        assert_eq!(
            population(text, &[]),
            Population { enrolled: Some(120), randomized: Some(120), analyzed: Some(118) }
        );
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
}
