//! The CV: one content model shared by the browser (the form, compiled to WASM
//! without Typst) and the server (PDF, SVG preview and DOCX renderers, behind
//! the `render` feature).
//!
//! Everything the user types is kept as typed, right-to-left or left-to-right
//! alike; the renderers decide each paragraph's direction from its own text
//! ([`text_dir`]), so an Arabic CV keeps English company names intact.

use serde::{Deserialize, Serialize};

#[cfg(feature = "render")]
mod docx;
#[cfg(feature = "render")]
mod pdf;

#[cfg(feature = "render")]
pub use docx::cv_docx;
#[cfg(feature = "render")]
pub use pdf::{cv_pdf, cv_svg_pages, CV_TEMPLATE};

/// The CV's own language: its headings, date words and base direction.
/// Independent of the UI language (an English CV made in the Arabic UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CvLang {
    #[default]
    Ar,
    En,
}

impl CvLang {
    pub fn code(self) -> &'static str {
        match self {
            CvLang::Ar => "ar",
            CvLang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ar" => Some(CvLang::Ar),
            "en" => Some(CvLang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Self {
        match self {
            CvLang::Ar => CvLang::En,
            CvLang::En => CvLang::Ar,
        }
    }
    pub fn is_rtl(self) -> bool {
        self == CvLang::Ar
    }
}

/// The look. ATS mode ([`Cv::ats`]) overrides any of them with one plain column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CvTemplate {
    #[default]
    Classic,
    Modern,
    Compact,
}

impl CvTemplate {
    pub const ALL: [CvTemplate; 3] = [CvTemplate::Classic, CvTemplate::Modern, CvTemplate::Compact];
    pub fn code(self) -> &'static str {
        match self {
            CvTemplate::Classic => "classic",
            CvTemplate::Modern => "modern",
            CvTemplate::Compact => "compact",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// A whole CV as rendered: its settings plus its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cv {
    pub lang: CvLang,
    pub template: CvTemplate,
    /// One column, standard headings, no tables, columns or icons; text in reading order.
    pub ats: bool,
    pub content: CvContent,
}

/// What the user fills in. Every field may be empty; renderers skip empty ones.
/// Dates are `YYYY-MM` (from `<input type="month">`) or free text kept as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CvContent {
    pub full_name: String,
    pub headline: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub summary: String,
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
    pub skills: Vec<String>,
    pub languages: Vec<LanguageSkill>,
    pub certificates: Vec<Certificate>,
    pub links: Vec<CvLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Experience {
    pub role: String,
    pub company: String,
    pub place: String,
    pub start: String,
    pub end: String,
    /// "Present" instead of an end date.
    pub current: bool,
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Education {
    pub degree: String,
    pub school: String,
    pub place: String,
    pub start: String,
    pub end: String,
    pub details: String,
}

/// Proficiency, rendered in the CV's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum LanguageLevel {
    Native,
    Fluent,
    #[default]
    Good,
    Basic,
}

impl LanguageLevel {
    pub const ALL: [LanguageLevel; 4] =
        [LanguageLevel::Native, LanguageLevel::Fluent, LanguageLevel::Good, LanguageLevel::Basic];
    pub fn code(self) -> &'static str {
        match self {
            LanguageLevel::Native => "native",
            LanguageLevel::Fluent => "fluent",
            LanguageLevel::Good => "good",
            LanguageLevel::Basic => "basic",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }
    /// The level as written in a CV of `lang`.
    pub fn label(self, lang: CvLang) -> &'static str {
        match (lang, self) {
            (CvLang::En, LanguageLevel::Native) => "Native",
            (CvLang::En, LanguageLevel::Fluent) => "Fluent",
            (CvLang::En, LanguageLevel::Good) => "Good",
            (CvLang::En, LanguageLevel::Basic) => "Basic",
            (CvLang::Ar, LanguageLevel::Native) => "اللغة الأم",
            (CvLang::Ar, LanguageLevel::Fluent) => "بطلاقة",
            (CvLang::Ar, LanguageLevel::Good) => "جيد",
            (CvLang::Ar, LanguageLevel::Basic) => "مبتدئ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LanguageSkill {
    pub name: String,
    pub level: LanguageLevel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Certificate {
    pub name: String,
    pub issuer: String,
    pub year: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CvLink {
    pub label: String,
    pub url: String,
}

/// A paragraph's direction, from its own text: the first strong character
/// (Unicode bidi rule P2), Arabic-script letters being right to left.
/// Text with no strong character (digits, an empty field) takes `fallback`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextDir {
    Ltr,
    Rtl,
}

pub fn text_dir(text: &str, fallback: TextDir) -> TextDir {
    for c in text.chars() {
        if is_rtl_char(c) {
            return TextDir::Rtl;
        }
        if c.is_alphabetic() {
            return TextDir::Ltr;
        }
    }
    fallback
}

/// Arabic, Hebrew, Syriac, Thaana, NKo and the Arabic presentation forms.
pub fn is_rtl_char(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x1EE00..=0x1EEFF)
}

/// The section headings as written in a CV of each language (standard ATS headings in English).
pub struct Headings {
    pub summary: &'static str,
    pub experience: &'static str,
    pub education: &'static str,
    pub skills: &'static str,
    pub languages: &'static str,
    pub certificates: &'static str,
    pub links: &'static str,
    pub contact: &'static str,
    pub present: &'static str,
}

pub fn headings(lang: CvLang) -> Headings {
    match lang {
        CvLang::En => Headings {
            summary: "Summary",
            experience: "Experience",
            education: "Education",
            skills: "Skills",
            languages: "Languages",
            certificates: "Certifications",
            links: "Links",
            contact: "Contact",
            present: "Present",
        },
        CvLang::Ar => Headings {
            summary: "الملخص",
            experience: "الخبرات العملية",
            education: "التعليم",
            skills: "المهارات",
            languages: "اللغات",
            certificates: "الشهادات",
            links: "روابط",
            contact: "التواصل",
            present: "حتى الآن",
        },
    }
}

/// `2021-03` → "March 2021" / "آذار 2021"; anything else is kept as typed.
pub fn format_month(value: &str, lang: CvLang) -> String {
    let v = value.trim();
    let parts: Vec<&str> = v.split('-').collect();
    if parts.len() == 2 && parts[0].len() == 4 {
        if let (Ok(year), Ok(month)) = (parts[0].parse::<u32>(), parts[1].parse::<usize>()) {
            if (1..=12).contains(&month) {
                let name = match lang {
                    CvLang::En => MONTHS_EN_SHORT[month - 1],
                    CvLang::Ar => crate::format::MONTHS_AR[month - 1],
                };
                return format!("{name} {year}");
            }
        }
    }
    v.to_string()
}

/// "March 2021 – Present", "2019 – 2021", "2019", or "" when both are empty.
pub fn date_range(start: &str, end: &str, current: bool, lang: CvLang) -> String {
    let start = format_month(start, lang);
    let end = if current { headings(lang).present.to_string() } else { format_month(end, lang) };
    match (start.is_empty(), end.is_empty()) {
        (true, true) => String::new(),
        (false, true) => start,
        (true, false) => end,
        (false, false) => format!("{start} – {end}"),
    }
}

/// Short English month names (a CV's dates); the Arabic ones are the invoices' Levantine
/// names, `format::MONTHS_AR`.
const MONTHS_EN_SHORT: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Cv {
    /// A typical filled-in CV, for tests, the bench and the examples.
    pub fn sample(lang: CvLang) -> Cv {
        let content = match lang {
            CvLang::Ar => CvContent {
                full_name: "سارة الخطيب".into(),
                headline: "مهندسة برمجيات".into(),
                email: "sara@example.jo".into(),
                phone: "+962 79 123 4567".into(),
                location: "عمّان، الأردن".into(),
                summary: "مهندسة برمجيات بخبرة ست سنوات في بناء تطبيقات الويب والهواتف لشركات الاتصالات والبنوك في الأردن.".into(),
                experience: vec![
                    Experience {
                        role: "مهندسة برمجيات أولى".into(),
                        company: "Orange Jordan".into(),
                        place: "عمّان".into(),
                        start: "2021-03".into(),
                        end: String::new(),
                        current: true,
                        bullets: vec![
                            "قدت فريقاً من خمسة مطورين لإعادة بناء تطبيق الخدمة الذاتية".into(),
                            "خفضت زمن تحميل الصفحات بنسبة 40% باستخدام Rust و WebAssembly".into(),
                        ],
                    },
                    Experience {
                        role: "مطورة ويب".into(),
                        company: "Aramex".into(),
                        place: "عمّان".into(),
                        start: "2018-07".into(),
                        end: "2021-02".into(),
                        current: false,
                        bullets: vec!["بنيت لوحة تتبع الشحنات التي يستخدمها 300 موظف يومياً".into()],
                    },
                ],
                education: vec![Education {
                    degree: "بكالوريوس علم الحاسوب".into(),
                    school: "الجامعة الأردنية".into(),
                    place: "عمّان".into(),
                    start: "2014".into(),
                    end: "2018".into(),
                    details: "بتقدير جيد جداً".into(),
                }],
                skills: vec!["Rust".into(), "TypeScript".into(), "PostgreSQL".into(), "قيادة الفرق".into()],
                languages: vec![
                    LanguageSkill { name: "العربية".into(), level: LanguageLevel::Native },
                    LanguageSkill { name: "الإنجليزية".into(), level: LanguageLevel::Fluent },
                ],
                certificates: vec![Certificate {
                    name: "AWS Certified Developer".into(),
                    issuer: "Amazon".into(),
                    year: "2022".into(),
                }],
                links: vec![CvLink { label: "GitHub".into(), url: "https://github.com/sara".into() }],
            },
            CvLang::En => CvContent {
                full_name: "Sara Al-Khatib".into(),
                headline: "Software Engineer".into(),
                email: "sara@example.jo".into(),
                phone: "+962 79 123 4567".into(),
                location: "Amman, Jordan".into(),
                summary: "Software engineer with six years of experience building web and mobile apps for telecoms and banks in Jordan.".into(),
                experience: vec![
                    Experience {
                        role: "Senior Software Engineer".into(),
                        company: "Orange Jordan".into(),
                        place: "Amman".into(),
                        start: "2021-03".into(),
                        end: String::new(),
                        current: true,
                        bullets: vec![
                            "Led a team of five developers rebuilding the self-service app".into(),
                            "Cut page load time by 40% with Rust and WebAssembly".into(),
                        ],
                    },
                    Experience {
                        role: "Web Developer".into(),
                        company: "Aramex".into(),
                        place: "Amman".into(),
                        start: "2018-07".into(),
                        end: "2021-02".into(),
                        current: false,
                        bullets: vec!["Built the shipment tracking dashboard used by 300 staff daily".into()],
                    },
                ],
                education: vec![Education {
                    degree: "BSc Computer Science".into(),
                    school: "University of Jordan".into(),
                    place: "Amman".into(),
                    start: "2014".into(),
                    end: "2018".into(),
                    details: "Very good standing".into(),
                }],
                skills: vec!["Rust".into(), "TypeScript".into(), "PostgreSQL".into(), "Team leadership".into()],
                languages: vec![
                    LanguageSkill { name: "Arabic".into(), level: LanguageLevel::Native },
                    LanguageSkill { name: "English".into(), level: LanguageLevel::Fluent },
                ],
                certificates: vec![Certificate {
                    name: "AWS Certified Developer".into(),
                    issuer: "Amazon".into(),
                    year: "2022".into(),
                }],
                links: vec![CvLink { label: "GitHub".into(), url: "https://github.com/sara".into() }],
            },
        };
        Cv { lang, template: CvTemplate::Classic, ats: false, content }
    }

    /// The sample grown to about three pages (many roles and bullets).
    pub fn long_sample(lang: CvLang) -> Cv {
        let mut cv = Cv::sample(lang);
        let base = cv.content.experience.clone();
        for i in 0..7 {
            for e in &base {
                let mut e = e.clone();
                e.bullets = (0..5).map(|k| format!("{} ({})", e.bullets[0], i * 5 + k + 1)).collect();
                cv.content.experience.push(e);
            }
        }
        cv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_comes_from_the_first_strong_character() {
        assert_eq!(text_dir("Orange Jordan", TextDir::Rtl), TextDir::Ltr);
        assert_eq!(text_dir("شركة Orange", TextDir::Ltr), TextDir::Rtl);
        assert_eq!(text_dir("2021 مهندسة", TextDir::Ltr), TextDir::Rtl);
        assert_eq!(text_dir("+962 79", TextDir::Rtl), TextDir::Rtl);
        assert_eq!(text_dir("", TextDir::Ltr), TextDir::Ltr);
    }

    #[test]
    fn months_and_ranges_read_in_the_cvs_language() {
        assert_eq!(format_month("2021-03", CvLang::En), "Mar 2021");
        assert_eq!(format_month("2021-03", CvLang::Ar), "آذار 2021");
        assert_eq!(format_month("ربيع 2020", CvLang::Ar), "ربيع 2020");
        assert_eq!(date_range("2021-03", "", true, CvLang::En), "Mar 2021 – Present");
        assert_eq!(date_range("", "", false, CvLang::Ar), "");
        assert_eq!(date_range("2014", "2018", false, CvLang::Ar), "2014 – 2018");
    }

    #[test]
    fn content_missing_fields_reads_as_empty() {
        let c: CvContent = serde_json::from_str(r#"{"full_name":"x","experience":[{"role":"r"}]}"#).unwrap();
        assert_eq!(c.full_name, "x");
        assert!(c.experience[0].bullets.is_empty());
    }
}
