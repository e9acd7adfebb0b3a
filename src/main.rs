//! The `teikit` binary: a thin shell over the library's command line module.

// The RELAX NG matcher and the readers allocate many small nodes; mimalloc
// handles that pattern markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    teikit::cli::main()
}
