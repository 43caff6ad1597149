use super::icons::{Icon, SvgIcon};
use crate::tr;
use leptos::prelude::*;

/// What a tool page shows before there is anything in it: one sentence and one example.
#[component]
pub fn EmptyState(icon: Icon, title: &'static str, body: &'static str, example: &'static str) -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state">
            <div class="empty-icon"><SvgIcon icon /></div>
            <h2>{tr!(title)}</h2>
            <p>{tr!(body)}</p>
            <p class="chip"><SvgIcon icon=Icon::Sparkle />{tr!(example)}</p>
        </section>
    }
}

/// The heading of a tool page, also used as the document title.
#[component]
pub fn PageHeader(title: &'static str) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <leptos_meta::Title text=move || i18n.t(title) />
        <header class="page-header">
            <h1 data-testid="page-title">{tr!(title)}</h1>
        </header>
    }
}
