//! Fixtures the Playwright tests of hostile input read: the malformed-input corpus written
//! as files with a manifest of what the page must say for each (the core's own expected
//! text, so the page test copies nothing by hand), and a closing whose names, concept
//! headers, text values and file names carry HTML and formula text.

use std::path::Path;

use anyhow::{Context, Result};
use cuadra_core::generator::corpus::{light_cases, Expected};
use cuadra_core::values::rut::Rut;
use serde_json::json;

/// Writes each light corpus case as `<dir>/<NN>_<case>/<its file name>` and
/// `<dir>/manifest.json`: `[{ name, slot, file, expected: { error } | { n_rows, warnings } }]`.
pub fn write_corpus(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let mut manifest = Vec::new();
    for (idx, case) in light_cases().into_iter().enumerate() {
        let case_dir = dir.join(format!("{idx:02}_{}", case.name));
        std::fs::create_dir_all(&case_dir)?;
        let file = case_dir.join(&case.file_name);
        std::fs::write(&file, &case.bytes)?;
        let expected = match &case.expected {
            Expected::Error(message) => json!({ "error": message }),
            Expected::Read {
                n_rows, warnings, ..
            } => json!({ "n_rows": n_rows, "warnings": warnings }),
        };
        manifest.push(json!({
            "name": case.name,
            "slot": case.slot.id(),
            "file": file.canonicalize()?,
            "expected": expected,
        }));
    }
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    eprintln!("wrote {} corpus cases to {}", manifest.len(), dir.display());
    Ok(())
}

/// The HTML and formula text the injection test looks for on the page and in the exports.
pub const HOSTILE_TEXTS: [&str; 4] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x\")",
    "+cmd|' /C calc'!A0",
];

fn csv_field(text: &str) -> String {
    if text.contains(['"', ';']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Replaces the libro and novedades of the generated closing in `dir` with two whose
/// employee names, two concept headers and one text concept are hostile text, named so
/// their file names carry HTML and a formula too. Each employee then differs in both
/// hostile concepts, so the list, the employee view and the exports all show them.
pub fn write_hostile_closing(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.contains("_libro_") || name.contains("_novedades_") || name == "expected.json" {
            std::fs::remove_file(&path)?;
        }
    }
    let [script, img, _, _] = HOSTILE_TEXTS;
    let header = format!("Sueldo Base;{};{}", csv_field(script), csv_field(img));
    let mut libro = format!("Rut del Trabajador;Nombre;{header}\n");
    let mut novedades = format!("RUT;Nombre;{header}\n");
    for (idx, name) in HOSTILE_TEXTS.iter().enumerate() {
        let rut = Rut::from_number(11_111_111 * (idx as u32 + 1));
        let base = 500_000 + 1000 * idx as u32;
        // The libro's text under `<img …>` is the next hostile text; novedades has this one.
        let libro_text = HOSTILE_TEXTS[(idx + 1) % HOSTILE_TEXTS.len()];
        libro.push_str(&format!(
            "{rut};{};{base};{};{}\n",
            csv_field(name),
            100 * (idx + 1),
            csv_field(libro_text)
        ));
        novedades.push_str(&format!(
            "{rut};{};{base};{};{}\n",
            csv_field(name),
            100 * (idx + 1) + 50,
            csv_field(name)
        ));
    }
    std::fs::write(dir.join(format!("202503_libro_{img}.csv")), libro)?;
    // A file name cannot hold `/`, so the formula in it is a shorter one.
    std::fs::write(dir.join("202503_novedades_=SUMA(1+1).csv"), novedades)?;
    Ok(())
}
