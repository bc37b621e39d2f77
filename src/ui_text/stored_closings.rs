//! What the page keeps in this browser: notices, the closings panel, "Borrar todo".

use cuadra_core::Slot;

use super::count;

pub const CHANGED_ELSEWHERE: &str = "Otra pestaña modificó este cierre: lo que ve aquí sigue en \
     pantalla, pero este cambio no se guardó. Recargue la página para ver la versión guardada, \
     o siga trabajando aquí y vuelva a generar las discrepancias para guardar esta.";
pub const ERASED: &str = "Se borró todo lo que Cuadra guardó en este navegador. Lo que ve en \
     pantalla sigue aquí hasta que recargue la página.";
pub const CLOSE_NOTICE: &str = "Cerrar aviso";
pub const CLOSINGS_HEADING: &str = "Cierres guardados en este navegador";
pub const CLOSINGS_EMPTY: &str =
    "Aún no hay cierres guardados: se guardan al generar las discrepancias.";
pub const COL_CLIENT: &str = "Empresa";
pub const COL_PERIOD: &str = "Período";
pub const COL_LAST_STATE: &str = "Último estado";
pub const COL_LAST_DATE: &str = "Última modificación";
pub const COL_ACTIONS: &str = "Acciones";
pub const OPEN_CLOSING: &str = "Abrir";
pub const OPENED_CLOSING: &str = "Abierto";
pub const DELETE_CLOSING: &str = "Eliminar";
pub const CANCEL: &str = "Cancelar";
pub const ERASE_ALL: &str = "Borrar todo";
pub const ERASE_ALL_CONFIRM: &str = "Sí, borrar todo";
pub const ERASE_ALL_QUESTION: &str = "¿Borrar todo lo que Cuadra guardó en este navegador? Se \
     eliminan los cierres, resultados, estados, notas, historial y registros. No se puede deshacer.";
pub const KEEP_FILE_CONTENTS: &str =
    "Guardar también el contenido de los archivos en este navegador (para este cierre)";
pub const FILES_TO_RELOAD: &str =
    "Para verificar de nuevo, cargue otra vez estos archivos (el resto del cierre se conservó):";

/// The accessible name of a closing's "Abrir" or "Eliminar" button.
pub fn closing_action_label(action: &str, rut: &str, period: &str) -> String {
    format!("{action} el cierre {period} de la empresa {rut}")
}

pub fn opened_closing_label(rut: &str, period: &str) -> String {
    format!("{OPENED_CLOSING}: cierre {period} de la empresa {rut}")
}

pub fn delete_closing_question(rut: &str, period: &str) -> String {
    format!(
        "¿Eliminar el cierre {period} de la empresa {rut}? Se borran su resultado, estados, \
         notas, historial y registros guardados."
    )
}

/// `3 cierres guardados` (the list's caption).
pub fn closings_count(n: usize) -> String {
    match n {
        1 => "1 cierre guardado".to_string(),
        n => format!("{} cierres guardados", count(n as u64)),
    }
}

/// A file to load again: name, size and the start of its SHA-256.
pub fn file_to_reload(slot: Slot, name: &str, size: u64, sha256: &str) -> String {
    let short: String = sha256.chars().take(12).collect();
    format!(
        "{}: {name} · {} bytes · SHA-256 {short}…",
        slot.label(),
        count(size)
    )
}
