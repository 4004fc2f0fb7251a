//! `p_from_two_sample_t`: a between-group p-value recomputed from two means, SDs and ns.
//!
//! Shape: a p-value qualifies a mean ± SD (group B, through `refers_to` or
//! right after it), and earlier in the same sentence a comparison word
//! ("compared to", "versus", "vs", "than") follows another mean ± SD (group
//! A): "the IVIG group (-5.3 ± 7.9) compared to the relaxin trial (-4.8 ±
//! 6.99, p = 0.74)". Both groups need their n; when one is missing the
//! finding is `not_checkable` and names it.
//!
//! Student's (pooled) and Welch's t are both recomputed, each over the corners
//! of the inputs' rounding box (means, SDs; the ns are whole): |t| grows with
//! the difference of the means and shrinks with the SDs, so the corners hold
//! the extreme p-values (Welch's df moves with the SDs too; the corners are
//! taken as its extremes). The p is consistent if either test's interval meets
//! it, or only the named one's when the text names Welch or Student. A mismatch
//! is reported only when the text names a t test, since a between-group p may
//! come from a rank test or a model; a decision error is a mismatch whose
//! recomputed p lies wholly on the other side of alpha.

use trialsift_domain::{Comparator, Number, Statement, StatementValue, Verdict};

use crate::check_names::P_FROM_TWO_SAMPLE_T;
use crate::checks::{Draft, interval, whole};
use crate::context::Context;
use crate::format::p_value as p_text;
use crate::interval::Range;
use crate::stats::{GroupSummary, two_sample_t};

/// Longest gap, in bytes, between a mean ± SD and a p-value that follows it without `refers_to`.
const ADJACENT_GAP: usize = 24;

/// Words that mark a comparison between the group before them and the group after.
const COMPARISON_CUES: [&str; 6] = ["compared to", "compared with", "versus", "vs", "than", "vs."];

/// A group's reported mean ± SD with its n, if given.
struct Group<'s> {
    mean: &'s Number,
    sd: &'s Number,
    n: Option<&'s Number>,
}

/// Returns a statement's mean ± SD parts.
fn group(statement: &Statement) -> Option<Group<'_>> {
    match &statement.value {
        StatementValue::MeanSd { mean, sd, n, .. } => Some(Group { mean, sd, n: n.as_ref() }),
        _ => None,
    }
}

/// Which t tests the text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NamedTests {
    /// Names Welch's test.
    welch: bool,
    /// Names Student's (or an unpaired / independent-samples) t test.
    student: bool,
    /// Names any t test.
    any_t: bool,
}

/// Finds the t tests the text names.
fn named_tests(context: &Context<'_>) -> NamedTests {
    let text = context.lower_text();
    let welch = text.contains("welch");
    let student = text.contains("student");
    let any_t = welch
        || student
        || ["t test", "t-test", "t\u{2010}test", "t\u{2011}test"]
            .iter()
            .any(|name| text.contains(name));
    NamedTests { welch, student, any_t }
}

/// Checks every p-value that compares two reported means ± SD.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    let mut tests = None;
    let mut cues = None;
    for (index, statement) in context.checked_statements() {
        let StatementValue::PValue { comparator, value } = &statement.value else {
            continue;
        };
        let Some(second_index) = context.referent(index, ADJACENT_GAP) else {
            continue;
        };
        let Some(second_statement) = context.statement(second_index) else {
            continue;
        };
        let Some(second) = group(second_statement) else {
            continue;
        };
        let cues = cues.get_or_insert_with(|| comparison_cues(context));
        let Some(first_statement) = comparison_partner(context, cues, second_statement) else {
            continue;
        };
        let Some(first) = group(first_statement) else {
            continue;
        };
        let numbers: Vec<&Number> = [
            Some(first.mean),
            Some(first.sd),
            first.n,
            Some(second.mean),
            Some(second.sd),
            second.n,
            Some(value),
        ]
        .into_iter()
        .flatten()
        .collect();
        if numbers.iter().any(|number| context.looks_garbled(number)) || value.value <= 0.0 {
            continue;
        }
        let tests = *tests.get_or_insert_with(|| named_tests(context));
        let reported = context.labeled(value);
        let comparison = format!(
            "{} against {}",
            context.figure(&[first.mean, first.sd]),
            context.figure(&[second.mean, second.sd])
        );
        let sizes = (first.n.and_then(whole), second.n.and_then(whole));
        let (Some(first_n), Some(second_n)) = sizes else {
            let missing = match sizes {
                (Some(_), None) => "the comparator group's n is not reported".to_owned(),
                (None, Some(_)) => "the first group's n is not reported".to_owned(),
                _ => "the comparator group's n is not reported, nor is the first group's n next to its mean".to_owned(),
            };
            drafts.push(
                Draft::new(
                    P_FROM_TWO_SAMPLE_T,
                    Verdict::NotCheckable,
                    reported,
                    Vec::new(),
                    format!("A two-sample t test of {comparison} cannot be recomputed: {missing}."),
                    &numbers,
                )
                .anchored_at(value),
            );
            continue;
        };
        let Some((student, welch)) = recompute(&first, first_n, &second, second_n) else {
            continue;
        };
        let candidates: Vec<(&str, Range)> = match (tests.welch, tests.student) {
            (true, false) => vec![("Welch", welch)],
            (false, true) => vec![("Student", student)],
            _ => vec![("Student", student), ("Welch", welch)],
        };
        let reported_range = reported_p(*comparator, value);
        let matched = candidates.iter().find(|(_, range)| reported_range.overlaps(range));
        let recomputed: Vec<_> = candidates
            .iter()
            .map(|(name, range)| interval(&format!("p ({name})"), range.low, range.high))
            .collect();
        let described: Vec<String> = candidates
            .iter()
            .map(|(name, range)| {
                format!("{name}'s t gives p = {} to {}", p_text(range.low), p_text(range.high))
            })
            .collect();
        let head = format!(
            "with n = {first_n} and n = {second_n}, {comparison}: {}",
            described.join("; ")
        );
        let draft = if let Some((name, _)) = matched {
            Draft::new(
                P_FROM_TWO_SAMPLE_T,
                Verdict::Consistent,
                reported,
                recomputed,
                format!("{head}; {name}'s agrees with the reported {}.", context.labeled(value)),
                &numbers,
            )
        } else if tests.any_t {
            let alpha = context.alpha();
            let reported_significant = match comparator {
                Comparator::Eq => Some(value.value <= alpha),
                Comparator::Lt | Comparator::Le => (value.value <= alpha).then_some(true),
                Comparator::Gt | Comparator::Ge => (value.value >= alpha).then_some(false),
            };
            let flips = candidates.iter().all(|(_, range)| match reported_significant {
                Some(true) => range.low > alpha,
                Some(false) => range.high <= alpha,
                None => false,
            });
            let (verdict, tail) = if flips {
                (Verdict::DecisionError, format!(", and on the other side of alpha = {alpha}"))
            } else {
                (Verdict::Inconsistent, String::new())
            };
            Draft::new(
                P_FROM_TWO_SAMPLE_T,
                verdict,
                reported,
                recomputed,
                format!("{head}; neither matches the reported {}{tail}.", context.labeled(value)),
                &numbers,
            )
        } else {
            continue;
        };
        drafts.push(draft.anchored_at(value));
    }
}

/// Returns the reported p as an interval: its rounding for `=`, everything below or above it
/// for an inequality.
fn reported_p(comparator: Comparator, value: &Number) -> Range {
    match comparator {
        Comparator::Eq => {
            Range::new(value.value - value.half_unit(), value.value + value.half_unit())
        }
        Comparator::Lt | Comparator::Le => Range::new(0.0, value.value),
        Comparator::Gt | Comparator::Ge => Range::new(value.value, 1.0),
    }
}

/// Recomputes Student's and Welch's p over the corners of the rounding box.
fn recompute(
    first: &Group<'_>,
    first_n: u64,
    second: &Group<'_>,
    second_n: u64,
) -> Option<(Range, Range)> {
    let (first_mean, second_mean) =
        (first.mean.rounding_interval(), second.mean.rounding_interval());
    let (first_sd, second_sd) = (first.sd.rounding_interval(), second.sd.rounding_interval());
    // Empty until a corner is computed: low above high.
    let mut student = Range { low: f64::INFINITY, high: f64::NEG_INFINITY };
    let mut welch = student;
    let mut any = false;
    for first_mean in [first_mean.0, first_mean.1] {
        for second_mean in [second_mean.0, second_mean.1] {
            for first_sd in [first_sd.0.max(0.0), first_sd.1] {
                for second_sd in [second_sd.0.max(0.0), second_sd.1] {
                    let a = GroupSummary { mean: first_mean, sd: first_sd, n: first_n as f64 };
                    let b = GroupSummary { mean: second_mean, sd: second_sd, n: second_n as f64 };
                    for (is_welch, range) in [(false, &mut student), (true, &mut welch)] {
                        if let Some(result) = two_sample_t(a, b, is_welch) {
                            any = true;
                            range.low = range.low.min(result.p);
                            range.high = range.high.max(result.p);
                        }
                    }
                }
            }
        }
    }
    // The difference of the means may cross zero inside the box: p reaches 1 there.
    let lows = (first_mean.0 - second_mean.1, first_mean.1 - second_mean.0);
    if lows.0 <= 0.0 && lows.1 >= 0.0 {
        student.high = 1.0;
        welch.high = 1.0;
    }
    (any && student.low <= student.high && welch.low <= welch.high).then_some((student, welch))
}

/// Returns the offsets of every comparison word in the text, ascending.
fn comparison_cues(context: &Context<'_>) -> Vec<usize> {
    let text = context.lower_text();
    let mut offsets: Vec<usize> = COMPARISON_CUES
        .iter()
        .flat_map(|cue| {
            text.match_indices(cue)
                .filter(|(at, _)| is_word_at(text, *at, cue.len()))
                .map(|(at, _)| at)
        })
        .collect();
    offsets.sort_unstable();
    offsets
}

/// Returns the mean ± SD that a comparison word ties the given one to: the last mean ± SD
/// before the last comparison word that precedes it, in the same sentence.
fn comparison_partner<'a>(
    context: &Context<'a>,
    cues: &[usize],
    second: &Statement,
) -> Option<&'a Statement> {
    let position = context.position(second);
    let (sentence_start, _) = context.sentence(position);
    let before_second = cues.partition_point(|at| *at < position);
    let cue_at = *cues.get(..before_second)?.last()?;
    if cue_at < sentence_start {
        return None;
    }
    context.statements().iter().rfind(|statement| {
        statement.end <= cue_at
            && context.position(statement) >= sentence_start
            && matches!(statement.value, StatementValue::MeanSd { .. })
            && statement.lang == second.lang
    })
}

/// Tells whether `text[at..at + len]` stands as a word (no letter or digit on either side).
fn is_word_at(text: &str, at: usize, len: usize) -> bool {
    let before = text.get(..at).and_then(|head| head.chars().next_back());
    let after = text.get(at + len..).and_then(|tail| tail.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{number_in, spanning};
    use trialsift_domain::{Extraction, Verdict};

    fn mean_sd(text: &str, mean: &str, sd: &str, n: Option<&str>, from: usize) -> Statement {
        let mean = number_in(text, mean, from);
        let sd = number_in(text, sd, mean.end);
        let n = n.map(|n| number_in(text, n, sd.end));
        let mut numbers = vec![&mean, &sd];
        numbers.extend(n.as_ref());
        let value = StatementValue::MeanSd {
            mean: mean.clone(),
            sd: sd.clone(),
            n: n.clone(),
            change: false,
        };
        spanning(value, &numbers)
    }

    fn p(text: &str, written: &str, from: usize, refers_to: usize) -> Statement {
        let value = number_in(text, written, from);
        let mut statement = spanning(
            StatementValue::PValue { comparator: Comparator::Eq, value: value.clone() },
            &[&value],
        );
        statement.start = value.start - 4;
        statement.refers_to = Some(refers_to);
        statement
    }

    #[test]
    fn seed_003_comparisons_without_n_are_not_checkable() {
        let text = "The mean change in mRSS at 6 months was not significantly different in the IVIG \
                    group (-5.3 ± 7.9) compared to the relaxin trial (-4.8 ± 6.99, p = 0.74) or MMF \
                    group (-3.4 ± 7.4, p = 0.26).";
        let statements = vec![
            mean_sd(text, "-5.3", "7.9", None, 0),
            mean_sd(text, "-4.8", "6.99", None, 0),
            p(text, "0.74", 0, 1),
            mean_sd(text, "-3.4", "7.4", None, 0),
            p(text, "0.26", 0, 3),
        ];
        let extraction = Extraction { statements, ..Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        let two_sample: Vec<_> =
            findings.iter().filter(|f| f.check == P_FROM_TWO_SAMPLE_T).collect();
        assert_eq!(two_sample.len(), 2, "{findings:#?}");
        for finding in two_sample {
            assert_eq!(finding.verdict, Verdict::NotCheckable);
            assert!(
                finding.explanation.contains("the comparator group's n is not reported"),
                "{}",
                finding.explanation
            );
            assert!(finding.explanation.contains("-5.3 ± 7.9"), "{}", finding.explanation);
        }
    }

    #[test]
    fn student_and_welch_are_recomputed_from_summaries() {
        // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 20, 8.9, 2.4, 22): Student p = 0.0703,
        // Welch p = 0.0686.
        let text = "Scores (t test) were 10.2 ± 2.1 (n = 20) versus 8.9 ± 2.4 (n = 22, p = 0.07).";
        let statements = vec![
            mean_sd(text, "10.2", "2.1", Some("20"), 0),
            mean_sd(text, "8.9", "2.4", Some("22"), 0),
            p(text, "0.07", 0, 1),
        ];
        let extraction = Extraction { statements: statements.clone(), ..Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        let found = findings.iter().find(|f| f.check == P_FROM_TWO_SAMPLE_T).expect("finding");
        assert_eq!(found.verdict, Verdict::Consistent, "{found:#?}");
        // The rounding box reaches p = 0.046 to 0.10 (SciPy, both tests): p = 0.01 is wrong, but
        // the recomputed p is not wholly above 0.05, so it is no decision error.
        let wrong_text = text.replace("0.07", "0.01");
        let mut wrong = statements;
        wrong[2] = p(&wrong_text, "0.01", 0, 1);
        let extraction = Extraction { statements: wrong, ..Extraction::default() };
        let findings = crate::validate(&wrong_text, &extraction).findings;
        let found = findings.iter().find(|f| f.check == P_FROM_TWO_SAMPLE_T).expect("finding");
        assert_eq!(found.verdict, Verdict::Inconsistent, "{found:#?}");
    }

    #[test]
    fn a_mismatch_without_a_named_t_test_is_left_alone() {
        let text = "Scores were 10.2 ± 2.1 (n = 20) versus 8.9 ± 2.4 (n = 22, p = 0.01).";
        let statements = vec![
            mean_sd(text, "10.2", "2.1", Some("20"), 0),
            mean_sd(text, "8.9", "2.4", Some("22"), 0),
            p(text, "0.01", 0, 1),
        ];
        let extraction = Extraction { statements, ..Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        assert!(findings.iter().all(|f| f.check != P_FROM_TWO_SAMPLE_T), "{findings:#?}");
    }
}
