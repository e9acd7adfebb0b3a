//! `teikit convert`: plain text in, TEI out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::report::{self, DiagnosticFormat};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::output::write_atomic;
use crate::source::{codes, decode, read_source};
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
fn fail(diagnostic: Diagnostic, file: &str, text: &str, format: DiagnosticFormat) -> ExitCode {
    report::print(&[diagnostic], file, text, format);
    ExitCode::from(2)
}

/// Loads the config named, or `edition.toml` beside the source, or the defaults.
pub fn load_config(
    explicit: Option<&Path>,
    source: &Path,
) -> Result<Config, (Diagnostic, String, String)> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let beside = source
                .parent()
                .unwrap_or(Path::new("."))
                .join("edition.toml");
            beside.is_file().then_some(beside)
        }
    };
    let Some(path) = path else {
        return Ok(Config::builtin());
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        (
            Diagnostic::error(
                codes::READ_FAILED,
                Span::default(),
                format!("cannot read {name}: {e}"),
            )
            .with_help("check the path and permissions"),
            name.clone(),
            String::new(),
        )
    })?;
    Config::from_toml(&text).map_err(|e| {
        let span = e
            .span()
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        (
            Diagnostic::error(
                codes::CONFIG_INVALID,
                span,
                format!("invalid edition config: {}", e.message()),
            )
            .with_help("the config keys and their types are listed in the README"),
            name.clone(),
            text.clone(),
        )
    })
}

pub fn run(args: &ConvertArgs) -> ExitCode {
    let started = Instant::now();
    let file = args.source.display().to_string();
    let config = match load_config(args.config.as_deref(), &args.source) {
        Ok(c) => c,
        Err((d, name, text)) => return fail(d, &name, &text, args.diagnostics),
    };
    let bytes = match std::fs::read(&args.source) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(
                codes::READ_FAILED,
                Span::default(),
                format!("cannot read {file}: {e}"),
            )
            .with_help("check the path and permissions");
            return fail(d, &file, "", args.diagnostics);
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(d) => {
            report::print(
                &[d],
                &file,
                &String::from_utf8_lossy(&bytes),
                args.diagnostics,
            );
            return ExitCode::from(1);
        }
    };
    let file_name = args
        .source
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let (edition, diagnostics) = read_source(text, &file_name, &config);
    report::print(&diagnostics, &file, text, args.diagnostics);
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
            return fail(d, &path, "", args.diagnostics);
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
