//! Counting migration batches, the one way the check summary, the readiness report
//! (ENV024), the runbook and the split count them.
//!
//! Each CSV file is uploaded as one batch; files are never merged into one batch. A
//! file over 2,000 mailbox rows cannot be uploaded as it is: it needs
//! ceil(rows / 2,000) batches once split. A file without mailbox rows needs none (it is
//! an error of its own, CSV010).

use crate::check::MAX_ROWS;
use crate::render::count::count;

/// At most this many migration batches can exist at once in a tenant [doc].
pub const MAX_BATCHES: u32 = 100;

/// The batches needed for files of these many mailbox rows: the sum over the files of
/// ceil(rows / 2,000). Four files of 10 rows need 4; one file of 4,500 rows needs 3.
pub fn batches_needed(rows_per_file: &[u32]) -> u32 {
    batches_of(rows_per_file, MAX_ROWS)
}

/// The batches for files of these many rows at `size` rows per batch (at least 1).
pub fn batches_of(rows_per_file: &[u32], size: u32) -> u32 {
    let size = size.max(1);
    rows_per_file
        .iter()
        .map(|rows| rows.div_ceil(size))
        .fold(0, u32::saturating_add)
}

/// The count as a summary says it: `4 batches needed`, and past 100 also that only 100
/// can exist at once: `120 batches needed; only 100 batches can exist at once: create,
/// start and remove them in waves`.
pub fn batches_text(batches: u32) -> String {
    let needed = format!("{} needed", count(batches.into(), "batch", "batches"));
    if batches > MAX_BATCHES {
        format!(
            "{needed}; only {} can exist at once: create, start and remove them in waves",
            count(MAX_BATCHES.into(), "batch", "batches")
        )
    } else {
        needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_at_least_one_batch_and_large_ones_several() {
        assert_eq!(batches_needed(&[10, 20, 30, 40]), 4);
        assert_eq!(batches_needed(&[4_500]), 3);
        assert_eq!(batches_needed(&[2_000, 2_001, 1, 0]), 4);
        assert_eq!(batches_needed(&[]), 0);
        assert_eq!(
            batches_needed(&[u32::MAX, u32::MAX]),
            2 * u32::MAX.div_ceil(2000)
        );
        assert_eq!(batches_of(&[4_500], 1_000), 5);
        assert_eq!(batches_of(&[5], 0), 5, "a size of 0 counts as 1");
    }

    #[test]
    fn past_100_the_text_says_only_100_can_exist() {
        assert_eq!(batches_text(1), "1 batch needed");
        assert_eq!(batches_text(100), "100 batches needed");
        assert_eq!(
            batches_text(1_200),
            "1,200 batches needed; only 100 batches can exist at once: create, start and remove them in waves"
        );
    }
}
