//! One batch of inputs, the same for `convert`, `export` and `validate`: which
//! inputs a run covers (named, `--files-from`, `--shard`), what became of each
//! (its [`Outcome`]), the run over them in parallel, the totals, the summary
//! and the exit code. Nothing here prints: the CLI renders each outcome's
//! diagnostics (through the [`Render`] it passes in) and the closing line.
//!
//! Exit codes follow ripgrep: 0 success, 1 the input has errors (or warnings
//! with `--deny-warnings`), 2 usage, configuration or I/O errors; the batch's
//! code is the worst of its inputs'.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::output::input_overwritten_by;
use crate::pipeline::{Failure, expand_inputs, output_is_input};
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

impl Shard {
    /// This shard's part of the expanded inputs.
    pub fn select<T>(self, inputs: Vec<T>) -> Vec<T> {
        inputs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, x)| x)
            .collect()
    }
}

/// The paths listed in `list` (`-`: standard input), one a line; blank lines
/// are skipped and a Windows line end is not part of the path.
pub fn read_files_from(list: &Path) -> Result<Vec<PathBuf>, String> {
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
    if list.as_os_str() == "-" {
        read(&mut std::io::stdin().lock())
    } else {
        std::fs::File::open(list).and_then(|f| read(&mut std::io::BufReader::new(f)))
    }
    .map_err(|e| format!("cannot read --files-from {}: {e}", list.display()))
}

/// Why a batch has no inputs to run.
#[derive(Debug)]
pub enum NoInputs {
    /// A usage error (`--files-from` unreadable), its message.
    Usage(String),
    /// The named folders hold no file with one of the extensions.
    NoneFound,
    /// An input folder could not be walked.
    Unreadable(Box<Failure>),
}

/// The inputs of one run: the named paths with the folders among them
/// expanded to their files with one of `extensions`, then this shard's part.
#[derive(Debug)]
pub struct Inputs {
    pub paths: Vec<PathBuf>,
    /// The run is a batch whatever the number of its inputs (several inputs,
    /// a folder, `--files-from` or `--shard`): it writes into a directory.
    pub many: bool,
}

/// Expands `named` (the command line's paths, then those of `--files-from`:
/// `listed`) and keeps `shard`'s part.
pub fn inputs(
    named: &[PathBuf],
    extensions: &[&str],
    listed: bool,
    shard: Option<Shard>,
) -> Result<Inputs, NoInputs> {
    let paths = expand_inputs(named, extensions).map_err(|f| NoInputs::Unreadable(Box::new(f)))?;
    let many = paths.len() > 1 || named.iter().any(|p| p.is_dir()) || listed || shard.is_some();
    if paths.is_empty() {
        return Err(NoInputs::NoneFound);
    }
    let paths = match shard {
        Some(shard) => shard.select(paths),
        None => paths,
    };
    Ok(Inputs { paths, many })
}

/// Two inputs of a batch that would write one output file (`a/x.txt b/x.txt
/// --out-dir o`): the first, the second and the file.
#[derive(Debug, PartialEq, Eq)]
pub struct SharedTarget<'a> {
    pub first: &'a Path,
    pub second: &'a Path,
    pub target: &'a Path,
}

/// The first two inputs whose `targets` (one each, in order; `None` or `-`:
/// nothing written to a file) are one file, compared without case (a
/// case-insensitive file system would write them over each other).
pub fn shared_target<'a>(
    inputs: &'a [PathBuf],
    targets: impl IntoIterator<Item = Option<&'a Path>>,
) -> Option<SharedTarget<'a>> {
    let mut seen: std::collections::BTreeMap<String, &Path> = Default::default();
    for (input, target) in inputs.iter().zip(targets) {
        let Some(target) = target.filter(|t| t.as_os_str() != "-") else {
            continue;
        };
        let key = target.to_string_lossy().to_lowercase();
        if let Some(first) = seen.insert(key, input) {
            return Some(SharedTarget {
                first,
                second: input,
                target,
            });
        }
    }
    None
}

/// The refusal to write any of `targets` over one of `inputs` (by path,
/// symbolic or hard link).
pub fn overwrites_input<'a>(
    inputs: &[PathBuf],
    targets: impl IntoIterator<Item = &'a Path>,
) -> Option<Failure> {
    targets.into_iter().find_map(|target| {
        input_overwritten_by(inputs, target).map(|input| output_is_input(target, input))
    })
}

/// Renders diagnostics of one text (`file`, `text`) as the command prints them.
pub type Render<'a> = &'a (dyn Fn(&[Diagnostic], &str, &str) -> String + Sync);

/// What became of one input.
#[derive(Debug, Default)]
pub struct Outcome {
    /// 0 done, 1 the input has errors, 2 I/O or config errors.
    pub code: u8,
    /// Documents the input held.
    pub documents: usize,
    /// Files written for it.
    pub files: usize,
    /// Every diagnostic raised, for the summary.
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics as printed, rendered while their text was at hand (a
    /// batch keeps no input's text to the end).
    pub printed: String,
}

impl Outcome {
    /// An input that failed before its diagnostics existed (I/O, config).
    pub fn failed(failure: Failure, render: Render) -> Outcome {
        let mut outcome = Outcome::default();
        outcome.fail(failure, render);
        outcome
    }

    /// Adds `diagnostics` about `text` (of `file`); an error makes the input invalid.
    pub fn report(&mut self, diagnostics: Vec<Diagnostic>, file: &str, text: &str, render: Render) {
        self.printed.push_str(&render(&diagnostics, file, text));
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.code = self.code.max(1);
        }
        self.diagnostics.extend(diagnostics);
    }

    /// Adds a failure (I/O, a write, an export that did not compile).
    pub fn fail(&mut self, failure: Failure, render: Render) {
        self.code = self.code.max(failure.exit_code());
        self.printed.push_str(&render(
            std::slice::from_ref(&failure.diagnostic),
            &failure.file,
            &failure.text,
        ));
        self.diagnostics.push(failure.diagnostic);
    }

    /// How many diagnostics of `severity` the input raised.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The input's exit code: with `deny_warnings` a warning makes it invalid.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        let denied = deny_warnings && self.count(Severity::Warning) > 0;
        self.code.max(u8::from(denied))
    }
}

/// Runs `work` on every input (its position and path) in parallel, calling
/// `done` after each (a progress bar's tick); the results keep the inputs' order.
pub fn run<R, W, D>(inputs: &[PathBuf], done: D, work: W) -> Vec<R>
where
    R: Send,
    W: Fn(usize, &Path) -> R + Sync,
    D: Fn() + Sync,
{
    inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let result = work(i, input);
            done();
            result
        })
        .collect()
}

/// The totals of a batch, for its closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub inputs: usize,
    /// Inputs whose exit code is not 0.
    pub failed: usize,
    pub documents: usize,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Totals {
    /// `failed` counts the inputs that failed on their own (`--deny-warnings`
    /// is left to the summary and the exit code).
    pub fn of(outcomes: &[Outcome]) -> Totals {
        let sum = |f: &dyn Fn(&Outcome) -> usize| outcomes.iter().map(f).sum::<usize>();
        Totals {
            inputs: outcomes.len(),
            failed: sum(&|o| usize::from(o.code != 0)),
            documents: sum(&|o| o.documents),
            files: sum(&|o| o.files),
            errors: sum(&|o| o.count(Severity::Error)),
            warnings: sum(&|o| o.count(Severity::Warning)),
        }
    }
}

/// The mergeable summary of `command`'s batch (`inputs` and their outcomes, in order).
pub fn summary(
    command: &str,
    inputs: &[PathBuf],
    outcomes: &[Outcome],
    deny_warnings: bool,
) -> Summary {
    let mut summary = Summary::new(command);
    for (input, o) in inputs.iter().zip(outcomes) {
        summary.add(
            &input.display().to_string(),
            o.exit_code(deny_warnings),
            o.documents,
            &o.diagnostics,
        );
    }
    summary
}

/// The batch's exit code: the worst of its inputs'.
pub fn exit_code(outcomes: &[Outcome], deny_warnings: bool) -> u8 {
    outcomes
        .iter()
        .map(|o| o.exit_code(deny_warnings))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::source::codes;

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
                seen.extend(Shard { index, count }.select((0..20).collect()));
            }
            seen.sort();
            assert_eq!(seen, (0..20).collect::<Vec<_>>(), "N = {count}");
        }
    }

    fn check_shared(targets: &[Option<&str>], expect: Option<(&str, &str, &str)>) {
        let inputs: Vec<PathBuf> = (0..targets.len())
            .map(|i| PathBuf::from(format!("in{i}")))
            .collect();
        let got = shared_target(&inputs, targets.iter().map(|t| t.map(Path::new)));
        let got = got.map(|s| {
            (
                s.first.to_string_lossy().into_owned(),
                s.second.to_string_lossy().into_owned(),
                s.target.to_string_lossy().into_owned(),
            )
        });
        let expect = expect.map(|(a, b, t)| (a.to_string(), b.to_string(), t.to_string()));
        assert_eq!(got, expect, "{targets:?}");
    }

    #[test]
    fn two_inputs_writing_one_file_are_named() {
        check_shared(&[Some("o/a.xml"), Some("o/b.xml")], None);
        check_shared(
            &[Some("o/a.xml"), Some("o/b.xml"), Some("o/A.xml")],
            Some(("in0", "in2", "o/A.xml")),
        );
        check_shared(&[Some("-"), Some("-")], None);
        check_shared(&[None, None], None);
    }

    #[test]
    fn files_from_lists_lines_skipping_blanks() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list");
        std::fs::write(&list, "a.txt\r\n\n  \nsub dir/b.txt\n").unwrap();
        let expect: Vec<PathBuf> = ["a.txt", "sub dir/b.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(read_files_from(&list).unwrap(), expect);
        let missing = read_files_from(&dir.path().join("none")).unwrap_err();
        assert!(missing.contains("--files-from"), "{missing}");
    }

    /// An outcome with diagnostics of these severities, after a failure when `io`.
    fn outcome(severities: &[Severity], io: bool) -> Outcome {
        let render: Render = &|d, _, _| format!("{} printed\n", d.len());
        let mut o = Outcome::default();
        let diagnostics = severities
            .iter()
            // Any registered code: only the severity counts here.
            .map(|s| Diagnostic::new(codes::UNKNOWN_LINE, *s, Span::default(), "m"))
            .collect();
        o.report(diagnostics, "f", "", render);
        if io {
            let full = std::io::Error::other("disk full");
            o.fail(crate::pipeline::write_failed(Path::new("f"), &full), render);
        }
        o
    }

    fn check_codes(severities: &[Severity], io: bool, deny: bool, expect: u8) {
        let o = outcome(severities, io);
        assert_eq!(
            o.exit_code(deny),
            expect,
            "{severities:?} io={io} deny={deny}"
        );
    }

    #[test]
    fn an_input_exits_with_its_worst_finding() {
        use Severity::*;
        check_codes(&[], false, false, 0);
        check_codes(&[Advice, Warning], false, false, 0);
        check_codes(&[Advice, Warning], false, true, 1);
        check_codes(&[Advice], false, true, 0);
        check_codes(&[Error], false, false, 1);
        check_codes(&[Warning], true, true, 2);
        check_codes(&[], true, false, 2);
    }

    #[test]
    fn totals_summary_and_exit_code_follow_the_outcomes() {
        use Severity::*;
        let outcomes = vec![
            outcome(&[Warning], false),
            outcome(&[Error, Warning], false),
            outcome(&[], false),
        ];
        let totals = Totals::of(&outcomes);
        assert_eq!(
            (totals.inputs, totals.failed, totals.errors, totals.warnings),
            (3, 1, 1, 2)
        );
        assert_eq!(exit_code(&outcomes, false), 1);
        assert_eq!(exit_code(&outcomes[..1], true), 1);
        assert_eq!(exit_code(&outcomes[2..], true), 0);
        assert_eq!(exit_code(&[], false), 0);
        assert_eq!(outcomes[1].printed, "2 printed\n");
        let inputs: Vec<PathBuf> = ["b", "a", "c"].iter().map(PathBuf::from).collect();
        let s = summary("convert", &inputs, &outcomes, true);
        assert_eq!((s.inputs, s.failed, s.exit_code), (3, 2, 1));
        assert_eq!(s.files[0].path, "a");
    }
}
