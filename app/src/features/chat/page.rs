use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/chat`.
#[component]
pub fn ChatPage() -> impl IntoView {
    view! { <EmptyToolPage slug="chat" icon=Icon::Chat /> }
}
