//! The camera in WebKitGTK: `getUserMedia` works only with the web view's
//! media-stream setting on and a handler that answers its permission
//! requests. Video capture is allowed; everything else (microphone, screen,
//! geolocation, …) keeps WebKit's default, which is to deny.

/// What to answer to a user-media permission request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaAnswer {
    /// Allow: a camera, no microphone.
    Allow,
    /// Deny: anything with audio, or no video.
    Deny,
}

/// Allows a request for video only (the QR scanner needs no microphone).
pub fn media_answer(video: bool, audio: bool) -> MediaAnswer {
    if video && !audio {
        MediaAnswer::Allow
    } else {
        MediaAnswer::Deny
    }
}

/// Turns on media streams in the window's web view and installs the
/// permission handler. Does nothing on other platforms (their web views ask
/// the user themselves).
pub fn enable(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|wv| {
            use webkit2gtk::glib::prelude::Cast;
            use webkit2gtk::{
                PermissionRequestExt, SettingsExt, UserMediaPermissionRequest, UserMediaPermissionRequestExt,
                WebViewExt,
            };
            let view = wv.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_media_stream(true);
            }
            view.connect_permission_request(|_, request| {
                let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
                    return false; // not ours: WebKit's default (deny)
                };
                match media_answer(media.is_for_video_device(), media.is_for_audio_device()) {
                    MediaAnswer::Allow => request.allow(),
                    MediaAnswer::Deny => request.deny(),
                }
                true
            });
        });
        if let Err(e) = result {
            eprintln!("buildcert-app: 无法启用摄像头 / cannot enable the camera: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_video_without_audio_is_allowed() {
        assert_eq!(media_answer(true, false), MediaAnswer::Allow);
        assert_eq!(media_answer(true, true), MediaAnswer::Deny);
        assert_eq!(media_answer(false, true), MediaAnswer::Deny);
        assert_eq!(media_answer(false, false), MediaAnswer::Deny);
    }
}
