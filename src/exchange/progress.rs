//! The two views of the watch: one progress bar per batch on standard error (a person at
//! a terminal), or one line per change (a log, a scheduled job).

use std::io::Write;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::model::Batch;
use super::watch::View;
use crate::render::count::{count, thousands};
use crate::render::terminal::escape;

/// A batch's state in words: `Syncing: 3 of 2,000 mailboxes synced, 1 failed`.
pub fn summary(batch: &Batch) -> String {
    let mut text = format!(
        "{}: {} of {} synced",
        escape(&batch.status),
        thousands(batch.synced),
        count(batch.total, "mailbox", "mailboxes")
    );
    if batch.failed > 0 {
        text.push_str(&format!(", {} failed", thousands(batch.failed)));
    }
    text
}

/// One line per change.
pub struct Lines<W: Write> {
    out: W,
}

impl<W: Write> Lines<W> {
    /// Lines written to `out`.
    pub fn new(out: W) -> Self {
        Lines { out }
    }
}

impl<W: Write> View for Lines<W> {
    fn show(&mut self, batch: &Batch) {
        let _ = writeln!(
            self.out,
            "batch {}: {}",
            escape(&batch.name),
            summary(batch)
        );
    }

    fn finish(&mut self) {
        let _ = self.out.flush();
    }
}

/// One bar per batch on standard error.
pub struct Bars {
    multi: MultiProgress,
    bars: Vec<(String, ProgressBar)>,
}

impl Bars {
    /// Bars drawn on standard error.
    pub fn new() -> Self {
        Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: Vec::new(),
        }
    }
}

impl Default for Bars {
    fn default() -> Self {
        Bars::new()
    }
}

impl View for Bars {
    fn show(&mut self, batch: &Batch) {
        let position = self.bars.iter().position(|(n, _)| *n == batch.name);
        let bar = match position {
            Some(i) => &self.bars[i].1,
            None => {
                let bar = self.multi.add(ProgressBar::new(batch.total.max(1)));
                if let Ok(style) =
                    ProgressStyle::with_template("{prefix:24} [{bar:30}] {pos}/{len} {msg}")
                {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_prefix(escape(&batch.name));
                self.bars.push((batch.name.clone(), bar));
                &self.bars[self.bars.len() - 1].1
            }
        };
        bar.set_length(batch.total.max(1));
        bar.set_position(batch.synced + batch.failed);
        let mut message = escape(&batch.status);
        if batch.failed > 0 {
            message.push_str(&format!(", {} failed", thousands(batch.failed)));
        }
        bar.set_message(message);
        if batch.settled() {
            bar.finish();
        }
    }

    fn finish(&mut self) {
        for (_, bar) in &self.bars {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_change_counts_in_words() {
        let mut out = Vec::new();
        let mut lines = Lines::new(&mut out);
        lines.show(&Batch {
            name: "wave1".into(),
            status: "SyncedWithErrors".into(),
            total: 2_000,
            synced: 1_999,
            failed: 1,
            last_synced: None,
            message: None,
        });
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "batch wave1: SyncedWithErrors: 1,999 of 2,000 mailboxes synced, 1 failed\n"
        );
    }
}
