//! Chilean peso amounts: the one text parser, half-up rounding to whole pesos, and display.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Parses an amount typed as text (docs/rules.md): strips `$`, spaces and non-breaking spaces;
/// `.` is the thousands separator and `,` the decimal separator; a lone `.` followed by
/// exactly three digits is a thousands separator (`150.000` = 150000), otherwise a decimal
/// point (`12.5`). A leading `-` or surrounding parentheses make it negative. Returns `None`
/// when the text is not an amount (it then stays text).
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let mut body: String = text
        .chars()
        .filter(|c| !matches!(c, '$' | ' ' | '\u{a0}' | '\u{202f}' | '\t'))
        .collect();
    if body.is_empty() {
        return None;
    }
    let mut negative = false;
    if body.starts_with('(') && body.ends_with(')') && body.len() > 2 {
        negative = true;
        body = body[1..body.len() - 1].to_string();
    }
    if let Some(rest) = body.strip_prefix('-') {
        negative = !negative;
        body = rest.to_string();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest.to_string();
    }
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let n_dots = body.matches('.').count();
    let n_commas = body.matches(',').count();
    let canonical = if n_commas > 1 {
        return None;
    } else if n_commas == 1 {
        // `,` is the decimal separator: every `.` must be a well-placed thousands separator.
        let (integer, fraction) = body.split_once(',')?;
        if !thousands_grouping_ok(integer) || fraction.is_empty() {
            return None;
        }
        format!("{}.{}", integer.replace('.', ""), fraction)
    } else if n_dots == 0 {
        body.clone()
    } else if n_dots == 1 {
        let (integer, fraction) = body.split_once('.')?;
        if fraction.len() == 3 && !integer.is_empty() {
            format!("{integer}{fraction}")
        } else if integer.is_empty() && fraction.is_empty() {
            return None;
        } else {
            format!(
                "{}.{}",
                if integer.is_empty() { "0" } else { integer },
                fraction
            )
        }
    } else {
        if !thousands_grouping_ok(&body) {
            return None;
        }
        body.replace('.', "")
    };
    if canonical.is_empty() || canonical == "." {
        return None;
    }
    let value = Decimal::from_str(&canonical).ok()?;
    Some(if negative { -value } else { value })
}

/// `1.234.567`: groups of three after the first group of one to three digits.
fn thousands_grouping_ok(integer: &str) -> bool {
    if !integer.contains('.') {
        return !integer.is_empty();
    }
    let mut groups = integer.split('.');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Rounds half-up (away from zero at .5) to whole pesos, as comparisons do.
pub fn round_pesos(amount: Decimal) -> Decimal {
    amount
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Whole pesos as the user writes them in documents: `806843`, `-1200`.
pub fn pesos_string(amount: Decimal) -> String {
    round_pesos(amount).to_string()
}

/// Inserts es-CL thousands separators into a run of digits: `1234567` → `1.234.567`.
pub fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    grouped
}

/// es-CL display: `$ 1.234.567`, `-$ 1.200`.
pub fn format_es_cl(amount: Decimal) -> String {
    let rounded = round_pesos(amount);
    let grouped = group_thousands(&rounded.abs().to_string());
    if rounded.is_sign_negative() && !rounded.is_zero() {
        format!("-$ {grouped}")
    } else {
        format!("$ {grouped}")
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

    #[test]
    fn chilean_text_amounts() {
        let cases = [
            ("1.234.567", "1234567"),
            ("1.234.567,50", "1234567.50"),
            ("150.000", "150000"),
            ("12.5", "12.5"),
            ("$ 806.843", "806843"),
            ("$\u{a0}806843", "806843"),
            ("-1.200", "-1200"),
            ("(1.200)", "-1200"),
            ("0,5", "0.5"),
            ("1234", "1234"),
            ("12.3456", "12.3456"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_amount(text), Some(d(expected)), "{text}");
        }
    }

    #[test]
    fn not_amounts() {
        for text in [
            "", "abc", "12a", "1,2,3", "1.23.4", "$", "N/A", "12.345,", "-",
        ] {
            assert_eq!(parse_amount(text), None, "{text}");
        }
    }

    #[test]
    fn rounding_half_up() {
        assert_eq!(round_pesos(d("10.5")), d("11"));
        assert_eq!(round_pesos(d("10.49")), d("10"));
        assert_eq!(round_pesos(d("-10.5")), d("-11"));
        assert_eq!(pesos_string(d("806843.00")), "806843");
        assert_eq!(format_es_cl(d("1234567")), "$ 1.234.567");
        assert_eq!(format_es_cl(d("-1200")), "-$ 1.200");
    }
}
