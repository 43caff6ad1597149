//! Small types that say what they hold.

use serde::{Deserialize, Serialize};

/// Money in fils: 1 JOD = 1000 fils. Never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fils(pub i64);

impl Fils {
    pub const PER_JOD: i64 = 1000;
    pub fn from_jod(jod: i64) -> Self {
        Fils(jod * Self::PER_JOD)
    }
}

/// Milliseconds since the Unix epoch, as stored in the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnixMillis(pub i64);

#[cfg(feature = "ssr")]
impl UnixMillis {
    pub fn now() -> Self {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        UnixMillis(d.as_millis() as i64)
    }
}
