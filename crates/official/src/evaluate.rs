//! The BC1 date rules (§1, §4's cap, §6 steps 6–7, §7) on a confirmed
//! official-format entry, and a verdict that cannot pass for a verified one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use buildcert_bc1::date::{add_days, cst_midnight};
use buildcert_bc1::verify::{check_content, check_policy, check_time, facts};
use buildcert_bc1::{
    Certificate, CheckContext, Code, Facts, Lang, Policy, Reason, Severity, Specialty, Thresholds, Usage,
};

use crate::codes::{describe_other_code, OtherCode};
use crate::entry::ConfirmedEntry;

/// 未验证（官方格式） — the term for these entries everywhere (terms.md).
pub const TERM_ZH: &str = "未验证（官方格式）";
/// Unverified (official format) — the term for these entries everywhere (terms.md).
pub const TERM_EN: &str = "Unverified (official format)";

/// The fixed explanation shown with every official-format entry, Chinese.
pub const EXPLANATION_ZH: &str =
    "未验证（官方格式）：本软件未核验该证书的电子签名/印章。请扫描证书上的二维码，在官方平台在线核验。";
/// The fixed explanation shown with every official-format entry, English.
pub const EXPLANATION_EN: &str = "Unverified (official format): BuildCert has not verified this certificate's electronic signature or seal. Scan its QR code and check it online on the official platform.";

/// The status of an official-format entry. It has one value: such an entry
/// is never verified, whatever its dates say. Serialised as `"unverified"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OfficialStatus {
    /// 未验证 / not verified (terms.md: blue-grey, `i`).
    #[default]
    Unverified,
}

impl OfficialStatus {
    /// The stable string, `"unverified"`.
    pub fn as_str(self) -> &'static str {
        "unverified"
    }
}

/// What the date rules alone say about an official-format entry: `valid`
/// (no rule broken), `warning` (someone must act soon) or `invalid` (it can
/// no longer be used). It is not a verification result: display it with
/// [`DateStatus::words`], which avoids the words of a verified verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DateStatus {
    /// No date rule is broken and none warns.
    Valid,
    /// At least one date warning (usage period ending, renewal window open …).
    Warning,
    /// At least one error (usage period over, past the 65th birthday, no valid specialty …).
    Invalid,
}

impl DateStatus {
    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            DateStatus::Valid => "valid",
            DateStatus::Warning => "warning",
            DateStatus::Invalid => "invalid",
        }
    }

    /// Words for people, Chinese and English, that never say "valid"/有效
    /// on their own (the certificate itself is unverified).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            DateStatus::Valid => ("日期规则：未发现问题", "Date rules: no problem found"),
            DateStatus::Warning => ("日期规则：需注意", "Date rules: attention needed"),
            DateStatus::Invalid => ("日期规则：不符合，不能使用", "Date rules: not met, cannot be used"),
        }
    }
}

/// The result of the date rules on an official-format entry.
///
/// A separate type from `buildcert_bc1::Verdict` on purpose: it has no
/// signer, no `valid` status, and always carries the explanation of what
/// "unverified (official format)" means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficialVerdict {
    /// Always `"unverified"`.
    pub status: OfficialStatus,
    /// What the date rules say.
    pub date_status: DateStatus,
    /// BC1 reasons of the date rules and the §4 cap check (errors first):
    /// `usage_expired`, `usage_expiring`, `not_yet_valid`, `specialty_expired`,
    /// `no_valid_specialty`, `renewal_window_open`, `renewal_upcoming`,
    /// `age_limit_reached`, `age_limit_approaching`, `usage_inconsistent`,
    /// and with a tender policy `employer_mismatch`, `specialty_missing`.
    pub reasons: Vec<Reason>,
    /// Derived dates for alerts, the .ics export and the renewal planner.
    pub facts: Facts,
    /// The check date D.
    pub check_date: NaiveDate,
    /// [`EXPLANATION_ZH`].
    pub explanation_zh: String,
    /// [`EXPLANATION_EN`].
    pub explanation_en: String,
    /// The non-BC1 QR codes of the file (the online query page), described.
    pub query_links: Vec<OtherCode>,
}

impl OfficialVerdict {
    /// Whether a reason with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }

    /// The explanation in one language.
    pub fn explanation(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.explanation_zh,
            Lang::En => &self.explanation_en,
        }
    }

    /// The codes of error- and warning-level reasons, sorted, de-duplicated.
    pub fn error_and_warning_codes(&self) -> Vec<Code> {
        let mut v: Vec<Code> =
            self.reasons.iter().filter(|r| r.severity >= Severity::Warning).map(|r| r.code).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The entry as a BC1 certificate structure, for the shared rule code only:
/// `iat` is 00:00 UTC+08:00 of `use_from` and `exp` is §4's, so the §4
/// consistency rules other than the cap hold by construction. Never leaves
/// this crate: it would look verified.
fn as_certificate(e: &ConfirmedEntry) -> Certificate {
    Certificate {
        iss: String::new(),
        iat: cst_midnight(e.use_from),
        exp: cst_midnight(add_days(e.use_to, 1)),
        lid: String::new(),
        reg: e.reg.trim().to_string(),
        name: e.name.trim().to_string(),
        sex: e.sex,
        dob: e.dob,
        idn: e.idn.clone().unwrap_or_default(),
        emp: e.employer.trim().to_string(),
        uscc: e.uscc.trim().to_string(),
        issued: e.issued,
        spec: e.specialties.iter().map(|s| Specialty { n: s.name.clone(), from: s.from, to: s.to }).collect(),
        usage: Usage { from: e.use_from, to: e.use_to },
    }
}

/// Runs the BC1 date rules on a confirmed entry at check date `at`:
/// §6 steps 6–7 (usage period, age limit, specialties, renewal windows with
/// §7's continuation end) and §4's usage cap as a consistency check
/// (`usage_inconsistent` when the printed usage end is later than the cap).
///
/// The status is always unverified; [`OfficialVerdict::date_status`] says
/// what the dates say. Field-format problems (ID number, USCC, registration
/// number, specialty names) are the entry form's job
/// ([`ConfirmedEntry::validate`], which must pass before an entry is
/// stored) and are not repeated here.
pub fn evaluate(entry: &ConfirmedEntry, at: NaiveDate, thresholds: &Thresholds) -> OfficialVerdict {
    evaluate_with_policy(entry, at, thresholds, None)
}

/// [`evaluate`] plus the tender policy of §6 step 9 (`employer_mismatch`
/// against the bidding company's USCC, `specialty_missing`), for the tender
/// check. The rows stay unverified.
pub fn evaluate_with_policy(
    entry: &ConfirmedEntry,
    at: NaiveDate,
    thresholds: &Thresholds,
    policy: Option<&Policy>,
) -> OfficialVerdict {
    let cert = as_certificate(entry);
    let mut content = Vec::new();
    check_content(&cert, &mut content);
    // Field-format rules are the form's (and BC1's `malformed` wording speaks
    // of QR content); keep only the §4 cap consistency check.
    let mut reasons: Vec<Reason> = content.into_iter().filter(|r| r.code == Code::UsageInconsistent).collect();
    let ctx = CheckContext { date: at, now: cst_midnight(at), thresholds: *thresholds, policy: policy.cloned() };
    check_time(&cert, &ctx, &mut reasons);
    if let Some(p) = policy {
        check_policy(&cert, p, at, &mut reasons);
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
    let date_status = if reasons.iter().any(|r| r.severity == Severity::Error) {
        DateStatus::Invalid
    } else if reasons.iter().any(|r| r.severity == Severity::Warning) {
        DateStatus::Warning
    } else {
        DateStatus::Valid
    };
    OfficialVerdict {
        status: OfficialStatus::Unverified,
        date_status,
        reasons,
        facts: facts(&cert, at, thresholds),
        check_date: at,
        explanation_zh: EXPLANATION_ZH.to_string(),
        explanation_en: EXPLANATION_EN.to_string(),
        query_links: entry.query_urls.iter().map(|u| describe_other_code(u)).collect(),
    }
}
