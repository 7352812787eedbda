//! A file offered to the wallet, read once under one deadline: the one rule
//! the app's 导入文件 and `buildcert wallet import` follow to decide
//! whether it is a certificate to verify, an official-format PDF for the
//! entry form, or a file to refuse with the reason (a bound it broke).

use buildcert_check::{ReadError, Reading};
use buildcert_scan::{InputKind, Limits};

/// Where a file offered to the wallet goes.
#[derive(Debug)]
pub enum Intake {
    /// Its codes were read: verify and store (a QR text that is not BC1 is
    /// refused by the wallet as not a BC1 certificate).
    Read(Reading),
    /// A PDF without a BC1 code or `bc1.txt` (today's official format):
    /// read its printed fields for the entry form, with the same `limits`.
    OfficialPdf,
    /// It cannot be read: too large, too slow, past a memory bound,
    /// damaged, not a file. Refused with this reason, never sent on to the
    /// entry form (which would only fail again, without saying why).
    Refused(ReadError),
}

/// Reads `bytes` for the wallet. Give it limits made with
/// [`Limits::for_one_input`], and pass the same ones on to the
/// official-format reading, so the whole file has one time budget.
pub fn intake(bytes: &[u8], limits: &Limits) -> Intake {
    let pdf = buildcert_scan::sniff(bytes) == InputKind::Pdf;
    match buildcert_check::read(bytes, limits) {
        Ok(r) if pdf && r.bc1.is_empty() && r.attachment.is_none() => Intake::OfficialPdf,
        Ok(r) => Intake::Read(r),
        Err(ReadError::NoCode) if pdf => Intake::OfficialPdf,
        Err(e) => Intake::Refused(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A one-page PDF whose content stream is `body`, written by hand.
    fn pdf(body: &str) -> Vec<u8> {
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{body}\nendstream", body.len()),
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = vec![];
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
        );
        out
    }

    #[test]
    fn a_pdf_without_a_code_goes_to_the_entry_form() {
        let b = pdf("0 0 m 10 10 l S");
        assert!(matches!(intake(&b, &Limits::default().for_one_input()), Intake::OfficialPdf));
    }

    #[test]
    fn a_qr_text_is_read() {
        let r = intake(b"BC1:NOT-A-REAL-ONE", &Limits::default().for_one_input());
        assert!(matches!(r, Intake::Read(r) if r.bc1 == ["BC1:NOT-A-REAL-ONE"]));
    }

    #[test]
    fn a_pdf_past_its_deadline_is_refused_with_the_time_bound_not_sent_to_the_form() {
        let b = pdf("0 0 m 10 10 l S");
        let limits = Limits { time_budget: Duration::ZERO, ..Limits::default() }.for_one_input();
        match intake(&b, &limits) {
            Intake::Refused(ReadError::Scan(buildcert_scan::ScanError::Timeout(_))) => {}
            other => panic!("expected a time-out refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_picture_without_a_code_is_refused_as_no_code() {
        let img = buildcert_scan::image::DynamicImage::new_luma8(64, 64);
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, buildcert_scan::image::ImageFormat::Png).unwrap();
        assert!(matches!(
            intake(png.get_ref(), &Limits::default().for_one_input()),
            Intake::Refused(ReadError::NoCode)
        ));
    }
}
