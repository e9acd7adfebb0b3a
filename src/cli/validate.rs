//! `teikit validate` and `teikit rules`: validate TEI files in parallel and
//! print diagnostics for a terminal, a pipeline (JSON lines) or GitHub Actions.
//!
//! Exit codes: 0 all files valid, 1 some file invalid, 2 usage or I/O error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::inputs::BatchArgs;
use super::report::{self, DiagnosticFormat, Ending};
use crate::batch::Outcome;
use crate::pipeline::expand_inputs;
use crate::validate::{self, Schema, ValidateOptions, rules};

/// How diagnostics are printed: the one format option of every command
/// (`--format` here, `--diagnostics` elsewhere; each takes the other's name).
pub type Format = DiagnosticFormat;

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
    #[arg(long, visible_alias = "diagnostics", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

const USAGE_ERROR: u8 = 2;

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
    let outcomes = report::run_batch(&files, args.quiet, args.format, |_, path, render| {
        let report = validate::validate_file(path, &options);
        let code = if report.io_error {
            USAGE_ERROR
        } else {
            u8::from(!report.is_valid())
        };
        let file = report.path.display().to_string();
        Outcome {
            code,
            printed: render(&report.diagnostics, &file, &report.text),
            diagnostics: report.diagnostics,
            ..Outcome::default()
        }
    });
    let ending = Ending {
        command: "validate",
        batch: &args.batch,
        quiet: args.quiet,
        deny_warnings: false,
        // Without --summary the diagnostics are validate's output; with it,
        // standard output holds the summary alone.
        diagnostics_on_stdout: true,
    };
    ending.finish(&files, &outcomes, |t| {
        format!(
            "{} files, {} valid, {} invalid, {} errors, {:.2}s",
            t.inputs,
            t.inputs - t.failed,
            t.failed,
            t.errors,
            started.elapsed().as_secs_f64()
        )
    })
}

/// Expands directories to their `*.xml` files (sorted); refuses an empty result.
fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if inputs.is_empty() {
        return Err("no file given; usage: teikit validate FILE.xml... [--schema S] [--rules] [--format human|json|github|short]".into());
    }
    let mut files = Vec::new();
    for input in inputs {
        let found = expand_inputs(std::slice::from_ref(input), &["xml"])
            .map_err(|f| f.diagnostic.message)?;
        if input.is_dir() && found.is_empty() {
            return Err(format!("directory {} has no XML file", input.display()));
        }
        files.extend(found);
    }
    Ok(files)
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
