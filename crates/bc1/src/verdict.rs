//! Verdicts, reasons and their stable codes (BC1 §6).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::cert::Certificate;

/// A stable reason code. The string form (snake_case) is what BC1 §6 and
/// `terms.md` name; it never changes between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Code {
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    SignatureInvalid,
    KeyRevoked,
    KeyNotValidAtIssuance,
    IssuerMismatch,
    IdNumberInvalid,
    IdMismatch,
    UsccInvalid,
    RegistrationNumberInvalid,
    UsageInconsistent,
    Revoked,
    RegistrationCancelled,
    NotYetValid,
    UsageExpired,
    AgeLimitReached,
    NoValidSpecialty,
    SpecialtyExpired,
    UsageExpiring,
    RenewalWindowOpen,
    RenewalUpcoming,
    AgeLimitApproaching,
    TrustListStale,
    ClockSuspect,
    EmployerMismatch,
    SpecialtyMissing,
    PdfPayloadMismatch,
    QrUnreadable,
    Superseded,
}

impl Code {
    /// Every code, in the order of BC1 §6 (then §8 and the wallet's `superseded`).
    pub const ALL: [Code; 30] = [
        Code::Malformed,
        Code::UnsupportedAlgorithm,
        Code::UnknownKey,
        Code::SignatureInvalid,
        Code::KeyRevoked,
        Code::KeyNotValidAtIssuance,
        Code::IssuerMismatch,
        Code::IdNumberInvalid,
        Code::IdMismatch,
        Code::UsccInvalid,
        Code::RegistrationNumberInvalid,
        Code::UsageInconsistent,
        Code::Revoked,
        Code::RegistrationCancelled,
        Code::NotYetValid,
        Code::UsageExpired,
        Code::AgeLimitReached,
        Code::NoValidSpecialty,
        Code::SpecialtyExpired,
        Code::UsageExpiring,
        Code::RenewalWindowOpen,
        Code::RenewalUpcoming,
        Code::AgeLimitApproaching,
        Code::TrustListStale,
        Code::ClockSuspect,
        Code::EmployerMismatch,
        Code::SpecialtyMissing,
        Code::PdfPayloadMismatch,
        Code::QrUnreadable,
        Code::Superseded,
    ];

    /// The stable snake_case string of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Malformed => "malformed",
            Code::UnsupportedAlgorithm => "unsupported_algorithm",
            Code::UnknownKey => "unknown_key",
            Code::SignatureInvalid => "signature_invalid",
            Code::KeyRevoked => "key_revoked",
            Code::KeyNotValidAtIssuance => "key_not_valid_at_issuance",
            Code::IssuerMismatch => "issuer_mismatch",
            Code::IdNumberInvalid => "id_number_invalid",
            Code::IdMismatch => "id_mismatch",
            Code::UsccInvalid => "uscc_invalid",
            Code::RegistrationNumberInvalid => "registration_number_invalid",
            Code::UsageInconsistent => "usage_inconsistent",
            Code::Revoked => "revoked",
            Code::RegistrationCancelled => "registration_cancelled",
            Code::NotYetValid => "not_yet_valid",
            Code::UsageExpired => "usage_expired",
            Code::AgeLimitReached => "age_limit_reached",
            Code::NoValidSpecialty => "no_valid_specialty",
            Code::SpecialtyExpired => "specialty_expired",
            Code::UsageExpiring => "usage_expiring",
            Code::RenewalWindowOpen => "renewal_window_open",
            Code::RenewalUpcoming => "renewal_upcoming",
            Code::AgeLimitApproaching => "age_limit_approaching",
            Code::TrustListStale => "trust_list_stale",
            Code::ClockSuspect => "clock_suspect",
            Code::EmployerMismatch => "employer_mismatch",
            Code::SpecialtyMissing => "specialty_missing",
            Code::PdfPayloadMismatch => "pdf_payload_mismatch",
            Code::QrUnreadable => "qr_unreadable",
            Code::Superseded => "superseded",
        }
    }

    /// The severity BC1 gives this code.
    pub fn severity(self) -> Severity {
        match self {
            Code::SpecialtyExpired
            | Code::UsageExpiring
            | Code::RenewalWindowOpen
            | Code::TrustListStale
            | Code::ClockSuspect
            | Code::QrUnreadable
            | Code::Superseded => Severity::Warning,
            Code::RenewalUpcoming | Code::AgeLimitApproaching => Severity::Info,
            _ => Severity::Error,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a reason weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information only.
    Info,
    /// The certificate is usable, but someone must act.
    Warning,
    /// The certificate is not valid.
    Error,
}

/// The overall verdict of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 有效 — no error, no warning.
    Valid,
    /// 有效（需注意） — no error, at least one warning.
    Warning,
    /// 无效 — at least one error.
    Invalid,
}

impl Status {
    /// The stable string of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Warning => "warning",
            Status::Invalid => "invalid",
        }
    }
}

/// One reason in a verdict, with its message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    /// Stable code.
    pub code: Code,
    /// Severity of the code.
    pub severity: Severity,
    /// Message in Chinese: what it means and what to do.
    pub zh: String,
    /// Message in English: what it means and what to do.
    pub en: String,
}

impl Reason {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A language people read messages in (defined in `buildcert-l10n`).
pub use buildcert_l10n::Lang;

/// The state of one registered specialty at the check date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SpecialtyState {
    /// The validity has not started (D < from).
    NotYetValid,
    /// Valid, more than 90 days left.
    Valid,
    /// Valid, 31–90 days left: complete continuing education.
    RenewalUpcoming,
    /// Valid, 0–30 days left: apply for continuation registration now.
    RenewalWindow,
    /// Ended (D > to).
    Expired,
}

/// A specialty and its state at the check date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecialtyStatus {
    /// The specialty (注册专业).
    pub name: String,
    /// First day of validity.
    pub from: NaiveDate,
    /// Last day of validity.
    pub to: NaiveDate,
    /// State at the check date.
    pub state: SpecialtyState,
    /// `to − D` in days (negative once ended).
    pub days_left: i64,
    /// The last day to apply for continuation registration (= `to`), and the
    /// first day of the 30-day window (`to − 30`).
    pub renewal_window_from: NaiveDate,
}

/// Which term of the §4 cap ends the usage period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UsageEndCause {
    /// 180 days counting the download day.
    Days180,
    /// The end of the registered specialties' validity.
    SpecialtyEnd,
    /// The 65th birthday.
    Birthday65,
    /// `use.to` is earlier than every cap term (the issuer chose a shorter period).
    Earlier,
    /// `use.to` exceeds the cap (`usage_inconsistent`).
    ExceedsCap,
}

/// Information about the trusted key that signed a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignerInfo {
    /// kid, hex.
    pub kid: String,
    /// Issuing authority of the key.
    pub iss: String,
    /// Seal name shown to users.
    pub seal: String,
}

/// The result of verifying one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    /// valid / warning / invalid.
    pub status: Status,
    /// Every reason found, errors first.
    pub reasons: Vec<Reason>,
    /// The certificate — only when its signature verified under a trusted key.
    pub certificate: Option<Certificate>,
    /// The key that signed it, when the signature verified.
    pub signer: Option<SignerInfo>,
    /// Derived facts for display, when the certificate could be read.
    pub facts: Option<Facts>,
    /// The check date D.
    pub check_date: NaiveDate,
    /// The signature verified under a trust list that rests on a demo root
    /// (演示): this verdict is for trying the program only and is never
    /// evidence about a real certificate.
    #[serde(default)]
    pub demo: bool,
}

/// Dates derived from a certificate for display and alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Facts {
    /// `use.to − D` in days (negative once over).
    pub usage_days_left: i64,
    /// Why the usage period ends on `use.to`.
    pub usage_end_cause: UsageEndCause,
    /// The §4 cap.
    pub usage_cap: NaiveDate,
    /// The 65th birthday.
    pub birthday65: NaiveDate,
    /// Each specialty's state at D.
    pub specialties: Vec<SpecialtyStatus>,
}

impl Verdict {
    /// Builds a verdict from reasons: any error → invalid, else any warning →
    /// warning, else valid. Reasons are sorted errors first (stable otherwise).
    pub fn from_reasons(
        mut reasons: Vec<Reason>,
        certificate: Option<Certificate>,
        signer: Option<SignerInfo>,
        facts: Option<Facts>,
        check_date: NaiveDate,
    ) -> Verdict {
        reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
        let status = status_of(&reasons);
        Verdict { status, reasons, certificate, signer, facts, check_date, demo: false }
    }

    /// Whether a reason with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }

    /// The codes of error- and warning-level reasons (what the public
    /// vectors list), sorted and de-duplicated.
    pub fn error_and_warning_codes(&self) -> Vec<Code> {
        let mut v: Vec<Code> =
            self.reasons.iter().filter(|r| r.severity >= Severity::Warning).map(|r| r.code).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Adds reasons (e.g. §8's PDF rules or the wallet's `superseded`) and
    /// recomputes the status.
    pub fn add_reasons(&mut self, extra: impl IntoIterator<Item = Reason>) {
        self.reasons.extend(extra);
        self.reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
        self.status = status_of(&self.reasons);
    }
}

fn status_of(reasons: &[Reason]) -> Status {
    if reasons.iter().any(|r| r.severity == Severity::Error) {
        Status::Invalid
    } else if reasons.iter().any(|r| r.severity == Severity::Warning) {
        Status::Warning
    } else {
        Status::Valid
    }
}
