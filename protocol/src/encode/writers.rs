//! Per-column value writers over typed Arrow arrays.
//!
//! [`build`] pairs a [`TrinoType`] with an Arrow array and returns a writer that appends the
//! JSON value of any row. Arrays whose Arrow type does not directly fit the Trino type
//! (dictionaries, `LargeUtf8` lists of unusual shape, `UInt64` decimals, …) are first cast to
//! [`TrinoType::to_arrow`]. Writers own cheap clones of the arrays (shared buffers), so a
//! prepared batch does not borrow the record batch.

use std::fmt::{Display, Write};
use std::net::Ipv6Addr;

use arrow::array::{
    Array, ArrayRef, ArrowPrimitiveType, AsArray, BinaryArray, BinaryViewArray, BooleanArray,
    FixedSizeBinaryArray, FixedSizeListArray, GenericListArray, LargeBinaryArray, LargeStringArray,
    MapArray, OffsetSizeTrait, PrimitiveArray, StringArray, StringViewArray, StructArray,
};
use arrow::buffer::{NullBuffer, ScalarBuffer};
use arrow::compute::cast;
use arrow::datatypes::{
    DataType, Date32Type, Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type,
    DurationMicrosecondType, DurationMillisecondType, DurationNanosecondType, DurationSecondType,
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, IntervalDayTimeType,
    IntervalMonthDayNanoType, IntervalUnit, IntervalYearMonthType, Time32MillisecondType,
    Time32SecondType, Time64MicrosecondType, Time64NanosecondType, TimeUnit,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::json::{
    JavaFloat, StackBuf, needs_escape, write_escaped, write_float_json, write_float_text,
};
use super::temporal::{
    MILLIS_PER_DAY, SECONDS_PER_DAY, Zone, round_picos, split_epoch, write_date,
    write_day_to_second, write_time, write_timestamp, write_year_month,
};
use super::{EncodeError, ValueError};
use crate::types::{DEFAULT_DATETIME_PRECISION, TrinoType};

/// Appends JSON for the rows of one (possibly nested) column.
pub(super) trait Encode: Send + Sync {
    /// Whether `row` is SQL NULL.
    fn is_null(&self, row: usize) -> bool;

    /// Appends the string form of non-null `row` (used for map keys), unquoted and
    /// unescaped: `1`, `true`, `abc`, `2020-01-01`.
    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError>;

    /// Appends the JSON value of non-null `row`. By default the text as a JSON string, for
    /// types whose text never needs escaping (numbers in strings, dates, base64, …).
    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        out.push('"');
        self.text(row, out)?;
        out.push('"');
        Ok(())
    }
}

/// Appends the JSON value of `row`, `null` for SQL NULL.
pub(super) fn write_value(
    writer: &dyn Encode,
    row: usize,
    out: &mut String,
) -> Result<(), ValueError> {
    if writer.is_null(row) {
        out.push_str("null");
        Ok(())
    } else {
        writer.json(row, out)
    }
}

/// Builds the writer for `array` holding values of `ty`. `parametric_datetime` is the
/// client capability; `column` is only used in errors.
pub(super) fn build(
    ty: &TrinoType,
    array: &ArrayRef,
    parametric_datetime: bool,
    column: usize,
) -> Result<Box<dyn Encode>, EncodeError> {
    if *ty == TrinoType::Unknown {
        return Ok(Box::new(NullWriter));
    }
    if let Some(writer) = build_direct(ty, array, parametric_datetime, column)? {
        return Ok(writer);
    }
    let target = ty.to_arrow();
    let converted = cast(array, &target).map_err(|source| EncodeError::Cast {
        column,
        trino: ty.clone(),
        from: array.data_type().clone(),
        to: target.clone(),
        source,
    })?;
    build_direct(ty, &converted, parametric_datetime, column)?.ok_or_else(|| {
        EncodeError::Unsupported {
            column,
            trino: ty.clone(),
            arrow: array.data_type().clone(),
        }
    })
}

fn boxed(writer: impl Encode + 'static) -> Box<dyn Encode> {
    Box::new(writer)
}

/// A writer when the Arrow type directly fits `ty`, `None` when a cast is needed.
fn build_direct(
    ty: &TrinoType,
    array: &ArrayRef,
    parametric_datetime: bool,
    column: usize,
) -> Result<Option<Box<dyn Encode>>, EncodeError> {
    use DataType as D;
    use TrinoType as T;

    let effective = |precision: u8| {
        if parametric_datetime {
            precision
        } else {
            DEFAULT_DATETIME_PRECISION
        }
    };
    let child = |ty: &TrinoType, array: &ArrayRef| build(ty, array, parametric_datetime, column);

    let writer = match (ty, array.data_type()) {
        (T::Boolean, D::Boolean) => array.as_boolean_opt().map(|a| boxed(BoolWriter(a.clone()))),
        (T::Tinyint | T::Smallint | T::Integer | T::Bigint, data_type) => match data_type {
            D::Int8 => int::<Int8Type>(array),
            D::Int16 => int::<Int16Type>(array),
            D::Int32 => int::<Int32Type>(array),
            D::Int64 => int::<Int64Type>(array),
            D::UInt8 => int::<UInt8Type>(array),
            D::UInt16 => int::<UInt16Type>(array),
            D::UInt32 => int::<UInt32Type>(array),
            _ => None,
        },
        (T::Real, D::Float32) => float::<Float32Type>(array),
        (T::Double, D::Float64) => float::<Float64Type>(array),
        (T::Decimal { scale, .. }, data_type) => match data_type {
            D::Decimal32(_, s) if i16::from(*s) == i16::from(*scale) => {
                decimal::<Decimal32Type>(array, *scale)
            }
            D::Decimal64(_, s) if i16::from(*s) == i16::from(*scale) => {
                decimal::<Decimal64Type>(array, *scale)
            }
            D::Decimal128(_, s) if i16::from(*s) == i16::from(*scale) => {
                decimal::<Decimal128Type>(array, *scale)
            }
            D::Decimal256(_, s) if i16::from(*s) == i16::from(*scale) => {
                decimal::<Decimal256Type>(array, *scale)
            }
            _ => None,
        },
        (T::Uuid, D::FixedSizeBinary(16)) => array.as_fixed_size_binary_opt().map(|a| {
            boxed(FixedBytesWriter {
                array: a.clone(),
                format: BytesFormat::Uuid,
            })
        }),
        (T::IpAddress, D::FixedSizeBinary(16)) => array.as_fixed_size_binary_opt().map(|a| {
            boxed(FixedBytesWriter {
                array: a.clone(),
                format: BytesFormat::IpAddress,
            })
        }),
        (T::Varchar(_) | T::Json | T::Uuid | T::IpAddress, _) => {
            Utf8Values::of(array).map(|values| {
                boxed(StringWriter {
                    values,
                    pad_to: None,
                })
            })
        }
        (T::Char(length), _) => Utf8Values::of(array).map(|values| {
            boxed(StringWriter {
                values,
                pad_to: Some(*length as usize),
            })
        }),
        (T::Varbinary, _) => BinaryValues::of(array).map(|values| boxed(BinaryWriter(values))),
        (T::Date, D::Date32) => array
            .as_primitive_opt::<Date32Type>()
            .map(|a| boxed(DateWriter(a.clone()))),
        (T::Time { precision }, _) => time(array, effective(*precision), false),
        (T::TimeWithTimeZone { precision }, _) => time(array, effective(*precision), true),
        (T::Timestamp { precision }, D::Timestamp(unit, _)) => {
            timestamp(array, *unit, effective(*precision), None)
        }
        (T::TimestampWithTimeZone { precision }, D::Timestamp(unit, zone)) => {
            let zone = match zone {
                None => Zone::Utc,
                Some(name) => Zone::parse(name).ok_or_else(|| EncodeError::TimeZone {
                    column,
                    zone: name.to_string(),
                })?,
            };
            timestamp(array, *unit, effective(*precision), Some(zone))
        }
        (T::IntervalYearToMonth, D::Interval(IntervalUnit::YearMonth)) => array
            .as_primitive_opt::<IntervalYearMonthType>()
            .map(|a| boxed(YearMonthWriter::Months(a.clone()))),
        (T::IntervalYearToMonth, D::Interval(IntervalUnit::MonthDayNano)) => array
            .as_primitive_opt::<IntervalMonthDayNanoType>()
            .map(|a| boxed(YearMonthWriter::MonthDayNano(a.clone()))),
        (T::IntervalDayToSecond, D::Interval(IntervalUnit::DayTime)) => array
            .as_primitive_opt::<IntervalDayTimeType>()
            .map(|a| boxed(DayToSecondWriter::DayTime(a.clone()))),
        (T::IntervalDayToSecond, D::Interval(IntervalUnit::MonthDayNano)) => array
            .as_primitive_opt::<IntervalMonthDayNanoType>()
            .map(|a| boxed(DayToSecondWriter::MonthDayNano(a.clone()))),
        (T::IntervalDayToSecond, D::Duration(unit)) => {
            let parts = match unit {
                TimeUnit::Second => i64_parts::<DurationSecondType>(array),
                TimeUnit::Millisecond => i64_parts::<DurationMillisecondType>(array),
                TimeUnit::Microsecond => i64_parts::<DurationMicrosecondType>(array),
                TimeUnit::Nanosecond => i64_parts::<DurationNanosecondType>(array),
            };
            parts.map(|(values, nulls)| {
                boxed(DayToSecondWriter::Duration {
                    values,
                    nulls,
                    unit: *unit,
                })
            })
        }
        (T::Array(element), D::List(_)) => match array.as_list_opt::<i32>() {
            Some(list) => Some(boxed(ListWriter {
                child: child(element, list.values())?,
                array: list.clone(),
            })),
            None => None,
        },
        (T::Array(element), D::LargeList(_)) => match array.as_list_opt::<i64>() {
            Some(list) => Some(boxed(ListWriter {
                child: child(element, list.values())?,
                array: list.clone(),
            })),
            None => None,
        },
        (T::Array(element), D::FixedSizeList(_, _)) => match array.as_fixed_size_list_opt() {
            Some(list) => Some(boxed(FixedSizeListWriter {
                child: child(element, list.values())?,
                array: list.clone(),
            })),
            None => None,
        },
        (T::Map(key, value), D::Map(_, _)) => match array.as_map_opt() {
            Some(map) => Some(boxed(MapWriter {
                keys: child(key, map.keys())?,
                values: child(value, map.values())?,
                array: map.clone(),
            })),
            None => None,
        },
        (T::Row(fields), D::Struct(arrow_fields)) if fields.len() == arrow_fields.len() => {
            match array.as_struct_opt() {
                Some(row) => Some(boxed(RowWriter {
                    fields: fields
                        .iter()
                        .zip(row.columns())
                        .map(|(field, values)| child(&field.ty, values))
                        .collect::<Result<_, _>>()?,
                    array: row.clone(),
                })),
                None => None,
            }
        }
        _ => None,
    };
    Ok(writer)
}

fn int<T>(array: &ArrayRef) -> Option<Box<dyn Encode>>
where
    T: ArrowPrimitiveType,
    T::Native: Into<i64>,
{
    array
        .as_primitive_opt::<T>()
        .map(|a| boxed(IntWriter(a.clone())))
}

fn float<T>(array: &ArrayRef) -> Option<Box<dyn Encode>>
where
    T: ArrowPrimitiveType,
    T::Native: JavaFloat,
{
    array
        .as_primitive_opt::<T>()
        .map(|a| boxed(FloatWriter(a.clone())))
}

fn decimal<T>(array: &ArrayRef, scale: u8) -> Option<Box<dyn Encode>>
where
    T: ArrowPrimitiveType,
    T::Native: Display,
{
    array.as_primitive_opt::<T>().map(|a| {
        boxed(DecimalWriter {
            array: a.clone(),
            scale: usize::from(scale),
        })
    })
}

fn time(array: &ArrayRef, precision: u8, with_time_zone: bool) -> Option<Box<dyn Encode>> {
    fn writer<T>(
        array: &ArrayRef,
        unit: TimeUnit,
        precision: u8,
        with_time_zone: bool,
    ) -> Option<Box<dyn Encode>>
    where
        T: ArrowPrimitiveType,
        T::Native: Into<i64>,
    {
        array.as_primitive_opt::<T>().map(|a| {
            boxed(TimeWriter {
                array: a.clone(),
                unit,
                precision,
                with_time_zone,
            })
        })
    }
    match array.data_type() {
        DataType::Time32(TimeUnit::Second) => {
            writer::<Time32SecondType>(array, TimeUnit::Second, precision, with_time_zone)
        }
        DataType::Time32(TimeUnit::Millisecond) => {
            writer::<Time32MillisecondType>(array, TimeUnit::Millisecond, precision, with_time_zone)
        }
        DataType::Time64(TimeUnit::Microsecond) => {
            writer::<Time64MicrosecondType>(array, TimeUnit::Microsecond, precision, with_time_zone)
        }
        DataType::Time64(TimeUnit::Nanosecond) => {
            writer::<Time64NanosecondType>(array, TimeUnit::Nanosecond, precision, with_time_zone)
        }
        _ => None,
    }
}

fn timestamp(
    array: &ArrayRef,
    unit: TimeUnit,
    precision: u8,
    zone: Option<Zone>,
) -> Option<Box<dyn Encode>> {
    let parts = match unit {
        TimeUnit::Second => i64_parts::<TimestampSecondType>(array),
        TimeUnit::Millisecond => i64_parts::<TimestampMillisecondType>(array),
        TimeUnit::Microsecond => i64_parts::<TimestampMicrosecondType>(array),
        TimeUnit::Nanosecond => i64_parts::<TimestampNanosecondType>(array),
    };
    parts.map(|(values, nulls)| {
        boxed(TimestampWriter {
            values,
            nulls,
            unit,
            precision,
            zone,
        })
    })
}

/// Values and validity of a primitive array with `i64` values (timestamps, durations).
fn i64_parts<T>(array: &ArrayRef) -> Option<(ScalarBuffer<i64>, Option<NullBuffer>)>
where
    T: ArrowPrimitiveType<Native = i64>,
{
    array
        .as_primitive_opt::<T>()
        .map(|a| (a.values().clone(), a.nulls().cloned()))
}

fn is_null_in(nulls: Option<&NullBuffer>, row: usize) -> bool {
    nulls.is_some_and(|nulls| nulls.is_null(row))
}

/// Writes `null` for every row (`unknown`).
struct NullWriter;

impl Encode for NullWriter {
    fn is_null(&self, _row: usize) -> bool {
        true
    }

    fn text(&self, _row: usize, out: &mut String) -> Result<(), ValueError> {
        out.push_str("null");
        Ok(())
    }
}

struct BoolWriter(BooleanArray);

impl Encode for BoolWriter {
    fn is_null(&self, row: usize) -> bool {
        self.0.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        out.push_str(if self.0.value(row) { "true" } else { "false" });
        Ok(())
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        self.text(row, out)
    }
}

struct IntWriter<T: ArrowPrimitiveType>(PrimitiveArray<T>);

impl<T> Encode for IntWriter<T>
where
    T: ArrowPrimitiveType,
    T::Native: Into<i64>,
{
    fn is_null(&self, row: usize) -> bool {
        self.0.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let value: i64 = self.0.value(row).into();
        let _ = write!(out, "{value}");
        Ok(())
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        self.text(row, out)
    }
}

struct FloatWriter<T: ArrowPrimitiveType>(PrimitiveArray<T>);

impl<T> Encode for FloatWriter<T>
where
    T: ArrowPrimitiveType,
    T::Native: JavaFloat,
{
    fn is_null(&self, row: usize) -> bool {
        self.0.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        write_float_text(self.0.value(row), out);
        Ok(())
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        write_float_json(self.0.value(row), out);
        Ok(())
    }
}

/// Decimals as plain text with exactly `scale` fraction digits: `0.05`, `-1.50`.
struct DecimalWriter<T: ArrowPrimitiveType> {
    array: PrimitiveArray<T>,
    scale: usize,
}

impl<T> Encode for DecimalWriter<T>
where
    T: ArrowPrimitiveType,
    T::Native: Display,
{
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let mut buf = StackBuf::new();
        let _ = write!(buf, "{}", self.array.value(row));
        let unscaled = buf.as_str();
        let (sign, digits) = match unscaled.strip_prefix('-') {
            Some(digits) => ("-", digits),
            None => ("", unscaled),
        };
        out.push_str(sign);
        if self.scale == 0 {
            out.push_str(digits);
        } else if digits.len() > self.scale {
            let (integer, fraction) = digits.split_at(digits.len() - self.scale);
            out.push_str(integer);
            out.push('.');
            out.push_str(fraction);
        } else {
            out.push_str("0.");
            for _ in digits.len()..self.scale {
                out.push('0');
            }
            out.push_str(digits);
        }
        Ok(())
    }
}

/// The string arrays a character column may arrive in.
enum Utf8Values {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl Utf8Values {
    fn of(array: &ArrayRef) -> Option<Self> {
        match array.data_type() {
            DataType::Utf8 => array.as_string_opt::<i32>().cloned().map(Utf8Values::Utf8),
            DataType::LargeUtf8 => array.as_string_opt::<i64>().cloned().map(Utf8Values::Large),
            DataType::Utf8View => array.as_string_view_opt().cloned().map(Utf8Values::View),
            _ => None,
        }
    }

    fn is_null(&self, row: usize) -> bool {
        match self {
            Utf8Values::Utf8(a) => a.is_null(row),
            Utf8Values::Large(a) => a.is_null(row),
            Utf8Values::View(a) => a.is_null(row),
        }
    }

    fn value(&self, row: usize) -> &str {
        match self {
            Utf8Values::Utf8(a) => a.value(row),
            Utf8Values::Large(a) => a.value(row),
            Utf8Values::View(a) => a.value(row),
        }
    }
}

/// varchar, json, uuid and ipaddress text; char(n) right-padded with spaces.
struct StringWriter {
    values: Utf8Values,
    pad_to: Option<usize>,
}

impl StringWriter {
    fn pad(&self, value: &str, out: &mut String) {
        if let Some(length) = self.pad_to {
            for _ in value.chars().count()..length {
                out.push(' ');
            }
        }
    }
}

impl Encode for StringWriter {
    fn is_null(&self, row: usize) -> bool {
        self.values.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let value = self.values.value(row);
        out.push_str(value);
        self.pad(value, out);
        Ok(())
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let value = self.values.value(row);
        out.push('"');
        write_escaped(value, out);
        self.pad(value, out);
        out.push('"');
        Ok(())
    }
}

/// The binary arrays a varbinary column may arrive in.
enum BinaryValues {
    Binary(BinaryArray),
    Large(LargeBinaryArray),
    View(BinaryViewArray),
    Fixed(FixedSizeBinaryArray),
}

impl BinaryValues {
    fn of(array: &ArrayRef) -> Option<Self> {
        match array.data_type() {
            DataType::Binary => array
                .as_binary_opt::<i32>()
                .cloned()
                .map(BinaryValues::Binary),
            DataType::LargeBinary => array
                .as_binary_opt::<i64>()
                .cloned()
                .map(BinaryValues::Large),
            DataType::BinaryView => array.as_binary_view_opt().cloned().map(BinaryValues::View),
            DataType::FixedSizeBinary(_) => array
                .as_fixed_size_binary_opt()
                .cloned()
                .map(BinaryValues::Fixed),
            _ => None,
        }
    }
}

/// varbinary as standard padded Base64.
struct BinaryWriter(BinaryValues);

impl Encode for BinaryWriter {
    fn is_null(&self, row: usize) -> bool {
        match &self.0 {
            BinaryValues::Binary(a) => a.is_null(row),
            BinaryValues::Large(a) => a.is_null(row),
            BinaryValues::View(a) => a.is_null(row),
            BinaryValues::Fixed(a) => a.is_null(row),
        }
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let bytes = match &self.0 {
            BinaryValues::Binary(a) => a.value(row),
            BinaryValues::Large(a) => a.value(row),
            BinaryValues::View(a) => a.value(row),
            BinaryValues::Fixed(a) => a.value(row),
        };
        BASE64.encode_string(bytes, out);
        Ok(())
    }
}

enum BytesFormat {
    Uuid,
    IpAddress,
}

/// uuid and ipaddress stored as 16 bytes.
struct FixedBytesWriter {
    array: FixedSizeBinaryArray,
    format: BytesFormat,
}

impl Encode for FixedBytesWriter {
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let bytes = self.array.value(row);
        match self.format {
            BytesFormat::Uuid => {
                for (i, byte) in bytes.iter().enumerate() {
                    if matches!(i, 4 | 6 | 8 | 10) {
                        out.push('-');
                    }
                    let _ = write!(out, "{byte:02x}");
                }
            }
            BytesFormat::IpAddress => {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(bytes);
                let address = Ipv6Addr::from(octets);
                let _ = match address.to_ipv4_mapped() {
                    Some(v4) => write!(out, "{v4}"),
                    None => write!(out, "{address}"),
                };
            }
        }
        Ok(())
    }
}

struct DateWriter(PrimitiveArray<Date32Type>);

impl Encode for DateWriter {
    fn is_null(&self, row: usize) -> bool {
        self.0.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        write_date(i64::from(self.0.value(row)), out);
        Ok(())
    }
}

/// time(p) and time(p) with time zone (printed with offset `+00:00`).
struct TimeWriter<T: ArrowPrimitiveType> {
    array: PrimitiveArray<T>,
    unit: TimeUnit,
    precision: u8,
    with_time_zone: bool,
}

impl<T> Encode for TimeWriter<T>
where
    T: ArrowPrimitiveType,
    T::Native: Into<i64>,
{
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let value: i64 = self.array.value(row).into();
        let (seconds, picos) = split_epoch(value, self.unit);
        if !(0..SECONDS_PER_DAY).contains(&seconds) {
            return Err(ValueError::TimeOfDay {
                value,
                unit: self.unit,
            });
        }
        let (carry, picos) = round_picos(picos, self.precision);
        // Rounding up past midnight wraps, as in Trino.
        write_time(
            (seconds + carry) % SECONDS_PER_DAY,
            picos,
            self.precision,
            out,
        );
        if self.with_time_zone {
            out.push_str("+00:00");
        }
        Ok(())
    }
}

/// timestamp(p), and timestamp(p) with time zone when `zone` is set.
struct TimestampWriter {
    values: ScalarBuffer<i64>,
    nulls: Option<NullBuffer>,
    unit: TimeUnit,
    precision: u8,
    zone: Option<Zone>,
}

impl Encode for TimestampWriter {
    fn is_null(&self, row: usize) -> bool {
        is_null_in(self.nulls.as_ref(), row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let value = self.values[row];
        let out_of_range = || ValueError::Timestamp {
            value,
            unit: self.unit,
        };
        let (seconds, picos) = split_epoch(value, self.unit);
        let (carry, picos) = round_picos(picos, self.precision);
        let seconds = seconds.checked_add(carry).ok_or_else(out_of_range)?;
        let local = match &self.zone {
            None => seconds,
            Some(zone) => zone
                .offset_seconds(seconds)
                .and_then(|offset| seconds.checked_add(offset))
                .ok_or_else(out_of_range)?,
        };
        write_timestamp(local, picos, self.precision, out);
        if let Some(zone) = &self.zone {
            out.push(' ');
            out.push_str(zone.label());
        }
        Ok(())
    }
}

/// interval year to month, from months or from month-day-nano values without days.
enum YearMonthWriter {
    Months(PrimitiveArray<IntervalYearMonthType>),
    MonthDayNano(PrimitiveArray<IntervalMonthDayNanoType>),
}

impl Encode for YearMonthWriter {
    fn is_null(&self, row: usize) -> bool {
        match self {
            YearMonthWriter::Months(a) => a.is_null(row),
            YearMonthWriter::MonthDayNano(a) => a.is_null(row),
        }
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let months = match self {
            YearMonthWriter::Months(a) => a.value(row),
            YearMonthWriter::MonthDayNano(a) => {
                let value = a.value(row);
                if value.days != 0 || value.nanoseconds != 0 {
                    return Err(ValueError::DaysInYearToMonth {
                        days: value.days,
                        nanoseconds: value.nanoseconds,
                    });
                }
                value.months
            }
        };
        write_year_month(i64::from(months), out);
        Ok(())
    }
}

/// interval day to second, at millisecond precision (sub-millisecond parts truncate).
enum DayToSecondWriter {
    DayTime(PrimitiveArray<IntervalDayTimeType>),
    MonthDayNano(PrimitiveArray<IntervalMonthDayNanoType>),
    Duration {
        values: ScalarBuffer<i64>,
        nulls: Option<NullBuffer>,
        unit: TimeUnit,
    },
}

impl Encode for DayToSecondWriter {
    fn is_null(&self, row: usize) -> bool {
        match self {
            DayToSecondWriter::DayTime(a) => a.is_null(row),
            DayToSecondWriter::MonthDayNano(a) => a.is_null(row),
            DayToSecondWriter::Duration { nulls, .. } => is_null_in(nulls.as_ref(), row),
        }
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let millis = match self {
            DayToSecondWriter::DayTime(a) => {
                let value = a.value(row);
                i64::from(value.days) * MILLIS_PER_DAY + i64::from(value.milliseconds)
            }
            DayToSecondWriter::MonthDayNano(a) => {
                let value = a.value(row);
                if value.months != 0 {
                    return Err(ValueError::MonthsInDayToSecond {
                        months: value.months,
                    });
                }
                i64::from(value.days) * MILLIS_PER_DAY + value.nanoseconds / 1_000_000
            }
            DayToSecondWriter::Duration { values, unit, .. } => {
                let value = values[row];
                match unit {
                    TimeUnit::Second => value
                        .checked_mul(1_000)
                        .ok_or(ValueError::Duration { value, unit: *unit })?,
                    TimeUnit::Millisecond => value,
                    TimeUnit::Microsecond => value / 1_000,
                    TimeUnit::Nanosecond => value / 1_000_000,
                }
            }
        };
        write_day_to_second(millis, out);
        Ok(())
    }
}

/// Writes the JSON of nested values as their text (used when they are map keys).
fn nested_text(writer: &dyn Encode, row: usize, out: &mut String) -> Result<(), ValueError> {
    writer.json(row, out)
}

/// Appends `[v1,v2,...]` for rows `range` of `child`.
fn write_elements(
    child: &dyn Encode,
    range: std::ops::Range<usize>,
    out: &mut String,
) -> Result<(), ValueError> {
    out.push('[');
    for (i, row) in range.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(child, row, out)?;
    }
    out.push(']');
    Ok(())
}

struct ListWriter<O: OffsetSizeTrait> {
    array: GenericListArray<O>,
    child: Box<dyn Encode>,
}

impl<O: OffsetSizeTrait> Encode for ListWriter<O> {
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        nested_text(self, row, out)
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let offsets = self.array.value_offsets();
        let range = offsets[row].as_usize()..offsets[row + 1].as_usize();
        write_elements(self.child.as_ref(), range, out)
    }
}

struct FixedSizeListWriter {
    array: FixedSizeListArray,
    child: Box<dyn Encode>,
}

impl Encode for FixedSizeListWriter {
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        nested_text(self, row, out)
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let start = self.array.value_offset(row).unsigned_abs() as usize;
        let length = self.array.value_length().unsigned_abs() as usize;
        write_elements(self.child.as_ref(), start..start + length, out)
    }
}

/// Maps as JSON objects whose keys are the text of the key values.
struct MapWriter {
    array: MapArray,
    keys: Box<dyn Encode>,
    values: Box<dyn Encode>,
}

impl Encode for MapWriter {
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        nested_text(self, row, out)
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        let offsets = self.array.value_offsets();
        let range = offsets[row].unsigned_abs() as usize..offsets[row + 1].unsigned_abs() as usize;
        out.push('{');
        for (i, entry) in range.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            let start = out.len();
            if self.keys.is_null(entry) {
                out.push_str("null");
            } else {
                self.keys.text(entry, out)?;
            }
            if needs_escape(&out[start..]) {
                let raw = out.split_off(start);
                write_escaped(&raw, out);
            }
            out.push_str("\":");
            write_value(self.values.as_ref(), entry, out)?;
        }
        out.push('}');
        Ok(())
    }
}

/// Rows as positional JSON arrays.
struct RowWriter {
    array: StructArray,
    fields: Vec<Box<dyn Encode>>,
}

impl Encode for RowWriter {
    fn is_null(&self, row: usize) -> bool {
        self.array.is_null(row)
    }

    fn text(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        nested_text(self, row, out)
    }

    fn json(&self, row: usize, out: &mut String) -> Result<(), ValueError> {
        out.push('[');
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_value(field.as_ref(), row, out)?;
        }
        out.push(']');
        Ok(())
    }
}
