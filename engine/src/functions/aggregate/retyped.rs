//! DataFusion aggregates with Trino's result types:
//!
//! - `avg(decimal(p,s))` is `decimal(p,s)`, rounded half away from zero, where DataFusion
//!   returns `decimal(p+4,s+4)` truncated. Rounding the truncated `s+4`-digit average gives
//!   the same result as rounding the exact one, because every rounding boundary (`...5` at
//!   digit `s+1`) is representable with `s+4` digits.
//! - `sum(decimal(p,s))` is `decimal(38,s)`, where DataFusion returns `decimal(p+10,s)`.
//! - `approx_distinct(x)` is `bigint` (never NULL), where DataFusion answers an unsigned
//!   64-bit integer, which would read back as `decimal(20,0)`.
//!
//! Each wraps DataFusion's function: it accumulates as before (with its own result type) and
//! the finished values are converted to Trino's type. Other inputs of `avg` and `sum` keep
//! DataFusion's result.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use arrow::datatypes::{DECIMAL128_MAX_PRECISION, DataType, Decimal128Type, Field, FieldRef};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::functions_aggregate::approx_distinct::approx_distinct_udaf;
use datafusion::functions_aggregate::average::avg_udaf;
use datafusion::functions_aggregate::sum::sum_udaf;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Documentation, EmitTo, GroupsAccumulator,
    ReversedUDAF, SetMonotonicity, Signature,
};

/// Trino's `avg` (replaces DataFusion's under the same name).
pub fn avg() -> AggregateUDF {
    retyped(avg_udaf(), ResultRule::DecimalInputType)
}

/// Trino's `sum` (replaces DataFusion's under the same name).
pub fn sum() -> AggregateUDF {
    retyped(sum_udaf(), ResultRule::DecimalMaxPrecision)
}

/// Trino's `approx_distinct` (replaces DataFusion's under the same name).
pub fn approx_distinct() -> AggregateUDF {
    retyped(approx_distinct_udaf(), ResultRule::Bigint)
}

fn retyped(inner: Arc<AggregateUDF>, result: ResultRule) -> AggregateUDF {
    AggregateUDF::new_from_impl(Retyped { inner, result })
}

/// Trino's result type, from the input type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ResultRule {
    /// `decimal(p,s)` for a `decimal(p,s)` input.
    DecimalInputType,
    /// `decimal(38,s)` for a `decimal(p,s)` input.
    DecimalMaxPrecision,
    /// `bigint` for every input.
    Bigint,
}

impl ResultRule {
    /// Trino's type for `input`, when it differs from DataFusion's.
    fn result_type(self, input: &DataType) -> Option<DataType> {
        match (self, input) {
            (Self::Bigint, _) => Some(DataType::Int64),
            (Self::DecimalInputType, DataType::Decimal128(p, s)) => {
                Some(DataType::Decimal128(*p, *s))
            }
            (Self::DecimalMaxPrecision, DataType::Decimal128(_, s)) => {
                Some(DataType::Decimal128(DECIMAL128_MAX_PRECISION, *s))
            }
            _ => None,
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Retyped {
    inner: Arc<AggregateUDF>,
    result: ResultRule,
}

/// How a finished value is converted from DataFusion's result type to Trino's.
#[derive(Debug, Clone, Copy)]
enum Finish {
    /// A decimal rescaled to `scale`, rounding `dropped` digits half away from zero.
    Decimal {
        /// Digits dropped: DataFusion's scale minus Trino's.
        dropped: u32,
        precision: u8,
        scale: i8,
    },
    /// An integer cast to `bigint`.
    Bigint,
}

impl Retyped {
    /// How results for an input of `input` type are finished, and DataFusion's own result
    /// type for it; `None` when DataFusion's result is Trino's.
    fn finish(&self, input: &DataType) -> Result<Option<(Finish, DataType)>> {
        let Some(target) = self.result.result_type(input) else {
            return Ok(None);
        };
        let wide = self.inner.return_type(std::slice::from_ref(input))?;
        let finish = match (&target, &wide) {
            (DataType::Decimal128(precision, scale), DataType::Decimal128(_, wide_scale)) => {
                Finish::Decimal {
                    dropped: u32::try_from(i32::from(*wide_scale) - i32::from(*scale)).unwrap_or(0),
                    precision: *precision,
                    scale: *scale,
                }
            }
            (DataType::Int64, _) => Finish::Bigint,
            _ => return exec_err!("{} of {input} accumulates as {wide}", self.name()),
        };
        Ok(Some((finish, wide)))
    }

    /// DataFusion's accumulator arguments, with its own (wide) result type.
    fn inner_args<'a>(args: &AccumulatorArgs<'a>, wide: DataType) -> AccumulatorArgs<'a> {
        AccumulatorArgs {
            return_field: Arc::new(Field::new(args.return_field.name(), wide, true)),
            schema: args.schema,
            ignore_nulls: args.ignore_nulls,
            order_bys: args.order_bys,
            is_reversed: args.is_reversed,
            name: args.name,
            is_distinct: args.is_distinct,
            exprs: args.exprs,
            expr_fields: args.expr_fields,
        }
    }
}

impl AggregateUDFImpl for Retyped {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.inner.coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first().and_then(|t| self.result.result_type(t)) {
            Some(target) => Ok(target),
            None => self.inner.return_type(arg_types),
        }
    }

    /// DataFusion's state, from its own result type: the wrapped accumulators produce it
    /// (`sum` keeps its running total in the result type).
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let input = args.input_fields.first().map(|f| f.data_type().clone());
        match input.map(|t| self.finish(&t)).transpose()?.flatten() {
            Some((_, wide)) => self.inner.state_fields(StateFieldsArgs {
                return_field: Arc::new(Field::new(args.return_field.name(), wide, true)),
                ..args
            }),
            None => self.inner.state_fields(args),
        }
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        match self.finish(args.expr_fields[0].data_type())? {
            Some((finish, wide)) => Ok(Box::new(FinishedAccumulator {
                inner: self.inner.accumulator(Self::inner_args(&args, wide))?,
                finish,
            })),
            None => self.inner.accumulator(args),
        }
    }

    fn create_sliding_accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        match self.finish(args.expr_fields[0].data_type())? {
            Some((finish, wide)) => Ok(Box::new(FinishedAccumulator {
                inner: self
                    .inner
                    .create_sliding_accumulator(Self::inner_args(&args, wide))?,
                finish,
            })),
            None => self.inner.create_sliding_accumulator(args),
        }
    }

    fn default_value(&self, data_type: &DataType) -> Result<ScalarValue> {
        match self.result {
            ResultRule::Bigint => Ok(ScalarValue::Int64(Some(0))),
            _ => self.inner.default_value(data_type),
        }
    }

    fn is_nullable(&self) -> bool {
        self.result != ResultRule::Bigint && self.inner.is_nullable()
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        match self.finish(args.expr_fields[0].data_type()) {
            Ok(Some((_, wide))) => self
                .inner
                .groups_accumulator_supported(Self::inner_args(&args, wide)),
            Ok(None) => self.inner.groups_accumulator_supported(args),
            Err(_) => false,
        }
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        match self.finish(args.expr_fields[0].data_type())? {
            Some((finish, wide)) => Ok(Box::new(FinishedGroupsAccumulator {
                inner: self
                    .inner
                    .create_groups_accumulator(Self::inner_args(&args, wide))?,
                finish,
            })),
            None => self.inner.create_groups_accumulator(args),
        }
    }

    fn reverse_expr(&self) -> ReversedUDAF {
        ReversedUDAF::Identical
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        self.inner.order_sensitivity()
    }

    fn set_monotonicity(&self, data_type: &DataType) -> SetMonotonicity {
        self.inner.inner().set_monotonicity(data_type)
    }

    fn documentation(&self) -> Option<&Documentation> {
        self.inner.documentation()
    }
}

impl Finish {
    fn round(dropped: u32, value: i128) -> i128 {
        if dropped == 0 {
            return value;
        }
        let divisor = 10i128.pow(dropped);
        let (quotient, remainder) = (value / divisor, value % divisor);
        if remainder.unsigned_abs() * 2 >= divisor.unsigned_abs() {
            quotient + value.signum()
        } else {
            quotient
        }
    }

    fn scalar(&self, value: ScalarValue) -> Result<ScalarValue> {
        match (self, value) {
            (
                Finish::Decimal {
                    dropped,
                    precision,
                    scale,
                },
                ScalarValue::Decimal128(v, _, _),
            ) => Ok(ScalarValue::Decimal128(
                v.map(|v| Self::round(*dropped, v)),
                *precision,
                *scale,
            )),
            (Finish::Bigint, value) => value.cast_to(&DataType::Int64),
            (_, other) => exec_err!("a decimal aggregate finished as {}", other.data_type()),
        }
    }

    fn array(&self, array: &ArrayRef) -> Result<ArrayRef> {
        match self {
            Finish::Decimal {
                dropped,
                precision,
                scale,
            } if matches!(array.data_type(), DataType::Decimal128(_, _)) => {
                let rounded = array
                    .as_primitive::<Decimal128Type>()
                    .unary::<_, Decimal128Type>(|v| Self::round(*dropped, v))
                    .with_precision_and_scale(*precision, *scale)?;
                Ok(Arc::new(rounded))
            }
            Finish::Bigint => Ok(arrow::compute::cast(array, &DataType::Int64)?),
            Finish::Decimal { .. } => {
                exec_err!("a decimal aggregate finished as {}", array.data_type())
            }
        }
    }
}

#[derive(Debug)]
struct FinishedAccumulator {
    inner: Box<dyn Accumulator>,
    finish: Finish,
}

impl Accumulator for FinishedAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.inner.update_batch(values)
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.finish.scalar(self.inner.evaluate()?)
    }

    fn size(&self) -> usize {
        self.inner.size()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.inner.state()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.inner.merge_batch(states)
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.inner.retract_batch(values)
    }

    fn supports_retract_batch(&self) -> bool {
        self.inner.supports_retract_batch()
    }
}

struct FinishedGroupsAccumulator {
    inner: Box<dyn GroupsAccumulator>,
    finish: Finish,
}

impl GroupsAccumulator for FinishedGroupsAccumulator {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.inner
            .update_batch(values, group_indices, opt_filter, total_num_groups)
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        self.finish.array(&self.inner.evaluate(emit_to)?)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        self.inner.state(emit_to)
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.inner
            .merge_batch(values, group_indices, total_num_groups)
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        self.inner.convert_to_state(values, opt_filter)
    }

    fn size(&self) -> usize {
        self.inner.size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_round_half_away_from_zero() {
        // At scale 6, four digits dropped: 33.306666 -> 33.31, 1.005000 -> 1.01,
        // -1.005000 -> -1.01, 1.004999 -> 1.00
        assert_eq!(Finish::round(4, 33_306_666), 3331);
        assert_eq!(Finish::round(4, 1_005_000), 101);
        assert_eq!(Finish::round(4, -1_005_000), -101);
        assert_eq!(Finish::round(4, 1_004_999), 100);
    }

    #[test]
    fn decimal_results_have_trino_types() {
        let decimal = DataType::Decimal128(7, 2);
        assert_eq!(
            avg().return_type(&[decimal.clone()]).ok(),
            Some(decimal.clone())
        );
        assert_eq!(
            avg().return_type(&[DataType::Float64]).ok(),
            Some(DataType::Float64)
        );
        assert_eq!(
            sum().return_type(&[decimal]).ok(),
            Some(DataType::Decimal128(38, 2))
        );
        assert_eq!(
            sum().return_type(&[DataType::Int64]).ok(),
            Some(DataType::Int64)
        );
        assert_eq!(
            approx_distinct().return_type(&[DataType::Utf8]).ok(),
            Some(DataType::Int64)
        );
        assert!(!approx_distinct().is_nullable());
    }
}
