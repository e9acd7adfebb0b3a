//! The binary's allocator: mimalloc, except that blocks of 32 MiB and more
//! are mapped pages of their own that grow with `mremap` on Linux. A vector
//! that doubles (the Schematron tree's node arena reaches a gigabyte on a
//! 150 MB file) is then moved by the kernel's page tables instead of being
//! copied into a fresh block while the old one is still held: no copy, no
//! second peak, and only the pages written are ever touched. (Transparent
//! huge pages for these blocks, `madvise(MADV_HUGEPAGE)`, were measured:
//! 30 times fewer page faults, but twice to five times the system time on
//! a machine whose memory is mostly page cache, as the kernel compacts
//! memory to find 2 MiB pages; see BENCHMARKS.md.)

use std::alloc::{GlobalAlloc, Layout};

/// mimalloc for small blocks, mapped pages for huge ones.
pub struct Allocator;

/// From this size on a block is mapped on its own.
#[cfg(target_os = "linux")]
const HUGE: usize = 32 << 20;

/// Whether a block of `layout` is mapped on its own (page alignment or
/// less, as `mmap` gives).
#[cfg(target_os = "linux")]
fn is_huge(size: usize, align: usize) -> bool {
    size >= HUGE && align <= 4096
}

#[cfg(target_os = "linux")]
unsafe fn map(size: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping asks nothing of its arguments.
    let pointer = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if pointer == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        pointer.cast()
    }
}

/// Asks the kernel for no transparent huge pages in this process. mimalloc
/// would otherwise back its heap with 2 MiB pages wherever the machine
/// allows them (`madvise` mode, common on servers): a 2 MiB page is faulted
/// and zeroed whole for the first byte written in it, so the streaming
/// validator's peak memory rose by a third (1 GB edition: 64 MiB, 44 MiB
/// without) and the site export zeroed about 850 MB for a 130 MB heap. No
/// workload of teikit was measured faster with them (BENCHMARKS.md). Called
/// first thing in `main`; a kernel without the call leaves things as they are.
pub fn decline_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory
    // of ours; its failure (an old kernel) is harmless and ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// SAFETY: every block is handed back to the allocator that made it: the
// size and alignment in the layout decide which, the same at allocation,
// reallocation and release.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            // SAFETY: see `map`.
            return unsafe { map(layout.size()) };
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            // SAFETY: fresh anonymous pages are zero.
            return unsafe { map(layout.size()) };
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            // SAFETY: the block was mapped by `alloc` with this size.
            unsafe { libc::munmap(pointer.cast(), layout.size()) };
            return;
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        #[cfg(target_os = "linux")]
        {
            let (was_huge, is) = (
                is_huge(layout.size(), layout.align()),
                is_huge(new_size, layout.align()),
            );
            if was_huge && is {
                // SAFETY: the block was mapped with `layout.size()` bytes.
                let moved = unsafe {
                    libc::mremap(
                        pointer.cast(),
                        layout.size(),
                        new_size,
                        libc::MREMAP_MAYMOVE,
                    )
                };
                return if moved == libc::MAP_FAILED {
                    std::ptr::null_mut()
                } else {
                    moved.cast()
                };
            }
            if was_huge || is {
                // SAFETY: `new_size` with the old alignment is a valid
                // layout (the caller's contract); the blocks do not overlap.
                unsafe {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        let kept = layout.size().min(new_size);
                        std::ptr::copy_nonoverlapping(pointer, new, kept);
                        self.dealloc(pointer, layout);
                    }
                    return new;
                }
            }
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.realloc(pointer, layout, new_size) }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Blocks keep their bytes across every kind of growth and shrinking
    /// (small to small, small to huge, huge to huge, huge to small).
    #[test]
    fn blocks_keep_their_contents_across_sizes() {
        let allocator = Allocator;
        let sizes = [1 << 10, 1 << 20, 40 << 20, 100 << 20, 33 << 20, 4 << 10];
        let layout = Layout::from_size_align(sizes[0], 8).unwrap();
        // SAFETY: every block is used within its size and released once.
        unsafe {
            let mut pointer = allocator.alloc(layout);
            let mut size = sizes[0];
            for i in 0..size {
                *pointer.add(i) = (i % 256) as u8;
            }
            for &new_size in &sizes[1..] {
                pointer =
                    allocator.realloc(pointer, Layout::from_size_align(size, 8).unwrap(), new_size);
                assert!(!pointer.is_null());
                let kept = size.min(new_size).min(4096);
                for i in 0..kept {
                    assert_eq!(*pointer.add(i), (i % 256) as u8, "{size} → {new_size}");
                }
                for i in kept..new_size.min(4096) {
                    *pointer.add(i) = (i % 256) as u8;
                }
                size = new_size;
            }
            allocator.dealloc(pointer, Layout::from_size_align(size, 8).unwrap());
            let zeroed = allocator.alloc_zeroed(Layout::from_size_align(HUGE, 8).unwrap());
            assert_eq!(*zeroed.add(HUGE - 1), 0);
            allocator.dealloc(zeroed, Layout::from_size_align(HUGE, 8).unwrap());
        }
    }
}
