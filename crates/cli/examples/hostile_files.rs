//! Writes the hostile test set of issue 16 (the one `tests/hostile.rs`
//! checks, from `tests/support/hostile_files.rs`, fixed seeds) into a folder,
//! for measuring with a release build (`bench/hostile/run.sh`):
//!
//! ```sh
//! cargo run --release -p buildcert-cli --example hostile_files -- OUT_DIR
//! ```

#[path = "../tests/support/hostile_files.rs"]
#[allow(dead_code)]
mod hostile_files;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: hostile_files OUT_DIR");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    for p in hostile_files::write_all(&dir) {
        println!("{}", p.display());
    }
}
