//! ISO 8601 text: `from_iso8601_timestamp`, `from_iso8601_timestamp_nanos`,
//! `from_iso8601_date` and `to_iso8601`.
//!
//! Accepted input: a date (`2020-05-11`, `2020-05`, `2020`, week dates `2020-W10` and
//! `2020-W10-3`, ordinal dates `2020-123`), then optionally `T` and a time (`HH`, `HH:mm`,
//! `HH:mm:ss`, fractions after `.` or `,`), then optionally an offset (`Z`, `+01`, `+01:00`,
//! `+0100`) and, for the nanosecond variant, a bracketed region (`[Europe/Paris]`).

use std::fmt::Write;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Builder, StringBuilder};
use arrow::datatypes::DataType;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use datafusion::error::{DataFusionError, Result};

use super::temporal::{Temporal, as_i64, days_of, from_i64, join, split, strings};
use super::zone::Zone;
use crate::functions::error::invalid_argument;

/// A parsed ISO 8601 value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsoDateTime {
    /// Local date-time (midnight when the text has no time).
    pub local: NaiveDateTime,
    /// Whether the text had a time part.
    pub has_time: bool,
    /// The zone given by the text (offset or region), if any.
    pub zone: Option<Zone>,
}

struct Cursor<'a> {
    text: &'a [u8],
    position: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.position).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    /// Up to `max` digits (at least `min`) as a number and how many there were.
    fn digits(&mut self, min: usize, max: usize) -> Option<(i64, usize)> {
        let start = self.position;
        let mut value = 0i64;
        while self.position - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            value = value * 10 + i64::from(self.text[self.position] - b'0');
            self.position += 1;
        }
        let count = self.position - start;
        (count >= min).then_some((value, count))
    }
}

fn date(cursor: &mut Cursor) -> Option<NaiveDate> {
    let negative = cursor.eat(b'-');
    if !negative {
        cursor.eat(b'+');
    }
    let (year, _) = cursor.digits(1, 9)?;
    let year = i32::try_from(if negative { -year } else { year }).ok()?;
    if !cursor.eat(b'-') {
        return NaiveDate::from_ymd_opt(year, 1, 1);
    }
    if cursor.eat(b'W') {
        let (week, _) = cursor.digits(2, 2)?;
        let day = if cursor.eat(b'-') {
            cursor.digits(1, 1)?.0
        } else {
            1
        };
        let weekday = Weekday::try_from(u8::try_from(day - 1).ok()?).ok()?;
        return NaiveDate::from_isoywd_opt(year, u32::try_from(week).ok()?, weekday);
    }
    let (number, count) = cursor.digits(2, 3)?;
    if count == 3 {
        return NaiveDate::from_yo_opt(year, u32::try_from(number).ok()?);
    }
    let day = if cursor.eat(b'-') {
        cursor.digits(2, 2)?.0
    } else {
        1
    };
    NaiveDate::from_ymd_opt(year, u32::try_from(number).ok()?, u32::try_from(day).ok()?)
}

fn time(cursor: &mut Cursor) -> Option<NaiveTime> {
    let (hour, _) = cursor.digits(2, 2)?;
    let (mut minute, mut second, mut nanos) = (0, 0, 0);
    if cursor.eat(b':') {
        minute = cursor.digits(2, 2)?.0;
        if cursor.eat(b':') {
            second = cursor.digits(2, 2)?.0;
            if cursor.eat(b'.') || cursor.eat(b',') {
                let (fraction, count) = cursor.digits(1, 9)?;
                nanos = fraction * 10i64.pow(9 - count as u32);
                // Digits beyond nanoseconds are ignored.
                while cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
                    cursor.position += 1;
                }
            }
        }
    }
    NaiveTime::from_hms_nano_opt(
        u32::try_from(hour).ok()?,
        u32::try_from(minute).ok()?,
        u32::try_from(second).ok()?,
        u32::try_from(nanos).ok()?,
    )
}

fn offset(cursor: &mut Cursor) -> Option<Zone> {
    if cursor.eat(b'Z') {
        return Some(Zone::Utc);
    }
    let sign = match cursor.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    cursor.position += 1;
    let (hours, _) = cursor.digits(2, 2)?;
    let colon = cursor.eat(b':');
    let minutes = match cursor.digits(2, 2) {
        Some((m, _)) => m,
        None if colon => return None,
        None => 0,
    };
    Zone::from_offset_minutes(sign * i32::try_from(hours * 60 + minutes).ok()?)
}

/// Parses ISO 8601 text; `regions` allows a trailing `[Region/Name]`.
pub fn parse(text: &str, regions: bool) -> Option<IsoDateTime> {
    let mut cursor = Cursor {
        text: text.as_bytes(),
        position: 0,
    };
    let date = date(&mut cursor)?;
    let mut result = IsoDateTime {
        local: date.and_time(NaiveTime::MIN),
        has_time: false,
        zone: None,
    };
    if cursor.eat(b'T') {
        result.local = date.and_time(time(&mut cursor)?);
        result.has_time = true;
        if cursor.peek().is_some() && cursor.peek() != Some(b'[') {
            result.zone = Some(offset(&mut cursor)?);
        }
        if regions && cursor.eat(b'[') {
            let rest = &text[cursor.position..];
            let end = rest.find(']')?;
            result.zone = Some(Zone::parse(&rest[..end])?);
            cursor.position += end + 1;
        }
    }
    (cursor.position == text.len()).then_some(result)
}

fn malformed(text: &str) -> DataFusionError {
    invalid_argument(format!("Invalid format: \"{text}\" is malformed"))
}

/// `from_iso8601_timestamp(string)` / `from_iso8601_timestamp_nanos(string)`: values of the
/// zoned `target` type; text without a zone is read in `session_zone`.
pub fn from_iso8601_timestamp(
    values: &ArrayRef,
    target: &DataType,
    session_zone: Zone,
    nanos_variant: bool,
) -> Result<ArrayRef> {
    let text = strings(values)?;
    let unit = Temporal::of(target).map_or(arrow::datatypes::TimeUnit::Millisecond, |t| t.unit());
    let mut builder = Int64Builder::with_capacity(text.len());
    for value in text.iter() {
        let Some(value) = value else {
            builder.append_null();
            continue;
        };
        let parsed = parse(value, nanos_variant)
            .filter(|p| !nanos_variant || p.has_time)
            .ok_or_else(|| malformed(value))?;
        let zone = parsed.zone.unwrap_or(session_zone);
        let seconds = zone.to_utc(parsed.local.and_utc().timestamp());
        let stored =
            join(seconds, parsed.local.nanosecond(), unit).ok_or_else(|| malformed(value))?;
        builder.append_value(stored);
    }
    from_i64(builder.finish(), target)
}

/// The zone a constant ISO 8601 argument carries, for the result type.
pub fn literal_zone(text: &str, nanos_variant: bool) -> Option<Zone> {
    parse(text, nanos_variant).and_then(|p| p.zone)
}

/// `from_iso8601_date(string)`.
pub fn from_iso8601_date(values: &ArrayRef) -> Result<ArrayRef> {
    let text = strings(values)?;
    let mut builder = Int64Builder::with_capacity(text.len());
    for value in text.iter() {
        match value {
            None => builder.append_null(),
            Some(value) => {
                let parsed = parse(value, false)
                    .filter(|p| !p.has_time)
                    .ok_or_else(|| malformed(value))?;
                builder.append_value(days_of(parsed.local.date()));
            }
        }
    }
    from_i64(builder.finish(), &DataType::Date32)
}

fn write_year(year: i32, out: &mut String) {
    if year > 9999 {
        let _ = write!(out, "+{year}");
    } else if year < 0 {
        let _ = write!(out, "-{:04}", -year);
    } else {
        let _ = write!(out, "{year:04}");
    }
}

/// `to_iso8601(x)` for dates, timestamps (with `precision` fraction digits) and timestamps
/// with time zone.
pub fn to_iso8601(values: &ArrayRef, precision: u8) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "to_iso8601")?;
    let input = as_i64(values)?;
    let mut builder = StringBuilder::with_capacity(input.len(), input.len() * 30);
    let mut text = String::with_capacity(40);
    for row in 0..input.len() {
        if input.is_null(row) {
            builder.append_null();
            continue;
        }
        let value = input.value(row);
        let local = temporal
            .local(value)
            .ok_or_else(|| invalid_argument("Value out of range for to_iso8601"))?;
        text.clear();
        write_year(local.year(), &mut text);
        let _ = write!(text, "-{:02}-{:02}", local.month(), local.day());
        if temporal != Temporal::Date {
            let _ = write!(
                text,
                "T{:02}:{:02}:{:02}",
                local.hour(),
                local.minute(),
                local.second()
            );
            if precision > 0 {
                let digits = local.nanosecond() / 10u32.pow(9 - u32::from(precision.min(9)));
                let _ = write!(
                    text,
                    ".{digits:0width$}",
                    width = usize::from(precision.min(9))
                );
            }
        }
        if let Temporal::Zoned(unit, zone) = temporal {
            let offset = zone.offset_at(split(value, unit).0);
            if offset == 0 {
                text.push('Z');
            } else {
                text.push_str(&super::zone::offset_text(offset, true));
            }
        }
        builder.append_value(&text);
    }
    Ok(Arc::new(builder.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{AsArray, StringArray, TimestampMillisecondArray};
    use arrow::datatypes::{Date32Type, TimeUnit, TimestampMillisecondType};

    fn date_of(text: &str) -> NaiveDate {
        parse(text, false).unwrap().local.date()
    }

    #[test]
    fn dates_of_the_docs() {
        assert_eq!(
            date_of("2020-05-11"),
            NaiveDate::from_ymd_opt(2020, 5, 11).unwrap()
        );
        assert_eq!(
            date_of("2020-W10"),
            NaiveDate::from_ymd_opt(2020, 3, 2).unwrap()
        );
        assert_eq!(
            date_of("2020-123"),
            NaiveDate::from_ymd_opt(2020, 5, 2).unwrap()
        );
        let input: ArrayRef = Arc::new(StringArray::from(vec!["2020-05-11"]));
        let out = from_iso8601_date(&input).unwrap();
        assert_eq!(out.as_primitive::<Date32Type>().value(0), 18_393);
        let bad: ArrayRef = Arc::new(StringArray::from(vec!["2020-05-11T10:00"]));
        assert!(from_iso8601_date(&bad).is_err());
    }

    #[test]
    fn timestamps_of_the_docs() {
        let vancouver = Zone::parse("America/Vancouver").unwrap();
        let target = DataType::Timestamp(TimeUnit::Millisecond, Some("America/Vancouver".into()));
        let input: ArrayRef = Arc::new(StringArray::from(vec![
            "2020-05-11",
            "2020-05-11T11:15:05",
            "2020-05-11T11:15:05.055+01:00",
        ]));
        let out = from_iso8601_timestamp(&input, &target, vancouver, false).unwrap();
        let millis = out.as_primitive::<TimestampMillisecondType>();
        // 2020-05-11 00:00:00 PDT (-07:00)
        assert_eq!(millis.value(0), 1_589_180_400_000);
        assert_eq!(millis.value(1), 1_589_220_905_000);
        // 2020-05-11 11:15:05.055 +01:00
        assert_eq!(millis.value(2), 1_589_192_105_055);
        assert_eq!(
            literal_zone("2020-05-11T11:15:05.055+01:00", false)
                .map(|z| z.id())
                .as_deref(),
            Some("+01:00")
        );
        let nanos = parse("2020-05-11T11:15:05.123456789+01:00", true).unwrap();
        assert_eq!(nanos.local.nanosecond(), 123_456_789);
    }

    #[test]
    fn formatting() {
        let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![1_589_195_705_055]));
        let out = to_iso8601(&ts, 3).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), "2020-05-11T11:15:05.055");
        let zoned: ArrayRef = Arc::new(
            TimestampMillisecondArray::from(vec![1_589_192_105_055]).with_timezone("+01:00"),
        );
        let out = to_iso8601(&zoned, 3).unwrap();
        assert_eq!(
            out.as_string::<i32>().value(0),
            "2020-05-11T11:15:05.055+01:00"
        );
        let utc: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![0]).with_timezone("UTC"));
        assert_eq!(
            to_iso8601(&utc, 0).unwrap().as_string::<i32>().value(0),
            "1970-01-01T00:00:00Z"
        );
    }
}
