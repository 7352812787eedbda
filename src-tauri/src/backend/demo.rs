//! 演示 / Demo data: installed into its own profile by
//! `buildcert_service::install_demo` (fresh random keys, no private key
//! kept), the same use-case `buildcert demo install` and `make run` run.
//! The app then switches to that profile (see `state.rs`).

use buildcert_service::{install_demo, DemoInstalled};

use super::Backend;
use crate::error::{AppError, ErrorCode};

impl Backend {
    /// Installs the demo into the demo profile under this backend's base
    /// folder (kept as it is when installed already). The real profile is
    /// not touched. The caller switches to the demo profile.
    pub fn demo_install(&self) -> Result<DemoInstalled, AppError> {
        install_demo(self.base_dir(), self.today(), self.now())
            .map_err(|e| AppError { code: ErrorCode::Demo, ..AppError::from(e) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildcert_wallet::Profile;

    #[test]
    fn the_demo_goes_into_its_own_profile_and_every_card_there_is_demo() {
        let dir = tempfile::tempdir().unwrap();
        let real = Backend::open(dir.path()).unwrap();
        let info = real.app_info().unwrap();
        assert!(info.demo_offer && info.profile == "real" && !info.demo_installed);
        let r = real.demo_install().unwrap();
        assert!(r.added >= 5, "{r:?}");
        // The real profile is untouched.
        let info = real.app_info().unwrap();
        assert_eq!(info.wallet_count, 0);
        assert!(info.trust_list.is_none() && info.roots.is_empty() && info.demo_installed);
        // The demo profile: demo list, demo cards.
        let demo = Backend::open_profile(dir.path(), Profile::Demo).unwrap();
        let info = demo.app_info().unwrap();
        assert_eq!(info.profile, "demo");
        assert!(!info.demo_offer);
        let tl = info.trust_list.as_ref().expect("demo trust list in use");
        assert!(tl.demo && tl.seq == 1, "{tl:?}");
        let list = demo.wallet_list().unwrap();
        assert!(
            !list.is_empty() && list.iter().filter(|e| e.verdict != crate::types::Verdict::Unverified).all(|e| e.demo)
        );
        // Installing again changes nothing.
        assert_eq!(real.demo_install().unwrap().added, 0);
    }
}
