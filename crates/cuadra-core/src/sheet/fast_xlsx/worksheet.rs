//! The worksheet scan: `<sheetData>` inflated chunk by chunk, each `<c>` parsed (cell
//! reference, type, style, value) and pushed into the compact grid.

use std::io::Read;

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use memchr::{memchr, memmem};

use super::number_format::NumberKind;
use super::xml::{
    decode_plain_text, end_tag, is_name_end, is_space, parse_attrs, read_rich_string, skip_space,
    utf8,
};
use super::{Bail, Scan};
use crate::error::SizeLimit;
use crate::sheet::limits::{Budget, MAX_ROW_BYTES};
use crate::sheet::xlsx::CompactGrid;

/// Inflated bytes scanned per step. Big enough to amortise the bookkeeping, small enough to
/// stay in cache and keep the transient buffer negligible next to the grid.
const CHUNK: usize = 256 * 1024;

pub(super) struct Context<'w> {
    pub(super) strings: &'w [String],
    pub(super) formats: &'w [NumberKind],
    pub(super) is_1904: bool,
}

/// Reads one worksheet part chunk by chunk into a grid.
///
/// Linear in the part's size: each search for `</row>` (and for `<sheetData`) covers only
/// the bytes that arrived since the last one, never the whole pending buffer again (a
/// 1 GB run of padding before the next `</row>` was quadratic: 33 s at 256 MB). Pending
/// bytes without a complete row are bounded by `MAX_ROW_BYTES`, cells and rows by the
/// budget's sheet limits; past one the scan stops and the budget names the limit.
pub(super) fn scan_sheet<R: Read>(
    mut file: R,
    budget: &Budget,
    context: &Context<'_>,
) -> Scan<CompactGrid> {
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    let mut eof = false;
    let too_long = |pending: usize| {
        if pending as u64 > MAX_ROW_BYTES {
            budget.exceed(SizeLimit::RowBytes {
                max_bytes: MAX_ROW_BYTES,
            });
            Err(Bail)
        } else {
            Ok(())
        }
    };
    // Everything before `<sheetData`: the sheet properties and the declared dimension.
    let mut searched = 0;
    let data_start = loop {
        fill(&mut file, &mut buffer, &mut eof)?;
        if let Some(start) = find_sheet_data(&buffer, searched) {
            break start;
        }
        if eof {
            return Err(Bail);
        }
        too_long(buffer.len())?;
        // A match may straddle the chunk boundary.
        searched = buffer.len().saturating_sub(b"<sheetData ".len());
    };
    let prefix = &buffer[..data_start];
    if memmem::find(prefix, b"<!").is_some() {
        return Err(Bail);
    }
    let declared = declared_cells(prefix).unwrap_or(u64::MAX);
    let (after_open, empty) = parse_attrs(&buffer, data_start + b"<sheetData".len(), |_, _| {})?;
    let mut scanner = SheetScanner {
        context,
        budget,
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
    // Bytes from `start` up to here hold no `</row>`.
    let mut searched = start;
    let row_end = memmem::FinderRev::new(b"</row>");
    loop {
        let end = if eof {
            buffer.len()
        } else {
            match row_end.rfind(&buffer[searched..]) {
                Some(offset) => searched + offset + b"</row>".len(),
                None => {
                    // Not one complete row yet: read more.
                    too_long(buffer.len() - start)?;
                    searched = buffer.len().saturating_sub(b"</row>".len() - 1).max(start);
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
        searched = 0;
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

/// Offset of the `<sheetData` start tag, searching from `from`.
fn find_sheet_data(xml: &[u8], mut from: usize) -> Option<usize> {
    let finder = memmem::Finder::new(b"<sheetData");
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
pub(super) fn parse_number(text: &[u8]) -> Scan<f64> {
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
    budget: &'c Budget,
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
                if !self
                    .budget
                    .check_sheet(self.grid.n_cells(), u64::from(self.row_index))
                {
                    return Err(Bail);
                }
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
        if u64::from(position.0) >= crate::sheet::limits::MAX_ROWS {
            self.budget.check_sheet(0, u64::from(position.0));
            return Err(Bail);
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
