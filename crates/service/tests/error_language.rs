//! Every `ServiceError` speaks both languages: English `Display`, a stable
//! code, and a `{zh, en}` message with Chinese in the one and none in the other.

use buildcert_bc1::l10n::check_pair;
use buildcert_service::ServiceError;
use buildcert_wallet::WalletError;

/// One of every variant; the match has no wildcard, so a new variant does not
/// compile until it is listed here (the wallet's own variants are tested in
/// buildcert-wallet).
fn every_error() -> Vec<ServiceError> {
    let all = vec![
        ServiceError::Wallet(WalletError::Busy),
        ServiceError::Demo { zh: "找不到中文字体".into(), en: "no Chinese font found".into() },
        ServiceError::Invalid {
            zh: "提醒天数应为 1 到 365".into(), en: "reminder days must be 1 to 365".into()
        },
        ServiceError::Io { path: "wallet/log.csv".into(), detail: "permission denied".into() },
    ];
    for e in &all {
        match e {
            ServiceError::Wallet(_)
            | ServiceError::Demo { .. }
            | ServiceError::Invalid { .. }
            | ServiceError::Io { .. } => {}
        }
    }
    all
}

#[test]
fn every_error_speaks_both_languages() {
    for e in every_error() {
        let m = e.localized();
        check_pair(e.code(), &m).unwrap();
        assert_eq!(e.to_string(), m.en, "Display is the English text");
        assert_eq!((e.zh(), e.en()), (m.zh.clone(), m.en.clone()));
    }
}
