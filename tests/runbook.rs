//! The PowerShell runbook and the DNS records script: hostile values stay inside string
//! literals in Windows PowerShell 5.1 and in PowerShell 7, no password is ever written,
//! and every CSV gets its batch, with its own file. The runbook is made only from files
//! that can be uploaded as they are (no errors, at most 2,000 mailboxes), names exactly
//! the files it reads (split batch files, a name for pasted text), and starts and
//! removes one batch or one wave.
#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::CsvFile;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::plan::{Phase, PlannedRecord, RecordType, Role, plan};
use migration_preflight::dns::powershell;
use migration_preflight::readiness::{Assessment, ReportOptions};
use migration_preflight::runbook::{RunbookError, Source, Wording, build, runbook};
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{Options, Severity, check_files};

const CSV: &[u8] = b"EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,S3cr3t'; Remove-Item C:\\ #,False\r\n";
/// Another mailbox, for a second file (the same address in two files is an error).
const CSV_B: &[u8] =
    b"EmailAddress,Password,ForceChangePassword\r\ntobyn@contoso.com,Wm4$kR2q-Ty8%pLz,False\r\n";

/// Values that would break out of a naive script: a quote ending the string (every kind
/// PowerShell reads as one), subexpressions, backticks, comment ends, and characters
/// whose UTF-8 bytes read as quotes in the ANSI code page that Windows PowerShell 5.1
/// uses for a file without a byte-order mark (`Ñ` is C3 91: `Ã‘`; `Ò` C3 92; `Œ` C5 92;
/// `Ó` C3 93, which reads as the double quote `“`).
const HOSTILE: &[&str] = &[
    "pilarp@contoso.com\u{d1}; Start-Process calc.exe; \u{d1}",
    "Migraci\u{f3}n ESPA\u{d1}A",
    "'; Remove-Item C:\\ -Recurse #",
    "$(Remove-Item C:\\ -Recurse)",
    "`$x` \"$(calc)\"",
    "\u{2018}; Stop-Computer; \u{2018}",
    "\u{2019}; Stop-Computer; \u{2019}",
    "\u{201A}; Stop-Computer; \u{201A}",
    "\u{201B}; Stop-Computer; \u{201B}",
    "\u{201C}; Stop-Computer; \u{201D}\u{201E}",
    "a''b'''",
    "#> <# '@ @' x #> Start-Process calc.exe <#",
    "\u{152}\u{d2}\u{d1}\u{d3} Start-Process calc.exe",
    "\u{1F600}'; Start-Process calc.exe; '\u{1F389}",
];

/// Characters PowerShell reads as a single quote.
fn single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Characters PowerShell reads as a double quote.
fn double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// A script as PowerShell's tokenizer reads it: the code with every string literal
/// replaced by `'S'` and every comment by a space (the skeleton), and the literals'
/// values in order. A literal is a single-quoted string (any kind of single quote opens
/// and closes it; a doubled one is a quote inside it) or a parenthesised concatenation
/// of such strings and `[char]0xHHHH` codes, as the scripts write non-ASCII text.
/// Double-quoted strings stay in the skeleton as written (they expand `$`, so a value in
/// one would be code). `#` at the start of a token starts a line comment, `<#` a block
/// comment.
struct Tokens {
    skeleton: String,
    strings: Vec<String>,
}

fn tokenise(script: &str) -> Result<Tokens, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut t = Tokens {
        skeleton: String::new(),
        strings: Vec::new(),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let token_start = i == 0 || chars[i - 1].is_whitespace() || "(){};|".contains(chars[i - 1]);
        if c == '(' {
            if let Some((value, next)) = concatenation(&chars, i) {
                t.strings.push(value);
                t.skeleton.push_str("'S'");
                i = next;
                continue;
            }
        }
        if single_quote(c) {
            let (value, next) =
                single_quoted(&chars, i).ok_or("unterminated single-quoted string")?;
            t.strings.push(value);
            t.skeleton.push_str("'S'");
            i = next;
        } else if double_quote(c) {
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return Err("unterminated double-quoted string".into()),
                    Some('`') => j += 2,
                    Some(q) if double_quote(*q) => {
                        if chars.get(j + 1).is_some_and(|n| double_quote(*n)) {
                            j += 2;
                        } else {
                            break;
                        }
                    }
                    Some(_) => j += 1,
                }
            }
            t.skeleton.extend(&chars[i..=j]);
            i = j + 1;
        } else if token_start && c == '<' && chars.get(i + 1) == Some(&'#') {
            let end = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '#' && chars[j + 1] == '>')
                .ok_or("unterminated block comment")?;
            t.skeleton.push(' ');
            i = end + 2;
        } else if token_start && c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            t.skeleton.push(' ');
        } else {
            t.skeleton.push(c);
            i += 1;
        }
    }
    Ok(t)
}

/// The single-quoted string starting at `i`: its value and the index after it.
fn single_quoted(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut j = i + 1;
    loop {
        let c = *chars.get(j)?;
        if !single_quote(c) {
            value.push(c);
            j += 1;
        } else if chars.get(j + 1).is_some_and(|n| single_quote(*n)) {
            value.push(c);
            j += 2;
        } else {
            return Some((value, j + 1));
        }
    }
}

/// `('abc' + [char]0x00F3 + 'def')` starting at `i`: its value and the index after it.
fn concatenation(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut units: Vec<u16> = Vec::new();
    let mut j = i + 1;
    loop {
        if single_quote(*chars.get(j)?) {
            let (value, next) = single_quoted(chars, j)?;
            units.extend(value.encode_utf16());
            j = next;
        } else {
            let code: String = chars.get(j..j + 12)?.iter().collect();
            let hex = code.strip_prefix("[char]0x")?;
            units.push(u16::from_str_radix(hex, 16).ok()?);
            j += 12;
        }
        match chars.get(j..j + 3) {
            Some([')', ..]) => return Some((String::from_utf16(&units).ok()?, j + 1)),
            Some([' ', '+', ' ']) => j += 3,
            _ if chars.get(j) == Some(&')') => {
                return Some((String::from_utf16(&units).ok()?, j + 1));
            }
            _ => return None,
        }
    }
}

/// The script as Windows PowerShell 5.1 reads a file without a byte-order mark (the
/// ANSI code page, Windows-1252 on Western systems), and as PowerShell 7 reads it.
fn readings(script: &str) -> [(&'static str, String); 2] {
    use yore::code_pages::CP1252;
    let bytes = script.as_bytes();
    [
        ("Windows-1252", CP1252.decode(bytes).into_owned()),
        ("UTF-8", String::from_utf8(bytes.to_vec()).unwrap()),
    ]
}

/// What a string of the benign script must be in the hostile one: `Some(Some(v))` this
/// value, `Some(None)` anything, `None` the same string.
type Expect<'a> = &'a dyn Fn(&str) -> Option<Option<String>>;

/// Checks that `hostile` reads, in both readings, as the same code as `benign` (so no
/// part of a value is outside a string or a comment), that each value is whole inside
/// its string, and that the script is plain ASCII.
fn assert_same_code(benign: &str, hostile: &str, expect: Expect<'_>) {
    let plain = tokenise(benign).unwrap();
    for (encoding, text) in readings(hostile) {
        let read = tokenise(&text).unwrap_or_else(|e| panic!("{encoding}: {e} in\n{text}"));
        assert_eq!(
            read.skeleton, plain.skeleton,
            "{encoding}: the code changed:\n{text}"
        );
        assert_eq!(
            read.strings.len(),
            plain.strings.len(),
            "{encoding}\n{text}"
        );
        for (b, h) in plain.strings.iter().zip(&read.strings) {
            match expect(b) {
                Some(Some(want)) => assert_eq!(h, &want, "{encoding}: a value changed:\n{text}"),
                Some(None) => {}
                None => assert_eq!(h, b, "{encoding}:\n{text}"),
            }
        }
    }
    assert!(hostile.is_ascii(), "not plain ASCII:\n{hostile}");
}

fn assessment(value: &str) -> Assessment {
    let mut a = Assessment {
        organisation: Some(value.to_string()),
        ..Assessment::default()
    };
    a.source.migration_admin = Some(value.to_string());
    a.source.test_mailbox = Some(value.to_string());
    a.source.exchange_server = Some(value.to_string());
    a.source.rpc_proxy_server = Some(value.to_string());
    a.tenant.verified_domains = Some(vec!["contoso.com".to_string(), value.to_string()]);
    a
}

fn script(value: &str, file_name: &str) -> String {
    let files = [CsvFile {
        name: file_name,
        bytes: CSV,
    }];
    runbook(&files, &assessment(value), &ReportOptions::default()).unwrap()
}

#[test]
fn hostile_values_stay_inside_their_strings_in_powershell_5_and_7() {
    let benign = script("PLAINVALUE", "PLAINFILE.csv");
    for value in HOSTILE {
        let file = format!("{value}.csv");
        let hostile = script(value, &file);
        let base = file.rsplit(['/', '\\']).next().unwrap().to_string();
        assert_same_code(&benign, &hostile, &|b| match b {
            "PLAINVALUE" => Some(Some(value.to_string())),
            "PLAINFILE.csv" => Some(Some(base.clone())),
            "PLAINFILE" => Some(None),
            _ => None,
        });
        assert!(hostile.contains("Get-Credential -UserName "), "{hostile}");
    }
}

/// A planned record with `value` everywhere a value can go.
fn record(value: &str) -> PlannedRecord {
    PlannedRecord {
        zone: value.into(),
        name: format!("x.{value}"),
        r#type: RecordType::Txt,
        // Over 255 characters: the script adds a comment naming the record.
        value: format!("{value}{}", "v".repeat(260)),
        ttl: 3600,
        priority: None,
        phase: Phase::BeforeFirstBatch,
        role: Role::Spf,
        purpose: value.into(),
    }
}

#[test]
fn the_dns_script_keeps_hostile_values_inside_their_strings() {
    let benign = powershell::commands("PLAINVALUE", &record("PLAINVALUE"));
    for value in HOSTILE {
        let hostile = powershell::commands(value, &record(value));
        assert_same_code(&benign, &hostile, &|b| match b {
            "PLAINVALUE" => Some(Some(value.to_string())),
            "x" => Some(Some("x".into())),
            _ if b.starts_with("PLAINVALUEvvv") => {
                Some(Some(format!("{value}{}", "v".repeat(260))))
            }
            _ => None,
        });
    }
    // A whole script, with a non-ASCII domain and hostile text where the input takes it.
    let input = |value: &str, domain: &str| PlanInput {
        domains: vec![DomainInput {
            verification: Some(format!("MS={value}")),
            existing_spf: Some(format!("v=spf1 {value} -all")),
            ..DomainInput::new(domain)
        }],
        ..PlanInput::default()
    };
    let spanish = powershell::render(&plan(&input("PLAINVALUE", "espa\u{f1}a.es")));
    assert!(spanish.is_ascii(), "{spanish}");
    for value in HOSTILE {
        let hostile = powershell::render(&plan(&input(value, "contoso.com")));
        let mut skeletons = Vec::new();
        for (encoding, text) in readings(&hostile).into_iter().chain(readings(&spanish)) {
            let read = tokenise(&text).unwrap_or_else(|e| panic!("{encoding}: {e}\n{text}"));
            for part in ["Start-Process", "Stop-Computer", "Remove-Item", "calc"] {
                assert!(!read.skeleton.contains(part), "{encoding}:\n{text}");
            }
            skeletons.push(read.skeleton);
        }
        assert_eq!(skeletons[0], skeletons[1], "5.1 and 7 read different code");
        assert_eq!(skeletons[2], skeletons[3], "5.1 and 7 read different code");
        assert!(hostile.is_ascii(), "{hostile}");
    }
}

#[test]
fn line_breaks_and_control_characters_are_refused() {
    for value in [
        "a\nRemove-Item C:\\",
        "a\r\nb",
        "a\u{2028}b",
        "a\u{0}b",
        "\u{1b}[2J",
    ] {
        let files = [CsvFile {
            name: "wave1.csv",
            bytes: CSV,
        }];
        let err = runbook(&files, &assessment(value), &ReportOptions::default()).unwrap_err();
        assert!(err.to_string().contains("control character"), "{err}");
        let named = [CsvFile {
            name: value,
            bytes: CSV,
        }];
        assert!(runbook(&named, &Assessment::default(), &ReportOptions::default()).is_err());
    }
}

#[test]
fn one_batch_per_csv_with_safe_unique_names_and_no_password() {
    let files = [
        CsvFile {
            name: "C:\\mig\\Wave 1 (Sales).csv",
            bytes: CSV,
        },
        CsvFile {
            name: "wave-1-sales.csv",
            bytes: CSV_B,
        },
    ];
    let script = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap();
    assert_eq!(
        batches(&script),
        [
            ("Wave-1-Sales".to_string(), "Wave 1 (Sales).csv".to_string()),
            ("wave-1-sales-2".to_string(), "wave-1-sales.csv".to_string())
        ]
    );
    assert!(script.contains("New-MigrationBatch -Name $b.Name -SourceEndpoint $endpointName -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $here $b.File)))"), "{script}");
    assert!(
        script.contains("# One batch per CSV file: 2 batches"),
        "{script}"
    );
    assert!(script.contains("Connect-ExchangeOnline"));
    assert!(script.contains("New-MigrationEndpoint -ExchangeOutlookAnywhere"));
    assert!(script.contains("$credential = Get-Credential -Message"));
    assert!(script.contains("Get-MigrationUser -BatchId $b.Name"));
    assert!(script.contains("$mxChangedAt.AddHours(72)"));
    assert!(script.contains("LastSyncedDateTime"));
    for banned in [
        "S3cr3t",
        "ConvertTo-SecureString",
        "-Password",
        "Invoke-Expression",
    ] {
        assert!(!script.contains(banned), "{banned} in the runbook");
    }
}

#[test]
fn two_files_with_the_same_name_are_refused() {
    for (a, b) in [
        ("d1/wave.csv", "d2/wave.csv"),
        ("C:\\mig\\a\\Wave.csv", "C:\\mig\\b\\wave.CSV"),
        ("wave.csv", "wave.csv"),
    ] {
        let files = [
            CsvFile {
                name: a,
                bytes: CSV,
            },
            CsvFile {
                name: "other.csv",
                bytes: CSV,
            },
            CsvFile {
                name: b,
                bytes: CSV,
            },
        ];
        let err = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap_err();
        assert!(
            matches!(&err, RunbookError::SameFileName { files: (1, 3), .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with("files 1 and 3 are both named "),
            "{message}"
        );
        assert!(message.contains("rename"), "{message}");
    }
    // Different names in different folders: each batch reads its own file.
    let files = [
        CsvFile {
            name: "d1/wave.csv",
            bytes: CSV,
        },
        CsvFile {
            name: "d2/wave-2.csv",
            bytes: CSV_B,
        },
    ];
    let script = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap();
    let read: Vec<String> = batches(&script).into_iter().map(|(_, file)| file).collect();
    assert_eq!(read, ["wave.csv", "wave-2.csv"]);
}

/// An MX change time outside the report's calendar (ENV034) is left out of the runbook
/// too: `$mxChangedAt` stays `$null` (the Remove step then refuses), never `Parse('')`.
#[test]
fn an_out_of_range_mx_change_is_left_out_not_written_empty() {
    let files = [CsvFile {
        name: "wave1.csv",
        bytes: CSV,
    }];
    let mut a = Assessment::default();
    a.dns.mx_changed_at = Some(time::macros::datetime!(9999-12-31 23:00 -23:00));
    let script = runbook(&files, &a, &ReportOptions::default()).unwrap();
    assert!(script.contains("$mxChangedAt = $null"), "{script}");
    assert!(!script.contains("Parse('',"), "{script}");
    a.dns.mx_changed_at = Some(time::macros::datetime!(2025-03-21 18:00 +01:00));
    let script = runbook(&files, &a, &ReportOptions::default()).unwrap();
    assert!(
        script.contains("Parse('2025-03-21T18:00:00+01:00'"),
        "{script}"
    );
}

/// The `$batches` table of a runbook: (batch name, file name), as PowerShell reads the
/// literals.
fn batches(script: &str) -> Vec<(String, String)> {
    script
        .lines()
        .filter(|l| l.trim_start().starts_with("[pscustomobject]@{ Name = "))
        .map(|l| {
            let t = tokenise(l).unwrap();
            assert_eq!(
                t.skeleton.trim(),
                "[pscustomobject]@{ Name = 'S'; File = 'S' }",
                "{l}"
            );
            (t.strings[0].clone(), t.strings[1].clone())
        })
        .collect()
}

/// Every string literal of the script's code that names a CSV file.
fn csv_literals(script: &str) -> Vec<String> {
    let mut names: Vec<String> = tokenise(script)
        .unwrap()
        .strings
        .into_iter()
        .filter(|s| s.to_lowercase().ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// A list of `rows` mailboxes without findings of severity error.
fn clean_list(rows: usize) -> String {
    let mut text = "EmailAddress,Password,ForceChangePassword\r\n".to_string();
    for i in 0..rows {
        text.push_str(&format!(
            "user{i}@contoso.com,Kq7#vZm-{i}-Lp2x!Tw9,False\r\n"
        ));
    }
    text
}

fn contoso() -> Assessment {
    let mut a = Assessment::default();
    a.tenant.verified_domains = Some(vec!["contoso.com".into()]);
    a
}

/// Issue 17: a runbook was written for files with errors, with a comment saying so;
/// the batches would then fail. It is refused, naming the files and the codes, in the
/// words of the CLI or of the page, and never a cell.
#[test]
fn files_with_errors_are_refused_naming_the_file_and_the_codes() {
    let semicolons =
        "EmailAddress;Password;ForceChangePassword\r\na@contoso.com;Kq7#vZm-Lp2x!Tw9;False\r\n";
    let short =
        "EmailAddress,Password\r\nb@contoso.com,Hq3$r\r\nc@fabrikam.com,Wm4$kR2q-Ty8%pLz\r\n";
    let good = clean_list(2);
    let files = [
        CsvFile {
            name: "C:\\mig\\Wave.csv",
            bytes: semicolons.as_bytes(),
        },
        CsvFile {
            name: "good.csv",
            bytes: good.as_bytes(),
        },
        CsvFile {
            name: "short.csv",
            bytes: short.as_bytes(),
        },
    ];
    let err = build(&files, &contoso(), &ReportOptions::default()).unwrap_err();
    let RunbookError::Blocked(blocked) = &err else {
        panic!("{err:?}");
    };
    // As many errors as the check finds in each file, and only those files.
    let check = check_files(
        &files,
        &Options {
            domains: vec!["contoso.com".into()],
            ..Options::default()
        },
    );
    let errors_in = |name: &str| {
        check
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.file.as_deref() == Some(name))
            .count() as u32
    };
    let named: Vec<(&str, u32)> = blocked
        .iter()
        .map(|b| (b.file.as_deref().unwrap(), b.errors))
        .collect();
    assert_eq!(
        named,
        [
            ("C:\\mig\\Wave.csv", errors_in("C:\\mig\\Wave.csv")),
            ("short.csv", errors_in("short.csv"))
        ]
    );
    assert!(blocked[0].codes.contains(&"CSV005"), "{blocked:?}");
    assert!(blocked[1].codes.contains(&"CSV208"), "{blocked:?}");
    let cli = err.message(Wording::Cli);
    assert!(cli.starts_with("C:\\mig\\Wave.csv has "), "{cli}");
    assert!(
        cli.ends_with(
            ": fix them (migration-preflight fix) and split them (migration-preflight split) \
             first, then make the runbook from the files you will upload"
        ),
        "{cli}"
    );
    assert!(
        err.to_string()
            .contains("fix them (Fix) and split them (Split)")
    );
    for cell in ["Hq3", "Kq7", "Wm4", "fabrikam", "b@contoso"] {
        assert!(
            !cli.contains(cell) && !err.to_string().contains(cell),
            "{cell}"
        );
    }
    // The same files without errors make a runbook, and it has no such comment.
    let script = runbook(&files[1..2], &contoso(), &ReportOptions::default()).unwrap();
    assert!(!script.contains("found errors"), "{script}");
}

/// A file over 2,000 mailboxes cannot be one batch: the runbook refuses it (CSV009) and
/// is made from its split batch files instead, naming exactly those.
#[test]
fn a_file_over_2000_rows_is_refused_and_its_split_files_are_named_exactly() {
    let all = clean_list(4_500);
    let file = [CsvFile {
        name: "Wave.csv",
        bytes: all.as_bytes(),
    }];
    let err = build(&file, &contoso(), &ReportOptions::default()).unwrap_err();
    assert!(
        matches!(&err, RunbookError::Blocked(b) if b.len() == 1 && b[0].codes.contains(&"CSV009")),
        "{err:?}"
    );
    let split = split(
        &file,
        &SplitOptions {
            size: 2_000,
            prefix: "Wave1".into(),
        },
        &Options::default(),
    )
    .unwrap();
    let parts: Vec<CsvFile<'_>> = split
        .batches
        .iter()
        .map(|b| CsvFile {
            name: &b.file_name,
            bytes: b.csv.as_bytes(),
        })
        .collect();
    let book = build(&parts, &contoso(), &ReportOptions::default()).unwrap();
    let expected = [
        ("Wave1-01", "Wave1-01.csv"),
        ("Wave1-02", "Wave1-02.csv"),
        ("Wave1-03", "Wave1-03.csv"),
    ];
    let table: Vec<(String, String)> = expected
        .iter()
        .map(|(b, f)| (b.to_string(), f.to_string()))
        .collect();
    assert_eq!(batches(&book.script), table);
    assert_eq!(
        csv_literals(&book.script),
        ["Wave1-01.csv", "Wave1-02.csv", "Wave1-03.csv"],
        "the script reads the split files and no other"
    );
    assert!(!book.script.contains("Wave.csv"), "{}", book.script);
    let listed: Vec<(&str, &str, Source)> = book
        .files
        .iter()
        .map(|f| (f.batch.as_str(), f.name.as_str(), f.source))
        .collect();
    assert_eq!(
        listed,
        expected
            .iter()
            .map(|(b, f)| (*b, *f, Source::File))
            .collect::<Vec<_>>()
    );
    assert_eq!(split.report.summary.batches_needed, 3);
    assert!(book.script.contains("# One batch per CSV file: 3 batches"));
}

/// Pasted text has no file: the script reads it from a name the caller saves it under,
/// never from a `mailboxes.csv` no one was told about.
#[test]
fn pasted_text_is_read_from_the_name_the_runbook_returns() {
    let pasted = clean_list(3);
    let other = "EmailAddress\r\nsomeone@contoso.com\r\n";
    let files = [
        CsvFile {
            name: "",
            bytes: pasted.as_bytes(),
        },
        CsvFile {
            name: "mailboxes.csv",
            bytes: other.as_bytes(),
        },
    ];
    let book = build(&files, &contoso(), &ReportOptions::default()).unwrap();
    assert_eq!(book.files[0].name, "mailboxes-2.csv");
    assert_eq!(book.files[0].source, Source::Pasted);
    assert_eq!(book.files[0].input, 0);
    assert_eq!(book.files[1].source, Source::File);
    assert_eq!(
        csv_literals(&book.script),
        ["mailboxes-2.csv", "mailboxes.csv"]
    );
    assert!(
        book.script.contains(
            "#   mailboxes-2.csv -> batch mailboxes-2 (save the list you pasted as this file)"
        ),
        "{}",
        book.script
    );
    // A pasted list with errors is refused as "the pasted list".
    let bad = "EmailAddress\r\nnot an address\r\n";
    let err = build(
        &[CsvFile {
            name: "",
            bytes: bad.as_bytes(),
        }],
        &contoso(),
        &ReportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("The pasted list has 1 error"),
        "{err}"
    );
}

/// `-Batch` and `-Wave` choose the batches of Batches, Start, Status and Remove. They
/// are checked against the characters of a batch name before any use, and compared,
/// never run or used as a pattern; Remove keeps its checks for each batch.
#[test]
fn batches_start_and_remove_by_batch_or_wave_and_the_names_stay_text() {
    let (a, b) = (clean_list(1), "EmailAddress\r\nother@contoso.com\r\n");
    let files = [
        CsvFile {
            name: "Wave1-01.csv",
            bytes: a.as_bytes(),
        },
        CsvFile {
            name: "Wave2-01.csv",
            bytes: b.as_bytes(),
        },
    ];
    let script = runbook(&files, &contoso(), &ReportOptions::default()).unwrap();
    let code = tokenise(&script).unwrap().skeleton;
    assert!(
        code.contains("[ValidatePattern'S']\n    [string] $Batch,"),
        "{code}"
    );
    assert!(
        code.contains("[ValidatePattern'S']\n    [string] $Wave\n)"),
        "{code}"
    );
    let pattern_count = tokenise(&script)
        .unwrap()
        .strings
        .iter()
        .filter(|s| *s == "^[A-Za-z0-9_-]{1,64}$")
        .count();
    assert_eq!(pattern_count, 2);
    // Every use of the two parameters in the code: declarations, tests, comparisons.
    let uses: Vec<&str> = code
        .lines()
        .filter(|l| {
            // PowerShell's variable names ignore case; `$batches` is the table.
            let l = l.to_lowercase().replace("$batches", "");
            ["$batch", "{batch}", "$wave", "{wave}"]
                .iter()
                .any(|v| l.contains(v))
        })
        .map(str::trim)
        .collect();
    assert_eq!(
        uses,
        [
            "[string] $Batch,",
            "[string] $Wave",
            "if ($Batch -and $Wave) { throw 'S' }",
            "if ($Batch) { $_.Name -eq $Batch }",
            "elseif ($Wave) { $_.Name.StartsWith($Wave + 'S', [StringComparison]::OrdinalIgnoreCase) }",
            "if ($Batch) { throw \"No batch of this runbook is named ${Batch}: see the list at its top.\" }",
            "throw \"No batch of this runbook is named ${Wave}-...: see the list at its top.\"",
        ]
    );
    // Each step that works on batches goes through the selection, Remove per batch with
    // its 72-hour and last-sync checks.
    for step in [
        "New-MigrationBatch -Name $b.Name",
        "Start-MigrationBatch -Identity $b.Name",
        "Get-MigrationUser -BatchId $b.Name",
        "foreach ($b in $selected) {\n            $name = $b.Name\n            $lastSync = (Get-MigrationBatch -Identity $name).LastSyncedDateTime",
    ] {
        assert!(code.contains(step), "{step}\n{code}");
    }
    assert!(!code.contains("$batchNames"), "{code}");
    assert!(code.contains("$notBefore = $mxChangedAt.AddHours(72)"));
    // The comments say how, with the DNS script's phases.
    assert!(script.contains(".\\staged-migration.ps1 -Step Start -Wave Wave1"));
    assert!(script.contains(".\\staged-migration.ps1 -Step Start -Batch Wave1-01"));
    for phase in [
        "Show",
        "Verify",
        "LowerTtl",
        "Spf",
        "Mx",
        "Autodiscover",
        "Dkim",
    ] {
        assert!(
            script.contains(&format!(".\\dns-records.ps1 -Step {phase} ")),
            "{phase}"
        );
    }
}

/// A hostile split prefix (a wave name) and hostile file names become batch names of
/// letters, digits, `-` and `_` only, inside string literals.
#[test]
fn a_hostile_wave_name_stays_text() {
    let all = clean_list(3);
    for value in HOSTILE {
        let split = split(
            &[CsvFile {
                name: "all.csv",
                bytes: all.as_bytes(),
            }],
            &SplitOptions {
                size: 2,
                prefix: value.to_string(),
            },
            &Options::default(),
        )
        .unwrap();
        let parts: Vec<CsvFile<'_>> = split
            .batches
            .iter()
            .map(|b| CsvFile {
                name: &b.file_name,
                bytes: b.csv.as_bytes(),
            })
            .collect();
        let script = runbook(&parts, &contoso(), &ReportOptions::default()).unwrap();
        assert!(script.is_ascii());
        let table = batches(&script);
        assert_eq!(table.len(), 2);
        for ((batch, file), made) in table.iter().zip(&split.batches) {
            assert_eq!(
                batch, &made.name,
                "the runbook's batch is the split's batch"
            );
            assert_eq!(file, &made.file_name);
            assert!(
                batch
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
                "{batch}"
            );
        }
        let code = tokenise(&script).unwrap().skeleton;
        for part in ["Start-Process", "Stop-Computer", "Remove-Item", "calc"] {
            assert!(!code.contains(part), "{value}: {part} in the code");
        }
    }
}
