//! Functions that make new arrays: `sequence`, `repeat`, `slice`, `trim_array`, `ngrams`,
//! `combinations`, `shuffle` and `reverse` (which keeps reversing strings and bytes).

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Array, UInt32Array, new_empty_array};
use arrow::datatypes::{DataType, Field, IntervalMonthDayNano};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::functions_nested::range::gen_series_udf;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, Volatility,
};

use super::{
    ArrayFunction, coerce_int64, coerce_list, field_of, int64s, list_from_rows, list_of, lists,
    unexpected,
};
use crate::functions::error::invalid_argument;

/// Trino's limit on the length of a `sequence` or `repeat` result.
const MAX_ENTRIES: i64 = 10_000;

/// The functions of this module.
pub fn build_functions() -> Vec<ScalarUDF> {
    vec![
        ArrayFunction::udf("sequence", coerce_sequence, return_sequence, sequence),
        ArrayFunction::udf(
            "repeat",
            |t| match t {
                [element, count] => Ok(vec![element.clone(), coerce_int64("repeat", count)?]),
                _ => unexpected("repeat", t),
            },
            |t| Ok(list_of(t[0].clone())),
            repeat,
        ),
        ArrayFunction::udf(
            "slice",
            |t| list_and_ints("slice", t, 3),
            |t| Ok(t[0].clone()),
            slice,
        ),
        ArrayFunction::udf(
            "trim_array",
            |t| list_and_ints("trim_array", t, 2),
            |t| Ok(t[0].clone()),
            trim_array,
        ),
        ArrayFunction::udf(
            "ngrams",
            |t| list_and_ints("ngrams", t, 2),
            |t| Ok(list_of(t[0].clone())),
            ngrams,
        ),
        ArrayFunction::udf(
            "combinations",
            |t| list_and_ints("combinations", t, 2),
            |t| Ok(list_of(t[0].clone())),
            combinations,
        ),
        ArrayFunction::udf(
            "zip",
            |t| {
                if t.len() < 2 {
                    return unexpected("zip", t);
                }
                t.iter().map(|l| coerce_list("zip", l)).collect()
            },
            |t| {
                Ok(list_of(super::map::anonymous_row(
                    t.iter().map(super::element_type).collect(),
                )))
            },
            zip,
        ),
        ArrayFunction::with_volatility(
            "shuffle",
            Volatility::Volatile,
            |t| list_and_ints("shuffle", t, 1),
            |t| Ok(t[0].clone()),
            shuffle,
        ),
    ]
}

/// `(array(E), bigint, ...)` with `arity` arguments in all.
fn list_and_ints(name: &str, types: &[DataType], arity: usize) -> Result<Vec<DataType>> {
    if types.len() != arity {
        return unexpected(name, types);
    }
    let mut out = vec![coerce_list(name, &types[0])?];
    for t in &types[1..] {
        out.push(coerce_int64(name, t)?);
    }
    Ok(out)
}

fn coerce_sequence(types: &[DataType]) -> Result<Vec<DataType>> {
    let integers = types.iter().all(|t| t.is_integer() || t == &DataType::Null);
    match types.len() {
        2 | 3 if integers => Ok(vec![DataType::Int64; types.len()]),
        2 | 3 => {
            let start = match &types[0] {
                DataType::Date32 | DataType::Date64 => DataType::Date32,
                t @ DataType::Timestamp(..) => t.clone(),
                _ => return unexpected("sequence", types),
            };
            let mut out = vec![start.clone(), start];
            match types.get(2) {
                Some(DataType::Interval(_)) => out.push(DataType::Interval(
                    arrow::datatypes::IntervalUnit::MonthDayNano,
                )),
                Some(_) => return unexpected("sequence", types),
                None => {}
            }
            Ok(out)
        }
        _ => unexpected("sequence", types),
    }
}

fn return_sequence(types: &[DataType]) -> Result<DataType> {
    Ok(list_of(match &types[0] {
        DataType::Null => DataType::Int64,
        t => t.clone(),
    }))
}

fn sequence(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    if args[0].data_type() != &DataType::Int64 {
        return temporal_sequence(args, rows);
    }
    let (start, stop) = (int64s(&args[0])?, int64s(&args[1])?);
    let step = args.get(2).map(int64s).transpose()?;
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if start.is_null(row) || stop.is_null(row) || step.is_some_and(|s| s.is_null(row)) {
            out.push(None);
            continue;
        }
        let (from, to) = (start.value(row), stop.value(row));
        let by = match step {
            Some(s) => s.value(row),
            None if from <= to => 1,
            None => -1,
        };
        out.push(Some(Arc::new(integer_sequence(from, to, by)?) as ArrayRef));
    }
    list_from_rows(Arc::new(Field::new_list_field(DataType::Int64, true)), &out)
}

/// `sequence(start, stop, step)` on bigints, with Trino's checks.
fn integer_sequence(start: i64, stop: i64, step: i64) -> Result<Int64Array> {
    if step == 0 {
        return Err(invalid_argument("step must not be zero"));
    }
    if (step > 0 && start > stop) || (step < 0 && start < stop) {
        return Err(invalid_argument(
            "sequence stop value should be greater than or equal to start value if step is \
             greater than zero otherwise stop should be less than or equal to start",
        ));
    }
    let count = (i128::from(stop) - i128::from(start)) / i128::from(step) + 1;
    if count > i128::from(MAX_ENTRIES) {
        return Err(invalid_argument(format!(
            "result of sequence function must not have more than {MAX_ENTRIES} entries"
        )));
    }
    Ok((0..count as i64).map(|k| start + k * step).collect())
}

/// `sequence` on dates and timestamps: DataFusion's `generate_series`, with a step of one
/// day (forwards or backwards) when none is given.
fn temporal_sequence(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let mut args = args.to_vec();
    if args.len() == 2 {
        let forwards = arrow::compute::kernels::cmp::lt_eq(&args[0], &args[1])?;
        let steps: Vec<ScalarValue> = (0..rows)
            .map(|row| {
                let days = if forwards.is_valid(row) && !forwards.value(row) {
                    -1
                } else {
                    1
                };
                ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, days, 0)))
            })
            .collect();
        let steps = if steps.is_empty() {
            new_empty_array(&DataType::Interval(
                arrow::datatypes::IntervalUnit::MonthDayNano,
            ))
        } else {
            ScalarValue::iter_to_array(steps)?
        };
        args.push(steps);
    }
    let udf = gen_series_udf();
    let arg_fields: Vec<_> = args
        .iter()
        .map(|a| Arc::new(Field::new("a", a.data_type().clone(), true)))
        .collect();
    let return_field = udf.return_field_from_args(ReturnFieldArgs {
        arg_fields: &arg_fields,
        scalar_arguments: &vec![None; args.len()],
    })?;
    let target = list_of(args[0].data_type().clone());
    let series = udf
        .invoke_with_args(ScalarFunctionArgs {
            args: args.into_iter().map(ColumnarValue::Array).collect(),
            arg_fields,
            number_rows: rows,
            return_field,
            config_options: Arc::new(Default::default()),
        })?
        .into_array(rows)?;
    // `generate_series` gives nanosecond timestamps whatever the input precision.
    Ok(arrow::compute::cast(&series, &target)?)
}

fn repeat(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let element = &args[0];
    let counts = int64s(&args[1])?;
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        if counts.is_null(row) {
            out.push(None);
            continue;
        }
        let count = counts.value(row);
        if count < 0 {
            return Err(invalid_argument(
                "count argument of repeat function must be greater than or equal to 0",
            ));
        }
        if count > MAX_ENTRIES {
            return Err(invalid_argument(format!(
                "count argument of repeat function must be less than or equal to {MAX_ENTRIES}"
            )));
        }
        let picks = UInt32Array::from(vec![row as u32; count as usize]);
        out.push(Some(arrow::compute::take(element.as_ref(), &picks, None)?));
    }
    list_from_rows(
        Arc::new(Field::new_list_field(element.data_type().clone(), true)),
        &out,
    )
}

/// `zip(a1, a2, ...)`: rows of the i-th elements, padded with NULLs to the longest array.
fn zip(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let lists = args.iter().map(lists).collect::<Result<Vec<_>>>()?;
    let mut picks: Vec<Vec<Option<u32>>> = vec![Vec::new(); lists.len()];
    let mut offsets = vec![0i32];
    let mut valid = Vec::with_capacity(rows);
    for row in 0..rows {
        let ok = lists.iter().all(|l| l.is_valid(row));
        let n = if ok {
            lists.iter().map(|l| l.value_length(row)).max().unwrap_or(0)
        } else {
            0
        };
        for (list, picks) in lists.iter().zip(picks.iter_mut()) {
            let start = list.value_offsets()[row];
            let length = list.value_length(row);
            picks.extend((0..n).map(|i| (i < length).then(|| (start + i) as u32)));
        }
        valid.push(ok);
        offsets.push(offsets.last().copied().unwrap_or(0) + n);
    }
    let columns = lists
        .iter()
        .zip(picks)
        .map(|(list, picks)| {
            Ok(arrow::compute::take(
                list.values().as_ref(),
                &UInt32Array::from(picks),
                None,
            )?)
        })
        .collect::<Result<Vec<ArrayRef>>>()?;
    let DataType::Struct(fields) =
        super::map::anonymous_row(columns.iter().map(|c| c.data_type().clone()).collect())
    else {
        return unexpected("zip", &[]);
    };
    let rows_array = arrow::array::StructArray::try_new(fields.clone(), columns, None)?;
    Ok(Arc::new(arrow::array::ListArray::try_new(
        Arc::new(Field::new_list_field(DataType::Struct(fields), true)),
        arrow::buffer::OffsetBuffer::new(offsets.into()),
        Arc::new(rows_array),
        Some(arrow::buffer::NullBuffer::from(valid)),
    )?))
}

/// Applies `f` to each non-NULL row (the array's elements and the row's bigint arguments).
fn per_row(
    args: &[ArrayRef],
    rows: usize,
    mut f: impl FnMut(ArrayRef, &[i64]) -> Result<Option<ArrayRef>>,
) -> Result<Vec<Option<ArrayRef>>> {
    let list = lists(&args[0])?;
    let ints = args[1..].iter().map(int64s).collect::<Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows);
    let mut values = Vec::with_capacity(ints.len());
    for row in 0..rows {
        if list.is_null(row) || ints.iter().any(|i| i.is_null(row)) {
            out.push(None);
            continue;
        }
        values.clear();
        values.extend(ints.iter().map(|i| i.value(row)));
        out.push(f(list.value(row), &values)?);
    }
    Ok(out)
}

fn slice(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let out = per_row(args, rows, |elements, ints| {
        let (start, length) = (ints[0], ints[1]);
        if start == 0 {
            return Err(invalid_argument("SQL array indices start at 1"));
        }
        if length < 0 {
            return Err(invalid_argument(format!(
                "length must be greater than or equal to 0: {length}"
            )));
        }
        let size = elements.len() as i64;
        let from = if start > 0 { start - 1 } else { size + start };
        if from < 0 || from >= size {
            return Ok(Some(elements.slice(0, 0)));
        }
        let take = length.min(size - from);
        Ok(Some(elements.slice(from as usize, take as usize)))
    })?;
    list_from_rows(field_of(lists(&args[0])?), &out)
}

fn trim_array(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let out = per_row(args, rows, |elements, ints| {
        let (size, trim) = (elements.len() as i64, ints[0]);
        if trim < 0 {
            return Err(invalid_argument(format!(
                "size must not be negative: {trim}"
            )));
        }
        if trim > size {
            return Err(invalid_argument(format!(
                "size must not exceed array cardinality {size}: {trim}"
            )));
        }
        Ok(Some(elements.slice(0, (size - trim) as usize)))
    })?;
    list_from_rows(field_of(lists(&args[0])?), &out)
}

fn ngrams(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let field = field_of(lists(&args[0])?);
    let out = per_row(args, rows, |elements, ints| {
        let n = ints[0];
        if n <= 0 {
            return Err(invalid_argument(format!("N must be positive: {n}")));
        }
        let size = elements.len();
        let grams: Vec<Option<ArrayRef>> = if n as usize >= size {
            vec![Some(elements)]
        } else {
            let n = n as usize;
            (0..=size - n).map(|i| Some(elements.slice(i, n))).collect()
        };
        Ok(Some(list_from_rows(field.clone(), &grams)?))
    })?;
    list_from_rows(
        Arc::new(Field::new_list_field(list_of_field(&field), true)),
        &out,
    )
}

fn list_of_field(field: &Arc<Field>) -> DataType {
    DataType::List(field.clone())
}

/// Trino's limit on the size of the combinations.
const MAX_COMBINATION: i64 = 5;

fn combinations(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let field = field_of(lists(&args[0])?);
    let out = per_row(args, rows, |elements, ints| {
        let n = ints[0];
        if n < 0 {
            return Err(invalid_argument(format!(
                "combination size must not be negative: {n}"
            )));
        }
        if n > MAX_COMBINATION {
            return Err(invalid_argument(format!(
                "combination size must not exceed {MAX_COMBINATION}: {n}"
            )));
        }
        let mut found = Vec::new();
        for picks in index_combinations(elements.len(), n as usize) {
            let picks = UInt32Array::from(picks);
            found.push(Some(arrow::compute::take(elements.as_ref(), &picks, None)?));
        }
        Ok(Some(list_from_rows(field.clone(), &found)?))
    })?;
    list_from_rows(
        Arc::new(Field::new_list_field(list_of_field(&field), true)),
        &out,
    )
}

/// The `k`-element subsets of `0..n` in lexicographic order.
fn index_combinations(n: usize, k: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    if k > n {
        return out;
    }
    let mut current: Vec<usize> = (0..k).collect();
    loop {
        out.push(current.iter().map(|&i| i as u32).collect());
        // The rightmost index that can still move right.
        let Some(i) = (0..k).rev().find(|&i| current[i] < n - k + i) else {
            return out;
        };
        current[i] += 1;
        for j in i + 1..k {
            current[j] = current[j - 1] + 1;
        }
    }
}

fn shuffle(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let mut state = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        | 1;
    let mut next = move || {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let out = per_row(args, rows, |elements, _| {
        let mut order: Vec<u32> = (0..elements.len() as u32).collect();
        for i in (1..order.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        Ok(Some(arrow::compute::take(
            elements.as_ref(),
            &UInt32Array::from(order),
            None,
        )?))
    })?;
    list_from_rows(field_of(lists(&args[0])?), &out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ints, run};
    use super::*;

    fn udf(name: &str) -> ScalarUDF {
        build_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn int(v: i64) -> ScalarValue {
        ScalarValue::Int64(Some(v))
    }

    fn some(values: &[i64]) -> ScalarValue {
        ints(&values.iter().map(|v| Some(*v)).collect::<Vec<_>>())
    }

    #[test]
    fn sequences() {
        // Trino docs (sequence).
        let seq = |args: Vec<ScalarValue>| run(&udf("sequence"), args);
        assert_eq!(seq(vec![int(1), int(5)]).unwrap(), some(&[1, 2, 3, 4, 5]));
        assert_eq!(seq(vec![int(5), int(1)]).unwrap(), some(&[5, 4, 3, 2, 1]));
        assert_eq!(
            seq(vec![int(1), int(10), int(3)]).unwrap(),
            some(&[1, 4, 7, 10])
        );
        assert!(seq(vec![int(1), int(5), int(-1)]).is_err());
        assert!(seq(vec![int(1), int(5), int(0)]).is_err());
    }

    #[test]
    fn slicing() {
        let a = some(&[1, 2, 3, 4]);
        let slice = |s, l| run(&udf("slice"), vec![a.clone(), int(s), int(l)]).unwrap();
        // Trino docs (slice).
        assert_eq!(slice(2, 2), some(&[2, 3]));
        assert_eq!(slice(-2, 2), some(&[3, 4]));
        assert_eq!(slice(3, 10), some(&[3, 4]));
        assert_eq!(
            run(&udf("trim_array"), vec![a.clone(), int(2)]).unwrap(),
            some(&[1, 2])
        );
        assert!(run(&udf("trim_array"), vec![a.clone(), int(5)]).is_err());
        assert_eq!(
            run(&udf("repeat"), vec![int(1), int(0)]).unwrap(),
            some(&[])
        );
    }

    #[test]
    fn grams_and_combinations() {
        assert_eq!(
            index_combinations(3, 2),
            vec![vec![0, 1], vec![0, 2], vec![1, 2]]
        );
        assert!(index_combinations(2, 3).is_empty());
        assert_eq!(index_combinations(2, 0), vec![Vec::<u32>::new()]);
        let grams = run(&udf("ngrams"), vec![some(&[1, 2, 3]), int(2)]).unwrap();
        let ScalarValue::List(list) = grams else {
            panic!("a list")
        };
        assert_eq!(list.value(0).len(), 2);
    }
}
