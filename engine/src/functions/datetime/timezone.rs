//! `at_timezone` and `with_timezone`: the same instant shown in another zone, and a wall
//! clock read in a zone.
//!
//! Arrow keeps one zone per column, so the result's zone is the constant zone argument; with
//! a zone column the instants are still exact but are shown in the session zone.

use arrow::array::{Array, ArrayRef, Int64Builder};
use arrow::datatypes::DataType;
use datafusion::error::Result;

use super::temporal::{Temporal, as_i64, from_i64, join, split, strings};
use super::zone::Zone;
use crate::functions::error::function_error;
use protocol::ErrorCode;

fn zones(zones: &ArrayRef) -> Result<Vec<Option<Zone>>> {
    strings(zones)?
        .iter()
        .map(|z| z.map(Zone::parse_or_error).transpose())
        .collect()
}

/// `at_timezone(x, zone)`: the instants of `x` (a `timestamp with time zone`), typed `target`.
pub fn at_timezone(values: &ArrayRef, zone: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    let zones = zones(zone)?;
    let input = as_i64(values)?;
    let rows = input.len().max(zones.len());
    let mut builder = Int64Builder::with_capacity(rows);
    for row in 0..rows {
        let value_row = if input.len() == 1 { 0 } else { row };
        let zone = zones[if zones.len() == 1 { 0 } else { row }];
        match zone {
            Some(_) if input.is_valid(value_row) => builder.append_value(input.value(value_row)),
            _ => builder.append_null(),
        }
    }
    from_i64(builder.finish(), target)
}

/// `with_timezone(x, zone)`: the wall clock of `x` (a `timestamp`) read in `zone`.
pub fn with_timezone(values: &ArrayRef, zone: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "with_timezone")?;
    let unit = temporal.unit();
    let zones = zones(zone)?;
    let input = as_i64(values)?;
    let rows = input.len().max(zones.len());
    let mut builder = Int64Builder::with_capacity(rows);
    for row in 0..rows {
        let value_row = if input.len() == 1 { 0 } else { row };
        match zones[if zones.len() == 1 { 0 } else { row }] {
            Some(zone) if input.is_valid(value_row) => {
                let (seconds, nanos) = split(input.value(value_row), unit);
                let stored = join(zone.to_utc(seconds), nanos, unit).ok_or_else(|| {
                    function_error(ErrorCode::NumericValueOutOfRange, "Timestamp out of range")
                })?;
                builder.append_value(stored);
            }
            _ => builder.append_null(),
        }
    }
    from_i64(builder.finish(), target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{AsArray, StringArray, TimestampMillisecondArray};
    use arrow::datatypes::{TimeUnit, TimestampMillisecondType};
    use std::sync::Arc;

    #[test]
    fn examples_of_the_docs() {
        // TIMESTAMP '2022-11-01 09:08:07.321'
        let local = 1_667_293_687_321;
        let la = DataType::Timestamp(TimeUnit::Millisecond, Some("America/Los_Angeles".into()));
        let zone: ArrayRef = Arc::new(StringArray::from(vec!["America/Los_Angeles"]));
        let plain: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![local]));
        let out = with_timezone(&plain, &zone, &la).unwrap();
        // 2022-11-01 09:08:07.321 America/Los_Angeles (PDT, -07:00)
        assert_eq!(
            out.as_primitive::<TimestampMillisecondType>().value(0),
            local + 7 * 3_600_000
        );
        // Session America/New_York: 09:08:07.321 EDT is 06:08:07.321 in Los Angeles.
        let new_york: ArrayRef = Arc::new(
            TimestampMillisecondArray::from(vec![local + 4 * 3_600_000])
                .with_timezone("America/New_York"),
        );
        let out = at_timezone(&new_york, &zone, &la).unwrap();
        let instant = out.as_primitive::<TimestampMillisecondType>().value(0);
        let shown = Zone::parse("America/Los_Angeles")
            .unwrap()
            .local(instant.div_euclid(1000), 321_000_000)
            .unwrap();
        assert_eq!(shown.to_string(), "2022-11-01 06:08:07.321");
        let bad: ArrayRef = Arc::new(StringArray::from(vec!["Mars/Base"]));
        assert!(at_timezone(&new_york, &bad, &la).is_err());
    }
}
