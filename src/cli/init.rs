//! `teikit init`: writes a commented edition config with the conventions
//! detected in a source, for the editor to adjust.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::report::DiagnosticFormat;
use crate::output::write_atomic;
use crate::pipeline::write_failed;
use crate::source::preset;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The plain-text source.
    pub source: PathBuf,
    /// Where to write the config (`-` for standard output).
    #[arg(short, long, default_value = "edition.toml")]
    pub output: PathBuf,
}

pub fn run(args: &InitArgs) -> ExitCode {
    let text = match super::detect::read_text(&args.source) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let fits = preset::detect(&text);
    let name = args.source.file_name().map_or_else(
        || args.source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let config = preset::init_config(&name, &fits[0]);
    if args.output.as_os_str() == "-" {
        print!("{config}");
        return ExitCode::SUCCESS;
    }
    if args.output == args.source {
        eprintln!(
            "error: the config would overwrite the source {}",
            args.source.display()
        );
        return ExitCode::from(2);
    }
    match write_atomic(&args.output, config.as_bytes()) {
        Ok(()) => {
            eprintln!("wrote {} (preset {})", args.output.display(), fits[0].name);
            ExitCode::SUCCESS
        }
        Err(e) => super::report::fail(write_failed(&args.output, &e), DiagnosticFormat::default()),
    }
}
