//! The offline demo model: always present, needs no key. It answers in the language of the
//! last user message with deterministic text (a short reply that quotes the question, a
//! list and a code block, so every part of the chat renders), streamed a few words at a
//! time at a realistic pace, and reports usage like a real provider.

use crate::{estimate_tokens, ChatProvider, ChatRequest, Event, EventStream, FinishReason, ProviderError, Role, Usage};
use futures_util::future::BoxFuture;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct DemoProvider {
    /// Pause between chunks (default 40 ms: about 25 chunks a second).
    pub pace: Duration,
}

impl Default for DemoProvider {
    fn default() -> Self {
        DemoProvider { pace: Duration::from_millis(40) }
    }
}

/// The line after which a tool's prompt carries its offline draft (see [`answer`]); the
/// app adds it for the demo model only.
pub const DRAFT_MARKER: &str = "\nDraft:\n";

/// Arabic if the text has more Arabic letters than Latin ones.
pub fn is_mostly_arabic(text: &str) -> bool {
    let arabic = text.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    arabic > latin
}

/// The full answer the demo gives to a conversation.
pub fn answer(request: &ChatRequest) -> String {
    let question =
        request.messages.iter().rev().find(|m| m.role == Role::User).map(|m| m.joined_text()).unwrap_or_default();
    // A document read with the question (chat's PDF summary): its first lines, as points.
    if let Some((asked, rest)) = question.split_once("\n\n<document>\n") {
        let doc = rest.rsplit_once("\n</document>").map(|(d, _)| d).unwrap_or(rest);
        let points: Vec<String> = doc
            .lines()
            .map(str::trim)
            .filter(|l| l.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
            .take(4)
            .map(|l| format!("- {}", l.chars().take(160).collect::<String>()))
            .collect();
        return if is_mostly_arabic(asked) || is_mostly_arabic(doc) {
            format!("**أهم ما في المستند** (النموذج التجريبي يعرض أوله):\n\n{}\n", points.join("\n"))
        } else {
            format!("**The document's main points** (the demo model shows its start):\n\n{}\n", points.join("\n"))
        };
    }
    // A tool's task (a CV summary, a bullet to improve) carries a draft its service made
    // offline; the demo model returns it, so the tools' AI help works with no keys.
    if request.system.is_some() {
        if let Some((_, draft)) = question.rsplit_once(DRAFT_MARKER) {
            let draft = draft.trim();
            if !draft.is_empty() {
                return draft.to_string();
            }
        }
    }
    let quoted: String = question.split_whitespace().take(12).collect::<Vec<_>>().join(" ");
    if is_mostly_arabic(&question) {
        format!(
            "أهلًا! هذا **النموذج التجريبي** لبلس، يعمل دون اتصال ودون مفاتيح.\n\n\
             سألتَ: «{quoted}»\n\n\
             في النسخة الكاملة يجيبك نموذج حقيقي مثل GPT أو Claude أو Gemini. إليك ما يمكنك تجربته الآن:\n\n\
             1. اكتب سؤالًا آخر لترى الإجابة تظهر كلمةً كلمة.\n\
             2. اضغط «أوقف» أثناء الكتابة: تُحسب الرموز المستخدمة فقط.\n\
             3. انظر إلى العدّاد في الأعلى بعد كل إجابة.\n\n\
             ومثال على شيفرة تبقى من اليسار إلى اليمين:\n\n\
             ```python\nprint(\"مرحبا من بلس\")\n```\n"
        )
    } else {
        format!(
            "Hello! This is Pulse's **demo model**: it works offline, with no keys.\n\n\
             You asked: \"{quoted}\"\n\n\
             With a provider configured, a real model such as GPT, Claude or Gemini answers. Things to try now:\n\n\
             1. Ask another question and watch the answer stream in.\n\
             2. Press Stop while it writes: only the tokens produced are counted.\n\
             3. Check the meter after each answer.\n\n\
             And a code block, always left to right:\n\n\
             ```python\nprint(\"Hello from Pulse\")\n```\n"
        )
    }
}

/// Where the chunk that starts at `from` ends: about three words, or the end of the line,
/// keeping every character.
fn chunk_end(text: &str, from: usize) -> usize {
    let mut end = from;
    for (words, piece) in text[from..].split_inclusive([' ', '\n']).enumerate() {
        end += piece.len();
        if words == 2 || piece.ends_with('\n') {
            break;
        }
    }
    end
}

impl ChatProvider for DemoProvider {
    fn stream(&self, request: ChatRequest) -> BoxFuture<'_, Result<EventStream, ProviderError>> {
        let pace = self.pace;
        Box::pin(async move {
            let input_tokens = request.system.as_deref().map(estimate_tokens).unwrap_or(0)
                + request.messages.iter().map(|m| estimate_tokens(&m.joined_text())).sum::<u64>();
            let full = answer(&request);
            let max = u64::from(request.max_output_tokens);
            Ok(async_stream_events(full, pace, input_tokens, max))
        })
    }
}

/// Streams `full` a chunk at a time. While an answer streams, all it holds is the answer
/// and how far it has got (a server may hold ten thousand of these at once).
fn async_stream_events(full: String, pace: Duration, input_tokens: u64, max_output: u64) -> EventStream {
    use futures_util::stream::{self, StreamExt};
    struct S {
        full: String,
        /// How much of `full` has been sent.
        sent: usize,
        done: bool,
        usage_sent: bool,
        finish: FinishReason,
    }
    let state = S { full, sent: 0, done: false, usage_sent: false, finish: FinishReason::Stop };
    let s = stream::unfold(state, move |mut st| async move {
        if st.usage_sent {
            return None;
        }
        if st.done {
            st.usage_sent = true;
            let usage = Usage { input_tokens, output_tokens: estimate_tokens(&st.full[..st.sent]) };
            return Some((Ok(Event::Usage(usage)), st));
        }
        if st.sent < st.full.len() {
            let end = chunk_end(&st.full, st.sent);
            if estimate_tokens(&st.full[..end]) > max_output {
                st.done = true;
                st.finish = FinishReason::Length;
                return Some((Ok(Event::Finished(FinishReason::Length)), st));
            }
            tokio::time::sleep(pace).await;
            let chunk = st.full[st.sent..end].to_string();
            st.sent = end;
            Some((Ok(Event::Text(chunk)), st))
        } else {
            st.done = true;
            let reason = st.finish;
            Some((Ok(Event::Finished(reason)), st))
        }
    });
    s.boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;
    use futures_util::StreamExt;

    fn request(q: &str, max: u32) -> ChatRequest {
        ChatRequest {
            model: "demo".into(),
            system: None,
            messages: vec![Message::text(Role::User, q)],
            max_output_tokens: max,
            temperature: None,
        }
    }

    async fn collect(req: ChatRequest) -> (String, Vec<Event>) {
        let p = DemoProvider { pace: Duration::from_millis(0) };
        let events: Vec<Event> = p.stream(req).await.unwrap().map(|e| e.unwrap()).collect().await;
        let text = events.iter().filter_map(|e| if let Event::Text(t) = e { Some(t.clone()) } else { None }).collect();
        (text, events)
    }

    #[tokio::test]
    async fn answers_in_the_language_asked_and_reports_usage() {
        let (ar, events) = collect(request("ما هي عاصمة الأردن؟", 4000)).await;
        assert!(ar.contains("النموذج التجريبي") && ar.contains("```python"), "{ar}");
        assert_eq!(events[events.len() - 2], Event::Finished(FinishReason::Stop));
        let Event::Usage(u) = events.last().unwrap() else { panic!("usage last") };
        assert_eq!(u.output_tokens, estimate_tokens(&ar));
        assert!(u.input_tokens > 0);
        let (en, _) = collect(request("What is the capital of Jordan?", 4000)).await;
        assert!(en.starts_with("Hello!"));
        assert_eq!(collect(request("What is the capital of Jordan?", 4000)).await.0, en, "deterministic");
    }

    #[tokio::test]
    async fn streams_the_whole_answer_a_few_words_at_a_time() {
        let req = request("ما هي عاصمة الأردن؟", 4000);
        let full = answer(&req);
        let (text, events) = collect(req).await;
        assert_eq!(text, full, "every character, in order");
        let chunks: Vec<&String> =
            events.iter().filter_map(|e| if let Event::Text(t) = e { Some(t) } else { None }).collect();
        assert!(chunks.len() > 10, "{}", chunks.len());
        for c in chunks {
            assert!(!c.is_empty() && c.split_inclusive([' ', '\n']).count() <= 3, "{c:?}");
            assert!(!c.trim_end_matches('\n').contains('\n'), "a line ends a chunk: {c:?}");
        }
    }

    #[tokio::test]
    async fn stops_at_the_output_limit() {
        let (text, events) = collect(request("hello", 20)).await;
        assert!(estimate_tokens(&text) <= 20);
        assert!(events.contains(&Event::Finished(FinishReason::Length)));
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;
    use crate::{ChatRequest, Message};

    #[test]
    fn a_document_read_with_the_question_is_answered_with_its_first_lines() {
        let text = "لخّص هذا المستند\n\n<document>\nتقرير سنوي\nنمت شركة شمس عمان بنسبة كبيرة.\n</document>";
        let req = ChatRequest {
            model: String::new(),
            system: None,
            messages: vec![Message::text(Role::User, text)],
            max_output_tokens: 100,
            temperature: None,
        };
        let a = answer(&req);
        assert!(a.contains("- تقرير سنوي") && a.contains("- نمت شركة شمس عمان"), "{a}");
    }
}
