//! What the image studio's page and the server share.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// The most images one generation may ask for.
pub const MAX_COUNT: u8 = 4;
/// The longest prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 2000;
/// Gallery page size.
pub const PAGE_SIZE: i64 = 24;
/// The most pixels the editor opens (checked before decoding): the largest canvas iOS
/// Safari draws (16,777,216 px), which holds a 12 MP phone photo.
pub const MAX_EDIT_PIXELS: u64 = 16_777_216;

/// The aspect ratios the studio offers (the provider crate maps them to each API).
pub const ASPECTS: [&str; 4] = ["1:1", "4:5", "9:16", "16:9"];

/// A style preset: its code (message `image-style-{code}`) and the words it adds to the
/// prompt (English: every model reads it best).
pub const STYLES: [(&str, &str); 6] = [
    ("none", ""),
    ("photo", "photorealistic photograph, natural light, sharp focus"),
    ("illustration", "flat vector illustration, clean shapes, vivid colours"),
    ("3d", "3D render, soft studio lighting, high detail"),
    ("watercolor", "watercolour painting, soft edges, paper texture"),
    ("poster", "bold poster design, strong composition, high contrast"),
];

/// What the words of `style` add to `prompt` (an unknown style adds nothing).
pub fn styled_prompt(prompt: &str, style: &str) -> String {
    match STYLES.iter().find(|(code, _)| *code == style) {
        Some((_, words)) if !words.is_empty() => format!("{}. Style: {words}", prompt.trim()),
        _ => prompt.trim().to_string(),
    }
}

/// `POST /image/generate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerateRequest {
    pub prompt: String,
    /// An image model's id; none: the default one.
    #[serde(default)]
    pub model: Option<String>,
    pub count: u8,
    pub aspect: String,
    #[serde(default)]
    pub style: String,
    /// Change this image of the user's gallery with the prompt ("make the background
    /// blue"): one image, from a model that edits.
    #[serde(default)]
    pub source: Option<i64>,
}

/// An image model the user can pick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageModel {
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    /// Can change an existing image.
    pub edits: bool,
}

impl ImageModel {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Ar => &self.name_ar,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

/// Where a gallery image came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Made by a model from a prompt.
    Generated,
    /// Changed by a model from another image and a prompt.
    AiEdit,
    /// Saved from the editor.
    Edited,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Generated => "generated",
            Origin::AiEdit => "ai_edit",
            Origin::Edited => "edited",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        [Origin::Generated, Origin::AiEdit, Origin::Edited].into_iter().find(|o| o.as_str() == s)
    }
}

/// One image of the user's gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageItem {
    pub id: i64,
    /// The stored file (shown through `/files/{file_id}`, which signs a link).
    pub file_id: String,
    pub origin: Origin,
    pub prompt: String,
    pub model: String,
    pub aspect: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub created_at: i64,
}

impl ImageItem {
    /// The picture from this origin (`/files/{id}/raw`, owner-checked).
    pub fn src(&self) -> String {
        format!("/files/{}/raw", self.file_id)
    }

    pub fn download_href(&self) -> String {
        format!("/files/{}?download=1", self.file_id)
    }
}

/// A page of the gallery, newest first; `next` is the cursor of the following page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalleryPage {
    pub images: Vec<ImageItem>,
    pub next: Option<i64>,
}

/// The editor module's files (content-hashed), when the build made them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorAssets {
    pub js: String,
    pub wasm: String,
    /// Its stylesheet (a file: the pages' policy refuses inline styles).
    #[serde(default)]
    pub css: Option<String>,
}

/// What the studio page needs first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Studio {
    /// Enabled image models, the default first.
    pub models: Vec<ImageModel>,
    /// The model edits go to when the chosen one cannot edit.
    pub edit_model: Option<String>,
}

/// What the editor needs when it opens: its module and its words in the user's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorSetup {
    pub assets: Option<EditorAssets>,
    pub labels: Vec<(String, String)>,
    pub max_pixels: u64,
    /// The largest image the files endpoint takes (the editor saves a JPEG instead of a
    /// PNG that is bigger, or says to make it smaller).
    pub max_save_bytes: u64,
    /// The plan has Creator's advanced editors: more than one text layer, text effects
    /// (outline, shadow), brightness and contrast. The editor locks them otherwise (the
    /// edit happens on the device, so the editor's controls are the gate).
    pub advanced: bool,
}

/// The events of `POST /image/generate`'s stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ImageEvent {
    /// Reserved and sent to the model.
    Started { count: u8 },
    /// One image, stored in the gallery.
    Image { image: ImageItem },
    /// The end: `charged` images of the `asked` were made (and paid for); `reason` says
    /// why the rest were not, when some are missing.
    Done {
        asked: u8,
        charged: i64,
        model: String,
        #[serde(default)]
        reason: Option<AppError>,
    },
    /// Nothing (more) was made; what was made before it is kept and charged.
    Error { error: AppError },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_adds_its_words_and_none_adds_nothing() {
        assert_eq!(styled_prompt(" قطة على سطح ", "none"), "قطة على سطح");
        assert_eq!(styled_prompt("a cat", "unknown"), "a cat");
        assert!(styled_prompt("a cat", "watercolor").starts_with("a cat. Style: watercolour"));
    }

    #[test]
    fn every_aspect_and_style_has_its_name_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            let keys = ASPECTS
                .iter()
                .map(|a| format!("image-aspect-{}", a.replace(':', "x")))
                .chain(STYLES.iter().map(|(c, _)| format!("image-style-{c}")));
            for key in keys {
                assert!(crate::i18n::has_message(lang, &key), "{lang:?} {key}");
            }
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_cost_and_partial_messages_agree_with_their_numbers_in_arabic() {
        use crate::i18n::{message_with, Arg, Lang};
        let cost = |amount: i64, remaining: i64| {
            message_with(
                Lang::Ar,
                "image-cost",
                &[
                    ("amount", Arg::Num(amount)),
                    ("a", Arg::Text(amount.to_string())),
                    ("remaining", Arg::Num(remaining)),
                    ("r", Arg::Text(remaining.to_string())),
                ],
            )
        };
        assert_eq!(cost(2, 27), "تستهلك صورتين من 27 صورة متبقية لديك");
        assert_eq!(cost(3, 5), "تستهلك 3 صور من 5 صور متبقية لديك");
        assert_eq!(cost(1, 2), "تستهلك صورة واحدة من صورتين متبقيتين لديك");
        assert_eq!(cost(1, 0), "لم يبقَ لديك أي صورة هذا الشهر");
        let partial = |made: i64, asked: i64| {
            message_with(
                Lang::Ar,
                "image-partial",
                &[
                    ("made", Arg::Num(made)),
                    ("m", Arg::Text(made.to_string())),
                    ("asked", Arg::Num(asked)),
                    ("k", Arg::Text(asked.to_string())),
                ],
            )
        };
        assert_eq!(partial(2, 4), "أُنشئت صورتان من أصل 4 طلبتَها، ولم يُخصم إلا ما أُنشئ.");
        assert_eq!(partial(3, 4), "أُنشئت 3 صور من أصل 4 طلبتَها، ولم يُخصم إلا ما أُنشئ.");
        let en = message_with(
            Lang::En,
            "image-cost",
            &[
                ("amount", Arg::Num(2)),
                ("a", Arg::Text("2".into())),
                ("remaining", Arg::Num(27)),
                ("r", Arg::Text("27".into())),
            ],
        );
        assert_eq!(en, "Uses 2 of your 27 remaining images");
    }

    #[test]
    fn origins_round_trip() {
        for o in [Origin::Generated, Origin::AiEdit, Origin::Edited] {
            assert_eq!(Origin::parse(o.as_str()), Some(o));
        }
    }
}
