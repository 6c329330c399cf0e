//! Tests of the Password Protection prediction.

use super::*;

fn contoso() -> Protection {
    Protection::new(&Options {
        banned_terms: vec!["blank".into()],
        ..Options::default()
    })
}

fn assess(protection: &Protection, password: &str, email: &str) -> Assessment {
    protection.assess(password, Some(email), &mut Scratch::default())
}

#[test]
fn microsoft_worked_examples() {
    let p = contoso();
    let rejected = assess(&p, "C0ntos0Blank12", "pilarp@contoso.com");
    assert_eq!(rejected.score, 4);
    assert!(!rejected.passes());
    assert_eq!(
        rejected.reason(),
        "a term of the organisation's banned list and the organisation's name"
    );
    let accepted = assess(&p, "ContoS0Bl@nkf9!", "pilarp@contoso.com");
    assert_eq!(accepted.score, 5);
    assert!(accepted.passes());
}

#[test]
fn tenant_name_option_replaces_the_domain() {
    let p = Protection::new(&Options {
        tenant_name: Some("Fabrikam Ltd".into()),
        ..Options::default()
    });
    let a = assess(&p, "Fabrikam!9", "pilarp@contoso.com");
    assert_eq!((a.score, a.terms), (3, [0, 0, 1, 0]));
    let b = assess(&p, "Contoso!9x", "pilarp@contoso.com");
    assert_eq!(b.terms_found(), 0);
}

#[test]
fn user_name_parts_are_banned_for_their_row() {
    let p = Protection::new(&Options::default());
    let a = assess(&p, "Pineda#77", "pilar.pineda7@contoso.com");
    assert_eq!((a.score, a.terms), (4, [0, 0, 0, 1]));
    assert_eq!(a.reason(), "the user's name");
    assert_eq!(assess(&p, "Pineda#77", "toby@contoso.com").score, 9);
}

#[test]
fn common_words_are_found_through_substitutions() {
    let p = Protection::new(&Options::default());
    let a = assess(&p, "Pa$$w0rd", "pilarp@contoso.com");
    assert_eq!((a.score, a.terms[0]), (1, 1));
    assert_eq!(a.reason(), "a common password word");
    let strong = assess(&p, "kT7#vQ9!mZ2$wR4x", "pilarp@contoso.com");
    assert!(strong.passes() && strong.score >= 12, "{strong:?}");
}

#[test]
fn skipping_only_passwords_that_pass() {
    let p = Protection::new(&Options {
        banned_terms: vec!["blank".into(), "fabrikam".into()],
        ..Options::default()
    });
    let pieces = [
        "pass", "word", "Pa$$", "w0rd", "blank", "bl@nk", "pilar", "contoso", "C0nt0s0", "monkey",
        "dragon", "qwerty", "1", "2", "!", "#", "x", "Zq", "7", "ab", "", "love",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut skipped = 0;
    for _ in 0..20_000 {
        crate::testing::xorshift(&mut state);
        // Half built from terms and near-terms, half random printable characters.
        let password: String = if state % 2 == 0 {
            (0..(state % 6) as usize)
                .map(|i| pieces[((state >> (6 * i + 8)) % pieces.len() as u64) as usize])
                .collect()
        } else {
            (0..(state >> 60) as usize)
                .map(|i| char::from(b'!' + ((state >> (4 * i)) % 94) as u8))
                .collect()
        };
        let email = Some("pilar.pineda@contoso.com");
        let full = p.assess(&password, email, &mut Scratch::default());
        match p.assess_unless_passing(&password, email, &mut Scratch::default()) {
            Some(quick) => assert_eq!(quick, full, "{password}"),
            None => {
                skipped += 1;
                assert!(full.passes(), "{password}: {full:?}");
            }
        }
    }
    assert!(skipped > 3000, "the shortcut is taken: {skipped}");
}

#[test]
fn an_address_of_many_name_parts_costs_no_more_than_a_real_one() {
    let p = Protection::new(&Options::default());
    let password = "a".repeat(100);
    // 4,000 parts, each found at 97 places of the password.
    let email = format!("{}@{}.com", "aaaa.".repeat(4_000), "aaaa-".repeat(4_000));
    let mut scratch = Scratch::default();
    let many = p.assess(&password, Some(&email), &mut scratch);
    let parts = (MAX_LOCAL + MAX_LABEL) / 5 + 2;
    assert!(
        scratch.names.len() <= parts * password.len(),
        "{} name hits",
        scratch.names.len()
    );
    // The first parts are still banned: the same score as with a short address.
    let short = assess(&p, &password, "aaaa.aaaa@aaaa.com");
    assert_eq!(many, short);
}

#[test]
fn a_name_part_is_never_cut_short() {
    let p = Protection::new(&Options::default());
    // The 64-byte limit falls inside "pineda": the part is left out, not cut to "pine".
    let local = format!("{}.pineda", "x".repeat(MAX_LOCAL - 5));
    let a = assess(&p, "Pine#7x", &format!("{local}@contoso.com"));
    assert_eq!(a.terms[TermKind::UserName as usize], 0);
    assert_eq!(
        within(b"abcd.efgh", 6, |b| b.is_ascii_alphabetic()),
        b"abcd"
    );
    assert_eq!(
        within(b"abcd.efgh", 4, |b| b.is_ascii_alphabetic()),
        b"abcd"
    );
    assert_eq!(within(b"abcdefgh", 4, |b| b.is_ascii_alphabetic()), b"");
}

#[test]
fn reason_counts_repeated_kinds() {
    let a = Assessment {
        score: 3,
        terms: [2, 0, 1, 2],
    };
    assert_eq!(
        a.reason(),
        "2 common password words, the organisation's name and the user's name"
    );
}

#[test]
fn custom_terms_out_of_range_are_noted() {
    let p = Protection::new(&Options {
        banned_terms: vec!["abc".into(), "blank".into(), "x".repeat(17)],
        ..Options::default()
    });
    let notes = p.notes();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.code == "PWD012"));
}
