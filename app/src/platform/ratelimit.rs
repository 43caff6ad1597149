//! Sliding-window rate limits. In-process by default; with `REDIS_URL`, one window in
//! Redis shared by every replica (a sorted set per key, checked and updated by one Lua
//! script, so concurrent requests cannot slip past). If Redis is unreachable the request
//! is let through and the failure logged: a rate limit protects capacity, and quotas —
//! which never fail open — live in the database ledger.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Why a request may not go on now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after_secs: u64,
}

pub enum RateLimiter {
    Memory(Mutex<MemoryWindows>),
    Redis { conn: redis::aio::ConnectionManager, prefix: String },
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RateLimiter::Memory(_) => "RateLimiter::Memory",
            RateLimiter::Redis { .. } => "RateLimiter::Redis",
        })
    }
}

#[derive(Default)]
pub struct MemoryWindows {
    hits: HashMap<String, VecDeque<i64>>,
    calls: u64,
}

const SCRIPT: &str = r#"
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
return -1
"#;

fn retry_secs(ms: i64) -> u64 {
    ((ms.max(1) + 999) / 1000) as u64
}

impl RateLimiter {
    pub fn memory() -> RateLimiter {
        RateLimiter::Memory(Mutex::new(MemoryWindows::default()))
    }

    /// Connects to Redis (fails at start-up if it cannot, like the database).
    pub async fn redis(url: &str) -> Result<RateLimiter, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let conn = redis::aio::ConnectionManager::new(client).await?;
        Ok(RateLimiter::Redis { conn, prefix: "pulse:rl:".into() })
    }

    /// Counts a request for `key` at time `now_ms`: allowed if fewer than `limit` were
    /// counted in the `window_ms` before it.
    pub async fn hit_at(&self, key: &str, limit: i64, window_ms: i64, now_ms: i64) -> Result<(), Limited> {
        match self {
            RateLimiter::Memory(windows) => {
                let mut w = windows.lock().unwrap_or_else(|e| e.into_inner());
                w.calls += 1;
                if w.calls.is_multiple_of(10_000) {
                    w.hits.retain(|_, q| q.back().is_some_and(|t| *t > now_ms - window_ms));
                }
                let q = w.hits.entry(key.to_string()).or_default();
                while q.front().is_some_and(|t| *t <= now_ms - window_ms) {
                    q.pop_front();
                }
                if q.len() as i64 >= limit {
                    let oldest = *q.front().expect("non-empty at the limit");
                    return Err(Limited { retry_after_secs: retry_secs(oldest + window_ms - now_ms) });
                }
                q.push_back(now_ms);
                Ok(())
            }
            RateLimiter::Redis { conn, prefix } => {
                let mut conn = conn.clone();
                let member = format!("{now_ms}-{}", rand::random::<u64>());
                let result: Result<i64, _> = redis::Script::new(SCRIPT)
                    .key(format!("{prefix}{key}"))
                    .arg(now_ms)
                    .arg(window_ms)
                    .arg(limit)
                    .arg(member)
                    .invoke_async(&mut conn)
                    .await;
                match result {
                    Ok(-1) => Ok(()),
                    Ok(wait_ms) => Err(Limited { retry_after_secs: retry_secs(wait_ms) }),
                    Err(e) => {
                        tracing::warn!(error = %e, "rate limit: Redis unreachable, letting the request through");
                        Ok(())
                    }
                }
            }
        }
    }

    pub async fn hit(&self, key: &str, limit: i64, window_ms: i64) -> Result<(), Limited> {
        self.hit_at(key, limit, window_ms, crate::types::UnixMillis::now().0).await
    }
}

/// The per-caller limit as a route layer: a feature puts its state-changing routes behind
/// it (`ratelimit::limited(router, &state)`). Per user when signed in, per client IP
/// otherwise; over the limit → 429 with `Retry-After` and the typed error.
pub fn limited(router: axum::Router<super::AppState>, state: &super::AppState) -> axum::Router<super::AppState> {
    router.route_layer(axum::middleware::from_fn_with_state(state.clone(), limit))
}

/// The middleware behind [`limited`]; reads (GET, HEAD) are never limited.
pub async fn limit(
    axum::extract::State(state): axum::extract::State<super::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS) {
        return next.run(req).await;
    }
    let key = match (
        req.extensions().get::<super::auth::CurrentSession>(),
        req.extensions().get::<super::auth::ClientIp>(),
    ) {
        (Some(s), _) => format!("user:{}", s.user.id),
        (None, Some(ip)) => format!("ip:{}", ip.0),
        (None, None) => "ip:unknown".to_string(),
    };
    let cfg = &state.config;
    if let Err(limited) = state.rate_limiter.hit(&key, cfg.rate_limit_requests, cfg.rate_limit_window_secs * 1000).await
    {
        metrics::counter!("rate_limited_total").increment(1);
        return crate::error::AppError::RateLimited { retry_after_secs: limited.retry_after_secs }.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_window_slides() {
        let rl = RateLimiter::memory();
        for t in [0, 10, 20] {
            assert_eq!(rl.hit_at("u:1", 3, 1000, t).await, Ok(()));
        }
        assert_eq!(rl.hit_at("u:1", 3, 1000, 500).await, Err(Limited { retry_after_secs: 1 }));
        assert_eq!(rl.hit_at("u:2", 3, 1000, 500).await, Ok(()), "keys are separate");
        assert_eq!(rl.hit_at("u:1", 3, 1000, 1000).await, Ok(()), "the first hit left the window");
        assert!(rl.hit_at("u:1", 3, 1000, 1005).await.is_err());
        assert_eq!(rl.hit_at("u:1", 3, 60_000, 1005).await, Err(Limited { retry_after_secs: 60 }));
    }
}
