use super::icons::{Icon, SvgIcon};
use crate::features::plans::Plan;
use crate::i18n::{format_jod, message_count, message_with, use_i18n, Arg};
use crate::tr;
use leptos::prelude::*;

/// A pricing card: name, monthly price, the three quotas and the features.
#[component]
pub fn PlanCard(plan: Plan, #[prop(optional)] featured: bool) -> impl IntoView {
    let i18n = use_i18n();
    let plan = StoredValue::new(plan);
    let code = plan.with_value(|p| p.code.clone());
    let quota = move |key: &'static str, n: i64| {
        move || {
            let lang = i18n.lang();
            message_with(lang, "quota-per-month", &[("what", Arg::Text(message_count(lang, key, n)))])
        }
    };
    let (tokens, images, videos) = plan.with_value(|p| (p.tokens, p.images, p.videos));
    let features = plan.with_value(|p| p.features.clone());
    view! {
        <article class="plan-card" class:featured=featured data-testid=format!("plan-{code}")>
            {featured.then(|| view! { <p class="badge">{tr!("pricing-popular")}</p> })}
            <h3>{move || plan.with_value(|p| p.name(i18n.lang()).to_string())}</h3>
            <p class="price">
                <span class="amount" data-testid="plan-price">{move || format_jod(plan.with_value(|p| p.price.0), i18n.lang())}</span>
                <span class="per">{tr!("price-per-month")}</span>
            </p>
            <ul class="quotas">
                <li><SvgIcon icon=Icon::Chat /><span>{quota("quota-tokens", tokens)}</span></li>
                <li><SvgIcon icon=Icon::Image /><span>{quota("quota-images", images)}</span></li>
                <li><SvgIcon icon=Icon::Video /><span>{quota("quota-videos", videos)}</span></li>
            </ul>
            <ul class="features">
                {features.into_iter().map(|f| {
                    let key = format!("feature-{f}");
                    view! { <li><SvgIcon icon=Icon::Check /><span>{move || i18n.t(&key)}</span></li> }
                }).collect_view()}
            </ul>
            <a class=if featured { "button primary" } else { "button" } href=format!("/app/account?plan={code}")>
                {move || i18n.t_with("pricing-choose", &[("plan", Arg::Text(plan.with_value(|p| p.name(i18n.lang()).to_string())))])}
            </a>
        </article>
    }
}
