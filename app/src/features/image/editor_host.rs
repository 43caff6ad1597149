//! The editor's place on the page. The editor itself — its controls, the crop, text
//! layers, undo, the pixel work — is a separate WASM module (`crates/image-editor`),
//! fetched with `import()` only when this opens, so no other page carries a byte of it.
//! The host gives it the image, its words in the page's language, the fonts, whether the
//! plan has Creator's advanced editors (`EditorSetup::advanced`; the editor locks them
//! otherwise), and what "save to my images" does: upload through the files endpoint, then
//! add to the gallery.

use crate::i18n::use_i18n;
use crate::tr;
use leptos::prelude::*;

/// What the editor opens with: an image of the gallery (its link and id), or nothing
/// (the user picks one from the device).
#[derive(Clone, Debug, PartialEq)]
pub struct EditorTarget {
    pub src: Option<String>,
    pub source_id: Option<i64>,
}

/// The fonts a text layer can use (self-hosted woff2): one family per entry, one or more
/// files (a face split by script), and the label key of its name.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const FONTS: [(&str, &[&str], &str); 3] = [
    (
        "Plex Arabic",
        &["/fonts/plex-arabic-arabic-400.v4.woff2", "/fonts/plex-arabic-latin-400.v4.woff2"],
        "image-font-plex",
    ),
    ("Pulse Naskh", &["/fonts/naskh-arabic-400.v1.woff2"], "image-font-naskh"),
    ("Pulse Serif", &["/fonts/noto-serif-400.v1.woff2"], "image-font-serif"),
];

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum HostState {
    Loading,
    Ready,
    Failed(String),
}

#[component]
pub fn EditorHost(
    target: EditorTarget,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let root = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(HostState::Loading);
    #[cfg(feature = "hydrate")]
    {
        let target = target.clone();
        let lang = i18n.lang_untracked();
        let handle = browser::Handle::default();
        let cleanup = handle.clone();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(el) = root.get() else { return false };
            let el: web_sys::HtmlElement = el.into();
            leptos::task::spawn_local(browser::open(el, target.clone(), lang, state, on_saved, handle.clone()));
            true
        });
        on_cleanup(move || cleanup.destroy());
        scroll_into_view();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, on_saved);
    view! {
        <section class="image-editor-host card" data-testid="image-editor" id="image-editor"
            aria-labelledby="image-editor-title" aria-busy=move || (state.get() == HostState::Loading).to_string()>
            <header class="image-editor-head">
                <h2 id="image-editor-title">{tr!("image-editor-title")}</h2>
                <button class="button small" type="button" data-testid="editor-close" on:click=move |_| on_close()>
                    {tr!("image-editor-close")}
                </button>
            </header>
            {move || match state.get() {
                HostState::Loading => Some(view! { <div class="skeleton image-editor-loading" role="status">{tr!("image-editor-loading")}</div> }.into_any()),
                HostState::Failed(key) => Some(view! { <p class="notice error" role="alert">{move || i18n.t(&key)}</p> }.into_any()),
                HostState::Ready => None,
            }}
            <div class="image-editor-root" node_ref=root></div>
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn scroll_into_view() {
    leptos::task::spawn_local(async {
        crate::ui::stream::sleep_ms(0).await;
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("image-editor"))
        {
            el.scroll_into_view();
        }
    });
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{EditorTarget, HostState, FONTS};
    use crate::features::image::api::{image_editor_setup, save_edited_image};
    use crate::i18n::{message, Lang};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen(inline_js = r#"
export async function pulse_load_editor(js, wasm) {
  const m = await import(js);
  await m.default({ module_or_path: wasm });
  return m;
}
export function pulse_mount_editor(m, root, config) { return m.mount(root, config); }
export function pulse_destroy_editor(e) { try { e.destroy(); } catch (_) {} }
"#)]
    extern "C" {
        fn pulse_load_editor(js: &str, wasm: &str) -> js_sys::Promise;
        #[wasm_bindgen(catch)]
        fn pulse_mount_editor(
            module: &JsValue,
            root: &web_sys::HtmlElement,
            config: &JsValue,
        ) -> Result<JsValue, JsValue>;
        fn pulse_destroy_editor(editor: &JsValue);
    }

    /// The mounted editor and its save callback, destroyed when the host goes — also when
    /// it goes while the module is still loading (then `open` finds it closed and stops).
    #[derive(Clone, Default)]
    pub struct Handle(Rc<RefCell<Slot>>);

    #[derive(Default)]
    struct Slot {
        editor: Option<JsValue>,
        on_save: Option<Closure<dyn FnMut(web_sys::Blob, String) -> js_sys::Promise>>,
        closed: bool,
    }

    // The host lives only in the browser's one thread.
    unsafe impl Send for Handle {}
    unsafe impl Sync for Handle {}

    impl Handle {
        pub fn destroy(&self) {
            let mut slot = self.0.borrow_mut();
            slot.closed = true;
            if let Some(editor) = slot.editor.take() {
                pulse_destroy_editor(&editor);
            }
            slot.on_save = None;
        }

        fn closed(&self) -> bool {
            self.0.borrow().closed
        }
    }

    fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
    }

    pub async fn open(
        root: web_sys::HtmlElement,
        target: EditorTarget,
        lang: Lang,
        state: RwSignal<HostState>,
        on_saved: impl Fn() + Copy + 'static,
        handle: Handle,
    ) {
        let setup = match image_editor_setup(lang.code().to_string()).await {
            Ok(s) => s,
            Err(e) => return state.set(HostState::Failed(e.message_key().to_string())),
        };
        if handle.closed() {
            return;
        }
        let Some(assets) = setup.assets else {
            return state.set(HostState::Failed("image-editor-missing".into()));
        };
        if let Some(css) = &assets.css {
            add_stylesheet(css);
        }
        let module = match JsFuture::from(pulse_load_editor(&assets.js, &assets.wasm)).await {
            Ok(m) => m,
            Err(e) => {
                web_sys::console::error_2(&"editor module".into(), &e);
                return state.set(HostState::Failed("image-editor-failed".into()));
            }
        };
        if handle.closed() {
            return;
        }
        let config = js_sys::Object::new();
        set(&config, "lang", &lang.code().into());
        let labels = js_sys::Object::new();
        for (k, v) in &setup.labels {
            set(&labels, k, &JsValue::from_str(v));
        }
        set(&config, "labels", &labels);
        if let Some(src) = &target.src {
            set(&config, "source_url", &JsValue::from_str(src));
        }
        set(&config, "max_pixels", &JsValue::from_f64(setup.max_pixels as f64));
        set(&config, "max_save_bytes", &JsValue::from_f64(setup.max_save_bytes as f64));
        // Creator's advanced editors (more text layers, effects, light), locked otherwise.
        set(&config, "advanced", &JsValue::from_bool(setup.advanced));
        set(&config, "upgrade_url", &JsValue::from_str(crate::error::UPGRADE_URL));
        let fonts = js_sys::Array::new();
        for (family, urls, label) in FONTS {
            let f = js_sys::Object::new();
            set(&f, "family", &family.into());
            set(&f, "urls", &urls.iter().map(|u| JsValue::from_str(u)).collect::<js_sys::Array>());
            set(&f, "label", &message(lang, label).into());
            fonts.push(&f);
        }
        set(&config, "fonts", &fonts);
        let source_id = target.source_id;
        let save = Closure::<dyn FnMut(web_sys::Blob, String) -> js_sys::Promise>::new(
            move |blob: web_sys::Blob, name: String| {
                wasm_bindgen_futures::future_to_promise(async move {
                    match save(&blob, &name, source_id, lang).await {
                        Ok(()) => {
                            on_saved();
                            Ok(JsValue::UNDEFINED)
                        }
                        Err(text) => Err(js_sys::Error::new(&text).into()),
                    }
                })
            },
        );
        set(&config, "on_save", save.as_ref());
        match pulse_mount_editor(&module, &root, &config) {
            Ok(editor) => {
                let mut slot = handle.0.borrow_mut();
                slot.editor = Some(editor);
                slot.on_save = Some(save);
                drop(slot);
                state.set(HostState::Ready);
            }
            Err(e) => {
                web_sys::console::error_2(&"editor mount".into(), &e);
                state.set(HostState::Failed("image-editor-failed".into()));
            }
        }
    }

    /// The editor's own stylesheet (a file: the page's policy refuses inline styles).
    fn add_stylesheet(href: &str) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let selector = format!("link[href=\"{href}\"]");
        if document.query_selector(&selector).ok().flatten().is_some() {
            return;
        }
        if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", href);
            let _ = head.append_child(&link);
        }
    }

    /// Uploads the edited image through the files endpoint and adds it to the gallery.
    /// Errors come back as the text to show.
    async fn save(blob: &web_sys::Blob, name: &str, source: Option<i64>, lang: Lang) -> Result<(), String> {
        let failed = || message(lang, "image-save-failed");
        let window = web_sys::window().ok_or_else(failed)?;
        let form = web_sys::FormData::new().map_err(|_| failed())?;
        form.append_with_blob_and_filename("file", blob, name).map_err(|_| failed())?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&form);
        let headers = web_sys::Headers::new().map_err(|_| failed())?;
        headers.set("accept", "application/json").map_err(|_| failed())?;
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init("/files/upload", &init).map_err(|_| failed())?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| message(lang, "error-network"))?
            .dyn_into()
            .map_err(|_| failed())?;
        let text = JsFuture::from(response.text().map_err(|_| failed())?)
            .await
            .map_err(|_| failed())?
            .as_string()
            .unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| failed())?;
        let Some(file_id) = json["file"]["id"].as_str() else {
            return Err(json["error"]["message"].as_str().map(str::to_string).unwrap_or_else(failed));
        };
        save_edited_image(file_id.to_string(), source).await.map(|_| ()).map_err(|e| message(lang, e.message_key()))
    }
}
