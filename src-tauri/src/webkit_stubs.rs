//! The app's WebKit processes without the speech engine (Linux).
//!
//! Debian's libwebkit2gtk-4.1 (2.50) links the 13 libraries of flite, the
//! speech engine behind the Web Speech API. Every process that maps
//! libwebkit2gtk loads them at start and relocates their voice tables:
//! about 5.5 MiB PSS in each of the app's three processes, 3.2 MiB of it
//! private (WebKitGTK 2.50, flite 2.2). The UI never speaks, so that is
//! 16 MiB spent on nothing.
//!
//! [`start`] runs first thing in `main`. It writes a small stub library
//! (built by `build.rs`: every function flite 2.2 exports, each one stopping
//! the process with a message naming it) into the user's cache folder under
//! the 13 flite library names, checks that it loads, puts that folder first
//! in `LD_LIBRARY_PATH` and starts the app again in the same process
//! (`exec`), since the loader has already mapped the real libraries by the
//! time `main` runs. The web and network processes, which WebKit starts with
//! the app's environment, load the stub too. Measured with `make measure`:
//! 207 → 190 MiB PSS. The extra `exec` delays the first paint by about
//! 10 ms (median of 5 starts each way: 269 against 258 ms).
//!
//! If something in a WebKit process ever calls flite (a page using
//! `speechSynthesis`; this UI does not), the process stops with that
//! message. Our own child processes (the browser opened for a web address)
//! get the user's own `LD_LIBRARY_PATH` back through [`restore_env`].
//! `BUILDCERT_WEBKIT_STUBS=0` turns all of this off.

use std::ffi::{CString, OsStr, OsString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The stub library, built by `build.rs` (empty when no C compiler could
/// build it; then nothing is replaced).
static STUB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libbuildcert-flite-stub.so"));

/// The stub's file name in the stub folder.
pub const STUB_FILE: &str = "libbuildcert-flite-stub.so";

/// The flite libraries libwebkit2gtk-4.1 needs, by the names it asks for.
/// Each becomes a link to the stub. A name WebKit does not need is never
/// looked up, and one missing here is loaded from the system as before.
pub const FLITE_LIBRARIES: [&str; 13] = [
    "libflite.so.1",
    "libflite_cmu_grapheme_lang.so.1",
    "libflite_cmu_grapheme_lex.so.1",
    "libflite_cmu_indic_lang.so.1",
    "libflite_cmu_indic_lex.so.1",
    "libflite_cmu_time_awb.so.1",
    "libflite_cmu_us_awb.so.1",
    "libflite_cmu_us_kal.so.1",
    "libflite_cmu_us_kal16.so.1",
    "libflite_cmu_us_rms.so.1",
    "libflite_cmu_us_slt.so.1",
    "libflite_cmulex.so.1",
    "libflite_usenglish.so.1",
];

/// Set to `0` to let every WebKit process load the real speech libraries.
pub const OPT_OUT_ENV: &str = "BUILDCERT_WEBKIT_STUBS";

const SEARCH_PATH_ENV: &str = "LD_LIBRARY_PATH";

/// Set on the `exec`: the time the first `main` began and the user's own
/// `LD_LIBRARY_PATH` (see [`encode_carry`]). Its presence tells the second
/// `main` not to start again.
pub const CARRY_ENV: &str = "BUILDCERT_WEBKIT_STUBS_CARRY";

/// The user's own `LD_LIBRARY_PATH`, recorded by [`start`].
static ORIGINAL: OnceLock<Option<OsString>> = OnceLock::new();

/// What [`start`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// This process was started again with the stub folder first in the
    /// search path: it and its WebKit processes run on the stub. Holds how
    /// long ago the first `main` began (for the start-up trace).
    Active(std::time::Duration),
    /// The `exec` failed: only the WebKit processes run on the stub.
    ChildrenOnly(String),
    /// Nothing was changed.
    Skipped(Skipped),
}

/// Why the stub is not used this time (for the start-up log).
#[derive(Debug, PartialEq, Eq)]
pub enum Skipped {
    /// `BUILDCERT_WEBKIT_STUBS=0`.
    OptedOut,
    /// `build.rs` could not build the stub.
    NotBuilt,
    /// The platform has no cache folder.
    NoCacheDir,
    /// Writing the stub folder failed.
    Write(String),
    /// The stub was written but does not load (for example, a cache folder
    /// on a file system mounted `noexec`).
    DoesNotLoad(String),
}

/// Decides whether the app's processes get the stub and, if so, makes
/// the stub folder and returns the `LD_LIBRARY_PATH` to set: the stub folder
/// first, then the current value. `get` reads the environment.
pub fn prepare(get: impl Fn(&str) -> Option<OsString>) -> Result<OsString, Skipped> {
    if get(OPT_OUT_ENV).is_some_and(|v| v == "0") {
        return Err(Skipped::OptedOut);
    }
    if STUB.is_empty() {
        return Err(Skipped::NotBuilt);
    }
    let dir = stub_dir(&dirs::cache_dir().ok_or(Skipped::NoCacheDir)?);
    install(&dir, STUB).map_err(|e| Skipped::Write(format!("{}: {e}", dir.display())))?;
    loads(&dir.join(STUB_FILE)).map_err(Skipped::DoesNotLoad)?;
    remove_others(&dir);
    Ok(search_path(&dir, get(SEARCH_PATH_ENV)))
}

/// Puts the stub in place for this process and every process it starts
/// (see the module docs); returns only if it could not, or once it has.
///
/// # Safety
/// Changes the environment and may replace the process image: call it first
/// thing in `main`, before any other thread exists.
pub unsafe fn start() -> Outcome {
    if let Some(carried) = std::env::var_os(CARRY_ENV) {
        std::env::remove_var(CARRY_ENV);
        let (started_ns, original) = decode_carry(&carried);
        let _ = ORIGINAL.set(original);
        let ago = started_ns
            .and_then(|t| u64::try_from(since_epoch_ns().saturating_sub(t)).ok())
            .map(std::time::Duration::from_nanos)
            .unwrap_or_default();
        return Outcome::Active(ago);
    }
    let path = match prepare(|k| std::env::var_os(k)) {
        Ok(p) => p,
        Err(why) => return Outcome::Skipped(why),
    };
    let original = std::env::var_os(SEARCH_PATH_ENV);
    std::env::set_var(CARRY_ENV, encode_carry(since_epoch_ns(), original.as_deref()));
    std::env::set_var(SEARCH_PATH_ENV, path);
    // The executable's own path, not /proc/self/exe, so the process keeps
    // its name. After an upgrade replaced the file, the exec fails and only
    // the WebKit processes run on the stub.
    let err = match std::env::current_exe() {
        Ok(exe) => {
            use std::os::unix::process::CommandExt;
            let mut args = std::env::args_os();
            let mut again = std::process::Command::new(exe);
            if let Some(arg0) = args.next() {
                again.arg0(arg0);
            }
            again.args(args);
            again.exec() // returns only on failure
        }
        Err(e) => e,
    };
    std::env::remove_var(CARRY_ENV);
    let _ = ORIGINAL.set(original);
    Outcome::ChildrenOnly(err.to_string())
}

fn since_epoch_ns() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

/// `<ns since 1970>;` then `-` when `LD_LIBRARY_PATH` was not set, or `+`
/// and its value.
pub fn encode_carry(started_ns: u128, original: Option<&OsStr>) -> OsString {
    let mut out = OsString::from(format!("{started_ns};"));
    match original {
        None => out.push("-"),
        Some(v) => {
            out.push("+");
            out.push(v);
        }
    }
    out
}

/// The inverse of [`encode_carry`]; a garbled value reads as "no time, no
/// search path".
pub fn decode_carry(v: &OsStr) -> (Option<u128>, Option<OsString>) {
    let bytes = v.as_bytes();
    let Some(semi) = bytes.iter().position(|&b| b == b';') else {
        return (None, None);
    };
    let started = std::str::from_utf8(&bytes[..semi]).ok().and_then(|t| t.parse().ok());
    let original = match bytes.get(semi + 1) {
        Some(b'+') => Some(OsStr::from_bytes(&bytes[semi + 2..]).to_owned()),
        _ => None,
    };
    (started, original)
}

/// Whether [`start`] has put the stub folder in the search path: child
/// processes inherit it unless given [`restore_env`].
pub fn is_active() -> bool {
    ORIGINAL.get().is_some()
}

/// Gives a child process the user's own `LD_LIBRARY_PATH` (a no-op when
/// [`start`] changed nothing).
pub fn restore_env(cmd: &mut std::process::Command) {
    match ORIGINAL.get() {
        None => {}
        Some(Some(v)) => {
            cmd.env(SEARCH_PATH_ENV, v);
        }
        Some(None) => {
            cmd.env_remove(SEARCH_PATH_ENV);
        }
    }
}

/// The stub folder under the cache folder, named after the stub's content
/// so that two app versions never share one.
pub fn stub_dir(cache: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    STUB.hash(&mut h);
    cache.join("buildcert").join("webkit-stubs").join(format!("{:016x}", h.finish()))
}

/// Makes `dir` hold `stub` as [`STUB_FILE`] and a link to it under each of
/// [`FLITE_LIBRARIES`]. Leaves correct files alone and replaces wrong ones;
/// each file appears whole (written aside, then renamed), so two app starts
/// at once cannot leave a half-written library.
pub fn install(dir: &Path, stub: &[u8]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let file = dir.join(STUB_FILE);
    if std::fs::read(&file).ok().as_deref() != Some(stub) {
        let tmp = dir.join(format!(".{STUB_FILE}.{}", std::process::id()));
        std::fs::write(&tmp, stub)?;
        std::fs::rename(&tmp, &file)?;
    }
    for name in FLITE_LIBRARIES {
        let link = dir.join(name);
        if std::fs::read_link(&link).is_ok_and(|t| t == Path::new(STUB_FILE)) {
            continue;
        }
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(STUB_FILE, &tmp)?;
        std::fs::rename(&tmp, &link)?;
    }
    Ok(())
}

/// Removes the stub folders of other app versions next to `keep`, best
/// effort. A running older version loses nothing: its processes have their
/// stub mapped already, and one WebKit starts later finds no stub folder and
/// loads the real libraries.
pub fn remove_others(keep: &Path) {
    let (Some(parent), Some(name)) = (keep.parent(), keep.file_name()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name() != name && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Loads and unloads the library at `path` in this process (its symbols
/// stay private to it), to prove a child process could load it.
pub fn loads(path: &Path) -> Result<(), String> {
    let c = CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: `c` is a valid C string. The stub has no constructors, and
    // RTLD_LOCAL keeps its symbols out of this process's lookups.
    let handle = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        // SAFETY: dlerror returns null or a C string valid until the next dl* call.
        let err = unsafe { libc::dlerror() };
        return Err(if err.is_null() {
            format!("{}: dlopen failed", path.display())
        } else {
            // SAFETY: checked non-null above.
            unsafe { std::ffi::CStr::from_ptr(err) }.to_string_lossy().into_owned()
        });
    }
    // SAFETY: `handle` came from dlopen and nothing from it is in use.
    unsafe { libc::dlclose(handle) };
    Ok(())
}

/// `dir`, then the current search path if there is one.
pub fn search_path(dir: &Path, current: Option<OsString>) -> OsString {
    let mut out = dir.as_os_str().to_owned();
    if let Some(cur) = current.filter(|c| !c.is_empty()) {
        out.push(":");
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn stub_functions() -> Vec<String> {
        include_str!("../webkit-stubs/flite-functions.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_stub_is_built_and_exports_every_listed_function() {
        assert!(!STUB.is_empty(), "build.rs did not build the stub (is a C compiler installed?)");
        let dir = tempfile::tempdir().unwrap();
        install(dir.path(), STUB).unwrap();
        let path = CString::new(dir.path().join(STUB_FILE).as_os_str().as_bytes()).unwrap();
        let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        assert!(!handle.is_null());
        let names = stub_functions();
        assert!(names.len() > 500, "{} names", names.len());
        for name in &names {
            let c = CString::new(name.as_str()).unwrap();
            assert!(!unsafe { libc::dlsym(handle, c.as_ptr()) }.is_null(), "{name} missing");
        }
        unsafe { libc::dlclose(handle) };
    }

    /// The real point: every flite symbol the installed libwebkit2gtk
    /// imports must be in the stub, or the web process would not start.
    /// Reads the installed libraries with `nm` (binutils, installed with the
    /// build tools).
    #[test]
    fn the_stub_covers_what_the_installed_webkit_imports() {
        let nm = |args: &str| -> std::collections::HashSet<String> {
            let out =
                std::process::Command::new("sh").arg("-c").arg(format!("nm -D {args}")).output().expect("sh runs");
            assert!(out.status.success(), "nm {args}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.split_whitespace().last())
                .map(|s| s.split('@').next().unwrap_or(s).to_owned())
                .collect()
        };
        let webkit = std::process::Command::new("sh")
            .arg("-c")
            .arg("ldconfig -p | awk '/libwebkit2gtk-4.1.so.0 /{print $NF; exit}'")
            .output()
            .expect("sh runs");
        let webkit = String::from_utf8_lossy(&webkit.stdout).trim().to_owned();
        assert!(!webkit.is_empty(), "libwebkit2gtk-4.1 is not installed");
        let libdir = Path::new(&webkit).parent().unwrap().to_owned();
        let imports = nm(&format!("--undefined-only '{webkit}'"));
        assert!(imports.contains("g_object_unref"), "nm read no imports from {webkit}");
        let flite: Vec<PathBuf> = FLITE_LIBRARIES.iter().map(|n| libdir.join(n)).filter(|p| p.exists()).collect();
        if flite.is_empty() {
            eprintln!("this WebKit is built without flite: nothing to cover");
            return;
        }
        let exported = nm(&format!(
            "--defined-only {}",
            flite.iter().map(|p| format!("'{}'", p.display())).collect::<Vec<_>>().join(" ")
        ));
        let listed: std::collections::HashSet<String> = stub_functions().into_iter().collect();
        let needed: Vec<&String> = imports.iter().filter(|s| exported.contains(*s)).collect();
        assert!(!needed.is_empty(), "WebKit links flite but imports nothing from it?");
        for s in needed {
            assert!(
                listed.contains(s),
                "WebKit imports {s}, which the stub lacks: run src-tauri/webkit-stubs/gen-flite-functions.sh"
            );
        }
    }

    #[test]
    fn install_makes_the_links_and_repairs_a_wrong_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("stubs");
        install(&d, b"first").unwrap();
        for name in FLITE_LIBRARIES {
            assert_eq!(std::fs::read(d.join(name)).unwrap(), b"first", "{name}");
            assert_eq!(std::fs::read_link(d.join(name)).unwrap(), Path::new(STUB_FILE));
        }
        // A truncated stub and a link pointing elsewhere are both replaced.
        std::fs::write(d.join(STUB_FILE), b"fi").unwrap();
        std::fs::remove_file(d.join(FLITE_LIBRARIES[3])).unwrap();
        std::os::unix::fs::symlink("/nonexistent", d.join(FLITE_LIBRARIES[3])).unwrap();
        install(&d, b"first").unwrap();
        assert_eq!(std::fs::read(d.join(FLITE_LIBRARIES[3])).unwrap(), b"first");
        // Nothing else is left behind.
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), FLITE_LIBRARIES.len() + 1);
    }

    #[test]
    fn install_reports_a_folder_it_cannot_write() {
        if unsafe { libc::geteuid() } == 0 {
            // root writes anywhere; a file in the way fails for everyone.
            let dir = tempfile::tempdir().unwrap();
            let blocker = dir.path().join("blocked");
            std::fs::write(&blocker, b"").unwrap();
            assert!(install(&blocker.join("stubs"), b"x").is_err());
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        assert!(install(&dir.path().join("stubs"), b"x").is_err());
    }

    #[test]
    fn other_versions_stub_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (keep, old) = (dir.path().join("aaaa"), dir.path().join("bbbb"));
        install(&keep, b"new").unwrap();
        install(&old, b"old").unwrap();
        std::fs::write(dir.path().join("note.txt"), b"not a folder").unwrap();
        remove_others(&keep);
        assert!(keep.join(STUB_FILE).exists());
        assert!(!old.exists());
        assert!(dir.path().join("note.txt").exists());
    }

    #[test]
    fn a_file_that_is_not_a_library_does_not_load() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("not-a-library.so");
        std::fs::write(&p, b"not ELF").unwrap();
        assert!(loads(&p).is_err());
        assert!(loads(&dir.path().join("missing.so")).is_err());
        install(dir.path(), STUB).unwrap();
        assert_eq!(loads(&dir.path().join(STUB_FILE)), Ok(()));
    }

    #[test]
    fn search_path_puts_the_stub_folder_first() {
        let d = Path::new("/c/stubs");
        assert_eq!(search_path(d, None), OsString::from("/c/stubs"));
        assert_eq!(search_path(d, Some(OsString::new())), OsString::from("/c/stubs"));
        assert_eq!(search_path(d, Some("/opt/lib".into())), OsString::from("/c/stubs:/opt/lib"));
    }

    #[test]
    fn the_carried_values_survive_the_exec() {
        for original in [None, Some(OsString::new()), Some(OsString::from("/opt/a;b:/c"))] {
            let v = encode_carry(1_764_800_000_123_456_789, original.as_deref());
            assert_eq!(decode_carry(&v), (Some(1_764_800_000_123_456_789), original.clone()), "{v:?}");
        }
        assert_eq!(decode_carry(OsStr::new("garbage")), (None, None));
        assert_eq!(decode_carry(OsStr::new("x;+/lib")), (None, Some(OsString::from("/lib"))));
    }

    #[test]
    fn opting_out_skips_everything() {
        let got = prepare(|k| (k == OPT_OUT_ENV).then(|| OsString::from("0")));
        assert_eq!(got, Err(Skipped::OptedOut));
    }

    #[test]
    fn the_stub_folder_is_in_the_cache_folder_and_stable() {
        let a = stub_dir(Path::new("/cache"));
        assert!(a.starts_with("/cache/buildcert/webkit-stubs"));
        assert_eq!(a, stub_dir(Path::new("/cache")));
    }
}
