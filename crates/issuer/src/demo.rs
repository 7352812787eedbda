//! Demo data (演示): keys, two trust lists and synthetic first-class
//! constructors in every state the app must show, deterministic from
//! (seed, today, count).
//!
//! Everything here is labelled 演示 / DEMO: the issuing authority, the seal,
//! the watermark on every page.
//!
//! Keys: with a seed ([`demo_keys`]) they are derived from a public formula,
//! so anyone can sign with them: that is only for reproducible test output
//! written with `--out`, which nothing pins. A demo that is installed (the
//! app's demo offer, `buildcert demo install`, `make run`) takes
//! [`DemoOptions::random_keys`]: fresh keys from the operating system's
//! CSPRNG, and no private key is written anywhere; they are dropped (and
//! zeroed) once the set is signed.

use std::path::Path;

use buildcert_bc1::codec::key_id;
use buildcert_bc1::date::{add_days, add_years, birthday65, cst_midnight, format_date};
use buildcert_bc1::rules::{id_check_char, mask_id, uscc_check_char, SPECIALTIES, USCC_ALPHABET};
use buildcert_bc1::{verify, CheckContext, IssueRequest, Severity, Sex, SigningKey, Specialty, TrustList, Verdict};
use buildcert_pdfgen::{
    image_only_pdf, jpeg_bytes, official_lines, official_pdf, photo_look, render_page, scan_look, Colon, DateStyle,
    Fonts, OfficialPage,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{IssuerError, Result};
use crate::files;
use crate::holder::default_lid;
use crate::issue::{issue_pdf, Issued, PageOptions};
use crate::keys;
use crate::rng;

/// Issuing authority of demo certificates and of the demo key.
pub const DEMO_ISS: &str = "住房和城乡建设部（演示）";
/// Seal name of the demo key, printed on demo pages.
pub const DEMO_SEAL: &str = "演示用一级建造师行政许可专用章 DEMO";
/// Seal printed on the demo official-layout pages.
pub const DEMO_OFFICIAL_SEAL: &str = "住房和城乡建设部（演示）电子印章 DEMO";
/// The label shown wherever demo data appears.
pub const DEMO_LABEL: &str = "演示 / DEMO";
/// Manifest format identifier.
pub const MANIFEST_FORMAT: &str = "buildcert-demo-manifest/1";

/// A state the app must show. The first [`STATE_ORDER`]`.len()` demo
/// certificates have these states in this order; further ones cycle through
/// [`EXTRA_CYCLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DemoState {
    /// Valid, nothing to note.
    Valid,
    /// Usage period ends in 3–25 days (`usage_expiring`).
    UsageExpiring,
    /// Usage period over 5–60 days ago (`usage_expired`).
    UsageExpired,
    /// One specialty ends in 5–25 days (`renewal_window_open`).
    RenewalWindow,
    /// One specialty ended 10–60 days ago (`specialty_expired`), another is valid.
    SpecialtyLapsed,
    /// The 65th birthday is 100–150 days away (`age_limit_approaching`, info).
    Near65,
    /// The e-certificate is revoked in both trust lists (`revoked`).
    Revoked,
    /// The registration is cancelled (`registration_cancelled`).
    RegistrationCancelled,
    /// An older download of the next certificate's registration (the wallet shows `superseded`).
    Superseded,
    /// The newer download that supersedes the previous certificate.
    NewerCopy,
    /// Signed by a key that is not in the trust list (`unknown_key`).
    UnknownKey,
    /// Valid under trust list seq 1, revoked in seq 2 (`trust-2.bctl`).
    RevokedInSeq2,
}

/// The states of demo certificates 1, 2, … in order.
pub const STATE_ORDER: [DemoState; 12] = [
    DemoState::Valid,
    DemoState::UsageExpiring,
    DemoState::UsageExpired,
    DemoState::RenewalWindow,
    DemoState::SpecialtyLapsed,
    DemoState::Near65,
    DemoState::Revoked,
    DemoState::RegistrationCancelled,
    DemoState::Superseded,
    DemoState::NewerCopy,
    DemoState::UnknownKey,
    DemoState::RevokedInSeq2,
];

/// States of certificates after the first twelve (for large sets, e.g. benchmarks).
pub const EXTRA_CYCLE: [DemoState; 8] = [
    DemoState::Valid,
    DemoState::Valid,
    DemoState::UsageExpiring,
    DemoState::RenewalWindow,
    DemoState::Valid,
    DemoState::SpecialtyLapsed,
    DemoState::UsageExpired,
    DemoState::Near65,
];

/// The fewest certificates that cover every state.
pub const MIN_COUNT: usize = STATE_ORDER.len();

impl DemoState {
    /// The state of demo certificate `number` (1-based).
    pub fn of(number: usize) -> DemoState {
        let i = number.saturating_sub(1);
        if i < STATE_ORDER.len() {
            STATE_ORDER[i]
        } else {
            EXTRA_CYCLE[(i - STATE_ORDER.len()) % EXTRA_CYCLE.len()]
        }
    }

    /// The file-name form (`usage-expiring`).
    pub fn slug(self) -> &'static str {
        match self {
            DemoState::Valid => "valid",
            DemoState::UsageExpiring => "usage-expiring",
            DemoState::UsageExpired => "usage-expired",
            DemoState::RenewalWindow => "renewal-window",
            DemoState::SpecialtyLapsed => "specialty-lapsed",
            DemoState::Near65 => "near-65",
            DemoState::Revoked => "revoked",
            DemoState::RegistrationCancelled => "registration-cancelled",
            DemoState::Superseded => "superseded",
            DemoState::NewerCopy => "newer-copy",
            DemoState::UnknownKey => "unknown-key",
            DemoState::RevokedInSeq2 => "revoked-in-seq2",
        }
    }

    /// What the state shows, in Chinese and English (terms.md wording).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            DemoState::Valid => ("有效", "valid"),
            DemoState::UsageExpiring => ("使用有效期即将届满", "usage period ending soon"),
            DemoState::UsageExpired => ("使用有效期已过，请重新下载", "usage period over: download a new copy"),
            DemoState::RenewalWindow => ("请在有效期届满前申请延续注册", "apply for continuation registration now"),
            DemoState::SpecialtyLapsed => ("注册专业已过有效期", "specialty validity ended"),
            DemoState::Near65 => ("即将年满65周岁", "65th birthday approaching"),
            DemoState::Revoked => ("电子证书已被撤销", "e-certificate revoked"),
            DemoState::RegistrationCancelled => ("注册已注销", "registration cancelled"),
            DemoState::Superseded => ("已有更新的下载版本", "a newer copy exists"),
            DemoState::NewerCopy => ("较新的下载版本", "the newer copy"),
            DemoState::UnknownKey => ("签发密钥不在信任列表中", "issuer key not in the trust list"),
            DemoState::RevokedInSeq2 => ("在信任列表序号2中被撤销", "revoked in trust list seq 2"),
        }
    }
}

/// The three demo keys, derived from the seed (public: demo only).
#[derive(Debug, Clone)]
pub struct DemoKeys {
    /// Root key: signs the demo trust lists.
    pub root: SigningKey,
    /// Issuer key: in the trust list, signs the demo certificates.
    pub issuer: SigningKey,
    /// A key that is not in the trust list (for `unknown_key`).
    pub untrusted: SigningKey,
}

impl DemoKeys {
    /// Three fresh keys from the operating system's CSPRNG.
    pub fn random() -> DemoKeys {
        let mut rng = rand_core::OsRng;
        DemoKeys {
            root: SigningKey::generate(&mut rng),
            issuer: SigningKey::generate(&mut rng),
            untrusted: SigningKey::generate(&mut rng),
        }
    }
}

/// The demo keys for `seed`: seed = SHA-256("buildcert-demo-key|SEED|ROLE").
/// Anyone can derive them: for reproducible test output only, never pinned.
pub fn demo_keys(seed: u64) -> DemoKeys {
    let k = |role: &str| {
        SigningKey::from_bytes(&Sha256::digest(format!("buildcert-demo-key|{seed}|{role}").as_bytes()).into())
    };
    DemoKeys { root: k("root"), issuer: k("issuer"), untrusted: k("untrusted") }
}

/// One demo certificate before signing.
#[derive(Debug, Clone)]
pub struct DemoCert {
    /// 1-based number (file names start with it, two digits or more).
    pub number: usize,
    /// The state it shows.
    pub state: DemoState,
    /// The issue request (holder data, download instant, lid).
    pub request: IssueRequest,
}

impl DemoCert {
    /// `NN-state`, the file stem.
    pub fn stem(&self, width: usize) -> String {
        format!("{:0width$}-{}", self.number, self.state.slug())
    }

    /// Whether it is signed with the trusted issuer key.
    pub fn trusted_signer(&self) -> bool {
        self.state != DemoState::UnknownKey
    }
}

// Provinces: abbreviation, GB/T 2260 province code, county-level area codes.
const PROVINCES: [(&str, &str, [&str; 2]); 10] = [
    ("京", "11", ["110101", "110108"]),
    ("沪", "31", ["310104", "310115"]),
    ("苏", "32", ["320102", "320506"]),
    ("浙", "33", ["330106", "330203"]),
    ("粤", "44", ["440106", "440305"]),
    ("川", "51", ["510107", "510104"]),
    ("鄂", "42", ["420106", "420111"]),
    ("鲁", "37", ["370102", "370202"]),
    ("陕", "61", ["610113", "610103"]),
    ("渝", "50", ["500103", "500106"]),
];

/// Fictional employers ("示范" companies) and the index of their province.
pub const EMPLOYERS: [(&str, usize); 14] = [
    ("中建示范第一工程局有限公司", 0),
    ("北京示范城建集团有限责任公司", 0),
    ("上海示范建工集团股份有限公司", 1),
    ("示范隧道工程股份有限公司", 1),
    ("江苏示范建设集团有限公司", 2),
    ("浙江示范交通工程集团有限公司", 3),
    ("广东示范水电工程有限公司", 4),
    ("中交示范航务工程局有限公司", 4),
    ("四川示范路桥建设集团有限公司", 5),
    ("中铁示范大桥局集团有限公司", 6),
    ("山东示范电力建设有限公司", 7),
    ("陕西示范矿业工程有限公司", 8),
    ("重庆示范通信工程有限公司", 9),
    ("中建示范市政工程有限公司", 0),
];

const SURNAMES: [&str; 30] = [
    "张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const MALE_GIVEN: [&str; 20] = [
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "斌", "建国", "志强", "海涛", "建华", "国强", "文博", "宇航",
    "浩然", "晓东", "立新",
];
const FEMALE_GIVEN: [&str; 20] = [
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂兰", "丽娟", "晓燕", "雪梅", "婷婷", "欣怡", "佳琪",
    "慧敏", "玉兰", "春燕", "海燕",
];
// Weighted: the common specialties come up more often.
const SPECIALTY_WEIGHTS: [usize; 10] = [6, 3, 1, 1, 1, 2, 4, 1, 1, 4];

/// The USCC of a demo employer: "91", the province's first area code, nine
/// characters from a hash of the name, and the GB 32100 check character.
pub fn employer_uscc(index: usize) -> String {
    let (name, prov) = EMPLOYERS[index % EMPLOYERS.len()];
    let h = Sha256::digest(name.as_bytes());
    let alphabet: Vec<char> = USCC_ALPHABET.chars().collect();
    let body: String = h[..9].iter().map(|b| alphabet[usize::from(*b) % 10]).collect();
    let first17 = format!("91{}{}", PROVINCES[prov].2[0], body);
    let check = uscc_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

struct Profile {
    name: String,
    sex: Sex,
    dob: NaiveDate,
    idn: String,
    reg: String,
    employer: usize,
    spec: Vec<Specialty>,
    issued: NaiveDate,
}

fn profile(seed: u64, person: usize, state: DemoState, today: NaiveDate) -> Profile {
    let mut r = rng::stream(seed, "person", person as u64);
    let sex = if r.int_range(0, 1) == 0 { Sex::M } else { Sex::F };
    let given = if sex == Sex::M { r.pick(&MALE_GIVEN) } else { r.pick(&FEMALE_GIVEN) };
    let name = format!("{}{}", r.pick(&SURNAMES), given);
    let employer = r.int_range(0, EMPLOYERS.len() as i64 - 1) as usize;
    let prov = EMPLOYERS[employer].1;
    let dob = if state == DemoState::Near65 {
        add_years(add_days(today, r.int_range(100, 150)), -65)
    } else {
        add_days(add_years(today, -(r.int_range(29, 58) as i32)), -r.int_range(0, 364))
    };
    let b65 = birthday65(dob);
    // ID: area code, birth date, two digits, a sex digit (odd for men), check character.
    let area = r.pick(&PROVINCES[prov].2);
    let sex_digit = r.int_range(0, 4) * 2 + i64::from(sex == Sex::M);
    let first17 = format!("{area}{}{}{sex_digit}", dob.format("%Y%m%d"), r.digits(2));
    let idn = format!("{first17}{}", id_check_char(&first17).unwrap_or('0'));

    let n_spec = match state {
        DemoState::RenewalWindow | DemoState::SpecialtyLapsed => r.int_range(2, 3) as usize,
        _ => [1, 1, 1, 2, 2, 3][r.int_range(0, 5) as usize],
    };
    let mut names: Vec<&str> = Vec::new();
    let total: usize = SPECIALTY_WEIGHTS.iter().sum();
    while names.len() < n_spec {
        let mut x = r.int_range(0, total as i64 - 1) as usize;
        let mut k = 0;
        while x >= SPECIALTY_WEIGHTS[k] {
            x -= SPECIALTY_WEIGHTS[k];
            k += 1;
        }
        if !names.contains(&SPECIALTIES[k]) {
            names.push(SPECIALTIES[k]);
        }
    }
    let spec: Vec<Specialty> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let to = match (state, i) {
                (DemoState::RenewalWindow, 0) => add_days(today, r.int_range(5, 25)),
                (DemoState::SpecialtyLapsed, 0) => add_days(today, -r.int_range(10, 60)),
                _ => add_days(today, r.int_range(200, 800)),
            };
            // A registration runs three years; continuation ends at the 65th birthday at the latest.
            let from = add_days(add_years(to, -3), 1);
            Specialty { n: n.to_string(), from, to: to.min(b65) }
        })
        .collect();
    let issued = spec.iter().map(|s| s.from).min().unwrap_or(today);
    // 注册编号: province, 1, then 11 digits (province code, year, serial) or 15 (…, 4-digit year, …).
    let reg = if person % 4 == 3 {
        format!("{}1{}{}{}", PROVINCES[prov].0, PROVINCES[prov].1, issued.format("%Y"), r.digits(9))
    } else {
        format!("{}1{}{}{}", PROVINCES[prov].0, PROVINCES[prov].1, issued.format("%y"), r.digits(7))
    };
    Profile { name, sex, dob, idn, reg, employer, spec, issued }
}

/// The download day's offset before `today` for a state.
fn download_offset(r: &mut rng::Rng, state: DemoState) -> i64 {
    match state {
        DemoState::UsageExpiring => 179 - r.int_range(3, 25),
        DemoState::UsageExpired => 179 + r.int_range(5, 60),
        DemoState::RenewalWindow => r.int_range(0, 30),
        DemoState::SpecialtyLapsed => r.int_range(0, 5),
        DemoState::Near65 => r.int_range(0, 20),
        DemoState::Superseded => r.int_range(60, 100),
        DemoState::NewerCopy => r.int_range(0, 10),
        _ => r.int_range(0, 60),
    }
}

/// The demo certificates 1..=count (data only, not signed). `count` must be
/// at least [`MIN_COUNT`] so that every state is covered.
pub fn demo_certificates(seed: u64, today: NaiveDate, count: usize) -> Result<Vec<DemoCert>> {
    if count < MIN_COUNT {
        return Err(IssuerError::invalid(
            "count",
            format!("{count} 太少：至少需要 {MIN_COUNT} 份才能覆盖所有状态"),
            format!("{count} is too few: at least {MIN_COUNT} are needed to cover every state"),
        ));
    }
    let mut out = Vec::with_capacity(count);
    for number in 1..=count {
        let state = DemoState::of(number);
        // A newer copy belongs to the same person as the superseded copy before it.
        let person = if state == DemoState::NewerCopy { number - 1 } else { number };
        let p = profile(seed, person, if state == DemoState::NewerCopy { DemoState::Superseded } else { state }, today);
        let mut r = rng::stream(seed, "download", number as u64);
        let day = add_days(today, -download_offset(&mut r, state));
        let iat = cst_midnight(day) + r.int_range(8 * 3600, 20 * 3600 - 1);
        let request = IssueRequest {
            iss: DEMO_ISS.into(),
            iat,
            lid: default_lid(&p.reg, iat),
            reg: p.reg,
            name: p.name,
            sex: p.sex,
            dob: p.dob,
            idn: p.idn,
            emp: EMPLOYERS[p.employer].0.into(),
            uscc: employer_uscc(p.employer),
            issued: p.issued,
            spec: p.spec,
            use_from: None,
            use_to: None,
        };
        out.push(DemoCert { number, state, request });
    }
    Ok(out)
}

/// The demo trust lists: seq 1 (`trust.bctl`) and seq 2 (`trust-2.bctl`,
/// additionally revoking the [`DemoState::RevokedInSeq2`] certificate).
pub fn demo_trust_lists(keys: &DemoKeys, today: NaiveDate, certs: &[DemoCert]) -> (TrustList, TrustList) {
    let lids = |pred: &dyn Fn(DemoState) -> bool| -> Vec<[u8; 16]> {
        let mut v: Vec<[u8; 16]> =
            certs.iter().filter(|c| pred(c.state)).map(|c| buildcert_bc1::codec::hash16(&c.request.lid)).collect();
        v.sort_unstable();
        v
    };
    let mut rr: Vec<[u8; 16]> = certs
        .iter()
        .filter(|c| c.state == DemoState::RegistrationCancelled)
        .map(|c| buildcert_bc1::codec::hash16(&c.request.reg))
        .collect();
    rr.sort_unstable();
    let key = TrustList::key_entry(
        &keys.issuer.verifying_key(),
        DEMO_ISS,
        DEMO_SEAL,
        cst_midnight(add_years(today, -6)),
        cst_midnight(add_years(today, 5)),
    );
    let first = TrustList {
        seq: 1,
        issued: cst_midnight(add_days(today, -1)),
        next: cst_midnight(add_days(today, 365)),
        keys: vec![key],
        rl: lids(&|s| s == DemoState::Revoked),
        rr,
        root_kid: hex::encode(key_id(&keys.root.verifying_key().to_bytes())),
        raw: Vec::new(),
        demo: false,
    };
    let second = TrustList {
        seq: 2,
        issued: cst_midnight(today),
        rl: lids(&|s| s == DemoState::Revoked || s == DemoState::RevokedInSeq2),
        ..first.clone()
    };
    (first, second)
}

/// Options of [`demo`].
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Seed: the same seed gives the same keys and people.
    pub seed: u64,
    /// The date the states are relative to (usage expiring in N days, …).
    pub today: NaiveDate,
    /// Number of certificates, at least [`MIN_COUNT`].
    pub count: usize,
    /// Numbers of the certificates also written as a scanned page (image-only
    /// PDF) and as a phone photo (JPEG).
    pub scanned: Vec<usize>,
    /// Number of official-layout PDFs (0 to 3).
    pub official: usize,
    /// Fresh random keys instead of the seed's, and no private key file
    /// written: what every installed demo uses (see the module docs).
    pub random_keys: bool,
}

impl DemoOptions {
    /// 12 certificates, certificate 1 (valid) and 7 (revoked) also scanned and
    /// photographed, 3 official-layout PDFs.
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        DemoOptions { seed, today, count: MIN_COUNT, scanned: vec![1, 7], official: 3, random_keys: false }
    }
}

/// The expected outcome of verifying a file at the demo's check date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// `valid`, `warning` or `invalid` (BC1 §6).
    pub status: String,
    /// Error and warning codes, sorted.
    pub codes: Vec<String>,
    /// Info codes, sorted.
    pub info_codes: Vec<String>,
}

impl Expected {
    /// From a verdict.
    pub fn of(v: &Verdict) -> Expected {
        let mut info: Vec<String> =
            v.reasons.iter().filter(|r| r.severity == Severity::Info).map(|r| r.code.as_str().to_string()).collect();
        info.sort();
        info.dedup();
        Expected {
            status: v.status.as_str().to_string(),
            codes: v.error_and_warning_codes().iter().map(|c| c.as_str().to_string()).collect(),
            info_codes: info,
        }
    }
}

/// One file of the demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the demo directory, `/`-separated.
    pub path: String,
    /// `root_key`, `root_public_key`, `issuer_key`, `issuer_public_key`,
    /// `trust_list`, `qr_text`, `qr_png`, `qr_svg`, `certificate_pdf`,
    /// `scan_pdf`, `photo_jpg` or `official`.
    pub kind: String,
    /// The certificate's number, for certificate files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
    /// The certificate's state (kebab-case), for certificate files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Verdict with `trust.bctl` (seq 1) at `today`/`now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    /// Verdict with `trust-2.bctl` (seq 2) at `today`/`now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_with_trust_2: Option<Expected>,
}

/// One demo certificate in the manifest (ID number masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertEntry {
    /// 1-based number.
    pub number: usize,
    /// State (kebab-case).
    pub state: String,
    /// What the state shows, Chinese.
    pub state_zh: String,
    /// What the state shows, English.
    pub state_en: String,
    /// 姓名.
    pub name: String,
    /// 注册编号.
    pub reg: String,
    /// 公民身份号码, masked.
    pub id_masked: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 证照标识.
    pub lid: String,
    /// 使用有效期 from.
    pub use_from: String,
    /// 使用有效期 to.
    pub use_to: String,
    /// 注册专业 `name from..to`.
    pub specialties: Vec<String>,
    /// Signed by the trusted issuer key.
    pub trusted_signer: bool,
    /// Verdict with trust list seq 1.
    pub expected: Expected,
    /// Verdict with trust list seq 2.
    pub expected_with_trust_2: Expected,
    /// Codes a wallet adds (holding the whole set): `superseded`.
    pub wallet_codes: Vec<String>,
    /// For a superseded copy: the number of the newer copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<usize>,
    /// Its files.
    pub files: Vec<String>,
}

/// One trust list of the demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    /// Path.
    pub path: String,
    /// seq.
    pub seq: u64,
    /// issued, epoch seconds.
    pub issued: i64,
    /// next, epoch seconds.
    pub next: i64,
    /// Numbers of the certificates revoked in it.
    pub revoked: Vec<usize>,
    /// Numbers of the certificates whose registration it cancels.
    pub cancelled: Vec<usize>,
    /// The certificates revoked here but not in the previous list.
    pub newly_revoked: Vec<usize>,
}

/// An official-layout page (today's government format, QR holds a URL, not BC1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialEntry {
    /// Path.
    pub path: String,
    /// Always `official`.
    pub kind: String,
    /// 姓名.
    pub name: String,
    /// 性别 as printed.
    pub sex: String,
    /// 出生日期 (YYYY-MM-DD).
    pub dob: String,
    /// 注册编号.
    pub reg: String,
    /// 聘用企业.
    pub employer: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 注册专业 (name, from, to; YYYY-MM-DD).
    pub specialties: Vec<[String; 3]>,
    /// 发证日期.
    pub issued: String,
    /// 使用有效期 from.
    pub use_from: String,
    /// 使用有效期 to.
    pub use_to: String,
    /// What the QR code holds.
    pub query_url: String,
    /// Label colon (`：` or `:`).
    pub colon: String,
    /// Date style: `iso`, `iso_short` or `chinese`.
    pub date_style: String,
    /// Number of pages.
    pub pages: usize,
    /// /Rotate of the pages.
    pub rotate: u16,
    /// The text lines exactly as printed, in reading order.
    pub lines: Vec<String>,
}

/// Public key information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    /// Raw public key, hex.
    pub public: String,
    /// kid, hex.
    pub kid: String,
}

/// `manifest.json` of a demo set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// 演示 / DEMO.
    pub label: String,
    /// Seed.
    pub seed: u64,
    /// Check date the expectations hold for (YYYY-MM-DD).
    pub today: String,
    /// The instant the expectations hold for (12:00 UTC+08:00 on `today`), epoch seconds.
    pub now: i64,
    /// Number of certificates.
    pub count: usize,
    /// Issuing authority.
    pub iss: String,
    /// Seal name.
    pub seal: String,
    /// Root key (pin it to accept the demo trust lists).
    pub root: KeyEntry,
    /// Issuer key (in the trust lists).
    pub issuer: KeyEntry,
    /// The key not in the trust lists.
    pub untrusted: KeyEntry,
    /// Trust lists.
    pub trust_lists: Vec<TrustEntry>,
    /// Every state covered (kebab-case).
    pub states: Vec<String>,
    /// Certificates.
    pub certificates: Vec<CertEntry>,
    /// Official-layout pages.
    pub official: Vec<OfficialEntry>,
    /// Every file written (but this manifest).
    pub files: Vec<FileEntry>,
}

/// Writes a demo set into `dir` (see the crate docs for the layout) and
/// returns its manifest, also written as `manifest.json`. Existing demo
/// files are replaced.
pub fn demo(dir: &Path, opts: &DemoOptions, fonts: &Fonts) -> Result<Manifest> {
    if opts.official > 3 {
        return Err(IssuerError::invalid("official", "官方格式样例最多 3 份", "at most 3 official-layout samples"));
    }
    let certs = demo_certificates(opts.seed, opts.today, opts.count)?;
    let keys = if opts.random_keys { DemoKeys::random() } else { demo_keys(opts.seed) };
    let (t1, t2) = demo_trust_lists(&keys, opts.today, &certs);
    let now = cst_midnight(opts.today) + 12 * 3600;
    let ctx = CheckContext::new(opts.today, now);
    files::create_dir_all(&dir.join("certs"))?;

    let mut file_entries = Vec::new();
    let mut add = |path: &str, kind: &str| {
        file_entries.push(FileEntry {
            path: path.into(),
            kind: kind.into(),
            certificate: None,
            state: None,
            expected: None,
            expected_with_trust_2: None,
        })
    };
    // Keys: the private ones (seeded sets only) with mode 0600 like keygen's.
    for (name, key) in [("root", &keys.root), ("issuer", &keys.issuer)] {
        let pem = dir.join(format!("{name}.key.pem"));
        if opts.random_keys {
            // Nothing that can sign stays behind (also from an older set).
            let _ = std::fs::remove_file(&pem);
        } else {
            files::write_replace(&pem, keys::private_pem(key)?.as_bytes(), true)?;
            add(&format!("{name}.key.pem"), &format!("{name}_key"));
        }
        files::write_replace(
            &dir.join(format!("{name}.pub.hex")),
            keys::public_hex(&key.verifying_key()).as_bytes(),
            false,
        )?;
        add(&format!("{name}.pub.hex"), &format!("{name}_public_key"));
    }
    let b1 = t1.sign(&keys.root);
    let b2 = t2.sign(&keys.root);
    files::write_replace(&dir.join("trust.bctl"), &b1, false)?;
    files::write_replace(&dir.join("trust-2.bctl"), &b2, false)?;
    add("trust.bctl", "trust_list");
    add("trust-2.bctl", "trust_list");
    // Verify against the decoded lists, exactly as a verifier would.
    let roots = [keys.root.verifying_key()];
    let v1 = TrustList::decode_verified(&b1, &roots)?;
    let v2 = TrustList::decode_verified(&b2, &roots)?;

    let width = opts.count.to_string().len().max(2);
    let page = PageOptions { seal: DEMO_SEAL.into(), demo: true, signature_png: None, qr_style: Default::default() };
    let one = |c: &DemoCert| {
        let key = if c.trusted_signer() { &keys.issuer } else { &keys.untrusted };
        let superseded =
            c.state == DemoState::Superseded && certs.get(c.number).is_some_and(|n| n.state == DemoState::NewerCopy);
        let stem = format!("certs/{}", c.stem(width));
        write_certificate(c, key, superseded, &stem, dir, &page, opts, (&v1, &v2), &ctx, fonts)
    };
    // Certificates are independent: draw them on every core, keep their order.
    let mut cert_entries = Vec::with_capacity(certs.len());
    for r in par_map(&certs, one) {
        let (entry, entries) = r?;
        cert_entries.push(entry);
        file_entries.extend(entries);
    }

    let official = write_official(dir, opts, &mut file_entries, fonts)?;

    let numbers =
        |pred: &dyn Fn(&DemoCert) -> bool| certs.iter().filter(|c| pred(c)).map(|c| c.number).collect::<Vec<_>>();
    let revoked1 = numbers(&|c| v1.is_revoked_lid(&c.request.lid));
    let revoked2 = numbers(&|c| v2.is_revoked_lid(&c.request.lid));
    let trust_entry = |path: &str, t: &TrustList, revoked: Vec<usize>, newly: Vec<usize>| TrustEntry {
        path: path.into(),
        seq: t.seq,
        issued: t.issued,
        next: t.next,
        revoked,
        cancelled: numbers(&|c| t.is_cancelled_reg(&c.request.reg)),
        newly_revoked: newly,
    };
    let newly: Vec<usize> = revoked2.iter().copied().filter(|n| !revoked1.contains(n)).collect();
    let key_entry = |k: &SigningKey| KeyEntry {
        public: hex::encode(k.verifying_key().to_bytes()),
        kid: keys::kid_hex(&k.verifying_key()),
    };
    let mut states: Vec<String> = Vec::new();
    for c in &certs {
        if !states.iter().any(|s| s == c.state.slug()) {
            states.push(c.state.slug().into());
        }
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        label: DEMO_LABEL.into(),
        seed: opts.seed,
        today: format_date(opts.today),
        now,
        count: opts.count,
        iss: DEMO_ISS.into(),
        seal: DEMO_SEAL.into(),
        root: key_entry(&keys.root),
        issuer: key_entry(&keys.issuer),
        untrusted: key_entry(&keys.untrusted),
        trust_lists: vec![
            trust_entry("trust.bctl", &v1, revoked1.clone(), revoked1.clone()),
            trust_entry("trust-2.bctl", &v2, revoked2, newly),
        ],
        states,
        certificates: cert_entries,
        official,
        files: file_entries,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| IssuerError::invalid("manifest", e.to_string(), e.to_string()))?;
    files::write_replace(&dir.join("manifest.json"), format!("{json}\n").as_bytes(), false)?;
    Ok(manifest)
}

/// Issues one demo certificate, writes its files and computes its expected verdicts.
#[allow(clippy::too_many_arguments)]
fn write_certificate(
    c: &DemoCert,
    key: &SigningKey,
    superseded: bool,
    stem: &str,
    dir: &Path,
    page: &PageOptions,
    opts: &DemoOptions,
    (v1, v2): (&TrustList, &TrustList),
    ctx: &CheckContext,
    fonts: &Fonts,
) -> Result<(CertEntry, Vec<FileEntry>)> {
    let issued = issue_pdf(&c.request, key, page, fonts)?;
    issued.write(&dir.join(stem))?;
    let e1 = Expected::of(&verify(&issued.qr_text, v1, ctx));
    let e2 = Expected::of(&verify(&issued.qr_text, v2, ctx));
    let mut paths: Vec<(String, &str)> = vec![
        (format!("{stem}.txt"), "qr_text"),
        (format!("{stem}.png"), "qr_png"),
        (format!("{stem}.svg"), "qr_svg"),
        (format!("{stem}.pdf"), "certificate_pdf"),
    ];
    if opts.scanned.contains(&c.number) {
        write_scan_and_photo(&issued, dir, stem, c.number as u64 ^ opts.seed, fonts)?;
        paths.push((format!("{stem}-scan.pdf"), "scan_pdf"));
        paths.push((format!("{stem}-photo.jpg"), "photo_jpg"));
    }
    let files = paths
        .iter()
        .map(|(path, kind)| FileEntry {
            path: path.clone(),
            kind: kind.to_string(),
            certificate: Some(c.number),
            state: Some(c.state.slug().into()),
            expected: Some(e1.clone()),
            expected_with_trust_2: Some(e2.clone()),
        })
        .collect();
    let cert = &issued.certificate;
    let (zh, en) = c.state.describe();
    let entry = CertEntry {
        number: c.number,
        state: c.state.slug().into(),
        state_zh: zh.into(),
        state_en: en.into(),
        name: cert.name.clone(),
        reg: cert.reg.clone(),
        id_masked: mask_id(&cert.idn),
        employer: cert.emp.clone(),
        uscc: cert.uscc.clone(),
        lid: cert.lid.clone(),
        use_from: format_date(cert.usage.from),
        use_to: format_date(cert.usage.to),
        specialties: cert
            .spec
            .iter()
            .map(|s| format!("{} {}..{}", s.n, format_date(s.from), format_date(s.to)))
            .collect(),
        trusted_signer: c.trusted_signer(),
        expected: e1,
        expected_with_trust_2: e2,
        wallet_codes: if superseded { vec!["superseded".into()] } else { vec![] },
        superseded_by: superseded.then_some(c.number + 1),
        files: paths.into_iter().map(|(p, _)| p).collect(),
    };
    Ok((entry, files))
}

/// `items.iter().map(f)` on all available cores (at most 8 threads), results in input order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        // A worker only panics if `f` does; pass that panic on.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Writes the certificate page as a flatbed scan at 200 dpi (`-scan.pdf`,
/// image-only) and as a phone photo of a print (`-photo.jpg`, from a 300 dpi
/// rendering, about 1,700 × 2,400 px like a 12-megapixel phone photo cropped
/// to the page, so that the QR code keeps 5 or more pixels per module).
fn write_scan_and_photo(issued: &Issued, dir: &Path, stem: &str, seed: u64, fonts: &Fonts) -> Result<()> {
    const SCAN_DPI: f32 = 200.0;
    const PHOTO_DPI: f32 = 300.0;
    let page = render_page(&issued.pdf, 0, SCAN_DPI, Some(fonts))?;
    let scan = scan_look(&page, seed)?;
    let jpeg = jpeg_bytes(&scan, 85)?;
    let pdf = image_only_pdf(&jpeg, scan.width(), scan.height(), SCAN_DPI)?;
    files::write_replace(&dir.join(format!("{stem}-scan.pdf")), &pdf, false)?;
    let page = render_page(&issued.pdf, 0, PHOTO_DPI, Some(fonts))?;
    let photo = jpeg_bytes(&photo_look(&page, seed)?, 88)?;
    files::write_replace(&dir.join(format!("{stem}-photo.jpg")), &photo, false)
}

fn write_official(
    dir: &Path,
    opts: &DemoOptions,
    entries: &mut Vec<FileEntry>,
    fonts: &Fonts,
) -> Result<Vec<OfficialEntry>> {
    if opts.official == 0 {
        return Ok(Vec::new());
    }
    files::create_dir_all(&dir.join("official"))?;
    let variants = [
        (Colon::FullWidth, DateStyle::Iso, false, 0u16, "iso"),
        (Colon::FullWidth, DateStyle::Chinese, true, 0, "chinese"),
        (Colon::Ascii, DateStyle::IsoShort, false, 90, "iso_short"),
    ];
    let mut out = Vec::new();
    for (i, (colon, style, second_page, rotate, style_name)) in variants.iter().take(opts.official).enumerate() {
        let p = profile(opts.seed, 10_000 + i, DemoState::Valid, opts.today);
        let mut r = rng::stream(opts.seed, "official", i as u64);
        let from = add_days(opts.today, -r.int_range(0, 60));
        let to = buildcert_bc1::rules::usage_cap(from, p.spec.iter().map(|s| s.to), p.dob);
        let lid = default_lid(&p.reg, cst_midnight(from));
        let spec: Vec<[String; 3]> =
            p.spec.iter().map(|s| [s.n.clone(), format_date(s.from), format_date(s.to)]).collect();
        let page = OfficialPage {
            name: p.name.clone(),
            sex: p.sex.zh().into(),
            dob: format_date(p.dob),
            reg: p.reg.clone(),
            employer: EMPLOYERS[p.employer].0.into(),
            uscc: employer_uscc(p.employer),
            id_masked: None,
            specialties: spec.iter().map(|s| buildcert_pdfgen::Specialty::new(&s[0], &s[1], &s[2])).collect(),
            issued: format_date(p.issued),
            use_from: format_date(from),
            use_to: format_date(to),
            seal_name: DEMO_OFFICIAL_SEAL.into(),
            signature_png: None,
            query_url: format!("https://zscx.demo.invalid/yjjzs/query?lid={lid}&demo=1"),
            label_colon: *colon,
            date_style: *style,
            second_page: *second_page,
            rotate: *rotate,
        };
        let path = format!("official/{:02}-official.pdf", i + 1);
        files::write_replace(&dir.join(&path), &official_pdf(&page, fonts)?, false)?;
        entries.push(FileEntry {
            path: path.clone(),
            kind: "official".into(),
            certificate: None,
            state: None,
            expected: None,
            expected_with_trust_2: None,
        });
        out.push(OfficialEntry {
            path,
            kind: "official".into(),
            lines: official_lines(&page)?,
            name: page.name,
            sex: page.sex,
            dob: page.dob,
            reg: page.reg,
            employer: page.employer,
            uscc: page.uscc,
            specialties: spec,
            issued: page.issued,
            use_from: page.use_from,
            use_to: page.use_to,
            query_url: page.query_url,
            colon: colon.as_str().into(),
            date_style: (*style_name).into(),
            pages: if *second_page { 2 } else { 1 },
            rotate: *rotate,
        });
    }
    Ok(out)
}
