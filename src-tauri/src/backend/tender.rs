//! 投标核查 / Tender check: the batch is read, verified and matched by
//! `buildcert-tender`; wallet entries are handed to it in memory
//! (`buildcert_service::wallet_tender_inputs`: no copy of personal data is
//! written to disk). This relays progress and cancel, keeps the last result
//! for the report export, and converts errors.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use buildcert_bc1::Lang;
use buildcert_tender::{
    expand_inputs, run_tender_inputs, write_report_encoded, CsvEncoding, ReportFormat, RunOptions, TenderError,
    TenderInput, TenderResult,
};

use super::Backend;
use crate::error::{AppError, ErrorCode};
use crate::types::{Language, TenderProgress, TenderRun, TenderRunRequest};

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
        AppError { code, message: e.localized() }
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
        match self.prefs().language {
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

        let (trust, wallet_inputs) = {
            let w = self.wallet()?;
            let (trust, _demo) = self.require_trust(&w)?;
            (trust, buildcert_service::wallet_tender_inputs(&w, &req.wallet_ids)?)
        };
        let expanded = expand_inputs(&tender.inputs);
        let mut inputs: Vec<TenderInput> = expanded.files.iter().cloned().map(TenderInput::File).collect();
        inputs.extend(wallet_inputs);
        if inputs.is_empty() {
            return Err(AppError::invalid_input(
                "所选文件夹中没有可核查的文件（PDF、图片或文本）",
                "the chosen folders hold no files to check (PDF, image or text)",
            ));
        }
        let relay = |p: buildcert_tender::Progress| {
            progress(TenderProgress { done: p.done as u32, total: p.total as u32, file: p.file });
        };
        let result = run_tender_inputs(
            &tender,
            &inputs,
            &trust,
            self.now(),
            &RunOptions::default(),
            &relay,
            &self.tender_cancel,
        )?;
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
    /// CSV (in `csv`: UTF-8 with a BOM, or GB18030 for older systems), XLSX
    /// or PDF by its extension, in the UI's language (the PDF is Chinese).
    /// Returns the path written.
    pub fn tender_export(&self, path: &str, csv: CsvEncoding) -> Result<String, AppError> {
        let (p, format) = report_path(path)?;
        let current = self
            .tender_current
            .lock()
            .map_err(|_| AppError::internal("tender state poisoned"))?
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
        write_report_encoded(&current, self.lang(), &p, fonts.as_ref(), csv)?;
        Ok(p.display().to_string())
    }
}

impl Backend {
    fn set_current(&self, r: TenderResult) -> Result<TenderResult, AppError> {
        let shown = for_ui(&r);
        *self.tender_current.lock().map_err(|_| AppError::internal("tender state poisoned"))? = Some(r);
        Ok(shown)
    }

    /// Saves the result shown (with its tender) in the wallet, to reopen
    /// and re-check later; returns the saved tender's id.
    pub fn tender_save(&self) -> Result<i64, AppError> {
        let current = self
            .tender_current
            .lock()
            .map_err(|_| AppError::internal("tender state poisoned"))?
            .clone()
            .ok_or_else(|| AppError::invalid_input("请先进行投标核查", "run a tender check first"))?;
        if current.cancelled {
            return Err(AppError::invalid_input(
                "已取消的核查不完整，不能保存；请重新核查",
                "a cancelled check is incomplete and cannot be saved; run it again",
            ));
        }
        Ok(self.wallet()?.save_tender(&current.tender, &current, self.now())?)
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
        let now = self.now();
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
        assert!(e.message.contains("投标单位统一社会信用代码") && e.message.contains("USCC"), "{:?}", e.message);
        let e: AppError = TenderError::Pdf("no font".into()).into();
        assert_eq!(e.code, ErrorCode::Report);
    }
}
