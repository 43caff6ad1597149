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
