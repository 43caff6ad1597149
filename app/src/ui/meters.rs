//! Usage meters: one per kind, amber at 80 %, red at 100 %, with the reset date, the
//! once-per-period warning banner and the quota banner with the way out.

use crate::error::UPGRADE_URL;
use crate::features::usage::api::{get_usage, DismissWarning};
use crate::features::usage::{Meter, MeterLevel, UsageKind, UsageSummary};
use crate::i18n::{format_date, format_number, message_count, use_i18n, Arg};
use crate::tr;
use leptos::prelude::*;

/// Bumped after every metered action, so every meter on the page reloads.
#[derive(Clone, Copy)]
pub struct UsageVersion(pub RwSignal<u32>);

pub fn use_usage_version() -> UsageVersion {
    use_context::<UsageVersion>().unwrap_or_else(|| {
        let v = UsageVersion(RwSignal::new(0));
        provide_context(v);
        v
    })
}

impl UsageVersion {
    /// Call after a metered action.
    pub fn bump(&self) {
        self.0.update(|n| *n += 1);
    }
}

/// The meters of the current period. `detailed` adds the plan, status and history.
#[component]
pub fn UsageMeters(#[prop(optional)] detailed: bool) -> impl IntoView {
    let version = use_usage_version();
    let dismiss = ServerAction::<DismissWarning>::new();
    // Quotas change when a payment settles: its live notification loads them again.
    let usage = Resource::new(
        move || {
            (version.0.get(), dismiss.version().get(), crate::features::notifications::NoticesLive::payments_seen())
        },
        |_| get_usage(),
    );
    view! {
        <Suspense fallback=|| view! { <div class="meters skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                usage.await.ok().map(|summary| view! { <UsageView summary detailed dismiss /> })
            })}
        </Suspense>
    }
}

#[component]
fn UsageView(summary: UsageSummary, detailed: bool, dismiss: ServerAction<DismissWarning>) -> impl IntoView {
    let i18n = use_i18n();
    let has_plan = summary.period_end.is_some();
    let reset = summary.period_end;
    let full: Vec<UsageKind> =
        summary.meters.iter().filter(|m| m.level() == MeterLevel::Full && m.limit > 0).map(|m| m.kind).collect();
    let warnings = summary.unseen_warnings.clone();
    let plan = summary.plan_code.clone();
    let status = summary.status.clone();
    let history = summary.history.clone();
    // On a phone the tool pages show one pill (the most used meter's share, its colour)
    // that opens the meters: the page's own content owns the screen. A checkbox and its
    // label, so it opens before (and without) the WASM.
    let (pill_pct, pill_level) = summary
        .meters
        .iter()
        .filter(|m| m.limit > 0)
        .map(|m| (m.percent_shown(), m.level()))
        .max_by_key(|(pct, _)| *pct)
        .unwrap_or((0, MeterLevel::Ok));
    let pill_level = pill_level.as_str();
    view! {
        <section class="usage" class:compact=!detailed aria-label=tr!("usage-title") aria-live="polite">
            {(!has_plan).then(|| view! {
                <div class="banner danger" role="alert" data-testid="quota-banner">
                    <span>{tr!("usage-no-plan")}</span>
                    <a class="button small primary" href="/#pricing">{tr!("usage-choose-plan")}</a>
                </div>
            })}
            {full.into_iter().map(|kind| view! {
                <div class="banner danger" role="alert" data-testid="quota-banner">
                    <span>{move || i18n.t(&format!("usage-full-{}", kind.as_str()))}</span>
                    <a class="button small primary" href=UPGRADE_URL>{tr!("usage-upgrade")}</a>
                </div>
            }).collect_view()}
            {warnings.into_iter().map(|kind| view! {
                <div class="banner warn" role="status" data-testid="warning-banner">
                    <span>{move || i18n.t(&format!("usage-warning-{}", kind.as_str()))}</span>
                    <a href=UPGRADE_URL>{tr!("usage-upgrade")}</a>
                    // A plain form, so it works before (and without) the WASM; once hydrated
                    // the action sends it. (`ActionForm` would bring its own component
                    // and form-data reader into the chat page's bundle for this one button.)
                    <form method="post" action={<DismissWarning as leptos::server_fn::ServerFn>::url()} on:submit=move |ev| {
                        ev.prevent_default();
                        if !dismiss.pending().get_untracked() {
                            dismiss.dispatch(DismissWarning { kind });
                        }
                    }>
                        <input type="hidden" name="kind" value=format!("{kind:?}") />
                        <button class="button small" type="submit" disabled=move || dismiss.pending().get() aria-busy=move || dismiss.pending().get().to_string()>{tr!("usage-dismiss")}</button>
                    </form>
                </div>
            }).collect_view()}
            {detailed.then(|| {
                let plan = plan.clone();
                let status = status.clone();
                view! {
                    <p class="usage-plan" data-testid="usage-plan">
                        {move || plan.as_ref().map(|p| i18n.t(&format!("plan-name-{p}"))).unwrap_or_else(|| i18n.t("usage-no-plan-short"))}
                        {move || status.as_ref().map(|s| format!(" · {}", i18n.t(&format!("usage-status-{s}"))))}
                    </p>
                }
            })}
            {(!detailed).then(|| view! {
                <input type="checkbox" id="usage-open" class="usage-toggle visually-hidden" data-testid="usage-toggle" />
                <label for="usage-open" class="usage-pill" data-testid="usage-pill" data-level=pill_level>
                    {move || i18n.t_with("usage-pill", &[("pct", Arg::Num(pill_pct))])}
                </label>
            })}
            <div class="usage-body">
                <div class="meters">
                    {summary.meters.into_iter().map(|m| view! { <MeterView meter=m /> }).collect_view()}
                </div>
                {reset.map(|at| view! {
                    <p class="meter-reset" data-testid="meter-reset">
                        {move || i18n.t_with("meter-resets", &[("date", Arg::Text(format_date(at, i18n.lang())))])}
                    </p>
                })}
            </div>
            {detailed.then(move || view! {
                <h3>{tr!("usage-history")}</h3>
                {if history.is_empty() {
                    view! { <p class="muted" data-testid="usage-history-empty">{tr!("usage-history-empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="history" data-testid="usage-history">
                            <thead><tr><th>{tr!("usage-col-date")}</th><th>{tr!("usage-col-what")}</th><th>{tr!("usage-col-amount")}</th></tr></thead>
                            <tbody>
                                {history.into_iter().map(|line| {
                                    let feature = line.feature.clone().unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td>{move || format_date(line.at, i18n.lang())}</td>
                                            <td>{move || i18n.t(&format!("nav-{feature}"))}</td>
                                            <td>{move || message_count(i18n.lang(), &format!("quota-{}", line.kind.as_str()), line.amount)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            })}
        </section>
    }
}

/// A `<meter>`'s `low` and `high` for `limit`: green below 80 %, amber from there, red at
/// the limit. Every meter of a quota draws its colours from these (files' storage too).
pub fn thresholds(limit: i64) -> (String, String) {
    // `high` a hair under the limit: at the limit the meter is over it, red.
    let low = crate::i18n::fixed_point(limit.saturating_mul(4), 5, 1);
    let high = crate::i18n::fixed_point(limit.saturating_mul(1000).saturating_sub(1).max(0), 1000, 3);
    (low, high)
}

#[component]
fn MeterView(meter: Meter) -> impl IntoView {
    let i18n = use_i18n();
    let kind = meter.kind.as_str();
    let level = meter.level().as_str();
    let limit = meter.limit.max(0);
    let (low, high) = thresholds(limit);
    view! {
        <div class="meter" data-testid=format!("meter-{kind}") data-level=level>
            <div class="meter-head">
                <span class="meter-label">{move || i18n.t(&format!("meter-{kind}"))}</span>
                <span class="meter-value" dir="ltr">
                    {move || i18n.t_with("meter-used", &[
                        ("used", Arg::Text(format_number(meter.used, i18n.lang()))),
                        ("limit", Arg::Text(format_number(limit, i18n.lang()))),
                    ])}
                </span>
            </div>
            <meter min="0" max=limit.max(1) value=meter.used.min(limit) low=low high=high optimum="0"
                aria-label=move || i18n.t(&format!("meter-{kind}"))></meter>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_meter_turns_amber_at_80_percent_and_red_at_its_limit() {
        assert_eq!(super::thresholds(7), ("5.6".to_string(), "6.999".to_string()));
        assert_eq!(
            super::thresholds(20 << 30),
            ((16u64 << 30).to_string() + ".0", ((20u64 << 30) - 1).to_string() + ".999")
        );
        assert_eq!(super::thresholds(0), ("0.0".to_string(), "0.000".to_string()));
    }
}
