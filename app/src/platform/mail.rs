//! Email: SMTP with lettre when `SMTP_URL` is set (Amazon SES's SMTP interface in
//! production: STARTTLS on 587), otherwise an outbox folder of `.eml` files, so that
//! `make run` works end to end with nothing configured.

use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::{path::PathBuf, time::Duration};

/// A message to send: both a plain-text and an HTML body.
#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("cannot send: {0}")]
    Send(String),
}

pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Outbox { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf, from: Mailbox },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { .. } => f.write_str("Mailer::Smtp"),
            Mailer::Outbox { dir, .. } => write!(f, "Mailer::Outbox({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when a URL is given (`smtp://user:pass@host:587?tls=required` for STARTTLS,
    /// `smtps://…:465` for TLS, plain `smtp://host:port` for a local server), else the outbox.
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str) -> Result<Mailer, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::Address(from.to_string()))?;
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Build(e.to_string()))?
                    .timeout(Some(Duration::from_secs(15)))
                    .build();
                Ok(Mailer::Smtp { transport, from })
            }
            None => {
                std::fs::create_dir_all(&outbox).map_err(|e| MailError::Build(format!("{}: {e}", outbox.display())))?;
                Ok(Mailer::Outbox { transport: AsyncFileTransport::new(&outbox), dir: outbox, from })
            }
        }
    }

    pub async fn send(&self, email: &Email) -> Result<(), MailError> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let to: Mailbox = email.to.parse().map_err(|_| MailError::Address(email.to.clone()))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(&email.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(email.text.clone()))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(email.html.clone())),
            )
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| MailError::Send(e.to_string()))?;
            }
            Mailer::Outbox { transport, dir, .. } => {
                let id = transport.send(message).await.map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(outbox = %dir.join(format!("{id}.eml")).display(), to = %email.to, "mail written to the outbox");
            }
        }
        Ok(())
    }
}

/// One part of an email's HTML body, in reading order.
pub enum Block<'a> {
    /// Bold, larger text (a notification's title).
    Heading(&'a str),
    Text(&'a str),
    /// The call to action, centred.
    Button {
        label: &'a str,
        href: &'a str,
    },
    /// Smaller, muted text.
    Note(&'a str),
    /// A raw address, left to right in either language (for copying).
    Link(&'a str),
    /// A note ending with a link.
    NoteLink {
        text: &'a str,
        label: &'a str,
        href: &'a str,
    },
}

/// The HTML of every email we send: the brand on a card, then the blocks, laid out right
/// to left in Arabic. Inline styles only (mail clients strip the rest); every text
/// escaped.
pub fn html_layout(lang: crate::i18n::Lang, title: &str, blocks: &[Block<'_>]) -> String {
    use crate::i18n::{message, Lang};
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let attr = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let (dir, align) = match lang {
        Lang::Ar => ("rtl", "right"),
        Lang::En => ("ltr", "left"),
    };
    let mut rows = String::new();
    for block in blocks {
        let row = match block {
            Block::Heading(t) => {
                format!(
                    r#"<tr><td style="font-size:18px;font-weight:bold;line-height:1.6;padding-bottom:8px;">{}</td></tr>"#,
                    esc(t)
                )
            }
            Block::Text(t) => {
                format!(r#"<tr><td style="font-size:16px;line-height:1.7;padding-bottom:16px;">{}</td></tr>"#, esc(t))
            }
            Block::Button { label, href } => format!(
                r#"<tr><td style="padding-block:8px 24px;" align="center"><a href="{}" style="display:inline-block;background:#0f766e;color:#ffffff;text-decoration:none;font-weight:bold;font-size:16px;padding:14px 28px;border-radius:999px;">{}</a></td></tr>"#,
                attr(href),
                esc(label)
            ),
            Block::Note(t) => format!(
                r#"<tr><td style="font-size:14px;line-height:1.7;color:#4b5f5b;padding-bottom:8px;">{}</td></tr>"#,
                esc(t)
            ),
            Block::Link(href) => format!(
                r#"<tr><td dir="ltr" style="font-size:13px;word-break:break-all;text-align:left;padding-bottom:16px;"><a href="{}" style="color:#0f766e;">{}</a></td></tr>"#,
                attr(href),
                esc(href)
            ),
            Block::NoteLink { text, label, href } => format!(
                r#"<tr><td style="font-size:13px;line-height:1.7;color:#4b5f5b;">{} <a href="{}" style="color:#0f766e;">{}</a></td></tr>"#,
                esc(text),
                attr(href),
                esc(label)
            ),
        };
        rows.push_str(&row);
        rows.push('\n');
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="{code}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="margin:0;padding:0;background:#f7faf9;font-family:Tahoma,'Segoe UI',Arial,sans-serif;color:#10201d;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f7faf9;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" dir="{dir}" style="max-width:520px;background:#ffffff;border-radius:16px;padding:32px;text-align:{align};">
<tr><td style="font-size:20px;font-weight:bold;padding-bottom:16px;">{app}</td></tr>
{rows}</table></td></tr></table>
</body>
</html>"#,
        code = lang.code(),
        title = esc(title),
        app = esc(&message(lang, "app-name")),
    )
}
