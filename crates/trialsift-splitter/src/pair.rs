//! Pairs English paragraphs with the Chinese paragraphs that translate them.
//!
//! Translations keep the order of the original, so the pairing is a
//! monotonic alignment (dynamic programming, as in Gale–Church) of the English
//! and the Chinese segments. Each candidate pair is scored on three signals: the
//! numbers both carry, the Latin abbreviations the Chinese keeps from the
//! English, and the length ratio (a Chinese translation has about a third of
//! the characters of its English source); a kind mismatch costs a lot.

use trialsift_domain::{Segment, SegmentKind};

/// What the pairing needs to know about one segment.
struct Profile {
    /// Index of the segment in the document's segment list.
    index: usize,
    /// The segment's kind.
    kind: SegmentKind,
    /// Hashes of the numbers written in the segment (digits and point, number words as their value), sorted.
    numbers: Vec<u64>,
    /// Hashes of the segment's Latin words of two letters or more, lowercased, sorted and deduplicated.
    words: Vec<u64>,
    /// Characters that are not whitespace.
    length: f64,
}

/// Expected ratio of Chinese to English non-whitespace characters in a translation.
const EXPECTED_RATIO: f64 = 0.38;
/// Score a candidate pair must pass to be paired.
const THRESHOLD: f64 = 0.6;
/// Largest alignment table (English times Chinese segments) built in full.
const MAX_CELLS: usize = 4_000_000;
/// How many Chinese segments ahead the fallback looks for a partner.
const WINDOW: usize = 8;

/// Sets `pair` on English and Chinese segments that translate each other.
pub(crate) fn pair_translations(text: &str, segments: &mut [Segment]) {
    let paired_kind = |segment: &Segment, lang: &str| {
        segment.kind != SegmentKind::Boilerplate && segment.lang == lang
    };
    // Profiles cost a pass over the text: build them only when both languages are there.
    let has_english = segments.iter().any(|segment| paired_kind(segment, "en"));
    let has_chinese = segments.iter().any(|segment| paired_kind(segment, "zh"));
    if !has_english || !has_chinese {
        return;
    }
    let mut english = Vec::new();
    let mut chinese = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if paired_kind(segment, "en") {
            english.push(profile(index, segment, text));
        } else if paired_kind(segment, "zh") {
            chinese.push(profile(index, segment, text));
        }
    }
    let aligned = if english.len().saturating_mul(chinese.len()) <= MAX_CELLS {
        align(&english, &chinese)
    } else {
        align_greedy(&english, &chinese)
    };
    let pairs = fill_gaps(&english, &chinese, &aligned);
    for (english_position, chinese_position) in pairs {
        let (Some(english_profile), Some(chinese_profile)) =
            (english.get(english_position), chinese.get(chinese_position))
        else {
            continue;
        };
        let (english_index, chinese_index) = (english_profile.index, chinese_profile.index);
        if let Some(segment) = segments.get_mut(english_index) {
            segment.pair = Some(chinese_index);
        }
        if let Some(segment) = segments.get_mut(chinese_index) {
            segment.pair = Some(english_index);
        }
    }
}

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Adds one byte to an FNV-1a hash.
fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// A number or word being read, as its hash and length.
#[derive(Clone, Copy)]
struct Token {
    /// FNV-1a hash of the bytes read so far.
    hash: u64,
    /// Bytes read so far.
    length: usize,
    /// Whether a decimal point has been read (numbers only).
    has_point: bool,
}

impl Token {
    /// A token with nothing read yet.
    const EMPTY: Token = Token { hash: FNV_OFFSET, length: 0, has_point: false };

    /// Reads one more byte.
    fn push(&mut self, byte: u8) {
        self.hash = fnv(self.hash, byte);
        self.length += 1;
    }
}

/// Builds the profile of one segment.
///
/// Reads bytes, not chars: digits are ASCII or full-width (`EF BC 90`..`99`),
/// a decimal point is `.`, `·` or `．`, words are runs of ASCII letters (hashed
/// a word at a time), and the length counts the bytes that start a character
/// other than ASCII whitespace.
fn profile(index: usize, segment: &Segment, text: &str) -> Profile {
    let bytes = segment.text(text).as_bytes();
    let mut numbers = Vec::new();
    let mut words = Vec::new();
    let mut number = Token::EMPTY;
    let mut pending_point = false;
    let mut length = 0usize;
    let mut position = 0;
    while let Some(&byte) = bytes.get(position) {
        // Han characters U+5000 to U+9FFF, most of a Chinese text: counted, and they end any number.
        if (0xE5..=0xE9).contains(&byte) {
            if number.length > 0 {
                numbers.push(number.hash);
                number = Token::EMPTY;
                pending_point = false;
            }
            length += 1;
            position += 3;
            continue;
        }
        if byte.is_ascii_alphabetic() {
            let word_end = bytes
                .get(position..)
                .and_then(|rest| rest.iter().position(|b| !b.is_ascii_alphabetic()))
                .map_or(bytes.len(), |offset| position + offset);
            let word = bytes.get(position..word_end).unwrap_or_default();
            if number.length > 0 {
                numbers.push(number.hash);
                number = Token::EMPTY;
                pending_point = false;
            }
            if let Some(value) = number_word(word) {
                numbers.push(number_hash(value));
            }
            if word.len() >= 2 {
                words.push(word_hash(word));
            }
            length += word.len();
            position = word_end;
            continue;
        }
        let (digit, point, width) = match byte {
            b'0'..=b'9' => (Some(byte), false, 1),
            b'.' => (None, true, 1),
            0xC2 if bytes.get(position + 1) == Some(&0xB7) => (None, true, 2),
            0xEF if bytes.get(position + 1) == Some(&0xBC) => match bytes.get(position + 2) {
                Some(&last @ 0x90..=0x99) => (Some(b'0' + (last - 0x90)), false, 3),
                Some(&0x8E) => (None, true, 3),
                _ => (None, false, 3),
            },
            _ => (None, false, utf8_width(byte)),
        };
        if !byte.is_ascii_whitespace() {
            length += 1;
        }
        if let Some(digit) = digit {
            if pending_point {
                number.push(b'.');
                number.has_point = true;
                pending_point = false;
            }
            number.push(digit);
        } else if point && number.length > 0 && !number.has_point && !pending_point {
            pending_point = true;
        } else if number.length > 0 {
            numbers.push(number.hash);
            number = Token::EMPTY;
            pending_point = false;
        }
        position += width;
    }
    if number.length > 0 {
        numbers.push(number.hash);
    }
    numbers.sort_unstable();
    words.sort_unstable();
    words.dedup();
    Profile { index, kind: segment.kind, numbers, words, length: length as f64 }
}

/// Returns how many bytes the UTF-8 character starting with `byte` takes (1 for a stray byte).
fn utf8_width(byte: u8) -> usize {
    match byte {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Hashes a number's value as its digits would hash, so "six" matches "6".
fn number_hash(value: u8) -> u64 {
    let mut token = Token::EMPTY;
    if value >= 10 {
        token.push(b'0' + value / 10);
    }
    token.push(b'0' + value % 10);
    token.hash
}

/// Hashes a word of ASCII letters, case-insensitively, eight bytes at a time.
fn word_hash(word: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET ^ (word.len() as u64);
    for chunk in word.chunks(8) {
        let mut lane = [0u8; 8];
        for (slot, byte) in lane.iter_mut().zip(chunk) {
            *slot = byte | 0x20;
        }
        hash = (hash ^ u64::from_le_bytes(lane)).wrapping_mul(FNV_PRIME).rotate_left(29);
    }
    hash
}

/// Returns the value of an English number word (one to nineteen, and the tens to ninety).
fn number_word(word: &[u8]) -> Option<u8> {
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    let mut lower = [0u8; 9];
    for (slot, byte) in lower.iter_mut().zip(word) {
        *slot = byte | 0x20;
    }
    Some(match lower.get(..word.len())? {
        b"zero" => 0,
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        _ => return None,
    })
}

/// Counts the elements two sorted lists share, with multiplicity.
fn shared<T: Ord>(left: &[T], right: &[T]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while let (Some(a), Some(b)) = (left.get(i), right.get(j)) {
        match a.cmp(b) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Scores how likely a Chinese segment translates an English one.
fn score(english: &Profile, chinese: &Profile) -> f64 {
    let numbers = match (english.numbers.len(), chinese.numbers.len()) {
        (0, 0) => 0.3,
        (0, n) | (n, 0) => -0.25 * (n.min(3) as f64),
        (a, b) => 2.0 * shared(&english.numbers, &chinese.numbers) as f64 / (a + b) as f64,
    };
    let words = if chinese.words.is_empty() {
        0.0
    } else {
        shared(&chinese.words, &english.words) as f64 / chinese.words.len() as f64
    };
    let ratio = (chinese.length.max(1.0) / english.length.max(1.0)) / EXPECTED_RATIO;
    let length = 1.0 - ratio.ln().abs();
    let kind = if english.kind == chinese.kind {
        match english.kind {
            SegmentKind::Title | SegmentKind::Registry => 1.0,
            _ => 0.5,
        }
    } else {
        -1.5
    };
    length + 2.0 * numbers + 1.5 * words + kind
}

/// Score a pair inside a gap of the alignment must pass (see [`fill_gaps`]).
const GAP_FLOOR: f64 = -1.0;
/// Longest gap [`fill_gaps`] fills.
const MAX_GAP: usize = 6;

/// Pairs in order the segments left between two aligned pairs when both sides left as many of the same kind.
///
/// A translation that drops or adds detail scores low on its own, but between
/// two confident pairs, with one English and one Chinese paragraph left on each
/// side, order says they translate each other.
fn fill_gaps(
    english: &[Profile],
    chinese: &[Profile],
    aligned: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::with_capacity(aligned.len());
    let mut next = (0, 0);
    let sentinel = (english.len(), chinese.len());
    for &(english_position, chinese_position) in aligned.iter().chain(std::iter::once(&sentinel)) {
        let english_gap = english_position.saturating_sub(next.0);
        let chinese_gap = chinese_position.saturating_sub(next.1);
        if english_gap == chinese_gap && (1..=MAX_GAP).contains(&english_gap) {
            for offset in 0..english_gap {
                let (a, b) = (next.0 + offset, next.1 + offset);
                let (Some(left), Some(right)) = (english.get(a), chinese.get(b)) else {
                    continue;
                };
                if left.kind == right.kind && score(left, right) > GAP_FLOOR {
                    pairs.push((a, b));
                }
            }
        }
        if (english_position, chinese_position) != sentinel {
            pairs.push((english_position, chinese_position));
        }
        next = (english_position + 1, chinese_position + 1);
    }
    pairs
}

/// Aligns the two lists monotonically, maximizing the total score of the pairs above the threshold; returns positions in the lists.
fn align(english: &[Profile], chinese: &[Profile]) -> Vec<(usize, usize)> {
    let rows = english.len() + 1;
    let cols = chinese.len() + 1;
    let mut best = vec![0.0f64; rows * cols];
    // 0: skip English, 1: skip Chinese, 2: pair.
    let mut step = vec![0u8; rows * cols];
    for i in 1..rows {
        for j in 1..cols {
            let up = best[(i - 1) * cols + j];
            let left = best[i * cols + j - 1];
            let (mut value, mut choice) = if up >= left { (up, 0) } else { (left, 1) };
            let gain = score(&english[i - 1], &chinese[j - 1]) - THRESHOLD;
            if gain > 0.0 {
                let diagonal = best[(i - 1) * cols + j - 1] + gain;
                if diagonal > value {
                    value = diagonal;
                    choice = 2;
                }
            }
            best[i * cols + j] = value;
            step[i * cols + j] = choice;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (english.len(), chinese.len());
    while i > 0 && j > 0 {
        match step[i * cols + j] {
            2 => {
                pairs.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 => j -= 1,
            _ => i -= 1,
        }
    }
    pairs.reverse();
    pairs
}

/// Pairs in order within a window, for documents too large for the full table.
fn align_greedy(english: &[Profile], chinese: &[Profile]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut next_chinese = 0;
    for (english_position, english_profile) in english.iter().enumerate() {
        let window = chinese.iter().enumerate().skip(next_chinese).take(WINDOW);
        let candidate = window
            .map(|(position, chinese_profile)| (position, score(english_profile, chinese_profile)))
            .filter(|(_, value)| *value > THRESHOLD)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((position, _)) = candidate {
            pairs.push((english_position, position));
            next_chinese = position + 1;
        }
    }
    pairs
}
