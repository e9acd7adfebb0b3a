//! The one search the exporters run over every byte of an edition's text
//! (escaping it for HTML, BibTeX or JSON, splitting it into words): the first
//! byte that needs care. Such bytes are rare in prose, so the search looks at
//! sixteen bytes at a time with a check the compiler turns into a few vector
//! instructions, instead of a branch per byte.

/// How many bytes are checked at once: one 128-bit vector.
const CHUNK: usize = 16;

/// The index of the first byte of `bytes` for which `hit` holds.
///
/// `hit` must be cheap and branch-free (comparisons joined with `|`), so that
/// the check of a chunk becomes vector instructions; only the chunk with a
/// hit is looked at byte by byte.
#[inline(always)]
pub(super) fn position(bytes: &[u8], hit: impl Fn(u8) -> bool) -> Option<usize> {
    // A `u8` fold, not `any`: `any` stops at each byte, the fold vectorises.
    let any = |chunk: &[u8; CHUNK]| chunk.iter().fold(0, |any, &b| any | u8::from(hit(b))) != 0;
    // A short text (most strings in a template are) is checked at once too,
    // as a chunk of its first and last bytes, which overlap and cover it.
    if let Some(chunk) = short_chunk(bytes)
        && !any(&chunk)
    {
        return None;
    }
    let mut at = 0;
    loop {
        match bytes.get(at..).and_then(<[u8]>::first_chunk) {
            Some(chunk) if any(chunk) => break,
            Some(_) => at += CHUNK,
            // Fewer than a chunk left: the last chunk of the text holds them
            // (after bytes known clean), so one more check spares most texts
            // the search byte by byte.
            None if at < bytes.len() && bytes.last_chunk().is_some_and(|last| !any(last)) => {
                return None;
            }
            None => break,
        }
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|&b| hit(b)).map(|i| at + i)
}

/// Writes `s` as pieces: the runs between the bytes that are `special`,
/// copied whole, and the `escape` of each such byte. The special bytes must
/// be ASCII, so that a run never splits a character.
#[inline(always)]
pub(super) fn escape_runs<E>(
    s: &str,
    special: impl Fn(u8) -> bool,
    escape: impl Fn(u8) -> &'static str,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut rest = s;
    while let Some(at) = position(rest.as_bytes(), &special) {
        let (run, tail) = rest.split_at(at);
        if !run.is_empty() {
            write(run)?;
        }
        write(escape(rest.as_bytes()[at]))?;
        rest = tail.get(1..).unwrap_or_default();
    }
    if rest.is_empty() { Ok(()) } else { write(rest) }
}

/// [`escape_runs`] appending to a string.
#[inline(always)]
pub(super) fn push_escaped(
    s: &str,
    out: &mut String,
    special: impl Fn(u8) -> bool,
    escape: impl Fn(u8) -> &'static str,
) {
    let Ok(()) = escape_runs(s, special, escape, |piece| {
        out.push_str(piece);
        Ok::<_, std::convert::Infallible>(())
    });
}

/// A chunk of the bytes of a text of 4 to 15 bytes, made of its first and last
/// halves of a chunk (or quarters, repeated): every byte of it is in the
/// chunk, and every byte of the chunk is of it. Fixed-size copies, which
/// compile to a few loads, not to a call of `memcpy`.
#[inline(always)]
fn short_chunk(bytes: &[u8]) -> Option<[u8; CHUNK]> {
    const HALF: usize = CHUNK / 2;
    const QUARTER: usize = CHUNK / 4;
    let mut chunk = [0; CHUNK];
    if bytes.len() >= CHUNK {
        return None;
    } else if let (Some(first), Some(last)) =
        (bytes.first_chunk::<HALF>(), bytes.last_chunk::<HALF>())
    {
        chunk[..HALF].copy_from_slice(first);
        chunk[HALF..].copy_from_slice(last);
    } else if let (Some(first), Some(last)) = (
        bytes.first_chunk::<QUARTER>(),
        bytes.last_chunk::<QUARTER>(),
    ) {
        for half in chunk.chunks_exact_mut(HALF) {
            half[..QUARTER].copy_from_slice(first);
            half[QUARTER..].copy_from_slice(last);
        }
    } else {
        return None;
    }
    Some(chunk)
}

/// The index of the first byte of `bytes` for which `hit(byte, next)` holds,
/// `next` being the byte after it, or 0 after the last byte; like
/// [`position`] otherwise.
#[inline(always)]
pub(super) fn position_pair(bytes: &[u8], hit: impl Fn(u8, u8) -> bool) -> Option<usize> {
    // A window of a chunk and one byte: each byte of the chunk with its next.
    let any = |window: &[u8; CHUNK + 1]| {
        window[..CHUNK]
            .iter()
            .zip(&window[1..])
            .fold(0, |any, (&b, &n)| any | u8::from(hit(b, n)))
            != 0
    };
    // The last byte, whose next is the end.
    let last = bytes.len().checked_sub(1)?;
    let mut at = 0;
    loop {
        match bytes.get(at..).and_then(<[u8]>::first_chunk) {
            Some(window) if any(window) => break,
            Some(_) => at += CHUNK,
            // As in `position`, the last window, then the last byte.
            None if at < bytes.len()
                && bytes.last_chunk().is_some_and(|window| !any(window))
                && !hit(bytes[last], 0) =>
            {
                return None;
            }
            None => break,
        }
    }
    (at..bytes.len()).find(|&i| hit(bytes[i], bytes.get(i + 1).copied().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of every length around one and two chunks, with a hit at each
    /// place (or none): the chunked search agrees with a byte-by-byte one.
    #[test]
    fn finds_what_a_byte_by_byte_search_finds() {
        for len in 0..3 * CHUNK + 3 {
            for hit_at in (0..len).map(Some).chain([None]) {
                for hit in [b'<', b' '] {
                    let mut text = vec![b'a'; len];
                    if let Some(i) = hit_at {
                        text[i] = hit;
                    }
                    // One byte alone.
                    let expect = text.iter().position(|&b| b == b'<');
                    assert_eq!(position(&text, |b| b == b'<'), expect, "{text:?}");
                    // A byte with its next: a space before an `a` or the end.
                    let space_before = |b: u8, n: u8| b == b' ' && (n == b'a' || n == 0);
                    let expect = (0..len)
                        .find(|&i| space_before(text[i], text.get(i + 1).copied().unwrap_or(0)));
                    assert_eq!(position_pair(&text, space_before), expect, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn the_byte_after_the_last_is_zero() {
        for (text, expect) in [
            ("", None),
            ("a", None),
            ("a ", Some(1)),
            ("0123456789abcdef ", Some(16)),
            ("0123456789abcdef0 ", Some(17)),
            ("0123456789abcdef0123456789abcdef0 ", Some(33)),
        ] {
            let at = position_pair(text.as_bytes(), |b, n| b == b' ' && n == 0);
            assert_eq!(at, expect, "{text:?}");
        }
    }
}
