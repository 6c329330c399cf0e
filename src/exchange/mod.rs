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
pub mod endpoint;
pub mod explain;
pub mod lock;
pub mod model;
pub mod plan;
pub mod progress;
pub mod reconcile;
pub mod remove;
pub mod run;
pub mod state;
pub mod status;
pub mod watch;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod test_key;
#[cfg(test)]
mod tests;
