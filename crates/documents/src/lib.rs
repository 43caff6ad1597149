//! Pulse's document engine: a Typst source plus JSON data in, PDF bytes out,
//! with Arabic shaped and laid out right to left. Used for payment invoices
//! now and meant for the CV and slide exports.
//!
//! Everything here is synchronous and CPU-bound (tens of milliseconds per
//! page). From async code call it inside `tokio::task::spawn_blocking`:
//!
//! ```ignore
//! let pdf = tokio::task::spawn_blocking(move || pulse_documents::invoice_pdf(&invoice)).await??;
//! ```
//!
//! Templates are trusted code (they live in this repository); user data only
//! ever enters through `sys.inputs`, where it is data, never markup.

pub mod cv;
#[cfg(feature = "render")]
pub mod docx_text;
#[cfg(feature = "render")]
mod engine;
pub mod format;
#[cfg(feature = "render")]
mod inputs;
#[cfg(feature = "render")]
mod invoice;
#[cfg(feature = "render")]
mod ooxml;
pub mod slides;

#[cfg(feature = "render")]
pub use engine::{caption_fonts, font_families, preload_fonts};
#[cfg(feature = "render")]
pub use invoice::{invoice_pdf, Invoice, InvoiceLine, InvoiceWords, INVOICE_TEMPLATE};

/// Why a document could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The inputs are not a JSON object, or a file name is not a valid path.
    #[error("bad document inputs: {0}")]
    Inputs(String),
    /// The Typst source did not compile: `line:column: message (hint: …)`,
    /// several joined with `; `.
    #[error("template error: {0}")]
    Template(String),
    /// The laid-out document could not be written as PDF.
    #[error("pdf export error: {0}")]
    Pdf(String),
    /// The invoice data is inconsistent (currency, total, lines).
    #[error("invalid invoice: {0}")]
    InvalidInvoice(String),
    /// Typst panicked (a bug in typst); the panic was caught.
    #[error("document engine panicked: {0}")]
    Internal(String),
}

/// Compiles a Typst source to PDF.
///
/// `inputs` must be a JSON object. It becomes the dictionary `sys.inputs` with
/// its JSON types kept (objects → dictionaries, arrays → arrays, strings,
/// integers, floats, booleans, `null` → `none`), so a template reads
/// `sys.inputs.customer.name` or `for line in sys.inputs.lines`. Note this
/// differs from the `typst` CLI's `--input`, which only passes strings.
///
/// The bundled fonts are Noto Sans Arabic, Noto Kufi Arabic, Noto Naskh Arabic, Noto Sans
/// and Noto Serif (see
/// [`font_families`]); no system fonts, packages or network are used.
#[cfg(feature = "render")]
pub fn render(template: &str, inputs: serde_json::Value) -> Result<Vec<u8>, DocumentError> {
    engine::compile_pdf(template, inputs, &[])
}

/// Like [`render`], with in-memory files the template can read by name, e.g.
/// `image("photo.jpg")` or `json("data.json")` (names are relative to the
/// template's root; there is no file system access).
#[cfg(feature = "render")]
pub fn render_with_files(
    template: &str,
    inputs: serde_json::Value,
    files: &[(&str, &[u8])],
) -> Result<Vec<u8>, DocumentError> {
    engine::compile_pdf(template, inputs, files)
}
