//! trialsift-gateway (placeholder while under construction).
