//! What a file really is, from its bytes and never its name: analysts rename files, and
//! systems export web pages as `.xls`. A file that is no spreadsheet is refused with what
//! it looks like, instead of being read as a CSV and reported as a missing RUT column.

use std::io::Cursor;

use crate::error::LooksLike;

/// The reader a file goes to, or why it goes to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// A zip: xlsx/xlsm, ods, or another zip (decided by [`zip_kind`]).
    Zip,
    /// An OLE compound file holding a workbook (xls).
    Ole,
    /// An OLE compound file holding an encrypted OOXML package: what Excel writes for an
    /// xlsx with a password to open.
    EncryptedOle,
    /// Text, read as CSV.
    Text,
    NotASpreadsheet(LooksLike),
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// How many leading bytes decide a text file's kind.
const SNIFF_BYTES: usize = 8 * 1024;

pub(super) fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(ZIP_MAGIC) {
        return Format::Zip;
    }
    if bytes.starts_with(OLE_MAGIC) {
        return ole_kind(bytes);
    }
    if bytes.starts_with(b"%PDF-") {
        return Format::NotASpreadsheet(LooksLike::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Format::NotASpreadsheet(LooksLike::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Format::NotASpreadsheet(LooksLike::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Format::NotASpreadsheet(LooksLike::Gif);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if looks_like_html(text) {
        return Format::NotASpreadsheet(LooksLike::Html);
    }
    if is_binary(text) {
        return Format::NotASpreadsheet(LooksLike::Binary);
    }
    Format::Text
}

/// A compound file's streams are named in UTF-16LE in its directory; an encrypted OOXML
/// package has `EncryptionInfo` and `EncryptedPackage`, a Word file `WordDocument`.
fn ole_kind(bytes: &[u8]) -> Format {
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |name: &str| memchr::memmem::find(bytes, &utf16(name)).is_some();
    if has("EncryptedPackage") || has("EncryptionInfo") {
        Format::EncryptedOle
    } else if has("WordDocument") && !has("Workbook") && !has("Book") {
        Format::NotASpreadsheet(LooksLike::WordDocument)
    } else {
        Format::Ole
    }
}

/// Markup at the start, after white space: a web page (`<!DOCTYPE html>`, `<html>`, or
/// a bare `<table>` as some "xls" exports are).
fn looks_like_html(text: &[u8]) -> bool {
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    if text.first() != Some(&b'<') {
        return false;
    }
    let lower: Vec<u8> = text.iter().map(u8::to_ascii_lowercase).collect();
    [
        "<!doctype html",
        "<html",
        "<table",
        "<head",
        "<body",
        "<meta",
    ]
    .iter()
    .any(|tag| lower.starts_with(tag.as_bytes()))
        || (lower.starts_with(b"<?xml") || lower.starts_with(b"<!--"))
            && memchr::memmem::find(&lower, b"<html").is_some()
}

/// NUL bytes, or many control characters other than tab, line breaks and form feed: no
/// CSV in UTF-8 or Windows-1252 has them.
fn is_binary(text: &[u8]) -> bool {
    if text.contains(&0) {
        return true;
    }
    let n_control = text
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    n_control * 20 > text.len().max(1)
}

/// What a zip that neither spreadsheet reader opened holds.
pub(super) fn zip_kind(bytes: &[u8]) -> Option<LooksLike> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|name| name.ok().map(|name| name.to_ascii_lowercase()))
        .collect();
    let has = |name: &str| names.iter().any(|entry| entry == name);
    // A damaged workbook is still a workbook: the caller says so, not "some other zip".
    if names
        .iter()
        .any(|entry| entry.starts_with("xl/") || entry == "content.xml" || entry == "mimetype")
    {
        return None;
    }
    Some(if has("word/document.xml") {
        LooksLike::WordDocument
    } else if has("ppt/presentation.xml") {
        LooksLike::Presentation
    } else {
        LooksLike::OtherZip
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn kinds_by_their_first_bytes() {
        let cases: [(&[u8], Format); 9] = [
            (b"%PDF-1.7\n", Format::NotASpreadsheet(LooksLike::Pdf)),
            (
                b"\x89PNG\r\n\x1a\n\0\0",
                Format::NotASpreadsheet(LooksLike::Png),
            ),
            (
                b"\xFF\xD8\xFF\xE0",
                Format::NotASpreadsheet(LooksLike::Jpeg),
            ),
            (b"GIF89a", Format::NotASpreadsheet(LooksLike::Gif)),
            (
                b"\xEF\xBB\xBF  <!DOCTYPE HTML><html>",
                Format::NotASpreadsheet(LooksLike::Html),
            ),
            (
                b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">",
                Format::NotASpreadsheet(LooksLike::Html),
            ),
            (
                b"\x01\x02\x03\0",
                Format::NotASpreadsheet(LooksLike::Binary),
            ),
            (b"Rut;Nombre\r\n1;Ana\r\n", Format::Text),
            (b"Rut;Nombre\n12345678-5;Jos\xe9\n", Format::Text),
        ];
        for (bytes, format) in cases {
            assert_eq!(sniff(bytes), format, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
