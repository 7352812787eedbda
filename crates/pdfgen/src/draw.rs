//! Small drawing helpers over a krilla surface (y grows downwards, units are points).

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;

use crate::error::{PdfGenError, Result};
use crate::fonts::Fonts;

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 size in points.
pub(crate) const A4_W: f32 = 595.276;
pub(crate) const A4_H: f32 = 841.89;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);
pub(crate) const INK: Rgb = Rgb(30, 30, 30);
pub(crate) const GRAY: Rgb = Rgb(90, 90, 90);
pub(crate) const LIGHT: Rgb = Rgb(170, 170, 170);
pub(crate) const RED: Rgb = Rgb(210, 24, 24);
pub(crate) const NAVY: Rgb = Rgb(24, 54, 110);
pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// How text is anchored on its x coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

pub(crate) struct Canvas<'a, 'b> {
    pub s: &'a mut Surface<'b>,
    pub fonts: &'a Fonts,
}

impl<'a, 'b> Canvas<'a, 'b> {
    pub fn new(s: &'a mut Surface<'b>, fonts: &'a Fonts) -> Self {
        Canvas { s, fonts }
    }

    fn fill(&mut self, c: Rgb, opacity: f32) {
        self.s.set_fill(Some(Fill {
            paint: color(c).into(),
            opacity: NormalizedF32::new(opacity.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
            rule: Default::default(),
        }));
    }

    fn stroke(&mut self, c: Rgb, width: f32) {
        self.s.set_stroke(Some(Stroke {
            paint: color(c).into(),
            width,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Default::default()
        }));
    }

    /// Draws one line of text with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, c: Rgb, align: Align, text: &str) -> Result<f32> {
        self.text_alpha(x, y, size, c, 1.0, align, text)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text_alpha(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        c: Rgb,
        alpha: f32,
        align: Align,
        text: &str,
    ) -> Result<f32> {
        if text.is_empty() {
            return Ok(0.0);
        }
        let substituted = substitute_symbols(self.fonts, text);
        let text = substituted.as_str();
        self.fonts.check(text)?;
        let w = self.fonts.width(text, size);
        let x0 = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        self.fill(c, alpha);
        self.s.set_stroke(None);
        self.s.draw_text(Point::from_xy(x0, y), self.fonts.font.clone(), size, text, false, TextDirection::Auto);
        Ok(w)
    }

    /// The largest size ≤ `size` (and ≥ `min`) at which `text` fits in `max_w`.
    pub fn fit(&self, text: &str, max_w: f32, size: f32, min: f32) -> f32 {
        let w = self.fonts.width(text, size);
        if w <= max_w || w <= 0.0 {
            size
        } else {
            (size * max_w / w * 0.995).max(min)
        }
    }

    /// Splits `text` into lines no wider than `max_w` at `size`.
    pub fn wrap(&self, text: &str, max_w: f32, size: f32) -> Vec<String> {
        wrap_text(self.fonts, text, max_w, size)
    }

    pub fn rect_stroke(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, c: Rgb) {
        if let Some(path) = rect_path(x, y, w, h) {
            self.s.set_fill(None);
            self.stroke(c, width);
            self.s.draw_path(&path);
            self.s.set_stroke(None);
        }
    }

    pub fn rect_fill(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb, alpha: f32) {
        if let Some(path) = rect_path(x, y, w, h) {
            self.s.set_stroke(None);
            self.fill(c, alpha);
            self.s.draw_path(&path);
        }
    }

    /// Fills many rectangles (x, y, w, h) as one path.
    pub fn rects_fill(&mut self, rects: &[(f32, f32, f32, f32)], c: Rgb) {
        let mut pb = PathBuilder::new();
        for &(x, y, w, h) in rects {
            if let Some(r) = Rect::from_xywh(x, y, w, h) {
                pb.push_rect(r);
            }
        }
        if let Some(path) = pb.finish() {
            self.s.set_stroke(None);
            self.fill(c, 1.0);
            self.s.draw_path(&path);
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, c: Rgb) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y1);
        pb.line_to(x2, y2);
        if let Some(path) = pb.finish() {
            self.s.set_fill(None);
            self.stroke(c, width);
            self.s.draw_path(&path);
            self.s.set_stroke(None);
        }
    }

    pub fn circle_stroke(&mut self, cx: f32, cy: f32, r: f32, width: f32, c: Rgb, alpha: f32) {
        if let Some(path) = circle_path(cx, cy, r) {
            self.s.set_fill(None);
            self.s.set_stroke(Some(Stroke {
                paint: color(c).into(),
                width,
                opacity: NormalizedF32::new(alpha.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
                ..Default::default()
            }));
            self.s.draw_path(&path);
            self.s.set_stroke(None);
        }
    }

    /// Fills a five-pointed star centred on (cx, cy) with outer radius `r`.
    pub fn star(&mut self, cx: f32, cy: f32, r: f32, c: Rgb, alpha: f32) {
        let mut pb = PathBuilder::new();
        for i in 0..10 {
            let rad = if i % 2 == 0 { r } else { r * 0.382 };
            let a = std::f32::consts::PI * (i as f32) / 5.0;
            let (x, y) = (cx + rad * a.sin(), cy - rad * a.cos());
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
        if let Some(path) = pb.finish() {
            self.s.set_stroke(None);
            self.fill(c, alpha);
            self.s.draw_path(&path);
        }
    }

    /// Draws an image (PNG or JPEG bytes, already checked) into the box.
    pub fn image(&mut self, img: Image, x: f32, y: f32, w: f32, h: f32) -> Result<()> {
        let size =
            Size::from_wh(w, h).ok_or(PdfGenError::invalid("image size", format!("{w}×{h}"), format!("{w}×{h}")))?;
        self.s.push_transform(&Transform::from_translate(x, y));
        self.s.draw_image(img, size);
        self.s.pop();
        Ok(())
    }

    /// Draws `text` rotated by `angle` degrees (clockwise on the page) around (x, y), centred there.
    #[allow(clippy::too_many_arguments)]
    pub fn text_rotated(
        &mut self,
        x: f32,
        y: f32,
        angle: f32,
        size: f32,
        c: Rgb,
        alpha: f32,
        text: &str,
    ) -> Result<()> {
        self.s.push_transform(&Transform::from_translate(x, y));
        self.s.push_transform(&Transform::from_rotate(angle));
        let r = self.text_alpha(0.0, size * 0.35, size, c, alpha, Align::Center, text);
        self.s.pop();
        self.s.pop();
        r.map(|_| ())
    }

    /// A red round seal: ring, star, the name along the upper arc, and the
    /// "…专用章" part (if any) straight under the star.
    pub fn seal(&mut self, cx: f32, cy: f32, r: f32, name: &str, alpha: f32) -> Result<()> {
        let (arc, bottom) = split_seal_name(name);
        self.circle_stroke(cx, cy, r, r * 0.06, RED, alpha);
        self.star(cx, cy - r * 0.02, r * 0.27, RED, alpha);
        if !bottom.is_empty() {
            let size = self.fit(&bottom, r * 1.3, r * 0.16, 4.0);
            self.text_alpha(cx, cy + r * 0.52, size, RED, alpha, Align::Center, &bottom)?;
        }
        let chars: Vec<char> = arc.chars().collect();
        if chars.is_empty() {
            return Ok(());
        }
        self.fonts.check(&arc)?;
        let n = chars.len() as f32;
        // Glyphs sit inside the ring; the arc spans at most 250°.
        let max_span = 250f32.to_radians();
        let mut size = r * 0.2;
        let mut radius = r * 0.93 - size * 0.88;
        let step_for = |size: f32, radius: f32| size * 1.02 / radius;
        if step_for(size, radius) * n > max_span {
            size = max_span * (r * 0.93) / (n * 1.02 + max_span * 0.88);
            radius = r * 0.93 - size * 0.88;
        }
        let step = step_for(size, radius);
        let start = -step * (n - 1.0) / 2.0;
        for (i, ch) in chars.iter().enumerate() {
            let a = start + step * i as f32;
            let s = ch.to_string();
            let w = self.fonts.width(&s, size);
            self.s.push_transform(&Transform::from_translate(cx, cy));
            self.s.push_transform(&Transform::from_rotate(a.to_degrees()));
            self.fill(RED, alpha);
            self.s.draw_text(
                Point::from_xy(-w / 2.0, -radius),
                self.fonts.font.clone(),
                size,
                &s,
                false,
                TextDirection::Auto,
            );
            self.s.pop();
            self.s.pop();
        }
        Ok(())
    }
}

/// Splits a seal name into the arc text and the straight bottom line:
/// "…行政许可专用章" → ("…", "行政许可专用章"); names ending in "专用章"/"章" otherwise stay on the arc.
pub(crate) fn split_seal_name(name: &str) -> (String, String) {
    for suffix in ["行政许可专用章", "电子印章", "专用章"] {
        if let Some(prefix) = name.strip_suffix(suffix) {
            if prefix.chars().count() >= 2 {
                return (prefix.to_string(), suffix.to_string());
            }
        }
    }
    (name.to_string(), String::new())
}

pub(crate) fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

pub(crate) fn circle_path(cx: f32, cy: f32, r: f32) -> Option<krilla::geom::Path> {
    // Four cubic Béziers.
    let k = 0.552_284_8 * r;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

/// Splits `text` into lines no wider than `max_w` at `size`: breaks at '\n', anywhere
/// between CJK characters, and at the last space for Latin text.
pub(crate) fn wrap_text(fonts: &Fonts, text: &str, max_w: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut cur = String::new();
        for ch in para.chars() {
            let mut next = cur.clone();
            next.push(ch);
            if !cur.is_empty() && fonts.width(&next, size) > max_w + 0.01 {
                if let Some(pos) = cur.rfind(' ').filter(|&p| p > 0 && ch != ' ' && ch.is_ascii()) {
                    let rest = cur[pos + 1..].to_string();
                    cur.truncate(pos);
                    lines.push(std::mem::take(&mut cur));
                    cur = rest;
                    cur.push(ch);
                } else {
                    lines.push(std::mem::take(&mut cur));
                    if ch != ' ' {
                        cur.push(ch);
                    }
                }
            } else {
                cur = next;
            }
        }
        lines.push(cur);
    }
    lines
}

/// Replaces verdict symbols that Chinese fonts often lack (✕ ✓ ✔ ✗) with close
/// equivalents they have (× √), only when the font lacks the original.
pub(crate) fn substitute_symbols(fonts: &Fonts, text: &str) -> String {
    text.chars()
        .map(|ch| {
            let alt = match ch {
                '\u{2715}' | '\u{2716}' | '\u{2717}' | '\u{2718}' => Some('\u{00D7}'),
                '\u{2713}' | '\u{2714}' => Some('\u{221A}'),
                _ => None,
            };
            match alt {
                Some(a) if fonts.check(&ch.to_string()).is_err() => a,
                _ => ch,
            }
        })
        .collect()
}
