//! The command line: parses arguments, calls the library, prints.

pub mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "teikit",
    version,
    about = "Plain-text documentary editions to TEI, validation and export"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate TEI files (RELAX NG and edition rules).
    Validate(validate::ValidateArgs),
    /// List the edition rules with their codes.
    Rules,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Rules => validate::list_rules(),
    }
}
