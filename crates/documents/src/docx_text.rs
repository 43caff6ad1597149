//! The text of a Word document (a DOCX attached to a chat message, read like a PDF): the
//! body's paragraphs in order, one per line, tabs and line breaks kept, deleted text
//! (tracked changes) left out. Arabic comes out in logical order, as it is stored.
//!
//! An upload is untrusted: the package must hold `word/document.xml`, have at most
//! [`MAX_ENTRIES`] entries, and that part is read through a cap of [`MAX_XML_BYTES`]
//! whatever its header claims (a zip bomb stops there). The XML is read as a stream
//! (quick-xml), never held whole as a tree.

use std::io::{BufReader, Read};

/// The most entries a package may have.
pub const MAX_ENTRIES: usize = 20_000;
/// The most bytes of `word/document.xml` read (decompressed).
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxReadError {
    /// Not a zip, or a zip without `word/document.xml`.
    #[error("not a Word document")]
    NotDocx,
    /// The document's part is larger than [`MAX_XML_BYTES`] or the package has too many entries.
    #[error("the document is too large")]
    TooLarge,
    /// The XML is broken.
    #[error("the document is damaged: {0}")]
    Corrupt(String),
}

/// The document's text: paragraphs joined by line breaks, trailing spaces trimmed.
pub fn docx_text(bytes: &[u8]) -> Result<String, DocxReadError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| DocxReadError::NotDocx)?;
    if archive.len() > MAX_ENTRIES {
        return Err(DocxReadError::TooLarge);
    }
    let part = archive.by_name("word/document.xml").map_err(|_| DocxReadError::NotDocx)?;
    let mut capped = part.take(MAX_XML_BYTES + 1);
    let text = read_body(BufReader::new(&mut capped))?;
    if capped.limit() == 0 {
        return Err(DocxReadError::TooLarge);
    }
    Ok(text)
}

/// Whether `bytes` look like a Word document that [`docx_text`] can read (the upload check).
pub fn check_docx(bytes: &[u8]) -> Result<(), DocxReadError> {
    docx_text(bytes).map(|_| ())
}

fn read_body<R: std::io::BufRead>(input: R) -> Result<String, DocxReadError> {
    use quick_xml::events::Event;
    let corrupt = |e: &dyn std::fmt::Display| DocxReadError::Corrupt(e.to_string());
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut out = String::new();
    // Inside a run's text (`w:t`), and inside deleted text (`w:del`), which is skipped.
    let (mut in_text, mut deleted) = (false, 0usize);
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| corrupt(&e))? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"del" => deleted += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"del" => deleted = deleted.saturating_sub(1),
                b"p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) if deleted == 0 => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && deleted == 0 => out.push_str(&t.decode().map_err(|e| corrupt(&e))?),
            Event::GeneralRef(r) if in_text && deleted == 0 => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| corrupt(&e))? {
                    out.push(c);
                } else {
                    let name = r.decode().map_err(|e| corrupt(&e))?;
                    out.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""));
                }
            }
            Event::CData(t) if in_text && deleted == 0 => out.push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    Ok(lines.join("\n").trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx(document_xml: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(document_xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_runs_tabs_and_entities_in_order_without_deleted_text() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>مرحبًا </w:t></w:r><w:r><w:t xml:space="preserve">بالعالم 2026</w:t></w:r></w:p>
            <w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:t>&#x0633;&lt;</w:t><w:br/><w:t>next</w:t></w:r></w:p>
            <w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>
            <w:p/>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        let text = docx_text(&docx(xml)).unwrap();
        assert_eq!(text, "مرحبًا بالعالم 2026\nA & B\tس<\nnext\nkept\n\ncell");
    }

    #[test]
    fn what_is_not_a_word_document_is_refused() {
        assert_eq!(docx_text(b"PK\x03\x04not really"), Err(DocxReadError::NotDocx));
        assert_eq!(docx_text(b"%PDF-1.7"), Err(DocxReadError::NotDocx));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("x.txt", zip::write::SimpleFileOptions::default()).unwrap();
        let other = zip.finish().unwrap().into_inner();
        assert_eq!(docx_text(&other), Err(DocxReadError::NotDocx));
        assert!(matches!(docx_text(&docx("<w:p><w:t>broken</w:p>")), Err(DocxReadError::Corrupt(_))));
    }

    #[test]
    fn our_own_arabic_cv_reads_back_in_logical_order() {
        let cv = crate::cv::Cv::sample(crate::cv::CvLang::Ar);
        let name = cv.content.full_name.clone();
        let summary_start: String = cv.content.summary.chars().take(20).collect();
        let bytes = crate::cv::cv_docx(&cv).unwrap();
        let text = docx_text(&bytes).unwrap();
        assert!(text.contains(&name), "{name} in {text}");
        assert!(text.contains(&summary_start), "{summary_start} in {text}");
    }
}
