//! Generated CSV files with marker passwords planted in random cells of random columns,
//! the way real files go wrong: another delimiter, another encoding, quoting, shifted,
//! missing and extra cells, no header row, swapped columns, semicolon rows under a comma
//! header. Shared by the library's property test (`password_leak_properties.rs`), the
//! command's leak test (`password_leak_cli.rs`) and the browser's (`wasm_password.rs`).
//!
//! Every marker holds a token (`zq` and five more letters or digits) that appears
//! nowhere else: finding it in an output, in any case, means a marker or part of one
//! leaked, whatever escaping the output applied around it.

/// One generated file and the secrets planted in it.
#[derive(Debug, Clone)]
pub struct Planted {
    /// How the file was made, for failure messages.
    pub description: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The marker passwords in it.
    pub markers: Vec<String>,
    /// Each marker's token, lowercase ASCII.
    pub tokens: Vec<String>,
}

/// Cheap repeatable random numbers.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Marker shapes: what slips through. `{}` is the token; the flag says whether the
/// marker can be written in Windows-1252.
const SHAPES: &[(&str, bool)] = &[
    ("Sommer2024ä!{}@firma.de", true),
    ("Sommer2024!{}@firma.de", true),
    ("{}Sommer@fïrma.de", true),
    ("Kennwort{}ä!", true),
    ("Kq7#{}vZm!", true),
    ("pilarp{}@contoso.com", true),
    // Cyrillic а and е drawn like Latin letters.
    ("Pаsswоrd{}!9", false),
    // A zero-width space and a no-break space.
    ("Zw\u{200b}{}sec\u{a0}ret!", false),
    ("Gehe1m{}@bücher.example", true),
    ("Pw{}!@contoso.onmicrosoft.com", true),
    // A Cyrillic а in an address-like password.
    ("Pаss{}@firma.de", false),
    ("=HYPERLINK({})", true),
    (" =HYPERLINK(\"http://x.example/{}\")", true),
    ("\t+{}!Pw", true),
    (" Spaced{}Pw! ", true),
    ("Ünïcödé{}Päss1", true),
    ("<b>{}</b>&\"'", true),
];

/// Header layouts: the names, or none for a file without a header row.
const HEADERS: &[&[&str]] = &[
    &["EmailAddress", "Password", "ForceChangePassword"],
    &["EmailAddress", "Password", "ForceChangePassword"],
    &["Password", "EmailAddress"],
    &["EmailAddress", "Password"],
    &[" emailaddress", "PASSWORD", "forcechangepassword "],
    &[
        "EmailAddress",
        "Password",
        "ForceChangePassword",
        "Department",
    ],
    &["EmailAddress", "ForceChangePassword", "Password"],
    &[],
];

/// The delimiters Excel writes, by region and format.
const DELIMITERS: &[u8] = b",;\t|";

/// The file for `seed`.
pub fn planted(seed: u64) -> Planted {
    let mut random = Random::new(seed);
    let legacy = random.chance(20);
    let mut markers: Vec<String> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut marker = |random: &mut Random, must: bool| {
        if must && !markers.is_empty() {
            return None;
        }
        // The same password on several rows, as lazy admins write them.
        if !markers.is_empty() && random.chance(15) {
            return Some(random.pick(&markers).clone());
        }
        let token = token(random);
        let shapes: Vec<&(&str, bool)> = SHAPES.iter().filter(|(_, ok)| *ok || !legacy).collect();
        let (shape, _) = **random.pick(&shapes);
        let text = shape.replace("{}", &token);
        markers.push(text.clone());
        tokens.push(token);
        Some(text)
    };
    let header = *random.pick(HEADERS);
    let width = if header.is_empty() { 3 } else { header.len() };
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (email_at, password_at, force_at) = if header.is_empty() {
        (Some(0), Some(1), Some(2))
    } else {
        (
            position("EmailAddress"),
            position("Password"),
            position("ForceChangePassword"),
        )
    };
    let mut table: Vec<Vec<String>> = Vec::new();
    if !header.is_empty() {
        table.push(header.iter().map(|s| s.to_string()).collect());
    }
    let rows = 1 + random.below(6);
    for r in 0..rows {
        let mut cells = vec![String::new(); width];
        for (i, cell) in cells.iter_mut().enumerate() {
            *cell = if Some(i) == email_at {
                match random.below(6) {
                    0 => format!(" user{r}@contoso.com"),
                    1 => "user0@Contoso.com".to_string(),
                    _ => format!("user{r}@contoso.com"),
                }
            } else if Some(i) == password_at {
                if random.chance(10) {
                    String::new()
                } else {
                    marker(&mut random, false).unwrap_or_default()
                }
            } else if Some(i) == force_at {
                random.pick(&["False", "True", "yes"]).to_string()
            } else {
                "Sales".to_string()
            };
        }
        table.push(cells);
    }
    // Plant more markers anywhere, header row included, and break rows apart.
    for _ in 0..random.below(4) {
        let row = random.below(table.len());
        let width = table[row].len();
        let at = random.below(width + 1);
        let cells = &mut table[row];
        match random.below(5) {
            0 | 1 if at < width => cells[at] = marker(&mut random, false).unwrap_or_default(),
            2 => cells.insert(
                at.min(width),
                marker(&mut random, false).unwrap_or_default(),
            ),
            3 if width > 1 => {
                cells.remove(at.min(width - 1));
            }
            _ => cells.push(marker(&mut random, false).unwrap_or_default()),
        }
    }
    if let Some(text) = marker(&mut random, true) {
        let row = random.below(table.len());
        let at = random.below(table[row].len());
        table[row][at] = text;
    }
    let delimiter = *random.pick(DELIMITERS);
    // European Excel: semicolon rows under a comma header written by someone else.
    let mixed = !header.is_empty() && delimiter == b',' && random.chance(25);
    let quote_all = random.chance(30);
    let unclosed = random.chance(5);
    let end = if random.chance(50) { "\r\n" } else { "\n" };
    let mut text = String::new();
    for (r, cells) in table.iter().enumerate() {
        let sep = if mixed && r > 0 { b';' } else { delimiter } as char;
        let line: Vec<String> = cells.iter().map(|c| quote(c, sep, quote_all)).collect();
        text.push_str(&line.join(&sep.to_string()));
        if unclosed && r + 1 == table.len() / 2 + 1 {
            text.push_str(&format!("{sep}\"open"));
        }
        text.push_str(end);
    }
    let encodings = ["UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE"];
    let encoding = if legacy {
        "Windows-1252"
    } else {
        *random.pick(&encodings)
    };
    let bytes = encode(&text, encoding);
    let description = format!(
        "seed {seed}: {encoding}, delimiter {:?}{}{}{}, header {header:?}, text {text:?}",
        delimiter as char,
        if mixed { " (rows with ;)" } else { "" },
        if quote_all { ", every cell quoted" } else { "" },
        if unclosed { ", an unclosed quote" } else { "" },
    );
    Planted {
        description,
        bytes,
        markers,
        tokens,
    }
}

/// The cases of issue 11, written by hand: a semicolon row under a comma header, a
/// password that looks like an address in the address column, a Windows-1252 file with
/// an `@` in a password.
pub fn examples() -> Vec<Planted> {
    let case = |description: &str, bytes: Vec<u8>, markers: &[&str], tokens: &[&str]| Planted {
        description: description.to_string(),
        bytes,
        markers: markers.iter().map(|s| s.to_string()).collect(),
        tokens: tokens.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        case(
            "semicolon row under a comma header",
            "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com;Sommer2024ä!;True\r\n"
                .into(),
            &["Sommer2024ä!"],
            &["sommer2024"],
        ),
        case(
            "swapped header",
            "Password,EmailAddress\r\npilarp@contoso.com,Sommer2024!@firma.de\r\n".into(),
            &["Sommer2024!@firma.de"],
            &["sommer2024"],
        ),
        case(
            "Windows-1252 with an @ in a password shifted into the address column",
            b"EmailAddress,Password\r\nS\xf6mmer2024!@firma.de,pilarp@contoso.com\r\n".to_vec(),
            &["Sömmer2024!@firma.de"],
            &["mmer2024"],
        ),
    ]
}

/// Five letters and digits after `zq`: a token no message holds by chance.
fn token(random: &mut Random) -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut token = String::from("zq");
    for _ in 0..5 {
        token.push(*random.pick(ALPHABET) as char);
    }
    token
}

/// A cell as a CSV writer with this delimiter writes it.
fn quote(cell: &str, delimiter: char, always: bool) -> String {
    if always || cell.contains([delimiter, '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The text in one of the encodings Excel saves CSV files in.
fn encode(text: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "UTF-8 with BOM" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "UTF-16LE" => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        "UTF-16BE" => {
            let mut out = vec![0xFE, 0xFF];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
        "Windows-1252" => text.chars().map(cp1252).collect(),
        _ => text.as_bytes().to_vec(),
    }
}

/// The Windows-1252 byte of a character the marker shapes use.
fn cp1252(c: char) -> u8 {
    match c {
        c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
        _ => b'?',
    }
}

impl Planted {
    /// What of a marker `output` holds, if anything: a marker in any of its forms (see
    /// [`super::leak::forms`]), or a marker's token in any case.
    pub fn leak(&self, output: &str) -> Option<String> {
        if let Some(form) =
            super::leak::find_secret(output, self.markers.iter().map(String::as_str))
        {
            return Some(form);
        }
        let lower = output.to_lowercase();
        self.tokens
            .iter()
            .find(|t| lower.contains(t.as_str()))
            .map(|t| format!("the token {t}"))
    }
}
