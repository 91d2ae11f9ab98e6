//! Trino query ids: `yyyyMMdd_HHmmss_NNNNN_xxxxx` (spec §1.5).
//!
//! The timestamp is UTC, `NNNNN` a per-day counter (`00000`–`99999`) and `xxxxx` a coordinator
//! id drawn from a 32-letter alphabet (`a-z` and `2-9` without `l`, `o`, `0`, `1`).
//! trino-gateway extracts ids from URLs and the Python tests look for them in `infoUri`, so
//! the format must be exact.

use std::fmt;

use chrono::{DateTime, Utc};
use thiserror::Error;

/// The alphabet of coordinator ids, in Trino's order.
pub const COORDINATOR_ID_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// Length of a coordinator id.
pub const COORDINATOR_ID_LENGTH: usize = 5;

/// Largest per-day counter value that fits the five-digit field.
pub const MAX_QUERY_COUNTER: u32 = 99_999;

/// Invalid input for building a query id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryIdError {
    /// The coordinator id is not five characters of the alphabet.
    #[error("invalid coordinator id `{0}`: expected 5 characters of [a-km-np-z2-9]")]
    InvalidCoordinatorId(String),
    /// The counter does not fit in five digits.
    #[error("query counter {0} exceeds {MAX_QUERY_COUNTER}")]
    CounterOverflow(u32),
}

/// The 5-character coordinator suffix of query ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoordinatorId(String);

impl CoordinatorId {
    /// Validates an existing coordinator id (e.g. one read from configuration).
    pub fn new(id: &str) -> Result<Self, QueryIdError> {
        let valid = id.len() == COORDINATOR_ID_LENGTH
            && id.bytes().all(|b| COORDINATOR_ID_ALPHABET.contains(&b));
        if valid {
            Ok(CoordinatorId(id.to_owned()))
        } else {
            Err(QueryIdError::InvalidCoordinatorId(id.to_owned()))
        }
    }

    /// Derives a coordinator id from a seed (e.g. a random number or the start time).
    ///
    /// The seed is mixed (SplitMix64) so that nearby seeds give unrelated ids; the same seed
    /// always gives the same id.
    pub fn from_seed(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let id = (0..COORDINATOR_ID_LENGTH)
            .map(|i| char::from(COORDINATOR_ID_ALPHABET[((z >> (5 * i)) & 31) as usize]))
            .collect();
        CoordinatorId(id)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CoordinatorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds the query id for the `counter`-th query of the UTC day of `at`.
pub fn format_query_id(
    at: DateTime<Utc>,
    counter: u32,
    coordinator: &CoordinatorId,
) -> Result<String, QueryIdError> {
    if counter > MAX_QUERY_COUNTER {
        return Err(QueryIdError::CounterOverflow(counter));
    }
    Ok(format!(
        "{}_{counter:05}_{coordinator}",
        at.format("%Y%m%d_%H%M%S")
    ))
}

/// Whether `id` matches `^\d{8}_\d{6}_\d{5}_[a-km-np-z2-9]{5}$`.
pub fn is_valid_query_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('_').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && digits(parts[0], 8)
        && digits(parts[1], 6)
        && digits(parts[2], 5)
        && CoordinatorId::new(parts[3]).is_ok()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn formats_spec_example() {
        let at = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
        let coordinator = CoordinatorId::new("k3mzq").unwrap();
        assert_eq!(
            format_query_id(at, 42, &coordinator).unwrap(),
            "20250101_120000_00042_k3mzq"
        );
        assert_eq!(
            format_query_id(at, 99_999, &coordinator).unwrap(),
            "20250101_120000_99999_k3mzq"
        );
        assert_eq!(
            format_query_id(at, 100_000, &coordinator),
            Err(QueryIdError::CounterOverflow(100_000))
        );
    }

    #[test]
    fn validates_coordinator_ids() {
        for bad in [
            "k3mz", "k3mzqq", "k3mzl", "k3mzo", "k3mz0", "k3mz1", "K3MZQ", "k3_zq",
        ] {
            assert!(CoordinatorId::new(bad).is_err(), "{bad}");
        }
        assert_eq!(CoordinatorId::new("ab29z").unwrap().as_str(), "ab29z");
    }

    #[test]
    fn seeded_ids_are_valid_deterministic_and_varied() {
        let ids: Vec<_> = (0..200).map(CoordinatorId::from_seed).collect();
        for id in &ids {
            assert!(CoordinatorId::new(id.as_str()).is_ok(), "{id}");
        }
        assert_eq!(CoordinatorId::from_seed(7), CoordinatorId::from_seed(7));
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert!(distinct.len() > 190);
    }

    #[test]
    fn validates_query_ids() {
        assert!(is_valid_query_id("20250101_120000_00042_k3mzq"));
        for bad in [
            "20250101_120000_00042_k3mzl",
            "2025010_120000_00042_k3mzq",
            "20250101_12000_00042_k3mzq",
            "20250101_120000_0042_k3mzq",
            "20250101_120000_00042_k3mzq_",
            "20250101-120000_00042_k3mzq",
            "",
        ] {
            assert!(!is_valid_query_id(bad), "{bad}");
        }
    }
}
