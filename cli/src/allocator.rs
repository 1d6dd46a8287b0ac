//! The binary's allocator, mimalloc (`src/main.rs`), set up for a command that runs for
//! milliseconds: memory freed is kept for reuse rather than given back to the system.

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_t` (`include/mimalloc.h`, the
/// same in mimalloc 2 and 3). libmimalloc-sys names no constant for it; the test
/// `cli/tests/allocator.rs` reads mimalloc's own list of its options to check the place.
pub const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A purge delay of -1: never purge.
const NEVER: std::os::raw::c_long = -1;

/// Tells mimalloc never to give freed memory back to the system ("purge": `madvise` it away, which
/// splits the transparent huge pages it sits in and interrupts the other threads to flush their
/// TLBs, then fault it in again, zeroed, when it is reused). A command that exits within
/// milliseconds gains nothing from giving it back: on the 1,000-profile template the purges were
/// some 4 % of the run's time (criterion `template-1000-process`, issue 23). Call it first in
/// `main`, before any thread starts.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's options (a plain integer it reads when it decides to purge);
    // called before the command starts any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, NEVER) }
}
