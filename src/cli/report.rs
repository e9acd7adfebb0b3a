//! Prints diagnostics: miette reports on a terminal, JSON lines for pipelines,
//! GitHub Actions workflow commands; and a batch's outcomes and progress.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;
use miette::{GraphicalReportHandler, GraphicalTheme};

use super::inputs::BatchArgs;
use crate::batch::{self, Outcome, Render, Totals};
use crate::diagnostic::{Diagnostic, IndexedSource, LineIndex, Rendered, Report, Severity};
use crate::pipeline::Failure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagnosticFormat {
    /// miette reports with a snippet of the source.
    #[default]
    Human,
    /// One JSON object per line: code, severity, message, help, file, line, column…
    Json,
    /// One line per diagnostic: file:line:col: severity\[code\]: message.
    Short,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::msg`).
    Github,
}

/// A usage error: its message on standard error, exit code 2.
pub fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// An error before any diagnostics of the input exist (I/O, config).
pub fn fail(failure: Failure, format: DiagnosticFormat) -> ExitCode {
    let code = failure.exit_code();
    print(&[failure.diagnostic], &failure.file, &failure.text, format);
    ExitCode::from(code)
}

/// Prints `diagnostics` of `file` (whose text is `text`) to standard error.
pub fn print(diagnostics: &[Diagnostic], file: &str, text: &str, format: DiagnosticFormat) {
    let rendered = render(diagnostics, file, text, format);
    let _ = std::io::stderr().lock().write_all(rendered.as_bytes());
}

/// Renders `diagnostics` of `file` as they are printed.
pub fn render(
    diagnostics: &[Diagnostic],
    file: &str,
    text: &str,
    format: DiagnosticFormat,
) -> String {
    use std::fmt::Write as _;
    if diagnostics.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(text);
    let mut out = String::new();
    match format {
        DiagnosticFormat::Json => {
            for d in diagnostics {
                let _ = writeln!(out, "{}", Rendered::new(d, file, &index).to_json_line());
            }
        }
        DiagnosticFormat::Short => {
            for d in diagnostics {
                let _ = writeln!(out, "{}", Rendered::new(d, file, &index));
            }
        }
        DiagnosticFormat::Github => {
            for d in diagnostics {
                let _ = writeln!(out, "{}", github_line(&Rendered::new(d, file, &index)));
            }
        }
        DiagnosticFormat::Human => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let theme = if colour {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
            let index = Arc::new(index);
            let source = IndexedSource::new(file, index.clone());
            for d in diagnostics {
                let report = Report::new(bounded(d, &index), source.clone());
                let mut rendered = String::new();
                if handler.render_report(&mut rendered, &report).is_ok() {
                    let _ = write!(out, "{rendered}");
                }
            }
        }
    }
    out
}

/// The renderer a batch's outcomes are printed with.
pub fn renderer(format: DiagnosticFormat) -> impl Fn(&[Diagnostic], &str, &str) -> String + Sync {
    move |diagnostics, file, text| render(diagnostics, file, text, format)
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

/// Labels drawn under snippets per diagnostic; the others are listed by place.
const MAX_DRAWN_LABELS: usize = 8;
/// Places listed in the message of a diagnostic with more labels than drawn.
const MAX_LISTED_PLACES: usize = 40;

/// `d` with at most [`MAX_DRAWN_LABELS`] labels drawn: one footnote with 8,000
/// anchors on a 32 KB line is one diagnostic of bounded size, its other
/// places named by line and column (up to [`MAX_LISTED_PLACES`], then a count).
fn bounded(d: &Diagnostic, index: &LineIndex) -> Diagnostic {
    let mut d = d.clone();
    if d.labels.len() <= MAX_DRAWN_LABELS {
        return d;
    }
    let rest = d.labels.split_off(MAX_DRAWN_LABELS);
    let places: Vec<String> = rest
        .iter()
        .take(MAX_LISTED_PLACES)
        .map(|l| {
            let (line, column) = index.position(l.span.start);
            format!("{line}:{column}")
        })
        .collect();
    let unlisted = rest.len() - places.len();
    d.message.push_str(&format!(
        " ({} more not drawn, at line:column {}{})",
        rest.len(),
        places.join(", "),
        if unlisted > 0 {
            format!(" and {unlisted} more")
        } else {
            String::new()
        }
    ));
    d
}

/// A progress bar for a batch of `len` files: only on a terminal, only for
/// more than one file, never with `--quiet`.
pub fn progress(len: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || len < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// Runs `work` over a batch (see [`batch::run`]) under a progress bar, each
/// input's diagnostics rendered in `format`.
pub fn run_batch<W>(
    inputs: &[PathBuf],
    quiet: bool,
    format: DiagnosticFormat,
    work: W,
) -> Vec<Outcome>
where
    W: Fn(usize, &Path, Render) -> Outcome + Sync,
{
    let render = renderer(format);
    let bar = progress(inputs.len(), quiet);
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let outcomes = batch::run(inputs, tick, |i, input| work(i, input, &render));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    outcomes
}

/// How a command ends its batch.
pub struct Ending<'a> {
    /// `convert`, `export` or `validate`, for the summary.
    pub command: &'static str,
    pub batch: &'a BatchArgs,
    /// No closing line.
    pub quiet: bool,
    pub deny_warnings: bool,
    /// The diagnostics are the command's output (`validate` without
    /// `--summary`): standard output, not standard error.
    pub diagnostics_on_stdout: bool,
}

impl Ending<'_> {
    /// Prints each outcome's diagnostics in the inputs' order, the closing line
    /// (unless quiet), the summary (when `--summary` asks); returns the exit code.
    pub fn finish(
        &self,
        inputs: &[PathBuf],
        outcomes: &[Outcome],
        closing: impl Fn(&Totals) -> String,
    ) -> ExitCode {
        let printed = |out: &mut dyn Write| {
            for o in outcomes {
                let _ = out.write_all(o.printed.as_bytes());
            }
        };
        if self.diagnostics_on_stdout && self.batch.summary.is_none() {
            printed(&mut std::io::stdout().lock());
        } else {
            printed(&mut std::io::stderr().lock());
        }
        if !self.quiet {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{}",
                closing(&Totals::of(outcomes))
            );
        }
        self.batch.print_summary(&batch::summary(
            self.command,
            inputs,
            outcomes,
            self.deny_warnings,
        ));
        ExitCode::from(batch::exit_code(outcomes, self.deny_warnings))
    }
}
