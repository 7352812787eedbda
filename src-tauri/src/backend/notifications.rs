//! Desktop notification texts for new wallet alerts, in the UI's language.

/// Most notifications shown one by one; more become one summary.
pub const MAX_NOTIFICATIONS: usize = 3;

/// A desktop notification's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Title line.
    pub title: String,
    /// Body.
    pub body: String,
}

/// Notification texts for new alerts, in English or Chinese.
pub fn notifications(alerts: &[buildcert_wallet::Alert], en: bool) -> Vec<Notification> {
    if alerts.len() > MAX_NOTIFICATIONS {
        let n = alerts.len();
        let people: Vec<&str> = alerts.iter().map(|a| a.holder_name.as_str()).collect();
        let mut names: Vec<&str> = Vec::new();
        for p in people {
            if !names.contains(&p) {
                names.push(p);
            }
        }
        return vec![if en {
            Notification {
                title: format!("BuildCert: {n} new reminders"),
                body: format!("{}. Open “My certificates” for what to do.", names.join(", ")),
            }
        } else {
            Notification {
                title: format!("建造师证书夹：{n} 条新提醒"),
                body: format!("{}。请打开“我的证书”查看需要办理的事项。", names.join("、")),
            }
        }];
    }
    alerts
        .iter()
        .map(|a| {
            if en {
                Notification { title: format!("BuildCert: {}", a.holder_name), body: a.en.clone() }
            } else {
                Notification { title: format!("建造师证书夹：{}", a.holder_name), body: a.zh.clone() }
            }
        })
        .collect()
}
