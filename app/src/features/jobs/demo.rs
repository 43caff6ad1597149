//! `demo.count`: a job that does nothing but take its time and say how far it got. It
//! shows the machinery (queue, progress, cancel, retry, restart) in development, with no
//! provider and no cost; production refuses to start one.

use crate::error::AppError;
use crate::platform::jobs::{self, JobContext, JobDone, JobError, JobKind, Submit};
use crate::platform::AppState;
use serde::{Deserialize, Serialize};

pub const KIND: &str = "demo.count";

/// The demo's input.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DemoInput {
    pub steps: i64,
    pub step_ms: u64,
    /// The first attempts that fail (to show retries).
    #[serde(default)]
    pub fail_attempts: i64,
    /// What a finished run charges against its reservation (tests; the page's demo is free).
    #[serde(default)]
    pub charge: i64,
}

pub fn kind() -> JobKind {
    JobKind::new(KIND, 4, |ctx| Box::pin(run(ctx)))
}

async fn run(ctx: JobContext) -> Result<JobDone, JobError> {
    let input: DemoInput = ctx.input()?;
    let steps = input.steps.clamp(1, 1000);
    for step in 0..steps {
        ctx.progress(step * 100 / steps, Some("job-stage-working")).await;
        tokio::time::sleep(std::time::Duration::from_millis(input.step_ms.min(60_000))).await;
    }
    if ctx.job.attempts <= input.fail_attempts {
        return Err(JobError::Retry("job-error-demo".into()));
    }
    Ok(JobDone { used: input.charge, result_json: Some(serde_json::json!({ "counted": steps })), result_file: None })
}

/// Starts a demo job for the user (development only).
pub async fn start(state: &AppState, user_id: i64) -> Result<crate::features::jobs::JobView, AppError> {
    if state.config.mode == crate::platform::config::Mode::Production {
        return Err(AppError::Forbidden);
    }
    let steps = 20;
    let step_ms = state.config.demo_job_step_ms;
    jobs::submit(
        state,
        user_id,
        Submit {
            kind: KIND,
            input: serde_json::to_value(DemoInput { steps, step_ms, fail_attempts: 0, charge: 0 }).unwrap_or_default(),
            quote: None,
            screen: None,
            max_attempts: 3,
        },
    )
    .await
}
