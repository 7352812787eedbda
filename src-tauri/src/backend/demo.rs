//! 演示 / Demo data on first start: the same demo set `buildcert-issuer demo
//! --data-dir DIR --if-empty` writes (made in-process by buildcert-issuer),
//! its root pinned as a DEMO root, its trust list imported and its
//! certificate PDFs put into the wallet — as `make demo-data` does with the
//! command-line tools.

use std::path::Path;

use buildcert_issuer::demo::{demo, DemoOptions, Manifest};

use super::{now_secs, Backend};
use crate::error::{AppError, ErrorCode};
use crate::types::{AppInfo, DemoInstall};

/// Folder of the demo set inside the data dir (as `--data-dir` uses).
pub const DEMO_DIR: &str = "demo";
/// Seed of the demo set (the issuer's default).
pub const DEMO_SEED: u64 = 1;
/// Label of the pinned demo root.
pub const DEMO_ROOT_LABEL: &str = "演示根密钥 DEMO root";

fn demo_error(e: impl std::fmt::Display) -> AppError {
    let m = e.to_string();
    if m.contains(" / ") {
        AppError { code: ErrorCode::Demo, message: m }
    } else {
        AppError::new(ErrorCode::Demo, &format!("无法生成演示数据：{m}"), &format!("cannot make the demo data: {m}"))
    }
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join("manifest.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl Backend {
    /// Whether the demo data may be offered: the wallet is empty and no
    /// trust list other than a demo one is in use.
    pub fn demo_allowed(&self) -> Result<bool, AppError> {
        let w = self.wallet()?;
        let trust_ok = match self.trust(&w)? {
            None => true,
            Some((_, demo)) => demo,
        };
        Ok(trust_ok && w.count()? == 0)
    }

    /// Installs the demo data (演示): writes the demo set for today (kept
    /// when one is already there), pins its root as a DEMO root, imports its
    /// trust list and every certificate PDF it holds.
    pub fn demo_install(&self) -> Result<DemoInstall, AppError> {
        if !self.demo_allowed()? {
            return Err(AppError::invalid_input(
                "证书夹中已有证书或正式信任列表，未安装演示数据",
                "the wallet already holds certificates or a real trust list; the demo data was not installed",
            ));
        }
        let dir = self.data_dir.join(DEMO_DIR);
        let manifest = match read_manifest(&dir) {
            Some(m) => m,
            None => {
                let fonts = buildcert_issuer::load_fonts(None).map_err(demo_error)?;
                let opts = DemoOptions::new(DEMO_SEED, self.today());
                demo(&dir, &opts, &fonts).map_err(demo_error)?
            }
        };
        let w = self.wallet()?;
        w.pin_root(&manifest.root.public, DEMO_ROOT_LABEL, true)?;
        let mut trust_lists: Vec<_> = manifest.trust_lists.iter().collect();
        trust_lists.sort_by_key(|t| t.seq);
        // The first list only: the later ones revoke certificates, to show an update.
        if let Some(t) = trust_lists.first() {
            let path = dir.join(&t.path);
            let bytes = std::fs::read(&path).map_err(|e| AppError::io(&path, &e))?;
            w.import_trust_list(&bytes, &[], now_secs())?;
        }
        let ctx = self.context(&w, None)?;
        let trust = self.trust(&w)?;
        let mut added = 0u32;
        let mut refused = 0u32;
        for f in manifest.files.iter().filter(|f| f.kind == "certificate_pdf") {
            let path = dir.join(&f.path);
            let bytes = std::fs::read(&path).map_err(|e| AppError::io(&path, &e))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match w.import(&name, &bytes, trust.as_ref().map(|t| &t.0), &ctx, true) {
                Ok(_) => added += 1,
                Err(_) => refused += 1,
            }
        }
        drop(w);
        let info: AppInfo = self.app_info()?;
        Ok(DemoInstall { added, refused, folder: dir.display().to_string(), info })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_the_demo_set_once_into_an_empty_wallet() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backend::open(dir.path()).unwrap();
        assert!(b.app_info().unwrap().demo_offer);
        let r = b.demo_install().unwrap();
        assert!(r.added >= 5, "{r:?}");
        let info = &r.info;
        assert_eq!(info.wallet_count, r.added);
        let tl = info.trust_list.as_ref().expect("demo trust list in use");
        assert!(tl.demo && tl.seq == 1, "{tl:?}");
        assert!(info.roots.iter().any(|k| k.demo && k.label == DEMO_ROOT_LABEL));
        assert!(!info.demo_offer);
        assert!(dir.path().join(DEMO_DIR).join("manifest.json").is_file());
        // Every card is marked demo.
        let list = b.wallet_list().unwrap();
        assert!(
            !list.is_empty() && list.iter().filter(|e| e.verdict != crate::types::Verdict::Unverified).all(|e| e.demo)
        );
        // Not twice: the wallet is no longer empty.
        assert_eq!(b.demo_install().unwrap_err().code, ErrorCode::InvalidInput);
    }
}
