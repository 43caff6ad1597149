//! What the app configures: where each provider is, its key, and how long to wait.

use std::fmt;
use std::time::Duration;

/// How long a client waits. Defaults: connect 10 s, first byte 60 s, idle 60 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP + TLS connect.
    pub connect: Duration,
    /// From sending the request to the response headers and the first stream event.
    pub first_byte: Duration,
    /// Between two chunks of a stream that has started.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            first_byte: Duration::from_secs(60),
            idle: Duration::from_secs(60),
        }
    }
}

/// Where a provider is and its key. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Up to and including the API version, without the operation: `https://api.openai.com/v1`,
    /// `http://localhost:11434/v1`. A trailing `/` is ignored.
    pub base_url: String,
    /// Required for OpenAI, Anthropic, Gemini, Replicate and Stability; optional for
    /// OpenAI-compatible servers.
    pub api_key: Option<String>,
}

impl Endpoint {
    pub const OPENAI_BASE_URL: &'static str = "https://api.openai.com/v1";
    pub const ANTHROPIC_BASE_URL: &'static str = "https://api.anthropic.com/v1";
    pub const GEMINI_BASE_URL: &'static str = "https://generativelanguage.googleapis.com/v1beta";
    pub const REPLICATE_BASE_URL: &'static str = "https://api.replicate.com/v1";
    pub const STABILITY_BASE_URL: &'static str = "https://api.stability.ai/v2beta";

    pub fn new(base_url: impl Into<String>, api_key: Option<String>) -> Endpoint {
        Endpoint { base_url: base_url.into(), api_key }
    }

    /// `base_url` without a trailing slash, followed by `path` (which starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.trim_end_matches('/'))
    }

    pub(crate) fn key(&self) -> Option<&str> {
        self.api_key.as_deref().filter(|k| !k.is_empty())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Which providers are configured. A model is enabled when its provider is `Some` (the demo
/// model always is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderSettings {
    pub openai: Option<Endpoint>,
    pub anthropic: Option<Endpoint>,
    pub gemini: Option<Endpoint>,
    /// An OpenAI-compatible server (Ollama, vLLM, llama.cpp); the key is optional.
    pub compatible: Option<Endpoint>,
    /// Replicate (image and video models).
    pub replicate: Option<Endpoint>,
    /// Stability AI (image models).
    pub stability: Option<Endpoint>,
}

impl ProviderSettings {
    /// Reads the usual variables through `lookup` (e.g. `|k| std::env::var(k).ok()`); empty
    /// values count as unset. OpenAI, Anthropic, Gemini, Replicate and Stability are
    /// configured by their key (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`,
    /// `REPLICATE_API_TOKEN`, `STABILITY_API_KEY`; the base URL is optional:
    /// `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`, `REPLICATE_BASE_URL`,
    /// `STABILITY_BASE_URL`); the compatible server by `COMPATIBLE_BASE_URL` (key optional:
    /// `COMPATIBLE_API_KEY`).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ProviderSettings {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let keyed = |key: &str, base: &str, default: &str| {
            get(key).map(|k| Endpoint::new(get(base).unwrap_or_else(|| default.to_string()), Some(k)))
        };
        ProviderSettings {
            openai: keyed("OPENAI_API_KEY", "OPENAI_BASE_URL", Endpoint::OPENAI_BASE_URL),
            anthropic: keyed("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", Endpoint::ANTHROPIC_BASE_URL),
            gemini: keyed("GEMINI_API_KEY", "GEMINI_BASE_URL", Endpoint::GEMINI_BASE_URL),
            compatible: get("COMPATIBLE_BASE_URL").map(|base| Endpoint::new(base, get("COMPATIBLE_API_KEY"))),
            replicate: keyed("REPLICATE_API_TOKEN", "REPLICATE_BASE_URL", Endpoint::REPLICATE_BASE_URL),
            stability: keyed("STABILITY_API_KEY", "STABILITY_BASE_URL", Endpoint::STABILITY_BASE_URL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_variables() {
        let vars = [
            ("OPENAI_API_KEY", "sk-1"),
            ("ANTHROPIC_API_KEY", " "),
            ("GEMINI_API_KEY", "g-1"),
            ("GEMINI_BASE_URL", "http://127.0.0.1:9/v1beta/"),
            ("COMPATIBLE_BASE_URL", "http://localhost:11434/v1"),
            ("REPLICATE_API_TOKEN", "r8_secret"),
            ("STABILITY_API_KEY", "sk-stab"),
            ("STABILITY_BASE_URL", "http://127.0.0.1:9/v2beta"),
        ];
        let s = ProviderSettings::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()));
        assert_eq!(s.openai, Some(Endpoint::new(Endpoint::OPENAI_BASE_URL, Some("sk-1".into()))));
        assert_eq!(s.anthropic, None, "a blank key is no key");
        assert_eq!(s.gemini.as_ref().unwrap().url("/models"), "http://127.0.0.1:9/v1beta/models");
        assert_eq!(s.compatible, Some(Endpoint::new("http://localhost:11434/v1", None)));
        assert_eq!(s.replicate, Some(Endpoint::new(Endpoint::REPLICATE_BASE_URL, Some("r8_secret".into()))));
        assert_eq!(s.stability, Some(Endpoint::new("http://127.0.0.1:9/v2beta", Some("sk-stab".into()))));
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("sk-1")
                && !shown.contains("g-1")
                && !shown.contains("r8_secret")
                && !shown.contains("sk-stab"),
            "{shown}"
        );
        let none = ProviderSettings::from_lookup(|k| (k == "REPLICATE_BASE_URL").then(|| "http://x/v1".to_string()));
        assert_eq!(none, ProviderSettings::default(), "a base URL without a key configures nothing");
    }
}
