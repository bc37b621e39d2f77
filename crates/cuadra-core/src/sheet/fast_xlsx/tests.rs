//! The fast scanner against calamine on hand-written parts: every cell agrees, and shapes
//! the scanner does not understand fall back.

use std::io::Write;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::InputErrorKind;
use crate::sheet::{Cell, Workbook, XlsxPath};
use crate::values::date::Date;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
/// xf 0 general, xf 1 built-in date (14), xf 2 custom `dd/mm/yyyy`, xf 3 `[h]:mm`
/// (a duration), xf 4 custom `0.00` (not a date), xf 5 time only `hh:mm`.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="0.00"/><numFmt numFmtId="167" formatCode="hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="168" formatCode="yyyy"/></dxf></dxfs></styleSheet>"#;

/// A one-sheet workbook named `Hoja & Co` from raw parts.
fn xlsx_bytes(sheet_data: &str, shared_strings: Option<&str>, date1904: bool) -> Vec<u8> {
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr{}/><sheets><sheet name="Hoja &amp; Co" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        if date1904 { r#" date1904="1""# } else { "" }
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D4"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>{sheet_data}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
        ("xl/styles.xml", STYLES.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = shared_strings {
        parts.push((
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#
            ),
        ));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start part");
        zip.write_all(text.as_bytes()).expect("write part");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// Opens `bytes` both ways, checks every cell agrees, returns the fast workbook.
fn both(bytes: &[u8]) -> Workbook {
    let fast = Workbook::open_with("x.xlsx", bytes, XlsxPath::FastOnly).expect("fast path");
    let reference = Workbook::open_with("x.xlsx", bytes, XlsxPath::Calamine).expect("calamine");
    assert_eq!(fast.sheet_names(), reference.sheet_names());
    for (a, b) in fast.sheets.iter().zip(&reference.sheets) {
        assert_eq!(
            (a.n_rows(), a.n_cols()),
            (b.n_rows(), b.n_cols()),
            "{}",
            a.name
        );
        for row in 0..=a.n_rows() {
            for col in 0..=a.n_cols() {
                assert_eq!(a.cell(row, col), b.cell(row, col), "({row}, {col})");
            }
        }
    }
    fast
}

/// `Auto` falls back to calamine and still reads the workbook; `FastOnly` declines.
fn declined(bytes: &[u8]) -> Workbook {
    let declined = Workbook::open_with("x.xlsx", bytes, XlsxPath::FastOnly)
        .err()
        .expect("the fast path declines");
    assert_eq!(declined.kind, InputErrorKind::FastScannerDeclined);
    let auto = Workbook::open("x.xlsx", bytes).expect("auto");
    let reference = Workbook::open_with("x.xlsx", bytes, XlsxPath::Calamine).expect("calamine");
    assert_eq!(auto.sheets[0].n_rows(), reference.sheets[0].n_rows());
    auto
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("date")
}

#[test]
fn entities_and_inline_strings() {
    let sheet = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#241;&#xF1;</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c><c r="C1" t="inlineStr"><is><t>
  trimmed	</t></is></c><c r="D1" t="str"><f>"x"&amp;"y"</f><v>x&amp;y</v></c></row>"#;
    let workbook = both(&xlsx_bytes(sheet, None, false));
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.name, "Hoja & Co");
    assert_eq!(sheet.cell(0, 0), Cell::Text("a & b <c> \"d\" 'e' ññ"));
    assert_eq!(sheet.cell(0, 1), Cell::Text("  kept  "));
    assert_eq!(sheet.cell(0, 2), Cell::Text("trimmed"));
    assert_eq!(sheet.cell(0, 3), Cell::Text("x&y"));
}

#[test]
fn shared_strings_with_rich_text_runs_and_phonetics() {
    let strings = r#"<si><t>plain</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>a</t></r><r><t xml:space="preserve"> b</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si><si/><si><t/></si>"#;
    let sheet = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>"#;
    let workbook = both(&xlsx_bytes(sheet, Some(strings), false));
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(0, 0), Cell::Text("plain"));
    assert_eq!(sheet.cell(0, 1), Cell::Text("a b"));
    assert_eq!(sheet.cell(0, 2), Cell::Text("漢字"));
    assert_eq!(sheet.cell(0, 3), Cell::Empty);
    assert_eq!(sheet.n_cols(), 3);
}

#[test]
fn booleans_errors_numbers_and_formulas() {
    let sheet = r#"<row r="1" spans="1:4"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#N/A</v></c></row><row r="2"><c r="A2"><v>1234.5</v></c><c r="B2" t="n"><v>-0.25</v></c><c r="C2"><f>A2*2</f><v>2469</v></c><c r="D2" s="4"><v>1E-3</v></c></row><row r="3"><c r="A3"><v>123456789012345678</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3"><v></v></c><c r="D3"/></row>"#;
    let workbook = both(&xlsx_bytes(sheet, None, false));
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(0, 0), Cell::Bool(true));
    assert_eq!(sheet.cell(0, 1), Cell::Bool(false));
    assert_eq!(sheet.cell(0, 2), Cell::Error);
    assert_eq!(sheet.cell(0, 3), Cell::Error);
    assert_eq!(sheet.cell(1, 0), Cell::Number(d("1234.5")));
    assert_eq!(sheet.cell(1, 1), Cell::Number(d("-0.25")));
    assert_eq!(sheet.cell(1, 2), Cell::Number(d("2469")));
    assert_eq!(sheet.cell(1, 3), Cell::Number(d("0.001")));
    assert_eq!(sheet.cell(2, 0), Cell::Number(d("123456789012345680")));
    assert_eq!(sheet.cell(2, 1), Cell::Number(d("0.30000000000000004")));
    assert_eq!(sheet.cell(2, 2), Cell::Empty);
    assert_eq!((sheet.n_rows(), sheet.n_cols()), (3, 4));
}

#[test]
fn missing_r_attributes_are_sequential() {
    let sheet = r#"<row r="2"><c><v>1</v></c><c/><c><v>3</v></c></row><row><c r="C3"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>"#;
    let workbook = both(&xlsx_bytes(sheet, None, false));
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(1, 0), Cell::Number(d("1")));
    assert_eq!(sheet.cell(1, 1), Cell::Empty);
    assert_eq!(sheet.cell(1, 2), Cell::Number(d("3")));
    assert_eq!(sheet.cell(2, 2), Cell::Number(d("4")));
    assert_eq!(sheet.cell(2, 3), Cell::Number(d("5")));
    assert_eq!(sheet.cell(3, 0), Cell::Number(d("6")));
}

#[test]
fn dates_by_style_durations_and_iso() {
    let sheet = r#"<row r="1"><c r="A1" s="1"><v>45720</v></c><c r="B1" s="2"><v>45720.75</v></c><c r="C1" s="3"><v>1.5</v></c><c r="D1" s="5"><v>0.5</v></c></row><row r="2"><c r="A2" s="4"><v>45720</v></c><c r="B2" t="d"><v>2025-03-04</v></c><c r="C2" s="99"><v>7</v></c><c r="D2" s="0"><v>8</v></c></row>"#;
    let workbook = both(&xlsx_bytes(sheet, None, false));
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(0, 0), Cell::Date(date(2025, 3, 4)));
    assert_eq!(sheet.cell(0, 1), Cell::Date(date(2025, 3, 4)));
    assert_eq!(sheet.cell(0, 2), Cell::Number(d("1.5")));
    assert_eq!(sheet.cell(1, 0), Cell::Number(d("45720")));
    assert_eq!(sheet.cell(1, 1), Cell::Date(date(2025, 3, 4)));
    assert_eq!(sheet.cell(1, 2), Cell::Number(d("7")));
    // The 1904 date system: both paths shift by 1,462 days.
    let sheet_1904 = r#"<row r="1"><c r="A1" s="1"><v>44258</v></c></row>"#;
    let workbook = both(&xlsx_bytes(sheet_1904, None, true));
    assert_eq!(workbook.sheets[0].cell(0, 0), Cell::Date(date(2025, 3, 4)));
}

#[test]
fn unknown_shapes_fall_back_to_calamine() {
    // A comment, an `_xHHHH_` escape, CDATA, out-of-order cells, a carriage return.
    for sheet in [
        r#"<row r="1"><!-- note --><c r="A1"><v>1</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<x>]]></t></is></c></row>"#,
        r#"<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>"#,
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\r\nb</v></c></row>",
        r#"<row r="1"><c r="A1"><v> 1</v></c></row>"#,
    ] {
        declined(&xlsx_bytes(sheet, None, false));
    }
    let workbook = declined(&xlsx_bytes(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
        None,
        false,
    ));
    assert_eq!(workbook.sheets[0].cell(0, 0), Cell::Text("a\rb"));
}

#[test]
fn number_grammar() {
    assert_eq!(super::worksheet::parse_number(b"-0").ok(), Some(-0.0));
    assert_eq!(super::worksheet::parse_number(b"1.5e3").ok(), Some(1500.0));
    assert_eq!(super::worksheet::parse_number(b".5").ok(), Some(0.5));
    assert_eq!(super::worksheet::parse_number(b"5.").ok(), Some(5.0));
    for bad in [
        &b""[..],
        b"-",
        b".",
        b"1e",
        b"inf",
        b"NaN",
        b"+1",
        b" 1",
        b"1,5",
        b"0x1",
    ] {
        assert!(super::worksheet::parse_number(bad).is_err(), "{bad:?}");
    }
}
