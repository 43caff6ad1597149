//! Inline SVG icons (no icon font to download). Icons that point carry `icon-flip`,
//! which mirrors them in right-to-left pages.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Chat,
    Cv,
    Slides,
    Image,
    Video,
    Account,
    Arrow,
    Check,
    Sparkle,
    Offline,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Chat => "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z",
            Icon::Cv => "M7 3h7l5 5v11.5A1.5 1.5 0 0 1 17.5 21h-10A1.5 1.5 0 0 1 6 19.5v-15A1.5 1.5 0 0 1 7.5 3M14 3v5h5M9 13h6M9 17h4",
            Icon::Slides => "M3 4h18M5 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4M12 15v3m-4 3 4-3 4 3",
            Icon::Image => "M5 4h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1m-1 12 5-5 4 4 2-2 5 5M15.5 8.5h.01",
            Icon::Video => "M4 6.5A1.5 1.5 0 0 1 5.5 5h9A1.5 1.5 0 0 1 16 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 4 17.5zM16 10l4-2.5v9L16 14",
            Icon::Account => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8m-7 8a7 7 0 0 1 14 0",
            Icon::Arrow => "M5 12h14m-5-5 5 5-5 5",
            Icon::Check => "m5 12.5 4.5 4.5L19 7.5",
            Icon::Sparkle => "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z",
            Icon::Offline => "M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 12.9a10 10 0 0 1 5.2-2.7m4.4.2A10 10 0 0 1 19 12.9M2 8.8a15 15 0 0 1 4.5-2.9m4.3-.9A15 15 0 0 1 22 8.8M12 20h.01",
        }
    }

    fn flips(self) -> bool {
        matches!(self, Icon::Arrow)
    }
}

#[component]
pub fn SvgIcon(icon: Icon, #[prop(optional)] class: &'static str) -> impl IntoView {
    let class = if icon.flips() { format!("icon icon-flip {class}") } else { format!("icon {class}") };
    view! {
        <svg class=class viewBox="0 0 24 24" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d=icon.path() />
        </svg>
    }
}
