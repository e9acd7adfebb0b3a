//! `teikit detect`: which preset a source fits and why, and how the layout
//! model reads each of its lines.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::report::DiagnosticFormat;
use crate::config::Config;
use crate::pipeline::{Failure, load_config};
use crate::source::{decode, preset};

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// The plain-text source.
    pub source: PathBuf,
    /// Also print the layout model's reading of every line.
    #[arg(long)]
    pub lines: bool,
}

pub(super) fn read_text(path: &std::path::Path) -> Result<String, ExitCode> {
    let fail = |f: Failure| super::report::fail(f, DiagnosticFormat::default());
    let bytes = std::fs::read(path).map_err(|e| {
        fail(Failure {
            diagnostic: crate::diagnostic::Diagnostic::error(
                crate::source::codes::READ_FAILED,
                crate::model::Span::default(),
                format!("cannot read {}: {e}", path.display()),
            ),
            file: path.display().to_string(),
            text: String::new(),
        })
    })?;
    decode(&bytes)
        .map(std::borrow::Cow::into_owned)
        .map_err(|diagnostic| {
            fail(Failure {
                diagnostic,
                file: path.display().to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
}

pub fn run(args: &DetectArgs) -> ExitCode {
    let text = match read_text(&args.source) {
        Ok(t) => t,
        Err(code) => return code,
    };
    print!("{}", preset::report(&text));
    if args.lines {
        let fits = preset::detect(&text);
        let config = preset::preset(fits[0].name)
            .and_then(|p| preset::merged(p, None).ok())
            .or_else(|| load_config(None, &args.source).ok())
            .unwrap_or_else(Config::builtin);
        print!("{}", preset::reading_report(&text, &config));
    }
    ExitCode::SUCCESS
}
