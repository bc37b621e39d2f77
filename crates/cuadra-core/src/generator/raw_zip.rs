//! Zip archives written part by part, for the malformed-input corpus: a minimal xlsx whose
//! sheet XML is streamed from a closure (a 1 GB bomb never sits in memory), and an
//! existing archive rewritten with one part replaced.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Fast deflate: the corpus's bombs compress a gigabyte, and ratio is not the point.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// The start of a worksheet part, up to and including `<sheetData>`.
pub const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
/// The end of a worksheet part.
pub const SHEET_END: &str = "</sheetData></worksheet>";

/// A one-sheet xlsx named `sheet_name` whose `xl/worksheets/sheet1.xml` is what `write_sheet`
/// writes (all of it, `SHEET_START` and `SHEET_END` included). Text cells must be inline
/// (`t="inlineStr"`): the workbook has no shared strings.
pub fn xlsx_with_sheet(
    sheet_name: &str,
    write_sheet: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/workbook.xml", workbook.as_str()),
    ] {
        zip.start_file(name, options())
            .expect("writing a zip into memory cannot fail");
        zip.write_all(text.as_bytes())
            .expect("writing a zip into memory cannot fail");
    }
    zip.start_file("xl/worksheets/sheet1.xml", options())
        .expect("writing a zip into memory cannot fail");
    write_sheet(&mut zip).expect("writing a zip into memory cannot fail");
    zip.finish()
        .expect("writing a zip into memory cannot fail")
        .into_inner()
}

/// A zip of the given parts, as they are.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, options())
            .expect("writing a zip into memory cannot fail");
        zip.write_all(bytes)
            .expect("writing a zip into memory cannot fail");
    }
    zip.finish()
        .expect("writing a zip into memory cannot fail")
        .into_inner()
}

/// `archive` rewritten with each part passed through `edit` (its name and inflated bytes
/// in, the bytes to store out). Parts that cannot be read are left out; an archive that
/// cannot be opened comes back as it is (the fuzz harness rewrites damaged zips too).
pub fn rewrite_parts(archive: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let Ok(mut source) = ZipArchive::new(Cursor::new(archive)) else {
        return archive.to_vec();
    };
    let mut parts = Vec::with_capacity(source.len());
    for index in 0..source.len() {
        let Ok(mut part) = source.by_index(index) else {
            continue;
        };
        let name = part
            .name()
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let mut bytes = Vec::new();
        // At most 64 MB per part: the corpus's and the fuzzer's archives are small.
        if (&mut part)
            .take(64 * 1024 * 1024)
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let bytes = edit(&name, bytes);
        parts.push((name, bytes));
    }
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip_of(&parts)
}
