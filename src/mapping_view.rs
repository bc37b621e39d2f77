//! The concept mapping editor as plain Rust: one row per novedades header with the libro
//! concept a run will use (and its absolute and relative tolerances), the filters of the
//! editor, and parsing of what the user types.
//! The component renders these values; it decides nothing.

use cuadra_core::compare::{
    mapping_warnings, propose_mapping, repeated_column_note, resolve_mapping, ColumnProfile,
};
use cuadra_core::values::text::normalize_header;
use cuadra_core::Settings;
use rust_decimal::Decimal;

/// The `<select>` value of *Sin asignación*; a libro concept's value is its column index.
pub const NO_MAPPING_VALUE: &str = "";

/// One novedades header in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingRow {
    pub header: String,
    /// Index into the libro concepts of the concept a run compares this header with;
    /// `None` is *Sin asignación*.
    pub target_idx: Option<usize>,
    /// The automatic proposal (docs/rules.md), shown so the user sees what they changed.
    pub proposed: Option<String>,
    /// The user chose this row's mapping (it is in `Settings::mapping`).
    pub chosen_by_user: bool,
    /// A remembered choice names a libro concept this libro does not have.
    pub missing_target: Option<String>,
    /// This header's own tolerance, overriding the global one.
    pub tolerance: Option<u64>,
    /// This header's relative tolerance in percent (`tolerancia_relativa_por_concepto`),
    /// added to the absolute one.
    pub relative_tolerance: Option<Decimal>,
    /// What is probably wrong with this row's mapping (two headers onto one concept, text
    /// onto an amount), in Spanish.
    pub warnings: Vec<String>,
    /// The header's first values, and the mapped libro concept's (personal data: shown
    /// on screen, kept nowhere else).
    pub samples: Vec<String>,
    pub target_samples: Vec<String>,
    /// What a repeated column (`X.1`) is, for the header and for the mapped concept.
    pub repeated_note: Option<String>,
    pub target_repeated_note: Option<String>,
}

impl MappingRow {
    pub fn is_unmapped(&self) -> bool {
        self.target_idx.is_none()
    }
}

/// The whole editor: rows in novedades column order, and how many are not compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingView {
    pub rows: Vec<MappingRow>,
    pub n_unmapped: usize,
}

/// What the workers read of each file's concept columns, indexed like its concepts (empty
/// when unknown).
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns<'a> {
    pub changes: &'a [ColumnProfile],
    pub book: &'a [ColumnProfile],
}

/// Builds the editor from what the workers read and the settings. Targets come from the
/// same `resolve_mapping` the comparison uses, so the editor shows exactly what a run does;
/// the warnings come from the same checks as the run's notes.
pub fn mapping_view(
    changes_concepts: &[String],
    book_concepts: &[String],
    settings: &Settings,
    columns: Columns<'_>,
) -> MappingView {
    let resolved = resolve_mapping(changes_concepts, book_concepts, settings);
    let warnings = mapping_warnings(
        &resolved,
        changes_concepts,
        book_concepts,
        columns.changes,
        columns.book,
    );
    let samples = |profiles: &[ColumnProfile], idx: Option<usize>| {
        idx.and_then(|idx| profiles.get(idx))
            .map(|profile| profile.samples.clone())
            .unwrap_or_default()
    };
    let proposal = propose_mapping(changes_concepts, book_concepts);
    let user_keys: Vec<String> = settings
        .mapping
        .keys()
        .map(|key| normalize_header(key))
        .collect();
    let rows: Vec<MappingRow> = changes_concepts
        .iter()
        .enumerate()
        .map(|(changes_idx, header)| {
            let target_idx = resolved
                .pairs
                .iter()
                .find(|(idx, _)| *idx == changes_idx)
                .map(|(_, book_idx)| *book_idx);
            MappingRow {
                header: header.clone(),
                target_idx,
                proposed: proposal.get(header).cloned().flatten(),
                chosen_by_user: settings.mapping.contains_key(header)
                    || user_keys.contains(&normalize_header(header)),
                missing_target: resolved
                    .missing_targets
                    .iter()
                    .find(|(missing, _)| missing == header)
                    .map(|(_, target)| target.clone()),
                tolerance: settings.tolerance_per_concept.get(header).copied(),
                relative_tolerance: settings.relative_tolerance_per_concept.get(header).copied(),
                warnings: warnings
                    .iter()
                    .filter(|(idx, _)| *idx == changes_idx)
                    .map(|(_, warning)| warning.message(header))
                    .collect(),
                samples: samples(columns.changes, Some(changes_idx)),
                target_samples: samples(columns.book, target_idx),
                repeated_note: repeated_column_note(header),
                target_repeated_note: target_idx
                    .and_then(|idx| book_concepts.get(idx))
                    .and_then(|concept| repeated_column_note(concept)),
            }
        })
        .collect();
    let n_unmapped = rows.iter().filter(|row| row.is_unmapped()).count();
    MappingView { rows, n_unmapped }
}

/// "Restablecer propuesta": forgets the user's choice for every header of this novedades
/// (matched as a run matches them, by normalised header too), so each takes the automatic
/// proposal again. Tolerances stay, and so do remembered choices for headers this file does
/// not have. Returns whether anything was forgotten.
pub fn reset_to_proposal(settings: &mut Settings, changes_concepts: &[String]) -> bool {
    let headers: Vec<String> = changes_concepts
        .iter()
        .map(|header| normalize_header(header))
        .collect();
    let before = settings.mapping.len();
    settings
        .mapping
        .retain(|key, _| !headers.contains(&normalize_header(key)));
    settings.mapping.len() != before
}

/// Does `text` contain `query`, both compared as headers are (case, accents, spaces)?
fn matches(text: &str, query: &str) -> bool {
    let query = normalize_header(query);
    query.is_empty() || normalize_header(text).contains(&query)
}

/// The libro concepts a row's list offers for a filter text, as `(index, concept)` in
/// column order. The row's current concept always stays, so the list never hides what is
/// selected.
pub fn filter_concepts<'a>(
    book_concepts: &'a [String],
    query: &str,
    current: Option<usize>,
) -> Vec<(usize, &'a String)> {
    book_concepts
        .iter()
        .enumerate()
        .filter(|(idx, concept)| Some(*idx) == current || matches(concept, query))
        .collect()
}

/// Does a row match the editor's search box (its header or its concept)?
pub fn row_matches(row: &MappingRow, book_concepts: &[String], query: &str) -> bool {
    let target = row
        .target_idx
        .and_then(|idx| book_concepts.get(idx))
        .map(String::as_str)
        .unwrap_or_default();
    matches(&row.header, query) || (!target.is_empty() && matches(target, query))
}

/// The `<select>` value for a row's target.
pub fn choice_value(target_idx: Option<usize>) -> String {
    target_idx.map_or_else(|| NO_MAPPING_VALUE.to_string(), |idx| idx.to_string())
}

/// What a `<select>` value means: `Some(None)` is *Sin asignación*, `Some(Some(concept))`
/// a libro concept, `None` a value that names nothing (ignored).
pub fn parse_choice(book_concepts: &[String], value: &str) -> Option<Option<String>> {
    if value == NO_MAPPING_VALUE {
        return Some(None);
    }
    let idx: usize = value.parse().ok()?;
    book_concepts.get(idx).map(|concept| Some(concept.clone()))
}

/// A text that is not a whole, non-negative number of pesos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidPesos;

/// Whole pesos as the user types them: `1500`, `1.500`, `$ 1.500`. Blank is `None` (no
/// value); anything else, negative or fractional, is an error.
pub fn parse_pesos(text: &str) -> Result<Option<u64>, InvalidPesos> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '$' | '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(InvalidPesos);
    }
    digits.parse().map(Some).map_err(|_| InvalidPesos)
}

/// A text that is not a non-negative percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidPercent;

/// A percentage as the user types it: `2,5`, `2.5`, `2,5 %`, `10`. Either `,` (as es-CL
/// writes decimals) or `.` is the decimal separator, at most one of them: a percentage
/// has no thousands to group. Blank is `None` (no relative tolerance); a negative or
/// non-numeric text is an error, as in a `--config` file.
pub fn parse_percent(text: &str) -> Result<Option<Decimal>, InvalidPercent> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .collect();
    let number = compact.strip_suffix('%').unwrap_or(&compact);
    if number.is_empty() {
        return Ok(None);
    }
    let n_separators = number.chars().filter(|c| matches!(c, ',' | '.')).count();
    let valid = n_separators <= 1
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        && number.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(InvalidPercent);
    }
    number
        .replace(',', ".")
        .parse::<Decimal>()
        .map(|percent| Some(percent.normalize()))
        .map_err(|_| InvalidPercent)
}

/// A percentage as the editor shows it: `2,5` (es-CL decimal comma, no trailing zeros).
pub fn percent_text(percent: Decimal) -> String {
    percent.normalize().to_string().replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    fn book() -> Vec<String> {
        strings(&["Sueldo Base", "Viáticos", "Bono", "Sueldo Base.1", "Cargo"])
    }

    #[test]
    fn rows_show_the_proposal_and_count_unmapped_headers() {
        let changes = strings(&["SUELDO BASE", "VIATICOS", "COLACION"]);
        let view = mapping_view(&changes, &book(), &Settings::default(), Columns::default());
        let targets: Vec<Option<usize>> = view.rows.iter().map(|row| row.target_idx).collect();
        // Sueldo Base proposes the itemised `.1`; COLACION has no libro concept.
        assert_eq!(targets, vec![Some(3), Some(1), None]);
        assert_eq!(view.rows[0].proposed.as_deref(), Some("Sueldo Base.1"));
        assert_eq!(view.n_unmapped, 1);
        assert!(view.rows[2].is_unmapped());
        assert!(view.rows.iter().all(|row| !row.chosen_by_user));
    }

    #[test]
    fn user_choices_override_the_proposal_and_missing_targets_are_pointed_out() {
        let changes = strings(&["VIATICOS", "BONO", "COLACION"]);
        let mut settings = Settings::default();
        settings.mapping.insert("VIATICOS".into(), None);
        settings
            .mapping
            .insert("colación".into(), Some("Colación".into()));
        settings.tolerance_per_concept.insert("BONO".into(), 500);
        let view = mapping_view(&changes, &book(), &settings, Columns::default());
        assert_eq!(view.rows[0].target_idx, None);
        assert!(view.rows[0].chosen_by_user);
        assert_eq!(view.rows[0].proposed.as_deref(), Some("Viáticos"));
        assert_eq!(view.rows[1].target_idx, Some(2));
        assert_eq!(view.rows[1].tolerance, Some(500));
        // A remembered key matches after header normalisation; its target is not in this libro.
        assert!(view.rows[2].chosen_by_user);
        assert_eq!(view.rows[2].missing_target.as_deref(), Some("Colación"));
        assert_eq!(view.n_unmapped, 2);
    }

    #[test]
    fn reset_goes_back_to_the_proposal_and_keeps_tolerances() {
        let changes = strings(&["VIATICOS", "BONO"]);
        let mut settings = Settings::default();
        settings.mapping.insert("viáticos".into(), None);
        settings.mapping.insert("BONO".into(), Some("Cargo".into()));
        settings
            .mapping
            .insert("COLACION".into(), Some("Colación".into()));
        settings.tolerance_per_concept.insert("BONO".into(), 500);
        assert_eq!(
            mapping_view(&changes, &book(), &settings, Columns::default()).rows[0].target_idx,
            None
        );
        assert!(reset_to_proposal(&mut settings, &changes));
        let view = mapping_view(&changes, &book(), &settings, Columns::default());
        assert_eq!(view.rows[0].target_idx, Some(1), "Viáticos, as proposed");
        assert_eq!(view.rows[1].target_idx, Some(2), "Bono, as proposed");
        assert!(view.rows.iter().all(|row| !row.chosen_by_user));
        assert_eq!(view.rows[1].tolerance, Some(500));
        assert!(
            settings.mapping.contains_key("COLACION"),
            "a header this file does not have keeps its choice"
        );
        assert!(!reset_to_proposal(&mut settings, &changes), "nothing left");
    }

    #[test]
    fn rows_carry_their_warnings_samples_and_repeated_column_notes() {
        let changes = strings(&["SUELDO BASE", "Observaciones", "VIATICOS"]);
        let mut settings = Settings::default();
        settings
            .mapping
            .insert("Observaciones".into(), Some("Viáticos".into()));
        let profile = |n_amounts, n_texts, samples: &[&str]| ColumnProfile {
            n_amounts,
            n_texts,
            samples: strings(samples),
        };
        let changes_columns = [
            profile(3, 0, &["500.000", "420.000", "380.000"]),
            profile(0, 3, &["pagar en abril", "licencia", "revisar"]),
            profile(2, 0, &["1.000", "2.000"]),
        ];
        let book_columns = [
            profile(3, 0, &["1"]),
            profile(3, 0, &["15.000"]),
            profile(3, 0, &["2"]),
            profile(3, 0, &["500.000"]),
            profile(0, 3, &["Analista"]),
        ];
        let columns = Columns {
            changes: &changes_columns,
            book: &book_columns,
        };
        let view = mapping_view(&changes, &book(), &settings, columns);
        assert!(
            view.rows[0].warnings.is_empty(),
            "a numeric column is not flagged"
        );
        assert_eq!(view.rows[0].samples, ["500.000", "420.000", "380.000"]);
        assert_eq!(view.rows[0].target_samples, ["500.000"], "Sueldo Base.1's");
        let note = view.rows[0]
            .target_repeated_note
            .as_deref()
            .unwrap_or_default();
        assert!(note.starts_with("Sueldo Base.1: segunda columna con el mismo nombre"));
        assert_eq!(view.rows[0].repeated_note, None);
        // Observaciones: text onto an amount, and onto the concept VIATICOS also has.
        assert_eq!(
            view.rows[1].warnings.len(),
            2,
            "{:?}",
            view.rows[1].warnings
        );
        assert!(view.rows[1]
            .warnings
            .iter()
            .any(|w| w.contains("sobre todo texto")));
        assert_eq!(view.rows[2].warnings.len(), 1);
        assert!(view.rows[2].warnings[0].contains("mismo concepto del libro"));
    }

    #[test]
    fn concept_filter_ignores_case_and_accents_and_keeps_the_current_concept() {
        let book = book();
        let found: Vec<usize> = filter_concepts(&book, "viaticos", None)
            .into_iter()
            .map(|(idx, _)| idx)
            .collect();
        assert_eq!(found, vec![1]);
        let found: Vec<usize> = filter_concepts(&book, " SUELDO ", Some(2))
            .into_iter()
            .map(|(idx, _)| idx)
            .collect();
        assert_eq!(found, vec![0, 2, 3]);
        assert_eq!(filter_concepts(&book, "", None).len(), book.len());
        assert!(filter_concepts(&book, "zzz", None).is_empty());
    }

    #[test]
    fn row_search_looks_at_header_and_concept() {
        let book = book();
        let view = mapping_view(
            &strings(&["VIATICOS", "OTRO"]),
            &book,
            &Settings::default(),
            Columns::default(),
        );
        assert!(row_matches(&view.rows[0], &book, "viát"));
        assert!(!row_matches(&view.rows[1], &book, "viát"));
        assert!(row_matches(&view.rows[1], &book, ""));
    }

    #[test]
    fn select_values_round_trip() {
        let book = book();
        assert_eq!(parse_choice(&book, &choice_value(None)), Some(None));
        assert_eq!(
            parse_choice(&book, &choice_value(Some(1))),
            Some(Some("Viáticos".to_string()))
        );
        assert_eq!(parse_choice(&book, "99"), None);
        assert_eq!(parse_choice(&book, "abc"), None);
    }

    #[test]
    fn pesos_are_whole_and_es_cl() {
        assert_eq!(parse_pesos("1500"), Ok(Some(1500)));
        assert_eq!(parse_pesos("$ 1.500"), Ok(Some(1500)));
        assert_eq!(parse_pesos("  "), Ok(None));
        assert_eq!(parse_pesos("0"), Ok(Some(0)));
        assert_eq!(parse_pesos("-5"), Err(InvalidPesos));
        assert_eq!(parse_pesos("12,5"), Err(InvalidPesos));
        assert_eq!(parse_pesos("diez"), Err(InvalidPesos));
    }

    #[test]
    fn percentages_as_typed_and_shown() {
        let percent = |text: &str| Decimal::from_str_exact(text).expect("test percent");
        for (typed, kept) in [
            ("2,5", "2.5"),
            ("2.5", "2.5"),
            (" 2,5 % ", "2.5"),
            ("10", "10"),
            ("0,50", "0.5"),
            (",5", "0.5"),
        ] {
            assert_eq!(parse_percent(typed), Ok(Some(percent(kept))), "{typed}");
        }
        assert_eq!(parse_percent(""), Ok(None));
        assert_eq!(parse_percent(" % "), Ok(None));
        for wrong in ["-1", "1.000,5", "dos", "2,5,1", ",", "1e2"] {
            assert_eq!(parse_percent(wrong), Err(InvalidPercent), "{wrong}");
        }
        assert_eq!(percent_text(percent("2.50")), "2,5");
        assert_eq!(percent_text(percent("10")), "10");
    }

    #[test]
    fn rows_carry_the_relative_tolerance() {
        let changes = strings(&["BONO", "VIATICOS"]);
        let mut settings = Settings::default();
        settings
            .relative_tolerance_per_concept
            .insert("BONO".into(), Decimal::new(25, 1));
        let view = mapping_view(&changes, &book(), &settings, Columns::default());
        assert_eq!(view.rows[0].relative_tolerance, Some(Decimal::new(25, 1)));
        assert_eq!(view.rows[1].relative_tolerance, None);
    }
}
