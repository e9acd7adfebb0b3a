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

/// Files at least this large are checked by two threads, a half each.
const MIN_SPLIT_CHECK: usize = 8 << 20;

/// A whole file's text, checked once (UTF-8 and XML's `Char`) in a single
/// pass, window by window while each is in cache: the parse that follows
/// need not scan it again ([`crate::xml::XmlReader::with_first_forbidden`]).
pub struct FileText {
    content: Content,
    first_forbidden: Option<(usize, char)>,
}

/// Mapped when it is a non-empty regular file, read otherwise.
enum Content {
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
            let text = io::read_to_string(file)?;
            return Ok(FileText {
                first_forbidden: crate::xml::chars::first_forbidden(&text),
                content: Content::Read(text),
            });
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
        let first_forbidden = mapped.check()?;
        Ok(FileText {
            content: Content::Mapped(mapped),
            first_forbidden,
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.content {
            Content::Mapped(mapped) => mapped.as_str(),
            Content::Read(text) => text,
        }
    }

    /// The first character of the text outside XML's `Char` (found when
    /// the file was opened).
    pub fn first_forbidden(&self) -> Option<(usize, char)> {
        self.first_forbidden
    }

    /// Hands the pages before `position` (less a margin) back to the kernel;
    /// a later read of them reads the file again. Nothing for read text.
    pub fn release_before(&self, position: usize) {
        if let Content::Mapped(mapped) = &self.content {
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
    /// Checks the whole map as UTF-8 and finds its first character outside
    /// XML's `Char`; a large map in two halves at once (split where a
    /// character starts, so each half is UTF-8 exactly when the whole is).
    fn check(&self) -> io::Result<Option<(usize, char)>> {
        let bytes: &[u8] = &self.map;
        let forbidden = if bytes.len() < MIN_SPLIT_CHECK {
            self.check_range(0, bytes.len())?
        } else {
            let mut middle = bytes.len() / 2;
            while middle < bytes.len() && bytes[middle] & 0xC0 == 0x80 {
                middle += 1;
            }
            let (first, second) = std::thread::scope(|scope| {
                let second = scope.spawn(|| self.check_range(middle, bytes.len()));
                let first = self.check_range(0, middle);
                (first, second.join())
            });
            let second =
                second.unwrap_or_else(|_| Err(io::Error::other("the check of the text failed")));
            match first? {
                Some(found) => Some(found),
                None => second?,
            }
        };
        // Whatever the kernel mapped around the windows goes too; the parse
        // reads the text again from the start.
        self.release_range(0, bytes.len());
        self.released.store(0, Ordering::Relaxed);
        Ok(forbidden)
    }

    /// [`Self::check`] over `bytes[from..to]` (`from` starts a character),
    /// each window handed back to the kernel once checked.
    fn check_range(&self, from: usize, to: usize) -> io::Result<Option<(usize, char)>> {
        let bytes: &[u8] = &self.map;
        let mut start = from;
        let mut forbidden = None;
        while start < to {
            let end = (start + WINDOW).min(to);
            // simdutf8 checks valid text several times faster than the
            // standard library; a window it refuses is read again by the
            // standard check, which says where and why.
            let valid = match simdutf8::basic::from_utf8(&bytes[start..end]) {
                Ok(valid) => valid,
                Err(_) => match std::str::from_utf8(&bytes[start..end]) {
                    Ok(valid) => valid,
                    // A character cut by the window's end: check it in the next.
                    Err(e) if e.error_len().is_none() && end < to && e.valid_up_to() > 0 => {
                        // SAFETY: the standard check found these bytes valid.
                        unsafe {
                            std::str::from_utf8_unchecked(&bytes[start..start + e.valid_up_to()])
                        }
                    }
                    Err(_) => {
                        self.release_range(from, to);
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            "stream did not contain valid UTF-8",
                        ));
                    }
                },
            };
            if forbidden.is_none()
                && let Some((at, c)) = crate::xml::chars::first_forbidden(valid)
            {
                forbidden = Some((start + at, c));
            }
            let next = start + valid.len();
            // The window before this one too: the kernel maps pages around
            // a fault, and some stay mapped past one release.
            self.release_range(start.saturating_sub(WINDOW).max(from), next);
            start = next;
        }
        Ok(forbidden)
    }

    fn as_str(&self) -> &str {
        // SAFETY: `check` checked every byte of the map when it was
        // opened, and the map is read-only.
        unsafe { std::str::from_utf8_unchecked(&self.map) }
    }

    /// Hands back the whole pages inside `from..to`.
    fn release_range(&self, from: usize, to: usize) {
        let first = from.div_ceil(PAGE) * PAGE;
        let last = to.min(self.map.len()) / PAGE * PAGE;
        if last > first {
            // SAFETY: as in `release_before`.
            let _ = unsafe {
                self.map
                    .unchecked_advise_range(UncheckedAdvice::DontNeed, first, last - first)
            };
        }
    }

    fn release_before(&self, position: usize) {
        let upto = position.saturating_sub(KEEP_BEHIND).min(self.map.len()) / PAGE * PAGE;
        let mut from = self.released.load(Ordering::Relaxed);
        if upto < from {
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

/// The kernel's page size where teikit runs (advice ranges are aligned to it).
const PAGE: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    /// Opens `bytes` as a file: Ok(its text, the first forbidden
    /// character's offset) or the error's kind.
    fn open(bytes: &[u8]) -> Result<(String, Option<usize>), io::ErrorKind> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.xml");
        std::fs::write(&path, bytes).unwrap();
        let text = FileText::open(&path).map_err(|e| e.kind())?;
        let first = text.as_str().to_string();
        // Released pages read back from the file unchanged.
        text.release_before(usize::MAX);
        assert_eq!(text.as_str(), first);
        Ok((first, text.first_forbidden().map(|(at, _)| at)))
    }

    fn check(bytes: &[u8], expect: Result<Option<usize>, io::ErrorKind>) {
        let got = open(bytes);
        if let Ok((text, _)) = &got {
            assert_eq!(text.as_bytes(), bytes);
        }
        assert_eq!(got.map(|(_, forbidden)| forbidden), expect);
    }

    #[test]
    fn mapped_text_is_the_file_checked_once() {
        check(b"", Ok(None));
        check("<r>é</r>".as_bytes(), Ok(None));
        check(b"<r>\xff</r>", Err(io::ErrorKind::InvalidData));
        check(b"<r>\x01</r>", Ok(Some(3)));
        check("<r>\u{FFFE}</r>".as_bytes(), Ok(Some(3)));
        // A character straddling a window boundary.
        let mut long = "a".repeat(WINDOW - 1);
        long.push('é');
        long.push_str(&"b".repeat(3 * 4096));
        check(long.as_bytes(), Ok(None));
        let mut bad = long.clone().into_bytes();
        bad.push(0xC3);
        check(&bad, Err(io::ErrorKind::InvalidData));
        // U+FFFF across a window boundary.
        let mut cut = "a".repeat(WINDOW - 1);
        cut.push('\u{FFFF}');
        check(cut.as_bytes(), Ok(Some(WINDOW - 1)));
    }

    #[test]
    fn a_large_file_is_checked_in_halves_as_one() {
        // Three-byte characters throughout: the middle falls inside one.
        let large = "я€".repeat(MIN_SPLIT_CHECK / 5 + 1);
        // Where a character starts, in the second half from here on.
        let middle = large.len() / 2 / 5 * 5;
        check(large.as_bytes(), Ok(None));
        let with = |at: usize, bytes: &[u8]| {
            let mut out = large.as_bytes().to_vec();
            out.splice(at..at, bytes.iter().copied());
            out
        };
        // The first forbidden character wins, in whichever half it is.
        let mut two = with(middle + 5 * 1000, &[1]);
        two.splice(10..10, [2]);
        check(&two, Ok(Some(10)));
        check(&with(middle + 5 * 1000, &[1]), Ok(Some(middle + 5 * 1000)));
        check(
            &with(large.len() - 5, &[0xFF]),
            Err(io::ErrorKind::InvalidData),
        );
        check(&with(5, &[0xFF]), Err(io::ErrorKind::InvalidData));
    }
}
