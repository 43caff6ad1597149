//! A tool or control the user's plan does not include: what it is, which plans have it,
//! and the way to upgrade. The server refuses it too (403), whatever the page shows.

use crate::features::plans::PlanFeature;
use crate::i18n::use_i18n;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn FeatureLocked(feature: PlanFeature, #[prop(into, optional)] testid: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let code = feature.code();
    view! {
        <section class="card locked" data-testid="feature-locked" data-feature=code>
            <div data-testid=testid.unwrap_or_default()>
                <h2>{move || i18n.t(&format!("locked-{code}-title"))}</h2>
                <p>{move || i18n.t(&format!("locked-{code}-body"))}</p>
                <a class="button primary" href=crate::error::UPGRADE_URL data-testid="upgrade-cta">{tr!("upgrade-cta")}</a>
            </div>
        </section>
    }
}
