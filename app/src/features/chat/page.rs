use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use leptos::prelude::*;

#[component]
pub fn ChatPage() -> impl IntoView {
    view! {
        <div class="page page-chat">
            <PageHeader title="page-chat-title" />
            <EmptyState
                icon=Icon::Chat
                title="page-chat-empty-title"
                body="page-chat-empty-body"
                example="page-chat-empty-example"
            />
        </div>
    }
}
