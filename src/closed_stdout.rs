//! Whether the process started with standard output closed (`deals list >&-`).
//!
//! Part of the binary, not the library: the check runs from the ELF
//! constructor list, and a constructor in a library object that nothing
//! else references could be left out by the linker.

/// Rust's runtime reopens a closed standard descriptor on /dev/null before
/// `main` runs, so by then every write would succeed and the output vanish
/// with exit code 0. This check runs earlier, from the ELF constructor
/// list, and sees descriptor 1 as the parent left it.
#[cfg(target_os = "linux")]
pub fn at_start() -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn check_stdout() {
        // SAFETY: F_GETFD only asks whether descriptor 1 is open; it
        // changes nothing and touches no memory.
        let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK_STDOUT: extern "C" fn() = check_stdout;

    CLOSED.load(Ordering::Relaxed)
}

/// Elsewhere the runtime's reopening cannot be seen past; assume open.
#[cfg(not(target_os = "linux"))]
pub fn at_start() -> bool {
    false
}
