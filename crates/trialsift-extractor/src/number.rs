//! Numbers as written: digits with their decimals and sign, and English number words.
//!
//! Patterns are byte-oriented (`regex::bytes` with Unicode classes off); the
//! few non-ASCII characters that matter (`±`, `−`, `–`, `≤`, `＜`, `·`, no-break
//! and thin spaces) are spelled out as literals, which such regexes match as
//! their UTF-8 bytes.

use regex::bytes::Regex;
use trialsift_domain::Number;
use trialsift_domain::words::{small_number_word, tens_word};

/// Whitespace, ASCII or Unicode (no-break, thin, hair, narrow no-break, ideographic).
pub(crate) const WS: &str = r"(?:[\t\n\x0B\x0C\r ]|\xC2\xA0|\xE2\x80[\x80-\x8A\xAF]|\xE3\x80\x80)";

/// A minus sign: hyphen-minus, Unicode minus, en dash, hyphen, figure dash, small or full-width hyphen-minus.
pub(crate) const MINUS: &str = r"(?:-|−|–|‐|‑|‒|﹣|－)";

/// A count in digits, with thousands separated by commas or by thin, punctuation or no-break
/// spaces (`1,234`, `17 288`).
pub(crate) const COUNT_DIGITS: &str =
    r"(?:[0-9]{1,3}(?:(?:,|\xC2\xA0|\xE2\x80[\x88\x89\xAF])[0-9]{3})+\b|[0-9]+)";

/// An unsigned decimal number; Lancet-style `0·039` included.
pub(crate) const UNSIGNED: &str = r"(?:[0-9]+(?:(?:\.|·)[0-9]+)?|(?:\.|·)[0-9]+)";

/// Compiles a byte-oriented pattern: Unicode classes off, `\s` standing for any whitespace.
///
/// `\s` may not stand inside a character class, except as the whole class `[\s-]`.
pub(crate) fn compile(pattern: &str) -> Regex {
    let expanded = pattern
        .replace(r"[\s-]", r"(?:\s|-)")
        .replace(r"\s", WS)
        .replace("{MINUS}", MINUS)
        .replace("{NUM}", UNSIGNED);
    Regex::new(&format!("(?-u){expanded}")).expect("extractor regex literal compiles")
}

/// Iterates over the captures of every match of `regex` in `haystack`, as `Regex::captures_iter`
/// does, but allocates only for a match: a search that finds nothing (most of them, one per
/// pattern and sentence) costs no allocation.
pub(crate) fn captures<'r, 'h>(regex: &'r Regex, haystack: &'h [u8]) -> Captured<'r, 'h> {
    Captured { regex, haystack, at: 0 }
}

/// The iterator [`captures`] returns.
pub(crate) struct Captured<'r, 'h> {
    /// The pattern.
    regex: &'r Regex,
    /// The text searched.
    haystack: &'h [u8],
    /// Where the next search starts.
    at: usize,
}

impl<'h> Iterator for Captured<'_, 'h> {
    type Item = regex::bytes::Captures<'h>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at > self.haystack.len() {
            return None;
        }
        let found = self.regex.find_at(self.haystack, self.at)?;
        // The leftmost-first match from its own start is the same match, now with its groups.
        let captures = self.regex.captures_at(self.haystack, found.start())?;
        self.at = if found.end() > found.start() { found.end() } else { found.end() + 1 };
        Some(captures)
    }
}

/// Tells whether `haystack` holds `needle` (SIMD substring search on the needle's rarest bytes).
///
/// Each call builds a searcher (a few hundred instructions): to test a sentence for any of many
/// words, build one [`crate::text::Gates`] instead.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Parses the number written at `start..end` of a segment into a [`Number`] with full-text offsets.
///
/// The slice may start with any of the minus signs [`MINUS`] names; a Lancet
/// middle dot counts as a decimal point, and so does a comma with one or two digits after it;
/// a comma with three groups thousands. Returns `None` when the slice is not
/// a number or not on character boundaries.
pub(crate) fn parse(segment: &str, start: usize, end: usize, base: usize) -> Option<Number> {
    let written = segment.get(start..end)?;
    let mut normalized = String::with_capacity(written.len());
    let mut decimals: u32 = 0;
    let mut after_point = false;
    let mut digits = 0;
    for (position, c) in written.char_indices() {
        match c {
            '0'..='9' => {
                normalized.push(c);
                digits += 1;
                if after_point {
                    decimals += 1;
                }
            }
            '.' | '·' if !after_point => {
                normalized.push('.');
                after_point = true;
            }
            // A decimal comma ("99,4%"): only with one or two digits after it, so it never
            // reads a thousands separator.
            ',' if !after_point
                && digits > 0
                && written.get(position + 1..).is_some_and(|rest| {
                    (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit())
                }) =>
            {
                normalized.push('.');
                after_point = true;
            }
            // A thousands separator ("1,900 +/- 223"): three digits after it, then no digit.
            ',' if !after_point && digits > 0 && groups_thousands(written, position) => {}
            '-' | '−' | '–' | '‐' | '‑' | '‒' | '﹣' | '－' if position == 0 => {
                normalized.push('-')
            }
            // "− 2.9": a space a typesetter put after a leading minus.
            ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' if normalized == "-" && digits == 0 => {}
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let value: f64 = normalized.parse().ok()?;
    Some(Number {
        value,
        decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        text: written.to_owned(),
        start: base + start,
        end: base + end,
    })
}

/// Tells whether the comma at `position` of a written number groups thousands: exactly three
/// digits follow it before the number ends or its decimal point or next comma.
fn groups_thousands(written: &str, position: usize) -> bool {
    let rest = written.as_bytes().get(position + 1..).unwrap_or_default();
    rest.len() >= 3
        && rest.iter().take(3).all(u8::is_ascii_digit)
        && rest.get(3).is_none_or(|next| matches!(next, b'.' | b','))
}

/// Parses a count written in digits (`1,234` and `17 288` with a thin or no-break space allowed)
/// or in words (`Thirty`, `twenty-one`).
pub(crate) fn parse_count(segment: &str, start: usize, end: usize, base: usize) -> Option<Number> {
    let written = segment.get(start..end)?;
    let value = if written.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        let mut value: u64 = 0;
        for c in written.chars() {
            match c {
                '0'..='9' => {
                    value = value.checked_mul(10)?.checked_add(u64::from(c as u8 - b'0'))?
                }
                ',' | '\u{a0}' | '\u{2008}' | '\u{2009}' | '\u{202f}' => {}
                _ => return None,
            }
        }
        value
    } else {
        number_word_value(written)?
    };
    Some(Number {
        value: value as f64,
        decimals: 0,
        text: written.to_owned(),
        start: base + start,
        end: base + end,
    })
}

/// The regex alternation of number words from one to nine hundred ninety-nine ("Thirty",
/// "twenty-one", "A hundred and one"), any letter case. Thousands in words are left out on
/// purpose: they are rare in abstracts and would double the size of every pattern that reads a
/// count, and with it the extractor's time.
pub(crate) const NUMBER_WORD: &str = r"(?:(?i:(?:(?:one|two|three|four|five|six|seven|eight|nine|a)(?:\s|-)+hundred(?:(?:\s|-)+(?:and(?:\s|-)+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:\s|-)+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:\s|-)+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))))";

/// Returns the value of an English number word below a million ("One thousand and nineteen").
pub(crate) fn number_word_value(written: &str) -> Option<u64> {
    let lower = written.to_ascii_lowercase();
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut any = false;
    for word in lower.split(|c: char| c == '-' || c.is_whitespace()).filter(|word| !word.is_empty())
    {
        match word {
            "and" => continue,
            "a" if !any && current == 0 => {
                current = 1;
                continue;
            }
            "hundred" => {
                if current == 0 || current >= 100 {
                    return None;
                }
                current *= 100;
            }
            "thousand" => {
                if current == 0 || total > 0 {
                    return None;
                }
                total = current * 1000;
                current = 0;
            }
            _ => {
                let value = small_number_word(word).or_else(|| tens_word(word))?;
                current += value;
            }
        }
        any = true;
    }
    let value = total + current;
    (any && value > 0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_finds_a_needle_anywhere_and_only_whole() {
        assert!(contains(b"n = 24 patients", b"patients"));
        assert!(contains(b"aab", b"ab"));
        assert!(contains(b"x", b""));
        assert!(!contains(b"patient", b"patients"), "a needle running past the end");
        assert!(!contains(b"", b"a"));
    }

    #[test]
    fn parses_decimals_and_signs() {
        let text = "x -5.3 y −0.25 z .001 w 0·039";
        let minus = parse(text, 2, 6, 100).expect("number");
        assert_eq!(
            (minus.value, minus.decimals, minus.text.as_str(), minus.start, minus.end),
            (-5.3, 1, "-5.3", 102, 106)
        );
        let unicode = parse(text, 9, 16, 0).expect("number");
        assert_eq!((unicode.value, unicode.decimals, unicode.text.as_str()), (-0.25, 2, "−0.25"));
        let bare = parse(text, 19, 23, 0).expect("number");
        assert_eq!((bare.value, bare.decimals), (0.001, 3));
        let lancet = parse(text, 26, text.len(), 0).expect("number");
        assert_eq!((lancet.value, lancet.decimals), (0.039, 3));
        assert!(parse(text, 0, 1, 0).is_none());
        assert!(parse(text, 9, 10, 0).is_none(), "not on a char boundary");
    }

    #[test]
    fn captures_match_captures_iter() {
        let regex = compile(r"(?P<a>[0-9]+)(?:\s*%)?");
        let haystack = b"12 and 34 % or 5%, none";
        let ours: Vec<Vec<u8>> = captures(&regex, haystack)
            .filter_map(|found| found.get(0).map(|whole| whole.as_bytes().to_vec()))
            .collect();
        let theirs: Vec<Vec<u8>> = regex
            .captures_iter(haystack)
            .filter_map(|found| found.get(0).map(|whole| whole.as_bytes().to_vec()))
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(captures(&regex, b"").count(), 0);
    }

    #[test]
    fn contains_finds_literals() {
        assert!(contains(b"a 95% CI here", b"CI"));
        assert!(!contains(b"a 95% C I here", b"CI"));
        assert!(contains(b"xyz", b""));
        assert!(contains("±".as_bytes(), "±".as_bytes()));
        assert!(!contains(b"C", b"CI"));
    }

    #[test]
    fn number_words() {
        assert_eq!(number_word_value("Thirty"), Some(30));
        assert_eq!(number_word_value("six"), Some(6));
        assert_eq!(number_word_value("twenty-one"), Some(21));
        assert_eq!(number_word_value("Ninety nine"), Some(99));
        assert_eq!(number_word_value("one hundred and twenty"), Some(120));
        assert_eq!(number_word_value("A hundred and one"), Some(101));
        assert_eq!(number_word_value("One thousand and nineteen"), Some(1019));
        assert_eq!(number_word_value("Three hundred and seventy-two"), Some(372));
        assert_eq!(number_word_value("twelve thousand four hundred"), Some(12_400));
        assert_eq!(number_word_value("a"), None);
        assert_eq!(number_word_value("zero"), None);
        assert_eq!(number_word_value("patients"), None);
    }

    #[test]
    fn counts_in_digits_and_words() {
        let text = "1,234 and Eight";
        assert_eq!(parse_count(text, 0, 5, 0).map(|n| n.value), Some(1234.0));
        assert_eq!(parse_count(text, 10, 15, 0).map(|n| n.value), Some(8.0));
        let lancet = "17\u{2008}288";
        assert_eq!(parse_count(lancet, 0, lancet.len(), 0).map(|n| n.value), Some(17_288.0));
    }

    #[test]
    fn whitespace_pattern_matches_unicode_spaces() {
        let regex = compile(r"P\s*<\s*0\.05");
        assert!(regex.is_match("P\u{a0}<\u{2009}0.05".as_bytes()));
        assert!(regex.is_match("P<0.05".as_bytes()));
    }
}
