//! The offline image demo: deterministic pictures, sizes per aspect, the failure markers,
//! and edits.

use super::{collect, request, source};
use pulse_providers::image::demo::{DemoImages, FAIL_MARKER, PARTIAL_MARKER, SAFETY_MARKER};
use pulse_providers::image::{Aspect, GeneratedImage, ImageProvider, ImageRequest};
use pulse_providers::ProviderError;

async fn run(req: ImageRequest) -> super::Got {
    collect(DemoImages::instant().generate(req).await.unwrap()).await
}

fn prompt(req: ImageRequest, prompt: &str) -> ImageRequest {
    ImageRequest { prompt: prompt.into(), ..req }
}

fn size(image: &GeneratedImage) -> (u32, u32) {
    let decoded = image::load_from_memory_with_format(&image.data, image::ImageFormat::Png).unwrap();
    (decoded.width(), decoded.height())
}

#[tokio::test]
async fn the_same_prompt_gives_the_same_bytes() {
    let first = run(request("d", 2, Aspect::Square)).await;
    let again = run(request("d", 2, Aspect::Square)).await;
    assert_eq!(first.error, None);
    assert_eq!(first.images.len(), 2);
    assert_eq!(first.images, again.images);
    assert!(first.images.iter().all(|i| i.mime == "image/png"));
    assert_ne!(first.images[0], first.images[1], "each picture of a request differs");
    let other = run(prompt(request("d", 1, Aspect::Square), "a lighthouse at dusk")).await;
    assert_ne!(other.images[0], first.images[0], "another prompt, another picture");
}

#[tokio::test]
async fn sizes_per_aspect() {
    for (aspect, expected) in [
        (Aspect::Square, (768, 768)),
        (Aspect::Portrait, (614, 768)),
        (Aspect::Story, (432, 768)),
        (Aspect::Wide, (768, 432)),
    ] {
        let got = run(request("d", 1, aspect)).await;
        assert_eq!(size(&got.images[0]), expected, "{aspect}");
    }
}

#[tokio::test]
async fn markers_simulate_providers() {
    let marked = |marker: &str, count: u8| prompt(request("d", count, Aspect::Square), &format!("قطة {marker}"));
    assert_eq!(run(marked(PARTIAL_MARKER, 3)).await.images.len(), 2);
    let got = run(marked(PARTIAL_MARKER, 4)).await;
    assert_eq!((got.images.len(), got.error), (2, None));
    let got = run(marked(SAFETY_MARKER, 2)).await;
    assert!(got.images.is_empty());
    assert!(matches!(got.error, Some(ProviderError::Safety(_))));
    let got = run(marked(FAIL_MARKER, 2)).await;
    assert_eq!((got.images.len(), got.error), (0, Some(ProviderError::Unavailable { status: 503 })));
    assert_eq!((PARTIAL_MARKER, SAFETY_MARKER, FAIL_MARKER), ("[demo:partial]", "[demo:safety]", "[demo:fail]"));
}

#[tokio::test]
async fn an_edit_tints_the_picture() {
    let mut req = request("d", 3, Aspect::Wide);
    req.source = Some(source());
    let got = run(req.clone()).await;
    assert_eq!(got.images.len(), 1, "an edit makes one picture");
    let edited = &got.images[0];
    assert_eq!(edited.mime, "image/png");
    assert_eq!(size(edited), (8, 6), "the source's size, whatever the aspect");
    let pixel = |img: &GeneratedImage| image::load_from_memory(&img.data).unwrap().to_rgba8().get_pixel(3, 3).0;
    let before = image::load_from_memory(&super::real_png()).unwrap().to_rgba8().get_pixel(3, 3).0;
    assert_ne!(pixel(edited), before, "tinted");
    assert_eq!(run(req.clone()).await.images[0], *edited, "deterministic");
    let other = run(prompt(req.clone(), "make it blue")).await;
    assert_ne!(pixel(&other.images[0]), pixel(edited), "another prompt, another tint");
    // A JPEG source works too; bytes that are no picture are refused.
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(4, 4, image::Rgb([10, 200, 30])).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    req.source = Some(pulse_providers::image::SourceImage { mime: "image/jpeg".into(), data: jpeg.into_inner() });
    assert_eq!(size(&run(req.clone()).await.images[0]), (4, 4));
    req.source = Some(pulse_providers::image::SourceImage { mime: "image/png".into(), data: b"nope".to_vec() });
    assert!(matches!(run(req).await.error, Some(ProviderError::Rejected { status: 400, .. })));
}
