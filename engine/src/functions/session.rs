//! Functions that answer from the session: `current_user`, `current_catalog`,
//! `current_schema`, `current_timezone()` and `version()`.

use std::sync::Arc;

use arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};

use crate::session::SessionInfo;

/// The session functions, their answers fixed for one query.
pub fn session_functions(info: &SessionInfo, version: &str) -> Vec<ScalarUDF> {
    vec![
        constant("current_user", Some(info.user.clone())),
        constant("current_catalog", info.catalog.clone()),
        constant("current_schema", info.schema.clone()),
        constant("current_timezone", Some(info.time_zone.clone())),
        constant("version", Some(version.to_string())),
    ]
}

fn constant(name: &str, value: Option<String>) -> ScalarUDF {
    let value = ScalarValue::Utf8(value);
    create_udf(
        name,
        vec![],
        DataType::Utf8,
        Volatility::Stable,
        Arc::new(move |_args| Ok(ColumnarValue::Scalar(value.clone()))),
    )
}
