//! The admin console: a layout that checks the role (403 page otherwise) with a nav that
//! scrolls sideways on phones, and one page per area. Lists are keyset-paged ("show
//! more"); every button that waits shows it and cannot be pressed twice.

use super::api::*;
use super::model::*;
use crate::error::AppError;
use crate::i18n::{format_bytes, format_date, format_jod, format_number, use_i18n, I18n};
use crate::tr;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_params_map, use_query_map};
use std::future::Future;

/// The admin areas, in the nav's order: (path, message key).
const AREAS: [(&str, &str); 7] = [
    ("/admin", "admin-nav-dashboard"),
    ("/admin/users", "admin-nav-users"),
    ("/admin/subscriptions", "admin-nav-subscriptions"),
    ("/admin/payments", "admin-nav-payments"),
    ("/admin/jobs", "admin-nav-jobs"),
    ("/admin/moderation", "admin-nav-moderation"),
    ("/admin/audit", "admin-nav-audit"),
];

/// `/admin/*`: the 403 page for everyone but admins (checked by the server function; a
/// failure that is not a 403 says what it is).
#[component]
pub fn AdminLayout() -> impl IntoView {
    let i18n = use_i18n();
    let check = Resource::new(|| (), |_| super::admin_overview());
    view! {
        <crate::ui::page_title::PageTitle key="admin-title" />
        <Suspense fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(_) => view! {
                        <div class="admin-shell">
                            <header class="admin-top">
                                <a class="brand" href="/app" rel="external"><img src="/icons/icon.svg" alt="" width="28" height="28" /><span>{tr!("app-short-name")}</span></a>
                                <nav class="admin-nav" aria-label=tr!("admin-title")>
                                    {AREAS.into_iter().map(|(href, key)| view! {
                                        <A href=href exact=true>{tr!(key)}</A>
                                    }).collect_view()}
                                </nav>
                                <crate::ui::lang_toggle::LangToggle />
                            </header>
                            <main class="admin-main" id="main" data-testid="admin"><Outlet /></main>
                        </div>
                    }.into_any(),
                    Err(AppError::Forbidden | AppError::Unauthorized) => view! { <super::Forbidden /> }.into_any(),
                    Err(e) => view! {
                        <main class="system-page" id="main"><p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p></main>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn error_view(i18n: I18n, e: &AppError) -> AnyView {
    let key = e.message_key().to_string();
    view! { <p class="notice error" role="alert">{move || i18n.t(&key)}</p> }.into_any()
}

/// Later pages of a keyset-paged list, loaded on demand.
struct More<T: Send + Sync + 'static> {
    items: RwSignal<Vec<T>>,
    next: RwSignal<Option<i64>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for More<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for More<T> {}

impl<T: Clone + Send + Sync + 'static> More<T> {
    fn new() -> Self {
        More {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// A first page arrived: start again after it.
    fn start(&self, next: Option<i64>) {
        self.items.set(Vec::new());
        self.next.set(next);
    }

    fn button<F, Fut>(self, fetch: F) -> impl IntoView
    where
        F: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
        Fut: Future<Output = Result<Page<T>, AppError>> + 'static,
    {
        let i18n = use_i18n();
        let load = move |_| {
            let Some(after) = self.next.get_untracked() else { return };
            self.busy.set(true);
            leptos::task::spawn_local(async move {
                match fetch(after).await {
                    Ok(page) => {
                        let _ = self.items.try_update(|l| l.extend(page.items));
                        let _ = self.next.try_set(page.next);
                        let _ = self.error.try_set(None);
                    }
                    Err(e) => {
                        let _ = self.error.try_set(Some(e.message_key().to_string()));
                    }
                }
                let _ = self.busy.try_set(false);
            });
        };
        view! {
            <Show when=move || self.next.get().is_some()>
                <button class="button" type="button" on:click=load data-testid="admin-more"
                    disabled=move || self.busy.get() aria-busy=move || self.busy.get().to_string()>
                    {tr!("admin-more")}
                </button>
            </Show>
            {move || self.error.get().map(|k| view! { <p class="notice error" role="alert">{move || i18n.t(&k)}</p> })}
        }
    }
}

/// A keyset-paged list: the first page from `first`, later ones from `fetch` on "show
/// more", each item drawn by `row`.
fn paged_list<T, R, V, F, Fut>(
    first: Resource<Result<Page<T>, AppError>>,
    more: More<T>,
    row: R,
    fetch: F,
    testid: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, AppError>> + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => error_view(i18n, &e),
                    Ok(page) => {
                        more.start(page.next);
                        let empty = page.items.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="muted">{tr!("admin-none")}</p> })}
                            <ul class="admin-list" data-testid=testid>
                                {page.items.into_iter().map(row).collect_view()}
                                {move || more.items.get().into_iter().map(row).collect_view()}
                            </ul>
                            {more.button(fetch)}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn when(i18n: I18n, ms: i64) -> impl Fn() -> String + Send + Sync + 'static {
    move || format!("{} {}", format_date(ms, i18n.lang()), pulse_clock::hh_mm(ms))
}

// ---------------------------------------------------------------------------------------
// Dashboard

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from").unwrap_or_default());
    let to = move || query.with(|q| q.get("to").unwrap_or_default());
    let data =
        Resource::new(move || (from(), to(), i18n.lang().code().to_string()), |(f, t, l)| admin_dashboard(f, t, l));
    view! {
        <section data-testid="admin-dashboard">
            <h1>{tr!("admin-title")}</h1>
            <Suspense fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => error_view(i18n, &e),
                        Ok(d) => dashboard_view(i18n, d),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn stat(label: &'static str, value: impl Fn() -> String + Send + Sync + 'static, id: &'static str) -> impl IntoView {
    view! { <div data-testid=id><dt>{tr!(label)}</dt><dd>{value}</dd></div> }
}

fn dashboard_view(i18n: I18n, d: Dashboard) -> AnyView {
    let lang = move || i18n.lang();
    let (mrr, revenue, paid, refunded, cost) = (d.mrr.0, d.revenue.0, d.paid.0, d.refunded.0, d.cost.0);
    let (signups, users, sessions, failed, moderation, unreviewed) =
        (d.signups, d.users, d.open_sessions, d.failed_jobs, d.moderation_events, d.unreviewed_moderation);
    let paying_total: i64 = d.paying.iter().map(|(_, n)| n).sum();
    let revenue_days = d.revenue_by_day.clone();
    let signups_by_day = d.signups_by_day;
    view! {
        <form class="admin-range row" method="get" action="/admin">
            <label>{tr!("admin-range-from")}<input type="date" name="from" value=d.from.clone() /></label>
            <label>{tr!("admin-range-to")}<input type="date" name="to" value=d.to.clone() /></label>
            <button class="button small" type="submit">{tr!("admin-range-show")}</button>
        </form>
        <dl class="stats">
            {stat("admin-mrr", move || format_jod(mrr, lang()), "admin-stat-mrr")}
            {stat("admin-revenue", move || format_jod(revenue, lang()), "admin-stat-revenue")}
            {stat("admin-cost", move || format_jod(cost, lang()), "admin-stat-cost")}
            {stat("admin-paying", move || format_number(paying_total, lang()), "admin-stat-paying")}
            {stat("admin-signups", move || format_number(signups, lang()), "admin-stat-signups")}
            {stat("admin-users", move || format_number(users, lang()), "admin-stat-users")}
            {stat("admin-sessions", move || format_number(sessions, lang()), "admin-stat-sessions")}
            {stat("admin-failed-jobs", move || format_number(failed, lang()), "admin-stat-failed-jobs")}
            {stat("admin-moderation", move || format!("{} / {}", format_number(unreviewed, lang()), format_number(moderation, lang())), "admin-stat-moderation")}
        </dl>
        <p class="muted small">{move || i18n.t_with("admin-revenue-note", &[
            ("paid", crate::i18n::Arg::Text(format_jod(paid, lang()))),
            ("refunded", crate::i18n::Arg::Text(format_jod(refunded, lang()))),
        ])}</p>
        <section class="card">
            <h2>{tr!("admin-paying-by-plan")}</h2>
            <table class="history">
                <thead><tr><th>{tr!("admin-col-plan")}</th><th>{tr!("admin-col-users")}</th></tr></thead>
                <tbody>
                    {d.paying.is_empty().then(|| view! { <tr><td colspan="2" class="muted">{tr!("admin-none")}</td></tr> })}
                    {d.paying.into_iter().map(|(plan, n)| view! {
                        <tr><td>{move || i18n.t(&format!("plan-name-{plan}"))}</td><td>{move || format_number(n, lang())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <figure class="card chart-card" data-testid="admin-chart-revenue">
            <figcaption><h2>{tr!("admin-chart-revenue")}</h2></figcaption>
            <div class="chart-box" inner_html=d.revenue_svg></div>
            <details>
                <summary>{tr!("admin-show-numbers")}</summary>
                <table class="history">
                    <thead><tr><th>{tr!("admin-col-day")}</th><th>{tr!("admin-revenue")}</th><th>{tr!("admin-signups")}</th></tr></thead>
                    <tbody>
                        {revenue_days.into_iter().zip(signups_by_day).map(|(p, s)| view! {
                            <tr><td><bdi dir="ltr">{p.label}</bdi></td><td>{move || format_jod(p.value, lang())}</td><td>{move || format_number(s.value, lang())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <h3>{tr!("admin-by-month")}</h3>
            <table class="history">
                <thead><tr><th>{tr!("admin-col-month")}</th><th>{tr!("admin-revenue")}</th></tr></thead>
                <tbody>
                    {d.revenue_by_month.into_iter().map(|p| view! {
                        <tr><td><bdi dir="ltr">{p.label}</bdi></td><td>{move || format_jod(p.value, lang())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
        <figure class="card chart-card" data-testid="admin-chart-usage">
            <figcaption><h2>{tr!("admin-chart-usage")}</h2></figcaption>
            <div class="chart-box" inner_html=d.usage_svg></div>
            <table class="history">
                <thead><tr><th>{tr!("admin-col-model")}</th><th>{tr!("admin-col-usage")}</th><th>{tr!("admin-col-cost")}</th></tr></thead>
                <tbody>
                    {d.usage.into_iter().map(|u| {
                        let (amount, cost, kind) = (u.amount, u.cost.0, u.kind.clone());
                        view! {
                            <tr>
                                <td>{move || if lang() == crate::i18n::Lang::Ar { u.name_ar.clone() } else { u.name_en.clone() }}</td>
                                <td>{move || format!("{} {}", format_number(amount, lang()), i18n.t(&format!("meter-{kind}")))}</td>
                                <td>{move || format_jod(cost, lang())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------
// Users

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let first = Resource::new(q, |q| admin_users(q, None));
    let more = More::<UserRow>::new();
    view! {
        <h1>{tr!("admin-nav-users")}</h1>
        <form class="row admin-search" method="get" action="/admin/users" role="search">
            <input type="search" name="q" dir="ltr" value=q data-testid="admin-user-search" autocomplete="off"
                placeholder=move || i18n.t("admin-search-placeholder") aria-label=move || i18n.t("admin-search-placeholder") />
            <button class="button small" type="submit" data-testid="admin-user-search-go">{tr!("admin-search")}</button>
        </form>
        {paged_list(first, more, move |u| user_item(i18n, u), move |after| admin_users(q(), Some(after)), "admin-users")}
    }
}

fn user_item(i18n: I18n, u: UserRow) -> impl IntoView {
    let href = format!("/admin/users/{}", u.id);
    let created = u.created_at.0;
    view! {
        <li class="admin-item" data-testid="admin-user-row" data-email=u.email.clone() data-suspended=u.suspended.to_string()>
            <a href=href>
                <strong><bdi dir="ltr">{u.email.clone()}</bdi></strong>
                <span class="muted small">
                    {u.plan.clone().map(|p| view! { <span>{move || i18n.t(&format!("plan-name-{p}"))}</span>" · " })}
                    {(u.role == "admin").then(|| view! { <span class="tag">{tr!("admin-role-admin")}</span>" · " })}
                    {u.suspended.then(|| view! { <span class="tag danger">{tr!("admin-suspended")}</span>" · " })}
                    {move || format_date(created, i18n.lang())}
                </span>
            </a>
        </li>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let suspend = ServerAction::<AdminSuspend>::new();
    let unsuspend = ServerAction::<AdminUnsuspend>::new();
    let role = ServerAction::<AdminSetRole>::new();
    let plan = ServerAction::<crate::features::usage::api::AdminGrantPlan>::new();
    let delete = ServerAction::<AdminDeleteUser>::new();
    let addon = ServerAction::<crate::features::billing::api::AdminGrantAddon>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                suspend.version().get(),
                unsuspend.version().get(),
                role.version().get(),
                plan.version().get(),
                addon.version().get(),
            )
        },
        |(id, ..)| admin_user(id),
    );
    let asking_delete = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/admin/users");
            }
        }
    });
    let errors = move || {
        [
            suspend.value().get().and_then(|r| r.err()),
            unsuspend.value().get().and_then(|r| r.err()),
            role.value().get().and_then(|r| r.err()),
            plan.value().get().and_then(|r| r.err()),
            delete.value().get().and_then(|r| r.err()),
            addon.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| view! { <p class="notice error" role="alert" data-testid="admin-action-error">{move || i18n.t(e.message_key())}</p> })
    };
    view! {
        <p><a href="/admin/users">{tr!("admin-back-users")}</a></p>
        {errors}
        <Transition fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => error_view(i18n, &e),
                    Ok(d) => {
                        let uid = d.user.id;
                        let email = d.user.email.clone();
                        let (email_plan, email_addon) = (email.clone(), email.clone());
                        let created = d.user.created_at.0;
                        let suspended = d.user.suspended;
                        let is_self = d.is_self;
                        let is_admin = d.user.role == "admin";
                        let (sessions, files, bytes, jobs) = (d.open_sessions, d.files, d.file_bytes, d.jobs);
                        let usage = d.usage.clone();
                        view! {
                            <section class="card" data-testid="admin-user" data-suspended=suspended.to_string()>
                                <h1><bdi dir="ltr">{email.clone()}</bdi></h1>
                                <p class="muted">
                                    {d.user.display_name.clone()}
                                    {move || i18n.t_with("admin-joined", &[("date", crate::i18n::Arg::Text(format_date(created, i18n.lang())))])}
                                </p>
                                <dl class="stats">
                                    <div><dt>{tr!("admin-col-plan")}</dt><dd>{move || usage.plan_code.clone().map(|p| i18n.t(&format!("plan-name-{p}"))).unwrap_or_else(|| i18n.t("admin-no-plan"))}</dd></div>
                                    <div><dt>{tr!("admin-sessions")}</dt><dd data-testid="admin-user-sessions">{move || format_number(sessions, i18n.lang())}</dd></div>
                                    <div><dt>{tr!("admin-files")}</dt><dd>{move || format!("{} · {}", format_number(files, i18n.lang()), format_bytes(bytes, i18n.lang()))}</dd></div>
                                    <div><dt>{tr!("admin-nav-jobs")}</dt><dd>{move || format_number(jobs, i18n.lang())}</dd></div>
                                </dl>
                                {d.usage.period_end.map(|end| view! {
                                    <p class="muted small">{move || i18n.t_with("meter-resets", &[("date", crate::i18n::Arg::Text(format_date(end, i18n.lang())))])}</p>
                                })}
                                <ul class="admin-meters">
                                    {d.usage.meters.iter().map(|m| {
                                        let (kind, used, limit) = (m.kind.as_str().to_string(), m.used, m.limit);
                                        view! { <li>{move || format!("{}: {} / {}", i18n.t(&format!("meter-{kind}")), format_number(used, i18n.lang()), format_number(limit, i18n.lang()))}</li> }
                                    }).collect_view()}
                                </ul>
                                <div class="row admin-actions">
                                    {(!is_self).then(|| if suspended {
                                        view! {
                                            <ActionForm action=unsuspend>
                                                <input type="hidden" name="id" value=uid />
                                                <button class="button" type="submit" data-testid="admin-unsuspend"
                                                    disabled=move || unsuspend.pending().get() aria-busy=move || unsuspend.pending().get().to_string()>
                                                    {tr!("admin-unsuspend")}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=suspend>
                                                <input type="hidden" name="id" value=uid />
                                                <button class="button danger" type="submit" data-testid="admin-suspend"
                                                    disabled=move || suspend.pending().get() aria-busy=move || suspend.pending().get().to_string()>
                                                    {tr!("admin-suspend")}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    })}
                                    {(!is_self).then(|| view! {
                                        <ActionForm action=role>
                                            <input type="hidden" name="id" value=uid />
                                            <input type="hidden" name="role" value=if is_admin { "user" } else { "admin" } />
                                            <button class="button" type="submit" data-testid="admin-role"
                                                disabled=move || role.pending().get() aria-busy=move || role.pending().get().to_string()>
                                                {if is_admin { tr!("admin-make-user") } else { tr!("admin-make-admin") }}
                                            </button>
                                        </ActionForm>
                                    })}
                                </div>
                                <h2>{tr!("admin-grant-plan")}</h2>
                                <ActionForm action=plan attr:class="row">
                                    <input type="hidden" name="email" value=email_plan />
                                    <select name="plan" aria-label=move || i18n.t("admin-grant-plan")>
                                        {["starter", "pro", "creator"].into_iter().map(|p| view! { <option value=p>{move || i18n.t(&format!("plan-name-{p}"))}</option> }).collect_view()}
                                    </select>
                                    <button class="button small primary" type="submit" data-testid="admin-grant-plan"
                                        disabled=move || plan.pending().get() aria-busy=move || plan.pending().get().to_string()>{tr!("admin-grant")}</button>
                                </ActionForm>
                                <h2>{tr!("admin-grant-addon")}</h2>
                                <ActionForm action=addon attr:class="row">
                                    <input type="hidden" name="email" value=email_addon />
                                    <select name="addon" aria-label=move || i18n.t("admin-grant-addon")>
                                        {crate::features::billing::model::Addon::ALL.into_iter().map(|a| view! { <option value=a.code()>{move || i18n.t(&format!("billing-addon-{}", a.code()))}</option> }).collect_view()}
                                    </select>
                                    <button class="button small primary" type="submit" data-testid="admin-grant-addon"
                                        disabled=move || addon.pending().get() aria-busy=move || addon.pending().get().to_string()>{tr!("admin-grant")}</button>
                                </ActionForm>
                                <h2>{tr!("admin-payments")}</h2>
                                <table class="history">
                                    <thead><tr><th>{tr!("usage-col-date")}</th><th>{tr!("billing-col-item")}</th><th>{tr!("billing-col-amount")}</th><th>{tr!("billing-col-status")}</th></tr></thead>
                                    <tbody>
                                        {d.payments.into_iter().map(|p| {
                                            let (at, amount, status) = (p.created_at.0, p.amount.0, p.status.clone());
                                            view! { <tr><td>{move || format_date(at, i18n.lang())}</td><td>{p.item.clone()}</td><td>{move || format_jod(amount, i18n.lang())}</td><td>{move || i18n.t(&format!("billing-state-{status}"))}</td></tr> }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                {(!is_self).then(|| view! {
                                    <div class="danger-zone">
                                        <Show when=move || asking_delete.get() fallback=move || view! {
                                            <button class="button danger" type="button" data-testid="admin-delete"
                                                on:click=move |_| asking_delete.set(true)>{tr!("admin-delete")}</button>
                                        }>
                                            <p role="alert">{tr!("admin-delete-confirm")}</p>
                                            <ActionForm action=delete attr:class="row">
                                                <input type="hidden" name="id" value=uid />
                                                <button class="button danger" type="submit" data-testid="admin-delete-confirm"
                                                    disabled=move || delete.pending().get() aria-busy=move || delete.pending().get().to_string()>
                                                    {tr!("admin-delete-yes")}
                                                </button>
                                                <button class="button" type="button" on:click=move |_| asking_delete.set(false)>{tr!("admin-delete-no")}</button>
                                            </ActionForm>
                                        </Show>
                                    </div>
                                })}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------------------------------
// Subscriptions, payments, jobs, moderation, audit

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(true);
    let first = Resource::new(move || current.get(), |c| admin_subscriptions(c, None));
    let more = More::<SubscriptionRow>::new();
    let row = move |s: SubscriptionRow| {
        let (start, end, plan, status) = (s.period_start.0, s.period_end.0, s.plan.clone(), s.status.clone());
        view! {
            <tr data-testid="admin-subscription-row">
                <td><a href=format!("/admin/users/{}", s.user_id)><bdi dir="ltr">{s.email.clone()}</bdi></a></td>
                <td>{move || i18n.t(&format!("plan-name-{plan}"))}</td>
                <td>{move || i18n.t(&format!("admin-sub-{status}"))}" · "{s.source.clone()}</td>
                <td>{move || format!("{} – {}", format_date(start, i18n.lang()), format_date(end, i18n.lang()))}</td>
            </tr>
        }
    };
    view! {
        <h1>{tr!("admin-nav-subscriptions")}</h1>
        <label class="row"><input type="checkbox" prop:checked=move || current.get()
            on:change=move |ev| current.set(event_target_checked(&ev)) />{tr!("admin-only-current")}</label>
        <Suspense fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => error_view(i18n, &e),
                    Ok(page) => {
                        more.start(page.next);
                        view! {
                            <div class="table-scroll"><table class="history">
                                <thead><tr><th>{tr!("admin-user")}</th><th>{tr!("admin-col-plan")}</th><th>{tr!("billing-col-status")}</th><th>{tr!("admin-col-period")}</th></tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(row).collect_view()}
                                    {move || more.items.get().into_iter().map(row).collect_view()}
                                </tbody>
                            </table></div>
                            {more.button(move |after| admin_subscriptions(current.get_untracked(), Some(after)))}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PaymentsPage() -> impl IntoView {
    view! {
        <h1>{tr!("admin-nav-payments")}</h1>
        <crate::features::billing::page::AdminPayments />
    }
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let which = RwSignal::new("failed".to_string());
    let retry = ServerAction::<AdminJobRetry>::new();
    let cancel = ServerAction::<AdminJobCancel>::new();
    let first = Resource::new(
        move || (which.get(), retry.version().get(), cancel.version().get()),
        |(w, ..)| admin_jobs(w, None),
    );
    let more = More::<AdminJob>::new();
    let row = move |j: AdminJob| {
        let (id, at, status, kind) = (j.id, j.updated_at.0, j.status, j.kind.clone());
        view! {
            <li class="admin-item" data-testid="admin-job-row" data-job-id=id data-status=status.as_str()>
                <div>
                    <strong>{move || i18n.t(&format!("job-kind-{}", kind.replace('.', "-")))}</strong>
                    " #"{id}" · "<span>{move || i18n.t(&format!("job-status-{}", status.as_str()))}</span>
                    <span class="muted small">" · "<a href=format!("/admin/users/{}", j.user_id)><bdi dir="ltr">{j.email.clone()}</bdi></a>" · "{when(i18n, at)}</span>
                </div>
                {j.error.clone().map(|k| {
                    let raw = k.clone();
                    view! { <p class="field-error small">{move || i18n.t(&k)}<span class="muted">" ("<bdi dir="ltr">{raw}</bdi>")"</span></p> }
                })}
                <div class="row">
                    {status.can_retry().then(|| view! {
                        <ActionForm action=retry>
                            <input type="hidden" name="id" value=id />
                            <button class="button small" type="submit" data-testid="admin-job-retry"
                                disabled=move || retry.pending().get() aria-busy=move || retry.pending().get().to_string()>{tr!("job-retry")}</button>
                        </ActionForm>
                    })}
                    {status.is_active().then(|| view! {
                        <ActionForm action=cancel>
                            <input type="hidden" name="id" value=id />
                            <button class="button small danger" type="submit" data-testid="admin-job-cancel"
                                disabled=move || cancel.pending().get() aria-busy=move || cancel.pending().get().to_string()>{tr!("job-cancel")}</button>
                        </ActionForm>
                    })}
                </div>
            </li>
        }
    };
    let errors = move || {
        [retry.value().get().and_then(|r| r.err()), cancel.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .next()
            .map(|e| view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> })
    };
    view! {
        <section data-testid="admin-jobs">
            <h1>{tr!("admin-nav-jobs")}</h1>
            <div class="row" role="radiogroup" aria-label=move || i18n.t("admin-nav-jobs")>
                <label><input type="radio" name="which" prop:checked=move || which.get() == "failed" on:change=move |_| which.set("failed".into()) />{tr!("admin-jobs-failed")}</label>
                <label><input type="radio" name="which" prop:checked=move || which.get() == "active" on:change=move |_| which.set("active".into()) />{tr!("admin-jobs-active")}</label>
            </div>
            {errors}
            {paged_list(first, more, row, move |after| admin_jobs(which.get_untracked(), Some(after)), "admin-job-list")}
        </section>
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let unreviewed = RwSignal::new(true);
    let review = ServerAction::<AdminReviewModeration>::new();
    let first = Resource::new(move || (unreviewed.get(), review.version().get()), |(u, _)| admin_moderation(u, None));
    let more = More::<ModerationRow>::new();
    let row = move |m: ModerationRow| {
        let (id, at, reviewed) = (m.id, m.created_at.0, m.reviewed_at.is_some());
        view! {
            <li class="admin-item" data-testid="admin-moderation-row">
                <div>
                    <strong>{m.kind.clone()}</strong>" · "{m.source.clone()}" · "<bdi dir="ltr">{m.categories.clone()}</bdi>
                    <span class="muted small">" · "{m.email.clone().map(|e| view! { <bdi dir="ltr">{e}</bdi> })}" · "{when(i18n, at)}</span>
                </div>
                {m.excerpt.clone().map(|e| view! { <blockquote dir="auto">{e}</blockquote> })}
                {if reviewed {
                    view! { <span class="tag">{tr!("admin-reviewed")}</span> }.into_any()
                } else {
                    view! {
                        <ActionForm action=review>
                            <input type="hidden" name="id" value=id />
                            <button class="button small" type="submit" data-testid="admin-moderation-review"
                                disabled=move || review.pending().get() aria-busy=move || review.pending().get().to_string()>{tr!("admin-mark-reviewed")}</button>
                        </ActionForm>
                    }.into_any()
                }}
            </li>
        }
    };
    view! {
        <h1>{tr!("admin-nav-moderation")}</h1>
        <label class="row"><input type="checkbox" prop:checked=move || unreviewed.get()
            on:change=move |ev| unreviewed.set(event_target_checked(&ev)) />{tr!("admin-only-unreviewed")}</label>
        {paged_list(first, more, row, move |after| admin_moderation(unreviewed.get_untracked(), Some(after)), "admin-moderation")}
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let read = |q: &leptos_router::params::ParamsMap| AuditFilter {
        actor: q.get("actor").unwrap_or_default(),
        action: q.get("action").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
    };
    let filter = move || query.with(read);
    let first = Resource::new(filter, |f| admin_audit(f, None));
    let filter_now = move || query.with_untracked(read);
    let more = More::<AuditRow>::new();
    let csv_href = move || {
        let f = filter();
        let enc = crate::web::encode_component;
        format!(
            "/admin/audit.csv?actor={}&action={}&from={}&to={}",
            enc(&f.actor),
            enc(&f.action),
            enc(&f.from),
            enc(&f.to)
        )
    };
    let row = move |a: AuditRow| {
        let at = a.created_at.0;
        view! {
            <li class="admin-item" data-testid="admin-audit-row">
                <div>
                    <strong><bdi dir="ltr">{a.action.clone()}</bdi></strong>
                    {a.target.clone().map(|t| view! { " · "<bdi dir="ltr">{t}</bdi> })}
                </div>
                <span class="muted small">
                    <bdi dir="ltr">{a.actor.clone().unwrap_or_else(|| "—".into())}</bdi>" · "{when(i18n, at)}
                    {a.ip.clone().map(|ip| view! { " · "<bdi dir="ltr">{ip}</bdi> })}
                </span>
                {(a.data != "{}").then(|| view! { <code class="small" dir="ltr">{a.data.clone()}</code> })}
            </li>
        }
    };
    view! {
        <section data-testid="admin-audit">
            <h1>{tr!("admin-nav-audit")}</h1>
            <form class="admin-filters" method="get" action="/admin/audit">
                <label>{tr!("admin-audit-actor")}<input type="email" name="actor" dir="ltr" value=move || filter().actor /></label>
                <label>{tr!("admin-audit-action")}<input type="text" name="action" dir="ltr" value=move || filter().action placeholder="admin." /></label>
                <label>{tr!("admin-range-from")}<input type="date" name="from" value=move || filter().from /></label>
                <label>{tr!("admin-range-to")}<input type="date" name="to" value=move || filter().to /></label>
                <button class="button small" type="submit">{tr!("admin-range-show")}</button>
                <a class="button small" href=csv_href rel="external" download="" data-testid="admin-audit-csv">{tr!("admin-audit-csv")}</a>
            </form>
            {paged_list(first, more, row, move |after| admin_audit(filter_now(), Some(after)), "admin-audit-list")}
        </section>
    }
}
