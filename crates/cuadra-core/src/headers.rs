//! Spreadsheet headers are data, not identifiers: every header and synonym the readers
//! recognise, as normalised strings (see `values::text::normalize_header`), in one place.
