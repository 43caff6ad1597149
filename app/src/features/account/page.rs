use super::api::{get_account, DeleteAccount, UpdateProfile};
use crate::features::auth::api::{SignOut, SignOutEverywhere};
use crate::i18n::{message_count, switch_href, use_i18n, wire::Unavailable, Lang};
use crate::tr;
use crate::ui::empty_state::PageHeader;
use leptos::prelude::*;

/// `/app/account`: who you are, your language, your sessions, your data.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let account = Resource::new(move || update.version().get(), |_| get_account());
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_all = ServerAction::<SignOutEverywhere>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let chosen_lang = RwSignal::new(None::<Lang>);
    let switch_failed = RwSignal::new(false);
    // Any switch that lands (here or by the language toggle) ends the error.
    Effect::new(move |_| {
        i18n.lang();
        switch_failed.set(false);
    });
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(lang)) = (update.value().get(), chosen_lang.get_untracked()) {
            // The language is saved; the page follows once its messages are here. Offline it
            // says so (the next page load is in the saved language); after a deploy it loads.
            leptos::task::spawn_local(async move {
                let result = i18n.switch(lang).await;
                switch_failed.set(result == Err(Unavailable::Offline));
                if result == Err(Unavailable::Stale) {
                    let _ = window().location().assign(&switch_href(lang, "/app/account"));
                }
            });
        }
    });
    let error_of =
        move |key: Option<String>| key.map(|k| view! { <p class="field-error" role="alert">{move || i18n.t(&k)}</p> });

    view! {
        <div class="page page-account">
            <PageHeader slug="account" />
            <section class="card" id="plans" aria-labelledby="usage-title">
                <h2 id="usage-title">{tr!("usage-title")}</h2>
                <crate::ui::meters::UsageMeters detailed=true />
            </section>
            <crate::features::billing::page::BillingCard />
            <crate::features::files::page::FilesCard />
            <crate::features::jobs::JobsCard />
            <crate::features::notifications::NoticePrefs />
            <crate::features::public_api::ApiKeysCard />
            // A Transition: saving the profile refetches the account, and the cards stay in
            // place (with what was typed) instead of flashing back to a skeleton.
            <Transition fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(acc) => {
                            let user = acc.user.clone();
                            let sessions = acc.open_sessions;
                            view! {
                                <section class="card" aria-labelledby="profile-title">
                                    <h2 id="profile-title">{tr!("account-profile")}</h2>
                                    <p class="field-static">
                                        <span class="label">{tr!("account-email")}</span>
                                        <bdi dir="ltr" data-testid="account-email">{user.email.clone()}</bdi>
                                    </p>
                                    <ActionForm action=update attr:class="stack">
                                        <label for="display-name">{tr!("account-display-name")}</label>
                                        <input id="display-name" name="display_name" type="text" maxlength="80" dir="auto"
                                            data-testid="account-name" autocomplete="name"
                                            value=user.display_name.clone().unwrap_or_default() />
                                        <label for="locale">{tr!("account-language")}</label>
                                        <select id="locale" name="locale" data-testid="account-locale"
                                            on:change=move |ev| chosen_lang.set(Lang::from_tag(&event_target_value(&ev)))>
                                            <option value="ar" selected=user.locale == Lang::Ar>{tr!("lang-name-ar")}</option>
                                            <option value="en" selected=user.locale == Lang::En>{tr!("lang-name-en")}</option>
                                        </select>
                                        {move || error_of(update.value().get().and_then(|r| r.err()).map(|e| e.message_key().to_string()))}
                                        {move || switch_failed.get().then(|| view! {
                                            <p class="field-error" role="alert" data-testid="account-lang-error">{tr!("lang-switch-failed")}</p>
                                        })}
                                        {move || matches!(update.value().get(), Some(Ok(()))).then(|| view! {
                                            <p class="notice ok" role="status" data-testid="account-saved">{tr!("account-saved")}</p>
                                        })}
                                        <button class="button primary" type="submit" data-testid="account-save" disabled=move || update.pending().get() aria-busy=move || update.pending().get().to_string()>{tr!("account-save")}</button>
                                    </ActionForm>
                                </section>

                                <section class="card" aria-labelledby="sessions-title">
                                    <h2 id="sessions-title">{tr!("account-sessions-title")}</h2>
                                    <p class="muted">{move || message_count(i18n.lang(), "account-sessions", sessions)}</p>
                                    <div class="row">
                                        <ActionForm action=sign_out>
                                            <button class="button" type="submit" data-testid="sign-out" disabled=move || sign_out.pending().get() aria-busy=move || sign_out.pending().get().to_string()>{tr!("account-sign-out")}</button>
                                        </ActionForm>
                                        <ActionForm action=sign_out_all>
                                            <button class="button" type="submit" data-testid="sign-out-everywhere" disabled=move || sign_out_all.pending().get() aria-busy=move || sign_out_all.pending().get().to_string()>{tr!("account-sign-out-everywhere")}</button>
                                        </ActionForm>
                                    </div>
                                </section>

                                <section class="card" aria-labelledby="data-title">
                                    <h2 id="data-title">{tr!("account-data-title")}</h2>
                                    <p class="muted">{tr!("account-download-desc")}</p>
                                    <a class="button" href="/account/export" download="pulse-data.json" data-testid="download-data" rel="external">
                                        {tr!("account-download")}
                                    </a>
                                </section>

                                <section class="card danger" aria-labelledby="delete-title">
                                    <h2 id="delete-title">{tr!("account-delete-title")}</h2>
                                    <p class="muted">{tr!("account-delete-desc")}</p>
                                    <ActionForm action=delete attr:class="stack">
                                        <label for="delete-confirm">{tr!("account-delete-confirm-label")}</label>
                                        <input id="delete-confirm" name="confirm" type="email" dir="ltr" required
                                            autocomplete="off" data-testid="delete-confirm" />
                                        {move || error_of(delete.value().get().and_then(|r| r.err()).map(|e| e.message_key().to_string()))}
                                        <button class="button danger" type="submit" data-testid="delete-account" disabled=move || delete.pending().get() aria-busy=move || delete.pending().get().to_string()>{tr!("account-delete-button")}</button>
                                    </ActionForm>
                                </section>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}
