//! `POST /adminapi/beta/{tenant}/InvokeCommand`: the bearer token, the fault for this
//! request number, the cmdlet, and paging with `@odata.nextLink`.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::fault::Fault;
use crate::http::{Request, Response};
use crate::log::Entry;
use crate::reply::CmdletError;
use crate::sim::Sim;
use crate::{batch, endpoint, token, user};

/// Skip tokens kept for paging; older ones expire.
const MAX_PAGES: usize = 1000;

/// What to do with the connection.
pub enum Outcome {
    /// Send this.
    Answer(Response),
    /// Close without answering (the `drop` fault).
    Drop,
}

/// Locks the simulator, even after a panic in another thread.
pub fn lock(shared: &Mutex<Sim>) -> MutexGuard<'_, Sim> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Handles one InvokeCommand request.
pub fn invoke(shared: &Mutex<Sim>, tenant: &str, request: &Request, entry: &mut Entry) -> Outcome {
    let fault = {
        let mut sim = lock(shared);
        sim.api_requests += 1;
        entry.api = Some(sim.api_requests);
        if !token::authorized(&sim, request.header("Authorization"), tenant) {
            return Outcome::Answer(token::unauthorized());
        }
        sim.config.faults.get(&sim.api_requests).cloned()
    };
    let skip_token = request.query_param("$skiptoken");
    entry.page = skip_token.is_some();
    let (name, parameters) = match cmdlet_input(&request.body) {
        Ok(input) => input,
        Err(e) => return Outcome::Answer(Response::json(e.status, &e.body())),
    };
    entry.cmdlet = Some(name.chars().take(80).collect());
    entry.target = ["Identity", "Name", "BatchId", "Endpoint"]
        .iter()
        .find_map(|k| parameters.get(*k).and_then(Value::as_str))
        .map(|s| s.chars().take(80).collect());
    if let Some(fault) = &fault {
        entry.fault = Some(fault.name());
        if !fault.runs_cmdlet() {
            return Outcome::Answer(fault_answer(fault));
        }
        if let Fault::Slow(ms) = fault {
            std::thread::sleep(Duration::from_millis(*ms));
        }
    }
    let mut sim = lock(shared);
    sim.tick();
    let result = match skip_token {
        Some(token) => next_page(&mut sim, &token),
        None => run(&mut sim, &name, &parameters),
    };
    if fault == Some(Fault::Drop) {
        return Outcome::Drop;
    }
    let (values, warnings) = match result {
        Ok(output) => output,
        Err(e) => return Outcome::Answer(Response::json(e.status, &e.body())),
    };
    let page_size = page_size(&sim, request);
    let base = format!("{}/adminapi/beta/{tenant}", sim.url);
    let mut body = json!({
        "@odata.context": format!("{base}/$metadata#Collection(Exchange.GenericHashTable)"),
    });
    let mut values = values;
    if values.len() > page_size {
        let rest = values.split_off(page_size);
        let key = Sim::random_token();
        sim.pages.push_back((key.clone(), rest));
        if sim.pages.len() > MAX_PAGES {
            sim.pages.pop_front();
        }
        body["@odata.nextLink"] = json!(format!("{base}/InvokeCommand?$skiptoken={key}"));
    }
    if fault == Some(Fault::NextLinkForeign) {
        let foreign = base.replacen("127.0.0.1", "foreign.invalid", 1);
        let foreign = if foreign == base {
            format!("http://foreign.invalid/adminapi/beta/{tenant}")
        } else {
            foreign
        };
        body["@odata.nextLink"] = json!(format!("{foreign}/InvokeCommand?$skiptoken=elsewhere"));
    }
    if !warnings.is_empty() {
        body["@adminapi.warnings"] = json!(warnings);
    }
    body["value"] = Value::Array(values);
    Outcome::Answer(Response::json(200, &body))
}

/// `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}`.
fn cmdlet_input(body: &[u8]) -> Result<(String, Map<String, Value>), CmdletError> {
    let invalid = |why: &str| {
        CmdletError::bad(
            "Microsoft.Exchange.Admin.OData.Core.ODataException",
            format!("The request body is not a valid CmdletInput: {why}"),
        )
    };
    let value: Value = serde_json::from_slice(body).map_err(|_| invalid("not JSON"))?;
    let input = value
        .get("CmdletInput")
        .ok_or_else(|| invalid("CmdletInput is missing"))?;
    let name = input
        .get("CmdletName")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("CmdletName is missing"))?;
    let parameters = match input.get("Parameters") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => return Err(invalid("Parameters must be an object")),
    };
    Ok((name.to_string(), parameters))
}

fn run(sim: &mut Sim, name: &str, parameters: &Map<String, Value>) -> batch::Output {
    type Cmdlet = fn(&mut Sim, &Map<String, Value>) -> batch::Output;
    const CMDLETS: &[(&str, Cmdlet)] = &[
        ("Get-MigrationEndpoint", endpoint::get),
        ("New-MigrationEndpoint", endpoint::new),
        ("Test-MigrationServerAvailability", endpoint::test),
        ("New-MigrationBatch", batch::new),
        ("Start-MigrationBatch", batch::start),
        ("Stop-MigrationBatch", batch::stop),
        ("Remove-MigrationBatch", batch::remove),
        ("Get-MigrationBatch", batch::get),
        ("Get-MigrationUser", user::get),
    ];
    match CMDLETS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some((_, cmdlet)) => cmdlet(sim, parameters),
        None => Err(CmdletError::bad(
            "System.Management.Automation.CommandNotFoundException",
            format!(
                "The term '{name}' is not recognized as a name of a cmdlet, function, script \
                 file, or executable program."
            ),
        )),
    }
}

fn next_page(sim: &mut Sim, key: &str) -> batch::Output {
    match sim.pages.iter().position(|(k, _)| k == key) {
        Some(i) => {
            let (_, rest) = sim.pages.remove(i).unwrap_or_default();
            Ok((rest, Vec::new()))
        }
        None => Err(CmdletError::bad(
            "Microsoft.Exchange.Admin.OData.Core.ODataException",
            "The skip token is not valid or has expired. Run the cmdlet again.",
        )),
    }
}

/// `--page-size`, or less when `Prefer: odata.maxpagesize=N` asks.
fn page_size(sim: &Sim, request: &Request) -> usize {
    let asked = request.header("Prefer").and_then(|prefer| {
        prefer.split(',').find_map(|part| {
            part.trim()
                .strip_prefix("odata.maxpagesize=")
                .and_then(|n| n.trim().parse::<usize>().ok())
        })
    });
    let size = sim.config.page_size.max(1);
    asked.map_or(size, |a| size.min(a.max(1)))
}

/// The answer of a fault that does not run the cmdlet.
fn fault_answer(fault: &Fault) -> Response {
    match fault {
        Fault::Throttle(seconds) => Response::json(
            429,
            &json!({"error": {
                "code": "TooManyRequests",
                "message": "Too many requests. Please retry after the time given in Retry-After.",
            }}),
        )
        .with_header("Retry-After", seconds),
        Fault::Status(status) => {
            let (code, message) = match status {
                503 => (
                    "ServiceUnavailable",
                    "The service is temporarily unavailable.",
                ),
                504 => ("GatewayTimeout", "The request timed out."),
                _ => ("InternalServerError", "An internal server error occurred."),
            };
            Response::json(
                *status,
                &json!({"error": {"code": code, "message": message}}),
            )
        }
        Fault::Forbidden(text) => Response::empty(403).with_header("x-ms-diagnostics", text),
        Fault::AdminApiError => Response::json(
            200,
            &json!({
                "value": [],
                "@adminapi.errors": [{
                    "code": "Error",
                    "message": "Ex2A1C4F|Microsoft.Exchange.Migration.MigrationPermanentException|The operation couldn't be completed (simulated error inside a 200 answer).",
                }],
            }),
        ),
        Fault::Transient => {
            let e = CmdletError {
                status: 500,
                class: "Microsoft.Exchange.Data.Directory.DCOverloadedException".into(),
                message: "The domain controller is overloaded. Try again later.".into(),
            };
            Response::json(500, &e.body())
        }
        Fault::Slow(_) | Fault::Drop | Fault::NextLinkForeign => {
            Response::json(500, &json!({"error": {"code": "InternalServerError"}}))
        }
    }
}
