//! Field extraction: `year`, `quarter`, `month`, `week`, `day`, `day_of_week`, `day_of_year`,
//! `year_of_week`, `hour`, `minute`, `second`, `millisecond`, `timezone_hour` and
//! `timezone_minute`. All return `bigint`; weeks are ISO weeks, days of the week run from 1
//! (Monday) to 7 (Sunday).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array};
use arrow::datatypes::{DataType, IntervalMonthDayNanoType, IntervalUnit, IntervalYearMonthType};
use chrono::{Datelike, NaiveDateTime, Timelike};
use datafusion::common::plan_err;
use datafusion::error::Result;

use super::temporal::{Temporal, as_i64, per_second, split};

const MILLIS_PER_SECOND: i64 = 1_000;
const MILLIS_PER_MINUTE: i64 = 60 * MILLIS_PER_SECOND;
const MILLIS_PER_HOUR: i64 = 60 * MILLIS_PER_MINUTE;
const MILLIS_PER_DAY: i64 = 24 * MILLIS_PER_HOUR;

/// A field one of the extraction functions returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateField {
    /// `year(x)`
    Year,
    /// `quarter(x)`, 1 to 4
    Quarter,
    /// `month(x)`
    Month,
    /// `week(x)`, `week_of_year(x)`: ISO week, 1 to 53
    Week,
    /// `day(x)`, `day_of_month(x)`
    Day,
    /// `day_of_week(x)`, `dow(x)`: 1 (Monday) to 7 (Sunday)
    DayOfWeek,
    /// `day_of_year(x)`, `doy(x)`
    DayOfYear,
    /// `year_of_week(x)`, `yow(x)`: the year of the ISO week
    YearOfWeek,
    /// `hour(x)`
    Hour,
    /// `minute(x)`
    Minute,
    /// `second(x)`
    Second,
    /// `millisecond(x)`
    Millisecond,
    /// `timezone_hour(x)`
    TimezoneHour,
    /// `timezone_minute(x)`
    TimezoneMinute,
}

impl DateField {
    /// Every field function.
    pub const ALL: [DateField; 14] = [
        DateField::Year,
        DateField::Quarter,
        DateField::Month,
        DateField::Week,
        DateField::Day,
        DateField::DayOfWeek,
        DateField::DayOfYear,
        DateField::YearOfWeek,
        DateField::Hour,
        DateField::Minute,
        DateField::Second,
        DateField::Millisecond,
        DateField::TimezoneHour,
        DateField::TimezoneMinute,
    ];

    /// The function name and its aliases.
    pub fn names(self) -> (&'static str, &'static [&'static str]) {
        match self {
            DateField::Year => ("year", &[]),
            DateField::Quarter => ("quarter", &[]),
            DateField::Month => ("month", &[]),
            DateField::Week => ("week", &["week_of_year"]),
            DateField::Day => ("day", &["day_of_month"]),
            DateField::DayOfWeek => ("day_of_week", &["dow"]),
            DateField::DayOfYear => ("day_of_year", &["doy"]),
            DateField::YearOfWeek => ("year_of_week", &["yow"]),
            DateField::Hour => ("hour", &[]),
            DateField::Minute => ("minute", &[]),
            DateField::Second => ("second", &[]),
            DateField::Millisecond => ("millisecond", &[]),
            DateField::TimezoneHour => ("timezone_hour", &[]),
            DateField::TimezoneMinute => ("timezone_minute", &[]),
        }
    }

    fn is_time_of_day(self) -> bool {
        matches!(
            self,
            DateField::Hour | DateField::Minute | DateField::Second | DateField::Millisecond
        )
    }

    /// The argument types the field accepts (after coercion).
    pub fn coerce(self, arg: &DataType) -> Result<DataType> {
        let name = self.names().0;
        let temporal = Temporal::of(arg);
        let ok = match (self, temporal) {
            (DateField::TimezoneHour | DateField::TimezoneMinute, Some(Temporal::Zoned(..))) => {
                true
            }
            (DateField::TimezoneHour | DateField::TimezoneMinute, _) => false,
            (field, Some(Temporal::Time(_))) => field.is_time_of_day(),
            (field, Some(Temporal::Date)) => !field.is_time_of_day(),
            (_, Some(_)) => true,
            (
                DateField::Day
                | DateField::Hour
                | DateField::Minute
                | DateField::Second
                | DateField::Millisecond,
                None,
            ) => matches!(arg, DataType::Interval(IntervalUnit::MonthDayNano)),
            (DateField::Year | DateField::Month, None) => {
                matches!(arg, DataType::Interval(IntervalUnit::YearMonth))
            }
            _ => false,
        };
        match (ok, arg) {
            (true, _) => Ok(arg.clone()),
            (false, DataType::Null) => Ok(DataType::Timestamp(
                arrow::datatypes::TimeUnit::Millisecond,
                None,
            )),
            (false, DataType::Date64) if !self.is_time_of_day() => Ok(DataType::Date32),
            _ => plan_err!("Unexpected parameters ({arg}) for function {name}"),
        }
    }

    /// The field of a local date-time.
    #[inline]
    fn of(self, local: &NaiveDateTime) -> i64 {
        let value = match self {
            DateField::Year => local.year(),
            DateField::Quarter => (local.month0() / 3 + 1) as i32,
            DateField::Month => local.month() as i32,
            DateField::Week => local.iso_week().week() as i32,
            DateField::Day => local.day() as i32,
            DateField::DayOfWeek => local.weekday().number_from_monday() as i32,
            DateField::DayOfYear => local.ordinal() as i32,
            DateField::YearOfWeek => local.iso_week().year(),
            DateField::Hour => local.hour() as i32,
            DateField::Minute => local.minute() as i32,
            DateField::Second => local.second() as i32,
            DateField::Millisecond => (local.nanosecond() / 1_000_000) as i32,
            DateField::TimezoneHour | DateField::TimezoneMinute => 0,
        };
        i64::from(value)
    }

    /// The field of an interval counted in milliseconds (`interval day to second`).
    fn of_millis(self, millis: i64) -> i64 {
        match self {
            DateField::Day => millis / MILLIS_PER_DAY,
            DateField::Hour => (millis % MILLIS_PER_DAY) / MILLIS_PER_HOUR,
            DateField::Minute => (millis % MILLIS_PER_HOUR) / MILLIS_PER_MINUTE,
            DateField::Second => (millis % MILLIS_PER_MINUTE) / MILLIS_PER_SECOND,
            _ => millis % MILLIS_PER_SECOND,
        }
    }

    /// Extracts the field from every value of `array`.
    pub fn extract(self, array: &ArrayRef) -> Result<ArrayRef> {
        let output: Int64Array = match array.data_type() {
            DataType::Interval(IntervalUnit::MonthDayNano) => {
                array.as_primitive::<IntervalMonthDayNanoType>().unary(|v| {
                    self.of_millis(i64::from(v.days) * MILLIS_PER_DAY + v.nanoseconds / 1_000_000)
                })
            }
            DataType::Interval(IntervalUnit::YearMonth) => array
                .as_primitive::<IntervalYearMonthType>()
                .unary(|months| match self {
                    DateField::Year => i64::from(months / 12),
                    _ => i64::from(months % 12),
                }),
            data_type => {
                let temporal = Temporal::of_arg(data_type, self.names().0)?;
                let values = as_i64(array)?;
                match temporal {
                    Temporal::Zoned(unit, zone)
                        if matches!(self, DateField::TimezoneHour | DateField::TimezoneMinute) =>
                    {
                        values.unary(|v| {
                            let offset = i64::from(zone.offset_at(split(v, unit).0));
                            if self == DateField::TimezoneHour {
                                offset / 3600
                            } else {
                                (offset / 60) % 60
                            }
                        })
                    }
                    // Plain timestamps and times: time-of-day fields are plain arithmetic.
                    Temporal::Timestamp(unit) | Temporal::Time(unit) if self.is_time_of_day() => {
                        let per = per_second(unit);
                        values.unary(|v| {
                            let seconds = v.div_euclid(per);
                            match self {
                                DateField::Hour => seconds.rem_euclid(86_400) / 3600,
                                DateField::Minute => seconds.rem_euclid(3600) / 60,
                                DateField::Second => seconds.rem_euclid(60),
                                _ => v.rem_euclid(per) * 1000 / per,
                            }
                        })
                    }
                    temporal => values.unary_opt(|v| temporal.local(v).map(|t| self.of(&t))),
                }
            }
        };
        Ok(Arc::new(output))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Date32Array, TimestampMillisecondArray};
    use arrow::datatypes::IntervalMonthDayNano;

    fn one(field: DateField, array: ArrayRef) -> i64 {
        let out = field.extract(&array).unwrap();
        out.as_primitive::<arrow::datatypes::Int64Type>().value(0)
    }

    #[test]
    fn fields_of_a_timestamp() {
        // TIMESTAMP '2001-08-22 03:04:05.321'
        let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![998_449_445_321]));
        for (field, expected) in [
            (DateField::Year, 2001),
            (DateField::Quarter, 3),
            (DateField::Month, 8),
            (DateField::Day, 22),
            (DateField::Hour, 3),
            (DateField::Minute, 4),
            (DateField::Second, 5),
            (DateField::Millisecond, 321),
            (DateField::DayOfWeek, 3),
            (DateField::DayOfYear, 234),
            (DateField::Week, 34),
            (DateField::YearOfWeek, 2001),
        ] {
            assert_eq!(one(field, ts.clone()), expected, "{field:?}");
        }
    }

    #[test]
    fn iso_weeks_of_dates() {
        // 2005-01-02 is a Sunday in ISO week 53 of 2004.
        let date: ArrayRef = Arc::new(Date32Array::from(vec![12_785]));
        assert_eq!(one(DateField::Week, date.clone()), 53);
        assert_eq!(one(DateField::YearOfWeek, date.clone()), 2004);
        assert_eq!(one(DateField::DayOfWeek, date), 7);
    }

    #[test]
    fn zoned_values_use_local_time() {
        let ts: ArrayRef =
            Arc::new(TimestampMillisecondArray::from(vec![0]).with_timezone("America/Los_Angeles"));
        assert_eq!(one(DateField::Hour, ts.clone()), 16);
        assert_eq!(one(DateField::Day, ts.clone()), 31);
        assert_eq!(one(DateField::TimezoneHour, ts.clone()), -8);
        assert_eq!(one(DateField::TimezoneMinute, ts), 0);
    }

    #[test]
    fn intervals() {
        // INTERVAL '1 02:03:04.567' DAY TO SECOND
        let interval: ArrayRef = Arc::new(arrow::array::IntervalMonthDayNanoArray::from(vec![
            IntervalMonthDayNano::new(0, 1, 7_384_567_000_000),
        ]));
        assert_eq!(one(DateField::Day, interval.clone()), 1);
        assert_eq!(one(DateField::Hour, interval.clone()), 2);
        assert_eq!(one(DateField::Second, interval.clone()), 4);
        assert_eq!(one(DateField::Millisecond, interval), 567);
    }
}
