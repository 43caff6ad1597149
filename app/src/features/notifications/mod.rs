//! Notifications: the bell with its unread count (live through `/events`), the list,
//! the account page's email preference, and (server) the table, the emails and the
//! scheduled renewal and plan-end notices.

pub mod api;
mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use model::{NoticeData, NoticeEvent, NoticeKind, NoticeView, NoticesPage};
pub use page::{NoticeBell, NoticePrefs, NoticesLive, NotificationsPage};

/// What the server adds for notifications: the emails due and the scheduled notices,
/// every minute on the worker role.
#[cfg(feature = "ssr")]
pub fn feature() -> crate::platform::feature::Feature {
    use crate::platform::feature::{Feature, Sweeper};
    let minute = std::time::Duration::from_secs(60);
    Feature::new("notifications")
        .sweeper(Sweeper::new("renewal and plan-end notices", minute, |state, now| {
            Box::pin(async move { service::scheduled_notices(&state, now).await })
        }))
        .sweeper(Sweeper::new("notification emails", minute, |state, now| {
            Box::pin(async move { service::deliver_pending(&state, now).await })
        }))
}
