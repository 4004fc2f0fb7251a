//! The trialsift binary's library half: starting roles in-process, the client, and reports.
//!
//! Tests start whole systems through [`system::start`] exactly as the binary does.

pub mod client;
pub mod files;
pub mod load;
pub mod pipeline;
pub mod report;
pub mod system;
