//! 我的证书 / My certificates: the wallet's copies with their status and
//! older copies (decided by `buildcert-service`), importing BC1 files and
//! texts, and official-format entries through the one form parser
//! (`buildcert_service::form`).

use std::path::{Path, PathBuf};

use buildcert_bc1::{CheckContext, TrustList};
use buildcert_service::form::{entry_from_form, field_errors_message, form_from_entry, form_from_extraction};
use buildcert_service::status::entry_view;
use buildcert_service::OfficialForm;
use buildcert_wallet::Wallet;

use super::convert::{official_extract, wallet_entry};
use super::files::{read_file, require_text};
use super::Backend;
use crate::error::{AppError, ErrorCode};
use crate::types::{OfficialDraft, WalletEntry, WalletImport};

/// The form's problems as one `invalid_input` error (the form shows them field by field first).
fn field_errors(errors: Vec<buildcert_official::FieldError>) -> AppError {
    let m = field_errors_message(&errors);
    AppError::invalid_input(&m.zh, &m.en)
}

fn file_name(path: &str) -> String {
    Path::new(path.trim()).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

impl Backend {
    fn entry(
        &self,
        w: &Wallet,
        id: i64,
        trust: Option<&TrustList>,
        ctx: &CheckContext,
    ) -> Result<WalletEntry, AppError> {
        let v = entry_view(w, id, trust, ctx)?;
        Ok(wallet_entry(&v, self.prefs().mask_id_numbers))
    }

    /// One copy checked today under the trust list in use.
    fn entry_today(&self, w: &Wallet, id: i64) -> Result<WalletEntry, AppError> {
        let ctx = self.context(w, None)?;
        let trust = w.current_trust_list(&[])?;
        self.entry(w, id, trust.as_ref(), &ctx)
    }

    /// Every current copy checked today, with its older copies folded under
    /// it (grouped by registration and holder key: the wallet's rule).
    pub fn wallet_list(&self) -> Result<Vec<WalletEntry>, AppError> {
        let w = self.wallet()?;
        let mask = self.prefs().mask_id_numbers;
        let list = buildcert_service::wallet_overview(&w, &[], self.today(), self.now())?;
        Ok(list.iter().map(|e| wallet_entry(e, mask)).collect())
    }

    /// One wallet entry.
    pub fn wallet_get(&self, id: &str) -> Result<WalletEntry, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        self.entry_today(&w, id)
    }

    /// Verifies a QR text and adds it to the wallet.
    pub fn wallet_import_text(&self, text: &str) -> Result<WalletEntry, AppError> {
        require_text(text)?;
        let w = self.wallet()?;
        let ctx = self.context(&w, None)?;
        let trust = w.current_trust_list(&[])?;
        let r = w.import("qr.txt", text.trim().as_bytes(), trust.as_ref(), &ctx, true)?;
        self.entry(&w, r.id, trust.as_ref(), &ctx)
    }

    /// Reads an image or PDF: with a BC1 code it is verified and added to
    /// the wallet; a PDF without one (today's official format) is read for
    /// the official-format entry form instead. The file is parsed without
    /// the wallet lock.
    pub fn wallet_import_file(&self, path: &str) -> Result<WalletImport, AppError> {
        let bytes = read_file(path)?;
        let name = file_name(path);
        // One time budget for the whole file: the scan and the reading of
        // an official-format PDF's text share it.
        let limits = buildcert_scan::Limits::default().for_one_input();
        let reading = match buildcert_service::intake(&bytes, &limits) {
            buildcert_service::Intake::Read(r) => r,
            buildcert_service::Intake::Refused(e) => return Err(AppError::from(e)),
            buildcert_service::Intake::OfficialPdf => {
                let ctx = {
                    let w = self.wallet()?;
                    self.context(&w, None)?
                };
                // Why it cannot be read (damaged, too slow, too large) is said.
                let (official, raw) = official_extract(&bytes, &limits, &ctx)
                    .map_err(|e| AppError::localized(ErrorCode::CertificateRefused, e.localized()))?;
                return Ok(WalletImport {
                    entry: None,
                    official: Some(OfficialDraft {
                        path: path.trim().to_string(),
                        file_name: name,
                        reading: official,
                        form: form_from_extraction(&raw),
                    }),
                });
            }
        };
        let w = self.wallet()?;
        let ctx = self.context(&w, None)?;
        let trust = w.current_trust_list(&[])?;
        let r = w.import_reading(&name, &bytes, &reading, trust.as_ref(), &ctx, true)?;
        Ok(WalletImport { entry: Some(self.entry(&w, r.id, trust.as_ref(), &ctx)?), official: None })
    }

    /// Stores an official-format entry the holder confirmed (未验证（官方格式）),
    /// with its original file when `path` is given (read again, and its
    /// printed fields with it, to record what the holder changed).
    pub fn official_add(&self, path: Option<&str>, form: &OfficialForm) -> Result<WalletEntry, AppError> {
        let limits = buildcert_scan::Limits::default();
        let file = match path.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Some((file_name(p), read_file(p)?)),
            None => None,
        };
        let extraction = file.as_ref().and_then(|(_, b)| buildcert_official::extract_from_pdf(b, &limits).ok());
        let read = extraction.as_ref().and_then(|x| x.fields().cloned());
        let urls: Vec<String> = extraction.as_ref().map(|x| x.query_urls().to_vec()).unwrap_or_default();
        let now = self.now();
        let entry = entry_from_form(form, read.as_ref(), &urls, now).map_err(field_errors)?;
        let w = self.wallet()?;
        let r = w.add_official(&entry, read.as_ref(), file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())), now)?;
        self.entry_today(&w, r.id)
    }

    /// The stored fields of an official-format entry, as the form shows them
    /// (ID number masked), to correct them.
    pub fn official_form(&self, id: &str) -> Result<OfficialForm, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        Ok(form_from_entry(&w.official_entry(id)?))
    }

    /// Replaces the fields of a stored official-format entry (the holder
    /// corrects them); the original file stays.
    pub fn official_update(&self, id: &str, form: &OfficialForm) -> Result<WalletEntry, AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        let old = w.official_entry(id)?;
        let mut form = form.clone();
        // The form shows the ID number masked: unchanged means keep the stored one.
        if let Some(stored) = &old.idn {
            if form.idn.trim() == buildcert_official::mask_any_id(stored) {
                form.idn = stored.clone();
            }
        }
        let now = self.now();
        let entry = entry_from_form(&form, None, &old.query_urls, now).map_err(field_errors)?;
        w.update_official(id, &entry, now)?;
        self.entry_today(&w, id)
    }

    /// Removes a wallet entry.
    pub fn wallet_remove(&self, id: &str) -> Result<(), AppError> {
        let w = self.wallet()?;
        let id = w.resolve(id)?;
        Ok(w.remove(id)?)
    }

    /// Writes the reminders (.ics) of the wallet to `path` (default: the data
    /// dir) and returns the path written.
    pub fn wallet_export_ics(&self, path: Option<&str>) -> Result<String, AppError> {
        let ics = self.wallet()?.alerts_ics(self.today())?;
        let p = match path.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => self.data_dir().join("buildcert-reminders.ics"),
        };
        std::fs::write(&p, ics).map_err(|e| AppError::io(&p, &e))?;
        Ok(p.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::backend::tests::with_sample;
    use crate::error::ErrorCode;
    use crate::types::{EntryKind, Verdict};

    fn fixture(name: &str) -> String {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/official").join(name).display().to_string()
    }

    #[test]
    fn an_official_pdf_gives_the_form_then_an_unverified_entry() {
        let (_dir, b, _) = with_sample();
        let path = fixture("fullwidth-iso-2spec.pdf");
        let imported = b.wallet_import_file(&path).unwrap();
        assert!(imported.entry.is_none());
        let draft = imported.official.expect("entry form offered");
        assert_eq!(draft.file_name, "fullwidth-iso-2spec.pdf");
        assert!(!draft.form.name.is_empty() && !draft.form.reg.is_empty(), "{:?}", draft.form);
        assert_eq!(draft.form.specialties.len(), 2);
        assert!(draft.reading.date_check.is_some());
        // The USCC is not printed on this layout: the form says so.
        let mut form = draft.form.clone();
        if form.uscc.is_empty() {
            let e = b.official_add(Some(&path), &form).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
            assert!(e.message.contains("统一社会信用代码"), "{:?}", e.message);
            form.uscc = buildcert_bc1::testkit::uscc("91110000100000000");
        }
        let entry = b.official_add(Some(&path), &form).unwrap();
        assert_eq!(entry.kind, EntryKind::Official);
        assert_eq!(entry.verdict, Verdict::Unverified, "never verified");
        assert!(!entry.demo);
        let off = entry.official.as_ref().unwrap();
        assert!(off.date_check.explanation.zh.contains("未验证"));
        assert!(!off.query_urls.is_empty(), "the QR's query page is kept");
        assert_eq!(entry.file_name.as_deref(), Some("fullwidth-iso-2spec.pdf"));
        assert!(b.wallet_list().unwrap().iter().any(|e| e.id == entry.id && e.kind == EntryKind::Official));
        // Correcting it later keeps it unverified.
        let mut again = b.official_form(&entry.id).unwrap();
        again.employer = "更正后的企业有限公司".into();
        let updated = b.official_update(&entry.id, &again).unwrap();
        assert_eq!(updated.certificate.employer, "更正后的企业有限公司");
        assert_eq!(updated.verdict, Verdict::Unverified);
    }

    #[test]
    fn an_image_only_pdf_gives_an_empty_form_and_says_why() {
        let (_dir, b, _) = with_sample();
        let draft = b.wallet_import_file(&fixture("scan-image-only.pdf")).unwrap().official.expect("entry form");
        assert_eq!(draft.form.name, "");
        assert!(draft.reading.message.zh.contains("只有图像"), "{}", draft.reading.message.zh);
        assert!(draft.reading.message.en.contains("only images"), "{}", draft.reading.message.en);
    }

    #[test]
    fn verify_shows_an_official_pdf_as_unverified_with_its_fields() {
        let (_dir, b, _) = with_sample();
        let o = b
            .verify_file(&crate::types::VerifyFileRequest { path: fixture("usage-beyond-cap.pdf"), check_date: None })
            .unwrap();
        assert_eq!(o.verdict, Verdict::Unverified);
        assert!(o.certificate.is_none());
        let r = o.official.expect("fields read");
        let check = r.date_check.expect("date rules ran");
        assert!(check.reasons.iter().any(|x| x.code == "usage_inconsistent"), "{:?}", check.reasons);
        assert!(o
            .other_code_details
            .iter()
            .any(|c| matches!(c.kind, buildcert_official::OtherCodeKind::WebLink { .. })));
    }
}
