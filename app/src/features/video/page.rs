use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn VideoPage() -> impl IntoView {
    view! {
        <div class="page page-video">
            <PageHeader title="page-video-title" />
            <EmptyState
                icon=Icon::Video
                title="page-video-empty-title"
                body="page-video-empty-body"
                example="page-video-empty-example"
            />
        </div>
    }
}
