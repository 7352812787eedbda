//! Alerts per certificate and per specialty (BC1 §6–§7 codes plus
//! `superseded`), a valid → expiring → expired state machine whose every
//! step is announced once, and an iCalendar (RFC 5545) export of the
//! deadlines.
//!
//! Steps of the state machine, per subject:
//!
//! | subject | expiring steps | expired |
//! |---|---|---|
//! | usage period | `expiring@30`, `expiring@7`, `expiring@1` (settings) | `expired` |
//! | each specialty | `upcoming` (90 days), `window` (30 days) | `expired` |
//! | 65th birthday | `approaching` (180 days) | `reached` |
//!
//! A superseded copy gets only its `superseded` alert; a rejected one only
//! its status codes (revoked, key revoked, cancelled …); an unverified one
//! its time alerts plus a reminder that it is not verified. An official-format
//! entry (未验证（官方格式）) gets the same time alerts, each marked
//! 未验证（官方格式） / Unverified (official format), plus a `usage_inconsistent`
//! alert when its printed usage end is later than §4's cap allows.

use std::collections::{HashMap, HashSet};

use buildcert_bc1::date::{add_days, birthday65, days_between, format_date, parse_date};
use buildcert_bc1::messages::{short_en, short_zh};
use buildcert_bc1::rules::continuation_end;
use buildcert_bc1::{Code, Reason, Severity, Specialty};
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::certs::TrustState;
use crate::db::write_tx;
use crate::error::Result;
use crate::settings::Settings;
use crate::Wallet;

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertSubject {
    /// The usage period (使用有效期) of the copy.
    Usage,
    /// One registered specialty (or, without a name, all of them).
    Specialty,
    /// The 65th birthday.
    Age,
    /// The certificate's status: revoked, cancelled, key revoked, not verified.
    Status,
    /// An older copy (superseded).
    Copy,
}

/// Where a subject is in the valid → expiring → expired state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// Nothing to do yet (no alert is produced in this state).
    Valid,
    /// A deadline is near: act before `due`.
    Expiring,
    /// Past the deadline, or no longer usable.
    Expired,
}

/// One alert: what, for whom, by when, and what to do (both languages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    /// Wallet id of the certificate.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cert_id: i64,
    /// E-licence identifier.
    pub lid: Option<String>,
    /// Registration number.
    pub registration: String,
    /// Holder name.
    pub holder_name: String,
    /// Masked resident ID number.
    pub id_masked: String,
    /// What it is about.
    pub subject: AlertSubject,
    /// The specialty, for specialty alerts.
    pub specialty: Option<String>,
    /// The BC1 reason code.
    pub code: Code,
    /// Severity of the code.
    pub severity: Severity,
    /// State reached.
    pub state: AlertState,
    /// The step of the state machine (`expiring@7`, `window`, `expired` …):
    /// each (certificate, subject, step) is announced once.
    pub step: String,
    /// The deadline (last day of validity, 65th birthday …).
    pub due: NaiveDate,
    /// `due − at` in days (negative once past).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// Message in Chinese: what happened and what to do.
    pub zh: String,
    /// Message in English: what happened and what to do.
    pub en: String,
    /// When this step was announced ([`Wallet::take_new_alerts`]), if yet.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub notified_at: Option<i64>,
}

impl Alert {
    /// The message in the given language.
    pub fn message(&self, lang: buildcert_bc1::Lang) -> &str {
        match lang {
            buildcert_bc1::Lang::Zh => &self.zh,
            buildcert_bc1::Lang::En => &self.en,
        }
    }

    /// The key of the step in the notification table.
    fn subject_key(&self) -> String {
        match (self.subject, &self.specialty) {
            (AlertSubject::Specialty, Some(n)) => format!("spec:{n}"),
            (AlertSubject::Specialty, None) => "spec:*".into(),
            (AlertSubject::Status, _) => format!("status:{}", self.code),
            (AlertSubject::Usage, _) => "usage".into(),
            (AlertSubject::Age, _) => "age".into(),
            (AlertSubject::Copy, _) => "copy".into(),
        }
    }
}

/// The stored facts alerts are computed from.
struct Row {
    id: i64,
    lid: Option<String>,
    reg: String,
    name: String,
    id_masked: String,
    dob: NaiveDate,
    use_to: NaiveDate,
    spec: Vec<Specialty>,
    trust_state: TrustState,
    reasons: Vec<Reason>,
    superseded: bool,
    /// For an official-format entry: the usage start (for §4's cap).
    use_from: Option<NaiveDate>,
    /// Groups copies of one holder (with `reg`), to find superseded ones.
    holder_key: String,
    /// When this copy was downloaded (newer copies supersede older ones).
    iat: i64,
}

fn msg(code: Code, zh: String, en: String) -> (String, String) {
    let en_short = short_en(code);
    let mut c = en_short.chars();
    let cap = c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
    (format!("{}：{zh}", short_zh(code)), format!("{cap}: {en}"))
}

/// Computes the alerts of one certificate at `at` (pure). Official-format
/// entries get the words 未验证（官方格式） / Unverified (official format) in
/// every message, and a `usage_inconsistent` alert when the printed usage
/// end is later than §4's cap.
fn alerts_for(r: &Row, at: NaiveDate, s: &Settings) -> Vec<Alert> {
    let mut out = alerts_for_inner(r, at, s);
    if r.trust_state != TrustState::OfficialUnverified {
        return out;
    }
    if let (Some(from), false) = (r.use_from, r.superseded) {
        let cap = buildcert_bc1::rules::usage_cap(from, r.spec.iter().map(|sp| sp.to), r.dob);
        if r.use_to > cap {
            let (zh, en) = msg(
                Code::UsageInconsistent,
                format!(
                    "证书上印的使用有效期截止日 {} 晚于规则允许的 {}（180 天、注册专业有效期和 65 周岁中最早者）；请核对录入的日期，或在官方平台在线核验该证书",
                    format_date(r.use_to),
                    format_date(cap)
                ),
                format!(
                    "the printed usage end {} is later than the rules allow ({}: the earliest of 180 days, the specialty validity and the 65th birthday); check the dates entered, or check the certificate online on the official platform",
                    format_date(r.use_to),
                    format_date(cap)
                ),
            );
            out.insert(
                0,
                Alert {
                    cert_id: r.id,
                    lid: r.lid.clone(),
                    registration: r.reg.clone(),
                    holder_name: r.name.clone(),
                    id_masked: r.id_masked.clone(),
                    subject: AlertSubject::Status,
                    specialty: None,
                    code: Code::UsageInconsistent,
                    severity: Code::UsageInconsistent.severity(),
                    state: AlertState::Expired,
                    step: "usage_inconsistent".into(),
                    due: cap,
                    days_left: days_between(at, cap),
                    zh,
                    en,
                    notified_at: None,
                },
            );
        }
    }
    for a in &mut out {
        a.zh = format!("【{}】{}", buildcert_official::TERM_ZH, a.zh);
        a.en = format!("[{}] {}", buildcert_official::TERM_EN, a.en);
    }
    out
}

fn alerts_for_inner(r: &Row, at: NaiveDate, s: &Settings) -> Vec<Alert> {
    let mut out = Vec::new();
    let ds = format_date;
    let mut push = |subject,
                    specialty: Option<String>,
                    code: Code,
                    state,
                    step: String,
                    due: NaiveDate,
                    zh_en: (String, String)| {
        out.push(Alert {
            cert_id: r.id,
            lid: r.lid.clone(),
            registration: r.reg.clone(),
            holder_name: r.name.clone(),
            id_masked: r.id_masked.clone(),
            subject,
            specialty,
            code,
            severity: code.severity(),
            state,
            step,
            due,
            days_left: days_between(at, due),
            zh: zh_en.0,
            en: zh_en.1,
            notified_at: None,
        })
    };
    if r.superseded {
        push(
            AlertSubject::Copy,
            None,
            Code::Superseded,
            AlertState::Expired,
            "superseded".into(),
            r.use_to,
            msg(
                Code::Superseded,
                "证书夹中有该注册编号更新的下载版本，此份为旧版本，请使用最新版本".into(),
                "the wallet holds a newer download of this registration; this is an older copy, use the newest one"
                    .into(),
            ),
        );
        return out;
    }
    match r.trust_state {
        TrustState::Rejected => {
            for reason in r.reasons.iter().filter(|x| x.severity == Severity::Error) {
                if matches!(
                    reason.code,
                    Code::NotYetValid | Code::UsageExpired | Code::AgeLimitReached | Code::NoValidSpecialty
                ) {
                    continue;
                }
                push(
                    AlertSubject::Status,
                    None,
                    reason.code,
                    AlertState::Expired,
                    reason.code.as_str().into(),
                    at,
                    (
                        format!("{}。该电子证书不能使用，请联系发证机关或持证人", reason.zh),
                        format!("{}. This e-certificate cannot be used; contact the issuing authority or the holder", reason.en),
                    ),
                );
            }
            return out;
        }
        TrustState::Unverified => push(
            AlertSubject::Status,
            None,
            Code::UnknownKey,
            AlertState::Expiring,
            "unverified".into(),
            at,
            msg(
                Code::UnknownKey,
                "此份电子证书未验证（签发密钥不在信任列表中）；请导入最新的信任列表，证书夹会自动重新核验".into(),
                "this e-certificate is not verified (its issuer key is not in the trust list); import the latest trust list and the wallet re-verifies it".into(),
            ),
        ),
        TrustState::Verified | TrustState::OfficialUnverified => {}
    }
    // Usage period.
    let left = days_between(at, r.use_to);
    if left < 0 {
        push(
            AlertSubject::Usage,
            None,
            Code::UsageExpired,
            AlertState::Expired,
            "expired".into(),
            r.use_to,
            msg(
                Code::UsageExpired,
                format!("使用有效期已于 {} 届满，此份电子证书已失效；请重新下载电子证书", ds(r.use_to)),
                format!("the usage period ended on {}; this copy is void — download a new e-certificate", ds(r.use_to)),
            ),
        );
    } else if let Some(step) = s.reminder_steps().into_iter().filter(|d| left <= *d).min() {
        let (zl, el) = if left == 0 {
            ("今天是最后一天".to_string(), "today is the last day".to_string())
        } else {
            (format!("还剩 {left} 天"), format!("{left} days left"))
        };
        push(
            AlertSubject::Usage,
            None,
            Code::UsageExpiring,
            AlertState::Expiring,
            format!("expiring@{step}"),
            r.use_to,
            msg(
                Code::UsageExpiring,
                format!("{zl}（至 {}）；请在此之前重新下载电子证书", ds(r.use_to)),
                format!("{el} (until {}); download a new e-certificate before then", ds(r.use_to)),
            ),
        );
    }
    // Specialties.
    if !r.spec.iter().any(|sp| sp.from <= at && at <= sp.to) {
        push(
            AlertSubject::Specialty,
            None,
            Code::NoValidSpecialty,
            AlertState::Expired,
            "no_valid_specialty".into(),
            r.spec.iter().map(|sp| sp.to).max().unwrap_or(at),
            msg(
                Code::NoValidSpecialty,
                format!("{} 没有处于有效期内的注册专业，不能以此证书执业", ds(at)),
                format!("no registered specialty is valid on {}; the certificate cannot be used to practise", ds(at)),
            ),
        );
    }
    for sp in r.spec.iter().filter(|sp| sp.from <= at) {
        let left = days_between(at, sp.to);
        let win_from = add_days(sp.to, -s.renewal_window_days);
        if left < 0 {
            push(
                AlertSubject::Specialty,
                Some(sp.n.clone()),
                Code::SpecialtyExpired,
                AlertState::Expired,
                "expired".into(),
                sp.to,
                msg(
                    Code::SpecialtyExpired,
                    format!("“{}”有效期已于 {} 届满；未申请延续注册的，该专业注册失效", sp.n, ds(sp.to)),
                    format!(
                        "\"{}\" ended on {}; without continuation registration the specialty has lapsed",
                        sp.n,
                        ds(sp.to)
                    ),
                ),
            );
        } else if left <= s.renewal_window_days {
            let new_to = continuation_end(at, r.dob);
            push(
                AlertSubject::Specialty,
                Some(sp.n.clone()),
                Code::RenewalWindowOpen,
                AlertState::Expiring,
                "window".into(),
                sp.to,
                msg(
                    Code::RenewalWindowOpen,
                    format!(
                        "“{}”有效期至 {}（还剩 {left} 天），请在此之前申请延续注册；如今日获批，新有效期至 {}",
                        sp.n,
                        ds(sp.to),
                        ds(new_to)
                    ),
                    format!(
                        "\"{}\" is valid until {} ({left} days left); apply for continuation registration before then (if approved today, it runs to {})",
                        sp.n,
                        ds(sp.to),
                        ds(new_to)
                    ),
                ),
            );
        } else if left <= s.renewal_upcoming_days {
            let new_to = continuation_end(win_from, r.dob);
            push(
                AlertSubject::Specialty,
                Some(sp.n.clone()),
                Code::RenewalUpcoming,
                AlertState::Expiring,
                "upcoming".into(),
                sp.to,
                msg(
                    Code::RenewalUpcoming,
                    format!(
                        "“{}”有效期至 {}，请完成继续教育；可自 {} 起申请延续注册（如当日获批，新有效期至 {}）",
                        sp.n,
                        ds(sp.to),
                        ds(win_from),
                        ds(new_to)
                    ),
                    format!(
                        "\"{}\" is valid until {}; complete continuing education — continuation registration opens on {} (if approved that day, it runs to {})",
                        sp.n,
                        ds(sp.to),
                        ds(win_from),
                        ds(new_to)
                    ),
                ),
            );
        }
    }
    // 65th birthday.
    let b65 = birthday65(r.dob);
    let left = days_between(at, b65);
    if left < 0 {
        push(
            AlertSubject::Age,
            None,
            Code::AgeLimitReached,
            AlertState::Expired,
            "reached".into(),
            b65,
            msg(
                Code::AgeLimitReached,
                format!("持证人已于 {} 年满65周岁，注册和电子证书不再有效", ds(b65)),
                format!(
                    "the holder turned 65 on {}; the registration and the e-certificate are no longer valid",
                    ds(b65)
                ),
            ),
        );
    } else if left <= s.age_limit_days {
        push(
            AlertSubject::Age,
            None,
            Code::AgeLimitApproaching,
            AlertState::Expiring,
            "approaching".into(),
            b65,
            msg(
                Code::AgeLimitApproaching,
                format!("持证人将于 {} 年满65周岁（还剩 {left} 天），届满当日后注册和电子证书失效", ds(b65)),
                format!("the holder turns 65 on {} ({left} days); after that day the registration and the e-certificate end", ds(b65)),
            ),
        );
    }
    out
}

impl Wallet {
    fn alert_rows(&self, c: &rusqlite::Connection) -> Result<Vec<Row>> {
        let mut st = c.prepare_cached(
            "SELECT c.id, c.lid, c.reg, c.name, c.id_masked, c.dob, c.use_to, c.spec_json, c.trust_state,
                   CASE WHEN c.trust_state = 'rejected' THEN c.reasons_json ELSE '[]' END, c.holder_key,
                   c.kind, c.use_from, c.iat
                 FROM certs c ORDER BY c.id",
        )?;
        let mut rows = st
            .query_map([], |r| {
                let date = |i: usize| -> rusqlite::Result<NaiveDate> {
                    let s: String = r.get(i)?;
                    parse_date(&s).ok_or_else(|| {
                        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad date".into())
                    })
                };
                let spec: String = r.get(7)?;
                let reasons: String = r.get(9)?;
                let state: String = r.get(8)?;
                let kind: String = r.get(11)?;
                Ok(Row {
                    id: r.get(0)?,
                    lid: r.get(1)?,
                    reg: r.get(2)?,
                    name: r.get(3)?,
                    id_masked: r.get(4)?,
                    dob: date(5)?,
                    use_to: date(6)?,
                    spec: serde_json::from_str(&spec).unwrap_or_default(),
                    trust_state: TrustState::of_row(&kind, &state),
                    reasons: serde_json::from_str(&reasons).unwrap_or_default(),
                    holder_key: r.get(10)?,
                    iat: r.get(13)?,
                    superseded: false,
                    use_from: if kind == "official" { Some(date(12)?) } else { None },
                })
            })?
            .collect::<rusqlite::Result<Vec<Row>>>()?;
        crate::certs::mark_superseded(
            &mut rows,
            |r| (&r.reg, &r.holder_key, r.iat, r.trust_state),
            |r, superseded| r.superseded = superseded,
        );
        Ok(rows)
    }

    fn compute_alerts(&self, c: &rusqlite::Connection, at: NaiveDate) -> Result<Vec<Alert>> {
        let settings = self.settings_in(c)?;
        let mut notified: HashMap<(i64, String, String), i64> = HashMap::new();
        {
            let mut st = c.prepare_cached("SELECT cert_id, subject, step, notified_at FROM alert_state")?;
            let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?;
            for row in rows {
                let (k, v) = row?;
                notified.insert(k, v);
            }
        }
        let mut all = Vec::new();
        for row in self.alert_rows(c)? {
            for mut a in alerts_for(&row, at, &settings) {
                a.notified_at = notified.get(&(a.cert_id, a.subject_key(), a.step.clone())).copied();
                all.push(a);
            }
        }
        all.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.due.cmp(&b.due)).then(a.cert_id.cmp(&b.cert_id)));
        Ok(all)
    }

    /// Every alert at the date `at` (the wallet's certificates and
    /// settings), most severe first, then by deadline. `now` is not used for
    /// dates; it is accepted so callers pass the same pair everywhere.
    pub fn alerts(&self, at: NaiveDate, _now: i64) -> Result<Vec<Alert>> {
        self.compute_alerts(&self.conn, at)
    }

    /// The alerts whose step was not announced yet, marking them announced
    /// at `now` (in one transaction): calling it again returns only what
    /// changed since. The app calls it at start and daily.
    pub fn take_new_alerts(&self, at: NaiveDate, now: i64) -> Result<Vec<Alert>> {
        write_tx(&self.conn, |c| {
            let mut fresh = Vec::new();
            let mut ins = c.prepare_cached(
                "INSERT OR IGNORE INTO alert_state(cert_id, subject, step, notified_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut seen = HashSet::new();
            for mut a in self.compute_alerts(c, at)? {
                if a.notified_at.is_some() || !seen.insert((a.cert_id, a.subject_key(), a.step.clone())) {
                    continue;
                }
                ins.execute(params![a.cert_id, a.subject_key(), a.step, now])?;
                a.notified_at = Some(now);
                fresh.push(a);
            }
            Ok(fresh)
        })
    }

    /// An iCalendar file (RFC 5545) with one all-day VEVENT per future
    /// deadline of the current copies (usage period end, each specialty's
    /// continuation window and end, the 65th birthday), each with VALARMs
    /// at the reminder days of the settings. Deterministic for the same
    /// wallet and date.
    ///
    /// In the demo profile, or under a list signed by a demo root, every
    /// event's title starts with 【演示 DEMO】.
    pub fn alerts_ics(&self, at: NaiveDate) -> Result<String> {
        let settings = self.settings()?;
        let demo = self.is_demo_profile()? || self.current_trust_list(&[]).ok().flatten().is_some_and(|t| t.demo);
        let mut ev = Vec::new();
        for r in self.alert_rows(&self.conn)? {
            if r.superseded || r.trust_state == TrustState::Rejected {
                continue;
            }
            let who = if r.trust_state == TrustState::OfficialUnverified {
                format!("{} {}（{} / {}）", r.name, r.reg, buildcert_official::TERM_ZH, buildcert_official::TERM_EN)
            } else {
                format!("{} {}", r.name, r.reg)
            };
            let uid_base = crate::log::lid_hash(r.lid.as_deref().unwrap_or(&r.id.to_string()));
            let usage_alarms: Vec<i64> = settings.reminder_steps();
            ev.push(Event {
                uid: format!("{uid_base}-usage@buildcert"),
                date: r.use_to,
                summary: format!("使用有效期届满 / Usage period ends — {who}"),
                description: "请在此日前重新下载电子证书。 / Download a new e-certificate before this day.".into(),
                alarms: usage_alarms,
            });
            for sp in &r.spec {
                let win = add_days(sp.to, -settings.renewal_window_days);
                ev.push(Event {
                    uid: format!("{uid_base}-renew-{}@buildcert", crate::log::lid_hash(&sp.n)),
                    date: win,
                    summary: format!("可申请延续注册 / Continuation registration opens — {} {who}", sp.n),
                    description: format!(
                        "“{}”有效期至 {}：请完成继续教育并在此日起申请延续注册（如当日获批，新有效期至 {}）。 / \"{}\" is valid until {}: complete continuing education and apply for continuation registration from this day (if approved that day, it runs to {}).",
                        sp.n,
                        format_date(sp.to),
                        format_date(continuation_end(win, r.dob)),
                        sp.n,
                        format_date(sp.to),
                        format_date(continuation_end(win, r.dob)),
                    ),
                    alarms: vec![settings.renewal_upcoming_days - settings.renewal_window_days, 0],
                });
                ev.push(Event {
                    uid: format!("{uid_base}-spec-{}@buildcert", crate::log::lid_hash(&sp.n)),
                    date: sp.to,
                    summary: format!("注册专业有效期届满 / Specialty validity ends — {} {who}", sp.n),
                    description: "未申请延续注册的，该专业注册于次日失效。 / Without continuation registration the specialty lapses the next day.".into(),
                    alarms: vec![7, 1],
                });
            }
            ev.push(Event {
                uid: format!("{uid_base}-age65@buildcert"),
                date: birthday65(r.dob),
                summary: format!("年满65周岁 / 65th birthday — {who}"),
                description: "此日后注册和电子证书失效。 / After this day the registration and the e-certificate end."
                    .into(),
                alarms: vec![settings.age_limit_days],
            });
        }
        ev.retain(|e| e.date >= at);
        ev.sort_by(|a, b| a.date.cmp(&b.date).then(a.uid.cmp(&b.uid)));
        let stamp = buildcert_bc1::date::cst_midnight(at);
        let stamp = chrono::DateTime::from_timestamp(stamp, 0)
            .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default();
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            "PRODID:-//BuildCert//Wallet reminders//ZH".into(),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
        ];
        for e in ev {
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}", e.uid));
            lines.push(format!("DTSTAMP:{stamp}"));
            lines.push(format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
            lines.push(format!("DTEND;VALUE=DATE:{}", add_days(e.date, 1).format("%Y%m%d")));
            let summary = if demo { format!("【演示 DEMO】{}", e.summary) } else { e.summary.clone() };
            lines.push(format!("SUMMARY:{}", ics_escape(&summary)));
            lines.push(format!("DESCRIPTION:{}", ics_escape(&e.description)));
            lines.push("TRANSP:TRANSPARENT".into());
            let mut alarms = e.alarms.clone();
            alarms.sort_unstable();
            alarms.dedup();
            for d in alarms {
                lines.push("BEGIN:VALARM".into());
                lines.push("ACTION:DISPLAY".into());
                lines.push(format!("DESCRIPTION:{}", ics_escape(&e.summary)));
                lines.push(if d == 0 { "TRIGGER:PT0S".to_string() } else { format!("TRIGGER:-P{d}D") });
                lines.push("END:VALARM".into());
            }
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for l in lines {
            fold_line(&l, &mut out);
        }
        Ok(out)
    }
}

struct Event {
    uid: String,
    date: NaiveDate,
    summary: String,
    description: String,
    alarms: Vec<i64>,
}

/// RFC 5545 §3.3.11 TEXT escaping.
fn ics_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space,
/// never splitting a UTF-8 character.
fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let mut out = String::new();
        fold_line(&format!("SUMMARY:{}", "注册专业有效期届满".repeat(10)), &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "注册专业有效期届满".repeat(10)));
    }

    #[test]
    fn escaping() {
        assert_eq!(ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
