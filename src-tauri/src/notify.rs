//! Desktop notifications (系统通知) for new wallet alerts: once at start and
//! again whenever the calendar day changes while the app runs. Which alerts
//! are new is the wallet's rule (`Wallet::take_new_alerts` announces each
//! step once); this only shows them.

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// Environment variable: when set, no notifications are shown (the alerts
/// stay new for the next start).
pub const NO_NOTIFICATIONS_ENV: &str = "BUILDCERT_NO_NOTIFICATIONS";

/// How often the day is looked at.
const POLL: Duration = Duration::from_secs(600);

/// Starts the notifier thread.
pub fn start(app: AppHandle) {
    if std::env::var_os(NO_NOTIFICATIONS_ENV).is_some() {
        return;
    }
    let spawned = std::thread::Builder::new().name("alerts".into()).spawn(move || {
        let mut last_day = None;
        loop {
            let state = app.state::<AppState>();
            let today = state.backend().today();
            if last_day != Some(today) {
                last_day = Some(today);
                match state.backend().take_new_notifications() {
                    Ok(list) => {
                        for n in list {
                            let shown = app.notification().builder().title(&n.title).body(&n.body).show();
                            if let Err(e) = shown {
                                eprintln!("buildcert-app: 无法显示系统通知 / cannot show a notification: {e}");
                                break;
                            }
                        }
                    }
                    Err(e) => eprintln!("buildcert-app: 提醒 / alerts: {}", e.message.en),
                }
            }
            std::thread::sleep(POLL);
        }
    });
    if let Err(e) = spawned {
        eprintln!("buildcert-app: 无法启动提醒 / cannot start the alerts: {e}");
    }
}
