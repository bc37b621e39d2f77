//! What a discrepancy compared (`valor_*`, `diferencia`): typed values that serialise as the
//! document's strings, and read back by the shape the discrepancy's type gives each field.
//!
//! Like `Period`, code keeps a type and the document keeps its text (`806843`,
//! `2025-03-04`, `Licencia Medica (2025-03-03 - 2025-03-07)`, `No encontrado`), so nothing
//! downstream re-parses a string to sort or format it. A string alone does not say what it
//! holds (`5` may be pesos or days), so reading one back takes its [`ValueShape`], which
//! comes from the discrepancy's `tipo` (see `layout`), never from the text.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::value_text::{DocumentText, ShortText};
use crate::model::{Absence, ConceptValue};
use crate::values::amount::round_pesos;
use crate::values::date::Date;

/// A value that stands for "there is nothing on this side".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Marker {
    /// `No encontrado`: the other source has no such employee or event.
    NotFound,
    /// `No reportado`: the analyst did not report the event (or sent no file for it).
    NotReported,
}

impl Marker {
    pub const ALL: [Marker; 2] = [Marker::NotFound, Marker::NotReported];

    /// The document's (and the user's) text.
    pub fn text(self) -> &'static str {
        match self {
            Marker::NotFound => "No encontrado",
            Marker::NotReported => "No reportado",
        }
    }
}

/// An absence as one side recorded it: its type (trimmed, as written) and its days.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AbsenceSpan {
    pub kind: String,
    pub start: Date,
    pub end: Date,
}

/// One compared value of a discrepancy.
///
/// Kept small: the rare absence span is boxed and text is a `Box<str>`, so a field costs a
/// `Decimal` plus a tag inline (24 bytes on 64-bit targets, the size of the `Option<String>`
/// it replaced; 20 on wasm32, where that string took 12) and pesos, dates and markers,
/// which each took a heap string before, take no heap at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComparedValue {
    /// Whole pesos, compared as amounts or a difference (`806843`, `-1200`); build it with
    /// [`ComparedValue::pesos`], which rounds as the comparison does.
    Pesos(Decimal),
    /// A concept cell's amount as read, unrounded (`12.5`), where the other side is text.
    Amount(Decimal),
    /// A concept cell's text, trimmed, or an absence type as written.
    Text(Box<str>),
    /// A blank concept cell, or absence days nobody wrote: the document's `""`.
    Blank,
    /// Absence days, possibly fractional (`0.5`).
    Days(Decimal),
    /// A hire or termination date, or a concept cell holding a date.
    Date(Date),
    /// An absence's period: `2025-03-03 - 2025-03-07`.
    DateRange {
        start: Date,
        end: Date,
    },
    /// `Licencia Medica (2025-03-03 - 2025-03-07)`.
    Absence(Box<AbsenceSpan>),
    Marker(Marker),
}

/// What a field of a discrepancy holds, so its text reads back into the right variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    /// [`ComparedValue::Pesos`].
    Pesos,
    /// A side of the text comparison: blank, an amount, a date or text
    /// ([`ComparedValue::cell`]).
    Cell,
    /// Days, or blank when unknown.
    Days,
    Date,
    DateRange,
    Absence,
    /// Text as written: an absence type.
    Text,
    Marker,
}

impl ComparedValue {
    /// Whole pesos, rounded half-up as comparisons do.
    pub fn pesos(amount: Decimal) -> ComparedValue {
        ComparedValue::Pesos(round_pesos(amount))
    }

    /// A concept cell as the text comparison saw it: blank, its amount, a date when the text
    /// is exactly `YYYY-MM-DD` (a date cell reads so), or its trimmed text.
    ///
    /// Its document text is exactly what the comparison compared, and reads back into the
    /// same variant: the readers turn every text that reads as an amount into an amount, so
    /// a `Text` never looks like a number.
    pub fn cell(value: &ConceptValue) -> ComparedValue {
        match value {
            ConceptValue::Empty => ComparedValue::Blank,
            ConceptValue::Amount(amount) => ComparedValue::Amount(amount.normalize()),
            ConceptValue::Text(text) => {
                let text = text.trim();
                if text.is_empty() {
                    ComparedValue::Blank
                } else if let Some(date) = iso_date(text) {
                    ComparedValue::Date(date)
                } else {
                    ComparedValue::Text(text.into())
                }
            }
        }
    }

    /// Absence days as recorded, or blank when the sheet gave none.
    pub fn days(days: Option<Decimal>) -> ComparedValue {
        days.map_or(ComparedValue::Blank, |days| {
            ComparedValue::Days(days.normalize())
        })
    }

    /// Text as written (trimmed).
    pub fn text(text: &str) -> ComparedValue {
        ComparedValue::Text(text.trim().into())
    }

    /// An absence's type (trimmed) and period.
    pub fn absence(absence: &Absence) -> ComparedValue {
        ComparedValue::Absence(Box::new(AbsenceSpan {
            kind: absence.kind.trim().to_string(),
            start: absence.start,
            end: absence.end,
        }))
    }

    /// The value as a whole number of pesos, when it is an amount without cents: what the
    /// xlsx export writes as a number.
    pub fn whole_pesos(&self) -> Option<i64> {
        match self {
            ComparedValue::Pesos(amount) | ComparedValue::Amount(amount) => {
                let amount = amount.normalize();
                if amount.scale() == 0 {
                    i64::try_from(amount).ok()
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Reads a document's text back, as `shape` says the field holds. The error says what
    /// was expected, without the text (it may be cell content). Borrowed text is copied
    /// only when the value keeps it (a text cell or an absence type).
    pub fn parse(shape: ValueShape, text: Cow<'_, str>) -> Result<ComparedValue, String> {
        let value = match shape {
            ValueShape::Pesos => canonical_decimal(&text)
                .filter(|amount| amount.scale() == 0)
                .map(ComparedValue::Pesos),
            ValueShape::Days if text.is_empty() => Some(ComparedValue::Blank),
            ValueShape::Days => canonical_decimal(&text).map(ComparedValue::Days),
            ValueShape::Cell => Some(if text.is_empty() {
                ComparedValue::Blank
            } else if let Some(amount) = canonical_decimal(&text) {
                ComparedValue::Amount(amount)
            } else if let Some(date) = iso_date(&text) {
                ComparedValue::Date(date)
            } else {
                ComparedValue::Text(text.into())
            }),
            ValueShape::Date => iso_date(&text).map(ComparedValue::Date),
            ValueShape::DateRange => {
                date_range(&text).map(|(start, end)| ComparedValue::DateRange { start, end })
            }
            ValueShape::Absence => absence_span(&text).map(ComparedValue::Absence),
            ValueShape::Text => Some(ComparedValue::Text(text.into())),
            ValueShape::Marker => Marker::ALL
                .into_iter()
                .find(|marker| marker.text() == text)
                .map(ComparedValue::Marker),
        };
        value.ok_or_else(|| format!("not a value of shape {shape:?}"))
    }
}

/// A decimal exactly as `Decimal` displays it once normalised (`806843`, `-0.5`), so it
/// reads back to the same text.
fn canonical_decimal(text: &str) -> Option<Decimal> {
    if !looks_canonical(text) {
        return None;
    }
    let amount = Decimal::from_str(text).ok()?;
    // The shape check is exact up to `Decimal`'s precision; beyond it, print and compare.
    if text.len() > 28 {
        let mut canonical = ShortText::new();
        canonical.push_decimal(amount);
        if canonical.as_str() != text {
            return None;
        }
    }
    Some(amount)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`, but not `-0`: the shape of a normalised decimal's
/// text, checked without parsing it.
fn looks_canonical(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let integer_ok = digits(integer) && (integer == "0" || !integer.starts_with('0'));
    let fraction_ok = fraction.is_none_or(|fraction| digits(fraction) && !fraction.ends_with('0'));
    let negative_zero = text.len() != unsigned.len() && integer == "0" && fraction.is_none();
    integer_ok && fraction_ok && !negative_zero
}

/// `2025-03-04` exactly (the document's date form, nothing `Date::parse` also accepts).
fn iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(idx, byte)| match idx {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    Date::new(
        text[0..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..10].parse().ok()?,
    )
}

/// `2025-03-03 - 2025-03-07`: two fixed-width dates, so no search for the separator.
fn date_range(text: &str) -> Option<(Date, Date)> {
    if text.len() != 23 || text.get(10..13) != Some(" - ") {
        return None;
    }
    Some((iso_date(text.get(..10)?)?, iso_date(text.get(13..)?)?))
}

/// `{kind} ({start} - {end})`: the period is the fixed-width tail, so a type that itself
/// holds parentheses still reads back.
fn absence_span(text: &str) -> Option<Box<AbsenceSpan>> {
    const TAIL: usize = " (2025-03-03 - 2025-03-07)".len();
    let split = text.len().checked_sub(TAIL)?;
    let (kind, tail) = (text.get(..split)?, text.get(split..)?);
    let period = tail.strip_prefix(" (")?.strip_suffix(')')?;
    let (start, end) = date_range(period)?;
    Some(Box::new(AbsenceSpan {
        kind: kind.to_string(),
        start,
        end,
    }))
}

impl ComparedValue {
    /// The document's text (`806843`, `2025-03-04`, `No encontrado`, …) without a `String`
    /// for anything but an absence: what serialising and the CSV and xlsx exports read.
    pub fn document_text(&self) -> DocumentText<'_> {
        let mut short = ShortText::new();
        match self {
            ComparedValue::Text(text) => return DocumentText::borrowed(text),
            ComparedValue::Blank => return DocumentText::borrowed(""),
            ComparedValue::Marker(marker) => return DocumentText::borrowed(marker.text()),
            // Rare, and its type may be longer than the stack buffer.
            ComparedValue::Absence(span) => {
                short.push_date(span.start);
                short.push_str(" - ");
                short.push_date(span.end);
                return DocumentText::owned(format!("{} ({})", span.kind, short.as_str()));
            }
            ComparedValue::Pesos(amount)
            | ComparedValue::Amount(amount)
            | ComparedValue::Days(amount) => short.push_decimal(*amount),
            ComparedValue::Date(date) => short.push_date(*date),
            ComparedValue::DateRange { start, end } => {
                short.push_date(*start);
                short.push_str(" - ");
                short.push_date(*end);
            }
        }
        DocumentText::short(short)
    }
}

/// The document's text.
impl fmt::Display for ComparedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document_text())
    }
}

/// The document's text, handed to the serializer as one `&str`.
impl Serialize for ComparedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.document_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal literal")
    }

    fn date(text: &str) -> Date {
        Date::parse(text).expect("date literal")
    }

    #[test]
    fn stays_a_decimal_and_a_tag() {
        let size = std::mem::size_of::<Option<ComparedValue>>();
        assert!(size <= std::mem::size_of::<Decimal>() + 8, "{size} bytes");
        assert!(
            size <= std::mem::size_of::<Option<String>>().max(20),
            "{size} bytes"
        );
    }

    /// Every variant prints its document text and reads back from it, given its shape.
    #[test]
    fn each_shape_prints_and_reads_back() {
        let absence = ComparedValue::Absence(Box::new(AbsenceSpan {
            kind: "Licencia (parcial) Medica".into(),
            start: date("2025-03-03"),
            end: date("2025-03-07"),
        }));
        let cases = [
            (
                ValueShape::Pesos,
                ComparedValue::pesos(d("806843.49")),
                "806843",
            ),
            (
                ValueShape::Pesos,
                ComparedValue::pesos(d("-1200.5")),
                "-1201",
            ),
            (ValueShape::Pesos, ComparedValue::pesos(d("-0.4")), "0"),
            (ValueShape::Cell, ComparedValue::Amount(d("12.50")), "12.5"),
            (ValueShape::Cell, ComparedValue::Blank, ""),
            (
                ValueShape::Cell,
                ComparedValue::text(" Operario "),
                "Operario",
            ),
            (
                ValueShape::Cell,
                ComparedValue::Date(date("2025-03-04")),
                "2025-03-04",
            ),
            (ValueShape::Cell, ComparedValue::text("1_000"), "1_000"),
            (
                ValueShape::Cell,
                ComparedValue::text("04-03-2025"),
                "04-03-2025",
            ),
            (
                ValueShape::Days,
                ComparedValue::days(Some(d("0.50"))),
                "0.5",
            ),
            (ValueShape::Days, ComparedValue::days(None), ""),
            (
                ValueShape::Date,
                ComparedValue::Date(date("2025-03-04")),
                "2025-03-04",
            ),
            (
                ValueShape::DateRange,
                ComparedValue::DateRange {
                    start: date("2025-03-03"),
                    end: date("2025-03-07"),
                },
                "2025-03-03 - 2025-03-07",
            ),
            (
                ValueShape::Absence,
                absence,
                "Licencia (parcial) Medica (2025-03-03 - 2025-03-07)",
            ),
            (ValueShape::Text, ComparedValue::text(""), ""),
            (ValueShape::Text, ComparedValue::text("5"), "5"),
            (
                ValueShape::Marker,
                ComparedValue::Marker(Marker::NotFound),
                "No encontrado",
            ),
            (
                ValueShape::Marker,
                ComparedValue::Marker(Marker::NotReported),
                "No reportado",
            ),
        ];
        for (shape, value, text) in cases {
            assert_eq!(value.to_string(), text, "{value:?}");
            assert_eq!(
                serde_json::to_string(&value).expect("serialises"),
                serde_json::to_string(text).expect("serialises")
            );
            assert_eq!(
                ComparedValue::parse(shape, text.into()),
                Ok(value),
                "{shape:?} {text}"
            );
        }
    }

    #[test]
    fn a_text_that_is_not_of_its_shape_is_an_error_that_hides_it() {
        for (shape, text) in [
            (ValueShape::Pesos, "806.843"),
            (ValueShape::Pesos, "806843.0"),
            (ValueShape::Pesos, "-0"),
            (ValueShape::Pesos, "0806843"),
            (ValueShape::Pesos, "+5"),
            (ValueShape::Pesos, "1_000"),
            (ValueShape::Days, "0.50"),
            (ValueShape::Days, ".5"),
            (ValueShape::Days, "5."),
            (ValueShape::Pesos, ""),
            (ValueShape::Days, "cinco"),
            (ValueShape::Date, "04-03-2025"),
            (ValueShape::Date, "2025-02-30"),
            (ValueShape::DateRange, "2025-03-03 al 2025-03-07"),
            (ValueShape::Absence, "Licencia Medica"),
            (ValueShape::Absence, "(2025-03-03 - 2025-03-07)"),
            (ValueShape::Marker, "no encontrado"),
        ] {
            let error = ComparedValue::parse(shape, text.into()).expect_err(text);
            assert!(
                text.is_empty() || !error.contains(text),
                "{error} shows the cell"
            );
        }
    }

    #[test]
    fn cells_of_the_text_comparison() {
        assert_eq!(
            ComparedValue::cell(&ConceptValue::Empty),
            ComparedValue::Blank
        );
        assert_eq!(
            ComparedValue::cell(&ConceptValue::Text("  ".into())),
            ComparedValue::Blank
        );
        assert_eq!(
            ComparedValue::cell(&ConceptValue::Amount(d("806843.00"))).to_string(),
            "806843"
        );
        assert_eq!(
            ComparedValue::cell(&ConceptValue::Text(" 2025-03-04 ".into())),
            ComparedValue::Date(date("2025-03-04"))
        );
        assert_eq!(
            ComparedValue::cell(&ConceptValue::Text("vence 2025-03-04".into())),
            ComparedValue::text("vence 2025-03-04")
        );
    }

    #[test]
    fn whole_pesos_are_the_amounts_without_cents() {
        assert_eq!(ComparedValue::pesos(d("-1200")).whole_pesos(), Some(-1200));
        assert_eq!(
            ComparedValue::Amount(d("1000.00")).whole_pesos(),
            Some(1000)
        );
        assert_eq!(ComparedValue::Amount(d("12.5")).whole_pesos(), None);
        assert_eq!(ComparedValue::Days(d("5")).whole_pesos(), None);
        assert_eq!(ComparedValue::text("5").whole_pesos(), None);
        assert_eq!(ComparedValue::Blank.whole_pesos(), None);
    }

    /// The shape check agrees with printing the parsed decimal back, over a fixed-seed
    /// spread of values printed normalised and not.
    #[test]
    fn canonical_decimals_are_those_that_print_back_the_same() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let amount = Decimal::new((seed >> 20) as i64 - (1 << 43), (seed % 9) as u32);
            for text in [amount.to_string(), amount.normalize().to_string()] {
                let prints_back = Decimal::from_str(&text)
                    .is_ok_and(|parsed| parsed.normalize().to_string() == text);
                assert_eq!(canonical_decimal(&text).is_some(), prints_back, "{text}");
            }
        }
    }
}
