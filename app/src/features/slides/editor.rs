//! `/app/slides/{id}`: the deck's slides in a list (select, reorder, add, delete), the
//! selected slide's fields, four themes, a live preview, autosaved with a version check,
//! PPTX and PDF exports.

use super::api::{deck_preview, export_deck, gallery_images, get_deck, save_deck};
use super::model::*;
use crate::features::plans::PlanFeature;
use crate::i18n::{message_with, use_i18n, Arg};
use crate::tr;
use crate::ui::autosave::{Autosave, SavedBadge};
use crate::ui::empty_state::PageHeader;
use crate::ui::locked::FeatureLocked;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Ed {
    id: i64,
    deck: RwSignal<Deck>,
    selected: RwSignal<usize>,
    autosave: Autosave,
    preview: RwSignal<Option<(i64, usize)>>,
    busy: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<String>>,
}

impl Ed {
    fn edit(self, f: impl FnOnce(&mut Deck)) {
        self.deck.update(f);
        self.autosave.touch();
    }

    fn edit_slide(self, f: impl FnOnce(&mut Slide)) {
        let i = self.selected.get_untracked();
        self.edit(|d| {
            if let Some(s) = d.slides.get_mut(i) {
                f(s)
            }
        });
    }

    fn slide<T>(self, f: impl FnOnce(&Slide) -> T) -> Option<T> {
        let i = self.selected.get();
        self.deck.with(|d| d.slides.get(i).map(f))
    }

    fn refresh_preview(self) {
        leptos::task::spawn_local(async move {
            if let Ok(p) = deck_preview(self.id).await {
                self.preview.set(Some(p));
            }
        });
    }
}

#[component]
pub fn SlidesEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let doc = Resource::new(id, get_deck);
    view! {
        <div class="page page-slides-editor">
            <PageHeader slug="slides" />
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match doc.await {
                        Ok(d) => view! { <Editor doc=d /> }.into_any(),
                        Err(crate::error::AppError::FeatureLocked { .. }) => view! {
                            <FeatureLocked feature=PlanFeature::Slides testid="slides-locked" />
                        }.into_any(),
                        Err(e) => view! {
                            <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p>
                            <p><a href="/app/slides">{tr!("slides-back")}</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Editor(doc: DeckDoc) -> impl IntoView {
    let i18n = use_i18n();
    let ed = Ed {
        id: doc.id,
        deck: RwSignal::new(doc.deck.clone()),
        selected: RwSignal::new(0),
        autosave: Autosave::new(doc.version),
        preview: RwSignal::new(None),
        busy: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    ed.autosave.on_save(
        std::sync::Arc::new(move |base| Box::pin(save_deck(ed.id, base, ed.deck.get_untracked()))),
        std::sync::Arc::new(move || ed.refresh_preview()),
    );
    Effect::new(move |_| ed.refresh_preview());
    let export = move |format: &'static str| {
        if ed.busy.get_untracked().is_some() {
            return;
        }
        ed.busy.set(Some(format));
        ed.error.set(None);
        leptos::task::spawn_local(async move {
            let done = match ed.autosave.flush().await {
                Ok(()) => export_deck(ed.id, format.to_string()).await,
                Err(e) => Err(e),
            };
            ed.busy.set(None);
            match done {
                #[cfg(feature = "hydrate")]
                Ok(url) => crate::ui::stream::download(&url),
                #[cfg(not(feature = "hydrate"))]
                Ok(_) => {}
                Err(e) => ed.error.set(Some(e.message_key().to_string())),
            }
        });
    };
    let busy = move |what: &'static str| move || (ed.busy.get() == Some(what)).to_string();
    view! {
        <div class="cv-bar card">
            <div class="cv-bar-row">
                <label class="cv-title-field">
                    <span class="visually-hidden">{tr!("slides-deck-title")}</span>
                    <input type="text" maxlength="120" dir="auto" data-testid="slides-title"
                        value=ed.deck.with_untracked(|d| d.title.clone()) prop:value=move || ed.deck.with(|d| d.title.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); ed.edit(|d| d.title = v); } />
                </label>
                <SavedBadge autosave=ed.autosave testid="slides-saved" />
            </div>
            <div class="cv-bar-row">
                <label class="inline-field">
                    <span>{tr!("slides-lang")}</span>
                    <select data-testid="slides-deck-lang" on:change=move |ev| {
                        if let Some(l) = DeckLang::parse(&event_target_value(&ev)) { ed.edit(|d| d.lang = l); }
                    }>
                        <option value="ar" selected=move || ed.deck.with(|d| d.lang == DeckLang::Ar)>{tr!("cv-lang-ar")}</option>
                        <option value="en" selected=move || ed.deck.with(|d| d.lang == DeckLang::En)>{tr!("cv-lang-en")}</option>
                    </select>
                </label>
            </div>
            <div class="theme-options" role="radiogroup" aria-label=move || i18n.t("slides-theme")>
                {Theme::ALL.into_iter().map(|t| {
                    let (bg, fg, accent) = t.colours();
                    view! {
                        <button type="button" class=format!("theme-option theme-{}", t.code()) data-testid="theme-option" data-theme=t.code()
                            role="radio" aria-checked=move || ed.deck.with(|d| d.theme == t).to_string()
                            title=format!("#{bg} #{fg} #{accent}")
                            on:click=move |_| ed.edit(|d| d.theme = t)>
                            <span class="theme-swatch" aria-hidden="true"></span>
                            {move || i18n.t(&format!("slides-theme-{}", t.code()))}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="cv-bar-row cv-actions">
                <button type="button" class="button primary" data-testid="slides-export-pptx"
                    disabled=move || ed.busy.get().is_some() aria-busy=busy("pptx") on:click=move |_| export("pptx")>{tr!("slides-export-pptx")}</button>
                <button type="button" class="button" data-testid="slides-export-pdf"
                    disabled=move || ed.busy.get().is_some() aria-busy=busy("pdf") on:click=move |_| export("pdf")>{tr!("slides-export-pdf")}</button>
                <a class="button ghost" href="/app/slides">{tr!("slides-all")}</a>
            </div>
        </div>
        {move || ed.error.get().map(|k| view! { <p class="notice error" role="alert" data-testid="slides-action-error">{move || i18n.t(&k)}</p> })}
        <div class="slides-editor">
            <SlideList ed />
            <div class="slides-main stack">
                <Preview ed />
                {move || { let _ = ed.selected.get(); view! { <SlideFields ed /> } }}
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn SlideList(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let titles = Memo::new(move |_| ed.deck.with(|d| d.slides.iter().map(|s| s.title.clone()).collect::<Vec<_>>()));
    let count = move || titles.with(|t| t.len());
    let add = move || {
        let at = (ed.selected.get_untracked() + 1).min(count());
        ed.edit(|d| {
            if d.slides.len() < MAX_DECK_SLIDES {
                d.slides
                    .insert(at, Slide { layout: Layout::Bullets, bullets: vec![String::new()], ..Default::default() })
            }
        });
        ed.selected.set(at.min(count().saturating_sub(1)));
    };
    let remove = move || {
        let i = ed.selected.get_untracked();
        ed.edit(|d| {
            if d.slides.len() > 1 && i < d.slides.len() {
                d.slides.remove(i);
            }
        });
        ed.selected.set(i.min(count().saturating_sub(1)));
        asking.set(false);
    };
    let shift = move |up: bool| {
        let i = ed.selected.get_untracked();
        let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < count()) };
        if let Some(j) = j {
            ed.edit(|d| d.slides.swap(i, j));
            ed.selected.set(j);
        }
    };
    view! {
        <nav class="slide-list card" aria-label=move || i18n.t("slides-list")>
            <ol>
                {move || titles.get().into_iter().enumerate().map(|(i, title)| view! {
                    <li>
                        <button type="button" class="slide-item" data-testid="slide-item" aria-current=move || (ed.selected.get() == i).then_some("true")
                            on:click=move |_| { ed.selected.set(i); asking.set(false); }>
                            <span class="slide-number">{i + 1}</span>
                            <bdi class="slide-item-title">{if title.trim().is_empty() { i18n.t("slides-untitled-slide") } else { title }}</bdi>
                        </button>
                    </li>
                }).collect_view()}
            </ol>
            <div class="cv-entry-actions">
                <button type="button" class="button small" data-testid="slide-add" on:click=move |_| add()>{tr!("slide-add")}</button>
                <button type="button" class="button small ghost" aria-label=move || i18n.t("cv-move-up")
                    disabled=move || ed.selected.get() == 0 on:click=move |_| shift(true)>"↑"</button>
                <button type="button" class="button small ghost" aria-label=move || i18n.t("cv-move-down")
                    disabled=move || { ed.selected.get() + 1 >= count() } on:click=move |_| shift(false)>"↓"</button>
                <Show when=move || asking.get()
                    fallback=move || view! {
                        <button type="button" class="button small ghost" data-testid="slide-delete"
                            disabled=move || { count() <= 1 } on:click=move |_| asking.set(true)>{tr!("slide-delete")}</button>
                    }>
                    <span class="small">{tr!("slide-delete-ask")}</span>
                    <button type="button" class="button small danger" data-testid="slide-delete-confirm" on:click=move |_| remove()>{tr!("slide-delete-yes")}</button>
                    <button type="button" class="button small" on:click=move |_| asking.set(false)>{tr!("cv-keep")}</button>
                </Show>
            </div>
        </nav>
    }
    .into_any()
}

/// Lines of a textarea as a list, and back.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[component]
fn SlideFields(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    let layout = move || ed.slide(|s| s.layout).unwrap_or_default();
    let lang = move || ed.deck.with(|d| d.lang);
    // The lists are edited as text, one item per line (kept as typed while the slide is open).
    let bullets = RwSignal::new(ed.deck.with_untracked(|d| {
        d.slides.get(ed.selected.get_untracked()).map(|s| s.bullets.join("\n")).unwrap_or_default()
    }));
    let bullets2 = RwSignal::new(ed.deck.with_untracked(|d| {
        d.slides.get(ed.selected.get_untracked()).map(|s| s.bullets2.join("\n")).unwrap_or_default()
    }));
    let images = Resource::new(
        move || layout() == Layout::ImageText,
        |wanted| async move {
            if wanted {
                gallery_images().await.ok()
            } else {
                None
            }
        },
    );
    let dir = move |text: String| crate::features::cv::model::dir_of(&text, lang());
    view! {
        <fieldset class="card cv-section slide-fields" data-testid="slide-fields">
            <legend>{move || message_with(i18n.lang(), "slides-slide-n", &[("n", Arg::Num(ed.selected.get() as i64 + 1))])}</legend>
            <div class="field">
                <label for="slide-layout">{tr!("slides-layout")}</label>
                <select id="slide-layout" data-testid="slide-layout" on:change=move |ev| {
                    if let Some(l) = Layout::parse(&event_target_value(&ev)) { ed.edit_slide(|s| s.layout = l); }
                }>
                    {Layout::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || layout() == l>{move || i18n.t(&format!("slides-layout-{}", l.code()))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="slide-title">{move || i18n.t(if layout() == Layout::Quote { "slides-quote-by" } else { "slides-slide-title" })}</label>
                <input id="slide-title" type="text" maxlength="200" data-testid="slide-title-input"
                    dir=move || dir(ed.slide(|s| s.title.clone()).unwrap_or_default())
                    value=ed.slide(|s| s.title.clone()).unwrap_or_default()
                    prop:value=move || ed.slide(|s| s.title.clone()).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); ed.edit_slide(|s| s.title = v); } />
            </div>
            <Show when=move || matches!(layout(), Layout::Title | Layout::Quote | Layout::Section)>
                <div class="field">
                    <label for="slide-body">{move || i18n.t(&format!("slides-body-{}", layout().code()))}</label>
                    <textarea id="slide-body" rows="3" data-testid="slide-body"
                        dir=move || dir(ed.slide(|s| s.body.clone()).unwrap_or_default())
                        prop:value=move || ed.slide(|s| s.body.clone()).unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); ed.edit_slide(|s| s.body = v); }></textarea>
                </div>
            </Show>
            <Show when=move || matches!(layout(), Layout::Bullets | Layout::TwoColumns | Layout::ImageText)>
                <div class="field">
                    <label for="slide-bullets">{tr!("slides-bullets")}</label>
                    <textarea id="slide-bullets" rows="5" data-testid="slide-bullets" dir=move || dir(bullets.get())
                        prop:value=move || bullets.get()
                        on:input=move |ev| { let v = event_target_value(&ev); let l = lines(&v); bullets.set(v); ed.edit_slide(|s| s.bullets = l); }></textarea>
                    <p class="small muted">{tr!("slides-bullets-hint")}</p>
                </div>
            </Show>
            <Show when=move || layout() == Layout::TwoColumns>
                <div class="field">
                    <label for="slide-bullets2">{tr!("slides-bullets2")}</label>
                    <textarea id="slide-bullets2" rows="5" data-testid="slide-bullets2" dir=move || dir(bullets2.get())
                        prop:value=move || bullets2.get()
                        on:input=move |ev| { let v = event_target_value(&ev); let l = lines(&v); bullets2.set(v); ed.edit_slide(|s| s.bullets2 = l); }></textarea>
                </div>
            </Show>
            <Show when=move || layout() == Layout::ImageText>
                <div class="field">
                    <span class="label">{tr!("slides-picture")}</span>
                    <Transition fallback=|| view! { <span class="muted small">"…"</span> }>
                        {move || Suspend::new(async move {
                            match images.await.unwrap_or_default() {
                                list if list.is_empty() => view! { <p class="small muted" data-testid="slides-no-images">{tr!("slides-no-images")}</p> }.into_any(),
                                list => view! {
                                    <div class="picture-grid" role="radiogroup" aria-label=move || i18n.t("slides-picture")>
                                        {list.into_iter().map(|f| {
                                            let id = f.id.clone();
                                            let chosen = { let id = id.clone(); move || ed.slide(|s| s.image.as_deref() == Some(id.as_str())).unwrap_or(false) };
                                            view! {
                                                <button type="button" class="picture-option" data-testid="slide-picture" role="radio"
                                                    aria-checked=move || chosen().to_string()
                                                    on:click=move |_| { let id = id.clone(); ed.edit_slide(|s| s.image = Some(id)); }>
                                                    <img src=format!("/files/{}", f.id) alt=f.name.clone() loading="lazy" />
                                                </button>
                                            }
                                        }).collect_view()}
                                    </div>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
            </Show>
            <div class="field">
                <label for="slide-notes">{tr!("slides-notes")}</label>
                <textarea id="slide-notes" rows="3" data-testid="slide-notes"
                    dir=move || dir(ed.slide(|s| s.notes.clone()).unwrap_or_default())
                    prop:value=move || ed.slide(|s| s.notes.clone()).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); ed.edit_slide(|s| s.notes = v); }></textarea>
            </div>
        </fieldset>
    }
    .into_any()
}

/// The selected slide as the saved version renders it.
#[component]
fn Preview(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="slide-preview card" data-testid="slides-preview"
            data-version=move || ed.preview.get().map(|p| p.0).unwrap_or(0)
            aria-busy=move || ed.autosave.is_pending().to_string()>
            {move || match ed.preview.get() {
                None => view! { <div class="skeleton slide-skeleton" aria-busy="true"></div> }.into_any(),
                Some((version, pages)) => {
                    let n = (ed.selected.get() + 1).min(pages.max(1));
                    view! {
                        <img class="slide-page" src=format!("/slides/{}/preview/{n}?v={version}", ed.id) decoding="async"
                            alt=move || message_with(i18n.lang(), "slides-slide-n", &[("n", Arg::Num(n as i64))]) />
                    }.into_any()
                }
            }}
        </figure>
    }
    .into_any()
}
