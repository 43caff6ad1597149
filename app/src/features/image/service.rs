//! The `images` table's home (the gallery) and generation: moderation → reserve N →
//! provider → each image stored as the user's file and put in the gallery → settle by
//! the images really made (3 of 4 → 3 charged) → release when none was.

use super::model::*;
use crate::error::AppError;
use crate::features::files::{self, FileKind};
use crate::features::plans::PlanFeature;
use crate::features::usage::{CostPreview, UsageKind};
use crate::platform::db::{failed, Db};
use crate::platform::moderation::ImageInput;
use crate::platform::work::{self, Quote, Screen};
use crate::platform::AppState;
use crate::types::UnixMillis;
use futures_util::StreamExt;
use pulse_providers::image::{Aspect, ImageRequest, SourceImage};
use pulse_providers::ProviderError;
use tokio::sync::mpsc;

const COLUMNS: &str = "id, file_id, origin, prompt, model, aspect, width, height, created_at";
/// The largest image a model is asked to change (base64 of it must fit a 20 MB request).
const MAX_SOURCE_BYTES: usize = 14 * 1024 * 1024;
/// The longest a generation may take, fallbacks and downloads included; what was stored
/// by then is kept and charged.
pub const GENERATION_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

fn is_demo(model_id: &str) -> bool {
    model_id.starts_with("demo:")
}

/// A row of `images`.
#[derive(Debug, sqlx::FromRow)]
struct ImageRow {
    id: i64,
    file_id: String,
    origin: String,
    prompt: String,
    model: String,
    aspect: String,
    width: Option<i64>,
    height: Option<i64>,
    created_at: i64,
}

impl ImageRow {
    fn item(self) -> ImageItem {
        ImageItem {
            id: self.id,
            file_id: self.file_id,
            origin: Origin::parse(&self.origin).unwrap_or(Origin::Generated),
            prompt: self.prompt,
            model: self.model,
            aspect: self.aspect,
            width: self.width.and_then(|w| u32::try_from(w).ok()),
            height: self.height.and_then(|h| u32::try_from(h).ok()),
            created_at: self.created_at,
        }
    }
}

/// A new gallery row.
struct NewImage<'a> {
    file_id: &'a str,
    origin: Origin,
    prompt: &'a str,
    model: &'a str,
    aspect: &'a str,
    source_id: Option<i64>,
    size: Option<(u32, u32)>,
}

async fn insert(db: &Db, user_id: i64, new: &NewImage<'_>) -> Result<ImageItem, AppError> {
    let now = UnixMillis::now().0;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO images (user_id, file_id, origin, prompt, model, aspect, source_id, width, height, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(user_id)
    .bind(new.file_id)
    .bind(new.origin.as_str())
    .bind(new.prompt)
    .bind(new.model)
    .bind(new.aspect)
    .bind(new.source_id)
    .bind(new.size.map(|s| i64::from(s.0)))
    .bind(new.size.map(|s| i64::from(s.1)))
    .bind(now)
    .fetch_one(db.pool())
    .await
    .map_err(failed("insert image"))?;
    get(db, user_id, id).await
}

/// One image of the user's.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<ImageItem, AppError> {
    sqlx::query_as::<_, ImageRow>(&format!("SELECT {COLUMNS} FROM images WHERE id = $1 AND user_id = $2"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(db.pool())
        .await
        .map_err(failed("image"))?
        .map(ImageRow::item)
        .ok_or(AppError::NotFound)
}

/// A page of the gallery, newest first, from before `before` (an image id).
pub async fn gallery(db: &Db, user_id: i64, before: Option<i64>) -> Result<GalleryPage, AppError> {
    let rows = sqlx::query_as::<_, ImageRow>(&format!(
        "SELECT {COLUMNS} FROM images WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
    ))
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(PAGE_SIZE + 1)
    .fetch_all(db.pool())
    .await
    .map_err(failed("gallery"))?;
    let mut images: Vec<ImageItem> = rows.into_iter().map(ImageRow::item).collect();
    let next = if images.len() as i64 > PAGE_SIZE {
        images.truncate(PAGE_SIZE as usize);
        images.last().map(|i| i.id)
    } else {
        None
    };
    Ok(GalleryPage { images, next })
}

/// Deletes an image of the user's: its file (which takes the gallery row with it).
pub async fn delete(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let image = get(&state.db, user_id, id).await?;
    match files::service::delete(state, user_id, &image.file_id).await {
        // The file was already gone: the row goes on its own.
        Ok(()) | Err(AppError::NotFound) => {}
        Err(e) => return Err(e),
    }
    sqlx::query("DELETE FROM images WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(state.db.pool())
        .await
        .map_err(failed("delete image"))?;
    Ok(())
}

/// Puts an image the user saved from the editor (uploaded through the files endpoint)
/// into the gallery. `source`: the gallery image it was edited from.
pub async fn add_edited(
    state: &AppState,
    user_id: i64,
    file_id: &str,
    source: Option<i64>,
) -> Result<ImageItem, AppError> {
    let (file, _) = files::service::find_owned(state, user_id, file_id).await?;
    if file.media() != "image" {
        return Err(AppError::Validation("image-error-unsupported".into()));
    }
    let from = match source {
        Some(id) => Some(get(&state.db, user_id, id).await?),
        None => None,
    };
    let existing = sqlx::query_scalar::<_, i64>("SELECT id FROM images WHERE file_id = $1 AND user_id = $2")
        .bind(file_id)
        .bind(user_id)
        .fetch_optional(state.db.pool())
        .await
        .map_err(failed("image by file"))?;
    if let Some(id) = existing {
        return get(&state.db, user_id, id).await;
    }
    let size = file.width.zip(file.height);
    let aspect = size.map(|(w, h)| ratio_label(w, h)).unwrap_or_default();
    insert(
        &state.db,
        user_id,
        &NewImage {
            file_id,
            origin: Origin::Edited,
            prompt: from.as_ref().map(|f| f.prompt.as_str()).unwrap_or(""),
            model: "",
            aspect: &aspect,
            source_id: from.as_ref().map(|f| f.id),
            size,
        },
    )
    .await
}

/// "1:1", "16:9" … when the size is one of the studio's ratios, else "W×H" reduced.
fn ratio_label(w: u32, h: u32) -> String {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let g = gcd(w, h).max(1);
    format!("{}:{}", w / g, h / g)
}

/// The studio's models.
pub fn studio(state: &AppState) -> Studio {
    let models = state.ai.image_models();
    let edit_model = models.iter().find(|m| m.edits).map(|m| m.id.clone());
    Studio { models, edit_model }
}

/// What `count` images would leave of the plan.
pub async fn cost(state: &AppState, user_id: i64, count: u8) -> Result<CostPreview, AppError> {
    let count = count.clamp(1, MAX_COUNT);
    work::preview(&state.db, user_id, &Quote::exact(UsageKind::Images, i64::from(count), "image")).await
}

/// A checked request: what goes to the model.
pub struct Prepared {
    model: ImageModel,
    request: ImageRequest,
    prompt: String,
    aspect: Aspect,
    source_id: Option<i64>,
    quote: Quote,
}

/// Checks the request and the plan before anything is reserved or streamed.
pub async fn prepare(state: &AppState, user_id: i64, req: &GenerateRequest) -> Result<Prepared, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, PlanFeature::Image).await?;
    let prompt = req.prompt.trim();
    if prompt.is_empty() {
        return Err(AppError::Validation("image-prompt-empty".into()));
    }
    if prompt.chars().count() > MAX_PROMPT_CHARS {
        return Err(AppError::Validation("image-prompt-too-long".into()));
    }
    let aspect = Aspect::parse(&req.aspect).ok_or_else(|| AppError::Validation("image-aspect-invalid".into()))?;
    if !(1..=MAX_COUNT).contains(&req.count) {
        return Err(AppError::Validation("image-count-invalid".into()));
    }
    let models = state.ai.image_models();
    let mut model = match req.model.as_deref().filter(|m| !m.is_empty()) {
        Some(id) => {
            models.iter().find(|m| m.id == id).cloned().ok_or(AppError::Validation("image-model-unknown".into()))?
        }
        None => models.first().cloned().ok_or(AppError::Unavailable)?,
    };
    let (source, source_id, count) = match req.source {
        None => (None, None, req.count),
        Some(id) => {
            if !model.edits {
                // Another real model that edits; never the offline painter in a real one's place.
                model = models
                    .iter()
                    .find(|m| m.edits && !is_demo(&m.id))
                    .cloned()
                    .ok_or(AppError::Validation("image-no-edit-model".into()))?;
            }
            let image = get(&state.db, user_id, id).await?;
            let (file, key) = files::service::find_owned(state, user_id, &image.file_id).await?;
            if file.bytes > MAX_SOURCE_BYTES as i64 {
                return Err(AppError::Validation("image-error-too-large".into()));
            }
            let data = state.storage.get_bytes(&key).await.map_err(|e| {
                tracing::error!(error = %e, "image source");
                AppError::Unavailable
            })?;
            if data.len() > MAX_SOURCE_BYTES {
                return Err(AppError::Validation("image-error-too-large".into()));
            }
            (Some(SourceImage { mime: file.content_type, data }), Some(id), 1)
        }
    };
    let styled = styled_prompt(prompt, &req.style);
    // The reservation outlives the longest generation (GENERATION_DEADLINE), so it can
    // never lapse and be given to another request while this one still runs.
    let quote = Quote::exact(UsageKind::Images, i64::from(count), "image")
        .model(model.id.clone())
        .ttl_ms(2 * GENERATION_DEADLINE.as_millis() as i64);
    Ok(Prepared {
        request: ImageRequest { model: String::new(), prompt: styled, count, aspect, source },
        prompt: prompt.to_string(),
        model,
        aspect,
        source_id,
        quote,
    })
}

/// How a generation ended.
#[derive(Debug)]
pub struct Outcome {
    pub asked: u8,
    pub charged: i64,
    pub model: String,
    /// Why it stopped early, when it did (images made before it are kept and charged).
    pub error: Option<AppError>,
}

/// A checked request with its reservation: moderation passed and the images are held.
pub struct Reserved {
    job: Prepared,
    metered: work::Metered,
}

impl Reserved {
    /// How many images will be asked for (an AI change is one, whatever was asked).
    pub fn count(&self) -> u8 {
        self.job.request.count
    }
}

/// Moderation, then the reservation of the images asked for — before any stream opens,
/// so a refusal (422, 402 with the add-on offer) is the answer's own status.
pub async fn reserve(state: &AppState, user_id: i64, job: Prepared) -> Result<Reserved, AppError> {
    let screen_image = job.request.source.as_ref().map(|s| ImageInput { mime: &s.mime, bytes: &s.data });
    let screen = Screen::text("image_prompt", &job.prompt).with_image(screen_image);
    let metered = work::begin(state, user_id, &job.quote, Some(screen)).await?;
    Ok(Reserved { job, metered })
}

/// The model, storage, the settlement. Each stored image is sent on `images` as it
/// arrives. Nothing made → nothing charged and the error.
pub async fn generate(
    state: &AppState,
    user_id: i64,
    reserved: Reserved,
    images: mpsc::Sender<ImageItem>,
) -> Result<Outcome, AppError> {
    let Reserved { job, metered } = reserved;
    let Prepared { model, request, prompt, aspect, source_id, quote: _ } = job;
    let asked = request.count;
    let deadline = tokio::time::Instant::now() + GENERATION_DEADLINE;
    let started = tokio::time::timeout_at(deadline, state.ai.generate_images(&model.id, request)).await;
    let (made_by, mut stream) = match started {
        Ok(Ok(started)) => started,
        Ok(Err(e)) => {
            metered.release().await?;
            return Err(provider_error(&e));
        }
        Err(_) => {
            metered.release().await?;
            return Err(AppError::ProviderTimeout);
        }
    };
    let origin = if source_id.is_some() { Origin::AiEdit } else { Origin::Generated };
    let mut made: i64 = 0;
    let mut error = None;
    loop {
        let image = match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(None) => break,
            Ok(Some(Ok(image))) => image,
            Ok(Some(Err(e))) => {
                error = Some(provider_error(&e));
                break;
            }
            Err(_) => {
                error = Some(AppError::ProviderTimeout);
                break;
            }
        };
        if made >= i64::from(asked) {
            break;
        }
        match store(state, user_id, &image, &made_by.id, &prompt, aspect, origin, source_id).await {
            Ok(Some(item)) => {
                made += 1;
                // The page may be gone: the image is in the gallery all the same.
                let _ = images.send(item).await;
            }
            // Not a picture after all: not kept, not charged.
            Ok(None) => tracing::warn!(model = %made_by.id, "a provider returned an unreadable image"),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    drop(stream);
    let settled = metered.settle(made).await?;
    metrics::counter!("pulse_images_made_total", "model" => made_by.id.clone()).increment(made as u64);
    if made == 0 {
        return Err(error.unwrap_or(AppError::Validation("image-error-none".into())));
    }
    Ok(Outcome { asked, charged: settled.amount, model: made_by.id, error })
}

#[allow(clippy::too_many_arguments)]
async fn store(
    state: &AppState,
    user_id: i64,
    image: &pulse_providers::image::GeneratedImage,
    model: &str,
    prompt: &str,
    aspect: Aspect,
    origin: Origin,
    source_id: Option<i64>,
) -> Result<Option<ImageItem>, AppError> {
    let ext = match image.mime.as_str() {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "png",
    };
    let Some((w, h)) = image::ImageReader::new(std::io::Cursor::new(&image.data))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .filter(|(w, h)| *w > 0 && *h > 0)
    else {
        return Ok(None);
    };
    // The shape it really has (a model may round the one asked for, and a change keeps its
    // source's): the one asked for when within 2 %, else the reduced ratio.
    let shape = match aspect
        .as_str()
        .split_once(':')
        .and_then(|(a, b)| Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?)))
    {
        Some((aw, ah)) if ((f64::from(w) / f64::from(h)) / (aw / ah) - 1.0).abs() < 0.02 => aspect.as_str().to_string(),
        _ => ratio_label(w, h),
    };
    let name = format!("{}.{ext}", file_stem(prompt));
    let file =
        files::service::save_bytes(state, user_id, FileKind::Image, &name, &image.mime, image.data.clone(), None)
            .await?;
    let stored = insert(
        &state.db,
        user_id,
        &NewImage { file_id: &file.id, origin, prompt, model, aspect: &shape, source_id, size: Some((w, h)) },
    )
    .await;
    if stored.is_err() {
        let _ = files::service::delete(state, user_id, &file.id).await;
    }
    stored.map(Some)
}

/// A file name from the prompt's first words (letters of any script, digits, dashes).
fn file_stem(prompt: &str) -> String {
    let words: Vec<String> = prompt
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '-').collect::<String>())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let stem: String = words.join("-").chars().take(60).collect();
    if stem.is_empty() {
        "image".into()
    } else {
        stem
    }
}

/// What a user is told when the model failed; none of it is charged.
fn provider_error(e: &ProviderError) -> AppError {
    tracing::warn!(error = %e, "image provider");
    match e {
        ProviderError::Safety(_) => AppError::Validation("image-error-safety".into()),
        ProviderError::Timeout => AppError::ProviderTimeout,
        ProviderError::RateLimited { .. } | ProviderError::Unavailable { .. } | ProviderError::Network(_) => {
            AppError::Unavailable
        }
        ProviderError::Rejected { status: 400, .. } => AppError::Validation("image-error-rejected".into()),
        ProviderError::Rejected { .. } | ProviderError::Protocol(_) => AppError::Unavailable,
    }
}

/// The editor's module, as the build wrote it in the site's `pkg/editor.json`.
pub fn editor_assets(state: &AppState) -> Option<EditorAssets> {
    let options = &state.leptos_options;
    let path = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir).join("editor.json");
    let text = std::fs::read_to_string(&path).ok()?;
    serde_json::from_str(&text)
        .map_err(|e| tracing::warn!(error = %e, path = %path.display(), "editor.json unreadable"))
        .ok()
}

/// The editor's words in `lang`: every key of `crates/image-editor/labels.txt`.
pub fn editor_labels(lang: crate::i18n::Lang) -> Vec<(String, String)> {
    const KEYS: &str = include_str!("../../../../crates/image-editor/labels.txt");
    KEYS.lines()
        .map(str::trim)
        .filter(|k| !k.is_empty() && !k.starts_with('#'))
        // Placeholders stay for the editor to fill in (its own numbers).
        .map(|k| {
            let keep = |name: &str| crate::i18n::Arg::Text(format!("{{ ${name} }}"));
            let args = [("width", keep("width")), ("height", keep("height")), ("size", keep("size"))];
            (k.to_string(), crate::i18n::message_with(lang, k, &args))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_arabic_words_and_drop_punctuation() {
        assert_eq!(file_stem("قطة، على سطح! القمر"), "قطة-على-سطح-القمر");
        assert_eq!(file_stem("  ?? "), "image");
    }

    #[test]
    fn ratios_reduce() {
        assert_eq!(ratio_label(1080, 1080), "1:1");
        assert_eq!(ratio_label(1920, 1080), "16:9");
    }
}
