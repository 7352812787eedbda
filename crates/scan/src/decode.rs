//! The image decoding pipeline: a list of "tries" (scale × binarizer × reader ×
//! polarity), cheapest first, run on an 8-bit luma raster.
//!
//! Every try maps the corners it finds back to the coordinates of the raster it
//! was given, and results are merged (same text at the same place = one code).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source};

use crate::Code;

/// An 8-bit grey raster, row-major, `data.len() == width * height`.
#[derive(Clone)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl Gray {
    pub fn new(width: u32, height: u32, data: Vec<u8>) -> Self {
        debug_assert_eq!(data.len(), width as usize * height as usize);
        Self { width, height, data }
    }

    /// Box-filter downscale by an integer factor.
    pub fn downscale(&self, f: u32) -> Gray {
        if f <= 1 {
            return self.clone();
        }
        let (w, h) = (self.width / f, self.height / f);
        let sw = self.width as usize;
        let mut out = vec![0u8; w as usize * h as usize];
        let n = f * f;
        for y in 0..h as usize {
            for x in 0..w as usize {
                let mut s = 0u32;
                for dy in 0..f as usize {
                    let row = (y * f as usize + dy) * sw + x * f as usize;
                    for v in &self.data[row..row + f as usize] {
                        s += *v as u32;
                    }
                }
                out[y * w as usize + x] = ((s + n / 2) / n) as u8;
            }
        }
        Gray::new(w, h, out)
    }

    /// Nearest-neighbour upscale by an integer factor, with a white margin of
    /// `pad` output pixels (codes cut out tight by a PDF producer lack a quiet zone).
    pub fn upscale_padded(&self, f: u32, pad: u32) -> Gray {
        let (w, h) = (self.width * f + 2 * pad, self.height * f + 2 * pad);
        let mut out = vec![255u8; w as usize * h as usize];
        for y in 0..self.height * f {
            let src = &self.data[(y / f * self.width) as usize..((y / f + 1) * self.width) as usize];
            let row = ((y + pad) * w + pad) as usize;
            for x in 0..(self.width * f) as usize {
                out[row + x] = src[x / f as usize];
            }
        }
        Gray::new(w, h, out)
    }

    /// Bilinear upscale by 2: codes at 1.5–2.5 pixels per module sample better.
    pub fn upscale2(&self) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let (ow, oh) = (w * 2, h * 2);
        let mut out = vec![0u8; ow * oh];
        let px = |x: usize, y: usize| self.data[y.min(h - 1) * w + x.min(w - 1)] as u32;
        for y in 0..oh {
            // Output pixel centre (y + 0.5) / 2 - 0.5 in source coordinates.
            let sy = (y as i64 - 1).max(0) as usize / 2;
            let fy = if y == 0 {
                0
            } else if y % 2 == 1 {
                1
            } else {
                3
            };
            for x in 0..ow {
                let sx = (x as i64 - 1).max(0) as usize / 2;
                let fx = if x == 0 {
                    0
                } else if x % 2 == 1 {
                    1
                } else {
                    3
                };
                let a = px(sx, sy) * (4 - fx) + px(sx + 1, sy) * fx;
                let b = px(sx, sy + 1) * (4 - fx) + px(sx + 1, sy + 1) * fx;
                out[y * ow + x] = ((a * (4 - fy) + b * fy + 8) / 16) as u8;
            }
        }
        Gray::new(ow as u32, oh as u32, out)
    }

    /// Unsharp mask: 2·v − box-mean(radius 2), for defocused codes.
    pub fn sharpened(&self) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut integral = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u64;
            for x in 0..w {
                row += self.data[y * w + x] as u64;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        let r = 2;
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
                let s = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                    - integral[y0 * (w + 1) + x1]
                    - integral[y1 * (w + 1) + x0];
                let mean = (s / ((y1 - y0) * (x1 - x0)) as u64) as i32;
                out[y * w + x] = (2 * self.data[y * w + x] as i32 - mean).clamp(0, 255) as u8;
            }
        }
        Gray::new(self.width, self.height, out)
    }

    pub fn inverted(&self) -> Gray {
        Gray::new(self.width, self.height, self.data.iter().map(|v| 255 - v).collect())
    }

    /// Stretches the histogram between the 1st and 99th percentile: helps on
    /// low-contrast and dim images for the global binarizer.
    pub fn stretched(&self) -> Gray {
        let mut hist = [0u32; 256];
        for &v in &self.data {
            hist[v as usize] += 1;
        }
        let total = self.data.len() as u32;
        let (mut lo, mut hi, mut acc) = (0usize, 255usize, 0u32);
        for (i, c) in hist.iter().enumerate() {
            acc += c;
            if acc > total / 100 {
                lo = i;
                break;
            }
        }
        acc = 0;
        for (i, c) in hist.iter().enumerate().rev() {
            acc += c;
            if acc > total / 100 {
                hi = i;
                break;
            }
        }
        if hi <= lo + 1 {
            return self.clone();
        }
        let range = (hi - lo) as f32;
        let lut: Vec<u8> =
            (0..256).map(|v| (((v as f32 - lo as f32) / range) * 255.0).clamp(0.0, 255.0) as u8).collect();
        Gray::new(self.width, self.height, self.data.iter().map(|&v| lut[v as usize]).collect())
    }

    /// Mean filter of radius `r` subtracted, i.e. a local-contrast ("Sauvola-lite")
    /// threshold rendered as black/white, via an integral image.
    pub fn local_threshold(&self, r: u32, bias: i32) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut integral = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u64;
            for x in 0..w {
                row += self.data[y * w + x] as u64;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        let r = r as usize;
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
                let s = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                    - integral[y0 * (w + 1) + x1]
                    - integral[y1 * (w + 1) + x0];
                let n = ((y1 - y0) * (x1 - x0)) as u64;
                let mean = (s / n) as i32;
                out[y * w + x] = if (self.data[y * w + x] as i32) < mean - bias { 0 } else { 255 };
            }
        }
        Gray::new(self.width, self.height, out)
    }
}

impl Gray {
    fn integrals(&self) -> (Vec<u64>, Vec<u64>) {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut i1 = vec![0u64; (w + 1) * (h + 1)];
        let mut i2 = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let (mut r1, mut r2) = (0u64, 0u64);
            for x in 0..w {
                let v = self.data[y * w + x] as u64;
                r1 += v;
                r2 += v * v;
                i1[(y + 1) * (w + 1) + x + 1] = i1[y * (w + 1) + x + 1] + r1;
                i2[(y + 1) * (w + 1) + x + 1] = i2[y * (w + 1) + x + 1] + r2;
            }
        }
        (i1, i2)
    }

    /// Maps every pixel through `f(value, mean, variance)`, the mean and
    /// variance taken over the window of radius `r` around it (clipped at
    /// the edges), from the integral images.
    fn local_map(&self, r: u32, f: impl Fn(f32, f32, f32) -> u8) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let (i1, i2) = self.integrals();
        let r = r as usize;
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
                let n = ((y1 - y0) * (x1 - x0)) as f32;
                let a = |i: &[u64]| {
                    (i[y1 * (w + 1) + x1] + i[y0 * (w + 1) + x0] - i[y0 * (w + 1) + x1] - i[y1 * (w + 1) + x0]) as f32
                };
                let m = a(&i1) / n;
                let var = (a(&i2) / n - m * m).max(0.0);
                out[y * w + x] = f(self.data[y * w + x] as f32, m, var);
            }
        }
        Gray::new(self.width, self.height, out)
    }

    /// Sauvola's threshold `m·(1 + k·(s/128 − 1))` over a window of radius `r`.
    pub fn sauvola(&self, r: u32, k: f32) -> Gray {
        self.local_map(r, |v, m, var| {
            let t = m * (1.0 + k * (var.sqrt() / 128.0 - 1.0));
            if v < t {
                0
            } else {
                255
            }
        })
    }

    /// Local contrast normalisation: `(v − mean) / std` over radius `r`, to 128 ± 48 per σ.
    pub fn normalized(&self, r: u32) -> Gray {
        self.local_map(r, |v, m, var| {
            let sd = var.sqrt().max(8.0);
            let z = (v - m) / sd;
            (128.0 + 48.0 * z).clamp(0.0, 255.0) as u8
        })
    }

    /// 3×3 minimum (`dark = true`: dark areas grow) or maximum filter.
    pub fn morph(&self, dark: bool) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let pick = |a: u8, b: u8| if dark { a.min(b) } else { a.max(b) };
        let mut tmp = self.data.clone();
        for y in 0..h {
            for x in 0..w {
                let mut v = self.data[y * w + x];
                if x > 0 {
                    v = pick(v, self.data[y * w + x - 1]);
                }
                if x + 1 < w {
                    v = pick(v, self.data[y * w + x + 1]);
                }
                tmp[y * w + x] = v;
            }
        }
        let mut out = tmp.clone();
        for y in 0..h {
            for x in 0..w {
                let mut v = tmp[y * w + x];
                if y > 0 {
                    v = pick(v, tmp[(y - 1) * w + x]);
                }
                if y + 1 < h {
                    v = pick(v, tmp[(y + 1) * w + x]);
                }
                out[y * w + x] = v;
            }
        }
        Gray::new(self.width, self.height, out)
    }

    /// 3×3 box blur (noise, JPEG blocks, halftone).
    pub fn blurred3(&self) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut out = self.data.clone();
        for y in 1..h.saturating_sub(1) {
            for x in 1..w.saturating_sub(1) {
                let mut s = 0u32;
                for dy in 0..3 {
                    for dx in 0..3 {
                        s += self.data[(y + dy - 1) * w + x + dx - 1] as u32;
                    }
                }
                out[y * w + x] = ((s + 4) / 9) as u8;
            }
        }
        Gray::new(self.width, self.height, out)
    }

    /// A margin of `pad` pixels of the image's light level (its 95th
    /// percentile) all around: codes cut out without a quiet zone.
    pub fn padded(&self, pad: u32) -> Gray {
        let mut hist = [0u32; 256];
        for &v in &self.data {
            hist[v as usize] += 1;
        }
        let (mut acc, mut light) = (0u64, 255u8);
        for (i, c) in hist.iter().enumerate() {
            acc += *c as u64;
            if acc * 100 >= self.data.len() as u64 * 95 {
                light = i as u8;
                break;
            }
        }
        let (w, h) = (self.width + 2 * pad, self.height + 2 * pad);
        let mut out = vec![light; w as usize * h as usize];
        for y in 0..self.height {
            let src = &self.data[(y * self.width) as usize..((y + 1) * self.width) as usize];
            let row = ((y + pad) * w + pad) as usize;
            out[row..row + self.width as usize].copy_from_slice(src);
        }
        Gray::new(w, h, out)
    }

    /// Rotated by `deg` about the centre (bilinear), on a canvas that holds
    /// all of it, the corners filled with the image's mean. Returns the raster
    /// and the map from its coordinates back to `self`'s.
    pub fn rotated(&self, deg: f32) -> (Gray, impl Fn([f32; 2]) -> [f32; 2]) {
        let (w, h) = (self.width as f32, self.height as f32);
        let (s, c) = deg.to_radians().sin_cos();
        let ow = (w * c.abs() + h * s.abs()).ceil() as u32;
        let oh = (w * s.abs() + h * c.abs()).ceil() as u32;
        let mean = (self.data.iter().map(|v| *v as u64).sum::<u64>() / self.data.len().max(1) as u64) as u8;
        let (icx, icy, ocx, ocy) = (w / 2.0, h / 2.0, ow as f32 / 2.0, oh as f32 / 2.0);
        let back = move |p: [f32; 2]| {
            let (dx, dy) = (p[0] - ocx, p[1] - ocy);
            [icx + c * dx + s * dy, icy - s * dx + c * dy]
        };
        let mut out = vec![mean; ow as usize * oh as usize];
        let (iw, ih) = (self.width as usize, self.height as usize);
        for y in 0..oh as usize {
            for x in 0..ow as usize {
                let [sx, sy] = back([x as f32 + 0.5, y as f32 + 0.5]);
                let (sx, sy) = (sx - 0.5, sy - 0.5);
                if sx < 0.0 || sy < 0.0 || sx >= (iw - 1) as f32 || sy >= (ih - 1) as f32 {
                    continue;
                }
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let p = |x: usize, y: usize| self.data[y * iw + x] as f32;
                let a = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
                let b = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
                out[y * ow as usize + x] = (a * (1.0 - fy) + b * fy + 0.5) as u8;
            }
        }
        (Gray::new(ow, oh, out), back)
    }
}

/// A preprocessing step of [`Try::Pre`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pre {
    /// A quiet zone of 1/8 of the longer side.
    Pad,
    /// Inverted, then padded.
    PadInv,
    /// Local mean threshold, radius = shorter side / `div`.
    Local { div: u32 },
    /// Sauvola threshold, radius = shorter side / `div`, k = `k`/100.
    Sauvola { div: u32, k: u32 },
    /// Local contrast normalisation, radius = shorter side / `div`.
    Norm { div: u32 },
    /// 3×3 minimum filter (fills white cracks in dark modules).
    Erode,
    /// 3×3 maximum filter (removes dark specks).
    Dilate,
    /// Erode then dilate.
    Open,
    /// Dilate then erode.
    Close,
    /// 3×3 box blur.
    Blur,
    /// Rotated 45°.
    Rot45,
    /// Bilinear 2× upscale.
    Up2,
    /// Unsharp mask then 2× upscale.
    SharpUp2,
}

/// The reader of [`Try::Pre`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rd {
    Hybrid,
    Global,
    Rqrr,
}

/// Which binarizer rxing uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    Hybrid,
    Global,
}

/// One step of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Try {
    /// rxing's port of zxing-cpp's QR reader (multi-symbol, try-harder) on the
    /// raster downscaled by `scale`.
    Rxing { scale: u32, bin: Bin, invert: bool },
    /// The same on a histogram-stretched copy (low contrast, dim light).
    RxingStretched { scale: u32 },
    /// The same on a locally thresholded copy (uneven light, shadows).
    RxingLocal { scale: u32 },
    /// rqrr on the raster downscaled by `scale`, inside `catch_unwind`.
    Rqrr { scale: u32 },
    /// rxing (hybrid) on the raster upscaled 2× (bilinear): small modules.
    RxingUp2,
    /// rxing (hybrid) on an unsharp-masked copy: blur.
    RxingSharp { scale: u32 },
    /// rxing's port of the Java zxing multi-QR reader (another detector).
    RxingJava { scale: u32, bin: Bin },
    /// A preprocessing step, then a reader, on the raster downscaled by `scale`.
    Pre { scale: u32, pre: Pre, rd: Rd },
    /// rxing on the darkest of R, G and B instead of luma (coloured light,
    /// coloured finder-pattern centres); colour images only, see [`run_color`].
    MinRgb { scale: u32, bin: Bin },
}

impl Try {
    /// The integer downscale factor the try starts from.
    pub fn scale(&self) -> u32 {
        match *self {
            Try::Rxing { scale, .. }
            | Try::RxingStretched { scale }
            | Try::RxingLocal { scale }
            | Try::Rqrr { scale } => scale,
            Try::RxingUp2 => 1,
            Try::RxingJava { scale, .. } | Try::RxingSharp { scale } => scale,
            Try::Pre { scale, .. } | Try::MinRgb { scale, .. } => scale,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Try::Rxing { scale, bin, invert } => {
                format!("rxing/{scale}x/{bin:?}{}", if *invert { "/inv" } else { "" })
            }
            Try::RxingStretched { scale } => format!("rxing-stretch/{scale}x"),
            Try::RxingLocal { scale } => format!("rxing-local/{scale}x"),
            Try::Rqrr { scale } => format!("rqrr/{scale}x"),
            Try::RxingUp2 => "rxing/up2/Hybrid".into(),
            Try::RxingJava { scale, bin } => format!("rxing-java/{scale}x/{bin:?}"),
            Try::RxingSharp { scale } => format!("rxing-sharp/{scale}x"),
            Try::Pre { scale, pre, rd } => format!("pre/{pre:?}/{scale}x/{rd:?}"),
            Try::MinRgb { scale, bin } => format!("min-rgb/{scale}x/{bin:?}"),
        }
    }
}

/// A code found by one try, corners in the coordinates of the try's input.
#[derive(Clone, Debug)]
pub struct Found {
    pub text: String,
    pub corners: [[f32; 2]; 4],
}

fn hints() -> DecodeHints {
    DecodeHints::default()
        .with(rxing::DecodeHintValue::TryHarder(true))
        .with(rxing::DecodeHintValue::PossibleFormats([BarcodeFormat::QR_CODE].into_iter().collect()))
}

fn rxing_run<B: Binarizer>(bin: B) -> Vec<Found> {
    let mut bitmap = BinaryBitmap::new(bin);
    let res = catch_unwind(AssertUnwindSafe(|| QrReader.decode_multiple_with_hints(&mut bitmap, &hints())));
    let Ok(Ok(results)) = res else {
        return Vec::new();
    };
    results
        .into_iter()
        .filter_map(|r| {
            let p = r.getPoints();
            if p.len() < 4 {
                return None;
            }
            Some(Found {
                text: r.getText().to_string(),
                // rxing's port gives TL, TR, BL, BR of the symbol.
                corners: [[p[0].x, p[0].y], [p[1].x, p[1].y], [p[3].x, p[3].y], [p[2].x, p[2].y]],
            })
        })
        .collect()
}

fn java_run<B: Binarizer>(bin: B) -> Vec<Found> {
    use rxing::multi::qrcode::QRCodeMultiReader;
    let mut bitmap = BinaryBitmap::new(bin);
    let res = catch_unwind(AssertUnwindSafe(|| {
        QRCodeMultiReader::default().decode_multiple_with_hints(&mut bitmap, &hints())
    }));
    let Ok(Ok(results)) = res else {
        return Vec::new();
    };
    results
        .into_iter()
        .filter_map(|r| {
            let p = r.getPoints();
            if p.len() < 3 {
                return None;
            }
            // Finder-pattern centres: bottom-left, top-left, top-right.
            let (bl, tl, tr) = ([p[0].x, p[0].y], [p[1].x, p[1].y], [p[2].x, p[2].y]);
            let br = [tr[0] + bl[0] - tl[0], tr[1] + bl[1] - tl[1]];
            let c = [(bl[0] + tr[0]) / 2.0, (bl[1] + tr[1]) / 2.0];
            let out = |q: [f32; 2]| [c[0] + (q[0] - c[0]) * 1.15, c[1] + (q[1] - c[1]) * 1.15];
            Some(Found { text: r.getText().to_string(), corners: [out(tl), out(tr), out(br), out(bl)] })
        })
        .collect()
}

pub fn java_decode(g: &Gray, bin: Bin) -> Vec<Found> {
    if g.width < 21 || g.height < 21 {
        return Vec::new();
    }
    let Ok(src) = Luma8Source::new_with_slice(&g.data, g.width, g.height) else {
        return Vec::new();
    };
    match bin {
        Bin::Hybrid => java_run(HybridBinarizer::new(src)),
        Bin::Global => java_run(GlobalHistogramBinarizer::new(src)),
    }
}

pub fn rxing_decode(g: &Gray, bin: Bin) -> Vec<Found> {
    if g.width < 21 || g.height < 21 {
        return Vec::new();
    }
    let Ok(src) = Luma8Source::new_with_slice(&g.data, g.width, g.height) else {
        return Vec::new();
    };
    match bin {
        Bin::Hybrid => rxing_run(HybridBinarizer::new(src)),
        Bin::Global => rxing_run(GlobalHistogramBinarizer::new(src)),
    }
}

/// Longest time one rqrr run may take. rqrr cannot be interrupted: its
/// finder-pattern grouping clones the whole image per candidate pair (47 s on
/// one photo of the corpus), so it runs on a worker thread that is abandoned
/// (left to finish on its own) past this time.
const RQRR_TIMEOUT: Duration = Duration::from_millis(1500);
/// Abandoned rqrr workers still running; no new one starts while there are
/// this many, so a batch of hostile images cannot pile up threads.
const RQRR_MAX_ABANDONED: usize = 2;
static RQRR_RUNNING: AtomicUsize = AtomicUsize::new(0);

fn rqrr_inner(g: &Gray) -> Vec<Found> {
    let (w, h) = (g.width as usize, g.height as usize);
    let data = &g.data;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| data[y * w + x]);
    let mut out = Vec::new();
    for grid in img.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            let b = grid.bounds;
            out.push(Found {
                text,
                corners: [
                    [b[0].x as f32, b[0].y as f32],
                    [b[1].x as f32, b[1].y as f32],
                    [b[2].x as f32, b[2].y as f32],
                    [b[3].x as f32, b[3].y as f32],
                ],
            });
        }
    }
    out
}

/// Runs `f` on a worker thread with panics caught; gives up waiting after
/// `timeout` (the worker is then abandoned and finishes on its own). `None`
/// for a panic, a timeout, or when too many abandoned workers still run.
pub(crate) fn isolated<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static, timeout: Duration) -> Option<T> {
    if timeout.is_zero() || RQRR_RUNNING.load(Ordering::SeqCst) > RQRR_MAX_ABANDONED {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    RQRR_RUNNING.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().name("buildcert-scan-worker".into()).spawn(move || {
        let r = catch_unwind(AssertUnwindSafe(f)).ok();
        RQRR_RUNNING.fetch_sub(1, Ordering::SeqCst);
        if let Some(r) = r {
            let _ = tx.send(r);
        }
    });
    if spawned.is_err() {
        RQRR_RUNNING.fetch_sub(1, Ordering::SeqCst);
        return None;
    }
    rx.recv_timeout(timeout).ok()
}

/// rqrr on a worker thread, panics caught, bounded in time (see [`RQRR_TIMEOUT`]).
pub fn rqrr_decode(g: &Gray, deadline: Option<Instant>) -> Vec<Found> {
    let mut timeout = RQRR_TIMEOUT;
    if let Some(d) = deadline {
        timeout = timeout.min(d.saturating_duration_since(Instant::now()));
    }
    let g = g.clone();
    isolated(move || rqrr_inner(&g), timeout).unwrap_or_default()
}

/// Runs one try on `g`, corners mapped back to `g`'s coordinates.
pub fn run_try(g: &Gray, t: Try, deadline: Option<Instant>) -> Vec<Found> {
    let scale = t.scale();
    let small;
    let src = if scale > 1 {
        small = g.downscale(scale);
        &small
    } else {
        g
    };
    let mut found = match t {
        Try::Rxing { bin, invert, .. } => {
            if invert {
                rxing_decode(&src.inverted(), bin)
            } else {
                rxing_decode(src, bin)
            }
        }
        Try::RxingStretched { .. } => rxing_decode(&src.stretched(), Bin::Global),
        Try::RxingLocal { .. } => {
            let r = (src.width.min(src.height) / 40).clamp(7, 40);
            rxing_decode(&src.local_threshold(r, 4), Bin::Global)
        }
        Try::Rqrr { .. } => rqrr_decode(src, deadline),
        Try::RxingJava { bin, .. } => java_decode(src, bin),
        Try::RxingSharp { .. } => rxing_decode(&src.sharpened(), Bin::Hybrid),
        Try::Pre { pre, rd, .. } => pre_try(src, pre, rd, deadline),
        // The caller gives the min-of-RGB raster as `g`.
        Try::MinRgb { bin, .. } => rxing_decode(src, bin),
        Try::RxingUp2 => {
            let mut f = rxing_decode(&src.upscale2(), Bin::Hybrid);
            for c in f.iter_mut().flat_map(|f| f.corners.iter_mut()) {
                c[0] = (c[0] + 0.5) / 2.0 - 0.5;
                c[1] = (c[1] + 0.5) / 2.0 - 0.5;
            }
            f
        }
    };
    if scale > 1 {
        // A box-downscaled pixel i covers source pixels [i*s, (i+1)*s).
        let s = scale as f32;
        for f in &mut found {
            for c in &mut f.corners {
                c[0] *= s;
                c[1] *= s;
            }
        }
    }
    found
}

fn read_with(g: &Gray, rd: Rd, deadline: Option<Instant>) -> Vec<Found> {
    match rd {
        Rd::Hybrid => rxing_decode(g, Bin::Hybrid),
        Rd::Global => rxing_decode(g, Bin::Global),
        Rd::Rqrr => rqrr_decode(g, deadline),
    }
}

fn map_found(mut found: Vec<Found>, f: impl Fn([f32; 2]) -> [f32; 2]) -> Vec<Found> {
    for c in found.iter_mut().flat_map(|f| f.corners.iter_mut()) {
        *c = f(*c);
    }
    found
}

fn pre_try(src: &Gray, pre: Pre, rd: Rd, deadline: Option<Instant>) -> Vec<Found> {
    let side = src.width.min(src.height);
    let rad = |div: u32| (side / div).clamp(3, 200);
    match pre {
        Pre::Pad | Pre::PadInv => {
            let pad = (src.width.max(src.height) / 8).max(8);
            let g = if pre == Pre::PadInv { src.inverted().padded(pad) } else { src.padded(pad) };
            let p = pad as f32;
            map_found(read_with(&g, rd, deadline), |c| [c[0] - p, c[1] - p])
        }
        Pre::Local { div } => read_with(&src.local_threshold(rad(div), 4), rd, deadline),
        Pre::Sauvola { div, k } => read_with(&src.sauvola(rad(div), k as f32 / 100.0), rd, deadline),
        Pre::Norm { div } => read_with(&src.normalized(rad(div)), rd, deadline),
        Pre::Erode => read_with(&src.morph(true), rd, deadline),
        Pre::Dilate => read_with(&src.morph(false), rd, deadline),
        Pre::Open => read_with(&src.morph(true).morph(false), rd, deadline),
        Pre::Close => read_with(&src.morph(false).morph(true), rd, deadline),
        Pre::Blur => read_with(&src.blurred3(), rd, deadline),
        Pre::Rot45 => {
            let (g, back) = src.rotated(45.0);
            map_found(read_with(&g, rd, deadline), back)
        }
        Pre::Up2 | Pre::SharpUp2 => {
            let g = if pre == Pre::Up2 { src.upscale2() } else { src.sharpened().upscale2() };
            map_found(read_with(&g, rd, deadline), |c| [(c[0] + 0.5) / 2.0 - 0.5, (c[1] + 0.5) / 2.0 - 0.5])
        }
    }
}

/// Whether a try makes sense for an image of this size.
fn applicable(g: &Gray, t: Try) -> bool {
    let (scale, min_side) = (t.scale(), g.width.min(g.height));
    let max_side = g.width.max(g.height);
    if scale > 1 && min_side / scale < 120 {
        return false;
    }
    // Full-resolution passes on huge rasters are slow and rarely needed.
    let px = (g.width as u64 * g.height as u64) / (scale as u64 * scale as u64);
    match t {
        Try::Rqrr { .. } => px <= 3_000_000 && max_side / scale <= 2600,
        Try::RxingLocal { .. } | Try::RxingSharp { .. } => px <= 12_000_000,
        Try::RxingUp2 => px <= 4_000_000,
        Try::Pre { pre: Pre::Up2 | Pre::SharpUp2, .. } => px <= 4_000_000,
        Try::Pre { rd: Rd::Rqrr, .. } => px <= 3_000_000 && max_side / scale <= 2600,
        // Integral images take 16 bytes per pixel: at most ~100 MB here.
        Try::Pre { .. } => px <= 6_000_000,
        _ => px <= 40_000_000,
    }
}

/// The pipeline, most productive per millisecond first. The tries are those
/// of the greedy set cover of `bench/scan/diagnose.py` over every try's finds
/// on `boofcv-dev` (each try run alone with `examples/bench_scan --diagnose`),
/// with the plain hybrid binarizer first because it reads clean scans, a 2×
/// upscale that the BC1 set's 150-dpi scans need and an unsharp mask that
/// its blurred pages need. rxing's Java-port reader
/// (`Try::RxingJava`) added 2 codes of 652 there and is left out.
pub fn pipeline(g: &Gray) -> Vec<Try> {
    use Bin::*;
    let long = g.width.max(g.height);
    // Full resolution of a huge raster is slow: start from a downscale.
    let first = if long > 6000 { 2 } else { 1 };
    let mut v = vec![
        Try::Rxing { scale: first, bin: Hybrid, invert: false },
        Try::Rxing { scale: first, bin: Global, invert: false },
        Try::Rxing { scale: 8, bin: Hybrid, invert: false },
        Try::Rxing { scale: 3, bin: Hybrid, invert: false },
        Try::Rxing { scale: 3, bin: Global, invert: false },
        Try::Rxing { scale: 2, bin: Global, invert: false },
        // Scans at 150 dpi (~2 px per module): needed on the BC1 set.
        Try::RxingUp2,
        // Defocus and motion blur: needed on the BC1 set's blurred pages.
        Try::RxingSharp { scale: 1 },
        Try::RxingSharp { scale: 2 },
        Try::Rxing { scale: 4, bin: Hybrid, invert: false },
        Try::Rxing { scale: 2, bin: Hybrid, invert: false },
        Try::Rxing { scale: 8, bin: Global, invert: false },
        Try::RxingLocal { scale: 1 },
        Try::RxingStretched { scale: 4 },
        Try::RxingStretched { scale: 2 },
        Try::Rqrr { scale: 1 },
        Try::RxingLocal { scale: 4 },
        Try::RxingLocal { scale: 2 },
        Try::RxingStretched { scale: 1 },
        Try::Rxing { scale: first, bin: Hybrid, invert: true },
        Try::Rxing { scale: 2, bin: Hybrid, invert: true },
        Try::Rqrr { scale: 2 },
        Try::Rqrr { scale: 4 },
        // Other binarizations and image operations, each of which read codes
        // on boofcv-dev that none of the tries above read (measured with
        // `bench_scan --diagnose --only-tries pre/`), cheapest first.
        Try::Pre { scale: 4, pre: Pre::Dilate, rd: Rd::Hybrid },
        Try::Pre { scale: 4, pre: Pre::Norm { div: 20 }, rd: Rd::Global },
        Try::Pre { scale: 4, pre: Pre::Sauvola { div: 30, k: 20 }, rd: Rd::Hybrid },
        Try::Pre { scale: 1, pre: Pre::Pad, rd: Rd::Global },
        Try::Pre { scale: 4, pre: Pre::Up2, rd: Rd::Global },
        Try::MinRgb { scale: 2, bin: Global },
        Try::MinRgb { scale: 1, bin: Hybrid },
        Try::Pre { scale: 4, pre: Pre::SharpUp2, rd: Rd::Hybrid },
        Try::Pre { scale: 2, pre: Pre::Blur, rd: Rd::Rqrr },
        Try::Pre { scale: 3, pre: Pre::Close, rd: Rd::Rqrr },
        Try::Pre { scale: 2, pre: Pre::Sauvola { div: 30, k: 10 }, rd: Rd::Rqrr },
        Try::Pre { scale: 4, pre: Pre::Local { div: 16 }, rd: Rd::Rqrr },
        Try::Pre { scale: 1, pre: Pre::Pad, rd: Rd::Rqrr },
        Try::Pre { scale: 1, pre: Pre::Sauvola { div: 30, k: 10 }, rd: Rd::Rqrr },
    ];
    v.dedup();
    v.retain(|t| applicable(g, *t));
    v
}

/// Every try the pipeline may use, for diagnosis (`examples/bench_scan --diagnose`).
pub fn all_tries(g: &Gray) -> Vec<Try> {
    let mut v = Vec::new();
    for scale in [1u32, 2, 3, 4, 8] {
        for bin in [Bin::Hybrid, Bin::Global] {
            for invert in [false, true] {
                v.push(Try::Rxing { scale, bin, invert });
            }
        }
        v.push(Try::RxingStretched { scale });
        v.push(Try::RxingLocal { scale });
        v.push(Try::Rqrr { scale });
    }
    v.push(Try::RxingUp2);
    v.push(Try::RxingSharp { scale: 1 });
    v.push(Try::RxingSharp { scale: 2 });
    for scale in [1u32, 2, 3, 4] {
        v.push(Try::RxingJava { scale, bin: Bin::Hybrid });
        v.push(Try::RxingJava { scale, bin: Bin::Global });
    }
    for scale in [1u32, 2, 3, 4] {
        for pre in [
            Pre::Pad,
            Pre::PadInv,
            Pre::Local { div: 16 },
            Pre::Local { div: 80 },
            Pre::Local { div: 40 },
            Pre::Sauvola { div: 30, k: 20 },
            Pre::Sauvola { div: 15, k: 20 },
            Pre::Sauvola { div: 60, k: 20 },
            Pre::Sauvola { div: 30, k: 10 },
            Pre::Sauvola { div: 30, k: 40 },
            Pre::Norm { div: 20 },
            Pre::Erode,
            Pre::Dilate,
            Pre::Open,
            Pre::Close,
            Pre::Blur,
            Pre::Rot45,
            Pre::Up2,
            Pre::SharpUp2,
        ] {
            for rd in [Rd::Hybrid, Rd::Global, Rd::Rqrr] {
                v.push(Try::Pre { scale, pre, rd });
            }
        }
    }
    v.retain(|t| applicable(g, *t));
    v
}

/// Options of one pipeline run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Stop after the first try that found a `BC1:` code.
    pub stop_at_bc1: bool,
    /// Stop after the first try that found any code.
    pub stop_at_any: bool,
    /// Give up (keeping what was found) once this instant has passed.
    pub deadline: Option<Instant>,
}

/// Merges `new` codes into `acc`: the same text whose centre lies within the
/// other's extent is one code.
pub fn merge(acc: &mut Vec<Code>, new: Vec<Code>) {
    for c in new {
        let (cx, cy) = c.center();
        let dup = acc.iter().any(|a| {
            if a.text != c.text || a.page != c.page {
                return false;
            }
            let (ax, ay) = a.center();
            let r = a.size().max(c.size()) * 0.5;
            (ax - cx).hypot(ay - cy) <= r.max(2.0)
        });
        if !dup {
            acc.push(c);
        }
    }
}

/// Runs the pipeline on `g`. Returns the codes (corners in `g`'s coordinates)
/// and whether it stopped for the deadline.
pub fn run(g: &Gray, opts: &RunOptions) -> (Vec<Code>, bool) {
    run_color(g, None, opts)
}

/// [`run`] for a colour image: `min_rgb` makes (when first needed) the
/// darkest-channel raster of the same size that [`Try::MinRgb`] reads.
pub fn run_color(g: &Gray, min_rgb: Option<&dyn Fn() -> Gray>, opts: &RunOptions) -> (Vec<Code>, bool) {
    let tries = pipeline(g);
    let mut acc: Vec<Code> = Vec::new();
    let mut alt: Option<Gray> = None;
    let to_codes = |found: Vec<Found>| -> Vec<Code> {
        found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect()
    };
    let stops = |codes: &[Code]| {
        (opts.stop_at_any && !codes.is_empty()) || (opts.stop_at_bc1 && codes.iter().any(Code::is_bc1))
    };
    // After the first two tries (which read most clean codes, BC1 scans
    // included), the rest run on worker threads; on large rasters only the
    // rescue tries (the last ones), to bound memory.
    let rescue = if g.width as u64 * g.height as u64 <= PARALLEL_MAX_PIXELS {
        PARALLEL_FROM.min(tries.len())
    } else {
        tries.iter().position(|t| matches!(t, Try::Pre { .. } | Try::MinRgb { .. })).unwrap_or(tries.len())
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(RESCUE_WORKERS);
    for (i, &t) in tries.iter().enumerate() {
        if let Some(d) = opts.deadline {
            if Instant::now() >= d {
                return (acc, true);
            }
        }
        if i == rescue && workers > 1 {
            let rest = &tries[i..];
            if rest.iter().any(|t| matches!(t, Try::MinRgb { .. })) {
                if let Some(make) = min_rgb {
                    alt = Some(make());
                }
            }
            let (found, timed_out) = run_parallel(g, alt.as_ref(), rest, opts, workers);
            for f in found {
                merge(&mut acc, f);
            }
            return (acc, timed_out);
        }
        let found = if let Try::MinRgb { .. } = t {
            let Some(make) = min_rgb else { continue };
            let a = alt.get_or_insert_with(make);
            if (a.width, a.height) != (g.width, g.height) {
                continue;
            }
            run_try(a, t, opts.deadline)
        } else {
            run_try(g, t, opts.deadline)
        };
        merge(&mut acc, to_codes(found));
        if stops(&acc) {
            break;
        }
    }
    (acc, false)
}

/// Tries run one after the other before the rest go to worker threads.
const PARALLEL_FROM: usize = 2;
/// Largest raster whose early tries run in parallel.
const PARALLEL_MAX_PIXELS: u64 = 12_000_000;

/// Worker threads for the rescue tries (each holds its own copies of the
/// raster: more would cost memory on large images for little gain).
const RESCUE_WORKERS: usize = 2;

/// Runs `tries` on `workers` threads, taking them in order. Returns the codes
/// of each try in the order of `tries`, up to and including the first try
/// whose codes stop the run (as a sequential run would), and whether a try
/// was skipped for the deadline.
fn run_parallel(
    g: &Gray,
    alt: Option<&Gray>,
    tries: &[Try],
    opts: &RunOptions,
    workers: usize,
) -> (Vec<Vec<Code>>, bool) {
    use std::sync::atomic::AtomicBool;
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let stop_at = AtomicUsize::new(usize::MAX);
    let timed_out = AtomicBool::new(false);
    let results: Vec<Mutex<Vec<Code>>> = tries.iter().map(|_| Mutex::new(Vec::new())).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= tries.len() || i > stop_at.load(Ordering::SeqCst) {
                    break;
                }
                if opts.deadline.is_some_and(|d| Instant::now() >= d) {
                    timed_out.store(true, Ordering::SeqCst);
                    break;
                }
                let t = tries[i];
                let src = match t {
                    Try::MinRgb { .. } => match alt {
                        Some(a) if (a.width, a.height) == (g.width, g.height) => a,
                        _ => continue,
                    },
                    _ => g,
                };
                // rxing and rqrr are guarded inside run_try; this guards the rest.
                let found = catch_unwind(AssertUnwindSafe(|| run_try(src, t, opts.deadline))).unwrap_or_default();
                let codes: Vec<Code> =
                    found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect();
                if (opts.stop_at_any && !codes.is_empty()) || (opts.stop_at_bc1 && codes.iter().any(Code::is_bc1)) {
                    stop_at.fetch_min(i, Ordering::SeqCst);
                }
                if let Ok(mut r) = results[i].lock() {
                    *r = codes;
                }
            });
        }
    });
    let stop = stop_at.load(Ordering::SeqCst);
    let out = results
        .into_iter()
        .enumerate()
        .take_while(|(i, _)| *i <= stop)
        .map(|(_, m)| m.into_inner().unwrap_or_default())
        .collect();
    (out, timed_out.load(Ordering::SeqCst))
}

/// The camera fast path: full resolution, then half, stopping at the first code.
pub fn run_frame(g: &Gray) -> Vec<Code> {
    for t in [
        Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false },
        Try::Rxing { scale: 2, bin: Bin::Hybrid, invert: false },
    ] {
        if !applicable(g, t) {
            continue;
        }
        let found = run_try(g, t, None);
        if !found.is_empty() {
            let mut acc = Vec::new();
            merge(&mut acc, found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect());
            return acc;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(w: u32, h: u32) -> Gray {
        Gray::new(w, h, (0..w * h).map(|i| (i % 251) as u8).collect())
    }

    #[test]
    fn downscale_averages_blocks() {
        let g = Gray::new(4, 2, vec![0, 10, 20, 30, 0, 10, 20, 30]);
        let d = g.downscale(2);
        assert_eq!((d.width, d.height), (2, 1));
        assert_eq!(d.data, vec![5, 25]);
        assert_eq!(ramp(10, 10).downscale(1).data, ramp(10, 10).data);
    }

    #[test]
    fn upscale_pads_with_white() {
        let g = Gray::new(2, 1, vec![0, 100]);
        let u = g.upscale_padded(2, 1);
        assert_eq!((u.width, u.height), (6, 4));
        assert_eq!(&u.data[6..12], &[255, 0, 0, 100, 100, 255]);
        assert!(u.data[..6].iter().all(|v| *v == 255));
    }

    #[test]
    fn stretch_and_threshold_and_invert() {
        let g = Gray::new(4, 1, vec![100, 110, 120, 130]);
        let s = g.stretched();
        assert_eq!(s.data[0], 0);
        assert_eq!(s.data[3], 255);
        assert_eq!(g.inverted().data, vec![155, 145, 135, 125]);
        // A dark dot on a bright, uneven background is black, the rest white.
        let mut d: Vec<u8> = (0..400).map(|i| 150 + (i / 20) as u8).collect();
        d[210] = 40;
        let t = Gray::new(20, 20, d).local_threshold(5, 4);
        assert_eq!(t.data[210], 0);
        assert_eq!(t.data.iter().filter(|v| **v == 0).count(), 1);
    }

    #[test]
    fn sharpen_steepens_edges_and_keeps_flat_areas() {
        let g = Gray::new(8, 1, vec![100, 100, 100, 100, 200, 200, 200, 200]);
        let s = g.sharpened();
        assert!(s.data[3] < 100 && s.data[4] > 200);
        assert_eq!(s.data[0], 100);
        // No overflow on a large bright raster (the sums pass 2^32).
        let big = Gray::new(5000, 4000, vec![255; 20_000_000]).sharpened();
        assert!(big.data.iter().all(|v| *v == 255));
    }

    #[test]
    fn pipeline_skips_useless_scales() {
        let small = ramp(300, 300);
        assert!(pipeline(&small).iter().all(|t| !matches!(t, Try::Rxing { scale: 8, .. })));
        assert!(matches!(pipeline(&small)[0], Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false }));
        let huge = Gray::new(7000, 5000, vec![255; 35_000_000]);
        assert!(matches!(pipeline(&huge)[0], Try::Rxing { scale: 2, .. }));
    }

    #[test]
    fn sauvola_and_normalisation_follow_local_contrast() {
        // A dark dot on a bright background that darkens to the right.
        let mut d: Vec<u8> = (0..400).map(|i| 230 - (i % 20) as u8 * 5).collect();
        d[210] = 40;
        let g = Gray::new(20, 20, d);
        let s = g.sauvola(5, 0.2);
        assert_eq!(s.data[210], 0);
        assert_eq!(s.data.iter().filter(|v| **v == 0).count(), 1);
        let n = g.normalized(5);
        assert!(n.data[210] < 60, "{}", n.data[210]);
        assert!(n.data[215] > 100);
    }

    #[test]
    fn morphology_grows_and_shrinks_a_dot() {
        let mut d = vec![200u8; 49];
        d[24] = 10;
        let g = Gray::new(7, 7, d);
        let e = g.morph(true);
        assert_eq!(e.data.iter().filter(|v| **v == 10).count(), 9);
        assert_eq!(e.morph(false).data, g.data);
        assert!(g.morph(false).data.iter().all(|v| *v == 200));
        let b = g.blurred3();
        assert_eq!(b.data[24], ((10 + 8 * 200 + 4) / 9) as u8);
    }

    #[test]
    fn padding_uses_the_light_level_and_keeps_the_image() {
        let g = Gray::new(4, 4, (0..16).map(|i| if i < 8 { 20 } else { 180 }).collect());
        let p = g.padded(3);
        assert_eq!((p.width, p.height), (10, 10));
        assert!(p.data[..10].iter().all(|v| *v == 180));
        assert_eq!(p.data[3 * 10 + 3], 20);
        assert_eq!(p.data[6 * 10 + 6], 180);
    }

    #[test]
    fn rotation_maps_points_back() {
        let mut d = vec![255u8; 60 * 40];
        d[10 * 60 + 45] = 0;
        let g = Gray::new(60, 40, d);
        let (r, back) = g.rotated(45.0);
        assert!(r.width >= 70 && r.height >= 70);
        let i = r.data.iter().enumerate().min_by_key(|(_, v)| **v).unwrap().0;
        let (x, y) = ((i as u32 % r.width) as f32 + 0.5, (i as u32 / r.width) as f32 + 0.5);
        let [bx, by] = back([x, y]);
        assert!((bx - 45.5).abs() < 1.5 && (by - 10.5).abs() < 1.5, "{bx} {by}");
    }

    #[test]
    fn parallel_rescue_keeps_try_order_and_the_deadline() {
        let g = ramp(300, 300);
        let tries: Vec<Try> = pipeline(&g).into_iter().filter(|t| matches!(t, Try::Pre { .. })).collect();
        assert!(tries.len() >= 4);
        let mut opts = RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: None };
        let (found, timed_out) = run_parallel(&g, None, &tries, &opts, 2);
        assert_eq!(found.len(), tries.len());
        assert!(found.iter().all(|f| f.is_empty()) && !timed_out);
        opts.deadline = Some(Instant::now());
        let (found, timed_out) = run_parallel(&g, None, &tries, &opts, 2);
        assert!(timed_out && found.iter().all(|f| f.is_empty()));
    }

    #[test]
    fn worker_panics_are_contained() {
        assert_eq!(isolated(|| -> u32 { panic!("like rqrr issue 54") }, Duration::from_secs(5)), None);
        assert_eq!(isolated(|| 7u32, Duration::from_secs(5)), Some(7));
    }

    #[test]
    fn worker_past_its_time_is_abandoned() {
        let t = Instant::now();
        let r = isolated(|| std::thread::sleep(Duration::from_millis(600)), Duration::from_millis(50));
        assert_eq!(r, None);
        assert!(t.elapsed() < Duration::from_millis(400));
    }

    #[test]
    fn rqrr_on_noise_finds_nothing() {
        let mut x = 1u32;
        let data = (0..200 * 200)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        assert!(rqrr_decode(&Gray::new(200, 200, data), None).is_empty());
    }

    #[test]
    fn merge_keeps_distinct_places() {
        let c = |x: f32, t: &str| Code {
            text: t.into(),
            corners: [[x, 0.0], [x + 10.0, 0.0], [x + 10.0, 10.0], [x, 10.0]],
            page: None,
        };
        let mut acc = vec![c(0.0, "A")];
        merge(&mut acc, vec![c(1.0, "A"), c(100.0, "A"), c(0.0, "B")]);
        assert_eq!(acc.len(), 3);
    }
}
