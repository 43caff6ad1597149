//! The video studio's ffmpeg work: captions written as an ASS script and burned in by
//! libass (HarfBuzz joins the Arabic letters, FriBidi orders mixed lines right to left;
//! the fonts are the documents crate's bundled Noto Sans Arabic and Noto Sans, written
//! next to the script for each run), a cut re-encoded to H.264/AAC MP4 with `+faststart`,
//! progress read from `-progress`, and the offline demo clip (a moving gradient with the
//! prompt's words on it).
//!
//! Every run works in its own temporary directory, which is the child's working
//! directory, so that no path (with its `:` or quotes) ever goes inside a filter argument.
//! The child is killed when its future is dropped (cancel, a lost lease).

use super::model::{Caption, CaptionPosition, CaptionSize};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

/// The longest one ffmpeg run may take (a 2-minute 1080p clip takes well under that).
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// The largest frame an edit keeps (a 4K phone clip is scaled to fit 1920 × 1920).
const MAX_SIDE: u32 = 1920;

/// Why an ffmpeg run failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("ffmpeg could not start: {0}")]
    Spawn(std::io::Error),
    #[error("ffmpeg failed: {0}")]
    Failed(String),
    #[error("ffmpeg took too long")]
    Timeout,
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// A directory removed with everything in it when dropped.
pub struct WorkDir {
    pub path: PathBuf,
}

impl WorkDir {
    /// A new empty directory under `parent`.
    pub async fn new(parent: &Path) -> Result<WorkDir, MediaError> {
        let path = parent.join(format!("video-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::create_dir_all(&path).await?;
        Ok(WorkDir { path })
    }

    /// Writes the caption fonts into `fonts/`, for libass (only runs that draw text need them).
    async fn add_fonts(&self) -> Result<(), MediaError> {
        tokio::fs::create_dir_all(self.path.join("fonts")).await?;
        for (name, bytes) in pulse_documents::caption_fonts() {
            tokio::fs::write(self.path.join("fonts").join(name), bytes).await?;
        }
        Ok(())
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// ASS time: `H:MM:SS.cc`.
fn ass_time(secs: f64) -> String {
    let cs = (secs.max(0.0) * 100.0).round() as u64;
    format!("{}:{:02}:{:02}.{:02}", cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100)
}

/// A caption's text as ASS dialogue text: override blocks (`{…}`) and escapes (`\…`) are
/// the user's characters, not commands; a line break is `\N`.
fn ass_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\\N");
        }
        for c in line.chars() {
            match c {
                '{' => out.push('\u{FF5B}'),
                '}' => out.push('\u{FF5D}'),
                '\\' => out.push('\u{FF3C}'),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// An ASS script for a `width` × `height` frame. Times are the output's (seconds from its
/// first frame). `Encoding: -1` has libass find each line's direction from its first
/// strong letter: an Arabic line runs right to left, an English one left to right.
pub fn ass_script(
    width: u32,
    height: u32,
    position: CaptionPosition,
    size: CaptionSize,
    lines: &[(f64, f64, String)],
    fade: bool,
) -> String {
    let short = width.min(height).max(1);
    let font_size = (short * size.per_mille() / 1000).max(12);
    let outline = (font_size / 14).max(2);
    let shadow = (font_size / 24).max(1);
    let (align, margin_v) = match position {
        CaptionPosition::Bottom => (2, height / 12),
        CaptionPosition::Middle => (5, 0),
        CaptionPosition::Top => (8, height / 12),
    };
    let margin_h = width / 16;
    let mut s = format!(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: {width}\nPlayResY: {height}\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n\
         [V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
         Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
         Style: Default,Noto Sans Arabic,{font_size},&H00FFFFFF,&H000000FF,&H00101010,&H80000000,-1,0,0,0,100,100,0,0,1,{outline},{shadow},{align},{margin_h},{margin_h},{margin_v},-1\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    );
    for (start, end, text) in lines {
        let text = ass_text(text);
        if text.is_empty() || end <= start {
            continue;
        }
        let fx = if fade { "{\\fad(400,400)}" } else { "" };
        s.push_str(&format!("Dialogue: 0,{},{},Default,,0,0,0,,{fx}{text}\n", ass_time(*start), ass_time(*end)));
    }
    s
}

/// The captions on the output's timeline: shifted by the cut's start, clipped to its
/// length, the ones wholly outside dropped.
pub fn shift_captions(captions: &[Caption], start: f64, length: f64) -> Vec<(f64, f64, String)> {
    captions
        .iter()
        .filter_map(|c| {
            let a = (c.start - start).max(0.0);
            let b = (c.end - start).min(length);
            (b - a >= 0.05).then(|| (a, b, c.text.clone()))
        })
        .collect()
}

/// Runs ffmpeg in `dir` with `args` (after the common ones), reading `-progress` from its
/// output: `on_progress` hears the seconds of output written so far. The last lines of
/// its error output are the error.
pub async fn run_ffmpeg(
    ffmpeg: &str,
    dir: &Path,
    args: &[String],
    mut on_progress: impl FnMut(f64),
) -> Result<(), MediaError> {
    let mut child = tokio::process::Command::new(ffmpeg)
        .current_dir(dir)
        .args(["-hide_banner", "-nostdin", "-y", "-v", "error", "-nostats", "-progress", "pipe:1"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(MediaError::Spawn)?;
    let stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = tokio::spawn(async move {
        let mut buf = Vec::new();
        let _ = tokio::io::AsyncReadExt::read_to_end(&mut stderr, &mut buf).await;
        buf
    });
    let run = async {
        let mut lines = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            // `out_time_us` (and the misnamed `out_time_ms`) are microseconds.
            if let Some(us) = line.strip_prefix("out_time_us=").and_then(|v| v.trim().parse::<i64>().ok()) {
                if us >= 0 {
                    on_progress(us as f64 / 1e6);
                }
            }
        }
        child.wait().await
    };
    let status = match tokio::time::timeout(RENDER_TIMEOUT, run).await {
        Err(_) => return Err(MediaError::Timeout),
        Ok(status) => status?,
    };
    let err = errors.await.unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&err);
    let tail: Vec<&str> = text.lines().rev().take(4).collect();
    Err(MediaError::Failed(tail.into_iter().rev().collect::<Vec<_>>().join(" | ")))
}

/// What to cut: the source (in the work directory), its demuxer, its frame size, the cut,
/// and the captions on the output's timeline.
pub struct Cut<'a> {
    pub source: &'a str,
    pub demuxer: &'a str,
    pub width: u32,
    pub height: u32,
    pub start: f64,
    pub length: f64,
    pub captions: &'a [(f64, f64, String)],
    pub position: CaptionPosition,
    pub size: CaptionSize,
}

/// The frame an edit makes: the source's, scaled to fit [`MAX_SIDE`], even sides (H.264).
pub fn output_size(width: u32, height: u32) -> (u32, u32) {
    let (w, h) = (width.max(2) as f64, height.max(2) as f64);
    let scale = (MAX_SIDE as f64 / w.max(h)).min(1.0);
    let even = |v: f64| ((v * scale / 2.0).round() as u32).max(1) * 2;
    (even(w), even(h))
}

/// Cuts `cut.source` to `out` (in `dir`), captions burned in, as H.264/AAC MP4 with the
/// index first (`+faststart`: it plays while it downloads). `on_progress`: 0.0–1.0.
pub async fn cut(
    ffmpeg: &str,
    dir: &WorkDir,
    cut: &Cut<'_>,
    out: &str,
    mut on_progress: impl FnMut(f64),
) -> Result<(), MediaError> {
    let (w, h) = output_size(cut.width, cut.height);
    let mut filters = vec![format!("scale={w}:{h}"), "setsar=1".to_string()];
    if !cut.captions.is_empty() {
        dir.add_fonts().await?;
        tokio::fs::write(dir.join("captions.ass"), ass_script(w, h, cut.position, cut.size, cut.captions, false))
            .await?;
        filters.push("subtitles=filename=captions.ass:fontsdir=fonts".into());
    }
    let mut args: Vec<String> = [
        "-protocol_whitelist",
        "file",
        "-ss",
        &format!("{:.3}", cut.start),
        "-t",
        &format!("{:.3}", cut.length),
        "-f",
        cut.demuxer,
        "-i",
        &format!("file:{}", cut.source),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-vf",
        &filters.join(","),
        "-ac",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(mp4_output(23, "128k", out));
    let length = cut.length.max(0.01);
    run_ffmpeg(ffmpeg, &dir.path, &args, |t| on_progress((t / length).clamp(0.0, 1.0))).await
}

/// The output's options: H.264 (`veryfast` at `crf`, 4:2:0 so every player takes it), AAC
/// at `audio_rate`, the index first (`+faststart`: it plays while it downloads), to `out`.
fn mp4_output(crf: u8, audio_rate: &str, out: &str) -> Vec<String> {
    let crf = crf.to_string();
    ["-c:v", "libx264", "-preset", "veryfast", "-crf", &crf, "-pix_fmt", "yuv420p"]
        .into_iter()
        .chain(["-c:a", "aac", "-b:a", audio_rate, "-movflags", "+faststart", "-f", "mp4", out])
        .map(str::to_string)
        .collect()
}

/// The prompt's first words, at most `max` characters, cut at a word.
fn headline(prompt: &str, max: usize) -> String {
    let prompt = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
    if prompt.chars().count() <= max {
        return prompt;
    }
    let mut out = String::new();
    for word in prompt.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = prompt.chars().take(max).collect();
    }
    out.push('…');
    out
}

/// The offline demo clip: `seconds` of a slowly moving gradient in two colours taken from
/// the prompt, the prompt's words in the middle (fading in and out), a silent AAC track.
/// The same prompt gives the same clip.
pub async fn demo_clip(
    ffmpeg: &str,
    dir: &WorkDir,
    prompt: &str,
    seconds: u8,
    (width, height): (u32, u32),
    out: &str,
) -> Result<(), MediaError> {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(prompt.as_bytes());
    // Dark enough that white words read on them.
    let colour = |i: usize| format!("0x{:02x}{:02x}{:02x}", hash[i] / 2, hash[i + 1] / 2, hash[i + 2] / 2 + 40);
    let secs = f64::from(seconds.max(1));
    let words = headline(prompt, 90);
    let lines = [(0.0, secs, words)];
    dir.add_fonts().await?;
    tokio::fs::write(
        dir.join("demo.ass"),
        ass_script(width, height, CaptionPosition::Middle, CaptionSize::Large, &lines, true),
    )
    .await?;
    let video = format!(
        "gradients=s={width}x{height}:r=24:d={secs}:c0={}:c1={}:speed=0.015:seed={}",
        colour(0),
        colour(3),
        u32::from_le_bytes([hash[6], hash[7], hash[8], hash[9]]) & 0x7fff_ffff
    );
    let mut args: Vec<String> = [
        "-f",
        "lavfi",
        "-i",
        &video,
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=48000:cl=stereo",
        "-t",
        &format!("{secs}"),
        "-vf",
        "subtitles=filename=demo.ass:fontsdir=fonts",
        "-shortest",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(mp4_output(26, "64k", out));
    run_ffmpeg(ffmpeg, &dir.path, &args, |_| {}).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_text_cannot_carry_ass_commands() {
        assert_eq!(ass_text("{\\pos(0,0)}hi\\N"), "\u{FF5B}\u{FF3C}pos(0,0)\u{FF5D}hi\u{FF3C}N");
        assert_eq!(ass_text("سطر\n\nline two"), "سطر\\Nline two");
        assert_eq!(ass_time(3723.456), "1:02:03.46");
    }

    #[test]
    fn captions_move_to_the_cut_and_stay_inside_it() {
        let c = vec![
            Caption { text: "a".into(), start: 0.0, end: 1.0 },
            Caption { text: "b".into(), start: 2.0, end: 9.0 },
            Caption { text: "c".into(), start: 20.0, end: 21.0 },
        ];
        let s = shift_captions(&c, 1.5, 4.0);
        assert_eq!(s, vec![(0.5, 4.0, "b".to_string())]);
    }

    #[test]
    fn edits_keep_their_shape_within_1920() {
        assert_eq!(output_size(3840, 2160), (1920, 1080));
        assert_eq!(output_size(1080, 1920), (1080, 1920));
        assert_eq!(output_size(321, 241), (322, 242));
        assert_eq!(headline("one two three", 8), "one two…");
    }
}
