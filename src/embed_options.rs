//! What an embedding portal presets for a component, as it arrives from `cuadra-embed.js`:
//! a JSON object with `periodo`, `rut_empresa` (or `rut-empresa`, the attribute's name) and
//! `configuracion` (shaped like the result document's). Parsed here, natively tested; a bad
//! option is a Spanish error naming it, never a panic.

use cuadra_core::document::ClosingInfo;
use cuadra_core::values::rut::{Rut, RutError};
use cuadra_core::{Period, Settings};
use serde::Deserialize;

use crate::instance_options::Preset;
use crate::ui_text;

/// The options object as the portal writes it. Unknown keys are refused, so a typo
/// (`rutEmpresa`, `period`) is an error instead of a preset silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    periodo: Option<String>,
    #[serde(alias = "rut-empresa")]
    rut_empresa: Option<String>,
    configuracion: Option<serde_json::Value>,
}

/// Parses the portal's options (`null` or `{}`: nothing preset).
pub fn parse_component_options(json: &str) -> Result<Preset, String> {
    let raw: Option<RawOptions> = serde_json::from_str(json).map_err(|error| {
        ui_text::invalid_component_options(&ui_text::options_not_an_object(&error.to_string()))
    })?;
    let raw = raw.unwrap_or_default();
    let period = present(raw.periodo.as_deref())
        .map(|text| {
            Period::parse(text).ok_or_else(|| {
                ui_text::invalid_component_options(&ui_text::bad_preset_period(text))
            })
        })
        .transpose()?;
    let company_rut = present(raw.rut_empresa.as_deref())
        .map(|text| {
            parse_company_rut(text).map_err(|why| {
                ui_text::invalid_component_options(&ui_text::bad_preset_rut(text, why))
            })
        })
        .transpose()?;
    let settings = match raw.configuracion {
        None | Some(serde_json::Value::Null) => Settings::default(),
        Some(value) => serde_json::from_value::<Settings>(value).map_err(|error| {
            ui_text::invalid_component_options(&ui_text::bad_preset_settings(&error.to_string()))
        })?,
    };
    Ok(Preset {
        closing: ClosingInfo {
            period,
            company_rut,
        },
        settings,
    })
}

/// An attribute written by a template is often present but empty: that presets nothing.
fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// The client's RUT as the portal knows it. Unlike a RUT in a file (a warning, the row still
/// used), a preset with a wrong check digit is refused: it names the closing, and a portal
/// that sends it has a bug the user cannot fix.
fn parse_company_rut(text: &str) -> Result<Rut, &'static str> {
    let rut = Rut::parse(text).map_err(|error| match error {
        RutError::NotARut => ui_text::RUT_NOT_A_RUT,
        RutError::TooShort => ui_text::RUT_TOO_SHORT,
        RutError::Negative => ui_text::RUT_NEGATIVE,
    })?;
    if rut.is_valid() {
        Ok(rut)
    } else {
        Err(ui_text::RUT_WRONG_CHECK_DIGIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(json: &str) -> Preset {
        parse_component_options(json).unwrap_or_else(|error| panic!("{json}: {error}"))
    }

    #[test]
    fn nothing_given_presets_nothing() {
        for json in ["{}", "null", r#"{"periodo": "", "rut-empresa": "  "}"#] {
            assert_eq!(parsed(json), Preset::default(), "{json}");
        }
    }

    #[test]
    fn period_rut_and_configuracion_are_preset() {
        let preset = parsed(
            r#"{"periodo": "2025-03", "rut_empresa": "76.123.456-0",
                "configuracion": {"tolerancia": 5, "excluir_plazo_fijo": true,
                                  "mapeo": {"VIATICOS": "Viáticos", "BONO": null}}}"#,
        );
        assert_eq!(preset.closing.period, Period::parse("2025-03"));
        assert_eq!(
            preset.closing.company_rut,
            Some(Rut::from_number(76_123_456))
        );
        assert_eq!(preset.settings.tolerance, 5);
        assert!(preset.settings.exclude_fixed_term);
        assert!(
            !preset.settings.report_only_in_payroll,
            "left out: the default"
        );
        assert_eq!(
            preset.settings.mapping.get("VIATICOS"),
            Some(&Some("Viáticos".to_string()))
        );
        assert_eq!(
            preset.settings.mapping.get("BONO"),
            Some(&None),
            "Sin asignación"
        );
        // The attribute's spelling of the RUT key works too.
        let preset = parsed(r#"{"rut-empresa": "761234560"}"#);
        assert_eq!(
            preset.closing.company_rut,
            Some(Rut::from_number(76_123_456))
        );
    }

    #[test]
    fn a_result_documents_configuracion_is_accepted_as_it_is() {
        // The document writes `configuracion` as `Settings` serialise (export::to_json).
        let settings = Settings {
            tolerance: 3,
            tolerance_per_concept: [("BONO".to_string(), 10)].into(),
            mapping: [("VIATICOS".to_string(), Some("Viáticos".to_string()))].into(),
            ..Settings::default()
        };
        let options = serde_json::json!({ "configuracion": settings });
        assert_eq!(parsed(&options.to_string()).settings, settings);
    }

    #[test]
    fn bad_options_are_spanish_errors_that_name_the_option() {
        let error = |json: &str| {
            parse_component_options(json).expect_err(&format!("{json} must be refused"))
        };
        let bad_period = error(r#"{"periodo": "2025-13"}"#);
        assert!(
            bad_period.starts_with("Opciones de Cuadra no válidas"),
            "{bad_period}"
        );
        assert!(
            bad_period.contains("«2025-13»") && bad_period.contains("AAAA-MM"),
            "{bad_period}"
        );
        let bad_rut = error(r#"{"rut_empresa": "76123456-1"}"#);
        assert!(
            bad_rut.contains("«76123456-1»") && bad_rut.contains("dígito verificador"),
            "{bad_rut}"
        );
        assert!(error(r#"{"rut_empresa": "abc"}"#).contains("«abc»"));
        let negative = error(r#"{"rut_empresa": "-76123456-0"}"#);
        assert!(negative.contains("número negativo"), "{negative}");
        let typo = error(r#"{"rutEmpresa": "76123456-0"}"#);
        assert!(typo.contains("rutEmpresa"), "{typo}");
        let settings = error(r#"{"configuracion": {"tolerancia": "mucha"}}"#);
        assert!(settings.contains("configuracion"), "{settings}");
        assert!(error("[1, 2]").starts_with("Opciones de Cuadra no válidas"));
        assert!(error("{").starts_with("Opciones de Cuadra no válidas"));
    }
}
