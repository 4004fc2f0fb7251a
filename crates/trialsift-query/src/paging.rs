//! Page sizes and opaque page tokens.
//!
//! A token encodes the offset of the next page together with a fingerprint
//! of the query that issued it, as 24 hex characters. A token that does not
//! decode, or that belongs to another query, is refused with
//! `INVALID_ARGUMENT` rather than silently restarting the listing.

use trialsift_store::PageRequest;

use crate::error::QueryError;

/// Page size used when the request asks for none.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// Largest page size served; larger requests are served this many.
pub const MAX_PAGE_SIZE: u32 = 200;

const TOKEN_HEX_LEN: usize = 24;

/// Returns the page size to serve for a requested one (0 means the default).
pub fn page_size(requested: u32) -> u32 {
    match requested {
        0 => DEFAULT_PAGE_SIZE,
        size => size.min(MAX_PAGE_SIZE),
    }
}

/// Fingerprints the filters of a query, so its tokens are not accepted by another.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a str>) -> u32 {
    // FNV-1a: small and stable across builds, which is all a token needs.
    const OFFSET_BASIS: u32 = 0x811c_9dc5;
    const PRIME: u32 = 0x0100_0193;
    let mut hash = OFFSET_BASIS;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// Encodes the token of the page starting at `offset` of the query with `fingerprint`.
pub fn encode_token(offset: u64, fingerprint: u32) -> String {
    format!("{offset:016x}{fingerprint:08x}")
}

/// Decodes a page token into the offset it points at; an empty token is the first page.
pub fn decode_token(token: &str, expected_fingerprint: u32) -> Result<u64, QueryError> {
    if token.is_empty() {
        return Ok(0);
    }
    if token.len() != TOKEN_HEX_LEN || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(QueryError::InvalidPageToken("it was not issued by this service"));
    }
    let (offset_hex, fingerprint_hex) = token.split_at(16);
    let offset = u64::from_str_radix(offset_hex, 16)
        .map_err(|_| QueryError::InvalidPageToken("it was not issued by this service"))?;
    let fingerprint = u32::from_str_radix(fingerprint_hex, 16)
        .map_err(|_| QueryError::InvalidPageToken("it was not issued by this service"))?;
    if fingerprint != expected_fingerprint {
        return Err(QueryError::InvalidPageToken("it belongs to a different query"));
    }
    Ok(offset)
}

/// Builds the store's page request from a request's page size and token.
pub fn page_request(
    requested_size: u32,
    token: &str,
    query_fingerprint: u32,
) -> Result<PageRequest, QueryError> {
    let offset = decode_token(token, query_fingerprint)?;
    Ok(PageRequest { offset, limit: page_size(requested_size) })
}

/// Returns the token of the next page, or an empty string on the last page.
pub fn next_token(next_offset: Option<u64>, query_fingerprint: u32) -> String {
    next_offset.map(|offset| encode_token(offset, query_fingerprint)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_defaults_and_caps() {
        assert_eq!(page_size(0), 20);
        assert_eq!(page_size(7), 7);
        assert_eq!(page_size(200), 200);
        assert_eq!(page_size(10_000), 200);
    }

    #[test]
    fn tokens_round_trip() {
        let print = fingerprint(["search", "NCT03171194"]);
        for offset in [0, 20, 200, u64::MAX] {
            let token = encode_token(offset, print);
            assert_eq!(token.len(), TOKEN_HEX_LEN);
            assert_eq!(decode_token(&token, print).expect("own token"), offset);
        }
        assert_eq!(decode_token("", print).expect("first page"), 0);
    }

    #[test]
    fn bad_tokens_are_refused() {
        let print = fingerprint(["search"]);
        for token in [
            "garbage",
            "zzzzzzzzzzzzzzzzzzzzzzzz",
            "00000000000000140000000",
            "-0000000000000140000000",
        ] {
            let error = decode_token(token, print).expect_err("refused");
            assert_eq!(error.to_string(), "invalid page token: it was not issued by this service");
        }
    }

    #[test]
    fn tokens_of_another_query_are_refused() {
        let token = encode_token(20, fingerprint(["search", "lupus"]));
        let error =
            decode_token(&token, fingerprint(["search", "scleroderma"])).expect_err("other");
        assert_eq!(error.to_string(), "invalid page token: it belongs to a different query");
    }

    #[test]
    fn fingerprint_separates_fields() {
        assert_ne!(fingerprint(["ab", "c"]), fingerprint(["a", "bc"]));
    }

    #[test]
    fn next_token_is_empty_on_the_last_page() {
        assert_eq!(next_token(None, 1), "");
        assert_eq!(next_token(Some(40), 1), encode_token(40, 1));
    }
}
