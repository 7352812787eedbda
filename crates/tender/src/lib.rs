//! # buildcert-tender — 投标核查 (tender check)
//!
//! Checks every candidate file of a bid at once: each file is read (PDF,
//! image or QR text), verified at the bid date D with the tender policy of
//! BC1 §6 step 9 (the bidding company's USCC, each role's specialty), and the
//! batch is matched:
//!
//! - several copies of one person (same registration number or resident ID
//!   number) → the newest download counts, the others get `superseded`;
//! - a file with no code (`no_code`), a file that cannot be read
//!   (`file_unreadable`), a file with several certificates
//!   (`several_certificates`);
//! - QR codes that are not BC1 are `unverified` and never cover a role;
//! - official-format certificate PDFs (today's, printed fields and a link QR
//!   code) become `unverified` rows with the person, registration,
//!   specialties, usage period and employer read off the page and the BC1
//!   date rules at D (`buildcert_official::evaluate_with_policy`); the
//!   employer is matched by USCC, or by company name when no USCC is printed
//!   (`employer_not_confirmed` when neither decides). Such a row may be
//!   matched to a role, but the role is then only `unverified_only`
//!   (`covered_by_unverified`) and the tender does not pass on it;
//! - roles are matched to people ([`assess`]); a role nobody covers is
//!   `role_uncovered`, and a person who is the only fit for two roles is
//!   `person_in_two_roles`;
//! - with [`Tender::valid_until`] (D2), whoever's usage period ends before D2
//!   gets `usage_ends_before` (a warning: they must download a new copy).
//!
//! ```text
//! inputs ─expand_inputs─▶ files ─run_tender (rayon pool, progress, cancel)─▶ rows
//!        ─assess─▶ TenderResult { rows, roles, issues, passed } ─▶ write_csv / write_xlsx / write_pdf
//! ```
//!
//! A [`TenderResult`] (with its [`Tender`]) is plain serde data: the wallet
//! stores it as JSON, and [`recheck`] verifies the saved QR texts again with
//! a newer trust list or another date without the original files.
#![warn(missing_docs)]

mod assess;
mod error;
mod model;
#[cfg(feature = "reports")]
mod report;
mod run;
mod words;

pub use assess::assess;
pub use error::TenderError;
pub use model::{
    BatchIssue, Counts, Progress, ReasonCode, Role, RoleResult, Row, RowReason, SpecialtyCell, Tender, TenderResult,
};
#[cfg(feature = "reports")]
pub use report::{
    csv_bytes, csv_bytes_encoded, pdf_bytes, report_rows, summary_lines, write_csv, write_csv_encoded, write_pdf,
    write_report, write_report_encoded, write_xlsx, xlsx_bytes, CsvEncoding, ReportFormat,
};
pub use run::{
    check_bytes, check_file, expand_inputs, expand_inputs_within, recheck, run_tender, run_tender_inputs, Expanded,
    RunOptions, TenderInput, SUPPORTED_EXTENSIONS, UNVERIFIED_ROW_EN, UNVERIFIED_ROW_ZH,
};
pub use words::TenderCode;

/// The app version written into reports.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
