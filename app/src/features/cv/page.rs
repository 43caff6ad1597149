use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn CvPage() -> impl IntoView {
    view! {
        <div class="page page-cv">
            <PageHeader title="page-cv-title" />
            <EmptyState
                icon=Icon::Cv
                title="page-cv-empty-title"
                body="page-cv-empty-body"
                example="page-cv-empty-example"
            />
        </div>
    }
}
