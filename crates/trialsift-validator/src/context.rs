//! What every check reads: the text, its statements, and where sentences and clauses break.
//!
//! The extractor ties statements together with `refers_to`; where it does
//! not, checks may fall back to adjacency, but only within one sentence and
//! across a short gap. Sentence and clause boundaries are computed once per
//! document so those lookups are binary searches.

use std::cell::OnceCell;

use trialsift_domain::{Claim, Number, Statement, StatementValue, Study};

/// Longest text a reported figure is sliced over before its parts are joined instead.
const MAX_FIGURE_BYTES: usize = 120;

/// Bytes searched after "paired" for the name of a t test.
const TEST_NAME_WINDOW: usize = 40;

/// The document under validation, with precomputed sentence and clause boundaries.
pub(crate) struct Context<'a> {
    /// The submitted text; spans index into it.
    text: &'a str,
    /// The text with ASCII letters lowercased (same offsets), made on first use.
    lower: OnceCell<String>,
    /// The extractor's statements, in document order.
    statements: &'a [Statement],
    /// Byte offsets where a sentence starts, ascending, starting with 0.
    sentence_starts: Vec<usize>,
    /// Byte offsets where a clause starts (sentence starts plus top-level semicolons), ascending.
    clause_starts: Vec<usize>,
    /// Whether the text names a paired (or one-sample) t test, found out on first use.
    names_paired_t: OnceCell<bool>,
    /// The study facts of the extraction (arms, subgroups, population, design), when given.
    study: Option<&'a Study>,
    /// The extraction's claims of significance.
    claims: &'a [Claim],
}

/// Significance level used when the text sets none.
pub(crate) const DEFAULT_ALPHA: f64 = 0.05;

impl<'a> Context<'a> {
    /// Prepares a document for the checks.
    pub fn new(text: &'a str, statements: &'a [Statement]) -> Self {
        let (sentence_starts, clause_starts) = boundaries(text);
        Self {
            text,
            lower: OnceCell::new(),
            statements,
            sentence_starts,
            clause_starts,
            names_paired_t: OnceCell::new(),
            study: None,
            claims: &[],
        }
    }

    /// Adds the extraction's study facts and claims to the context.
    pub fn with_study(mut self, study: &'a Study, claims: &'a [Claim]) -> Self {
        self.study = Some(study);
        self.claims = claims;
        self
    }

    /// Returns the study facts, when the extraction gave them.
    pub fn study(&self) -> Option<&'a Study> {
        self.study
    }

    /// Returns the claims of significance.
    pub fn claims(&self) -> &'a [Claim] {
        self.claims
    }

    /// Returns the significance level: the one the text sets when it is a sane level, else 0.05.
    pub fn alpha(&self) -> f64 {
        self.study
            .and_then(|study| study.design.alpha)
            .filter(|alpha| *alpha > 0.0 && *alpha < 0.5)
            .unwrap_or(DEFAULT_ALPHA)
    }

    /// Returns the whole lowercased text.
    pub fn lower_text(&self) -> &str {
        self.lower()
    }

    /// Returns the statements.
    pub fn statements(&self) -> &'a [Statement] {
        self.statements
    }

    /// Returns the statements the checks judge, with their indices: those read from English
    /// (or unlabelled) text. Statements from other languages (the Chinese side of a bilingual
    /// abstract) repeat the English figures and are left to the cross-language check, so that
    /// one misreported figure yields one finding.
    pub fn checked_statements(&self) -> impl Iterator<Item = (usize, &'a Statement)> + 'a {
        self.statements
            .iter()
            .enumerate()
            .filter(|(_, statement)| is_checked_language(&statement.lang))
    }

    /// Returns the statement at an index, if there is one.
    pub fn statement(&self, index: usize) -> Option<&'a Statement> {
        self.statements.get(index)
    }

    /// Tells whether the text names a paired or one-sample t test.
    pub fn names_paired_t(&self) -> bool {
        *self.names_paired_t.get_or_init(|| names_paired_t(self.lower()))
    }

    /// Returns the lowercased text.
    fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.text.to_ascii_lowercase())
    }

    /// Returns the lowercased text between two offsets, or `""` when they do not fit the text.
    pub fn lower_between(&self, start: usize, end: usize) -> &str {
        if start > end {
            return "";
        }
        self.lower().get(start..end).unwrap_or("")
    }

    /// Returns the start of a statement, clamped into the text.
    pub fn position(&self, statement: &Statement) -> usize {
        statement.start.min(self.text.len())
    }

    /// Returns the `[start, end)` of the sentence holding a byte offset.
    pub fn sentence(&self, offset: usize) -> (usize, usize) {
        enclosing(&self.sentence_starts, offset, self.text.len())
    }

    /// Returns the `[start, end)` of the clause holding a byte offset.
    pub fn clause(&self, offset: usize) -> (usize, usize) {
        enclosing(&self.clause_starts, offset, self.text.len())
    }

    /// Returns the lowercased text from the start of a statement's clause up to the statement.
    pub fn clause_before(&self, statement: &Statement) -> &str {
        let position = self.position(statement);
        let (start, _) = self.clause(position);
        self.lower_between(start, position)
    }

    /// Tells whether `later` follows `earlier` in the same sentence across at most `max_gap` bytes
    /// (or overlaps it, when the extractor nests statements).
    pub fn adjacent(&self, earlier: &Statement, later: &Statement, max_gap: usize) -> bool {
        let earlier_end = earlier.end.min(self.text.len());
        let later_start = self.position(later);
        if later_start < earlier_end {
            return later_start >= self.position(earlier);
        }
        if later_start - earlier_end > max_gap {
            return false;
        }
        self.sentence(earlier_end.saturating_sub(1)) == self.sentence(later_start)
    }

    /// Returns the statement another one qualifies: its `refers_to` when set and valid, else
    /// the statement right before it when the two are adjacent within `max_gap` bytes.
    pub fn referent(&self, index: usize, max_gap: usize) -> Option<usize> {
        let statement = self.statement(index)?;
        if let Some(target) = statement.refers_to {
            return (target != index && target < self.statements.len()).then_some(target);
        }
        let previous_index = index.checked_sub(1)?;
        let previous = self.statement(previous_index)?;
        self.adjacent(previous, statement, max_gap).then_some(previous_index)
    }

    /// Returns the indices of the mean ± SD statements whose start lies in `[start, end)`.
    pub fn means_between(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        self.statements.iter().enumerate().filter_map(move |(index, statement)| {
            let position = self.position(statement);
            let is_mean = matches!(statement.value, StatementValue::MeanSd { .. })
                && is_checked_language(&statement.lang);
            (is_mean && position >= start && position < end).then_some(index)
        })
    }

    /// Returns the text of a number as it stands in the document, or its own text when the span is off.
    pub fn number_text(&self, number: &Number) -> String {
        self.slice(number.start, number.end).map_or_else(|| number.text.clone(), str::to_owned)
    }

    /// Returns the text covering a group of numbers, as written: from the first to the last,
    /// with a trailing `%` and a closing bracket the slice opened; far-apart or misplaced
    /// numbers are joined with " … " instead.
    pub fn figure(&self, numbers: &[&Number]) -> String {
        let start = numbers.iter().map(|number| number.start).min();
        let end = numbers.iter().map(|number| number.end).max();
        if let (Some(start), Some(end)) = (start, end)
            && end >= start
            && end - start <= MAX_FIGURE_BYTES
            && numbers.iter().all(|number| number.start <= number.end)
            && let Some(slice) = self.slice(start, end)
        {
            return format!("{slice}{}", self.closing_suffix(slice, end));
        }
        let parts: Vec<String> = numbers.iter().map(|number| self.number_text(number)).collect();
        parts.join(" … ")
    }

    /// Returns a number with the label and comparator written before it (`p = 0.0011`, `n = 29`).
    pub fn labeled(&self, number: &Number) -> String {
        let Some(own) = self.slice(number.start, number.end) else {
            return number.text.clone();
        };
        let before = self.text.get(..number.start).unwrap_or("");
        let mut start = number.start;
        let mut chars = before.char_indices().rev().peekable();
        // Whitespace, then a comparator, then whitespace, then a one-letter label.
        let mut seen_comparator = false;
        while let Some(&(index, character)) = chars.peek() {
            if character.is_whitespace() {
                chars.next();
            } else if !seen_comparator && "=<>≤≥⩽⩾".contains(character) {
                seen_comparator = true;
                start = index;
                chars.next();
                // A two-character comparator such as `<=`.
                if let Some(&(second, '<' | '>')) = chars.peek() {
                    start = second;
                    chars.next();
                }
            } else {
                break;
            }
        }
        if seen_comparator
            && let Some(&(index, letter)) = chars.peek()
            && matches!(letter, 'p' | 'P' | 'n' | 'N')
        {
            chars.next();
            let standalone = chars.peek().is_none_or(|&(_, previous)| !previous.is_alphanumeric());
            if standalone {
                start = index;
            }
        }
        self.slice(start, number.end).map_or_else(|| own.to_owned(), str::to_owned)
    }

    /// Tells whether a number looks like a fragment of a figure the extractor did not read whole:
    /// part of `2,321` or `17 288`, of `0?029` or `0·029` (a decimal point lost to encoding),
    /// of `0. 05`, of `9.63E-09`, or an acronym read as a number word (`TEN`).
    ///
    /// Checks skip such numbers: a finding about a misread figure would be a false alarm.
    pub fn looks_garbled(&self, number: &Number) -> bool {
        let (Some(before), Some(after)) =
            (self.text.get(..number.start), self.text.get(number.end..))
        else {
            return false;
        };
        if number.text.len() > 1 && number.text.chars().all(|c| c.is_ascii_uppercase()) {
            return true;
        }
        let mut ahead = after.chars();
        let next = ahead.next();
        let second = ahead.next();
        let third = ahead.next();
        let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let separator =
            |c: Option<char>| matches!(c, Some('.' | ',' | '?' | '·' | '٫' | '\u{2027}'));
        // `0?029`, `2,321`, `1.2.3`, and `0. 05`.
        if separator(next)
            && (is_digit(second) || (next == Some('.') && second == Some(' ') && is_digit(third)))
        {
            return true;
        }
        // `17 288`: a space used as a thousands separator.
        let short_integer =
            number.text.len() <= 3 && number.text.bytes().all(|b| b.is_ascii_digit());
        if short_integer && matches!(next, Some(' ' | '\u{2009}' | '\u{202F}' | '\u{00A0}')) {
            let rest = after.get(next.map_or(0, char::len_utf8)..).unwrap_or("");
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 3 {
                return true;
            }
        }
        // `9.63E - 09`, `3.1 × 10-4`: the mantissa of a number in scientific notation.
        let trimmed = after.trim_start();
        let mut exponent = trimmed.chars();
        match exponent.next() {
            Some('E' | 'e') => {
                let tail = exponent.as_str().trim_start();
                let tail = tail.strip_prefix(['-', '+', '−']).unwrap_or(tail).trim_start();
                if tail.starts_with(|c: char| c.is_ascii_digit()) {
                    return true;
                }
            }
            Some('×' | 'x' | 'X' | '*') if exponent.as_str().trim_start().starts_with("10") => {
                return true;
            }
            _ => {}
        }
        // `98. 0%`, `9?5%`, `2,321`: the tail of a number split at its separator.
        let mut behind = before.chars().rev();
        let previous = behind.next();
        let before_previous = behind.next();
        let before_that = behind.next();
        let digit_then_separator = separator(previous) && is_digit(before_previous);
        let digit_point_space =
            previous == Some(' ') && before_previous == Some('.') && is_digit(before_that);
        digit_then_separator || digit_point_space
    }

    /// Returns up to `len` bytes of the text right after a number.
    pub fn after(&self, number: &Number, len: usize) -> &str {
        if number.end > self.text.len() {
            return "";
        }
        window(self.text, number.end, len)
    }

    /// Returns the lowercased word right after a number, skipping spaces (`years` in "8 years").
    pub fn word_after(&self, number: &Number) -> &str {
        let after = self.lower_between(number.end, self.text.len()).trim_start();
        let end = after.find(|c: char| !c.is_alphabetic()).unwrap_or(after.len());
        after.get(..end).unwrap_or("")
    }

    /// Returns the lowercased word right before a number, skipping spaces (`grade` in "grade 3/4").
    pub fn word_before(&self, number: &Number) -> &str {
        let before = self.lower_between(0, number.start).trim_end();
        let start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |at| at + 1);
        before.get(start..).unwrap_or("")
    }

    /// Returns `text[start..end]` when the offsets fall on character boundaries.
    fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        self.text.get(start..end)
    }

    /// Returns the `%` and closing brackets that complete a slice ending at `end`.
    fn closing_suffix(&self, slice: &str, end: usize) -> String {
        let mut suffix = String::new();
        let mut rest = self.text.get(end..).unwrap_or("").chars();
        let mut next = rest.next();
        if next == Some('%') {
            suffix.push('%');
            next = rest.next();
        }
        let open = slice.matches(['(', '[']).count();
        let close = slice.matches([')', ']']).count();
        if open > close
            && let Some(bracket @ (')' | ']')) = next
        {
            suffix.push(bracket);
        }
        suffix
    }
}

/// Tells whether statements in a language are judged by the checks: English, or unlabelled.
fn is_checked_language(lang: &str) -> bool {
    lang.is_empty() || lang.eq_ignore_ascii_case("en") || lang.eq_ignore_ascii_case("und")
}

/// Returns the `[start, end)` of the span of `starts` holding `offset`.
fn enclosing(starts: &[usize], offset: usize, text_len: usize) -> (usize, usize) {
    let after = starts.partition_point(|&start| start <= offset);
    let start = after.checked_sub(1).and_then(|index| starts.get(index)).copied().unwrap_or(0);
    let end = starts.get(after).copied().unwrap_or(text_len);
    (start, end)
}

/// Finds where sentences and clauses start.
///
/// A sentence ends at `.`, `!` or `?` followed by whitespace (or the end), at a
/// line break, and at `。！？`; a decimal point is never followed by whitespace.
/// A clause also ends at a semicolon (`;` or `；`) outside brackets.
///
/// Scans bytes rather than characters: every marker is ASCII or a three-byte
/// CJK sequence, and no UTF-8 continuation byte can be mistaken for either.
fn boundaries(text: &str) -> (Vec<usize>, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut sentences = vec![0];
    let mut clauses = vec![0];
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        // Bytes consumed by the marker at `index` (1 for ASCII, 3 for the CJK ones).
        let (marker, width) = match byte {
            b'.' | b'!' | b'?' => (Marker::EndIfSpace, 1),
            b'\n' => (Marker::End, 1),
            b'(' | b'[' => (Marker::Open, 1),
            b')' | b']' => (Marker::Close, 1),
            b';' => (Marker::Semicolon, 1),
            0xE3 | 0xEF => (cjk_marker(bytes.get(index..index + 3).unwrap_or(&[])), 3),
            _ => (Marker::None, 1),
        };
        let after = index + width;
        match marker {
            Marker::None => {
                index += 1;
                continue;
            }
            Marker::EndIfSpace if !whitespace_at(bytes, after) => {}
            Marker::End | Marker::EndIfSpace => {
                depth = 0;
                sentences.push(after);
                clauses.push(after);
            }
            Marker::Open => depth += 1,
            Marker::Close => depth = depth.saturating_sub(1),
            Marker::Semicolon if depth == 0 => clauses.push(after),
            Marker::Semicolon => {}
        }
        index = after;
    }
    (sentences, clauses)
}

/// What a byte sequence means for sentence and clause boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// Nothing.
    None,
    /// Ends a sentence.
    End,
    /// Ends a sentence when whitespace follows.
    EndIfSpace,
    /// Opens a bracket.
    Open,
    /// Closes a bracket.
    Close,
    /// Ends a clause outside brackets.
    Semicolon,
}

/// Classifies the three-byte CJK punctuation this module cares about.
fn cjk_marker(sequence: &[u8]) -> Marker {
    match sequence {
        // 。 ！ ？
        [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81] | [0xEF, 0xBC, 0x9F] => Marker::End,
        // （ 【
        [0xEF, 0xBC, 0x88] | [0xE3, 0x80, 0x90] => Marker::Open,
        // ） 】
        [0xEF, 0xBC, 0x89] | [0xE3, 0x80, 0x91] => Marker::Close,
        // ；
        [0xEF, 0xBC, 0x9B] => Marker::Semicolon,
        _ => Marker::None,
    }
}

/// Tells whether whitespace (ASCII, no-break or ideographic space) or the end of text is at `index`.
fn whitespace_at(bytes: &[u8], index: usize) -> bool {
    match bytes.get(index..) {
        None | Some([]) => true,
        Some([b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C, ..]) => true,
        Some([0xC2, 0xA0, ..]) | Some([0xE3, 0x80, 0x80, ..]) => true,
        Some(_) => false,
    }
}

/// Tells whether lowercased text names a paired or one-sample t test.
fn names_paired_t(lower: &str) -> bool {
    let names_after = |from: usize| {
        let window = window(lower, from, TEST_NAME_WINDOW);
        ["t test", "t-test", "t\u{2010}test", "t\u{2011}test", "student", "samples t", "sample t"]
            .iter()
            .any(|name| window.contains(name))
    };
    let paired = lower.match_indices("paired").any(|(index, _)| {
        let unpaired = index >= 2 && lower.get(index - 2..index) == Some("un");
        !unpaired && names_after(index)
    });
    paired
        || lower.match_indices("one-sample t").next().is_some()
        || lower.match_indices("one sample t").next().is_some()
}

/// Returns up to `len` bytes of `text` from `start`, cut back to a character boundary.
pub(crate) fn window(text: &str, start: usize, len: usize) -> &str {
    let mut end = start.saturating_add(len).min(text.len());
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(start..end).unwrap_or("")
}

/// Tells whether `word` occurs in `haystack` with no letter or digit on either side.
pub(crate) fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(index, _)| {
        let before = haystack[..index].chars().next_back();
        let after = haystack[index + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A time point such as "6 months", parsed for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimePoint {
    /// How many units.
    pub amount: u32,
    /// The unit, normalized: `hour`, `day`, `week`, `month` or `year`.
    pub unit: &'static str,
}

/// Finds the first time point written as a whole number and a unit ("6 months", "12-week").
pub(crate) fn first_time_point(text: &str) -> Option<TimePoint> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let digits_start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        let fraction = digits_start > 0 && matches!(bytes[digits_start - 1], b'.' | b',');
        let decimal_follows =
            bytes.get(index) == Some(&b'.') && bytes.get(index + 1).is_some_and(u8::is_ascii_digit);
        if fraction || decimal_follows {
            continue;
        }
        let mut word_start = index;
        if matches!(bytes.get(word_start), Some(b' ' | b'-')) {
            word_start += 1;
        }
        let mut word_end = word_start;
        while word_end < bytes.len() && bytes[word_end].is_ascii_alphabetic() {
            word_end += 1;
        }
        let word = text.get(word_start..word_end).unwrap_or("").to_ascii_lowercase();
        let unit = match word.as_str() {
            "hour" | "hours" | "hr" | "hrs" => Some("hour"),
            "day" | "days" => Some("day"),
            "week" | "weeks" | "wk" | "wks" => Some("week"),
            "month" | "months" | "mo" | "mos" => Some("month"),
            "year" | "years" | "yr" | "yrs" => Some("year"),
            _ => None,
        };
        if let (Some(unit), Some(amount)) =
            (unit, text.get(digits_start..index).and_then(|d| d.parse().ok()))
        {
            return Some(TimePoint { amount, unit });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_break_at_full_stops_not_decimal_points() {
        let text = "Mean 24.1 ± 9.6 (p = 0.0011). Next one; second clause (a; b). 中文。";
        let context = Context::new(text, &[]);
        let second = text.find("Next").expect("present");
        assert_eq!(context.sentence(5).0, 0);
        assert_eq!(context.sentence(second).0, second - 1);
        let clause_two = text.find(" second").expect("present");
        assert_eq!(context.clause(clause_two + 2).0, clause_two);
        // A semicolon inside brackets does not end the clause.
        let inner = text.find(" b)").expect("present");
        assert_eq!(context.clause(inner).0, clause_two);
    }

    #[test]
    fn paired_t_tests_are_recognized() {
        assert!(names_paired_t("compared by the paired student t test."));
        assert!(names_paired_t("a paired t-test"));
        assert!(names_paired_t("one-sample t tests"));
        assert!(!names_paired_t("unpaired t test"));
        assert!(!names_paired_t("paired samples were analysed with the wilcoxon signed-rank test"));
    }

    #[test]
    fn time_points_are_parsed() {
        assert_eq!(first_time_point("at 6 months,"), Some(TimePoint { amount: 6, unit: "month" }));
        assert_eq!(
            first_time_point("(n = 25, p = 0.0001) at 12 months"),
            Some(TimePoint { amount: 12, unit: "month" })
        );
        assert_eq!(
            first_time_point("a 52-week study"),
            Some(TimePoint { amount: 52, unit: "week" })
        );
        assert_eq!(first_time_point("7.9 months"), None);
        assert_eq!(first_time_point("n = 29, p = 0.0011"), None);
    }

    #[test]
    fn words_need_boundaries() {
        assert!(contains_word("the mean change in mrss", "change"));
        assert!(!contains_word("unchanged", "change"));
    }

    #[test]
    fn fragments_of_misread_figures_are_recognized() {
        let garbled = |text: &str, written: &str, from: usize| {
            let context = Context::new(text, &[]);
            context.looks_garbled(&crate::testkit::number_in(text, written, from))
        };
        assert!(garbled("p=0?029 and", "0", 0));
        assert!(garbled("p < 0,01", "0", 0));
        assert!(garbled("P < 0. 05", "0", 0));
        assert!(garbled("A total of 2,321 children", "2", 0));
        assert!(garbled("A total of 2,321 children", "321", 0));
        assert!(garbled("4318 (25%) of 17 288 visits", "17", 0));
        assert!(garbled("was 98. 0% (49/50)", "0", 0));
        assert!(garbled("(p = 9.63E - 09)", "9.63", 0));
        assert!(garbled("p = 3.1 × 10-4", "3.1", 0));
        assert!(garbled("25 (86%) of the TEN group", "TEN", 0));
        assert!(!garbled("8/19 = 42.0%; Clopper-Pearson 95% CI: 19.6, 64.6", "8", 0));
        assert!(!garbled("8/19 = 42.0%; Clopper-Pearson 95% CI: 19.6, 64.6", "64.6", 0));
        assert!(!garbled("8/19, 42%", "42", 0));
        assert!(!garbled("(n = 29, p = 0.0011) at", "0.0011", 0));
        assert!(!garbled("Of six patients, five (83.3%", "six", 0));
        assert!(!garbled("5 episodes", "5", 0));
    }

    #[test]
    fn words_around_numbers() {
        let text = "grade 3/4 neutropenia after 8 years";
        let context = Context::new(text, &[]);
        assert_eq!(context.word_before(&crate::testkit::number_in(text, "3", 0)), "grade");
        assert_eq!(context.word_after(&crate::testkit::number_in(text, "8", 0)), "years");
    }

    #[test]
    fn labels_are_kept_with_their_numbers() {
        let text = "(n = 29, p = 0.0011) and P<.05";
        let context = Context::new(text, &[]);
        let number = crate::testkit::number_in(text, "0.0011", 0);
        assert_eq!(context.labeled(&number), "p = 0.0011");
        let bare = crate::testkit::number_in(text, ".05", 0);
        assert_eq!(context.labeled(&bare), "P<.05");
    }
}
