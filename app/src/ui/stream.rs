//! A POST whose answer is a stream of server-sent events, read as it arrives (chat turns,
//! a tool's AI help), with an abort handle. Browser only.

use crate::error::AppError;
use crate::features::chat::model::drain_events;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Posts `body` (JSON) to `url` and calls `on_data` with each event's data until the
/// stream ends. A refusal before the stream comes back as the server's typed error.
pub async fn post_events(
    url: &str,
    body: &str,
    abort: &web_sys::AbortController,
    mut on_data: impl FnMut(String),
) -> Result<(), AppError> {
    let window = web_sys::window().ok_or_else(|| AppError::Network("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(js_err)?;
    headers.set("content-type", "application/json").map_err(js_err)?;
    headers.set("accept", "text/event-stream").map_err(js_err)?;
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    init.set_signal(Some(&abort.signal()));
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(js_err)?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(js_err)?.dyn_into().map_err(js_err)?;
    if !response.ok() {
        let text = JsFuture::from(response.text().map_err(js_err)?).await.map_err(js_err)?;
        let text = text.as_string().unwrap_or_default();
        return Err(
            serde_json::from_str::<AppError>(&text).unwrap_or(AppError::Network(format!("HTTP {}", response.status())))
        );
    }
    let body = response.body().ok_or_else(|| AppError::Network("no body".into()))?;
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let decoder = web_sys::TextDecoder::new().map_err(js_err)?;
    let options = web_sys::TextDecodeOptions::new();
    options.set_stream(true);
    let mut buffer = String::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(js_err)?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).map_err(js_err)?.as_bool().unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")).map_err(js_err)?;
        let bytes: js_sys::Uint8Array = value.dyn_into().map_err(js_err)?;
        let text = decoder.decode_with_js_u8_array_and_options(&bytes, &options).map_err(js_err)?;
        buffer.push_str(&text);
        for data in drain_events(&mut buffer) {
            on_data(data);
        }
    }
    Ok(())
}

pub fn js_err(e: JsValue) -> AppError {
    AppError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Saves what a signed link points at: a click on a temporary `<a download>`.
pub fn download(url: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(a) = document.create_element("a") else { return };
    let _ = a.set_attribute("href", url);
    let _ = a.set_attribute("download", "");
    let _ = a.set_attribute("hidden", "");
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
        let _ = body.remove_child(&a);
    }
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
