//! The `slide_decks` table's home, the AI outline, the preview and the exports. Every
//! entry point is behind the Slides plan feature (`plan_features::require`), checked by
//! the server functions and routes that call it.

use super::model::*;
use crate::error::AppError;
use crate::features::files::{self, FileKind};
use crate::platform::db::{failed, Db};
use crate::platform::documents::{self, Pages, PreviewCache};
use crate::platform::work::generate::{self, Generate, Generated};
use crate::platform::AppState;
use crate::types::UnixMillis;
use pulse_documents::slides::DeckImage;
use std::sync::{Arc, LazyLock};
use tokio::sync::mpsc;

const COLUMNS: &str = "id, title, lang, theme, slides, version, updated_at";
const MAX_CONTENT_BYTES: usize = 300_000;

/// A row of `slide_decks`.
#[derive(Debug, sqlx::FromRow)]
struct DeckRow {
    id: i64,
    title: String,
    lang: String,
    theme: String,
    slides: String,
    version: i64,
    updated_at: i64,
}

impl DeckRow {
    fn into_doc(self) -> DeckDoc {
        let slides = serde_json::from_str(&self.slides).unwrap_or_else(|e| {
            tracing::error!(error = %e, deck = self.id, "deck slides unreadable");
            Vec::new()
        });
        DeckDoc {
            id: self.id,
            version: self.version,
            deck: Deck {
                lang: DeckLang::parse(&self.lang).unwrap_or_default(),
                theme: Theme::parse(&self.theme).unwrap_or_default(),
                title: self.title,
                slides,
            },
            updated_at: self.updated_at,
        }
    }
}

fn checked(deck: &Deck) -> Result<(String, String), AppError> {
    let title = deck.title.trim();
    if title.is_empty() || title.chars().count() > 120 {
        return Err(AppError::Validation("slides-title-invalid".into()));
    }
    if deck.slides.len() > MAX_DECK_SLIDES {
        return Err(AppError::Validation("slides-too-many-slides".into()));
    }
    let json = serde_json::to_string(&deck.slides).map_err(|_| AppError::Internal)?;
    if json.len() > MAX_CONTENT_BYTES {
        return Err(AppError::Validation("slides-too-large".into()));
    }
    Ok((title.to_string(), json))
}

pub async fn list(db: &Db, user_id: i64) -> Result<Vec<DeckItem>, AppError> {
    let rows: Vec<DeckRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM slide_decks WHERE user_id = $1 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await
    .map_err(failed("list decks"))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let d = r.into_doc();
            DeckItem {
                id: d.id,
                title: d.deck.title,
                lang: d.deck.lang,
                theme: d.deck.theme,
                slides: d.deck.slides.len(),
                updated_at: d.updated_at,
            }
        })
        .collect())
}

/// One deck of this user; another user's id is not found.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<DeckDoc, AppError> {
    let row: Option<DeckRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM slide_decks WHERE id = $1 AND user_id = $2"))
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.pool())
            .await
            .map_err(failed("get deck"))?;
    row.map(DeckRow::into_doc).ok_or(AppError::NotFound)
}

/// Makes a deck (counted and inserted under the user's lock: at most [`MAX_DECKS`]).
pub async fn create(db: &Db, user_id: i64, deck: &Deck) -> Result<DeckDoc, AppError> {
    let (title, json) = checked(deck)?;
    let now = UnixMillis::now().0;
    let failed = failed("create deck");
    let mut tx = crate::platform::metering::ledger::lock_user(db, user_id).await.map_err(&failed)?;
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM slide_decks WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(tx.conn())
        .await
        .map_err(&failed)?;
    if held >= MAX_DECKS {
        tx.rollback().await;
        return Err(AppError::Validation("slides-too-many".into()));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO slide_decks (user_id, title, lang, theme, slides, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(&title)
    .bind(deck.lang.code())
    .bind(deck.theme.code())
    .bind(&json)
    .bind(now)
    .fetch_one(tx.conn())
    .await
    .map_err(&failed)?;
    tx.commit().await.map_err(&failed)?;
    Ok(DeckDoc { id, version: 1, deck: Deck { title, ..deck.clone() }, updated_at: now })
}

/// Saves over version `base`; 409 when someone saved since.
pub async fn save(db: &Db, user_id: i64, id: i64, base: i64, deck: &Deck) -> Result<i64, AppError> {
    let (title, json) = checked(deck)?;
    let done = sqlx::query(
        "UPDATE slide_decks SET title = $1, lang = $2, theme = $3, slides = $4, version = version + 1, updated_at = $5 \
         WHERE id = $6 AND user_id = $7 AND version = $8",
    )
    .bind(&title)
    .bind(deck.lang.code())
    .bind(deck.theme.code())
    .bind(&json)
    .bind(UnixMillis::now().0)
    .bind(id)
    .bind(user_id)
    .bind(base)
    .execute(db.pool())
    .await
    .map_err(failed("save deck"))?;
    if done.rows_affected() == 0 {
        get(db, user_id, id).await?;
        return Err(AppError::Conflict("error-conflict".into()));
    }
    Ok(base + 1)
}

pub async fn duplicate(db: &Db, user_id: i64, id: i64, title: &str) -> Result<DeckDoc, AppError> {
    let mut doc = get(db, user_id, id).await?;
    doc.deck.title = title.chars().take(120).collect();
    create(db, user_id, &doc.deck).await
}

pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("DELETE FROM slide_decks WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(failed("delete deck"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

// ---- pictures, preview and exports ----

static PREVIEWS: LazyLock<PreviewCache> = LazyLock::new(PreviewCache::default);

/// The pictures the deck's slides name, from the user's own files (others' ids are
/// skipped), as PNG or JPEG for the renderers.
async fn images(state: &AppState, user_id: i64, deck: &Deck) -> Vec<DeckImage> {
    let mut ids: Vec<&String> = deck.slides.iter().filter_map(|s| s.image.as_ref()).collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let Ok((file, key)) = files::service::find_owned(state, user_id, id).await else { continue };
        if file.media() != "image" {
            continue;
        }
        let Ok(bytes) = state.storage.get_bytes(&key).await else { continue };
        let id = id.clone();
        let converted = tokio::task::spawn_blocking(move || as_png_or_jpeg(id, file.content_type, bytes)).await;
        if let Ok(Some(image)) = converted {
            out.push(image);
        }
    }
    out
}

/// PNG and JPEG as they are; other images (WebP, GIF) re-encoded as PNG.
fn as_png_or_jpeg(id: String, content_type: String, bytes: Vec<u8>) -> Option<DeckImage> {
    let decoded = image::load_from_memory(&bytes).ok()?;
    let (width, height) = (decoded.width(), decoded.height());
    if content_type == "image/png" || content_type == "image/jpeg" {
        return Some(DeckImage { id, content_type, bytes, width, height });
    }
    let mut png = Vec::new();
    decoded.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    Some(DeckImage { id, content_type: "image/png".into(), bytes: png, width, height })
}

/// The saved deck's slides as SVG, laid out exactly as its PDF.
pub async fn preview_pages(state: &AppState, user_id: i64, id: i64) -> Result<(i64, Pages), AppError> {
    let doc = get(&state.db, user_id, id).await?;
    if let Some(pages) = PREVIEWS.get(doc.id, doc.version) {
        return Ok((doc.version, pages));
    }
    let pictures = images(state, user_id, &doc.deck).await;
    let deck = doc.deck.clone();
    let pages = Arc::new(documents::blocking(move || pulse_documents::slides::deck_svg_pages(&deck, &pictures)).await?);
    PREVIEWS.put(doc.id, doc.version, pages.clone());
    Ok((doc.version, pages))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Pptx,
    Pdf,
}

/// Renders the saved deck, keeps it as the user's file, answers a signed link that saves it.
pub async fn export(state: &AppState, user_id: i64, id: i64, format: ExportFormat) -> Result<String, AppError> {
    let doc = get(&state.db, user_id, id).await?;
    let pictures = images(state, user_id, &doc.deck).await;
    let deck = doc.deck.clone();
    let (bytes, ext, content_type) = match format {
        ExportFormat::Pdf => (
            documents::blocking(move || pulse_documents::slides::deck_pdf(&deck, &pictures)).await?,
            "pdf",
            "application/pdf",
        ),
        ExportFormat::Pptx => (
            documents::blocking(move || pulse_documents::slides::deck_pptx(&deck, &pictures)).await?,
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    };
    let name = format!("{}.{ext}", documents::file_name(&doc.deck.title, "Slides"));
    let file = files::service::save_bytes(state, user_id, FileKind::Doc, &name, content_type, bytes, None).await?;
    files::service::download_url(state, user_id, &file.id, false).await
}

// ---- the AI outline ----

fn lang_name(lang: DeckLang) -> &'static str {
    match lang {
        DeckLang::Ar => "Arabic (Modern Standard, as written in Jordan)",
        DeckLang::En => "English",
    }
}

/// Checks the request; the outline's generation (the conversation's text as material).
pub fn outline_job(req: &OutlineRequest, material: Option<&str>) -> Result<Generate, AppError> {
    let topic = req.topic.trim();
    if topic.is_empty() || topic.chars().count() > 300 {
        return Err(AppError::Validation("slides-topic-invalid".into()));
    }
    if !(MIN_SLIDES..=MAX_SLIDES).contains(&req.count) {
        return Err(AppError::Validation("slides-count-invalid".into()));
    }
    let system = format!(
        "You outline slide decks. Write an outline of exactly {count} slides in {lang}. Use exactly this format \
         and nothing else:\n# <deck title>\n## <slide title>\nLayout: <title|bullets|two_columns|quote|section>\n\
         - <bullet>\nNotes: <one or two sentences for the speaker>\n\
         The first slide uses Layout: title with its subtitle as its only bullet. Other slides have 3 to 5 short \
         bullets (at most 12 words each); a quote slide has the quote as its only bullet and who said it as its \
         title; a two_columns slide lists its first column then its second. No markdown besides this.",
        count = req.count,
        lang = lang_name(req.lang)
    );
    let mut prompt = format!("Topic: {topic}\n");
    if !req.audience.trim().is_empty() {
        prompt.push_str(&format!("Audience: {}\n", req.audience.trim()));
    }
    if !req.tone.trim().is_empty() {
        prompt.push_str(&format!("Tone: {}\n", req.tone.trim()));
    }
    if let Some(m) = material {
        prompt.push_str(&format!("Make the deck from this conversation:\n{m}\n"));
    }
    Ok(Generate {
        feature: "slides",
        model: None,
        system,
        prompt,
        max_output: 200 + 120 * req.count,
        demo_draft: Some(outline_draft(req)),
    })
}

/// An offline outline (the demo model returns it; a real model writes its own).
fn outline_draft(req: &OutlineRequest) -> String {
    let topic = req.topic.trim();
    let (heads, bullets, subtitle, thanks, thanks_body): (&[&str], [&str; 3], String, &str, &str) = match req.lang {
        DeckLang::Ar => (
            &[
                "لمحة عامة",
                "الوضع الحالي",
                "الفرص",
                "التحديات",
                "الحلول المقترحة",
                "أمثلة من الأردن",
                "الخطة",
                "الأرقام الرئيسية",
                "الفوائد",
                "المخاطر",
                "الجدول الزمني",
                "الموارد المطلوبة",
                "دراسة حالة",
                "الدروس المستفادة",
                "التوصيات",
                "الأسئلة الشائعة",
                "الخلاصة",
            ],
            ["أهم ما يجب معرفته عن {}", "مثال عملي من واقعنا", "ما الذي يعنيه ذلك لنا"],
            if req.audience.trim().is_empty() {
                "عرض تقديمي".to_string()
            } else {
                format!("عرض موجّه إلى {}", req.audience.trim())
            },
            "شكرًا لكم",
            "أسئلتكم مرحب بها",
        ),
        DeckLang::En => (
            &[
                "Overview",
                "Where we stand",
                "Opportunities",
                "Challenges",
                "Proposed solutions",
                "Examples from Jordan",
                "The plan",
                "Key figures",
                "Benefits",
                "Risks",
                "Timeline",
                "Resources needed",
                "A case study",
                "Lessons learned",
                "Recommendations",
                "Common questions",
                "Summary",
            ],
            ["What matters most about {}", "A practical example", "What it means for us"],
            if req.audience.trim().is_empty() {
                "A presentation".to_string()
            } else {
                format!("For {}", req.audience.trim())
            },
            "Thank you",
            "Questions are welcome",
        ),
    };
    let mut out = format!("# {topic}\n## {topic}\nLayout: title\n- {subtitle}\n");
    let middle = req.count.saturating_sub(2) as usize;
    for i in 0..middle {
        let head = heads[i % heads.len()];
        out.push_str(&format!("## {head}\nLayout: bullets\n"));
        for b in bullets {
            out.push_str(&format!("- {}\n", b.replace("{}", topic)));
        }
        out.push_str(&format!("Notes: {head}.\n"));
    }
    out.push_str(&format!("## {thanks}\nLayout: section\n- {thanks_body}\n"));
    out
}

/// The outline's text as a deck.
pub fn parse_outline(text: &str, req: &OutlineRequest) -> Deck {
    let mut deck = Deck { lang: req.lang, theme: Theme::default(), title: String::new(), slides: Vec::new() };
    for line in text.lines() {
        let line = line.trim();
        if let Some(t) = line.strip_prefix("## ") {
            deck.slides.push(Slide { title: clean(t), ..Default::default() });
        } else if let Some(t) = line.strip_prefix("# ") {
            deck.title = clean(t);
        } else if let Some(slide) = deck.slides.last_mut() {
            if let Some(l) = line.strip_prefix("Layout:") {
                slide.layout = Layout::parse(l.trim().to_lowercase().as_str()).unwrap_or(Layout::Bullets);
            } else if let Some(n) = line.strip_prefix("Notes:") {
                slide.notes = clean(n);
            } else if let Some(b) =
                line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("• "))
            {
                slide.bullets.push(clean(b));
            }
        }
    }
    for (i, slide) in deck.slides.iter_mut().enumerate() {
        if i == 0 && slide.layout == Layout::Bullets && slide.bullets.len() <= 1 {
            slide.layout = Layout::Title;
        }
        match slide.layout {
            Layout::Title | Layout::Quote | Layout::Section => {
                if slide.body.is_empty() && !slide.bullets.is_empty() {
                    slide.body = slide.bullets.remove(0);
                }
            }
            Layout::TwoColumns => {
                let half = slide.bullets.len().div_ceil(2);
                slide.bullets2 = slide.bullets.split_off(half);
            }
            Layout::Bullets | Layout::ImageText => {}
        }
    }
    if deck.title.is_empty() {
        deck.title = deck.slides.first().map(|s| s.title.clone()).unwrap_or_else(|| req.topic.trim().to_string());
    }
    if deck.title.is_empty() {
        deck.title = "Slides".into();
    }
    deck.title = deck.title.chars().take(120).collect();
    deck.slides.truncate(MAX_DECK_SLIDES);
    deck
}

/// Markdown emphasis and stray quotes off a line.
fn clean(s: &str) -> String {
    s.trim().trim_matches(['*', '_', '"', '«', '»']).trim().to_string()
}

/// The text of a conversation of the user's, as material for an outline (its last
/// messages, within a budget).
async fn conversation_text(state: &AppState, user_id: i64, id: i64) -> Result<String, AppError> {
    let conv = crate::features::chat::service::get_conversation(&state.db, user_id, id).await?;
    let mut lines: Vec<String> = conv
        .messages
        .iter()
        .map(|m| {
            format!(
                "{}: {}",
                if m.role == crate::features::chat::model::MessageRole::User { "User" } else { "Assistant" },
                m.content
            )
        })
        .collect();
    let mut total = 0;
    let mut kept = Vec::new();
    while let Some(l) = lines.pop() {
        total += l.chars().count();
        if total > 24_000 {
            break;
        }
        kept.push(l);
    }
    kept.reverse();
    Ok(kept.join("\n"))
}

/// Checks everything before the stream opens: the plan, the request, the conversation.
pub async fn outline_prepare(state: &AppState, user_id: i64, req: &OutlineRequest) -> Result<Generate, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, crate::features::plans::PlanFeature::Slides).await?;
    // The new deck must have room before the outline is paid for.
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM slide_decks WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(state.db.pool())
        .await
        .map_err(failed("count decks"))?;
    if held >= MAX_DECKS {
        return Err(AppError::Validation("slides-too-many".into()));
    }
    let material = match req.conversation {
        Some(id) => Some(conversation_text(state, user_id, id).await?),
        None => None,
    };
    outline_job(req, material.as_deref())
}

/// Streams the outline to `deltas`, then saves it as a new deck: its id and what was charged.
pub async fn outline(
    state: &AppState,
    user_id: i64,
    req: &OutlineRequest,
    job: Generate,
    deltas: mpsc::Sender<String>,
) -> Result<(i64, Generated), AppError> {
    let done = generate::generate(state, user_id, job, Some(deltas)).await?;
    let deck = parse_outline(&done.text, req);
    if deck.slides.is_empty() {
        return Err(AppError::Validation("slides-outline-empty".into()));
    }
    let doc = create(&state.db, user_id, &deck).await?;
    Ok((doc.id, done))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(lang: DeckLang, count: u32) -> OutlineRequest {
        OutlineRequest {
            topic: "الطاقة الشمسية".into(),
            audience: "طلاب".into(),
            count,
            lang,
            tone: String::new(),
            conversation: None,
        }
    }

    #[test]
    fn the_offline_outline_has_the_asked_number_of_slides() {
        for count in [3, 5, 20] {
            let r = req(DeckLang::Ar, count);
            let deck = parse_outline(&outline_draft(&r), &r);
            assert_eq!(deck.slides.len(), count as usize);
            assert_eq!(deck.slides[0].layout, Layout::Title);
            assert_eq!(deck.slides[0].body, "عرض موجّه إلى طلاب");
            assert_eq!(deck.slides.last().unwrap().layout, Layout::Section);
            assert_eq!(deck.title, "الطاقة الشمسية");
        }
    }

    #[test]
    fn a_models_outline_is_read_leniently() {
        let text = "# **Solar**\n## Intro\n- sub\n## Pros and cons\nLayout: two_columns\n- a\n- b\n- c\n- d\n## Said\nLayout: QUOTE\n* \"Quote text\"\nNotes: say it\nstray line\n";
        let deck = parse_outline(text, &req(DeckLang::En, 3));
        assert_eq!(deck.title, "Solar");
        assert_eq!(deck.slides[0].layout, Layout::Title);
        assert_eq!(deck.slides[1].bullets, vec!["a", "b"]);
        assert_eq!(deck.slides[1].bullets2, vec!["c", "d"]);
        assert_eq!((deck.slides[2].layout, deck.slides[2].body.as_str()), (Layout::Quote, "Quote text"));
        assert_eq!(deck.slides[2].notes, "say it");
    }

    #[test]
    fn requests_are_checked() {
        assert!(outline_job(&req(DeckLang::En, 2), None).is_err());
        assert!(outline_job(&req(DeckLang::En, 21), None).is_err());
        let mut r = req(DeckLang::En, 5);
        r.topic = " ".into();
        assert!(outline_job(&r, None).is_err());
    }
}
