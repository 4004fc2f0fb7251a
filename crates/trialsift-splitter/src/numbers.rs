//! Numeric statements of a Chinese segment, for the cross-language check.
//!
//! The validator compares the numbers of a Chinese segment with those of its
//! English pair. This module reads them: Arabic numerals (ASCII or full-width
//! `０`-`９`), decimals written with `.` or `．`, a sign (`-`, `−`, `－`) that
//! stands before a number rather than between two, a percent sign (`%`, `％`)
//! right after, and simple Chinese numerals (`一` … `九`, `两`, `十`, `百`,
//! `千`, `万`) where they quantify (followed by a measure word such as `名`,
//! `例`, `周`, `组`). A range such as `19.6,64.6` or `35.9%至 99.6%` gives two
//! numbers. Digits glued to a Latin letter (`CD27`, `NTR6160`, `ACR2013`)
//! belong to a name and are skipped, as are ordinals (`第三`) and idioms
//! (`一线`, `统一`, `十分`).

use trialsift_domain::{Number, Segment};

/// A number read from a Chinese segment.
#[derive(Debug, Clone, PartialEq)]
pub struct ChineseNumber {
    /// The number: value (sign included), decimals as written, text and byte span in the full document.
    ///
    /// The span and text cover the sign and the numeral only, never the percent sign.
    pub number: Number,
    /// Whether a percent sign (`%` or `％`) follows the number.
    pub percent: bool,
    /// Whether the number was written in Chinese numerals (`两`, `十二`).
    pub chinese_numeral: bool,
}

/// Reads the numbers of one segment of `text`, in order, with spans into `text`.
///
/// Contract: every span lies inside the segment and on UTF-8 boundaries of
/// `text`; `number.text == text[number.start..number.end]`; `value` is finite;
/// `decimals` counts the digits written after the decimal point (0 for
/// integers and Chinese numerals). A segment whose span is not a valid range
/// of `text` gives no numbers. Works on any segment, whatever its language.
pub fn chinese_numbers(text: &str, segment: &Segment) -> Vec<ChineseNumber> {
    let Some(content) = text.get(segment.start..segment.end) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = content.char_indices().collect();
    let mut position = 0;
    while let Some(&(_, c)) = chars.get(position) {
        if let Some(read) = read_arabic(content, &chars, position) {
            position = read.next;
            if let Some(item) = read.into_number(text, segment.start) {
                found.push(item);
            }
            continue;
        }
        if chinese_digit(c).is_some() || c == '十' {
            let (next, item) = read_chinese(content, &chars, position, segment.start);
            position = next.max(position + 1);
            if let Some(item) = item {
                found.push(item);
            }
            continue;
        }
        position += 1;
    }
    found
}

/// An Arabic number found in a segment, before it becomes a [`ChineseNumber`].
struct ArabicRead {
    /// Byte offset in the segment of the first byte (the sign when there is one).
    start: usize,
    /// Byte offset in the segment one past the last digit.
    end: usize,
    /// The number in ASCII, ready to parse.
    ascii: String,
    /// Digits after the decimal point.
    decimals: u8,
    /// Whether a percent sign follows.
    percent: bool,
    /// Index in the char list after the number (and its percent sign).
    next: usize,
    /// Whether the number is glued to a Latin letter before it.
    in_name: bool,
}

impl ArabicRead {
    /// Turns the read into a number with spans into the whole document, unless it belongs to a name.
    fn into_number(self, text: &str, base: usize) -> Option<ChineseNumber> {
        if self.in_name {
            return None;
        }
        let value: f64 = self.ascii.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let start = base + self.start;
        let end = base + self.end;
        let written = text.get(start..end)?.to_owned();
        Some(ChineseNumber {
            number: Number { value, decimals: self.decimals, text: written, start, end },
            percent: self.percent,
            chinese_numeral: false,
        })
    }
}

/// Returns the value of an ASCII or full-width digit.
fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => u8::try_from(u32::from(c) - u32::from('0')).ok(),
        '０'..='９' => u8::try_from(u32::from(c) - u32::from('０')).ok(),
        _ => None,
    }
}

/// Reads an Arabic number starting at `position` (its sign or first digit), if one starts there.
fn read_arabic(content: &str, chars: &[(usize, char)], position: usize) -> Option<ArabicRead> {
    let &(offset, c) = chars.get(position)?;
    let previous = position.checked_sub(1).and_then(|index| chars.get(index)).map(|(_, p)| *p);
    let is_sign = matches!(c, '-' | '−' | '－');
    let mut index = position;
    let mut ascii = String::new();
    if is_sign {
        let next_is_digit =
            chars.get(position + 1).is_some_and(|(_, next)| arabic_digit(*next).is_some());
        // A sign stands before a number, not between two numbers or words ("1-5", "IL-6").
        let stands_alone =
            previous.is_none_or(|p| !(p.is_ascii_alphanumeric() || arabic_digit(p).is_some()));
        if !next_is_digit || !stands_alone {
            return None;
        }
        ascii.push('-');
        index += 1;
    } else if arabic_digit(c).is_none() {
        return None;
    }
    let before_previous = position.checked_sub(2).and_then(|at| chars.get(at)).map(|(_, p)| *p);
    // "CD27", "NTR6160", and "IL-6" (a letter, a hyphen, then the digits) are names.
    let in_name = previous.is_some_and(|p| p.is_ascii_alphabetic() || p == '_')
        || (previous == Some('-') && before_previous.is_some_and(|p| p.is_ascii_alphabetic()));
    let mut decimals: u8 = 0;
    let mut seen_point = false;
    let mut end = offset;
    while let Some(&(at, current)) = chars.get(index) {
        if let Some(digit) = arabic_digit(current) {
            ascii.push(char::from(b'0' + digit));
            if seen_point {
                decimals = decimals.saturating_add(1);
            }
            end = at + current.len_utf8();
            index += 1;
            continue;
        }
        let point = matches!(current, '.' | '．');
        let digit_follows =
            chars.get(index + 1).is_some_and(|(_, next)| arabic_digit(*next).is_some());
        if point && !seen_point && digit_follows {
            ascii.push('.');
            seen_point = true;
            index += 1;
            continue;
        }
        break;
    }
    let mut next = index;
    let mut percent = false;
    if let Some(&(_, after)) = chars.get(index)
        && matches!(after, '%' | '％')
    {
        percent = true;
        next = index + 1;
    }
    debug_assert!(content.is_char_boundary(end));
    Some(ArabicRead { start: offset, end, ascii, decimals, percent, next, in_name })
}

/// Returns the value of a Chinese digit (`零` to `九`, `两`, `〇`).
fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Returns the multiplier a Chinese unit character stands for (`十`, `百`, `千`, `万`).
fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        _ => None?,
    })
}

/// Measure words and units after which a Chinese numeral counts something.
const MEASURE_WORDS: &[char] = &[
    '名', '例', '个', '位', '人', '组', '周', '年', '月', '天', '日', '次', '种', '项', '倍', '期',
    '岁', '剂', '支', '片', '粒', '家', '所', '篇', '只', '份', '类', '型', '级', '度', '小', '分',
    '秒', '克', '毫', '升',
];

/// Words opening with a measure character that are no measure ("十分" very, "一分为二").
fn idiom_after(c: char, next: Option<char>) -> bool {
    matches!((c, next), ('分', Some('为' | '之' | '别' | '析' | '子' | '布' | '类' | '配')))
        || matches!((c, next), ('小', Some(c2)) if c2 != '时')
        || matches!((c, next), ('度', Some('过' | '量')))
}

/// Reads a Chinese numeral starting at `position`; returns where reading stopped and the number, if it quantifies.
fn read_chinese(
    content: &str,
    chars: &[(usize, char)],
    position: usize,
    base: usize,
) -> (usize, Option<ChineseNumber>) {
    let mut index = position;
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    let mut end = position;
    while let Some(&(_, c)) = chars.get(index) {
        if let Some(value) = chinese_digit(c) {
            if digit.is_some() {
                break;
            }
            digit = Some(value);
        } else if let Some(unit) = chinese_unit(c) {
            if unit == 10_000 {
                section = (section + digit.unwrap_or(0)).max(1) * unit;
                total = total.saturating_add(section);
                section = 0;
            } else {
                section = section.saturating_add(digit.unwrap_or(1) * unit);
            }
            digit = None;
        } else {
            break;
        }
        index += 1;
        end = index;
    }
    let value = total.saturating_add(section).saturating_add(digit.unwrap_or(0));
    let Some(&(start_offset, _)) = chars.get(position) else {
        return (index, None);
    };
    let end_offset = chars.get(end).map_or(content.len(), |(offset, _)| *offset);
    let previous = position.checked_sub(1).and_then(|at| chars.get(at)).map(|(_, p)| *p);
    let following = chars.get(end).map(|(_, c)| *c);
    let after_following = chars.get(end + 1).map(|(_, c)| *c);
    let ordinal = previous == Some('第');
    // "唯一", "统一", "同一", "之一", "某一": a part of a word, not a count.
    let word_part =
        previous.is_some_and(|p| matches!(p, '唯' | '统' | '同' | '之' | '某' | '逐' | '单'));
    let quantifies = following.is_some_and(|f| MEASURE_WORDS.contains(&f))
        && !following.is_some_and(|f| idiom_after(f, after_following));
    if ordinal || word_part || !quantifies {
        return (index, None);
    }
    let Some(written) = content.get(start_offset..end_offset) else {
        return (index, None);
    };
    // "十分" means "very".
    if written == "十" && following == Some('分') {
        return (index, None);
    }
    let number = Number {
        value: value as f64,
        decimals: 0,
        text: written.to_owned(),
        start: base + start_offset,
        end: base + end_offset,
    };
    (index, Some(ChineseNumber { number, percent: false, chinese_numeral: true }))
}

#[cfg(test)]
mod tests {
    use trialsift_domain::SegmentKind;

    use super::*;

    fn whole(text: &str) -> Segment {
        Segment {
            lang: "zh".to_owned(),
            kind: SegmentKind::Body,
            start: 0,
            end: text.len(),
            pair: None,
        }
    }

    fn values(text: &str) -> Vec<(f64, u8, bool)> {
        chinese_numbers(text, &whole(text))
            .iter()
            .map(|found| (found.number.value, found.number.decimals, found.percent))
            .collect()
    }

    #[test]
    fn seed_004_proportion_with_clopper_pearson_interval() {
        let text = "8 名患者(8/19=42.0%;Clopper-Pearson 95%CI:19.6,64.6)在 9 周时有至少中度改善。";
        assert_eq!(
            values(text),
            [
                (8.0, 0, false),
                (8.0, 0, false),
                (19.0, 0, false),
                (42.0, 1, true),
                (95.0, 0, true),
                (19.6, 1, false),
                (64.6, 1, false),
                (9.0, 0, false),
            ]
        );
        for found in chinese_numbers(text, &whole(text)) {
            assert_eq!(&text[found.number.start..found.number.end], found.number.text);
        }
    }

    #[test]
    fn seed_004_doses_counts_and_chinese_numerals() {
        let text = "标准治疗方案包括 9 周 IVIg(普乐复)单药治疗:负荷剂量(2g/kg 体重)和随后的两个维持剂量(1g/kg 体重),间隔 3 周。";
        assert_eq!(
            values(text),
            [(9.0, 0, false), (2.0, 0, false), (2.0, 0, false), (1.0, 0, false), (3.0, 0, false)]
        );
        let text = "我们纳入了皮肌炎(n=9)、免疫介导性坏死性肌病(n=6)、非特异性肌炎/重叠肌炎(n=4)和抗合成酶综合征(n=1)患者。";
        assert_eq!(
            values(text),
            [(9.0, 0, false), (6.0, 0, false), (4.0, 0, false), (1.0, 0, false)]
        );
        let text = "一线 IVIg 单药治疗导致近一半患者有至少中度改善,且多数应答者有快速临床应答。";
        assert!(values(text).is_empty(), "一线 and 一半 count nothing");
        let text = "荷兰临床试验注册中心,NTR6160。";
        assert!(values(text).is_empty(), "a registry number is a name");
    }

    #[test]
    fn full_width_digits_negatives_and_spans_in_the_document() {
        let text = "前言。变化为－５．３％,范围 -2.47 至 8。";
        let found = chinese_numbers(text, &whole(text));
        let got: Vec<(f64, u8, bool, &str)> = found
            .iter()
            .map(|n| (n.number.value, n.number.decimals, n.percent, n.number.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [(-5.3, 1, true, "－５．３"), (-2.47, 2, false, "-2.47"), (8.0, 0, false, "8")]
        );
        let document = format!("English first.\n{text}");
        let segment = Segment {
            lang: "zh".to_owned(),
            kind: SegmentKind::Body,
            start: "English first.\n".len(),
            end: document.len(),
            pair: None,
        };
        for found in chinese_numbers(&document, &segment) {
            assert_eq!(&document[found.number.start..found.number.end], found.number.text);
        }
    }

    #[test]
    fn chinese_numerals_that_quantify() {
        assert_eq!(values("两组患者"), [(2.0, 0, false)]);
        assert_eq!(values("共十二例"), [(12.0, 0, false)]);
        assert_eq!(values("二十三名"), [(23.0, 0, false)]);
        assert_eq!(values("一百二十名受试者"), [(120.0, 0, false)]);
        assert_eq!(values("随访三年"), [(3.0, 0, false)]);
        assert!(values("第三组").is_empty());
        assert!(values("十分显著").is_empty());
        assert!(values("唯一的").is_empty());
    }

    #[test]
    fn ranges_and_names() {
        assert_eq!(values("IL-6 水平为 1-5"), [(1.0, 0, false), (5.0, 0, false)]);
        assert_eq!(values("CD27 细胞"), []);
        assert!(
            chinese_numbers(
                "abc",
                &Segment {
                    lang: "zh".to_owned(),
                    kind: SegmentKind::Body,
                    start: 2,
                    end: 9,
                    pair: None
                }
            )
            .is_empty()
        );
    }
}
