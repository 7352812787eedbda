//! `buildcert` — the binary: a thin entry over the library (src/lib.rs).
//!
//! Exit status: 0 every input valid or warning; 1 any invalid; 2 any input
//! could not be read, or wrong arguments; 3 any unverified (a QR code that is
//! not BC1) and none of the above.

use buildcert_cli::{is_closed_stdout, run};

fn main() {
    // `buildcert … | head`: once the reader closes the pipe, a write to
    // stdout fails (Rust ignores SIGPIPE) and `println!` panics. That is not
    // a fault: end quietly with status 0, as ripgrep does. Any other panic
    // keeps its message and status.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_closed_stdout(info.payload()) {
            default_hook(info);
        }
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => std::process::exit(code),
        Err(p) if is_closed_stdout(p.as_ref()) => std::process::exit(0),
        Err(p) => std::panic::resume_unwind(p),
    }
}
