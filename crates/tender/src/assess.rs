//! Matching the batch: copies of one person, D2, roles.
//!
//! ## Role assignment
//! A role is covered by a person whose **current copy** (the newest download
//! among copies with the same registration number or resident ID number) is
//! valid or valid with warnings at D with the tender policy (employer USCC)
//! and holds the role's specialty valid at D (BC1 §6 step 9,
//! `specialty_missing` otherwise). One person holds at most one role.
//!
//! Assignment is a maximum bipartite matching (augmenting paths, Kuhn): as
//! many roles as possible are covered. Roles are taken in the order given;
//! each role tries its candidates best first (valid before valid-with-warnings,
//! then the later usage end, then file order), so with enough people the
//! result is the greedy one. When a role stays uncovered although someone fits
//! it, that person already holds another role: the role gets
//! `role_uncovered` naming them, and the person `person_in_two_roles`.
//!
//! `assess` is idempotent: it first removes every reason it adds, so rows may
//! be re-assessed (e.g. after the app adds official-format rows).

use std::collections::{BTreeMap, HashMap};

use buildcert_bc1::date::{cst_date_of, format_date};
use buildcert_bc1::messages::reason;
use buildcert_bc1::{Code, Severity, TrustList};
use buildcert_check::OutcomeStatus;

use crate::model::{BatchIssue, Counts, ReasonCode, RoleResult, Row, Tender, TenderResult};
use crate::words::{note, TenderCode};
use crate::APP_VERSION;

fn added_by_assess(c: ReasonCode) -> bool {
    matches!(
        c,
        ReasonCode::Bc1(Code::Superseded | Code::SpecialtyMissing)
            | ReasonCode::Tender(
                TenderCode::UsageEndsBefore
                    | TenderCode::PersonInTwoRoles
                    | TenderCode::NotAssigned
                    | TenderCode::RoleUncovered
                    | TenderCode::Cancelled
                    | TenderCode::FilesSkipped
                    | TenderCode::EmployerNotConfirmed
                    | TenderCode::CoveredByUnverified
            )
    )
}

/// A company name for comparison: full-width forms folded, spaces removed.
fn company_key(s: &str) -> String {
    buildcert_official::normalize_width(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The employer rule of an official-format row without a printed USCC:
/// compared by company name with the tender's, or `employer_not_confirmed`.
fn employer_by_name(t: &Tender, r: &mut Row) {
    if !r.is_official() || r.employer_uscc.is_some() {
        return;
    }
    r.reasons.retain(|x| x.code != ReasonCode::Bc1(Code::EmployerMismatch));
    let company = t.company.as_deref().map(company_key).filter(|c| !c.is_empty());
    let employer = r.employer.as_deref().map(company_key).filter(|c| !c.is_empty());
    match (company, employer) {
        (Some(c), Some(e)) if c == e => r.employer_match = Some(true),
        (Some(_), Some(_)) => {
            r.employer_match = Some(false);
            let emp = r.employer.clone().unwrap_or_default();
            let company = t.company.clone().unwrap_or_default();
            r.reasons.push(
                reason(
                    Code::EmployerMismatch,
                    format!("证书未印统一社会信用代码，按名称比对：聘用企业“{emp}”与投标单位“{company}”不一致"),
                    format!("no USCC is printed, so the names were compared: the employer \"{emp}\" is not the bidding company \"{company}\""),
                )
                .into(),
            );
        }
        _ => {
            r.employer_match = None;
            r.reasons.push(note(
                TenderCode::EmployerNotConfirmed,
                "证书未印统一社会信用代码，且未给出投标单位名称，无法判断聘用企业是否为投标单位；请填写投标单位名称（--company）或人工核对",
                "no USCC is printed and no bidding company name was given, so whether the employer is the bidding company cannot be decided; give the company name (--company) or check by hand",
            ));
        }
    }
}

fn who(r: &Row) -> String {
    format!("{}（{}）", r.name.as_deref().unwrap_or("?"), r.registration.as_deref().unwrap_or("?"))
}

fn who_en(r: &Row) -> String {
    format!("{} ({})", r.name.as_deref().unwrap_or("?"), r.registration.as_deref().unwrap_or("?"))
}

fn day_of(epoch: Option<i64>) -> String {
    epoch.and_then(cst_date_of).map(format_date).unwrap_or_else(|| "?".into())
}

struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut i = i;
        while self.0[i] != r {
            let n = self.0[i];
            self.0[i] = r;
            i = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Matches the rows of a tender: numbers them, flags superseded copies,
/// D2, specialties missing for every role, assigns roles, and collects the
/// batch findings. `cancelled` marks a run stopped before every file was read.
pub fn assess(t: &Tender, mut rows: Vec<Row>, trust: &TrustList, now: i64, cancelled: bool) -> TenderResult {
    let d = t.bid_date;
    let uscc = t.uscc.trim();
    for (i, r) in rows.iter_mut().enumerate() {
        r.no = i + 1;
        r.reasons.retain(|x| !added_by_assess(x.code));
        r.role = None;
        r.qualifies.clear();
        r.counted = false;
        r.superseded_by = None;
        // Only a certificate whose signature verified under the list rests on its root.
        r.demo = trust.demo
            && !r.is_official()
            && !matches!(r.certificate_status, OutcomeStatus::Error | OutcomeStatus::Unverified);
        r.employer_match = r.employer_uscc.as_deref().map(|u| u == uscc);
        for s in &mut r.specialties {
            s.valid_at_bid = s.from <= d && d <= s.to;
        }
        employer_by_name(t, r);
        r.recompute_status();
    }
    let mut issues: Vec<BatchIssue> = Vec::new();

    // 1. Copies of one person: same registration number or ID number.
    let persons: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            (rows[i].has_person()
                && !matches!(rows[i].certificate_status, OutcomeStatus::Error | OutcomeStatus::Unverified))
                || (rows[i].is_official() && rows[i].registration.is_some())
        })
        .collect();
    let mut dsu = Dsu((0..rows.len()).collect());
    let mut by_reg: HashMap<&str, usize> = HashMap::new();
    let mut by_id: HashMap<u64, usize> = HashMap::new();
    for &i in &persons {
        if let Some(reg) = rows[i].registration.as_deref() {
            if let Some(&j) = by_reg.get(reg) {
                dsu.union(i, j);
            } else {
                by_reg.insert(reg, i);
            }
        }
        if let Some(k) = rows[i].id_key {
            if let Some(&j) = by_id.get(&k) {
                dsu.union(i, j);
            } else {
                by_id.insert(k, i);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &persons {
        groups.entry(dsu.find(i)).or_default().push(i);
    }
    for members in groups.values() {
        // Newest download first; on a tie the earlier file. An unverified
        // (official-format) copy never hides a verified one: the newest
        // verified copy counts whenever the person has one.
        let newer = |&&a: &&usize, &&b: &&usize| {
            let ka = (rows[a].downloaded, rows[a].usage_from, rows[a].usage_to);
            let kb = (rows[b].downloaded, rows[b].usage_from, rows[b].usage_to);
            ka.cmp(&kb).then(b.cmp(&a))
        };
        let newest = *members
            .iter()
            .filter(|&&i| !rows[i].is_official())
            .max_by(newer)
            .or_else(|| members.iter().max_by(newer))
            .expect("non-empty group");
        rows[newest].counted = true;
        if members.len() < 2 {
            continue;
        }
        let (n_no, n_file, n_dl) = (rows[newest].no, rows[newest].file.clone(), day_of(rows[newest].downloaded));
        for &i in members.iter().filter(|&&i| i != newest) {
            let same = rows[i].downloaded == rows[newest].downloaded && rows[i].lid == rows[newest].lid;
            let unverified_newer = rows[i].is_official() && rows[i].downloaded > rows[newest].downloaded;
            let (zh, en) = if unverified_newer {
                (
                    format!("本行下载较新，但未经验证（官方格式）；第 {n_no} 行（{n_file}）是已验证的电子证书，以该份为准"),
                    format!("this copy is newer but not verified (official format); row {n_no} ({n_file}) is a verified e-certificate and counts instead"),
                )
            } else if same {
                (
                    format!("与第 {n_no} 行（{n_file}）是同一份下载，以第 {n_no} 行为准"),
                    format!("the same download as row {n_no} ({n_file}), which counts instead"),
                )
            } else {
                (
                    format!("同一人的第 {n_no} 行（{n_file}，下载于 {n_dl}）更新，以该份为准"),
                    format!("row {n_no} ({n_file}, downloaded {n_dl}) is a newer copy of the same person and counts instead"),
                )
            };
            rows[i].superseded_by = Some(n_no);
            rows[i].reasons.push(reason(Code::Superseded, zh, en).into());
            rows[i].recompute_status();
        }
        let mut nos: Vec<usize> = members.iter().map(|&i| rows[i].no).collect();
        nos.sort();
        issues.push(BatchIssue {
            reason: reason(
                Code::Superseded,
                format!("{} 有 {} 份文件，以第 {n_no} 行（最新下载）为准", who(&rows[newest]), members.len()),
                format!(
                    "{} has {} copies; row {n_no} (the newest download) counts",
                    who_en(&rows[newest]),
                    members.len()
                ),
            )
            .into(),
            rows: nos,
        });
    }

    // 2. D2: usage periods that end before it.
    if let Some(d2) = t.valid_until {
        let mut flagged = Vec::new();
        for r in rows.iter_mut().filter(|r| r.counted && r.can_fill_role()) {
            let Some(to) = r.usage_to else { continue };
            if to >= d2 {
                continue;
            }
            let spec_end = r.specialties.iter().map(|s| s.to).max();
            let (mut zh, mut en) = (
                format!(
                    "使用有效期至 {}，早于 {}：持证人须在 {} 前重新下载电子证书",
                    format_date(to),
                    format_date(d2),
                    format_date(d2)
                ),
                format!(
                    "the usage period ends {}, before {}: the holder must download a new e-certificate before {}",
                    format_date(to),
                    format_date(d2),
                    format_date(d2)
                ),
            );
            if let Some(end) = spec_end.filter(|e| *e < d2) {
                zh += &format!("；注册专业有效期至 {}，重新下载也无法覆盖，须先办理延续注册", format_date(end));
                en += &format!(
                    "; the specialty validity ends {}, so a new copy cannot cover it without continuation registration",
                    format_date(end)
                );
            }
            r.reasons.push(note(TenderCode::UsageEndsBefore, zh, en));
            r.recompute_status();
            flagged.push(r.no);
        }
        if !flagged.is_empty() {
            issues.push(BatchIssue {
                reason: note(
                    TenderCode::UsageEndsBefore,
                    format!("{} 人须在 {} 前重新下载电子证书", flagged.len(), format_date(d2)),
                    format!("{} people must download a new e-certificate before {}", flagged.len(), format_date(d2)),
                ),
                rows: flagged,
            });
        }
    }

    // 3. Which roles each current, usable certificate fits.
    for r in rows.iter_mut().filter(|r| r.counted && r.can_fill_role()) {
        r.qualifies = t
            .roles
            .iter()
            .filter(|role| r.specialties.iter().any(|s| s.name == role.specialty && s.valid_at_bid))
            .map(|role| role.name.clone())
            .collect();
        if !t.roles.is_empty() && r.qualifies.is_empty() {
            let specs: Vec<&str> = {
                let mut v: Vec<&str> = t.roles.iter().map(|x| x.specialty.as_str()).collect();
                v.dedup();
                v
            };
            r.reasons.push(
                reason(
                    Code::SpecialtyMissing,
                    format!("投标日 {} 没有任一岗位所需的有效注册专业（{}）", format_date(d), specs.join("、")),
                    format!(
                        "no specialty a role requires ({}) is valid on the bid date {}",
                        specs.join(", "),
                        format_date(d)
                    ),
                )
                .into(),
            );
            r.recompute_status();
        }
    }

    // 4. Maximum matching of roles to people.
    let mut cands: Vec<Vec<usize>> = t
        .roles
        .iter()
        .map(|role| {
            (0..rows.len()).filter(|&i| rows[i].qualifies.contains(&role.name) && rows[i].can_fill_role()).collect()
        })
        .collect();
    for c in &mut cands {
        c.sort_by(|&a, &b| {
            // Verified certificates first: an unverified one fills a role only when nobody else can.
            let rank = |r: &Row| match r.status {
                OutcomeStatus::Valid => 0,
                OutcomeStatus::Warning => 1,
                _ => 2,
            };
            rank(&rows[a]).cmp(&rank(&rows[b])).then(rows[b].usage_to.cmp(&rows[a].usage_to)).then(a.cmp(&b))
        });
    }
    let mut owner: HashMap<usize, usize> = HashMap::new(); // row -> role
    let mut holder: Vec<Option<usize>> = vec![None; t.roles.len()]; // role -> row
    for role in 0..t.roles.len() {
        let mut seen = vec![false; rows.len()];
        augment(role, &cands, &mut seen, &mut owner, &mut holder);
    }

    // 5. Role results and the reasons they give rows.
    let mut role_results = Vec::new();
    for (ri, role) in t.roles.iter().enumerate() {
        let mut rr = RoleResult {
            name: role.name.clone(),
            specialty: role.specialty.clone(),
            covered: false,
            unverified_only: false,
            row: None,
            person: None,
            registration: None,
            status: OutcomeStatus::Invalid,
            reasons: vec![],
        };
        if let Some(i) = holder[ri] {
            rows[i].role = Some(role.name.clone());
            rr.row = Some(rows[i].no);
            rr.person = rows[i].name.clone();
            rr.registration = rows[i].registration.clone();
            rr.status = rows[i].status;
            if rows[i].is_usable() {
                rr.covered = true;
            } else {
                rr.unverified_only = true;
                rr.reasons.push(note(
                    TenderCode::CoveredByUnverified,
                    format!(
                        "第 {} 行 {} 为未验证（官方格式）证书，签名未经核验，本岗位不计为已核验；请提供该人员的 BC1 电子证书，或在官方平台在线核验后人工确认",
                        rows[i].no,
                        who(&rows[i])
                    ),
                    format!(
                        "row {} {} is an unverified (official format) certificate whose signature was not verified, so this role does not count as checked; provide this person's BC1 e-certificate, or check it online on the official platform and confirm by hand",
                        rows[i].no,
                        who_en(&rows[i])
                    ),
                ));
            }
        } else if let Some(&i) = cands[ri].first() {
            // Someone fits, but holds another role (a maximum matching leaves no other case).
            let other = holder.iter().position(|h| *h == Some(i)).map(|k| t.roles[k].name.clone()).unwrap_or_default();
            let names: Vec<String> = cands[ri].iter().map(|&c| who(&rows[c])).collect();
            let names_en: Vec<String> = cands[ri].iter().map(|&c| who_en(&rows[c])).collect();
            rr.reasons.push(note(
                TenderCode::RoleUncovered,
                format!("符合本岗位的 {} 已担任其他岗位；同一人不能同时担任两个岗位，请另行提供人员", names.join("、")),
                format!("{} who fit this role already hold another role; one person cannot hold two roles — propose someone else", names_en.join(", ")),
            ));
            for &c in &cands[ri] {
                let held = rows[c]
                    .role
                    .clone()
                    .or_else(|| holder.iter().position(|h| *h == Some(c)).map(|k| t.roles[k].name.clone()));
                let held = held.unwrap_or(other.clone());
                rows[c].reasons.push(note(
                    TenderCode::PersonInTwoRoles,
                    format!(
                        "也符合岗位“{}”（{}），但已安排为“{}”；该岗位因此无人担任",
                        role.name, role.specialty, held
                    ),
                    format!(
                        "also fits role \"{}\" ({}) but is assigned to \"{}\", so that role is not covered",
                        role.name, role.specialty, held
                    ),
                ));
                rows[c].recompute_status();
            }
            issues.push(BatchIssue {
                reason: note(
                    TenderCode::PersonInTwoRoles,
                    format!("岗位“{}”唯一符合的人员已担任“{}”", role.name, other),
                    format!("the only people fitting role \"{}\" already hold \"{}\"", role.name, other),
                ),
                rows: cands[ri].iter().map(|&c| rows[c].no).collect(),
            });
        } else {
            // Nobody fits: say who had the specialty and why they do not count.
            let near: Vec<&Row> = rows
                .iter()
                .filter(|r| r.specialties.iter().any(|s| s.name == role.specialty))
                .filter(|r| !(r.counted && r.can_fill_role() && r.qualifies.contains(&role.name)))
                .take(5)
                .collect();
            let why = |r: &Row, zh: bool| -> String {
                let first = r.reasons.iter().find(|x| x.severity == Severity::Error).or_else(|| r.reasons.first());
                let spec_ok = r.specialties.iter().any(|s| s.name == role.specialty && s.valid_at_bid);
                let text = match (first, spec_ok) {
                    (_, false) if zh => format!("“{}”投标日不在有效期内", role.specialty),
                    (_, false) => format!("\"{}\" not valid on the bid date", role.specialty),
                    (Some(x), _) if zh => x.message.zh.clone(),
                    (Some(x), _) => x.message.en.clone(),
                    (None, _) => String::new(),
                };
                if zh {
                    format!("第 {} 行 {}：{}", r.no, who(r), text)
                } else {
                    format!("row {} {}: {}", r.no, who_en(r), text)
                }
            };
            let (mut zh, mut en) = (
                format!("没有投标日有效、聘用企业为投标单位、持有有效“{}”的当前电子证书", role.specialty),
                format!(
                    "no current e-certificate of the bidding company's employee with \"{}\" valid on the bid date",
                    role.specialty
                ),
            );
            if !near.is_empty() {
                zh += &format!("（{}）", near.iter().map(|r| why(r, true)).collect::<Vec<_>>().join("；"));
                en += &format!(" ({})", near.iter().map(|r| why(r, false)).collect::<Vec<_>>().join("; "));
            }
            rr.reasons.push(note(TenderCode::RoleUncovered, zh, en));
        }
        if rr.unverified_only {
            issues.push(BatchIssue {
                reason: note(
                    TenderCode::CoveredByUnverified,
                    format!("岗位“{}”（{}）仅由未验证（官方格式）证书担任，不计为已核验", role.name, role.specialty),
                    format!("role \"{}\" ({}) is covered only by an unverified (official format) certificate and does not count as checked", role.name, role.specialty),
                ),
                rows: rr.row.into_iter().collect(),
            });
        } else if !rr.covered {
            issues.push(BatchIssue {
                reason: note(
                    TenderCode::RoleUncovered,
                    format!("岗位“{}”（{}）无人符合", role.name, role.specialty),
                    format!("role \"{}\" ({}) is not covered", role.name, role.specialty),
                ),
                rows: vec![],
            });
        }
        role_results.push(rr);
    }
    // People who fit a role someone else covers.
    for row in rows.iter_mut() {
        if row.role.is_none() && !row.qualifies.is_empty() && row.can_fill_role() && row.counted {
            let q = row.qualifies.join("、");
            let q_en = row.qualifies.join(", ");
            row.reasons.push(note(
                TenderCode::NotAssigned,
                format!("符合岗位“{q}”，该岗位已由他人担任（备选）"),
                format!("fits \"{q_en}\", already covered by someone else (a spare)"),
            ));
            row.recompute_status();
        }
    }

    // 6. File findings.
    let mut by_code: BTreeMap<TenderCode, Vec<usize>> = BTreeMap::new();
    for r in &rows {
        for x in &r.reasons {
            if let ReasonCode::Tender(
                c @ (TenderCode::NoCode
                | TenderCode::FileUnreadable
                | TenderCode::UnverifiedFormat
                | TenderCode::SeveralCertificates),
            ) = x.code
            {
                let v = by_code.entry(c).or_default();
                if v.last() != Some(&r.no) {
                    v.push(r.no);
                }
            }
        }
    }
    for (code, nos) in by_code {
        let (zh, en) = match code {
            TenderCode::NoCode => ("个文件中未找到二维码", "files hold no QR code"),
            TenderCode::FileUnreadable => ("个文件无法读取", "files could not be read"),
            TenderCode::UnverifiedFormat => {
                (
                    "个文件为未验证（官方格式）证书或非 BC1 二维码，签名未经核验，不能使岗位通过核查",
                    "files are unverified (official format) certificates or hold a QR code that is not BC1; not signature-verified, they cannot make a role pass",
                )
            }
            _ => ("张证书来自含多张证书的文件", "certificates come from files holding several"),
        };
        issues.push(BatchIssue {
            reason: note(
                code,
                format!("{} {zh}（第 {} 行）", nos.len(), join_nos(&nos)),
                format!("{} {en} (rows {})", nos.len(), join_nos(&nos)),
            ),
            rows: nos,
        });
    }
    if cancelled {
        issues.push(BatchIssue {
            reason: note(
                TenderCode::Cancelled,
                "核查在读完所有文件之前被取消，结果不完整，不能作为核查结论",
                "the check was cancelled before every file was read; the result is incomplete and is no conclusion",
            ),
            rows: vec![],
        });
    }
    issues.sort_by_key(|i| std::cmp::Reverse(i.reason.severity));

    // 7. Verdict of the tender.
    let mut counts = Counts { rows: rows.len(), ..Counts::default() };
    let mut files = std::collections::HashSet::new();
    for r in &rows {
        files.insert(r.file.as_str());
        match r.status {
            OutcomeStatus::Valid => counts.valid += 1,
            OutcomeStatus::Warning => counts.warning += 1,
            OutcomeStatus::Invalid => counts.invalid += 1,
            OutcomeStatus::Error => counts.error += 1,
            OutcomeStatus::Unverified => counts.unverified += 1,
        }
    }
    counts.files = files.len();
    let passed = !cancelled
        && if t.roles.is_empty() {
            !rows.is_empty() && rows.iter().all(Row::is_usable)
        } else {
            role_results.iter().all(|r| r.covered)
        };
    TenderResult {
        tender: t.clone(),
        rows,
        roles: role_results,
        issues,
        passed,
        checked_at: now,
        trust_seq: trust.seq,
        trust_issued: trust.issued,
        app_version: APP_VERSION.to_string(),
        cancelled,
        counts,
        demo: trust.demo,
    }
}

fn join_nos(nos: &[usize]) -> String {
    let mut s: Vec<String> = nos.iter().take(20).map(|n| n.to_string()).collect();
    if nos.len() > 20 {
        s.push("…".into());
    }
    s.join(", ")
}

/// Kuhn's augmenting path from `role`.
fn augment(
    role: usize,
    cands: &[Vec<usize>],
    seen: &mut [bool],
    owner: &mut HashMap<usize, usize>,
    holder: &mut [Option<usize>],
) -> bool {
    for &row in &cands[role] {
        if seen[row] {
            continue;
        }
        seen[row] = true;
        let free = match owner.get(&row) {
            None => true,
            Some(&other) => augment(other, cands, seen, owner, holder),
        };
        if free {
            owner.insert(row, role);
            holder[role] = Some(row);
            return true;
        }
    }
    false
}
