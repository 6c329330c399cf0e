//! The same password on several rows.
//!
//! Only a keyed hash of each password is kept (foldhash's quality hasher, seeded from
//! the platform's secure random numbers), never the password, and only per distinct
//! password: its hash and first row (16 bytes), and for the repeated ones the count and
//! the rows a finding lists. A bit table of the hashes seen (two bits of one 64-bit word
//! per hash, at most one bit in eight set: about 2% false alarms) tells a new password
//! at once; only hashes whose bits were set already go into a hash map, so a million
//! distinct passwords cost no large hash table, and a million rows of one password cost
//! one entry. Two different passwords with the same 64-bit hash would be reported as one:
//! with a million rows that happens with odds of about one in ten million.

use std::hash::BuildHasher;

use foldhash::quality::FixedState;
use rustc_hash::FxHashMap;

use crate::csv::header::PASSWORD;
use crate::csv::limit::PER_CODE;
use crate::finding::{Finding, Rule, Severity};

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

/// The rows of one password whose hash bit was set when it was seen.
#[derive(Debug)]
struct Group {
    /// Rows seen, in reading order.
    count: u32,
    /// The first [`LISTED`] of them.
    listed: Vec<Place>,
    /// Lowest and highest file index among all of them.
    files: (u32, u32),
}

impl Group {
    fn new(place: Place) -> Group {
        Group {
            count: 0,
            listed: Vec::new(),
            files: (place.0, place.0),
        }
    }

    /// Adds `place`, before (`first`) or after the places already there.
    fn add(&mut self, place: Place, first: bool) {
        self.count += 1;
        if first {
            self.listed.insert(0, place);
            self.listed.truncate(LISTED);
        } else if self.listed.len() < LISTED {
            self.listed.push(place);
        }
        self.files = (self.files.0.min(place.0), self.files.1.max(place.0));
    }

    fn several_files(&self) -> bool {
        self.files.0 != self.files.1
    }
}

/// The keyed hash [`SharedPasswords`] knows passwords by: one set of keys per migration,
/// copied to every thread that checks rows.
#[derive(Debug, Clone)]
pub struct PasswordHasher(FixedState);

impl PasswordHasher {
    /// The hash of `password`.
    pub fn hash(&self, password: &str) -> u64 {
        self.0.hash_one(password)
    }
}

/// Remembers which rows share a password, by hash.
#[derive(Debug)]
pub struct SharedPasswords {
    keys: PasswordHasher,
    /// Hash and place of each password whose bit was not yet set: the first row of a
    /// distinct password, in reading order.
    firsts: Vec<(u64, Place)>,
    /// Two bits per hash value in one word (see [`SharedPasswords::mark`]), set for
    /// every hash seen; grows so that at most one bit in eight is set.
    filter: Vec<u64>,
    /// Hashes whose bit was already set: the repeated passwords, and a few new ones
    /// whose bit another hash had set.
    repeated: FxHashMap<u64, Group>,
    files: Vec<Option<String>>,
}

impl Default for SharedPasswords {
    fn default() -> Self {
        SharedPasswords {
            // Without secure randomness the hashes are merely unkeyed; still never
            // written anywhere.
            keys: PasswordHasher(FixedState::with_seed(getrandom::u64().unwrap_or(0))),
            firsts: Vec::new(),
            filter: vec![0; 64],
            repeated: FxHashMap::default(),
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
        self.add_hashed(row, self.hash(password));
    }

    /// The keyed hash [`SharedPasswords::add_hashed`] takes.
    pub fn hash(&self, password: &str) -> u64 {
        self.keys.hash(password)
    }

    /// The hasher of [`SharedPasswords::hash`], for other threads to hash with.
    pub fn hasher(&self) -> PasswordHasher {
        self.keys.clone()
    }

    /// Asks the processor for the memory [`SharedPasswords::add_hashed`] will read.
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        if let Some(word) = self.filter.get(Self::word(&self.filter, hash)) {
            crate::prefetch::prefetch(word);
        }
    }

    /// [`SharedPasswords::add`] with the hash from [`SharedPasswords::hash`].
    pub fn add_hashed(&mut self, row: u32, hash: u64) {
        let place = (self.files.len().saturating_sub(1) as u32, row);
        if (self.firsts.len() + self.repeated.len()) * 16 >= self.filter.len() * 64 {
            self.filter = vec![0; self.filter.len() * 2];
            let hashes = self.firsts.iter().map(|f| &f.0).chain(self.repeated.keys());
            for &old in hashes {
                Self::mark(&mut self.filter, old);
            }
        }
        if Self::mark(&mut self.filter, hash) {
            self.repeated
                .entry(hash)
                .or_insert_with(|| Group::new(place))
                .add(place, false);
        } else {
            self.firsts.push((hash, place));
        }
    }

    /// The word of `hash` in `filter`, whose length is a power of two (it starts at 64
    /// words and doubles), so the word is given by the hash's low bits.
    #[inline]
    fn word(filter: &[u64], hash: u64) -> usize {
        (hash as usize) & (filter.len() - 1)
    }

    /// The two bits of `hash` within its word, from its high bits.
    fn bits(hash: u64) -> u64 {
        (1 << (hash >> 58)) | (1 << ((hash >> 52) & 63))
    }

    /// Sets the bits of `hash`, returning whether both were set already.
    fn mark(filter: &mut [u64], hash: u64) -> bool {
        let bits = Self::bits(hash);
        let word = &mut filter[Self::word(filter, hash)];
        let was = *word & bits == bits;
        *word |= bits;
        was
    }

    /// One finding per password used on several rows, at its first row, in the order
    /// of those first rows.
    pub fn findings(&mut self) -> Vec<Finding> {
        // A repeated hash's first row is in `firsts`, unless its bit was set by another
        // hash before it was first seen (then its group holds it already). Taken out,
        // so that a second call finds the groups complete.
        // Most first rows are of passwords used once: a small bit table of the repeated
        // hashes spares them the look-up in the map.
        let mut wanted = vec![0u64; (self.repeated.len() / 4 + 1).next_power_of_two()];
        for &hash in self.repeated.keys() {
            Self::mark(&mut wanted, hash);
        }
        for (hash, place) in std::mem::take(&mut self.firsts) {
            let bits = Self::bits(hash);
            if wanted[Self::word(&wanted, hash)] & bits != bits {
                continue;
            }
            if let Some(group) = self.repeated.get_mut(&hash) {
                group.add(place, true);
            }
        }
        let mut groups: Vec<&Group> = self.repeated.values().filter(|g| g.count > 1).collect();
        groups.sort_unstable_by_key(|g| g.listed[0]);
        let listed = groups.len().min(PER_CODE as usize);
        let mut findings: Vec<Finding> = groups[..listed]
            .iter()
            .map(|group| {
                let (file, row) = group.listed[0];
                let mut finding = SHARED
                    .finding(format!(
                        "The same password is used on {} rows: {}.",
                        group.count,
                        self.describe(group)
                    ))
                    .at_row(row)
                    .in_column(PASSWORD);
                finding.file = self.name(file).map(str::to_string);
                finding
            })
            .collect();
        // As for other codes (crate::csv::limit), a huge file lists the first groups only.
        let more = &groups[listed..];
        if !more.is_empty() {
            let rows: u64 = more.iter().map(|g| u64::from(g.count)).sum();
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
    fn describe(&self, group: &Group) -> String {
        let mut parts: Vec<String> = Vec::new();
        for chunk in group.listed.chunk_by(|a, b| a.0 == b.0) {
            let rows: Vec<String> = chunk.iter().map(|p| p.1.to_string()).collect();
            let mut part = format!(
                "{} {}",
                if rows.len() == 1 { "row" } else { "rows" },
                join_and(&rows)
            );
            if let (true, Some(name)) = (group.several_files(), self.name(chunk[0].0)) {
                part.push_str(&format!(" of {name}"));
            }
            parts.push(part);
        }
        if group.count as usize > LISTED {
            parts.push(format!("and {} more", group.count as usize - LISTED));
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
    fn same_as_grouping_every_row_with_many_passwords() {
        // Enough distinct passwords that many bits are set by other hashes first.
        let mut shared = SharedPasswords::default();
        let mut reference: Vec<(String, Vec<u32>)> = Vec::new();
        shared.start_file(None);
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for row in 2..1200u32 {
            crate::testing::xorshift(&mut state);
            // Most passwords new, some repeated many times.
            let password = if state % 4 == 0 {
                format!("common{}", state % 7)
            } else {
                format!("p{}", state % 800)
            };
            shared.add(row, &password);
            match reference.iter_mut().find(|(p, _)| *p == password) {
                Some((_, rows)) => rows.push(row),
                None => reference.push((password, vec![row])),
            }
        }
        let expected: Vec<(Option<u32>, String)> = reference
            .iter()
            .filter(|(_, rows)| rows.len() > 1)
            .map(|(_, rows)| {
                let listed: Vec<String> = rows.iter().take(LISTED).map(u32::to_string).collect();
                let more = match rows.len().checked_sub(LISTED) {
                    Some(more) if more > 0 => format!(", and {more} more"),
                    _ => String::new(),
                };
                let message = format!(
                    "The same password is used on {} rows: rows {}{more}.",
                    rows.len(),
                    join_and(&listed)
                );
                (Some(rows[0]), message)
            })
            .collect();
        assert!(expected.len() > 100 && expected.len() < PER_CODE as usize);
        let findings = shared.findings();
        let got: Vec<(Option<u32>, String)> = findings
            .iter()
            .map(|f| (f.row, f.message.clone()))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(shared.findings(), findings, "a second call says the same");
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
