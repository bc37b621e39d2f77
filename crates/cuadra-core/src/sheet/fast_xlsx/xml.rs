//! The XML scanner shared by every part: tags and their attributes, entity and text
//! decoding, and rich-text runs (`<si>`, `<is>`), each mirroring calamine 0.38's rules.

use std::borrow::Cow;

use memchr::{memchr, memmem};

use super::{Bail, Scan};

/// One tag of a small part.
pub(super) struct Tag<'x> {
    pub(super) kind: TagKind,
    /// Full name, prefix included.
    pub(super) name: &'x [u8],
    /// `(name, raw value)` pairs.
    pub(super) attrs: Vec<(&'x [u8], &'x [u8])>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Start,
    /// `<x/>`: calamine expands it to a start and an end.
    Empty,
    End,
}

impl<'x> Tag<'x> {
    pub(super) fn local(&self) -> &'x [u8] {
        local_name(self.name)
    }

    pub(super) fn is_open(&self, local: &[u8]) -> bool {
        self.kind != TagKind::End && self.local() == local
    }

    pub(super) fn attr(&self, key: &[u8]) -> Option<&'x [u8]> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

pub(super) fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

pub(super) fn skip_space(xml: &[u8], mut pos: usize) -> usize {
    while pos < xml.len() && is_space(xml[pos]) {
        pos += 1;
    }
    pos
}

/// The next tag at or after `pos` (text in between is skipped; declarations, processing
/// instructions and comments too). `Ok(None)` at the end; CDATA and DOCTYPE bail.
pub(super) fn next_tag<'x>(xml: &'x [u8], pos: &mut usize) -> Scan<Option<Tag<'x>>> {
    loop {
        let Some(offset) = memchr(b'<', &xml[*pos..]) else {
            *pos = xml.len();
            return Ok(None);
        };
        let start = *pos + offset;
        let rest = &xml[start..];
        if rest.starts_with(b"<?") {
            let end = memmem::find(rest, b"?>").ok_or(Bail)?;
            *pos = start + end + 2;
            continue;
        }
        if rest.starts_with(b"<!--") {
            let end = memmem::find(&rest[4..], b"-->").ok_or(Bail)?;
            *pos = start + 4 + end + 3;
            continue;
        }
        if rest.starts_with(b"<!") {
            return Err(Bail);
        }
        if rest.starts_with(b"</") {
            let name_end = start + 2 + name_len(&rest[2..]);
            let close = skip_space(xml, name_end);
            if xml.get(close) != Some(&b'>') {
                return Err(Bail);
            }
            *pos = close + 1;
            return Ok(Some(Tag {
                kind: TagKind::End,
                name: &xml[start + 2..name_end],
                attrs: Vec::new(),
            }));
        }
        let name_end = start + 1 + name_len(&rest[1..]);
        if name_end == start + 1 {
            return Err(Bail);
        }
        let mut attrs = Vec::new();
        let (end, empty) = parse_attrs(xml, name_end, |key, value| attrs.push((key, value)))?;
        *pos = end;
        return Ok(Some(Tag {
            kind: if empty {
                TagKind::Empty
            } else {
                TagKind::Start
            },
            name: &xml[start + 1..name_end],
            attrs,
        }));
    }
}

/// Length of the element name at the start of `bytes`.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| is_space(b) || b == b'>' || b == b'/')
        .unwrap_or(bytes.len())
}

/// Parses `key="value"` pairs from `pos` (just after the element name) to the end of the
/// start tag. Returns the position after `>` and whether the tag was `/>`.
pub(super) fn parse_attrs<'x>(
    xml: &'x [u8],
    mut pos: usize,
    mut each: impl FnMut(&'x [u8], &'x [u8]),
) -> Scan<(usize, bool)> {
    loop {
        let after_space = skip_space(xml, pos);
        match xml.get(after_space) {
            Some(b'>') => return Ok((after_space + 1, false)),
            Some(b'/') => {
                return if xml.get(after_space + 1) == Some(&b'>') {
                    Ok((after_space + 2, true))
                } else {
                    Err(Bail)
                };
            }
            Some(_) if after_space > pos => {}
            // An attribute must follow white space; the end of input bails.
            _ => return Err(Bail),
        }
        let key_start = after_space;
        let mut key_end = key_start;
        while key_end < xml.len() && xml[key_end] != b'=' && !is_space(xml[key_end]) {
            if matches!(xml[key_end], b'>' | b'/' | b'<' | b'"' | b'\'') {
                return Err(Bail);
            }
            key_end += 1;
        }
        let equals = skip_space(xml, key_end);
        if key_end == key_start || xml.get(equals) != Some(&b'=') {
            return Err(Bail);
        }
        let quote_at = skip_space(xml, equals + 1);
        let quote = *xml.get(quote_at).ok_or(Bail)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Bail);
        }
        let value_start = quote_at + 1;
        let value_len = memchr(quote, &xml[value_start..]).ok_or(Bail)?;
        each(
            &xml[key_start..key_end],
            &xml[value_start..value_start + value_len],
        );
        pos = value_start + value_len + 1;
    }
}

pub(super) fn utf8(bytes: &[u8]) -> Scan<&str> {
    std::str::from_utf8(bytes).map_err(|_| Bail)
}

/// Resolves the XML entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NNN;` `&#xHH;`).
/// Anything else (an unknown entity, a reference to an invalid character) bails.
pub(super) fn decode_text(bytes: &[u8]) -> Scan<Cow<'_, str>> {
    let text = utf8(bytes)?;
    let Some(first) = memchr(b'&', bytes) else {
        return Ok(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut amp = first;
    loop {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or(Bail)?;
        let entity = &after[..semi];
        match entity {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).map_err(|_| Bail)?
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse::<u32>().map_err(|_| Bail)?
                } else {
                    return Err(Bail);
                };
                if entity.len() < 2 || entity[1..].starts_with(['+', '-']) || code == 0 {
                    return Err(Bail);
                }
                out.push(char::from_u32(code).ok_or(Bail)?);
            }
        }
        rest = &after[semi + 1..];
        match rest.find('&') {
            Some(next) => amp = next,
            None => {
                out.push_str(rest);
                return Ok(Cow::Owned(out));
            }
        }
    }
}

/// Text as calamine's string reader leaves it, or a bail where it would do more than
/// we do: a carriage return (XML end-of-line normalisation) or `_x` (Excel's `_xHHHH_`
/// escapes).
pub(super) fn decode_plain_text(bytes: &[u8]) -> Scan<Cow<'_, str>> {
    if memchr(b'\r', bytes).is_some() {
        return Err(Bail);
    }
    let text = decode_text(bytes)?;
    if text.contains('\r') || text.contains("_x") {
        return Err(Bail);
    }
    Ok(text)
}

/// The text of an `<si>` or `<is>` whose start tag ends at `pos`, up to its end tag named
/// `closing`: every `<t>` outside phonetic runs (`<rPh>`), concatenated; each `<t>` is
/// trimmed of ASCII white space unless `xml:space="preserve"` (calamine's rules).
pub(super) fn read_rich_string(xml: &[u8], pos: &mut usize, closing: &[u8]) -> Scan<String> {
    let mut text = String::new();
    let mut phonetic = false;
    loop {
        let tag = next_tag(xml, pos)?.ok_or(Bail)?;
        match tag.kind {
            TagKind::End if tag.name == closing => return Ok(text),
            TagKind::End if tag.local() == b"rPh" => phonetic = false,
            TagKind::Start if tag.local() == b"rPh" => phonetic = true,
            TagKind::Start if tag.local() == b"t" && !phonetic => {
                let end = *pos + memchr(b'<', &xml[*pos..]).ok_or(Bail)?;
                let raw = &xml[*pos..end];
                *pos = end;
                let close = next_tag(xml, pos)?.ok_or(Bail)?;
                if close.kind != TagKind::End || close.name != tag.name {
                    return Err(Bail);
                }
                let value = decode_plain_text(raw)?;
                if tag.attr(b"xml:space") == Some(b"preserve") {
                    text.push_str(&value);
                } else {
                    text.push_str(value.trim_matches([' ', '\t', '\r', '\n']));
                }
            }
            _ => {}
        }
    }
}

/// Whether the byte after a candidate element name ends the name.
pub(super) fn is_name_end(byte: Option<&u8>) -> bool {
    matches!(byte, Some(&b) if is_space(b) || b == b'>' || b == b'/')
}

/// The rest of an end tag from just after its name: optional white space and `>`.
pub(super) fn end_tag(xml: &[u8], pos: usize) -> Scan<usize> {
    let close = skip_space(xml, pos);
    if xml.get(close) == Some(&b'>') {
        Ok(close + 1)
    } else {
        Err(Bail)
    }
}
