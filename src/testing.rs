//! Helpers for the unit tests.

/// Advances a xorshift64 state and returns the new state: cheap, repeatable
/// pseudo-random numbers for tests that compare two implementations on many inputs.
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
