//! Trial registry identifiers, normalized.
//!
//! Each identifier must stand as a token of its own: no letter, digit or
//! joining punctuation right before it, none right after it. Identifiers
//! inside a DOI are never taken; inside a web address only when the address is
//! the registry's own.

use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};

use crate::number::compile;

/// Every registry format, one named group each.
static REGISTRY_ID: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?:",
        r"\bNCT\s?-?(?P<nct>[0-9]{8})",
        r"|\bISRCTN\)?\s?[:-]?\s?(?P<isrctn>[0-9]{8})",
        r"|\bChiCTR(?:-?(?P<chictr_code>[A-Z]{2,5}-[0-9]{8})|-?(?P<chictr>[0-9]{8,10}))\b",
        r"|\bACTRN\s?(?P<actrn>[0-9]{14})(?:p\b|\b)",
        r"|\b(?P<ctis>(?:19|20)[0-9]{2}-[0-9]{6}-[0-9]{2}-[0-9]{2})\b",
        r"|\b(?P<eudract>(?:19|20)[0-9]{2}-[0-9]{6}-[0-9]{2})\b",
        r"|\bNTR\s?-?(?P<ntr>[0-9]{2,5})\b",
        r"|\bNL-?OMON(?P<omon>[0-9]{4,7})\b",
        r"|\bNL-?(?P<nl>[0-9]{4,6})\b",
        r"|\bDRKS\s?-?(?P<drks>[0-9]{8})\b",
        r"|\bJPRN-(?P<jprn>UMIN[0-9]{9}|jRCT[a-z]?[0-9]{9,10}|JapicCTI-?[0-9]{6}|JMA-IIA[0-9]{5})\b",
        r"|\bUMIN\s?-?(?P<umin>[0-9]{9})\b",
        r"|\b(?P<jrct>jRCT[a-z]?[0-9]{9,10})\b",
        r"|\bCTRI\s*/\s*(?P<ctri_y>[0-9]{4})\s*/\s*(?P<ctri_m>[0-9]{2,3})\s*/\s*(?P<ctri_n>[0-9]{5,6})\b",
        r"|\b(?P<kct>KCT[0-9]{7})\b",
        r"|\b(?P<irct>IRCT[0-9]{8,}N[0-9]{1,3}|IRCT[0-9]{8,})\b",
        r"|\b(?P<pactr>PACTR[0-9]{15})\b",
        r"|\b(?P<tctr>TCTR[0-9]{11})\b",
        r")",
    ))
});

/// Literals one of which every format of [`REGISTRY_ID`] but the two EU numbers holds.
const PREFIXES: &[&str] = &[
    "NCT", "ISRCTN", "ChiCTR", "ACTRN", "NTR", "NL", "DRKS", "JPRN-", "UMIN", "jRCT", "CTRI",
    "KCT", "IRCT", "PACTR", "TCTR",
];

/// [`PREFIXES`] in one automaton.
static PREFIX_FINDER: LazyLock<Option<aho_corasick::AhoCorasick>> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(PREFIXES).ok());

/// Tells whether a segment may hold a match of [`REGISTRY_ID`]: one of its [`PREFIXES`], or a
/// hyphen with four digits before it and six after it (an EU number). Most segments hold neither,
/// and are then not searched with the regex, whose lazy DFA reads every byte.
fn may_hold_id(bytes: &[u8]) -> bool {
    let Some(finder) = PREFIX_FINDER.as_ref() else {
        // Without the automaton every segment may hold one: slower, never wrong.
        return true;
    };
    if finder.is_match(bytes) {
        return true;
    }
    let digits = |from: usize, to: usize| {
        bytes.get(from..to).is_some_and(|run| run.iter().all(u8::is_ascii_digit))
    };
    memchr::memchr_iter(b'-', bytes)
        .any(|at| at >= 4 && digits(at - 4, at) && digits(at + 1, at + 7))
}

/// Hosts whose addresses may carry a registry identifier.
const REGISTRY_HOSTS: &[&str] = &[
    "clinicaltrials.gov",
    "isrctn.com",
    "isrctn.org",
    "controlled-trials.com",
    "chictr.org",
    "anzctr.org.au",
    "trialregister.nl",
    "onderzoekmetmensen.nl",
    "drks.de",
    "umin.ac.jp",
    "jrct.niph.go.jp",
    "ctri.nic.in",
    "cris.nih.go.kr",
    "irct.ir",
    "irct.behdasht.gov.ir",
    "pactr.org",
    "pactr.samrc.ac.za",
    "clinicaltrialsregister.eu",
    "euclinicaltrials.eu",
    "trialsearch.who.int",
    "thaiclinicaltrials.org",
];

/// Registry words that may follow an identifier without a space in text rebuilt from tokens.
const GLUED_REGISTRY_WORDS: &[&str] =
    &["Eudra", "EUDRA", "NCT", "ISRCTN", "ChiCTR", "ACTRN", "DRKS", "UMIN", "NTR"];

/// Words that show a text speaks of the Dutch registers, which a bare `NL1234` needs.
const DUTCH_CONTEXT: &[&str] =
    &["Netherlands", "Dutch", "NTR", "Trial Regist", "trialregister", "onderzoekmetmensen"];

/// Appends the registry identifiers found in one segment, normalized, skipping those already known.
///
/// `registry_line` tells that the segment exists to state identifiers, which
/// lets the weaker formats (a bare Dutch `NL` number) count.
pub(crate) fn find_ids(segment: &str, registry_line: bool, ids: &mut Vec<String>) {
    let bytes = segment.as_bytes();
    if !may_hold_id(bytes) {
        return;
    }
    let dutch = registry_line || DUTCH_CONTEXT.iter().any(|word| segment.contains(word));
    for captures in REGISTRY_ID.captures_iter(bytes) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        if !stands_alone(bytes, whole.start(), whole.end()) {
            continue;
        }
        let Some(id) = normalize(&captures, dutch) else {
            continue;
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

/// Turns a match into the identifier's normalized spelling.
fn normalize(captures: &Captures<'_>, dutch: bool) -> Option<String> {
    let group = |name: &str| {
        captures.name(name).and_then(|found| std::str::from_utf8(found.as_bytes()).ok())
    };
    if let Some(digits) = group("nct") {
        return Some(format!("NCT{digits}"));
    }
    if let Some(digits) = group("isrctn") {
        return Some(format!("ISRCTN{digits}"));
    }
    if let Some(code) = group("chictr_code") {
        return Some(format!("ChiCTR-{code}"));
    }
    if let Some(digits) = group("chictr") {
        return Some(format!("ChiCTR{digits}"));
    }
    if let Some(digits) = group("actrn") {
        return Some(format!("ACTRN{digits}"));
    }
    if let Some(number) = group("ctis").or_else(|| group("eudract")) {
        return Some(number.to_owned());
    }
    if let Some(digits) = group("ntr") {
        return Some(format!("NTR{digits}"));
    }
    if let Some(digits) = group("omon") {
        return Some(format!("NL-OMON{digits}"));
    }
    if let Some(digits) = group("nl") {
        return dutch.then(|| format!("NL{digits}"));
    }
    if let Some(digits) = group("drks") {
        return Some(format!("DRKS{digits}"));
    }
    if let Some(inner) = group("jprn") {
        return Some(inner.replace("JapicCTI", "JapicCTI-").replace("--", "-"));
    }
    if let Some(digits) = group("umin") {
        return Some(format!("UMIN{digits}"));
    }
    if let (Some(year), Some(month), Some(number)) =
        (group("ctri_y"), group("ctri_m"), group("ctri_n"))
    {
        return Some(format!("CTRI/{year}/{month}/{number}"));
    }
    for name in ["jrct", "kct", "irct", "pactr", "tctr"] {
        if let Some(id) = group(name) {
            return Some(id.to_owned());
        }
    }
    None
}

/// Tells whether the identifier at `start..end` is a token of its own and not part of a DOI or a foreign address.
fn stands_alone(bytes: &[u8], start: usize, end: usize) -> bool {
    let joined_before =
        start.checked_sub(1).and_then(|index| bytes.get(index)).is_some_and(|byte| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b'/' | b'=')
        });
    // Text rebuilt from tokens may glue the next identifier on ("ISRCTN14898678EudraCT ...").
    let next_is_registry = bytes.get(end..).is_some_and(|rest| {
        GLUED_REGISTRY_WORDS.iter().any(|word| rest.starts_with(word.as_bytes()))
    });
    let joined_after = !next_is_registry
        && match (bytes.get(end), bytes.get(end + 1)) {
            (Some(byte), _) if byte.is_ascii_alphanumeric() || *byte == b'_' => true,
            (Some(b'-' | b'.'), Some(next)) => next.is_ascii_alphanumeric(),
            // A slash joins only digits ("NCT01234567/2"); "NTR 3912/EudraCT ..." lists two ids.
            (Some(b'/'), Some(next)) => next.is_ascii_digit(),
            _ => false,
        };
    let token = token_around(bytes, start, end);
    let lower = token.to_ascii_lowercase();
    let is_doi = lower.windows(3).any(|window| window == b"doi") || has_doi_prefix(&lower);
    if is_doi {
        return false;
    }
    let is_address = lower.windows(3).any(|window| window == b"://") || lower.starts_with(b"www.");
    if is_address {
        return REGISTRY_HOSTS
            .iter()
            .any(|host| lower.windows(host.len()).any(|window| window == host.as_bytes()));
    }
    !joined_before && !joined_after
}

/// Returns the whitespace-delimited token that holds `start..end`.
fn token_around(bytes: &[u8], start: usize, end: usize) -> &[u8] {
    let is_space = |byte: &u8| {
        byte.is_ascii_whitespace() || matches!(byte, b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"')
    };
    let token_start = bytes
        .get(..start)
        .and_then(|before| before.iter().rposition(is_space))
        .map_or(0, |index| index + 1);
    let token_end = bytes
        .get(end..)
        .and_then(|after| after.iter().position(is_space))
        .map_or(bytes.len(), |index| end + index);
    bytes.get(token_start..token_end).unwrap_or(&[])
}

/// Tells whether a token holds a DOI prefix (`10.` then four or more digits then `/`).
fn has_doi_prefix(token: &[u8]) -> bool {
    token.windows(3).enumerate().any(|(index, window)| {
        if window != b"10." {
            return false;
        }
        let digits = token
            .get(index + 3..)
            .map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count());
        digits >= 4 && token.get(index + 3 + digits) == Some(&b'/')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_of(text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        find_ids(text, false, &mut ids);
        ids
    }

    #[test]
    fn every_format_passes_the_gate() {
        let ids = [
            "NCT01234567",
            "ISRCTN12345678",
            "ChiCTR-IOR-12345678",
            "ACTRN12345678901234",
            "2004-123456-12",
            "2023-123456-12-00",
            "NTR1234",
            "NL-OMON12345",
            "NL1234",
            "DRKS00012345",
            "JPRN-UMIN000012345",
            "UMIN000012345",
            "jRCT1234567890",
            "CTRI/2020/01/012345",
            "KCT0001234",
            "IRCT2015012345N1",
            "PACTR201901234567890",
            "TCTR20190101001",
        ];
        for id in ids {
            let text = format!("registered as {id}.");
            assert!(may_hold_id(text.as_bytes()), "{id}");
            let mut found = Vec::new();
            find_ids(&text, true, &mut found);
            assert_eq!(found.len(), 1, "{id}");
        }
        assert!(!may_hold_id(b"no identifier 2004-12345 here, 12-123456"));
    }

    #[test]
    fn normalizes_every_format() {
        let text = "Registered: NCT 03171194, ISRCTN12345678, ChiCTR2000029999, ChiCTR-IOR-17012345, \
                    ACTRN12615000123456, EudraCT 2015-001234-21, CTIS 2023-501234-12-00, NTR6160, \
                    DRKS00012345, UMIN000012345, jRCTs031180123, CTRI/2018/05/013912, KCT0001234, \
                    IRCT20180101038199N1, PACTR201803003177149, JPRN-UMIN000054321.";
        assert_eq!(
            ids_of(text),
            [
                "NCT03171194",
                "ISRCTN12345678",
                "ChiCTR2000029999",
                "ChiCTR-IOR-17012345",
                "ACTRN12615000123456",
                "2015-001234-21",
                "2023-501234-12-00",
                "NTR6160",
                "DRKS00012345",
                "UMIN000012345",
                "jRCTs031180123",
                "CTRI/2018/05/013912",
                "KCT0001234",
                "IRCT20180101038199N1",
                "PACTR201803003177149",
                "UMIN000054321",
            ]
        );
    }

    #[test]
    fn deduplicates_in_order() {
        assert_eq!(ids_of("NCT03171194 and again (NCT03171194); NCT0317 no"), ["NCT03171194"]);
    }

    #[test]
    fn no_hits_inside_dois_foreign_addresses_or_longer_tokens() {
        assert!(ids_of("doi: 10.1000/NCT03171194.x").is_empty());
        assert!(ids_of("https://example.org/files/NCT03171194.pdf").is_empty());
        assert!(ids_of("grant ABC-NTR6160 and NTR6160X and NTRX and ANTR12").is_empty());
        assert!(ids_of("NCT031711945 is nine digits").is_empty());
        assert_eq!(
            ids_of("ISRCTN14898678Eudra No: 2006-003250-18"),
            ["ISRCTN14898678", "2006-003250-18"]
        );
        assert!(ids_of("dated 2015-001234").is_empty());
        assert!(ids_of("NL1234 without context").is_empty());
    }

    #[test]
    fn registry_addresses_count() {
        assert_eq!(ids_of("see https://clinicaltrials.gov/ct2/show/NCT03171194"), ["NCT03171194"]);
        assert_eq!(ids_of("Netherlands Trial Register NL7890"), ["NL7890"]);
        assert_eq!(
            ids_of("CLINICAL TRIAL REGISTRATION: NTR 3912/EudraCT 2012-001909-24."),
            ["NTR3912", "2012-001909-24"]
        );
    }
}
