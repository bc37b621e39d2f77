//! What calamine's xls reader is given, and what is checked before: an xls whose cells
//! would make calamine allocate more than `MAX_CELLS` is refused, and the reader sees the
//! file followed by a run of zeros.
//!
//! Why the check: calamine builds each xls sheet as a dense `Range` over its cells'
//! bounding box while opening the file (`Range::from_sparse`), so two cell records at
//! (0, 0) and (65535, 65535), or a damaged record, ask for billions of cells and abort the
//! process on allocation (found by the fuzz harness). `max_sheet_cells` walks the compound
//! file (header, FAT, directory, the `Workbook` stream) and the BIFF cell records with
//! every index bounded, and reports the largest bounding box.
//!
//! Why the zeros: calamine 0.38's compound-file reader (`cfb.rs`, `Sectors::get`) slices
//! `data[start..len]` when the file ends before a sector it was told to read starts, and
//! panics on a damaged or truncated xls (found by the fuzz harness). A panic in the
//! browser aborts the worker, so the zeros make that read end inside the sector instead:
//! the damaged file then fails calamine's own checks and gets an error. `Seek` still
//! reports the file's real length, which is what calamine bounds its sector ids by.

use std::io::{Cursor, Read, Seek, SeekFrom};

/// The largest dense sheet calamine would build for this xls (rows × columns of the
/// bounding box of its cell records), or `None` when the compound file or its workbook
/// stream cannot be walked (calamine could not read it either).
pub(super) fn max_sheet_cells(bytes: &[u8]) -> Option<u64> {
    let stream = workbook_stream(bytes)?;
    Some(biff_max_sheet_cells(&stream))
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of a compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let sector_size = match u16_at(bytes, 30)? {
        9 => 512usize,
        12 => 4096,
        _ => return None,
    };
    let n_sectors = (bytes.len() / sector_size).saturating_sub(1);
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(sector_size)?;
        bytes.get(start..start.checked_add(sector_size)?)
    };
    // The FAT's sectors: 109 in the header, the rest along the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut difat = u32_at(bytes, 68)?;
    let mut steps = 0;
    while difat < END_OF_CHAIN && steps <= n_sectors {
        let block = sector(difat)?;
        let n = sector_size / 4 - 1;
        fat_sectors.extend((0..n).filter_map(|i| u32_at(block, 4 * i)));
        difat = u32_at(block, 4 * n)?;
        steps += 1;
    }
    let mut fat = Vec::new();
    for id in fat_sectors.into_iter().filter(|id| *id < END_OF_CHAIN - 2) {
        let block = sector(id)?;
        fat.extend((0..sector_size / 4).filter_map(|i| u32_at(block, 4 * i)));
        if fat.len() > 4 * n_sectors + 1024 {
            return None;
        }
    }
    // A chain of sectors, at most as many as the file has.
    let chain = |start: u32, unit: &dyn Fn(u32) -> Option<Vec<u8>>, table: &[u32]| {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id < END_OF_CHAIN - 2 && steps <= table.len() {
            out.extend(unit(id)?);
            id = *table.get(id as usize)?;
            steps += 1;
        }
        Some(out)
    };
    let big = |id: u32| sector(id).map(<[u8]>::to_vec);
    let directory = chain(u32_at(bytes, 48)?, &big, &fat)?;
    let entry = |index: usize| directory.get(index * 128..index * 128 + 128);
    let root = entry(0)?;
    let name_of = |entry: &[u8]| -> String {
        let len = usize::from(u16_at(entry, 64).unwrap_or(0)).min(64) / 2;
        let units: Vec<u16> = (0..len.saturating_sub(1))
            .filter_map(|i| u16_at(entry, 2 * i))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let stream = (0..directory.len() / 128)
        .filter_map(entry)
        .find(|entry| entry[66] == 2 && matches!(name_of(entry).as_str(), "Workbook" | "Book"))?;
    let start = u32_at(stream, 116)?;
    let size = usize::try_from(u32_at(stream, 120)?).ok()?;
    let mini_cutoff = usize::try_from(u32_at(bytes, 56)?).ok()?;
    let mut data = if size < mini_cutoff {
        let mini_fat_sectors = chain(u32_at(bytes, 60)?, &big, &fat)?;
        let mini_fat: Vec<u32> = (0..mini_fat_sectors.len() / 4)
            .filter_map(|i| u32_at(&mini_fat_sectors, 4 * i))
            .collect();
        let mini_stream = chain(u32_at(root, 116)?, &big, &fat)?;
        let mini = |id: u32| {
            let at = (id as usize).checked_mul(64)?;
            mini_stream.get(at..at + 64).map(<[u8]>::to_vec)
        };
        chain(start, &mini, &mini_fat)?
    } else {
        chain(start, &big, &fat)?
    };
    data.truncate(size);
    Some(data)
}

/// The largest bounding box (rows × columns) of the cell records of any BIFF substream, as
/// calamine places them.
fn biff_max_sheet_cells(stream: &[u8]) -> u64 {
    /// The first and last (row, column) seen in the current substream.
    type Bounds = Option<((u16, u16), (u16, u16))>;
    let mut largest = 0u64;
    let mut bounds: Bounds = None;
    let mut close = |bounds: &mut Bounds| {
        if let Some((first, last)) = bounds.take() {
            let rows = u64::from(last.0 - first.0) + 1;
            let cols = u64::from(last.1 - first.1) + 1;
            largest = largest.max(rows * cols);
        }
    };
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream
            .get(at + 4..at + 4 + usize::from(len))
            .unwrap_or_default();
        at += 4 + usize::from(len);
        let mut place = |row: u16, col: u16| {
            let (first, last) = bounds.get_or_insert(((row, col), (row, col)));
            *first = (first.0.min(row), first.1.min(col));
            *last = (last.0.max(row), last.1.max(col));
        };
        match kind {
            // BOF and EOF: a substream (a sheet) starts or ends.
            0x0809 | 0x000A => close(&mut bounds),
            // NUMBER, LABELSST, RK, BOOLERR, FORMULA, LABEL, RSTRING, BLANK.
            0x0203 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x0204 | 0x00D6 | 0x0201 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    place(row, col);
                }
            }
            // MULRK and MULBLANK: a row, a first column, …, a last column.
            0x00BD | 0x00BE => {
                if let (Some(row), Some(col), Some(last_col)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|end| u16_at(data, end)),
                ) {
                    place(row, col);
                    place(row, last_col.max(col));
                }
            }
            _ => {}
        }
    }
    close(&mut bounds);
    largest
}

/// Zeros after the end: more than the largest sector (4096 bytes) plus the header.
const ZERO_TAIL: u64 = 16 * 1024;

pub(super) struct ZeroTail<'b> {
    inner: Cursor<&'b [u8]>,
}

impl<'b> ZeroTail<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> ZeroTail<'b> {
        ZeroTail {
            inner: Cursor::new(bytes),
        }
    }
}

impl Read for ZeroTail<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let len = self.inner.get_ref().len() as u64;
        let position = self.inner.position();
        if position < len {
            return self.inner.read(buffer);
        }
        let left = (len + ZERO_TAIL).saturating_sub(position);
        let n = buffer.len().min(left as usize);
        buffer[..n].fill(0);
        self.inner.set_position(position + n as u64);
        Ok(n)
    }
}

impl Seek for ZeroTail<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn biff_cell_records_give_the_bounding_box() {
        let record = |kind: u16, data: &[u8]| -> Vec<u8> {
            let mut out = kind.to_le_bytes().to_vec();
            out.extend((data.len() as u16).to_le_bytes());
            out.extend_from_slice(data);
            out
        };
        let cell = |row: u16, col: u16| -> Vec<u8> {
            let mut data = row.to_le_bytes().to_vec();
            data.extend(col.to_le_bytes());
            data.extend([0u8; 10]);
            data
        };
        let mut stream = record(0x0809, &[0; 16]);
        stream.extend(record(0x0203, &cell(2, 1)));
        stream.extend(record(0x0203, &cell(11, 4)));
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(record(0x027E, &cell(0, 0)));
        stream.extend(record(0x0203, &cell(65_535, 65_535)));
        stream.extend(record(0x000A, &[]));
        assert_eq!(biff_max_sheet_cells(&stream[..60]), 10 * 4);
        assert_eq!(biff_max_sheet_cells(&stream), 65_536 * 65_536);
    }

    #[test]
    fn reads_the_file_then_zeros_and_seeks_to_the_real_end() {
        let mut reader = ZeroTail::new(b"abc");
        assert_eq!(reader.seek(SeekFrom::End(0)).expect("seek"), 3);
        reader.seek(SeekFrom::Start(1)).expect("seek");
        let mut out = Vec::new();
        reader.read_to_end(&mut out).expect("read");
        assert_eq!(out.len(), 2 + ZERO_TAIL as usize);
        assert_eq!(&out[..2], b"bc");
        assert!(out[2..].iter().all(|b| *b == 0));
    }
}
