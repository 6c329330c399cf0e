//! What the fix changed: each change, and the changes grouped by kind.
//!
//! A group's description reads after a count (`258 × TRUE → True in
//! ForceChangePassword`) and holds only words from a fixed vocabulary: column names the
//! tool knows, the sign-in values it converts, the encodings it reads. Never a cell's
//! content: a cell's column cannot be trusted, so any cell may hold a password.

use std::collections::HashMap;

use serde::Serialize;

/// One change the fix made. Never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Excel row in the original file, if the change is about one row.
    pub row: Option<u32>,
    /// What was changed.
    pub description: String,
}

/// Changes of one kind: what was changed and how often, e.g. `TRUE → True in
/// ForceChangePassword` 258 times. Never holds cell content (see the module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeGroup {
    /// What was changed, to be read after the count (`258 × …`).
    pub description: String,
    /// How many times: rows, columns, or 1 for a change to the whole file.
    pub count: u32,
}

/// The changes as the fix makes them, grouped on the way.
#[derive(Default)]
pub(super) struct Changes {
    pub(super) list: Vec<Change>,
    pub(super) groups: Vec<ChangeGroup>,
    /// Group description → index in `groups`.
    index: HashMap<String, usize>,
}

impl Changes {
    /// One change at `row` (or to the whole file), counted once in `group`.
    pub(super) fn push(&mut self, row: Option<u32>, description: String, group: &str) {
        self.push_counted(row, description, group, 1);
    }

    /// One change counted `count` times in `group` (e.g. several columns removed).
    pub(super) fn push_counted(
        &mut self,
        row: Option<u32>,
        description: String,
        group: &str,
        count: u32,
    ) {
        self.list.push(Change { row, description });
        match self.index.get(group) {
            Some(&at) => {
                let total = &mut self.groups[at].count;
                *total = total.saturating_add(count);
            }
            None => {
                self.index.insert(group.to_string(), self.groups.len());
                self.groups.push(ChangeGroup {
                    description: group.to_string(),
                    count,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_count_in_order_of_first_appearance() {
        let mut changes = Changes::default();
        changes.push(Some(2), "a".into(), "TRUE → True in ForceChangePassword");
        changes.push(Some(3), "b".into(), "empty row removed");
        changes.push(Some(4), "c".into(), "TRUE → True in ForceChangePassword");
        changes.push_counted(Some(1), "d".into(), "empty row removed", 3);
        let groups: Vec<(&str, u32)> = changes
            .groups
            .iter()
            .map(|g| (g.description.as_str(), g.count))
            .collect();
        assert_eq!(
            groups,
            [
                ("TRUE → True in ForceChangePassword", 2),
                ("empty row removed", 4)
            ]
        );
        assert_eq!(changes.list.len(), 4);
    }
}
