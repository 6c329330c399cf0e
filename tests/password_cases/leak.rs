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

/// Every way a secret could be written into an output: as is, trimmed, lowercased,
/// JSON-escaped, HTML-escaped, and the IDNA (`xn--`) form of its domain-looking parts.
pub fn forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let html = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut forms = vec![
        secret.to_string(),
        secret.trim().to_string(),
        secret.to_lowercase(),
        json[1..json.len() - 1].to_string(),
        html.clone(),
        html.replace('\'', "&#39;"),
        html.replace('\'', "&#x27;"),
    ];
    for part in secret.split('@').skip(1).filter(|p| p.contains('.')) {
        if let Ok(ascii) = idna::domain_to_ascii(part) {
            if ascii.contains("xn--") {
                forms.push(ascii);
            }
        }
    }
    forms.retain(|f| f.chars().count() >= 4);
    forms
}

/// The first form of a secret in `output`, if any.
pub fn find_secret<'a>(output: &str, secrets: impl IntoIterator<Item = &'a str>) -> Option<String> {
    secrets
        .into_iter()
        .flat_map(forms)
        .find(|form| output.contains(form.as_str()))
}

/// Fails if `output` holds any password (in any form) or any fragment of one.
pub fn assert_no_password(output: &str, what: &str) {
    if let Some(form) = find_secret(output, PASSWORDS.iter().copied()) {
        panic!("{what} holds the password {form:?}:\n{output}");
    }
    for fragment in FRAGMENTS {
        assert!(
            !output.contains(fragment),
            "{what} holds {fragment:?}:\n{output}"
        );
    }
}
