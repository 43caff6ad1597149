use crate::ui::{empty_state::EmptyToolPage, icons::Icon};
use leptos::prelude::*;

/// `/app/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <EmptyToolPage slug="account" icon=Icon::Account /> }
}
