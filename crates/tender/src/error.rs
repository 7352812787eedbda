//! The crate's one error type. `Display` is English; [`TenderError::localized`]
//! says in Chinese and English what is wrong and what to do.

use std::path::PathBuf;

use buildcert_bc1::Localized;

/// Why a tender could not be checked or a report not written. A single bad
/// candidate file is never an error: it becomes an `error` row.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.localized().en)]
pub enum TenderError {
    /// The bidding company's USCC is not a valid unified social credit code.
    InvalidUscc(String),
    /// A role names a specialty that BC1 does not know.
    UnknownSpecialty {
        /// Role name.
        role: String,
        /// The specialty given.
        specialty: String,
        /// The known specialties, joined (their Chinese names).
        known: String,
    },
    /// A role given as something other than `NAME=SPECIALTY`.
    BadRole(String),
    /// Two roles with the same name.
    DuplicateRole(String),
    /// D2 is before the bid date.
    ValidUntilBeforeBid {
        /// The bid date.
        bid: String,
        /// The `valid_until` date.
        until: String,
    },
    /// The worker thread pool could not be started.
    Threads(String),
    /// A report file could not be written.
    Write {
        /// The report path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The report's file name does not end in .csv, .xlsx or .pdf.
    ReportFormat(PathBuf),
    /// The XLSX writer failed.
    Xlsx(String),
    /// The PDF writer failed (e.g. no Chinese font).
    Pdf(String),
}

impl TenderError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            TenderError::InvalidUscc(_) => "tender_uscc_invalid",
            TenderError::UnknownSpecialty { .. } => "tender_unknown_specialty",
            TenderError::BadRole(_) => "tender_bad_role",
            TenderError::DuplicateRole(_) => "tender_duplicate_role",
            TenderError::ValidUntilBeforeBid { .. } => "tender_valid_until_before_bid",
            TenderError::Threads(_) => "tender_threads",
            TenderError::Write { .. } => "report_write_failed",
            TenderError::ReportFormat(_) => "report_format",
            TenderError::Xlsx(_) => "report_xlsx_failed",
            TenderError::Pdf(_) => "report_pdf_failed",
        }
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> Localized {
        let (zh, en) = match self {
            TenderError::InvalidUscc(u) => (
                format!("投标单位统一社会信用代码“{u}”无效（应为18位，校验位正确）"),
                format!("the bidding company's USCC \"{u}\" is not valid (18 characters with a correct check character)"),
            ),
            TenderError::UnknownSpecialty { role, specialty, known } => (
                format!("岗位“{role}”所需注册专业“{specialty}”不是一级建造师注册专业（{known}）"),
                format!(
                    "role \"{role}\" requires \"{specialty}\", which is not one of the first-class constructor specialties; write the specialty's Chinese name as printed on the certificate"
                ),
            ),
            TenderError::BadRole(s) => (
                format!("岗位应写作“岗位名=注册专业”，例如“项目经理=建筑工程”，收到“{s}”"),
                format!(
                    "a role is written NAME=SPECIALTY, with the specialty's Chinese name as printed on the certificate; got \"{s}\""
                ),
            ),
            TenderError::DuplicateRole(r) => (format!("岗位“{r}”重复"), format!("role \"{r}\" is listed twice")),
            TenderError::ValidUntilBeforeBid { bid, until } => (
                format!("使用有效期须覆盖的日期 {until} 早于投标截止日 {bid}"),
                format!("the date the usage periods must cover ({until}) is before the bid date ({bid})"),
            ),
            TenderError::Threads(d) => (format!("无法启动核查线程：{d}"), format!("could not start the worker threads: {d}")),
            TenderError::Write { path, source } => (
                format!("无法写入报告 {}：{source}", path.display()),
                format!("could not write the report {}: {source}", path.display()),
            ),
            TenderError::ReportFormat(p) => (
                format!("报告文件名应以 .csv、.xlsx 或 .pdf 结尾：{}", p.display()),
                format!("a report file name must end in .csv, .xlsx or .pdf: {}", p.display()),
            ),
            TenderError::Xlsx(d) => (format!("无法生成 XLSX 报告：{d}"), format!("could not make the XLSX report: {d}")),
            TenderError::Pdf(d) => (format!("无法生成 PDF 报告：{d}"), format!("could not make the PDF report: {d}")),
        };
        Localized { zh, en }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant; the match has no wildcard, so a new variant does
    /// not compile until it is listed here.
    fn every_error() -> Vec<TenderError> {
        let all = vec![
            TenderError::InvalidUscc("91110000X".into()),
            TenderError::UnknownSpecialty {
                role: "PM".into(),
                specialty: "Roads".into(),
                known: "建筑工程、公路工程".into(),
            },
            TenderError::BadRole("PM".into()),
            TenderError::DuplicateRole("PM".into()),
            TenderError::ValidUntilBeforeBid { bid: "2026-05-01".into(), until: "2026-04-01".into() },
            TenderError::Threads("no memory".into()),
            TenderError::Write { path: "r.csv".into(), source: std::io::Error::other("disk full") },
            TenderError::ReportFormat("r.doc".into()),
            TenderError::Xlsx("sheet".into()),
            TenderError::Pdf("no font".into()),
        ];
        for e in &all {
            match e {
                TenderError::InvalidUscc(_)
                | TenderError::UnknownSpecialty { .. }
                | TenderError::BadRole(_)
                | TenderError::DuplicateRole(_)
                | TenderError::ValidUntilBeforeBid { .. }
                | TenderError::Threads(_)
                | TenderError::Write { .. }
                | TenderError::ReportFormat(_)
                | TenderError::Xlsx(_)
                | TenderError::Pdf(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_error_speaks_both_languages() {
        buildcert_bc1::l10n::check_errors(&every_error(), |e| e.code(), |e| e.localized()).unwrap();
    }
}
