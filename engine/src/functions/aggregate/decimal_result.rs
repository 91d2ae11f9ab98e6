//! DataFusion's `avg` and `sum` with Trino's decimal result types:
//!
//! - `avg(decimal(p,s))` is `decimal(p,s)`, rounded half away from zero, where DataFusion
//!   returns `decimal(p+4,s+4)` truncated. Rounding the truncated `s+4`-digit average gives
//!   the same result as rounding the exact one, because every rounding boundary (`...5` at
//!   digit `s+1`) is representable with `s+4` digits.
//! - `sum(decimal(p,s))` is `decimal(38,s)`, where DataFusion returns `decimal(p+10,s)`.
//!
//! Both wrap DataFusion's function: it accumulates as before (with its own result type) and
//! the finished values are rescaled to Trino's type. Other inputs keep DataFusion's result.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use arrow::datatypes::{DECIMAL128_MAX_PRECISION, DataType, Decimal128Type, Field, FieldRef};
use datafusion::common::{Result, ScalarValue, exec_err};
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
    AggregateUDF::new_from_impl(TrinoDecimalResult {
        inner: avg_udaf(),
        result: DecimalRule::InputType,
    })
}

/// Trino's `sum` (replaces DataFusion's under the same name).
pub fn sum() -> AggregateUDF {
    AggregateUDF::new_from_impl(TrinoDecimalResult {
        inner: sum_udaf(),
        result: DecimalRule::MaxPrecision,
    })
}

/// Trino's result type for a `decimal(p,s)` input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DecimalRule {
    /// `decimal(p,s)`.
    InputType,
    /// `decimal(38,s)`.
    MaxPrecision,
}

impl DecimalRule {
    fn apply(self, precision: u8, scale: i8) -> (u8, i8) {
        match self {
            Self::InputType => (precision, scale),
            Self::MaxPrecision => (DECIMAL128_MAX_PRECISION, scale),
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TrinoDecimalResult {
    inner: Arc<AggregateUDF>,
    result: DecimalRule,
}

/// How a finished decimal is rescaled: from DataFusion's result type to Trino's.
#[derive(Debug, Clone, Copy)]
struct Rounding {
    /// Digits dropped: DataFusion's scale minus Trino's.
    dropped: u32,
    precision: u8,
    scale: i8,
}

impl TrinoDecimalResult {
    /// The rounding for an input of `input` type, if it is a decimal.
    fn rounding(&self, input: &DataType) -> Result<Option<(Rounding, DataType)>> {
        let DataType::Decimal128(precision, scale) = input else {
            return Ok(None);
        };
        let (precision, scale) = self.result.apply(*precision, *scale);
        let wide = self.inner.return_type(std::slice::from_ref(input))?;
        let DataType::Decimal128(_, wide_scale) = wide else {
            return exec_err!("{} of {input} accumulates as {wide}", self.name());
        };
        let dropped = u32::try_from(i32::from(wide_scale) - i32::from(scale)).unwrap_or(0);
        Ok(Some((
            Rounding {
                dropped,
                precision,
                scale,
            },
            wide,
        )))
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

impl AggregateUDFImpl for TrinoDecimalResult {
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
        match arg_types {
            [DataType::Decimal128(precision, scale)] => {
                let (precision, scale) = self.result.apply(*precision, *scale);
                Ok(DataType::Decimal128(precision, scale))
            }
            _ => self.inner.return_type(arg_types),
        }
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        self.inner.state_fields(args)
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        match self.rounding(args.expr_fields[0].data_type())? {
            Some((rounding, wide)) => Ok(Box::new(RoundedAccumulator {
                inner: self.inner.accumulator(Self::inner_args(&args, wide))?,
                rounding,
            })),
            None => self.inner.accumulator(args),
        }
    }

    fn create_sliding_accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        match self.rounding(args.expr_fields[0].data_type())? {
            Some((rounding, wide)) => Ok(Box::new(RoundedAccumulator {
                inner: self
                    .inner
                    .create_sliding_accumulator(Self::inner_args(&args, wide))?,
                rounding,
            })),
            None => self.inner.create_sliding_accumulator(args),
        }
    }

    fn default_value(&self, data_type: &DataType) -> Result<ScalarValue> {
        self.inner.default_value(data_type)
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        match self.rounding(args.expr_fields[0].data_type()) {
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
        match self.rounding(args.expr_fields[0].data_type())? {
            Some((rounding, wide)) => Ok(Box::new(RoundedGroupsAccumulator {
                inner: self
                    .inner
                    .create_groups_accumulator(Self::inner_args(&args, wide))?,
                rounding,
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

impl Rounding {
    fn round(&self, value: i128) -> i128 {
        if self.dropped == 0 {
            return value;
        }
        let divisor = 10i128.pow(self.dropped);
        let (quotient, remainder) = (value / divisor, value % divisor);
        if remainder.unsigned_abs() * 2 >= divisor.unsigned_abs() {
            quotient + value.signum()
        } else {
            quotient
        }
    }

    fn round_scalar(&self, value: ScalarValue) -> Result<ScalarValue> {
        match value {
            ScalarValue::Decimal128(v, _, _) => Ok(ScalarValue::Decimal128(
                v.map(|v| self.round(v)),
                self.precision,
                self.scale,
            )),
            other => exec_err!("a decimal aggregate finished as {}", other.data_type()),
        }
    }

    fn round_array(&self, array: &ArrayRef) -> Result<ArrayRef> {
        if !matches!(array.data_type(), DataType::Decimal128(_, _)) {
            return exec_err!("a decimal aggregate finished as {}", array.data_type());
        }
        let rounded = array
            .as_primitive::<Decimal128Type>()
            .unary::<_, Decimal128Type>(|v| self.round(v))
            .with_precision_and_scale(self.precision, self.scale)?;
        Ok(Arc::new(rounded))
    }
}

#[derive(Debug)]
struct RoundedAccumulator {
    inner: Box<dyn Accumulator>,
    rounding: Rounding,
}

impl Accumulator for RoundedAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.inner.update_batch(values)
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.rounding.round_scalar(self.inner.evaluate()?)
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

struct RoundedGroupsAccumulator {
    inner: Box<dyn GroupsAccumulator>,
    rounding: Rounding,
}

impl GroupsAccumulator for RoundedGroupsAccumulator {
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
        self.rounding.round_array(&self.inner.evaluate(emit_to)?)
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
        let rounding = Rounding {
            dropped: 4,
            precision: 5,
            scale: 2,
        };
        // At scale 6: 33.306666 -> 33.31, 1.005000 -> 1.01, -1.005000 -> -1.01,
        // 1.004999 -> 1.00
        assert_eq!(rounding.round(33_306_666), 3331);
        assert_eq!(rounding.round(1_005_000), 101);
        assert_eq!(rounding.round(-1_005_000), -101);
        assert_eq!(rounding.round(1_004_999), 100);
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
    }
}
