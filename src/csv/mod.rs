//! Reading the migration CSV: bytes to text (`decode`), the delimiter and quoting
//! (`dialect`), rows and cells (`table`), the header's names (`header`), the per-code
//! limit on listed findings (`limit`); and writing it back: the corrected CSV (`fix`)
//! and the batch files (`split`).
//!
//! The modules are also re-exported at the crate root (`migration_preflight::decode`…),
//! the paths the CLI, the tests and the npm adapter use.

pub mod decode;
pub mod dialect;
pub mod fix;
pub mod header;
pub mod limit;
pub mod split;
pub mod table;
