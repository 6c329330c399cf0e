//! The set of addresses seen so far, for catching duplicates across a migration.
//!
//! Built for millions of rows, where waiting for memory sets the pace:
//! - each distinct address is written once, as written, into fixed-size chunks (no
//!   allocation per address, no copying when the set grows), behind its first place;
//! - the table is open addressing with linear probing over 8-byte slots (32 bits of
//!   hash and the record's position), at most half full: a new address costs one cache
//!   line of the table, which [`AddressSet::prefetch`] can ask for early; only a
//!   probable match reads the record itself.
//!
//! The hash is keyed with a seed drawn once per run from the system's secure random
//! source (the browser's `crypto.getRandomValues` in the page): with a fixed seed, a
//! file of addresses crafted to share their slots made every insert probe the whole
//! run of them (200,000 rows took 24 s instead of 0.08 s). Only the table's layout
//! depends on the seed; what [`AddressSet::insert`] returns, and so every finding and
//! its order, does not.
//!
//! `hashbrown` was used first; its separate control bytes and slots cost two cache
//! misses per new address and offer no way to prefetch, which mattered with a million
//! addresses. Memory grows with the number of distinct addresses only.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use foldhash::fast::FixedState;

/// Bytes per text chunk. Records are at most 9 + 255 bytes, far less than this.
const CHUNK: usize = 1 << 20;
/// Records start at multiples of this, so that a `u32` reaches 32 GB of records.
const ALIGN: usize = 8;
/// Bytes before a record's text: file (4), row (4), text length (1).
const HEAD: usize = 9;
/// Slots of a new table.
const FIRST_SLOTS: usize = 64;

/// Where an address was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the file, in the order files were checked.
    pub file: u32,
    /// Excel row.
    pub row: u32,
}

/// An address's hash, computed once for [`AddressSet::prefetch`] and
/// [`AddressSet::insert_hashed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressHash(u32);

impl AddressHash {
    /// The hash of `address`, without regard to ASCII case.
    pub fn of(address: &str) -> AddressHash {
        AddressHash(hash_lowercase(key(address)) as u32)
    }
}

/// Distinct addresses (of at most 255 bytes), compared without regard to ASCII case.
#[derive(Debug, Default)]
pub struct AddressSet {
    /// Empty slots are 0; a used one holds the hash in its high half and the record's
    /// position (in [`ALIGN`] units) plus one in its low half.
    slots: Vec<u64>,
    len: usize,
    chunks: Vec<Vec<u8>>,
}

impl AddressSet {
    /// Adds `address`; returns where it was first seen if it was already there.
    pub fn insert(&mut self, address: &str, place: Place) -> Option<Place> {
        self.insert_hashed(address, AddressHash::of(address), place)
    }

    /// Asks the processor for the table memory an insert with `hash` will read first.
    #[inline]
    pub fn prefetch(&self, hash: AddressHash) {
        if let Some(slot) = self.slots.get(self.home(hash)) {
            crate::prefetch::prefetch(slot);
        }
    }

    /// [`AddressSet::insert`] with the hash computed beforehand by [`AddressHash::of`].
    ///
    /// Addresses are at most 254 bytes once checked; a longer one is compared by its
    /// first 255 bytes (never reached: the syntax check refuses it first).
    pub fn insert_hashed(
        &mut self,
        address: &str,
        hash: AddressHash,
        place: Place,
    ) -> Option<Place> {
        let address = key(address);
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            let record = (slot as u32).wrapping_sub(1);
            if (slot >> 32) as u32 == hash.0
                && text(&self.chunks, record).eq_ignore_ascii_case(address)
            {
                return Some(first_place(&self.chunks, record));
            }
            i = (i + 1) & mask;
        }
        let record = self.store(address, place);
        self.slots[i] = u64::from(hash.0) << 32 | u64::from(record.wrapping_add(1));
        self.len += 1;
        None
    }

    /// How many distinct addresses there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no address was added.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first slot to probe for `hash`: the top bits of its spread, so that every
    /// bit of the hash counts whatever the table's size.
    #[inline]
    fn home(&self, hash: AddressHash) -> usize {
        let bits = self.slots.len().trailing_zeros();
        if bits == 0 {
            return 0;
        }
        (spread(hash.0) >> (64 - bits)) as usize
    }

    /// Doubles the table (or creates it), placing every slot anew.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(FIRST_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut i = self.home(AddressHash((slot >> 32) as u32));
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    /// Writes the record of a new address; returns its position in [`ALIGN`] units.
    fn store(&mut self, address: &[u8], place: Place) -> u32 {
        let size = (HEAD + address.len()).next_multiple_of(ALIGN);
        if self.chunks.last().is_none_or(|c| c.len() + size > CHUNK) {
            // The first chunk grows as needed, so small files stay small.
            let capacity = if self.chunks.is_empty() { 0 } else { CHUNK };
            self.chunks.push(Vec::with_capacity(capacity));
        }
        let index = self.chunks.len() - 1;
        let chunk = &mut self.chunks[index];
        let offset = chunk.len();
        // The record is written in place: the chunk grows once, zero-padded.
        chunk.resize(offset + size, 0);
        let record = &mut chunk[offset..];
        record[..4].copy_from_slice(&place.file.to_le_bytes());
        record[4..8].copy_from_slice(&place.row.to_le_bytes());
        record[8] = address.len() as u8;
        // As written: comparisons ignore case anyway.
        record[HEAD..HEAD + address.len()].copy_from_slice(address);
        // 32 GB of records is beyond any input this runs on (each record takes at most
        // twice the bytes of its row); past it, positions would wrap.
        ((index * CHUNK + offset) / ALIGN) as u32
    }
}

/// The bytes of `address` that are compared: at most 255.
fn key(address: &str) -> &[u8] {
    &address.as_bytes()[..address.len().min(255)]
}

/// A slot's 32 bits of hash, multiplied out so that the top bits depend on all of them.
#[inline]
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hasher's state for this run, seeded once from the secure random source.
#[inline]
fn state() -> &'static FixedState {
    static STATE: OnceLock<FixedState> = OnceLock::new();
    STATE.get_or_init(|| FixedState::with_seed(random_seed()))
}

/// 64 random bits from the system (the browser's `crypto.getRandomValues` on wasm).
/// Should the source fail, the address of a stack variable stands in: it varies with
/// address-space randomisation and is unknown to whoever writes the file.
fn random_seed() -> u64 {
    getrandom::u64().unwrap_or_else(|_| {
        let local = 0u8;
        (std::ptr::addr_of!(local) as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    })
}

/// The hash of the ASCII-lower-cased bytes, eight at a time (no copy is made).
fn hash_lowercase(bytes: &[u8]) -> u64 {
    let mut hasher = state().build_hasher();
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hasher.write_u64(lowercase_word(u64::from_le_bytes(to_array(word))));
    }
    // The last bytes, zero-padded, with the length in the top byte (free: at most
    // seven bytes remain). With eight bytes or more they are read as the last eight
    // bytes shifted: copying a few bytes and reading them as one word is much slower.
    let remainder = words.remainder();
    let last = match bytes.len().checked_sub(8) {
        Some(_) if remainder.is_empty() => 0,
        Some(from) => u64::from_le_bytes(to_array(&bytes[from..])) >> (64 - 8 * remainder.len()),
        None => {
            let mut last = [0u8; 8];
            last[..remainder.len()].copy_from_slice(remainder);
            u64::from_le_bytes(last)
        }
    };
    let last = lowercase_word(last);
    hasher.write_u64(last ^ (bytes.len() as u64) << 56);
    hasher.finish()
}

/// The eight bytes of `word` with ASCII capitals lower-cased, all at once: per byte,
/// without carries between bytes, the high bit of `from_a` is set for 'A' and above
/// and of `past_z` for above 'Z'; non-ASCII bytes are left alone.
#[inline]
fn lowercase_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = word & (ONES * 0x7f);
    let from_a = low7 + ONES * (0x80 - u64::from(b'A'));
    let past_z = low7 + ONES * (0x80 - u64::from(b'Z') - 1);
    let upper = from_a & !past_z & !word & (ONES * 0x80);
    word | (upper >> 2)
}

/// Eight bytes from a chunk of exactly eight.
#[inline]
fn to_array(word: &[u8]) -> [u8; 8] {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(word);
    eight
}

/// The bytes of the record at `record` (a slot's position), from its head on.
fn record_bytes(chunks: &[Vec<u8>], record: u32) -> &[u8] {
    let at = record as usize * ALIGN;
    chunks
        .get(at / CHUNK)
        .and_then(|c| c.get(at % CHUNK..))
        .unwrap_or_default()
}

/// The address of the record at `record`, as first written.
fn text(chunks: &[Vec<u8>], record: u32) -> &[u8] {
    let bytes = record_bytes(chunks, record);
    let len = bytes.get(HEAD - 1).map_or(0, |&l| usize::from(l));
    bytes.get(HEAD..HEAD + len).unwrap_or_default()
}

/// The place stored in the record at `record`.
fn first_place(chunks: &[Vec<u8>], record: u32) -> Place {
    let bytes = record_bytes(chunks, record);
    let word = |i: usize| {
        let mut four = [0u8; 4];
        four.copy_from_slice(bytes.get(i..i + 4).unwrap_or(&[0; 4]));
        u32::from_le_bytes(four)
    };
    Place {
        file: word(0),
        row: word(4),
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

    /// The same hash computed the plain way: lower-case a copy, then hash its words.
    fn reference(bytes: &[u8]) -> u64 {
        let lower = bytes.to_ascii_lowercase();
        let mut hasher = state().build_hasher();
        let mut words = lower.chunks_exact(8);
        for word in &mut words {
            hasher.write_u64(u64::from_le_bytes(word.try_into().unwrap()));
        }
        let mut last = words.remainder().to_vec();
        last.resize(7, 0);
        last.push(lower.len() as u8);
        hasher.write_u64(u64::from_le_bytes(last.try_into().unwrap()));
        hasher.finish()
    }

    #[test]
    fn the_hash_lower_cases_every_byte_like_to_ascii_lowercase() {
        let all: Vec<u8> = (0u8..=255).collect();
        for start in 0..16 {
            let all = &all[..all.len() - start];
            assert_eq!(
                hash_lowercase(&all[start..]),
                reference(&all[start..]),
                "from byte {start}"
            );
        }
        // Short texts too, with every remainder (read by copy below eight bytes, as
        // the last eight bytes shifted from eight on).
        for len in 0..24 {
            let text = &all[b'A' as usize..b'A' as usize + len];
            assert_eq!(hash_lowercase(text), reference(text), "{len} bytes");
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

    /// The address hash of earlier versions, with the fixed seed 0x5EED.
    fn fixed_seed_hash(bytes: &[u8]) -> u32 {
        let mut hasher = FixedState::with_seed(0x5EED).build_hasher();
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            hasher.write_u64(u64::from_le_bytes(to_array(word)));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        hasher.write_u64(u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56);
        hasher.finish() as u32
    }

    #[test]
    fn addresses_crafted_against_a_fixed_seed_do_not_pile_up() {
        // 2,000 addresses whose fixed-seed slots all lie in the first 1/256 of the
        // table: with that seed they form one run and each insert probes all of it.
        let mut set = AddressSet::default();
        let (mut n, mut crafted) = (0u32, Vec::new());
        while crafted.len() < 2_000 {
            n += 1;
            let address = format!("u{n}@contoso.com");
            if spread(fixed_seed_hash(address.as_bytes())) >> 56 == 0 {
                assert_eq!(set.insert(&address, Place { file: 0, row: n }), None);
                crafted.push((address, n));
            }
        }
        let mut longest = 0;
        let mut run = 0;
        for &slot in set.slots.iter().chain(&set.slots) {
            run = if slot == 0 { 0 } else { run + 1 };
            longest = longest.max(run);
        }
        assert!(longest < 200, "a run of {longest} used slots");
        for (address, row) in crafted {
            let again = set.insert(&address.to_uppercase(), Place { file: 1, row: 0 });
            assert_eq!(again, Some(Place { file: 0, row }));
        }
    }

    #[test]
    fn every_address_is_found_again_after_the_table_grew() {
        let mut set = AddressSet::default();
        let address = |i: u32| format!("user{i}@Contoso.com");
        for i in 0..20_000 {
            let hash = AddressHash::of(&address(i));
            set.prefetch(hash);
            assert_eq!(
                set.insert_hashed(&address(i), hash, Place { file: 0, row: i }),
                None
            );
        }
        assert_eq!(set.len(), 20_000);
        assert!(set.slots.len() >= 2 * set.len(), "at most half full");
        for i in 0..20_000 {
            let again = address(i).to_uppercase();
            assert_eq!(
                set.insert(&again, Place { file: 1, row: 0 }),
                Some(Place { file: 0, row: i })
            );
        }
        assert_eq!(set.len(), 20_000);
    }
}
