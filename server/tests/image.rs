//! The image studio over HTTP, on SQLite and PostgreSQL: demo images are stored as the
//! user's files and charged one each; N asked and M made charges M; a refusal, a failure
//! or bad input charges nothing; 500 generations at once against 10 images left make and
//! charge exactly 10; the gallery pages, deletes and takes the editor's saves.

use crate::common::{apps, header, TestApp, SAME_ORIGIN};
use http::StatusCode;
use serde_json::{json, Value};

async fn user_on(app: &TestApp, email: &str, plan: &str) -> (i64, String) {
    app::features::usage::service::grant_plan(&app.state, email, plan, None, None).await.unwrap();
    app.signed_in(email).await
}

/// Posts a generation; its status and the stream's events.
async fn generate(app: &TestApp, cookie: &str, req: Value) -> (StatusCode, Vec<Value>, String) {
    let (res, text) = app.post_json("/image/generate", &req, cookie).await;
    let events =
        text.lines().filter_map(|l| l.strip_prefix("data: ")).filter_map(|d| serde_json::from_str(d).ok()).collect();
    (res.status(), events, text)
}

fn req(prompt: &str, count: u8) -> Value {
    json!({ "prompt": prompt, "count": count, "aspect": "1:1", "style": "none" })
}

async fn form(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let (res, body) = app.post_form(path, form, &[SAME_ORIGIN, ("cookie", cookie)]).await;
    (res.status(), body)
}

async fn settled_images(app: &TestApp, user: i64) -> i64 {
    app.count(
        &format!(
            "SELECT CAST(COALESCE(SUM(amount_settled), 0) AS BIGINT) AS n FROM usage_ledger \
             WHERE kind = 'images' AND feature = 'image' AND status = 'settled' AND user_id = {user}"
        ),
        None,
    )
    .await
}

async fn open_reservations(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM usage_ledger WHERE status = 'reserved'", None).await
}

fn images_of(events: &[Value]) -> Vec<&Value> {
    events.iter().filter(|e| e["type"] == "image").map(|e| &e["image"]).collect()
}

#[tokio::test]
async fn two_demo_images_are_stored_charged_two_and_served_from_the_gallery() {
    for app in apps().await {
        let (user, cookie) = user_on(&app, "img-two@example.jo", "starter").await;
        let (status, body) = form(&app, &cookie, "/api/image/cost", &[("count", "2")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let cost: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((cost["amount"].as_i64(), cost["remaining"].as_i64()), (Some(2), Some(10)));

        let (status, events, text) = generate(&app, &cookie, req("فنجان قهوة عربية عند الغروب", 2)).await;
        assert_eq!(status, StatusCode::OK, "{}: {text}", app.name);
        assert_eq!(events.first().unwrap()["type"], "started");
        let made = images_of(&events);
        assert_eq!(made.len(), 2, "{text}");
        let done = events.last().unwrap();
        assert_eq!((done["type"].as_str(), done["charged"].as_i64()), (Some("done"), Some(2)), "{text}");
        assert_eq!(done["model"], "demo:image");
        assert_eq!(settled_images(&app, user).await, 2);
        assert_eq!(open_reservations(&app).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM files WHERE kind = 'image'", None).await, 2);

        // Each is the user's file: a PNG of the asked shape behind a signed link.
        let first = made[0];
        assert_eq!((first["origin"].as_str(), first["aspect"].as_str()), (Some("generated"), Some("1:1")));
        assert_eq!(first["width"], first["height"]);
        let (res, _) =
            app.get_with(&format!("/files/{}", first["file_id"].as_str().unwrap()), &[("cookie", &cookie)]).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        let link = header(&res, "location").to_string();
        let (res, bytes) = app.get_bytes(&link, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(bytes.starts_with(b"\x89PNG"));

        // Pages show it from this origin (a bucket's presigned link is another origin,
        // which the pages' policy refuses): the owner only.
        let raw = format!("/files/{}/raw", first["file_id"].as_str().unwrap());
        let (res, bytes) = app.get_bytes(&raw, &[("cookie", &cookie)]).await;
        assert_eq!((res.status(), header(&res, "content-type")), (StatusCode::OK, "image/png"));
        assert!(bytes.starts_with(b"\x89PNG") && header(&res, "cache-control").starts_with("private"));
        let (res, _) = app.get_bytes(&raw, &[]).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

        // The gallery, newest first; the cost preview moved by two.
        let (_, body) = form(&app, &cookie, "/api/image/gallery", &[]).await;
        let page: Value = serde_json::from_str(&body).unwrap();
        let ids: Vec<i64> = page["images"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids[0] > ids[1], "newest first: {ids:?}");
        let (_, body) = form(&app, &cookie, "/api/image/cost", &[("count", "1")]).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["remaining"], 8);

        // Someone else sees none of it and cannot delete it.
        let (_, other) = user_on(&app, "img-other@example.jo", "starter").await;
        let (_, body) = form(&app, &other, "/api/image/gallery", &[]).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["images"], json!([]));
        let (status, _) = form(&app, &other, "/api/image/delete", &[("id", &ids[0].to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (res, _) = app.get_bytes(&raw, &[("cookie", &other)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);

        // The owner deletes one: its file goes with it.
        let (status, body) = form(&app, &cookie, "/api/image/delete", &[("id", &ids[0].to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM images", None).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM files WHERE kind = 'image'", None).await, 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn n_asked_and_m_made_charges_m_and_refusals_charge_nothing() {
    for app in apps().await {
        let (user, cookie) = user_on(&app, "img-partial@example.jo", "starter").await;
        // The demo model makes half when told to: 4 asked, 2 made, 2 charged.
        let (status, events, text) = generate(&app, &cookie, req("سوق قديم [demo:partial]", 4)).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(images_of(&events).len(), 2, "{text}");
        let done = events.last().unwrap();
        assert_eq!((done["asked"].as_i64(), done["charged"].as_i64()), (Some(4), Some(2)), "{text}");
        assert_eq!(settled_images(&app, user).await, 2);

        // A safety refusal and a provider failure: a translated error, nothing charged.
        for (prompt, key) in [("x [demo:safety]", "image-error-safety"), ("x [demo:fail]", "Unavailable")] {
            let (status, events, text) = generate(&app, &cookie, req(prompt, 2)).await;
            assert_eq!(status, StatusCode::OK, "{text}");
            let end = events.last().unwrap();
            assert_eq!(end["type"], "error", "{text}");
            assert!(end["error"].to_string().contains(key), "{prompt}: {text}");
        }
        assert_eq!(settled_images(&app, user).await, 2);
        assert_eq!(open_reservations(&app).await, 0, "every refusal gave its reservation back");

        // Bad input is refused before anything is reserved.
        let before = app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await;
        for (bad, key) in [
            (req("   ", 1), "image-prompt-empty"),
            (req("a cat", 5), "image-count-invalid"),
            (json!({ "prompt": "a cat", "count": 1, "aspect": "3:2" }), "image-aspect-invalid"),
            (json!({ "prompt": "a cat", "count": 1, "aspect": "1:1", "model": "nope:model" }), "image-model-unknown"),
            (req(&"ق".repeat(2001), 1), "image-prompt-too-long"),
        ] {
            let (status, _, text) = generate(&app, &cookie, bad).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
            assert!(text.contains(key), "{key}: {text}");
        }
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM usage_ledger", None).await, before);

        // Out of images: 402 with the add-on offer, nothing made.
        let (status, _, text) = generate(&app, &cookie, req("a cat", 4)).await;
        assert_eq!(status, StatusCode::OK, "8 left: {text}");
        let (status, _, text) = generate(&app, &cookie, req("a cat", 4)).await;
        assert_eq!(status, StatusCode::OK, "4 left: {text}");
        let (status, _, text) = generate(&app, &cookie, req("a cat", 1)).await;
        assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{text}");
        assert!(text.contains("QuotaExceeded") && text.contains("/app/account#plans"), "{text}");
        assert_eq!(settled_images(&app, user).await, 10);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_generations_at_once_against_ten_images_left_charge_exactly_ten() {
    for app in apps().await {
        let app = app.with_config(|c| c.rate_limit_requests = 100_000);
        let (user, cookie) = user_on(&app, "img-rush@example.jo", "starter").await; // 10 images
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for i in 0..500 {
            let (app, cookie) = (app.clone(), cookie.clone());
            tasks.push(tokio::spawn(async move {
                let (status, events, _) = generate(&app, &cookie, req(&format!("صورة رقم {i}"), 1)).await;
                (status, images_of(&events).len())
            }));
        }
        let (mut ok, mut refused, mut made) = (0, 0, 0);
        for t in tasks {
            let (status, n) = t.await.unwrap();
            match status {
                StatusCode::OK => {
                    ok += 1;
                    made += n;
                }
                StatusCode::PAYMENT_REQUIRED => refused += 1,
                other => panic!("{}: unexpected {other}", app.name),
            }
        }
        assert_eq!((ok, refused, made), (10, 490, 10), "{}", app.name);
        assert_eq!(settled_images(&app, user).await, 10);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM images", None).await, 10);
        assert_eq!(open_reservations(&app).await, 0);
        match std::sync::Arc::try_unwrap(app) {
            Ok(app) => app.cleanup().await,
            Err(_) => panic!("the app is still shared"),
        }
    }
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x * 3) as u8, (y * 2) as u8, 120, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_change_with_ai_costs_one_image_and_an_editor_save_lands_in_the_gallery() {
    for app in apps().await {
        let (user, cookie) = user_on(&app, "img-edit@example.jo", "starter").await;
        let (_, events, _) = generate(&app, &cookie, req("قارب في البحر الميت", 1)).await;
        let source = images_of(&events)[0]["id"].as_i64().unwrap();

        // "Make the background blue": one image, whatever the count says.
        let change = json!({ "prompt": "اجعل الخلفية زرقاء", "count": 3, "aspect": "1:1", "source": source });
        let (status, events, text) = generate(&app, &cookie, change).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let made = images_of(&events);
        assert_eq!(made.len(), 1, "{text}");
        assert_eq!(made[0]["origin"], "ai_edit");
        assert_eq!(settled_images(&app, user).await, 2);
        // Someone else's image cannot be changed.
        let (_, other) = user_on(&app, "img-edit-other@example.jo", "starter").await;
        let theirs = json!({ "prompt": "x", "count": 1, "aspect": "1:1", "source": source });
        let (status, _, _) = generate(&app, &other, theirs).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The editor uploads through the files endpoint, then adds the file to the gallery.
        let (res, up) = app.upload(&cookie, "مربع.png", &png(300, 300), true).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{up}");
        let file_id = serde_json::from_str::<Value>(&up).unwrap()["file"]["id"].as_str().unwrap().to_string();
        let (status, body) =
            form(&app, &cookie, "/api/image/save", &[("file_id", &file_id), ("source", &source.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let saved: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (saved["origin"].as_str(), saved["width"].as_i64(), saved["aspect"].as_str()),
            (Some("edited"), Some(300), Some("1:1"))
        );
        assert_eq!(saved["prompt"], "قارب في البحر الميت", "it keeps the prompt of the image it came from");
        let (status, _) = form(&app, &other, "/api/image/save", &[("file_id", &file_id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "someone else's file");
        let (_, body) = form(&app, &cookie, "/api/image/gallery", &[]).await;
        let page: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["images"][0]["id"], saved["id"], "the saved image is first");
        assert_eq!(settled_images(&app, user).await, 2, "editing is free");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_gallery_pages_newest_first() {
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = user_on(&app, "img-pages@example.jo", "creator").await; // 60 images
    for _ in 0..7 {
        let (status, _, text) = generate(&app, &cookie, req("نخلة", 4)).await;
        assert_eq!(status, StatusCode::OK, "{text}");
    }
    let (_, body) = form(&app, &cookie, "/api/image/gallery", &[]).await;
    let first: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(first["images"].as_array().unwrap().len(), 24);
    let next = first["next"].as_i64().unwrap();
    let (_, body) = form(&app, &cookie, "/api/image/gallery", &[("before", &next.to_string())]).await;
    let second: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(second["images"].as_array().unwrap().len(), 4);
    assert!(second["next"].is_null());
    assert!(second["images"][0]["id"].as_i64().unwrap() < next);
}

#[tokio::test]
async fn the_studio_renders_on_the_server_with_its_controls() {
    let app = crate::common::sqlite_app().await;
    let (_, cookie) = user_on(&app, "img-ssr@example.jo", "starter").await;
    let (res, html) = app.get_with("/app/image", &[("cookie", &cookie)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{html}");
    for id in ["image-prompt", "image-count", "image-generate", "image-model"] {
        assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
    }
    assert!(html.contains("الرسّام التجريبي"), "the demo model is offered");
}

/// An image model whose provider fails in a set way (through the real gateway, so its
/// fallback and error rules apply): a timeout, or a 503 on the one model there is.
#[derive(Debug)]
struct Failing(pulse_providers::ProviderError);

impl pulse_providers::image::ImageProvider for Failing {
    fn generate(
        &self,
        _: pulse_providers::image::ImageRequest,
    ) -> futures_util::future::BoxFuture<'_, Result<pulse_providers::image::ImageStream, pulse_providers::ProviderError>>
    {
        let e = self.0.clone();
        Box::pin(async move { Err(e) })
    }
}

#[tokio::test]
async fn a_timeout_or_a_busy_provider_is_told_in_words_and_charged_nothing() {
    use pulse_providers::{Catalogue, Gateway, ProviderError, ProviderKind};
    for (error, said) in [
        (ProviderError::Timeout, "ProviderTimeout"),
        (ProviderError::Unavailable { status: 503 }, "Unavailable"),
        (ProviderError::Safety("IMAGE_SAFETY".into()), "image-error-safety"),
    ] {
        let gateway = Gateway::empty(Catalogue::builtin())
            .with_image_provider(ProviderKind::Stability, std::sync::Arc::new(Failing(error.clone())));
        let app = crate::common::sqlite_app().await.with_ai(std::sync::Arc::new(gateway));
        let (user, cookie) = user_on(&app, "img-fail@example.jo", "starter").await;
        let ask = json!({ "prompt": "a cat", "count": 2, "aspect": "16:9", "model": "stability:core" });
        let (status, events, text) = generate(&app, &cookie, ask).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let end = events.last().unwrap();
        assert_eq!(end["type"], "error", "{error:?}: {text}");
        assert!(end["error"].to_string().contains(said), "{error:?}: {text}");
        assert_eq!(settled_images(&app, user).await, 0);
        assert_eq!(open_reservations(&app).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM images", None).await, 0);
    }
}
