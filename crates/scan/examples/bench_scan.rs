//! Benchmark driver for the scanner (used by `bench/scan/run.sh`).
//!
//! - `bench_scan FILE...`: one JSON object per input and line,
//!   `{"input", "codes": [{"text", "corners", "page"?}], "ms", "error"?}` —
//!   the format of `buildcert scan --json`. `ms` covers reading, decoding and scanning.
//! - `bench_scan --diagnose FILE...`: runs every try of the pipeline on its
//!   own and prints what each found and its time (to order the pipeline);
//!   `--only-tries SUBSTRING` limits it to the tries whose label contains it.
//! - `bench_scan --files-from LIST`: reads the input paths from a file.
use std::time::Instant;

use buildcert_scan::decode::{self, Gray};
use buildcert_scan::{scan_bytes, Limits};
use serde_json::json;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut mode = "scan";
    let mut only = String::new();
    let mut files = Vec::new();
    while !args.is_empty() {
        let a = args.remove(0);
        match a.as_str() {
            "--diagnose" => mode = "diagnose",
            "--only-tries" => only = args.remove(0),
            "--files-from" => {
                let list = std::fs::read_to_string(args.remove(0)).expect("list");
                files.extend(list.lines().filter(|l| !l.is_empty()).map(String::from));
            }
            _ => files.push(a),
        }
    }
    let limits = Limits::default();
    for f in files {
        let t0 = Instant::now();
        let bytes = match std::fs::read(&f) {
            Ok(b) => b,
            Err(e) => {
                println!(
                    "{}",
                    json!({"input": f, "codes": [], "ms": 0.0, "error": e.to_string()})
                );
                continue;
            }
        };
        if mode == "diagnose" {
            let img = match buildcert_scan::sniff(&bytes) {
                buildcert_scan::InputKind::Image(fmt) => {
                    buildcert_scan::decode_image(&bytes, fmt, &limits)
                }
                _ => continue,
            };
            let Ok(img) = img else { continue };
            let l = img.to_luma8();
            let (w, h) = l.dimensions();
            let g = Gray::new(w, h, l.into_raw());
            let mut tries = Vec::new();
            for t in decode::all_tries(&g)
                .into_iter()
                .filter(|t| t.label().contains(&only))
            {
                let t1 = Instant::now();
                let found = decode::run_try(&g, t, None);
                tries.push(json!({
                    "try": t.label(),
                    "ms": t1.elapsed().as_secs_f64() * 1000.0,
                    "codes": found.iter().map(|c| json!({"text": c.text, "corners": c.corners})).collect::<Vec<_>>(),
                }));
            }
            println!("{}", json!({"input": f, "tries": tries}));
            continue;
        }
        let res = scan_bytes(&bytes, &limits);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        match res {
            Ok(s) => println!(
                "{}",
                json!({"input": f, "codes": s.codes, "ms": ms, "attachment": s.attachment})
            ),
            Err(e) => println!(
                "{}",
                json!({"input": f, "codes": [], "ms": ms, "error": e.to_string()})
            ),
        }
    }
}
