//! The set of addresses seen so far, for catching duplicates across a migration.
//!
//! Built for millions of rows: addresses are lower-cased into fixed-size text chunks (no
//! allocation per address, and no copying when the set grows) and the table holds small
//! entries that point into them. Memory grows with the number of distinct addresses only.

use std::hash::Hasher;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHasher;

/// Bytes per text chunk. Addresses are at most 254 bytes, far less than this.
const CHUNK: usize = 1 << 20;

/// Where an address was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the file, in the order files were checked.
    pub file: u32,
    /// Excel row.
    pub row: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    /// Chunk index times [`CHUNK`] plus the offset in the chunk.
    start: u32,
    len: u32,
    place: Place,
}

/// Distinct addresses, compared without regard to ASCII case.
#[derive(Debug, Default)]
pub struct AddressSet {
    table: HashTable<Slot>,
    chunks: Vec<String>,
    key: String,
}

impl AddressSet {
    /// Adds `address`; returns where it was first seen if it was already there.
    pub fn insert(&mut self, address: &str, place: Place) -> Option<Place> {
        self.key.clear();
        self.key.push_str(address);
        self.key.make_ascii_lowercase();
        let mut hasher = FxHasher::default();
        hasher.write(self.key.as_bytes());
        let hash = hasher.finish();
        let (chunks, key) = (&self.chunks, self.key.as_str());
        let entry = self.table.entry(
            hash,
            |s| s.hash == hash && text(chunks, s) == key,
            |s| s.hash,
        );
        match entry {
            Entry::Occupied(found) => Some(found.get().place),
            Entry::Vacant(vacant) => {
                if self
                    .chunks
                    .last()
                    .is_none_or(|c| c.len() + key.len() > CHUNK)
                {
                    self.chunks
                        .push(String::with_capacity(CHUNK.max(key.len())));
                }
                let index = self.chunks.len() - 1;
                let chunk = &mut self.chunks[index];
                let start = (index * CHUNK + chunk.len()) as u32;
                chunk.push_str(key);
                vacant.insert(Slot {
                    hash,
                    start,
                    len: key.len() as u32,
                    place,
                });
                None
            }
        }
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

/// The lower-cased address a slot points to.
fn text<'a>(chunks: &'a [String], slot: &Slot) -> &'a str {
    let (index, offset) = (slot.start as usize / CHUNK, slot.start as usize % CHUNK);
    chunks
        .get(index)
        .and_then(|c| c.get(offset..offset + slot.len as usize))
        .unwrap_or("")
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
    fn many_addresses_across_chunks_stay_distinct() {
        let mut set = AddressSet::default();
        let long = "x".repeat(200);
        let count = 3 * CHUNK as u32 / 210;
        for i in 0..count {
            assert_eq!(
                set.insert(&format!("{long}{i}@contoso.com"), Place { file: 0, row: i }),
                None
            );
        }
        assert!(set.chunks.len() >= 3);
        let probe = format!("{}{}@CONTOSO.com", long.to_uppercase(), count - 1);
        assert_eq!(
            set.insert(&probe, Place { file: 0, row: 0 }),
            Some(Place {
                file: 0,
                row: count - 1
            })
        );
        assert_eq!(set.len(), count as usize);
    }
}
