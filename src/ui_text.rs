//! Every text the page shows, in Spanish, in one place for review and translation.

use cuadra_core::Slot;

use crate::protocol::Stage;

pub const APP_TITLE: &str = "Cuadra";
pub const APP_SUBTITLE: &str =
    "Conciliación de remuneraciones en tu navegador: los datos no salen de este equipo.";
pub const FILES_HEADING: &str = "Archivos del cierre";
pub const RUN_BUTTON: &str = "Generar discrepancias";
pub const WORKERS_HEADING: &str = "Trabajadores de verificación";
pub const RESULTS_HEADING: &str = "Resultado";
pub const INCOMPLETE_TITLE: &str = "Resultado incompleto — estado de seguridad";
pub const INCOMPLETE_BODY: &str =
    "Una de las verificaciones falló. Este resultado no es una conciliación válida: revise el error y vuelva a generar.";
pub const STALE_RESULT: &str =
    "Los archivos o la configuración cambiaron: el resultado mostrado ya no corresponde. Vuelva a generar.";
pub const NOT_LOADED: &str = "Sin archivo";
pub const READING: &str = "Leyendo…";
pub const REMOVE_FILE: &str = "Quitar";

pub const REASON_NEED_BOOK: &str = "Falta el Libro de Remuneraciones.";
pub const REASON_NEED_MOVEMENTS: &str = "Faltan los Movimientos del Mes.";
pub const REASON_NEED_ANALYST: &str =
    "Falta al menos un archivo del analista (Ingresos, Finiquitos o Ausentismos).";
pub const REASON_READING: &str = "Espere a que terminen de leerse los archivos.";
pub const REASON_FILE_ERRORS: &str = "Corrija los archivos con errores.";
pub const REASON_RUNNING: &str = "La verificación está en curso.";

pub fn slot_help(slot: Slot) -> &'static str {
    match slot {
        Slot::PayrollBook => "Exportación de Talana. Obligatorio.",
        Slot::PayrollChanges => "Montos esperados del analista. Opcional.",
        Slot::MonthlyMovements => "Exportación de Talana. Obligatorio.",
        Slot::AnalystHires => "Del analista.",
        Slot::AnalystTerminations => "Del analista.",
        Slot::AnalystAbsences => "Del analista.",
    }
}

/// Shown before running when an analyst file is missing: its kind counts as not reported.
pub fn not_reported_notice(slot: Slot) -> String {
    let what = match slot {
        Slot::AnalystHires => "cada alta de Movimientos se informará como «ingreso no reportado»",
        Slot::AnalystTerminations => {
            "cada baja de Movimientos se informará como «finiquito no reportado»"
        }
        _ => "cada ausencia de Movimientos se informará como «ausencia no reportada»",
    };
    format!("Sin archivo de {}: {what}.", slot.label())
}

pub fn stage_label(stage: Stage) -> String {
    match stage {
        Stage::Reading(slot) => format!("Leyendo {}", slot.label()),
        Stage::Comparing => "Comparando".to_string(),
    }
}

/// `1.234` — es-CL thousands separator.
pub fn count(value: u64) -> String {
    cuadra_core::values::amount::group_thousands(&value.to_string())
}

/// `12,5 ms` — es-CL decimal comma.
pub fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0).replace('.', ",")
    } else {
        format!("{ms:.1} ms").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es_cl_numbers() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234), "1.234");
        assert_eq!(count(100000), "100.000");
        assert_eq!(millis(12.5), "12,5 ms");
        assert_eq!(millis(1534.0), "1,53 s");
    }
}
