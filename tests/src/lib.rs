//! End-to-end test support for trialsift.
