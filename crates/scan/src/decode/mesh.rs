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
//!    other finds a wrong one); the module size gives the dimension. Where
//!    a crease, a stain or glare hides the third finder pattern from them,
//!    two patterns of a similar size give guesses of the symbol, the third
//!    pattern on every side ([`pair_guesses`]);
//! 2. a homography maps module coordinates to the image: three finder
//!    centres, the fourth corner searched for the clearest reading
//!    ([`fit_point`]); a guessed finder pattern is first moved to where its
//!    own modules read best and dropped when they read mostly wrong. A grid
//!    whose known cells read mostly wrong ([`MIN_AGREEMENT`]) is no code and
//!    goes no further;
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
//! The pair guesses were added after a look at half A's crumpled receipts,
//! where rxing finds two of the three finder patterns, and measured on half
//! B once, unchanged.
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

/// Samples the extended-grid cells at rows `rows` × columns `cols` (as many
/// of each) into `s`, and returns their thresholds.
fn sample_patch(g: &Gray, grid: &Grid, rows: &[usize], cols: &[usize], s: &mut [f64]) -> Vec<f64> {
    let m = rows.len();
    for (a, &r) in rows.iter().enumerate() {
        for (b, &c) in cols.iter().enumerate() {
            let (u, v) = centre(r, c);
            s[a * m + b] = grey(g, grid.at(u, v));
        }
    }
    thresholds(s, m)
}

/// The extended-grid cells scored when a point is fitted: the whole symbol
/// (every n-th row and column of a large one: at most ~64 × 64 cells, so a
/// large symbol costs no more; the thresholds then span a wider window), or
/// the 10 × 10 cells around one finder pattern (`finder`: 0 top-left, 1
/// top-right, 3 bottom-left, as in [`fit_point`]'s points).
fn cells(dim: usize, finder: Option<usize>) -> (Vec<usize>, Vec<usize>) {
    let e = dim + 2;
    let near: Vec<usize> = (0..10).collect();
    let far: Vec<usize> = (e - 10..e).collect();
    match finder {
        None => {
            let idx: Vec<usize> = (0..e).step_by(e.div_ceil(64)).collect();
            (idx.clone(), idx)
        }
        Some(1) => (near, far),
        Some(3) => (far, near),
        Some(_) => (near.clone(), near),
    }
}

/// Moves point `which` of `pts` (the images of the module points `from`:
/// the centres of the top-left, top-right and bottom-left finder patterns
/// and the point diagonal to the first, in the order top-left, top-right,
/// diagonal, bottom-left) to the best of 9 × 9 positions around it, at each
/// of `steps` (in modules), scoring the cells `(rows, cols)` ([`cells`]).
/// `None` when the deadline passes or the points make no homography.
#[allow(clippy::too_many_arguments)]
fn fit_point(
    g: &Gray,
    from: [[f64; 2]; 4],
    mut pts: [[f64; 2]; 4],
    which: usize,
    steps: &[f64],
    (rows, cols): (&[usize], &[usize]),
    dim: usize,
    known: &[Known],
    module_px: f64,
    deadline: Option<Instant>,
) -> Option<[[f64; 2]; 4]> {
    let m = rows.len();
    let sub_known = known_cells(known, dim, (rows, cols));
    let mut s = vec![0.0; m * m];
    let mut score = |pts: [[f64; 2]; 4]| -> Option<f64> {
        let grid = Grid::new(dim, Homography::between(from, pts)?);
        let t = sample_patch(g, &grid, rows, cols, &mut s);
        Some((0..m * m).map(|k| module_score(sub_known[k], s[k], t[k])).sum::<f64>())
    };
    let mut best = score(pts)?;
    for &step in steps {
        if past(deadline) {
            return None;
        }
        let centre = pts[which];
        let mut best_p = centre;
        for dy in -4..=4 {
            for dx in -4..=4 {
                if dx == 0 && dy == 0 {
                    continue; // the best so far, already scored
                }
                pts[which] = [centre[0] + dx as f64 * step * module_px, centre[1] + dy as f64 * step * module_px];
                if let Some(sc) = score(pts) {
                    if sc > best {
                        (best, best_p) = (sc, pts[which]);
                    }
                }
            }
        }
        pts[which] = best_p;
    }
    Some(pts)
}

/// The share of the cells `(rows, cols)` with a known colour read as it.
fn patch_agreement(g: &Gray, grid: &Grid, (rows, cols): (&[usize], &[usize]), known: &[Known]) -> f64 {
    let mut s = vec![0.0; rows.len() * rows.len()];
    let t = sample_patch(g, grid, rows, cols, &mut s);
    agreement(&s, &t, &known_cells(known, grid.dim, (rows, cols)))
}

/// What the cells `(rows, cols)` of the extended grid of a `dim`-module
/// symbol are known to be (`known`: [`known_ext`]), row by row.
fn known_cells(known: &[Known], dim: usize, (rows, cols): (&[usize], &[usize])) -> Vec<Known> {
    let e = dim + 2;
    rows.iter().flat_map(|&r| cols.iter().map(move |&c| known[r * e + c])).collect()
}

/// A symbol guessed from two finder patterns: the image points of the
/// centres of its top-left, top-right and bottom-left finder patterns, which
/// of them is guessed (no finder pattern was found there), the module size
/// and the symbol's size in modules.
struct Guess {
    to: [[f64; 2]; 3],
    guessed: usize,
    module: f64,
    dim: usize,
}

/// Finder patterns taken in pairs when the third one of a symbol is not
/// found (a crease, a stain or glare across it): the largest few.
const PAIR_PATTERNS: usize = 6;
/// Guesses from pairs read further than their first fit (the best ones): a
/// page tiled with finder patterns costs no more than a few symbols. (On
/// half A every guess that was read was the first or second best.)
const MAX_GUESSES: usize = 3;

/// The nearest symbol size (4v + 17) to a distance of `modules` between
/// two finder centres (plus 7); clamped, so a degenerate module size gives
/// no size rather than an overflow.
fn nearest_dim(modules: f64) -> Option<usize> {
    let raw = modules.round().clamp(0.0, 1000.0) as i64 + 7;
    let dim = 4 * ((raw - 17) as f64 / 4.0).round() as i64 + 17;
    (21..=MAX_DIM as i64).contains(&dim).then_some(dim as usize)
}

/// Symbols guessed from two finder patterns of a similar size: the pair as
/// two neighbouring corners (the third pattern on either side, either one
/// the top-left) or as the diagonal (the top-left on either side). A guess
/// is only a start: [`fit_guess`] moves the guessed pattern to where the
/// finder pattern's modules read best and drops it when they read mostly
/// wrong. `patterns` come largest first (`GenerateFinderPatternSets` sorts
/// them).
fn pair_guesses(m: &BitMatrix, patterns: &[ConcentricPattern], width: u32, height: u32) -> Vec<Guess> {
    let ps = &patterns[..patterns.len().min(PAIR_PATTERNS)];
    let pt = |c: &ConcentricPattern| [c.p.x as f64, c.p.y as f64];
    let mut out = Vec::new();
    for (i, a) in ps.iter().enumerate() {
        for b in &ps[i + 1..] {
            let (sa, sb) = (a.size.min(b.size) as f64, a.size.max(b.size) as f64);
            if sa <= 0.0 || sb > 1.5 * sa {
                continue;
            }
            let est = catch_unwind(AssertUnwindSafe(|| [EstimateModuleSize(m, *a, *b), EstimateModuleSize(m, *b, *a)]));
            let module = est.ok().and_then(|e| mean_positive(&e)).unwrap_or((sa + sb) / 14.0);
            let (pa, pb) = (pt(a), pt(b));
            let v = [pb[0] - pa[0], pb[1] - pa[1]];
            let r = [-v[1], v[0]];
            let side = v[0].hypot(v[1]) / module;
            let mid = [(pa[0] + pb[0]) / 2.0, (pa[1] + pb[1]) / 2.0];
            for sign in [1.0, -1.0] {
                let off = |p: [f64; 2], f: f64| [p[0] + sign * f * r[0], p[1] + sign * f * r[1]];
                for (to, guessed, span) in [
                    ([pa, pb, off(pa, 1.0)], 2, side),
                    ([pb, pa, off(pb, 1.0)], 2, side),
                    ([off(mid, 0.5), pa, pb], 0, side / std::f64::consts::SQRT_2),
                ] {
                    let q = to[guessed];
                    let on_image = q[0] >= 0.0 && q[1] >= 0.0 && q[0] < width as f64 && q[1] < height as f64;
                    if let (true, Some(dim)) = (on_image, nearest_dim(span)) {
                        out.push(Guess { to, guessed, module, dim });
                    }
                }
            }
        }
    }
    out
}

/// Whether `p` lies inside the convex quadrilateral `q`.
fn inside(q: &[[f32; 2]; 4], p: [f64; 2]) -> bool {
    let mut sign = 0.0;
    for k in 0..4 {
        let (a, b) = (q[k], q[(k + 1) % 4]);
        let cross =
            (b[0] as f64 - a[0] as f64) * (p[1] - a[1] as f64) - (b[1] as f64 - a[1] as f64) * (p[0] - a[0] as f64);
        if cross * sign < 0.0 {
            return false;
        }
        if cross != 0.0 {
            sign = cross;
        }
    }
    true
}

/// The mean of the module-size estimates that succeeded (rxing gives −1
/// for one that failed); `None` when none did.
fn mean_positive(estimates: &[f64]) -> Option<f64> {
    let good: Vec<f64> = estimates.iter().copied().filter(|v| *v > 0.0).collect();
    (!good.is_empty()).then(|| good.iter().sum::<f64>() / good.len() as f64)
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
    let module = mean_positive(&ms)?;
    let mut dims = Vec::new();
    for d in [tl.distance(tr), tl.distance(bl)] {
        match nearest_dim(d as f64 / module) {
            Some(dim) if !dims.contains(&dim) => dims.push(dim),
            _ => {}
        }
    }
    Some((module, dims))
}

/// The symbol's modules thresholded (`s` and `t`: samples and thresholds
/// of the extended grid), decoded as they are and mirrored; the text, and
/// whether it was the mirror that read.
fn decode_bits(grid: &Grid, s: &[f64], t: &[f64]) -> Option<(String, bool)> {
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
    for (b, mirrored) in [(&bits, false), (&mirror, true)] {
        let res = catch_unwind(AssertUnwindSafe(|| rxing::qrcode::cpp_port::decoder::Decode(b)));
        if let Ok(Ok(r)) = res {
            // The decoder reads a mirrored symbol too, and says so.
            return Some((r.text().to_string(), mirrored != r.isMirrored()));
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
        Some((m, sets, patterns))
    }));
    let Ok(Some((m, sets, patterns))) = found else {
        return Vec::new();
    };
    let pt = |c: ConcentricPattern| [c.p.x as f64, c.p.y as f64];
    let mut out: Vec<Found> = Vec::new();
    for set in &sets {
        if past(deadline) {
            return out;
        }
        let Ok(Some((module, dims))) = catch_unwind(AssertUnwindSafe(|| dimensions(&m, set.tl, set.tr, set.bl))) else {
            continue;
        };
        let [tl, tr, bl] = [pt(set.tl), pt(set.tr), pt(set.bl)];
        for dim in dims {
            if past(deadline) {
                break;
            }
            if let Some(f) = read_symbol(g, dim, start(tl, tr, bl), None, module, deadline) {
                keep(&mut out, f);
                break;
            }
        }
    }
    // Guesses from pairs, none at a symbol already read: the few whose
    // first fit reads best.
    let mut fitted = Vec::new();
    for cand in pair_guesses(&m, &patterns, g.width, g.height) {
        if past(deadline) {
            return out;
        }
        if out.iter().any(|f| cand.to.iter().any(|p| inside(&f.corners, *p))) {
            continue;
        }
        if let Some((agree, pts)) = fit_guess(g, &cand, deadline) {
            fitted.push((agree, cand, pts));
        }
    }
    fitted.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, cand, pts) in fitted.into_iter().take(MAX_GUESSES) {
        if past(deadline) {
            break;
        }
        if let Some(f) = read_symbol(g, cand.dim, pts, Some(cand.guessed), cand.module, deadline) {
            keep(&mut out, f);
        }
    }
    out
}

/// Adds `f` unless its text was read already.
fn keep(out: &mut Vec<Found>, f: Found) {
    if !out.iter().any(|o| o.text == f.text) {
        out.push(f);
    }
}

/// The module points that [`fit_point`]'s points are the images of.
fn from_points(dim: usize) -> [[f64; 2]; 4] {
    let e = dim as f64 - 3.5;
    [[3.5, 3.5], [e, 3.5], [e, e], [3.5, e]]
}

/// [`fit_point`]'s points from three finder centres, the fourth corner
/// where a parallelogram puts it.
fn start(tl: [f64; 2], tr: [f64; 2], bl: [f64; 2]) -> [[f64; 2]; 4] {
    [tl, tr, [tr[0] + bl[0] - tl[0], tr[1] + bl[1] - tl[1]], bl]
}

/// Index of a finder centre of [`Guess::to`] in [`fit_point`]'s points.
fn point_of(finder: usize) -> usize {
    [0, 1, 3][finder]
}

/// A guess's finder pattern moved to where its own cells read best, the
/// fourth corner where a parallelogram puts it: the share of the symbol's
/// known cells that then read right and the points; `None` when the finder
/// pattern's cells or the symbol's read under [`MIN_AGREEMENT`] (no finder
/// pattern there, or no symbol: on half A every guess that was read scored
/// 0.85 or more here, guesses on a page tiled with finder patterns 0.56–0.77).
fn fit_guess(g: &Gray, cand: &Guess, deadline: Option<Instant>) -> Option<(f64, [[f64; 2]; 4])> {
    let (dim, w) = (cand.dim, point_of(cand.guessed));
    let known = known_ext(dim);
    let near = cells(dim, Some(w));
    let near = (&near.0[..], &near.1[..]);
    let [tl, tr, bl] = cand.to;
    let from = from_points(dim);
    let mut pts = fit_point(g, from, start(tl, tr, bl), w, &[1.0, 0.5], near, dim, &known, cand.module, deadline)?;
    pts[2] = start(pts[0], pts[1], pts[3])[2];
    let grid = Grid::new(dim, Homography::between(from, pts)?);
    if patch_agreement(g, &grid, near, &known) < MIN_AGREEMENT {
        return None;
    }
    let e = dim + 2;
    let mut s = vec![0.0; e * e];
    sample_all(g, &grid, &mut s);
    let agree = agreement(&s, &thresholds(&s, e), &known);
    (agree >= MIN_AGREEMENT).then_some((agree, pts))
}

/// Reads a symbol of `dim` modules from [`fit_point`]'s points `pts`: the
/// fourth corner fitted (and the guessed finder pattern after it, if any),
/// the modules decoded as they are, or else — when the known cells read
/// mostly right — after the mesh is fitted.
fn read_symbol(
    g: &Gray,
    dim: usize,
    mut pts: [[f64; 2]; 4],
    guessed: Option<usize>,
    module: f64,
    deadline: Option<Instant>,
) -> Option<Found> {
    let from = from_points(dim);
    let known = known_ext(dim);
    let whole = cells(dim, None);
    let whole = (&whole.0[..], &whole.1[..]);
    pts = fit_point(g, from, pts, 2, &[1.0, 0.5, 0.25], whole, dim, &known, module, deadline)?;
    if let Some(k) = guessed {
        pts = fit_point(g, from, pts, point_of(k), &[0.5, 0.25], whole, dim, &known, module, deadline)?;
    }
    let mut grid = Grid::new(dim, Homography::between(from, pts)?);
    let mut s = vec![0.0; (dim + 2) * (dim + 2)];
    sample_all(g, &grid, &mut s);
    let t = thresholds(&s, dim + 2);
    let mut text = decode_bits(&grid, &s, &t);
    if text.is_none() && agreement(&s, &t, &known) >= MIN_AGREEMENT {
        refine(g, &mut grid, &known, module, deadline)?;
        sample_all(g, &grid, &mut s);
        text = decode_bits(&grid, &s, &thresholds(&s, dim + 2));
    }
    let (text, mirrored) = text?;
    let d = dim as f64;
    let c = |u: f64, v: f64| {
        let p = grid.at(u, v);
        [p[0] as f32, p[1] as f32]
    };
    // The symbol's top-left, top-right, bottom-right and bottom-left.
    let corners = if mirrored {
        [c(0.0, 0.0), c(0.0, d), c(d, d), c(d, 0.0)]
    } else {
        [c(0.0, 0.0), c(d, 0.0), c(d, d), c(0.0, d)]
    };
    corners.iter().flatten().all(|v| v.is_finite()).then_some(Found { text, corners })
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
    fn nearest_dim_rounds_to_a_symbol_size() {
        // Finder centres 14 modules apart: version 1 (21 modules); 18: version 2.
        assert_eq!((nearest_dim(14.0), nearest_dim(15.4), nearest_dim(18.0)), (Some(21), Some(21), Some(25)));
        assert_eq!((nearest_dim(170.0), nearest_dim(190.0), nearest_dim(5.0)), (Some(177), None, None));
        assert_eq!(nearest_dim(f64::INFINITY), None);
    }

    #[test]
    fn the_module_size_is_the_mean_of_the_estimates_that_succeeded() {
        assert_eq!(mean_positive(&[4.0, -1.0, 5.0, -1.0]), Some(4.5));
        assert_eq!(mean_positive(&[-1.0, -1.0]), None);
    }

    #[test]
    fn inside_a_quadrilateral_either_way_round() {
        let q = [[0.0, 0.0], [10.0, 0.0], [12.0, 10.0], [0.0, 8.0]];
        let mut r = q;
        r.reverse();
        for quad in [q, r] {
            assert!(inside(&quad, [5.0, 5.0]) && inside(&quad, [0.0, 4.0]));
            assert!(!inside(&quad, [-1.0, 4.0]) && !inside(&quad, [11.0, 1.0]) && !inside(&quad, [5.0, 9.9]));
        }
    }

    #[test]
    fn two_finder_patterns_guess_the_third_on_every_side() {
        // Top-left and top-right of a version-2 symbol, 5 px per module
        // (centres 18 modules apart), its bottom-left pattern not found.
        let m = BitMatrix::new(400, 400).unwrap();
        let cp = |x: f32, y: f32| ConcentricPattern { p: Point { x, y }, size: 35 };
        let guesses = pair_guesses(&m, &[cp(100.0, 100.0), cp(190.0, 100.0)], 400, 400);
        // Neighbours (the third on either side, either one the top-left) and
        // the diagonal (the top-left on either side).
        assert_eq!(guesses.len(), 6);
        let bl = guesses.iter().find(|c| c.to[0] == [100.0, 100.0] && c.to[1] == [190.0, 100.0] && c.to[2][1] > 100.0);
        let bl = bl.expect("the bottom-left guess");
        assert_eq!((bl.to[2], bl.guessed, bl.dim), ([100.0, 190.0], 2, 25));
        assert!((bl.module - 5.0).abs() < 1e-9, "no module estimate on a blank matrix: the patterns' size / 7");
        // The diagonal guesses: a version-1 symbol (12.7 modules).
        assert!(guesses.iter().any(|c| c.guessed == 0 && c.dim == 21));
        // None off the image; patterns of too different sizes are no pair.
        assert_eq!(pair_guesses(&m, &[cp(100.0, 30.0), cp(190.0, 30.0)], 400, 400).len(), 3);
        let big = ConcentricPattern { p: Point { x: 190.0, y: 100.0 }, size: 60 };
        assert!(pair_guesses(&m, &[cp(100.0, 100.0), big], 400, 400).is_empty());
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
