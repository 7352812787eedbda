//! Generates the BC1 benchmark set: certificate-like A4 pages with a ~600-char
//! `BC1:` code at level Q (35–40 mm wide), printed at 300/200/150 dpi and
//! distorted. Deterministic (fixed seeds). Usage: `gen_bc1 OUTDIR [PER_CATEGORY]`.
//! Writes the images and `manifest.json` ([{file, category, text}]).
#[path = "../tests/common/synth.rs"]
mod synth;

use synth::Rng;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: gen_bc1 OUTDIR [PER_CATEGORY]"));
    let per: u64 = args.next().map(|s| s.parse().expect("number")).unwrap_or(8);
    std::fs::create_dir_all(&out).unwrap();
    let mut manifest = Vec::new();
    let cats: &[&str] = &[
        "scan300_skew",
        "scan200_skew",
        "scan150_skew",
        "upside_down",
        "perspective",
        "blurred",
        "jpeg_q25",
        "uneven_light",
        "noise",
        "low_contrast",
        "far_2px",
    ];
    for (ci, cat) in cats.iter().enumerate() {
        for i in 0..per {
            let seed = 1000 * ci as u64 + i;
            let mut r = Rng::new(seed);
            let text = synth::bc1_text(seed, 560 + (r.next_u64() % 80) as usize);
            let dpi = match *cat {
                "scan300_skew" => 300.0,
                "scan150_skew" => 150.0,
                _ => 200.0,
            };
            let qr_mm = r.range(35.0, 40.0);
            let (page, _) = synth::certificate_page(dpi, &text, qr_mm, seed);
            // Skew within ±12°, small angles included.
            let deg = match i % 4 {
                0 => r.range(-1.0, 1.0),
                1 => r.range(-4.0, 4.0),
                _ => r.range(-12.0, 12.0),
            };
            let rotate = |img: &image::GrayImage, deg: f64| {
                let (h, w, hh) = synth::rotation(img.width(), img.height(), deg);
                synth::warp(img, &h, w, hh)
            };
            let img = match *cat {
                "scan300_skew" | "scan200_skew" | "scan150_skew" => synth::blur(&rotate(&page, deg), 1, 1),
                "upside_down" => rotate(&page, 180.0 + r.range(-3.0, 3.0)),
                "perspective" => {
                    let h = synth::perspective(page.width(), page.height(), 0.12, &mut r);
                    synth::warp(&page, &h, page.width(), page.height())
                }
                "blurred" => synth::blur(&rotate(&page, deg), 1, 3),
                "jpeg_q25" => rotate(&page, deg),
                "uneven_light" => synth::uneven_light(&rotate(&page, deg), 0.35),
                "noise" => synth::noise(&rotate(&page, deg), 22.0, &mut r),
                "low_contrast" => synth::low_contrast(&rotate(&page, deg), 95.0, 165.0),
                "far_2px" => {
                    // The whole page photographed from afar: ~2 px per module.
                    let modules = synth::qr_modules(&text, qrcode::EcLevel::Q).1 as f64;
                    let qr_px = qr_mm / 25.4 * dpi;
                    let f = 2.0 * modules / qr_px;
                    let small =
                        synth::resize(&page, (page.width() as f64 * f) as u32, (page.height() as f64 * f) as u32);
                    let small = rotate(&small, deg);
                    synth::noise(&small, 4.0, &mut r)
                }
                _ => unreachable!(),
            };
            let (name, bytes) = match *cat {
                "jpeg_q25" => (format!("{cat}_{i:02}.jpg"), synth::jpeg(&img, 25)),
                "scan300_skew" | "scan200_skew" | "scan150_skew" | "upside_down" => {
                    (format!("{cat}_{i:02}.jpg"), synth::jpeg(&img, 85))
                }
                _ => (format!("{cat}_{i:02}.png"), synth::png(&img)),
            };
            std::fs::write(out.join(&name), bytes).unwrap();
            manifest.push(serde_json::json!({"file": name, "category": cat, "text": text}));
        }
        eprintln!("{cat}: {per} pages");
    }
    std::fs::write(out.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}
