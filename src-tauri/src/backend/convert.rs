//! Conversions from the crates' types into the IPC types of `types.rs`.
//! No rule is decided here: only shapes and date formats change.

use buildcert_bc1::date::format_date;
use buildcert_bc1::rules::mask_id;
use buildcert_bc1::{CheckContext, Verdict as Bc1Verdict};
use buildcert_check::Outcome;
use buildcert_service::{EntryStatus, EntryView};

use crate::types::{
    CertFacts, CertificateView, EntryKind, Localized, OfficialDateCheck, OfficialEntryView, OfficialReading, Period,
    Reason, Source, Specialty, SpecialtyFact, TrustListInfo, Verdict, VerifyOutcome, WalletCopy, WalletEntry,
};

pub(crate) fn reason(r: &buildcert_bc1::Reason) -> Reason {
    Reason {
        code: r.code.as_str().to_string(),
        severity: r.severity,
        message: Localized { zh: r.zh.clone(), en: r.en.clone() },
    }
}

pub(crate) fn reasons(v: &Bc1Verdict) -> Vec<Reason> {
    v.reasons.iter().map(reason).collect()
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn facts(v: &Bc1Verdict) -> Option<CertFacts> {
    v.facts.as_ref().map(facts_of)
}

fn days(n: i64) -> i32 {
    n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

pub(crate) fn facts_of(f: &buildcert_bc1::Facts) -> CertFacts {
    CertFacts {
        usage_days_left: days(f.usage_days_left),
        usage_end_cause: enum_str(&f.usage_end_cause),
        usage_cap: format_date(f.usage_cap),
        birthday65: format_date(f.birthday65),
        specialties: f
            .specialties
            .iter()
            .map(|s| SpecialtyFact {
                name: s.name.clone(),
                from: format_date(s.from),
                to: format_date(s.to),
                state: enum_str(&s.state),
                days_left: days(s.days_left),
                renewal_window_from: format_date(s.renewal_window_from),
            })
            .collect(),
    }
}

pub(crate) fn cert_view(c: &buildcert_bc1::Certificate, seal: Option<String>, mask: bool) -> CertificateView {
    CertificateView {
        lid: c.lid.clone(),
        reg: c.reg.clone(),
        name: c.name.clone(),
        sex: c.sex.as_str().to_string(),
        dob: format_date(c.dob),
        id_number: if mask { mask_id(&c.idn) } else { c.idn.clone() },
        id_number_masked: mask,
        id_number_full: c.idn.clone(),
        employer: c.emp.clone(),
        uscc: c.uscc.clone(),
        issued: format_date(c.issued),
        issuer: c.iss.clone(),
        seal,
        specialties: c
            .spec
            .iter()
            .map(|s| Specialty {
                name: s.n.clone(),
                validity: Period { from: format_date(s.from), to: format_date(s.to) },
            })
            .collect(),
        usage: Period { from: format_date(c.usage.from), to: format_date(c.usage.to) },
    }
}

/// A check's outcome as the UI shows it (without the trust list facts,
/// which the caller adds).
pub(crate) fn outcome(
    o: &Outcome,
    source: Source,
    demo: bool,
    mask: bool,
    trust_list: Option<TrustListInfo>,
) -> VerifyOutcome {
    let v = o.verdict.as_ref();
    VerifyOutcome {
        verdict: o.status,
        reasons: v.map(reasons).unwrap_or_default(),
        certificate: v.and_then(|v| {
            v.certificate.as_ref().map(|c| {
                let seal = v.signer.as_ref().map(|s| s.seal.clone());
                cert_view(c, seal, mask)
            })
        }),
        check_date: v.map(|v| format_date(v.check_date)).unwrap_or_default(),
        source,
        demo: demo && v.map(|v| v.signer.is_some()).unwrap_or(false),
        facts: v.and_then(facts),
        trust_list,
        other_codes: o.other_codes.clone(),
        message: o.error.as_ref().map(|e| e.message.clone()),
        corners: vec![],
        other_code_details: o.other_codes.iter().map(|c| buildcert_official::describe_other_code(c)).collect(),
        official: None,
        typed_text_folded: false,
    }
}

fn verdict_of(s: EntryStatus) -> Verdict {
    match s {
        EntryStatus::Valid => Verdict::Valid,
        EntryStatus::Warning => Verdict::Warning,
        EntryStatus::Invalid => Verdict::Invalid,
        EntryStatus::Unverified => Verdict::Unverified,
    }
}

/// A wallet copy (status and grouping decided by `buildcert-service`) as
/// the UI shows it.
pub(crate) fn wallet_entry(e: &EntryView, mask: bool) -> WalletEntry {
    let d = &e.detail;
    let added = buildcert_bc1::date::cst_date_of(d.summary.added_at).map(format_date).unwrap_or_default();
    let older_copies = e
        .older
        .iter()
        .map(|o| WalletCopy {
            id: o.id.to_string(),
            lid: o.lid.clone().unwrap_or_default(),
            downloaded: o.downloaded.map(format_date),
            usage: Period { from: format_date(o.usage_from), to: format_date(o.usage_to) },
        })
        .collect();
    if let (Some(entry), Some(v)) = (&d.official, &d.official_verdict) {
        let check = date_check(v);
        return WalletEntry {
            id: d.summary.id.to_string(),
            kind: EntryKind::Official,
            certificate: cert_view(&d.certificate, None, true),
            verdict: verdict_of(e.status),
            reasons: check.reasons.clone(),
            added,
            demo: false,
            facts: check.facts.clone(),
            older_copies,
            file_name: d.summary.file_name.clone(),
            official: Some(OfficialEntryView {
                date_check: check,
                query_urls: entry.query_urls.clone(),
                edited: entry.edited.clone(),
                id_given: entry.idn.as_deref().map(|i| !i.trim().is_empty()).unwrap_or(false),
            }),
        };
    }
    let (rs, facts, seal) = match &d.verdict {
        Some(v) => (reasons(v), facts(v), v.signer.as_ref().map(|s| s.seal.clone())),
        None => (d.stored_reasons.iter().map(reason).collect(), None, None),
    };
    WalletEntry {
        id: d.summary.id.to_string(),
        certificate: cert_view(&d.certificate, seal, mask),
        verdict: verdict_of(e.status),
        reasons: rs,
        added,
        demo: e.demo,
        facts,
        older_copies,
        file_name: d.summary.file_name.clone(),
        kind: EntryKind::Bc1,
        official: None,
    }
}

/// Reads an official-format PDF's printed fields (ID number masked) and runs
/// the date rules on them; with the extraction as read (ID number as
/// printed), for the entry form and the inspection record.
pub(crate) fn official_extract(
    bytes: &[u8],
    limits: &buildcert_scan::Limits,
    ctx: &CheckContext,
) -> Result<(OfficialReading, buildcert_official::Extraction), buildcert_official::OfficialError> {
    use buildcert_official::{evaluate, extract_from_pdf, ConfirmedEntry, Extraction};
    let extraction = extract_from_pdf(bytes, limits)?;
    let raw = extraction.clone();
    let (zh, en) = extraction.message();
    let date_check = extraction
        .fields()
        .and_then(|f| ConfirmedEntry::from_fields(f, ctx.now))
        .map(|e| date_check(&evaluate(&e, ctx.date, &ctx.thresholds)));
    let extraction = match extraction {
        Extraction::Fields { fields, missing, notices } => {
            Extraction::Fields { fields: fields.masked(), missing, notices }
        }
        other => other,
    };
    Ok((OfficialReading { extraction, message: Localized { zh, en }, date_check }, raw))
}

/// The date rules' result on an official-format entry, as the UI shows it.
pub(crate) fn date_check(v: &buildcert_official::OfficialVerdict) -> OfficialDateCheck {
    use buildcert_official::DateStatus;
    let (zh, en) = v.date_status.words();
    OfficialDateCheck {
        date_status: match v.date_status {
            DateStatus::Valid => Verdict::Valid,
            DateStatus::Warning => Verdict::Warning,
            DateStatus::Invalid => Verdict::Invalid,
        },
        date_words: Localized { zh: zh.into(), en: en.into() },
        reasons: v.reasons.iter().map(reason).collect(),
        facts: Some(facts_of(&v.facts)),
        check_date: format_date(v.check_date),
        explanation: Localized { zh: v.explanation_zh.clone(), en: v.explanation_en.clone() },
    }
}
