//! The offline image demo: always present, needs no key. It draws a picture from the prompt
//! (a two-colour gradient with a few translucent circles and rectangles, all colours and
//! places derived from a stable FNV-1a hash of the prompt, the picture's index and the
//! aspect ratio), PNG-encoded, at a modest size: the long side is 768 px
//! (1:1 → 768×768, 4:5 → 614×768, 9:16 → 432×768, 16:9 → 768×432). The same prompt always
//! gives the same bytes; another prompt, another picture.
//!
//! An edit decodes the source (PNG, JPEG or WebP; larger than 1536 px on its long side, it
//! is scaled down first), tints every pixel towards a colour derived from the prompt, and
//! returns it as a PNG of the source's size (the aspect ratio is ignored).
//!
//! Pictures come one by one, [`DemoImages::pace`] apart (default 150 ms, so the studio's
//! grid visibly fills), each drawn on the blocking pool.
//!
//! Markers in the prompt simulate what real providers do, with no server:
//! - [`PARTIAL_MARKER`] (`[demo:partial]`): only ceil(count / 2) pictures (a partial result);
//! - [`SAFETY_MARKER`] (`[demo:safety]`): `Safety` as the stream's first item;
//! - [`FAIL_MARKER`] (`[demo:fail]`): `Unavailable { 503 }` as the stream's first item (a
//!   gateway falls back on it, so it shows the fallback too).

use super::{Aspect, GeneratedImage, ImageProvider, ImageRequest, ImageStream, SourceImage};
use crate::ProviderError;
use ::image::codecs::png::{CompressionType, FilterType, PngEncoder};
use ::image::{ExtendedColorType, ImageEncoder};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use std::time::Duration;

/// In a prompt: return only half the pictures (rounded up).
pub const PARTIAL_MARKER: &str = "[demo:partial]";
/// In a prompt: refuse it as a provider's safety system would.
pub const SAFETY_MARKER: &str = "[demo:safety]";
/// In a prompt: fail as an overloaded provider would (503).
pub const FAIL_MARKER: &str = "[demo:fail]";

/// The long side of a demo picture, in pixels.
pub const LONG_SIDE: u32 = 768;

/// The longest side an edited source keeps.
const EDIT_MAX_SIDE: u32 = 1536;

#[derive(Clone, Debug)]
pub struct DemoImages {
    /// Pause before each picture (and before a simulated error).
    pub pace: Duration,
}

impl Default for DemoImages {
    fn default() -> Self {
        DemoImages { pace: Duration::from_millis(150) }
    }
}

impl DemoImages {
    /// No pause at all (tests).
    pub fn instant() -> DemoImages {
        DemoImages { pace: Duration::ZERO }
    }
}

impl ImageProvider for DemoImages {
    fn generate(&self, request: ImageRequest) -> BoxFuture<'_, Result<ImageStream, ProviderError>> {
        let pace = self.pace;
        Box::pin(async move {
            let simulated = if request.prompt.contains(SAFETY_MARKER) {
                Some(ProviderError::Safety("the demo refuses prompts with [demo:safety]".into()))
            } else if request.prompt.contains(FAIL_MARKER) {
                Some(ProviderError::Unavailable { status: 503 })
            } else {
                None
            };
            if let Some(e) = simulated {
                let failed = stream::once(async move {
                    tokio::time::sleep(pace).await;
                    Err(e)
                });
                return Ok(failed.boxed());
            }
            let wanted = request.wanted();
            let n = if request.prompt.contains(PARTIAL_MARKER) { wanted.div_ceil(2) } else { wanted };
            let images = stream::iter(0..n).then(move |index| {
                let (prompt, aspect, source) = (request.prompt.clone(), request.aspect, request.source.clone());
                async move {
                    tokio::time::sleep(pace).await;
                    let drawn = tokio::task::spawn_blocking(move || match source {
                        Some(source) => tint(&source, &prompt),
                        None => Ok(picture(&prompt, index, aspect)),
                    })
                    .await;
                    drawn.unwrap_or_else(|e| Err(ProviderError::Protocol(format!("the demo could not draw: {e}"))))
                }
            });
            Ok(super::until_error(images))
        })
    }
}

/// The size of a demo picture.
pub fn dimensions(aspect: Aspect) -> (u32, u32) {
    match aspect {
        Aspect::Square => (LONG_SIDE, LONG_SIDE),
        Aspect::Portrait => (LONG_SIDE * 4 / 5, LONG_SIDE),
        Aspect::Story => (LONG_SIDE * 9 / 16, LONG_SIDE),
        Aspect::Wide => (LONG_SIDE, LONG_SIDE * 9 / 16),
    }
}

/// 64-bit FNV-1a: stable across runs and builds (unlike std's hasher).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// splitmix64: a small deterministic generator seeded by the hash.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `[lo, hi)`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (self.next() >> 40) as f32 / (1u64 << 24) as f32 * (hi - lo)
    }
}

/// HSV (hue in degrees) to RGB.
fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let h = h.rem_euclid(360.0) / 60.0;
    let c = v * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = v - c;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

fn encode_png(data: &[u8], width: u32, height: u32, color: ExtendedColorType) -> Result<Vec<u8>, ProviderError> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Up)
        .write_image(data, width, height, color)
        .map_err(|e| ProviderError::Protocol(format!("the demo could not encode a PNG: {e}")))?;
    Ok(out)
}

/// The demo's `index`-th picture for `prompt` at `aspect`, as a PNG.
pub fn picture(prompt: &str, index: u8, aspect: Aspect) -> GeneratedImage {
    let (w, h) = dimensions(aspect);
    let mut rng = Rng(fnv1a(&[prompt.as_bytes(), &[index], aspect.as_str().as_bytes()]));
    let hue = rng.range(0.0, 360.0);
    let from = hsv(hue, rng.range(0.45, 0.8), rng.range(0.55, 0.95));
    let to = hsv(hue + rng.range(40.0, 160.0), rng.range(0.45, 0.8), rng.range(0.35, 0.9));
    let angle = rng.range(0.0, std::f32::consts::TAU);
    let (dx, dy) = (angle.cos(), angle.sin());
    // The gradient runs along (dx, dy) across the whole picture.
    let corners = [(0.0, 0.0), (w as f32, 0.0), (0.0, h as f32), (w as f32, h as f32)].map(|(x, y)| x * dx + y * dy);
    let lo = corners.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = corners.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut pixels = vec![0f32; (w * h * 3) as usize];
    for y in 0..h {
        for x in 0..w {
            let t = ((x as f32 * dx + y as f32 * dy) - lo) / (hi - lo).max(1.0);
            let i = ((y * w + x) * 3) as usize;
            for c in 0..3 {
                pixels[i + c] = from[c] + (to[c] - from[c]) * t;
            }
        }
    }
    let short = w.min(h) as f32;
    let shapes = 3 + (rng.next() % 4) as usize;
    for _ in 0..shapes {
        let color = hsv(rng.range(0.0, 360.0), rng.range(0.4, 0.9), rng.range(0.5, 1.0));
        let alpha = rng.range(0.5, 0.85);
        let (cx, cy) = (rng.range(0.0, w as f32), rng.range(0.0, h as f32));
        let circle = rng.next() & 1 == 0;
        let (rx, ry) = if circle {
            let r = rng.range(0.08, 0.3) * short;
            (r, r)
        } else {
            (rng.range(0.06, 0.3) * short, rng.range(0.06, 0.3) * short)
        };
        let (x0, x1) = ((cx - rx).max(0.0) as u32, ((cx + rx).ceil() as u32).min(w));
        let (y0, y1) = ((cy - ry).max(0.0) as u32, ((cy + ry).ceil() as u32).min(h));
        for y in y0..y1 {
            for x in x0..x1 {
                if circle {
                    let (ux, uy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                    if ux * ux + uy * uy > rx * rx {
                        continue;
                    }
                }
                let i = ((y * w + x) * 3) as usize;
                for c in 0..3 {
                    pixels[i + c] += (color[c] - pixels[i + c]) * alpha;
                }
            }
        }
    }
    let bytes: Vec<u8> = pixels.iter().map(|&v| v.round().clamp(0.0, 255.0) as u8).collect();
    let data = encode_png(&bytes, w, h, ExtendedColorType::Rgb8).expect("a PNG of a valid size encodes");
    GeneratedImage { mime: "image/png".into(), data }
}

/// The demo's edit: `source` tinted towards a colour derived from `prompt`, as a PNG.
/// A source that cannot be read is `Rejected { 400 }`.
pub fn tint(source: &SourceImage, prompt: &str) -> Result<GeneratedImage, ProviderError> {
    let decoded = ::image::load_from_memory(&source.data)
        .map_err(|e| ProviderError::Rejected { status: 400, message: format!("cannot read the image to edit: {e}") })?;
    let decoded = if decoded.width().max(decoded.height()) > EDIT_MAX_SIDE {
        decoded.thumbnail(EDIT_MAX_SIDE, EDIT_MAX_SIDE)
    } else {
        decoded
    };
    let mut rgba = decoded.to_rgba8();
    let mut rng = Rng(fnv1a(&[prompt.as_bytes(), b"tint"]));
    let color = hsv(rng.range(0.0, 360.0), 0.75, 0.9);
    const STRENGTH: f32 = 0.35;
    for pixel in rgba.pixels_mut() {
        for (channel, target) in pixel.0.iter_mut().zip(color) {
            let v = f32::from(*channel);
            *channel = (v + (target - v) * STRENGTH).round().clamp(0.0, 255.0) as u8;
        }
    }
    let (w, h) = rgba.dimensions();
    let data = encode_png(rgba.as_raw(), w, h, ExtendedColorType::Rgba8)?;
    Ok(GeneratedImage { mime: "image/png".into(), data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_hash() {
        assert_eq!(dimensions(Aspect::Square), (768, 768));
        assert_eq!(dimensions(Aspect::Portrait), (614, 768));
        assert_eq!(dimensions(Aspect::Story), (432, 768));
        assert_eq!(dimensions(Aspect::Wide), (768, 432));
        // The FNV-1a reference value for "a" (without our separator step) pins the constants.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }
}
