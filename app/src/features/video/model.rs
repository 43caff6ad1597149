//! What the video studio's page and the server share.

use crate::features::jobs::{JobStatus, JobView};
use serde::{Deserialize, Serialize};

/// The longest prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 1500;
/// The clip lengths a model makes, in seconds (Veo 3's 4, 6 and 8).
pub const LENGTHS: [u8; 3] = [4, 6, 8];
/// The frame shapes a generated clip may have.
pub const ASPECTS: [&str; 2] = ["16:9", "9:16"];
/// The most captions one edit may burn in.
pub const MAX_CAPTIONS: usize = 50;
/// The longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 200;
/// The largest SRT file the page imports, in bytes.
pub const MAX_SRT_BYTES: usize = 200 * 1024;
/// How many clips the page lists.
pub const LIST_SIZE: i64 = 30;

/// A video model the user can pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoModel {
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
}

impl VideoModel {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Ar => &self.name_ar,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

/// `video/generate`: a clip from a prompt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateForm {
    pub prompt: String,
    /// A video model's id; none: the default one.
    #[serde(default)]
    pub model: Option<String>,
    pub seconds: u8,
    pub aspect: String,
}

/// Where captions sit in the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptionPosition {
    #[default]
    Bottom,
    Middle,
    Top,
}

impl CaptionPosition {
    pub const ALL: [CaptionPosition; 3] = [CaptionPosition::Bottom, CaptionPosition::Middle, CaptionPosition::Top];

    pub fn as_str(self) -> &'static str {
        match self {
            CaptionPosition::Bottom => "bottom",
            CaptionPosition::Middle => "middle",
            CaptionPosition::Top => "top",
        }
    }

    pub fn parse(s: &str) -> Option<CaptionPosition> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// How large captions are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptionSize {
    Small,
    #[default]
    Medium,
    Large,
}

impl CaptionSize {
    pub const ALL: [CaptionSize; 3] = [CaptionSize::Small, CaptionSize::Medium, CaptionSize::Large];

    pub fn as_str(self) -> &'static str {
        match self {
            CaptionSize::Small => "small",
            CaptionSize::Medium => "medium",
            CaptionSize::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<CaptionSize> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The line's height as a share of the frame's smaller side, in thousandths. (libass
    /// sizes a line by the font's ascent plus descent, which Noto Sans Arabic makes tall for
    /// its stacked marks, so the letters themselves are about half of it.)
    pub fn per_mille(self) -> u32 {
        match self {
            CaptionSize::Small => 75,
            CaptionSize::Medium => 100,
            CaptionSize::Large => 130,
        }
    }
}

/// One timed caption; times are seconds on the source clip's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Caption {
    pub text: String,
    pub start: f64,
    pub end: f64,
}

impl EditForm {
    /// Uses a control of the advanced editors (Creator): captions anywhere but the
    /// default place and size.
    pub fn is_advanced(&self) -> bool {
        !self.captions.is_empty()
            && (self.position != CaptionPosition::default() || self.size != CaptionSize::default())
    }
}

/// `video/edit`: cut one of the user's uploads and burn captions in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditForm {
    /// The upload (a file of the user's).
    pub file_id: String,
    /// Seconds on the source's timeline.
    pub start: f64,
    pub end: f64,
    #[serde(default)]
    pub captions: Vec<Caption>,
    #[serde(default)]
    pub position: CaptionPosition,
    #[serde(default)]
    pub size: CaptionSize,
}

/// How a clip came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Generated,
    Edited,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Generated => "generated",
            Origin::Edited => "edited",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        [Origin::Generated, Origin::Edited].into_iter().find(|o| o.as_str() == s)
    }
}

/// One clip of the user's, with the job that makes (or made) it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VideoItem {
    pub id: i64,
    pub origin: Origin,
    pub prompt: String,
    pub model: String,
    pub seconds: Option<f64>,
    pub aspect: String,
    pub created_at: i64,
    /// The job as the list was read; the page keeps it live from the event stream.
    pub job: JobView,
}

impl VideoItem {
    /// The finished clip, once its job succeeded.
    pub fn file_id(&self, job: &JobView) -> Option<String> {
        (job.status == JobStatus::Succeeded).then(|| job.result_file.clone()).flatten()
    }
}

/// The studio: models, limits, the user's clips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Studio {
    pub models: Vec<VideoModel>,
    /// The editor's limits of the user's plan.
    pub max_clip_secs: i64,
    pub max_clip_bytes: i64,
    /// The plan has the advanced editors (Creator): caption position and size.
    pub advanced: bool,
    pub videos: Vec<VideoItem>,
}

/// What the page shows for a job's status: a dead job (every attempt failed) is failed.
pub fn row_status(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Dead => "failed",
        other => other.as_str(),
    }
}

/// Reads an SRT file: its timed lines (the text's lines joined by a line break), in order.
/// Numbers and blank lines are optional; a block without a readable time line is skipped.
pub fn parse_srt(text: &str) -> Vec<Caption> {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let mut lines = block.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
        if lines.peek().is_some_and(|l| l.chars().all(|c| c.is_ascii_digit())) {
            lines.next();
        }
        let Some((start, end)) = lines.next().and_then(parse_srt_times) else { continue };
        let body: Vec<&str> = lines.collect();
        let text = body.join("\n");
        if !text.is_empty() && end > start {
            out.push(Caption { text, start, end });
        }
    }
    out
}

fn parse_srt_times(line: &str) -> Option<(f64, f64)> {
    let (a, b) = line.split_once("-->")?;
    // A position after the end time ("X1:…") is ignored.
    let b = b.split_whitespace().next()?;
    Some((parse_srt_time(a.trim())?, parse_srt_time(b)?))
}

/// `HH:MM:SS,mmm` (or `.mmm`; hours optional).
fn parse_srt_time(s: &str) -> Option<f64> {
    let s = s.replace(',', ".");
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m, s] => (h.parse::<f64>().ok()?, m.parse::<f64>().ok()?, s.parse::<f64>().ok()?),
        [m, s] => (0.0, m.parse::<f64>().ok()?, s.parse::<f64>().ok()?),
        _ => return None,
    };
    let t = h * 3600.0 + m * 60.0 + sec;
    (t.is_finite() && t >= 0.0).then_some(t)
}

/// Seconds as the page shows them: `m:ss.s`.
pub fn clock(secs: f64) -> String {
    let secs = secs.max(0.0);
    let m = (secs / 60.0).floor() as u64;
    let s = secs - (m as f64) * 60.0;
    format!("{m}:{s:04.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srt_lines_are_read_with_their_times() {
        let srt = "\u{feff}1\r\n00:00:01,000 --> 00:00:02,500\r\nمرحبا بكم\r\n\r\n2\r\n00:00:03.000 --> 00:00:04,000 X1:10\r\nسطر أول\r\nsecond line\r\n\r\nbroken\r\n\r\n3\r\n00:00:05,000 --> 00:00:04,000\r\nbackwards\r\n";
        let c = parse_srt(srt);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0], Caption { text: "مرحبا بكم".into(), start: 1.0, end: 2.5 });
        assert_eq!(c[1].text, "سطر أول\nsecond line");
        assert_eq!((c[1].start, c[1].end), (3.0, 4.0));
    }

    #[test]
    fn every_built_key_has_its_words_in_both_languages() {
        use crate::i18n::{has_message, Lang};
        let mut keys: Vec<String> = ASPECTS.iter().map(|a| format!("video-aspect-{}", a.replace(':', "x"))).collect();
        keys.extend(CaptionPosition::ALL.iter().map(|p| format!("video-position-{}", p.as_str())));
        keys.extend(CaptionSize::ALL.iter().map(|s| format!("video-size-{}", s.as_str())));
        for kind in ["video.generate", "video.edit"] {
            keys.push(format!("job-kind-{}", kind.replace('.', "-")));
        }
        for stage in ["starting", "rendering", "saving", "preparing"] {
            keys.push(format!("job-stage-video-{stage}"));
        }
        // The reasons a job or a submit gives (service.rs).
        for e in [
            "prompt-empty",
            "prompt-long",
            "length",
            "aspect",
            "model",
            "safety",
            "busy",
            "unavailable",
            "timeout",
            "provider",
            "not-video",
            "too-large",
            "too-long",
            "trim",
            "captions",
            "caption",
            "unreadable",
            "source-gone",
        ] {
            keys.push(format!("video-error-{e}"));
        }
        for key in keys {
            for lang in [Lang::Ar, Lang::En] {
                assert!(has_message(lang, &key), "{key} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn a_dead_job_shows_as_failed() {
        assert_eq!(row_status(JobStatus::Dead), "failed");
        assert_eq!(row_status(JobStatus::Running), "running");
        assert_eq!(clock(75.25), "1:15.2");
    }
}
