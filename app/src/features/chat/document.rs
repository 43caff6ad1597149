//! A PDF attached to a chat message (Pro and Creator, `PlanFeature::PdfSummary`): its text
//! is read on the server (poppler's `pdftotext`), and the model reads it with the message —
//! whole when it fits the model's context, otherwise summarised in parts first (each part a
//! metered generation), then answered from the parts' summaries. What the model read is
//! kept with the message (`messages.context`), so the conversation can go on about it.

use crate::error::AppError;
use crate::features::plans::PlanFeature;
use crate::platform::ai::ModelInfo;
use crate::platform::work::generate::{self, Generate};
use crate::platform::AppState;
use pulse_providers::demo::is_mostly_arabic;
use pulse_providers::estimate_tokens;
use std::time::Duration;

/// Room kept for the question, the history and the system prompt beside the document.
const OVERHEAD_TOKENS: u64 = 1_500;
/// At most this much of a document goes to the model at once, whatever its context.
const MAX_DOCUMENT_TOKENS: u64 = 24_000;
/// At most this many rounds of summarising summaries.
const MAX_ROUNDS: usize = 3;
/// Longer documents (about a thousand pages) are refused before any part is summarised.
const MAX_PDF_TOKENS: u64 = 400_000;
/// How much of a document's text moderation reads before it is summarised.
const MODERATED_CHARS: usize = 20_000;
/// A PDF's text is read within this time.
const EXTRACT_TIMEOUT: Duration = Duration::from_secs(30);

/// What the model reads of a document, and how it was made.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub name: String,
    pub material: String,
    /// Provider calls made to summarise it in parts (0: the whole text fits).
    pub part_calls: usize,
}

/// The text a message carries to the model with its document.
pub fn with_document(content: &str, material: &str) -> String {
    format!("{content}\n\n<document>\n{material}\n</document>")
}

/// Whether a file of this type is a document whose text a model can read (a PDF or a Word
/// document).
pub fn is_document(content_type: &str) -> bool {
    super::model::is_document_type(content_type)
}

/// The text of a document: a Word document's paragraphs, or a PDF's text.
pub async fn document_text(bytes: Vec<u8>, content_type: &str) -> Result<String, AppError> {
    if content_type != crate::platform::storage::inspect::DOCX_MIME {
        return extract_text(&bytes).await;
    }
    let text = tokio::task::spawn_blocking(move || pulse_documents::docx_text::docx_text(&bytes))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|_| AppError::Validation("chat-pdf-unreadable".into()))?;
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(AppError::Validation("chat-pdf-no-text".into()));
    }
    Ok(text)
}

/// The text of a PDF in reading order (poppler's `pdftotext`); a PDF without text (a scan)
/// is a translated error.
pub async fn extract_text(pdf: &[u8]) -> Result<String, AppError> {
    let dir = tempfile_dir()?;
    let path = dir.join("document.pdf");
    tokio::fs::write(&path, pdf).await.map_err(|_| AppError::Internal)?;
    let run = tokio::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-nopgbrk"])
        .arg(&path)
        .arg("-")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(EXTRACT_TIMEOUT, run).await;
    let _ = tokio::fs::remove_dir_all(&dir).await;
    let out = match out {
        Err(_) => return Err(AppError::Validation("chat-pdf-unreadable".into())),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "pdftotext could not run");
            return Err(AppError::Unavailable);
        }
        Ok(Ok(out)) => out,
    };
    if !out.status.success() {
        return Err(AppError::Validation("chat-pdf-unreadable".into()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let text: String = text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let text = text.trim().to_string();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(AppError::Validation("chat-pdf-no-text".into()));
    }
    Ok(text)
}

fn tempfile_dir() -> Result<std::path::PathBuf, AppError> {
    let dir = std::env::temp_dir().join(format!("pulse-pdf-{}", crate::features::files::service::new_file_id()));
    std::fs::create_dir_all(&dir).map_err(|_| AppError::Internal)?;
    Ok(dir)
}

/// How much of a document a model reads at once.
fn document_budget(model: &ModelInfo) -> u64 {
    let answer = u64::from(model.max_output).min(4_096);
    u64::from(model.max_context).saturating_sub(answer + OVERHEAD_TOKENS).clamp(500, MAX_DOCUMENT_TOKENS)
}

/// Splits text into pieces of at most `budget` estimated tokens, at line ends where it can.
fn split(text: &str, budget: u64) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if estimate_tokens(line) > budget {
            // A very long line: cut it by characters.
            let chars: Vec<char> = line.chars().collect();
            let per = (chars.len() as u64 * budget / estimate_tokens(line).max(1)).max(1) as usize;
            for piece in chars.chunks(per) {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
                parts.push(piece.iter().collect());
            }
            continue;
        }
        if estimate_tokens(&current) + estimate_tokens(line) > budget && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        current.push_str(line);
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

/// What the model reads of `text`: the text when it fits, else summaries of its parts
/// (summarised again while they do not fit), each part a metered generation in the
/// language of the user's question.
pub async fn digest(
    state: &AppState,
    user_id: i64,
    model: &ModelInfo,
    name: &str,
    text: String,
    question: &str,
) -> Result<Document, AppError> {
    let budget = document_budget(model);
    let arabic = is_mostly_arabic(question) || (question.trim().is_empty() && is_mostly_arabic(&text));
    let mut material = text;
    let mut part_calls = 0;
    for _ in 0..MAX_ROUNDS {
        if estimate_tokens(&material) <= budget {
            return Ok(Document { name: name.to_string(), material, part_calls });
        }
        let answer = (budget / 8).clamp(150, 800);
        let part_budget = budget.saturating_sub(answer + 200).max(200);
        let parts = split(&material, part_budget);
        let total = parts.len();
        let mut summaries = Vec::with_capacity(total);
        for (i, part) in parts.into_iter().enumerate() {
            let job = part_job(model, &part, i + 1, total, arabic, answer as u32);
            let done = generate::generate(state, user_id, job, None).await?;
            part_calls += 1;
            summaries.push(format!("[{}/{}] {}", i + 1, total, done.text.trim()));
        }
        material = summaries.join("\n\n");
    }
    if estimate_tokens(&material) <= budget {
        Ok(Document { name: name.to_string(), material, part_calls })
    } else {
        Err(AppError::Validation("chat-pdf-too-long".into()))
    }
}

fn part_job(model: &ModelInfo, part: &str, n: usize, total: usize, arabic: bool, answer: u32) -> Generate {
    let lang = if arabic { "Arabic" } else { "English" };
    // Offline (the demo model): the part's first lines stand for its summary.
    let draft: String = part.lines().filter(|l| !l.trim().is_empty()).take(2).collect::<Vec<_>>().join(" ");
    let draft: String = draft.chars().take(300).collect();
    Generate {
        feature: "pdf_summary",
        model: Some(model.id.clone()),
        system: format!(
            "You summarise part {n} of {total} of a document, in {lang}: its main points and any figures, \
             names and dates, in at most a few short paragraphs. No preamble."
        ),
        prompt: part.to_string(),
        max_output: answer,
        demo_draft: Some(draft),
    }
}

/// The attached PDF of a turn, read and digested for `model`. Pro and Creator only.
pub async fn prepare(
    state: &AppState,
    user_id: i64,
    model: &ModelInfo,
    file: &crate::features::files::FileView,
    key: &crate::platform::storage::ObjectKey,
    question: &str,
) -> Result<Document, AppError> {
    crate::platform::plan_features::require(&state.db, user_id, PlanFeature::PdfSummary).await?;
    let bytes = state.storage.get_bytes(key).await.map_err(|e| {
        tracing::error!(error = %e, "pdf attachment");
        AppError::Unavailable
    })?;
    let text = document_text(bytes, &file.content_type).await?;
    // Refused before any part is paid for: too long to ever fit, or refused by moderation.
    if estimate_tokens(&text) > MAX_PDF_TOKENS {
        return Err(AppError::Validation("chat-pdf-too-long".into()));
    }
    let sample: String = text.chars().take(MODERATED_CHARS).collect();
    crate::platform::work::screen(state, user_id, crate::platform::work::Screen::text("chat", &sample)).await?;
    digest(state, user_id, model, &file.name, text, question).await
}

/// What summarising a document may cost (the cost preview): its parts and the answer.
pub fn estimated_cost(model: &ModelInfo, doc_tokens: u64) -> (u64, u64) {
    let budget = document_budget(model);
    let answer = u64::from(model.max_output).min(4_096);
    let priced = model.at_reserve_weight();
    if doc_tokens <= budget {
        let min = priced.plan_tokens(doc_tokens + 64);
        return (min, priced.plan_tokens(doc_tokens + OVERHEAD_TOKENS + answer));
    }
    let parts = doc_tokens.div_ceil(budget.saturating_sub(budget / 8 + 200).max(200));
    let part_out = (budget / 8).clamp(150, 800);
    let min = priced.plan_tokens(doc_tokens + parts * 64);
    let max = priced.plan_tokens(doc_tokens + parts * (part_out + 200) + parts * part_out + OVERHEAD_TOKENS + answer);
    (min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_split_within_the_budget_at_line_ends() {
        let text = "line one is here\n".repeat(300);
        let parts = split(&text, 200);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| estimate_tokens(p) <= 200));
        assert_eq!(parts.concat(), text, "nothing lost, nothing reordered");
        let long_line = "x".repeat(5_000);
        assert!(split(&long_line, 100).iter().all(|p| estimate_tokens(p) <= 100));
    }
}
