//! The `cv_documents` table's home, the CV's renders (preview, PDF, DOCX) and its AI help.

use super::model::*;
use crate::error::AppError;
use crate::features::files::{self, FileKind};
use crate::platform::db::{failed, Db};
use crate::platform::documents::{self, Pages, PreviewCache};
use crate::platform::work::generate::{self, Generate, Generated};
use crate::platform::AppState;
use crate::types::UnixMillis;
use pulse_documents::cv::date_range;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tokio::sync::mpsc;

const COLUMNS: &str = "id, title, lang, template, ats, content, version, updated_at";

/// A row of `cv_documents`.
#[derive(Debug, sqlx::FromRow)]
struct CvRow {
    id: i64,
    title: String,
    lang: String,
    template: String,
    ats: i64,
    content: String,
    version: i64,
    updated_at: i64,
}

impl CvRow {
    fn into_doc(self) -> CvDoc {
        let content = serde_json::from_str(&self.content).unwrap_or_else(|e| {
            tracing::error!(error = %e, cv = self.id, "cv content unreadable");
            CvContent::default()
        });
        CvDoc {
            id: self.id,
            title: self.title,
            version: self.version,
            cv: Cv {
                lang: CvLang::parse(&self.lang).unwrap_or_default(),
                template: CvTemplate::parse(&self.template).unwrap_or_default(),
                ats: self.ats != 0,
                content,
            },
            updated_at: self.updated_at,
        }
    }
}

fn check_title(title: &str) -> Result<String, AppError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 80 {
        return Err(AppError::Validation("cv-title-invalid".into()));
    }
    Ok(title.to_string())
}

fn content_json(content: &CvContent) -> Result<String, AppError> {
    let json = serde_json::to_string(content).map_err(|_| AppError::Internal)?;
    if json.len() > MAX_CONTENT_BYTES {
        return Err(AppError::Validation("cv-too-large".into()));
    }
    Ok(json)
}

/// The user's CVs, the last edited first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<CvItem>, AppError> {
    let rows: Vec<CvRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cv_documents WHERE user_id = $1 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await
    .map_err(failed("list cvs"))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let d = r.into_doc();
            CvItem {
                id: d.id,
                title: d.title,
                lang: d.cv.lang,
                template: d.cv.template,
                ats: d.cv.ats,
                updated_at: d.updated_at,
            }
        })
        .collect())
}

/// One CV of this user; another user's id is not found.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<CvDoc, AppError> {
    let row: Option<CvRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM cv_documents WHERE id = $1 AND user_id = $2"))
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.pool())
            .await
            .map_err(failed("get cv"))?;
    row.map(CvRow::into_doc).ok_or(AppError::NotFound)
}

/// Refuses early (before anything is charged) when the user keeps the most CVs.
async fn check_room(db: &Db, user_id: i64) -> Result<(), AppError> {
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cv_documents WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .map_err(failed("count cvs"))?;
    if held >= MAX_CVS {
        return Err(AppError::Validation("cv-too-many".into()));
    }
    Ok(())
}

/// Makes a CV (counted and inserted under the user's lock: at most [`MAX_CVS`]).
pub async fn create(db: &Db, user_id: i64, title: &str, cv: &Cv) -> Result<CvDoc, AppError> {
    let title = check_title(title)?;
    let content = content_json(&cv.content)?;
    let now = UnixMillis::now().0;
    let failed = failed("create cv");
    let mut tx = crate::platform::metering::ledger::lock_user(db, user_id).await.map_err(&failed)?;
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cv_documents WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(tx.conn())
        .await
        .map_err(&failed)?;
    if held >= MAX_CVS {
        tx.rollback().await;
        return Err(AppError::Validation("cv-too-many".into()));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cv_documents (user_id, title, lang, template, ats, content, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
    )
    .bind(user_id)
    .bind(&title)
    .bind(cv.lang.code())
    .bind(cv.template.code())
    .bind(i64::from(cv.ats))
    .bind(&content)
    .bind(now)
    .fetch_one(tx.conn())
    .await
    .map_err(&failed)?;
    tx.commit().await.map_err(&failed)?;
    Ok(CvDoc { id, title, version: 1, cv: cv.clone(), updated_at: now })
}

/// Saves the editor's CV over version `base`. When someone saved since (another tab,
/// another device), nothing is written and the user is told.
pub async fn save(db: &Db, user_id: i64, id: i64, base: i64, title: &str, cv: &Cv) -> Result<Saved, AppError> {
    let title = check_title(title)?;
    let content = content_json(&cv.content)?;
    let now = UnixMillis::now().0;
    let done = sqlx::query(
        "UPDATE cv_documents SET title = $1, lang = $2, template = $3, ats = $4, content = $5, version = version + 1, \
         updated_at = $6 WHERE id = $7 AND user_id = $8 AND version = $9",
    )
    .bind(&title)
    .bind(cv.lang.code())
    .bind(cv.template.code())
    .bind(i64::from(cv.ats))
    .bind(&content)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .bind(base)
    .execute(db.pool())
    .await
    .map_err(failed("save cv"))?;
    if done.rows_affected() == 0 {
        get(db, user_id, id).await?; // not found, or …
        return Err(AppError::Conflict("error-conflict".into())); // … changed since
    }
    Ok(Saved { version: base + 1, updated_at: now })
}

/// A copy named `title`.
pub async fn duplicate(db: &Db, user_id: i64, id: i64, title: &str) -> Result<CvDoc, AppError> {
    let doc = get(db, user_id, id).await?;
    create(db, user_id, title, &doc.cv).await
}

pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("DELETE FROM cv_documents WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(db.pool())
        .await
        .map_err(failed("delete cv"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Adds a chat answer to a CV: as its summary or as a new bullet of a role.
pub async fn add_text(db: &Db, user_id: i64, id: i64, target: CvTarget, text: &str) -> Result<Saved, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Validation("cv-text-empty".into()));
    }
    let mut doc = get(db, user_id, id).await?;
    match target {
        CvTarget::Summary => doc.cv.content.summary = text.to_string(),
        CvTarget::Bullet { experience } => {
            if doc.cv.content.experience.is_empty() {
                doc.cv.content.experience.push(Experience::default());
            }
            let i = experience.min(doc.cv.content.experience.len() - 1);
            doc.cv.content.experience[i].bullets.push(text.to_string());
        }
    }
    save(db, user_id, id, doc.version, &doc.title, &doc.cv).await
}

// ---- renders ----

static PREVIEWS: LazyLock<PreviewCache> = LazyLock::new(PreviewCache::default);

/// The saved CV's pages as SVG, laid out exactly as its PDF.
pub async fn preview_pages(db: &Db, user_id: i64, id: i64) -> Result<(i64, Pages), AppError> {
    let doc = get(db, user_id, id).await?;
    if let Some(pages) = PREVIEWS.get(doc.id, doc.version) {
        return Ok((doc.version, pages));
    }
    let cv = doc.cv.clone();
    let pages = Arc::new(documents::blocking(move || pulse_documents::cv::cv_svg_pages(&cv)).await?);
    PREVIEWS.put(doc.id, doc.version, pages.clone());
    Ok((doc.version, pages))
}

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Pdf,
    Docx,
}

/// Renders the saved CV, keeps it as the user's file and answers a signed link that saves it.
/// Exports cost no quota (the storage cap still holds).
pub async fn export(state: &AppState, user_id: i64, id: i64, format: ExportFormat) -> Result<String, AppError> {
    let doc = get(&state.db, user_id, id).await?;
    let cv = doc.cv.clone();
    let (bytes, ext, content_type) = match format {
        ExportFormat::Pdf => {
            (documents::blocking(move || pulse_documents::cv::cv_pdf(&cv)).await?, "pdf", "application/pdf")
        }
        ExportFormat::Docx => (
            documents::blocking(move || pulse_documents::cv::cv_docx(&cv)).await?,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    };
    let name = format!("{}.{ext}", documents::file_name(&doc.title, "CV"));
    let file = files::service::save_bytes(state, user_id, FileKind::Doc, &name, content_type, bytes, None).await?;
    files::service::download_url(state, user_id, &file.id, false).await
}

// ---- AI help ----

fn lang_name(lang: CvLang) -> &'static str {
    match lang {
        CvLang::Ar => "Arabic (Modern Standard, as written in Jordan)",
        CvLang::En => "English",
    }
}

/// The entries as plain lines, for the model to read.
fn entries_text(cv: &Cv) -> String {
    let c = &cv.content;
    let mut out = Vec::new();
    if !c.headline.is_empty() {
        out.push(format!("Headline: {}", c.headline));
    }
    for e in &c.experience {
        out.push(format!(
            "Role: {} at {} ({}, {})",
            e.role,
            e.company,
            e.place,
            date_range(&e.start, &e.end, e.current, cv.lang)
        ));
        for b in &e.bullets {
            out.push(format!("  - {b}"));
        }
    }
    for e in &c.education {
        out.push(format!("Education: {} — {}", e.degree, e.school));
    }
    if !c.skills.is_empty() {
        out.push(format!("Skills: {}", c.skills.join(", ")));
    }
    out.join("\n")
}

/// An offline first draft of the summary from the entries (the demo model returns it;
/// a real model improves on it).
fn summary_draft(cv: &Cv) -> String {
    let c = &cv.content;
    let headline = c.headline.trim();
    let companies: Vec<&str> =
        c.experience.iter().map(|e| e.company.trim()).filter(|s| !s.is_empty()).take(3).collect();
    let skills: Vec<&str> = c.skills.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).take(4).collect();
    match cv.lang {
        CvLang::Ar => {
            // First person: the same words for a woman and a man.
            let at = companies.join(" و");
            let mut s = match (headline.is_empty(), companies.is_empty()) {
                (false, false) => format!("{headline} بخبرة عملية في {at}."),
                (false, true) => format!("{headline}."),
                (true, false) => format!("لدي خبرة عملية في {at}."),
                (true, true) => String::new(),
            };
            if !skills.is_empty() {
                s.push_str(&format!(" أتقن {}.", skills.join("، ")));
            }
            s.push_str(" أسعى إلى إضافة قيمة حقيقية إلى فريق العمل.");
            s.trim().to_string()
        }
        CvLang::En => {
            let mut parts = Vec::new();
            parts.push(if headline.is_empty() { "Professional".to_string() } else { headline.to_string() });
            if !companies.is_empty() {
                parts.push(format!("with experience at {}", companies.join(", ")));
            }
            let mut s = parts.join(" ");
            if !skills.is_empty() {
                s.push_str(&format!(", skilled in {}", skills.join(", ")));
            }
            format!("{s}, eager to add real value to the team.")
        }
    }
}

fn bullet_draft(bullet: &str) -> String {
    bullet.trim().trim_end_matches(['.', '،']).to_string()
}

/// The generation for a task, or a translated validation error when the task points nowhere.
pub fn ai_job(cv: &Cv, task: AiTask) -> Result<Generate, AppError> {
    let lang = lang_name(cv.lang);
    let (system, prompt, draft) = match task {
        AiTask::Summary => (
            format!(
                "You write CV summaries. Write a professional summary of 2 to 3 sentences in {lang}, \
                 first person implied (no 'I'), concrete, no clichés, no markdown, no quotes. \
                 Reply with the summary text only."
            ),
            format!("CV entries:\n{}", entries_text(cv)),
            summary_draft(cv),
        ),
        AiTask::Bullet { experience, bullet } => {
            let role = cv.content.experience.get(experience).ok_or(AppError::Validation("cv-ai-nothing".into()))?;
            let text = role.bullets.get(bullet).filter(|b| !b.trim().is_empty());
            let text = text.ok_or(AppError::Validation("cv-ai-nothing".into()))?;
            (
                format!(
                    "You improve CV bullet points. Rewrite the bullet in {lang} as one line: start with a strong \
                     action verb, show the result with a number where the facts allow (never invent facts), \
                     at most 25 words, no markdown. Reply with the bullet text only."
                ),
                format!("Role: {} at {}\nBullet: {text}", role.role, role.company),
                bullet_draft(text),
            )
        }
    };
    Ok(Generate { feature: "cv", model: None, system, prompt, max_output: 400, demo_draft: Some(draft) })
}

/// Checks an AI task before anything streams: the user's own CV (404 otherwise) and a
/// task that points at something (400).
pub async fn ai_prepare(state: &AppState, user_id: i64, req: &AiRequest) -> Result<Generate, AppError> {
    get(&state.db, user_id, req.cv_id).await?;
    ai_job(&req.cv, req.task)
}

/// Streams the prepared task's text to `deltas`; metered in tokens through the work core.
pub async fn ai_help(
    state: &AppState,
    user_id: i64,
    job: Generate,
    deltas: mpsc::Sender<String>,
) -> Result<Generated, AppError> {
    let mut done = generate::generate(state, user_id, job, Some(deltas)).await?;
    done.text = done.text.trim().trim_matches(['"', '«', '»']).trim().to_string();
    Ok(done)
}

/// The texts a translation carries, in a fixed order, so that the answer maps back.
fn translatable(c: &mut CvContent) -> Vec<&mut String> {
    let mut out: Vec<&mut String> = vec![&mut c.headline, &mut c.location, &mut c.summary];
    for e in &mut c.experience {
        out.push(&mut e.role);
        out.push(&mut e.place);
        out.extend(e.bullets.iter_mut());
    }
    for e in &mut c.education {
        out.push(&mut e.degree);
        out.push(&mut e.school);
        out.push(&mut e.place);
        out.push(&mut e.details);
    }
    out.extend(c.skills.iter_mut());
    for l in &mut c.languages {
        out.push(&mut l.name);
    }
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Translates a CV into a new CV in the other language (names, companies, e-mail, phone
/// and links are kept). Metered in tokens; the original is not touched.
pub async fn translate(state: &AppState, user_id: i64, id: i64, title: &str) -> Result<CvDoc, AppError> {
    let doc = get(&state.db, user_id, id).await?;
    // What would refuse the new CV is checked before the translation is paid for.
    check_title(title)?;
    check_room(&state.db, user_id).await?;
    let target = doc.cv.lang.other();
    let mut cv = doc.cv.clone();
    cv.lang = target;
    let numbered: Vec<String> = {
        let mut content = cv.content.clone();
        translatable(&mut content)
            .into_iter()
            .enumerate()
            .map(|(i, s)| format!("[{}] {}", i + 1, s.replace('\n', " ")))
            .collect()
    };
    if numbered.is_empty() {
        return create(&state.db, user_id, title, &cv).await;
    }
    let list = numbered.join("\n");
    let job = Generate {
        feature: "cv",
        model: None,
        system: format!(
            "You translate CVs into {}. Translate each numbered line, keep its number in square brackets at the \
             start, one line each, same count and order. Keep names of companies, products, technologies and \
             schools' official names as they are. Reply with the numbered lines only.",
            lang_name(target)
        ),
        prompt: format!("Lines:\n{list}"),
        max_output: (pulse_providers::estimate_tokens(&list) * 3 + 200).min(8_000) as u32,
        demo_draft: Some(list.clone()),
    };
    let done = generate::generate(state, user_id, job, None).await?;
    let answers = parse_numbered(&done.text);
    for (i, slot) in translatable(&mut cv.content).into_iter().enumerate() {
        if let Some(t) = answers.get(&(i + 1)) {
            *slot = t.clone();
        }
    }
    create(&state.db, user_id, title, &cv).await
}

/// `[3] text` lines → {3: "text"}; other lines are ignored.
fn parse_numbered(text: &str) -> HashMap<usize, String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix('[')?;
            let (n, rest) = l.split_once(']')?;
            let rest = rest.trim();
            (!rest.is_empty()).then(|| Some((n.trim().parse().ok()?, rest.to_string()))).flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines_map_back() {
        let m = parse_numbered("[1] Engineer\n[2]  Amman \nnoise\n[x] no\n[4]");
        assert_eq!(m.get(&1).unwrap(), "Engineer");
        assert_eq!(m.get(&2).unwrap(), "Amman");
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn drafts_read_in_the_cvs_language() {
        let ar = summary_draft(&Cv::sample(CvLang::Ar));
        assert!(ar.starts_with("مهندسة برمجيات") && ar.contains("Orange Jordan"), "{ar}");
        let en = summary_draft(&Cv::sample(CvLang::En));
        assert!(en.starts_with("Software Engineer with experience at Orange Jordan"), "{en}");
    }
}
