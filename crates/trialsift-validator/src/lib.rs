//! trialsift-validator (placeholder while under construction).
