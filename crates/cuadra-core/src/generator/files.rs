//! From a plan to the six files' contents: the libro written row by row (it is the big one),
//! the others as tables.

use crate::model::Period;

use super::catalog::{self, ConceptKind};
use super::plan::{self, stream, BookCell, ChangesCell, NoNovelty, Plan};
use super::rng::Rng;
use super::table::{self, rut_value, thousands, DateStyle, SheetWriter, Table, Value};

pub(crate) const BOOK_SHEET: &str = "Libro";
pub(crate) const BOOK_ID_HEADERS: [&str; 7] = [
    "Año",
    "Mes",
    "Rut de la Empresa",
    "Rut del Trabajador",
    "Nombre",
    "Apellido Paterno",
    "Apellido Materno",
];
pub(crate) const CHANGES_SHEET: &str = "Novedades";
pub(crate) const MOVEMENTS_SHEETS: [&str; 5] = [
    "Resumen",
    "Altas y Bajas",
    "Ausentismos",
    "Vacaciones",
    "Variaciones de Sueldo",
];
pub(crate) const HIRES_HEADERS: [&str; 13] = [
    "Nombre",
    "Rut",
    "Empresa",
    "Cargo",
    "Centro de Costo",
    "Sucursal",
    "Fecha Ingreso",
    "Fecha Retiro",
    "Tipo Contrato",
    "Dias Trabajados",
    "Sueldo Base",
    "Alta / Baja",
    "Motivo",
];
pub(crate) const ABSENCES_HEADERS: [&str; 12] = [
    "Nombre",
    "Rut",
    "Empresa",
    "Cargo",
    "Centro de Costo",
    "Sucursal",
    "Fecha Inicio Ausencia",
    "Fecha Fin Ausencia",
    "Dias",
    "Tipo de Ausentismo",
    "Motivo",
    "Observaciones",
];
const VACATIONS_HEADERS: [&str; 10] = [
    "Nombre",
    "Rut",
    "Empresa",
    "Cargo",
    "Centro de Costo",
    "Sucursal",
    "Fecha Inicial",
    "Fecha Fin Vacaciones",
    "Fecha Retorno",
    "Cantidad de Dias",
];
const SALARY_HEADERS: [&str; 9] = [
    "Nombre",
    "Rut",
    "Empresa",
    "Cargo",
    "Centro de Costo",
    "Sucursal",
    "Fecha Variación",
    "Sueldo Anterior",
    "Sueldo Nuevo",
];

/// The libro: identification columns, Talana's concept columns (with the duplicated
/// totals-block headers), amounts mostly numeric but sometimes text, and a total row.
/// Without `with_period` the `Año` and `Mes` cells are left blank.
pub(crate) fn payroll_book(plan: &Plan, company_rut_text: &str, with_period: bool) -> Vec<u8> {
    let mut workbook = table::new_workbook(plan.period);
    let mut sheet = SheetWriter::new(workbook.add_worksheet(), BOOK_SHEET);
    let n_id = BOOK_ID_HEADERS.len();
    for (col_idx, header) in BOOK_ID_HEADERS.iter().enumerate() {
        sheet.write(0, col_idx, &Value::text(*header));
    }
    for (concept_idx, concept) in plan.concepts.iter().enumerate() {
        sheet.write(0, n_id + concept_idx, &Value::text(concept.header.as_str()));
    }
    let mut totals = vec![0i64; plan.concepts.len()];
    let (year, month) = if with_period {
        (
            Value::int(i64::from(plan.period.year)),
            Value::int(i64::from(plan.period.month)),
        )
    } else {
        (Value::Blank, Value::Blank)
    };
    let company = Value::text(company_rut_text);
    for person_idx in 0..plan.n_book {
        let row_idx = person_idx + 1;
        let person = &plan.people[person_idx];
        let mut style = Rng::keyed(plan.seed, stream::STYLE, person_idx as u64);
        sheet.write(row_idx, 0, &year);
        sheet.write(row_idx, 1, &month);
        sheet.write(row_idx, 2, &company);
        sheet.write(row_idx, 3, &rut_value(&mut style, person.rut));
        sheet.write(row_idx, 4, &Value::text(person.given_names()));
        sheet.write(row_idx, 5, &Value::text(person.paternal_surname));
        sheet.write(row_idx, 6, &Value::text(person.maternal_surname));
        for (concept_idx, concept) in plan.concepts.iter().enumerate() {
            let value = match plan::book_cell(plan.seed, person_idx, concept_idx, concept) {
                BookCell::Blank => Value::Blank,
                BookCell::Amount(amount) => {
                    totals[concept_idx] += amount;
                    amount_value(&mut style, amount, 30)
                }
                BookCell::Days(days) => {
                    totals[concept_idx] += days;
                    Value::int(days)
                }
                BookCell::Text(text) => Value::text(text),
            };
            sheet.write(row_idx, n_id + concept_idx, &value);
        }
    }
    // Talana closes the sheet with a totals row whose RUT cell reads `Total`.
    let total_row_idx = plan.n_book + 1;
    sheet.write(total_row_idx, 3, &Value::text("Total"));
    for (concept_idx, concept) in plan.concepts.iter().enumerate() {
        if matches!(concept.kind, ConceptKind::Amount { .. } | ConceptKind::Days) {
            sheet.write(
                total_row_idx,
                n_id + concept_idx,
                &Value::int(totals[concept_idx]),
            );
        }
    }
    table::save(&mut workbook)
}

/// An amount as a numeric cell, or (`text_per_mille` of the time) as text `806.843` or
/// `$ 806.843`.
fn amount_value(rng: &mut Rng, amount: i64, text_per_mille: u64) -> Value {
    if !rng.chance(text_per_mille * 2) {
        Value::int(amount)
    } else if rng.chance(500) {
        Value::Text(thousands(amount))
    } else {
        Value::Text(format!("$ {}", thousands(amount)))
    }
}

pub(crate) fn payroll_changes(plan: &Plan) -> Table {
    let mut headers = vec!["RUT", "Nombre", "Apellido Paterno", "Apellido Materno"];
    headers.extend(plan.changes_columns.iter().map(|column| column.header));
    let mut table = Table::new(CHANGES_SHEET, None, &headers);
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX);
    for row in &plan.changes_rows {
        let person = &plan.people[row.person_idx];
        let mut values = vec![
            rut_cell(&mut rng, person),
            Value::text(person.given_names()),
            Value::text(person.paternal_surname),
            Value::text(person.maternal_surname),
        ];
        values.extend(row.cells.iter().map(|cell| changes_value(&mut rng, cell)));
        table.rows.push(values);
    }
    table
}

/// Novedades in long form: one row per non-blank cell of the wide form (markers and zeros
/// too, which the readers drop by the same rules), employee by employee in the wide form's
/// row order, each employee's concepts in column order.
pub(crate) fn payroll_changes_long(plan: &Plan) -> Table {
    let mut table = Table::new(CHANGES_SHEET, None, &["RUT", "Nombre", "Concepto", "Monto"]);
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX - 5);
    for row in &plan.changes_rows {
        let person = &plan.people[row.person_idx];
        for (column, cell) in plan.changes_columns.iter().zip(&row.cells) {
            if *cell == ChangesCell::None(NoNovelty::Blank) {
                continue;
            }
            table.rows.push(vec![
                rut_cell(&mut rng, person),
                Value::text(person.full_name()),
                Value::text(column.header),
                changes_value(&mut rng, cell),
            ]);
        }
    }
    table
}

/// A novedades cell as the analyst writes it.
fn changes_value(rng: &mut Rng, cell: &ChangesCell) -> Value {
    match cell {
        ChangesCell::Amount(amount) => amount_value(rng, *amount, 100),
        ChangesCell::Comment(text) => Value::text(*text),
        ChangesCell::None(marker) => match marker {
            NoNovelty::Blank => Value::Blank,
            NoNovelty::UpperX => Value::text("X"),
            NoNovelty::LowerX => Value::text("x"),
            NoNovelty::Dash => Value::text("-"),
            NoNovelty::Zero => Value::int(0),
            NoNovelty::NotApplicable => Value::text(rng.pick(&["N/A", "NA", "n/a"])),
        },
    }
}

fn month_title(what: &str, period: Period) -> Option<String> {
    Some(format!(
        "Reporte de {what} del Mes {}/{}",
        period.month, period.year
    ))
}

/// A person's RUT cell: as typed for a planted typo, else in one of the usual shapes. The
/// shape is drawn either way, so a typo changes no other cell of the file.
fn rut_cell(rng: &mut Rng, person: &plan::Person) -> Value {
    let usual = rut_value(rng, person.rut);
    match &person.typed {
        Some(typed) => Value::Text(typed.clone()),
        None => usual,
    }
}

/// The person columns every Movimientos sheet starts with.
fn person_columns(rng: &mut Rng, person: &plan::Person) -> Vec<Value> {
    vec![
        Value::text(person.full_name()),
        rut_value(rng, person.rut),
        Value::text(catalog::COMPANY_NAME),
        Value::text(person.position),
        Value::text(person.cost_center),
        Value::text(person.branch),
    ]
}

fn date_value(rng: &mut Rng, date: crate::values::date::Date) -> Value {
    Value::Date(date, DateStyle::random(rng))
}

fn days_value(half_days: i64) -> Value {
    Value::Number(half_days as f64 / 2.0)
}

pub(crate) fn monthly_movements(plan: &Plan) -> Vec<u8> {
    let period = plan.period;
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX - 1);

    let mut summary = Table::new(
        MOVEMENTS_SHEETS[0],
        Some(format!(
            "Resumen de Movimientos del Mes {}/{}",
            period.month, period.year
        )),
        &["Movimiento", "Cantidad"],
    );
    let n_hires = plan.movements.iter().filter(|event| event.is_hire).count();
    for (label, count) in [
        ("Altas", n_hires),
        ("Bajas", plan.movements.len() - n_hires),
        ("Ausentismos", plan.absences.len()),
        ("Vacaciones", plan.vacations.len()),
        ("Variaciones de Sueldo", plan.salary_changes.len()),
    ] {
        summary
            .rows
            .push(vec![Value::text(label), Value::int(count as i64)]);
    }

    let mut hires = Table::new(
        MOVEMENTS_SHEETS[1],
        month_title("Ingresos y Egresos", period),
        &HIRES_HEADERS,
    );
    let last = i64::from(plan::last_day(period));
    for event in &plan.movements {
        let mut row = person_columns(&mut rng, &plan.people[event.person_idx]);
        let (hire_date, termination_date, days_worked) = if event.is_hire {
            (Some(event.date), None, last - i64::from(event.date.day) + 1)
        } else {
            (
                event.other_date,
                Some(event.date),
                i64::from(event.date.day),
            )
        };
        row.push(hire_date.map_or(Value::Blank, |date| date_value(&mut rng, date)));
        row.push(termination_date.map_or(Value::Blank, |date| date_value(&mut rng, date)));
        row.push(Value::text(event.contract_type));
        row.push(Value::int(days_worked));
        row.push(Value::int(event.base_salary));
        let label = if event.is_hire { "ALTA" } else { "BAJA" };
        row.push(Value::text(match rng.below(10) {
            0 => label.to_lowercase(),
            1 => format!("{}{}", &label[..1], label[1..].to_lowercase()),
            _ => label.to_string(),
        }));
        row.push(event.reason.map_or(Value::Blank, Value::text));
        hires.rows.push(row);
    }

    let mut absences = Table::new(
        MOVEMENTS_SHEETS[2],
        month_title("Ausentismos", period),
        &ABSENCES_HEADERS,
    );
    for absence in &plan.absences {
        let mut row = person_columns(&mut rng, &plan.people[absence.person_idx]);
        row.push(date_value(&mut rng, absence.start));
        row.push(date_value(&mut rng, absence.end));
        row.push(days_value(absence.half_days));
        row.push(Value::text(absence.kind.as_str()));
        let is_sick_leave = absence.kind.starts_with("Licencia");
        row.push(if is_sick_leave {
            Value::text("Enfermedad común")
        } else {
            Value::Blank
        });
        row.push(if is_sick_leave && rng.chance(500) {
            Value::Text(format!("Folio {}", rng.range(1_000_000, 9_999_999)))
        } else {
            Value::Blank
        });
        absences.rows.push(row);
    }

    let mut vacations = Table::new(
        MOVEMENTS_SHEETS[3],
        month_title("Vacaciones", period),
        &VACATIONS_HEADERS,
    );
    for vacation in &plan.vacations {
        let mut row = person_columns(&mut rng, &plan.people[vacation.person_idx]);
        row.push(date_value(&mut rng, vacation.start));
        row.push(date_value(&mut rng, vacation.end));
        row.push(date_value(&mut rng, plan::add_days(vacation.end, 1)));
        row.push(Value::int(vacation.days));
        vacations.rows.push(row);
    }

    let mut salaries = Table::new(
        MOVEMENTS_SHEETS[4],
        month_title("Variaciones de Sueldo", period),
        &SALARY_HEADERS,
    );
    for change in &plan.salary_changes {
        let mut row = person_columns(&mut rng, &plan.people[change.person_idx]);
        row.push(date_value(&mut rng, change.date));
        row.push(Value::int(change.before));
        row.push(Value::int(change.after));
        salaries.rows.push(row);
    }

    table::tables_to_xlsx(period, &[summary, hires, absences, vacations, salaries])
}

pub(crate) fn analyst_hires(plan: &Plan) -> Table {
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX - 2);
    let mut table = Table::new("Ingresos", None, &["Rut", "Nombre", "Fecha Ingreso"]);
    for hire in &plan.analyst_hires {
        let person = &plan.people[hire.person_idx];
        table.rows.push(vec![
            rut_cell(&mut rng, person),
            Value::text(person.full_name()),
            date_value(&mut rng, hire.date),
        ]);
    }
    table
}

pub(crate) fn analyst_terminations(plan: &Plan) -> Table {
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX - 3);
    let title = Some(format!("Finiquitos {}", period_words(plan.period)));
    let mut table = Table::new(
        "Finiquitos",
        title,
        &["RUT", "Nombre", "Fecha Retiro", "Motivo"],
    );
    for termination in &plan.analyst_terminations {
        let person = &plan.people[termination.person_idx];
        table.rows.push(vec![
            rut_cell(&mut rng, person),
            Value::text(person.full_name()),
            date_value(&mut rng, termination.date),
            termination.reason.map_or(Value::Blank, Value::text),
        ]);
    }
    table
}

pub(crate) fn analyst_absences(plan: &Plan) -> Table {
    let mut rng = Rng::keyed(plan.seed, stream::STYLE, u64::MAX - 4);
    let mut table = Table::new(
        "Ausentismos",
        None,
        &[
            "Rut",
            "Nombre",
            "Fecha Inicio Ausencia",
            "Fecha Fin Ausencia",
            "Días",
            "Tipo de Ausentismo",
        ],
    );
    let mut total_half_days = 0;
    for absence in &plan.analyst_absences {
        let person = &plan.people[absence.person_idx];
        total_half_days += absence.half_days;
        table.rows.push(vec![
            rut_cell(&mut rng, person),
            Value::text(person.full_name()),
            date_value(&mut rng, absence.start),
            date_value(&mut rng, absence.end),
            days_value(absence.half_days),
            Value::text(absence.kind.as_str()),
        ]);
    }
    // Analysts close their sheet with a total that readers must skip.
    table.rows.push(vec![
        Value::text("Total"),
        Value::Blank,
        Value::Blank,
        Value::Blank,
        days_value(total_half_days),
        Value::Blank,
    ]);
    table
}

fn period_words(period: Period) -> String {
    const MONTHS: [&str; 12] = [
        "Enero",
        "Febrero",
        "Marzo",
        "Abril",
        "Mayo",
        "Junio",
        "Julio",
        "Agosto",
        "Septiembre",
        "Octubre",
        "Noviembre",
        "Diciembre",
    ];
    format!("{} {}", MONTHS[usize::from(period.month - 1)], period.year)
}
