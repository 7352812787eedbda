//! The app's backend: every command's work, done by `buildcert-service`
//! (the use-cases the command line shares: status, grouping, alerts,
//! settings, the official-format form, the log file, restore, tender
//! inputs) and the BuildCert crates it stands on. This holds the app's
//! state (the wallet behind its lock, the clock, the UI preferences, the
//! tender check in progress) and converts into the IPC types of `types.rs`
//! (`convert.rs`).
//!
//! One settings store: every rule setting (usage warning and reminders,
//! verification log, trust list address) is the wallet's. `settings.json`
//! in the data dir keeps only the UI's preferences (language, ID masking).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use buildcert_bc1::date::format_date;
use buildcert_bc1::{CheckContext, TrustList};
use buildcert_service::settings::{set_usage_warning_days, usage_warning_days};
use buildcert_service::{Clock, SystemClock};
use buildcert_wallet::{Profile, Wallet};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorCode};
use crate::types::{AppInfo, Language, RootKeyInfo, Settings, TrustListInfo};

mod convert;
mod demo;
mod files;
pub mod maintenance;
mod notifications;
mod record;
#[cfg(test)]
mod record_tests;
mod tender;
#[cfg(test)]
mod tender_tests;
#[cfg(test)]
pub(crate) mod tests;
mod verify;
mod wallet;

pub use files::max_input_bytes;
pub use notifications::{notifications, Notification, MAX_NOTIFICATIONS};
pub use record::{SharedSession, RECORD_EXT};
pub use verify::{Frame, MAX_FRAME_PIXELS};

/// Name of the UI preferences file inside the data dir.
pub const SETTINGS_FILE: &str = "settings.json";

/// The UI's own preferences, the only settings kept apart from the wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiPrefs {
    /// Display language.
    pub language: Language,
    /// Mask resident ID numbers (default on).
    pub mask_id_numbers: bool,
}

impl Default for UiPrefs {
    fn default() -> Self {
        UiPrefs { language: Language::ZhCn, mask_id_numbers: true }
    }
}

/// What older versions kept in `settings.json` besides the preferences.
#[derive(Debug, Default, Deserialize)]
struct LegacySettings {
    expiring_threshold_days: Option<i64>,
}

/// The app's access to wallet, verification and tender checks.
pub struct Backend {
    /// The base data folder (the real profile's).
    base_dir: PathBuf,
    /// Which profile is open.
    profile: Profile,
    /// The open profile's folder.
    data_dir: PathBuf,
    /// Where "now" comes from (fixed in tests).
    clock: Arc<dyn Clock>,
    prefs: Mutex<UiPrefs>,
    wallet: Mutex<Wallet>,
    /// Set while a tender check runs (one at a time).
    tender_running: AtomicBool,
    /// Set to stop the running tender check.
    tender_cancel: AtomicBool,
    /// The last tender result shown (with its QR texts), for export and saving.
    tender_current: Mutex<Option<buildcert_tender::TenderResult>>,
    /// Every check of the Verify screen since the session started, for the
    /// inspection record (in memory only).
    session: SharedSession,
}

impl Backend {
    /// Opens the backend on a data dir (created if missing), real profile.
    pub fn open(data_dir: &Path) -> Result<Backend, AppError> {
        Self::open_profile(data_dir, Profile::Real)
    }

    /// Opens `profile` under the base data folder `base`: the real profile
    /// is `base`, the demo (演示) its own folder with its own wallet.
    pub fn open_profile(base: &Path, profile: Profile) -> Result<Backend, AppError> {
        Self::open_with_clock(base, profile, Arc::new(SystemClock))
    }

    /// [`Backend::open_profile`] reading the time from `clock`.
    pub fn open_with_clock(base: &Path, profile: Profile, clock: Arc<dyn Clock>) -> Result<Backend, AppError> {
        let data_dir = buildcert_wallet::profile_dir(base, profile);
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| AppError { code: ErrorCode::DataDir, ..AppError::io(&data_dir, &e) })?;
        let wallet = buildcert_service::open_profile(base, profile)
            .map_err(|e| AppError { code: ErrorCode::DataDir, ..AppError::from(e) })?;
        let prefs = load_prefs(&data_dir.join(SETTINGS_FILE), &wallet)?;
        let session = Arc::new(Mutex::new(buildcert_service::Session::new(clock.now())));
        Ok(Backend {
            base_dir: base.to_path_buf(),
            profile,
            data_dir,
            clock,
            prefs: Mutex::new(prefs),
            wallet: Mutex::new(wallet),
            tender_running: AtomicBool::new(false),
            tender_cancel: AtomicBool::new(false),
            tender_current: Mutex::new(None),
            session,
        })
    }

    /// The data dir in use.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The base data folder (the real profile's).
    pub fn base_dir(&self) -> &Path {
        &self.base_dir
    }

    /// The profile open.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Now, in seconds since the epoch, from the backend's clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Today in UTC+08:00 (BC1 §1), from the backend's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    fn wallet(&self) -> Result<std::sync::MutexGuard<'_, Wallet>, AppError> {
        // A panic while the lock was held cannot leave the wallet half
        // written (every write is an SQLite transaction, rolled back), so a
        // poisoned lock is recovered rather than failing every later command.
        Ok(self.wallet.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The check context for a date (`None`: today in UTC+08:00), with the
    /// wallet's thresholds (`buildcert_service::check_context`).
    fn context(&self, w: &Wallet, check_date: Option<&str>) -> Result<CheckContext, AppError> {
        let date = buildcert_service::status::check_date(check_date, self.today()).map_err(|d| {
            AppError::invalid_input(
                &format!("核验日期格式应为 YYYY-MM-DD：{d}"),
                &format!("the check date must be YYYY-MM-DD: {d}"),
            )
        })?;
        Ok(buildcert_service::check_context(w, date, self.now())?)
    }

    /// The trust list in use and whether it is a demo (演示) one: a demo
    /// root signed it, or it is the demo profile's.
    fn trust(&self, w: &Wallet) -> Result<Option<(TrustList, bool)>, AppError> {
        Ok(w.current_trust_list(&[])?.map(|tl| {
            let demo = tl.demo;
            (tl, demo)
        }))
    }

    fn require_trust(&self, w: &Wallet) -> Result<(TrustList, bool), AppError> {
        self.trust(w)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NoTrustList,
                "尚未导入信任列表，请在“设置”中导入",
                "no trust list yet: import one in Settings",
            )
        })
    }

    fn trust_info(&self, w: &Wallet) -> Result<Option<TrustListInfo>, AppError> {
        let Some((tl, demo)) = self.trust(w)? else { return Ok(None) };
        let hist = w.trust_history()?;
        let h = hist.iter().find(|h| h.seq == tl.seq);
        let now = self.now();
        let day = |t: i64| buildcert_bc1::date::cst_date_of(t).map(format_date).unwrap_or_default();
        Ok(Some(TrustListInfo {
            seq: tl.seq as u32,
            issued: day(tl.issued),
            next: day(tl.next),
            stale: now > tl.next,
            keys: tl.keys.len() as u32,
            revoked: h.map(|h| h.revoked as u32).unwrap_or(tl.rl.len() as u32),
            cancelled: h.map(|h| h.cancelled as u32).unwrap_or(tl.rr.len() as u32),
            age_days: ((now - tl.issued).max(0) / 86_400) as i32,
            demo,
            root_kid: tl.root_kid.clone(),
        }))
    }

    /// The UI's preferences (language, ID masking).
    pub fn prefs(&self) -> UiPrefs {
        self.prefs.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The settings as the settings screen shows them: the UI's preferences
    /// and, from the wallet, the usage warning (its first reminder) and the
    /// verification log switch.
    pub fn settings(&self) -> Settings {
        let p = self.prefs();
        let ws = self.wallet().ok().and_then(|w| w.settings().ok()).unwrap_or_default();
        Settings {
            language: p.language,
            mask_id_numbers: p.mask_id_numbers,
            expiring_threshold_days: u32::try_from(usage_warning_days(&ws)).unwrap_or(30),
            verification_log: ws.inspector_log,
        }
    }

    /// Replaces the settings: the usage warning and the log switch go into
    /// the wallet's settings, the preferences into `settings.json`.
    pub fn set_settings(&self, new: Settings) -> Result<Settings, AppError> {
        {
            let w = self.wallet()?;
            let mut ws = w.settings()?;
            set_usage_warning_days(&mut ws, i64::from(new.expiring_threshold_days))?;
            ws.inspector_log = new.verification_log;
            w.set_settings(&ws)?;
        }
        let prefs = UiPrefs { language: new.language, mask_id_numbers: new.mask_id_numbers };
        save_prefs(&self.data_dir.join(SETTINGS_FILE), &prefs)?;
        *self.prefs.lock().unwrap_or_else(|p| p.into_inner()) = prefs;
        Ok(self.settings())
    }

    /// The wallet's alerts not announced yet, as desktop notifications in
    /// the UI's language; they count as announced from now on. More than
    /// [`MAX_NOTIFICATIONS`] become one summary.
    pub fn take_new_notifications(&self) -> Result<Vec<Notification>, AppError> {
        let w = self.wallet()?;
        let alerts = buildcert_service::status::take_new_alerts(&w, self.today(), self.now())?;
        let en = self.prefs().language == Language::En;
        let mut out = notifications(&alerts, en);
        // Reminders about demo certificates say so.
        if self.trust(&w)?.is_some_and(|(_, demo)| demo) {
            for n in &mut out {
                n.title = format!("{}{}", if en { "[DEMO] " } else { "【演示】" }, n.title);
            }
        }
        Ok(out)
    }

    /// Imports a trust list file (verified under the pinned roots).
    pub fn trust_import(&self, path: &str) -> Result<AppInfo, AppError> {
        let bytes = files::read_file(path)?;
        self.wallet()?.import_trust_list(&bytes, &[], self.now())?;
        self.app_info()
    }

    /// Pins a root key (64 hex characters).
    pub fn trust_pin_root(&self, hex_key: &str, label: &str, demo: bool) -> Result<AppInfo, AppError> {
        self.wallet()?.pin_root(hex_key.trim(), label.trim(), demo)?;
        self.app_info()
    }

    /// Facts about the app for the settings screen.
    pub fn app_info(&self) -> Result<AppInfo, AppError> {
        let w = self.wallet()?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            trust_list: self.trust_info(&w)?,
            placeholder_backend: false,
            roots: w
                .pinned_roots()?
                .into_iter()
                .map(|r| RootKeyInfo { kid: r.kid, label: r.label, demo: r.demo })
                .collect(),
            wallet_count: w.count()? as u32,
            demo_offer: buildcert_service::demo_offer(self.profile, &w)?,
            profile: match self.profile {
                Profile::Real => "real".into(),
                Profile::Demo => "demo".into(),
            },
            demo_installed: buildcert_service::demo_installed(&self.base_dir),
        })
    }
}

/// Reads the UI preferences. A damaged file must not stop the app: the
/// defaults are used. A usage threshold older versions kept here moves into
/// the wallet's settings once, and the file is rewritten without it.
fn load_prefs(path: &Path, w: &Wallet) -> Result<UiPrefs, AppError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UiPrefs::default()),
        Err(e) => return Err(AppError::io(path, &e)),
    };
    let prefs: UiPrefs = serde_json::from_slice(&bytes).unwrap_or_default();
    let legacy: LegacySettings = serde_json::from_slice(&bytes).unwrap_or_default();
    if let Some(days) = legacy.expiring_threshold_days {
        let mut ws = w.settings()?;
        if usage_warning_days(&ws) != days && set_usage_warning_days(&mut ws, days).is_ok() {
            w.set_settings(&ws)?;
        }
        save_prefs(path, &prefs)?;
    }
    Ok(prefs)
}

fn save_prefs(path: &Path, prefs: &UiPrefs) -> Result<(), AppError> {
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(prefs).map_err(|e| {
        AppError::new(ErrorCode::Internal, &format!("无法保存设置：{e}"), &format!("cannot save settings: {e}"))
    })?;
    std::fs::write(&tmp, json).map_err(|e| AppError::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| AppError::io(path, &e))?;
    Ok(())
}
