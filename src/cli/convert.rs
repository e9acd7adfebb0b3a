//! `teikit convert`: plain text in, TEI out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::report::{self, DiagnosticFormat};
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::output::write_atomic;
use crate::pipeline::{Failure, InputKind, load_as, load_config};
use crate::source::codes;
use crate::tei::write::{TeiOptions, write_document_tei, write_tei};

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The plain-text source of the edition.
    pub source: PathBuf,
    /// Where to write the TEI file (`-` for standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// The edition config (TOML); default: edition.toml beside the source, if any.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Write one TEI file per document into this directory instead.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub split: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print no summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// An error before any diagnostics of the source exist (I/O, config).
pub(super) fn fail(failure: Failure, format: DiagnosticFormat) -> ExitCode {
    let code = failure.exit_code();
    report::print(&[failure.diagnostic], &failure.file, &failure.text, format);
    ExitCode::from(code)
}

pub fn run(args: &ConvertArgs) -> ExitCode {
    let started = Instant::now();
    let file = args.source.display().to_string();
    let config = match load_config(args.config.as_deref(), &args.source) {
        Ok(c) => c,
        Err(f) => return fail(f, args.diagnostics),
    };
    let loaded = match load_as(&args.source, &config, Some(InputKind::Source)) {
        Ok(l) => l,
        Err(f) => return fail(f, args.diagnostics),
    };
    let (edition, diagnostics) = (loaded.edition, loaded.diagnostics);
    report::print(&diagnostics, &file, &loaded.text, args.diagnostics);
    let (errors, warnings, advice) = report::counts(&diagnostics);
    if errors > 0 {
        if !args.quiet {
            eprintln!("{file}: {errors} errors, nothing written");
        }
        return ExitCode::from(1);
    }
    let options = TeiOptions::default();
    let written = match &args.split {
        Some(dir) => write_split(&edition, dir, &options),
        None => write_atomic(&args.output, write_tei(&edition, &options).as_bytes())
            .map(|_| 1)
            .map_err(|e| (args.output.display().to_string(), e)),
    };
    let files = match written {
        Ok(n) => n,
        Err((path, e)) => {
            let d = Diagnostic::error(
                codes::WRITE_FAILED,
                Span::default(),
                format!("cannot write {path}: {e}"),
            )
            .with_help("nothing was written; an existing file at that path is unchanged");
            return fail(
                Failure {
                    diagnostic: d,
                    file: path,
                    text: String::new(),
                },
                args.diagnostics,
            );
        }
    };
    if !args.quiet {
        eprintln!(
            "{file}: {} documents, {files} files written, {errors} errors, {warnings} warnings, {advice} advice in {:.1} ms",
            edition.documents.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    if args.deny_warnings && warnings > 0 {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn write_split(
    edition: &crate::model::Edition,
    dir: &Path,
    options: &TeiOptions,
) -> Result<usize, (String, std::io::Error)> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.display().to_string(), e))?;
    for (i, doc) in edition.documents.iter().enumerate() {
        let path = dir.join(format!("{}.xml", doc.id));
        write_atomic(&path, write_document_tei(edition, i, options).as_bytes())
            .map_err(|e| (path.display().to_string(), e))?;
    }
    Ok(edition.documents.len())
}
