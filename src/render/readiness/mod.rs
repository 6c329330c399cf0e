//! Renderers of the readiness report: JSON, Markdown, plain text and HTML.
//!
//! None of them sees a password: the report holds findings, which never do.

pub mod directory;
pub mod html;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod svg;
pub mod text;
pub mod view;

use crate::readiness::ReadinessReport;

/// An output format of the readiness report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A self-contained HTML page that prints well.
    Html,
    /// Markdown (CommonMark with GitHub tables).
    Markdown,
    /// Versioned JSON.
    Json,
    /// Plain text for the terminal.
    Text,
}

impl Format {
    /// Reads a format name: `html`, `md`/`markdown`, `json`, `text`/`txt`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "html" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "text" | "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Renders the report in the given format.
pub fn render(report: &ReadinessReport, format: Format) -> String {
    match format {
        Format::Html => html::render(report),
        Format::Markdown => markdown::render(report),
        Format::Json => json::render(report),
        Format::Text => text::render(report),
    }
}
