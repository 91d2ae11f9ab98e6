//! `typeof(x)`: the name of the Trino type of its argument, as Trino writes it
//! (`array(integer)`, `decimal(11,1)`, `timestamp(3)`, `row(x bigint, y varchar)`).

use arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use protocol::types::TrinoType;

/// The `typeof` function, for registration in a session.
pub fn typeof_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(TypeOf {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TypeOf {
    signature: Signature,
}

/// The name of a Trino type as `typeof` gives it: Trino's display name (`decimal(2,1)`,
/// `timestamp(3)`), as `DESCRIBE` shows it.
pub fn type_name(ty: &TrinoType) -> String {
    ty.display_name()
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

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        // The argument's field carries the Trino type (`varchar(3)`, `json`, ...) in its
        // metadata where Arrow's type alone is not enough.
        let Some(field) = args.arg_fields.first() else {
            return exec_err!("typeof takes one argument");
        };
        let name = match TrinoType::from_arrow_field(field) {
            Ok(ty) => type_name(&ty),
            Err(e) => return exec_err!("typeof: {e}"),
        };
        Ok(ColumnarValue::Scalar(ScalarValue::Utf8(Some(name))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::call;

    #[test]
    fn names() {
        // Trino docs (typeof): typeof(123) is integer, typeof(ARRAY[1, 2]) array(integer).
        let of = |v: ScalarValue| call(&typeof_function(), vec![v]).unwrap();
        assert_eq!(
            of(ScalarValue::Int32(Some(123))),
            ScalarValue::Utf8(Some("integer".into()))
        );
        assert_eq!(
            of(ScalarValue::Float64(Some(1.0))),
            ScalarValue::Utf8(Some("double".into()))
        );
        assert_eq!(
            of(ScalarValue::Decimal128(Some(15), 2, 1)),
            ScalarValue::Utf8(Some("decimal(2,1)".into()))
        );
    }
}
