//! Text helpers shared by the readers: sentence boundaries.

/// Splits a segment into sentences: a full stop followed by a space (or line break) and a capital
/// letter or an opening bracket ends one, and so does a line break.
pub(crate) fn sentences(segment: &str) -> Vec<(usize, usize)> {
    let bytes = segment.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    for (index, byte) in bytes.iter().enumerate() {
        let ends = match byte {
            b'\n' => true,
            b'.' => {
                matches!(bytes.get(index + 1), Some(b' ' | b'\n'))
                    && bytes
                        .get(index + 2)
                        .is_some_and(|next| next.is_ascii_uppercase() || *next == b'(')
            }
            _ => false,
        };
        if ends && index + 1 > start {
            spans.push((start, index + 1));
            start = index + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_stops_before_capitals_end_sentences() {
        let text = "Mean was 5.2 vs. 3.1 in arm A. The P value was 0.03. (n = 20). Next\nline";
        let pieces: Vec<&str> =
            sentences(text).iter().map(|(start, end)| &text[*start..*end]).collect();
        assert_eq!(
            pieces,
            [
                "Mean was 5.2 vs. 3.1 in arm A.",
                " The P value was 0.03.",
                " (n = 20).",
                " Next\n",
                "line"
            ]
        );
        assert!(sentences("").is_empty());
    }
}
