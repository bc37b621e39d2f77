//! Reading a closing's files for hosts that hold all of them at once (CLI, benches,
//! `examples/measure.rs`): each slot routed to its reader, the six results gathered.

use crate::input::{self, Read};
use crate::model::{
    missing_inputs, Absence, AnalystReports, InputError, MissingInput, MonthlyMovements, Movement,
    PayrollBook, PayrollChanges, Slot,
};

use super::facts::FileFacts;
use super::same_file::{same_files, sha256_hex, SameFile};

/// A file given for a slot: its name (as the readers see it) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub slot: Slot,
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// One file read by its slot's reader.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedFile {
    PayrollBook(Read<PayrollBook>),
    PayrollChanges(Read<PayrollChanges>),
    MonthlyMovements(Read<MonthlyMovements>),
    AnalystHires(Read<Vec<Movement>>),
    AnalystTerminations(Read<Vec<Movement>>),
    AnalystAbsences(Read<Vec<Absence>>),
}

impl ParsedFile {
    pub fn facts(&self) -> FileFacts {
        match self {
            ParsedFile::PayrollBook(read) => FileFacts::of(read),
            ParsedFile::PayrollChanges(read) => FileFacts::of(read),
            ParsedFile::MonthlyMovements(read) => FileFacts::of(read),
            ParsedFile::AnalystHires(read) | ParsedFile::AnalystTerminations(read) => {
                FileFacts::of(read)
            }
            ParsedFile::AnalystAbsences(read) => FileFacts::of(read),
        }
    }
}

/// Reads a file with its slot's reader.
pub fn read_file(file: SourceFile<'_>) -> Result<ParsedFile, InputError> {
    let SourceFile { slot, name, bytes } = file;
    Ok(match slot {
        Slot::PayrollBook => ParsedFile::PayrollBook(input::read_payroll_book(name, bytes)?),
        Slot::PayrollChanges => {
            ParsedFile::PayrollChanges(input::read_payroll_changes(name, bytes)?)
        }
        Slot::MonthlyMovements => {
            ParsedFile::MonthlyMovements(input::read_monthly_movements(name, bytes)?)
        }
        Slot::AnalystHires => ParsedFile::AnalystHires(input::read_analyst_hires(name, bytes)?),
        Slot::AnalystTerminations => {
            ParsedFile::AnalystTerminations(input::read_analyst_terminations(name, bytes)?)
        }
        Slot::AnalystAbsences => {
            ParsedFile::AnalystAbsences(input::read_analyst_absences(name, bytes)?)
        }
    })
}

/// Why a closing's files could not all be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    /// A required input was not given (the first missing, in slot order).
    Missing(MissingInput),
    /// A file could not be used.
    Unusable { slot: Slot, error: InputError },
    /// The same file was given for two slots (the first such pair).
    SameFile(SameFile),
}

/// Everything a run needs, read: the files' facts (to plan the run) and the parsed values
/// (for both comparisons).
#[derive(Debug, Clone, PartialEq)]
pub struct ClosingInputs {
    /// One per file given, in slot order.
    pub facts: Vec<FileFacts>,
    pub payroll_book: PayrollBook,
    pub payroll_changes: Option<PayrollChanges>,
    pub monthly_movements: MonthlyMovements,
    /// A slot without a file is `None`: "not reported".
    pub analyst: AnalystReports,
}

impl ClosingInputs {
    /// Reads each file with its slot's reader, in slot order, stopping at the first that
    /// cannot be used. A required input that was not given, then the same file in two
    /// slots, are reported before any file is read.
    pub fn read<'a>(
        files: impl IntoIterator<Item = SourceFile<'a>>,
    ) -> Result<ClosingInputs, ReadFailure> {
        let mut files: Vec<SourceFile<'a>> = files.into_iter().collect();
        if let Some(missing) = missing_inputs(|slot| files.iter().any(|file| file.slot == slot))
            .into_iter()
            .next()
        {
            return Err(ReadFailure::Missing(missing));
        }
        files.sort_by_key(|file| file.slot);
        let hashes: Vec<(Slot, String)> = files
            .iter()
            .map(|file| (file.slot, sha256_hex(file.bytes)))
            .collect();
        let same = same_files(hashes.iter().map(|(slot, sha256)| (*slot, sha256.as_str())));
        if let Some(same) = same.first() {
            return Err(ReadFailure::SameFile(*same));
        }
        let parsed = files
            .into_iter()
            .map(|file| {
                read_file(file).map_err(|error| ReadFailure::Unusable {
                    slot: file.slot,
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        ClosingInputs::from_parsed(parsed).map_err(ReadFailure::Missing)
    }

    /// Gathers files read one by one (a host that times each reader). A second file for a
    /// slot replaces the first. Fails with the first required input missing.
    pub fn from_parsed(
        files: impl IntoIterator<Item = ParsedFile>,
    ) -> Result<ClosingInputs, MissingInput> {
        let mut facts: Vec<FileFacts> = Vec::new();
        let mut payroll_book = None;
        let mut payroll_changes = None;
        let mut monthly_movements = None;
        let mut analyst = AnalystReports::default();
        for file in files {
            let file_facts = file.facts();
            facts.retain(|known| known.slot() != file_facts.slot());
            facts.push(file_facts);
            match file {
                ParsedFile::PayrollBook(read) => payroll_book = Some(read.value),
                ParsedFile::PayrollChanges(read) => payroll_changes = Some(read.value),
                ParsedFile::MonthlyMovements(read) => monthly_movements = Some(read.value),
                ParsedFile::AnalystHires(read) => analyst.hires = Some(read.value),
                ParsedFile::AnalystTerminations(read) => analyst.terminations = Some(read.value),
                ParsedFile::AnalystAbsences(read) => analyst.absences = Some(read.value),
            }
        }
        if let Some(missing) = missing_inputs(|slot| facts.iter().any(|f| f.slot() == slot))
            .into_iter()
            .next()
        {
            return Err(missing);
        }
        // `missing_inputs` above already requires both; the arms say so to the compiler.
        let (payroll_book, monthly_movements) = match (payroll_book, monthly_movements) {
            (Some(payroll_book), Some(monthly_movements)) => (payroll_book, monthly_movements),
            (None, _) => return Err(MissingInput::PayrollBook),
            (_, None) => return Err(MissingInput::MonthlyMovements),
        };
        facts.sort_by_key(FileFacts::slot);
        Ok(ClosingInputs {
            facts,
            payroll_book,
            payroll_changes,
            monthly_movements,
            analyst,
        })
    }
}
