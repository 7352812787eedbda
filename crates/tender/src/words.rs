//! The tender check's own reason codes (batch matching), with their words in
//! Chinese and English. Certificate reasons keep BC1's codes (terms.md).

use buildcert_bc1::Severity;
use serde::{Deserialize, Serialize};

use crate::model::{ReasonCode, RowReason};

/// Reasons that come from matching the batch, not from one certificate.
/// The string form (snake_case) is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TenderCode {
    /// 未找到二维码 — a file with no QR code and no `bc1.txt` (error).
    NoCode,
    /// 文件无法读取 — a file that could not be opened or decoded (error).
    FileUnreadable,
    /// 文件含多张证书 — one file holds several different certificates (warning).
    SeveralCertificates,
    /// 未验证（官方格式）— a QR code that is not BC1: not signature-verified, never counted (warning).
    UnverifiedFormat,
    /// 使用有效期早于要求日期 — use.to < D2: a new copy must be downloaded before D2 (warning).
    UsageEndsBefore,
    /// 同一人拟任两个岗位 — the only fitting person for a role already holds another (warning on the person, error on the role).
    PersonInTwoRoles,
    /// 岗位无人符合 — no current, valid certificate covers the role (error).
    RoleUncovered,
    /// 未安排岗位 — meets a role, which another person already covers (info).
    NotAssigned,
    /// 核查已取消 — the check was cancelled before every file was read (error).
    Cancelled,
    /// 已跳过的文件 — files in a folder that are not PDF, image or text (info).
    FilesSkipped,
    /// 官方格式证书信息不完整 — an official-format PDF whose printed fields could
    /// not all be read, or break a field rule: the date rules cannot run (error).
    OfficialIncomplete,
    /// 聘用企业未确认 — an official-format certificate without a printed USCC,
    /// and no company name to compare its employer with (warning).
    EmployerNotConfirmed,
    /// 仅由未验证证书担任 — the only certificate matched to the role is
    /// 未验证（官方格式）: the role does not count as covered (error on the role).
    CoveredByUnverified,
}

impl TenderCode {
    /// Every code, in declaration order.
    pub const ALL: [TenderCode; 13] = [
        TenderCode::NoCode,
        TenderCode::FileUnreadable,
        TenderCode::SeveralCertificates,
        TenderCode::UnverifiedFormat,
        TenderCode::UsageEndsBefore,
        TenderCode::PersonInTwoRoles,
        TenderCode::RoleUncovered,
        TenderCode::NotAssigned,
        TenderCode::Cancelled,
        TenderCode::FilesSkipped,
        TenderCode::OfficialIncomplete,
        TenderCode::EmployerNotConfirmed,
        TenderCode::CoveredByUnverified,
    ];

    /// The short name in both languages, as a person reads it on its own
    /// (the English with a capital letter): the UI's reason texts.
    pub fn short(self) -> buildcert_bc1::Localized {
        buildcert_bc1::Localized::new(self.short_zh(), capitalise(self.short_en()))
    }

    /// The stable snake_case string.
    pub fn as_str(self) -> &'static str {
        match self {
            TenderCode::NoCode => "no_code",
            TenderCode::FileUnreadable => "file_unreadable",
            TenderCode::SeveralCertificates => "several_certificates",
            TenderCode::UnverifiedFormat => "unverified_format",
            TenderCode::UsageEndsBefore => "usage_ends_before",
            TenderCode::PersonInTwoRoles => "person_in_two_roles",
            TenderCode::RoleUncovered => "role_uncovered",
            TenderCode::NotAssigned => "not_assigned",
            TenderCode::Cancelled => "cancelled",
            TenderCode::FilesSkipped => "files_skipped",
            TenderCode::OfficialIncomplete => "official_incomplete",
            TenderCode::EmployerNotConfirmed => "employer_not_confirmed",
            TenderCode::CoveredByUnverified => "covered_by_unverified",
        }
    }

    /// Severity of the code.
    pub fn severity(self) -> Severity {
        match self {
            TenderCode::NoCode
            | TenderCode::FileUnreadable
            | TenderCode::RoleUncovered
            | TenderCode::Cancelled
            | TenderCode::OfficialIncomplete
            | TenderCode::CoveredByUnverified => Severity::Error,
            TenderCode::SeveralCertificates
            | TenderCode::UnverifiedFormat
            | TenderCode::UsageEndsBefore
            | TenderCode::PersonInTwoRoles
            | TenderCode::EmployerNotConfirmed => Severity::Warning,
            TenderCode::NotAssigned | TenderCode::FilesSkipped => Severity::Info,
        }
    }

    /// Short Chinese name.
    pub fn short_zh(self) -> &'static str {
        match self {
            TenderCode::NoCode => "未找到二维码",
            TenderCode::FileUnreadable => "文件无法读取",
            TenderCode::SeveralCertificates => "文件含多张证书",
            TenderCode::UnverifiedFormat => "未验证（官方格式）",
            TenderCode::UsageEndsBefore => "使用有效期早于要求日期",
            TenderCode::PersonInTwoRoles => "同一人拟任两个岗位",
            TenderCode::RoleUncovered => "岗位无人符合",
            TenderCode::NotAssigned => "未安排岗位",
            TenderCode::Cancelled => "核查已取消",
            TenderCode::FilesSkipped => "已跳过的文件",
            TenderCode::OfficialIncomplete => "官方格式证书信息不完整",
            TenderCode::EmployerNotConfirmed => "聘用企业未确认",
            TenderCode::CoveredByUnverified => "仅由未验证证书担任",
        }
    }

    /// Short English name.
    pub fn short_en(self) -> &'static str {
        match self {
            TenderCode::NoCode => "no QR code found",
            TenderCode::FileUnreadable => "file could not be read",
            TenderCode::SeveralCertificates => "file holds several certificates",
            TenderCode::UnverifiedFormat => "unverified (official format)",
            TenderCode::UsageEndsBefore => "usage period ends before the required date",
            TenderCode::PersonInTwoRoles => "one person proposed for two roles",
            TenderCode::RoleUncovered => "role not covered",
            TenderCode::NotAssigned => "no role assigned",
            TenderCode::Cancelled => "check cancelled",
            TenderCode::FilesSkipped => "files skipped",
            TenderCode::OfficialIncomplete => "official-format fields incomplete",
            TenderCode::EmployerNotConfirmed => "employer not confirmed",
            TenderCode::CoveredByUnverified => "covered only by an unverified certificate",
        }
    }
}

/// A reason with a tender code: the short name, then the detail.
pub(crate) fn note(code: TenderCode, zh_detail: impl AsRef<str>, en_detail: impl AsRef<str>) -> RowReason {
    let (zd, ed) = (zh_detail.as_ref(), en_detail.as_ref());
    let zh = if zd.is_empty() { code.short_zh().to_string() } else { format!("{}：{}", code.short_zh(), zd) };
    let en =
        if ed.is_empty() { capitalise(code.short_en()) } else { format!("{}: {}", capitalise(code.short_en()), ed) };
    RowReason::new(ReasonCode::Tender(code), code.severity(), zh, en)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Picks the string for a language (the report writers').
#[cfg(feature = "reports")]
pub(crate) fn pick<'a>(lang: buildcert_bc1::Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        buildcert_bc1::Lang::Zh => zh,
        buildcert_bc1::Lang::En => en,
    }
}

/// The words for a status (terms.md): (中文, English, symbol), for the reports.
#[cfg(feature = "reports")]
pub(crate) fn status_words(s: buildcert_check::OutcomeStatus) -> (&'static str, &'static str, &'static str) {
    buildcert_bc1::messages::status_words(s.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each code stands in [`TenderCode::ALL`] (which terms.ts takes
    /// the UI's words from). A `match` without a wildcard: a code added to
    /// the enum does not compile here until it is given its place, and the
    /// test below fails until `ALL` holds it there.
    fn position(c: TenderCode) -> usize {
        match c {
            TenderCode::NoCode => 0,
            TenderCode::FileUnreadable => 1,
            TenderCode::SeveralCertificates => 2,
            TenderCode::UnverifiedFormat => 3,
            TenderCode::UsageEndsBefore => 4,
            TenderCode::PersonInTwoRoles => 5,
            TenderCode::RoleUncovered => 6,
            TenderCode::NotAssigned => 7,
            TenderCode::Cancelled => 8,
            TenderCode::FilesSkipped => 9,
            TenderCode::OfficialIncomplete => 10,
            TenderCode::EmployerNotConfirmed => 11,
            TenderCode::CoveredByUnverified => 12,
        }
    }

    #[test]
    fn codes_round_trip_and_never_clash_with_bc1() {
        for (i, c) in TenderCode::ALL.into_iter().enumerate() {
            assert_eq!(position(c), i, "TenderCode::ALL lists every code once, in declaration order: {c:?}");
        }
        for c in TenderCode::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert!(buildcert_bc1::Code::ALL.iter().all(|b| b.as_str() != c.as_str()));
            let rc: ReasonCode = serde_json::from_str(&json).unwrap();
            assert_eq!(rc, ReasonCode::Tender(c));
            assert!(!c.short_zh().is_empty() && !c.short_en().is_empty());
        }
        let rc: ReasonCode = serde_json::from_str("\"superseded\"").unwrap();
        assert_eq!(rc, ReasonCode::Bc1(buildcert_bc1::Code::Superseded));
    }
}
