//! `sugerencia`: the RUT on the other side that an "only in one source" discrepancy most
//! likely meant, and why (docs/results.md). A hint for the analyst, never a merge.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::values::rut::Rut;

/// The suggested employee: the other side's RUT and name, and why it is suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Display form `12345678-5`.
    pub rut: Rut,
    /// The name the other side gives that RUT (empty when it has none).
    #[serde(rename = "nombre")]
    pub name: String,
    #[serde(rename = "motivo")]
    pub reason: SuggestionReason,
}

/// Why two RUTs look like one employee, strongest first: the order decides between
/// candidates found for different reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuggestionReason {
    /// Same number, another check digit (`12345678-5` and `12345678-4`).
    CheckDigitDiffers,
    /// The check digit was left out, so the number's last digit was read as one
    /// (`12345678` read as `1234567-8`, meaning `12345678-5`).
    CheckDigitMissing,
    /// Two neighbouring digits swapped, same check digit (`12354678-5`).
    AdjacentDigitsSwapped,
    /// One digit of the number differs, same check digit (`12345778-5`).
    OneDigitDiffers,
    /// A different RUT with the same normalised name.
    SameName,
}

impl SuggestionReason {
    pub const ALL: [SuggestionReason; 5] = [
        SuggestionReason::CheckDigitDiffers,
        SuggestionReason::CheckDigitMissing,
        SuggestionReason::AdjacentDigitsSwapped,
        SuggestionReason::OneDigitDiffers,
        SuggestionReason::SameName,
    ];

    /// The Spanish phrase documents and exports carry in `motivo`.
    pub fn phrase(self) -> &'static str {
        match self {
            SuggestionReason::CheckDigitDiffers => "dígito verificador distinto",
            SuggestionReason::CheckDigitMissing => "sin dígito verificador",
            SuggestionReason::AdjacentDigitsSwapped => "dígitos vecinos intercambiados",
            SuggestionReason::OneDigitDiffers => "un dígito distinto",
            SuggestionReason::SameName => "mismo nombre",
        }
    }

    pub fn from_phrase(phrase: &str) -> Option<SuggestionReason> {
        SuggestionReason::ALL
            .into_iter()
            .find(|reason| reason.phrase() == phrase)
    }
}

/// Written as its phrase in every format, so JSON and postcard carry the same text.
impl Serialize for SuggestionReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.phrase())
    }
}

impl<'de> Deserialize<'de> for SuggestionReason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SuggestionReason, D::Error> {
        let phrase = String::deserialize(deserializer)?;
        SuggestionReason::from_phrase(&phrase).ok_or_else(|| {
            serde::de::Error::custom(format!("motivo de sugerencia desconocido: {phrase}"))
        })
    }
}
