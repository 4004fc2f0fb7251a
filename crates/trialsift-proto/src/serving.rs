//! What every trialsift gRPC server carries besides its own service: reflection over the
//! trialsift and health descriptors.

use tonic_reflection::server::v1::{ServerReflection, ServerReflectionServer};

/// Builds the reflection service listing `service_name`, health checking and reflection itself,
/// so `grpcurl list` shows exactly what the server answers.
pub fn reflection_service(
    service_name: &str,
) -> Result<ServerReflectionServer<impl ServerReflection>, tonic_reflection::server::Error> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .with_service_name(service_name)
        .with_service_name("grpc.health.v1.Health")
        .with_service_name("grpc.reflection.v1.ServerReflection")
        .build_v1()
}
