//! The `videos` table's home, and the two job kinds that fill it:
//!
//! - `video.generate`: a clip from a prompt. Submitting screens the prompt and reserves
//!   one video with the job (`platform::jobs::submit`); the worker starts the model's
//!   long-running operation (falling back along the catalogue's chain when a provider is
//!   busy or down before it starts), keeps the operation's name in the row (a worker that
//!   takes the job over after a crash polls the same operation rather than paying for a
//!   second), polls it, downloads the clip, checks it with ffprobe and stores it as the
//!   user's file; the job's end settles the video. Failure or cancel releases it.
//! - `video.edit`: one of the user's uploads cut and captioned by ffmpeg. Free (see
//!   `docs/ARCHITECTURE.md`), bounded by the plan's clip limits.
//!
//! Both are idempotent across attempts: a job whose clip was already stored (the worker
//! died between storing and ending the job) ends with that clip, charged once.

use super::demo::DemoVideos;
use super::media::{self, WorkDir};
use super::model::*;
use crate::error::AppError;
use crate::features::files::{self, FileKind};
use crate::features::jobs::JobView;
use crate::features::plans::PlanFeature;
use crate::features::usage::{CostPreview, UsageKind};
use crate::platform::db::{failed, Db};
use crate::platform::jobs::{self, store, JobContext, JobDone, JobError, JobKind, JobRow, Submit};
use crate::platform::storage::inspect::{self, Checked};
use crate::platform::work::{Quote, Screen};
use crate::platform::AppState;
use crate::types::UnixMillis;
use pulse_providers::video::{self as pv, VideoAspect, VideoRequest, VideoRoute, MAX_VIDEO_BYTES};
use pulse_providers::ProviderError;
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const GENERATE_KIND: &str = "video.generate";
pub const EDIT_KIND: &str = "video.edit";
/// The longest a provider's operation may run before the attempt gives up (Veo takes one
/// to three minutes; a busy queue more).
pub const POLL_DEADLINE: Duration = Duration::from_secs(12 * 60);
/// The shortest cut, in seconds.
const MIN_CUT_SECS: f64 = 0.5;

// ---------------------------------------------------------------------------------------
// The table.

const COLUMNS: &str =
    "id, user_id, job_id, origin, prompt, model, seconds, aspect, source_file_id, operation, file_id, deleted, created_at";

#[derive(Debug, Clone, sqlx::FromRow)]
struct VideoRow {
    id: i64,
    #[allow(dead_code)]
    user_id: i64,
    job_id: i64,
    origin: String,
    prompt: String,
    model: String,
    seconds: Option<f64>,
    aspect: String,
    #[allow(dead_code)]
    source_file_id: Option<String>,
    operation: Option<String>,
    file_id: Option<String>,
    deleted: i64,
    created_at: i64,
}

impl VideoRow {
    fn item(self, job: JobView) -> VideoItem {
        VideoItem {
            id: self.id,
            origin: Origin::parse(&self.origin).unwrap_or(Origin::Generated),
            prompt: self.prompt,
            model: self.model,
            seconds: self.seconds,
            aspect: self.aspect,
            created_at: self.created_at,
            job,
        }
    }
}

struct NewVideo<'a> {
    job_id: i64,
    origin: Origin,
    prompt: &'a str,
    model: &'a str,
    seconds: f64,
    aspect: &'a str,
    source_file_id: Option<&'a str>,
}

async fn insert(db: &Db, user_id: i64, new: &NewVideo<'_>) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "INSERT INTO videos (user_id, job_id, origin, prompt, model, seconds, aspect, source_file_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(user_id)
    .bind(new.job_id)
    .bind(new.origin.as_str())
    .bind(new.prompt)
    .bind(new.model)
    .bind(new.seconds)
    .bind(new.aspect)
    .bind(new.source_file_id)
    .bind(UnixMillis::now().0)
    .fetch_one(db.pool())
    .await
    .map_err(failed("insert video"))
}

async fn row_of_job(db: &Db, job_id: i64) -> Result<Option<VideoRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM videos WHERE job_id = $1"))
        .bind(job_id)
        .fetch_optional(db.pool())
        .await
}

async fn row(db: &Db, user_id: i64, id: i64) -> Result<VideoRow, AppError> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM videos WHERE id = $1 AND user_id = $2 AND deleted = 0"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(db.pool())
        .await
        .map_err(failed("video"))?
        .ok_or(AppError::NotFound)
}

async fn set_operation(db: &Db, job_id: i64, operation: Option<&str>) {
    let r = sqlx::query("UPDATE videos SET operation = $1 WHERE job_id = $2")
        .bind(operation)
        .bind(job_id)
        .execute(db.pool())
        .await;
    if let Err(e) = r {
        tracing::warn!(error = %e, job_id, "saving a video operation failed");
    }
}

/// Records the stored clip on its row. The row may have been deleted meanwhile (the user
/// deleted the clip while it finished): then the clip is removed again and the job ends
/// as cancelled (its delete asked for that), so nothing is charged.
async fn set_file(state: &AppState, job: &JobRow, file_id: &str, model: Option<&str>) -> Result<(), JobError> {
    let updated = sqlx::query(
        "UPDATE videos SET file_id = $1, model = COALESCE($2, model), operation = NULL WHERE job_id = $3 AND deleted = 0",
    )
    .bind(file_id)
    .bind(model)
    .bind(job.id)
    .execute(state.db.pool())
    .await;
    let outcome = match updated {
        Ok(r) if r.rows_affected() == 1 => return Ok(()),
        Ok(_) => JobError::Fail("video-error-deleted".into()),
        Err(e) => {
            tracing::error!(error = %e, job_id = job.id, "recording a stored clip failed");
            JobError::Retry("video-error-unavailable".into())
        }
    };
    // Not recorded: the clip must not stay behind unaccounted for (another attempt stores it again).
    if let Err(e) = files::service::delete(state, job.user_id, file_id).await {
        tracing::warn!(error = %e, file_id, "removing an unrecorded clip failed; the sweeper will");
    }
    Err(outcome)
}

/// The job's row. `jobs::submit` wakes the workers a moment before the row is written
/// (`record`), so a worker quick off the mark waits for it briefly; a job whose row never
/// came (its insert failed) ends without a clip or a charge.
async fn wait_for_row(ctx: &JobContext) -> Result<VideoRow, JobError> {
    for _ in 0..50 {
        if let Some(row) = row_of_job(&ctx.state.db, ctx.job.id).await.map_err(db_retry)? {
            if row.deleted != 0 {
                return Err(JobError::Fail("video-error-deleted".into()));
            }
            return Ok(row);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(JobError::Fail("video-error-unavailable".into()))
}

/// The user's clips, newest first, each with its job.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<VideoItem>, AppError> {
    let rows: Vec<VideoRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM videos WHERE user_id = $1 AND deleted = 0 ORDER BY id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(LIST_SIZE)
    .fetch_all(db.pool())
    .await
    .map_err(failed("videos"))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.job_id).collect();
    let jobs = store::get_many(db, &ids).await.map_err(failed("video jobs"))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let job = jobs.iter().find(|j| j.id == r.job_id).map(JobRow::view)?;
            Some(r.item(job))
        })
        .collect())
}

async fn item(state: &AppState, user_id: i64, id: i64) -> Result<VideoItem, AppError> {
    let r = row(&state.db, user_id, id).await?;
    let job = jobs::get_for_user(state, user_id, jobs::JobId(r.job_id)).await?;
    Ok(r.item(job))
}

/// Deletes a clip of the user's. The row is marked first, so a job finishing at this very
/// moment cannot record its clip (it removes it and ends without a charge); a job still at
/// work is cancelled (its video released); then whatever clip was stored goes.
pub async fn delete(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let r = row(&state.db, user_id, id).await?;
    sqlx::query("UPDATE videos SET deleted = 1 WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(state.db.pool())
        .await
        .map_err(failed("delete video"))?;
    let job = jobs::get_for_user(state, user_id, jobs::JobId(r.job_id)).await?;
    if job.status.is_active() {
        match jobs::cancel(state, Some(user_id), jobs::JobId(r.job_id)).await {
            Ok(_) | Err(AppError::Validation(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // Read again: a clip recorded between the first read and the mark is found here.
    let file: Option<String> = sqlx::query_scalar("SELECT file_id FROM videos WHERE id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .map_err(failed("video file"))?;
    let job = jobs::get_for_user(state, user_id, jobs::JobId(r.job_id)).await?;
    for file in [file.as_deref(), job.result_file.as_deref()].into_iter().flatten() {
        match files::service::delete(state, user_id, file).await {
            Ok(()) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    sqlx::query("UPDATE videos SET file_id = NULL WHERE id = $1")
        .bind(id)
        .execute(state.db.pool())
        .await
        .map_err(failed("delete video"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The studio.

/// The models, the user's limits and clips.
pub async fn studio(state: &AppState, user_id: i64) -> Result<Studio, AppError> {
    let limits = crate::platform::plan_features::clip_limits(&state.db, user_id).await?;
    Ok(Studio {
        models: state.ai.video_models(),
        max_clip_secs: limits.max_secs,
        max_clip_bytes: limits.max_bytes.min(state.config.storage.max_video_bytes as i64),
        advanced: limits.advanced,
        videos: list(&state.db, user_id).await?,
    })
}

/// What one clip would leave of the plan ("1 of your 5 remaining videos").
pub async fn cost(state: &AppState, user_id: i64) -> Result<CostPreview, AppError> {
    crate::platform::work::preview(&state.db, user_id, &Quote::exact(UsageKind::Videos, 1, "video")).await
}

/// What a `video.generate` job is given.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct GenerateInput {
    prompt: String,
    model: String,
    seconds: u8,
    aspect: VideoAspect,
}

/// Queues a clip from a prompt: checks, moderation and one video reserved with the job.
pub async fn submit_generate(state: &AppState, user_id: i64, form: GenerateForm) -> Result<VideoItem, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, PlanFeature::Video).await?;
    let prompt = form.prompt.trim().to_string();
    if prompt.is_empty() {
        return Err(AppError::Validation("video-error-prompt-empty".into()));
    }
    if prompt.chars().count() > MAX_PROMPT_CHARS {
        return Err(AppError::Validation("video-error-prompt-long".into()));
    }
    if !LENGTHS.contains(&form.seconds) {
        return Err(AppError::Validation("video-error-length".into()));
    }
    let aspect = VideoAspect::parse(&form.aspect).ok_or_else(|| AppError::Validation("video-error-aspect".into()))?;
    let models = state.ai.video_models();
    let model = match form.model.as_deref().filter(|m| !m.is_empty()) {
        Some(id) => models.iter().find(|m| m.id == id),
        None => models.first(),
    }
    .ok_or_else(|| AppError::Validation("video-error-model".into()))?
    .id
    .clone();
    let input = GenerateInput { prompt: prompt.clone(), model: model.clone(), seconds: form.seconds, aspect };
    let job = jobs::submit(
        state,
        user_id,
        Submit {
            kind: GENERATE_KIND,
            input: serde_json::to_value(&input).map_err(|_| AppError::Internal)?,
            quote: Some(Quote::exact(UsageKind::Videos, 1, "video").model(model.clone())),
            screen: Some(Screen::text("video_prompt", &prompt)),
            max_attempts: 3,
        },
    )
    .await?;
    let new = NewVideo {
        job_id: job.id,
        origin: Origin::Generated,
        prompt: &prompt,
        model: &model,
        seconds: f64::from(form.seconds),
        aspect: aspect.as_str(),
        source_file_id: None,
    };
    record(state, user_id, job, &new).await
}

/// The row of a job just queued. If it cannot be written the job is cancelled (its quota
/// released): a clip the user cannot see must not run.
async fn record(state: &AppState, user_id: i64, job: JobView, new: &NewVideo<'_>) -> Result<VideoItem, AppError> {
    match insert(&state.db, user_id, new).await {
        Ok(id) => item(state, user_id, id).await,
        Err(e) => {
            let _ = jobs::cancel(state, Some(user_id), jobs::JobId(job.id)).await;
            Err(e)
        }
    }
}

/// What a `video.edit` job is given.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct EditInput {
    form: EditForm,
}

/// A cut with captions, checked: the source is one of the user's videos, the cut lies
/// within it, and within the plan's limits.
fn check_cut(form: &EditForm, duration: f64, max_secs: i64) -> Result<(), AppError> {
    let bad = |k: &str| Err(AppError::Validation(k.into()));
    if !(form.start.is_finite() && form.end.is_finite()) || form.start < 0.0 || form.end > duration + 0.05 {
        return bad("video-error-trim");
    }
    if form.end - form.start < MIN_CUT_SECS {
        return bad("video-error-trim");
    }
    if form.end - form.start > max_secs as f64 + 0.05 {
        return bad("video-error-too-long");
    }
    if form.captions.len() > MAX_CAPTIONS {
        return bad("video-error-captions");
    }
    for c in &form.captions {
        let n = c.text.trim().chars().count();
        if n == 0 || n > MAX_CAPTION_CHARS || !c.start.is_finite() || !c.end.is_finite() || c.end <= c.start {
            return bad("video-error-caption");
        }
    }
    Ok(())
}

/// Queues an edit of one of the user's uploads. A file that is not a video, too large or
/// too long for the plan, or a cut outside the clip is refused before any job exists.
pub async fn submit_edit(state: &AppState, user_id: i64, form: EditForm) -> Result<VideoItem, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, PlanFeature::Video).await?;
    if form.is_advanced() {
        crate::platform::plan_features::require(&state.db, user_id, PlanFeature::AdvancedEditors).await?;
    }
    let (file, _) = files::service::find_owned(state, user_id, &form.file_id).await?;
    let Some(duration) = file.duration_secs.filter(|_| file.media() == "video") else {
        return Err(AppError::Validation("video-error-not-video".into()));
    };
    let limits = crate::platform::plan_features::clip_limits(&state.db, user_id).await?;
    if file.bytes > limits.max_bytes {
        return Err(AppError::Validation("video-error-too-large".into()));
    }
    check_cut(&form, duration, limits.max_secs)?;
    let words: Vec<&str> = form.captions.iter().map(|c| c.text.trim()).collect();
    let words = words.join("\n");
    let job = jobs::submit(
        state,
        user_id,
        Submit {
            kind: EDIT_KIND,
            input: serde_json::to_value(EditInput { form: form.clone() }).map_err(|_| AppError::Internal)?,
            quote: None,
            screen: (!words.is_empty()).then(|| Screen::text("text", &words)),
            max_attempts: 2,
        },
    )
    .await?;
    let title = form.captions.first().map(|c| c.text.trim().to_string()).unwrap_or_else(|| file.name.clone());
    let aspect = match (file.width, file.height) {
        (Some(w), Some(h)) => format!("{w}×{h}"),
        _ => String::new(),
    };
    let new = NewVideo {
        job_id: job.id,
        origin: Origin::Edited,
        prompt: &title,
        model: "",
        seconds: form.end - form.start,
        aspect: &aspect,
        source_file_id: Some(&form.file_id),
    };
    record(state, user_id, job, &new).await
}

// ---------------------------------------------------------------------------------------
// The job kinds.

/// `video.generate`: network waits, mostly; a few at once per process.
pub fn generate_kind() -> JobKind {
    JobKind::new(GENERATE_KIND, 4, |ctx| Box::pin(run_generate(ctx)))
}

/// `video.edit`: ffmpeg takes a core; one at a time per process.
pub fn edit_kind() -> JobKind {
    JobKind::new(EDIT_KIND, 1, |ctx| Box::pin(run_edit(ctx)))
}

/// The clip an earlier attempt of this job already stored, if any (and still there).
async fn stored_before(ctx: &JobContext, row: &VideoRow) -> Option<String> {
    let file = row.file_id.clone()?;
    files::service::find_owned(&ctx.state, ctx.job.user_id, &file).await.ok().map(|_| file)
}

fn db_retry(e: sqlx::Error) -> JobError {
    tracing::warn!(error = %e, "video job: database");
    JobError::Retry("video-error-unavailable".into())
}

/// A provider's error as the job's: refusals and bad requests are final, a busy or
/// unreachable provider is worth another attempt later.
fn job_error(e: &ProviderError) -> JobError {
    match e {
        ProviderError::Safety(_) => JobError::Fail("video-error-safety".into()),
        ProviderError::RateLimited { .. } => JobError::Retry("video-error-busy".into()),
        ProviderError::Unavailable { .. } | ProviderError::Network(_) => {
            JobError::Retry("video-error-unavailable".into())
        }
        // A call that took too long (starting, downloading): worth another attempt. The
        // poll deadline is final, and said where it happens.
        ProviderError::Timeout => JobError::Retry("video-error-timeout".into()),
        ProviderError::Rejected { .. } | ProviderError::Protocol(_) => JobError::Fail("video-error-provider".into()),
    }
}

/// Runs `work` while reporting its fraction done (0.0–1.0) as the job's percent between
/// `from` and `to`, with `stage`.
async fn reporting<T, F>(
    ctx: &JobContext,
    stage: &str,
    from: i64,
    to: i64,
    work: impl FnOnce(Box<dyn FnMut(f64) + Send>) -> F,
) -> T
where
    F: std::future::Future<Output = T>,
{
    let (tx, mut rx) = tokio::sync::watch::channel(0.0f64);
    let fut = work(Box::new(move |f| {
        let _ = tx.send(f);
    }));
    tokio::pin!(fut);
    ctx.progress(from, Some(stage)).await;
    loop {
        tokio::select! {
            out = &mut fut => return out,
            changed = rx.changed() => {
                if changed.is_err() {
                    return fut.await;
                }
                let f = (*rx.borrow_and_update()).clamp(0.0, 1.0);
                ctx.progress(from + ((to - from) as f64 * f).round() as i64, Some(stage)).await;
            }
        }
    }
}

/// A downloaded clip checked by ffprobe as the MP4 (or WebM) it claims to be.
async fn check_clip(state: &AppState, path: &std::path::Path) -> Result<(Checked, &'static str), JobError> {
    use tokio::io::AsyncReadExt;
    let mut head = vec![0u8; inspect::SNIFF_BYTES];
    let n = match tokio::fs::File::open(path).await {
        Ok(mut f) => f.read(&mut head).await.unwrap_or(0),
        Err(_) => 0,
    };
    let sniffed = inspect::sniff(&head[..n])
        .filter(|s| s.media == inspect::Media::Video)
        .ok_or_else(|| JobError::Fail("video-error-provider".into()))?;
    let mut settings = state.config.storage.clone();
    // A model's clip is never refused for the upload limit on length.
    settings.video_max_secs = settings.video_max_secs.max(600.0);
    let checked = inspect::probe_video(path, sniffed, &settings).await.map_err(|r| {
        tracing::warn!(reason = r.code(), "a provider's clip failed its check");
        JobError::Fail("video-error-provider".into())
    })?;
    Ok((checked, sniffed.mime))
}

async fn run_generate(ctx: JobContext) -> Result<JobDone, JobError> {
    let input: GenerateInput = ctx.input()?;
    let row = wait_for_row(&ctx).await?;
    if let Some(file) = stored_before(&ctx, &row).await {
        return Ok(JobDone { used: 1, result_json: None, result_file: Some(file) });
    }
    let state = ctx.state.clone();
    let chain = state.ai.video_chain(&input.model);
    if chain.is_empty() {
        return Err(JobError::Fail("video-error-model".into()));
    }
    // The operation an earlier attempt started, if its model is still on the chain.
    let resumed = row
        .operation
        .as_deref()
        .and_then(|s| s.split_once('\t'))
        .and_then(|(model, op)| chain.iter().find(|r| r.model_id == model).map(|r| (r.clone(), op.to_string())));
    let (route, operation) = match resumed {
        Some(found) => found,
        None => {
            ctx.progress(3, Some("job-stage-video-starting")).await;
            let (route, op) = start(&chain, &input).await?;
            set_operation(&state.db, ctx.job.id, Some(&format!("{}\t{op}", route.model_id))).await;
            (route, op)
        }
    };
    let started = tokio::time::Instant::now();
    let deadline = started + POLL_DEADLINE;
    let provider = route.provider.clone();
    let waited = reporting(&ctx, "job-stage-video-rendering", 8, 85, |mut report| async move {
        pv::wait_until_ready(provider.as_ref(), &operation, deadline, move |percent| {
            // Without a figure from the provider, time says it: most clips take a minute or two.
            let f = match percent {
                Some(p) => f64::from(p.min(100)) / 100.0,
                None => 1.0 - (-started.elapsed().as_secs_f64() / 70.0).exp(),
            };
            report(f.min(0.99));
        })
        .await
    })
    .await;
    let uri = match waited {
        Ok(uri) => uri,
        // Still not done after the deadline: final for this job. The operation is kept, so
        // a retry by the user polls it again (it may have finished) instead of paying anew.
        Err(ProviderError::Timeout) => return Err(JobError::Fail("video-error-timeout".into())),
        // The operation ended with an error: it is over; another attempt starts a new one.
        Err(e) => {
            set_operation(&state.db, ctx.job.id, None).await;
            tracing::info!(error = %e, job = ctx.job.id, model = %route.model_id, "video operation failed");
            return Err(job_error(&e));
        }
    };
    ctx.progress(88, Some("job-stage-video-saving")).await;
    let dir = WorkDir::new(&state.config.data_dir.join("tmp")).await.map_err(|e| {
        tracing::error!(error = %e, "video work dir");
        JobError::Retry("video-error-unavailable".into())
    })?;
    let path = dir.join("clip.mp4");
    if let Err(e) = route.provider.download(&uri, &path, MAX_VIDEO_BYTES).await {
        tracing::info!(error = %e, job = ctx.job.id, "video download failed");
        // A download that may work next time keeps the operation (its file is kept for
        // days); one refused for good does not.
        if !e.is_retryable() {
            set_operation(&state.db, ctx.job.id, None).await;
        }
        return Err(job_error(&e));
    }
    let (checked, mime) = match check_clip(&state, &path).await {
        Ok(found) => found,
        Err(e) => {
            set_operation(&state.db, ctx.job.id, None).await;
            return Err(e);
        }
    };
    let name = if mime == "video/webm" { "clip.webm" } else { "clip.mp4" };
    let file = files::service::save_file(&state, ctx.job.user_id, FileKind::Video, name, mime, &path, &checked)
        .await
        .map_err(|_| JobError::Retry("video-error-unavailable".into()))?;
    set_file(&state, &ctx.job, &file.id, Some(&route.model_id)).await?;
    Ok(JobDone {
        used: 1,
        result_json: Some(serde_json::json!({ "model": route.model_id })),
        result_file: Some(file.id),
    })
}

/// Starts the operation on the first model of the chain that takes it: a busy or
/// unreachable provider passes to the next; a refusal ends it (a safety refusal is never
/// taken elsewhere).
async fn start(chain: &[VideoRoute], input: &GenerateInput) -> Result<(VideoRoute, String), JobError> {
    let mut last = None;
    for route in chain {
        let request = VideoRequest {
            model: route.provider_model.clone(),
            prompt: input.prompt.clone(),
            seconds: input.seconds,
            aspect: input.aspect,
        };
        match route.provider.start(request).await {
            Ok(op) => {
                if route.model_id != input.model {
                    tracing::info!(asked = %input.model, used = %route.model_id, "video fallback");
                }
                return Ok((route.clone(), op));
            }
            Err(e) if e.is_retryable() => {
                tracing::info!(error = %e, model = %route.model_id, "video model unavailable; trying the next");
                last = Some(e);
            }
            Err(e) => return Err(job_error(&e)),
        }
    }
    Err(job_error(&last.unwrap_or(ProviderError::Unavailable { status: 503 })))
}

async fn run_edit(ctx: JobContext) -> Result<JobDone, JobError> {
    let EditInput { form } = ctx.input()?;
    let row = wait_for_row(&ctx).await?;
    if let Some(file) = stored_before(&ctx, &row).await {
        return Ok(JobDone { used: 0, result_json: None, result_file: Some(file) });
    }
    let state = ctx.state.clone();
    let user = ctx.job.user_id;
    ctx.progress(2, Some("job-stage-video-preparing")).await;
    let (source, key) = match files::service::find_owned(&state, user, &form.file_id).await {
        Ok(found) => found,
        Err(AppError::NotFound) => return Err(JobError::Fail("video-error-source-gone".into())),
        Err(_) => return Err(JobError::Retry("video-error-unavailable".into())),
    };
    let demuxer =
        inspect::video_demuxer(&source.content_type).ok_or_else(|| JobError::Fail("video-error-not-video".into()))?;
    let dir = WorkDir::new(&state.config.data_dir.join("tmp")).await.map_err(|e| {
        tracing::error!(error = %e, "video work dir");
        JobError::Retry("video-error-unavailable".into())
    })?;
    if let Err(e) = state.storage.download_to(&key, &dir.join("source")).await {
        tracing::warn!(error = %e, "video source download");
        return Err(JobError::Retry("video-error-unavailable".into()));
    }
    let (w, h) = (source.width.unwrap_or(1280), source.height.unwrap_or(720));
    let captions = media::shift_captions(&form.captions, form.start, form.end - form.start);
    let cut = media::Cut {
        source: "source",
        demuxer,
        width: w,
        height: h,
        start: form.start,
        length: form.end - form.start,
        captions: &captions,
        position: form.position,
        size: form.size,
    };
    let ffmpeg = state.config.storage.ffmpeg.clone();
    let done = reporting(&ctx, "job-stage-video-rendering", 5, 92, |report| async {
        media::cut(&ffmpeg, &dir, &cut, "out.mp4", report).await
    })
    .await;
    match done {
        Ok(()) => {}
        Err(media::MediaError::Failed(why)) => {
            tracing::info!(why, job = ctx.job.id, "ffmpeg could not cut the clip");
            return Err(JobError::Fail("video-error-unreadable".into()));
        }
        Err(e) => {
            tracing::error!(error = %e, job = ctx.job.id, "ffmpeg");
            return Err(JobError::Retry("video-error-unavailable".into()));
        }
    }
    ctx.progress(95, Some("job-stage-video-saving")).await;
    let out = dir.join("out.mp4");
    let (checked, _) = check_clip(&state, &out).await.map_err(|_| JobError::Fail("video-error-unreadable".into()))?;
    let stem = source.name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&source.name);
    let name = format!("{stem}-edit.mp4");
    let file = files::service::save_file(&state, user, FileKind::Video, &name, "video/mp4", &out, &checked)
        .await
        .map_err(|_| JobError::Retry("video-error-unavailable".into()))?;
    set_file(&state, &ctx.job, &file.id, None).await?;
    Ok(JobDone { used: 0, result_json: None, result_file: Some(file.id) })
}

/// Whether `ffmpeg -version` runs (checked once at start-up).
pub fn ffmpeg_runs(ffmpeg: &str) -> bool {
    std::process::Command::new(ffmpeg)
        .arg("-version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The offline demo generator, for the gateway (`demo:video`).
pub fn demo_provider(config: &crate::platform::config::Config) -> DemoVideos {
    DemoVideos {
        ffmpeg: config.storage.ffmpeg.clone(),
        work_dir: config.data_dir.join("tmp"),
        pace: Duration::from_millis(config.demo_video_ms),
    }
}
