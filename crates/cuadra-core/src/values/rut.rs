//! Chile's RUT: parsing every shape analysts type, the comparison key and the display form.

use serde::{Deserialize, Serialize};

/// A RUT as a comparison key: the number without leading zeros and the upper-case check
/// digit. Two RUTs are the same employee exactly when they are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rut {
    pub number: u32,
    /// `'0'..='9'` or `'K'`.
    pub check_digit: char,
}

/// Why a text is not a RUT at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RutError {
    /// Letters or other characters where digits belong.
    NotARut,
    /// Fewer than 7 digits in the number part.
    TooShort,
    /// A leading minus (`-12345678-5`, a numeric `-123456785`): no RUT is negative, and
    /// dropping the sign would take an amount typed in the RUT column for an employee.
    Negative,
}

impl Rut {
    /// Parses `12.345.678-5`, `12345678-5`, `123456785`, `12 345 678 - 5`, lower-case `k`,
    /// leading zeros. The last character is the check digit. The check digit is *not*
    /// validated here: see [`Rut::is_valid`].
    ///
    /// A hyphen separates exactly one check digit: `12345678-55` and `1-2-3` are not RUTs
    /// (the digits would otherwise run together into `123456785-5`).
    pub fn parse(text: &str) -> Result<Rut, RutError> {
        let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
        if trimmed.starts_with('-') || trimmed.starts_with('\u{2212}') {
            return Err(RutError::Negative);
        }
        if let Some((_, after)) = trimmed.rsplit_once('-') {
            let n_after = after
                .chars()
                .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\t'))
                .count();
            if n_after != 1 || trimmed.matches('-').count() > 1 {
                return Err(RutError::NotARut);
            }
        }
        let mut chars: Vec<char> = text
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '-' | '\u{a0}' | '\t'))
            .collect();
        let check_digit = match chars.pop() {
            Some(c) if c.is_ascii_digit() => c,
            Some('k' | 'K') => 'K',
            Some(_) => return Err(RutError::NotARut),
            None => return Err(RutError::TooShort),
        };
        if !chars.iter().all(char::is_ascii_digit) {
            return Err(RutError::NotARut);
        }
        let digits: String = chars.into_iter().skip_while(|c| *c == '0').collect();
        if digits.len() < 7 {
            return Err(RutError::TooShort);
        }
        let number: u32 = digits.parse().map_err(|_| RutError::NotARut)?;
        Ok(Rut {
            number,
            check_digit,
        })
    }

    /// A number plus a separate check-digit cell.
    pub fn from_parts(number_text: &str, check_digit_text: &str) -> Result<Rut, RutError> {
        let number_text = number_text.trim();
        let check_digit_text = check_digit_text.trim();
        if check_digit_text.is_empty() {
            return Rut::parse(number_text);
        }
        Rut::parse(&format!("{number_text}-{check_digit_text}"))
    }

    /// The modulo-11 check digit for a RUT number.
    pub fn compute_check_digit(number: u32) -> char {
        let mut sum = 0u32;
        let mut factor = 2;
        let mut rest = number;
        while rest > 0 {
            sum += (rest % 10) * factor;
            rest /= 10;
            factor = if factor == 7 { 2 } else { factor + 1 };
        }
        match 11 - (sum % 11) {
            11 => '0',
            10 => 'K',
            digit => char::from_digit(digit, 10).expect("11 - (x % 11) is in 1..=11"),
        }
    }

    /// Whether the check digit matches the number (modulo 11).
    pub fn is_valid(&self) -> bool {
        Rut::compute_check_digit(self.number) == self.check_digit
    }

    /// A valid RUT for a number (used by the generator and tests).
    pub fn from_number(number: u32) -> Rut {
        Rut {
            number,
            check_digit: Rut::compute_check_digit(number),
        }
    }

    /// `12.345.678-5`, for generated files in the dotted shape.
    pub fn dotted(&self) -> String {
        let out = crate::values::amount::group_thousands(&self.number.to_string());
        format!("{out}-{}", self.check_digit)
    }
}

/// The display form `12345678-5`.
impl std::fmt::Display for Rut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.number, self.check_digit)
    }
}

impl Serialize for Rut {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rut {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rut::parse(&text).map_err(|_| serde::de::Error::custom(format!("not a RUT: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_every_shape_to_one_key() {
        let expected = Rut {
            number: 12345678,
            check_digit: '5',
        };
        for text in [
            "12.345.678-5",
            "12345678-5",
            "123456785",
            "12 345 678 - 5",
            "012345678-5",
        ] {
            assert_eq!(Rut::parse(text), Ok(expected), "{text}");
        }
        assert_eq!(Rut::parse("7654321-k").map(|r| r.check_digit), Ok('K'));
        assert_eq!(Rut::from_parts("12345678", "5"), Ok(expected));
    }

    #[test]
    fn rejects_non_ruts() {
        assert_eq!(Rut::parse("abc"), Err(RutError::NotARut));
        assert_eq!(Rut::parse("12a45678-5"), Err(RutError::NotARut));
        assert_eq!(Rut::parse("12345-6"), Err(RutError::TooShort));
        assert_eq!(Rut::parse(""), Err(RutError::TooShort));
    }

    #[test]
    fn negative_ruts_and_two_check_digits_are_not_ruts() {
        assert_eq!(Rut::parse("-12345678-5"), Err(RutError::Negative));
        assert_eq!(Rut::parse(" -123456785"), Err(RutError::Negative));
        assert_eq!(Rut::parse("\u{2212}12345678-5"), Err(RutError::Negative));
        assert_eq!(Rut::parse("12345678-55"), Err(RutError::NotARut));
        assert_eq!(Rut::parse("12-345-678-5"), Err(RutError::NotARut));
        assert_eq!(Rut::parse("12345678-"), Err(RutError::NotARut));
        assert_eq!(
            Rut::from_parts("12345678", "55"),
            Err(RutError::NotARut),
            "a two-character DV column"
        );
        // Every shape of docs/rules.md still parses.
        let expected = Ok(Rut::from_number(12_345_678));
        for text in [
            "12.345.678-5",
            "12345678-5",
            "123456785",
            "12 345 678 - 5",
            "012345678-5",
            " 12.345.678-5 ",
        ] {
            assert_eq!(Rut::parse(text), expected, "{text}");
        }
        assert_eq!(Rut::from_parts("12345678", "5"), expected);
        assert_eq!(
            Rut::parse("10.000.013-k").map(|rut| rut.check_digit),
            Ok('K')
        );
    }

    #[test]
    fn modulo_11() {
        assert!(Rut::parse("12345678-5").expect("rut").is_valid());
        assert!(!Rut::parse("12345678-4").expect("rut").is_valid());
        assert_eq!(Rut::compute_check_digit(10609379), '2');
        assert_eq!(Rut::compute_check_digit(76123456), '0');
        assert_eq!(Rut::from_number(12345678).to_string(), "12345678-5");
        assert_eq!(Rut::from_number(12345678).dotted(), "12.345.678-5");
        assert_eq!(Rut::from_number(1234567).dotted(), "1.234.567-4");
    }
}
