//! trialsift-proto (placeholder while under construction).
