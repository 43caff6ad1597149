//! Object storage and files: one suite both backends pass (local folder and S3 against a
//! real S3-compatible server), uploads through quarantine with every refusal clean, owner
//! checks that answer 404, signed links, and the lifecycle sweeps.

use crate::common;
use crate::common::{header, TestApp, SAME_ORIGIN};
use app::features::files::service;
use app::platform::storage::{Download, ObjectKey, Storage, QUARANTINE_PREFIX};
use app::types::UnixMillis;
use http::StatusCode;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x * 7) as u8, (y * 5) as u8, 90, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 11) as u8, ((x + y) * 2) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A small zip archive (local file header, central directory, end record).
fn zip() -> Vec<u8> {
    let mut z = b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    z.extend_from_slice(&[0x3b, 0x0f, 0x5a, 0x8b, 5, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0]);
    z.extend_from_slice(b"a.txthello");
    z.extend_from_slice(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    z
}

/// A clip made by Debian's ffmpeg (installed by `make test`), or None where it is missing.
fn clip(secs: u32) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clip.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i", &format!("testsrc=duration={secs}:size=64x64:rate=10")])
        .args(["-pix_fmt", "yuv420p", "-c:v", "libx264", "-y"])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => Some(std::fs::read(out).unwrap()),
        _ => {
            assert!(
                std::env::var("PULSE_REQUIRE_FFMPEG").as_deref() != Ok("1"),
                "PULSE_REQUIRE_FFMPEG=1 but no ffmpeg"
            );
            eprintln!("note: video upload tests skipped (no ffmpeg)");
            None
        }
    }
}

/// Fetches a signed link: a path on our site through the router, an absolute URL (S3)
/// over HTTP. Returns (status, content type, disposition, body).
async fn fetch(app: &TestApp, url: &str) -> (u16, String, String, Vec<u8>) {
    if url.starts_with('/') {
        let (res, body) = app.get_bytes(url, &[]).await;
        let ct = header(&res, "content-type").to_string();
        let cd = header(&res, "content-disposition").to_string();
        (res.status().as_u16(), ct, cd, body)
    } else {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let res = reqwest::get(url).await.unwrap();
        let h = |n: &str| res.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let (ct, cd) = (h("content-type"), h("content-disposition"));
        (res.status().as_u16(), ct, cd, res.bytes().await.unwrap().to_vec())
    }
}

fn tamper(url: &str) -> String {
    // Flip the last hex digit of the signature (local `sig=`, S3 `X-Amz-Signature=`).
    let mut chars: Vec<char> = url.chars().collect();
    let pos = url.rfind("ig=").or_else(|| url.rfind("Signature=")).expect("a signature") + 3;
    let end = url[pos..].find('&').map(|i| pos + i).unwrap_or(url.len());
    let last = end - 1;
    chars[last] = if chars[last] == '0' { '1' } else { '0' };
    chars.into_iter().collect()
}

/// The suite every backend passes.
async fn backend_suite(app: &TestApp) {
    let store: &Storage = &app.state.storage;
    let backend = store.backend_name();
    let key = ObjectKey::user_file(42, "0123456789abcdef0123456789abcdef");
    let body = png(8, 8);

    // put / head / get
    store.put_bytes(&key, body.clone(), "image/png").await.unwrap();
    let meta = store.head(&key).await.unwrap().expect("head after put");
    assert_eq!(meta.bytes, body.len() as u64, "{backend}");
    assert_eq!(store.get_bytes(&key).await.unwrap(), body, "{backend}");

    // put a file from disk, copy, list
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &big).unwrap();
    let big_key = ObjectKey::quarantine("big");
    store.put_file(&big_key, &path, "application/octet-stream").await.unwrap();
    let copy_key = ObjectKey::user_file(42, "copy");
    store.copy(&big_key, &copy_key).await.unwrap();
    let down = dir.path().join("down.bin");
    assert_eq!(store.download_to(&copy_key, &down).await.unwrap(), big.len() as u64);
    assert_eq!(std::fs::read(&down).unwrap(), big, "{backend}: streamed copy is exact");
    let listed: Vec<String> = store.list("users/42/").await.unwrap().into_iter().map(|m| m.key).collect();
    assert_eq!(listed, vec!["users/42/0123456789abcdef0123456789abcdef".to_string(), "users/42/copy".into()]);
    assert_eq!(store.list(QUARANTINE_PREFIX).await.unwrap().len(), 1);

    // signed links: content, type, disposition with an Arabic name
    let now = UnixMillis::now().0;
    let d =
        Download { filename: "صورتي.png".into(), content_type: "image/png".into(), inline: false, ttl_secs: 120 };
    let url = store.signed_url(&key, &d, now).await.unwrap();
    let (status, ct, cd, got) = fetch(app, &url).await;
    assert_eq!(status, 200, "{backend}: {url}");
    assert_eq!(got, body);
    assert_eq!(ct, "image/png");
    assert!(cd.starts_with("attachment;") && cd.contains("filename*=UTF-8''%D8%B5"), "{backend}: {cd}");

    // a tampered link and an expired link are refused, and show nothing
    let (status, _, _, got) = fetch(app, &tamper(&url)).await;
    assert!((400..500).contains(&status), "{backend}: tampered link answered {status}");
    assert_ne!(got, body);
    let old = store.signed_url(&key, &Download { ttl_secs: 60, ..d.clone() }, now - 3_600_000).await.unwrap();
    let (status, _, _, got) = fetch(app, &old).await;
    assert!((400..500).contains(&status), "{backend}: expired link answered {status}");
    assert_ne!(got, body);

    // delete (twice is fine); reading what is gone says so
    store.delete(&key).await.unwrap();
    store.delete(&key).await.unwrap();
    assert!(store.head(&key).await.unwrap().is_none());
    assert!(matches!(store.get_bytes(&key).await, Err(app::platform::storage::StorageError::NotFound)));
    for k in [&big_key, &copy_key] {
        store.delete(k).await.unwrap();
    }
    assert!(store.list("").await.unwrap().is_empty(), "{backend}: everything deleted");
}

#[tokio::test]
async fn the_local_backend_passes_the_storage_suite() {
    let app = common::sqlite_app().await;
    assert_eq!(app.state.storage.backend_name(), "local");
    backend_suite(&app).await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_s3_backend_passes_the_storage_suite() {
    let Some(s3) = common::S3Server::start() else { return };
    let app = common::sqlite_app().await.with_storage(s3.settings("pulse-suite").await).await;
    assert_eq!(app.state.storage.backend_name(), "s3");
    backend_suite(&app).await;
    app.cleanup().await;
}

/// Nothing may be left in quarantine: no object, no row.
async fn assert_quarantine_empty(app: &TestApp, what: &str) {
    let objects = app.state.storage.list(QUARANTINE_PREFIX).await.unwrap();
    assert!(objects.is_empty(), "{what}: objects left in quarantine: {objects:?}");
    let rows = app.count("SELECT COUNT(*) AS n FROM files WHERE status <> 'ready'", None).await;
    assert_eq!(rows, 0, "{what}: rows left in quarantine");
}

async fn refusals(app: &TestApp) {
    let (_, cookie) = app.signed_in("refused@example.jo").await;
    let full = jpeg(40, 30);
    let truncated = full[..full.len() / 2].to_vec();
    let bomb = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bomb-20000x20000.png")).unwrap();
    let mut too_big = png(4, 4);
    too_big.resize(app.state.config.storage.max_image_bytes as usize + 1, 0);
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("zip renamed .png", "holiday.png", zip(), 415, "unsupported"),
        ("20000×20000 PNG bomb", "bomb.png", bomb, 422, "too-many-pixels"),
        ("truncated JPEG", "cut.jpg", truncated, 422, "corrupt"),
        ("0-byte file", "empty.png", Vec::new(), 400, "empty"),
        ("file over the limit", "huge.png", too_big, 413, "too-large"),
        ("path-traversal name", "../../etc/passwd.png", png(4, 4), 400, "bad-name"),
        ("windows traversal name", "..\\..\\boot.png", png(4, 4), 400, "bad-name"),
        ("html page", "page.png", b"<!doctype html><script>alert(1)</script>".to_vec(), 415, "unsupported"),
        (
            "fake mp4",
            "clip.mp4",
            [b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".as_slice(), &[7u8; 5000]].concat(),
            422,
            "corrupt",
        ),
    ];
    for (what, name, bytes, status, code) in cases {
        let (res, body) = app.upload(&cookie, name, &bytes, true).await;
        assert_eq!(res.status().as_u16(), status, "{} {what}: {body}", app.name);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], code, "{what}");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.starts_with("upload-error"), "{what}: translated: {message}");
        assert_quarantine_empty(app, what).await;
    }
    let listed = app.count("SELECT COUNT(*) AS n FROM files", None).await;
    assert_eq!(listed, 0, "nothing refused was kept");
    // Every refusal is in the audit log, with its reason.
    let audited = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'file.upload_rejected'", None).await;
    assert_eq!(audited, 9, "every refusal audited");
}

#[tokio::test]
async fn bad_uploads_are_refused_cleanly_on_every_database() {
    for app in common::apps().await {
        refusals(&app).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_cleanly_on_s3() {
    let Some(s3) = common::S3Server::start() else { return };
    let app = common::sqlite_app().await.with_storage(s3.settings("pulse-refusals").await).await;
    refusals(&app).await;
    app.cleanup().await;
}

async fn accepted_upload_round_trip(app: &TestApp) {
    let (user, cookie) = app.signed_in("owner@example.jo").await;
    let image = png(64, 48);
    let (res, body) = app.upload(&cookie, "صورة العائلة.png", &image, true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = json["file"]["id"].as_str().unwrap().to_string();
    assert_eq!(json["file"]["content_type"], "image/png");
    assert_eq!(json["file"]["width"], 64);
    assert_eq!(json["file"]["kind"], "Upload");
    assert_quarantine_empty(app, "accepted").await;
    let key = ObjectKey::user_file(user, &id);
    assert_eq!(app.state.storage.get_bytes(&key).await.unwrap(), image, "stored under the user's generated key");

    // The owner downloads through a redirect to a signed link.
    let (res, _) = app.get_with(&format!("/files/{id}?download=1"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&res, "cache-control"), "no-store");
    let link = header(&res, "location").to_string();
    let (status, ct, cd, got) = fetch(app, &link).await;
    assert_eq!((status, ct.as_str()), (200, "image/png"), "{link}");
    assert!(cd.starts_with("attachment;"), "{cd}");
    assert_eq!(got, image);

    // Another user, or nobody: 404 (never 403), for opening and for deleting.
    let (_, stranger) = app.signed_in("stranger@example.jo").await;
    let (res, body) = app.get_with(&format!("/files/{id}"), &[("cookie", &stranger)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{body}");
    let (res, unknown) = app.get_with("/files/ffffffffffffffffffffffffffffffff", &[("cookie", &stranger)]).await;
    assert_eq!((res.status(), unknown), (StatusCode::NOT_FOUND, body), "same answer for unknown and not-yours");
    let (res, _) = app.post_form("/api/files/delete", &[("id", &id)], &[SAME_ORIGIN, ("cookie", &stranger)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (res, _) = app.get(&format!("/files/{id}")).await;
    assert!(header(&res, "location").starts_with("/login"), "signed out: sign in first");

    // The list shows it with the storage used; delete removes object and row.
    let (res, body) = app.post_form("/api/files/list", &[], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["files"][0]["name"], "صورة العائلة.png");
    assert_eq!(list["used_bytes"], image.len());
    let (res, body) = app.post_form("/api/files/delete", &[("id", &id)], &[SAME_ORIGIN, ("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    assert!(app.state.storage.head(&key).await.unwrap().is_none());
    let (res, _) = app.get_with(&format!("/files/{id}"), &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_upload_is_checked_kept_downloaded_only_by_its_owner_and_deleted() {
    for app in common::apps().await {
        accepted_upload_round_trip(&app).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_same_works_against_s3_with_presigned_links() {
    let Some(s3) = common::S3Server::start() else { return };
    let app = common::sqlite_app().await.with_storage(s3.settings("pulse-roundtrip").await).await;
    accepted_upload_round_trip(&app).await;
    app.cleanup().await;
}

#[tokio::test]
async fn videos_are_probed_for_codec_and_duration() {
    let Some(short) = clip(1) else { return };
    let long = clip(4).unwrap();
    let app = common::sqlite_app().await;
    let mut settings = app.state.config.storage.clone();
    settings.video_max_secs = 3.0;
    let app = app.with_storage(settings).await;
    let (_, cookie) = app.signed_in("director@example.jo").await;
    let (res, body) = app.upload(&cookie, "مشهد.mp4", &short, true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["file"]["content_type"], "video/mp4");
    assert!((json["file"]["duration_secs"].as_f64().unwrap() - 1.0).abs() < 0.2, "{body}");
    let (res, body) = app.upload(&cookie, "long.mp4", &long, true).await;
    assert_eq!(res.status().as_u16(), 422, "{body}");
    assert!(body.contains("too-long"));
    assert_quarantine_empty(&app, "long video").await;

    // Without ffprobe the upload is refused as "try later" (503), and nothing is kept.
    let mut settings = app.state.config.storage.clone();
    settings.ffprobe = "/nonexistent/ffprobe".into();
    let app = app.with_storage(settings).await;
    let (res, body) = app.upload(&cookie, "again.mp4", &short, true).await;
    assert_eq!(res.status().as_u16(), 503, "{body}");
    assert!(body.contains("cannot-check"));
    assert_quarantine_empty(&app, "no ffprobe").await;
    app.cleanup().await;
}

/// The 1-second test clip as an MPEG-TS segment in `dir` (what an HLS playlist lists), or
/// None where ffmpeg is missing.
fn ts_segment(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let mp4 = dir.join("segment.mp4");
    std::fs::write(&mp4, clip(1)?).unwrap();
    let ts = dir.join("segment.ts");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&mp4)
        .args(["-c", "copy", "-f", "mpegts", "-y"])
        .arg(&ts)
        .status()
        .unwrap();
    assert!(status.success());
    Some(ts)
}

/// An HLS playlist that the type sniffer takes for a QuickTime movie: `infer` calls a file
/// with `mdat` at byte 12 `video/quicktime`, and to HLS `#abcmdat` is only a comment.
fn hls_polyglot(segment: &str) -> Vec<u8> {
    format!("#EXTM3U\n#abcmdat\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n{segment}\n#EXT-X-ENDLIST\n")
        .into_bytes()
}

#[tokio::test]
async fn playlists_and_concat_scripts_named_mp4_are_refused_without_touching_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let Some(segment) = ts_segment(dir.path()) else { return };
    // Anything ffprobe might be led to fetch lands here; nothing must.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let web = format!("http://{}", listener.local_addr().unwrap());

    let local = hls_polyglot(segment.to_str().unwrap());
    assert_eq!(
        app::platform::storage::inspect::sniff(&local).map(|s| s.mime),
        Some("video/quicktime"),
        "the playlist passes the type sniffer, so ffprobe is what must refuse it"
    );
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        // Left to guess, ffprobe reads this as HLS, opens the listed file and finds a valid
        // 1 s H.264 video: it would be accepted. Read as the MOV it claims to be, it is not one.
        ("HLS playlist of a file on our disk", local, 422, "corrupt"),
        ("HLS playlist of an http segment", hls_polyglot(&format!("{web}/segment.ts")), 422, "corrupt"),
        (
            "HLS playlist with an http key",
            format!(
                "#EXTM3U\n#abcmdat\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI=\"{web}/key\"\n\
                 #EXTINF:1.0,\n{}\n#EXT-X-ENDLIST\n",
                segment.display()
            )
            .into_bytes(),
            422,
            "corrupt",
        ),
        (
            "concat script",
            format!("ffconcat version 1.0\nfile '{web}/a.mp4'\nfile '{}'\n", segment.display()).into_bytes(),
            415,
            "unsupported",
        ),
        ("plain playlist", format!("#EXTM3U\n#EXTINF:1.0,\n{web}/segment.ts\n").into_bytes(), 415, "unsupported"),
    ];
    let app = common::sqlite_app().await;
    let (_, cookie) = app.signed_in("playlist@example.jo").await;
    for (what, bytes, status, code) in cases {
        let (res, body) = app.upload(&cookie, "holiday.mp4", &bytes, true).await;
        assert_eq!(res.status().as_u16(), status, "{what}: {body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], code, "{what}");
        assert_quarantine_empty(&app, what).await;
        assert!(
            matches!(listener.accept(), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "{what}: something connected to {web}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM files", None).await, 0, "nothing refused was kept");

    // Real videos still pass: an MP4, and a WebM (read by the matroska demuxer).
    let (res, body) = app.upload(&cookie, "real.mp4", &clip(1).unwrap(), true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let webm = dir.path().join("clip.webm");
    let made = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10", "-c:v", "libvpx", "-y"])
        .arg(&webm)
        .status()
        .unwrap();
    assert!(made.success());
    let (res, body) = app.upload(&cookie, "real.webm", &std::fs::read(&webm).unwrap(), true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["file"]["content_type"], "video/webm");
    assert!((json["file"]["duration_secs"].as_f64().unwrap() - 1.0).abs() < 0.2, "{body}");
    app.cleanup().await;
}

#[tokio::test]
async fn the_form_works_without_javascript_and_needs_our_origin() {
    let app = common::sqlite_app().await;
    let (_, cookie) = app.signed_in("nojs@example.jo").await;
    let (res, _) = app.upload(&cookie, "a.png", &png(10, 10), false).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(header(&res, "location").starts_with("/app/account?uploaded="), "{}", header(&res, "location"));
    let (res, _) = app.upload(&cookie, "a.zip", &zip(), false).await;
    assert_eq!(header(&res, "location"), "/app/account?upload_error=unsupported#files");
    // The account page shows the translated reason.
    let (res, page) = app.get_with("/app/account?upload_error=unsupported", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(page.contains("هذا النوع من الملفات غير مدعوم"), "Arabic reason on the page");
    assert!(page.contains("data-testid=\"file-row\""), "the uploaded file is listed");

    // Signed out: JSON clients get 401, forms go to sign-in.
    let (res, body) = app.upload("", "a.png", &png(4, 4), true).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{body}");
    // Another site cannot make a signed-in browser upload.
    let req = http::Request::post("/files/upload")
        .header("content-type", "multipart/form-data; boundary=x")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from("--x--\r\n"))
        .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn storage_is_capped_per_user() {
    let app = common::sqlite_app().await;
    let mut settings = app.state.config.storage.clone();
    let image = png(32, 32);
    settings.user_quota_bytes = image.len() as u64 * 2 + 10;
    let app = app.with_storage(settings).await;
    let (_, cookie) = app.signed_in("hoarder@example.jo").await;
    for _ in 0..2 {
        let (res, body) = app.upload(&cookie, "a.png", &image, true).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    }
    let (res, body) = app.upload(&cookie, "a.png", &image, true).await;
    assert_eq!(res.status().as_u16(), 413, "{body}");
    assert!(body.contains("quota-full"));
    assert_quarantine_empty(&app, "quota").await;
    app.cleanup().await;
}

async fn lifecycle(app: &TestApp) {
    let (user, cookie) = app.signed_in("leaving@example.jo").await;
    let (res, body) = app.upload(&cookie, "a.png", &png(12, 12), true).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    let made = service::save_bytes(
        &app.state,
        user,
        app::features::files::FileKind::Doc,
        "cv.pdf",
        "application/pdf",
        b"%PDF-1.7\n%%EOF".to_vec(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(app.state.storage.list(&ObjectKey::user_prefix(user)).await.unwrap().len(), 2);
    assert_eq!(made.kind, app::features::files::FileKind::Doc);

    // A temporary file expires.
    let now = UnixMillis::now().0;
    let temp = service::save_bytes(
        &app.state,
        user,
        app::features::files::FileKind::Doc,
        "export.pdf",
        "application/pdf",
        b"%PDF-1.7\n%%EOF".to_vec(),
        Some(UnixMillis(now + 60_000)),
    )
    .await
    .unwrap();
    let report = service::sweep(&app.state, now, false).await.unwrap();
    assert_eq!(report.expired, 0, "not yet");
    let report = service::sweep(&app.state, now + 61_000, false).await.unwrap();
    assert_eq!(report.expired, 1);
    assert!(app.state.storage.list("tmp/").await.unwrap().is_empty());
    assert!(service::find_owned(&app.state, user, &temp.id).await.is_err());

    // An upload stuck in quarantine (a crash mid-check) and an orphan object are swept.
    sqlx::query(
        "INSERT INTO files (id, owner_id, kind, storage_key, bytes, content_type, status, created_at) \
         VALUES ('stuck', $1, 'upload', 'quarantine/stuck', 3, 'image/png', 'quarantine', $2)",
    )
    .bind(user)
    .bind(now)
    .execute(app.state.db.pool())
    .await
    .unwrap();
    app.state.storage.put_bytes(&ObjectKey::quarantine("stuck"), b"abc".to_vec(), "image/png").await.unwrap();
    let orphan = ObjectKey::user_file(user, "orphan");
    app.state.storage.put_bytes(&orphan, b"nobody".to_vec(), "image/png").await.unwrap();
    let report = service::sweep(&app.state, now, true).await.unwrap();
    assert_eq!((report.stale_quarantine, report.orphans), (0, 0), "young objects are left alone");
    let later = now + service::GRACE_MS + 60_000;
    let report = service::sweep(&app.state, later, true).await.unwrap();
    assert_eq!((report.stale_quarantine, report.orphans), (1, 1), "{report:?}");
    assert!(app.state.storage.head(&orphan).await.unwrap().is_none());
    assert_eq!(app.state.storage.list(&ObjectKey::user_prefix(user)).await.unwrap().len(), 2, "owned files stay");

    // Deleting the account deletes its objects.
    let (res, body) = app
        .post_form("/api/account/delete", &[("confirm", "leaving@example.jo")], &[SAME_ORIGIN, ("cookie", &cookie)])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{body}");
    assert!(app.state.storage.list(&ObjectKey::user_prefix(user)).await.unwrap().is_empty());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM files", None).await, 0);
}

#[tokio::test]
async fn files_expire_orphans_are_swept_and_leaving_users_take_their_files() {
    for app in common::apps().await {
        lifecycle(&app).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn lifecycle_on_s3() {
    let Some(s3) = common::S3Server::start() else { return };
    let app = common::sqlite_app().await.with_storage(s3.settings("pulse-lifecycle").await).await;
    lifecycle(&app).await;
    app.cleanup().await;
}

#[tokio::test]
async fn over_real_tcp_an_upload_many_times_the_read_buffer_is_kept_whole_and_an_oversized_one_gets_a_clean_413() {
    let app = common::sqlite_app().await;
    let mut settings = app.state.config.storage.clone();
    settings.max_image_bytes = 1024 * 1024;
    let app = app.with_storage(settings).await;
    let (user, cookie) = app.signed_in("bigsender@example.jo").await;
    // The app's own listener: its read buffer is 8 KB, and bodies pass through it.
    let (addr, server) = app.serve_over_tcp().await;
    let upload = |name: &str, bytes: &[u8]| {
        let mut body =
            format!("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n")
                .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n--b0undary--\r\n");
        reqwest::Client::new()
            .post(format!("http://{addr}/files/upload"))
            .header("content-type", "multipart/form-data; boundary=b0undary")
            .header("cookie", &cookie)
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .body(body)
            .send()
    };
    let photo = jpeg(700, 500);
    assert!(photo.len() > 8 * server::listen::READ_BUFFER, "{} bytes", photo.len());
    let res = upload("photo.jpg", &photo).await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let json: serde_json::Value = res.json().await.unwrap();
    let id = json["file"]["id"].as_str().unwrap();
    let key = ObjectKey::user_file(user, id);
    assert_eq!(app.state.storage.get_bytes(&key).await.unwrap(), photo, "every byte, in order");

    let mut image = png(4, 4);
    image.resize(3 * 1024 * 1024, 0);
    let res = upload("big.png", &image).await.expect("an answer, not a reset connection");
    assert_eq!(res.status().as_u16(), 413);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["error"]["code"], "too-large");
    assert_quarantine_empty(&app, "over tcp").await;
    server.abort();
    app.cleanup().await;
}
