//! Text forms of dates, times, timestamps, intervals and time zones (spec §2.1).
//!
//! Formats follow Trino's `SqlDate`, `SqlTime`, `SqlTimestamp`, `SqlTimestampWithTimeZone`,
//! `SqlIntervalYearMonth` and `SqlIntervalDayTime`: ISO dates with Java's year rules
//! (`+10000-01-01`, `-0001-01-01`), exactly `p` fractional digits with half-up rounding,
//! zone ids after one space.

use std::fmt::Write;

use arrow::datatypes::TimeUnit;
use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

/// Picoseconds per second, the finest precision (12 digits) of Trino's datetime types.
const PICOS_PER_SECOND: u64 = 1_000_000_000_000;
/// Seconds per day.
pub(super) const SECONDS_PER_DAY: i64 = 86_400;
/// Milliseconds per day.
pub(super) const MILLIS_PER_DAY: i64 = 86_400_000;

/// Picoseconds in one unit.
fn picos_per_unit(unit: TimeUnit) -> u64 {
    match unit {
        TimeUnit::Second => PICOS_PER_SECOND,
        TimeUnit::Millisecond => 1_000_000_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000,
    }
}

/// Splits a value since the epoch into whole seconds (floored) and picoseconds.
pub(super) fn split_epoch(value: i64, unit: TimeUnit) -> (i64, u64) {
    let per_second: i64 = match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    };
    let picos = value.rem_euclid(per_second).unsigned_abs() * picos_per_unit(unit);
    (value.div_euclid(per_second), picos)
}

/// Rounds picoseconds of a second half-up to `precision` digits. Returns the carry into the
/// seconds (0 or 1) and the rounded picoseconds.
pub(super) fn round_picos(picos: u64, precision: u8) -> (i64, u64) {
    let Some(factor) = 10u64.checked_pow(12u32.saturating_sub(u32::from(precision))) else {
        return (0, picos);
    };
    let rounded = (picos + factor / 2) / factor * factor;
    if rounded >= PICOS_PER_SECOND {
        (1, rounded - PICOS_PER_SECOND)
    } else {
        (0, rounded)
    }
}

/// Year, month (1–12) and day (1–31) of a day number counted from 1970-01-01, in the
/// proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // day is in 1..=31 and month in 1..=12.
    (year, month as u32, day as u32)
}

/// Appends a year like Java's `LocalDate`: at least four digits, `+` above 9999.
fn write_year(year: i64, out: &mut String) {
    if year > 9999 {
        out.push('+');
    }
    if year < 0 {
        let _ = write!(out, "-{:04}", year.unsigned_abs());
    } else {
        let _ = write!(out, "{year:04}");
    }
}

/// Appends `YYYY-MM-DD` for a day number counted from 1970-01-01.
pub(super) fn write_date(days: i64, out: &mut String) {
    let (year, month, day) = civil_from_days(days);
    write_year(year, out);
    let _ = write!(out, "-{month:02}-{day:02}");
}

/// Appends `.` and exactly `precision` digits of `picos` (nothing when `precision` is 0).
fn write_fraction(picos: u64, precision: u8, out: &mut String) {
    if precision == 0 {
        return;
    }
    let digits = u32::from(precision.min(12));
    let value = picos / 10u64.pow(12 - digits);
    let _ = write!(out, ".{value:0width$}", width = digits as usize);
}

/// Appends `HH:MM:SS[.fff]` for a second of the day and its (already rounded) picoseconds.
pub(super) fn write_time(seconds_of_day: i64, picos: u64, precision: u8, out: &mut String) {
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        seconds_of_day / 3_600,
        seconds_of_day / 60 % 60,
        seconds_of_day % 60
    );
    write_fraction(picos, precision, out);
}

/// Appends `YYYY-MM-DD HH:MM:SS[.fff]` for local seconds since the epoch and their (already
/// rounded) picoseconds.
pub(super) fn write_timestamp(local_seconds: i64, picos: u64, precision: u8, out: &mut String) {
    write_date(local_seconds.div_euclid(SECONDS_PER_DAY), out);
    out.push(' ');
    write_time(
        local_seconds.rem_euclid(SECONDS_PER_DAY),
        picos,
        precision,
        out,
    );
}

/// Appends an `interval year to month`: `1-2`, `-1-2`, `0-0`.
pub(super) fn write_year_month(months: i64, out: &mut String) {
    let sign = if months < 0 { "-" } else { "" };
    let months = months.unsigned_abs();
    let _ = write!(out, "{sign}{}-{}", months / 12, months % 12);
}

/// Appends an `interval day to second` given in milliseconds: `1 02:03:04.005`,
/// `-0 00:00:01.000`.
pub(super) fn write_day_to_second(millis: i64, out: &mut String) {
    let sign = if millis < 0 { "-" } else { "" };
    // unsigned_abs keeps i64::MIN exact: -106751991167 07:12:55.808.
    let millis = millis.unsigned_abs();
    let per_day = MILLIS_PER_DAY.unsigned_abs();
    let day = millis / per_day;
    let rest = millis % per_day;
    let _ = write!(
        out,
        "{sign}{day} {:02}:{:02}:{:02}.{:03}",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1_000 % 60,
        rest % 1_000
    );
}

/// The time zone of a `timestamp with time zone` column, from the Arrow timezone string.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Zone {
    /// UTC (also `Z`, `+00:00`, `Etc/UTC`, `GMT`, …), printed as `UTC`.
    Utc,
    /// A fixed offset, printed as `+HH:MM`.
    Fixed {
        /// Offset east of UTC.
        seconds: i32,
        /// `+HH:MM` / `-HH:MM`.
        label: String,
    },
    /// An IANA zone, printed by name.
    Named(Tz),
}

/// Zone ids Trino treats as UTC (compared case-insensitively, after an optional `Etc/`).
const UTC_NAMES: [&str; 12] = [
    "utc",
    "z",
    "ut",
    "uct",
    "gmt",
    "gmt0",
    "gmt+0",
    "gmt-0",
    "greenwich",
    "universal",
    "zulu",
    "+00:00",
];

/// Whether Trino reads the zone id `name` as UTC (`UTC`, `Z`, `GMT0`, `Etc/Universal`, ...).
pub fn is_utc_zone_name(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    UTC_NAMES.contains(&lower.strip_prefix("etc/").unwrap_or(&lower))
}

impl Zone {
    /// Parses an Arrow timezone string: an offset (`+05:30`, `+0530`, `+05`) or an IANA name.
    pub(super) fn parse(name: &str) -> Option<Zone> {
        let trimmed = name.trim();
        if is_utc_zone_name(trimmed) {
            return Some(Zone::Utc);
        }
        if let Some(sign) = trimmed.chars().next().filter(|c| matches!(c, '+' | '-')) {
            let digits = trimmed[1..].replace(':', "");
            let (hours, minutes) = match digits.len() {
                2 => (digits.parse::<i32>().ok()?, 0),
                4 => (
                    digits[..2].parse::<i32>().ok()?,
                    digits[2..].parse::<i32>().ok()?,
                ),
                _ => return None,
            };
            if !digits.bytes().all(|b| b.is_ascii_digit()) || hours > 18 || minutes > 59 {
                return None;
            }
            let seconds = (hours * 3_600 + minutes * 60) * if sign == '-' { -1 } else { 1 };
            if seconds == 0 {
                return Some(Zone::Utc);
            }
            return Some(Zone::Fixed {
                seconds,
                label: format!("{sign}{hours:02}:{minutes:02}"),
            });
        }
        trimmed.parse::<Tz>().ok().map(Zone::Named)
    }

    /// The zone id printed after the local time.
    pub(super) fn label(&self) -> &str {
        match self {
            Zone::Utc => "UTC",
            Zone::Fixed { label, .. } => label,
            Zone::Named(tz) => tz.name(),
        }
    }

    /// Offset from UTC, in seconds, at the instant `utc_seconds`; `None` when the instant is
    /// outside the range the time zone database can handle.
    pub(super) fn offset_seconds(&self, utc_seconds: i64) -> Option<i64> {
        match self {
            Zone::Utc => Some(0),
            Zone::Fixed { seconds, .. } => Some(i64::from(*seconds)),
            Zone::Named(tz) => {
                let instant = chrono::DateTime::from_timestamp(utc_seconds, 0)?;
                let offset = tz.offset_from_utc_datetime(&instant.naive_utc());
                Some(i64::from(offset.fix().local_minus_utc()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(days: i64) -> String {
        let mut out = String::new();
        write_date(days, &mut out);
        out
    }

    fn timestamp(seconds: i64, picos: u64, precision: u8) -> String {
        let mut out = String::new();
        write_timestamp(seconds, picos, precision, &mut out);
        out
    }

    fn day_to_second(millis: i64) -> String {
        let mut out = String::new();
        write_day_to_second(millis, &mut out);
        out
    }

    fn year_month(months: i64) -> String {
        let mut out = String::new();
        write_year_month(months, &mut out);
        out
    }

    // Day numbers below were computed with Python's `datetime.date.toordinal() - 719163`.
    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(18_262), "2020-01-01");
        assert_eq!(date(11_016), "2000-02-29");
        assert_eq!(date(2_932_896), "9999-12-31");
        assert_eq!(date(2_932_897), "+10000-01-01");
        assert_eq!(date(-719_162), "0001-01-01");
        assert_eq!(date(-719_163), "0000-12-31");
        assert_eq!(date(-719_529), "-0001-12-31");
    }

    #[test]
    fn timestamps_with_exact_precision() {
        // 2020-01-02 03:04:05 UTC = 1577934245.
        assert_eq!(timestamp(1_577_934_245, 0, 0), "2020-01-02 03:04:05");
        assert_eq!(
            timestamp(1_577_934_245, 123_000_000_000, 3),
            "2020-01-02 03:04:05.123"
        );
        assert_eq!(
            timestamp(1_577_934_245, 123_000_000_000, 6),
            "2020-01-02 03:04:05.123000"
        );
        assert_eq!(
            timestamp(1_577_934_245, 123_456_789_012, 12),
            "2020-01-02 03:04:05.123456789012"
        );
        assert_eq!(timestamp(-1, 999_000_000_000, 3), "1969-12-31 23:59:59.999");
    }

    #[test]
    fn splitting_and_rounding() {
        assert_eq!(
            split_epoch(-1, TimeUnit::Millisecond),
            (-1, 999_000_000_000)
        );
        assert_eq!(
            split_epoch(1_500, TimeUnit::Microsecond),
            (0, 1_500_000_000)
        );
        assert_eq!(split_epoch(7, TimeUnit::Second), (7, 0));
        assert_eq!(round_picos(123_456_000_000, 3), (0, 123_000_000_000));
        assert_eq!(round_picos(123_500_000_000, 3), (0, 124_000_000_000));
        assert_eq!(round_picos(999_500_000_000, 3), (1, 0));
        assert_eq!(round_picos(499_999_999_999, 0), (0, 0));
        assert_eq!(round_picos(500_000_000_000, 0), (1, 0));
        assert_eq!(round_picos(123_456_789_012, 12), (0, 123_456_789_012));
    }

    #[test]
    fn intervals() {
        assert_eq!(year_month(14), "1-2");
        assert_eq!(year_month(-14), "-1-2");
        assert_eq!(year_month(0), "0-0");
        assert_eq!(year_month(-3), "-0-3");
        assert_eq!(day_to_second(93_784_005), "1 02:03:04.005");
        assert_eq!(day_to_second(-1_000), "-0 00:00:01.000");
        assert_eq!(day_to_second(0), "0 00:00:00.000");
        assert_eq!(day_to_second(i64::MIN), "-106751991167 07:12:55.808");
    }

    #[test]
    fn zones() {
        for utc in [
            "UTC", "utc", "Z", "+00:00", "-00:00", "+0000", "Etc/UTC", "GMT", "Etc/GMT",
        ] {
            assert_eq!(Zone::parse(utc), Some(Zone::Utc), "{utc}");
        }
        let fixed = Zone::parse("+05:30").unwrap();
        assert_eq!(fixed.label(), "+05:30");
        assert_eq!(fixed.offset_seconds(0), Some(19_800));
        assert_eq!(Zone::parse("-0800").unwrap().label(), "-08:00");
        assert_eq!(Zone::parse("+05").unwrap().label(), "+05:00");
        let named = Zone::parse("America/Los_Angeles").unwrap();
        assert_eq!(named.label(), "America/Los_Angeles");
        // 2020-01-01 12:00 UTC is PST (-8), 2020-07-01 12:00 UTC is PDT (-7).
        assert_eq!(named.offset_seconds(1_577_880_000), Some(-28_800));
        assert_eq!(named.offset_seconds(1_593_604_800), Some(-25_200));
        for bad in ["Mars/Olympus", "+25:00", "+5:3", "+ab:cd", ""] {
            assert_eq!(Zone::parse(bad), None, "{bad}");
        }
    }
}
