//! The bytes calamine's xls reader sees: the file, then a run of zeros past its end.
//!
//! Why: calamine 0.38's compound-file reader (`cfb.rs`, `Sectors::get`) slices
//! `data[start..len]` when the file ends before a sector it was told to read starts, and
//! panics on a damaged or truncated xls (found by the fuzz harness). A panic in the
//! browser aborts the worker, so the zeros make that read end inside the sector instead:
//! the damaged file then fails calamine's own checks and gets an error. `Seek` still
//! reports the file's real length, which is what calamine bounds its sector ids by.

use std::io::{Cursor, Read, Seek, SeekFrom};

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
