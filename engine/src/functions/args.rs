//! Plumbing shared by the scalar function families: a [`ScalarUDFImpl`] built from a
//! signature, a return type and a plain function, and row-wise access to arguments that
//! may be scalars or arrays of any string/binary layout (`Utf8`, `LargeUtf8`, `Utf8View`,
//! `Binary`, ...), without casting or broadcasting scalars.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, BinaryViewArray, FixedSizeBinaryArray, Float64Array,
    Int64Array, LargeBinaryArray, LargeStringArray, StringArray, StringViewArray,
};
use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::common::types::{NativeType, logical_float64, logical_int64, logical_string};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    Coercion, ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, TypeSignature, TypeSignatureClass, Volatility,
};
use protocol::types::TRINO_TYPE_METADATA_KEY;

/// Whether `data_type` is one of Arrow's binary layouts (Trino `varbinary`).
pub(crate) fn is_binary(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_)
    )
}

/// The body of a function: its arguments (after coercion) and the number of rows to produce
/// when all of them are scalars is `1`; see [`Batch`].
pub(crate) type Body = fn(&Batch<'_>) -> Result<ColumnarValue>;

/// A planning-time check of the literal arguments (`None` for non-literals), for signatures
/// that Trino states with lengths this engine's types do not carry (`codepoint(varchar(1))`).
pub(crate) type LiteralCheck = fn(&[Option<&ScalarValue>]) -> Result<()>;

/// What a function returns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Returns {
    /// A plain Arrow type.
    Type(DataType),
    /// Trino `json`: `Utf8` tagged with the `trino.type` metadata.
    Json,
    /// `Utf8` for string arguments, `Binary` for binary ones (`substr`).
    SameAsFirst,
}

impl Returns {
    fn data_type(&self, first: Option<&DataType>) -> DataType {
        match self {
            Returns::Type(t) => t.clone(),
            Returns::Json => DataType::Utf8,
            Returns::SameAsFirst => match first {
                Some(
                    DataType::Binary
                    | DataType::LargeBinary
                    | DataType::BinaryView
                    | DataType::FixedSizeBinary(_),
                ) => DataType::Binary,
                _ => DataType::Utf8,
            },
        }
    }
}

/// A Trino scalar function: name, signature, return type and body.
#[derive(Debug)]
pub(crate) struct TrinoFunction {
    name: &'static str,
    aliases: Vec<String>,
    signature: Signature,
    returns: Returns,
    body: Body,
    check: Option<LiteralCheck>,
}

impl PartialEq for TrinoFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.signature == other.signature
    }
}

impl Eq for TrinoFunction {}

impl Hash for TrinoFunction {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.signature.hash(state);
    }
}

/// A [`ScalarUDF`] named `name` that accepts any of `signatures` (lists of argument
/// coercions) and runs `body`.
pub(crate) fn function(
    name: &'static str,
    signatures: Vec<Vec<Coercion>>,
    returns: Returns,
    body: Body,
) -> ScalarUDF {
    function_with_aliases(name, &[], signatures, returns, body)
}

/// [`function`] that is also callable as each of `aliases`.
pub(crate) fn function_with_aliases(
    name: &'static str,
    aliases: &[&str],
    signatures: Vec<Vec<Coercion>>,
    returns: Returns,
    body: Body,
) -> ScalarUDF {
    let signature = coercible(signatures);
    let udf = TrinoFunction {
        name,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        signature,
        returns,
        body,
        check: None,
    };
    ScalarUDF::new_from_impl(udf)
}

/// [`function`] whose literal arguments must pass `check` when the query is planned.
pub(crate) fn checked_function(
    name: &'static str,
    signatures: Vec<Vec<Coercion>>,
    returns: Returns,
    body: Body,
    check: LiteralCheck,
) -> ScalarUDF {
    ScalarUDF::new_from_impl(TrinoFunction {
        name,
        aliases: Vec::new(),
        signature: coercible(signatures),
        returns,
        body,
        check: Some(check),
    })
}

/// A signature accepting any of `signatures` (lists of argument coercions).
fn coercible(signatures: Vec<Vec<Coercion>>) -> Signature {
    Signature::one_of(
        signatures
            .into_iter()
            .map(TypeSignature::Coercible)
            .collect(),
        Volatility::Immutable,
    )
}

impl ScalarUDFImpl for TrinoFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.returns.data_type(arg_types.first()))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        if let Some(check) = self.check {
            check(args.scalar_arguments)?;
        }
        Ok(Arc::new(match &self.returns {
            Returns::Json => json_field(self.name),
            other => Field::new(
                self.name,
                other.data_type(args.arg_fields.first().map(|f| f.data_type())),
                true,
            ),
        }))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let batch = Batch::of(&args);
        (self.body)(&batch)
    }
}

/// A nullable `Utf8` field tagged as Trino `json`.
pub(crate) fn json_field(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true).with_metadata(HashMap::from([(
        TRINO_TYPE_METADATA_KEY.to_owned(),
        "json".to_owned(),
    )]))
}

/// `array(varchar)` as Arrow.
pub(crate) fn string_list() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
}

/// Any string type, passed through without a cast.
pub(crate) fn string() -> Coercion {
    Coercion::new_exact(TypeSignatureClass::Native(logical_string()))
}

/// Any integer, cast to `Int64`.
pub(crate) fn int64() -> Coercion {
    Coercion::new_implicit(
        TypeSignatureClass::Native(logical_int64()),
        vec![TypeSignatureClass::Integer],
        NativeType::Int64,
    )
}

/// Any number, cast to `Float64`.
pub(crate) fn float64() -> Coercion {
    Coercion::new_implicit(
        TypeSignatureClass::Native(logical_float64()),
        vec![TypeSignatureClass::Numeric],
        NativeType::Float64,
    )
}

/// Any binary type, passed through without a cast.
pub(crate) fn binary() -> Coercion {
    Coercion::new_exact(TypeSignatureClass::Binary)
}

/// The arguments of one invocation.
pub(crate) struct Batch<'a> {
    /// Arguments after coercion.
    pub args: &'a [ColumnarValue],
    /// Rows to produce: `1` when every argument is a scalar.
    pub rows: usize,
    /// Whether every argument is a scalar (the result is then a scalar too).
    pub scalar: bool,
}

impl<'a> Batch<'a> {
    /// The batch of one invocation: a single row when every argument is a scalar.
    pub fn of(args: &'a ScalarFunctionArgs) -> Self {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        Batch {
            args: &args.args,
            rows: if scalar { 1 } else { args.number_rows },
            scalar,
        }
    }

    /// Argument `i` as strings.
    pub fn strings(&self, i: usize) -> Result<Strings<'a>> {
        Strings::new(&self.args[i])
    }

    /// Argument `i` as binary values (strings are read as their UTF-8 bytes).
    pub fn bytes(&self, i: usize) -> Result<Bytes<'a>> {
        Bytes::new(&self.args[i])
    }

    /// Argument `i` as `bigint` values.
    pub fn ints(&self, i: usize) -> Result<Ints<'a>> {
        Ints::new(&self.args[i])
    }

    /// Argument `i` as `double` values.
    pub fn doubles(&self, i: usize) -> Result<Doubles<'a>> {
        Doubles::new(&self.args[i])
    }

    /// Wraps a result array: a scalar when every argument was one.
    pub fn finish(&self, array: ArrayRef) -> Result<ColumnarValue> {
        if self.scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &array, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(array))
        }
    }
}

fn unexpected(what: &str, data_type: &DataType) -> DataFusionError {
    DataFusionError::Internal(format!("expected {what} argument, got {data_type}"))
}

/// String argument: a scalar or an array of one of Arrow's string layouts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Strings<'a> {
    /// One value for every row.
    Scalar(Option<&'a str>),
    /// `Utf8`.
    Utf8(&'a StringArray),
    /// `LargeUtf8`.
    Large(&'a LargeStringArray),
    /// `Utf8View`.
    View(&'a StringViewArray),
}

impl<'a> Strings<'a> {
    /// Reads `value`, which must be a string (or null) scalar or array.
    pub fn new(value: &'a ColumnarValue) -> Result<Self> {
        Ok(match value {
            ColumnarValue::Scalar(
                ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s),
            ) => Strings::Scalar(s.as_deref()),
            ColumnarValue::Scalar(ScalarValue::Null) => Strings::Scalar(None),
            ColumnarValue::Scalar(other) => return Err(unexpected("string", &other.data_type())),
            ColumnarValue::Array(array) => match array.data_type() {
                DataType::Utf8 => Strings::Utf8(array.as_string::<i32>()),
                DataType::LargeUtf8 => Strings::Large(array.as_string::<i64>()),
                DataType::Utf8View => Strings::View(array.as_string_view()),
                other => return Err(unexpected("string", other)),
            },
        })
    }

    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Scalar(s) => *s,
            Strings::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }

    /// The value when this argument is a scalar.
    pub fn scalar(&self) -> Option<Option<&'a str>> {
        match self {
            Strings::Scalar(s) => Some(*s),
            _ => None,
        }
    }

    /// Total bytes of the values, a capacity hint for outputs.
    pub fn byte_hint(&self) -> usize {
        match self {
            Strings::Scalar(s) => s.map_or(0, str::len),
            // The offsets, not `values()`: a sliced array shares the whole buffer.
            Strings::Utf8(a) => value_bytes(a.value_offsets()),
            Strings::Large(a) => value_bytes(a.value_offsets()),
            Strings::View(a) => a.total_buffer_bytes_used() + a.len() * 12,
        }
    }
}

/// Bytes between the first and the last of `offsets`.
fn value_bytes<O: arrow::array::OffsetSizeTrait>(offsets: &[O]) -> usize {
    match (offsets.first(), offsets.last()) {
        (Some(first), Some(last)) => (*last - *first).as_usize(),
        _ => 0,
    }
}

/// Binary argument: a scalar or an array of one of Arrow's binary layouts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bytes<'a> {
    /// One value for every row.
    Scalar(Option<&'a [u8]>),
    /// `Binary`.
    Binary(&'a BinaryArray),
    /// `LargeBinary`.
    Large(&'a LargeBinaryArray),
    /// `BinaryView`.
    View(&'a BinaryViewArray),
    /// `FixedSizeBinary`.
    Fixed(&'a FixedSizeBinaryArray),
    /// Strings, read as their UTF-8 bytes.
    Text(Strings<'a>),
}

impl<'a> Bytes<'a> {
    /// Reads `value`, which must be a binary or string (or null) scalar or array.
    pub fn new(value: &'a ColumnarValue) -> Result<Self> {
        Ok(match value {
            ColumnarValue::Scalar(
                ScalarValue::Binary(b)
                | ScalarValue::LargeBinary(b)
                | ScalarValue::BinaryView(b)
                | ScalarValue::FixedSizeBinary(_, b),
            ) => Bytes::Scalar(b.as_deref()),
            ColumnarValue::Array(array) => match array.data_type() {
                DataType::Binary => Bytes::Binary(array.as_binary::<i32>()),
                DataType::LargeBinary => Bytes::Large(array.as_binary::<i64>()),
                DataType::BinaryView => Bytes::View(array.as_binary_view()),
                DataType::FixedSizeBinary(_) => Bytes::Fixed(array.as_fixed_size_binary()),
                _ => Bytes::Text(Strings::new(value)?),
            },
            _ => Bytes::Text(Strings::new(value)?),
        })
    }

    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        match self {
            Bytes::Scalar(b) => *b,
            Bytes::Binary(a) => a.is_valid(i).then(|| a.value(i)),
            Bytes::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Bytes::View(a) => a.is_valid(i).then(|| a.value(i)),
            Bytes::Fixed(a) => a.is_valid(i).then(|| a.value(i)),
            Bytes::Text(s) => s.get(i).map(str::as_bytes),
        }
    }
}

/// `bigint` argument (integers are coerced to `Int64` by the signature).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ints<'a> {
    /// One value for every row.
    Scalar(Option<i64>),
    /// An `Int64` array.
    Array(&'a Int64Array),
}

impl<'a> Ints<'a> {
    /// Reads `value`, which must be an `Int64` (or null) scalar or array.
    pub fn new(value: &'a ColumnarValue) -> Result<Self> {
        Ok(match value {
            ColumnarValue::Scalar(ScalarValue::Int64(v)) => Ints::Scalar(*v),
            ColumnarValue::Scalar(ScalarValue::Null) => Ints::Scalar(None),
            ColumnarValue::Scalar(other) => return Err(unexpected("bigint", &other.data_type())),
            ColumnarValue::Array(array) => Ints::Array(
                array
                    .as_primitive_opt()
                    .ok_or_else(|| unexpected("bigint", array.data_type()))?,
            ),
        })
    }

    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        match self {
            Ints::Scalar(v) => *v,
            Ints::Array(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// `double` argument (numbers are coerced to `Float64` by the signature).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Doubles<'a> {
    /// One value for every row.
    Scalar(Option<f64>),
    /// A `Float64` array.
    Array(&'a Float64Array),
}

impl<'a> Doubles<'a> {
    /// Reads `value`, which must be a `Float64` (or null) scalar or array.
    pub fn new(value: &'a ColumnarValue) -> Result<Self> {
        Ok(match value {
            ColumnarValue::Scalar(ScalarValue::Float64(v)) => Doubles::Scalar(*v),
            ColumnarValue::Scalar(ScalarValue::Null) => Doubles::Scalar(None),
            ColumnarValue::Scalar(other) => return Err(unexpected("double", &other.data_type())),
            ColumnarValue::Array(array) => Doubles::Array(
                array
                    .as_primitive_opt()
                    .ok_or_else(|| unexpected("double", array.data_type()))?,
            ),
        })
    }

    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<f64> {
        match self {
            Doubles::Scalar(v) => *v,
            Doubles::Array(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers to call a function body on literal values in unit tests.

    use super::*;

    /// Runs `udf` on scalar `args` and returns the scalar result.
    pub fn call(udf: &ScalarUDF, args: Vec<ScalarValue>) -> Result<ScalarValue> {
        let arg_fields: Vec<FieldRef> = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type(), true)))
            .collect();
        let return_field = udf.return_field_from_args(ReturnFieldArgs {
            arg_fields: &arg_fields,
            scalar_arguments: &args.iter().map(Some).collect::<Vec<_>>(),
        })?;
        let result = udf.invoke_with_args(ScalarFunctionArgs {
            args: args.into_iter().map(ColumnarValue::Scalar).collect(),
            arg_fields,
            number_rows: 1,
            return_field,
            config_options: Arc::new(Default::default()),
        })?;
        match result {
            ColumnarValue::Scalar(s) => Ok(s),
            ColumnarValue::Array(a) => ScalarValue::try_from_array(&a, 0),
        }
    }

    /// Runs `udf` on array `args` of `rows` rows.
    pub fn call_arrays(udf: &ScalarUDF, args: Vec<ArrayRef>) -> Result<ArrayRef> {
        let rows = args.first().map_or(1, |a| a.len());
        let arg_fields: Vec<FieldRef> = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type().clone(), true)))
            .collect();
        let return_field = udf.return_field_from_args(ReturnFieldArgs {
            arg_fields: &arg_fields,
            scalar_arguments: &vec![None; args.len()],
        })?;
        udf.invoke_with_args(ScalarFunctionArgs {
            args: args.into_iter().map(ColumnarValue::Array).collect(),
            arg_fields,
            number_rows: rows,
            return_field,
            config_options: Arc::new(Default::default()),
        })?
        .into_array(rows)
    }

    /// Shorthand for a `Utf8` scalar.
    pub fn s(value: &str) -> ScalarValue {
        ScalarValue::Utf8(Some(value.to_string()))
    }

    /// Shorthand for an `Int64` scalar.
    pub fn i(value: i64) -> ScalarValue {
        ScalarValue::Int64(Some(value))
    }

    /// Shorthand for a `Binary` scalar.
    pub fn b(value: &[u8]) -> ScalarValue {
        ScalarValue::Binary(Some(value.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_hint_of_a_slice_counts_its_own_values() {
        let array: ArrayRef = Arc::new(StringArray::from(vec!["abc", "de", "f", "ghij"]));
        let slice = ColumnarValue::Array(array.slice(1, 2));
        assert_eq!(Strings::new(&slice).unwrap().byte_hint(), 3);
        let large: ArrayRef = Arc::new(LargeStringArray::from(vec!["abc", "de", "f"]));
        let slice = ColumnarValue::Array(large.slice(2, 1));
        assert_eq!(Strings::new(&slice).unwrap().byte_hint(), 1);
        let empty = ColumnarValue::Array(array.slice(4, 0));
        assert_eq!(Strings::new(&empty).unwrap().byte_hint(), 0);
    }
}
