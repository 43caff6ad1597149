//! Each gateway driver against a local fake gateway speaking its wire format
//! (`shared/research/apis.md` §6–8, §10): success, decline, pending, gateway errors,
//! timeouts, request shapes, and notification/return verification (valid, tampered,
//! wrong key, missing headers, replayed).

mod fake;
mod hyperpay;
mod paytabs;
mod zaincash;
