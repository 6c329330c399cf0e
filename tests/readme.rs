//! The README's finding catalogue lists every code the checker can report, once.

use migration_preflight::catalogue;

#[test]
fn readme_catalogue_lists_every_code_with_its_severity() {
    let readme = include_str!("../README.md");
    for rule in catalogue::rules() {
        let prefix = format!("| {} | {} |", rule.code, rule.severity.as_str());
        let rows = readme
            .lines()
            .filter(|l| l.starts_with(&format!("| {} |", rule.code)))
            .count();
        assert_eq!(rows, 1, "{} must be listed exactly once", rule.code);
        assert!(
            readme.lines().any(|l| l.starts_with(&prefix)),
            "{} listed with the wrong severity",
            rule.code
        );
    }
}

#[test]
fn readme_lists_no_code_the_checker_lacks() {
    let readme = include_str!("../README.md");
    for line in readme
        .lines()
        .filter(|l| l.starts_with("| ") && l.len() > 9)
    {
        let code = &line[2..8];
        if code.bytes().take(3).all(|b| b.is_ascii_uppercase())
            && code[3..].bytes().all(|b| b.is_ascii_digit())
        {
            assert!(
                catalogue::rule(code).is_some(),
                "README lists {code}, which the checker does not have"
            );
        }
    }
}
