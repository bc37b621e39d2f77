//! The workbook's small parts: the zip archive with calamine's part lookup, the package
//! and workbook relationships, `workbook.xml` (sheets, 1904 dates) and shared strings.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::read::ZipFile;

use super::xml::{decode_text, local_name, next_tag, read_rich_string, utf8, TagKind};
use super::{Bail, Scan};
use crate::error::SizeLimit;
use crate::sheet::limits::{Budget, Limited, MAX_WHOLE_PART};

/// A worksheet part's inflated bytes, counted against the workbook's budget.
pub(super) type WorksheetStream<'p, 'b> = Limited<'p, ZipFile<'p, Cursor<&'b [u8]>>>;

/// The zip archive plus calamine's case-insensitive name lookup, and the workbook's
/// inflation budget: every part read through here counts against it.
pub(super) struct Parts<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    names: HashMap<String, String>,
    pub(super) budget: Budget,
}

impl<'b> Parts<'b> {
    pub(super) fn open(bytes: &'b [u8]) -> Scan<Parts<'b>> {
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
        Ok(Parts {
            zip,
            names,
            budget: Budget::new(),
        })
    }

    fn entry_name<'p>(&'p self, path: &'p str) -> &'p str {
        self.names
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str)
    }

    /// A whole (small) part; `Ok(None)` when the archive lacks it.
    pub(super) fn read(&mut self, path: &str) -> Scan<Option<Vec<u8>>> {
        let name = self.entry_name(path).to_string();
        match self.zip.by_name(&name) {
            Ok(file) => {
                let mut bytes = Vec::new();
                let mut file = self.budget.limit(file).take(MAX_WHOLE_PART + 1);
                file.read_to_end(&mut bytes).map_err(|_| Bail)?;
                if bytes.len() as u64 > MAX_WHOLE_PART {
                    self.budget.exceed(SizeLimit::InflatedPart {
                        max_bytes: MAX_WHOLE_PART,
                    });
                    return Err(Bail);
                }
                Ok(Some(bytes))
            }
            Err(zip::result::ZipError::FileNotFound) => Ok(None),
            Err(_) => Err(Bail),
        }
    }

    /// A worksheet part as a stream of inflated bytes, for the scanner to read in chunks,
    /// counted against the budget; and the budget, for the scanner's own limits.
    pub(super) fn worksheet(&mut self, path: &str) -> Scan<(WorksheetStream<'_, 'b>, &Budget)> {
        let name = self.entry_name(path).to_string();
        let Parts { zip, budget, .. } = self;
        let file = zip.by_name(&name).map_err(|_| Bail)?;
        Ok((budget.limit(file), budget))
    }
}

/// The target of the package's `officeDocument` relationship (`_rels/.rels`).
pub(super) fn parse_package_rels(xml: &[u8]) -> Scan<String> {
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
pub(super) fn parse_workbook_rels(xml: &[u8]) -> Scan<HashMap<String, (String, String)>> {
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
pub(super) fn parse_workbook(
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

/// Every `<si>` of `sharedStrings.xml`, flattened like calamine does.
pub(super) fn parse_shared_strings(xml: &[u8]) -> Scan<Vec<String>> {
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
