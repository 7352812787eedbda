//! Environment defaults that keep the WebKitGTK web view lean on Linux.
//!
//! The window shows forms and tables, so the GPU and the JavaScript JIT buy
//! nothing a user would notice, while each costs memory in every WebKit
//! process. Measured with `make measure` (release build, WebKitGTK 2.50,
//! Mesa 22.3, under Xvfb; PSS of the app, its web process and its network
//! process, 10 s after first paint):
//!
//! | defaults                                                  | PSS     |
//! |-----------------------------------------------------------|---------|
//! | none (2026-11-25)                                         | 310 MiB |
//! | compositing and DMA-BUF renderer off (2026-12-04)         | 234 MiB |
//! | + GTK's GL off and a render device named (no GL driver in the UI process) | 215 MiB |
//! | + JavaScript JIT off                                      | 208 MiB |
//! | + no speech libraries (`webkit_stubs`, 2026-12-04)        | 190 MiB |
//!
//! Every default gives way to a value the user has already set, so any of
//! them can be turned back on from the environment (for example
//! `WEBKIT_DISABLE_COMPOSITING_MODE=0`, `JSC_useJIT=1`).

/// The defaults to apply, given a lookup of the current environment: every
/// `(name, value)` pair whose variable is not set yet.
///
/// - `WEBKIT_DISABLE_COMPOSITING_MODE=1`: no accelerated compositing; with it
///   the web process kept ~90 MiB more and first paint came later.
/// - `WEBKIT_DISABLE_DMABUF_RENDERER=1`: pages reach the window through
///   shared memory, not GPU buffers.
/// - `GDK_GL=disable`, only while compositing is off: GTK then does not
///   open GLX (and load the whole GL driver) in the UI process. Nothing in
///   the window draws with GL once compositing is off.
/// - `WEBKIT_WEB_RENDER_DEVICE_FILE=/dev/null`, only while the DMA-BUF
///   renderer is off: the UI process opens an EGL display only to find the
///   GPU's render node for the web process, and the web process uses that
///   node only for DMA-BUF buffers. Naming a device that matches no GPU skips
///   that EGL display (and the GL driver with it) in the UI process.
/// - `JSC_useJIT=0`: JavaScript runs in the interpreter. The UI's scripts are
///   small; the JIT's code and data cost ~7 MiB, and an interpreter-only
///   engine has no writable-and-executable memory.
pub fn defaults(get: impl Fn(&str) -> Option<String>) -> Vec<(&'static str, &'static str)> {
    let set = |name: &str| get(name).is_some();
    // WebKit reads these two as "on unless the value is 0".
    let on = |name: &str, default_on: bool| match get(name) {
        Some(v) => v != "0",
        None => default_on,
    };
    let mut out = Vec::new();
    for (name, value) in [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")] {
        if !set(name) {
            out.push((name, value));
        }
    }
    if on("WEBKIT_DISABLE_COMPOSITING_MODE", true) && !set("GDK_GL") {
        out.push(("GDK_GL", "disable"));
    }
    if on("WEBKIT_DISABLE_DMABUF_RENDERER", true) && !set("WEBKIT_WEB_RENDER_DEVICE_FILE") {
        out.push(("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"));
    }
    if !set("JSC_useJIT") {
        out.push(("JSC_useJIT", "0"));
    }
    out
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
        assert_eq!(
            with(&[]),
            vec![
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
                ("GDK_GL", "disable"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"),
                ("JSC_useJIT", "0"),
            ]
        );
    }

    #[test]
    fn a_value_the_user_set_is_never_replaced() {
        let got =
            with(&[("GDK_GL", "gles"), ("JSC_useJIT", "1"), ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/renderD129")]);
        assert!(
            got.iter().all(|(k, _)| !["GDK_GL", "JSC_useJIT", "WEBKIT_WEB_RENDER_DEVICE_FILE"].contains(k)),
            "{got:?}"
        );
    }

    #[test]
    fn compositing_back_on_keeps_gtk_gl() {
        let got = with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")]);
        assert!(!got.iter().any(|(k, _)| *k == "GDK_GL"), "{got:?}");
        assert!(got.contains(&("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null")));
    }

    #[test]
    fn dmabuf_back_on_keeps_the_real_render_device() {
        let got = with(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")]);
        assert!(!got.iter().any(|(k, _)| *k == "WEBKIT_WEB_RENDER_DEVICE_FILE"), "{got:?}");
        assert!(got.contains(&("GDK_GL", "disable")));
    }

    #[test]
    fn any_value_but_zero_counts_as_off_like_webkit_reads_it() {
        let got = with(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "yes"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
        assert!(got.contains(&("GDK_GL", "disable")) && got.contains(&("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null")));
    }
}
