//! Linear motion blur: estimating its direction and length from the image,
//! and undoing it with a one-dimensional Wiener filter along that direction.
//!
//! A camera moved during the exposure smears every point into a short line
//! (a box of `len` pixels at angle `angle`). Along that line the image's
//! gradients are `len` times weaker than across it, and the derivative along
//! it is the difference of two copies of the sharp image `len` pixels apart,
//! so its autocorrelation has a negative peak at `len`. Both are measured on a
//! sparse grid of points, so the estimate costs a few milliseconds.

use std::time::Instant;

use super::Gray;

/// Angles tried for the blur direction, over half a turn.
const ANGLES: usize = 36;
/// Longest blur measured, in pixels.
pub const MAX_LEN: usize = 24;

/// The direction (radians, in [0, π)) and length (pixels) of a linear motion
/// blur of `g`, or `None` when the image is not clearly blurred along one
/// direction (gradients along the weakest direction at least half of those
/// across it) or the blur is shorter than 2.5 pixels.
pub fn estimate(g: &Gray) -> Option<(f32, f32)> {
    let (w, h) = (g.width as usize, g.height as usize);
    let m = MAX_LEN + 2;
    if w < 4 * m || h < 4 * m {
        return None;
    }
    // About 60,000 grid points, away from the border.
    let step = (((w - 2 * m) * (h - 2 * m)) as f64 / 60_000.0).sqrt().max(1.0) as usize;
    let pts: Vec<(f32, f32)> =
        (m..h - m).step_by(step).flat_map(|y| (m..w - m).step_by(step).map(move |x| (x as f32, y as f32))).collect();
    let energy_at = |a: f32, pts: &mut dyn Iterator<Item = &(f32, f32)>| -> f64 {
        let (s, c) = a.sin_cos();
        pts.map(|&(x, y)| {
            let d = g.sample(x + c, y + s) - g.sample(x - c, y - s);
            (d * d) as f64
        })
        .sum()
    };
    // A cheap look first (12 directions, a third of the points): most images
    // have no directional blur and stop here.
    let coarse: Vec<f64> =
        (0..12).map(|a| energy_at(a as f32 * std::f32::consts::PI / 12.0, &mut pts.iter().step_by(3))).collect();
    let cmin = (0..12).min_by(|&a, &b| coarse[a].total_cmp(&coarse[b]))?;
    if coarse[cmin] > 0.6 * coarse[(cmin + 6) % 12] {
        return None;
    }
    let energy: Vec<f64> =
        (0..ANGLES).map(|a| energy_at(a as f32 * std::f32::consts::PI / ANGLES as f32, &mut pts.iter())).collect();
    let amin = (0..ANGLES).min_by(|&a, &b| energy[a].total_cmp(&energy[b]))?;
    let across = energy[(amin + ANGLES / 2) % ANGLES];
    if across <= 0.0 || energy[amin] > 0.5 * across {
        return None;
    }
    // Parabolic refinement of the angle between its neighbours.
    let (e0, e1, e2) = (energy[(amin + ANGLES - 1) % ANGLES], energy[amin], energy[(amin + 1) % ANGLES]);
    let den = e0 - 2.0 * e1 + e2;
    let off = if den > 0.0 { (0.5 * (e0 - e2) / den).clamp(-0.5, 0.5) } else { 0.0 };
    let pi = std::f32::consts::PI;
    let angle = ((amin as f32 + off as f32) * pi / ANGLES as f32).rem_euclid(pi);
    // The derivative along the blur, and its autocorrelation along the blur.
    let (s, c) = angle.sin_cos();
    let d = |x: f32, y: f32| g.sample(x + 0.5 * c, y + 0.5 * s) - g.sample(x - 0.5 * c, y - 0.5 * s);
    let mut r = vec![0f64; MAX_LEN + 2];
    for &(x, y) in &pts {
        let d0 = d(x, y);
        if d0 == 0.0 {
            continue;
        }
        for (k, rk) in r.iter_mut().enumerate() {
            *rk += (d0 * d(x + k as f32 * c, y + k as f32 * s)) as f64;
        }
    }
    if r[0] <= 0.0 {
        return None;
    }
    let kmin = (2..=MAX_LEN).min_by(|&a, &b| r[a].total_cmp(&r[b]))?;
    if r[kmin] > -0.1 * r[0] {
        return None;
    }
    let (r0, r1, r2) = (r[kmin - 1], r[kmin], r[kmin + 1]);
    let den = r0 - 2.0 * r1 + r2;
    let off = if den > 0.0 { (0.5 * (r0 - r2) / den).clamp(-0.5, 0.5) } else { 0.0 };
    let len = kmin as f32 + off as f32;
    (len >= 2.5).then_some((angle, len))
}

/// In-place radix-2 FFT of `re + i·im` (length a power of two); `tw` holds
/// `exp(-2πik/n)` for k < n/2. The inverse is not scaled.
fn fft(re: &mut [f32], im: &mut [f32], tw: &[(f32, f32)], inverse: bool) {
    let n = re.len();
    let bits = n.trailing_zeros();
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - bits);
        if j > i {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let stride = n / len;
        for start in (0..n).step_by(len) {
            for j in 0..len / 2 {
                let (wr, wi) = tw[j * stride];
                let wi = if inverse { -wi } else { wi };
                let (a, b) = (start + j, start + j + len / 2);
                let (xr, xi) = (re[b] * wr - im[b] * wi, re[b] * wi + im[b] * wr);
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
            }
        }
        len *= 2;
    }
}

/// The weights of a centred box of length `len` at integer offsets
/// `-half..=half` (fractional ends), summing to 1.
fn box_kernel(len: f32) -> Vec<f32> {
    let half = (len / 2.0 - 0.5).ceil().max(0.0) as i32;
    let k: Vec<f32> = (-half..=half)
        .map(|j| {
            let (lo, hi) = ((j as f32 - 0.5).max(-len / 2.0), (j as f32 + 0.5).min(len / 2.0));
            (hi - lo).max(0.0)
        })
        .collect();
    let s: f32 = k.iter().sum();
    k.into_iter().map(|v| v / s).collect()
}

/// Each row deconvolved by a centred box of length `len` with a Wiener filter
/// (`nsr`: noise-to-signal power), the rows extended by their end values.
/// Rows go two at a time through one complex FFT. `None` once `deadline` passes.
pub fn wiener_rows(g: &Gray, len: f32, nsr: f32, deadline: Option<Instant>) -> Option<Gray> {
    wiener_rows_by(g, &box_kernel(len), nsr, deadline)
}

/// The weights of a Gaussian of standard deviation `sigma` at integer
/// offsets within 3σ, summing to 1.
fn gauss_kernel(sigma: f32) -> Vec<f32> {
    let half = (3.0 * sigma).ceil().max(1.0) as i32;
    let k: Vec<f32> = (-half..=half).map(|j| (-(j * j) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let s: f32 = k.iter().sum();
    k.into_iter().map(|v| v / s).collect()
}

/// The raster with rows and columns swapped.
pub fn transpose(g: &Gray) -> Gray {
    let (w, h) = (g.width as usize, g.height as usize);
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            out[x * h + y] = g.data[y * w + x];
        }
    }
    Gray::new(g.height, g.width, out)
}

/// Defocus undone: a Gaussian blur of `sigma` deconvolved with a Wiener
/// filter along the rows, then along the columns (the blur is separable).
pub fn deconvolved_gauss(g: &Gray, sigma: f32, nsr: f32, deadline: Option<Instant>) -> Option<Gray> {
    let k = gauss_kernel(sigma);
    let rows = wiener_rows_by(g, &k, nsr, deadline)?;
    Some(transpose(&wiener_rows_by(&transpose(&rows), &k, nsr, deadline)?))
}

/// [`wiener_rows`] for any symmetric kernel of odd length (centred).
fn wiener_rows_by(g: &Gray, kernel: &[f32], nsr: f32, deadline: Option<Instant>) -> Option<Gray> {
    let (w, h) = (g.width as usize, g.height as usize);
    let half = kernel.len() / 2;
    let pad = 2 * kernel.len();
    let n = (w + 2 * pad).next_power_of_two();
    let tw: Vec<(f32, f32)> = (0..n / 2)
        .map(|k| {
            let a = -std::f64::consts::TAU * k as f64 / n as f64;
            (a.cos() as f32, a.sin() as f32)
        })
        .collect();
    // The filter: conj(H) / (|H|² + nsr); H is real (a symmetric kernel).
    let (mut hr, mut hi) = (vec![0f32; n], vec![0f32; n]);
    for (i, v) in kernel.iter().enumerate() {
        hr[(i + n - half) % n] = *v;
    }
    fft(&mut hr, &mut hi, &tw, false);
    let filt: Vec<f32> = hr.iter().zip(&hi).map(|(r, i)| r / (r * r + i * i + nsr) / n as f32).collect();
    let mut out = vec![0u8; w * h];
    let (mut re, mut im) = (vec![0f32; n], vec![0f32; n]);
    for y in (0..h).step_by(2) {
        if super::past(deadline) {
            return None;
        }
        let rows = [y, (y + 1).min(h - 1)];
        for (buf, &row) in [&mut re, &mut im].into_iter().zip(&rows) {
            let src = &g.data[row * w..(row + 1) * w];
            // The row at [pad, pad + w), its end values repeated around it
            // (the buffer wraps round, so both ends meet in the middle of the rest).
            let mid = pad + w + (n - w - pad) / 2;
            for (i, v) in buf.iter_mut().enumerate() {
                *v = if i < pad || i >= mid {
                    src[0] as f32
                } else if i < pad + w {
                    src[i - pad] as f32
                } else {
                    src[w - 1] as f32
                };
            }
        }
        fft(&mut re, &mut im, &tw, false);
        for i in 0..n {
            re[i] *= filt[i];
            im[i] *= filt[i];
        }
        fft(&mut re, &mut im, &tw, true);
        for (buf, &row) in [&re, &im].into_iter().zip(&rows) {
            let dst = &mut out[row * w..(row + 1) * w];
            for (x, d) in dst.iter_mut().enumerate() {
                *d = buf[pad + x].round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    Some(Gray::new(g.width, g.height, out))
}

/// `g` turned so that a blur at `angle` (radians) runs along the rows and
/// deconvolved there; with the map from its coordinates back to `g`'s.
pub fn deblurred(
    g: &Gray,
    angle: f32,
    len: f32,
    nsr: f32,
    deadline: Option<Instant>,
) -> Option<(Gray, impl Fn([f32; 2]) -> [f32; 2])> {
    let pi = std::f32::consts::PI;
    // Within (-90°, 90°]: the smallest turn that makes the blur horizontal.
    let a = if angle > pi / 2.0 { angle - pi } else { angle };
    let (r, back) = g.rotated(-a.to_degrees());
    Some((wiener_rows(&r, len, nsr, deadline)?, back))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random pattern of 3-pixel squares, like a QR code's modules.
    fn modules(w: u32, h: u32, seed: u32) -> Gray {
        let mut x = seed;
        let cells: Vec<u8> = (0..(w / 3 + 1) * (h / 3 + 1))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if x & 1 == 0 {
                    30
                } else {
                    220
                }
            })
            .collect();
        let cw = w / 3 + 1;
        Gray::new(w, h, (0..w * h).map(|i| cells[((i / w / 3) * cw + (i % w) / 3) as usize]).collect())
    }

    /// `g` blurred by a box of `len` (odd) pixels along the rows.
    fn blur_rows(g: &Gray, len: usize) -> Gray {
        let (w, h) = (g.width as usize, g.height as usize);
        let r = len / 2;
        let data = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let s: u32 = (0..len).map(|k| g.data[y * w + (x + k).saturating_sub(r).min(w - 1)] as u32).sum();
                ((s + len as u32 / 2) / len as u32) as u8
            })
            .collect();
        Gray::new(g.width, g.height, data)
    }

    fn mean_abs_diff(a: &Gray, b: &Gray, margin: usize) -> f32 {
        let (w, h) = (a.width as usize, a.height as usize);
        let mut s = 0f64;
        let mut n = 0;
        for y in margin..h - margin {
            for x in margin..w - margin {
                s += (a.data[y * w + x] as f64 - b.data[y * w + x] as f64).abs();
                n += 1;
            }
        }
        (s / n as f64) as f32
    }

    #[test]
    fn fft_round_trips_and_finds_a_tone() {
        let n = 64;
        let tw: Vec<(f32, f32)> = (0..n / 2)
            .map(|k| {
                let a = -std::f64::consts::TAU * k as f64 / n as f64;
                (a.cos() as f32, a.sin() as f32)
            })
            .collect();
        let orig: Vec<f32> = (0..n).map(|i| (std::f32::consts::TAU * 5.0 * i as f32 / n as f32).cos()).collect();
        let (mut re, mut im) = (orig.clone(), vec![0f32; n]);
        fft(&mut re, &mut im, &tw, false);
        assert!((re[5] - n as f32 / 2.0).abs() < 1e-3 && (re[n - 5] - n as f32 / 2.0).abs() < 1e-3);
        assert!(re.iter().enumerate().all(|(i, v)| i == 5 || i == n - 5 || v.abs() < 1e-3));
        fft(&mut re, &mut im, &tw, true);
        assert!(re.iter().zip(&orig).all(|(a, b)| (a / n as f32 - b).abs() < 1e-4));
    }

    #[test]
    fn box_kernel_has_fractional_ends() {
        assert_eq!(box_kernel(3.0), vec![1.0 / 3.0; 3]);
        let k = box_kernel(4.0);
        assert_eq!(k.len(), 5);
        assert!((k[0] - 0.125).abs() < 1e-6 && (k[2] - 0.25).abs() < 1e-6);
    }

    #[test]
    fn estimates_the_direction_and_length_of_a_blur() {
        let sharp = modules(300, 300, 7);
        assert_eq!(estimate(&sharp), None, "a sharp image has no motion blur");
        let (a, l) = estimate(&blur_rows(&sharp, 7)).expect("horizontal blur");
        assert!(!(0.15..std::f32::consts::PI - 0.15).contains(&a), "angle {a}");
        assert!((l - 7.0).abs() <= 1.0, "length {l}");
        let (a, l) = estimate(&transpose(&blur_rows(&sharp, 9))).expect("vertical blur");
        assert!((a - std::f32::consts::FRAC_PI_2).abs() < 0.1, "angle {a}");
        assert!((l - 9.0).abs() <= 1.0, "length {l}");
    }

    #[test]
    fn wiener_undoes_a_row_blur() {
        let sharp = modules(200, 120, 3);
        let blurred = blur_rows(&sharp, 7);
        let before = mean_abs_diff(&blurred, &sharp, 12);
        let restored = wiener_rows(&blurred, 7.0, 0.01, None).unwrap();
        let after = mean_abs_diff(&restored, &sharp, 12);
        assert!(after < before / 2.0, "{before} -> {after}");
        // Past its deadline it gives up.
        assert!(wiener_rows(&blurred, 7.0, 0.01, Some(Instant::now())).is_none());
        // A vertical blur, deblurred after turning the image, maps back.
        let (d, back) = deblurred(&transpose(&blurred), std::f32::consts::FRAC_PI_2, 7.0, 0.01, None).unwrap();
        assert!(d.width >= 200 && d.height >= 120, "{}x{}", d.width, d.height);
        let [x, y] = back([d.width as f32 / 2.0, d.height as f32 / 2.0]);
        assert!((x - 60.0).abs() < 1.0 && (y - 100.0).abs() < 1.0, "{x} {y}");
    }

    /// `g` blurred by a Gaussian of `sigma` along rows and columns.
    fn blur_gauss(g: &Gray, sigma: f32) -> Gray {
        let k = gauss_kernel(sigma);
        let half = k.len() / 2;
        let rows = |g: &Gray| {
            let (w, h) = (g.width as usize, g.height as usize);
            let data = (0..w * h)
                .map(|i| {
                    let (x, y) = (i % w, i / w);
                    let s: f32 = k
                        .iter()
                        .enumerate()
                        .map(|(j, c)| c * g.data[y * w + (x + j).saturating_sub(half).min(w - 1)] as f32)
                        .sum();
                    s.round() as u8
                })
                .collect();
            Gray::new(g.width, g.height, data)
        };
        transpose(&rows(&transpose(&rows(g))))
    }

    #[test]
    fn transpose_and_gauss_kernel() {
        let g = Gray::new(3, 2, vec![1, 2, 3, 4, 5, 6]);
        let t = transpose(&g);
        assert_eq!((t.width, t.height, t.data.clone()), (2, 3, vec![1, 4, 2, 5, 3, 6]));
        assert_eq!(transpose(&t).data, g.data);
        let k = gauss_kernel(1.0);
        assert_eq!(k.len(), 7);
        assert!((k.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(k[3] > k[2] && k[2] > k[1] && (k[2] - k[4]).abs() < 1e-7);
    }

    #[test]
    fn deconvolution_undoes_a_defocus() {
        let sharp = modules(150, 120, 11);
        let blurred = blur_gauss(&sharp, 1.4);
        let before = mean_abs_diff(&blurred, &sharp, 12);
        let restored = deconvolved_gauss(&blurred, 1.4, 0.01, None).unwrap();
        assert_eq!((restored.width, restored.height), (150, 120));
        let after = mean_abs_diff(&restored, &sharp, 12);
        assert!(after < before * 0.6, "{before} -> {after}");
        assert!(deconvolved_gauss(&blurred, 1.4, 0.01, Some(Instant::now())).is_none());
    }
}
