//! `teikit export`: a TEI file or a plain-text source out to HTML, text, Markdown or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::convert::fail;
use super::report::{self, DiagnosticFormat};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::export::html::{HtmlOptions, export_html};
use crate::export::json::export_json;
use crate::export::markdown::export_markdown;
use crate::export::text::{TextOptions, export_text};
use crate::model::{Edition, Span};
use crate::output::write_atomic;
use crate::pipeline::{Failure, load, load_config, write_failed};
use crate::source::codes;

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
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A TEI file, or a plain-text source (converted on the fly).
    pub input: PathBuf,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: Format,
    /// Output file, or directory for HTML (`-` for standard output where the format allows).
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
    /// Write into an output directory that already holds other files.
    #[arg(long)]
    pub force: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
    /// Print no summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// An output directory must be new or empty, unless `force`.
fn prepare_dir(dir: &Path, force: bool) -> Result<(), Failure> {
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
    std::fs::create_dir_all(dir).map_err(|e| write_failed(dir, &e))
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

fn render(edition: &Edition, format: Format, config: &Config) -> String {
    let options = TextOptions { config };
    match format {
        Format::Text => export_text(edition, &options),
        Format::Markdown => export_markdown(edition, &options),
        Format::Json => export_json(edition),
        Format::Html => String::new(),
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Json => "json",
    }
}

/// Writes the export; returns how many files were written.
fn write(args: &ExportArgs, edition: &Edition, config: &Config) -> Result<usize, Failure> {
    let out = &args.output;
    if args.to == Format::Html {
        let files = export_html(
            edition,
            &HtmlOptions {
                single_file: args.single_file,
            },
        );
        if args.single_file {
            let page = files.into_iter().next().map(|(_, c)| c).unwrap_or_default();
            write_atomic(out, page.as_bytes()).map_err(|e| write_failed(out, &e))?;
            return Ok(1);
        }
        prepare_dir(out, args.force)?;
        for (name, content) in &files {
            let path = out.join(name);
            write_atomic(&path, content.as_bytes()).map_err(|e| write_failed(&path, &e))?;
        }
        return Ok(files.len());
    }
    if args.split {
        prepare_dir(out, args.force)?;
        let parts = per_document(edition);
        for (id, part) in &parts {
            let path = out.join(format!("{id}.{}", extension(args.to)));
            write_atomic(&path, render(part, args.to, config).as_bytes())
                .map_err(|e| write_failed(&path, &e))?;
        }
        return Ok(parts.len());
    }
    write_atomic(out, render(edition, args.to, config).as_bytes())
        .map_err(|e| write_failed(out, &e))?;
    Ok(1)
}

pub fn run(args: &ExportArgs) -> ExitCode {
    let started = Instant::now();
    let config = match load_config(args.config.as_deref(), &args.input) {
        Ok(c) => c,
        Err(f) => return fail(f, args.diagnostics),
    };
    let loaded = match load(&args.input, &config) {
        Ok(l) => l,
        Err(f) => return fail(f, args.diagnostics),
    };
    report::print(
        &loaded.diagnostics,
        &loaded.file,
        &loaded.text,
        args.diagnostics,
    );
    let (errors, warnings, _) = report::counts(&loaded.diagnostics);
    if errors > 0 {
        if !args.quiet {
            eprintln!("{}: {errors} errors, nothing written", loaded.file);
        }
        return ExitCode::from(1);
    }
    let files = match write(args, &loaded.edition, &config) {
        Ok(n) => n,
        Err(f) => return fail(f, args.diagnostics),
    };
    if !args.quiet {
        eprintln!(
            "{}: {} documents, {files} files written, {warnings} warnings in {:.1} ms",
            loaded.file,
            loaded.edition.documents.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    ExitCode::SUCCESS
}
