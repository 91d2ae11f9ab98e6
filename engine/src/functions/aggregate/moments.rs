//! Aggregates over power sums of `double` values: `geometric_mean`, `skewness` and
//! `kurtosis`. NULL inputs are ignored.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, FieldRef, Float64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

/// Which statistic a [`Moments`] aggregate computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Statistic {
    /// `exp(avg(ln(x)))`.
    GeometricMean,
    /// Fisher's moment coefficient of skewness.
    Skewness,
    /// Excess kurtosis with the unbiased estimator of Trino's docs.
    Kurtosis,
}

/// `geometric_mean`, `skewness` and `kurtosis`.
pub(super) fn moment_functions() -> Vec<AggregateUDF> {
    [
        (Statistic::GeometricMean, "geometric_mean"),
        (Statistic::Skewness, "skewness"),
        (Statistic::Kurtosis, "kurtosis"),
    ]
    .into_iter()
    .map(|(statistic, name)| {
        AggregateUDF::new_from_impl(Moments {
            statistic,
            name,
            signature: Signature::user_defined(Volatility::Immutable),
        })
    })
    .collect()
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Moments {
    statistic: Statistic,
    name: &'static str,
    signature: Signature,
}

/// Names of the state: the count and the power sums.
const STATE: [&str; 5] = ["count", "sum1", "sum2", "sum3", "sum4"];

impl AggregateUDFImpl for Moments {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] if t.is_numeric() || t.is_null() => Ok(vec![DataType::Float64]),
            _ => plan_err!("{} takes one number", self.name),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(STATE
            .iter()
            .map(|s| {
                Arc::new(Field::new(
                    format_state_name(args.name, s),
                    DataType::Float64,
                    false,
                ))
            })
            .collect())
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(MomentsAccumulator {
            statistic: self.statistic,
            sums: [0.0; 5],
        }))
    }
}

#[derive(Debug)]
struct MomentsAccumulator {
    statistic: Statistic,
    /// Count, then the sums of `x`, `x²`, `x³`, `x⁴` (of `ln x` only, for the geometric
    /// mean).
    sums: [f64; 5],
}

impl MomentsAccumulator {
    fn add(&mut self, x: f64) {
        let x = match self.statistic {
            Statistic::GeometricMean => x.ln(),
            _ => x,
        };
        self.sums[0] += 1.0;
        self.sums[1] += x;
        self.sums[2] += x * x;
        self.sums[3] += x * x * x;
        self.sums[4] += x * x * x * x;
    }

    fn value(&self) -> Option<f64> {
        let [n, s1, s2, s3, s4] = self.sums;
        let mean = s1 / n;
        // Sums of the 2nd, 3rd and 4th powers of the deviations from the mean.
        let m2 = s2 - n * mean * mean;
        let m3 = s3 - 3.0 * mean * s2 + 2.0 * n * mean.powi(3);
        let m4 = s4 - 4.0 * mean * s3 + 6.0 * mean * mean * s2 - 3.0 * n * mean.powi(4);
        match self.statistic {
            Statistic::GeometricMean => (n > 0.0).then(|| mean.exp()),
            Statistic::Skewness => (n >= 3.0).then(|| n.sqrt() * m3 / m2.powf(1.5)),
            Statistic::Kurtosis => (n >= 4.0).then(|| {
                let variance = m2 / (n - 1.0);
                n * (n + 1.0) / ((n - 1.0) * (n - 2.0) * (n - 3.0)) * m4 / (variance * variance)
                    - 3.0 * (n - 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
            }),
        }
    }
}

impl Accumulator for MomentsAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(values) = values.first() else {
            return plan_err!("missing argument");
        };
        let values = cast(values, &DataType::Float64)?;
        for x in values.as_primitive::<Float64Type>().iter().flatten() {
            self.add(x);
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Float64(self.value()))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(self
            .sums
            .iter()
            .map(|s| ScalarValue::Float64(Some(*s)))
            .collect())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != STATE.len() {
            return plan_err!("bad moments state");
        }
        for (sum, state) in self.sums.iter_mut().zip(states) {
            let state = state.as_primitive::<Float64Type>();
            *sum += (0..state.len())
                .filter(|i| state.is_valid(*i))
                .map(|i| state.value(i))
                .sum::<f64>();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compute(statistic: Statistic, values: &[f64]) -> Option<f64> {
        let mut acc = MomentsAccumulator {
            statistic,
            sums: [0.0; 5],
        };
        values.iter().for_each(|v| acc.add(*v));
        acc.value()
    }

    #[test]
    fn statistics() {
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-9;
        assert!(close(
            compute(Statistic::GeometricMean, &[1.0, 2.0, 4.0]),
            2.0
        ));
        assert!(close(compute(Statistic::Skewness, &[1.0, 2.0, 3.0]), 0.0));
        assert!(close(
            compute(Statistic::Kurtosis, &[1.0, 2.0, 3.0, 4.0, 10.0]),
            3.152
        ));
        assert_eq!(compute(Statistic::Kurtosis, &[1.0, 2.0]), None);
        assert_eq!(compute(Statistic::GeometricMean, &[]), None);
    }
}
