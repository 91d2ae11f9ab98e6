//! Trino's map functions without lambdas: `map()` (planned as
//! [`crate::sql::rewrite::EMPTY_MAP`]), `map(keys, values)`, `map_from_entries`,
//! `multimap_from_entries`, `map_concat`, `map_entries`, `split_to_map` and
//! `split_to_multimap`, with Trino's checks (no NULL and no duplicate keys). DataFusion's
//! `map_keys` and `map_values` already behave as Trino's and stay.

use std::cmp::Ordering;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, MapArray, StructArray, UInt32Array, make_comparator, new_empty_array,
};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::compute::SortOptions;
use arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{ScalarUDF, Signature, TypeSignature, Volatility};

use super::{ArrayFunction, coerce_list, element_type, list_from_rows, list_of, lists, unexpected};
use crate::functions::error::invalid_argument;

/// The functions of this module.
pub fn map_functions() -> Vec<ScalarUDF> {
    vec![
        ArrayFunction::with_signature(
            "map",
            Signature::one_of(
                vec![TypeSignature::Nullary, TypeSignature::UserDefined],
                Volatility::Immutable,
            ),
            coerce_map,
            |t| match t {
                [] => Ok(map_type(DataType::Null, DataType::Null)),
                [keys, values] => Ok(map_type(element_type(keys), element_type(values))),
                _ => unexpected("map", t),
            },
            map,
        ),
        ArrayFunction::with_signature(
            crate::sql::rewrite::EMPTY_MAP,
            Signature::nullary(Volatility::Immutable),
            |_| Ok(vec![]),
            |_| Ok(map_type(DataType::Null, DataType::Null)),
            map,
        ),
        ArrayFunction::udf(
            "map_from_entries",
            |t| coerce_entries("map_from_entries", t),
            |t| {
                let (k, v) = entry_types("map_from_entries", &t[0])?;
                Ok(map_type(k, v))
            },
            |args, rows| map_from_entries(args, rows, false),
        ),
        ArrayFunction::udf(
            "multimap_from_entries",
            |t| coerce_entries("multimap_from_entries", t),
            |t| {
                let (k, v) = entry_types("multimap_from_entries", &t[0])?;
                Ok(map_type(k, list_of(v)))
            },
            |args, rows| map_from_entries(args, rows, true),
        ),
        ArrayFunction::udf(
            "map_concat",
            coerce_concat,
            |t| Ok(t[0].clone()),
            map_concat,
        ),
        ArrayFunction::udf(
            MAP_AGG,
            |t| coerce_lists(MAP_AGG, t),
            |t| Ok(map_type(element_type(&t[0]), element_type(&t[1]))),
            |args, rows| map_agg(args, rows, false),
        ),
        ArrayFunction::udf(
            MULTIMAP_AGG,
            |t| coerce_lists(MULTIMAP_AGG, t),
            |t| Ok(map_type(element_type(&t[0]), list_of(element_type(&t[1])))),
            |args, rows| map_agg(args, rows, true),
        ),
        ArrayFunction::udf(
            HISTOGRAM,
            |t| coerce_lists(HISTOGRAM, t),
            |t| Ok(map_type(element_type(&t[0]), DataType::Int64)),
            histogram,
        ),
        ArrayFunction::udf(
            "split_to_map",
            |t| three_strings("split_to_map", t),
            |_| Ok(map_type(DataType::Utf8, DataType::Utf8)),
            |args, rows| split_to_map(args, rows, false),
        ),
        ArrayFunction::udf(
            "split_to_multimap",
            |t| three_strings("split_to_multimap", t),
            |_| Ok(map_type(DataType::Utf8, list_of(DataType::Utf8))),
            |args, rows| split_to_map(args, rows, true),
        ),
        ArrayFunction::udf(
            "map_entries",
            |t| match t {
                [m] if map_key_value(m).is_some() => Ok(vec![m.clone()]),
                _ => unexpected("map_entries", t),
            },
            |t| match map_key_value(&t[0]) {
                Some((k, v)) => Ok(list_of(anonymous_row(vec![k, v]))),
                None => unexpected("map_entries", t),
            },
            map_entries,
        ),
    ]
}

/// `map(K, V)` as Arrow: entries of a non-null `key` and a nullable `value`.
pub(crate) fn map_type(key: DataType, value: DataType) -> DataType {
    DataType::Map(
        Arc::new(Field::new(
            "entries",
            DataType::Struct(entry_fields(key, value)),
            false,
        )),
        false,
    )
}

fn entry_fields(key: DataType, value: DataType) -> Fields {
    Fields::from(vec![
        Field::new("key", key, false),
        Field::new("value", value, true),
    ])
}

/// The key and value types of a map type.
pub(crate) fn map_key_value(data_type: &DataType) -> Option<(DataType, DataType)> {
    match data_type {
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(fields) if fields.len() == 2 => {
                Some((fields[0].data_type().clone(), fields[1].data_type().clone()))
            }
            _ => None,
        },
        _ => None,
    }
}

fn coerce_map(types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [] => Ok(vec![]),
        [keys, values] => Ok(vec![coerce_list("map", keys)?, coerce_list("map", values)?]),
        _ => unexpected("map", types),
    }
}

fn coerce_entries(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [entries] => {
            let list = coerce_list(name, entries)?;
            entry_types(name, &list)?;
            Ok(vec![list])
        }
        _ => unexpected(name, types),
    }
}

/// The key and value types of `array(row(K, V))`.
fn entry_types(name: &str, list: &DataType) -> Result<(DataType, DataType)> {
    match element_type(list) {
        DataType::Struct(fields) if fields.len() == 2 => {
            Ok((fields[0].data_type().clone(), fields[1].data_type().clone()))
        }
        _ => unexpected(name, std::slice::from_ref(list)),
    }
}

fn coerce_concat(types: &[DataType]) -> Result<Vec<DataType>> {
    let Some(first) = types.iter().find(|t| map_key_value(t).is_some()) else {
        return unexpected("map_concat", types);
    };
    types
        .iter()
        .map(|t| match t {
            DataType::Null => Ok(DataType::Null),
            t if map_key_value(t).is_some() => Ok(first.clone()),
            _ => unexpected("map_concat", types),
        })
        .collect()
}

/// A `Map` column from each row's keys and values (`None` for a NULL map).
pub(crate) fn map_from_rows(
    key: DataType,
    value: DataType,
    rows: &[Option<(ArrayRef, ArrayRef)>],
) -> Result<ArrayRef> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    offsets.push(0i32);
    let (mut keys, mut values): (Vec<&dyn Array>, Vec<&dyn Array>) = (vec![], vec![]);
    let mut length = 0usize;
    for (k, v) in rows.iter().flatten() {
        keys.push(k.as_ref());
        values.push(v.as_ref());
    }
    for row in rows {
        length += row.as_ref().map_or(0, |(k, _)| k.len());
        offsets.push(
            i32::try_from(length)
                .map_err(|_| DataFusionError::Execution("map too large".into()))?,
        );
    }
    let concat = |parts: &[&dyn Array], t: &DataType| -> Result<ArrayRef> {
        if parts.is_empty() {
            Ok(new_empty_array(t))
        } else {
            Ok(arrow::compute::concat(parts)?)
        }
    };
    let fields = entry_fields(key.clone(), value.clone());
    let entries = StructArray::try_new(
        fields.clone(),
        vec![concat(&keys, &key)?, concat(&values, &value)?],
        None,
    )?;
    let valid: Vec<bool> = rows.iter().map(Option::is_some).collect();
    Ok(Arc::new(MapArray::try_new(
        Arc::new(Field::new("entries", DataType::Struct(fields), false)),
        OffsetBuffer::new(offsets.into()),
        entries,
        Some(NullBuffer::from(valid)),
        false,
    )?))
}

fn three_strings(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    let string = |t: &DataType| {
        matches!(
            t,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        )
    };
    if types.len() == 3 && types.iter().all(string) {
        Ok(vec![DataType::Utf8; 3])
    } else {
        unexpected(name, types)
    }
}

/// The `(key, value)` pairs of `text`: entries separated by `entry`, key and value by
/// `pair` (exactly once per entry). A trailing entry delimiter ends the text.
fn split_pairs<'a>(text: &'a str, entry: &str, pair: &str) -> Result<Vec<(&'a str, &'a str)>> {
    if entry.is_empty() {
        return Err(invalid_argument("entryDelimiter is empty"));
    }
    if pair.is_empty() {
        return Err(invalid_argument("keyValueDelimiter is empty"));
    }
    if entry == pair {
        return Err(invalid_argument(
            "entryDelimiter and keyValueDelimiter must not be the same",
        ));
    }
    let body = text.strip_suffix(entry).unwrap_or(text);
    if body.is_empty() {
        return Ok(vec![]);
    }
    body.split(entry)
        .map(|e| {
            let mut parts = e.split(pair);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(k), Some(v), None) => Ok((k, v)),
                _ => Err(invalid_argument(format!(
                    "Key-value delimiter must appear exactly once in each entry. Bad input: '{e}'"
                ))),
            }
        })
        .collect()
}

/// `split_to_map(text, entry, pair)`; with `multi`, `split_to_multimap`.
fn split_to_map(args: &[ArrayRef], rows: usize, multi: bool) -> Result<ArrayRef> {
    let [text, entry, pair] = [0, 1, 2].map(|i| args[i].as_string::<i32>());
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if text.is_null(row) || entry.is_null(row) || pair.is_null(row) {
            out.push(None);
            continue;
        }
        let pairs = split_pairs(text.value(row), entry.value(row), pair.value(row))?;
        let mut keys: Vec<&str> = Vec::new();
        let mut values: Vec<Vec<&str>> = Vec::new();
        for (k, v) in pairs {
            match keys.iter().position(|known| *known == k) {
                Some(_) if !multi => {
                    return Err(invalid_argument(format!(
                        "Duplicate keys ({k}) are not allowed"
                    )));
                }
                Some(i) => values[i].push(v),
                None => {
                    keys.push(k);
                    values.push(vec![v]);
                }
            }
        }
        let key_array: ArrayRef = Arc::new(arrow::array::StringArray::from(keys));
        let value_array: ArrayRef = if multi {
            let lists: Vec<Option<ArrayRef>> = values
                .into_iter()
                .map(|v| Some(Arc::new(arrow::array::StringArray::from(v)) as ArrayRef))
                .collect();
            list_from_rows(
                Arc::new(Field::new_list_field(DataType::Utf8, true)),
                &lists,
            )?
        } else {
            Arc::new(arrow::array::StringArray::from(
                values.into_iter().flatten().collect::<Vec<_>>(),
            ))
        };
        out.push(Some((key_array, value_array)));
    }
    let value = if multi {
        list_of(DataType::Utf8)
    } else {
        DataType::Utf8
    };
    map_from_rows(DataType::Utf8, value, &out)
}

/// Names the aggregates `map_agg(k, v)`, `multimap_agg(k, v)` and `histogram(x)` are
/// rewritten to, around `array_agg` of their arguments (see `sql::rewrite`).
pub const MAP_AGG: &str = "trino_map_agg";
/// See [`MAP_AGG`].
pub const MULTIMAP_AGG: &str = "trino_multimap_agg";
/// See [`MAP_AGG`].
pub const HISTOGRAM: &str = "trino_histogram";

fn coerce_lists(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    types.iter().map(|t| coerce_list(name, t)).collect()
}

/// The map of a group from the arrays of its keys and values (`array_agg` of each): NULL
/// keys are skipped; with `multi` each key maps to the array of its values, otherwise one
/// of its values (the last).
fn map_agg(args: &[ArrayRef], rows: usize, multi: bool) -> Result<ArrayRef> {
    let keys = lists(&args[0])?;
    let values = lists(&args[1])?;
    let (key, value) = (
        element_type(keys.data_type()),
        element_type(values.data_type()),
    );
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if keys.is_null(row) || values.is_null(row) {
            out.push(None);
            continue;
        }
        let (k, v) = (keys.value(row), values.value(row));
        let present: Vec<u32> = (0..k.len() as u32)
            .filter(|&i| k.is_valid(i as usize))
            .collect();
        let present = UInt32Array::from(present);
        let k = arrow::compute::take(k.as_ref(), &present, None)?;
        let v = arrow::compute::take(v.as_ref(), &present, None)?;
        let (firsts, groups) = group_keys(k.as_ref())?;
        let distinct = arrow::compute::take(k.as_ref(), &UInt32Array::from(firsts), None)?;
        let grouped = if multi {
            let lists = values_per_group(v.as_ref(), groups)?;
            list_from_rows(Arc::new(Field::new_list_field(value.clone(), true)), &lists)?
        } else {
            let last: Vec<u32> = groups.iter().filter_map(|g| g.last().copied()).collect();
            arrow::compute::take(v.as_ref(), &UInt32Array::from(last), None)?
        };
        out.push(Some((distinct, grouped)));
    }
    if multi {
        map_from_rows(key, list_of(value), &out)
    } else {
        map_from_rows(key, value, &out)
    }
}

/// `histogram(x)` from `array_agg(x)`: each non-NULL value and how often it occurs.
fn histogram(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let values = lists(&args[0])?;
    let key = element_type(values.data_type());
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if values.is_null(row) {
            out.push(None);
            continue;
        }
        let v = values.value(row);
        let present: Vec<u32> = (0..v.len() as u32)
            .filter(|&i| v.is_valid(i as usize))
            .collect();
        let v = arrow::compute::take(v.as_ref(), &UInt32Array::from(present), None)?;
        let (firsts, groups) = group_keys(v.as_ref())?;
        let distinct = arrow::compute::take(v.as_ref(), &UInt32Array::from(firsts), None)?;
        let counts: ArrayRef = Arc::new(arrow::array::Int64Array::from(
            groups.iter().map(|g| g.len() as i64).collect::<Vec<_>>(),
        ));
        out.push(Some((distinct, counts)));
    }
    map_from_rows(key, DataType::Int64, &out)
}

/// Trino's anonymous `row(...)`: Arrow fields without names.
pub(crate) fn anonymous_row(types: Vec<DataType>) -> DataType {
    DataType::Struct(Fields::from(
        types
            .into_iter()
            .map(|t| Field::new("", t, true))
            .collect::<Vec<_>>(),
    ))
}

/// `map_entries(m)`: the entries as anonymous rows `(key, value)`, in the map's order.
fn map_entries(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let maps = args[0].as_map();
    let Some((key, value)) = map_key_value(maps.data_type()) else {
        return unexpected("map_entries", &[maps.data_type().clone()]);
    };
    let DataType::Struct(fields) = anonymous_row(vec![key, value]) else {
        return unexpected("map_entries", &[maps.data_type().clone()]);
    };
    let entries = StructArray::try_new(
        fields.clone(),
        vec![maps.keys().clone(), maps.values().clone()],
        None,
    )?;
    let list = arrow::array::ListArray::try_new(
        Arc::new(Field::new_list_field(DataType::Struct(fields), true)),
        maps.offsets().clone(),
        Arc::new(entries),
        maps.nulls().cloned(),
    )?;
    debug_assert_eq!(list.len(), rows);
    Ok(Arc::new(list))
}

/// Fails unless `keys` holds no NULL and no value twice.
fn check_keys(keys: &dyn Array) -> Result<()> {
    if keys.null_count() > 0 {
        return Err(invalid_argument("map key cannot be null"));
    }
    let compare = make_comparator(keys, keys, SortOptions::default())?;
    for i in 0..keys.len() {
        if (0..i).any(|j| compare(i, j) == Ordering::Equal) {
            let key = datafusion::common::ScalarValue::try_from_array(keys, i)?;
            return Err(invalid_argument(format!(
                "Duplicate map keys ({key}) are not allowed"
            )));
        }
    }
    Ok(())
}

fn map(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let [keys, values] = args else {
        let empty = Some((
            new_empty_array(&DataType::Null),
            new_empty_array(&DataType::Null),
        ));
        return map_from_rows(DataType::Null, DataType::Null, &vec![empty; rows]);
    };
    let (keys, values) = (lists(keys)?, lists(values)?);
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if keys.is_null(row) || values.is_null(row) {
            out.push(None);
            continue;
        }
        let (k, v) = (keys.value(row), values.value(row));
        if k.len() != v.len() {
            return Err(invalid_argument(
                "Key and value arrays must be the same length",
            ));
        }
        check_keys(k.as_ref())?;
        out.push(Some((k, v)));
    }
    map_from_rows(
        element_type(keys.data_type()),
        element_type(values.data_type()),
        &out,
    )
}

fn map_from_entries(args: &[ArrayRef], rows: usize, multi: bool) -> Result<ArrayRef> {
    let list = lists(&args[0])?;
    let (key, value) = entry_types("map_from_entries", list.data_type())?;
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if list.is_null(row) {
            out.push(None);
            continue;
        }
        let entries = list.value(row);
        if entries.null_count() > 0 {
            return Err(invalid_argument("map entry cannot be null"));
        }
        let entries = entries.as_struct();
        let (keys, values) = (entries.column(0), entries.column(1));
        if !multi {
            check_keys(keys.as_ref())?;
            out.push(Some((keys.clone(), values.clone())));
            continue;
        }
        if keys.null_count() > 0 {
            return Err(invalid_argument("map key cannot be null"));
        }
        let (distinct, groups) = group_keys(keys.as_ref())?;
        let distinct_keys =
            arrow::compute::take(keys.as_ref(), &UInt32Array::from(distinct), None)?;
        let grouped = values_per_group(values.as_ref(), groups)?;
        let field: FieldRef = Arc::new(Field::new_list_field(value.clone(), true));
        out.push(Some((distinct_keys, list_from_rows(field, &grouped)?)));
    }
    if multi {
        map_from_rows(key, list_of(value), &out)
    } else {
        map_from_rows(key, value, &out)
    }
}

/// The values at each group's positions (from [`group_keys`]), one list row per group.
fn values_per_group(values: &dyn Array, groups: Vec<Vec<u32>>) -> Result<Vec<Option<ArrayRef>>> {
    groups
        .into_iter()
        .map(|g| {
            Ok(Some(arrow::compute::take(
                values,
                &UInt32Array::from(g),
                None,
            )?))
        })
        .collect()
}

/// The first position of each distinct key and the positions of every key equal to it.
fn group_keys(keys: &dyn Array) -> Result<(Vec<u32>, Vec<Vec<u32>>)> {
    let compare = make_comparator(keys, keys, SortOptions::default())?;
    let (mut firsts, mut groups): (Vec<u32>, Vec<Vec<u32>>) = (vec![], vec![]);
    for i in 0..keys.len() as u32 {
        match firsts
            .iter()
            .position(|&f| compare(f as usize, i as usize) == Ordering::Equal)
        {
            Some(g) => groups[g].push(i),
            None => {
                firsts.push(i);
                groups.push(vec![i]);
            }
        }
    }
    Ok((firsts, groups))
}

fn map_concat(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let Some((key, value)) = map_key_value(args[0].data_type()) else {
        return unexpected("map_concat", &[args[0].data_type().clone()]);
    };
    let maps: Vec<&MapArray> = args.iter().map(|a| a.as_map()).collect();
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if maps.iter().any(|m| m.is_null(row)) {
            out.push(None);
            continue;
        }
        let parts: Vec<ArrayRef> = maps
            .iter()
            .map(|m| Arc::new(m.value(row)) as ArrayRef)
            .collect();
        let parts: Vec<&dyn Array> = parts.iter().map(|p| p.as_ref()).collect();
        let entries = arrow::compute::concat(&parts)?;
        let entries = entries.as_struct();
        let (keys, values) = (entries.column(0), entries.column(1));
        // The last entry of each key wins; keys keep the place they first had.
        let (firsts, groups) = group_keys(keys.as_ref())?;
        let last: Vec<u32> = groups.iter().filter_map(|g| g.last().copied()).collect();
        out.push(Some((
            arrow::compute::take(keys.as_ref(), &UInt32Array::from(firsts), None)?,
            arrow::compute::take(values.as_ref(), &UInt32Array::from(last), None)?,
        )));
    }
    map_from_rows(key, value, &out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ints, run};
    use super::*;
    use datafusion::common::ScalarValue;

    fn udf(name: &str) -> ScalarUDF {
        map_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    #[test]
    fn checks_keys() {
        // Trino docs (map): keys must be distinct and not NULL, arrays of one length.
        let map = |k: &[Option<i64>], v: &[Option<i64>]| run(&udf("map"), vec![ints(k), ints(v)]);
        assert!(map(&[Some(1), Some(3)], &[Some(2), Some(4)]).is_ok());
        assert!(map(&[Some(1), Some(1)], &[Some(2), Some(3)]).is_err());
        assert!(map(&[Some(1), None], &[Some(2), Some(3)]).is_err());
        assert!(map(&[Some(1), Some(2)], &[Some(3)]).is_err());
        let ScalarValue::Map(empty) = run(&udf("map"), vec![]).unwrap() else {
            panic!("a map")
        };
        assert_eq!(empty.value_length(0), 0);
    }

    #[test]
    fn splits_to_maps() {
        // Trino docs (split_to_map, split_to_multimap).
        assert_eq!(
            split_pairs("a=1,b=2", ",", "=").unwrap(),
            vec![("a", "1"), ("b", "2")]
        );
        assert_eq!(split_pairs("a=1,", ",", "=").unwrap(), vec![("a", "1")]);
        assert!(split_pairs("a", ",", "=").is_err());
        let text = |v: &str| -> ArrayRef { Arc::new(arrow::array::StringArray::from(vec![v])) };
        let args = [text("a=1,a=2"), text(","), text("=")];
        assert!(split_to_map(&args, 1, false).is_err());
        let multi = split_to_map(&args, 1, true).unwrap();
        assert_eq!(multi.as_map().value_length(0), 1);
    }

    #[test]
    fn aggregates_from_arrays() {
        // Trino docs (histogram): counts of each value; map_agg: one entry per key.
        let ScalarValue::Map(h) = run(
            &udf(HISTOGRAM),
            vec![ints(&[Some(1), Some(2), Some(1), None])],
        )
        .unwrap() else {
            panic!("a map")
        };
        assert_eq!(h.value_length(0), 2);
        let ScalarValue::Map(m) = run(
            &udf(MULTIMAP_AGG),
            vec![
                ints(&[Some(1), Some(2), Some(1)]),
                ints(&[Some(3), Some(2), Some(1)]),
            ],
        )
        .unwrap() else {
            panic!("a map")
        };
        assert_eq!(m.value_length(0), 2);
    }

    #[test]
    fn concatenates() {
        let m = |k: &[Option<i64>], v: &[Option<i64>]| {
            run(&udf("map"), vec![ints(k), ints(v)]).unwrap()
        };
        let both = run(
            &udf("map_concat"),
            vec![
                m(&[Some(1), Some(2)], &[Some(1), Some(2)]),
                m(&[Some(2)], &[Some(20)]),
            ],
        )
        .unwrap();
        assert_eq!(both, m(&[Some(1), Some(2)], &[Some(1), Some(20)]));
    }
}
