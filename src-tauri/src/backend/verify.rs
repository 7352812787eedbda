//! 核验 / Verify: a QR text, an image or PDF file, or a camera frame, read
//! and checked by `buildcert-check` under the wallet's trust list.

use buildcert_bc1::TrustList;
use buildcert_check::Outcome;

use buildcert_service::record;
use buildcert_service::OfficialPart;

use super::convert::{official_extract, outcome};
use super::files::{read_file, require_text};
use super::Backend;
use crate::error::AppError;
use crate::types::{Point, Source, Verdict, VerifyFileRequest, VerifyOutcome, VerifyTextRequest};

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
    pub fn new(width: u32, height: u32, format: crate::types::FrameFormat, data: Vec<u8>) -> Result<Frame, AppError> {
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
            return Err(AppError::invalid_input("图像数据长度与尺寸不符", "frame data length does not match its size"));
        }
        Ok(Frame { width, height, format, data })
    }
}

impl Backend {
    /// The outcome as the UI shows it, logged when the log is on (the
    /// wallet keeps a hash of the lid and a masked name only).
    fn shown(&self, o: &Outcome, source: Source, demo: bool) -> Result<VerifyOutcome, AppError> {
        let w = self.wallet()?;
        let out = outcome(o, source, demo, self.prefs().mask_id_numbers, self.trust_info(&w)?);
        let codes: Vec<&str> = out.reasons.iter().map(|r| r.code.as_str()).collect();
        let verdict =
            serde_json::to_value(out.verdict).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let cert = out.certificate.as_ref();
        // Recorded only when the wallet's log switch is on.
        let _ = w.log_verification(
            self.now(),
            &verdict,
            &codes,
            cert.map(|c| c.lid.as_str()),
            cert.map(|c| c.name.as_str()),
        );
        Ok(out)
    }

    /// The check context and the trust list in use, read under the lock.
    fn verify_setup(
        &self,
        check_date: Option<&str>,
    ) -> Result<(buildcert_bc1::CheckContext, TrustList, bool), AppError> {
        let w = self.wallet()?;
        let ctx = self.context(&w, check_date)?;
        let (tl, demo) = self.require_trust(&w)?;
        Ok((ctx, tl, demo))
    }

    /// Verifies a QR text.
    pub fn verify_text(&self, req: &VerifyTextRequest) -> Result<VerifyOutcome, AppError> {
        require_text(&req.text)?;
        let (ctx, tl, demo) = self.verify_setup(req.check_date.as_deref())?;
        let reading = buildcert_check::read_text(&req.text);
        let o = buildcert_check::check(&reading, &tl, &ctx);
        let out = self.shown(&o, Source::Text, demo)?;
        self.remember(record::input_qr_text(), &o, &tl, demo, None);
        Ok(out)
    }

    /// Reads the QR code of an image or PDF file and verifies it.
    pub fn verify_file(&self, req: &VerifyFileRequest) -> Result<VerifyOutcome, AppError> {
        let bytes = read_file(&req.path)?;
        // The wallet is locked only to read the trust list and settings, and
        // again to store the log line: never while a stranger's file is parsed.
        let (ctx, tl, demo) = self.verify_setup(req.check_date.as_deref())?;
        // One time budget for the whole file: the scan and, for an
        // official-format PDF, the reading of its text share it.
        let limits = buildcert_scan::Limits::default().for_one_input();
        let (o, reading, _ms) = buildcert_check::check_bytes(&bytes, &limits, &tl, &ctx);
        let source = match reading.map(|r| r.source) {
            Some(buildcert_check::Source::Pdf) => Source::Pdf,
            Some(buildcert_check::Source::Text) => Source::Text,
            _ => Source::Image,
        };
        let mut out = self.shown(&o, source, demo)?;
        let mut part = None;
        if o.verdict.is_none() && buildcert_scan::sniff(&bytes) == buildcert_scan::InputKind::Pdf {
            // No BC1 code: an official-format certificate shows its printed fields.
            if let Ok((reading, raw)) = official_extract(&bytes, &limits, &ctx) {
                out.official = Some(reading);
                out.verdict = Verdict::Unverified;
                part = OfficialPart::from_extraction(&raw, &ctx);
            }
        }
        self.remember(record::input_file(&req.path), &o, &tl, demo, part);
        Ok(out)
    }

    /// Looks for a QR code in one camera frame; `None` when there is none.
    pub fn verify_frame(&self, frame: &Frame, check_date: Option<&str>) -> Result<Option<VerifyOutcome>, AppError> {
        let codes = match frame.format {
            crate::types::FrameFormat::Luma => buildcert_scan::scan_luma_frame(frame.width, frame.height, &frame.data),
            crate::types::FrameFormat::Rgba => buildcert_scan::scan_rgba_frame(frame.width, frame.height, &frame.data),
        };
        let Some(code) = codes.iter().find(|c| c.is_bc1()).or(codes.first()) else { return Ok(None) };
        let (ctx, tl, demo) = self.verify_setup(check_date)?;
        let reading = buildcert_check::read_text(&code.text);
        let o = buildcert_check::check(&reading, &tl, &ctx);
        let mut out = self.shown(&o, Source::Camera, demo)?;
        self.remember(record::input_camera(), &o, &tl, demo, None);
        out.corners = code.corners.iter().map(|[x, y]| Point { x: *x, y: *y }).collect();
        Ok(Some(out))
    }
}
