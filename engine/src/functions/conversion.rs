//! Trino's conversion functions: `typeof`, and the formatting ones in [`format`].

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::TrinoType;

/// The conversion functions, for registration in a session.
pub fn conversion_functions() -> Vec<ScalarUDF> {
    vec![ScalarUDF::new_from_impl(TypeOf {
        signature: Signature::any(1, Volatility::Immutable),
    })]
}

/// `typeof(x)`: the Trino type name of `x`'s type (`integer`, `varchar(3)`,
/// `array(decimal(2,1))`, ...), as `varchar`. The value of `x` is not looked at, so the
/// result is one scalar for the whole batch.
#[derive(Debug, PartialEq, Eq, Hash)]
struct TypeOf {
    signature: Signature,
}

/// The Trino type name of the values of `field`.
fn type_name(field: &Field) -> Result<String> {
    let ty = TrinoType::from_arrow_field(field)
        .map_err(|e| DataFusionError::Plan(format!("typeof: {e}")))?;
    let mut out = String::new();
    write_type(&ty, &mut out);
    Ok(out)
}

/// Writes `ty` as Trino's `typeof` spells it: `decimal(2,1)`, `map(varchar, bigint)`,
/// `row(x integer, y varchar)` (row field names unquoted).
fn write_type(ty: &TrinoType, out: &mut String) {
    match ty {
        TrinoType::Array(element) => {
            out.push_str("array(");
            write_type(element, out);
            out.push(')');
        }
        TrinoType::Map(key, value) => {
            out.push_str("map(");
            write_type(key, out);
            out.push_str(", ");
            write_type(value, out);
            out.push(')');
        }
        TrinoType::Row(fields) => {
            out.push_str("row(");
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if let Some(name) = &field.name {
                    out.push_str(name);
                    out.push(' ');
                }
                write_type(&field.ty, out);
            }
            out.push(')');
        }
        other => out.push_str(&other.display_name()),
    }
}

impl ScalarUDFImpl for TypeOf {
    fn name(&self) -> &str {
        "typeof"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        // Fail at planning time for argument types Trino has no name for.
        if let Some(field) = args.arg_fields.first() {
            type_name(field)?;
        }
        Ok(Arc::new(Field::new(self.name(), DataType::Utf8, false)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let field = args
            .arg_fields
            .first()
            .ok_or_else(|| DataFusionError::Plan("typeof takes one argument".into()))?;
        Ok(ColumnarValue::Scalar(ScalarValue::Utf8(Some(type_name(
            field,
        )?))))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::functions::args::testing::call;
    use protocol::TRINO_TYPE_METADATA_KEY;

    #[test]
    fn type_names() {
        let udf = &conversion_functions()[0];
        let name = |v: ScalarValue| call(udf, vec![v]).unwrap();
        assert_eq!(
            name(ScalarValue::Int32(Some(123))),
            ScalarValue::from("integer")
        );
        assert_eq!(
            name(ScalarValue::Float64(Some(1.0))),
            ScalarValue::from("double")
        );
        assert_eq!(name(ScalarValue::Null), ScalarValue::from("unknown"));
        assert_eq!(
            name(ScalarValue::Decimal128(Some(15), 2, 1)),
            ScalarValue::from("decimal(2,1)")
        );
    }

    #[test]
    fn metadata_wins() {
        let field = Field::new("x", DataType::Utf8, true).with_metadata(HashMap::from([(
            TRINO_TYPE_METADATA_KEY.to_owned(),
            "varchar(3)".to_owned(),
        )]));
        assert_eq!(type_name(&field).unwrap(), "varchar(3)");
        let list = Field::new(
            "x",
            DataType::List(Arc::new(Field::new_list_field(DataType::Int32, true))),
            true,
        );
        assert_eq!(type_name(&list).unwrap(), "array(integer)");
        let row = TrinoType::Row(vec![
            protocol::RowField::named("x", TrinoType::Integer),
            protocol::RowField::named("y", TrinoType::Varchar(None)),
        ]);
        assert_eq!(
            type_name(&row.arrow_field("r", true)).unwrap(),
            "row(x integer, y varchar)"
        );
    }
}
