//! The statistical validator's pure core: recomputes the reported figures of
//! a clinical-trial abstract and states, for each, whether it holds.
//!
//! [`validate`] takes the document text and the extractor's statements and
//! returns findings in document order. Each finding names its check, gives a
//! verdict (`consistent`, `inconsistent`, `decision_error`, `not_checkable`),
//! the figure as written, the recomputed values as intervals, one plain
//! sentence of explanation and the spans of every value used.
//!
//! Everything is rounding-aware: a reported `7.9` stands for `[7.85, 7.95]`,
//! inputs travel as intervals, and a figure is inconsistent only when no input
//! inside its interval reproduces it. When the extraction does not tie the
//! pieces of a check together clearly, the check stays silent rather than
//! guess: a false alarm costs a reviewer more than a missed check.
//!
//! No I/O, no async, no panics: the worker that wires this to the bus lives elsewhere.

mod checks;
mod context;
mod format;
mod interval;
pub mod stats;
#[cfg(test)]
mod testkit;
#[cfg(feature = "worker")]
pub mod worker;

use trialsift_domain::{Extraction, Segment, Validation};

use crate::context::Context;

/// Names of the checks, as they appear in [`trialsift_domain::Finding::check`].
pub mod check_names {
    /// A count, its total and its percentage agree (`x/N` vs `p%`), or a percentage lies in 0 to 100.
    pub const PERCENTAGE: &str = "percentage";
    /// A proportion's confidence interval matches a standard method (Clopper–Pearson, Wilson, Wald, ...).
    pub const PROPORTION_CI: &str = "proportion_ci";
    /// A p-value lies in `[0, 1]` and is not reported as exactly zero.
    pub const P_VALUE_RANGE: &str = "p_value_range";
    /// A confidence interval's lower bound does not exceed its upper bound.
    pub const CI_BOUNDS: &str = "ci_bounds";
    /// A median lies between its first and third quartiles.
    pub const MEDIAN_IQR: &str = "median_iqr";
    /// A within-group p-value matches a paired t test on the mean change ± SD and n.
    pub const P_FROM_MEAN_SD_PAIRED: &str = "p_from_mean_sd_paired";

    /// A p-value matches its test statistic and degrees of freedom (t, F, χ², z, r), as statcheck.
    pub const P_FROM_STATISTIC: &str = "p_from_statistic";

    /// A mean of a whole-step instrument's scores is a possible sum over n (GRIM).
    pub const GRIM: &str = "grim";
    /// An SD goes with its mean for a whole-step instrument's scores (GRIMMER).
    pub const GRIMMER: &str = "grimmer";
    /// A mean lies inside its instrument's range (mRSS 0 to 51, ...).
    pub const INSTRUMENT_RANGE: &str = "instrument_range";

    /// A between-group p-value matches Student's or Welch's t from two means, SDs and ns.
    pub const P_FROM_TWO_SAMPLE_T: &str = "p_from_two_sample_t";

    /// Participant counts agree: subgroups and arms sum to their totals, the allocation ratio
    /// matches the arm sizes, no more analysed than enrolled.
    pub const COUNTS: &str = "counts";
    /// A claim of (non-)significance agrees with its p-value at alpha.
    pub const CLAIM_VS_P: &str = "claim_vs_p";

    /// An effect estimate lies inside the confidence interval that qualifies it.
    pub const CI_CONTAINS_ESTIMATE: &str = "ci_contains_estimate";
    /// A ratio's p-value agrees in significance with its CI (log-scale SE, z, p).
    pub const P_FROM_RATIO_CI: &str = "p_from_ratio_ci";

    /// A p-value comparing two proportions matches chi-square (with or without Yates) or Fisher.
    pub const P_FROM_TWO_PROPORTIONS: &str = "p_from_two_proportions";

    /// A standard deviation written after `±` is not negative.
    pub const SD_RANGE: &str = "sd_range";

    /// The numbers of a Chinese segment match those of its English pair (none missing,
    /// changed or extra); run by [`crate::validate_document`].
    pub const CROSS_LANGUAGE: &str = "cross_language";

    /// Every check this version runs.
    pub const ALL: [&str; 18] = [
        PERCENTAGE,
        PROPORTION_CI,
        P_VALUE_RANGE,
        CI_BOUNDS,
        MEDIAN_IQR,
        P_FROM_MEAN_SD_PAIRED,
        P_FROM_STATISTIC,
        GRIM,
        GRIMMER,
        INSTRUMENT_RANGE,
        P_FROM_TWO_SAMPLE_T,
        COUNTS,
        CLAIM_VS_P,
        CI_CONTAINS_ESTIMATE,
        P_FROM_RATIO_CI,
        P_FROM_TWO_PROPORTIONS,
        SD_RANGE,
        CROSS_LANGUAGE,
    ];
}

/// Runs every check over a document's statements and returns the findings in document order.
///
/// `text` is the document the statements' spans index into. Never panics, whatever the numbers
/// (NaN, infinities, spans outside the text): a check that cannot make sense of its inputs says
/// nothing. Without the segments the cross-language check does not run: see [`validate_document`].
pub fn validate(text: &str, extraction: &Extraction) -> Validation {
    finish(statement_drafts(text, extraction))
}

/// Runs every check of [`validate`], plus the cross-language check over the splitter's
/// English/Chinese pairs, and returns the findings in document order.
///
/// `segments` are the splitter's segments of `text` (with their `pair`s). Never panics, whatever
/// the segments: one whose span is not a range of `text` gives no numbers.
pub fn validate_document(text: &str, segments: &[Segment], extraction: &Extraction) -> Validation {
    let mut drafts = statement_drafts(text, extraction);
    checks::cross_language::run(text, segments, &mut drafts);
    finish(drafts)
}

/// Runs the checks over the extractor's statements.
fn statement_drafts(text: &str, extraction: &Extraction) -> Vec<checks::Draft> {
    let context = Context::new(text, &extraction.statements)
        .with_study(&extraction.study, &extraction.claims);
    let mut drafts = Vec::new();
    for check in checks::ALL {
        check(&context, &mut drafts);
    }
    drafts
}

/// Orders the drafts into a validation.
fn finish(mut drafts: Vec<checks::Draft>) -> Validation {
    // Stable: findings about the same figure keep the order of `checks::ALL`.
    drafts.sort_by_key(|draft| draft.anchor);
    Validation { findings: drafts.into_iter().map(|draft| draft.finding).collect() }
}
