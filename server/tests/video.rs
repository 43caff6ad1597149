//! The video studio over HTTP and its jobs, on SQLite and PostgreSQL: a demo clip is made
//! by a job, stored as the user's file and charged one video; a safety refusal, a failed
//! operation or a busy provider charge nothing; the fallback model is taken when the
//! first is busy; a worker that dies mid-clip leaves the same provider operation to the
//! next worker and the clip is charged once; an edit trims to the asked length and burns
//! an Arabic caption into the frame; a file that is not a video, a cut longer than the
//! plan allows, or caption styles of a higher plan are refused before any job exists.

use crate::common::{apps, header, TestApp};
use app::platform::jobs::runner::Runner;
use futures_util::future::BoxFuture;
use http::StatusCode;
use pulse_providers::video::{VideoProvider, VideoRequest, VideoStatus};
use pulse_providers::{Catalogue, Gateway, ProviderError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn runner(app: &TestApp, worker: &str) -> Runner {
    let kinds = vec![app::features::video::service::generate_kind(), app::features::video::service::edit_kind()];
    Runner::start(app.state.clone(), kinds, crate::jobs::config(worker))
}

async fn user_on(app: &TestApp, email: &str, plan: &str) -> (i64, String) {
    app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    app.signed_in(email).await
}

/// Calls a JSON server function; its status and body.
async fn call(app: &TestApp, cookie: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let (res, text) = app.post_json(path, &body, cookie).await;
    let status = res.status();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn job_of(app: &TestApp, video_id: i64) -> (String, Option<String>, Option<String>, i64) {
    use sqlx::Row;
    let r = sqlx::query(
        "SELECT j.status, j.error, j.result_file, j.attempts FROM videos v JOIN jobs j ON j.id = v.job_id WHERE v.id = $1",
    )
    .bind(video_id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    (r.get("status"), r.get("error"), r.get("result_file"), r.get("attempts"))
}

/// Waits (bounded) until the clip's job has ended.
async fn ended(app: &TestApp, video_id: i64) -> (String, Option<String>, Option<String>, i64) {
    for _ in 0..1200 {
        let j = job_of(app, video_id).await;
        if !["queued", "running"].contains(&j.0.as_str()) {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{}: the video job did not end: {:?}", app.name, job_of(app, video_id).await);
}

async fn settled_videos(app: &TestApp, user: i64) -> i64 {
    app.count(
        &format!(
            "SELECT CAST(COALESCE(SUM(amount_settled), 0) AS BIGINT) AS n FROM usage_ledger \
             WHERE kind = 'videos' AND status = 'settled' AND user_id = {user}"
        ),
        None,
    )
    .await
}

async fn open_reservations(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'reserved'", None).await
}

/// The bytes behind a file's signed link.
async fn file_bytes(app: &TestApp, cookie: &str, file: &str) -> Vec<u8> {
    let (res, _) = app.get_with(&format!("/files/{file}"), &[("cookie", cookie)]).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let (res, bytes) = app.get_bytes(header(&res, "location"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    bytes
}

fn ffprobe_duration(path: &Path) -> f64 {
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(-1.0)
}

fn ffmpeg(args: &[&str]) {
    let out =
        std::process::Command::new("ffmpeg").args(["-hide_banner", "-v", "error", "-y"]).args(args).output().unwrap();
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A `secs`-second 640×360 test clip with a tone, made with ffmpeg.
fn test_clip(dir: &Path, secs: u32) -> PathBuf {
    let path = dir.join(format!("clip-{secs}.mp4"));
    if !path.exists() {
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("testsrc2=s=640x360:r=25:d={secs}"),
            "-f",
            "lavfi",
            "-i",
            &format!("sine=frequency=440:duration={secs}"),
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            path.to_str().unwrap(),
        ]);
    }
    path
}

/// One grey frame at `t` seconds, as raw bytes (640×360).
fn gray_frame(video: &Path, t: f64, out: &Path) -> Vec<u8> {
    ffmpeg(&[
        "-ss",
        &format!("{t}"),
        "-i",
        video.to_str().unwrap(),
        "-frames:v",
        "1",
        "-vf",
        "scale=640:360",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        out.to_str().unwrap(),
    ]);
    std::fs::read(out).unwrap()
}

/// The mean absolute difference of two grey frames over rows `rows`.
fn difference(a: &[u8], b: &[u8], rows: std::ops::Range<usize>) -> f64 {
    let (w, mut sum, mut n) = (640, 0u64, 0u64);
    for y in rows {
        for x in 0..w {
            let i = y * w + x;
            sum += u64::from(a[i].abs_diff(b[i]));
            n += 1;
        }
    }
    sum as f64 / n as f64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_clip_is_made_by_a_job_stored_and_charged_one_video() {
    for app in apps().await {
        let (user, cookie) = user_on(&app, "vid-demo@example.jo", "starter").await;
        let (status, studio) = call(&app, &cookie, "/api/video/studio", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{studio}");
        assert_eq!(studio["models"][0]["id"], "demo:video", "{studio}");
        let (status, cost) = call(&app, &cookie, "/api/video/cost", json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((cost["amount"].as_i64(), cost["remaining"].as_i64()), (Some(1), Some(2)), "{cost}");

        let form = json!({ "form": { "prompt": "لقطة جوية للبتراء عند الشروق", "seconds": 4, "aspect": "9:16" } });
        let (status, item) = call(&app, &cookie, "/api/video/generate", form).await;
        assert_eq!(status, StatusCode::OK, "{}: {item}", app.name);

        assert_eq!(item["job"]["status"], "Queued", "{item}");
        assert_eq!(open_reservations(&app).await, 1, "one video reserved at submit");
        let video = item["id"].as_i64().unwrap();

        let r = runner(&app, "w");
        let (status, error, file, _) = ended(&app, video).await;
        r.stop(Duration::from_secs(5)).await;
        assert_eq!(status, "succeeded", "{}: {error:?}", app.name);
        assert_eq!(settled_videos(&app, user).await, 1);
        assert_eq!(open_reservations(&app).await, 0);

        // The clip: a 4-second portrait MP4 behind a signed link.
        let bytes = file_bytes(&app, &cookie, file.as_deref().unwrap()).await;
        assert_eq!(&bytes[4..8], b"ftyp");
        let path = app.state.config.data_dir.join("demo-out.mp4");
        std::fs::write(&path, &bytes).unwrap();
        assert!((ffprobe_duration(&path) - 4.0).abs() < 0.15, "{}", ffprobe_duration(&path));
        let (_, studio) = call(&app, &cookie, "/api/video/studio", json!({})).await;
        assert_eq!(studio["videos"][0]["job"]["result_file"], file.clone().unwrap());
        assert_eq!(studio["videos"][0]["model"], "demo:video");

        // Deleted: the file goes, the clip leaves the list; the charge stands.
        let (status, _) = call(&app, &cookie, "/api/video/delete", json!({ "id": video })).await;
        assert_eq!(status, StatusCode::OK);
        let (_, studio) = call(&app, &cookie, "/api/video/studio", json!({})).await;
        assert_eq!(studio["videos"].as_array().map(Vec::len), Some(0));
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM files WHERE kind = 'video'", None).await, 0);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_and_bad_input_charge_nothing() {
    let app = crate::common::sqlite_app().await;
    let (user, cookie) = user_on(&app, "vid-bad@example.jo", "starter").await;
    for (form, key) in [
        (json!({ "prompt": " ", "seconds": 4, "aspect": "16:9" }), "video-error-prompt-empty"),
        (json!({ "prompt": "a cat", "seconds": 5, "aspect": "16:9" }), "video-error-length"),
        (json!({ "prompt": "a cat", "seconds": 4, "aspect": "1:1" }), "video-error-aspect"),
        (json!({ "prompt": "a cat", "seconds": 4, "aspect": "16:9", "model": "gemini:nope" }), "video-error-model"),
    ] {
        let (status, body) = call(&app, &cookie, "/api/video/generate", json!({ "form": form })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.to_string().contains(key), "{key}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs", None).await, 0);

    // Refused by the model's safety system, or failing: the job fails with the reason, no charge.
    let r = runner(&app, "w");
    for (prompt, key) in [("[demo:safety] x", "video-error-safety"), ("[demo:fail] x", "video-error-provider")] {
        let form = json!({ "form": { "prompt": prompt, "seconds": 4, "aspect": "16:9" } });
        let (status, item) = call(&app, &cookie, "/api/video/generate", form).await;
        assert_eq!(status, StatusCode::OK, "{item}");
        let (status, error, _, attempts) = ended(&app, item["id"].as_i64().unwrap()).await;
        assert_eq!((status.as_str(), error.as_deref(), attempts), ("failed", Some(key), 1), "{prompt}");
    }
    r.stop(Duration::from_secs(5)).await;
    assert_eq!(settled_videos(&app, user).await, 0);
    assert_eq!(open_reservations(&app).await, 0);

    // With no videos left the submit itself is refused (402) and nothing is queued.
    let jobs_before = app.count("SELECT COUNT(*) AS n FROM jobs", None).await;
    sqlx::query("UPDATE subscriptions SET videos_limit = 0").execute(app.state.db.pool()).await.unwrap();
    let form = json!({ "form": { "prompt": "a cat", "seconds": 4, "aspect": "16:9" } });
    let (status, body) = call(&app, &cookie, "/api/video/generate", form).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs", None).await, jobs_before);
    app.cleanup().await;
}

/// A provider scripted by the test: its start answer, how many polls until the clip is
/// ready, whether the first poll never answers (the worker dies there), and an operation
/// error at the end.
#[derive(Debug)]
struct Scripted {
    start_error: Option<ProviderError>,
    polls_before_ready: usize,
    hang_first_poll: bool,
    end_error: Option<ProviderError>,
    clip: PathBuf,
    starts: AtomicUsize,
    polls: AtomicUsize,
}

impl Scripted {
    fn new(clip: PathBuf) -> Scripted {
        Scripted {
            start_error: None,
            polls_before_ready: 2,
            hang_first_poll: false,
            end_error: None,
            clip,
            starts: AtomicUsize::new(0),
            polls: AtomicUsize::new(0),
        }
    }
}

impl VideoProvider for Scripted {
    fn start(&self, request: VideoRequest) -> BoxFuture<'_, Result<String, ProviderError>> {
        Box::pin(async move {
            let n = self.starts.fetch_add(1, Ordering::SeqCst);
            match &self.start_error {
                Some(e) => Err(e.clone()),
                None => Ok(format!("models/{}/operations/op{n}", request.model)),
            }
        })
    }

    fn poll<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<VideoStatus, ProviderError>> {
        Box::pin(async move {
            let n = self.polls.fetch_add(1, Ordering::SeqCst);
            if n == 0 && self.hang_first_poll {
                std::future::pending::<()>().await;
            }
            if n < self.polls_before_ready {
                return Ok(VideoStatus::Running { percent: Some((n * 30) as u8) });
            }
            match &self.end_error {
                Some(e) => Err(e.clone()),
                None => Ok(VideoStatus::Ready { uri: format!("{operation}/file") }),
            }
        })
    }

    fn download<'a>(&'a self, _uri: &'a str, dest: &'a Path, _max: u64) -> BoxFuture<'a, Result<u64, ProviderError>> {
        Box::pin(
            async move { tokio::fs::copy(&self.clip, dest).await.map_err(|e| ProviderError::Network(e.to_string())) },
        )
    }

    fn poll_interval(&self) -> Duration {
        Duration::from_millis(20)
    }
}

const VEO: &str = "gemini:veo-3.0-generate-001";
const VEO_FAST: &str = "gemini:veo-3.0-fast-generate-001";

fn gateway_with(providers: Vec<(&str, Arc<Scripted>)>) -> Arc<Gateway> {
    let mut g = Gateway::empty(Catalogue::builtin());
    for (model, p) in providers {
        g = g.with_video_model_provider(model, p);
    }
    Arc::new(g)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_model_falls_back_and_operation_errors_charge_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(dir.path(), 2);
    let busy = Arc::new(Scripted {
        start_error: Some(ProviderError::RateLimited { retry_after_secs: None }),
        ..Scripted::new(clip.clone())
    });
    let fast = Arc::new(Scripted::new(clip.clone()));
    let app =
        crate::common::sqlite_app().await.with_ai(gateway_with(vec![(VEO, busy.clone()), (VEO_FAST, fast.clone())]));
    let (user, cookie) = user_on(&app, "vid-fallback@example.jo", "pro").await;
    let r = runner(&app, "w");
    let form = json!({ "form": { "prompt": "a falcon over Wadi Rum", "seconds": 8, "aspect": "16:9", "model": VEO } });
    let (status, item) = call(&app, &cookie, "/api/video/generate", form).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    let video = item["id"].as_i64().unwrap();
    let (status, error, file, _) = ended(&app, video).await;
    assert_eq!(status, "succeeded", "{error:?}");
    assert!(file.is_some());
    assert_eq!((busy.starts.load(Ordering::SeqCst), fast.starts.load(Ordering::SeqCst)), (1, 1));
    let (_, studio) = call(&app, &cookie, "/api/video/studio", json!({})).await;
    assert_eq!(studio["videos"][0]["model"], VEO_FAST, "the model that made it is named");
    assert_eq!(settled_videos(&app, user).await, 1);
    r.stop(Duration::from_secs(5)).await;
    app.cleanup().await;

    // An operation that ends in an error: failed and released, or busy: tried again, then dead.
    for (error, status_want, key) in [
        (ProviderError::Rejected { status: 3, message: "bad".into() }, "failed", "video-error-provider"),
        (ProviderError::Safety("RAI filtered".into()), "failed", "video-error-safety"),
        (ProviderError::Timeout, "failed", "video-error-timeout"),
        (ProviderError::RateLimited { retry_after_secs: None }, "dead", "video-error-busy"),
        (ProviderError::Unavailable { status: 500 }, "dead", "video-error-unavailable"),
    ] {
        let failing = Arc::new(Scripted { end_error: Some(error.clone()), ..Scripted::new(clip.clone()) });
        let app = crate::common::sqlite_app().await.with_ai(gateway_with(vec![(VEO, failing.clone())]));
        let (user, cookie) = user_on(&app, "vid-operr@example.jo", "pro").await;
        let r = runner(&app, "w");
        let form = json!({ "form": { "prompt": "a cat", "seconds": 4, "aspect": "16:9", "model": VEO } });
        let (_, item) = call(&app, &cookie, "/api/video/generate", form).await;
        let (status, got, file, attempts) = ended(&app, item["id"].as_i64().unwrap()).await;
        assert_eq!((status.as_str(), got.as_deref()), (status_want, Some(key)), "{error:?}");
        // An operation that ended is over: each attempt started its own.
        assert_eq!(failing.starts.load(Ordering::SeqCst) as i64, attempts, "{error:?}");
        assert!(file.is_none());
        assert_eq!(settled_videos(&app, user).await, 0, "{error:?}");
        assert_eq!(open_reservations(&app).await, 0, "{error:?}");
        r.stop(Duration::from_secs(5)).await;
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_dies_mid_clip_leaves_the_same_operation_and_one_charge() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(dir.path(), 2);
    for app in apps().await {
        let veo = Arc::new(Scripted { hang_first_poll: true, ..Scripted::new(clip.clone()) });
        let app = app.with_ai(gateway_with(vec![(VEO, veo.clone())]));
        let (user, cookie) = user_on(&app, "vid-crash@example.jo", "creator").await;
        let form =
            json!({ "form": { "prompt": "a boat on the Dead Sea", "seconds": 6, "aspect": "16:9", "model": VEO } });
        let (_, item) = call(&app, &cookie, "/api/video/generate", form).await;
        let video = item["id"].as_i64().unwrap();
        let doomed = runner(&app, "doomed");
        // The operation is started and its first poll hangs: the worker dies there.
        for _ in 0..400 {
            if veo.polls.load(Ordering::SeqCst) > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(veo.polls.load(Ordering::SeqCst), 1, "{}: the first poll is under way", app.name);
        doomed.abort();
        let heir = runner(&app, "heir");
        let (status, error, file, attempts) = ended(&app, video).await;
        heir.stop(Duration::from_secs(5)).await;
        assert_eq!(status, "succeeded", "{}: {error:?}", app.name);
        assert!(file.is_some());
        assert_eq!(attempts, 2, "{}: taken over once", app.name);
        assert_eq!(veo.starts.load(Ordering::SeqCst), 1, "{}: the heir polled the same operation", app.name);
        assert_eq!(settled_videos(&app, user).await, 1, "{}: charged once", app.name);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE kind = 'videos'", None).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM files WHERE kind = 'video'", None).await, 1);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_trims_to_the_asked_length_and_burns_in_an_arabic_caption() {
    let dir = tempfile::tempdir().unwrap();
    let source = test_clip(dir.path(), 5);
    let app = crate::common::sqlite_app().await;
    // Creator: a large caption is one of the advanced editors.
    let (user, cookie) = user_on(&app, "vid-edit@example.jo", "creator").await;
    let (res, body) = app.upload(&cookie, "رحلة.mp4", &std::fs::read(&source).unwrap(), true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let upload: Value = serde_json::from_str(&body).unwrap();
    let file_id = upload["file"]["id"].as_str().unwrap().to_string();

    let form = json!({ "form": {
        "file_id": file_id, "start": 1.0, "end": 3.5,
        "captions": [{ "text": "مرحبًا بكم في عمّان 2026", "start": 1.5, "end": 3.5 }],
        "position": "bottom", "size": "large",
    } });
    let (status, item) = call(&app, &cookie, "/api/video/edit", form).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    let r = runner(&app, "w");
    let (status, error, file, _) = ended(&app, item["id"].as_i64().unwrap()).await;
    r.stop(Duration::from_secs(5)).await;
    assert_eq!(status, "succeeded", "{error:?}");
    assert_eq!(settled_videos(&app, user).await, 0, "editing is free");

    let out = dir.path().join("edited.mp4");
    std::fs::write(&out, file_bytes(&app, &cookie, file.as_deref().unwrap()).await).unwrap();
    std::fs::copy(&out, std::env::temp_dir().join("pulse-video-edit-sample.mp4")).ok();
    let length = ffprobe_duration(&out);
    assert!((length - 2.5).abs() <= 0.1, "trimmed to {length} s, asked 2.5 s");
    let probe = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0"])
        .arg(&out)
        .output()
        .unwrap();
    let codecs = String::from_utf8_lossy(&probe.stdout);
    assert!(codecs.contains("h264") && codecs.contains("aac"), "{codecs}");

    // Output 1.0 s = source 2.0 s: the caption (bottom) changes the frame there, the top
    // of the frame stays as it was.
    let edited = gray_frame(&out, 1.0, &dir.path().join("a.gray"));
    let original = gray_frame(&source, 2.0, &dir.path().join("b.gray"));
    let bottom = difference(&edited, &original, 250..340);
    let top = difference(&edited, &original, 10..120);
    assert!(bottom > 2.0 && bottom > top * 5.0, "caption region differs by {bottom}, the top by {top}");
    app.cleanup().await;
}

#[tokio::test]
async fn what_is_not_a_video_or_too_long_for_the_plan_is_refused_before_any_job() {
    let dir = tempfile::tempdir().unwrap();
    let source = test_clip(dir.path(), 5);
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = user_on(&app, "vid-refuse@example.jo", "starter").await;
    let png = dir.path().join("a.png");
    ffmpeg(&["-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1", png.to_str().unwrap()]);
    let (res, body) = app.upload(&cookie, "a.png", &std::fs::read(&png).unwrap(), true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let image: Value = serde_json::from_str(&body).unwrap();
    let edit = |file: &str, end: f64| json!({ "form": { "file_id": file, "start": 0.0, "end": end, "captions": [] } });
    let (status, body) = call(&app, &cookie, "/api/video/edit", edit(image["file"]["id"].as_str().unwrap(), 1.0)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.to_string().contains("video-error-not-video"), "{body}");

    let (_, body) = app.upload(&cookie, "clip.mp4", &std::fs::read(&source).unwrap(), true).await;
    let video: Value = serde_json::from_str(&body).unwrap();
    let id = video["file"]["id"].as_str().unwrap().to_string();
    // Starter cuts up to 30 s; this plan is made to allow 2.
    sqlx::query("UPDATE plans SET max_clip_secs = 2 WHERE code = 'starter'")
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let (status, body) = call(&app, &cookie, "/api/video/edit", edit(&id, 4.0)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.to_string().contains("video-error-too-long"), "{body}");
    let (status, body) = call(&app, &cookie, "/api/video/edit", edit(&id, 9.0)).await;
    assert!(body.to_string().contains("video-error-trim"), "{status}: {body}");
    // Captions placed at the top are Creator's (advanced editors): 403 with the offer.
    let styled = json!({ "form": { "file_id": id, "start": 0.0, "end": 1.0, "position": "top",
        "captions": [{ "text": "أعلى", "start": 0.0, "end": 1.0 }] } });
    let (status, body) = call(&app, &cookie, "/api/video/edit", styled).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.to_string().contains("advanced_editors"), "{body}");
    // Someone else's file is not found.
    let (_, other) = user_on(&app, "vid-other@example.jo", "starter").await;
    let (status, _) = call(&app, &other, "/api/video/edit", edit(&id, 1.0)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM jobs", None).await, 0, "no job was queued");
    app.cleanup().await;
}
