use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <div class="page page-account">
            <PageHeader title="page-account-title" />
            <EmptyState
                icon=Icon::Account
                title="page-account-empty-title"
                body="page-account-empty-body"
                example="page-account-empty-example"
            />
        </div>
    }
}
