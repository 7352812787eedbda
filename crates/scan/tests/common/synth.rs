//! Synthetic test images: QR codes, certificate-like pages and their
//! distortions. Shared by the tests, the criterion bench and the BC1
//! benchmark set generator (`examples/gen_bc1.rs`) through `#[path]`.
#![allow(dead_code)]

use image::{GrayImage, Luma};
use qrcode::{EcLevel, QrCode};

/// A small deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    /// Approximately normal(0, 1).
    pub fn gauss(&mut self) -> f64 {
        (0..6).map(|_| self.f()).sum::<f64>() - 3.0
    }
}

/// A realistic BC1 QR text: "BC1:" + `n` Base45 characters.
pub fn bc1_text(seed: u64, n: usize) -> String {
    const B45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut r = Rng::new(seed);
    let mut s = String::from("BC1:");
    for _ in 0..n {
        s.push(B45[(r.next_u64() % 45) as usize] as char);
    }
    // Verifiers trim surrounding whitespace: end on a non-space.
    if s.ends_with(' ') {
        s.pop();
        s.push('0');
    }
    s
}

/// The module matrix of a QR code (true = dark), side length in modules.
pub fn qr_modules(text: &str, ec: EcLevel) -> (Vec<bool>, usize) {
    let code = QrCode::with_error_correction_level(text.as_bytes(), ec).expect("encodable");
    let w = code.width();
    let m = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    (m, w)
}

/// Draws a QR code into `img` with its top-left module corner at (x, y) and
/// `px` pixels per module (fractional allowed, area-sampled). Returns the
/// symbol's corners [TL, TR, BR, BL] (outer edge of the modules).
pub fn draw_qr(img: &mut GrayImage, text: &str, ec: EcLevel, x: f64, y: f64, px: f64) -> [[f32; 2]; 4] {
    let (m, w) = qr_modules(text, ec);
    let size = w as f64 * px;
    let (x0, y0) = (x.floor().max(0.0) as u32, y.floor().max(0.0) as u32);
    let x1 = ((x + size).ceil() as u32).min(img.width());
    let y1 = ((y + size).ceil() as u32).min(img.height());
    // 4×4 supersampling per pixel.
    for py in y0..y1 {
        for pxl in x0..x1 {
            let mut dark = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let u = (pxl as f64 + (sx as f64 + 0.5) / 4.0 - x) / px;
                    let v = (py as f64 + (sy as f64 + 0.5) / 4.0 - y) / px;
                    if u >= 0.0 && v >= 0.0 && (u as usize) < w && (v as usize) < w && m[v as usize * w + u as usize] {
                        dark += 1;
                    }
                }
            }
            if dark > 0 {
                let old = img.get_pixel(pxl, py)[0] as u32;
                let new = old * (16 - dark) / 16;
                img.put_pixel(pxl, py, Luma([new as u8]));
            }
        }
    }
    let (x, y, s) = (x as f32, y as f32, size as f32);
    [[x, y], [x + s, y], [x + s, y + s], [x, y + s]]
}

/// A white A4 page at `dpi` with text-like clutter (lines of dark blobs), a
/// frame and a QR code of `text` at level Q, `qr_mm` wide, at the lower right.
/// Returns the page and the code's corners.
pub fn certificate_page(dpi: f64, text: &str, qr_mm: f64, seed: u64) -> (GrayImage, [[f32; 2]; 4]) {
    let mm = dpi / 25.4;
    let (w, h) = ((210.0 * mm).round() as u32, (297.0 * mm).round() as u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    let mut r = Rng::new(seed);
    // Frame.
    let t = (1.0 * mm).max(1.0) as u32;
    let (fx0, fy0, fx1, fy1) = ((12.0 * mm) as u32, (12.0 * mm) as u32, w - (12.0 * mm) as u32, h - (12.0 * mm) as u32);
    for x in fx0..fx1 {
        for k in 0..t {
            img.put_pixel(x, fy0 + k, Luma([40]));
            img.put_pixel(x, fy1 - k, Luma([40]));
        }
    }
    for y in fy0..fy1 {
        for k in 0..t {
            img.put_pixel(fx0 + k, y, Luma([40]));
            img.put_pixel(fx1 - k, y, Luma([40]));
        }
    }
    // Title and text lines: rows of glyph-like blobs.
    let mut y = 30.0 * mm;
    let mut line = 0;
    while y < 190.0 * mm {
        let gh = if line == 0 { 9.0 * mm } else { 4.0 * mm };
        let mut x = if line == 0 { 60.0 * mm } else { 25.0 * mm };
        let end = if line == 0 { 150.0 * mm } else { r.range(120.0, 185.0) * mm };
        while x < end {
            let gw = gh * r.range(0.6, 1.0);
            // A glyph: a few strokes.
            for _ in 0..4 {
                let horiz = r.f() < 0.5;
                let (sx, sy) = (x + r.f() * gw * 0.7, y + r.f() * gh * 0.7);
                let (lw, lh) =
                    if horiz { (gw * r.range(0.3, 0.9), gh * 0.12) } else { (gw * 0.12, gh * r.range(0.3, 0.9)) };
                for py in sy as u32..(sy + lh).min(h as f64 - 1.0) as u32 {
                    for px in sx as u32..(sx + lw).min(w as f64 - 1.0) as u32 {
                        img.put_pixel(px, py, Luma([20]));
                    }
                }
            }
            x += gw * 1.15;
            if r.f() < 0.12 {
                x += gw;
            }
        }
        y += gh * 2.2;
        line += 1;
    }
    let px = qr_mm * mm / qr_modules(text, EcLevel::Q).1 as f64;
    let size = qr_mm * mm;
    let corners = draw_qr(&mut img, text, EcLevel::Q, w as f64 - 25.0 * mm - size, h as f64 - 30.0 * mm - size, px);
    (img, corners)
}

/// Bilinear sample with white outside.
fn sample(img: &GrayImage, x: f64, y: f64) -> f64 {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    let p = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= w || y >= h {
            255.0
        } else {
            img.get_pixel(x as u32, y as u32)[0] as f64
        }
    };
    let a = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
    let b = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
    a * (1.0 - fy) + b * fy
}

/// A 3×3 homography, row-major.
pub type H = [f64; 9];

pub fn apply(h: &H, x: f64, y: f64) -> (f64, f64) {
    let d = h[6] * x + h[7] * y + h[8];
    ((h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d)
}

/// Inverse of a 3×3 homography.
pub fn invert(h: &H) -> H {
    let [a, b, c, d, e, f, g, hh, i] = *h;
    let co = [
        e * i - f * hh,
        -(b * i - c * hh),
        b * f - c * e,
        -(d * i - f * g),
        a * i - c * g,
        -(a * f - c * d),
        d * hh - e * g,
        -(a * hh - b * g),
        a * e - b * d,
    ];
    let det = a * co[0] + b * co[3] + c * co[6];
    co.map(|v| v / det)
}

/// Warps `img` by the homography `h` (source → destination) into a `w`×`h` canvas.
pub fn warp(img: &GrayImage, hm: &H, w: u32, h: u32) -> GrayImage {
    let inv = invert(hm);
    GrayImage::from_fn(w, h, |x, y| {
        let (sx, sy) = apply(&inv, x as f64 + 0.5, y as f64 + 0.5);
        Luma([sample(img, sx - 0.5, sy - 0.5).round() as u8])
    })
}

/// Rotation by `deg` about the image centre, canvas grown to fit.
pub fn rotation(w: u32, h: u32, deg: f64) -> (H, u32, u32) {
    let (s, c) = deg.to_radians().sin_cos();
    let (nw, nh) = ((w as f64 * c.abs() + h as f64 * s.abs()).ceil(), (w as f64 * s.abs() + h as f64 * c.abs()).ceil());
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let (ncx, ncy) = (nw / 2.0, nh / 2.0);
    let hm = [c, -s, ncx - c * cx + s * cy, s, c, ncy - s * cx - c * cy, 0.0, 0.0, 1.0];
    (hm, nw as u32, nh as u32)
}

/// The homography mapping the unit-square corners to four points.
pub fn square_to_quad(q: [(f64, f64); 4]) -> H {
    let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
    let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
    let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
    let den = dx1 * dy2 - dx2 * dy1;
    let g = (dx3 * dy2 - dx2 * dy3) / den;
    let hh = (dx1 * dy3 - dx3 * dy1) / den;
    [x1 - x0 + g * x1, x3 - x0 + hh * x3, x0, y1 - y0 + g * y1, y3 - y0 + hh * y3, y0, g, hh, 1.0]
}

/// A perspective view of a `w`×`h` image: its corners moved inward by up to
/// `k` of the size, into a canvas of the same size.
pub fn perspective(w: u32, h: u32, k: f64, r: &mut Rng) -> H {
    let (w, h) = (w as f64, h as f64);
    let q = [
        (r.range(0.0, k) * w, r.range(0.0, k) * h),
        (w - r.range(0.0, k) * w, r.range(0.0, k) * h),
        (w - r.range(0.0, k) * w, h - r.range(0.0, k) * h),
        (r.range(0.0, k) * w, h - r.range(0.0, k) * h),
    ];
    let to_quad = square_to_quad(q);
    // unit square -> quad, composed with image -> unit square.
    let s = [1.0 / w, 0.0, 0.0, 0.0, 1.0 / h, 0.0, 0.0, 0.0, 1.0];
    mul(&to_quad, &s)
}

pub fn mul(a: &H, b: &H) -> H {
    let mut o = [0.0; 9];
    for i in 0..3 {
        for j in 0..3 {
            o[i * 3 + j] = (0..3).map(|k| a[i * 3 + k] * b[k * 3 + j]).sum();
        }
    }
    o
}

/// Box blur of radius `r`, `passes` times (≈ Gaussian).
pub fn blur(img: &GrayImage, r: u32, passes: u32) -> GrayImage {
    let mut cur = img.clone();
    let (w, h) = cur.dimensions();
    for _ in 0..passes {
        let mut tmp = cur.clone();
        for y in 0..h {
            for x in 0..w {
                let (a, b) = (x.saturating_sub(r), (x + r).min(w - 1));
                let s: u32 = (a..=b).map(|xx| cur.get_pixel(xx, y)[0] as u32).sum();
                tmp.put_pixel(x, y, Luma([(s / (b - a + 1)) as u8]));
            }
        }
        for y in 0..h {
            for x in 0..w {
                let (a, b) = (y.saturating_sub(r), (y + r).min(h - 1));
                let s: u32 = (a..=b).map(|yy| tmp.get_pixel(x, yy)[0] as u32).sum();
                cur.put_pixel(x, y, Luma([(s / (b - a + 1)) as u8]));
            }
        }
    }
    cur
}

/// Per-pixel map: v' = f(x, y, v).
pub fn map(img: &GrayImage, f: impl Fn(u32, u32, f64) -> f64) -> GrayImage {
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        Luma([f(x, y, img.get_pixel(x, y)[0] as f64).round().clamp(0.0, 255.0) as u8])
    })
}

/// Gaussian-ish noise of standard deviation `sigma`.
pub fn noise(img: &GrayImage, sigma: f64, r: &mut Rng) -> GrayImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        p[0] = (p[0] as f64 + r.gauss() * sigma * 1.41).round().clamp(0.0, 255.0) as u8;
    }
    out
}

/// Uneven light: a linear gradient from `lo` to 1.0 across the page plus a soft spot.
pub fn uneven_light(img: &GrayImage, lo: f64) -> GrayImage {
    let (w, h) = (img.width() as f64, img.height() as f64);
    map(img, |x, y, v| {
        let g = lo + (1.0 - lo) * (x as f64 / w * 0.6 + y as f64 / h * 0.4);
        let d = ((x as f64 - w * 0.3).powi(2) + (y as f64 - h * 0.3).powi(2)).sqrt() / w;
        v * g * (0.85 + 0.15 * (-d * d * 8.0).exp())
    })
}

/// Contrast compressed into [lo, hi].
pub fn low_contrast(img: &GrayImage, lo: f64, hi: f64) -> GrayImage {
    map(img, |_, _, v| lo + v / 255.0 * (hi - lo))
}

/// Area downscale by a real factor (> 1).
pub fn resize(img: &GrayImage, w: u32, h: u32) -> GrayImage {
    image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle)
}

pub fn jpeg(img: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    img.write_with_encoder(enc).expect("jpeg");
    out
}

pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).expect("png");
    out
}

/// A QR code alone on a white canvas with a quiet zone of 4 modules.
pub fn qr_image(text: &str, ec: EcLevel, px: u32) -> (GrayImage, [[f32; 2]; 4]) {
    let (_, w) = qr_modules(text, ec);
    let side = (w as u32 + 8) * px;
    let mut img = GrayImage::from_pixel(side, side, Luma([255]));
    let c = draw_qr(&mut img, text, ec, 4.0 * px as f64, 4.0 * px as f64, px as f64);
    (img, c)
}
