//! Microsoft Entra Password Protection, predicted.
//!
//! As Microsoft describes it [doc: concept-password-ban-bad]:
//! 1. the password is normalised (see [`super::normalise`]);
//! 2. banned terms are found in it: terms of the global and the organisation's custom
//!    list within edit distance 1 (see [`super::fuzzy`]); the user's name and the
//!    tenant's name by substring match, when at least four characters long;
//! 3. each banned term found scores 1 point, each remaining character 1 point; a
//!    password needs 5 points.
//!
//! What stands in for what Microsoft does not publish [inferred]: the global list is the
//! embedded list of common terms ([`super::banned`]); the user's name is the address's
//! local part split at dots, hyphens, underscores, digits and other non-letters
//! (`pilar.pineda7` gives `pilar` and `pineda`); the tenant's name is
//! `Options::tenant_name`, else the first label of the address's domain split at hyphens
//! (`contoso.com` gives `contoso`). Names are taken from the first [`MAX_LOCAL`] bytes of
//! the local part and the first [`MAX_LABEL`] of the label, SMTP's and DNS's limits: a
//! longer address is refused by the address checks anyway, and a cell of thousands of
//! name parts would otherwise cost a scan of the password per part. Where terms overlap, the points are counted the way
//! that gives the fewest (what an attacker's guess would cost); Microsoft's worked
//! examples come out as Microsoft says.

use super::banned::common_matcher;
use super::fuzzy::{Hit, MAX_TERM, MIN_TERM, TermKind, TermMatcher};
use super::normalise::{normalise_byte, normalise_into};
use crate::finding::{Finding, Rule, Severity};
use crate::options::Options;

/// The most bytes of the local part searched for name parts: SMTP's limit for a local
/// part (RFC 5321 section 4.5.3.1.1).
pub const MAX_LOCAL: usize = 64;

/// The most bytes of the domain's first label searched for name parts: DNS's limit for
/// a label (RFC 1035 section 2.3.4).
pub const MAX_LABEL: usize = 63;

/// Points a password needs to pass.
pub const PASSING_SCORE: u32 = 5;

/// The last position the first banned-term window of a failing password (of at least
/// [`PASSING_SCORE`] characters) can start at: at most `PASSING_SCORE - 2` characters
/// come before it, as the window itself scores one point.
const EARLY_START: usize = PASSING_SCORE as usize - 2;

/// PWD005: Password Protection would likely reject the password.
pub static LIKELY_BANNED: Rule = Rule {
    code: "PWD005",
    severity: Severity::Warning,
    title: "Password likely rejected by Microsoft Entra Password Protection (a prediction)",
    help: "Microsoft Entra Password Protection refuses passwords built mostly from common words, the organisation's name or the user's name (after undoing tricks like 0 for o and @ for a). Add unrelated words or random characters, or let the corrected CSV generate passwords. This is a prediction, not a documented refusal: Microsoft's global banned list is not published (this check uses a list of common password terms), and whether Password Protection applies to passwords a migration batch sets is not documented. If the batch reports a password error for the user, this is the likely cause.",
};

/// PWD012: a custom banned term that Microsoft would not accept.
pub static IGNORED_TERM: Rule = Rule {
    code: "PWD012",
    severity: Severity::Info,
    title: "A custom banned term was left out",
    help: "Microsoft's custom banned password list takes terms of 4 to 16 characters. Shorter terms are too common to ban and longer ones rarely appear whole; use a shorter part of the term.",
};

/// What Password Protection would make of one password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// Points scored: banned terms found plus remaining characters.
    pub score: u32,
    /// Banned terms counted in the score, by kind: common word, custom term,
    /// organisation name, user name.
    pub terms: [u32; 4],
}

impl Assessment {
    /// Whether Password Protection would likely accept the password.
    pub fn passes(&self) -> bool {
        self.score >= PASSING_SCORE
    }

    /// Banned terms counted in the score.
    pub fn terms_found(&self) -> u32 {
        self.terms.iter().sum()
    }

    /// Says what the password is made of, in words and without any of its text:
    /// "a common password word and the organisation's name".
    pub fn reason(&self) -> String {
        let [common, custom, organisation, user] = self.terms;
        let mut parts = Vec::new();
        match common {
            0 => {}
            1 => parts.push("a common password word".to_string()),
            n => parts.push(format!("{n} common password words")),
        }
        match custom {
            0 => {}
            1 => parts.push("a term of the organisation's banned list".to_string()),
            n => parts.push(format!("{n} terms of the organisation's banned list")),
        }
        if organisation > 0 {
            parts.push("the organisation's name".to_string());
        }
        if user > 0 {
            parts.push("the user's name".to_string());
        }
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// The Password Protection check for one migration: the common list, the organisation's
/// own terms and name.
#[derive(Debug)]
pub struct Protection {
    common: &'static TermMatcher,
    custom: TermMatcher,
    /// Normalised parts of `Options::tenant_name`; empty: derive from each address.
    tenant: Vec<Vec<u8>>,
    /// Custom terms left out, for [`Protection::notes`].
    ignored: Vec<String>,
}

/// Buffers reused from row to row.
#[derive(Debug, Default)]
pub struct Scratch {
    text: Vec<u8>,
    hits: Vec<Hit>,
    /// Windows holding the user's or the organisation's name.
    names: Vec<Hit>,
    /// Whether the address's local part is short enough to name a user (see
    /// [`Scratch::holds_user_name`]).
    names_user: bool,
    best: Vec<(u32, Option<usize>)>,
    chains: (Vec<usize>, Vec<usize>),
}

impl Scratch {
    /// Whether the password last assessed holds a part of the user's name of at least
    /// four letters, from a local part of at most [`MAX_LOCAL`] bytes: the same answer
    /// as [`super::name::holds_user_name`], from the search the assessment already made
    /// (a test holds the two together).
    pub fn holds_user_name(&self) -> bool {
        self.names_user && self.names.iter().any(|h| h.kind == TermKind::UserName)
    }
}

impl Protection {
    /// The check with the options' custom banned terms and tenant name.
    pub fn new(options: &Options) -> Protection {
        let mut ignored = Vec::new();
        let mut key = Vec::new();
        for term in &options.banned_terms {
            normalise_into(term.trim(), &mut key);
            if !(MIN_TERM..=MAX_TERM).contains(&key.len()) {
                ignored.push(term.trim().to_string());
            }
        }
        let mut tenant = Vec::new();
        if let Some(name) = options.tenant_name.as_deref() {
            split_terms(name, |c| c.is_ascii_alphanumeric(), &mut tenant);
        }
        Protection {
            common: common_matcher(),
            custom: TermMatcher::new(
                options
                    .banned_terms
                    .iter()
                    .map(|t| (t.as_str(), TermKind::BannedTerm)),
            ),
            tenant,
            ignored,
        }
    }

    /// Findings about the options themselves (custom terms left out).
    pub fn notes(&self) -> Vec<Finding> {
        self.ignored
            .iter()
            .map(|term| {
                IGNORED_TERM.finding(format!(
                    "The custom banned term \"{term}\" has {} characters; only terms of {MIN_TERM} to {MAX_TERM} characters are used.",
                    term.chars().count()
                ))
            })
            .collect()
    }

    /// Scores `password` for the mailbox at `email` (whose name and domain are banned
    /// terms for it).
    pub fn assess(&self, password: &str, email: Option<&str>, scratch: &mut Scratch) -> Assessment {
        self.find_names(password, email, scratch);
        self.score_terms(scratch)
    }

    /// As [`Protection::assess`], but `None` when the password certainly passes, which
    /// is decided by searching only the first few characters for most passwords.
    ///
    /// Why this is exact: every banned-term window is at least [`MIN_TERM`] (4)
    /// characters long. A password of `n >= 5` characters fails only if `k >= 1`
    /// windows plus `u` characters outside them score at most 4, so `u <= 3`: the first
    /// window starts at one of the first four characters. A list window starting at `s`
    /// is found by the walk from `s` or `s + 1` (a changed first character, see
    /// [`TermMatcher::find_from`]); a name window is known from [`find_name`]. If no
    /// window starts there, the password passes.
    pub fn assess_unless_passing(
        &self,
        password: &str,
        email: Option<&str>,
        scratch: &mut Scratch,
    ) -> Option<Assessment> {
        self.find_names(password, email, scratch);
        let text = &scratch.text;
        let may_fail = text.len() < PASSING_SCORE as usize
            || scratch.names.iter().any(|h| h.start <= EARLY_START)
            || {
                scratch.hits.clear();
                for from in 0..=EARLY_START + 1 {
                    self.common.find_from(text, from, &mut scratch.hits);
                    self.custom.find_from(text, from, &mut scratch.hits);
                }
                scratch.hits.iter().any(|h| h.start <= EARLY_START)
            };
        may_fail.then(|| self.score_terms(scratch))
    }

    /// Normalises `password` into `scratch.text` and finds the user's and the
    /// organisation's names in it (into `scratch.names`).
    fn find_names(&self, password: &str, email: Option<&str>, scratch: &mut Scratch) {
        normalise_into(password, &mut scratch.text);
        scratch.names.clear();
        // Spaces around the address are not part of any name part; trimmed, the local
        // part's length says whether it can name a user at all.
        let email = email.unwrap_or_default().trim().as_bytes();
        let (local, domain) = match email.iter().rposition(|&b| b == b'@') {
            Some(at) => (&email[..at], &email[at + 1..]),
            None => (&b""[..], &b""[..]),
        };
        scratch.names_user = local.len() <= MAX_LOCAL;
        let local = within(local, MAX_LOCAL, |b| b.is_ascii_alphabetic());
        let text = &scratch.text;
        let hits = &mut scratch.names;
        // Which bytes the password holds (modulo 64): a name can only be in it if all
        // of its characters are, which rules most names out without a scan.
        let present = text.iter().fold(0u64, |mask, &b| mask | 1 << (b & 63));
        name_parts(
            local,
            |b| b.is_ascii_alphabetic(),
            present,
            |part| {
                find_name(text, part, TermKind::UserName, hits);
            },
        );
        if self.tenant.is_empty() {
            let label = domain.split(|&b| b == b'.').next().unwrap_or_default();
            let label = within(label, MAX_LABEL, |b| b.is_ascii_alphanumeric());
            name_parts(
                label,
                |b| b.is_ascii_alphanumeric(),
                present,
                |part| {
                    find_name(text, part, TermKind::OrganisationName, hits);
                },
            );
        } else {
            for name in &self.tenant {
                find_name(text, name, TermKind::OrganisationName, hits);
            }
        }
    }

    /// Searches the lists in the normalised password and scores it with the names
    /// found by [`Protection::find_names`]. Hits keep the order common list, custom
    /// list, names: on ties the scoring keeps the first, so the order names the kinds.
    fn score_terms(&self, scratch: &mut Scratch) -> Assessment {
        scratch.hits.clear();
        self.common.find(&scratch.text, &mut scratch.hits);
        self.custom.find(&scratch.text, &mut scratch.hits);
        scratch.hits.extend_from_slice(&scratch.names);
        score(
            &scratch.text,
            &scratch.hits,
            &mut scratch.best,
            &mut scratch.chains,
        )
    }
}

/// Adds a hit for every place `text` (normalised) holds `name` (ASCII, normalised on
/// the fly), when the name has at least [`MIN_TERM`] characters. Names are few and
/// short: a plain scan is fastest.
fn find_name(text: &[u8], name: &[u8], kind: TermKind, hits: &mut Vec<Hit>) {
    if name.len() < MIN_TERM || name.len() > text.len() {
        return;
    }
    let first = normalise_byte(name[0]);
    for start in 0..=text.len() - name.len() {
        if text[start] == first
            && text[start + 1..start + name.len()]
                .iter()
                .zip(&name[1..])
                .all(|(&t, &n)| t == normalise_byte(n))
        {
            hits.push(Hit {
                start,
                end: start + name.len(),
                kind,
            });
        }
    }
}

/// The first `max` bytes of `bytes`, or fewer so that no run of `keep` bytes (a name
/// part) is cut short: a cut part could match where the whole one would not.
fn within(bytes: &[u8], max: usize, keep: impl Fn(u8) -> bool) -> &[u8] {
    if bytes.len() <= max {
        return bytes;
    }
    let cut = bytes[..=max].iter().rposition(|&b| !keep(b)).unwrap_or(0);
    &bytes[..cut]
}

/// Calls `found` with each run of `keep` bytes in `bytes` that is at least
/// [`MIN_TERM`] long and whose normalised characters all occur in the password
/// (`present`, one bit per byte value modulo 64): the name parts worth looking for.
fn name_parts(bytes: &[u8], keep: impl Fn(u8) -> bool, present: u64, mut found: impl FnMut(&[u8])) {
    let (mut start, mut all_present) = (0, true);
    for (i, &b) in bytes.iter().enumerate() {
        if keep(b) {
            all_present &= present & (1 << (normalise_byte(b) & 63)) != 0;
        } else {
            if all_present && i - start >= MIN_TERM {
                found(&bytes[start..i]);
            }
            (start, all_present) = (i + 1, true);
        }
    }
    if all_present && bytes.len() - start >= MIN_TERM {
        found(&bytes[start..]);
    }
}

/// Splits `text` at characters that are not `keep`, adding the normalised parts of at
/// least [`MIN_TERM`] characters to `out`.
fn split_terms(text: &str, keep: impl Fn(char) -> bool, out: &mut Vec<Vec<u8>>) {
    for part in text.split(|c: char| !keep(c)) {
        if part.len() >= MIN_TERM {
            let mut key = Vec::new();
            normalise_into(part, &mut key);
            out.push(key);
        }
    }
}

/// The fewest points the password can be counted as: each position is either a
/// remaining character (1 point) or the end of a banned-term window (1 point for the
/// whole window), whichever gives fewer in all (dynamic programming over positions).
fn score(
    text: &[u8],
    hits: &[Hit],
    best: &mut Vec<(u32, Option<usize>)>,
    chains: &mut (Vec<usize>, Vec<usize>),
) -> Assessment {
    if hits.is_empty() {
        return Assessment {
            score: text.len() as u32,
            terms: [0; 4],
        };
    }
    // Hits by the position they end at, as linked lists (no sort: hits come unordered).
    let (heads, next) = (&mut chains.0, &mut chains.1);
    heads.clear();
    heads.resize(text.len() + 1, usize::MAX);
    next.clear();
    for (i, hit) in hits.iter().enumerate() {
        next.push(heads[hit.end]);
        heads[hit.end] = i;
    }
    best.clear();
    best.push((0, None));
    for end in 1..=text.len() {
        let mut here: (u32, Option<usize>) = (best[end - 1].0 + 1, None);
        let mut h = heads[end];
        while h != usize::MAX {
            let points = best[hits[h].start].0 + 1;
            // On a tie, name the more specific kind: "black" is a common word and
            // "blank" is one edit from it, but the organisation's own term says more.
            let more_specific = here.1.is_some_and(|b| hits[b].kind < hits[h].kind);
            if points < here.0 || (points == here.0 && more_specific) {
                here = (points, Some(h));
            }
            h = next[h];
        }
        best.push(here);
    }
    let mut terms = [0u32; 4];
    let mut at = text.len();
    while at > 0 {
        match best[at].1 {
            Some(h) => {
                terms[hits[h].kind as usize] += 1;
                at = hits[h].start;
            }
            None => at -= 1,
        }
    }
    Assessment {
        score: best[text.len()].0,
        terms,
    }
}

#[cfg(test)]
mod tests;
