use super::api::{load_chat, search_conversations, DeleteConversation, RenameConversation, SetSystemPrompt};
use super::model::*;
use crate::error::{AppError, UPGRADE_URL};
use crate::i18n::{format_number, message_count, use_i18n, Arg, Lang};
use crate::tr;
use crate::ui::empty_state::{EmptyState, PageHeader};
use crate::ui::icons::Icon;
use crate::ui::markdown;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/app/chat`: conversations on the start side, the open one in the middle, the composer
/// at the bottom. `?c=ID` opens a conversation.
#[component]
pub fn ChatPage() -> impl IntoView {
    let query = use_query_map();
    let open = move || query.read().get("c").and_then(|c| c.parse::<i64>().ok());
    let home = Resource::new(open, load_chat);
    let i18n = use_i18n();
    view! {
        <div class="page page-chat">
            <PageHeader slug="chat" />
            <crate::ui::meters::UsageMeters />
            <Suspense fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Err(e) => view! { <p class="notice error" role="alert">{move || i18n.t(e.message_key())}</p> }.into_any(),
                        Ok(h) => view! { <ChatView home=h /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ChatView(home: ChatHome) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let models = StoredValue::new(home.models.clone());
    let tokens_limit = home.tokens_limit;
    let prompt_limit = home.prompt_limit;
    let pdf_allowed = home.features.contains(&crate::features::plans::PlanFeature::PdfSummary);
    let open = home.open.clone();
    let conversation_id = RwSignal::new(open.as_ref().map(|c| c.id));
    let messages = RwSignal::new(
        open.as_ref().map(|c| c.messages.iter().cloned().map(Shown::new).collect::<Vec<_>>()).unwrap_or_default(),
    );
    // Long conversations open on their last MESSAGE_PAGE messages; earlier ones on request.
    let first_shown = RwSignal::new(messages.with_untracked(|ms| ms.len().saturating_sub(MESSAGE_PAGE)));
    // What the live region says: a finished answer, once (not every streamed word).
    let announce = RwSignal::new(String::new());
    // Streamed text waiting for the next animation frame (at most one render per frame).
    #[cfg(feature = "hydrate")]
    let pending = StoredValue::new((String::new(), false));
    // Which send is the latest: a finished answer is announced only if no other was sent since.
    #[cfg(feature = "hydrate")]
    let sends = StoredValue::new(0u64);
    let conversations = RwSignal::new(home.conversations.clone());
    let default_model = open
        .as_ref()
        .and_then(|c| c.model.clone())
        .filter(|m| home.models.iter().any(|o| &o.id == m))
        .or_else(|| home.models.first().map(|m| m.id.clone()))
        .unwrap_or_default();
    let model = RwSignal::new(default_model);
    let input = RwSignal::new(String::new());
    let edit_of = RwSignal::new(None::<i64>);
    let attachment = RwSignal::new(None::<(String, String)>);
    // The attachment is a PDF: its text is read (Pro and Creator).
    let attached_pdf = RwSignal::new(false);
    let streaming = RwSignal::new(None::<i64>);
    let banner = RwSignal::new(query.read_untracked().get("error").map(|k| AppError::Validation(k.to_string())));
    let list_open = RwSignal::new(false);
    let system_prompt = RwSignal::new(open.as_ref().and_then(|c| c.system_prompt.clone()).unwrap_or_default());
    let title = RwSignal::new(open.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let usage = crate::ui::meters::use_usage_version();
    #[cfg(not(feature = "hydrate"))]
    let _ = usage;

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| super::client::pulse_follow_keyboard());

    let vision = move || models.with_value(|ms| ms.iter().any(|m| m.id == model.get() && m.vision));

    // Sending (browser only): stream the turn into the message list.
    let send = move |mode: TurnMode| {
        #[cfg(feature = "hydrate")]
        {
            if streaming.get_untracked().is_some() {
                return;
            }
            let content = input.get_untracked();
            if mode != TurnMode::Regenerate && content.trim().is_empty() {
                return;
            }
            banner.set(None);
            let req = TurnRequest {
                conversation_id: conversation_id.get_untracked(),
                model: model.get_untracked(),
                content: content.clone(),
                file_id: attachment.get_untracked().map(|(id, _)| id),
                mode: mode.clone(),
            };
            // The local view of the history, shaped like the server's.
            messages.update(|ms| match &mode {
                TurnMode::New => {}
                TurnMode::Regenerate => {
                    if let Some(last_user) = ms.iter().rposition(|m| m.role == MessageRole::User) {
                        ms.truncate(last_user + 1);
                    }
                }
                TurnMode::Edit { message_id } => {
                    if let Some(pos) = ms.iter().position(|m| m.id == *message_id) {
                        ms.truncate(pos);
                    }
                }
            });
            streaming.set(Some(0));
            announce.set(String::new());
            let this_send = sends.try_update_value(|n| {
                *n += 1;
                *n
            });
            // Appends the text waiting for a frame to the streaming answer (its own signal:
            // no other message renders again).
            let flush = move || {
                let text = pending.try_update_value(|(text, scheduled)| {
                    *scheduled = false;
                    std::mem::take(text)
                });
                if let Some(text) = text.filter(|t| !t.is_empty()) {
                    if let Some(last) = messages.try_with_untracked(|ms| ms.last().cloned()).flatten() {
                        last.data.update(|m| m.content.push_str(&text));
                    }
                }
            };
            let abort = web_sys::AbortController::new().ok();
            leptos::task::spawn_local(async move {
                let Some(abort) = abort else { return };
                let result = super::client::send_turn(&req, &abort, |event| match event {
                    StreamEvent::Meta {
                        conversation_id: cid,
                        title: t,
                        user_message_id,
                        assistant_message_id,
                        model: m,
                    } => {
                        if conversation_id.get_untracked() != Some(cid) {
                            conversation_id.set(Some(cid));
                            title.set(t.clone());
                            super::client::show_conversation_url(cid);
                            conversations.update(|cs| {
                                cs.insert(
                                    0,
                                    ConversationItem { id: cid, title: t, updated_at: crate::types::UnixMillis(0) },
                                )
                            });
                        }
                        messages.update(|ms| {
                            if req.mode != TurnMode::Regenerate {
                                ms.push(Shown::new(MessageView {
                                    id: user_message_id,
                                    role: MessageRole::User,
                                    content: req.content.trim().to_string(),
                                    model: None,
                                    status: MessageStatus::Complete,
                                    error: None,
                                    tokens_in: 0,
                                    tokens_out: 0,
                                    plan_tokens: 0,
                                    file_id: req.file_id.clone(),
                                }));
                            }
                            ms.push(Shown::new(MessageView {
                                id: assistant_message_id,
                                role: MessageRole::Assistant,
                                content: String::new(),
                                model: Some(m),
                                status: MessageStatus::Streaming,
                                error: None,
                                tokens_in: 0,
                                tokens_out: 0,
                                plan_tokens: 0,
                                file_id: None,
                            }));
                        });
                        input.set(String::new());
                        edit_of.set(None);
                        attachment.set(None);
                        streaming.set(Some(assistant_message_id));
                    }
                    StreamEvent::Delta { text } => {
                        let schedule = pending
                            .try_update_value(|(waiting, scheduled)| {
                                waiting.push_str(&text);
                                !std::mem::replace(scheduled, true)
                            })
                            .unwrap_or(false);
                        if schedule {
                            request_animation_frame(flush);
                        }
                    }
                    StreamEvent::Done { status, error, tokens_in, tokens_out, plan_tokens } => {
                        flush();
                        // `try_`: the page may have gone (another conversation or tab opened
                        // while the answer streamed); then there is nothing left to show.
                        if let Some(last) = messages.try_with_untracked(|ms| ms.last().cloned()).flatten() {
                            last.data.update(|m| {
                                m.status = status;
                                m.error = error;
                                m.tokens_in = tokens_in;
                                m.tokens_out = tokens_out;
                                m.plan_tokens = plan_tokens;
                            });
                            let text = last.data.with_untracked(|m| m.content.clone());
                            leptos::task::spawn_local(async move {
                                let words = markdown::plain_text_later(text).await;
                                if sends.try_get_value() == this_send {
                                    announce.try_set(words);
                                }
                            });
                        }
                    }
                })
                .await;
                if let Err(e) = result {
                    banner.set(Some(e));
                }
                streaming.set(None);
                usage.bump();
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = mode;
    };

    let stop = move |_| {
        if let Some(id) = streaming.get_untracked().filter(|id| *id > 0) {
            leptos::task::spawn_local(async move {
                let _ = super::api::stop_answer(id).await;
            });
        }
    };

    // Code blocks' copy buttons live in rendered HTML: one listener for all of them.
    let on_messages_click = move |_ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(target) = _ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            if let Ok(Some(button)) = target.closest(".copy-code") {
                if let Ok(Some(code)) = button.closest(".code-block").and_then(|b| match b {
                    Some(b) => b.query_selector("code"),
                    None => Ok(None),
                }) {
                    super::client::copy_text(&code.text_content().unwrap_or_default());
                    button.set_text_content(Some(&i18n.t("chat-copied")));
                }
            }
        }
    };

    let search = Action::new(move |q: &String| {
        let q = q.clone();
        async move {
            if let Ok(found) = search_conversations(q).await {
                conversations.set(found);
            }
        }
    });
    let rename = ServerAction::<RenameConversation>::new();
    let delete = ServerAction::<DeleteConversation>::new();
    let save_system = ServerAction::<SetSystemPrompt>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/app/chat");
            }
        }
    });

    let banner_view = move || {
        banner.get().map(|e| {
            let (class, link) = match &e {
                AppError::QuotaExceeded { .. } => ("banner danger", Some((UPGRADE_URL, "usage-upgrade"))),
                AppError::FeatureLocked { .. } => ("banner warn", Some((UPGRADE_URL, "upgrade-cta"))),
                AppError::RateLimited { .. } => ("banner warn", None),
                _ => ("banner danger", None),
            };
            // A plan feature says which one (e.g. long prompts come with Creator).
            let key = match &e {
                AppError::FeatureLocked { feature, .. } => format!("locked-{}-title", feature.code()),
                _ => e.message_key().to_string(),
            };
            view! {
                <div class=class role="alert" data-testid="chat-banner">
                    <span>{move || i18n.t(&key)}</span>
                    {link.map(|(href, label)| view! { <a class="button small primary" href=href>{move || i18n.t(label)}</a> })}
                </div>
            }
        })
    };

    // A keyed list: a message keeps its DOM nodes while others are added, and a streamed
    // answer renders only itself (its own signal).
    let last_answer = Memo::new(move |_| {
        messages.with(|ms| ms.iter().rev().find(|m| m.role == MessageRole::Assistant).map(|m| m.id))
    });
    let message_list = view! {
        <For
            each=move || messages.with(|ms| ms[first_shown.get().min(ms.len())..].to_vec())
            key=|m| m.id
            children=move |m| {
                let id = m.id;
                let is_last_answer = Signal::derive(move || last_answer.get() == Some(id));
                view! { <MessageItem message=m.data tokens_limit is_last_answer streaming input edit_of on_regenerate=send /> }
            }
        />
    };
    let earlier = move || {
        let hidden = first_shown.get();
        (hidden > 0).then(|| {
            let count = hidden.min(MESSAGE_PAGE) as i64;
            view! {
                <button type="button" class="button small show-earlier" data-testid="chat-show-earlier"
                    on:click=move |_| first_shown.update(|f| *f = f.saturating_sub(MESSAGE_PAGE))>
                    {move || message_count(i18n.lang(), "chat-show-earlier", count)}
                </button>
            }
        })
    };

    let aside = view! {
            <aside class="chat-list" aria-label=move || i18n.t("chat-conversations")>
                <a class="button primary small" href="/app/chat" rel="external" data-testid="chat-new">{tr!("chat-new")}</a>
                <input type="search" class="chat-search" dir="auto" data-testid="chat-search"
                    placeholder=move || i18n.t("chat-search")
                    aria-label=move || i18n.t("chat-search")
                    on:input=move |ev| { search.dispatch(event_target_value(&ev)); } />
                <ul data-testid="conversation-list">
                    {move || {
                        let cs = conversations.get();
                        if cs.is_empty() {
                            view! { <li class="muted small">{tr!("chat-list-empty")}</li> }.into_any()
                        } else {
                            cs.into_iter().map(|c| {
                                let current = conversation_id.get() == Some(c.id);
                                let label = if c.title.is_empty() { i18n.t("chat-untitled") } else { c.title.clone() };
                                view! {
                                    <li>
                                        <a href=format!("/app/chat?c={}", c.id) class:current=current data-testid="conversation-item"
                                            aria-current=if current { Some("page") } else { None }>
                                            <bdi>{label}</bdi>
                                        </a>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }
                    }}
                </ul>
            </aside>
    }
    .into_any();
    let toolbar = view! {
                <div class="chat-toolbar">
                    <button type="button" class="button small chat-list-toggle" on:click=move |_| list_open.update(|o| *o = !*o)
                        aria-expanded=move || list_open.get().to_string()>{tr!("chat-conversations")}</button>
                    <label class="visually-hidden" for="model-select">{tr!("chat-model")}</label>
                    <select id="model-select" name="model" form="chat-form" data-testid="model-select"
                        prop:value=move || model.get()
                        on:change=move |ev| model.set(event_target_value(&ev))>
                        {move || models.with_value(|ms| ms.iter().map(|m| {
                            let id = m.id.clone();
                            let selected = id == model.get_untracked();
                            let name = if i18n.lang() == Lang::Ar { m.name_ar.clone() } else { m.name_en.clone() };
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view())}
                    </select>
                </div>
    }
    .into_any();
    // Plain forms, so they work before (and without) the WASM; once hydrated each sends its
    // action, once while it is pending. (`ActionForm` would bring its component and a
    // form-data reader, `serde_qs`'s parser, into the main bundle for these three.)
    let title_input = NodeRef::<leptos::html::Input>::new();
    let prompt_input = NodeRef::<leptos::html::Textarea>::new();
    let delete_box = NodeRef::<leptos::html::Details>::new();
    let delete_summary = NodeRef::<leptos::html::Summary>::new();
    let settings = view! {
                {move || conversation_id.get().map(|id| view! {
                    <details class="chat-settings">
                        <summary>{tr!("chat-settings")}</summary>
                        <form class="row" method="post" action={<RenameConversation as leptos::server_fn::ServerFn>::url()} on:submit=move |ev| {
                            ev.prevent_default();
                            if !rename.pending().get_untracked() {
                                let title = title_input.get_untracked().map(|el| el.value()).unwrap_or_default();
                                rename.dispatch(RenameConversation { id, title });
                            }
                        }>
                            <input type="hidden" name="id" value=id />
                            <input type="text" name="title" dir="auto" maxlength="120" prop:value=move || title.get() node_ref=title_input
                                aria-label=move || i18n.t("chat-rename") data-testid="chat-title-input" />
                            <button class="button small" type="submit" data-testid="chat-rename" disabled=move || rename.pending().get() aria-busy=move || rename.pending().get().to_string()>{tr!("chat-rename")}</button>
                        </form>
                        <form class="stack" method="post" action={<SetSystemPrompt as leptos::server_fn::ServerFn>::url()} on:submit=move |ev| {
                            ev.prevent_default();
                            if !save_system.pending().get_untracked() {
                                let prompt = prompt_input.get_untracked().map(|el| el.value()).unwrap_or_default();
                                save_system.dispatch(SetSystemPrompt { id, prompt });
                            }
                        }>
                            <input type="hidden" name="id" value=id />
                            <label for="system-prompt">{tr!("chat-system")}</label>
                            <textarea id="system-prompt" name="prompt" dir="auto" rows="3" maxlength="4000" node_ref=prompt_input
                                placeholder=move || i18n.t("chat-system-placeholder")
                                prop:value=move || system_prompt.get() data-testid="chat-system"></textarea>
                            <button class="button small" type="submit" disabled=move || save_system.pending().get() aria-busy=move || save_system.pending().get().to_string()>{tr!("chat-system-save")}</button>
                            {move || matches!(save_system.value().get(), Some(Ok(()))).then(|| view! {
                                <p class="notice ok" role="status">{tr!("account-saved")}</p>
                            })}
                        </form>
                        <p><a class="button small" href=format!("/app/slides?from={id}") data-testid="chat-to-slides">{tr!("chat-to-slides")}</a></p>
                        // Asked before it is done: the button opens the question (a
                        // disclosure, so it asks before the WASM is here too; "cancel" is then
                        // a link to the page as it was).
                        <details class="chat-delete" node_ref=delete_box>
                            <summary class="button small danger" data-testid="chat-delete" node_ref=delete_summary>{tr!("chat-delete")}</summary>
                            <form class="row" method="post" action={<DeleteConversation as leptos::server_fn::ServerFn>::url()} on:submit=move |ev| {
                                ev.prevent_default();
                                if !delete.pending().get_untracked() {
                                    delete.dispatch(DeleteConversation { id });
                                }
                            }>
                                <input type="hidden" name="id" value=id />
                                <span class="small" id=format!("chat-delete-ask-{id}")>{tr!("chat-delete-ask")}</span>
                                <button class="button small danger" type="submit" data-testid="chat-delete-confirm" aria-describedby=format!("chat-delete-ask-{id}")
                                    disabled=move || delete.pending().get() aria-busy=move || delete.pending().get().to_string()>{tr!("chat-delete-yes")}</button>
                                <a class="button small" href=format!("/app/chat?c={id}") data-testid="chat-delete-keep" on:click=move |ev| {
                                    ev.prevent_default();
                                    delete.clear();
                                    if let Some(el) = delete_box.get_untracked() {
                                        el.set_open(false);
                                    }
                                    // Back to the button that opened the question, not to the page's start.
                                    if let Some(el) = delete_summary.get_untracked() {
                                        let _ = el.focus();
                                    }
                                }>{tr!("chat-keep")}</a>
                            </form>
                        </details>
                    </details>
                    // Outside the closed boxes, so a failed delete is seen (without the WASM too:
                    // the action reads the server's answer back from the address).
                    {move || delete.value().get().and_then(Result::err).map(|e| view! {
                        <p class="notice error" role="alert" data-testid="chat-delete-error">{move || i18n.t(e.message_key())}</p>
                    })}
                })}
    }
    .into_any();
    let message_area = view! {
                <div class="messages" data-testid="messages" on:click=on_messages_click>
                    {move || messages.with(|m| m.is_empty()).then(|| view! { <EmptyState slug="chat" icon=Icon::Chat /> })}
                    {earlier}
                    {message_list}
                </div>
                <p class="visually-hidden" aria-live="polite" data-testid="chat-announce">{move || announce.get()}</p>
    }
    .into_any();
    let composer = view! {
                <form id="chat-form" class="composer" method="post" action="/chat/send"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let mode = match edit_of.get_untracked() {
                            Some(message_id) => TurnMode::Edit { message_id },
                            None => TurnMode::New,
                        };
                        send(mode);
                    }>
                    <input type="hidden" name="conversation_id" prop:value=move || conversation_id.get().map(|c| c.to_string()).unwrap_or_default() />
                    {move || edit_of.get().map(|_| view! {
                        <p class="editing">{tr!("chat-editing")}
                            <button type="button" class="link" on:click=move |_| { edit_of.set(None); input.set(String::new()); }>{tr!("chat-cancel-edit")}</button>
                        </p>
                    })}
                    {move || attachment.get().filter(|_| attached_pdf.get()).map(|(file_id, _)| view! {
                        <PdfPanel file_id model pdf_allowed input on_summarize=move || send(TurnMode::New) />
                    })}
                    {move || attachment.get().map(|(_, name)| view! {
                        <p class="attachment" data-testid="chat-attachment"><bdi>{name}</bdi>
                            <button type="button" class="link" on:click=move |_| attachment.set(None)>{tr!("chat-remove-attachment")}</button>
                        </p>
                    })}
                    <PromptCounter input limit=prompt_limit />
                    <div class="composer-row">
                        <label class="button small attach" title=move || i18n.t(if vision() { "chat-attach" } else { "chat-attach-pdf" })>
                            <span class="visually-hidden">{tr!("chat-attach")}</span>"+"
                            <input type="file" accept="image/png,image/jpeg,image/webp,image/gif,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx" class="visually-hidden"
                                data-testid="chat-attach"
                                on:change=move |_ev| {
                                    #[cfg(feature = "hydrate")]
                                    {
                                        use wasm_bindgen::JsCast;
                                        let Some(input_el) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                                        let Some(file) = input_el.files().and_then(|f| f.get(0)) else { return };
                                        leptos::task::spawn_local(async move {
                                            match super::client::upload_image(&file).await {
                                                Ok((id, name, content_type)) => {
                                                    attached_pdf.set(super::model::is_document_type(&content_type));
                                                    attachment.set(Some((id, name)));
                                                }
                                                Err(message) => banner.set(Some(AppError::Network(message))),
                                            }
                                        });
                                    }
                                } />
                        </label>
                        <textarea name="content" class="chat-input" dir="auto" rows="1" maxlength="200000" required
                            data-testid="chat-input"
                            placeholder=move || i18n.t("chat-input-placeholder")
                            aria-label=move || i18n.t("chat-input-placeholder")
                            prop:value=move || input.get()
                            on:input=move |ev| {
                                // What is about to be sent will want the markdown module.
                                #[cfg(feature = "hydrate")]
                                markdown::preload();
                                input.set(event_target_value(&ev))
                            }
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                                    ev.prevent_default();
                                    let mode = match edit_of.get_untracked() {
                                        Some(message_id) => TurnMode::Edit { message_id },
                                        None => TurnMode::New,
                                    };
                                    send(mode);
                                }
                            }></textarea>
                        {move || if streaming.get().is_some() {
                            view! { <button type="button" class="button danger" data-testid="chat-stop" on:click=stop>{tr!("chat-stop")}</button> }.into_any()
                        } else {
                            view! { <button type="submit" class="button primary" data-testid="chat-send">{tr!("chat-send")}</button> }.into_any()
                        }}
                    </div>
                </form>
    }
    .into_any();
    view! {
        <div class="chat" class:list-open=move || list_open.get()>
            {aside}
            <section class="chat-main">
                {toolbar}
                {settings}
                {banner_view}
                {message_area}
                {composer}
            </section>
        </div>
    }
}

/// How many messages a conversation opens with (and "show earlier" adds).
const MESSAGE_PAGE: usize = 50;

/// A message on the page: its id (the list's key) and its own signal.
#[derive(Clone)]
struct Shown {
    id: i64,
    role: MessageRole,
    data: ArcRwSignal<MessageView>,
}

impl Shown {
    fn new(m: MessageView) -> Self {
        Self { id: m.id, role: m.role, data: ArcRwSignal::new(m) }
    }
}

#[component]
fn MessageItem<F>(
    message: ArcRwSignal<MessageView>,
    tokens_limit: i64,
    is_last_answer: Signal<bool>,
    streaming: RwSignal<Option<i64>>,
    input: RwSignal<String>,
    edit_of: RwSignal<Option<i64>>,
    on_regenerate: F,
) -> impl IntoView
where
    F: Fn(TurnMode) + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let (id, role) = message.with_untracked(|m| {
        (
            m.id,
            match m.role {
                MessageRole::User => "user",
                MessageRole::Assistant => "assistant",
            },
        )
    });
    // The markdown is parsed again only when this message's text changes (while it streams),
    // and in the browser only then (see `markdown::live_html`).
    let content = {
        let message = message.clone();
        Memo::new(move |_| message.with(|m| m.content.clone()))
    };
    let html = markdown::live_html(content.into(), Signal::derive(move || i18n.t("chat-code-copy")));
    // The rest follows the status, which changes once, when the answer ends.
    let state = {
        let message = message.clone();
        Memo::new(move |_| message.with(|m| (m.status, m.error.clone(), m.tokens_out, m.plan_tokens)))
    };
    let text = StoredValue::new(message.clone());
    let text = move || text.with_value(|m| m.with_untracked(|m| m.content.clone()));
    let status = move || state.with(|s| s.0);
    let cost = move || {
        let (status, _, out, plan) = state.get();
        (role == "assistant" && status != MessageStatus::Streaming).then(|| {
            let pct = if tokens_limit > 0 { crate::i18n::fixed_point(plan * 100, tokens_limit, 2) } else { "0".into() };
            view! {
                <p class="message-cost muted small" data-testid="message-cost">
                    {move || i18n.t_with("chat-cost", &[
                        ("count", Arg::Num(out)),
                        ("tokens", Arg::Text(format_number(out, i18n.lang()))),
                        ("plan", Arg::Text(format_number(plan, i18n.lang()))),
                        ("pct", Arg::Text(pct.clone())),
                    ])}
                </p>
            }
        })
    };
    view! {
        <article class=format!("message {role}") data-testid="chat-message" data-role=role data-status=move || status().as_str()>
            <div class="message-body" inner_html=move || html.get()></div>
            {move || (status() == MessageStatus::Streaming).then(|| view! { <span class="typing" aria-hidden="true"></span> })}
            {move || (status() == MessageStatus::Stopped).then(|| view! { <p class="muted small" data-testid="message-stopped">{tr!("chat-stopped")}</p> })}
            {move || state.with(|s| s.1.clone()).map(|k| view! { <p class="field-error" role="alert" data-testid="message-error">{move || i18n.t(&k)}</p> })}
            {cost}
            <div class="message-actions">
                <button type="button" class="link small" on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    super::client::copy_text(&text());
                    #[cfg(not(feature = "hydrate"))]
                    let _ = text;
                }>{tr!("chat-copy")}</button>
                {(role == "user").then(|| view! {
                    <button type="button" class="link small" data-testid="chat-edit"
                        disabled=move || streaming.get().is_some()
                        on:click=move |_| { input.set(text()); edit_of.set(Some(id)); }>{tr!("chat-edit")}</button>
                })}
                {move || (role == "assistant" && status() == MessageStatus::Complete).then(|| view! {
                    <crate::features::cv::SendToCv text=text() />
                })}
                {move || (is_last_answer.get() && status() != MessageStatus::Streaming).then(|| view! {
                    <button type="button" class="link small" data-testid="chat-regenerate"
                        disabled=move || streaming.get().is_some()
                        on:click=move |_| on_regenerate(TurnMode::Regenerate)>{tr!("chat-regenerate")}</button>
                })}
            </div>
        </article>
    }
}

/// The message's estimated tokens against the plan's limit: amber from 80 %, red over it
/// (the server refuses an over-long message whatever this shows).
#[component]
fn PromptCounter(input: RwSignal<String>, limit: i64) -> impl IntoView {
    let i18n = use_i18n();
    let used = Memo::new(move |_| input.with(|t| super::model::estimate_tokens(t)) as i64);
    let level = move || {
        let u = used.get();
        if u > limit {
            "over"
        } else if u * 5 >= limit * 4 {
            "near"
        } else {
            "ok"
        }
    };
    view! {
        <span class="prompt-counter small" data-testid="prompt-counter" data-level=level hidden=move || used.get() == 0
            title=move || i18n.t("chat-prompt-counter-title") aria-live="polite">
            {move || format!("{} / {}", format_number(used.get(), i18n.lang()), format_number(limit, i18n.lang()))}
        </span>
    }
}

/// A PDF in the composer: "Summarise" with its cost preview on Pro and Creator; the lock
/// and the upgrade offer on other plans (the server refuses them whatever this shows).
#[component]
fn PdfPanel<F>(
    file_id: String,
    model: RwSignal<String>,
    pdf_allowed: bool,
    input: RwSignal<String>,
    on_summarize: F,
) -> impl IntoView
where
    F: Fn() + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    if !pdf_allowed {
        return view! {
            <crate::ui::locked::FeatureLocked feature=crate::features::plans::PlanFeature::PdfSummary />
        }
        .into_any();
    }
    let cost = Resource::new(move || (file_id.clone(), model.get()), |(f, m)| super::api::pdf_cost(f, m));
    view! {
        <div class="pdf-panel" data-testid="pdf-panel">
            <button type="button" class="button small primary" data-testid="pdf-summarize"
                on:click=move |_| {
                    if input.get_untracked().trim().is_empty() {
                        input.set(i18n.t("pdf-summarize-prompt"));
                    }
                    on_summarize();
                }>{tr!("pdf-summarize")}</button>
            <Transition fallback=|| view! { <span class="muted small">"…"</span> }>
                {move || Suspend::new(async move {
                    match cost.await {
                        Ok(p) => {
                            let l = i18n.lang();
                            view! { <span class="muted small" data-testid="pdf-cost">{crate::i18n::message_with(l, "pdf-cost", &[
                                ("count", Arg::Num(p.amount)),
                                ("amount", Arg::Text(format_number(p.amount, l))),
                                ("remaining", Arg::Text(format_number(p.remaining, l))),
                            ])}</span> }.into_any()
                        }
                        Err(e) => view! { <span class="field-error small" role="alert">{move || i18n.t(e.message_key())}</span> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
    .into_any()
}
