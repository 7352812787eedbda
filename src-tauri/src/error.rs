//! The one error type every command returns.
//!
//! Serialised as `{"code": "...", "message": {"zh": "...", "en": "..."}}`;
//! `code` is stable (the UI picks its own wording by code, and falls back to
//! the message in the current language). Errors of the crates come in through
//! their `localized()`: the two languages are never joined and split again.

use buildcert_bc1::Localized;
use serde::Serialize;
#[cfg(test)]
use ts_rs::TS;

/// Stable error codes of the app's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was not understood (empty text, bad date, bad frame).
    InvalidInput,
    /// No wallet entry with that id.
    NotFound,
    /// A file could not be read or written.
    Io,
    /// The app data directory cannot be determined or created.
    DataDir,
    /// The verification engine is not wired into this build yet (phase 1).
    EngineUnavailable,
    /// A bug: the app reached a state it should not.
    Internal,
    /// No trust list yet: import one in the settings.
    NoTrustList,
    /// A trust list was refused (not signed by a pinned root, rollback, …).
    TrustListRefused,
    /// The wallet refused a certificate (invalid, not BC1, unreadable).
    CertificateRefused,
    /// The wallet store failed (busy, damaged, …).
    Wallet,
    /// The same kind of work is already running (one tender check at a time).
    Busy,
    /// A check report could not be made (no Chinese font for the PDF, XLSX writer).
    Report,
    /// The demo data (演示) could not be made or installed.
    Demo,
    /// The trust list update address is missing or not allowed (https only).
    TrustUrlInvalid,
    /// Fetching the trust list failed (offline, timeout, HTTP error, too large).
    TrustUpdateFailed,
    /// A backup file was refused (not a wallet backup, damaged); nothing changed.
    BackupRefused,
}

/// Error returned by commands, serialised as `{code, message: {zh, en}}`.
/// `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(TS))]
#[error("{code:?}: {}", .message.en)]
pub struct AppError {
    /// Stable code.
    pub code: ErrorCode,
    /// What is wrong and what to do, in both languages.
    pub message: Localized,
}

impl AppError {
    /// An error with a message in both languages.
    pub fn new(code: ErrorCode, zh: &str, en: &str) -> Self {
        AppError { code, message: Localized::new(zh, en) }
    }

    /// An error with a crate error's message (its `localized()`).
    pub fn localized(code: ErrorCode, message: Localized) -> Self {
        AppError { code, message }
    }

    /// `invalid_input` with a bilingual message.
    pub fn invalid_input(zh: &str, en: &str) -> Self {
        Self::new(ErrorCode::InvalidInput, zh, en)
    }

    /// `not_found` for a wallet entry.
    pub fn not_found(id: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            &format!("证书夹中没有该证书（{id}）"),
            &format!("no such certificate in the wallet ({id})"),
        )
    }

    /// `io` for a path and an OS error.
    pub fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Self::new(
            ErrorCode::Io,
            &format!("无法读写文件 {}：{err}", path.display()),
            &format!("cannot read or write {}: {err}", path.display()),
        )
    }

    /// `internal`: a bug, with what went wrong.
    pub fn internal(what: &str) -> Self {
        Self::new(ErrorCode::Internal, &format!("程序内部错误：{what}"), &format!("internal error: {what}"))
    }

    /// `engine_unavailable`: the phase-1 placeholder cannot do this yet.
    pub fn engine_unavailable() -> Self {
        Self::new(
            ErrorCode::EngineUnavailable,
            "核验功能尚未接入本版本",
            "verification is not wired into this build yet",
        )
    }
}

impl From<buildcert_wallet::WalletError> for AppError {
    fn from(e: buildcert_wallet::WalletError) -> Self {
        // By the wallet's stable code, so new variants need no change here.
        let code = match e.code() {
            "not_found" | "tender_not_found" => ErrorCode::NotFound,
            "invalid_entry" | "not_official" => ErrorCode::InvalidInput,
            "io" => ErrorCode::Io,
            c if c.starts_with("trust_list") || c.ends_with("root_key") => ErrorCode::TrustListRefused,
            "unreadable" | "not_bc1" | "certificate_refused" | "too_large" => ErrorCode::CertificateRefused,
            "bad_setting" => ErrorCode::InvalidInput,
            "bad_backup" => ErrorCode::BackupRefused,
            _ => ErrorCode::Wallet,
        };
        AppError::localized(code, e.localized())
    }
}

impl From<buildcert_service::ServiceError> for AppError {
    fn from(e: buildcert_service::ServiceError) -> Self {
        match e {
            buildcert_service::ServiceError::Wallet(w) => AppError::from(w),
            other => {
                let code = match other.code() {
                    "demo" => ErrorCode::Demo,
                    "invalid_input" => ErrorCode::InvalidInput,
                    "io" => ErrorCode::Io,
                    _ => ErrorCode::Internal,
                };
                AppError::localized(code, other.localized())
            }
        }
    }
}

impl From<buildcert_check::ReadError> for AppError {
    fn from(e: buildcert_check::ReadError) -> Self {
        AppError::localized(ErrorCode::CertificateRefused, e.localized())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_a_message_in_each_language() {
        let e = AppError::not_found("abc");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"not_found","message":{"zh":"证书夹中没有该证书（abc）","en":"no such certificate in the wallet (abc)"}}"#
        );
        assert_eq!(e.to_string(), "NotFound: no such certificate in the wallet (abc)");
    }

    #[test]
    fn every_code_serialises_in_snake_case() {
        let codes = [
            (ErrorCode::InvalidInput, "invalid_input"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::Io, "io"),
            (ErrorCode::DataDir, "data_dir"),
            (ErrorCode::EngineUnavailable, "engine_unavailable"),
            (ErrorCode::Internal, "internal"),
            (ErrorCode::NoTrustList, "no_trust_list"),
            (ErrorCode::TrustListRefused, "trust_list_refused"),
            (ErrorCode::CertificateRefused, "certificate_refused"),
            (ErrorCode::Wallet, "wallet"),
            (ErrorCode::Busy, "busy"),
            (ErrorCode::Report, "report"),
            (ErrorCode::Demo, "demo"),
            (ErrorCode::TrustUrlInvalid, "trust_url_invalid"),
            (ErrorCode::TrustUpdateFailed, "trust_update_failed"),
            (ErrorCode::BackupRefused, "backup_refused"),
        ];
        for (code, text) in codes {
            let json = serde_json::to_value(AppError::new(code, "中", "en")).unwrap();
            assert_eq!(json, serde_json::json!({"code": text, "message": {"zh": "中", "en": "en"}}));
        }
    }

    #[test]
    fn a_refused_backup_has_its_own_code_and_keeps_each_language() {
        let e = AppError::from(buildcert_wallet::WalletError::bad_backup("已损坏", "damaged"));
        assert_eq!(e.code, ErrorCode::BackupRefused);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "backup_refused");
        let zh = json["message"]["zh"].as_str().unwrap();
        let en = json["message"]["en"].as_str().unwrap();
        assert!(zh.contains("已损坏") && !zh.contains("damaged"), "{zh}");
        assert!(en.contains("damaged") && !en.contains("已损坏"), "{en}");
    }
}
