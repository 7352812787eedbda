//! The inspection record (现场核查记录) drawn as a PDF and read back: a
//! valid, an expired, a tampered and a demo check, and a session of three.
//! The checks are the BC1 public vectors at their fixed dates, at a fixed
//! time (never today's).

use std::path::PathBuf;

use buildcert_bc1::date::{cst_midnight, parse_date};
use buildcert_bc1::{parse_root_key, CheckContext, TrustList};
use buildcert_check::{Outcome, OutcomeStatus};
use buildcert_service::record::{input_file, record_report, InspectionRecord, RecordScope, RecordedCheck, Session};
use buildcert_service::{record_pdf, write_record_pdf, TrustStamp};

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vectors")
}

fn cases() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(vectors().join("cases.json")).unwrap()).unwrap()
}

fn trust(demo: bool) -> TrustList {
    let root = parse_root_key(cases()["root_public_key_hex"].as_str().unwrap()).unwrap();
    let mut tl = TrustList::decode_verified(&std::fs::read(vectors().join("trust.bctl")).unwrap(), &[root]).unwrap();
    tl.demo = demo;
    tl
}

/// 14:05 (UTC+08:00) on `day`.
fn at(day: &str) -> i64 {
    cst_midnight(parse_date(day).unwrap()) + 14 * 3600 + 5 * 60
}

/// The vector `file` checked on `day` at 14:05 under the test list (a demo one when `demo`).
fn check(file: &str, day: &str, demo: bool) -> RecordedCheck {
    let tl = trust(demo);
    let now = at(day);
    let ctx = CheckContext::new(parse_date(day).unwrap(), now);
    let text = std::fs::read_to_string(vectors().join(file)).unwrap();
    let o: Outcome = buildcert_check::check(&buildcert_check::read_text(&text), &tl, &ctx);
    RecordedCheck::new(input_file(&format!("/home/inspector/{file}")), now, &o, Some(TrustStamp::of(&tl)))
}

fn fonts() -> buildcert_pdfgen::Fonts {
    buildcert_pdfgen::Fonts::discover().expect("no CJK font (install fonts-noto-cjk)")
}

/// Every page's text, read back from the PDF by buildcert-scan, with white
/// space removed (the reader may split a line where the drawing moved).
fn read_back(pdf: &[u8]) -> (String, usize) {
    let pages = buildcert_scan::pdf_text(pdf, &buildcert_scan::Limits::default()).unwrap();
    let text: String = pages.join("\n").chars().filter(|c| !c.is_whitespace()).collect();
    (text, pages.len())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The full and the masked ID number of a check's certificate.
fn ids(c: &RecordedCheck) -> (String, String) {
    let cert = c.outcome.verdict.as_ref().unwrap().certificate.as_ref().unwrap();
    (cert.idn.clone(), cert.masked().idn)
}

const NOTE: &str = "工地东门 核对原件 gate 3";

#[test]
fn one_check_each_kind_on_one_page_read_back() {
    let fonts = fonts();
    let cases = [
        ("valid.txt", "2026-10-01", false, OutcomeStatus::Valid, "有效", "Valid", None),
        ("expired.txt", "2027-02-28", false, OutcomeStatus::Invalid, "无效", "Notvalid", Some("使用有效期已过")),
        ("bad_signature.txt", "2026-10-01", false, OutcomeStatus::Invalid, "无效", "Notvalid", Some("签名无效")),
        ("valid.txt", "2026-10-01", true, OutcomeStatus::Valid, "【演示】", "[DEMO]", None),
    ];
    for (file, day, demo, status, zh, en, reason) in cases {
        let c = check(file, day, demo);
        assert_eq!(c.outcome.status, status, "{file}");
        assert_eq!(c.demo(), demo);
        let record = InspectionRecord::of(vec![c.clone()], Some(NOTE));
        let pdf = record_pdf(&record, at(day) + 60, &fonts).unwrap();
        let (text, pages) = read_back(&pdf);
        assert_eq!(pages, 1, "{file}: one check fits one page");
        assert!(text.contains("现场核查记录") && text.contains("Inspectionrecord"), "{file}: {text}");
        // The verdict line (a font without ✓ ✕ draws √ ×, so the symbol is not compared).
        let verdict = &text[text.find("核查结论：").expect("the verdict line")..];
        let verdict: String = verdict.chars().take(40).collect();
        assert!(verdict.contains(zh) && verdict.contains(en), "{file}: verdict words {zh} / {en}: {verdict}");
        // The check date and time, and the trust list it ran under.
        assert!(text.contains(&format!("核查时间：{day}14:05")), "{file}: {text}");
        assert!(text.contains(&format!("Checkedat:{day}14:05")), "{file}: {text}");
        let seq = trust(false).seq;
        assert!(
            text.contains(&format!("信任列表：第{seq}版")) && text.contains(&format!("Trustlist:seq{seq}")),
            "{file}: {text}"
        );
        assert!(text.contains("发布于2026-01-01"), "{file}: {text}");
        assert!(text.contains(&squeeze(NOTE)), "{file}: the note: {text}");
        assert!(text.contains(file), "{file}: the input is named");
        assert!(!text.contains("/home/inspector"), "{file}: a file is named without its folder");
        for r in c.outcome.reasons() {
            // Each reason in both languages (the start of each: long ones wrap).
            let zh: String = squeeze(&r.zh).chars().take(8).collect();
            let en: String = squeeze(&r.en).chars().take(12).collect();
            assert!(text.contains(&zh) && text.contains(&en), "{file}: reason {:?}: {text}", r.code);
        }
        if let Some(want) = reason {
            assert!(text.contains(want), "{file}: {want}: {text}");
        }
        if c.outcome.verdict.as_ref().unwrap().certificate.is_some() {
            let (full, masked) = ids(&c);
            assert!(text.contains(&masked), "{file}: the masked ID {masked}: {text}");
            assert!(!text.contains(&full), "{file}: the full ID is printed");
            assert!(!text.contains(&full[..10]), "{file}: the area code and birth year are printed");
        }
        let demo_said = text.contains("演示DEMO") && text.contains("【演示DEMO】本记录基于演示");
        assert_eq!(demo_said, demo, "{file}: the demo line and watermark: {text}");
        assert_eq!(record_report(&record, 0).unwrap().demo, demo);
    }
}

#[test]
fn a_revealed_id_is_printed_only_when_asked() {
    let c = check("valid.txt", "2026-10-01", false);
    let (full, _) = ids(&c);
    let mut record = InspectionRecord::of(vec![c], None);
    record.reveal_id = true;
    let (text, _) = read_back(&record_pdf(&record, at("2026-10-01"), &fonts()).unwrap());
    assert!(text.contains(&full));
    assert!(!text.contains("公民身份号码已隐去"));
}

#[test]
fn a_session_of_three_checks_lists_each_in_order_with_the_counts() {
    let mut s = Session::new(at("2026-10-01") - 3600);
    s.push(check("valid.txt", "2026-10-01", false));
    s.push(check("bad_signature.txt", "2026-10-01", false));
    s.push(check("expired.txt", "2027-02-28", false));
    assert_eq!(s.len(), 3);
    let record = s.record(RecordScope::Session, Some(NOTE), false);
    assert_eq!(record.checks.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("会话记录.pdf");
    std::fs::write(&path, b"an older file is replaced").unwrap();
    write_record_pdf(&record, at("2027-02-28") + 60, &fonts(), &path).unwrap();
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    let (text, pages) = read_back(&std::fs::read(&path).unwrap());
    assert_eq!(pages, 1);
    assert!(text.contains("现场核查记录（3次核查）") && text.contains("Inspectionrecord(3checks)"), "{text}");
    assert!(text.contains("共3次核查：有效1，有效（需注意）0，无效2，无法读取0，未验证0"), "{text}");
    assert!(text.contains("3checks:Valid1,Valid,withwarnings0,Notvalid2"), "{text}");
    assert!(text.contains("本次核查自2026-10-0113:05至2027-02-2814:05"), "{text}");
    // Each check's time, in order.
    let table = &text[text.find("Reasons").unwrap()..];
    let at = |s: &str| table.find(s).unwrap_or_else(|| panic!("{s} not in {table}"));
    assert!(at("valid.txt") < at("bad_signature.txt"));
    assert!(at("bad_signature.txt") < at("expired.txt"), "the checks are listed in order");
    assert!(at("2026-10-0114:05") < at("2027-02-2814:05"));
    assert!(text.contains("使用有效期已过") && text.contains("签名无效"), "{text}");
    assert!(text.contains(&squeeze(NOTE)));
    // The last check alone is a record of one.
    let last = s.record(RecordScope::Last, None, false);
    assert_eq!(last.checks.len(), 1);
    assert_eq!(last.checks[0].input.zh, "expired.txt");
}

#[test]
fn a_long_session_breaks_across_pages_and_an_empty_one_is_refused() {
    let mut s = Session::new(at("2026-10-01"));
    assert!(record_pdf(&s.record(RecordScope::Session, None, false), 0, &fonts()).is_err());
    for _ in 0..40 {
        s.push(check("expired.txt", "2027-02-28", false));
    }
    let (text, pages) = read_back(&record_pdf(&s.record(RecordScope::Session, None, false), 0, &fonts()).unwrap());
    assert!(pages > 1, "40 checks fill more than one page");
    assert!(text.contains("第1页，共") && text.contains("共40次核查"));
}

/// An official-format certificate (no BC1 code): never "valid", its printed
/// fields with the ID number masked, the date rules' reasons.
#[test]
fn an_official_format_check_is_recorded_as_unverified_with_its_fields_masked() {
    use buildcert_service::OfficialPart;
    let pdf = std::fs::read(vectors().join("../official/fullwidth-iso-2spec.pdf")).unwrap();
    let limits = buildcert_scan::Limits::default();
    let day = "2026-10-01";
    let ctx = CheckContext::new(parse_date(day).unwrap(), at(day));
    let (mut o, _, _) = buildcert_check::check_bytes(&pdf, &limits, &trust(false), &ctx);
    let extraction = buildcert_official::extract_from_pdf(&pdf, &limits).unwrap();
    let part = OfficialPart::from_extraction(&extraction, &ctx).expect("every field read");
    let full = part.fields.idn.clone().unwrap();
    o.status = OutcomeStatus::Unverified;
    o.error = None;
    let c = RecordedCheck::new(input_file("fullwidth-iso-2spec.pdf"), at(day), &o, None).with_official(Some(part));
    let (text, pages) = read_back(&record_pdf(&InspectionRecord::of(vec![c], None), at(day), &fonts()).unwrap());
    assert_eq!(pages, 1);
    assert!(text.contains("未验证（官方格式）") && text.contains("Unverified(officialformat)"), "{text}");
    assert!(text.contains("李四") && text.contains("**************0028"), "{text}");
    assert!(!text.contains(&full), "the full ID number is not printed");
    assert!(text.contains("信任列表：未使用"), "no trust list was used: {text}");
    assert!(!text.contains("核查结论：✓") && !text.contains("核查结论：√"), "never valid: {text}");
}
