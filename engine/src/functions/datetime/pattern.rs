//! A compiled date/time pattern shared by the MySQL (`date_format`, `date_parse`) and
//! Joda-Time (`format_datetime`, `parse_datetime`) syntaxes: both compile to a list of
//! [`Item`]s once per pattern, which then print and parse values with Joda's rules (numbers
//! padded to a minimum width and parsed up to a maximum one, English names matched
//! case-insensitively, fractions printed from milliseconds).

use std::fmt::Write;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::zone::{Zone, offset_text};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A numeric field of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberField {
    /// Proleptic year (negative before year 1).
    Year,
    /// Year of the era (1 BC is 1).
    YearOfEra,
    /// Century of the era.
    CenturyOfEra,
    /// ISO week-based year.
    Weekyear,
    /// ISO week.
    WeekOfWeekyear,
    /// 1 (Monday) .. 7 (Sunday).
    DayOfWeek,
    /// 1 .. 12.
    Month,
    /// 1 .. 31.
    DayOfMonth,
    /// 1 .. 366.
    DayOfYear,
    /// 0 .. 23.
    HourOfDay,
    /// 1 .. 24.
    ClockhourOfDay,
    /// 0 .. 11.
    HourOfHalfday,
    /// 1 .. 12.
    ClockhourOfHalfday,
    /// 0 .. 59.
    Minute,
    /// 0 .. 59.
    Second,
}

/// A field printed and parsed as English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// `Monday` / `Mon`.
    DayOfWeek,
    /// `January` / `Jan`.
    Month,
    /// `AM` / `PM`.
    Halfday,
    /// `AD` / `BC`.
    Era,
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Text printed as is and matched case-insensitively.
    Literal(String),
    /// A number padded to `min` digits, parsed from 1 to `max` digits (with a sign when
    /// `signed`).
    Number {
        /// The field.
        field: NumberField,
        /// Minimum printed digits.
        min: u8,
        /// Maximum parsed digits.
        max: u8,
        /// Whether a sign may precede the digits.
        signed: bool,
    },
    /// The last two digits of the (week) year; two parsed digits map into the century
    /// starting 50 years before `pivot`. `lenient` accepts other digit counts as full years.
    TwoDigitYear {
        /// Week-based year instead of the calendar year.
        weekyear: bool,
        /// Pivot year.
        pivot: i32,
        /// Accept a full year when not exactly two digits are given.
        lenient: bool,
    },
    /// Fraction of the second, printed from milliseconds with `max` digits less trailing
    /// zeros down to `min`; parsed from 1 to `max` digits.
    Fraction {
        /// Minimum printed digits.
        min: u8,
        /// Maximum digits.
        max: u8,
    },
    /// English text, full (`long`) or abbreviated.
    Text {
        /// The field.
        field: TextField,
        /// Full names instead of abbreviations.
        long: bool,
    },
    /// Offset `+HHMM` or, with `colon`, `+HH:MM`.
    Offset {
        /// Separate hours and minutes with a colon.
        colon: bool,
    },
    /// The zone id (`America/Los_Angeles`).
    ZoneId,
    /// The zone's short name (`PST`); `long` names are printed as the zone id.
    ZoneName {
        /// Full name requested.
        long: bool,
    },
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The items, in order.
    pub items: Vec<Item>,
}

/// A value to print: its local wall clock and the zone it is shown in.
#[derive(Debug, Clone, Copy)]
pub struct Printable {
    /// Local date and time.
    pub local: NaiveDateTime,
    /// The zone (UTC for values without one).
    pub zone: Zone,
    /// Offset east of UTC in force, in seconds.
    pub offset: i32,
    /// The instant, in seconds since the epoch (for zone names).
    pub utc_seconds: i64,
}

fn push_padded(out: &mut String, value: i64, min: u8) {
    if value < 0 {
        out.push('-');
    }
    let _ = write!(
        out,
        "{:0width$}",
        value.unsigned_abs(),
        width = usize::from(min)
    );
}

fn number_of(field: NumberField, local: &NaiveDateTime) -> i64 {
    let year_of_era = || {
        let year = i64::from(local.year());
        if year <= 0 { 1 - year } else { year }
    };
    let hour = i64::from(local.hour());
    match field {
        NumberField::Year => i64::from(local.year()),
        NumberField::YearOfEra => year_of_era(),
        NumberField::CenturyOfEra => year_of_era() / 100,
        NumberField::Weekyear => i64::from(local.iso_week().year()),
        NumberField::WeekOfWeekyear => i64::from(local.iso_week().week()),
        NumberField::DayOfWeek => i64::from(local.weekday().number_from_monday()),
        NumberField::Month => i64::from(local.month()),
        NumberField::DayOfMonth => i64::from(local.day()),
        NumberField::DayOfYear => i64::from(local.ordinal()),
        NumberField::HourOfDay => hour,
        NumberField::ClockhourOfDay => {
            if hour == 0 {
                24
            } else {
                hour
            }
        }
        NumberField::HourOfHalfday => hour % 12,
        NumberField::ClockhourOfHalfday => {
            if hour % 12 == 0 {
                12
            } else {
                hour % 12
            }
        }
        NumberField::Minute => i64::from(local.minute()),
        NumberField::Second => i64::from(local.second()),
    }
}

impl Pattern {
    /// Appends `value` printed with this pattern to `out`.
    pub fn format(&self, value: &Printable, out: &mut String) {
        let local = &value.local;
        for item in &self.items {
            match item {
                Item::Literal(text) => out.push_str(text),
                Item::Number { field, min, .. } => push_padded(out, number_of(*field, local), *min),
                Item::TwoDigitYear { weekyear, .. } => {
                    let year = if *weekyear {
                        local.iso_week().year()
                    } else {
                        local.year()
                    };
                    push_padded(out, i64::from(year).rem_euclid(100), 2);
                }
                Item::Fraction { min, max } => {
                    let millis = local.nanosecond() / 1_000_000;
                    let mut digits = format!("{millis:03}");
                    let max = usize::from(*max);
                    if max < 3 {
                        digits.truncate(max);
                    } else {
                        digits.extend(std::iter::repeat_n('0', max - 3));
                    }
                    while digits.len() > usize::from(*min) && digits.ends_with('0') {
                        digits.pop();
                    }
                    out.push_str(&digits);
                }
                Item::Text { field, long } => {
                    let text = match field {
                        TextField::DayOfWeek => {
                            WEEKDAYS[local.weekday().num_days_from_monday() as usize]
                        }
                        TextField::Month => MONTHS[local.month0() as usize],
                        TextField::Halfday => {
                            if local.hour() < 12 {
                                "AM"
                            } else {
                                "PM"
                            }
                        }
                        TextField::Era => {
                            if local.year() <= 0 {
                                "BC"
                            } else {
                                "AD"
                            }
                        }
                    };
                    let short = matches!(field, TextField::DayOfWeek | TextField::Month) && !long;
                    out.push_str(if short { &text[..3] } else { text });
                }
                Item::Offset { colon } => out.push_str(&offset_text(value.offset, *colon)),
                Item::ZoneId => out.push_str(&value.zone.id()),
                Item::ZoneName { long: false } => {
                    out.push_str(&value.zone.short_name(value.utc_seconds))
                }
                Item::ZoneName { long: true } => out.push_str(&value.zone.id()),
            }
        }
    }

    /// Whether the pattern contains a zone or offset (its parse result then carries one).
    pub fn has_zone(&self) -> bool {
        self.items.iter().any(|i| {
            matches!(
                i,
                Item::Offset { .. } | Item::ZoneId | Item::ZoneName { .. }
            )
        })
    }

    /// Parses `text` into fields; the error is Joda's message.
    pub fn parse(&self, text: &str) -> Result<Parsed, String> {
        let mut parsed = Parsed::default();
        let mut position = 0;
        let fail = |position: usize| {
            if position >= text.len() {
                format!("Invalid format: \"{text}\" is too short")
            } else {
                format!(
                    "Invalid format: \"{text}\" is malformed at \"{}\"",
                    &text[position..]
                )
            }
        };
        for item in &self.items {
            let rest = &text[position..];
            let consumed = match item {
                Item::Literal(literal) => {
                    let n = literal.len();
                    (rest.len() >= n
                        && rest.is_char_boundary(n)
                        && rest[..n].eq_ignore_ascii_case(literal))
                    .then_some(n)
                }
                Item::Number {
                    field, max, signed, ..
                } => {
                    // A number followed directly by another number gives up its surplus digits.
                    let max = usize::from(*max);
                    parse_number(rest, max, *signed).map(|(value, n)| {
                        parsed.set(*field, value);
                        n
                    })
                }
                Item::TwoDigitYear {
                    weekyear,
                    pivot,
                    lenient,
                } => {
                    parse_number(rest, if *lenient { 9 } else { 2 }, *lenient).map(|(value, n)| {
                        let year = if n == 2 && !rest.starts_with(['-', '+']) {
                            two_digit_year(value, *pivot)
                        } else {
                            value
                        };
                        if *weekyear {
                            parsed.weekyear = Some(year);
                        } else {
                            parsed.year = Some(year);
                        }
                        n
                    })
                }
                Item::Fraction { max, .. } => {
                    let digits = rest
                        .bytes()
                        .take(usize::from(*max))
                        .take_while(u8::is_ascii_digit)
                        .count();
                    (digits > 0).then(|| {
                        let mut nanos = 0u32;
                        for (i, b) in rest.bytes().take(digits.min(9)).enumerate() {
                            nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
                        }
                        parsed.nanos = Some(nanos);
                        digits
                    })
                }
                Item::Text { field, .. } => parse_text(rest, *field).map(|(value, n)| {
                    match field {
                        TextField::DayOfWeek => parsed.day_of_week = Some(value),
                        TextField::Month => parsed.month = Some(value),
                        TextField::Halfday => parsed.pm = Some(value == 1),
                        TextField::Era => parsed.bc = Some(value == 0),
                    }
                    n
                }),
                Item::Offset { .. } => parse_offset(rest).map(|(zone, n)| {
                    parsed.zone = Some(zone);
                    n
                }),
                Item::ZoneId => {
                    let n = rest
                        .bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || b"/_+-:".contains(b))
                        .count();
                    Zone::parse(&rest[..n]).map(|zone| {
                        parsed.zone = Some(zone);
                        n
                    })
                }
                Item::ZoneName { .. } => {
                    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                    zone_of_name(&rest[..n]).map(|zone| {
                        parsed.zone = Some(zone);
                        n
                    })
                }
            };
            match consumed {
                Some(n) => position += n,
                None => return Err(fail(position)),
            }
        }
        if position < text.len() {
            return Err(fail(position));
        }
        Ok(parsed)
    }
}

fn parse_number(text: &str, max: usize, signed: bool) -> Option<(i64, usize)> {
    let bytes = text.as_bytes();
    let (negative, start) = match bytes.first() {
        Some(b'-') if signed => (true, 1),
        Some(b'+') if signed => (false, 1),
        _ => (false, 0),
    };
    let digits = bytes[start..]
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let value: i64 = text[start..start + digits].parse().ok()?;
    Some((if negative { -value } else { value }, start + digits))
}

/// Joda's two-digit year: the year ending in `two` within the century starting 50 years
/// before `pivot`.
fn two_digit_year(two: i64, pivot: i32) -> i64 {
    let low = i64::from(pivot) - 50;
    let t = low.rem_euclid(100);
    two + low + if two < t { 100 } else { 0 } - t
}

fn parse_text(text: &str, field: TextField) -> Option<(i64, usize)> {
    let matches = |candidate: &str| {
        text.len() >= candidate.len()
            && text.is_char_boundary(candidate.len())
            && text[..candidate.len()].eq_ignore_ascii_case(candidate)
    };
    let names: &[&str] = match field {
        TextField::DayOfWeek => &WEEKDAYS,
        TextField::Month => &MONTHS,
        TextField::Halfday => &["AM", "PM"],
        TextField::Era => &["BC", "AD"],
    };
    // Full names first, then abbreviations; values count from 1 for days and months.
    let base = i64::from(matches!(field, TextField::DayOfWeek | TextField::Month));
    for (i, name) in names.iter().enumerate() {
        if matches(name) {
            return Some((i as i64 + base, name.len()));
        }
    }
    if base == 1 {
        for (i, name) in names.iter().enumerate() {
            if matches(&name[..3]) {
                return Some((i as i64 + 1, 3));
            }
        }
    }
    None
}

fn parse_offset(text: &str) -> Option<(Zone, usize)> {
    if text.starts_with(['Z', 'z']) {
        return Some((Zone::Utc, 1));
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = |from: usize| {
        let two = text.get(from..from + 2)?;
        two.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| two.parse::<i32>().ok())?
    };
    let hours = digits(1)?;
    let (minutes, used) = if text[3..].starts_with(':') {
        (digits(4)?, 6)
    } else {
        digits(3).map_or((0, 3), |m| (m, 5))
    };
    if minutes > 59 {
        return None;
    }
    Zone::from_offset_minutes(sign * (hours * 60 + minutes)).map(|zone| (zone, used))
}

/// The zones Joda knows by short name when parsing.
fn zone_of_name(name: &str) -> Option<Zone> {
    let region = match name.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" => return Some(Zone::Utc),
        "EST" | "EDT" => "America/New_York",
        "CST" | "CDT" => "America/Chicago",
        "MST" | "MDT" => "America/Denver",
        "PST" | "PDT" => "America/Los_Angeles",
        _ => return None,
    };
    Zone::parse(region)
}

/// The fields a parse found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    year: Option<i64>,
    year_of_era: Option<i64>,
    bc: Option<bool>,
    weekyear: Option<i64>,
    week: Option<i64>,
    day_of_week: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour: Option<i64>,
    clockhour_of_day: Option<i64>,
    hour_of_halfday: Option<i64>,
    clockhour_of_halfday: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
    nanos: Option<u32>,
    /// The zone or offset the text named.
    pub zone: Option<Zone>,
}

impl Parsed {
    fn set(&mut self, field: NumberField, value: i64) {
        let slot = match field {
            NumberField::Year => &mut self.year,
            NumberField::YearOfEra => &mut self.year_of_era,
            NumberField::CenturyOfEra => {
                self.year_of_era = Some(value * 100);
                return;
            }
            NumberField::Weekyear => &mut self.weekyear,
            NumberField::WeekOfWeekyear => &mut self.week,
            NumberField::DayOfWeek => &mut self.day_of_week,
            NumberField::Month => &mut self.month,
            NumberField::DayOfMonth => &mut self.day,
            NumberField::DayOfYear => &mut self.day_of_year,
            NumberField::HourOfDay => &mut self.hour,
            NumberField::ClockhourOfDay => &mut self.clockhour_of_day,
            NumberField::HourOfHalfday => &mut self.hour_of_halfday,
            NumberField::ClockhourOfHalfday => &mut self.clockhour_of_halfday,
            NumberField::Minute => &mut self.minute,
            NumberField::Second => &mut self.second,
        };
        *slot = Some(value);
    }

    /// The local date-time the fields describe; missing fields default to
    /// `1970-01-01 00:00:00.000`. The error is Joda's message for a field out of range.
    pub fn resolve(&self, text: &str) -> Result<NaiveDateTime, String> {
        let check = |value: i64, name: &str, min: i64, max: i64| -> Result<u32, String> {
            if value < min || value > max {
                Err(format!(
                    "Cannot parse \"{text}\": Value {value} for {name} must be in the range [{min},{max}]"
                ))
            } else {
                Ok(value as u32)
            }
        };
        let year = match (self.year, self.year_of_era) {
            (Some(year), _) => year,
            (None, Some(yoe)) if self.bc == Some(true) => 1 - yoe,
            (None, Some(yoe)) => yoe,
            (None, None) => 1970,
        };
        let year_i32 = check(year, "year", -292_275_054, 292_278_993).map(|_| year as i32)?;
        let date = if self.week.is_some() || self.weekyear.is_some() {
            let weekyear = self.weekyear.unwrap_or(year);
            let week = check(self.week.unwrap_or(1), "weekOfWeekyear", 1, 53)?;
            let day = check(self.day_of_week.unwrap_or(1), "dayOfWeek", 1, 7)?;
            let weekday = chrono::Weekday::try_from((day - 1) as u8).map_err(|e| e.to_string())?;
            NaiveDate::from_isoywd_opt(weekyear as i32, week, weekday)
        } else if let Some(day_of_year) = self.day_of_year {
            let days = if NaiveDate::from_ymd_opt(year_i32, 12, 31).is_some_and(|d| d.leap_year()) {
                366
            } else {
                365
            };
            NaiveDate::from_yo_opt(year_i32, check(day_of_year, "dayOfYear", 1, days)?)
        } else {
            let month = check(self.month.unwrap_or(1), "monthOfYear", 1, 12)?;
            let first = NaiveDate::from_ymd_opt(year_i32, month, 1);
            let last = first
                .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
                .map_or(31, |d| i64::from(d.day()));
            let day = check(self.day.unwrap_or(1), "dayOfMonth", 1, last)?;
            NaiveDate::from_ymd_opt(year_i32, month, day)
        };
        let date = date.ok_or_else(|| format!("Cannot parse \"{text}\": invalid date"))?;
        let mut hour = match (
            self.hour,
            self.clockhour_of_day,
            self.hour_of_halfday,
            self.clockhour_of_halfday,
        ) {
            (Some(h), ..) => check(h, "hourOfDay", 0, 23)?,
            (None, Some(h), ..) => check(h, "clockhourOfDay", 1, 24)? % 24,
            (None, None, Some(h), _) => check(h, "hourOfHalfday", 0, 11)?,
            (None, None, None, Some(h)) => check(h, "clockhourOfHalfday", 1, 12)? % 12,
            _ => 0,
        };
        if let Some(pm) = self.pm {
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        let minute = check(self.minute.unwrap_or(0), "minuteOfHour", 0, 59)?;
        let second = check(self.second.unwrap_or(0), "secondOfMinute", 0, 59)?;
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, self.nanos.unwrap_or(0))
            .ok_or_else(|| format!("Cannot parse \"{text}\": invalid time"))?;
        Ok(date.and_time(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_years_pivot() {
        assert_eq!(two_digit_year(70, 2020), 1970);
        assert_eq!(two_digit_year(69, 2020), 2069);
        assert_eq!(two_digit_year(0, 2020), 2000);
    }

    #[test]
    fn offsets() {
        assert_eq!(
            parse_offset("+01:00").map(|(z, n)| (z.id(), n)),
            Some(("+01:00".into(), 6))
        );
        assert_eq!(
            parse_offset("-0800").map(|(z, n)| (z.id(), n)),
            Some(("-08:00".into(), 5))
        );
        assert_eq!(
            parse_offset("Z").map(|(z, n)| (z.id(), n)),
            Some(("UTC".into(), 1))
        );
    }
}
