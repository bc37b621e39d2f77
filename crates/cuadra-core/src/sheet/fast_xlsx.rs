//! A dedicated byte scanner for xlsx workbooks that fills the same `CompactGrid` as
//! calamine's cell reader, several times faster.
//!
//! Why: reading the libro (100,000 rows × 80 columns) was ~80 % of the whole pipeline, and
//! most of that was calamine's general XML parsing of `xl/worksheets/sheetN.xml`. Worksheet
//! XML written by Excel, Talana or rust_xlsxwriter is a very regular stream of
//! `<row><c r=".." s=".." t=".."><v>..</v></c></row>`; scanning its bytes with `memchr`
//! skips the event machinery entirely.
//!
//! Safety net: the scanner mirrors calamine 0.38's reading rules exactly for what it
//! accepts (positions, `t` types, styles → dates, rich text, whitespace trimming) and
//! returns `None` for the *whole workbook* as soon as it meets anything it does not fully
//! understand: an unknown element, a comment, CDATA, an unusual entity, a carriage
//! return or an Excel `_xHHHH_` escape in text, a chart sheet, a missing part… The caller
//! then runs the calamine path unchanged. Every value goes through
//! `CompactGrid::push_cell`, the same conversion calamine's cells go through.
//!
//! The worksheet is inflated in chunks and scanned up to the last complete `</row>` of
//! each chunk, so the inflated XML (~280 MB for the largest libro) is never held whole.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use memchr::{memchr, memmem};

use super::xlsx::CompactGrid;

/// "Not understood: use calamine." Carries nothing on purpose: the fallback is silent.
#[derive(Debug)]
pub(super) struct Bail;

type Scan<T> = Result<T, Bail>;

/// Inflated bytes scanned per step. Big enough to amortise the bookkeeping, small enough to
/// stay in cache and keep the transient buffer negligible next to the grid.
const CHUNK: usize = 256 * 1024;

/// Reads every sheet of an xlsx workbook, in workbook order, or `None` to fall back.
pub(super) fn read_workbook(bytes: &[u8]) -> Option<Vec<(String, CompactGrid)>> {
    read_workbook_inner(bytes).ok()
}

fn read_workbook_inner(bytes: &[u8]) -> Scan<Vec<(String, CompactGrid)>> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Bail)?;
    // calamine looks parts up case-insensitively, with `\` read as `/`.
    let mut names = HashMap::new();
    for name in zip.file_names() {
        let name = name.map_err(|_| Bail)?;
        names.insert(
            name.replace('\\', "/").to_ascii_lowercase(),
            name.into_owned(),
        );
    }
    let mut parts = Parts { zip, names };

    let package_rels = parts.read("_rels/.rels")?.ok_or(Bail)?;
    let document = parse_package_rels(&package_rels)?;
    let (xl_path, workbook_name) = match document.rfind('/') {
        Some(i) => document.split_at(i + 1),
        None => ("", document.as_str()),
    };
    let xl_path = xl_path.strip_prefix('/').unwrap_or(xl_path).to_string();
    let workbook_name = if workbook_name.is_empty() {
        "workbook.xml"
    } else {
        workbook_name
    };

    let strings = match parts.read(&format!("{xl_path}sharedStrings.xml"))? {
        Some(xml) => parse_shared_strings(&xml)?,
        None => Vec::new(),
    };
    let formats = match parts.read(&format!("{xl_path}styles.xml"))? {
        Some(xml) => parse_styles(&xml)?,
        None => Vec::new(),
    };
    let rels = parts
        .read(&format!("{xl_path}_rels/{workbook_name}.rels"))?
        .ok_or(Bail)?;
    let rels = parse_workbook_rels(&rels)?;
    let workbook = parts
        .read(&format!("{xl_path}{workbook_name}"))?
        .ok_or(Bail)?;
    let (sheets, is_1904) = parse_workbook(&workbook, &rels, &xl_path)?;
    if sheets.is_empty() {
        return Err(Bail);
    }

    let context = Context {
        strings: &strings,
        formats: &formats,
        is_1904,
    };
    let mut grids = Vec::with_capacity(sheets.len());
    for (name, _) in &sheets {
        // Like calamine, a duplicated name reads the first sheet of that name.
        let path = sheets
            .iter()
            .find(|(other, _)| other == name)
            .map(|(_, path)| path.as_str())
            .ok_or(Bail)?;
        let grid = parts.read_sheet(path, &context)?;
        grids.push((name.clone(), grid));
    }
    Ok(grids)
}

/// The zip archive plus calamine's case-insensitive name lookup.
struct Parts<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    names: HashMap<String, String>,
}

impl Parts<'_> {
    fn entry_name<'p>(&'p self, path: &'p str) -> &'p str {
        self.names
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str)
    }

    /// A whole (small) part; `Ok(None)` when the archive lacks it.
    fn read(&mut self, path: &str) -> Scan<Option<Vec<u8>>> {
        let name = self.entry_name(path).to_string();
        match self.zip.by_name(&name) {
            Ok(mut file) => {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).map_err(|_| Bail)?;
                Ok(Some(bytes))
            }
            Err(zip::result::ZipError::FileNotFound) => Ok(None),
            Err(_) => Err(Bail),
        }
    }

    /// Streams one worksheet through the scanner.
    fn read_sheet(&mut self, path: &str, context: &Context<'_>) -> Scan<CompactGrid> {
        let name = self.entry_name(path).to_string();
        let file = self.zip.by_name(&name).map_err(|_| Bail)?;
        scan_sheet(file, context)
    }
}

// ---- Small parts: relationships, workbook, styles, shared strings ----

/// One tag of a small part.
struct Tag<'x> {
    kind: TagKind,
    /// Full name, prefix included.
    name: &'x [u8],
    /// `(name, raw value)` pairs.
    attrs: Vec<(&'x [u8], &'x [u8])>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    /// `<x/>`: calamine expands it to a start and an end.
    Empty,
    End,
}

impl<'x> Tag<'x> {
    fn local(&self) -> &'x [u8] {
        local_name(self.name)
    }

    fn is_open(&self, local: &[u8]) -> bool {
        self.kind != TagKind::End && self.local() == local
    }

    fn attr(&self, key: &[u8]) -> Option<&'x [u8]> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_space(xml: &[u8], mut pos: usize) -> usize {
    while pos < xml.len() && is_space(xml[pos]) {
        pos += 1;
    }
    pos
}

/// The next tag at or after `pos` (text in between is skipped; declarations, processing
/// instructions and comments too). `Ok(None)` at the end; CDATA and DOCTYPE bail.
fn next_tag<'x>(xml: &'x [u8], pos: &mut usize) -> Scan<Option<Tag<'x>>> {
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
fn parse_attrs<'x>(
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

fn utf8(bytes: &[u8]) -> Scan<&str> {
    std::str::from_utf8(bytes).map_err(|_| Bail)
}

/// Resolves the XML entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NNN;` `&#xHH;`).
/// Anything else (an unknown entity, a reference to an invalid character) bails.
fn decode_text(bytes: &[u8]) -> Scan<Cow<'_, str>> {
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
fn decode_plain_text(bytes: &[u8]) -> Scan<Cow<'_, str>> {
    if memchr(b'\r', bytes).is_some() {
        return Err(Bail);
    }
    let text = decode_text(bytes)?;
    if text.contains('\r') || text.contains("_x") {
        return Err(Bail);
    }
    Ok(text)
}

/// The target of the package's `officeDocument` relationship (`_rels/.rels`).
fn parse_package_rels(xml: &[u8]) -> Scan<String> {
    let mut pos = 0;
    let mut target = None;
    while let Some(tag) = next_tag(xml, &mut pos)? {
        if tag.is_open(b"Relationship") {
            let is_document = tag
                .attr(b"Type")
                .is_some_and(|t| t.ends_with(b"/relationships/officeDocument"));
            if is_document {
                if let Some(value) = tag.attr(b"Target") {
                    target = Some(decode_text(value)?.into_owned());
                }
            }
        }
    }
    target.ok_or(Bail)
}

/// `Id` → (raw `Target`, raw `Type`) from the workbook's relationships.
fn parse_workbook_rels(xml: &[u8]) -> Scan<HashMap<String, (String, String)>> {
    let mut pos = 0;
    let mut rels = HashMap::new();
    while let Some(tag) = next_tag(xml, &mut pos)? {
        if tag.is_open(b"Relationship") {
            if let Some(id) = tag.attr(b"Id") {
                let target = utf8(tag.attr(b"Target").unwrap_or_default())?;
                let typ = utf8(tag.attr(b"Type").unwrap_or_default())?;
                rels.insert(utf8(id)?.to_string(), (target.to_string(), typ.to_string()));
            }
        }
    }
    Ok(rels)
}

/// Sheets `(name, part path)` in workbook order and whether dates use the 1904 system.
/// Any sheet that is not a worksheet (chart or dialog sheet) bails.
fn parse_workbook(
    xml: &[u8],
    rels: &HashMap<String, (String, String)>,
    xl_path: &str,
) -> Scan<(Vec<(String, String)>, bool)> {
    let mut pos = 0;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    while let Some(tag) = next_tag(xml, &mut pos)? {
        if tag.is_open(b"sheet") {
            let mut name = String::new();
            let mut rel_id: &[u8] = b"";
            for &(key, value) in &tag.attrs {
                match key {
                    b"name" => name = decode_text(value)?.into_owned(),
                    b"state" if !matches!(value, b"visible" | b"hidden" | b"veryHidden") => {
                        return Err(Bail);
                    }
                    b"state" => {}
                    key if local_name(key) == b"id" => rel_id = value,
                    _ => {}
                }
            }
            let (target, typ) = rels.get(utf8(rel_id)?).ok_or(Bail)?;
            if typ.rsplit('/').next() != Some("worksheet") {
                return Err(Bail);
            }
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{xl_path}{target}"),
            };
            sheets.push((name, path));
        } else if tag.is_open(b"workbookPr") {
            if let Some(value) = tag.attr(b"date1904") {
                is_1904 = value == b"1" || value == b"true";
            }
        }
    }
    Ok((sheets, is_1904))
}

/// What a `cellXfs` entry's number format says about a number, as calamine decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// One `NumberKind` per `cellXfs` entry, in order.
fn parse_styles(xml: &[u8]) -> Scan<Vec<NumberKind>> {
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

/// Every `<si>` of `sharedStrings.xml`, flattened like calamine does.
fn parse_shared_strings(xml: &[u8]) -> Scan<Vec<String>> {
    let mut pos = 0;
    // calamine starts at `<sst>`.
    loop {
        let tag = next_tag(xml, &mut pos)?.ok_or(Bail)?;
        if tag.kind == TagKind::Start && tag.local() == b"sst" {
            break;
        }
        if tag.kind == TagKind::Empty && tag.local() == b"sst" {
            return Ok(Vec::new());
        }
    }
    let mut strings = Vec::new();
    loop {
        let tag = next_tag(xml, &mut pos)?.ok_or(Bail)?;
        match tag.kind {
            TagKind::Start if tag.local() == b"si" => {
                strings.push(read_rich_string(xml, &mut pos, tag.name)?);
            }
            TagKind::Empty if tag.local() == b"si" => strings.push(String::new()),
            TagKind::End if tag.local() == b"sst" => return Ok(strings),
            _ => {}
        }
    }
}

/// The text of an `<si>` or `<is>` whose start tag ends at `pos`, up to its end tag named
/// `closing`: every `<t>` outside phonetic runs (`<rPh>`), concatenated; each `<t>` is
/// trimmed of ASCII white space unless `xml:space="preserve"` (calamine's rules).
fn read_rich_string(xml: &[u8], pos: &mut usize, closing: &[u8]) -> Scan<String> {
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

// ---- Worksheets ----

struct Context<'w> {
    strings: &'w [String],
    formats: &'w [NumberKind],
    is_1904: bool,
}

/// Reads one worksheet part chunk by chunk into a grid.
fn scan_sheet<R: Read>(mut file: R, context: &Context<'_>) -> Scan<CompactGrid> {
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    let mut eof = false;
    // Everything before `<sheetData`: the sheet properties and the declared dimension.
    let data_start = loop {
        fill(&mut file, &mut buffer, &mut eof)?;
        if let Some(start) = find_sheet_data(&buffer) {
            break start;
        }
        if eof {
            return Err(Bail);
        }
    };
    let prefix = &buffer[..data_start];
    if memmem::find(prefix, b"<!").is_some() {
        return Err(Bail);
    }
    let declared = declared_cells(prefix).unwrap_or(u64::MAX);
    let (after_open, empty) = parse_attrs(&buffer, data_start + b"<sheetData".len(), |_, _| {})?;
    let mut scanner = SheetScanner {
        context,
        row_index: 0,
        col_index: 0,
        last: None,
        grid: CompactGrid::with_declared_cells(declared),
    };
    if empty {
        scanner.grid.finish();
        return Ok(scanner.grid);
    }
    let mut start = after_open;
    loop {
        let end = if eof {
            buffer.len()
        } else {
            match memmem::rfind(&buffer[start..], b"</row>") {
                Some(offset) => start + offset + b"</row>".len(),
                None => {
                    // Not one complete row yet: read more.
                    fill(&mut file, &mut buffer, &mut eof)?;
                    continue;
                }
            }
        };
        if scanner.scan_rows(&buffer[start..end])? {
            scanner.grid.finish();
            return Ok(scanner.grid);
        }
        if eof {
            // The part ended inside `<sheetData>`.
            return Err(Bail);
        }
        buffer.drain(..end);
        start = 0;
        fill(&mut file, &mut buffer, &mut eof)?;
    }
}

/// Appends up to `CHUNK` more inflated bytes.
fn fill<R: Read>(file: &mut R, buffer: &mut Vec<u8>, eof: &mut bool) -> Scan<()> {
    let old_len = buffer.len();
    let target = old_len + CHUNK;
    buffer.resize(target, 0);
    let mut len = old_len;
    while len < target {
        match file.read(&mut buffer[len..target]) {
            Ok(0) => {
                *eof = true;
                break;
            }
            Ok(n) => len += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Bail),
        }
    }
    buffer.truncate(len);
    Ok(())
}

/// Offset of the `<sheetData` start tag.
fn find_sheet_data(xml: &[u8]) -> Option<usize> {
    let finder = memmem::Finder::new(b"<sheetData");
    let mut from = 0;
    while let Some(offset) = finder.find(&xml[from..]) {
        let at = from + offset;
        match xml.get(at + b"<sheetData".len()) {
            Some(&b) if is_space(b) || b == b'>' || b == b'/' => return Some(at),
            // Undecided until more bytes arrive.
            None => return None,
            Some(_) => from = at + 1,
        }
    }
    None
}

/// Cells announced by `<dimension ref="A1:CB20001"/>`, for the grid's reservation.
fn declared_cells(prefix: &[u8]) -> Option<u64> {
    let at = memmem::find(prefix, b"<dimension")?;
    let mut reference = None;
    parse_attrs(prefix, at + b"<dimension".len(), |key, value| {
        if key == b"ref" {
            reference = Some(value);
        }
    })
    .ok()?;
    let reference = reference?;
    let (first, last) = match memchr(b':', reference) {
        Some(colon) => (&reference[..colon], &reference[colon + 1..]),
        None => (reference, reference),
    };
    let (first_row, first_col) = parse_reference(first).ok()?;
    let (last_row, last_col) = parse_reference(last).ok()?;
    let rows = u64::from(last_row.checked_sub(first_row)?) + 1;
    let cols = u64::from(last_col.checked_sub(first_col)?) + 1;
    Some(rows * cols)
}

/// `AB12` → 0-based (row, column). Strict: 1–3 capital letters then 1–7 digits.
fn parse_reference(reference: &[u8]) -> Scan<(u32, u32)> {
    let letters = reference
        .iter()
        .position(|b| !b.is_ascii_uppercase())
        .ok_or(Bail)?;
    if letters == 0 || letters > 3 {
        return Err(Bail);
    }
    let col = reference[..letters]
        .iter()
        .fold(0u32, |col, &b| col * 26 + u32::from(b - b'A') + 1);
    let row = parse_row_number(&reference[letters..])?;
    Ok((row, col - 1))
}

/// A 1-based row number (1–7 digits, not 0) → 0-based.
fn parse_row_number(digits: &[u8]) -> Scan<u32> {
    if digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Bail);
    }
    let row = digits
        .iter()
        .fold(0u32, |row, &b| row * 10 + u32::from(b - b'0'));
    row.checked_sub(1).ok_or(Bail)
}

/// A style index (`s`) or shared string index: digits only.
fn parse_index(digits: &[u8]) -> Scan<usize> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Bail);
    }
    Ok(digits
        .iter()
        .fold(0usize, |n, &b| n * 10 + usize::from(b - b'0')))
}

/// A `<v>` number. Integers of up to 15 digits are exact in an `f64` and convert directly;
/// anything else must match `-?(digits[.digits]|.digits)([eE][+-]?digits)?` and goes
/// through the standard library's correctly rounded parser (as calamine's `fast_float2`
/// is, so both give the same `f64`).
fn parse_number(text: &[u8]) -> Scan<f64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let value = digits
            .iter()
            .fold(0i64, |n, &b| n * 10 + i64::from(b - b'0')) as f64;
        return Ok(if negative { -value } else { value });
    }
    let mut i = 0;
    let integral = count_digits(&digits[i..]);
    i += integral;
    let mut fractional = 0;
    if digits.get(i) == Some(&b'.') {
        i += 1;
        fractional = count_digits(&digits[i..]);
        i += fractional;
    }
    if integral + fractional == 0 {
        return Err(Bail);
    }
    if matches!(digits.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(digits.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = count_digits(&digits[i..]);
        if exponent == 0 {
            return Err(Bail);
        }
        i += exponent;
    }
    if i != digits.len() {
        return Err(Bail);
    }
    utf8(text)?.parse::<f64>().map_err(|_| Bail)
}

fn count_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Where the next child of a `<c>` starts and what it is.
enum CellChild {
    Value,
    Formula,
    InlineString,
    End,
}

struct SheetScanner<'c, 'w> {
    context: &'c Context<'w>,
    /// calamine's running position for cells without `r`: the row advances at each
    /// `</row>` (or is set by the row's `r`), the column at each cell.
    row_index: u32,
    col_index: u32,
    last: Option<(u32, u32)>,
    grid: CompactGrid,
}

impl<'w> SheetScanner<'_, 'w> {
    /// Scans a run of whole rows inside `<sheetData>`. `Ok(true)` once `</sheetData>` is
    /// reached.
    fn scan_rows(&mut self, xml: &[u8]) -> Scan<bool> {
        let mut pos = 0;
        loop {
            pos = skip_space(xml, pos);
            let Some(rest) = xml.get(pos..).filter(|rest| !rest.is_empty()) else {
                return Ok(false);
            };
            if rest.starts_with(b"<row") && is_name_end(rest.get(4)) {
                let mut row = None;
                let (end, empty) = parse_attrs(xml, pos + 4, |key, value| {
                    if key == b"r" {
                        row = Some(value);
                    }
                })?;
                if let Some(row) = row {
                    self.row_index = parse_row_number(row)?;
                }
                pos = end;
                if !empty {
                    pos = self.scan_cells(xml, pos)?;
                }
                self.row_index = self.row_index.checked_add(1).ok_or(Bail)?;
                self.col_index = 0;
            } else if rest.starts_with(b"</sheetData") {
                let close = skip_space(xml, pos + b"</sheetData".len());
                return if xml.get(close) == Some(&b'>') {
                    Ok(true)
                } else {
                    Err(Bail)
                };
            } else {
                return Err(Bail);
            }
        }
    }

    /// Scans the cells of one row up to and including its `</row>`.
    fn scan_cells(&mut self, xml: &[u8], mut pos: usize) -> Scan<usize> {
        loop {
            pos = skip_space(xml, pos);
            let rest = xml.get(pos..).ok_or(Bail)?;
            if rest.starts_with(b"<c") && is_name_end(rest.get(2)) {
                pos = self.scan_cell(xml, pos + 2)?;
            } else if rest.starts_with(b"</row>") {
                return Ok(pos + b"</row>".len());
            } else if rest.starts_with(b"</row") {
                return end_tag(xml, pos + b"</row".len());
            } else {
                return Err(Bail);
            }
        }
    }

    /// One `<c …>` from just after its name; returns the position after the cell.
    fn scan_cell(&mut self, xml: &[u8], pos: usize) -> Scan<usize> {
        let (mut reference, mut style, mut typ) = (None, None, None);
        let (mut pos, empty) = parse_attrs(xml, pos, |key, value| match key {
            b"r" => reference = Some(value),
            b"s" => style = Some(value),
            b"t" => typ = Some(value),
            _ => {}
        })?;
        let position = match reference {
            Some(reference) => {
                let (row, col) = parse_reference(reference)?;
                self.col_index = col;
                (row, col)
            }
            None => (self.row_index, self.col_index),
        };
        self.col_index = self.col_index.checked_add(1).ok_or(Bail)?;
        if empty {
            return Ok(pos);
        }
        let typ = match typ {
            None => CellType::Number,
            Some(b"n") => CellType::Number,
            Some(b"s") => CellType::Shared,
            Some(b"b") => CellType::Bool,
            Some(b"e") => CellType::Error,
            Some(b"str") => CellType::FormulaText,
            Some(b"d") => CellType::IsoDate,
            Some(b"inlineStr") | Some(b"is") => CellType::Inline,
            Some(_) => return Err(Bail),
        };
        // Each child replaces the value, like calamine (a `<f>` leaves it empty).
        let mut value = DataRef::Empty;
        loop {
            pos = skip_space(xml, pos);
            let (child, after_name) = cell_child(xml, pos)?;
            match child {
                CellChild::End => {
                    pos = after_name;
                    break;
                }
                CellChild::Formula => {
                    let (end, empty) = parse_attrs(xml, after_name, |_, _| {})?;
                    pos = if empty {
                        end
                    } else {
                        let close = end + memchr(b'<', &xml[end..]).ok_or(Bail)?;
                        if !xml[close..].starts_with(b"</f") {
                            return Err(Bail);
                        }
                        end_tag(xml, close + b"</f".len())?
                    };
                    value = DataRef::Empty;
                }
                CellChild::InlineString => {
                    let start = pos + 1;
                    let (end, empty) = parse_attrs(xml, after_name, |_, _| {})?;
                    pos = end;
                    let text = if empty {
                        String::new()
                    } else {
                        read_rich_string(xml, &mut pos, &xml[start..after_name])?
                    };
                    value = DataRef::String(text);
                }
                CellChild::Value => {
                    let (end, empty) = parse_attrs(xml, after_name, |_, _| {})?;
                    let raw: &[u8] = if empty {
                        pos = end;
                        b""
                    } else {
                        let close = end + memchr(b'<', &xml[end..]).ok_or(Bail)?;
                        if !xml[close..].starts_with(b"</v") {
                            return Err(Bail);
                        }
                        pos = end_tag(xml, close + b"</v".len())?;
                        &xml[end..close]
                    };
                    value = self.value(typ, raw, style)?;
                }
            }
        }
        if !self.grid.push_cell(&mut self.last, position, &value) {
            return Err(Bail);
        }
        Ok(pos)
    }

    /// The value of a `<v>` (its raw text) as calamine's `read_v` gives it.
    fn value(&self, typ: CellType, raw: &[u8], style: Option<&[u8]>) -> Scan<DataRef<'w>> {
        let context = self.context;
        if raw.is_empty() && !matches!(typ, CellType::FormulaText | CellType::IsoDate) {
            return Ok(DataRef::Empty);
        }
        Ok(match typ {
            // The value of an inline string is its `<is>`; a `<v>` beside it is ignored.
            CellType::Inline => DataRef::Empty,
            CellType::Number => {
                let number = parse_number(raw)?;
                let kind = match style {
                    None => Some(NumberKind::Other),
                    Some(style) => context.formats.get(parse_index(style)?).copied(),
                };
                match kind {
                    Some(NumberKind::DateTime) => DataRef::DateTime(ExcelDateTime::new(
                        number,
                        ExcelDateTimeType::DateTime,
                        context.is_1904,
                    )),
                    Some(NumberKind::TimeDelta) => DataRef::DateTime(ExcelDateTime::new(
                        number,
                        ExcelDateTimeType::TimeDelta,
                        context.is_1904,
                    )),
                    Some(NumberKind::Other) | None => DataRef::Float(number),
                }
            }
            CellType::Shared => {
                let text = context.strings.get(parse_index(raw)?).ok_or(Bail)?;
                DataRef::SharedString(text)
            }
            CellType::Bool => match raw {
                b"0" | b"false" => DataRef::Bool(false),
                b"1" | b"true" => DataRef::Bool(true),
                _ => return Err(Bail),
            },
            CellType::Error => {
                DataRef::Error(utf8(raw)?.parse::<CellErrorType>().map_err(|_| Bail)?)
            }
            CellType::FormulaText => DataRef::String(decode_plain_text(raw)?.into_owned()),
            CellType::IsoDate => DataRef::DateTimeIso(decode_plain_text(raw)?.into_owned()),
        })
    }
}

/// A cell's `t` attribute.
#[derive(Clone, Copy)]
enum CellType {
    /// `n` or absent.
    Number,
    /// `s`: an index into the shared strings.
    Shared,
    /// `b`.
    Bool,
    /// `e`: `#N/A` and the like.
    Error,
    /// `str`: the cached text of a formula.
    FormulaText,
    /// `d`: an ISO 8601 date.
    IsoDate,
    /// `inlineStr`: the text is in `<is>`.
    Inline,
}

/// Whether the byte after a candidate element name ends the name.
fn is_name_end(byte: Option<&u8>) -> bool {
    matches!(byte, Some(&b) if is_space(b) || b == b'>' || b == b'/')
}

/// The rest of an end tag from just after its name: optional white space and `>`.
fn end_tag(xml: &[u8], pos: usize) -> Scan<usize> {
    let close = skip_space(xml, pos);
    if xml.get(close) == Some(&b'>') {
        Ok(close + 1)
    } else {
        Err(Bail)
    }
}

/// Classifies the child of a `<c>` at `pos`; returns it and the position after its name
/// (after the whole end tag for `</c>`). Anything else bails.
fn cell_child(xml: &[u8], pos: usize) -> Scan<(CellChild, usize)> {
    let rest = xml.get(pos..).ok_or(Bail)?;
    if rest.starts_with(b"<v") && is_name_end(rest.get(2)) {
        Ok((CellChild::Value, pos + 2))
    } else if rest.starts_with(b"</c") && is_name_end(rest.get(3)) {
        Ok((CellChild::End, end_tag(xml, pos + 3)?))
    } else if rest.starts_with(b"<f") && is_name_end(rest.get(2)) {
        Ok((CellChild::Formula, pos + 2))
    } else if rest.starts_with(b"<is") && is_name_end(rest.get(3)) {
        Ok((CellChild::InlineString, pos + 3))
    } else {
        Err(Bail)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::super::{Cell, Workbook, XlsxPath};
    use crate::values::date::Date;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    /// xf 0 general, xf 1 built-in date (14), xf 2 custom `dd/mm/yyyy`, xf 3 `[h]:mm`
    /// (a duration), xf 4 custom `0.00` (not a date), xf 5 time only `hh:mm`.
    const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="0.00"/><numFmt numFmtId="167" formatCode="hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="168" formatCode="yyyy"/></dxf></dxfs></styleSheet>"#;

    /// A one-sheet workbook named `Hoja & Co` from raw parts.
    fn xlsx_bytes(sheet_data: &str, shared_strings: Option<&str>, date1904: bool) -> Vec<u8> {
        let workbook = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr{}/><sheets><sheet name="Hoja &amp; Co" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            if date1904 { r#" date1904="1""# } else { "" }
        );
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D4"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>{sheet_data}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
        );
        let mut parts = vec![
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", PACKAGE_RELS.to_string()),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
            ("xl/styles.xml", STYLES.to_string()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        if let Some(strings) = shared_strings {
            parts.push((
                "xl/sharedStrings.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#
                ),
            ));
        }
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start part");
            zip.write_all(text.as_bytes()).expect("write part");
        }
        zip.finish().expect("finish zip").into_inner()
    }

    /// Opens `bytes` both ways, checks every cell agrees, returns the fast workbook.
    fn both(bytes: &[u8]) -> Workbook {
        let fast = Workbook::open_with("x.xlsx", bytes, XlsxPath::FastOnly).expect("fast path");
        let reference = Workbook::open_with("x.xlsx", bytes, XlsxPath::Calamine).expect("calamine");
        assert_eq!(fast.sheet_names(), reference.sheet_names());
        for (a, b) in fast.sheets.iter().zip(&reference.sheets) {
            assert_eq!(
                (a.n_rows(), a.n_cols()),
                (b.n_rows(), b.n_cols()),
                "{}",
                a.name
            );
            for row in 0..=a.n_rows() {
                for col in 0..=a.n_cols() {
                    assert_eq!(a.cell(row, col), b.cell(row, col), "({row}, {col})");
                }
            }
        }
        fast
    }

    /// `Auto` falls back to calamine and still reads the workbook; `FastOnly` declines.
    fn declined(bytes: &[u8]) -> Workbook {
        assert!(Workbook::open_with("x.xlsx", bytes, XlsxPath::FastOnly).is_err());
        let auto = Workbook::open("x.xlsx", bytes).expect("auto");
        let reference = Workbook::open_with("x.xlsx", bytes, XlsxPath::Calamine).expect("calamine");
        assert_eq!(auto.sheets[0].n_rows(), reference.sheets[0].n_rows());
        auto
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal")
    }

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date::new(year, month, day).expect("date")
    }

    #[test]
    fn entities_and_inline_strings() {
        let sheet = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#241;&#xF1;</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c><c r="C1" t="inlineStr"><is><t>
  trimmed	</t></is></c><c r="D1" t="str"><f>"x"&amp;"y"</f><v>x&amp;y</v></c></row>"#;
        let workbook = both(&xlsx_bytes(sheet, None, false));
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.name, "Hoja & Co");
        assert_eq!(sheet.cell(0, 0), Cell::Text("a & b <c> \"d\" 'e' ññ"));
        assert_eq!(sheet.cell(0, 1), Cell::Text("  kept  "));
        assert_eq!(sheet.cell(0, 2), Cell::Text("trimmed"));
        assert_eq!(sheet.cell(0, 3), Cell::Text("x&y"));
    }

    #[test]
    fn shared_strings_with_rich_text_runs_and_phonetics() {
        let strings = r#"<si><t>plain</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>a</t></r><r><t xml:space="preserve"> b</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si><si/><si><t/></si>"#;
        let sheet = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>"#;
        let workbook = both(&xlsx_bytes(sheet, Some(strings), false));
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.cell(0, 0), Cell::Text("plain"));
        assert_eq!(sheet.cell(0, 1), Cell::Text("a b"));
        assert_eq!(sheet.cell(0, 2), Cell::Text("漢字"));
        assert_eq!(sheet.cell(0, 3), Cell::Empty);
        assert_eq!(sheet.n_cols(), 3);
    }

    #[test]
    fn booleans_errors_numbers_and_formulas() {
        let sheet = r#"<row r="1" spans="1:4"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#N/A</v></c></row><row r="2"><c r="A2"><v>1234.5</v></c><c r="B2" t="n"><v>-0.25</v></c><c r="C2"><f>A2*2</f><v>2469</v></c><c r="D2" s="4"><v>1E-3</v></c></row><row r="3"><c r="A3"><v>123456789012345678</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3"><v></v></c><c r="D3"/></row>"#;
        let workbook = both(&xlsx_bytes(sheet, None, false));
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.cell(0, 0), Cell::Bool(true));
        assert_eq!(sheet.cell(0, 1), Cell::Bool(false));
        assert_eq!(sheet.cell(0, 2), Cell::Error);
        assert_eq!(sheet.cell(0, 3), Cell::Error);
        assert_eq!(sheet.cell(1, 0), Cell::Number(d("1234.5")));
        assert_eq!(sheet.cell(1, 1), Cell::Number(d("-0.25")));
        assert_eq!(sheet.cell(1, 2), Cell::Number(d("2469")));
        assert_eq!(sheet.cell(1, 3), Cell::Number(d("0.001")));
        assert_eq!(sheet.cell(2, 0), Cell::Number(d("123456789012345680")));
        assert_eq!(sheet.cell(2, 1), Cell::Number(d("0.30000000000000004")));
        assert_eq!(sheet.cell(2, 2), Cell::Empty);
        assert_eq!((sheet.n_rows(), sheet.n_cols()), (3, 4));
    }

    #[test]
    fn missing_r_attributes_are_sequential() {
        let sheet = r#"<row r="2"><c><v>1</v></c><c/><c><v>3</v></c></row><row><c r="C3"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>"#;
        let workbook = both(&xlsx_bytes(sheet, None, false));
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.cell(1, 0), Cell::Number(d("1")));
        assert_eq!(sheet.cell(1, 1), Cell::Empty);
        assert_eq!(sheet.cell(1, 2), Cell::Number(d("3")));
        assert_eq!(sheet.cell(2, 2), Cell::Number(d("4")));
        assert_eq!(sheet.cell(2, 3), Cell::Number(d("5")));
        assert_eq!(sheet.cell(3, 0), Cell::Number(d("6")));
    }

    #[test]
    fn dates_by_style_durations_and_iso() {
        let sheet = r#"<row r="1"><c r="A1" s="1"><v>45720</v></c><c r="B1" s="2"><v>45720.75</v></c><c r="C1" s="3"><v>1.5</v></c><c r="D1" s="5"><v>0.5</v></c></row><row r="2"><c r="A2" s="4"><v>45720</v></c><c r="B2" t="d"><v>2025-03-04</v></c><c r="C2" s="99"><v>7</v></c><c r="D2" s="0"><v>8</v></c></row>"#;
        let workbook = both(&xlsx_bytes(sheet, None, false));
        let sheet = &workbook.sheets[0];
        assert_eq!(sheet.cell(0, 0), Cell::Date(date(2025, 3, 4)));
        assert_eq!(sheet.cell(0, 1), Cell::Date(date(2025, 3, 4)));
        assert_eq!(sheet.cell(0, 2), Cell::Number(d("1.5")));
        assert_eq!(sheet.cell(1, 0), Cell::Number(d("45720")));
        assert_eq!(sheet.cell(1, 1), Cell::Date(date(2025, 3, 4)));
        assert_eq!(sheet.cell(1, 2), Cell::Number(d("7")));
        // The 1904 date system: both paths shift by 1,462 days.
        let sheet_1904 = r#"<row r="1"><c r="A1" s="1"><v>44258</v></c></row>"#;
        let workbook = both(&xlsx_bytes(sheet_1904, None, true));
        assert_eq!(workbook.sheets[0].cell(0, 0), Cell::Date(date(2025, 3, 4)));
    }

    #[test]
    fn unknown_shapes_fall_back_to_calamine() {
        // A comment, an `_xHHHH_` escape, CDATA, out-of-order cells, a carriage return.
        for sheet in [
            r#"<row r="1"><!-- note --><c r="A1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<x>]]></t></is></c></row>"#,
            r#"<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>"#,
            "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\r\nb</v></c></row>",
            r#"<row r="1"><c r="A1"><v> 1</v></c></row>"#,
        ] {
            declined(&xlsx_bytes(sheet, None, false));
        }
        let workbook = declined(&xlsx_bytes(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
            None,
            false,
        ));
        assert_eq!(workbook.sheets[0].cell(0, 0), Cell::Text("a\rb"));
    }

    #[test]
    fn number_grammar() {
        assert_eq!(super::parse_number(b"-0").ok(), Some(-0.0));
        assert_eq!(super::parse_number(b"1.5e3").ok(), Some(1500.0));
        assert_eq!(super::parse_number(b".5").ok(), Some(0.5));
        assert_eq!(super::parse_number(b"5.").ok(), Some(5.0));
        for bad in [
            &b""[..],
            b"-",
            b".",
            b"1e",
            b"inf",
            b"NaN",
            b"+1",
            b" 1",
            b"1,5",
            b"0x1",
        ] {
            assert!(super::parse_number(bad).is_err(), "{bad:?}");
        }
    }
}
