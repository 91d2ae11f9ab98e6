//! Lambda functions on maps: `transform_keys`, `transform_values`, `map_filter` and
//! `map_zip_with`.

use std::cmp::Ordering;

use arrow::array::{Array, ArrayRef, AsArray, MapArray, UInt32Array, make_comparator};
use arrow::compute::SortOptions;
use arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::HigherOrderUDF;

use super::{Call, LambdaFunction, apply, booleans, param, rows_of_elements};
use crate::functions::array::map::{map_from_rows, map_key_value, map_type};
use crate::functions::error::invalid_argument;

/// The functions of this module.
pub fn map_lambda_functions() -> Vec<HigherOrderUDF> {
    vec![
        LambdaFunction::udf(
            "transform_keys",
            one_map,
            key_value_parameters,
            |values, lambdas| {
                let (_, value) = key_value(&values[0])?;
                Ok(map_type(lambda_type(lambdas)?, value))
            },
            |call| transform(call, Part::Keys),
        ),
        LambdaFunction::udf(
            "transform_values",
            one_map,
            key_value_parameters,
            |values, lambdas| {
                let (key, _) = key_value(&values[0])?;
                Ok(map_type(key, lambda_type(lambdas)?))
            },
            |call| transform(call, Part::Values),
        ),
        LambdaFunction::udf(
            "map_filter",
            one_map,
            key_value_parameters,
            |values, _| Ok(values[0].data_type().clone()),
            map_filter,
        ),
        LambdaFunction::udf(
            "map_zip_with",
            |t| match t {
                [a, b] if map_key_value(a).is_some() && map_key_value(b).is_some() => {
                    Ok(t.to_vec())
                }
                _ => plan_err!("map_zip_with takes two maps and a lambda"),
            },
            |values| {
                let (key, left) = key_value(&values[0])?;
                let (_, right) = key_value(&values[1])?;
                Ok(vec![vec![
                    param("k", key),
                    param("v1", left),
                    param("v2", right),
                ]])
            },
            |values, lambdas| {
                let (key, _) = key_value(&values[0])?;
                Ok(map_type(key, lambda_type(lambdas)?))
            },
            map_zip_with,
        ),
    ]
}

fn key_value(field: &FieldRef) -> Result<(DataType, DataType)> {
    match map_key_value(field.data_type()) {
        Some(kv) => Ok(kv),
        None => plan_err!("expected a map, got {}", field.data_type()),
    }
}

fn lambda_type(lambdas: &[FieldRef]) -> Result<DataType> {
    match lambdas {
        [f] => Ok(f.data_type().clone()),
        _ => plan_err!("expected one lambda"),
    }
}

fn one_map(types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [m] if map_key_value(m).is_some() => Ok(vec![m.clone()]),
        _ => plan_err!("expected a map and a lambda"),
    }
}

fn key_value_parameters(values: &[FieldRef]) -> Result<Vec<Vec<FieldRef>>> {
    let (key, value) = key_value(&values[0])?;
    Ok(vec![vec![param("k", key), param("v", value)]])
}

fn map_arg(array: &ArrayRef) -> Result<&MapArray> {
    array.as_map_opt().map_or_else(
        || plan_err!("expected a map, got {}", array.data_type()),
        Ok,
    )
}

/// The keys and values of a map column from its first offset on, and its offsets.
fn entries(map: &MapArray) -> (ArrayRef, ArrayRef, Vec<i32>) {
    let offsets = map.value_offsets();
    let first = offsets.first().copied().unwrap_or(0);
    let last = offsets.last().copied().unwrap_or(0);
    let (start, length) = (first as usize, (last - first).max(0) as usize);
    (
        map.keys().slice(start, length),
        map.values().slice(start, length),
        offsets.iter().map(|o| o - first).collect(),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Keys,
    Values,
}

fn transform(call: &Call, part: Part) -> Result<ArrayRef> {
    let map = map_arg(&call.values[0])?;
    let (keys, values, offsets) = entries(map);
    let row_of = rows_of_elements(&offsets);
    let result = apply(call.lambdas[0], &[keys.clone(), values.clone()], &row_of)?;
    let Some((key_type, value_type)) = map_key_value(call.return_type) else {
        return plan_err!("expected a map result, got {}", call.return_type);
    };
    let result = arrow::compute::cast(
        &result,
        if part == Part::Keys {
            &key_type
        } else {
            &value_type
        },
    )?;
    let mut rows = Vec::with_capacity(call.rows);
    for row in 0..call.rows {
        if map.is_null(row) {
            rows.push(None);
            continue;
        }
        let (start, n) = (
            offsets[row] as usize,
            (offsets[row + 1] - offsets[row]) as usize,
        );
        let new = result.slice(start, n);
        rows.push(Some(match part {
            Part::Keys => {
                check_keys(&new)?;
                (new, values.slice(start, n))
            }
            Part::Values => (keys.slice(start, n), new),
        }));
    }
    map_from_rows(key_type, value_type, &rows)
}

/// Trino's checks on the keys `transform_keys` makes.
fn check_keys(keys: &ArrayRef) -> Result<()> {
    if keys.null_count() > 0 {
        return Err(invalid_argument("map key cannot be null"));
    }
    let compare = make_comparator(keys.as_ref(), keys.as_ref(), SortOptions::default())?;
    for i in 0..keys.len() {
        if (0..i).any(|j| compare(i, j) == Ordering::Equal) {
            let key = ScalarValue::try_from_array(keys, i)?;
            return Err(invalid_argument(format!(
                "Duplicate map keys ({key}) are not allowed"
            )));
        }
    }
    Ok(())
}

fn map_filter(call: &Call) -> Result<ArrayRef> {
    let map = map_arg(&call.values[0])?;
    let (keys, values, offsets) = entries(map);
    let row_of = rows_of_elements(&offsets);
    let result = apply(call.lambdas[0], &[keys.clone(), values.clone()], &row_of)?;
    let keep = booleans(&result)?;
    let Some((key_type, value_type)) = map_key_value(map.data_type()) else {
        return plan_err!("expected a map, got {}", map.data_type());
    };
    let mut rows = Vec::with_capacity(call.rows);
    for row in 0..call.rows {
        if map.is_null(row) {
            rows.push(None);
            continue;
        }
        let picks: UInt32Array = (offsets[row] as u32..offsets[row + 1] as u32)
            .filter(|&i| keep.is_valid(i as usize) && keep.value(i as usize))
            .collect();
        rows.push(Some((
            arrow::compute::take(keys.as_ref(), &picks, None)?,
            arrow::compute::take(values.as_ref(), &picks, None)?,
        )));
    }
    map_from_rows(key_type, value_type, &rows)
}

fn map_zip_with(call: &Call) -> Result<ArrayRef> {
    let (left, right) = (map_arg(&call.values[0])?, map_arg(&call.values[1])?);
    let (l_keys, l_values, l_offsets) = entries(left);
    let (r_keys, r_values, r_offsets) = entries(right);
    let compare = make_comparator(l_keys.as_ref(), r_keys.as_ref(), SortOptions::default())?;
    let (mut key_picks, mut l_picks, mut r_picks, mut row_of) = (vec![], vec![], vec![], vec![]);
    let mut counts = Vec::with_capacity(call.rows);
    for row in 0..call.rows {
        if left.is_null(row) || right.is_null(row) {
            counts.push(None);
            continue;
        }
        let l_range = l_offsets[row] as usize..l_offsets[row + 1] as usize;
        let r_range = r_offsets[row] as usize..r_offsets[row + 1] as usize;
        let before = key_picks.len();
        // Keys of the left map first, then those only in the right one.
        for i in l_range.clone() {
            let j = r_range.clone().find(|&j| compare(i, j) == Ordering::Equal);
            key_picks.push((0, i));
            l_picks.push(Some(i as u32));
            r_picks.push(j.map(|j| j as u32));
            row_of.push(row as u32);
        }
        for j in r_range {
            if l_range.clone().any(|i| compare(i, j) == Ordering::Equal) {
                continue;
            }
            key_picks.push((1, j));
            l_picks.push(None);
            r_picks.push(Some(j as u32));
            row_of.push(row as u32);
        }
        counts.push(Some(key_picks.len() - before));
    }
    let keys = arrow::compute::interleave(&[l_keys.as_ref(), r_keys.as_ref()], &key_picks)?;
    let v1 = arrow::compute::take(l_values.as_ref(), &UInt32Array::from(l_picks), None)?;
    let v2 = arrow::compute::take(r_values.as_ref(), &UInt32Array::from(r_picks), None)?;
    let result = apply(
        call.lambdas[0],
        &[keys.clone(), v1, v2],
        &UInt32Array::from(row_of),
    )?;
    let Some((key_type, value_type)) = map_key_value(call.return_type) else {
        return plan_err!("expected a map result, got {}", call.return_type);
    };
    let result = arrow::compute::cast(&result, &value_type)?;
    let mut rows = Vec::with_capacity(call.rows);
    let mut start = 0;
    for count in counts {
        rows.push(count.map(|n| {
            let entry = (keys.slice(start, n), result.slice(start, n));
            start += n;
            entry
        }));
    }
    map_from_rows(key_type, value_type, &rows)
}
