//! `cosine_similarity(x, y)` and `cosine_distance(x, y)` (`1 - similarity`) of two dense
//! vectors (`array(double)` of equal length) or two sparse ones (`map(varchar, double)`,
//! missing keys count as zero).

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array};
use arrow::datatypes::{DataType, Field, Fields, Float64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use crate::functions::args::Strings;
use crate::functions::error::invalid_argument;

/// `cosine_similarity` and `cosine_distance`.
pub(super) fn vector_functions() -> Vec<ScalarUDF> {
    [("cosine_similarity", false), ("cosine_distance", true)]
        .into_iter()
        .map(|(name, distance)| {
            ScalarUDF::new_from_impl(Cosine {
                name,
                distance,
                signature: Signature::user_defined(Volatility::Immutable),
            })
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Cosine {
    name: &'static str,
    /// Whether to answer `1 - similarity`.
    distance: bool,
    signature: Signature,
}

fn dense_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true)))
}

fn sparse_type() -> DataType {
    let entries = Fields::from(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("value", DataType::Float64, true),
    ]);
    DataType::Map(
        Arc::new(Field::new("entries", DataType::Struct(entries), false)),
        false,
    )
}

impl ScalarUDFImpl for Cosine {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let is_list = |t: &DataType| {
            matches!(
                t,
                DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..)
            )
        };
        match arg_types {
            [a, b] if is_list(a) && is_list(b) => Ok(vec![dense_type(), dense_type()]),
            [DataType::Map(..), DataType::Map(..)] => Ok(vec![sparse_type(), sparse_type()]),
            _ => plan_err!(
                "Unexpected parameters for function {}: expected two array(double) or two map(varchar, double)",
                self.name
            ),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let x = args.args[0].to_array(rows)?;
        let y = args.args[1].to_array(rows)?;
        let out = (0..rows)
            .map(|i| {
                if x.is_null(i) || y.is_null(i) {
                    return Ok(None);
                }
                let similarity = match x.data_type() {
                    DataType::Map(..) => sparse(&x, &y, i)?,
                    _ => dense(&x, &y, i)?,
                };
                Ok(similarity.map(|s| if self.distance { 1.0 - s } else { s }))
            })
            .collect::<Result<Float64Array>>()?;
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(Arc::new(out)))
        }
    }
}

/// `x · y / (|x| |y|)`, NULL when a vector has no length.
fn cosine(dot: f64, x_squares: f64, y_squares: f64) -> Option<f64> {
    let norms = x_squares.sqrt() * y_squares.sqrt();
    (norms != 0.0).then(|| dot / norms)
}

/// The doubles of row `i` of a list array.
fn list_row(list: &ArrayRef, i: usize) -> Result<ArrayRef> {
    Ok(list.as_list::<i32>().value(i))
}

fn dense(x: &ArrayRef, y: &ArrayRef, i: usize) -> Result<Option<f64>> {
    let (x, y) = (list_row(x, i)?, list_row(y, i)?);
    let (x, y) = (
        x.as_primitive::<Float64Type>(),
        y.as_primitive::<Float64Type>(),
    );
    if x.len() != y.len() {
        return Err(invalid_argument("The arguments must have the same length"));
    }
    if x.null_count() > 0 || y.null_count() > 0 {
        return Err(invalid_argument("Vectors must not contain nulls"));
    }
    let (x, y) = (x.values(), y.values());
    let dot = x.iter().zip(y.iter()).map(|(a, b)| a * b).sum();
    let squares = |v: &[f64]| v.iter().map(|a| a * a).sum();
    Ok(cosine(dot, squares(x), squares(y)))
}

fn sparse(x: &ArrayRef, y: &ArrayRef, i: usize) -> Result<Option<f64>> {
    let entries = |map: &ArrayRef| -> Result<Vec<(Option<String>, Option<f64>)>> {
        let row = map.as_map().value(i);
        let keys = ColumnarValue::Array(row.column(0).clone());
        let keys = Strings::new(&keys)?;
        let values = row.column(1).as_primitive::<Float64Type>();
        Ok((0..row.len())
            .map(|j| {
                (
                    keys.get(j).map(str::to_string),
                    values.is_valid(j).then(|| values.value(j)),
                )
            })
            .collect())
    };
    let (x, y) = (entries(x)?, entries(y)?);
    if x.iter().chain(&y).any(|(_, v)| v.is_none()) {
        return Ok(None);
    }
    let y_by_key: HashMap<&Option<String>, f64> =
        y.iter().map(|(k, v)| (k, v.unwrap_or(0.0))).collect();
    let dot = x
        .iter()
        .map(|(k, v)| v.unwrap_or(0.0) * y_by_key.get(k).copied().unwrap_or(0.0))
        .sum();
    let squares =
        |v: &[(Option<String>, Option<f64>)]| v.iter().map(|(_, a)| a.unwrap_or(0.0).powi(2)).sum();
    Ok(cosine(dot, squares(&x), squares(&y)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::call;

    fn vector(values: &[f64]) -> ScalarValue {
        ScalarValue::List(ScalarValue::new_list(
            &values
                .iter()
                .map(|v| ScalarValue::Float64(Some(*v)))
                .collect::<Vec<_>>(),
            &DataType::Float64,
            true,
        ))
    }

    #[test]
    fn dense_vectors() {
        let [similarity, distance] = [0, 1].map(|i| vector_functions().remove(i));
        let (x, y) = (vector(&[1.0, 2.0]), vector(&[3.0, 4.0]));
        assert_eq!(
            call(&similarity, vec![x.clone(), y.clone()]).unwrap(),
            ScalarValue::Float64(Some(0.9838699100999074))
        );
        let ScalarValue::Float64(Some(d)) = call(&distance, vec![x, y]).unwrap() else {
            panic!("not a double")
        };
        assert!((d - 0.01613008990009257).abs() < 1e-15);
        assert!(call(&similarity, vec![vector(&[1.0]), vector(&[1.0, 2.0])]).is_err());
    }
}
