//! The result document and its exports: JSON field names, CSV and xlsx.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

fn small_document() -> ResultDocument {
    let (payroll_book, payroll_changes, _, _) = everything();
    let payroll = compare_payroll_vs_changes(&payroll_book, Some(&payroll_changes), &settings());
    document_of(
        WorkerOutcome::Ok {
            result: payroll,
            ms: 12.5,
        },
        WorkerOutcome::Failed {
            error: "falló".to_string(),
            ms: 3.0,
        },
        &[],
    )
}

fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn document_json_field_names() {
    let document = small_document();
    let json = to_json(&document);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    let mut top = keys(&value);
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "cierre",
            "configuracion",
            "discrepancias",
            "entradas",
            "estado",
            "formato",
            "incompleto",
            "resumen",
            "trabajadores"
        ]
    );
    assert_eq!(value["formato"], "cuadra.resultado/1");
    assert_eq!(value["cierre"]["periodo"], "2025-03");
    assert_eq!(value["cierre"]["rut_empresa"], "76123456-0");
    assert_eq!(value["estado"], "con_discrepancias");
    assert_eq!(value["incompleto"], true);
    let entry = &value["entradas"][0];
    for key in ["slot", "archivo", "sha256", "filas", "advertencias"] {
        assert!(entry.get(key).is_some(), "entradas lacks {key}");
    }
    assert_eq!(entry["slot"], "libro");
    let warning = &entry["advertencias"][0];
    assert_eq!(warning["hoja"], "Libro");
    assert_eq!(warning["fila"], 17);
    assert_eq!(warning["columna"], "Rut del Trabajador");
    assert_eq!(warning["texto"], "12.345.678-4");
    assert_eq!(warning["mensaje"], "dígito verificador incorrecto");
    for key in [
        "tolerancia",
        "reportar_solo_libro",
        "cero_es_novedad",
        "excluir_plazo_fijo",
        "mapeo",
    ] {
        assert!(
            value["configuracion"].get(key).is_some(),
            "configuracion lacks {key}"
        );
    }
    let worker = &value["trabajadores"][0];
    assert_eq!(worker["grupo"], "libro_vs_novedades");
    assert_eq!(worker["estado"], "ok");
    assert_eq!(worker["ms"], 12.5);
    assert_eq!(worker["error"], serde_json::Value::Null);
    assert_eq!(value["trabajadores"][1]["estado"], "error");
    assert_eq!(value["trabajadores"][1]["error"], "falló");
    let summary = &value["resumen"];
    assert_eq!(
        keys(&summary["por_grupo"]),
        ["libro_vs_novedades", "movimientos_vs_analista"]
    );
    assert_eq!(summary["por_grupo"]["movimientos_vs_analista"], 0);
    // serde_json's `Value` sorts keys, so the type order is checked on the text itself.
    let positions: Vec<usize> = [
        "empleado_solo_novedades",
        "diff_concepto_monto",
        "diff_sueldo_base",
    ]
    .iter()
    .map(|id| json.find(&format!("\"{id}\": ")).expect("type in por_tipo"))
    .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "type order: {positions:?}"
    );
    assert_eq!(
        summary["por_tipo"].as_object().map(|map| map.len()),
        Some(3)
    );
    assert_eq!(summary["total"], 3);
    assert_eq!(summary["empleados_afectados"], 2);
    let discrepancy = &value["discrepancias"][1];
    for key in [
        "tipo",
        "grupo",
        "rut",
        "nombre",
        "descripcion",
        "concepto",
        "valor_libro",
        "valor_novedades",
        "valor_movimientos",
        "valor_analista",
        "diferencia",
        "estado",
        "nota",
    ] {
        assert!(discrepancy.get(key).is_some(), "discrepancias lacks {key}");
    }
    assert_eq!(discrepancy["tipo"], "diff_concepto_monto");
    assert_eq!(discrepancy["rut"], "12345678-5");
    assert_eq!(discrepancy["concepto"], "Bono → Bono");
    assert_eq!(discrepancy["diferencia"], "-500");
    assert_eq!(discrepancy["estado"], "pendiente");

    let back: ResultDocument = serde_json::from_str(&json).expect("the document reads back");
    assert_eq!(back, document);
}

#[test]
fn csv_has_bom_semicolons_and_spanish_header() {
    let document = small_document();
    let bytes = to_csv(&document);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + document.discrepancies.len());
    assert!(lines[0].starts_with("Grupo;Tipo;Código tipo;RUT;Nombre;Descripción;Concepto;"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(&rows[1][2], "diff_concepto_monto");
    assert_eq!(&rows[1][3], "12345678-5");
    assert_eq!(&rows[1][11], "-500");
}

#[test]
fn xlsx_opens_with_four_sheets_and_numeric_amounts() {
    use calamine::{Data, Reader, Xlsx};
    let document = small_document();
    let bytes = to_xlsx(&document).expect("xlsx");
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(
        workbook.sheet_names(),
        ["Resumen", "Discrepancias", "Advertencias", "Mapeo"]
    );
    let sheet = workbook.worksheet_range("Discrepancias").expect("sheet");
    assert_eq!(sheet.height(), 1 + document.discrepancies.len());
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Grupo".to_string())));
    assert_eq!(sheet.get((2, 11)), Some(&Data::Float(-500.0)));
    assert_eq!(sheet.get((2, 7)), Some(&Data::Float(1000.0)));
    let summary = workbook.worksheet_range("Resumen").expect("sheet");
    let texts: Vec<String> = summary
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .collect();
    assert!(texts.iter().any(|t| t == "Con discrepancias"));
    assert!(texts.iter().any(|t| t == "Diferencia en sueldo base"));
}

/// A stored document is read back exactly: the page compares a restored closing's export
/// with the one it wrote, and a worker's `ms` is any difference of two clock readings.
/// serde_json's default float parser can land one unit off the written value (it wrote
/// 0.19999999925494194 and read 0.1999999992549419); `float_roundtrip` parses exactly.
#[test]
fn worker_timings_read_back_exactly_from_the_json() {
    let awkward: [f64; 5] = [
        0.199_999_999_254_941_94,
        0.1 + 0.2,
        1.0 / 3.0,
        9.799_999_999_813_735,
        123_456.789_012_345_67,
    ];
    for ms in awkward {
        let written = serde_json::to_string(&ms).expect("a float serialises");
        let read: f64 = serde_json::from_str(&written).expect("and reads back");
        assert_eq!(read.to_bits(), ms.to_bits(), "{written}");
    }
    let mut document = small_document();
    for (worker, ms) in document.workers.iter_mut().zip(awkward) {
        worker.ms = ms;
    }
    let json = serde_json::to_string(&document).expect("the document serialises");
    let read: ResultDocument = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(read, document);
}
