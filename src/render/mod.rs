//! Renderers: one module per output format, each turning a report into text.
//!
//! Renderers never see passwords: findings do not hold them.

pub mod count;
pub mod json;
pub mod readiness;
pub mod terminal;
pub mod text;
