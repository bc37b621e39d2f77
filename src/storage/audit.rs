//! The audit log of a run: timestamped events (files with SHA-256, mapping and settings,
//! each worker's start, end and count, consolidation, final state) and their rendering as
//! the downloadable text.
//!
//! The events are typed so that nothing can slip a cell into the log: they carry file
//! names, hashes, sizes, column headers, counts, durations and states, never an employee's
//! name, a description, a value or a warning's cell text.

use std::collections::BTreeMap;

use cuadra_core::document::{ClosingState, ResultDocument};
use cuadra_core::values::date::Date;
use cuadra_core::{Group, Settings, Slot};
use serde::{Deserialize, Serialize};

use super::model::{AttemptRecord, ClosingKey, StoredFile, WorkerRunOutcome};

/// Something that happened during a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AuditEvent {
    RunStarted,
    FileUsed {
        slot: Slot,
        name: String,
        sha256: String,
        size: u64,
    },
    SettingsUsed {
        settings: Settings,
    },
    /// The effective mapping: every novedades header and the libro concept it was compared
    /// with (`None` is *Sin asignación*).
    MappingUsed {
        mapping: BTreeMap<String, Option<String>>,
    },
    WorkerStarted {
        group: Group,
    },
    WorkerFinished {
        group: Group,
        rows_read: u64,
        n_discrepancies: usize,
        duration_ms: f64,
    },
    WorkerFailed {
        group: Group,
        error: String,
        duration_ms: f64,
    },
    Consolidated {
        total: usize,
        by_group: BTreeMap<Group, usize>,
        n_employees_affected: usize,
    },
    FinalState {
        state: ClosingState,
        incomplete: bool,
    },
    NotStarted {
        error: String,
    },
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    pub event: AuditEvent,
}

/// The lines of one run, collected as the run goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditTrail {
    pub lines: Vec<AuditLine>,
}

impl AuditTrail {
    pub fn push(&mut self, at_ms: f64, event: AuditEvent) {
        self.lines.push(AuditLine { at_ms, event });
    }

    /// The start of a run: the files, settings and mapping it uses.
    pub fn record_start(
        &mut self,
        at_ms: f64,
        files: &[StoredFile],
        settings: &Settings,
        mapping: &BTreeMap<String, Option<String>>,
    ) {
        self.push(at_ms, AuditEvent::RunStarted);
        for file in files {
            self.push(
                at_ms,
                AuditEvent::FileUsed {
                    slot: file.slot,
                    name: file.name.clone(),
                    sha256: file.sha256.clone(),
                    size: file.size,
                },
            );
        }
        // The mapping is its own line: `Settings::mapping` holds only the user's choices.
        let mut settings = settings.clone();
        settings.mapping.clear();
        self.push(at_ms, AuditEvent::SettingsUsed { settings });
        self.push(
            at_ms,
            AuditEvent::MappingUsed {
                mapping: mapping.clone(),
            },
        );
    }

    /// The end of a run: consolidation and the final state, from the result document.
    pub fn record_end(&mut self, at_ms: f64, document: &ResultDocument) {
        self.push(
            at_ms,
            AuditEvent::Consolidated {
                total: document.summary.total,
                by_group: document.summary.by_group.clone(),
                n_employees_affected: document.summary.n_employees_affected,
            },
        );
        self.push(
            at_ms,
            AuditEvent::FinalState {
                state: document.state,
                incomplete: document.incomplete,
            },
        );
    }
}

/// `2025-03-31T11:02:07.123-03:00`: the instant in the user's offset (minutes east of UTC;
/// the page passes `-Date.getTimezoneOffset()`).
pub fn format_timestamp(at_ms: f64, offset_minutes: i32) -> String {
    let local_ms = at_ms.round() as i64 + i64::from(offset_minutes) * 60_000;
    let day = local_ms.div_euclid(86_400_000);
    let ms_of_day = local_ms.rem_euclid(86_400_000);
    let date = Date::from_days_since_epoch(day);
    let (hours, minutes) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
    let (seconds, millis) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{date}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}{sign}{:02}:{:02}",
        offset / 60,
        offset % 60
    )
}

/// `12.345`: es-CL thousands.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "sí"
    } else {
        "no"
    }
}

fn by_group_text(by_group: &BTreeMap<Group, usize>) -> String {
    Group::ALL
        .into_iter()
        .map(|group| {
            let n = by_group.get(&group).copied().unwrap_or(0);
            format!("{} {}", group.label(), thousands(n as u64))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Spanish text of one event.
pub fn event_text(event: &AuditEvent) -> String {
    match event {
        AuditEvent::RunStarted => "Inicio de la verificación".to_string(),
        AuditEvent::FileUsed {
            slot,
            name,
            sha256,
            size,
        } => format!(
            "Archivo {}: {name} · SHA-256 {sha256} · {} bytes",
            slot.label(),
            thousands(*size)
        ),
        AuditEvent::SettingsUsed { settings } => {
            let per_concept = if settings.tolerance_per_concept.is_empty() {
                "ninguna".to_string()
            } else {
                settings
                    .tolerance_per_concept
                    .iter()
                    .map(|(header, pesos)| format!("{header} {}", thousands(*pesos)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "Configuración: tolerancia {} pesos; tolerancias por concepto: {per_concept}; \
                 reportar empleados solo en libro: {}; cero es novedad: {}; excluir plazo \
                 fijo: {}",
                thousands(settings.tolerance),
                yes_no(settings.report_only_in_payroll),
                yes_no(settings.zero_is_novelty),
                yes_no(settings.exclude_fixed_term)
            )
        }
        AuditEvent::MappingUsed { mapping } => {
            if mapping.is_empty() {
                return "Mapeo de conceptos: sin novedades".to_string();
            }
            let pairs: Vec<String> = mapping
                .iter()
                .map(|(header, target)| {
                    format!(
                        "{header} → {}",
                        target.as_deref().unwrap_or("Sin asignación")
                    )
                })
                .collect();
            format!("Mapeo de conceptos: {}", pairs.join("; "))
        }
        AuditEvent::WorkerStarted { group } => format!("Proceso {}: inicio", group.label()),
        AuditEvent::WorkerFinished {
            group,
            rows_read,
            n_discrepancies,
            duration_ms,
        } => format!(
            "Proceso {}: fin, {} {}, {}, {} ms",
            group.label(),
            thousands(*rows_read),
            cuadra_core::plural::agree(*rows_read as usize, "fila leída", "filas leídas"),
            cuadra_core::plural::counted(*n_discrepancies, "discrepancia", "discrepancias"),
            thousands(duration_ms.round().max(0.0) as u64)
        ),
        AuditEvent::WorkerFailed {
            group,
            error,
            duration_ms,
        } => format!(
            "Proceso {}: error tras {} ms: {error}",
            group.label(),
            thousands(duration_ms.round().max(0.0) as u64)
        ),
        AuditEvent::Consolidated {
            total,
            by_group,
            n_employees_affected,
        } => format!(
            "Consolidación: {} ({}), {}",
            cuadra_core::plural::counted(*total, "discrepancia", "discrepancias"),
            by_group_text(by_group),
            cuadra_core::plural::counted(
                *n_employees_affected,
                "empleado afectado",
                "empleados afectados"
            )
        ),
        AuditEvent::FinalState { state, incomplete } => {
            if *incomplete {
                format!(
                    "Estado final: {} (incompleto: un proceso falló)",
                    state.label()
                )
            } else {
                format!("Estado final: {}", state.label())
            }
        }
        AuditEvent::NotStarted { error } => format!("La verificación no pudo iniciar: {error}"),
    }
}

/// The whole log as the downloadable text: one line per event, oldest first.
pub fn render_text(lines: &[AuditLine], offset_minutes: i32) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(&format_timestamp(line.at_ms, offset_minutes));
        text.push_str("  ");
        text.push_str(&event_text(&line.event));
        text.push('\n');
    }
    text
}

/// Everything a finished run adds to the store besides the closing itself, written in one
/// transaction: the attempt (numbered by the store), its audit log, the monitor's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub attempt: AttemptRecord,
    pub audit: Vec<AuditLine>,
    pub workers: Vec<WorkerRunOutcome>,
}

/// A closing's audit log of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    pub key: ClosingKey,
    pub attempt: u32,
    pub lines: Vec<AuditLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_the_users_offset() {
        // 2025-03-31T14:02:07.123Z
        let at = 1_743_429_727_123.0;
        assert_eq!(format_timestamp(at, 0), "2025-03-31T14:02:07.123+00:00");
        assert_eq!(format_timestamp(at, -180), "2025-03-31T11:02:07.123-03:00");
        assert_eq!(format_timestamp(0.0, -240), "1969-12-31T20:00:00.000-04:00");
    }

    #[test]
    fn thousands_are_es_cl() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(12_345_678), "12.345.678");
    }
}
