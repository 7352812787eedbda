//! The BC1 certificate page (A4 portrait), modelled on the 中华人民共和国一级建造师注册证书 e-certificate.

use crate::doc;
use crate::draw::{mm, Align, Canvas, Rgb, A4_H, A4_W, GRAY, INK, LIGHT, NAVY, RED, WHITE};
use crate::error::{PdfGenError, Result};
use crate::fonts::Fonts;
use crate::qr::{qr_matrix, qr_png, QUIET_ZONE};
use crate::signature::synthetic_signature_png;

/// How the QR code is put on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QrStyle {
    /// A PNG image XObject (4 px per module, not interpolated). The default.
    #[default]
    Image,
    /// Filled rectangles in the page's content stream (vector drawing).
    Vector,
}

/// One 注册专业 (registered specialty) row with its 有效期 (specialty validity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specialty {
    /// The specialty, e.g. "建筑工程".
    pub name: String,
    /// First day of the specialty validity, as printed (YYYY-MM-DD).
    pub from: String,
    /// Last day of the specialty validity, as printed (YYYY-MM-DD).
    pub to: String,
}

impl Specialty {
    /// A row from its three printed strings.
    pub fn new(name: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Specialty { name: name.into(), from: from.into(), to: to.into() }
    }
}

/// Every field of a BC1 certificate page, as it is printed (strings already
/// formatted by the caller, dates YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertificatePage {
    /// 姓名.
    pub name: String,
    /// 性别: "男" or "女".
    pub sex: String,
    /// 出生日期.
    pub dob: String,
    /// 注册编号 (registration number).
    pub reg: String,
    /// 聘用企业 (employer).
    pub employer: String,
    /// 统一社会信用代码 (USCC) of the employer.
    pub uscc: String,
    /// 公民身份号码, masked (e.g. **************123X); not printed when `None`.
    pub id_masked: Option<String>,
    /// 注册专业 with 有效期, 1 to 10 rows.
    pub specialties: Vec<Specialty>,
    /// 发证日期.
    pub issued: String,
    /// 使用有效期 (usage period), first day.
    pub use_from: String,
    /// 使用有效期 (usage period), last day.
    pub use_to: String,
    /// Name of the 行政许可专用章 (administrative licensing seal), e.g.
    /// "中华人民共和国住房和城乡建设部一级建造师行政许可专用章".
    pub seal_name: String,
    /// 个人签名 (signature image), PNG or JPEG bytes. When `None` a synthetic
    /// handwriting-like image is drawn from the name (the same every time).
    pub signature_png: Option<Vec<u8>>,
    /// What the QR code encodes (normally the "BC1:..." text).
    pub qr_text: String,
    /// When `Some`, embedded as a file attachment named exactly "bc1.txt".
    pub attachment: Option<String>,
    /// Draws a visible "演示 DEMO" watermark and label.
    pub demo: bool,
    /// How the QR code is drawn.
    pub qr_style: QrStyle,
}

/// Title printed on the page.
pub const CERT_TITLE: &str = "中华人民共和国一级建造师注册证书";
/// Caption under the QR code.
pub const QR_CAPTION: &str = "扫码核验 BC1";
/// Footer note, Chinese line.
pub const FOOTER_ZH: &str = "打印件须本人手写签名，且与签名图像一致方可有效";
/// Footer note, English line.
pub const FOOTER_EN: &str = "A print is valid only with a handwritten signature matching the signature image";

/// Maximum number of 注册专业 rows on one page.
pub const MAX_SPECIALTIES: usize = 10;

/// Side of the QR square on the certificate page (quiet zone included), in mm.
const QR_SIDE_MM: f32 = 46.0;

/// Draws the certificate as a one-page A4 PDF with the font embedded as a subset.
///
/// Fails when a field cannot be printed with the font, the QR text is too long,
/// the signature image is not a PNG/JPEG, or the specialties are 0 or more than 10.
pub fn certificate_pdf(page: &CertificatePage, fonts: &Fonts) -> Result<Vec<u8>> {
    if page.specialties.is_empty() || page.specialties.len() > MAX_SPECIALTIES {
        return Err(PdfGenError::invalid(
            "specialties",
            format!("注册专业 {} 个；应为 1 到 {MAX_SPECIALTIES} 个", page.specialties.len()),
            format!("{} given, 1 to {MAX_SPECIALTIES} allowed", page.specialties.len()),
        ));
    }
    // Encode the QR first: a too-long text is the most likely error.
    let matrix = qr_matrix(&page.qr_text)?;
    let signature = match &page.signature_png {
        Some(bytes) => bytes.clone(),
        None => synthetic_signature_png(&page.name)?,
    };
    let sig_img = doc::load_image(&signature, "个人签名 signature image")?;
    let qr_img = match page.qr_style {
        QrStyle::Image => {
            let png = qr_png(&page.qr_text, 4)?;
            // Not interpolated: modules stay sharp when scaled.
            Some(
                krilla::image::Image::from_png(png.into(), false)
                    .map_err(|e| PdfGenError::PdfWrite(format!("QR image: {e}")))?,
            )
        }
        QrStyle::Vector => None,
    };

    let mut document = doc::new_document(&format!("{CERT_TITLE} {}", page.name));
    {
        let mut pg = document.start_page_with(doc::page_settings(A4_W, A4_H)?);
        let mut surface = pg.surface();
        let mut c = Canvas::new(&mut surface, fonts);
        draw_certificate(&mut c, page, sig_img, qr_img, &matrix)?;
        surface.finish();
        pg.finish();
    }
    if let Some(att) = &page.attachment {
        doc::attach_text(&mut document, att)?;
    }
    doc::finish(document)
}

fn draw_certificate(
    c: &mut Canvas,
    p: &CertificatePage,
    sig: krilla::image::Image,
    qr_img: Option<krilla::image::Image>,
    matrix: &crate::qr::QrMatrix,
) -> Result<()> {
    // Frame.
    c.rect_stroke(mm(10.0), mm(10.0), A4_W - mm(20.0), A4_H - mm(20.0), 1.6, NAVY);
    c.rect_stroke(mm(12.0), mm(12.0), A4_W - mm(24.0), A4_H - mm(24.0), 0.5, NAVY);

    if p.demo {
        draw_demo_watermark(c)?;
    }

    // Title.
    let cx = A4_W / 2.0;
    c.text(cx, mm(31.0), 21.0, NAVY, Align::Center, CERT_TITLE)?;
    c.text(
        cx,
        mm(38.0),
        9.0,
        GRAY,
        Align::Center,
        "First-class Constructor Registration Certificate · 电子证书 e-certificate",
    )?;
    c.line(mm(24.0), mm(42.0), A4_W - mm(24.0), mm(42.0), 0.6, NAVY);

    // Field block.
    let label_x = mm(24.0);
    let value_x = mm(60.0);
    let value_right = mm(142.0);
    let mut y = mm(53.0);
    let row = mm(9.0);
    let mut fields: Vec<(&str, &str)> = vec![
        ("姓名", &p.name),
        ("性别", &p.sex),
        ("出生日期", &p.dob),
        ("注册编号", &p.reg),
        ("聘用企业", &p.employer),
        ("统一社会信用代码", &p.uscc),
    ];
    if let Some(id) = &p.id_masked {
        fields.push(("公民身份号码", id));
    }
    for (label, value) in fields {
        y = field_row(c, label_x, value_x, value_right, y, row, label, value)?;
    }

    // Photo box (35 × 45 mm), right of the fields.
    let (px, py, pw, ph) = (mm(149.0), mm(49.0), mm(35.0), mm(45.0));
    c.rect_stroke(px, py, pw, ph, 0.8, GRAY);
    c.text(px + pw / 2.0, py + ph / 2.0, 12.0, LIGHT, Align::Center, "照片")?;
    c.text(px + pw / 2.0, py + ph / 2.0 + 12.0, 8.0, LIGHT, Align::Center, "Photo")?;

    // Specialty table.
    let y_bottom_area = mm(206.0);
    y = y.max(py + ph) + mm(5.0);
    let table_x = mm(24.0);
    let table_w = A4_W - mm(48.0);
    let col1 = mm(14.0);
    let col2 = mm(62.0);
    // Space left for the table: down to the date rows above the bottom area.
    let avail = y_bottom_area - mm(24.0) - y;
    let n = p.specialties.len() as f32;
    let row_h = (avail / (n + 1.0)).clamp(mm(5.5), mm(8.0));
    if row_h * (n + 1.0) > avail + 0.5 {
        return Err(PdfGenError::invalid(
            "specialties",
            "注册专业太多，一页放不下",
            "too many specialties to fit on the page",
        ));
    }
    let text_dy = row_h * 0.68;
    c.rect_fill(table_x, y, table_w, row_h, Rgb(232, 238, 248), 1.0);
    c.text(table_x + col1 / 2.0, y + text_dy, 10.0, NAVY, Align::Center, "序号")?;
    c.text(table_x + col1 + mm(3.0), y + text_dy, 10.0, NAVY, Align::Left, "注册专业")?;
    c.text(table_x + col1 + col2 + mm(3.0), y + text_dy, 10.0, NAVY, Align::Left, "有效期")?;
    for (i, s) in p.specialties.iter().enumerate() {
        let ry = y + row_h * (i as f32 + 1.0);
        c.text(table_x + col1 / 2.0, ry + text_dy, 10.5, INK, Align::Center, &(i + 1).to_string())?;
        let size = c.fit(&s.name, col2 - mm(5.0), 11.0, 6.0);
        c.text(table_x + col1 + mm(3.0), ry + text_dy, size, INK, Align::Left, &s.name)?;
        let validity = format!("{} 至 {}", s.from, s.to);
        let size = c.fit(&validity, table_w - col1 - col2 - mm(5.0), 11.0, 6.0);
        c.text(table_x + col1 + col2 + mm(3.0), ry + text_dy, size, INK, Align::Left, &validity)?;
    }
    let table_h = row_h * (n + 1.0);
    c.rect_stroke(table_x, y, table_w, table_h, 0.8, NAVY);
    for i in 1..=p.specialties.len() {
        let ry = y + row_h * i as f32;
        c.line(table_x, ry, table_x + table_w, ry, 0.4, NAVY);
    }
    c.line(table_x + col1, y, table_x + col1, y + table_h, 0.4, NAVY);
    c.line(table_x + col1 + col2, y, table_x + col1 + col2, y + table_h, 0.4, NAVY);
    y += table_h + mm(8.0);

    // Dates.
    y = field_row(c, label_x, value_x, value_right, y, row, "发证日期", &p.issued)?;
    let usage = format!("{} 至 {}", p.use_from, p.use_to);
    field_row(c, label_x, value_x, value_right, y, row, "使用有效期", &usage)?;

    // Bottom area: signature, seal, QR code.
    let y0 = y_bottom_area;
    c.text(mm(24.0), y0 + mm(4.0), 10.0, GRAY, Align::Left, "个人签名")?;
    c.text(mm(24.0) + fonts_w(c, "个人签名", 10.0) + 4.0, y0 + mm(4.0), 8.0, LIGHT, Align::Left, "Signature")?;
    let (sx, sy, sw, sh) = (mm(24.0), mm(6.5) + y0, mm(62.0), mm(24.0));
    c.rect_stroke(sx, sy, sw, sh, 0.5, LIGHT);
    let (iw, ih) = sig.size();
    let scale = ((sw - 6.0) / iw.max(1) as f32).min((sh - 6.0) / ih.max(1) as f32);
    let (dw, dh) = (iw as f32 * scale, ih as f32 * scale);
    c.image(sig, sx + (sw - dw) / 2.0, sy + (sh - dh) / 2.0, dw, dh)?;

    // Seal.
    c.seal(mm(114.0), y0 + mm(21.0), mm(20.0), &p.seal_name, 0.9)?;

    // QR code, bottom right, with caption.
    let side = mm(QR_SIDE_MM);
    let (qx, qy) = (A4_W - mm(24.0) - side, y0 - mm(3.0));
    draw_qr(c, qr_img, matrix, qx, qy, side)?;
    c.text(qx + side / 2.0, qy + side + mm(4.0), 10.0, INK, Align::Center, QR_CAPTION)?;

    // Footer.
    c.text(cx, mm(266.0), 9.0, GRAY, Align::Center, FOOTER_ZH)?;
    c.text(cx, mm(271.0), 8.0, GRAY, Align::Center, FOOTER_EN)?;
    Ok(())
}

fn fonts_w(c: &Canvas, text: &str, size: f32) -> f32 {
    c.fonts.width(text, size)
}

/// Draws a "label：value" row with an underline; long values shrink, then wrap to two lines.
/// Returns the y of the next row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn field_row(
    c: &mut Canvas,
    label_x: f32,
    value_x: f32,
    value_right: f32,
    y: f32,
    row: f32,
    label: &str,
    value: &str,
) -> Result<f32> {
    c.text(label_x, y, 10.5, GRAY, Align::Left, label)?;
    let max_w = value_right - value_x;
    let size = c.fit(value, max_w, 12.0, 9.0);
    let lines = c.wrap(value, max_w, size);
    let mut yy = y;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            yy += size * 1.25;
        }
        c.text(value_x, yy, size, INK, Align::Left, line)?;
    }
    c.line(value_x, yy + 3.0, value_right, yy + 3.0, 0.35, LIGHT);
    Ok(yy + row)
}

/// Draws the QR code (quiet zone included) into the square at (x, y) with side `side`.
pub(crate) fn draw_qr(
    c: &mut Canvas,
    img: Option<krilla::image::Image>,
    m: &crate::qr::QrMatrix,
    x: f32,
    y: f32,
    side: f32,
) -> Result<()> {
    match img {
        Some(img) => c.image(img, x, y, side, side),
        None => {
            c.rect_fill(x, y, side, side, WHITE, 1.0);
            let total = (m.width + 2 * QUIET_ZONE as usize) as f32;
            let module = side / total;
            let q = QUIET_ZONE as f32;
            let mut rects = Vec::new();
            for row in 0..m.width {
                let mut col = 0;
                while col < m.width {
                    if m.is_dark(col, row) {
                        let start = col;
                        while col < m.width && m.is_dark(col, row) {
                            col += 1;
                        }
                        rects.push((
                            x + (start as f32 + q) * module,
                            y + (row as f32 + q) * module,
                            (col - start) as f32 * module,
                            module,
                        ));
                    } else {
                        col += 1;
                    }
                }
            }
            c.rects_fill(&rects, crate::draw::BLACK);
            Ok(())
        }
    }
}

/// The big diagonal "演示 DEMO" watermark plus a framed label at the top right.
pub(crate) fn draw_demo_watermark(c: &mut Canvas) -> Result<()> {
    draw_demo_watermark_at(c, A4_W, A4_H)
}

/// The demo watermark on a page of size `pw` × `ph`.
pub(crate) fn draw_demo_watermark_at(c: &mut Canvas, pw: f32, ph: f32) -> Result<()> {
    c.text_rotated(pw / 2.0, ph * 0.45, -35.0, 96.0, RED, 0.10, "演示 DEMO")?;
    let (w, h) = (mm(30.0), mm(9.0));
    let (x, y) = (pw - mm(16.0) - w, mm(15.0));
    c.rect_stroke(x, y, w, h, 1.0, RED);
    c.text(x + w / 2.0, y + h * 0.7, 12.0, RED, Align::Center, "演示 DEMO")?;
    Ok(())
}
