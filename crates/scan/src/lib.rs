//! `buildcert-scan`: reads QR codes — BC1 certificates first of all — from
//! images, camera frames and PDFs, offline, with hard bounds on hostile input.
//!
//! # Entry points
//! - [`scan_bytes`]: any file's bytes; the type is sniffed from the content
//!   ([`sniff`]), never from a file name. Images (PNG, JPEG, WebP, BMP, TIFF,
//!   GIF) and PDFs.
//! - [`scan_image`]: an already decoded [`image::DynamicImage`].
//! - [`scan_luma_frame`], [`scan_rgba_frame`]: camera frames, fast path.
//! - [`pdf_text`]: the text of each PDF page, in content order.
//!
//! # The image pipeline
//! A list of tries run cheapest first (see [`decode::pipeline`]): rxing's port
//! of zxing-cpp's multi-symbol QR reader with try-harder at the scale that
//! brings the image to 1–2 k pixels, then the other 2×/4×/8× box-filtered
//! downscales (close-ups, monitor moiré), a global-histogram binarizer, a
//! contrast-stretched copy, a locally thresholded copy, the inverted image,
//! rqrr (on a worker thread, panics caught, abandoned past its time), then
//! rescue tries for damaged, glared, dim or tightly cropped codes: other
//! binarizations (Sauvola, local mean, local contrast normalisation) and image
//! operations (3×3 dilation and closing, blur, unsharp mask + 2× upscale, a
//! quiet-zone margin) read by rxing or rqrr, and for colour images rxing on
//! the darkest of R, G and B. The run stops after the first try that found a
//! `BC1:` code; otherwise it collects all codes from all tries (merged by text
//! and position) until the time budget runs out. After the first two tries the
//! rest run on two worker threads (only the rescue tries above 12 Mpx),
//! results merged in pipeline order, so the outcome is that of a sequential run.
//!
//! # PDFs
//! Parsed with hayro (it also recovers damaged files; the `pdf` crate errors on
//! them, see `shared/notes/pdf-reading-on-this-machine.md`). For every page:
//! image XObjects are decoded (all filters hayro supports: Flate, DCT, JPX,
//! JBIG2, CCITT, LZW, RunLength, ASCII*) and scanned at native resolution;
//! where they give no code the page is rasterized (vector-drawn codes, odd
//! producers) at 200 then 300 dpi. The `bc1.txt` embedded file is returned
//! separately in [`Scan::attachment`] so that the verifier applies §8.
//!
//! # Corners
//! [`Code::corners`] are `[top-left, top-right, bottom-right, bottom-left]` of
//! the symbol as read (the finder patterns sit at the first, second and fourth
//! corner), in the input image's pixel coordinates. For PDFs they are in PDF
//! points (1/72 in) of the page, origin at the page's top-left corner, y down,
//! after the page's /Rotate.
//!
//! # Bounds (the defaults of [`Limits`])
//! | bound | default | on excess |
//! |---|---|---|
//! | input file size | 64 MiB | [`ScanError::TooLarge`] |
//! | decoded image pixels | 80 Mpx (and 1 GiB allocation) | [`ScanError::TooManyPixels`] |
//! | PDF objects | 100,000 | [`ScanError::TooLarge`] |
//! | PDF pages scanned | first 50 | the rest are skipped, see [`Scan::pages_scanned`] |
//! | one decoded PDF stream | 64 MiB (checked by a bounded inflate before hayro decodes) | [`ScanError::TooLarge`] |
//! | one PDF image XObject | 80 Mpx declared `/Width`×`/Height` | [`ScanError::TooManyPixels`] |
//! | rendered page raster | 25 Mpx | resolution lowered |
//! | `bc1.txt` attachment | 64 KiB | ignored |
//! | time per input | 10 s, checked at every PDF drawing operation, between decoder tries and pages; one deadline for all the steps of one input with [`Limits::for_one_input`] | codes found so far, or [`ScanError::Timeout`] |
//! | decoded images per PDF | 512 MiB, each image decoded once however often it is drawn | [`ScanError::Budget`] |
//! | PDF drawing operations (incl. form XObjects, Type 3 glyphs, patterns, soft masks) | 1,000,000 per file | [`ScanError::Budget`] |
//! | rendering a page | only under 100,000 operations and 512 MiB of images drawn | page not rendered; [`ScanError::Budget`] if nothing else was found |
//!
//! hayro has no cancel hook, but its interpreter calls our device at every
//! drawing and at every form XObject: the device ticks a meter there and,
//! past a budget, unwinds out of hayro (`resume_unwind`, no panic message)
//! to [`scan_bytes`], which turns it into the refusal. A page is rendered
//! only after the same interpretation was metered, since one hayro render
//! cannot be interrupted. hayro, `image` and the QR decoders run under
//! `catch_unwind`: a panic in them is [`ScanError::Panic`] for that input.

pub mod decode;
mod pdf;

use std::io::Cursor;
use std::time::{Duration, Instant};

use buildcert_l10n::Localized;
pub use image;
pub use image::ImageFormat;
use serde::Serialize;

use decode::{Gray, RunOptions};

/// Bounds applied to one input. See the crate documentation for the defaults.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most pixels of a decoded image, and of one image XObject in a PDF.
    pub max_pixels: u64,
    /// Largest allocation the image decoders may make.
    pub max_alloc_bytes: u64,
    /// Pages of a PDF that are scanned (the first ones).
    pub max_pdf_pages: u32,
    /// Most objects in a PDF's cross-reference table.
    pub max_pdf_objects: usize,
    /// Largest decoded PDF stream.
    pub max_stream_bytes: u64,
    /// Most pixels of one rasterized PDF page.
    pub max_render_pixels: u64,
    /// Largest `bc1.txt` attachment read.
    pub max_attachment_bytes: usize,
    /// Time for one input, checked inside PDF interpretation (at every
    /// drawing operation and form XObject), between decoder tries and
    /// between pages.
    pub time_budget: Duration,
    /// Memory for one input: bytes of decoded images (and the buffers made
    /// from them) that one PDF may cost, each image counted once however
    /// often it is drawn. Also bounds the images drawn on a page that is
    /// rendered (there counted per drawing).
    pub max_decoded_bytes: u64,
    /// Drawing operations (paths, glyph runs, images, clips, groups, form
    /// XObjects, Type 3 glyphs, patterns, soft masks) interpreted in one PDF.
    pub max_pdf_ops: u64,
    /// Drawing operations on one page above which the page is not rendered
    /// (only its images are scanned).
    pub max_render_ops: u64,
    /// One end for all the work on one input, shared by every call given
    /// these limits (the scan, then the reading of the text layer, then a
    /// second scan): set by [`Limits::for_one_input`]. `None`: each call
    /// has its own `time_budget` from its start.
    pub deadline: Option<Instant>,
}

impl Limits {
    /// These limits for one input whose work starts now: every call given
    /// the result ends by now + `time_budget`, together, so reading a file
    /// in several steps does not give each step a budget of its own.
    pub fn for_one_input(&self) -> Limits {
        Limits { deadline: Some(Instant::now() + self.time_budget), ..self.clone() }
    }

    /// When work started at `start` must end: `start + time_budget`, or the
    /// input's shared deadline if that comes first.
    pub fn end(&self, start: Instant) -> Instant {
        let own = start + self.time_budget;
        self.deadline.map_or(own, |d| d.min(own))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 << 20,
            max_pixels: 80_000_000,
            max_alloc_bytes: 1 << 30,
            max_pdf_pages: 50,
            max_pdf_objects: 100_000,
            max_stream_bytes: 64 << 20,
            max_render_pixels: 25_000_000,
            max_attachment_bytes: 64 << 10,
            time_budget: Duration::from_secs(10),
            max_decoded_bytes: 512 << 20,
            max_pdf_ops: 1_000_000,
            max_render_ops: 100_000,
            deadline: None,
        }
    }
}

/// One QR code found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Code {
    /// The decoded text.
    pub text: String,
    /// `[top-left, top-right, bottom-right, bottom-left]` as `[x, y]`; see the crate docs.
    pub corners: [[f32; 2]; 4],
    /// 0-based page index, for PDFs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Code {
    /// Whether the text is a BC1 QR text (`BC1:` after trimming whitespace).
    pub fn is_bc1(&self) -> bool {
        self.text.trim().starts_with("BC1:")
    }

    /// The centre of the corners.
    pub fn center(&self) -> (f32, f32) {
        let (mut x, mut y) = (0.0, 0.0);
        for c in &self.corners {
            x += c[0] / 4.0;
            y += c[1] / 4.0;
        }
        (x, y)
    }

    /// The longer diagonal.
    pub fn size(&self) -> f32 {
        let d = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
        d(self.corners[0], self.corners[2]).max(d(self.corners[1], self.corners[3]))
    }
}

/// What an input is, sniffed from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A PDF file (`%PDF-` in the first KiB).
    Pdf,
    /// An image in one of the supported formats.
    Image(ImageFormat),
    /// UTF-8 text (a QR text pasted or saved to a file): the caller handles it.
    Text,
    /// Anything else.
    Unknown,
}

const IMAGE_FORMATS: [ImageFormat; 6] =
    [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Tiff, ImageFormat::Gif];

/// Sniffs the kind of an input from its first bytes.
pub fn sniff(bytes: &[u8]) -> InputKind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return InputKind::Pdf;
    }
    if let Ok(f) = image::guess_format(bytes) {
        if IMAGE_FORMATS.contains(&f) {
            return InputKind::Image(f);
        }
        return InputKind::Unknown;
    }
    let probe = &bytes[..bytes.len().min(64 << 10)];
    match std::str::from_utf8(probe) {
        // A cut in the middle of a multi-byte character at the probe's end is fine.
        Ok(s) if !s.trim().is_empty() && !s.contains('\0') => InputKind::Text,
        Err(e) if e.valid_up_to() + 4 > probe.len() && probe.len() == 64 << 10 => InputKind::Text,
        _ => InputKind::Unknown,
    }
}

/// The result of scanning one input.
#[derive(Clone, Debug, Serialize)]
pub struct Scan {
    /// What the input was.
    #[serde(skip)]
    pub kind: InputKind,
    /// Every code found, BC1 or not. For a PDF, codes from all pages.
    pub codes: Vec<Code>,
    /// For a PDF: the text of the embedded file named `bc1.txt`, if any.
    pub attachment: Option<String>,
    /// For a PDF: its page count (images: 1).
    pub pages: u32,
    /// Pages actually scanned (≤ [`Limits::max_pdf_pages`]).
    pub pages_scanned: u32,
    /// The time budget ran out before every try was made.
    pub timed_out: bool,
}

impl Scan {
    /// The BC1 codes found.
    pub fn bc1_codes(&self) -> impl Iterator<Item = &Code> {
        self.codes.iter().filter(|c| c.is_bc1())
    }
}

/// Why an input could not be scanned. `Display` is English; [`ScanError::localized`]
/// gives Chinese and English, [`ScanError::code`] a stable code.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// `what` is what is measured, in English; `what_zh` the same in Chinese.
    #[error("input too large: {what} is {size}, the limit is {max}")]
    TooLarge { what: &'static str, what_zh: &'static str, size: u64, max: u64 },
    #[error("image too large: {width}×{height} pixels, the limit is {max} pixels")]
    TooManyPixels { width: u64, height: u64, max: u64 },
    /// Why it cannot be read, in both languages (written where it is found).
    #[error("the PDF is encrypted and cannot be read ({})", .0.en)]
    Encrypted(Localized),
    /// Not a PDF or an image this reader knows; the format's name when it
    /// is recognised (e.g. "OFD"), empty when it is not.
    #[error("unsupported input{}: only PDF, PNG, JPEG, WebP, BMP, TIFF and GIF files can be read", if .0.is_empty() { String::new() } else { format!(" ({})", .0) })]
    Unsupported(String),
    #[error("the input is text, not an image or a PDF")]
    Text,
    /// What is damaged, in both languages (written where it is found).
    #[error("the file is damaged: {}", .0.en)]
    Corrupt(Localized),
    #[error("stopped at the time limit of {} s before a QR code was found: use the original e-certificate file, or a clear screenshot or photo", .0.as_secs_f32())]
    Timeout(Duration),
    /// A processing budget other than time ran out (memory, drawing operations).
    #[error("the file goes past a processing limit ({en}); reading stopped: use the original e-certificate file, or a clear screenshot or photo")]
    Budget {
        /// The limit, in Chinese.
        zh: String,
        /// The limit, in English.
        en: String,
    },
    /// A decoder panicked on this input (a bug in it, met by a damaged or hostile file).
    #[error("a decoder failed on this file ({0}); reading stopped: use the original e-certificate file, or a clear screenshot or photo")]
    Panic(String),
}

impl ScanError {
    /// [`ScanError::TooLarge`] for a whole file of `size` bytes over `max`.
    pub fn file_too_large(size: u64, max: u64) -> ScanError {
        ScanError::TooLarge { what: "the file", what_zh: "文件大小", size, max }
    }

    /// A stable code for programs (JSON output, tests).
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::TooLarge { .. } => "too_large",
            ScanError::TooManyPixels { .. } => "too_many_pixels",
            ScanError::Encrypted(_) => "encrypted",
            ScanError::Unsupported(_) => "unsupported",
            ScanError::Text => "text",
            ScanError::Corrupt(_) => "corrupt",
            ScanError::Timeout(_) => "timeout",
            ScanError::Budget { .. } => "budget",
            ScanError::Panic(_) => "decoder_panic",
        }
    }

    /// The message for people, in Chinese and English (the English one is
    /// the `Display` text).
    pub fn localized(&self) -> Localized {
        let en = self.to_string();
        let zh = match self {
            ScanError::TooLarge { what_zh, size, max, .. } => format!("文件过大：{what_zh}为 {size}，上限为 {max}"),
            ScanError::TooManyPixels { width, height, max } => {
                format!("图像像素过多：{width}×{height} 像素，上限为 {max} 像素")
            }
            ScanError::Encrypted(d) => format!("PDF 已加密，无法读取（{}）", d.zh),
            ScanError::Unsupported(d) if d.is_empty() => {
                "不支持的文件类型：只能读取 PDF、PNG、JPEG、WebP、BMP、TIFF 或 GIF 文件".to_string()
            }
            ScanError::Unsupported(d) => {
                format!("不支持的文件类型（{d}）：只能读取 PDF、PNG、JPEG、WebP、BMP、TIFF 或 GIF 文件")
            }
            ScanError::Text => "输入是文本，不是图像或 PDF".to_string(),
            ScanError::Corrupt(d) => format!("文件已损坏：{}", d.zh),
            ScanError::Timeout(t) => format!(
                "处理时间达到 {} 秒的上限，未找到二维码，已停止：请改用证书原件，或清晰的截图、照片",
                t.as_secs_f32()
            ),
            ScanError::Budget { zh, .. } => {
                format!("文件超出处理上限（{zh}），已停止读取：请改用证书原件，或清晰的截图、照片")
            }
            ScanError::Panic(d) => {
                format!("读取该文件时解码器出错（{d}），已停止：请改用证书原件，或清晰的截图、照片")
            }
        };
        Localized { zh, en }
    }
}

/// Scans an input's bytes: an image or a PDF, sniffed from the content.
///
/// Text input gives [`ScanError::Text`] (the caller treats it as a QR text).
pub fn scan_bytes(bytes: &[u8], limits: &Limits) -> Result<Scan, ScanError> {
    let start = Instant::now();
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ScanError::file_too_large(bytes.len() as u64, limits.max_file_bytes));
    }
    let kind = sniff(bytes);
    match kind {
        InputKind::Pdf => guarded(limits, || pdf::scan_pdf(bytes, limits, start)),
        InputKind::Image(format) => {
            let img = decode_image(bytes, format, limits)?;
            let (codes, timed_out) = guarded(limits, || Ok(scan_dynamic(&img, limits, start)))?;
            finish(Scan { kind, codes, attachment: None, pages: 1, pages_scanned: 1, timed_out }, limits)
        }
        InputKind::Text => Err(ScanError::Text),
        InputKind::Unknown => Err(ScanError::Unsupported(String::new())),
    }
}

fn finish(scan: Scan, limits: &Limits) -> Result<Scan, ScanError> {
    if scan.timed_out && scan.codes.is_empty() && scan.attachment.is_none() {
        return Err(ScanError::Timeout(limits.time_budget));
    }
    Ok(scan)
}

/// A damaged image: the decoder's own words (English) only in the English
/// message.
fn image_error(e: image::ImageError) -> ScanError {
    ScanError::Corrupt(Localized {
        zh: "图像数据无法解码".to_string(),
        en: format!("the image data cannot be decoded ({e})"),
    })
}

/// Decodes an image with the pixel and allocation bounds of `limits`.
///
/// The size is read from the header first: an image past
/// [`Limits::max_pixels`] is refused before any pixel buffer is allocated. A
/// panic inside the decoder becomes [`ScanError::Panic`].
pub fn decode_image(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<image::DynamicImage, ScanError> {
    guarded(limits, || decode_image_inner(bytes, format, limits))
}

fn decode_image_inner(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<image::DynamicImage, ScanError> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut l = image::Limits::default();
    l.max_alloc = Some(limits.max_alloc_bytes);
    reader.limits(l);
    let (w, h) = reader.into_dimensions().map_err(image_error)?;
    check_pixels(w as u64, h as u64, limits)?;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut l = image::Limits::default();
    l.max_alloc = Some(limits.max_alloc_bytes);
    l.max_image_width = Some(w);
    l.max_image_height = Some(h);
    reader.limits(l);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            ScanError::TooManyPixels { width: w as u64, height: h as u64, max: limits.max_pixels }
        }
        e => image_error(e),
    })
}

/// Why work on one input stopped early; carried out of hayro's interpreter
/// (which has no cancel hook) by an unwind, see [`Meter`] and [`guarded`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stop {
    Time,
    Ops,
    Memory,
}

impl Stop {
    fn error(self, limits: &Limits) -> ScanError {
        match self {
            Stop::Time => ScanError::Timeout(limits.time_budget),
            Stop::Ops => ScanError::Budget {
                zh: format!("PDF 绘图操作超过 {} 次", limits.max_pdf_ops),
                en: format!("more than {} PDF drawing operations", limits.max_pdf_ops),
            },
            Stop::Memory => ScanError::Budget {
                zh: format!("解码图像超过 {} MiB 内存", limits.max_decoded_bytes >> 20),
                en: format!("more than {} MiB of decoded images", limits.max_decoded_bytes >> 20),
            },
        }
    }

    /// Leaves the work in progress up to the nearest [`guarded`].
    /// `resume_unwind` does not run the panic hook: nothing is printed.
    pub(crate) fn raise(self) -> ! {
        std::panic::resume_unwind(Box::new(self))
    }
}

/// The budget of one input, checked inside the work: every drawing
/// operation ticks it, every decoded image is charged to it.
pub(crate) struct Meter {
    deadline: Instant,
    max_ops: u64,
    max_bytes: u64,
    ops: std::cell::Cell<u64>,
    bytes: std::cell::Cell<u64>,
}

impl Meter {
    pub(crate) fn new(limits: &Limits, start: Instant) -> Meter {
        Meter {
            deadline: limits.end(start),
            max_ops: limits.max_pdf_ops,
            max_bytes: limits.max_decoded_bytes,
            ops: 0.into(),
            bytes: 0.into(),
        }
    }

    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    pub(crate) fn ops(&self) -> u64 {
        self.ops.get()
    }

    /// One operation; leaves (see [`Stop::raise`]) past the count or the time.
    pub(crate) fn tick(&self) {
        let n = self.ops.get() + 1;
        self.ops.set(n);
        if n > self.max_ops {
            Stop::Ops.raise();
        }
        if Instant::now() >= self.deadline {
            Stop::Time.raise();
        }
    }

    /// Bytes about to be decoded; leaves past the memory budget.
    pub(crate) fn charge(&self, bytes: u64) {
        let n = self.bytes.get().saturating_add(bytes);
        self.bytes.set(n);
        if n > self.max_bytes {
            Stop::Memory.raise();
        }
    }
}

/// Runs `f` so that neither a budget stop nor a panic in a decoder escapes:
/// a [`Stop`] becomes its refusal, any other panic [`ScanError::Panic`].
pub(crate) fn guarded<T>(limits: &Limits, f: impl FnOnce() -> Result<T, ScanError>) -> Result<T, ScanError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(match p.downcast_ref::<Stop>() {
            Some(s) => s.error(limits),
            None => ScanError::Panic(
                p.downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| p.downcast_ref::<&str>().copied())
                    .unwrap_or("panic")
                    .chars()
                    .take(200)
                    .collect(),
            ),
        }),
    }
}

pub(crate) fn check_pixels(w: u64, h: u64, limits: &Limits) -> Result<(), ScanError> {
    if w.saturating_mul(h) > limits.max_pixels {
        return Err(ScanError::TooManyPixels { width: w, height: h, max: limits.max_pixels });
    }
    Ok(())
}

/// Converts an image to 8-bit luma, compositing transparency onto white (a
/// code drawn black on a transparent background must stay readable).
pub(crate) fn to_gray(img: &image::DynamicImage) -> Gray {
    let has_alpha = img.color().has_alpha();
    if !has_alpha {
        let l = img.to_luma8();
        let (w, h) = l.dimensions();
        return Gray::new(w, h, l.into_raw());
    }
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    Gray::new(w, h, rgba_to_luma(rgba.as_raw()))
}

/// RGBA (straight alpha) to luma on white.
pub(crate) fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let y = (p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8;
            let a = p[3] as u32;
            ((y * a + 255 * (255 - a)) / 255) as u8
        })
        .collect()
}

/// The darkest (`Channel::Min`) or brightest of R, G and B per pixel
/// (transparency composited onto white).
fn channel_gray(img: &image::DynamicImage, ch: decode::Channel) -> Gray {
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    let data = rgba
        .as_raw()
        .chunks_exact(4)
        .map(|p| {
            let m = match ch {
                decode::Channel::Min => p[0].min(p[1]).min(p[2]),
                decode::Channel::Max => p[0].max(p[1]).max(p[2]),
            } as u32;
            let a = p[3] as u32;
            ((m * a + 255 * (255 - a)) / 255) as u8
        })
        .collect();
    Gray::new(w, h, data)
}

fn scan_dynamic(img: &image::DynamicImage, limits: &Limits, start: Instant) -> (Vec<Code>, bool) {
    let g = to_gray(img);
    let make = |ch| channel_gray(img, ch);
    let colour: Option<&dyn Fn(decode::Channel) -> Gray> = if img.color().has_color() { Some(&make) } else { None };
    decode::run_color(
        &g,
        colour,
        &RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: Some(limits.end(start)) },
    )
}

/// Scans a decoded image: every code found, corners in its pixel coordinates.
/// Stops early once a BC1 code is found; bounded by `limits.time_budget`.
pub fn scan_image(img: &image::DynamicImage, limits: &Limits) -> Vec<Code> {
    scan_dynamic(img, limits, Instant::now()).0
}

/// Scans an 8-bit luma raster (row-major, `luma.len() == width * height`)
/// with the full pipeline. Returns nothing for a buffer of the wrong size.
pub fn scan_luma(width: u32, height: u32, luma: &[u8], limits: &Limits) -> Vec<Code> {
    if luma.len() != width as usize * height as usize {
        return Vec::new();
    }
    let g = Gray::new(width, height, luma.to_vec());
    decode::run(&g, &RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: Some(limits.end(Instant::now())) }).0
}

/// Camera frame, 8-bit luma (e.g. the Y plane of NV12/YUYV), fast path for
/// live video: the cheap tries only, stopping at the first code. Returns
/// nothing for a buffer of the wrong size.
pub fn scan_luma_frame(width: u32, height: u32, luma: &[u8]) -> Vec<Code> {
    if luma.len() != width as usize * height as usize || width < 21 || height < 21 {
        return Vec::new();
    }
    let g = Gray::new(width, height, luma.to_vec());
    decode::run_frame(&g)
}

/// Camera frame, RGBA8 (straight alpha), fast path; see [`scan_luma_frame`].
pub fn scan_rgba_frame(width: u32, height: u32, rgba: &[u8]) -> Vec<Code> {
    if rgba.len() != width as usize * height as usize * 4 {
        return Vec::new();
    }
    scan_luma_frame(width, height, &rgba_to_luma(rgba))
}

/// The text of each page of a PDF (up to `limits.max_pdf_pages`), glyphs in
/// content-stream order, a line break where the text moves to a new line.
/// Lines are judged along each glyph's baseline, so a page with `/Rotate`
/// (or text drawn rotated) gives the same lines as an upright one.
pub fn pdf_text(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ScanError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ScanError::file_too_large(bytes.len() as u64, limits.max_file_bytes));
    }
    guarded(limits, || pdf::pdf_text(bytes, limits))
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    /// A panic injected where a decoder runs becomes [`ScanError::Panic`]
    /// for that input (message kept, cut to 200 characters); a budget stop
    /// raised inside becomes its own refusal; the process goes on.
    #[test]
    fn an_injected_panic_is_an_error_for_that_input() {
        let l = Limits::default();
        let e = guarded::<()>(&l, || panic!("injected decoder panic")).unwrap_err();
        assert!(matches!(&e, ScanError::Panic(m) if m == "injected decoder panic"), "{e:?}");
        assert_eq!(e.code(), "decoder_panic");
        let long = "x".repeat(500);
        let e = guarded::<()>(&l, || panic!("{long}")).unwrap_err();
        assert!(matches!(&e, ScanError::Panic(m) if m.len() == 200), "{e:?}");
        let e = guarded::<()>(&l, || Stop::Ops.raise()).unwrap_err();
        assert_eq!(e.code(), "budget");
        let e = guarded::<()>(&l, || Stop::Time.raise()).unwrap_err();
        assert!(matches!(e, ScanError::Timeout(_)));
        assert_eq!(guarded(&l, || Ok(3)).unwrap(), 3);
    }
}

#[cfg(test)]
mod error_language_tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here.
    fn every_error() -> Vec<ScanError> {
        let all = vec![
            ScanError::file_too_large(9, 8),
            ScanError::TooManyPixels { width: 2, height: 3, max: 5 },
            pdf::load_error(hayro::hayro_syntax::LoadPdfError::Decryption(
                hayro::hayro_syntax::DecryptionError::PasswordProtected,
            )),
            pdf::load_error(hayro::hayro_syntax::LoadPdfError::Invalid),
            ScanError::Unsupported("OFD".into()),
            ScanError::Text,
            ScanError::Timeout(Duration::from_secs(5)),
            ScanError::Budget { zh: "内存 512 MiB".into(), en: "memory 512 MiB".into() },
            ScanError::Panic("index out of range".into()),
        ];
        for e in &all {
            match e {
                ScanError::TooLarge { .. }
                | ScanError::TooManyPixels { .. }
                | ScanError::Encrypted(_)
                | ScanError::Unsupported(_)
                | ScanError::Text
                | ScanError::Corrupt(_)
                | ScanError::Timeout(_)
                | ScanError::Budget { .. }
                | ScanError::Panic(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
        // The other way to a damaged file: an image the decoder refuses (its
        // English words stay in the English message).
        let damaged = image_error(image::ImageError::IoError(std::io::Error::other("unexpected end of file")));
        buildcert_l10n::check_errors(&[damaged], |e| e.code(), |e| e.localized()).unwrap();
    }
}

#[cfg(test)]
mod channel_tests {
    use super::*;

    /// Red seal ink over a black module and white paper: the brightest
    /// channel keeps the module black and turns the ink white; the darkest
    /// keeps the ink dark; transparency is composited onto white.
    #[test]
    fn brightest_channel_removes_coloured_ink() {
        let px: Vec<u8> = vec![
            200, 40, 45, 255, // red ink
            20, 20, 20, 255, // black module
            15, 10, 12, 255, // black under red ink
            240, 240, 240, 255, // paper
            0, 0, 0, 0, // transparent
        ];
        let img = image::DynamicImage::ImageRgba8(image::RgbaImage::from_raw(5, 1, px).unwrap());
        assert_eq!(channel_gray(&img, decode::Channel::Max).data, vec![200, 20, 15, 240, 255]);
        assert_eq!(channel_gray(&img, decode::Channel::Min).data, vec![40, 20, 10, 240, 255]);
    }
}
