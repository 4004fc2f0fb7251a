//! trialsift-runtime (placeholder while under construction).
