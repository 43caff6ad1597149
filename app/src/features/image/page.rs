use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn ImagePage() -> impl IntoView {
    view! {
        <div class="page page-image">
            <PageHeader title="page-image-title" />
            <EmptyState
                icon=Icon::Image
                title="page-image-empty-title"
                body="page-image-empty-body"
                example="page-image-empty-example"
            />
        </div>
    }
}
