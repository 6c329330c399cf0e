//! The retry policy, as the ExchangeOnlineManagement module applies it, with one change of
//! ours ([inferred]): a write is replayed only when the service said it did nothing.
//!
//! - 429 (throttled): wait `Retry-After` (decimal seconds, capped), reads and writes alike;
//! - 401: one fresh token, then a sign-in error;
//! - 503/504, the transient exception names, a broken connection: reads wait
//!   `base · 2^n` (2 s, 4 s, … in the module), 5 retries; a write is *not* replayed: its
//!   outcome is [`ApiError::Uncertain`] and the runner reconciles with a read;
//! - a connection that could not be made (nothing sent) is retried for both.
//!
//! The loop takes a [`Sleeper`], so its tests run without sleeping.

use std::time::Duration;

use crate::exchange::api::{ApiError, Kind};

/// Exception names the module retries (its `$RetryableExceptions`).
pub const TRANSIENT_EXCEPTIONS: &[&str] = &[
    "DCOverloadedException",
    "SuitabilityDirectoryException",
    "ServerInMMException",
    "ADServerSettingsChangedException",
    "StorageTransientException",
];

/// How often and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The first backoff delay (2 s in the module); doubled at each retry.
    pub base: Duration,
    /// Retries after the first attempt (5 in the module).
    pub retries: u32,
    /// The longest wait for one `Retry-After`.
    pub cap: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            base: Duration::from_secs(2),
            retries: 5,
            cap: Duration::from_secs(120),
        }
    }
}

impl Policy {
    /// The backoff before retry `n` (0-based): `base · 2^n`, capped.
    pub fn backoff(&self, n: u32) -> Duration {
        self.base
            .saturating_mul(1u32.checked_shl(n).unwrap_or(u32::MAX))
            .min(self.cap)
    }
}

/// Why one attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// 429 (or the "maximum number of concurrent requests" answer): the service did nothing.
    Throttled {
        /// The `Retry-After` delay, when the answer gave one.
        retry_after: Option<Duration>,
    },
    /// 401: the token was refused.
    Unauthorized {
        /// The service's text, for the error when a fresh token is refused too.
        message: String,
    },
    /// 503/504 or a transient exception: retried for reads, uncertain for writes.
    Transient(ApiError),
    /// The connection could not be made: nothing was sent.
    NotSent(String),
    /// The connection broke after the request may have been sent.
    Broken(String),
    /// A final answer: no retry.
    Final(ApiError),
}

/// Something that waits (the real clock, or a recorder in tests).
pub trait Sleeper {
    /// Waits for `duration`.
    fn sleep(&mut self, duration: Duration);
}

/// Waits with `std::thread::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealSleeper;

impl Sleeper for RealSleeper {
    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Parses `Retry-After` as decimal seconds (`1.5`); an HTTP date or garbage gives `None`.
pub fn retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Runs `attempt` until it succeeds or the policy gives up. `attempt` gets `true` when it
/// must sign in afresh (after a 401).
pub fn run<T>(
    policy: &Policy,
    kind: Kind,
    sleeper: &mut dyn Sleeper,
    mut attempt: impl FnMut(bool) -> Result<T, Failure>,
) -> Result<T, ApiError> {
    let mut retries = 0;
    let mut fresh = false;
    let mut refreshed = false;
    loop {
        let failure = match attempt(fresh) {
            Ok(value) => return Ok(value),
            Err(failure) => failure,
        };
        fresh = false;
        let wait = match failure {
            Failure::Final(error) => return Err(error),
            Failure::Unauthorized { message } if refreshed => {
                return Err(ApiError::SignIn {
                    message: format!("the service refused a fresh token: {message}"),
                });
            }
            Failure::Unauthorized { .. } => {
                refreshed = true;
                fresh = true;
                continue;
            }
            Failure::Throttled { retry_after } => {
                if retries >= policy.retries {
                    return Err(ApiError::GaveUp {
                        last: format!("throttled (429) after {retries} retries"),
                    });
                }
                retry_after.map_or_else(|| policy.backoff(retries), |d| d.min(policy.cap))
            }
            Failure::NotSent(message) => {
                if retries >= policy.retries {
                    return Err(ApiError::Transport { message });
                }
                policy.backoff(retries)
            }
            Failure::Transient(error) => {
                if kind == Kind::Write {
                    return Err(ApiError::Uncertain {
                        reason: error.to_string(),
                    });
                }
                if retries >= policy.retries {
                    return Err(ApiError::GaveUp {
                        last: format!("{error}, after {retries} retries"),
                    });
                }
                policy.backoff(retries)
            }
            Failure::Broken(message) => {
                if kind == Kind::Write {
                    return Err(ApiError::Uncertain { reason: message });
                }
                if retries >= policy.retries {
                    return Err(ApiError::Transport { message });
                }
                policy.backoff(retries)
            }
        };
        sleeper.sleep(wait);
        retries += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder(Vec<Duration>);

    impl Sleeper for Recorder {
        fn sleep(&mut self, duration: Duration) {
            self.0.push(duration);
        }
    }

    fn unavailable() -> Failure {
        Failure::Transient(ApiError::Service {
            status: 503,
            class: None,
            message: "Service Unavailable".into(),
        })
    }

    /// Runs a script of failures (then success) and returns the result, the waits and the
    /// `fresh` flags the attempts saw.
    fn script(
        kind: Kind,
        failures: Vec<Failure>,
    ) -> (Result<usize, ApiError>, Vec<Duration>, Vec<bool>) {
        let mut sleeper = Recorder::default();
        let mut failures = failures.into_iter();
        let mut fresh_flags = Vec::new();
        let mut calls = 0;
        let result = run(&Policy::default(), kind, &mut sleeper, |fresh| {
            fresh_flags.push(fresh);
            calls += 1;
            match failures.next() {
                Some(f) => Err(f),
                None => Ok(calls),
            }
        });
        (result, sleeper.0, fresh_flags)
    }

    #[test]
    fn retry_after_is_decimal_seconds() {
        assert_eq!(retry_after("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(retry_after("-1"), None);
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after("NaN"), None);
    }

    #[test]
    fn throttling_waits_retry_after_for_reads_and_writes() {
        for kind in [Kind::Read, Kind::Write] {
            let (result, waits, _) = script(
                kind,
                vec![Failure::Throttled {
                    retry_after: Some(Duration::from_millis(1500)),
                }],
            );
            assert_eq!(result, Ok(2));
            assert_eq!(waits, vec![Duration::from_millis(1500)]);
        }
    }

    #[test]
    fn retry_after_is_capped_and_a_missing_one_backs_off() {
        let (_, waits, _) = script(
            Kind::Read,
            vec![
                Failure::Throttled {
                    retry_after: Some(Duration::from_secs(3600)),
                },
                Failure::Throttled { retry_after: None },
            ],
        );
        assert_eq!(
            waits,
            vec![Duration::from_secs(120), Duration::from_secs(4)]
        );
    }

    #[test]
    fn a_read_backs_off_exponentially_then_gives_up() {
        let (result, waits, _) = script(Kind::Read, (0..6).map(|_| unavailable()).collect());
        let seconds: Vec<u64> = waits.iter().map(Duration::as_secs).collect();
        assert_eq!(seconds, vec![2, 4, 8, 16, 32]);
        assert!(matches!(result, Err(ApiError::GaveUp { ref last }) if last.contains("503")));
    }

    #[test]
    fn a_read_that_recovers_returns_its_value() {
        let (result, waits, _) = script(Kind::Read, vec![unavailable(), unavailable()]);
        assert_eq!(result, Ok(3));
        assert_eq!(waits.len(), 2);
    }

    #[test]
    fn a_write_is_not_replayed_after_a_5xx_or_a_broken_connection() {
        let (result, waits, calls) = script(Kind::Write, vec![unavailable()]);
        assert!(matches!(result, Err(ApiError::Uncertain { .. })));
        assert!(waits.is_empty());
        assert_eq!(calls.len(), 1);
        let (result, _, calls) = script(Kind::Write, vec![Failure::Broken("reset".into())]);
        assert!(matches!(result, Err(ApiError::Uncertain { .. })));
        assert_eq!(calls.len(), 1);
    }

    #[test]
    fn nothing_sent_is_retried_even_for_a_write() {
        let (result, waits, _) = script(Kind::Write, vec![Failure::NotSent("refused".into())]);
        assert_eq!(result, Ok(2));
        assert_eq!(waits, vec![Duration::from_secs(2)]);
    }

    #[test]
    fn a_401_gets_one_fresh_token_then_a_sign_in_error() {
        let refused = || Failure::Unauthorized {
            message: "expired".into(),
        };
        let (result, waits, fresh) = script(Kind::Write, vec![refused()]);
        assert_eq!(result, Ok(2));
        assert_eq!(fresh, vec![false, true]);
        assert!(waits.is_empty());
        let (result, _, fresh) = script(Kind::Read, vec![refused(), refused()]);
        assert!(matches!(result, Err(ApiError::SignIn { .. })));
        assert_eq!(fresh, vec![false, true]);
    }

    #[test]
    fn a_final_answer_is_not_retried() {
        let error = ApiError::NotFound {
            message: "no".into(),
        };
        let (result, waits, calls) = script(Kind::Read, vec![Failure::Final(error.clone())]);
        assert_eq!(result, Err(error));
        assert!(waits.is_empty());
        assert_eq!(calls.len(), 1);
    }

    #[test]
    fn the_base_delay_is_configurable() {
        let policy = Policy {
            base: Duration::from_millis(50),
            ..Policy::default()
        };
        assert_eq!(policy.backoff(0), Duration::from_millis(50));
        assert_eq!(policy.backoff(3), Duration::from_millis(400));
        assert_eq!(policy.backoff(40), policy.cap);
    }
}
