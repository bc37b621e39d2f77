//! The corpus's cases about cells and values: formula and error cells, merged cells,
//! hidden sheets, odd dates, days and amounts, RUTs in every shape, names with HTML and
//! formula text, and CSV text encodings.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{case, read, rut, CorpusCase, Expected};
use crate::model::Slot;

/// Formula and error cells, merged cells, hidden sheets, odd dates, days, amounts and
/// RUTs, names with HTML and formula text.
pub(super) fn cells_and_values() -> Vec<CorpusCase> {
    let mut cases = vec![formulas_errors_merges_hidden(), odd_dates(), odd_days()];
    cases.push(ruts_in_every_shape());
    cases.push(case(
        "names_with_html_and_formulas",
        Slot::PayrollBook,
        "libro.csv",
        format!(
            "Rut del Trabajador;Nombre;Sueldo Base\n{};<script>alert(1)</script>;1\n{};\"<img src=x onerror=alert(1)>\";2\n{};\"=HYPERLINK(\"\"http://x\"\")\";3\n{};+cmd|' /C calc'!A0;4\n",
            rut(11_111_111),
            rut(22_222_222),
            rut(33_333_333),
            rut(44_444_444)
        )
        .into_bytes(),
        read(4, &[], &["Sueldo Base"]),
    ));
    cases
}

fn formulas_errors_merges_hidden() -> CorpusCase {
    let mut workbook = Workbook::new();
    let hidden = workbook.add_worksheet();
    hidden.set_name("Oculta").expect("a valid sheet name");
    hidden
        .write_string(0, 0, "notas internas")
        .expect("in range");
    hidden.set_hidden(true);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Libro").expect("a valid sheet name");
    sheet
        .merge_range(
            0,
            0,
            0,
            3,
            "Libro de Remuneraciones marzo 2025",
            &Format::new(),
        )
        .expect("in range");
    for (col, header) in ["Rut del Trabajador", "Nombre", "Sueldo Base", "Bono"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(1, col as u16, *header)
            .expect("in range");
    }
    sheet.write_string(2, 0, rut(11_111_111)).expect("in range");
    sheet.write_string(2, 1, "Ana").expect("in range");
    sheet
        .write_formula(2, 2, "=1000*500")
        .expect("in range")
        .set_formula_result(2, 2, "500000");
    sheet
        .write_formula(2, 3, "=#REF!*2")
        .expect("in range")
        .set_formula_result(2, 3, "#REF!");
    sheet
        .write_formula(3, 0, "=VLOOKUP(1,Z:Z,1,0)")
        .expect("in range")
        .set_formula_result(3, 0, "#N/A");
    sheet.write_string(3, 1, "Sin RUT").expect("in range");
    let bytes = workbook.save_to_buffer().expect("an xlsx in memory");
    case(
        "formulas_errors_merged_and_hidden",
        Slot::PayrollBook,
        "libro.xlsx",
        bytes,
        read(
            1,
            &["libro.xlsx, hoja «Libro», fila 4: «#ERROR» no es un RUT; la fila se omite"],
            &["Sueldo Base", "Bono"],
        ),
    )
}

/// Excel serials at the 1900 leap-year bug and past Excel's range, in a date column.
fn odd_dates() -> CorpusCase {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Ingresos").expect("a valid sheet name");
    for (col, header) in ["Rut", "Nombre", "Fecha Ingreso"].iter().enumerate() {
        sheet
            .write_string(0, col as u16, *header)
            .expect("in range");
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let serials = [1.0, 59.0, 60.0, 61.0, 45_720.0, 2_958_466.0, -5.0];
    for (idx, serial) in serials.iter().enumerate() {
        let row = idx as u32 + 1;
        sheet
            .write_string(row, 0, rut(11_111_111 * (idx as u32 % 9 + 1)))
            .expect("in range");
        sheet.write_string(row, 1, "Ana").expect("in range");
        sheet.write_number(row, 2, *serial).expect("in range");
    }
    // A date cell whose serial is past 9999-12-31: calamine clamps it, the reader must not.
    let row = serials.len() as u32 + 1;
    sheet
        .write_string(row, 0, rut(12_345_678))
        .expect("in range");
    sheet
        .write_number_with_format(row, 2, 3_000_000.0, &date_format)
        .expect("in range");
    let date = ExcelDateTime::from_ymd(2025, 3, 4).expect("a valid date");
    sheet
        .write_string(row + 1, 0, rut(87_654_321))
        .expect("in range");
    sheet
        .write_datetime_with_format(row + 1, 2, &date, &date_format)
        .expect("in range");
    let bytes = workbook.save_to_buffer().expect("an xlsx in memory");
    let skipped = |row: u32, text: &str| {
        format!(
            "ingresos.xlsx, hoja «Ingresos», fila {row}: la fecha «{text}» en «Fecha Ingreso» no \
             se puede leer; la fila se omite"
        )
    };
    case(
        "odd_dates",
        Slot::AnalystHires,
        "ingresos.xlsx",
        bytes,
        Expected::Read {
            n_rows: 5,
            warnings: vec![
                skipped(4, "60"),
                skipped(7, "2958466"),
                skipped(8, "-5"),
                skipped(9, "3000000"),
            ],
            concepts: Vec::new(),
        },
    )
}

/// Days and amounts in odd shapes in the analyst's absences.
fn odd_days() -> CorpusCase {
    let text = format!(
        "Rut;Nombre;Fecha Inicio Ausencia;Fecha Fin Ausencia;Dias;Tipo de Ausentismo\n\
         {};Ana;03/03/2025;04/03/2025;0,5;Licencia Médica\n\
         {};Luis;03/03/2025;07/03/2025;medio;Licencia Médica\n\
         {};Eva;2025-03-10;2025-03-11;1.5;Permiso\n\
         {};Leo;10.03.2025;31/02/2025;1;Permiso\n",
        rut(11_111_111),
        rut(22_222_222),
        rut(33_333_333),
        rut(44_444_444)
    );
    case(
        "odd_days_and_dates",
        Slot::AnalystAbsences,
        "ausentismos.csv",
        text.into_bytes(),
        read(
            3,
            &[
                "ausentismos.csv, hoja «ausentismos», fila 3: «medio» en «Dias» no es un número \
                 de días; se deja en blanco",
                "ausentismos.csv, hoja «ausentismos», fila 5: la fecha «31/02/2025» en «Fecha \
                 Fin Ausencia» no se puede leer; la fila se omite",
            ],
            &[],
        ),
    )
}

/// Every RUT shape of docs/rules.md, and the shapes that are not RUTs.
fn ruts_in_every_shape() -> CorpusCase {
    let rows = [
        "12.345.678-5",
        "11111111-1",
        "222222222",
        "3 333 333 - 3".replace("3 333 333", "33 333 333").leak(),
        "10.000.013-k",
        "011111112-K",
        "-12345678-5",
        "-123456785",
        "12345678-55",
        "12345678-4",
        "abc",
        "12345-6",
    ];
    let mut text = String::from("Rut del Trabajador;Nombre;Sueldo Base\n");
    for (idx, rut_text) in rows.iter().enumerate() {
        text.push_str(&format!("{rut_text};Persona {idx};{}\n", 1000 + idx));
    }
    let warn = |row: u32, what: &str| format!("libro.csv, hoja «libro», fila {row}: {what}");
    case(
        "ruts_in_every_shape",
        Slot::PayrollBook,
        "libro.csv",
        text.into_bytes(),
        Expected::Read {
            n_rows: 7,
            warnings: vec![
                warn(
                    8,
                    "«-12345678-5» no es un RUT (es un número negativo); la fila se omite",
                ),
                warn(
                    9,
                    "«-123456785» no es un RUT (es un número negativo); la fila se omite",
                ),
                warn(10, "«12345678-55» no es un RUT; la fila se omite"),
                warn(
                    11,
                    "el RUT «12345678-4» tiene dígito verificador incorrecto (se esperaba 5); la \
                     fila se usa igualmente",
                ),
                warn(12, "«abc» no es un RUT; la fila se omite"),
                warn(
                    13,
                    "«12345-6» no es un RUT (tiene menos de 7 dígitos); la fila se omite",
                ),
            ],
            concepts: vec!["Sueldo Base".to_string()],
        },
    )
}

/// CSV in UTF-8, UTF-8 with BOM, Windows-1252, with `,` and `;`, and a UTF-8 file with one
/// stray byte.
pub(super) fn encodings() -> Vec<CorpusCase> {
    let body = |separator: &str| {
        format!(
            "RUT{s}Nombre{s}Gratificación{s}Colación\n{}{s}José Muñoz{s}1000{s}2000\n",
            rut(11_111_111),
            s = separator
        )
    };
    let concepts = ["Gratificación", "Colación"];
    let utf8 = body(";").into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(body(",").as_bytes());
    let semicolon = body(";");
    let (windows_1252, _, _) = encoding_rs::WINDOWS_1252.encode(&semicolon);
    let mut stray = body(";").into_bytes();
    stray.extend_from_slice(format!("{};Ana Pe", rut(22_222_222)).as_bytes());
    stray.push(0xF1); // `ñ` in Windows-1252, pasted into a UTF-8 file
    stray.extend_from_slice("a;3000;4000\n".as_bytes());
    let novedades = |name: &'static str, bytes: Vec<u8>, n_rows: usize, warnings: &[&str]| {
        case(
            name,
            Slot::PayrollChanges,
            "novedades.csv",
            bytes,
            read(n_rows, warnings, &concepts),
        )
    };
    vec![
        novedades("csv_utf8_semicolon", utf8, 1, &[]),
        novedades("csv_utf8_bom_comma", bom, 1, &[]),
        novedades(
            "csv_windows_1252_semicolon",
            windows_1252.into_owned(),
            1,
            &[],
        ),
        novedades(
            "csv_utf8_with_one_stray_byte",
            stray,
            2,
            &[
                "novedades.csv, hoja «novedades», fila 3: la fila tiene bytes que no son texto \
               UTF-8 válido (el resto del archivo sí lo es); se muestran como «�»: revise sus \
               textos",
            ],
        ),
    ]
}
