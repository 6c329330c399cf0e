//! Numbers as people read them: thousands separators and the right plural.
//!
//! Every message, summary and report line that counts something goes through here, so
//! the CLI, the page and the report all say "1 mailbox" and "1,000,000 mailboxes".

/// `n` with a comma between each group of three digits: `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and the noun that agrees with it: `count(1, "mailbox", "mailboxes")` is
/// `1 mailbox`, `count(2000, "batch", "batches")` is `2,000 batches`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_in_threes() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn agrees_in_number() {
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(count(1, "mailbox", "mailboxes"), "1 mailbox");
        assert_eq!(count(2, "mailbox", "mailboxes"), "2 mailboxes");
        assert_eq!(
            count(1_000_000, "mailbox", "mailboxes"),
            "1,000,000 mailboxes"
        );
    }
}
