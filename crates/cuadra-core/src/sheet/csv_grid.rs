//! CSV sheets: UTF-8 (with or without BOM) or Windows-1252, `;` or `,` separated, kept as
//! one text buffer of every field plus one `u32` end offset per field.

use std::borrow::Cow;

use crate::error::{InputError, InputErrorKind, LooksLike, SizeLimit};

use super::limits::MAX_CELLS;
use super::{open_error, Cell, SheetWarning};

/// A CSV's fields: `text[field_ends[f - 1]..field_ends[f]]` is field `f`; row `r` holds
/// fields `row_starts[r]..row_starts[r + 1]`.
pub(super) struct CsvGrid {
    text: String,
    field_ends: Vec<u32>,
    /// One entry per row plus a final sentinel.
    row_starts: Vec<u32>,
    pub(super) n_cols: usize,
}

impl CsvGrid {
    pub(super) fn n_rows(&self) -> usize {
        self.row_starts.len().saturating_sub(1)
    }

    pub(super) fn cell(&self, row_idx: usize, col_idx: usize) -> Cell<'_> {
        if row_idx >= self.n_rows() {
            return Cell::Empty;
        }
        let first = self.row_starts[row_idx] as usize;
        let end = self.row_starts[row_idx + 1] as usize;
        let field_idx = first + col_idx;
        if field_idx >= end {
            return Cell::Empty;
        }
        let start = if field_idx == 0 {
            0
        } else {
            self.field_ends[field_idx - 1] as usize
        };
        let text = &self.text[start..self.field_ends[field_idx] as usize];
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }
}

/// A CSV's one sheet is named after the file, without its extension.
pub(super) fn csv_sheet_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

/// How a CSV's bytes become text, per file: UTF-8 when they are valid UTF-8, or when a BOM
/// says so, or when its valid multi-byte sequences (accents written in UTF-8) are at least
/// as many as its invalid bytes; else Windows-1252.
///
/// Why a ratio and not "valid or not": one stray byte in a UTF-8 file (a paste from another
/// program) used to flip the whole file to Windows-1252 and turn every `ó` into `Ã³`, which
/// silently unmapped accented concepts. A real Windows-1252 file with accents is almost
/// never valid UTF-8 anywhere (an accent is one byte ≥ 0x80 between ASCII letters), so it
/// has invalid bytes and no multi-byte sequences. In a UTF-8 file the undecodable bytes
/// become `�` and the lines holding them are returned (1-based), for a warning.
fn decode_csv(bytes: &[u8]) -> (Cow<'_, str>, Vec<u32>) {
    let (bytes, has_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let (mut n_multibyte, mut n_invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        n_multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        n_invalid += usize::from(!chunk.invalid().is_empty());
    }
    if !has_bom && n_multibyte < n_invalid {
        let text = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0;
        return (text, Vec::new());
    }
    let mut text = String::with_capacity(bytes.len());
    let mut bad_lines = Vec::new();
    let mut line = 1u32;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        line += valid.bytes().filter(|b| *b == b'\n').count() as u32;
        text.push_str(valid);
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            if bad_lines.last() != Some(&line) {
                bad_lines.push(line);
            }
        }
    }
    (Cow::Owned(text), bad_lines)
}

/// `;` or `,`: the one that occurs more often outside quotes in the first lines. A `;` file
/// may carry decimal commas inside amounts (`1.234,50`), but every one of its lines carries
/// the separators, so counting over several lines decides well; ties go to `;`, the
/// separator Excel writes for a Spanish locale.
///
/// `None` when the first lines hold neither (nor a tab): a text that is no table.
fn sniff_delimiter(text: &str) -> Option<u8> {
    let (mut n_semicolons, mut n_commas, mut n_tabs) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    let mut n_lines = 0;
    for byte in text.bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b';' if !in_quotes => n_semicolons += 1,
            b',' if !in_quotes => n_commas += 1,
            b'\t' if !in_quotes => n_tabs += 1,
            b'\n' if !in_quotes => {
                n_lines += 1;
                if n_lines >= 20 {
                    break;
                }
            }
            _ => {}
        }
    }
    if n_semicolons + n_commas == 0 {
        // A tab-only file is still a table (Excel's "Texto (delimitado por tabulaciones)").
        return (n_tabs > 0).then_some(b'\t');
    }
    Some(if n_commas > n_semicolons { b',' } else { b';' })
}

/// The CSV's grid (the sheet `sheet_name`), and a warning per line whose bytes were not
/// UTF-8 in a UTF-8 file.
pub(super) fn read_csv(
    file_name: &str,
    sheet_name: &str,
    bytes: &[u8],
) -> Result<(CsvGrid, Vec<SheetWarning>), InputError> {
    let (text, bad_lines) = decode_csv(bytes);
    let delimiter = sniff_delimiter(&text).ok_or_else(|| {
        open_error(
            file_name,
            None,
            InputErrorKind::NotASpreadsheet {
                looks_like: LooksLike::PlainText,
            },
        )
    })?;
    let too_large = || open_error(file_name, None, InputErrorKind::CsvTooLarge);
    let too_many_cells = || {
        open_error(
            file_name,
            None,
            InputErrorKind::TooLarge {
                limit: SizeLimit::Cells {
                    max_cells: MAX_CELLS,
                },
            },
        )
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = CsvGrid {
        text: String::with_capacity(text.len()),
        field_ends: Vec::new(),
        row_starts: vec![0],
        n_cols: 0,
    };
    let mut record = csv::StringRecord::new();
    // The csv crate skips blank lines; spreadsheets count them as rows, and row numbers in
    // warnings must match what the analyst sees. Each read consumes the blank lines before
    // its record, so the newlines it consumed, minus the record's terminator and the ones
    // inside its quoted fields, are blank rows.
    let mut previous_ended_with_cr = false;
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                let line = reader.position().line();
                return Err(open_error(
                    file_name,
                    None,
                    InputErrorKind::UnreadableCsv { line },
                ));
            }
        }
        let after = (reader.position().byte() as usize).min(text.len());
        let mut consumed = &text.as_bytes()[before.min(after)..after];
        // A `\r\n` terminator may be split across two reads: the `\n` then opens this one.
        if previous_ended_with_cr {
            consumed = consumed.strip_prefix(b"\n").unwrap_or(consumed);
        }
        previous_ended_with_cr = consumed.last() == Some(&b'\r');
        let inner_newlines: usize = record
            .iter()
            .map(|field| count_newlines(field.as_bytes()))
            .sum();
        let terminator = usize::from(matches!(consumed.last(), Some(b'\n' | b'\r')));
        // A final `\r` is a line break whose `\n` the next read consumes.
        let n_breaks = count_newlines(consumed) + usize::from(previous_ended_with_cr);
        let n_blank = n_breaks.saturating_sub(terminator + inner_newlines);
        for _ in 0..n_blank {
            let n_fields = grid.field_ends.len();
            grid.row_starts
                .push(u32::try_from(n_fields).map_err(|_| too_large())?);
        }
        if (grid.field_ends.len() + record.len()) as u64 > MAX_CELLS {
            return Err(too_many_cells());
        }
        for field in record.iter() {
            grid.text.push_str(field);
            grid.field_ends
                .push(u32::try_from(grid.text.len()).map_err(|_| too_large())?);
        }
        grid.n_cols = grid.n_cols.max(record.len());
        grid.row_starts
            .push(u32::try_from(grid.field_ends.len()).map_err(|_| too_large())?);
    }
    grid.text.shrink_to_fit();
    let warnings = bad_lines
        .into_iter()
        .map(|row_number| SheetWarning {
            sheet: sheet_name.to_string(),
            row_number,
            message: "la fila tiene bytes que no son texto UTF-8 válido (el resto del archivo \
                      sí lo es); se muestran como «�»: revise sus textos"
                .to_string(),
        })
        .collect();
    Ok((grid, warnings))
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}
