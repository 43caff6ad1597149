use super::icons::{Icon, SvgIcon};
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// What a tool page shows before there is anything in it: one sentence and one example.
/// Messages come from `page-<slug>-empty-title`, `-empty-body` and `-empty-example`.
#[component]
pub fn EmptyState(slug: &'static str, icon: Icon) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |part: &'static str| move || i18n.t(&format!("page-{slug}-empty-{part}"));
    view! {
        <section class="empty-state" data-testid="empty-state">
            <div class="empty-icon"><SvgIcon icon /></div>
            <h2>{text("title")}</h2>
            <p>{text("body")}</p>
            <p class="chip"><SvgIcon icon=Icon::Sparkle />{text("example")}</p>
        </section>
    }
}

/// The heading of a tool page (`page-<slug>-title`), also used as the document title.
#[component]
pub fn PageHeader(slug: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || i18n.t(&format!("page-{slug}-title"));
    view! {
        <super::page_title::PageTitle key=format!("page-{slug}-title") />
        <header class="page-header">
            <h1 data-testid="page-title">{title}</h1>
        </header>
    }
}

/// A tool page that has nothing in it yet: its title and its empty state.
#[component]
pub fn EmptyToolPage(slug: &'static str, icon: Icon) -> impl IntoView {
    view! {
        <div class=format!("page page-{slug}")>
            <PageHeader slug />
            <super::meters::UsageMeters />
            <EmptyState slug icon />
        </div>
    }
}
