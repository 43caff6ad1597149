use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/slides`.
#[component]
pub fn SlidesPage() -> impl IntoView {
    view! { <EmptyToolPage slug="slides" icon=Icon::Slides /> }
}
