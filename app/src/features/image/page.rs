use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/image`.
#[component]
pub fn ImagePage() -> impl IntoView {
    view! { <EmptyToolPage slug="image" icon=Icon::Image /> }
}
