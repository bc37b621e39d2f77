//! The results view as plain Rust: filtering, sorting and windowing the discrepancy list,
//! the per-employee view, es-CL display of values and export file names. Components render
//! what this computes; everything here is natively tested.
//!
//! The list works with indices into `ResultDocument::discrepancies`, so filtering and
//! sorting 100,000 rows never copies a discrepancy.

use std::cmp::Ordering;
use std::str::FromStr;

use cuadra_core::document::{InputEntry, ResultDocument};
use cuadra_core::values::amount::format_es_cl;
use cuadra_core::values::date::Date;
use cuadra_core::values::rut::Rut;
use cuadra_core::{Discrepancy, DiscrepancyKind, DiscrepancyStatus, Group, InputWarning};
use rust_decimal::Decimal;

/// What the user narrowed the list to. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub group: Option<Group>,
    pub kind: Option<DiscrepancyKind>,
    pub status: Option<DiscrepancyStatus>,
    /// Free text matched against RUT, name and concept.
    pub text: String,
}

/// The free text prepared once per filtering, not once per row.
struct Needle {
    /// Lower-case, accents folded; matched against name and concept.
    folded: String,
    /// Only the RUT characters (digits and `k`), when the text could be (part of) a RUT.
    rut_chars: Option<String>,
}

impl Needle {
    fn new(text: &str) -> Option<Needle> {
        let folded = fold(text.trim());
        if folded.is_empty() {
            return None;
        }
        let looks_like_rut = folded
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' ' | 'k'));
        let rut_chars = looks_like_rut
            .then(|| {
                folded
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == 'k')
                    .collect::<String>()
            })
            .filter(|chars| !chars.is_empty());
        Some(Needle { folded, rut_chars })
    }

    fn matches(&self, discrepancy: &Discrepancy) -> bool {
        if let Some(rut_chars) = &self.rut_chars {
            let rut = discrepancy.rut;
            let compact = format!("{}{}", rut.number, rut.check_digit.to_ascii_lowercase());
            if compact.contains(rut_chars.as_str()) {
                return true;
            }
        }
        fold(&discrepancy.name).contains(&self.folded)
            || discrepancy
                .concept
                .as_deref()
                .is_some_and(|concept| fold(concept).contains(&self.folded))
    }
}

/// Lower-case with Spanish accents removed, so `jose` finds `José` and `NUÑEZ` finds `nunez`.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }
}

/// A sortable column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Kind,
    Rut,
    Name,
    Concept,
    /// `valor_libro` or `valor_movimientos`: what the HR system says.
    SourceValue,
    /// `valor_novedades` or `valor_analista`: what the analyst reported.
    ReportedValue,
    Difference,
    EventDate,
    Status,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Kind,
        Column::Rut,
        Column::Name,
        Column::Concept,
        Column::SourceValue,
        Column::ReportedValue,
        Column::Difference,
        Column::EventDate,
        Column::Status,
    ];

    /// Right-aligned numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Column::SourceValue | Column::ReportedValue | Column::Difference
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The `aria-sort` value.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub direction: Direction,
}

impl Sort {
    /// The sort after clicking `column`'s header: ascending first, then descending, then
    /// back to the document's order.
    pub fn after_click(current: Option<Sort>, column: Column) -> Option<Sort> {
        match current {
            Some(Sort {
                column: current_column,
                direction,
            }) if current_column == column => match direction {
                Direction::Ascending => Some(Sort {
                    column,
                    direction: Direction::Descending,
                }),
                Direction::Descending => None,
            },
            _ => Some(Sort {
                column,
                direction: Direction::Ascending,
            }),
        }
    }

    /// `aria-sort` for a header.
    pub fn aria_for(current: Option<Sort>, column: Column) -> &'static str {
        match current {
            Some(sort) if sort.column == column => sort.direction.aria(),
            _ => "none",
        }
    }
}

/// A value cell as a sort key: numbers before dates before text (empty cells are `None`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ValueKey {
    Number(Decimal),
    Date(Date),
    Text(String),
}

impl ValueKey {
    fn of(value: Option<&str>) -> Option<ValueKey> {
        let value = value.map(str::trim).filter(|value| !value.is_empty())?;
        if let Ok(number) = Decimal::from_str(value) {
            return Some(ValueKey::Number(number));
        }
        if let Some(date) = iso_date(value) {
            return Some(ValueKey::Date(date));
        }
        Some(ValueKey::Text(fold(value)))
    }
}

fn source_value(discrepancy: &Discrepancy) -> Option<&str> {
    discrepancy
        .valor_libro
        .as_deref()
        .or(discrepancy.valor_movimientos.as_deref())
}

fn reported_value(discrepancy: &Discrepancy) -> Option<&str> {
    discrepancy
        .valor_novedades
        .as_deref()
        .or(discrepancy.valor_analista.as_deref())
}

/// The rows to show, as indices into `discrepancies`: those matching `filter`, in the
/// document's order or sorted by one column (stable: ties keep the document's order, in
/// both directions).
pub fn visible_indices(
    discrepancies: &[Discrepancy],
    filter: &Filter,
    sort: Option<Sort>,
) -> Vec<usize> {
    let needle = Needle::new(&filter.text);
    let mut indices: Vec<usize> = discrepancies
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            filter.group.is_none_or(|group| d.group == group)
                && filter.kind.is_none_or(|kind| d.kind == kind)
                && filter.status.is_none_or(|status| d.status == status)
                && needle.as_ref().is_none_or(|needle| needle.matches(d))
        })
        .map(|(idx, _)| idx)
        .collect();
    if let Some(sort) = sort {
        sort_indices(discrepancies, &mut indices, sort);
    }
    indices
}

fn sort_indices(discrepancies: &[Discrepancy], indices: &mut [usize], sort: Sort) {
    let at = |idx: usize| &discrepancies[idx];
    let directed = |ordering: Ordering| match sort.direction {
        Direction::Ascending => ordering,
        Direction::Descending => ordering.reverse(),
    };
    // Cheap keys compare in place; keys that need parsing or folding are computed once.
    match sort.column {
        Column::Kind => indices.sort_by(|a, b| directed(at(*a).kind.cmp(&at(*b).kind))),
        Column::Rut => indices.sort_by(|a, b| directed(at(*a).rut.cmp(&at(*b).rut))),
        Column::Status => indices.sort_by(|a, b| directed(at(*a).status.cmp(&at(*b).status))),
        Column::EventDate => {
            indices.sort_by(|a, b| blanks_last(at(*a).event_date, at(*b).event_date, directed))
        }
        Column::Name => sort_by_key(
            indices,
            |idx| Some(fold(&at(idx).name)).filter(|name| !name.trim().is_empty()),
            directed,
        ),
        Column::Concept => sort_by_key(
            indices,
            |idx| at(idx).concept.as_deref().map(fold),
            directed,
        ),
        Column::SourceValue => {
            sort_by_key(indices, |idx| ValueKey::of(source_value(at(idx))), directed)
        }
        Column::ReportedValue => sort_by_key(
            indices,
            |idx| ValueKey::of(reported_value(at(idx))),
            directed,
        ),
        Column::Difference => sort_by_key(
            indices,
            |idx| ValueKey::of(at(idx).difference.as_deref()),
            directed,
        ),
    }
}

/// Orders two optional keys: present ones by `directed`, blanks last in both directions.
fn blanks_last<K: Ord>(
    a: Option<K>,
    b: Option<K>,
    directed: impl Fn(Ordering) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Stable sort by a computed key (blanks last), computing each key once.
fn sort_by_key<K: Ord>(
    indices: &mut [usize],
    key: impl Fn(usize) -> Option<K>,
    directed: impl Fn(Ordering) -> Ordering + Copy,
) {
    let mut keyed: Vec<(Option<K>, usize)> = indices.iter().map(|idx| (key(*idx), *idx)).collect();
    keyed.sort_by(|a, b| blanks_last(a.0.as_ref(), b.0.as_ref(), directed));
    for (slot, (_, idx)) in indices.iter_mut().zip(keyed) {
        *slot = idx;
    }
}

/// Which rows of a long list are in the DOM: the visible ones plus an overscan on each
/// side, and the blank space above and below them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowWindow {
    /// First rendered row (position in the filtered list).
    pub start: usize,
    /// One past the last rendered row.
    pub end: usize,
    pub space_above_px: u64,
    pub space_below_px: u64,
}

impl RowWindow {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The window for a list of `n_rows` rows of `row_height_px`, scrolled to `scroll_top_px`
/// in a viewport `viewport_px` high.
pub fn row_window(
    n_rows: usize,
    scroll_top_px: f64,
    viewport_px: f64,
    row_height_px: u32,
    overscan: usize,
) -> RowWindow {
    let row_height = f64::from(row_height_px.max(1));
    // Float to index: clamped to the list, so a stale or negative scroll position is safe.
    let first_visible = (scroll_top_px.max(0.0) / row_height).floor() as usize;
    let n_visible = (viewport_px.max(0.0) / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(overscan).min(n_rows);
    let end = first_visible
        .saturating_add(n_visible)
        .saturating_add(overscan)
        .min(n_rows)
        .max(start);
    let px = |rows: usize| rows as u64 * u64::from(row_height_px);
    RowWindow {
        start,
        end,
        space_above_px: px(start),
        space_below_px: px(n_rows - end),
    }
}

/// `2025-03-04` (exactly) as a date.
fn iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(idx, b)| idx == 4 || idx == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let year = text[0..4].parse().ok()?;
    let month = text[5..7].parse().ok()?;
    let day = text[8..10].parse().ok()?;
    Date::new(year, month, day)
}

/// Rewrites every `YYYY-MM-DD` inside a text as es-CL `DD-MM-YYYY`.
fn dates_es_cl(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(date) = rest.get(..10).and_then(iso_date) {
            out.push_str(&date.es_cl());
            rest = &rest[10..];
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
    }
    out
}

/// A value cell as the user reads it: pesos of the libro-vs-novedades group as
/// `$ 1.234.567`, other numbers (absence days) with a decimal comma (`0,5`), dates as
/// `04-03-2025`, anything else as it is.
pub fn display_value(group: Group, value: &str) -> String {
    if let Ok(number) = Decimal::from_str(value.trim()) {
        return match group {
            Group::PayrollVsChanges => format_es_cl(number),
            Group::MovementsVsAnalyst => number.normalize().to_string().replace('.', ","),
        };
    }
    dates_es_cl(value)
}

/// A difference in pesos as `$ 463.721` / `-$ 1.200`.
pub fn display_difference(value: &str) -> String {
    match Decimal::from_str(value.trim()) {
        Ok(pesos) => format_es_cl(pesos),
        Err(_) => value.to_string(),
    }
}

/// What the list shows in its value columns for a discrepancy.
pub fn source_display(discrepancy: &Discrepancy) -> String {
    source_value(discrepancy)
        .map(|value| display_value(discrepancy.group, value))
        .unwrap_or_default()
}

pub fn reported_display(discrepancy: &Discrepancy) -> String {
    reported_value(discrepancy)
        .map(|value| display_value(discrepancy.group, value))
        .unwrap_or_default()
}

/// One file's warnings that concern an employee.
#[derive(Debug, Clone, PartialEq)]
pub struct FileWarnings<'a> {
    pub input: &'a InputEntry,
    pub warnings: Vec<&'a InputWarning>,
}

/// Everything found for one RUT: its discrepancies (indices, both groups, document order)
/// and the input warnings whose offending text is that RUT, by file.
#[derive(Debug, Clone, PartialEq)]
pub struct EmployeeView<'a> {
    pub rut: Rut,
    pub name: Option<&'a str>,
    pub discrepancies: Vec<usize>,
    pub warnings: Vec<FileWarnings<'a>>,
}

pub fn employee_view(document: &ResultDocument, rut: Rut) -> EmployeeView<'_> {
    let discrepancies: Vec<usize> = document
        .discrepancies
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rut == rut)
        .map(|(idx, _)| idx)
        .collect();
    let name = discrepancies
        .iter()
        .map(|idx| document.discrepancies[*idx].name.as_str())
        .find(|name| !name.trim().is_empty());
    let shown = rut.to_string();
    let warnings = document
        .inputs
        .iter()
        .map(|input| FileWarnings {
            input,
            warnings: input
                .warnings
                .iter()
                .filter(|warning| {
                    warning
                        .text
                        .as_deref()
                        .is_some_and(|text| Rut::parse(text) == Ok(rut))
                        || warning.message.contains(&shown)
                })
                .collect(),
        })
        .filter(|file| !file.warnings.is_empty())
        .collect();
    EmployeeView {
        rut,
        name,
        discrepancies,
        warnings,
    }
}

/// The user's decision on one discrepancy (SPEC §5.1): a new estado, a new note, or both;
/// what is not given stays. A blank note is no note. Refreshes the summary; returns false
/// when the index is out of range.
pub fn decide(
    document: &mut ResultDocument,
    idx: usize,
    status: Option<DiscrepancyStatus>,
    note: Option<&str>,
) -> bool {
    let Some(current) = document.discrepancies.get(idx) else {
        return false;
    };
    let status = status.unwrap_or(current.status);
    let note = match note {
        Some(text) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
        None => current.note.clone(),
    };
    document.set_status(idx, status, note)
}

/// `cuadra_2025-03_76123456-0_resultado.xlsx`; unknown parts are named as such.
pub fn export_file_name(document: &ResultDocument, extension: &str) -> String {
    let period = document
        .closing
        .period
        .map(|period| period.to_string())
        .unwrap_or_else(|| "sin-periodo".to_string());
    let rut = document
        .closing
        .company_rut
        .map(|rut| rut.to_string())
        .unwrap_or_else(|| "sin-rut".to_string());
    format!("cuadra_{period}_{rut}_resultado.{extension}")
}

/// The summary's per-type rows: types that occur, in type order, with their group.
pub fn kind_totals(document: &ResultDocument) -> Vec<(DiscrepancyKind, usize)> {
    DiscrepancyKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let n = document.summary.by_kind.get(&kind).copied()?;
            (n > 0).then_some((kind, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuadra_core::document::{ClosingInfo, ClosingState, Summary, DOCUMENT_FORMAT};
    use cuadra_core::{Period, Settings, Slot};

    fn rut(number: u32) -> Rut {
        Rut::from_number(number)
    }

    fn discrepancy(kind: DiscrepancyKind, number: u32, name: &str) -> Discrepancy {
        Discrepancy {
            kind,
            group: kind.group(),
            rut: rut(number),
            name: name.to_string(),
            description: String::new(),
            concept: None,
            valor_libro: None,
            valor_novedades: None,
            valor_movimientos: None,
            valor_analista: None,
            difference: None,
            status: DiscrepancyStatus::Pending,
            note: None,
            event_date: None,
        }
    }

    fn amount(number: u32, name: &str, concept: &str, book: &str, changes: &str) -> Discrepancy {
        Discrepancy {
            concept: Some(concept.to_string()),
            valor_libro: Some(book.to_string()),
            valor_novedades: Some(changes.to_string()),
            difference: Some(
                (Decimal::from_str(book).expect("test amount")
                    - Decimal::from_str(changes).expect("test amount"))
                .to_string(),
            ),
            ..discrepancy(DiscrepancyKind::ConceptAmountDiffers, number, name)
        }
    }

    /// Seven rows across both groups, in document order.
    fn sample() -> Vec<Discrepancy> {
        let mut hire = discrepancy(DiscrepancyKind::HireDateDiffers, 15_000_000, "Ana Núñez");
        hire.valor_movimientos = Some("2025-03-04".into());
        hire.valor_analista = Some("2025-03-05".into());
        hire.event_date = Date::new(2025, 3, 4);
        let mut absence = discrepancy(DiscrepancyKind::AbsenceNotReported, 12_000_000, "Luis Soto");
        absence.valor_movimientos = Some("Licencia Medica (2025-03-03 - 2025-03-07)".into());
        absence.valor_analista = Some("No reportado".into());
        absence.event_date = Date::new(2025, 3, 3);
        vec![
            discrepancy(
                DiscrepancyKind::EmployeeOnlyInChanges,
                11_000_000,
                "José Pérez",
            ),
            amount(
                12_000_000,
                "Luis Soto",
                "Bono → Bono Producción",
                "806843",
                "343122",
            ),
            amount(
                13_000_000,
                "María Díaz",
                "Viático → Viáticos",
                "1000",
                "1200",
            ),
            amount(
                14_000_000,
                "Pedro Rojas",
                "Bono → Bono Producción",
                "50000",
                "50000.4",
            ),
            discrepancy(DiscrepancyKind::BaseSalaryDiffers, 13_000_000, "María Díaz"),
            hire,
            absence,
        ]
    }

    fn document(discrepancies: Vec<Discrepancy>) -> ResultDocument {
        let mut document = ResultDocument {
            format: DOCUMENT_FORMAT.to_string(),
            closing: ClosingInfo {
                period: Period::parse("2025-03"),
                company_rut: Rut::parse("76123456-0").ok(),
            },
            state: ClosingState::WithDiscrepancies,
            incomplete: false,
            inputs: Vec::new(),
            settings: Settings::default(),
            workers: Vec::new(),
            summary: Summary::default(),
            discrepancies,
        };
        document.refresh_summary();
        document
    }

    fn filter() -> Filter {
        Filter::default()
    }

    #[test]
    fn an_empty_filter_keeps_every_row_in_document_order() {
        let rows = sample();
        assert_eq!(
            visible_indices(&rows, &filter(), None),
            vec![0, 1, 2, 3, 4, 5, 6]
        );
        assert!(filter().is_empty());
    }

    #[test]
    fn filter_by_group_kind_and_status() {
        let mut rows = sample();
        let by_group = Filter {
            group: Some(Group::MovementsVsAnalyst),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_group, None), vec![5, 6]);
        let by_kind = Filter {
            kind: Some(DiscrepancyKind::ConceptAmountDiffers),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_kind, None), vec![1, 2, 3]);
        rows[2].status = DiscrepancyStatus::Justified;
        rows[6].status = DiscrepancyStatus::Justified;
        let by_status = Filter {
            status: Some(DiscrepancyStatus::Justified),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &by_status, None), vec![2, 6]);
        let combined = Filter {
            kind: Some(DiscrepancyKind::ConceptAmountDiffers),
            status: Some(DiscrepancyStatus::Pending),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &combined, None), vec![1, 3]);
        let contradictory = Filter {
            group: Some(Group::PayrollVsChanges),
            kind: Some(DiscrepancyKind::HireDateDiffers),
            ..filter()
        };
        assert!(visible_indices(&rows, &contradictory, None).is_empty());
    }

    #[test]
    fn free_text_finds_rut_in_any_shape_name_without_accents_and_concept() {
        let rows = sample();
        let text = |text: &str| Filter {
            text: text.to_string(),
            ..filter()
        };
        let shown = rut(13_000_000).to_string();
        assert_eq!(visible_indices(&rows, &text(&shown), None), vec![2, 4]);
        assert_eq!(
            visible_indices(&rows, &text(&rut(13_000_000).dotted()), None),
            vec![2, 4]
        );
        assert_eq!(visible_indices(&rows, &text("13000000"), None), vec![2, 4]);
        assert_eq!(visible_indices(&rows, &text("  jose "), None), vec![0]);
        assert_eq!(visible_indices(&rows, &text("NUÑEZ"), None), vec![5]);
        assert_eq!(
            visible_indices(&rows, &text("producción"), None),
            vec![1, 3]
        );
        assert_eq!(visible_indices(&rows, &text("viaticos"), None), vec![2]);
        assert!(visible_indices(&rows, &text("nadie"), None).is_empty());
        assert_eq!(visible_indices(&rows, &text("   "), None).len(), 7);
    }

    fn sorted(rows: &[Discrepancy], column: Column, direction: Direction) -> Vec<usize> {
        visible_indices(rows, &filter(), Some(Sort { column, direction }))
    }

    #[test]
    fn sorting_is_stable_in_both_directions() {
        let rows = sample();
        // Kind: the three concept rows tie and keep the document's order both ways.
        assert_eq!(
            sorted(&rows, Column::Kind, Direction::Ascending),
            vec![0, 1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            sorted(&rows, Column::Kind, Direction::Descending),
            vec![6, 5, 4, 1, 2, 3, 0]
        );
        assert_eq!(
            sorted(&rows, Column::Rut, Direction::Ascending),
            vec![0, 1, 6, 2, 4, 3, 5]
        );
        // Accents fold: Ana Núñez sorts under a; the two Luis Soto rows keep their order.
        assert_eq!(
            sorted(&rows, Column::Name, Direction::Ascending),
            vec![5, 0, 1, 6, 2, 4, 3]
        );
        assert_eq!(
            sorted(&rows, Column::Name, Direction::Descending),
            vec![3, 2, 4, 1, 6, 0, 5]
        );
    }

    #[test]
    fn sorting_by_amount_is_numeric_with_blanks_last() {
        let rows = sample();
        // Differences: 463721, -200, -0.4; the rest have none.
        assert_eq!(
            sorted(&rows, Column::Difference, Direction::Ascending),
            vec![2, 3, 1, 0, 4, 5, 6]
        );
        assert_eq!(
            sorted(&rows, Column::Difference, Direction::Descending),
            vec![1, 3, 2, 0, 4, 5, 6],
            "blanks stay last when descending"
        );
        // Source values: numbers (1000 < 50000 < 806843), then the date, then the text.
        assert_eq!(
            sorted(&rows, Column::SourceValue, Direction::Ascending),
            vec![2, 3, 1, 5, 6, 0, 4]
        );
        assert_eq!(
            sorted(&rows, Column::EventDate, Direction::Ascending),
            vec![6, 5, 0, 1, 2, 3, 4]
        );
        assert_eq!(
            sorted(&rows, Column::EventDate, Direction::Descending),
            vec![5, 6, 0, 1, 2, 3, 4],
            "rows without a date stay last"
        );
    }

    #[test]
    fn sorting_by_status_after_edits() {
        let mut rows = sample();
        rows[4].status = DiscrepancyStatus::Corrected;
        rows[1].status = DiscrepancyStatus::Justified;
        assert_eq!(
            sorted(&rows, Column::Status, Direction::Ascending),
            vec![0, 2, 3, 5, 6, 1, 4]
        );
    }

    #[test]
    fn header_clicks_cycle_ascending_descending_none() {
        let first = Sort::after_click(None, Column::Rut);
        assert_eq!(
            first,
            Some(Sort {
                column: Column::Rut,
                direction: Direction::Ascending
            })
        );
        let second = Sort::after_click(first, Column::Rut);
        assert_eq!(Sort::aria_for(second, Column::Rut), "descending");
        assert_eq!(Sort::aria_for(second, Column::Name), "none");
        assert_eq!(Sort::after_click(second, Column::Rut), None);
        assert_eq!(
            Sort::after_click(second, Column::Name).map(|sort| sort.column),
            Some(Column::Name)
        );
    }

    #[test]
    fn window_at_top_middle_bottom_and_empty() {
        // 100,000 rows of 32 px in a 480 px viewport, overscan 5.
        let top = row_window(100_000, 0.0, 480.0, 32, 5);
        assert_eq!((top.start, top.end), (0, 21));
        assert_eq!(top.space_above_px, 0);
        assert_eq!(top.space_below_px, (100_000 - 21) * 32);

        let middle = row_window(100_000, 32.0 * 50_000.0 + 10.0, 480.0, 32, 5);
        assert_eq!((middle.start, middle.end), (49_995, 50_021));
        assert_eq!(
            middle.space_above_px + middle.space_below_px + middle.range().len() as u64 * 32,
            100_000 * 32,
            "spacers and rows always add up to the full height"
        );

        let bottom = row_window(100_000, 32.0 * 100_000.0 - 480.0, 480.0, 32, 5);
        assert_eq!(bottom.end, 100_000);
        assert_eq!(bottom.space_below_px, 0);
        assert!(bottom.range().len() < 30);

        // Scrolled past the end (the list just shrank): nothing breaks.
        let past = row_window(10, 1.0e9, 480.0, 32, 5);
        assert_eq!((past.start, past.end), (10, 10));
        assert_eq!((past.space_above_px, past.space_below_px), (320, 0));

        let empty = row_window(0, 0.0, 480.0, 32, 5);
        assert_eq!((empty.start, empty.end), (0, 0));
        assert_eq!((empty.space_above_px, empty.space_below_px), (0, 0));

        let short = row_window(3, -40.0, 480.0, 32, 5);
        assert_eq!((short.start, short.end), (0, 3));
    }

    #[test]
    fn filtering_and_sorting_a_hundred_thousand_rows() {
        let rows: Vec<Discrepancy> = (0..100_000u32)
            .map(|idx| {
                amount(
                    10_000_000 + idx,
                    "Persona",
                    "Bono → Bono",
                    "1000",
                    &idx.to_string(),
                )
            })
            .collect();
        let all = visible_indices(&rows, &filter(), None);
        assert_eq!(all.len(), 100_000);
        let one = Filter {
            text: rut(10_054_321).to_string(),
            ..filter()
        };
        assert_eq!(visible_indices(&rows, &one, None), vec![54_321]);
        let by_difference = sorted(&rows, Column::Difference, Direction::Ascending);
        assert_eq!(by_difference[0], 99_999);
        assert_eq!(by_difference[99_999], 0);
    }

    #[test]
    fn values_display_in_es_cl() {
        assert_eq!(
            display_value(Group::PayrollVsChanges, "1234567"),
            "$ 1.234.567"
        );
        assert_eq!(display_value(Group::PayrollVsChanges, "-1200"), "-$ 1.200");
        assert_eq!(
            display_value(Group::PayrollVsChanges, "No encontrado"),
            "No encontrado"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "2025-03-04"),
            "04-03-2025"
        );
        assert_eq!(
            display_value(
                Group::MovementsVsAnalyst,
                "Licencia Medica (2025-03-03 - 2025-03-07)"
            ),
            "Licencia Medica (03-03-2025 - 07-03-2025)"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "5"),
            "5",
            "days are not pesos"
        );
        assert_eq!(
            display_value(Group::MovementsVsAnalyst, "2025-13-40"),
            "2025-13-40"
        );
        assert_eq!(display_difference("463721"), "$ 463.721");
        let rows = sample();
        assert_eq!(source_display(&rows[1]), "$ 806.843");
        assert_eq!(reported_display(&rows[1]), "$ 343.122");
        assert_eq!(source_display(&rows[5]), "04-03-2025");
        assert_eq!(reported_display(&rows[0]), "");
    }

    #[test]
    fn employee_view_gathers_both_groups_and_the_rut_s_warnings() {
        let mut document = document(sample());
        let warning = |text: &str| InputWarning {
            sheet: "Hoja1".into(),
            row_number: 7,
            column: Some("RUT".into()),
            text: Some(text.into()),
            message: "fila con problemas".into(),
        };
        document.inputs = vec![
            InputEntry {
                slot: Slot::PayrollBook,
                file_name: "libro.xlsx".into(),
                sha256: String::new(),
                n_rows: 10,
                n_rows_skipped: 0,
                warnings: vec![warning(&rut(12_000_000).dotted()), warning("otro")],
                notes: Vec::new(),
            },
            InputEntry {
                slot: Slot::MonthlyMovements,
                file_name: "movimientos.xlsx".into(),
                sha256: String::new(),
                n_rows: 10,
                n_rows_skipped: 0,
                warnings: vec![warning("99")],
                notes: Vec::new(),
            },
        ];
        let view = employee_view(&document, rut(12_000_000));
        assert_eq!(view.discrepancies, vec![1, 6], "both groups");
        assert_eq!(view.name, Some("Luis Soto"));
        assert_eq!(view.warnings.len(), 1);
        assert_eq!(view.warnings[0].input.file_name, "libro.xlsx");
        assert_eq!(view.warnings[0].warnings.len(), 1);
        let nobody = employee_view(&document, rut(19_999_999));
        assert!(nobody.discrepancies.is_empty() && nobody.warnings.is_empty());
    }

    #[test]
    fn a_decision_keeps_what_it_does_not_change_and_refreshes_the_summary() {
        let mut document = document(sample());
        let pending =
            |document: &ResultDocument| document.summary.by_status[&DiscrepancyStatus::Pending];
        assert_eq!(pending(&document), 7);
        assert!(decide(
            &mut document,
            2,
            Some(DiscrepancyStatus::Justified),
            None
        ));
        assert_eq!(pending(&document), 6);
        assert!(decide(&mut document, 2, None, Some("  pagado en abril ")));
        assert_eq!(
            document.discrepancies[2].status,
            DiscrepancyStatus::Justified
        );
        assert_eq!(
            document.discrepancies[2].note.as_deref(),
            Some("pagado en abril")
        );
        assert!(decide(
            &mut document,
            2,
            Some(DiscrepancyStatus::Corrected),
            None
        ));
        assert_eq!(
            document.discrepancies[2].note.as_deref(),
            Some("pagado en abril")
        );
        assert_eq!(document.summary.by_status[&DiscrepancyStatus::Corrected], 1);
        assert!(decide(&mut document, 2, None, Some("   ")));
        assert_eq!(
            document.discrepancies[2].note, None,
            "a blank note is no note"
        );
        assert!(!decide(
            &mut document,
            99,
            Some(DiscrepancyStatus::Corrected),
            None
        ));
    }

    #[test]
    fn export_names_and_kind_totals() {
        let mut document = document(sample());
        assert_eq!(
            export_file_name(&document, "xlsx"),
            "cuadra_2025-03_76123456-0_resultado.xlsx"
        );
        let totals = kind_totals(&document);
        assert_eq!(totals[0], (DiscrepancyKind::EmployeeOnlyInChanges, 1));
        assert_eq!(totals[1], (DiscrepancyKind::ConceptAmountDiffers, 3));
        assert_eq!(totals.len(), 5);
        assert!(document.set_status(1, DiscrepancyStatus::Justified, Some("ok".into())));
        assert_eq!(document.summary.by_status[&DiscrepancyStatus::Justified], 1);
        document.closing = ClosingInfo::default();
        assert_eq!(
            export_file_name(&document, "csv"),
            "cuadra_sin-periodo_sin-rut_resultado.csv"
        );
    }
}
