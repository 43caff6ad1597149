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

/// A real PNG, different for each `n`: `n + 1` pixels wide and one high (so that the
/// pictures sort by `n`).
pub fn png(n: u8) -> Vec<u8> {
    encode(
        image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(u32::from(n) + 1, 1, image::Luma([n]))),
        image::ImageFormat::Png,
    )
}

/// A real JPEG, different for each `n`.
pub fn jpeg(n: u8) -> Vec<u8> {
    encode(
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(u32::from(n) + 1, 2, image::Rgb([n, 0, 0]))),
        image::ImageFormat::Jpeg,
    )
}

/// A real (lossless) WebP.
pub fn webp() -> Vec<u8> {
    encode(
        image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(3, 2, image::Rgba([0, 90, 200, 255]))),
        image::ImageFormat::WebP,
    )
}

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
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
