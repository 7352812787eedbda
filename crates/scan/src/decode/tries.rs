//! The tries: what one step of the pipeline is ([`Try`], [`Pre`], [`Rd`]),
//! how one is run ([`run_try`]), and the lists of them ([`pipeline`],
//! [`all_tries`]).

use std::time::Instant;

use super::{java_decode, rqrr_decode, rxing_decode, Bin, Found, Gray};

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
    /// Linear motion blur estimated (direction, length) and undone by a Wiener
    /// filter along it, noise-to-signal `nsr`/1000; nothing when the image is
    /// not blurred along one direction (see `deblur::estimate`).
    Deblur { nsr: u32 },
    /// Defocus undone: a Gaussian blur of σ = `sigma`/10 deconvolved (Wiener,
    /// noise-to-signal `nsr`/1000, rows then columns), then `up` × upscale.
    Deconv { sigma: u32, nsr: u32, up: bool },
    /// Area-average downscale to `pct` % (non-integer factors: module sizes
    /// that the integer downscales miss).
    Shrink { pct: u32 },
    /// `grid` × `grid` overlapping windows, each read on its own (each
    /// `2/(grid+1)` of the side, half of it shared with the next): the
    /// detector sees fewer distractions, the global binarizer a local histogram.
    Tiles { grid: u32 },
}

/// The reader of [`Try::Pre`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rd {
    Hybrid,
    Global,
    Rqrr,
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
    /// coloured finder-pattern centres); colour images only, see [`run_color`](super::run_color).
    MinRgb { scale: u32, bin: Bin },
    /// rxing on the brightest of R, G and B: coloured ink over the code (a
    /// red seal, a blue stamp) turns light and the black modules stay dark;
    /// colour images only, see [`run_color`](super::run_color).
    MaxRgb { scale: u32, bin: Bin },
    /// Finder patterns, then a grid that follows a bent or crumpled surface
    /// (a homography and a mesh fitted to the modules), then rxing's QR
    /// decoder on the modules; see [`mesh`](super::mesh).
    Mesh { scale: u32 },
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
            Try::Pre { scale, .. } | Try::MinRgb { scale, .. } | Try::MaxRgb { scale, .. } => scale,
            Try::Mesh { scale } => scale,
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
            Try::MaxRgb { scale, bin } => format!("max-rgb/{scale}x/{bin:?}"),
            Try::Mesh { scale } => format!("mesh/{scale}x"),
        }
    }
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
        // The caller gives the min- or max-of-RGB raster as `g`.
        Try::MinRgb { bin, .. } | Try::MaxRgb { bin, .. } => rxing_decode(src, bin),
        Try::Mesh { .. } => super::mesh::read(src, deadline),
        Try::RxingUp2 => map_found(rxing_decode(&src.upscale2(), Bin::Hybrid), from_up2),
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

/// A point of a raster upscaled 2× by `Gray::upscale2` (output pixel centre
/// (i + 0.5) / 2 - 0.5 in the source), in the source's coordinates.
fn from_up2(c: [f32; 2]) -> [f32; 2] {
    [(c[0] + 0.5) / 2.0 - 0.5, (c[1] + 0.5) / 2.0 - 0.5]
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
            map_found(read_with(&g, rd, deadline), from_up2)
        }
        Pre::Deconv { sigma, nsr, up } => {
            let Some(d) = super::deblur::deconvolved_gauss(src, sigma as f32 / 10.0, nsr as f32 / 1000.0, deadline)
            else {
                return Vec::new();
            };
            if up {
                map_found(read_with(&d.upscale2(), rd, deadline), from_up2)
            } else {
                read_with(&d, rd, deadline)
            }
        }
        Pre::Tiles { grid } => {
            let (tw, th) = (2 * src.width / (grid + 1), 2 * src.height / (grid + 1));
            let mut out = Vec::new();
            for j in 0..grid {
                for i in 0..grid {
                    if super::past(deadline) {
                        return out;
                    }
                    let (x, y) = (i * src.width / (grid + 1), j * src.height / (grid + 1));
                    let (dx, dy) = (x as f32, y as f32);
                    out.extend(map_found(read_with(&src.crop(x, y, tw, th), rd, deadline), |c| [c[0] + dx, c[1] + dy]));
                }
            }
            out
        }
        Pre::Shrink { pct } => {
            let (w, h) = ((src.width * pct / 100).max(1), (src.height * pct / 100).max(1));
            let (fx, fy) = (src.width as f32 / w as f32, src.height as f32 / h as f32);
            map_found(read_with(&src.resized(w, h), rd, deadline), |c| [c[0] * fx, c[1] * fy])
        }
        Pre::Deblur { nsr } => {
            let Some((angle, len)) = super::deblur::estimate(src) else { return Vec::new() };
            match super::deblur::deblurred(src, angle, len, nsr as f32 / 1000.0, deadline) {
                Some((g, back)) => map_found(read_with(&g, rd, deadline), back),
                None => Vec::new(),
            }
        }
    }
}

/// Whether a try makes sense for an image of this size.
pub(super) fn applicable(g: &Gray, t: Try) -> bool {
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
        // A bit matrix of the raster and a grid of at most 177² modules.
        Try::Mesh { .. } => px <= 12_000_000,
        Try::Pre { pre: Pre::Up2 | Pre::SharpUp2 | Pre::Deconv { up: true, .. }, .. } => px <= 4_000_000,
        // The turned raster is at most twice as large; one FFT row at a time.
        Try::Pre { pre: Pre::Deblur { .. }, rd: Rd::Hybrid | Rd::Global, .. } => px <= 12_000_000,
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
        // Issue 21, for kinds of photo that boofcv-dev barely has (chosen on
        // the certificate-photo set of `examples/gen_photos.rs`; no loss and
        // no gain on boofcv-dev A or B): coloured ink (a red seal) over the
        // code, and camera motion (nothing to do, and a few ms, when there is
        // none).
        Try::MaxRgb { scale: 1, bin: Hybrid },
        Try::Pre { scale: 1, pre: Pre::Deblur { nsr: 10 }, rd: Rd::Hybrid },
        // Defocus deconvolved, then upscaled: small blurred modules (~2 px).
        // Its σ, noise level and the upscale chosen on boofcv-dev half A
        // among 8 variants (the only one with a new code there: +1 on A, +1
        // on B); it also reads the photo set's moiré pages.
        Try::Pre { scale: 1, pre: Pre::Deconv { sigma: 14, nsr: 10, up: true }, rd: Rd::Hybrid },
        // A grid fitted to a bent or crumpled code (`mesh`), its third
        // finder pattern guessed from two when it is not found: chosen on
        // boofcv-dev half A, where the greedy choice takes the 4× try (+15
        // codes), the 1× (+2) and the 3× (+1), in that order.
        Try::Mesh { scale: 4 },
        Try::Mesh { scale: 1 },
        Try::Mesh { scale: 3 },
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
    for scale in [1u32, 2] {
        for bin in [Bin::Hybrid, Bin::Global] {
            v.push(Try::MaxRgb { scale, bin });
        }
    }
    v.push(Try::RxingUp2);
    v.push(Try::RxingSharp { scale: 1 });
    v.push(Try::RxingSharp { scale: 2 });
    for scale in [1u32, 2, 3, 4] {
        v.push(Try::Mesh { scale });
    }
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
    for rd in [Rd::Hybrid, Rd::Global] {
        for pct in [80, 67, 57, 40, 29] {
            v.push(Try::Pre { scale: 1, pre: Pre::Shrink { pct }, rd });
        }
        for scale in [1, 2] {
            for grid in [2, 3] {
                v.push(Try::Pre { scale, pre: Pre::Tiles { grid }, rd });
            }
        }
        for nsr in [3, 10, 30] {
            v.push(Try::Pre { scale: 1, pre: Pre::Deblur { nsr }, rd });
        }
        for sigma in [7, 10, 14] {
            for nsr in [10, 30] {
                for up in [false, true] {
                    v.push(Try::Pre { scale: 1, pre: Pre::Deconv { sigma, nsr, up }, rd });
                }
            }
        }
        for scale in [2, 3] {
            for sigma in [7, 10] {
                v.push(Try::Pre { scale, pre: Pre::Deconv { sigma, nsr: 10, up: false }, rd });
                v.push(Try::Pre { scale, pre: Pre::Deconv { sigma, nsr: 10, up: true }, rd });
            }
        }
    }
    v.retain(|t| applicable(g, *t));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(w: u32, h: u32) -> Gray {
        Gray::new(w, h, (0..w * h).map(|i| (i % 251) as u8).collect())
    }

    #[test]
    fn pipeline_skips_useless_scales() {
        let small = ramp(300, 300);
        assert!(pipeline(&small).iter().all(|t| !matches!(t, Try::Rxing { scale: 8, .. })));
        assert!(matches!(pipeline(&small)[0], Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false }));
        let huge = Gray::new(7000, 5000, vec![255; 35_000_000]);
        assert!(matches!(pipeline(&huge)[0], Try::Rxing { scale: 2, .. }));
    }
}
