//! Specialty names (注册专业) read exactly (issue 19): whatever the printed
//! layout of the specialty line — validity in brackets right after the name,
//! full-width brackets, spaces inside the name, list numbering, short forms —
//! every name read is one of the ten of BC1 §4; an ambiguous or unknown one
//! is kept and asked about.

use buildcert_bc1::date::parse_date;
use buildcert_official::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// A page with `rows` as its specialty part.
fn page(rows: &str) -> String {
    format!(
        "中华人民共和国一级建造师注册证书
姓名：李四
性别：女
出生日期：1985年3月9日
注册编号：苏1320180123456789
聘用企业：江苏某某建设集团有限公司
公民身份号码：3201**********002X
{rows}
发证日期：2026-09-01
使用有效期：2026-09-01至2027-02-27
个人签名："
    )
}

fn read(rows: &str) -> (Vec<OfficialSpecialty>, Vec<Notice>) {
    match parse_text(&[page(rows)]) {
        Extraction::Fields { fields, notices, .. } => (fields.specialties, notices),
        other => panic!("not fields: {other:?}"),
    }
}

fn two() -> Vec<OfficialSpecialty> {
    vec![
        OfficialSpecialty { name: "建筑工程".into(), from: d("2024-01-01"), to: d("2026-12-31") },
        OfficialSpecialty { name: "机电工程".into(), from: d("2025-02-03"), to: d("2028-02-02") },
    ]
}

/// Each printed layout of the specialty line gives exactly 建筑工程 and 机电工程.
#[test]
fn every_layout_gives_exact_names() {
    let layouts = [
        // 1. Validity in half-width brackets right after the name, after the label.
        "注册专业：建筑工程(2024-01-01至2026-12-31)\n注册专业：机电工程(2025-02-03至2028-02-02)",
        // 2. Full-width brackets with the 有效期 label inside them.
        "注册专业：\n建筑工程（有效期：2024年1月1日至2026年12月31日）\n机电工程（有效期：2025年2月3日至2028年2月2日）",
        // 3. Name in 【】 and spaces inside it, validity on the same line.
        "注册专业：\n【建 筑 工 程】 2024-01-01 至 2026-12-31\n【机 电 工 程】 2025-02-03 至 2028-02-02",
        // 4. Numbered rows with short forms and 专业.
        "注册专业：\n1. 建筑专业 有效期：2024-01-01至2026-12-31\n2. 机电专业 有效期：2025-02-03至2028-02-02",
        // 5. Name alone on a line in full-width brackets, 有效期 below it.
        "注册专业：\n（建筑工程）\n有效期：2024-01-01至2026-12-31\n〔机电工程〕\n有效期：2025-02-03至2028-02-02",
        // 6. Both rows on one line, name followed by a full-width colon and a comma.
        "注册专业：建筑工程： 有效期：2024-01-01至2026-12-31， 机电工程， 有效期：2025-02-03至2028-02-02",
        // 7. Label and name, then validity in brackets with a space before them.
        "注册专业：建筑工程 (有效期:2024-01-01至2026-12-31)\n注册专业：机电 （有效期：2025-02-03至2028-02-02）",
    ];
    for (i, rows) in layouts.iter().enumerate() {
        let (got, notices) = read(rows);
        assert_eq!(got, two(), "layout {}: {rows}\n{notices:?}", i + 1);
        assert!(!notices.iter().any(|n| n.code == NoticeCode::UnknownSpecialty), "layout {}: {notices:?}", i + 1);
    }
}

#[test]
fn short_forms_and_printed_noise_read_as_one_of_the_ten() {
    let cases = [
        ("市政", "市政公用工程"),
        ("通信", "通信与广电工程"),
        ("机电", "机电工程"),
        ("建筑", "建筑工程"),
        ("公路", "公路工程"),
        ("铁路", "铁路工程"),
        ("民航", "民航机场工程"),
        ("机场", "民航机场工程"),
        ("港口", "港口与航道工程"),
        ("航道", "港口与航道工程"),
        ("水利", "水利水电工程"),
        ("水电", "水利水电工程"),
        ("矿业", "矿业工程"),
        ("建筑工程(", "建筑工程"),
        ("（建筑工程）", "建筑工程"),
        ("建筑工程：", "建筑工程"),
        (" 市政公用工程专业 ", "市政公用工程"),
        ("港口与航道工程】", "港口与航道工程"),
        ("①通信与广电工程", "通信与广电工程"),
        ("建　筑　工　程", "建筑工程"),
        ("房屋建筑工程", "建筑工程"),
    ];
    for (raw, want) in cases {
        assert_eq!(normalize_specialty(raw), SpecialtyName::Exact(want), "{raw}");
    }
    for n in buildcert_bc1::rules::SPECIALTIES {
        assert_eq!(normalize_specialty(n).exact(), Some(n));
    }
}

#[test]
fn ambiguous_and_unknown_names_are_asked_about() {
    assert_eq!(normalize_specialty("建筑机电"), SpecialtyName::Ambiguous(vec!["建筑工程", "机电工程"]));
    assert!(matches!(normalize_specialty("化工"), SpecialtyName::Unknown(_)));
    assert!(matches!(normalize_specialty("工程"), SpecialtyName::Unknown(_)));

    // Read off a page: kept (cleaned) and a notice asks the person.
    let (got, notices) =
        read("注册专业：建筑机电(2024-01-01至2026-12-31)\n注册专业：化工工程（2025-02-03至2028-02-02）");
    assert_eq!(got.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["建筑机电", "化工工程"]);
    let asks: Vec<_> = notices.iter().filter(|n| n.code == NoticeCode::UnknownSpecialty).collect();
    assert_eq!(asks.len(), 2, "{notices:?}");
    assert!(
        asks[0].message.zh.contains("建筑工程、机电工程") && asks[0].message.en.contains("ambiguous"),
        "{:?}",
        asks[0]
    );
    assert!(asks[1].message.zh.contains("不是十个注册专业之一"), "{:?}", asks[1]);
    assert!(asks.iter().all(|n| n.field == Some(Field::Specialties)));
}

fn entry(names: &[&str]) -> ConfirmedEntry {
    let (f, ..) = match parse_text(&[page("注册专业：建筑工程 有效期：2024-01-01至2026-12-31")]) {
        Extraction::Fields { fields, missing, notices } => (fields, missing, notices),
        other => panic!("{other:?}"),
    };
    let mut e = ConfirmedEntry::from_fields(&f, 0).unwrap();
    e.specialties = names
        .iter()
        .enumerate()
        .map(|(i, n)| OfficialSpecialty {
            name: n.to_string(),
            from: d("2024-01-01"),
            to: d(if i == 0 { "2026-12-31" } else { "2027-12-31" }),
        })
        .collect();
    e
}

#[test]
fn typed_names_are_normalised_and_the_rest_is_a_field_error() {
    let mut e = entry(&[" 建筑 ", "（机电工程）", "市政"]);
    e.normalize_specialties();
    assert_eq!(
        e.specialties.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["建筑工程", "机电工程", "市政公用工程"]
    );
    assert!(!e.field_errors().iter().any(|x| x.field == Field::Specialties), "{:?}", e.field_errors());

    let mut e = entry(&["建筑机电", "化工"]);
    e.normalize_specialties();
    let errs: Vec<_> = e.field_errors().into_iter().filter(|x| x.field == Field::Specialties).collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].zh.contains("不明确") && errs[0].zh.contains("建筑工程、机电工程"), "{:?}", errs[0]);
    assert!(errs[1].en.contains("not one of the ten"), "{:?}", errs[1]);

    // Not normalised yet: the error says what it should read.
    let e = entry(&["建筑"]);
    let errs: Vec<_> = e.field_errors().into_iter().filter(|x| x.field == Field::Specialties).collect();
    assert!(errs[0].zh.contains("应写作“建筑工程”"), "{errs:?}");
}
