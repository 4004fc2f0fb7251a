//! Typed statements: proportions, confidence intervals, p-values, mean ± SD, median (IQR), test statistics.
//!
//! Each family is one or a few byte-oriented regexes. Families are tried from
//! the most to the least specific (a CI before a p-value before a proportion),
//! and a match that overlaps a statement already taken is dropped, so "95%" in
//! "95% CI" is never read as a percentage. Numbers keep their text, decimals and
//! byte span; every span is an offset into the full document.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::bytes::{Match, Regex};
use trialsift_domain::{CiMethod, Comparator, Number, Statement, StatementValue, TestKind};

use crate::number::{COUNT_DIGITS, NUMBER_WORD, compile, parse, parse_count};
use crate::stretch::{Items, Stretch, Stretched};

mod proportions;
mod series;

/// A signed decimal number, thousands grouped by commas or not ("1,900"); a Unicode minus may
/// stand apart from its digits ("− 2.9").
const SIGNED: &str = r"(?:{MINUS}|−\s)?GNUM";

/// An unsigned decimal number, thousands grouped by commas ("1,557") or not. The first digit of a
/// grouped number is not a zero, so a European "0,001" is never read as one thousand.
const GROUPED: &str = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?\b|{NUM})";

/// Separators between the two bounds of an interval.
const RANGE_SEP: &str = r"(?:,|;|\s(?i:to)\s|-|–|—|‒|−|~|\.\.\.?|…)";

/// Builds a pattern from a template: `SNUM` a signed number, `GNUM` an unsigned one whose thousands
/// may be grouped, `SEP` a bound separator,
/// `COUNT` a count in digits or words (group names given in the template as `COUNT<name>`).
fn statement_pattern(template: &str) -> Regex {
    let mut pattern =
        template.replace("SNUM", SIGNED).replace("GNUM", GROUPED).replace("SEP", RANGE_SEP);
    while let Some(at) = pattern.find("COUNT<") {
        let Some(close) = pattern.get(at..).and_then(|rest| rest.find('>')) else {
            break;
        };
        let name = pattern.get(at + 6..at + close).unwrap_or("n").to_owned();
        let group = format!(r"\b(?P<{name}>{COUNT_DIGITS}|{NUMBER_WORD})\b");
        pattern.replace_range(at..at + close + 1, &group);
    }
    compile(&pattern)
}

/// Up to two unit words between a value and its bracket ("23 mg/L (IQR 10-45)", "52.3 years (SD 11.2)").
const UNITS: &str = r"(?:(?:[A-Za-z%]|µ|μ)(?:[A-Za-z0-9%/^-]|²|³)*\s*){0,2}";

/// Names of a confidence or credible interval.
const CI_WORD: &str = r"(?:\bCIs?\b|\bC\.I\.|\bCrIs?\b|(?i:\bconfidence\s+(?:intervals?|limits?)|\bcredible\s+intervals?))";

/// Names of the methods of a proportion's confidence interval.
static CI_METHOD: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:(?P<cp>clopper[\s-]*(?:-|–|‐|and\s+)?\s*pearson|exact(?:\s+binomial)?)",
        r"|(?P<wilson>wilson(?:\s+score)?)|(?P<ac>agresti[\s-]*(?:-|–|‐)?\s*coull)|(?P<wald>wald))",
    ))
});

/// Method words that name a test, not an interval ("Fisher's exact test", "Wald test").
static NOT_A_CI_METHOD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:fisher'?s?\s+exact|exact\s+tests?|wald\s+(?:tests?|chi))"));

static CI: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        concat!(
            r"(?:(?P<level>{{NUM}})\s*(?:%|(?i:percent|per\s+cent)\b)\s*[:,]?\s*(?:(?i:two-sided|exact|bootstrap(?:ped)?|bayesian)\s+)?{ci}",
            r"|{ci}\s*[(\[]?\s*(?P<level2>{{NUM}})\s*%\s*[)\]]?|\bCI(?P<level3>{{NUM}})\s*%|{ci}",
            r"|(?P<level4>{{NUM}})\s*%\s*Cl\b|[(\[]\s*Cl\s*(?:,|:))",
            r"(?:\s*[(\[{{]\s*(?:CI|CrI)\s*[)\]}}]|\s*,\s*(?:CI|CrI)\b)?",
            // "95% confidence interval for (the) difference (between groups), -11% to 68%"
            r"(?:\s+(?i:for)\s+(?:(?i:the)\s+)?[A-Za-z-]+(?:\s+[A-Za-z-]+){{0,3}}?)?",
            r"(?:\s*[(\[]\s*(?P<method>[A-Za-z][A-Za-z -]{{2,30}})\s*[)\]])?",
            r"\s*(?:[:=,;]|(?i:of|was|were|from|is))?\s*[(\[]?\s*(?:(?:\$|£|€)\s*|\+\s*)?",
            r"(?P<lo>SNUM|-\s[0-9]+(?:\.[0-9]+)?)\s*(?P<lp>%|(?i:percent)\b)?\s*SEP\s*(?:(?:\$|£|€)\s*|\+\s*)?(?P<hi>SNUM|-\s[0-9]+(?:\.[0-9]+)?)(?P<hp>\s*(?:%|(?i:percent)\b))?",
        ),
        ci = CI_WORD
    ))
});

/// A p-value with its comparator.
static P_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(concat!(
        r"(?:\b[Pp](?:\s*-?\s*(?i:values?)|'s|’s|s\b|\s*[-_]?\s*(?i:log[\s-]*rank))?(?:\s+(?i:for\s+(?:linear\s+)?(?:trend|interaction|heterogeneity|non-?inferiority|superiority|equivalence))|\s*[-_]?\s*(?i:trend|interaction|heterogeneity)\b)?",
        r"|\b[Pp]\s*[(\[]\s*(?i:trend|interaction|two-sided|one-sided|log[\s-]*rank)\s*[)\]])",
        r"(?:\s*[(\[]\s*(?i:two|one)[\s-]*(?i:sided|tailed)\s*[)\]])?",
        r"\s*(?P<cmp>[<>]\s*(?i:or)\s*=|[<>]\s+=|=\s+[<>]|<=|>=|=<|=>|≤|≥|⩽|⩾|≦|≧|<|>|=|＜|＞|＝|:|(?i:less\s+than|greater\s+than|of|was|were))",
        r"\s*(?:(?P<power>10\s*(?:\(\s*{MINUS}\s*(?P<exp1>[0-9]{1,3})\s*\)|\^\s*\(?\s*{MINUS}\s*(?P<exp2>[0-9]{1,3})\)?))",
        r"|(?P<sci>(?P<mantissa>{NUM})\s*(?:[eE]\s*{MINUS}\s*(?P<exp3>[0-9]{1,3})|(?:×|x|\*)\s*10\s*(?:\^\s*)?(?:\(\s*{MINUS}\s*(?P<exp4>[0-9]{1,3})\s*\)|{MINUS}\s*(?P<exp5>[0-9]{1,3})))\b)",
        r"|(?P<v>{NUM}))",
    ))
});

/// Words around a p-value that make it a threshold, not a result.
///
/// Searched with its stretch unbounded first (see [`crate::stretch`]).
static ALPHA_AFTER: LazyLock<Stretched> = LazyLock::new(|| {
    bounded_stretch(
        r"^STRETCH(?i:\bconsidered\b|\bdeemed\b|\bregarded\b|\bwas\s+set\b|\bwere\s+set\b|\bdefined\s+as\b|\bdenoted\b|\bindicat(?:ed|es|ing)\s+(?:statistical\s+)?significance|\blevel\s+of\s+significance|\bsignificance\s+level)",
        r"(?:[^.;]|\.[0-9]){0,60}?",
        r"(?P<stretch>(?:[^.;]|\.[0-9])*?)",
        Stretch { group: "stretch", limit: 60, items: Items::Bytes },
    )
});

/// A pattern with one bounded stretch, written `STRETCH` in `template`: searched first with the
/// stretch as `unbounded` (in its group), and as written (`bounded`) only when the match's stretch
/// runs past its bound (see [`crate::stretch`]).
fn bounded_stretch(template: &str, bounded: &str, unbounded: &str, stretch: Stretch) -> Stretched {
    Stretched::new(
        compile(&template.replace("STRETCH", unbounded)),
        compile(&template.replace("STRETCH", bounded)),
        &[stretch],
    )
}

/// Words before a p-value that make it a threshold, not a result.
static ALPHA_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:significance\s+(?:level\s+)?(?:was\s+|is\s+)?(?:set\s+)?(?:at|of)|\balpha\b|α\s*=|\bthreshold\b|significant\s+(?:if|when|at(?:\s+(?:a|the))?)|level\s+of)\s*(?:of\s*)?[(\[]?\s*$",
    )
});

/// The index in [`TEST_STATISTIC`] of the correlation named in words.
const NAMED_CORRELATION: usize = 2;

/// A test statistic with its degrees of freedom, in three layouts: a symbol and "=" (`t(28) =
/// 2.20`, `χ2 = 4.5, df = 1`), a worded statistic (`F-value 26.866`, `chi-square test = 4.13`,
/// `chi-square 20.1`), and a correlation named in words (`Spearman correlation -0.546`).
static TEST_STATISTIC: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    let df = r"(?:[(\[]\s*(?P<df1>{NUM})(?:\s*,\s*(?P<df2>{NUM}))?(?:\s*,\s*[Nn]\s*=\s*[0-9]+)?\s*[)\]])";
    let df_after = r"(?:\s*[,;]\s*(?i:df|d\.f\.)\s*=\s*(?P<df3>{NUM}))?";
    [
        statement_pattern(&format!(
            concat!(
                r"(?:\b(?P<sub>t|F)(?P<sub1>[0-9]{{1,4}})(?:\s*,\s*(?P<sub2>[0-9]{{1,5}}))?",
                r"|(?:\b(?P<latin>t|F|r|R|z|Z)(?:[\s-]*(?i:values?|statistics?))?|(?P<rank>\br[sS]\b|\brho\b|ρ|\brs\b)",
                r"|(?P<chi>χ2|χ²|χ\^2|Χ2|Χ²|\b[Xx]2\b|\bX²|\b(?i:chi[\s-]*squared?|chi2)\b(?:\s+(?i:tests?|statistics?|values?))?",
                r"|(?:χ|\b(?i:chi)\b)\s*\(\s*2\s*\)|(?P<bare_chi>\b(?i:chi)\b|χ|\?)))",
                r"\s*{df}?)",
                r"\s*(?P<cmp>=|＝|<=|>=|<|>|≤|≥)\s*(?P<v>(?:-\s)?SNUM){df_after}",
            ),
            df = df,
            df_after = df_after
        )),
        statement_pattern(&format!(
            concat!(
                r"(?:\b(?P<latin>t|F|z|Z)[\s-]*(?i:values?|statistics?)",
                r"|(?P<chi>\b(?i:chi[\s-]*squared?)(?:\s+(?i:tests?|statistics?|values?))?))",
                r"\s*{df}?\s*(?:(?i:of|was|were|is)\b)?\s*(?P<v>SNUM)\b{df_after}",
            ),
            df = df,
            df_after = df_after
        )),
        statement_pattern(concat!(
            r"(?P<named>\b(?i:(?:spearman|pearson)(?:'s|’s)?(?:\s+(?:rank|product[\s-]moment))?\s+(?:correlations?(?:\s+coefficients?)?|coefficients?)",
            r"|correlation\s+coefficients?))(?:\s*[(\[]\s*(?:r|rs|rho|ρ)\s*[)\]])?",
            r"(?:\s*[:=,]?\s*|[^0-9;()\[\]=<>.]{0,60}?\b(?i:was|were|of|is)\s+|[^0-9;()\[\]=<>.]{0,60}?[=:]\s*)",
            r"(?P<v>SNUM)\b",
        )),
    ]
});

/// The names of an interquartile range: "IQR", "interquartile range (IQR)", "interquartile range,
/// IQR", "25th-75th percentiles", "25-75%", "quartiles", "Q1-Q3", "lower-upper quartile", and
/// the forms lossy sources write with split superscripts ("25 (th) -75 (th) percentile",
/// "Q (1), Q (3) range").
const IQR_NAME: &str = concat!(
    r"(?:IQR|(?i:inter-?\s?quartile\s+ranges?)(?:\s*[(\[]\s*IQR\s*[)\]]|\s*,\s*IQR\b)?",
    r"|(?i:25(?:th|\s*\(\s*th\s*\))?\s*%?\s*(?:-|–|—|to|and|,)\s*75(?:th|\s*\(\s*th\s*\))?\s*(?:%|percentiles?|centiles?)|quartiles?",
    r"|lower\s*(?:-|–|and|to|,)\s*upper\s+quartiles?",
    r"|Q\s*(?:1|\(\s*1\s*\))\s*(?:-|–|,)\s*Q\s*(?:3|\(\s*3\s*\))(?:\s+range)?|p25\s*(?:-|–|,)\s*p75))",
);

/// A median with its interquartile range, in four layouts.
static MEDIAN_IQR: LazyLock<[Stretched; 4]> = LazyLock::new(|| {
    let templates = {
        let iqr = IQR_NAME;
        [
            String::from(&format!(
                r"(?P<med>SNUM)\s*{UNITS},?\s*[(\[]\s*(?:(?i:median)\s*[;,:]\s*)?{iqr}\s*[:=,]?\s*(?:(?i:from|of)\s+)?(?P<q1>SNUM)\s*{UNITS}SEP\s*(?P<q3>SNUM)\s*{UNITS}(?:(?P<close>[)\]])|[;,])"
            )),
            // Median (25th-75th percentiles) of effusion changes was 5 mm (1-7.6 mm)
            String::from(&format!(
                r"(?i:median)\s*[(\[]\s*{iqr}\s*[)\]]STRETCH(?P<med>SNUM)\s*{UNITS}[(\[]\s*(?P<q1>SNUM)\s*SEP\s*(?P<q3>SNUM)\s*{UNITS}(?P<close>[)\]])"
            )),
            String::from(&format!(
                r"(?P<med>SNUM)\s*{UNITS}[,;]\s*{iqr}\s*[:=,]?\s*(?P<q1>SNUM)\s*SEP\s*(?P<q3>SNUM)"
            )),
            // 2.0 weeks (Q1 = 1.0, Q3 = 3.7), 12 (25th percentile 8, 75th percentile 16)
            String::from(&format!(
                r"(?P<med>SNUM)\s*{UNITS}[(\[]\s*(?:Q1|(?i:25th\s+(?:percentile|centile)))\s*[:=,]?\s*(?P<q1>SNUM)\s*{UNITS}[,;]\s*(?:Q3|(?i:75th\s+(?:percentile|centile)))\s*[:=,]?\s*(?P<q3>SNUM)\s*{UNITS}(?P<close>[)\]])"
            )),
        ]
    };
    templates.map(|template| measure_pattern(&template))
});

/// A mean with its standard deviation, in nine layouts.
static MEAN_SD: LazyLock<[Stretched; 9]> = LazyLock::new(|| {
    let templates = {
        [
            String::from(concat!(
                r"(?P<mean>SNUM)\s*(?:(?:%|°)\s*)?(?:±|\+\s*/\s*-|\+/−|\+-|∓|＋/－)\s*(?:(?:SD|s\.d\.)\s*)?(?P<sd>GNUM)(?:\s*%)?",
                r"(?:\s*(?:[A-Za-z%][A-Za-z%/]*\s*){0,2}[(\[,;]\s*(?i:n)\s*=\s*(?P<n>[0-9]+))?",
            )),
            String::from(&format!(
                r"(?P<mean>SNUM)(?:-[A-Za-z]+)?\s*{UNITS}[(\[]\s*(?:SD|s\.d\.|(?i:standard\s+deviation))\s*[:=,]?\s*(?:(?i:of)\s+)?(?P<sd>GNUM)\s*{UNITS}[)\]]"
            )),
            String::from(&format!(
                r"(?i:mean)\s*[(\[]\s*(?:SD|s\.d\.)\s*[)\]]STRETCH(?P<mean>SNUM)\s*{UNITS}[(\[]\s*(?P<sd>GNUM)\s*[)\]]"
            )),
            // 11.3% (± 8.6%), 3.70 W/kg bw (±0.56), 8.6 months (±4.9 months)
            String::from(&format!(
                r"(?P<mean>SNUM)\s*%?\s*{UNITS}[(\[]\s*(?:±|\+\s*/\s*-|\+/−|\+-)\s*(?P<sd>GNUM)\s*%?\s*{UNITS}[)\]]"
            )),
            // the mean number of visits per patient was 5.3 (2.7)
            String::from(&format!(
                r"\b(?i:means?)\bNODIGITS\b(?i:was|were|of|is)\s*[:=]?\s*(?P<mean>SNUM)\s*{UNITS}[(\[]\s*(?P<sd>GNUM)\s*[)\]]"
            )),
            // A ± lost upstream as "?" (tokens_ascii_lossy sources): "48.4? 11.4", "+28.1 (?19.3)".
            String::from(
                r"(?P<mean>SNUM)(?:\?\s+|\s*[(\[]\s*\?\s*)(?P<sd>GNUM)(?P<lossy>\s*[)\]])?",
            ),
            // mean age = 6.4 years, SD = 2.7; M = 3.7, SD = 1.4 weeks; (mean 67.0, SD 13.5)
            String::from(&format!(
                r"\b(?:(?i:means?|average)|M)\b(?:\s+[A-Za-z-]+){{0,3}}?\s*(?:(?:[=:]|(?i:was|were|of|is)\b)\s*)?(?P<mean>SNUM)\s*{UNITS}[,;]\s*(?:SD|s\.d\.|(?i:standard\s+deviation))\s*[=:,]?\s*(?P<sd>GNUM)"
            )),
            // (5.4 mm, SD 1.4 mm)
            String::from(&format!(
                r"[(\[]\s*(?P<mean>SNUM)\s*{UNITS}[,;]\s*(?:SD|s\.d\.)\s*[=:]?\s*(?P<sd>GNUM)\s*{UNITS}[)\]]"
            )),
            // 326 ml SD ±183, 139 ml SD, ±114
            String::from(&format!(
                r"(?P<mean>SNUM)\s*{UNITS}\b(?:SD|s\.d\.)\s*,?\s*(?:±|\+\s*/\s*-)\s*(?P<sd>GNUM)"
            )),
        ]
    };
    templates.map(|template| measure_pattern(&template))
});

/// The bounded stretches that the templates of [`MEDIAN_IQR`] and [`MEAN_SD`] write as a marker
/// (up to 60 bytes without a full stop or a bracket, or without a digit either), each as written
/// and unbounded in its group, with how its items are counted.
const MEASURE_STRETCHES: [(&str, &str, &str, Items); 2] = [
    (
        "STRETCH",
        r"(?:[^.;()\[\]]|\.[0-9]){0,60}?",
        r"(?P<stretch>(?:[^.;()\[\]]|\.[0-9])*?)",
        Items::Bytes,
    ),
    ("NODIGITS", r"[^.;()\[\]0-9]{0,60}?", r"(?P<stretch>[^.;()\[\]0-9]*?)", Items::Any),
];

/// Builds a [`MEDIAN_IQR`] or [`MEAN_SD`] pattern from its template, searched first with its
/// bounded stretch (a marker of [`MEASURE_STRETCHES`]) unbounded, when it has one.
fn measure_pattern(template: &str) -> Stretched {
    for (marker, bounded, unbounded, items) in MEASURE_STRETCHES {
        if template.contains(marker) {
            let stretch = Stretch { group: "stretch", limit: 60, items };
            return Stretched::new(
                statement_pattern(&template.replace(marker, unbounded)),
                statement_pattern(&template.replace(marker, bounded)),
                &[stretch],
            );
        }
    }
    Stretched::plain(statement_pattern(template))
}

/// The index in [`MEDIAN_RANGE`] of the layout that gives an age range before its median.
const AGED_MEDIAN_RANGE: usize = 2;

/// The index in [`MEAN_SD`] of the layout whose ± was lost as a question mark.
const LOSSY_MEAN_SD: usize = 5;

/// A standard error named in the words before a bare "mean (x)": the bracket is not an SD.
static STANDARD_ERROR_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:\bSEM?\b|\bS\.E\.|(?i:standard\s+errors?))"));

/// What right after a ± makes it a standard error rather than a standard deviation.
static STANDARD_ERROR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(?:%\s*)?(?:\(?\s*)?(?:SEM?\b|S\.E\.|(?i:standard\s+error))"));

/// A header naming what "±" stands for: "(mean ± standard error)", "mean +/- SD:", "(with 95
/// percent confidence limits)".
static PLUS_MINUS_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:±|\+\s*/\s*-)\s*(?:(?P<se>SEM?\b|S\.E\.|(?i:standard\s+errors?))|SD\b|S\.D\.|(?i:standard\s+deviations?))|(?P<limits>[(\[]\s*(?i:with\s+)?[0-9]{2}\s*(?:%|(?i:percent))\s*(?i:confidence\s+limits)\s*[)\]])",
    )
});

/// Tells whether the last "±" header before a value in its sentence names a standard error or
/// confidence limits ("(with 95 percent confidence limits) ... 39+/-20 percent"): no SD either way.
fn named_standard_error_before(before: &[u8]) -> bool {
    crate::number::captures(&PLUS_MINUS_HEADER, before)
        .last()
        .is_some_and(|header| header.name("se").or_else(|| header.name("limits")).is_some())
}

/// A time point right after a statement: "(n = 29, p = 0.0011) at 6 months".
///
/// Searched with its stretch unbounded first (see [`crate::stretch`]).
static TIME_AFTER: LazyLock<Stretched> = LazyLock::new(|| {
    bounded_stretch(
        r"^(?:STRETCH\))?\s*,?\s*(?i:at|after|by|over)\s+(?P<t>[0-9]+\s*(?:-\s*)?(?i:weeks?|months?|days?|years?|hours?)|(?i:week|month|day|year)\s+[0-9]+|(?i:baseline))\b",
        r"(?:[^.;()]|\.[0-9]){0,40}",
        r"(?P<stretch>(?:[^.;()]|\.[0-9])*)",
        Stretch { group: "stretch", limit: 40, items: Items::Bytes },
    )
});

/// The word "baseline" earlier in the same clause.
#[cfg(test)]
static BASELINE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i:\bbaseline\b)[^.;,()]{0,60}$"));

/// Tells whether [`BASELINE_BEFORE`] matches `before`, without its regex (whose bounded stretch
/// searched backwards built a lazy DFA state for nearly every byte of text not seen before): a
/// "baseline" in any case, between word boundaries, followed to the end by at most 60 bytes
/// none of which is `.;,()`.
fn baseline_before(before: &[u8]) -> bool {
    let word = |at: usize| {
        before.get(at).is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte == b'_')
    };
    let name = b"baseline";
    let clean_from = before
        .iter()
        .rposition(|byte| matches!(byte, b'.' | b';' | b',' | b'(' | b')'))
        .map_or(0, |at| at + 1)
        .max(before.len().saturating_sub(60 + name.len()));
    (clean_from..before.len()).any(|start| {
        let end = start + name.len();
        end <= before.len()
            && before.len() - end <= 60
            && before.get(start..end).is_some_and(|found| found.eq_ignore_ascii_case(name))
            && (start == 0 || !word(start - 1))
            && !word(end)
    })
}

/// Words before a mean ± SD that make it a change from baseline ("mean change in MRSS was -5.3 ± 7.9").
static CHANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\bchanges?\b|\bdifferences?\s+from\s+baseline\b|\b(?:decrease|reduction|increase|improvement|decline|fall|rise)\s+(?:from\s+baseline\s+)?(?:in\s+[A-Za-z0-9-]+\s+)?(?:of|was|by)\b)(?:[^.;]|\.[0-9])*$",
    )
});

/// A point estimate of an effect: `HR 0.72`, `odds ratio (OR) = 2.1`, `mean difference, -3.4`;
/// then, for ratios only, the layouts whose value opens a bracket or follows what the ratio is
/// "of" (`hazard ratio (0.46, 95% CI ...)`, `relative risk of death was 0.83`), which for a
/// difference would read counts and thresholds (`difference of > 20 mm`).
///
/// Both are searched with their two bounded stretches (a bracket's aside of up to 30 bytes, a
/// phrase of up to 40) unbounded first (see [`crate::stretch`]): in text not seen before, the
/// bounds made the lazy DFAs build a state for nearly every byte.
static ESTIMATE: LazyLock<[Stretched; 2]> = LazyLock::new(|| {
    let ratio_names = r"a?HRs?|a?ORs?|a?RRs?|IRRs?";
    let ratio_words = r"hazard\s+ratios?|odds\s+ratios?|relative\s+risks?|risk\s+ratios?|rate\s+ratios?|incidence\s+rate\s+ratios?|relative\s+hazards?";
    let other_words = concat!(
        r"standardi[sz]ed\s+mean\s+differences?|mean\s+differences?|(?:absolute\s+)?risk\s+differences?|",
        r"absolute\s+risk\s+reductions?|absolute\s+differences?|(?:treatment\s+)?differences?|",
        r"(?:adjusted\s+)?(?:standardi[sz]ed\s+)?(?:treatment\s+)?effect\s+sizes?(?:\s+[dg]\b|\s*[:,]?\s*(?:partial\s+)?(?:η\s*(?:2|²)|eta[\s-]*squared)(?:\s*[(\[]\s*p\s*[)\]])?)?|(?:adjusted\s+|estimated\s+)?treatment\s+effects?|",
        r"effect\s+of\s+(?:the\s+)?intervention|cohen'?s\s+d|hedges'?\s*g",
    );
    let abbreviation = r"a?HR|a?OR|a?RR|IRR|SMD|MD|RD|ARR|ES";
    let tail = concat!(
        r"(?:\s+(?i:estimates?))?",
        r"(?:\s*[(\[](?:[^()\[\]0-9]{1,30}|\s*[0-9]{2}(?:\.[0-9])?\s*%\s*(?:CIs?|CrIs?|(?i:confidence\s+(?:intervals?|limits?)))(?:\s*\[\s*CIs?\s*\])?\s*)[)\]])?",
    );
    // A unit may be glued to the value ("a mean difference of 31.14s").
    let value = r"\s*(?:[:=])?\s*(?:£|\$|€)?\s*(?P<value>SNUM)(?:\b|[A-Za-z])(?P<pct>\s*%)?";
    let any = format!(
        r"(?P<measure>\b(?:{ratio_names}|SMDs?|MDs?|RDs?|ARR|ES)\b|(?i:\b(?:adjusted\s+)?(?:{ratio_words}|{other_words}))|[(\[]\s*(?:{abbreviation})\s*[)\]])(?:\s*[(\[]\s*(?:{abbreviation})\s*[)\]])?{tail}(?P<phrase>\s+(?i:with|for|in|between|versus|vs\.?)\s+[^,;:()=0-9]{{1,40}}?)?\s*(?P<link>[:=,]|(?i:of|was|were|is))?{value}"
    );
    let ratio = format!(
        r"(?P<measure>\b(?:{ratio_names})\b|(?i:\b(?:adjusted\s+)?(?:{ratio_words}))|[(\[]\s*(?:a?HR|a?OR|a?RR|IRR)\s*[)\]])(?:\s*[(\[]\s*(?:{abbreviation})\s*[)\]])?{tail}(?:\s+(?i:with|for|in|between|of|versus|vs\.?)\s+[^,;:()=0-9]{{1,40}}?)?\s*(?:[:=,]|(?i:of|was|were|is)|(?P<open>[(\[]))?{value}"
    );
    [estimate_pattern(&any), estimate_pattern(&ratio)]
});

/// The bounded stretches of [`ESTIMATE`]'s patterns as written, each with the group that
/// encloses it unbounded and its bound.
const ESTIMATE_STRETCHES: [(&str, &str, Stretch); 2] = [
    (
        r"[^()\[\]0-9]{1,30}",
        r"(?P<aside>[^()\[\]0-9]+)",
        Stretch { group: "aside", limit: 30, items: Items::Any },
    ),
    (
        r"[^,;:()=0-9]{1,40}?",
        r"(?P<between>[^,;:()=0-9]+?)",
        Stretch { group: "between", limit: 40, items: Items::Any },
    ),
];

/// Builds an [`ESTIMATE`] pattern from its template, searched first with the stretches of
/// [`ESTIMATE_STRETCHES`] unbounded (as written when the template lacks one of them).
fn estimate_pattern(template: &str) -> Stretched {
    let exact = statement_pattern(template);
    let mut fast = template.to_owned();
    for (bounded, unbounded, _) in ESTIMATE_STRETCHES {
        if !fast.contains(bounded) {
            return Stretched::plain(exact);
        }
        fast = fast.replace(bounded, unbounded);
    }
    let stretches = ESTIMATE_STRETCHES.map(|(_, _, stretch)| stretch);
    Stretched::new(statement_pattern(&fast), exact, &stretches)
}

/// An interval right after an estimate's value, past its unit: "mm, 95% CI", "[95% CI",
/// "(-0.016, 0.041)".
static INTERVAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(concat!(
        r"^(?:\s*[^\s,;()\[\]0-9]{1,12}){0,2}\s*[,;]?\s*[(\[]?\s*",
        r"(?:(?:95|90|99)\s*%|CI\b|C\.I\.|(?i:confidence)|SNUM\s*(?:,|;|to|-|–)\s*SNUM)",
    ))
});

/// A median with its range: `median 12 (range 3-45)`, `12 (range, 3 to 45)`, `aged 18-40 years;
/// median age, 21 years`, `94.4-month median follow-up (range, 0-114 months)`.
static MEDIAN_RANGE: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        statement_pattern(concat!(
            r"(?P<med>SNUM)\s*",
            r"(?:(?:[A-Za-z%]|µ|μ)(?:[A-Za-z0-9%/^-])*\s*){0,2}",
            r"[(\[]\s*(?i:range|min(?:imum)?\s*(?:-|–|—|,|/|to)\s*max(?:imum)?)\s*[:=,]?\s*(?P<min>SNUM)\s*SEP\s*(?P<max>SNUM)\s*",
            r"(?:(?:[A-Za-z%]|µ|μ)(?:[A-Za-z0-9%/^-])*\s*){0,2}(?:(?P<close>[)\]])|[;,])",
        )),
        // median 5 days, range 2-15; median age: 72 years, range: 64-83
        statement_pattern(concat!(
            r"\b(?i:median)(?:\s+[A-Za-z-]+){0,3}?\s*[:=,]?\s*(?:(?i:of|was|were|is)\s+)?(?P<med>SNUM)\s*",
            r"(?:(?:[A-Za-z%]|µ|μ)(?:[A-Za-z0-9%/^-])*\s*){0,2}",
            r"[,;]\s*(?i:range)\s*[:=,]?\s*(?P<min>SNUM)\s*(?:-|–|—|‒|−|~|\s(?i:to)\s)\s*(?P<max>SNUM)",
        )),
        // aged 18-40 years; median age, 21 years / aged 5 to 19 years old, median 16
        statement_pattern(concat!(
            r"\b(?i:aged|ages)\s+(?:(?i:from|between)\s+)?(?P<min>SNUM)\s*(?:-|–|—|\s(?i:to|and)\s)\s*(?P<max>SNUM)",
            r"\s*(?i:years?|yrs?|y|months?)?(?:\s+(?i:old))?\s*[;,(]\s*(?i:median)(?:\s+(?i:age))?\s*[:=,]?\s*(?:(?i:of|was)\s+)?(?P<med>SNUM)",
        )),
        // 94.4-month median follow-up (range, 0-114 months)
        statement_pattern(concat!(
            r"(?P<med>SNUM)[\s-]*(?i:years?|months?|weeks?|days?|hours?|mo|yr)\s+(?i:median)\b[^()\[\].;0-9]{0,40}?",
            r"[(\[]\s*(?i:range)\s*[:=,]?\s*(?P<min>SNUM)\s*SEP\s*(?P<max>SNUM)\s*",
            r"(?:(?:[A-Za-z%]|µ|μ)(?:[A-Za-z0-9%/^-])*\s*){0,2}(?P<close>[)\]])",
        )),
    ]
});

/// The second dispersion of a median in the same bracket, right after the first one's separator:
/// "4 (IQR 2–6; range 0–12)", "4 (range 0–12; IQR 2–6)".
static SECOND_DISPERSION: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"^\s*(?:(?P<range>(?i:range|min(?:imum)?\s*(?:-|–|—|,|/|to)\s*max(?:imum)?))|{IQR_NAME})\s*[:=,]?\s*(?P<lo>SNUM)\s*{UNITS}SEP\s*(?P<hi>SNUM)\s*{UNITS}(?P<close>[)\]])"
    ))
});

/// A mean named right before a value: "a mean of ", "mean age was ", "average: ".
static MEAN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:mean|average)\b)(?:\s+[A-Za-z-]+){0,4}?\s*(?:[:=]|\b(?i:of|was|were|is)\b)?\s*$",
    )
});

/// Document-wide hints that change how statements are read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hints {
    /// The document reports means ± SEM and never SD, so ± is not a standard deviation.
    pub plus_minus_is_sem: bool,
}

/// Candidate statements of one segment, with segment-relative spans, before overlap resolution.
struct Candidates<'a> {
    segment: &'a str,
    base: usize,
    /// The gate literals the sentence holds, as a bit set over [`GATES`]'s needles.
    present: u128,
    /// Spans taken so far, start to end; they never overlap.
    taken: BTreeMap<usize, usize>,
    found: Vec<Statement>,
}

impl<'a> Candidates<'a> {
    /// Takes two statements written interleaved in one span ("125/79 +/- 13/8": two means and
    /// their SDs) unless the span overlaps one taken before; both get the whole span.
    fn offer_pair(
        &mut self,
        start: usize,
        end: usize,
        first: StatementValue,
        second: StatementValue,
    ) -> bool {
        if !self.offer(start, end, first) {
            return false;
        }
        self.found.push(Statement {
            lang: "en".to_owned(),
            start: self.base + start,
            end: self.base + end,
            value: second,
            refers_to: None,
            arm: None,
            time_point: None,
        });
        true
    }

    /// Takes a statement whose segment-relative span is `start..end` unless it overlaps one taken before.
    fn offer(&mut self, start: usize, end: usize, value: StatementValue) -> bool {
        // Taken spans never overlap, so only the last one starting before `end` can reach into this one.
        let overlaps =
            self.taken.range(..end).next_back().is_some_and(|(_, taken_end)| *taken_end > start);
        if start >= end || overlaps {
            return false;
        }
        self.taken.insert(start, end);
        self.found.push(Statement {
            lang: "en".to_owned(),
            start: self.base + start,
            end: self.base + end,
            value,
            refers_to: None,
            arm: None,
            time_point: None,
        });
        true
    }

    /// Parses a captured number.
    fn number(&self, found: Option<Match<'_>>) -> Option<Number> {
        let found = found?;
        parse(self.segment, found.start(), found.end(), self.base)
    }

    /// Parses a captured count, in digits or words.
    fn count(&self, found: Option<Match<'_>>) -> Option<Number> {
        let found = found?;
        parse_count(self.segment, found.start(), found.end(), self.base)
    }

    /// Tells whether the number starting at `start` stands alone on its left: no letter, digit or
    /// point before it, nor the decimal comma or middle dot of a number it is the end of ("99,4%",
    /// "7·80/1000").
    fn clean_left(&self, start: usize) -> bool {
        let bytes = self.segment.as_bytes();
        let before = |back: usize| start.checked_sub(back).and_then(|index| bytes.get(index));
        match before(1) {
            Some(b',') => !before(2).is_some_and(u8::is_ascii_digit),
            // The second byte of "·" (U+00B7).
            Some(0xB7) => before(2) != Some(&0xC2),
            // "vs.14.3": the full stop of "vs." glued to the number.
            Some(b'.') => {
                let head = bytes.get(..start - 1).unwrap_or_default();
                let word_start = head.iter().rposition(|byte| !byte.is_ascii_alphabetic());
                let word = head.get(word_start.map_or(0, |at| at + 1)..).unwrap_or_default();
                word.eq_ignore_ascii_case(b"vs") || word.eq_ignore_ascii_case(b"v")
            }
            Some(byte) => !(byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'/')),
            None => true,
        }
    }
}

/// The gates of every family, built once.
static GATES: LazyLock<crate::text::Gates> = LazyLock::new(|| {
    crate::text::Gates::new(&[
        CI_LITERALS,
        EQUALS_LITERALS,
        INEQUALITY_LITERALS,
        AGED_LITERALS,
        COMPARATOR_LITERALS,
        RANGE_LITERALS,
        ESTIMATE_LITERALS,
        IQR_LITERALS,
        SD_LITERALS,
        PROPORTION_LITERALS,
        &["?"],
        PLUS_MINUS_LITERALS,
        LABELLED_SD_LITERALS,
        MEAN_LITERALS,
        BRACKET_LITERALS,
        proportions::GATE_LITERALS,
        series::HEADER_LITERALS,
        WORDED_STATISTIC_LITERALS,
        CORRELATION_LITERALS,
    ])
});

/// The bit set of each family's literal list, built once.
struct Masks {
    ci: u128,
    equals: u128,
    inequality: u128,
    aged: u128,
    median: u128,
    comparator: u128,
    iqr: u128,
    range: u128,
    estimate: u128,
    sd: u128,
    proportion: u128,
    plus_minus: u128,
    labelled_sd: u128,
    mean: u128,
    bracket: u128,
    question: u128,
    percent_word: u128,
    worded_statistic: u128,
    correlation: u128,
}

/// Every family's mask over [`GATES`].
static MASKS: LazyLock<Masks> = LazyLock::new(|| Masks {
    ci: GATES.mask(CI_LITERALS),
    equals: GATES.mask(EQUALS_LITERALS),
    inequality: GATES.mask(INEQUALITY_LITERALS),
    aged: GATES.mask(AGED_LITERALS),
    median: GATES.mask(&["edian"]),
    comparator: GATES.mask(COMPARATOR_LITERALS),
    iqr: GATES.mask(IQR_LITERALS),
    range: GATES.mask(RANGE_LITERALS),
    estimate: GATES.mask(ESTIMATE_LITERALS),
    sd: GATES.mask(SD_LITERALS),
    proportion: GATES.mask(PROPORTION_LITERALS),
    plus_minus: GATES.mask(PLUS_MINUS_LITERALS),
    labelled_sd: GATES.mask(LABELLED_SD_LITERALS),
    mean: GATES.mask(MEAN_LITERALS),
    bracket: GATES.mask(BRACKET_LITERALS),
    question: GATES.mask(&["?"]),
    percent_word: GATES.mask(&["ercent", "er cent"]),
    worded_statistic: GATES.mask(WORDED_STATISTIC_LITERALS),
    correlation: GATES.mask(CORRELATION_LITERALS),
});

/// Literals without which no statistic is named in words ("F-value", "chi-square").
const WORDED_STATISTIC_LITERALS: &[&str] = &["alue", "tatistic", "quare"];
/// Literals without which no correlation is named in words.
const CORRELATION_LITERALS: &[&str] = &["orrelation", "pearman", "earson"];

/// Literals of a ± however it is written.
const PLUS_MINUS_LITERALS: &[&str] =
    &["±", "+/-", "+/−", "+-", "∓", "＋/－", "+ / -", "+ /-", "+/ -"];
/// Literals of a standard deviation named as such.
const LABELLED_SD_LITERALS: &[&str] = &["SD", "s.d.", "tandard deviation"];
/// Literals of a mean.
const MEAN_LITERALS: &[&str] = &["ean"];
/// Opening brackets.
const BRACKET_LITERALS: &[&str] = &["(", "["];

/// Literals without which no confidence interval is written.
const CI_LITERALS: &[&str] = &["CI", "C.I.", "CrI", "onfidence", "redible", "Cl"];
/// Literals without which no test statistic is written.
const EQUALS_LITERALS: &[&str] = &["=", "＝"];
/// Literals of an age range given with a median ("aged 18-40 years; median age, 21 years").
const AGED_LITERALS: &[&str] = &["aged", "Aged", "ages", "Ages"];
/// Literals of a statistic reported as a bound ("F(1,47) < 1.66").
const INEQUALITY_LITERALS: &[&str] = &["<", ">", "≤", "≥"];
/// Literals without which no p-value is written.
const COMPARATOR_LITERALS: &[&str] = &[
    "=",
    "<",
    ">",
    "≤",
    "≥",
    "＜",
    "＞",
    "＝",
    "⩽",
    "⩾",
    "≦",
    "≧",
    "less than",
    "greater than",
    "of",
    "was",
    "were",
    ":",
];
/// Literals without which no range is written.
const RANGE_LITERALS: &[&str] = &["range", "Range", "min", "Min"];
/// Literals without which no effect estimate is written.
const ESTIMATE_LITERALS: &[&str] = &[
    "HR",
    "OR",
    "RR",
    "MD",
    "RD",
    "ARR",
    "ES",
    "ratio",
    "Ratio",
    "difference",
    "Difference",
    "reduction",
    "ffect",
    "risk",
    "Risk",
    "azard",
    "ohen",
    "edges",
];
/// Literals without which no interquartile range is written.
const IQR_LITERALS: &[&str] = &["IQR", "uartile", "75", "Q3", "Q (3)", "p75"];
/// Literals without which no standard deviation is written.
const SD_LITERALS: &[&str] = &[
    "±",
    "+/-",
    "+/−",
    "+-",
    "∓",
    "＋/－",
    "+ / -",
    "+ /-",
    "+/ -",
    "SD",
    "s.d.",
    "tandard deviation",
    "ean",
    "?",
];
/// Literals without which no proportion is written.
const PROPORTION_LITERALS: &[&str] = &["/", "%", "of", "Of", "OF", "ercent", "er cent"];

/// Reads the statements of one English segment; spans are offset by `base`.
///
/// The segment is read sentence by sentence (no statement crosses a sentence's end), and each
/// family of patterns runs only on the sentences that hold the literals it needs: most of an
/// abstract's sentences hold no percentage, bracket or comparator, and skipping them is what
/// keeps the extractor fast.
pub(crate) fn scan(segment: &str, base: usize, hints: Hints) -> Vec<Statement> {
    let mut found = Vec::new();
    let mut carry = series::Carry::default();
    for (start, end) in crate::text::sentences(segment) {
        let Some(sentence) = segment.get(start..end) else {
            continue;
        };
        let mut candidates = Candidates {
            segment: sentence,
            base: base + start,
            present: GATES.present(sentence),
            taken: BTreeMap::new(),
            found: Vec::new(),
        };
        scan_sentence(&mut candidates, hints, &mut carry);
        found.append(&mut candidates.found);
    }
    found
}

/// Number words that can open a count ("Six of the seven", "seven of sixty-seven"), lowercase.
const COUNT_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "teen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred",
];

/// [`COUNT_WORDS`] in one automaton that ignores ASCII case.
static COUNT_WORD_FINDER: LazyLock<Option<aho_corasick::dfa::DFA>> = LazyLock::new(|| {
    aho_corasick::dfa::DFA::builder().ascii_case_insensitive(true).build(COUNT_WORDS).ok()
});

/// Tells whether a sentence holds a number word (cheaply, by substring, in any case): the
/// automaton is walked byte by byte up to its first match state.
fn holds_number_word(sentence: &str) -> bool {
    use aho_corasick::Anchored;
    use aho_corasick::automaton::Automaton;
    // Without the automaton every sentence may hold one: slower, never wrong.
    let Some(finder) = &*COUNT_WORD_FINDER else {
        return true;
    };
    let Ok(mut state) = finder.start_state(Anchored::No) else {
        return true;
    };
    for &byte in sentence.as_bytes() {
        state = finder.next_state(Anchored::No, state, byte);
        if finder.is_special(state) && finder.is_match(state) {
            return true;
        }
    }
    false
}

/// Reads the statements of one sentence, each family gated by the literals it needs.
/// `carry` hands the layouts that median headers name from sentence to sentence.
fn scan_sentence(candidates: &mut Candidates<'_>, hints: Hints, carry: &mut series::Carry) {
    let sentence = candidates.segment;
    let holds_number = sentence.bytes().any(|byte| byte.is_ascii_digit())
        || candidates.present & MASKS.percent_word != 0
        || holds_number_word(sentence);
    if !holds_number {
        series::note_nested_header(sentence, candidates.present, carry);
        return;
    }
    let masks = &*MASKS;
    if candidates.present & masks.ci != 0 {
        scan_ci(candidates);
    }
    scan_test_statistics(candidates);
    if candidates.present & masks.comparator != 0 {
        scan_p_values(candidates);
    }
    if candidates.present & masks.iqr != 0 {
        scan_medians(candidates);
    }
    let labelled_range = candidates.present & masks.range != 0;
    let aged_median =
        candidates.present & masks.aged != 0 && candidates.present & masks.median != 0;
    if labelled_range || aged_median {
        scan_median_ranges(candidates, labelled_range, aged_median);
    }
    if candidates.present & masks.estimate != 0 {
        scan_estimates(candidates);
    }
    if !hints.plus_minus_is_sem && candidates.present & masks.sd != 0 {
        scan_paired_means(candidates);
        scan_means(candidates);
    }
    if candidates.present & masks.proportion != 0 {
        proportions::scan(candidates);
        proportions::share_listed_total(candidates);
    }
    series::scan(candidates, carry);
}

/// Returns the segment text in a window, cut to char boundaries.
fn window(segment: &str, start: usize, end: usize) -> &str {
    let mut from = start.min(segment.len());
    while !segment.is_char_boundary(from) {
        from += 1;
    }
    let mut to = end.min(segment.len()).max(from);
    while !segment.is_char_boundary(to) {
        to -= 1;
    }
    segment.get(from..to.max(from)).unwrap_or("")
}

/// Finds the first CI method named in a stretch of text, with its stretch-relative span.
///
/// A method word that names a test ("Fisher's exact test", "Wald test") is skipped.
fn method_in(text: &str) -> Option<(CiMethod, usize, usize)> {
    for captures in crate::number::captures(&CI_METHOD, text.as_bytes()) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let around = window(text, whole.start().saturating_sub(12), whole.end() + 8);
        if NOT_A_CI_METHOD.is_match(around.as_bytes()) {
            continue;
        }
        let method = if captures.name("cp").is_some() {
            CiMethod::ClopperPearson
        } else if captures.name("wilson").is_some() {
            CiMethod::Wilson
        } else if captures.name("ac").is_some() {
            CiMethod::AgrestiCoull
        } else {
            CiMethod::Wald
        };
        return Some((method, whole.start(), whole.end()));
    }
    None
}

/// Confidence intervals, with the method named before or after them.
fn scan_ci(candidates: &mut Candidates<'_>) {
    let segment = candidates.segment;
    for captures in crate::number::captures(&CI, segment.as_bytes()) {
        let (Some(whole), Some(lower), Some(upper)) = (
            captures.get(0),
            candidates.number(captures.name("lo")),
            candidates.number(captures.name("hi")),
        ) else {
            continue;
        };
        let level = candidates
            .number(
                captures
                    .name("level")
                    .or_else(|| captures.name("level2"))
                    .or_else(|| captures.name("level3"))
                    .or_else(|| captures.name("level4")),
            )
            .map(|number| number.value)
            .filter(|value| *value > 0.0 && *value < 100.0);
        let percent = captures.name("lp").is_some() || captures.name("hp").is_some();
        let end = captures
            .name("hp")
            .or_else(|| captures.name("hi"))
            .map_or(whole.end(), |found| found.end());
        let mut start = whole.start();
        // A method inside the brackets, before the bounds, or after them in the same bracket.
        let mut method = captures
            .name("method")
            .and_then(|found| std::str::from_utf8(found.as_bytes()).ok())
            .and_then(method_in)
            .map(|(method, _, _)| method);
        if method.is_none() {
            let before = window(segment, start.saturating_sub(48), start);
            let clause_start = before.rfind(['(', ';', '[']).map_or(0, |index| index + 1);
            let clause = before.get(clause_start..).unwrap_or("");
            if let Some((found, method_start, method_end)) = method_in(clause) {
                method = Some(found);
                let gap = clause.get(method_end..).unwrap_or("");
                if gap.trim().len() <= 2 {
                    start = start - before.len() + clause_start + method_start;
                }
            }
        }
        if method.is_none() {
            let after = window(segment, end, end + 60);
            let clause_end = after.find([')', ']', ';']).unwrap_or(after.len());
            method = after.get(..clause_end).and_then(method_in).map(|(found, _, _)| found);
        }
        let value = StatementValue::Ci { level, lower, upper, method, percent };
        candidates.offer(start, end, value);
    }
}

/// Test statistics with degrees of freedom.
fn scan_test_statistics(candidates: &mut Candidates<'_>) {
    let masks = &*MASKS;
    let gates = [
        candidates.present & (masks.equals | masks.inequality) != 0,
        candidates.present & masks.worded_statistic != 0,
        candidates.present & masks.correlation != 0,
    ];
    for (layout, regex) in TEST_STATISTIC.iter().enumerate() {
        if gates.get(layout).copied().unwrap_or(true) {
            read_test_statistics(candidates, regex, layout);
        }
    }
}

/// Reads the test statistics of one layout of [`TEST_STATISTIC`].
fn read_test_statistics(candidates: &mut Candidates<'_>, regex: &Regex, layout: usize) {
    let named = layout == NAMED_CORRELATION;
    for captures in crate::number::captures(regex, candidates.segment.as_bytes()) {
        let (Some(whole), Some(value)) = (captures.get(0), candidates.number(captures.name("v")))
        else {
            continue;
        };
        if !candidates.clean_left(whole.start()) {
            continue;
        }
        if named && !is_correlation(candidates.segment, whole.start()) {
            continue;
        }
        let after = candidates.segment.as_bytes().get(value.end - candidates.base..);
        if layout > 0 && after.is_some_and(|rest| rest.trim_ascii_start().starts_with(b"%")) {
            // "chi-square 20%", "correlation of 40%": not a statistic.
            continue;
        }
        let written = if captures.name("rank").is_some() || named {
            Some(&b"r"[..])
        } else {
            captures.name("latin").or_else(|| captures.name("sub")).map(|found| found.as_bytes())
        };
        let test = match written {
            Some(b"t") => TestKind::T,
            Some(b"F") => TestKind::F,
            Some(b"r" | b"R") => TestKind::R,
            Some(b"z" | b"Z") => TestKind::Z,
            Some(_) => continue,
            None => TestKind::ChiSquare,
        };
        if test == TestKind::R && value.value.abs() > 1.0 {
            continue;
        }
        let flattened_square = captures.name("df2").is_none()
            && captures.name("df1").is_some_and(|df| df.as_bytes() == b"2");
        if test == TestKind::R && flattened_square {
            // "R (2) = 0.97": R² whose superscript was flattened, not r with 2 degrees of freedom.
            continue;
        }
        let bare_chi = captures.name("bare_chi");
        if bare_chi.is_some() && !flattened_square {
            // A bare "chi", "χ" or lost "?" is a chi-square only with its square: "chi (2) = 12.27".
            continue;
        }
        let df1 = if bare_chi.is_some() {
            // The "(2)" was the square; the degrees of freedom are not given.
            candidates.number(captures.name("df3"))
        } else {
            candidates.number(
                captures
                    .name("df1")
                    .or_else(|| captures.name("sub1"))
                    .or_else(|| captures.name("df3")),
            )
        };
        let df2 = candidates.number(captures.name("df2").or_else(|| captures.name("sub2")));
        let comparator = captures
            .name("cmp")
            .and_then(|written| comparator(written.as_bytes()))
            .unwrap_or(Comparator::Eq);
        if comparator != Comparator::Eq && df1.is_none() {
            // "r < 0.3", "z > 1.96" without degrees of freedom are thresholds; "F(1,47) < 1.66"
            // reports a statistic as a bound.
            continue;
        }
        let end = captures.name("v").map_or(whole.end(), |found| found.end());
        let listed = (df1.is_none() && comparator == Comparator::Eq).then_some(test);
        if candidates.offer(
            whole.start(),
            end,
            StatementValue::TestStatistic { test, df1, df2, comparator, value },
        ) && let Some(test) = listed
            && respectively_after(candidates.segment.as_bytes().get(end..).unwrap_or_default())
        {
            // "r = 0.72 and 0.65, respectively": the second value of the same statistic.
            offer_listed_values(candidates, end, |value| StatementValue::TestStatistic {
                test,
                df1: None,
                df2: None,
                comparator: Comparator::Eq,
                value,
            });
        }
    }
}

/// Words right before "correlation coefficient" that make it something other than an r.
static NOT_R_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:intra-?\s?class|concordance|lin'?s|partial|canonical|kendall'?s?|serial|auto)\s*$",
    )
});

/// Tells whether a correlation named in words at `start` is a Pearson or Spearman r, not an
/// intraclass, concordance or other coefficient.
fn is_correlation(segment: &str, start: usize) -> bool {
    let before = window(segment, start.saturating_sub(24), start);
    !NOT_R_BEFORE.is_match(before.as_bytes())
}

/// Maps a written comparator to its kind.
fn comparator(written: &[u8]) -> Option<Comparator> {
    let lower = std::str::from_utf8(written).ok()?.to_ascii_lowercase();
    // MEDLINE writes ≤ as "< or =" ("p < or = 0.01"); "P = <0.01" and "P= > 0.001" put the
    // equals sign before the real comparator.
    let compact: String = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = match compact.as_str() {
        "< or =" | "<or =" | "< or=" | "<or=" | "< =" => "<=".to_owned(),
        "> or =" | ">or =" | "> or=" | ">or=" | "> =" => ">=".to_owned(),
        "= <" => "<".to_owned(),
        "= >" => ">".to_owned(),
        _ => lower,
    };
    Some(match lower.as_str() {
        "=" | "＝" | ":" | "of" | "was" | "were" => Comparator::Eq,
        "<" | "＜" => Comparator::Lt,
        ">" | "＞" => Comparator::Gt,
        "<=" | "=<" | "≤" | "⩽" | "≦" => Comparator::Le,
        ">=" | "=>" | "≥" | "⩾" | "≧" => Comparator::Ge,
        other if other.starts_with("less") => Comparator::Lt,
        other if other.starts_with("greater") => Comparator::Gt,
        _ => return None,
    })
}

/// P-values, leaving out significance thresholds ("p < 0.05 was considered significant").
fn scan_p_values(candidates: &mut Candidates<'_>) {
    let segment = candidates.segment;
    for captures in crate::number::captures(&P_VALUE, segment.as_bytes()) {
        let (Some(whole), Some(found), Some(written)) = (
            captures.get(0),
            captures.name("v").or_else(|| captures.name("power")).or_else(|| captures.name("sci")),
            captures.name("cmp").map(|found| found.as_bytes()),
        ) else {
            continue;
        };
        let sci_exponent = captures
            .name("exp3")
            .or_else(|| captures.name("exp4"))
            .or_else(|| captures.name("exp5"));
        let value = match (captures.name("exp1").or_else(|| captures.name("exp2")), sci_exponent) {
            (Some(exponent), _) => power_of_ten(candidates, found, exponent),
            (None, Some(exponent)) => {
                scientific(candidates, found, captures.name("mantissa"), exponent)
            }
            (None, None) => candidates.number(Some(found)),
        };
        let (Some(value), Some(comparator)) = (value, comparator(written)) else {
            continue;
        };
        if value.value > 1.0 && value.decimals == 0 {
            continue;
        }
        let after = segment.as_bytes().get(found.end()..).unwrap_or(&[]);
        let before = window(segment, whole.start().saturating_sub(60), whole.start());
        if ALPHA_AFTER.is_match(after) || ALPHA_BEFORE.is_match(before.as_bytes()) {
            continue;
        }
        let plural = whole.as_bytes().to_ascii_lowercase().windows(6).any(|w| w == b"values");
        if candidates.offer(
            whole.start(),
            found.end(),
            StatementValue::PValue { comparator, value },
        ) && (plural || respectively_after(segment.as_bytes().get(found.end()..).unwrap_or(&[])))
        {
            read_p_value_list(candidates, found.end());
        }
    }
}

/// A second p-value joined by "and" and closed by "respectively" or a bracket: "P = 0.0091 and
/// 0.007, respectively", "(U test, P= 0.837 and 0.696)".
static RESPECTIVELY_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s(?i:and)\s+{NUM}\b(?:\s*,?\s*(?i:respectively)\b|\s*[)\]]|[^;()\[\]<>=]{1,60}?\b(?i:respectively)\b)",
    )
});

/// A list of bare p-values closed by "and": ", 0.03 and 0.04", ", 0.03, and 0.04".
static CLOSED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^(?:\s*,\s*(?:0?\.[0-9]+|1\.0+)\b)+\s*,?\s(?i:and)\s+(?:0?\.[0-9]+|1\.0+)\b")
});

/// Tells whether the text after a p-value lists one more that the sentence pairs with another
/// list, or a list of bare p-values closed by "and".
fn respectively_after(after: &[u8]) -> bool {
    RESPECTIVELY_MEMBER.is_match(after) || CLOSED_LIST.is_match(after)
}

/// The next member of a list of p-values after "p-values: 0.34": ", 0.23", ", and 0.32".
static P_VALUE_LIST_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^\s*(?:,\s*(?i:and\s+|or\s+)?(?P<v>{NUM})\b|\s(?i:and|or)\s+(?P<last>{NUM})\b(?:\s*[)\],;.]|\s*$|\s+[A-Za-z]))",
    )
});

/// Reads the further members of a list of p-values that starts at `end`, with the first's comparator "=".
fn read_p_value_list(candidates: &mut Candidates<'_>, mut end: usize) {
    let segment = candidates.segment;
    for _ in 0..8 {
        let rest = segment.as_bytes().get(end..).unwrap_or(&[]);
        let Some(member) = P_VALUE_LIST_MEMBER
            .captures(rest)
            .and_then(|captures| captures.name("v").or_else(|| captures.name("last")))
        else {
            return;
        };
        let (start, stop) = (end + member.start(), end + member.end());
        let Some(value) = parse(segment, start, stop, candidates.base) else {
            return;
        };
        if value.value > 1.0
            || !candidates.offer(
                start,
                stop,
                StatementValue::PValue { comparator: Comparator::Eq, value },
            )
        {
            return;
        }
        end = stop;
    }
}

/// Reads "9.63E - 09", "2.3 × 10−5" or "1.2x10^(-4)" (`written`, with its `mantissa` and the
/// digits of its negative `exponent`) as the number it stands for, with the decimals it has
/// written out in full.
fn scientific(
    candidates: &Candidates<'_>,
    written: Match<'_>,
    mantissa: Option<Match<'_>>,
    exponent: Match<'_>,
) -> Option<Number> {
    let mantissa = candidates.number(mantissa)?;
    let digits = std::str::from_utf8(exponent.as_bytes()).ok()?.parse::<i32>().ok()?;
    let text = candidates.segment.get(written.start()..written.end())?.to_owned();
    let decimals = i32::from(mantissa.decimals) + digits;
    Some(Number {
        value: mantissa.value * 10f64.powi(-digits),
        decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        text,
        start: candidates.base + written.start(),
        end: candidates.base + written.end(),
    })
}

/// Reads "10(-6)" or "10^-13" as the power of ten it stands for, with as many decimals as the exponent.
fn power_of_ten(
    candidates: &Candidates<'_>,
    written: Match<'_>,
    exponent: Match<'_>,
) -> Option<Number> {
    let digits = std::str::from_utf8(exponent.as_bytes()).ok()?.parse::<i32>().ok()?;
    let text = candidates.segment.get(written.start()..written.end())?.to_owned();
    Some(Number {
        value: 10f64.powi(-digits),
        decimals: u8::try_from(digits).unwrap_or(u8::MAX),
        text,
        start: candidates.base + written.start(),
        end: candidates.base + written.end(),
    })
}

/// Medians with their interquartile ranges.
fn scan_medians(candidates: &mut Candidates<'_>) {
    for pattern in MEDIAN_IQR.iter() {
        for captures in pattern.captures_iter(candidates.segment.as_bytes()) {
            let (Some(whole), Some(median), Some(q1), Some(q3)) = (
                captures.get(0),
                candidates.number(captures.name("med")),
                candidates.number(captures.name("q1")),
                candidates.number(captures.name("q3")),
            ) else {
                continue;
            };
            let Some(median_start) = captures.name("med").map(|found| found.start()) else {
                continue;
            };
            if !candidates.clean_left(median_start) {
                continue;
            }
            let end = captures
                .name("close")
                .or_else(|| captures.name("q3"))
                .map_or(whole.end(), |found| found.end());
            let second = captures.name("close").is_none().then(|| median.clone());
            if candidates.offer(whole.start(), end, StatementValue::MedianIqr { median, q1, q3 })
                && let Some(median) = second
            {
                offer_second_dispersion(candidates, median, whole.end());
            }
        }
    }
}

/// Reads the range (or IQR) that follows a median's IQR (or range) in the same bracket after a
/// separator, at `from`, and offers it with the same median.
fn offer_second_dispersion(candidates: &mut Candidates<'_>, median: Number, from: usize) {
    let Some(rest) = candidates.segment.as_bytes().get(from..) else {
        return;
    };
    let Some(captures) = SECOND_DISPERSION.captures(rest) else {
        return;
    };
    let (Some(lo_match), Some(close)) = (captures.name("lo"), captures.name("close")) else {
        return;
    };
    let at = |found: regex::bytes::Match<'_>| Some((from + found.start(), from + found.end()));
    let number = |found: Option<regex::bytes::Match<'_>>| {
        let (start, end) = at(found?)?;
        parse(candidates.segment, start, end, candidates.base)
    };
    let (Some(low), Some(high)) = (number(Some(lo_match)), number(captures.name("hi"))) else {
        return;
    };
    if !(low.value <= median.value && median.value <= high.value) {
        return;
    }
    let value = if captures.name("range").is_some() {
        StatementValue::MedianRange { median, min: low, max: high }
    } else {
        StatementValue::MedianIqr { median, q1: low, q3: high }
    };
    candidates.offer(from + lo_match.start(), from + close.end(), value);
}

/// Medians with their ranges.
fn scan_median_ranges(candidates: &mut Candidates<'_>, labelled: bool, aged: bool) {
    for (layout, regex) in MEDIAN_RANGE.iter().enumerate() {
        if !(if layout == AGED_MEDIAN_RANGE { aged } else { labelled }) {
            continue;
        }
        for captures in crate::number::captures(regex, candidates.segment.as_bytes()) {
            let (Some(whole), Some(median_match)) = (captures.get(0), captures.name("med")) else {
                continue;
            };
            let (Some(median), Some(min), Some(max)) = (
                candidates.number(Some(median_match)),
                candidates.number(captures.name("min")),
                candidates.number(captures.name("max")),
            ) else {
                continue;
            };
            let in_order = min.value <= median.value && median.value <= max.value;
            if !in_order || !candidates.clean_left(median_match.start()) {
                continue;
            }
            let before = window(
                candidates.segment,
                median_match.start().saturating_sub(60),
                median_match.start(),
            );
            if MEAN_BEFORE.is_match(before.as_bytes()) {
                // "stable for a mean of 4 months (range 1-13)": a mean with its range, not a median.
                continue;
            }
            let (start, end) = if layout == AGED_MEDIAN_RANGE {
                // The range is written first: the span runs from "aged" to the median.
                (whole.start(), median_match.end())
            } else {
                let end = captures
                    .name("close")
                    .or_else(|| captures.name("max"))
                    .map_or(whole.end(), |found| found.end());
                (median_match.start(), end)
            };
            let second = (layout == 0 && captures.name("close").is_none())
                .then(|| (median.clone(), whole.end()));
            if candidates.offer(start, end, StatementValue::MedianRange { median, min, max })
                && let Some((median, from)) = second
            {
                offer_second_dispersion(candidates, median, from);
            }
        }
    }
}

/// Point estimates of effects, named by their measure.
fn scan_estimates(candidates: &mut Candidates<'_>) {
    for captures in
        ESTIMATE.iter().flat_map(|pattern| pattern.captures_iter(candidates.segment.as_bytes()))
    {
        let (Some(whole), Some(measure), Some(value_match)) =
            (captures.get(0), captures.name("measure"), captures.name("value"))
        else {
            continue;
        };
        let Some(value) = candidates.number(Some(value_match)) else {
            continue;
        };
        if !candidates.clean_left(value_match.start()) {
            // "HIV-1": a name's digits, not a value.
            continue;
        }
        let bytes = candidates.segment.as_bytes();
        let before_value = bytes.get(..value_match.start()).unwrap_or_default();
        if before_value.trim_ascii_end().ends_with(b" per") {
            // "relative risk of flares per 100 person-years": a denominator, not the ratio.
            continue;
        }
        if captures.name("open").is_some()
            && !bytes
                .get(value_match.end()..)
                .and_then(|rest| rest.trim_ascii_start().first())
                .is_some_and(|next| matches!(next, b',' | b';' | b'(' | b'['))
        {
            // "hazard ratio (0.46, P=.04)" opens on its value; "QT/RR (0.33)" is a name's aside.
            continue;
        }
        let written = String::from_utf8_lossy(measure.as_bytes()).to_ascii_lowercase();
        let written = written.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ' '));
        let measure = measure_name(written);
        if generic_difference(written)
            && captures.name("phrase").is_some()
            && captures.name("link").is_none_or(|link| link.as_bytes().eq_ignore_ascii_case(b"of"))
            && !INTERVAL_AFTER.is_match(
                candidates.segment.as_bytes().get(value_match.end()..).unwrap_or_default(),
            )
        {
            // "no difference in the 28-day re-admission rates", "differences in abstinence were
            // found at 3": a plain difference followed by what it is in gives its value only
            // after "was", "=", ":" or a comma, or with its interval ("difference in means 2.8
            // [95% CI -1.8, 7.6]").
            continue;
        }
        if captures.name("pct").is_some_and(|pct| {
            bytes.get(pct.end()..).is_some_and(|rest| rest.trim_ascii_start().starts_with(b"of "))
        }) {
            // "differences in the BA: 56.4% of the cases were": a share of cases, not a difference.
            continue;
        }
        // A ratio is never a percentage ("OR 20%" is a misreading); a difference or effect may be.
        if captures.name("pct").is_some()
            && !matches!(measure.as_str(), "md" | "rd" | "arr" | "effect")
        {
            continue;
        }
        let after_value = bytes.get(value_match.end()..).unwrap_or_default();
        if after_value.first() == Some(&b'-')
            && after_value.get(1).is_some_and(u8::is_ascii_alphabetic)
        {
            // "hazard ratios (HRs) of 5-year mortality": a time, not the ratio.
            continue;
        }
        let interval = BARE_INTERVAL_AFTER
            .captures_at(bytes, value_match.end())
            .filter(|found| found.get(0).is_some_and(|whole| whole.start() == value_match.end()))
            .and_then(|found| {
                let lower = candidates.number(found.name("lo"))?;
                let upper = candidates.number(found.name("hi"))?;
                let end = found.name("hi")?.end();
                Some((lower, upper, end))
            });
        let value_end = value_match.end();
        let brackets = value.value;
        // "aORs of 2.63 and 1.42": a plural measure names the list of values after it.
        let plural = written.ends_with('s') && !written.ends_with("ss");
        let listed_measure = plural.then(|| measure.clone());
        if let Some(measure) = listed_measure {
            offer_listed_values(candidates, value_end, |value| StatementValue::Estimate {
                measure: measure.clone(),
                value,
            });
        }
        if candidates.offer(whole.start(), value_end, StatementValue::Estimate { measure, value })
            && let Some((lower, upper, end)) = interval
            && lower.value <= brackets
            && brackets <= upper.value
            && lower.value < upper.value
        {
            // "aOR 0·73, 0·53–0·99": an unlabelled interval right after its estimate; a level
            // named in the estimate's label or a header before it ("HR [95%CI] = 2.171 [1.545–
            // 3.051]", "risk ratios (95% CIs) were 1.75 (0.44 to 8.13)") is its level.
            let level = crate::number::captures(
                &CI_HEADER_LEVEL,
                bytes.get(..value_end).unwrap_or_default(),
            )
            .last()
            .and_then(|found| candidates.number(found.name("level")))
            .map(|level| level.value);
            let start = lower.start - candidates.base;
            let value = StatementValue::Ci { level, lower, upper, method: None, percent: false };
            candidates.offer(start, end, value);
        }
    }
}

/// The next value of a list after a plural measure's first: ", 1.42", " and 1.42" (a value
/// followed by a unit, a percent or a range is not one).
static ESTIMATE_LIST_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(
        r"^\s*(?:,\s*(?:(?i:and)\s+)?|\s(?i:and)\s+)(?P<v>SNUM)(?:\s*[,;)\]]|\s+(?i:and|for|in|respectively)\b|\s*$)",
    )
});

/// Offers the further values of a list that starts after `end` ("aORs of 2.63 and 1.42", "r =
/// 0.72 and 0.65, respectively"), each made a statement by `statement`, until one is not
/// a member or overlaps a statement taken before.
fn offer_listed_values(
    candidates: &mut Candidates<'_>,
    mut end: usize,
    statement: impl Fn(Number) -> StatementValue,
) {
    for _ in 0..6 {
        let rest = candidates.segment.as_bytes().get(end..).unwrap_or_default();
        let Some(member) = ESTIMATE_LIST_MEMBER.captures(rest).and_then(|found| found.name("v"))
        else {
            return;
        };
        let (start, stop) = (end + member.start(), end + member.end());
        let Some(value) = parse(candidates.segment, start, stop, candidates.base) else {
            return;
        };
        if !candidates.offer(start, stop, statement(value)) {
            return;
        }
        end = stop;
    }
}

/// A confidence level named as a header in brackets: "[95%CI]", "(95% CIs)".
static CI_HEADER_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(&format!(
        r"[(\[]\s*(?P<level>[0-9]{{2}}(?:\.[0-9])?)\s*%\s*(?:{CI_WORD})\s*[)\]]"
    ))
});

/// An unlabelled interval right after an estimate's value: ", 0·53–0·99", " (0.66-1.17".
static BARE_INTERVAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(r"\s*(?:[,;]|[(\[])\s*(?P<lo>SNUM)\s*(?:-|–|—|‒|\s(?i:to)\s)\s*(?P<hi>SNUM)")
});

/// Tells whether a measure as written (lowercase) is a plain "difference", which names no measure.
fn generic_difference(written: &str) -> bool {
    let compact: String = written.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        compact.trim_end_matches('s'),
        "difference" | "treatment difference" | "absolute difference" | "adjusted difference"
    )
}

/// Returns the short lowercase name of a measure as written ("hazard ratio" gives `hr`).
pub(super) fn measure_name(written: &str) -> String {
    let compact: String = written.split_whitespace().collect::<Vec<_>>().join(" ");
    if compact == "es" {
        // "ES = 0.44": an effect size, whose abbreviation ends in the plural's letter.
        return "effect".to_owned();
    }
    let stem = compact.trim_end_matches('s');
    let name = match stem {
        "hazard ratio"
        | "adjusted hazard ratio"
        | "relative hazard"
        | "adjusted relative hazard"
        | "ahr" => "hr",
        // "aOR": an adjusted odds ratio ("aRR" stays ambiguous with an absolute risk reduction).
        "odds ratio" | "adjusted odds ratio" | "aor" => "or",
        "relative risk" | "risk ratio" | "adjusted relative risk" | "adjusted risk ratio" => "rr",
        "rate ratio" | "incidence rate ratio" | "adjusted rate ratio" => "irr",
        "standardized mean difference" | "standardised mean difference" => "smd",
        "mean difference" | "adjusted mean difference" => "md",
        "risk difference" | "adjusted risk difference" => "rd",
        "absolute risk reduction" | "adjusted absolute risk reduction" => "arr",
        "absolute risk difference" => "rd",
        "difference" | "treatment difference" | "absolute difference" => "md",
        other if other.contains("effect") => "effect",
        "cohen's d" | "cohens d" | "hedges' g" | "hedges g" | "hedgesg" | "hedges'g" => "effect",
        other => other,
    };
    name.to_owned()
}

/// Two means and their SDs written as pairs, as blood pressure is: "125/79 +/- 13/8 mmHg".
static PAIRED_MEAN_SD: LazyLock<Regex> = LazyLock::new(|| {
    statement_pattern(
        r"(?P<m1>SNUM)\s*/\s*(?P<m2>SNUM)\s*(?:±|\+\s*/\s*-|\+/−)\s*(?P<s1>{NUM})\s*/\s*(?P<s2>{NUM})\b",
    )
});

/// The systolic "x ± y/" right before a diastolic mean: "151 +/- 10/95 +/- 5".
static PAIR_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| statement_pattern(r"SNUM\s*(?:±|\+\s*/\s*-|\+/−)\s*{NUM}\s*/\s*$"));

/// Means written as pairs with their SDs ("125/79 +/- 13/8"), read before the single layouts.
fn scan_paired_means(candidates: &mut Candidates<'_>) {
    let segment = candidates.segment;
    if !segment.as_bytes().contains(&b'/') || candidates.present & MASKS.plus_minus == 0 {
        return;
    }
    for captures in crate::number::captures(&PAIRED_MEAN_SD, segment.as_bytes()) {
        let (Some(whole), Some(first_mean)) = (captures.get(0), captures.name("m1")) else {
            continue;
        };
        let numbers = ["m1", "m2", "s1", "s2"].map(|name| candidates.number(captures.name(name)));
        let [Some(m1), Some(m2), Some(s1), Some(s2)] = numbers else {
            continue;
        };
        if !candidates.clean_left(first_mean.start()) {
            continue;
        }
        let after = segment.as_bytes().get(whole.end()..).unwrap_or_default();
        if STANDARD_ERROR_AFTER.is_match(after)
            || named_standard_error_before(
                segment.as_bytes().get(..whole.start()).unwrap_or_default(),
            )
        {
            continue;
        }
        let before = window(segment, whole.start().saturating_sub(60), whole.start());
        let change = CHANGE_BEFORE.is_match(before.as_bytes());
        candidates.offer_pair(
            whole.start(),
            whole.end(),
            StatementValue::MeanSd { mean: m1, sd: s1, n: None, change },
            StatementValue::MeanSd { mean: m2, sd: s2, n: None, change },
        );
    }
}

/// Means with their standard deviations, and the n given right after them; a mean right after
/// the "x ± y/" of a systolic value is the diastolic one ("151 +/- 10/95 +/- 5 mmHg").
fn scan_means(candidates: &mut Candidates<'_>) {
    let segment = candidates.segment;
    let masks = &*MASKS;
    let has = |mask: u128| candidates.present & mask != 0;
    let plus_minus = has(masks.plus_minus);
    let labelled_sd = has(masks.labelled_sd);
    let mean = has(masks.mean);
    let bracket = has(masks.bracket);
    let gates = [
        plus_minus,
        labelled_sd && bracket,
        mean && labelled_sd,
        plus_minus && bracket,
        mean && bracket,
        has(masks.question),
        labelled_sd,
        labelled_sd && bracket,
        labelled_sd,
    ];
    for (layout, pattern) in MEAN_SD.iter().enumerate() {
        if !gates.get(layout).copied().unwrap_or(true) {
            continue;
        }
        for captures in pattern.captures_iter(segment.as_bytes()) {
            let (Some(whole), Some(mean_match), Some(sd_match)) =
                (captures.get(0), captures.name("mean"), captures.name("sd"))
            else {
                continue;
            };
            let (Some(mean), Some(sd)) =
                (candidates.number(Some(mean_match)), candidates.number(Some(sd_match)))
            else {
                continue;
            };
            if !candidates.clean_left(mean_match.start())
                && !PAIR_BEFORE
                    .is_match(segment.as_bytes().get(..mean_match.start()).unwrap_or_default())
            {
                continue;
            }
            let after_sd = segment.as_bytes().get(sd_match.end()..).unwrap_or(&[]);
            if STANDARD_ERROR_AFTER.is_match(after_sd) {
                continue;
            }
            if named_standard_error_before(
                segment.as_bytes().get(..mean_match.start()).unwrap_or_default(),
            ) {
                // "values (mean ± standard error) were 8.9 ± 0.6": the header names the ±.
                continue;
            }
            let before = window(segment, whole.start().saturating_sub(60), whole.start());
            if layout == LOSSY_MEAN_SD && !lost_plus_minus(&mean, &sd, after_sd) {
                continue;
            }
            if layout == 4 && STANDARD_ERROR_BEFORE.is_match(whole.as_bytes()) {
                continue;
            }
            let n = candidates.count(captures.name("n"));
            let end = captures
                .name("n")
                .or_else(|| captures.name("lossy"))
                .map_or(whole.end(), |found| found.end());
            // Layouts that open with words or a bracket start at the mean itself.
            let start =
                if matches!(layout, 4 | 6 | 7) { mean_match.start() } else { whole.start() };
            let change = CHANGE_BEFORE.is_match(before.as_bytes());
            candidates.offer(start, end, StatementValue::MeanSd { mean, sd, n, change });
        }
    }
}

/// Tells whether "a? b" reads as a mean and SD whose ± was lost, not a "×" ("2? 200 mg caffeine",
/// "1.5? 10 (3) oocytes"): one of them has decimals, or the second is the smaller ("108? 15 min");
/// and "b" is not the ten of a power of ten. An SD larger than its mean is common ("3.8? 5.0 days
/// a month"); a range's lost dash leaves no space after it.
fn lost_plus_minus(mean: &Number, sd: &Number, after_sd: &[u8]) -> bool {
    let has_decimals = mean.decimals > 0 || sd.decimals > 0;
    let power_of_ten = sd.text == "10"
        && matches!(after_sd.trim_ascii_start().first(), Some(b'(' | b'^' | b'-' | b'E' | b'e'));
    (has_decimals || sd.value < mean.value) && !power_of_ten
}

/// Ties each CI and p-value to the statement right before it, and reads time points.
pub(crate) fn link(text: &str, statements: &mut [Statement]) {
    for index in 0..statements.len() {
        let Some(current) = statements.get(index) else {
            continue;
        };
        let qualifies =
            matches!(current.value, StatementValue::Ci { .. } | StatementValue::PValue { .. });
        if qualifies && index > 0 {
            let previous_index = index - 1;
            let refers_to = statements.get(previous_index).and_then(|previous| {
                let gap = text.get(previous.end..current.start)?;
                let adjacent = gap.len() <= 16
                    && gap.chars().all(|c| c.is_whitespace() || "()[],;:".contains(c));
                if !adjacent {
                    return None;
                }
                match (&current.value, &previous.value) {
                    (
                        StatementValue::Ci { .. },
                        StatementValue::Ci { .. } | StatementValue::PValue { .. },
                    ) => None,
                    (_, StatementValue::PValue { .. }) => None,
                    (StatementValue::PValue { .. }, StatementValue::Ci { .. }) => {
                        previous.refers_to
                    }
                    _ => Some(previous_index),
                }
            });
            if let Some(slot) = statements.get_mut(index) {
                slot.refers_to = refers_to;
            }
        }
    }
    for statement in statements.iter_mut() {
        if matches!(
            statement.value,
            StatementValue::Ci { .. } | StatementValue::TestStatistic { .. }
        ) {
            continue;
        }
        let after = text.as_bytes().get(statement.end..).unwrap_or(&[]);
        let time = TIME_AFTER
            .captures_at(after, 0)
            .and_then(|captures| captures.name("t"))
            .and_then(|found| std::str::from_utf8(found.as_bytes()).ok())
            .map(|found| found.split_whitespace().collect::<Vec<_>>().join(" "));
        let time = time.or_else(|| {
            let before = window(text, statement.start.saturating_sub(80), statement.start);
            baseline_before(before.as_bytes()).then(|| "baseline".to_owned())
        });
        statement.time_point = time;
    }
}

/// Gives CIs of proportions the one method the document names, when they name none themselves.
///
/// Only sentences that speak of an interval count, so "the exact mechanism" names no method.
pub(crate) fn apply_document_method(segments: &[&str], statements: &mut [Statement]) {
    let proportions: Vec<bool> = statements
        .iter()
        .map(|statement| matches!(statement.value, StatementValue::Proportion { .. }))
        .collect();
    let takes_a_method = |statement: &Statement| {
        let refers_to_proportion =
            statement.refers_to.and_then(|index| proportions.get(index)).copied() == Some(true);
        matches!(statement.value, StatementValue::Ci { method: None, .. }) && refers_to_proportion
    };
    if !statements.iter().any(takes_a_method) {
        // No interval could take the document's method: the text need not be read for one.
        return;
    }
    let mut named: Vec<CiMethod> = Vec::new();
    for sentence in segments.iter().flat_map(|segment| segment.split(". ")) {
        if !(sentence.contains("interval") || sentence.contains("CI")) {
            continue;
        }
        let mut rest = sentence;
        while let Some((method, _, end)) = method_in(rest) {
            if !named.contains(&method) {
                named.push(method);
            }
            rest = rest.get(end..).unwrap_or("");
        }
    }
    let [only] = named.as_slice() else {
        return;
    };
    for statement in statements.iter_mut() {
        if takes_a_method(statement)
            && let StatementValue::Ci { method, .. } = &mut statement.value
        {
            *method = Some(*only);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Statement> {
        let mut statements = scan(text, 0, Hints::default());
        statements.sort_by_key(|statement| statement.start);
        link(text, &mut statements);
        statements
    }

    fn number(found: &Number) -> (f64, u8, &str) {
        (found.value, found.decimals, found.text.as_str())
    }

    #[track_caller]
    fn proportion(statement: &Statement) -> (Option<f64>, Option<f64>, Option<f64>) {
        match &statement.value {
            StatementValue::Proportion { count, total, percent } => (
                count.as_ref().map(|n| n.value),
                total.as_ref().map(|n| n.value),
                percent.as_ref().map(|n| n.value),
            ),
            other => panic!("not a proportion: {other:?}"),
        }
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&CI_METHOD);
        LazyLock::force(&NOT_A_CI_METHOD);
        LazyLock::force(&CI);
        LazyLock::force(&P_VALUE);
        LazyLock::force(&ALPHA_AFTER);
        LazyLock::force(&CHANGE_BEFORE);
        LazyLock::force(&ESTIMATE);
        LazyLock::force(&INTERVAL_AFTER);
        LazyLock::force(&RESPECTIVELY_MEMBER);
        LazyLock::force(&PLUS_MINUS_HEADER);
        LazyLock::force(&MEDIAN_RANGE);
        LazyLock::force(&MEAN_BEFORE);
        LazyLock::force(&ALPHA_BEFORE);
        LazyLock::force(&TEST_STATISTIC);
        LazyLock::force(&MEDIAN_IQR);
        LazyLock::force(&MEAN_SD);
        LazyLock::force(&STANDARD_ERROR_AFTER);
        LazyLock::force(&STANDARD_ERROR_BEFORE);
        LazyLock::force(&P_VALUE_LIST_MEMBER);
        assert_eq!(GATES.present(""), 0, "the automaton was built");
        LazyLock::force(&MASKS);
        LazyLock::force(&TIME_AFTER);
        LazyLock::force(&BASELINE_BEFORE);
    }

    #[test]
    fn baseline_before_reads_as_its_regex() {
        let long = "x".repeat(52);
        let texts = [
            String::new(),
            "baseline".to_owned(),
            "at Baseline and week 4".to_owned(),
            format!("from baseline {long}"),
            format!("from baseline {long}yy"),
            format!("from baseline {long}y"),
            "baselines to 4".to_owned(),
            "_baseline x".to_owned(),
            "pre-BASELINE, to".to_owned(),
            "baseline (x) baseline then".to_owned(),
            "BASELINE\u{a0}é then".to_owned(),
        ];
        for text in &texts {
            for end in 0..=text.len() {
                let before = &text.as_bytes()[..end];
                assert_eq!(
                    baseline_before(before),
                    BASELINE_BEFORE.is_match(before),
                    "{text} {end}"
                );
            }
        }
    }

    #[test]
    fn alpha_and_time_searched_with_unbounded_stretches_match_as_written() {
        let texts = [
            format!(" {} was considered significant", "a".repeat(55)),
            format!(" {} was considered significant", "a".repeat(70)),
            format!(" vs 1.5 {} 2.5 deemed; considered", "b".repeat(50)),
            format!(" (n = 29, {}) at 6 months", "c".repeat(28)),
            format!(" (n = 29, {}) at 6 months", "c".repeat(45)),
            " (n = 29, p = 0.0011) at 6 months and after 2 weeks (x) by baseline".to_owned(),
        ];
        for pattern in [&*ALPHA_AFTER, &*TIME_AFTER] {
            let Some(exact) = pattern.exact() else {
                panic!("a bounded stretch");
            };
            for text in &texts {
                let bytes = text.as_bytes();
                for at in 0..=bytes.len() {
                    let rest = &bytes[at..];
                    let ours = pattern.captures_at(rest, 0).map(|c| c.name("t").map(|t| t.range()));
                    let theirs = exact.captures(rest).map(|c| c.name("t").map(|t| t.range()));
                    assert_eq!(ours, theirs, "{text} at {at}");
                    assert_eq!(pattern.is_match(rest), exact.is_match(rest), "{text} at {at}");
                }
            }
        }
    }

    #[test]
    fn medians_and_means_searched_with_unbounded_stretches_match_as_written() {
        let texts = [
            format!("Median (IQR) of {} was 5 mm (1-7.6 mm)", "a".repeat(40)),
            format!("Median (IQR) of {} was 5 mm (1-7.6 mm)", "a 1.5 ".repeat(12)),
            format!("mean (SD) of {} 5.3 (2.7) and 4.1 (1.1)", "b".repeat(50)),
            format!("mean (SD) of {} 5.3 (2.7)", "b".repeat(61)),
            format!("the mean {} was 5.3 (2.7), means {} is 3 (1)", "c".repeat(45), "d".repeat(62)),
        ];
        let spans = |regex: &Regex, captures: &regex::bytes::Captures<'_>| {
            regex
                .capture_names()
                .map(|name| {
                    name.map_or(captures.get(0), |name| captures.name(name))
                        .map(|found| (found.start(), found.end()))
                })
                .collect::<Vec<_>>()
        };
        let mut checked = 0;
        for pattern in MEDIAN_IQR.iter().chain(MEAN_SD.iter()) {
            let Some(exact) = pattern.exact() else {
                continue;
            };
            checked += 1;
            for text in &texts {
                let bytes = text.as_bytes();
                for at in 0..=bytes.len() {
                    let ours = pattern.captures_at(bytes, at).map(|c| spans(exact, &c));
                    let theirs = exact.captures_at(bytes, at).map(|c| spans(exact, &c));
                    assert_eq!(ours, theirs, "{text} at {at}");
                }
            }
        }
        assert_eq!(checked, 3);
    }

    #[test]
    fn estimates_searched_with_unbounded_stretches_match_as_written() {
        let aside = "a".repeat(29);
        let texts = [
            format!("hazard ratio ({aside}) 0.72, odds ratio ({aside}bc) = 1.4, HR (x.y.) 0.5"),
            format!(
                "mean difference in {} was 2.1 and difference between {} groups: 3.4",
                "b".repeat(39),
                "c".repeat(41)
            ),
            format!("the risk ratio for {} of 0.83 (HR [{aside}]) 2.0", "d e ".repeat(10)),
            "OR (unadjusted) 1.2; relative risk with the 10-mg dose 0.9".to_owned(),
        ];
        let spans = |regex: &Regex, captures: &regex::bytes::Captures<'_>| {
            regex
                .capture_names()
                .map(|name| {
                    name.map_or(captures.get(0), |name| captures.name(name))
                        .map(|found| (found.start(), found.end()))
                })
                .collect::<Vec<_>>()
        };
        let (mut checked, mut fallbacks) = (0, 0);
        for pattern in ESTIMATE.iter() {
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
                let ours: Vec<_> = pattern.captures_iter(bytes).map(|c| spans(exact, &c)).collect();
                let theirs: Vec<_> =
                    crate::number::captures(exact, bytes).map(|c| spans(exact, &c)).collect();
                assert_eq!(ours, theirs, "{text}");
            }
        }
        assert_eq!(checked, 2);
        assert!(fallbacks > 0);
    }

    #[test]
    fn proportion_layouts() {
        for (text, expected) in [
            ("Eight patients (8/19 = 42.0%) improved", (Some(8.0), Some(19.0), Some(42.0))),
            ("responders 12/40 (30%) at week 12", (Some(12.0), Some(40.0), Some(30.0))),
            ("5 of 6 patients (83.3%) responded", (Some(5.0), Some(6.0), Some(83.3))),
            ("remission in 30% (12/40)", (Some(12.0), Some(40.0), Some(30.0))),
            ("Of six patients, five (83.3%) achieved it", (Some(5.0), Some(6.0), Some(83.3))),
            ("Of 20 patients, 8 responded", (Some(8.0), Some(20.0), None)),
            ("two of 20 patients relapsed", (Some(2.0), Some(20.0), None)),
            ("12 patients (60%) had flares", (Some(12.0), None, Some(60.0))),
            ("flares (n = 12, 60%)", (Some(12.0), None, Some(60.0))),
            ("responses were 7/12 and 3/12", (Some(7.0), Some(12.0), None)),
            ("achieved by 86 (47·8%) of 180 patients", (Some(86.0), Some(180.0), Some(47.8))),
        ] {
            let statements = read(text);
            assert!(!statements.is_empty(), "{text}");
            assert_eq!(proportion(&statements[0]), expected, "{text}");
        }
    }

    #[test]
    fn proportion_spans_and_numbers() {
        let text =
            "Eight patients (8/19 = 42.0%; Clopper-Pearson 95% CI: 19.6, 64.6) had improvement.";
        let statements = read(text);
        assert_eq!(statements.len(), 2);
        assert_eq!(&text[statements[0].start..statements[0].end], "8/19 = 42.0%");
        let StatementValue::Proportion { percent: Some(percent), .. } = &statements[0].value else {
            panic!("proportion first");
        };
        assert_eq!(number(percent), (42.0, 1, "42.0"));
        assert_eq!(&text[percent.start..percent.end], "42.0");
    }

    #[test]
    fn bare_fractions_that_are_not_counts() {
        for text in [
            "a phase 1/2 trial",
            "on 12/05/2020",
            "2/3 of patients",
            "10 mg/kg",
            "120/80 mmHg",
            "1/2 tablet",
            "in 2016/2017",
            "at week 12/24",
            "24/7 care",
        ] {
            let statements = read(text);
            assert!(statements.is_empty(), "{text}: {statements:?}");
        }
    }

    #[test]
    fn ci_layouts_and_methods() {
        for (text, level, lower, upper, method, percent) in [
            (
                "(42.0%; Clopper-Pearson 95% CI: 19.6, 64.6)",
                Some(95.0),
                19.6,
                64.6,
                Some(CiMethod::ClopperPearson),
                false,
            ),
            ("five (83.3%; 95% CI 35.9% to 99.6%)", Some(95.0), 35.9, 99.6, None, true),
            ("HR 0.75 (95%CI (0.61–0.92))", Some(95.0), 0.61, 0.92, None, false),
            (
                "difference 1.2 (95% confidence interval −0.5 to 2.9)",
                Some(95.0),
                -0.5,
                2.9,
                None,
                false,
            ),
            (
                "42% (90% CI 30-55, exact binomial)",
                Some(90.0),
                30.0,
                55.0,
                Some(CiMethod::ClopperPearson),
                false,
            ),
            ("(95% CI [Wilson] 0.2, 0.6)", Some(95.0), 0.2, 0.6, Some(CiMethod::Wilson), false),
            ("(Wald 95% CI 10.1 to 20.2)", Some(95.0), 10.1, 20.2, Some(CiMethod::Wald), false),
            ("(CI 95% 1.1–2.2)", Some(95.0), 1.1, 2.2, None, false),
            ("(95% confidence interval [CI], −13 to −9)", Some(95.0), -13.0, -9.0, None, false),
        ] {
            let statements = read(text);
            let ci = statements
                .iter()
                .find_map(|statement| match &statement.value {
                    StatementValue::Ci { level, lower, upper, method, percent } => {
                        Some((*level, lower.value, upper.value, *method, *percent))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no CI in {text}"));
            assert_eq!(ci, (level, lower, upper, method, percent), "{text}");
        }
    }

    #[test]
    fn ci_refers_to_the_estimate_before_it() {
        let text = "Of six patients, five (83.3%; 95% CI 35.9% to 99.6%) achieved the endpoint.";
        let statements = read(text);
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[1].refers_to, Some(0));
        let far = "Five patients (5/6) achieved it. Across all groups the 95% CI was 0.2 to 0.9.";
        let statements = read(far);
        assert_eq!(statements.last().map(|statement| statement.refers_to), Some(None));
    }

    #[test]
    fn p_values_with_comparators() {
        for (text, expected, value, decimals) in [
            ("(P = 0.039)", Comparator::Eq, 0.039, 3),
            ("p<0.0001", Comparator::Lt, 0.0001, 4),
            ("(P < .001)", Comparator::Lt, 0.001, 3),
            ("p = .000", Comparator::Eq, 0.0, 3),
            ("P=0.411", Comparator::Eq, 0.411, 3),
            ("p ≤ 0.05 for the difference", Comparator::Le, 0.05, 2),
            ("P＜0.05", Comparator::Lt, 0.05, 2),
            ("P > 0.2", Comparator::Gt, 0.2, 1),
            ("p-value = 0.03", Comparator::Eq, 0.03, 2),
            ("P for trend = 0.02", Comparator::Eq, 0.02, 2),
            ("p = 0·03", Comparator::Eq, 0.03, 2),
        ] {
            let statements = read(text);
            assert_eq!(statements.len(), 1, "{text}");
            let StatementValue::PValue { comparator, value: found } = &statements[0].value else {
                panic!("not a p-value: {text}");
            };
            assert_eq!(
                (*comparator, found.value, found.decimals),
                (expected, value, decimals),
                "{text}"
            );
        }
    }

    #[test]
    fn significance_thresholds_are_not_p_values() {
        for text in [
            "A p < 0.05 was considered statistically significant.",
            "Statistical significance was set at p < 0.05.",
            "with alpha (p = 0.05) two-sided",
        ] {
            assert!(read(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn mean_sd_with_n_and_p() {
        let text = "decreased to 24.1 ± 9.6 (n = 29, p = 0.0011) at 6 months";
        let statements = read(text);
        assert_eq!(statements.len(), 2);
        let StatementValue::MeanSd { mean, sd, n: Some(n), .. } = &statements[0].value else {
            panic!("mean ± SD with n");
        };
        assert_eq!((number(mean), number(sd), n.value), ((24.1, 1, "24.1"), (9.6, 1, "9.6"), 29.0));
        assert_eq!(&text[statements[0].start..statements[0].end], "24.1 ± 9.6 (n = 29");
        assert_eq!(statements[0].time_point.as_deref(), Some("6 months"));
        assert_eq!(statements[1].refers_to, Some(0));
        assert_eq!(statements[1].time_point.as_deref(), Some("6 months"));
    }

    #[test]
    fn mean_sd_negatives_and_layouts() {
        for (text, mean, sd) in [
            ("in the IVIG group (-5.3 ± 7.9) compared", -5.3, 7.9),
            ("change −8 ± 8.3 points", -8.0, 8.3),
            ("change –2.47 ± 8.6", -2.47, 8.6),
            ("age 45.2 (SD 12.1) years", 45.2, 12.1),
            ("mean (SD) age was 45.2 (12.1) years", 45.2, 12.1),
            ("score 3.1 +/- 0.4", 3.1, 0.4),
            ("(6.1 + /- 2.5 minutes vs. 3.5", 6.1, 2.5),
            ("(49 boys, mean age = 6.4 years, SD = 2.7) enrolled", 6.4, 2.7),
            ("(3-6 weeks later, M = 3.7, SD = 1.4 weeks)", 3.7, 1.4),
            ("smokers were older (Mean = 45.2; SD = 11.7) than", 45.2, 11.7),
            ("A decrease in PPD (5.4 mm, SD 1.4 mm) and", 5.4, 1.4),
        ] {
            let statements = read(text);
            let StatementValue::MeanSd { mean: found_mean, sd: found_sd, .. } =
                &statements[0].value
            else {
                panic!("not a mean: {text}");
            };
            assert_eq!((found_mean.value, found_sd.value), (mean, sd), "{text}");
        }
        assert!(read("IL-6 ± 2.1 levels").is_empty());
        assert!(read("12.3 ± 1.1 SEM").is_empty());
        // A count before "SD" in a list is no mean: "at 6 months, SD" needs a mean named first.
        assert!(read("At 6 months, SD scores rose").is_empty());
        let text = "(mean age = 6.4 years, SD = 2.7)";
        let statements = read(text);
        assert_eq!(&text[statements[0].start..statements[0].end], "6.4 years, SD = 2.7");
    }

    #[test]
    fn medians_with_iqr() {
        for (text, median, q1, q3) in [
            ("decreased from 27 (interquartile range [IQR] 26.5, 31) to", 27.0, 26.5, 31.0),
            ("to 18 (IQR 11, 23) (P = 0.039)", 18.0, 11.0, 23.0),
            ("was -10 (IQR -13, -9) in", -10.0, -13.0, -9.0),
            ("age 54 years (IQR: 45–61)", 54.0, 45.0, 61.0),
            ("median (IQR) duration 7 (3-12) days", 7.0, 3.0, 12.0),
            ("median 27, IQR 20 to 30", 27.0, 20.0, 30.0),
            ("CRP fell from 23 mg/L (IQR 10-45) to", 23.0, 10.0, 45.0),
        ] {
            let statements = read(text);
            let StatementValue::MedianIqr { median: m, q1: a, q3: b } = &statements[0].value else {
                panic!("not a median: {text}");
            };
            assert_eq!((m.value, a.value, b.value), (median, q1, q3), "{text}");
        }
        let text = "to 18 (IQR 11, 23) (P = 0.039)";
        let statements = read(text);
        assert_eq!(&text[statements[0].start..statements[0].end], "18 (IQR 11, 23)");
        assert_eq!(statements[1].refers_to, Some(0));
    }

    #[test]
    fn p_values_in_scientific_notation_and_in_lists() {
        let p_values = |text: &str| -> Vec<(String, f64)> {
            read(text)
                .into_iter()
                .filter_map(|statement| match statement.value {
                    StatementValue::PValue { value, .. } => Some((value.text, value.value)),
                    _ => None,
                })
                .collect()
        };
        let close = |found: &[(String, f64)], expected: &[(&str, f64)]| {
            found.len() == expected.len()
                && found.iter().zip(expected).all(|((text, value), (want, wanted))| {
                    text == want && (value / wanted - 1.0).abs() < 1e-9
                })
        };
        let found = p_values("metabolic process (p = 9.63E - 09) and oxidation (p = 1.05e-8)");
        assert!(close(&found, &[("9.63E - 09", 9.63e-9), ("1.05e-8", 1.05e-8)]), "{found:?}");
        let found = p_values("(P = 2.3 × 10−5) and (P = 4 x 10^-3)");
        assert!(close(&found, &[("2.3 × 10−5", 2.3e-5), ("4 x 10^-3", 4e-3)]), "{found:?}");
        let found = p_values("p = 0.47 and 0.31 for the 75 g and 45 g meals, respectively");
        assert!(close(&found, &[("0.47", 0.47), ("0.31", 0.31)]), "{found:?}");
        let found = p_values("100, 200 and 400 mg (p = 0.002, 0.008 and 0.004 vs. placebo)");
        assert_eq!(found.len(), 3, "{found:?}");
        let found = p_values("The p values were 0.01, 0.03 and 0.04.");
        assert_eq!(found.len(), 3, "{found:?}");
        // A single value followed by other numbers is no list.
        assert_eq!(p_values("(p = 0.01, 95% CI 0.2 to 0.8)").len(), 1);
    }

    #[test]
    fn estimates_named_by_a_series_header_and_levels_in_words() {
        let kinds = |text: &str| -> Vec<(&'static str, f64)> {
            read(text)
                .iter()
                .map(|statement| {
                    let first = statement.value.numbers().first().map_or(f64::NAN, |n| n.value);
                    (statement.value.kind(), first)
                })
                .collect()
        };
        assert_eq!(
            kinds("HR (95% CI) were 0.80 (0.65-0.98) and 0.75 (0.60-0.93) for death and stroke."),
            [("estimate", 0.80), ("ci", 0.65), ("estimate", 0.75), ("ci", 0.60)]
        );
        // A header without a measure names the intervals only.
        assert_eq!(
            kinds("Rates (95% CI) were 12 (10-14) and 15 (13-17) per 100."),
            [("ci", 10.0), ("ci", 13.0)]
        );
        let level = read("(odds ratio, 2.1; 95 percent confidence interval, 1.2 to 3.8)")
            .into_iter()
            .find_map(|statement| match statement.value {
                StatementValue::Ci { level, .. } => Some(level),
                _ => None,
            });
        assert_eq!(level, Some(Some(95.0)));
        assert_eq!(
            kinds("(aORs of 2.63 and 1.42, P < .001, respectively)")[..2],
            [("estimate", 2.63), ("estimate", 1.42)]
        );
        assert_eq!(
            kinds(
                "versus docetaxel (HR 0.71, 95% CI 0.58-0.88; p=0.0008) and versus placebo (0.61, 0.49-0.75; p < 0.0001)."
            ),
            [
                ("estimate", 0.71),
                ("ci", 0.58),
                ("p_value", 0.0008),
                ("ci", 0.49),
                ("p_value", 0.0001)
            ]
        );
        assert_eq!(
            kinds("The odds ratio was 1.8 (1.2–2.7) for men and 2.4 (1.5–3.8) for women."),
            [("estimate", 1.8), ("ci", 1.2), ("estimate", 2.4), ("ci", 1.5)]
        );
        assert_eq!(
            kinds("Odds ratios were 1.8 (95% CI 1.2-2.7) and 2.4 (95% CI 1.5-3.8), respectively."),
            [("estimate", 1.8), ("ci", 1.2), ("estimate", 2.4), ("ci", 1.5)]
        );
        // A value outside its interval, or a rate after a change of subject, takes no measure.
        assert_eq!(
            kinds("The odds ratio was 1.8 (1.2–2.7) for men and 4.4 (1.5–3.8) for women.").len(),
            3
        );
        assert_eq!(
            kinds("A correlated with B (r = 0.72 and 0.65, respectively)."),
            [("test_statistic", 0.72), ("test_statistic", 0.65)]
        );
        assert_eq!(kinds("Effect size d was 1.4 on the subscale."), [("estimate", 1.4)]);
        assert_eq!(kinds("(a mean difference of 31.14s)"), [("estimate", 31.14)]);
        assert_eq!(
            kinds("correlated with stage (r = - 0.45, p = 0.01)")[0],
            ("test_statistic", -0.45)
        );
        assert_eq!(
            kinds("After 94.4-month median follow-up (range, 0-114 months), 251 events occurred."),
            [("median_range", 94.4)]
        );
    }

    #[test]
    fn medians_under_quartile_labels_with_split_superscripts() {
        for text in [
            "The median (Q (1), Q (3) range) of lesions was 2.0 (1.38, 3.96) in the drug group.",
            "The median was 5 (Q (1) -Q (3): 3-8).",
            "The median (25 (th) -75 (th) percentiles) was 5 (3-8).",
            "The median (lower-upper quartile) was 5 (3-8).",
        ] {
            let medians = read(text)
                .iter()
                .filter(|statement| matches!(statement.value, StatementValue::MedianIqr { .. }))
                .count();
            assert_eq!(medians, 1, "{text}");
        }
    }

    #[test]
    fn medians_with_a_second_dispersion_or_a_p_value_in_their_bracket() {
        let spans = |text: &'static str| -> Vec<(&'static str, &'static str)> {
            read(text)
                .iter()
                .map(|statement| (statement.value.kind(), &text[statement.start..statement.end]))
                .collect()
        };
        assert_eq!(
            spans("The median was 4 (IQR 2–6; range 0–12)."),
            [("median_iqr", "4 (IQR 2–6"), ("median_range", "0–12)")]
        );
        assert_eq!(
            spans("Median 12 days (range 3-45, IQR 8-16)."),
            [("median_range", "12 days (range 3-45"), ("median_iqr", "8-16)")]
        );
        assert_eq!(
            spans("The median was 3 days (interquartile range, 2 to 5 days; P=0.02)."),
            [("median_iqr", "3 days (interquartile range, 2 to 5"), ("p_value", "P=0.02")]
        );
        assert_eq!(
            spans("Hospital stay was 6 days (median; IQR 4-9)."),
            [("median_iqr", "6 days (median; IQR 4-9)")]
        );
        assert!(
            spans("The median was 4 (IQR 2–6; range 0–3).").len() == 1,
            "a range that does not hold the median is not one"
        );
    }

    #[test]
    fn test_statistics() {
        for (text, test, df1, df2, value) in [
            ("t(28) = 2.1, p = .04", TestKind::T, Some(28.0), None, 2.1),
            ("F(2, 30) = 4.5", TestKind::F, Some(2.0), Some(30.0), 4.5),
            ("χ2(1) = 3.9", TestKind::ChiSquare, Some(1.0), None, 3.9),
            ("χ²(2, N = 90) = 6.1", TestKind::ChiSquare, Some(2.0), None, 6.1),
            ("chi-square = 5.2, df = 1", TestKind::ChiSquare, Some(1.0), None, 5.2),
            ("z = -2.3", TestKind::Z, None, None, -2.3),
            ("r(30) = .45", TestKind::R, Some(30.0), None, 0.45),
            ("R (28) = 0.45", TestKind::R, Some(28.0), None, 0.45),
            ("(t = 6.017, d.f. = 38, P < 0.0001)", TestKind::T, Some(38.0), None, 6.017),
            ("(χ (2) (1) = 5.227, P = 0.022)", TestKind::ChiSquare, Some(1.0), None, 5.227),
            ("(chi-square test = 4.13, P = 0.02)", TestKind::ChiSquare, None, None, 4.13),
            ("DeltaWMSI (chi-square 20.1; p < 0.0000)", TestKind::ChiSquare, None, None, 20.1),
            ("(F-value 26.866, P < 0.01)", TestKind::F, None, None, 26.866),
            ("with F-values of 6.567, 11.426", TestKind::F, None, None, 6.567),
            ("t statistic = 2.31 (P = 0.02)", TestKind::T, None, None, 2.31),
            ("(Spearman correlation -0.546; p = 0.0070)", TestKind::R, None, None, -0.546),
            (
                "Spearman's correlation coefficient between A and B was 0.58",
                TestKind::R,
                None,
                None,
                0.58,
            ),
            ("the correlation coefficient was 0.83 when", TestKind::R, None, None, 0.83),
        ] {
            let statements = read(text);
            let StatementValue::TestStatistic { test: kind, df1: d1, df2: d2, value: v, .. } =
                &statements[0].value
            else {
                panic!("not a test statistic: {text}");
            };
            assert_eq!(
                (*kind, d1.as_ref().map(|n| n.value), d2.as_ref().map(|n| n.value), v.value),
                (test, df1, df2, value),
                "{text}"
            );
        }
    }

    #[test]
    fn medians_with_percentile_labels() {
        for (text, median, q1, q3) in [
            ("median 12 (25th-75th percentile 10-15) days", 12.0, 10.0, 15.0),
            ("was 3.4 (quartiles 2.1, 5.0) mg", 3.4, 2.1, 5.0),
            ("median 7 [Q1-Q3: 4-9]", 7.0, 4.0, 9.0),
            ("2.0 weeks (Q1 = 1.0, Q3 = 3.7) vs.", 2.0, 1.0, 3.7),
            ("was 76 (interquartile range, IQR, 70-81) years", 76.0, 70.0, 81.0),
            ("The median (25-75%) PBI was 6% (3-9%).", 6.0, 3.0, 9.0),
            ("Median (25th-75th percentiles) of changes was 5 mm (1-7.6 mm) in", 5.0, 1.0, 7.6),
            ("C3a (851 (791-959) ng/ml [median with quartiles] in group C", 851.0, 791.0, 959.0),
        ] {
            let statements = read(text);
            let found = statements.iter().find_map(|statement| match &statement.value {
                StatementValue::MedianIqr { median, q1, q3 } => {
                    Some((median.value, q1.value, q3.value))
                }
                _ => None,
            });
            assert_eq!(found, Some((median, q1, q3)), "{text}");
        }
    }

    #[test]
    fn worded_statistics_that_are_not_statistics() {
        for text in [
            "the intraclass correlation coefficient was 0.91",
            "Lin's concordance correlation coefficient was 0.88",
            "(Pearson chi = 0.19)",
            "chi-square 20% of cases",
            "analysed with the chi-square test, 12 patients",
        ] {
            let statistics: Vec<_> = read(text)
                .into_iter()
                .filter(|statement| statement.value.kind() == "test_statistic")
                .collect();
            assert!(statistics.is_empty(), "{text}: {statistics:?}");
        }
    }

    #[test]
    fn medians_with_min_max_headers() {
        let text = "Median scores (min, max) were 0 (0, 5), 2 (0, 6), 4 (0, 12) respectively.";
        let ranges: Vec<(f64, f64, f64)> = read(text)
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::MedianRange { median, min, max } => {
                    Some((median.value, min.value, max.value))
                }
                _ => None,
            })
            .collect();
        assert_eq!(ranges, [(0.0, 0.0, 5.0), (2.0, 0.0, 6.0), (4.0, 0.0, 12.0)]);
        let statements = read("median 5 days (min-max 2-9)");
        assert!(
            matches!(&statements[0].value, StatementValue::MedianRange { min, .. } if min.value == 2.0)
        );
    }

    #[test]
    fn a_flattened_r_squared_is_no_correlation() {
        // Corpus 22421496: "high correlations between the two modalities (R (2) = 0.97; P < .001)".
        let statements =
            read("high correlations between the two modalities (R (2) = 0.97; P < .001)");
        let kinds: Vec<&str> = statements.iter().map(|statement| statement.value.kind()).collect();
        assert_eq!(kinds, ["p_value"]);
    }

    #[test]
    fn rank_correlations_and_lowercase_chi_square() {
        for (text, test, value) in [
            ("(rs=−0.90, p < 0.001)", TestKind::R, -0.9),
            ("Spearman rho = 0.45", TestKind::R, 0.45),
            ("x2 = 5.1, p = 0.02", TestKind::ChiSquare, 5.1),
            ("chi (2) = 12.27, P < 0.001", TestKind::ChiSquare, 12.27),
            ("(delayed intervention;? (2) = 5.67, P = .02)", TestKind::ChiSquare, 5.67),
            ("F-value = 3.4", TestKind::F, 3.4),
        ] {
            let statements = read(text);
            let found = statements.iter().find_map(|statement| match &statement.value {
                StatementValue::TestStatistic { test, value, .. } => Some((*test, value.value)),
                _ => None,
            });
            assert_eq!(found, Some((test, value)), "{text}");
        }
    }

    #[test]
    fn unicode_minus_apart_from_its_digits() {
        let text = "was 5.7 points, 95% CI − 2.9 to 14.3; p = 0.19";
        let statements = read(text);
        let bounds: Vec<(f64, f64)> = statements
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::Ci { lower, upper, .. } => Some((lower.value, upper.value)),
                _ => None,
            })
            .collect();
        assert_eq!(bounds, [(-2.9, 14.3)]);
    }

    #[test]
    fn baseline_time_point() {
        let statements =
            read("The mean baseline mRSS of our cohort was 29.6 ± 7.2, and this decreased");
        assert_eq!(statements[0].time_point.as_deref(), Some("baseline"));
    }

    #[test]
    fn estimates_with_their_intervals() {
        let text = "Mortality fell (HR 0.72, 95% CI 0.55-0.94) and the odds ratio (OR) = 2.1 (95% CI 1.2 to 3.6).";
        let mut found = scan(text, 0, Hints::default());
        found.sort_by_key(|statement| statement.start);
        link(text, &mut found);
        let estimates: Vec<(String, f64)> = found
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::Estimate { measure, value } => Some((measure.clone(), value.value)),
                _ => None,
            })
            .collect();
        assert_eq!(estimates, [("hr".to_owned(), 0.72), ("or".to_owned(), 2.1)]);
        for (index, statement) in found.iter().enumerate() {
            if matches!(statement.value, StatementValue::Ci { .. }) {
                let target = statement.refers_to.and_then(|target| found.get(target));
                assert!(
                    matches!(target.map(|t| &t.value), Some(StatementValue::Estimate { .. })),
                    "CI {index} refers to {target:?}"
                );
            }
        }
    }

    /// What `pick` takes from each statement that `scan` finds in a text, in text order.
    fn picked<T>(text: &str, pick: impl Fn(&StatementValue) -> Option<T>) -> Vec<T> {
        let mut found = scan(text, 0, Hints::default());
        found.sort_by_key(|statement| statement.start);
        found.iter().filter_map(|statement| pick(&statement.value)).collect()
    }

    /// The estimates (measure and value) that `scan` finds in a text, in order.
    fn estimates_in(text: &str) -> Vec<(String, f64)> {
        picked(text, |value| match value {
            StatementValue::Estimate { measure, value } => Some((measure.clone(), value.value)),
            _ => None,
        })
    }

    #[test]
    fn ratios_named_with_what_they_are_of_or_with_their_interval_label() {
        let cases = [
            (
                "The relative risk of hospital admission for EDGE was 0.83 (0.56-1.24, P=.37).",
                "rr",
                0.83,
            ),
            ("Pain fell in each cohort; HR (95% CI) of 0.46 (0.39, 0.54).", "hr", 0.46),
            ("Survival improved (hazard ratio (0.46, P=.04)).", "hr", 0.46),
            ("Cure was faster (Hazard Ratio[95%CI] = 2.171 [1.545-3.051], p<0.001).", "hr", 2.171),
            (
                "Deaths were fewer (p = 0.024; relative risk (RR) estimate, 4.9 [95% CI 1.1 to 21]).",
                "rr",
                4.9,
            ),
            (
                "In women, risk ratios (95% CIs) for tamoxifen users were 0.80 (0.40 to 1.58).",
                "rr",
                0.80,
            ),
        ];
        for (text, measure, value) in cases {
            assert_eq!(estimates_in(text), [(measure.to_owned(), value)], "{text}");
        }
    }

    #[test]
    fn a_ratio_never_reads_a_denominator_an_aside_or_a_difference_threshold() {
        for text in [
            "There was no difference in the relative risk of disease flares per 100 person-years.",
            "Fridericia's formula (QTcF = QT/RR (0.33)) was used.",
            "A difference of > 20 mm was deemed relevant.",
            "The mean difference in pain (133 versus 129) was small.",
        ] {
            assert_eq!(estimates_in(text), [], "{text}");
        }
    }

    #[test]
    fn a_plain_difference_gives_a_value_only_when_the_text_says_it_is_one() {
        for text in [
            "There was no difference in the 28-day re-admission rates between groups.",
            "No between-condition differences in smoking abstinence were found at 3- and 6-month follow-up.",
            "The difference between the two groups amounted to around 10% of the average quantity.",
            "There was no significant difference between the 2 groups in infarct size.",
        ] {
            assert_eq!(estimates_in(text), [], "{text}");
        }
        for (text, value) in [
            ("Pain: T 13% vs P 11%, difference in means 2.8 [95% CI -1.8, 7.6].", 2.8),
            (
                "Scores fell (difference between groups -16 mm, 95% confidence interval -30 to -2).",
                -16.0,
            ),
        ] {
            assert_eq!(estimates_in(text), [("md".to_owned(), value)], "{text}");
        }
    }

    #[test]
    fn p_values_in_the_plural_after_log_rank_and_paired_by_respectively() {
        let p_values = |text: &str| -> Vec<f64> {
            picked(text, |value| match value {
                StatementValue::PValue { value, .. } => Some(value.value),
                _ => None,
            })
        };
        assert_eq!(
            p_values("Scores rose at 4 months (p's < .001) and at 6 (ps < .01)."),
            [0.001, 0.01]
        );
        assert_eq!(p_values("Attainment was higher (Plog rank=0.0093)."), [0.0093]);
        assert_eq!(
            p_values("Both fell in the injection group (P = 0.048 and 0.050, respectively)."),
            [0.048, 0.05]
        );
        assert_eq!(p_values("It fell (P = 0.048 and 12 patients withdrew)."), [0.048]);
    }

    #[test]
    fn means_under_a_plus_minus_sd_header_and_with_units_inside_the_bracket() {
        let means = |text: &str| -> Vec<(f64, f64)> {
            picked(text, |value| match value {
                StatementValue::MeanSd { mean, sd, .. } => Some((mean.value, sd.value)),
                _ => None,
            })
        };
        assert_eq!(
            means("The mean baseline ABC-I (+/- SD) was 20.6 (8.1) and 21.6 (10.2)."),
            [(20.6, 8.1), (21.6, 10.2)]
        );
        assert_eq!(
            means("Follow-up was 8.6 months (±4.9 months) and 9.6 months (±5.3 months)."),
            [(8.6, 4.9), (9.6, 5.3)]
        );
    }

    #[test]
    fn a_mean_with_its_range_is_not_a_median_and_es_is_an_effect_size() {
        let text = "Patients were stable for a mean of 4 months (range 1-13); median age 60 years (range 51-64).";
        let ranges = picked(text, |value| match value {
            StatementValue::MedianRange { median, .. } => Some(median.value),
            _ => None,
        });
        assert_eq!(ranges, [60.0]);
        assert_eq!(
            estimates_in("Anxiety fell (ES = -.26) at end point."),
            [("effect".to_owned(), -0.26)]
        );
    }

    #[test]
    fn medline_comparators_written_in_words_and_symbols() {
        let comparators = |text: &str| -> Vec<(Comparator, f64)> {
            picked(text, |value| match value {
                StatementValue::PValue { comparator, value } => Some((*comparator, value.value)),
                _ => None,
            })
        };
        assert_eq!(comparators("Pain fell (P < or = 0.001)."), [(Comparator::Le, 0.001)]);
        assert_eq!(comparators("No change (p > or = 0.43)."), [(Comparator::Ge, 0.43)]);
        assert_eq!(comparators("Hemoglobin rose (P = <0.01)."), [(Comparator::Lt, 0.01)]);
        assert_eq!(
            comparators("Hematocrit (P < =0.001) and (P= > 0.2)."),
            [(Comparator::Le, 0.001), (Comparator::Gt, 0.2)]
        );
        assert_eq!(comparators("The level of significance was set at p < or=0.05."), []);
    }

    #[test]
    fn interval_bounds_with_plus_signs_spaced_minus_currency_and_percent_words() {
        let bounds = |text: &str| -> Vec<(f64, f64)> {
            picked(text, |value| match value {
                StatementValue::Ci { lower, upper, .. } => Some((lower.value, upper.value)),
                _ => None,
            })
        };
        assert_eq!(
            bounds("Bradycardia (RD: -0.00, 95%CI: -0.08-+0.08, I 2: 85%)."),
            [(-0.08, 0.08)]
        );
        assert_eq!(bounds("Pain days fell (-1%; 95% CI [-15% to +13%])."), [(-15.0, 13.0)]);
        assert_eq!(bounds("BMD rose 4.1% (95% CI - 1.3, 9.6; p = 0.077)."), [(-1.3, 9.6)]);
        assert_eq!(bounds("An ICER of $ 213.90 (95% CI, $ 133.51- $ 394.94)."), [(133.51, 394.94)]);
        assert_eq!(
            bounds(
                "Cure in 89 of 93 patients (95 percent confidence interval, 93.5 percent to 97.8 percent)."
            ),
            [(93.5, 97.8)]
        );
        assert_eq!(
            bounds("It was 4.1 (95% CI is 1.884, 8.964) times as likely."),
            [(1.884, 8.964)]
        );
    }

    #[test]
    fn a_median_with_its_labelled_iqr_after_a_comma_and_units_on_both_bounds() {
        let text = "Antigen rose from 324 pg/ml, [interquartile range (IQR) 282 pg/ml-347 pg/ml] to 356 pg/ml, (IQR from 319-431 pg/ml).";
        let medians = picked(text, |value| match value {
            StatementValue::MedianIqr { median, q1, q3 } => {
                Some((median.value, q1.value, q3.value))
            }
            _ => None,
        });
        assert_eq!(medians, [(324.0, 282.0, 347.0), (356.0, 319.0, 431.0)]);
    }

    #[test]
    fn a_standard_error_header_a_bracketed_pair_of_p_values_and_braced_ci_labels() {
        let text = "Values for EVLW (mean ± standard error) were 8.9 ± 0.6 and 11.8 ± 1.0 ml/kg; ages (mean ± SD) were 40 ± 9 years.";
        let means: Vec<f64> = scan(text, 0, Hints::default())
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::MeanSd { mean, .. } => Some(mean.value),
                _ => None,
            })
            .collect();
        assert_eq!(means, [40.0]);
        let pair = scan("They did not differ (U test, P= 0.837 and 0.696).", 0, Hints::default());
        assert_eq!(pair.len(), 2);
        let braced =
            scan("AUROC = .75 [95% confidence interval { CI }: .70-.79].", 0, Hints::default());
        assert!(
            braced.iter().any(|statement| matches!(statement.value, StatementValue::Ci { .. }))
        );
        assert_eq!(
            estimates_in(
                "Results for the differences in the BA: 56.4% of the cases were within 5 degrees."
            ),
            []
        );
    }

    #[test]
    fn median_ranges_and_changes() {
        let text = "Age was 54 years (range 23-81). The mean change in MRSS was -5.3 ± 7.9 (n = 29); weight 70.1 ± 9.2.";
        let found = scan(text, 0, Hints::default());
        assert!(found.iter().any(|statement| matches!(
            &statement.value,
            StatementValue::MedianRange { median, min, max }
                if median.value == 54.0 && min.value == 23.0 && max.value == 81.0
        )));
        let changes: Vec<(f64, bool)> = found
            .iter()
            .filter_map(|statement| match &statement.value {
                StatementValue::MeanSd { mean, change, .. } => Some((mean.value, *change)),
                _ => None,
            })
            .collect();
        assert_eq!(changes, [(-5.3, true), (70.1, false)]);
    }

    /// The means and SDs that `scan` finds in a text, in order.
    fn means_in(text: &str) -> Vec<(f64, f64)> {
        picked(text, |value| match value {
            StatementValue::MeanSd { mean, sd, .. } => Some((mean.value, sd.value)),
            _ => None,
        })
    }

    /// The proportions (count, total, percent) that `scan` finds in a text, in order.
    fn proportions_in(text: &str) -> Vec<(Option<f64>, Option<f64>, Option<f64>)> {
        picked(text, |value| match value {
            StatementValue::Proportion { count, total, percent } => Some((
                count.as_ref().map(|n| n.value),
                total.as_ref().map(|n| n.value),
                percent.as_ref().map(|n| n.value),
            )),
            _ => None,
        })
    }

    #[test]
    fn means_with_thousands_grouped_by_commas() {
        assert_eq!(
            means_in("more fluid than group C (4,618 ± 1,557 versus 1,694 ± 705 ml (mean ± SD)"),
            [(4618.0, 1557.0), (1694.0, 705.0)]
        );
        // A European decimal comma is not a thousands separator, and its digits are no mean.
        assert!(means_in("(aR 0,38 +/- 0,14 kPa/l/s)").is_empty());
    }

    #[test]
    fn lost_plus_minus_with_an_sd_larger_than_the_mean() {
        let text = "the frequency of AF episodes was 3.8? 5.0 in the ARB group vs. 4.8? 6.3 in the CCB group";
        assert_eq!(means_in(text), [(3.8, 5.0), (4.8, 6.3)]);
        // "1.5? 10 (3) oocytes" lost a "×", not a "±".
        assert!(
            means_in("an acute dose of Eimeria maxima (1.5? 10 (3) sporulated oocytes)").is_empty()
        );
    }

    #[test]
    fn percentages_with_a_decimal_comma_and_numbers_cut_from_others() {
        assert_eq!(
            proportions_in(
                "PCR-corrected (99,4% in the one-daily intake group versus 99,3% in the comparative group)"
            ),
            [(None, None, Some(99.4)), (None, None, Some(99.3))]
        );
        // "7·80/1000 patient-days" is a rate with a Lancet decimal point, not 80 of 1000.
        assert!(proportions_in("fewer falls (n=196, 7·80/1000 patient-days vs n=380)").is_empty());
    }

    #[test]
    fn counts_take_the_size_of_the_group_their_sentence_opens_with() {
        let text = "Among 162 HFpEF patients (67% women), coronary microvascular function was abnormal in 117 (72%).";
        assert!(proportions_in(text).contains(&(Some(117.0), Some(162.0), Some(72.0))));
        // Only where the count over the group rounds to the percentage.
        let other = "Among 162 HFpEF patients (67% women), function was abnormal in 17 (72%) of the controls.";
        assert!(proportions_in(other).contains(&(Some(17.0), None, Some(72.0))));
        // "a total of 4,824" opens no group.
        let total =
            "A total of 4,824 mosquitoes were caught and only one mosquito (0.02%) had sporozoites";
        assert!(proportions_in(total).iter().all(|(_, total, _)| total.is_none()));
        assert_eq!(
            proportions_in("a study comprising 71% (n=66,140) of the adult residents"),
            [(Some(66140.0), None, Some(71.0))]
        );
        assert_eq!(
            proportions_in("Repeat SEPS was successful in 25 of these 96 patients."),
            [(Some(25.0), Some(96.0), None)]
        );
    }

    #[test]
    fn effect_sizes_and_relative_hazards_by_name() {
        assert_eq!(
            estimates_in("small effect sizes (Cohen's d: −0.16, 95% CI −0.32 to 0.00)"),
            [("effect".to_owned(), -0.16)]
        );
        assert_eq!(
            estimates_in("less frequently in the CT group (relative hazard: 1.68, p > 0.001)"),
            [("hr".to_owned(), 1.68)]
        );
    }

    #[test]
    fn intervals_for_what_they_are_of() {
        let cis = |text: &str| {
            picked(text, |value| match value {
                StatementValue::Ci { level, lower, upper, .. } => {
                    Some((*level, lower.value, upper.value))
                }
                _ => None,
            })
        };
        assert_eq!(
            cis("(95% confidence interval for difference, -11% to 68%)"),
            [(Some(95.0), -11.0, 68.0)]
        );
        assert_eq!(
            cis("31.4 IU ml (95% confidence interval, CI, 23.4-42.2 IU ml)"),
            [(Some(95.0), 23.4, 42.2)]
        );
        // The difference inside the interval's label is no estimate.
        assert!(estimates_in("(95% CI for the difference, -19.4% to -3.8%)").is_empty());
    }

    #[test]
    fn labelled_means_without_a_verb_and_lost_plus_minus_between_integers() {
        assert_eq!(
            means_in("Participants were aged 29 to 94 years (mean 67.0, SD 13.5) and"),
            [(67.0, 13.5)]
        );
        assert_eq!(
            means_in("times were shorter in group B (108? 15 vs. 126? 24 min)"),
            [(108.0, 15.0), (126.0, 24.0)]
        );
        // "2? 200 mg caffeine" lost a "×": an SD ten times its integer mean is no SD.
        assert!(means_in("prolonged waking and 2? 200 mg caffeine").is_empty());
    }

    #[test]
    fn margins_and_visual_acuity_are_not_shares() {
        for text in [
            "above the predefined noninferiority margin of 15%.",
            "the acceptance limit for non-inferiority was 3%.",
            "At 6 months, UCVA was 20/25 or better in most eyes.",
            "patients with a Mini-Mental State Examination score of more than 23/30 were eligible",
        ] {
            assert!(proportions_in(text).is_empty(), "{text}: {:?}", proportions_in(text));
        }
        // A share of patients with clear margins is a share.
        assert_eq!(
            proportions_in("More women had clear histological margins (84.8% vs 75%)").len(),
            2
        );
    }

    #[test]
    fn means_in_degrees_or_with_sd_before_the_sign() {
        assert_eq!(
            means_in("scans were 4.1° ±4.7° , 16.9° ±3.7° , and 2.5° ±4.9° for the right flexion"),
            [(4.1, 4.7), (16.9, 3.7), (2.5, 4.9)]
        );
        assert_eq!(
            means_in(
                "maximum cystometric capacity (326 ml SD ±183 vs. 403 ml SD ±180, P = 0.0001)"
            ),
            [(326.0, 183.0), (403.0, 180.0)]
        );
        // An enzyme's name and "1 SD" are no means.
        assert!(
            means_in(
                "11betaHSD1 activity decreased; the group improved by 17.6 points (1 SD: 15 points)"
            )
            .is_empty()
        );
    }

    #[test]
    fn intervals_under_a_square_bracket_header_and_with_spaced_minus_bounds() {
        let cis = |text: &str| {
            picked(text, |value| match value {
                StatementValue::Ci { lower, upper, .. } => Some((lower.value, upper.value)),
                _ => None,
            })
        };
        assert_eq!(cis("(LOCF; LSMD [95% CI], -0.066 [-0.57, 0.43]; P < 0.0001)"), [(-0.57, 0.43)]);
        assert_eq!(cis("- 7.40 ± 0.50 mm (p < 0.001; 95% CI, - 8.94, - 5.85)"), [(-8.94, -5.85)]);
    }

    #[test]
    fn estimates_named_against_a_comparator() {
        assert_eq!(
            estimates_in("13.9% for CQ/SP (OR versus CQ, 0.140; 95% CI, 0.078–0.250; p < 0.001)"),
            [("or".to_owned(), 0.140)]
        );
    }

    #[test]
    fn statistics_reported_as_bounds_keep_their_comparator() {
        let statistics = picked(
            "no significant effects of time (F (1,47) < 1.66; P > 0.204); weak (r < 0.3)",
            |value| match value {
                StatementValue::TestStatistic { test, comparator, value, .. } => {
                    Some((*test, *comparator, value.value))
                }
                _ => None,
            },
        );
        // "r < 0.3" has no degrees of freedom: a threshold, not a result.
        assert_eq!(statistics, [(TestKind::F, Comparator::Lt, 1.66)]);
    }

    #[test]
    fn blood_pressure_pairs_and_means_after_a_glued_versus() {
        assert_eq!(
            means_in("pressures were 151 +/- 10/95 +/- 5 mmHg after placebo"),
            [(151.0, 10.0), (95.0, 5.0)]
        );
        assert_eq!(
            means_in("reduced arterial blood pressure from 125/79 +/- 13/8 to 104/68 +/- 9/7 mmHg"),
            [(125.0, 13.0), (79.0, 8.0), (104.0, 9.0), (68.0, 7.0)]
        );
        assert_eq!(
            means_in("the ablation time was shorter (10.9±3.9 vs.14.3±5.0 min, p = 0.004)"),
            [(10.9, 3.9), (14.3, 5.0)]
        );
    }

    #[test]
    fn p_values_labelled_with_what_they_test() {
        let values = picked(
            "(p for linear trend = 0.0037); (0.36, P-trend < 0.001); (pinteraction = 0.23); (all P heterogeneity > 0.6); (P for non-inferiority < 0.001)",
            |value| match value {
                StatementValue::PValue { comparator, value } => Some((*comparator, value.value)),
                _ => None,
            },
        );
        assert_eq!(
            values,
            [
                (Comparator::Eq, 0.0037),
                (Comparator::Lt, 0.001),
                (Comparator::Eq, 0.23),
                (Comparator::Gt, 0.6),
                (Comparator::Lt, 0.001)
            ]
        );
    }

    #[test]
    fn an_age_range_given_with_its_median() {
        let ranges = picked(
            "117 healthy adult volunteers (aged 18-40 years; median age, 21 years) were enrolled",
            |value| match value {
                StatementValue::MedianRange { median, min, max } => {
                    Some((median.value, min.value, max.value))
                }
                _ => None,
            },
        );
        assert_eq!(ranges, [(21.0, 18.0, 40.0)]);
    }

    #[test]
    fn sds_named_inside_the_bracket_or_after_the_sign() {
        assert_eq!(
            means_in("groups were -5.85 + /- SD 4.62 and -5.54 + /- SD 4.41, respectively"),
            [(-5.85, 4.62), (-5.54, 4.41)]
        );
        assert_eq!(means_in("a mean value of 10.2 (standard deviation of 1.0)."), [(10.2, 1.0)]);
        assert_eq!(
            means_in("a total mean time of 81.54 minutes (SD 30.91 minutes)"),
            [(81.54, 30.91)]
        );
    }

    #[test]
    fn unlabelled_intervals_after_an_estimate_take_the_level_a_header_names() {
        let cis = |text: &str| {
            picked(text, |value| match value {
                StatementValue::Ci { level, lower, upper, .. } => {
                    Some((*level, lower.value, upper.value))
                }
                _ => None,
            })
        };
        assert_eq!(
            cis("123 [11%] deaths in the placebo group; aOR 0·73, 0·53–0·99, p=0·0406"),
            [(None, 0.53, 0.99)]
        );
        assert_eq!(
            cis("treated patients (Hazard Ratio[95%CI] = 2.171 [1.545–3.051], p<0.0001)"),
            [(Some(95.0), 1.545, 3.051)]
        );
        // A bracket that does not hold the estimate is no interval of it.
        assert!(cis("the hazard ratio was 0.50 (2-3 weeks)").is_empty());
    }

    #[test]
    fn plus_minus_as_confidence_limits_or_a_threshold_at_a_level() {
        assert!(
            means_in(
                "reductions in mortality (with 95 percent confidence limits) were 39+/-20 percent"
            )
            .is_empty()
        );
        let p_values = picked(
            "Differences were considered statistically significant at a p-value < 0.05.",
            |value| matches!(value, StatementValue::PValue { .. }).then_some(()),
        );
        assert!(p_values.is_empty());
        assert_eq!(
            means_in("There was a 9.2-point (standard deviation = 9.6) increase in scores"),
            [(9.2, 9.6)]
        );
    }
}
