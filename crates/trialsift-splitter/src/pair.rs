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
    let mut english = Vec::new();
    let mut chinese = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if segment.kind == SegmentKind::Boilerplate {
            continue;
        }
        match segment.lang.as_str() {
            "en" => english.push(profile(index, segment, text)),
            "zh" => chinese.push(profile(index, segment, text)),
            _ => {}
        }
    }
    if english.is_empty() || chinese.is_empty() {
        return;
    }
    let pairs = if english.len().saturating_mul(chinese.len()) <= MAX_CELLS {
        align(&english, &chinese)
    } else {
        align_greedy(&english, &chinese)
    };
    for (english_index, chinese_index) in pairs {
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

/// Hashes a byte string with FNV-1a.
fn fnv_all(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |hash, byte| fnv(hash, *byte))
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
fn profile(index: usize, segment: &Segment, text: &str) -> Profile {
    let content = segment.text(text);
    let mut numbers = Vec::new();
    let mut words = Vec::new();
    let mut number = Token::EMPTY;
    let mut word = Token::EMPTY;
    let mut pending_point = false;
    let mut word_bytes = [0u8; 12];
    let mut length = 0.0;
    for c in content.chars() {
        if !c.is_whitespace() {
            length += 1.0;
        }
        let digit = match c {
            '0'..='9' => u8::try_from(c).ok(),
            '０'..='９' => {
                u8::try_from(u32::from(c) - u32::from('０')).ok().map(|value| b'0' + value)
            }
            _ => None,
        };
        if let Some(digit) = digit {
            if pending_point {
                number.push(b'.');
                number.has_point = true;
                pending_point = false;
            }
            number.push(digit);
        } else if (c == '.' || c == '·') && number.length > 0 && !number.has_point && !pending_point
        {
            pending_point = true;
        } else if number.length > 0 {
            numbers.push(number.hash);
            number = Token::EMPTY;
            pending_point = false;
        }
        if c.is_ascii_alphabetic() {
            let lower = c.to_ascii_lowercase();
            let byte = u8::try_from(lower).unwrap_or(b'?');
            if let Some(slot) = word_bytes.get_mut(word.length) {
                *slot = byte;
            }
            word.push(byte);
        } else if word.length > 0 {
            push_word(&mut words, &mut numbers, word, &word_bytes);
            word = Token::EMPTY;
        }
    }
    if number.length > 0 {
        numbers.push(number.hash);
    }
    if word.length > 0 {
        push_word(&mut words, &mut numbers, word, &word_bytes);
    }
    numbers.sort_unstable();
    words.sort_unstable();
    words.dedup();
    Profile { index, kind: segment.kind, numbers, words, length }
}

/// English number words a translation writes in digits.
const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Tens from twenty, by value divided by ten.
const TENS_WORDS: [&str; 8] =
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// Adds a finished word of two letters or more to the list; a number word also counts as its number.
fn push_word(words: &mut Vec<u64>, numbers: &mut Vec<u64>, word: Token, bytes: &[u8; 12]) {
    if let Some(spelled) = bytes.get(..word.length) {
        let value = NUMBER_WORDS.iter().position(|name| name.as_bytes() == spelled).or_else(|| {
            TENS_WORDS
                .iter()
                .position(|name| name.as_bytes() == spelled)
                .map(|tens| (tens + 2) * 10)
        });
        if let Some(value) = value {
            numbers.push(fnv_all(value.to_string().as_bytes()));
        }
    }
    if word.length >= 2 {
        words.push(word.hash);
    }
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

/// Aligns the two lists monotonically, maximizing the total score of the pairs above the threshold.
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
                pairs.push((english[i - 1].index, chinese[j - 1].index));
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
    for english_profile in english {
        let window = chinese.iter().enumerate().skip(next_chinese).take(WINDOW);
        let candidate = window
            .map(|(position, chinese_profile)| (position, score(english_profile, chinese_profile)))
            .filter(|(_, value)| *value > THRESHOLD)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((position, _)) = candidate {
            if let Some(chinese_profile) = chinese.get(position) {
                pairs.push((english_profile.index, chinese_profile.index));
            }
            next_chinese = position + 1;
        }
    }
    pairs
}
