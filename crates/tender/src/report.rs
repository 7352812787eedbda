//! Check reports (核查报告): CSV (UTF-8 with BOM, for Excel; or GB18030), XLSX, and a
//! Chinese PDF — a summary (pass/fail per role, bid date, company, check
//! time, trust list seq and date, app version) and a row per certificate.
//! ID numbers are always masked; QR texts are never written.

use std::path::Path;

use buildcert_bc1::date::format_date;
use buildcert_bc1::Lang;
use buildcert_check::OutcomeStatus;
use buildcert_pdfgen::csv::csv_line;
use buildcert_pdfgen::{table_report_pdf, Fonts, TableReport, TableRow, Tone};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};

use crate::error::TenderError;
use crate::model::{Row, TenderResult};
use crate::words::{pick, status_words};

/// A report's file format, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// `.csv`
    Csv,
    /// `.xlsx`
    Xlsx,
    /// `.pdf`
    Pdf,
}

impl ReportFormat {
    /// The format a file name asks for (case-insensitive extension).
    pub fn from_path(p: &Path) -> Result<ReportFormat, TenderError> {
        match p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).as_deref() {
            Some("csv") => Ok(ReportFormat::Csv),
            Some("xlsx") => Ok(ReportFormat::Xlsx),
            Some("pdf") => Ok(ReportFormat::Pdf),
            _ => Err(TenderError::ReportFormat(p.to_path_buf())),
        }
    }
}

fn datetime_cst(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch + 8 * 3600, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| epoch.to_string())
}

fn status_text(s: OutcomeStatus, lang: Lang) -> String {
    let (zh, en, sym) = status_words(s);
    format!("{sym} {}", pick(lang, zh, en))
}

/// The verdict cell of a row: an official-format row says 未验证（官方格式）.
fn row_status_text(row: &Row, lang: Lang) -> String {
    if row.is_official() {
        let (_, _, sym) = status_words(OutcomeStatus::Unverified);
        format!("{sym} {}", pick(lang, buildcert_official::TERM_ZH, buildcert_official::TERM_EN))
    } else {
        status_text(row.status, lang)
    }
}

/// The line every report of a demo result starts with.
pub const DEMO_NOTICE_ZH: &str =
    "【演示 DEMO】本结果基于演示根密钥（演示数据），仅供试用，不能证明任何真实证书，不得用于投标文件。";
/// The same in English.
pub const DEMO_NOTICE_EN: &str = "[DEMO] This result rests on a demo root key (demo data): it is for trying the program only, proves nothing about real certificates and must not be filed with a bid.";

/// The summary lines printed above the table, in a language.
pub fn summary_lines(r: &TenderResult, lang: Lang) -> Vec<String> {
    let t = &r.tender;
    let zh = lang == Lang::Zh;
    let mut out = Vec::new();
    let company = match &t.company {
        Some(c) if !c.trim().is_empty() => format!("{}（{}）", c.trim(), t.uscc.trim()),
        _ => t.uscc.trim().to_string(),
    };
    if zh {
        out.push(format!("投标项目：{}    投标单位：{}", t.name, company));
        let mut l = format!("投标截止日（核验日期）：{}", format_date(t.bid_date));
        if let Some(d2) = t.valid_until {
            l += &format!("    使用有效期须覆盖至：{}", format_date(d2));
        }
        out.push(l);
    } else {
        out.push(format!("Tender: {}    Bidding company: {}", t.name, company));
        let mut l = format!("Bid date (check date): {}", format_date(t.bid_date));
        if let Some(d2) = t.valid_until {
            l += &format!("    Usage periods must cover: {}", format_date(d2));
        }
        out.push(l);
    }
    let uncovered = r.roles.iter().filter(|x| !x.covered && !x.unverified_only).count();
    let unverified_roles = r.roles.iter().filter(|x| x.unverified_only).count();
    if r.demo {
        out.push(pick(lang, DEMO_NOTICE_ZH, DEMO_NOTICE_EN).to_string());
    }
    let verdict = match (r.cancelled, r.passed, zh) {
        (true, _, true) => "结论：✕ 核查已取消，结果不完整".into(),
        (true, _, false) => "Result: ✕ check cancelled, the result is incomplete".into(),
        (_, true, true) if r.roles.is_empty() => "结论：✓ 通过 — 所有证书均有效".into(),
        (_, true, false) if r.roles.is_empty() => "Result: ✓ passed — every certificate is valid".into(),
        (_, true, true) => "结论：✓ 通过 — 每个岗位均有有效证书".into(),
        (_, true, false) => "Result: ✓ passed — every role is covered by a valid certificate".into(),
        (_, false, true) if r.roles.is_empty() => "结论：✕ 未通过 — 有证书无效或无法读取".into(),
        (_, false, false) if r.roles.is_empty() => "Result: ✕ not passed — some certificates are not valid or could not be read".into(),
        (_, false, true) if unverified_roles > 0 => {
            format!("结论：✕ 未通过 — {uncovered} 个岗位无人符合，{unverified_roles} 个岗位仅由未验证（官方格式）证书担任")
        }
        (_, false, false) if unverified_roles > 0 => format!(
            "Result: ✕ not passed — {uncovered} roles not covered, {unverified_roles} covered only by unverified (official format) certificates"
        ),
        (_, false, true) => format!("结论：✕ 未通过 — {uncovered} 个岗位无人符合"),
        (_, false, false) => format!("Result: ✕ not passed — {uncovered} roles not covered"),
    };
    // Under a demo root nothing "passes": the verdict line says DEMO first.
    out.push(match (r.demo, zh) {
        (true, true) => verdict.replacen("结论：", "结论：【演示 DEMO，不能用于真实投标】", 1),
        (true, false) => verdict.replacen("Result: ", "Result: [DEMO, not for a real tender] ", 1),
        (false, _) => verdict,
    });
    for role in &r.roles {
        let line = if role.unverified_only || role.covered {
            // Who covers the role; a role held only by an official-format
            // (unverified) certificate says so instead of a status.
            let st = if role.unverified_only {
                let (tz, te) = (buildcert_official::TERM_ZH, buildcert_official::TERM_EN);
                if zh {
                    format!("i 仅由{tz}证书担任，不计为已核验")
                } else {
                    format!("i covered only by an {} certificate, not counted as checked", te.to_lowercase())
                }
            } else {
                status_text(role.status, lang)
            };
            let person = role.person.as_deref().unwrap_or("");
            let reg = role.registration.as_deref().unwrap_or("");
            let row = role.row.unwrap_or(0);
            if zh {
                format!("岗位 {}（{}）：{st} — {person}（{reg}），第 {row} 行", role.name, role.specialty)
            } else {
                format!("Role {} ({}): {st} — {person} ({reg}), row {row}", role.name, role.specialty)
            }
        } else {
            let why: Vec<&str> = role.reasons.iter().map(|x| x.message(lang)).collect();
            if zh {
                format!("岗位 {}（{}）：✕ 无人符合 — {}", role.name, role.specialty, why.join("；"))
            } else {
                format!("Role {} ({}): ✕ not covered — {}", role.name, role.specialty, why.join("; "))
            }
        };
        out.push(line);
    }
    let c = &r.counts;
    let trust_day = buildcert_bc1::date::cst_date_of(r.trust_issued).map(format_date).unwrap_or_default();
    if zh {
        out.push(format!(
            "共 {} 个文件、{} 行：有效 {}，有效（需注意）{}，无效 {}，无法读取 {}，未验证 {}",
            c.files, c.rows, c.valid, c.warning, c.invalid, c.error, c.unverified
        ));
        out.push(format!(
            "核查时间：{}（UTC+08:00）    信任列表：第 {} 版，发布于 {}    软件：BuildCert 建造师证书夹 {}",
            datetime_cst(r.checked_at),
            r.trust_seq,
            trust_day,
            r.app_version
        ));
    } else {
        out.push(format!(
            "{} files, {} rows: valid {}, valid with warnings {}, not valid {}, could not read {}, not verified {}",
            c.files, c.rows, c.valid, c.warning, c.invalid, c.error, c.unverified
        ));
        out.push(format!(
            "Checked: {} (UTC+08:00)    Trust list: seq {}, issued {}    Software: BuildCert {}",
            datetime_cst(r.checked_at),
            r.trust_seq,
            trust_day,
            r.app_version
        ));
    }
    for issue in r.issues.iter().filter(|i| {
        !matches!(
            i.reason.code,
            crate::ReasonCode::Tender(crate::TenderCode::RoleUncovered | crate::TenderCode::CoveredByUnverified)
        )
    }) {
        out.push(format!("• {}", issue.reason.message(lang)));
    }
    if c.unverified > 0 {
        out.push(
            pick(
                lang,
                "注：“未验证”的证书（含官方格式证书）未经签名核验；官方格式证书只核查了证书上印的日期和聘用企业，由其担任的岗位不计为已核验，不得作为已核验证书提交。",
                "Note: \"not verified\" certificates (official-format ones included) were not signature-verified; for official-format ones only the printed dates and employer were checked, a role they fill does not count as checked, and they must not be filed as checked.",
            )
            .into(),
        );
    }
    out.push(
        pick(
            lang,
            "公民身份号码已隐去中间数字。打印件须与持证人手写签名核对；电子证书与纸质证书不一致时，以电子证书为准。",
            "Resident ID numbers are masked. A print is valid only with the holder's handwritten signature; where the e-certificate and a paper certificate differ, the e-certificate prevails.",
        )
        .into(),
    );
    out
}

/// Column headings of the certificate table.
fn header(lang: Lang) -> Vec<String> {
    let h: [(&str, &str); 12] = [
        ("序号", "No."),
        ("文件", "File"),
        ("姓名", "Name"),
        ("注册编号", "Registration number"),
        ("公民身份号码", "Resident ID number"),
        ("注册专业（有效期）", "Registered specialty (validity)"),
        ("使用有效期至", "Usage period until"),
        ("聘用企业", "Employer"),
        ("与投标单位一致", "Employer match"),
        ("拟任岗位", "Role"),
        ("结论", "Verdict"),
        ("原因", "Reasons"),
    ];
    h.iter().map(|(z, e)| pick(lang, z, e).to_string()).collect()
}

fn file_label(r: &Row, full_path: bool, lang: Lang) -> String {
    let name = if full_path {
        r.file.clone()
    } else {
        Path::new(&r.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| r.file.clone())
    };
    if r.position > 0 {
        format!(
            "{name}{}",
            pick(lang, &format!("（第 {} 张）", r.position + 1), &format!(" (certificate {})", r.position + 1))
        )
    } else {
        name
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

/// The certificate table: heading and one row of cells per row, with its status.
pub fn report_rows(r: &TenderResult, lang: Lang, full_path: bool) -> (Vec<String>, Vec<(Vec<String>, OutcomeStatus)>) {
    let dash = || "—".to_string();
    let rows = r
        .rows
        .iter()
        .map(|row| {
            let employer = match (&row.employer, &row.employer_uscc) {
                (Some(e), Some(u)) => format!("{e}\n{u}"),
                (Some(e), None) => e.clone(),
                _ => dash(),
            };
            let mut reasons: Vec<String> = row.reasons.iter().map(|x| x.message(lang).to_string()).collect();
            for c in &row.other_codes {
                reasons.push(format!("{}{}", pick(lang, "二维码内容：", "QR content: "), cut(c, 200)));
            }
            let cells = vec![
                row.no.to_string(),
                file_label(row, full_path, lang),
                row.name.clone().unwrap_or_else(dash),
                row.registration.clone().unwrap_or_else(dash),
                row.id_masked.clone().unwrap_or_else(dash),
                if row.specialties.is_empty() { dash() } else { row.specialties_text(lang) },
                row.usage_to.map(format_date).unwrap_or_else(dash),
                employer,
                match row.employer_match {
                    Some(true) => pick(lang, "是", "yes").into(),
                    Some(false) => pick(lang, "否", "no").into(),
                    None => dash(),
                },
                match &row.role {
                    Some(role) if row.is_official() => {
                        format!(
                            "{role}{}",
                            pick(lang, "（未验证，不计为已核验）", " (unverified, not counted as checked)")
                        )
                    }
                    Some(role) => role.clone(),
                    None => dash(),
                },
                if row.demo {
                    format!("{}{}", pick(lang, "【演示】", "[DEMO] "), row_status_text(row, lang))
                } else {
                    row_status_text(row, lang)
                },
                reasons.join("\n"),
            ];
            let mut cells = cells;
            if r.demo {
                cells.push(if row.demo { "演示 DEMO".to_string() } else { dash() });
            }
            (cells, row.status)
        })
        .collect();
    let mut h = header(lang);
    if r.demo {
        h.push(pick(lang, "演示数据", "Demo data").to_string());
    }
    (h, rows)
}

/// The character encoding of a CSV report (`"utf8"` or `"gb18030"` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark: Excel and WPS read the Chinese (the default).
    #[default]
    #[serde(rename = "utf8")]
    Utf8Bom,
    /// GB18030, no byte-order mark: for older intake systems that want a
    /// Chinese national encoding. Every Unicode character has a GB18030 form.
    Gb18030,
}

/// The CSV report: UTF-8 with a BOM (so Excel reads the Chinese), CRLF,
/// summary lines first, an empty line, then the table.
pub fn csv_bytes(r: &TenderResult, lang: Lang) -> Vec<u8> {
    csv_bytes_encoded(r, lang, CsvEncoding::Utf8Bom)
}

/// The CSV report ([`csv_bytes`]) in an encoding: UTF-8 starts with a BOM,
/// GB18030 has none.
pub fn csv_bytes_encoded(r: &TenderResult, lang: Lang, enc: CsvEncoding) -> Vec<u8> {
    let s = csv_text(r, lang);
    match enc {
        CsvEncoding::Utf8Bom => {
            let mut out = "\u{FEFF}".as_bytes().to_vec();
            out.extend_from_slice(s.as_bytes());
            out
        }
        CsvEncoding::Gb18030 => {
            // GB18030 encodes all of Unicode, so there is nothing to replace.
            let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
            bytes.into_owned()
        }
    }
}

fn csv_text(r: &TenderResult, lang: Lang) -> String {
    let mut s = String::new();
    csv_line(&mut s, &[pick(lang, "投标核查报告", "Tender check report").to_string()]);
    for l in summary_lines(r, lang) {
        csv_line(&mut s, &[l]);
    }
    s.push_str("\r\n");
    let (h, rows) = report_rows(r, lang, true);
    csv_line(&mut s, &h);
    for (cells, _) in rows {
        csv_line(&mut s, &cells);
    }
    s
}

fn fill(s: OutcomeStatus) -> Color {
    match s {
        OutcomeStatus::Valid => Color::RGB(0xE2F4E4),
        OutcomeStatus::Warning => Color::RGB(0xFDF1D6),
        OutcomeStatus::Invalid => Color::RGB(0xFAE0DE),
        OutcomeStatus::Error => Color::RGB(0xEAEAEA),
        OutcomeStatus::Unverified => Color::RGB(0xE2E9F0),
    }
}

/// The XLSX report: a summary sheet and a certificate sheet (header frozen,
/// filter on, rows tinted by verdict). Both print A4 landscape; the
/// certificate sheet fits one page wide and repeats its header row on every
/// printed page.
pub fn xlsx_bytes(r: &TenderResult, lang: Lang) -> Result<Vec<u8>, TenderError> {
    let x = |e: rust_xlsxwriter::XlsxError| TenderError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    {
        let ws = wb.add_worksheet();
        ws.set_name(pick(lang, "汇总", "Summary")).map_err(x)?;
        ws.write_string_with_format(0, 0, pick(lang, "投标核查报告", "Tender check report"), &title).map_err(x)?;
        for (i, l) in summary_lines(r, lang).iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, l).map_err(x)?;
        }
        ws.set_column_width(0, 120).map_err(x)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(pick(lang, "证书", "Certificates")).map_err(x)?;
        let head = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDCE5F3))
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let (h, rows) = report_rows(r, lang, true);
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, t, &head).map_err(x)?;
        }
        for (ri, (cells, st)) in rows.iter().enumerate() {
            let f = Format::new().set_background_color(fill(*st)).set_text_wrap().set_align(FormatAlign::Top);
            for (c, t) in cells.iter().enumerate() {
                if c == 0 {
                    ws.write_number_with_format(ri as u32 + 1, 0, (ri + 1) as f64, &f).map_err(x)?;
                } else {
                    ws.write_string_with_format(ri as u32 + 1, c as u16, t, &f).map_err(x)?;
                }
            }
        }
        let widths = [6.0, 30.0, 10.0, 22.0, 20.0, 30.0, 12.0, 30.0, 8.0, 12.0, 14.0, 70.0, 12.0];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(x)?;
        }
        ws.set_freeze_panes(1, 0).map_err(x)?;
        ws.autofilter(0, 0, rows.len() as u32, (h.len() - 1) as u16).map_err(x)?;
        // Printing: A4 landscape, one page wide (as many pages tall as it
        // takes), the header row repeated at the top of every page.
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).map_err(x)?;
        let _ = &bold;
    }
    wb.save_to_buffer().map_err(x)
}

fn tone(s: OutcomeStatus) -> Tone {
    match s {
        OutcomeStatus::Valid => Tone::Good,
        OutcomeStatus::Warning => Tone::Warn,
        OutcomeStatus::Invalid => Tone::Bad,
        OutcomeStatus::Error => Tone::Error,
        OutcomeStatus::Unverified => Tone::Info,
    }
}

/// The PDF report, in Chinese (ready to file with the bid): A4 landscape,
/// summary on the first page, the header repeated on every page.
pub fn pdf_bytes(r: &TenderResult, fonts: &Fonts) -> Result<Vec<u8>, TenderError> {
    let lang = Lang::Zh;
    let (h, rows) = report_rows(r, lang, false);
    let report = TableReport {
        title: format!("{}投标核查报告 — {}", if r.demo { "【演示 DEMO】" } else { "" }, r.tender.name),
        summary: summary_lines(r, lang),
        header: h,
        rows: rows.into_iter().map(|(cells, st)| TableRow { cells, tone: tone(st) }).collect(),
        column_weights: Some(if r.demo {
            vec![2.5, 10.0, 5.0, 10.0, 10.0, 13.0, 7.0, 13.0, 4.5, 6.0, 8.0, 22.0, 5.0]
        } else {
            vec![2.5, 10.0, 5.0, 10.0, 10.0, 13.0, 7.0, 13.0, 4.5, 6.0, 7.0, 26.0]
        }),
        footer: Some(format!(
            "{}BuildCert 建造师证书夹 {} · 投标核查报告 · 公民身份号码已隐去部分数字",
            if r.demo { "演示 DEMO：仅供试用，不得用于投标 · " } else { "" },
            r.app_version
        )),
        demo: r.demo,
    };
    table_report_pdf(&report, fonts).map_err(|e| TenderError::Pdf(e.to_string()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), TenderError> {
    std::fs::write(path, bytes).map_err(|source| TenderError::Write { path: path.to_path_buf(), source })
}

/// Writes the CSV report.
pub fn write_csv(r: &TenderResult, lang: Lang, path: &Path) -> Result<(), TenderError> {
    write(path, &csv_bytes(r, lang))
}

/// Writes the CSV report in an encoding.
pub fn write_csv_encoded(r: &TenderResult, lang: Lang, path: &Path, enc: CsvEncoding) -> Result<(), TenderError> {
    write(path, &csv_bytes_encoded(r, lang, enc))
}

/// Writes the XLSX report.
pub fn write_xlsx(r: &TenderResult, lang: Lang, path: &Path) -> Result<(), TenderError> {
    write(path, &xlsx_bytes(r, lang)?)
}

/// Writes the PDF report (Chinese).
pub fn write_pdf(r: &TenderResult, fonts: &Fonts, path: &Path) -> Result<(), TenderError> {
    write(path, &pdf_bytes(r, fonts)?)
}

/// Writes a report in the format its extension names. For a PDF, `fonts`
/// is used when given, else the system's Chinese font is found (slow: pass
/// one in when writing several).
pub fn write_report(r: &TenderResult, lang: Lang, path: &Path, fonts: Option<&Fonts>) -> Result<(), TenderError> {
    write_report_encoded(r, lang, path, fonts, CsvEncoding::default())
}

/// [`write_report`], with a CSV written in `csv` (the other formats ignore it).
pub fn write_report_encoded(
    r: &TenderResult,
    lang: Lang,
    path: &Path,
    fonts: Option<&Fonts>,
    csv: CsvEncoding,
) -> Result<(), TenderError> {
    match ReportFormat::from_path(path)? {
        ReportFormat::Csv => write_csv_encoded(r, lang, path, csv),
        ReportFormat::Xlsx => write_xlsx(r, lang, path),
        ReportFormat::Pdf => match fonts {
            Some(f) => write_pdf(r, f, path),
            None => {
                let f = Fonts::discover().map_err(|e| TenderError::Pdf(e.to_string()))?;
                write_pdf(r, &f, path)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encoding_names() {
        // The names the app's IPC sends (and the CLI's --csv-encoding values).
        let name = |e: CsvEncoding| serde_json::to_string(&e).unwrap();
        assert_eq!(name(CsvEncoding::Utf8Bom), "\"utf8\"");
        assert_eq!(name(CsvEncoding::Gb18030), "\"gb18030\"");
        assert_eq!(serde_json::from_str::<CsvEncoding>("\"gb18030\"").unwrap(), CsvEncoding::Gb18030);
        assert!(serde_json::from_str::<CsvEncoding>("\"gbk\"").is_err());
        assert_eq!(CsvEncoding::default(), CsvEncoding::Utf8Bom);
    }

    #[test]
    fn report_format_from_extension() {
        assert_eq!(ReportFormat::from_path(Path::new("a.CSV")).unwrap(), ReportFormat::Csv);
        assert_eq!(ReportFormat::from_path(Path::new("a.xlsx")).unwrap(), ReportFormat::Xlsx);
        assert_eq!(ReportFormat::from_path(Path::new("dir/a.pdf")).unwrap(), ReportFormat::Pdf);
        assert!(ReportFormat::from_path(Path::new("a.txt")).is_err());
    }
}
