//! The set of addresses seen so far, for catching duplicates across a migration.
//!
//! Built for millions of rows: addresses are lower-cased into one growing text (no
//! allocation per address) and the table holds small fixed-size entries that point into
//! it. Memory grows with the number of distinct addresses only.

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

/// Where an address was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the file, in the order files were checked.
    pub file: u32,
    /// Excel row.
    pub row: u32,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    start: u32,
    len: u32,
    place: Place,
}

/// Distinct addresses, compared without regard to ASCII case.
#[derive(Debug, Default)]
pub struct AddressSet {
    table: HashTable<Entry>,
    text: String,
}

impl AddressSet {
    /// Adds `address`; returns where it was first seen if it was already there.
    pub fn insert(&mut self, address: &str, place: Place) -> Option<Place> {
        // Lower-case the address at the end of the text; keep it there only if it is new.
        let start = self.text.len();
        self.text.push_str(address);
        self.text[start..].make_ascii_lowercase();
        let key = &self.text[start..];
        let mut hasher = FxHasher::default();
        hasher.write(key.as_bytes());
        let hash = hasher.finish();
        let text = &self.text;
        let found = self.table.find(hash, |e| {
            e.hash == hash && &text[e.start as usize..(e.start + e.len) as usize] == key
        });
        if let Some(entry) = found {
            let first = entry.place;
            self.text.truncate(start);
            return Some(first);
        }
        let entry = Entry {
            hash,
            start: start as u32,
            len: (self.text.len() - start) as u32,
            place,
        };
        self.table.insert_unique(hash, entry, |e| e.hash);
        None
    }

    /// How many distinct addresses there are.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no address was added.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_ignoring_case_and_keeps_the_first_place() {
        let mut set = AddressSet::default();
        let first = Place { file: 0, row: 2 };
        assert_eq!(set.insert("Pilar.P@Contoso.com", first), None);
        assert_eq!(
            set.insert("toby@contoso.com", Place { file: 0, row: 3 }),
            None
        );
        assert_eq!(
            set.insert("pilar.p@contoso.COM", Place { file: 1, row: 9 }),
            Some(first)
        );
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn many_addresses_stay_distinct() {
        let mut set = AddressSet::default();
        for i in 0..10_000u32 {
            assert_eq!(
                set.insert(&format!("user{i}@contoso.com"), Place { file: 0, row: i }),
                None
            );
        }
        assert_eq!(
            set.insert("USER7777@contoso.com", Place { file: 0, row: 0 }),
            Some(Place { file: 0, row: 7777 })
        );
        assert_eq!(set.len(), 10_000);
    }
}
