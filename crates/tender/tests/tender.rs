//! The tender check end to end: files in a temp dir → rows, roles, issues, reports.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{build_certificate, encode, testkit, Code, IssueRequest, SigningKey, Specialty, TrustList};
use buildcert_check::OutcomeStatus;
use buildcert_tender::*;

struct Kit {
    issuer: SigningKey,
    trust: TrustList,
    now: i64,
}

fn kit() -> Kit {
    let root = testkit::seed_key("root-public");
    let issuer = testkit::seed_key("issuer-public");
    let tb = testkit::trust_list(&root, &issuer.verifying_key(), 1);
    let trust = TrustList::decode_verified(&tb, &[root.verifying_key()]).unwrap();
    Kit { issuer, trust, now: cst_midnight(d("2026-10-01")) + 9 * 3600 }
}

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

const COMPANY: &str = "91110000100000000";
const OTHER: &str = "91310000200000000";

/// A person: n-th test holder with the given specialties (all 2023-03-01..2028-12-31).
fn person(n: u32, specs: &[&str]) -> IssueRequest {
    let mut r = testkit::sample_request();
    r.reg = format!("京111002023{:07}", n);
    r.lid = format!("11000000{:08}", n);
    r.name = format!("测试{n}");
    // Same birth date as the sample (1985-06-15, male): the sequence digits vary.
    r.idn = testkit::idn(&format!("11010119850615{:02}1", n % 100));
    r.spec = specs.iter().map(|s| Specialty { n: (*s).into(), from: d("2023-03-01"), to: d("2028-12-31") }).collect();
    r
}

fn qr(k: &Kit, req: &IssueRequest) -> String {
    encode(&build_certificate(req).unwrap(), &k.issuer)
}

fn write_txt(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("{text}\n")).unwrap();
    p
}

fn qr_image(text: &str) -> image::GrayImage {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::Q).unwrap();
    code.render::<image::Luma<u8>>().module_dimensions(4, 4).build()
}

fn write_png(dir: &Path, name: &str, img: &image::GrayImage) -> PathBuf {
    let p = dir.join(name);
    image::DynamicImage::ImageLuma8(img.clone()).save_with_format(&p, image::ImageFormat::Png).unwrap();
    p
}

fn tender(roles: &[&str]) -> Tender {
    Tender {
        name: "示范项目施工总承包".into(),
        bid_date: d("2026-10-01"),
        valid_until: None,
        company: Some("北京建工示范有限公司".into()),
        uscc: testkit::uscc(COMPANY),
        roles: roles.iter().map(|r| r.parse().unwrap()).collect(),
        inputs: vec![],
    }
}

fn run(k: &Kit, t: &Tender, files: &[PathBuf], threads: usize) -> TenderResult {
    let cancel = AtomicBool::new(false);
    let opts = RunOptions { threads, ..RunOptions::default() };
    run_tender(t, files, &k.trust, k.now, &opts, &|_| {}, &cancel).unwrap()
}

fn has(r: &Row, code: &str) -> bool {
    r.reasons.iter().any(|x| x.code.as_str() == code)
}

#[test]
fn every_role_covered_passes() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &person(1, &["建筑工程"])));
    let b = write_png(dir.path(), "b.png", &qr_image(&qr(&k, &person(2, &["机电工程"]))));
    let t = tender(&["项目经理=建筑工程", "技术负责人=机电工程"]);
    let r = run(&k, &t, &[a, b], 2);
    assert!(r.passed, "{:#?}", r.roles);
    assert_eq!(r.rows.len(), 2);
    assert!(r.rows.iter().all(|x| x.status == OutcomeStatus::Valid && x.counted && x.employer_match == Some(true)));
    assert_eq!(r.roles[0].person.as_deref(), Some("测试1"));
    assert_eq!(r.roles[1].person.as_deref(), Some("测试2"));
    assert_eq!(r.rows[0].role.as_deref(), Some("项目经理"));
    assert_eq!(r.rows[0].id_masked.as_deref().unwrap().matches('*').count(), 14);
    assert_eq!((r.trust_seq, r.counts.valid, r.counts.files), (1, 2, 2));
}

#[test]
fn newest_copy_counts_and_older_ones_are_superseded() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let mut old = person(1, &["建筑工程"]);
    old.iat = cst_midnight(d("2026-08-01")) + 3600;
    old.lid = "1100000000000901".into();
    let new = person(1, &["建筑工程"]);
    // Same person by ID number only (registration typed differently is impossible in BC1, but the rule says either).
    let mut by_id = person(1, &["建筑工程"]);
    by_id.reg = "京1110020239999999".into();
    by_id.iat = cst_midnight(d("2026-07-01"));
    by_id.lid = "1100000000000902".into();
    let f1 = write_txt(dir.path(), "1.txt", &qr(&k, &old));
    let f2 = write_txt(dir.path(), "2.txt", &qr(&k, &new));
    let f3 = write_txt(dir.path(), "3.txt", &qr(&k, &by_id));
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &[f1, f2, f3], 1);
    assert!(r.passed);
    let (r1, r2, r3) = (&r.rows[0], &r.rows[1], &r.rows[2]);
    assert!(r2.counted && !r1.counted && !r3.counted);
    assert_eq!((r1.superseded_by, r3.superseded_by), (Some(2), Some(2)));
    assert!(has(r1, "superseded") && has(r3, "superseded") && !has(r2, "superseded"));
    assert_eq!(r1.status, OutcomeStatus::Warning);
    assert_eq!(r.roles[0].row, Some(2));
    assert!(r.issues.iter().any(|i| i.reason.code == ReasonCode::Bc1(Code::Superseded) && i.rows == vec![1, 2, 3]));
}

#[test]
fn matching_reassigns_to_cover_every_role() {
    // A fits both roles and comes first; greedy would give A the first role and leave
    // the second uncovered. The matching gives the first to B and the second to A.
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &person(1, &["建筑工程", "机电工程"])));
    let b = write_txt(dir.path(), "b.txt", &qr(&k, &person(2, &["建筑工程"])));
    let r = run(&k, &tender(&["项目经理=建筑工程", "技术负责人=机电工程"]), &[a, b], 1);
    assert!(r.passed, "{:#?}", r.roles);
    assert_eq!(r.roles[0].person.as_deref(), Some("测试2"));
    assert_eq!(r.roles[1].person.as_deref(), Some("测试1"));
}

#[test]
fn one_person_for_two_roles_is_flagged_and_fails() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &person(1, &["建筑工程", "机电工程"])));
    let r = run(&k, &tender(&["项目经理=建筑工程", "技术负责人=机电工程"]), &[a], 1);
    assert!(!r.passed);
    assert!(r.roles[0].covered && !r.roles[1].covered);
    assert!(r.roles[1]
        .reasons
        .iter()
        .any(|x| x.code == ReasonCode::Tender(TenderCode::RoleUncovered) && x.message.zh.contains("测试1")));
    assert!(has(&r.rows[0], "person_in_two_roles"));
    assert!(r.issues.iter().any(|i| i.reason.code == ReasonCode::Tender(TenderCode::PersonInTwoRoles)));
}

#[test]
fn wrong_employer_or_missing_specialty_never_covers() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let mut other = person(1, &["建筑工程"]);
    other.uscc = testkit::uscc(OTHER);
    other.emp = "上海另一家有限公司".into();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &other));
    let b = write_txt(dir.path(), "b.txt", &qr(&k, &person(2, &["公路工程"])));
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &[a, b], 1);
    assert!(!r.passed);
    assert_eq!(r.rows[0].status, OutcomeStatus::Invalid);
    assert_eq!(r.rows[0].employer_match, Some(false));
    assert!(has(&r.rows[0], "employer_mismatch"));
    assert_eq!(r.rows[1].status, OutcomeStatus::Invalid);
    assert!(has(&r.rows[1], "specialty_missing"));
    // The uncovered role says who had the specialty and why it does not count.
    let why = &r.roles[0].reasons[0];
    assert!(why.message.zh.contains("测试1") && why.message.zh.contains("聘用企业"), "{}", why.message.zh);
}

#[test]
fn bad_files_never_stop_the_batch() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let blank = image::GrayImage::from_pixel(300, 300, image::Luma([255]));
    let files = vec![
        write_png(dir.path(), "blank.png", &blank),
        {
            let p = dir.path().join("junk.bin");
            std::fs::write(&p, [0u8, 1, 2, 3, 255, 0, 7]).unwrap();
            p
        },
        dir.path().join("missing.pdf"),
        write_txt(dir.path(), "link.txt", "https://zwfw.example.invalid/query?id=1"),
        write_txt(dir.path(), "tampered.txt", &{
            let mut t = qr(&k, &person(3, &["建筑工程"]));
            t.pop();
            t.push(if t.ends_with('0') { '1' } else { '0' });
            t
        }),
        write_txt(dir.path(), "ok.txt", &qr(&k, &person(1, &["建筑工程"]))),
    ];
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &files, 2);
    assert_eq!(r.rows.len(), 6);
    assert_eq!(r.rows[0].status, OutcomeStatus::Error);
    assert!(has(&r.rows[0], "no_code"));
    assert!(has(&r.rows[1], "file_unreadable") && has(&r.rows[2], "file_unreadable"));
    assert_eq!(r.rows[3].status, OutcomeStatus::Unverified);
    assert!(has(&r.rows[3], "unverified_format") && !r.rows[3].counted);
    assert_eq!(r.rows[4].status, OutcomeStatus::Invalid);
    assert!(r.rows[4].name.is_none() && !r.rows[4].counted);
    assert!(r.passed, "the good file still covers the role");
    assert_eq!((r.counts.error, r.counts.unverified, r.counts.invalid, r.counts.valid), (3, 1, 1, 1));
    for code in [TenderCode::NoCode, TenderCode::FileUnreadable, TenderCode::UnverifiedFormat] {
        assert!(r.issues.iter().any(|i| i.reason.code == ReasonCode::Tender(code)), "{code:?}");
    }
}

#[test]
fn a_file_with_two_certificates_gives_two_flagged_rows() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (qr_image(&qr(&k, &person(1, &["建筑工程"]))), qr_image(&qr(&k, &person(2, &["机电工程"]))));
    let mut both =
        image::GrayImage::from_pixel(a.width() + b.width() + 40, a.height().max(b.height()) + 20, image::Luma([255]));
    image::imageops::overlay(&mut both, &a, 10, 10);
    image::imageops::overlay(&mut both, &b, (a.width() + 30) as i64, 10);
    let f = write_png(dir.path(), "two.png", &both);
    let r = run(&k, &tender(&["项目经理=建筑工程", "技术负责人=机电工程"]), &[f], 1);
    assert_eq!(r.rows.len(), 2, "{:#?}", r.rows);
    assert_eq!((r.rows[0].position, r.rows[1].position), (0, 1));
    assert!(r.rows.iter().all(|x| has(x, "several_certificates") && x.status == OutcomeStatus::Warning));
    assert!(r.passed);
    assert!(r.issues.iter().any(|i| i.reason.code == ReasonCode::Tender(TenderCode::SeveralCertificates)));
}

#[test]
fn valid_until_flags_who_must_download_again() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &person(1, &["建筑工程"])));
    let mut t = tender(&["项目经理=建筑工程"]);
    t.valid_until = Some(d("2027-03-31")); // use.to is 2027-02-27
    let r = run(&k, &t, std::slice::from_ref(&a), 1);
    assert!(r.passed, "a warning, not a failure");
    assert!(has(&r.rows[0], "usage_ends_before"));
    assert_eq!(r.rows[0].status, OutcomeStatus::Warning);
    assert_eq!(r.roles[0].status, OutcomeStatus::Warning);
    t.valid_until = Some(d("2027-02-27"));
    let r = run(&k, &t, &[a], 1);
    assert!(!has(&r.rows[0], "usage_ends_before"));
}

#[test]
fn unverified_rows_never_cover_a_role() {
    let k = kit();
    let mut official = Row::new("official.pdf", 0);
    official.certificate_status = OutcomeStatus::Unverified;
    official.name = Some("王芳".into());
    official.registration = Some("京1110020230000009".into());
    official.employer_uscc = Some(testkit::uscc(COMPANY));
    official.specialties =
        vec![SpecialtyCell {
            name: "建筑工程".into(), from: d("2023-01-01"), to: d("2028-01-01"), valid_at_bid: true
        }];
    let r = assess(&tender(&["项目经理=建筑工程"]), vec![official], &k.trust, k.now, false);
    assert!(!r.passed);
    assert_eq!(r.rows[0].status, OutcomeStatus::Unverified);
    assert!(!r.rows[0].counted && r.rows[0].role.is_none());
}

#[test]
fn progress_cancel_and_threads() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> =
        (1..=8).map(|n| write_txt(dir.path(), &format!("{n}.txt"), &qr(&k, &person(n, &["建筑工程"])))).collect();
    let t = tender(&["项目经理=建筑工程"]);
    let seen = AtomicUsize::new(0);
    let max = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let opts = RunOptions { threads: 2, ..RunOptions::default() };
    let r2 = run_tender(
        &t,
        &files,
        &k.trust,
        k.now,
        &opts,
        &|p| {
            seen.fetch_add(1, Ordering::SeqCst);
            max.fetch_max(p.done, Ordering::SeqCst);
            assert_eq!(p.total, 8);
        },
        &cancel,
    )
    .unwrap();
    assert_eq!((seen.load(Ordering::SeqCst), max.load(Ordering::SeqCst)), (8, 8));
    let r1 = run(&k, &t, &files, 1);
    assert_eq!(serde_json::to_string(&r1).unwrap(), serde_json::to_string(&r2).unwrap(), "1 and 2 threads agree");
    // Cancelled before the start: nothing read, never passes.
    cancel.store(true, Ordering::SeqCst);
    let r = run_tender(&t, &files, &k.trust, k.now, &opts, &|_| {}, &cancel).unwrap();
    assert!(r.cancelled && !r.passed && r.rows.is_empty());
    assert!(r.issues.iter().any(|i| i.reason.code == ReasonCode::Tender(TenderCode::Cancelled)));
    // Cancel from the progress callback after the first file: the run stops early.
    let cancel = AtomicBool::new(false);
    let one = RunOptions { threads: 1, ..RunOptions::default() };
    let r = run_tender(&t, &files, &k.trust, k.now, &one, &|_| cancel.store(true, Ordering::SeqCst), &cancel).unwrap();
    assert!(r.cancelled && r.rows.len() < 8);
}

#[test]
fn folders_are_expanded_sorted_and_filtered() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let text = qr(&k, &person(1, &["建筑工程"]));
    write_txt(&sub, "b.txt", &text);
    write_txt(dir.path(), "a.TXT", &text);
    write_txt(dir.path(), ".hidden.txt", &text);
    std::fs::write(dir.path().join("notes.docx"), b"x").unwrap();
    let e = expand_inputs(&[dir.path().to_path_buf(), dir.path().join("missing.pdf")]);
    assert_eq!(e.files, vec![dir.path().join("a.TXT"), sub.join("b.txt"), dir.path().join("missing.pdf")]);
    assert_eq!(e.skipped, vec![dir.path().join("notes.docx")]);
}

#[test]
fn saved_result_round_trips_and_rechecks_later() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let a = write_txt(dir.path(), "a.txt", &qr(&k, &person(1, &["建筑工程"])));
    let t = tender(&["项目经理=建筑工程"]);
    let r = run(&k, &t, std::slice::from_ref(&a), 1);
    let json = serde_json::to_string(&r).unwrap();
    let back: TenderResult = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    std::fs::remove_file(&a).unwrap(); // re-checks need no files
    let same = recheck(&back, None, &k.trust, k.now).unwrap();
    assert!(same.passed);
    assert_eq!(same.rows[0].status, r.rows[0].status);
    let mut later = t.clone();
    later.bid_date = d("2027-03-01"); // after use.to 2027-02-27
    let r2 = recheck(&back, Some(&later), &k.trust, k.now).unwrap();
    assert!(!r2.passed);
    assert!(has(&r2.rows[0], "usage_expired"));
}

#[test]
fn reports_mask_ids_and_open_in_excel() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let req = person(1, &["建筑工程"]);
    let text = qr(&k, &req);
    let a = write_txt(dir.path(), "a.txt", &text);
    let b = write_txt(dir.path(), "b.txt", "=cmd|' /C calc'!A0");
    let r = run(&k, &tender(&["项目经理=建筑工程", "技术负责人=机电工程"]), &[a, b], 1);
    let csv = csv_bytes(&r, buildcert_bc1::Lang::Zh);
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let s = String::from_utf8(csv).unwrap();
    assert!(!s.contains(&req.idn), "full ID number in the CSV");
    assert!(s.contains("**************") && !s.contains("1101**********"), "IDs keep only their last 4");
    assert!(s.contains("投标截止日（核验日期）：2026-10-01") && s.contains("信任列表：第 1 版"));
    assert!(s.contains("岗位 技术负责人（机电工程）：✕ 无人符合"));
    assert!(!s.contains(&text[4..60]), "QR texts never go into reports");
    let en = String::from_utf8(csv_bytes(&r, buildcert_bc1::Lang::En)).unwrap();
    assert!(en.contains("Registration number") && en.contains("not covered"));
    let xlsx = xlsx_bytes(&r, buildcert_bc1::Lang::Zh).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let out = dir.path().join("r.xlsx");
    write_report(&r, buildcert_bc1::Lang::Zh, &out, None).unwrap();
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    assert!(write_report(&r, buildcert_bc1::Lang::Zh, &dir.path().join("r.doc"), None).is_err());
}

#[test]
fn pdf_report_and_pdf_certificates() {
    let fonts = match buildcert_pdfgen::Fonts::discover() {
        Ok(f) => f,
        Err(e) => panic!("no CJK font (install fonts-noto-cjk): {e}"),
    };
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let opts = buildcert_issuer::PageOptions { seal: testkit::SEAL.into(), demo: true, ..Default::default() };
    let issued = buildcert_issuer::issue_pdf(&person(1, &["建筑工程"]), &k.issuer, &opts, &fonts).unwrap();
    let p = dir.path().join("cert.pdf");
    std::fs::write(&p, &issued.pdf).unwrap();
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &[p], 1);
    assert!(r.passed, "{:#?}", r.rows);
    assert_eq!(r.rows[0].status, OutcomeStatus::Valid);
    let pdf = pdf_bytes(&r, &fonts).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(buildcert_pdfgen::page_count(&pdf).unwrap(), 1);
}

/// Links back up the tree (`l1 -> .`, `l2 -> ..`) are not followed: the walk
/// ends at once with each real file once; a link to a file is read.
#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let text = qr(&k, &person(1, &["建筑工程"]));
    write_txt(&sub, "b.txt", &text);
    for (link, to) in [("l1", "."), ("l2", ".."), ("sub/l3", ".."), ("sub/l4", "../.."), ("sub/l5", "/")] {
        std::os::unix::fs::symlink(to, dir.path().join(link)).unwrap();
    }
    std::os::unix::fs::symlink("b.txt", sub.join("c.txt")).unwrap();
    let e = expand_inputs(&[dir.path().to_path_buf()]);
    assert_eq!(e.files, vec![sub.join("b.txt"), sub.join("c.txt")]);
    assert_eq!(e.stopped, None);
    assert!(e.skipped.contains(&dir.path().join("l1")), "{:?}", e.skipped);
}

/// Past the file-count or depth cap the walk stops and says so.
#[test]
fn the_walk_stops_past_its_caps() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        std::fs::write(dir.path().join(format!("{i:02}.txt")), "x").unwrap();
    }
    let e = expand_inputs_within(&[dir.path().to_path_buf()], 10, 32);
    let why = e.stopped.expect("stopped past 10 files");
    assert!(why.zh.contains("10") && why.zh.contains("已停止查找"), "{why:?}");
    assert!(why.en.contains("10") && why.en.contains("the search stopped"), "{why:?}");
    assert!(e.files.len() <= 11);
    assert_eq!(expand_inputs_within(&[dir.path().to_path_buf()], 12, 32).stopped, None);

    let deep = tempfile::tempdir().unwrap();
    let mut p = deep.path().to_path_buf();
    for i in 0..6 {
        p = p.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("a.txt"), "x").unwrap();
    let e = expand_inputs_within(&[deep.path().to_path_buf()], 100, 4);
    assert!(e.stopped.expect("stopped past depth 4").en.contains("4"));
    assert_eq!(expand_inputs_within(&[deep.path().to_path_buf()], 100, 6).stopped, None);
}

/// Text of one page of a PDF, read back by poppler's pdftotext (a tool the
/// Makefile installs: missing, the test fails).
fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every entry of a zip (an XLSX) as text, through Python's zipfile.
fn xlsx_text(path: &Path) -> String {
    let o = std::process::Command::new("python3")
        .args(["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(''.join(z.read(n).decode('utf-8','replace') for n in z.namelist()))"])
        .arg(path)
        .output()
        .expect("python3 must be installed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_tender_under_a_demo_root_says_demo_in_every_output_and_never_plain_passed() {
    let fonts = buildcert_pdfgen::Fonts::discover().expect("no CJK font (install fonts-noto-cjk)");
    let mut k = kit();
    k.trust.demo = true;
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> =
        (1..=45).map(|n| write_txt(dir.path(), &format!("{n:02}.txt"), &qr(&k, &person(n, &["建筑工程"])))).collect();
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &files, 2);
    assert!(r.demo && r.rows.iter().all(|x| x.demo), "every verified row rests on the demo root");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["demo"], true);
    assert!(json["rows"].as_array().unwrap().iter().all(|x| x["demo"] == true));
    for lang in [buildcert_bc1::Lang::Zh, buildcert_bc1::Lang::En] {
        let lines = summary_lines(&r, lang);
        let verdict = lines.iter().find(|l| l.starts_with("结论") || l.starts_with("Result")).unwrap();
        assert!(verdict.contains("演示") || verdict.contains("DEMO"), "{verdict}");
        assert!(!verdict.starts_with("结论：✓ 通过") && !verdict.starts_with("Result: ✓ passed"), "{verdict}");
        let csv = String::from_utf8(csv_bytes(&r, lang)).unwrap();
        // The demo column is the last: every one of the 45 rows ends with it.
        assert_eq!(csv.matches("演示 DEMO\r\n").count(), 45, "a CSV row without the demo mark");
    }
    let xlsx = dir.path().join("r.xlsx");
    write_report(&r, buildcert_bc1::Lang::Zh, &xlsx, None).unwrap();
    let x = xlsx_text(&xlsx);
    assert!(x.contains("演示 DEMO") && x.contains("演示数据"), "XLSX without the demo column");
    let pdf = dir.path().join("r.pdf");
    std::fs::write(&pdf, pdf_bytes(&r, &fonts).unwrap()).unwrap();
    let pages = buildcert_pdfgen::page_count(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(pages >= 2, "45 rows fill more than one page");
    for p in 1..=pages {
        let t = pdf_page_text(&pdf, p);
        assert!(t.contains("演示") && t.contains("DEMO"), "page {p} has no demo mark:\n{t}");
    }
    // The same tender under a real root has no demo mark anywhere.
    k.trust.demo = false;
    let real = run(&k, &tender(&["项目经理=建筑工程"]), &files, 2);
    assert!(!real.demo && real.rows.iter().all(|x| !x.demo));
    let csv = String::from_utf8(csv_bytes(&real, buildcert_bc1::Lang::Zh)).unwrap();
    assert!(!csv.contains("演示"));
}

/// One member of a zip file (an XLSX part), read with Python's zipfile.
fn zip_member(path: &Path, member: &str) -> String {
    let o = std::process::Command::new("python3")
        .args(["-c", "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode('utf-8'))"])
        .arg(path)
        .arg(member)
        .output()
        .expect("python3 must be installed");
    assert!(o.status.success(), "{member}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn xlsx_report_prints_landscape_one_page_wide_with_the_header_on_every_page() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> =
        (1..=60).map(|n| write_txt(dir.path(), &format!("{n:02}.txt"), &qr(&k, &person(n, &["建筑工程"])))).collect();
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &files, 2);
    for lang in [buildcert_bc1::Lang::Zh, buildcert_bc1::Lang::En] {
        let xlsx = dir.path().join("r.xlsx");
        std::fs::write(&xlsx, xlsx_bytes(&r, lang).unwrap()).unwrap();
        // Sheet 1 is the summary, sheet 2 the certificates.
        let summary = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
        assert!(summary.contains(r#"orientation="landscape""#), "summary sheet not landscape:\n{summary}");
        let certs = zip_member(&xlsx, "xl/worksheets/sheet2.xml");
        let page_setup = certs.split("<pageSetup").nth(1).expect("no <pageSetup> on the certificate sheet");
        let page_setup = &page_setup[..page_setup.find("/>").unwrap()];
        assert!(page_setup.contains(r#"orientation="landscape""#), "{page_setup}");
        assert!(page_setup.contains(r#"paperSize="9""#), "A4: {page_setup}");
        // One page wide (fitToWidth defaults to 1 and may be left out), any height.
        assert!(!page_setup.contains("fitToWidth=") || page_setup.contains(r#"fitToWidth="1""#), "{page_setup}");
        assert!(page_setup.contains(r#"fitToHeight="0""#), "{page_setup}");
        assert!(certs.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "fit-to-page not switched on:\n{certs}");
        // The header row repeats: a Print_Titles name on the certificate sheet (index 1), row 1.
        let workbook = zip_member(&xlsx, "xl/workbook.xml");
        let titles = workbook
            .split("<definedName ")
            .find(|d| d.contains(r#"name="_xlnm.Print_Titles""#))
            .unwrap_or_else(|| panic!("no _xlnm.Print_Titles:\n{workbook}"));
        let sheet = if lang == buildcert_bc1::Lang::Zh { "证书" } else { "Certificates" };
        assert!(titles.contains(r#"localSheetId="1""#), "{titles}");
        assert!(titles.contains(&format!("{sheet}!$1:$1")), "{titles}");
    }
}

#[test]
fn gb18030_csv_reads_back_with_pythons_codec() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> =
        (1..=3).map(|n| write_txt(dir.path(), &format!("{n:02}.txt"), &qr(&k, &person(n, &["建筑工程"])))).collect();
    let r = run(&k, &tender(&["项目经理=建筑工程"]), &files, 1);
    for lang in [buildcert_bc1::Lang::Zh, buildcert_bc1::Lang::En] {
        let utf8 = csv_bytes_encoded(&r, lang, CsvEncoding::Utf8Bom);
        assert_eq!(utf8, csv_bytes(&r, lang), "the default is UTF-8 with a BOM");
        let text = String::from_utf8(utf8[3..].to_vec()).unwrap();
        assert!(text.contains("测试1") && text.contains("示范项目施工总承包"));

        let gb = csv_bytes_encoded(&r, lang, CsvEncoding::Gb18030);
        assert!(!gb.starts_with(&[0xEF, 0xBB, 0xBF]), "GB18030 has no UTF-8 BOM");
        assert!(!gb.starts_with(&[0x84, 0x31, 0x95, 0x33]), "GB18030 has no BOM of its own either");
        assert!(std::str::from_utf8(&gb).is_err(), "the Chinese text is not UTF-8 any more");
        let p = dir.path().join("r.csv");
        write_csv_encoded(&r, lang, &p, CsvEncoding::Gb18030).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), gb);
        // newline='' keeps the CRLFs as they are.
        let o = std::process::Command::new("python3")
            .args([
                "-c",
                "import sys;sys.stdout.buffer.write(open(sys.argv[1],encoding='gb18030',newline='').read().encode('utf-8'))",
            ])
            .arg(&p)
            .output()
            .expect("python3 must be installed");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(String::from_utf8(o.stdout).unwrap(), text, "GB18030 read back differs from the UTF-8 report");
    }
}
