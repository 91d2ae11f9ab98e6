//! `max_by(x, y)` / `min_by(x, y)`: the `x` of the row with the largest / smallest `y`
//! (rows whose `y` is NULL are skipped; the `x` found may be NULL), and
//! `max_by(x, y, n)` / `min_by(x, y, n)`: the `x` of the `n` rows with the largest /
//! smallest `y`, as an array in that order.

use std::cmp::Ordering;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::{SortOptions, sort_to_indices};
use arrow::datatypes::{DataType, Field, FieldRef, Int64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

use crate::functions::error::invalid_argument;

/// `max_by` and `min_by`.
pub(super) fn by_functions() -> Vec<AggregateUDF> {
    [("max_by", Ordering::Greater), ("min_by", Ordering::Less)]
        .into_iter()
        .map(|(name, wanted)| {
            AggregateUDF::new_from_impl(By {
                name,
                wanted,
                signature: Signature::user_defined(Volatility::Immutable),
            })
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct By {
    name: &'static str,
    /// How a better `y` compares to the current one.
    wanted: Ordering,
    signature: Signature,
}

fn list_of(t: &DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t.clone(), true)))
}

impl AggregateUDFImpl for By {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [x, y] => Ok(vec![x.clone(), y.clone()]),
            [x, y, n] if n.is_integer() || n.is_null() => {
                Ok(vec![x.clone(), y.clone(), DataType::Int64])
            }
            _ => plan_err!("{} takes (x, y) or (x, y, n)", self.name),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [x, _] => Ok(x.clone()),
            [x, _, _] => Ok(list_of(x)),
            _ => plan_err!("{} takes (x, y) or (x, y, n)", self.name),
        }
    }

    fn return_field(&self, arg_fields: &[FieldRef]) -> Result<FieldRef> {
        // The single-value form keeps x's Trino type (varchar(n), json, ...).
        match arg_fields {
            [x, _] => Ok(Arc::new(
                x.as_ref().clone().with_name(self.name).with_nullable(true),
            )),
            _ => {
                let types: Vec<DataType> =
                    arg_fields.iter().map(|f| f.data_type().clone()).collect();
                Ok(Arc::new(Field::new(
                    self.name,
                    self.return_type(&types)?,
                    true,
                )))
            }
        }
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let [x, y, rest @ ..] = args.input_fields else {
            return plan_err!("{} takes (x, y) or (x, y, n)", self.name);
        };
        let field = |what: &str, t: DataType| {
            Arc::new(Field::new(format_state_name(args.name, what), t, true))
        };
        Ok(if rest.is_empty() {
            vec![
                field("x", x.data_type().clone()),
                field("y", y.data_type().clone()),
            ]
        } else {
            vec![
                field("x", list_of(x.data_type())),
                field("y", list_of(y.data_type())),
                field("n", DataType::Int64),
            ]
        })
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let [x, y, rest @ ..] = args.expr_fields else {
            return plan_err!("{} takes (x, y) or (x, y, n)", self.name);
        };
        Ok(Box::new(ByAccumulator {
            wanted: self.wanted,
            x_type: x.data_type().clone(),
            y_type: y.data_type().clone(),
            top: Vec::new(),
            limit: if rest.is_empty() { None } else { Some(0) },
        }))
    }
}

/// The best rows so far, best first.
#[derive(Debug)]
struct ByAccumulator {
    wanted: Ordering,
    x_type: DataType,
    y_type: DataType,
    /// `(y, x)` pairs, best first; one entry in the single-value form.
    top: Vec<(ScalarValue, ScalarValue)>,
    /// `None` for the single-value form, else `n` (0 until the first row says it).
    limit: Option<usize>,
}

impl ByAccumulator {
    fn capacity(&self) -> usize {
        self.limit.unwrap_or(1)
    }

    /// Offers one candidate row.
    fn offer(&mut self, y: ScalarValue, x: ScalarValue) {
        if y.is_null() {
            return;
        }
        let capacity = self.capacity();
        // The position after every entry at least as good (ties keep the first row seen).
        let at = self
            .top
            .iter()
            .position(|(best, _)| y.partial_cmp(best) == Some(self.wanted))
            .unwrap_or(self.top.len());
        if at < capacity {
            self.top.insert(at, (y, x));
            self.top.truncate(capacity);
        }
    }

    fn set_limit(&mut self, n: Option<i64>) -> Result<()> {
        if let (Some(current), Some(n)) = (self.limit, n) {
            let n = usize::try_from(n)
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| {
                    invalid_argument(format!(
                        "third argument of max_by/min_by must be a positive integer, got {n}"
                    ))
                })?;
            if current == 0 {
                self.limit = Some(n);
            }
        }
        Ok(())
    }
}

impl Accumulator for ByAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let [x, y, rest @ ..] = values else {
            return plan_err!("max_by/min_by: missing arguments");
        };
        if let Some(n) = rest.first() {
            let n = n.as_primitive::<Int64Type>();
            for row in 0..n.len() {
                self.set_limit(n.is_valid(row).then(|| n.value(row)))?;
            }
        }
        // Only the best `capacity` rows of the batch can make it: find them with Arrow's
        // partial sort (NULL `y` last), or look at every row for types it cannot sort.
        let options = SortOptions {
            descending: self.wanted == Ordering::Greater,
            nulls_first: false,
        };
        let rows: Vec<usize> = match sort_to_indices(y, Some(options), Some(self.capacity())) {
            Ok(indices) => indices.values().iter().map(|i| *i as usize).collect(),
            Err(_) => (0..y.len()).collect(),
        };
        for row in rows {
            if y.is_null(row) {
                continue;
            }
            self.offer(
                ScalarValue::try_from_array(y, row)?,
                ScalarValue::try_from_array(x, row)?,
            );
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.limit.is_none() {
            return match self.top.first() {
                Some((_, x)) => Ok(x.clone()),
                None => ScalarValue::try_from(&self.x_type),
            };
        }
        if self.top.is_empty() {
            return ScalarValue::try_from(&list_of(&self.x_type));
        }
        let xs: Vec<ScalarValue> = self.top.iter().map(|(_, x)| x.clone()).collect();
        Ok(ScalarValue::List(ScalarValue::new_list(
            &xs,
            &self.x_type,
            true,
        )))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self
                .top
                .iter()
                .map(|(y, x)| y.size() + x.size())
                .sum::<usize>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        if self.limit.is_none() {
            return Ok(match self.top.first() {
                Some((y, x)) => vec![x.clone(), y.clone()],
                None => vec![
                    ScalarValue::try_from(&self.x_type)?,
                    ScalarValue::try_from(&self.y_type)?,
                ],
            });
        }
        let xs: Vec<ScalarValue> = self.top.iter().map(|(_, x)| x.clone()).collect();
        let ys: Vec<ScalarValue> = self.top.iter().map(|(y, _)| y.clone()).collect();
        Ok(vec![
            ScalarValue::List(ScalarValue::new_list(&xs, &self.x_type, true)),
            ScalarValue::List(ScalarValue::new_list(&ys, &self.y_type, true)),
            ScalarValue::Int64(self.limit.filter(|n| *n > 0).map(|n| n as i64)),
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if self.limit.is_none() {
            return self.update_batch(states);
        }
        let [xs, ys, n] = states else {
            return plan_err!("max_by/min_by: bad state");
        };
        let (xs, ys, n) = (
            xs.as_list::<i32>(),
            ys.as_list::<i32>(),
            n.as_primitive::<Int64Type>(),
        );
        for row in 0..xs.len() {
            self.set_limit(n.is_valid(row).then(|| n.value(row)))?;
            if xs.is_null(row) || ys.is_null(row) {
                continue;
            }
            let (x, y) = (xs.value(row), ys.value(row));
            for i in 0..y.len() {
                self.offer(
                    ScalarValue::try_from_array(&y, i)?,
                    ScalarValue::try_from_array(&x, i)?,
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int32Array, Int64Array, StringArray};

    fn accumulator(wanted: Ordering, limit: Option<usize>) -> ByAccumulator {
        ByAccumulator {
            wanted,
            x_type: DataType::Utf8,
            y_type: DataType::Int32,
            top: Vec::new(),
            limit,
        }
    }

    fn rows() -> Vec<ArrayRef> {
        vec![
            Arc::new(StringArray::from(vec!["a", "b", "c", "d"])),
            Arc::new(Int32Array::from(vec![3, 7, 5, 1])),
        ]
    }

    #[test]
    fn single_value() {
        let mut max = accumulator(Ordering::Greater, None);
        max.update_batch(&rows()).unwrap();
        assert_eq!(max.evaluate().unwrap(), ScalarValue::from("b"));
        let mut min = accumulator(Ordering::Less, None);
        min.update_batch(&rows()).unwrap();
        assert_eq!(min.evaluate().unwrap(), ScalarValue::from("d"));
    }

    #[test]
    fn top_n() {
        let mut max = accumulator(Ordering::Greater, Some(0));
        let mut args = rows();
        args.push(Arc::new(Int64Array::from(vec![2; 4])));
        max.update_batch(&args).unwrap();
        let expected = ScalarValue::List(ScalarValue::new_list(
            &[ScalarValue::from("b"), ScalarValue::from("c")],
            &DataType::Utf8,
            true,
        ));
        assert_eq!(max.evaluate().unwrap(), expected);
        // Merging the state into an empty accumulator gives the same answer.
        let state: Vec<ArrayRef> = max
            .state()
            .unwrap()
            .iter()
            .map(|s| s.to_array().unwrap())
            .collect();
        let mut merged = accumulator(Ordering::Greater, Some(0));
        merged.merge_batch(&state).unwrap();
        assert_eq!(merged.evaluate().unwrap(), expected);
    }
}
