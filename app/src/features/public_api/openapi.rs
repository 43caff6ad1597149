//! `GET /v1/openapi.json`: the public API described for tools (OpenAPI 3.1).

use crate::platform::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn document(State(state): State<AppState>) -> Json<Value> {
    let error = json!({ "$ref": "#/components/schemas/Error" });
    let errors = |codes: &[(&str, &str)]| {
        let mut m = serde_json::Map::new();
        for (status, what) in codes {
            m.insert(
                status.to_string(),
                json!({ "description": what, "content": { "application/json": { "schema": error } } }),
            );
        }
        Value::Object(m)
    };
    let mut chat_responses = errors(&[
        ("400", "bad input (code: the message key), or refused by moderation (content_policy_violation)"),
        ("401", "missing, unknown, revoked or expired key (invalid_api_key)"),
        ("404", "no such model (model_not_found)"),
        ("429", "the plan's tokens are used up (insufficient_quota), or too many requests (rate_limit_exceeded, Retry-After)"),
        ("503", "no provider answered (service_unavailable)"),
        ("504", "the provider timed out (timeout)"),
    ]);
    chat_responses.as_object_mut().expect("an object").insert(
        "200".into(),
        json!({
            "description": "the answer: `chat.completion`, or with `stream: true` server-sent events of `chat.completion.chunk` ending with `data: [DONE]` (with `stream_options.include_usage`, a last chunk with `usage` and no choices)",
            "content": {
                "application/json": { "schema": { "$ref": "#/components/schemas/ChatCompletion" } },
                "text/event-stream": { "schema": { "type": "string" } }
            }
        }),
    );
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Pulse AI Studio API",
            "version": "1",
            "description": "OpenAI-compatible. Authenticate with a personal key from the account page (`Authorization: Bearer pulse_sk_…`). Every request is moderated and metered against the key owner's plan exactly as in the app: tokens × the model's weight.",
        },
        "servers": [{ "url": format!("{}/v1", state.config.public_url) }],
        "components": {
            "securitySchemes": { "key": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": { "error": { "type": "object", "properties": {
                        "message": { "type": "string" }, "type": { "type": "string" },
                        "code": { "type": "string" }, "param": { "type": ["string", "null"] }
                    }, "required": ["message", "type", "code"] } }
                },
                "Message": {
                    "type": "object",
                    "properties": {
                        "role": { "enum": ["system", "developer", "user", "assistant"] },
                        "content": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "object" } }] }
                    },
                    "required": ["role", "content"]
                },
                "ChatCompletionRequest": {
                    "type": "object",
                    "properties": {
                        "model": { "type": "string" },
                        "messages": { "type": "array", "items": { "$ref": "#/components/schemas/Message" } },
                        "stream": { "type": "boolean" },
                        "stream_options": { "type": "object", "properties": { "include_usage": { "type": "boolean" } } },
                        "max_tokens": { "type": "integer" },
                        "max_completion_tokens": { "type": "integer" },
                        "temperature": { "type": "number" },
                        "n": { "const": 1 }
                    },
                    "required": ["model", "messages"]
                },
                "Usage": {
                    "type": "object",
                    "properties": {
                        "prompt_tokens": { "type": "integer" }, "completion_tokens": { "type": "integer" },
                        "total_tokens": { "type": "integer" }
                    }
                },
                "ChatCompletion": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "string" }, "object": { "const": "chat.completion" },
                        "created": { "type": "integer" }, "model": { "type": "string" },
                        "choices": { "type": "array", "items": { "type": "object" } },
                        "usage": { "$ref": "#/components/schemas/Usage" }
                    }
                }
            }
        },
        "security": [{ "key": [] }],
        "paths": {
            "/models": { "get": {
                "summary": "The models this account can use",
                "responses": { "200": { "description": "`{object: list, data: [{id, object: model, created, owned_by}]}`" }, "401": { "description": "bad key" } }
            } },
            "/chat/completions": { "post": {
                "summary": "A chat answer, streamed or not",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChatCompletionRequest" } } } },
                "responses": chat_responses
            } }
        }
    }))
}
