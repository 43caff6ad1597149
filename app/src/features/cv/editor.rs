//! `/app/cv/{id}`: the guided form beside a live preview (a tab on phones), autosaved
//! with a version check, AI help streamed into the field, PDF and DOCX exports.

use super::api::{cv_ai_cost, cv_preview, get_cv, save_cv, translate_cv};
use super::model::*;
use crate::i18n::{format_number, message_with, use_i18n, Arg};
use crate::tr;
use crate::ui::autosave::{Autosave, SavedBadge};
use crate::ui::empty_state::PageHeader;
use leptos::prelude::*;

/// The AI's suggestion being written or waiting for the user's yes or no.
#[derive(Clone, Debug, PartialEq)]
struct Suggestion {
    task: AiTask,
    text: String,
    running: bool,
    error: Option<String>,
}

/// The editor's state: all signals, so it is `Copy` into every closure.
#[derive(Clone, Copy)]
struct Ed {
    id: i64,
    title: RwSignal<String>,
    cv: RwSignal<Cv>,
    autosave: Autosave,
    preview: RwSignal<Option<(i64, usize)>>,
    ai: RwSignal<Option<Suggestion>>,
    busy: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<String>>,
    /// The meters' refresh, taken where the page's context is (not inside a task).
    usage: crate::ui::meters::UsageVersion,
}

impl Ed {
    fn lang(&self) -> CvLang {
        self.cv.with(|c| c.lang)
    }

    fn touch(self) {
        self.autosave.touch();
    }

    fn edit(self, f: impl FnOnce(&mut Cv)) {
        self.cv.update(f);
        self.touch();
    }

    fn refresh_preview(self) {
        leptos::task::spawn_local(async move {
            if let Ok(p) = cv_preview(self.id).await {
                self.preview.set(Some(p));
            }
        });
    }
}

#[component]
pub fn CvEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let doc = Resource::new(id, get_cv);
    view! {
        <div class="page page-cv-editor">
            <PageHeader slug="cv" />
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match doc.await {
                        Ok(d) => view! { <Editor doc=d /> }.into_any(),
                        Err(e) => view! {
                            <p class="notice error" role="alert" data-testid="cv-error">{move || i18n.t(e.message_key())}</p>
                            <p><a href="/app/cv">{tr!("cv-back")}</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Editor(doc: CvDoc) -> impl IntoView {
    let i18n = use_i18n();
    let ed = Ed {
        id: doc.id,
        title: RwSignal::new(doc.title.clone()),
        cv: RwSignal::new(doc.cv.clone()),
        autosave: Autosave::new(doc.version),
        preview: RwSignal::new(None),
        ai: RwSignal::new(None),
        busy: RwSignal::new(None),
        error: RwSignal::new(None),
        usage: crate::ui::meters::use_usage_version(),
    };
    let show_preview = RwSignal::new(false);
    ed.autosave.on_save(
        std::sync::Arc::new(move |base| {
            Box::pin(async move {
                save_cv(ed.id, base, ed.title.get_untracked(), ed.cv.get_untracked()).await.map(|s| s.version)
            })
        }),
        std::sync::Arc::new(move || ed.refresh_preview()),
    );
    Effect::new(move |_| ed.refresh_preview());
    view! {
        <EditorBar ed />
        {move || ed.error.get().map(|k| view! { <p class="notice error" role="alert" data-testid="cv-action-error">{move || i18n.t(&k)}</p> })}
        <div class="cv-tabs" role="tablist">
            <button type="button" role="tab" class="cv-tab" data-testid="cv-tab-form"
                aria-selected=move || (!show_preview.get()).to_string() on:click=move |_| show_preview.set(false)>{tr!("cv-tab-form")}</button>
            <button type="button" role="tab" class="cv-tab" data-testid="cv-tab-preview"
                aria-selected=move || show_preview.get().to_string() on:click=move |_| show_preview.set(true)>{tr!("cv-tab-preview")}</button>
        </div>
        <div class="cv-editor" class:show-preview=move || show_preview.get()>
            <form class="cv-form stack" on:submit=|ev| ev.prevent_default() novalidate>
                <Personal ed />
                <Summary ed />
                <ExperienceList ed />
                <EducationList ed />
                <SkillsAndLanguages ed />
                <Extras ed />
            </form>
            <Preview ed />
        </div>
    }
    .into_any()
}

/// Title, the CV's language, template, ATS, the saved state and the exports.
#[component]
fn EditorBar(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    let export = move |format: &'static str| {
        if ed.busy.get_untracked().is_some() {
            return;
        }
        ed.busy.set(Some(format));
        ed.error.set(None);
        leptos::task::spawn_local(async move {
            let done = match ed.autosave.flush().await {
                Ok(()) => super::api::export_cv(ed.id, format.to_string()).await,
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
    let translate = move || {
        if ed.busy.get_untracked().is_some() {
            return;
        }
        ed.busy.set(Some("translate"));
        ed.error.set(None);
        let title: String =
            message_with(i18n.lang(), "cv-translated-title", &[("title", Arg::Text(ed.title.get_untracked()))])
                .chars()
                .take(80)
                .collect();
        leptos::task::spawn_local(async move {
            let done = match ed.autosave.flush().await {
                Ok(()) => translate_cv(ed.id, title).await,
                Err(e) => Err(e),
            };
            ed.busy.set(None);
            match done {
                Ok(new_id) => {
                    ed.usage.bump();
                    let navigate = leptos_router::hooks::use_navigate();
                    navigate(&format!("/app/cv/{new_id}"), Default::default());
                }
                Err(e) => ed.error.set(Some(e.message_key().to_string())),
            }
        });
    };
    let is_busy = move |what: &'static str| move || ed.busy.get() == Some(what);
    view! {
        <div class="cv-bar card">
            <div class="cv-bar-row">
                <label class="cv-title-field">
                    <span class="visually-hidden">{tr!("cv-title-label")}</span>
                    <input type="text" maxlength="80" data-testid="cv-title" dir="auto"
                        value=ed.title.get_untracked() prop:value=move || ed.title.get()
                        on:input=move |ev| { ed.title.set(event_target_value(&ev)); ed.touch(); } />
                </label>
                <SavedBadge autosave=ed.autosave testid="cv-saved" />
            </div>
            <div class="cv-bar-row">
                <label class="inline-field">
                    <span>{tr!("cv-lang-label")}</span>
                    <select data-testid="cv-lang" on:change=move |ev| {
                        if let Some(l) = CvLang::parse(&event_target_value(&ev)) { ed.edit(|c| c.lang = l); }
                    }>
                        <option value="ar" selected=move || ed.lang() == CvLang::Ar>{tr!("cv-lang-ar")}</option>
                        <option value="en" selected=move || ed.lang() == CvLang::En>{tr!("cv-lang-en")}</option>
                    </select>
                </label>
                <label class="inline-field">
                    <span>{tr!("cv-template-label")}</span>
                    <select data-testid="cv-template" on:change=move |ev| {
                        if let Some(t) = CvTemplate::parse(&event_target_value(&ev)) { ed.edit(|c| c.template = t); }
                    }>
                        {CvTemplate::ALL.into_iter().map(|t| view! {
                            <option value=t.code() selected=move || ed.cv.with(|c| c.template == t)>
                                {move || i18n.t(&format!("cv-template-{}", t.code()))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="inline-field check">
                    <input type="checkbox" data-testid="cv-ats" prop:checked=move || ed.cv.with(|c| c.ats)
                        on:change=move |ev| { let on = event_target_checked(&ev); ed.edit(|c| c.ats = on); } />
                    <span>{tr!("cv-ats")}</span>
                </label>
            </div>
            <p class="muted small">{tr!("cv-ats-hint")}</p>
            <div class="cv-bar-row cv-actions">
                <button type="button" class="button primary" data-testid="cv-export-pdf"
                    disabled=move || ed.busy.get().is_some() aria-busy=move || is_busy("pdf")().to_string()
                    on:click=move |_| export("pdf")>{tr!("cv-export-pdf")}</button>
                <button type="button" class="button" data-testid="cv-export-docx"
                    disabled=move || ed.busy.get().is_some() aria-busy=move || is_busy("docx")().to_string()
                    on:click=move |_| export("docx")>{tr!("cv-export-docx")}</button>
                <button type="button" class="button" data-testid="cv-translate"
                    disabled=move || ed.busy.get().is_some() aria-busy=move || is_busy("translate")().to_string()
                    on:click=move |_| translate()>
                    {move || i18n.t(match ed.lang() { CvLang::Ar => "cv-translate-en", CvLang::En => "cv-translate-ar" })}
                </button>
                <a class="button ghost" href="/app/cv">{tr!("cv-all")}</a>
            </div>
        </div>
    }
    .into_any()
}

/// A text input (or textarea) bound to one field of the CV; its direction follows its text.
fn text_field(
    ed: Ed,
    label: &'static str,
    testid: &'static str,
    uid: String,
    get: impl Fn(&Cv) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Cv, String) + Copy + Send + Sync + 'static,
    kind: &'static str,
) -> AnyView {
    let i18n = use_i18n();
    let value = move || ed.cv.with(get);
    let dir = move || ed.cv.with(|c| dir_of(&get(c), c.lang));
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        ed.edit(|c| set(c, v));
    };
    let invalid = move || {
        let v = value();
        let v = v.trim();
        !v.is_empty()
            && match kind {
                "email" => !(v.contains('@') && v.contains('.') && !v.contains(' ')),
                "tel" => v.chars().filter(|c| c.is_numeric()).count() < 7, // Arabic-Indic digits count too
                "url" => !(v.starts_with("https://") || v.starts_with("http://")),
                _ => false,
            }
    };
    let id = format!("f-{uid}");
    // The value as the server renders it (a property is set only in the browser).
    let initial = ed.cv.with_untracked(get);
    let hint_id = format!("{id}-hint");
    let field = if kind == "textarea" {
        view! {
            <textarea id=id.clone() data-testid=testid rows="4" dir=dir prop:value=value on:input=on_input>{initial.clone()}</textarea>
        }
        .into_any()
    } else {
        let input_type = match kind {
            "email" | "tel" | "url" | "month" => kind,
            _ => "text",
        };
        view! {
            <input id=id.clone() type=input_type data-testid=testid dir=dir value=initial prop:value=value on:input=on_input
                aria-invalid=move || invalid().to_string() aria-describedby=hint_id.clone() />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            {field}
            <p class="field-error small" id=format!("{id}-hint") hidden=move || !invalid()>
                {move || i18n.t(&format!("cv-invalid-{kind}"))}
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn Personal(ed: Ed) -> impl IntoView {
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-personal")}</legend>
            <div class="cv-grid">
                {text_field(ed, "cv-full-name", "cv-field-full-name", "cv-field-full-name".into(), |c| c.content.full_name.clone(), |c, v| c.content.full_name = v, "text")}
                {text_field(ed, "cv-headline", "cv-field-headline", "cv-field-headline".into(), |c| c.content.headline.clone(), |c, v| c.content.headline = v, "text")}
                {text_field(ed, "cv-email", "cv-field-email", "cv-field-email".into(), |c| c.content.email.clone(), |c, v| c.content.email = v, "email")}
                {text_field(ed, "cv-phone", "cv-field-phone", "cv-field-phone".into(), |c| c.content.phone.clone(), |c, v| c.content.phone = v, "tel")}
                {text_field(ed, "cv-location", "cv-field-location", "cv-field-location".into(), |c| c.content.location.clone(), |c, v| c.content.location = v, "text")}
            </div>
        </fieldset>
    }
    .into_any()
}

/// Starts an AI task: the text streams into a suggestion the user accepts or discards.
fn start_ai(ed: Ed, task: AiTask) {
    if ed.ai.with_untracked(|a| a.as_ref().is_some_and(|s| s.running)) {
        return;
    }
    ed.ai.set(Some(Suggestion { task, text: String::new(), running: true, error: None }));
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let req = AiRequest { cv_id: ed.id, task, cv: ed.cv.get_untracked() };
        let body = serde_json::to_string(&req).unwrap_or_default();
        let Ok(abort) = web_sys::AbortController::new() else { return };
        let outcome = crate::ui::stream::post_events("/cv/ai", &body, &abort, |data| {
            match serde_json::from_str::<AiEvent>(&data) {
                Ok(AiEvent::Delta { text }) => ed.ai.update(|a| {
                    if let Some(s) = a {
                        s.text.push_str(&text)
                    }
                }),
                Ok(AiEvent::Done { .. }) => ed.ai.update(|a| {
                    if let Some(s) = a {
                        s.running = false;
                        s.text = s.text.trim().trim_matches(['"', '«', '»']).trim().to_string();
                    }
                }),
                Ok(AiEvent::Error { error }) => ed.ai.update(|a| {
                    if let Some(s) = a {
                        s.running = false;
                        s.error = Some(error.message_key().to_string());
                    }
                }),
                Err(_) => {}
            }
        })
        .await;
        ed.ai.update(|a| {
            if let Some(s) = a {
                if let Err(e) = &outcome {
                    s.error = Some(e.message_key().to_string());
                }
                s.running = false;
            }
        });
        ed.usage.bump();
    });
}

/// The suggestion for `task`, where it applies: accept writes it into the field.
fn suggestion_box(
    ed: Ed,
    task: AiTask,
    apply: impl Fn(&mut Cv, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        ed.ai.get().filter(|s| s.task == task).map(|s| {
            let lang = ed.lang();
            let text = s.text.clone();
            view! {
                <div class="cv-suggestion" data-testid="cv-ai-suggestion" aria-live="polite" aria-busy=s.running.to_string()>
                    <p class="small muted">{tr!("cv-ai-suggested")}</p>
                    <p class="cv-suggestion-text" dir=dir_of(&s.text, lang) data-testid="cv-ai-text">{s.text.clone()}</p>
                    {s.error.clone().map(|k| view! { <p class="field-error" role="alert">{move || i18n.t(&k)}</p> })}
                    <div class="cv-suggestion-actions">
                        <button type="button" class="button small primary" data-testid="cv-ai-accept"
                            disabled={s.running || s.text.trim().is_empty()}
                            on:click=move |_| { let t = text.clone(); ed.edit(|c| apply(c, t)); ed.ai.set(None); }>
                            {tr!("cv-ai-accept")}
                        </button>
                        <button type="button" class="button small" data-testid="cv-ai-discard" disabled=s.running
                            on:click=move |_| ed.ai.set(None)>{tr!("cv-ai-discard")}</button>
                    </div>
                </div>
            }
        })
    }
}

#[component]
fn Summary(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    // The cost preview of "write my summary", asked once the editor opens.
    let cost = Resource::new(|| (), move |_| cv_ai_cost(AiTask::Summary, ed.cv.get_untracked()));
    let running = move || ed.ai.with(|a| a.as_ref().is_some_and(|s| s.running));
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-summary")}</legend>
            {text_field(ed, "cv-summary", "cv-field-summary", "cv-field-summary".into(), |c| c.content.summary.clone(), |c, v| c.content.summary = v, "textarea")}
            <div class="cv-ai-row">
                <button type="button" class="button small" data-testid="cv-ai-summary"
                    disabled=running aria-busy=move || running().to_string()
                    on:click=move |_| start_ai(ed, AiTask::Summary)>{tr!("cv-ai-summary")}</button>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        cost.await.ok().map(|p| {
                            let lang = i18n.lang();
                            view! {
                                <span class="muted small" data-testid="cv-ai-cost">{message_with(lang, "cost-preview", &[
                                    ("kind", Arg::Text("tokens".into())),
                                    ("amount", Arg::Text(format_number(p.amount, lang))),
                                    ("remaining", Arg::Text(format_number(p.remaining, lang))),
                                ])}</span>
                            }
                        })
                    })}
                </Transition>
            </div>
            {suggestion_box(ed, AiTask::Summary, |c, t| c.content.summary = t)}
        </fieldset>
    }
    .into_any()
}

/// Remove with a second press ("Remove? Yes / No").
fn remove_button(
    label: &'static str,
    testid: &'static str,
    on_yes: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <Show when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="button small ghost" data-testid=testid on:click=move |_| asking.set(true)>{tr!(label)}</button>
            }>
            <span class="small">{tr!("cv-remove-ask")}</span>
            <button type="button" class="button small danger" data-testid=format!("{testid}-confirm")
                on:click=move |_| { asking.set(false); on_yes(); }>{tr!("cv-remove-yes")}</button>
            <button type="button" class="button small" on:click=move |_| asking.set(false)>{tr!("cv-keep")}</button>
        </Show>
    }
}

fn move_buttons(ed: Ed, i: usize, len: usize, list: fn(&mut Cv) -> &mut dyn ListOps) -> impl IntoView {
    view! {
        <button type="button" class="button small ghost" aria-label=move || use_i18n().t("cv-move-up") disabled={i == 0}
            on:click=move |_| ed.edit(|c| list(c).swap_at(i, i - 1))>"↑"</button>
        <button type="button" class="button small ghost" aria-label=move || use_i18n().t("cv-move-down") disabled={i + 1 >= len}
            on:click=move |_| ed.edit(|c| list(c).swap_at(i, i + 1))>"↓"</button>
    }
}

/// Reordering and removing entries of any of the CV's lists.
trait ListOps {
    fn swap_at(&mut self, a: usize, b: usize);
    fn remove_at(&mut self, i: usize);
}

impl<T> ListOps for Vec<T> {
    fn swap_at(&mut self, a: usize, b: usize) {
        if a < self.len() && b < self.len() {
            self.swap(a, b);
        }
    }
    fn remove_at(&mut self, i: usize) {
        if i < self.len() {
            self.remove(i);
        }
    }
}

#[component]
fn ExperienceList(ed: Ed) -> impl IntoView {
    // The list's shape (entries and their bullets): only adding, removing or moving redraws it.
    let shape =
        Memo::new(move |_| ed.cv.with(|c| c.content.experience.iter().map(|e| e.bullets.len()).collect::<Vec<_>>()));
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-experience")}</legend>
            {move || {
                let shape = shape.get();
                let len = shape.len();
                shape.into_iter().enumerate().map(|(i, bullets)| experience_entry(ed, i, len, bullets)).collect_view()
            }}
            <button type="button" class="button small" data-testid="cv-add-experience"
                on:click=move |_| ed.edit(|c| c.content.experience.push(Experience { bullets: vec![String::new()], ..Default::default() }))>
                {tr!("cv-add-experience")}
            </button>
        </fieldset>
    }
    .into_any()
}

fn experience_entry(ed: Ed, i: usize, len: usize, bullets: usize) -> AnyView {
    let current = move || ed.cv.with(|c| c.content.experience.get(i).is_some_and(|e| e.current));
    let exp = move |c: &Cv| c.content.experience.get(i).cloned().unwrap_or_default();
    view! {
        <div class="cv-entry" data-testid="cv-experience">
            <div class="cv-grid">
                {text_field(ed, "cv-exp-role", "cv-exp-role", format!("cv-exp-role-{i}"), move |c| exp(c).role, move |c, v| c.content.experience[i].role = v, "text")}
                {text_field(ed, "cv-exp-company", "cv-exp-company", format!("cv-exp-company-{i}"), move |c| exp(c).company, move |c, v| c.content.experience[i].company = v, "text")}
                {text_field(ed, "cv-exp-place", "cv-exp-place", format!("cv-exp-place-{i}"), move |c| exp(c).place, move |c, v| c.content.experience[i].place = v, "text")}
                {text_field(ed, "cv-start", "cv-exp-start", format!("cv-exp-start-{i}"), move |c| exp(c).start, move |c, v| c.content.experience[i].start = v, "month")}
                <Show when=move || !current()>
                    {text_field(ed, "cv-end", "cv-exp-end", format!("cv-exp-end-{i}"), move |c| exp(c).end, move |c, v| c.content.experience[i].end = v, "month")}
                </Show>
                <label class="inline-field check">
                    <input type="checkbox" data-testid=format!("cv-exp-current-{i}") prop:checked=current
                        on:change=move |ev| { let on = event_target_checked(&ev); ed.edit(|c| c.content.experience[i].current = on); } />
                    <span>{tr!("cv-current")}</span>
                </label>
            </div>
            <p class="small muted">{tr!("cv-bullets")}</p>
            <ul class="cv-bullets">
                {(0..bullets).map(|b| bullet_row(ed, i, b)).collect_view()}
            </ul>
            <div class="cv-entry-actions">
                <button type="button" class="button small" data-testid="cv-add-bullet"
                    on:click=move |_| ed.edit(|c| c.content.experience[i].bullets.push(String::new()))>{tr!("cv-add-bullet")}</button>
                {move_buttons(ed, i, len, |c| &mut c.content.experience)}
                {remove_button("cv-remove-entry", "cv-remove-experience", move || ed.edit(|c| c.content.experience.remove_at(i)))}
            </div>
        </div>
    }
    .into_any()
}

fn bullet_row(ed: Ed, i: usize, b: usize) -> AnyView {
    let i18n = use_i18n();
    let get = move |c: &Cv| c.content.experience.get(i).and_then(|e| e.bullets.get(b).cloned()).unwrap_or_default();
    let task = AiTask::Bullet { experience: i, bullet: b };
    let running = move || ed.ai.with(|a| a.as_ref().is_some_and(|s| s.running));
    let empty = move || ed.cv.with(|c| get(c).trim().is_empty());
    view! {
        <li class="cv-bullet">
            <div class="cv-bullet-row">
                <input type="text" data-testid="cv-exp-bullet" aria-label=move || i18n.t("cv-bullet")
                    dir=move || ed.cv.with(|c| dir_of(&get(c), c.lang))
                    prop:value=move || ed.cv.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); ed.edit(|c| c.content.experience[i].bullets[b] = v); } />
                <button type="button" class="button small ghost" data-testid="cv-ai-bullet"
                    disabled=move || running() || empty() on:click=move |_| start_ai(ed, task)>{tr!("cv-ai-bullet")}</button>
                <button type="button" class="button small ghost" aria-label=move || i18n.t("cv-remove-bullet")
                    on:click=move |_| ed.edit(|c| c.content.experience[i].bullets.remove_at(b))>"×"</button>
            </div>
            {suggestion_box(ed, task, move |c, t| {
                if let Some(x) = c.content.experience.get_mut(i).and_then(|e| e.bullets.get_mut(b)) { *x = t; }
            })}
        </li>
    }
    .into_any()
}

#[component]
fn EducationList(ed: Ed) -> impl IntoView {
    let len = Memo::new(move |_| ed.cv.with(|c| c.content.education.len()));
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-education")}</legend>
            {move || {
                let len = len.get();
                (0..len).map(|i| {
                    let e = move |c: &Cv| c.content.education.get(i).cloned().unwrap_or_default();
                    view! {
                        <div class="cv-entry" data-testid="cv-education">
                            <div class="cv-grid">
                                {text_field(ed, "cv-edu-degree", "cv-edu-degree", format!("cv-edu-degree-{i}"), move |c| e(c).degree, move |c, v| c.content.education[i].degree = v, "text")}
                                {text_field(ed, "cv-edu-school", "cv-edu-school", format!("cv-edu-school-{i}"), move |c| e(c).school, move |c, v| c.content.education[i].school = v, "text")}
                                {text_field(ed, "cv-exp-place", "cv-edu-place", format!("cv-edu-place-{i}"), move |c| e(c).place, move |c, v| c.content.education[i].place = v, "text")}
                                {text_field(ed, "cv-start", "cv-edu-start", format!("cv-edu-start-{i}"), move |c| e(c).start, move |c, v| c.content.education[i].start = v, "month")}
                                {text_field(ed, "cv-end", "cv-edu-end", format!("cv-edu-end-{i}"), move |c| e(c).end, move |c, v| c.content.education[i].end = v, "month")}
                                {text_field(ed, "cv-edu-details", "cv-edu-details", format!("cv-edu-details-{i}"), move |c| e(c).details, move |c, v| c.content.education[i].details = v, "text")}
                            </div>
                            <div class="cv-entry-actions">
                                {move_buttons(ed, i, len, |c| &mut c.content.education)}
                                {remove_button("cv-remove-entry", "cv-remove-education", move || ed.edit(|c| c.content.education.remove_at(i)))}
                            </div>
                        </div>
                    }
                }).collect_view()
            }}
            <button type="button" class="button small" data-testid="cv-add-education"
                on:click=move |_| ed.edit(|c| c.content.education.push(Education::default()))>{tr!("cv-add-education")}</button>
        </fieldset>
    }
    .into_any()
}

#[component]
fn SkillsAndLanguages(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    // Typed as one line ("Rust, قيادة الفرق"); kept as a list.
    let skills_text = RwSignal::new(ed.cv.with_untracked(|c| c.content.skills.join("، ")));
    let languages = Memo::new(move |_| ed.cv.with(|c| c.content.languages.len()));
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-skills")}</legend>
            <div class="field">
                <label for="cv-skills">{tr!("cv-skills")}</label>
                <input id="cv-skills" type="text" data-testid="cv-field-skills" dir="auto"
                    prop:value=move || skills_text.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        let list: Vec<String> = v.split([',', '،', '\n']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                        skills_text.set(v);
                        ed.edit(|c| c.content.skills = list);
                    } />
                <p class="small muted">{tr!("cv-skills-hint")}</p>
            </div>
            <p class="small muted">{tr!("cv-languages")}</p>
            {move || {
                let len = languages.get();
                (0..len).map(|i| {
                    let level = move || ed.cv.with(|c| c.content.languages.get(i).map(|l| l.level).unwrap_or_default());
                    view! {
                        <div class="cv-entry cv-inline-entry" data-testid="cv-language">
                            {text_field(ed, "cv-language-name", "cv-language", format!("cv-language-{i}"),
                                move |c| c.content.languages.get(i).map(|l| l.name.clone()).unwrap_or_default(),
                                move |c, v| c.content.languages[i].name = v, "text")}
                            <label class="inline-field">
                                <span class="visually-hidden">{tr!("cv-language-level")}</span>
                                <select data-testid=format!("cv-language-level-{i}") on:change=move |ev| {
                                    if let Some(l) = LanguageLevel::parse(&event_target_value(&ev)) { ed.edit(|c| c.content.languages[i].level = l); }
                                }>
                                    {LanguageLevel::ALL.into_iter().map(|l| view! {
                                        <option value=l.code() selected=move || level() == l>{move || i18n.t(&format!("cv-level-{}", l.code()))}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            {remove_button("cv-remove-entry", "cv-remove-language", move || ed.edit(|c| c.content.languages.remove_at(i)))}
                        </div>
                    }
                }).collect_view()
            }}
            <button type="button" class="button small" data-testid="cv-add-language"
                on:click=move |_| ed.edit(|c| c.content.languages.push(LanguageSkill::default()))>{tr!("cv-add-language")}</button>
        </fieldset>
    }
    .into_any()
}

/// Certificates and links.
#[component]
fn Extras(ed: Ed) -> impl IntoView {
    let certs = Memo::new(move |_| ed.cv.with(|c| c.content.certificates.len()));
    let links = Memo::new(move |_| ed.cv.with(|c| c.content.links.len()));
    view! {
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-certificates")}</legend>
            {move || (0..certs.get()).map(|i| {
                let e = move |c: &Cv| c.content.certificates.get(i).cloned().unwrap_or_default();
                view! {
                    <div class="cv-entry cv-inline-entry" data-testid="cv-certificate">
                        {text_field(ed, "cv-cert-name", "cv-cert-name", format!("cv-cert-name-{i}"), move |c| e(c).name, move |c, v| c.content.certificates[i].name = v, "text")}
                        {text_field(ed, "cv-cert-issuer", "cv-cert-issuer", format!("cv-cert-issuer-{i}"), move |c| e(c).issuer, move |c, v| c.content.certificates[i].issuer = v, "text")}
                        {text_field(ed, "cv-cert-year", "cv-cert-year", format!("cv-cert-year-{i}"), move |c| e(c).year, move |c, v| c.content.certificates[i].year = v, "text")}
                        {remove_button("cv-remove-entry", "cv-remove-certificate", move || ed.edit(|c| c.content.certificates.remove_at(i)))}
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button small" data-testid="cv-add-certificate"
                on:click=move |_| ed.edit(|c| c.content.certificates.push(Certificate::default()))>{tr!("cv-add-certificate")}</button>
        </fieldset>
        <fieldset class="card cv-section">
            <legend>{tr!("cv-section-links")}</legend>
            {move || (0..links.get()).map(|i| {
                let e = move |c: &Cv| c.content.links.get(i).cloned().unwrap_or_default();
                view! {
                    <div class="cv-entry cv-inline-entry" data-testid="cv-link">
                        {text_field(ed, "cv-link-label", "cv-link-label", format!("cv-link-label-{i}"), move |c| e(c).label, move |c, v| c.content.links[i].label = v, "text")}
                        {text_field(ed, "cv-link-url", "cv-link-url", format!("cv-link-url-{i}"), move |c| e(c).url, move |c, v| c.content.links[i].url = v, "url")}
                        {remove_button("cv-remove-entry", "cv-remove-link", move || ed.edit(|c| c.content.links.remove_at(i)))}
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button small" data-testid="cv-add-link"
                on:click=move |_| ed.edit(|c| c.content.links.push(CvLink::default()))>{tr!("cv-add-link")}</button>
        </fieldset>
    }
    .into_any()
}

/// The saved version's pages, drawn by the same engine as the PDF.
#[component]
fn Preview(ed: Ed) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="cv-preview card" data-testid="cv-preview" aria-label=move || i18n.t("cv-tab-preview")
            data-version=move || ed.preview.get().map(|p| p.0).unwrap_or(0)
            aria-busy=move || ed.autosave.is_pending().to_string()>
            {move || match ed.preview.get() {
                None => view! { <div class="skeleton cv-page-skeleton" aria-busy="true"></div> }.into_any(),
                Some((version, pages)) => (1..=pages).map(|n| view! {
                    <img class="cv-page" src=format!("/cv/{}/preview/{n}?v={version}", ed.id) loading="lazy" decoding="async"
                        alt=move || message_with(i18n.lang(), "cv-page-alt", &[("n", Arg::Num(n as i64))]) />
                }).collect_view().into_any(),
            }}
        </aside>
    }
    .into_any()
}
