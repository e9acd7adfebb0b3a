//! The flags a scheduler needs to split one batch over many processes or
//! machines without a script: more inputs from a file (`--files-from`), a
//! stable part of them (`--shard I/N`) and a mergeable summary (`--summary`).
//! Shared by `convert`, `validate` and `export`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::str::FromStr;

use crate::summary::Summary;

/// Shard `index` of `count` (1 ≤ index ≤ count): the inputs at positions
/// index-1, index-1+count, … of the expanded, ordered input list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

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
        let Some(list) = &self.files_from else {
            return Ok(out);
        };
        let read = |reader: &mut dyn BufRead| -> std::io::Result<Vec<PathBuf>> {
            let mut paths = Vec::new();
            for line in reader.lines() {
                let line = line?;
                let line = line.trim_end_matches('\r');
                if !line.trim().is_empty() {
                    paths.push(PathBuf::from(line));
                }
            }
            Ok(paths)
        };
        let listed = if list.as_os_str() == "-" {
            read(&mut std::io::stdin().lock())
        } else {
            std::fs::File::open(list).and_then(|f| read(&mut std::io::BufReader::new(f)))
        }
        .map_err(|e| format!("cannot read --files-from {}: {e}", list.display()))?;
        out.extend(listed);
        Ok(out)
    }

    /// Whether the inputs form a batch whatever their number (a shard of one
    /// file is still part of a batch: it goes to the batch's output directory).
    pub fn is_batch(&self) -> bool {
        self.files_from.is_some() || self.shard.is_some()
    }

    /// This process's part of the expanded inputs.
    pub fn select<T>(&self, inputs: Vec<T>) -> Vec<T> {
        match self.shard {
            None => inputs,
            Some(Shard { index, count }) => inputs
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % count == index - 1)
                .map(|(_, x)| x)
                .collect(),
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

    fn check_shard(text: &str, expect: Result<(usize, usize), ()>) {
        let got = text
            .parse::<Shard>()
            .map(|s| (s.index, s.count))
            .map_err(|_| ());
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn parses_shards() {
        check_shard("1/1", Ok((1, 1)));
        check_shard("3/8", Ok((3, 8)));
        check_shard(" 2 / 4", Ok((2, 4)));
        check_shard("0/4", Err(()));
        check_shard("5/4", Err(()));
        check_shard("1/0", Err(()));
        check_shard("2", Err(()));
        check_shard("a/b", Err(()));
    }

    #[test]
    fn shards_cover_every_input_once() {
        for count in 1..=7 {
            let mut seen = Vec::new();
            for index in 1..=count {
                let args = BatchArgs {
                    shard: Some(Shard { index, count }),
                    ..BatchArgs::default()
                };
                seen.extend(args.select((0..20).collect()));
            }
            seen.sort();
            assert_eq!(seen, (0..20).collect::<Vec<_>>(), "N = {count}");
        }
    }

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
