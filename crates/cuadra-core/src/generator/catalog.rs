//! The generator's vocabulary: names, libro concepts with their analyst spellings, absence
//! types, and the other words that fill a realistic Chilean closing.

pub(crate) const FIRST_NAMES: &[&str] = &[
    "José",
    "María",
    "Juan",
    "Ana",
    "Luis",
    "Carolina",
    "Pedro",
    "Francisca",
    "Jorge",
    "Camila",
    "Cristián",
    "Valentina",
    "Andrés",
    "Javiera",
    "Matías",
    "Constanza",
    "Sebastián",
    "Catalina",
    "Felipe",
    "Fernanda",
    "Ignacio",
    "Daniela",
    "Tomás",
    "Sofía",
    "Nicolás",
    "Bárbara",
    "Raúl",
    "Inés",
    "Héctor",
    "Verónica",
    "Joaquín",
    "Mónica",
];

pub(crate) const SURNAMES: &[&str] = &[
    "González",
    "Muñoz",
    "Rojas",
    "Díaz",
    "Pérez",
    "Soto",
    "Contreras",
    "Silva",
    "Martínez",
    "Sepúlveda",
    "Morales",
    "Rodríguez",
    "López",
    "Fuentes",
    "Hernández",
    "Torres",
    "Araya",
    "Flores",
    "Espinoza",
    "Valenzuela",
    "Castillo",
    "Tapia",
    "Reyes",
    "Gutiérrez",
    "Castro",
    "Pizarro",
    "Álvarez",
    "Vásquez",
    "Sánchez",
    "Fernández",
    "Ramírez",
    "Núñez",
    "Carrasco",
    "Cortés",
    "Herrera",
    "Ñancupil",
];

pub(crate) const POSITIONS: &[&str] = &[
    "Operario",
    "Vendedor",
    "Cajero",
    "Bodeguero",
    "Administrativo",
    "Analista Contable",
    "Jefe de Tienda",
    "Técnico de Mantención",
    "Conductor",
    "Guardia",
    "Ingeniero de Proyectos",
    "Asistente de Recursos Humanos",
];

pub(crate) const COST_CENTERS: &[&str] = &[
    "Administración",
    "Ventas",
    "Operaciones",
    "Logística",
    "Mantención",
    "Finanzas",
];

pub(crate) const BRANCHES: &[&str] = &[
    "Santiago Centro",
    "Concepción",
    "Viña del Mar",
    "Temuco",
    "Antofagasta",
    "Puerto Montt",
];

pub(crate) const COMPANY_NAME: &str = "Comercial Los Andes SpA";

pub(crate) const TERMINATION_REASONS: &[&str] = &[
    "Renuncia voluntaria",
    "Necesidades de la empresa",
    "Mutuo acuerdo",
    "Vencimiento del plazo convenido",
];

pub(crate) const CONTRACT_TYPES: &[&str] = &["Indefinido", "Plazo Fijo", "Por Obra o Faena"];

pub(crate) const CHANGE_COMMENTS: &[&str] = &[
    "Bono por cumplimiento de metas",
    "Descuento por préstamo",
    "Viático por viaje a regiones",
    "Ajuste acordado con jefatura",
];

/// What a libro concept column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConceptKind {
    /// Pesos, from `min` to `max`; blank in `blank_per_mille` of the rows.
    Amount {
        min: i64,
        max: i64,
        blank_per_mille: u64,
    },
    /// `Días Trabajados`: informational, never mapped.
    Days,
    /// `Cargo`, `Centro Costo`: informational text, never mapped.
    Text(&'static [&'static str]),
}

/// One libro concept column, in Talana's spelling, and how the analyst spells it in
/// novedades when the analyst reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConceptSpec {
    pub(crate) header: &'static str,
    pub(crate) kind: ConceptKind,
    /// The novedades header that maps to this column automatically, if any.
    pub(crate) analyst_header: Option<&'static str>,
}

const fn amount(
    header: &'static str,
    min: i64,
    max: i64,
    blank_per_mille: u64,
    analyst_header: Option<&'static str>,
) -> ConceptSpec {
    ConceptSpec {
        header,
        kind: ConceptKind::Amount {
            min,
            max,
            blank_per_mille,
        },
        analyst_header,
    }
}

/// Talana's column order: a totals block first (with `Sueldo Base`, `Otros Descuentos`,
/// `Impuestos`), then the itemised concepts repeating those three names. Novedades headers
/// sit on the itemised columns, so the automatic mapping must pick `X.1`. The first
/// [`MIN_CONCEPTS`] entries are always present.
pub(crate) const CONCEPTS: &[ConceptSpec] = &[
    amount("Total Haberes", 500_000, 4_000_000, 0, None),
    amount("Sueldo Base", 460_000, 3_500_000, 0, None),
    amount("Otros Descuentos", 0, 300_000, 300, None),
    amount("Impuestos", 0, 400_000, 400, None),
    amount("Total Líquido", 400_000, 3_000_000, 0, None),
    amount("Sueldo Base", 460_000, 3_500_000, 0, Some("SUELDO BASE")),
    amount("Gratificación", 50_000, 210_000, 100, Some("Gratificacion")),
    amount(
        "Bono Producción",
        10_000,
        400_000,
        500,
        Some("BONO PRODUCCION"),
    ),
    amount("Viáticos", 5_000, 250_000, 700, Some("VIATICOS")),
    amount(
        "Otros Descuentos",
        1_000,
        300_000,
        400,
        Some("Otros Descuentos"),
    ),
    amount("Impuestos", 1_000, 400_000, 400, None),
    ConceptSpec {
        header: "Días Trabajados",
        kind: ConceptKind::Days,
        analyst_header: None,
    },
    ConceptSpec {
        header: "Cargo",
        kind: ConceptKind::Text(POSITIONS),
        analyst_header: None,
    },
    amount("Horas Extra", 8_000, 300_000, 600, Some("horas extra")),
    amount("Comisiones", 20_000, 900_000, 700, Some("COMISIONES")),
    amount(
        "Asignación Movilización",
        10_000,
        80_000,
        200,
        Some("Asignacion Movilizacion"),
    ),
    amount(
        "Asignación Colación",
        10_000,
        80_000,
        200,
        Some("ASIGNACIÓN COLACIÓN"),
    ),
    amount("AFP", 40_000, 400_000, 0, None),
    amount("Salud", 30_000, 300_000, 0, None),
    amount("Seguro Cesantía", 2_000, 30_000, 0, None),
    ConceptSpec {
        header: "Centro Costo",
        kind: ConceptKind::Text(COST_CENTERS),
        analyst_header: None,
    },
    amount(
        "Bono Responsabilidad",
        20_000,
        200_000,
        800,
        Some("Bono Responsabilidad"),
    ),
    amount("Aguinaldo", 20_000, 100_000, 900, Some("aguinaldo")),
    amount("Anticipo", 50_000, 300_000, 700, Some("ANTICIPO")),
    amount(
        "Préstamo Empresa",
        10_000,
        150_000,
        850,
        Some("Prestamo Empresa"),
    ),
    amount("Semana Corrida", 5_000, 120_000, 800, None),
    amount(
        "Bono Asistencia",
        10_000,
        60_000,
        600,
        Some("Bono asistencia"),
    ),
    amount("Bono Turno", 10_000, 90_000, 750, None),
    amount("Cuota Sindical", 3_000, 15_000, 700, None),
    amount("Aporte Caja Compensación", 1_000, 40_000, 600, None),
];

/// Below this the libro would lose the duplicated headers or `Cargo`, which the closing is
/// meant to exercise.
pub(crate) const MIN_CONCEPTS: usize = 13;

/// One libro concept column of a generated closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BookConcept {
    pub(crate) header: String,
    pub(crate) kind: ConceptKind,
    pub(crate) analyst_header: Option<&'static str>,
}

/// The first `n_concepts` libro concept columns: the catalogue, then numbered extras.
pub(crate) fn book_concepts(n_concepts: usize) -> Vec<BookConcept> {
    let n_concepts = n_concepts.max(MIN_CONCEPTS);
    let mut concepts: Vec<BookConcept> = CONCEPTS
        .iter()
        .take(n_concepts)
        .map(|spec| BookConcept {
            header: spec.header.to_string(),
            kind: spec.kind,
            analyst_header: spec.analyst_header,
        })
        .collect();
    for extra_idx in 1..=n_concepts.saturating_sub(CONCEPTS.len()) {
        let kind = if extra_idx % 2 == 1 {
            "Haber Adicional"
        } else {
            "Descuento Adicional"
        };
        concepts.push(BookConcept {
            header: format!("{kind} {}", extra_idx.div_ceil(2)),
            kind: ConceptKind::Amount {
                min: 1_000,
                max: 200_000,
                blank_per_mille: 750,
            },
            analyst_header: None,
        });
    }
    concepts
}

/// An absence type in Talana's spelling. Half-day types are written with 0.5 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AbsenceType {
    pub(crate) name: &'static str,
    pub(crate) half_day: bool,
    pub(crate) max_days: i64,
}

pub(crate) const ABSENCE_TYPES: &[AbsenceType] = &[
    AbsenceType {
        name: "Licencia Médica",
        half_day: false,
        max_days: 7,
    },
    AbsenceType {
        name: "Licencia Médica",
        half_day: false,
        max_days: 5,
    },
    AbsenceType {
        name: "Permiso Sin Goce de Sueldo",
        half_day: false,
        max_days: 3,
    },
    AbsenceType {
        name: "Permiso Con Goce de Sueldo",
        half_day: false,
        max_days: 2,
    },
    AbsenceType {
        name: "Falta Injustificada",
        half_day: false,
        max_days: 2,
    },
    AbsenceType {
        name: "Permiso Administrativo",
        half_day: true,
        max_days: 1,
    },
    AbsenceType {
        name: "Licencia Maternal",
        half_day: false,
        max_days: 7,
    },
];
