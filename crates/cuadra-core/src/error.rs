//! Why a file cannot be used at all: `InputError` says where (file, sheet) and its
//! `InputErrorKind` says what, as data; `Display` renders the Spanish message the user sees.
//!
//! A bad row is a warning, not an error (`InputWarning`); an `InputError` means the file
//! cannot be read or compared: unreadable, no sheet with the key column, a missing
//! required column, or (in the page) the file never reached the worker that reads it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::slot::Slot;

/// Why a file cannot be used, and where. `Display` is Spanish for the user: the file, the
/// sheet when there is one, then the kind's message (lowercase, no trailing period).
///
/// Crosses `postMessage` (postcard): no `skip_serializing_if` here or in the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    pub file: String,
    pub sheet: Option<String>,
    pub kind: InputErrorKind,
}

/// What went wrong with a file. Variants carry the facts the message needs (a column, a
/// line), never a rendered sentence, so code and tests match on the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputErrorKind {
    // ---- Opening the workbook (`sheet`) ----
    /// The file has no bytes.
    Empty,
    /// A zip archive that neither the xlsx/xlsm nor the ods reader can open.
    UnreadableZip,
    /// A file with the OLE signature that the xls reader cannot open.
    UnreadableXls,
    /// A CSV whose text does not fit the grid's 32-bit offsets.
    CsvTooLarge,
    /// A CSV that the csv reader rejects near this 1-based line.
    UnreadableCsv { line: u64 },
    /// A sheet the workbook lists but whose cells cannot be read (`InputError::sheet`).
    UnreadableSheet,
    /// A sheet (`InputError::sheet`) whose XML is damaged (not well-formed or cut short) and
    /// that calamine cannot read either.
    BrokenSheetXml,
    /// A workbook without a single sheet.
    NoSheets,
    /// An encrypted workbook: an OLE container holding `EncryptionInfo`/`EncryptedPackage`
    /// (what Excel writes for an xlsx with a password to open), an xls with a `FILEPASS`
    /// record, or an ods whose manifest says its parts are encrypted.
    PasswordProtected,
    /// The bytes are of another kind of file than a spreadsheet (a PDF, an image, a web
    /// page, a Word document…), whatever its name says.
    NotASpreadsheet { looks_like: LooksLike },
    /// The file passes a limit that no real payroll reaches (a zip bomb, a damaged file):
    /// checked while reading, so reading stops early.
    TooLarge { limit: SizeLimit },
    /// The xlsx fast scanner declined the workbook. Only `XlsxPath::FastOnly`, a test and
    /// benchmark hook, reports it; the product falls back to calamine instead, which is
    /// why the message is not Spanish.
    FastScannerDeclined,

    // ---- Reading a slot (`input`) ----
    /// No sheet has a header row naming `column` within its first ten rows (the libro,
    /// which may start with a cover sheet).
    NoHeaderRowInAnySheet { column: String },
    /// The sheet (`InputError::sheet`) has no header row naming `column` within its first
    /// ten rows.
    NoHeaderRow { column: String },
    /// The header row, at `header_row_number` (1-based, as the spreadsheet shows it),
    /// lacks a required column.
    MissingColumn {
        column: String,
        header_row_number: u32,
    },
    /// The libro slot holds a sheet with a RUT column but nothing else of a libro (see
    /// `input::payroll_book`): most likely a novedades file in the wrong slot.
    NotAPayrollBook { header_row_number: u32 },
    /// Novedades without a RUT header and without a non-blank row in its first ten rows,
    /// so not even the positional columns can be read.
    EmptySheet,
    /// Movimientos without a sheet whose name says altas y bajas or ausentismos, the two
    /// sheets that are compared.
    NoComparedSheet,

    // ---- Reaching the worker (the page's workers) ----
    /// The page sent no bytes because it believed the worker still held the file parsed,
    /// and the worker does not (it was replaced).
    NoLongerInWorker,
    /// The browser could not read the file's `Blob`, for the browser's `reason` (the file
    /// changed or moved after it was chosen).
    BrowserUnreadable { reason: String },
    /// A request reached the worker without the file's `Blob`.
    NotDelivered,
    /// The page asked a worker to read a slot of the other comparison group: a page bug,
    /// said plainly rather than read with the wrong reader.
    WrongWorker { slot: Slot },
}

/// What a file that is not a spreadsheet looks like, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LooksLike {
    Pdf,
    Png,
    Jpeg,
    Gif,
    /// A web page; some systems export one with an `.xls` name.
    Html,
    /// A zip holding `word/document.xml`.
    WordDocument,
    /// A zip holding `ppt/presentation.xml`.
    Presentation,
    /// A readable zip with neither a workbook nor an OpenDocument spreadsheet in it.
    OtherZip,
    /// Bytes with NULs or control characters that no CSV has.
    Binary,
    /// Text with no `;`, `,` or tab on any of its first lines: not a table.
    PlainText,
}

impl fmt::Display for LooksLike {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LooksLike::Pdf => "un documento PDF",
            LooksLike::Png => "una imagen PNG",
            LooksLike::Jpeg => "una imagen JPEG",
            LooksLike::Gif => "una imagen GIF",
            LooksLike::Html => {
                "una página web HTML (algunos sistemas la exportan con extensión .xls): ábrala \
                 en Excel y guárdela como .xlsx"
            }
            LooksLike::WordDocument => "un documento de Word",
            LooksLike::Presentation => "una presentación de PowerPoint",
            LooksLike::OtherZip => "un archivo zip que no contiene ninguna planilla",
            LooksLike::Binary => "un archivo binario de otro tipo",
            LooksLike::PlainText => {
                "un texto sin columnas (ninguna de sus primeras líneas tiene «;» ni «,»)"
            }
        })
    }
}

/// Which limit a file passed. Each is far above the largest real payroll (a libro of
/// 100,000 employees × 80 concepts: ~280 MB of sheet XML, 8,000,000 cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SizeLimit {
    /// One part of a zip (a sheet, the shared strings) inflates past this many bytes.
    InflatedPart { max_bytes: u64 },
    /// All parts of a zip together inflate past this many bytes.
    InflatedTotal { max_bytes: u64 },
    /// One row of a sheet's XML is longer than this many bytes.
    RowBytes { max_bytes: u64 },
    /// A sheet holds more than this many non-empty cells.
    Cells { max_cells: u64 },
    /// A sheet has more rows than Excel allows.
    Rows { max_rows: u64 },
    /// A CSV is larger than this many bytes.
    CsvBytes { max_bytes: u64 },
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = |bytes: u64| bytes / (1024 * 1024);
        match *self {
            SizeLimit::InflatedPart { max_bytes } => write!(
                f,
                "una parte del archivo ocupa más de {} MB descomprimida",
                mb(max_bytes)
            ),
            SizeLimit::InflatedTotal { max_bytes } => write!(
                f,
                "el archivo ocupa más de {} MB descomprimido",
                mb(max_bytes)
            ),
            SizeLimit::RowBytes { max_bytes } => {
                write!(f, "una fila ocupa más de {} MB", mb(max_bytes))
            }
            SizeLimit::Cells { max_cells } => write!(
                f,
                "una hoja tiene más de {} celdas con datos",
                crate::values::amount::group_thousands(&max_cells.to_string())
            ),
            SizeLimit::Rows { max_rows } => write!(
                f,
                "una hoja tiene más de {} filas",
                crate::values::amount::group_thousands(&max_rows.to_string())
            ),
            SizeLimit::CsvBytes { max_bytes } => {
                write!(f, "el csv ocupa más de {} MB", mb(max_bytes))
            }
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{} (hoja «{}»): {}", self.file, sheet, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

impl std::error::Error for InputError {}

impl fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputErrorKind::Empty => f.write_str("el archivo está vacío"),
            InputErrorKind::UnreadableZip => f.write_str(
                "el archivo es un zip pero no es una planilla xlsx, xlsm ni ods legible",
            ),
            InputErrorKind::UnreadableXls => {
                f.write_str("no se pudo leer el archivo como planilla xls")
            }
            InputErrorKind::CsvTooLarge => f.write_str("el archivo csv es demasiado grande"),
            InputErrorKind::UnreadableCsv { line } => {
                write!(f, "no se pudo leer el archivo csv cerca de la línea {line}")
            }
            InputErrorKind::UnreadableSheet => f.write_str("no se pudo leer la hoja"),
            InputErrorKind::BrokenSheetXml => f.write_str(
                "la hoja está dañada (su XML está incompleto o mal formado): vuelva a exportar \
                 el archivo",
            ),
            InputErrorKind::NoSheets => f.write_str("la planilla no tiene hojas"),
            InputErrorKind::PasswordProtected => f.write_str(
                "la planilla está protegida con contraseña: ábrala en Excel, quite la \
                 contraseña y guárdela de nuevo",
            ),
            InputErrorKind::NotASpreadsheet { looks_like } => {
                write!(f, "el archivo no es una planilla: parece {looks_like}")
            }
            InputErrorKind::TooLarge { limit } => write!(
                f,
                "el archivo supera un límite que ninguna planilla de remuneraciones alcanza \
                 ({limit}): puede estar dañado o ser malicioso"
            ),
            InputErrorKind::FastScannerDeclined => {
                f.write_str("the fast xlsx scanner declined this workbook")
            }
            InputErrorKind::NoHeaderRowInAnySheet { column } => write!(
                f,
                "no se encontró la columna «{column}» en las primeras 10 filas de ninguna hoja"
            ),
            InputErrorKind::NoHeaderRow { column } => write!(
                f,
                "falta la columna obligatoria «{column}» en las primeras 10 filas"
            ),
            InputErrorKind::MissingColumn {
                column,
                header_row_number,
            } => write!(
                f,
                "falta la columna obligatoria «{column}» en la fila de encabezados \
                 (fila {header_row_number})"
            ),
            InputErrorKind::EmptySheet => {
                f.write_str("la hoja está vacía: no hay fila de encabezados")
            }
            InputErrorKind::NotAPayrollBook { header_row_number } => write!(
                f,
                "no parece un libro de remuneraciones: su fila de encabezados (fila \
                 {header_row_number}) no tiene «Rut del Trabajador», ni las columnas de \
                 Talana (Año, Mes, Rut de la Empresa), ni totales como «Total Haberes» o \
                 «Líquido»; ¿es el archivo de novedades?"
            ),
            InputErrorKind::NoComparedSheet => f.write_str(
                "no se encontró ninguna hoja de altas y bajas ni de ausentismos (se reconocen \
                 por el nombre de la hoja)",
            ),
            InputErrorKind::NoLongerInWorker => {
                f.write_str("el trabajador ya no tiene este archivo: vuelva a cargarlo")
            }
            InputErrorKind::BrowserUnreadable { reason } => write!(
                f,
                "el navegador no pudo leer el archivo ({reason}); si cambió o se movió \
                 después de elegirlo, vuelva a cargarlo"
            ),
            InputErrorKind::NotDelivered => {
                f.write_str("el archivo no llegó al trabajador: vuelva a cargarlo")
            }
            InputErrorKind::WrongWorker { slot } => write!(
                f,
                "este trabajador no lee archivos de {} (error interno de la página)",
                slot.label()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The position of a kind in the table below. No wildcard arm: a new kind does not
    /// compile until it has a row.
    fn row_of(kind: &InputErrorKind) -> usize {
        match kind {
            InputErrorKind::Empty => 0,
            InputErrorKind::UnreadableZip => 1,
            InputErrorKind::UnreadableXls => 2,
            InputErrorKind::CsvTooLarge => 3,
            InputErrorKind::UnreadableCsv { .. } => 4,
            InputErrorKind::UnreadableSheet => 5,
            InputErrorKind::NoSheets => 6,
            InputErrorKind::FastScannerDeclined => 7,
            InputErrorKind::NoHeaderRowInAnySheet { .. } => 8,
            InputErrorKind::NoHeaderRow { .. } => 9,
            InputErrorKind::MissingColumn { .. } => 10,
            InputErrorKind::EmptySheet => 11,
            InputErrorKind::NoComparedSheet => 12,
            InputErrorKind::NoLongerInWorker => 13,
            InputErrorKind::BrowserUnreadable { .. } => 14,
            InputErrorKind::NotDelivered => 15,
            InputErrorKind::WrongWorker { .. } => 16,
            InputErrorKind::PasswordProtected => 17,
            InputErrorKind::NotASpreadsheet { .. } => 18,
            InputErrorKind::TooLarge { .. } => 19,
            InputErrorKind::NotAPayrollBook { .. } => 20,
            InputErrorKind::BrokenSheetXml => 21,
        }
    }

    /// Every kind renders to the message the readers and workers wrote before kinds
    /// existed, byte for byte: the CLI's stderr and the page's slot messages depend on it.
    #[test]
    fn every_kind_renders_its_exact_message() {
        let column = |name: &str| name.to_string();
        let table = [
            (InputErrorKind::Empty, "el archivo está vacío"),
            (
                InputErrorKind::UnreadableZip,
                "el archivo es un zip pero no es una planilla xlsx, xlsm ni ods legible",
            ),
            (
                InputErrorKind::UnreadableXls,
                "no se pudo leer el archivo como planilla xls",
            ),
            (
                InputErrorKind::CsvTooLarge,
                "el archivo csv es demasiado grande",
            ),
            (
                InputErrorKind::UnreadableCsv { line: 42 },
                "no se pudo leer el archivo csv cerca de la línea 42",
            ),
            (InputErrorKind::UnreadableSheet, "no se pudo leer la hoja"),
            (InputErrorKind::NoSheets, "la planilla no tiene hojas"),
            (
                InputErrorKind::FastScannerDeclined,
                "the fast xlsx scanner declined this workbook",
            ),
            (
                InputErrorKind::NoHeaderRowInAnySheet {
                    column: column("Rut del Trabajador"),
                },
                "no se encontró la columna «Rut del Trabajador» en las primeras 10 filas de \
                 ninguna hoja",
            ),
            (
                InputErrorKind::NoHeaderRow {
                    column: column("Rut"),
                },
                "falta la columna obligatoria «Rut» en las primeras 10 filas",
            ),
            (
                InputErrorKind::MissingColumn {
                    column: column("Fecha Retiro"),
                    header_row_number: 3,
                },
                "falta la columna obligatoria «Fecha Retiro» en la fila de encabezados (fila 3)",
            ),
            (
                InputErrorKind::EmptySheet,
                "la hoja está vacía: no hay fila de encabezados",
            ),
            (
                InputErrorKind::NoComparedSheet,
                "no se encontró ninguna hoja de altas y bajas ni de ausentismos (se reconocen por \
                 el nombre de la hoja)",
            ),
            (
                InputErrorKind::NoLongerInWorker,
                "el trabajador ya no tiene este archivo: vuelva a cargarlo",
            ),
            (
                InputErrorKind::BrowserUnreadable {
                    reason: "NotReadableError".to_string(),
                },
                "el navegador no pudo leer el archivo (NotReadableError); si cambió o se movió \
                 después de elegirlo, vuelva a cargarlo",
            ),
            (
                InputErrorKind::NotDelivered,
                "el archivo no llegó al trabajador: vuelva a cargarlo",
            ),
            (
                InputErrorKind::WrongWorker {
                    slot: Slot::AnalystHires,
                },
                "este trabajador no lee archivos de Ingresos (error interno de la página)",
            ),
            (
                InputErrorKind::PasswordProtected,
                "la planilla está protegida con contraseña: ábrala en Excel, quite la \
                 contraseña y guárdela de nuevo",
            ),
            (
                InputErrorKind::NotASpreadsheet {
                    looks_like: LooksLike::Pdf,
                },
                "el archivo no es una planilla: parece un documento PDF",
            ),
            (
                InputErrorKind::TooLarge {
                    limit: SizeLimit::InflatedPart {
                        max_bytes: 512 * 1024 * 1024,
                    },
                },
                "el archivo supera un límite que ninguna planilla de remuneraciones alcanza \
                 (una parte del archivo ocupa más de 512 MB descomprimida): puede estar dañado \
                 o ser malicioso",
            ),
            (
                InputErrorKind::NotAPayrollBook {
                    header_row_number: 1,
                },
                "no parece un libro de remuneraciones: su fila de encabezados (fila 1) no tiene \
                 «Rut del Trabajador», ni las columnas de Talana (Año, Mes, Rut de la Empresa), \
                 ni totales como «Total Haberes» o «Líquido»; ¿es el archivo de novedades?",
            ),
            (
                InputErrorKind::BrokenSheetXml,
                "la hoja está dañada (su XML está incompleto o mal formado): vuelva a exportar el \
                 archivo",
            ),
        ];
        for (row_idx, (kind, message)) in table.iter().enumerate() {
            assert_eq!(
                row_of(kind),
                row_idx,
                "{kind:?} is out of place in the table"
            );
            assert_eq!(kind.to_string(), *message, "{kind:?}");
        }
        assert_eq!(table.len(), row_of(&InputErrorKind::BrokenSheetXml) + 1);
    }

    #[test]
    fn the_error_names_the_file_then_the_sheet_when_there_is_one() {
        let kind = InputErrorKind::NoHeaderRow {
            column: "Rut".to_string(),
        };
        let in_sheet = InputError {
            file: "ingresos.xlsx".to_string(),
            sheet: Some("Hoja 1".to_string()),
            kind: kind.clone(),
        };
        assert_eq!(
            in_sheet.to_string(),
            "ingresos.xlsx (hoja «Hoja 1»): falta la columna obligatoria «Rut» en las primeras \
             10 filas"
        );
        let whole_file = InputError {
            sheet: None,
            ..in_sheet
        };
        assert_eq!(
            whole_file.to_string(),
            "ingresos.xlsx: falta la columna obligatoria «Rut» en las primeras 10 filas"
        );
    }
}
