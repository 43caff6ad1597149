//! CV to PDF and to SVG pages (the live preview), through one Typst template.
//!
//! Everything the template shows is prepared here: headings in the CV's
//! language, date ranges, language levels, and every piece of user text as
//! `{"t": text, "d": "rtl" | "ltr"}` with its own direction ([`text_dir`]), so
//! the template sets each paragraph (or isolates each inline run) in the
//! direction of its own text. User text only ever enters as data.
use serde_json::{json, Value};

use super::{date_range, headings, Cv, CvLang, TextDir};
use crate::inputs::{dir_code, paragraphs, piece, pieces};
use crate::DocumentError;

/// The Typst source of every CV look (classic, modern, compact, ATS).
pub const CV_TEMPLATE: &str = include_str!("../../templates/cv.typ");

/// The CV as a PDF (A4; title and author are the person's name, language the CV's).
pub fn cv_pdf(cv: &Cv) -> Result<Vec<u8>, DocumentError> {
    crate::engine::compile_pdf(CV_TEMPLATE, template_inputs(cv), &[])
}

/// The CV as one SVG document per page (the live preview, laid out exactly as the PDF).
pub fn cv_svg_pages(cv: &Cv) -> Result<Vec<String>, DocumentError> {
    crate::engine::compile_svg_pages(CV_TEMPLATE, template_inputs(cv), &[])
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// A link target for a typed address: web addresses only (`https://`, `http://`,
/// or a bare `example.com/...` taken as https); anything else is shown unlinked.
fn web_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if u.chars().any(char::is_whitespace) || u.is_empty() {
        None
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(u.to_string())
    } else if !u.contains(':') && u.contains('.') && !u.starts_with('.') {
        Some(format!("https://{u}"))
    } else {
        None
    }
}

fn mail_href(email: &str) -> Option<String> {
    let e = email.trim();
    let ok = e.contains('@') && !e.contains(|c: char| c.is_whitespace() || c == ':' || c == '/' || c == '?');
    ok.then(|| format!("mailto:{e}"))
}

/// The `sys.inputs` dictionary `templates/cv.typ` reads. Empty fields are
/// `null`, empty entries are left out, so the template only tests for `none`
/// and empty arrays.
pub(crate) fn template_inputs(cv: &Cv) -> Value {
    let lang = cv.lang;
    let base = if lang.is_rtl() { TextDir::Rtl } else { TextDir::Ltr };
    let h = headings(lang);
    let c = &cv.content;
    let look = if cv.ats { "ats" } else { cv.template.code() };
    let name = c.full_name.trim();

    let mut contact = Vec::new();
    if !blank(&c.email) {
        contact.push(json!({ "kind": "email", "v": piece(&c.email, TextDir::Ltr), "href": mail_href(&c.email) }));
    }
    if !blank(&c.phone) {
        // Phone numbers read left to right in Arabic too (digit groups would swap otherwise).
        contact.push(json!({ "kind": "phone", "v": piece(&c.phone, TextDir::Ltr), "href": null }));
    }
    if !blank(&c.location) {
        contact.push(json!({ "kind": "location", "v": piece(&c.location, base), "href": null }));
    }

    let experience: Vec<Value> = c
        .experience
        .iter()
        .filter(|e| !(blank(&e.role) && blank(&e.company) && blank(&e.place) && e.bullets.iter().all(|b| blank(b))))
        .map(|e| {
            json!({
                "role": piece(&e.role, base),
                "company": piece(&e.company, base),
                "place": piece(&e.place, base),
                "dates": piece(&date_range(&e.start, &e.end, e.current, lang), base),
                "bullets": pieces(&e.bullets, base),
            })
        })
        .collect();

    let education: Vec<Value> = c
        .education
        .iter()
        .filter(|e| !(blank(&e.degree) && blank(&e.school) && blank(&e.place) && blank(&e.details)))
        .map(|e| {
            json!({
                "degree": piece(&e.degree, base),
                "school": piece(&e.school, base),
                "place": piece(&e.place, base),
                "dates": piece(&date_range(&e.start, &e.end, false, lang), base),
                "details": paragraphs(&e.details, base),
            })
        })
        .collect();

    let languages: Vec<Value> = c
        .languages
        .iter()
        .filter(|l| !blank(&l.name))
        .map(|l| json!({ "name": piece(&l.name, base), "level": piece(l.level.label(lang), base) }))
        .collect();

    let certificates: Vec<Value> = c
        .certificates
        .iter()
        .filter(|x| !(blank(&x.name) && blank(&x.issuer)))
        .map(
            |x| json!({ "name": piece(&x.name, base), "issuer": piece(&x.issuer, base), "year": piece(&x.year, base) }),
        )
        .collect();

    let links: Vec<Value> = c
        .links
        .iter()
        .filter(|l| !blank(&l.url))
        .map(
            |l| json!({ "label": piece(&l.label, base), "url": piece(&l.url, TextDir::Ltr), "href": web_href(&l.url) }),
        )
        .collect();

    let heading = |s: &str| piece(s, base);
    json!({
        "lang": lang.code(),
        "dir": dir_code(base),
        "look": look,
        "title": if name.is_empty() { "CV" } else { name },
        "author": if name.is_empty() { vec![] } else { vec![name] },
        "page_words": match lang {
            CvLang::Ar => ["صفحة", "من"],
            CvLang::En => ["Page", "of"],
        },
        "h": {
            "summary": heading(h.summary),
            "experience": heading(h.experience),
            "education": heading(h.education),
            "skills": heading(h.skills),
            "languages": heading(h.languages),
            "certificates": heading(h.certificates),
            "links": heading(h.links),
            "contact": heading(h.contact),
        },
        "name": piece(&c.full_name, base),
        "headline": piece(&c.headline, base),
        "contact": contact,
        "summary": paragraphs(&c.summary, base),
        "experience": experience,
        "education": education,
        "skills": pieces(&c.skills, base),
        "languages": languages,
        "certificates": certificates,
        "links": links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cv::{CvTemplate, Experience};

    #[test]
    fn inputs_carry_directions_and_skip_blanks() {
        let mut cv = Cv::sample(CvLang::Ar);
        cv.content.experience.push(Experience { current: true, ..Default::default() });
        cv.content.headline = "  ".into();
        let i = template_inputs(&cv);
        assert_eq!(i["dir"], "rtl");
        assert_eq!(i["look"], "classic");
        assert_eq!(i["title"], "سارة الخطيب");
        assert!(i["headline"].is_null());
        assert_eq!(i["experience"].as_array().unwrap().len(), 2, "the blank entry is left out");
        assert_eq!(i["experience"][0]["company"], json!({"t": "Orange Jordan", "d": "ltr"}));
        assert_eq!(i["experience"][0]["role"]["d"], "rtl");
        assert_eq!(i["experience"][0]["dates"]["t"], "آذار 2021 – حتى الآن");
        assert_eq!(i["contact"][1]["v"], json!({"t": "+962 79 123 4567", "d": "ltr"}));
        assert_eq!(i["education"][0]["dates"], json!({"t": "2014 – 2018", "d": "rtl"}));
        assert_eq!(i["languages"][1]["level"]["t"], "بطلاقة");

        cv.ats = true;
        cv.template = CvTemplate::Modern;
        assert_eq!(template_inputs(&cv)["look"], "ats");

        let empty = template_inputs(&Cv::default());
        assert_eq!(empty["title"], "CV");
        assert_eq!(empty["author"], json!([]));
        assert!(empty["name"].is_null());
        assert_eq!(empty["contact"], json!([]));
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(web_href("https://github.com/sara").as_deref(), Some("https://github.com/sara"));
        assert_eq!(web_href("linkedin.com/in/sara").as_deref(), Some("https://linkedin.com/in/sara"));
        assert_eq!(web_href("javascript:alert(1)"), None);
        assert_eq!(web_href("my site"), None);
        assert_eq!(mail_href("sara@example.jo").as_deref(), Some("mailto:sara@example.jo"));
        assert_eq!(mail_href("not an email"), None);
    }
}
