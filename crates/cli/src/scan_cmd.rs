//! `buildcert scan`: every QR text found in each input.

use std::io::Write;

use buildcert_bc1::{CodedMessage, Lang};
use buildcert_scan::{scan_bytes, Limits, ScanError};
use clap::Args;
use serde::Serialize;

use crate::verify_cmd::read_input;

/// Arguments of `buildcert scan`.
#[derive(Args)]
pub struct ScanArgs {
    /// One JSON object per input per line.
    #[arg(long)]
    json: bool,
    /// Image or PDF files (type sniffed from the content), or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
}

#[derive(Serialize)]
struct CodeOut<'a> {
    text: &'a str,
    corners: [[f32; 2]; 4],
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
}

/// Runs the command; exit 0 when every input has a code, 1 when one has none,
/// 2 when one could not be read.
pub fn run(a: ScanArgs, lang: Lang) -> i32 {
    let limits = Limits::default();
    let mut exit = 0;
    let stdout = std::io::stdout();
    for input in &a.inputs {
        let t = std::time::Instant::now();
        let result = read_input(input, &limits).and_then(|bytes| {
            match scan_bytes(&bytes, &limits) {
                Ok(s) => Ok(s.codes),
                // A text file is its own code.
                Err(ScanError::Text) => Ok(vec![buildcert_scan::Code {
                    text: String::from_utf8_lossy(&bytes).trim().to_string(),
                    corners: [[0.0; 2]; 4],
                    page: None,
                }]),
                Err(e) => Err(CodedMessage::new(e.code(), e.localized())),
            }
        });
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let mut out = stdout.lock();
        match result {
            Ok(codes) => {
                if codes.is_empty() {
                    exit = exit.max(1);
                    let none = crate::lang::pick(lang, "未找到二维码", "no QR code found");
                    eprintln!("buildcert: {input}: {none}");
                }
                if a.json {
                    let codes: Vec<_> =
                        codes.iter().map(|c| CodeOut { text: &c.text, corners: c.corners, page: c.page }).collect();
                    let line = serde_json::json!({ "input": input, "codes": codes, "ms": (ms * 10.0).round() / 10.0 });
                    let _ = writeln!(out, "{line}");
                } else {
                    for c in &codes {
                        let _ = writeln!(out, "{}", c.text);
                    }
                }
            }
            Err(e) => {
                exit = 2;
                eprintln!("buildcert: {input}: {}", e.message.get(lang));
                if a.json {
                    let line = serde_json::json!({ "input": input, "codes": [], "ms": (ms * 10.0).round() / 10.0, "error": e });
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }
    exit
}
