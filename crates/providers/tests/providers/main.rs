//! Provider clients against local fake servers speaking each provider's wire format
//! (`shared/research/apis.md` §1–3, §5), and the gateway's fallback rules.

mod anthropic;
mod cases;
mod compatible;
mod fake;
mod gateway;
mod gemini;
mod openai;
