//! Trino functions that DataFusion lacks or names differently.

pub mod aggregate;
mod args;
pub mod arithmetic;
pub mod array;
pub mod binary;
pub mod bitwise;
pub mod concat;
pub mod datetime;
pub mod decimal;
pub mod error;
pub mod format;
pub mod json;
pub mod json_path;
pub mod lambda;
pub mod listing;
pub mod math;
pub mod network;
pub mod regexp;
pub mod session;
pub mod sql_json;
pub mod string;
pub mod try_call;
pub mod type_of;
pub mod types;
pub mod url;

use std::sync::Arc;

use arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};

/// Every function this module adds to a session, besides the per-session ones.
pub fn trino_functions() -> Vec<ScalarUDF> {
    let mut functions = types::type_functions();
    functions.extend(regexp::regexp_functions());
    functions.extend(binary::binary_functions());
    functions.extend(url::url_functions());
    functions.extend(json::json_functions());
    functions.extend(sql_json::sql_json_functions());
    functions.extend(string::string_functions());
    functions.push(try_call::try_function());
    functions.push(concat::concat_function());
    functions.extend(array::array_functions());
    functions.push(type_of::typeof_function());
    functions.extend(math::math_functions());
    functions.extend(format::format_functions());
    functions.extend(bitwise::bitwise_functions());
    functions.push(double_constant("nan", f64::NAN));
    functions.push(double_constant("infinity", f64::INFINITY));
    functions
}

/// A function without arguments that returns a `double` constant (`nan()`, `infinity()`).
fn double_constant(name: &str, value: f64) -> ScalarUDF {
    create_udf(
        name,
        vec![],
        DataType::Float64,
        Volatility::Immutable,
        Arc::new(move |_| Ok(ColumnarValue::Scalar(ScalarValue::Float64(Some(value))))),
    )
}
