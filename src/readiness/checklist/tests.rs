//! Unit tests of [`super`] (a file of their own to keep the module short).

use super::*;
use crate::readiness::assessment::{Certificate, TEMPLATE};

fn build(assessment: &Assessment, findings: &[Finding]) -> Vec<Task> {
    let dates = KeyDates::default();
    checklist(&Context {
        assessment,
        findings,
        dates: &dates,
        now: None,
    })
}

fn task<'a>(tasks: &'a [Task], id: &str) -> &'a Task {
    tasks.iter().find(|t| t.id == id).unwrap()
}

#[test]
fn covers_the_procedure_in_order_with_known_dependencies() {
    let tasks = build(&Assessment::default(), &[]);
    let ids: Vec<&str> = tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), 20);
    for (i, t) in tasks.iter().enumerate() {
        for d in t.depends_on {
            let at = ids.iter().position(|id| id == d).unwrap();
            assert!(at < i, "{} depends on the later {d}", t.id);
        }
        assert!(
            t.admin_center.is_some()
                || t.cmdlet.is_some()
                || t.id == "wait-72h"
                || t.status == Status::NotApplicable
        );
    }
    // Nothing is done while every answer is unknown, but the CSV task has no
    // findings to fix here and nothing is an error.
    assert!(
        tasks
            .iter()
            .all(|t| t.status == Status::Todo || t.id == "csv" || t.id == "mrs-proxy")
    );
    let mrs = task(&tasks, "mrs-proxy");
    assert_eq!(mrs.status, Status::NotApplicable);
    assert!(mrs.note.as_deref().unwrap().contains("Exchange 2010"));
}

#[test]
fn an_error_blocks_the_task_and_everything_after_it() {
    let mut assessment = Assessment::from_json(TEMPLATE).unwrap();
    assessment.source.certificate = Certificate::SelfSigned;
    let finding = crate::readiness::environment::CERTIFICATE_SELF_SIGNED.finding("x");
    let tasks = build(&assessment, &[finding]);
    assert_eq!(task(&tasks, "certificate").status, Status::Blocked);
    assert_eq!(task(&tasks, "certificate").blocked_by, vec!["ENV005"]);
    assert_eq!(task(&tasks, "endpoint").blocked_by, vec!["ENV005"]);
    assert_eq!(task(&tasks, "decommission").status, Status::Blocked);
    assert_eq!(task(&tasks, "outlook-anywhere").status, Status::Done);
    assert_eq!(task(&tasks, "verify-domain").status, Status::Done);
}

#[test]
fn warnings_are_open_items_and_csv_errors_block_the_csv_task() {
    let unknown = crate::readiness::environment::PERMISSIONS_UNKNOWN.finding("x");
    let csv_error = crate::address::DUPLICATE.finding("x").at_row(3);
    let tasks = build(&Assessment::default(), &[unknown, csv_error]);
    assert_eq!(task(&tasks, "permissions").status, Status::Todo);
    assert_eq!(task(&tasks, "permissions").open_items, vec!["ENV010"]);
    assert_eq!(task(&tasks, "csv").blocked_by, vec!["CSV207"]);
    assert_eq!(task(&tasks, "batches").status, Status::Blocked);
}

#[test]
fn mrs_proxy_off_blocks_nothing() {
    let mut assessment = Assessment::from_json(TEMPLATE).unwrap();
    assessment.source.mrs_proxy_enabled = Answer::No;
    let off = crate::readiness::environment::MRS_PROXY_OFF.finding("x");
    let tasks = build(&assessment, &[off]);
    assert_eq!(task(&tasks, "mrs-proxy").status, Status::NotApplicable);
    assert!(task(&tasks, "mrs-proxy").blocked_by.is_empty());
    assert!(!task(&tasks, "endpoint").depends_on.contains(&"mrs-proxy"));
    assert_eq!(task(&tasks, "endpoint").status, Status::Todo);
}

#[test]
fn a_domain_that_can_never_be_verified_blocks_the_domain_task() {
    let assessment = Assessment::default();
    let finding = crate::address::NON_ROUTABLE.finding("x").at_row(2);
    let tasks = build(&assessment, &[finding]);
    assert_eq!(task(&tasks, "verify-domain").blocked_by, vec!["CSV212"]);
}
