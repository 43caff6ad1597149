//! The browser side of `POST /chat/stream`: fetch with a streamed body, server-sent
//! events parsed as they arrive, and an abort handle. Browser only.

use super::model::{StreamEvent, TurnRequest};
use crate::error::AppError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Sends a turn and calls `on_event` for each event until the stream ends. A refusal
/// before the stream comes back as the server's typed error.
pub async fn send_turn(
    req: &TurnRequest,
    abort: &web_sys::AbortController,
    mut on_event: impl FnMut(StreamEvent),
) -> Result<(), AppError> {
    let body = serde_json::to_string(req).map_err(|e| AppError::Network(e.to_string()))?;
    crate::ui::stream::post_events("/chat/stream", &body, abort, |data| {
        if let Ok(event) = serde_json::from_str::<StreamEvent>(&data) {
            on_event(event);
        }
    })
    .await
}

/// Uploads an attachment (an image, a PDF) through the files endpoint: its file id, name
/// and checked content type.
pub async fn upload_image(file: &web_sys::File) -> Result<(String, String, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let form = web_sys::FormData::new().map_err(|_| "form")?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| "form")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    let headers = web_sys::Headers::new().map_err(|_| "headers")?;
    headers.set("accept", "application/json").map_err(|_| "headers")?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init("/files/upload", &init).map_err(|_| "request")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| "network")?
        .dyn_into()
        .map_err(|_| "response")?;
    let text =
        JsFuture::from(response.text().map_err(|_| "text")?).await.map_err(|_| "text")?.as_string().unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| "json")?;
    if let Some(id) = json["file"]["id"].as_str() {
        return Ok((
            id.to_string(),
            json["file"]["name"].as_str().unwrap_or("").to_string(),
            json["file"]["content_type"].as_str().unwrap_or("").to_string(),
        ));
    }
    Err(json["error"]["message"].as_str().unwrap_or("upload failed").to_string())
}

/// Copies text to the clipboard (best effort).
pub fn copy_text(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Shows `/app/chat?c=ID` in the address bar without a navigation.
pub fn show_conversation_url(id: i64) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("/app/chat?c={id}")));
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function pulse_follow_keyboard() {
  const vv = window.visualViewport;
  if (!vv || window.__pulseKeyboard) return;
  window.__pulseKeyboard = true;
  const root = document.documentElement;
  const update = () => {
    // Pinch-zoom also shrinks the visual viewport: only an unzoomed one means a keyboard.
    const inset = vv.scale > 1.01 ? 0 : Math.max(0, Math.round(window.innerHeight - vv.height - vv.offsetTop));
    root.style.setProperty("--keyboard-inset", inset + "px");
    root.classList.toggle("keyboard-open", inset > 80);
  };
  vv.addEventListener("resize", update);
  vv.addEventListener("scroll", update);
  update();
}
"#)]
extern "C" {
    /// Keeps `--keyboard-inset` (the part of the page an on-screen keyboard covers, from
    /// `visualViewport`) and `html.keyboard-open` up to date, so the composer sits on the
    /// keyboard instead of behind it (iOS Safari does not shrink the page for it).
    pub fn pulse_follow_keyboard();
}
