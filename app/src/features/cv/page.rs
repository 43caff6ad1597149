use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/cv`.
#[component]
pub fn CvPage() -> impl IntoView {
    view! { <EmptyToolPage slug="cv" icon=Icon::Cv /> }
}
