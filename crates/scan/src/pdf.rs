//! PDFs through hayro: the `bc1.txt` attachment, image XObjects, rendered
//! pages and text. Hostile-input bounds are applied before hayro decodes.

use std::collections::HashSet;
use std::io::Read;
use std::time::Instant;

use hayro::hayro_interpret::font::GlyphRun;
use hayro::hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask,
};
use hayro::hayro_syntax::object::{Array, Dict, Name, Object, Stream};
use hayro::hayro_syntax::page::Page;
use hayro::hayro_syntax::{DecryptionError, Filter, LoadPdfError, Pdf};
use hayro::kurbo::{Affine, BezPath, Point, Rect};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::decode::{self, Gray, RunOptions};
use crate::{check_pixels, finish, Code, InputKind, Limits, Meter, Scan, ScanError};
use buildcert_l10n::Localized;

/// Worst deflate expansion (RFC 1951: 258 bytes from one 1-bit code ~ 1032:1).
const FLATE_MAX_RATIO: u64 = 1032;
/// LZW: one 12-bit code can stand for up to 4096 bytes.
const LZW_MAX_RATIO: u64 = 2731;
/// Smallest side of an image XObject worth scanning (a version-1 QR code).
const MIN_QR_IMAGE_SIDE: u32 = 21;

/// Why hayro could not open a PDF, in both languages.
pub(crate) fn load_error(e: LoadPdfError) -> ScanError {
    let l = |zh: String, en: String| Localized { zh, en };
    match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => {
            ScanError::Encrypted(l("需要密码".into(), "a password is required".into()))
        }
        // hayro's name of the reason (an identifier), the same in both.
        LoadPdfError::Decryption(d) => {
            ScanError::Encrypted(l(format!("无法解密：{d:?}"), format!("cannot be decrypted: {d:?}")))
        }
        LoadPdfError::Invalid => ScanError::Corrupt(l("不是可读的 PDF".into(), "not a readable PDF".into())),
    }
}

fn open(bytes: &[u8], limits: &Limits) -> Result<Pdf, ScanError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(load_error)?;
    if pdf.len() > limits.max_pdf_objects {
        return Err(ScanError::TooLarge {
            what: "the PDF's object count",
            what_zh: "PDF 对象数",
            size: pdf.len() as u64,
            max: limits.max_pdf_objects as u64,
        });
    }
    check_streams(&pdf, limits)?;
    Ok(pdf)
}

/// Rejects decompression bombs and huge declared images before hayro decodes
/// anything: a Flate/LZW stream that could expand past the limit is inflated
/// here with a bounded reader; an image XObject's declared size is checked.
fn check_streams(pdf: &Pdf, limits: &Limits) -> Result<(), ScanError> {
    for obj in pdf.objects() {
        let Object::Stream(s) = obj else { continue };
        let dict = s.dict();
        if dict.get::<Name>("Subtype").is_some_and(|n| n.as_str() == "Image") {
            let w = dict.get::<f64>("Width").unwrap_or(0.0).max(0.0) as u64;
            let h = dict.get::<f64>("Height").unwrap_or(0.0).max(0.0) as u64;
            check_pixels(w, h, limits)?;
        }
        let filters = s.filters();
        let Some(pos) = filters.iter().position(|f| matches!(f, Filter::FlateDecode | Filter::LzwDecode)) else {
            continue;
        };
        let raw = s.raw_data();
        let ratio = if filters[pos] == Filter::FlateDecode { FLATE_MAX_RATIO } else { LZW_MAX_RATIO };
        if (raw.len() as u64).saturating_mul(ratio) <= limits.max_stream_bytes {
            continue;
        }
        let too_large = || ScanError::TooLarge {
            what: "a decompressed PDF stream",
            what_zh: "解压后的 PDF 数据流",
            size: limits.max_stream_bytes + 1,
            max: limits.max_stream_bytes,
        };
        if pos == 0 && filters[0] == Filter::FlateDecode {
            // Count the inflated bytes without keeping them.
            let mut z = flate2::read::ZlibDecoder::new(&raw[..]).take(limits.max_stream_bytes + 1);
            let n = std::io::copy(&mut z, &mut std::io::sink()).unwrap_or(0);
            if n > limits.max_stream_bytes {
                return Err(too_large());
            }
        } else {
            // LZW, or Flate behind another filter: no cheap bounded check.
            return Err(too_large());
        }
    }
    Ok(())
}

pub(crate) fn scan_pdf(bytes: &[u8], limits: &Limits, start: Instant) -> Result<Scan, ScanError> {
    let meter = Meter::new(limits, start);
    let deadline = limits.end(start);
    let pdf = open(bytes, limits)?;
    let attachment = find_attachment(&pdf, limits);
    let pages = pdf.pages();
    let n_pages = pages.len() as u32;
    let mut codes = Vec::new();
    let mut timed_out = false;
    let mut scanned = 0;
    let cache = RenderCache::new();
    let mut seen = HashSet::new();
    let mut not_rendered = None;
    for (i, page) in pages.iter().enumerate().take(limits.max_pdf_pages as usize) {
        if Instant::now() >= deadline {
            timed_out = true;
            break;
        }
        // A stop inside hayro unwinds to here: past the time budget, the
        // codes found on earlier pages stand; past another budget, the file
        // is refused.
        let r = crate::guarded(limits, || scan_page(page, &cache, limits, &meter, &mut seen, &mut not_rendered));
        let (mut found, t) = match r {
            Ok(x) => x,
            Err(ScanError::Timeout(_)) if !codes.is_empty() || attachment.is_some() => {
                timed_out = true;
                break;
            }
            Err(e) => return Err(e),
        };
        timed_out |= t;
        for c in &mut found {
            c.page = Some(i as u32);
        }
        decode::merge(&mut codes, found);
        scanned += 1;
    }
    if let Some(e) = not_rendered {
        if codes.is_empty() && attachment.is_none() {
            return Err(e);
        }
    }
    finish(Scan { kind: InputKind::Pdf, codes, attachment, pages: n_pages, pages_scanned: scanned, timed_out }, limits)
}

/// An image placed on the page, converted to grey, with the transform from its
/// pixel grid to page points (top-left origin).
struct Placed {
    gray: Gray,
    to_page: Affine,
}

/// A hayro device that collects the images drawn on a page, and meters the
/// interpretation: every callback ticks the file's [`Meter`] (time and
/// operation count, checked inside hayro's interpreter, which calls a
/// device at least once per drawing and per form XObject), and each image
/// is decoded once per file however often it is drawn. Type 3 glyphs, tiling
/// patterns and soft masks are interpreted into it as well, as the renderer
/// would, so that their cost is known before a page is rendered.
struct ImageCollector<'l> {
    images: Vec<Placed>,
    /// Image XObjects already decoded in this file (by hayro's cache key).
    seen: &'l mut HashSet<u128>,
    /// Soft masks and patterns already interpreted on this page.
    interpreted: HashSet<u128>,
    limits: &'l Limits,
    meter: &'l Meter,
    /// Image pixels drawn on the page, counted per drawing (what rendering
    /// the page would decode).
    drawn_pixels: u64,
    error: Option<ScanError>,
}

impl<'a> ImageCollector<'_> {
    fn soft_mask(&mut self, mask: Option<&SoftMask<'a>>) {
        use hayro::hayro_interpret::CacheKey;
        if let Some(m) = mask {
            if self.interpreted.insert(m.cache_key()) {
                m.interpret(self);
            }
        }
    }

    fn paint(&mut self, props: &DrawProps<'a>) {
        use hayro::hayro_interpret::pattern::Pattern;
        use hayro::hayro_interpret::{CacheKey, Paint};
        if let Paint::Pattern(p) = &props.paint {
            if let Pattern::Tiling(t) = &**p {
                if self.interpreted.insert(t.cache_key()) {
                    t.interpret(self, props.transform, false);
                }
            }
        }
        self.soft_mask(props.soft_mask.as_ref());
    }
}

impl<'a> Device<'a> for ImageCollector<'_> {
    fn draw_path(&mut self, _: &BezPath, props: DrawProps<'a>, _: &DrawMode) {
        self.meter.tick();
        self.paint(&props);
    }
    fn push_clip_path(&mut self, _: &ClipPath) {
        self.meter.tick();
    }
    fn push_transparency_group(&mut self, _: f32, mask: Option<SoftMask<'a>>, _: BlendMode) {
        self.meter.tick();
        self.soft_mask(mask.as_ref());
    }
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        use hayro::hayro_interpret::font::Glyph;
        self.meter.tick();
        for g in run.glyphs() {
            if let Glyph::Type3(t) = &**g {
                self.meter.tick();
                t.interpret(self, props.transform, g.transform(), &props.paint);
            }
        }
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        use hayro::hayro_interpret::CacheKey;
        self.meter.tick();
        self.soft_mask(props.soft_mask.as_ref());
        let (w, h) = (image.width(), image.height());
        self.drawn_pixels = self.drawn_pixels.saturating_add(w as u64 * h as u64);
        if w < MIN_QR_IMAGE_SIDE || h < MIN_QR_IMAGE_SIDE || self.error.is_some() {
            return;
        }
        if let Err(e) = check_pixels(w as u64, h as u64, self.limits) {
            self.error = Some(e);
            return;
        }
        // Decoded once per file: the same image drawn a hundred times costs
        // one decode (its first placement is the one scanned).
        if !self.seen.insert(image.cache_key()) {
            return;
        }
        // Colour samples, the grey copy and an alpha plane.
        self.meter.charge(w as u64 * h as u64 * 5);
        let mut placed = None;
        match &image {
            Image::Raster(r) => r.with_rgba(
                |data, alpha| {
                    let (gray, sx, sy) = match data {
                        ImageData::Luma(l) => {
                            (Gray::new(l.width, l.height, l.data), l.scale_factors.0, l.scale_factors.1)
                        }
                        ImageData::Rgb(c) => {
                            let luma = c
                                .data
                                .chunks_exact(3)
                                .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
                                .collect();
                            (Gray::new(c.width, c.height, luma), c.scale_factors.0, c.scale_factors.1)
                        }
                    };
                    let mut gray = gray;
                    if let Some(a) = alpha {
                        if a.data.len() == gray.data.len() {
                            for (v, a) in gray.data.iter_mut().zip(&a.data) {
                                let a = *a as u32;
                                *v = ((*v as u32 * a + 255 * (255 - a)) / 255) as u8;
                            }
                        }
                    }
                    let to_page = props.transform * Affine::scale_non_uniform(sx as f64, sy as f64);
                    placed = Some(Placed { gray, to_page });
                },
                None,
            ),
            Image::Stencil(s) => s.with_stencil(
                |mask, _paint| {
                    // Painted (mask 255) = dark module.
                    let data = mask.data.iter().map(|v| 255 - v).collect();
                    let to_page = props.transform
                        * Affine::scale_non_uniform(mask.scale_factors.0 as f64, mask.scale_factors.1 as f64);
                    placed = Some(Placed { gray: Gray::new(mask.width, mask.height, data), to_page });
                },
                None,
            ),
        }
        if let Some(p) = placed {
            if p.gray.data.len() == p.gray.width as usize * p.gray.height as usize {
                self.images.push(p);
            }
        }
    }
}

fn page_transform(page: &Page<'_>, scale: f64) -> Affine {
    use hayro::hayro_interpret::util::TransformExt;
    Affine::scale(scale) * page.initial_transform(true).to_kurbo()
}

/// Scans one page: its images, then (when they give no BC1 code and the
/// page is simple enough to render within the budget) the rendered page.
/// `not_rendered` is set when the page was too costly to render.
fn scan_page<'a>(
    page: &'a Page<'a>,
    cache: &RenderCache<'a>,
    limits: &Limits,
    meter: &Meter,
    seen: &mut HashSet<u128>,
    not_rendered: &mut Option<ScanError>,
) -> Result<(Vec<Code>, bool), ScanError> {
    let deadline = meter.deadline();
    let opts = RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: Some(deadline) };
    let mut codes = Vec::new();

    // 1. Image XObjects at native resolution.
    let icache = InterpreterCache::new();
    let (pw, ph) = page.render_dimensions();
    let mut ctx = Context::new(
        page_transform(page, 1.0),
        Rect::new(0.0, 0.0, pw as f64, ph as f64),
        &icache,
        page.xref(),
        InterpreterSettings::default(),
    );
    let ops_before = meter.ops();
    let mut dev = ImageCollector {
        images: Vec::new(),
        seen,
        interpreted: HashSet::new(),
        limits,
        meter,
        drawn_pixels: 0,
        error: None,
    };
    interpret_page(page, &mut ctx, &mut dev);
    if let Some(e) = dev.error {
        return Err(e);
    }
    let page_ops = meter.ops() - ops_before;
    let drawn_bytes = dev.drawn_pixels.saturating_mul(4);
    // Squarest images first: a QR code is square, a signature strip is not.
    // Once a BC1 code is found, images more than twice as wide as tall (or
    // the reverse) are skipped: they cannot hold a second whole code of a
    // useful size, and decoding them was most of the time per issuer PDF.
    let aspect = |p: &Placed| {
        let (w, h) = (p.gray.width.max(1) as f32, p.gray.height.max(1) as f32);
        w.max(h) / w.min(h)
    };
    dev.images.sort_by(|a, b| aspect(a).total_cmp(&aspect(b)));
    for placed in &dev.images {
        if Instant::now() >= deadline {
            return Ok((codes, true));
        }
        if aspect(placed) > 2.0 && codes.iter().any(Code::is_bc1) {
            continue;
        }
        let (found, timed_out) = scan_placed(placed, &opts);
        decode::merge(&mut codes, found);
        if timed_out {
            return Ok((codes, true));
        }
    }
    if codes.iter().any(Code::is_bc1) {
        return Ok((codes, false));
    }

    // 2. The rendered page: vector-drawn codes, and whatever else. Rendering
    // repeats the interpretation just metered (hayro's renderer cannot be
    // interrupted), and decodes every image at each drawing: a page past
    // the operation or memory bound is not rendered.
    if page_ops > limits.max_render_ops {
        *not_rendered = Some(ScanError::Budget {
            zh: format!("一页的绘图操作超过 {} 次，未渲染该页", limits.max_render_ops),
            en: format!("more than {} drawing operations on a page; it was not rendered", limits.max_render_ops),
        });
        return Ok((codes, false));
    }
    if drawn_bytes > limits.max_decoded_bytes {
        *not_rendered = Some(ScanError::Budget {
            zh: format!("一页绘制的图像超过 {} MiB，未渲染该页", limits.max_decoded_bytes >> 20),
            en: format!(
                "more than {} MiB of images drawn on a page; it was not rendered",
                limits.max_decoded_bytes >> 20
            ),
        });
        return Ok((codes, false));
    }
    let page_px = pw as f64 * ph as f64 / (72.0 * 72.0); // square inches
    for dpi in [200.0f64, 300.0] {
        if Instant::now() >= deadline {
            return Ok((codes, true));
        }
        let max_dpi = (limits.max_render_pixels as f64 / page_px.max(1e-6)).sqrt();
        let dpi = dpi.min(max_dpi).min(65535.0 / (pw.max(ph) as f64 / 72.0));
        if dpi < 36.0 {
            break;
        }
        let scale = dpi / 72.0;
        // The raster, its grey copy and the decoder's working copies.
        meter.charge((page_px * dpi * dpi) as u64 * 6 + drawn_bytes);
        let pix = hayro::render(
            page,
            cache,
            &InterpreterSettings::default(),
            &RenderSettings::default(),
            &PixmapSettings { x_scale: scale as f32, y_scale: scale as f32, bg_color: WHITE },
        );
        let (w, h) = (pix.width() as u32, pix.height() as u32);
        let luma = pix
            .data()
            .iter()
            .map(|p| {
                // Premultiplied on an opaque white background: alpha is 255.
                ((p.r as u32 * 77 + p.g as u32 * 150 + p.b as u32 * 29) >> 8) as u8
            })
            .collect();
        let g = Gray::new(w, h, luma);
        let (found, timed_out) = decode::run(&g, &opts);
        let s = (1.0 / scale) as f32;
        decode::merge(
            &mut codes,
            found
                .into_iter()
                .map(|mut c| {
                    for p in &mut c.corners {
                        p[0] *= s;
                        p[1] *= s;
                    }
                    c
                })
                .collect(),
        );
        if timed_out {
            return Ok((codes, true));
        }
        if !codes.is_empty() {
            break;
        }
    }
    Ok((codes, false))
}

/// Scans one placed image; codes in page points.
fn scan_placed(p: &Placed, opts: &RunOptions) -> (Vec<Code>, bool) {
    // A code stored at 1–3 pixels per module, often without quiet zone: enlarge
    // and pad, so that the finder-pattern scan has room.
    let long = p.gray.width.max(p.gray.height);
    let (factor, pad) = if long < 400 { ((400 / long).clamp(1, 8), 32u32) } else { (1, 0) };
    let (found, timed_out) = if factor > 1 || long < 400 {
        let g = p.gray.upscale_padded(factor, pad);
        let (mut found, t) = decode::run(&g, opts);
        for c in &mut found {
            for q in &mut c.corners {
                q[0] = (q[0] - pad as f32) / factor as f32;
                q[1] = (q[1] - pad as f32) / factor as f32;
            }
        }
        (found, t)
    } else {
        decode::run(&p.gray, opts)
    };
    let found = found
        .into_iter()
        .map(|mut c| {
            for q in &mut c.corners {
                let pt = p.to_page * Point::new(q[0] as f64, q[1] as f64);
                *q = [pt.x as f32, pt.y as f32];
            }
            c
        })
        .collect();
    (found, timed_out)
}

/// The name of an embedded file that carries the QR text.
const ATTACHMENT_NAME: &str = "bc1.txt";
/// Bounds on walking a name tree.
const MAX_NAME_TREE_NODES: usize = 10_000;
const MAX_NAME_TREE_DEPTH: usize = 32;

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding ~ Latin-1).
fn pdf_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| c as char).collect()
}

fn filespec_name(spec: &Dict<'_>) -> Option<String> {
    for key in ["UF", "F"] {
        if let Some(s) = spec.get::<hayro::hayro_syntax::object::String>(key) {
            return Some(pdf_string(s.as_bytes()));
        }
    }
    None
}

fn filespec_text(spec: &Dict<'_>, limits: &Limits) -> Option<String> {
    let ef = spec.get::<Dict>("EF")?;
    let stream = ef.get::<Stream>("F").or_else(|| ef.get::<Stream>("UF"))?;
    let data = stream.decoded().ok()?;
    if data.len() > limits.max_attachment_bytes {
        return None;
    }
    let data = data.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&data);
    Some(String::from_utf8_lossy(data).into_owned())
}

fn is_attachment_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.eq_ignore_ascii_case(ATTACHMENT_NAME)
}

/// Finds the `bc1.txt` embedded file: in the document's EmbeddedFiles name
/// tree, else in a FileAttachment annotation of a page.
fn find_attachment(pdf: &Pdf, limits: &Limits) -> Option<String> {
    let xref = pdf.xref();
    let catalog = xref.get::<Dict>(xref.root_id())?;
    if let Some(tree) = catalog.get::<Dict>("Names").and_then(|n| n.get::<Dict>("EmbeddedFiles")) {
        let mut stack = vec![(tree, 0usize)];
        let mut visited = 0;
        while let Some((node, depth)) = stack.pop() {
            visited += 1;
            if visited > MAX_NAME_TREE_NODES {
                break;
            }
            if let Some(names) = node.get::<Array>("Names") {
                let mut it = names.iter::<Object>();
                while let (Some(_key), Some(val)) = (it.next(), it.next()) {
                    if let Object::Dict(spec) = val {
                        if filespec_name(&spec).is_some_and(|n| is_attachment_name(&n)) {
                            if let Some(t) = filespec_text(&spec, limits) {
                                return Some(t);
                            }
                        }
                    }
                }
            }
            if depth < MAX_NAME_TREE_DEPTH {
                if let Some(kids) = node.get::<Array>("Kids") {
                    for kid in kids.iter::<Dict>() {
                        stack.push((kid, depth + 1));
                    }
                }
            }
        }
    }
    for page in pdf.pages().iter().take(limits.max_pdf_pages as usize) {
        let Some(annots) = page.raw().get::<Array>("Annots") else {
            continue;
        };
        for annot in annots.iter::<Dict>() {
            if annot.get::<Name>("Subtype").is_none_or(|n| n.as_str() != "FileAttachment") {
                continue;
            }
            if let Some(spec) = annot.get::<Dict>("FS") {
                if filespec_name(&spec).is_some_and(|n| is_attachment_name(&n)) {
                    if let Some(t) = filespec_text(&spec, limits) {
                        return Some(t);
                    }
                }
            }
        }
    }
    None
}

/// A device that collects glyphs' Unicode text with their device positions.
///
/// Lines and word gaps are judged along each glyph's own baseline (its
/// transform's x axis), not the device's axes: text on a page with `/Rotate
/// 90` (or drawn rotated by its content stream) comes out as the same lines
/// as upright text.
struct TextCollector<'m> {
    out: String,
    /// The last glyph's origin and em size, in device space.
    last: Option<(Point, f64)>,
    /// Ticked at every callback (time and operation count, inside hayro).
    meter: &'m Meter,
}

impl<'a> Device<'a> for TextCollector<'_> {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {
        self.meter.tick();
    }
    fn push_clip_path(&mut self, _: &ClipPath) {
        self.meter.tick();
    }
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        self.meter.tick();
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.meter.tick();
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        use hayro::hayro_interpret::hayro_cmap::BfString;
        self.meter.tick();
        if self.out.len() > 16 << 20 {
            // Text past 16 MiB is no certificate's: stop collecting.
            return;
        }
        for g in run.glyphs() {
            let t = props.transform * g.transform();
            let pos = t * Point::ORIGIN;
            // Glyph space is 1/1000 em for all but Type 3 fonts.
            let em = (t * Point::new(0.0, 1000.0) - pos).hypot().max(1.0);
            // The baseline's direction in device space.
            let adv = t * Point::new(1000.0, 0.0) - pos;
            let (ux, uy) = if adv.hypot() > 1e-9 { (adv.x / adv.hypot(), adv.y / adv.hypot()) } else { (1.0, 0.0) };
            let ends_in_space = self.out.ends_with(char::is_whitespace) || self.out.is_empty();
            if let Some((last, last_em)) = self.last {
                let em = em.max(last_em);
                let d = pos - last;
                let along = d.x * ux + d.y * uy;
                let across = d.y * ux - d.x * uy;
                if across.abs() > em * 0.5 {
                    self.out.push('\n');
                } else if along > em * 1.3 && !ends_in_space {
                    self.out.push(' ');
                }
            }
            match g.as_unicode() {
                Some(BfString::Char(c)) => self.out.push(c),
                Some(BfString::String(s)) => self.out.push_str(&s),
                None => {}
            }
            self.last = Some((pos, em));
        }
    }
}

pub(crate) fn pdf_text(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ScanError> {
    let start = Instant::now();
    let meter = Meter::new(limits, start);
    let deadline = limits.end(start);
    let pdf = open(bytes, limits)?;
    let mut out = Vec::new();
    for page in pdf.pages().iter().take(limits.max_pdf_pages as usize) {
        if Instant::now() >= deadline {
            return Err(ScanError::Timeout(limits.time_budget));
        }
        let icache = InterpreterCache::new();
        let (pw, ph) = page.render_dimensions();
        let mut ctx = Context::new(
            page_transform(page, 1.0),
            Rect::new(0.0, 0.0, pw as f64, ph as f64),
            &icache,
            page.xref(),
            InterpreterSettings::default(),
        );
        let mut dev = TextCollector { out: String::new(), last: None, meter: &meter };
        interpret_page(page, &mut ctx, &mut dev);
        out.push(dev.out);
    }
    Ok(out)
}
