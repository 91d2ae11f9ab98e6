//! Conversions at the edges of the SQL/JSON functions: JSON text (character or binary,
//! in an encoding) to items, SQL values to items, items to SQL values, and the text output
//! converted to the `RETURNING` type.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BinaryArray, StringArray};
use arrow::datatypes::{DataType, Field};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use protocol::{ErrorCode, TRINO_TYPE_METADATA_KEY, TrinoType};
use serde_json::{Number, Value};

use super::options::Encoding;
use crate::functions::args::is_binary;
use crate::functions::error::function_error;
use crate::functions::json::write_json;
use crate::functions::types::cast_value;

/// A failure of one row, with the Trino error code it raises under `ERROR ON ERROR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowError {
    pub code: ErrorCode,
    pub message: String,
}

impl RowError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The error as the query's failure.
    pub fn raise(self) -> DataFusionError {
        function_error(self.code, self.message)
    }
}

/// Decodes JSON text given as bytes: UTF-8 for character strings, `encoding` for binary.
pub(crate) fn decode_text(bytes: &[u8], binary: bool, encoding: Encoding) -> Option<String> {
    if !binary {
        return std::str::from_utf8(bytes).ok().map(str::to_owned);
    }
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_owned),
        Encoding::Utf16 => {
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Encoding::Utf32 => {
            if bytes.len() % 4 != 0 {
                return None;
            }
            bytes
                .chunks_exact(4)
                .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect()
        }
    }
}

/// Reads JSON text (bytes as [`decode_text`] reads them) into an item.
pub(crate) fn parse_json(
    bytes: &[u8],
    binary: bool,
    encoding: Encoding,
) -> Result<Value, RowError> {
    decode_text(bytes, binary, encoding)
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| {
            RowError::new(
                ErrorCode::JsonInputConversionError,
                "conversion to JSON failed: malformed JSON input",
            )
        })
}

/// Whether `field` is the Trino `json` type.
pub(crate) fn is_json(field: &Field) -> bool {
    field
        .metadata()
        .get(TRINO_TYPE_METADATA_KEY)
        .is_some_and(|t| t == "json")
}

/// Row `row` of `array` as an item: parsed JSON text for `FORMAT JSON` values and `json`
/// values, otherwise the SQL value (numbers, booleans, text; other types as their text).
pub(crate) fn sql_to_json(
    array: &ArrayRef,
    field: &Field,
    row: usize,
    format: Option<Encoding>,
) -> Result<Value, RowError> {
    if array.data_type() == &DataType::Null || array.is_null(row) {
        return Ok(Value::Null);
    }
    let invalid = |what: &str| {
        RowError::new(
            ErrorCode::InvalidFunctionArgument,
            format!("value of type {what} cannot be converted to JSON"),
        )
    };
    let internal =
        |e: DataFusionError| RowError::new(ErrorCode::GenericInternalError, e.to_string());
    let scalar = ScalarValue::try_from_array(array, row).map_err(internal)?;
    if format.is_some() || is_json(field) {
        let binary = is_binary(array.data_type());
        let bytes: Vec<u8> = match &scalar {
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => s.as_bytes().to_vec(),
            ScalarValue::Binary(Some(b))
            | ScalarValue::LargeBinary(Some(b))
            | ScalarValue::BinaryView(Some(b))
            | ScalarValue::FixedSizeBinary(_, Some(b)) => b.clone(),
            other => return Err(invalid(&other.data_type().to_string())),
        };
        return parse_json(&bytes, binary, format.unwrap_or_default());
    }
    let number = |n: Option<Number>| n.map(Value::Number).ok_or_else(|| invalid("double"));
    Ok(match scalar {
        ScalarValue::Boolean(Some(b)) => Value::Bool(b),
        ScalarValue::Int8(Some(v)) => Value::from(v),
        ScalarValue::Int16(Some(v)) => Value::from(v),
        ScalarValue::Int32(Some(v)) => Value::from(v),
        ScalarValue::Int64(Some(v)) => Value::from(v),
        ScalarValue::UInt8(Some(v)) => Value::from(v),
        ScalarValue::UInt16(Some(v)) => Value::from(v),
        ScalarValue::UInt32(Some(v)) => Value::from(v),
        ScalarValue::UInt64(Some(v)) => Value::from(v),
        ScalarValue::Float32(Some(v)) => number(Number::from_f64(f64::from(v)))?,
        ScalarValue::Float64(Some(v)) => number(Number::from_f64(v))?,
        ScalarValue::Decimal128(Some(_), _, _) => number(
            scalar
                .to_string()
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64),
        )?,
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Value::String(s),
        other => {
            let data_type = other.data_type();
            let text = other
                .to_array()
                .and_then(|a| Ok(arrow::compute::cast(&a, &DataType::Utf8)?))
                .map_err(|_| invalid(&data_type.to_string()))?;
            let text = text
                .as_any()
                .downcast_ref::<StringArray>()
                .filter(|t| !t.is_null(0))
                .ok_or_else(|| invalid(&data_type.to_string()))?;
            Value::String(text.value(0).to_owned())
        }
    })
}

/// `value` as compact JSON text (object members in their order).
pub(crate) fn json_text(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, false, &mut out);
    out
}

/// The Trino type and Arrow type of a function's result field.
pub(crate) fn result_type(field: &Field) -> Result<(TrinoType, DataType)> {
    let ty =
        TrinoType::from_arrow_field(field).map_err(|e| DataFusionError::Internal(e.to_string()))?;
    Ok((ty, field.data_type().clone()))
}

/// Converts one SQL value to the result type with `CAST` semantics; a value that does not
/// convert is an error (Arrow's lenient casts give NULL, which is caught here).
pub(crate) fn convert_scalar(
    value: ScalarValue,
    ty: &TrinoType,
    target: &DataType,
) -> Result<ScalarValue, RowError> {
    if value.is_null() {
        return ScalarValue::try_from(target)
            .map_err(|e| RowError::new(ErrorCode::GenericInternalError, e.to_string()));
    }
    let failed = || {
        RowError::new(
            ErrorCode::JsonValueResultError,
            format!("cannot cast {value} to {ty}"),
        )
    };
    let array = value.to_array().map_err(|_| failed())?;
    let cast = cast_value(&array, ty, target).map_err(|_| failed())?;
    if cast.is_null(0) {
        return Err(failed());
    }
    ScalarValue::try_from_array(&cast, 0).map_err(|_| failed())
}

/// The text results of `json_query`, `json_array` and `json_object` in the result type:
/// character strings by `CAST`, `varbinary` as the text in `encoding`.
pub(crate) fn text_output(
    values: Vec<Option<String>>,
    field: &Field,
    encoding: Encoding,
) -> Result<ArrayRef> {
    let (ty, target) = result_type(field)?;
    if is_binary(&target) {
        let bytes: BinaryArray = values
            .iter()
            .map(|v| v.as_deref().map(|s| encode_text(s, encoding)))
            .collect();
        return Ok(Arc::new(bytes));
    }
    let text: ArrayRef = Arc::new(StringArray::from(values));
    if target == DataType::Utf8 && matches!(ty, TrinoType::Varchar(None)) {
        return Ok(text);
    }
    cast_value(&text, &ty, &target)
}

/// `text` in `encoding` (little endian for UTF-16 and UTF-32, without a byte order mark).
pub(crate) fn encode_text(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16 => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf32 => text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect(),
    }
}

/// A path result item as a SQL value for `json_value`: `None` for a JSON null, an error
/// for arrays and objects. Numbers and booleans become text when the result is text.
pub(crate) fn item_to_sql(item: &Value, text: bool) -> Result<Option<ScalarValue>, RowError> {
    Ok(Some(match item {
        Value::Null => return Ok(None),
        Value::String(s) => ScalarValue::Utf8(Some(s.clone())),
        Value::Bool(b) if text => ScalarValue::Utf8(Some(b.to_string())),
        Value::Bool(b) => ScalarValue::Boolean(Some(*b)),
        Value::Number(_) if text => ScalarValue::Utf8(Some(json_text(item))),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => ScalarValue::Int64(Some(i)),
            (None, Some(u)) => ScalarValue::UInt64(Some(u)),
            _ => ScalarValue::Float64(n.as_f64()),
        },
        Value::Array(_) | Value::Object(_) => {
            return Err(RowError::new(
                ErrorCode::JsonValueResultError,
                "JSON path found an item that cannot be converted to an SQL value",
            ));
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int64Array, StringArray};
    use serde_json::json;

    #[test]
    fn binary_text_in_each_encoding() {
        assert_eq!(
            decode_text(&[0x5b, 0, 0x35, 0, 0x5d, 0], true, Encoding::Utf16).as_deref(),
            Some("[5]")
        );
        assert_eq!(
            encode_text("[5]", Encoding::Utf16),
            vec![0x5b, 0, 0x35, 0, 0x5d, 0]
        );
        let utf32 = encode_text("é", Encoding::Utf32);
        assert_eq!(
            decode_text(&utf32, true, Encoding::Utf32).as_deref(),
            Some("é")
        );
        assert_eq!(decode_text(&[0x5b], true, Encoding::Utf16), None);
        assert!(parse_json(b"{bad", false, Encoding::Utf8).is_err());
    }

    #[test]
    fn sql_values_become_items() {
        let ints: ArrayRef = Arc::new(Int64Array::from(vec![Some(3), None]));
        let field = Field::new("x", DataType::Int64, true);
        assert_eq!(sql_to_json(&ints, &field, 0, None), Ok(json!(3)));
        assert_eq!(sql_to_json(&ints, &field, 1, None), Ok(Value::Null));
        let text: ArrayRef = Arc::new(StringArray::from(vec!["[1, 2]"]));
        let field = Field::new("x", DataType::Utf8, true);
        assert_eq!(sql_to_json(&text, &field, 0, None), Ok(json!("[1, 2]")));
        assert_eq!(
            sql_to_json(&text, &field, 0, Some(Encoding::Utf8)),
            Ok(json!([1, 2]))
        );
    }

    #[test]
    fn items_become_sql_values() {
        assert_eq!(
            item_to_sql(&json!(1.5), true),
            Ok(Some(ScalarValue::Utf8(Some("1.5".into()))))
        );
        assert_eq!(
            item_to_sql(&json!(10), false),
            Ok(Some(ScalarValue::Int64(Some(10))))
        );
        assert_eq!(item_to_sql(&json!(null), false), Ok(None));
        assert!(item_to_sql(&json!([1]), false).is_err());
        let tiny = convert_scalar(
            ScalarValue::Int64(Some(10)),
            &TrinoType::Tinyint,
            &DataType::Int8,
        );
        assert_eq!(tiny, Ok(ScalarValue::Int8(Some(10))));
        assert!(
            convert_scalar(
                ScalarValue::Int64(Some(1000)),
                &TrinoType::Tinyint,
                &DataType::Int8
            )
            .is_err()
        );
    }
}
