//! `current_timestamp[(p)]` (and `now()`) and `localtimestamp[(p)]`: the start of the query as
//! `timestamp(p) with time zone` in the session zone, and as the session zone's wall clock
//! `timestamp(p)`. The precision defaults to 3. Both are fixed when the query is planned
//! (from DataFusion's query start time, the one `now()` uses), so every mention in a query
//! sees the same instant.

use arrow::datatypes::{DataType, FieldRef, TimeUnit};
use chrono::{DateTime, Utc};
use datafusion::common::metadata::FieldMetadata;
use datafusion::common::{ScalarValue, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    TypeSignature, Volatility,
};
use protocol::TrinoType;

use super::temporal::{typed_field, zoned_type};
use super::zone::Zone;

/// `current_timestamp` (zoned) or `localtimestamp` for a session in `zone`.
pub fn current_timestamp_function(zoned: bool, zone: Zone) -> ScalarUDF {
    ScalarUDF::new_from_impl(CurrentTimestamp {
        zoned,
        zone,
        aliases: vec!["now".to_string()],
        signature: Signature::one_of(
            vec![
                TypeSignature::Nullary,
                TypeSignature::Exact(vec![DataType::Int32]),
                TypeSignature::Exact(vec![DataType::Int64]),
            ],
            Volatility::Stable,
        ),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct CurrentTimestamp {
    zoned: bool,
    zone: Zone,
    aliases: Vec<String>,
    signature: Signature,
}

/// Largest precision an Arrow timestamp holds (Trino allows up to 12).
const MAX_PRECISION: i64 = 9;

impl CurrentTimestamp {
    fn precision(argument: Option<&ScalarValue>) -> Result<u8> {
        let precision = match argument {
            None => 3,
            Some(ScalarValue::Int32(Some(p))) => i64::from(*p),
            Some(ScalarValue::Int64(Some(p))) => *p,
            Some(_) => return plan_err!("precision must be an integer literal"),
        };
        match u8::try_from(precision) {
            Ok(p) if i64::from(p) <= MAX_PRECISION => Ok(p),
            _ => plan_err!("Invalid TIMESTAMP precision {precision}"),
        }
    }

    fn field(&self, precision: u8) -> FieldRef {
        let name = self.name();
        if self.zoned {
            let (ty, data_type) = zoned_type(precision, &self.zone);
            typed_field(name, &ty, data_type)
        } else {
            let ty = TrinoType::Timestamp { precision };
            let data_type = ty.to_arrow();
            typed_field(name, &ty, data_type)
        }
    }

    /// The value at instant `now`, truncated to `precision` digits, as a literal of `field`.
    fn value(&self, now: DateTime<Utc>, precision: u8, field: &FieldRef) -> Result<ScalarValue> {
        let DataType::Timestamp(unit, zone) = field.data_type() else {
            return exec_err!("{} returns a timestamp", self.name());
        };
        let seconds = now.timestamp();
        let shift = if self.zoned {
            0
        } else {
            i64::from(self.zone.offset_at(seconds))
        };
        let step = 10i64.pow(9 - u32::from(precision));
        let nanos = i64::from(now.timestamp_subsec_nanos()) / step * step;
        let total =
            |per_second: i64| (seconds + shift) * per_second + nanos / (1_000_000_000 / per_second);
        Ok(match unit {
            TimeUnit::Second => ScalarValue::TimestampSecond(Some(total(1)), zone.clone()),
            TimeUnit::Millisecond => {
                ScalarValue::TimestampMillisecond(Some(total(1_000)), zone.clone())
            }
            TimeUnit::Microsecond => {
                ScalarValue::TimestampMicrosecond(Some(total(1_000_000)), zone.clone())
            }
            TimeUnit::Nanosecond => {
                ScalarValue::TimestampNanosecond(Some(total(1_000_000_000)), zone.clone())
            }
        })
    }

    fn literal(&self, now: DateTime<Utc>, argument: Option<&ScalarValue>) -> Result<Expr> {
        let precision = Self::precision(argument)?;
        let field = self.field(precision);
        let value = self.value(now, precision, &field)?;
        let metadata =
            (!field.metadata().is_empty()).then(|| FieldMetadata::from(field.metadata().clone()));
        Ok(Expr::Literal(value, metadata))
    }
}

impl ScalarUDFImpl for CurrentTimestamp {
    fn name(&self) -> &str {
        if self.zoned {
            "current_timestamp"
        } else {
            "localtimestamp"
        }
    }

    /// `now()` is `current_timestamp` in Trino.
    fn aliases(&self) -> &[String] {
        if self.zoned { &self.aliases } else { &[] }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        exec_err!("{} uses return_field_from_args", self.name())
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let argument = args.scalar_arguments.first().copied().flatten();
        Ok(self.field(Self::precision(argument)?))
    }

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let argument = match args.first() {
            None => None,
            Some(Expr::Literal(value, _)) => Some(value),
            Some(_) => return Ok(ExprSimplifyResult::Original(args)),
        };
        let now = info.query_execution_start_time().unwrap_or_else(Utc::now);
        Ok(ExprSimplifyResult::Simplified(self.literal(now, argument)?))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let precision = match args.args.first() {
            Some(ColumnarValue::Scalar(value)) => Self::precision(Some(value))?,
            Some(ColumnarValue::Array(_)) => {
                return exec_err!("{} takes a literal precision", self.name());
            }
            None => 3,
        };
        let value = self.value(Utc::now(), precision, &args.return_field)?;
        Ok(ColumnarValue::Scalar(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_is_the_session_wall_clock_truncated_to_the_precision() {
        let now = DateTime::parse_from_rfc3339("2026-07-01T12:34:56.789123456Z")
            .expect("instant")
            .with_timezone(&Utc);
        let zone = Zone::parse("America/Los_Angeles").expect("zone");
        let local = CurrentTimestamp {
            zoned: false,
            zone,
            aliases: vec![],
            signature: Signature::nullary(Volatility::Stable),
        };
        let field = local.field(3);
        let value = local.value(now, 3, &field).expect("value");
        // 12:34:56.789 UTC is 05:34:56.789 in Los Angeles (UTC-7 in July).
        let expected = DateTime::parse_from_rfc3339("2026-07-01T05:34:56.789Z")
            .expect("instant")
            .timestamp_millis();
        assert_eq!(
            value,
            ScalarValue::TimestampMillisecond(Some(expected), None)
        );
        let zoned = CurrentTimestamp {
            zoned: true,
            ..local
        };
        let field = zoned.field(6);
        let ScalarValue::TimestampMicrosecond(Some(micros), Some(_)) =
            zoned.value(now, 6, &field).expect("value")
        else {
            panic!("zoned microseconds expected");
        };
        assert_eq!(micros, now.timestamp_micros());
        assert!(CurrentTimestamp::precision(Some(&ScalarValue::Int32(Some(13)))).is_err());
    }
}
