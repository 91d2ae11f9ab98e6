//! The rows of `SHOW FUNCTIONS`: one per function and argument-type signature, with Trino's
//! type names, for every function a session can call. Internal functions that SQL rewrites
//! call (`__trino_row`, `trino_unnest_rows`, ...) are not listed.
//!
//! Signatures come from each function's DataFusion signature
//! ([`TypeSignature::get_example_types`]); a function whose signature is decided by its own
//! coercion code (`any`, user-defined) is listed once, with empty type columns. Argument
//! types without a Trino counterpart (unsigned integers, `Utf8View`, ...) are skipped.

use std::collections::BTreeSet;
use std::sync::Arc;

use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::execution::SessionState;
use datafusion::logical_expr::{ReturnFieldArgs, Signature, Volatility};
use protocol::TrinoType;

/// One row of `SHOW FUNCTIONS`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FunctionListing {
    /// Function name.
    pub name: String,
    /// Trino return type for these argument types (empty when not known).
    pub return_type: String,
    /// Trino argument types, comma separated (empty when not known).
    pub argument_types: String,
    /// `scalar`, `aggregate` or `window`.
    pub kind: &'static str,
    /// Whether equal arguments always give equal results.
    pub deterministic: bool,
    /// First line of the function's documentation, if it has one.
    pub description: String,
}

/// Whether `name` is an internal function that SQL rewrites call.
fn is_internal(name: &str) -> bool {
    name.starts_with("__") || name.starts_with('$') || name.starts_with("trino_")
}

fn trino_name(data_type: &DataType) -> Option<String> {
    TrinoType::from_arrow_type(data_type)
        .ok()
        .map(|t| t.display_name())
}

/// The argument type lists of `signature` that have Trino names, with their Arrow types.
fn signatures(signature: &Signature) -> Vec<(Vec<DataType>, String)> {
    let mut seen = BTreeSet::new();
    signature
        .type_signature
        .get_example_types()
        .into_iter()
        .filter_map(|types| {
            let names = types.iter().map(trino_name).collect::<Option<Vec<_>>>()?;
            let names = names.join(", ");
            seen.insert(names.clone()).then_some((types, names))
        })
        .collect()
}

fn description(documentation: Option<&datafusion::logical_expr::Documentation>) -> String {
    documentation
        .and_then(|d| d.description.lines().next())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Every function `state` can call, sorted by name, kind and argument types.
pub fn function_listing(state: &SessionState) -> Vec<FunctionListing> {
    let mut rows = Vec::new();
    let mut push = |name: &str,
                    kind: &'static str,
                    signature: &Signature,
                    description: String,
                    return_type: &dyn Fn(&[DataType]) -> Option<DataType>| {
        if is_internal(name) {
            return;
        }
        let deterministic = signature.volatility != Volatility::Volatile;
        let mut typed = signatures(signature)
            .into_iter()
            .map(|(types, argument_types)| FunctionListing {
                name: name.to_string(),
                return_type: return_type(&types)
                    .and_then(|t| trino_name(&t))
                    .unwrap_or_default(),
                argument_types,
                kind,
                deterministic,
                description: description.clone(),
            })
            .peekable();
        if typed.peek().is_none() {
            rows.push(FunctionListing {
                name: name.to_string(),
                return_type: String::new(),
                argument_types: String::new(),
                kind,
                deterministic,
                description,
            });
        } else {
            rows.extend(typed);
        }
    };
    for (name, udf) in state.scalar_functions() {
        let return_type = |types: &[DataType]| {
            let fields: Vec<FieldRef> = types
                .iter()
                .map(|t| Arc::new(Field::new("argument", t.clone(), true)))
                .collect();
            let scalars = vec![None; types.len()];
            udf.return_field_from_args(ReturnFieldArgs {
                arg_fields: &fields,
                scalar_arguments: &scalars,
            })
            .ok()
            .map(|f| f.data_type().clone())
        };
        push(
            name,
            "scalar",
            udf.signature(),
            description(udf.documentation()),
            &return_type,
        );
    }
    for (name, udaf) in state.aggregate_functions() {
        let return_type = |types: &[DataType]| udaf.return_type(types).ok();
        push(
            name,
            "aggregate",
            udaf.signature(),
            description(udaf.documentation()),
            &return_type,
        );
    }
    for (name, udwf) in state.window_functions() {
        push(
            name,
            "window",
            udwf.signature(),
            description(udwf.documentation()),
            &|_| None,
        );
    }
    rows.sort();
    rows.dedup();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::SessionContext;

    #[test]
    fn signatures_have_trino_types_and_internal_functions_are_hidden() {
        let state = SessionContext::new().state();
        let rows = function_listing(&state);
        let abs: Vec<_> = rows.iter().filter(|r| r.name == "abs").collect();
        assert!(!abs.is_empty());
        let sqrt: Vec<_> = rows.iter().filter(|r| r.name == "sqrt").collect();
        assert!(
            sqrt.iter()
                .any(|r| r.argument_types == "double" && r.return_type == "double"),
            "{sqrt:?}"
        );
        let random = rows.iter().find(|r| r.name == "random").expect("random");
        assert!(!random.deterministic);
        assert!(rows.iter().all(|r| !is_internal(&r.name)));
        assert!(is_internal("__trino_row") && is_internal("trino_unnest_rows"));
    }
}
