//! A yes/no answer that may also be unknown.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// An answer to a yes/no question of the assessment.
///
/// Written as `"yes"`, `"no"` or `"unknown"`; `true`, `false` and `null` are read too,
/// and a missing answer is `unknown`. Unknown is never a pass: it becomes an open item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Confirmed.
    Yes,
    /// Confirmed not to be the case.
    No,
    /// Nobody has checked yet.
    #[default]
    Unknown,
}

impl Answer {
    /// Whether the answer is `yes`.
    pub fn is_yes(self) -> bool {
        self == Answer::Yes
    }

    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"yes\", \"no\", \"unknown\", true, false or null")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Answer, E> {
        Ok(if value { Answer::Yes } else { Answer::No })
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Answer, E> {
        match value.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Ok(Answer::Yes),
            "no" | "false" => Ok(Answer::No),
            "unknown" | "" => Ok(Answer::Unknown),
            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Answer, E> {
        Ok(Answer::Unknown)
    }

    fn visit_none<E: de::Error>(self) -> Result<Answer, E> {
        Ok(Answer::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Answer, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn reads_words_booleans_and_null() {
        assert_eq!(read("\"yes\"").unwrap(), Answer::Yes);
        assert_eq!(read("\"No\"").unwrap(), Answer::No);
        assert_eq!(read("true").unwrap(), Answer::Yes);
        assert_eq!(read("false").unwrap(), Answer::No);
        assert_eq!(read("null").unwrap(), Answer::Unknown);
        assert_eq!(read("\"unknown\"").unwrap(), Answer::Unknown);
        assert!(read("\"maybe\"").is_err());
        assert!(read("3").is_err());
        assert_eq!(serde_json::to_string(&Answer::No).unwrap(), "\"no\"");
    }
}
