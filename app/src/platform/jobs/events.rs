//! Live status: the changes of the `jobs` table, fanned out to their owners.
//!
//! Each process runs one poller (started by its first listener, idle while nobody
//! listens) that reads the rows changed in the last few seconds every
//! [`POLL`], keeps the newest `version` it has sent of each, and broadcasts
//! what is new. Reading the table rather than an in-process channel is what makes every
//! replica able to serve any user's stream on PostgreSQL, whichever replica's worker ran
//! the job (no LISTEN/NOTIFY connection per replica to keep alive; one indexed query per
//! process every half second). A stream that reconnects gets a fresh snapshot first.

use super::store;
use crate::features::jobs::JobView;
use crate::platform::db::Db;
use crate::types::UnixMillis;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;

/// How often the poller reads the table while someone listens.
pub const POLL: Duration = Duration::from_millis(500);
/// How far back each read looks: clocks of replicas differ a little, and a change
/// committed late carries an earlier `updated_at`.
const WINDOW_MS: i64 = 5_000;

/// A job's new state, for its owner.
#[derive(Clone, Debug)]
pub struct JobEvent {
    pub user_id: i64,
    pub job: JobView,
}

#[derive(Debug)]
pub struct Hub {
    tx: broadcast::Sender<JobEvent>,
    started: AtomicBool,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: broadcast::channel(1024).0, started: AtomicBool::new(false) }
    }
}

impl Hub {
    /// Listens to every job change of this process's poller (a stream filters its own
    /// user's); starts the poller on first use.
    pub fn subscribe(&self, db: &Db) -> broadcast::Receiver<JobEvent> {
        let rx = self.tx.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(poll_forever(db.clone(), self.tx.clone()));
        }
        rx
    }
}

async fn poll_forever(db: Db, tx: broadcast::Sender<JobEvent>) {
    let mut sent: HashMap<i64, (i64, i64)> = HashMap::new(); // id → (version, updated_at)
    let mut newest = UnixMillis::now().0 - WINDOW_MS;
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if tx.receiver_count() == 0 {
            continue;
        }
        newest = newest.max(UnixMillis::now().0 - WINDOW_MS);
        let since = newest - WINDOW_MS;
        let rows = match store::changed_since(&db, since).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "reading job changes failed");
                continue;
            }
        };
        for row in rows {
            newest = newest.max(row.updated_at);
            let seen = sent.get(&row.id).map(|(v, _)| *v);
            if seen.is_some_and(|v| v >= row.version) {
                continue;
            }
            sent.insert(row.id, (row.version, row.updated_at));
            let _ = tx.send(JobEvent { user_id: row.user_id, job: row.view() });
        }
        sent.retain(|_, (_, at)| *at >= since - WINDOW_MS);
    }
}
