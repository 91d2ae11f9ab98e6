//! The clauses of a SQL/JSON call (`PASSING`, `RETURNING`, `ON EMPTY`, `ON ERROR`, wrapper,
//! quotes, `ON NULL`, unique keys), carried from the SQL rewrite to the function as one
//! JSON string literal argument.

use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use serde::{Deserialize, Serialize};

/// The character encoding of a binary JSON text (`FORMAT JSON ENCODING ...`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8, the default.
    #[default]
    Utf8,
    /// UTF-16, little endian.
    Utf16,
    /// UTF-32, little endian.
    Utf32,
}

/// What an `ON EMPTY` / `ON ERROR` clause returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Behavior {
    /// SQL `NULL` (`UNKNOWN` of `json_exists`).
    #[default]
    Null,
    /// Fail the query.
    Error,
    /// `TRUE` (`json_exists`).
    True,
    /// `FALSE` (`json_exists`).
    False,
    /// `[]` (`json_query`).
    EmptyArray,
    /// `{}` (`json_query`).
    EmptyObject,
    /// The `DEFAULT expression` argument (`json_value`).
    Default,
}

/// The array wrapper of `json_query`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wrapper {
    /// `WITHOUT ARRAY WRAPPER`: the path must give one item.
    #[default]
    Without,
    /// `WITH CONDITIONAL ARRAY WRAPPER`: wrap unless the result is one array or object.
    Conditional,
    /// `WITH [UNCONDITIONAL] ARRAY WRAPPER`: always wrap.
    Unconditional,
}

/// All clauses of one call; each function reads the ones its syntax has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlJsonOptions {
    /// Encoding of a binary JSON input (`json_input FORMAT JSON ENCODING ...`).
    pub input_encoding: Encoding,
    /// Names of the `PASSING` variables, in argument order.
    pub variables: Vec<String>,
    /// Per `PASSING` variable (or constructor value): `Some(encoding)` for `FORMAT JSON`.
    pub formats: Vec<Option<Encoding>>,
    /// The `RETURNING` type, as a Trino type string.
    pub returning: Option<String>,
    /// `RETURNING varbinary FORMAT JSON ENCODING ...`.
    pub output_encoding: Encoding,
    /// `ON EMPTY`.
    pub on_empty: Behavior,
    /// `ON ERROR`.
    pub on_error: Behavior,
    /// The array wrapper of `json_query`.
    pub wrapper: Wrapper,
    /// `OMIT QUOTES [ON SCALAR STRING]`.
    pub omit_quotes: bool,
    /// `ABSENT ON NULL` (else `NULL ON NULL`).
    pub absent_on_null: bool,
    /// `WITH UNIQUE KEYS`.
    pub unique_keys: bool,
}

impl SqlJsonOptions {
    /// The options as the literal argument's text.
    pub fn to_literal(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the options argument of `function` (a string literal).
    pub fn from_literal(function: &str, value: Option<&ScalarValue>) -> Result<Self> {
        let text = match value {
            Some(
                ScalarValue::Utf8(Some(s))
                | ScalarValue::Utf8View(Some(s))
                | ScalarValue::LargeUtf8(Some(s)),
            ) => s,
            _ => {
                return Err(DataFusionError::Plan(format!(
                    "{function} needs its options as a string literal"
                )));
            }
        };
        serde_json::from_str(text)
            .map_err(|e| DataFusionError::Plan(format!("{function}: invalid options: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_round_trip_through_the_literal() {
        let options = SqlJsonOptions {
            variables: vec!["Lim it".into()],
            formats: vec![Some(Encoding::Utf16)],
            returning: Some("varchar(10)".into()),
            on_error: Behavior::Default,
            wrapper: Wrapper::Conditional,
            ..Default::default()
        };
        let literal = ScalarValue::Utf8(Some(options.to_literal()));
        assert_eq!(
            SqlJsonOptions::from_literal("f", Some(&literal)).expect("reads"),
            options
        );
        let empty = ScalarValue::Utf8(Some("{}".into()));
        assert_eq!(
            SqlJsonOptions::from_literal("f", Some(&empty)).expect("reads"),
            SqlJsonOptions::default()
        );
        assert!(SqlJsonOptions::from_literal("f", None).is_err());
        let bad = ScalarValue::Utf8(Some("{\"wrapper\": 3}".into()));
        assert!(SqlJsonOptions::from_literal("f", Some(&bad)).is_err());
    }
}
