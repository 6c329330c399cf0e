//! The readiness report: is this organisation ready for a staged migration, what blocks
//! it, what to do in which order and by when.
//!
//! Inputs are the migration CSV files and an [`Assessment`] (JSON, see
//! [`assessment`]). Each wrong or unknown answer of the assessment becomes an `ENV`
//! finding; together with the CSV findings they decide the verdict and the status of
//! every task of the [`checklist`], whose dates come from [`dates`].

mod answer;
pub mod assessment;
pub mod checklist;
pub mod dates;
pub mod deliverable;
pub mod dns_section;
pub mod environment;
pub mod evidence;
pub mod pseudonym;
pub mod range;
mod read_error;
pub mod report;
pub mod since;
pub mod template;
pub mod timeline;
pub mod when;

pub use assessment::{Answer, Assessment, AssessmentError};
pub use dns_section::{DnsRecord, DnsSection};
pub use evidence::Evidence;
pub use report::{ReadinessReport, ReportOptions, build, build_with_directories, build_with_probe};
