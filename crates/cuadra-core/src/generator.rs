//! A deterministic synthetic closing: the six files plus the discrepancies planted in them.
