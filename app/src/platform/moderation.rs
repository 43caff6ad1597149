//! Moderation before every provider call: OpenAI's `omni-moderation-latest` when a key is
//! configured, else a local Arabic + English list (`app/data/blocklist.txt`). If OpenAI
//! cannot be reached, the local list still applies. A blocked request is refused, logged
//! in `moderation_events`, and never charged (callers screen before they reserve).

use crate::error::AppError;
use crate::platform::AppState;
use crate::types::UnixMillis;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub flagged: bool,
    pub categories: Vec<String>,
    pub source: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error("moderation service: {0}")]
    Service(String),
}

/// The local list, normalised once.
#[derive(Debug, Clone)]
pub struct Blocklist {
    entries: Vec<(String, String)>,
}

impl Blocklist {
    pub fn bundled() -> Blocklist {
        Blocklist::parse(include_str!("../../data/blocklist.txt"))
    }

    pub fn parse(text: &str) -> Blocklist {
        let entries = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('|'))
            .map(|(cat, phrase)| (cat.trim().to_string(), format!(" {} ", normalise(phrase))))
            .filter(|(_, p)| p.trim().len() > 1)
            .collect();
        Blocklist { entries }
    }

    pub fn check(&self, text: &str) -> Verdict {
        let text = format!(" {} ", normalise(text));
        let mut categories: Vec<String> =
            self.entries.iter().filter(|(_, p)| text.contains(p.as_str())).map(|(c, _)| c.clone()).collect();
        categories.sort();
        categories.dedup();
        Verdict { flagged: !categories.is_empty(), categories, source: "local" }
    }
}

/// Lower case; Arabic diacritics and tatweel removed; أ إ آ ٱ → ا, ى → ي, ة → ه;
/// everything that is not a letter or digit becomes one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => continue,
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        };
        if ch.is_alphanumeric() {
            out.push(ch);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

#[derive(Debug, Clone)]
pub struct OpenAiModeration {
    pub client: reqwest::Client,
    pub base_url: String,
    pub api_key: String,
}

#[derive(serde::Deserialize)]
struct ModerationResponse {
    results: Vec<ModerationResult>,
}

#[derive(serde::Deserialize)]
struct ModerationResult {
    flagged: bool,
    #[serde(default)]
    categories: std::collections::BTreeMap<String, bool>,
}

impl OpenAiModeration {
    /// `POST {base}/moderations` with `{"model":"omni-moderation-latest","input":…}`: the
    /// text alone, or with an image, `[{"type":"text",…},{"type":"image_url",…}]` with the
    /// image as a `data:` URL.
    pub async fn check(&self, text: &str, image: Option<ImageInput<'_>>) -> Result<Verdict, ModerationError> {
        let input = match image {
            None => serde_json::json!(text),
            Some(img) => {
                use base64::Engine;
                let url =
                    format!("data:{};base64,{}", img.mime, base64::engine::general_purpose::STANDARD.encode(img.bytes));
                serde_json::json!([
                    { "type": "text", "text": text },
                    { "type": "image_url", "image_url": { "url": url } }
                ])
            }
        };
        let res = self
            .client
            .post(format!("{}/moderations", self.base_url))
            .bearer_auth(&self.api_key)
            .json(&serde_json::json!({ "model": "omni-moderation-latest", "input": input }))
            .send()
            .await
            .map_err(|e| ModerationError::Service(e.to_string()))?;
        if !res.status().is_success() {
            return Err(ModerationError::Service(format!("HTTP {}", res.status())));
        }
        let body: ModerationResponse = res.json().await.map_err(|e| ModerationError::Service(e.to_string()))?;
        let result = body.results.into_iter().next().ok_or_else(|| ModerationError::Service("no result".into()))?;
        let categories = result.categories.into_iter().filter(|(_, on)| *on).map(|(k, _)| k).collect();
        Ok(Verdict { flagged: result.flagged, categories, source: "openai" })
    }
}

#[derive(Debug, Clone)]
pub struct Moderator {
    pub local: Blocklist,
    pub openai: Option<OpenAiModeration>,
}

/// An HTTP client for calls to providers (rustls with ring, our own timeouts).
pub fn http_client(timeout: Duration) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        .user_agent("PulseAIStudio/1")
        .build()
        .expect("the TLS provider is installed")
}

impl Moderator {
    pub fn new(api_key: Option<&str>, base_url: &str) -> Moderator {
        Moderator {
            local: Blocklist::bundled(),
            openai: api_key.map(|key| OpenAiModeration {
                client: http_client(Duration::from_secs(8)),
                base_url: base_url.trim_end_matches('/').to_string(),
                api_key: key.to_string(),
            }),
        }
    }

    /// The verdict of OpenAI when configured and reachable, else of the local list.
    pub async fn check(&self, text: &str) -> Verdict {
        self.check_with_image(text, None).await
    }

    /// The same, for a prompt with an attached image. OpenAI screens the image too; the
    /// local list can only read the text.
    pub async fn check_with_image(&self, text: &str, image: Option<ImageInput<'_>>) -> Verdict {
        if let Some(openai) = &self.openai {
            match openai.check(text, image).await {
                Ok(v) => return v,
                Err(e) => tracing::warn!(error = %e, "moderation: OpenAI unreachable, using the local list"),
            }
        }
        self.local.check(text)
    }
}

/// An image to screen with a prompt.
#[derive(Clone, Copy, Debug)]
pub struct ImageInput<'a> {
    pub mime: &'a str,
    pub bytes: &'a [u8],
}

/// Screens a prompt before any provider is called. `kind`: text | image_prompt | video_prompt.
pub async fn screen(state: &AppState, user_id: Option<i64>, kind: &str, text: &str) -> Result<(), AppError> {
    screen_with_image(state, user_id, kind, text, None).await
}

/// Screens a prompt and the image that goes with it.
pub async fn screen_with_image(
    state: &AppState,
    user_id: Option<i64>,
    kind: &str,
    text: &str,
    image: Option<ImageInput<'_>>,
) -> Result<(), AppError> {
    let verdict = state.moderator.check_with_image(text, image).await;
    if !verdict.flagged {
        return Ok(());
    }
    metrics::counter!("moderation_blocked_total", "source" => verdict.source).increment(1);
    let excerpt: String = text.chars().take(200).collect();
    let logged = sqlx::query(
        "INSERT INTO moderation_events (user_id, kind, source, categories, excerpt, action, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'blocked', $6)",
    )
    .bind(user_id)
    .bind(kind)
    .bind(verdict.source)
    .bind(serde_json::to_string(&verdict.categories).unwrap_or_default())
    .bind(excerpt)
    .bind(UnixMillis::now().0)
    .execute(state.db.pool())
    .await;
    if let Err(e) = logged {
        tracing::error!(error = %e, "moderation event not logged");
    }
    Err(AppError::Blocked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_list_matches_words_in_both_languages_whatever_the_spelling() {
        let list = Blocklist::bundled();
        assert!(list.check("Tell me HOW to make a bomb!").flagged);
        assert!(list.check("ما هي طريقةُ صُنعِ قنبلةٍ؟").flagged, "diacritics are ignored");
        assert!(list.check("كيفيـــة صنع قنبلة").flagged, "tatweel is ignored");
        assert_eq!(list.check("how to make a bomb").categories, vec!["illicit/violent"]);
        assert!(!list.check("how to make a bombastic cover letter").flagged, "whole words only");
        assert!(!list.check("اكتب لي رسالة تقديم لوظيفة محاسب").flagged);
        assert!(!list.check("").flagged);
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise("  Hello,   WORLD!! "), "hello world");
        assert_eq!(normalise("إِسْلام مدرسة مستشفى"), "اسلام مدرسه مستشفي");
    }
}
