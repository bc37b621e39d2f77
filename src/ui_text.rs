//! Every text the page shows, in Spanish, in one place for review and translation.

use cuadra_core::Slot;

mod exports;
mod findings;
mod other_closing;
mod stored_closings;
mod workbench;
mod worker_result;
pub use exports::*;
pub use findings::*;
pub use other_closing::*;
pub use stored_closings::*;
pub use workbench::*;
pub use worker_result::*;

pub const APP_TITLE: &str = "Cuadra";
pub const APP_SUBTITLE: &str =
    "Conciliación de remuneraciones en su navegador: los datos no salen de este equipo.";
pub const FILES_HEADING: &str = "Archivos del cierre";
pub const RUN_BUTTON: &str = "Generar discrepancias";
pub const WORKERS_HEADING: &str = "Procesos";
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
/// Stops the running verification (`Session::cancel_run`).
pub const CANCEL_BUTTON: &str = "Cancelar";
/// After `Cancelar`; `kept_result` when an earlier result is still shown (out of date).
pub fn run_cancelled(kept_result: bool) -> &'static str {
    if kept_result {
        "Verificación cancelada. Se conservan los archivos, el mapeo, la configuración y el resultado anterior: puede volver a generar las discrepancias."
    } else {
        "Verificación cancelada. Se conservan los archivos, el mapeo y la configuración: puede volver a generar las discrepancias."
    }
}
/// `cuadra_core::pipeline::same_files`: two slots hold byte-identical files.
pub const REASON_SAME_FILE: &str =
    "El mismo archivo está cargado en dos casillas: cargue en cada una su propio archivo.";

// A worker that failed, as the worker monitor shows it.
/// The in-page worker link's answer to a simulated panic (a module worker's panic hook
/// reports the panic message of `workers::simulate`, which says the same).
pub const SIMULATED_PANIC: &str = "fallo simulado del proceso (prueba)";

pub fn worker_failed(group: cuadra_core::Group, message: &str) -> String {
    format!("el proceso «{}» falló: {message}", group.label())
}

/// `WorkerFailure::OutOfMemory`: the browser refused the worker more memory.
pub fn worker_out_of_memory(memory_bytes: u64) -> String {
    format!(
        "se quedó sin memoria (el navegador no le dio más que {} MB): cierre otras pestañas y vuelva a generar",
        count(memory_bytes.div_ceil(1024 * 1024))
    )
}

/// `WorkerFailure::Died`: an `error` event without a message from a worker that was ready.
pub const WORKER_DIED: &str =
    "se detuvo sin dar un motivo (el navegador lo terminó o se quedó sin memoria)";
/// `WorkerFailure::NotLoaded`: an `error` event before the worker was ready.
pub const WORKER_NOT_LOADED: &str = "el proceso no pudo cargarse";

pub fn worker_timed_out(group: cuadra_core::Group, limit: std::time::Duration) -> String {
    format!(
        "el proceso «{}» no respondió dentro del tiempo límite ({} s)",
        group.label(),
        limit.as_secs_f64()
    )
}

// Loading all files at once, and correcting where they went.
pub const DROP_ZONE_TITLE: &str = "Arrastre aquí todos los archivos del cierre";
pub const DROP_ZONE_HELP: &str =
    "Cada archivo se asigna a su casilla por su nombre y su contenido; puede corregirlo después.";
pub const LOAD_MANY: &str = "Cargar varios archivos";
pub const DEMO_BUTTON: &str = "Cargar cierre de demostración";
pub const DEMO_HELP: &str =
    "Genera en este equipo un cierre ficticio de 133 trabajadores con discrepancias conocidas.";
pub const UNPLACED_HEADING: &str = "Archivos sin casilla";
pub const UNPLACED_HELP: &str =
    "No se reconoció a qué casilla pertenecen: elija una o descártelos. No se usan en la verificación.";
pub const CHOOSE_SLOT: &str = "Elegir casilla…";
pub const DISCARD_FILE: &str = "Descartar";
pub const MOVE_TO: &str = "Mover a…";

pub fn choose_slot_label(file_name: &str) -> String {
    format!("Casilla para {file_name}")
}

pub fn move_label(slot: Slot) -> String {
    format!("Mover el archivo de {} a otra casilla", slot.label())
}

// The concept mapping editor (docs/rules.md).
pub const MAPPING_HEADING: &str = "Mapeo de conceptos";
pub const MAPPING_HELP: &str =
    "Cada encabezado de Novedades se compara con un concepto del Libro. Revise la propuesta antes de generar.";
pub const MAPPING_SEARCH: &str = "Buscar en el mapeo";
pub const NO_MAPPING: &str = "Sin asignación";
pub const MAPPING_COL_HEADER: &str = "Encabezado de Novedades";
pub const MAPPING_COL_CONCEPT: &str = "Concepto del Libro";
pub const MAPPING_COL_TOLERANCE: &str = "Tolerancia ($)";
pub const MAPPING_COL_RELATIVE_TOLERANCE: &str = "Tolerancia (%)";
pub const INVALID_PERCENT: &str = "Escriba un porcentaje sin signo, por ejemplo 2,5.";
pub const MAPPING_FILTER_PLACEHOLDER: &str = "Filtrar conceptos…";
pub const MAPPING_CHANGED: &str = "cambiado";
pub const MAPPING_NO_ROWS: &str = "Ningún encabezado coincide con la búsqueda.";
pub const INVALID_PESOS: &str = "Escriba un monto entero en pesos, sin decimales.";

pub fn mapping_select_label(header: &str) -> String {
    format!("Concepto del libro para {header}")
}

pub fn mapping_filter_label(header: &str) -> String {
    format!("Filtrar conceptos para {header}")
}

pub fn mapping_tolerance_label(header: &str) -> String {
    format!("Tolerancia en pesos para {header}")
}

/// The relative tolerance's input: a percentage of the novedades amount, added to the
/// tolerance in pesos.
pub fn mapping_relative_tolerance_label(header: &str) -> String {
    format!("Tolerancia relativa en porcentaje para {header}")
}

pub fn mapping_proposed(concept: Option<&str>) -> String {
    format!("Propuesta: {}", concept.unwrap_or(NO_MAPPING))
}

pub fn mapping_missing_target(concept: &str) -> String {
    format!("El libro no tiene el concepto «{concept}» elegido antes.")
}

/// `2 encabezados sin asignación: no se compararán.`
pub fn unmapped_count(n_unmapped: usize) -> String {
    match n_unmapped {
        0 => "Todos los encabezados tienen un concepto asignado.".to_string(),
        1 => "1 encabezado sin asignación: no se comparará.".to_string(),
        n => format!(
            "{} encabezados sin asignación: no se compararán.",
            count(n as u64)
        ),
    }
}

// Settings (docs/results.md).
pub const SETTINGS_HEADING: &str = "Configuración";
pub const SETTING_TOLERANCE: &str = "Tolerancia global en pesos";
pub const SETTING_TOLERANCE_HELP: &str =
    "Una diferencia igual o menor no se informa. La tolerancia de un concepto, en el mapeo, tiene prioridad.";
pub const SETTING_ONLY_IN_PAYROLL: &str = "Informar trabajadores que solo están en el Libro";
pub const SETTING_ZERO_IS_NOVELTY: &str = "Tratar un 0 en Novedades como novedad a comparar";
pub const SETTING_EXCLUDE_FIXED_TERM: &str =
    "Excluir finiquitos de plazo fijo que terminan este mes de «finiquito no reportado»";
// The results: summary, list, employee view, input warnings, exports.
pub const SUMMARY_HEADING: &str = "Resumen";
pub const TOTAL_DISCREPANCIES: &str = "Discrepancias";
pub const EMPLOYEES_AFFECTED: &str = "Empleados afectados";
pub const BY_GROUP_CAPTION: &str = "Por grupo";
pub const BY_KIND_CAPTION: &str = "Por tipo";
pub const BY_STATUS_CAPTION: &str = "Por estado";
pub const WORKER_TIMES_CAPTION: &str = "Tiempos de verificación";
pub const COL_GROUP: &str = "Grupo";
pub const COL_KIND: &str = "Tipo";
pub const COL_COUNT: &str = "Cantidad";
pub const COL_STATUS: &str = "Estado";
pub const COL_WORKER_DURATION: &str = "En el proceso";
pub const COL_PAGE_DURATION: &str = "Visto desde la página";
pub const COL_RESULT: &str = "Resultado";
pub const COL_RUT: &str = "RUT";
pub const COL_NAME: &str = "Nombre";
pub const COL_CONCEPT: &str = "Concepto";
pub const COL_SOURCE_VALUE: &str = "Libro / Movimientos";
pub const COL_REPORTED_VALUE: &str = "Novedades / Analista";
pub const COL_DIFFERENCE: &str = "Diferencia";
pub const COL_EVENT_DATE: &str = "Fecha";
pub const COL_NOTE: &str = "Nota";
pub const COL_SHEET: &str = "Hoja";
pub const COL_ROW: &str = "Fila";
pub const COL_COLUMN: &str = "Columna";
pub const COL_TEXT: &str = "Texto";
pub const COL_MESSAGE: &str = "Mensaje";
pub const WORKER_OK: &str = "Correcto";
pub const LIST_HEADING: &str = "Discrepancias";
pub const FILTER_GROUP: &str = "Grupo";
pub const FILTER_KIND: &str = "Tipo";
pub const FILTER_STATUS: &str = "Estado";
pub const FILTER_TEXT: &str = "Buscar (RUT, nombre o concepto)";
pub const FILTER_ALL: &str = "Todos";
pub const FILTER_CLEAR: &str = "Limpiar filtros";
pub const NO_DISCREPANCIES: &str = "Ninguna discrepancia coincide con los filtros.";
pub const CLEAN_RESULT: &str = "Verificado sin discrepancias: no hay diferencias que revisar.";
pub const NOTE_PLACEHOLDER: &str = "Agregar nota";
pub const EMPLOYEE_CLOSE: &str = "Cerrar";
pub const SKIP_LINKS_LABEL: &str = "Accesos directos";
pub const SKIP_TO_RUN: &str = "Ir a Generar discrepancias";
pub const SKIP_TO_RESULTS: &str = "Ir al resultado";
pub const CLOSING_STATE_PREFIX: &str = "Estado del cierre: ";
pub const EMPLOYEE_NO_WARNINGS: &str = "Sin advertencias de lectura para este RUT.";
pub const EMPLOYEE_WARNINGS: &str = "Advertencias de lectura";
pub const EMPLOYEE_DISCREPANCIES: &str = "Discrepancias del empleado";
pub const WARNINGS_HEADING: &str = "Advertencias de lectura por archivo";
pub const NO_WARNINGS: &str = "Los archivos se leyeron sin advertencias.";
pub const EXPORTS_HEADING: &str = "Exportar";
pub const EXPORT_XLSX: &str = "Exportar Excel";
pub const EXPORT_CSV: &str = "Exportar CSV";
pub const EXPORT_JSON: &str = "Exportar JSON";
pub const EXPORT_FAILED: &str = "No se pudo generar la exportación";

/// `1.234 discrepancias` after filtering, `de 100.000` when a filter hides some.
pub fn rows_shown(shown: usize, total: usize) -> String {
    let noun = if shown == 1 {
        "discrepancia"
    } else {
        "discrepancias"
    };
    if shown == total {
        format!("{} {noun}", count(shown as u64))
    } else {
        format!("{} {noun} de {}", count(shown as u64), count(total as u64))
    }
}

/// The per-employee dialog's title.
pub fn employee_title(rut: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{name} — RUT {rut}"),
        None => format!("RUT {rut}"),
    }
}

/// The RUT button's accessible name in the list.
pub fn open_employee(rut: &str) -> String {
    format!("Ver todo lo encontrado para el RUT {rut}")
}

pub fn status_select_label(rut: &str, kind: &str) -> String {
    format!("Estado de «{kind}» para {rut}")
}

pub fn note_label(rut: &str, kind: &str) -> String {
    format!("Nota de «{kind}» para {rut}")
}

/// Under a one-sided discrepancy with a suggested RUT (docs/results.md `sugerencia`): a hint for
/// the analyst, never a merge. `name` may be empty (the other side gave none).
pub fn did_you_mean(rut: &str, name: &str, reason: &str) -> String {
    if name.is_empty() {
        format!("¿Quiso decir {rut}? ({reason})")
    } else {
        format!("¿Quiso decir {rut}, {name}? ({reason})")
    }
}

/// Below a file's warning table when it was cut short.
pub fn warnings_truncated(shown: usize, total: usize) -> String {
    format!(
        "Se muestran las primeras {} de {} advertencias; la exportación JSON las incluye todas.",
        count(shown as u64),
        count(total as u64)
    )
}

pub fn file_warnings_title(
    slot_label: &str,
    file_name: &str,
    n_warnings: usize,
    n_notes: usize,
) -> String {
    let noun = if n_warnings == 1 {
        "advertencia"
    } else {
        "advertencias"
    };
    let notes = match n_notes {
        0 => String::new(),
        1 => ", 1 nota".to_string(),
        n => format!(", {} notas", count(n as u64)),
    };
    format!(
        "{slot_label}: {file_name} ({} {noun}{notes})",
        count(n_warnings as u64)
    )
}

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

/// A worker card while its worker reads one of the closing's files.
pub fn reading_stage(slot: Slot) -> String {
    format!("Leyendo {}", slot.label())
}

/// A worker card while its worker compares.
pub const COMPARING_STAGE: &str = "Comparando";

/// A worker card before its first progress message.
pub const WORKER_STARTING: &str = "Iniciando";

/// A worker card whose group failed.
pub fn worker_error(error: &str) -> String {
    format!("Error: {error}")
}

/// `Filas leídas: 1.234`.
pub fn rows_read(n_rows: u64) -> String {
    format!("Filas leídas: {}", count(n_rows))
}

/// ` · Duración: 12,5 ms`, after the rows read.
pub fn worker_duration(ms: f64) -> String {
    format!(" · Duración: {}", millis(ms))
}

/// What a slot's file told when read: sheets, rows, skipped rows, period and client RUT.
pub fn file_facts(
    sheets: &[String],
    n_rows: usize,
    n_rows_skipped: usize,
    period: Option<cuadra_core::Period>,
    company_rut: Option<cuadra_core::values::rut::Rut>,
) -> String {
    let mut facts = vec![
        format!("Hojas: {}", sheets.join(", ")),
        format!("Filas: {}", count(n_rows as u64)),
    ];
    if n_rows_skipped > 0 {
        facts.push(format!("Filas omitidas: {}", count(n_rows_skipped as u64)));
    }
    if let Some(period) = period {
        facts.push(format!("Período: {}", period.in_words()));
    }
    if let Some(rut) = company_rut {
        facts.push(format!("RUT empresa: {rut}"));
    }
    facts.join(" · ")
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

// Embedding: the portal's options, and files that name another closing than the preset.
pub const RUT_NOT_A_RUT: &str = "no es un RUT";
pub const RUT_TOO_SHORT: &str = "tiene menos de 7 dígitos";
pub const RUT_NEGATIVE: &str = "no es un RUT (es un número negativo)";
pub const RUT_WRONG_CHECK_DIGIT: &str = "el dígito verificador no corresponde";

pub fn invalid_component_options(why: &str) -> String {
    format!("Opciones de Cuadra no válidas: {why}.")
}

pub fn options_not_an_object(detail: &str) -> String {
    format!("se esperaba un objeto con periodo, rut_empresa y configuracion ({detail})")
}

pub fn bad_preset_period(text: &str) -> String {
    format!("el período «{text}» no tiene la forma AAAA-MM")
}

pub fn bad_preset_rut(text: &str, why: &str) -> String {
    format!("el RUT de la empresa «{text}» no es válido: {why}")
}

pub fn bad_preset_settings(detail: &str) -> String {
    format!("configuracion no tiene la forma de la configuración del documento de resultados ({detail})")
}

pub fn preset_period_disagrees(preset: &str, told: &str) -> String {
    format!(
        "Este cierre es del período {preset}, pero los archivos indican {told}: se usa {preset}."
    )
}

pub fn preset_rut_disagrees(preset: &str, told: &str) -> String {
    format!(
        "Este cierre es de la empresa {preset}, pero los archivos indican {told}: se usa {preset}."
    )
}

/// The header's line naming the closing, once its period or RUT is known.
pub fn closing_line(closing: &cuadra_core::document::ClosingInfo) -> Option<String> {
    match (
        closing.period.map(cuadra_core::Period::in_words),
        closing.company_rut,
    ) {
        (None, None) => None,
        (Some(period), None) => Some(format!("Cierre {period}")),
        (None, Some(rut)) => Some(format!("Cierre de la empresa {rut}")),
        (Some(period), Some(rut)) => Some(format!("Cierre {period} · empresa {rut}")),
    }
}

// The verification history, its trend chart, the audit log and the monitor's totals.
pub const HISTORY_HEADING: &str = "Historial de verificaciones";
pub const HISTORY_EMPTY: &str = "Este cierre aún no tiene verificaciones guardadas.";
pub const COL_ATTEMPT: &str = "Intento";
pub const COL_STARTED: &str = "Inicio";
pub const COL_DURATION: &str = "Duración";
pub const COL_TOTAL: &str = "Discrepancias";
pub const COL_FINAL_STATE: &str = "Estado final";
pub const COL_ERROR: &str = "Error";
pub const AUDIT_HEADING: &str = "Registro de auditoría";
pub const AUDIT_ATTEMPT: &str = "Verificación";
pub const AUDIT_DOWNLOAD: &str = "Descargar registro";
pub const AUDIT_EMPTY: &str = "No hay registro guardado para esta verificación.";
pub const MONITOR_TOTALS_CAPTION: &str = "Todas las verificaciones en este navegador";
pub const COL_WORKER: &str = "Proceso";
pub const COL_RUNS: &str = "Ejecuciones";
pub const COL_SUCCESS_RATE: &str = "Tasa de éxito";
pub const COL_AVERAGE_DURATION: &str = "Duración promedio";
pub const COL_LAST_DURATION: &str = "Última duración";
pub const NOT_YET: &str = "—";

/// The chart's title, which is also what a screen reader says of it.
pub fn trend_title(totals: &[usize]) -> String {
    let list: Vec<String> = totals.iter().map(|n| count(*n as u64)).collect();
    match totals.len() {
        1 => format!("Discrepancias de la única verificación: {}", list.join("")),
        _ => format!(
            "Discrepancias por verificación, de la primera a la última: {}",
            list.join(", ")
        ),
    }
}

/// `Verificación 3: 12 discrepancias` (one point's tooltip).
pub fn trend_point(attempt: u32, total: usize) -> String {
    match total {
        1 => format!("Verificación {attempt}: 1 discrepancia"),
        n => format!("Verificación {attempt}: {} discrepancias", count(n as u64)),
    }
}

/// `83 %`: a success rate from 0 to 1.
pub fn percent(rate: f64) -> String {
    format!("{} %", (rate * 100.0).round() as u64)
}

// What changed since the last run of the closing.
pub const CHANGES_HEADING: &str = "Cambios desde la verificación anterior";
pub const CHANGES_FILTER: &str = "Mostrar";
pub const CHANGES_ALL: &str = "Todas";
pub const CHANGES_NONE: &str = "Ninguna discrepancia cambió desde la verificación anterior.";

/// `Nuevas (3)`: a change's option in the filter.
pub fn change_option(label: &str, n: usize) -> String {
    format!("{label} ({})", count(n as u64))
}

/// The summary of the disappeared discrepancies' list.
pub fn disappeared_summary(n: usize) -> String {
    match n {
        0 => "Ninguna discrepancia desapareció".to_string(),
        1 => "1 discrepancia desapareció (ya no está en el resultado)".to_string(),
        n => format!(
            "{} discrepancias desaparecieron (ya no están en el resultado)",
            count(n as u64)
        ),
    }
}

// The mapping editor's marks when last period's mapping was proposed.
pub const ORIGIN_LAST_PERIOD: &str = "del mes anterior";
pub const ORIGIN_NEW: &str = "nuevo";

// The static page's update banner (offline support).
pub const NEW_VERSION: &str = "Nueva versión disponible —";
pub const NEW_VERSION_UPDATE: &str = "Actualizar";

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

    #[test]
    fn unmapped_count_agrees_in_number() {
        assert!(unmapped_count(0).starts_with("Todos"));
        assert_eq!(
            unmapped_count(1),
            "1 encabezado sin asignación: no se comparará."
        );
        assert_eq!(
            unmapped_count(1200),
            "1.200 encabezados sin asignación: no se compararán."
        );
    }
}
