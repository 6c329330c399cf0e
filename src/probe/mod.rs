//! The source probe: checks, from the admin's own network, what Microsoft's migration
//! service needs of the on-premises side — Outlook Anywhere published over HTTPS, a
//! certificate from a public CA, Basic or NTLM authentication, and Autodiscover
//! (Exchange 2007) — without credentials unless asked.
//!
//! The findings (`SRC…`, [`rules`]) have the same shape as the CSV findings; the JSON
//! form of a [`ProbeReport`] is what `report --probe` reads (see
//! [`crate::readiness::evidence`]). The rules are compiled everywhere; the probe itself
//! (feature `probe`) is native only: the browser cannot open raw TLS connections.

pub mod rules;

#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
mod autodiscover;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub mod cert;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub mod http;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub mod net;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
mod outlook;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
mod run;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
mod settings;
#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub mod tls;

#[cfg(all(feature = "probe", not(target_arch = "wasm32")))]
pub use run::{Credentials, ProbeOptions, ProbeReport, probe};

pub use rules::RULES;
