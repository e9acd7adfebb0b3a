//! A file's text mapped read-only into memory and handed back to the kernel
//! behind the reader, so that streaming over a file of any size keeps only a
//! bounded window of it resident (reading it whole held the entire file).

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use memmap2::{Mmap, UncheckedAdvice};

/// Bytes checked (UTF-8, forbidden characters) or read between releases.
pub const WINDOW: usize = 2 << 20;
/// Bytes kept behind the reader's position when releasing: events in hand
/// (a text run, a start tag) stay resident.
const KEEP_BEHIND: usize = 512 << 10;

/// A whole file's text: mapped when it is a non-empty regular file, read
/// otherwise.
pub enum FileText {
    Mapped(MappedText),
    Read(String),
}

impl FileText {
    /// Opens `path`; an error if it cannot be read or is not UTF-8 (the
    /// same errors as `std::fs::read_to_string`).
    pub fn open(path: &Path) -> io::Result<FileText> {
        let file = File::open(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() || metadata.len() == 0 {
            return io::read_to_string(file).map(FileText::Read);
        }
        // SAFETY: the map is read-only; the file is an input
        // teikit never writes. Another process truncating or rewriting it while it
        // is read is the hazard of every mapped reader (a fault, or text
        // that is no longer the checked UTF-8), accepted for bounded memory.
        let map = unsafe { Mmap::map(&file)? };
        let mapped = MappedText {
            map,
            released: AtomicUsize::new(0),
        };
        mapped.check_utf8()?;
        Ok(FileText::Mapped(mapped))
    }

    pub fn as_str(&self) -> &str {
        match self {
            FileText::Mapped(mapped) => mapped.as_str(),
            FileText::Read(text) => text,
        }
    }

    /// Hands the pages before `position` (less a margin) back to the kernel;
    /// a later read of them reads the file again. Nothing for read text.
    pub fn release_before(&self, position: usize) {
        if let FileText::Mapped(mapped) = self {
            mapped.release_before(position);
        }
    }
}

/// A read-only (shared) map of a file whose content was checked as UTF-8.
pub struct MappedText {
    map: Mmap,
    /// Bytes from the start already released (page-aligned). Atomic so the
    /// text can be shared with the thread that reads it (the reader thread
    /// of a pipelined validation releases; only one thread ever does).
    released: AtomicUsize,
}

impl MappedText {
    fn check_utf8(&self) -> io::Result<()> {
        let bytes: &[u8] = &self.map;
        let mut start = 0;
        while start < bytes.len() {
            let end = (start + WINDOW).min(bytes.len());
            // simdutf8 checks valid text several times faster than the
            // standard library; a window it refuses is read again by the
            // standard check, which says where and why.
            if simdutf8::basic::from_utf8(&bytes[start..end]).is_ok() {
                start = end;
                self.release_before(start + KEEP_BEHIND);
                continue;
            }
            match std::str::from_utf8(&bytes[start..end]) {
                Ok(_) => start = end,
                // A character cut by the window's end: check it in the next.
                Err(e) if e.error_len().is_none() && end < bytes.len() && e.valid_up_to() > 0 => {
                    start += e.valid_up_to();
                }
                Err(_) => {
                    self.release_all();
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "stream did not contain valid UTF-8",
                    ));
                }
            }
            self.release_before(start + KEEP_BEHIND);
        }
        Ok(())
    }

    fn as_str(&self) -> &str {
        // SAFETY: `check_utf8` checked every byte of the map when it was
        // opened, and the map is read-only.
        unsafe { std::str::from_utf8_unchecked(&self.map) }
    }

    fn release_all(&self) {
        self.release_before(self.map.len() + KEEP_BEHIND);
    }

    fn release_before(&self, position: usize) {
        let page = 4096;
        let upto = position.saturating_sub(KEEP_BEHIND).min(self.map.len()) / page * page;
        let mut from = self.released.load(Ordering::Relaxed);
        if upto < from {
            // A new pass over the text (the parse after the character scan).
            from = 0;
        }
        if upto == from {
            return;
        }
        // SAFETY: DONTNEED on a read-only file map drops the pages;
        // the next access reads them from the file again, so no reference
        // into the map ever sees other content.
        let _ = unsafe {
            self.map
                .unchecked_advise_range(UncheckedAdvice::DontNeed, from, upto - from)
        };
        self.released.store(upto, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expect: Result<&str, io::ErrorKind>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.xml");
        std::fs::write(&path, bytes).unwrap();
        let got = FileText::open(&path).map_err(|e| e.kind());
        let text = got.as_ref().map(FileText::as_str).map_err(|e| *e);
        assert_eq!(text, expect);
        if let Ok(text) = &got {
            // Released pages read back from the file unchanged.
            text.release_before(usize::MAX);
            assert_eq!(Ok(text.as_str()), expect);
        }
    }

    #[test]
    fn mapped_text_is_the_file() {
        check(b"", Ok(""));
        check("<r>é</r>".as_bytes(), Ok("<r>é</r>"));
        check(b"<r>\xff</r>", Err(io::ErrorKind::InvalidData));
        // A character straddling a window boundary.
        let mut long = "a".repeat(WINDOW - 1);
        long.push('é');
        long.push_str(&"b".repeat(3 * 4096));
        check(long.as_bytes(), Ok(&long));
        let mut bad = long.clone().into_bytes();
        bad.push(0xC3);
        check(&bad, Err(io::ErrorKind::InvalidData));
    }
}
