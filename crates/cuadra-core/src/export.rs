//! Exports made from the result document: xlsx, csv, json. Bytes out, no I/O.
