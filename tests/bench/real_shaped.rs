//! Real-shaped staged-migration CSVs for the benchmarks (issue 14), deterministic from a
//! seed: the same algorithm as `tests/e2e/data.mjs` (`realShapedCsv`), which must give
//! the same text (`tests/real_shaped.rs` compares them). Included with `#[path]`.
//!
//! - addresses first.last plus a number, over three domains;
//! - passwords of 10-16 random characters from letters, digits and `!@#$%^&*-_+=?` (the
//!   first a letter or digit, as generators do, so no cell reads as an Excel formula;
//!   drawn again until three of the four kinds of characters are in, as Entra ID
//!   requires);
//! - ForceChangePassword True or False;
//! - about 1% faults, in equal parts: an address without its `@`, an address repeated
//!   from an earlier row, a weak password (6-9 lower-case letters), a common password,
//!   and `Yes` in ForceChangePassword.

#![allow(dead_code)]

const FIRST: &[&str] = &[
    "james",
    "mary",
    "john",
    "patricia",
    "robert",
    "jennifer",
    "michael",
    "linda",
    "william",
    "elizabeth",
    "david",
    "barbara",
    "richard",
    "susan",
    "joseph",
    "jessica",
    "thomas",
    "sarah",
    "charles",
    "karen",
    "pilar",
    "toby",
    "brian",
    "ana",
    "lars",
    "ingrid",
    "mohammed",
    "fatima",
    "wei",
    "mei",
    "hiroshi",
    "yuki",
    "carlos",
    "lucia",
    "pierre",
    "amelie",
    "jan",
    "eva",
    "giulia",
    "marco",
    "olga",
    "ivan",
    "priya",
    "arjun",
    "noah",
    "emma",
    "liam",
    "olivia",
];
const LAST: &[&str] = &[
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "rodriguez",
    "martinez",
    "hernandez",
    "lopez",
    "gonzalez",
    "wilson",
    "anderson",
    "thomas",
    "taylor",
    "moore",
    "jackson",
    "martin",
    "pedersen",
    "nielsen",
    "tanaka",
    "suzuki",
    "wang",
    "li",
    "mueller",
    "schmidt",
    "dubois",
    "rossi",
    "novak",
    "kowalski",
    "ivanova",
    "patel",
    "singh",
    "kim",
    "park",
    "nguyen",
    "silva",
    "santos",
    "ohara",
    "brien",
    "costa",
    "jensen",
    "berg",
];
const DOMAINS: &[&str] = &["contoso.com", "fabrikam.com", "northwindtraders.com"];
const COMMON: &[&str] = &[
    "Password1",
    "Pa$$w0rd",
    "P@ssw0rd",
    "Welcome1",
    "Summer2024!",
    "Qwerty123!",
    "Passw0rd!",
    "Winter2023",
    "Letmein123",
    "Changeme1",
];
const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_+=?";
const ALNUM: u32 = 62;

/// mulberry32: a small 32-bit PRNG, the same in JavaScript (`Math.imul`, `>>> 0`).
struct Prng(u32);

impl Prng {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u32) as usize
    }
}

/// Kinds of characters (lower, upper, digit, symbol) in a password.
fn kinds(password: &str) -> usize {
    let has = |f: fn(&char) -> bool| password.chars().any(|c| f(&c));
    [
        has(char::is_ascii_lowercase),
        has(char::is_ascii_uppercase),
        has(char::is_ascii_digit),
        has(|c| !c.is_ascii_alphanumeric()),
    ]
    .into_iter()
    .filter(|&k| k)
    .count()
}

/// A cell as Excel writes it: quoted if it holds a delimiter, a quote or a line break.
fn push_cell(out: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A staged-migration CSV of `rows` mailbox rows (CRLF line ends, header first).
pub fn real_shaped_csv(rows: usize, seed: u32) -> String {
    let mut rng = Prng(seed);
    let mut addresses: Vec<String> = Vec::with_capacity(rows);
    let mut out = String::with_capacity(rows * 60 + 64);
    out.push_str("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..rows {
        let first = FIRST[rng.below(FIRST.len())];
        let last = LAST[rng.below(LAST.len())];
        let domain = DOMAINS[rng.below(DOMAINS.len())];
        let mut address = format!("{first}.{last}{}@{domain}", i + 1);
        let mut password = String::with_capacity(16);
        loop {
            password.clear();
            let length = 10 + rng.below(7);
            password.push(CHARS[rng.below(ALNUM as usize)] as char);
            for _ in 1..length {
                password.push(CHARS[rng.below(CHARS.len())] as char);
            }
            if kinds(&password) >= 3 {
                break;
            }
        }
        let mut force = if rng.below(2) == 1 { "True" } else { "False" };
        let fault = rng.below(1000);
        if fault < 10 {
            match fault % 5 {
                0 => address = address.replacen('@', "", 1),
                1 => {
                    if i > 0 {
                        address = addresses[rng.below(i)].clone();
                    }
                }
                2 => {
                    let weak = 6 + rng.below(4);
                    password = (0..weak)
                        .map(|_| CHARS[26 + rng.below(26)] as char)
                        .collect();
                }
                3 => password = COMMON[rng.below(COMMON.len())].to_string(),
                _ => force = "Yes",
            }
        }
        push_cell(&mut out, &address);
        out.push(',');
        push_cell(&mut out, &password);
        out.push(',');
        out.push_str(force);
        out.push_str("\r\n");
        addresses.push(address);
    }
    out
}
