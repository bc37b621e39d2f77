//! Number formats from `styles.xml`: which `cellXfs` entries make a number a date or a
//! duration, with calamine 0.38's built-in table and custom-format detection.

use std::collections::HashMap;

use super::xml::{decode_text, next_tag, TagKind};
use super::Scan;

/// What a `cellXfs` entry's number format says about a number, as calamine decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// One `NumberKind` per `cellXfs` entry, in order.
pub(super) fn parse_styles(xml: &[u8]) -> Scan<Vec<NumberKind>> {
    let mut pos = 0;
    let mut custom: HashMap<&[u8], String> = HashMap::new();
    let mut kinds = Vec::new();
    let mut in_num_fmts = false;
    let mut in_cell_xfs = false;
    while let Some(tag) = next_tag(xml, &mut pos)? {
        let local = tag.local();
        match tag.kind {
            TagKind::End => match local {
                b"numFmts" => in_num_fmts = false,
                b"cellXfs" => in_cell_xfs = false,
                _ => {}
            },
            TagKind::Start | TagKind::Empty => {
                let empty = tag.kind == TagKind::Empty;
                if in_num_fmts && local == b"numFmt" {
                    if let (Some(id), Some(code)) = (tag.attr(b"numFmtId"), tag.attr(b"formatCode"))
                    {
                        custom.insert(id, decode_text(code)?.into_owned());
                    }
                } else if in_cell_xfs && local == b"xf" {
                    kinds.push(match tag.attr(b"numFmtId") {
                        None => NumberKind::Other,
                        Some(id) => match custom.get(id) {
                            Some(code) => detect_custom_number_format(code),
                            None => builtin_format_by_id(id),
                        },
                    });
                } else if !in_num_fmts && !in_cell_xfs && !empty {
                    match local {
                        b"numFmts" => in_num_fmts = true,
                        b"cellXfs" => in_cell_xfs = true,
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(kinds)
}

/// calamine 0.38's `formats::builtin_format_by_id` (private there; MIT, Johann Tuffe).
fn builtin_format_by_id(id: &[u8]) -> NumberKind {
    match id {
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => {
            NumberKind::DateTime
        }
        b"27" | b"28" | b"29" | b"30" | b"31" | b"32" | b"33" | b"34" | b"35" | b"36" | b"50"
        | b"51" | b"52" | b"53" | b"54" | b"55" | b"56" | b"57" | b"58" => NumberKind::DateTime,
        b"46" => NumberKind::TimeDelta,
        _ => NumberKind::Other,
    }
}

/// calamine 0.38's `formats::detect_custom_number_format` (private there; MIT, Johann
/// Tuffe), kept verbatim so a custom format is a date here exactly when it is there.
fn detect_custom_number_format(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                    // still inside the same `[hh]`-style token
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Other
}
