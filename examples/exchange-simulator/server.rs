//! One connection: read the request, route it, answer (or drop), log it.

use std::net::{Shutdown, TcpStream};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{self, Outcome, lock};
use crate::http::{self, Request, Response, Unreadable};
use crate::log::Entry;
use crate::sim::Sim;
use crate::{batch, endpoint, token};

/// Serves one connection (one request: every answer says `Connection: close`).
pub fn serve(mut stream: TcpStream, shared: &Mutex<Sim>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let request = match http::read_request(&mut stream) {
        Ok(request) => request,
        Err(Unreadable(Some(status))) => {
            let _ = http::write_response(&mut stream, &Response::empty(status));
            return;
        }
        Err(Unreadable(None)) => return,
    };
    let internal = request.path.starts_with("/_sim/");
    let mut entry = Entry {
        method: request.method.clone(),
        path: request.path.chars().take(300).collect(),
        request_id: request
            .header("client-request-id")
            .map(|id| id.chars().take(100).collect()),
        ..Entry::default()
    };
    if !internal {
        let mut sim = lock(shared);
        sim.requests += 1;
        entry.n = sim.requests;
        entry.ms = sim.real_ms();
    }
    let outcome = route(&request, shared, &mut entry);
    match &outcome {
        Outcome::Answer(response) => {
            entry.status = Some(response.status);
            entry.retry_after = response
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Retry-After"))
                .map(|(_, v)| v.clone());
            if !internal {
                lock(shared).log.record(&entry);
            }
            let _ = http::write_response(&mut stream, response);
        }
        Outcome::Drop => {
            lock(shared).log.record(&entry);
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn route(request: &Request, shared: &Mutex<Sim>, entry: &mut Entry) -> Outcome {
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    let method = request.method.as_str();
    let answer = match (method, segments.as_slice()) {
        ("POST", [tenant, "oauth2", "v2.0", "devicecode"]) => {
            token::devicecode(&mut lock(shared), tenant, &request.body)
        }
        ("POST", [tenant, "oauth2", "v2.0", "token"]) => {
            token::token(&mut lock(shared), tenant, &request.body, entry)
        }
        ("POST", ["adminapi", "beta", tenant, "InvokeCommand"]) => {
            return api::invoke(shared, tenant, request, entry);
        }
        ("GET", ["adminapi", "v1.0", tenant, "EXOModuleFile"]) => {
            let sim = lock(shared);
            if token::authorized(&sim, request.header("Authorization"), tenant) {
                Response::json(200, &endpoint::module_file(&sim))
            } else {
                token::unauthorized()
            }
        }
        ("GET", ["_sim", "state"]) => {
            let mut sim = lock(shared);
            sim.tick();
            Response::json(200, &state(&sim))
        }
        ("POST", ["_sim", "advance"]) => match request.query_param("ms").map(|v| v.parse()) {
            Some(Ok(ms)) => {
                let mut sim = lock(shared);
                sim.advanced_ms = sim.advanced_ms.saturating_add(ms);
                sim.tick();
                let now = sim.now_ms();
                Response::json(200, &json!({"now": sim.date(now), "now_ms": now}))
            }
            _ => Response::json(400, &json!({"error": "advance takes ?ms=N"})),
        },
        (_, _) => Response::json(
            404,
            &json!({"error": {"code": "NotFound", "message": "No such resource in the simulator."}}),
        ),
    };
    Outcome::Answer(answer)
}

/// `GET /_sim/state`: what the tests assert on. No token, password or CSV cell other than
/// the EmailAddress column.
fn state(sim: &Sim) -> Value {
    let batches: Vec<Value> = sim
        .tenant
        .batches
        .iter()
        .map(|b| {
            let mut value = batch::json_of(sim, b);
            value["Users"] = b
                .users
                .iter()
                .map(|u| {
                    json!({
                        "EmailAddress": u.address,
                        "Status": u.status.name(),
                        "ErrorSummary": u.error,
                    })
                })
                .collect();
            value
        })
        .collect();
    let endpoints: Vec<Value> = sim
        .tenant
        .endpoints
        .iter()
        .map(|e| {
            json!({
                "name": e.name,
                "available": e.available,
                "credential_matched": e.credential_matched,
            })
        })
        .collect();
    let now = sim.now_ms();
    json!({
        "url": sim.url,
        "now": sim.date(now),
        "now_ms": now,
        "api_requests": sim.api_requests,
        "tokens_issued": sim.tokens.len(),
        "batches": batches,
        "endpoints": endpoints,
        "creates": sim.tenant.creates,
        "starts": sim.tenant.starts,
        "stops": sim.tenant.stops,
        "removes": sim.tenant.removes,
        "log": sim.log.entries(),
    })
}
