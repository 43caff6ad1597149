//! An upload to `/files/upload` that says how far it got: XMLHttpRequest's upload progress
//! (fetch has none), for large files over mobile data. Browser only. The answer is the
//! new file, or the translated reason the server gave (too large, wrong type …).

use crate::features::files::{upload_error_key, FileView};
use wasm_bindgen::{closure::Closure, JsCast};

/// Sends `file`; `on_progress` hears the fraction sent (0.0–1.0). Err: a message key.
pub async fn upload_file(file: web_sys::File, on_progress: impl Fn(f64) + 'static) -> Result<FileView, String> {
    let failed = || "upload-error-failed".to_string();
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| failed())?;
    xhr.open("POST", "/files/upload").map_err(|_| failed())?;
    let _ = xhr.set_request_header("accept", "application/json");
    let form = web_sys::FormData::new().map_err(|_| failed())?;
    form.append_with_blob_and_filename("file", &file, &file.name()).map_err(|_| failed())?;
    let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            on_progress(ev.loaded() / ev.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // `loadend` comes once, after a load, an error or an abort; status 0 means no answer.
    let ended = js_sys::Promise::new(&mut |resolve, _| {
        let on_end = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        xhr.set_onloadend(Some(on_end.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(&form)).map_err(|_| failed())?;
    let _ = wasm_bindgen_futures::JsFuture::from(ended).await;
    drop(progress);
    if xhr.status().unwrap_or(0) == 0 {
        return Err("upload-error-network".into());
    }
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    if (200..300).contains(&xhr.status().unwrap_or(0)) {
        return serde_json::from_value(json["file"].clone()).map_err(|_| failed());
    }
    match json["error"]["code"].as_str() {
        Some("sign-in") => Err("error-unauthorized".into()),
        Some(code) => Err(upload_error_key(code)),
        None => Err(failed()),
    }
}
