//! Tests of the row encoder against the value formats of spec §2.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal32Array, Decimal128Array,
    Decimal256Array, DictionaryArray, DurationMillisecondArray, DurationSecondArray,
    FixedSizeBinaryArray, FixedSizeListArray, Float32Array, Float64Array, Int8Array, Int32Array,
    Int32Builder, Int64Array, Int64Builder, IntervalDayTimeArray, IntervalMonthDayNanoArray,
    IntervalYearMonthArray, LargeListArray, LargeStringArray, ListArray, ListBuilder, MapBuilder,
    NullArray, RecordBatch, StringArray, StringBuilder, StringViewArray, StructArray,
    Time32MillisecondArray, Time32SecondArray, Time64MicrosecondArray, Time64NanosecondArray,
    TimestampMicrosecondArray, TimestampMillisecondArray, TimestampNanosecondArray,
    TimestampSecondArray, UInt8Array, UInt64Array,
};
use arrow::buffer::NullBuffer;
use arrow::datatypes::{
    DataType, Field, Fields, Int32Type, Int64Type, IntervalDayTime, IntervalMonthDayNano, i256,
};
use serde_json::json;

use super::*;

/// Encodes one column with all capabilities and returns the whole `data` text.
fn encode(ty: &str, array: ArrayRef) -> String {
    encode_with(ty, array, ClientCapabilities::ALL)
}

fn encode_with(ty: &str, array: ArrayRef, caps: ClientCapabilities) -> String {
    let ty = TrinoType::parse(ty).unwrap();
    let batch = RecordBatch::try_from_iter([("c", array)]).unwrap();
    let mut out = String::from("[");
    let rows = RowEncoder::new(vec![ty], caps)
        .write_rows(&batch, 0, &mut out, usize::MAX)
        .unwrap();
    out.push(']');
    assert_eq!(rows, batch.num_rows());
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap_or_else(|e| panic!("invalid JSON {out}: {e}"));
    out
}

fn encode_error(ty: &str, array: ArrayRef) -> EncodeError {
    let ty = TrinoType::parse(ty).unwrap();
    let batch = RecordBatch::try_from_iter([("c", array)]).unwrap();
    let mut out = String::from("[");
    let error = RowEncoder::new(vec![ty], ClientCapabilities::ALL)
        .write_rows(&batch, 0, &mut out, usize::MAX)
        .unwrap_err();
    assert_eq!(out, "[", "output must be restored on error");
    error
}

fn arc(array: impl arrow::array::Array + 'static) -> ArrayRef {
    Arc::new(array)
}

#[test]
fn booleans_and_integers() {
    assert_eq!(
        encode(
            "boolean",
            arc(BooleanArray::from(vec![Some(true), Some(false), None]))
        ),
        "[[true],[false],[null]]"
    );
    assert_eq!(
        encode(
            "bigint",
            arc(Int64Array::from(vec![Some(i64::MAX), Some(i64::MIN), None]))
        ),
        "[[9223372036854775807],[-9223372036854775808],[null]]"
    );
    assert_eq!(
        encode("tinyint", arc(Int8Array::from(vec![-128, 127]))),
        "[[-128],[127]]"
    );
    assert_eq!(
        encode("integer", arc(Int32Array::from(vec![0, -7]))),
        "[[0],[-7]]"
    );
    assert_eq!(
        encode("smallint", arc(UInt8Array::from(vec![255]))),
        "[[255]]"
    );
}

#[test]
fn doubles_and_reals() {
    assert_eq!(
        encode(
            "double",
            arc(Float64Array::from(vec![
                Some(1.0),
                Some(1.5E10),
                Some(0.001),
                Some(f64::NAN),
                Some(f64::INFINITY),
                Some(f64::NEG_INFINITY),
                None,
            ]))
        ),
        r#"[[1.0],[1.5E10],[0.001],["NaN"],["Infinity"],["-Infinity"],[null]]"#
    );
    assert_eq!(
        encode("real", arc(Float32Array::from(vec![0.1f32, 3.0, f32::NAN]))),
        r#"[[0.1],[3.0],["NaN"]]"#
    );
}

#[test]
fn decimals_are_strings_with_exact_scale() {
    let array = Decimal128Array::from(vec![
        Some(5),
        Some(-5),
        Some(100),
        Some(-150),
        Some(0),
        None,
    ])
    .with_precision_and_scale(10, 2)
    .unwrap();
    assert_eq!(
        encode("decimal(10,2)", arc(array)),
        r#"[["0.05"],["-0.05"],["1.00"],["-1.50"],["0.00"],[null]]"#
    );
    let big = Decimal128Array::from(vec![123_456_789_012_345_678_901_234_i128])
        .with_precision_and_scale(38, 4)
        .unwrap();
    assert_eq!(
        encode("decimal(38,4)", arc(big)),
        r#"[["12345678901234567890.1234"]]"#
    );
    let integral = Decimal128Array::from(vec![42, -42])
        .with_precision_and_scale(5, 0)
        .unwrap();
    assert_eq!(encode("decimal(5,0)", arc(integral)), r#"[["42"],["-42"]]"#);
    let narrow = Decimal32Array::from(vec![5])
        .with_precision_and_scale(5, 2)
        .unwrap();
    assert_eq!(encode("decimal(5,2)", arc(narrow)), r#"[["0.05"]]"#);
    let wide = Decimal256Array::from(vec![i256::from_i128(-123_456)])
        .with_precision_and_scale(20, 4)
        .unwrap();
    assert_eq!(encode("decimal(20,4)", arc(wide)), r#"[["-12.3456"]]"#);
}

#[test]
fn unsigned_64_bit_values_become_decimal_strings() {
    assert_eq!(
        encode("decimal(20,0)", arc(UInt64Array::from(vec![u64::MAX, 0]))),
        r#"[["18446744073709551615"],["0"]]"#
    );
}

#[test]
fn varchar_escaping() {
    let array = StringArray::from(vec![
        Some("plain"),
        Some("he said \"hi\"\n\t\\"),
        Some("\u{1}é😀"),
        None,
    ]);
    assert_eq!(
        encode("varchar", arc(array)),
        "[[\"plain\"],[\"he said \\\"hi\\\"\\n\\t\\\\\"],[\"\\u0001é😀\"],[null]]"
    );
    assert_eq!(
        encode("varchar(3)", arc(LargeStringArray::from(vec!["abc"]))),
        r#"[["abc"]]"#
    );
    assert_eq!(
        encode("varchar", arc(StringViewArray::from(vec!["a view"]))),
        r#"[["a view"]]"#
    );
}

#[test]
fn char_values_are_padded() {
    let array = StringArray::from(vec![Some("ab"), Some("abcde"), Some("é"), Some(""), None]);
    assert_eq!(
        encode("char(5)", arc(array)),
        r#"[["ab   "],["abcde"],["é    "],["     "],[null]]"#
    );
}

#[test]
fn varbinary_is_padded_base64() {
    let array = BinaryArray::from_opt_vec(vec![
        Some(&[0u8, 1, 2, 253, 254, 255][..]),
        Some(&b"hi"[..]),
        Some(&b""[..]),
        None,
    ]);
    assert_eq!(
        encode("varbinary", arc(array)),
        r#"[["AAEC/f7/"],["aGk="],[""],[null]]"#
    );
}

#[test]
fn json_uuid_and_ipaddress() {
    assert_eq!(
        encode("json", arc(StringArray::from(vec![r#"{"a":1}"#]))),
        r#"[["{\"a\":1}"]]"#
    );
    assert_eq!(
        encode(
            "uuid",
            arc(StringArray::from(vec![
                "12151fd2-7586-11e9-8f9e-2a86e4085a59"
            ]))
        ),
        r#"[["12151fd2-7586-11e9-8f9e-2a86e4085a59"]]"#
    );
    let uuid_bytes = FixedSizeBinaryArray::try_from_iter(
        [[
            0x12u8, 0x15, 0x1f, 0xd2, 0x75, 0x86, 0x11, 0xe9, 0x8f, 0x9e, 0x2a, 0x86, 0xe4, 0x08,
            0x5a, 0x59,
        ]]
        .into_iter(),
    )
    .unwrap();
    assert_eq!(
        encode("uuid", arc(uuid_bytes)),
        r#"[["12151fd2-7586-11e9-8f9e-2a86e4085a59"]]"#
    );
    let v4_mapped = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 1];
    let v6 = [0x20u8, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let addresses = FixedSizeBinaryArray::try_from_iter([v4_mapped, v6].into_iter()).unwrap();
    assert_eq!(
        encode("ipaddress", arc(addresses)),
        r#"[["192.168.0.1"],["2001:db8::1"]]"#
    );
    assert_eq!(
        encode("ipaddress", arc(StringArray::from(vec!["10.0.0.1"]))),
        r#"[["10.0.0.1"]]"#
    );
}

#[test]
fn dates() {
    assert_eq!(
        encode(
            "date",
            arc(Date32Array::from(vec![
                Some(0),
                Some(18_262),
                Some(-1),
                None
            ]))
        ),
        r#"[["1970-01-01"],["2020-01-01"],["1969-12-31"],[null]]"#
    );
}

#[test]
fn times_with_exact_precision() {
    // 01:02:03.004 = 3_723_004 ms.
    assert_eq!(
        encode(
            "time(3)",
            arc(Time32MillisecondArray::from(vec![Some(3_723_004), None]))
        ),
        r#"[["01:02:03.004"],[null]]"#
    );
    assert_eq!(
        encode("time(0)", arc(Time32SecondArray::from(vec![3_723]))),
        r#"[["01:02:03"]]"#
    );
    assert_eq!(
        encode(
            "time(6)",
            arc(Time64MicrosecondArray::from(vec![3_723_000_006]))
        ),
        r#"[["01:02:03.000006"]]"#
    );
    assert_eq!(
        encode(
            "time(9)",
            arc(Time64NanosecondArray::from(vec![3_723_123_456_789]))
        ),
        r#"[["01:02:03.123456789"]]"#
    );
    // Data finer than the declared precision is rounded half up.
    assert_eq!(
        encode(
            "time(3)",
            arc(Time64NanosecondArray::from(vec![3_723_004_567_891]))
        ),
        r#"[["01:02:03.005"]]"#
    );
    // Rounding past midnight wraps.
    assert_eq!(
        encode(
            "time(3)",
            arc(Time64NanosecondArray::from(vec![86_399_999_999_999]))
        ),
        r#"[["00:00:00.000"]]"#
    );
}

#[test]
fn time_with_time_zone_has_offset_without_space() {
    assert_eq!(
        encode(
            "time(3) with time zone",
            arc(Time32MillisecondArray::from(vec![3_723_456]))
        ),
        r#"[["01:02:03.456+00:00"]]"#
    );
}

#[test]
fn times_without_parametric_datetime_are_rounded_to_millis() {
    assert_eq!(
        encode_with(
            "time(6)",
            arc(Time64MicrosecondArray::from(vec![3_723_000_600])),
            ClientCapabilities::NONE
        ),
        r#"[["01:02:03.001"]]"#
    );
    assert_eq!(
        encode_with(
            "time(0)",
            arc(Time32SecondArray::from(vec![3_723])),
            ClientCapabilities::NONE
        ),
        r#"[["01:02:03.000"]]"#
    );
}

// 2020-01-02 03:04:05 UTC is 1577934245 seconds after the epoch.

#[test]
fn timestamps_with_exact_precision() {
    assert_eq!(
        encode(
            "timestamp(3)",
            arc(TimestampMillisecondArray::from(vec![
                Some(1_577_934_245_123),
                None
            ]))
        ),
        r#"[["2020-01-02 03:04:05.123"],[null]]"#
    );
    assert_eq!(
        encode(
            "timestamp(0)",
            arc(TimestampSecondArray::from(vec![1_577_934_245]))
        ),
        r#"[["2020-01-02 03:04:05"]]"#
    );
    assert_eq!(
        encode(
            "timestamp(6)",
            arc(TimestampMicrosecondArray::from(vec![1_577_934_245_123_456]))
        ),
        r#"[["2020-01-02 03:04:05.123456"]]"#
    );
    assert_eq!(
        encode(
            "timestamp(9)",
            arc(TimestampNanosecondArray::from(vec![
                1_577_934_245_123_456_789
            ]))
        ),
        r#"[["2020-01-02 03:04:05.123456789"]]"#
    );
    assert_eq!(
        encode(
            "timestamp(6)",
            arc(TimestampMillisecondArray::from(vec![1_577_934_245_123]))
        ),
        r#"[["2020-01-02 03:04:05.123000"]]"#
    );
    assert_eq!(
        encode(
            "timestamp(3)",
            arc(TimestampMillisecondArray::from(vec![-1]))
        ),
        r#"[["1969-12-31 23:59:59.999"]]"#
    );
    assert_eq!(
        encode(
            "timestamp(3)",
            arc(TimestampNanosecondArray::from(vec![
                1_577_934_245_999_999_999
            ]))
        ),
        r#"[["2020-01-02 03:04:06.000"]]"#
    );
}

#[test]
fn timestamps_without_parametric_datetime_have_three_digits() {
    let none = ClientCapabilities::NONE;
    assert_eq!(
        encode_with(
            "timestamp(6)",
            arc(TimestampMicrosecondArray::from(vec![
                1_577_934_245_123_456,
                1_577_934_245_123_500
            ])),
            none
        ),
        r#"[["2020-01-02 03:04:05.123"],["2020-01-02 03:04:05.124"]]"#
    );
    assert_eq!(
        encode_with(
            "timestamp(0)",
            arc(TimestampSecondArray::from(vec![1_577_934_245])),
            none
        ),
        r#"[["2020-01-02 03:04:05.000"]]"#
    );
    assert_eq!(
        encode_with(
            "timestamp(6) with time zone",
            arc(TimestampMicrosecondArray::from(vec![1_577_934_245_123_456]).with_timezone("UTC")),
            none
        ),
        r#"[["2020-01-02 03:04:05.123 UTC"]]"#
    );
}

#[test]
fn timestamps_with_time_zone() {
    let at = |zone: &str, millis: i64| {
        encode(
            "timestamp(3) with time zone",
            arc(TimestampMillisecondArray::from(vec![millis]).with_timezone(zone)),
        )
    };
    assert_eq!(
        at("UTC", 1_577_934_245_123),
        r#"[["2020-01-02 03:04:05.123 UTC"]]"#
    );
    assert_eq!(
        at("+00:00", 1_577_934_245_123),
        r#"[["2020-01-02 03:04:05.123 UTC"]]"#
    );
    assert_eq!(
        at("+05:30", 1_577_934_245_123),
        r#"[["2020-01-02 08:34:05.123 +05:30"]]"#
    );
    assert_eq!(
        at("-08:00", 1_577_934_245_123),
        r#"[["2020-01-01 19:04:05.123 -08:00"]]"#
    );
    // 2020-01-01 12:00 UTC (PST, -8) and 2020-07-01 12:00 UTC (PDT, -7).
    assert_eq!(
        at("America/Los_Angeles", 1_577_880_000_000),
        r#"[["2020-01-01 04:00:00.000 America/Los_Angeles"]]"#
    );
    assert_eq!(
        at("America/Los_Angeles", 1_593_604_800_000),
        r#"[["2020-07-01 05:00:00.000 America/Los_Angeles"]]"#
    );
    // Around the spring-forward gap on 2020-03-08 (10:00 UTC is 03:00 PDT).
    assert_eq!(
        at("America/Los_Angeles", 1_583_661_599_000),
        r#"[["2020-03-08 01:59:59.000 America/Los_Angeles"]]"#
    );
    assert_eq!(
        at("America/Los_Angeles", 1_583_661_600_000),
        r#"[["2020-03-08 03:00:00.000 America/Los_Angeles"]]"#
    );
    // A zone-less Arrow timestamp typed `with time zone` is UTC.
    assert_eq!(
        encode(
            "timestamp(0) with time zone",
            arc(TimestampSecondArray::from(vec![1_577_934_245]))
        ),
        r#"[["2020-01-02 03:04:05 UTC"]]"#
    );
}

#[test]
fn unknown_time_zone_is_an_error() {
    let array = arc(TimestampMillisecondArray::from(vec![0]).with_timezone("Mars/Olympus_Mons"));
    let error = encode_error("timestamp(3) with time zone", array);
    assert!(
        matches!(&error, EncodeError::TimeZone { column: 0, zone } if zone == "Mars/Olympus_Mons"),
        "{error}"
    );
}

#[test]
fn intervals() {
    assert_eq!(
        encode(
            "interval year to month",
            arc(IntervalYearMonthArray::from(vec![
                Some(14),
                Some(-14),
                Some(0),
                None
            ]))
        ),
        r#"[["1-2"],["-1-2"],["0-0"],[null]]"#
    );
    // 1 day 02:03:04.005 = 1 day + 7_384_005 ms.
    assert_eq!(
        encode(
            "interval day to second",
            arc(IntervalDayTimeArray::from(vec![
                IntervalDayTime::new(1, 7_384_005),
                IntervalDayTime::new(0, -1_000),
            ]))
        ),
        r#"[["1 02:03:04.005"],["-0 00:00:01.000"]]"#
    );
    assert_eq!(
        encode(
            "interval day to second",
            arc(IntervalMonthDayNanoArray::from(vec![
                IntervalMonthDayNano::new(0, 1, 7_384_005_000_000),
                IntervalMonthDayNano::new(0, 0, -1_000_000_000),
            ]))
        ),
        r#"[["1 02:03:04.005"],["-0 00:00:01.000"]]"#
    );
    assert_eq!(
        encode(
            "interval day to second",
            arc(DurationMillisecondArray::from(vec![
                93_784_005,
                -1_000,
                i64::MIN
            ]))
        ),
        r#"[["1 02:03:04.005"],["-0 00:00:01.000"],["-106751991167 07:12:55.808"]]"#
    );
    assert_eq!(
        encode(
            "interval year to month",
            arc(IntervalMonthDayNanoArray::from(vec![
                IntervalMonthDayNano::new(-14, 0, 0)
            ]))
        ),
        r#"[["-1-2"]]"#
    );
}

#[test]
fn intervals_that_do_not_fit_their_type_are_errors() {
    let error = encode_error(
        "interval day to second",
        arc(IntervalMonthDayNanoArray::from(vec![
            IntervalMonthDayNano::new(1, 0, 0),
        ])),
    );
    assert!(matches!(
        error,
        EncodeError::Value {
            column: 0,
            row: 0,
            source: ValueError::MonthsInDayToSecond { months: 1 }
        }
    ));
    let error = encode_error(
        "interval year to month",
        arc(IntervalMonthDayNanoArray::from(vec![
            IntervalMonthDayNano::new(1, 2, 0),
        ])),
    );
    assert!(matches!(
        error,
        EncodeError::Value {
            source: ValueError::DaysInYearToMonth {
                days: 2,
                nanoseconds: 0
            },
            ..
        }
    ));
    let error = encode_error(
        "interval day to second",
        arc(DurationSecondArray::from(vec![i64::MAX])),
    );
    assert!(matches!(
        error,
        EncodeError::Value {
            source: ValueError::Duration { .. },
            ..
        }
    ));
}

#[test]
fn arrays_with_nulls() {
    let list = ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
        Some(vec![Some(1), None, Some(3)]),
        None,
        Some(vec![]),
    ]);
    assert_eq!(
        encode("array(bigint)", arc(list)),
        "[[[1,null,3]],[null],[[]]]"
    );
    let large = LargeListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(7)])]);
    assert_eq!(encode("array(integer)", arc(large)), "[[[7]]]");
    let fixed = FixedSizeListArray::from_iter_primitive::<Int32Type, _, _>(
        vec![
            Some(vec![Some(1), Some(2)]),
            None,
            Some(vec![None, Some(4)]),
        ],
        2,
    );
    assert_eq!(
        encode("array(integer)", arc(fixed)),
        "[[[1,2]],[null],[[null,4]]]"
    );
    let mut strings = ListBuilder::new(StringBuilder::new());
    strings.values().append_value("a\"b");
    strings.values().append_null();
    strings.append(true);
    assert_eq!(
        encode("array(varchar)", arc(strings.finish())),
        r#"[[["a\"b",null]]]"#
    );
}

#[test]
fn sliced_lists_use_absolute_offsets() {
    let list = ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
        Some(vec![Some(1)]),
        Some(vec![Some(2), Some(3)]),
    ]);
    assert_eq!(encode("array(bigint)", arc(list.slice(1, 1))), "[[[2,3]]]");
}

/// Entries of one map value: `None` is a NULL map.
type MapEntries<'a> = Option<&'a [(&'a str, Option<i64>)]>;

fn string_to_int_map(entries: &[MapEntries<'_>]) -> ArrayRef {
    let mut builder = MapBuilder::new(None, StringBuilder::new(), Int64Builder::new());
    for entry in entries {
        match entry {
            Some(pairs) => {
                for (key, value) in *pairs {
                    builder.keys().append_value(key);
                    builder.values().append_option(*value);
                }
                builder.append(true).unwrap();
            }
            None => builder.append(false).unwrap(),
        }
    }
    arc(builder.finish())
}

#[test]
fn maps_are_objects_with_string_keys() {
    let map = string_to_int_map(&[
        Some(&[("a", Some(1)), ("b", None)]),
        None,
        Some(&[]),
        Some(&[("say \"x\"", Some(2))]),
    ]);
    assert_eq!(
        encode("map(varchar, bigint)", map),
        r#"[[{"a":1,"b":null}],[null],[{}],[{"say \"x\"":2}]]"#
    );
}

#[test]
fn map_keys_use_the_text_of_the_key_type() {
    let mut builder = MapBuilder::new(None, Int64Builder::new(), StringBuilder::new());
    builder.keys().append_value(1);
    builder.values().append_value("x");
    builder.keys().append_value(-20);
    builder.values().append_null();
    builder.append(true).unwrap();
    assert_eq!(
        encode("map(bigint, varchar)", arc(builder.finish())),
        r#"[[{"1":"x","-20":null}]]"#
    );

    let keyed = |key_type: &str, keys: ArrayRef| {
        let entries = StructArray::from(vec![
            (
                Arc::new(Field::new("key", keys.data_type().clone(), false)),
                keys.clone(),
            ),
            (
                Arc::new(Field::new("value", DataType::Int32, true)),
                arc(Int32Array::from(vec![1; keys.len()])),
            ),
        ]);
        let map = arrow::array::MapArray::new(
            Arc::new(Field::new("entries", entries.data_type().clone(), false)),
            arrow::buffer::OffsetBuffer::new(vec![0, keys.len() as i32].into()),
            entries,
            None,
            false,
        );
        encode(&format!("map({key_type}, integer)"), arc(map))
    };
    assert_eq!(
        keyed("boolean", arc(BooleanArray::from(vec![true, false]))),
        r#"[[{"true":1,"false":1}]]"#
    );
    assert_eq!(
        keyed("date", arc(Date32Array::from(vec![18_262]))),
        r#"[[{"2020-01-01":1}]]"#
    );
    assert_eq!(
        keyed("double", arc(Float64Array::from(vec![1.5, 2.0]))),
        r#"[[{"1.5":1,"2.0":1}]]"#
    );
    let decimals = Decimal128Array::from(vec![5])
        .with_precision_and_scale(5, 2)
        .unwrap();
    assert_eq!(keyed("decimal(5,2)", arc(decimals)), r#"[[{"0.05":1}]]"#);
    assert_eq!(
        keyed("char(3)", arc(StringArray::from(vec!["a"]))),
        r#"[[{"a  ":1}]]"#
    );
}

fn xy_rows(validity: Option<Vec<bool>>) -> ArrayRef {
    let fields = Fields::from(vec![
        Field::new("x", DataType::Int64, true),
        Field::new("y", DataType::Utf8, true),
    ]);
    let columns: Vec<ArrayRef> = vec![
        arc(Int64Array::from(vec![Some(1), Some(9), None])),
        arc(StringArray::from(vec![Some("a"), Some("z"), None])),
    ];
    arc(StructArray::new(
        fields,
        columns,
        validity.map(NullBuffer::from),
    ))
}

#[test]
fn rows_are_positional_arrays() {
    assert_eq!(
        encode(
            "row(x bigint, y varchar)",
            xy_rows(Some(vec![true, false, true]))
        ),
        r#"[[[1,"a"]],[null],[[null,null]]]"#
    );
    assert_eq!(
        encode("row(bigint, varchar)", xy_rows(None)),
        r#"[[[1,"a"]],[[9,"z"]],[[null,null]]]"#
    );
}

#[test]
fn deeply_nested_values_and_nulls() {
    // array(row(k varchar, m map(varchar, array(integer))))
    let mut maps = MapBuilder::new(
        None,
        StringBuilder::new(),
        ListBuilder::new(Int32Builder::new()),
    );
    maps.keys().append_value("p");
    maps.values().values().append_value(1);
    maps.values().values().append_null();
    maps.values().append(true);
    maps.keys().append_value("q");
    maps.values().append(false);
    maps.append(true).unwrap();
    maps.append(false).unwrap();
    let maps = maps.finish();
    let fields = Fields::from(vec![
        Field::new("k", DataType::Utf8, true),
        Field::new("m", maps.data_type().clone(), true),
    ]);
    let rows = StructArray::new(
        fields.clone(),
        vec![arc(StringArray::from(vec![Some("first"), None])), arc(maps)],
        None,
    );
    let list = ListArray::new(
        Arc::new(Field::new_list_field(DataType::Struct(fields), true)),
        arrow::buffer::OffsetBuffer::new(vec![0, 2, 2].into()),
        arc(rows),
        Some(NullBuffer::from(vec![true, false])),
    );
    assert_eq!(
        encode(
            "array(row(k varchar, m map(varchar, array(integer))))",
            arc(list)
        ),
        r#"[[[["first",{"p":[1,null],"q":null}],[null,null]]],[null]]"#
    );
}

#[test]
fn unknown_is_always_null() {
    assert_eq!(encode("unknown", arc(NullArray::new(2))), "[[null],[null]]");
    assert_eq!(
        encode("unknown", arc(Int32Array::from(vec![5]))),
        "[[null]]"
    );
}

#[test]
fn mismatched_arrow_types_are_cast() {
    assert_eq!(encode("varchar", arc(NullArray::new(1))), "[[null]]");
    let dictionary: DictionaryArray<Int32Type> = vec!["x", "y", "x"].into_iter().collect();
    assert_eq!(encode("varchar", arc(dictionary)), r#"[["x"],["y"],["x"]]"#);
    assert_eq!(encode("bigint", arc(UInt64Array::from(vec![7]))), "[[7]]");
    assert_eq!(encode("double", arc(Int32Array::from(vec![2]))), "[[2.0]]");
}

#[test]
fn impossible_conversions_are_errors() {
    let error = encode_error("row(a bigint)", arc(Int64Array::from(vec![1])));
    assert!(
        matches!(error, EncodeError::Cast { column: 0, .. }),
        "{error}"
    );
}

#[test]
fn out_of_range_time_is_an_error_with_position() {
    let error = encode_error(
        "time(3)",
        arc(Time32MillisecondArray::from(vec![0, 86_400_000])),
    );
    assert_eq!(
        error.to_string(),
        "column 0, row 1: time value 86400000 (Millisecond) is not a time of day"
    );
}

fn two_column_batch() -> (RowEncoder, RecordBatch) {
    let batch = RecordBatch::try_from_iter([
        ("id", arc(Int64Array::from(vec![1, 2, 3, 4]))),
        (
            "name",
            arc(StringArray::from(vec![
                Some("a"),
                None,
                Some("c"),
                Some("d"),
            ])),
        ),
    ])
    .unwrap();
    let encoder = RowEncoder::new(
        vec![TrinoType::Bigint, TrinoType::Varchar(None)],
        ClientCapabilities::ALL,
    );
    (encoder, batch)
}

#[test]
fn rows_are_split_by_byte_limit_and_joined_across_calls() {
    let (encoder, batch) = two_column_batch();
    let prepared = encoder.prepare(&batch).unwrap();
    assert_eq!(prepared.num_rows(), 4);

    let mut out = String::from("[");
    // The limit is reached by the first row, which is still written whole.
    assert_eq!(prepared.write_rows(0, &mut out, 1).unwrap(), 1);
    assert_eq!(out, r#"[[1,"a"]"#);
    // The next call continues with a separating comma.
    let limit = out.len() + 10;
    assert_eq!(prepared.write_rows(1, &mut out, limit).unwrap(), 2);
    assert_eq!(out, r#"[[1,"a"],[2,null],[3,"c"]"#);
    assert_eq!(prepared.write_rows(3, &mut out, usize::MAX).unwrap(), 1);
    assert_eq!(prepared.write_rows(4, &mut out, usize::MAX).unwrap(), 0);
    out.push(']');
    assert_eq!(out, r#"[[1,"a"],[2,null],[3,"c"],[4,"d"]]"#);

    // Rows from another batch continue the same array.
    let mut more = String::from("[");
    encoder
        .write_rows(&batch, 2, &mut more, usize::MAX)
        .unwrap();
    encoder
        .write_rows(&batch, 3, &mut more, usize::MAX)
        .unwrap();
    more.push(']');
    assert_eq!(more, r#"[[3,"c"],[4,"d"],[4,"d"]]"#);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&more).unwrap(),
        json!([[3, "c"], [4, "d"], [4, "d"]])
    );
}

#[test]
fn column_count_must_match() {
    let (_, batch) = two_column_batch();
    let encoder = RowEncoder::new(vec![TrinoType::Bigint], ClientCapabilities::ALL);
    assert_eq!(encoder.types(), &[TrinoType::Bigint]);
    let error = encoder.prepare(&batch).unwrap_err();
    assert!(matches!(
        error,
        EncodeError::ColumnCount {
            expected: 1,
            actual: 2
        }
    ));
}

#[test]
fn columns_for_the_columns_array() {
    let all = ClientCapabilities::ALL;
    assert_eq!(
        serde_json::to_value(column("_col0", &TrinoType::Integer, &all)).unwrap(),
        json!({"name":"_col0","type":"integer","typeSignature":{"rawType":"integer","arguments":[]}})
    );
    assert_eq!(
        serde_json::to_value(column("x", &TrinoType::Varchar(None), &all)).unwrap(),
        json!({"name":"x","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}})
    );
    let ts = TrinoType::Timestamp { precision: 6 };
    assert_eq!(
        serde_json::to_value(column("t", &ts, &all)).unwrap(),
        json!({"name":"t","type":"timestamp(6)","typeSignature":{"rawType":"timestamp","arguments":[{"kind":"LONG","value":6}]}})
    );
    assert_eq!(
        serde_json::to_value(column("t", &ts, &ClientCapabilities::NONE)).unwrap(),
        json!({"name":"t","type":"timestamp","typeSignature":{"rawType":"timestamp","arguments":[]}})
    );
    let decimal = TrinoType::Decimal {
        precision: 10,
        scale: 2,
    };
    assert_eq!(column("d", &decimal, &all).ty, "decimal(10, 2)");
}
