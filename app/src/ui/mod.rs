//! Shared widgets.

pub mod app_layout;
pub mod empty_state;
pub mod icons;
pub mod lang_toggle;
pub mod markdown;
pub mod meters;
pub mod page_title;
pub mod plan_card;
