//! A minimal PDF writer for test fixtures: pages with content streams, image
//! XObjects, an embedded file, an /Encrypt dictionary.
#![allow(dead_code)]

use std::io::Write;

pub struct Image {
    pub dict: String,
    pub data: Vec<u8>,
}

impl Image {
    /// 8-bit grey samples, Flate-compressed.
    pub fn flate_gray(w: u32, h: u32, samples: &[u8]) -> Image {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(samples).unwrap();
        Image {
            dict: format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
            data: z.finish().unwrap(),
        }
    }
    /// A JPEG file as a DCT-encoded image.
    pub fn dct_gray(w: u32, h: u32, jpeg: Vec<u8>) -> Image {
        Image {
            dict: format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"),
            data: jpeg,
        }
    }
}

pub struct Page {
    /// Width and height in points.
    pub size: (f64, f64),
    pub content: String,
    /// (resource name, image)
    pub images: Vec<(String, Image)>,
    /// The page's /Rotate (0 = none).
    pub rotate: u32,
}

impl Page {
    pub fn a4() -> Page {
        Page { size: (595.276, 841.89), content: String::new(), images: Vec::new(), rotate: 0 }
    }
    /// Places an image with its lower-left corner at (x, y), w×h points.
    pub fn image(&mut self, name: &str, img: Image, x: f64, y: f64, w: f64, h: f64) {
        self.content.push_str(&format!("q {w} 0 0 {h} {x} {y} cm /{name} Do Q\n"));
        self.images.push((name.to_string(), img));
    }
    /// Draws a QR module matrix as filled rectangles, top-left at (x, top) in
    /// PDF coordinates (y up), `s` points per module.
    pub fn vector_qr(&mut self, modules: &[bool], n: usize, x: f64, top: f64, s: f64) {
        self.content.push_str("0 0 0 rg\n");
        for v in 0..n {
            for u in 0..n {
                if modules[v * n + u] {
                    let (px, py) = (x + u as f64 * s, top - (v + 1) as f64 * s);
                    self.content.push_str(&format!("{px:.3} {py:.3} {s:.3} {s:.3} re\n"));
                }
            }
        }
        self.content.push_str("f\n");
    }
    pub fn text(&mut self, s: &str, x: f64, y: f64) {
        self.content.push_str(&format!("BT /F1 12 Tf {x} {y} Td ({s}) Tj ET\n"));
    }
}

#[derive(Default)]
pub struct Doc {
    pub pages: Vec<Page>,
    pub attachment: Option<(String, Vec<u8>)>,
    /// Adds a Standard security handler that needs a (non-empty) user password.
    pub encrypt: bool,
    /// Extra raw stream objects (dict, data), unreferenced.
    pub extra_streams: Vec<(String, Vec<u8>)>,
}

impl Doc {
    pub fn build(&self) -> Vec<u8> {
        let mut objs: Vec<Vec<u8>> = Vec::new();
        let stream = |dict: &str, data: &[u8]| {
            let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
            o.extend_from_slice(data);
            o.extend_from_slice(b"\nendstream");
            o
        };
        // 1: catalog, 2: pages, 3: font
        objs.push(Vec::new());
        objs.push(Vec::new());
        objs.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
        let mut kids = Vec::new();
        for p in &self.pages {
            let mut xobjs = String::new();
            for (name, img) in &p.images {
                objs.push(stream(&img.dict, &img.data));
                xobjs.push_str(&format!("/{name} {} 0 R ", objs.len()));
            }
            objs.push(stream("", p.content.as_bytes()));
            let content = objs.len();
            objs.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Rotate {} /Resources << /Font << /F1 3 0 R >> /XObject << {xobjs}>> >> /Contents {content} 0 R >>",
                    p.size.0, p.size.1, p.rotate
                )
                .into_bytes(),
            );
            kids.push(objs.len());
        }
        objs[1] = format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.iter().map(|k| format!("{k} 0 R")).collect::<Vec<_>>().join(" "),
            kids.len()
        )
        .into_bytes();
        let mut names = String::new();
        if let Some((name, data)) = &self.attachment {
            objs.push(stream("/Type /EmbeddedFile /Subtype /text#2Fplain", data));
            let ef = objs.len();
            objs.push(format!("<< /Type /Filespec /F ({name}) /UF ({name}) /EF << /F {ef} 0 R >> >>").into_bytes());
            names = format!("/Names << /EmbeddedFiles << /Names [({name}) {} 0 R] >> >>", objs.len());
        }
        objs[0] = format!("<< /Type /Catalog /Pages 2 0 R {names} >>").into_bytes();
        for (d, data) in &self.extra_streams {
            objs.push(stream(d, data));
        }
        let mut trailer_extra = String::new();
        if self.encrypt {
            objs.push(
                format!(
                    "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{}> /U <{}> >>",
                    "7a".repeat(32),
                    "c3".repeat(32)
                )
                .into_bytes(),
            );
            trailer_extra = format!("/Encrypt {} 0 R /ID [<{}> <{}>]", objs.len(), "01".repeat(16), "01".repeat(16));
        }
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
        for off in offsets {
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
                .as_bytes(),
        );
        out
    }
}
