//! The synthetic constructors of a demo set: names, ID numbers, employers
//! and specialties drawn from the seed, and the demo certificates
//! ([`DemoCert`]) built from them, one per state.

use buildcert_bc1::date::{add_days, add_years, birthday65, cst_midnight};
use buildcert_bc1::rules::{id_check_char, uscc_check_char, SPECIALTIES, USCC_ALPHABET};
use buildcert_bc1::{IssueRequest, Sex, Specialty};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{DemoState, DEMO_ISS, MIN_COUNT};
use crate::error::{IssuerError, Result};
use crate::holder::default_lid;
use crate::rng;

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

pub(super) struct Profile {
    pub(super) name: String,
    pub(super) sex: Sex,
    pub(super) dob: NaiveDate,
    pub(super) idn: String,
    pub(super) reg: String,
    pub(super) employer: usize,
    pub(super) spec: Vec<Specialty>,
    pub(super) issued: NaiveDate,
}

pub(super) fn profile(seed: u64, person: usize, state: DemoState, today: NaiveDate) -> Profile {
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
