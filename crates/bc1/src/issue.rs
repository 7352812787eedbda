//! Issuing: building a certificate that obeys §4 and encoding it as QR text.

use buildcert_l10n::Localized;
use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::cert::{Certificate, Sex, Specialty, Usage};
use crate::codec::{cbor_encode, sign_cose_sign1, to_qr_text};
use crate::date::{add_days, cst_date_of, cst_midnight};
use crate::error::{Error, Result};
use crate::rules::usage_cap;
use crate::verify::check_content;

/// What an issuer knows about a holder and a download. `use_from` defaults to
/// the UTC+08:00 date of `iat`, `use_to` to the §4 cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueRequest {
    /// Issuing authority.
    pub iss: String,
    /// Download instant, epoch seconds.
    pub iat: i64,
    /// E-licence identifier.
    pub lid: String,
    /// Registration number.
    pub reg: String,
    /// Holder name.
    pub name: String,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    pub dob: NaiveDate,
    /// Resident ID number.
    pub idn: String,
    /// Employer.
    pub emp: String,
    /// Employer USCC.
    pub uscc: String,
    /// Date of issue.
    pub issued: NaiveDate,
    /// Specialties and validity.
    pub spec: Vec<Specialty>,
    /// First day of use (default: the download day).
    #[serde(default)]
    pub use_from: Option<NaiveDate>,
    /// Last day of use (default: the §4 cap).
    #[serde(default)]
    pub use_to: Option<NaiveDate>,
}

/// Builds the certificate for a request, computing the usage period and
/// `exp` by §4, and refuses any input that breaks a §4 rule (bad ID check
/// digit, unknown specialty, usage beyond the cap, …) with [`Error::Issue`].
pub fn build_certificate(req: &IssueRequest) -> Result<Certificate> {
    let download_day = cst_date_of(req.iat).ok_or_else(|| {
        Error::Issue(Localized::new(
            format!("签发时间 iat {} 超出可表示的范围", req.iat),
            format!("iat {} is not a representable instant", req.iat),
        ))
    })?;
    let from = req.use_from.unwrap_or(download_day);
    let to = req.use_to.unwrap_or_else(|| usage_cap(from, req.spec.iter().map(|s| s.to), req.dob));
    let cert = Certificate {
        iss: req.iss.clone(),
        iat: req.iat,
        exp: cst_midnight(add_days(to, 1)),
        lid: req.lid.clone(),
        reg: req.reg.clone(),
        name: req.name.clone(),
        sex: req.sex,
        dob: req.dob,
        idn: req.idn.clone(),
        emp: req.emp.clone(),
        uscc: req.uscc.clone(),
        issued: req.issued,
        spec: req.spec.clone(),
        usage: Usage { from, to },
    };
    if cert.spec.is_empty() {
        return Err(Error::Issue(Localized::new("至少需要一个注册专业", "at least one specialty is required")));
    }
    let mut problems = Vec::new();
    check_content(&cert, &mut problems);
    if !problems.is_empty() {
        let zh: Vec<_> = problems.iter().map(|r| r.zh.as_str()).collect();
        let en: Vec<_> = problems.iter().map(|r| r.en.as_str()).collect();
        return Err(Error::Issue(Localized::new(zh.join("；"), en.join("; "))));
    }
    Ok(cert)
}

/// Signs a certificate with an issuer key and encodes it as `BC1:` QR text
/// (CWT → COSE_Sign1 with tag 18 → zlib → Base45). Does not re-check §4:
/// use [`build_certificate`] first (tests use this to make invalid vectors).
pub fn encode(cert: &Certificate, key: &SigningKey) -> String {
    to_qr_text(&sign_cose_sign1(cbor_encode(&cert.to_cwt()), key))
}
