//! The pixel core: plain Rust over straight-alpha RGBA8, no web types, tested natively.
//! The browser decodes and encodes (createImageBitmap, canvas.toBlob); everything in
//! between happens here.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{CpuExtensions, FilterType, MulDiv, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// An image: `w × h` pixels, 4 bytes each (R, G, B, straight alpha), rows top to bottom.
#[derive(Clone, PartialEq, Eq)]
pub struct Rgba {
    pub w: u32,
    pub h: u32,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Rgba {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rgba({}×{})", self.w, self.h)
    }
}

impl Rgba {
    /// `None` when `data` is not exactly `w × h × 4` bytes.
    pub fn new(w: u32, h: u32, data: Vec<u8>) -> Option<Rgba> {
        (data.len() as u64 == w as u64 * h as u64 * 4).then_some(Rgba { w, h, data })
    }

    pub fn filled(w: u32, h: u32, px: [u8; 4]) -> Rgba {
        Rgba { w, h, data: px.repeat(w as usize * h as usize) }
    }

    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.w as usize + x as usize) * 4;
        [self.data[i], self.data[i + 1], self.data[i + 2], self.data[i + 3]]
    }

    pub fn is_opaque(&self) -> bool {
        self.data.chunks_exact(4).all(|p| p[3] == 255)
    }
}

/// A rectangle in pixels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    /// The part of the rectangle inside a `w × h` image; `None` when nothing is left.
    pub fn clamp_to(self, w: u32, h: u32) -> Option<Rect> {
        let x = self.x.min(w);
        let y = self.y.min(h);
        let rw = self.w.min(w - x);
        let rh = self.h.min(h - y);
        (rw > 0 && rh > 0).then_some(Rect { x, y, w: rw, h: rh })
    }
}

/// The largest rectangle of ratio `rw:rh` centred in a `w × h` image.
pub fn centred_crop(w: u32, h: u32, rw: u32, rh: u32) -> Rect {
    let (w64, h64, rw, rh) = (w as u64, h as u64, rw.max(1) as u64, rh.max(1) as u64);
    let (cw, ch) = if w64 * rh >= h64 * rw {
        // Wider than the ratio: full height.
        (((h64 * rw + rh / 2) / rh).clamp(1, w64.max(1)), h64)
    } else {
        (w64, ((w64 * rh + rw / 2) / rw).clamp(1, h64.max(1)))
    };
    Rect { x: ((w64 - cw.min(w64)) / 2) as u32, y: ((h64 - ch.min(h64)) / 2) as u32, w: cw as u32, h: ch as u32 }
}

/// The size with the long side `long` and the same proportions (each side at least 1).
pub fn fit_long_side(w: u32, h: u32, long: u32) -> (u32, u32) {
    let (w64, h64, l) = (w.max(1) as u64, h.max(1) as u64, long.max(1) as u64);
    if w64 >= h64 {
        (l as u32, ((h64 * l + w64 / 2) / w64).max(1) as u32)
    } else {
        (((w64 * l + h64 / 2) / h64).max(1) as u32, l as u32)
    }
}

pub fn crop(img: &Rgba, r: Rect) -> Rgba {
    let Some(r) = r.clamp_to(img.w, img.h) else {
        return Rgba::filled(1, 1, [0; 4]);
    };
    let stride = img.w as usize * 4;
    let row = r.w as usize * 4;
    let mut data = Vec::with_capacity(row * r.h as usize);
    for y in r.y..r.y + r.h {
        let start = y as usize * stride + r.x as usize * 4;
        data.extend_from_slice(&img.data[start..start + row]);
    }
    Rgba { w: r.w, h: r.h, data }
}

/// A quarter turn, clockwise or counter-clockwise. Width and height swap.
pub fn rotate90(img: &Rgba, clockwise: bool) -> Rgba {
    let (w, h) = (img.w as usize, img.h as usize);
    let mut data = vec![0u8; img.data.len()];
    // Destination (nx, ny) in a h × w image. Clockwise: source x = ny, y = h - 1 - nx.
    for ny in 0..w {
        let dst_row = &mut data[ny * h * 4..(ny + 1) * h * 4];
        for (nx, px) in dst_row.chunks_exact_mut(4).enumerate() {
            let (sx, sy) = if clockwise { (ny, h - 1 - nx) } else { (w - 1 - ny, nx) };
            let i = (sy * w + sx) * 4;
            px.copy_from_slice(&img.data[i..i + 4]);
        }
    }
    Rgba { w: img.h, h: img.w, data }
}

/// A mirror image: left↔right when `horizontal`, else top↔bottom.
pub fn flip(img: &Rgba, horizontal: bool) -> Rgba {
    let stride = img.w as usize * 4;
    let mut data = Vec::with_capacity(img.data.len());
    if horizontal {
        for row in img.data.chunks_exact(stride.max(1)) {
            for px in row.chunks_exact(4).rev() {
                data.extend_from_slice(px);
            }
        }
    } else {
        for row in img.data.chunks_exact(stride.max(1)).rev() {
            data.extend_from_slice(row);
        }
    }
    Rgba { w: img.w, h: img.h, data }
}

/// Multiplies and divides by alpha without SIMD: Rust 1.95/1.96 (LLVM) miscompile
/// fast_image_resize's wasm32 SIMD128 U8x4 divide-by-alpha (rust-lang/rust#157456).
fn scalar_mul_div() -> MulDiv {
    let mut md = MulDiv::new();
    // SAFETY: `None` (plain Rust) runs on every CPU.
    #[allow(unsafe_code)]
    unsafe {
        md.set_cpu_extensions(CpuExtensions::None)
    };
    md
}

/// Lanczos3 resampling to `nw × nh` (each at least 1). See [`resize_raw`].
pub fn resize(img: &Rgba, nw: u32, nh: u32) -> Rgba {
    let (nw, nh) = (nw.max(1), nh.max(1));
    if (nw, nh) == (img.w, img.h) {
        return img.clone();
    }
    Rgba { w: nw, h: nh, data: resize_raw(&img.data, img.w, img.h, nw, nh) }
}

/// Resamples straight-alpha RGBA bytes (`w·h·4` of them) to `nw × nh` with Lanczos3 on
/// fast_image_resize's SIMD convolution, `use_alpha(false)`. Images with transparency are
/// premultiplied first and divided again at the end here, without SIMD (see
/// [`scalar_mul_div`]).
pub fn resize_raw(data: &[u8], w: u32, h: u32, nw: u32, nh: u32) -> Vec<u8> {
    let (nw, nh) = (nw.max(1), nh.max(1));
    let blank = || vec![0; nw as usize * nh as usize * 4];
    if w == 0 || h == 0 || data.len() as u64 != w as u64 * h as u64 * 4 {
        return blank();
    }
    let opaque = data.chunks_exact(4).all(|p| p[3] == 255);
    let md = scalar_mul_div();
    let mut premultiplied = None;
    if !opaque {
        let mut img = Image::from_vec_u8(w, h, data.to_vec(), PixelType::U8x4).ok();
        if img.as_mut().is_none_or(|i| md.multiply_alpha_inplace(i).is_err()) {
            return blank();
        }
        premultiplied = img.map(Image::into_vec);
    }
    let src = premultiplied.as_deref().unwrap_or(data);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)).use_alpha(false);
    let mut dst = Image::new(nw, nh, PixelType::U8x4);
    // The buffers are RGBA8 of the right sizes, so these cannot fail; errors are not
    // formatted (that would bring float formatting into the module).
    let ok = ImageRef::new(w, h, src, PixelType::U8x4)
        .is_ok_and(|src| Resizer::new().resize(&src, &mut dst, &options).is_ok())
        && (opaque || md.divide_alpha_inplace(&mut dst).is_ok());
    if !ok {
        return blank();
    }
    dst.into_vec()
}

/// The brightness/contrast curve as a lookup table. Both run −100..100; 0 leaves a value
/// as it is. Contrast scales around mid-grey by ((100 + c) / 100)² (0 at −100, ×4 at 100);
/// brightness then adds up to ±128.
pub fn adjust_lut(brightness: i32, contrast: i32) -> [u8; 256] {
    let b = brightness.clamp(-100, 100) as f32 * 1.28;
    let f = (100 + contrast.clamp(-100, 100)) as f32 / 100.0;
    let f = f * f;
    let mut lut = [0u8; 256];
    for (v, out) in lut.iter_mut().enumerate() {
        // `as u8` saturates (0..=255); f32::clamp's panic message would bring float
        // formatting into the module.
        *out = ((v as f32 - 128.0) * f + 128.0 + b).round() as u8;
    }
    lut
}

/// Brightness and contrast on R, G and B (alpha untouched).
pub fn adjust(img: &mut Rgba, brightness: i32, contrast: i32) {
    if brightness == 0 && contrast == 0 {
        return;
    }
    let lut = adjust_lut(brightness, contrast);
    for px in img.data.chunks_exact_mut(4) {
        px[0] = lut[px[0] as usize];
        px[1] = lut[px[1] as usize];
        px[2] = lut[px[2] as usize];
    }
}

/// Porter-Duff "source over" with straight alpha: `overlay` drawn on `base` (same size).
/// Returns false (and changes nothing) when the sizes differ.
pub fn composite_over(base: &mut Rgba, overlay: &Rgba) -> bool {
    if (base.w, base.h) != (overlay.w, overlay.h) || base.data.len() != overlay.data.len() {
        return false;
    }
    for (b, o) in base.data.chunks_exact_mut(4).zip(overlay.data.chunks_exact(4)) {
        let sa = o[3] as u32;
        if sa == 0 {
            continue;
        }
        if sa == 255 {
            b.copy_from_slice(o);
            continue;
        }
        let ba = b[3] as u32;
        // Everything scaled by 255²: out_a = sa + ba·(1 − sa).
        let src_w = sa * 255;
        let dst_w = ba * (255 - sa);
        let out_a = src_w + dst_w;
        if out_a == 0 {
            b.copy_from_slice(&[0; 4]);
            continue;
        }
        for c in 0..3 {
            b[c] = ((o[c] as u32 * src_w + b[c] as u32 * dst_w + out_a / 2) / out_a) as u8;
        }
        b[3] = ((out_a + 127) / 255) as u8;
    }
    true
}

/// Puts the image on an opaque background (JPEG has no alpha).
pub fn flatten(img: &mut Rgba, bg: [u8; 3]) {
    if img.is_opaque() {
        return;
    }
    let mut base = Rgba::filled(img.w, img.h, [bg[0], bg[1], bg[2], 255]);
    composite_over(&mut base, img);
    *img = base;
}

/// The image formats the editor opens (the browser decodes them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Webp => "webp",
            Format::Gif => "gif",
        }
    }
}

/// The format from the first bytes alone.
pub fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else {
        None
    }
}

fn be16(b: &[u8], i: usize) -> Option<u32> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]) as u32)
}
fn le16(b: &[u8], i: usize) -> Option<u32> {
    Some(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?]) as u32)
}
fn le24(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(i)?, *b.get(i + 1)?, *b.get(i + 2)?, 0]))
}

/// Format and pixel size from the file's first bytes, without decoding: PNG's IHDR, JPEG's
/// SOFn, WebP's VP8 / VP8L / VP8X header, GIF's logical screen. `None` for anything else,
/// or when the size lies beyond `head` (a JPEG with a big EXIF block: read more).
pub fn probe(head: &[u8]) -> Option<(Format, u32, u32)> {
    let format = sniff(head)?;
    let (w, h) = match format {
        Format::Png => {
            if head.get(12..16)? != b"IHDR" {
                return None;
            }
            let w = u32::from_be_bytes(head.get(16..20)?.try_into().ok()?);
            let h = u32::from_be_bytes(head.get(20..24)?.try_into().ok()?);
            (w, h)
        }
        Format::Gif => (le16(head, 6)?, le16(head, 8)?),
        Format::Webp => {
            let chunk = head.get(12..16)?;
            let d = 20; // chunk payload
            match chunk {
                b"VP8 " => {
                    if head.get(d + 3..d + 6)? != [0x9d, 0x01, 0x2a] {
                        return None;
                    }
                    (le16(head, d + 6)? & 0x3fff, le16(head, d + 8)? & 0x3fff)
                }
                b"VP8L" => {
                    if *head.get(d)? != 0x2f {
                        return None;
                    }
                    let bits = u32::from_le_bytes(head.get(d + 1..d + 5)?.try_into().ok()?);
                    ((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
                }
                b"VP8X" => (le24(head, d + 4)? + 1, le24(head, d + 7)? + 1),
                _ => return None,
            }
        }
        Format::Jpeg => {
            let mut i = 2;
            loop {
                // Markers may be padded with 0xFF fill bytes.
                while *head.get(i)? == 0xFF && *head.get(i + 1)? == 0xFF {
                    i += 1;
                }
                if *head.get(i)? != 0xFF {
                    return None;
                }
                let marker = *head.get(i + 1)?;
                match marker {
                    0xD8 | 0x01 | 0xD0..=0xD7 => i += 2,
                    0xD9 | 0xDA => return None, // end of image / scan before any frame header
                    0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                        break (be16(head, i + 7)?, be16(head, i + 5)?);
                    }
                    _ => i += 2 + be16(head, i + 2)? as usize,
                }
            }
        }
    };
    (w > 0 && h > 0).then_some((format, w, h))
}

/// Every pixel operation on small fixtures, with its verdict: the native tests assert all
/// of them, and the WASM build runs them in the browser (`selftest()`).
pub fn self_checks() -> Vec<(&'static str, bool)> {
    let img = fixture_3x2();
    let mut checks = Vec::new();
    let mut check = |name, ok| checks.push((name, ok));

    check("crop", crop(&img, Rect { x: 1, y: 0, w: 2, h: 2 }).data == [px(2), px(3), px(5), px(6)].concat());
    check("crop-clamped", crop(&img, Rect { x: 2, y: 1, w: 9, h: 9 }) == Rgba { w: 1, h: 1, data: px(6).to_vec() });
    let cw = rotate90(&img, true);
    check("rotate-cw", cw.w == 2 && cw.h == 3 && cw.data == [px(4), px(1), px(5), px(2), px(6), px(3)].concat());
    let ccw = rotate90(&img, false);
    check("rotate-ccw", ccw.w == 2 && ccw.h == 3 && ccw.data == [px(3), px(6), px(2), px(5), px(1), px(4)].concat());
    let four = (0..4).fold(img.clone(), |a, _| rotate90(&a, true));
    check("rotate-x4-identity", four == img);
    check("rotate-cw-ccw-identity", rotate90(&cw, false) == img);
    check("flip-h", flip(&img, true).data == [px(3), px(2), px(1), px(6), px(5), px(4)].concat());
    check("flip-v", flip(&img, false).data == [px(4), px(5), px(6), px(1), px(2), px(3)].concat());
    check("flip-twice-identity", flip(&flip(&img, true), true) == img && flip(&flip(&img, false), false) == img);

    let flat = Rgba::filled(40, 30, [200, 100, 50, 255]);
    let small = resize(&flat, 11, 8);
    check("resize-size", small.w == 11 && small.h == 8 && small.data.len() == 11 * 8 * 4);
    check("resize-flat-stays-flat", small.data.chunks_exact(4).all(|p| p == [200, 100, 50, 255]));
    let big = resize(&flat, 97, 61);
    check("resize-up-flat", big.w == 97 && big.h == 61 && big.data.chunks_exact(4).all(|p| p == [200, 100, 50, 255]));
    let glass = Rgba::filled(40, 30, [200, 100, 50, 128]);
    let g = resize(&glass, 11, 8);
    let first = g.pixel(0, 0);
    check(
        "resize-alpha-flat",
        g.data.chunks_exact(4).all(|p| p == first)
            && first[3] == 128
            && first[..3].iter().zip([200u8, 100, 50]).all(|(a, b)| a.abs_diff(b) <= 2),
    );
    let clear = resize(&Rgba::filled(16, 16, [255, 0, 0, 0]), 5, 5);
    check("resize-transparent", clear.data.chunks_exact(4).all(|p| p[3] == 0));

    let mut a = img.clone();
    adjust(&mut a, 0, 0);
    check("adjust-identity", a == img);
    let lut = adjust_lut(50, 0);
    check("brightness", lut[0] == 64 && lut[100] == 164 && lut[255] == 255);
    let lut = adjust_lut(0, -100);
    check("contrast-min-grey", lut.iter().all(|&v| v == 128));
    let lut = adjust_lut(0, 100);
    check("contrast-max", lut[128] == 128 && lut[100] == 16 && lut[160] == 255 && lut[0] == 0);
    let mut semi = Rgba::filled(1, 1, [10, 20, 30, 77]);
    adjust(&mut semi, 100, 0);
    check("adjust-keeps-alpha", semi.pixel(0, 0)[3] == 77);

    let mut base = Rgba::filled(1, 1, [0, 0, 0, 255]);
    composite_over(&mut base, &Rgba::filled(1, 1, [255, 255, 255, 128]));
    check("over-half-white-on-black", base.pixel(0, 0) == [128, 128, 128, 255]);
    let mut base = Rgba::filled(1, 1, [10, 20, 30, 255]);
    composite_over(&mut base, &Rgba::filled(1, 1, [255, 0, 0, 0]));
    check("over-transparent-keeps-base", base.pixel(0, 0) == [10, 20, 30, 255]);
    composite_over(&mut base, &Rgba::filled(1, 1, [1, 2, 3, 255]));
    check("over-opaque-replaces", base.pixel(0, 0) == [1, 2, 3, 255]);
    let mut base = Rgba::filled(1, 1, [0, 0, 255, 128]);
    composite_over(&mut base, &Rgba::filled(1, 1, [255, 0, 0, 128]));
    // out_a = .502 + .502·.498 = .752 → 192; red = .502/.752 → 170, blue = .25/.752 → 85.
    check("over-both-translucent", base.pixel(0, 0) == [170, 0, 85, 192]);
    check("over-size-mismatch", !composite_over(&mut Rgba::filled(2, 1, [0; 4]), &Rgba::filled(1, 2, [0; 4])));
    let mut j = Rgba::filled(1, 1, [0, 0, 0, 0]);
    flatten(&mut j, [255, 255, 255]);
    check("flatten-on-white", j.pixel(0, 0) == [255, 255, 255, 255]);

    check("probe-png", probe(&fixtures::png(640, 480)) == Some((Format::Png, 640, 480)));
    check("probe-jpeg", probe(&fixtures::jpeg(1080, 1350)) == Some((Format::Jpeg, 1080, 1350)));
    check("probe-webp-vp8", probe(&fixtures::webp_vp8(300, 200)) == Some((Format::Webp, 300, 200)));
    check("probe-webp-vp8l", probe(&fixtures::webp_vp8l(1000, 16383)) == Some((Format::Webp, 1000, 16383)));
    check("probe-webp-vp8x", probe(&fixtures::webp_vp8x(5000, 70000)) == Some((Format::Webp, 5000, 70000)));
    check("probe-gif", probe(&fixtures::gif(320, 240)) == Some((Format::Gif, 320, 240)));
    check("probe-not-image", probe(b"<!doctype html><html>").is_none() && probe(&[]).is_none());
    check("probe-truncated", probe(&fixtures::png(1, 1)[..20]).is_none());

    check("centred-crop-square", centred_crop(400, 300, 1, 1) == Rect { x: 50, y: 0, w: 300, h: 300 });
    check("centred-crop-9x16", centred_crop(1920, 1080, 9, 16) == Rect { x: 656, y: 0, w: 608, h: 1080 });
    check("centred-crop-16x9-tall", centred_crop(1080, 1920, 16, 9) == Rect { x: 0, y: 656, w: 1080, h: 608 });
    check(
        "fit-long-side",
        fit_long_side(4000, 3000, 1080) == (1080, 810) && fit_long_side(3000, 4000, 1080) == (810, 1080),
    );
    checks
}

/// A 3 × 2 image whose pixels are numbered 1..=6 row by row.
fn fixture_3x2() -> Rgba {
    Rgba { w: 3, h: 2, data: (1..=6).flat_map(px).collect() }
}

fn px(n: u8) -> [u8; 4] {
    [n, n * 10, n * 20, 255 - n]
}

/// Hand-built file headers (just the bytes `probe` reads, plus a little padding).
pub mod fixtures {
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        v.extend_from_slice(&w.to_be_bytes());
        v.extend_from_slice(&h.to_be_bytes());
        v.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        v
    }

    /// SOI, a padded APP0, a DQT, fill bytes, then a progressive SOF2.
    pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00]);
        v.extend_from_slice(&[0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08]);
        v.extend_from_slice(&(h as u16).to_be_bytes());
        v.extend_from_slice(&(w as u16).to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v
    }

    fn riff(chunk: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut v = b"RIFF".to_vec();
        v.extend_from_slice(&((payload.len() + 12) as u32).to_le_bytes());
        v.extend_from_slice(b"WEBP");
        v.extend_from_slice(chunk);
        v.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        v.extend_from_slice(payload);
        v
    }

    pub fn webp_vp8(w: u32, h: u32) -> Vec<u8> {
        let mut p = vec![0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a];
        p.extend_from_slice(&(w as u16).to_le_bytes());
        p.extend_from_slice(&(h as u16).to_le_bytes());
        p.extend_from_slice(&[0; 6]);
        riff(b"VP8 ", &p)
    }

    pub fn webp_vp8l(w: u32, h: u32) -> Vec<u8> {
        let bits = (w - 1) | ((h - 1) << 14) | (1 << 28);
        let mut p = vec![0x2f];
        p.extend_from_slice(&bits.to_le_bytes());
        p.extend_from_slice(&[0; 4]);
        riff(b"VP8L", &p)
    }

    pub fn webp_vp8x(w: u32, h: u32) -> Vec<u8> {
        let mut p = vec![0x10, 0, 0, 0];
        p.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
        p.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
        riff(b"VP8X", &p)
    }

    pub fn gif(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"GIF89a".to_vec();
        v.extend_from_slice(&(w as u16).to_le_bytes());
        v.extend_from_slice(&(h as u16).to_le_bytes());
        v.extend_from_slice(&[0xF7, 0, 0]);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_self_check_passes() {
        let failed: Vec<_> = self_checks().into_iter().filter(|(_, ok)| !ok).map(|(n, _)| n).collect();
        assert!(failed.is_empty(), "failed: {failed:?}");
    }

    #[test]
    fn rotate_and_flip_exact_pixels() {
        let img = fixture_3x2();
        // 1 2 3      cw: 4 1     ccw: 3 6
        // 4 5 6          5 2          2 5
        //                6 3          1 4
        assert_eq!(rotate90(&img, true).pixel(0, 0), px(4));
        assert_eq!(rotate90(&img, true).pixel(1, 2), px(3));
        assert_eq!(rotate90(&img, false).pixel(0, 2), px(1));
        assert_eq!(flip(&img, true).pixel(0, 1), px(6));
        assert_eq!(flip(&img, false).pixel(2, 0), px(6));
        let odd = Rgba { w: 5, h: 3, data: (0..15u8).flat_map(|n| [n, n, n, n]).collect() };
        let mut r = odd.clone();
        for _ in 0..4 {
            r = rotate90(&r, false);
        }
        assert_eq!(r, odd);
    }

    #[test]
    fn resize_sizes_and_flat_colours() {
        let flat = Rgba::filled(400, 300, [12, 34, 56, 255]);
        let r = resize(&flat, 108, 81);
        assert_eq!((r.w, r.h, r.data.len()), (108, 81, 108 * 81 * 4));
        assert!(r.data.chunks_exact(4).all(|p| p == [12, 34, 56, 255]));
        assert_eq!(resize(&flat, 0, 0).data.len(), 4);
        assert_eq!(resize(&flat, 400, 300), flat);
        // A hard edge keeps its side: left black, right white.
        let mut edge = Rgba::filled(64, 8, [0, 0, 0, 255]);
        for y in 0..8 {
            for x in 32..64 {
                let i = (y * 64 + x) * 4;
                edge.data[i..i + 3].copy_from_slice(&[255, 255, 255]);
            }
        }
        let e = resize(&edge, 16, 2);
        assert!(e.pixel(0, 0)[0] < 10 && e.pixel(15, 1)[0] > 245);
    }

    #[test]
    fn probe_reads_headers_without_decoding() {
        assert_eq!(probe(&fixtures::png(7, 9)), Some((Format::Png, 7, 9)));
        assert_eq!(probe(&fixtures::jpeg(4000, 3000)), Some((Format::Jpeg, 4000, 3000)));
        assert_eq!(probe(&fixtures::webp_vp8(16383, 1)), Some((Format::Webp, 16383, 1)));
        assert_eq!(probe(&fixtures::gif(1, 65535)), Some((Format::Gif, 1, 65535)));
        // A JPEG whose SOF lies past the bytes we have: known format, unknown size.
        let mut j = fixtures::jpeg(10, 10);
        j.truncate(26);
        assert_eq!(sniff(&j), Some(Format::Jpeg));
        assert_eq!(probe(&j), None);
        // Zero sizes are not images.
        assert_eq!(probe(&fixtures::png(0, 5)), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), None);
    }

    #[test]
    fn composite_rounding_is_exact_at_the_ends() {
        for a in [1u8, 64, 128, 200, 254] {
            let mut base = Rgba::filled(1, 1, [40, 80, 120, 255]);
            composite_over(&mut base, &Rgba::filled(1, 1, [40, 80, 120, a]));
            assert_eq!(base.pixel(0, 0), [40, 80, 120, 255], "same colour over itself, alpha {a}");
        }
        let mut clear = Rgba::filled(1, 1, [9, 9, 9, 0]);
        composite_over(&mut clear, &Rgba::filled(1, 1, [200, 100, 0, 50]));
        assert_eq!(clear.pixel(0, 0), [200, 100, 0, 50]);
    }

    #[test]
    fn centred_crops_have_the_ratio() {
        for (w, h) in [(4000, 3000), (1080, 1920), (333, 777), (1, 1), (5, 1)] {
            for (rw, rh) in [(1, 1), (4, 5), (9, 16), (16, 9)] {
                let r = centred_crop(w, h, rw, rh);
                assert!(r.x + r.w <= w && r.y + r.h <= h && r.w > 0 && r.h > 0, "{w}x{h} {rw}:{rh} {r:?}");
                assert!(r.w == w || r.h == h, "largest: touches two sides");
                let err = (r.w as f64 / r.h as f64 - rw as f64 / rh as f64).abs();
                assert!(err < 1.0 / r.h.min(r.w) as f64 + 1e-9 || r.w.min(r.h) < 3, "{w}x{h} {rw}:{rh} {r:?}");
            }
        }
    }
}
