//! A set of hostile input files, made by code with fixed seeds (issue 16):
//! each must end in a clear refusal, in bounded time and memory.
//!
//! | file | what it does to a reader |
//! |---|---|
//! | `forms.pdf` | form XObjects that draw the next one twice, 40 levels: 2^40 drawings |
//! | `jpeg100.pdf` | one 12 Mpx JPEG drawn 100 times on a page |
//! | `pages.pdf` | a 2 KB file whose page tree claims 50,000 pages |
//! | `giga.png` | a PNG header of 100,000 × 100,000 pixels |
//! | `bomb.txt` | a BC1 QR text whose zlib data inflates to 1 MiB |
//! | `oversize.bctl` | a 5 MiB "trust list" |
//! | `deep.bctl` | a trust list of 100,000 nested CBOR arrays |
//! | `wide.bctl` | a trust list whose unprotected header claims 1,000,000 pairs |
//!
//! A named pipe and a folder with symlink loops are made by the test itself
//! (they are not files one can carry).

use std::io::Write;
use std::path::{Path, PathBuf};

/// A PDF from its objects, numbered from 1; object 1 is the catalog.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend(data);
    o.extend(b"\nendstream");
    o
}

/// Form XObjects each drawing the next one twice, `levels` deep: the page
/// asks for 2^levels drawings of a 1-point square.
pub fn exponential_forms(levels: usize) -> Vec<u8> {
    let mut objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", b"/X Do"),
    ];
    for k in 0..levels {
        let id = 5 + k;
        if k + 1 < levels {
            objs.push(stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X {} 0 R >> >>",
                    id + 1
                ),
                b"/X Do /X Do",
            ));
        } else {
            objs.push(stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200]", b"0 0 1 1 re f"));
        }
    }
    pdf(&objs)
}

/// A `w`×`h` JPEG (a smooth pattern with a little noise from a fixed seed).
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut px = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h {
        for x in 0..w {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed & 15) as u32;
            px.extend([((x / 7 + n) & 255) as u8, ((y / 5 + n) & 255) as u8, (((x + y) / 11) & 255) as u8]);
        }
    }
    let mut out = Vec::new();
    buildcert_scan::image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 60)
        .encode(&px, w, h, buildcert_scan::image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// One large JPEG drawn `times` times on one page, each at another place.
pub fn jpeg_drawn_many_times(times: usize) -> Vec<u8> {
    let (w, h) = (4000, 3000);
    let mut content = String::new();
    for i in 0..times {
        content.push_str(&format!("q 400 0 0 300 {} {} cm /Im Do Q\n", (i % 10) * 40, (i / 10) * 50));
    }
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 800 800] /Resources << /XObject << /Im 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", content.as_bytes()),
        stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode"
            ),
            &jpeg(w, h),
        ),
    ])
}

/// A small PDF whose page tree claims `outer` × `inner` pages: every leaf
/// is the same page object, every middle node the same node.
pub fn many_pages(outer: usize, inner: usize) -> Vec<u8> {
    let kids = |id: usize, n: usize| vec![format!("{id} 0 R"); n].join(" ");
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids(3, outer), outer * inner)),
        obj(&format!("<< /Type /Pages /Parent 2 0 R /Kids [{}] /Count {inner} >>", kids(4, inner))),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>"),
        stream("", b"0.5 w 50 50 m 545 792 l S 50 792 m 545 50 l S"),
    ])
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend(kind);
    out.extend(data);
    out.extend(crc.sum().to_be_bytes());
}

/// A well-formed PNG header claiming `side` × `side` RGB pixels, with a
/// few bytes of image data.
pub fn gigapixel_png(side: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(side.to_be_bytes());
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 1 << 16]).unwrap();
    png_chunk(&mut out, b"IDAT", &z.finish().unwrap());
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A BC1 QR text (within the 4,296-character limit) whose zlib data
/// inflates to 1 MiB of zeros.
pub fn zlib_bomb_text() -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 1 << 20]).unwrap();
    format!("BC1:{}", base45::encode(z.finish().unwrap())).into_bytes()
}

/// A "trust list" of 5 MiB: a COSE tag, then filler.
pub fn oversize_trust_list() -> Vec<u8> {
    let mut b = vec![0xd2, 0x84, 0x40, 0xa0, 0x5a, 0x00, 0x50, 0x00, 0x00];
    b.resize(5 << 20, 0);
    b
}

/// A trust list of 100,000 nested CBOR arrays.
pub fn deep_trust_list() -> Vec<u8> {
    let mut b = vec![0xd2];
    b.extend(std::iter::repeat_n(0x81u8, 100_000));
    b.push(0);
    b
}

/// A trust list whose unprotected header claims a million pairs.
pub fn wide_trust_list() -> Vec<u8> {
    let mut b = vec![0xd2, 0x84, 0x40, 0xba, 0x00, 0x0f, 0x42, 0x40];
    b.extend(std::iter::repeat_n(0u8, 2_000_000));
    b.extend([0x40, 0x40]);
    b
}

/// Writes the set into `dir`; returns the paths in the order of the table above.
pub fn write_all(dir: &Path) -> Vec<PathBuf> {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("forms.pdf", exponential_forms(40)),
        ("jpeg100.pdf", jpeg_drawn_many_times(100)),
        ("pages.pdf", many_pages(50, 1000)),
        ("giga.png", gigapixel_png(100_000)),
        ("bomb.txt", zlib_bomb_text()),
        ("oversize.bctl", oversize_trust_list()),
        ("deep.bctl", deep_trust_list()),
        ("wide.bctl", wide_trust_list()),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}
