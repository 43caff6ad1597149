//! Stopping running answers. The stop button reaches the answer's turn in the same process
//! at once; a stop asked on another replica is a flag on the answer's row, which one poller
//! per process reads for all its running answers together (one query every half second,
//! however many answers stream), not each answer on its own.

use crate::platform::db::Db;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::Notify;

/// How often the poller looks for stops asked on another replica.
pub const STOP_POLL: Duration = Duration::from_millis(500);

/// The answers streaming in this process, by their message id.
#[derive(Debug, Default)]
pub struct Stops {
    running: Mutex<HashMap<i64, Arc<Notify>>>,
    poller: std::sync::OnceLock<()>,
}

/// One running answer's registration: `stopped()` ends when a stop is asked for it.
/// Dropping it unregisters the answer.
pub struct StopWatch {
    message_id: i64,
    notify: Arc<Notify>,
    stops: Arc<Stops>,
}

impl StopWatch {
    /// Ends when the answer is asked to stop (a stop asked before this is called counts).
    pub async fn stopped(&self) {
        self.notify.notified().await
    }
}

impl Drop for StopWatch {
    fn drop(&mut self) {
        let mut running = self.stops.lock();
        // Only its own entry (an answer's id is watched once; this keeps it so).
        if running.get(&self.message_id).is_some_and(|n| Arc::ptr_eq(n, &self.notify)) {
            running.remove(&self.message_id);
        }
    }
}

impl Stops {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Notify>>> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a running answer; the first registration starts this process's poller.
    pub fn watch(self: &Arc<Self>, db: &Db, message_id: i64) -> StopWatch {
        self.poller.get_or_init(|| {
            tokio::spawn(poll(Arc::downgrade(self), db.clone()));
        });
        let notify = Arc::new(Notify::new());
        self.lock().insert(message_id, notify.clone());
        StopWatch { message_id, notify, stops: self.clone() }
    }

    /// Stops the answer if it streams in this process (it ends at its next step).
    pub fn stop(&self, message_id: i64) {
        if let Some(notify) = self.lock().get(&message_id) {
            notify.notify_one();
        }
    }

    /// How many answers stream in this process.
    pub fn running(&self) -> usize {
        self.lock().len()
    }
}

/// Every [`STOP_POLL`] while answers stream here: the answers still streaming whose row asks
/// for a stop (a partial index holds just those), stopped. Ends with the state.
async fn poll(stops: Weak<Stops>, db: Db) {
    let mut tick = tokio::time::interval(STOP_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Said once when the database stops answering and once when it is back, not twice a
    // second meanwhile (local stops work throughout).
    let mut failing = false;
    loop {
        tick.tick().await;
        let Some(stops) = stops.upgrade() else { return };
        if stops.running() == 0 {
            continue;
        }
        let asked: Vec<i64> = match sqlx::query_scalar(
            "SELECT id FROM messages WHERE stop_requested = 1 AND status = 'streaming'",
        )
        .fetch_all(db.pool())
        .await
        {
            Ok(ids) => {
                if std::mem::take(&mut failing) {
                    tracing::info!("looking for stopped answers works again");
                }
                ids
            }
            Err(e) => {
                if !std::mem::replace(&mut failing, true) {
                    tracing::warn!(error = %e, "looking for stopped answers failed; stops from other replicas wait");
                }
                continue;
            }
        };
        for id in asked {
            stops.stop(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_reaches_its_answer_only_and_counts_when_asked_before_the_wait() {
        let file = std::env::temp_dir().join(format!("pulse-stops-{}.db", std::process::id()));
        let db = Db::connect(&format!("sqlite://{}", file.display()), 2).await.unwrap();
        db.migrate().await.unwrap();
        let stops = Arc::new(Stops::default());
        let one = stops.watch(&db, 1);
        let two = stops.watch(&db, 2);
        assert_eq!(stops.running(), 2);
        stops.stop(1);
        one.stopped().await;
        let other = tokio::time::timeout(Duration::from_millis(50), two.stopped()).await;
        assert!(other.is_err(), "another answer was stopped");
        drop(one);
        assert_eq!(stops.running(), 1);
        stops.stop(1); // no longer running: nothing to do
        drop(two);
        assert_eq!(stops.running(), 0);
        db.pool().close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
}
