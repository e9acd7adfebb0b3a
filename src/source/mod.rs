//! The plain-text reader: turns the text of a documentary edition into the model.
//!
//! Stages: [`decode`] the bytes, split [`lines`], [`segment`] them into
//! documents, number them ([`numbering`]), read each [`document`] (title,
//! body, [`inline`] marks, [`notes`], [`closer`], [`tail`] with [`citation`]s
//! and [`date`]s), then build the [`header`]. Reading never fails: it returns
//! the edition and the diagnostics; errors among them mean no output is right.

pub mod body;
pub mod citation;
pub mod closer;
pub mod codes;
pub mod conventions;
pub mod date;
pub mod document;
pub mod endnotes;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod header;
pub mod inline;
pub mod layout;
pub mod lines;
pub mod notes;
pub mod numbering;
pub mod pattern;
pub mod preset;
pub mod segment;
pub mod tail;
pub mod title;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{Edition, Span};
use conventions::Conventions;
use document::read_document;
use numbering::NumberInput;

static INITIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Lu}\p{Ll}{0,2}\.(?:\s?\p{Lu}\p{Ll}{0,2}\.)+").expect("static regex")
});

/// Decodes the bytes of an input: UTF-8 (a BOM skipped), or UTF-16 with or
/// without a BOM (recognised by its byte order mark, by the zero bytes of ASCII
/// text, or by decoding to text where UTF-8 fails). A lone CR becomes LF, so
/// old Mac and mixed line endings read as line breaks; byte offsets are kept
/// for UTF-8 input. The error names the offset of the first invalid byte, or
/// says the file is UTF-16 that does not decode.
#[allow(clippy::result_large_err)] // the error path is cold; the diagnostic is returned whole
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Diagnostic> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(utf16(rest, u16::from_be_bytes)?)
    } else if let Some(little_endian) = utf16_by_zero_bytes(bytes) {
        let from: fn([u8; 2]) -> u16 = if little_endian {
            u16::from_le_bytes
        } else {
            u16::from_be_bytes
        };
        Cow::Owned(utf16(bytes, from)?)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(e) => match utf16_by_spaces(bytes) {
                Some(text) => Cow::Owned(text),
                None => {
                    let offset = e.valid_up_to();
                    return Err(Diagnostic::error(
                        codes::NOT_UTF8,
                        Span::new(offset, offset + 1),
                        format!("source is not valid UTF-8: invalid byte at offset {offset}"),
                    )
                    .with_help(
                        "convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)",
                    ));
                }
            },
        }
    };
    Ok(lone_cr_as_lf(text))
}

/// `bytes` as UTF-8 text. simdutf8 checks valid text several times faster
/// than the standard library (a large edition is read whole before anything
/// else can start); bytes it refuses are checked again by the standard
/// library, whose error says where.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// Decodes UTF-16 code units; an unpaired surrogate is an error naming UTF-16.
#[allow(clippy::result_large_err)]
fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => from([*a, *b]),
        _ => 0xD800, // an odd last byte: half a code unit, reported below
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                let offset = i * 2;
                return Err(Diagnostic::error(
                    codes::NOT_UTF8,
                    Span::default(),
                    format!("source is UTF-16 that does not decode: invalid code unit at byte offset {offset}"),
                )
                .with_help("convert the file to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"));
            }
        }
    }
    Ok(out
        .strip_prefix('\u{feff}')
        .map(String::from)
        .unwrap_or(out))
}

/// UTF-16 without a BOM holding ASCII text: a zero byte in most code units, on
/// one side only. `Some(true)` for little-endian.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(1 << 16) & !1];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 3 >= units && even * 20 < odd {
        Some(true)
    } else if even * 3 >= units && odd * 20 < even {
        Some(false)
    } else {
        None
    }
}

/// Bytes that are not UTF-8 read as UTF-16 without a BOM (text in a script
/// without zero bytes, Cyrillic say): the byte order in which spaces and line
/// breaks occur, when the whole decodes.
fn utf16_by_spaces(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let count = |from: fn([u8; 2]) -> u16| {
        bytes
            .chunks_exact(2)
            .map(|p| from([p[0], p[1]]))
            .filter(|u| matches!(u, 0x20 | 0x0A | 0x0D))
            .count()
    };
    let (le, be) = (count(u16::from_le_bytes), count(u16::from_be_bytes));
    let from: fn([u8; 2]) -> u16 = match le.cmp(&be) {
        std::cmp::Ordering::Greater => u16::from_le_bytes,
        std::cmp::Ordering::Less => u16::from_be_bytes,
        std::cmp::Ordering::Equal => return None,
    };
    // Text has a space or a line break at least every 200 characters.
    if le.max(be) * 200 < bytes.len() / 2 {
        return None;
    }
    utf16(bytes, from).ok()
}

/// A CR not followed by LF becomes LF (one byte for one: offsets stay).
fn lone_cr_as_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    // memchr's vectorised search: the whole input is searched before
    // anything else can start.
    let bytes = text.as_bytes();
    let has_lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if !has_lone_cr {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices('\r') {
        if bytes.get(i + 1) != Some(&b'\n') {
            out.push_str(&text[last..i]);
            out.push('\n');
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Reads a plain-text edition. `file_name` names the source in the header when
/// nothing better does.
pub fn read_source(text: &str, file_name: &str, config: &Config) -> (Edition, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(codes::EMPTY, Span::default(), "source is empty")
                .with_help("give a plain-text edition: number lines, titles, bodies, citations"),
        );
        return (Edition::default(), diagnostics);
    }
    if let Some(at) = text.find('\0') {
        diagnostics.push(
            Diagnostic::error(
                codes::NOT_UTF8,
                Span::new(at, at + 1),
                format!("source holds a NUL byte at offset {at}"),
            )
            .with_help("a plain-text edition holds no NUL bytes; check that the file is text"),
        );
        return (Edition::default(), diagnostics);
    }
    let conv = Conventions::new(config);
    for bad in &conv.invalid_patterns {
        diagnostics.push(
            Diagnostic::error(
                codes::CONFIG_INVALID,
                Span::default(),
                format!("invalid edition config: pattern \"{bad}\" does not compile"),
            )
            .with_help("the config keys and their types are listed in the README"),
        );
    }
    let all_lines = lines::split_lines(text);
    let mut segmented = segment::segment(all_lines.clone(), &conv);
    if !segment::is_collection(&segmented) {
        // The edition's own conventions found no numbered or cited document:
        // the layout model reads the source as the best-scoring arrangement
        // of documents.
        segmented = layout::segment(&all_lines, &conv);
    }
    diagnostics.extend(segmented.diagnostics);
    if segmented.documents.is_empty() {
        diagnostics.push(
            Diagnostic::error(codes::NO_DOCUMENTS, Span::default(), "no document found in the source").with_help(
                "a document starts with a line such as \"No. 556\" (`conventions.number_lines`) and ends with an archival citation",
            ),
        );
        return (Edition::default(), diagnostics);
    }
    let inputs: Vec<NumberInput> = segmented
        .documents
        .iter()
        .map(|d| NumberInput {
            stated: d.number.as_ref().map(|n| (n.n.clone(), n.span)),
            fragment: d.fragment,
            title_line: d.title_line,
            title_span: d.title_span,
        })
        .collect();
    let number_line = config
        .conventions
        .number_lines
        .first()
        .map_or("No. {n}", String::as_str);
    let (mut numbers, number_diagnostics) = numbering::assign(&inputs, number_line);
    for (numbered, raw) in numbers.iter_mut().zip(&segmented.documents) {
        if numbered.cert.is_none() {
            numbered.cert = raw.cert;
        }
    }
    diagnostics.extend(number_diagnostics);

    let mut documents = Vec::new();
    let mut persons = Vec::new();
    let mut emphasis = Vec::new();
    let mut glosses = false;
    let mut back_links = Vec::new();
    for (raw, numbered) in segmented.documents.iter().zip(&numbers) {
        let read = read_document(raw, numbered, text, &conv);
        for p in read.persons {
            document::push_person(&mut persons, p);
        }
        if let Some(first) = read.emphasis.first() {
            emphasis.push(first.clone());
        }
        glosses |= read.glosses;
        back_links.extend(read.back_links);
        diagnostics.extend(read.diagnostics);
        documents.push(read.document);
    }

    let note_initials = emphasis
        .first()
        .and_then(|e| INITIALS.find(&e.text).map(|m| m.as_str().to_string()));
    if let Some(first) = emphasis.first() {
        let initials = config
            .editor
            .as_ref()
            .and_then(|e| e.initials.first().cloned())
            .or(note_initials.clone())
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::advice(
                codes::EMPHASIS_SPAN_LOST,
                first.span,
                format!("emphasis added by {initials} cannot be located in plain text"),
            )
            .with_help(format!(
                "the note is kept in each of {} documents; the emphasised words must be marked by hand from the printed edition",
                emphasis.len()
            )),
        );
    }
    if let Some(first) = back_links.first() {
        diagnostics.push(
            Diagnostic::warning(
                codes::NOTE_TRAILING_MATTER,
                Span::new(first.start + 1, first.end),
                format!(
                    "{} back-links \"↩\" after footnote texts were dropped",
                    back_links.len()
                ),
            )
            .with_help("web-page links, not part of the notes"),
        );
    }
    let named = header::source_line(&segmented.trailing_pieces, &conv);
    if let Some((first, last)) = segmented.trailing {
        let help = match &named {
            Some((_, _, line)) => {
                format!("not encoded; line {line} names the source and fills sourceDesc")
            }
            None => "not encoded".to_string(),
        };
        diagnostics.push(
            Diagnostic::warning(
                codes::TRAILING_MATTER,
                first.span().join(last.span()),
                format!(
                    "lines {}–{} after the last document are not part of the edition",
                    first.line, last.line
                ),
            )
            .with_help(help),
        );
    }
    let gathered = header::Gathered {
        persons,
        note_initials,
        glosses,
        source_line: named,
        file_name,
    };
    let header = header::build(&documents, gathered, &conv);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (Edition { header, documents }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn decodes_utf8_and_utf16_with_or_without_bom() {
        let check = |bytes: Vec<u8>, expect: &str| {
            assert_eq!(decode(&bytes).unwrap(), expect, "{bytes:?}");
        };
        let latin = "No. 5\nLetter from A to B\n";
        let cyrillic = "№ 5\nПисьмо от А к Б, 1 января 1920 г.\n";
        check(latin.as_bytes().to_vec(), latin);
        check(
            [b"\xEF\xBB\xBF".as_slice(), latin.as_bytes()].concat(),
            latin,
        );
        for text in [latin, cyrillic] {
            check(utf16le(text, true), text);
            check(utf16be(text, true), text);
            check(utf16le(text, false), text);
            check(utf16be(text, false), text);
        }
    }

    #[test]
    fn lone_cr_and_mixed_endings_become_line_breaks() {
        let check = |input: &str, expect: &str| {
            let decoded = decode(input.as_bytes()).unwrap();
            assert_eq!(decoded, expect);
            assert_eq!(decoded.len(), input.len(), "offsets kept");
        };
        check("a\rb\rc", "a\nb\nc");
        check("a\r\nb\rc\nd", "a\r\nb\nc\nd");
        check("a\r", "a\n");
    }

    #[test]
    fn refusals_name_the_encoding() {
        let err = decode(b"abc\xC3(").unwrap_err();
        assert!(
            err.message.contains("invalid byte at offset 3"),
            "{}",
            err.message
        );
        // A BOM then an unpaired surrogate: UTF-16 that does not decode.
        let err = decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{}", err.message);
    }
}
