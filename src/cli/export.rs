//! `teikit export`: a TEI file or a plain-text source out to HTML, text, Markdown or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::inputs::BatchArgs;
use super::report::{self, DiagnosticFormat, Ending, fail, usage};
use crate::batch::{self, Inputs, NoInputs, Outcome, Render};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::export::cite::{CiteOptions, export_bibtex, export_csl_json};
use crate::export::cmif::{CmifOptions, export_cmif};
use crate::export::epub::{EpubOptions, export_epub};
use crate::export::html::{
    HtmlOptions, SiteStreamed, export_html, export_html_streamed, export_html_with,
};
use crate::export::json::{export_json, write_json};
use crate::export::markdown::{export_markdown, write_markdown};
use crate::export::pdf_standard::PdfStandard;
use crate::export::stream::{StreamFormat, StreamOptions, Streamed, export_tei_streamed};
use crate::export::text::{TextOptions, export_text, write_text};
use crate::export::typst::{TypstOptions, typst_source};
use crate::model::{Edition, Span};
use crate::output::{
    ExistingDir, remove_temporaries_on_signal, unique_file_stems, write_atomic, write_atomic_with,
    write_dir_atomic, write_dir_atomic_with,
};
use crate::pipeline::{
    Failure, InputKind, input_kind, load_config, load_text, read_input, write_failed,
};
use crate::source::codes;
use crate::tei::write::{PROFILE_HREF, TeiOptions, write_tei, write_tei_to};
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A static HTML edition (a directory, or one file with --single-file).
    Html,
    /// The plain-text conventions of the source.
    Text,
    /// Markdown for Markdown readers and pandoc.
    Markdown,
    /// The document model as JSON (schema teikit-model/1).
    Json,
    /// Typst source of the printed edition (what `--to pdf` compiles).
    Typst,
    /// A print-quality PDF, rendered in-process (needs the `pdf` feature).
    Pdf,
    /// BibTeX entries citing each document.
    Bibtex,
    /// CSL-JSON items citing each document (for Zotero, pandoc).
    CslJson,
    /// CMIF: the letters' senders, addressees, places and dates for correspSearch.
    Cmif,
    /// An EPUB 3 e-book of the edition.
    Epub,
    /// The model written back as TEI P5 (hand-edited TEI read and written again).
    Tei,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// TEI files or plain-text sources (converted on the fly), or directories of them.
    #[arg(required_unless_present = "files_from", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: Format,
    /// Output file, or directory for HTML, --split and several inputs
    /// (`-` for standard output where the format allows).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The edition config (TOML); default: edition.toml beside the input, if any.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// One output per document (text, Markdown, JSON: into the directory OUTPUT).
    #[arg(long)]
    pub split: bool,
    /// HTML: write the whole edition as one self-contained file.
    #[arg(long)]
    pub single_file: bool,
    /// PDF, typst, CMIF and EPUB: the creation date to record (YYYY-MM-DD); none by default,
    /// so that the same input always gives the same bytes.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
    /// PDF: conform to a PDF standard (archival PDF/A-2b or A-3b, accessible
    /// PDF/UA-1), with the XMP metadata it requires. The standards require a
    /// creation date, so `--date` is required with it (teikit never reads the clock).
    #[arg(long, value_enum, value_name = "STANDARD", requires = "date")]
    pub pdf_standard: Option<PdfStandard>,
    /// Write into an output directory that already holds other files.
    #[arg(long)]
    pub force: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
    /// Print no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Set per input: the TEI declared teikit's edition profile (kept by `--to tei`).
    #[arg(skip)]
    pub xml_model: bool,
}

/// An output directory must be new or empty, unless `force`.
fn prepare_dir(dir: &Path, force: bool) -> Result<(), Failure> {
    check_dir(dir, force)?;
    std::fs::create_dir_all(dir).map_err(|e| write_failed(dir, &e))
}

/// An output directory must be new or empty, unless `force`; nothing is created.
fn check_dir(dir: &Path, force: bool) -> Result<(), Failure> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
        && !force
    {
        let file = dir.display().to_string();
        return Err(Failure {
            diagnostic: Diagnostic::error(
                codes::WRITE_FAILED,
                Span::default(),
                format!("output directory {file} already holds files"),
            )
            .with_help("choose an empty directory, or pass --force to write into it"),
            file,
            text: String::new(),
        });
    }
    Ok(())
}

/// One edition per document, with the header of the whole.
fn per_document(edition: &Edition) -> Vec<(String, Edition)> {
    edition
        .documents
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                Edition {
                    header: edition.header.clone(),
                    documents: vec![d.clone()],
                },
            )
        })
        .collect()
}

/// The bytes of one output file, with the warnings of the export.
fn render(
    edition: &Edition,
    args: &ExportArgs,
    config: &Config,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let options = TextOptions { config };
    let typst = TypstOptions {
        config: Some(config),
        date: args.date,
    };
    let text = |s: String| Ok((s.into_bytes(), Vec::new()));
    match args.to {
        Format::Text => text(export_text(edition, &options)),
        Format::Markdown => text(export_markdown(edition, &options)),
        Format::Json => text(export_json(edition)),
        Format::Html => text(String::new()),
        Format::Typst => {
            let (source, warnings) = typst_source(edition, &typst);
            Ok((source.into_bytes(), warnings))
        }
        Format::Pdf => pdf(edition, typst, args.pdf_standard),
        Format::Bibtex => text(export_bibtex(edition, &cite_options(config))),
        Format::CslJson => text(export_csl_json(edition, &cite_options(config))),
        Format::Cmif => {
            let (xml, warnings) = export_cmif(
                edition,
                &CmifOptions {
                    config: Some(config),
                    site_url: config.edition.site_url.as_deref(),
                    date: args.date,
                },
            );
            Ok((xml.into_bytes(), warnings))
        }
        Format::Epub => export_epub(
            edition,
            &EpubOptions {
                date: args.date,
                site_url: config.edition.site_url.as_deref(),
                authorities: Some(&config.authorities),
            },
        )
        .map(|bytes| (bytes, Vec::new()))
        .map_err(|d| vec![d]),
        Format::Tei => text(write_tei(edition, &tei_options(args, config))),
    }
}

fn tei_options(args: &ExportArgs, config: &Config) -> TeiOptions {
    TeiOptions {
        xml_model: args.xml_model.then(|| PROFILE_HREF.to_string()),
        authorities: config.authorities.clone(),
    }
}

fn cite_options(config: &Config) -> CiteOptions<'_> {
    CiteOptions {
        site_url: config.edition.site_url.as_deref(),
        document: None,
    }
}

#[cfg(feature = "pdf")]
fn pdf(
    edition: &Edition,
    typst: TypstOptions,
    standard: Option<PdfStandard>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    crate::export::pdf::export_pdf_with_warnings(
        edition,
        &crate::export::pdf::PdfOptions { typst, standard },
    )
}

#[cfg(not(feature = "pdf"))]
fn pdf(
    _: &Edition,
    _: TypstOptions,
    _: Option<PdfStandard>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    Err(vec![Diagnostic::error(
        codes::FEATURE_MISSING,
        Span::default(),
        "this teikit was built without PDF export",
    )
    .with_help("build with `cargo install --features pdf`, or export `--to typst` and compile it with typst")])
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Json => "json",
        Format::Typst => "typ",
        Format::Pdf => "pdf",
        Format::Bibtex => "bib",
        Format::CslJson => "csl.json",
        Format::Cmif => "xml",
        Format::Epub => "epub",
        Format::Tei => "xml",
    }
}

/// With `--force` new files join an output folder that holds others.
fn existing_dir(args: &ExportArgs) -> ExistingDir {
    if args.force {
        ExistingDir::Merge
    } else {
        ExistingDir::Replace
    }
}

/// Writes the export of `edition` to `out`; returns how many files were written.
/// Warnings of the export (parts written as plain text) go to `warnings`.
fn write(
    args: &ExportArgs,
    out: &Path,
    edition: &Edition,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
    inputs: &[PathBuf],
) -> Result<usize, Failure> {
    if args.to == Format::Html {
        let options = HtmlOptions {
            single_file: args.single_file,
            site_url: config.edition.site_url.as_deref(),
            authorities: Some(&config.authorities),
        };
        if args.single_file {
            let files = export_html(edition, &options);
            let page = files.into_iter().next().map(|(_, c)| c).unwrap_or_default();
            write_atomic(out, page.as_bytes()).map_err(|e| write_failed(out, &e))?;
            return Ok(1);
        }
        check_dir(out, args.force)?;
        // Each page goes to disk as it is rendered (still atomically as a
        // whole): a large site is never held in memory at once.
        return write_dir_atomic_with(out, existing_dir(args), inputs, |write| {
            export_html_with(edition, &options, &|_, name, bytes| write(name, bytes))
        })
        .map_err(|e| write_failed(out, &e));
    }
    if args.split {
        check_dir(out, args.force)?;
        let parts = per_document(edition);
        let stems = unique_file_stems(parts.iter().map(|(id, _)| id.as_str()), "document");
        let mut files = Vec::with_capacity(parts.len());
        for ((_, part), stem) in parts.iter().zip(stems) {
            let name = format!("{stem}.{}", extension(args.to));
            let (bytes, mut w) =
                render(part, args, config).map_err(|d| export_failed(&out.join(&name), d))?;
            warnings.append(&mut w);
            files.push((name, bytes));
        }
        write_dir_atomic(out, &files, existing_dir(args), inputs)
            .map_err(|e| write_failed(out, &e))?;
        return Ok(parts.len());
    }
    if matches!(
        args.to,
        Format::Text | Format::Markdown | Format::Json | Format::Tei
    ) {
        // Written as it is made: the whole output is never held in memory.
        let options = TextOptions { config };
        write_atomic_with(out, |w| {
            let mut w = std::io::BufWriter::new(w);
            match args.to {
                Format::Markdown => write_markdown(edition, &options, &mut w)?,
                Format::Json => write_json(edition, &mut w)?,
                Format::Tei => write_tei_to(edition, &tei_options(args, config), &mut w)?,
                _ => write_text(edition, &options, &mut w)?,
            }
            w.flush()
        })
        .map_err(|e| write_failed(out, &e))?;
        return Ok(1);
    }
    let (bytes, mut w) = render(edition, args, config).map_err(|d| export_failed(out, d))?;
    warnings.append(&mut w);
    write_atomic(out, &bytes).map_err(|e| write_failed(out, &e))?;
    Ok(1)
}

/// An export that failed (a PDF that did not compile): its first error, with
/// the others' messages.
fn export_failed(out: &Path, diagnostics: Vec<Diagnostic>) -> Failure {
    let mut iter = diagnostics.into_iter();
    let mut first = iter.next().unwrap_or_else(|| {
        Diagnostic::error(codes::WRITE_FAILED, Span::default(), "the export failed")
    });
    for more in iter {
        first.message.push_str(&format!("; {}", more.message));
    }
    Failure {
        diagnostic: first,
        file: out.display().to_string(),
        text: String::new(),
    }
}

fn export_one(
    input: &Path,
    out: &Path,
    args: &ExportArgs,
    inputs: &[PathBuf],
    render: Render,
) -> Outcome {
    let read = load_config(args.config.as_deref(), input)
        .and_then(|config| read_input(input).map(|(file, text)| (config, file, text)));
    let (config, file, text) = match read {
        Ok(read) => read,
        Err(f) => return Outcome::failed(f, render),
    };
    // An `xml-model` instruction stands in the prolog: searching the whole
    // text of a large edition for it took milliseconds before anything else.
    let declared_profile =
        crate::xml::prolog::prolog(&text).contains(&format!("href=\"{PROFILE_HREF}\""));
    let args = &ExportArgs {
        xml_model: declared_profile,
        ..args.clone()
    };
    if let Some(format) = stream_format(args, input, out, &text) {
        let options = StreamOptions {
            format,
            text: TextOptions { config: &config },
            tei: tei_options(args, &config),
        };
        let mut outcome = Outcome::default();
        match export_tei_streamed(&text, out, &options) {
            Ok(Streamed::Written {
                documents,
                diagnostics,
            }) => {
                outcome.documents = documents;
                outcome.report(diagnostics, &file, &text, render);
                outcome.files = 1;
                return outcome;
            }
            Ok(Streamed::Refused { diagnostics }) => {
                outcome.report(diagnostics, &file, &text, render);
                return outcome;
            }
            Ok(Streamed::WholeModel) => {}
            Err(e) => {
                outcome.fail(write_failed(out, &e), render);
                return outcome;
            }
        }
    }
    if streams_site(args, input, out, &text) {
        let mut outcome = Outcome::default();
        match write_site_streamed(args, out, &text, &config, inputs) {
            Ok((
                files,
                SiteStreamed::Written {
                    documents,
                    diagnostics,
                },
            )) => {
                outcome.documents = documents;
                outcome.report(diagnostics, &file, &text, render);
                outcome.files = files;
                return outcome;
            }
            Ok((_, SiteStreamed::Refused { diagnostics })) => {
                outcome.report(diagnostics, &file, &text, render);
                return outcome;
            }
            Ok((_, SiteStreamed::WholeModel)) => {}
            Err(e) => {
                outcome.fail(write_failed(out, &e), render);
                return outcome;
            }
        }
    }
    let loaded = load_text(input, file, text, &config, None);
    let mut outcome = Outcome {
        documents: loaded.edition.documents.len(),
        ..Outcome::default()
    };
    let (edition, file, text) = (loaded.edition, loaded.file, loaded.text);
    outcome.report(loaded.diagnostics, &file, &text, render);
    if outcome.code > 0 {
        return outcome;
    }
    let mut export_warnings = Vec::new();
    let written = write(args, out, &edition, &config, &mut export_warnings, inputs);
    outcome.report(export_warnings, &file, &text, render);
    match written {
        Ok(files) => outcome.files = files,
        Err(f) => outcome.fail(f, render),
    }
    outcome
}

/// Whether a TEI input's site (a page per document) is exported a document
/// at a time, pages rendered while the file is read. Not when the output
/// folder holds files without `--force`: the whole model reports that, after
/// the input's own errors, as it always has.
fn streams_site(args: &ExportArgs, input: &Path, out: &Path, text: &str) -> bool {
    args.to == Format::Html
        && !args.single_file
        && !args.split
        && out.as_os_str() != "-"
        && input_kind(input, text) == InputKind::Tei
        && check_dir(out, args.force).is_ok()
}

/// The site of the TEI `text` written to the folder `out` a document at a
/// time: the number of files written, and what became of the export. The
/// folder is replaced atomically, and only if the site was
/// [`SiteStreamed::Written`].
fn write_site_streamed(
    args: &ExportArgs,
    out: &Path,
    text: &str,
    config: &Config,
    inputs: &[PathBuf],
) -> std::io::Result<(usize, SiteStreamed)> {
    let options = HtmlOptions {
        single_file: false,
        site_url: config.edition.site_url.as_deref(),
        authorities: Some(&config.authorities),
    };
    let mut result = None;
    let written = write_dir_atomic_with(out, existing_dir(args), inputs, |write| {
        let streamed = export_html_streamed(text, &options, &|name, bytes| write(name, bytes))?;
        let wrote = matches!(streamed, SiteStreamed::Written { .. });
        result = Some(streamed);
        if wrote {
            Ok(())
        } else {
            // The temporary folder is dropped: `out` stays as it was.
            Err(std::io::Error::other("nothing to write"))
        }
    });
    match (written, result) {
        (Ok(files), Some(streamed)) => Ok((files, streamed)),
        (Err(_), Some(streamed)) if !matches!(streamed, SiteStreamed::Written { .. }) => {
            Ok((0, streamed))
        }
        (Err(error), _) => Err(error),
        (Ok(_), None) => Err(std::io::Error::other("the export wrote nothing")),
    }
}

/// The format a TEI input is exported in a document at a time (not the
/// whole model): text, Markdown, JSON and TEI into one file (not standard
/// output, which cannot be taken back when the file turns out broken).
fn stream_format(args: &ExportArgs, input: &Path, out: &Path, text: &str) -> Option<StreamFormat> {
    if args.split || out.as_os_str() == "-" || input_kind(input, text) != InputKind::Tei {
        return None;
    }
    match args.to {
        Format::Text => Some(StreamFormat::Text),
        Format::Markdown => Some(StreamFormat::Markdown),
        Format::Json => Some(StreamFormat::Json),
        Format::Tei => Some(StreamFormat::Tei),
        _ => None,
    }
}

pub fn run(args: &ExportArgs) -> ExitCode {
    let started = Instant::now();
    remove_temporaries_on_signal();
    let Inputs {
        paths: inputs,
        many,
    } = match args.batch.expand(&args.inputs, &["xml", "txt"]) {
        Ok(inputs) => inputs,
        Err(NoInputs::Usage(message)) => return usage(&message),
        Err(NoInputs::NoneFound) => {
            return usage("no input found: the directories hold no *.xml or *.txt file");
        }
        Err(NoInputs::Unreadable(f)) => return fail(*f, args.diagnostics),
    };
    if args.batch.summary.is_some() && !many && args.output.as_os_str() == "-" {
        return usage("--summary prints on standard output: write the export with -o FILE");
    }
    let dir_like = args.to == Format::Html && !args.single_file || args.split;
    if args.output.as_os_str() == "-" && (many || dir_like) {
        return usage(
            "`-o -` (standard output) takes one input and one output file; give a directory with -o DIR",
        );
    }
    let targets: Vec<PathBuf> = if many {
        inputs
            .iter()
            .map(|i| {
                let stem = i
                    .file_stem()
                    .map_or_else(|| "edition".into(), |s| s.to_os_string());
                let name = if dir_like {
                    PathBuf::from(stem)
                } else {
                    PathBuf::from(stem).with_extension(extension(args.to))
                };
                args.output.join(name)
            })
            .collect()
    } else {
        vec![args.output.clone()]
    };
    let files = targets.iter().map(|t| Some(t.as_path()));
    if let Some(shared) = batch::shared_target(&inputs, files) {
        return usage(&format!(
            "{} and {} would both be exported to {}; rename one, or export them separately",
            shared.first.display(),
            shared.second.display(),
            shared.target.display()
        ));
    }
    if let Some(refused) = batch::overwrites_input(&inputs, targets.iter().map(PathBuf::as_path)) {
        return fail(refused, args.diagnostics);
    }
    if many && let Err(f) = prepare_dir(&args.output, args.force) {
        return fail(f, args.diagnostics);
    }
    let outcomes = report::run_batch(&inputs, args.quiet, args.diagnostics, |i, input, render| {
        export_one(input, &targets[i], args, &inputs, render)
    });
    let ending = Ending {
        command: "export",
        batch: &args.batch,
        quiet: args.quiet,
        deny_warnings: false,
        diagnostics_on_stdout: false,
    };
    ending.finish(&inputs, &outcomes, |t| {
        format!(
            "{} inputs ({} failed), {} documents, {} files written, {} warnings in {:.1} ms",
            t.inputs,
            t.failed,
            t.documents,
            t.files,
            t.warnings,
            started.elapsed().as_secs_f64() * 1000.0
        )
    })
}
