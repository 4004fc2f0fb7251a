//! The `trialsift.v1` gRPC contract, compiled from `proto/` without a system `protoc`.
//!
//! Besides the generated messages and services ([`v1`]), this crate holds what
//! every side of the contract shares: conversions between domain types and
//! their wire form ([`convert`]), the codecs of the bus payloads that refuse
//! unknown schema versions ([`payload`]), and the optional shared bearer
//! token check for servers and clients ([`auth`]).

pub mod auth;
pub mod convert;
pub mod payload;
pub mod serving;

pub use convert::{ConversionError, parse_document_id, parse_stage, parse_verdict};
pub use payload::{decode_dead_letter, decode_event, encode_dead_letter, encode_event};

/// Generated prost messages and tonic clients and servers of package `trialsift.v1`.
#[allow(
    missing_docs,
    rustdoc::invalid_html_tags,
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used
)]
pub mod v1 {
    tonic::include_proto!("trialsift.v1");
}

/// Encoded `FileDescriptorSet` of the `trialsift.v1` protos, for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/trialsift_descriptor.bin"));

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;

    #[test]
    fn descriptor_set_names_both_services() {
        // Names are stored as plain UTF-8 inside the encoded descriptors.
        let text = String::from_utf8_lossy(FILE_DESCRIPTOR_SET);
        assert!(text.contains("IngestService"));
        assert!(text.contains("QueryService"));
        assert!(text.contains("DocumentEvent"));
    }

    #[test]
    fn generated_messages_encode() {
        let request = v1::GetStatusRequest { document_id: "x".to_owned() };
        let bytes = request.encode_to_vec();
        let decoded = v1::GetStatusRequest::decode(bytes.as_slice()).expect("round trip");
        assert_eq!(decoded, request);
    }
}
