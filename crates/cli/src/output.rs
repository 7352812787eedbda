//! How verdicts are shown: a readable block per input, or one JSON line.

use std::fmt::Write;

use buildcert_bc1::date::{cst_date_of, days_between, format_date};
use buildcert_bc1::messages::status_words;
use buildcert_bc1::{Lang, Severity, SpecialtyState, UsageEndCause};
use buildcert_check::{Outcome, OutcomeStatus};
use serde_json::json;

use crate::lang::pick;
use crate::trust_cmd::LoadedTrust;
use crate::verify_cmd::OfficialReading;

/// The JSON object of one input (one line):
/// `{"input","status","reasons":[{"code","severity","message"}],"certificate"}`.
pub fn json_line(input: &str, o: &Outcome, official: Option<&OfficialReading>, lang: Lang, reveal_id: bool) -> String {
    let reasons: Vec<_> = o
        .reasons()
        .iter()
        .map(|r| json!({"code": r.code, "severity": r.severity, "message": r.message(lang)}))
        .collect();
    let cert =
        o.verdict.as_ref().and_then(|v| v.certificate.as_ref()).map(|c| if reveal_id { c.clone() } else { c.masked() });
    let demo = o.verdict.as_ref().is_some_and(|v| v.demo);
    let mut v = json!({
        "input": input,
        "status": o.status.as_str(),
        "reasons": reasons,
        "certificate": cert,
        "demo": demo,
    });
    if demo {
        v["demo_notice"] = json!(pick(lang, DEMO_NOTICE_ZH, DEMO_NOTICE_EN));
    }
    if let Some(e) = &o.error {
        v["error"] = json!(e);
    }
    if !o.other_codes.is_empty() {
        v["other_codes"] = json!(o.other_codes);
    }
    if !o.more.is_empty() {
        v["more_certificates"] = json!(o.more.len());
    }
    if let Some(off) = official {
        let fields = off.extraction.fields().map(|f| if reveal_id { f.clone() } else { f.masked() });
        v["official"] = json!({"fields": fields, "verdict": off.verdict});
        if let Some(ov) = &off.verdict {
            v["reasons"] = json!(ov
                .reasons
                .iter()
                .map(|r| json!({"code": r.code, "severity": r.severity, "message": r.message(lang)}))
                .collect::<Vec<_>>());
            v["date_status"] = json!(ov.date_status.as_str());
        }
    }
    v.to_string()
}

/// Said with every verdict that rests on a demo root.
pub const DEMO_NOTICE_ZH: &str = "演示 DEMO：此结论基于演示根密钥，仅供试用，不能证明任何真实证书。";
/// The same in English.
pub const DEMO_NOTICE_EN: &str =
    "DEMO: this verdict rests on a demo root key; it is for trying the program only and proves nothing about a real certificate.";

/// Said when a typed QR text was folded back (BC1 §2).
pub const TYPED_TEXT_FOLDED_ZH: &str = "扫码枪输入已自动纠正（大写锁定/中文输入法）";
/// The same in English.
pub const TYPED_TEXT_FOLDED_EN: &str = "scanner input corrected automatically (Caps Lock / Chinese input method)";

/// Adds `"typed_text_folded": true` and its notice to one JSON line.
pub fn mark_typed_text_folded(line: &str, lang: Lang) -> String {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(mut v) => {
            v["typed_text_folded"] = json!(true);
            v["typed_text_notice"] = json!(pick(lang, TYPED_TEXT_FOLDED_ZH, TYPED_TEXT_FOLDED_EN));
            v.to_string()
        }
        Err(_) => line.to_string(),
    }
}

/// Puts the notice of a folded typed text under the status line of a block.
pub fn note_typed_text_folded(block: &str, lang: Lang) -> String {
    let notice = format!("  i {}\n", pick(lang, TYPED_TEXT_FOLDED_ZH, TYPED_TEXT_FOLDED_EN));
    match block.find('\n') {
        Some(i) => format!("{}{notice}{}", &block[..=i], &block[i + 1..]),
        None => format!("{block}\n{notice}"),
    }
}

/// Pads a label to 12 display columns (CJK characters take two).
fn pad(label: &str) -> String {
    let w: usize = label.chars().map(|c| if (c as u32) >= 0x2e80 { 2 } else { 1 }).sum();
    format!("{label}{}", " ".repeat(12usize.saturating_sub(w)))
}

/// Wraps a note in the language's parentheses.
fn paren(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!("（{s}）"),
        Lang::En => format!(" ({s})"),
    }
}

const RESET: &str = "\x1b[0m";

fn colour(s: OutcomeStatus) -> &'static str {
    match s {
        OutcomeStatus::Valid => "\x1b[1;32m",
        OutcomeStatus::Warning => "\x1b[1;33m",
        OutcomeStatus::Invalid => "\x1b[1;31m",
        OutcomeStatus::Error => "\x1b[1;37m",
        OutcomeStatus::Unverified => "\x1b[1;36m",
    }
}

/// A block a person reads at a glance: the verdict in words and symbol, the
/// verified fields (ID number masked), each reason in plain words.
// Each argument is a separate choice of the caller's (what was read, how to
// show it, which trust list and date); a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn human(
    input: &str,
    o: &Outcome,
    official: Option<&OfficialReading>,
    lang: Lang,
    reveal_id: bool,
    color: bool,
    trust: &LoadedTrust,
    d: chrono::NaiveDate,
) -> String {
    let mut s = String::new();
    let (zh, en, sym) = status_words(o.status.as_str());
    let demo = o.verdict.as_ref().is_some_and(|v| v.demo);
    let head = format!("{sym} {}{}", if demo { pick(lang, "【演示】", "[DEMO] ") } else { "" }, pick(lang, zh, en));
    if color {
        let _ = writeln!(s, "{}{head}{RESET}  {input}", colour(o.status));
    } else {
        let _ = writeln!(s, "{head}  {input}");
    }
    let l = |zh: &'static str, en: &'static str| pick(lang, zh, en);
    if let Some(e) = &o.error {
        let _ = writeln!(s, "  {}", e.message.get(lang));
    }
    if demo {
        let _ = writeln!(s, "  {}", pick(lang, DEMO_NOTICE_ZH, DEMO_NOTICE_EN));
    }
    if let Some(off) = official {
        let (mz, me) = off.extraction.message();
        if let (Some(f), Some(ov)) = (off.extraction.fields(), &off.verdict) {
            let f = if reveal_id { f.clone() } else { f.masked() };
            let opt = |x: &Option<String>| x.clone().unwrap_or_default();
            let _ = writeln!(s, "  {}{}", pad(l("姓名", "Name")), opt(&f.name));
            let _ = writeln!(s, "  {}{}", pad(l("注册编号", "Reg. no.")), opt(&f.reg));
            let _ = writeln!(s, "  {}{}", pad(l("聘用企业", "Employer")), opt(&f.employer));
            for sp in &f.specialties {
                let _ = writeln!(
                    s,
                    "  {}{} {} {} {}",
                    pad(l("注册专业", "Specialty")),
                    sp.name,
                    format_date(sp.from),
                    l("至", "to"),
                    format_date(sp.to)
                );
            }
            if let (Some(a), Some(b)) = (f.use_from, f.use_to) {
                let _ = writeln!(
                    s,
                    "  {}{} {} {}",
                    pad(l("使用有效期", "Usage")),
                    format_date(a),
                    l("至", "to"),
                    format_date(b)
                );
            }
            let (dz, de) = ov.date_status.words();
            let _ = writeln!(s, "  {}", pick(lang, dz, de));
            for r in &ov.reasons {
                let _ = writeln!(s, "  {} {}", if r.severity == Severity::Error { "✕" } else { "!" }, r.message(lang));
            }
            let _ = writeln!(s, "  {}", ov.explanation(lang));
        } else {
            let _ = writeln!(s, "  {}", pick(lang, &mz, &me));
        }
    }
    if o.status == OutcomeStatus::Unverified {
        for c in &o.other_codes {
            let _ = writeln!(s, "  {}: {c}", l("二维码内容（非 BC1，未打开）", "QR content (not BC1, not opened)"));
        }
        let _ = writeln!(
            s,
            "  {}",
            l(
                "未验证：该二维码不是 BC1 签名电子证书，本软件无法离线核验其真伪。请在官方平台在线查询核验。",
                "Not verified: this QR code is not a signed BC1 e-certificate, so it cannot be checked offline. Check it online on the official platform."
            )
        );
    }
    if let Some(v) = &o.verdict {
        if let Some(c) = &v.certificate {
            let c = if reveal_id { c.clone() } else { c.masked() };
            let sex = match lang {
                Lang::Zh => c.sex.zh(),
                Lang::En => c.sex.as_str(),
            };
            let _ = writeln!(
                s,
                "  {}{}{}",
                pad(l("姓名", "Name")),
                c.name,
                paren(lang, &format!("{sex}, {}", format_date(c.dob)))
            );
            let _ = writeln!(s, "  {}{}", pad(l("身份号码", "ID number")), c.idn);
            let _ = writeln!(s, "  {}{}", pad(l("注册编号", "Reg. no.")), c.reg);
            let _ = writeln!(s, "  {}{}{}", pad(l("聘用企业", "Employer")), c.emp, paren(lang, &c.uscc));
            if let Some(f) = &v.facts {
                for sp in &f.specialties {
                    let state = match (sp.state, lang) {
                        (SpecialtyState::Expired, Lang::Zh) => "已过期".to_string(),
                        (SpecialtyState::Expired, Lang::En) => "ended".to_string(),
                        (SpecialtyState::NotYetValid, Lang::Zh) => "未开始".to_string(),
                        (SpecialtyState::NotYetValid, Lang::En) => "not started".to_string(),
                        (_, Lang::Zh) => format!("还剩 {} 天", sp.days_left),
                        (_, Lang::En) => format!("{} days left", sp.days_left),
                    };
                    let _ = writeln!(
                        s,
                        "  {}{} {} {} {}{}",
                        pad(l("注册专业", "Specialty")),
                        sp.name,
                        format_date(sp.from),
                        l("至", "to"),
                        format_date(sp.to),
                        paren(lang, &state)
                    );
                }
                let why = match (f.usage_end_cause, lang) {
                    (UsageEndCause::Days180, Lang::Zh) => "自下载日起180天",
                    (UsageEndCause::Days180, Lang::En) => "180 days from download",
                    (UsageEndCause::SpecialtyEnd, Lang::Zh) => "注册专业有效期届满",
                    (UsageEndCause::SpecialtyEnd, Lang::En) => "end of the specialty validity",
                    (UsageEndCause::Birthday65, Lang::Zh) => "年满65周岁",
                    (UsageEndCause::Birthday65, Lang::En) => "65th birthday",
                    (UsageEndCause::Earlier, Lang::Zh) => "签发时指定",
                    (UsageEndCause::Earlier, Lang::En) => "set by the issuer",
                    (UsageEndCause::ExceedsCap, Lang::Zh) => "超出规定上限",
                    (UsageEndCause::ExceedsCap, Lang::En) => "beyond the allowed limit",
                };
                let left = match lang {
                    Lang::Zh if f.usage_days_left >= 0 => format!("还剩 {} 天", f.usage_days_left),
                    Lang::Zh => "已过期".to_string(),
                    Lang::En if f.usage_days_left >= 0 => format!("{} days left", f.usage_days_left),
                    Lang::En => "over".to_string(),
                };
                let _ = writeln!(
                    s,
                    "  {}{} {} {}{}",
                    pad(l("使用有效期", "Usage")),
                    format_date(c.usage.from),
                    l("至", "to"),
                    format_date(c.usage.to),
                    paren(lang, &format!("{left}{}{why}", l("；", "; ")))
                );
            }
            if let Some(sig) = &v.signer {
                let _ = writeln!(s, "  {}{}", pad(l("签发机关", "Issuer")), sig.iss);
                let _ = writeln!(s, "  {}{}", pad(l("印章", "Seal")), sig.seal);
            }
        }
        for r in &v.reasons {
            let mark = match r.severity {
                Severity::Error => "✕",
                Severity::Warning => "!",
                Severity::Info => "i",
            };
            let _ = writeln!(s, "  {mark} {}", r.message(lang));
        }
        let issued = cst_date_of(trust.list.issued).unwrap_or(d);
        let _ = writeln!(
            s,
            "  {}{}  ·  {} #{}{}{}{} {}{}",
            pad(l("核验日期", "Checked")),
            format_date(d),
            l("信任列表", "trust list"),
            trust.list.seq,
            if trust.demo { l("【演示】", " [DEMO]") } else { "" },
            l("，", ", "),
            l("发布于", "issued"),
            format_date(issued),
            paren(
                lang,
                &match lang {
                    Lang::Zh => format!("{} 天前", days_between(issued, d).max(0)),
                    Lang::En => format!("{} day(s) ago", days_between(issued, d).max(0)),
                }
            )
        );
        if v.certificate.is_some() {
            let _ = writeln!(
                s,
                "  {}",
                l(
                    "提示：纸质打印件须有持证人手写签名，且与签名图像一致方为有效；电子证书与纸质证书不一致时，以电子证书为准。",
                    "Note: a print is valid only with the holder's handwritten signature matching the signature image; where they differ, the e-certificate prevails."
                )
            );
        }
    }
    s.push('\n');
    s
}
