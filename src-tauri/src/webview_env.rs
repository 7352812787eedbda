//! Environment defaults for the WebKitGTK web view on Linux.
//!
//! Only settings that meet three conditions are applied:
//!
//! - documented: both are listed on WebKit's own page of environment
//!   variables (<https://trac.webkit.org/wiki/EnvironmentVariables>) and are
//!   the workaround WebKitGTK and Tauri point users to for blank windows;
//! - user-overridable: a variable the user has already set, to any value, is
//!   left alone, so `WEBKIT_DISABLE_COMPOSITING_MODE=0` or
//!   `WEBKIT_DISABLE_DMABUF_RENDERER=0` in the environment turns the feature
//!   back on;
//! - harmless: each one switches WebKit to a rendering path it still ships
//!   and supports, and nothing in this UI needs the path it turns off.
//!
//! Settings that reach into WebKit's or GTK's internals (debug variables,
//! JavaScriptCore options, naming a fake render device) are not applied: the
//! memory they saved is not worth depending on behaviour nobody documents.
//!
//! Idle memory is measured with `make measure` (the app) and
//! `bench/webkit-floor/run.sh` (a blank WebKitGTK window with the same
//! settings). With no defaults the app took 310 MiB PSS (2026-11-25); with
//! these two, 234 MiB (2026-12-04).

/// The defaults to apply, given a lookup of the current environment: every
/// `(name, value)` pair whose variable is not set yet.
///
/// - `WEBKIT_DISABLE_COMPOSITING_MODE=1`: no accelerated compositing; pages
///   are painted on the CPU. Safe because the window shows forms, tables and
///   a camera preview drawn on a 2D canvas, with no 3D transforms or WebGL
///   that would need the GPU, and the non-accelerated path is the one
///   WebKitGTK itself falls back to where no usable GPU exists. With
///   compositing on, the web process kept ~90 MiB more.
/// - `WEBKIT_DISABLE_DMABUF_RENDERER=1`: pages reach the window through
///   shared memory instead of GPU (DMA-BUF) buffers. Safe because shared
///   memory is the path WebKitGTK used before 2.42 and still uses when
///   DMA-BUF is unavailable; the DMA-BUF renderer is the usual cause of
///   blank or black windows on some GPU drivers and compositors.
pub fn defaults(get: impl Fn(&str) -> Option<String>) -> Vec<(&'static str, &'static str)> {
    [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]
        .into_iter()
        .filter(|(name, _)| get(name).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::defaults;
    use std::collections::HashMap;

    fn with(env: &[(&str, &str)]) -> Vec<(&'static str, &'static str)> {
        let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        defaults(|k| env.get(k).cloned())
    }

    #[test]
    fn empty_environment_gets_every_default() {
        assert_eq!(with(&[]), vec![("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
    }

    #[test]
    fn a_value_the_user_set_is_never_replaced() {
        assert_eq!(with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")]), vec![("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
        assert_eq!(with(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")]), vec![("WEBKIT_DISABLE_COMPOSITING_MODE", "1")]);
        assert!(with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", ""), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]).is_empty());
    }
}
