//! `/app/video`: make a clip from a prompt (length, shape, model, the cost before the
//! click), or cut one of your own with captions (upload with progress, trim on a preview,
//! captions typed or imported from SRT, position and size); and your clips as live job
//! rows (queued → running n % → done, failed with the reason, cancel, retry), each
//! finished one playing inline with download and delete.

use super::api::{delete_video, edit_video, generate_video, video_cost, video_studio};
use super::model::*;
use crate::error::{AppError, UPGRADE_URL};
use crate::features::jobs::{placeholder, JobCard, JobsLive};
use crate::i18n::{format_bytes, format_number, message_count, message_with, use_i18n, Arg};
use crate::tr;
use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

/// The page's shared state.
#[derive(Clone, Copy)]
struct Page {
    /// The user's clips as loaded, and the ones queued since (newest first).
    items: RwSignal<Vec<VideoItem>>,
    limits: RwSignal<Option<(i64, i64)>>,
    /// Caption position and size are the plan's (Creator's advanced editors).
    advanced: RwSignal<bool>,
}

impl Page {
    fn add(&self, item: VideoItem) {
        self.items.update(|l| {
            l.retain(|i| i.id != item.id);
            l.insert(0, item);
        });
    }
}

#[component]
pub fn VideoPage() -> impl IntoView {
    let page = Page { items: RwSignal::new(Vec::new()), limits: RwSignal::new(None), advanced: RwSignal::new(false) };
    provide_context(page);
    let studio = Resource::new(|| (), |_| video_studio());
    view! {
        <div class="page page-video">
            <PageHeader slug="video" />
            <crate::ui::meters::UsageMeters />
            <Suspense fallback=|| view! { <div class="card skeleton video-skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match studio.await {
                        Err(e) => {
                            let key = e.message_key().to_string();
                            view! {
                                <p class="notice error" role="alert" data-testid="video-load-error">{move || use_i18n().t(&key)}</p>
                            }.into_any()
                        }
                        Ok(s) => {
                            page.items.set(s.videos.clone());
                            page.limits.set(Some((s.max_clip_secs, s.max_clip_bytes)));
                            page.advanced.set(s.advanced);
                            let models = s.models.clone();
                            view! {
                                <div class="video-tools">
                                    <Generator models />
                                    <Editor />
                                </div>
                                <Clips />
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}

/// A refusal as the page shows it, with the upgrade offer when more quota or a higher
/// plan would help.
fn refusal(e: AppError, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let upgrade = matches!(e, AppError::QuotaExceeded { .. } | AppError::FeatureLocked { .. });
    let key = e.message_key().to_string();
    view! {
        <div class=if upgrade { "banner danger" } else { "banner warn" } role="alert" data-testid=testid>
            <span>{move || i18n.t(&key)}</span>
            {upgrade.then(|| view! {
                <a class="button small primary" href=UPGRADE_URL data-testid="upgrade-cta">{tr!("usage-upgrade")}</a>
            })}
        </div>
    }
    .into_any()
}

#[component]
fn Generator(models: Vec<VideoModel>) -> impl IntoView {
    let i18n = use_i18n();
    let page = expect_context::<Page>();
    let prompt = RwSignal::new(String::new());
    let model = RwSignal::new(models.first().map(|m| m.id.clone()).unwrap_or_default());
    let seconds = RwSignal::new(8u8);
    let aspect = RwSignal::new("16:9".to_string());
    let error = RwSignal::new(None::<AppError>);
    let usage = crate::ui::meters::use_usage_version();
    let cost = Resource::new(move || usage.0.get(), |_| video_cost());
    let submit = Action::new(move |form: &GenerateForm| {
        let form = form.clone();
        async move { generate_video(form).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(item)) => {
            page.add(item);
            prompt.set(String::new());
            usage.bump();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let go = move || {
        if submit.pending().get_untracked() {
            return;
        }
        let text = prompt.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(AppError::Validation("video-error-prompt-empty".into())));
            return;
        }
        error.set(None);
        submit.dispatch(GenerateForm {
            prompt: text,
            model: Some(model.get_untracked()).filter(|m| !m.is_empty()),
            seconds: seconds.get_untracked(),
            aspect: aspect.get_untracked(),
        });
    };
    let no_models = models.is_empty();
    view! {
        <section class="card video-card" aria-labelledby="video-generate-title">
            <h2 id="video-generate-title">{tr!("video-generate-title")}</h2>
            <label class="field">
                <span>{tr!("video-prompt-label")}</span>
                <textarea data-testid="video-prompt" dir="auto" rows="3" maxlength=MAX_PROMPT_CHARS.to_string()
                    placeholder=move || i18n.t("video-prompt-placeholder")
                    prop:value=move || prompt.get()
                    on:input=move |ev| prompt.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            go();
                        }
                    }></textarea>
            </label>
            <div class="video-options">
                <label class="field">
                    <span>{tr!("video-length")}</span>
                    <select data-testid="video-length" on:change=move |ev| seconds.set(event_target_value(&ev).parse().unwrap_or(8))>
                        {LENGTHS.iter().map(|&n| view! {
                            <option value=n.to_string() selected=move || seconds.get() == n>
                                {move || message_count(i18n.lang(), "video-seconds", i64::from(n))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!("video-aspect")}</span>
                    <select data-testid="video-aspect" on:change=move |ev| aspect.set(event_target_value(&ev))>
                        {ASPECTS.iter().map(|a| {
                            let key = format!("video-aspect-{}", a.replace(':', "x"));
                            view! { <option value=*a selected=move || aspect.get() == *a>{move || i18n.t(&key)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field model-field">
                    <span>{tr!("video-model")}</span>
                    <select data-testid="video-model" on:change=move |ev| model.set(event_target_value(&ev))>
                        {models.into_iter().map(|m| {
                            let id = m.id.clone();
                            let selected = model.get_untracked() == id;
                            view! { <option value=id selected=selected>{move || m.name(i18n.lang()).to_string()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="video-actions">
                <button class="button primary" type="button" data-testid="video-generate"
                    disabled=move || submit.pending().get() || no_models aria-busy=move || submit.pending().get().to_string()
                    on:click=move |_| go()>
                    {move || i18n.t(if submit.pending().get() { "video-queueing" } else { "video-generate" })}
                </button>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        cost.await.ok().map(|c| {
                            let l = i18n.lang();
                            view! {
                                <span class=if c.allowed { "muted small" } else { "small danger-text" } data-testid="video-cost">
                                    {message_with(l, "video-cost", &[
                                        ("remaining", Arg::Num(c.remaining.max(0))), ("r", Arg::Text(format_number(c.remaining.max(0), l))),
                                    ])}
                                </span>
                            }
                        })
                    })}
                </Suspense>
            </div>
            {move || error.get().map(|e| refusal(e, "video-error"))}
        </section>
    }
    .into_any()
}

/// The clip being edited: the upload and its length.
#[derive(Clone, Debug, PartialEq)]
struct Source {
    file_id: String,
    name: String,
    bytes: i64,
    duration: f64,
}

/// One caption row of the editor.
#[derive(Clone, Copy)]
struct CaptionRow {
    key: u32,
    text: RwSignal<String>,
    start: RwSignal<f64>,
    end: RwSignal<f64>,
}

#[component]
fn Editor() -> impl IntoView {
    let i18n = use_i18n();
    let page = expect_context::<Page>();
    let source = RwSignal::new(None::<Source>);
    let uploading = RwSignal::new(None::<f64>);
    let upload_error = RwSignal::new(None::<String>);
    let start = RwSignal::new(0.0f64);
    let end = RwSignal::new(0.0f64);
    let captions = RwSignal::new(Vec::<CaptionRow>::new());
    let next_key = StoredValue::new(0u32);
    let position = RwSignal::new(CaptionPosition::Bottom);
    let size = RwSignal::new(CaptionSize::Medium);
    let error = RwSignal::new(None::<AppError>);
    let srt_note = RwSignal::new(None::<(String, i64)>);
    let preview = NodeRef::<leptos::html::Video>::new();
    let limits = move || page.limits.get().unwrap_or((30, 50 * 1024 * 1024));

    let now = move || -> f64 {
        #[cfg(feature = "hydrate")]
        {
            preview.get_untracked().map(|v| v.current_time()).unwrap_or(0.0)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            0.0
        }
    };
    let seek = move |_t: f64| {
        #[cfg(feature = "hydrate")]
        if let Some(v) = preview.get_untracked() {
            v.set_current_time(_t);
        }
    };
    let add_caption = move |text: String, a: f64, b: f64| {
        // Also called after an SRT file was read: the page may be gone by then.
        let Some(key) = next_key.try_get_value() else { return };
        next_key.try_set_value(key + 1);
        captions.try_update(|c| {
            c.push(CaptionRow { key, text: RwSignal::new(text), start: RwSignal::new(a), end: RwSignal::new(b) })
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            upload_error.set(None);
            error.set(None);
            let (max_secs, max_bytes) = limits();
            if file.size() > max_bytes as f64 {
                upload_error.set(Some("video-error-too-large".into()));
                return;
            }
            uploading.set(Some(0.0));
            // The page may be left while the upload runs: after it, only `try_` writes.
            leptos::task::spawn_local(async move {
                let sent = crate::ui::upload::upload_file(file, move |f| {
                    uploading.try_set(Some(f));
                })
                .await;
                uploading.try_set(None);
                match sent {
                    Ok(f) if f.media() == "video" => {
                        let duration = f.duration_secs.unwrap_or(0.0);
                        start.try_set(0.0);
                        end.try_set(duration.min(max_secs as f64));
                        captions.try_set(Vec::new());
                        source.try_set(Some(Source { file_id: f.id, name: f.name, bytes: f.bytes, duration }));
                    }
                    Ok(_) => {
                        upload_error.try_set(Some("video-error-not-video".into()));
                    }
                    Err(key) => {
                        upload_error.try_set(Some(key));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    let on_srt = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            if file.size() > MAX_SRT_BYTES as f64 {
                srt_note.set(Some(("video-srt-bad".into(), 0)));
                return;
            }
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                let lines = text.as_deref().map(parse_srt).unwrap_or_default();
                if lines.is_empty() {
                    srt_note.try_set(Some(("video-srt-bad".into(), 0)));
                    return;
                }
                let n = lines.len().min(MAX_CAPTIONS);
                for c in lines.into_iter().take(MAX_CAPTIONS) {
                    add_caption(c.text, c.start, c.end);
                }
                srt_note.try_set(Some(("video-srt-imported".into(), n as i64)));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    let render = Action::new(move |form: &EditForm| {
        let form = form.clone();
        async move { edit_video(form).await }
    });
    Effect::new(move |_| match render.value().get() {
        Some(Ok(item)) => page.add(item),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let go = move || {
        let Some(src) = source.get_untracked() else { return };
        if render.pending().get_untracked() {
            return;
        }
        let (a, b) = (start.get_untracked(), end.get_untracked());
        let (max_secs, _) = limits();
        if !(b - a >= 0.5 && a >= 0.0 && b <= src.duration + 0.05) {
            error.set(Some(AppError::Validation("video-error-trim".into())));
            return;
        }
        if b - a > max_secs as f64 + 0.05 {
            error.set(Some(AppError::Validation("video-error-too-long".into())));
            return;
        }
        let rows: Vec<Caption> = captions
            .get_untracked()
            .iter()
            .map(|r| Caption {
                text: r.text.get_untracked(),
                start: r.start.get_untracked(),
                end: r.end.get_untracked(),
            })
            .filter(|c| !c.text.trim().is_empty())
            .collect();
        if rows.iter().any(|c| c.end <= c.start) {
            error.set(Some(AppError::Validation("video-error-caption".into())));
            return;
        }
        error.set(None);
        render.dispatch(EditForm {
            file_id: src.file_id,
            start: a,
            end: b,
            captions: rows,
            position: position.get_untracked(),
            size: size.get_untracked(),
        });
    };

    let time_input = move |value: RwSignal<f64>, testid: &'static str, label: &'static str, max: Signal<f64>| {
        view! {
            <label class="field time-field">
                <span>{tr!(label)}</span>
                <input type="number" inputmode="decimal" step="0.1" min="0" max=move || format!("{:.1}", max.get())
                    data-testid=testid dir="ltr"
                    prop:value=move || format!("{:.1}", value.get())
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().replace(',', ".").parse::<f64>() {
                            let v = v.clamp(0.0, max.get_untracked());
                            value.set(v);
                            seek(v);
                        }
                    } />
            </label>
        }
    };
    let duration = Signal::derive(move || source.with(|s| s.as_ref().map(|s| s.duration).unwrap_or(0.0)));

    view! {
        <section class="card video-card" aria-labelledby="video-edit-title">
            <h2 id="video-edit-title">{tr!("video-edit-title")}</h2>
            <p class="muted small" data-testid="video-limits">
                {move || {
                    let l = i18n.lang();
                    let (secs, bytes) = limits();
                    message_with(l, "video-limits", &[
                        ("count", Arg::Num(secs)), ("n", Arg::Text(format_number(secs, l))),
                        ("size", Arg::Text(format_bytes(bytes, l))),
                    ])
                }}
            </p>
            <label class="button upload-button">
                <input class="visually-hidden" type="file" accept="video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov"
                    data-testid="video-upload" disabled=move || uploading.get().is_some() on:change=on_pick />
                {move || i18n.t(if source.with(Option::is_some) { "video-upload-another" } else { "video-upload" })}
            </label>
            {move || uploading.get().map(|f| {
                let pct = (f * 100.0).round() as i64;
                view! {
                    <div class="upload-progress" role="status" data-testid="video-upload-progress">
                        <progress max="100" value=pct.to_string() aria-label=move || i18n.t("video-uploading")></progress>
                        <span class="small">{move || i18n.t_with("video-uploading-percent", &[("n", Arg::Text(format_number(pct, i18n.lang())))])}</span>
                    </div>
                }
            })}
            {move || upload_error.get().map(|k| view! {
                <p class="field-error" role="alert" data-testid="video-upload-error">{move || i18n.t(&k)}</p>
            })}
            {move || source.get().map(|src| {
                let url = format!("/files/{}", src.file_id);
                let l = i18n.lang();
                let meta = format!("{} · {}", src.name, format_bytes(src.bytes, l));
                view! {
                    <div class="video-edit">
                        <video class="video-preview" node_ref=preview src=url controls=true preload="metadata" playsinline=true
                            data-testid="video-preview"></video>
                        <p class="muted small" dir="auto">{meta}</p>
                        <fieldset class="trim">
                            <legend>{tr!("video-trim")}</legend>
                            <div class="trim-row">
                                {time_input(start, "trim-start", "video-trim-start", duration)}
                                <button class="button small" type="button" data-testid="trim-start-here"
                                    on:click=move |_| start.set(now())>{tr!("video-set-here")}</button>
                            </div>
                            <div class="trim-row">
                                {time_input(end, "trim-end", "video-trim-end", duration)}
                                <button class="button small" type="button" data-testid="trim-end-here"
                                    on:click=move |_| end.set(now())>{tr!("video-set-here")}</button>
                            </div>
                            <p class="small muted" data-testid="trim-length">
                                {move || {
                                    let l = i18n.lang();
                                    let secs = (end.get() - start.get()).max(0.0);
                                    message_with(l, "video-cut-length", &[("clock", Arg::Text(clock(secs)))])
                                }}
                            </p>
                        </fieldset>
                        <fieldset class="captions">
                            <legend>{tr!("video-captions")}</legend>
                            <ol class="caption-list">
                                <For each=move || captions.get() key=|r| r.key let:row>
                                    <li class="caption-row">
                                        <label class="field caption-text">
                                            <span class="visually-hidden">{tr!("video-caption-text")}</span>
                                            <textarea rows="2" dir="auto" maxlength=MAX_CAPTION_CHARS.to_string() data-testid="caption-text"
                                                placeholder=move || i18n.t("video-caption-placeholder")
                                                prop:value=move || row.text.get()
                                                on:input=move |ev| row.text.set(event_target_value(&ev))></textarea>
                                        </label>
                                        <div class="caption-times">
                                            {time_input(row.start, "caption-start", "video-caption-start", duration)}
                                            {time_input(row.end, "caption-end", "video-caption-end", duration)}
                                            <button class="button small" type="button" data-testid="caption-remove"
                                                aria-label=move || i18n.t("video-caption-remove")
                                                on:click=move |_| captions.update(|c| c.retain(|r| r.key != row.key))>
                                                {tr!("video-caption-remove")}
                                            </button>
                                        </div>
                                    </li>
                                </For>
                            </ol>
                            <div class="caption-actions">
                                <button class="button small" type="button" data-testid="caption-add"
                                    disabled=move || captions.with(|c| c.len() >= MAX_CAPTIONS)
                                    on:click=move |_| {
                                        let a = now().max(start.get_untracked());
                                        let b = (a + 2.0).min(duration.get_untracked().max(a + 0.5));
                                        add_caption(String::new(), a, b);
                                    }>
                                    {tr!("video-caption-add")}
                                </button>
                                <label class="button small">
                                    <input class="visually-hidden" type="file" accept=".srt,application/x-subrip,text/plain"
                                        data-testid="caption-srt" on:change=on_srt />
                                    {tr!("video-srt-import")}
                                </label>
                            </div>
                            {move || srt_note.get().map(|(key, n)| view! {
                                <p class="small muted" role="status" data-testid="caption-srt-note">
                                    {move || message_count(i18n.lang(), &key, n)}
                                </p>
                            })}
                            <div class="video-options">
                                <label class="field">
                                    <span>{tr!("video-caption-position")}</span>
                                    <select data-testid="caption-position" disabled=move || !page.advanced.get()
                                        on:change=move |ev| position.set(CaptionPosition::parse(&event_target_value(&ev)).unwrap_or_default())>
                                        {CaptionPosition::ALL.iter().map(|p| {
                                            let p = *p;
                                            let key = format!("video-position-{}", p.as_str());
                                            view! { <option value=p.as_str() selected=move || position.get() == p>{move || i18n.t(&key)}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label class="field">
                                    <span>{tr!("video-caption-size")}</span>
                                    <select data-testid="caption-size" disabled=move || !page.advanced.get()
                                        on:change=move |ev| size.set(CaptionSize::parse(&event_target_value(&ev)).unwrap_or_default())>
                                        {CaptionSize::ALL.iter().map(|s| {
                                            let s = *s;
                                            let key = format!("video-size-{}", s.as_str());
                                            view! { <option value=s.as_str() selected=move || size.get() == s>{move || i18n.t(&key)}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                            </div>
                            <Show when=move || !page.advanced.get()>
                                <p class="small muted locked-inline" data-testid="feature-locked" data-feature="advanced_editors">
                                    {tr!("video-styles-locked")}" "
                                    <a href=UPGRADE_URL data-testid="upgrade-cta">{tr!("upgrade-cta")}</a>
                                </p>
                            </Show>
                        </fieldset>
                        <div class="video-actions">
                            <button class="button primary" type="button" data-testid="video-render"
                                disabled=move || render.pending().get() aria-busy=move || render.pending().get().to_string()
                                on:click=move |_| go()>
                                {move || i18n.t(if render.pending().get() { "video-queueing" } else { "video-render" })}
                            </button>
                            <span class="muted small">{tr!("video-render-free")}</span>
                        </div>
                    </div>
                }
                .into_any()
            })}
            {move || error.get().map(|e| refusal(e, "video-edit-error"))}
        </section>
    }
    .into_any()
}

/// The user's clips, live.
#[component]
fn Clips() -> impl IntoView {
    let page = expect_context::<Page>();
    let ids = move || page.items.with(|l| l.iter().map(|i| i.id).collect::<Vec<i64>>());
    view! {
        <section class="video-clips" aria-labelledby="video-clips-title">
            <h2 id="video-clips-title">{tr!("video-clips-title")}</h2>
            <Show when=move || page.items.with(Vec::is_empty)>
                <EmptyState slug="video" icon=Icon::Video />
            </Show>
            <ul class="clip-list" data-testid="video-clips">
                <For each=ids key=|id| *id let:id>
                    <ClipRow id />
                </For>
            </ul>
        </section>
    }
    .into_any()
}

/// One clip: its job (status, progress, cancel, retry) kept live by the event stream, and
/// once done the player, download and delete.
#[component]
fn ClipRow(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let page = expect_context::<Page>();
    let live = JobsLive::get();
    let item = Memo::new(move |_| page.items.with(|l| l.iter().find(|i| i.id == id).cloned()));
    let job = Signal::derive(move || {
        let loaded = item.with(|i| i.as_ref().map(|i| i.job.clone()));
        let newer = loaded
            .as_ref()
            .and_then(|j| live.jobs.with(|l| l.iter().find(|x| x.id == j.id && x.version > j.version).cloned()));
        newer.or(loaded).unwrap_or_else(|| placeholder(0))
    });
    let usage = crate::ui::meters::use_usage_version();
    // A job that ends changes the meters (a clip charged, or a reservation given back).
    Effect::new(move |was: Option<bool>| {
        let active = job.with(|j| j.status.is_active());
        if was == Some(true) && !active {
            usage.bump();
        }
        active
    });
    let status = move || row_status(job.with(|j| j.status));
    let asking = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let remove = move || {
        deleting.set(true);
        leptos::task::spawn_local(async move {
            match delete_video(id).await {
                Ok(()) => {
                    page.items.update(|l| l.retain(|i| i.id != id));
                    usage.bump();
                }
                Err(e) => {
                    delete_error.set(Some(e.message_key().to_string()));
                    deleting.set(false);
                    asking.set(false);
                }
            }
        });
    };
    view! {
        <li class="clip-row" data-testid="job-row" data-status=status data-video-id=id.to_string()>
            {move || item.get().map(|it| {
                let l = i18n.lang();
                let what = match it.origin {
                    Origin::Generated => it.prompt.clone(),
                    Origin::Edited => it.prompt.clone(),
                };
                let detail = it.seconds.map(|s| message_count(l, "video-seconds", s.round() as i64)).unwrap_or_default();
                view! {
                    <p class="clip-prompt" dir="auto">{what}</p>
                    <p class="muted small">{detail}{(!it.aspect.is_empty()).then(|| format!(" · {}", it.aspect))}</p>
                }
            })}
            <JobCard job />
            {move || item.with(|i| i.as_ref().and_then(|i| i.file_id(&job.get()))).map(|file| {
                // A moment in: the browser shows a frame rather than black.
                let src = format!("/files/{file}#t=0.5");
                view! {
                    <video class="clip-player" data-testid="video-player" src=src controls=true preload="metadata" playsinline=true></video>
                }
            })}
            <div class="clip-actions">
                {move || item.with(|i| i.as_ref().and_then(|i| i.file_id(&job.get()))).map(|file| view! {
                    <a class="button small" href=format!("/files/{file}?download=1") data-testid="video-download" download="" rel="external">
                        {tr!("video-download")}
                    </a>
                })}
                <Show when=move || asking.get() fallback=move || view! {
                    <button class="button small danger" type="button" data-testid="video-delete"
                        on:click=move |_| asking.set(true)>{tr!("video-delete")}</button>
                }>
                    <span class="small" role="alert">{tr!("video-delete-confirm")}</span>
                    <button class="button small danger" type="button" data-testid="video-delete-confirm"
                        disabled=move || deleting.get() aria-busy=move || deleting.get().to_string()
                        on:click=move |_| remove()>{tr!("video-delete-yes")}</button>
                    <button class="button small" type="button" data-testid="video-delete-cancel"
                        on:click=move |_| asking.set(false)>{tr!("video-delete-no")}</button>
                </Show>
            </div>
            {move || delete_error.get().map(|k| view! { <p class="field-error" role="alert">{move || i18n.t(&k)}</p> })}
        </li>
    }
    .into_any()
}
