use crate::types::UnixMillis;
use serde::{Deserialize, Serialize};

/// A model in the selector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelOption {
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    pub vision: bool,
}

/// One conversation in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationItem {
    pub id: i64,
    pub title: String,
    pub updated_at: UnixMillis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageRole {
    User,
    Assistant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageStatus {
    Streaming,
    Complete,
    Stopped,
    Error,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Streaming => "streaming",
            MessageStatus::Complete => "complete",
            MessageStatus::Stopped => "stopped",
            MessageStatus::Error => "error",
        }
    }

    pub fn parse(s: &str) -> MessageStatus {
        match s {
            "streaming" => MessageStatus::Streaming,
            "stopped" => MessageStatus::Stopped,
            "error" => MessageStatus::Error,
            _ => MessageStatus::Complete,
        }
    }
}

/// One message as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub role: MessageRole,
    pub content: String,
    pub model: Option<String>,
    pub status: MessageStatus,
    /// The message key of the error that ended it, if any.
    pub error: Option<String>,
    pub tokens_in: i64,
    pub tokens_out: i64,
    /// What the plan was charged (provider tokens × the model's weight).
    pub plan_tokens: i64,
    /// An attached image (a file id of the user).
    pub file_id: Option<String>,
}

/// A conversation with its messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationView {
    pub id: i64,
    pub title: String,
    pub model: Option<String>,
    pub system_prompt: Option<String>,
    pub messages: Vec<MessageView>,
}

/// What the page starts with: models, the conversation list, the open conversation, and
/// this period's token allowance (to say what one answer was of the plan).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatHome {
    pub models: Vec<ModelOption>,
    pub conversations: Vec<ConversationItem>,
    pub open: Option<ConversationView>,
    pub tokens_limit: i64,
    /// The longest message this plan sends (estimated tokens; Creator's long prompts).
    pub prompt_limit: i64,
    /// The plan's features (PDF summaries show their lock without one).
    pub features: Vec<crate::features::plans::PlanFeature>,
}

/// How a turn starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum TurnMode {
    /// A new user message.
    New,
    /// Answer the last user message again (the last answer is replaced).
    Regenerate,
    /// Replace a user message (and everything after it) and answer it.
    Edit { message_id: i64 },
}

/// The body of `POST /chat/stream`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnRequest {
    pub conversation_id: Option<i64>,
    pub model: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub file_id: Option<String>,
    #[serde(flatten)]
    pub mode: TurnMode,
}

/// One server-sent event of `POST /chat/stream` (its `data`, as JSON; the event name is
/// the variant in snake case).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamEvent {
    /// First: where the turn lives.
    Meta {
        conversation_id: i64,
        title: String,
        user_message_id: i64,
        assistant_message_id: i64,
        model: String,
    },
    Delta {
        text: String,
    },
    /// Last, always: the final state and what it cost.
    Done {
        status: MessageStatus,
        error: Option<String>,
        tokens_in: i64,
        tokens_out: i64,
        plan_tokens: i64,
    },
}

/// Longest message a user may send, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200_000;

/// A PDF or a Word document: the model reads its text (Pro and Creator's document summary).
pub fn is_document_type(content_type: &str) -> bool {
    content_type == "application/pdf"
        || content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}

/// The composer's token count: the same estimate as the server's
/// (`pulse_providers::estimate_tokens`, checked equal by a test) — about 4 characters a
/// token for Latin text, 2 for Arabic.
pub fn estimate_tokens(text: &str) -> u64 {
    let (mut latin, mut other) = (0u64, 0u64);
    for c in text.chars() {
        if c.is_ascii() {
            latin += 1;
        } else {
            other += 1;
        }
    }
    let n = latin.div_ceil(4) + other.div_ceil(2);
    if n == 0 && !text.is_empty() {
        1
    } else {
        n
    }
}
/// Longest system prompt, in characters.
pub const MAX_SYSTEM_PROMPT_CHARS: usize = 4_000;

/// A conversation title from its first message: the first line, at most about 60
/// characters, cut at a word.
pub fn title_from(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if line.chars().count() <= 60 {
        return line.to_string();
    }
    let cut: String = line.chars().take(60).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&i| i > 20).map(|i| cut[..i].to_string()).unwrap_or(cut);
    format!("{}…", at_word.trim_end())
}

/// Splits a growing buffer of SSE text into complete events' `data` payloads.
pub fn drain_events(buffer: &mut String) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let normalized = buffer.replace("\r\n", "\n");
        if normalized.len() != buffer.len() {
            *buffer = normalized;
        }
        let Some(end) = buffer.find("\n\n") else { break };
        let raw: String = buffer.drain(..end + 2).collect();
        let data: Vec<&str> =
            raw.lines().filter_map(|l| l.strip_prefix("data:")).map(|d| d.strip_prefix(' ').unwrap_or(d)).collect();
        if !data.is_empty() {
            out.push(data.join("\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_cut_at_blank_lines_whatever_the_chunking() {
        let mut b = String::from("event: delta\ndata: {\"a\":1}\n\nevent: de");
        assert_eq!(drain_events(&mut b), vec!["{\"a\":1}"]);
        b.push_str("lta\r\ndata: {\"b\":2}\r\n\r\n:keep-alive\n\n");
        assert_eq!(drain_events(&mut b), vec!["{\"b\":2}"]);
        assert!(b.is_empty());
    }

    #[test]
    fn titles_are_short_and_cut_at_words() {
        assert_eq!(title_from("\n  مرحبا  \nثانيًا"), "مرحبا");
        let long = "اكتب لي رسالة تغطية لوظيفة مطور برمجيات في شركة ناشئة في عمّان تركز على الذكاء الاصطناعي";
        let t = title_from(long);
        assert!(t.ends_with('…') && t.chars().count() <= 61, "{t}");
        assert!(long.starts_with(t.trim_end_matches('…')));
    }

    #[test]
    fn turn_requests_read_as_the_browser_sends_them() {
        let r: TurnRequest =
            serde_json::from_str(r#"{"conversation_id":null,"model":"demo:pulse-demo","content":"hi","mode":"new"}"#)
                .unwrap();
        assert_eq!(r.mode, TurnMode::New);
        let r: TurnRequest =
            serde_json::from_str(r#"{"conversation_id":3,"model":"m","mode":"edit","message_id":9,"content":"x"}"#)
                .unwrap();
        assert_eq!(r.mode, TurnMode::Edit { message_id: 9 });
    }
}

#[cfg(all(test, feature = "ssr"))]
mod estimate_tests {
    #[test]
    fn the_composers_estimate_is_the_servers() {
        for text in ["", "a", "Hello, world", "مرحبا بالعالم", "Rust و WebAssembly 2026", &"x".repeat(10_001)]
        {
            assert_eq!(super::estimate_tokens(text), pulse_providers::estimate_tokens(text), "{text}");
        }
    }
}
