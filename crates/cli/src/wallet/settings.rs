//! `buildcert wallet settings`: show or change the wallet's settings.

use buildcert_wallet::{Settings, Wallet, WalletError};

use super::print::Printer;

/// The settings (after any change).
pub struct Shown(pub Settings);

/// Applies every `key=value` of `set` (nothing is saved if one is wrong),
/// then shows the settings.
pub fn run(w: &Wallet, set: &[String], p: &Printer) -> i32 {
    let mut s = match w.settings() {
        Ok(s) => s,
        Err(e) => return p.error(&e),
    };
    for kv in set {
        if let Err((zh, en)) = apply_setting(&mut s, kv) {
            return p.error(&WalletError::BadSetting { zh, en });
        }
    }
    if !set.is_empty() {
        if let Err(e) = w.set_settings(&s) {
            return p.error(&e);
        }
    }
    p.reply(&Shown(s))
}

/// Applies one `key=value`; what is wrong, in Chinese and in English.
fn apply_setting(s: &mut Settings, kv: &str) -> Result<(), (String, String)> {
    let Some((k, v)) = kv.split_once('=') else {
        return Err((format!("{kv}：应为 键=值"), format!("{kv}: expected key=value")));
    };
    let v = v.trim();
    let num =
        |v: &str| v.parse::<i64>().map_err(|_| (format!("{k}：{v} 不是数字"), format!("{k}: {v} is not a number")));
    match k.trim() {
        "usage_reminder_days" => {
            s.usage_reminder_days = v.split(',').map(|x| num(x.trim())).collect::<Result<_, _>>()?;
        }
        // The app's "warn from N days": the largest usage reminder.
        "usage_warning_days" => buildcert_service::settings::set_usage_warning_days(s, num(v)?).map_err(|e| {
            let m = e.localized();
            (m.zh, m.en)
        })?,
        "renewal_upcoming_days" => s.renewal_upcoming_days = num(v)?,
        "renewal_window_days" => s.renewal_window_days = num(v)?,
        "age_limit_days" => s.age_limit_days = num(v)?,
        "inspector_log" => {
            s.inspector_log = match v {
                "on" | "true" | "1" => true,
                "off" | "false" | "0" => false,
                _ => {
                    return Err((
                        format!("inspector_log：应为 on 或 off，收到 {v}"),
                        format!("inspector_log: on or off, got {v}"),
                    ))
                }
            }
        }
        other => return Err((format!("未知设置项 {other}"), format!("unknown setting {other}"))),
    }
    Ok(())
}
