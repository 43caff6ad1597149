//! `/app/image`: the generator (prompt, model, count, aspect, style, the cost before the
//! click), the new images as they arrive, the gallery, and the editor (its own module).

use super::api::{delete_image, image_cost, image_gallery, image_studio};
use super::editor_host::{EditorHost, EditorTarget};
use super::model::*;
use crate::error::{AppError, UPGRADE_URL};
use crate::i18n::{format_number, message_with, use_i18n, Arg};
use crate::tr;
use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

/// The page's shared state.
#[derive(Clone, Copy)]
struct Studio_ {
    /// Bumped when the gallery changed (new images, a delete, a save from the editor).
    gallery_version: RwSignal<u32>,
    /// The image a model is asked to change, if any.
    source: RwSignal<Option<ImageItem>>,
    editor: RwSignal<Option<EditorTarget>>,
    /// A model that can change images is configured ("Change with AI" is offered).
    can_change: RwSignal<bool>,
}

#[component]
pub fn ImagePage() -> impl IntoView {
    let studio = Studio_ {
        gallery_version: RwSignal::new(0),
        source: RwSignal::new(None),
        editor: RwSignal::new(None),
        can_change: RwSignal::new(true),
    };
    provide_context(studio);
    view! {
        <div class="page page-image">
            <PageHeader slug="image" />
            <crate::ui::meters::UsageMeters />
            <Generator />
            {move || studio.editor.get().map(|target| view! {
                <EditorHost target on_close=move || studio.editor.set(None)
                    on_saved=move || studio.gallery_version.update(|v| *v += 1) />
            })}
            <Gallery />
        </div>
    }
}

#[component]
fn Generator() -> impl IntoView {
    let i18n = use_i18n();
    let studio = expect_context::<Studio_>();
    let models = Resource::new(|| (), |_| image_studio());
    Effect::new(move |_| {
        if let Some(Ok(s)) = models.get() {
            studio.can_change.set(s.edit_model.is_some());
        }
    });
    let prompt = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let count = RwSignal::new(1u8);
    let aspect = RwSignal::new("1:1".to_string());
    let style = RwSignal::new("none".to_string());
    let busy = RwSignal::new(false);
    let pending = RwSignal::new(0u8);
    let results = RwSignal::new(Vec::<ImageItem>::new());
    let error = RwSignal::new(None::<AppError>);
    let summary = RwSignal::new(None::<(u8, i64, Option<AppError>)>);
    // The stream was cut before its end (a network change): the work goes on on the server.
    let cut = RwSignal::new(false);
    let usage = crate::ui::meters::use_usage_version();
    let editing = move || studio.source.with(Option::is_some);
    let cost_count = move || if editing() { 1 } else { count.get() };
    let cost = Resource::new(move || (cost_count(), usage.0.get()), |(n, _)| image_cost(n));

    let generate = move || {
        if busy.get_untracked() {
            return;
        }
        let text = prompt.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(AppError::Validation("image-prompt-empty".into())));
            return;
        }
        let req = GenerateRequest {
            prompt: text,
            model: Some(model.get_untracked()).filter(|m| !m.is_empty()),
            count: if studio.source.with_untracked(Option::is_some) { 1 } else { count.get_untracked() },
            aspect: aspect.get_untracked(),
            style: style.get_untracked(),
            source: studio.source.with_untracked(|s| s.as_ref().map(|s| s.id)),
        };
        busy.set(true);
        error.set(None);
        summary.set(None);
        cut.set(false);
        results.set(Vec::new());
        pending.set(req.count);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let body = serde_json::to_string(&req).unwrap_or_default();
            let Ok(abort) = web_sys::AbortController::new() else { return };
            let mut started = false;
            let mut ended = false;
            let sent = crate::ui::stream::post_events("/image/generate", &body, &abort, |data| {
                match serde_json::from_str::<ImageEvent>(&data) {
                    Ok(ImageEvent::Started { count }) => {
                        started = true;
                        pending.set(count);
                    }
                    Ok(ImageEvent::Image { image }) => {
                        results.update(|r| r.push(image));
                        pending.update(|p| *p = p.saturating_sub(1));
                    }
                    Ok(ImageEvent::Done { asked, charged, reason, .. }) => {
                        ended = true;
                        summary.set(Some((asked, charged, reason)));
                    }
                    Ok(ImageEvent::Error { error: e }) => {
                        ended = true;
                        error.set(Some(e));
                    }
                    Err(_) => {}
                }
            })
            .await;
            match sent {
                // Cut after the server started: the images still land in the gallery.
                _ if started && !ended => cut.set(true),
                Err(e) => error.set(Some(e)),
                Ok(()) => {}
            }
            pending.set(0);
            busy.set(false);
            usage.bump();
            studio.gallery_version.update(|v| *v += 1);
            if cut.get_untracked() {
                // Look again when the work has had time to finish.
                for wait in [20_000, 60_000] {
                    crate::ui::stream::sleep_ms(wait).await;
                    usage.bump();
                    studio.gallery_version.update(|v| *v += 1);
                }
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = req;
    };

    let banner = move || {
        error.get().map(|e| {
            let quota = matches!(e, AppError::QuotaExceeded { .. });
            let key = e.message_key().to_string();
            view! {
                <div class=if quota { "banner danger" } else { "banner warn" } role="alert" data-testid="image-error">
                    <span>{move || i18n.t(&key)}</span>
                    {quota.then(|| view! {
                        <a class="button small primary" href=UPGRADE_URL data-testid="image-upgrade">{tr!("usage-upgrade")}</a>
                    })}
                </div>
            }
        })
    };

    view! {
        <section class="image-generator card" aria-labelledby="image-generator-title">
            <h2 id="image-generator-title" class="visually-hidden">{tr!("image-generator-title")}</h2>
            {move || studio.source.get().map(|s| view! {
                <div class="image-source" data-testid="image-source">
                    <img src=s.src() alt="" width="48" height="48" loading="lazy" />
                    <span>{tr!("image-changing")}</span>
                    <button class="button small" type="button" data-testid="image-source-clear"
                        on:click=move |_| studio.source.set(None)>{tr!("image-source-clear")}</button>
                </div>
            })}
            <label class="field">
                <span>{move || i18n.t(if editing() { "image-change-label" } else { "image-prompt-label" })}</span>
                <textarea data-testid="image-prompt" dir="auto" rows="3" maxlength=MAX_PROMPT_CHARS.to_string()
                    placeholder=move || i18n.t(if editing() { "image-change-placeholder" } else { "image-prompt-placeholder" })
                    prop:value=move || prompt.get()
                    on:input=move |ev| prompt.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            generate();
                        }
                    }></textarea>
            </label>
            <div class="image-options">
                <label class="field">
                    <span>{tr!("image-model")}</span>
                    <Suspense fallback=|| view! { <select disabled=true></select> }>
                        {move || Suspend::new(async move {
                            let list = models.await.map(|s| s.models).unwrap_or_default();
                            view! {
                                <select data-testid="image-model" on:change=move |ev| model.set(event_target_value(&ev))>
                                    {list.into_iter().map(|m| {
                                        let id = m.id.clone();
                                        let selected = model.get_untracked() == id;
                                        view! { <option value=id selected=selected>{move || m.name(i18n.lang()).to_string()}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Suspense>
                </label>
                <label class="field">
                    <span>{tr!("image-count")}</span>
                    <select data-testid="image-count" disabled=editing
                        on:change=move |ev| count.set(event_target_value(&ev).parse().unwrap_or(1))>
                        {(1..=MAX_COUNT).map(|n| view! {
                            <option value=n.to_string() selected=move || count.get() == n>{move || format_number(i64::from(n), i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!("image-aspect")}</span>
                    <select data-testid="image-aspect" disabled=editing
                        on:change=move |ev| aspect.set(event_target_value(&ev))>
                        {ASPECTS.iter().map(|a| {
                            let key = format!("image-aspect-{}", a.replace(':', "x"));
                            view! { <option value=*a selected=move || aspect.get() == *a>{move || i18n.t(&key)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!("image-style")}</span>
                    <select data-testid="image-style" on:change=move |ev| style.set(event_target_value(&ev))>
                        {STYLES.iter().map(|(code, _)| {
                            let key = format!("image-style-{code}");
                            view! { <option value=*code selected=move || style.get() == *code>{move || i18n.t(&key)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="image-actions">
                <button class="button primary" type="button" data-testid="image-generate"
                    disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                    on:click=move |_| generate()>
                    {move || i18n.t(match (busy.get(), editing()) {
                        (true, _) => "image-generating",
                        (false, true) => "image-change",
                        (false, false) => "image-generate",
                    })}
                </button>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        cost.await.ok().map(|c| {
                            let l = i18n.lang();
                            view! {
                                <span class=if c.allowed { "muted small" } else { "small danger-text" } data-testid="image-cost">
                                    {message_with(l, if c.allowed || c.remaining <= 0 { "image-cost" } else { "image-cost-over" }, &[
                                        ("amount", Arg::Num(c.amount)), ("a", Arg::Text(format_number(c.amount, l))),
                                        ("remaining", Arg::Num(c.remaining.max(0))), ("r", Arg::Text(format_number(c.remaining.max(0), l))),
                                    ])}
                                </span>
                            }
                        })
                    })}
                </Suspense>
                <button class="button" type="button" data-testid="image-open-editor"
                    on:click=move |_| studio.editor.set(Some(EditorTarget { src: None, source_id: None }))>
                    {tr!("image-open-editor")}
                </button>
            </div>
            {banner}
            {move || cut.get().then(|| view! {
                <p class="notice" role="status" data-testid="image-cut">{tr!("image-cut")}</p>
            })}
            {move || summary.get().filter(|(asked, charged, _)| i64::from(*asked) > *charged).map(|(asked, charged, reason)| view! {
                <p class="notice" role="status" data-testid="image-partial">
                    {move || {
                        let l = i18n.lang();
                        let asked = i64::from(asked);
                        message_with(l, "image-partial", &[
                            ("made", Arg::Num(charged)), ("m", Arg::Text(format_number(charged, l))),
                            ("asked", Arg::Num(asked)), ("k", Arg::Text(format_number(asked, l))),
                        ])
                    }}
                    {reason.as_ref().map(|r| {
                        let why = match r {
                            AppError::Validation(k) if k == "image-error-safety" => "image-why-safety",
                            AppError::ProviderTimeout => "image-why-timeout",
                            _ => "image-why-failed",
                        };
                        view! { " "<span>{move || i18n.t(why)}</span> }
                    })}
                </p>
            })}
            <div class="image-grid" data-testid="image-results" aria-live="polite" aria-busy=move || busy.get().to_string()>
                {move || results.get().into_iter().map(|image| view! { <ImageCard image testid="image-result" /> }).collect_view()}
                {move || (0..pending.get()).map(|_| {
                    let class = format!("image-tile image-placeholder skeleton aspect-{}", aspect.get_untracked().replace(':', "x"));
                    view! {
                        <div class=class data-testid="image-pending" role="img" aria-label=move || i18n.t("image-generating")></div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// One image with its actions: download, open in the editor, change with AI, and (in the
/// gallery) delete after a second press.
#[component]
fn ImageCard(image: ImageItem, testid: &'static str, #[prop(optional)] deletable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let studio = expect_context::<Studio_>();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = image.id;
    let alt = image.prompt.clone();
    let img_class = format!("aspect-{}", image.aspect.replace(':', "x"));
    let for_edit = image.clone();
    let for_change = StoredValue::new(image.clone());
    let remove = move || {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match delete_image(id).await {
                Ok(()) => studio.gallery_version.update(|v| *v += 1),
                Err(e) => {
                    error.set(Some(e.message_key().to_string()));
                    busy.set(false);
                    asking.set(false);
                }
            }
        });
    };
    view! {
        <figure class="image-tile" data-testid=testid data-image-id=id>
            <img src=image.src() alt=alt loading="lazy" class=img_class
                width=image.width.map(|w| w.to_string()) height=image.height.map(|h| h.to_string()) />
            <figcaption class="image-tile-actions">
                <a class="button small" href=image.download_href() data-testid="image-download" download="">{tr!("image-download")}</a>
                <button class="button small" type="button" data-testid="image-edit"
                    on:click=move |_| studio.editor.set(Some(EditorTarget { src: Some(for_edit.src()), source_id: Some(for_edit.id) }))>
                    {tr!("image-edit")}
                </button>
                <button class="button small" type="button" data-testid="image-ai-edit" hidden=move || !studio.can_change.get()
                    on:click=move |_| {
                        studio.source.set(Some(for_change.get_value()));
                        scroll_to_prompt();
                    }>
                    {tr!("image-ai-edit")}
                </button>
                {deletable.then(|| view! {
                    <Show when=move || asking.get()
                        fallback=move || view! {
                            <button class="button small" type="button" data-testid="image-delete"
                                on:click=move |_| asking.set(true)>{tr!("image-delete")}</button>
                        }>
                        <button class="button small danger" type="button" data-testid="image-delete-confirm"
                            disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                            on:click=move |_| remove()>{tr!("image-delete-yes")}</button>
                        <button class="button small" type="button" on:click=move |_| asking.set(false)>{tr!("image-keep")}</button>
                    </Show>
                })}
            </figcaption>
            {move || error.get().map(|k| view! { <p class="small danger-text" role="alert">{move || i18n.t(&k)}</p> })}
        </figure>
    }
    .into_any()
}

fn scroll_to_prompt() {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=image-prompt]").ok().flatten())
    {
        el.scroll_into_view();
        if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
            let _ = el.focus();
        }
    }
}

/// The user's images, newest first, a page at a time.
#[component]
fn Gallery() -> impl IntoView {
    let i18n = use_i18n();
    let studio = expect_context::<Studio_>();
    let first = Resource::new(move || studio.gallery_version.get(), |_| image_gallery(None));
    let more = RwSignal::new(Vec::<ImageItem>::new());
    let next = RwSignal::new(None::<Option<i64>>);
    let loading = RwSignal::new(false);
    Effect::new(move |_| {
        studio.gallery_version.track();
        more.set(Vec::new());
        next.set(None);
    });
    let load_more = move |cursor: i64| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let version = studio.gallery_version.get_untracked();
        leptos::task::spawn_local(async move {
            let page = image_gallery(Some(cursor)).await;
            // A page asked for before the gallery changed belongs to the old list.
            if studio.gallery_version.get_untracked() == version {
                if let Ok(page) = page {
                    more.update(|m| m.extend(page.images));
                    next.set(Some(page.next));
                }
            }
            loading.set(false);
        });
    };
    view! {
        <section class="image-gallery" aria-labelledby="image-gallery-title">
            <h2 id="image-gallery-title">{tr!("image-gallery-title")}</h2>
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match first.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(page) if page.images.is_empty() => view! { <EmptyState slug="image" icon=Icon::Image /> }.into_any(),
                        Ok(page) => {
                            let first_next = page.next;
                            view! {
                                <div class="image-grid" data-testid="image-gallery">
                                    {page.images.into_iter().map(|image| view! { <ImageCard image testid="image-gallery-item" deletable=true /> }).collect_view()}
                                    {move || more.get().into_iter().map(|image| view! { <ImageCard image testid="image-gallery-item" deletable=true /> }).collect_view()}
                                </div>
                                {move || next.get().unwrap_or(first_next).map(|cursor| view! {
                                    <button class="button" type="button" data-testid="image-gallery-more"
                                        disabled=move || loading.get() aria-busy=move || loading.get().to_string()
                                        on:click=move |_| load_more(cursor)>{tr!("image-gallery-more")}</button>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
