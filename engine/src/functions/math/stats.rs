//! Distribution functions: `normal_cdf`, `inverse_normal_cdf`, `beta_cdf`,
//! `inverse_beta_cdf`, `t_pdf`, `t_cdf`, and the Wilson score interval bounds, on `double`s.

use std::sync::Arc;

use arrow::array::Float64Array;
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};

use crate::functions::args::{Batch, Returns, float64, function, int64};
use crate::functions::error::invalid_argument;

/// The distribution functions, for registration.
pub(super) fn stats_functions() -> Vec<ScalarUDF> {
    let three_doubles = || vec![vec![float64(), float64(), float64()]];
    let double = || Returns::Type(DataType::Float64);
    vec![
        function("normal_cdf", three_doubles(), double(), normal_cdf),
        function(
            "inverse_normal_cdf",
            three_doubles(),
            double(),
            inverse_normal_cdf,
        ),
        function("beta_cdf", three_doubles(), double(), beta_cdf),
        function(
            "inverse_beta_cdf",
            three_doubles(),
            double(),
            inverse_beta_cdf,
        ),
        function("t_pdf", vec![vec![float64(), float64()]], double(), t_pdf),
        function("t_cdf", vec![vec![float64(), float64()]], double(), t_cdf),
        function(
            "wilson_interval_lower",
            vec![vec![int64(), int64(), float64()]],
            double(),
            wilson_interval_lower,
        ),
        function(
            "wilson_interval_upper",
            vec![vec![int64(), int64(), float64()]],
            double(),
            wilson_interval_upper,
        ),
    ]
}

/// Applies `f` to the two `double` arguments of every row (NULL if either is NULL).
fn binary(batch: &Batch<'_>, f: fn(f64, f64) -> Result<f64>) -> Result<ColumnarValue> {
    let (a, b) = (batch.doubles(0)?, batch.doubles(1)?);
    let out = (0..batch.rows)
        .map(|i| match (a.get(i), b.get(i)) {
            (Some(a), Some(b)) => f(a, b).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Float64Array>>()?;
    batch.finish(Arc::new(out))
}

/// Checks the degrees of freedom of Student's t-distribution.
fn check_degrees(df: f64) -> Result<()> {
    if df > 0.0 && df.fract() == 0.0 {
        Ok(())
    } else {
        Err(invalid_argument(
            "degrees of freedom must be a positive integer",
        ))
    }
}

/// The density of Student's t-distribution with `df` degrees of freedom at `x`.
fn t_pdf_value(x: f64, df: f64) -> Result<f64> {
    check_degrees(df)?;
    let log_norm = libm::lgamma((df + 1.0) / 2.0)
        - libm::lgamma(df / 2.0)
        - 0.5 * (df * std::f64::consts::PI).ln();
    Ok((log_norm - (df + 1.0) / 2.0 * (1.0 + x * x / df).ln()).exp())
}

fn t_pdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, t_pdf_value)
}

/// The distribution function of Student's t-distribution, through the incomplete beta
/// function.
fn t_cdf_value(x: f64, df: f64) -> Result<f64> {
    check_degrees(df)?;
    let tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + x * x));
    Ok(if x > 0.0 { 1.0 - tail } else { tail })
}

fn t_cdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, t_cdf_value)
}

/// The lower (`sign` = -1) or upper (+1) bound of the Wilson score interval.
fn wilson_bound(successes: i64, trials: i64, z: f64, sign: f64) -> Result<f64> {
    if successes < 0 {
        return Err(invalid_argument("number of successes must not be negative"));
    }
    if trials <= 0 {
        return Err(invalid_argument("number of trials must be positive"));
    }
    if successes > trials {
        return Err(invalid_argument(
            "number of successes must not be larger than number of trials",
        ));
    }
    if z < 0.0 {
        return Err(invalid_argument("z-score must not be negative"));
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let center = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Ok((center + sign * spread) / (1.0 + z2 / n))
}

fn wilson(batch: &Batch<'_>, sign: f64) -> Result<ColumnarValue> {
    let (s, n, z) = (batch.ints(0)?, batch.ints(1)?, batch.doubles(2)?);
    let out = (0..batch.rows)
        .map(|i| match (s.get(i), n.get(i), z.get(i)) {
            (Some(s), Some(n), Some(z)) => wilson_bound(s, n, z, sign).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Float64Array>>()?;
    batch.finish(Arc::new(out))
}

fn wilson_interval_lower(batch: &Batch<'_>) -> Result<ColumnarValue> {
    wilson(batch, -1.0)
}

fn wilson_interval_upper(batch: &Batch<'_>) -> Result<ColumnarValue> {
    wilson(batch, 1.0)
}

/// Applies `f` to the three `double` arguments of every row (NULL if any is NULL).
fn ternary(batch: &Batch<'_>, f: fn(f64, f64, f64) -> Result<f64>) -> Result<ColumnarValue> {
    let (a, b, c) = (batch.doubles(0)?, batch.doubles(1)?, batch.doubles(2)?);
    let out = (0..batch.rows)
        .map(|i| match (a.get(i), b.get(i), c.get(i)) {
            (Some(a), Some(b), Some(c)) => f(a, b, c).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Float64Array>>()?;
    batch.finish(Arc::new(out))
}

/// The standard normal distribution function.
fn standard_normal(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The `x` in `[low, high]` where the increasing function `f` reaches `target`, by
/// bisection down to adjacent doubles.
fn bisect(f: impl Fn(f64) -> f64, target: f64, mut low: f64, mut high: f64) -> f64 {
    for _ in 0..2000 {
        let mid = low + (high - low) / 2.0;
        if mid <= low || mid >= high {
            break;
        }
        if f(mid) < target {
            low = mid;
        } else {
            high = mid;
        }
    }
    low + (high - low) / 2.0
}

fn normal_cdf_value(mean: f64, sd: f64, value: f64) -> Result<f64> {
    if sd <= 0.0 {
        return Err(invalid_argument("standardDeviation must be > 0"));
    }
    Ok(standard_normal((value - mean) / sd))
}

fn normal_cdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    ternary(batch, normal_cdf_value)
}

fn inverse_normal_cdf_value(mean: f64, sd: f64, p: f64) -> Result<f64> {
    if !(p > 0.0 && p < 1.0) {
        return Err(invalid_argument("p must be 0 > p > 1"));
    }
    if sd <= 0.0 {
        return Err(invalid_argument("sd must be > 0"));
    }
    Ok(mean + sd * bisect(standard_normal, p, -40.0, 40.0))
}

fn inverse_normal_cdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    ternary(batch, inverse_normal_cdf_value)
}

/// The continued fraction of the regularized incomplete beta function (modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..=1000 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a - 1.0 + 2.0 * m) * (a + 2.0 * m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 1.0 + 2.0 * m));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function `I_x(a, b)`.
fn regularized_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let log_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = log_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn check_shape(a: f64, b: f64) -> Result<()> {
    if a <= 0.0 {
        return Err(invalid_argument("a must be > 0"));
    }
    if b <= 0.0 {
        return Err(invalid_argument("b must be > 0"));
    }
    Ok(())
}

fn beta_cdf_value(a: f64, b: f64, value: f64) -> Result<f64> {
    check_shape(a, b)?;
    if !(0.0..=1.0).contains(&value) {
        return Err(invalid_argument("value must be in the interval [0, 1]"));
    }
    Ok(regularized_beta(a, b, value))
}

fn beta_cdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    ternary(batch, beta_cdf_value)
}

fn inverse_beta_cdf_value(a: f64, b: f64, p: f64) -> Result<f64> {
    check_shape(a, b)?;
    if !(0.0..=1.0).contains(&p) {
        return Err(invalid_argument("p must be in the interval [0, 1]"));
    }
    Ok(match p {
        0.0 => 0.0,
        1.0 => 1.0,
        _ => bisect(|x| regularized_beta(a, b, x), p, 0.0, 1.0),
    })
}

fn inverse_beta_cdf(batch: &Batch<'_>) -> Result<ColumnarValue> {
    ternary(batch, inverse_beta_cdf_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_distribution() {
        assert_eq!(normal_cdf_value(10.0, 9.0, 10.0).unwrap(), 0.5);
        assert!(normal_cdf_value(0.0, 0.0, 0.5).is_err());
        assert!((inverse_normal_cdf_value(0.0, 1.0, 0.975).unwrap() - 1.959964).abs() < 1e-6);
        assert!(inverse_normal_cdf_value(4.0, 48.0, 0.0).is_err());
    }

    #[test]
    fn t_distribution() {
        // With one degree of freedom t is Cauchy: pdf(0) = 1/pi, cdf(1) = 3/4.
        assert!((t_pdf_value(0.0, 1.0).unwrap() - 1.0 / std::f64::consts::PI).abs() < 1e-12);
        assert!((t_cdf_value(1.0, 1.0).unwrap() - 0.75).abs() < 1e-12);
        assert!((t_cdf_value(0.0, 5.0).unwrap() - 0.5).abs() < 1e-12);
        assert!(t_cdf_value(0.0, 0.0).is_err());
    }

    #[test]
    fn wilson_interval() {
        // 5 of 10 with z = 0 is the point estimate.
        assert_eq!(wilson_bound(5, 10, 0.0, -1.0).unwrap(), 0.5);
        let low = wilson_bound(5, 10, 1.96, -1.0).unwrap();
        let high = wilson_bound(5, 10, 1.96, 1.0).unwrap();
        assert!((low + high - 1.0).abs() < 1e-12 && low < 0.5);
        assert!(wilson_bound(11, 10, 1.0, 1.0).is_err());
    }

    #[test]
    fn beta_distribution() {
        assert_eq!(beta_cdf_value(3.0, 3.6, 0.0).unwrap(), 0.0);
        assert_eq!(beta_cdf_value(3.0, 3.6, 1.0).unwrap(), 1.0);
        // I_0.5(2, 2) = 0.5 by symmetry; I_x(1, 1) = x.
        assert!((beta_cdf_value(2.0, 2.0, 0.5).unwrap() - 0.5).abs() < 1e-12);
        assert!((beta_cdf_value(1.0, 1.0, 0.3).unwrap() - 0.3).abs() < 1e-12);
        assert!(beta_cdf_value(3.0, 5.0, 1.1).is_err());
        assert_eq!(inverse_beta_cdf_value(3.0, 3.6, 1.0).unwrap(), 1.0);
        assert!((inverse_beta_cdf_value(1.0, 1.0, 0.3).unwrap() - 0.3).abs() < 1e-12);
    }
}
