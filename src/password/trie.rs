//! A trie of the banned-term patterns, walked one character at a time from a start
//! position (see [`super::fuzzy`]).
//!
//! It replaced `aho-corasick`'s contiguous NFA, of which the walks used only the trie
//! (they are anchored, so failure transitions never applied): building that automaton
//! for the embedded list took about 110 ms in the page on its first check, before
//! WebAssembly's optimising compiler had run, and held the example's result back.
//! This one is built in one pass over the sorted patterns, breadth first, so the
//! children of a node sit side by side. The root's children are a table of 256 (every
//! walk starts there); other nodes have few children, found by a short scan.

/// A node of the trie: a state of a walk.
pub type State = u32;

/// The state after a character no pattern continues with.
pub const DEAD: State = u32::MAX;

/// Marks a node where no pattern ends.
const NO_PATTERN: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The node's children are edges `first..first + count`.
    first: u32,
    count: u32,
    /// Index of the pattern ending here, or [`NO_PATTERN`].
    pattern: u32,
}

/// A trie of byte strings.
#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<Node>,
    /// The byte of each edge, and the node it leads to.
    edge_bytes: Vec<u8>,
    edge_targets: Vec<State>,
    /// The root's children by byte ([`DEAD`] where there is none).
    root: Box<[State; 256]>,
}

impl Trie {
    /// The state a walk starts in.
    pub const START: State = 0;

    /// The trie of `patterns`, which must be sorted and distinct; a pattern's index in
    /// that list is what [`Trie::pattern`] returns.
    pub fn new(patterns: &[&[u8]]) -> Trie {
        let mut trie = Trie {
            nodes: vec![Node {
                first: 0,
                count: 0,
                pattern: NO_PATTERN,
            }],
            edge_bytes: Vec::new(),
            edge_targets: Vec::new(),
            root: Box::new([DEAD; 256]),
        };
        // The patterns below each node: a run of the sorted list sharing its prefix of
        // `depth` bytes. Nodes are numbered in the order they are reached (breadth
        // first), so `spans[i]` belongs to node `i`.
        // At most one node per pattern byte: room for all of them at once.
        let room = patterns.iter().map(|p| p.len()).sum::<usize>() + 1;
        trie.nodes.reserve(room);
        trie.edge_bytes.reserve(room);
        trie.edge_targets.reserve(room);
        let mut spans = Vec::with_capacity(room);
        spans.push((0usize, patterns.len(), 0usize));
        let mut node = 0;
        while node < spans.len() {
            let (mut lo, hi, depth) = spans[node];
            // Sorted: a pattern that is the prefix itself comes first.
            if lo < hi && patterns[lo].len() == depth {
                trie.nodes[node].pattern = lo as u32;
                lo += 1;
            }
            trie.nodes[node].first = trie.edge_bytes.len() as u32;
            while lo < hi {
                let byte = patterns[lo][depth];
                let end = lo + patterns[lo..hi].partition_point(|p| p[depth] == byte);
                let child = trie.nodes.len() as State;
                trie.nodes.push(Node {
                    first: 0,
                    count: 0,
                    pattern: NO_PATTERN,
                });
                spans.push((lo, end, depth + 1));
                trie.edge_bytes.push(byte);
                trie.edge_targets.push(child);
                trie.nodes[node].count += 1;
                if node == 0 {
                    trie.root[usize::from(byte)] = child;
                }
                lo = end;
            }
            node += 1;
        }
        trie
    }

    /// Whether the trie holds no pattern.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1 && self.nodes[0].pattern == NO_PATTERN
    }

    /// The state after reading `byte` in `state` (not [`DEAD`]), or [`DEAD`].
    #[inline]
    pub fn next(&self, state: State, byte: u8) -> State {
        if state == Self::START {
            return self.root[usize::from(byte)];
        }
        let Some(node) = self.nodes.get(state as usize) else {
            return DEAD;
        };
        let (first, count) = (node.first as usize, node.count as usize);
        let bytes = self
            .edge_bytes
            .get(first..first + count)
            .unwrap_or_default();
        match bytes.iter().position(|&b| b == byte) {
            Some(i) => self.edge_targets[first + i],
            None => DEAD,
        }
    }

    /// The index of the pattern that ends in `state`, if one does.
    #[inline]
    pub fn pattern(&self, state: State) -> Option<usize> {
        let node = self.nodes.get(state as usize)?;
        (node.pattern != NO_PATTERN).then_some(node.pattern as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern `text` reaches, walking from the start, or `None`.
    fn lookup(trie: &Trie, text: &[u8]) -> Option<usize> {
        let mut state = Trie::START;
        for &b in text {
            state = trie.next(state, b);
            if state == DEAD {
                return None;
            }
        }
        trie.pattern(state)
    }

    #[test]
    fn finds_every_pattern_and_nothing_else() {
        let mut patterns: Vec<&[u8]> = vec![
            b"pass",
            b"password",
            b"passw",
            b"pas",
            b"word",
            b"qwerty",
            b"zz",
            b"z",
        ];
        patterns.sort();
        let trie = Trie::new(&patterns);
        for (i, p) in patterns.iter().enumerate() {
            assert_eq!(lookup(&trie, p), Some(i), "{p:?}");
        }
        for absent in [
            &b"pa"[..],
            b"passwo",
            b"words",
            b"qwert",
            b"x",
            b"passwordx",
        ] {
            assert_eq!(lookup(&trie, absent), None, "{absent:?}");
        }
        assert!(!trie.is_empty());
    }

    #[test]
    fn an_empty_trie_leads_nowhere() {
        let trie = Trie::new(&[]);
        assert!(trie.is_empty());
        assert_eq!(trie.next(Trie::START, b'a'), DEAD);
        assert_eq!(trie.pattern(Trie::START), None);
        assert_eq!(trie.next(DEAD, b'a'), DEAD, "never panics on a dead state");
    }
}
