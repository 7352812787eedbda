//! 核验 / Verify: QR text, image or PDF file, camera frames, and the
//! inspection record of the checks made.

use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::backend::Frame;
use crate::error::AppError;
use crate::state::AppState;
use crate::types::{
    FrameFormat, RecordExport, RecordExportRequest, RecordSession, VerifyFileRequest, VerifyOutcome, VerifyTextRequest,
};

/// Header carrying the frame width in pixels.
pub const FRAME_WIDTH_HEADER: &str = "x-frame-width";
/// Header carrying the frame height in pixels.
pub const FRAME_HEIGHT_HEADER: &str = "x-frame-height";
/// Header carrying the pixel layout, `luma` or `rgba`.
pub const FRAME_FORMAT_HEADER: &str = "x-frame-format";
/// Header carrying the optional check date `YYYY-MM-DD`.
pub const CHECK_DATE_HEADER: &str = "x-check-date";

/// Verifies a QR text (typed, pasted or from a keyboard-mode scanner).
/// The text is folded back first (BC1 §2, `fold_typed_text`): a scanner
/// typing under Caps Lock or a Chinese input method; the outcome says so.
#[tauri::command]
pub async fn verify_text(
    state: State<'_, AppState>,
    mut request: VerifyTextRequest,
) -> Result<VerifyOutcome, AppError> {
    let (text, folded) = buildcert_bc1::codec::fold_typed_text(&request.text);
    request.text = text;
    let mut out = state.backend().verify_text(&request)?;
    out.typed_text_folded = folded;
    Ok(out)
}

/// Reads the QR code of an image or PDF and verifies it.
#[tauri::command]
pub async fn verify_file(state: State<'_, AppState>, request: VerifyFileRequest) -> Result<VerifyOutcome, AppError> {
    // A stranger's file may take up to its time budget: off the async
    // runtime, so every other command keeps answering meanwhile.
    let backend = state.backend();
    tauri::async_runtime::spawn_blocking(move || backend.verify_file(&request))
        .await
        .map_err(|e| AppError::internal(&format!("verify thread: {e}")))?
}

/// Looks for a QR code in one camera frame and verifies it.
///
/// The body is the raw pixels (no JSON, to keep frames cheap); size, layout
/// and check date come in the `x-frame-*` / `x-check-date` headers.
#[tauri::command]
pub async fn verify_frame(state: State<'_, AppState>, request: Request<'_>) -> Result<Option<VerifyOutcome>, AppError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::invalid_input("图像数据应为二进制", "frame data must be sent as raw bytes"));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let frame = parse_frame(
        header(FRAME_WIDTH_HEADER).as_deref(),
        header(FRAME_HEIGHT_HEADER).as_deref(),
        header(FRAME_FORMAT_HEADER).as_deref(),
        bytes.clone(),
    )?;
    let check_date = header(CHECK_DATE_HEADER);
    state.backend().verify_frame(&frame, check_date.as_deref())
}

/// Writes the inspection record (现场核查记录) of the last check or of
/// every check since the app started to a PDF; says where and how many.
#[tauri::command]
pub async fn record_export(state: State<'_, AppState>, request: RecordExportRequest) -> Result<RecordExport, AppError> {
    super::on_blocking(&state, move |b| b.record_export(&request)).await
}

/// How many checks the inspection record's session holds, and a file to save it to.
#[tauri::command]
pub async fn record_session(state: State<'_, AppState>) -> Result<RecordSession, AppError> {
    Ok(state.backend().record_session())
}

/// Longest web address opened.
pub const MAX_URL_CHARS: usize = 2048;

/// Checks that `url` is a plain http(s) address (read by the `url` crate):
/// scheme http or https, a host, no user name or password, no spaces or
/// control characters. Gives the address as that parser writes it, which
/// is what is opened.
pub fn check_web_url(url: &str) -> Result<String, AppError> {
    let bad = || {
        AppError::invalid_input(
            "只能在浏览器中打开 http 或 https 网址",
            "only http or https addresses can be opened in the browser",
        )
    };
    let u = url.trim();
    if u.chars().count() > MAX_URL_CHARS || u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let lower = u.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).ok_or_else(bad)?;
    // The WHATWG rules would read "https:///x" as host "x".
    if rest.is_empty() || rest.starts_with(['/', '\\']) {
        return Err(bad());
    }
    let parsed = ::url::Url::parse(u).map_err(|_| bad())?;
    if parsed.host_str().is_none_or(str::is_empty) || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad());
    }
    Ok(parsed.to_string())
}

/// Opens a web address (a non-BC1 QR code, e.g. an official query page) in
/// the default browser — only when the user clicks, only http(s).
#[tauri::command]
pub async fn open_web_url(app: tauri::AppHandle, url: String) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    let u = check_web_url(&url)?;
    app.opener().open_url(&u, None::<&str>).map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::Io,
            &format!("无法打开浏览器：{e}"),
            &format!("cannot open the browser: {e}"),
        )
    })
}

/// Builds a [`Frame`] from the header values and the body.
pub fn parse_frame(
    width: Option<&str>,
    height: Option<&str>,
    format: Option<&str>,
    data: Vec<u8>,
) -> Result<Frame, AppError> {
    let bad = || AppError::invalid_input("图像参数缺失或错误", "frame size or format missing or wrong");
    let width: u32 = width.and_then(|w| w.parse().ok()).ok_or_else(bad)?;
    let height: u32 = height.and_then(|h| h.parse().ok()).ok_or_else(bad)?;
    let format = match format {
        Some("luma") => FrameFormat::Luma,
        Some("rgba") => FrameFormat::Rgba,
        _ => return Err(bad()),
    };
    Frame::new(width, height, format, data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn parses_luma_and_rgba_frames() {
        let f = parse_frame(Some("3"), Some("2"), Some("luma"), vec![1; 6]).unwrap();
        assert_eq!((f.width, f.height, f.format), (3, 2, FrameFormat::Luma));
        let f = parse_frame(Some("3"), Some("2"), Some("rgba"), vec![1; 24]).unwrap();
        assert_eq!(f.format, FrameFormat::Rgba);
    }

    #[test]
    fn only_plain_web_addresses_are_opened() {
        assert_eq!(check_web_url(" https://zwfw.mohurd.gov.cn/q?id=1 ").unwrap(), "https://zwfw.mohurd.gov.cn/q?id=1");
        assert_eq!(check_web_url("HTTPS://Zwfw.MOHURD.gov.cn").unwrap(), "https://zwfw.mohurd.gov.cn/");
        assert!(check_web_url("HTTP://example.cn").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://user@evil.example/",
            "https://a.example/x y",
            "BC1:ABC",
            "smb://host/share",
            "https:///evil.example/",
            "https://:pw@evil.example/",
            "https://[::1/x",
        ] {
            assert_eq!(check_web_url(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
        assert!(check_web_url(&format!("https://a.cn/{}", "x".repeat(MAX_URL_CHARS))).is_err());
    }

    #[test]
    fn rejects_missing_or_bad_headers() {
        for (w, h, f) in [
            (None, Some("2"), Some("luma")),
            (Some("x"), Some("2"), Some("luma")),
            (Some("3"), Some("2"), Some("bgr")),
            (Some("3"), Some("2"), None),
        ] {
            let e = parse_frame(w, h, f, vec![1; 6]).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
        }
    }
}
