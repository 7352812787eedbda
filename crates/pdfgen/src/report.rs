//! A simple paginated table report (A4 landscape, Chinese text), e.g. the tender check report.

use crate::certificate::draw_demo_watermark_at;
use crate::doc;
use crate::draw::{mm, wrap_text, Align, Canvas, Rgb, A4_H, A4_W, GRAY, INK, LIGHT, NAVY};
use crate::error::{PdfGenError, Result};
use crate::fonts::Fonts;

/// Background tint of a row, following the verdict colours (green valid, amber warning,
/// red invalid, grey error, blue-grey unverified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    /// No tint.
    #[default]
    Plain,
    /// Green: 有效 / Valid.
    Good,
    /// Amber: 有效（需注意）/ Valid, with warnings.
    Warn,
    /// Red: 无效 / Not valid.
    Bad,
    /// Grey: 无法读取 / Could not read.
    Error,
    /// Blue-grey: 未验证 / Not verified.
    Info,
}

impl Tone {
    fn tint(self) -> Option<Rgb> {
        match self {
            Tone::Plain => None,
            Tone::Good => Some(Rgb(226, 244, 228)),
            Tone::Warn => Some(Rgb(253, 241, 214)),
            Tone::Bad => Some(Rgb(250, 224, 222)),
            Tone::Error => Some(Rgb(234, 234, 234)),
            Tone::Info => Some(Rgb(226, 233, 240)),
        }
    }
}

/// One table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableRow {
    /// One string per column ('\n' breaks a line).
    pub cells: Vec<String>,
    /// Background tint.
    pub tone: Tone,
}

impl From<Vec<String>> for TableRow {
    fn from(cells: Vec<String>) -> Self {
        TableRow { cells, tone: Tone::Plain }
    }
}

/// A table report: title, summary lines, a header row repeated on every page, rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableReport {
    /// Printed large at the top of the first page.
    pub title: String,
    /// Lines under the title (wrapped when long).
    pub summary: Vec<String>,
    /// Column headings (at least one).
    pub header: Vec<String>,
    /// Rows; each must have as many cells as `header`.
    pub rows: Vec<TableRow>,
    /// Relative column widths; `None` sizes columns from their content.
    pub column_weights: Option<Vec<f32>>,
    /// A note at the bottom left of every page.
    pub footer: Option<String>,
    /// Draws a "演示 DEMO" watermark on every page.
    pub demo: bool,
}

const MARGIN: f32 = 42.52; // 15 mm
const CELL_SIZE: f32 = 9.0;
const LINE_H: f32 = 12.0;
const PAD: f32 = 4.0;

struct Laid {
    lines: Vec<Vec<String>>,
    height: f32,
    tone: Tone,
}

/// Draws the report as an A4-landscape PDF; the table breaks across pages with the
/// header row repeated, and every page shows "第 N 页，共 M 页 / Page N of M".
pub fn table_report_pdf(report: &TableReport, fonts: &Fonts) -> Result<Vec<u8>> {
    let ncol = report.header.len();
    if ncol == 0 {
        return Err(PdfGenError::invalid("header", "表头至少需要一列", "at least one column is needed"));
    }
    for (i, r) in report.rows.iter().enumerate() {
        if r.cells.len() != ncol {
            return Err(PdfGenError::invalid(
                "rows",
                format!("第 {} 行有 {} 列，表头有 {ncol} 列", i + 1, r.cells.len()),
                format!("row {} has {} cells, the header has {ncol}", i + 1, r.cells.len()),
            ));
        }
    }
    let (pw, ph) = (A4_H, A4_W);
    let table_w = pw - 2.0 * MARGIN;
    let widths = column_widths(report, fonts, table_w)?;

    let lay = |cells: &[String], tone: Tone| -> Laid {
        let lines: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(t, w)| wrap_text(fonts, t, (w - 2.0 * PAD).max(CELL_SIZE), CELL_SIZE))
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        Laid { lines, height: n as f32 * LINE_H + 2.0 * PAD, tone }
    };
    let header = lay(&report.header, Tone::Plain);
    let mut rows: Vec<Laid> = report.rows.iter().map(|r| lay(&r.cells, r.tone)).collect();

    // Title block height on the first page.
    let summary_lines: Vec<String> = report.summary.iter().flat_map(|s| wrap_text(fonts, s, table_w, 10.0)).collect();
    let first_top = MARGIN + 24.0 + summary_lines.len() as f32 * 14.0 + 8.0;
    let bottom = ph - MARGIN - 14.0;
    let full = bottom - MARGIN - header.height;
    // A row taller than a page is cut, with "…" on its last line.
    for r in &mut rows {
        if r.height > full {
            let max_lines = ((full - 2.0 * PAD) / LINE_H).floor().max(1.0) as usize;
            for cell in &mut r.lines {
                if cell.len() > max_lines {
                    cell.truncate(max_lines);
                    if let Some(last) = cell.last_mut() {
                        last.push('…');
                    }
                }
            }
            r.height = max_lines as f32 * LINE_H + 2.0 * PAD;
        }
    }
    // Paginate.
    let mut pages: Vec<Vec<usize>> = vec![Vec::new()];
    let mut y = first_top + header.height;
    for (i, r) in rows.iter().enumerate() {
        if y + r.height > bottom && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            y = MARGIN + header.height;
        }
        if let Some(p) = pages.last_mut() {
            p.push(i);
        }
        y += r.height;
    }
    let total = pages.len();

    let mut document = doc::new_document(&report.title);
    for (pi, page_rows) in pages.iter().enumerate() {
        let mut page = document.start_page_with(doc::page_settings(pw, ph)?);
        let mut surface = page.surface();
        let mut c = Canvas::new(&mut surface, fonts);
        if report.demo {
            draw_demo_watermark_at(&mut c, pw, ph)?;
        }
        let mut y = MARGIN;
        if pi == 0 {
            let size = c.fit(&report.title, table_w, 16.0, 9.0);
            c.text(MARGIN, y + 16.0, size, NAVY, Align::Left, &report.title)?;
            y += 24.0;
            for line in &summary_lines {
                y += 14.0;
                c.text(MARGIN, y - 3.0, 10.0, INK, Align::Left, line)?;
            }
            y = first_top;
        }
        draw_row(&mut c, &header, &widths, MARGIN, y, Some(Rgb(220, 229, 243)), NAVY)?;
        y += header.height;
        for &ri in page_rows {
            let r = &rows[ri];
            draw_row(&mut c, r, &widths, MARGIN, y, r.tone.tint(), INK)?;
            y += r.height;
        }
        // Footer.
        if let Some(f) = &report.footer {
            let size = c.fit(f, table_w * 0.6, 8.0, 5.0);
            c.text(MARGIN, ph - MARGIN + 4.0, size, GRAY, Align::Left, f)?;
        }
        let num = format!("第 {} 页，共 {total} 页 / Page {} of {total}", pi + 1, pi + 1);
        c.text(pw - MARGIN, ph - MARGIN + 4.0, 8.0, GRAY, Align::Right, &num)?;
        surface.finish();
        page.finish();
    }
    doc::finish(document)
}

fn draw_row(c: &mut Canvas, r: &Laid, widths: &[f32], x0: f32, y: f32, fill: Option<Rgb>, ink: Rgb) -> Result<()> {
    let total: f32 = widths.iter().sum();
    if let Some(t) = fill {
        c.rect_fill(x0, y, total, r.height, t, 1.0);
    }
    let mut x = x0;
    for (lines, w) in r.lines.iter().zip(widths) {
        for (li, line) in lines.iter().enumerate() {
            c.text(x + PAD, y + PAD + LINE_H * li as f32 + CELL_SIZE, CELL_SIZE, ink, Align::Left, line)?;
        }
        x += w;
    }
    c.rect_stroke(x0, y, total, r.height, 0.5, LIGHT);
    let mut x = x0;
    for w in &widths[..widths.len() - 1] {
        x += w;
        c.line(x, y, x, y + r.height, 0.5, LIGHT);
    }
    Ok(())
}

fn column_widths(report: &TableReport, fonts: &Fonts, table_w: f32) -> Result<Vec<f32>> {
    let ncol = report.header.len();
    let weights: Vec<f32> = match &report.column_weights {
        Some(w) => {
            if w.len() != ncol || w.iter().any(|v| !v.is_finite() || *v <= 0.0) {
                return Err(PdfGenError::invalid(
                    "column_weights",
                    format!("列宽需要 {ncol} 个正数"),
                    format!("{ncol} positive numbers are needed"),
                ));
            }
            w.clone()
        }
        None => (0..ncol)
            .map(|i| {
                let longest = std::iter::once(&report.header[i])
                    .chain(report.rows.iter().map(|r| &r.cells[i]))
                    .flat_map(|t| t.split('\n'))
                    .map(|t| fonts.width(t, CELL_SIZE))
                    .fold(0.0f32, f32::max);
                (longest + 2.0 * PAD).clamp(mm(14.0), mm(70.0))
            })
            .collect(),
    };
    let sum: f32 = weights.iter().sum();
    Ok(weights.iter().map(|w| w / sum * table_w).collect())
}
