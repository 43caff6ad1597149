//! HTTP endpoints of files (not server functions: they stream bytes):
//! - `POST /files/upload` — multipart form with one `file` field; answers JSON to
//!   `Accept: application/json`, otherwise goes back to the account page (works without JS);
//! - `GET /files/{id}` — owner check (404 for anyone else), then a redirect to a signed,
//!   expiring link; `?download=1` saves instead of showing;
//! - `GET /objects/{*key}?exp&ct&name&inline&sig` — the local backend's signed links.

use super::service::{self, UploadError};
use crate::i18n::{self, Lang};
use crate::platform::auth::{CurrentSession, SignedIn};
use crate::platform::storage::signing::{LinkError, SignedQuery};
use crate::platform::storage::{content_disposition, inspect::Rejection, ObjectKey, Storage};
use crate::platform::AppState;
use crate::types::UnixMillis;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tower::ServiceExt;

pub fn routes(state: &AppState) -> Router<AppState> {
    let s = &state.config.storage;
    // The hard cap on a request body: the largest kind plus room for the form around it.
    // Each kind's own limit is enforced while streaming.
    let hard_cap = s.max_image_bytes.max(s.max_video_bytes).max(s.max_doc_bytes) + 1024 * 1024;
    let routes = Router::new()
        .route("/files/upload", post(upload).layer(DefaultBodyLimit::max(hard_cap as usize)))
        .route("/files/{id}", get(open_file))
        .route("/files/{id}/raw", get(raw_image))
        .route("/objects/{*key}", get(serve_object));
    crate::platform::ratelimit::limited(routes, state)
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

fn lang_of(session: Option<&CurrentSession>, headers: &HeaderMap) -> Lang {
    match session {
        Some(s) => s.user.locale,
        None => i18n::negotiate_headers(headers),
    }
}

fn json_error(status: u16, code: &str, message: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Json(serde_json::json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

async fn upload(
    State(state): State<AppState>,
    session: Option<SignedIn>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let session = session.map(|SignedIn(s)| s);
    let json = wants_json(&headers);
    let lang = lang_of(session.as_ref(), &headers);
    let Some(session) = session else {
        return if json {
            json_error(401, "sign-in", i18n::message(lang, "error-unauthorized"))
        } else {
            Redirect::to("/login?next=/app/account%23files").into_response()
        };
    };
    let outcome = match multipart {
        Err(_) => Err(UploadError::Rejected(Rejection::NoFile)),
        Ok(mut form) => {
            let mut outcome = Err(UploadError::Rejected(Rejection::NoFile));
            loop {
                match form.next_field().await {
                    Ok(Some(mut field)) => {
                        if field.name() == Some("file")
                            && matches!(outcome, Err(UploadError::Rejected(Rejection::NoFile)))
                        {
                            let name = field.file_name().unwrap_or_default().to_string();
                            outcome = service::upload(&state, session.user.id, &name, &mut field).await;
                        }
                        // Read what is left, so the browser gets our answer rather than a reset.
                        while let Ok(Some(_)) = field.chunk().await {}
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::info!(error = %e, "multipart ended");
                        break;
                    }
                }
            }
            outcome
        }
    };
    match outcome {
        Ok(file) => {
            if json {
                (StatusCode::CREATED, Json(serde_json::json!({ "file": file }))).into_response()
            } else {
                Redirect::to(&format!("/app/account?uploaded={}#files", file.id)).into_response()
            }
        }
        Err(UploadError::Rejected(r)) => {
            if json {
                json_error(r.status(), r.code(), i18n::message(lang, &r.message_key()))
            } else {
                Redirect::to(&format!("/app/account?upload_error={}#files", r.code())).into_response()
            }
        }
        Err(UploadError::Failed(e)) => {
            if json {
                json_error(e.status(), "failed", i18n::message(lang, e.message_key()))
            } else {
                Redirect::to("/app/account?upload_error=failed#files").into_response()
            }
        }
    }
}

#[derive(Deserialize)]
struct OpenQuery {
    download: Option<String>,
}

fn not_found(lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        i18n::message(lang, "files-not-found"),
    )
        .into_response()
}

async fn open_file(
    State(state): State<AppState>,
    session: Option<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<OpenQuery>,
) -> Response {
    let session = session.map(|SignedIn(s)| s);
    let lang = lang_of(session.as_ref(), &headers);
    let Some(session) = session else {
        return Redirect::to("/login?next=/app/account%23files").into_response();
    };
    let inline = q.download.as_deref().is_none_or(|d| d == "0");
    match service::download_url(&state, session.user.id, &id, inline).await {
        Ok(url) => {
            let mut res = Redirect::to(&url).into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(crate::error::AppError::NotFound) => not_found(lang),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            i18n::message(lang, e.message_key()),
        )
            .into_response(),
    }
}

/// `GET /files/{id}/raw`: an image of the signed-in owner's, served from this origin.
/// Pages show images and the editor reads them through this (the pages' policy admits
/// only this origin, and a bucket's presigned link is another); a file's bytes never
/// change, so the browser may keep it privately.
async fn raw_image(State(state): State<AppState>, session: Option<SignedIn>, Path(id): Path<String>) -> Response {
    let Some(SignedIn(session)) = session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match service::image_bytes(&state, session.user.id, &id).await {
        Ok((file, bytes)) => {
            let headers = [
                (header::CONTENT_TYPE, file.content_type.clone()),
                (header::CACHE_CONTROL, "private, max-age=31536000, immutable".to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
                (header::CONTENT_DISPOSITION, crate::platform::storage::content_disposition(&file.name, true)),
            ];
            (headers, bytes).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn serve_object(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    query: Result<Query<SignedQuery>, axum::extract::rejection::QueryRejection>,
    req: Request,
) -> Response {
    let lang = i18n::negotiate_headers(&headers);
    let Storage::Local(store) = &state.storage else { return not_found(lang) };
    let (Ok(key), Ok(Query(q))) = (ObjectKey::parse(&key), query) else {
        return (StatusCode::FORBIDDEN, i18n::message(lang, "files-link-invalid")).into_response();
    };
    let download = match store.verify(&key, &q, UnixMillis::now().0) {
        Ok(d) => d,
        Err(LinkError::Expired) => {
            return (StatusCode::FORBIDDEN, i18n::message(lang, "files-link-expired")).into_response();
        }
        Err(LinkError::BadSignature) => {
            return (StatusCode::FORBIDDEN, i18n::message(lang, "files-link-invalid")).into_response();
        }
    };
    let path = store.path_of(&key);
    if !path.is_file() {
        return not_found(lang);
    }
    let mime: mime::Mime = match download.content_type.parse() {
        Ok(m) => m,
        Err(_) => return not_found(lang),
    };
    // ServeFile brings ranges (video seeking), conditional requests and HEAD.
    let served = tower_http::services::ServeFile::new_with_mime(&path, &mime).oneshot(req).await;
    let mut res = match served {
        Ok(r) => r.map(axum::body::Body::new),
        Err(_) => return not_found(lang),
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&download.filename, download.inline)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("private, max-age={}", download.ttl_secs.max(0))) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; media-src 'self'; sandbox"),
    );
    res
}
