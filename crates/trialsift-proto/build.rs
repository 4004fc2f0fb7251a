//! Compiles `proto/trialsift/v1/*.proto` with the pure-Rust `protox` compiler
//! (no system `protoc`) and generates prost messages and tonic services.

use std::path::PathBuf;

use prost::Message;

const PROTO_FILES: [&str; 3] =
    ["trialsift/v1/events.proto", "trialsift/v1/ingest.proto", "trialsift/v1/query.proto"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let proto_root = manifest_dir.join("../../proto");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    println!("cargo:rerun-if-changed={}", proto_root.display());
    for file in PROTO_FILES {
        println!("cargo:rerun-if-changed={}", proto_root.join(file).display());
    }

    let file_descriptors = protox::compile(PROTO_FILES, [&proto_root])?;
    // Written here rather than through prost-build so reflection gets exactly
    // the descriptors protox produced, imports included.
    std::fs::write(out_dir.join("trialsift_descriptor.bin"), file_descriptors.encode_to_vec())?;

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(file_descriptors)?;
    Ok(())
}
