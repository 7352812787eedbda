//! Rasterising PDF pages (hayro, in-process) and "scanned page" / "phone photo" looks
//! for demo data. Every look is deterministic from its seed.

use std::sync::Arc;

use hayro::hayro_interpret::font::FontQuery;
use hayro::hayro_interpret::hayro_cmap::CidFamily;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::{Rgb, RgbImage};

use crate::error::{PdfGenError, Result};
use crate::fonts::Fonts;
use crate::rng::Rng;

/// Number of pages in a PDF.
pub fn page_count(pdf: &[u8]) -> Result<usize> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| PdfGenError::PdfRead(format!("{e:?}")))?;
    Ok(doc.pages().len())
}

/// Renders page `page_index` (0-based) of `pdf` at `dpi` (18 to 600) on white.
///
/// Page rotation (/Rotate) is applied. Fonts the PDF does not embed are taken from
/// `fonts` when given (Chinese), else from hayro's built-in standard fonts.
pub fn render_page(pdf: &[u8], page_index: usize, dpi: f32, fonts: Option<&Fonts>) -> Result<RgbImage> {
    if !(18.0..=600.0).contains(&dpi) {
        return Err(PdfGenError::invalid("dpi", format!("{dpi}：应为 18 到 600"), format!("{dpi}: must be 18 to 600")));
    }
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| PdfGenError::PdfRead(format!("{e:?}")))?;
    let pages = doc.pages();
    let page = pages.get(page_index).ok_or_else(|| {
        PdfGenError::invalid(
            "page_index",
            format!("第 {} 页不存在（共 {} 页）", page_index + 1, pages.len()),
            format!("page {} does not exist ({} pages)", page_index + 1, pages.len()),
        )
    })?;
    let (w, h) = page.render_dimensions();
    let scale = dpi / 72.0;
    if w * scale > 20000.0 || h * scale > 20000.0 || w <= 0.0 || h <= 0.0 {
        return Err(PdfGenError::invalid(
            "dpi",
            format!("页面过大（{dpi} dpi）"),
            format!("page too large at {dpi} dpi"),
        ));
    }
    let cjk = fonts.map(|f| (f.data_arc(), f.index()));
    let settings = InterpreterSettings {
        font_resolver: Arc::new(move |query| match query {
            FontQuery::Standard(s) => Some(s.get_font_data()),
            FontQuery::Fallback(f) => {
                let is_cjk = f.character_collection.as_ref().is_some_and(|cc| {
                    matches!(
                        cc.family,
                        CidFamily::AdobeGB1 | CidFamily::AdobeCNS1 | CidFamily::AdobeJapan1 | CidFamily::AdobeKorea1
                    )
                });
                match (&cjk, is_cjk) {
                    (Some((data, index)), true) => {
                        let data: hayro::hayro_interpret::font::FontData = data.clone();
                        Some((data, *index))
                    }
                    _ => Some(f.pick_standard_font().get_font_data()),
                }
            }
        }),
        ..Default::default()
    };
    let cache = RenderCache::new();
    let pix = hayro::render(
        page,
        &cache,
        &settings,
        &RenderSettings::default(),
        &PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE },
    );
    let (pw, ph) = (u32::from(pix.width()), u32::from(pix.height()));
    let data = pix.data_as_u8_slice();
    // Opaque white background: premultiplied equals straight alpha.
    Ok(RgbImage::from_fn(pw, ph, |x, y| {
        let i = ((y * pw + x) * 4) as usize;
        Rgb([data[i], data[i + 1], data[i + 2]])
    }))
}

/// JPEG bytes of an image at `quality` (1 to 100).
pub fn jpeg_bytes(img: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
    img.write_with_encoder(enc).map_err(|e| PdfGenError::ImageEncode(e.to_string()))?;
    Ok(out)
}

/// PNG bytes of an image.
pub fn png_bytes(img: &RgbImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| PdfGenError::ImageEncode(e.to_string()))?;
    Ok(out)
}

fn roundtrip_jpeg(img: &RgbImage, quality: u8) -> Result<RgbImage> {
    let bytes = jpeg_bytes(img, quality)?;
    Ok(image::load_from_memory(&bytes).map_err(|e| PdfGenError::ImageEncode(e.to_string()))?.to_rgb8())
}

/// Makes a rendered page look like a flatbed scan: gray, slightly rotated
/// (at most 2°), a little off-white paper, gray noise, JPEG artefacts.
/// Same size as the input; the same `seed` gives the same image.
pub fn scan_look(img: &RgbImage, seed: u64) -> Result<RgbImage> {
    let mut rng = Rng::new(seed);
    let (w, h) = img.dimensions();
    let angle = rng.range(-2.0, 2.0).to_radians();
    let (dx, dy) = (rng.range(-0.01, 0.01) * w as f32, rng.range(-0.01, 0.01) * h as f32);
    let paper = rng.range(232.0, 246.0);
    let gamma = rng.range(0.9, 1.1);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (sin, cos) = angle.sin_cos();
    let mut noise = Rng::new(seed ^ 0x5EED);
    let out = RgbImage::from_fn(w, h, |x, y| {
        // Inverse rotation about the centre, plus a small shift.
        let (fx, fy) = (x as f32 - cx - dx, y as f32 - cy - dy);
        let sx = cos * fx + sin * fy + cx;
        let sy = -sin * fx + cos * fy + cy;
        let v = sample_gray(img, sx, sy, 255.0);
        // Paper is not pure white, ink is not pure black.
        let v = 18.0 + (v / 255.0).powf(gamma) * (paper - 18.0);
        let v = v + noise.gauss() * 6.0;
        let g = v.clamp(0.0, 255.0) as u8;
        Rgb([g, g, g])
    });
    roundtrip_jpeg(&out, 82)
}

/// Makes a rendered page look like a phone photo of a printout: perspective,
/// on a desk, uneven lighting, blur, lower resolution, noise, JPEG.
/// About 70 % of the input size; the same `seed` gives the same image.
pub fn photo_look(img: &RgbImage, seed: u64) -> Result<RgbImage> {
    let mut rng = Rng::new(seed);
    let (w, h) = img.dimensions();
    let scale = rng.range(0.62, 0.78);
    let (ow, oh) = (((w as f32) * scale).max(16.0) as u32, ((h as f32) * scale).max(16.0) as u32);
    // Where the page's corners land in the photo (tl, tr, br, bl), page shrunk into the frame.
    let m = 0.06;
    let jitter = |rng: &mut Rng| rng.range(-0.045, 0.045);
    let corners = [
        ((m + jitter(&mut rng)) * ow as f32, (m + jitter(&mut rng)) * oh as f32),
        ((1.0 - m + jitter(&mut rng)) * ow as f32, (m + jitter(&mut rng)) * oh as f32),
        ((1.0 - m + jitter(&mut rng)) * ow as f32, (1.0 - m + jitter(&mut rng)) * oh as f32),
        ((m + jitter(&mut rng)) * ow as f32, (1.0 - m + jitter(&mut rng)) * oh as f32),
    ];
    let src = [(0.0, 0.0), (w as f32, 0.0), (w as f32, h as f32), (0.0, h as f32)];
    // Homography from photo to page coordinates.
    let hmat = homography(&corners, &src).ok_or_else(|| PdfGenError::ImageEncode("perspective".into()))?;
    let desk = [rng.range(60.0, 120.0), rng.range(50.0, 100.0), rng.range(40.0, 80.0)];
    let (lx, ly) = (rng.range(0.0, ow as f32), rng.range(0.0, oh as f32));
    let light_strength = rng.range(0.25, 0.45);
    let warm = rng.range(0.0, 0.08);
    let diag = ((ow * ow + oh * oh) as f32).sqrt();
    // Downscaling factor from page to photo: sample with a small box to avoid aliasing.
    let foot = (1.0 / scale).max(1.0) * 0.5;
    let mut noise = Rng::new(seed ^ 0xF070);
    let mut out = RgbImage::from_fn(ow, oh, |x, y| {
        let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
        let (sx, sy) = apply(&hmat, px, py);
        let inside = sx >= 0.0 && sy >= 0.0 && sx < w as f32 && sy < h as f32;
        let base = if inside {
            let mut acc = [0f32; 3];
            for (ox, oy) in [(-foot, -foot), (foot, -foot), (-foot, foot), (foot, foot)] {
                let p = sample_rgb(img, sx + ox, sy + oy);
                for k in 0..3 {
                    acc[k] += p[k] / 4.0;
                }
            }
            acc
        } else {
            desk
        };
        // Uneven lighting: brighter near the light spot, darker away from it.
        let d = ((px - lx).powi(2) + (py - ly).powi(2)).sqrt() / diag;
        let light = 1.0 - light_strength * d;
        let n = noise.gauss() * 4.0;
        Rgb([
            (base[0] * light * (1.0 + warm) + n).clamp(0.0, 255.0) as u8,
            (base[1] * light + n).clamp(0.0, 255.0) as u8,
            (base[2] * light * (1.0 - warm) + n).clamp(0.0, 255.0) as u8,
        ])
    });
    let sigma = rng.range(0.5, 1.1);
    out = image::imageops::blur(&out, sigma);
    roundtrip_jpeg(&out, 75)
}

fn sample_rgb(img: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = img.dimensions();
    let x = (x - 0.5).clamp(0.0, w as f32 - 1.0);
    let y = (y - 0.5).clamp(0.0, h as f32 - 1.0);
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let mut out = [0f32; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let p = |xx, yy| f32::from(img.get_pixel(xx, yy)[k]);
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bot = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        *o = top * (1.0 - fy) + bot * fy;
    }
    out
}

fn sample_gray(img: &RgbImage, x: f32, y: f32, outside: f32) -> f32 {
    let (w, h) = img.dimensions();
    if x < 0.0 || y < 0.0 || x >= w as f32 || y >= h as f32 {
        return outside;
    }
    let p = sample_rgb(img, x, y);
    0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
}

/// 3×3 homography mapping the four `from` points onto the four `to` points.
fn homography(from: &[(f32, f32); 4], to: &[(f32, f32); 4]) -> Option<[f64; 9]> {
    // Solve the 8×8 linear system with Gaussian elimination.
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = (f64::from(from[i].0), f64::from(from[i].1));
        let (u, v) = (f64::from(to[i].0), f64::from(to[i].1));
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let piv = (col..8).max_by(|&r1, &r2| a[r1][col].abs().total_cmp(&a[r2][col].abs()))?;
        if a[piv][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, piv);
        for r in 0..8 {
            if r != col {
                let f = a[r][col] / a[col][col];
                let pivot_row = a[col];
                for (x, p) in a[r].iter_mut().zip(pivot_row).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut hm = [0f64; 9];
    for i in 0..8 {
        hm[i] = a[i][8] / a[i][i];
    }
    hm[8] = 1.0;
    Some(hm)
}

fn apply(hm: &[f64; 9], x: f32, y: f32) -> (f32, f32) {
    let (x, y) = (f64::from(x), f64::from(y));
    let d = hm[6] * x + hm[7] * y + hm[8];
    (((hm[0] * x + hm[1] * y + hm[2]) / d) as f32, ((hm[3] * x + hm[4] * y + hm[5]) / d) as f32)
}
