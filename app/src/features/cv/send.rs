//! "Add to a CV" under a chat answer: the answer becomes a CV's summary or a new
//! achievement of its first job.

use super::api::{add_to_cv, list_cvs};
use super::model::CvTarget;
use crate::i18n::use_i18n;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn SendToCv(text: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let text = StoredValue::new(text);
    let cvs = Resource::new(
        move || open.get(),
        |open| async move {
            if open {
                list_cvs().await.ok()
            } else {
                None
            }
        },
    );
    let chosen = RwSignal::new(None::<i64>);
    let target = RwSignal::new(CvTarget::Summary);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<i64, String>>);
    let send = move || {
        let Some(id) = chosen.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done = add_to_cv(id, target.get_untracked(), text.get_value()).await;
            busy.set(false);
            outcome.set(Some(done.map(|_| id).map_err(|e| e.message_key().to_string())));
        });
    };
    view! {
        <button type="button" class="link small" data-testid="chat-to-cv" aria-expanded=move || open.get().to_string()
            on:click=move |_| { open.update(|o| *o = !*o); outcome.set(None); }>{tr!("cv-send")}</button>
        <Show when=move || open.get()>
            <div class="cv-send" data-testid="chat-to-cv-panel">
                <Transition fallback=|| view! { <span class="muted small">"…"</span> }>
                    {move || Suspend::new(async move {
                        match cvs.await.unwrap_or_default() {
                            list if list.is_empty() => view! {
                                <p class="small"><a href="/app/cv">{tr!("cv-send-none")}</a></p>
                            }.into_any(),
                            list => {
                                if chosen.get_untracked().is_none() {
                                    chosen.set(list.first().map(|c| c.id));
                                }
                                view! {
                                    <label class="inline-field">
                                        <span class="visually-hidden">{tr!("cv-send-choose")}</span>
                                        <select data-testid="chat-to-cv-choose" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                                            {list.into_iter().map(|c| view! { <option value=c.id>{c.title}</option> }).collect_view()}
                                        </select>
                                    </label>
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
                <label class="inline-field">
                    <span class="visually-hidden">{tr!("cv-send")}</span>
                    <select data-testid="chat-to-cv-target" on:change=move |ev| target.set(
                        if event_target_value(&ev) == "bullet" { CvTarget::Bullet { experience: 0 } } else { CvTarget::Summary })>
                        <option value="summary">{tr!("cv-send-summary")}</option>
                        <option value="bullet">{tr!("cv-send-bullet")}</option>
                    </select>
                </label>
                <button type="button" class="button small primary" data-testid="chat-to-cv-add"
                    disabled=move || busy.get() || chosen.get().is_none() aria-busy=move || busy.get().to_string()
                    on:click=move |_| send()>{tr!("cv-send-add")}</button>
                {move || outcome.get().map(|o| match o {
                    Ok(id) => view! { <p class="small notice ok" role="status"><a href=format!("/app/cv/{id}")>{tr!("cv-send-done")}</a></p> }.into_any(),
                    Err(k) => view! { <p class="field-error small" role="alert">{move || i18n.t(&k)}</p> }.into_any(),
                })}
            </div>
        </Show>
    }
    .into_any()
}
