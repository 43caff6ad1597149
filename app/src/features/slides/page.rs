//! `/app/slides`: locked with the upgrade offer for plans without Slides; otherwise the
//! user's decks and a new deck from a topic (or a conversation: `?from=<id>`), its outline
//! streamed in before the editor opens.

use super::api::{create_deck, delete_deck, duplicate_deck, list_decks, outline_cost};
use super::model::*;
use crate::features::plans::{api::my_features, PlanFeature};
use crate::i18n::{format_date, format_number, message_count, message_with, use_i18n, Arg, Lang};
use crate::tr;
use crate::ui::empty_state::PageHeader;
use crate::ui::locked::FeatureLocked;
use leptos::prelude::*;

pub(super) fn deck_lang_of(lang: Lang) -> DeckLang {
    match lang {
        Lang::Ar => DeckLang::Ar,
        Lang::En => DeckLang::En,
    }
}

#[component]
pub fn SlidesPage() -> impl IntoView {
    let features = Resource::new(|| (), |_| my_features());
    view! {
        <div class="page page-slides">
            <PageHeader slug="slides" />
            <crate::ui::meters::UsageMeters />
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match features.await {
                        Ok(f) if f.contains(&PlanFeature::Slides) => view! { <Decks /> }.into_any(),
                        _ => view! { <FeatureLocked feature=PlanFeature::Slides testid="slides-locked" /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Decks() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let decks = Resource::new(move || changed.get(), |_| list_decks());
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.read().get("from").and_then(|s| s.parse::<i64>().ok());
    let open = RwSignal::new(from().is_some());
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="cv-new-bar">
            <button class="button primary" type="button" data-testid="slides-new" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.set(true)>{tr!("slides-new")}</button>
        </div>
        <Show when=move || open.get()>
            <NewDeck conversation=from() />
        </Show>
        {move || error.get().map(|k| view! { <p class="notice error" role="alert">{move || i18n.t(&k)}</p> })}
        <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match decks.await {
                    Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted" data-testid="slides-empty">{tr!("page-slides-empty-body")}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="cv-list" data-testid="slides-list">
                            {list.into_iter().map(|item| view! { <DeckRow item changed error /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Topic, audience, number of slides, language, tone → the outline, streamed.
#[component]
fn NewDeck(conversation: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let topic = RwSignal::new(String::new());
    let audience = RwSignal::new(String::new());
    let count = RwSignal::new(6u32);
    let lang = RwSignal::new(deck_lang_of(i18n.lang()));
    let tone = RwSignal::new("clear".to_string());
    let streamed = RwSignal::new(String::new());
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let request = move || OutlineRequest {
        topic: topic.get_untracked(),
        audience: audience.get_untracked(),
        count: count.get_untracked(),
        lang: lang.get_untracked(),
        tone: i18n.t(&format!("slides-tone-{}", tone.get_untracked())),
        conversation,
    };
    let cost = Resource::new(
        move || (count.get(), lang.get()),
        move |(count, lang)| {
            outline_cost(OutlineRequest {
                topic: "x".into(),
                audience: String::new(),
                count,
                lang,
                tone: String::new(),
                conversation: None,
            })
        },
    );
    let usage = crate::ui::meters::use_usage_version();
    #[cfg(not(feature = "hydrate"))]
    let _ = usage;
    let generate = move || {
        if running.get_untracked() {
            return;
        }
        if topic.get_untracked().trim().is_empty() && conversation.is_none() {
            error.set(Some("slides-topic-invalid".into()));
            return;
        }
        error.set(None);
        streamed.set(String::new());
        running.set(true);
        let mut req = request();
        if req.topic.trim().is_empty() {
            req.topic = i18n.t("slides-from-chat-topic");
        }
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let body = serde_json::to_string(&req).unwrap_or_default();
            let Ok(abort) = web_sys::AbortController::new() else { return };
            let mut opened = None;
            let outcome = crate::ui::stream::post_events("/slides/outline", &body, &abort, |data| {
                match serde_json::from_str::<OutlineEvent>(&data) {
                    Ok(OutlineEvent::Delta { text }) => streamed.update(|s| s.push_str(&text)),
                    Ok(OutlineEvent::Done { deck_id, .. }) => opened = Some(deck_id),
                    Ok(OutlineEvent::Error { error: e }) => error.set(Some(e.message_key().to_string())),
                    Err(_) => {}
                }
            })
            .await;
            if let Err(e) = outcome {
                error.set(Some(e.message_key().to_string()));
            }
            usage.bump();
            running.set(false);
            if let Some(id) = opened {
                let navigate = leptos_router::hooks::use_navigate();
                navigate(&format!("/app/slides/{id}"), Default::default());
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = req;
    };
    let blank = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        let title =
            if topic.get_untracked().trim().is_empty() { i18n.t("slides-untitled") } else { topic.get_untracked() };
        let lang = lang.get_untracked();
        leptos::task::spawn_local(async move {
            match create_deck(title, lang).await {
                Ok(id) => {
                    let navigate = leptos_router::hooks::use_navigate();
                    navigate(&format!("/app/slides/{id}"), Default::default());
                }
                Err(e) => {
                    error.set(Some(e.message_key().to_string()));
                    running.set(false);
                }
            }
        });
    };
    view! {
        <form class="card stack slides-new" on:submit=move |ev| { ev.prevent_default(); generate(); }>
            {conversation.map(|_| view! { <p class="notice ok">{tr!("slides-from-chat")}</p> })}
            <div class="field">
                <label for="slides-topic">{tr!("slides-topic")}</label>
                <input id="slides-topic" type="text" maxlength="300" dir="auto" data-testid="slides-topic"
                    placeholder=move || i18n.t("slides-topic-example")
                    prop:value=move || topic.get() on:input=move |ev| topic.set(event_target_value(&ev)) />
            </div>
            <div class="cv-grid">
                <div class="field">
                    <label for="slides-audience">{tr!("slides-audience")}</label>
                    <input id="slides-audience" type="text" maxlength="120" dir="auto" data-testid="slides-audience"
                        prop:value=move || audience.get() on:input=move |ev| audience.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="slides-count">{tr!("slides-count")}</label>
                    <select id="slides-count" data-testid="slides-count"
                        on:change=move |ev| if let Ok(n) = event_target_value(&ev).parse() { count.set(n) }>
                        {(MIN_SLIDES..=MAX_SLIDES).map(|n| view! {
                            <option value=n selected=move || count.get() == n>{move || message_count(i18n.lang(), "slides-n", n as i64)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="slides-lang">{tr!("slides-lang")}</label>
                    <select id="slides-lang" data-testid="slides-lang"
                        on:change=move |ev| if let Some(l) = DeckLang::parse(&event_target_value(&ev)) { lang.set(l) }>
                        <option value="ar" selected=move || lang.get() == DeckLang::Ar>{tr!("cv-lang-ar")}</option>
                        <option value="en" selected=move || lang.get() == DeckLang::En>{tr!("cv-lang-en")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="slides-tone">{tr!("slides-tone")}</label>
                    <select id="slides-tone" data-testid="slides-tone" on:change=move |ev| tone.set(event_target_value(&ev))>
                        {["clear", "formal", "friendly", "persuasive"].into_iter().map(|t| view! {
                            <option value=t selected=move || tone.get() == t>{move || i18n.t(&format!("slides-tone-{t}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="cv-ai-row">
                <button type="submit" class="button primary" data-testid="slides-generate"
                    disabled=move || running.get() aria-busy=move || running.get().to_string()>{tr!("slides-generate")}</button>
                <button type="button" class="button" data-testid="slides-blank" disabled=move || running.get()
                    on:click=move |_| blank()>{tr!("slides-blank")}</button>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        cost.await.ok().map(|p| {
                            let l = i18n.lang();
                            view! {
                                <span class="muted small" data-testid="slides-cost">{message_with(l, "cost-preview", &[
                                    ("kind", Arg::Text("tokens".into())),
                                    ("amount", Arg::Text(format_number(p.amount, l))),
                                    ("remaining", Arg::Text(format_number(p.remaining, l))),
                                ])}</span>
                            }
                        })
                    })}
                </Transition>
            </div>
            {move || error.get().map(|k| view! { <p class="field-error" role="alert" data-testid="slides-error">{move || i18n.t(&k)}</p> })}
            <Show when=move || running.get() || !streamed.get().is_empty()>
                <pre class="slides-stream" data-testid="slides-stream" dir="auto" aria-live="polite"
                    aria-busy=move || running.get().to_string()>{move || streamed.get()}</pre>
            </Show>
        </form>
    }
    .into_any()
}

#[component]
fn DeckRow(item: DeckItem, changed: RwSignal<u32>, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = item.id;
    let title = StoredValue::new(item.title.clone());
    let (slides, updated) = (item.slides as i64, item.updated_at);
    let theme_key = format!("slides-theme-{}", item.theme.code());
    let run = move |delete: bool| {
        busy.set(true);
        let copy = message_with(i18n.lang(), "cv-copy-title", &[("title", Arg::Text(title.get_value()))]);
        leptos::task::spawn_local(async move {
            let done = if delete { delete_deck(id).await } else { duplicate_deck(id, copy).await.map(|_| ()) };
            busy.set(false);
            asking.set(false);
            match done {
                Ok(()) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message_key().to_string())),
            }
        });
    };
    view! {
        <li class="cv-row" data-testid="deck-row" data-deck-id=id>
            <a class="cv-row-main" href=format!("/app/slides/{id}") data-testid="deck-open">
                <strong><bdi>{item.title.clone()}</bdi></strong>
                <span class="muted small">
                    {move || format!("{} · {} · {}", message_count(i18n.lang(), "slides-n", slides), i18n.t(&theme_key), format_date(updated, i18n.lang()))}
                </span>
            </a>
            <div class="cv-row-actions">
                <Show when=move || asking.get()
                    fallback=move || view! {
                        <button class="button small" type="button" data-testid="deck-duplicate"
                            disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                            on:click=move |_| run(false)>{tr!("cv-duplicate")}</button>
                        <button class="button small" type="button" data-testid="deck-delete"
                            on:click=move |_| asking.set(true)>{tr!("cv-delete")}</button>
                    }>
                    <span class="small">{tr!("slides-delete-ask")}</span>
                    <button class="button small danger" type="button" data-testid="deck-delete-confirm"
                        disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                        on:click=move |_| run(true)>{tr!("slides-delete-yes")}</button>
                    <button class="button small" type="button" on:click=move |_| asking.set(false)>{tr!("cv-keep")}</button>
                </Show>
            </div>
        </li>
    }
    .into_any()
}
