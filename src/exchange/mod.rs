//! The Exchange runner (feature `exchange`, native only): creates, starts, watches and
//! removes staged migration batches through Exchange Online's admin REST API
//! (`InvokeCommand`). See `../shared/reference/exchange-admin-api.md` for the protocol
//! facts and which of them are [inferred].
//!
//! The runner (`run`, `status`, `remove`, `endpoint create`) talks to the service only
//! through the [`api::Exchange`] trait, so it is tested against an in-memory fake as well
//! as against the simulator (`cargo run --example exchange-simulator`) over HTTP.

pub mod api;
pub mod auth;
pub mod client;
pub mod credential;
pub mod dry_run;
#[cfg(test)]
mod test_key;
