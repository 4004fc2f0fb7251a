//! `claim_vs_p`: a claim of (non-)significance agrees with the p-value it is about.
//!
//! A claim is tied to a p-value by the extractor (`Claim::refers_to`), or, as
//! a conservative fallback, when the claim's sentence holds exactly one
//! p-value and no other claim. A "significant" claim with a p that is above
//! alpha (`p = 0.41`, `p > 0.05`) is flagged; so is a "not significant" claim
//! with a p below alpha (`p = 0.003`, `p < 0.01`). `p = alpha` exactly is not
//! flagged either way, nor an inequality that leaves the side open
//! (`p < 0.10`). Both are `inconsistent`: the recomputation is not in doubt,
//! the words are.

use trialsift_domain::{Claim, Comparator, Statement, StatementValue, Verdict};

use crate::check_names::CLAIM_VS_P;
use crate::checks::{Draft, interval};
use crate::context::{Context, contains_word};

/// Longest gap, in bytes, between a claim and a p-value that may contradict it.
const TIGHT_GAP: usize = 12;

/// Checks every claim of significance against its p-value.
pub(crate) fn run(context: &Context<'_>, drafts: &mut Vec<Draft>) {
    let claims = context.claims();
    let alpha = context.alpha();
    for claim in claims {
        let Some(index) = claim.refers_to.or_else(|| sole_p_in_sentence(context, claim, claims))
        else {
            continue;
        };
        let Some(statement) = context.statement(index) else {
            continue;
        };
        let StatementValue::PValue { comparator, value } = &statement.value else {
            continue;
        };
        if !value.value.is_finite() || context.looks_garbled(value) {
            continue;
        }
        let p = value.value;
        let side = match comparator {
            Comparator::Eq if p < alpha => Some(true),
            Comparator::Eq if p > alpha => Some(false),
            Comparator::Lt | Comparator::Le if p <= alpha => Some(true),
            Comparator::Gt | Comparator::Ge if p >= alpha => Some(false),
            _ => None,
        };
        let Some(p_significant) = side else {
            continue;
        };
        let claim_text = context.lower_between(claim.start, claim.end).to_owned();
        let claim_text = if claim_text.is_empty() {
            if claim.significant { "significant" } else { "not significant" }.to_owned()
        } else {
            claim_text
        };
        let reported = context.labeled(value);
        let stated = if claim.significant { "significant" } else { "not significant" };
        if p_significant != claim.significant
            && (!tightly_tied(context, claim, statement) || negated_before(context, claim))
        {
            continue;
        }
        let (verdict, explanation) = if p_significant == claim.significant {
            (
                Verdict::Consistent,
                format!(
                    "The text calls the result {stated} (\"{claim_text}\"), and {reported} is {stated} at alpha = {alpha}."
                ),
            )
        } else {
            (
                Verdict::Inconsistent,
                format!(
                    "The text calls the result {stated} (\"{claim_text}\"), but {reported} is {} at alpha = {alpha}.",
                    if p_significant { "significant" } else { "not significant" }
                ),
            )
        };
        drafts.push(
            Draft::new(
                CLAIM_VS_P,
                verdict,
                reported,
                vec![interval("alpha", alpha, alpha)],
                explanation,
                &[value],
            )
            .anchored_at(value),
        );
    }
}

/// Tells whether a p-value follows its claim right away: "did not reach significance
/// (p = 0.03)", with nothing but brackets, spaces, `p` and a comparator between them.
fn tightly_tied(context: &Context<'_>, claim: &Claim, statement: &Statement) -> bool {
    let start = context.position(statement);
    if start < claim.end || start - claim.end > TIGHT_GAP {
        return false;
    }
    context
        .lower_between(claim.end, start)
        .chars()
        .all(|c| c.is_whitespace() || "([,:p=<>≤≥".contains(c))
}

/// How far before a claim, in bytes, a negation is looked for.
const NEGATION_WINDOW: usize = 80;

/// Words that, shortly before a claim, may turn it around ("none of the differences were
/// statistically significant").
const NEGATIONS: [&str; 8] = ["no", "not", "none", "neither", "nor", "without", "failed", "lack"];

/// Tells whether a negation stands in the [`NEGATION_WINDOW`] bytes before a claim, in its clause: the
/// extractor may have read the claim without it.
fn negated_before(context: &Context<'_>, claim: &Claim) -> bool {
    let (clause_start, _) = context.clause(claim.start);
    let before = context
        .lower_between(clause_start.max(claim.start.saturating_sub(NEGATION_WINDOW)), claim.start);
    NEGATIONS.iter().any(|word| contains_word(before, word))
}

/// Returns the only p-value in a claim's sentence, when the sentence holds one p-value and one claim.
fn sole_p_in_sentence(context: &Context<'_>, claim: &Claim, claims: &[Claim]) -> Option<usize> {
    let sentence = context.sentence(claim.start);
    let claims_here =
        claims.iter().filter(|other| context.sentence(other.start) == sentence).count();
    if claims_here != 1 {
        return None;
    }
    let mut p_values = context.checked_statements().filter(|(_, statement)| {
        matches!(statement.value, StatementValue::PValue { .. })
            && context.sentence(context.position(statement)) == sentence
    });
    let (index, _) = p_values.next()?;
    p_values.next().is_none().then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{number_in, spanning};
    use trialsift_domain::Extraction;

    fn claim_findings(
        text: &str,
        p: &str,
        comparator: Comparator,
        claim: Claim,
    ) -> Vec<trialsift_domain::Finding> {
        let value = number_in(text, p, 0);
        let statement =
            spanning(StatementValue::PValue { comparator, value: value.clone() }, &[&value]);
        let extraction = Extraction {
            statements: vec![statement],
            claims: vec![claim],
            ..Extraction::default()
        };
        crate::validate(text, &extraction)
            .findings
            .into_iter()
            .filter(|f| f.check == CLAIM_VS_P)
            .collect()
    }

    fn claim(text: &str, words: &str, significant: bool, refers_to: Option<usize>) -> Claim {
        let start = text.find(words).unwrap_or(0);
        Claim { significant, start, end: start + words.len(), refers_to }
    }

    #[test]
    fn seed_000_not_significant_matches_p_0411() {
        let text = "The median change was -10 and -3.0 (P = 0.411). The difference did not achieve statistical significance.";
        let found = claim_findings(
            text,
            "0.411",
            Comparator::Eq,
            claim(text, "did not achieve statistical significance", false, Some(0)),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Consistent, "{found:#?}");
    }

    #[test]
    fn claims_against_the_wrong_side_are_flagged() {
        let text = "Pain decreased significantly (p = 0.21).";
        let found = claim_findings(
            text,
            "0.21",
            Comparator::Eq,
            claim(text, "decreased significantly", true, None),
        );
        assert_eq!(found[0].verdict, Verdict::Inconsistent, "{found:#?}");
        let text = "There was no significant difference (p < 0.001).";
        let found = claim_findings(
            text,
            "0.001",
            Comparator::Lt,
            claim(text, "no significant difference", false, None),
        );
        assert_eq!(found[0].verdict, Verdict::Inconsistent, "{found:#?}");
        // An open inequality is left alone.
        let text = "There was no significant difference (p < 0.10).";
        let found = claim_findings(
            text,
            "0.10",
            Comparator::Lt,
            claim(text, "no significant difference", false, None),
        );
        assert!(found.is_empty());
    }

    #[test]
    fn a_negation_before_the_claim_keeps_it_from_being_flagged() {
        let text = "However, none of the differences between the study groups were statistically \
                    significant (P > 0.05).";
        let found = claim_findings(
            text,
            "0.05",
            Comparator::Gt,
            claim(
                text,
                "were statistically \
                    significant",
                true,
                None,
            ),
        );
        assert!(found.iter().all(|f| f.verdict == Verdict::Consistent), "{found:#?}");
    }

    #[test]
    fn an_untied_claim_in_a_sentence_with_two_p_values_is_left_alone() {
        let text = "A fell (p = 0.01) and B did not change significantly (p = 0.03).";
        let first = number_in(text, "0.01", 0);
        let second = number_in(text, "0.03", 0);
        let statements = vec![
            spanning(
                StatementValue::PValue { comparator: Comparator::Eq, value: first.clone() },
                &[&first],
            ),
            spanning(
                StatementValue::PValue { comparator: Comparator::Eq, value: second.clone() },
                &[&second],
            ),
        ];
        let claims = vec![claim(text, "did not change significantly", false, None)];
        let extraction = Extraction { statements, claims, ..Extraction::default() };
        let findings = crate::validate(text, &extraction).findings;
        assert!(findings.iter().all(|f| f.check != CLAIM_VS_P), "{findings:#?}");
    }
}
