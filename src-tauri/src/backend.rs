//! PLACEHOLDER BACKEND (phase 1) — to be replaced by calls into the crates.
//!
//! Everything the commands need goes through [`Backend`]; its methods take
//! and return only the IPC types of `types.rs`. Phase 2 replaces the bodies
//! marked `PLACEHOLDER` with calls into `buildcert-bc1`, `buildcert-scan`,
//! `buildcert-wallet` and `buildcert-tender`. No business rule lives here:
//! the placeholder verifies nothing and says so (`engine_unavailable`).
//!
//! Settings persistence (a JSON file in the data dir) is real and may stay.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{AppError, ErrorCode};
use crate::types::{
    AppInfo, Settings, TenderReport, TenderRequest, VerifyFileRequest, VerifyOutcome,
    VerifyTextRequest, WalletEntry,
};

/// Name of the settings file inside the data dir.
pub const SETTINGS_FILE: &str = "settings.json";

/// A camera frame handed to the QR reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel layout.
    pub format: crate::types::FrameFormat,
    /// Pixels, row by row, no padding.
    pub data: Vec<u8>,
}

/// Largest frame accepted (pixels); the UI sends about 640×480.
pub const MAX_FRAME_PIXELS: u64 = 1920 * 1080;

impl Frame {
    /// Checks that the dimensions are sane and match the data length.
    pub fn new(
        width: u32,
        height: u32,
        format: crate::types::FrameFormat,
        data: Vec<u8>,
    ) -> Result<Frame, AppError> {
        let pixels = u64::from(width) * u64::from(height);
        let channels = match format {
            crate::types::FrameFormat::Luma => 1,
            crate::types::FrameFormat::Rgba => 4,
        };
        if width == 0 || height == 0 || pixels > MAX_FRAME_PIXELS {
            return Err(AppError::invalid_input(
                &format!("图像尺寸不支持：{width}×{height}"),
                &format!("unsupported frame size: {width}×{height}"),
            ));
        }
        if pixels * channels != data.len() as u64 {
            return Err(AppError::invalid_input(
                "图像数据长度与尺寸不符",
                "frame data length does not match its size",
            ));
        }
        Ok(Frame {
            width,
            height,
            format,
            data,
        })
    }
}

/// The app's access to wallet, verification and tender checks.
pub struct Backend {
    data_dir: PathBuf,
    settings: Mutex<Settings>,
}

impl Backend {
    /// Opens the backend on a data dir (created if missing).
    pub fn open(data_dir: &Path) -> Result<Backend, AppError> {
        std::fs::create_dir_all(data_dir).map_err(|e| AppError {
            code: ErrorCode::DataDir,
            ..AppError::io(data_dir, &e)
        })?;
        let settings = load_settings(&data_dir.join(SETTINGS_FILE))?;
        Ok(Backend {
            data_dir: data_dir.to_path_buf(),
            settings: Mutex::new(settings),
        })
    }

    /// The data dir in use.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// All wallet entries, verified today.
    pub fn wallet_list(&self) -> Result<Vec<WalletEntry>, AppError> {
        // PLACEHOLDER: no wallet store yet, so the wallet is empty.
        Ok(Vec::new())
    }

    /// One wallet entry.
    pub fn wallet_get(&self, id: &str) -> Result<WalletEntry, AppError> {
        // PLACEHOLDER
        Err(AppError::not_found(id))
    }

    /// Verifies a QR text and adds it to the wallet.
    pub fn wallet_import_text(&self, text: &str) -> Result<WalletEntry, AppError> {
        require_text(text)?;
        // PLACEHOLDER
        Err(AppError::engine_unavailable())
    }

    /// Reads an image or PDF, verifies it and adds it to the wallet.
    pub fn wallet_import_file(&self, path: &str) -> Result<WalletEntry, AppError> {
        require_file(path)?;
        // PLACEHOLDER
        Err(AppError::engine_unavailable())
    }

    /// Removes a wallet entry.
    pub fn wallet_remove(&self, id: &str) -> Result<(), AppError> {
        // PLACEHOLDER
        Err(AppError::not_found(id))
    }

    /// Verifies a QR text.
    pub fn verify_text(&self, req: &VerifyTextRequest) -> Result<VerifyOutcome, AppError> {
        require_text(&req.text)?;
        // PLACEHOLDER: buildcert_bc1::verify(...) goes here.
        Err(AppError::engine_unavailable())
    }

    /// Reads the QR code of an image or PDF file and verifies it.
    pub fn verify_file(&self, req: &VerifyFileRequest) -> Result<VerifyOutcome, AppError> {
        require_file(&req.path)?;
        // PLACEHOLDER: buildcert_scan + buildcert_bc1 go here.
        Err(AppError::engine_unavailable())
    }

    /// Looks for a QR code in one camera frame; `None` when there is none.
    pub fn verify_frame(
        &self,
        frame: &Frame,
        check_date: Option<&str>,
    ) -> Result<Option<VerifyOutcome>, AppError> {
        let _ = (frame, check_date);
        // PLACEHOLDER: buildcert_scan on the frame, then bc1 on what it finds.
        Ok(None)
    }

    /// Checks wallet entries against a tender's policy at the bid date.
    pub fn tender_check(&self, req: &TenderRequest) -> Result<TenderReport, AppError> {
        if req.entry_ids.is_empty() {
            return Err(AppError::invalid_input(
                "请至少选择一本证书",
                "choose at least one certificate",
            ));
        }
        // PLACEHOLDER: buildcert_tender goes here.
        Err(AppError::engine_unavailable())
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Replaces the settings and saves them.
    pub fn set_settings(&self, new: Settings) -> Result<Settings, AppError> {
        if new.expiring_threshold_days == 0 || new.expiring_threshold_days > 180 {
            return Err(AppError::invalid_input(
                "提醒天数应在 1 到 180 之间",
                "the reminder threshold must be 1 to 180 days",
            ));
        }
        save_settings(&self.data_dir.join(SETTINGS_FILE), &new)?;
        let mut guard = self.settings.lock().map_err(|_| {
            AppError::new(ErrorCode::Internal, "设置状态损坏", "settings state poisoned")
        })?;
        *guard = new.clone();
        Ok(new)
    }

    /// Facts about the app for the settings screen.
    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            // PLACEHOLDER: the trust list store comes with buildcert-bc1.
            trust_list: None,
            placeholder_backend: true,
        }
    }
}

fn require_text(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid_input(
            "请输入或扫描二维码内容",
            "enter or scan the QR text",
        ));
    }
    Ok(())
}

fn require_file(path: &str) -> Result<(), AppError> {
    let p = Path::new(path);
    std::fs::metadata(p).map_err(|e| AppError::io(p, &e))?;
    Ok(())
}

fn load_settings(path: &Path) -> Result<Settings, AppError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).or_else(|_| {
            // A damaged settings file must not stop the app: start from defaults.
            Ok(Settings::default())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(AppError::io(path, &e)),
    }
}

fn save_settings(path: &Path, settings: &Settings) -> Result<(), AppError> {
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(settings).map_err(|e| {
        AppError::new(ErrorCode::Internal, &format!("无法保存设置：{e}"), &format!("cannot save settings: {e}"))
    })?;
    std::fs::write(&tmp, json).map_err(|e| AppError::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| AppError::io(path, &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{FrameFormat, Language};

    #[test]
    fn settings_default_then_persist_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        assert_eq!(b.settings(), Settings::default());
        let new = Settings {
            language: Language::En,
            ..Settings::default()
        };
        b.set_settings(new.clone()).unwrap();
        let again = Backend::open(dir.path()).unwrap();
        assert_eq!(again.settings(), new);
        let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
        assert!(text.contains("\"language\": \"en\""), "{text}");
    }

    #[test]
    fn damaged_settings_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        let b = Backend::open(dir.path()).unwrap();
        assert_eq!(b.settings(), Settings::default());
    }

    #[test]
    fn rejects_out_of_range_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let bad = Settings {
            expiring_threshold_days: 0,
            ..Settings::default()
        };
        assert_eq!(b.set_settings(bad).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn empty_text_is_invalid_input_and_placeholder_says_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let empty = VerifyTextRequest { text: " \r\n".into(), check_date: None };
        assert_eq!(b.verify_text(&empty).unwrap_err().code, ErrorCode::InvalidInput);
        let some = VerifyTextRequest { text: "BC1:XYZ\r\n".into(), check_date: None };
        assert_eq!(b.verify_text(&some).unwrap_err().code, ErrorCode::EngineUnavailable);
    }

    #[test]
    fn frame_size_must_match_data() {
        assert!(Frame::new(4, 2, FrameFormat::Luma, vec![0; 8]).is_ok());
        assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 32]).is_ok());
        assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 8]).is_err());
        assert!(Frame::new(0, 2, FrameFormat::Luma, vec![]).is_err());
        assert!(Frame::new(4000, 4000, FrameFormat::Luma, vec![0; 16_000_000]).is_err());
    }

    #[test]
    fn missing_file_is_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let req = VerifyFileRequest {
            path: dir.path().join("nope.pdf").display().to_string(),
            check_date: None,
        };
        assert_eq!(b.verify_file(&req).unwrap_err().code, ErrorCode::Io);
    }
}
