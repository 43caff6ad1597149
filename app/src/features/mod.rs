//! One folder per feature: its page, its server functions (`api.rs`), and its
//! server-only logic (`service.rs`).

pub mod account;
pub mod admin;
pub mod auth;
pub mod billing;
pub mod chat;
pub mod cv;
pub mod files;
pub mod image;
pub mod jobs;
pub mod landing;
pub mod notifications;
pub mod plans;
pub mod public_api;
pub mod slides;
pub mod system;
pub mod usage;
pub mod video;

/// Every feature's routes, job kinds and sweepers, for the server to collect.
#[cfg(feature = "ssr")]
pub fn all() -> Vec<crate::platform::feature::Feature> {
    vec![
        auth::feature(),
        account::feature(),
        usage::feature(),
        files::feature(),
        chat::feature(),
        cv::feature(),
        slides::feature(),
        image::feature(),
        video::feature(),
        billing::feature(),
        jobs::feature(),
        notifications::feature(),
        admin::feature(),
        public_api::feature(),
    ]
}
