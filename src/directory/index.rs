//! Addresses found by their text, without an allocation per address: every key is
//! written once, lowercased, into one text arena, and a hash map from the key's hash
//! leads to it (keys with the same hash are chained and compared in full).
//!
//! A 50,000-mailbox export holds some 250,000 addresses; one `String` each made
//! allocation and freeing the largest cost of the check.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// No next entry.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Entry<V> {
    start: u32,
    len: u32,
    next: u32,
    value: V,
}

/// Address keys (lowercase) with a value each. Entries are numbered in the order
/// they were added.
#[derive(Debug)]
pub struct Index<V> {
    text: String,
    entries: Vec<Entry<V>>,
    heads: FxHashMap<u64, u32>,
}

impl<V> Default for Index<V> {
    fn default() -> Self {
        Index {
            text: String::new(),
            entries: Vec::new(),
            heads: FxHashMap::default(),
        }
    }
}

/// Appends `address` without surrounding spaces, lowercased, to `out`.
pub fn push_key(out: &mut String, address: &str) {
    let address = address.trim();
    if address.is_ascii() {
        out.extend(address.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(address.chars().flat_map(char::to_lowercase));
    }
}

impl<V: Copy> Index<V> {
    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key of entry `id`.
    pub fn key(&self, id: u32) -> &str {
        let e = &self.entries[id as usize];
        &self.text[e.start as usize..(e.start + e.len) as usize]
    }

    /// The entry of an already lowercased key: its id and value.
    pub fn get(&self, key: &str) -> Option<(u32, V)> {
        let mut id = *self.heads.get(&FxBuildHasher.hash_one(key))?;
        while id != NONE {
            let e = &self.entries[id as usize];
            if self.key(id) == key {
                return Some((id, e.value));
            }
            id = e.next;
        }
        None
    }

    /// Adds `address` (any case, spaces around it ignored) with `value`: `Ok(id)`, or
    /// `Err((id, value))` of the entry that already has it (the new value is dropped).
    pub fn insert(&mut self, address: &str, value: V) -> Result<u32, (u32, V)> {
        let start = self.text.len();
        push_key(&mut self.text, address);
        let key = &self.text[start..];
        let hash = FxBuildHasher.hash_one(key);
        let head = self.heads.get(&hash).copied();
        let mut id = head.unwrap_or(NONE);
        while id != NONE {
            let e = self.entries[id as usize];
            if self.key(id) == &self.text[start..] {
                self.text.truncate(start);
                return Err((id, e.value));
            }
            id = e.next;
        }
        let id = self.entries.len() as u32;
        self.entries.push(Entry {
            start: start as u32,
            len: (self.text.len() - start) as u32,
            next: head.unwrap_or(NONE),
            value,
        });
        self.heads.insert(hash, id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_any_case_once() {
        let mut index = Index::default();
        assert_eq!(index.insert(" Pilar@Contoso.com ", 1), Ok(0));
        assert_eq!(index.insert("pilar@contoso.COM", 2), Err((0, 1)));
        assert_eq!(index.insert("ÉLODIE@contoso.com", 3), Ok(1));
        assert_eq!(index.get("pilar@contoso.com"), Some((0, 1)));
        assert_eq!(index.get("élodie@contoso.com"), Some((1, 3)));
        assert_eq!(
            index.get("Pilar@contoso.com"),
            None,
            "keys are looked up lowercased"
        );
        assert_eq!(index.key(1), "élodie@contoso.com");
        assert_eq!(index.len(), 2);
    }
}
