use super::api::RequestLoginLink;
use crate::error::AppError;
use crate::i18n::{use_i18n, Arg};
use crate::tr;
use crate::ui::icons::{Icon, SvgIcon};
use crate::ui::lang_toggle::LangToggle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/login`: type an email, get a link. Also explains a link that did not work.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let problem = move || query.with(|q| q.get("error"));
    let signed_out = move || query.with(|q| q.get("signed_out")).is_some();
    let action = ServerAction::<RequestLoginLink>::new();
    let email = RwSignal::new(String::new());
    // `?sent=` and `?form_error=` carry the outcome of a form posted before hydration.
    let sent_to = RwSignal::new(query.with_untracked(|q| q.get("sent")));
    let form_error =
        move || query.with(|q| q.get("form_error")).filter(|k| k.starts_with("error-") || k.starts_with("login-"));
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            sent_to.set(Some(email.get_untracked()));
        }
    });
    let error_text = move || match action.value().get() {
        Some(Err(AppError::RateLimited { retry_after_secs })) => {
            Some(i18n.t_with("login-rate-limited", &[("minutes", Arg::Num(retry_after_secs.div_ceil(60) as i64))]))
        }
        Some(Err(e)) => Some(i18n.t(e.message_key())),
        _ => form_error().map(|key| i18n.t(&key)),
    };
    view! {
        <crate::ui::page_title::PageTitle key="login-title" />
        <div class="auth-page">
            <AuthHeader />
            <main id="main" class="auth-card">
                <Show
                    when=move || sent_to.get().is_none()
                    fallback=move || view! {
                        <section class="sent" data-testid="login-sent" aria-live="polite">
                            <div class="empty-icon"><SvgIcon icon=Icon::Check /></div>
                            <h1>{tr!("login-sent-title")}</h1>
                            <p>{move || i18n.t_with("login-sent-body", &[("email", Arg::Text(sent_to.get().unwrap_or_default()))])}</p>
                            <p class="muted">{tr!("login-sent-hint")}</p>
                            <button class="button" type="button" on:click=move |_| sent_to.set(None)>{tr!("login-sent-again")}</button>
                        </section>
                    }
                >
                    <h1>{tr!("login-title")}</h1>
                    <p class="muted">{tr!("login-subtitle")}</p>
                    {move || problem().map(|code| {
                        let key = match code.as_str() {
                            "expired" => "login-error-expired",
                            "used" => "login-error-used",
                            "suspended" => "login-error-suspended",
                            _ => "login-error-invalid",
                        };
                        view! { <p class="notice error" role="alert" data-testid="login-problem">{move || i18n.t(key)}</p> }
                    })}
                    {move || signed_out().then(|| view! { <p class="notice" role="status">{tr!("login-signed-out-everywhere")}</p> })}
                    <ActionForm action attr:class="auth-form">
                        <input type="hidden" name="next" prop:value=next />
                        <input type="hidden" name="lang" prop:value=move || i18n.lang().code() />
                        <label for="login-email">{tr!("login-email-label")}</label>
                        <input
                            id="login-email"
                            data-testid="login-email"
                            type="email"
                            name="email"
                            dir="ltr"
                            required
                            autocomplete="email"
                            inputmode="email"
                            placeholder=move || i18n.t("login-email-placeholder")
                            on:input=move |ev| email.set(event_target_value(&ev))
                        />
                        {move || error_text().map(|t| view! { <p class="field-error" role="alert" data-testid="login-error">{t}</p> })}
                        <button class="button primary large" type="submit" data-testid="login-submit" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { i18n.t("login-sending") } else { i18n.t("login-submit") }}
                        </button>
                    </ActionForm>
                    <p class="muted small">{tr!("login-no-password")}</p>
                </Show>
            </main>
        </div>
    }
}

/// `/auth/verify?token=…`: the link in the sign-in email opens this page, which asks
/// "Sign in as sa…@example.jo?" and signs in only when its button is pressed (a same-origin
/// POST). A link asked for in another browser says so first. Works without JavaScript.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let check = Resource::new(token, super::api::check_link);
    view! {
        <crate::ui::page_title::PageTitle key="verify-title" />
        <div class="auth-page">
            <AuthHeader />
            <main id="main" class="auth-card" data-testid="verify">
                <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                    {move || Suspend::new(async move {
                        match check.await {
                            Ok(super::LinkCheck::Ready { email_hint, same_browser }) => view! {
                                <h1>{tr!("verify-title")}</h1>
                                <p class="muted">{tr!("verify-as")}</p>
                                <p class="verify-email"><strong><bdi dir="ltr" data-testid="verify-email">{email_hint.clone()}</bdi></strong></p>
                                <Show when=move || !same_browser>
                                    <p class="notice warn" role="note" data-testid="verify-other-browser">
                                        {tr!("verify-other-browser")}
                                    </p>
                                </Show>
                                <form method="post" action="/auth/verify" class="stack">
                                    <input type="hidden" name="token" value=token />
                                    <button class="button primary large" type="submit" data-testid="verify-confirm">
                                        {tr!("verify-confirm")}
                                    </button>
                                </form>
                                <p class="muted small">{tr!("verify-not-you")}</p>
                            }
                            .into_any(),
                            Ok(super::LinkCheck::Problem(code)) => {
                                let key = format!("login-error-{code}");
                                view! {
                                    <h1>{tr!("verify-problem-title")}</h1>
                                    <p class="notice error" role="alert" data-testid="verify-problem" data-problem=code.clone()>
                                        {move || i18n.t(&key)}
                                    </p>
                                    <a class="button primary" href="/login">{tr!("verify-new-link")}</a>
                                }
                                .into_any()
                            }
                            Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </main>
        </div>
    }
}

/// The brand and the language toggle above the sign-in pages.
#[component]
fn AuthHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32" />
                <span>{tr!("app-name")}</span>
            </a>
            <LangToggle />
        </header>
    }
}
