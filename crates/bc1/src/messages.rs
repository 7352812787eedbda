//! Messages people read, in Chinese and English, with the terms of
//! `terms.md`. Short forms name the reason; [`reason`] adds what to do.

use crate::verdict::{Code, Reason};

/// The short Chinese name of a reason code (terms.md).
pub fn short_zh(code: Code) -> &'static str {
    match code {
        Code::Malformed => "二维码内容格式错误",
        Code::UnsupportedAlgorithm => "不支持的签名算法",
        Code::UnknownKey => "签发密钥不在信任列表中",
        Code::SignatureInvalid => "签名无效（证书可能被篡改）",
        Code::KeyRevoked => "签发密钥已被撤销",
        Code::KeyNotValidAtIssuance => "签发时密钥不在有效期内",
        Code::IssuerMismatch => "签发机关与密钥不符",
        Code::IdNumberInvalid => "身份号码校验位错误",
        Code::IdMismatch => "身份号码与出生日期或性别不符",
        Code::UsccInvalid => "统一社会信用代码校验位错误",
        Code::RegistrationNumberInvalid => "注册编号格式错误",
        Code::UsageInconsistent => "使用有效期超出规定上限",
        Code::Revoked => "电子证书已被撤销",
        Code::RegistrationCancelled => "注册已注销",
        Code::NotYetValid => "使用有效期尚未开始",
        Code::UsageExpired => "使用有效期已过，请重新下载",
        Code::AgeLimitReached => "已超过65周岁",
        Code::NoValidSpecialty => "无有效注册专业",
        Code::SpecialtyExpired => "注册专业已过有效期",
        Code::UsageExpiring => "使用有效期即将届满",
        Code::RenewalWindowOpen => "请在有效期届满前申请延续注册",
        Code::RenewalUpcoming => "注册专业将到期，请完成继续教育",
        Code::AgeLimitApproaching => "即将年满65周岁",
        Code::TrustListStale => "信任列表已过期，请更新",
        Code::ClockSuspect => "本机时间可能不准确",
        Code::EmployerMismatch => "聘用企业与投标单位不符",
        Code::SpecialtyMissing => "缺少所需注册专业",
        Code::PdfPayloadMismatch => "PDF附件与二维码内容不一致",
        Code::QrUnreadable => "二维码无法识别，已使用PDF附件",
        Code::Superseded => "已有更新的下载版本",
    }
}

/// The short English name of a reason code (terms.md).
pub fn short_en(code: Code) -> &'static str {
    match code {
        Code::Malformed => "QR content is malformed",
        Code::UnsupportedAlgorithm => "unsupported signature algorithm",
        Code::UnknownKey => "issuer key not in the trust list",
        Code::SignatureInvalid => "signature invalid (may be tampered)",
        Code::KeyRevoked => "issuer key revoked",
        Code::KeyNotValidAtIssuance => "key not valid when issued",
        Code::IssuerMismatch => "issuer does not match key",
        Code::IdNumberInvalid => "ID number check digit wrong",
        Code::IdMismatch => "ID number does not match birth date or sex",
        Code::UsccInvalid => "USCC check character wrong",
        Code::RegistrationNumberInvalid => "registration number malformed",
        Code::UsageInconsistent => "usage period exceeds the allowed limit",
        Code::Revoked => "e-certificate revoked",
        Code::RegistrationCancelled => "registration cancelled",
        Code::NotYetValid => "usage period not started",
        Code::UsageExpired => "usage period over: download a new copy",
        Code::AgeLimitReached => "past the 65th birthday",
        Code::NoValidSpecialty => "no valid specialty",
        Code::SpecialtyExpired => "specialty validity ended",
        Code::UsageExpiring => "usage period ending soon",
        Code::RenewalWindowOpen => "apply for continuation registration now",
        Code::RenewalUpcoming => "specialty ending: complete continuing education",
        Code::AgeLimitApproaching => "65th birthday approaching",
        Code::TrustListStale => "trust list out of date: update it",
        Code::ClockSuspect => "this computer's clock looks wrong",
        Code::EmployerMismatch => "employer is not the bidding company",
        Code::SpecialtyMissing => "required specialty missing",
        Code::PdfPayloadMismatch => "PDF attachment differs from the QR code",
        Code::QrUnreadable => "QR unreadable; PDF attachment used",
        Code::Superseded => "a newer copy exists",
    }
}

/// Builds a reason whose message is the short name followed by the given
/// detail (what happened and what to do), in both languages.
pub fn reason(code: Code, zh_detail: impl AsRef<str>, en_detail: impl AsRef<str>) -> Reason {
    let (zd, ed) = (zh_detail.as_ref(), en_detail.as_ref());
    let zh = if zd.is_empty() { short_zh(code).to_string() } else { format!("{}：{}", short_zh(code), zd) };
    let en = if ed.is_empty() { capitalise(short_en(code)) } else { format!("{}: {}", capitalise(short_en(code)), ed) };
    Reason { code, severity: code.severity(), zh, en }
}

/// The short name of a reason code in both languages, as a person reads it
/// on its own (the English with a capital letter): the UI's reason texts.
pub fn short(code: Code) -> crate::Localized {
    crate::Localized::new(short_zh(code), capitalise(short_en(code)))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The words for a verdict status, Chinese and English (terms.md), with the
/// symbol that goes with its colour.
pub fn status_words(status: &str) -> (&'static str, &'static str, &'static str) {
    match status {
        "valid" => ("有效", "Valid", "✓"),
        "warning" => ("有效（需注意）", "Valid, with warnings", "!"),
        "invalid" => ("无效", "Not valid", "✕"),
        "unverified" => ("未验证", "Not verified", "i"),
        _ => ("无法读取", "Could not read", "?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_both_messages_and_round_trips() {
        for c in Code::ALL {
            assert!(!short_zh(c).is_empty() && !short_en(c).is_empty());
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            let back: Code = serde_json::from_str(&json).unwrap();
            assert_eq!(back, c);
        }
    }

    #[test]
    fn the_short_text_stands_alone_in_each_language() {
        let m = short(Code::UsageExpired);
        assert_eq!(m.zh, "使用有效期已过，请重新下载");
        assert_eq!(m.en, "Usage period over: download a new copy");
        for c in Code::ALL {
            assert!(buildcert_l10n::check_pair(c.as_str(), &short(c)).is_ok(), "{c:?}");
            assert!(!short(c).en.starts_with(|ch: char| ch.is_lowercase()), "{c:?}");
        }
    }

    #[test]
    fn every_specialty_has_an_english_name() {
        use crate::rules::{specialty_en, SPECIALTIES};
        assert_eq!(specialty_en("市政公用工程"), Some("Municipal public works"));
        assert_eq!(specialty_en("市政"), None);
        for s in SPECIALTIES {
            assert!(specialty_en(s).is_some_and(|e| !e.is_empty() && e.is_ascii()), "{s}");
        }
    }

    #[test]
    fn reason_carries_detail() {
        let r = reason(Code::UsageExpiring, "还剩 3 天", "3 days left");
        assert_eq!(r.zh, "使用有效期即将届满：还剩 3 天");
        assert_eq!(r.en, "Usage period ending soon: 3 days left");
        assert_eq!(r.severity, crate::Severity::Warning);
    }
}
