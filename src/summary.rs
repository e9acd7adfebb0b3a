//! A batch's outcome as one JSON object that merges: counts, per-file status
//! and diagnostics by code. The summaries of the shards of a batch merge into
//! the summary of the whole batch, so a scheduler (GNU parallel, a Slurm
//! array, a CI matrix, a Dask cluster) needs no script to put them together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

/// The format tag of a summary object; a reader refuses another one.
pub const FORMAT: &str = "teikit-summary/1";

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted, exported or valid (warnings allowed).
    Ok,
    /// The input has errors (or warnings with `--deny-warnings`).
    Invalid,
    /// An I/O, configuration or usage error: no verdict on the input.
    Failed,
}

impl Status {
    /// The status of an input that ended with the command's exit `code`.
    pub fn from_exit_code(code: u8) -> Status {
        match code {
            0 => Status::Ok,
            1 => Status::Invalid,
            _ => Status::Failed,
        }
    }
}

/// One input's line in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStatus {
    pub path: String,
    pub status: Status,
    pub exit_code: u8,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

/// The summary of a batch (or of a shard of it, or of one file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Always [`FORMAT`].
    pub format: String,
    /// `convert`, `validate` or `export`.
    pub command: String,
    pub inputs: usize,
    /// Inputs whose status is not `ok`.
    pub failed: usize,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
    /// The batch's exit code: the worst of its files' (0 for no file).
    pub exit_code: u8,
    /// How often each diagnostic code was raised.
    pub codes: BTreeMap<String, usize>,
    /// Every input, sorted by path.
    pub files: Vec<FileStatus>,
}

impl Summary {
    /// The summary of no input yet.
    pub fn new(command: &str) -> Summary {
        Summary {
            format: FORMAT.to_string(),
            command: command.to_string(),
            inputs: 0,
            failed: 0,
            documents: 0,
            errors: 0,
            warnings: 0,
            advice: 0,
            exit_code: 0,
            codes: BTreeMap::new(),
            files: Vec::new(),
        }
    }

    /// Adds one input that ended with `exit_code`, held `documents` documents
    /// and raised `diagnostics`.
    pub fn add(&mut self, path: &str, exit_code: u8, documents: usize, diagnostics: &[Diagnostic]) {
        let of = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        let file = FileStatus {
            path: path.to_string(),
            status: Status::from_exit_code(exit_code),
            exit_code,
            documents,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            advice: of(Severity::Advice),
        };
        for d in diagnostics {
            *self.codes.entry(d.code.to_string()).or_default() += 1;
        }
        self.push(file);
    }

    fn push(&mut self, file: FileStatus) {
        self.inputs += 1;
        self.failed += usize::from(file.status != Status::Ok);
        self.documents += file.documents;
        self.errors += file.errors;
        self.warnings += file.warnings;
        self.advice += file.advice;
        self.exit_code = self.exit_code.max(file.exit_code);
        let at = self.files.partition_point(|f| f.path <= file.path);
        self.files.insert(at, file);
    }

    /// Adds the inputs of `other`, the summary of another shard of the same command.
    pub fn merge(&mut self, other: Summary) -> Result<(), String> {
        if other.format != FORMAT {
            return Err(format!(
                "not a teikit summary: format `{}`, expected `{FORMAT}`",
                other.format
            ));
        }
        if other.command != self.command {
            return Err(format!(
                "cannot merge a `{}` summary into a `{}` summary",
                other.command, self.command
            ));
        }
        for (code, n) in other.codes {
            *self.codes.entry(code).or_default() += n;
        }
        for file in other.files {
            self.push(file);
        }
        Ok(())
    }

    /// Reads a summary from its JSON text.
    pub fn from_json(text: &str) -> Result<Summary, String> {
        let summary: Summary =
            serde_json::from_str(text).map_err(|e| format!("not a teikit summary: {e}"))?;
        if summary.format != FORMAT {
            return Err(format!(
                "not a teikit summary: format `{}`, expected `{FORMAT}`",
                summary.format
            ));
        }
        Ok(summary)
    }

    /// One JSON object on one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// A file's path, exit code and the codes and severities of its diagnostics.
    type Case<'a> = (&'a str, u8, &'a [(&'static str, Severity)]);

    fn diagnostics(spec: &[(&'static str, Severity)]) -> Vec<Diagnostic> {
        spec.iter()
            .map(|(code, s)| Diagnostic::new(code, *s, Span::default(), "m"))
            .collect()
    }

    fn check(files: &[Case], split: usize) {
        let mut whole = Summary::new("convert");
        for (path, code, ds) in files {
            whole.add(path, *code, 1, &diagnostics(ds));
        }
        let mut merged = Summary::new("convert");
        for chunk in files.chunks(split) {
            let mut part = Summary::new("convert");
            for (path, code, ds) in chunk.iter().rev() {
                part.add(path, *code, 1, &diagnostics(ds));
            }
            let json = part.to_json();
            merged.merge(Summary::from_json(&json).unwrap()).unwrap();
        }
        assert_eq!(merged, whole);
        assert_eq!(merged.to_json(), whole.to_json());
    }

    #[test]
    fn shards_merge_into_the_whole() {
        use Severity::*;
        let files: &[Case] = &[
            ("b.txt", 0, &[("teikit::a", Warning)]),
            ("a.txt", 1, &[("teikit::a", Error), ("teikit::b", Advice)]),
            ("c.txt", 2, &[("teikit::io", Error)]),
            ("d.txt", 0, &[]),
        ];
        for split in 1..=4 {
            check(files, split);
        }
    }

    #[test]
    fn counts_and_status_follow_the_files() {
        use Severity::*;
        let mut s = Summary::new("validate");
        s.add(
            "x.xml",
            1,
            0,
            &diagnostics(&[("teikit::r", Error), ("teikit::r", Error)]),
        );
        s.add("y.xml", 0, 0, &diagnostics(&[("teikit::w", Warning)]));
        assert_eq!((s.inputs, s.failed, s.errors, s.warnings), (2, 1, 2, 1));
        assert_eq!(s.exit_code, 1);
        assert_eq!(s.codes["teikit::r"], 2);
        assert_eq!(s.files[0].status, Status::Invalid);
        assert_eq!(s.files[1].status, Status::Ok);
    }

    #[test]
    fn refuses_another_command_or_format() {
        let mut s = Summary::new("convert");
        assert!(s.merge(Summary::new("validate")).is_err());
        assert!(Summary::from_json(r#"{"format":"x"}"#).is_err());
        let mut other = Summary::new("convert");
        other.format = "other/1".into();
        assert!(s.merge(other).is_err());
    }
}
