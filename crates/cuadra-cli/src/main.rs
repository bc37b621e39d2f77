//! `cuadra`: the command-line reconciliation over the same core as the page.

fn main() {}
