use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn SlidesPage() -> impl IntoView {
    view! {
        <div class="page page-slides">
            <PageHeader title="page-slides-title" />
            <EmptyState
                icon=Icon::Slides
                title="page-slides-empty-title"
                body="page-slides-empty-body"
                example="page-slides-empty-example"
            />
        </div>
    }
}
