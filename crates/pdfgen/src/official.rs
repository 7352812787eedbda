//! The layout of today's official e-certificates: the fields as plain text lines
//! ("姓名：张三"), a signature image, a red electronic seal and a QR code that holds
//! a query URL (not BC1). Used to make test data for the official-format reader.

use crate::certificate::{draw_qr, Specialty, CERT_TITLE};
use crate::doc;
use crate::draw::{mm, Align, Canvas, A4_H, A4_W, GRAY, INK, LIGHT, NAVY};
use crate::error::{PdfGenError, Result};
use crate::fonts::Fonts;
use crate::qr::{qr_matrix, qr_png};
use crate::signature::{seal_png, synthetic_signature_png};

/// Which colon follows each label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colon {
    /// "姓名：" (U+FF1A).
    #[default]
    FullWidth,
    /// "姓名:".
    Ascii,
}

impl Colon {
    /// The colon character.
    pub fn as_str(self) -> &'static str {
        match self {
            Colon::FullWidth => "：",
            Colon::Ascii => ":",
        }
    }
}

/// How dates are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// 2024-01-01.
    #[default]
    Iso,
    /// 2024-1-1 (no leading zeros).
    IsoShort,
    /// 2024年1月1日.
    Chinese,
}

/// Formats an ISO date "YYYY-MM-DD" in `style`; fails when `iso` is not such a date.
pub fn format_date(iso: &str, style: DateStyle) -> Result<String> {
    let bad = || {
        PdfGenError::invalid(
            "date",
            format!("“{iso}”不是 YYYY-MM-DD 格式的日期"),
            format!("'{iso}' is not a YYYY-MM-DD date"),
        )
    };
    let parts: Vec<&str> = iso.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: u32 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let d: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(match style {
        DateStyle::Iso => format!("{y:04}-{m:02}-{d:02}"),
        DateStyle::IsoShort => format!("{y}-{m}-{d}"),
        DateStyle::Chinese => format!("{y}年{m}月{d}日"),
    })
}

/// An official-layout certificate. Dates are given as "YYYY-MM-DD" and printed per `date_style`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfficialPage {
    /// 姓名.
    pub name: String,
    /// 性别: "男" or "女".
    pub sex: String,
    /// 出生日期 (YYYY-MM-DD).
    pub dob: String,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 公民身份号码 (masked), printed when `Some`.
    pub id_masked: Option<String>,
    /// 注册专业 with 有效期 (dates YYYY-MM-DD), 1 to 3 rows.
    pub specialties: Vec<Specialty>,
    /// 发证日期 (YYYY-MM-DD).
    pub issued: String,
    /// 使用有效期, first day (YYYY-MM-DD).
    pub use_from: String,
    /// 使用有效期, last day (YYYY-MM-DD).
    pub use_to: String,
    /// Name on the red electronic seal.
    pub seal_name: String,
    /// 个人签名 image (PNG/JPEG); synthetic from the name when `None`.
    pub signature_png: Option<Vec<u8>>,
    /// What the QR code holds: the official query URL.
    pub query_url: String,
    /// Colon after each label.
    pub label_colon: Colon,
    /// How dates are printed.
    pub date_style: DateStyle,
    /// Adds a second page of notes (注意事项).
    pub second_page: bool,
    /// Page rotation written as /Rotate: 0 or 90.
    pub rotate: u16,
}

/// The text lines of an official-layout page, in reading order, exactly as drawn.
pub fn official_lines(page: &OfficialPage) -> Result<Vec<String>> {
    let c = page.label_colon.as_str();
    let ds = page.date_style;
    let mut lines = vec![
        format!("姓名{c}{}", page.name),
        format!("性别{c}{}", page.sex),
        format!("出生日期{c}{}", format_date(&page.dob, ds)?),
        format!("注册编号{c}{}", page.reg),
        format!("聘用企业{c}{}", page.employer),
        format!("统一社会信用代码{c}{}", page.uscc),
    ];
    if let Some(id) = &page.id_masked {
        lines.push(format!("公民身份号码{c}{id}"));
    }
    lines.push(format!("注册专业{c}"));
    for s in &page.specialties {
        lines.push(format!("{}  有效期{c}{}至{}", s.name, format_date(&s.from, ds)?, format_date(&s.to, ds)?));
    }
    lines.push(format!("发证日期{c}{}", format_date(&page.issued, ds)?));
    lines.push(format!("使用有效期{c}{}至{}", format_date(&page.use_from, ds)?, format_date(&page.use_to, ds)?));
    Ok(lines)
}

/// Notes printed on the optional second page.
pub const OFFICIAL_NOTES: &[&str] = &[
    "注意事项",
    "一、本证书为一级建造师电子注册证书，与纸质注册证书具有同等法律效力。",
    "二、本证书在使用有效期内有效，过期后请重新下载。",
    "三、打印件须本人手写签名，且与签名图像一致方可有效。",
    "四、可扫描第一页二维码查询本证书信息。",
];

/// Draws the official layout: one A4 page (two with `second_page`), /Rotate per `rotate`.
pub fn official_pdf(page: &OfficialPage, fonts: &Fonts) -> Result<Vec<u8>> {
    if page.specialties.is_empty() || page.specialties.len() > 3 {
        return Err(PdfGenError::invalid(
            "specialties",
            format!("注册专业 {} 个；应为 1 到 3 个", page.specialties.len()),
            format!("{} given, 1 to 3 allowed", page.specialties.len()),
        ));
    }
    if page.rotate != 0 && page.rotate != 90 {
        return Err(PdfGenError::invalid(
            "rotate",
            format!("{}：只能是 0 或 90", page.rotate),
            format!("{}: must be 0 or 90", page.rotate),
        ));
    }
    let lines = official_lines(page)?;
    let matrix = qr_matrix(&page.query_url)?;
    let qr_img = krilla::image::Image::from_png(qr_png(&page.query_url, 4)?.into(), false)
        .map_err(|e| PdfGenError::PdfWrite(format!("QR image: {e}")))?;
    let signature = match &page.signature_png {
        Some(b) => b.clone(),
        None => synthetic_signature_png(&page.name)?,
    };
    let sig = doc::load_image(&signature, "个人签名 signature image")?;

    let mut document = doc::new_document(&format!("{CERT_TITLE} {}", page.name));
    {
        let mut pg = document.start_page_with(doc::page_settings(A4_W, A4_H)?);
        let mut surface = pg.surface();
        let mut c = Canvas::new(&mut surface, fonts);
        c.rect_stroke(mm(12.0), mm(12.0), A4_W - mm(24.0), A4_H - mm(24.0), 1.0, NAVY);
        c.text(A4_W / 2.0, mm(34.0), 20.0, INK, Align::Center, CERT_TITLE)?;
        let x = mm(30.0);
        let mut y = mm(56.0);
        let max_w = A4_W - mm(60.0);
        for line in &lines {
            let size = c.fit(line, max_w, 12.5, 7.0);
            c.text(x, y, size, INK, Align::Left, line)?;
            y += mm(9.5);
        }
        // Signature, seal and QR code along the bottom.
        let y0 = mm(205.0);
        c.text(mm(30.0), y0, 11.0, GRAY, Align::Left, &format!("个人签名{}", page.label_colon.as_str()))?;
        let (sx, sy, sw, sh) = (mm(30.0), y0 + mm(3.0), mm(60.0), mm(22.0));
        let (iw, ih) = sig.size();
        let scale = (sw / iw.max(1) as f32).min(sh / ih.max(1) as f32);
        c.image(sig, sx, sy, iw as f32 * scale, ih as f32 * scale)?;
        // The electronic seal is an image (as in real e-certificates): no text layer.
        let seal = doc::load_image(&seal_png(&page.seal_name, c.fonts, 600)?, "seal")?;
        let ss = mm(44.0);
        c.image(seal, mm(112.0) - ss / 2.0, y0 + mm(18.0) - ss / 2.0, ss, ss)?;
        let side = mm(40.0);
        let (qx, qy) = (A4_W - mm(30.0) - side, y0 - mm(4.0));
        draw_qr(&mut c, Some(qr_img), &matrix, qx, qy, side)?;
        c.text(qx + side / 2.0, qy + side + mm(4.5), 9.0, GRAY, Align::Center, "扫码查询")?;
        c.line(mm(30.0), mm(262.0), A4_W - mm(30.0), mm(262.0), 0.4, LIGHT);
        c.text(A4_W / 2.0, mm(268.0), 8.5, GRAY, Align::Center, "中华人民共和国住房和城乡建设部监制")?;
        surface.finish();
        pg.finish();
    }
    if page.second_page {
        let mut pg = document.start_page_with(doc::page_settings(A4_W, A4_H)?);
        let mut surface = pg.surface();
        let mut c = Canvas::new(&mut surface, fonts);
        c.rect_stroke(mm(12.0), mm(12.0), A4_W - mm(24.0), A4_H - mm(24.0), 1.0, NAVY);
        let mut y = mm(40.0);
        for (i, line) in OFFICIAL_NOTES.iter().enumerate() {
            if i == 0 {
                c.text(A4_W / 2.0, y, 16.0, INK, Align::Center, line)?;
                y += mm(14.0);
            } else {
                c.text(mm(30.0), y, 11.5, INK, Align::Left, line)?;
                y += mm(10.0);
            }
        }
        surface.finish();
        pg.finish();
    }
    let pdf = doc::finish(document)?;
    if page.rotate == 90 {
        set_rotation(&pdf, 90)
    } else {
        Ok(pdf)
    }
}

/// Adds `/Rotate <deg>` to every page object of a PDF written by krilla (classic
/// cross-reference table, uncompressed object dictionaries), fixing the offsets.
pub(crate) fn set_rotation(pdf: &[u8], deg: u16) -> Result<Vec<u8>> {
    let fail = |why: &str| PdfGenError::PdfWrite(format!("cannot set /Rotate: {why}"));
    let insert = format!("/Rotate {deg} ");
    // Find page objects: "/Type/Page" not followed by "s" (krilla writes compact dictionaries).
    let key: &[u8] = if find(pdf, b"/Type/Page").is_some() { b"/Type/Page" } else { b"/Type /Page" };
    let mut inserts: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(pos) = find(&pdf[i..], key).map(|p| p + i) {
        let after = pos + key.len();
        if pdf.get(after).is_some_and(|c| !c.is_ascii_alphanumeric()) {
            // Insert right after the "<<" that opens this object's dictionary.
            let obj_start = rfind(&pdf[..pos], b" obj").ok_or_else(|| fail("no obj"))?;
            let dict = find(&pdf[obj_start..pos], b"<<").ok_or_else(|| fail("no dict"))? + obj_start + 2;
            inserts.push(dict);
        }
        i = after;
    }
    if inserts.is_empty() {
        return Err(fail("no page"));
    }
    let xref_kw = rfind(pdf, b"\nxref\n").ok_or_else(|| fail("no xref table"))? + 1;
    if inserts.iter().any(|&p| p > xref_kw) {
        return Err(fail("page after xref"));
    }
    let shift = |off: usize| off + insert.len() * inserts.iter().filter(|&&p| p <= off).count();
    let mut out = Vec::with_capacity(pdf.len() + inserts.len() * insert.len() + 16);
    let mut last = 0;
    for &p in &inserts {
        out.extend_from_slice(&pdf[last..p]);
        out.extend_from_slice(insert.as_bytes());
        last = p;
    }
    // Rewrite the xref table entries.
    let body_end = xref_kw;
    out.extend_from_slice(&pdf[last..body_end]);
    let tail = std::str::from_utf8(&pdf[body_end..]).map_err(|_| fail("binary xref"))?;
    let mut lines = tail.split_inclusive('\n');
    let mut in_table = true;
    let mut expect_startxref = false;
    for line in lines.by_ref() {
        let t = line.trim_end_matches(['\r', '\n']);
        if expect_startxref {
            let n: usize = t.trim().parse().map_err(|_| fail("startxref"))?;
            out.extend_from_slice(format!("{}\n", shift(n)).as_bytes());
            expect_startxref = false;
            continue;
        }
        if t == "startxref" {
            expect_startxref = true;
            out.extend_from_slice(line.as_bytes());
            continue;
        }
        if t.starts_with("trailer") {
            in_table = false;
        }
        if in_table && t.len() >= 18 && t.ends_with(" n") {
            let off: usize = t[..10].parse().map_err(|_| fail("xref entry"))?;
            let rest = &line[10..];
            out.extend_from_slice(format!("{:010}{rest}", shift(off)).as_bytes());
        } else {
            out.extend_from_slice(line.as_bytes());
        }
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
