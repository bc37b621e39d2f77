//! A compared value's document text without a `String`: borrowed where the value holds it,
//! written on the stack, digit by digit, where it is a number or a date.
//!
//! Serialising 100,000 discrepancies writes up to 300,000 amounts and dates. Through
//! `Display` and `collect_str` each costs a formatter pass per piece and, in serde_json, an
//! escaping pass per piece (`2025`, `-`, `03`, …), which made the JSON export about 30%
//! slower than copying the strings the values replaced. Writing the few bytes here first
//! and handing serde (or the CSV writer) one `&str` keeps it near that cost (numbers in the
//! commit that added this file).

use std::fmt::{self, Write};
use std::ops::Deref;

use rust_decimal::Decimal;

use crate::values::date::Date;

/// Room for any decimal (29 digits, a sign and a point) or a period of two dates.
const CAPACITY: usize = 48;

/// Short document text on the stack.
pub(super) struct ShortText {
    bytes: [u8; CAPACITY],
    len: usize,
}

impl ShortText {
    pub(super) fn new() -> ShortText {
        ShortText {
            bytes: [0; CAPACITY],
            len: 0,
        }
    }

    pub(super) fn as_str(&self) -> &str {
        // Only whole `&str`s and ASCII digits are ever pushed.
        std::str::from_utf8(&self.bytes[..self.len]).expect("pushed text is UTF-8")
    }

    pub(super) fn push_str(&mut self, text: &str) {
        self.push(text.as_bytes());
    }

    fn push(&mut self, text: &[u8]) {
        self.bytes[self.len..self.len + text.len()].copy_from_slice(text);
        self.len += text.len();
    }

    /// `n` as exactly `width` digits, zero-padded; `n` has at most `width` digits.
    fn push_padded(&mut self, n: u32, width: usize) {
        let mut n = n;
        for idx in (0..width).rev() {
            self.bytes[self.len + idx] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.len += width;
    }

    /// `Date`'s `Display` (`2025-03-04`).
    pub(super) fn push_date(&mut self, date: Date) {
        match u32::try_from(date.year) {
            Ok(year) if year <= 9999 => {
                self.push_padded(year, 4);
                self.push(b"-");
                self.push_padded(u32::from(date.month), 2);
                self.push(b"-");
                self.push_padded(u32::from(date.day), 2);
            }
            // No reader makes such a year; the general path keeps the text identical.
            _ => write!(self, "{date}").expect("a date fits the buffer"),
        }
    }

    /// `Decimal`'s `Display` once normalised: `806843`, `-1200`, `0.5`, `-0.05`.
    pub(super) fn push_decimal(&mut self, amount: Decimal) {
        let amount = amount.normalize();
        let mantissa = amount.mantissa();
        let scale = amount.scale() as usize;
        let mut digits = [0u8; 40];
        let mut start = digits.len();
        // u128 division is a library call; every payroll amount fits a u64.
        let mut wide = mantissa.unsigned_abs();
        while wide > u128::from(u64::MAX) {
            start -= 1;
            digits[start] = b'0' + (wide % 10) as u8;
            wide /= 10;
        }
        let mut rest = u64::try_from(wide).expect("the loop above left at most u64::MAX");
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let digits = &digits[start..];
        if mantissa < 0 {
            self.push(b"-");
        }
        if scale == 0 {
            self.push(digits);
        } else if digits.len() > scale {
            let (integer, fraction) = digits.split_at(digits.len() - scale);
            self.push(integer);
            self.push(b".");
            self.push(fraction);
        } else {
            self.push(b"0.");
            for _ in digits.len()..scale {
                self.push(b"0");
            }
            self.push(digits);
        }
    }
}

/// A value's document text: see [`ComparedValue::document_text`](super::ComparedValue::document_text).
pub struct DocumentText<'a>(Repr<'a>);

enum Repr<'a> {
    Borrowed(&'a str),
    Short(ShortText),
    Owned(String),
}

impl<'a> DocumentText<'a> {
    pub(super) fn borrowed(text: &'a str) -> DocumentText<'a> {
        DocumentText(Repr::Borrowed(text))
    }

    pub(super) fn short(text: ShortText) -> DocumentText<'a> {
        DocumentText(Repr::Short(text))
    }

    pub(super) fn owned(text: String) -> DocumentText<'a> {
        DocumentText(Repr::Owned(text))
    }
}

impl Deref for DocumentText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(text) => text,
            Repr::Short(text) => text.as_str(),
            Repr::Owned(text) => text,
        }
    }
}

impl AsRef<[u8]> for DocumentText<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Write for ShortText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.len + text.len() > CAPACITY {
            return Err(fmt::Error);
        }
        self.push(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn decimal_text(amount: Decimal) -> String {
        let mut text = ShortText::new();
        text.push_decimal(amount);
        text.as_str().to_string()
    }

    #[test]
    fn decimals_print_as_decimal_displays_them_normalised() {
        let mut amounts = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(-4, 1),
            Decimal::new(5, 1),
            Decimal::new(-5, 2),
            Decimal::new(80_684_300, 2),
            Decimal::new(-120_000, 2),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
        ];
        // A fixed-seed spread of mantissas and scales.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = (seed >> 11) as i64 - (1 << 52);
            let scale = (seed % 12) as u32;
            amounts.push(Decimal::new(mantissa, scale));
        }
        for amount in amounts {
            assert_eq!(
                decimal_text(amount),
                amount.normalize().to_string(),
                "{amount:?}"
            );
        }
    }

    #[test]
    fn dates_print_as_date_displays_them() {
        for date in [
            Date::new(2025, 3, 4),
            Date::new(1900, 12, 31),
            Date::new(9, 1, 1),
            Date::new(12_345, 6, 7),
            Date::new(-1, 6, 7),
        ] {
            let date = date.expect("valid date");
            let mut text = ShortText::new();
            text.push_date(date);
            assert_eq!(text.as_str(), date.to_string());
        }
    }
}
