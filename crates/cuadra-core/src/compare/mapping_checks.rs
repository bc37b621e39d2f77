//! Mappings that are probably mistakes, pointed out before a run (the page's mapping
//! editor) and in the run's notes: two novedades headers onto one libro concept, and a
//! column of mostly text (`Observaciones`) onto an amount concept. Also what a concept
//! column holds (how many amounts, how many texts, its first values), which these checks
//! read and the editor shows, and what a `X.1` column is.
//!
//! A column's first values are personal data: the page shows them on the user's screen
//! only; nothing here logs or stores them.

use serde::{Deserialize, Serialize};

use super::mapping::ResolvedMapping;
use crate::model::ConceptValue;
use crate::values::amount::group_thousands;

/// How many of a column's first non-empty values a profile keeps.
pub const N_SAMPLES: usize = 3;

/// What one concept column holds.
// Crosses `postMessage` (postcard) inside `FileFacts`: no `skip_serializing_if`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Cells read as amounts.
    pub n_amounts: u32,
    /// Non-empty cells that are not amounts.
    pub n_texts: u32,
    /// The first [`N_SAMPLES`] non-empty values, as the editor shows them (amounts in
    /// es-CL digits, `225.100`; texts as written).
    pub samples: Vec<String>,
}

impl ColumnProfile {
    /// More texts than amounts: not a column of amounts.
    pub fn is_mostly_text(&self) -> bool {
        self.n_texts > self.n_amounts
    }

    /// A column of amounts (or an empty one, which says nothing against it).
    pub fn is_amount(&self) -> bool {
        self.n_amounts >= self.n_texts
    }
}

/// An amount as a sample shows it: `225.100`, `-1.200`, `12,5`.
fn amount_sample(amount: rust_decimal::Decimal) -> String {
    let text = amount.normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut shown = format!("{sign}{}", group_thousands(whole));
    if !fraction.is_empty() {
        shown.push(',');
        shown.push_str(fraction);
    }
    shown
}

/// Profiles `n_columns` concept columns from their rows (each row indexed like the
/// columns; a short row has empty cells past its end).
pub fn profile_columns<'a>(
    n_columns: usize,
    rows: impl IntoIterator<Item = &'a [ConceptValue]>,
) -> Vec<ColumnProfile> {
    let mut profiles = vec![ColumnProfile::default(); n_columns];
    for row in rows {
        for (profile, value) in profiles.iter_mut().zip(row) {
            let sample = match value {
                ConceptValue::Empty => continue,
                ConceptValue::Amount(amount) => {
                    profile.n_amounts += 1;
                    (profile.samples.len() < N_SAMPLES).then(|| amount_sample(*amount))
                }
                ConceptValue::Text(text) => {
                    profile.n_texts += 1;
                    (profile.samples.len() < N_SAMPLES).then(|| text.clone())
                }
            };
            profile.samples.extend(sample);
        }
    }
    profiles
}

impl crate::model::PayrollBook {
    /// What each of the libro's concept columns holds.
    pub fn column_profiles(&self) -> Vec<ColumnProfile> {
        profile_columns(
            self.concepts.len(),
            self.employees
                .iter()
                .map(|employee| employee.values.as_slice()),
        )
    }
}

impl crate::model::PayrollChanges {
    /// What each of the novedades' concept columns holds.
    pub fn column_profiles(&self) -> Vec<ColumnProfile> {
        profile_columns(
            self.concepts.len(),
            self.employees
                .iter()
                .map(|employee| employee.values.as_slice()),
        )
    }
}

/// A mapping that is probably a mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingWarning {
    /// Other novedades headers are compared with the same libro concept.
    SharedTarget {
        concept: String,
        others: Vec<String>,
    },
    /// A column of mostly text is compared with a libro concept of amounts: each text cell
    /// would be a false difference.
    TextOntoAmount {
        concept: String,
        n_texts: u32,
        n_values: u32,
    },
}

impl MappingWarning {
    /// The warning in Spanish, about novedades header `header`.
    pub fn message(&self, header: &str) -> String {
        match self {
            MappingWarning::SharedTarget { concept, others } => {
                let others = others
                    .iter()
                    .map(|other| format!("«{other}»"))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "«{header}» y {others} van al mismo concepto del libro, «{concept}»: \
                     revise que no sea un error."
                )
            }
            MappingWarning::TextOntoAmount {
                concept,
                n_texts,
                n_values,
            } => format!(
                "«{header}» tiene sobre todo texto ({n_texts} de {n_values} valores) y \
                 «{concept}» es un monto: cada texto se compararía como una diferencia."
            ),
        }
    }
}

/// The warnings of a resolved mapping, as `(novedades header index, warning)` in column
/// order. `changes` and `book` are the columns' profiles, indexed like their concepts; a
/// libro concept without a profile counts as an amount (libro concept columns are).
pub fn mapping_warnings(
    resolved: &ResolvedMapping,
    changes_concepts: &[String],
    book_concepts: &[String],
    changes: &[ColumnProfile],
    book: &[ColumnProfile],
) -> Vec<(usize, MappingWarning)> {
    let mut warnings = Vec::new();
    for &(changes_idx, book_idx) in &resolved.pairs {
        let Some(concept) = book_concepts.get(book_idx) else {
            continue;
        };
        let others: Vec<String> = resolved
            .pairs
            .iter()
            .filter(|(other, target)| *target == book_idx && *other != changes_idx)
            .filter_map(|(other, _)| changes_concepts.get(*other).cloned())
            .collect();
        if !others.is_empty() {
            warnings.push((
                changes_idx,
                MappingWarning::SharedTarget {
                    concept: concept.clone(),
                    others,
                },
            ));
        }
        let Some(column) = changes.get(changes_idx) else {
            continue;
        };
        let target_is_amount = book.get(book_idx).is_none_or(ColumnProfile::is_amount);
        if column.is_mostly_text() && target_is_amount {
            warnings.push((
                changes_idx,
                MappingWarning::TextOntoAmount {
                    concept: concept.clone(),
                    n_texts: column.n_texts,
                    n_values: column.n_texts + column.n_amounts,
                },
            ));
        }
    }
    warnings
}

/// A column the readers renamed because an earlier one has the same name: `Sueldo
/// Base.1` is `("Sueldo Base", 2)`, the second column so named. `None` for any other name
/// (including `Bono.0` or `Versión 2.5`).
pub fn repeated_column(concept: &str) -> Option<(&str, u32)> {
    let (base, suffix) = concept.rsplit_once('.')?;
    if base.is_empty() || suffix.is_empty() || !suffix.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let repeat: u32 = suffix.parse().ok().filter(|n| *n > 0)?;
    if base.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((base, repeat.checked_add(1)?))
}

/// What a repeated column is, in Spanish: `Sueldo Base.1: segunda columna con el mismo
/// nombre en el archivo…`. `None` when `concept` is not one.
pub fn repeated_column_note(concept: &str) -> Option<String> {
    let (base, nth) = repeated_column(concept)?;
    let ordinal = match nth {
        2 => "segunda".to_string(),
        3 => "tercera".to_string(),
        4 => "cuarta".to_string(),
        5 => "quinta".to_string(),
        n => format!("{n}.ª"),
    };
    Some(format!(
        "{concept}: {ordinal} columna con el mismo nombre en el archivo. En el libro de \
         Talana, la primera «{base}» suele ser el bloque de totales y la repetida, el detalle \
         por concepto."
    ))
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::compare::resolve_mapping;
    use crate::settings::Settings;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    fn amount(pesos: i64) -> ConceptValue {
        ConceptValue::Amount(Decimal::from(pesos))
    }

    fn text(text: &str) -> ConceptValue {
        ConceptValue::Text(text.to_string())
    }

    /// Novedades `BONO`, `VIATICOS`, `Observaciones`: amounts, amounts, mostly text.
    fn changes_rows() -> Vec<Vec<ConceptValue>> {
        vec![
            vec![amount(225_100), amount(1_000), text("pagar en abril")],
            vec![ConceptValue::Empty, amount(2_000), text("licencia")],
            vec![amount(-1_200), text("s/i"), amount(5)],
            vec![amount(3), amount(4), text("revisar")],
        ]
    }

    fn profiles(rows: &[Vec<ConceptValue>], n: usize) -> Vec<ColumnProfile> {
        profile_columns(n, rows.iter().map(Vec::as_slice))
    }

    #[test]
    fn a_profile_counts_amounts_and_texts_and_keeps_the_first_values() {
        let profiles = profiles(&changes_rows(), 3);
        assert_eq!((profiles[0].n_amounts, profiles[0].n_texts), (3, 0));
        assert_eq!(profiles[0].samples, ["225.100", "-1.200", "3"]);
        assert_eq!((profiles[2].n_amounts, profiles[2].n_texts), (1, 3));
        assert_eq!(profiles[2].samples, ["pagar en abril", "licencia", "5"]);
        assert!(profiles[2].is_mostly_text() && !profiles[2].is_amount());
        assert!(profiles[1].is_amount() && !profiles[1].is_mostly_text());
        let short = profile_columns(2, [[amount(1)].as_slice()]);
        assert_eq!(
            short[1],
            ColumnProfile::default(),
            "a short row's missing cell"
        );
        let fraction =
            profile_columns(1, [[ConceptValue::Amount(Decimal::new(125, 1))].as_slice()]);
        assert_eq!(fraction[0].samples, ["12,5"]);
    }

    #[test]
    fn a_text_column_onto_an_amount_is_warned_and_a_numeric_column_is_not() {
        let changes = strings(&["BONO", "VIATICOS", "Observaciones"]);
        let book = strings(&["Bono", "Viáticos", "Cargo"]);
        let mut settings = Settings::default();
        settings
            .mapping
            .insert("Observaciones".into(), Some("Viáticos".into()));
        let resolved = resolve_mapping(&changes, &book, &settings);
        let warnings = mapping_warnings(
            &resolved,
            &changes,
            &book,
            &profiles(&changes_rows(), 3),
            &[],
        );
        let text_onto_amount: Vec<usize> = warnings
            .iter()
            .filter(|(_, w)| matches!(w, MappingWarning::TextOntoAmount { .. }))
            .map(|(idx, _)| *idx)
            .collect();
        assert_eq!(text_onto_amount, vec![2], "only Observaciones");
        assert!(warnings.iter().any(|(idx, warning)| *idx == 2
            && warning.message("Observaciones")
                == "«Observaciones» tiene sobre todo texto (3 de 4 valores) y «Viáticos» es \
                    un monto: cada texto se compararía como una diferencia."));

        // Onto a libro column of text (`Cargo`), text is no false difference.
        settings
            .mapping
            .insert("Observaciones".into(), Some("Cargo".into()));
        let resolved = resolve_mapping(&changes, &book, &settings);
        let book_rows = vec![vec![amount(1), amount(2), text("Analista")]];
        let warnings = mapping_warnings(
            &resolved,
            &changes,
            &book,
            &profiles(&changes_rows(), 3),
            &profiles(&book_rows, 3),
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn two_headers_onto_one_concept_are_warned_on_both() {
        let changes = strings(&["BONO", "BONO PRODUCCION", "VIATICOS"]);
        let book = strings(&["Bono", "Viáticos"]);
        let mut settings = Settings::default();
        settings
            .mapping
            .insert("BONO PRODUCCION".into(), Some("Bono".into()));
        let resolved = resolve_mapping(&changes, &book, &settings);
        let warnings = mapping_warnings(&resolved, &changes, &book, &[], &[]);
        assert_eq!(
            warnings,
            vec![
                (
                    0,
                    MappingWarning::SharedTarget {
                        concept: "Bono".into(),
                        others: strings(&["BONO PRODUCCION"]),
                    }
                ),
                (
                    1,
                    MappingWarning::SharedTarget {
                        concept: "Bono".into(),
                        others: strings(&["BONO"]),
                    }
                ),
            ]
        );
        assert_eq!(
            warnings[0].1.message("BONO"),
            "«BONO» y «BONO PRODUCCION» van al mismo concepto del libro, «Bono»: revise que \
             no sea un error."
        );
        let proposal_only = resolve_mapping(&changes, &book, &Settings::default());
        assert!(mapping_warnings(&proposal_only, &changes, &book, &[], &[]).is_empty());
    }

    #[test]
    fn repeated_columns_are_told_apart_from_names_with_a_dot() {
        assert_eq!(repeated_column("Sueldo Base.1"), Some(("Sueldo Base", 2)));
        assert_eq!(repeated_column("Bono.2"), Some(("Bono", 3)));
        for plain in [
            "Sueldo Base",
            "Bono.0",
            "Versión 2.5",
            ".1",
            "Bono.",
            "Bono.a",
        ] {
            assert_eq!(repeated_column(plain), None, "{plain}");
        }
        let note = repeated_column_note("Sueldo Base.1").expect("a repeated column");
        assert!(
            note.starts_with("Sueldo Base.1: segunda columna con el mismo nombre en el archivo.")
        );
        assert!(note.contains("«Sueldo Base»"));
        assert_eq!(repeated_column_note("Bono"), None);
    }
}
