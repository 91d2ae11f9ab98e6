//! airlift `Duration` strings, as used for `uptime` in `/v1/info` and `/v1/status`.
//!
//! airlift prints a duration as `%.2f<unit>` in its most succinct unit: the largest of
//! `ns`, `us`, `ms`, `s`, `m`, `h`, `d` in which the value is above 0.9999 (a fuzzy `>= 1`,
//! because the units are converted through floating point). The JDBC driver parses this
//! string when it reads `/v1/info`, so the format must be exact.

use std::time::Duration;

/// Units in increasing size with their length in milliseconds, in airlift's order.
const UNITS: [(&str, f64); 7] = [
    ("ns", 1.0 / 1_000_000.0),
    ("us", 1.0 / 1_000.0),
    ("ms", 1.0),
    ("s", 1_000.0),
    ("m", 60_000.0),
    ("h", 3_600_000.0),
    ("d", 86_400_000.0),
];

/// Formats `duration` like airlift's `Duration.succinctNanos(nanos).toString()`,
/// e.g. `"3.52m"`, `"150.00ms"`, `"1.00d"`. A zero duration is `"0.00s"`.
pub fn format_duration(duration: Duration) -> String {
    if duration.is_zero() {
        return "0.00s".to_owned();
    }
    // The value in nanoseconds; f64 is what airlift computes with.
    let nanos = duration.as_nanos() as f64;
    let in_unit = |millis_per_unit: f64| nanos * (UNITS[0].1 / millis_per_unit);

    let mut chosen = UNITS[0];
    for unit in UNITS {
        if in_unit(unit.1) > 0.9999 {
            chosen = unit;
        } else {
            break;
        }
    }
    let (abbreviation, millis_per_unit) = chosen;
    // Java's Math.round: floor(x + 0.5).
    let scaled = (in_unit(millis_per_unit) * 100.0 + 0.5).floor() as i64;
    format!("{}.{:02}{abbreviation}", scaled / 100, scaled % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(format_duration(Duration::from_millis(211_200)), "3.52m");
        assert_eq!(format_duration(Duration::from_millis(150)), "150.00ms");
        assert_eq!(format_duration(Duration::from_secs(90)), "1.50m");
    }

    #[test]
    fn every_unit() {
        assert_eq!(format_duration(Duration::from_nanos(1)), "1.00ns");
        assert_eq!(format_duration(Duration::from_nanos(999)), "999.00ns");
        assert_eq!(format_duration(Duration::from_nanos(1_500)), "1.50us");
        assert_eq!(format_duration(Duration::from_micros(2_500)), "2.50ms");
        assert_eq!(format_duration(Duration::from_millis(59_990)), "59.99s");
        assert_eq!(format_duration(Duration::from_secs(7_200)), "2.00h");
        assert_eq!(format_duration(Duration::from_secs(3 * 86_400)), "3.00d");
    }

    #[test]
    fn rounds_half_up_to_two_digits() {
        assert_eq!(format_duration(Duration::from_micros(1_006)), "1.01ms");
        assert_eq!(format_duration(Duration::from_micros(1_004)), "1.00ms");
    }

    #[test]
    fn switches_unit_just_below_one_like_airlift() {
        // 0.999999999 s is above airlift's 0.9999 threshold, so it is printed in seconds.
        assert_eq!(format_duration(Duration::from_nanos(999_999_999)), "1.00s");
    }

    #[test]
    fn zero_is_seconds() {
        assert_eq!(format_duration(Duration::ZERO), "0.00s");
    }
}
