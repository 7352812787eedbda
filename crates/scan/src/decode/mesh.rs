//! Reading a code on a bent or crumpled surface: the finder patterns give a
//! first grid (a homography), then a coarse mesh of control points is moved,
//! one point at a time, to where the modules are read most clearly, so the
//! grid follows the paper where one homography cannot.
//!
//! The readers of rxing sample a code through one perspective transform (plus
//! local ones around alignment patterns for large versions). On a curled
//! label or a crumpled receipt they find the three finder patterns but sample
//! the middle of the code a module off, and Reed–Solomon gives up. Here:
//!
//! 1. rxing's zxing-cpp finder (`FindFinderPatterns`, `GenerateFinderPatternSets`)
//!    gives candidate triples of finder-pattern centres, its Java-port finder
//!    one more (it finds the third pattern of some crumpled codes where the
//!    other finds a wrong one); the module size gives the dimension;
//! 2. a homography maps module coordinates to the image: three finder
//!    centres, the fourth corner searched for the clearest reading
//!    ([`fit_corner`]). A grid whose known cells read mostly wrong
//!    ([`MIN_AGREEMENT`]) is no code and goes no further;
//! 3. a mesh of control points every [`CELL`] modules carries an offset each,
//!    interpolated bilinearly between them; coordinate descent moves each to
//!    the best of 25 offsets around it, at shrinking steps ([`refine`]). The
//!    score rewards a known module (finder, separator, timing, alignment, and
//!    a one-module quiet ring around the symbol) read as its colour and any
//!    other module read far from its local threshold (a grid on the module
//!    edges reads grey);
//! 4. the modules are thresholded and handed to rxing's QR decoder, mirrored
//!    too when that fails.
//!
//! Every step was chosen on boofcv-dev half A (`bench/scan/README.md`).
//! Large symbols are scored on every n-th row and column (at most ~64 × 64
//! cells), so no symbol costs more than a version-12 one per mesh point.
//! The deadline is checked before each corner step and each mesh point's
//! search; every rxing call
//! runs inside `catch_unwind` (its finder may panic on hostile input).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::common::{BitMatrix, HybridBinarizer};
use rxing::qrcode::common::Version;
use rxing::qrcode::cpp_port::detector::{
    EstimateModuleSize, FindFinderPatterns, FinderPatternSet, GenerateFinderPatternSets,
};
use rxing::qrcode::detector::{FinderPattern, FinderPatternFinder};
use rxing::{Binarizer, DecodeHintValue, DecodeHints, Luma8Source, Point};

use super::{past, Found, Gray};

/// Mesh spacing, in modules.
pub const CELL: usize = 8;
/// Share of the known cells a first grid must read right to be refined
/// (measured on boofcv-dev half A: 0.85–1.0 on a symbol, 0.51–0.55 on
/// finder-pattern triples of no symbol, 0.62–0.75 on a wrong corner or size).
const MIN_AGREEMENT: f64 = 0.8;
/// Finder-pattern triples tried per raster.
const MAX_SETS: usize = 3;
/// Largest dimension tried (version 40).
const MAX_DIM: usize = 177;

/// A planar homography as a row-major 3×3 matrix.
#[derive(Clone, Copy, Debug)]
pub struct Homography([f64; 9]);

impl Homography {
    /// The map of the unit square's corners (0,0), (1,0), (1,1), (0,1) onto
    /// `q` (the closed form of Heckbert's "Fundamentals of Texture Mapping").
    fn square_to(q: [[f64; 2]; 4]) -> Option<Homography> {
        let [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
        let (dx3, dy3) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        if dx3.abs() < 1e-12 && dy3.abs() < 1e-12 {
            return Some(Homography([x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0.0, 0.0, 1.0]));
        }
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let den = dx1 * dy2 - dx2 * dy1;
        if den.abs() < 1e-12 {
            return None;
        }
        let g = (dx3 * dy2 - dx2 * dy3) / den;
        let h = (dx1 * dy3 - dx3 * dy1) / den;
        Some(Homography([x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1.0]))
    }

    /// The inverse (the adjugate: a homography is defined up to scale).
    fn inverse(&self) -> Option<Homography> {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let m = [
            e * i - f * h,
            c * h - b * i,
            b * f - c * e,
            f * g - d * i,
            a * i - c * g,
            c * d - a * f,
            d * h - e * g,
            b * g - a * h,
            a * e - b * d,
        ];
        let det = a * m[0] + b * m[3] + c * m[6];
        (det.abs() > 1e-12).then_some(Homography(m))
    }

    fn then(&self, next: &Homography) -> Homography {
        let (a, b) = (&self.0, &next.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| b[r * 3 + k] * a[k * 3 + c]).sum();
            }
        }
        Homography(m)
    }

    /// The homography taking the four points `from` onto `to`.
    pub fn between(from: [[f64; 2]; 4], to: [[f64; 2]; 4]) -> Option<Homography> {
        Some(Homography::square_to(from)?.inverse()?.then(&Homography::square_to(to)?))
    }

    pub fn map(&self, p: [f64; 2]) -> [f64; 2] {
        let m = &self.0;
        let w = m[6] * p[0] + m[7] * p[1] + m[8];
        [(m[0] * p[0] + m[1] * p[1] + m[2]) / w, (m[3] * p[0] + m[4] * p[1] + m[5]) / w]
    }
}

/// What a module of the symbol is known to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    Dark,
    Light,
    Data,
}

/// The known modules of a `dim`-module symbol: finder patterns with their
/// separators, timing patterns, alignment patterns and the dark module.
pub fn function_modules(dim: usize) -> Vec<Known> {
    let mut k = vec![Known::Data; dim * dim];
    let mut set = |r: usize, c: usize, dark: bool| k[r * dim + c] = if dark { Known::Dark } else { Known::Light };
    for i in 8..dim.saturating_sub(8) {
        set(6, i, i % 2 == 0);
        set(i, 6, i % 2 == 0);
    }
    for (r0, c0) in [(0, 0), (0, dim - 7), (dim - 7, 0)] {
        for r in r0 as isize - 1..r0 as isize + 8 {
            for c in c0 as isize - 1..c0 as isize + 8 {
                if r < 0 || c < 0 || r >= dim as isize || c >= dim as isize {
                    continue;
                }
                let (dr, dc) = ((r - r0 as isize - 3).abs(), (c - c0 as isize - 3).abs());
                let ring = dr.max(dc);
                set(r as usize, c as usize, ring != 2 && ring <= 3);
            }
        }
    }
    let version = (dim - 17) / 4;
    if let Ok(v) = Version::getVersionForNumber(version as u32) {
        let centres = v.getAlignmentPatternCenters();
        for &r in centres {
            for &c in centres {
                let (r, c) = (r as usize, c as usize);
                let near_finder = (r < 9 && (c < 9 || c + 9 > dim)) || (r + 9 > dim && c < 9);
                if near_finder {
                    continue;
                }
                for dr in -2isize..=2 {
                    for dc in -2isize..=2 {
                        let ring = dr.abs().max(dc.abs());
                        set((r as isize + dr) as usize, (c as isize + dc) as usize, ring != 1);
                    }
                }
            }
        }
    }
    set(dim - 8, 8, true);
    k
}

/// The grid: a homography plus a mesh of pixel offsets every `step` modules.
struct Grid {
    dim: usize,
    h: Homography,
    /// Mesh points per side.
    n: usize,
    /// Module distance between mesh points.
    step: f64,
    off: Vec<[f64; 2]>,
}

impl Grid {
    fn new(dim: usize, h: Homography) -> Grid {
        let n = dim.div_ceil(CELL) + 1;
        Grid { dim, h, n, step: dim as f64 / (n - 1) as f64, off: vec![[0.0; 2]; n * n] }
    }

    /// The image point of module coordinates (u, v) (u along a row).
    fn at(&self, u: f64, v: f64) -> [f64; 2] {
        let p = self.h.map([u, v]);
        let (fu, fv) =
            ((u / self.step).clamp(0.0, (self.n - 1) as f64), (v / self.step).clamp(0.0, (self.n - 1) as f64));
        let (i0, j0) = ((fu as usize).min(self.n - 2), (fv as usize).min(self.n - 2));
        let (tu, tv) = (fu - i0 as f64, fv - j0 as f64);
        let o = |i: usize, j: usize| self.off[j * self.n + i];
        let (a, b, c, d) = (o(i0, j0), o(i0 + 1, j0), o(i0, j0 + 1), o(i0 + 1, j0 + 1));
        let mut q = p;
        for k in 0..2 {
            q[k] += (a[k] * (1.0 - tu) + b[k] * tu) * (1.0 - tv) + (c[k] * (1.0 - tu) + d[k] * tu) * tv;
        }
        q
    }
}

/// The grey level at an image point in rxing's coordinates (pixel i covers
/// [i, i + 1)).
fn grey(g: &Gray, p: [f64; 2]) -> f64 {
    g.sample(p[0] as f32 - 0.5, p[1] as f32 - 0.5) as f64
}

/// The module coordinates of the centre of cell (r, c) of the extended
/// grid: the symbol with a ring of one module of quiet zone around it.
fn centre(r: usize, c: usize) -> (f64, f64) {
    (c as f64 - 0.5, r as f64 - 0.5)
}

/// Samples every cell centre of the extended grid into `s`.
fn sample_all(g: &Gray, grid: &Grid, s: &mut [f64]) {
    let e = grid.dim + 2;
    for r in 0..e {
        for c in 0..e {
            let (u, v) = centre(r, c);
            s[r * e + c] = grey(g, grid.at(u, v));
        }
    }
}

/// Each module's threshold: the mean of the samples within 3 modules.
fn thresholds(s: &[f64], dim: usize) -> Vec<f64> {
    let w = dim + 1;
    let mut sum = vec![0.0; w * w];
    for r in 0..dim {
        for c in 0..dim {
            sum[(r + 1) * w + c + 1] = s[r * dim + c] + sum[r * w + c + 1] + sum[(r + 1) * w + c] - sum[r * w + c];
        }
    }
    let mut t = vec![0.0; dim * dim];
    for r in 0..dim {
        for c in 0..dim {
            let (r0, r1, c0, c1) = (r.saturating_sub(3), (r + 4).min(dim), c.saturating_sub(3), (c + 4).min(dim));
            let n = ((r1 - r0) * (c1 - c0)) as f64;
            t[r * dim + c] = (sum[r1 * w + c1] - sum[r0 * w + c1] - sum[r1 * w + c0] + sum[r0 * w + c0]) / n;
        }
    }
    t
}

fn module_score(known: Known, s: f64, t: f64) -> f64 {
    match known {
        // Known modules weigh double: they anchor the grid.
        Known::Dark => 2.0 * (t - s),
        Known::Light => 2.0 * (s - t),
        Known::Data => (s - t).abs(),
    }
}

/// The score of the cells of the extended grid in rows `rows` and columns `cols`.
fn score_block(g: &Gray, grid: &Grid, known: &[Known], t: &[f64], rows: (usize, usize), cols: (usize, usize)) -> f64 {
    let e = grid.dim + 2;
    // Every cell of a symbol up to 62 modules, every n-th row and column of
    // a larger one (the cost of a mesh point stays that of a small symbol).
    let stride = e.div_ceil(64);
    let mut total = 0.0;
    for r in (rows.0..rows.1).step_by(stride) {
        for c in (cols.0..cols.1).step_by(stride) {
            let (u, v) = centre(r, c);
            let s = grey(g, grid.at(u, v));
            total += module_score(known[r * e + c], s, t[r * e + c]);
        }
    }
    total
}

/// [`function_modules`] on the extended grid: the quiet-zone ring is light,
/// so a grid that spills past the symbol scores less.
fn known_ext(dim: usize) -> Vec<Known> {
    let (inner, e) = (function_modules(dim), dim + 2);
    let mut k = vec![Known::Light; e * e];
    for r in 0..dim {
        k[(r + 1) * e + 1..(r + 1) * e + 1 + dim].copy_from_slice(&inner[r * dim..(r + 1) * dim]);
    }
    k
}

/// The share of the known cells (function patterns and the quiet ring)
/// read as their colour: ~1/2 for a grid on no symbol.
fn agreement(s: &[f64], t: &[f64], known: &[Known]) -> f64 {
    let (mut n, mut ok) = (0usize, 0usize);
    for k in 0..known.len() {
        let want_dark = match known[k] {
            Known::Dark => true,
            Known::Light => false,
            Known::Data => continue,
        };
        n += 1;
        ok += usize::from((s[k] < t[k]) == want_dark);
    }
    ok as f64 / n.max(1) as f64
}

/// Moves each mesh point to the best of 5 × 5 offsets around it, at steps of
/// 1, 0.5, 0.25 and 0.125 module, two sweeps each, at most 4 modules from
/// where the homography puts it; thresholds follow each sweep. (Chosen on
/// half A: starting at 0.5 module and staying within 2.5 read one image
/// less, a mesh point every 4–6 modules 1–2 fewer codes than every 8.)
/// `None` when the deadline passes.
fn refine(g: &Gray, grid: &mut Grid, known: &[Known], module_px: f64, deadline: Option<Instant>) -> Option<()> {
    let (d, e) = (grid.dim, grid.dim + 2);
    let mut s = vec![0.0; e * e];
    // A mesh point moves at most this far from the homography.
    let max_off = 4.0 * module_px;
    for step in [1.0, 0.5, 0.25, 0.125] {
        for _sweep in 0..2 {
            sample_all(g, grid, &mut s);
            let t = thresholds(&s, e);
            for j in 0..grid.n {
                for i in 0..grid.n {
                    if past(deadline) {
                        return None;
                    }
                    let lo = |k: usize| (((k as f64 - 1.0) * grid.step).floor().max(0.0)) as usize;
                    let hi = |k: usize| ((((k + 1) as f64) * grid.step).ceil() as usize).min(d);
                    // Module range [a, b) in extended cells, with the quiet ring at the border.
                    let ext = |(a, b): (usize, usize)| (if a == 0 { 0 } else { a + 1 }, if b == d { e } else { b + 1 });
                    let (rows, cols) = (ext((lo(j), hi(j))), ext((lo(i), hi(i))));
                    let k = j * grid.n + i;
                    let base = grid.off[k];
                    let mut best = (score_block(g, grid, known, &t, rows, cols), base);
                    for dy in -2..=2 {
                        for dx in -2..=2 {
                            if dx == 0 && dy == 0 {
                                continue;
                            }
                            let o = [base[0] + dx as f64 * step * module_px, base[1] + dy as f64 * step * module_px];
                            if o[0].hypot(o[1]) > max_off {
                                continue;
                            }
                            grid.off[k] = o;
                            let sc = score_block(g, grid, known, &t, rows, cols);
                            if sc > best.0 {
                                best = (sc, o);
                            }
                        }
                    }
                    grid.off[k] = best.1;
                }
            }
        }
    }
    Some(())
}

/// The fourth corner (the image of module point (dim − 3.5, dim − 3.5)): the
/// parallelogram's guess, then the best of 9 × 9 positions around it at
/// steps of 1, 0.5 and 0.25 module, scored over the whole symbol.
fn fit_corner(
    g: &Gray,
    from: [[f64; 2]; 4],
    to: [[f64; 2]; 3],
    dim: usize,
    known: &[Known],
    module_px: f64,
    deadline: Option<Instant>,
) -> Option<Homography> {
    let guess = [to[1][0] + to[2][0] - to[0][0], to[1][1] + to[2][1] - to[0][1]];
    let make = |p: [f64; 2]| Homography::between(from, [to[0], to[1], p, to[2]]);
    let mut best_p = guess;
    // At most ~64 × 64 cells scored, so a large symbol costs no more (the
    // thresholds then span a wider window).
    let e = dim + 2;
    let idx: Vec<usize> = (0..e).step_by(e.div_ceil(64)).collect();
    let m = idx.len();
    let sub_known: Vec<Known> = idx.iter().flat_map(|&r| idx.iter().map(move |&c| known[r * e + c])).collect();
    let mut s = vec![0.0; m * m];
    let score = |h: Homography, s: &mut Vec<f64>| {
        let grid = Grid::new(dim, h);
        for (a, &r) in idx.iter().enumerate() {
            for (b, &c) in idx.iter().enumerate() {
                let (u, v) = centre(r, c);
                s[a * m + b] = grey(g, grid.at(u, v));
            }
        }
        let t = thresholds(s, m);
        (0..m * m).map(|k| module_score(sub_known[k], s[k], t[k])).sum::<f64>()
    };
    let mut best = score(make(guess)?, &mut s);
    for step in [1.0, 0.5, 0.25] {
        if past(deadline) {
            return None;
        }
        let centre = best_p;
        for dy in -4..=4 {
            for dx in -4..=4 {
                if dx == 0 && dy == 0 {
                    continue; // the best so far, already scored
                }
                let p = [centre[0] + dx as f64 * step * module_px, centre[1] + dy as f64 * step * module_px];
                let Some(h) = make(p) else { continue };
                let sc = score(h, &mut s);
                if sc > best {
                    (best, best_p) = (sc, p);
                }
            }
        }
    }
    make(best_p)
}

/// Module size (pixels) and the candidate dimensions for one triple.
fn dimensions(
    m: &BitMatrix,
    tl: ConcentricPattern,
    tr: ConcentricPattern,
    bl: ConcentricPattern,
) -> Option<(f64, Vec<usize>)> {
    let ms = [
        EstimateModuleSize(m, tl, tr),
        EstimateModuleSize(m, tr, tl),
        EstimateModuleSize(m, tl, bl),
        EstimateModuleSize(m, bl, tl),
    ];
    let good: Vec<f64> = ms.iter().copied().filter(|v| *v > 0.0).collect();
    if good.is_empty() {
        return None;
    }
    let module = good.iter().sum::<f64>() / good.len() as f64;
    let mut dims = Vec::new();
    for d in [tl.distance(tr), tl.distance(bl)] {
        // Clamped: a degenerate module size gives no dimension, not an overflow.
        let raw = (d as f64 / module).round().clamp(0.0, 1000.0) as i64 + 7;
        // The nearest size of the form 4v + 17.
        let v = ((raw - 17) as f64 / 4.0).round() as i64;
        let dim = 4 * v + 17;
        if (21..=MAX_DIM as i64).contains(&dim) && !dims.contains(&(dim as usize)) {
            dims.push(dim as usize);
        }
    }
    Some((module, dims))
}

/// The symbol's modules thresholded (`s` and `t`: samples and thresholds
/// of the extended grid), decoded as they are and mirrored.
fn decode_bits(grid: &Grid, s: &[f64], t: &[f64]) -> Option<String> {
    let (d, e) = (grid.dim, grid.dim + 2);
    let mut bits = BitMatrix::new(d as u32, d as u32).ok()?;
    let mut mirror = BitMatrix::new(d as u32, d as u32).ok()?;
    for r in 0..d {
        for c in 0..d {
            let k = (r + 1) * e + c + 1;
            if s[k] < t[k] {
                bits.set(c as u32, r as u32);
                mirror.set(r as u32, c as u32);
            }
        }
    }
    for b in [&bits, &mirror] {
        let res = catch_unwind(AssertUnwindSafe(|| rxing::qrcode::cpp_port::decoder::Decode(b)));
        if let Ok(Ok(r)) = res {
            return Some(r.text().to_string());
        }
    }
    None
}

/// The codes this method reads in `g` (corners in `g`'s coordinates).
pub fn read(g: &Gray, deadline: Option<Instant>) -> Vec<Found> {
    let Ok(src) = Luma8Source::new_with_slice(&g.data, g.width, g.height) else {
        return Vec::new();
    };
    let found = catch_unwind(AssertUnwindSafe(|| {
        let m = HybridBinarizer::new(src).get_black_matrix().ok()?.clone();
        let mut patterns = FindFinderPatterns(&m, true, 1);
        let mut sets: Vec<_> = GenerateFinderPatternSets(&mut patterns).into_iter().take(MAX_SETS).collect();
        // The Java port's finder too: it finds the third pattern of some
        // crumpled symbols where the zxing-cpp one finds a wrong one.
        let hints = DecodeHints::default().with(DecodeHintValue::TryHarder(true));
        if let Ok(info) = FinderPatternFinder::new(&m).find(&hints) {
            let cp = |f: &FinderPattern| ConcentricPattern {
                p: Point::from(*f),
                size: (f.getEstimatedModuleSize() * 7.0) as i32,
            };
            sets.push(FinderPatternSet {
                bl: cp(info.getBottomLeft()),
                tl: cp(info.getTopLeft()),
                tr: cp(info.getTopRight()),
            });
        }
        Some((m, sets))
    }));
    let Ok(Some((m, sets))) = found else {
        return Vec::new();
    };
    let mut out: Vec<Found> = Vec::new();
    for set in sets.iter() {
        if past(deadline) {
            break;
        }
        let Ok(Some((module, dims))) = catch_unwind(AssertUnwindSafe(|| dimensions(&m, set.tl, set.tr, set.bl))) else {
            continue;
        };
        let pt = |c: ConcentricPattern| [c.p.x as f64, c.p.y as f64];
        let to = [pt(set.tl), pt(set.tr), pt(set.bl)];
        for dim in dims {
            if past(deadline) {
                break;
            }
            let e = dim as f64 - 3.5;
            let from = [[3.5, 3.5], [e, 3.5], [e, e], [3.5, e]];
            let known = known_ext(dim);
            let Some(h) = fit_corner(g, from, to, dim, &known, module, deadline) else { continue };
            let mut grid = Grid::new(dim, h);
            let mut s = vec![0.0; (dim + 2) * (dim + 2)];
            sample_all(g, &grid, &mut s);
            let t = thresholds(&s, dim + 2);
            let mut text = decode_bits(&grid, &s, &t);
            if text.is_none() && agreement(&s, &t, &known) >= MIN_AGREEMENT {
                if refine(g, &mut grid, &known, module, deadline).is_none() {
                    break;
                }
                sample_all(g, &grid, &mut s);
                text = decode_bits(&grid, &s, &thresholds(&s, dim + 2));
            }
            if let Some(text) = text {
                let d = dim as f64;
                let c = |u: f64, v: f64| {
                    let p = grid.at(u, v);
                    [p[0] as f32, p[1] as f32]
                };
                let corners = [c(0.0, 0.0), c(d, 0.0), c(d, d), c(0.0, d)];
                let finite = corners.iter().flatten().all(|v| v.is_finite());
                if finite && !out.iter().any(|f| f.text == text) {
                    out.push(Found { text, corners });
                }
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homography_maps_the_four_points_and_inverts() {
        let from = [[3.5, 3.5], [21.5, 3.5], [21.5, 21.5], [3.5, 21.5]];
        let to = [[100.0, 50.0], [300.0, 80.0], [280.0, 320.0], [90.0, 260.0]];
        let h = Homography::between(from, to).unwrap();
        for (a, b) in from.iter().zip(to) {
            let p = h.map(*a);
            assert!((p[0] - b[0]).abs() < 1e-6 && (p[1] - b[1]).abs() < 1e-6, "{p:?} vs {b:?}");
        }
        let back = h.inverse().unwrap();
        let p = back.map(h.map([10.0, 12.0]));
        assert!((p[0] - 10.0).abs() < 1e-6 && (p[1] - 12.0).abs() < 1e-6);
    }

    #[test]
    fn every_known_module_has_its_colour_in_real_codes_of_every_version() {
        use qrcode::{EcLevel, QrCode, Version as QrVersion};
        for v in 1..=40i16 {
            let code = QrCode::with_version(b"BC1:known modules", QrVersion::Normal(v), EcLevel::L).unwrap();
            let dim = code.width();
            let colours = code.to_colors();
            let known = function_modules(dim);
            let mut n = 0;
            for (k, (want, real)) in known.iter().zip(&colours).enumerate() {
                let dark = *real == qrcode::Color::Dark;
                match want {
                    Known::Dark => assert!(dark, "version {v}: module {} {} should be dark", k / dim, k % dim),
                    Known::Light => assert!(!dark, "version {v}: module {} {} should be light", k / dim, k % dim),
                    Known::Data => continue,
                }
                n += 1;
            }
            // Three finders with separators, two timing lines, the dark module at least.
            assert!(n > 3 * 64 + 2 * (dim - 16), "version {v}: {n} known");
        }
    }

    #[test]
    fn function_modules_of_version_2() {
        let k = function_modules(25);
        let at = |r: usize, c: usize| k[r * 25 + c];
        // Finder corners and centre, separator, timing, alignment at (18, 18).
        assert_eq!(
            (at(0, 0), at(3, 3), at(1, 1), at(2, 2), at(7, 7)),
            (Known::Dark, Known::Dark, Known::Light, Known::Dark, Known::Light)
        );
        assert_eq!((at(0, 24), at(24, 0), at(7, 24)), (Known::Dark, Known::Dark, Known::Light));
        assert_eq!((at(6, 8), at(6, 9), at(9, 6), at(6, 16)), (Known::Dark, Known::Light, Known::Light, Known::Dark));
        assert_eq!(
            (at(18, 18), at(17, 18), at(16, 16), at(20, 20)),
            (Known::Dark, Known::Light, Known::Dark, Known::Dark)
        );
        assert_eq!((at(17, 8), at(12, 12), at(8, 8)), (Known::Dark, Known::Data, Known::Data));
    }
}
