//! `/app/cv`: the user's CVs — make one, open, duplicate, delete (after a second press).

use super::api::{create_cv, delete_cv, duplicate_cv, list_cvs};
use super::model::{CvItem, CvLang};
use crate::i18n::{format_date, message_with, use_i18n, Arg, Lang};
use crate::tr;
use crate::ui::{
    empty_state::{EmptyState, PageHeader},
    icons::Icon,
};
use leptos::prelude::*;

pub(super) fn cv_lang_of(lang: Lang) -> CvLang {
    match lang {
        Lang::Ar => CvLang::Ar,
        Lang::En => CvLang::En,
    }
}

#[component]
pub fn CvPage() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let cvs = Resource::new(move || changed.get(), |_| list_cvs());
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let new_cv = move |lang: CvLang| {
        if creating.get_untracked() {
            return;
        }
        creating.set(true);
        error.set(None);
        let title = i18n.t(match lang {
            CvLang::Ar => "cv-default-title-ar",
            CvLang::En => "cv-default-title-en",
        });
        leptos::task::spawn_local(async move {
            match create_cv(title, lang).await {
                Ok(item) => {
                    let navigate = leptos_router::hooks::use_navigate();
                    navigate(&format!("/app/cv/{}", item.id), Default::default());
                }
                Err(e) => {
                    error.set(Some(e.message_key().to_string()));
                    creating.set(false);
                }
            }
        });
    };
    view! {
        <div class="page page-cv">
            <PageHeader slug="cv" />
            <crate::ui::meters::UsageMeters />
            <div class="cv-new-bar">
                <button class="button primary" type="button" data-testid="cv-new"
                    disabled=move || creating.get() aria-busy=move || creating.get().to_string()
                    on:click=move |_| new_cv(cv_lang_of(i18n.lang()))>
                    {tr!("cv-new")}
                </button>
                <button class="button" type="button" data-testid="cv-new-other"
                    disabled=move || creating.get()
                    on:click=move |_| new_cv(cv_lang_of(i18n.lang()).other())>
                    {tr!("cv-new-other")}
                </button>
            </div>
            {move || error.get().map(|k| view! { <p class="notice error" role="alert">{move || i18n.t(&k)}</p> })}
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match cvs.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <EmptyState slug="cv" icon=Icon::Cv /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="cv-list" data-testid="cv-list">
                                {list.into_iter().map(|item| view! { <CvRow item changed error /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CvRow(item: CvItem, changed: RwSignal<u32>, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = item.id;
    let title = StoredValue::new(item.title.clone());
    let updated = item.updated_at;
    let lang_key = match item.lang {
        CvLang::Ar => "cv-lang-ar",
        CvLang::En => "cv-lang-en",
    };
    let template_key = format!("cv-template-{}", item.template.code());
    let run = move |delete: bool| {
        busy.set(true);
        let copy_title = message_with(i18n.lang(), "cv-copy-title", &[("title", Arg::Text(title.get_value()))]);
        let copy_title: String = copy_title.chars().take(80).collect();
        leptos::task::spawn_local(async move {
            let done = if delete { delete_cv(id).await } else { duplicate_cv(id, copy_title).await.map(|_| ()) };
            busy.set(false);
            asking.set(false);
            match done {
                Ok(()) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message_key().to_string())),
            }
        });
    };
    view! {
        <li class="cv-row" data-testid="cv-row" data-cv-id=id>
            <a class="cv-row-main" href=format!("/app/cv/{id}") data-testid="cv-open">
                <strong><bdi>{item.title.clone()}</bdi></strong>
                <span class="muted small">
                    {move || format!("{} · {}{} · {}",
                        i18n.t(lang_key), i18n.t(&template_key),
                        if item.ats { format!(" · {}", i18n.t("cv-ats-short")) } else { String::new() },
                        format_date(updated, i18n.lang()))}
                </span>
            </a>
            <div class="cv-row-actions">
                <Show when=move || asking.get()
                    fallback=move || view! {
                        <button class="button small" type="button" data-testid="cv-duplicate"
                            disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                            on:click=move |_| run(false)>{tr!("cv-duplicate")}</button>
                        <button class="button small" type="button" data-testid="cv-delete"
                            on:click=move |_| asking.set(true)>{tr!("cv-delete")}</button>
                    }>
                    <span class="small">{tr!("cv-delete-ask")}</span>
                    <button class="button small danger" type="button" data-testid="cv-delete-confirm"
                        disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                        on:click=move |_| run(true)>{tr!("cv-delete-yes")}</button>
                    <button class="button small" type="button" on:click=move |_| asking.set(false)>{tr!("cv-keep")}</button>
                </Show>
            </div>
        </li>
    }
    .into_any()
}
