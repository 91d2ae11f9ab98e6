//! Lambda functions on arrays: `all_match`, `none_match`, `reduce`, `zip_with` and
//! `array_sort` (with or without a comparator).

use std::cmp::Ordering;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanBuilder, ListArray, UInt32Array, make_comparator,
};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::compute::SortOptions;
use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::plan_err;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::HigherOrderUDF;

use super::{Call, LambdaFunction, apply, booleans, element_of, param, rows_of_elements};
use crate::functions::array::coerce_list;
use crate::functions::error::invalid_argument;

/// The functions of this module.
pub fn array_lambda_functions() -> Vec<HigherOrderUDF> {
    vec![
        LambdaFunction::udf(
            "all_match",
            one_list,
            element_parameter,
            |_, _| Ok(DataType::Boolean),
            |call| matching(call, Quantifier::All),
        ),
        LambdaFunction::udf(
            "none_match",
            one_list,
            element_parameter,
            |_, _| Ok(DataType::Boolean),
            |call| matching(call, Quantifier::None),
        ),
        LambdaFunction::udf(
            "reduce",
            |t| match t {
                [list, initial] => Ok(vec![coerce_list("reduce", list)?, initial.clone()]),
                _ => plan_err!("reduce takes an array, a start value and two lambdas"),
            },
            |values| {
                let state = param("s", values[1].data_type().clone());
                let element = element_of(&values[0])?;
                Ok(vec![vec![state.clone(), element], vec![state]])
            },
            |_, lambdas| match lambdas {
                [_, output] => Ok(output.data_type().clone()),
                _ => plan_err!("reduce takes two lambdas"),
            },
            reduce,
        ),
        LambdaFunction::udf(
            "zip_with",
            |t| match t {
                [a, b] => Ok(vec![
                    coerce_list("zip_with", a)?,
                    coerce_list("zip_with", b)?,
                ]),
                _ => plan_err!("zip_with takes two arrays and a lambda"),
            },
            |values| Ok(vec![vec![element_of(&values[0])?, element_of(&values[1])?]]),
            |_, lambdas| match lambdas {
                [f] => Ok(list_type(f.data_type().clone())),
                _ => plan_err!("zip_with takes one lambda"),
            },
            zip_with,
        ),
        LambdaFunction::udf(
            "array_sort",
            one_list,
            |values| {
                let element = element_of(&values[0])?;
                Ok(vec![vec![element.clone(), element]])
            },
            |values, _| Ok(values[0].data_type().clone()),
            array_sort,
        ),
    ]
}

fn list_type(element: DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(element, true)))
}

fn one_list(types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [list] => Ok(vec![coerce_list("lambda", list)?]),
        _ => plan_err!("expected an array and a lambda"),
    }
}

fn element_parameter(values: &[FieldRef]) -> Result<Vec<Vec<FieldRef>>> {
    Ok(vec![vec![element_of(&values[0])?]])
}

fn list_arg(array: &ArrayRef) -> Result<&ListArray> {
    array.as_list_opt::<i32>().map_or_else(
        || plan_err!("expected an array, got {}", array.data_type()),
        Ok,
    )
}

/// The elements of a list column from its first offset on, and its offsets.
fn elements(list: &ListArray) -> (ArrayRef, Vec<i32>) {
    let offsets = list.value_offsets();
    let first = offsets.first().copied().unwrap_or(0);
    let last = offsets.last().copied().unwrap_or(0);
    let values = list
        .values()
        .slice(first as usize, (last - first).max(0) as usize);
    (values, offsets.iter().map(|o| o - first).collect())
}

#[derive(Clone, Copy)]
enum Quantifier {
    All,
    None,
}

/// `all_match`: false when one element fails, else NULL when one gives NULL, else true.
/// `none_match`: false when one element passes, else NULL when one gives NULL, else true.
fn matching(call: &Call, quantifier: Quantifier) -> Result<ArrayRef> {
    let list = list_arg(&call.values[0])?;
    let (values, offsets) = elements(list);
    let row_of = rows_of_elements(&offsets);
    let result = apply(call.lambdas[0], &[values], &row_of)?;
    let result = booleans(&result)?;
    let decisive = matches!(quantifier, Quantifier::None);
    let mut out = BooleanBuilder::with_capacity(call.rows);
    for row in 0..call.rows {
        if list.is_null(row) {
            out.append_null();
            continue;
        }
        let range = offsets[row] as usize..offsets[row + 1] as usize;
        let mut unknown = false;
        let mut decided = false;
        for i in range {
            if result.is_null(i) {
                unknown = true;
            } else if result.value(i) == decisive {
                decided = true;
                break;
            }
        }
        match (decided, unknown) {
            (true, _) => out.append_value(false),
            (false, true) => out.append_null(),
            (false, false) => out.append_value(true),
        }
    }
    Ok(Arc::new(out.finish()))
}

fn reduce(call: &Call) -> Result<ArrayRef> {
    let list = list_arg(&call.values[0])?;
    let (values, offsets) = elements(list);
    let state_type = call.values[1].data_type().clone();
    let mut state = call.values[1].clone();
    let longest = (0..call.rows)
        .map(|r| (offsets[r + 1] - offsets[r]).max(0) as usize)
        .max()
        .unwrap_or(0);
    for k in 0..longest {
        // The rows that still have a k-th element.
        let active: Vec<u32> = (0..call.rows)
            .filter(|&r| list.is_valid(r) && ((offsets[r + 1] - offsets[r]) as usize) > k)
            .map(|r| r as u32)
            .collect();
        let active = UInt32Array::from(active);
        let positions: UInt32Array = active
            .values()
            .iter()
            .map(|&r| offsets[r as usize] as u32 + k as u32)
            .collect();
        let s = arrow::compute::take(state.as_ref(), &active, None)?;
        let x = arrow::compute::take(values.as_ref(), &positions, None)?;
        let next = apply(call.lambdas[0], &[s, x], &active)?;
        let next = arrow::compute::cast(&next, &state_type)?;
        // Write the new states back at the active rows.
        let mut slot = vec![None; call.rows];
        for (i, r) in active.values().iter().enumerate() {
            slot[*r as usize] = Some(i);
        }
        let picks: Vec<(usize, usize)> = slot
            .iter()
            .enumerate()
            .map(|(r, s)| s.map_or((0, r), |i| (1, i)))
            .collect();
        state = arrow::compute::interleave(&[state.as_ref(), next.as_ref()], &picks)?;
    }
    let all = UInt32Array::from((0..call.rows as u32).collect::<Vec<_>>());
    let out = apply(call.lambdas[1], &[state], &all)?;
    let out = arrow::compute::cast(&out, call.return_type)?;
    let list_nulls = arrow::compute::is_null(list)?;
    Ok(arrow::compute::nullif(&out, &list_nulls)?)
}

fn zip_with(call: &Call) -> Result<ArrayRef> {
    let (left, right) = (list_arg(&call.values[0])?, list_arg(&call.values[1])?);
    let (l_offsets, r_offsets) = (left.value_offsets(), right.value_offsets());
    let (mut l_picks, mut r_picks, mut row_of) = (vec![], vec![], vec![]);
    let mut offsets = vec![0i32];
    for row in 0..call.rows {
        let valid = left.is_valid(row) && right.is_valid(row);
        let l_len = (l_offsets[row + 1] - l_offsets[row]) as usize;
        let r_len = (r_offsets[row + 1] - r_offsets[row]) as usize;
        let n = if valid { l_len.max(r_len) } else { 0 };
        for i in 0..n {
            l_picks.push((i < l_len).then(|| l_offsets[row] as u32 + i as u32));
            r_picks.push((i < r_len).then(|| r_offsets[row] as u32 + i as u32));
            row_of.push(row as u32);
        }
        let end = offsets.last().copied().unwrap_or(0) as usize + n;
        offsets.push(
            i32::try_from(end).map_err(|_| DataFusionError::Execution("array too large".into()))?,
        );
    }
    let x = arrow::compute::take(left.values().as_ref(), &UInt32Array::from(l_picks), None)?;
    let y = arrow::compute::take(right.values().as_ref(), &UInt32Array::from(r_picks), None)?;
    let values = apply(call.lambdas[0], &[x, y], &UInt32Array::from(row_of))?;
    let field = match call.return_type {
        DataType::List(f) => f.clone(),
        _ => Arc::new(Field::new_list_field(values.data_type().clone(), true)),
    };
    let values = arrow::compute::cast(&values, field.data_type())?;
    let valid: Vec<bool> = (0..call.rows)
        .map(|r| left.is_valid(r) && right.is_valid(r))
        .collect();
    Ok(Arc::new(ListArray::try_new(
        field,
        OffsetBuffer::new(offsets.into()),
        values,
        Some(NullBuffer::from(valid)),
    )?))
}

/// `array_sort(a)`: ascending, NULLs last. `array_sort(a, (x, y) -> c)`: ordered by the
/// comparator, which must give -1, 0 or 1 (it is evaluated on every pair of a row's
/// elements at once).
fn array_sort(call: &Call) -> Result<ArrayRef> {
    let list = list_arg(&call.values[0])?;
    let (values, offsets) = elements(list);
    let mut order: Vec<u32> = Vec::with_capacity(values.len());
    match call.lambdas.first() {
        None => {
            let options = SortOptions {
                descending: false,
                nulls_first: false,
            };
            let compare = make_comparator(values.as_ref(), values.as_ref(), options)?;
            for row in 0..call.rows {
                let mut row_order: Vec<u32> =
                    (offsets[row] as u32..offsets[row + 1] as u32).collect();
                row_order.sort_by(|&a, &b| compare(a as usize, b as usize));
                order.extend(row_order);
            }
        }
        Some(lambda) => {
            // Every ordered pair (i, j) of each row's elements.
            let (mut xs, mut ys, mut row_of) = (vec![], vec![], vec![]);
            for row in 0..call.rows {
                let range = offsets[row] as u32..offsets[row + 1] as u32;
                for i in range.clone() {
                    for j in range.clone() {
                        xs.push(i);
                        ys.push(j);
                        row_of.push(row as u32);
                    }
                }
            }
            let x = arrow::compute::take(values.as_ref(), &UInt32Array::from(xs), None)?;
            let y = arrow::compute::take(values.as_ref(), &UInt32Array::from(ys), None)?;
            let result = apply(lambda, &[x, y], &UInt32Array::from(row_of))?;
            let result = arrow::compute::cast(&result, &DataType::Int64)?;
            let result = result.as_primitive::<arrow::datatypes::Int64Type>();
            let mut base = 0usize;
            for row in 0..call.rows {
                let start = offsets[row] as usize;
                let n = (offsets[row + 1] - offsets[row]) as usize;
                let mut comparisons = Vec::with_capacity(n * n);
                for k in 0..n * n {
                    let c = if result.is_null(base + k) {
                        None
                    } else {
                        Some(result.value(base + k))
                    };
                    comparisons.push(match c {
                        Some(-1) => Ordering::Less,
                        Some(0) => Ordering::Equal,
                        Some(1) => Ordering::Greater,
                        _ => {
                            return Err(invalid_argument(
                                "Lambda comparator must return either -1, 0, or 1",
                            ));
                        }
                    });
                }
                base += n * n;
                let row_order = insertion_sort(n, |a, b| comparisons[a * n + b]);
                order.extend(row_order.into_iter().map(|i| (start + i) as u32));
            }
        }
    }
    let sorted = arrow::compute::take(values.as_ref(), &UInt32Array::from(order), None)?;
    let field = match list.data_type() {
        DataType::List(f) => f.clone(),
        _ => Arc::new(Field::new_list_field(sorted.data_type().clone(), true)),
    };
    Ok(Arc::new(ListArray::try_new(
        field,
        OffsetBuffer::new(offsets.into()),
        sorted,
        list.nulls().cloned(),
    )?))
}

/// `0..n` ordered by `compare`, stably. Unlike the standard library's sorts it never panics
/// when a user's comparator is not a total order; the result is then some permutation.
fn insertion_sort(n: usize, compare: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let at = order
            .iter()
            .rposition(|&j| compare(j, i) != Ordering::Greater)
            .map_or(0, |p| p + 1);
        order.insert(at, i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_sort_is_stable_and_total() {
        let keys = [3, 1, 2, 1];
        assert_eq!(
            insertion_sort(4, |a, b| keys[a].cmp(&keys[b])),
            vec![1, 3, 2, 0]
        );
        // A comparator that is not an order still gives a permutation.
        let mut odd = insertion_sort(3, |_, _| Ordering::Less);
        odd.sort_unstable();
        assert_eq!(odd, vec![0, 1, 2]);
    }
}
