//! The rescue tries for photos (issue 21) read what they are for: a code
//! smeared by camera motion, a code under a red seal.
mod common;
use buildcert_scan::decode::{run_try, Bin, Gray, Pre, Rd, Try};
use buildcert_scan::{scan_image, Limits};
use common::synth::{bc1_text, draw_qr};
use image::{GrayImage, Luma};
use qrcode::EcLevel;

/// A light page with one BC1 code of 3 px per module.
fn page(text: &str) -> GrayImage {
    let mut img = GrayImage::from_pixel(520, 520, Luma([235]));
    draw_qr(&mut img, text, EcLevel::Q, 110.0, 110.0, 3.0);
    img
}

/// The mean of `len` pixels along `angle` (radians): a camera moved during the exposure.
fn motion(g: &GrayImage, len: f32, angle: f32) -> Gray {
    let (w, h) = g.dimensions();
    let (dx, dy) = (angle.cos(), angle.sin());
    let n = 4 * len.ceil() as i32;
    let at = |x: f32, y: f32| {
        let (x, y) = (x.clamp(0.0, (w - 1) as f32), y.clamp(0.0, (h - 1) as f32));
        g.get_pixel(x.round() as u32, y.round() as u32).0[0] as f32
    };
    let data = (0..w * h)
        .map(|i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let s: f32 = (0..=n)
                .map(|k| {
                    let t = (k as f32 / n as f32 - 0.5) * len;
                    at(x + t * dx, y + t * dy)
                })
                .sum();
            (s / (n + 1) as f32).round() as u8
        })
        .collect();
    Gray::new(w, h, data)
}

fn reads(found: &[buildcert_scan::decode::Found], text: &str) -> bool {
    found.iter().any(|f| f.text == text)
}

#[test]
fn motion_blur_is_undone_along_its_direction() {
    let text = bc1_text(21, 120);
    let g = motion(&page(&text), 8.0, 0.5);
    let plain = run_try(&g, Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false }, None);
    assert!(!reads(&plain, &text), "the blur is strong enough to need the try");
    let deblur = run_try(&g, Try::Pre { scale: 1, pre: Pre::Deblur { nsr: 10 }, rd: Rd::Hybrid }, None);
    assert!(reads(&deblur, &text));
    // The corners map back to the blurred raster: the code's centre is near (110 + side/2).
    let c = deblur.iter().find(|f| f.text == text).unwrap().corners;
    let (cx, cy) = (c.iter().map(|p| p[0]).sum::<f32>() / 4.0, c.iter().map(|p| p[1]).sum::<f32>() / 4.0);
    assert!((cx - cy).abs() < 10.0 && cx > 150.0 && cx < 350.0, "{cx} {cy}");
}

#[test]
fn a_red_seal_over_the_code_is_read_through_the_brightest_channel() {
    let text = bc1_text(22, 120);
    let grey = page(&text);
    // Red ink (absorbs green and blue) over the upper half of the code.
    let rgb = image::RgbImage::from_fn(grey.width(), grey.height(), |x, y| {
        let v = grey.get_pixel(x, y).0[0] as f32;
        let ink = ((x as f32 - 200.0).hypot(y as f32 - 170.0) < 130.0) as u8 as f32;
        let m = [0.92f32, 0.18, 0.2].map(|m| (v * (1.0 - ink * (1.0 - m))) as u8);
        image::Rgb(m)
    });
    let img = image::DynamicImage::ImageRgb8(rgb);
    // The brightest channel alone reads it ...
    let rgb = img.to_rgb8();
    let max = Gray::new(img.width(), img.height(), rgb.pixels().map(|p| p.0[0].max(p.0[1]).max(p.0[2])).collect());
    assert!(reads(&run_try(&max, Try::MaxRgb { scale: 1, bin: Bin::Hybrid }, None), &text));
    // ... and so does the whole scan (as does the luma pipeline on this plain
    // disc of ink: the photo set's seal, with rings and text, needs max-rgb) of the colour image.
    let codes = scan_image(&img, &Limits::default());
    assert!(codes.iter().any(|c| c.text == text));
}

/// `g` pushed around by a smooth wave of `amp` pixels and wavelength `len`
/// in each direction (bilinear): paper that is crumpled, not just tilted,
/// so no single perspective transform fits the code.
fn crumpled(g: &GrayImage, amp: f32, len: f32) -> Gray {
    let (w, h) = g.dimensions();
    let flat = Gray::new(w, h, g.as_raw().clone());
    let tau = std::f32::consts::TAU;
    let data = (0..w * h)
        .map(|i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let sx = x + amp * (tau * y / len).sin() + 0.5 * amp * (tau * (x + y) / (0.7 * len)).sin();
            let sy = y + amp * (tau * x / len).sin() - 0.5 * amp * (tau * (x - y) / (0.8 * len)).sin();
            flat.sample(sx, sy).round() as u8
        })
        .collect();
    Gray::new(w, h, data)
}

/// rxing (hybrid, global), its Java port and rqrr do not read `text` in `g`
/// (else the picture does not test what it is for: `why`).
fn assert_others_miss(g: &Gray, text: &str, why: &str) {
    for t in [
        Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false },
        Try::Rxing { scale: 1, bin: Bin::Global, invert: false },
        Try::RxingJava { scale: 1, bin: Bin::Hybrid },
        Try::Rqrr { scale: 1 },
    ] {
        assert!(!reads(&run_try(g, t, None), text), "{} reads it: {why}", t.label());
    }
}

/// `mesh/1x` reads `text` in `g`, its corners within `tol` px of `drawn`.
fn assert_mesh_reads(g: &Gray, text: &str, drawn: [[f32; 2]; 4], tol: f32) {
    let mesh = run_try(g, Try::Mesh { scale: 1 }, None);
    let found = mesh.iter().find(|f| f.text == text).expect("mesh/1x reads the code").corners;
    for (a, b) in found.iter().zip(drawn) {
        assert!((a[0] - b[0]).abs() < tol && (a[1] - b[1]).abs() < tol, "{found:?} vs {drawn:?}");
    }
}

#[test]
fn a_code_on_crumpled_paper_is_read_by_the_mesh_grid() {
    let text = bc1_text(22, 60);
    let mut img = GrayImage::from_pixel(560, 560, Luma([235]));
    let c = draw_qr(&mut img, &text, EcLevel::M, 100.0, 100.0, 5.0);
    let side = c[1][0] - c[0][0];
    // Modules of 5 px pushed up to ~3 px (0.6 module) in waves about as long
    // as the code: every other reader samples some modules wrong.
    let g = crumpled(&img, 2.0, side * 0.9);
    assert_others_miss(&g, &text, "the page is not crumpled enough");
    // Its corners are near the drawn ones (the wave moves them a few pixels).
    assert_mesh_reads(&g, &text, c, 15.0);
}

#[test]
fn the_mesh_grid_reads_nothing_where_there_is_no_code() {
    let mut img = GrayImage::from_pixel(400, 300, Luma([235]));
    // Three finder-like squares and some text-like noise, but no symbol.
    for (x, y) in [(40u32, 40u32), (300, 40), (40, 200)] {
        for j in 0..35 {
            for i in 0..35 {
                let ring = (i as i32 / 5 - 3).abs().max((j as i32 / 5 - 3).abs());
                if ring != 2 {
                    img.put_pixel(x + i, y + j, Luma([20]));
                }
            }
        }
    }
    let mut seed = 7u32;
    for _ in 0..400 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (x, y) = (90 + (seed >> 8) % 200, 90 + (seed >> 20) % 100);
        img.put_pixel(x, y, Luma([30]));
    }
    let g = Gray::new(400, 300, img.into_raw());
    assert!(run_try(&g, Try::Mesh { scale: 1 }, None).is_empty());
}

#[test]
fn a_code_whose_third_finder_pattern_is_not_found_is_read_from_the_other_two() {
    let text = bc1_text(23, 60);
    let mut img = GrayImage::from_pixel(520, 520, Luma([235]));
    let c = draw_qr(&mut img, &text, EcLevel::M, 100.0, 100.0, 5.0);
    // A crease across the top-right finder pattern: a light line along its
    // middle row and one along its middle column, so no row or column reads
    // its 1:1:3:1:1 pattern (the symbol's data is untouched).
    let (x0, y0) = (c[1][0] - 35.0, c[1][1]);
    for k in 0..35 {
        for w in 0..3 {
            img.put_pixel((x0 + 16.0) as u32 + w, y0 as u32 + k, Luma([235]));
            img.put_pixel(x0 as u32 + k, (y0 + 16.0) as u32 + w, Luma([235]));
        }
    }
    let g = Gray::new(520, 520, img.into_raw());
    assert_others_miss(&g, &text, "the finder pattern is still found");
    assert_mesh_reads(&g, &text, c, 6.0);
}

#[test]
fn a_page_tiled_with_finder_patterns_reads_nothing_through_the_mesh() {
    // Finder patterns every 25 modules with specks between them: every pair
    // guesses a symbol whose third pattern is there too; none is a code.
    let (w, m) = (600u32, 4u32);
    let mut img = GrayImage::from_pixel(w, w, Luma([235]));
    let mut seed = 11u32;
    for y0 in (20..w - 7 * m).step_by(25 * m as usize) {
        for x0 in (20..w - 7 * m).step_by(25 * m as usize) {
            for j in 0..7 * m {
                for i in 0..7 * m {
                    let ring = (i as i32 / m as i32 - 3).abs().max((j as i32 / m as i32 - 3).abs());
                    if ring != 2 {
                        img.put_pixel(x0 + i, y0 + j, Luma([20]));
                    }
                }
            }
            for _ in 0..60 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let (x, y) = (x0 + 7 * m + (seed >> 8) % 18 * m, y0 + (seed >> 20) % 25 * m);
                for k in 0..m * m {
                    if x + m < w && y + m < w {
                        img.put_pixel(x + k % m, y + k / m, Luma([20]));
                    }
                }
            }
        }
    }
    let g = Gray::new(w, w, img.into_raw());
    for scale in [1, 2] {
        assert!(run_try(&g, Try::Mesh { scale }, None).is_empty());
    }
}
