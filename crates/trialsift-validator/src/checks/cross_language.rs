//! Cross-language check (design.md check 9): the numbers of a Chinese segment
//! against those of its English pair.
//!
//! Both sides are read the same way, by [`trialsift_splitter::chinese_numbers`]
//! (Arabic digits, ASCII or full-width, decimals, sign, percent sign, Chinese
//! numerals that quantify), plus the English number words `one` to `twenty`.
//! Numbers are compared as multisets of values, so a translation may reorder
//! them and write `42.0` as `42` or `42.0％`.
//!
//! To stay free of false alarms, some numbers are dropped (citation markers in
//! square brackets, ordinals, the base and exponent of `×10^9`) and some are
//! *optional*: they may match a number on the other side, but are never
//! reported when they do not (years, English number words, Chinese numerals,
//! Chinese month numbers). What is reported, as `inconsistent`: an English
//! number whose place in the translation holds another value (changed), an
//! English number absent from the translation (missing), a translation number
//! absent from the English (extra). A pair whose numbers all match gets one
//! `consistent` finding; a pair without numbers gets none.

use trialsift_domain::words::{small_number_word, tens_word};
use trialsift_domain::{Number, Segment, SegmentKind, Verdict};
use trialsift_splitter::chinese_numbers;

use super::{Draft, interval};
use crate::check_names::CROSS_LANGUAGE;

/// More numbers than this in one segment and the order-preserving alignment is skipped.
const MAX_ALIGNED: usize = 400;

/// A number read from one side of a pair.
#[derive(Debug, Clone)]
struct Item {
    /// The number as written (its span excludes the percent sign).
    number: Number,
    /// Whether a percent sign or the word "percent" follows.
    percent: bool,
    /// Whether an unmatched item is reported; optional items only absorb matches.
    required: bool,
}

impl Item {
    /// The number as a reader sees it, with its percent sign.
    fn shown(&self) -> String {
        if self.percent { format!("{}%", self.number.text) } else { self.number.text.clone() }
    }
}

/// Runs the check over every English/Chinese pair of body or title segments.
pub(crate) fn run(text: &str, segments: &[Segment], drafts: &mut Vec<Draft>) {
    for (index, english) in segments.iter().enumerate() {
        if english.lang != "en" || !matches!(english.kind, SegmentKind::Body | SegmentKind::Title) {
            continue;
        }
        let Some(chinese) = english.pair.and_then(|partner| segments.get(partner)) else {
            continue;
        };
        if chinese.lang != "zh"
            || chinese.kind == SegmentKind::Boilerplate
            || chinese.pair != Some(index)
        {
            continue;
        }
        let Some(partner) = english.pair else {
            continue;
        };
        // A translation may move a sentence across a paragraph break: numbers of the
        // neighbouring paragraphs excuse a missing or an extra one.
        let nearby = Nearby {
            english: neighbours(segments, index, "en")
                .flat_map(|segment| read_side(text, segment, Side::English))
                .collect(),
            chinese: neighbours(segments, partner, "zh")
                .flat_map(|segment| read_side(text, segment, Side::Chinese))
                .collect(),
        };
        compare_pair(text, english, chinese, &nearby, drafts);
    }
}

/// Compares the numbers of one pair and pushes its findings.
fn compare_pair(
    text: &str,
    english: &Segment,
    chinese: &Segment,
    nearby: &Nearby,
    drafts: &mut Vec<Draft>,
) {
    let en = read_side(text, english, Side::English);
    let zh = read_side(text, chinese, Side::Chinese);
    if en.is_empty() && zh.is_empty() {
        return;
    }
    let (en_match, zh_match, anchors) = align(&en, &zh);
    let gap = |position: usize, side_anchor: fn(&(usize, usize)) -> usize| {
        anchors.iter().filter(|anchor| side_anchor(anchor) < position).count()
    };
    let en_open: Vec<usize> = (0..en.len()).filter(|&i| en_match[i].is_none()).collect();
    let zh_open: Vec<usize> = (0..zh.len()).filter(|&j| zh_match[j].is_none()).collect();
    let mut reported_en = vec![false; en.len()];
    let mut reported_zh = vec![false; zh.len()];
    let mut found_problem = false;
    let mut problems: Vec<Draft> = Vec::new();
    // Changed: unmatched numbers between the same matched neighbours, as many on each side.
    for slot in 0..=anchors.len() {
        let en_here: Vec<usize> =
            en_open.iter().copied().filter(|&i| gap(i, |a| a.0) == slot).collect();
        let zh_here: Vec<usize> =
            zh_open.iter().copied().filter(|&j| gap(j, |a| a.1) == slot).collect();
        if en_here.is_empty() || en_here.len() != zh_here.len() {
            continue;
        }
        for (&i, &j) in en_here.iter().zip(&zh_here) {
            let (source, target) = (&en[i], &zh[j]);
            // A number word changed only when it counts more than one ("Eight" → "9 名"):
            // "one", "a single", "both" are too often rephrased.
            let counting_word = !source.required && source.number.value >= 3.0;
            if !(source.required || (counting_word && target.required)) {
                continue;
            }
            reported_en[i] = true;
            reported_zh[j] = true;
            found_problem = true;
            let (low, high) = source.number.rounding_interval();
            let explanation = format!(
                "The English text gives {} (\"{}\") where its Chinese translation gives {} (\"{}\"): \
                 the number was changed in translation.",
                source.shown(),
                excerpt(text, &source.number),
                target.shown(),
                excerpt(text, &target.number),
            );
            problems.push(
                Draft::new(
                    CROSS_LANGUAGE,
                    Verdict::Inconsistent,
                    format!("{} → {}", source.shown(), target.shown()),
                    vec![interval("english value", low, high)],
                    explanation,
                    &[&source.number, &target.number],
                )
                .anchored_at(&source.number),
            );
        }
    }
    let zh_quote = quote(text, chinese);
    let en_quote = quote(text, english);
    for &i in &en_open {
        let item = &en[i];
        // Moved to the next paragraph, written as a Chinese numeral the reader skips, kept in a
        // name the reader skips, or a repeat the translation does not repeat.
        let excused =
            nearby.chinese.iter().any(|other| same_value(&item.number, &other.number, true))
                || written_in_chinese(item, chinese.text(text))
                || digits_appear(&item.number, chinese.text(text))
                || zh.iter().any(|other| same_value(&item.number, &other.number, true));
        if reported_en[i] || !item.required || excused {
            continue;
        }
        found_problem = true;
        let (low, high) = item.number.rounding_interval();
        let explanation = format!(
            "The English text gives {} (\"{}\"), which its Chinese translation (\"{}\") does not: \
             the number is missing from the translation.",
            item.shown(),
            excerpt(text, &item.number),
            zh_quote,
        );
        problems.push(Draft::new(
            CROSS_LANGUAGE,
            Verdict::Inconsistent,
            format!("{} missing in Chinese", item.shown()),
            vec![interval("english value", low, high)],
            explanation,
            &[&item.number],
        ));
    }
    for &j in &zh_open {
        let item = &zh[j];
        let excused =
            nearby.english.iter().any(|other| same_value(&item.number, &other.number, true))
                || digits_appear(&item.number, english.text(text))
                || en.iter().any(|other| same_value(&item.number, &other.number, true));
        if reported_zh[j] || !item.required || excused {
            continue;
        }
        found_problem = true;
        let explanation = format!(
            "The Chinese translation gives {} (\"{}\"), which its English text (\"{}\") does not: \
             the translation has an extra number.",
            item.shown(),
            excerpt(text, &item.number),
            en_quote,
        );
        problems.push(Draft::new(
            CROSS_LANGUAGE,
            Verdict::Inconsistent,
            format!("extra {} in Chinese", item.shown()),
            Vec::new(),
            explanation,
            &[&item.number],
        ));
    }
    let matched = (0..en.len())
        .filter(|&i| en_match[i].is_some_and(|j| en[i].required || zh[j].required))
        .count();
    let anchor = Number {
        value: 0.0,
        decimals: 0,
        text: String::new(),
        start: english.start,
        end: english.start,
    };
    if found_problem && matched < 2 * problems.len() {
        // Not twice as many agreements as disagreements: likely not a translation of each other.
        let explanation = format!(
            "The English text (\"{en_quote}\") and the Chinese text paired with it (\"{zh_quote}\") \
             share {} and disagree on {}: too few in common to compare them as a translation \
             (the pairing may be wrong).",
            count_numbers(matched, false),
            problems.len()
        );
        drafts.push(
            Draft::new(
                CROSS_LANGUAGE,
                Verdict::NotCheckable,
                format!("{}, {} differ", matches_phrase(matched), problems.len()),
                Vec::new(),
                explanation,
                &[],
            )
            .anchored_at(&anchor),
        );
        return;
    }
    drafts.extend(problems);
    if !found_problem && matched > 0 {
        let numbers: Vec<&Number> = en.iter().chain(&zh).map(|item| &item.number).collect();
        let explanation = format!(
            "{} of the English text (\"{en_quote}\") appear in its Chinese translation \
             (\"{zh_quote}\"), and the translation adds none.",
            count_numbers(matched, true),
        );
        drafts.push(
            Draft::new(
                CROSS_LANGUAGE,
                Verdict::Consistent,
                matches_phrase(matched),
                Vec::new(),
                explanation,
                &numbers,
            )
            .anchored_at(&anchor),
        );
    }
}

/// "1 number matches" / "7 numbers match".
fn matches_phrase(count: usize) -> String {
    if count == 1 { "1 number matches".to_owned() } else { format!("{count} numbers match") }
}

/// "The one number" / "All 7 numbers" (capitalized), or "1 number" / "7 numbers".
fn count_numbers(count: usize, sentence: bool) -> String {
    match (count, sentence) {
        (1, true) => "The one number".to_owned(),
        (1, false) => "1 number".to_owned(),
        (_, true) => format!("All {count} numbers"),
        (_, false) => format!("{count} numbers"),
    }
}

/// The numbers of the paragraphs next to a pair, on each side.
struct Nearby {
    /// Numbers of the English paragraphs before and after the English one.
    english: Vec<Item>,
    /// Numbers of the Chinese paragraphs before and after the Chinese one.
    chinese: Vec<Item>,
}

/// The nearest segments of a language before and after `index` that are not boilerplate.
fn neighbours<'a>(
    segments: &'a [Segment],
    index: usize,
    lang: &'a str,
) -> impl Iterator<Item = &'a Segment> + 'a {
    let usable =
        move |segment: &&Segment| segment.lang == lang && segment.kind != SegmentKind::Boilerplate;
    let before = segments.get(..index).unwrap_or(&[]).iter().rev().find(usable);
    let after = segments.get(index + 1..).unwrap_or(&[]).iter().find(usable);
    before.into_iter().chain(after)
}

/// Whether a small whole English number shows in the Chinese text as a Chinese numeral the
/// reader skipped ("the 2 models", "两模型").
fn written_in_chinese(item: &Item, chinese: &str) -> bool {
    const NUMERALS: [&str; 11] =
        ["零〇", "一", "二两", "三", "四", "五", "六", "七", "八", "九", "十"];
    let value = item.number.value.abs();
    if item.number.decimals != 0 || value.fract() != 0.0 || value > 10.0 {
        return false;
    }
    // The cast is exact: a whole number from 0 to 10.
    NUMERALS
        .get(value as usize)
        .is_some_and(|characters| chinese.chars().any(|c| characters.contains(c)))
}

/// Whether the digits of a number appear in a text as a whole run of digits, where the reader
/// did not take them for a number (glued to a name as in "of-4.94").
fn digits_appear(number: &Number, text: &str) -> bool {
    let digits: String = number
        .text
        .chars()
        .map(|c| match c {
            '．' => '.',
            c if is_full_width_digit(c) => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            c => c,
        })
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.is_empty() {
        return false;
    }
    let folded: String = text
        .chars()
        .map(|c| match c {
            '．' => '.',
            c if is_full_width_digit(c) => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    folded.match_indices(&digits).any(|(at, found)| {
        let before = folded.get(..at).and_then(|head| head.chars().next_back());
        let after = folded.get(at + found.len()..).and_then(|tail| tail.chars().next());
        let digit_or_point = |c: char| c.is_ascii_digit() || c == '.';
        !before.is_some_and(digit_or_point) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Which side of a pair a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    English,
    Chinese,
}

/// Reads the numbers of a segment, with the dropped ones left out and the optional ones marked.
fn read_side(text: &str, segment: &Segment, side: Side) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let read = chinese_numbers(text, segment);
    let mut skip_next = false;
    for (position, found) in read.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let mut number = found.number.clone();
        let mut percent = found.percent;
        let before = text.get(..number.start).unwrap_or("");
        let after = text.get(number.end..).unwrap_or("");
        // ".05" is read as 5: give it back its leading point.
        if let Some(stem) = before.strip_suffix(['.', '．'])
            && !stem.ends_with(|c: char| c.is_ascii_digit() || is_full_width_digit(c))
            && !found.chinese_numeral
            && number.value >= 0.0
            && let Ok(value) = format!("0.{}", ascii_digits(&number.text)).parse::<f64>()
        {
            number.value = value;
            number.decimals = u8::try_from(ascii_digits(&number.text).len()).unwrap_or(u8::MAX);
        }
        // "1,234": a thousands group glued to the number.
        if number.decimals == 0
            && (1..=3).contains(&integer_digits(&number.text))
            && let Some(next) = read.get(position + 1)
            && let Some(offset) = thousands_separator(after)
            && next.number.start == number.end + offset
            && !next.chinese_numeral
            && next.number.value >= 0.0
            && integer_digits(&next.number.text) == 3
            && let Some(end) = Some(next.number.end)
            && let Some(written) = text.get(number.start..end)
        {
            number.value = number.value * 1000.0 + next.number.value;
            number.decimals = next.number.decimals;
            number.text = written.to_owned();
            number.end = end;
            percent = next.percent;
            skip_next = true;
        }
        let after = text.get(number.end..).unwrap_or("");
        if side == Side::English && after.trim_start().to_ascii_lowercase().starts_with("percent") {
            percent = true;
        }
        if side == Side::Chinese && !found.chinese_numeral {
            if after.trim_start().starts_with('万') {
                number.value *= 10_000.0;
            } else if after.trim_start().starts_with('亿') {
                number.value *= 100_000_000.0;
            }
        }
        if dropped(before, after, &number) {
            continue;
        }
        let is_year = !percent
            && number.decimals == 0
            && (1900.0..=2100.0).contains(&number.value)
            && number.text.chars().count() == 4;
        let is_month = side == Side::Chinese && before_month(after);
        // "１例" for "a case": a translation often writes the article as 1.
        let is_one = side == Side::Chinese && number.value == 1.0 && number.decimals == 0;
        let required = !(found.chinese_numeral
            || is_year
            || is_month
            || is_one
            || loosely_translated(before, after, side));
        items.push(Item { number, percent, required });
    }
    if side == Side::English {
        items.extend(number_words(text, segment));
        items.sort_by_key(|item| item.number.start);
    }
    items
}

/// Whether a Chinese number stands before `月`, alone or opening a range ("3月", "0-2 月").
fn before_month(after: &str) -> bool {
    let mut rest = after.trim_start();
    if let Some(tail) = rest.strip_prefix(['-', '－', '~', '～', '—', '–', '至', '到']) {
        let tail = tail.trim_start();
        let digits = tail
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || is_full_width_digit(*c))
            .last()
            .map(|(at, c)| at + c.len_utf8());
        if let Some(end) = digits {
            rest = tail.get(end..).unwrap_or("").trim_start();
        }
    }
    rest.starts_with('月')
}

/// Month names, whose day numbers a translation writes with `日`.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a translation often rewrites the number: dates, centuries and decades, versions,
/// trial phases.
fn loosely_translated(before: &str, after: &str, side: Side) -> bool {
    let after_trimmed = after.trim_start();
    match side {
        Side::Chinese => {
            // "5-羟色胺": a chemical name, often kept as "5-HT" or translated as a word.
            let name = after_trimmed
                .strip_prefix(['-', '－'])
                .is_some_and(|rest| rest.trim_start().starts_with(is_han));
            let day = before.trim_end().ends_with('月');
            name || day
                || ["世纪", "世紀", "年代", "日", "号", "號", "版", "期"]
                    .iter()
                    .any(|word| after_trimmed.starts_with(word))
        }
        Side::English => {
            let previous_word = last_word(before).to_ascii_lowercase();
            let next_word: String = after_trimmed
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect::<String>()
                .to_ascii_lowercase();
            let month =
                |word: &str| word.len() >= 3 && MONTHS.iter().any(|month| month.starts_with(word));
            month(&previous_word)
                || month(&next_word)
                || matches!(previous_word.as_str(), "phase" | "version" | "manager")
        }
    }
}

/// Whether a character is a CJK ideograph.
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The last run of ASCII letters before a number, skipping spaces.
fn last_word(before: &str) -> &str {
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic())
        .last()
        .map_or(trimmed.len(), |(at, _)| at);
    trimmed.get(start..).unwrap_or("")
}

/// Whether a number is a citation marker, an ordinal, part of a power of ten or of a name
/// (`χ2`, `IFN-λ1`, `3T3`).
fn dropped(before: &str, after: &str, number: &Number) -> bool {
    let before_trimmed = before.trim_end();
    let greek = before.chars().next_back().is_some_and(|c| ('\u{370}'..='\u{3ff}').contains(&c));
    let mut tail = after.chars();
    let glued_name = tail.next().is_some_and(|c| c.is_ascii_uppercase())
        && tail.next().is_some_and(|c| c.is_ascii_digit() || is_full_width_digit(c));
    // "[12]", "[3, 4]", "[5-7]": a reference list, nothing but numbers inside the brackets.
    let reference_part = |c: char| c.is_ascii_digit() || matches!(c, ',' | '，' | '-' | '–' | ' ');
    let in_brackets = before.rfind(['[', '［']).is_some_and(|open| {
        let inside_before = before.get(open..).unwrap_or("").chars().skip(1);
        let inside_after = after.find([']', '］']).and_then(|close| after.get(..close));
        inside_after.is_some_and(|inside| inside.chars().all(reference_part))
            && inside_before.clone().all(reference_part)
    });
    let lower_after = after.to_ascii_lowercase();
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|suffix| {
        lower_after.starts_with(suffix)
            && !lower_after[suffix.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
    }) || before_trimmed.ends_with('第');
    // "1 × 10^9/L", "1×10(9)": the base and its exponent are notation.
    let base = number.text == "10" && before_trimmed.ends_with(['×', '*', 'x', 'X', '·']);
    let exponent = {
        let stem = before_trimmed.trim_end_matches(['^', '(', '（']);
        stem.len() < before_trimmed.len() && stem.trim_end().ends_with("10")
    };
    greek || glued_name || in_brackets || ordinal || base || exponent
}

/// English number words one to nineteen, the tens and their compounds ("fifty-one"), as
/// optional items.
fn number_words(text: &str, segment: &Segment) -> Vec<Item> {
    let content = segment.text(text);
    let unit = |word: &str| small_number_word(word).filter(|value| *value > 0);
    // Words: runs of ASCII letters with their byte offsets in the segment.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in content.char_indices().chain(std::iter::once((content.len(), ' '))) {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((from, content.get(from..at).unwrap_or("")));
                start = None;
            }
            _ => {}
        }
    }
    let mut items = Vec::new();
    let mut index = 0;
    while let Some(&(from, word)) = words.get(index) {
        index += 1;
        let (value, end) = if let Some(tens) = tens_word(word) {
            let mut value = tens;
            let mut end = from + word.len();
            // "fifty-one"
            if let Some(&(next_from, next)) = words.get(index)
                && next_from == end + 1
                && content.get(end..next_from) == Some("-")
                && let Some(units) = unit(next).filter(|units| *units <= 9)
            {
                value += units;
                end = next_from + next.len();
                index += 1;
            }
            (value, end)
        } else if let Some(units) = unit(word) {
            (units, from + word.len())
        } else if let Some(value) = match word.to_ascii_lowercase().as_str() {
            "once" | "single" => Some(1),
            "twice" | "both" | "double" => Some(2),
            _ => None,
        } {
            (value, from + word.len())
        } else {
            continue;
        };
        let start = segment.start + from;
        let number = Number {
            value: value as f64,
            decimals: 0,
            text: content.get(from..end).unwrap_or(word).to_owned(),
            start,
            end: segment.start + end,
        };
        items.push(Item { number, percent: false, required: false });
    }
    items
}

/// Whether two values are the same number, as written or once the more precise one is rounded.
fn same_value(a: &Number, b: &Number, exact: bool) -> bool {
    let scale = a.value.abs().max(b.value.abs()).max(1.0);
    if (a.value.abs() - b.value.abs()).abs() <= 1e-9 * scale {
        return true;
    }
    if exact {
        return false;
    }
    let (coarse, fine) = if a.decimals <= b.decimals { (a, b) } else { (b, a) };
    let factor = 10f64.powi(i32::from(coarse.decimals));
    ((fine.value.abs() * factor).round() - coarse.value.abs() * factor).abs() < 1e-6
}

/// One matched pair: (English index, Chinese index).
type Anchor = (usize, usize);

/// Matches the numbers of both sides: first an order-preserving alignment (the anchors that
/// place changed numbers), then any remaining equal values, preferring required numbers.
fn align(en: &[Item], zh: &[Item]) -> (Vec<Option<usize>>, Vec<Option<usize>>, Vec<Anchor>) {
    let mut en_match = vec![None; en.len()];
    let mut zh_match = vec![None; zh.len()];
    let mut anchors = Vec::new();
    if en.len() <= MAX_ALIGNED && zh.len() <= MAX_ALIGNED {
        // Longest common subsequence of exactly equal values.
        let (n, m) = (en.len(), zh.len());
        let mut table = vec![vec![0u16; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i][j] = if same_value(&en[i].number, &zh[j].number, true) {
                    table[i + 1][j + 1] + 1
                } else {
                    table[i + 1][j].max(table[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if same_value(&en[i].number, &zh[j].number, true)
                && table[i][j] == table[i + 1][j + 1] + 1
            {
                en_match[i] = Some(j);
                zh_match[j] = Some(i);
                anchors.push((i, j));
                i += 1;
                j += 1;
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    for exact in [true, false] {
        for (en_required, zh_required) in
            [(true, true), (true, false), (false, true), (false, false)]
        {
            for i in 0..en.len() {
                if en_match[i].is_some() || en[i].required != en_required {
                    continue;
                }
                let partner = (0..zh.len()).find(|&j| {
                    zh_match[j].is_none()
                        && zh[j].required == zh_required
                        && same_value(&en[i].number, &zh[j].number, exact)
                });
                if let Some(j) = partner {
                    en_match[i] = Some(j);
                    zh_match[j] = Some(i);
                }
            }
        }
    }
    // A required number left open while an optional one of the same value took its partner
    // ("one infusion of 1×10"): give the partner to the required one.
    repair(en, zh, &mut en_match, &mut zh_match, &mut anchors, |anchor| anchor.0);
    repair(zh, en, &mut zh_match, &mut en_match, &mut anchors, |anchor| anchor.1);
    (en_match, zh_match, anchors)
}

/// Moves matches from optional items of `side` to open required items of the same value.
fn repair(
    side: &[Item],
    other: &[Item],
    side_match: &mut [Option<usize>],
    other_match: &mut [Option<usize>],
    anchors: &mut Vec<Anchor>,
    anchor_index: fn(&Anchor) -> usize,
) {
    for open in 0..side.len() {
        if side_match[open].is_some() || !side[open].required {
            continue;
        }
        let donor = (0..side.len()).find(|&k| {
            !side[k].required
                && side_match[k].is_some_and(|partner| {
                    other
                        .get(partner)
                        .is_some_and(|item| same_value(&side[open].number, &item.number, true))
                })
        });
        if let Some(donor) = donor
            && let Some(partner) = side_match[donor].take()
        {
            side_match[open] = Some(partner);
            if let Some(slot) = other_match.get_mut(partner) {
                *slot = Some(open);
            }
            anchors.retain(|anchor| anchor_index(anchor) != donor);
        }
    }
}

/// The ASCII digits of a written number (full-width ones folded).
fn ascii_digits(written: &str) -> String {
    written
        .chars()
        .filter_map(|c| {
            if c.is_ascii_digit() {
                Some(c)
            } else if is_full_width_digit(c) {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0'))
            } else {
                None
            }
        })
        .collect()
}

/// The digits before the decimal point of a written number, or 0 when it has none.
fn integer_digits(written: &str) -> usize {
    let whole = written.split(['.', '．']).next().unwrap_or("");
    let digits = ascii_digits(whole).len();
    if digits == whole.chars().count() { digits } else { 0 }
}

/// Whether a character is a full-width digit.
fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Returns the byte length of the separator when `after` opens with a thousands separator
/// (`,`, or a space as in "300 000" and "１ ６１５").
fn thousands_separator(after: &str) -> Option<usize> {
    let separator = after.chars().next()?;
    matches!(separator, ',' | ' ' | '\u{a0}' | '\u{2009}').then_some(separator.len_utf8())
}

/// A short excerpt of the text around a number, on character boundaries.
fn excerpt(text: &str, number: &Number) -> String {
    const AROUND: usize = 24;
    let mut start = number.start.min(text.len());
    for _ in 0..AROUND {
        match text.get(..start).and_then(|head| head.chars().next_back()) {
            Some(c) if c != '\n' => start -= c.len_utf8(),
            _ => break,
        }
    }
    let mut end = number.end.min(text.len());
    for _ in 0..AROUND {
        match text.get(end..).and_then(|tail| tail.chars().next()) {
            Some(c) if c != '\n' => end += c.len_utf8(),
            _ => break,
        }
    }
    let snippet = text.get(start..end).unwrap_or("").trim();
    format!("…{snippet}…")
}

/// The start of a segment, for the explanation.
fn quote(text: &str, segment: &Segment) -> String {
    const LENGTH: usize = 60;
    let content = segment.text(text).trim();
    let mut cut: String = content.chars().take(LENGTH).collect();
    if content.chars().count() > LENGTH {
        cut.push('…');
    }
    cut.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a document of an English paragraph and its Chinese translation, paired.
    fn pair(english: &str, chinese: &str) -> (String, Vec<Segment>) {
        let text = format!("{english}\n\n{chinese}");
        let zh_start = english.len() + 2;
        let segments = vec![
            Segment {
                lang: "en".to_owned(),
                kind: SegmentKind::Body,
                start: 0,
                end: english.len(),
                pair: Some(1),
            },
            Segment {
                lang: "zh".to_owned(),
                kind: SegmentKind::Body,
                start: zh_start,
                end: text.len(),
                pair: Some(0),
            },
        ];
        (text, segments)
    }

    fn findings(english: &str, chinese: &str) -> Vec<trialsift_domain::Finding> {
        let (text, segments) = pair(english, chinese);
        let mut drafts = Vec::new();
        run(&text, &segments, &mut drafts);
        drafts.into_iter().map(|draft| draft.finding).collect()
    }

    fn problems(english: &str, chinese: &str) -> Vec<String> {
        findings(english, chinese)
            .into_iter()
            .filter(|finding| finding.verdict == Verdict::Inconsistent)
            .map(|finding| finding.reported)
            .collect()
    }

    const SEED_004_EN: &str = "Eight patients (8/19 = 42.0%; Clopper-Pearson 95% CI: 19.6, 64.6) \
                               showed at least moderate improvement at 9 weeks.";
    const SEED_004_ZH: &str =
        "8 名患者(8/19=42.0%;Clopper-Pearson 95%CI:19.6,64.6)在 9 周时有至少中度改善。";

    #[test]
    fn a_faithful_translation_is_consistent() {
        let found = findings(SEED_004_EN, SEED_004_ZH);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].verdict, Verdict::Consistent);
        assert_eq!(found[0].check, CROSS_LANGUAGE);
    }

    #[test]
    fn formatting_differences_are_tolerated() {
        let english = "Response was 42% in 1,200 patients (p < .05); Hb 1 × 10^9/L [12] \
                       in 2019, the 3rd visit.";
        let chinese = "应答率为 42.0％,共 1200 名患者(P<0.05);Hb 1×10⁹/L,2019 年,第三次访视。";
        assert!(problems(english, chinese).is_empty(), "{:#?}", findings(english, chinese));
    }

    #[test]
    fn a_changed_number_is_flagged_with_both_sides() {
        let chinese = SEED_004_ZH.replace("42.0%", "41.0%");
        let found = findings(SEED_004_EN, &chinese);
        let changed: Vec<_> =
            found.iter().filter(|finding| finding.verdict == Verdict::Inconsistent).collect();
        assert_eq!(changed.len(), 1, "{found:#?}");
        assert_eq!(changed[0].reported, "42.0% → 41.0%");
        assert!(changed[0].explanation.contains("changed"), "{}", changed[0].explanation);
        assert!(changed[0].explanation.contains("8/19 = 42.0%"), "{}", changed[0].explanation);
        assert!(changed[0].explanation.contains("8/19=41.0%"), "{}", changed[0].explanation);
        assert_eq!(changed[0].spans.len(), 2);
    }

    #[test]
    fn a_count_written_in_words_then_changed_is_flagged() {
        let chinese = SEED_004_ZH.replacen("8 名", "9 名", 1);
        assert_eq!(problems(SEED_004_EN, &chinese), ["Eight → 9"]);
    }

    #[test]
    fn a_dropped_number_is_missing() {
        let chinese = SEED_004_ZH.replace("在 9 周时", "");
        assert_eq!(problems(SEED_004_EN, &chinese), ["9 missing in Chinese"]);
    }

    #[test]
    fn an_added_number_is_extra() {
        let chinese = SEED_004_ZH.replace("至少中度改善", "至少中度改善,持续 12 个月");
        assert_eq!(problems(SEED_004_EN, &chinese), ["extra 12 in Chinese"]);
    }

    #[test]
    fn identifiers_and_boilerplate_are_ignored() {
        assert!(
            problems("Registered as NCT01234567; CD27 cells.", "注册号 NCT01234567;CD27 细胞。")
                .is_empty()
        );
        let (text, mut segments) = pair("Read 2 times.", "阅读:5");
        segments[1].kind = SegmentKind::Boilerplate;
        let mut drafts = Vec::new();
        run(&text, &segments, &mut drafts);
        assert!(drafts.is_empty());
    }

    #[test]
    fn thousands_words_and_chinese_units_match() {
        let english = "Fifty-one patients and 300 000 people; 1,615 bands in twelve weeks.";
        let chinese = "51 例患者与 30 万人;1 615 条条带,十二周。";
        assert!(problems(english, chinese).is_empty(), "{:#?}", findings(english, chinese));
    }

    #[test]
    fn an_optional_word_gives_its_match_to_a_required_number() {
        let english = "Six women received one infusion of 1 dose at 20 weeks.";
        let chinese = "6 名女性在 20 周接受了 1 剂输注。";
        assert!(problems(english, chinese).is_empty(), "{:#?}", findings(english, chinese));
    }

    #[test]
    fn a_pair_with_more_disagreement_than_agreement_is_not_checkable() {
        let english = "At 12 weeks, 45 patients responded (p = 0.03).";
        let chinese = "共纳入 88 名患者,随访 24 周,其中 12 例出现不良事件。";
        let found = findings(english, chinese);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].verdict, Verdict::NotCheckable);
        assert!(found[0].explanation.contains("pairing may be wrong"), "{}", found[0].explanation);
    }

    #[test]
    fn a_sentence_moved_to_the_next_paragraph_is_not_missing() {
        let english = "We enrolled 40 patients at 3 sites over 24 months; 12 withdrew.";
        let chinese = "我们在 3 个中心 24 个月内纳入了 40 名患者。";
        let next_english = "Results follow.";
        let next_chinese = "12 名患者退出。";
        let text = format!("{english}\n\n{next_english}\n\n{chinese}\n\n{next_chinese}");
        let at = |part: &str| text.find(part).unwrap_or(0);
        let segment = |lang: &str, part: &str, pair: Option<usize>| Segment {
            lang: lang.to_owned(),
            kind: SegmentKind::Body,
            start: at(part),
            end: at(part) + part.len(),
            pair,
        };
        let segments = vec![
            segment("en", english, Some(2)),
            segment("en", next_english, None),
            segment("zh", chinese, Some(0)),
            segment("zh", next_chinese, None),
        ];
        let mut drafts = Vec::new();
        run(&text, &segments, &mut drafts);
        let verdicts: Vec<Verdict> = drafts.iter().map(|draft| draft.finding.verdict).collect();
        assert_eq!(verdicts, [Verdict::Consistent]);
    }

    #[test]
    fn spans_point_at_the_numbers() {
        let chinese = SEED_004_ZH.replace("42.0%", "41.0%");
        let (text, _) = pair(SEED_004_EN, &chinese);
        let found = findings(SEED_004_EN, &chinese);
        let changed = found
            .iter()
            .find(|finding| finding.verdict == Verdict::Inconsistent)
            .unwrap_or_else(|| panic!("{found:#?}"));
        let written: Vec<&str> =
            changed.spans.iter().map(|span| text.get(span[0]..span[1]).unwrap_or("")).collect();
        assert_eq!(written, ["42.0", "41.0"]);
    }
}
