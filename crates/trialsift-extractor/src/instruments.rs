//! Known outcome instruments and measures ("mRSS", "modified Rodnan skin score", "FVC%",
//! "HAQ-DI", "DAS28", ...), found in one pass of one pattern.
//!
//! Long forms match in any letter case; short forms only when written mostly in capitals
//! ("MRSS" and "mRSS", never "mrss"), and every match stands on word boundaries. A `δ` or `Δ`
//! written right before a short form ("δMRSS") belongs to the mention.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A known instrument: the variant as it may be written, its normalized name, and whether the
/// variant is a short form (checked for capitals).
struct Variant {
    /// The text matched (any case).
    written: &'static str,
    /// The normalized instrument name.
    canonical: &'static str,
}

/// Builds a variant.
const fn v(written: &'static str, canonical: &'static str) -> Variant {
    Variant { written, canonical }
}

/// Every known variant; the automaton prefers the longest at a position ("FVC % predicted" over "FVC").
const VARIANTS: &[Variant] = &[
    v("mRSS", "mRSS"),
    v("modified Rodnan skin score", "mRSS"),
    v("modified Rodnan skin thickness score", "mRSS"),
    v("modified Rodnan total skin score", "mRSS"),
    v("Rodnan skin score", "mRSS"),
    v("SLEDAI", "SLEDAI"),
    v("SLEDAI-2K", "SLEDAI-2K"),
    v("SLEDAI 2K", "SLEDAI-2K"),
    v("SELENA-SLEDAI", "SLEDAI"),
    v("SELENA SLEDAI", "SLEDAI"),
    v("Systemic Lupus Erythematosus Disease Activity Index", "SLEDAI"),
    v("SLE Disease Activity Index", "SLEDAI"),
    v("SRI-4", "SRI-4"),
    v("SRI4", "SRI-4"),
    v("SRI(4)", "SRI-4"),
    v("SRI of 4", "SRI-4"),
    v("SRI-5", "SRI-5"),
    v("SRI-6", "SRI-6"),
    v("SRI", "SRI"),
    v("SLE Responder Index", "SRI"),
    v("SLE Responder Index-4", "SRI-4"),
    v("BILAG", "BILAG"),
    v("BILAG-2004", "BILAG"),
    v("British Isles Lupus Assessment Group", "BILAG"),
    v("British Isles Lupus Activity Guide", "BILAG"),
    v("BICLA", "BICLA"),
    v("FVC%", "FVC%"),
    v("FVC %", "FVC%"),
    v("%FVC", "FVC%"),
    v("% FVC", "FVC%"),
    v("FVC % predicted", "FVC%"),
    v("FVC% predicted", "FVC%"),
    v("FVC%pred", "FVC%"),
    v("FVC (% predicted)", "FVC%"),
    v("ppFVC", "FVC%"),
    v("percent predicted FVC", "FVC%"),
    v("percent predicted forced vital capacity", "FVC%"),
    v("percentage of predicted forced vital capacity", "FVC%"),
    v("% predicted FVC", "FVC%"),
    v("FVC", "FVC"),
    v("forced vital capacity", "FVC"),
    v("DLCO", "DLCO"),
    v("DLco", "DLCO"),
    v("diffusing capacity for carbon monoxide", "DLCO"),
    v("diffusing capacity of the lung for carbon monoxide", "DLCO"),
    v("FEV1", "FEV1"),
    v("FEV 1", "FEV1"),
    v("FEV(1)", "FEV1"),
    v("forced expiratory volume in 1 second", "FEV1"),
    v("forced expiratory volume in one second", "FEV1"),
    v("HAQ-DI", "HAQ-DI"),
    v("HAQ DI", "HAQ-DI"),
    v("HAQDI", "HAQ-DI"),
    v("Health Assessment Questionnaire Disability Index", "HAQ-DI"),
    v("Health Assessment Questionnaire-Disability Index", "HAQ-DI"),
    v("HAQ", "HAQ"),
    v("Health Assessment Questionnaire", "HAQ"),
    v("DAS28", "DAS28"),
    v("DAS-28", "DAS28"),
    v("DAS 28", "DAS28"),
    v("DAS28-CRP", "DAS28"),
    v("DAS28-ESR", "DAS28"),
    v("Disease Activity Score 28", "DAS28"),
    v("Disease Activity Score in 28 joints", "DAS28"),
    v("ACR20", "ACR20"),
    v("ACR 20", "ACR20"),
    v("ACR-20", "ACR20"),
    v("ACR50", "ACR50"),
    v("ACR 50", "ACR50"),
    v("ACR-50", "ACR50"),
    v("ACR70", "ACR70"),
    v("ACR 70", "ACR70"),
    v("ACR-70", "ACR70"),
    v("CDAI", "CDAI"),
    v("SDAI", "SDAI"),
    v("BASDAI", "BASDAI"),
    v("ASDAS", "ASDAS"),
    v("EDSS", "EDSS"),
    v("Expanded Disability Status Scale", "EDSS"),
    v("PASI", "PASI"),
    v("PASI75", "PASI75"),
    v("PASI 75", "PASI75"),
    v("PASI-75", "PASI75"),
    v("PASI90", "PASI90"),
    v("PASI 90", "PASI90"),
    v("PASI-90", "PASI90"),
    v("PASI100", "PASI100"),
    v("PASI 100", "PASI100"),
    v("Psoriasis Area and Severity Index", "PASI"),
    v("EASI", "EASI"),
    v("Eczema Area and Severity Index", "EASI"),
    v("SCORAD", "SCORAD"),
    v("HbA1c", "HbA1c"),
    v("HbA(1c)", "HbA1c"),
    v("A1C", "HbA1c"),
    v("glycated hemoglobin", "HbA1c"),
    v("glycated haemoglobin", "HbA1c"),
    v("glycosylated hemoglobin", "HbA1c"),
    v("hemoglobin A1c", "HbA1c"),
    v("haemoglobin A1c", "HbA1c"),
    v("eGFR", "eGFR"),
    v("estimated glomerular filtration rate", "eGFR"),
    v("GFR", "GFR"),
    v("creatinine clearance", "creatinine clearance"),
    v("CrCl", "creatinine clearance"),
    v("BMI", "BMI"),
    v("body mass index", "BMI"),
    v("LVEF", "LVEF"),
    v("left ventricular ejection fraction", "LVEF"),
    v("MMSE", "MMSE"),
    v("Mini-Mental State Examination", "MMSE"),
    v("Mini Mental State Examination", "MMSE"),
    v("ADAS-Cog", "ADAS-Cog"),
    v("MoCA", "MoCA"),
    v("HAM-D", "HAM-D"),
    v("HAMD", "HAM-D"),
    v("HDRS", "HAM-D"),
    v("Hamilton Depression Rating Scale", "HAM-D"),
    v("Hamilton Rating Scale for Depression", "HAM-D"),
    v("HAM-A", "HAM-A"),
    v("Hamilton Anxiety Rating Scale", "HAM-A"),
    v("MADRS", "MADRS"),
    v("Montgomery-Asberg Depression Rating Scale", "MADRS"),
    v("Montgomery-Åsberg Depression Rating Scale", "MADRS"),
    v("BDI", "BDI"),
    v("Beck Depression Inventory", "BDI"),
    v("PHQ-9", "PHQ-9"),
    v("GAD-7", "GAD-7"),
    v("PANSS", "PANSS"),
    v("Positive and Negative Syndrome Scale", "PANSS"),
    v("BPRS", "BPRS"),
    v("YMRS", "YMRS"),
    v("CGI", "CGI"),
    v("UPDRS", "UPDRS"),
    v("MDS-UPDRS", "UPDRS"),
    v("Unified Parkinson's Disease Rating Scale", "UPDRS"),
    v("NIHSS", "NIHSS"),
    v("modified Rankin Scale", "mRS"),
    v("mRS", "mRS"),
    v("WOMAC", "WOMAC"),
    v("Oswestry Disability Index", "ODI"),
    v("SF-36", "SF-36"),
    v("SF36", "SF-36"),
    v("EQ-5D", "EQ-5D"),
    v("KCCQ", "KCCQ"),
    v("6MWD", "6MWD"),
    v("6-minute walk distance", "6MWD"),
    v("six-minute walk distance", "6MWD"),
    v("6MWT", "6MWT"),
    v("6-minute walk test", "6MWT"),
    v("six-minute walk test", "6MWT"),
    v("PGA", "PGA"),
    v("Physician Global Assessment", "PGA"),
    v("Physician's Global Assessment", "PGA"),
    v("Total Improvement Score", "TIS"),
    v("ACR/EULAR Total Improvement Score", "TIS"),
    v("ECOG", "ECOG"),
    v("Karnofsky performance status", "KPS"),
    v("KPS", "KPS"),
    v("VAS", "VAS"),
    v("visual analogue scale", "VAS"),
    v("visual analog scale", "VAS"),
    v("CRP", "CRP"),
    v("C-reactive protein", "CRP"),
    v("ESR", "ESR"),
    v("LDL-C", "LDL-C"),
    v("LDL cholesterol", "LDL-C"),
    v("CD4 count", "CD4 count"),
    v("CD4+ count", "CD4 count"),
    v("CD4 cell count", "CD4 count"),
    v("CD4+ cell count", "CD4 count"),
];

/// One automaton over every variant, any ASCII letter case, leftmost-longest matches. (An
/// alternation of the variants as one regex finds the same matches in about half the instructions
/// over text it has seen before, but its lazy DFA builds its states in text it has not, at
/// several times the automaton's cost there.)
static PATTERN: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(VARIANTS.iter().map(|variant| variant.written))
        .ok()
});

/// The first variant written as `matched` (ASCII letter case aside).
fn variant_of(matched: &[u8]) -> Option<&'static Variant> {
    VARIANTS.iter().find(|variant| {
        variant.written.len() == matched.len()
            && variant.written.as_bytes().eq_ignore_ascii_case(matched)
    })
}

/// A known instrument found in a stretch of text (offsets into that stretch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The normalized name (`mRSS`, `FVC%`).
    pub(crate) canonical: &'static str,
    /// Offset of the mention's first byte (a `δ`/`Δ` before a short form included).
    pub(crate) start: usize,
    /// Offset one past the mention's last byte.
    pub(crate) end: usize,
}

/// Short forms that must be written exactly so ("MRS" is a spectroscopy, not the modified Rankin Scale).
const EXACT_CASE: &[&str] = &["mRS"];

/// Tells whether a variant is a short form: no space and at most 10 bytes.
fn is_short(written: &str) -> bool {
    written.len() <= 10 && !written.contains(' ')
}

/// Counts the capital letters of a text.
fn capitals(text: &[u8]) -> usize {
    text.iter().filter(|byte| byte.is_ascii_uppercase()).count()
}

/// Finds every known instrument in `text`, in order.
pub(crate) fn find(text: &str) -> Vec<Found> {
    let Some(pattern) = PATTERN.as_ref() else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for hit in pattern.find_iter(bytes) {
        let Some(variant) = bytes.get(hit.start()..hit.end()).and_then(variant_of) else {
            continue;
        };
        let (start, end) = (hit.start(), hit.end());
        let before = start.checked_sub(1).and_then(|at| bytes.get(at));
        let after = bytes.get(end);
        let last_is_word = bytes.get(end.wrapping_sub(1)).is_some_and(u8::is_ascii_alphanumeric);
        if before.is_some_and(|byte| byte.is_ascii_alphanumeric())
            || (last_is_word && after.is_some_and(|byte| byte.is_ascii_alphanumeric()))
        {
            continue;
        }
        let mut mention_start = start;
        if EXACT_CASE.contains(&variant.written) && &bytes[start..end] != variant.written.as_bytes()
        {
            continue;
        }
        if is_short(variant.written) {
            let wanted = capitals(variant.written.as_bytes()).saturating_sub(1).max(1);
            if capitals(&bytes[start..end]) < wanted {
                continue;
            }
            for delta in ["δ", "Δ"] {
                if text.get(..start).is_some_and(|head| head.ends_with(delta)) {
                    mention_start = start - delta.len();
                }
            }
        }
        found.push(Found { canonical: variant.canonical, start: mention_start, end });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        find(text).iter().map(|found| found.canonical).collect()
    }

    #[test]
    fn pattern_builds() {
        assert!(PATTERN.is_some());
    }

    #[test]
    fn short_forms_need_capitals_and_boundaries() {
        assert_eq!(names("the MRSS and mRSS, not mrss"), ["mRSS", "mRSS"]);
        assert_eq!(names("FVC% and HAQ-DI at week 52"), ["FVC%", "HAQ-DI"]);
        assert_eq!(names("HAQ"), ["HAQ"]);
        assert!(names("PASIS or XEDSS or cdai").is_empty());
        assert_eq!(names("DAS28-CRP remission"), ["DAS28"]);
        assert_eq!(names("MRS of the brain; mRS at 90 days"), ["mRS"]);
    }

    #[test]
    fn long_forms_any_case_and_longest_first() {
        assert_eq!(names("Modified Rodnan Skin Score"), ["mRSS"]);
        assert_eq!(names("FVC % predicted"), ["FVC%"]);
        assert_eq!(names("an SRI of 4 with no new BILAG"), ["SRI-4", "BILAG"]);
    }

    #[test]
    fn delta_belongs_to_the_short_form() {
        let text = "(δMRSS ≥0 points)";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "δMRSS");
    }
}
