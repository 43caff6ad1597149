//! The slide deck: one model shared by the browser (the editor, compiled to WASM without
//! Typst) and the server (PPTX and PDF renderers, behind the `render` feature).

use serde::{Deserialize, Serialize};

pub use crate::cv::CvLang as DeckLang;
pub use crate::cv::{text_dir, TextDir};

#[cfg(feature = "render")]
mod pdf;
#[cfg(feature = "render")]
mod pptx;

#[cfg(feature = "render")]
pub use pdf::{deck_pdf, deck_svg_pages, DECK_TEMPLATE};
#[cfg(feature = "render")]
pub use pptx::deck_pptx;

/// A deck's look: colours and a pair of faces (Arabic, Latin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Teal accent on white; Noto Sans Arabic + Noto Sans.
    #[default]
    Oasis,
    /// Light text on deep navy; Noto Kufi Arabic + Noto Sans.
    Midnight,
    /// Warm sand paper, dark brown ink; Noto Naskh Arabic + Noto Serif.
    Desert,
    /// Bold coral title bars on white; Noto Kufi Arabic + Noto Sans.
    Petra,
}

impl Theme {
    pub const ALL: [Theme; 4] = [Theme::Oasis, Theme::Midnight, Theme::Desert, Theme::Petra];
    pub fn code(self) -> &'static str {
        match self {
            Theme::Oasis => "oasis",
            Theme::Midnight => "midnight",
            Theme::Desert => "desert",
            Theme::Petra => "petra",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
    /// (Arabic face, Latin face), as font family names.
    pub fn faces(self) -> (&'static str, &'static str) {
        match self {
            Theme::Oasis => ("Noto Sans Arabic", "Noto Sans"),
            Theme::Midnight | Theme::Petra => ("Noto Kufi Arabic", "Noto Sans"),
            Theme::Desert => ("Noto Naskh Arabic", "Noto Serif"),
        }
    }
    /// (background, text, accent) as `RRGGBB`.
    pub fn colours(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Theme::Oasis => ("FFFFFF", "10201D", "0F766E"),
            Theme::Midnight => ("0F172A", "E2E8F0", "38BDF8"),
            Theme::Desert => ("F6EFE3", "3B2A1A", "B45309"),
            Theme::Petra => ("FFFFFF", "1F2937", "E5484D"),
        }
    }
}

/// How one slide is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The deck's title slide: `title` and `body` as the subtitle.
    Title,
    /// A title and `bullets`.
    #[default]
    Bullets,
    /// A title, `bullets` in the first column and `bullets2` in the second.
    TwoColumns,
    /// A title, the picture on one side and `bullets` on the other.
    ImageText,
    /// `body` as a large quote, `title` as who said it.
    Quote,
    /// A section divider: `title` and `body` as a short line under it.
    Section,
}

impl Layout {
    pub const ALL: [Layout; 6] =
        [Layout::Title, Layout::Bullets, Layout::TwoColumns, Layout::ImageText, Layout::Quote, Layout::Section];
    pub fn code(self) -> &'static str {
        match self {
            Layout::Title => "title",
            Layout::Bullets => "bullets",
            Layout::TwoColumns => "two_columns",
            Layout::ImageText => "image_text",
            Layout::Quote => "quote",
            Layout::Section => "section",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// One slide. Empty fields are skipped by the renderers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Slide {
    pub layout: Layout,
    pub title: String,
    /// A subtitle, a quote or a section's line, depending on the layout.
    pub body: String,
    pub bullets: Vec<String>,
    /// The second column of [`Layout::TwoColumns`].
    pub bullets2: Vec<String>,
    /// A picture from the user's files (its id); see [`DeckImage`].
    pub image: Option<String>,
    /// Speaker notes.
    pub notes: String,
}

/// A deck as rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Deck {
    pub lang: DeckLang,
    pub theme: Theme,
    pub title: String,
    pub slides: Vec<Slide>,
}

/// A picture's bytes for the renderers, found by the id a slide names.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckImage {
    pub id: String,
    /// `image/png` or `image/jpeg` (others are converted before rendering).
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl Deck {
    /// A typical 5-slide deck, for tests, the bench and the examples.
    pub fn sample(lang: DeckLang) -> Deck {
        let s = |layout, title: &str, body: &str, bullets: &[&str], bullets2: &[&str], notes: &str| Slide {
            layout,
            title: title.into(),
            body: body.into(),
            bullets: bullets.iter().map(|b| b.to_string()).collect(),
            bullets2: bullets2.iter().map(|b| b.to_string()).collect(),
            image: None,
            notes: notes.into(),
        };
        let slides = match lang {
            DeckLang::Ar => vec![
                s(
                    Layout::Title,
                    "الطاقة الشمسية في الأردن",
                    "فرص النمو حتى عام 2030",
                    &[],
                    &[],
                    "رحّب بالحضور وقدّم نفسك.",
                ),
                s(
                    Layout::Bullets,
                    "لماذا الآن؟",
                    "",
                    &[
                        "أكثر من 300 يوم مشمس في السنة",
                        "انخفاض كلفة الألواح بنسبة 80% خلال عقد",
                        "دعم حكومي عبر صندوق الطاقة المتجددة",
                    ],
                    &[],
                    "ركّز على الأرقام.",
                ),
                s(
                    Layout::TwoColumns,
                    "المزايا والتحديات",
                    "",
                    &["خفض فاتورة الكهرباء", "فرص عمل للشباب"],
                    &["تخزين الطاقة", "كلفة التمويل الأولي"],
                    "",
                ),
                s(
                    Layout::Quote,
                    "وزارة الطاقة والثروة المعدنية",
                    "هدفنا أن تغطي الطاقة المتجددة نصف احتياجات المملكة من الكهرباء بحلول 2030.",
                    &[],
                    &[],
                    "",
                ),
                s(
                    Layout::Section,
                    "الخطوات التالية",
                    "من الفكرة إلى التنفيذ مع شركة SolarTech",
                    &[],
                    &[],
                    "اختم بدعوة للعمل.",
                ),
            ],
            DeckLang::En => vec![
                s(
                    Layout::Title,
                    "Solar Energy in Jordan",
                    "Growth opportunities to 2030",
                    &[],
                    &[],
                    "Welcome the audience and introduce yourself.",
                ),
                s(
                    Layout::Bullets,
                    "Why now?",
                    "",
                    &[
                        "Over 300 sunny days a year",
                        "Panel costs down 80% in a decade",
                        "Government support through the renewable energy fund",
                    ],
                    &[],
                    "Stress the numbers.",
                ),
                s(
                    Layout::TwoColumns,
                    "Benefits and challenges",
                    "",
                    &["Lower electricity bills", "Jobs for young people"],
                    &["Energy storage", "Up-front financing"],
                    "",
                ),
                s(
                    Layout::Quote,
                    "Ministry of Energy and Mineral Resources",
                    "Our goal is for renewables to cover half of the Kingdom's electricity by 2030.",
                    &[],
                    &[],
                    "",
                ),
                s(
                    Layout::Section,
                    "Next steps",
                    "From idea to delivery with SolarTech",
                    &[],
                    &[],
                    "End with a call to action.",
                ),
            ],
        };
        let title = slides[0].title.clone();
        Deck { lang, theme: Theme::Oasis, title, slides }
    }
}
