//! Finding and loading the Chinese (CJK) font that every page embeds (as a subset).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{PdfGenError, Result};

/// Characters every usable font must have: if a face lacks one of these it is not
/// a Simplified Chinese font and is skipped by [`Fonts::discover`].
const PROBE: &str =
    "中华人民共和国一级建造师注册证书姓名性别出生日期编号聘用企业专业有效至发签章照片扫码核验演示0123456789-ABCxyz";

/// Family names tried first, best first (Linux, Windows, macOS names).
const PREFERRED_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "黑体",
    "DengXian",
    "等线",
    "SimSun",
    "宋体",
    "NSimSun",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
];

/// Environment variable that names a font file to use instead of searching:
/// `path` or `path#index` (index of the face inside a `.ttc` collection).
pub const FONT_ENV: &str = "BUILDCERT_CJK_FONT";

/// A loaded CJK font, embedded as a subset into every PDF drawn with it.
///
/// Cheap to clone (the font data is shared).
#[derive(Clone)]
pub struct Fonts {
    data: Arc<Vec<u8>>,
    index: u32,
    name: String,
    pub(crate) font: krilla::text::Font,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("name", &self.name).field("index", &self.index).finish()
    }
}

impl Fonts {
    /// Finds a Simplified Chinese font on this computer.
    ///
    /// Order: the file named by the environment variable `BUILDCERT_CJK_FONT`
    /// (`path` or `path#index`); then the system font directories (Linux:
    /// fontconfig's directories and `/usr/share/fonts`; Windows: `%WINDIR%\Fonts`,
    /// e.g. msyh.ttc, simsun.ttc; macOS: `/System/Library/Fonts`, `/Library/Fonts`),
    /// preferring Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC,
    /// SimHei, SimSun …, then any face that has the Chinese characters a certificate needs.
    pub fn discover() -> Result<Fonts> {
        if let Ok(spec) = std::env::var(FONT_ENV) {
            if !spec.trim().is_empty() {
                let (path, index) = match spec.rsplit_once('#') {
                    Some((p, i)) if i.parse::<u32>().is_ok() => (p.to_string(), i.parse().unwrap_or(0)),
                    _ => (spec.clone(), 0),
                };
                return Fonts::from_path(path, index);
            }
        }
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        // Some installations keep fonts in places fontdb does not list.
        if db.is_empty() {
            for dir in extra_font_dirs() {
                if dir.is_dir() {
                    db.load_fonts_dir(&dir);
                }
            }
        }
        let mut candidates: Vec<(usize, PathBuf, u32)> = Vec::new();
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(p) => p.clone(),
                #[allow(unreachable_patterns)]
                _ => continue,
            };
            let rank = face
                .families
                .iter()
                .filter_map(|(fam, _)| PREFERRED_FAMILIES.iter().position(|p| p.eq_ignore_ascii_case(fam)))
                .min()
                .unwrap_or(PREFERRED_FAMILIES.len());
            // Prefer regular weight, upright faces.
            let style_penalty = usize::from(face.weight.0 != 400) + usize::from(face.style != fontdb::Style::Normal);
            candidates.push((rank * 4 + style_penalty, path, face.index));
        }
        // Deterministic order: rank, then path, then index.
        candidates.sort();
        for (_, path, index) in &candidates {
            if let Ok(f) = Fonts::from_path(path, *index) {
                return Ok(f);
            }
        }
        let mut searched: Vec<String> = vec!["system font directories".into()];
        searched.extend(extra_font_dirs().iter().map(|p| p.display().to_string()));
        Err(PdfGenError::FontNotFound { searched: format!("{} ({} faces)", searched.join(", "), candidates.len()) })
    }

    /// Loads the face `index` of the font file at `path` (`index` is 0 for a plain
    /// .ttf/.otf; for a collection such as NotoSansCJK-Regular.ttc the Simplified
    /// Chinese face is 2, for msyh.ttc it is 0).
    ///
    /// Fails when the file cannot be read, is not a font, or lacks Chinese glyphs.
    pub fn from_path(path: impl AsRef<Path>, index: u32) -> Result<Fonts> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|e| PdfGenError::FontUnreadable {
            path: path.to_path_buf(),
            index,
            reason: e.to_string(),
        })?;
        Fonts::from_bytes(data, index, &path.display().to_string()).map_err(|e| match e {
            PdfGenError::FontUnreadable { index, reason, .. } => {
                PdfGenError::FontUnreadable { path: path.to_path_buf(), index, reason }
            }
            other => other,
        })
    }

    /// Loads face `index` of a font held in memory; `name` is used in messages.
    pub fn from_bytes(data: Vec<u8>, index: u32, name: &str) -> Result<Fonts> {
        let unreadable = |reason: String| PdfGenError::FontUnreadable { path: PathBuf::from(name), index, reason };
        let face_name = {
            let face = ttf_parser::Face::parse(&data, index).map_err(|e| unreadable(format!("{e}")))?;
            for ch in PROBE.chars() {
                if face.glyph_index(ch).is_none() {
                    return Err(PdfGenError::MissingGlyph { font: format!("{name}#{index}"), ch, code: ch as u32 });
                }
            }
            face.names()
                .into_iter()
                .find(|n| n.name_id == ttf_parser::name_id::FULL_NAME && n.is_unicode())
                .and_then(|n| n.to_string())
                .unwrap_or_else(|| name.to_string())
        };
        let data = Arc::new(data);
        let font = krilla::text::Font::new(krilla::Data::from(data.clone()), index)
            .ok_or_else(|| unreadable("krilla cannot use this font".into()))?;
        Ok(Fonts { data, index, name: format!("{face_name} ({name}#{index})"), font })
    }

    /// The font file's bytes (shared).
    pub fn data_arc(&self) -> Arc<Vec<u8>> {
        self.data.clone()
    }

    /// The face index inside the font file.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// A human-readable description: face name, file and face index.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Width of `text` in points at `size` points (no kerning; good enough for layout).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = ttf_parser::Face::parse(&self.data, self.index) else { return 0.0 };
        let upem = f32::from(face.units_per_em().max(1));
        let units: u32 = text
            .chars()
            .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(upem as u32, u32::from))
            .sum();
        units as f32 / upem * size
    }

    /// Fails with [`PdfGenError::MissingGlyph`] when the font cannot print a character of `text`.
    pub fn check(&self, text: &str) -> Result<()> {
        let face = ttf_parser::Face::parse(&self.data, self.index).map_err(|e| PdfGenError::FontUnreadable {
            path: PathBuf::from(&self.name),
            index: self.index,
            reason: e.to_string(),
        })?;
        for ch in text.chars() {
            if ch.is_control() || ch.is_whitespace() {
                continue;
            }
            if face.glyph_index(ch).is_none() {
                return Err(PdfGenError::MissingGlyph { font: self.name.clone(), ch, code: ch as u32 });
            }
        }
        Ok(())
    }
}

fn extra_font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/Library/Fonts"));
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
    }
    dirs
}
