//! A synthetic, handwriting-like signature image drawn from a name (for demo data).

use image::{Rgba, RgbaImage};

use crate::error::{PdfGenError, Result};
use crate::rng::Rng;

/// PNG bytes (RGBA, transparent background) of a handwriting-like scribble derived
/// from `name`: the same name always gives the same image. It is not a real
/// signature, only a stand-in for demo certificates.
pub fn synthetic_signature_png(name: &str) -> Result<Vec<u8>> {
    let img = synthetic_signature(name);
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| PdfGenError::ImageEncode(e.to_string()))?;
    Ok(out)
}

/// The image behind [`synthetic_signature_png`]: 600 × 200 px.
pub fn synthetic_signature(name: &str) -> RgbaImage {
    let (w, h) = (600u32, 200u32);
    let mut alpha = vec![0f32; (w * h) as usize];
    let mut rng = Rng::from_text(name);
    let n = name.chars().filter(|c| !c.is_whitespace()).count().clamp(1, 8);
    let cell = (w as f32 - 80.0) / n as f32;
    // Control points: a few per character, flowing left to right, slight upward slant.
    let mut pts: Vec<(f32, f32)> = Vec::new();
    for i in 0..n {
        let x0 = 40.0 + cell * i as f32;
        let base = 120.0 - 10.0 * i as f32;
        let k = 5 + (rng.next_u64() % 4) as usize;
        for j in 0..k {
            let t = (j as f32 + rng.range(0.0, 0.8)) / k as f32;
            let x = x0 + cell * (0.1 + 0.8 * t) + rng.range(-cell * 0.18, cell * 0.18);
            let y = base + rng.range(-62.0, 42.0);
            pts.push((x, y.clamp(20.0, 180.0)));
        }
    }
    // A final flourish underneath.
    let last = *pts.last().unwrap_or(&(300.0, 120.0));
    pts.push((last.0 + 20.0, 160.0));
    pts.push((60.0 + rng.range(0.0, 40.0), 165.0 + rng.range(-8.0, 8.0)));
    // Catmull-Rom spline through the points, stamped with anti-aliased discs.
    let get = |i: isize| pts[i.clamp(0, pts.len() as isize - 1) as usize];
    let mut prev: Option<(f32, f32)> = None;
    for i in 0..pts.len().saturating_sub(1) as isize {
        let (p0, p1, p2, p3) = (get(i - 1), get(i), get(i + 1), get(i + 2));
        let seg_len = ((p2.0 - p1.0).powi(2) + (p2.1 - p1.1).powi(2)).sqrt();
        let steps = (seg_len / 0.7).ceil().max(1.0) as usize;
        for s in 0..=steps {
            let t = s as f32 / steps as f32;
            let (t2, t3) = (t * t, t * t * t);
            let cr = |a: f32, b: f32, c: f32, d: f32| {
                0.5 * (2.0 * b
                    + (-a + c) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (-a + 3.0 * b - 3.0 * c + d) * t3)
            };
            let p = (cr(p0.0, p1.0, p2.0, p3.0), cr(p0.1, p1.1, p2.1, p3.1));
            // Faster strokes are thinner, like a pen.
            let speed = prev.map_or(0.7, |q| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt());
            let radius = (3.6 - speed * 1.2).clamp(1.6, 3.6);
            stamp(&mut alpha, w, h, p.0, p.1, radius);
            prev = Some(p);
        }
    }
    RgbaImage::from_fn(w, h, |x, y| {
        let a = alpha[(y * w + x) as usize];
        Rgba([22, 30, 72, (a * 255.0).round() as u8])
    })
}

fn stamp(alpha: &mut [f32], w: u32, h: u32, cx: f32, cy: f32, r: f32) {
    let x0 = (cx - r - 1.0).floor().max(0.0) as u32;
    let y0 = (cy - r - 1.0).floor().max(0.0) as u32;
    let x1 = ((cx + r + 1.0).ceil() as u32).min(w - 1);
    let y1 = ((cy + r + 1.0).ceil() as u32).min(h - 1);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            let a = (r + 0.5 - d).clamp(0.0, 1.0);
            let idx = (y * w + x) as usize;
            if a > alpha[idx] {
                alpha[idx] = a;
            }
        }
    }
}

/// PNG bytes (RGBA, transparent background) of a red round seal showing `seal_name`
/// (ring, star, name along the arc, "…专用章"/"电子印章" under the star), `px` pixels wide
/// (64 to 2048). Used as the official layout's electronic seal image; it has no text layer.
pub fn seal_png(seal_name: &str, fonts: &crate::fonts::Fonts, px: u32) -> Result<Vec<u8>> {
    use crate::draw::{mm, Canvas};
    if !(64..=2048).contains(&px) {
        return Err(PdfGenError::invalid("px", format!("{px}：应为 64 到 2048"), format!("{px}: must be 64 to 2048")));
    }
    let side = mm(44.0);
    let mut document = crate::doc::new_document("seal");
    {
        let mut page = document.start_page_with(crate::doc::page_settings(side, side)?);
        let mut surface = page.surface();
        let mut c = Canvas::new(&mut surface, fonts);
        c.seal(side / 2.0, side / 2.0, mm(21.0), seal_name, 1.0)?;
        surface.finish();
        page.finish();
    }
    let pdf = crate::doc::finish(document)?;
    let doc = hayro::hayro_syntax::Pdf::new(pdf).map_err(|e| PdfGenError::PdfRead(format!("{e:?}")))?;
    let pages = doc.pages();
    let page = pages.first().ok_or_else(|| PdfGenError::PdfRead("seal page".into()))?;
    let scale = px as f32 / side;
    let pix = hayro::render(
        page,
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: hayro::vello_cpu::color::palette::css::TRANSPARENT,
        },
    );
    let (w, h) = (u32::from(pix.width()), u32::from(pix.height()));
    let rgba = pix.take_rgba8(hayro::vello_cpu::peniko::ImageAlphaType::Alpha);
    let img = RgbaImage::from_raw(w, h, rgba).ok_or_else(|| PdfGenError::ImageEncode("seal pixels".into()))?;
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| PdfGenError::ImageEncode(e.to_string()))?;
    Ok(out)
}
