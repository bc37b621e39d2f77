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
//!
//! The scanner is cut by concern: `xml` (tags, attributes, text decoding), `parts` (the
//! zip archive, relationships, `workbook.xml`, shared strings), `number_format` (styles:
//! which numbers are dates) and `worksheet` (the sheet scan into the grid).

mod number_format;
mod parts;
mod worksheet;
mod xml;

#[cfg(test)]
mod tests;

use self::number_format::parse_styles;
use self::parts::{
    parse_package_rels, parse_shared_strings, parse_workbook, parse_workbook_rels, Parts,
};
use self::worksheet::Context;
use super::xlsx::CompactGrid;
use crate::error::SizeLimit;

/// "Not understood: use calamine." Carries nothing on purpose: the fallback is silent.
#[derive(Debug)]
pub(super) struct Bail;

type Scan<T> = Result<T, Bail>;

/// Reads every sheet of an xlsx workbook, in workbook order, or `Ok(None)` to fall back.
/// `Err` when the workbook passes a size limit: no fallback then, calamine would only
/// inflate the same bomb into memory.
pub(super) fn read_workbook(bytes: &[u8]) -> Result<Option<Vec<(String, CompactGrid)>>, SizeLimit> {
    let Ok(mut parts) = Parts::open(bytes) else {
        return Ok(None);
    };
    match read_workbook_inner(&mut parts) {
        Ok(sheets) => Ok(Some(sheets)),
        Err(Bail) => match parts.budget.exceeded() {
            Some(limit) => Err(limit),
            None => Ok(None),
        },
    }
}

/// Sheet names and their worksheet part paths, in workbook order, for messages about a
/// part (`None` when the workbook's small parts cannot be read).
pub(super) fn sheet_paths(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let mut parts = Parts::open(bytes).ok()?;
    let (xl_path, workbook_name) = workbook_location(&mut parts).ok()?;
    let rels = parts
        .read(&format!("{xl_path}_rels/{workbook_name}.rels"))
        .ok()??;
    let rels = parse_workbook_rels(&rels).ok()?;
    let workbook = parts.read(&format!("{xl_path}{workbook_name}")).ok()??;
    parse_workbook(&workbook, &rels, &xl_path)
        .ok()
        .map(|(sheets, _)| sheets)
}

/// The folder and name of the workbook part, from the package relationships.
fn workbook_location(parts: &mut Parts<'_>) -> Scan<(String, String)> {
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
    Ok((xl_path, workbook_name.to_string()))
}

fn read_workbook_inner(parts: &mut Parts<'_>) -> Scan<Vec<(String, CompactGrid)>> {
    let (xl_path, workbook_name) = workbook_location(parts)?;

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
        let (file, budget) = parts.worksheet(path)?;
        let grid = worksheet::scan_sheet(file, budget, &context)?;
        grids.push((name.clone(), grid));
    }
    Ok(grids)
}
