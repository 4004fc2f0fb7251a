//! Units: the trimmed non-empty lines of a document, a mixed-language line cut at its sentence boundaries.

use crate::script::{ScriptCounts, decide};

/// One trimmed stretch of a line, in one language.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Byte offset of the first non-whitespace character.
    pub start: usize,
    /// Byte offset one past the last non-whitespace character.
    pub end: usize,
    /// ISO 639-1 language code, or `und`.
    pub lang: &'static str,
    /// Whether a blank line (or the document's start) stands right before the unit.
    pub after_blank: bool,
    /// Whether the unit begins its line (false for a later run of a mixed-language line).
    pub line_start: bool,
}

impl Unit {
    /// Returns the unit's text out of the document.
    pub fn text<'a>(&self, document: &'a str) -> &'a str {
        document.get(self.start..self.end).unwrap_or("")
    }
}

/// Cuts a document into units: its non-empty lines, trimmed, mixed-language lines cut by sentence.
///
/// Line breaks are found on bytes: `\n`, `\r` (alone or before `\n`), VT, FF,
/// and the multi-byte NEL (`C2 85`), LS and PS (`E2 80 A8`, `E2 80 A9`).
pub(crate) fn scan(text: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut line_start = 0;
    let mut after_blank = true;
    let bytes = text.as_bytes();
    if !has_rare_line_breaks(bytes) {
        // The common case: only `\n` and `\r` break lines, found with memchr.
        let mut skip_newline_at = None;
        for index in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if skip_newline_at == Some(index) {
                continue;
            }
            if bytes.get(index) == Some(&b'\r') && bytes.get(index + 1) == Some(&b'\n') {
                skip_newline_at = Some(index + 1);
            }
            push_line(text, line_start, index, &mut after_blank, &mut units);
            line_start = if skip_newline_at == Some(index + 1) { index + 2 } else { index + 1 };
        }
        push_line(text, line_start, text.len(), &mut after_blank, &mut units);
        return units;
    }
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let break_width = match byte {
            b'\n' | 0x0B | 0x0C => 1,
            b'\r' if bytes.get(index + 1) == Some(&b'\n') => {
                index += 1;
                continue;
            }
            b'\r' => 1,
            0xC2 if bytes.get(index + 1) == Some(&0x85) => 2,
            0xE2 if bytes.get(index + 1) == Some(&0x80)
                && matches!(bytes.get(index + 2), Some(0xA8 | 0xA9)) =>
            {
                3
            }
            _ => {
                index += 1;
                continue;
            }
        };
        push_line(text, line_start, index, &mut after_blank, &mut units);
        index += break_width;
        line_start = index;
    }
    push_line(text, line_start, text.len(), &mut after_blank, &mut units);
    units
}

/// Tells whether a text holds a line break other than `\n` and `\r` (VT, FF, NEL, LS, PS).
fn has_rare_line_breaks(bytes: &[u8]) -> bool {
    memchr::memchr2(0x0B, 0x0C, bytes).is_some()
        || memchr::memmem::find(bytes, "\u{85}".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "\u{2028}".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "\u{2029}".as_bytes()).is_some()
}

/// Trims one line and pushes its units, or records a blank line.
fn push_line(text: &str, start: usize, end: usize, after_blank: &mut bool, units: &mut Vec<Unit>) {
    let Some(line) = text.get(start..end) else {
        return;
    };
    let trimmed_start = line.trim_start();
    if trimmed_start.is_empty() {
        *after_blank = true;
        return;
    }
    let first = start + (line.len() - trimmed_start.len());
    let last = first + trimmed_start.trim_end().len();
    let Some(content) = text.get(first..last) else {
        return;
    };
    let counts = ScriptCounts::of(content);
    let runs = if counts.is_mixed() { language_runs(text, first, last) } else { Vec::new() };
    if runs.len() <= 1 {
        units.push(Unit {
            start: first,
            end: last,
            lang: decide(&counts, content),
            after_blank: *after_blank,
            line_start: true,
        });
    } else {
        for (position, (run_start, run_end, lang, _)) in runs.into_iter().enumerate() {
            units.push(Unit {
                start: run_start,
                end: run_end,
                lang,
                after_blank: *after_blank && position == 0,
                line_start: position == 0,
            });
        }
    }
    *after_blank = false;
}

/// A run of sentences in one language: start, end, language and script counts.
type Run = (usize, usize, &'static str, ScriptCounts);

/// Cuts a mixed line at its sentence boundaries and joins neighbouring sentences of one language.
fn language_runs(text: &str, start: usize, end: usize) -> Vec<Run> {
    let Some(line) = text.get(start..end) else {
        return Vec::new();
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut sentence_start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let next = chars.peek().map(|(_, next)| *next);
        let boundary = match c {
            '。' | '！' | '？' | '；' => true,
            '.' | '!' | '?' | ';' => match next {
                Some(next) => next.is_whitespace() || is_cjk(next),
                None => false,
            },
            _ => false,
        };
        if boundary || next.is_none() {
            let sentence_end = index + c.len_utf8();
            push_sentence(line, start, sentence_start, sentence_end, &mut runs);
            sentence_start = sentence_end;
        }
    }
    runs
}

/// Adds one sentence to the runs, joining it to the last run when the language agrees.
fn push_sentence(line: &str, base: usize, start: usize, end: usize, runs: &mut Vec<Run>) {
    let Some(sentence) = line.get(start..end) else {
        return;
    };
    let trimmed = sentence.trim_start();
    if trimmed.is_empty() {
        return;
    }
    let first = base + start + (sentence.len() - trimmed.len());
    let last = first + trimmed.trim_end().len();
    let counts = ScriptCounts::of(trimmed);
    // A sentence closed by a Chinese full stop, with Han characters in it, is Chinese, however long
    // the English chemical name inside ("细胞增殖实验采用MTS[3-(4,5-dimethylthiazol-2-yl)...]法。").
    let chinese_stop = trimmed.trim_end().ends_with(['。', '！', '？']) && counts.han >= 2;
    let lang = if chinese_stop { "zh" } else { decide(&counts, trimmed) };
    if let Some(previous) = runs.last_mut() {
        if previous.2 == lang || lang == "und" {
            previous.1 = last;
            previous.3.merge(&counts);
            return;
        }
        if previous.2 == "und" {
            previous.1 = last;
            previous.2 = lang;
            previous.3.merge(&counts);
            return;
        }
    }
    runs.push((first, last, lang, counts));
}

/// Tells whether a character is a CJK ideograph or kana.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_and_blank_lines_noted() {
        let text = "  Title\r\n\r\nBody one.\nBody two.  ";
        let units = scan(text);
        let texts: Vec<&str> = units.iter().map(|unit| unit.text(text)).collect();
        assert_eq!(texts, ["Title", "Body one.", "Body two."]);
        assert!(units[0].after_blank);
        assert!(units[1].after_blank);
        assert!(!units[2].after_blank);
    }

    #[test]
    fn rare_line_breaks_cut_lines_too() {
        let text = "a\u{2028}b\u{2029}c\u{85}d\u{0B}e\u{0C}f\r\ng\rh";
        let texts: Vec<&str> = scan(text).iter().map(|unit| unit.text(text)).collect();
        assert_eq!(texts, ["a", "b", "c", "d", "e", "f", "g", "h"]);
        let text = "a\r\rb\n\r\nc";
        let units = scan(text);
        let texts: Vec<&str> = units.iter().map(|unit| unit.text(text)).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert!(units[1].after_blank && units[2].after_blank);
    }

    #[test]
    fn crlf_is_one_line_break() {
        let text = "a\r\nb\r\nc";
        let units = scan(text);
        assert_eq!(units.len(), 3);
        assert!(units.iter().skip(1).all(|unit| !unit.after_blank));
    }

    #[test]
    fn mixed_line_is_cut_at_sentence_boundary() {
        let text =
            "Patients improved after nine weeks of treatment. 患者在治疗九周后病情明显改善。";
        let units = scan(text);
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].lang, "en");
        assert_eq!(units[0].text(text), "Patients improved after nine weeks of treatment.");
        assert_eq!(units[1].lang, "zh");
        assert_eq!(units[1].text(text), "患者在治疗九周后病情明显改善。");
    }

    #[test]
    fn long_english_name_inside_a_chinese_sentence_stays_chinese() {
        let text = "Cells were counted by MTS assay in all experiments. 细胞增殖实验采用MTS[３-（４，５-dimethylthiazol-２-yl）-５-（３-carboxymethoxyphenyl）-２-（４-sulfophenyl）-２H-tetrazolium]法。";
        let units = scan(text);
        assert_eq!(units.len(), 2);
        assert_eq!((units[0].lang, units[1].lang), ("en", "zh"));
    }

    #[test]
    fn english_term_inside_chinese_sentence_does_not_cut() {
        let text = "标准治疗方案包括 9 周 IVIg(普乐复)单药治疗,SLEDAI >6 的患者 Physician Global Assessment 评分。";
        let units = scan(text);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].lang, "zh");
    }
}
