//! The one printer of the wallet commands. Every subcommand hands it a
//! [`Reply`] (or an error); with `--json` it prints one JSON document on
//! stdout, else the text a person reads ([`Reply::human`], stdout, then any
//! complaint on stderr). Errors are
//! `{"error":{"code","message":{"zh","en"}}}` (each language whole, as
//! `verify` and `scan` give them) or a sentence on stderr in the chosen
//! language.

use buildcert_bc1::{Lang, Localized};
use buildcert_wallet::WalletError;
use serde_json::{json, Value};

/// What a wallet command has to say, in both forms.
pub trait Reply {
    /// The JSON document (`--json`); messages in it are in `lang`.
    fn json(&self, lang: Lang) -> Value;
    /// The text a person reads.
    fn human(&self, lang: Lang) -> Human;
    /// The exit status this reply stands for.
    fn code(&self) -> i32 {
        0
    }
}

/// The text a person reads: what goes to stdout, then to stderr.
#[derive(Debug, Default)]
pub struct Human {
    /// For stdout.
    pub out: String,
    /// For stderr (each line starts with `buildcert: `).
    pub err: String,
}

impl Human {
    /// A line on stdout.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }

    /// A complaint on stderr, `buildcert: …`.
    pub fn complain(&mut self, s: impl AsRef<str>) {
        self.err.push_str("buildcert: ");
        self.err.push_str(s.as_ref());
        self.err.push('\n');
    }
}

/// Prints replies as JSON or as text, in one language.
pub struct Printer {
    lang: Lang,
    json: bool,
    items: Vec<Value>,
}

impl Printer {
    /// A printer for `--json` (`json`) or text in `lang`.
    pub fn new(lang: Lang, json: bool) -> Self {
        Printer { lang, json, items: Vec::new() }
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Prints a reply; returns its exit status.
    pub fn reply(&self, r: &impl Reply) -> i32 {
        if self.json {
            println!("{}", r.json(self.lang));
        } else {
            self.human(r);
        }
        r.code()
    }

    /// Prints a reply or the error; returns the exit status.
    pub fn done<R: Reply>(&self, r: Result<R, WalletError>) -> i32 {
        match r {
            Ok(r) => self.reply(&r),
            Err(e) => self.error(&e),
        }
    }

    /// One item of a list of replies (one per input): the text at once, the
    /// JSON kept for [`Printer::items_done`]. Returns its exit status.
    pub fn item(&mut self, r: &impl Reply) -> i32 {
        if self.json {
            self.items.push(r.json(self.lang));
        } else {
            self.human(r);
        }
        r.code()
    }

    /// With `--json`, prints the items as one array.
    pub fn items_done(&mut self) {
        if self.json {
            println!("{}", Value::Array(std::mem::take(&mut self.items)));
        }
    }

    fn human(&self, r: &impl Reply) {
        let h = r.human(self.lang);
        print!("{}", h.out);
        eprint!("{}", h.err);
    }

    /// Reports an error; returns its exit status.
    pub fn error(&self, e: &WalletError) -> i32 {
        self.say_error(e.code(), &e.localized());
        exit_code(e)
    }

    /// Reports wrong arguments; returns 2.
    pub fn usage(&self, zh: &str, en: &str) -> i32 {
        self.say_error("usage", &Localized::new(zh, en));
        2
    }

    /// Reports an error of another crate (the shared use-cases) with its
    /// code and both messages; returns 2.
    pub fn failed(&self, code: &str, message: &Localized) -> i32 {
        self.say_error(code, message);
        2
    }

    fn say_error(&self, code: &str, message: &Localized) {
        if self.json {
            println!("{}", json!({"error": coded(code, message)}));
        } else {
            eprintln!("buildcert: {}", message.get(self.lang));
        }
    }
}

/// The exit status of an error: 1 when something was refused, else 2.
pub fn exit_code(e: &WalletError) -> i32 {
    match e {
        WalletError::Refused { .. }
        | WalletError::BadBackup { .. }
        | WalletError::TrustRefused(_)
        | WalletError::InvalidEntry(_) => 1,
        _ => 2,
    }
}

/// An error as an item of a JSON list: `{"code","message":{"zh","en"}}`.
pub fn error_json(e: &WalletError) -> Value {
    coded(e.code(), &e.localized())
}

/// `{"code","message":{"zh","en"}}`: the one JSON shape of an error.
pub fn coded(code: &str, message: &Localized) -> Value {
    json!({"code": code, "message": {"zh": message.zh, "en": message.en}})
}
