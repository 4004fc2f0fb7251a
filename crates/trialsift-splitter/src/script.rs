//! Script counts and the language decision drawn from them.
//!
//! Language is decided script first: the share of Han, kana, Hangul,
//! Cyrillic, ... and Latin letters in a stretch of text. Han characters carry
//! about a word each, so one Han character weighs as much as three Latin
//! letters; an English drug name inside a Chinese sentence therefore does not
//! turn the sentence English, and a Chinese brand name in parentheses does not
//! turn an English sentence Chinese.

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
    pub fn of(text: &str) -> Self {
        let mut counts = Self::default();
        for c in text.chars() {
            counts.add(c);
        }
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
fn stopword_language(word: &str) -> Option<usize> {
    Some(match word {
        "the" | "and" | "of" | "with" | "was" | "were" | "to" | "for" | "is" | "that" | "in"
        | "patients" => 0,
        "le" | "les" | "des" | "et" | "est" | "une" | "dans" | "pour" | "avec" | "du" | "au"
        | "sont" => 1,
        "der" | "die" | "das" | "und" | "mit" | "bei" | "von" | "ist" | "wurde" | "nicht"
        | "eine" | "wurden" => 2,
        "el" | "los" | "las" | "del" | "y" | "con" | "para" | "por" | "fue" | "pacientes"
        | "se" => 3,
        "os" | "não" | "uma" | "com" | "foi" | "em" | "ao" | "dos" | "foram" => 4,
        "il" | "della" | "per" | "sono" | "gli" | "delle" | "pazienti" | "nel" | "alla" | "che" => {
            5
        }
        "het" | "een" | "van" | "met" | "werd" | "werden" | "patiënten" | "niet" | "zijn" => 6,
        _ => return None,
    })
}

/// Words looked at to tell Latin-script languages apart; enough evidence, bounded cost.
const WORDS_LOOKED_AT: usize = 120;

/// Guesses which Latin-script language a stretch is in; English unless another clearly dominates.
fn latin_language(text: &str) -> &'static str {
    let mut hits = [0u32; LATIN_LANGUAGES.len()];
    let mut buffer = String::with_capacity(16);
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty() && word.len() <= 10)
        .take(WORDS_LOOKED_AT);
    for word in words {
        buffer.clear();
        buffer.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(slot) = stopword_language(&buffer).and_then(|index| hits.get_mut(index)) {
            *slot += 1;
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
