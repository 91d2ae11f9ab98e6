//! Trino aggregate functions: DataFusion's under Trino's names (`every`, `arbitrary`,
//! `variance`, `bitwise_and_agg`, ...), and the ones DataFusion lacks: `count_if`,
//! `max_by`/`min_by` ([`by`]), `geometric_mean`,
//! `skewness`, `kurtosis` ([`moments`]), `histogram`, `map_agg`, `multimap_agg` ([`maps`]),
//! and `avg`, `sum` and `approx_distinct` with Trino's result types ([`retyped`]).

mod by;
mod maps;
mod moments;
mod retyped;

use std::sync::Arc;

use arrow::array::{ArrayRef, AsArray, BooleanArray};
use arrow::datatypes::{DataType, Field, FieldRef, Int64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::functions_aggregate::{any_value, bit_and_or_xor, bool_and_or, variance};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

/// Every aggregate function this module adds to a session.
pub fn trino_aggregates() -> Vec<AggregateUDF> {
    let renamed = |udaf: Arc<AggregateUDF>, aliases: &[&'static str]| {
        udaf.as_ref().clone().with_aliases(aliases.iter().copied())
    };
    let mut functions = vec![
        renamed(bool_and_or::bool_and_udaf(), &["every"]),
        renamed(any_value::any_value_udaf(), &["arbitrary"]),
        renamed(variance::var_samp_udaf(), &["variance"]),
        renamed(bit_and_or_xor::bit_and_udaf(), &["bitwise_and_agg"]),
        renamed(bit_and_or_xor::bit_or_udaf(), &["bitwise_or_agg"]),
        renamed(bit_and_or_xor::bit_xor_udaf(), &["bitwise_xor_agg"]),
        AggregateUDF::new_from_impl(CountIf {
            signature: Signature::exact(vec![DataType::Boolean], Volatility::Immutable),
        }),
    ];
    functions.push(retyped::avg());
    functions.push(retyped::sum());
    functions.push(retyped::approx_distinct());
    functions.extend(by::by_functions());
    functions.extend(moments::moment_functions());
    functions.extend(maps::map_functions());
    functions
}

/// `count_if(condition)`: the number of rows where `condition` is true.
#[derive(Debug, PartialEq, Eq, Hash)]
struct CountIf {
    signature: Signature,
}

impl AggregateUDFImpl for CountIf {
    fn name(&self) -> &str {
        "count_if"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format_state_name(args.name, "count"),
            DataType::Int64,
            false,
        ))])
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(CountIfAccumulator { count: 0 }))
    }

    fn default_value(&self, _data_type: &DataType) -> Result<ScalarValue> {
        Ok(ScalarValue::Int64(Some(0)))
    }
}

#[derive(Debug)]
struct CountIfAccumulator {
    count: i64,
}

impl Accumulator for CountIfAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(conditions) = values.first() else {
            return plan_err!("count_if takes one argument");
        };
        let conditions: &BooleanArray = conditions.as_boolean();
        self.count += conditions.true_count() as i64;
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Int64(Some(self.count)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Int64(Some(self.count))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(counts) = states.first() else {
            return plan_err!("count_if: missing state");
        };
        let counts = counts.as_primitive::<Int64Type>();
        self.count += counts.iter().flatten().sum::<i64>();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::BooleanArray;

    #[test]
    fn count_if_counts_true_rows() {
        let mut acc = CountIfAccumulator { count: 0 };
        let rows: ArrayRef = Arc::new(BooleanArray::from(vec![
            Some(true),
            Some(false),
            None,
            Some(true),
        ]));
        acc.update_batch(&[rows]).unwrap();
        let state: ArrayRef = Arc::new(arrow::array::Int64Array::from(vec![3]));
        acc.merge_batch(&[state]).unwrap();
        assert_eq!(acc.evaluate().unwrap(), ScalarValue::Int64(Some(5)));
    }

    #[test]
    fn aliases_resolve() {
        let names: Vec<String> = trino_aggregates()
            .iter()
            .flat_map(|f| std::iter::once(f.name().to_string()).chain(f.aliases().iter().cloned()))
            .collect();
        for name in [
            "every",
            "arbitrary",
            "variance",
            "bitwise_xor_agg",
            "count_if",
        ] {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
    }
}
