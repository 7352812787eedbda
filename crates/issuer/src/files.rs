//! Small file helpers: reading with good errors, writing secrets with mode
//! 0600 (Unix), refusing to overwrite, and replacing files atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{IssuerError, Result};

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| IssuerError::read(path, e))
}

/// Reads a whole UTF-8 file.
pub fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| IssuerError::read(path, e))
}

/// Creates `path` and writes `bytes`, failing with [`IssuerError::Exists`]
/// when the file is already there. With `secret`, the file is created with
/// mode 0600 on Unix (owner read/write only) before any byte is written; on
/// other systems it inherits the directory's access rules.
pub fn write_new(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            IssuerError::Exists(path.to_path_buf())
        } else {
            IssuerError::write(path, e)
        }
    })?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| IssuerError::write(path, e))
}

/// Writes `bytes` to `path`, replacing it atomically (a temporary file in the
/// same directory, then a rename), so a crash never leaves half a file.
/// With `secret`, the file gets mode 0600 on Unix.
pub fn write_replace(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    let tmp = tmp_name(path);
    let _ = fs::remove_file(&tmp);
    write_new(&tmp, bytes, secret)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        IssuerError::write(path, e)
    })
}

fn tmp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| IssuerError::write(path, e))
}

/// `PREFIX` + `suffix` as a path (`out/root` + `.key.pem` → `out/root.key.pem`).
pub fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}
