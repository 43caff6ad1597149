//! The document engine's tests, one binary: each file was its own binary linking typst
//! again (~135 MB each).

mod cv_docx;
mod cv_pdf;
mod invoice;
mod slides_pdf;
mod slides_pptx;
