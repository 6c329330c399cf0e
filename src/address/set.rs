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
}

impl AddressSet {
    /// Adds `address`; returns where it was first seen if it was already there.
    pub fn insert(&mut self, address: &str, place: Place) -> Option<Place> {
        let hash = hash_lowercase(address.as_bytes());
        let chunks = &self.chunks;
        let entry = self.table.entry(
            hash,
            |s| s.hash == hash && text(chunks, s).eq_ignore_ascii_case(address),
            |s| s.hash,
        );
        match entry {
            Entry::Occupied(found) => Some(found.get().place),
            Entry::Vacant(vacant) => {
                if self
                    .chunks
                    .last()
                    .is_none_or(|c| c.len() + address.len() > CHUNK)
                {
                    // The first chunk grows as needed, so small files stay small.
                    let capacity = if self.chunks.is_empty() { 0 } else { CHUNK };
                    self.chunks.push(String::with_capacity(capacity));
                }
                let index = self.chunks.len() - 1;
                let chunk = &mut self.chunks[index];
                let offset = chunk.len();
                chunk.push_str(address);
                chunk[offset..].make_ascii_lowercase();
                let start = (index * CHUNK + offset) as u32;
                vacant.insert(Slot {
                    hash,
                    start,
                    len: address.len() as u32,
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

/// The hash of the ASCII-lower-cased bytes, eight at a time (no copy is made).
fn hash_lowercase(bytes: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut hasher = FxHasher::default();
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        // Per byte, without carries between bytes: the high bit of `from_a` is set for
        // 'A' and above, of `past_z` for above 'Z'; non-ASCII bytes are left alone.
        let low7 = word & (ONES * 0x7f);
        let from_a = low7 + ONES * (0x80 - u64::from(b'A'));
        let past_z = low7 + ONES * (0x80 - u64::from(b'Z') - 1);
        let upper = from_a & !past_z & !word & (ONES * 0x80);
        hasher.write_u64(word | (upper >> 2));
    }
    for &b in words.remainder() {
        hasher.write_u8(b.to_ascii_lowercase());
    }
    hasher.write_usize(bytes.len());
    hasher.finish()
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

    /// The same hash computed the plain way: lower-case a copy, then hash its words.
    fn reference(bytes: &[u8]) -> u64 {
        let lower = bytes.to_ascii_lowercase();
        let mut hasher = FxHasher::default();
        let mut words = lower.chunks_exact(8);
        for word in &mut words {
            hasher.write_u64(u64::from_le_bytes(word.try_into().unwrap()));
        }
        for &b in words.remainder() {
            hasher.write_u8(b);
        }
        hasher.write_usize(lower.len());
        hasher.finish()
    }

    #[test]
    fn the_hash_lower_cases_every_byte_like_to_ascii_lowercase() {
        let all: Vec<u8> = (0u8..=255).collect();
        for start in 0..16 {
            assert_eq!(
                hash_lowercase(&all[start..]),
                reference(&all[start..]),
                "from byte {start}"
            );
        }
        assert_eq!(
            hash_lowercase(b"PilarP@Contoso.COM"),
            hash_lowercase(b"pilarp@contoso.com")
        );
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
