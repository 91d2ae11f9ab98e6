//! Trino's date and time functions.
//!
//! Every function is one [`DateTimeFunction`] value: a [`Kind`] plus the session time zone,
//! which functions need for values without a zone (`from_unixtime(x)`, ISO 8601 text
//! without an offset, `timestamp` arguments where Trino expects `timestamp with time zone`).
//! The functions are built per query (see [`datetime_functions`]) and replace DataFusion
//! built-ins of the same name (`date_trunc`, `date_format`, `from_unixtime`, `to_unixtime`).
//!
//! Arrow holds one zone per column (`Timestamp(unit, Some(zone))`), while a Trino value
//! carries its own zone. Functions whose result zone comes from an argument use that zone
//! when the argument is a constant, and the session zone otherwise (the instants are exact
//! either way).

pub mod arithmetic;
pub mod civil;
pub mod current;
pub mod duration;
pub mod fields;
pub mod formatting;
pub mod interval_scale;
pub mod iso8601;
pub mod joda_format;
pub mod mysql_format;
pub mod pattern;
pub mod temporal;
pub mod timezone;
pub mod unixtime;
pub mod zone;

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, FieldRef, IntervalUnit, TimeUnit};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::TrinoType;

use self::fields::DateField;
use self::formatting::Syntax;
use self::temporal::{
    Temporal, arity, arrays, coerce_double, coerce_integer, coerce_string, coerce_temporal, finish,
    literal_string, precision_of, trino_type, typed_field, zoned_type,
};
use self::zone::Zone;

/// Which date/time function a [`DateTimeFunction`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `year(x)`, `month(x)`, ... (see [`DateField`]).
    Field(DateField),
    /// `date_format(timestamp, format)`
    DateFormat,
    /// `date_parse(string, format)`
    DateParse,
    /// `format_datetime(timestamp, format)`
    FormatDatetime,
    /// `parse_datetime(string, format)`
    ParseDatetime,
    /// `date_trunc(unit, x)`
    DateTrunc,
    /// `date_add(unit, value, x)`
    DateAdd,
    /// `date_diff(unit, x, y)`
    DateDiff,
    /// `last_day_of_month(x)`
    LastDayOfMonth,
    /// `from_unixtime(x [, zone | , hours, minutes])`
    FromUnixtime,
    /// `from_unixtime_nanos(x)`
    FromUnixtimeNanos,
    /// `to_unixtime(x)`
    ToUnixtime,
    /// `to_milliseconds(interval)`
    ToMilliseconds,
    /// `human_readable_seconds(double)`
    HumanReadableSeconds,
    /// `from_iso8601_timestamp(string)`
    FromIso8601Timestamp,
    /// `from_iso8601_timestamp_nanos(string)`
    FromIso8601TimestampNanos,
    /// `from_iso8601_date(string)`
    FromIso8601Date,
    /// `to_iso8601(x)`
    ToIso8601,
    /// `at_timezone(timestamp, zone)`
    AtTimezone,
    /// `with_timezone(timestamp, zone)`
    WithTimezone,
}

impl Kind {
    /// Every function but the fields.
    const OTHERS: [Kind; 19] = [
        Kind::DateFormat,
        Kind::DateParse,
        Kind::FormatDatetime,
        Kind::ParseDatetime,
        Kind::DateTrunc,
        Kind::DateAdd,
        Kind::DateDiff,
        Kind::LastDayOfMonth,
        Kind::FromUnixtime,
        Kind::FromUnixtimeNanos,
        Kind::ToUnixtime,
        Kind::ToMilliseconds,
        Kind::HumanReadableSeconds,
        Kind::FromIso8601Timestamp,
        Kind::FromIso8601TimestampNanos,
        Kind::FromIso8601Date,
        Kind::ToIso8601,
        Kind::AtTimezone,
        Kind::WithTimezone,
    ];

    fn names(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Kind::Field(field) => field.names(),
            Kind::DateFormat => ("date_format", &[]),
            Kind::DateParse => ("date_parse", &[]),
            Kind::FormatDatetime => ("format_datetime", &[]),
            Kind::ParseDatetime => ("parse_datetime", &[]),
            Kind::DateTrunc => ("date_trunc", &[]),
            Kind::DateAdd => ("date_add", &[]),
            Kind::DateDiff => ("date_diff", &[]),
            Kind::LastDayOfMonth => ("last_day_of_month", &[]),
            Kind::FromUnixtime => ("from_unixtime", &[]),
            Kind::FromUnixtimeNanos => ("from_unixtime_nanos", &[]),
            Kind::ToUnixtime => ("to_unixtime", &[]),
            Kind::ToMilliseconds => ("to_milliseconds", &[]),
            Kind::HumanReadableSeconds => ("human_readable_seconds", &[]),
            Kind::FromIso8601Timestamp => ("from_iso8601_timestamp", &[]),
            Kind::FromIso8601TimestampNanos => ("from_iso8601_timestamp_nanos", &[]),
            Kind::FromIso8601Date => ("from_iso8601_date", &[]),
            Kind::ToIso8601 => ("to_iso8601", &[]),
            Kind::AtTimezone => ("at_timezone", &[]),
            Kind::WithTimezone => ("with_timezone", &[]),
        }
    }
}

/// One date/time function of one session.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateTimeFunction {
    kind: Kind,
    aliases: Vec<String>,
    signature: Signature,
    session_zone: Zone,
}

impl DateTimeFunction {
    /// The function `kind` for a session in `session_zone`.
    pub fn new(kind: Kind, session_zone: Zone) -> Self {
        Self {
            kind,
            aliases: kind.names().1.iter().map(|a| a.to_string()).collect(),
            signature: Signature::user_defined(Volatility::Immutable),
            session_zone,
        }
    }

    /// `timestamp(p)` as `timestamp(p) with time zone` in the session zone (Trino's implicit
    /// coercion); other types unchanged.
    fn zoned(&self, data_type: &DataType) -> DataType {
        match data_type {
            DataType::Timestamp(unit, None) => {
                DataType::Timestamp(*unit, Some(self.session_zone.id().into()))
            }
            other => other.clone(),
        }
    }

    /// The zone named by a constant argument, or the session zone.
    fn zone_argument(&self, args: &ReturnFieldArgs, index: usize) -> Result<Zone> {
        match literal_string(args.scalar_arguments, index) {
            Some(text) => Zone::parse_or_error(text),
            None => Ok(self.session_zone),
        }
    }
}

/// The common type of `date_diff`'s two values.
fn common_temporal(a: &DataType, b: &DataType, session: &DateTimeFunction) -> Result<DataType> {
    let finer = |x: &TimeUnit, y: &TimeUnit| {
        if temporal::per_second(*x) >= temporal::per_second(*y) {
            *x
        } else {
            *y
        }
    };
    Ok(match (a, b) {
        _ if a == b => a.clone(),
        (DataType::Date32, DataType::Timestamp(..)) => b.clone(),
        (DataType::Timestamp(..), DataType::Date32) => a.clone(),
        (DataType::Timestamp(x, None), DataType::Timestamp(y, None)) => {
            DataType::Timestamp(finer(x, y), None)
        }
        (DataType::Timestamp(x, zone_a), DataType::Timestamp(y, zone_b)) => {
            let zone = zone_a.clone().or_else(|| zone_b.clone());
            let zone = zone.or_else(|| Some(session.session_zone.id().into()));
            DataType::Timestamp(finer(x, y), zone)
        }
        _ => return plan_err!("Unexpected parameters ({a}, {b}) for function date_diff"),
    })
}

fn not_time(data_type: &DataType, function: &str) -> Result<DataType> {
    let coerced = coerce_temporal(data_type, function)?;
    if matches!(Temporal::of(&coerced), Some(Temporal::Time(_))) {
        return plan_err!("Unexpected parameters ({data_type}) for function {function}");
    }
    Ok(coerced)
}

impl ScalarUDFImpl for DateTimeFunction {
    fn name(&self) -> &str {
        self.kind.names().0
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, types: &[DataType]) -> Result<Vec<DataType>> {
        let name = self.name();
        let text = |t: &DataType| coerce_string(t, name);
        match self.kind {
            Kind::Field(field) => {
                arity(types, &[1], name)?;
                Ok(vec![field.coerce(&types[0])?])
            }
            Kind::DateFormat | Kind::FormatDatetime => {
                arity(types, &[2], name)?;
                Ok(vec![not_time(&types[0], name)?, text(&types[1])?])
            }
            Kind::DateParse | Kind::ParseDatetime => {
                arity(types, &[2], name)?;
                Ok(vec![text(&types[0])?, text(&types[1])?])
            }
            Kind::DateTrunc => {
                arity(types, &[2], name)?;
                Ok(vec![text(&types[0])?, coerce_temporal(&types[1], name)?])
            }
            Kind::DateAdd => {
                arity(types, &[3], name)?;
                Ok(vec![
                    text(&types[0])?,
                    coerce_integer(&types[1], name)?,
                    coerce_temporal(&types[2], name)?,
                ])
            }
            Kind::DateDiff => {
                arity(types, &[3], name)?;
                let a = coerce_temporal(&types[1], name)?;
                let b = coerce_temporal(&types[2], name)?;
                let common = common_temporal(&a, &b, self)?;
                Ok(vec![text(&types[0])?, common.clone(), common])
            }
            Kind::LastDayOfMonth | Kind::ToIso8601 => {
                arity(types, &[1], name)?;
                Ok(vec![not_time(&types[0], name)?])
            }
            Kind::FromUnixtime => {
                arity(types, &[1, 2, 3], name)?;
                let mut out = vec![coerce_double(&types[0], name)?];
                match types.len() {
                    2 => out.push(text(&types[1])?),
                    3 => {
                        out.push(coerce_integer(&types[1], name)?);
                        out.push(coerce_integer(&types[2], name)?);
                    }
                    _ => {}
                }
                Ok(out)
            }
            Kind::FromUnixtimeNanos => {
                arity(types, &[1], name)?;
                Ok(vec![match &types[0] {
                    DataType::Decimal128(..) => types[0].clone(),
                    DataType::Decimal32(p, s) | DataType::Decimal64(p, s) => {
                        DataType::Decimal128(*p, *s)
                    }
                    other => coerce_integer(other, name)?,
                }])
            }
            Kind::ToUnixtime => {
                arity(types, &[1], name)?;
                let coerced = coerce_temporal(&types[0], name)?;
                match coerced {
                    DataType::Timestamp(..) => Ok(vec![self.zoned(&coerced)]),
                    _ => plan_err!("Unexpected parameters ({}) for function {name}", types[0]),
                }
            }
            Kind::ToMilliseconds => {
                arity(types, &[1], name)?;
                match &types[0] {
                    DataType::Interval(_) | DataType::Duration(_) | DataType::Null => {
                        Ok(vec![DataType::Interval(IntervalUnit::MonthDayNano)])
                    }
                    other => plan_err!("Unexpected parameters ({other}) for function {name}"),
                }
            }
            Kind::HumanReadableSeconds => {
                arity(types, &[1], name)?;
                Ok(vec![coerce_double(&types[0], name)?])
            }
            Kind::FromIso8601Timestamp
            | Kind::FromIso8601TimestampNanos
            | Kind::FromIso8601Date => {
                arity(types, &[1], name)?;
                Ok(vec![text(&types[0])?])
            }
            Kind::AtTimezone | Kind::WithTimezone => {
                arity(types, &[2], name)?;
                let value = match coerce_temporal(&types[0], name)? {
                    DataType::Date32 => DataType::Timestamp(TimeUnit::Second, None),
                    timestamp @ DataType::Timestamp(..) => timestamp,
                    _ => {
                        return plan_err!(
                            "Unexpected parameters ({}) for function {name}",
                            types[0]
                        );
                    }
                };
                let value = if self.kind == Kind::AtTimezone {
                    self.zoned(&value)
                } else {
                    match value {
                        DataType::Timestamp(unit, Some(_)) => DataType::Timestamp(unit, None),
                        other => other,
                    }
                };
                Ok(vec![value, text(&types[1])?])
            }
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        datafusion::common::internal_err!("{} uses return_field_from_args", self.name())
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let name = self.name();
        let plain = |data_type: DataType| -> Result<FieldRef> {
            Ok(Arc::new(Field::new(name, data_type, true)))
        };
        let zoned = |precision: u8, zone: Zone| -> Result<FieldRef> {
            let (ty, data_type) = zoned_type(precision, &zone);
            Ok(typed_field(name, &ty, data_type))
        };
        match self.kind {
            Kind::Field(_) | Kind::DateDiff | Kind::ToMilliseconds => plain(DataType::Int64),
            Kind::DateFormat
            | Kind::FormatDatetime
            | Kind::ToIso8601
            | Kind::HumanReadableSeconds => plain(DataType::Utf8),
            Kind::DateParse => plain(DataType::Timestamp(TimeUnit::Millisecond, None)),
            Kind::LastDayOfMonth | Kind::FromIso8601Date => plain(DataType::Date32),
            Kind::ToUnixtime => plain(DataType::Float64),
            Kind::DateTrunc | Kind::DateAdd => {
                let input = &args.arg_fields[args.arg_fields.len() - 1];
                let ty = trino_type(input)?;
                Ok(typed_field(name, &ty, input.data_type().clone()))
            }
            Kind::ParseDatetime => {
                let zone = match (
                    literal_string(args.scalar_arguments, 0),
                    literal_string(args.scalar_arguments, 1),
                ) {
                    (Some(text), Some(pattern)) => formatting::literal_zone(text, pattern),
                    _ => None,
                };
                zoned(3, zone.unwrap_or(self.session_zone))
            }
            Kind::FromUnixtime => {
                let zone = match args.arg_fields.len() {
                    2 => self.zone_argument(&args, 1)?,
                    3 => match (args.scalar_arguments[1], args.scalar_arguments[2]) {
                        (Some(hours), Some(minutes)) => {
                            match (
                                hours.cast_to(&DataType::Int64)?,
                                minutes.cast_to(&DataType::Int64)?,
                            ) {
                                (ScalarValue::Int64(Some(h)), ScalarValue::Int64(Some(m))) => {
                                    unixtime::zone_of_offset(h, m)?
                                }
                                _ => self.session_zone,
                            }
                        }
                        _ => self.session_zone,
                    },
                    _ => self.session_zone,
                };
                zoned(3, zone)
            }
            Kind::FromUnixtimeNanos => zoned(9, self.session_zone),
            Kind::FromIso8601Timestamp | Kind::FromIso8601TimestampNanos => {
                let nanos = self.kind == Kind::FromIso8601TimestampNanos;
                let zone = literal_string(args.scalar_arguments, 0)
                    .and_then(|text| iso8601::literal_zone(text, nanos));
                zoned(if nanos { 9 } else { 3 }, zone.unwrap_or(self.session_zone))
            }
            Kind::AtTimezone | Kind::WithTimezone => {
                let precision = precision_of(&args.arg_fields[0]);
                zoned(precision, self.zone_argument(&args, 1)?)
            }
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        // Arguments that may stay one value long (the functions broadcast them).
        let constant: &[usize] = match self.kind {
            Kind::DateTrunc | Kind::DateDiff => &[0],
            Kind::DateAdd => &[0, 1],
            Kind::FromUnixtime => &[1, 2],
            Kind::DateFormat
            | Kind::FormatDatetime
            | Kind::DateParse
            | Kind::ParseDatetime
            | Kind::AtTimezone
            | Kind::WithTimezone => &[1],
            _ => &[],
        };
        let (arrays, scalar) = arrays(&args.args, args.number_rows, constant)?;
        let target = args.return_field.data_type();
        let name = self.name();
        let output = match self.kind {
            Kind::Field(field) => field.extract(&arrays[0])?,
            Kind::DateFormat => formatting::format(&arrays[0], &arrays[1], Syntax::MySql, name)?,
            Kind::FormatDatetime => formatting::format(&arrays[0], &arrays[1], Syntax::Joda, name)?,
            Kind::DateParse => {
                formatting::parse(&arrays[0], &arrays[1], Syntax::MySql, Zone::Utc, target)?
            }
            Kind::ParseDatetime => formatting::parse(
                &arrays[0],
                &arrays[1],
                Syntax::Joda,
                self.session_zone,
                target,
            )?,
            Kind::DateTrunc => arithmetic::date_trunc(&arrays[0], &arrays[1])?,
            Kind::DateAdd => arithmetic::date_add(&arrays[0], &arrays[1], &arrays[2])?,
            Kind::DateDiff => arithmetic::date_diff(&arrays[0], &arrays[1], &arrays[2])?,
            Kind::LastDayOfMonth => arithmetic::last_day_of_month(&arrays[0])?,
            Kind::FromUnixtime => {
                match arrays.len() {
                    2 => {
                        for zone in temporal::strings(&arrays[1])?.iter().flatten() {
                            Zone::parse_or_error(zone)?;
                        }
                    }
                    3 => {
                        let hours = temporal::as_i64(&arrays[1])?;
                        let minutes = temporal::as_i64(&arrays[2])?;
                        for (h, m) in hours.iter().zip(minutes.iter()) {
                            if let (Some(h), Some(m)) = (h, m) {
                                unixtime::zone_of_offset(h, m)?;
                            }
                        }
                    }
                    _ => {}
                }
                unixtime::from_unixtime(&arrays[0], target)?
            }
            Kind::FromUnixtimeNanos => unixtime::from_unixtime_nanos(&arrays[0], target)?,
            Kind::ToUnixtime => unixtime::to_unixtime(&arrays[0])?,
            Kind::ToMilliseconds => unixtime::to_milliseconds(&arrays[0])?,
            Kind::HumanReadableSeconds => unixtime::human_readable_seconds(&arrays[0])?,
            Kind::FromIso8601Timestamp => {
                iso8601::from_iso8601_timestamp(&arrays[0], target, self.session_zone, false)?
            }
            Kind::FromIso8601TimestampNanos => {
                iso8601::from_iso8601_timestamp(&arrays[0], target, self.session_zone, true)?
            }
            Kind::FromIso8601Date => iso8601::from_iso8601_date(&arrays[0])?,
            Kind::ToIso8601 => iso8601::to_iso8601(&arrays[0], precision_of(&args.arg_fields[0]))?,
            Kind::AtTimezone => timezone::at_timezone(&arrays[0], &arrays[1], target)?,
            Kind::WithTimezone => timezone::with_timezone(&arrays[0], &arrays[1], target)?,
        };
        finish(output, scalar)
    }
}

/// The date/time functions of a session whose time zone is `session_zone` (an id or offset;
/// unknown zones fall back to UTC).
pub fn datetime_functions(session_zone: &str) -> Vec<ScalarUDF> {
    let zone = Zone::parse(session_zone).unwrap_or(Zone::Utc);
    DateField::ALL
        .into_iter()
        .map(Kind::Field)
        .chain(Kind::OTHERS)
        .map(|kind| ScalarUDF::new_from_impl(DateTimeFunction::new(kind, zone)))
        .chain([
            duration::parse_duration_function(),
            current::current_timestamp_function(true, zone.clone()),
            current::current_timestamp_function(false, zone.clone()),
        ])
        .collect()
}

/// The field function `EXTRACT(field FROM x)` calls, by Trino's field name or alias
/// (`DAY_OF_WEEK`, `DOW`, `TIMEZONE_HOUR`, ...; case-insensitive).
pub fn extract_function(field: &str) -> Option<ScalarUDF> {
    let field = field.to_ascii_lowercase();
    DateField::ALL
        .into_iter()
        .find(|f| {
            let (name, aliases) = f.names();
            name == field || aliases.contains(&field.as_str())
        })
        .map(|f| ScalarUDF::new_from_impl(DateTimeFunction::new(Kind::Field(f), Zone::Utc)))
}

/// The Trino type a function result field reads back as (for tests and callers).
pub fn result_type(field: &Field) -> Option<TrinoType> {
    TrinoType::from_arrow_field(field).ok()
}
