//! The `teikit` binary: a thin shell over the library's command line module.

mod huge_alloc;

// The RELAX NG matcher and the readers allocate many small nodes; mimalloc
// handles that pattern markedly faster than the system allocator. Huge
// blocks are mapped on their own (see `huge_alloc`).
#[global_allocator]
static ALLOCATOR: huge_alloc::Allocator = huge_alloc::Allocator;

fn main() -> std::process::ExitCode {
    huge_alloc::decline_transparent_huge_pages();
    teikit::cli::main()
}
