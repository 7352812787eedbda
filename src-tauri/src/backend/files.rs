//! The files a person chose: read with bounds, written only where asked.

use std::path::{Path, PathBuf};

use crate::error::AppError;

/// Largest file a command reads (a certificate PDF, image or trust list):
/// the limit of the scanner, which reads it next.
pub fn max_input_bytes() -> u64 {
    buildcert_scan::Limits::default().max_file_bytes
}

/// Reads a file the user chose: an absolute path to a regular file no
/// larger than [`max_input_bytes`], read with that bound.
pub(crate) fn read_file(path: &str) -> Result<Vec<u8>, AppError> {
    use std::io::Read;
    let p = Path::new(path.trim());
    if !p.is_absolute() {
        return Err(AppError::invalid_input(
            &format!("请给出文件的完整路径：{}", p.display()),
            &format!("give the file's full path: {}", p.display()),
        ));
    }
    // A named pipe, device or folder is refused before it is opened: opening
    // a FIFO for reading would block until a writer came.
    let not_a_file = || {
        AppError::invalid_input(
            &format!("这不是文件：{}", p.display()),
            &format!("this is not a file: {}", p.display()),
        )
    };
    if !std::fs::metadata(p).map_err(|e| AppError::io(p, &e))?.is_file() {
        return Err(not_a_file());
    }
    let f = std::fs::File::open(p).map_err(|e| AppError::io(p, &e))?;
    let meta = f.metadata().map_err(|e| AppError::io(p, &e))?;
    if !meta.is_file() {
        return Err(AppError::invalid_input(
            &format!("这不是文件：{}", p.display()),
            &format!("this is not a file: {}", p.display()),
        ));
    }
    let max = max_input_bytes();
    if meta.len() > max {
        return Err(AppError::invalid_input(
            &format!("文件过大（{} 字节，上限 {max}）：{}", meta.len(), p.display()),
            &format!("file too large ({} bytes, the limit is {max}): {}", meta.len(), p.display()),
        ));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1).read_to_end(&mut buf).map_err(|e| AppError::io(p, &e))?;
    if buf.len() as u64 > max {
        return Err(AppError::invalid_input("文件过大", "file too large"));
    }
    Ok(buf)
}

pub(crate) fn require_text(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid_input("请输入或扫描二维码内容", "enter or scan the QR text"));
    }
    Ok(())
}

/// A path the user chose for a file to write: absolute, not a folder, in
/// a folder that exists, ending in `.ext` (added when missing).
pub(crate) fn output_path(path: &str, ext: &str) -> Result<PathBuf, AppError> {
    let trimmed = path.trim();
    let mut p = PathBuf::from(trimmed);
    if trimmed.is_empty() || !p.is_absolute() {
        return Err(AppError::invalid_input(
            &format!("请给出要保存文件的完整路径：{trimmed}"),
            &format!("give the full path of the file to save: {trimmed}"),
        ));
    }
    if p.is_dir() || trimmed.ends_with('/') || trimmed.ends_with('\\') {
        return Err(AppError::invalid_input(
            &format!("这是文件夹，请给出文件名：{}", p.display()),
            &format!("this is a folder; give a file name: {}", p.display()),
        ));
    }
    let has_ext = p.extension().map(|e| e.eq_ignore_ascii_case(ext)).unwrap_or(false);
    if !has_ext {
        let mut s = p.into_os_string();
        s.push(format!(".{ext}"));
        p = PathBuf::from(s);
    }
    match p.parent() {
        Some(dir) if dir.is_dir() => Ok(p),
        _ => Err(AppError::invalid_input(
            &format!("文件夹不存在：{}", p.parent().unwrap_or(Path::new("")).display()),
            &format!("the folder does not exist: {}", p.parent().unwrap_or(Path::new("")).display()),
        )),
    }
}

/// A path the user chose for a file to read: absolute and a regular file.
pub(crate) fn input_path(path: &str) -> Result<PathBuf, AppError> {
    let trimmed = path.trim();
    let p = PathBuf::from(trimmed);
    if trimmed.is_empty() || !p.is_absolute() {
        return Err(AppError::invalid_input(
            &format!("请给出文件的完整路径：{trimmed}"),
            &format!("give the file's full path: {trimmed}"),
        ));
    }
    let meta = std::fs::metadata(&p).map_err(|e| AppError::io(&p, &e))?;
    if !meta.is_file() {
        return Err(AppError::invalid_input(
            &format!("这不是文件：{}", p.display()),
            &format!("this is not a file: {}", p.display()),
        ));
    }
    Ok(p)
}

/// Whether `a` and `b` name the same file (or would: same folder and name).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        let dir = p.parent()?.canonicalize().ok()?;
        Some(dir.join(p.file_name()?))
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
