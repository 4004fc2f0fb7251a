//! trialsift-extractor (placeholder while under construction).
