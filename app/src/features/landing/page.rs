use crate::features::plans::api::list_plans;
use crate::i18n::{use_i18n, Arg};
use crate::tr;
use crate::ui::icons::{Icon, SvgIcon};
use crate::ui::lang_toggle::LangToggle;
use crate::ui::plan_card::PlanCard;
use crate::ui::static_html::static_part;
use leptos::prelude::*;

const TOOLS: [(Icon, &str, &str); 5] = [
    (Icon::Chat, "tool-chat-title", "tool-chat-desc"),
    (Icon::Cv, "tool-cv-title", "tool-cv-desc"),
    (Icon::Slides, "tool-slides-title", "tool-slides-desc"),
    (Icon::Image, "tool-image-title", "tool-image-desc"),
    (Icon::Video, "tool-video-title", "tool-video-desc"),
];

const FAQ: [(&str, &str); 5] =
    [("faq-q1", "faq-a1"), ("faq-q2", "faq-a2"), ("faq-q3", "faq-a3"), ("faq-q4", "faq-a4"), ("faq-q5", "faq-a5")];

/// `/`: hero, the five tools, pricing from the database, FAQ, call to action.
///
/// Hydrated: the header (the language switch) and the pricing section's frame (its title
/// and the plans' `Suspense`). Every other section, and the plans' grid, is text and links,
/// drawn with [`static_part`] so that the phone does not walk its nodes as the page
/// starts, and drawn again in place when the language changes.
#[component]
pub fn LandingPage() -> impl IntoView {
    let i18n = use_i18n();
    let plans = Resource::new(|| (), |_| list_plans());
    let (hero, tools, faq, cta, footer) =
        (NodeRef::new(), NodeRef::new(), NodeRef::new(), NodeRef::new(), NodeRef::new());
    view! {
        <crate::ui::page_title::PageTitle key="" />
        <div class="landing">
            <a class="skip-link" href="#main">{tr!("skip-to-content")}</a>
            <header class="site-header">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="32" height="32" />
                    <span>{tr!("app-name")}</span>
                </a>
                <div class="site-header-actions">
                    <LangToggle />
                    <a class="button small" href="/login" data-testid="header-sign-in">{tr!("nav-sign-in")}</a>
                    <a class="button small primary hide-narrow" href="/app/chat" data-testid="header-cta">{tr!("landing-cta-start")}</a>
                </div>
            </header>
            <main id="main">
                <section class="hero" node_ref=hero inner_html=static_part(hero, || view! {
                    <p class="eyebrow">{tr!("landing-hero-eyebrow")}</p>
                    <h1 data-testid="hero-title">{tr!("landing-hero-title")}</h1>
                    <p class="lead">{tr!("landing-hero-subtitle")}</p>
                    <div class="hero-actions">
                        <a class="button primary large" href="/app/chat" data-testid="hero-cta">
                            {tr!("landing-cta-start")}<SvgIcon icon=Icon::Arrow />
                        </a>
                        <a class="button large" href="#pricing">{tr!("landing-cta-pricing")}</a>
                    </div>
                }) />

                <section class="tools" aria-labelledby="tools-title" node_ref=tools inner_html=static_part(tools, || view! {
                    <h2 id="tools-title">{tr!("landing-tools-title")}</h2>
                    <ul class="tool-grid">
                        {TOOLS.into_iter().map(|(icon, title, desc)| view! {
                            <li class="tool-card">
                                <span class="tool-icon"><SvgIcon icon /></span>
                                <h3>{tr!(title)}</h3>
                                <p>{tr!(desc)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }) />

                <section class="pricing" id="pricing" aria-labelledby="pricing-title">
                    <h2 id="pricing-title">{tr!("pricing-title")}</h2>
                    <p class="section-lead">{tr!("pricing-subtitle")}</p>
                    <Suspense fallback=|| view! { <div class="plan-grid skeleton" aria-busy="true"></div> }>
                        {move || Suspend::new(async move {
                            match plans.await {
                                Ok(list) => { let grid = NodeRef::new(); view! {
                                    <div class="plan-grid" data-testid="plans" node_ref=grid inner_html=static_part(grid, move || {
                                        list.clone().into_iter().map(|plan| {
                                            let featured = plan.code == "pro";
                                            view! { <PlanCard plan featured /> }
                                        }).collect_view()
                                    }) />
                                }.into_any() }
                                Err(_) => view! {
                                    <p class="notice error" role="alert">{tr!("pricing-unavailable")}</p>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                    <p class="addons-note">{tr!("pricing-addons")}</p>
                </section>

                <section class="faq" aria-labelledby="faq-title" node_ref=faq inner_html=static_part(faq, || view! {
                    <h2 id="faq-title">{tr!("faq-title")}</h2>
                    {FAQ.into_iter().map(|(q, a)| view! {
                        <details>
                            <summary>{tr!(q)}</summary>
                            <p>{tr!(a)}</p>
                        </details>
                    }).collect_view()}
                }) />

                <section class="cta" node_ref=cta inner_html=static_part(cta, || view! {
                    <h2>{tr!("cta-title")}</h2>
                    <p>{tr!("cta-body")}</p>
                    <a class="button primary large" href="/app/chat">{tr!("cta-button")}<SvgIcon icon=Icon::Arrow /></a>
                }) />
            </main>
            <footer class="site-footer" node_ref=footer inner_html=static_part(footer, move || view! {
                <p>{tr!("footer-note")}</p>
                <p>{move || i18n.t_with("footer-rights", &[("year", Arg::Text(this_year().to_string()))])}</p>
                <p class="visually-hidden" data-testid="current-lang">{move || i18n.lang().code()}</p>
            }) />
        </div>
    }
}

/// The year in Amman now (the © line), from the server's clock or the browser's.
fn this_year() -> i64 {
    #[cfg(feature = "ssr")]
    let now = crate::types::UnixMillis::now().0;
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let now = 0;
    i64::from(pulse_clock::amman_date(now).year)
}
