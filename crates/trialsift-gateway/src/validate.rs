//! The limits a submitted document must meet before anything is stored.

use crate::error::SubmitError;

/// Default largest document the gateway accepts, in bytes (1 MiB).
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Largest `source` label the gateway accepts, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1024;

/// Checks a submitted document against the limits and returns its text.
///
/// The size is checked first, so an oversized upload is refused without
/// scanning it; then the encoding; then that some text is left once
/// whitespace is set aside.
pub fn validate_document(
    text: Vec<u8>,
    source: &str,
    max_document_bytes: usize,
) -> Result<String, SubmitError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(SubmitError::SourceTooLong { size: source.len(), limit: MAX_SOURCE_BYTES });
    }
    if text.len() > max_document_bytes {
        return Err(SubmitError::TooLarge { size: text.len(), limit: max_document_bytes });
    }
    if text.is_empty() {
        return Err(SubmitError::Empty);
    }
    let text = String::from_utf8(text)
        .map_err(|error| SubmitError::NotUtf8 { valid_up_to: error.utf8_error().valid_up_to() })?;
    if text.trim().is_empty() {
        return Err(SubmitError::Blank { size: text.len() });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &[u8], limit: usize) -> String {
        validate_document(text.to_vec(), "test", limit).expect_err("refused").to_string()
    }

    #[test]
    fn accepts_ordinary_text() {
        let text =
            validate_document("8/19 = 42.0%\n".as_bytes().to_vec(), "seed", 100).expect("accepted");
        assert_eq!(text, "8/19 = 42.0%\n");
    }

    #[test]
    fn accepts_chinese_text_at_the_exact_limit() {
        let text = "阅读"; // 6 bytes
        assert!(validate_document(text.as_bytes().to_vec(), "", 6).is_ok());
    }

    #[test]
    fn refuses_empty_text() {
        assert_eq!(refusal(b"", 10), "document is empty: it must contain text");
    }

    #[test]
    fn refuses_whitespace_only_text() {
        assert_eq!(
            refusal(b" \n\t\r\n ", 10),
            "document is whitespace only (6 bytes): it must contain text"
        );
        // Unicode whitespace counts too (an ideographic space).
        assert!(refusal("\u{3000}".as_bytes(), 10).contains("whitespace only"));
    }

    #[test]
    fn refuses_oversized_text_naming_the_limit() {
        let text = vec![b'a'; 1024 * 1024 + 1];
        assert_eq!(
            refusal(&text, DEFAULT_MAX_DOCUMENT_BYTES),
            "document is 1048577 bytes; the limit is 1048576"
        );
    }

    #[test]
    fn size_is_checked_before_encoding() {
        assert!(refusal(&[0xff; 11], 10).contains("the limit is 10"));
    }

    #[test]
    fn refuses_invalid_utf8_naming_the_offset() {
        assert_eq!(
            refusal(b"abc\xff\xfe", 10),
            "document is not valid UTF-8: invalid byte at offset 3"
        );
    }

    #[test]
    fn refuses_long_source() {
        let source = "s".repeat(MAX_SOURCE_BYTES + 1);
        let error = validate_document(b"text".to_vec(), &source, 10).expect_err("refused");
        assert_eq!(error.to_string(), "source is 1025 bytes; the limit is 1024");
    }
}
