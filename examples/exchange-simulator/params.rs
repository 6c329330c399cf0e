//! Reading a cmdlet's `Parameters` object: the allowed names, strings, switches, arrays.

use serde_json::{Map, Value};

use crate::reply::CmdletError;

/// Parameters every cmdlet takes.
const COMMON: &[&str] = &[
    "Confirm",
    "ErrorAction",
    "WarningAction",
    "Verbose",
    "Debug",
];

/// A cmdlet's parameters, checked against the names it knows.
pub struct Params<'a>(pub &'a Map<String, Value>);

impl<'a> Params<'a> {
    /// Refuses a parameter not in `known` (nor common), as Exchange does.
    pub fn check(parameters: &'a Map<String, Value>, known: &[&str]) -> Result<Self, CmdletError> {
        for name in parameters.keys() {
            let ok = known
                .iter()
                .chain(COMMON)
                .any(|k| k.eq_ignore_ascii_case(name));
            if !ok {
                return Err(CmdletError::unknown_parameter(name));
            }
        }
        Ok(Params(parameters))
    }

    /// A parameter by name (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// A string parameter; an Identity may also come as `{"Value":…}` or `{"Name":…}`.
    pub fn string(&self, name: &str) -> Result<Option<String>, CmdletError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Object(o)) => match o.get("Value").or_else(|| o.get("Name")) {
                Some(Value::String(s)) => Ok(Some(s.clone())),
                _ => Err(CmdletError::argument(name, "Expected a string.")),
            },
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(CmdletError::argument(name, "Expected a string.")),
        }
    }

    /// A required string parameter.
    pub fn required(&self, name: &str) -> Result<String, CmdletError> {
        self.string(name)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| CmdletError::argument(name, "The argument is null or empty."))
    }

    /// A switch (`true`/`false`; absent = false).
    pub fn switch(&self, name: &str) -> Result<bool, CmdletError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(CmdletError::argument(name, "A switch takes true or false.")),
        }
    }

    /// A multi-valued parameter: an array of strings (a single string is one value).
    pub fn strings(&self, name: &str) -> Result<Vec<String>, CmdletError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| CmdletError::argument(name, "Expected strings."))
                })
                .collect(),
            Some(_) => Err(CmdletError::argument(name, "Expected an array of strings.")),
        }
    }

    /// `Confirm:false` is required on cmdlets that would prompt (Stop, Remove): the
    /// module sends it, and without a host to answer the prompt the call fails [inferred].
    pub fn confirmed(&self) -> Result<(), CmdletError> {
        match self.get("Confirm") {
            Some(Value::Bool(false)) => Ok(()),
            _ => Err(CmdletError::bad(
                "System.Management.Automation.Host.HostException",
                "A command that prompts the user failed because the host program or the \
                 command type does not support user interaction. Send \"Confirm\": false.",
            )),
        }
    }
}
