//! Calendar arithmetic: `date_trunc`, `date_add`, `date_diff` and `last_day_of_month`,
//! with Trino's units (`millisecond` .. `year`, including `week` and `quarter`).
//!
//! Units of a day and longer work on the local wall clock (so adding a day across a daylight
//! saving change keeps the time of day); shorter units work on the instant, as Joda's zoned
//! chronology does.

use std::ops::RangeInclusive;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Array, Int64Builder, PrimitiveArray};
use arrow::datatypes::{DataType, Int64Type};
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use datafusion::error::Result;

use super::civil;
use super::temporal::{Temporal, as_i64, date_from_days, days_of, from_i64, split, strings};
use crate::functions::error::{function_error, invalid_argument};
use protocol::ErrorCode;

/// A unit of `date_trunc`, `date_add` and `date_diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// `millisecond`
    Millisecond,
    /// `second`
    Second,
    /// `minute`
    Minute,
    /// `hour`
    Hour,
    /// `day`
    Day,
    /// `week` (ISO weeks start on Monday)
    Week,
    /// `month`
    Month,
    /// `quarter`
    Quarter,
    /// `year`
    Year,
}

impl Unit {
    /// Parses a unit name (case-insensitive) valid for values of `temporal`, with Trino's
    /// message otherwise.
    pub fn parse(text: &str, temporal: Temporal) -> Result<Unit> {
        let lower = text.to_ascii_lowercase();
        let unit = match lower.as_str() {
            "millisecond" => Some(Unit::Millisecond),
            "second" => Some(Unit::Second),
            "minute" => Some(Unit::Minute),
            "hour" => Some(Unit::Hour),
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "quarter" => Some(Unit::Quarter),
            "year" => Some(Unit::Year),
            _ => None,
        };
        let (valid, kind) = match temporal {
            Temporal::Date => (unit.filter(|u| *u >= Unit::Day), "DATE"),
            Temporal::Time(_) => (unit.filter(|u| *u <= Unit::Hour), "Time"),
            _ => (unit, "Timestamp"),
        };
        valid.ok_or_else(|| invalid_argument(format!("'{lower}' is not a valid {kind} field")))
    }

    /// Length in nanoseconds of the units with a fixed length on the local time line.
    fn fixed_nanos(self) -> Option<i128> {
        let second = 1_000_000_000i128;
        match self {
            Unit::Millisecond => Some(1_000_000),
            Unit::Second => Some(second),
            Unit::Minute => Some(60 * second),
            Unit::Hour => Some(3600 * second),
            Unit::Day => Some(86_400 * second),
            Unit::Week => Some(7 * 86_400 * second),
            _ => None,
        }
    }

    fn months(self) -> i64 {
        match self {
            Unit::Quarter => 3,
            Unit::Year => 12,
            _ => 1,
        }
    }
}

/// A unit argument: one parse for a constant, otherwise one per row.
enum Units {
    Constant(Option<Unit>),
    PerRow(arrow::array::StringArray),
}

impl Units {
    fn new(array: &ArrayRef, temporal: Temporal) -> Result<Units> {
        let names = strings(array)?;
        if names.len() == 1 {
            let unit = if names.is_null(0) {
                None
            } else {
                Some(Unit::parse(names.value(0), temporal)?)
            };
            return Ok(Units::Constant(unit));
        }
        Ok(Units::PerRow(names))
    }

    fn get(&self, row: usize, temporal: Temporal) -> Result<Option<Unit>> {
        match self {
            Units::Constant(unit) => Ok(*unit),
            Units::PerRow(names) if names.is_null(row) => Ok(None),
            Units::PerRow(names) => Unit::parse(names.value(row), temporal).map(Some),
        }
    }
}

fn out_of_range() -> datafusion::error::DataFusionError {
    function_error(
        ErrorCode::NumericValueOutOfRange,
        "Result of date/time arithmetic is out of range",
    )
}

/// The start of the `unit` containing `local`.
pub fn truncate(local: NaiveDateTime, unit: Unit) -> Option<NaiveDateTime> {
    let date = local.date();
    let time = local.time();
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    Some(match unit {
        Unit::Millisecond => {
            date.and_time(time.with_nanosecond(time.nanosecond() / 1_000_000 * 1_000_000)?)
        }
        Unit::Second => date.and_time(time.with_nanosecond(0)?),
        Unit::Minute => date.and_hms_opt(time.hour(), time.minute(), 0)?,
        Unit::Hour => date.and_hms_opt(time.hour(), 0, 0)?,
        Unit::Day => midnight(date),
        Unit::Week => {
            midnight(date - Duration::days(i64::from(date.weekday().num_days_from_monday())))
        }
        Unit::Month => midnight(date.with_day(1)?),
        Unit::Quarter => midnight(NaiveDate::from_ymd_opt(
            date.year(),
            date.month0() / 3 * 3 + 1,
            1,
        )?),
        Unit::Year => midnight(NaiveDate::from_ymd_opt(date.year(), 1, 1)?),
    })
}

/// The first day (counted from 1970-01-01) of the `unit` (a day or longer) containing `days`;
/// `None` outside `chrono`'s dates (`dates`, from [`civil::chrono_days`]).
#[inline]
fn truncate_days(days: i64, unit: Unit, dates: &RangeInclusive<i64>) -> Option<i64> {
    match unit {
        Unit::Week => Some(days - (days + 3).rem_euclid(7)),
        Unit::Month | Unit::Quarter | Unit::Year => {
            if !dates.contains(&days) {
                return None;
            }
            if unit == Unit::Month {
                return Some(civil::month_start(days));
            }
            let (year, month, _) = civil::civil_from_days(days);
            let month = match unit {
                Unit::Quarter => (month - 1) / 3 * 3 + 1,
                _ => 1,
            };
            Some(civil::days_from_civil(year, month, 1))
        }
        _ => Some(days),
    }
}

/// `date_trunc(unit, x)`: the same type as `x`.
pub fn date_trunc(unit: &ArrayRef, values: &ArrayRef) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "date_trunc")?;
    let units = Units::new(unit, temporal)?;
    let input = as_i64(values)?;
    let output: Int64Array = match (&units, temporal) {
        // Fixed-length units of plain timestamps: integer arithmetic.
        (Units::Constant(Some(unit)), Temporal::Timestamp(time_unit)) if *unit <= Unit::Day => {
            let step = match unit.fixed_nanos() {
                Some(nanos) => {
                    let per_nano = 1_000_000_000 / super::temporal::per_second(time_unit);
                    (nanos / i128::from(per_nano)).max(1) as i64
                }
                None => 1,
            };
            input.unary(|v| v - v.rem_euclid(step))
        }
        // Calendar units of dates and plain timestamps: work on the day number.
        (Units::Constant(Some(unit)), Temporal::Timestamp(_) | Temporal::Date) => {
            let per_day = match temporal {
                Temporal::Timestamp(time_unit) => 86_400 * super::temporal::per_second(time_unit),
                _ => 1,
            };
            let unit = *unit;
            let dates = civil::chrono_days();
            input.unary_opt(|v| {
                let days = v.div_euclid(per_day);
                let start = truncate_days(days, unit, &dates)?;
                start.checked_mul(per_day)
            })
        }
        (Units::Constant(None), _) => Int64Array::new_null(input.len()),
        (Units::Constant(Some(unit)), _) => {
            let unit = *unit;
            input.try_unary(|v| {
                temporal
                    .local(v)
                    .and_then(|t| truncate(t, unit))
                    .and_then(|t| temporal.from_local(t))
                    .ok_or_else(|| arrow::error::ArrowError::ComputeError("date_trunc".into()))
            })?
        }
        (Units::PerRow(_), _) => {
            let mut builder = Int64Builder::with_capacity(input.len());
            for row in 0..input.len() {
                let unit = units.get(row, temporal)?;
                match unit.filter(|_| input.is_valid(row)) {
                    None => builder.append_null(),
                    Some(unit) => builder.append_option(
                        temporal
                            .local(input.value(row))
                            .and_then(|t| truncate(t, unit))
                            .and_then(|t| temporal.from_local(t)),
                    ),
                }
            }
            builder.finish()
        }
    };
    from_i64(output, values.data_type())
}

/// `local` moved by `amount` units on the calendar (months clamp to the month's last day).
fn add_local(local: NaiveDateTime, unit: Unit, amount: i64) -> Option<NaiveDateTime> {
    match unit.fixed_nanos() {
        Some(nanos) => {
            let delta = i128::from(amount).checked_mul(nanos)?;
            let delta = Duration::nanoseconds(i64::try_from(delta).ok()?);
            local.checked_add_signed(delta)
        }
        None => {
            let months = amount.checked_mul(unit.months())?;
            let magnitude = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
            if months >= 0 {
                local.checked_add_months(magnitude)
            } else {
                local.checked_sub_months(magnitude)
            }
        }
    }
}

/// One value moved by `amount` units.
fn add_one(temporal: Temporal, value: i64, unit: Unit, amount: i64) -> Option<i64> {
    match temporal {
        // Sub-day units move the instant.
        Temporal::Zoned(time_unit, _) if unit <= Unit::Hour => {
            let per_nano = 1_000_000_000 / super::temporal::per_second(time_unit);
            let nanos = i128::from(amount).checked_mul(unit.fixed_nanos()?)?;
            let delta = i64::try_from(nanos / i128::from(per_nano)).ok()?;
            value.checked_add(delta)
        }
        Temporal::Time(time_unit) => {
            let per = super::temporal::per_second(time_unit);
            let day = 86_400 * per;
            let nanos = i128::from(amount).checked_mul(unit.fixed_nanos()?)?;
            let delta = (nanos / i128::from(1_000_000_000 / per)).rem_euclid(i128::from(day));
            Some((value + delta as i64).rem_euclid(day))
        }
        _ => temporal
            .local(value)
            .and_then(|t| add_local(t, unit, amount))
            .and_then(|t| temporal.from_local(t)),
    }
}

/// `date_add(unit, value, x)`: the same type as `x`.
pub fn date_add(unit: &ArrayRef, amount: &ArrayRef, values: &ArrayRef) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "date_add")?;
    let units = Units::new(unit, temporal)?;
    let amounts = as_i64(amount)?;
    let input = as_i64(values)?;
    let rows = input.len().max(amounts.len());
    let mut builder = Int64Builder::with_capacity(rows);
    for row in 0..rows {
        let at = |array: &Int64Array| if array.len() == 1 { 0 } else { row };
        let (value_row, amount_row) = (at(&input), at(&amounts));
        let unit = units.get(row, temporal)?;
        match unit {
            Some(unit) if input.is_valid(value_row) && amounts.is_valid(amount_row) => {
                let moved = add_one(
                    temporal,
                    input.value(value_row),
                    unit,
                    amounts.value(amount_row),
                )
                .ok_or_else(out_of_range)?;
                builder.append_value(moved);
            }
            _ => builder.append_null(),
        }
    }
    from_i64(builder.finish(), values.data_type())
}

/// Whole months from `from` to `to` (`from <= to`), as Joda counts them: the month count is
/// reduced when `to` has not reached `from`'s day and time in its month.
fn whole_months(from: NaiveDateTime, to: NaiveDateTime) -> Option<i64> {
    let months =
        i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    let reached = add_local(from, Unit::Month, months)?;
    Some(if reached > to { months - 1 } else { months })
}

/// `to - from` in whole `unit`s, truncated toward zero.
fn difference(temporal: Temporal, from: i64, to: i64, unit: Unit) -> Option<i64> {
    let instant_nanos = |v: i64| {
        let (seconds, nanos) = split(v, temporal.unit());
        i128::from(seconds) * 1_000_000_000 + i128::from(nanos)
    };
    let local_nanos = |t: NaiveDateTime| {
        i128::from(t.and_utc().timestamp()) * 1_000_000_000 + i128::from(t.nanosecond())
    };
    match (temporal, unit.fixed_nanos()) {
        (Temporal::Date, Some(nanos)) => {
            i64::try_from(i128::from(to - from) * 86_400_000_000_000 / nanos).ok()
        }
        (Temporal::Zoned(..), Some(nanos)) if unit <= Unit::Hour => {
            i64::try_from((instant_nanos(to) - instant_nanos(from)) / nanos).ok()
        }
        (_, Some(nanos)) => {
            let (a, b) = (temporal.local(from)?, temporal.local(to)?);
            i64::try_from((local_nanos(b) - local_nanos(a)) / nanos).ok()
        }
        (_, None) => {
            let (a, b) = (temporal.local(from)?, temporal.local(to)?);
            let months = if a <= b {
                whole_months(a, b)?
            } else {
                -whole_months(b, a)?
            };
            Some(months / unit.months())
        }
    }
}

/// `date_diff(unit, x, y)`: `y - x` in whole units, as `bigint`.
pub fn date_diff(unit: &ArrayRef, from: &ArrayRef, to: &ArrayRef) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(from.data_type(), "date_diff")?;
    let units = Units::new(unit, temporal)?;
    let (from, to) = (as_i64(from)?, as_i64(to)?);
    let output: Int64Array = match &units {
        Units::Constant(Some(unit)) if from.len() == to.len() => {
            let unit = *unit;
            from.iter()
                .zip(to.iter())
                .map(|(a, b)| difference(temporal, a?, b?, unit))
                .collect()
        }
        _ => {
            let rows = from.len().max(to.len());
            let mut builder = Int64Builder::with_capacity(rows);
            for row in 0..rows {
                let at = |array: &Int64Array| if array.len() == 1 { 0 } else { row };
                let unit = units.get(row, temporal)?;
                match unit {
                    Some(unit) if from.is_valid(at(&from)) && to.is_valid(at(&to)) => builder
                        .append_option(difference(
                            temporal,
                            from.value(at(&from)),
                            to.value(at(&to)),
                            unit,
                        )),
                    _ => builder.append_null(),
                }
            }
            builder.finish()
        }
    };
    Ok(Arc::new(output))
}

/// `last_day_of_month(x)`: a `date`.
pub fn last_day_of_month(values: &ArrayRef) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "last_day_of_month")?;
    let input = as_i64(values)?;
    let output: PrimitiveArray<Int64Type> = input.unary_opt(|v| {
        let date = match temporal {
            Temporal::Date => date_from_days(v)?,
            _ => temporal.local(v)?.date(),
        };
        let first = date.with_day(1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(days_of(last))
    });
    from_i64(output, &DataType::Date32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{
        AsArray, Date32Array, StringArray, TimestampMillisecondArray, TimestampNanosecondArray,
    };
    use arrow::datatypes::{Date32Type, TimestampMillisecondType};

    fn unit(name: &str) -> ArrayRef {
        Arc::new(StringArray::from(vec![name]))
    }

    /// TIMESTAMP 'text' as milliseconds.
    fn ts(text: &str) -> ArrayRef {
        let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        Arc::new(TimestampMillisecondArray::from(vec![
            t.and_utc().timestamp_millis(),
        ]))
    }

    fn ts_nanos(text: &str) -> ArrayRef {
        let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        Arc::new(TimestampNanosecondArray::from(vec![
            t.and_utc().timestamp_nanos_opt().unwrap(),
        ]))
    }

    fn show(array: &ArrayRef) -> String {
        let millis = array.as_primitive::<TimestampMillisecondType>().value(0);
        chrono::DateTime::from_timestamp_millis(millis)
            .unwrap()
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S%.3f")
            .to_string()
    }

    fn date(text: &str) -> ArrayRef {
        let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        Arc::new(Date32Array::from(vec![days_of(d) as i32]))
    }

    fn one(array: &ArrayRef) -> i64 {
        array.as_primitive::<Int64Type>().value(0)
    }

    #[test]
    fn truncation_table_of_the_docs() {
        let input = ts("2001-08-22 03:04:05.321");
        for (name, expected) in [
            ("millisecond", "2001-08-22 03:04:05.321"),
            ("second", "2001-08-22 03:04:05.000"),
            ("minute", "2001-08-22 03:04:00.000"),
            ("hour", "2001-08-22 03:00:00.000"),
            ("day", "2001-08-22 00:00:00.000"),
            ("week", "2001-08-20 00:00:00.000"),
            ("month", "2001-08-01 00:00:00.000"),
            ("quarter", "2001-07-01 00:00:00.000"),
            ("year", "2001-01-01 00:00:00.000"),
        ] {
            assert_eq!(
                show(&date_trunc(&unit(name), &input).unwrap()),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            show(&date_trunc(&unit("month"), &ts("2022-10-20 05:10:00")).unwrap()),
            "2022-10-01 00:00:00.000"
        );
    }

    /// The values of a constant unit (fast paths) and of a unit column (per-row `chrono`).
    fn constant_and_per_row(name: &str, input: &ArrayRef) -> (ArrayRef, ArrayRef) {
        let constant = date_trunc(&unit(name), input).unwrap();
        let names: ArrayRef = Arc::new(StringArray::from(vec![name; input.len()]));
        let per_row = date_trunc(&names, input).unwrap();
        (constant, per_row)
    }

    #[test]
    fn calendar_fast_paths_agree_with_chrono() {
        let day = 86_400_000i64;
        let mut millis: Vec<Option<i64>> = (-40_000i64..40_000)
            .map(|i| Some(i * 7_919_333_111 + i % 1_000))
            .collect();
        // Pre-1970 edges, leap days, the limits of chrono's dates and of i64, nulls.
        millis.extend([
            Some(-1),
            Some(0),
            Some(-day),
            Some(-day - 1),
            Some(951_782_400_000), // 2000-02-29
            Some(-2_203_891_200_001),
            Some(-8_334_601_228_800_000),
            Some(8_210_266_876_799_999),
            Some(8_210_266_876_800_000),
            Some(-8_334_632_851_200_001),
            Some(i64::MIN),
            Some(i64::MAX),
            None,
        ]);
        let inputs: Vec<ArrayRef> = vec![
            Arc::new(TimestampMillisecondArray::from(millis.clone())),
            Arc::new(TimestampNanosecondArray::from(
                millis
                    .iter()
                    .map(|m| m.and_then(|m| m.checked_mul(1_000_000)))
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Date32Array::from(
                (-800_000..800_000)
                    .step_by(13)
                    .map(Some)
                    .chain([None, Some(i32::MIN), Some(i32::MAX)])
                    .collect::<Vec<_>>(),
            )),
        ];
        for input in &inputs {
            for name in ["month", "quarter", "year"] {
                let (constant, per_row) = constant_and_per_row(name, input);
                assert_eq!(&constant, &per_row, "{name} {}", input.data_type());
            }
        }
    }

    #[test]
    fn month_of_zoned_timestamps_across_daylight_saving() {
        let zone = "America/New_York";
        let at = |text: &str| -> ArrayRef {
            let t = chrono::DateTime::parse_from_rfc3339(text).unwrap();
            Arc::new(
                TimestampMillisecondArray::from(vec![t.timestamp_millis()]).with_timezone(zone),
            )
        };
        let utc = |array: &ArrayRef| {
            let millis = array.as_primitive::<TimestampMillisecondType>().value(0);
            chrono::DateTime::from_timestamp_millis(millis)
                .unwrap()
                .to_rfc3339()
        };
        // March: the month starts in standard time, the value is in daylight time.
        let march = date_trunc(&unit("month"), &at("2021-03-20T12:00:00-04:00")).unwrap();
        assert_eq!(utc(&march), "2021-03-01T05:00:00+00:00");
        // November: the month starts in daylight time, the value is in standard time.
        let november = date_trunc(&unit("month"), &at("2021-11-20T12:00:00-05:00")).unwrap();
        assert_eq!(utc(&november), "2021-11-01T04:00:00+00:00");
        // Before 1970 (negative instants), before the zone's daylight rules.
        let old = date_trunc(&unit("month"), &at("1883-11-18T17:00:00-04:56")).unwrap();
        assert_eq!(utc(&old), "1883-11-01T04:56:02+00:00");
        let (constant, per_row) = constant_and_per_row("month", &at("1969-12-31T23:59:59-05:00"));
        assert_eq!(utc(&constant), "1969-12-01T05:00:00+00:00");
        assert_eq!(&constant, &per_row);
    }

    #[test]
    fn month_of_negative_timestamps() {
        for (input, expected) in [
            ("1969-12-31 23:59:59.999", "1969-12-01 00:00:00.000"),
            ("1900-02-28 12:00:00", "1900-02-01 00:00:00.000"),
            ("1600-02-29 00:00:00", "1600-02-01 00:00:00.000"),
            ("0001-01-01 00:00:00.001", "0001-01-01 00:00:00.000"),
            ("1970-01-01 00:00:00", "1970-01-01 00:00:00.000"),
        ] {
            let out = date_trunc(&unit("month"), &ts(input)).unwrap();
            assert_eq!(show(&out), expected, "{input}");
        }
    }

    #[test]
    fn truncating_dates_rejects_time_units() {
        let out = date_trunc(&unit("month"), &date("2001-08-22")).unwrap();
        assert_eq!(
            out.as_primitive::<Date32Type>().value(0),
            days_of(NaiveDate::from_ymd_opt(2001, 8, 1).unwrap()) as i32
        );
        for (name, input, expected) in [
            ("week", "2001-08-22", "2001-08-20"),
            ("week", "1969-12-31", "1969-12-29"),
            ("quarter", "2001-08-22", "2001-07-01"),
            ("year", "1969-08-22", "1969-01-01"),
        ] {
            let out = date_trunc(&unit(name), &date(input)).unwrap();
            assert_eq!(
                out.as_primitive::<Date32Type>().value(0),
                date(expected).as_primitive::<Date32Type>().value(0),
                "{name} {input}"
            );
        }
        let error = date_trunc(&unit("hour"), &date("2001-08-22")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("'hour' is not a valid DATE field")
        );
    }

    #[test]
    fn adding_units_of_the_docs() {
        let amount = |n: i64| -> ArrayRef { Arc::new(Int64Array::from(vec![n])) };
        let start = ts("2020-03-01 00:00:00");
        assert_eq!(
            show(&date_add(&unit("second"), &amount(86), &start).unwrap()),
            "2020-03-01 00:01:26.000"
        );
        assert_eq!(
            show(&date_add(&unit("hour"), &amount(9), &start).unwrap()),
            "2020-03-01 09:00:00.000"
        );
        assert_eq!(
            show(&date_add(&unit("day"), &amount(-1), &start).unwrap()),
            "2020-02-29 00:00:00.000"
        );
        // timestamp '2012-10-31 01:00' + interval '1' month
        assert_eq!(
            show(&date_add(&unit("month"), &amount(1), &ts("2012-10-31 01:00:00")).unwrap()),
            "2012-11-30 01:00:00.000"
        );
    }

    #[test]
    fn differences_of_the_docs() {
        let diff = |u: &str, a: &ArrayRef, b: &ArrayRef| one(&date_diff(&unit(u), a, b).unwrap());
        assert_eq!(
            diff(
                "second",
                &ts("2020-03-01 00:00:00"),
                &ts("2020-03-02 00:00:00")
            ),
            86_400
        );
        assert_eq!(diff("day", &date("2020-03-01"), &date("2020-03-02")), 1);
        let (a, b) = (
            ts_nanos("2020-06-01 12:30:45.000000000"),
            ts_nanos("2020-06-02 12:30:45.123456789"),
        );
        assert_eq!(diff("second", &a, &b), 86_400);
        assert_eq!(diff("millisecond", &a, &b), 86_400_123);
        // Whole months only, in both directions; like Joda, the last day of a month has
        // reached any later day of the month before it.
        assert_eq!(
            diff(
                "month",
                &ts("2020-01-31 00:00:00"),
                &ts("2020-02-29 00:00:00")
            ),
            1
        );
        assert_eq!(
            diff(
                "month",
                &ts("2020-01-31 00:00:00"),
                &ts("2020-02-28 00:00:00")
            ),
            0
        );
        assert_eq!(
            diff(
                "month",
                &ts("2020-01-15 00:00:00"),
                &ts("2020-03-15 00:00:00")
            ),
            2
        );
        assert_eq!(
            diff(
                "month",
                &ts("2020-03-15 00:00:00"),
                &ts("2020-01-16 00:00:00")
            ),
            -1
        );
        assert_eq!(diff("year", &date("2000-02-29"), &date("2001-02-28")), 1);
    }

    #[test]
    fn last_days() {
        let out = last_day_of_month(&date("2020-02-10")).unwrap();
        assert_eq!(
            out.as_primitive::<Date32Type>().value(0),
            days_of(NaiveDate::from_ymd_opt(2020, 2, 29).unwrap()) as i32
        );
    }
}
