use super::api::{list_files, DeleteFile};
use super::{FileView, FilesView};
use crate::i18n::{format_bytes, format_date, use_i18n, Arg};
use crate::tr;
use crate::ui::icons::{Icon, SvgIcon};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the file picker accepts (the server decides from the bytes; this only guides).
const ACCEPT: &str = "image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm,video/quicktime,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx";

/// The account page's files card: storage used, an upload form that works without
/// JavaScript, and the list with download and delete.
#[component]
pub fn FilesCard() -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteFile>::new();
    let files = Resource::new(move || delete.version().get(), |_| list_files());
    let query = use_query_map();
    // The answer of the last upload (the form posts to /files/upload, which comes back here).
    let flash = move || {
        let q = query.read();
        if let Some(code) = q.get("upload_error") {
            let key = crate::features::files::upload_error_key(&code);
            Some(
                view! { <p class="notice error" role="alert" data-testid="upload-error">{move || i18n.t(&key)}</p> }
                    .into_any(),
            )
        } else {
            q.get("uploaded").map(|_| {
                view! { <p class="notice ok" role="status" data-testid="upload-ok">{tr!("files-uploaded")}</p> }
                    .into_any()
            })
        }
    };
    let picked_error = RwSignal::new(None::<String>);

    view! {
        <section class="card" id="files" aria-labelledby="files-title">
            <h2 id="files-title">{tr!("files-title")}</h2>
            {flash}
            <Suspense fallback=|| view! { <div class="meters skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match files.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(v) => view! {
                            <StorageUse view=v.clone() />
                            <UploadForm view=v.clone() picked_error />
                            <FileList files=v.files.clone() delete />
                        }.into_any(),
                    }
                })}
            </Suspense>
            {move || delete.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p>
            })}
        </section>
    }
}

#[component]
fn StorageUse(view: FilesView) -> impl IntoView {
    let i18n = use_i18n();
    let (used, quota) = (view.used_bytes, view.quota_bytes.max(1));
    let (low, high) = crate::ui::meters::thresholds(quota);
    let level = if used >= quota {
        "full"
    } else if used * 10 >= quota * 8 {
        "warn"
    } else {
        "ok"
    };
    view! {
        <div class="meter storage" data-testid="storage-used" data-level=level data-bytes=used>
            <div class="meter-head">
                <span class="meter-label">{tr!("files-storage")}</span>
                <span class="meter-value">
                    {move || i18n.t_with("meter-used", &[
                        ("used", Arg::Text(format_bytes(used, i18n.lang()))),
                        ("limit", Arg::Text(format_bytes(quota, i18n.lang()))),
                    ])}
                </span>
            </div>
            <meter min="0" max=quota value=used low=low high=high optimum="0"></meter>
        </div>
    }
}

#[component]
fn UploadForm(view: FilesView, picked_error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let limits = (view.max_image_bytes, view.max_video_bytes, view.max_doc_bytes);
    // With JavaScript, a file over its limit is refused before a byte is sent.
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            picked_error.set(None);
            let Some(input) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let t = file.type_();
            let limit = if t.starts_with("image/") {
                limits.0
            } else if t.starts_with("video/") {
                limits.1
            } else {
                limits.2
            };
            if file.size() > limit as f64 {
                picked_error.set(Some("upload-error-too-large".into()));
                input.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (limits, picked_error);
    };
    view! {
        <form class="stack upload" method="post" action="/files/upload" enctype="multipart/form-data" data-testid="upload-form">
            <label for="upload-file">{tr!("files-upload-label")}</label>
            <input id="upload-file" name="file" type="file" accept=ACCEPT required data-testid="upload-input"
                on:change=on_change />
            <p class="muted small">
                {move || i18n.t_with("files-limits", &[
                    ("image", Arg::Text(format_bytes(limits.0, i18n.lang()))),
                    ("video", Arg::Text(format_bytes(limits.1, i18n.lang()))),
                    ("doc", Arg::Text(format_bytes(limits.2, i18n.lang()))),
                ])}
            </p>
            {move || picked_error.get().map(|k| view! { <p class="field-error" role="alert" data-testid="upload-picked-error">{move || i18n.t(&k)}</p> })}
            <button class="button primary" type="submit" data-testid="upload-submit">{tr!("files-upload")}</button>
        </form>
    }
}

#[component]
fn FileList(files: Vec<FileView>, delete: ServerAction<DeleteFile>) -> impl IntoView {
    let i18n = use_i18n();
    if files.is_empty() {
        return view! { <p class="muted" data-testid="files-empty">{tr!("files-empty")}</p> }.into_any();
    }
    view! {
        <ul class="file-list" data-testid="file-list">
            {files.into_iter().map(|f| {
                let icon = match f.media() {
                    "image" => Icon::Image,
                    "video" => Icon::Video,
                    _ => Icon::Cv,
                };
                let kind_key = format!("files-kind-{}", f.kind.as_str());
                let (bytes, created) = (f.bytes, f.created_at.0);
                let delete_label = f.name.clone();
                let (id, name, view_href, download_href) = (f.id.clone(), f.name.clone(), f.view_href(), f.download_href());
                let row_id = f.id.clone();
                view! {
                    <li class="file-row" data-testid="file-row" data-file-id=row_id>
                        <SvgIcon icon class="file-icon" />
                        <div class="file-main">
                            <a class="file-name" href=view_href rel="external" target="_blank" data-testid="file-open">
                                <bdi>{name}</bdi>
                            </a>
                            <span class="muted small">
                                {move || i18n.t(&kind_key)}" · "
                                <bdi>{move || format_bytes(bytes, i18n.lang())}</bdi>" · "
                                {move || format_date(created, i18n.lang())}
                            </span>
                        </div>
                        <a class="button small" href=download_href rel="external" data-testid="file-download">
                            {tr!("files-download")}
                        </a>
                        <ActionForm action=delete>
                            <input type="hidden" name="id" value=id />
                            <button class="button small danger" type="submit" data-testid="file-delete"
                                aria-label=move || i18n.t_with("files-delete-named", &[("name", Arg::Text(delete_label.clone()))])>
                                {tr!("files-delete")}
                            </button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
