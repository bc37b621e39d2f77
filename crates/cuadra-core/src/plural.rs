//! Counted nouns in Spanish for every message the core, the CLI and the page write: the
//! count in es-CL digits and the noun in the number it agrees with (`1 advertencia`,
//! `2 advertencias`, `0 discrepancias`, `10.900 discrepancias`), never `advertencia(s)`.

use crate::values::amount::group_thousands;

/// `n` in es-CL digits, then `singular` when `n` is exactly one, `plural` otherwise.
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", group_thousands(&n.to_string()))
}

/// `singular` when `n` is exactly one, `plural` otherwise: a verb or adjective agreeing
/// with a count written elsewhere (`se suma` / `se suman`).
pub fn agree<'a>(n: usize, singular: &'a str, plural: &'a str) -> &'a str {
    if n == 1 {
        singular
    } else {
        plural
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_every_other_count_plural() {
        assert_eq!(counted(1, "advertencia", "advertencias"), "1 advertencia");
        assert_eq!(counted(2, "advertencia", "advertencias"), "2 advertencias");
        assert_eq!(
            counted(0, "discrepancia", "discrepancias"),
            "0 discrepancias"
        );
        assert_eq!(
            counted(1, "discrepancia", "discrepancias"),
            "1 discrepancia"
        );
        assert_eq!(
            counted(10_900, "discrepancia", "discrepancias"),
            "10.900 discrepancias"
        );
        assert_eq!(agree(1, "termina", "terminan"), "termina");
        assert_eq!(agree(3, "termina", "terminan"), "terminan");
    }
}
