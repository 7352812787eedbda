//! Use-cases the BuildCert app and the `buildcert` command line share, so
//! the two can never disagree: which data folder (profile) is open,
//! installing or removing the demo (演示), the clock ([`clock`]), the check
//! context, each copy's status with its older copies grouped under it and
//! the alerts ([`status`]), the one settings store ([`settings`]), the
//! official-format entry form ([`form`]), where a file offered to the
//! wallet goes ([`intake`]), the verification log file and
//! restoring a backup ([`upkeep`]), and the wallet entries a tender check
//! reads from memory ([`wallet_tender_inputs`]).
//!
//! Every function takes the date and the time it works at (or a
//! [`Clock`]): nothing here reads the computer's clock, so tests run at a
//! fixed date. `tests/agreement.rs` pins that the app's and the command
//! line's calls agree.
//!
//! ## The demo profile
//!
//! Demo data lives in its own profile, `<data dir>/demo-profile`
//! ([`buildcert_wallet::profile_dir`]), with its own wallet and trust
//! store; the real profile (`<data dir>` itself) is never touched by it.
//! [`install_demo`] writes a demo set signed with fresh random keys (no
//! private key is kept anywhere), pins its root as a demo root in the demo
//! wallet, imports its trust list and its certificates. Every verdict in
//! that profile says 演示 / DEMO. [`remove_demo`] deletes the folder.

use std::path::{Path, PathBuf};

pub mod clock;
pub mod form;
pub mod intake;
pub mod record;
pub mod settings;
pub mod status;
pub mod upkeep;

pub use clock::{Clock, FixedClock, SystemClock};
pub use form::{entry_from_form, form_with_sets, set_form_field, OfficialForm, OfficialSpecialtyForm};
pub use intake::{intake, Intake};
pub use record::{
    record_pdf, write_record_pdf, InspectionRecord, OfficialPart, RecordScope, RecordedCheck, Session, TrustStamp,
};
pub use status::{check_context, demo_offer, entry_status, wallet_overview, EntryStatus, EntryView};
pub use upkeep::{restore_backup, write_log_csv, CSV_BOM};

use buildcert_bc1::CheckContext;
pub use buildcert_bc1::Localized;
use buildcert_issuer::{demo, DemoOptions};
use buildcert_tender::TenderInput;
use buildcert_wallet::{profile_dir, Profile, Wallet, WalletError};
use chrono::NaiveDate;

/// Label of the pinned demo root.
pub const DEMO_ROOT_LABEL: &str = "演示根密钥 DEMO root";
/// Folder of the demo set inside the demo profile.
pub const DEMO_SET_DIR: &str = "set";
/// Seed of the demo people (the keys are random).
pub const DEMO_SEED: u64 = 1;

/// What can go wrong in a use-case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The wallet refused or failed.
    #[error("{}", .0.en())]
    Wallet(#[from] WalletError),
    /// The demo set could not be made (fonts, disk).
    #[error("cannot make the demo data: {en}")]
    Demo {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// An input was refused (a value out of range, a date that is not one).
    #[error("{en}")]
    Invalid {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// A file or folder could not be read, written or removed.
    #[error("cannot read, write or remove {path}: {detail}. Check the path and permissions.")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        detail: String,
    },
}

impl ServiceError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Wallet(e) => e.code(),
            ServiceError::Demo { .. } => "demo",
            ServiceError::Invalid { .. } => "invalid_input",
            ServiceError::Io { .. } => "io",
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ServiceError::Wallet(e) => e.zh(),
            ServiceError::Demo { zh, .. } => format!("无法生成演示数据：{zh}"),
            ServiceError::Invalid { zh, .. } => zh.clone(),
            ServiceError::Io { path, detail } => {
                format!("无法读写或删除 {}：{detail}。请检查路径和权限。", path.display())
            }
        }
    }

    /// The message in English (the same as `Display`).
    pub fn en(&self) -> String {
        self.to_string()
    }

    /// What is wrong and what to do, in Chinese and in English.
    pub fn localized(&self) -> buildcert_bc1::Localized {
        match self {
            ServiceError::Wallet(e) => e.localized(),
            _ => buildcert_bc1::Localized { zh: self.zh(), en: self.en() },
        }
    }

    pub(crate) fn io(path: &Path, e: std::io::Error) -> Self {
        ServiceError::Io { path: path.to_path_buf(), detail: e.to_string() }
    }
}

/// What a row of a tender check that came from a wallet entry is called.
pub fn wallet_label(name: &str) -> String {
    format!("证书夹 / wallet: {name}")
}

/// The wallet entries `keys` (wallet ids or e-licence identifiers) as
/// tender inputs held in memory: each one's original file, else its QR
/// text (`qr.txt`), named by [`wallet_label`]. Nothing is written to disk,
/// so no copy of personal data is left behind if the program stops.
pub fn wallet_tender_inputs(w: &Wallet, keys: &[String]) -> Result<Vec<TenderInput>, WalletError> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let id = w.resolve(key)?;
        let (name, bytes) = match w.original_file(id) {
            Ok(f) => f,
            Err(_) => match w.qr_text(id)? {
                Some(t) => ("qr.txt".to_string(), t.into_bytes()),
                None => return Err(WalletError::NotFound(key.clone())),
            },
        };
        out.push(TenderInput::Bytes { name: wallet_label(&name), bytes });
    }
    Ok(out)
}

/// The folder of the demo profile under the base data folder.
pub fn demo_dir(base: &Path) -> PathBuf {
    profile_dir(base, Profile::Demo)
}

/// Whether the demo is installed (its wallet exists and pins a root).
pub fn demo_installed(base: &Path) -> bool {
    let dir = demo_dir(base);
    dir.join(buildcert_wallet::DB_FILE).is_file()
        && Wallet::open_demo(&dir).and_then(|w| w.pinned_roots()).map(|r| !r.is_empty()).unwrap_or(false)
}

/// What [`install_demo`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoInstalled {
    /// The demo profile's folder.
    pub dir: PathBuf,
    /// Certificates put into the demo wallet.
    pub added: u32,
    /// Certificates the wallet refused (demo states such as a revoked one).
    pub refused: u32,
    /// Fingerprint of the demo root ([`buildcert_wallet::profile::fingerprint`]).
    pub root_fingerprint: String,
    /// The demo was already installed; nothing was changed.
    pub already: bool,
}

/// Installs the demo into the demo profile under `base` (see the crate
/// docs), for the check date `today` at `now`. When it is installed
/// already, nothing changes. The real profile is never opened.
pub fn install_demo(base: &Path, today: NaiveDate, now: i64) -> Result<DemoInstalled, ServiceError> {
    let dir = demo_dir(base);
    let w = Wallet::open_demo(&dir)?;
    if let Some(root) = w.pinned_roots()?.into_iter().find(|r| r.demo) {
        return Ok(DemoInstalled {
            dir,
            added: 0,
            refused: 0,
            root_fingerprint: buildcert_wallet::profile::fingerprint(&root.key.to_bytes()),
            already: true,
        });
    }
    let demo_error = |e: buildcert_issuer::IssuerError| {
        let m = e.localized();
        ServiceError::Demo { zh: m.zh, en: m.en }
    };
    let fonts = buildcert_issuer::load_fonts(None).map_err(demo_error)?;
    let set = dir.join(DEMO_SET_DIR);
    let opts = DemoOptions { random_keys: true, ..DemoOptions::new(DEMO_SEED, today) };
    let manifest = demo(&set, &opts, &fonts).map_err(demo_error)?;
    buildcert_wallet::profile::private_dir(&set)?;
    w.pin_root(&manifest.root.public, DEMO_ROOT_LABEL, true)?;
    // The first list only: the later one revokes certificates, to show an update.
    let mut lists: Vec<_> = manifest.trust_lists.iter().collect();
    lists.sort_by_key(|t| t.seq);
    if let Some(t) = lists.first() {
        let path = set.join(&t.path);
        let bytes = std::fs::read(&path).map_err(|e| ServiceError::io(&path, e))?;
        w.import_trust_list(&bytes, &[], now)?;
    }
    let trust = w.current_trust_list(&[])?;
    let mut ctx = CheckContext::new(today, now);
    ctx.thresholds = w.settings()?.thresholds();
    let (mut added, mut refused) = (0, 0);
    for f in manifest.files.iter().filter(|f| f.kind == "certificate_pdf") {
        let path = set.join(&f.path);
        let bytes = std::fs::read(&path).map_err(|e| ServiceError::io(&path, e))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match w.import(&name, &bytes, trust.as_ref(), &ctx, true) {
            Ok(_) => added += 1,
            Err(_) => refused += 1,
        }
    }
    let raw: [u8; 32] = buildcert_bc1::parse_root_key(&manifest.root.public).map(|k| k.to_bytes()).map_err(|e| {
        let m = e.localized();
        ServiceError::Demo { zh: m.zh, en: m.en }
    })?;
    Ok(DemoInstalled {
        dir,
        added,
        refused,
        root_fingerprint: buildcert_wallet::profile::fingerprint(&raw),
        already: false,
    })
}

/// Deletes the demo profile under `base` with everything in it. Returns
/// whether there was one. The real profile is not touched.
pub fn remove_demo(base: &Path) -> Result<bool, ServiceError> {
    let dir = demo_dir(base);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ServiceError::io(&dir, e)),
    }
}

/// Removes what older versions left in the real profile's data folder:
/// the demo set's private key files in `<base>/demo`. Returns the files
/// removed. (The demo roots and lists older versions pinned in the real
/// wallet are removed by the wallet itself when it is first opened.)
pub fn remove_legacy_demo_keys(base: &Path) -> Vec<PathBuf> {
    let mut gone = Vec::new();
    for name in ["root.key.pem", "issuer.key.pem"] {
        let p = base.join("demo").join(name);
        if std::fs::remove_file(&p).is_ok() {
            gone.push(p);
        }
    }
    gone
}

/// Opens the wallet of a profile under `base` (the demo profile's is
/// marked as the demo's), after removing what older versions left behind.
pub fn open_profile(base: &Path, profile: Profile) -> Result<Wallet, ServiceError> {
    remove_legacy_demo_keys(base);
    Ok(match profile {
        Profile::Real => Wallet::open(base)?,
        Profile::Demo => Wallet::open_demo(&demo_dir(base))?,
    })
}
