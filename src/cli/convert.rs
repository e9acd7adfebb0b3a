//! `teikit convert`: plain text in, TEI out — one source, or many in parallel.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::inputs::BatchArgs;
use super::report::{self, DiagnosticFormat, Ending, fail, usage};
use crate::batch::{self, Inputs, NoInputs, Outcome, Render};
use crate::model::Edition;
use crate::output::{
    ExistingDir, remove_temporaries_on_signal, unique_file_stems, write_atomic, write_dir_atomic,
};
use crate::pipeline::{Failure, InputKind, load_with_preset, write_failed};
use crate::tei::write::{TeiOptions, write_document_tei, write_tei};

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Plain-text sources, or directories of them (*.txt).
    #[arg(required_unless_present = "files_from", value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// Where to write the TEI file of a single source (`-` for standard output).
    #[arg(short, long, conflicts_with_all = ["out_dir", "split"])]
    pub output: Option<PathBuf>,
    /// Write the TEI of each source into this directory (`NAME.txt` → `NAME.xml`).
    #[arg(long, value_name = "DIR", conflicts_with = "split")]
    pub out_dir: Option<PathBuf>,
    /// The edition config (TOML); default: edition.toml beside each source, if any.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The conventions to read with: `auto` (the built-in preset the source fits
    /// best, when no config file applies), `none` (the defaults), or a preset
    /// name (see `teikit detect`); a config file is merged over a named preset.
    #[arg(long, default_value = "auto", value_name = "NAME|auto")]
    pub preset: String,
    /// Write one TEI file per document of a single source into this directory.
    #[arg(long, value_name = "DIR")]
    pub split: Option<PathBuf>,
    /// Do not declare teikit's edition profile (`<?xml-model?>`) in the output.
    #[arg(long)]
    pub no_xml_model: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Where one source's TEI goes.
enum Target {
    File(PathBuf),
    Split(PathBuf),
}

/// One file per document, named by its id made safe and unique, all moved
/// into `dir` only once every one is written.
fn write_split(
    edition: &Edition,
    dir: &Path,
    options: &TeiOptions,
    inputs: &[PathBuf],
) -> Result<(), Failure> {
    let stems = unique_file_stems(edition.documents.iter().map(|d| d.id.as_str()), "document");
    let files: Vec<(String, Vec<u8>)> = stems
        .iter()
        .enumerate()
        .map(|(i, stem)| {
            let tei = write_document_tei(edition, i, options);
            (format!("{stem}.xml"), tei.into_bytes())
        })
        .collect();
    write_dir_atomic(dir, &files, ExistingDir::Merge, inputs).map_err(|e| write_failed(dir, &e))
}

fn convert_one(
    source: &Path,
    target: &Target,
    args: &ConvertArgs,
    inputs: &[PathBuf],
    render: Render,
) -> Outcome {
    let (config, loaded) = match load_with_preset(
        source,
        args.config.as_deref(),
        &args.preset,
        Some(InputKind::Source),
    ) {
        Ok(pair) => pair,
        Err(f) => return Outcome::failed(f, render),
    };
    let mut outcome = Outcome {
        documents: loaded.edition.documents.len(),
        ..Outcome::default()
    };
    outcome.report(loaded.diagnostics, &loaded.file, &loaded.text, render);
    if outcome.code > 0 {
        return outcome;
    }
    let mut options = if args.no_xml_model {
        TeiOptions::default()
    } else {
        TeiOptions::edition()
    };
    options.authorities = config.authorities.clone();
    let written = match target {
        Target::Split(dir) => write_split(&loaded.edition, dir, &options, inputs),
        Target::File(path) => write_atomic(path, write_tei(&loaded.edition, &options).as_bytes())
            .map_err(|e| write_failed(path, &e)),
    };
    if let Err(f) = written {
        outcome.fail(f, render);
    }
    outcome
}

/// Where each source's TEI goes.
fn targets(sources: &[PathBuf], args: &ConvertArgs) -> Vec<Target> {
    sources
        .iter()
        .map(|s| match (&args.split, &args.out_dir) {
            (Some(dir), _) => Target::Split(dir.clone()),
            (None, Some(dir)) => Target::File(crate::api::out_dir_target(dir, s)),
            (None, None) => Target::File(args.output.clone().unwrap_or_else(|| PathBuf::from("-"))),
        })
        .collect()
}

pub fn run(args: &ConvertArgs) -> ExitCode {
    let started = Instant::now();
    remove_temporaries_on_signal();
    let Inputs {
        paths: sources,
        many,
    } = match args.batch.expand(&args.sources, &["txt"]) {
        Ok(inputs) => inputs,
        Err(NoInputs::Usage(message)) => return usage(&message),
        Err(NoInputs::NoneFound) => {
            return usage("no source found: the directories hold no *.txt file");
        }
        Err(NoInputs::Unreadable(f)) => return fail(*f, args.diagnostics),
    };
    if args.batch.summary.is_some() && !many && args.out_dir.is_none() && args.split.is_none() {
        let to_stdout = args.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
        if to_stdout {
            return usage("--summary prints on standard output: write the TEI with -o FILE");
        }
    }
    if many && args.out_dir.is_none() {
        return usage("several sources need --out-dir DIR");
    }
    if many && args.split.is_some() {
        return usage("--split takes a single source");
    }
    for dir in [&args.out_dir, &args.split].into_iter().flatten() {
        if dir.as_os_str() == "-" {
            return usage("a directory output cannot be `-` (standard output)");
        }
    }
    let targets = targets(&sources, args);
    let files = targets.iter().map(|t| match t {
        Target::File(path) => Some(path.as_path()),
        Target::Split(_) => None,
    });
    if let Some(shared) = batch::shared_target(&sources, files) {
        return usage(&format!(
            "{} and {} would both be written to {}; rename one, or convert them into separate directories",
            shared.first.display(),
            shared.second.display(),
            shared.target.display()
        ));
    }
    let paths = targets.iter().map(|t| match t {
        Target::File(path) | Target::Split(path) => path.as_path(),
    });
    if let Some(refused) = batch::overwrites_input(&sources, paths) {
        return fail(refused, args.diagnostics);
    }
    if let Some(dir) = &args.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return fail(write_failed(dir, &e), args.diagnostics);
    }
    let outcomes = report::run_batch(
        &sources,
        args.quiet,
        args.diagnostics,
        |i, source, render| convert_one(source, &targets[i], args, &sources, render),
    );
    let ending = Ending {
        command: "convert",
        batch: &args.batch,
        quiet: args.quiet,
        deny_warnings: args.deny_warnings,
        diagnostics_on_stdout: false,
    };
    ending.finish(&sources, &outcomes, |t| {
        format!(
            "{} files ({} failed), {} documents, {} errors, {} warnings in {:.1} ms",
            t.inputs,
            t.failed,
            t.documents,
            t.errors,
            t.warnings,
            started.elapsed().as_secs_f64() * 1000.0
        )
    })
}
