//! The [`Gray`] raster and the image operations the tries apply to it:
//! scaling, binarisations (global stretch, local mean, Sauvola), filters
//! (sharpen, blur, morphology), padding and rotation.

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

    /// The `w` × `h` window at (`x`, `y`), clipped to the raster.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Gray {
        let (x, y) = (x.min(self.width), y.min(self.height));
        let (w, h) = (w.min(self.width - x), h.min(self.height - y));
        let mut out = Vec::with_capacity(w as usize * h as usize);
        for row in y..y + h {
            let start = (row * self.width + x) as usize;
            out.extend_from_slice(&self.data[start..start + w as usize]);
        }
        Gray::new(w, h, out)
    }

    /// Area-average resize to `w` × `h` (both at most the current size): each
    /// output pixel is the mean of the source area it covers, partly covered
    /// source pixels weighted by their share; for non-integer downscales.
    pub fn resized(&self, w: u32, h: u32) -> Gray {
        let (w, h) = (w.clamp(1, self.width) as usize, h.clamp(1, self.height) as usize);
        let (sw, sh) = (self.width as usize, self.height as usize);
        // Per output index, the source indices and weights it averages.
        let taps = |n: usize, m: usize| -> Vec<Vec<(usize, f32)>> {
            let f = n as f64 / m as f64;
            (0..m)
                .map(|i| {
                    let (a, b) = (i as f64 * f, ((i + 1) as f64 * f).min(n as f64));
                    (a.floor() as usize..(b.ceil() as usize).min(n))
                        .map(|j| {
                            let cover = (b.min(j as f64 + 1.0) - a.max(j as f64)).max(0.0);
                            (j, (cover / (b - a)) as f32)
                        })
                        .collect()
                })
                .collect()
        };
        let (tx, ty) = (taps(sw, w), taps(sh, h));
        let mut rows = vec![0f32; w * sh];
        for y in 0..sh {
            let src = &self.data[y * sw..(y + 1) * sw];
            for (x, t) in tx.iter().enumerate() {
                rows[y * w + x] = t.iter().map(|&(j, c)| src[j] as f32 * c).sum();
            }
        }
        let mut out = vec![0u8; w * h];
        for (y, t) in ty.iter().enumerate() {
            for x in 0..w {
                let v: f32 = t.iter().map(|&(j, c)| rows[j * w + x] * c).sum();
                out[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
        Gray::new(w as u32, h as u32, out)
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

    /// The bilinear sample at (x, y) in pixel-index coordinates (pixel i's
    /// centre is at i), clamped to the raster.
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let (w, h) = (self.width as usize, self.height as usize);
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |x: usize, y: usize| self.data[y * w + x] as f32;
        let a = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let b = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        a * (1.0 - fy) + b * fy
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
                out[y * ow as usize + x] = (self.sample(sx, sy) + 0.5) as u8;
            }
        }
        (Gray::new(ow, oh, out), back)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(w: u32, h: u32) -> Gray {
        Gray::new(w, h, (0..w * h).map(|i| (i % 251) as u8).collect())
    }

    #[test]
    fn sample_is_bilinear_between_pixel_centres_and_clamped_outside() {
        let g = Gray::new(2, 2, vec![0, 100, 200, 40]);
        assert_eq!(g.sample(0.0, 0.0), 0.0);
        assert_eq!(g.sample(1.0, 1.0), 40.0);
        assert_eq!(g.sample(0.5, 0.0), 50.0);
        assert_eq!(g.sample(0.0, 0.5), 100.0);
        assert_eq!(g.sample(0.5, 0.5), 85.0);
        // Outside the raster: the nearest edge.
        assert_eq!(g.sample(-3.0, 0.0), 0.0);
        assert_eq!(g.sample(9.0, 9.0), 40.0);
        assert_eq!(g.sample(0.5, -1.0), 50.0);
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
    fn crop_takes_the_window_and_clips() {
        let g = ramp(10, 8);
        let c = g.crop(3, 2, 4, 3);
        assert_eq!((c.width, c.height), (4, 3));
        assert_eq!(c.data[0], g.data[2 * 10 + 3]);
        assert_eq!(c.data[2 * 4 + 3], g.data[(2 + 2) * 10 + 3 + 3]);
        let e = g.crop(8, 6, 5, 5);
        assert_eq!((e.width, e.height), (2, 2));
        assert_eq!(e.data, vec![g.data[68], g.data[69], g.data[78], g.data[79]]);
    }

    #[test]
    fn resize_averages_covered_areas() {
        let g = Gray::new(4, 2, vec![0, 10, 20, 30, 0, 10, 20, 30]);
        assert_eq!(g.resized(2, 1).data, g.downscale(2).data);
        // 3 -> 2: the middle pixel is shared half and half.
        let g = Gray::new(3, 1, vec![0, 30, 60]);
        assert_eq!(g.resized(2, 1).data, vec![10, 50]);
        assert_eq!(ramp(7, 5).resized(7, 5).data, ramp(7, 5).data);
        let r = ramp(300, 200).resized(200, 133);
        assert_eq!((r.width, r.height), (200, 133));
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
}
