//! The job card every tool page shows (queued → running n % → done, or failed with the
//! translated reason; cancel and retry), the shell's badge of running jobs, and the
//! account page's list. One live store per page ([`JobsLive`]) is fed by `/events`.

use super::api::{list_jobs, CancelJob, RetryJob, StartDemoJob};
use super::{JobStatus, JobView};
use crate::i18n::{format_number, message_count, use_i18n, Arg};
use crate::tr;
use leptos::prelude::*;

/// The user's jobs as the event stream last told them (in the browser; empty on the
/// server, where pages use what they loaded).
#[derive(Clone, Copy)]
pub struct JobsLive {
    pub jobs: RwSignal<Vec<JobView>>,
    /// The stream's first snapshot arrived: `jobs` is the whole truth.
    pub ready: RwSignal<bool>,
}

impl JobsLive {
    /// The page's live store; the shell provides it and opens the stream once.
    pub fn provide() -> JobsLive {
        let live = JobsLive { jobs: RwSignal::new(Vec::new()), ready: RwSignal::new(false) };
        provide_context(live);
        #[cfg(feature = "hydrate")]
        Effect::new(move |_| browser::connect(live));
        live
    }

    pub fn get() -> JobsLive {
        use_context::<JobsLive>().unwrap_or_else(JobsLive::provide)
    }

    /// A newer view of a job replaces the older one; a new job goes first.
    pub fn upsert(&self, job: JobView) {
        self.jobs.update(|list| merge_one(list, job));
    }

    /// `loaded` (what the page loaded) brought up to date with what the stream said.
    pub fn merged(&self, loaded: &[JobView]) -> Vec<JobView> {
        let live = self.jobs.get();
        if self.ready.get() {
            return live;
        }
        let mut out = loaded.to_vec();
        for job in live {
            merge_one(&mut out, job);
        }
        out
    }
}

fn merge_one(list: &mut Vec<JobView>, job: JobView) {
    match list.iter_mut().find(|j| j.id == job.id) {
        Some(old) if old.version < job.version => *old = job,
        Some(_) => {}
        None => {
            list.insert(0, job);
            list.sort_by_key(|j| std::cmp::Reverse(j.id));
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{JobView, JobsLive};
    use leptos::prelude::*;
    use wasm_bindgen::{closure::Closure, JsCast};

    /// One EventSource per page. The browser reconnects by itself; each reconnect opens
    /// with a fresh snapshot.
    pub fn connect(live: JobsLive) {
        let Ok(source) = web_sys::EventSource::new("/events") else { return };
        let on_snapshot = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(list) = ev.data().as_string().and_then(|t| serde_json::from_str::<Vec<JobView>>(&t).ok()) {
                live.jobs.set(list);
                live.ready.set(true);
            }
        });
        let on_job = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(job) = ev.data().as_string().and_then(|t| serde_json::from_str::<JobView>(&t).ok()) {
                live.upsert(job);
            }
        });
        let _ = source.add_event_listener_with_callback("snapshot", on_snapshot.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("job", on_job.as_ref().unchecked_ref());
        crate::features::notifications::page::listen(&source);
        // The listeners live as long as the page (the stream is the page's).
        on_snapshot.forget();
        on_job.forget();
    }
}

/// The shell's badge: how many of the user's jobs are queued or running, linking to
/// them. `labelled`: the count in words ("2 jobs running"), for the wide sidebar; else a
/// small pill with the number (the phone's top bar), named for screen readers.
#[component]
pub fn JobsBadge(#[prop(optional)] labelled: bool) -> impl IntoView {
    let i18n = use_i18n();
    let live = JobsLive::get();
    let active = move || live.jobs.with(|l| l.iter().filter(|j| j.status.is_active()).count() as i64);
    let words = move || message_count(i18n.lang(), "jobs-badge-label", active());
    view! {
        <Show when=move || { active() > 0 }>
            {if labelled {
                view! {
                    <a class="nav-jobs" href="/app/account#jobs" data-testid="jobs-badge">
                        <span class="nav-jobs-dot" aria-hidden="true"></span>
                        {words}
                    </a>
                }
                .into_any()
            } else {
                view! {
                    <a class="jobs-badge" href="/app/account#jobs" data-testid="jobs-badge" aria-label=words>
                        {move || format_number(active(), i18n.lang())}
                    </a>
                }
                .into_any()
            }}
        </Show>
    }
}

/// One job: its title, state, progress, the reason it failed, cancel and retry.
#[component]
pub fn JobCard(#[prop(into)] job: Signal<JobView>) -> impl IntoView {
    let i18n = use_i18n();
    let live = JobsLive::get();
    let cancel = ServerAction::<CancelJob>::new();
    let retry = ServerAction::<RetryJob>::new();
    for action in [cancel.value(), retry.value()] {
        Effect::new(move |_| {
            if let Some(Ok(view)) = action.get() {
                live.upsert(view);
            }
        });
    }
    let action_error = move || {
        [cancel.value().get(), retry.value().get()].into_iter().flatten().find_map(|r| r.err()).map(|e| {
            view! { <p class="field-error" role="alert" data-testid="job-action-error">{move || i18n.t(e.message_key())}</p> }
        })
    };
    let status = move || job.with(|j| j.status);
    let percent = move || job.with(|j| if j.status == JobStatus::Succeeded { 100 } else { j.progress });
    let status_text = move || i18n.t(&format!("job-status-{}", status().as_str()));
    let id = move || job.with(|j| j.id).to_string();
    view! {
        <article class="job-card" data-testid="job-card" data-status=move || status().as_str() data-job-id=id
            aria-busy=move || status().is_active().to_string()>
            <header class="job-head">
                <h3 class="job-title">{move || i18n.t(&job.with(JobView::title_key))}</h3>
                <span class="job-status" data-status=move || status().as_str() data-testid="job-status" role="status">
                    {status_text}
                </span>
            </header>
            // A native <progress>: no inline style (the CSP allows none), read by screen readers.
            <progress class="job-progress" max="100" value=move || percent().to_string()
                aria-label=status_text data-testid="job-progress"></progress>
            <p class="muted small job-detail">
                <span data-testid="job-percent">
                    {move || i18n.t_with("job-percent", &[("n", Arg::Text(format_number(percent(), i18n.lang())))])}
                </span>
                {move || job.with(|j| j.stage.clone()).filter(|_| status() == JobStatus::Running).map(|k| view! {
                    " · "<span>{move || i18n.t(&k)}</span>
                })}
            </p>
            {move || job.with(|j| j.error.clone()).filter(|_| !status().is_active() && status() != JobStatus::Succeeded).map(|k| view! {
                <p class="notice error" role="alert" data-testid="job-error">{move || i18n.t(&k)}</p>
            })}
            {action_error}
            <div class="job-actions">
                <Show when=move || status().is_active()>
                    <ActionForm action=cancel>
                        <input type="hidden" name="id" value=id />
                        <button class="button small" type="submit" data-testid="job-cancel"
                            disabled=move || cancel.pending().get() aria-busy=move || cancel.pending().get().to_string()>
                            {move || if cancel.pending().get() { i18n.t("job-cancelling") } else { i18n.t("job-cancel") }}
                        </button>
                    </ActionForm>
                </Show>
                <Show when=move || status().can_retry()>
                    <ActionForm action=retry>
                        <input type="hidden" name="id" value=id />
                        <button class="button small" type="submit" data-testid="job-retry"
                            disabled=move || retry.pending().get() aria-busy=move || retry.pending().get().to_string()>
                            {tr!("job-retry")}
                        </button>
                    </ActionForm>
                </Show>
            </div>
        </article>
    }
    .into_any()
}

/// The account page's background work: the user's newest jobs, live.
#[component]
pub fn JobsCard() -> impl IntoView {
    let i18n = use_i18n();
    let live = JobsLive::get();
    let demo = ServerAction::<StartDemoJob>::new();
    let loaded = Resource::new(|| (), |_| list_jobs());
    Effect::new(move |_| {
        if let Some(Ok(view)) = demo.value().get() {
            live.upsert(view);
        }
    });
    view! {
        <section class="card" id="jobs" aria-labelledby="jobs-title" data-testid="jobs">
            <h2 id="jobs-title">{tr!("jobs-title")}</h2>
            <Suspense fallback=|| view! { <div class="meters skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(list) => {
                            let demo_allowed = list.demo;
                            let loaded_jobs = list.jobs;
                            let jobs = Memo::new(move |_| live.merged(&loaded_jobs));
                            let ids = move || jobs.with(|l| l.iter().map(|j| j.id).collect::<Vec<i64>>());
                            let job_of = move |id: i64| {
                                Signal::derive(move || {
                                    jobs.with(|l| l.iter().find(|j| j.id == id).cloned()).unwrap_or_else(|| placeholder(id))
                                })
                            };
                            view! {
                                <Show when=move || jobs.with(Vec::is_empty)>
                                    <p class="muted" data-testid="jobs-empty">{tr!("jobs-empty")}</p>
                                </Show>
                                <div class="job-list">
                                    <For each=ids key=|id| *id let:id>
                                        <JobCard job=job_of(id) />
                                    </For>
                                </div>
                                <Show when=move || demo_allowed>
                                    <ActionForm action=demo>
                                        <button class="button" type="submit" data-testid="job-demo-start"
                                            disabled=move || demo.pending().get() aria-busy=move || demo.pending().get().to_string()>
                                            {tr!("jobs-demo-start")}
                                        </button>
                                    </ActionForm>
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            {move || demo.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p>
            })}
        </section>
    }
}

/// Stands in for a job that just left the list (a `For` row is removed a moment later).
pub fn placeholder(id: i64) -> JobView {
    JobView {
        id,
        kind: String::new(),
        status: JobStatus::Cancelled,
        progress: 0,
        stage: None,
        error: None,
        result_file: None,
        charge: 0,
        attempts: 0,
        created_at: 0,
        updated_at: 0,
        version: 0,
    }
}
