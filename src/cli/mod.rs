//! The command line: parses arguments, calls the library, prints.
//!
//! Exit codes follow ripgrep: 0 success, 1 the input has errors (or warnings
//! with `--deny-warnings`), 2 usage, configuration or I/O errors.

// A `Failure` is rare and carries its diagnostic by value; boxing it would
// only add noise to every call site.
#![allow(clippy::result_large_err)]

mod convert;
mod detect;
mod export;
mod init;
pub mod inputs;
pub(crate) mod report;
pub mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use report::DiagnosticFormat;

/// teikit: plain-text documentary editions to valid TEI P5; validation; export.
#[derive(Debug, Parser)]
#[command(name = "teikit", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  teikit convert tei/source.txt --config tei/edition.toml -o tei/edition.xml
  teikit convert source.txt --split out/
  teikit convert sources/ --out-dir tei/        (every *.txt, in parallel)
  teikit convert source.txt -o - --diagnostics json
  teikit export tei/edition.xml --to html -o site/
  teikit export source.txt --to text -o -
  teikit detect source.txt --lines
  teikit init source.txt -o edition.toml
  teikit validate tei/*.xml --format github
  teikit validate edition.xml --schema schemas/tei_all.rng";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert a plain-text edition into TEI P5.
    Convert(convert::ConvertArgs),
    /// Export a TEI file or a plain-text source to HTML, text, Markdown or JSON.
    Export(export::ExportArgs),
    /// Say which preset of conventions a source fits, and why.
    Detect(detect::DetectArgs),
    /// Write a commented edition config with the conventions detected in a source.
    Init(init::InitArgs),
    /// Validate TEI files against RELAX NG and the edition rules.
    Validate(validate::ValidateArgs),
    /// List the edition rules with their codes.
    Rules,
    /// List every diagnostic code with its severity and meaning.
    Codes,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from the command definitions.
    Man,
    /// Merge the `--summary json` objects of the shards of a batch into one;
    /// exit with the batch's code.
    Merge {
        /// Files holding summaries, one a line (`-` or none: standard input).
        files: Vec<std::path::PathBuf>,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Convert(args) => convert::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Detect(args) => detect::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Rules => validate::list_rules(),
        Command::Merge { files } => inputs::merge_summaries(&files),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "teikit", &mut out);
            print_stdout(&out)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            if clap_mangen::Man::new(cmd).render(&mut out).is_err() {
                return ExitCode::from(2);
            }
            print_stdout(&out)
        }
        Command::Codes => print_stdout(crate::codes::listing().as_bytes()),
    }
}

/// Writes to standard output; a reader that went away (`| head`) ends the
/// command quietly, never with a panic.
fn print_stdout(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(bytes).and_then(|()| lock.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => ExitCode::from(2),
        _ => ExitCode::SUCCESS,
    }
}
