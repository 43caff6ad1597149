//! Parts of a page that change only with the language, left out of hydration.
//!
//! Hydrating a view walks every node the server drew (`firstChild`, `nextSibling`) and
//! sets up an effect for every translated text in it. On a long static page (the landing
//! page: hero, tools, plans, questions) that walk is most of the main thread's work while
//! the page starts on a phone. A part drawn with [`static_part`] is one element: the server
//! renders the view into it as its `inner_html`, hydration leaves its inside alone (the
//! element has no children to walk), and the browser draws the view into it itself only
//! when there is nothing there yet (the page was drawn in the browser) or the language
//! changes.
//!
//! Only for parts with nothing to hydrate (links, `<details>`, text) and at least one
//! element in them (that is how a drawn part is told from an empty one). Event handlers and
//! node refs inside are not attached to what the server drew. A switch of language draws
//! the part again, so an open `<details>` in it closes.

use crate::i18n::use_i18n;
#[cfg(feature = "hydrate")]
use crate::i18n::Lang;
use leptos::html::ElementType;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// The `inner_html` of the element `node` points at: `view` rendered on the server; in
/// the browser nothing (what the server drew stays), and `view` drawn into the element
/// when it is empty or the page's language changes.
pub fn static_part<E, V>(node: NodeRef<E>, view: impl Fn() -> V + Send + Sync + 'static) -> Option<String>
where
    E: ElementType + 'static,
    E::Output: leptos::wasm_bindgen::JsCast + Clone + 'static,
    V: RenderHtml + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        use leptos::tachys::view::Mountable;
        use leptos::wasm_bindgen::JsCast;
        let i18n = use_i18n();
        // What is drawn lives under an owner of its own, a child of the page's: the
        // effect's owner is cleaned before each of its runs, and a run that keeps the
        // drawing (the node ref set, the same language) must not dispose what it holds.
        let page = Owner::current().unwrap_or_default();
        // What was drawn, in which language: the server's drawing counts as drawn in the
        // language the page hydrates in. (An element drawn in the browser is not empty:
        // it holds a comment, the place of its absent children. So: an element child.)
        type Drawn<S> = (Option<Lang>, Option<(Owner, S)>);
        Effect::new(move |prev: Option<Drawn<V::State>>| {
            let lang = i18n.lang();
            let (drawn_in, drawn) = prev.unwrap_or((None, None));
            let Some(el) = node.get() else { return (drawn_in, drawn) };
            let el: &web_sys::Element = el.unchecked_ref();
            if drawn_in == Some(lang) || (drawn_in.is_none() && el.first_element_child().is_some()) {
                return (Some(lang), drawn);
            }
            if let Some((owner, state)) = drawn {
                drop(state);
                owner.cleanup();
            }
            el.set_inner_html("");
            let owner = page.child();
            let mut state = owner.with(|| untrack(|| view().build()));
            state.mount(el, None);
            (Some(lang), Some((owner, state)))
        });
        None
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (node, use_i18n);
        Some(view().to_html())
    }
}
