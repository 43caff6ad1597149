//! The server's integration tests, one binary: every test module shares one build and
//! one link (each module was its own ~800 MB binary before). `common` is the harness.

mod common;

mod admin;
mod api;
mod auth;
mod billing;
mod binary;
mod chat;
mod cv;
mod database;
mod files;
mod image;
mod jobs;
mod mail_sms;
mod metering;
mod moderation;
mod pdf_summary;
mod plan_features;
mod ratelimit;
mod serving;
mod slides;
mod ssr_stress;
mod units;
mod video;
