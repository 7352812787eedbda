//! 投标核查 / Tender check: the batch is read, verified and matched by
//! `buildcert-tender`; this only stages wallet entries as files, relays
//! progress and cancel, keeps the last result for the report export, and
//! converts errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use buildcert_bc1::Lang;
use buildcert_tender::{expand_inputs, run_tender, write_report, ReportFormat, RunOptions, TenderError, TenderResult};

use super::{now_secs, Backend};
use crate::error::{AppError, ErrorCode};
use crate::types::{Language, TenderProgress, TenderRun, TenderRunRequest};

/// Label of a row that came from a wallet entry instead of a chosen file.
fn wallet_label(name: &str) -> String {
    format!("证书夹 / wallet: {name}")
}

impl From<TenderError> for AppError {
    fn from(e: TenderError) -> Self {
        let code = match &e {
            TenderError::InvalidUscc(_)
            | TenderError::UnknownSpecialty { .. }
            | TenderError::BadRole(_)
            | TenderError::DuplicateRole(_)
            | TenderError::ValidUntilBeforeBid { .. }
            | TenderError::ReportFormat(_) => ErrorCode::InvalidInput,
            TenderError::Write { .. } => ErrorCode::Io,
            TenderError::Pdf(_) | TenderError::Xlsx(_) => ErrorCode::Report,
            TenderError::Threads(_) => ErrorCode::Internal,
        };
        // The crate's messages are already `中文 / English`.
        AppError { code, message: e.to_string() }
    }
}

/// A folder in the data dir holding copies of the wallet entries of one run;
/// removed when dropped.
struct Staging {
    dir: PathBuf,
}

impl Staging {
    fn new(data_dir: &Path) -> Result<Staging, AppError> {
        let dir = data_dir.join(format!("tender-staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| AppError::io(&dir, &e))?;
        Ok(Staging { dir })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A file name safe to create: no separators, no leading dot, not empty.
fn safe_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c == '/' || c == '\\' || c == '\0' || c.is_control() { '_' } else { c }).collect();
    let cleaned = cleaned.trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        "certificate.txt".into()
    } else {
        cleaned
    }
}

/// The result as the UI gets it: without the QR texts (they encode the full
/// resident ID number; they stay in the backend for saving and re-checking).
pub(crate) fn for_ui(r: &TenderResult) -> TenderResult {
    let mut shown = r.clone();
    for row in &mut shown.rows {
        row.qr_text = None;
        // An official-format row carries the holder-confirmed entry: its ID number masked.
        row.official = row.official.as_ref().map(|e| e.masked());
    }
    shown
}

/// Checks a path chosen for a tender input: absolute, no NUL.
fn input_path(p: &Path) -> Result<(), AppError> {
    let s = p.as_os_str().to_string_lossy();
    if !p.is_absolute() || s.contains('\0') {
        return Err(AppError::invalid_input(
            &format!("请选择文件或文件夹的完整路径：{s}"),
            &format!("choose a file or folder by its full path: {s}"),
        ));
    }
    Ok(())
}

/// Checks the path a report is written to: absolute, an existing folder,
/// ending in .csv, .xlsx or .pdf.
pub(crate) fn report_path(path: &str) -> Result<(PathBuf, ReportFormat), AppError> {
    let p = PathBuf::from(path.trim());
    if !p.is_absolute() {
        return Err(AppError::invalid_input(
            &format!("请选择保存位置的完整路径：{}", p.display()),
            &format!("choose where to save by its full path: {}", p.display()),
        ));
    }
    let format = ReportFormat::from_path(&p)?;
    match p.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => {
            return Err(AppError::invalid_input(
                &format!("保存位置所在的文件夹不存在：{}", p.display()),
                &format!("the folder to save into does not exist: {}", p.display()),
            ))
        }
    }
    if p.is_dir() {
        return Err(AppError::invalid_input(
            &format!("这是文件夹，不是文件：{}", p.display()),
            &format!("this is a folder, not a file: {}", p.display()),
        ));
    }
    Ok((p, format))
}

impl Backend {
    /// The registered specialties (BC1 §4) a role may require, from buildcert-bc1.
    pub fn tender_specialties(&self) -> Vec<String> {
        buildcert_bc1::rules::SPECIALTIES.iter().map(|s| s.to_string()).collect()
    }

    /// The report language: the UI's.
    fn lang(&self) -> Lang {
        match self.settings().language {
            Language::ZhCn => Lang::Zh,
            Language::En => Lang::En,
        }
    }

    /// Runs a tender check over the chosen files and folders and the chosen
    /// wallet entries, calling `progress` after each file. Only one run at a
    /// time; [`Backend::tender_cancel`] stops it (the result then says
    /// `cancelled`). The result is kept for the report export.
    pub fn tender_run(
        &self,
        req: &TenderRunRequest,
        progress: &(dyn Fn(TenderProgress) + Sync),
    ) -> Result<TenderRun, AppError> {
        let mut tender = req.tender.clone();
        tender.uscc = tender.uscc.trim().to_string();
        tender.name = tender.name.trim().to_string();
        tender.company = tender.company.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        tender.validate()?;
        for p in &tender.inputs {
            input_path(p)?;
        }
        if tender.inputs.is_empty() && req.wallet_ids.is_empty() {
            return Err(AppError::invalid_input(
                "请添加要核查的文件、文件夹或证书夹中的证书",
                "add the files, folders or wallet certificates to check",
            ));
        }
        if self.tender_running.swap(true, Ordering::SeqCst) {
            return Err(AppError::new(
                ErrorCode::Busy,
                "已有一项投标核查正在进行",
                "a tender check is already running",
            ));
        }
        let _running = RunningGuard(&self.tender_running);
        self.tender_cancel.store(false, Ordering::SeqCst);

        let staging = Staging::new(&self.data_dir)?;
        let mut labels: HashMap<String, String> = HashMap::new();
        let mut staged = Vec::new();
        let trust = {
            let w = self.wallet()?;
            let (trust, _demo) = self.require_trust(&w)?;
            for (i, key) in req.wallet_ids.iter().enumerate() {
                let id = w.resolve(key)?;
                let (name, bytes) = match w.original_file(id) {
                    Ok(f) => f,
                    Err(_) => match w.qr_text(id)? {
                        Some(t) => ("qr.txt".to_string(), t.into_bytes()),
                        None => return Err(AppError::not_found(key)),
                    },
                };
                let dir = staging.dir.join(format!("{i}"));
                std::fs::create_dir_all(&dir).map_err(|e| AppError::io(&dir, &e))?;
                let path = dir.join(safe_name(&name));
                // Copies of personal data: readable by the user only (0600 on Unix).
                {
                    use std::io::Write;
                    let mut f =
                        buildcert_wallet::profile::create_private_file(&path).map_err(|e| AppError::io(&path, &e))?;
                    f.write_all(&bytes).map_err(|e| AppError::io(&path, &e))?;
                }
                labels.insert(path.display().to_string(), wallet_label(&name));
                staged.push(path);
            }
            trust
        };
        let expanded = expand_inputs(&tender.inputs);
        let mut files = expanded.files;
        files.extend(staged);
        if files.is_empty() {
            return Err(AppError::invalid_input(
                "所选文件夹中没有可核查的文件（PDF、图片或文本）",
                "the chosen folders hold no files to check (PDF, image or text)",
            ));
        }
        let relay = |p: buildcert_tender::Progress| {
            let file = labels.get(&p.file).cloned().unwrap_or(p.file);
            progress(TenderProgress { done: p.done as u32, total: p.total as u32, file });
        };
        let mut result =
            run_tender(&tender, &files, &trust, now_secs(), &RunOptions::default(), &relay, &self.tender_cancel)?;
        for row in &mut result.rows {
            if let Some(l) = labels.get(&row.file) {
                row.file = l.clone();
            }
        }
        drop(staging);
        Ok(TenderRun {
            result: self.set_current(result)?,
            skipped: expanded.skipped.iter().map(|p| p.display().to_string()).collect(),
            saved_id: None,
        })
    }

    /// Asks a running tender check to stop after the files it is reading.
    pub fn tender_cancel(&self) {
        self.tender_cancel.store(true, Ordering::SeqCst);
    }

    /// Writes the check report (核查报告) of the result shown to `path`:
    /// CSV, XLSX or PDF by its extension, in the UI's language (the PDF is
    /// Chinese). Returns the path written.
    pub fn tender_export(&self, path: &str) -> Result<String, AppError> {
        let (p, format) = report_path(path)?;
        let current = self
            .tender_current
            .lock()
            .map_err(|_| super::internal("tender state poisoned"))?
            .clone()
            .ok_or_else(|| AppError::invalid_input("请先进行投标核查", "run a tender check first"))?;
        let fonts = if format == ReportFormat::Pdf {
            Some(buildcert_pdfgen::Fonts::discover().map_err(|e| {
                AppError::new(
                    ErrorCode::Report,
                    &format!("找不到可用的中文字体，无法生成 PDF 报告（{e}）；可改存为 XLSX 或 CSV"),
                    &format!("no Chinese font found for the PDF report ({e}); save as XLSX or CSV instead"),
                )
            })?)
        } else {
            None
        };
        write_report(&current, self.lang(), &p, fonts.as_ref())?;
        Ok(p.display().to_string())
    }
}

impl Backend {
    fn set_current(&self, r: TenderResult) -> Result<TenderResult, AppError> {
        let shown = for_ui(&r);
        *self.tender_current.lock().map_err(|_| super::internal("tender state poisoned"))? = Some(r);
        Ok(shown)
    }

    /// Saves the result shown (with its tender) in the wallet, to reopen
    /// and re-check later; returns the saved tender's id.
    pub fn tender_save(&self) -> Result<i64, AppError> {
        let current = self
            .tender_current
            .lock()
            .map_err(|_| super::internal("tender state poisoned"))?
            .clone()
            .ok_or_else(|| AppError::invalid_input("请先进行投标核查", "run a tender check first"))?;
        if current.cancelled {
            return Err(AppError::invalid_input(
                "已取消的核查不完整，不能保存；请重新核查",
                "a cancelled check is incomplete and cannot be saved; run it again",
            ));
        }
        Ok(self.wallet()?.save_tender(&current.tender, &current, now_secs())?)
    }

    /// The saved tenders, newest first.
    pub fn tender_saved(&self) -> Result<Vec<buildcert_wallet::SavedTender>, AppError> {
        Ok(self.wallet()?.list_tenders()?)
    }

    /// Reopens a saved tender's stored result.
    pub fn tender_open(&self, id: i64) -> Result<TenderRun, AppError> {
        let (_tender, result) = self.wallet()?.load_tender(id)?;
        Ok(TenderRun { result: self.set_current(result)?, skipped: vec![], saved_id: Some(id) })
    }

    /// Re-checks a saved tender without its files (from the QR texts kept),
    /// with today's trust list, and stores the new result.
    pub fn tender_recheck(&self, id: i64) -> Result<TenderRun, AppError> {
        let w = self.wallet()?;
        let (tender, saved) = w.load_tender(id)?;
        let (trust, _) = self.require_trust(&w)?;
        let now = now_secs();
        let result = buildcert_tender::recheck(&saved, Some(&tender), &trust, now)?;
        w.update_tender_result(id, &result, now)?;
        drop(w);
        Ok(TenderRun { result: self.set_current(result)?, skipped: vec![], saved_id: Some(id) })
    }

    /// Deletes a saved tender.
    pub fn tender_delete(&self, id: i64) -> Result<(), AppError> {
        Ok(self.wallet()?.delete_tender(id)?)
    }
}

/// Clears the running flag when a run ends, however it ends.
struct RunningGuard<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for RunningGuard<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_cannot_leave_the_staging_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name("a/b\\c.pdf"), "a_b_c.pdf");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name(""), "certificate.txt");
        assert_eq!(safe_name("张三.pdf"), "张三.pdf");
    }

    #[test]
    fn report_paths_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("报告.xlsx");
        assert_eq!(report_path(&ok.display().to_string()).unwrap().1, ReportFormat::Xlsx);
        for bad in [
            "relative.csv".to_string(),
            dir.path().join("r.docx").display().to_string(),
            dir.path().join("missing").join("r.pdf").display().to_string(),
        ] {
            assert_eq!(report_path(&bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn tender_errors_map_to_codes_with_both_languages() {
        let e: AppError = TenderError::InvalidUscc("123".into()).into();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("投标单位统一社会信用代码") && e.message.contains("USCC"), "{}", e.message);
        let e: AppError = TenderError::Pdf("no font".into()).into();
        assert_eq!(e.code, ErrorCode::Report);
    }
}

#[cfg(test)]
mod run_tests {
    use std::sync::Mutex;

    use buildcert_tender::{Role, Tender};

    use super::*;
    use crate::backend::tests::with_sample;

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
        if buildcert_bc1::date::today_cst(now_secs()) > buildcert_bc1::date::parse_date("2027-02-27").unwrap() {
            return; // the wallet refuses the test kit's sample once it is over
        }
        let added = b.wallet_import_text(&text).unwrap();
        let req =
            TenderRunRequest { tender: tender(dir.path(), vec![], "建筑工程"), wallet_ids: vec![added.id.clone()] };
        let run = b.tender_run(&req, &|_| {}).unwrap();
        assert!(run.result.passed, "{:?}", run.result.rows);
        assert_eq!(run.result.rows[0].file, "证书夹 / wallet: qr.txt");
        // The staging folder is gone.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("tender-staging"))
            .collect();
        assert!(left.is_empty());
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
        assert!(e.message.contains("请添加要核查的文件"), "{}", e.message);
        t.uscc = "91110000100000000X".into();
        t.inputs = vec![dir.path().to_path_buf()];
        let e = b.tender_run(&TenderRunRequest { tender: t, wallet_ids: vec![] }, &|_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("统一社会信用代码"), "{}", e.message);
        // Nothing to export before a run.
        let out = dir.path().join("r.csv");
        assert_eq!(b.tender_export(&out.display().to_string()).unwrap_err().code, ErrorCode::InvalidInput);
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
        assert_eq!(b.tender_export(&csv.display().to_string()).unwrap(), csv.display().to_string());
        let bytes = std::fs::read(&csv).unwrap();
        assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]), "CSV starts with a BOM");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("张伟") && !text.contains("BC1:"), "no QR text in reports");
        let xlsx = dir.path().join("r.xlsx");
        b.tender_export(&xlsx.display().to_string()).unwrap();
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
        let pdf = dir.path().join("r.pdf");
        match b.tender_export(&pdf.display().to_string()) {
            Ok(_) => assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-")),
            // Only when the machine has no Chinese font: said in words.
            Err(e) => assert_eq!(e.code, ErrorCode::Report, "{}", e.message),
        }
    }
}

#[cfg(test)]
mod saved_tests {
    use buildcert_tender::{Role, Tender};

    use super::*;
    use crate::backend::tests::with_sample;

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
