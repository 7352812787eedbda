//! The data-folder logic with the folder names Windows users have:
//! `C:\Users\张三\AppData\Roaming\BuildCert`, a UNC share
//! `\\server\share\建造师 证书`, Chinese characters and spaces (issue 20).
//!
//! What each test can honestly show depends on where it runs:
//! - everywhere: [`profile_dir`] and [`data_dir`] keep such a path as given
//!   (no lossy conversion, nothing split or trimmed), and the demo profile
//!   is one folder *inside* it;
//! - everywhere: a wallet (SQLite file, private folder and files) opens,
//!   writes, closes and reopens in folders whose names hold Chinese
//!   characters, spaces and, on Unix, backslashes. On Linux a backslash is
//!   an ordinary character of a file name, so `C:\Users\张三\…` is one
//!   oddly named folder there, which is still a real check that nothing in
//!   the wallet treats `\` specially or mangles the name;
//! - only on Windows (`cfg(windows)`, run by `.github/workflows/bundles.yml`,
//!   never run from this repository's machines): that the same strings are
//!   read as a drive path and a UNC path, with the components Windows
//!   gives them, and that the platform data folder is Roaming AppData.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use buildcert_wallet::{data_dir, profile_dir, Profile, Wallet, DATA_DIR_ENV, DB_FILE};

const APPDATA: &str = r"C:\Users\张三\AppData\Roaming\BuildCert";
const UNC: &str = r"\\server\share\建造师 证书";
const SPACES: &str = r"D:\项目 资料\2026 年\BuildCert 数据";

/// Tests that set environment variables hold this.
static ENV: Mutex<()> = Mutex::new(());

/// Sets `var` for the life of the guard (under [`ENV`]), then puts back
/// what was there.
struct EnvVar {
    var: &'static str,
    old: Option<OsString>,
}

impl EnvVar {
    fn set(var: &'static str, value: impl Into<OsString>) -> EnvVar {
        let old = std::env::var_os(var);
        std::env::set_var(var, value.into());
        EnvVar { var, old }
    }
    fn unset(var: &'static str) -> EnvVar {
        let old = std::env::var_os(var);
        std::env::remove_var(var);
        EnvVar { var, old }
    }
}

impl Drop for EnvVar {
    fn drop(&mut self) {
        match &self.old {
            Some(v) => std::env::set_var(self.var, v),
            None => std::env::remove_var(self.var),
        }
    }
}

#[test]
fn profile_dirs_keep_windows_paths_whole() {
    for base in [APPDATA, UNC, SPACES] {
        let b = Path::new(base);
        assert_eq!(profile_dir(b, Profile::Real), b, "the real profile is the base itself");
        let demo = profile_dir(b, Profile::Demo);
        assert_eq!(demo.parent(), Some(b), "{base}: the demo folder is inside the base");
        assert_eq!(demo.file_name().and_then(|n| n.to_str()), Some("demo-profile"));
        // The base's text is kept exactly, Chinese characters and spaces too.
        assert!(demo.to_str().unwrap().starts_with(base), "{}", demo.display());
        assert_ne!(demo, b);
    }
}

#[test]
fn data_dir_takes_a_windows_path_from_the_environment_as_given() {
    let _lock = ENV.lock().unwrap_or_else(|p| p.into_inner());
    for base in [APPDATA, UNC, SPACES] {
        let _v = EnvVar::set(DATA_DIR_ENV, base);
        assert_eq!(data_dir(), PathBuf::from(base));
        assert_eq!(data_dir().as_os_str(), base, "byte for byte");
    }
    // Empty means "not set": the platform's folder, ending in BuildCert.
    let _v = EnvVar::set(DATA_DIR_ENV, "");
    assert!(data_dir().ends_with("BuildCert"), "{}", data_dir().display());
}

/// On Linux the platform data folder comes from `XDG_DATA_HOME`; a name with
/// Chinese characters and spaces goes through unchanged.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn the_platform_data_folder_keeps_chinese_names_and_spaces() {
    let _lock = ENV.lock().unwrap_or_else(|p| p.into_inner());
    let _d = EnvVar::unset(DATA_DIR_ENV);
    let _x = EnvVar::set("XDG_DATA_HOME", "/home/张三/我的 数据");
    assert_eq!(data_dir(), PathBuf::from("/home/张三/我的 数据/BuildCert"));
}

/// On Windows the platform data folder is Roaming AppData (where a
/// roaming profile follows the user between office computers).
#[cfg(windows)]
#[test]
fn the_platform_data_folder_is_roaming_appdata() {
    let _lock = ENV.lock().unwrap_or_else(|p| p.into_inner());
    let _d = EnvVar::unset(DATA_DIR_ENV);
    let d = data_dir();
    assert!(d.is_absolute(), "{}", d.display());
    assert!(d.ends_with(r"AppData\Roaming\BuildCert"), "{}", d.display());
}

/// On Windows the strings are real paths: a drive path and a UNC share.
#[cfg(windows)]
#[test]
fn windows_reads_the_drive_and_the_unc_share() {
    use std::path::{Component, Prefix};

    let demo = profile_dir(Path::new(APPDATA), Profile::Demo);
    assert_eq!(demo, PathBuf::from(r"C:\Users\张三\AppData\Roaming\BuildCert\demo-profile"));
    let parts: Vec<_> = demo.components().collect();
    assert!(matches!(parts[0], Component::Prefix(p) if matches!(p.kind(), Prefix::Disk(b'C'))));
    assert_eq!(parts[1], Component::RootDir);
    assert_eq!(parts[3], Component::Normal("张三".as_ref()));
    assert!(demo.is_absolute());

    let demo = profile_dir(Path::new(UNC), Profile::Demo);
    assert_eq!(demo, PathBuf::from(r"\\server\share\建造师 证书\demo-profile"));
    let Component::Prefix(p) = demo.components().next().unwrap() else { panic!("no prefix: {}", demo.display()) };
    assert!(matches!(p.kind(), Prefix::UNC(s, sh) if s == "server" && sh == "share"), "{:?}", p.kind());
    assert_eq!(demo.components().nth(2), Some(Component::Normal("建造师 证书".as_ref())));
}

/// A wallet opens, writes and reopens in folders named like Windows users'
/// folders; the demo profile opens inside and stays apart.
#[test]
fn wallets_open_in_folders_with_chinese_names_spaces_and_backslashes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut names = vec!["建造师 证书", "张三 的 证书（2026）", "BuildCert 数据"];
    // On Windows a backslash separates folders; elsewhere it is part of
    // the name, and the wallet must keep it so.
    if cfg!(unix) {
        names.extend([r"C:\Users\张三\AppData\Roaming\BuildCert", r"\\server\share\建造师 证书"]);
    }
    for name in names {
        let base = tmp.path().join(name);
        {
            let w = Wallet::open(&base).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(w.path(), base.join(DB_FILE));
            w.pin_root(&buildcert_wallet::testutil::root_hex(), "根 root", true).unwrap();
        }
        assert!(base.join(DB_FILE).is_file(), "{name}: the file is where the name says");
        if cfg!(unix) {
            // Exactly one new entry in the temp folder for this name: the
            // backslashes made no nested folders.
            assert_eq!(base.parent(), Some(tmp.path()));
        }
        let again = Wallet::open(&base).unwrap();
        assert_eq!(again.pinned_roots().unwrap().len(), 1, "{name}: reopened with what was written");

        let demo = Wallet::open_demo(&profile_dir(&base, Profile::Demo)).unwrap();
        assert_eq!(demo.path(), base.join("demo-profile").join(DB_FILE));
        assert!(demo.pinned_roots().unwrap().is_empty(), "{name}: the demo profile is apart");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&base).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{name}: the data folder is private");
        }
    }
    if cfg!(unix) {
        let entries = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(entries, 5, "one folder per name, none split at a backslash");
    }
}
