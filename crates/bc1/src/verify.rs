//! Verification (BC1 §6) and PDF payload rules (§8). Pure: the check date
//! and the current instant are inputs, never read from the system clock.

use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;

use crate::cert::Certificate;
use crate::codec::{cbor_decode, decode_qr_text, CoseSign1};
use crate::date::{add_days, birthday65, cst_date_of, cst_midnight, days_between, format_date};
use crate::error::{Error, Result};
use crate::messages::reason;
use crate::rules::{
    id_matches, id_number_shape_ok, id_number_valid, registration_number_valid, specialty_known, usage_cap, uscc_valid,
    MAX_SPECIALTIES,
};
use crate::trust::{TrustList, TrustedKey};
use crate::verdict::{Code, Facts, Reason, SignerInfo, SpecialtyState, SpecialtyStatus, UsageEndCause, Verdict};

/// Day thresholds of §6 step 7. BC1 fixes all but `usage_expiring_days`
/// (configurable); the defaults are the spec's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Thresholds {
    /// `usage_expiring` when `0 ≤ use.to − D <` this (default 30).
    pub usage_expiring_days: i64,
    /// `renewal_window_open` when `s.to − this ≤ D ≤ s.to` (30).
    pub renewal_window_days: i64,
    /// `renewal_upcoming` when `s.to − this ≤ D < s.to − renewal_window_days` (90).
    pub renewal_upcoming_days: i64,
    /// `age_limit_approaching` when `0 ≤ birthday65 − D ≤` this (180).
    pub age_limit_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { usage_expiring_days: 30, renewal_window_days: 30, renewal_upcoming_days: 90, age_limit_days: 180 }
    }
}

/// The optional tender policy of §6 step 9.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Policy {
    /// The bidding company's USCC; `employer_mismatch` when the certificate's differs.
    pub employer_uscc: Option<String>,
    /// Specialties that must be valid at D; `specialty_missing` for each one that is not.
    pub required_specialties: Vec<String>,
}

/// Everything a check needs besides the QR text and the trust list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckContext {
    /// The check date D (UTC+08:00 calendar date).
    pub date: NaiveDate,
    /// The current instant, epoch seconds (for trust-list freshness).
    pub now: i64,
    /// Step 7 thresholds.
    pub thresholds: Thresholds,
    /// Step 9 policy, when checking for a tender.
    pub policy: Option<Policy>,
}

impl CheckContext {
    /// A context for date `date` at instant `now`, default thresholds, no policy.
    pub fn new(date: NaiveDate, now: i64) -> Self {
        CheckContext { date, now, thresholds: Thresholds::default(), policy: None }
    }
}

fn fail(err: Error, date: NaiveDate) -> Verdict {
    let (zh, en) = err.message();
    let r = Reason { code: err.reason_code(), severity: err.reason_code().severity(), zh, en };
    Verdict::from_reasons(vec![r], None, None, None, date)
}

/// Verifies one QR text against a trust list (BC1 §6, steps 1–9).
///
/// Steps 1–3 stop the check on failure, as does an unreadable certificate
/// map; every other rule is checked and all failures are reported together.
/// The certificate is returned only when its signature verified and its key
/// passed step 3.
pub fn verify(text: &str, trust: &TrustList, ctx: &CheckContext) -> Verdict {
    let d = ctx.date;
    // Step 1: decode.
    let cose = match decode_qr_text(text) {
        Ok(c) => c,
        Err(e) => return fail(e, d),
    };
    // Step 2: signature.
    let key = match find_signer(&cose, trust) {
        Ok(k) => k,
        Err(e) => return fail(e, d),
    };
    // The payload is read only now that the signature verified.
    let cert = match cbor_decode(&cose.payload).and_then(|v| Certificate::from_cwt(&v)) {
        Ok(c) => c,
        Err(e) => return fail(e, d),
    };
    let signer = SignerInfo { kid: hex::encode(key.kid), iss: key.iss.clone(), seal: key.seal.clone() };
    // Step 3: key.
    let key_reasons = check_key(key, &cert);
    if !key_reasons.is_empty() {
        let mut v = Verdict::from_reasons(key_reasons, None, Some(signer), None, d);
        v.demo = trust.demo;
        return v;
    }
    let mut reasons = Vec::new();
    check_content(&cert, &mut reasons); // step 4
    check_status(&cert, trust, &mut reasons); // step 5
    check_time(&cert, ctx, &mut reasons); // steps 6–7
    check_trust_freshness(trust, ctx.now, &mut reasons); // step 8
    if let Some(p) = &ctx.policy {
        check_policy(&cert, p, d, &mut reasons); // step 9
    }
    let facts = facts(&cert, d, &ctx.thresholds);
    let mut v = Verdict::from_reasons(reasons, Some(cert), Some(signer), Some(facts), d);
    // The signature verified under this list: the verdict rests on its root.
    v.demo = trust.demo;
    v
}

/// Step 2: finds a trusted key with the kid whose signature verifies.
/// A kid is a hint: every key sharing it is tried.
pub fn find_signer<'a>(cose: &CoseSign1, trust: &'a TrustList) -> Result<&'a TrustedKey> {
    let kid = cose.kid.as_deref().unwrap_or(&[]);
    let mut any = false;
    for k in trust.keys_with_kid(kid) {
        any = true;
        if let Ok(vk) = VerifyingKey::from_bytes(&k.public) {
            if cose.verify_with(&vk) {
                return Ok(k);
            }
        }
    }
    if any {
        Err(Error::SignatureInvalid)
    } else {
        Err(Error::UnknownKey(hex::encode(kid)))
    }
}

use crate::date::format_epoch as date_of;

/// Step 3: the signing key's revocation, validity window and issuer.
pub fn check_key(key: &TrustedKey, cert: &Certificate) -> Vec<Reason> {
    let mut out = Vec::new();
    if let Some(at) = key.revoked {
        out.push(reason(
            Code::KeyRevoked,
            format!("签发密钥（{}）已于 {} 撤销，其签发的所有电子证书均无效", key.seal, date_of(at)),
            format!(
                "the issuer key ({}) was revoked on {}; every e-certificate it signed is invalid",
                key.seal,
                date_of(at)
            ),
        ));
    }
    if cert.iat < key.nbf || cert.iat > key.exp {
        out.push(reason(
            Code::KeyNotValidAtIssuance,
            format!("下载时间 {} 不在密钥有效期 {} 至 {} 内", date_of(cert.iat), date_of(key.nbf), date_of(key.exp)),
            format!(
                "downloaded on {}, outside the key's window {} to {}",
                date_of(cert.iat),
                date_of(key.nbf),
                date_of(key.exp)
            ),
        ));
    }
    if cert.iss != key.iss {
        out.push(reason(
            Code::IssuerMismatch,
            format!("证书签发机关“{}”与密钥所属机关“{}”不符", cert.iss, key.iss),
            format!("the certificate names issuer \"{}\" but the key belongs to \"{}\"", cert.iss, key.iss),
        ));
    }
    out
}

/// Step 4: the field rules of the §4 table.
pub fn check_content(c: &Certificate, out: &mut Vec<Reason>) {
    if !id_number_valid(&c.idn) {
        out.push(reason(
            Code::IdNumberInvalid,
            "公民身份号码应为17位数字加1位校验码（数字或X），且校验码正确",
            "a resident ID number is 17 digits and a correct check character (digit or X)",
        ));
    }
    if id_number_shape_ok(&c.idn) && !id_matches(&c.idn, c.dob, c.sex == crate::cert::Sex::M) {
        out.push(reason(
            Code::IdMismatch,
            format!("出生日期 {}、性别 {}", format_date(c.dob), c.sex.zh()),
            format!("birth date {}, sex {}", format_date(c.dob), c.sex.as_str()),
        ));
    }
    if !uscc_valid(&c.uscc) {
        out.push(reason(Code::UsccInvalid, format!("聘用企业代码 {}", c.uscc), format!("employer code {}", c.uscc)));
    }
    if !registration_number_valid(&c.reg) {
        out.push(reason(
            Code::RegistrationNumberInvalid,
            format!("{}（应为省份简称、1 和 11 或 15 位数字）", c.reg),
            format!("{} (expected a province abbreviation, 1, then 11 or 15 digits)", c.reg),
        ));
    }
    let malformed = |zh: String, en: String| reason(Code::Malformed, zh, en);
    if c.spec.len() > MAX_SPECIALTIES {
        out.push(malformed(
            format!("注册专业超过 {MAX_SPECIALTIES} 项"),
            format!("more than {MAX_SPECIALTIES} specialties"),
        ));
    }
    for (i, s) in c.spec.iter().enumerate() {
        if !specialty_known(&s.n) {
            out.push(malformed(format!("未知注册专业“{}”", s.n), format!("unknown specialty \"{}\"", s.n)));
        }
        if c.spec[..i].iter().any(|p| p.n == s.n) {
            out.push(malformed(format!("注册专业“{}”重复", s.n), format!("specialty \"{}\" listed twice", s.n)));
        }
        if s.from > s.to {
            out.push(malformed(
                format!("注册专业“{}”有效期起始晚于截止", s.n),
                format!("specialty \"{}\" validity starts after it ends", s.n),
            ));
        }
    }
    if c.usage.from > c.usage.to {
        out.push(malformed("使用有效期起始晚于截止".into(), "usage period starts after it ends".into()));
    }
    match cst_date_of(c.iat) {
        Some(dl) if dl <= c.usage.from => {}
        _ => out.push(malformed(
            "下载时间晚于使用有效期起始日".into(),
            "download time (iat) is after the first day of the usage period".into(),
        )),
    }
    if c.exp != cst_midnight(add_days(c.usage.to, 1)) {
        out.push(malformed(
            "exp 与使用有效期截止日不一致".into(),
            "exp does not equal 00:00 UTC+08:00 of the day after use.to".into(),
        ));
    }
    let cap = usage_cap(c.usage.from, c.spec.iter().map(|s| s.to), c.dob);
    if c.usage.to > cap {
        out.push(reason(
            Code::UsageInconsistent,
            format!("使用有效期至 {}，规定上限为 {}", format_date(c.usage.to), format_date(cap)),
            format!("the usage period ends {}, but the allowed limit is {}", format_date(c.usage.to), format_date(cap)),
        ));
    }
}

/// Step 5: revocation and cancellation lists.
pub fn check_status(c: &Certificate, trust: &TrustList, out: &mut Vec<Reason>) {
    if trust.is_revoked_lid(&c.lid) {
        out.push(reason(
            Code::Revoked,
            "该电子证书已被撤销（作废），不得使用",
            "this e-certificate has been revoked and must not be used",
        ));
    }
    if trust.is_cancelled_reg(&c.reg) {
        out.push(reason(
            Code::RegistrationCancelled,
            format!("注册编号 {} 已注销", c.reg),
            format!("registration {} has been cancelled", c.reg),
        ));
    }
}

/// Steps 6 and 7: the usage period, age limit and specialties at D.
pub fn check_time(c: &Certificate, ctx: &CheckContext, out: &mut Vec<Reason>) {
    let d = ctx.date;
    let th = &ctx.thresholds;
    let b65 = birthday65(c.dob);
    let ds = format_date;
    if d < c.usage.from {
        out.push(reason(
            Code::NotYetValid,
            format!("使用有效期自 {} 开始", ds(c.usage.from)),
            format!("the usage period starts on {}", ds(c.usage.from)),
        ));
    }
    if d > c.usage.to {
        out.push(reason(
            Code::UsageExpired,
            format!("使用有效期已于 {} 届满，该文件已失效，请持证人重新下载电子证书", ds(c.usage.to)),
            format!(
                "the usage period ended on {}; this copy is void and the holder must download a new e-certificate",
                ds(c.usage.to)
            ),
        ));
    }
    if d > b65 {
        out.push(reason(
            Code::AgeLimitReached,
            format!("持证人已于 {} 年满65周岁", ds(b65)),
            format!("the holder turned 65 on {}", ds(b65)),
        ));
    }
    if !c.spec.iter().any(|s| s.from <= d && d <= s.to) {
        out.push(reason(
            Code::NoValidSpecialty,
            format!("核验日期 {} 没有处于有效期内的注册专业", ds(d)),
            format!("no registered specialty is valid on the check date {}", ds(d)),
        ));
    }
    for s in c.spec.iter().filter(|s| s.to < d) {
        out.push(reason(
            Code::SpecialtyExpired,
            format!("“{}”有效期已于 {} 届满", s.n, ds(s.to)),
            format!("\"{}\" ended on {}", s.n, ds(s.to)),
        ));
    }
    // Step 7.
    let left = days_between(d, c.usage.to);
    if (0..th.usage_expiring_days).contains(&left) {
        let (zh_left, en_left) = if left == 0 {
            ("今天是最后一天".to_string(), "today is the last day".to_string())
        } else {
            (format!("还剩 {left} 天"), format!("{left} days left"))
        };
        out.push(reason(
            Code::UsageExpiring,
            format!("{zh_left}（至 {}），持证人须重新下载电子证书", ds(c.usage.to)),
            format!("{en_left} (until {}); the holder must download a new e-certificate", ds(c.usage.to)),
        ));
    }
    for s in &c.spec {
        let win_from = add_days(s.to, -th.renewal_window_days);
        let up_from = add_days(s.to, -th.renewal_upcoming_days);
        if win_from <= d && d <= s.to {
            let new_to = crate::rules::continuation_end(d, c.dob);
            out.push(reason(
                Code::RenewalWindowOpen,
                format!(
                    "“{}”有效期至 {}，须在此之前申请延续注册；如今日获批，新有效期至 {}",
                    s.n,
                    ds(s.to),
                    ds(new_to)
                ),
                format!(
                    "\"{}\" is valid until {}; apply for continuation registration before then (if approved today it runs to {})",
                    s.n,
                    ds(s.to),
                    ds(new_to)
                ),
            ));
        } else if up_from <= d && d < win_from {
            out.push(reason(
                Code::RenewalUpcoming,
                format!("“{}”有效期至 {}，请完成继续教育；可自 {} 起申请延续注册", s.n, ds(s.to), ds(win_from)),
                format!(
                    "\"{}\" is valid until {}; complete continuing education (continuation registration opens on {})",
                    s.n,
                    ds(s.to),
                    ds(win_from)
                ),
            ));
        }
    }
    let to65 = days_between(d, b65);
    if (0..=th.age_limit_days).contains(&to65) {
        out.push(reason(
            Code::AgeLimitApproaching,
            format!("将于 {} 年满65周岁（还剩 {to65} 天）", ds(b65)),
            format!("turns 65 on {} ({to65} days)", ds(b65)),
        ));
    }
}

/// Step 8: trust-list freshness against the current instant.
pub fn check_trust_freshness(trust: &TrustList, now: i64, out: &mut Vec<Reason>) {
    let age_days = (now - trust.issued).div_euclid(86_400);
    if now > trust.next {
        out.push(reason(
            Code::TrustListStale,
            format!("信任列表发布于 {}（{age_days} 天前），应于 {} 前更新", date_of(trust.issued), date_of(trust.next)),
            format!(
                "the trust list was issued {} ({age_days} days ago) and was due for update by {}",
                date_of(trust.issued),
                date_of(trust.next)
            ),
        ));
    }
    if now < trust.issued - 86_400 {
        out.push(reason(
            Code::ClockSuspect,
            format!("本机时间早于信任列表发布时间 {}，请检查系统日期", date_of(trust.issued)),
            format!(
                "this computer's time is before the trust list's issue date {}; check the system date",
                date_of(trust.issued)
            ),
        ));
    }
}

/// Step 9: employer and required specialties.
pub fn check_policy(c: &Certificate, p: &Policy, d: NaiveDate, out: &mut Vec<Reason>) {
    if let Some(u) = &p.employer_uscc {
        if u.trim() != c.uscc {
            out.push(reason(
                Code::EmployerMismatch,
                format!("证书聘用企业为“{}”（{}），投标单位代码为 {}", c.emp, c.uscc, u.trim()),
                format!(
                    "the certificate's employer is \"{}\" ({}), the bidding company is {}",
                    c.emp,
                    c.uscc,
                    u.trim()
                ),
            ));
        }
    }
    for req in &p.required_specialties {
        if !c.spec.iter().any(|s| &s.n == req && s.from <= d && d <= s.to) {
            out.push(reason(
                Code::SpecialtyMissing,
                format!("核验日期 {} 没有有效的“{}”", format_date(d), req),
                format!("no valid \"{}\" on the check date {}", req, format_date(d)),
            ));
        }
    }
}

/// Derived dates: days left, why the usage period ends then, specialty states.
pub fn facts(c: &Certificate, d: NaiveDate, th: &Thresholds) -> Facts {
    let b65 = birthday65(c.dob);
    let cap = usage_cap(c.usage.from, c.spec.iter().map(|s| s.to), c.dob);
    let cause = if c.usage.to > cap {
        UsageEndCause::ExceedsCap
    } else if c.usage.to < cap {
        UsageEndCause::Earlier
    } else if cap == add_days(c.usage.from, 179) {
        UsageEndCause::Days180
    } else if cap == b65 {
        UsageEndCause::Birthday65
    } else {
        UsageEndCause::SpecialtyEnd
    };
    let specialties = c
        .spec
        .iter()
        .map(|s| {
            let win_from = add_days(s.to, -th.renewal_window_days);
            let state = if d < s.from {
                SpecialtyState::NotYetValid
            } else if d > s.to {
                SpecialtyState::Expired
            } else if d >= win_from {
                SpecialtyState::RenewalWindow
            } else if d >= add_days(s.to, -th.renewal_upcoming_days) {
                SpecialtyState::RenewalUpcoming
            } else {
                SpecialtyState::Valid
            };
            SpecialtyStatus {
                name: s.n.clone(),
                from: s.from,
                to: s.to,
                state,
                days_left: days_between(d, s.to),
                renewal_window_from: win_from,
            }
        })
        .collect();
    Facts {
        usage_days_left: days_between(d, c.usage.to),
        usage_end_cause: cause,
        usage_cap: cap,
        birthday65: b65,
        specialties,
    }
}

/// Decodes a QR text WITHOUT checking its signature, for keeping a
/// certificate whose key is not yet in the trust list (shown as unverified,
/// re-verified when a trust list arrives). Never present its content as verified.
pub fn peek_unverified(text: &str) -> Result<(Certificate, Vec<u8>)> {
    let cose = decode_qr_text(text)?;
    let cert = Certificate::from_cwt(&cbor_decode(&cose.payload)?)?;
    Ok((cert, cose.kid.unwrap_or_default()))
}

/// The outcome of §8 for a PDF: which QR text was checked, and the extra reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentChoice {
    /// The BC1 text to verify.
    pub text: String,
    /// `pdf_payload_mismatch` or `qr_unreadable`, when they apply.
    pub extra: Vec<Reason>,
}

/// §8: from the QR texts read off a PDF and its `bc1.txt` attachment,
/// chooses what to verify. The QR code wins; an attachment that differs is
/// `pdf_payload_mismatch` (error); with no readable BC1 QR code the
/// attachment is used with `qr_unreadable` (warning). `None` when neither
/// holds a BC1 text.
pub fn choose_document_payload(qr_texts: &[String], attachment: Option<&str>) -> Option<DocumentChoice> {
    let is_bc1 = |t: &str| t.trim().starts_with(crate::codec::PREFIX);
    let att = attachment.map(str::trim).filter(|a| !a.is_empty());
    match qr_texts.iter().find(|t| is_bc1(t)) {
        Some(q) => {
            let mut extra = Vec::new();
            if let Some(a) = att {
                if a != q.trim() {
                    extra.push(reason(
                        Code::PdfPayloadMismatch,
                        "PDF 内嵌的 bc1.txt 与页面二维码内容不同，文件可能被改动，请向持证人索取原始文件",
                        "the PDF's embedded bc1.txt differs from the QR code on the page; the file may have been altered — ask the holder for the original",
                    ));
                }
            }
            Some(DocumentChoice { text: q.trim().to_string(), extra })
        }
        None => att.filter(|a| is_bc1(a)).map(|a| DocumentChoice {
            text: a.to_string(),
            extra: vec![reason(
                Code::QrUnreadable,
                "页面上的二维码无法识别，已改用 PDF 内嵌的 bc1.txt 核验",
                "the QR code on the page could not be read; the PDF's embedded bc1.txt was checked instead",
            )],
        }),
    }
}

/// Verifies a PDF's payload per §8 ([`choose_document_payload`] then [`verify`]).
pub fn verify_document(
    qr_texts: &[String],
    attachment: Option<&str>,
    trust: &TrustList,
    ctx: &CheckContext,
) -> Option<Verdict> {
    let choice = choose_document_payload(qr_texts, attachment)?;
    let mut v = verify(&choice.text, trust, ctx);
    v.add_reasons(choice.extra);
    Some(v)
}
