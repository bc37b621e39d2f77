//! Why storage failed, as data the page can show: a failed write or an unavailable
//! database is a notice on screen, never a lost edit (the caller keeps its in-memory copy).
//!
//! The Spanish sentences live here, next to the kinds they render, until the page is wired
//! to storage and they can move into `ui_text` with the rest of the page's words.

use super::model::ClosingRecord;

/// Why IndexedDB could not be opened; the page then works in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No `indexedDB` in this browser or mode (Firefox "always private", Tor).
    Missing,
    /// The browser refused to open it (private modes): the DOMException's name.
    Refused(String),
    /// Another tab holds an older version open and does not let go.
    Blocked,
    /// The database was written by a newer Cuadra than this page.
    NewerSchema,
}

/// A storage operation that did not happen. Nothing was half-written: a failed write
/// leaves the store as it was.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// The database cannot be used at all.
    Unavailable(Unavailable),
    /// The write was rolled back. A full disk arrives this way (`quota`); so does any
    /// other abort of the transaction.
    WriteAborted { quota: bool },
    /// The closing was written by another tab (or deleted there) since this one read it.
    /// `stored` is what is there now.
    ChangedElsewhere { stored: Option<Box<ClosingRecord>> },
    /// Another tab erased or upgraded the database, and this connection was closed.
    Closed,
    /// A stored record could not be read back; the name says which store.
    Unreadable { store: &'static str },
    /// The browser failed a read or a request for another reason.
    Failed,
}

impl StorageError {
    /// The error as a notice for the page.
    pub fn notice(&self) -> StorageNotice {
        StorageNotice {
            message: self.to_string(),
            in_memory_only: matches!(self, StorageError::Unavailable(_) | StorageError::Closed),
        }
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            StorageError::Unavailable(Unavailable::Missing) => {
                "Este navegador no permite guardar datos (IndexedDB no está disponible): \
                 Cuadra funciona, pero lo que haga se pierde al cerrar la página."
            }
            StorageError::Unavailable(Unavailable::Refused(_)) => {
                "El navegador no permite guardar datos en este modo (por ejemplo, navegación \
                 privada): Cuadra funciona, pero lo que haga se pierde al cerrar la página."
            }
            StorageError::Unavailable(Unavailable::Blocked) => {
                "Otra pestaña con una versión anterior de Cuadra impide abrir los datos \
                 guardados: ciérrela y recargue. Mientras tanto, nada se guarda."
            }
            StorageError::Unavailable(Unavailable::NewerSchema) => {
                "Los datos guardados son de una versión más nueva de Cuadra: recargue la \
                 página. Mientras tanto, nada se guarda."
            }
            StorageError::WriteAborted { quota: true } => {
                "No se pudo guardar: el espacio del navegador está lleno. Lo que ve en \
                 pantalla sigue aquí; libere espacio o borre cierres antiguos."
            }
            StorageError::WriteAborted { quota: false } => {
                "No se pudo guardar el último cambio. Lo que ve en pantalla sigue aquí."
            }
            StorageError::ChangedElsewhere { .. } => {
                "Este cierre cambió en otra pestaña: lo que ve aquí no se guardó. Recárguelo \
                 para ver la otra versión, o guarde de nuevo para reemplazarla."
            }
            StorageError::Closed => {
                "Los datos guardados se borraron o actualizaron en otra pestaña: recargue la \
                 página. Mientras tanto, nada se guarda."
            }
            StorageError::Unreadable { .. } => {
                "Un dato guardado no se pudo leer: puede venir de una versión más nueva de \
                 Cuadra o estar dañado."
            }
            StorageError::Failed => {
                "El navegador no pudo leer ni escribir los datos guardados. Lo que ve en \
                 pantalla sigue aquí."
            }
        };
        f.write_str(text)
    }
}

impl std::error::Error for StorageError {}

/// What the page shows about storage: a sentence, and whether work is now kept only in
/// this page's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageNotice {
    pub message: String,
    pub in_memory_only: bool,
}
