//! How an import is shown: each input's JSON object and the text a person
//! reads, an official-format certificate's fields with what became of it.

use buildcert_bc1::date::format_date;
use buildcert_bc1::{Lang, Localized, Severity};
use buildcert_official::{Field, OfficialFields};
use buildcert_wallet::TrustState;
use serde_json::{json, Value};

use super::import::Item;
use super::official::{self, Outcome};
use super::print::{coded, error_json, exit_code, Human, Reply};
use super::render::{by_lang, ALREADY_EN, ALREADY_ZH, SUPERSEDED_EN, SUPERSEDED_ZH};
use crate::lang::pick;

impl Reply for Item {
    fn json(&self, lang: Lang) -> Value {
        match self {
            Item::Unreadable(f, e) | Item::Refused(f, e) => json!({"input": f, "error": error_json(e)}),
            Item::Imported(f, r) => json!({"input": f, "result": r}),
            Item::Official(o) => o.json(lang),
        }
    }

    fn human(&self, lang: Lang) -> Human {
        let mut h = Human::default();
        match self {
            Item::Unreadable(_, e) => h.complain(e.message(lang)),
            Item::Refused(f, e) => h.complain(format!("{f}: {}", e.message(lang))),
            Item::Official(o) => return o.human(lang),
            Item::Imported(f, r) => {
                let head = if !r.added {
                    pick(lang, ALREADY_ZH, ALREADY_EN)
                } else if r.trust_state == TrustState::Unverified {
                    pick(lang, "已存入（未验证）", "stored (not verified)")
                } else {
                    pick(lang, "已存入", "stored")
                };
                h.line(format!("#{} {}  {} {} {}  — {head}", r.id, f, r.holder_name, r.registration, r.id_masked));
                if r.superseded {
                    h.line(format!("  ! {}", pick(lang, SUPERSEDED_ZH, SUPERSEDED_EN)));
                }
                if !r.supersedes.is_empty() {
                    let n = r.supersedes.len();
                    h.line(format!(
                        "  {}",
                        by_lang(
                            lang,
                            format!("较旧的 {n} 份显示为旧版本（superseded）"),
                            format!("{n} older copies are now shown as superseded")
                        )
                    ));
                }
                for reason in r.reasons.iter().filter(|x| x.severity >= Severity::Info) {
                    h.line(format!("  - {}", reason.message(lang)));
                }
            }
        }
        h
    }

    fn code(&self) -> i32 {
        match self {
            Item::Unreadable(..) => 2,
            Item::Refused(_, e) => exit_code(e),
            Item::Imported(..) => 0,
            Item::Official(o) => o.code(),
        }
    }
}

/// Said when nothing could be read off an official-format file.
fn cannot_read() -> (String, String) {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    (
        format!("无法从该文件读取证书信息：每一项都须用 --set 字段=值 给出（字段：{}），再加 --confirm 保存", names.join(" ")),
        format!(
            "The certificate's fields cannot be read from this file: every field must be given with --set FIELD=VALUE (fields: {}), then --confirm to store it",
            names.join(" ")
        ),
    )
}

const NOT_CONFIRMED_ZH: &str = "未保存：请逐项核对；如有错误用 --set 字段=值 更正，确认无误后加 --confirm 保存";
const NOT_CONFIRMED_EN: &str =
    "Not stored: check every field, correct any with --set FIELD=VALUE, then add --confirm to store it";

/// Not stored because these fields are missing.
fn missing(fields: &[Field]) -> (String, String) {
    let zh: Vec<&str> = fields.iter().map(|f| f.zh()).collect();
    let en: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
    (
        format!("未保存：缺少 {}；请用 --set 给出（{}）", zh.join("、"), en.join(" ")),
        format!("Not stored: missing {}; give them with --set", en.join(", ")),
    )
}

/// One field as shown (the ID number as the fields hold it).
fn field_value(f: &OfficialFields, field: Field) -> Option<String> {
    let d = |x: Option<chrono::NaiveDate>| x.map(format_date);
    match field {
        Field::Name => f.name.clone(),
        Field::Sex => f.sex.map(|s| s.zh().to_string()),
        Field::Dob => d(f.dob),
        Field::Reg => f.reg.clone(),
        Field::Employer => f.employer.clone(),
        Field::Uscc => f.uscc.clone(),
        Field::Idn => f.idn.clone(),
        Field::Specialties if f.specialties.is_empty() => None,
        Field::Specialties => Some(
            f.specialties
                .iter()
                .map(|s| format!("{} {} – {}", s.name, format_date(s.from), format_date(s.to)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Field::Issued => d(f.issued),
        Field::UseFrom => d(f.use_from),
        Field::UseTo => d(f.use_to),
    }
}

impl Reply for official::Shown {
    fn json(&self, lang: Lang) -> Value {
        let (mzh, men) = &self.message;
        let mut out = json!({"input": self.input, "official": {"fields": self.fields, "read": self.read, "message": pick(lang, mzh, men)}});
        if !self.read {
            let (zh, en) = cannot_read();
            out["official"]["form_needed"] = json!(by_lang(lang, zh, en));
        }
        out["official"]["stored"] = json!(matches!(self.outcome, Outcome::Stored(..)));
        match &self.outcome {
            Outcome::NotConfirmed => out["official"]["next"] = json!(pick(lang, NOT_CONFIRMED_ZH, NOT_CONFIRMED_EN)),
            Outcome::Missing(fields) => {
                let (zh, en) = missing(fields);
                out["error"] = coded("fields_missing", &Localized::new(zh, en));
            }
            Outcome::Stored(r, _) => out["result"] = json!(r),
            Outcome::Failed(e) => out["error"] = error_json(e),
        }
        out
    }

    fn human(&self, lang: Lang) -> Human {
        let (tz, te) = (buildcert_official::TERM_ZH, buildcert_official::TERM_EN);
        let mut h = Human::default();
        h.line(format!("{}: i {}", self.input, pick(lang, tz, te)));
        h.line(format!("  {}", pick(lang, &self.message.0, &self.message.1)));
        if !self.read {
            let (zh, en) = cannot_read();
            h.line(format!("  {}", by_lang(lang, zh, en)));
        }
        for field in Field::ALL {
            let v =
                field_value(&self.fields, field).unwrap_or_else(|| pick(lang, "（未读取）", "(not read)").to_string());
            h.line(format!("  {}{} {v}", pick(lang, field.zh(), field.en()), pick(lang, "：", ":")));
        }
        for u in &self.fields.query_urls {
            let c = buildcert_official::describe_other_code(u);
            h.line(format!("  {} {}", pick(lang, "二维码：", "QR code:"), pick(lang, &c.zh, &c.en)));
        }
        match &self.outcome {
            Outcome::NotConfirmed => h.line(format!("  {}", pick(lang, NOT_CONFIRMED_ZH, NOT_CONFIRMED_EN))),
            Outcome::Missing(fields) => {
                let (zh, en) = missing(fields);
                h.complain(format!("{}: {}", self.input, by_lang(lang, zh, en)));
            }
            Outcome::Failed(e) => h.complain(format!("{}: {}", self.input, e.message(lang))),
            Outcome::Stored(r, idm) => {
                let head = if r.added {
                    by_lang(lang, format!("已存入（{tz}）"), format!("stored ({})", te.to_lowercase()))
                } else {
                    pick(lang, ALREADY_ZH, ALREADY_EN).to_string()
                };
                h.line(format!("#{} {}  {} {} {idm}  — {head}", r.id, self.input, r.holder_name, r.registration));
                let (dz, de) = r.verdict.date_status.words();
                h.line(format!("  {}", pick(lang, dz, de)));
                for reason in &r.verdict.reasons {
                    h.line(format!("  - {}", reason.message(lang)));
                }
                if r.superseded {
                    h.line(format!("  ! {}", pick(lang, SUPERSEDED_ZH, SUPERSEDED_EN)));
                }
                h.line(format!("  {}", r.verdict.explanation(lang)));
            }
        }
        h
    }

    fn code(&self) -> i32 {
        match &self.outcome {
            Outcome::Stored(..) => 0,
            Outcome::NotConfirmed | Outcome::Missing(_) => 1,
            Outcome::Failed(e) => exit_code(e).max(1),
        }
    }
}
