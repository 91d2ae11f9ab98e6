//! Looking into arrays and maps: `element_at`, the subscript operator, `contains`,
//! `contains_sequence`, `array_position`, `arrays_overlap`, `array_remove`, `array_max` and
//! `array_min`.

use std::cmp::Ordering;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanBuilder, Int64Builder, MapArray, UInt32Array, make_comparator,
    new_null_array,
};
use arrow::compute::SortOptions;
use arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::ScalarUDF;
use datafusion::logical_expr::type_coercion::binary::comparison_coercion;

use super::{
    ArrayFunction, coerce_int64, coerce_list, coerce_list_and_element, element_type, field_of,
    int64s, list_from_rows, lists, unexpected,
};
use crate::functions::error::invalid_argument;
use crate::functions::network::cidr_contains;

/// Name of the function the SQL subscript `a[i]` is planned as.
pub const SUBSCRIPT: &str = "trino_subscript";

/// The subscript operator.
pub fn subscript_function() -> ScalarUDF {
    ArrayFunction::udf(SUBSCRIPT, coerce_container, value_type, subscript)
}

/// The functions of this module.
pub fn search_functions() -> Vec<ScalarUDF> {
    vec![
        ArrayFunction::udf(
            "cardinality",
            |t| match t {
                [m @ DataType::Map(..)] => Ok(vec![m.clone()]),
                [list] => Ok(vec![coerce_list("cardinality", list)?]),
                _ => unexpected("cardinality", t),
            },
            |_| Ok(DataType::Int64),
            cardinality,
        ),
        ArrayFunction::udf("element_at", coerce_container, value_type, element_at),
        subscript_function(),
        ArrayFunction::udf(
            "contains",
            |t| match t {
                [network, _] if is_string(network) => Ok(vec![DataType::Utf8, DataType::Utf8]),
                _ => coerce_list_and_element("contains", t),
            },
            |_| Ok(DataType::Boolean),
            contains,
        ),
        ArrayFunction::udf(
            "array_position",
            |t| {
                let mut out = coerce_list_and_element("array_position", t)?;
                if let Some(instance) = out.get_mut(2) {
                    *instance = coerce_int64("array_position", instance)?;
                }
                Ok(out)
            },
            |_| Ok(DataType::Int64),
            array_position,
        ),
        ArrayFunction::udf(
            "array_remove",
            |t| coerce_list_and_element("array_remove", t),
            |t| Ok(t[0].clone()),
            array_remove,
        ),
        ArrayFunction::udf(
            "contains_sequence",
            |t| coerce_two_lists("contains_sequence", t),
            |_| Ok(DataType::Boolean),
            contains_sequence,
        ),
        ArrayFunction::udf(
            "arrays_overlap",
            |t| coerce_two_lists("arrays_overlap", t),
            |_| Ok(DataType::Boolean),
            arrays_overlap,
        ),
        ArrayFunction::udf(
            "array_max",
            |t| coerce_one_list("array_max", t),
            |t| Ok(element_type(&t[0])),
            |args, rows| extreme(args, rows, Ordering::Greater),
        ),
        ArrayFunction::udf(
            "array_min",
            |t| coerce_one_list("array_min", t),
            |t| Ok(element_type(&t[0])),
            |args, rows| extreme(args, rows, Ordering::Less),
        ),
    ]
}

fn coerce_one_list(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [list] => Ok(vec![coerce_list(name, list)?]),
        _ => unexpected(name, types),
    }
}

/// Two arrays of a common element type.
fn coerce_two_lists(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    let [left, right] = types else {
        return unexpected(name, types);
    };
    let (left, right) = (coerce_list(name, left)?, coerce_list(name, right)?);
    let common = match (element_type(&left), element_type(&right)) {
        (DataType::Null, t) | (t, DataType::Null) => t,
        (l, r) => match comparison_coercion(&l, &r) {
            Some(c) => c,
            None => return unexpected(name, types),
        },
    };
    let list = |t: &DataType| {
        if t == &DataType::Null {
            DataType::Null
        } else {
            super::list_of(common.clone())
        }
    };
    Ok(vec![list(&left), list(&right)])
}

/// `(array(E), bigint)` or `(map(K, V), K)`.
fn coerce_container(types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [DataType::Map(entries, sorted), _] => {
            let key = match entries.data_type() {
                DataType::Struct(fields) if fields.len() == 2 => fields[0].data_type().clone(),
                _ => return unexpected("element_at", types),
            };
            Ok(vec![DataType::Map(entries.clone(), *sorted), key])
        }
        [list, index] => Ok(vec![
            coerce_list("element_at", list)?,
            coerce_int64("element_at", index)?,
        ]),
        _ => unexpected("element_at", types),
    }
}

/// The element type of an array, the value type of a map.
fn value_type(types: &[DataType]) -> Result<DataType> {
    match types.first() {
        Some(DataType::Map(entries, _)) => match entries.data_type() {
            DataType::Struct(fields) if fields.len() == 2 => Ok(fields[1].data_type().clone()),
            _ => unexpected("element_at", types),
        },
        Some(list) => Ok(element_type(list)),
        None => unexpected("element_at", types),
    }
}

/// `cardinality(array)`, `cardinality(map)`: the number of elements or entries (only the
/// outer array counts; DataFusion's counts the elements of nested arrays too).
fn cardinality(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (offsets, nulls) = match args[0].data_type() {
        DataType::Map(..) => {
            let maps = args[0].as_map();
            (maps.value_offsets(), maps.nulls())
        }
        _ => {
            let list = lists(&args[0])?;
            (list.value_offsets(), list.nulls())
        }
    };
    let mut out = Int64Builder::with_capacity(rows);
    for row in 0..rows {
        if nulls.is_some_and(|n| n.is_null(row)) {
            out.append_null();
        } else {
            out.append_value(i64::from(offsets[row + 1] - offsets[row]));
        }
    }
    Ok(Arc::new(out.finish()))
}

/// What a lookup of a missing position or key gives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// `element_at`: NULL.
    Null,
    /// The subscript operator: an error.
    Fail,
}

fn element_at(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    lookup(args, rows, Missing::Null)
}

fn subscript(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    lookup(args, rows, Missing::Fail)
}

fn lookup(args: &[ArrayRef], rows: usize, missing: Missing) -> Result<ArrayRef> {
    if let DataType::Map(..) = args[0].data_type() {
        let maps = args[0].as_map();
        return map_lookup(maps, &args[1], rows, missing);
    }
    let list = lists(&args[0])?;
    let index = int64s(&args[1])?;
    let values = list.values();
    let mut picks: Vec<Option<u32>> = Vec::with_capacity(rows);
    for row in 0..rows {
        if list.is_null(row) || index.is_null(row) {
            picks.push(None);
            continue;
        }
        let length = list.value_length(row) as i64;
        let i = index.value(row);
        let position = match (i, missing) {
            (0, _) => return Err(invalid_argument("SQL array indices start at 1")),
            (i, Missing::Fail) if i < 0 => {
                return Err(invalid_argument(format!(
                    "Array subscript is negative: {i}"
                )));
            }
            (i, Missing::Fail) if i > length => {
                return Err(invalid_argument(format!(
                    "Array subscript must be less than or equal to array length: {i} > {length}"
                )));
            }
            (i, _) if i > length || -i > length => None,
            (i, _) if i > 0 => Some(i - 1),
            (i, _) => Some(length + i),
        };
        let start = list.value_offsets()[row] as i64;
        picks.push(position.and_then(|p| u32::try_from(start + p).ok()));
    }
    Ok(arrow::compute::take(
        values.as_ref(),
        &UInt32Array::from(picks),
        None,
    )?)
}

fn map_lookup(maps: &MapArray, keys: &ArrayRef, rows: usize, missing: Missing) -> Result<ArrayRef> {
    let compare = make_comparator(maps.keys().as_ref(), keys.as_ref(), SortOptions::default())?;
    let offsets = maps.value_offsets();
    let mut picks: Vec<Option<u32>> = Vec::with_capacity(rows);
    for row in 0..rows {
        if maps.is_null(row) || keys.is_null(row) {
            picks.push(None);
            continue;
        }
        let (start, end) = (offsets[row] as usize, offsets[row + 1] as usize);
        let found = (start..end).find(|&e| compare(e, row) == Ordering::Equal);
        if found.is_none() && missing == Missing::Fail {
            let key = ScalarValue::try_from_array(keys, row)?;
            return Err(invalid_argument(format!("Key not present in map: {key}")));
        }
        picks.push(found.and_then(|e| u32::try_from(e).ok()));
    }
    Ok(arrow::compute::take(
        maps.values().as_ref(),
        &UInt32Array::from(picks),
        None,
    )?)
}

/// For each non-NULL row: the array's elements, the needle column and the row index; `f`
/// sees the positions of the array's elements equal to the needle (NULL elements are never
/// equal) and whether the array holds a NULL.
fn scan<T>(
    args: &[ArrayRef],
    rows: usize,
    mut f: impl FnMut(usize, &[usize], bool) -> Result<Option<T>>,
) -> Result<Vec<Option<T>>> {
    let list = lists(&args[0])?;
    let needles = &args[1];
    let values = list.values();
    let compare = make_comparator(values.as_ref(), needles.as_ref(), SortOptions::default())?;
    let offsets = list.value_offsets();
    let mut out = Vec::with_capacity(rows);
    let mut matches = Vec::new();
    for row in 0..rows {
        if list.is_null(row) || needles.is_null(row) {
            out.push(None);
            continue;
        }
        matches.clear();
        let mut has_null = false;
        for e in offsets[row] as usize..offsets[row + 1] as usize {
            if values.is_null(e) {
                has_null = true;
            } else if compare(e, row) == Ordering::Equal {
                matches.push(e - offsets[row] as usize);
            }
        }
        out.push(f(row, &matches, has_null)?);
    }
    Ok(out)
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// `contains(array, element)`, or `contains(network, address)` on IP addresses.
fn contains(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    if let (Some(networks), Some(addresses)) = (
        args[0].as_string_opt::<i32>(),
        args[1].as_string_opt::<i32>(),
    ) {
        let mut out = BooleanBuilder::with_capacity(rows);
        for row in 0..rows {
            match (networks.is_valid(row), addresses.is_valid(row)) {
                (true, true) => {
                    out.append_value(cidr_contains(networks.value(row), addresses.value(row))?)
                }
                _ => out.append_null(),
            }
        }
        return Ok(Arc::new(out.finish()));
    }
    let found = scan(args, rows, |_, matches, has_null| {
        Ok(match (matches.is_empty(), has_null) {
            (false, _) => Some(true),
            (true, true) => None,
            (true, false) => Some(false),
        })
    })?;
    let mut out = BooleanBuilder::with_capacity(rows);
    out.extend(found);
    Ok(Arc::new(out.finish()))
}

fn array_position(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let instances = args.get(2).map(int64s).transpose()?;
    let positions = scan(args, rows, |row, matches, _| {
        let instance = match instances {
            Some(i) if i.is_null(row) => return Ok(None),
            Some(i) => i.value(row),
            None => 1,
        };
        let found = match instance {
            0 => {
                return Err(invalid_argument(
                    "0 is an invalid instance position for array_position.",
                ));
            }
            n if n > 0 => matches.get(n as usize - 1),
            n => matches
                .len()
                .checked_sub(n.unsigned_abs() as usize)
                .and_then(|k| matches.get(k)),
        };
        Ok(Some(found.map_or(0, |p| *p as i64 + 1)))
    })?;
    let mut out = Int64Builder::with_capacity(rows);
    out.extend(positions);
    Ok(Arc::new(out.finish()))
}

fn array_remove(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let list = lists(&args[0])?;
    let kept = scan(args, rows, |row, matches, _| {
        let elements = list.value(row);
        let keep: Vec<u32> = (0..elements.len() as u32)
            .filter(|i| !matches.contains(&(*i as usize)))
            .collect();
        Ok(Some(arrow::compute::take(
            elements.as_ref(),
            &UInt32Array::from(keep),
            None,
        )?))
    })?;
    list_from_rows(field_of(list), &kept)
}

fn contains_sequence(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (haystack, needle) = (lists(&args[0])?, lists(&args[1])?);
    let compare = make_comparator(
        haystack.values().as_ref(),
        needle.values().as_ref(),
        SortOptions::default(),
    )?;
    let (h_offsets, n_offsets) = (haystack.value_offsets(), needle.value_offsets());
    let mut out = BooleanBuilder::with_capacity(rows);
    for row in 0..rows {
        if haystack.is_null(row) || needle.is_null(row) {
            out.append_null();
            continue;
        }
        let (h, n) = (h_offsets[row] as usize, n_offsets[row] as usize);
        let (h_len, n_len) = (
            haystack.value_length(row) as usize,
            needle.value_length(row) as usize,
        );
        let found = n_len <= h_len
            && (0..=h_len - n_len)
                .any(|start| (0..n_len).all(|k| compare(h + start + k, n + k) == Ordering::Equal));
        out.append_value(found);
    }
    Ok(Arc::new(out.finish()))
}

fn arrays_overlap(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (left, right) = (lists(&args[0])?, lists(&args[1])?);
    let (l_values, r_values) = (left.values(), right.values());
    let compare = make_comparator(l_values.as_ref(), r_values.as_ref(), SortOptions::default())?;
    let (l_offsets, r_offsets) = (left.value_offsets(), right.value_offsets());
    let mut out = BooleanBuilder::with_capacity(rows);
    for row in 0..rows {
        if left.is_null(row) || right.is_null(row) {
            out.append_null();
            continue;
        }
        let l_range = l_offsets[row] as usize..l_offsets[row + 1] as usize;
        let r_range = r_offsets[row] as usize..r_offsets[row + 1] as usize;
        if l_range.is_empty() || r_range.is_empty() {
            out.append_value(false);
            continue;
        }
        let has_null = l_range.clone().any(|i| l_values.is_null(i))
            || r_range.clone().any(|i| r_values.is_null(i));
        let overlap = l_range.clone().any(|i| {
            l_values.is_valid(i)
                && r_range
                    .clone()
                    .any(|j| r_values.is_valid(j) && compare(i, j) == Ordering::Equal)
        });
        match (overlap, has_null) {
            (true, _) => out.append_value(true),
            (false, true) => out.append_null(),
            (false, false) => out.append_value(false),
        }
    }
    Ok(Arc::new(out.finish()))
}

/// `array_max` (`wanted` = Greater) and `array_min`: NULL for an empty array or one holding
/// a NULL.
fn extreme(args: &[ArrayRef], rows: usize, wanted: Ordering) -> Result<ArrayRef> {
    let list = lists(&args[0])?;
    let values = list.values();
    let compare = make_comparator(values.as_ref(), values.as_ref(), SortOptions::default())?;
    let offsets = list.value_offsets();
    let mut picks: Vec<Option<u32>> = Vec::with_capacity(rows);
    for row in 0..rows {
        let range = offsets[row] as usize..offsets[row + 1] as usize;
        if list.is_null(row) || range.is_empty() || range.clone().any(|i| values.is_null(i)) {
            picks.push(None);
            continue;
        }
        let best = range.reduce(|best, i| if compare(i, best) == wanted { i } else { best });
        picks.push(best.and_then(|i| u32::try_from(i).ok()));
    }
    if values.is_empty() {
        return Ok(new_null_array(values.data_type(), rows));
    }
    Ok(arrow::compute::take(
        values.as_ref(),
        &UInt32Array::from(picks),
        None,
    )?)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ints, run};
    use super::*;

    fn udf(name: &str) -> ScalarUDF {
        search_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn int(v: i64) -> ScalarValue {
        ScalarValue::Int64(Some(v))
    }

    #[test]
    fn element_at_and_subscript() {
        // Trino docs (element_at): 1-based, negative from the end, NULL past the end.
        let a = ints(&[Some(1), Some(2), Some(3)]);
        let at = |i| run(&udf("element_at"), vec![a.clone(), int(i)]).unwrap();
        assert_eq!(at(2), int(2));
        assert_eq!(at(-1), int(3));
        assert_eq!(at(4), ScalarValue::Int64(None));
        assert!(run(&udf("element_at"), vec![a.clone(), int(0)]).is_err());
        assert!(run(&udf(SUBSCRIPT), vec![a.clone(), int(4)]).is_err());
        assert_eq!(run(&udf(SUBSCRIPT), vec![a, int(1)]).unwrap(), int(1));
    }

    #[test]
    fn cardinality_counts_the_outer_array() {
        // Trino docs (cardinality): the size of the array.
        assert_eq!(
            run(&udf("cardinality"), vec![ints(&[Some(1), None, Some(3)])]).unwrap(),
            int(3)
        );
    }

    #[test]
    fn searching() {
        let a = ints(&[Some(1), None]);
        // Trino docs (contains): NULL when absent and the array holds a NULL.
        assert_eq!(
            run(&udf("contains"), vec![a.clone(), int(2)]).unwrap(),
            ScalarValue::Boolean(None)
        );
        assert_eq!(
            run(&udf("contains"), vec![a, int(1)]).unwrap(),
            ScalarValue::Boolean(Some(true))
        );
        let b = ints(&[Some(10), Some(20), Some(30), Some(20)]);
        assert_eq!(
            run(&udf("array_position"), vec![b.clone(), int(20)]).unwrap(),
            int(2)
        );
        assert_eq!(
            run(&udf("array_position"), vec![b.clone(), int(40)]).unwrap(),
            int(0)
        );
        assert_eq!(
            run(&udf("array_remove"), vec![b, int(20)]).unwrap(),
            ints(&[Some(10), Some(30)])
        );
    }

    #[test]
    fn overlaps_and_extremes() {
        let overlap = |l: &[Option<i64>], r: &[Option<i64>]| {
            run(&udf("arrays_overlap"), vec![ints(l), ints(r)]).unwrap()
        };
        assert_eq!(
            overlap(&[Some(1), Some(2)], &[Some(2), Some(3)]),
            ScalarValue::Boolean(Some(true))
        );
        assert_eq!(
            overlap(&[Some(1), None], &[Some(3)]),
            ScalarValue::Boolean(None)
        );
        let max = |v: &[Option<i64>]| run(&udf("array_max"), vec![ints(v)]).unwrap();
        assert_eq!(max(&[Some(1), Some(5), Some(3)]), int(5));
        assert_eq!(max(&[Some(1), None]), ScalarValue::Int64(None));
        assert_eq!(
            run(
                &udf("contains_sequence"),
                vec![
                    ints(&[Some(1), Some(2), Some(3)]),
                    ints(&[Some(2), Some(3)])
                ]
            )
            .unwrap(),
            ScalarValue::Boolean(Some(true))
        );
    }
}
