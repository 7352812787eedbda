//! Benchmark driver for the scanner (used by `bench/scan/run.sh`).
//!
//! - `bench_scan FILE...`: one JSON object per input and line,
//!   `{"input", "codes": [{"text", "corners", "page"?}], "ms", "error"?}` —
//!   the format of `buildcert scan --json`. `ms` covers reading, decoding and scanning.
//! - `bench_scan --diagnose FILE...`: runs every try of the pipeline on its
//!   own and prints what each found and its time (to order the pipeline);
//!   `--only-tries SUBSTRING` limits it to the tries whose label contains it
//!   (`a&b,c`: both a and b, or c); `--channel min|max|r|g|b` makes the grey
//!   raster from the RGB channels that way instead of luma; `--pipeline` runs
//!   the production pipeline's tries (`decode::pipeline`, in its order, the
//!   `min-rgb` / `max-rgb` ones on the darkest- / brightest-channel raster as
//!   `run_color` does) instead
//!   of every try (`bench/scan/crossval.sh --diagnose` uses it).
//! - `bench_scan --files-from LIST`: reads the input paths from a file.
use std::time::Instant;

use buildcert_scan::decode::{self, Gray};
use buildcert_scan::{scan_bytes, Limits};
use serde_json::json;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut mode = "scan";
    let mut only = String::new();
    // Diagnosis on another grey conversion: min | max (of R, G, B), r, g, b.
    let mut channel = String::new();
    let mut files = Vec::new();
    let mut production = false;
    while !args.is_empty() {
        let a = args.remove(0);
        match a.as_str() {
            "--diagnose" => mode = "diagnose",
            "--only-tries" => only = args.remove(0),
            "--channel" => channel = args.remove(0),
            "--pipeline" => production = true,
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
                println!("{}", json!({"input": f, "codes": [], "ms": 0.0, "error": e.to_string()}));
                continue;
            }
        };
        if mode == "diagnose" {
            let img = match buildcert_scan::sniff(&bytes) {
                buildcert_scan::InputKind::Image(fmt) => buildcert_scan::decode_image(&bytes, fmt, &limits),
                _ => continue,
            };
            let Ok(img) = img else { continue };
            let g = if channel.is_empty() {
                let l = img.to_luma8();
                let (w, h) = l.dimensions();
                Gray::new(w, h, l.into_raw())
            } else {
                let rgb = img.to_rgb8();
                let (w, h) = rgb.dimensions();
                let f: fn(&[u8]) -> u8 = match channel.as_str() {
                    "min" => |p| p[0].min(p[1]).min(p[2]),
                    "max" => |p| p[0].max(p[1]).max(p[2]),
                    "r" => |p| p[0],
                    "g" => |p| p[1],
                    _ => |p| p[2],
                };
                Gray::new(w, h, rgb.as_raw().chunks_exact(3).map(f).collect())
            };
            let channel_gray = |ch: decode::Channel| {
                let rgb = img.to_rgb8();
                let (w, h) = rgb.dimensions();
                let f: fn(&[u8]) -> u8 = match ch {
                    decode::Channel::Min => |p| p[0].min(p[1]).min(p[2]),
                    decode::Channel::Max => |p| p[0].max(p[1]).max(p[2]),
                };
                Gray::new(w, h, rgb.as_raw().chunks_exact(3).map(f).collect())
            };
            let mut alt: [Option<Gray>; 2] = [None, None];
            let list = if production { decode::pipeline(&g) } else { decode::all_tries(&g) };
            let mut tries = Vec::new();
            for t in list.into_iter().filter(|t| {
                // `a&b,c`: labels that contain both a and b, or c.
                let l = t.label();
                only.split(',').any(|alt| alt.split('&').all(|part| l.contains(part)))
            }) {
                let t1 = Instant::now();
                let found = match t.channel() {
                    // As run_color: the darkest / brightest of R, G, B.
                    // Grey images: run_color skips these tries.
                    Some(_) if production && !img.color().has_color() => continue,
                    Some(ch) if img.color().has_color() => {
                        let a = alt[ch as usize].get_or_insert_with(|| channel_gray(ch));
                        decode::run_try(a, t, None)
                    }
                    _ => decode::run_try(&g, t, None),
                };
                tries.push(json!({
                    "try": if channel.is_empty() { t.label() } else { format!("{channel}:{}", t.label()) },
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
            Ok(s) => println!("{}", json!({"input": f, "codes": s.codes, "ms": ms, "attachment": s.attachment})),
            Err(e) => println!("{}", json!({"input": f, "codes": [], "ms": ms, "error": e.to_string()})),
        }
    }
}
