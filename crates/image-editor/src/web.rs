//! The editor in the browser: DOM built by hand with web-sys, one delegated listener per
//! event kind, the pixel work in [`crate::ops`] through [`crate::doc::Pipeline`]. Text is
//! drawn by the browser's Canvas 2D (`fillText`), which shapes Arabic (joining, bidi).

use crate::doc::{Align, Doc, History, Op, Pipeline, TextLayer};
use crate::geom::{self, clampf, Box2, Handle};
use crate::ops::{self, Rect, Rgba};
use crate::text;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, CanvasRenderingContext2d as Ctx, CssStyleSheet, Document, Element, Event, FontFace, HtmlButtonElement,
    HtmlCanvasElement, HtmlElement, HtmlImageElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    ImageBitmap, ImageData, KeyboardEvent, PointerEvent,
};

/// The preview canvas is at most this many pixels on its long side (phones: 360 css px × 3).
const PREVIEW_MAX: u32 = 1600;
/// Bytes read before decoding to learn the format and size.
const HEAD: i32 = 64 * 1024;
const CSS: &str = include_str!("editor.css");

// ---------------------------------------------------------------- exported functions

/// Resizes straight-alpha RGBA pixels with Lanczos3 (empty if `data` is not `w·h·4` bytes).
#[wasm_bindgen]
pub fn resize_rgba(data: &[u8], w: u32, h: u32, new_w: u32, new_h: u32) -> Vec<u8> {
    if data.len() as u64 != w as u64 * h as u64 * 4 {
        return Vec::new();
    }
    ops::resize_raw(data, w, h, new_w, new_h)
}

/// Runs every pixel operation on small fixtures inside WASM: `{"ok":…,"checks":[…]}`.
/// `simd128_alpha_matches_scalar` (information, not a check) tells whether this build's
/// SIMD128 alpha handling (divide-by-alpha, and a whole resize with `use_alpha(true)`)
/// agrees with the plain-Rust path the editor uses: Rust 1.95/1.96 are said to miscompile it
/// (rust-lang/rust#157456).
#[wasm_bindgen]
pub fn selftest() -> String {
    crate::checks_json(&[("simd128_alpha_matches_scalar", simd_alpha_matches_scalar())])
}

fn simd_alpha_matches_scalar() -> bool {
    use fast_image_resize::{images::Image, CpuExtensions, MulDiv, PixelType};
    // Every (colour, alpha) pair, premultiplied, divided back: SIMD128 against plain Rust.
    let data: Vec<u8> = (0..=255u32)
        .flat_map(|a| {
            (0..=255u32)
                .flat_map(move |c| [(c * a / 255) as u8, (c * a / 255) as u8, ((255 - c) * a / 255) as u8, a as u8])
        })
        .collect();
    let run = |ext: Option<CpuExtensions>| {
        let mut md = MulDiv::new();
        if let Some(ext) = ext {
            // SAFETY: `None` runs everywhere.
            #[allow(unsafe_code)]
            unsafe {
                md.set_cpu_extensions(ext)
            };
        }
        let Ok(mut img) = Image::from_vec_u8(256, 256, data.clone(), PixelType::U8x4) else { return Vec::new() };
        let _ = md.divide_alpha_inplace(&mut img);
        img.into_vec()
    };
    let simd = run(None);
    if simd.is_empty() || simd != run(Some(CpuExtensions::None)) {
        return false;
    }
    // The whole resize with the crate's own alpha handling (all SIMD) against ours.
    let img = Rgba {
        w: 64,
        h: 48,
        data: (0..64 * 48u32).flat_map(|i| [(i % 64 * 4) as u8, (i / 64 * 5) as u8, 90, (i * 7 % 256) as u8]).collect(),
    };
    let options = fast_image_resize::ResizeOptions::new()
        .resize_alg(fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3))
        .use_alpha(true);
    let Ok(src) = fast_image_resize::images::ImageRef::new(64, 48, &img.data, PixelType::U8x4) else { return false };
    let mut dst = Image::new(17, 13, PixelType::U8x4);
    if fast_image_resize::Resizer::new().resize(&src, &mut dst, &options).is_err() {
        return false;
    }
    let ours = ops::resize(&img, 17, 13);
    // Same maths, premultiplied in another order: allow a rounding step.
    dst.buffer().iter().zip(&ours.data).all(|(a, b)| a.abs_diff(*b) <= 1)
}

/// `null`, or `{format, width, height}` read from a file's first bytes without decoding.
#[wasm_bindgen]
pub fn probe_image(head: &[u8]) -> JsValue {
    match ops::probe(head) {
        Some((f, w, h)) => {
            let o = Object::new();
            set(&o, "format", &f.name().into());
            set(&o, "width", &w.into());
            set(&o, "height", &h.into());
            o.into()
        }
        None => JsValue::NULL,
    }
}

/// Builds the editor inside `root`. `config`: see README.md.
#[wasm_bindgen]
pub fn mount(root: HtmlElement, config: JsValue) -> Result<Editor, JsValue> {
    #[cfg(debug_assertions)]
    console_hook();
    let document = root.owner_document().ok_or("no document")?;
    adopt_css(&document);
    let cfg = Config::read(&config);
    let source = cfg.source_url.clone();
    let ui = Ui::build(&document, &root, &cfg)?;
    let s: S = Rc::new_cyclic(|me| {
        RefCell::new(State {
            me: me.clone(),
            ui,
            cfg,
            document,
            pipe: None,
            hist: History::default(),
            shown: None,
            selected: None,
            out: (0, 0),
            scale: 1.0,
            boxes: Vec::new(),
            drag: None,
            crop: None,
            resize_ratio: 1.0,
            busy: 0,
            saving: false,
            render_queued: false,
            destroyed: false,
            load: 0,
            fonts_pending: Vec::new(),
            listeners: Vec::new(),
        })
    });
    listen(&s);
    sync_controls(&mut s.borrow_mut());
    let editor = Editor { s };
    if let Some(url) = source {
        editor.open_url(url);
    }
    Ok(editor)
}

#[wasm_bindgen]
pub struct Editor {
    s: S,
}

#[wasm_bindgen]
impl Editor {
    /// Fetches, checks (format, pixel count), decodes and shows an image.
    pub fn open_url(&self, url: String) {
        let s = self.s.clone();
        spawn_local(async move { open_url(&s, &url).await });
    }

    /// Opens an image the page already has (a File or Blob).
    pub fn open_blob(&self, blob: Blob) {
        let s = self.s.clone();
        spawn_local(async move {
            let token = begin_load(&s);
            let result = open_blob(&s, &blob).await;
            finish_load(&s, token, result);
        });
    }

    /// Removes the editor's elements, fonts and listeners.
    pub fn destroy(self) {
        let Ok(mut st) = self.s.try_borrow_mut() else { return };
        st.destroyed = true;
        st.ui.wrap.remove();
        for a in ["data-ready", "data-width", "data-height", "data-busy", "data-texts"] {
            let _ = st.ui.root.remove_attribute(a);
        }
        let _ = st.ui.root.class_list().remove_1("pe-root");
        let set = st.document.fonts();
        for f in &st.cfg.fonts {
            for face in &f.faces {
                let _ = set.delete(face);
            }
        }
        st.pipe = None;
        st.listeners.clear();
    }
}

// ---------------------------------------------------------------- configuration

struct Font {
    /// The CSS font-family list for the canvas.
    css: String,
    label: String,
    faces: Vec<FontFace>,
}

struct Config {
    labels: Vec<(String, String)>,
    lang: String,
    source_url: Option<String>,
    max_pixels: f64,
    /// The largest file "save" may hand over (the host's upload limit for images).
    max_save_bytes: Option<f64>,
    fonts: Vec<Font>,
    on_save: Option<Function>,
    /// Creator's "advanced editors": more than one text layer, text effects (outline,
    /// shadow), brightness and contrast. Without them those controls show locked.
    advanced: bool,
    /// Where the locked notes' offer links to.
    upgrade_url: String,
}

/// The plan feature the locked notes name (the app's `PlanFeature::AdvancedEditors`).
const ADVANCED_FEATURE: &str = "advanced_editors";
const UPGRADE_URL: &str = "/app/account#plans";

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// A number with three decimals for CSS, without core's float formatting (≈ 15 KB of WASM).
fn dec(v: f64) -> String {
    let n = (v * 1000.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{:03}", n.abs() / 1000, n.abs() % 1000)
}

fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace(['"', '\\', '\n'], ""))
}

impl Config {
    fn read(c: &JsValue) -> Config {
        let mut labels = Vec::new();
        let l = get(c, "labels");
        if l.is_object() {
            for key in Object::keys(l.unchecked_ref::<Object>()).iter() {
                if let (Some(k), Some(v)) = (key.as_string(), get(&l, &key.as_string().unwrap_or_default()).as_string())
                {
                    labels.push((k, v));
                }
            }
        }
        let max_pixels = get(c, "max_pixels").as_f64().filter(|n| *n > 0.0).unwrap_or(40_000_000.0);
        let document = web_sys::window().and_then(|w| w.document());
        let mut fonts = Vec::new();
        let list = get(c, "fonts");
        if Array::is_array(&list) {
            for (i, f) in Array::from(&list).iter().enumerate() {
                let Some(family) = get(&f, "family").as_string() else { continue };
                let label = get(&f, "label").as_string().unwrap_or_else(|| family.clone());
                let mut urls: Vec<String> = get(&f, "url").as_string().into_iter().collect();
                let more = get(&f, "urls");
                if Array::is_array(&more) {
                    urls.extend(Array::from(&more).iter().filter_map(|u| u.as_string()));
                }
                // Each file is a face of a private family (so the page's own fonts stay as
                // they are); the list falls back file by file, glyph by glyph, so a face
                // split into Arabic and Latin files draws both.
                let mut families = Vec::new();
                let mut faces = Vec::new();
                for (j, url) in urls.iter().enumerate() {
                    let name = format!("pe-f{i}-{j}");
                    if let Ok(face) = FontFace::new_with_str(&name, &format!("url({})", css_string(url))) {
                        if let Some(d) = &document {
                            let _ = d.fonts().add(&face);
                        }
                        faces.push(face);
                        families.push(css_string(&name));
                    }
                }
                families.push(css_string(&family));
                families.push("sans-serif".into());
                fonts.push(Font { css: families.join(", "), label, faces });
            }
        }
        if fonts.is_empty() {
            let label = labels
                .iter()
                .find(|(k, _)| k == "editor-font-system")
                .map_or_else(|| "editor-font-system".into(), |(_, v)| v.clone());
            fonts.push(Font { css: "system-ui, sans-serif".into(), label, faces: Vec::new() });
        }
        let on_save = get(c, "on_save").dyn_into::<Function>().ok();
        Config {
            labels,
            lang: get(c, "lang").as_string().unwrap_or_else(|| "ar".into()),
            source_url: get(c, "source_url").as_string().filter(|s| !s.is_empty()),
            max_pixels,
            max_save_bytes: get(c, "max_save_bytes").as_f64().filter(|n| *n > 0.0),
            fonts,
            on_save,
            // Locked unless the host says the plan has them.
            advanced: get(c, "advanced").as_bool().unwrap_or(false),
            upgrade_url: get(c, "upgrade_url")
                .as_string()
                .filter(|u| u.starts_with('/') && !u.starts_with("//"))
                .unwrap_or_else(|| UPGRADE_URL.into()),
        }
    }

    fn t(&self, key: &str) -> String {
        self.labels.iter().find(|(k, _)| k == key).map_or_else(|| key.to_string(), |(_, v)| v.clone())
    }

    /// A label with placeholders, or `default` when the host passed none, or a text
    /// without the `{ $arg }` (a Fluent lookup without arguments fails and returns the key).
    fn pattern(&self, key: &str, arg: &str, default: &str) -> String {
        match self.labels.iter().find(|(k, _)| k == key) {
            Some((_, v)) if v.contains(&format!("${arg}")) => v.clone(),
            _ => default.to_string(),
        }
    }
}

// ---------------------------------------------------------------- state

type S = Rc<RefCell<State>>;

struct Drag {
    pointer: i32,
    what: DragWhat,
    /// Where the pointer went down, in output pixels.
    x0: f64,
    y0: f64,
}

#[derive(Clone, Copy)]
enum DragWhat {
    Text { index: usize, start: (f64, f64) },
    Crop { handle: Handle, start: Box2 },
}

struct CropMode {
    rect: Box2,
    ratio: Option<f64>,
}

struct State {
    me: Weak<RefCell<State>>,
    ui: Ui,
    cfg: Config,
    document: Document,
    pipe: Option<Pipeline>,
    hist: History,
    /// The operations whose result is on the base canvas.
    shown: Option<Vec<Op>>,
    selected: Option<usize>,
    /// Output size in pixels.
    out: (u32, u32),
    /// Preview canvas pixels per output pixel.
    scale: f64,
    /// Text layers' boxes in output pixels (x0, y0, x1, y1), from the last drawing.
    boxes: Vec<(f64, f64, f64, f64)>,
    drag: Option<Drag>,
    crop: Option<CropMode>,
    resize_ratio: f64,
    busy: u32,
    saving: bool,
    render_queued: bool,
    destroyed: bool,
    load: u32,
    fonts_pending: Vec<String>,
    listeners: Vec<Closure<dyn FnMut(Event)>>,
}

impl State {
    fn t(&self, key: &str) -> String {
        self.cfg.t(key)
    }

    fn ready(&self) -> bool {
        self.pipe.is_some()
    }

    fn set_busy(&mut self, on: bool) {
        self.busy = if on { self.busy + 1 } else { self.busy.saturating_sub(1) };
        if self.busy > 0 {
            let _ = self.ui.root.set_attribute("data-busy", "true");
            self.ui.msg.set_text_content(Some(&self.t("editor-working")));
        } else {
            let _ = self.ui.root.remove_attribute("data-busy");
            if self.ui.msg.text_content().as_deref() == Some(&self.t("editor-working")) {
                self.ui.msg.set_text_content(None);
            }
        }
    }

    fn error(&self, text: Option<&str>) {
        self.ui.error.set_text_content(text);
        self.ui.error.set_hidden(text.is_none());
    }

    fn message(&self, text: Option<&str>) {
        self.ui.msg.set_text_content(text);
    }

    /// Shows or hides the note that a second text layer needs the advanced editors.
    fn show_layers_locked(&self, on: bool) {
        if let Some(note) = &self.ui.layers_locked {
            note.set_hidden(!on);
        }
    }
}

// ---------------------------------------------------------------- DOM

struct Ui {
    root: HtmlElement,
    wrap: HtmlElement,
    file: HtmlInputElement,
    empty: HtmlElement,
    frame: HtmlElement,
    base: HtmlCanvasElement,
    over: HtmlCanvasElement,
    crop_box: HtmlElement,
    crop_panel: HtmlElement,
    resize_panel: HtmlElement,
    light_panel: HtmlElement,
    text_panel: HtmlElement,
    out_panel: HtmlElement,
    rw: HtmlInputElement,
    rh: HtmlInputElement,
    bright: HtmlInputElement,
    contrast: HtmlInputElement,
    text_in: HtmlTextAreaElement,
    font: HtmlSelectElement,
    size: HtmlInputElement,
    color: HtmlInputElement,
    outline: HtmlInputElement,
    shadow: HtmlInputElement,
    format: HtmlSelectElement,
    quality: HtmlInputElement,
    save: Option<HtmlButtonElement>,
    size_text: HtmlElement,
    msg: HtmlElement,
    error: HtmlElement,
    /// The note shown when a second text layer is refused (only without the advanced editors).
    layers_locked: Option<HtmlElement>,
    /// Buttons that need an image.
    tools: Vec<HtmlButtonElement>,
    undo: HtmlButtonElement,
    redo: HtmlButtonElement,
    align: Vec<HtmlButtonElement>,
}

struct B<'a> {
    d: &'a Document,
    c: &'a Config,
}

impl B<'_> {
    fn el(&self, parent: &Element, tag: &str, class: &str) -> HtmlElement {
        let e: HtmlElement = self.d.create_element(tag).expect("element").unchecked_into();
        if !class.is_empty() {
            e.set_class_name(class);
        }
        let _ = parent.append_child(&e);
        e
    }

    fn attrs(&self, e: &Element, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            let _ = e.set_attribute(k, v);
        }
    }

    fn text(&self, parent: &Element, tag: &str, class: &str, key: &str) -> HtmlElement {
        let e = self.el(parent, tag, class);
        e.set_text_content(Some(&self.c.t(key)));
        e
    }

    /// `<button type=button data-act=key data-testid=key aria-label=…>label</button>`.
    fn button(&self, parent: &Element, key: &str, class: &str) -> HtmlButtonElement {
        let b = self.text(parent, "button", &format!("pe-btn {class}"), key);
        self.attrs(&b, &[("type", "button"), ("data-act", key), ("data-testid", key), ("aria-label", &self.c.t(key))]);
        b.unchecked_into()
    }

    fn group(&self, parent: &Element, label: &str) -> HtmlElement {
        let g = self.el(parent, "div", "pe-group");
        self.attrs(&g, &[("role", "group")]);
        if !label.is_empty() {
            self.attrs(&g, &[("aria-label", &self.c.t(label))]);
        }
        g
    }

    /// `<label class=pe-field><span>label</span><tag data-testid=key></label>`.
    fn field(&self, parent: &Element, tag: &str, key: &str, attrs: &[(&str, &str)]) -> HtmlElement {
        let l = self.el(parent, "label", "pe-field");
        self.text(&l, "span", "", key);
        let input = self.el(&l, tag, "");
        self.attrs(&input, &[("data-testid", key)]);
        self.attrs(&input, attrs);
        input
    }

    fn check(&self, parent: &Element, key: &str) -> HtmlInputElement {
        let l = self.el(parent, "label", "pe-check");
        let input = self.el(&l, "input", "");
        self.attrs(&input, &[("type", "checkbox"), ("data-testid", key)]);
        self.text(&l, "span", "", key);
        input.unchecked_into()
    }

    fn range(&self, parent: &Element, key: &str, min: &str, max: &str, value: &str) -> HtmlInputElement {
        let input = self.field(
            parent,
            "input",
            key,
            &[("type", "range"), ("min", min), ("max", max), ("step", "1"), ("value", value)],
        );
        // The value beside the name: `<span>Brightness <output>0</output></span>`.
        let span = input.previous_element_sibling().expect("the field's name");
        let out = self.el(&span, "output", "");
        self.attrs(&out, &[("data-testid", &format!("{key}-value"))]);
        out.set_text_content(Some(value));
        input.unchecked_into()
    }

    /// `<p class=pe-locked data-testid=feature-locked data-feature=advanced_editors
    /// data-locked=what>text <a href=upgrade data-testid=upgrade-cta>…</a></p>`: why the
    /// controls beside it are locked, and the offer.
    fn locked(&self, parent: &Element, key: &str, what: &str) -> HtmlElement {
        let p = self.el(parent, "p", "pe-locked");
        self.attrs(&p, &[("data-testid", "feature-locked"), ("data-feature", ADVANCED_FEATURE), ("data-locked", what)]);
        let _ = p.append_with_str_1(&format!("{} ", self.c.t(key)));
        let a = self.text(&p, "a", "pe-upgrade", "editor-upgrade");
        self.attrs(&a, &[("href", &self.c.upgrade_url), ("data-testid", "upgrade-cta")]);
        p
    }

    fn option(&self, select: &Element, value: &str, text: &str) {
        let o = self.el(select, "option", "");
        self.attrs(&o, &[("value", value)]);
        o.set_text_content(Some(text));
    }
}

impl Ui {
    fn build(d: &Document, root: &HtmlElement, c: &Config) -> Result<Ui, JsValue> {
        let b = B { d, c };
        let _ = root.class_list().add_1("pe-root");
        // Pages without a direction get one from the language; otherwise the page's wins.
        if d.document_element().is_none_or(|e| e.get_attribute("dir").is_none()) && root.closest("[dir]")?.is_none() {
            let _ = root.set_attribute("dir", if c.lang == "ar" { "rtl" } else { "ltr" });
        }
        let wrap = b.el(root, "div", "pe");
        b.attrs(&wrap, &[("data-testid", "editor")]);

        let bar = b.el(&wrap, "div", "pe-bar");
        b.attrs(&bar, &[("role", "toolbar"), ("aria-label", &c.t("editor-toolbar"))]);
        let g = b.group(&bar, "");
        b.button(&g, "editor-open", "pe-primary");
        let undo = b.button(&g, "editor-undo", "");
        let redo = b.button(&g, "editor-redo", "");
        let mut tools = Vec::new();
        let g = b.group(&bar, "editor-group-crop");
        for k in ["editor-crop-1x1", "editor-crop-4x5", "editor-crop-9x16", "editor-crop-16x9", "editor-crop-free"] {
            tools.push(b.button(&g, k, ""));
        }
        let g = b.group(&bar, "editor-group-transform");
        for k in ["editor-rotate-left", "editor-rotate", "editor-flip-h", "editor-flip-v"] {
            tools.push(b.button(&g, k, ""));
        }
        let g = b.group(&bar, "");
        tools.push(b.button(&g, "editor-resize", ""));
        tools.push(b.button(&g, "editor-add-text", ""));
        let layers_locked = (!c.advanced).then(|| {
            let note = b.locked(&wrap, "editor-locked-layers", "text-layers");
            b.attrs(&note, &[("role", "status"), ("hidden", "")]);
            note
        });

        let file: HtmlInputElement = b.el(&wrap, "input", "").unchecked_into();
        b.attrs(
            &file,
            &[
                ("type", "file"),
                ("accept", "image/png,image/jpeg,image/webp"),
                ("data-testid", "editor-file"),
                ("hidden", ""),
            ],
        );

        let stage = b.el(&wrap, "div", "pe-stage");
        b.attrs(&stage, &[("dir", "ltr")]);
        let empty = b.text(&stage, "p", "pe-empty", "editor-empty");
        b.attrs(&empty, &[("data-testid", "editor-empty")]);
        let frame = b.el(&stage, "div", "pe-frame");
        b.attrs(&frame, &[("tabindex", "0"), ("role", "group"), ("aria-label", &c.t("editor-canvas")), ("hidden", "")]);
        let base: HtmlCanvasElement = b.el(&frame, "canvas", "pe-base").unchecked_into();
        b.attrs(&base, &[("data-testid", "editor-canvas"), ("aria-hidden", "true")]);
        let over: HtmlCanvasElement = b.el(&frame, "canvas", "pe-over").unchecked_into();
        b.attrs(&over, &[("data-testid", "editor-overlay"), ("aria-hidden", "true")]);
        let crop_box = b.el(&frame, "div", "pe-crop");
        b.attrs(
            &crop_box,
            &[
                ("data-h", "move"),
                ("data-testid", "editor-crop-box"),
                ("role", "img"),
                ("aria-label", &c.t("editor-crop-area")),
                ("hidden", ""),
            ],
        );
        for h in Handle::ALL {
            let e = b.el(&crop_box, "span", &format!("pe-h pe-h-{}", h.name()));
            b.attrs(&e, &[("data-h", h.name()), ("data-testid", &format!("editor-crop-handle-{}", h.name()))]);
        }

        let status = b.el(&wrap, "p", "pe-status");
        b.attrs(&status, &[("data-testid", "editor-status"), ("aria-live", "polite")]);
        let size_text = b.el(&status, "span", "pe-size");
        let msg = b.el(&status, "span", "pe-msg");
        b.attrs(&msg, &[("data-testid", "editor-message")]);
        let error = b.el(&wrap, "p", "pe-error");
        b.attrs(&error, &[("role", "alert"), ("data-testid", "editor-error"), ("hidden", "")]);

        let crop_panel = b.el(&wrap, "div", "pe-panel");
        b.attrs(&crop_panel, &[("data-testid", "editor-crop-panel"), ("hidden", "")]);
        b.button(&crop_panel, "editor-crop-apply", "pe-primary");
        b.button(&crop_panel, "editor-crop-cancel", "");

        let resize_panel = b.el(&wrap, "div", "pe-panel");
        b.attrs(&resize_panel, &[("data-testid", "editor-resize-panel"), ("hidden", "")]);
        let num = [("type", "number"), ("min", "1"), ("step", "1"), ("inputmode", "numeric")];
        let rw: HtmlInputElement = b.field(&resize_panel, "input", "editor-resize-width", &num).unchecked_into();
        let rh: HtmlInputElement = b.field(&resize_panel, "input", "editor-resize-height", &num).unchecked_into();
        let row = b.el(&resize_panel, "div", "pe-row");
        for n in ["1080", "1600", "2048"] {
            let p = b.el(&row, "button", "pe-btn");
            let label = text::fill(&c.pattern("editor-resize-preset", "size", "{ $size } px"), &[("size", n)]);
            b.attrs(
                &p,
                &[
                    ("type", "button"),
                    ("data-act", "preset"),
                    ("data-size", n),
                    ("data-testid", &format!("editor-resize-{n}")),
                    ("aria-label", &label),
                    ("title", &label),
                ],
            );
            p.set_text_content(Some(n));
        }
        b.button(&resize_panel, "editor-resize-apply", "pe-primary");
        b.button(&resize_panel, "editor-resize-cancel", "");

        let text_panel = b.el(&wrap, "div", "pe-panel");
        b.attrs(&text_panel, &[("data-testid", "editor-text-panel"), ("hidden", "")]);
        let text_in: HtmlTextAreaElement =
            b.field(&text_panel, "textarea", "editor-text-input", &[("dir", "auto"), ("rows", "2")]).unchecked_into();
        text_in.parent_element().expect("label").set_class_name("pe-field pe-wide");
        let row = b.el(&text_panel, "div", "pe-row");
        let font: HtmlSelectElement = b.field(&row, "select", "editor-text-font", &[]).unchecked_into();
        for (i, f) in c.fonts.iter().enumerate() {
            b.option(&font, &i.to_string(), &f.label);
        }
        let size: HtmlInputElement = b
            .field(
                &row,
                "input",
                "editor-text-size",
                &[("type", "number"), ("min", "4"), ("step", "1"), ("inputmode", "numeric")],
            )
            .unchecked_into();
        let color: HtmlInputElement =
            b.field(&row, "input", "editor-text-color", &[("type", "color")]).unchecked_into();
        let row = b.el(&text_panel, "div", "pe-row");
        let outline = b.check(&row, "editor-text-outline");
        let shadow = b.check(&row, "editor-text-shadow");
        let g = b.group(&row, "editor-text-align");
        let align = ["editor-text-align-start", "editor-text-align-center", "editor-text-align-end"]
            .map(|k| b.button(&g, k, ""))
            .to_vec();
        b.button(&text_panel, "editor-text-delete", "");
        if !c.advanced {
            outline.set_disabled(true);
            shadow.set_disabled(true);
            b.locked(&text_panel, "editor-locked-effects", "text-effects");
        }

        let light_panel = b.el(&wrap, "div", "pe-panel");
        b.attrs(
            &light_panel,
            &[
                ("role", "group"),
                ("aria-label", &c.t("editor-group-adjust")),
                ("data-testid", "editor-light-panel"),
                ("hidden", ""),
            ],
        );
        let bright = b.range(&light_panel, "editor-brightness", "-100", "100", "0");
        let contrast = b.range(&light_panel, "editor-contrast", "-100", "100", "0");
        if !c.advanced {
            bright.set_disabled(true);
            contrast.set_disabled(true);
            b.locked(&light_panel, "editor-locked-filters", "filters");
        }

        let out_panel = b.el(&wrap, "div", "pe-panel");
        b.attrs(&out_panel, &[("hidden", "")]);
        let format: HtmlSelectElement = b.field(&out_panel, "select", "editor-format", &[]).unchecked_into();
        for (v, k) in [
            ("image/png", "editor-format-png"),
            ("image/jpeg", "editor-format-jpeg"),
            ("image/webp", "editor-format-webp"),
        ] {
            b.option(&format, v, &c.t(k));
        }
        let quality = b.range(&out_panel, "editor-quality", "50", "100", "90");
        b.button(&out_panel, "editor-export", "pe-primary");
        let save = c.on_save.as_ref().map(|_| b.button(&out_panel, "editor-save", "pe-primary"));

        Ok(Ui {
            root: root.clone(),
            wrap,
            file,
            empty,
            frame,
            base,
            over,
            crop_box,
            crop_panel,
            resize_panel,
            light_panel,
            text_panel,
            out_panel,
            rw,
            rh,
            bright,
            contrast,
            text_in,
            font,
            size,
            color,
            outline,
            shadow,
            format,
            quality,
            save,
            size_text,
            msg,
            error,
            layers_locked,
            tools,
            undo,
            redo,
            align,
        })
    }
}

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The editor's stylesheet, once per document, as a constructed sheet (the site's policy
/// refuses inline `<style>`; constructed sheets are not inline). Skipped when the host
/// links the same sheet as a file (`editor.json`'s `css`).
fn adopt_css(d: &Document) {
    if d.query_selector("link[href*='/pulse_editor.']").ok().flatten().is_some() {
        return;
    }
    SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        let adopted = d.adopted_style_sheets();
        if let Some(sheet) = cell.as_ref() {
            if adopted.includes(sheet, 0) {
                return;
            }
        }
        let sheet = match cell.take() {
            Some(s) => s,
            None => {
                let Ok(s) = CssStyleSheet::new() else { return };
                if s.replace_sync(CSS).is_err() {
                    return;
                }
                s
            }
        };
        adopted.push(&sheet);
        d.set_adopted_style_sheets(&adopted);
        *cell = Some(sheet);
    });
}

#[cfg(debug_assertions)]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(s: &str);
}

/// Panics in the console (debug builds; release builds abort without a word).
#[cfg(debug_assertions)]
fn console_hook() {
    std::panic::set_hook(Box::new(|info| console_error(&format!("pulse editor: {info}"))));
}

// ---------------------------------------------------------------- listeners

fn listen(s: &S) {
    let st = s.borrow();
    let wrap = st.ui.wrap.clone();
    let frame = st.ui.frame.clone();
    drop(st);
    let add = |target: &Element, kind: &str, f: fn(&S, Event)| {
        let s2 = s.clone();
        let c = Closure::<dyn FnMut(Event)>::new(move |e: Event| f(&s2, e));
        let _ = target.add_event_listener_with_callback(kind, c.as_ref().unchecked_ref());
        s.borrow_mut().listeners.push(c);
    };
    add(&wrap, "click", on_click);
    add(&wrap, "input", on_input);
    add(&wrap, "change", on_change);
    add(&wrap, "keydown", on_key);
    add(&wrap, "focusout", on_focusout);
    for kind in ["pointerdown", "pointermove", "pointerup", "pointercancel"] {
        add(&frame, kind, on_pointer);
    }
}

fn target_el(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

fn testid(e: &Event) -> String {
    target_el(e).and_then(|t| t.get_attribute("data-testid")).unwrap_or_default()
}

fn on_click(s: &S, e: Event) {
    let Some(btn) = target_el(&e).and_then(|t| t.closest("[data-act]").ok().flatten()) else { return };
    if btn.has_attribute("disabled") {
        return;
    }
    let act = btn.get_attribute("data-act").unwrap_or_default();
    if act == "editor-open" {
        // Outside the borrow: the file input's click event comes back through here.
        let file = s.borrow().ui.file.clone();
        file.set_value("");
        file.click();
        return;
    }
    if act == "editor-export" || act == "editor-save" {
        let s = s.clone();
        let save = act == "editor-save";
        spawn_local(async move { export(&s, save).await });
        return;
    }
    let focus_text = {
        let Ok(mut st) = s.try_borrow_mut() else { return };
        if !st.ready() {
            return;
        }
        // A new action: the last one's "saved", error or refusal no longer applies.
        st.error(None);
        st.message(None);
        st.show_layers_locked(false);
        action(&mut st, &act, &btn)
    };
    if focus_text {
        let ta = s.borrow().ui.text_in.clone();
        let _ = ta.focus();
        ta.select();
    }
    schedule_render(s);
}

fn ratio_of(act: &str) -> Option<(u32, u32)> {
    match act {
        "editor-crop-1x1" => Some((1, 1)),
        "editor-crop-4x5" => Some((4, 5)),
        "editor-crop-9x16" => Some((9, 16)),
        "editor-crop-16x9" => Some((16, 9)),
        _ => None,
    }
}

/// A toolbar or panel button. Returns true when the text box should take the focus.
fn action(st: &mut State, act: &str, btn: &Element) -> bool {
    let (w, h) = st.out;
    let mut doc = st.hist.doc.clone();
    let geometry = |doc: &mut Doc, op: Op| doc.push_geometry(op);
    match act {
        "editor-undo" => {
            st.hist.undo();
            after_history(st);
            return false;
        }
        "editor-redo" => {
            st.hist.redo();
            after_history(st);
            return false;
        }
        a if ratio_of(a).is_some() => {
            let (rw, rh) = ratio_of(a).expect("ratio");
            if let Some(crop) = st.crop.as_mut() {
                let ratio = rw as f64 / rh as f64;
                crop.rect = geom::centred(w as f64, h as f64, ratio);
                crop.ratio = Some(ratio);
                show_crop(st);
                return false;
            }
            let r = ops::centred_crop(w, h, rw, rh);
            if (r.w, r.h) != (w, h) {
                geometry(&mut doc, Op::Crop(r));
            }
        }
        "editor-crop-free" => {
            st.crop = Some(CropMode { rect: Box2 { x: 0.0, y: 0.0, w: w as f64, h: h as f64 }, ratio: None });
            st.selected = None;
            show_crop(st);
            sync_controls(st);
            return false;
        }
        "editor-crop-apply" => {
            if let Some(c) = st.crop.take() {
                let r = Rect {
                    x: c.rect.x.round() as u32,
                    y: c.rect.y.round() as u32,
                    w: c.rect.w.round().max(1.0) as u32,
                    h: c.rect.h.round().max(1.0) as u32,
                };
                if let Some(r) = r.clamp_to(w, h).filter(|r| (r.w, r.h) != (w, h)) {
                    geometry(&mut doc, Op::Crop(r));
                }
            }
            show_crop(st);
        }
        "editor-crop-cancel" => {
            st.crop = None;
            show_crop(st);
            sync_controls(st);
            return false;
        }
        "editor-rotate" => geometry(&mut doc, Op::Rotate(true)),
        "editor-rotate-left" => geometry(&mut doc, Op::Rotate(false)),
        "editor-flip-h" => geometry(&mut doc, Op::Flip(true)),
        "editor-flip-v" => geometry(&mut doc, Op::Flip(false)),
        "editor-resize" => {
            let open = st.ui.resize_panel.hidden();
            st.ui.resize_panel.set_hidden(!open);
            let _ = btn.set_attribute("aria-expanded", if open { "true" } else { "false" });
            if open {
                st.resize_ratio = w as f64 / h.max(1) as f64;
                st.ui.rw.set_value(&w.to_string());
                st.ui.rh.set_value(&h.to_string());
            }
            return false;
        }
        "preset" => {
            let long = btn.get_attribute("data-size").and_then(|v| v.parse().ok()).unwrap_or(1080);
            let (nw, nh) = ops::fit_long_side(w, h, long);
            st.ui.rw.set_value(&nw.to_string());
            st.ui.rh.set_value(&nh.to_string());
            return false;
        }
        "editor-resize-apply" => {
            let nw = st.ui.rw.value_as_number();
            let nh = st.ui.rh.value_as_number();
            let ok = nw >= 1.0 && nh >= 1.0 && nw * nh <= st.cfg.max_pixels && nw <= 65535.0 && nh <= 65535.0;
            if !ok {
                st.error(Some(&st.t("editor-error-resize")));
                return false;
            }
            st.error(None);
            st.ui.resize_panel.set_hidden(true);
            if (nw as u32, nh as u32) != (w, h) {
                geometry(&mut doc, Op::Resize(nw.round() as u32, nh.round() as u32));
            }
        }
        "editor-resize-cancel" => {
            st.ui.resize_panel.set_hidden(true);
            return false;
        }
        "editor-add-text" => {
            st.crop = None;
            show_crop(st);
            if !doc.can_add_text(st.cfg.advanced) {
                // One layer without the advanced editors: say so, and select the one there is.
                st.show_layers_locked(true);
                st.selected = Some(doc.texts.len() - 1);
                sync_controls(st);
                return false;
            }
            let font = st.selected.and_then(|i| doc.texts.get(i)).map(|t| t.font).unwrap_or(0);
            doc.texts.push(TextLayer::new_for(st.t("editor-text-placeholder"), font, st.cfg.advanced));
            st.selected = Some(doc.texts.len() - 1);
            st.hist.commit(doc, None);
            sync_controls(st);
            return true;
        }
        "editor-text-delete" => {
            if let Some(i) = st.selected.take().filter(|i| *i < doc.texts.len()) {
                doc.texts.remove(i);
            }
        }
        a if a.starts_with("editor-text-align-") => {
            let align = match a {
                "editor-text-align-start" => Align::Start,
                "editor-text-align-end" => Align::End,
                _ => Align::Center,
            };
            if let Some(t) = st.selected.and_then(|i| doc.texts.get_mut(i)) {
                t.align = align;
            }
        }
        _ => return false,
    }
    st.hist.commit(doc, None);
    sync_controls(st);
    false
}

fn after_history(st: &mut State) {
    if st.selected.is_some_and(|i| i >= st.hist.doc.texts.len()) {
        st.selected = None;
    }
    st.crop = None;
    show_crop(st);
    sync_controls(st);
}

/// Edits the selected text layer with `f`; `burst` groups a run of edits into one undo step.
fn edit_text(st: &mut State, burst: u32, f: impl FnOnce(&mut TextLayer)) {
    let Some(i) = st.selected else { return };
    let mut doc = st.hist.doc.clone();
    let Some(t) = doc.texts.get_mut(i) else { return };
    f(t);
    st.hist.commit(doc, Some(burst * 1000 + i as u32));
    sync_buttons(st);
    draw_overlay(st);
}

fn on_input(s: &S, e: Event) {
    let id = testid(&e);
    let Ok(mut st) = s.try_borrow_mut() else { return };
    match id.as_str() {
        "editor-text-input" => {
            let v = st.ui.text_in.value();
            edit_text(&mut st, 1, |t| t.text = v);
        }
        "editor-text-size" => {
            let v = st.ui.size.value_as_number();
            let (w, h) = st.out;
            if v.is_finite() && v >= 1.0 {
                edit_text(&mut st, 2, |t| t.size = v / w.min(h).max(1) as f64);
            }
        }
        "editor-text-color" => {
            let v = st.ui.color.value();
            edit_text(&mut st, 3, |t| t.color = v);
        }
        "editor-resize-width" | "editor-resize-height" => {
            let ratio = st.resize_ratio;
            if id == "editor-resize-width" {
                let v = st.ui.rw.value_as_number();
                if v.is_finite() && v > 0.0 {
                    st.ui.rh.set_value(&((v / ratio).round().max(1.0) as u32).to_string());
                }
            } else {
                let v = st.ui.rh.value_as_number();
                if v.is_finite() && v > 0.0 {
                    st.ui.rw.set_value(&((v * ratio).round().max(1.0) as u32).to_string());
                }
            }
        }
        "editor-brightness" | "editor-contrast" | "editor-quality" => show_range_value(&e),
        _ => {}
    }
}

/// The `<output>` that shows a range's value.
fn range_out(input: &Element) -> Option<Element> {
    input.previous_element_sibling()?.query_selector("output").ok()?
}

fn show_range_value(e: &Event) {
    if let Some(input) = target_el(e).and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
        if let Some(out) = range_out(&input) {
            out.set_text_content(Some(&input.value()));
        }
    }
}

fn on_change(s: &S, e: Event) {
    let id = testid(&e);
    if id == "editor-file" {
        let file = s.borrow().ui.file.files().and_then(|f| f.get(0));
        if let Some(file) = file {
            let s = s.clone();
            spawn_local(async move {
                let token = begin_load(&s);
                let result = open_blob(&s, &file).await;
                finish_load(&s, token, result);
            });
        }
        return;
    }
    {
        let Ok(mut st) = s.try_borrow_mut() else { return };
        if !st.cfg.advanced
            && matches!(
                id.as_str(),
                "editor-brightness" | "editor-contrast" | "editor-text-outline" | "editor-text-shadow"
            )
        {
            // Locked (the controls are disabled; this undoes a change made anyway).
            sync_controls(&mut st);
            return;
        }
        match id.as_str() {
            "editor-brightness" | "editor-contrast" => {
                show_range_value(&e);
                let b = st.ui.bright.value_as_number() as i32;
                let c = st.ui.contrast.value_as_number() as i32;
                let mut doc = st.hist.doc.clone();
                doc.set_adjust(b, c);
                st.hist.commit(doc, None);
                sync_buttons(&st);
            }
            "editor-text-font" => {
                let v = st.ui.font.value().parse().unwrap_or(0);
                edit_text(&mut st, 4, |t| t.font = v);
                st.hist.seal();
            }
            "editor-text-outline" => {
                let v = st.ui.outline.checked();
                edit_text(&mut st, 5, |t| t.outline = v);
                st.hist.seal();
            }
            "editor-text-shadow" => {
                let v = st.ui.shadow.checked();
                edit_text(&mut st, 6, |t| t.shadow = v);
                st.hist.seal();
            }
            "editor-text-size" | "editor-text-color" | "editor-text-input" => st.hist.seal(),
            "editor-format" => sync_controls(&mut st),
            _ => return,
        }
    }
    schedule_render(s);
}

fn on_focusout(s: &S, e: Event) {
    if testid(&e) == "editor-text-input" {
        if let Ok(mut st) = s.try_borrow_mut() {
            st.hist.seal();
        }
    }
}

fn on_key(s: &S, e: Event) {
    let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return };
    let tag = target_el(&e).map(|t| t.tag_name()).unwrap_or_default();
    let typing = tag == "TEXTAREA" || tag == "INPUT" || tag == "SELECT";
    let key = k.key();
    let Ok(mut st) = s.try_borrow_mut() else { return };
    if !st.ready() {
        return;
    }
    let cmd = k.ctrl_key() || k.meta_key();
    // The physical key, so the shortcuts work on an Arabic layout too (where `key` is «ئ»).
    let code = k.code();
    let (z, y) = (code == "KeyZ" || key.eq_ignore_ascii_case("z"), code == "KeyY" || key.eq_ignore_ascii_case("y"));
    let done = if cmd && !typing && (z || y) {
        let redo = y || k.shift_key();
        if redo {
            st.hist.redo()
        } else {
            st.hist.undo()
        };
        after_history(&mut st);
        true
    } else if key == "Escape" && st.crop.is_some() {
        st.crop = None;
        show_crop(&st);
        sync_controls(&mut st);
        true
    } else if !typing && key.starts_with("Arrow") && st.selected.is_some() {
        let step = if k.shift_key() { 0.05 } else { 0.01 };
        let (dx, dy) = match key.as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, -step),
            _ => (0.0, step),
        };
        edit_text(&mut st, 7, |t| {
            t.x = clampf(t.x + dx, 0.0, 1.0);
            t.y = clampf(t.y + dy, 0.0, 1.0);
        });
        true
    } else {
        false
    };
    if done {
        e.prevent_default();
        drop(st);
        schedule_render(s);
    }
}

/// Pointer position in output pixels.
fn to_image(st: &State, e: &PointerEvent) -> (f64, f64) {
    let r = st.ui.base.get_bounding_client_rect();
    let (w, h) = st.out;
    let x = (e.client_x() as f64 - r.left()) / r.width().max(1.0) * w as f64;
    let y = (e.client_y() as f64 - r.top()) / r.height().max(1.0) * h as f64;
    (x, y)
}

fn on_pointer(s: &S, e: Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    let Ok(mut st) = s.try_borrow_mut() else { return };
    if !st.ready() {
        return;
    }
    let (x, y) = to_image(&st, p);
    match e.type_().as_str() {
        "pointerdown" => {
            if st.drag.is_some() || (p.pointer_type() == "mouse" && p.button() != 0) {
                return;
            }
            let target = target_el(&e);
            let what = if let Some(crop) = st.crop.as_ref() {
                let handle = target
                    .and_then(|t| t.closest("[data-h]").ok().flatten())
                    .and_then(|h| h.get_attribute("data-h"))
                    .and_then(|h| Handle::parse(&h));
                let Some(handle) = handle else { return };
                DragWhat::Crop { handle, start: crop.rect }
            } else {
                // The top-most layer under the pointer, with a finger's margin.
                let pad = 12.0 / st.scale.max(1e-6) / css_per_canvas_px(&st);
                let hit = st
                    .boxes
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, b)| x >= b.0 - pad && x <= b.2 + pad && y >= b.1 - pad && y <= b.3 + pad)
                    .map(|(i, _)| i);
                st.selected = hit;
                sync_controls(&mut st);
                draw_overlay(&mut st);
                let Some(index) = hit else { return };
                let t = &st.hist.doc.texts[index];
                DragWhat::Text { index, start: (t.x, t.y) }
            };
            e.prevent_default();
            let _ = st.ui.frame.set_pointer_capture(p.pointer_id());
            st.drag = Some(Drag { pointer: p.pointer_id(), what, x0: x, y0: y });
        }
        "pointermove" => {
            let (w, h) = st.out;
            let Some(d) = st.drag.as_ref().filter(|d| d.pointer == p.pointer_id()) else { return };
            e.prevent_default();
            let (dx, dy) = (x - d.x0, y - d.y0);
            let what = d.what;
            match what {
                DragWhat::Text { index, start } => {
                    st.selected = Some(index);
                    edit_text(&mut st, 8, |t| {
                        t.x = clampf(start.0 + dx / w as f64, 0.0, 1.0);
                        t.y = clampf(start.1 + dy / h as f64, 0.0, 1.0);
                    });
                }
                DragWhat::Crop { handle, start } => {
                    let Some(crop) = st.crop.as_mut() else { return };
                    let min = (w.min(h) as f64 * 0.05).max(8.0).min(w.min(h) as f64);
                    let limits = geom::Limits { w: w as f64, h: h as f64, min, ratio: crop.ratio };
                    crop.rect = geom::drag(start, handle, dx, dy, limits);
                    show_crop(&st);
                }
            }
        }
        _ => {
            if st.drag.as_ref().is_some_and(|d| d.pointer == p.pointer_id()) {
                st.drag = None;
                st.hist.seal();
                let _ = st.ui.frame.release_pointer_capture(p.pointer_id());
                sync_buttons(&st);
            }
        }
    }
}

/// CSS pixels per preview-canvas pixel.
fn css_per_canvas_px(st: &State) -> f64 {
    let w = st.ui.base.width().max(1) as f64;
    st.ui.base.get_bounding_client_rect().width().max(1.0) / w
}

// ---------------------------------------------------------------- showing state

/// Enables, fills and shows the controls for the current state.
fn sync_controls(st: &mut State) {
    let ready = st.ready();
    for b in &st.ui.tools {
        b.set_disabled(
            !ready || st.crop.is_some() && ratio_of(&b.get_attribute("data-act").unwrap_or_default()).is_none(),
        );
    }
    st.ui.crop_panel.set_hidden(st.crop.is_none());
    st.ui.light_panel.set_hidden(!ready);
    st.ui.out_panel.set_hidden(!ready);
    let (b, c) = st.hist.doc.adjust();
    for (input, v) in [(&st.ui.bright, b), (&st.ui.contrast, c)] {
        input.set_value(&v.to_string());
        if let Some(out) = range_out(input) {
            out.set_text_content(Some(&v.to_string()));
        }
    }
    let lossy = st.ui.format.value() != "image/png";
    if let Some(l) = st.ui.quality.parent_element() {
        let _ = l.toggle_attribute_with_force("hidden", !lossy);
    }
    if ready {
        let _ = st.ui.root.set_attribute("data-texts", &st.hist.doc.texts.len().to_string());
    }
    let layer = st.selected.and_then(|i| st.hist.doc.texts.get(i)).cloned();
    st.ui.text_panel.set_hidden(layer.is_none() || st.crop.is_some());
    if let Some(t) = layer {
        if st.ui.text_in.value() != t.text {
            st.ui.text_in.set_value(&t.text);
        }
        st.ui.font.set_value(&t.font.to_string());
        let (w, h) = st.out;
        st.ui.size.set_value(&(t.px(w, h).round() as i64).to_string());
        st.ui.color.set_value(&t.color);
        st.ui.outline.set_checked(t.outline);
        st.ui.shadow.set_checked(t.shadow);
        for (b, a) in st.ui.align.iter().zip([Align::Start, Align::Center, Align::End]) {
            let _ = b.set_attribute("aria-pressed", if t.align == a { "true" } else { "false" });
        }
    }
    sync_buttons(st);
}

fn sync_buttons(st: &State) {
    st.ui.undo.set_disabled(!st.hist.can_undo());
    st.ui.redo.set_disabled(!st.hist.can_redo());
    if let Some(save) = &st.ui.save {
        save.set_disabled(st.saving || !st.ready());
    }
}

fn show_crop(st: &State) {
    st.ui.crop_panel.set_hidden(st.crop.is_none());
    let Some(c) = st.crop.as_ref() else {
        st.ui.crop_box.set_hidden(true);
        return;
    };
    let (w, h) = (st.out.0.max(1) as f64, st.out.1.max(1) as f64);
    let style = st.ui.crop_box.style();
    let pct = |v: f64| format!("{}%", dec(v * 100.0));
    let _ = style.set_property("inset-inline-start", &pct(c.rect.x / w));
    let _ = style.set_property("inset-block-start", &pct(c.rect.y / h));
    let _ = style.set_property("inline-size", &pct(c.rect.w / w));
    let _ = style.set_property("block-size", &pct(c.rect.h / h));
    st.ui.crop_box.set_hidden(false);
}

/// Renders on the next task, once, however many edits come before it (and lets the
/// pressed button and the "working" state paint first).
fn schedule_render(s: &S) {
    {
        let Ok(mut st) = s.try_borrow_mut() else { return };
        if st.render_queued || !st.ready() {
            return;
        }
        let base_changes = st.shown.as_ref() != Some(&st.hist.doc.ops);
        if !base_changes {
            draw_overlay(&mut st);
            return;
        }
        st.render_queued = true;
        st.set_busy(true);
    }
    let s = s.clone();
    spawn_local(async move {
        sleep(16).await;
        let Ok(mut st) = s.try_borrow_mut() else { return };
        st.render_queued = false;
        st.set_busy(false);
        if !st.destroyed {
            render(&mut st);
        }
    });
}

/// Puts the current document's pixels on the preview and updates sizes and status.
fn render(st: &mut State) {
    let doc = st.hist.doc.clone();
    let Some(pipe) = st.pipe.as_mut() else { return };
    let img = pipe.render(&doc);
    let (w, h) = (img.w, img.h);
    let preview;
    let shown = if w.max(h) > PREVIEW_MAX {
        let (pw, ph) = ops::fit_long_side(w, h, PREVIEW_MAX);
        preview = ops::resize(img, pw, ph);
        &preview
    } else {
        img
    };
    for c in [&st.ui.base, &st.ui.over] {
        c.set_width(shown.w);
        c.set_height(shown.h);
    }
    if let Some(ctx) = ctx2d(&st.ui.base, false) {
        if let Ok(data) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&shown.data), shown.w, shown.h) {
            let _ = ctx.put_image_data(&data, 0.0, 0.0);
        }
    }
    st.scale = shown.w as f64 / w as f64;
    st.out = (w, h);
    st.shown = Some(doc.ops.clone());
    let _ = st.ui.frame.style().set_property("--pe-ar", &format!("{w} / {h}"));
    st.ui.frame.set_hidden(false);
    st.ui.empty.set_hidden(true);
    let root = &st.ui.root;
    let _ = root.set_attribute("data-width", &w.to_string());
    let _ = root.set_attribute("data-height", &h.to_string());
    let _ = root.set_attribute("data-ready", "true");
    let pattern = st.cfg.pattern("editor-status-size", "width", "{ $width } × { $height }");
    let size = text::fill(&pattern, &[("width", &w.to_string()), ("height", &h.to_string())]);
    st.ui.size_text.set_text_content(Some(&size));
    show_crop(st);
    sync_controls(st);
    draw_overlay(st);
}

fn ctx2d(c: &HtmlCanvasElement, read: bool) -> Option<Ctx> {
    let opts = Object::new();
    if read {
        set(&opts, "willReadFrequently", &JsValue::TRUE);
    }
    c.get_context_with_context_options("2d", &opts).ok().flatten()?.dyn_into().ok()
}

/// Draws the text layers (and the selection) on the preview's overlay canvas.
fn draw_overlay(st: &mut State) {
    let Some(ctx) = ctx2d(&st.ui.over, false) else { return };
    let (cw, ch) = (st.ui.over.width() as f64, st.ui.over.height() as f64);
    ctx.clear_rect(0.0, 0.0, cw, ch);
    let doc = &st.hist.doc;
    st.boxes = draw_texts(&ctx, &doc.texts, &st.cfg.fonts, st.out, st.scale);
    if let Some(b) = st.selected.and_then(|i| st.boxes.get(i)) {
        let s = st.scale;
        let pad = 6.0 / css_per_canvas_px(st).max(1e-6);
        ctx.save();
        let _ = ctx.set_line_dash(&Array::of2(&JsValue::from(8.0 * pad / 6.0), &JsValue::from(6.0 * pad / 6.0)));
        ctx.set_line_width((2.0 * pad / 6.0).max(1.0));
        ctx.set_stroke_style_str("#ffffff");
        ctx.stroke_rect(b.0 * s - pad, b.1 * s - pad, (b.2 - b.0) * s + 2.0 * pad, (b.3 - b.1) * s + 2.0 * pad);
        ctx.set_line_dash_offset(7.0 * pad / 6.0);
        ctx.set_stroke_style_str("#0f766e");
        ctx.stroke_rect(b.0 * s - pad, b.1 * s - pad, (b.2 - b.0) * s + 2.0 * pad, (b.3 - b.1) * s + 2.0 * pad);
        ctx.restore();
    }
    // Fonts not loaded yet: load them (only those used, with the text's characters),
    // then draw again.
    let fonts = st.document.fonts();
    let mut wanted = Vec::new();
    for t in &doc.texts {
        let Some(f) = st.cfg.fonts.get(t.font) else { continue };
        let font = format!("32px {}", f.css);
        let sample = if t.text.is_empty() { "a" } else { &t.text };
        if !fonts.check_with_text(&font, sample).unwrap_or(true) && !st.fonts_pending.contains(&font) {
            wanted.push((font, sample.to_string()));
        }
    }
    for (font, sample) in wanted {
        st.fonts_pending.push(font.clone());
        let promise = fonts.load_with_text(&font, &sample);
        let me = st.me.clone();
        spawn_local(async move {
            // A font that fails stays "pending": drawn with the fallback, not retried.
            let loaded = JsFuture::from(promise).await.is_ok();
            let Some(s) = me.upgrade() else { return };
            let Ok(mut st) = s.try_borrow_mut() else { return };
            if loaded && !st.destroyed {
                st.fonts_pending.retain(|f| *f != font);
                draw_overlay(&mut st);
            }
        });
    }
}

fn luminance(hex: &str) -> f64 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0xffffff);
    let (r, g, b) = ((v >> 16) & 255, (v >> 8) & 255, v & 255);
    (0.2126 * r as f64 + 0.7152 * g as f64 + 0.0722 * b as f64) / 255.0
}

/// Draws text layers on a canvas whose pixels are `scale` × the output's; returns each
/// layer's box in output pixels. The browser shapes the text (Arabic joining, bidi);
/// `direction` comes from the text's first strong character.
fn draw_texts(
    ctx: &Ctx,
    texts: &[TextLayer],
    fonts: &[Font],
    out: (u32, u32),
    scale: f64,
) -> Vec<(f64, f64, f64, f64)> {
    let (w, h) = (out.0 as f64, out.1 as f64);
    let mut boxes = Vec::with_capacity(texts.len());
    for t in texts {
        let px = t.px(out.0, out.1) * scale;
        let css = fonts.get(t.font).or(fonts.first()).map(|f| f.css.as_str()).unwrap_or("sans-serif");
        ctx.save();
        ctx.set_font(&format!("{}px {css}", dec(px)));
        let rtl = text::is_rtl_text(&t.text);
        set(ctx, "direction", &(if rtl { "rtl" } else { "ltr" }).into());
        ctx.set_text_align(t.align.css());
        ctx.set_text_baseline("middle");
        let lines: Vec<&str> = t.text.split('\n').collect();
        let widths: Vec<f64> = lines.iter().map(|l| ctx.measure_text(l).map(|m| m.width()).unwrap_or(0.0)).collect();
        let max_w = widths.iter().cloned().fold(px * 0.5, f64::max);
        let lh = px * 1.45;
        let (cx, cy) = (t.x * w * scale, t.y * h * scale);
        // Lines align inside a block centred on the layer's point.
        let half = max_w / 2.0;
        let ax = match (t.align, rtl) {
            (Align::Center, _) => cx,
            (Align::Start, false) | (Align::End, true) => cx - half,
            (Align::Start, true) | (Align::End, false) => cx + half,
        };
        let top = cy - lh * (lines.len() as f64 - 1.0) / 2.0;
        let light = luminance(&t.color) > 0.5;
        for (i, line) in lines.iter().enumerate() {
            let y = top + lh * i as f64;
            if t.shadow {
                ctx.set_shadow_color("rgba(0,0,0,0.55)");
                ctx.set_shadow_blur(px * 0.15);
                ctx.set_shadow_offset_y(px * 0.05);
            }
            if t.outline {
                ctx.set_line_width((px * 0.12).max(1.0));
                ctx.set_line_join("round");
                ctx.set_stroke_style_str(if light { "#000000" } else { "#ffffff" });
                let _ = ctx.stroke_text(line, ax, y);
                ctx.set_shadow_color("transparent");
            }
            ctx.set_fill_style_str(&t.color);
            let _ = ctx.fill_text(line, ax, y);
        }
        ctx.restore();
        let bh = lh * lines.len() as f64;
        boxes.push(((cx - half) / scale, (cy - bh / 2.0) / scale, (cx + half) / scale, (cy + bh / 2.0) / scale));
    }
    boxes
}

// ---------------------------------------------------------------- opening

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(p).await;
}

fn begin_load(s: &S) -> u32 {
    let mut st = s.borrow_mut();
    st.load += 1;
    st.set_busy(true);
    st.error(None);
    st.message(None);
    st.load
}

fn finish_load(s: &S, token: u32, result: Result<Rgba, &'static str>) {
    let Ok(mut st) = s.try_borrow_mut() else { return };
    st.set_busy(false);
    if st.destroyed || token != st.load {
        return;
    }
    match result {
        Ok(img) => {
            st.pipe = Some(Pipeline::new(img));
            st.hist.reset(Doc::default());
            st.shown = None;
            st.selected = None;
            st.crop = None;
            st.drag = None;
            st.ui.resize_panel.set_hidden(true);
            st.show_layers_locked(false);
            render(&mut st);
        }
        Err(key) => {
            let text = st.t(key);
            st.error(Some(&text));
            // The status line says it too (aria-live), for screen readers.
            sync_buttons(&st);
        }
    }
}

async fn bytes_of(blob: &Blob) -> Option<Vec<u8>> {
    let buf = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

async fn open_url(s: &S, url: &str) {
    let token = begin_load(s);
    let result = fetch_image(s, url).await;
    finish_load(s, token, result);
}

async fn fetch_image(s: &S, url: &str) -> Result<Rgba, &'static str> {
    let window = web_sys::window().ok_or("editor-error-load")?;
    if url.starts_with("blob:") || url.starts_with("data:") {
        // The page's own pixels: the site's policy lets images (not fetch) read these.
        return open_image_element(s, url).await;
    }
    let resp: web_sys::Response =
        JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| "editor-error-load")?.unchecked_into();
    if !resp.ok() {
        return Err("editor-error-load");
    }
    let blob = JsFuture::from(resp.blob().map_err(|_| "editor-error-load")?).await.map_err(|_| "editor-error-load")?;
    open_blob(s, blob.unchecked_ref()).await
}

fn max_pixels(s: &S) -> f64 {
    s.borrow().cfg.max_pixels
}

/// Checks the header (format, pixel count), then lets the browser decode.
async fn open_blob(s: &S, blob: &Blob) -> Result<Rgba, &'static str> {
    let head = bytes_of(&blob.slice_with_i32_and_i32(0, HEAD).map_err(|_| "editor-error-load")?)
        .await
        .ok_or("editor-error-load")?;
    let format = ops::sniff(&head).ok_or("editor-error-unsupported")?;
    let mut size = ops::probe(&head).map(|(_, w, h)| (w, h));
    if size.is_none() && format == ops::Format::Jpeg && blob.size() > HEAD as f64 {
        // Big EXIF / ICC blocks can push the frame header past the first 64 KB.
        let more = bytes_of(&blob.slice_with_i32_and_i32(0, 1 << 20).map_err(|_| "editor-error-load")?).await;
        size = more.and_then(|m| ops::probe(&m)).map(|(_, w, h)| (w, h));
    }
    if let Some((w, h)) = size {
        if w as f64 * h as f64 > max_pixels(s) {
            return Err("editor-error-too-large");
        }
    }
    let window = web_sys::window().ok_or("editor-error-load")?;
    let bitmap: ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(blob).map_err(|_| "editor-error-decode")?)
            .await
            .map_err(|_| "editor-error-decode")?
            .unchecked_into();
    let (w, h) = (bitmap.width(), bitmap.height());
    let result = if w as f64 * h as f64 > max_pixels(s) {
        Err("editor-error-too-large")
    } else {
        pixels_of(w, h, |ctx| ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0))
    };
    bitmap.close();
    result
}

async fn open_image_element(s: &S, url: &str) -> Result<Rgba, &'static str> {
    let img = HtmlImageElement::new().map_err(|_| "editor-error-load")?;
    img.set_src(url);
    JsFuture::from(img.decode()).await.map_err(|_| "editor-error-decode")?;
    let (w, h) = (img.natural_width(), img.natural_height());
    if w as f64 * h as f64 > max_pixels(s) {
        return Err("editor-error-too-large");
    }
    pixels_of(w, h, |ctx| ctx.draw_image_with_html_image_element(&img, 0.0, 0.0))
}

/// Draws onto a scratch canvas and reads the pixels back.
fn pixels_of(w: u32, h: u32, draw: impl FnOnce(&Ctx) -> Result<(), JsValue>) -> Result<Rgba, &'static str> {
    if w == 0 || h == 0 {
        return Err("editor-error-decode");
    }
    let canvas = scratch(w, h).ok_or("editor-error-decode")?;
    let ctx = ctx2d(&canvas, true).ok_or("editor-error-decode")?;
    draw(&ctx).map_err(|_| "editor-error-decode")?;
    let data = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).map_err(|_| "editor-error-too-large")?.data();
    Rgba::new(w, h, data.0).ok_or("editor-error-decode")
}

fn scratch(w: u32, h: u32) -> Option<HtmlCanvasElement> {
    let d = web_sys::window()?.document()?;
    let c: HtmlCanvasElement = d.create_element("canvas").ok()?.unchecked_into();
    c.set_width(w);
    c.set_height(h);
    Some(c)
}

// ---------------------------------------------------------------- export and save

fn file_name(mime: &str) -> String {
    let d = js_sys::Date::new_0();
    let ext = match mime {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "png",
    };
    format!(
        "pulse-image-{:04}{:02}{:02}-{:02}{:02}{:02}.{ext}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// The final image: base pixels, text rasterised by the browser on a transparent canvas
/// of the same size, composited in Rust, encoded by the browser.
/// `as_type`: encode as this type and quality instead of the chosen ones.
async fn compose(s: &S, as_type: Option<(&str, f64)>) -> Result<(Blob, String), &'static str> {
    let (mut img, texts, css, mime, quality, fonts) = {
        let mut st = s.borrow_mut();
        let doc = st.hist.doc.clone();
        let (mime, quality) = match as_type {
            Some((mime, quality)) => (mime.to_string(), quality),
            None => (st.ui.format.value(), st.ui.quality.value_as_number() / 100.0),
        };
        let css: Vec<String> = st.cfg.fonts.iter().map(|f| f.css.clone()).collect();
        let fonts = st.document.fonts();
        let pipe = st.pipe.as_mut().ok_or("editor-error-export")?;
        (pipe.render(&doc).clone(), doc.texts, css, mime, quality, fonts)
    };
    // Every face the texts use, loaded before drawing.
    for t in &texts {
        let font = format!("32px {}", css.get(t.font).map(String::as_str).unwrap_or("sans-serif"));
        let _ = JsFuture::from(fonts.load_with_text(&font, if t.text.is_empty() { "a" } else { &t.text })).await;
    }
    if !texts.is_empty() {
        let canvas = scratch(img.w, img.h).ok_or("editor-error-export")?;
        let ctx = ctx2d(&canvas, true).ok_or("editor-error-export")?;
        let font_list: Vec<Font> =
            css.into_iter().map(|css| Font { css, label: String::new(), faces: Vec::new() }).collect();
        draw_texts(&ctx, &texts, &font_list, (img.w, img.h), 1.0);
        let layer = ctx.get_image_data(0.0, 0.0, img.w as f64, img.h as f64).map_err(|_| "editor-error-export")?.data();
        let layer = Rgba::new(img.w, img.h, layer.0).ok_or("editor-error-export")?;
        ops::composite_over(&mut img, &layer);
    }
    if mime == "image/jpeg" {
        ops::flatten(&mut img, [255, 255, 255]);
    }
    let canvas = scratch(img.w, img.h).ok_or("editor-error-export")?;
    let ctx = ctx2d(&canvas, false).ok_or("editor-error-export")?;
    let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&img.data), img.w, img.h)
        .map_err(|_| "editor-error-export")?;
    ctx.put_image_data(&data, 0.0, 0.0).map_err(|_| "editor-error-export")?;
    drop(img);
    let blob = JsFuture::from(Promise::new(&mut |resolve, reject| {
        let fail = reject.clone();
        let cb = Closure::once_into_js(move |b: JsValue| {
            if b.is_null() {
                let _ = fail.call0(&JsValue::NULL);
            } else {
                let _ = resolve.call1(&JsValue::NULL, &b);
            }
        });
        if canvas.to_blob_with_type_and_encoder_options(cb.unchecked_ref(), &mime, &quality.into()).is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    }))
    .await
    .map_err(|_| "editor-error-export")?;
    let blob: Blob = blob.unchecked_into();
    Ok((blob.clone(), file_name(&blob.type_())))
}

async fn export(s: &S, save: bool) {
    {
        let Ok(mut st) = s.try_borrow_mut() else { return };
        if !st.ready() || (save && st.saving) {
            return;
        }
        st.set_busy(true);
        st.error(None);
        st.message(None);
        if save {
            st.saving = true;
            if let Some(b) = &st.ui.save {
                b.set_disabled(true);
                let _ = b.set_attribute("aria-busy", "true");
                b.set_text_content(Some(&st.t("editor-saving")));
            }
        }
    }
    sleep(16).await;
    let mut composed = compose(s, None).await;
    let mut converted = false;
    // A picture too big to save (a full-size PNG of a phone photo) goes as a JPEG; if even
    // that is too big, the user is told to make it smaller.
    let limit = s.borrow().cfg.max_save_bytes;
    if let (true, Some(limit), Ok((blob, _))) = (save, limit, &composed) {
        if blob.size() > limit {
            composed = match blob.type_().as_str() {
                "image/jpeg" => Err("editor-error-too-big"),
                _ => match compose(s, Some(("image/jpeg", 0.9))).await {
                    Ok((b, _)) if b.size() > limit => Err("editor-error-too-big"),
                    other => {
                        converted = true;
                        other
                    }
                },
            };
        }
    }
    let on_save = s.borrow().cfg.on_save.clone();
    let outcome: Result<Option<&str>, String> = match composed {
        Err(key) => Err(s.borrow().t(key)),
        Ok((blob, name)) if !save => {
            download(&blob, &name);
            Ok(None)
        }
        Ok((blob, name)) => match on_save {
            None => Err(s.borrow().t("editor-error-save")),
            Some(f) => {
                let r = match f.call2(&JsValue::NULL, &blob, &JsValue::from_str(&name)) {
                    Ok(v) if v.has_type::<Promise>() => JsFuture::from(v.unchecked_into::<Promise>()).await,
                    other => other,
                };
                r.map(|_| Some(if converted { "editor-saved-jpeg" } else { "editor-saved" })).map_err(|e| {
                    get(&e, "message")
                        .as_string()
                        .or_else(|| e.as_string())
                        .filter(|m| !m.is_empty())
                        .unwrap_or_else(|| s.borrow().t("editor-error-save"))
                })
            }
        },
    };
    let Ok(mut st) = s.try_borrow_mut() else { return };
    st.set_busy(false);
    if st.destroyed {
        return;
    }
    if save {
        st.saving = false;
        if let Some(b) = &st.ui.save {
            let _ = b.remove_attribute("aria-busy");
            b.set_text_content(Some(&st.t("editor-save")));
        }
        sync_buttons(&st);
    }
    match outcome {
        Ok(Some(key)) => st.message(Some(&st.t(key))),
        Ok(None) => {}
        Err(text) => st.error(Some(&text)),
    }
}

fn download(blob: &Blob, name: &str) {
    let Some(d) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    let Ok(a) = d.create_element("a") else { return };
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    if let Some(body) = d.body() {
        let _ = body.append_child(&a);
    }
    a.unchecked_ref::<HtmlElement>().click();
    a.remove();
    // Revoked a little later: the download reads it after this task.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 30_000);
    }
}
