//! Design facts: randomization, allocation ratio, blinding, control and phase.
//!
//! Each fact is read only where the text says it of the study at hand:
//! "randomized" counts when participants *were randomized* or when *a* or
//! *this* randomized trial is meant, not when the abstract cites other
//! "randomized clinical trials".

use std::sync::LazyLock;

use regex::bytes::Regex;
use trialsift_domain::Design;

use crate::number::compile;

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
static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|assigned|allocated)\s+(?:(?:in|at)\s+an?\s+)?",
        r"[(\[]?\s*(?P<a>[0-9]{1,2}\s*:\s*[0-9]{1,2}(?:\s*:\s*[0-9]{1,2})?)\b",
        r"|\b(?P<b>[0-9]{1,2}\s*:\s*[0-9]{1,2}(?:\s*:\s*[0-9]{1,2})?)\s+(?:ratio|randomi[sz]ation|allocation)\b)",
    ))
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
static PHASE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"\b(?i:phase)[\s-]*(?P<a>IV|III|II|I|[1-4])(?P<as>[ab])?",
        r"(?:\s*(?:/|-|–|\s(?i:and|or)\s)\s*(?i:phase\s*)?(?P<b>IV|III|II|I|[1-4])(?P<bs>[ab])?)?\b",
    ))
});

/// A significance level the text sets: "p < 0.05 was considered significant", "significance was set at 0.01".
static ALPHA: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:two-sided\s+|two-tailed\s+)?(?:p|p-values?|p\s+values?)\s*(?:<|≤|<=|＜|&lt;|less\s+than)\s*(?P<a>0?\.[0-9]+)",
        r"(?:[^.;]|\.[0-9]){0,60}?\b(?:considered|deemed|regarded|defined|taken|accepted|set|indicat|denot)",
        r"|\b(?:significance|alpha)\s+(?:level\s+)?(?:was\s+|is\s+|of\s+)?(?:set\s+)?(?:at|of|=)\s*(?:p\s*[<=]\s*)?(?P<b>0?\.[0-9]+)",
        r"|α\s*=\s*(?P<c>0?\.[0-9]+))",
    ))
});

/// Reads the significance level the text sets, between 0 and 0.2.
fn alpha(segments: &[&str]) -> Option<f64> {
    segments.iter().find_map(|segment| {
        let captures = ALPHA.captures(segment.as_bytes())?;
        let found =
            captures.name("a").or_else(|| captures.name("b")).or_else(|| captures.name("c"))?;
        let written = std::str::from_utf8(found.as_bytes()).ok()?;
        let value: f64 = if written.starts_with('.') {
            format!("0{written}").parse().ok()?
        } else {
            written.parse().ok()?
        };
        (value > 0.0 && value <= 0.2).then_some(value)
    })
}

/// Reads the design facts of a study out of its English text.
pub(crate) fn read(segments: &[&str]) -> Design {
    let mut design = Design::default();
    let any = |regex: &Regex| segments.iter().any(|segment| regex.is_match(segment.as_bytes()));
    if any(&RANDOMIZED) {
        design.randomized = Some(true);
    } else if any(&NOT_RANDOMIZED) {
        design.randomized = Some(false);
    }
    design.allocation_ratio = segments.iter().find_map(|segment| {
        let captures = RATIO.captures(segment.as_bytes())?;
        let ratio = captures.name("a").or_else(|| captures.name("b"))?;
        let compact: String = String::from_utf8_lossy(ratio.as_bytes())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some(compact)
    });
    if design.allocation_ratio.is_some() && design.randomized.is_none() {
        design.randomized = Some(true);
    }
    design.blinding =
        BLINDING.iter().find(|(regex, _)| any(regex)).map(|(_, value)| (*value).to_owned());
    design.control =
        CONTROL.iter().find(|(regex, _)| any(regex)).map(|(_, value)| (*value).to_owned());
    design.alpha = alpha(segments);
    design.phase = segments.iter().find_map(|segment| {
        let captures = PHASE.captures(segment.as_bytes())?;
        let first =
            phase_part(captures.name("a")?.as_bytes(), captures.name("as").map(|m| m.as_bytes()))?;
        match captures.name("b") {
            Some(second) => {
                let second =
                    phase_part(second.as_bytes(), captures.name("bs").map(|m| m.as_bytes()))?;
                Some(format!("{first}/{second}"))
            }
            None => Some(first),
        }
    });
    design
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
        read(&[text])
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
