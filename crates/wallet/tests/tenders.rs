//! Saved tender checks (issue 7): save, list, load, re-check, delete; the
//! migration that adds them to an existing wallet.

use buildcert_bc1::date::parse_date;
use buildcert_bc1::testkit;
use buildcert_bc1::TrustList;
use buildcert_tender::{assess, recheck, Role, Tender};
use buildcert_wallet::{db, Wallet, DB_FILE};

const NOW: i64 = 1_790_000_000;

fn trust() -> TrustList {
    let root = testkit::seed_key("root-public");
    let issuer = testkit::seed_key("issuer-public");
    TrustList::decode_verified(&testkit::trust_list(&root, &issuer.verifying_key(), 1), &[root.verifying_key()])
        .unwrap()
}

fn tender(name: &str) -> Tender {
    Tender {
        name: name.into(),
        bid_date: parse_date("2026-10-01").unwrap(),
        valid_until: None,
        company: Some("北京建工示范有限公司".into()),
        uscc: testkit::uscc("91110000100000000"),
        roles: vec!["项目经理=建筑工程".parse::<Role>().unwrap()],
        inputs: vec!["/bids/a".into()],
    }
}

#[test]
fn save_list_load_update_delete() {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    assert!(w.list_tenders().unwrap().is_empty());
    let tl = trust();
    let t1 = tender("一号标段");
    let r1 = assess(&t1, vec![], &tl, NOW, false);
    let id1 = w.save_tender(&t1, &r1, NOW).unwrap();
    let t2 = tender("二号标段");
    let r2 = assess(&t2, vec![], &tl, NOW, false);
    let id2 = w.save_tender(&t2, &r2, NOW + 10).unwrap();
    assert_ne!(id1, id2);

    let list = w.list_tenders().unwrap();
    assert_eq!(list.iter().map(|s| s.id).collect::<Vec<_>>(), vec![id2, id1], "newest saved first");
    assert_eq!(list[1].name, "一号标段");
    assert_eq!(list[1].bid_date, t1.bid_date);
    assert_eq!(list[1].saved_at, NOW);
    assert_eq!(list[1].passed, r1.passed);
    assert_eq!(list[1].counts, r1.counts);
    let json = serde_json::to_value(&list[1]).unwrap();
    assert_eq!(json["bid_date"], "2026-10-01");

    let (t, r) = w.load_tender(id1).unwrap();
    assert_eq!((t, r.clone()), (t1.clone(), r1.clone()));
    // Re-check with a later date and store the new result.
    let mut later = t1.clone();
    later.bid_date = parse_date("2026-11-01").unwrap();
    let again = recheck(&r, Some(&later), &tl, NOW + 100).unwrap();
    w.update_tender_result(id1, &again, NOW + 100).unwrap();
    let (t, r) = w.load_tender(id1).unwrap();
    assert_eq!(t, t1, "the tender itself is unchanged");
    assert_eq!(r.tender.bid_date, later.bid_date);
    assert_eq!(r.checked_at, NOW + 100);

    w.delete_tender(id1).unwrap();
    assert_eq!(w.list_tenders().unwrap().len(), 1);
    for e in [
        w.delete_tender(id1).unwrap_err(),
        w.load_tender(id1).unwrap_err(),
        w.update_tender_result(id1, &again, NOW).unwrap_err(),
    ] {
        assert_eq!(e.code(), "tender_not_found");
        assert!(e.zh().contains(&id1.to_string()) && e.en().contains("--list"), "{e}");
    }
}

#[test]
fn a_version_1_wallet_gains_the_tenders_table() {
    let dir = tempfile::tempdir().unwrap();
    {
        let c = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        c.execute_batch(db::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "application_id", db::APPLICATION_ID).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let w = Wallet::open(dir.path()).unwrap();
    assert_eq!(w.schema_version().unwrap(), db::schema_version());
    assert_eq!(db::schema_version(), 3);
    assert!(w.list_tenders().unwrap().is_empty());
    let t = tender("迁移后");
    let id = w.save_tender(&t, &assess(&t, vec![], &trust(), NOW, false), NOW).unwrap();
    assert_eq!(w.load_tender(id).unwrap().0, t);
}
