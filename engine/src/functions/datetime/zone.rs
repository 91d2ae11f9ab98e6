//! Time zones as Trino names them: IANA ids, fixed offsets (`+05:30`) and the many spellings
//! of UTC.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetName, Tz};
use datafusion::error::Result;

use crate::functions::error::invalid_argument;

/// The largest offset Trino accepts, in minutes (±14:00).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// A time zone of a `timestamp with time zone` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// UTC, named `UTC`.
    Utc,
    /// A fixed offset east of UTC, in seconds, named `+HH:MM`.
    Fixed(i32),
    /// An IANA region.
    Named(Tz),
}

impl Zone {
    /// Parses a zone id or offset (`America/New_York`, `+05:30`, `-08`, `+0530`, `UTC`).
    pub fn parse(text: &str) -> Option<Zone> {
        let trimmed = text.trim();
        if protocol::is_utc_zone_name(trimmed) {
            return Some(Zone::Utc);
        }
        let lower = trimmed.to_ascii_lowercase();
        let bare = lower.strip_prefix("etc/").unwrap_or(&lower);
        // `UTC+05:30`, `GMT-08:00`: an offset written after a UTC name.
        for prefix in ["utc", "gmt", "ut"] {
            if let Some(offset) = bare.strip_prefix(prefix)
                && offset.starts_with(['+', '-'])
            {
                return Zone::parse(offset);
            }
        }
        if let Some(rest) = trimmed.strip_prefix(['+', '-']) {
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes) = match digits.len() {
                1 | 2 => (digits.parse::<i32>().ok()?, 0),
                4 => (
                    digits[..2].parse::<i32>().ok()?,
                    digits[2..].parse::<i32>().ok()?,
                ),
                _ => return None,
            };
            if minutes > 59 {
                return None;
            }
            let sign = if trimmed.starts_with('-') { -1 } else { 1 };
            return Zone::from_offset_minutes(sign * (hours * 60 + minutes));
        }
        if let Ok(tz) = trimmed.parse::<Tz>() {
            return Some(Zone::Named(tz));
        }
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
            .map(|tz| Zone::Named(*tz))
    }

    /// Parses `text`, failing with Trino's message for unknown zones.
    pub fn parse_or_error(text: &str) -> Result<Zone> {
        Zone::parse(text)
            .ok_or_else(|| invalid_argument(format!("Time zone not supported: {text}")))
    }

    /// The zone of a fixed offset in minutes; `None` beyond ±14:00.
    pub fn from_offset_minutes(minutes: i32) -> Option<Zone> {
        if minutes.abs() > MAX_OFFSET_MINUTES {
            None
        } else if minutes == 0 {
            Some(Zone::Utc)
        } else {
            Some(Zone::Fixed(minutes * 60))
        }
    }

    /// The zone id Trino prints (`UTC`, `+05:30`, `America/New_York`), also used as the Arrow
    /// timezone string.
    pub fn id(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Fixed(seconds) => offset_text(*seconds, true),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }

    /// Offset east of UTC, in seconds, at the instant `utc_seconds`.
    pub fn offset_at(&self, utc_seconds: i64) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed(seconds) => *seconds,
            Zone::Named(tz) => DateTime::from_timestamp(utc_seconds, 0)
                .map(|instant| {
                    tz.offset_from_utc_datetime(&instant.naive_utc())
                        .fix()
                        .local_minus_utc()
                })
                .unwrap_or(0),
        }
    }

    /// The instant (seconds since the epoch) of the local wall-clock second `local_seconds`.
    /// Like Joda, an ambiguous local time resolves to the earlier instant and a local time in
    /// a gap (spring forward) is shifted forward by the gap's length.
    pub fn to_utc(&self, local_seconds: i64) -> i64 {
        match self {
            Zone::Utc => local_seconds,
            Zone::Fixed(seconds) => local_seconds - i64::from(*seconds),
            Zone::Named(_) => {
                let guess = local_seconds - i64::from(self.offset_at(local_seconds));
                let first = local_seconds - i64::from(self.offset_at(guess));
                let second = local_seconds - i64::from(self.offset_at(first));
                if first == second {
                    // Prefer the earlier of two valid instants (ambiguous hour).
                    let earlier = first - 3600;
                    if earlier + i64::from(self.offset_at(earlier)) == local_seconds {
                        return earlier;
                    }
                    first
                } else {
                    // In a gap: keep the offset in force before it.
                    let before = local_seconds - i64::from(self.offset_at(guess - 6 * 3600));
                    before.max(first.min(second))
                }
            }
        }
    }

    /// Short name at `utc_seconds`, as Joda's `z` prints it (`PST`, `UTC`, `+05:30`).
    pub fn short_name(&self, utc_seconds: i64) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Fixed(seconds) => offset_text(*seconds, true),
            Zone::Named(tz) => DateTime::from_timestamp(utc_seconds, 0)
                .and_then(|instant| {
                    tz.offset_from_utc_datetime(&instant.naive_utc())
                        .abbreviation()
                        .map(str::to_string)
                })
                .unwrap_or_else(|| tz.name().to_string()),
        }
    }

    /// The local wall clock at instant `utc_seconds` (+ `nanos`).
    pub fn local(&self, utc_seconds: i64, nanos: u32) -> Option<NaiveDateTime> {
        let local = utc_seconds.checked_add(i64::from(self.offset_at(utc_seconds)))?;
        DateTime::from_timestamp(local, nanos).map(|d| d.naive_utc())
    }
}

/// `+HH:MM` (or `+HHMM` without `colon`) for an offset in seconds.
pub fn offset_text(seconds: i32, colon: bool) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    let separator = if colon { ":" } else { "" };
    format!("{sign}{:02}{separator}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_offsets_and_utc_spellings() {
        assert_eq!(Zone::parse("Etc/UTC"), Some(Zone::Utc));
        assert_eq!(Zone::parse("+00:00"), Some(Zone::Utc));
        assert_eq!(
            Zone::parse("+05:30").map(|z| z.id()).as_deref(),
            Some("+05:30")
        );
        assert_eq!(
            Zone::parse("-08").map(|z| z.id()).as_deref(),
            Some("-08:00")
        );
        assert_eq!(
            Zone::parse("america/los_angeles")
                .map(|z| z.id())
                .as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            Zone::parse("UTC-05:30").map(|z| z.id()).as_deref(),
            Some("-05:30")
        );
        assert_eq!(Zone::parse("Mars/Base"), None);
        assert_eq!(Zone::parse("+15:00"), None);
    }

    #[test]
    fn local_to_utc_handles_gaps_and_overlaps() {
        let la = Zone::parse("America/Los_Angeles").unwrap();
        // 2022-11-01 09:08:07 PDT (-07:00)
        let local = 1_667_293_687;
        assert_eq!(la.to_utc(local), local + 7 * 3600);
        // 2022-03-13 02:30 does not exist: Joda moves it to 03:30 PDT = 10:30 UTC.
        let gap = 1_647_138_600;
        assert_eq!(la.to_utc(gap), gap + 8 * 3600);
        // 2022-11-06 01:30 happens twice: the earlier (PDT) instant wins.
        let overlap = 1_667_698_200;
        assert_eq!(la.to_utc(overlap), overlap + 7 * 3600);
        assert_eq!(la.short_name(la.to_utc(local)), "PDT");
    }
}
