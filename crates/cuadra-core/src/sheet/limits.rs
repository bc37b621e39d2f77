//! Limits that no real payroll reaches, checked *while* reading so a zip bomb or a damaged
//! file stops early with a clear message instead of exhausting the browser tab's memory.
//!
//! The largest real input is a libro of 100,000 employees × 80 concepts: ~280 MB of sheet
//! XML inflated from ~25 MB, 8,000,000 cells. Each limit leaves about twice that room, and
//! stays below what a browser tab (1 GB, wasm memory never shrinks) can hold: a sheet at
//! the cell limit is ~320 MB of compact grid.

use std::cell::Cell;
use std::io::{self, Read};

use crate::error::SizeLimit;

/// Inflated bytes of one zip part (a sheet, the shared strings).
pub(crate) const MAX_INFLATED_PART: u64 = 768 * 1024 * 1024;
/// Inflated bytes of every part of one workbook together.
pub(crate) const MAX_INFLATED_TOTAL: u64 = 1024 * 1024 * 1024;
/// Bytes of sheet XML without one complete row (or before `<sheetData>`): a row of 80
/// concepts is a few kilobytes, so 32 MB only ever holds a bomb of padding.
pub(crate) const MAX_ROW_BYTES: u64 = 32 * 1024 * 1024;
/// Inflated bytes of a part read whole into memory (relationships, workbook, styles,
/// shared strings): the shared strings of the largest libro are a few megabytes.
pub(crate) const MAX_WHOLE_PART: u64 = 128 * 1024 * 1024;
/// Non-empty cells of one sheet: twice the largest libro.
pub(crate) const MAX_CELLS: u64 = 16_000_000;
/// Rows of one sheet: Excel's own maximum, so no real workbook passes it.
pub(crate) const MAX_ROWS: u64 = 1_048_576;
/// Bytes of one CSV: a libro of 100,000 × 80 amounts is ~70 MB as CSV.
pub(crate) const MAX_CSV_BYTES: u64 = 512 * 1024 * 1024;

/// The inflation budget of one workbook, and the first limit it passed. Shared by the
/// readers of its parts, so a bomb split over many parts is caught by the total.
pub(crate) struct Budget {
    inflated: Cell<u64>,
    exceeded: Cell<Option<SizeLimit>>,
}

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget {
            inflated: Cell::new(0),
            exceeded: Cell::new(None),
        }
    }

    /// The first limit passed, if any.
    pub(crate) fn exceeded(&self) -> Option<SizeLimit> {
        self.exceeded.get()
    }

    /// Records a limit passed (the first one wins: it is what the user is told).
    pub(crate) fn exceed(&self, limit: SizeLimit) {
        if self.exceeded.get().is_none() {
            self.exceeded.set(Some(limit));
        }
    }

    /// Wraps the reader of one part.
    pub(crate) fn limit<R: Read>(&self, inner: R) -> Limited<'_, R> {
        Limited {
            inner,
            part: 0,
            budget: self,
        }
    }

    /// Cells and rows of a sheet so far; `false` (and the limit recorded) past either.
    pub(crate) fn check_sheet(&self, n_cells: u64, row_idx: u64) -> bool {
        if n_cells > MAX_CELLS {
            self.exceed(SizeLimit::Cells {
                max_cells: MAX_CELLS,
            });
            false
        } else if row_idx >= MAX_ROWS {
            self.exceed(SizeLimit::Rows { max_rows: MAX_ROWS });
            false
        } else {
            true
        }
    }
}

/// A buffered source that fails once one XML event spans more than `MAX_ROW_BYTES`: quick-xml
/// gathers a whole text run into memory, and a bomb's run of padding is a gigabyte.
struct EventBound<'c, R> {
    inner: R,
    since_event: &'c Cell<u64>,
}

impl<R: io::BufRead> Read for EventBound<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.consume_count(n);
        Ok(n)
    }
}

impl<R: io::BufRead> io::BufRead for EventBound<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_event.get() > MAX_ROW_BYTES {
            return Err(io::Error::other("one XML event is too long"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.consume_count(n);
    }
}

impl<R> EventBound<'_, R> {
    fn consume_count(&self, n: usize) {
        self.since_event.set(self.since_event.get() + n as u64);
    }
}

/// A part's inflated bytes, counted against the part and total limits as they arrive.
pub(crate) struct Limited<'b, R> {
    inner: R,
    part: u64,
    budget: &'b Budget,
}

impl<R: Read> Read for Limited<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.part += n as u64;
        let total = self.budget.inflated.get() + n as u64;
        self.budget.inflated.set(total);
        let passed = if self.part > MAX_INFLATED_PART {
            Some(SizeLimit::InflatedPart {
                max_bytes: MAX_INFLATED_PART,
            })
        } else if total > MAX_INFLATED_TOTAL {
            Some(SizeLimit::InflatedTotal {
                max_bytes: MAX_INFLATED_TOTAL,
            })
        } else {
            None
        };
        match passed {
            Some(limit) => {
                self.budget.exceed(limit);
                Err(io::Error::other("size limit"))
            }
            None => Ok(n),
        }
    }
}

/// Inflates every part of a zip, counting: what calamine's readers will inflate, bounded
/// before they run (they inflate whole parts into memory and take no limit). Only the
/// fallback paths pay this second inflation. `Err` names the limit; a zip that cannot be
/// read is left for the reader to report.
///
/// `Ok` lists the worksheet parts (`xl/worksheets/…`) whose XML is not well-formed or ends
/// before its last closing tag: calamine reads such a sheet up to where it can without a
/// word, so the caller tells the user.
pub(crate) fn check_zip_parts(bytes: &[u8]) -> Result<Vec<String>, SizeLimit> {
    let Ok(mut zip) = zip::ZipArchive::new(io::Cursor::new(bytes)) else {
        return Ok(Vec::new());
    };
    let budget = Budget::new();
    let mut damaged = Vec::new();
    let mut sink = vec![0u8; 64 * 1024];
    for index in 0..zip.len() {
        let Ok(part) = zip.by_index(index) else {
            continue;
        };
        let name = part
            .name()
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let is_worksheet = name
            .replace('\\', "/")
            .to_ascii_lowercase()
            .starts_with("xl/worksheets/");
        // calamine reads the other XML parts (shared strings, styles) whole into memory.
        let read_whole = !is_worksheet && (name.ends_with(".xml") || name.ends_with(".rels"));
        let mut part = budget.limit(part);
        let mut n_read = 0u64;
        let well_formed = if is_worksheet {
            let since_event = Cell::new(0);
            let source = EventBound {
                inner: io::BufReader::with_capacity(64 * 1024, &mut part),
                since_event: &since_event,
            };
            let well_formed = is_well_formed(source, &since_event);
            if since_event.get() > MAX_ROW_BYTES {
                budget.exceed(SizeLimit::RowBytes {
                    max_bytes: MAX_ROW_BYTES,
                });
            }
            well_formed
        } else {
            loop {
                match part.read(&mut sink) {
                    Ok(0) => break true,
                    Ok(n) => {
                        n_read += n as u64;
                        if read_whole && n_read > MAX_WHOLE_PART {
                            budget.exceed(SizeLimit::InflatedPart {
                                max_bytes: MAX_WHOLE_PART,
                            });
                            break false;
                        }
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break false,
                }
            }
        };
        if let Some(limit) = budget.exceeded() {
            return Err(limit);
        }
        if is_worksheet && !well_formed {
            damaged.push(name);
        }
    }
    Ok(damaged)
}

/// Whether an XML stream parses to its end with every element closed. `since_event` is
/// reset after each event (see `EventBound`).
fn is_well_formed<R: io::BufRead>(source: R, since_event: &Cell<u64>) -> bool {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut buffer = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buffer);
        // An error keeps the count, for the caller to tell a too-long event apart.
        if event.is_ok() {
            since_event.set(0);
        }
        match event {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => return depth == 0,
            Ok(_) => {}
            Err(_) => return false,
        }
        buffer.clear();
    }
}
