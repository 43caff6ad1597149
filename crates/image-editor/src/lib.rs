//! Pulse image editor: a WASM module of its own, loaded with `import()` only when a page
//! opens the editor, so the app's main bundle carries none of it.
//!
//! - [`ops`]: the pixel core (crop, quarter turns, flips, Lanczos3 resize, brightness and
//!   contrast, "source over" compositing, header probing), plain Rust, tested natively.
//! - [`doc`]: the edit as data (operations over the original + text layers), undo history,
//!   rendering cache.
//! - [`geom`], [`text`], [`labels`]: crop-box dragging, text direction, the label keys.
//! - `web` (wasm32 only): the DOM editor and the exported functions (`mount`, `Editor`,
//!   `resize_rgba`, `selftest`, `probe_image`). See README.md for the API.

pub mod doc;
pub mod geom;
pub mod labels;
pub mod ops;
pub mod text;

pub use labels::LABEL_KEYS;

#[cfg(target_arch = "wasm32")]
mod web;

/// The self-checks of every module: the pixel operations plus the document, crop-box and
/// text helpers. `selftest()` runs them inside WASM.
pub fn checks() -> Vec<(&'static str, bool)> {
    let mut all = ops::self_checks();
    let img = ops::Rgba { w: 4, h: 3, data: (0..48u8).collect() };
    let mut pipe = doc::Pipeline::new(img.clone());
    let mut d = doc::Doc::default();
    d.push_geometry(doc::Op::Rotate(true));
    d.push_geometry(doc::Op::Crop(ops::Rect { x: 0, y: 1, w: 3, h: 2 }));
    d.set_adjust(30, 20);
    let direct = d.ops.iter().fold(img, |i, op| op.apply(&i));
    all.push(("pipeline-equals-steps", pipe.render(&d) == &direct && d.output_size(4, 3) == (3, 2)));
    let mut h = doc::History::default();
    h.commit(d.clone(), None);
    all.push(("history-undo-redo", h.undo() && h.doc == doc::Doc::default() && h.redo() && h.doc == d));
    let b = geom::drag(
        geom::centred(400.0, 300.0, 1.0),
        geom::Handle::NE,
        80.0,
        -10.0,
        geom::Limits { w: 400.0, h: 300.0, min: 32.0, ratio: Some(1.0) },
    );
    all.push(("crop-drag-keeps-ratio", (b.w - b.h).abs() < 1e-9 && b.x >= 0.0 && b.x + b.w <= 400.0 + 1e-9));
    let mut basic = doc::Doc::default();
    basic.texts.push(doc::TextLayer::new_for("نص".into(), 0, false));
    let mut two = basic.clone();
    two.texts.push(doc::TextLayer::new_for("b".into(), 0, true));
    all.push((
        "advanced-editors-gate",
        !basic.uses_advanced() && !basic.can_add_text(false) && basic.can_add_text(true) && two.uses_advanced(),
    ));
    all.push(("text-direction", text::is_rtl_text("مرحبا Pulse") && !text::is_rtl_text("Pulse مرحبا")));
    all
}

/// `{"ok":…,"checks":[{"name":…,"ok":…},…]}` plus any `extra` fields (already JSON).
pub fn checks_json(extra: &[(&str, bool)]) -> String {
    let checks = checks();
    let ok = checks.iter().all(|(_, ok)| *ok);
    let list: Vec<String> = checks.iter().map(|(n, ok)| format!("{{\"name\":\"{n}\",\"ok\":{ok}}}")).collect();
    let extra: String = extra.iter().map(|(k, v)| format!(",\"{k}\":{v}")).collect();
    format!("{{\"ok\":{ok},\"checks\":[{}]{extra}}}", list.join(","))
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_checks_pass_and_the_json_says_so() {
        let json = super::checks_json(&[("extra", true)]);
        assert!(json.starts_with("{\"ok\":true,\"checks\":[{\"name\":\"crop\",\"ok\":true}"), "{json}");
        assert!(json.ends_with("],\"extra\":true}"));
        assert!(!json.contains("\"ok\":false"), "{json}");
    }
}
