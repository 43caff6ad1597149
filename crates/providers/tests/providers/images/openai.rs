//! OpenAI Images (`/images/generations`, `/images/edits`) against a fake (apis.md §1.3).

use super::{b64, collect, jpeg, png, request, source};
use crate::cases::KEY;
use crate::fake::{long_timeouts, short_timeouts, End, Fake, Piece, Reply};
use pulse_providers::image::openai::OpenAiImages;
use pulse_providers::image::{Aspect, ImageProvider};
use pulse_providers::{Endpoint, ProviderError, Timeouts};
use serde_json::json;

fn make(base: &str, timeouts: Timeouts) -> OpenAiImages {
    OpenAiImages::new(Endpoint::new(base, Some(KEY.into())), timeouts)
}

fn answer(images: &[Vec<u8>]) -> Reply {
    let data: Vec<_> = images.iter().map(|i| json!({"b64_json": b64(i), "revised_prompt": null})).collect();
    Reply::json(&json!({
        "created": 1713833628, "data": data, "background": "opaque", "output_format": "png",
        "quality": "medium", "size": "1024x1024",
        "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}
    }))
}

#[tokio::test]
async fn two_pictures_and_the_request() {
    let fake = Fake::start(vec![answer(&[png(1), jpeg(2)])]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request("gpt-image-1", 2, Aspect::Wide)).await.unwrap())
            .await;
    assert_eq!(got.error, None);
    assert_eq!(
        got.images.iter().map(|i| (i.mime.as_str(), i.data.clone())).collect::<Vec<_>>(),
        vec![("image/png", png(1)), ("image/jpeg", jpeg(2))]
    );
    let r = fake.request();
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/images/generations"));
    assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(
        r.body,
        json!({"model": "gpt-image-1", "prompt": "قطة ترتدي قبعة", "n": 2, "size": "1536x1024",
               "quality": "medium", "output_format": "png"})
    );
}

#[tokio::test]
async fn sizes_follow_the_aspect() {
    let fake = Fake::start((0..4).map(|i| answer(&[png(i)])).collect()).await;
    let p = make(&fake.base, long_timeouts());
    for aspect in Aspect::ALL {
        collect(p.generate(request("gpt-image-1", 1, aspect)).await.unwrap()).await;
    }
    let sizes: Vec<_> = fake.requests().iter().map(|r| r.body["size"].as_str().unwrap().to_string()).collect();
    assert_eq!(sizes, ["1024x1024", "1024x1536", "1024x1536", "1536x1024"]);
}

#[tokio::test]
async fn fewer_pictures_than_asked_is_a_partial_result() {
    let fake = Fake::start(vec![answer(&[png(1)])]).await;
    let got =
        collect(make(&fake.base, long_timeouts()).generate(request("gpt-image-1", 2, Aspect::Square)).await.unwrap())
            .await;
    assert_eq!((got.images.len(), got.error), (1, None));
}

#[tokio::test]
async fn url_answers_are_downloaded_without_the_key() {
    let delivery = Fake::start(vec![Reply::bytes("image/png", &png(7))]).await;
    let fake = Fake::start(vec![Reply::json(
        &json!({"created": 1, "data": [{"url": format!("{}/img/a.png", delivery.origin)}]}),
    )])
    .await;
    let p = make(&fake.base, long_timeouts()).with_download_hosts(vec![delivery.host()]);
    let got = collect(p.generate(request("dall-e-3", 1, Aspect::Square)).await.unwrap()).await;
    assert_eq!(got.sorted(), vec![png(7)]);
    let d = delivery.request();
    assert_eq!((d.method.as_str(), d.path.as_str()), ("GET", "/img/a.png"));
    assert_eq!(d.header("authorization"), None, "the key never goes to another host");
}

#[tokio::test]
async fn url_answers_on_other_hosts_are_refused() {
    let elsewhere = Fake::start(vec![Reply::bytes("image/png", &png(7)), Reply::bytes("image/png", &png(8))]).await;
    let answer = |url: String| Reply::json(&json!({"created": 1, "data": [{"url": url}]}));
    let fake = Fake::start(vec![
        answer(format!("{}/img/a.png", elsewhere.origin)),
        answer("http://169.254.169.254/latest/meta-data/".into()),
        answer("https://oaidalleapiprodscus.blob.core.windows.net.evil.example/a.png".into()),
        answer(format!("{}/img/a.png", elsewhere.origin)),
    ])
    .await;
    let p = make(&fake.base, long_timeouts());
    assert_eq!(p.download_hosts(), ["*.blob.core.windows.net", "*.openai.com"]);
    for _ in 0..3 {
        let got = collect(p.generate(request("dall-e-3", 1, Aspect::Square)).await.unwrap()).await;
        assert!(got.images.is_empty());
        assert!(matches!(&got.error, Some(ProviderError::Protocol(m)) if m.contains("refused")), "{got:?}");
    }
    // Allowed by host, but plain http needs the exact host:port.
    let p = p.with_download_hosts(vec!["127.0.0.1".into(), "*.0.0.1".into()]);
    let got = collect(p.generate(request("dall-e-3", 1, Aspect::Square)).await.unwrap()).await;
    assert!(matches!(&got.error, Some(ProviderError::Protocol(m)) if m.contains("refused")), "{got:?}");
    assert!(elsewhere.requests().is_empty(), "no request reached the other host");
}

#[tokio::test]
async fn an_edit_is_a_multipart_form_with_the_picture() {
    let fake = Fake::start(vec![answer(&[png(3)])]).await;
    let mut req = request("gpt-image-1", 3, Aspect::Portrait);
    req.source = Some(source());
    let got = collect(make(&fake.base, long_timeouts()).generate(req).await.unwrap()).await;
    assert_eq!(got.sorted(), vec![png(3)]);
    let r = fake.request();
    assert_eq!(r.path, "/v1/images/edits");
    assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert!(r.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    assert_eq!(r.field("model").as_deref(), Some("gpt-image-1"));
    assert_eq!(r.field("prompt").as_deref(), Some("قطة ترتدي قبعة"));
    assert_eq!(r.field("n").as_deref(), Some("1"), "an edit makes one picture");
    assert_eq!(r.field("size").as_deref(), Some("auto"), "an edit keeps the source's shape, whatever the aspect");
    let image = r.part("image").unwrap();
    assert_eq!(image.content_type.as_deref(), Some("image/png"));
    assert_eq!(image.file_name.as_deref(), Some("image.png"));
    assert_eq!(image.data, super::real_png());
}

#[tokio::test]
async fn rate_limited_unavailable_and_safety() {
    let fake = Fake::start(vec![
        Reply::Status {
            status: 429,
            headers: vec![("retry-after", "12".into())],
            body: r#"{"error":{"message":"Rate limit reached for images","type":"requests","code":"rate_limit_exceeded"}}"#.into(),
        },
        Reply::status(500, r#"{"error":{"message":"The server had an error","type":"server_error"}}"#),
        Reply::status(
            400,
            r#"{"error":{"message":"Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system.","type":"image_generation_user_error","param":null,"code":"moderation_blocked"}}"#,
        ),
        Reply::status(400, r#"{"error":{"message":"Invalid value for 'size'.","type":"invalid_request_error","code":"invalid_value"}}"#),
    ])
    .await;
    let p = make(&fake.base, long_timeouts());
    let go = || p.generate(request("gpt-image-1", 2, Aspect::Square));
    assert_eq!(go().await.err(), Some(ProviderError::RateLimited { retry_after_secs: Some(12) }));
    assert_eq!(go().await.err(), Some(ProviderError::Unavailable { status: 500 }));
    let safety = go().await.err().unwrap();
    assert!(matches!(&safety, ProviderError::Safety(m) if m.contains("safety system")), "{safety:?}");
    assert!(!safety.is_retryable());
    assert_eq!(
        go().await.err(),
        Some(ProviderError::Rejected { status: 400, message: "Invalid value for 'size'.".into() })
    );
}

#[tokio::test]
async fn the_whole_answer_must_come_in_time() {
    // No headers in time; then headers but a body that stops halfway.
    let fake = Fake::start(vec![
        Reply::NoHeaders,
        Reply::Sse {
            pieces: vec![Piece::Bytes(br#"{"created":1,"data":[{"b64_json":"iVBO"#.to_vec())],
            end: End::Hang,
        },
    ])
    .await;
    let p = make(&fake.base, short_timeouts());
    assert_eq!(p.generate(request("gpt-image-1", 1, Aspect::Square)).await.err(), Some(ProviderError::Timeout));
    assert_eq!(p.generate(request("gpt-image-1", 1, Aspect::Square)).await.err(), Some(ProviderError::Timeout));
}

#[tokio::test]
async fn what_is_not_a_picture_is_a_protocol_error() {
    let fake = Fake::start(vec![
        Reply::json(&json!({"data": [{"b64_json": b64(b"<html>not an image</html>")}]})),
        Reply::json(&json!({"data": []})),
    ])
    .await;
    let p = make(&fake.base, long_timeouts());
    let got = collect(p.generate(request("gpt-image-1", 1, Aspect::Square)).await.unwrap()).await;
    assert!(matches!(got.error, Some(ProviderError::Protocol(_))), "{got:?}");
    assert!(matches!(
        p.generate(request("gpt-image-1", 1, Aspect::Square)).await.err(),
        Some(ProviderError::Protocol(_))
    ));
}
