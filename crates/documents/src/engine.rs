//! The Typst `World`: one in-memory main file, optional in-memory assets,
//! fonts bundled into the binary and parsed once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize as _;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::DocumentError;

/// The font files compiled into the binary (SIL OFL 1.1, see `fonts/OFL.txt`).
/// Families: "Noto Sans Arabic" (Arabic script) and "Noto Sans" (Latin, digits);
/// for the slide themes also "Noto Kufi Arabic", "Noto Naskh Arabic" and "Noto Serif".
static FONT_FILES: [&[u8]; 10] = [
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoKufiArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoKufiArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSerif-Regular.ttf"),
    include_bytes!("../fonts/NotoSerif-Bold.ttf"),
];

/// The bundled fonts for burned-in video captions (libass reads them from a directory):
/// file name and bytes. "Noto Sans Arabic" Bold for Arabic, "Noto Sans" Bold for Latin
/// and digits (libass falls back to it for letters the first has not).
pub fn caption_fonts() -> [(&'static str, &'static [u8]); 2] {
    [("NotoSansArabic-Bold.ttf", FONT_FILES[1]), ("NotoSans-Bold.ttf", FONT_FILES[3])]
}

/// Fonts parsed once per process, shared by every compile.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        let book = FontBook::from_fonts(&fonts);
        Fonts { book: LazyHash::new(book), fonts }
    })
}

/// Parses the bundled fonts now instead of on the first render (a few ms).
pub fn preload_fonts() {
    let _ = fonts();
}

/// The family names of the bundled fonts, e.g. for a template's `font:` list.
pub fn font_families() -> Vec<String> {
    let mut names: Vec<String> = fonts().fonts.iter().map(|f| f.info().family.clone()).collect();
    names.dedup();
    names
}

/// A virtual path inside the document's project root.
fn file_id(path: &str) -> Result<FileId, DocumentError> {
    let vpath = VirtualPath::new(path).map_err(|e| DocumentError::Inputs(format!("bad file name {path:?}: {e}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

struct DocWorld {
    library: LazyHash<Library>,
    main: Source,
    files: Vec<(FileId, Bytes)>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    /// "Local" time is Amman's (UTC+3 all year since 2022).
    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let ms = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_millis() as i64;
        let date = match offset {
            None => pulse_clock::amman_date(ms),
            Some(d) => pulse_clock::date_at_offset(ms, i8::try_from(d.hours() as i64).ok()?)?,
        };
        Datetime::from_ymd(date.year, date.month, date.day)
    }
}

/// Turns typst diagnostics into one readable message: `line:column: message (hint: ...)`.
fn describe(world: &DocWorld, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let mut s = String::new();
            if let Some(range) = world.range(d.span) {
                if let Some((line, col)) = world.main.lines().byte_to_line_column(range.start) {
                    s.push_str(&format!("{}:{}: ", line + 1, col + 1));
                }
            }
            s.push_str(&d.message);
            for hint in &d.hints {
                s.push_str(&format!(" (hint: {})", hint.v));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn compile_pdf(
    template: &str,
    inputs: serde_json::Value,
    files: &[(&str, &[u8])],
) -> Result<Vec<u8>, DocumentError> {
    compile_with(template, inputs, files, |world, document| {
        typst_pdf::pdf(document, &typst_pdf::PdfOptions::default())
            .map_err(|diags| DocumentError::Pdf(describe(world, diags.as_slice())))
    })
}

/// Compiles a Typst source to one SVG document per page, laid out exactly as
/// [`compile_pdf`] lays it out (same world, fonts and inputs).
pub(crate) fn compile_svg_pages(
    template: &str,
    inputs: serde_json::Value,
    files: &[(&str, &[u8])],
) -> Result<Vec<String>, DocumentError> {
    compile_with(template, inputs, files, |_, document| {
        let options = typst_svg::SvgOptions::default();
        Ok(document.pages().iter().map(|page| typst_svg::svg(page, &options)).collect())
    })
}

/// Lays the document out and hands it to `export`, catching typst panics and
/// emptying the memoisation caches afterwards.
fn compile_with<T>(
    template: &str,
    inputs: serde_json::Value,
    files: &[(&str, &[u8])],
    export: impl FnOnce(&DocWorld, &PagedDocument) -> Result<T, DocumentError>,
) -> Result<T, DocumentError> {
    let inputs = match Value::deserialize(inputs) {
        Ok(Value::Dict(dict)) => dict,
        Ok(other) => return Err(DocumentError::Inputs(format!("inputs must be a JSON object, got {}", other.ty()))),
        Err(e) => return Err(DocumentError::Inputs(e.to_string())),
    };
    let world = DocWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: Source::new(file_id("main.typ")?, template.to_owned()),
        files: files
            .iter()
            .map(|(name, data)| Ok((file_id(name)?, Bytes::new(data.to_vec()))))
            .collect::<Result<_, DocumentError>>()?,
    };

    let result = catch_unwind(AssertUnwindSafe(|| {
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|diags| DocumentError::Template(describe(&world, diags.as_slice())))?;
        export(&world, &document)
    }));
    // Memoised layouts are keyed on this document's inputs and would only pile
    // up: drop everything after each compile (fonts stay parsed in `fonts()`).
    comemo::evict(0);
    result.unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(DocumentError::Internal(msg))
    })
}
