//! Jobs as their owners see them: the live event stream (`GET /events`), the job card
//! any tool page shows, the account page's list of background work, and the demo job
//! kind (development only) that shows the machinery end to end.

pub mod api;
pub mod card;
#[cfg(feature = "ssr")]
pub mod demo;
mod model;
#[cfg(feature = "ssr")]
pub mod routes;

pub use card::{placeholder, JobCard, JobsBadge, JobsCard, JobsLive};
pub use model::{JobStatus, JobView, JobsList};

/// What the server adds for jobs.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    crate::platform::feature::Feature::new("jobs").routes(routes::routes).job(demo::kind())
}
