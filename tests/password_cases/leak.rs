//! Passwords with markup and quote characters, and the check that an output holds none
//! of them; shared by the library and the command-line leak tests.

/// Passwords with markup and quote characters; several fail every rule they can.
pub const PASSWORDS: &[&str] = &[
    "<script>alert(\"pw\")</script>",
    "Pa\"ss'&</td>9",
    "</td><td>O'Br\"ien&amp;1",
    "=<script>x",
    " '\"&<>é ",
    "<é\"'&",
    "&quot;Contoso'1<",
    "-\"</td>",
    "@'<b>Pa$$w0rd</b>",
    "Pa$$w0rd'<",
];

/// Fragments that only the passwords contain: none may appear in any output.
const FRAGMENTS: &[&str] = &[
    "<script", "</td>", "&amp;", "&quot;", "O'Br", "<b>", "alert(",
];

/// A CSV with every password on its own row, the first one twice, written with proper
/// CSV quoting, and a ForceChangePassword value that is not True or False.
pub fn csv() -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(["EmailAddress", "Password", "ForceChangePassword"])
        .unwrap();
    for (i, password) in PASSWORDS.iter().chain(&PASSWORDS[..1]).enumerate() {
        let email = format!("pilar.contoso{i}@contoso.com");
        let force = if i % 2 == 0 { "Yes" } else { "True" };
        writer
            .write_record([email.as_str(), password, force])
            .unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Every way a password could be written into an output: as is, trimmed, JSON-escaped,
/// HTML-escaped.
fn forms(password: &str) -> Vec<String> {
    let json = serde_json::to_string(password).unwrap();
    let html = password
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    [
        password.to_string(),
        password.trim().to_string(),
        json[1..json.len() - 1].to_string(),
        html,
    ]
    .into_iter()
    .filter(|f| f.len() >= 4)
    .collect()
}

/// Fails if `output` holds any password (in any form) or any fragment of one.
pub fn assert_no_password(output: &str, what: &str) {
    for password in PASSWORDS {
        for form in forms(password) {
            assert!(
                !output.contains(&form),
                "{what} holds the password {form:?}:\n{output}"
            );
        }
    }
    for fragment in FRAGMENTS {
        assert!(
            !output.contains(fragment),
            "{what} holds {fragment:?}:\n{output}"
        );
    }
}
