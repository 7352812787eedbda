//! The app's backend: every command's work, done by calling the BuildCert
//! crates (`buildcert-check` to read and verify, `buildcert-scan` for camera
//! frames, `buildcert-wallet` for the wallet, trust lists and reminders).
//! No business rule lives here: this only converts between the crates'
//! types and the IPC types of `types.rs`.
//!
//! Display settings (language, ID masking, usage threshold, log) are a JSON
//! file in the data dir; the wallet's inspector-log switch follows them.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use buildcert_bc1::date::{format_date, parse_date, today_cst};
use buildcert_bc1::rules::mask_id;
use buildcert_bc1::{CheckContext, TrustList, Verdict as Bc1Verdict};
use buildcert_check::{Outcome, OutcomeStatus};
use buildcert_wallet::{ListFilter, Profile, TrustState, Wallet};

use crate::error::{AppError, ErrorCode};
use crate::types::{
    AppInfo, CertFacts, CertificateView, EntryKind, Localized, OfficialDraft, OfficialEntryView, Period, Point, Reason,
    RootKeyInfo, Settings, Source, Specialty, SpecialtyFact, TrustListInfo, Verdict, VerifyFileRequest, VerifyOutcome,
    VerifyTextRequest, WalletCopy, WalletEntry, WalletImport,
};

mod demo;
pub mod official;
mod tender;
// Trust list update, backup/restore, verification log: src/maintenance.rs.
#[path = "maintenance.rs"]
pub mod maintenance;

/// Name of the settings file inside the data dir.
pub const SETTINGS_FILE: &str = "settings.json";

/// A camera frame handed to the QR reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel layout.
    pub format: crate::types::FrameFormat,
    /// Pixels, row by row, no padding.
    pub data: Vec<u8>,
}

/// Largest frame accepted (pixels); the UI sends about 640×480.
pub const MAX_FRAME_PIXELS: u64 = 1920 * 1080;

impl Frame {
    /// Checks that the dimensions are sane and match the data length.
    pub fn new(width: u32, height: u32, format: crate::types::FrameFormat, data: Vec<u8>) -> Result<Frame, AppError> {
        let pixels = u64::from(width) * u64::from(height);
        let channels = match format {
            crate::types::FrameFormat::Luma => 1,
            crate::types::FrameFormat::Rgba => 4,
        };
        if width == 0 || height == 0 || pixels > MAX_FRAME_PIXELS {
            return Err(AppError::invalid_input(
                &format!("图像尺寸不支持：{width}×{height}"),
                &format!("unsupported frame size: {width}×{height}"),
            ));
        }
        if pixels * channels != data.len() as u64 {
            return Err(AppError::invalid_input("图像数据长度与尺寸不符", "frame data length does not match its size"));
        }
        Ok(Frame { width, height, format, data })
    }
}

/// The app's access to wallet, verification and tender checks.
pub struct Backend {
    /// The base data folder (the real profile's).
    base_dir: PathBuf,
    /// Which profile is open.
    profile: Profile,
    /// The open profile's folder.
    data_dir: PathBuf,
    settings: Mutex<Settings>,
    wallet: Mutex<Wallet>,
    /// Set while a tender check runs (one at a time).
    tender_running: AtomicBool,
    /// Set to stop the running tender check.
    tender_cancel: AtomicBool,
    /// The last tender result shown (with its QR texts), for export and saving.
    tender_current: Mutex<Option<buildcert_tender::TenderResult>>,
}

fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn internal(what: &str) -> AppError {
    AppError::internal(what)
}

impl Backend {
    /// Opens the backend on a data dir (created if missing), real profile.
    pub fn open(data_dir: &Path) -> Result<Backend, AppError> {
        Self::open_profile(data_dir, Profile::Real)
    }

    /// Opens `profile` under the base data folder `base`: the real profile
    /// is `base`, the demo (演示) its own folder with its own wallet.
    pub fn open_profile(base: &Path, profile: Profile) -> Result<Backend, AppError> {
        let data_dir = buildcert_wallet::profile_dir(base, profile);
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| AppError { code: ErrorCode::DataDir, ..AppError::io(&data_dir, &e) })?;
        let settings = load_settings(&data_dir.join(SETTINGS_FILE))?;
        let wallet = buildcert_service::open_profile(base, profile)
            .map_err(|e| AppError::new(ErrorCode::DataDir, &e.zh(), &e.en()))?;
        Ok(Backend {
            base_dir: base.to_path_buf(),
            profile,
            data_dir,
            settings: Mutex::new(settings),
            wallet: Mutex::new(wallet),
            tender_running: AtomicBool::new(false),
            tender_cancel: AtomicBool::new(false),
            tender_current: Mutex::new(None),
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

    fn wallet(&self) -> Result<std::sync::MutexGuard<'_, Wallet>, AppError> {
        // A panic while the lock was held cannot leave the wallet half
        // written (every write is an SQLite transaction, rolled back), so a
        // poisoned lock is recovered rather than failing every later command.
        Ok(self.wallet.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The check context for a date (`None`: today in UTC+08:00), with the
    /// user's usage threshold.
    fn context(&self, w: &Wallet, check_date: Option<&str>) -> Result<CheckContext, AppError> {
        let now = now_secs();
        let date = match check_date.map(str::trim).filter(|d| !d.is_empty()) {
            None => today_cst(now),
            Some(d) => parse_date(d).ok_or_else(|| {
                AppError::invalid_input(
                    &format!("核验日期格式应为 YYYY-MM-DD：{d}"),
                    &format!("the check date must be YYYY-MM-DD: {d}"),
                )
            })?,
        };
        let mut ctx = CheckContext::new(date, now);
        let wallet_settings = w.settings().unwrap_or_default();
        ctx.thresholds = wallet_settings.thresholds();
        ctx.thresholds.usage_expiring_days = i64::from(self.settings().expiring_threshold_days);
        Ok(ctx)
    }

    /// The trust list in use and whether its root is a demo root.
    fn trust(&self, w: &Wallet) -> Result<Option<(TrustList, bool)>, AppError> {
        // The wallet marks a list demo when a demo root signed it or when it
        // is the demo profile's.
        let Some(tl) = w.current_trust_list(&[])? else { return Ok(None) };
        let demo = tl.demo;
        Ok(Some((tl, demo)))
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
        let now = now_secs();
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

    fn log(&self, w: &Wallet, o: &VerifyOutcome) {
        if !self.settings().verification_log {
            return;
        }
        let codes: Vec<&str> = o.reasons.iter().map(|r| r.code.as_str()).collect();
        let verdict =
            serde_json::to_value(o.verdict).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let cert = o.certificate.as_ref();
        // The wallet keeps a hash of the lid and a masked name only.
        let _ = w.log_verification(
            now_secs(),
            &verdict,
            &codes,
            cert.map(|c| c.lid.as_str()),
            cert.map(|c| c.name.as_str()),
        );
    }

    fn outcome(&self, w: &Wallet, o: &Outcome, source: Source, demo: bool) -> Result<VerifyOutcome, AppError> {
        let verdict = match o.status {
            OutcomeStatus::Valid => Verdict::Valid,
            OutcomeStatus::Warning => Verdict::Warning,
            OutcomeStatus::Invalid => Verdict::Invalid,
            OutcomeStatus::Error => Verdict::Error,
            OutcomeStatus::Unverified => Verdict::Unverified,
        };
        let v = o.verdict.as_ref();
        let mask = self.settings().mask_id_numbers;
        let out = VerifyOutcome {
            verdict,
            reasons: v.map(reasons).unwrap_or_default(),
            certificate: v.and_then(|v| {
                v.certificate.as_ref().map(|c| {
                    let seal = v.signer.as_ref().map(|s| s.seal.clone());
                    cert_view(c, seal, mask)
                })
            }),
            check_date: v.map(|v| format_date(v.check_date)).unwrap_or_default(),
            source,
            demo: demo && v.map(|v| v.signer.is_some()).unwrap_or(false),
            facts: v.and_then(facts),
            trust_list: self.trust_info(w)?,
            other_codes: o.other_codes.clone(),
            message: o.error.clone(),
            corners: vec![],
            other_code_details: o.other_codes.iter().map(|c| buildcert_official::describe_other_code(c)).collect(),
            official: None,
            typed_text_folded: false,
        };
        self.log(w, &out);
        Ok(out)
    }

    /// All wallet entries (current copies, older ones folded under them),
    /// verified today.
    pub fn wallet_list(&self) -> Result<Vec<WalletEntry>, AppError> {
        let w = self.wallet()?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        let all = w.list(&ListFilter { query: None, include_superseded: true })?;
        let mut out = Vec::new();
        for s in all.iter().filter(|s| !s.superseded) {
            let mut e = self.entry(&w, s.id, trust.as_ref(), &ctx)?;
            e.older_copies = all
                .iter()
                .filter(|o| o.superseded && o.registration == s.registration && o.holder_name == s.holder_name)
                .map(|o| WalletCopy {
                    id: o.id.to_string(),
                    lid: o.lid.clone().unwrap_or_default(),
                    downloaded: o.downloaded.map(format_date),
                    usage: Period { from: format_date(o.usage_from), to: format_date(o.usage_to) },
                })
                .collect();
            out.push(e);
        }
        Ok(out)
    }

    fn entry(
        &self,
        w: &Wallet,
        id: i64,
        trust: Option<&(TrustList, bool)>,
        ctx: &CheckContext,
    ) -> Result<WalletEntry, AppError> {
        let d = w.show(id, trust.map(|t| &t.0), ctx)?;
        let mask = self.settings().mask_id_numbers;
        if let (Some(entry), Some(v)) = (&d.official, &d.official_verdict) {
            // 未验证（官方格式）: never verified, whatever its dates say.
            let check = date_check(v);
            return Ok(WalletEntry {
                id: id.to_string(),
                kind: EntryKind::Official,
                certificate: cert_view(&d.certificate, None, true),
                verdict: Verdict::Unverified,
                reasons: check.reasons.clone(),
                added: buildcert_bc1::date::cst_date_of(d.summary.added_at).map(format_date).unwrap_or_default(),
                demo: false,
                facts: check.facts.clone(),
                older_copies: vec![],
                file_name: d.summary.file_name.clone(),
                official: Some(OfficialEntryView {
                    date_check: check,
                    query_urls: entry.query_urls.clone(),
                    edited: entry.edited.clone(),
                    id_given: entry.idn.as_deref().map(|i| !i.trim().is_empty()).unwrap_or(false),
                }),
            });
        }
        let (verdict, rs, facts, seal) = match &d.verdict {
            Some(v) => {
                let status = match (d.summary.trust_state, v.status) {
                    (TrustState::Unverified, _) => Verdict::Unverified,
                    (_, buildcert_bc1::Status::Valid) => Verdict::Valid,
                    (_, buildcert_bc1::Status::Warning) => Verdict::Warning,
                    (_, buildcert_bc1::Status::Invalid) => Verdict::Invalid,
                };
                (status, reasons(v), facts(v), v.signer.as_ref().map(|s| s.seal.clone()))
            }
            None => (Verdict::Unverified, d.stored_reasons.iter().map(reason).collect(), None, None),
        };
        Ok(WalletEntry {
            id: id.to_string(),
            certificate: cert_view(&d.certificate, seal, mask),
            verdict,
            reasons: rs,
            added: buildcert_bc1::date::cst_date_of(d.summary.added_at).map(format_date).unwrap_or_default(),
            demo: trust.map(|t| t.1).unwrap_or(false) && d.summary.trust_state != TrustState::Unverified,
            facts,
            older_copies: vec![],
            file_name: d.summary.file_name.clone(),
            kind: EntryKind::Bc1,
            official: None,
        })
    }

    /// One wallet entry.
    pub fn wallet_get(&self, id: &str) -> Result<WalletEntry, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        self.entry(&w, id, trust.as_ref(), &ctx)
    }

    fn import(&self, name: &str, bytes: &[u8]) -> Result<WalletEntry, AppError> {
        let w = self.wallet()?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        let r = w.import(name, bytes, trust.as_ref().map(|t| &t.0), &ctx, true)?;
        self.entry(&w, r.id, trust.as_ref(), &ctx)
    }

    /// Verifies a QR text and adds it to the wallet.
    pub fn wallet_import_text(&self, text: &str) -> Result<WalletEntry, AppError> {
        require_text(text)?;
        self.import("qr.txt", text.trim().as_bytes())
    }

    /// Reads an image or PDF: with a BC1 code it is verified and added to
    /// the wallet; a PDF without one (today's official format) is read for
    /// the official-format entry form instead.
    pub fn wallet_import_file(&self, path: &str) -> Result<WalletImport, AppError> {
        let bytes = read_file(path)?;
        let name = Path::new(path.trim()).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let limits = buildcert_scan::Limits::default();
        let reading = match buildcert_check::read(&bytes, &limits) {
            Ok(r) => Some(r),
            Err(buildcert_check::ReadError::NoCode) => None,
            Err(e) => {
                let m = e.to_string();
                return Err(AppError { code: ErrorCode::CertificateRefused, message: bilingual(&m) });
            }
        };
        let has_bc1 = reading.as_ref().map(|r| !r.bc1.is_empty() || r.attachment.is_some()).unwrap_or(false);
        if !has_bc1 && buildcert_scan::sniff(&bytes) == buildcert_scan::InputKind::Pdf {
            let w = self.wallet()?;
            let ctx = self.context(&w, None)?;
            drop(w);
            let (official, raw) = official_extract(&bytes, &limits, &ctx).ok_or_else(|| {
                AppError::new(
                    ErrorCode::CertificateRefused,
                    "无法读取该 PDF；如确为电子证书，请手动填写证书信息",
                    "this PDF cannot be read; if it is an e-certificate, type its fields in by hand",
                )
            })?;
            let form = official::form_from_extraction(&raw);
            return Ok(WalletImport {
                entry: None,
                official: Some(OfficialDraft {
                    path: path.trim().to_string(),
                    file_name: name,
                    reading: official,
                    form,
                }),
            });
        }
        let Some(reading) = reading else {
            return Err(AppError::new(
                ErrorCode::CertificateRefused,
                "文件中没有二维码，也没有 bc1.txt 附件；请选择电子证书原始文件",
                "the file holds no QR code and no bc1.txt attachment; choose the original e-certificate file",
            ));
        };
        let w = self.wallet()?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        let r = w.import_reading(&name, &bytes, &reading, trust.as_ref().map(|t| &t.0), &ctx, true)?;
        Ok(WalletImport { entry: Some(self.entry(&w, r.id, trust.as_ref(), &ctx)?), official: None })
    }

    /// Stores an official-format entry the holder confirmed (未验证（官方格式）),
    /// with its original file when `path` is given (read again, and its
    /// printed fields with it, to record what the holder changed).
    pub fn official_add(&self, path: Option<&str>, form: &crate::types::OfficialForm) -> Result<WalletEntry, AppError> {
        let limits = buildcert_scan::Limits::default();
        let file = match path.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => {
                let bytes = read_file(p)?;
                let name = Path::new(p).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Some((name, bytes))
            }
            None => None,
        };
        let extraction = file.as_ref().and_then(|(_, b)| buildcert_official::extract_from_pdf(b, &limits).ok());
        let read = extraction.as_ref().and_then(|x| x.fields().cloned());
        let urls: Vec<String> = extraction.as_ref().map(|x| x.query_urls().to_vec()).unwrap_or_default();
        let entry = official::entry_from_form(form, read.as_ref(), &urls, now_secs()).map_err(field_errors)?;
        let w = self.wallet()?;
        let r =
            w.add_official(&entry, read.as_ref(), file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())), now_secs())?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        self.entry(&w, r.id, trust.as_ref(), &ctx)
    }

    /// The stored fields of an official-format entry, as the form shows them
    /// (ID number masked), to correct them.
    pub fn official_form(&self, id: &str) -> Result<crate::types::OfficialForm, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        let e = w.official_entry(id)?;
        Ok(official::form_from_entry(&e))
    }

    /// Replaces the fields of a stored official-format entry (the holder
    /// corrects them); the original file stays.
    pub fn official_update(&self, id: &str, form: &crate::types::OfficialForm) -> Result<WalletEntry, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        let old = w.official_entry(id)?;
        let mut form = form.clone();
        // The form shows the ID number masked: unchanged means keep the stored one.
        if let Some(stored) = &old.idn {
            if form.idn.trim() == buildcert_official::mask_any_id(stored) {
                form.idn = stored.clone();
            }
        }
        let entry = official::entry_from_form(&form, None, &old.query_urls, now_secs()).map_err(field_errors)?;
        w.update_official(id, &entry, now_secs())?;
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        self.entry(&w, id, trust.as_ref(), &ctx)
    }

    /// Removes a wallet entry.
    pub fn wallet_remove(&self, id: &str) -> Result<(), AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        Ok(w.remove(id)?)
    }

    /// Writes the reminders (.ics) of the wallet to `path` (default: the data
    /// dir) and returns the path written.
    pub fn wallet_export_ics(&self, path: Option<&str>) -> Result<String, AppError> {
        let w = self.wallet()?;
        let ics = w.alerts_ics(today_cst(now_secs()))?;
        let p = match path.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => self.data_dir.join("buildcert-reminders.ics"),
        };
        std::fs::write(&p, ics).map_err(|e| AppError::io(&p, &e))?;
        Ok(p.display().to_string())
    }

    /// Imports a trust list file (verified under the pinned roots).
    pub fn trust_import(&self, path: &str) -> Result<AppInfo, AppError> {
        let bytes = read_file(path)?;
        self.wallet()?.import_trust_list(&bytes, &[], now_secs())?;
        self.app_info()
    }

    /// Pins a root key (64 hex characters).
    pub fn trust_pin_root(&self, hex_key: &str, label: &str, demo: bool) -> Result<AppInfo, AppError> {
        self.wallet()?.pin_root(hex_key.trim(), label.trim(), demo)?;
        self.app_info()
    }

    /// Verifies a QR text.
    pub fn verify_text(&self, req: &VerifyTextRequest) -> Result<VerifyOutcome, AppError> {
        require_text(&req.text)?;
        let w = self.wallet()?;
        let ctx = self.context(&w, req.check_date.as_deref())?;
        let (tl, demo) = self.require_trust(&w)?;
        let reading = buildcert_check::read_text(&req.text);
        let o = buildcert_check::check(&reading, &tl, &ctx);
        self.outcome(&w, &o, Source::Text, demo)
    }

    /// Reads the QR code of an image or PDF file and verifies it.
    pub fn verify_file(&self, req: &VerifyFileRequest) -> Result<VerifyOutcome, AppError> {
        let bytes = read_file(&req.path)?;
        // The wallet is locked only to read the trust list and settings, and
        // again to store the log line: never while a stranger's file is parsed.
        let (ctx, tl, demo) = {
            let w = self.wallet()?;
            let ctx = self.context(&w, req.check_date.as_deref())?;
            let (tl, demo) = self.require_trust(&w)?;
            (ctx, tl, demo)
        };
        let limits = buildcert_scan::Limits::default();
        let (o, reading, _ms) = buildcert_check::check_bytes(&bytes, &limits, &tl, &ctx);
        let w = self.wallet()?;
        let source = match reading.map(|r| r.source) {
            Some(buildcert_check::Source::Pdf) => Source::Pdf,
            Some(buildcert_check::Source::Text) => Source::Text,
            _ => Source::Image,
        };
        let mut out = self.outcome(&w, &o, source, demo)?;
        if o.verdict.is_none() && buildcert_scan::sniff(&bytes) == buildcert_scan::InputKind::Pdf {
            // No BC1 code: an official-format certificate shows its printed fields.
            out.official = official_reading(&bytes, &limits, &ctx);
            if out.official.is_some() {
                out.verdict = Verdict::Unverified;
            }
        }
        Ok(out)
    }

    /// Looks for a QR code in one camera frame; `None` when there is none.
    pub fn verify_frame(&self, frame: &Frame, check_date: Option<&str>) -> Result<Option<VerifyOutcome>, AppError> {
        let codes = match frame.format {
            crate::types::FrameFormat::Luma => buildcert_scan::scan_luma_frame(frame.width, frame.height, &frame.data),
            crate::types::FrameFormat::Rgba => buildcert_scan::scan_rgba_frame(frame.width, frame.height, &frame.data),
        };
        let Some(code) = codes.iter().find(|c| c.is_bc1()).or(codes.first()) else { return Ok(None) };
        let w = self.wallet()?;
        let ctx = self.context(&w, check_date)?;
        let (tl, demo) = self.require_trust(&w)?;
        let reading = buildcert_check::read_text(&code.text);
        let o = buildcert_check::check(&reading, &tl, &ctx);
        let mut out = self.outcome(&w, &o, Source::Camera, demo)?;
        out.corners = code.corners.iter().map(|[x, y]| Point { x: *x, y: *y }).collect();
        Ok(Some(out))
    }

    /// Today in UTC+08:00 (BC1 §1).
    pub fn today(&self) -> chrono::NaiveDate {
        today_cst(now_secs())
    }

    /// The wallet's alerts not announced yet, as desktop notifications in
    /// the UI's language; they count as announced from now on. More than
    /// [`MAX_NOTIFICATIONS`] become one summary.
    pub fn take_new_notifications(&self) -> Result<Vec<Notification>, AppError> {
        let w = self.wallet()?;
        let now = now_secs();
        let alerts = w.take_new_alerts(today_cst(now), now)?;
        let en = self.settings().language == crate::types::Language::En;
        let mut out = notifications(&alerts, en);
        // Reminders about demo certificates say so.
        if self.trust(&w)?.is_some_and(|(_, demo)| demo) {
            for n in &mut out {
                n.title = format!("{}{}", if en { "[DEMO] " } else { "【演示】" }, n.title);
            }
        }
        Ok(out)
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Replaces the settings and saves them.
    pub fn set_settings(&self, new: Settings) -> Result<Settings, AppError> {
        if new.expiring_threshold_days == 0 || new.expiring_threshold_days > 180 {
            return Err(AppError::invalid_input(
                "提醒天数应在 1 到 180 之间",
                "the reminder threshold must be 1 to 180 days",
            ));
        }
        save_settings(&self.data_dir.join(SETTINGS_FILE), &new)?;
        {
            // The wallet's inspector-log switch follows the app's.
            let w = self.wallet()?;
            let mut ws = w.settings().unwrap_or_default();
            if ws.inspector_log != new.verification_log {
                ws.inspector_log = new.verification_log;
                w.set_settings(&ws)?;
            }
        }
        let mut guard = self
            .settings
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "设置状态损坏", "settings state poisoned"))?;
        *guard = new.clone();
        Ok(new)
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
            demo_offer: self.profile == Profile::Real && w.count()? == 0 && self.trust(&w)?.is_none(),
            profile: match self.profile {
                Profile::Real => "real".into(),
                Profile::Demo => "demo".into(),
            },
            demo_installed: buildcert_service::demo_installed(&self.base_dir),
        })
    }
}

/// Reads an official-format PDF's printed fields (ID number masked) and runs
/// the date rules on them; `None` when it is not a PDF that can be read.
pub(crate) fn official_reading(
    bytes: &[u8],
    limits: &buildcert_scan::Limits,
    ctx: &CheckContext,
) -> Option<crate::types::OfficialReading> {
    official_extract(bytes, limits, ctx).map(|(r, _)| r)
}

/// [`official_reading`] and the extraction as read (ID number as printed), for the entry form.
pub(crate) fn official_extract(
    bytes: &[u8],
    limits: &buildcert_scan::Limits,
    ctx: &CheckContext,
) -> Option<(crate::types::OfficialReading, buildcert_official::Extraction)> {
    use buildcert_official::{evaluate, extract_from_pdf, ConfirmedEntry, Extraction};
    let extraction = extract_from_pdf(bytes, limits).ok()?;
    let raw = extraction.clone();
    let (zh, en) = extraction.message();
    let date_check = extraction
        .fields()
        .and_then(|f| ConfirmedEntry::from_fields(f, now_secs()))
        .map(|e| date_check(&evaluate(&e, ctx.date, &ctx.thresholds)));
    let extraction = match extraction {
        Extraction::Fields { fields, missing, notices } => {
            Extraction::Fields { fields: fields.masked(), missing, notices }
        }
        other => other,
    };
    Some((crate::types::OfficialReading { extraction, message: Localized { zh, en }, date_check }, raw))
}

/// The date rules' result on an official-format entry, as the UI shows it.
pub(crate) fn date_check(v: &buildcert_official::OfficialVerdict) -> crate::types::OfficialDateCheck {
    use buildcert_official::DateStatus;
    let (zh, en) = v.date_status.words();
    crate::types::OfficialDateCheck {
        date_status: match v.date_status {
            DateStatus::Valid => Verdict::Valid,
            DateStatus::Warning => Verdict::Warning,
            DateStatus::Invalid => Verdict::Invalid,
        },
        date_words: Localized { zh: zh.into(), en: en.into() },
        reasons: v.reasons.iter().map(reason).collect(),
        facts: Some(facts_of(&v.facts)),
        check_date: format_date(v.check_date),
        explanation: Localized { zh: v.explanation_zh.clone(), en: v.explanation_en.clone() },
    }
}

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

fn reason(r: &buildcert_bc1::Reason) -> Reason {
    Reason {
        code: r.code.as_str().to_string(),
        severity: r.severity,
        message: Localized { zh: r.zh.clone(), en: r.en.clone() },
    }
}

fn reasons(v: &Bc1Verdict) -> Vec<Reason> {
    v.reasons.iter().map(reason).collect()
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn facts(v: &Bc1Verdict) -> Option<CertFacts> {
    v.facts.as_ref().map(facts_of)
}

fn facts_of(f: &buildcert_bc1::Facts) -> CertFacts {
    CertFacts {
        usage_days_left: f.usage_days_left.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        usage_end_cause: enum_str(&f.usage_end_cause),
        usage_cap: format_date(f.usage_cap),
        birthday65: format_date(f.birthday65),
        specialties: f
            .specialties
            .iter()
            .map(|s| SpecialtyFact {
                name: s.name.clone(),
                from: format_date(s.from),
                to: format_date(s.to),
                state: enum_str(&s.state),
                days_left: s.days_left.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
                renewal_window_from: format_date(s.renewal_window_from),
            })
            .collect(),
    }
}

fn cert_view(c: &buildcert_bc1::Certificate, seal: Option<String>, mask: bool) -> CertificateView {
    CertificateView {
        lid: c.lid.clone(),
        reg: c.reg.clone(),
        name: c.name.clone(),
        sex: c.sex.as_str().to_string(),
        dob: format_date(c.dob),
        id_number: if mask { mask_id(&c.idn) } else { c.idn.clone() },
        id_number_masked: mask,
        id_number_full: c.idn.clone(),
        employer: c.emp.clone(),
        uscc: c.uscc.clone(),
        issued: format_date(c.issued),
        issuer: c.iss.clone(),
        seal,
        specialties: c
            .spec
            .iter()
            .map(|s| Specialty {
                name: s.n.clone(),
                validity: Period { from: format_date(s.from), to: format_date(s.to) },
            })
            .collect(),
        usage: Period { from: format_date(c.usage.from), to: format_date(c.usage.to) },
    }
}

/// Largest file a command reads (a certificate PDF, image or trust list):
/// the limit of the scanner, which reads it next.
pub fn max_input_bytes() -> u64 {
    buildcert_scan::Limits::default().max_file_bytes
}

/// Reads a file the user chose: an absolute path to a regular file no
/// larger than [`max_input_bytes`], read with that bound.
pub(crate) fn read_file(path: &str) -> Result<Vec<u8>, AppError> {
    use std::io::Read;
    let p = Path::new(path.trim());
    if !p.is_absolute() {
        return Err(AppError::invalid_input(
            &format!("请给出文件的完整路径：{}", p.display()),
            &format!("give the file's full path: {}", p.display()),
        ));
    }
    // A named pipe, device or folder is refused before it is opened: opening
    // a FIFO for reading would block until a writer came.
    let not_a_file = || {
        AppError::invalid_input(
            &format!("这不是文件：{}", p.display()),
            &format!("this is not a file: {}", p.display()),
        )
    };
    if !std::fs::metadata(p).map_err(|e| AppError::io(p, &e))?.is_file() {
        return Err(not_a_file());
    }
    let f = std::fs::File::open(p).map_err(|e| AppError::io(p, &e))?;
    let meta = f.metadata().map_err(|e| AppError::io(p, &e))?;
    if !meta.is_file() {
        return Err(AppError::invalid_input(
            &format!("这不是文件：{}", p.display()),
            &format!("this is not a file: {}", p.display()),
        ));
    }
    let max = max_input_bytes();
    if meta.len() > max {
        return Err(AppError::invalid_input(
            &format!("文件过大（{} 字节，上限 {max}）：{}", meta.len(), p.display()),
            &format!("file too large ({} bytes, the limit is {max}): {}", meta.len(), p.display()),
        ));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1).read_to_end(&mut buf).map_err(|e| AppError::io(p, &e))?;
    if buf.len() as u64 > max {
        return Err(AppError::invalid_input("文件过大", "file too large"));
    }
    Ok(buf)
}

/// The form's problems as one `invalid_input` error (the form shows them field by field first).
fn field_errors(errors: Vec<buildcert_official::FieldError>) -> AppError {
    let zh: Vec<&str> = errors.iter().map(|e| e.zh.as_str()).collect();
    let en: Vec<&str> = errors.iter().map(|e| e.en.as_str()).collect();
    AppError::invalid_input(
        &format!("请更正后再保存：{}", zh.join("；")),
        &format!("correct these first: {}", en.join("; ")),
    )
}

/// A message as `中文 / English` (crate messages usually are already).
fn bilingual(m: &str) -> String {
    if m.contains(" / ") {
        m.to_string()
    } else {
        format!("{m} / {m}")
    }
}

fn require_text(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid_input("请输入或扫描二维码内容", "enter or scan the QR text"));
    }
    Ok(())
}

fn load_settings(path: &Path) -> Result<Settings, AppError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).or_else(|_| {
            // A damaged settings file must not stop the app: start from defaults.
            Ok(Settings::default())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(AppError::io(path, &e)),
    }
}

fn save_settings(path: &Path, settings: &Settings) -> Result<(), AppError> {
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(settings).map_err(|e| {
        AppError::new(ErrorCode::Internal, &format!("无法保存设置：{e}"), &format!("cannot save settings: {e}"))
    })?;
    std::fs::write(&tmp, json).map_err(|e| AppError::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| AppError::io(path, &e))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::types::{FrameFormat, Language};

    #[test]
    fn settings_default_then_persist_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        assert_eq!(b.settings(), Settings::default());
        let new = Settings { language: Language::En, ..Settings::default() };
        b.set_settings(new.clone()).unwrap();
        let again = Backend::open(dir.path()).unwrap();
        assert_eq!(again.settings(), new);
        let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
        assert!(text.contains("\"language\": \"en\""), "{text}");
    }

    #[test]
    fn damaged_settings_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        let b = Backend::open(dir.path()).unwrap();
        assert_eq!(b.settings(), Settings::default());
    }

    #[test]
    fn rejects_out_of_range_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let bad = Settings { expiring_threshold_days: 0, ..Settings::default() };
        assert_eq!(b.set_settings(bad).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn empty_text_is_invalid_input_and_no_trust_list_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let empty = VerifyTextRequest { text: " \r\n".into(), check_date: None };
        assert_eq!(b.verify_text(&empty).unwrap_err().code, ErrorCode::InvalidInput);
        let some = VerifyTextRequest { text: "BC1:XYZ\r\n".into(), check_date: None };
        assert_eq!(b.verify_text(&some).unwrap_err().code, ErrorCode::NoTrustList);
    }

    /// A backend with the bc1 test kit's root pinned (demo) and its trust list imported.
    pub(crate) fn with_sample() -> (tempfile::TempDir, Backend, String) {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let (trust, root, text) = buildcert_bc1::testkit::sample();
        b.trust_pin_root(&hex::encode(root.to_bytes()), "test root", true).unwrap();
        let tl = dir.path().join("trust.bctl");
        std::fs::write(&tl, trust).unwrap();
        let info = b.trust_import(&tl.display().to_string()).unwrap();
        let t = info.trust_list.expect("trust list in use");
        assert_eq!((t.seq, t.demo), (1, true));
        (dir, b, text)
    }

    #[test]
    fn verifies_through_the_crates_and_the_check_date_matters() {
        let (_dir, b, text) = with_sample();
        let at = |d: &str| VerifyTextRequest { text: format!("  {text}\n"), check_date: Some(d.into()) };
        let ok = b.verify_text(&at("2026-10-01")).unwrap();
        assert_eq!(ok.verdict, crate::types::Verdict::Valid, "{:?}", ok.reasons);
        let cert = ok.certificate.expect("verified certificate");
        assert!(cert.id_number.contains('*') && !cert.id_number_full.contains('*'));
        assert!(ok.facts.is_some() && ok.trust_list.is_some() && ok.demo);
        let late = b.verify_text(&at("2027-03-01")).unwrap();
        assert_eq!(late.verdict, crate::types::Verdict::Invalid);
        assert!(late.reasons.iter().any(|r| r.code == "usage_expired"));
        let bad = b.verify_text(&VerifyTextRequest { text: "BC1:???".into(), check_date: None }).unwrap();
        assert_eq!(bad.verdict, crate::types::Verdict::Invalid);
        let url =
            b.verify_text(&VerifyTextRequest { text: "https://example.invalid/q".into(), check_date: None }).unwrap();
        assert_eq!(url.verdict, crate::types::Verdict::Unverified);
        assert_eq!(url.other_codes, vec!["https://example.invalid/q".to_string()]);
        let e = b.verify_text(&at("2026-13-01")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn wallet_import_list_get_remove_and_ics() {
        let (dir, b, text) = with_sample();
        if today_cst(now_secs()) > parse_date("2027-02-27").unwrap() {
            return; // the test kit's sample is then over and the wallet refuses it
        }
        let added = b.wallet_import_text(&text).unwrap();
        let list = b.wallet_list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, added.id);
        assert_eq!(b.wallet_get(&added.id).unwrap().certificate.reg, "京1110020230000001");
        let ics = b.wallet_export_ics(None).unwrap();
        assert!(ics.starts_with(&dir.path().display().to_string()));
        b.wallet_remove(&added.id).unwrap();
        assert!(b.wallet_list().unwrap().is_empty());
        assert_eq!(b.wallet_get(&added.id).unwrap_err().code, ErrorCode::NotFound);
    }

    #[test]
    fn frame_size_must_match_data() {
        assert!(Frame::new(4, 2, FrameFormat::Luma, vec![0; 8]).is_ok());
        assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 32]).is_ok());
        assert!(Frame::new(4, 2, FrameFormat::Rgba, vec![0; 8]).is_err());
        assert!(Frame::new(0, 2, FrameFormat::Luma, vec![]).is_err());
        assert!(Frame::new(4000, 4000, FrameFormat::Luma, vec![0; 16_000_000]).is_err());
    }

    fn alert(name: &str, zh: &str, en: &str) -> buildcert_wallet::Alert {
        buildcert_wallet::Alert {
            cert_id: 1,
            lid: None,
            registration: "京1110020230000001".into(),
            holder_name: name.into(),
            id_masked: "**************123X".into(),
            subject: buildcert_wallet::AlertSubject::Usage,
            specialty: None,
            code: buildcert_bc1::Code::UsageExpiring,
            severity: buildcert_bc1::Severity::Warning,
            state: buildcert_wallet::AlertState::Expiring,
            step: "expiring@30".into(),
            due: parse_date("2026-10-30").unwrap(),
            days_left: 29,
            zh: zh.into(),
            en: en.into(),
            notified_at: None,
        }
    }

    #[test]
    fn notifications_speak_the_ui_language_and_many_become_one() {
        let one = [alert("张伟", "使用有效期还剩 29 天，请重新下载", "29 days of usage left: download a new copy")];
        let zh = notifications(&one, false);
        assert_eq!(
            zh,
            vec![Notification {
                title: "建造师证书夹：张伟".into(), body: "使用有效期还剩 29 天，请重新下载".into()
            }]
        );
        let en = notifications(&one, true);
        assert_eq!(en[0].body, "29 days of usage left: download a new copy");
        let many: Vec<_> = ["张伟", "李娜", "张伟", "王强"].iter().map(|n| alert(n, "z", "e")).collect();
        let zh = notifications(&many, false);
        assert_eq!(zh.len(), 1);
        assert_eq!(zh[0].title, "建造师证书夹：4 条新提醒");
        assert!(zh[0].body.starts_with("张伟、李娜、王强。"), "{}", zh[0].body);
        assert!(notifications(&[], false).is_empty());
    }

    #[test]
    fn new_alerts_are_notified_once() {
        let (_dir, b, text) = with_sample();
        if today_cst(now_secs()) > parse_date("2027-02-27").unwrap() {
            return; // the wallet refuses the test kit's sample once it is over
        }
        b.wallet_import_text(&text).unwrap();
        {
            // Remind from 180 days before the usage period ends, so that the
            // sample (usage to 2027-02-27) has an alert today.
            let w = b.wallet().unwrap();
            let mut ws = w.settings().unwrap();
            ws.usage_reminder_days = vec![180];
            w.set_settings(&ws).unwrap();
        }
        let first = b.take_new_notifications().unwrap();
        assert!(!first.is_empty(), "no alert announced");
        // The test kit's root is pinned as a demo root: the reminder says so.
        assert!(first.iter().all(|n| n.title == "【演示】建造师证书夹：张伟"), "{first:?}");
        let again = b.take_new_notifications().unwrap();
        assert!(again.is_empty(), "announced twice: {again:?}");
    }

    #[test]
    fn file_reads_need_an_absolute_path_to_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_file("relative.pdf").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(read_file(&dir.path().display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"BC1:X").unwrap();
        assert_eq!(read_file(&format!("  {}\n", f.display())).unwrap(), b"BC1:X");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_before_it_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.pdf");
        let ok = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo (coreutils)");
        assert!(ok.success());
        // Opening it for reading would block forever: the check comes first.
        assert_eq!(read_file(&fifo.display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn missing_file_is_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        let req = VerifyFileRequest { path: dir.path().join("nope.pdf").display().to_string(), check_date: None };
        assert_eq!(b.verify_file(&req).unwrap_err().code, ErrorCode::Io);
    }
}
