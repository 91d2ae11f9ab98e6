//! Encoding Arrow record batches into the rows of `QueryResults.data` (spec §2).
//!
//! Rows are written directly as JSON text, each row a JSON array of column values, so the
//! server can splice them into a response as a [`RawValue`](serde_json::value::RawValue):
//!
//! ```
//! # use std::sync::Arc;
//! # use arrow::array::{Int32Array, RecordBatch};
//! # use protocol::{ClientCapabilities, RowEncoder, TrinoType};
//! let batch = RecordBatch::try_from_iter([("x", Arc::new(Int32Array::from(vec![1, 2])) as _)]).unwrap();
//! let encoder = RowEncoder::new(vec![TrinoType::Integer], ClientCapabilities::ALL);
//! let mut data = String::from("[");
//! let rows = encoder.write_rows(&batch, 0, &mut data, 1 << 20).unwrap();
//! data.push(']');
//! assert_eq!((rows, data.as_str()), (2, "[[1],[2]]"));
//! ```
//!
//! Value formats follow Trino's `JsonEncodingUtils`: decimals, dates, times, timestamps,
//! intervals and binary values are JSON strings, doubles always carry a `.` or exponent,
//! non-finite doubles are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, maps are JSON
//! objects keyed by the text of the key, rows are positional arrays, and SQL NULL is `null`
//! at every level. Without the `PARAMETRIC_DATETIME` capability, time and timestamp values
//! are rounded to (and printed with) 3 fractional digits.

mod json;
mod temporal;
mod writers;

use std::fmt;

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, TimeUnit};
use arrow::error::ArrowError;
use thiserror::Error;

use crate::capabilities::ClientCapabilities;
use crate::results::Column;
use crate::types::TrinoType;
use writers::{Encode, build, write_value};

/// A batch that cannot be encoded.
#[derive(Debug, Error)]
pub enum EncodeError {
    /// The batch does not have one column per encoder type.
    #[error("record batch has {actual} columns, the encoder expects {expected}")]
    ColumnCount {
        /// Number of Trino types given to the encoder.
        expected: usize,
        /// Number of columns in the batch.
        actual: usize,
    },
    /// The Arrow column had to be converted and Arrow could not convert it.
    #[error(
        "column {column}: cannot convert Arrow {from} to {to} to encode it as {trino}: {source}"
    )]
    Cast {
        /// Column index.
        column: usize,
        /// Trino type of the column.
        trino: TrinoType,
        /// Arrow type of the data.
        from: DataType,
        /// Arrow type the data was cast to.
        to: DataType,
        /// Arrow's error.
        #[source]
        source: ArrowError,
    },
    /// The Arrow column cannot hold values of the column's Trino type.
    #[error("column {column}: Arrow {arrow} cannot be encoded as {trino}")]
    Unsupported {
        /// Column index.
        column: usize,
        /// Trino type of the column.
        trino: TrinoType,
        /// Arrow type of the data.
        arrow: DataType,
    },
    /// The Arrow timestamp's time zone is neither an offset nor a known IANA zone.
    #[error("column {column}: unknown time zone `{zone}`")]
    TimeZone {
        /// Column index.
        column: usize,
        /// The Arrow timezone string.
        zone: String,
    },
    /// One value cannot be represented in its Trino type.
    #[error("column {column}, row {row}: {source}")]
    Value {
        /// Column index.
        column: usize,
        /// Row index within the batch.
        row: usize,
        /// What is wrong with the value.
        #[source]
        source: ValueError,
    },
}

/// A single value that cannot be represented in its Trino type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    /// A time value outside one day.
    #[error("time value {value} ({unit:?}) is not a time of day")]
    TimeOfDay {
        /// Raw Arrow value.
        value: i64,
        /// Its unit.
        unit: TimeUnit,
    },
    /// A timestamp outside the range that can be converted to its time zone.
    #[error("timestamp value {value} ({unit:?}) is out of range")]
    Timestamp {
        /// Raw Arrow value.
        value: i64,
        /// Its unit.
        unit: TimeUnit,
    },
    /// A month-day-nano interval with months, typed `interval day to second`.
    #[error("an interval of {months} month(s) cannot be represented as interval day to second")]
    MonthsInDayToSecond {
        /// The months part.
        months: i32,
    },
    /// A month-day-nano interval with days or nanoseconds, typed `interval year to month`.
    #[error(
        "an interval of {days} day(s) and {nanoseconds} ns cannot be represented as interval year to month"
    )]
    DaysInYearToMonth {
        /// The days part.
        days: i32,
        /// The nanoseconds part.
        nanoseconds: i64,
    },
    /// A duration too large for milliseconds.
    #[error("duration {value} ({unit:?}) overflows interval day to second")]
    Duration {
        /// Raw Arrow value.
        value: i64,
        /// Its unit.
        unit: TimeUnit,
    },
}

/// The `columns` entry of a result column as seen by a client with `caps`.
pub fn column(name: &str, ty: &TrinoType, caps: &ClientCapabilities) -> Column {
    Column {
        name: name.to_owned(),
        ty: ty.type_string_for(caps),
        type_signature: ty.client_type_signature(caps),
    }
}

/// Encodes record batches of a fixed schema for one client.
#[derive(Debug, Clone)]
pub struct RowEncoder {
    types: Vec<TrinoType>,
    caps: ClientCapabilities,
}

impl RowEncoder {
    /// An encoder for batches whose columns have `types`, for a client with `caps`.
    pub fn new(types: Vec<TrinoType>, caps: ClientCapabilities) -> Self {
        RowEncoder { types, caps }
    }

    /// The Trino types of the columns.
    pub fn types(&self) -> &[TrinoType] {
        &self.types
    }

    /// Resolves the columns of `batch` once (including any Arrow casts), so that its rows
    /// can be written in several pieces without repeating that work.
    pub fn prepare(&self, batch: &RecordBatch) -> Result<PreparedBatch, EncodeError> {
        if batch.num_columns() != self.types.len() {
            return Err(EncodeError::ColumnCount {
                expected: self.types.len(),
                actual: batch.num_columns(),
            });
        }
        let columns = self
            .types
            .iter()
            .zip(batch.columns())
            .enumerate()
            .map(|(column, (ty, array))| build(ty, array, self.caps.parametric_datetime, column))
            .collect::<Result<_, _>>()?;
        Ok(PreparedBatch {
            columns,
            num_rows: batch.num_rows(),
        })
    }

    /// Appends the rows of `batch` from `offset` on to `out`, as for
    /// [`PreparedBatch::write_rows`].
    pub fn write_rows(
        &self,
        batch: &RecordBatch,
        offset: usize,
        out: &mut String,
        byte_limit: usize,
    ) -> Result<usize, EncodeError> {
        self.prepare(batch)?.write_rows(offset, out, byte_limit)
    }
}

/// A record batch ready to be written as JSON rows (see [`RowEncoder::prepare`]).
pub struct PreparedBatch {
    columns: Vec<Box<dyn Encode>>,
    num_rows: usize,
}

impl PreparedBatch {
    /// Number of rows in the batch.
    pub fn num_rows(&self) -> usize {
        self.num_rows
    }

    /// Appends rows starting at `offset` to `out`, each as a JSON array, and returns how
    /// many were written.
    ///
    /// A `,` is written before each row unless `out` is empty or ends with `[`, so the
    /// caller writes the opening `[` once, calls this for as many batches as it likes, and
    /// closes with `]`. Writing stops after the first whole row that makes
    /// `out.len() >= byte_limit` (so at least one row is written when any remain).
    /// On error, `out` is restored to its length at the call.
    pub fn write_rows(
        &self,
        offset: usize,
        out: &mut String,
        byte_limit: usize,
    ) -> Result<usize, EncodeError> {
        let start = out.len();
        let mut written = 0;
        for row in offset..self.num_rows {
            if !out.is_empty() && !out.ends_with('[') {
                out.push(',');
            }
            out.push('[');
            for (column, writer) in self.columns.iter().enumerate() {
                if column > 0 {
                    out.push(',');
                }
                if let Err(source) = write_value(writer.as_ref(), row, out) {
                    out.truncate(start);
                    return Err(EncodeError::Value {
                        column,
                        row,
                        source,
                    });
                }
            }
            out.push(']');
            written += 1;
            if out.len() >= byte_limit {
                break;
            }
        }
        Ok(written)
    }
}

impl fmt::Debug for PreparedBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedBatch")
            .field("columns", &self.columns.len())
            .field("num_rows", &self.num_rows)
            .finish()
    }
}

pub use temporal::is_utc_zone_name;

/// The text of each value of `array`, of Trino type `ty`, as Trino writes it on the wire
/// without JSON quoting: `2020-01-02 03:04:05.678`, `01:02:03.4`,
/// `2020-01-02 03:04:05.678 America/New_York`. That is also Trino's `CAST(x AS varchar)` of
/// dates, times and timestamps. `None` for NULL.
pub fn value_texts(
    ty: &TrinoType,
    array: &arrow::array::ArrayRef,
) -> Result<Vec<Option<String>>, EncodeError> {
    let writer = build(ty, array, true, 0)?;
    (0..array.len())
        .map(|row| {
            if writer.is_null(row) {
                return Ok(None);
            }
            let mut text = String::new();
            writer
                .text(row, &mut text)
                .map_err(|source| EncodeError::Value {
                    column: 0,
                    row,
                    source,
                })?;
            Ok(Some(text))
        })
        .collect()
}

/// Appends `value` as Java's `Double.toString` writes it (`1.0`, `1.0E10`, `4.9E-324`, `NaN`,
/// `-Infinity`): the text Trino uses for doubles on the wire and inside JSON values.
pub fn java_double_text(value: f64, out: &mut String) {
    json::write_float_text(value, out);
}

#[cfg(test)]
mod tests;
