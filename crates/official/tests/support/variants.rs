//! The official-layout fixture certificates: their data (typed), the page
//! drawn by `buildcert_pdfgen::official_pdf`, and the fields a reader must
//! get back. Shared by the `make_fixtures` example and the tests.
#![allow(dead_code)]

use buildcert_bc1::date::{add_days, format_date};
use buildcert_bc1::rules::{id_check_char, mask_id, usage_cap, uscc_check_char};
use buildcert_official::{OfficialFields, OfficialSpecialty, Sex};
use buildcert_pdfgen::{Colon, DateStyle, OfficialPage, Specialty};
use chrono::NaiveDate;

/// Where the committed fixtures live.
pub fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official")
}

pub fn d(s: &str) -> NaiveDate {
    buildcert_bc1::date::parse_date(s).expect("fixture date")
}

/// One fixture certificate.
#[derive(Clone, Debug)]
pub struct Variant {
    /// File name under tests/fixtures/official.
    pub file: &'static str,
    pub name: &'static str,
    pub sex: Sex,
    pub dob: NaiveDate,
    pub reg: &'static str,
    pub employer: &'static str,
    /// First 17 characters; the check character is computed.
    pub uscc17: &'static str,
    /// First 17 digits of the ID number (printed masked), when printed.
    pub idn17: Option<&'static str>,
    pub specialties: Vec<(&'static str, NaiveDate, NaiveDate)>,
    pub issued: NaiveDate,
    pub use_from: NaiveDate,
    /// Days added to the §4 cap for the printed usage end (0: consistent).
    pub use_to_beyond_cap: i64,
    pub colon: Colon,
    pub dates: DateStyle,
    pub second_page: bool,
    pub rotate: u16,
    pub url: &'static str,
}

impl Variant {
    pub fn uscc(&self) -> String {
        format!("{}{}", self.uscc17, uscc_check_char(self.uscc17).expect("uscc17"))
    }

    pub fn idn(&self) -> Option<String> {
        self.idn17.map(|i| format!("{i}{}", id_check_char(i).expect("idn17")))
    }

    pub fn cap(&self) -> NaiveDate {
        usage_cap(self.use_from, self.specialties.iter().map(|s| s.2), self.dob)
    }

    pub fn use_to(&self) -> NaiveDate {
        add_days(self.cap(), self.use_to_beyond_cap)
    }

    pub fn page(&self) -> OfficialPage {
        OfficialPage {
            name: self.name.into(),
            sex: self.sex.zh().into(),
            dob: format_date(self.dob),
            reg: self.reg.into(),
            employer: self.employer.into(),
            uscc: self.uscc(),
            id_masked: self.idn().map(|i| mask_id(&i)),
            specialties: self
                .specialties
                .iter()
                .map(|(n, f, t)| Specialty::new(*n, format_date(*f), format_date(*t)))
                .collect(),
            issued: format_date(self.issued),
            use_from: format_date(self.use_from),
            use_to: format_date(self.use_to()),
            seal_name: "中华人民共和国住房和城乡建设部电子印章".into(),
            signature_png: None,
            query_url: self.url.into(),
            label_colon: self.colon,
            date_style: self.dates,
            second_page: self.second_page,
            rotate: self.rotate,
        }
    }

    /// What reading the PDF must give, field for field.
    pub fn expected(&self) -> OfficialFields {
        OfficialFields {
            name: Some(self.name.into()),
            sex: Some(self.sex),
            dob: Some(self.dob),
            reg: Some(self.reg.into()),
            employer: Some(self.employer.into()),
            uscc: Some(self.uscc()),
            // As the government's PDF prints it (first 4 and last 4); what
            // BuildCert shows is masked further (mask_id: last 4 only).
            idn: self.idn().map(|i| printed_mask(&i)),
            specialties: self
                .specialties
                .iter()
                .map(|(n, f, t)| OfficialSpecialty { name: (*n).into(), from: *f, to: *t })
                .collect(),
            issued: Some(self.issued),
            use_from: Some(self.use_from),
            use_to: Some(self.use_to()),
            query_urls: vec![self.url.into()],
        }
    }
}

/// The committed text-layer fixtures (every layout option at least once).
pub fn variants() -> Vec<Variant> {
    vec![
        // Full-width colons, ISO dates, two specialties, masked ID printed; usage capped at 180 days.
        Variant {
            file: "fullwidth-iso-2spec.pdf",
            name: "李四",
            sex: Sex::F,
            dob: d("1985-03-09"),
            reg: "苏1320180123456789",
            employer: "江苏某某建设集团有限公司",
            uscc17: "91320000134567890",
            idn17: Some("32010219850309002"),
            specialties: vec![
                ("建筑工程", d("2024-01-01"), d("2026-12-31")),
                ("机电工程", d("2025-02-03"), d("2028-02-02")),
            ],
            issued: d("2026-09-01"),
            use_from: d("2026-09-01"),
            use_to_beyond_cap: 0,
            colon: Colon::FullWidth,
            dates: DateStyle::Iso,
            second_page: false,
            rotate: 0,
            url: "https://zjy.example.invalid/query?lid=3F2A9C7E11D04B5A&code=8d1e",
        },
        // ASCII colons, short dates (YYYY-M-D), one specialty, no ID printed; capped by the 65th birthday.
        Variant {
            file: "ascii-short-1spec.pdf",
            name: "王五",
            sex: Sex::M,
            dob: d("1962-07-05"),
            reg: "京1110020190012345",
            employer: "北京某某市政工程有限公司",
            uscc17: "91110000MA0012345",
            idn17: None,
            specialties: vec![("市政公用工程", d("2024-11-20"), d("2027-11-19"))],
            issued: d("2027-03-05"),
            use_from: d("2027-03-05"),
            use_to_beyond_cap: 0,
            colon: Colon::Ascii,
            dates: DateStyle::IsoShort,
            second_page: false,
            rotate: 0,
            url: "https://zjy.example.invalid/query?lid=0B1C2D3E4F506172&code=a001",
        },
        // Full-width colons, Chinese dates (YYYY年M月D日), three specialties.
        Variant {
            file: "fullwidth-chinese-3spec.pdf",
            name: "赵六",
            sex: Sex::M,
            dob: d("1979-11-30"),
            reg: "粤144192012123",
            employer: "广东某某港航工程有限公司",
            uscc17: "91440000190000007",
            idn17: None,
            specialties: vec![
                ("建筑工程", d("2025-05-06"), d("2028-05-05")),
                ("港口与航道工程", d("2023-12-01"), d("2026-11-30")),
                ("通信与广电工程", d("2024-08-08"), d("2027-08-07")),
            ],
            issued: d("2026-10-10"),
            use_from: d("2026-10-10"),
            use_to_beyond_cap: 0,
            colon: Colon::FullWidth,
            dates: DateStyle::Chinese,
            second_page: false,
            rotate: 0,
            url: "https://zjy.example.invalid/query?lid=99AA00BB11CC22DD&code=0f0f",
        },
        // ASCII colons, Chinese dates, a second page of notes, born 29 February;
        // usage capped by the specialty end.
        Variant {
            file: "ascii-chinese-2pages.pdf",
            name: "陈七",
            sex: Sex::F,
            dob: d("1988-02-29"),
            reg: "鲁1370120160009876",
            employer: "山东某某水利水电工程有限公司",
            uscc17: "91370000163000001",
            idn17: Some("37010219880229004"),
            specialties: vec![
                ("水利水电工程", d("2024-03-01"), d("2027-02-28")),
                ("公路工程", d("2023-05-10"), d("2026-05-09")),
            ],
            issued: d("2026-12-01"),
            use_from: d("2026-12-01"),
            use_to_beyond_cap: 0,
            colon: Colon::Ascii,
            dates: DateStyle::Chinese,
            second_page: true,
            rotate: 0,
            url: "https://zjy.example.invalid/query?lid=1234567890ABCDEF&code=77aa",
        },
        // Page rotated (/Rotate 90), a second page, ISO dates.
        Variant {
            file: "rotated-2pages.pdf",
            name: "周八",
            sex: Sex::M,
            dob: d("1975-05-20"),
            reg: "浙1330120150001234",
            employer: "浙江某某机电安装有限公司",
            uscc17: "91330000142000003",
            idn17: Some("33010219750520001"),
            specialties: vec![
                ("机电工程", d("2025-01-15"), d("2028-01-14")),
                ("建筑工程", d("2024-06-01"), d("2027-05-31")),
            ],
            issued: d("2026-08-01"),
            use_from: d("2026-08-01"),
            use_to_beyond_cap: 0,
            colon: Colon::FullWidth,
            dates: DateStyle::Iso,
            second_page: true,
            rotate: 90,
            url: "https://zjy.example.invalid/query?lid=FEDCBA0987654321&code=5e5e",
        },
        // The printed usage end is one day beyond the §4 cap: usage_inconsistent.
        Variant {
            file: "usage-beyond-cap.pdf",
            name: "吴九",
            sex: Sex::F,
            dob: d("1990-12-12"),
            reg: "川1510120200004321",
            employer: "四川某某铁路工程有限公司",
            uscc17: "91510000201900002",
            idn17: None,
            specialties: vec![("铁路工程", d("2025-09-09"), d("2028-09-08"))],
            issued: d("2026-09-15"),
            use_from: d("2026-09-15"),
            use_to_beyond_cap: 1,
            colon: Colon::FullWidth,
            dates: DateStyle::IsoShort,
            second_page: false,
            rotate: 0,
            url: "https://zjy.example.invalid/query?lid=5A5A5A5A5A5A5A5A&code=c0de",
        },
    ]
}

/// The image-only scan fixture: a scanned copy of the first variant's page.
pub const SCAN_FILE: &str = "scan-image-only.pdf";
/// Resolution of the scan.
pub const SCAN_DPI: f32 = 100.0;
/// Seed of the scan look.
pub const SCAN_SEED: u64 = 8;
/// JPEG quality of the scan.
pub const SCAN_QUALITY: u8 = 55;

/// An ID number masked as the official PDFs print it: the first 4 and the
/// last 4 characters (`3201**********0028`).
pub fn printed_mask(idn: &str) -> String {
    format!("{}{}{}", &idn[..4], "*".repeat(idn.len() - 8), &idn[idn.len() - 4..])
}
