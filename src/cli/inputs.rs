//! The flags a scheduler needs to split one batch over many processes or
//! machines without a script: more inputs from a file (`--files-from`), a
//! stable part of them (`--shard I/N`) and a mergeable summary (`--summary`).
//! Shared by `convert`, `validate` and `export`.

use std::io::Write;
use std::path::PathBuf;

use crate::batch::{self, Inputs, NoInputs};
use crate::summary::Summary;

pub use crate::batch::Shard;

/// How the batch summary is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    /// One JSON object (format `teikit-summary/1`) on standard output.
    Json,
}

/// The scheduler flags, flattened into each batch command.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BatchArgs {
    /// Read more inputs from FILE, one path a line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Process shard I of N only (1 ≤ I ≤ N): every N-th input of the
    /// expanded, ordered input list, starting at the I-th.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Print one mergeable summary of the batch on standard output: counts,
    /// per-file status, diagnostics by code.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub summary: Option<SummaryFormat>,
}

impl BatchArgs {
    /// The inputs named on the command line, then those of `--files-from`.
    pub fn inputs(&self, named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
        let mut out = named.to_vec();
        if let Some(list) = &self.files_from {
            out.extend(batch::read_files_from(list)?);
        }
        Ok(out)
    }

    /// The inputs of this run: the named ones and those of `--files-from`,
    /// folders expanded to their files with one of `extensions`, this shard's part.
    pub fn expand(&self, named: &[PathBuf], extensions: &[&str]) -> Result<Inputs, NoInputs> {
        let named = self.inputs(named).map_err(NoInputs::Usage)?;
        batch::inputs(&named, extensions, self.files_from.is_some(), self.shard)
    }

    /// This process's part of the expanded inputs.
    pub fn select<T>(&self, inputs: Vec<T>) -> Vec<T> {
        match self.shard {
            None => inputs,
            Some(shard) => shard.select(inputs),
        }
    }

    /// Prints `summary` when `--summary` asks for it.
    pub fn print_summary(&self, summary: &Summary) {
        if let Some(SummaryFormat::Json) = self.summary {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let _ = writeln!(out, "{}", summary.to_json());
        }
    }
}

/// Runs `teikit merge`: reads the `--summary json` objects of the
/// shards of one batch (files, `-` for standard input; one or more objects
/// each, one a line), prints their merge and exits with the batch's code.
pub fn merge_summaries(files: &[PathBuf]) -> std::process::ExitCode {
    use std::process::ExitCode;
    let mut merged: Option<Summary> = None;
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    for file in files {
        let text = if file.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
        } else {
            std::fs::read_to_string(file)
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
        };
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let part = Summary::from_json(line).and_then(|part| match &mut merged {
                None => {
                    merged = Some(part);
                    Ok(())
                }
                Some(m) => m.merge(part),
            });
            if let Err(message) = part {
                eprintln!("error: {}:{}: {message}", file.display(), n + 1);
                return ExitCode::from(2);
            }
        }
    }
    let Some(merged) = merged else {
        eprintln!("error: no summary to merge");
        return ExitCode::from(2);
    };
    let _ = writeln!(std::io::stdout().lock(), "{}", merged.to_json());
    ExitCode::from(merged.exit_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_from_appends_lines_skipping_blanks() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list");
        std::fs::write(&list, "a.txt\r\n\n  \nsub dir/b.txt\n").unwrap();
        let args = BatchArgs {
            files_from: Some(list),
            ..BatchArgs::default()
        };
        let got = args.inputs(&[PathBuf::from("x.txt")]).unwrap();
        let expect: Vec<PathBuf> = ["x.txt", "a.txt", "sub dir/b.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(got, expect);
        let missing = BatchArgs {
            files_from: Some(dir.path().join("none")),
            ..BatchArgs::default()
        };
        assert!(missing.inputs(&[]).unwrap_err().contains("--files-from"));
    }
}
