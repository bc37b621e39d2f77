//! Consolidation (SPEC §5.2): merges both groups into the closing state and summary.
