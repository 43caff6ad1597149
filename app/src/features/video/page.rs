use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/video`.
#[component]
pub fn VideoPage() -> impl IntoView {
    view! { <EmptyToolPage slug="video" icon=Icon::Video /> }
}
