//! The account page's API card: make a key (its secret shown once), see each key's use,
//! revoke one (after a second press).

use super::api::{list_api_keys, CreateApiKey, RevokeApiKey};
use super::ApiKeyView;
use crate::i18n::{format_date, message_count, use_i18n};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn ApiKeysCard() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(move || (create.version().get(), revoke.version().get()), |_| list_api_keys());
    let error = move || {
        [create.value().get().and_then(|r| r.err()), revoke.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .next()
            .map(|e| view! { <p class="field-error" role="alert" data-testid="api-key-error">{move || i18n.t(e.message_key())}</p> })
    };
    view! {
        <section class="card" id="api" aria-labelledby="api-title" data-testid="api-keys">
            <h2 id="api-title">{tr!("api-title")}</h2>
            <p class="muted">{tr!("api-intro")}</p>
            {move || create.value().get().and_then(|r| r.ok()).map(|made| view! {
                <div class="notice ok api-secret" role="status">
                    <p>{tr!("api-secret-once")}</p>
                    <code dir="ltr" class="api-secret-value" data-testid="api-key-secret">{made.secret.clone()}</code>
                </div>
            })}
            <ActionForm action=create attr:class="stack api-create">
                <label for="api-key-name">{tr!("api-key-name")}</label>
                <input id="api-key-name" name="name" type="text" maxlength="60" required dir="auto"
                    data-testid="api-key-name" autocomplete="off" />
                <label for="api-key-expiry">{tr!("api-key-expiry")}</label>
                <select id="api-key-expiry" name="expires_days" data-testid="api-key-expiry">
                    <option value="">{tr!("api-key-expiry-never")}</option>
                    <option value="30">{move || message_count(i18n.lang(), "api-key-expiry-days", 30)}</option>
                    <option value="90">{move || message_count(i18n.lang(), "api-key-expiry-days", 90)}</option>
                    <option value="365">{move || message_count(i18n.lang(), "api-key-expiry-days", 365)}</option>
                </select>
                <button class="button primary" type="submit" data-testid="api-key-create"
                    disabled=move || create.pending().get() aria-busy=move || create.pending().get().to_string()>
                    {tr!("api-key-create")}
                </button>
            </ActionForm>
            {error}
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(v) => {
                            let base = v.base_url.clone();
                            view! {
                                <p class="muted small">{tr!("api-base-url")}" "<code dir="ltr" data-testid="api-base-url">{base}</code></p>
                                {if v.keys.is_empty() {
                                    view! { <p class="muted" data-testid="api-keys-empty">{tr!("api-keys-empty")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="api-key-list">
                                            {v.keys.into_iter().map(|k| view! { <KeyRow key_view=k revoke /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <p class="small"><a href="/v1/openapi.json" rel="external" target="_blank">{tr!("api-docs-link")}</a></p>
        </section>
    }
}

#[component]
fn KeyRow(key_view: ApiKeyView, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let k = key_view;
    let (id, requests, tokens, created) = (k.id, k.requests, k.tokens_charged, k.created_at);
    let last_used = k.last_used_at;
    let expires = k.expires_at;
    view! {
        <li class="api-key-row" data-testid="api-key-row" data-key-id=id>
            <div class="api-key-main">
                <strong><bdi>{k.name.clone()}</bdi></strong>
                <code dir="ltr" class="muted small">{format!("{}…", k.prefix)}</code>
                <span class="muted small">
                    {move || format!("{} {}", i18n.t("api-key-created"), format_date(created, i18n.lang()))}
                    {move || last_used.map(|t| format!(" · {} {}", i18n.t("api-key-last-used"), format_date(t, i18n.lang())))}
                    {move || expires.map(|t| format!(" · {} {}", i18n.t("api-key-expires"), format_date(t, i18n.lang())))}
                </span>
                <span class="small" data-testid="api-key-usage">
                    {move || format!(
                        "{} · {}",
                        message_count(i18n.lang(), "api-key-requests", requests),
                        message_count(i18n.lang(), "quota-tokens", tokens)
                    )}
                </span>
            </div>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button class="button small" type="button" data-testid="api-key-revoke" on:click=move |_| asking.set(true)>
                        {tr!("api-key-revoke")}
                    </button>
                }
            >
                <ActionForm action=revoke attr:class="api-key-confirm">
                    <input type="hidden" name="id" value=id />
                    <span class="small">{tr!("api-key-revoke-ask")}</span>
                    <button class="button small danger" type="submit" data-testid="api-key-revoke-confirm"
                        disabled=move || revoke.pending().get() aria-busy=move || revoke.pending().get().to_string()>
                        {tr!("api-key-revoke-yes")}
                    </button>
                    <button class="button small" type="button" on:click=move |_| asking.set(false)>{tr!("api-key-keep")}</button>
                </ActionForm>
            </Show>
        </li>
    }
    .into_any()
}
