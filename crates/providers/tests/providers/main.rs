//! Provider clients against local fake servers speaking each provider's wire format
//! (`shared/research/apis.md` §1–5), and the gateway's fallback rules, for chat, images and
//! videos.

mod anthropic;
mod cases;
mod compatible;
mod fake;
mod gateway;
mod gemini;
mod images;
mod openai;
mod videos;
