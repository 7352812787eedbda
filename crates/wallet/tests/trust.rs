//! Root keys, trust lists (BC1 §5), opening and damaged files.

use buildcert_bc1::testkit::{seed_key, trust_list};
use buildcert_bc1::TrustListError;
use buildcert_wallet::{Wallet, WalletError, DB_FILE};

const NOW: i64 = 1_790_000_000;

fn root_hex() -> String {
    hex::encode(seed_key("root-public").verifying_key().to_bytes())
}

fn list(seq: u64) -> Vec<u8> {
    trust_list(&seed_key("root-public"), &seed_key("issuer-public").verifying_key(), seq)
}

fn pinned(dir: &std::path::Path) -> Wallet {
    let w = Wallet::open(dir).unwrap();
    w.pin_root(&root_hex(), "演示根密钥 / demo root", true).unwrap();
    w
}

#[test]
fn pin_and_list_roots() {
    let dir = tempfile::tempdir().unwrap();
    let w = pinned(dir.path());
    let roots = w.pinned_roots().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].public_hex, root_hex());
    assert!(roots[0].demo);
    // Pinning again updates, does not duplicate; it stays demo …
    w.pin_root(&root_hex().to_uppercase(), "renamed", true).unwrap();
    let roots = w.pinned_roots().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].label, "renamed");
    assert!(roots[0].demo);
    // … and leaves demo only with its fingerprint confirmed.
    assert_eq!(w.pin_root(&root_hex(), "real", false).unwrap_err().code(), "demo_root_needs_confirm");
    let fp = buildcert_wallet::profile::fingerprint(&roots[0].key.to_bytes());
    w.pin_root_confirmed(&root_hex(), "real", false, Some(&fp)).unwrap();
    assert!(!w.pinned_roots().unwrap()[0].demo);
    let e = w.pin_root("abcd", "x", false).unwrap_err();
    assert_eq!(e.code(), "bad_root_key");
    assert!(w.unpin_root(&root_hex()).unwrap());
    assert!(w.pinned_roots().unwrap().is_empty());
}

#[test]
fn no_root_no_import() {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    let e = w.import_trust_list(&list(1), &[], NOW).unwrap_err();
    assert_eq!(e.code(), "no_root_key");
    // An extra root given on the command line works without pinning.
    let r = w.import_trust_list(&list(1), &[seed_key("root-public").verifying_key()], NOW).unwrap();
    assert_eq!(r.info.seq, 1);
    assert!(w.current_trust_list(&[seed_key("root-public").verifying_key()]).unwrap().is_some());
    // Without that root the stored list no longer verifies: reported, not trusted.
    assert_eq!(w.current_trust_list(&[]).unwrap_err().code(), "trust_list_stored_invalid");
}

#[test]
fn import_history_rollback_conflict_forgery() {
    let dir = tempfile::tempdir().unwrap();
    let w = pinned(dir.path());
    assert!(w.current_trust_list(&[]).unwrap().is_none());
    let r1 = w.import_trust_list(&list(1), &[], NOW).unwrap();
    assert!(r1.replaced);
    assert_eq!(r1.previous_seq, None);
    let r3 = w.import_trust_list(&list(3), &[], NOW + 10).unwrap();
    assert_eq!(r3.previous_seq, Some(1));
    // Same seq, same bytes: no-op.
    let again = w.import_trust_list(&list(3), &[], NOW + 20).unwrap();
    assert!(!again.replaced);
    assert_eq!(again.info.accepted_at, NOW + 10);
    // Rollback refused.
    let e = w.import_trust_list(&list(2), &[], NOW).unwrap_err();
    assert!(matches!(e, WalletError::TrustRefused(TrustListError::Rollback { offered: 2, kept: 3 })), "{e}");
    assert_eq!(e.code(), "trust_list_rollback");
    assert!(e.zh().contains("回滚") && e.en().contains("Rollback"), "{e}");
    // Same seq, other content (a different issuer key): conflict.
    let other = trust_list(&seed_key("root-public"), &seed_key("issuer-other").verifying_key(), 3);
    assert_eq!(w.import_trust_list(&other, &[], NOW).unwrap_err().code(), "trust_list_conflict");
    // Signed by an unpinned root.
    let foreign = trust_list(&seed_key("root-attacker"), &seed_key("issuer-public").verifying_key(), 9);
    assert_eq!(w.import_trust_list(&foreign, &[], NOW).unwrap_err().code(), "trust_list_unknown_root");
    // Tampered bytes.
    let mut forged = list(9);
    let n = forged.len();
    forged[n - 70] ^= 1;
    let code = w.import_trust_list(&forged, &[], NOW).unwrap_err().code();
    assert!(code == "trust_list_signature_invalid" || code == "trust_list_malformed", "{code}");
    assert_eq!(w.import_trust_list(b"garbage", &[], NOW).unwrap_err().code(), "trust_list_malformed");
    // Nothing refused changed what is kept.
    let h = w.trust_history().unwrap();
    assert_eq!(h.iter().map(|i| i.seq).collect::<Vec<_>>(), vec![3, 1]);
    assert!(h[0].current && !h[1].current);
    assert_eq!(h[1].accepted_at, NOW);
    assert_eq!(w.current_trust_list(&[]).unwrap().unwrap().seq, 3);
    assert_eq!(w.current_trust_list(&[]).unwrap().unwrap().raw, list(3));
}

#[test]
fn reopen_keeps_everything_and_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    {
        let w = pinned(dir.path());
        w.import_trust_list(&list(1), &[], NOW).unwrap();
        assert_eq!(w.schema_version().unwrap(), buildcert_wallet::db::schema_version());
    }
    let w = Wallet::open(dir.path()).unwrap();
    assert_eq!(w.current_trust_list(&[]).unwrap().unwrap().seq, 1);
    w.integrity_check().unwrap();
}

#[test]
fn garbage_file_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let junk: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &junk).unwrap();
    let e = Wallet::open(dir.path()).unwrap_err();
    assert_eq!(e.code(), "wallet_corrupt", "{e}");
    assert!(e.zh().contains("损坏") && e.en().contains("damaged"));
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn damaged_pages_are_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        let w = pinned(dir.path());
        for seq in 1..=40 {
            w.import_trust_list(&list(seq), &[], NOW + seq as i64).unwrap();
        }
        // Fold the WAL into the main file so the damage below hits real pages.
        drop(w);
    }
    let path = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 3 * 4096, "{}", bytes.len());
    // Scribble over the b-tree page headers of pages 2 and 3.
    for page in [1usize, 2] {
        for b in &mut bytes[page * 4096..page * 4096 + 64] {
            *b = 0xA5;
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    let e = Wallet::open(dir.path()).unwrap_err();
    assert_eq!(e.code(), "wallet_corrupt", "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "a damaged wallet must never be rewritten");
}

#[test]
fn data_dir_honours_env() {
    // Only this test touches the variable.
    std::env::set_var(buildcert_wallet::DATA_DIR_ENV, "/some/where");
    assert_eq!(buildcert_wallet::data_dir(), std::path::PathBuf::from("/some/where"));
    std::env::remove_var(buildcert_wallet::DATA_DIR_ENV);
    assert!(buildcert_wallet::data_dir().ends_with("BuildCert"));
}
