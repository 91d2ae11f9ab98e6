//! Renders result values as the Trino CLI shows them (the rules of `tests/sql/README.md`).

use std::fmt;

use base64::Engine as _;
use protocol::TrinoType;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A value that cannot be rendered as its column type says.
#[derive(Debug, thiserror::Error)]
#[error("cannot render {value} as {ty}: {reason}")]
pub struct RenderError {
    value: String,
    ty: String,
    reason: String,
}

/// Renders a top-level column value: like [`render`], but an empty string is `(empty)`.
pub fn render_cell(value: &RawValue, ty: &TrinoType) -> Result<String, RenderError> {
    let text = render(value, ty)?;
    Ok(if text.is_empty() {
        "(empty)".to_string()
    } else {
        text
    })
}

/// Renders `value` (JSON as the server sent it) of Trino type `ty`.
pub fn render(value: &RawValue, ty: &TrinoType) -> Result<String, RenderError> {
    let raw = value.get();
    if raw == "null" {
        return Ok("NULL".to_string());
    }
    let fail = |reason: &dyn fmt::Display| RenderError {
        value: raw.to_string(),
        ty: ty.to_string(),
        reason: reason.to_string(),
    };
    match ty {
        TrinoType::Array(element) => {
            let items: Vec<Box<RawValue>> = serde_json::from_str(raw).map_err(|e| fail(&e))?;
            let rendered = items
                .iter()
                .map(|item| render(item, element))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", rendered.join(", ")))
        }
        TrinoType::Map(key, element) => {
            let entries: OrderedEntries = serde_json::from_str(raw).map_err(|e| fail(&e))?;
            let rendered = entries
                .0
                .iter()
                .map(|(k, v)| {
                    Ok(format!(
                        "{}={}",
                        render_map_key(k, key)?,
                        render(v, element)?
                    ))
                })
                .collect::<Result<Vec<_>, RenderError>>()?;
            Ok(format!("{{{}}}", rendered.join(", ")))
        }
        TrinoType::Row(fields) => {
            let values: Vec<Box<RawValue>> = serde_json::from_str(raw).map_err(|e| fail(&e))?;
            if values.len() != fields.len() {
                return Err(fail(&format!(
                    "{} values for {} fields",
                    values.len(),
                    fields.len()
                )));
            }
            let rendered = fields
                .iter()
                .zip(&values)
                .enumerate()
                .map(|(i, (field, v))| {
                    let name = field.name.clone().unwrap_or_else(|| format!("field{i}"));
                    Ok(format!("{name}={}", render(v, &field.ty)?))
                })
                .collect::<Result<Vec<_>, RenderError>>()?;
            Ok(format!("{{{}}}", rendered.join(", ")))
        }
        TrinoType::Varbinary => {
            let encoded: String = serde_json::from_str(raw).map_err(|e| fail(&e))?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(|e| fail(&e))?;
            Ok(bytes
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" "))
        }
        _ if raw.starts_with('"') => serde_json::from_str::<String>(raw).map_err(|e| fail(&e)),
        // Numbers and booleans keep the server's text (`1.0E10`, `true`).
        _ => Ok(raw.to_string()),
    }
}

/// Map keys arrive as JSON object keys (always strings); render them by the key type.
fn render_map_key(key: &str, ty: &TrinoType) -> Result<String, RenderError> {
    let quoted = serde_json::to_string(key).map_err(|e| RenderError {
        value: key.to_string(),
        ty: ty.to_string(),
        reason: e.to_string(),
    })?;
    let raw = RawValue::from_string(quoted).map_err(|e| RenderError {
        value: key.to_string(),
        ty: ty.to_string(),
        reason: e.to_string(),
    })?;
    render(&raw, ty)
}

/// A JSON object's entries in document order, values left raw.
struct OrderedEntries(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for OrderedEntries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = OrderedEntries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    entries.push(entry);
                }
                Ok(OrderedEntries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(json: &str, ty: &str) -> String {
        let raw = RawValue::from_string(json.to_string()).unwrap();
        render_cell(&raw, &TrinoType::parse(ty).unwrap()).unwrap()
    }

    #[test]
    fn scalars_keep_the_server_text() {
        assert_eq!(show("1.0E10", "double"), "1.0E10");
        assert_eq!(show("\"NaN\"", "double"), "NaN");
        assert_eq!(show("\"1.50\"", "decimal(3,2)"), "1.50");
        assert_eq!(show("true", "boolean"), "true");
        assert_eq!(show("null", "bigint"), "NULL");
        assert_eq!(show("\"\"", "varchar"), "(empty)");
        assert_eq!(show("\"aGVsbG8=\"", "varbinary"), "68 65 6c 6c 6f");
    }

    #[test]
    fn composites_render_like_the_cli() {
        assert_eq!(show("[1,2,null]", "array(integer)"), "[1, 2, NULL]");
        assert_eq!(
            show(r#"{"b":1,"a":2}"#, "map(varchar,integer)"),
            "{b=1, a=2}"
        );
        assert_eq!(
            show(r#"[1,"x"]"#, "row(a integer, b varchar)"),
            "{a=1, b=x}"
        );
        assert_eq!(
            show(r#"[1,"x"]"#, "row(integer, varchar)"),
            "{field0=1, field1=x}"
        );
        assert_eq!(show(r#"[["", "a"]]"#, "array(array(varchar))"), "[[, a]]");
    }
}
