//! Generates the certificate-photo set of issue 21: certificate pages (the
//! page of `gen_bc1.rs`: A4, a ~600-char `BC1:` code at level Q) as a phone
//! would photograph them, one category per hard case, plus pages with no code.
//! Separate from `gen_bc1.rs` (the set the pipeline was tuned on) and never
//! tuned on itself: fixed seeds, the categories' parameters chosen before any
//! measurement. Usage: `gen_photos OUTDIR [PER_CATEGORY]` (default 6).
//! Writes JPEG photos and `manifest.json` ([{file, category, text}], text ""
//! for a page with no code).
//!
//! Every photo: the page on a textured table, a small in-plane rotation, a
//! mild lens blur and sensor noise, JPEG at quality 85 (unless the category
//! says otherwise); then per category:
//! - `perspective35`: the camera tilted 25–35° off the page's normal;
//! - `curl`: the page's lower part bent over a cylinder (code on the bend);
//! - `fold`: a crease through the code, the two sides at different angles and light;
//! - `shadow`: a hard-ish shadow edge across the code (50–70% darker);
//! - `jpeg40_70`: JPEG quality 40–70 with 10–20° tilt;
//! - `moire`: the page shown on a screen (pixel grid) and photographed;
//! - `small25mm`: the code printed 25 mm wide (photographed at ~300 dpi);
//! - `low_light`: dim (range ~15–75 of 255), strong noise;
//! - `motion_blur`: a linear blur of 5–10 px in a random direction;
//! - `red_seal`: a red seal stamped over part of the code (colour photo);
//! - `glare`: a laminated print: a saturated highlight over part of the code;
//! - `no_code`: the page without its code, with one of the distortions above.
#[path = "../tests/common/synth.rs"]
mod synth;

use image::{GrayImage, Luma, Rgb, RgbImage};
use synth::Rng;

/// A float grey (or, for the seal, RGB) raster.
#[derive(Clone)]
struct Img {
    w: usize,
    h: usize,
    c: usize,
    d: Vec<f32>,
}

impl Img {
    fn from_gray(g: &GrayImage) -> Img {
        Img { w: g.width() as usize, h: g.height() as usize, c: 1, d: g.as_raw().iter().map(|&v| v as f32).collect() }
    }
    fn new(w: usize, h: usize, c: usize, v: f32) -> Img {
        Img { w, h, c, d: vec![v; w * h * c] }
    }
    fn to_rgb(&self) -> Img {
        if self.c == 3 {
            return self.clone();
        }
        Img { w: self.w, h: self.h, c: 3, d: self.d.iter().flat_map(|&v| [v, v, v]).collect() }
    }
    /// Bilinear sample of channel k; None outside.
    fn sample(&self, x: f64, y: f64, k: usize) -> Option<f32> {
        let (x, y) = (x - 0.5, y - 0.5);
        if x < -0.5 || y < -0.5 || x > self.w as f64 - 0.5 || y > self.h as f64 - 0.5 {
            return None;
        }
        let (x0, y0) = (x.floor() as i64, y.floor() as i64);
        let (fx, fy) = ((x - x0 as f64) as f32, (y - y0 as f64) as f32);
        let p = |xx: i64, yy: i64| {
            let xx = xx.clamp(0, self.w as i64 - 1) as usize;
            let yy = yy.clamp(0, self.h as i64 - 1) as usize;
            self.d[(yy * self.w + xx) * self.c + k]
        };
        let a = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
        let b = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
        Some(a * (1.0 - fy) + b * fy)
    }
    /// Inverse-mapped warp into a `w`×`h` canvas; `bg` outside the source.
    fn warp(&self, w: usize, h: usize, inv: impl Fn(f64, f64) -> (f64, f64) + Sync, bg: &Img) -> Img {
        let mut o = Img::new(w, h, self.c, 0.0);
        for y in 0..h {
            for x in 0..w {
                let (sx, sy) = inv(x as f64 + 0.5, y as f64 + 0.5);
                for k in 0..self.c {
                    let v = self
                        .sample(sx, sy, k)
                        .unwrap_or_else(|| bg.d[((y % bg.h) * bg.w + (x % bg.w)) * bg.c + k.min(bg.c - 1)]);
                    o.d[(y * w + x) * self.c + k] = v;
                }
            }
        }
        o
    }
    /// v' = f(x, y, k, v).
    fn map(&mut self, f: impl Fn(usize, usize, usize, f32) -> f32) {
        for y in 0..self.h {
            for x in 0..self.w {
                for k in 0..self.c {
                    let i = (y * self.w + x) * self.c + k;
                    self.d[i] = f(x, y, k, self.d[i]);
                }
            }
        }
    }
    fn noise(&mut self, sigma: f64, r: &mut Rng) {
        for v in &mut self.d {
            *v += (r.gauss() * sigma * 1.41) as f32;
        }
    }
    /// Box blur of radius r along x then y, `passes` times.
    fn blur(&self, r: usize, passes: usize) -> Img {
        let mut cur = self.clone();
        for _ in 0..passes {
            for axis in 0..2 {
                let mut o = cur.clone();
                let (n, m) = if axis == 0 { (cur.w, cur.h) } else { (cur.h, cur.w) };
                for j in 0..m {
                    for k in 0..cur.c {
                        let at = |i: usize| {
                            if axis == 0 {
                                (j * cur.w + i) * cur.c + k
                            } else {
                                (i * cur.w + j) * cur.c + k
                            }
                        };
                        for i in 0..n {
                            let (a, b) = (i.saturating_sub(r), (i + r).min(n - 1));
                            let s: f32 = (a..=b).map(|ii| cur.d[at(ii)]).sum();
                            o.d[at(i)] = s / (b - a + 1) as f32;
                        }
                    }
                }
                cur = o;
            }
        }
        cur
    }
    /// Linear motion blur: the mean of `len` px along direction `ang`.
    fn motion(&self, len: f64, ang: f64) -> Img {
        let (dx, dy) = (ang.cos(), ang.sin());
        let n = (len.ceil() as usize).max(2) * 2;
        let mut o = self.clone();
        for y in 0..self.h {
            for x in 0..self.w {
                for k in 0..self.c {
                    let mut s = 0.0;
                    let mut c = 0.0f32;
                    for i in 0..=n {
                        let t = (i as f64 / n as f64 - 0.5) * len;
                        if let Some(v) = self.sample(x as f64 + 0.5 + t * dx, y as f64 + 0.5 + t * dy, k) {
                            s += v;
                            c += 1.0;
                        }
                    }
                    o.d[(y * self.w + x) * self.c + k] = s / c.max(1.0);
                }
            }
        }
        o
    }
    fn resize(&self, w: usize, h: usize) -> Img {
        // Area average (w, h smaller than the source).
        let (fx, fy) = (self.w as f64 / w as f64, self.h as f64 / h as f64);
        let mut o = Img::new(w, h, self.c, 0.0);
        for y in 0..h {
            for x in 0..w {
                let (x0, x1) = ((x as f64 * fx) as usize, (((x + 1) as f64 * fx).ceil() as usize).min(self.w));
                let (y0, y1) = ((y as f64 * fy) as usize, (((y + 1) as f64 * fy).ceil() as usize).min(self.h));
                for k in 0..self.c {
                    let mut s = 0.0;
                    for yy in y0..y1 {
                        for xx in x0..x1 {
                            s += self.d[(yy * self.w + xx) * self.c + k];
                        }
                    }
                    o.d[(y * w + x) * self.c + k] = s / ((x1 - x0) * (y1 - y0)).max(1) as f32;
                }
            }
        }
        o
    }
    fn jpeg(&self, q: u8) -> Vec<u8> {
        let px = |v: f32| v.round().clamp(0.0, 255.0) as u8;
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
        if self.c == 1 {
            let g = GrayImage::from_fn(self.w as u32, self.h as u32, |x, y| {
                Luma([px(self.d[y as usize * self.w + x as usize])])
            });
            g.write_with_encoder(enc).expect("jpeg");
        } else {
            let g = RgbImage::from_fn(self.w as u32, self.h as u32, |x, y| {
                let i = (y as usize * self.w + x as usize) * 3;
                Rgb([px(self.d[i]), px(self.d[i + 1]), px(self.d[i + 2])])
            });
            g.write_with_encoder(enc).expect("jpeg");
        }
        out
    }
}

/// A table top: mid-grey wood-like stripes with noise.
fn table(w: usize, h: usize, c: usize, r: &mut Rng) -> Img {
    let base = r.range(70.0, 150.0) as f32;
    let f = r.range(0.01, 0.04) as f32;
    let mut t = Img::new(w, h, c, base);
    t.map(|x, y, k, v| v + 18.0 * ((x as f32 * 0.2 + y as f32) * f).sin() + if k == 0 { 10.0 } else { 0.0 });
    t.noise(6.0, r);
    t
}

/// A camera view of a `w`×`h` page: tilted by `tilt` degrees about an axis in
/// the page plane at angle `axis`, rotated by `roll` in the image, pinhole
/// projection. Returns the homography (page → photo) and the photo size, the
/// page filling ~85% of the frame.
fn camera(w: usize, h: usize, tilt: f64, axis: f64, roll: f64) -> (synth::H, usize, usize) {
    let (w, h) = (w as f64, h as f64);
    let f = 1.3 * w.max(h);
    let (ta, tb) = (tilt.to_radians(), axis.to_radians());
    // Rotation about the unit axis (cos b, sin b, 0) by ta (Rodrigues).
    let (ux, uy) = (tb.cos(), tb.sin());
    let (c, s) = (ta.cos(), ta.sin());
    let rot = |x: f64, y: f64| -> (f64, f64, f64) {
        // v = (x, y, 0); v' = v c + (u × v) s + u (u·v)(1 - c)
        let dot = ux * x + uy * y;
        let cross = (0.0, 0.0, ux * y - uy * x);
        (x * c + ux * dot * (1.0 - c), y * c + uy * dot * (1.0 - c), cross.2 * s)
    };
    let (rc, rs) = (roll.to_radians().cos(), roll.to_radians().sin());
    let proj = |x: f64, y: f64| {
        let (vx, vy, vz) = rot(x - w / 2.0, y - h / 2.0);
        let (px, py) = (f * vx / (vz + f), f * vy / (vz + f));
        (px * rc - py * rs, px * rs + py * rc)
    };
    let q = [proj(0.0, 0.0), proj(w, 0.0), proj(w, h), proj(0.0, h)];
    let (minx, maxx) = q.iter().fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (miny, maxy) = q.iter().fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let m = 0.08 * (maxx - minx).max(maxy - miny);
    let (ow, oh) = ((maxx - minx + 2.0 * m) as usize, (maxy - miny + 2.0 * m) as usize);
    let q = q.map(|(x, y)| (x - minx + m, y - miny + m));
    let to_quad = synth::square_to_quad(q);
    let sc = [1.0 / w, 0.0, 0.0, 0.0, 1.0 / h, 0.0, 0.0, 0.0, 1.0];
    (synth::mul(&to_quad, &sc), ow, oh)
}

fn photo(page: &Img, tilt: f64, r: &mut Rng) -> Img {
    let (hm, ow, oh) = camera(page.w, page.h, tilt, r.range(0.0, 360.0), r.range(-6.0, 6.0));
    let inv = synth::invert(&hm);
    let bg = table(ow, oh, page.c, r);
    page.warp(ow, oh, |x, y| synth::apply(&inv, x, y), &bg)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: gen_photos OUTDIR [PER_CATEGORY]"));
    let per: u64 = args.next().map(|s| s.parse().expect("number")).unwrap_or(6);
    std::fs::create_dir_all(&out).unwrap();
    let cats: &[&str] = &[
        "perspective35",
        "curl",
        "fold",
        "shadow",
        "jpeg40_70",
        "moire",
        "small25mm",
        "low_light",
        "motion_blur",
        "red_seal",
        "glare",
        "no_code",
    ];
    let mut manifest = Vec::new();
    for (ci, cat) in cats.iter().enumerate() {
        for i in 0..per {
            let seed = 77_000 + 1000 * ci as u64 + i;
            let mut r = Rng::new(seed);
            let text = synth::bc1_text(seed, 560 + (r.next_u64() % 80) as usize);
            let (dpi, qr_mm) = match *cat {
                "small25mm" => (300.0, 25.0),
                _ => (200.0, r.range(35.0, 40.0)),
            };
            let (g, corners) = synth::certificate_page(dpi, &text, qr_mm, seed);
            let mut page = Img::from_gray(&g);
            // The code's box in page pixels, and its centre.
            let (qx0, qy0, qx1, qy1) =
                (corners[0][0] as f64, corners[0][1] as f64, corners[2][0] as f64, corners[2][1] as f64);
            let (qcx, qcy, qs) = ((qx0 + qx1) / 2.0, (qy0 + qy1) / 2.0, qx1 - qx0);
            // A page with no code: which distortion it gets.
            let eff = if *cat == "no_code" {
                let q = 4.0 * dpi / 25.4;
                page.map(|x, y, _, v| {
                    let (x, y) = (x as f64, y as f64);
                    if x > qx0 - q && x < qx1 + q && y > qy0 - q && y < qy1 + q {
                        255.0
                    } else {
                        v
                    }
                });
                cats[(i as usize) % (cats.len() - 1)]
            } else {
                cat
            };
            let mut quality = 85u8;
            let mut tilt = r.range(0.0, 10.0);
            // Distortions of the flat page (page coordinates).
            match eff {
                "perspective35" => tilt = r.range(25.0, 35.0),
                "jpeg40_70" => {
                    tilt = r.range(10.0, 20.0);
                    quality = r.range(40.0, 70.0) as u8;
                }
                "shadow" => {
                    // A half-plane through the code, soft edge of ~1 mm.
                    let a = r.range(0.0, std::f64::consts::TAU);
                    let (nx, ny) = (a.cos(), a.sin());
                    let off = r.range(-0.25, 0.25) * qs;
                    let dark = r.range(0.3, 0.5) as f32;
                    let soft = (dpi / 25.4) as f32;
                    page.map(|x, y, _, v| {
                        let d = ((x as f64 - qcx) * nx + (y as f64 - qcy) * ny - off) as f32 / soft;
                        let t = 1.0 / (1.0 + (-d).exp());
                        v * (1.0 - (1.0 - dark) * t)
                    });
                }
                "glare" => {
                    // A specular highlight (elliptic, saturating) over part of the code, and a haze.
                    let (gx, gy) = (qcx + r.range(-0.35, 0.35) * qs, qcy + r.range(-0.35, 0.35) * qs);
                    let (ra, rb) = (r.range(0.2, 0.35) * qs, r.range(0.1, 0.2) * qs);
                    let a = r.range(0.0, std::f64::consts::PI);
                    let (ca, sa) = (a.cos(), a.sin());
                    page.map(|x, y, _, v| {
                        let (dx, dy) = (x as f64 - gx, y as f64 - gy);
                        let (u, w) = ((dx * ca + dy * sa) / ra, (-dx * sa + dy * ca) / rb);
                        let e = (-(u * u + w * w)).exp() as f32;
                        (v * 0.9 + 25.0 + 400.0 * e).min(255.0)
                    });
                }
                "fold" => {
                    // A crease through the code: darker line, the far side lit differently.
                    let a = r.range(-0.5, 0.5) + if r.f() < 0.5 { 0.0 } else { std::f64::consts::FRAC_PI_2 };
                    let (nx, ny) = (a.cos(), a.sin());
                    let off = r.range(-0.2, 0.2) * qs;
                    let side = r.range(0.7, 0.85) as f32;
                    let mm = (dpi / 25.4) as f32;
                    page.map(|x, y, _, v| {
                        let d = ((x as f64 - qcx) * nx + (y as f64 - qcy) * ny - off) as f32;
                        let crease = 1.0 - 0.35 * (-(d / (0.4 * mm)).powi(2)).exp();
                        v * crease * if d > 0.0 { side } else { 1.0 }
                    });
                    // The far side bent: a small displacement growing with the distance to the crease.
                    let k = r.range(0.02, 0.05);
                    let src = page.clone();
                    let bg = Img::new(1, 1, 1, 255.0);
                    page = src.warp(
                        src.w,
                        src.h,
                        |x, y| {
                            let d = (x - qcx) * nx + (y - qcy) * ny - off;
                            if d > 0.0 {
                                // Foreshortened across the crease.
                                (x - nx * d * k, y - ny * d * k)
                            } else {
                                (x, y)
                            }
                        },
                        &bg,
                    );
                }
                "curl" => {
                    // The page's lower part (from above the code) bent over a cylinder of radius R:
                    // seen from above, a point at arc length s past the bend line is at R sin(s/R).
                    let start = qy0 - r.range(0.1, 0.5) * qs;
                    let rad = r.range(1.6, 2.6) * qs;
                    let src = page.clone();
                    let bg = Img::new(1, 1, 1, 255.0);
                    page = src.warp(
                        src.w,
                        src.h,
                        |x, y| {
                            let d = y - start;
                            if d <= 0.0 {
                                return (x, y);
                            }
                            if d >= rad * 0.999 {
                                return (-1.0, -1.0);
                            }
                            // Depth makes the curled part a little narrower (closer rows are wider:
                            // here the page curls away from the camera).
                            let s = rad * (d / rad).asin();
                            let z = rad * (1.0 - (s / rad).cos());
                            let k = 1.0 + z / (4.0 * src.w as f64);
                            (src.w as f64 / 2.0 + (x - src.w as f64 / 2.0) * k, start + s)
                        },
                        &bg,
                    );
                    let shade = r.range(0.5, 0.75) as f32;
                    page.map(|_, y, _, v| {
                        let d = (y as f64 - start) / rad;
                        if d <= 0.0 {
                            v
                        } else {
                            v * (1.0 - (1.0 - shade) * d.min(1.0) as f32)
                        }
                    });
                }
                "red_seal" => {
                    // A red seal (ring, star, ring of text-like marks) ~40 mm across, centred near the code's edge.
                    page = page.to_rgb();
                    let mm = dpi / 25.4;
                    let (sx, sy) = (qcx + r.range(-0.6, 0.0) * qs, qcy + r.range(-0.5, 0.5) * qs);
                    let rr = 20.0 * mm;
                    let ink = (r.range(0.5, 0.9)) as f32;
                    let (ro, ri) = (rr, rr - 1.5 * mm);
                    page.map(|x, y, k, v| {
                        let (dx, dy) = (x as f64 - sx, y as f64 - sy);
                        let d = dx.hypot(dy);
                        let ang = dy.atan2(dx);
                        let ring = d < ro && d > ri;
                        // Characters on a ring: blocks of strokes.
                        let text = d > rr - 7.0 * mm
                            && d < rr - 3.0 * mm
                            && ((ang * 14.0).sin() > 0.2 || ((d / mm) * 3.0).sin() > 0.6)
                            && ang.abs() < 2.6;
                        // A five-pointed star of radius 6 mm.
                        let star_r =
                            6.0 * mm * (0.5 + 0.5 * ((5.0 * (ang + std::f64::consts::FRAC_PI_2)).cos() * 0.5 + 0.5));
                        let star = d < star_r;
                        if ring || text || star {
                            // Red ink absorbs green and blue, keeps red: multiply.
                            let m = [0.92, 0.18, 0.2][k];
                            v * (1.0 - ink * (1.0 - m))
                        } else {
                            v
                        }
                    });
                }
                _ => {}
            }
            // The photo: page on a table, seen by the camera.
            let mut img = photo(&page, tilt, &mut r);
            match eff {
                "moire" => {
                    // A screen's pixel grid (period ~3 px at the camera, slightly rotated), then the
                    // camera's resampling: aliasing. The screen is bright: the page has no table.
                    let per = r.range(2.6, 3.4);
                    let a = r.range(-0.08, 0.08);
                    let (ca, sa) = (a.cos(), a.sin());
                    img.map(|x, y, _, v| {
                        let (u, w) = (x as f64 * ca + y as f64 * sa, -(x as f64) * sa + y as f64 * ca);
                        let g = (0.55 + 0.45 * (std::f64::consts::TAU * u / per).sin().abs())
                            * (0.7 + 0.3 * (std::f64::consts::TAU * w / per).sin().abs());
                        v * g as f32
                    });
                    let f = r.range(1.3, 1.7);
                    img = img.resize((img.w as f64 / f) as usize, (img.h as f64 / f) as usize);
                }
                "low_light" => {
                    let (lo, hi) = (r.range(10.0, 20.0) as f32, r.range(60.0, 85.0) as f32);
                    img.map(|_, _, _, v| lo + v / 255.0 * (hi - lo));
                    img = img.blur(1, 1);
                    img.noise(r.range(5.0, 8.0), &mut r);
                }
                "motion_blur" => {
                    img = img.motion(r.range(5.0, 10.0), r.range(0.0, std::f64::consts::PI));
                }
                _ => {}
            }
            // Lens and sensor.
            if !matches!(eff, "motion_blur" | "low_light") {
                img = img.blur(1, 1);
                img.noise(2.5, &mut r);
            }
            let name = format!("{cat}_{i:02}.jpg");
            std::fs::write(out.join(&name), img.jpeg(quality)).unwrap();
            let text = if *cat == "no_code" { String::new() } else { text };
            manifest.push(serde_json::json!({"file": name, "category": cat, "text": text, "effect": eff}));
        }
        eprintln!("{cat}: {per} pages");
    }
    std::fs::write(out.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}
