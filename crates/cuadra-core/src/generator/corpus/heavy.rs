//! The heavy cases of the corpus: a million rows, 100 MB, compressed bombs. Each is built
//! when it runs and takes seconds, so only `cargo xtask corpus --heavy` runs them.

use std::io::Write;

use super::{case, error, read, CorpusCase, Expected};
use crate::generator::raw_zip::{xlsx_with_sheet, SHEET_END, SHEET_START};
use crate::model::Slot;
use crate::values::rut::Rut;

/// A heavy case, built when it runs: each holds up to 100 MB.
pub struct HeavyCase {
    pub name: &'static str,
    pub build: fn() -> CorpusCase,
}

/// The cases that take seconds each: a million rows, 100 MB, compressed bombs.
pub fn heavy_cases() -> Vec<HeavyCase> {
    vec![
        HeavyCase {
            name: "million_rows",
            build: million_rows,
        },
        HeavyCase {
            name: "hundred_megabytes_csv",
            build: hundred_megabytes_csv,
        },
        HeavyCase {
            name: "whitespace_bomb_in_a_row",
            build: whitespace_bomb_in_a_row,
        },
        HeavyCase {
            name: "whitespace_bomb_between_rows",
            build: whitespace_bomb_between_rows,
        },
        HeavyCase {
            name: "whitespace_bomb_calamine_path",
            build: whitespace_bomb_calamine_path,
        },
        HeavyCase {
            name: "tiny_cells_bomb",
            build: tiny_cells_bomb,
        },
        HeavyCase {
            name: "empty_rows_bomb",
            build: empty_rows_bomb,
        },
    ]
}

const LIMIT_PREFIX: &str = "el archivo supera un límite que ninguna planilla de remuneraciones \
                            alcanza";

fn limit_error(file_name: &str, sheet: Option<&str>, what: &str) -> Expected {
    let place = sheet.map_or_else(
        || file_name.to_string(),
        |sheet| format!("{file_name} (hoja «{sheet}»)"),
    );
    error(&format!(
        "{place}: {LIMIT_PREFIX} ({what}): puede estar dañado o ser malicioso"
    ))
}

/// A libro of 1,000,000 employees × 4 columns, streamed into the zip.
fn million_rows() -> CorpusCase {
    const N: u32 = 1_000_000;
    let bytes = xlsx_with_sheet("Libro", |out| {
        write!(out, "{SHEET_START}<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Rut del Trabajador</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Nombre</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>Sueldo Base</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>Bono</t></is></c></row>")?;
        let mut number = 10_000_000;
        for idx in 0..N {
            let row = idx + 2;
            let rut = numeric_rut(&mut number);
            write!(
                out,
                "<row r=\"{row}\"><c r=\"A{row}\"><v>{rut}</v></c><c r=\"B{row}\" t=\"inlineStr\"><is><t>Persona</t></is></c><c r=\"C{row}\"><v>{}</v></c><c r=\"D{row}\"><v>1000</v></c></row>",
                400_000 + idx % 1000
            )?;
        }
        out.write_all(SHEET_END.as_bytes())
    });
    case(
        "million_rows",
        Slot::PayrollBook,
        "libro_millon.xlsx",
        bytes,
        read(N as usize, &[], &["Sueldo Base", "Bono"]),
    )
}

/// The next RUT from `number` on as the number Excel stores for a numeric RUT cell (a
/// check digit `K` cannot be a number: those RUTs are skipped), advancing `number`.
fn numeric_rut(number: &mut u32) -> u64 {
    loop {
        let rut = Rut::from_number(*number);
        *number += 1;
        if let Some(digit) = rut.check_digit.to_digit(10) {
            return u64::from(rut.number) * 10 + u64::from(digit);
        }
    }
}

/// A 100 MB CSV libro: 100 concept columns make each row ~1 KB.
fn hundred_megabytes_csv() -> CorpusCase {
    const N_CONCEPTS: usize = 100;
    let mut text = String::from("Rut del Trabajador;Nombre");
    for concept in 0..N_CONCEPTS {
        text.push_str(&format!(";Concepto {concept}"));
    }
    text.push('\n');
    let mut n_rows = 0;
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(&format!(
            "{};Persona Apellido",
            Rut::from_number(10_000_000 + n_rows as u32)
        ));
        for concept in 0..N_CONCEPTS {
            text.push_str(&format!(";{}", 100_000 + concept * 7 + n_rows % 13));
        }
        text.push('\n');
        n_rows += 1;
    }
    let concepts: Vec<String> = (0..N_CONCEPTS).map(|c| format!("Concepto {c}")).collect();
    CorpusCase {
        name: "hundred_megabytes_csv",
        slot: Slot::PayrollBook,
        file_name: "libro_grande.csv".to_string(),
        bytes: text.into_bytes(),
        expected: Expected::Read {
            n_rows,
            warnings: Vec::new(),
            concepts,
        },
    }
}

/// Writes `n` bytes of spaces.
fn padding(out: &mut dyn Write, n: usize) -> std::io::Result<()> {
    let block = vec![b' '; 1024 * 1024];
    let mut left = n;
    while left > 0 {
        let step = left.min(block.len());
        out.write_all(&block[..step])?;
        left -= step;
    }
    Ok(())
}

const GIGABYTE: usize = 1024 * 1024 * 1024;

/// 1 GB of white space inside a row, deflated to ~1 MB: the quadratic scan took ~10 min.
fn whitespace_bomb_in_a_row() -> CorpusCase {
    let bytes = xlsx_with_sheet("Libro", |out| {
        write!(out, "{SHEET_START}<row r=\"1\">")?;
        padding(out, GIGABYTE)?;
        write!(out, "</row>{SHEET_END}")
    });
    case(
        "whitespace_bomb_in_a_row",
        Slot::PayrollBook,
        "bomba.xlsx",
        bytes,
        limit_error("bomba.xlsx", None, "una fila ocupa más de 32 MB"),
    )
}

/// 1 GB of white space after the last row.
fn whitespace_bomb_between_rows() -> CorpusCase {
    let bytes = xlsx_with_sheet("Libro", |out| {
        write!(out, "{SHEET_START}<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Rut del Trabajador</t></is></c></row>")?;
        padding(out, GIGABYTE)?;
        out.write_all(SHEET_END.as_bytes())
    });
    case(
        "whitespace_bomb_between_rows",
        Slot::PayrollBook,
        "bomba.xlsx",
        bytes,
        limit_error("bomba.xlsx", None, "una fila ocupa más de 32 MB"),
    )
}

/// A comment before `<sheetData>` makes the fast scanner decline at once, so the bomb
/// reaches calamine's path, which the zip check must bound before calamine inflates it
/// into memory.
fn whitespace_bomb_calamine_path() -> CorpusCase {
    let start = SHEET_START.replace("<sheetData>", "<!-- a comment --><sheetData>");
    let bytes = xlsx_with_sheet("Libro", |out| {
        write!(out, "{start}<row r=\"1\">")?;
        padding(out, GIGABYTE)?;
        write!(out, "</row>{SHEET_END}")
    });
    case(
        "whitespace_bomb_calamine_path",
        Slot::PayrollBook,
        "bomba.xlsx",
        bytes,
        limit_error("bomba.xlsx", None, "una fila ocupa más de 32 MB"),
    )
}

/// 20,000,000 one-digit cells in rows of 1,000.
fn tiny_cells_bomb() -> CorpusCase {
    let bytes = xlsx_with_sheet("Libro", |out| {
        out.write_all(SHEET_START.as_bytes())?;
        let row: String = "<c><v>1</v></c>".repeat(1000);
        for _ in 0..20_000 {
            write!(out, "<row>{row}</row>")?;
        }
        out.write_all(SHEET_END.as_bytes())
    });
    case(
        "tiny_cells_bomb",
        Slot::PayrollBook,
        "celdas.xlsx",
        bytes,
        limit_error(
            "celdas.xlsx",
            None,
            "una hoja tiene más de 16.000.000 celdas con datos",
        ),
    )
}

/// 2,000,000 empty rows: more than Excel allows.
fn empty_rows_bomb() -> CorpusCase {
    let bytes = xlsx_with_sheet("Libro", |out| {
        out.write_all(SHEET_START.as_bytes())?;
        for _ in 0..2_000_000 {
            out.write_all(b"<row/>")?;
        }
        out.write_all(SHEET_END.as_bytes())
    });
    case(
        "empty_rows_bomb",
        Slot::PayrollBook,
        "filas.xlsx",
        bytes,
        limit_error("filas.xlsx", None, "una hoja tiene más de 1.048.576 filas"),
    )
}
