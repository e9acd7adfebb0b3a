//! `teikit validate` and `teikit rules`: validate TEI files in parallel and
//! print diagnostics for a terminal, a pipeline (JSON lines) or GitHub Actions.
//!
//! Exit codes: 0 all files valid, 1 some file invalid, 2 usage or I/O error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

use super::inputs::BatchArgs;
use super::report::DiagnosticFormat;
use crate::diagnostic::{Rendered, Severity};
use crate::validate::{self, FileReport, Schema, ValidateOptions, rules};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports with the source snippet.
    Human,
    /// One JSON object per line: file, line, column, code, severity, message.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::msg`).
    Github,
}

/// Validate TEI files against a RELAX NG schema and the edition rules.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// TEI files, or directories searched for `*.xml` files.
    pub files: Vec<PathBuf>,
    /// Check against this RELAX NG schema alone (its verdict is the schema's).
    #[arg(long, value_name = "SCHEMA.rng")]
    pub schema: Option<PathBuf>,
    /// Run the edition rules too (always on without --schema).
    #[arg(long)]
    pub rules: bool,
    /// Skip the Schematron rules embedded in the schema: RELAX NG alone
    /// (jing's verdict).
    #[arg(long)]
    pub no_schematron: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

const USAGE_ERROR: u8 = 2;
const INVALID: u8 = 1;

/// Runs `teikit validate`.
pub fn run(args: &ValidateArgs) -> ExitCode {
    let started = Instant::now();
    let files = match args
        .batch
        .inputs(&args.files)
        .and_then(|f| collect_files(&f))
    {
        Ok(files) => args.batch.select(files),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let loaded = match &args.schema {
        Some(path) => Schema::load(path).map(|s| (s, None)),
        None => {
            // Both shipped schemas compile at once, on two threads.
            let (tei_all, profile) = rayon::join(Schema::tei_all, Schema::profile);
            tei_all.and_then(|s| Ok((s, Some(profile?))))
        }
    };
    let (schema, profile) = match loaded {
        Ok((schema, profile)) if args.no_schematron => (
            schema.without_schematron(),
            profile.map(Schema::without_schematron),
        ),
        Ok(pair) => pair,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let options = ValidateOptions {
        schema: &schema,
        profile: profile.as_ref(),
        rules: args.rules || args.schema.is_none(),
    };
    let bar = super::report::progress(files.len(), args.quiet);
    let reports: Vec<FileReport> = files
        .par_iter()
        .map(|path| {
            let report = validate::validate_file(path, &options);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            report
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.batch.summary.is_some() {
        // Standard output holds the summary alone; the diagnostics go to standard error.
        print_reports(&mut std::io::stderr().lock(), &reports, args.format);
        let mut summary = crate::summary::Summary::new("validate");
        for r in &reports {
            let code = if r.io_error {
                USAGE_ERROR
            } else {
                u8::from(!r.is_valid())
            };
            summary.add(&r.path.display().to_string(), code, 0, &r.diagnostics);
        }
        args.batch.print_summary(&summary);
    } else {
        print_reports(&mut std::io::stdout().lock(), &reports, args.format);
    }
    if !args.quiet {
        print_summary(&reports, started);
    }
    exit_code(&reports)
}

fn exit_code(reports: &[FileReport]) -> ExitCode {
    if reports.iter().any(|r| r.io_error) {
        ExitCode::from(USAGE_ERROR)
    } else if reports.iter().any(|r| !r.is_valid()) {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Expands directories to their `*.xml` files (sorted); refuses an empty result.
fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if inputs.is_empty() {
        return Err("no file given; usage: teikit validate FILE.xml... [--schema S] [--rules] [--format human|json|github]".into());
    }
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = files.len();
            walk(input, &mut files, 0).map_err(|e| format!("{}: {e}", input.display()))?;
            if files.len() == before {
                return Err(format!("directory {} has no XML file", input.display()));
            }
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn print_reports(out: &mut dyn Write, reports: &[FileReport], format: Format) {
    for report in reports {
        match format {
            Format::Human => {
                let file = report.path.display().to_string();
                let text = super::report::render(
                    &report.diagnostics,
                    &file,
                    &report.text,
                    DiagnosticFormat::Human,
                );
                let _ = out.write_all(text.as_bytes());
            }
            Format::Json => {
                for rendered in report.rendered() {
                    let _ = writeln!(out, "{}", rendered.to_json_line());
                }
            }
            Format::Github => {
                for rendered in report.rendered() {
                    let _ = writeln!(out, "{}", github_line(&rendered));
                }
            }
        }
    }
}

/// One GitHub Actions workflow command for a diagnostic.
pub fn github_line(rendered: &Rendered) -> String {
    let command = match rendered.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "notice",
    };
    let mut message = rendered.message.clone();
    if let Some(help) = &rendered.help {
        message.push_str(&format!(" (help: {help})"));
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&rendered.file),
        rendered.line,
        rendered.column,
        rendered.end_line,
        rendered.end_column,
        escape_property(&rendered.code),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn print_summary(reports: &[FileReport], started: Instant) {
    let valid = reports.iter().filter(|r| r.is_valid()).count();
    let errors: usize = reports.iter().map(FileReport::error_count).sum();
    eprintln!(
        "{} files, {} valid, {} invalid, {} errors, {:.2}s",
        reports.len(),
        valid,
        reports.len() - valid,
        errors,
        started.elapsed().as_secs_f64()
    );
}

/// Runs `teikit rules`: every edition rule's code and description.
pub fn list_rules() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for rule in rules::REGISTRY {
        let _ = writeln!(out, "{:<40} {}", rule.code, rule.description);
    }
    ExitCode::SUCCESS
}
