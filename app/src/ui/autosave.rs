//! Autosave for an editor (a CV, a deck): saves about a second after the last edit, one
//! save at a time, with the version the editor loaded — so a stale tab is refused (409)
//! and told, never silently overwriting newer work — and a badge that says where it stands.

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::tr;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Where the editor's work stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    /// Saved elsewhere since this tab loaded: nothing is overwritten.
    Stale,
    Failed(String),
}

impl SaveState {
    pub fn code(&self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Unsaved => "unsaved",
            SaveState::Saving => "saving",
            SaveState::Stale => "stale",
            SaveState::Failed(_) => "failed",
        }
    }
}

/// Saves the editor's current content over `base`; answers the new version.
pub type SaveFn = Arc<dyn Fn(i64) -> Pin<Box<dyn Future<Output = Result<i64, AppError>>>> + Send + Sync>;
/// What follows a save.
pub type AfterFn = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone, Copy)]
pub struct Autosave {
    pub status: RwSignal<SaveState>,
    pub version: RwSignal<i64>,
    /// Bumped by every edit; a save knows whether edits came in while it ran.
    edits: RwSignal<u64>,
    saving: StoredValue<bool>,
    save: StoredValue<Option<SaveFn>>,
    /// Called after each save that went through (e.g. to refresh a preview).
    after: StoredValue<Option<AfterFn>>,
}

impl Autosave {
    pub fn new(version: i64) -> Autosave {
        Autosave {
            status: RwSignal::new(SaveState::Saved),
            version: RwSignal::new(version),
            edits: RwSignal::new(0),
            saving: StoredValue::new(false),
            save: StoredValue::new(None),
            after: StoredValue::new(None),
        }
    }

    /// What saving does, and what follows a save (browser only; the server never saves).
    pub fn on_save(self, save: SaveFn, after: AfterFn) {
        self.save.set_value(Some(save));
        self.after.set_value(Some(after));
    }

    /// Records an edit and saves about a second after the last one.
    pub fn touch(self) {
        self.edits.update(|n| *n += 1);
        if self.status.get_untracked() != SaveState::Stale {
            self.status.set(SaveState::Unsaved);
        }
        #[cfg(feature = "hydrate")]
        {
            let at = self.edits.get_untracked();
            leptos::task::spawn_local(async move {
                crate::ui::stream::sleep_ms(900).await;
                // The editor may be gone (the user left the page): then nothing is read.
                if self.edits.try_get_untracked() == Some(at) {
                    let _ = self.save().await;
                }
            });
        }
    }

    /// Saves now unless a save is running (that one saves again when it ends).
    ///
    /// Every signal is read with `try_`: a save that ends after the user left the editor
    /// (its signals disposed) stops quietly instead of panicking.
    pub async fn save(self) -> Result<(), AppError> {
        let Some(save) = self.save.try_with_value(|s| s.clone()).flatten() else { return Ok(()) };
        if self.saving.try_get_value().unwrap_or(true) || self.status.try_get_untracked() == Some(SaveState::Stale) {
            return Ok(());
        }
        self.saving.set_value(true);
        loop {
            let Some(at) = self.edits.try_get_untracked() else { return Ok(()) };
            let Some(base) = self.version.try_get_untracked() else { return Ok(()) };
            self.status.set(SaveState::Saving);
            let result = save(base).await;
            if self.edits.try_get_untracked().is_none() {
                return result.map(|_| ()); // the editor is gone
            }
            match result {
                Ok(version) => {
                    self.version.set(version);
                    if self.edits.get_untracked() != at {
                        continue; // typed while saving: save the newer text too
                    }
                    self.status.set(SaveState::Saved);
                    self.saving.set_value(false);
                    if let Some(after) = self.after.with_value(|a| a.clone()) {
                        after();
                    }
                    return Ok(());
                }
                Err(e) => {
                    let stale = matches!(e, AppError::Conflict(_));
                    self.status.set(if stale {
                        SaveState::Stale
                    } else {
                        SaveState::Failed(e.message_key().to_string())
                    });
                    self.saving.set_value(false);
                    return Err(e);
                }
            }
        }
    }

    /// Waits for a running save and saves what is left: before an export.
    pub async fn flush(self) -> Result<(), AppError> {
        #[cfg(feature = "hydrate")]
        while self.saving.try_get_value() == Some(true) {
            crate::ui::stream::sleep_ms(100).await;
        }
        match self.status.try_get_untracked() {
            None | Some(SaveState::Saved) => Ok(()),
            Some(SaveState::Stale) => Err(AppError::Conflict("error-conflict".into())),
            _ => self.save().await,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self.status.get(), SaveState::Saving | SaveState::Unsaved)
    }
}

/// "Saved" / "Saving…" / "Unsaved changes" / "Changed in another tab" (+ reload).
#[component]
pub fn SavedBadge(autosave: Autosave, #[prop(into)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match autosave.status.get() {
        SaveState::Saved => i18n.t("save-saved"),
        SaveState::Unsaved => i18n.t("save-unsaved"),
        SaveState::Saving => i18n.t("save-saving"),
        SaveState::Stale => i18n.t("save-stale"),
        SaveState::Failed(k) => format!("{} {}", i18n.t("save-failed"), i18n.t(&k)),
    };
    view! {
        <span class="save-badge small" data-testid=testid data-state=move || autosave.status.get().code()
            role="status" aria-live="polite">{text}</span>
        {move || (autosave.status.get() == SaveState::Stale).then(|| view! {
            <button type="button" class="button small" data-testid="save-reload"
                on:click=move |_| { let _ = window().location().reload(); }>{tr!("save-reload")}</button>
        })}
    }
}
