//! trialsift-query (placeholder while under construction).
