//! How each wallet reply is shown: its JSON document and the text a person
//! reads. Nothing here touches the wallet.

use buildcert_bc1::date::format_date;
use buildcert_bc1::{Lang, Severity};
use buildcert_wallet::TrustState;
use serde_json::{json, Value};

use super::alerts::Alerts;
use super::backup::{BackedUp, Restored};
use super::export::Exported;
use super::list::Listed;
use super::log::Log;
use super::print::{error_json, exit_code, Human, Reply};
use super::remove::Removed;
use super::settings;
use super::show;
use crate::lang::pick;

/// Both languages, one chosen.
pub(super) fn by_lang(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The trust state in words, with "superseded" for an older copy.
fn state_words(lang: Lang, s: TrustState, superseded: bool) -> String {
    let (zh, en) = s.words();
    let mut w = pick(lang, zh, en).to_string();
    if superseded {
        w.push_str(pick(lang, "·旧版本", " · superseded"));
    }
    w
}

pub(super) const SUPERSEDED_ZH: &str = "已有更新的下载版本，此份为旧版本";
pub(super) const SUPERSEDED_EN: &str = "a newer copy exists; this one is superseded";
pub(super) const ALREADY_ZH: &str = "已在证书夹中";
pub(super) const ALREADY_EN: &str = "already in the wallet";

impl Reply for Listed {
    fn json(&self, _: Lang) -> Value {
        // Each current copy as stored (CertSummary's fields), with the
        // status the app shows, whether it is a demo certificate, and its
        // older copies.
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut v = json!(e.detail.summary);
                v["status"] = json!(e.status.as_str());
                v["demo"] = json!(e.demo);
                v["older"] = json!(e.older);
                v
            })
            .collect();
        Value::Array(entries)
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        if self.entries.is_empty() {
            h.line(pick(lang, "证书夹中没有电子证书", "The wallet holds no e-certificates"));
            return h;
        }
        let mut older = 0;
        for e in &self.entries {
            let c = &e.detail.summary;
            let (zh, en, sym) = buildcert_bc1::messages::status_words(e.status.as_str());
            let demo = if e.demo { pick(lang, "【演示】", "[DEMO] ") } else { "" };
            let specs: Vec<String> = c.specialties.iter().map(|s| format!("{} {}", s.n, format_date(s.to))).collect();
            h.line(format!(
                "{:>5}  {sym} {}  {demo}{}  {}  {}  {}  {} {}  {}  [{}]",
                c.id,
                pick(lang, zh, en),
                c.holder_name,
                c.registration,
                c.id_masked,
                c.employer,
                pick(lang, "使用有效期至", "usage to"),
                format_date(c.usage_to),
                specs.join(", "),
                state_words(lang, c.trust_state, false)
            ));
            older += e.older.len();
            if self.all {
                for o in &e.older {
                    h.line(format!(
                        "{:>5}    └ {}  {} {}  [{}]",
                        o.id,
                        pick(lang, "旧版本", "older copy"),
                        pick(lang, "使用有效期至", "usage to"),
                        format_date(o.usage_to),
                        state_words(lang, o.trust_state, true)
                    ));
                }
            }
        }
        let n = self.entries.len();
        h.line(match (older, self.all) {
            (0, _) | (_, true) => by_lang(lang, format!("共 {n} 份"), format!("{n} in total")),
            (k, false) => by_lang(
                lang,
                format!("共 {n} 份（另有 {k} 份旧版本，加 --all 显示）"),
                format!("{n} in total ({k} older copies: --all shows them)"),
            ),
        });
        h
    }
}

impl Reply for show::Shown {
    fn json(&self, _: Lang) -> Value {
        // The stored copy and its fresh verification, with the status the
        // app shows and whether it is a demo certificate.
        let mut v = json!(self.0.detail);
        v["status"] = json!(self.0.status.as_str());
        v["demo"] = json!(self.0.demo);
        v
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        let d = &self.0.detail;
        let (s, c) = (&d.summary, &d.certificate);
        let (zh, en, sym) = buildcert_bc1::messages::status_words(self.0.status.as_str());
        let demo = if self.0.demo { pick(lang, "【演示】", " [DEMO]") } else { "" };
        h.line(format!("{sym} {}{demo}", pick(lang, zh, en)));
        h.line(format!("#{} {} [{}]", s.id, c.name, state_words(lang, s.trust_state, s.superseded)));
        if s.trust_state != TrustState::Verified {
            h.line(format!(
                "  {}",
                pick(
                    lang,
                    "以下内容未经签名核验，仅供参考",
                    "The content below is not signature-verified; for reference only"
                )
            ));
        }
        let mut row = |zh: &str, en: &str, v: &str| h.line(format!("  {:<14}{v}", pick(lang, zh, en)));
        row("注册编号", "Registration", &c.reg);
        row("公民身份号码", "ID number", &c.idn);
        row("出生日期", "Birth date", &format_date(c.dob));
        row("聘用企业", "Employer", &format!("{} ({})", c.emp, c.uscc));
        if s.kind != "official" {
            row("证照标识", "E-licence id", &c.lid);
        }
        row("使用有效期", "Usage period", &format!("{} – {}", format_date(c.usage.from), format_date(c.usage.to)));
        for sp in &c.spec {
            row("注册专业", "Specialty", &format!("{} {} – {}", sp.n, format_date(sp.from), format_date(sp.to)));
        }
        if let Some(v) = &d.official_verdict {
            let (dz, de) = v.date_status.words();
            h.line(format!(
                "i {} — {} ({})",
                pick(lang, buildcert_official::TERM_ZH, buildcert_official::TERM_EN),
                pick(lang, dz, de),
                format_date(v.check_date)
            ));
            for r in &v.reasons {
                h.line(format!("  - {}", r.message(lang)));
            }
            h.line(format!("  {}", v.explanation(lang)));
            for q in &v.query_links {
                h.line(format!("  {} {}", pick(lang, "二维码：", "QR code:"), pick(lang, &q.zh, &q.en)));
            }
        } else if let Some(v) = &d.verdict {
            let (zh, en, sym) = buildcert_bc1::messages::status_words(v.status.as_str());
            h.line(format!(
                "{} {} {} ({})",
                sym,
                pick(lang, "核验结果", "Verification"),
                pick(lang, zh, en),
                format_date(v.check_date)
            ));
            for r in &v.reasons {
                h.line(format!("  - {}", r.message(lang)));
            }
        } else {
            h.line(pick(lang, "未安装信任列表，无法重新核验", "No trust list installed; cannot verify again"));
        }
        h
    }
}

impl Reply for Removed {
    fn json(&self, _: Lang) -> Value {
        match self {
            Removed::All(n) => json!({"removed": n}),
            Removed::One(i) => json!({"removed": 1, "id": i}),
        }
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        h.line(match self {
            Removed::All(n) => by_lang(lang, format!("已删除 {n} 份电子证书"), format!("Removed {n} e-certificates")),
            Removed::One(i) => by_lang(lang, format!("已删除 #{i}"), format!("Removed #{i}")),
        });
        h
    }
}

impl Reply for Exported {
    fn json(&self, _: Lang) -> Value {
        if let Some(e) = &self.error {
            return json!({"error": error_json(e)});
        }
        let mut files = self.files.clone();
        if let Some(t) = &self.qr_text {
            files.insert("qr_text".into(), json!(t));
        }
        Value::Object(files)
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        if let Some(t) = &self.qr_text {
            h.line(t);
        }
        if let Some(e) = &self.error {
            h.complain(e.message(lang));
            return h;
        }
        for (k, v) in &self.files {
            let path = v.get("path").and_then(|p| p.as_str()).unwrap_or("");
            let what = match k.as_str() {
                "original" => pick(lang, "原始文件", "original file"),
                "ics" => pick(lang, "提醒日历", "reminders calendar"),
                _ => pick(lang, "核验记录", "verification log"),
            };
            h.line(format!("{} {what}: {path}", pick(lang, "已导出", "Exported")));
        }
        h
    }

    fn code(&self) -> i32 {
        self.error.as_ref().map_or(0, exit_code)
    }
}

impl Reply for BackedUp {
    fn json(&self, _: Lang) -> Value {
        json!(self.info)
    }

    fn human(&self, lang: Lang) -> Human {
        let (i, path) = (&self.info, self.path.display());
        let mut h = Human::default();
        h.line(by_lang(
            lang,
            format!(
                "已备份证书夹到 {path}（{} 份电子证书，{} 个信任列表，{} 字节）",
                i.certificates, i.trust_lists, i.bytes
            ),
            format!(
                "Wallet backed up to {path} ({} e-certificates, {} trust lists, {} bytes)",
                i.certificates, i.trust_lists, i.bytes
            ),
        ));
        h
    }
}

impl Reply for Restored {
    fn json(&self, _: Lang) -> Value {
        json!(self.0)
    }

    fn human(&self, lang: Lang) -> Human {
        let (report, info) = (&self.0, &self.0.info);
        let mut h = Human::default();
        h.line(by_lang(
            lang,
            format!("已从备份恢复证书夹（{} 份电子证书，{} 个信任列表）", info.certificates, info.trust_lists),
            format!(
                "Wallet restored from the backup ({} e-certificates, {} trust lists)",
                info.certificates, info.trust_lists
            ),
        ));
        if let Some(seq) = report.kept_newer_trust_seq {
            h.line(by_lang(
                lang,
                format!("本机的信任列表 #{seq} 比备份中的更新，已保留（信任列表不会回退）"),
                format!("This computer's trust list #{seq} is newer than the backup's and was kept (trust never rolls back)"),
            ));
        }
        for r in &report.added_roots {
            h.line(format!(
                "{} {} ({})",
                pick(lang, "已按确认加入根密钥", "Root key added as confirmed:"),
                r.fingerprint,
                r.label
            ));
        }
        h
    }
}

impl Reply for settings::Shown {
    fn json(&self, _: Lang) -> Value {
        json!(self.0)
    }

    fn human(&self, _: Lang) -> Human {
        let s = &self.0;
        let mut h = Human::default();
        let days: Vec<String> = s.usage_reminder_days.iter().map(|d| d.to_string()).collect();
        h.line(format!("usage_reminder_days   = {}", days.join(",")));
        h.line(format!("renewal_upcoming_days = {}", s.renewal_upcoming_days));
        h.line(format!("renewal_window_days   = {}", s.renewal_window_days));
        h.line(format!("age_limit_days        = {}", s.age_limit_days));
        h.line(format!("inspector_log         = {}", if s.inspector_log { "on" } else { "off" }));
        h
    }
}

impl Reply for Log {
    fn json(&self, _: Lang) -> Value {
        match self {
            Log::Entries(entries, _) => json!(entries),
            Log::Cleared(n) => json!({"cleared": n}),
        }
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        match self {
            Log::Entries(_, csv) => h.out.push_str(csv),
            Log::Cleared(n) => {
                h.line(by_lang(lang, format!("已清除 {n} 条核验记录"), format!("Cleared {n} verification log entries")))
            }
        }
        h
    }
}

impl Reply for Alerts {
    fn json(&self, _: Lang) -> Value {
        json!({"date": format_date(self.date), "alerts": self.alerts})
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        if self.alerts.is_empty() {
            let d = format_date(self.date);
            h.line(by_lang(lang, format!("{d} 没有需要处理的提醒"), format!("No alerts on {d}")));
        }
        for a in &self.alerts {
            let sym = match a.severity {
                Severity::Error => "✕",
                Severity::Warning => "!",
                Severity::Info => "i",
            };
            h.line(format!(
                "{sym} #{} {} {} [{}]  {}",
                a.cert_id,
                a.holder_name,
                a.registration,
                a.code,
                a.message(lang)
            ));
        }
        h
    }

    fn code(&self) -> i32 {
        i32::from(self.any_error())
    }
}
