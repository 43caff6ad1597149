//! Configuration from environment variables (and an optional `.env`). Every variable is
//! documented in `.env.example`. Defaults make `make run` work with nothing set; in
//! production mode, unsafe or missing settings stop the server with a clear message.

use std::{fmt, net::SocketAddr, path::PathBuf};

/// Where the server runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Embedded defaults, relaxed secrets: a laptop or a test.
    Dev,
    /// Real secrets required.
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub mode: Mode,
    /// `LEPTOS_SITE_ADDR`, default 127.0.0.1:3000.
    pub site_addr: SocketAddr,
    /// `METRICS_ADDR`, default 127.0.0.1:9100 in every mode: the internal listener that
    /// serves Prometheus `/metrics` (the app port answers 404 there). Loopback unless set:
    /// on ECS the collector sidecar scrapes it inside the task (docs/DEPLOY.md).
    pub metrics_addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://./data/pulse.db`) or `postgres://…`.
    pub database_url: String,
    /// `DB_MAX_CONNECTIONS`, default 10.
    pub db_max_connections: u32,
    /// `DATA_DIR`, default `./data`: SQLite file, local objects, mail outbox.
    pub data_dir: PathBuf,
    /// `JWT_SECRET`: signs session cookies. Required (≥ 32 bytes) in production.
    pub jwt_secret: String,
    /// `PUBLIC_URL`: the address users reach, e.g. `https://pulse.jo`. Links in emails use it;
    /// an https address turns on Secure cookies and HSTS.
    pub public_url: String,
    /// `LOG_FORMAT`: `json` (default) or `pretty`.
    pub log_format: LogFormat,
    /// `ADMIN_EMAILS`: comma-separated; these accounts become admins when they sign in.
    pub admin_emails: Vec<String>,
    /// `SMTP_URL`: e.g. `smtp://USER:PASS@email-smtp.eu-west-1.amazonaws.com:587?tls=required`.
    /// Unset (the default): messages are written to `mail_outbox` and the link is logged.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`, default `Pulse AI Studio <no-reply@pulse.local>`.
    pub mail_from: String,
    /// `MAIL_OUTBOX`, default `DATA_DIR/outbox`.
    pub mail_outbox: PathBuf,
    /// `SESSION_DAYS`, default 30 (sliding).
    pub session_days: i64,
    /// `SESSION_MAX_DAYS`, default 30: a session ends this long after sign-in, however
    /// much it is used (the sliding `SESSION_DAYS` renews only within it).
    pub session_max_days: i64,
    /// `LOGIN_LINKS_PER_EMAIL` and `LOGIN_LINKS_PER_IP` per 15 minutes (default 5 and 20:
    /// many Jordanian mobile users share one carrier IP).
    pub login_links_per_email: i64,
    pub login_links_per_ip: i64,
    /// `TRUST_PROXY_HEADERS=true` behind a load balancer: the client IP is the first
    /// `X-Forwarded-For` entry.
    pub trust_proxy_headers: bool,
    /// `SMS_DRIVER`: `dev` (logs the code; the default in dev) or `none` (production default).
    pub sms_driver: SmsDriverKind,
    /// `TRIAL_DAYS`, `TRIAL_TOKENS`, `TRIAL_IMAGES`, `TRIAL_VIDEOS`: what a new account gets.
    /// On in dev (7 days, 20,000 tokens, 3 images, 1 video) so `make run` is usable; off
    /// (0 days) by default in production.
    pub trial: crate::platform::metering::subscriptions::Trial,
    /// `RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW_SECS` (default 60 per 60 s) per user
    /// on server functions; per IP for visitors who are not signed in.
    pub rate_limit_requests: i64,
    pub rate_limit_window_secs: i64,
    /// `REDIS_URL`: share the rate limit between replicas. Unset: in-process.
    pub redis_url: Option<String>,
    /// `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`, default https://api.openai.com/v1) turns on
    /// OpenAI moderation; without it the local Arabic + English block list is used.
    pub openai_api_key: Option<String>,
    pub openai_base_url: String,
    /// Object storage and upload limits (`STORAGE_*`, `S3_*`, `UPLOAD_*`).
    pub storage: StorageSettings,
    /// `DEMO_PACE_MS`, default 40: the pause between the demo model's chunks.
    pub demo_pace_ms: u64,
    /// `DEMO_JOB_STEP_MS`, default 250: each of the demo job's 20 steps (development).
    pub demo_job_step_ms: u64,
    /// `DEMO_VIDEO_MS`, default 3000: how long the offline video model "works" before its
    /// clip is ready (so that its progress shows, as a real model's does).
    pub demo_video_ms: u64,
    /// `CHAT_TURN_SECS`, default 540: the longest a chat answer may run (also while its
    /// reader has stopped reading); its reservation holds 60 s longer, so a turn always
    /// ends, and settles, before its reservation could lapse.
    pub chat_turn_secs: i64,
    /// `API_KEY_RATE_REQUESTS`, default 60: requests one API key may make per
    /// `RATE_LIMIT_WINDOW_SECS` (its user's requests count too).
    pub api_key_rate_requests: i64,
    /// `JOBS_PER_USER`, default 2: a user's jobs running at once, across every worker.
    pub jobs_per_user: i64,
    /// `JOB_LEASE_SECS`, default 30: a worker that has not renewed its job's lease for
    /// this long is taken for dead, and the job is taken again.
    pub job_lease_secs: i64,
    /// `MODEL_CATALOGUE`: a TOML file of models; default the one built into the binary.
    pub model_catalogue: Option<PathBuf>,
    /// `OPENAI_*`, `ANTHROPIC_*`, `GEMINI_*`, `COMPATIBLE_*`: which providers are on.
    pub providers: pulse_providers::ProviderSettings,
    /// `PAYMENTS_PROVIDER` and its keys.
    pub payments: PaymentSettings,
}

/// Which payment gateway takes the money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentSettings {
    /// The offline sandbox (dev default; refused in production).
    Sandbox,
    /// HyperPay COPYandPAY: `HYPERPAY_HOST` (default the test host), `HYPERPAY_ACCESS_TOKEN`,
    /// `HYPERPAY_ENTITY_ID`, `HYPERPAY_WEBHOOK_KEY` (hex).
    HyperPay { host: String, access_token: String, entity_id: String, webhook_key: String },
    /// PayTabs: `PAYTABS_HOST` (regional, default Jordan), `PAYTABS_PROFILE_ID`, `PAYTABS_SERVER_KEY`.
    PayTabs { host: String, profile_id: String, server_key: String },
    /// ZainCash: `ZAINCASH_HOST` (default the test host), `ZAINCASH_MERCHANT_ID`,
    /// `ZAINCASH_SECRET`, `ZAINCASH_MSISDN`, and `ZAINCASH_IQD_PER_JOD` (required: orders
    /// are in JOD and ZainCash charges IQD only, so they are converted at this rate).
    ZainCash { host: String, merchant_id: String, secret: String, msisdn: String, iqd_per_jod: String },
}

/// Where objects live and what uploads may be.
#[derive(Clone, Debug)]
pub struct StorageSettings {
    pub backend: StorageBackend,
    /// `STORAGE_SIGNING_KEY`: signs local download links. Default: derived from `JWT_SECRET`.
    pub signing_key: String,
    /// `DOWNLOAD_URL_TTL_SECS`, default 300: how long a download link works.
    pub download_ttl_secs: i64,
    /// `UPLOAD_MAX_IMAGE_MB` (10), `UPLOAD_MAX_VIDEO_MB` (100), `UPLOAD_MAX_DOC_MB` (20).
    pub max_image_bytes: u64,
    pub max_video_bytes: u64,
    pub max_doc_bytes: u64,
    /// `IMAGE_MAX_PIXELS` (24 million) and `IMAGE_MAX_SIDE` (12000): decompression bombs
    /// stop here, read from the header before anything is decoded.
    pub image_max_pixels: u64,
    pub image_max_side: u32,
    /// `VIDEO_MAX_SECONDS`, default 120.
    pub video_max_secs: f64,
    /// `USER_STORAGE_MB`, default 1024: what one account may keep.
    pub user_quota_bytes: u64,
    /// `FFPROBE`, default `ffprobe` on the PATH.
    pub ffprobe: String,
    /// `FFMPEG`, default `ffmpeg` on the PATH: the video studio's demo clips and edits.
    pub ffmpeg: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageBackend {
    /// `STORAGE_DRIVER=local` (default): a folder, `STORAGE_DIR` (default `DATA_DIR/objects`).
    Local { dir: PathBuf },
    /// `STORAGE_DRIVER=s3`: `S3_BUCKET`, `S3_REGION` (default `AWS_REGION`, then us-east-1),
    /// `S3_ENDPOINT` for S3-compatible servers, `S3_FORCE_PATH_STYLE`, and credentials from
    /// `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY` or the AWS chain (task role, env, profile).
    S3 {
        bucket: String,
        region: String,
        endpoint: Option<String>,
        force_path_style: bool,
        access_key: Option<(String, String)>,
    },
}

impl StorageBackend {
    /// Where a signed link of this backend points, as CSP origins: a page's `<video>` plays
    /// from there (a local store's links are on our own origin: none).
    pub fn link_origins(&self) -> Vec<String> {
        let StorageBackend::S3 { bucket, region, endpoint, .. } = self else { return Vec::new() };
        match endpoint.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(endpoint) => {
                let endpoint = endpoint.trim_end_matches('/');
                let Some((scheme, rest)) = endpoint.split_once("://") else { return Vec::new() };
                let host = rest.split('/').next().unwrap_or(rest);
                // Path style (`endpoint/bucket/key`) or virtual-hosted (`bucket.endpoint/key`).
                vec![format!("{scheme}://{host}"), format!("{scheme}://{bucket}.{host}")]
            }
            None => vec![
                format!("https://{bucket}.s3.{region}.amazonaws.com"),
                format!("https://s3.{region}.amazonaws.com"),
            ],
        }
    }
}

impl StorageSettings {
    /// Local folder storage with default limits (tests).
    pub fn local(dir: PathBuf, signing_key: &str) -> StorageSettings {
        StorageSettings {
            backend: StorageBackend::Local { dir },
            signing_key: signing_key.to_string(),
            download_ttl_secs: 300,
            max_image_bytes: 10 * MB,
            max_video_bytes: 100 * MB,
            max_doc_bytes: 20 * MB,
            image_max_pixels: 24_000_000,
            image_max_side: 12_000,
            video_max_secs: 120.0,
            user_quota_bytes: 1024 * MB,
            ffprobe: "ffprobe".into(),
            ffmpeg: "ffmpeg".into(),
        }
    }
}

const MB: u64 = 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsDriverKind {
    None,
    Dev,
}

/// The development secret; refused in production.
const DEV_JWT_SECRET: &str = "dev-only-secret-change-me-dev-only-secret-change-me";

/// Everything that is wrong with the configuration, said in full so that one restart fixes it.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub Vec<String>);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration is not valid:")?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        write!(f, "see .env.example for every setting")
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the process environment (after loading `.env` if present).
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds a configuration from any key lookup (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut problems = Vec::new();

        let mode = match get("PULSE_ENV").as_deref() {
            None | Some("dev") | Some("development") => Mode::Dev,
            Some("production") | Some("prod") => Mode::Production,
            Some(other) => {
                problems.push(format!("PULSE_ENV must be `dev` or `production`, not `{other}`"));
                Mode::Dev
            }
        };

        let site_addr = match get("LEPTOS_SITE_ADDR") {
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
            Some(v) => v.parse().unwrap_or_else(|_| {
                problems.push(format!("LEPTOS_SITE_ADDR must be host:port like 127.0.0.1:3000, not `{v}`"));
                SocketAddr::from(([127, 0, 0, 1], 3000))
            }),
        };
        let metrics_addr = match get("METRICS_ADDR") {
            None => SocketAddr::from(([127, 0, 0, 1], 9100)),
            Some(v) => v.parse().unwrap_or_else(|_| {
                problems.push(format!("METRICS_ADDR must be host:port like 127.0.0.1:9100, not `{v}`"));
                SocketAddr::from(([127, 0, 0, 1], 9100))
            }),
        };
        let overlaps = |a: SocketAddr, b: SocketAddr| {
            a.port() != 0
                && a.port() == b.port()
                && (a.ip() == b.ip() || a.ip().is_unspecified() || b.ip().is_unspecified())
        };
        if overlaps(metrics_addr, site_addr) {
            problems.push(format!(
                "METRICS_ADDR ({metrics_addr}) must not be the app's LEPTOS_SITE_ADDR ({site_addr}): metrics stay off the app port"
            ));
        }

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));

        let database_url = match get("DATABASE_URL") {
            Some(url) => {
                if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    problems.push(format!(
                        "DATABASE_URL must start with sqlite: or postgres:// (got `{}`)",
                        redact_url(&url)
                    ));
                }
                url
            }
            None => {
                if mode == Mode::Production {
                    problems.push("DATABASE_URL is required in production (postgres://user:pass@host/db)".into());
                }
                format!("sqlite://{}", data_dir.join("pulse.db").display())
            }
        };

        let db_max_connections = match get("DB_MAX_CONNECTIONS") {
            None => 10,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (1..=500).contains(&n) => n,
                _ => {
                    problems.push(format!("DB_MAX_CONNECTIONS must be a number from 1 to 500, not `{v}`"));
                    10
                }
            },
        };

        let jwt_secret = match (get("JWT_SECRET"), mode) {
            (Some(s), Mode::Production) if s.len() < 32 || s == DEV_JWT_SECRET => {
                problems.push(
                    "JWT_SECRET must be at least 32 random bytes in production (e.g. `openssl rand -hex 32`)".into(),
                );
                s
            }
            (Some(s), _) => s,
            (None, Mode::Production) => {
                problems.push("JWT_SECRET is required in production (e.g. `openssl rand -hex 32`)".into());
                String::new()
            }
            (None, Mode::Dev) => DEV_JWT_SECRET.to_string(),
        };

        let public_url = match get("PUBLIC_URL") {
            Some(u) if mode == Mode::Production && !u.starts_with("https://") => {
                // Session cookies are `Secure` and `__Host-` only under https.
                problems.push(format!("PUBLIC_URL must be https:// in production, not `{u}`"));
                u
            }
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => u.trim_end_matches('/').to_string(),
            Some(u) => {
                problems.push(format!("PUBLIC_URL must start with http:// or https://, not `{u}`"));
                u
            }
            None => {
                if mode == Mode::Production {
                    problems.push("PUBLIC_URL is required in production (e.g. https://pulse.jo)".into());
                }
                format!("http://{site_addr}")
            }
        };

        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                problems.push(format!("LOG_FORMAT must be `json` or `pretty`, not `{other}`"));
                LogFormat::Json
            }
        };

        let admin_emails = get("ADMIN_EMAILS")
            .map(|v| v.split(',').map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()).collect())
            .unwrap_or_default();
        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                problems.push(format!("SMTP_URL must start with smtp:// or smtps:// (got `{}`)", redact_url(url)));
            }
        } else if mode == Mode::Production {
            // Without it, sign-in links (an admin's too) would only be written to files.
            problems.push("SMTP_URL is required in production (sign-in links are emailed)".into());
        }
        let mail_from = get("MAIL_FROM").unwrap_or_else(|| "Pulse AI Studio <no-reply@pulse.local>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(format!("MAIL_FROM must be an address like `Pulse <no-reply@pulse.jo>`, not `{mail_from}`"));
        }
        let mail_outbox = get("MAIL_OUTBOX").map(PathBuf::from).unwrap_or_else(|| data_dir.join("outbox"));
        let mut number = |key: &str, default: i64, range: std::ops::RangeInclusive<i64>| match get(key) {
            None => default,
            Some(v) => match v.parse::<i64>() {
                Ok(n) if range.contains(&n) => n,
                _ => {
                    problems.push(format!(
                        "{key} must be a number from {} to {}, not `{v}`",
                        range.start(),
                        range.end()
                    ));
                    default
                }
            },
        };
        let session_days = number("SESSION_DAYS", 30, 1..=365);
        let session_max_days = number("SESSION_MAX_DAYS", 30, 1..=365);
        let login_links_per_email = number("LOGIN_LINKS_PER_EMAIL", 5, 1..=1000);
        let login_links_per_ip = number("LOGIN_LINKS_PER_IP", 20, 1..=100_000);
        let trial_default = |dev: i64| if mode == Mode::Dev { dev } else { 0 };
        let trial = crate::platform::metering::subscriptions::Trial {
            days: number("TRIAL_DAYS", trial_default(7), 0..=365),
            tokens: number("TRIAL_TOKENS", 20_000, 0..=100_000_000),
            images: number("TRIAL_IMAGES", 3, 0..=100_000),
            videos: number("TRIAL_VIDEOS", 1, 0..=10_000),
        };
        let rate_limit_requests = number("RATE_LIMIT_REQUESTS", 60, 1..=1_000_000);
        let rate_limit_window_secs = number("RATE_LIMIT_WINDOW_SECS", 60, 1..=86_400);
        let limits = [
            number("DOWNLOAD_URL_TTL_SECS", 300, 10..=7 * 86_400),
            number("UPLOAD_MAX_IMAGE_MB", 10, 1..=200),
            number("UPLOAD_MAX_VIDEO_MB", 100, 1..=4096),
            number("UPLOAD_MAX_DOC_MB", 20, 1..=500),
            number("IMAGE_MAX_PIXELS", 24_000_000, 1..=100_000_000),
            number("IMAGE_MAX_SIDE", 12_000, 16..=65_535),
            number("VIDEO_MAX_SECONDS", 120, 1..=36_000),
            number("USER_STORAGE_MB", 1024, 1..=10_000_000),
        ];
        let demo_pace_ms = number("DEMO_PACE_MS", 40, 0..=5_000) as u64;
        let demo_job_step_ms = number("DEMO_JOB_STEP_MS", 250, 0..=60_000) as u64;
        let demo_video_ms = number("DEMO_VIDEO_MS", 3000, 0..=600_000) as u64;
        let jobs_per_user = number("JOBS_PER_USER", 2, 1..=100);
        let chat_turn_secs = number("CHAT_TURN_SECS", 540, 1..=3_600);
        let api_key_rate_requests = number("API_KEY_RATE_REQUESTS", 60, 1..=100_000);
        let job_lease_secs = number("JOB_LEASE_SECS", 30, 2..=3_600);
        let trust_proxy_headers = matches!(get("TRUST_PROXY_HEADERS").as_deref(), Some("true" | "1" | "yes"));
        let sms_driver = match (get("SMS_DRIVER").as_deref(), mode) {
            (Some("dev"), Mode::Production) => {
                // The development driver logs codes instead of sending them.
                problems.push("SMS_DRIVER=dev is not allowed in production (use `none`)".into());
                SmsDriverKind::None
            }
            (Some("dev"), _) | (None, Mode::Dev) => SmsDriverKind::Dev,
            (Some("none"), _) | (None, Mode::Production) => SmsDriverKind::None,
            (Some(other), _) => {
                problems.push(format!("SMS_DRIVER must be `dev` or `none`, not `{other}`"));
                SmsDriverKind::None
            }
        };

        let redis_url = get("REDIS_URL");
        if let Some(url) = &redis_url {
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                problems.push(format!("REDIS_URL must start with redis:// or rediss:// (got `{}`)", redact_url(url)));
            }
        }
        let openai_api_key = get("OPENAI_API_KEY");
        let openai_base_url = get("OPENAI_BASE_URL")
            .unwrap_or_else(|| "https://api.openai.com/v1".into())
            .trim_end_matches('/')
            .to_string();

        let storage = {
            let mut st = StorageSettings::local(
                get("STORAGE_DIR").map(PathBuf::from).unwrap_or_else(|| data_dir.join("objects")),
                &get("STORAGE_SIGNING_KEY").unwrap_or_else(|| format!("storage:{jwt_secret}")),
            );
            if let Some(key) = get("STORAGE_SIGNING_KEY") {
                if mode == Mode::Production && key.len() < 32 {
                    problems.push("STORAGE_SIGNING_KEY must be at least 32 random bytes".into());
                }
            }
            match get("STORAGE_DRIVER").as_deref() {
                None | Some("local") => {}
                Some("s3") => {
                    let bucket = get("S3_BUCKET").unwrap_or_else(|| {
                        problems.push("S3_BUCKET is required when STORAGE_DRIVER=s3".into());
                        String::new()
                    });
                    let endpoint = get("S3_ENDPOINT");
                    if let Some(e) = &endpoint {
                        if !(e.starts_with("http://") || e.starts_with("https://")) {
                            problems.push(format!("S3_ENDPOINT must start with http:// or https://, not `{e}`"));
                        }
                    }
                    let access_key = match (get("S3_ACCESS_KEY_ID"), get("S3_SECRET_ACCESS_KEY")) {
                        (Some(k), Some(s)) => Some((k, s)),
                        (None, None) => None,
                        _ => {
                            problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together".into());
                            None
                        }
                    };
                    st.backend = StorageBackend::S3 {
                        bucket,
                        region: get("S3_REGION").or_else(|| get("AWS_REGION")).unwrap_or_else(|| "us-east-1".into()),
                        endpoint,
                        force_path_style: matches!(get("S3_FORCE_PATH_STYLE").as_deref(), Some("true" | "1" | "yes")),
                        access_key,
                    };
                }
                Some(other) => problems.push(format!("STORAGE_DRIVER must be `local` or `s3`, not `{other}`")),
            }
            st.download_ttl_secs = limits[0];
            st.max_image_bytes = limits[1] as u64 * MB;
            st.max_video_bytes = limits[2] as u64 * MB;
            st.max_doc_bytes = limits[3] as u64 * MB;
            st.image_max_pixels = limits[4] as u64;
            st.image_max_side = limits[5] as u32;
            st.video_max_secs = limits[6] as f64;
            st.user_quota_bytes = limits[7] as u64 * MB;
            if let Some(f) = get("FFPROBE") {
                st.ffprobe = f;
            }
            if let Some(f) = get("FFMPEG") {
                st.ffmpeg = f;
            }
            st
        };

        let need = |key: &str, problems: &mut Vec<String>| {
            get(key).unwrap_or_else(|| {
                problems.push(format!("{key} is required for this PAYMENTS_PROVIDER"));
                String::new()
            })
        };
        let payments = match (get("PAYMENTS_PROVIDER").as_deref(), mode) {
            (None, Mode::Dev) | (Some("sandbox"), Mode::Dev) => PaymentSettings::Sandbox,
            (None, Mode::Production) => {
                problems.push("PAYMENTS_PROVIDER is required in production (hyperpay, paytabs or zaincash)".into());
                PaymentSettings::Sandbox
            }
            (Some("sandbox"), Mode::Production) => {
                problems.push("PAYMENTS_PROVIDER=sandbox gives plans away: it is refused in production".into());
                PaymentSettings::Sandbox
            }
            (Some("hyperpay"), _) => PaymentSettings::HyperPay {
                host: get("HYPERPAY_HOST").unwrap_or_else(|| "https://eu-test.oppwa.com".into()),
                access_token: need("HYPERPAY_ACCESS_TOKEN", &mut problems),
                entity_id: need("HYPERPAY_ENTITY_ID", &mut problems),
                webhook_key: need("HYPERPAY_WEBHOOK_KEY", &mut problems),
            },
            (Some("paytabs"), _) => PaymentSettings::PayTabs {
                host: get("PAYTABS_HOST").unwrap_or_else(|| "https://secure-jordan.paytabs.com".into()),
                profile_id: need("PAYTABS_PROFILE_ID", &mut problems),
                server_key: need("PAYTABS_SERVER_KEY", &mut problems),
            },
            (Some("zaincash"), _) => PaymentSettings::ZainCash {
                host: get("ZAINCASH_HOST").unwrap_or_else(|| "https://test.zaincash.iq".into()),
                merchant_id: need("ZAINCASH_MERCHANT_ID", &mut problems),
                secret: need("ZAINCASH_SECRET", &mut problems),
                msisdn: need("ZAINCASH_MSISDN", &mut problems),
                iqd_per_jod: match get(pulse_payments::zaincash::RATE_SETTING) {
                    Some(rate) => {
                        if let Err(e) = pulse_payments::zaincash::IqdPerJod::parse(&rate) {
                            problems.push(e.0);
                        }
                        rate
                    }
                    None => {
                        problems.push(format!(
                            "{} is required with PAYMENTS_PROVIDER=zaincash: orders are priced in JOD and ZainCash \
                             charges IQD only (e.g. {0}=1850, the IQD one JOD buys)",
                            pulse_payments::zaincash::RATE_SETTING
                        ));
                        String::new()
                    }
                },
            },
            (Some(other), _) => {
                problems
                    .push(format!("PAYMENTS_PROVIDER must be sandbox, hyperpay, paytabs or zaincash, not `{other}`"));
                PaymentSettings::Sandbox
            }
        };
        if mode == Mode::Production {
            let host = match &payments {
                PaymentSettings::HyperPay { host, .. } => Some(("HYPERPAY_HOST", host)),
                PaymentSettings::PayTabs { host, .. } => Some(("PAYTABS_HOST", host)),
                PaymentSettings::ZainCash { host, .. } => Some(("ZAINCASH_HOST", host)),
                PaymentSettings::Sandbox => None,
            };
            if let Some((key, host)) = host.filter(|(_, h)| !h.starts_with("https://")) {
                problems.push(format!("{key} must be an https:// address in production, not `{host}`"));
            }
        }
        let model_catalogue = get("MODEL_CATALOGUE").map(PathBuf::from);
        if let Some(path) = &model_catalogue {
            if let Err(e) = pulse_providers::Catalogue::load(Some(path)) {
                problems.push(format!("MODEL_CATALOGUE `{}`: {e}", path.display()));
            }
        }
        let providers = pulse_providers::ProviderSettings::from_lookup(get);
        for (key, endpoint) in [
            ("OPENAI_BASE_URL", &providers.openai),
            ("ANTHROPIC_BASE_URL", &providers.anthropic),
            ("GEMINI_BASE_URL", &providers.gemini),
            ("COMPATIBLE_BASE_URL", &providers.compatible),
        ] {
            if let Some(e) = endpoint {
                if !(e.base_url.starts_with("http://") || e.base_url.starts_with("https://")) {
                    problems.push(format!("{key} must start with http:// or https://, not `{}`", e.base_url));
                }
            }
        }

        if problems.is_empty() {
            Ok(Config {
                storage,
                demo_pace_ms,
                demo_job_step_ms,
                demo_video_ms,
                jobs_per_user,
                chat_turn_secs,
                api_key_rate_requests,
                job_lease_secs,
                model_catalogue,
                providers,
                payments,
                trial,
                rate_limit_requests,
                rate_limit_window_secs,
                redis_url,
                openai_api_key,
                openai_base_url,
                mode,
                site_addr,
                metrics_addr,
                database_url,
                db_max_connections,
                data_dir,
                jwt_secret,
                public_url,
                log_format,
                admin_emails,
                smtp_url,
                mail_from,
                mail_outbox,
                session_days,
                session_max_days,
                login_links_per_email,
                login_links_per_ip,
                trust_proxy_headers,
                sms_driver,
            })
        } else {
            Err(ConfigError(problems))
        }
    }

    /// Cookies get `Secure` and responses HSTS when users reach us over https.
    /// The session lifetime (`SESSION_DAYS` sliding, `SESSION_MAX_DAYS` absolute).
    pub fn session_lifetime(&self) -> crate::platform::auth::sessions::Lifetime {
        crate::platform::auth::sessions::Lifetime { days: self.session_days, max_days: self.session_max_days }
    }

    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// A configuration for tests: dev mode, a given database.
    pub fn for_tests(database_url: &str, data_dir: PathBuf) -> Config {
        let data_dir_objects = data_dir.join("objects");
        Config {
            mode: Mode::Dev,
            site_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.to_string(),
            db_max_connections: 5,
            mail_outbox: data_dir.join("outbox"),
            data_dir,
            jwt_secret: DEV_JWT_SECRET.to_string(),
            public_url: "http://127.0.0.1".into(),
            log_format: LogFormat::Pretty,
            admin_emails: vec!["boss@pulse.jo".into()],
            smtp_url: None,
            mail_from: "Pulse AI Studio <no-reply@pulse.local>".into(),
            session_days: 30,
            session_max_days: 30,
            login_links_per_email: 5,
            login_links_per_ip: 20,
            trust_proxy_headers: false,
            sms_driver: SmsDriverKind::Dev,
            trial: crate::platform::metering::subscriptions::Trial { days: 7, tokens: 20_000, images: 3, videos: 1 },
            rate_limit_requests: 60,
            rate_limit_window_secs: 60,
            redis_url: None,
            openai_api_key: None,
            openai_base_url: "https://api.openai.com/v1".into(),
            storage: StorageSettings::local(data_dir_objects, "storage:test-signing-key"),
            demo_pace_ms: 0,
            demo_job_step_ms: 20,
            demo_video_ms: 0,
            jobs_per_user: 2,
            chat_turn_secs: 540,
            api_key_rate_requests: 60,
            job_lease_secs: 30,
            model_catalogue: None,
            providers: pulse_providers::ProviderSettings::default(),
            payments: PaymentSettings::Sandbox,
        }
    }
}

/// Hides the password of a URL before it is printed.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bucket_s_links_are_where_pages_may_play_video_from() {
        let aws = StorageBackend::S3 {
            bucket: "pulse-files".into(),
            region: "me-central-1".into(),
            endpoint: None,
            force_path_style: false,
            access_key: None,
        };
        assert_eq!(
            aws.link_origins(),
            ["https://pulse-files.s3.me-central-1.amazonaws.com", "https://s3.me-central-1.amazonaws.com"]
        );
        let minio = StorageBackend::S3 {
            bucket: "b".into(),
            region: "us-east-1".into(),
            endpoint: Some("http://127.0.0.1:9000/".into()),
            force_path_style: true,
            access_key: None,
        };
        assert_eq!(minio.link_origins(), ["http://127.0.0.1:9000", "http://b.127.0.0.1:9000"]);
        assert!(StorageBackend::Local { dir: "x".into() }.link_origins().is_empty());
    }

    use super::*;
    use std::collections::HashMap;

    /// A complete production setup.
    const PRODUCTION: [(&str, &str); 8] = [
        ("PULSE_ENV", "production"),
        ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ("DATABASE_URL", "postgres://u:p@db/pulse"),
        ("PUBLIC_URL", "https://pulse.jo"),
        ("SMTP_URL", "smtp://u:p@email-smtp.eu-west-1.amazonaws.com:587"),
        ("PAYMENTS_PROVIDER", "paytabs"),
        ("PAYTABS_PROFILE_ID", "1"),
        ("PAYTABS_SERVER_KEY", "k"),
    ];

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.mode, Mode::Dev);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.metrics_addr.to_string(), "127.0.0.1:9100", "metrics on loopback, off the app port");
        assert!(c.database_url.starts_with("sqlite://"));
        assert!(c.database_url.ends_with("pulse.db"));
        assert!(!c.is_https());
        assert_eq!(c.sms_driver, SmsDriverKind::Dev);
        assert!(c.smtp_url.is_none());
        assert!(c.mail_outbox.ends_with("outbox"));
        assert_eq!((c.session_days, c.login_links_per_email), (30, 5));
        assert_eq!((c.trial.days, c.trial.images), (7, 3), "dev has a trial");
        assert_eq!((c.rate_limit_requests, c.rate_limit_window_secs), (60, 60));
    }

    #[test]
    fn production_has_no_trial_unless_asked() {
        let base = PRODUCTION;
        assert_eq!(cfg(&base).unwrap().trial.days, 0);
        let mut with = base.to_vec();
        with.push(("TRIAL_DAYS", "3"));
        assert_eq!(cfg(&with).unwrap().trial.days, 3);
    }

    #[test]
    fn admin_emails_are_a_lower_cased_list() {
        let c = cfg(&[("ADMIN_EMAILS", " Boss@Pulse.jo, ,ops@pulse.jo ")]).unwrap();
        assert_eq!(c.admin_emails, vec!["boss@pulse.jo", "ops@pulse.jo"]);
    }

    #[test]
    fn production_refuses_missing_secrets_and_says_all_of_it() {
        let err = cfg(&[("PULSE_ENV", "production")]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("JWT_SECRET is required"), "{text}");
        assert!(text.contains("DATABASE_URL is required"), "{text}");
        assert!(text.contains("PUBLIC_URL is required"), "{text}");
    }

    #[test]
    fn production_refuses_the_development_mailer_sms_and_plain_http() {
        let full = PRODUCTION;
        assert!(cfg(&full).is_ok());
        let without = |key: &str| full.iter().filter(|(k, _)| *k != key).copied().collect::<Vec<_>>();
        let err = cfg(&without("SMTP_URL")).unwrap_err().to_string();
        assert!(err.contains("SMTP_URL is required in production"), "{err}");
        let mut empty = without("SMTP_URL");
        empty.push(("SMTP_URL", "  "));
        assert!(cfg(&empty).unwrap_err().to_string().contains("SMTP_URL is required"), "an empty value is none");
        let mut sms = full.to_vec();
        sms.push(("SMS_DRIVER", "dev"));
        assert!(cfg(&sms).unwrap_err().to_string().contains("SMS_DRIVER=dev is not allowed in production"));
        let mut http = without("PUBLIC_URL");
        http.push(("PUBLIC_URL", "http://pulse.jo"));
        assert!(cfg(&http).unwrap_err().to_string().contains("PUBLIC_URL must be https:// in production"));
    }

    #[test]
    fn production_refuses_a_short_secret() {
        let err = cfg(&[
            ("PULSE_ENV", "production"),
            ("JWT_SECRET", "short"),
            ("DATABASE_URL", "postgres://u:p@db/pulse"),
            ("PUBLIC_URL", "https://pulse.jo"),
            ("SMTP_URL", "smtp://u:p@email-smtp.eu-west-1.amazonaws.com:587"),
            ("PAYMENTS_PROVIDER", "paytabs"),
            ("PAYTABS_PROFILE_ID", "1"),
            ("PAYTABS_SERVER_KEY", "k"),
        ])
        .unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert!(err.0[0].contains("at least 32"));
    }

    #[test]
    fn production_accepts_a_full_setup() {
        let c = cfg(&[
            ("PULSE_ENV", "production"),
            ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("DATABASE_URL", "postgres://u:p@db/pulse"),
            ("PUBLIC_URL", "https://pulse.jo/"),
            ("SMTP_URL", "smtp://u:p@email-smtp.eu-west-1.amazonaws.com:587"),
            ("PAYMENTS_PROVIDER", "paytabs"),
            ("PAYTABS_PROFILE_ID", "12345"),
            ("PAYTABS_SERVER_KEY", "SJ-SECRET"),
        ])
        .unwrap();
        assert!(c.is_https());
        assert_eq!(c.public_url, "https://pulse.jo");
        assert!(matches!(c.payments, PaymentSettings::PayTabs { ref profile_id, .. } if profile_id == "12345"));
    }

    #[test]
    fn the_sandbox_never_takes_production_orders() {
        let base = [
            ("PULSE_ENV", "production"),
            ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("DATABASE_URL", "postgres://u:p@db/pulse"),
            ("PUBLIC_URL", "https://pulse.jo/"),
            ("SMTP_URL", "smtp://u:p@email-smtp.eu-west-1.amazonaws.com:587"),
        ];
        let err = cfg(&[&base[..], &[("PAYMENTS_PROVIDER", "sandbox")]].concat()).unwrap_err();
        assert!(err.to_string().contains("refused in production"), "{err}");
        let err = cfg(&base).unwrap_err();
        assert!(err.to_string().contains("PAYMENTS_PROVIDER is required"), "{err}");
        let err = cfg(&[&base[..], &[("PAYMENTS_PROVIDER", "hyperpay")]].concat()).unwrap_err();
        assert!(err.to_string().contains("HYPERPAY_ACCESS_TOKEN is required"), "{err}");
        let plain = [("PAYMENTS_PROVIDER", "paytabs"), ("PAYTABS_HOST", "http://gateway.example")];
        let err = cfg(&[&base[..], &plain[..]].concat()).unwrap_err();
        assert!(err.to_string().contains("PAYTABS_HOST must be an https:// address in production"), "{err}");
        assert_eq!(cfg(&[]).unwrap().payments, PaymentSettings::Sandbox, "the dev default");
    }

    #[test]
    fn bad_values_are_named() {
        let err = cfg(&[
            ("DATABASE_URL", "mysql://x"),
            ("LEPTOS_SITE_ADDR", "nope"),
            ("DB_MAX_CONNECTIONS", "0"),
            ("PULSE_ENV", "staging"),
            ("SMTP_URL", "http://mail"),
            ("SESSION_DAYS", "0"),
        ])
        .unwrap_err();
        assert_eq!(err.0.len(), 6, "{err}");
    }

    #[test]
    fn metrics_listen_apart_from_the_app() {
        assert_eq!(cfg(&[("METRICS_ADDR", "0.0.0.0:9100")]).unwrap().metrics_addr.to_string(), "0.0.0.0:9100");
        let err = cfg(&[("METRICS_ADDR", "nope")]).unwrap_err();
        assert!(err.to_string().contains("METRICS_ADDR must be host:port"), "{err}");
        let err = cfg(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000"), ("METRICS_ADDR", "127.0.0.1:3000")]).unwrap_err();
        assert!(err.to_string().contains("must not be the app's LEPTOS_SITE_ADDR"), "{err}");
        assert!(cfg(&[("METRICS_ADDR", "127.0.0.2:3000")]).is_ok(), "another address, same port");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://pulse:s3cret@db:5432/x"), "postgres://pulse:***@db:5432/x");
        assert_eq!(redact_url("sqlite://./data/pulse.db"), "sqlite://./data/pulse.db");
    }
}
