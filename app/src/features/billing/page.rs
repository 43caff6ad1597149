use super::api::{load_billing, sandbox_order, Buy, CancelPlan, SandboxDecide};
use super::model::{Addon, PaymentState};
use crate::i18n::{format_date, format_jod, message_count, use_i18n, Arg, Lang};
use crate::tr;
use crate::ui::empty_state::PageHeader;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The account page's billing card: the plan and its renewal, buying a plan or an
/// add-on, cancelling, and the payments with their invoices.
#[component]
pub fn BillingCard() -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<CancelPlan>::new();
    let buy = ServerAction::<Buy>::new();
    Effect::new(move |_| {
        if let Some(Ok(target)) = buy.value().get() {
            crate::ui::load_page(&target);
        }
    });
    // A payment confirmed while the page is open (the event stream's notification) loads
    // the card again: "this page updates when it is done" is kept.
    use crate::features::notifications::{NoticeKind, NoticesLive};
    let view_data = Resource::new(move || (cancel.version().get(), NoticesLive::payments_seen()), |_| load_billing());
    let query = use_query_map();
    let flash = move || {
        query.read().get("payment").map(|p| {
            let settled = match NoticesLive::last_payment() {
                Some(NoticeKind::PaymentPaid) => "paid",
                Some(NoticeKind::PaymentFailed) => "failed",
                _ => p.as_str(),
            };
            let (class, key) = match settled {
                "paid" => ("notice ok", "billing-paid"),
                "failed" => ("notice error", "billing-failed"),
                _ => ("notice", "billing-pending"),
            };
            view! { <p class=class role="status" data-testid="payment-result">{move || i18n.t(key)}</p> }
        })
    };
    view! {
        <section class="card" id="billing" aria-labelledby="billing-title">
            <h2 id="billing-title">{tr!("billing-title")}</h2>
            {flash}
            {move || buy.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p>
            })}
            <Suspense fallback=|| view! { <div class="meters skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(b) => {
                            let plan = b.plan.clone().unwrap_or_default();
                            let plan_attr = plan.clone();
                            let status = b.status.clone().unwrap_or_default();
                            let renews = b.renews_at;
                            let cancelled = status == "cancel_at_period_end";
                            let can_cancel = status == "active";
                            let has_period = b.plan.is_some();
                            let on_trial = b.on_trial;
                            let current = view! {
                                <div class="current-plan" data-testid="current-plan" data-plan=plan_attr data-status=status.clone()>
                                    <p>
                                        <strong>{move || if plan.is_empty() { i18n.t("usage-no-plan-short") } else { i18n.t(&format!("plan-name-{plan}")) }}</strong>
                                        {b.on_trial.then(|| view! { " · " {tr!("usage-status-trial")} })}
                                    </p>
                                    {renews.map(|r| view! {
                                        <p class="muted" data-testid="renews-at" data-ms=r.0>
                                            {move || i18n.t_with(if on_trial { "billing-trial-ends" } else if cancelled { "billing-ends-on" } else { "billing-paid-until" },
                                                &[("date", Arg::Text(format_date(r.0, i18n.lang())))])}
                                        </p>
                                    })}
                                    {can_cancel.then(|| view! {
                                        <ActionForm action=cancel>
                                            <button class="button small" type="submit" data-testid="cancel-plan" disabled=move || cancel.pending().get() aria-busy=move || cancel.pending().get().to_string()>{tr!("billing-cancel")}</button>
                                        </ActionForm>
                                    })}
                                    {move || cancel.value().get().and_then(|r| r.err()).map(|e| view! {
                                        <p class="field-error" role="alert">{move || i18n.t(e.message_key())}</p>
                                    })}
                                </div>
                            }.into_any();
                            let offers = b.offers.iter().map(|o| {
                                let code = o.code.clone();
                                let item = format!("plan:{code}");
                                let (card_id, buy_id) = (format!("plan-card-{code}"), format!("buy-{code}"));
                                let (name_ar, name_en) = (o.name_ar.clone(), o.name_en.clone());
                                let (price, tokens, images, videos) = (o.price.0, o.tokens, o.images, o.videos);
                                let label = if b.plan.as_deref() == Some(code.as_str()) && !b.on_trial { "billing-renew" } else { "billing-choose" };
                                view! {
                                    <article class="offer" data-testid=card_id>
                                        <h3>{move || if i18n.lang() == Lang::Ar { name_ar.clone() } else { name_en.clone() }}</h3>
                                        <p class="offer-price">{move || format_jod(price, i18n.lang())}" "<span class="muted small">{tr!("price-per-month")}</span></p>
                                        <p class="muted small">
                                            {move || message_count(i18n.lang(), "quota-tokens", tokens)}" · "
                                            {move || message_count(i18n.lang(), "quota-images", images)}" · "
                                            {move || message_count(i18n.lang(), "quota-videos", videos)}
                                        </p>
                                        <ActionForm action=buy>
                                            <input type="hidden" name="item" value=item />
                                            <button class="button primary small" type="submit" data-testid=buy_id disabled=move || buy.pending().get() aria-busy=move || buy.pending().get().to_string()>{move || i18n.t(label)}</button>
                                        </ActionForm>
                                    </article>
                                }
                            }).collect_view();
                            let addons = Addon::ALL.into_iter().map(|a| {
                                let code = a.code();
                                view! {
                                    <ActionForm action=buy>
                                        <input type="hidden" name="item" value=format!("addon:{code}") />
                                        <button class="button small" type="submit" data-testid=format!("buy-addon-{code}") disabled=move || !has_period || buy.pending().get() aria-busy=move || buy.pending().get().to_string()>
                                            {move || i18n.t(&format!("billing-addon-{code}"))}
                                        </button>
                                    </ActionForm>
                                }
                            }).collect_view();
                            let history = if b.payments.is_empty() {
                                view! { <p class="muted" data-testid="payments-empty">{tr!("billing-no-payments")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="history" data-testid="payments">
                                        <thead><tr><th>{tr!("usage-col-date")}</th><th>{tr!("billing-col-item")}</th><th>{tr!("billing-col-amount")}</th><th>{tr!("billing-col-status")}</th><th></th></tr></thead>
                                        <tbody>
                                            {b.payments.into_iter().map(|p| {
                                                let item_key = super::model::item_key(&p.kind, &p.item);
                                                let state_key = format!("billing-state-{}", p.state.as_str());
                                                let (created, amount, id) = (p.created_at.0, p.amount.0, p.id);
                                                view! {
                                                    <tr data-testid="payment-row" data-state=p.state.as_str()>
                                                        <td>{move || format_date(created, i18n.lang())}</td>
                                                        <td>{move || i18n.t(&item_key)}</td>
                                                        <td>{move || format_jod(amount, i18n.lang())}</td>
                                                        <td>{move || i18n.t(&state_key)}</td>
                                                        <td>{(p.state == PaymentState::Paid && p.invoice_number.is_some()).then(|| view! {
                                                            <a href=format!("/billing/invoices/{id}.pdf") rel="external" data-testid="invoice-link">{tr!("billing-invoice")}</a>
                                                        })}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            };
                            view! {
                                {current}
                                <h3>{tr!("billing-plans")}</h3>
                                <div class="offers">{offers}</div>
                                <h3>{tr!("billing-addons")}</h3>
                                <p class="muted small">{tr!("billing-addons-note")}</p>
                                <div class="row">{addons}</div>
                                <h3>{tr!("billing-history")}</h3>
                                {history}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/pay/sandbox/:order`: the offline gateway. "Pay" and "Decline" send the same signed
/// notification a real gateway would.
#[component]
pub fn SandboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_ref = move || params.read().get("order").unwrap_or_default();
    let order = Resource::new(order_ref, sandbox_order);
    let decide = ServerAction::<SandboxDecide>::new();
    view! {
        <div class="page page-sandbox">
            <PageHeader slug="sandbox" />
            <Suspense fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(p) => {
                            let item_key = super::model::item_key(&p.kind, &p.item);
                            let amount = p.amount.0;
                            let pending = p.state == PaymentState::Pending;
                            let order_ref = p.order_ref.clone();
                            let order_ref2 = p.order_ref.clone();
                            view! {
                                <section class="card sandbox">
                                    <p class="muted">{tr!("sandbox-note")}</p>
                                    <p class="sandbox-item"><strong>{move || i18n.t(&item_key)}</strong></p>
                                    <p class="offer-price" data-testid="sandbox-amount">{move || format_jod(amount, i18n.lang())}</p>
                                    {if pending {
                                        view! {
                                            <div class="row">
                                                <ActionForm action=decide>
                                                    <input type="hidden" name="order_ref" value=order_ref />
                                                    <input type="hidden" name="result" value="paid" />
                                                    <button class="button primary" type="submit" data-testid="sandbox-pay" disabled=move || decide.pending().get() aria-busy=move || decide.pending().get().to_string()>{tr!("sandbox-pay")}</button>
                                                </ActionForm>
                                                <ActionForm action=decide>
                                                    <input type="hidden" name="order_ref" value=order_ref2 />
                                                    <input type="hidden" name="result" value="declined" />
                                                    <button class="button danger" type="submit" data-testid="sandbox-decline" disabled=move || decide.pending().get() aria-busy=move || decide.pending().get().to_string()>{tr!("sandbox-decline")}</button>
                                                </ActionForm>
                                            </div>
                                        }.into_any()
                                    } else {
                                        view! { <p class="notice">{tr!("sandbox-done")}</p> }.into_any()
                                    }}
                                    {move || decide.value().get().and_then(|r| r.err()).map(|e| view! {
                                        <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p>
                                    })}
                                </section>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The admin page's payments: all or suspicious, flag, record a refund, grant an add-on.
#[component]
pub fn AdminPayments() -> impl IntoView {
    use super::api::{admin_payments, AdminFlagPayment, AdminGrantAddon, AdminRefundPayment};
    let i18n = use_i18n();
    let only_suspicious = RwSignal::new(false);
    let flag = ServerAction::<AdminFlagPayment>::new();
    let refund = ServerAction::<AdminRefundPayment>::new();
    let grant = ServerAction::<AdminGrantAddon>::new();
    // Keyset pages through the address: `?after=<id>` shows the payments older than it.
    let query = leptos_router::hooks::use_query_map();
    let after = move || query.with(|q| q.get("after").and_then(|a| a.parse::<i64>().ok()));
    let list = Resource::new(
        move || (only_suspicious.get(), flag.version().get(), refund.version().get(), after()),
        |(s, _, _, after)| admin_payments(s, after),
    );
    let error_of = move |e: Option<crate::error::AppError>| {
        e.map(|e| view! { <p class="field-error" role="alert">{move || i18n.t(e.message_key())}</p> })
    };
    view! {
        <section class="card" data-testid="admin-payments">
            <h2>{tr!("admin-payments")}</h2>
            <label class="row">
                <input type="checkbox" on:change=move |ev| only_suspicious.set(event_target_checked(&ev)) />
                {tr!("admin-only-suspicious")}
            </label>
            {move || error_of(flag.value().get().and_then(|r| r.err()))}
            {move || error_of(refund.value().get().and_then(|r| r.err()))}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice error">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(page) => {
                            let rows = page.items;
                            let next = page.next;
                            view! {
                            <div class="table-scroll"><table class="history">
                                <thead><tr>
                                    <th>{tr!("usage-col-date")}</th><th>{tr!("admin-user")}</th><th>{tr!("billing-col-item")}</th>
                                    <th>{tr!("billing-col-amount")}</th><th>{tr!("billing-col-status")}</th><th></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|p| {
                                        let (id, created, amount) = (p.id, p.created_at.0, p.amount.0);
                                        let state_key = format!("billing-state-{}", p.state.as_str());
                                        let paid = p.state == PaymentState::Paid;
                                        view! {
                                            <tr data-testid="admin-payment-row" class:suspicious=p.suspicious.is_some()>
                                                <td>{move || format_date(created, i18n.lang())}</td>
                                                <td><bdi dir="ltr">{p.email.clone()}</bdi></td>
                                                <td>{format!("{} {}", p.kind, p.item)}<br/><span class="muted small"><bdi dir="ltr">{p.provider.clone()}" "{p.provider_ref.clone().unwrap_or_default()}</bdi></span></td>
                                                <td>{move || format_jod(amount, i18n.lang())}</td>
                                                <td>{move || i18n.t(&state_key)}
                                                    {p.suspicious.clone().map(|s| view! { <br/><span class="field-error small">{s}</span> })}
                                                    {p.refund_note.clone().map(|s| view! { <br/><span class="muted small">{s}</span> })}
                                                </td>
                                                <td>
                                                    <ActionForm action=flag attr:class="row">
                                                        <input type="hidden" name="id" value=id />
                                                        <input type="text" name="note" dir="auto" aria-label=move || i18n.t("admin-flag-note") />
                                                        <button class="button small" type="submit" disabled=move || flag.pending().get() aria-busy=move || flag.pending().get().to_string()>{tr!("admin-flag")}</button>
                                                    </ActionForm>
                                                    {paid.then(|| view! {
                                                        <ActionForm action=refund attr:class="row">
                                                            <input type="hidden" name="id" value=id />
                                                            <input type="text" name="note" dir="auto" required aria-label=move || i18n.t("admin-refund-note") />
                                                            <button class="button small danger" type="submit" disabled=move || refund.pending().get() aria-busy=move || refund.pending().get().to_string()>{tr!("admin-refund")}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <div class="row">
                                {after().map(|_| view! { <a class="button small" href="/admin/payments">{tr!("admin-newest")}</a> })}
                                {next.map(|after| view! {
                                    <a class="button small" href=format!("/admin/payments?after={after}") data-testid="admin-more">{tr!("admin-older")}</a>
                                })}
                            </div>
                        }.into_any()
                        }
                    }
                })}
            </Suspense>
            <h3>{tr!("admin-grant-addon")}</h3>
            <ActionForm action=grant attr:class="row">
                <input type="email" name="email" dir="ltr" required aria-label=move || i18n.t("admin-user") />
                <select name="addon">
                    {Addon::ALL.into_iter().map(|a| view! { <option value=a.code()>{move || i18n.t(&format!("billing-addon-{}", a.code()))}</option> }).collect_view()}
                </select>
                <button class="button small primary" type="submit" disabled=move || grant.pending().get() aria-busy=move || grant.pending().get().to_string()>{tr!("admin-grant")}</button>
            </ActionForm>
            {move || error_of(grant.value().get().and_then(|r| r.err()))}
            {move || matches!(grant.value().get(), Some(Ok(()))).then(|| view! { <p class="notice ok">{tr!("account-saved")}</p> })}
        </section>
    }
}
