//! `p_from_two_proportions`: a p-value comparing two proportions recomputed from the counts.
//!
//! Shape: a p-value qualifies a proportion `x2/n2` (through `refers_to`, or
//! right after it), and earlier in the same sentence another proportion
//! `x1/n1` comes before a comparison word ("versus", "vs", "compared with",
//! "than") or "and": "responded in 12/20 (60%) vs 5/21 (24%) (p = 0.03)".
//! The 2×2 table `[[x1, n1 - x1], [x2, n2 - x2]]` gives Pearson's chi-square,
//! chi-square with Yates' correction and Fisher's exact test (two-sided); the
//! counts are exact, so each test gives one p. The reported p (its rounding,
//! or a bound) is consistent when any of the three meets it. A mismatch is
//! reported only when the text names a chi-square or Fisher test, since such
//! a p may come from a model, and not when the sentence says the analysis is
//! adjusted, the trial is a cluster trial, or the sentence gives another p that
//! matches; it is a decision
//! error when all three lie on the other side of alpha.

use trialsift_domain::{Comparator, Number, Statement, StatementValue, Verdict};

use crate::check_names::P_FROM_TWO_PROPORTIONS;
use crate::checks::{Draft, interval, whole};
use crate::context::Context;
use crate::format::p_value as p_text;
use crate::interval::Range;
use crate::stats::{chi_square_2x2, fisher_exact_two_sided};

/// Longest gap, in bytes, between a proportion and a p-value that follows it without `refers_to`.
const ADJACENT_GAP: usize = 24;

/// Words between two proportions that make them a comparison.
const COMPARISON_CUES: [&str; 6] = ["versus", "vs", "compared with", "compared to", "than", "and"];

/// Returns the count and total of a proportion statement, when both are whole.
fn counts(statement: &Statement) -> Option<(u64, u64, &Number, &Number)> {
    let StatementValue::Proportion { count: Some(count), total: Some(total), .. } =
        &statement.value
    else {
        return None;
    };
    let (x, n) = (whole(count)?, whole(total)?);
    (n > 0 && x <= n).then_some((x, n, count, total))
}

/// Checks every p-value that compares two reported proportions.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    let mut names_test = None;
    for (index, statement) in context.checked_statements() {
        let StatementValue::PValue { comparator, value } = &statement.value else {
            continue;
        };
        if value.value <= 0.0 || value.value > 1.0 || context.looks_garbled(value) {
            continue;
        }
        let Some(second_index) = context.referent(index, ADJACENT_GAP) else {
            continue;
        };
        let Some(second_statement) = context.statement(second_index) else {
            continue;
        };
        let Some((x2, n2, count2, total2)) = counts(second_statement) else {
            continue;
        };
        let Some(first_statement) = partner(context, second_index) else {
            continue;
        };
        let Some((x1, n1, count1, total1)) = counts(first_statement) else {
            continue;
        };
        if [count1, total1, count2, total2].iter().any(|number| context.looks_garbled(number)) {
            continue;
        }
        let (a, b, c, d) = (x1, n1 - x1, x2, n2 - x2);
        let mut tests: Vec<(&str, f64)> = Vec::new();
        if let Some((_, p)) = chi_square_2x2(a, b, c, d, false) {
            tests.push(("Pearson's chi-square", p));
        }
        if let Some((_, p)) = chi_square_2x2(a, b, c, d, true) {
            tests.push(("chi-square with Yates' correction", p));
        }
        if let Some(p) = fisher_exact_two_sided(a, b, c, d) {
            tests.push(("Fisher's exact test", p));
        }
        if tests.is_empty() {
            continue;
        }
        let reported = context.labeled(value);
        let reported_range = match comparator {
            Comparator::Eq => {
                Range::new(value.value - value.half_unit(), value.value + value.half_unit())
            }
            Comparator::Lt | Comparator::Le => Range::new(0.0, value.value),
            Comparator::Gt | Comparator::Ge => Range::new(value.value, 1.0),
        };
        let described: Vec<String> =
            tests.iter().map(|(name, p)| format!("{name} p = {}", p_text(*p))).collect();
        let head = format!("{x1}/{n1} against {x2}/{n2}: {}", described.join(", "));
        let recomputed: Vec<_> = tests.iter().map(|(name, p)| interval(name, *p, *p)).collect();
        let numbers = [count1, total1, count2, total2, value];
        let matched = tests.iter().find(|(_, p)| reported_range.contains(*p));
        let draft = if let Some((name, _)) = matched {
            Draft::new(
                P_FROM_TWO_PROPORTIONS,
                Verdict::Consistent,
                reported.clone(),
                recomputed,
                format!("{head}; {name} agrees with the reported {reported}."),
                &numbers,
            )
        } else if *names_test.get_or_insert_with(|| names_a_count_test(context))
            && !adjusted_or_answered(context, index, &tests)
        {
            let alpha = context.alpha();
            let reported_significant = match comparator {
                Comparator::Eq => Some(value.value <= alpha),
                Comparator::Lt | Comparator::Le => (value.value <= alpha).then_some(true),
                Comparator::Gt | Comparator::Ge => (value.value >= alpha).then_some(false),
            };
            let flips = tests.iter().all(|(_, p)| match reported_significant {
                Some(true) => *p > alpha,
                Some(false) => *p <= alpha,
                None => false,
            });
            let verdict = if flips { Verdict::DecisionError } else { Verdict::Inconsistent };
            let tail = if flips {
                format!(", and all lie on the other side of alpha = {alpha}")
            } else {
                String::new()
            };
            Draft::new(
                P_FROM_TWO_PROPORTIONS,
                verdict,
                reported.clone(),
                recomputed,
                format!("{head}; none matches the reported {reported}{tail}."),
                &numbers,
            )
        } else {
            continue;
        };
        drafts.push(draft.anchored_at(value));
    }
}

/// Tells whether a mismatch has a plain explanation: its sentence says the analysis is
/// adjusted, the trial is clustered (anywhere in the text), or another p-value in the sentence
/// matches one of the tests
/// ("(p = 0.004; p-value from Fisher's exact test < 0.001)").
fn adjusted_or_answered(context: &Context<'_>, index: usize, tests: &[(&str, f64)]) -> bool {
    let Some(statement) = context.statement(index) else {
        return true;
    };
    let sentence = context.sentence(context.position(statement));
    let text = context.lower_between(sentence.0, sentence.1);
    // Cluster trials compare proportions with cluster-adjusted tests, wherever the text says so.
    if text.contains("adjust") || context.lower_text().contains("cluster") {
        return true;
    }
    context.checked_statements().any(|(other, candidate)| {
        let StatementValue::PValue { comparator, value } = &candidate.value else {
            return false;
        };
        other != index
            && context.sentence(context.position(candidate)) == sentence
            && tests.iter().any(|(_, p)| match comparator {
                Comparator::Eq => (p - value.value).abs() <= value.half_unit(),
                Comparator::Lt | Comparator::Le => *p <= value.value,
                Comparator::Gt | Comparator::Ge => *p >= value.value,
            })
    })
}

/// Tells whether the text names a chi-square or Fisher's exact test.
fn names_a_count_test(context: &Context<'_>) -> bool {
    let text = context.lower_text();
    ["chi-square", "chi square", "chi-squared", "chi2", "χ2", "χ²", "fisher"]
        .iter()
        .any(|name| text.contains(name))
}

/// Returns the proportion compared with the one at `second_index`: the proportion right before
/// it in the same sentence, with a comparison word between them and nothing else numeric.
fn partner<'a>(context: &Context<'a>, second_index: usize) -> Option<&'a Statement> {
    let second = context.statement(second_index)?;
    let first_index = (0..second_index).rev().find(|at| {
        context.statement(*at).is_some_and(|statement| {
            matches!(statement.value, StatementValue::Proportion { .. })
                || matches!(statement.value, StatementValue::PValue { .. })
        })
    })?;
    let first = context.statement(first_index)?;
    if !matches!(first.value, StatementValue::Proportion { .. }) || first.lang != second.lang {
        return None;
    }
    if context.sentence(context.position(first)) != context.sentence(context.position(second)) {
        return None;
    }
    let between = context.lower_between(first.end, context.position(second));
    if between.len() > 80 {
        return None;
    }
    let words: Vec<&str> =
        between.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    let joined = words.join(" ");
    COMPARISON_CUES
        .iter()
        .any(|cue| {
            joined == *cue
                || joined.starts_with(&format!("{cue} "))
                || joined.ends_with(&format!(" {cue}"))
                || joined.contains(&format!(" {cue} "))
        })
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{Part, number_in, proportion, spanning};
    use trialsift_domain::{Extraction, Finding};

    fn findings(text: &str, first: [&str; 2], second: [&str; 2], p: &str) -> Vec<Finding> {
        let mut statements =
            vec![proportion(text, &[(Part::Count, first[0]), (Part::Total, first[1])], 0)];
        let from = statements[0].end;
        statements.push(proportion(
            text,
            &[(Part::Count, second[0]), (Part::Total, second[1])],
            from,
        ));
        let value = number_in(text, p, statements[1].end);
        let mut statement = spanning(
            StatementValue::PValue { comparator: Comparator::Eq, value: value.clone() },
            &[&value],
        );
        statement.refers_to = Some(1);
        statements.push(statement);
        let extraction = Extraction { statements, ..Extraction::default() };
        crate::validate(text, &extraction)
            .findings
            .into_iter()
            .filter(|finding| finding.check == P_FROM_TWO_PROPORTIONS)
            .collect()
    }

    #[test]
    fn fisher_or_chi_square_matches() {
        // SciPy 1.17.1: fisher_exact([[12, 8], [5, 16]]) p = 0.0278; chi2_contingency Pearson
        // p = 0.0187, Yates p = 0.0419.
        let text = "Response (chi-square test): 12/20 vs 5/21 (p = 0.028).";
        let found = findings(text, ["12", "20"], ["5", "21"], "0.028");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].verdict, Verdict::Consistent, "{found:#?}");
        assert!(
            found[0].explanation.contains("Fisher's exact test agrees"),
            "{}",
            found[0].explanation
        );
    }

    #[test]
    fn a_p_no_test_gives_is_flagged_when_the_test_is_named() {
        let text = "Response (chi-square test): 12/20 vs 5/21 (p = 0.30).";
        let found = findings(text, ["12", "20"], ["5", "21"], "0.30");
        assert_eq!(found[0].verdict, Verdict::DecisionError, "{found:#?}");
        let text = "Response (logistic model): 12/20 vs 5/21 (p = 0.30).";
        assert!(findings(text, ["12", "20"], ["5", "21"], "0.30").is_empty());
    }
}
