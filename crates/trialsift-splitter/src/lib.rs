//! trialsift-splitter (placeholder while under construction).
