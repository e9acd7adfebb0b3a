//! The `teikit` binary: a thin shell over the library's command line module.

fn main() -> std::process::ExitCode {
    teikit::cli::main()
}
