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

/// Checks the bytes of a source: UTF-8, a BOM skipped. The error names the
/// offset of the first invalid byte.
#[allow(clippy::result_large_err)] // the error path is cold; the diagnostic is returned whole
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error(
            codes::NOT_UTF8,
            Span::new(0, 2),
            "source is UTF-16, not UTF-8",
        )
        .with_help("convert the file to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        Diagnostic::error(
            codes::NOT_UTF8,
            Span::new(offset, offset + 1),
            format!("source is not valid UTF-8: invalid byte at offset {offset}"),
        )
        .with_help("convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)")
    })
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
