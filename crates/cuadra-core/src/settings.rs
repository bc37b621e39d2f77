//! The settings of docs/results.md and the concept mapping: the document's `configuracion`.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// Settings and mapping, remembered per client. Field names are the document's.
// No `skip_serializing_if` here: the page ↔ worker protocol uses postcard, which is not
// self-describing, so every field must always be written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Global tolerance in whole pesos (an integer: tolerances are never fractional): a difference larger than this is reported.
    #[serde(rename = "tolerancia")]
    pub tolerance: u64,
    /// Per-concept tolerance, keyed by the novedades header; overrides the global one.
    #[serde(rename = "tolerancia_por_concepto")]
    pub tolerance_per_concept: BTreeMap<String, u64>,
    /// Per-concept relative tolerance in percent (`2.5` is 2.5 %), keyed by the novedades
    /// header like `tolerancia_por_concepto`: a difference is reported when
    /// `|libro − novedades| > absoluta + porcentaje/100 · |novedades|` (the datacompy rule).
    /// Written as decimal strings; a `--config` may also give JSON numbers.
    #[serde(
        rename = "tolerancia_relativa_por_concepto",
        deserialize_with = "percentages"
    )]
    pub relative_tolerance_per_concept: BTreeMap<String, Decimal>,
    #[serde(rename = "reportar_solo_libro")]
    pub report_only_in_payroll: bool,
    #[serde(rename = "cero_es_novedad")]
    pub zero_is_novelty: bool,
    #[serde(rename = "excluir_plazo_fijo")]
    pub exclude_fixed_term: bool,
    /// Novedades header → libro concept; `None` is *Sin asignación*. Headers absent from the
    /// map get the automatic proposal.
    #[serde(rename = "mapeo")]
    pub mapping: BTreeMap<String, Option<String>>,
}

/// Reads `tolerancia_relativa_por_concepto`. A person writing a `--config` file types
/// `2.5` as often as `"2.5"`, so a self-describing format (JSON) takes either; postcard,
/// which cannot say which it holds, reads the string the serializer always writes. A
/// negative percentage is refused rather than read as "report everything".
fn percentages<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, Decimal>, D::Error> {
    let map = if deserializer.is_human_readable() {
        BTreeMap::<String, Percent>::deserialize(deserializer)?
            .into_iter()
            .map(|(header, Percent(percent))| (header, percent))
            .collect()
    } else {
        BTreeMap::<String, Decimal>::deserialize(deserializer)?
    };
    if let Some((header, percent)) = map.iter().find(|(_, percent)| percent.is_sign_negative()) {
        return Err(serde::de::Error::custom(format!(
            "la tolerancia relativa de «{header}» es negativa ({percent})"
        )));
    }
    Ok(map)
}

/// A percentage in JSON: a number or a decimal string.
struct Percent(Decimal);

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        struct PercentVisitor;

        impl serde::de::Visitor<'_> for PercentVisitor {
            type Value = Percent;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("un porcentaje (número o texto decimal)")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Percent, E> {
                Decimal::from_str(text.trim())
                    .map(Percent)
                    .map_err(|_| E::custom(format!("«{text}» no es un porcentaje")))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Percent, E> {
                Ok(Percent(Decimal::from(value)))
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Percent, E> {
                Ok(Percent(Decimal::from(value)))
            }

            // A JSON number with a fraction arrives as f64: its shortest decimal form
            // (`2.5`, `0.1`) is what the person typed, so it is parsed from that text and
            // never carried as a binary float.
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Percent, E> {
                self.visit_str(&value.to_string())
            }
        }

        deserializer.deserialize_any(PercentVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn relative(json: &str) -> Result<BTreeMap<String, Decimal>, serde_json::Error> {
        serde_json::from_str::<Settings>(json).map(|s| s.relative_tolerance_per_concept)
    }

    #[test]
    fn relative_tolerances_read_from_numbers_and_strings_and_write_strings() {
        let read = relative(
            r#"{"tolerancia_relativa_por_concepto": {"BONO": 2.5, "Viaticos": "10", "Horas": 1}}"#,
        )
        .expect("reads");
        let expected = |text: &str| Decimal::from_str(text).expect("decimal");
        assert_eq!(read["BONO"], expected("2.5"));
        assert_eq!(read["Viaticos"], expected("10"));
        assert_eq!(read["Horas"], expected("1"));
        let settings = Settings {
            relative_tolerance_per_concept: read,
            ..Settings::default()
        };
        let json = serde_json::to_value(&settings).expect("serialises");
        assert_eq!(json["tolerancia_relativa_por_concepto"]["BONO"], "2.5");
        let back: Settings = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, settings);
        // Absent is empty, as for every other setting.
        assert_eq!(relative("{}").expect("reads"), BTreeMap::new());
    }

    #[test]
    fn negative_or_unreadable_percentages_are_refused() {
        let error = relative(r#"{"tolerancia_relativa_por_concepto": {"BONO": -1}}"#)
            .expect_err("negative");
        assert!(error.to_string().contains("negativa"), "{error}");
        assert!(relative(r#"{"tolerancia_relativa_por_concepto": {"BONO": "mucho"}}"#).is_err());
    }
}
