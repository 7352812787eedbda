//! The crate's one error type. Messages are in Chinese and English and say
//! what to do.

use std::path::PathBuf;

/// Why a tender could not be checked or a report not written. A single bad
/// candidate file is never an error: it becomes an `error` row.
#[derive(Debug, thiserror::Error)]
pub enum TenderError {
    /// The bidding company's USCC is not a valid unified social credit code.
    #[error("投标单位统一社会信用代码“{0}”无效（应为18位，校验位正确）/ the bidding company's USCC \"{0}\" is not valid (18 characters with a correct check character)")]
    InvalidUscc(String),
    /// A role names a specialty that BC1 does not know.
    #[error("岗位“{role}”所需注册专业“{specialty}”不是一级建造师注册专业（{known}）/ role \"{role}\" requires \"{specialty}\", which is not a first-class constructor specialty ({known})")]
    UnknownSpecialty {
        /// Role name.
        role: String,
        /// The specialty given.
        specialty: String,
        /// The known specialties, joined.
        known: String,
    },
    /// A role given as something other than `NAME=SPECIALTY`.
    #[error("岗位应写作“岗位名=注册专业”，例如“项目经理=建筑工程”，收到“{0}”/ a role is written NAME=SPECIALTY, e.g. 项目经理=建筑工程; got \"{0}\"")]
    BadRole(String),
    /// Two roles with the same name.
    #[error("岗位“{0}”重复 / role \"{0}\" is listed twice")]
    DuplicateRole(String),
    /// D2 is before the bid date.
    #[error("使用有效期须覆盖的日期 {until} 早于投标截止日 {bid} / the date the usage periods must cover ({until}) is before the bid date ({bid})")]
    ValidUntilBeforeBid {
        /// The bid date.
        bid: String,
        /// The `valid_until` date.
        until: String,
    },
    /// The worker thread pool could not be started.
    #[error("无法启动核查线程：{0} / could not start the worker threads: {0}")]
    Threads(String),
    /// A report file could not be written.
    #[error("无法写入报告 {path}：{source} / could not write the report {path}: {source}")]
    Write {
        /// The report path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The report's file name does not end in .csv, .xlsx or .pdf.
    #[error("报告文件名应以 .csv、.xlsx 或 .pdf 结尾：{0} / a report file name must end in .csv, .xlsx or .pdf: {0}")]
    ReportFormat(PathBuf),
    /// The XLSX writer failed.
    #[error("无法生成 XLSX 报告：{0} / could not make the XLSX report: {0}")]
    Xlsx(String),
    /// The PDF writer failed (e.g. no Chinese font).
    #[error("无法生成 PDF 报告：{0} / could not make the PDF report: {0}")]
    Pdf(String),
}
