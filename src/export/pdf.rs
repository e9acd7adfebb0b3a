//! The PDF exporter: the typst source of the edition compiled in-process by the
//! typst library, with the fonts bundled in teikit's binary (no TeX, no system
//! fonts, no network), and written as PDF by typst-pdf.
//!
//! The source compiled is exactly what `export_typst` writes, so a user who
//! exports `--to typst` and compiles it gets the same pages.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use ::typst::diag::{FileError, FileResult, SourceDiagnostic};
use ::typst::foundations::{Bytes, Datetime, Duration, Smart};
use ::typst::syntax::{FileId, Source};
use ::typst::text::{Font, FontBook};
use ::typst::utils::LazyHash;
use ::typst::{Library, LibraryExt, World, WorldExt};
use jiff::civil::Date;
use typst_layout::PagedDocument;

use crate::diagnostic::Diagnostic;
use crate::export::pdf_standard::PdfStandard;
use crate::export::typst::{TypstOptions, typst_source};
use crate::model::{Edition, Span};

/// Diagnostic code of a typst error while compiling the edition's source.
pub const COMPILE_ERROR: &str = "teikit::export::pdf::compile-error";
/// Diagnostic code of a typst warning (a missing glyph, for instance).
pub const COMPILE_WARNING: &str = "teikit::export::pdf::compile-warning";

/// What the PDF export needs besides the edition.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions<'a> {
    /// The typst source options; `typst.date` is also the PDF's creation date
    /// and typst's `today()`. Leave it `None` for byte-identical output.
    pub typst: TypstOptions<'a>,
    /// A PDF standard to conform to (PDF/A-2b, A-3b, UA-1); `None` for plain PDF.
    pub standard: Option<PdfStandard>,
}

/// The edition as a PDF. Errors are teikit diagnostics, never a panic.
pub fn export_pdf(edition: &Edition, options: &PdfOptions) -> Result<Vec<u8>, Vec<Diagnostic>> {
    export_pdf_with_warnings(edition, options).map(|(pdf, _)| pdf)
}

/// The edition as a PDF with the warnings of the export: parts of the model
/// written as plain text, and typst's own warnings.
pub fn export_pdf_with_warnings(
    edition: &Edition,
    options: &PdfOptions,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (source, mut warnings) = typst_source(edition, &options.typst);
    let (pdf, typst_warnings) = compile_typst_to(&source, options.typst.date, options.standard)?;
    warnings.extend(typst_warnings);
    Ok((pdf, warnings))
}

/// Compiles typst source (teikit's, or a user's edit of it) to PDF.
/// `date` is `today()` and the PDF creation date when the source sets none.
pub fn compile_typst(
    source: &str,
    date: Option<Date>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    compile_typst_to(source, date, None)
}

/// Compiles typst source to a PDF conforming to `standard` (when given).
pub fn compile_typst_to(
    source: &str,
    date: Option<Date>,
    standard: Option<PdfStandard>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let world = EditionWorld::new(source.to_string(), date);
    // typst is a large library; should it ever panic on some input, the user
    // gets a diagnostic, not a crash.
    let result = catch_unwind(AssertUnwindSafe(|| compile_world(&world, standard)));
    // Drop typst's memoized results so a long-running process does not keep them.
    ::typst::comemo::evict(0);
    match result {
        Ok(r) => r,
        Err(_) => Err(vec![
            Diagnostic::error(
                COMPILE_ERROR,
                Span::default(),
                "the typst compiler stopped unexpectedly while laying out the edition",
            )
            .with_help("export with `--to typst` and compile the source with typst to see where"),
        ]),
    }
}

fn compile_world(
    world: &EditionWorld,
    standard: Option<PdfStandard>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let warned = ::typst::compile::<PagedDocument>(world);
    let mut warnings: Vec<Diagnostic> = warned
        .warnings
        .iter()
        .map(|d| diagnostic(world, d, COMPILE_WARNING))
        .collect();
    let document = warned.output.map_err(|errors| {
        errors
            .iter()
            .map(|d| diagnostic(world, d, COMPILE_ERROR))
            .collect::<Vec<_>>()
    })?;
    let standards = match standard {
        None => typst_pdf::PdfStandards::default(),
        Some(s) => typst_pdf::PdfStandards::new(&[match s {
            PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
            PdfStandard::A3b => typst_pdf::PdfStandard::A_3b,
            PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
        }])
        .map_err(|e| {
            vec![Diagnostic::error(
                COMPILE_ERROR,
                Span::default(),
                format!("the PDF standard cannot be met: {}", e.message()),
            )]
        })?,
    };
    let options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        standards,
        creator: Smart::Custom(Some("teikit".to_string())),
        // The document's own date (set from the options) is used; no clock.
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|d| diagnostic(world, d, COMPILE_ERROR))
            .collect::<Vec<_>>()
    })?;
    warnings.dedup();
    Ok((pdf, warnings))
}

/// A typst diagnostic as a teikit one. Its position is in the typst source, not
/// in the user's file, so it goes in the message with the line of source.
fn diagnostic(world: &EditionWorld, d: &SourceDiagnostic, code: &'static str) -> Diagnostic {
    let position = world.range(d.span).and_then(|range| {
        let lines = world.source.lines();
        let (line, column) = lines.byte_to_line_column(range.start)?;
        let text = lines
            .line_to_range(line)
            .and_then(|r| world.source.text().get(r))
            .unwrap_or("")
            .trim_end();
        Some((
            line + 1,
            column + 1,
            text.chars().take(160).collect::<String>(),
        ))
    });
    let message = match &position {
        Some((line, column, _)) => format!("typst: {} (typst source {line}:{column})", d.message),
        None => format!("typst: {}", d.message),
    };
    let severity_error = code == COMPILE_ERROR;
    let mut out = if severity_error {
        Diagnostic::error(code, Span::default(), message)
    } else {
        Diagnostic::warning(code, Span::default(), message)
    };
    let mut help: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    if let Some((_, _, text)) = position
        && !text.is_empty()
    {
        help.push(format!("in: {text}"));
    }
    if !help.is_empty() {
        out = out.with_help(help.join("; "));
    }
    out
}

/// The bundled fonts, parsed once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// A typst world holding one file, the edition's source; no file system, no
/// packages, no clock.
struct EditionWorld {
    source: Source,
    today: Date,
}

impl EditionWorld {
    fn new(text: String, date: Option<Date>) -> Self {
        EditionWorld {
            source: Source::detached(text),
            today: date.unwrap_or(Date::constant(2000, 1, 1)),
        }
    }
}

impl World for EditionWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            i32::from(self.today.year()),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}
