//! The malformed-input corpus (issue 12): files a careful user may load by mistake or an
//! attacker on purpose, each with exactly what the user must be told. Built by the
//! project's own code (CSV text, rust_xlsxwriter, `raw_zip`), except an encrypted xlsx,
//! which only Office-compatible tools write (`tests/fixtures/hostile/`).
//!
//! Every host runs the same cases: the readers (`tests/integration/hostile/`), the CLI
//! binary (`crates/cuadra-cli/tests/corpus.rs`) and the page's worker logic natively and in
//! Chromium (`tests/corpus.rs`). The heavy cases (a million rows, 100 MB, bombs) are built
//! one at a time by [`heavy_cases`]; they take seconds each, so the default test runs skip
//! them (`cargo xtask corpus --heavy` runs them).

use rust_xlsxwriter::Workbook;

mod heavy;
mod values;

pub use heavy::{heavy_cases, HeavyCase};

use super::raw_zip::{rewrite_parts, xlsx_with_sheet, zip_of, SHEET_END, SHEET_START};
use crate::model::Slot;
use crate::values::rut::Rut;

/// One file of the corpus, the slot the user put it in, and what they must see.
#[derive(Debug, Clone)]
pub struct CorpusCase {
    /// A short id, for test output.
    pub name: &'static str,
    pub slot: Slot,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub expected: Expected,
}

/// What reading a case's file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// The file is refused with exactly this message (the `InputError` as displayed).
    Error(String),
    /// The file is read: its rows, its warnings exactly and in order, and (libro and
    /// novedades) its concept columns.
    Read {
        n_rows: usize,
        warnings: Vec<String>,
        concepts: Vec<String>,
    },
}

pub(super) fn case(
    name: &'static str,
    slot: Slot,
    file_name: &str,
    bytes: Vec<u8>,
    expected: Expected,
) -> CorpusCase {
    CorpusCase {
        name,
        slot,
        file_name: file_name.to_string(),
        bytes,
        expected,
    }
}

pub(super) fn error(message: &str) -> Expected {
    Expected::Error(message.to_string())
}

pub(super) fn read(n_rows: usize, warnings: &[&str], concepts: &[&str]) -> Expected {
    Expected::Read {
        n_rows,
        warnings: warnings.iter().map(|w| w.to_string()).collect(),
        concepts: concepts.iter().map(|c| c.to_string()).collect(),
    }
}

pub(super) fn rut(number: u32) -> String {
    Rut::from_number(number).to_string()
}

/// A small valid libro as CSV, the base of several cases.
fn libro_csv() -> String {
    format!(
        "Rut del Trabajador;Nombre;Sueldo Base;Bono\n{};Ana;500000;10000\n{};Luis;600000;\n",
        rut(11_111_111),
        rut(22_222_222)
    )
}

/// A small valid xlsx libro, to truncate and break.
fn libro_xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Libro").expect("a valid sheet name");
    for (col, header) in ["Rut del Trabajador", "Nombre", "Sueldo Base"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(0, col as u16, *header)
            .expect("in range");
    }
    for row in 1..=40u32 {
        sheet
            .write_string(row, 0, rut(10_000_000 + row))
            .expect("in range");
        sheet
            .write_string(row, 1, "Nombre Apellido")
            .expect("in range");
        sheet
            .write_number(row, 2, f64::from(400_000 + row))
            .expect("in range");
    }
    workbook.save_to_buffer().expect("an xlsx in memory")
}

/// The cases that run in every test run: each takes milliseconds.
pub fn light_cases() -> Vec<CorpusCase> {
    let mut cases = not_spreadsheets();
    cases.extend(broken_workbooks());
    cases.extend(wrong_content());
    cases.extend(values::cells_and_values());
    cases.extend(values::encodings());
    cases
}

/// Empty files, other kinds of file under a spreadsheet's name.
fn not_spreadsheets() -> Vec<CorpusCase> {
    let not = |what: &str| format!("el archivo no es una planilla: parece {what}");
    let html = "una página web HTML (algunos sistemas la exportan con extensión .xls): ábrala en \
                Excel y guárdela como .xlsx";
    vec![
        case("empty", Slot::PayrollBook, "vacio.xlsx", Vec::new(), error("vacio.xlsx: el archivo está vacío")),
        case(
            "only_blank_lines",
            Slot::PayrollChanges,
            "espacios.csv",
            b"  \r\n\r\n \t\n".to_vec(),
            error("espacios.csv: el archivo está vacío"),
        ),
        case(
            "pdf_renamed",
            Slot::PayrollBook,
            "libro.xlsx",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
            error(&format!("libro.xlsx: {}", not("un documento PDF"))),
        ),
        case(
            "png_renamed",
            Slot::MonthlyMovements,
            "movimientos.xlsx",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec(),
            error(&format!("movimientos.xlsx: {}", not("una imagen PNG"))),
        ),
        case(
            "jpeg_renamed",
            Slot::AnalystHires,
            "ingresos.xls",
            b"\xff\xd8\xff\xe0\0\x10JFIF\0".to_vec(),
            error(&format!("ingresos.xls: {}", not("una imagen JPEG"))),
        ),
        case(
            "gif_renamed",
            Slot::AnalystAbsences,
            "ausentismos.csv",
            b"GIF89a\x01\0\x01\0".to_vec(),
            error(&format!("ausentismos.csv: {}", not("una imagen GIF"))),
        ),
        case(
            "html_exported_as_xls",
            Slot::PayrollBook,
            "libro_talana.xls",
            b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<body><table><tr><td>Rut del Trabajador</td><td>Sueldo Base</td></tr></table></body></html>".to_vec(),
            error(&format!("libro_talana.xls: {}", not(html))),
        ),
        case(
            "docx_renamed",
            Slot::PayrollChanges,
            "novedades.xlsx",
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", b"<w:document/>"),
            ]),
            error(&format!("novedades.xlsx: {}", not("un documento de Word"))),
        ),
        case(
            "zip_without_spreadsheet",
            Slot::PayrollChanges,
            "novedades.xlsx",
            zip_of(&[("leeme.txt", b"hola")]),
            error(&format!("novedades.xlsx: {}", not("un archivo zip que no contiene ninguna planilla"))),
        ),
        case(
            "plain_text",
            Slot::AnalystTerminations,
            "finiquitos.csv",
            "Estimados:\nadjunto los finiquitos del mes\nSaludos\n".as_bytes().to_vec(),
            error(&format!(
                "finiquitos.csv: {}",
                not("un texto sin columnas (ninguna de sus primeras líneas tiene «;» ni «,»)")
            )),
        ),
        case(
            "binary",
            Slot::PayrollBook,
            "libro.xlsx",
            (0u8..=255).cycle().take(4096).collect(),
            error(&format!("libro.xlsx: {}", not("un archivo binario de otro tipo"))),
        ),
    ]
}

/// Corrupt, truncated, encrypted workbooks and damaged sheet XML.
fn broken_workbooks() -> Vec<CorpusCase> {
    let xlsx = libro_xlsx();
    let truncated = xlsx[..xlsx.len() * 6 / 10].to_vec();
    let header_row = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Rut del Trabajador</t></is></c><c r="B1" t="inlineStr"><is><t>Sueldo Base</t></is></c></row>"#;
    let data_row = |row: u32| {
        format!(
            r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{}</t></is></c><c r="B{row}"><v>1000</v></c></row>"#,
            rut(10_000_000 + row)
        )
    };
    // Cut inside row 4, as a damaged download or a bad edit leaves it.
    let cut_sheet = xlsx_with_sheet("Libro", |out| {
        write!(
            out,
            "{SHEET_START}{header_row}{}{}",
            data_row(2),
            data_row(3)
        )?;
        let row_4 = data_row(4);
        out.write_all(&row_4.as_bytes()[..row_4.len() / 2])
    });
    // Cut just after a complete row.
    let cut_after_row = xlsx_with_sheet("Libro", |out| {
        write!(
            out,
            "{SHEET_START}{header_row}{}{}",
            data_row(2),
            data_row(3)
        )
    });
    // An unknown, unclosed element in the middle of the sheet.
    let garbled_sheet = xlsx_with_sheet("Libro", |out| {
        write!(
            out,
            "{SHEET_START}{header_row}{}<row r=\"3\"><c r=\"A3\"><v>1</v></c><oops{}{SHEET_END}",
            data_row(2),
            data_row(4)
        )
    });
    let broken_sheet =
        "la hoja está dañada (su XML está incompleto o mal formado): vuelva a exportar el archivo";
    let damaged = "libro.xlsx, hoja «Libro»: el XML de la hoja está dañado o incompleto: pueden \
                   faltar filas; revise el archivo o vuelva a exportarlo";
    vec![
        case(
            "corrupt_zip",
            Slot::PayrollBook,
            "libro.xlsx",
            b"PK\x03\x04\x14\0\0\0garbage that is no zip".to_vec(),
            error("libro.xlsx: el archivo es un zip pero no es una planilla xlsx, xlsm ni ods legible"),
        ),
        case(
            "truncated_xlsx",
            Slot::PayrollBook,
            "libro.xlsx",
            truncated,
            error("libro.xlsx: el archivo es un zip pero no es una planilla xlsx, xlsm ni ods legible"),
        ),
        case(
            "password_protected_xlsx",
            Slot::PayrollBook,
            "libro.xlsx",
            include_bytes!("../../../tests/fixtures/hostile/protegido.xlsx").to_vec(),
            error(
                "libro.xlsx: la planilla está protegida con contraseña: ábrala en Excel, quite la \
                 contraseña y guárdela de nuevo",
            ),
        ),
        case(
            "sheet_xml_cut_mid_row",
            Slot::PayrollBook,
            "libro.xlsx",
            cut_sheet,
            error(&format!("libro.xlsx (hoja «Libro»): {broken_sheet}")),
        ),
        case(
            "sheet_xml_cut_after_a_row",
            Slot::PayrollBook,
            "libro.xlsx",
            cut_after_row,
            error(&format!("libro.xlsx (hoja «Libro»): {broken_sheet}")),
        ),
        case(
            "sheet_xml_garbled",
            Slot::PayrollBook,
            "libro.xlsx",
            garbled_sheet,
            read(
                2,
                &[
                    damaged,
                    "libro.xlsx, hoja «Libro», fila 3: «1» no es un RUT (tiene menos de 7 \
                     dígitos); la fila se omite",
                ],
                &["Sueldo Base"],
            ),
        ),
    ]
}

/// Readable files that are the wrong thing: no usable sheet, a file in the wrong slot,
/// missing required columns.
fn wrong_content() -> Vec<CorpusCase> {
    let mut cover = Workbook::new();
    let sheet = cover.add_worksheet();
    sheet.set_name("Portada").expect("a valid sheet name");
    sheet
        .write_string(0, 0, "Libro de Remuneraciones marzo 2025")
        .expect("in range");
    let sheet = cover.add_worksheet();
    sheet.set_name("Datos").expect("a valid sheet name");
    sheet.write_string(0, 0, "Nombre").expect("in range");
    sheet.write_string(0, 1, "Sueldo Base").expect("in range");
    let cover = cover.save_to_buffer().expect("an xlsx in memory");

    let mut summary_only = Workbook::new();
    let sheet = summary_only.add_worksheet();
    sheet.set_name("Resumen").expect("a valid sheet name");
    sheet.write_string(0, 0, "Rut").expect("in range");
    let summary_only = summary_only.save_to_buffer().expect("an xlsx in memory");

    let novedades = format!(
        "RUT;Nombre;Sueldo Base;Bono\n{};Ana;500000;10000\n{};Luis;600000;X\n",
        rut(11_111_111),
        rut(22_222_222)
    );
    vec![
        case(
            "no_usable_sheet",
            Slot::PayrollBook,
            "libro.xlsx",
            cover,
            error(
                "libro.xlsx: no se encontró la columna «Rut del Trabajador» en las primeras 10 \
                 filas de ninguna hoja",
            ),
        ),
        case(
            "novedades_in_libro_slot",
            Slot::PayrollBook,
            "novedades.csv",
            novedades.into_bytes(),
            error(
                "novedades.csv (hoja «novedades»): no parece un libro de remuneraciones: su fila \
                 de encabezados (fila 1) no tiene «Rut del Trabajador», ni las columnas de \
                 Talana (Año, Mes, Rut de la Empresa), ni totales como «Total Haberes» o \
                 «Líquido»; ¿es el archivo de novedades?",
            ),
        ),
        case(
            "missing_required_column",
            Slot::AnalystHires,
            "ingresos.csv",
            format!("Rut;Nombre\n{};Ana\n", rut(11_111_111)).into_bytes(),
            error(
                "ingresos.csv (hoja «ingresos»): falta la columna obligatoria «Fecha Ingreso» en \
                 la fila de encabezados (fila 1)",
            ),
        ),
        case(
            "movements_without_compared_sheet",
            Slot::MonthlyMovements,
            "movimientos.xlsx",
            summary_only,
            error(
                "movimientos.xlsx: no se encontró ninguna hoja de altas y bajas ni de ausentismos \
                 (se reconocen por el nombre de la hoja)",
            ),
        ),
        case(
            "libro_without_rut_column",
            Slot::PayrollBook,
            "libro.csv",
            b"Nombre;Sueldo Base\nAna;500000\n".to_vec(),
            error(
                "libro.csv: no se encontró la columna «Rut del Trabajador» en las primeras 10 \
                 filas de ninguna hoja",
            ),
        ),
    ]
}

/// Re-exported for the fuzz harness: a valid xlsx libro and CSV libro as seeds.
pub fn seeds() -> Vec<(Slot, &'static str, Vec<u8>)> {
    let mut seeds = vec![
        (Slot::PayrollBook, "libro.xlsx", libro_xlsx()),
        (Slot::PayrollBook, "libro.csv", libro_csv().into_bytes()),
    ];
    // The same sheet rewritten by our zip writer, so XML mutations reach the fast scanner
    // through deflate that the fuzz harness can re-run.
    seeds.push((
        Slot::PayrollBook,
        "libro_rezip.xlsx",
        rewrite_parts(&libro_xlsx(), |_, bytes| bytes),
    ));
    seeds
}
