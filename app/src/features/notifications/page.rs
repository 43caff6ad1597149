//! The bell, the list of notifications and the email preference.

#[cfg(feature = "hydrate")]
use super::api::read_notices;
use super::api::{list_notices, notice_prefs, SetNoticePrefs};
use super::{NoticeEvent, NoticeView};
use crate::i18n::{format_date, format_number, message_count, use_i18n};
use crate::tr;
use leptos::prelude::*;

/// The unread count and the notifications that arrived while the page is open, as the
/// event stream told them (one per page, next to the jobs' store).
#[derive(Clone, Copy)]
pub struct NoticesLive {
    /// None until the stream (or the list) said.
    pub unread: RwSignal<Option<i64>>,
    /// New ones, newest first.
    pub fresh: RwSignal<Vec<NoticeView>>,
}

impl NoticesLive {
    pub fn provide() -> NoticesLive {
        let live = NoticesLive { unread: RwSignal::new(None), fresh: RwSignal::new(Vec::new()) };
        provide_context(live);
        live
    }

    pub fn get() -> Option<NoticesLive> {
        use_context::<NoticesLive>()
    }

    /// How many payment notifications (paid or declined) arrived while the page is open:
    /// what shows money and quotas reads it to fetch again when a payment settles.
    pub fn payments_seen() -> usize {
        NoticesLive::get().map(|l| l.fresh.with(|f| f.iter().filter(|n| n.kind.is_payment()).count())).unwrap_or(0)
    }

    /// The newest payment notification that arrived while the page is open.
    pub fn last_payment() -> Option<super::NoticeKind> {
        NoticesLive::get().and_then(|l| l.fresh.with(|f| f.iter().find(|n| n.kind.is_payment()).map(|n| n.kind)))
    }

    /// What the stream said.
    pub fn apply(&self, event: NoticeEvent) {
        self.unread.set(Some(event.unread));
        if let Some(item) = event.item {
            self.fresh.update(|list| {
                if !list.iter().any(|n| n.id == item.id) {
                    list.insert(0, item);
                }
            });
        }
    }
}

/// Listens for the stream's `notices` events (the jobs' store opens the stream).
#[cfg(feature = "hydrate")]
pub fn listen(source: &web_sys::EventSource) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(live) = NoticesLive::get() else { return };
    let on_notice = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        if let Some(event) = ev.data().as_string().and_then(|t| serde_json::from_str::<NoticeEvent>(&t).ok()) {
            live.apply(event);
        }
    });
    let _ = source.add_event_listener_with_callback("notices", on_notice.as_ref().unchecked_ref());
    on_notice.forget();
}

/// The bell: a link to the list with the unread count, named for screen readers.
#[component]
pub fn NoticeBell() -> impl IntoView {
    let i18n = use_i18n();
    let live = NoticesLive::get();
    let unread = move || live.and_then(|l| l.unread.get()).unwrap_or(0);
    let label = move || message_count(i18n.lang(), "notif-bell-label", unread());
    view! {
        <a class="notif-bell" href="/app/notifications" data-testid="notif-bell" aria-label=label
            data-unread=move || unread().to_string()>
            <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none"
                stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 20a2 2 0 0 0 4 0" />
            </svg>
            <span class="notif-count" data-testid="notif-count" hidden=move || unread() == 0 aria-hidden="true">
                {move || format_number(unread(), i18n.lang())}
            </span>
        </a>
    }
}

/// `/app/notifications`: newest first, older pages on demand; opening it marks what it
/// shows read (the unread ones keep their mark until the page is left).
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = NoticesLive::get();
    let older: RwSignal<Vec<NoticeView>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<i64>> = RwSignal::new(None);
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<String>);
    let first = Resource::new(|| (), |_| list_notices(None));
    // What arrived live while the page is open, above what was loaded.
    let shown = move |loaded: &[NoticeView]| {
        let mut all: Vec<NoticeView> = live.map(|l| l.fresh.get()).unwrap_or_default();
        all.retain(|n| !loaded.iter().any(|m| m.id == n.id));
        all.extend(loaded.iter().cloned());
        all.extend(older.get());
        all
    };
    let load_more = move |_| {
        let Some(before) = next.get_untracked() else { return };
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            match list_notices(Some(before)).await {
                Ok(page) => {
                    let _ = older.try_update(|l| l.extend(page.items));
                    let _ = next.try_set(page.next);
                    let _ = more_error.try_set(None);
                }
                Err(e) => {
                    let _ = more_error.try_set(Some(e.message_key().to_string()));
                }
            }
            let _ = loading_more.try_set(false);
        });
    };
    view! {
        <crate::ui::page_title::PageTitle key="notif-title" />
        <header class="page-header"><h1>{tr!("notif-title")}</h1></header>
        <Suspense fallback=|| view! { <div class="meters skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                    Ok(page) => {
                        next.set(page.next);
                        let loaded = page.items;
                        // Mark read what this page shows (the newest id covers the rest).
                        #[cfg(feature = "hydrate")]
                        if let Some(top) = loaded.first().map(|n| n.id).filter(|_| page.unread > 0) {
                            leptos::task::spawn_local(async move {
                                if let Ok(left) = read_notices(top).await {
                                    if let Some(l) = live {
                                        let _ = l.unread.try_set(Some(left));
                                    }
                                }
                            });
                        }
                        let list = Memo::new(move |_| shown(&loaded));
                        view! {
                            <Show when=move || list.with(Vec::is_empty)>
                                <p class="muted" data-testid="notif-empty">{tr!("notif-empty")}</p>
                            </Show>
                            <ul class="notif-list" data-testid="notif-list">
                                <For each=move || list.get() key=|n| n.id let:n>
                                    <NoticeItem notice=n />
                                </For>
                            </ul>
                            <Show when=move || next.get().is_some()>
                                <button class="button" type="button" on:click=load_more data-testid="notif-more"
                                    disabled=move || loading_more.get() aria-busy=move || loading_more.get().to_string()>
                                    {tr!("notif-more")}
                                </button>
                            </Show>
                            {move || more_error.get().map(|k| view! { <p class="notice error" role="alert">{move || i18n.t(&k)}</p> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn NoticeItem(notice: NoticeView) -> impl IntoView {
    let i18n = use_i18n();
    let unread = !notice.read;
    let href = notice.kind.href();
    let kind = notice.kind.as_str();
    let at = notice.created_at;
    let n = notice.clone();
    let title = move || n.title(i18n.lang());
    let body = move || notice.body(i18n.lang());
    view! {
        <li class="notif-item" class:unread=unread data-testid="notif-item" data-kind=kind>
            <a href=href>
                <span class="notif-dot" aria-hidden="true"></span>
                <span class="notif-text">
                    <strong>{title}</strong>
                    <span>{body}</span>
                    <time class="muted small">{move || format_date(at, i18n.lang())}</time>
                </span>
                {unread.then(|| view! { <span class="visually-hidden">{tr!("notif-unread")}</span> })}
            </a>
        </li>
    }
}

/// The account page's notification settings: emails about money and plans on or off
/// (the in-app list always has everything).
#[component]
pub fn NoticePrefs() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetNoticePrefs>::new();
    let loaded = Resource::new(|| (), |_| notice_prefs());
    view! {
        <section class="card" id="notifications" aria-labelledby="notif-prefs-title" data-testid="notif-prefs">
            <h2 id="notif-prefs-title">{tr!("notif-prefs-title")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let on = loaded.await.unwrap_or(true);
                    view! {
                        <ActionForm action=save>
                            <label class="check">
                                <input type="checkbox" name="email" value="on" checked=on data-testid="notif-email-pref" />
                                <span>{tr!("notif-prefs-email")}</span>
                            </label>
                            <p class="muted small">{tr!("notif-prefs-note")}</p>
                            <button class="button" type="submit" data-testid="notif-prefs-save"
                                disabled=move || save.pending().get() aria-busy=move || save.pending().get().to_string()>
                                {move || if save.pending().get() { i18n.t("save-saving") } else { i18n.t("notif-prefs-save") }}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            {move || save.value().get().map(|r| match r {
                Ok(_) => view! { <p class="notice" role="status" data-testid="notif-prefs-saved">{tr!("notif-prefs-saved")}</p> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
            })}
        </section>
    }
}
