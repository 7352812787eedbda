//! The tender, its rows and its result: plain serde data, so that the wallet
//! can store a tender and its last result as JSON and reopen them.

use std::path::PathBuf;
use std::str::FromStr;

use buildcert_bc1::date::format_date;
use buildcert_bc1::{Code, Lang, Localized, Reason, Severity};
use buildcert_check::OutcomeStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::TenderError;
use crate::words::TenderCode;

/// A role of the bid (e.g. 项目经理) and the registered specialty it requires (e.g. 建筑工程).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Role {
    /// Role name, e.g. 项目经理.
    pub name: String,
    /// Required registered specialty, one of BC1's ten.
    pub specialty: String,
}

impl FromStr for Role {
    type Err = TenderError;

    /// Parses `NAME=SPECIALTY` (also with a full-width `＝`).
    fn from_str(s: &str) -> Result<Role, TenderError> {
        let (name, spec) =
            s.split_once('=').or_else(|| s.split_once('＝')).ok_or_else(|| TenderError::BadRole(s.into()))?;
        let (name, spec) = (name.trim(), spec.trim());
        if name.is_empty() || spec.is_empty() {
            return Err(TenderError::BadRole(s.into()));
        }
        Ok(Role { name: name.into(), specialty: spec.into() })
    }
}

/// A tender (投标): what is checked and against which policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tender {
    /// A name for the tender, e.g. the project's.
    pub name: String,
    /// The bid date (投标截止日 / 开标日): the check date D.
    pub bid_date: NaiveDate,
    /// Optional date D2 the usage periods must still cover: whoever's ends
    /// before it must download a new copy before D2 (`usage_ends_before`).
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// The bidding company's name (printed on reports; the USCC decides).
    #[serde(default)]
    pub company: Option<String>,
    /// The bidding company's unified social credit code.
    pub uscc: String,
    /// Roles and the specialty each requires, in the order given.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The candidate files and folders as the person chose them.
    #[serde(default)]
    pub inputs: Vec<PathBuf>,
}

impl Tender {
    /// Checks the tender itself: a valid USCC, known and distinct roles, D2 ≥ D.
    pub fn validate(&self) -> Result<(), TenderError> {
        let u = self.uscc.trim();
        if !buildcert_bc1::rules::uscc_valid(u) {
            return Err(TenderError::InvalidUscc(u.into()));
        }
        for (i, r) in self.roles.iter().enumerate() {
            if !buildcert_bc1::rules::specialty_known(&r.specialty) {
                return Err(TenderError::UnknownSpecialty {
                    role: r.name.clone(),
                    specialty: r.specialty.clone(),
                    known: buildcert_bc1::rules::SPECIALTIES.join("、"),
                });
            }
            if self.roles[..i].iter().any(|p| p.name == r.name) {
                return Err(TenderError::DuplicateRole(r.name.clone()));
            }
        }
        if let Some(until) = self.valid_until {
            if until < self.bid_date {
                return Err(TenderError::ValidUntilBeforeBid {
                    bid: format_date(self.bid_date),
                    until: format_date(until),
                });
            }
        }
        Ok(())
    }
}

/// A reason code: BC1's (terms.md) or the tender check's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum ReasonCode {
    /// A BC1 reason (§6, §8, `superseded`).
    Bc1(Code),
    /// A tender-matching reason.
    Tender(TenderCode),
}

impl ReasonCode {
    /// The stable snake_case string.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Bc1(c) => c.as_str(),
            ReasonCode::Tender(c) => c.as_str(),
        }
    }
}

/// One reason on a row, a role or the batch: the shape of every reason the
/// app shows (a stable code, a severity and the message in both languages),
/// like the verdict reasons (`Reason` in the app's IPC types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(from = "StoredRowReason")]
pub struct RowReason {
    /// Stable code.
    pub code: ReasonCode,
    /// Severity.
    pub severity: Severity,
    /// The message with its details, in both languages.
    pub message: Localized,
}

impl RowReason {
    /// A reason from its parts.
    pub fn new(code: ReasonCode, severity: Severity, zh: impl Into<String>, en: impl Into<String>) -> RowReason {
        RowReason { code, severity, message: Localized::new(zh, en) }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// A reason as stored: now `message: {zh, en}`; saved tenders of older
/// versions hold `zh` and `en` beside the code, and still open.
#[derive(Deserialize)]
struct StoredRowReason {
    code: ReasonCode,
    severity: Severity,
    #[serde(default)]
    message: Option<Localized>,
    #[serde(default)]
    zh: Option<String>,
    #[serde(default)]
    en: Option<String>,
}

impl From<StoredRowReason> for RowReason {
    fn from(r: StoredRowReason) -> Self {
        let message = r.message.unwrap_or_else(|| Localized::new(r.zh.unwrap_or_default(), r.en.unwrap_or_default()));
        RowReason { code: r.code, severity: r.severity, message }
    }
}

impl From<Reason> for RowReason {
    fn from(r: Reason) -> Self {
        RowReason::new(ReasonCode::Bc1(r.code), r.severity, r.zh, r.en)
    }
}

impl From<&Reason> for RowReason {
    fn from(r: &Reason) -> Self {
        r.clone().into()
    }
}

/// One registered specialty on a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecialtyCell {
    /// Specialty name.
    pub name: String,
    /// First day of validity.
    pub from: NaiveDate,
    /// Last day of validity.
    pub to: NaiveDate,
    /// Valid at D (`from ≤ D ≤ to`).
    pub valid_at_bid: bool,
}

/// One certificate (or one unreadable file) of the batch.
///
/// A file normally gives one row; a file with several certificates gives one
/// row per certificate (`position` 0, 1, …). Person fields are filled only
/// when the signature verified (or, for `unverified` rows from the official
/// format, by whoever built the row) — never from an unverified payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Row {
    /// 1-based number in the report, in file order.
    pub no: usize,
    /// The file, as given or found in a folder.
    pub file: String,
    /// Index of the certificate within the file (0 = first).
    pub position: usize,
    /// valid / warning / invalid / error / unverified, after the batch rules.
    pub status: OutcomeStatus,
    /// 姓名.
    #[serde(default)]
    pub name: Option<String>,
    /// 注册编号.
    #[serde(default)]
    pub registration: Option<String>,
    /// 公民身份号码, masked (**************123X).
    #[serde(default)]
    pub id_masked: Option<String>,
    /// 聘用企业.
    #[serde(default)]
    pub employer: Option<String>,
    /// The employer's USCC.
    #[serde(default)]
    pub employer_uscc: Option<String>,
    /// Whether the employer's USCC is the bidding company's.
    #[serde(default)]
    pub employer_match: Option<bool>,
    /// Registered specialties with their validity.
    #[serde(default)]
    pub specialties: Vec<SpecialtyCell>,
    /// First day of the usage period.
    #[serde(default)]
    pub usage_from: Option<NaiveDate>,
    /// Last day of the usage period.
    #[serde(default)]
    pub usage_to: Option<NaiveDate>,
    /// Download instant (CWT iat), epoch seconds: orders copies of one person.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub downloaded: Option<i64>,
    /// E-licence identifier (证照标识).
    #[serde(default)]
    pub lid: Option<String>,
    /// The role this person is matched to.
    #[serde(default)]
    pub role: Option<String>,
    /// Every role whose specialty this certificate covers (valid at D, current copy).
    #[serde(default)]
    pub qualifies: Vec<String>,
    /// Whether this row counts for the person (false: superseded, unreadable, unverified, …).
    #[serde(default)]
    pub counted: bool,
    /// `no` of the newer copy that counts instead of this one.
    #[serde(default)]
    pub superseded_by: Option<usize>,
    /// Reasons, errors first, in plain words.
    #[serde(default)]
    pub reasons: Vec<RowReason>,
    /// Non-BC1 QR texts found (shown as they are, never followed).
    #[serde(default)]
    pub other_codes: Vec<String>,
    /// The verdict of the certificate alone, before batch rules (for re-checks).
    #[serde(default = "default_status")]
    pub certificate_status: OutcomeStatus,
    /// §8 reasons of a PDF (`pdf_payload_mismatch`, `qr_unreadable`), kept for re-checks.
    #[serde(default)]
    pub document_reasons: Vec<RowReason>,
    /// The BC1 QR text verified, kept so that a saved tender can be re-checked
    /// without its files. It encodes the full ID number: never print it in a report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_text: Option<String>,
    /// For a 未验证（官方格式） / unverified (official format) row: the fields
    /// read off the PDF (ID number masked), so that a saved tender can be
    /// re-checked at another date. `None` for every other row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official: Option<buildcert_official::ConfirmedEntry>,
    /// The certificate verified under a trust list that rests on a demo
    /// root (演示): the row is for trying the program only.
    #[serde(default)]
    pub demo: bool,
    /// A hash of the full ID number, in memory only, to match copies of one person.
    #[serde(skip)]
    pub(crate) id_key: Option<u64>,
}

/// An in-memory key for a resident ID number (never stored or shown).
pub(crate) fn id_key(idn: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    idn.trim().to_ascii_uppercase().hash(&mut h);
    h.finish()
}

fn default_status() -> OutcomeStatus {
    OutcomeStatus::Error
}

impl Row {
    /// An empty row for a file (status `error` until filled).
    pub fn new(file: impl Into<String>, position: usize) -> Row {
        Row {
            no: 0,
            file: file.into(),
            position,
            status: OutcomeStatus::Error,
            name: None,
            registration: None,
            id_masked: None,
            employer: None,
            employer_uscc: None,
            employer_match: None,
            specialties: vec![],
            usage_from: None,
            usage_to: None,
            downloaded: None,
            lid: None,
            role: None,
            qualifies: vec![],
            counted: false,
            superseded_by: None,
            reasons: vec![],
            other_codes: vec![],
            certificate_status: OutcomeStatus::Error,
            document_reasons: vec![],
            qr_text: None,
            official: None,
            demo: false,
            id_key: None,
        }
    }

    /// Whether this row is an official-format certificate (未验证（官方格式）)
    /// whose fields were read.
    pub fn is_official(&self) -> bool {
        self.official.is_some()
    }

    /// An official-format row with no error under the date and employer
    /// rules: it may be matched to a role, but the role then counts as
    /// covered only by an unverified certificate (the tender does not pass on it).
    pub fn is_usable_unverified(&self) -> bool {
        self.is_official() && !self.reasons.iter().any(|r| r.severity == Severity::Error)
    }

    /// May fill a role: [`Row::is_usable`] or [`Row::is_usable_unverified`].
    pub fn can_fill_role(&self) -> bool {
        self.is_usable() || self.is_usable_unverified()
    }

    /// A row whose person could be identified (a verified certificate).
    pub fn has_person(&self) -> bool {
        self.registration.is_some()
            && matches!(self.status, OutcomeStatus::Valid | OutcomeStatus::Warning | OutcomeStatus::Invalid)
    }

    /// Usable at D: valid or valid with warnings.
    pub fn is_usable(&self) -> bool {
        matches!(self.status, OutcomeStatus::Valid | OutcomeStatus::Warning)
    }

    /// Specialties as one line: `建筑工程（至 2028-12-31）、机电工程（已过期 2025-01-01）`.
    pub fn specialties_text(&self, lang: Lang) -> String {
        let sep = if lang == Lang::Zh { "、" } else { "; " };
        self.specialties
            .iter()
            .map(|s| match (lang, s.valid_at_bid) {
                (Lang::Zh, true) => format!("{}（至 {}）", s.name, format_date(s.to)),
                (Lang::Zh, false) => {
                    format!("{}（{} 至 {}，投标日无效）", s.name, format_date(s.from), format_date(s.to))
                }
                (Lang::En, true) => format!("{} (to {})", s.name, format_date(s.to)),
                (Lang::En, false) => {
                    format!("{} ({} to {}, not valid at the bid date)", s.name, format_date(s.from), format_date(s.to))
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Recomputes `status` from `certificate_status` and the reasons: error
    /// and unverified stay; any error reason → invalid; any warning → warning.
    pub fn recompute_status(&mut self) {
        self.reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
        if matches!(self.certificate_status, OutcomeStatus::Error | OutcomeStatus::Unverified) {
            self.status = self.certificate_status;
            return;
        }
        self.status = if self.reasons.iter().any(|r| r.severity == Severity::Error) {
            OutcomeStatus::Invalid
        } else if self.reasons.iter().any(|r| r.severity == Severity::Warning) {
            OutcomeStatus::Warning
        } else {
            OutcomeStatus::Valid
        };
    }
}

/// Whether one role is covered, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoleResult {
    /// Role name.
    pub name: String,
    /// Required specialty.
    pub specialty: String,
    /// Covered by a current, valid (or valid-with-warnings) certificate.
    pub covered: bool,
    /// The row matched to the role is 未验证（官方格式）: the role is named
    /// (row, person) but not covered, and the tender does not pass on it.
    #[serde(default)]
    pub unverified_only: bool,
    /// `no` of the covering row.
    pub row: Option<usize>,
    /// The covering person's name.
    pub person: Option<String>,
    /// The covering person's registration number.
    pub registration: Option<String>,
    /// valid / warning of the covering row; unverified when `unverified_only`; invalid when uncovered.
    pub status: OutcomeStatus,
    /// Why it is not covered, or what to watch.
    pub reasons: Vec<RowReason>,
}

/// A finding about the batch as a whole (files, duplicates, roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchIssue {
    /// The reason.
    pub reason: RowReason,
    /// `no` of the rows concerned.
    pub rows: Vec<usize>,
}

/// How many rows have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    /// Files checked.
    pub files: usize,
    /// Rows.
    pub rows: usize,
    /// 有效.
    pub valid: usize,
    /// 有效（需注意）.
    pub warning: usize,
    /// 无效.
    pub invalid: usize,
    /// 无法读取.
    pub error: usize,
    /// 未验证.
    pub unverified: usize,
}

/// The result of a tender check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenderResult {
    /// The tender checked.
    pub tender: Tender,
    /// One row per certificate or unreadable file, in file order.
    pub rows: Vec<Row>,
    /// One result per role, in the tender's order.
    pub roles: Vec<RoleResult>,
    /// Findings about the batch.
    pub issues: Vec<BatchIssue>,
    /// Every role covered (with no roles: at least one certificate and every
    /// row valid or valid with warnings), and not cancelled.
    pub passed: bool,
    /// When the check ran, epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checked_at: i64,
    /// Trust list `seq`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trust_seq: u64,
    /// Trust list `issued`, epoch seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trust_issued: i64,
    /// The app version that checked.
    pub app_version: String,
    /// Whether the run was cancelled (rows then cover only the files read).
    pub cancelled: bool,
    /// Rows per status.
    pub counts: Counts,
    /// Checked under a trust list that rests on a demo root (演示): the
    /// result is for trying the program only and proves nothing about real
    /// certificates; every report of it says so.
    #[serde(default)]
    pub demo: bool,
}

/// Progress of a run, reported after each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Files done so far.
    pub done: usize,
    /// Files in the run.
    pub total: usize,
    /// The file just finished.
    pub file: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_parses_both_equals_signs() {
        let r: Role = "项目经理=建筑工程".parse().unwrap();
        assert_eq!((r.name.as_str(), r.specialty.as_str()), ("项目经理", "建筑工程"));
        let r: Role = " 技术负责人 ＝ 机电工程 ".parse().unwrap();
        assert_eq!((r.name.as_str(), r.specialty.as_str()), ("技术负责人", "机电工程"));
        assert!("项目经理".parse::<Role>().is_err());
        assert!("=建筑工程".parse::<Role>().is_err());
    }

    #[test]
    fn tender_validation() {
        let mut t = Tender {
            name: "t".into(),
            bid_date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            valid_until: None,
            company: None,
            uscc: buildcert_bc1::testkit::uscc("91110000100000000"),
            roles: vec!["项目经理=建筑工程".parse().unwrap()],
            inputs: vec![],
        };
        assert!(t.validate().is_ok());
        t.roles.push("项目经理=机电工程".parse().unwrap());
        assert!(matches!(t.validate(), Err(TenderError::DuplicateRole(_))));
        t.roles.pop();
        t.roles.push("技术负责人=土木工程".parse().unwrap());
        assert!(matches!(t.validate(), Err(TenderError::UnknownSpecialty { .. })));
        t.roles.pop();
        t.uscc = "9111000010000000".into();
        assert!(matches!(t.validate(), Err(TenderError::InvalidUscc(_))));
        t.uscc = buildcert_bc1::testkit::uscc("91110000100000000");
        t.valid_until = NaiveDate::from_ymd_opt(2026, 9, 1);
        assert!(matches!(t.validate(), Err(TenderError::ValidUntilBeforeBid { .. })));
    }

    #[test]
    fn a_reason_is_code_severity_and_message_and_older_saved_ones_still_read() {
        let r = RowReason::new(
            ReasonCode::Tender(TenderCode::RoleUncovered),
            Severity::Error,
            "岗位无人符合",
            "Role not covered",
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "role_uncovered", "severity": "error", "message": {"zh": "岗位无人符合", "en": "Role not covered"}})
        );
        assert_eq!(serde_json::from_value::<RowReason>(json).unwrap(), r);
        // What versions before the one reason shape stored in saved tenders.
        let old = r#"{"code":"role_uncovered","severity":"error","zh":"岗位无人符合","en":"Role not covered"}"#;
        assert_eq!(serde_json::from_str::<RowReason>(old).unwrap(), r);
        assert_eq!(r.message(Lang::En), "Role not covered");
    }
}
