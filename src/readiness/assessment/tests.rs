//! Unit tests of [`super`] (a file of their own to keep the module short).

use super::*;

#[test]
fn template_reads_and_names_every_field() {
    let assessment = Assessment::from_json(TEMPLATE).unwrap();
    assert_eq!(
        assessment.source.exchange_version,
        ExchangeVersion::Exchange2007
    );
    assert_eq!(assessment.display_offset().whole_hours(), 1);
    // Every field of the type appears in the template: same keys after a round trip.
    let from_template: serde_json::Value = serde_json::from_str(TEMPLATE).unwrap();
    let round_trip: serde_json::Value = serde_json::from_str(&assessment.to_json()).unwrap();
    assert_eq!(from_template, round_trip);
}

#[test]
fn empty_and_missing_answers_are_unknown() {
    let empty = Assessment::from_json("").unwrap();
    assert_eq!(empty.source.outlook_anywhere_enabled, Answer::Unknown);
    let partial = Assessment::from_json(r#"{"source":{"certificate":"selfSigned"}}"#).unwrap();
    assert_eq!(partial.source.certificate, Certificate::SelfSigned);
    assert_eq!(partial.schema_version, SCHEMA_VERSION);
    assert_eq!(partial.tenant.directory_sync, Answer::Unknown);
}

#[test]
fn refuses_misspelt_fields_other_versions_and_dates_without_offset() {
    let misspelt = Assessment::from_json(r#"{"source":{"outlookAnywhere":"yes"}}"#);
    assert!(misspelt.unwrap_err().message.contains("outlookAnywhere"));
    assert!(Assessment::from_json(r#"{"schemaVersion":3}"#).is_err());
    let no_offset = Assessment::from_json(r#"{"schedule":{"plannedStart":"2025-03-10T18:00:00"}}"#);
    assert!(no_offset.is_err());
    assert!(Assessment::from_json(r#"{"utcOffset":"CET"}"#).is_err());
    assert!(Assessment::from_json("[").is_err());
}

#[test]
fn errors_name_the_field_what_to_write_and_the_line() {
    let text = "{\n  \"schemaVersion\": 2,\n  \"schedule\": {\n    \"plannedStart\": \"10.03.2025 18:00\"\n  }\n}";
    let message = Assessment::from_json(text).unwrap_err().message;
    assert!(message.starts_with("schedule.plannedStart: "), "{message}");
    assert!(
        message.contains("write a date and time with its offset, like 2025-03-03 09:00 +01:00"),
        "{message}"
    );
    assert!(message.ends_with("(line 4)"), "{message}");
    assert!(!message.contains("character literal"), "{message}");
    for (text, says) in [
        (
            r#"{"source":{"outlookAnywhere":"yes"}}"#,
            "source.outlookAnywhere: \"outlookAnywhere\" is not a field",
        ),
        (
            r#"{"source":{"certificate":"selfsigned"}}"#,
            "source.certificate: \"selfsigned\" is not one of the answers; write one of trusted, selfSigned, unknown",
        ),
        (
            r#"{"dns":{"mxTtlSeconds":"3600"}}"#,
            "dns.mxTtlSeconds: write a whole number",
        ),
        (
            r#"{"tenant":{"verifiedDomains":"contoso.com"}}"#,
            "tenant.verifiedDomains: write a list in brackets",
        ),
        (r#"{"utcOffset":"CET"}"#, "utcOffset: "),
        ("{\n\"tenant\": {\n", "the file ends too early (line"),
        (
            "{\n\"tenant\" {}}",
            "line 2, column 10: this is not valid JSON",
        ),
        (
            r#"{"schemaVersion":3}"#,
            "schemaVersion: 3 is not a version this tool reads",
        ),
    ] {
        let message = Assessment::from_json(text).unwrap_err().message;
        assert!(message.contains(says), "{text}: {message}");
    }
}

#[test]
fn reads_both_date_forms_us_spellings_and_version_1() {
    let typed = Assessment::from_json(
            r#"{"schemaVersion":1,"organization":"Contoso","schedule":{"plannedStart":"2025-03-10 18:00 +01:00","plannedLastBatch":"2025-03-14T17:00:00Z"},"tenant":{"licensesAvailable":7},"progress":{"licensesAssigned":"yes"}}"#,
        )
        .unwrap();
    let rfc = Assessment::from_json(
            r#"{"schedule":{"plannedStart":"2025-03-10T18:00:00+01:00","plannedLastBatch":"2025-03-14 18:00 +0100"}}"#,
        )
        .unwrap();
    assert_eq!(typed.schedule.planned_start, rfc.schedule.planned_start);
    assert_eq!(
        typed.schedule.planned_last_batch,
        rfc.schedule.planned_last_batch
    );
    assert_eq!(typed.organisation.as_deref(), Some("Contoso"));
    assert_eq!(typed.tenant.licences_available, Some(7));
    assert_eq!(typed.progress.licences_assigned, Answer::Yes);
    // Version 1 is read and written back as the current version, in RFC 3339.
    assert_eq!(typed.schema_version, SCHEMA_VERSION);
    assert!(
        typed
            .to_json()
            .contains("\"plannedStart\": \"2025-03-10T18:00:00+01:00\"")
    );
}

#[test]
fn permission_sets() {
    let p = |full, receive, write| {
        Permissions {
            full_access: full,
            receive_as: receive,
            write_target_address: write,
        }
        .sufficient()
    };
    use Answer::*;
    assert_eq!(p(Yes, No, Yes), Yes);
    assert_eq!(p(No, Yes, Yes), Yes);
    assert_eq!(p(Yes, Yes, No), No);
    assert_eq!(p(No, No, Yes), No);
    assert_eq!(p(Unknown, No, Yes), Unknown);
    assert_eq!(p(Yes, Unknown, Unknown), Unknown);
}
