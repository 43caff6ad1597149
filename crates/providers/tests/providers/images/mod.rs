//! Image providers against fakes speaking each provider's format (apis.md §1.3, §3.4, §4.1,
//! §4.2), the offline demo, and the gateway's image rules.

mod demo;
mod gateway;
mod gemini;
mod openai;
mod replicate;
mod stability;

use base64::Engine as _;
use futures_util::StreamExt;
use pulse_providers::image::{Aspect, GeneratedImage, ImageRequest, ImageStream, SourceImage};
use pulse_providers::ProviderError;

/// Bytes that pass as a PNG (its signature), different for each `n`.
pub fn png(n: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(format!("fake picture {n}").as_bytes());
    bytes
}

/// Bytes that pass as a JPEG.
pub fn jpeg(n: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.push(n);
    bytes
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn request(model: &str, count: u8, aspect: Aspect) -> ImageRequest {
    ImageRequest { model: model.into(), prompt: "قطة ترتدي قبعة".into(), count, aspect, source: None }
}

/// A real (decodable) 8×6 PNG: a grey rectangle.
pub fn real_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 6, image::Rgb([120, 120, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn source() -> SourceImage {
    SourceImage { mime: "image/png".into(), data: real_png() }
}

/// What an image stream delivered: its pictures, and the error it ended with.
#[derive(Debug)]
pub struct Got {
    pub images: Vec<GeneratedImage>,
    pub error: Option<ProviderError>,
}

impl Got {
    /// The pictures' bytes, sorted (calls made at once complete in any order).
    pub fn sorted(&self) -> Vec<Vec<u8>> {
        let mut all: Vec<Vec<u8>> = self.images.iter().map(|i| i.data.clone()).collect();
        all.sort();
        all
    }
}

pub async fn collect(mut stream: ImageStream) -> Got {
    let mut got = Got { images: Vec::new(), error: None };
    while let Some(item) = stream.next().await {
        assert!(got.error.is_none(), "an item after an error");
        match item {
            Ok(image) => got.images.push(image),
            Err(e) => got.error = Some(e),
        }
    }
    got
}
