//! English number words, looked up one word at a time; callers combine them as their text needs.

/// Zero to nineteen, by value.
const SMALL: [&str; 20] = [
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

/// Twenty to ninety, by value divided by ten, less two.
const TENS: [&str; 8] =
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// Returns the value of a word from "zero" to "nineteen", in any letter case.
pub fn small_number_word(word: &str) -> Option<u64> {
    SMALL.iter().position(|small| small.eq_ignore_ascii_case(word)).map(|value| value as u64)
}

/// Returns the value of a tens word from "twenty" to "ninety", in any letter case.
pub fn tens_word(word: &str) -> Option<u64> {
    TENS.iter().position(|ten| ten.eq_ignore_ascii_case(word)).map(|index| (index as u64 + 2) * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_their_values_in_any_case() {
        assert_eq!(small_number_word("zero"), Some(0));
        assert_eq!(small_number_word("Eight"), Some(8));
        assert_eq!(small_number_word("NINETEEN"), Some(19));
        assert_eq!(small_number_word("twenty"), None);
        assert_eq!(tens_word("Twenty"), Some(20));
        assert_eq!(tens_word("ninety"), Some(90));
        assert_eq!(tens_word("ten"), None);
        assert_eq!(tens_word(""), None);
    }
}
