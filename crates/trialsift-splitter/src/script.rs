//! Script counts and the language decision drawn from them.
//!
//! Language is decided script first: the share of Han, kana, Hangul,
//! Cyrillic, ... and Latin letters in a stretch of text. Han characters carry
//! about a word each, so one Han character weighs as much as three Latin
//! letters; an English drug name inside a Chinese sentence therefore does not
//! turn the sentence English, and a Chinese brand name in parentheses does not
//! turn an English sentence Chinese.

/// [`ASCII_CLASS`] bit of an ASCII letter.
const LETTER: u8 = 1;
/// [`ASCII_CLASS`] bit of an ASCII character that is not whitespace.
const VISIBLE: u8 = 2;

/// Class bits of each ASCII byte: letter, visible.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        let whitespace = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let mut class = if whitespace { 0 } else { VISIBLE };
        if b.is_ascii_alphabetic() {
            class |= LETTER;
        }
        table[byte] = class;
        byte += 1;
    }
    table
};

/// How many characters of each script a stretch of text holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ScriptCounts {
    /// CJK unified ideographs (any extension) and compatibility ideographs.
    pub han: u32,
    /// Hiragana and katakana.
    pub kana: u32,
    /// Hangul syllables and jamo.
    pub hangul: u32,
    /// Latin letters, ASCII or accented.
    pub latin: u32,
    /// Cyrillic letters.
    pub cyrillic: u32,
    /// Greek letters.
    pub greek: u32,
    /// Arabic letters.
    pub arabic: u32,
    /// Hebrew letters.
    pub hebrew: u32,
    /// Thai letters.
    pub thai: u32,
    /// Devanagari letters.
    pub devanagari: u32,
    /// CJK and full-width punctuation (`。`, `，`, `：`, `（`, ...).
    pub cjk_punct: u32,
    /// Characters that are not whitespace.
    pub non_space: u32,
}

impl ScriptCounts {
    /// Counts the scripts of a stretch of text.
    ///
    /// Reads bytes: ASCII and the common Han block (lead bytes `E5` to `E9`,
    /// U+5000 to U+9FFF) are counted without decoding; any other character is
    /// decoded and counted by [`ScriptCounts::add`].
    pub fn of(text: &str) -> Self {
        let mut counts = Self::default();
        let bytes = text.as_bytes();
        let mut index = 0;
        let mut ascii_letters = 0u32;
        let mut ascii_visible = 0u32;
        while let Some(&byte) = bytes.get(index) {
            if byte < 0x80 {
                let class = ASCII_CLASS.get(usize::from(byte)).copied().unwrap_or(0);
                ascii_letters += u32::from(class & LETTER);
                ascii_visible += u32::from(class >> 1);
                index += 1;
                continue;
            }
            if (0xE5..=0xE9).contains(&byte) {
                counts.han += 1;
                counts.non_space += 1;
                index += 3;
                continue;
            }
            let width = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if let Some(c) = text.get(index..).and_then(|rest| rest.chars().next()) {
                counts.add(c);
                index += c.len_utf8();
            } else {
                index += width;
            }
        }
        counts.latin += ascii_letters;
        counts.non_space += ascii_visible;
        counts
    }

    /// Adds one character to the counts.
    pub fn add(&mut self, c: char) {
        if c.is_whitespace() {
            return;
        }
        self.non_space += 1;
        let code = u32::from(c);
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                self.latin += 1;
            }
            return;
        }
        match code {
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007 => {
                self.han += 1
            }
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => self.kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => self.hangul += 1,
            0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 => {
                self.cjk_punct += 1
            }
            0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => self.cjk_punct += 1,
            0xFF21..=0xFF3A | 0xFF41..=0xFF5A => self.latin += 1,
            0x00C0..=0x024F if c != '×' && c != '÷' => self.latin += 1,
            0x1E00..=0x1EFF => self.latin += 1,
            0x0370..=0x03FF => self.greek += 1,
            0x0400..=0x052F => self.cyrillic += 1,
            0x0590..=0x05FF => self.hebrew += 1,
            0x0600..=0x06FF | 0x0750..=0x077F => self.arabic += 1,
            0x0E00..=0x0E7F => self.thai += 1,
            0x0900..=0x097F => self.devanagari += 1,
            _ => {}
        }
    }

    /// Adds another stretch's counts to these.
    pub fn merge(&mut self, other: &ScriptCounts) {
        self.han += other.han;
        self.kana += other.kana;
        self.hangul += other.hangul;
        self.latin += other.latin;
        self.cyrillic += other.cyrillic;
        self.greek += other.greek;
        self.arabic += other.arabic;
        self.hebrew += other.hebrew;
        self.thai += other.thai;
        self.devanagari += other.devanagari;
        self.cjk_punct += other.cjk_punct;
        self.non_space += other.non_space;
    }

    /// Tells whether the stretch holds a real amount of both Han and Latin text.
    pub fn is_mixed(&self) -> bool {
        self.han + self.kana + self.hangul >= 4 && self.latin >= 20
    }
}

/// Weight of one Han, kana or Hangul character against one Latin letter.
const CJK_WEIGHT: u32 = 3;

/// Decides the ISO 639-1 language of a stretch of text from its script counts.
pub(crate) fn decide(counts: &ScriptCounts, text: &str) -> &'static str {
    let cjk_weighted = (counts.han + counts.kana + counts.hangul) * CJK_WEIGHT;
    if cjk_weighted > 0 && cjk_weighted + counts.cjk_punct * 2 >= counts.latin {
        if counts.hangul > counts.han + counts.kana {
            return "ko";
        }
        // Japanese writes kana between its kanji; Chinese has none.
        if counts.kana >= 2 && counts.kana * 5 >= counts.han {
            return "ja";
        }
        return "zh";
    }
    let others = [
        (counts.cyrillic, "ru"),
        (counts.greek, "el"),
        (counts.arabic, "ar"),
        (counts.hebrew, "he"),
        (counts.thai, "th"),
        (counts.devanagari, "hi"),
    ];
    let (top_other, top_lang) =
        others.iter().copied().max_by_key(|(n, _)| *n).unwrap_or((0, "und"));
    if top_other > counts.latin {
        return top_lang;
    }
    if counts.latin == 0 {
        return "und";
    }
    // A short Latin token closed by full-width punctuation ("NCT03171194。")
    // belongs to the Chinese text around it.
    if counts.cjk_punct > 0 && counts.latin <= 30 {
        return "zh";
    }
    latin_language(text)
}

/// Latin-script languages told apart by their function words, in the order of [`stopword_language`].
const LATIN_LANGUAGES: [&str; 7] = ["en", "fr", "de", "es", "pt", "it", "nl"];

/// Returns the index in [`LATIN_LANGUAGES`] of the language a lowercase function word belongs to; no word is shared.
fn stopword_language(word: &[u8]) -> Option<usize> {
    Some(match word {
        b"the" | b"and" | b"of" | b"with" | b"was" | b"were" | b"to" | b"for" | b"is" | b"that"
        | b"in" | b"patients" => 0,
        b"le" | b"les" | b"des" | b"et" | b"est" | b"une" | b"dans" | b"pour" | b"avec" | b"du"
        | b"au" | b"sont" => 1,
        b"der" | b"die" | b"das" | b"und" | b"mit" | b"bei" | b"von" | b"ist" | b"wurde"
        | b"nicht" | b"eine" | b"wurden" => 2,
        b"el" | b"los" | b"las" | b"del" | b"y" | b"con" | b"para" | b"por" | b"fue"
        | b"pacientes" | b"se" => 3,
        b"os" | b"n\xC3\xA3o" | b"uma" | b"com" | b"foi" | b"em" | b"ao" | b"dos" | b"foram" => 4,
        b"il" | b"della" | b"per" | b"sono" | b"gli" | b"delle" | b"pazienti" | b"nel"
        | b"alla" | b"che" => 5,
        b"het" | b"een" | b"van" | b"met" | b"werd" | b"werden" | b"pati\xC3\xABnten" | b"niet"
        | b"zijn" => 6,
        _ => return None,
    })
}

/// English function words after which, with none of another language, the guess stops early.
const EARLY_ENGLISH: u32 = 6;

/// Words looked at to tell Latin-script languages apart; enough evidence, bounded cost.
const WORDS_LOOKED_AT: usize = 120;

/// Guesses which Latin-script language a stretch is in; English unless another clearly dominates.
///
/// Reads bytes: a word is a run of ASCII letters and non-ASCII bytes, lowercased
/// in a small buffer (ASCII only; the non-ASCII function words are lowercase already).
fn latin_language(text: &str) -> &'static str {
    let mut hits = [0u32; LATIN_LANGUAGES.len()];
    let mut buffer = [0u8; 12];
    let mut length = 0usize;
    let mut words = 0usize;
    for &byte in text.as_bytes().iter().chain(std::iter::once(&b' ')) {
        if byte.is_ascii_alphabetic() || byte >= 0x80 {
            if let Some(slot) = buffer.get_mut(length) {
                *slot = byte.to_ascii_lowercase();
            }
            length += 1;
            continue;
        }
        if length == 0 {
            continue;
        }
        if length <= buffer.len()
            && let Some(word) = buffer.get(..length)
            && let Some(slot) = stopword_language(word).and_then(|index| hits.get_mut(index))
        {
            *slot += 1;
        }
        length = 0;
        words += 1;
        // Enough English function words and none of another language's: English.
        let english = hits.first().copied().unwrap_or(0);
        if words >= WORDS_LOOKED_AT
            || (english >= EARLY_ENGLISH && hits.iter().skip(1).all(|count| *count == 0))
        {
            break;
        }
    }
    let english = hits.first().copied().unwrap_or(0);
    let mut best = ("en", english);
    for (lang, count) in LATIN_LANGUAGES.iter().zip(hits).skip(1) {
        if count >= 3 && count > english * 2 && count > best.1 {
            best = (lang, count);
        }
    }
    best.0
}

/// Returns the ISO 639-1 code of the language a stretch of text is written in, or `und`.
pub fn language_of(text: &str) -> &'static str {
    decide(&ScriptCounts::of(text), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts character by character, the reference for the byte-oriented [`ScriptCounts::of`].
    fn counts_by_char(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            counts.add(c);
        }
        counts
    }

    proptest::proptest! {
        #[test]
        fn byte_counts_match_char_counts(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(ScriptCounts::of(&text), counts_by_char(&text));
        }

        #[test]
        fn byte_counts_match_on_mixed_text(text in "[a-zA-Z0-9 \u{4e00}-\u{9fff}\u{3000}-\u{303f}\u{ff01}-\u{ff5e}é×\t\r\n\u{0B}]{0,80}") {
            proptest::prop_assert_eq!(ScriptCounts::of(&text), counts_by_char(&text));
        }
    }

    #[test]
    fn english_drug_name_inside_chinese_stays_chinese() {
        assert_eq!(language_of("标准治疗方案包括 9 周 IVIg(普乐复)单药治疗"), "zh");
        assert_eq!(
            language_of("6 名女性 SLEDAI >6,标准治疗失败,接受 1×10 MSCs/kg 的静脉输注。"),
            "zh"
        );
        assert_eq!(
            language_of("B 细胞和 GARP-TGFβ 的变化为 MSC 可能影响疾病的机制提供了新的见解。"),
            "zh"
        );
    }

    #[test]
    fn chinese_brand_name_inside_english_stays_english() {
        assert_eq!(
            language_of("The regimen consisted of IVIg (普乐复) monotherapy for 9 weeks."),
            "en"
        );
    }

    #[test]
    fn short_identifier_with_full_width_period_is_chinese() {
        assert_eq!(language_of("NCT03171194。"), "zh");
        assert_eq!(language_of("NCT03171194."), "en");
    }

    #[test]
    fn other_scripts_and_nothing() {
        assert_eq!(language_of("Пациенты получали лечение"), "ru");
        assert_eq!(language_of("患者さんは治療を受けました"), "ja");
        assert_eq!(language_of("환자들은 치료를 받았다"), "ko");
        assert_eq!(language_of("12, 34."), "und");
        assert_eq!(language_of(""), "und");
    }

    #[test]
    fn latin_languages_by_function_words() {
        assert_eq!(
            language_of(
                "Les patients ont été traités avec le médicament et les résultats sont dans une table pour"
            ),
            "fr"
        );
        assert_eq!(
            language_of(
                "Die Patienten wurden mit dem Medikament behandelt und die Ergebnisse der Studie"
            ),
            "de"
        );
        assert_eq!(
            language_of("Patients were treated with the drug and the results of the study"),
            "en"
        );
    }
}
