//! DNS for the move to Exchange Online: the records to publish, when, and how they differ
//! from what is published now.
//!
//! A staged migration needs DNS work at three moments: proving the domain (a TXT record),
//! keeping mail flowing while batches sync (SPF, a low MX TTL), and cutting over (MX,
//! Autodiscover). [`plan::plan`] turns what the admin knows ([`input::PlanInput`]) into a
//! [`plan::Plan`]: every record tagged with its [`plan::Phase`], dated steps, and findings
//! for bad input. Renderers turn a plan into a BIND zone fragment ([`zone`]), Windows DNS
//! Server PowerShell ([`powershell`]) or a plain table ([`table`]); JSON is the plan
//! itself, serialised.
//!
//! [`compare`] diffs the plan against what is published: a pasted zone file
//! ([`published::parse_zone`]) or answers to live queries ([`query`], [`live`]). Live
//! look-ups are opt-in: the browser sends the wire messages built here through
//! DNS-over-HTTPS itself; the native CLI uses [`transport`] (feature `live`).
//!
//! ```
//! use migration_preflight::dns::{input::{DomainInput, PlanInput}, plan::{plan, Phase}};
//!
//! let input = PlanInput {
//!     domains: vec![DomainInput {
//!         verification: Some("MS=ms12345678".into()),
//!         ..DomainInput::new("contoso.com")
//!     }],
//!     ..PlanInput::default()
//! };
//! let plan = plan(&input);
//! let mx = plan.records.iter().find(|r| r.r#type.as_str() == "MX").unwrap();
//! assert_eq!(mx.value, "contoso-com.mail.protection.outlook.com");
//! assert_eq!(mx.phase, Phase::AtCutover);
//! ```

pub mod compare;
pub(crate) mod diff;
pub mod from_assessment;
pub mod input;
pub mod live;
pub mod name;
pub mod plan;
pub mod powershell;
pub mod published;
pub mod query;
pub(crate) mod records;
pub mod schedule;
pub mod script;
pub mod sender;
pub mod spf;
pub(crate) mod steps;
pub mod table;
#[cfg(feature = "live")]
pub mod transport;
pub mod verification;
pub mod zone;
pub(crate) mod zone_file;
pub(crate) mod zone_record;
