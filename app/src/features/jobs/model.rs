//! What the browser knows of a job.

use serde::{Deserialize, Serialize};

/// A job's place in its life: queued → running → succeeded | failed | cancelled | dead
/// (dead: every attempt failed; kept for admins, who can retry it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Dead,
}

impl JobStatus {
    pub const ALL: [JobStatus; 6] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Failed,
        JobStatus::Cancelled,
        JobStatus::Dead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Still waiting or working: it can be cancelled.
    pub fn is_active(self) -> bool {
        matches!(self, JobStatus::Queued | JobStatus::Running)
    }

    /// Ended without a result: it can be tried again.
    pub fn can_retry(self) -> bool {
        matches!(self, JobStatus::Failed | JobStatus::Cancelled | JobStatus::Dead)
    }
}

/// One job as its owner sees it (the job card, the event stream).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: i64,
    /// The kind, e.g. `demo.count`, `image.generate`: the card's title is `job-kind-…`.
    pub kind: String,
    pub status: JobStatus,
    /// 0–100.
    pub progress: i64,
    /// A message key naming the current step (`job-stage-…`).
    pub stage: Option<String>,
    /// A message key saying why it failed.
    pub error: Option<String>,
    /// The file it made, one of the owner's.
    pub result_file: Option<String>,
    /// What the plan was charged.
    pub charge: i64,
    pub attempts: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Grows with every change: the newest view of a job wins.
    pub version: i64,
}

impl JobView {
    /// The Fluent key of the job's title.
    pub fn title_key(&self) -> String {
        format!("job-kind-{}", self.kind.replace('.', "-"))
    }
}

/// The account page's list: the newest jobs, and whether the demo job may be started
/// (development only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsList {
    pub jobs: Vec<JobView>,
    pub demo: bool,
}
