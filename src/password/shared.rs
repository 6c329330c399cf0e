//! The same password on several rows.
//!
//! Only a keyed hash of each password is kept (foldhash's quality hasher, seeded from
//! the platform's secure random numbers), never the password: 16 bytes per row. A bit
//! table of the hashes seen notices a hash that may have come before; only those few
//! are grouped at the end, so a million distinct passwords cost no sorting and no large
//! hash table. Two different passwords with the same 64-bit hash would be reported as
//! one: with a million rows that happens with odds of about one in ten million.

use std::hash::BuildHasher;

use foldhash::quality::FixedState;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::finding::{Finding, Rule, Severity};
use crate::header::PASSWORD;
use crate::limit::PER_CODE;

/// PWD006: one password on several rows.
pub static SHARED: Rule = Rule {
    code: "PWD006",
    severity: Severity::Warning,
    title: "The same password is used on several rows",
    help: "Everyone who knows one of these users' first password can sign in as the others until they change it. Give each mailbox its own password (the corrected CSV can generate them), and set ForceChangePassword to True unless AD FS single sign-on is used.",
};

/// Rows listed in a finding before the rest are only counted.
const LISTED: usize = 20;

/// Where a password was seen: file index and Excel row.
type Place = (u32, u32);

/// Remembers which rows share a password, by hash.
#[derive(Debug)]
pub struct SharedPasswords {
    keys: FixedState,
    /// Every password's hash and place, in reading order.
    seen: Vec<(u64, Place)>,
    /// One bit per hash value (modulo its length), set for every hash seen; grows so
    /// that at most one bit in eight is set.
    filter: Vec<u64>,
    /// Hashes whose bit was already set: the repeated ones, and a few collisions.
    repeated: Vec<u64>,
    files: Vec<Option<String>>,
}

impl Default for SharedPasswords {
    fn default() -> Self {
        SharedPasswords {
            // Without secure randomness the hashes are merely unkeyed; still never
            // written anywhere.
            keys: FixedState::with_seed(getrandom::u64().unwrap_or(0)),
            seen: Vec::new(),
            filter: vec![0; 64],
            repeated: Vec::new(),
            files: Vec::new(),
        }
    }
}

impl SharedPasswords {
    /// Rows seen from now on belong to the file `name`.
    pub fn start_file(&mut self, name: Option<&str>) {
        self.files.push(name.map(str::to_string));
    }

    /// Notes `password` (not empty) at `row` of the current file.
    pub fn add(&mut self, row: u32, password: &str) {
        let file = self.files.len().saturating_sub(1) as u32;
        let hash = self.keys.hash_one(password);
        if self.seen.len() * 8 >= self.filter.len() * 64 {
            self.filter = vec![0; self.filter.len() * 2];
            for &(old, _) in &self.seen {
                Self::mark(&mut self.filter, old);
            }
        }
        if Self::mark(&mut self.filter, hash) {
            self.repeated.push(hash);
        }
        self.seen.push((hash, (file, row)));
    }

    /// Sets the bit of `hash`, returning whether it was set already.
    fn mark(filter: &mut [u64], hash: u64) -> bool {
        let bit = (hash as usize) % (filter.len() * 64);
        let word = &mut filter[bit / 64];
        let was = *word & (1 << (bit % 64)) != 0;
        *word |= 1 << (bit % 64);
        was
    }

    /// One finding per password used on several rows, at its first row, in the order
    /// of those first rows.
    pub fn findings(&mut self) -> Vec<Finding> {
        let candidates: FxHashSet<u64> = self.repeated.iter().copied().collect();
        let mut places: FxHashMap<u64, Vec<Place>> = FxHashMap::default();
        // Hashes in the order of their first row, so the findings come in row order.
        let mut order = Vec::new();
        for (hash, place) in &self.seen {
            if candidates.contains(hash) {
                let group = places.entry(*hash).or_insert_with(|| {
                    order.push(*hash);
                    Vec::new()
                });
                group.push(*place);
            }
        }
        let groups: Vec<&Vec<Place>> = order
            .iter()
            .filter_map(|hash| places.get(hash).filter(|p| p.len() > 1))
            .collect();
        let listed = groups.len().min(PER_CODE as usize);
        let mut findings: Vec<Finding> = groups[..listed]
            .iter()
            .map(|places| {
                let (file, row) = places[0];
                let mut finding = SHARED
                    .finding(format!(
                        "The same password is used on {} rows: {}.",
                        places.len(),
                        self.describe(places)
                    ))
                    .at_row(row)
                    .in_column(PASSWORD);
                finding.file = self.name(file).map(str::to_string);
                finding
            })
            .collect();
        // As for other codes (crate::limit), a huge file lists the first groups only.
        let more = &groups[listed..];
        if !more.is_empty() {
            let rows: usize = more.iter().map(|p| p.len()).sum();
            findings.push(
                SHARED
                    .finding(format!(
                        "{} more passwords are each used on several rows ({rows} rows in all); only the first {PER_CODE} are listed.",
                        more.len()
                    ))
                    .in_column(PASSWORD),
            );
        }
        findings
    }

    fn name(&self, file: u32) -> Option<&str> {
        self.files.get(file as usize).and_then(|n| n.as_deref())
    }

    /// "rows 2, 3 and 4", or with several files "rows 2 and 3 of a.csv, row 5 of b.csv".
    fn describe(&self, places: &[Place]) -> String {
        let mut parts: Vec<String> = Vec::new();
        let listed = &places[..places.len().min(LISTED)];
        let several_files = places.iter().any(|p| p.0 != places[0].0);
        for chunk in listed.chunk_by(|a, b| a.0 == b.0) {
            let rows: Vec<String> = chunk.iter().map(|p| p.1.to_string()).collect();
            let mut part = format!(
                "{} {}",
                if rows.len() == 1 { "row" } else { "rows" },
                join_and(&rows)
            );
            if let (true, Some(name)) = (several_files, self.name(chunk[0].0)) {
                part.push_str(&format!(" of {name}"));
            }
            parts.push(part);
        }
        if places.len() > LISTED {
            parts.push(format!("and {} more", places.len() - LISTED));
        }
        parts.join(", ")
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_per_shared_password() {
        let mut shared = SharedPasswords::default();
        shared.start_file(None);
        for (row, password) in [
            (2, "a"),
            (3, "b"),
            (4, "a"),
            (5, "c"),
            (6, "a"),
            (7, "b"),
            (8, "B"),
        ] {
            shared.add(row, password);
        }
        let findings = shared.findings();
        let messages: Vec<(Option<u32>, &str)> = findings
            .iter()
            .map(|f| (f.row, f.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    Some(2),
                    "The same password is used on 3 rows: rows 2, 4 and 6."
                ),
                (
                    Some(3),
                    "The same password is used on 2 rows: rows 3 and 7."
                ),
            ]
        );
        assert!(
            findings
                .iter()
                .all(|f| f.code == "PWD006" && f.file.is_none())
        );
    }

    #[test]
    fn lists_at_most_the_per_code_limit() {
        let mut shared = SharedPasswords::default();
        shared.start_file(None);
        for i in 0..(PER_CODE + 3) {
            let password = format!("pw{i}");
            shared.add(2 + 2 * i, &password);
            shared.add(3 + 2 * i, &password);
        }
        let findings = shared.findings();
        assert_eq!(findings.len(), PER_CODE as usize + 1);
        let last = findings.last().unwrap();
        assert_eq!(last.row, None);
        assert_eq!(
            last.message,
            format!(
                "3 more passwords are each used on several rows (6 rows in all); only the first {PER_CODE} are listed."
            )
        );
    }

    #[test]
    fn names_files_and_caps_the_list() {
        let mut shared = SharedPasswords::default();
        shared.start_file(Some("a.csv"));
        shared.add(2, "x");
        shared.add(3, "x");
        shared.start_file(Some("b.csv"));
        shared.add(2, "x");
        for row in 3..30 {
            shared.add(row, "x");
        }
        let finding = &shared.findings()[0];
        assert_eq!(finding.file.as_deref(), Some("a.csv"));
        assert!(
            finding.message.starts_with(
                "The same password is used on 30 rows: rows 2 and 3 of a.csv, rows 2, 3,"
            ),
            "{}",
            finding.message
        );
        assert!(
            finding.message.ends_with(", and 10 more."),
            "{}",
            finding.message
        );
    }
}
