//! The tender check's tests through the backend (runs, wallet entries in
//! memory, cancel, reports, saved tenders), at a fixed date.

mod run_tests {
    use std::sync::Mutex;

    use buildcert_tender::{CsvEncoding, Role, Tender};

    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;

    use crate::backend::tests::with_sample;
    use crate::error::ErrorCode;
    use crate::types::TenderRunRequest;

    fn tender(dir: &Path, inputs: Vec<PathBuf>, role_specialty: &str) -> Tender {
        let _ = dir;
        Tender {
            name: " 示范项目 ".into(),
            bid_date: buildcert_bc1::date::parse_date("2026-10-01").unwrap(),
            valid_until: None,
            company: Some("北京建工示范有限公司".into()),
            uscc: buildcert_bc1::testkit::uscc("91110000100000000"),
            roles: vec![Role { name: "项目经理".into(), specialty: role_specialty.into() }],
            inputs,
        }
    }

    #[test]
    fn runs_a_tender_with_progress_and_keeps_the_qr_texts_out_of_the_ui() {
        let (dir, b, text) = with_sample();
        let folder = dir.path().join("bid");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("zhang-wei.txt"), &text).unwrap();
        std::fs::write(folder.join("notes.docx"), b"not a certificate").unwrap();
        std::fs::write(folder.join("empty.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
        let seen = Mutex::new(Vec::new());
        let req =
            TenderRunRequest { tender: tender(dir.path(), vec![folder.clone()], "建筑工程"), wallet_ids: vec![] };
        let run = b.tender_run(&req, &|p| seen.lock().unwrap().push((p.done, p.total))).unwrap();
        let r = &run.result;
        assert!(r.passed, "{:?}", r.roles);
        assert_eq!(r.tender.name, "示范项目");
        assert_eq!(r.roles[0].person.as_deref(), Some("张伟"));
        assert_eq!(r.rows.len(), 2);
        assert_eq!(run.skipped.len(), 1, "{:?}", run.skipped);
        assert!(r.rows.iter().all(|row| row.qr_text.is_none()), "QR texts must not reach the UI");
        let mut s = seen.into_inner().unwrap();
        s.sort();
        assert_eq!(s, vec![(1, 2), (2, 2)]);
        // The full result (with QR texts) stays for saving and the report.
        let kept = b.tender_current.lock().unwrap().clone().unwrap();
        assert!(kept.rows.iter().any(|row| row.qr_text.is_some()));
        // A role nobody covers fails the tender.
        let req = TenderRunRequest { tender: tender(dir.path(), vec![folder], "机电工程"), wallet_ids: vec![] };
        let run = b.tender_run(&req, &|_| {}).unwrap();
        assert!(!run.result.passed);
        assert!(!run.result.roles[0].covered);
    }

    #[test]
    fn wallet_entries_are_checked_and_labelled_as_such() {
        let (dir, b, text) = with_sample();
        let added = b.wallet_import_text(&text).unwrap();
        let req =
            TenderRunRequest { tender: tender(dir.path(), vec![], "建筑工程"), wallet_ids: vec![added.id.clone()] };
        let run = b.tender_run(&req, &|_| {}).unwrap();
        assert!(run.result.passed, "{:?}", run.result.rows);
        assert_eq!(run.result.rows[0].file, "证书夹 / wallet: qr.txt");
        // Nothing was written beside the wallet: no staging copy of the entry.
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                }
                out.push(p);
            }
        }
        let mut all = Vec::new();
        walk(dir.path(), &mut all);
        assert!(
            all.iter().all(|p| {
                let s = p.display().to_string();
                !s.contains("tender-staging") && !s.ends_with("qr.txt")
            }),
            "{all:?}"
        );
    }

    #[test]
    fn bad_tenders_are_refused_in_words() {
        let (dir, b, _) = with_sample();
        let mut t = tender(dir.path(), vec![PathBuf::from("relative/path")], "建筑工程");
        let e = b.tender_run(&TenderRunRequest { tender: t.clone(), wallet_ids: vec![] }, &|_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        t.inputs = vec![];
        let e = b.tender_run(&TenderRunRequest { tender: t.clone(), wallet_ids: vec![] }, &|_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("请添加要核查的文件"), "{:?}", e.message);
        t.uscc = "91110000100000000X".into();
        t.inputs = vec![dir.path().to_path_buf()];
        let e = b.tender_run(&TenderRunRequest { tender: t, wallet_ids: vec![] }, &|_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("统一社会信用代码"), "{:?}", e.message);
        // Nothing to export before a run.
        let out = dir.path().join("r.csv");
        assert_eq!(
            b.tender_export(&out.display().to_string(), CsvEncoding::Utf8Bom).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn a_cancelled_run_says_so_and_does_not_pass() {
        let (dir, b, text) = with_sample();
        let folder = dir.path().join("bid");
        std::fs::create_dir_all(&folder).unwrap();
        // More files than can be in flight at once (one per core).
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let n = 2 * cores + 2;
        for i in 0..n {
            std::fs::write(folder.join(format!("{i}.txt")), &text).unwrap();
        }
        b.tender_cancel.store(false, Ordering::SeqCst);
        let req = TenderRunRequest { tender: tender(dir.path(), vec![folder], "建筑工程"), wallet_ids: vec![] };
        // Cancel from the first progress report on: the files not started are left out.
        let run = b.tender_run(&req, &|_| b.tender_cancel()).unwrap();
        assert!(run.result.cancelled);
        assert!(!run.result.passed);
        assert!(run.result.counts.files <= cores + 1 && run.result.counts.files < n, "{:?}", run.result.counts);
        // The next run starts afresh.
        assert!(!b.tender_running.load(Ordering::SeqCst));
    }

    #[test]
    fn exports_csv_xlsx_and_pdf_reports() {
        let (dir, b, text) = with_sample();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, &text).unwrap();
        b.tender_run(
            &TenderRunRequest { tender: tender(dir.path(), vec![f], "建筑工程"), wallet_ids: vec![] },
            &|_| {},
        )
        .unwrap();
        let csv = dir.path().join("报告.csv");
        assert_eq!(
            b.tender_export(&csv.display().to_string(), CsvEncoding::Utf8Bom).unwrap(),
            csv.display().to_string()
        );
        let bytes = std::fs::read(&csv).unwrap();
        assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]), "CSV starts with a BOM");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("张伟") && !text.contains("BC1:"), "no QR text in reports");
        // The save dialog's GB18030 choice: no BOM, 张伟 as GB18030 bytes (D5C5 CEB0).
        let gb = dir.path().join("gb.csv");
        b.tender_export(&gb.display().to_string(), CsvEncoding::Gb18030).unwrap();
        let gb = std::fs::read(&gb).unwrap();
        assert!(!gb.starts_with(&[0xef, 0xbb, 0xbf]) && std::str::from_utf8(&gb).is_err());
        assert!(gb.windows(4).any(|w| w == [0xd5, 0xc5, 0xce, 0xb0]), "张伟 in GB18030");
        let xlsx = dir.path().join("r.xlsx");
        b.tender_export(&xlsx.display().to_string(), CsvEncoding::Gb18030).unwrap();
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
        let pdf = dir.path().join("r.pdf");
        match b.tender_export(&pdf.display().to_string(), CsvEncoding::Utf8Bom) {
            Ok(_) => assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-")),
            // Only when the machine has no Chinese font: said in words.
            Err(e) => assert_eq!(e.code, ErrorCode::Report, "{:?}", e.message),
        }
    }
}

mod saved_tests {
    use buildcert_tender::{Role, Tender};

    use crate::backend::tests::with_sample;
    use crate::error::ErrorCode;
    use crate::types::TenderRunRequest;

    #[test]
    fn saves_lists_reopens_rechecks_and_deletes_a_tender() {
        let (dir, b, text) = with_sample();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, &text).unwrap();
        assert_eq!(b.tender_save().unwrap_err().code, ErrorCode::InvalidInput, "nothing to save yet");
        let t = Tender {
            name: "保存测试".into(),
            bid_date: buildcert_bc1::date::parse_date("2026-10-01").unwrap(),
            valid_until: None,
            company: None,
            uscc: buildcert_bc1::testkit::uscc("91110000100000000"),
            roles: vec![Role { name: "项目经理".into(), specialty: "建筑工程".into() }],
            inputs: vec![f.clone()],
        };
        let run = b.tender_run(&TenderRunRequest { tender: t, wallet_ids: vec![] }, &|_| {}).unwrap();
        assert!(run.result.passed);
        let id = b.tender_save().unwrap();
        let list = b.tender_saved().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].id, list[0].name.as_str(), list[0].passed), (id, "保存测试", true));
        // The file is gone: re-checking works from the QR texts kept.
        std::fs::remove_file(&f).unwrap();
        let again = b.tender_recheck(id).unwrap();
        assert_eq!(again.saved_id, Some(id));
        assert!(again.result.passed, "{:?}", again.result.rows);
        assert!(again.result.rows.iter().all(|r| r.qr_text.is_none()), "QR texts stay out of the UI");
        let opened = b.tender_open(id).unwrap();
        assert_eq!(opened.result.tender.name, "保存测试");
        b.tender_delete(id).unwrap();
        assert!(b.tender_saved().unwrap().is_empty());
        assert_eq!(b.tender_open(id).unwrap_err().code, ErrorCode::NotFound);
    }
}
