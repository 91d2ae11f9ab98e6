//! The system session properties this server knows, with Trino's names, types, defaults
//! and descriptions, and the validation behind `SET SESSION` and `X-Trino-Session`.

use std::time::Duration;

use engine::config::parse_duration;

/// The type of a session property, as `SHOW SESSION` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyType {
    /// `varchar`
    Varchar,
    /// `integer`
    Integer,
    /// `boolean`
    Boolean,
}

impl PropertyType {
    fn name(self) -> &'static str {
        match self {
            PropertyType::Varchar => "varchar",
            PropertyType::Integer => "integer",
            PropertyType::Boolean => "boolean",
        }
    }
}

/// One session property.
#[derive(Debug)]
pub struct PropertyDefinition {
    /// Property name.
    pub name: &'static str,
    /// Value type.
    pub ty: PropertyType,
    /// Default value as text.
    pub default: &'static str,
    /// What it does.
    pub description: &'static str,
    validate: fn(&str) -> Result<(), String>,
}

impl PropertyDefinition {
    /// The type name shown by `SHOW SESSION`.
    pub fn type_name(&self) -> &'static str {
        self.ty.name()
    }
}

fn any(_: &str) -> Result<(), String> {
    Ok(())
}

fn duration(value: &str) -> Result<(), String> {
    parse_duration("value", value)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn positive_integer(value: &str) -> Result<(), String> {
    match value.parse::<i32>() {
        Ok(v) if v > 0 => Ok(()),
        _ => Err(format!("{value} is not a positive integer")),
    }
}

fn boolean(value: &str) -> Result<(), String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "false" => Ok(()),
        _ => Err(format!("{value} is not a boolean")),
    }
}

fn join_distribution(value: &str) -> Result<(), String> {
    match value.to_ascii_uppercase().as_str() {
        "AUTOMATIC" | "PARTITIONED" | "BROADCAST" => Ok(()),
        _ => Err(format!("Invalid join distribution type: {value}")),
    }
}

/// Every system session property, sorted by name.
pub const PROPERTIES: &[PropertyDefinition] = &[
    PropertyDefinition {
        name: "join_distribution_type",
        ty: PropertyType::Varchar,
        default: "AUTOMATIC",
        description: "Join distribution type. Possible values: [BROADCAST, PARTITIONED, AUTOMATIC]",
        validate: join_distribution,
    },
    PropertyDefinition {
        name: "query_max_execution_time",
        ty: PropertyType::Varchar,
        default: "100.00d",
        description: "Maximum execution time of a query",
        validate: duration,
    },
    PropertyDefinition {
        name: "query_max_run_time",
        ty: PropertyType::Varchar,
        default: "100.00d",
        description: "Maximum run time of a query (includes the queueing time)",
        validate: duration,
    },
    PropertyDefinition {
        name: "query_priority",
        ty: PropertyType::Integer,
        default: "1",
        description: "The priority of queries. Larger numbers are higher priority",
        validate: positive_integer,
    },
    PropertyDefinition {
        name: "spill_enabled",
        ty: PropertyType::Boolean,
        default: "false",
        description: "Enable spilling",
        validate: boolean,
    },
    PropertyDefinition {
        name: "time_zone_id",
        ty: PropertyType::Varchar,
        default: "",
        description: "Time zone of the session (SET TIME ZONE; overrides X-Trino-Time-Zone)",
        validate: any,
    },
];

/// A session property name or value that Trino would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PropertyError {
    /// No such property.
    #[error("Session property '{0}' does not exist")]
    Unknown(String),
    /// The value does not fit the property.
    #[error("{name} is invalid: {reason}")]
    InvalidValue {
        /// Property name.
        name: String,
        /// Why.
        reason: String,
    },
}

/// The definition of a system property.
pub fn find(name: &str) -> Option<&'static PropertyDefinition> {
    PROPERTIES.iter().find(|p| p.name == name)
}

/// Checks a `name=value` pair: the property must exist (catalog properties are `catalog.name`;
/// no connector defines any yet) and the value must fit.
pub fn validate(name: &str, value: &str) -> Result<(), PropertyError> {
    let definition = find(name).ok_or_else(|| PropertyError::Unknown(name.to_string()))?;
    (definition.validate)(value).map_err(|reason| PropertyError::InvalidValue {
        name: name.to_string(),
        reason,
    })
}

/// The effective `query_max_run_time` of a session: the session value when set, else the
/// server default.
pub fn max_run_time(
    properties: &std::collections::BTreeMap<String, String>,
    server_default: Duration,
) -> Duration {
    properties
        .get("query_max_run_time")
        .and_then(|v| parse_duration("query_max_run_time", v).ok())
        .map_or(server_default, |session| session.min(server_default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_sorted_and_defaults_valid() {
        let names: Vec<_> = PROPERTIES.iter().map(|p| p.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        for p in PROPERTIES.iter().filter(|p| !p.default.is_empty()) {
            validate(p.name, p.default).unwrap();
        }
    }

    #[test]
    fn validation() {
        assert!(validate("query_max_run_time", "10m").is_ok());
        assert!(validate("query_max_run_time", "ten").is_err());
        assert_eq!(
            validate("no_such", "1"),
            Err(PropertyError::Unknown("no_such".into()))
        );
        assert!(validate("query_priority", "0").is_err());
    }

    #[test]
    fn run_time_is_capped_by_the_server() {
        let mut props = std::collections::BTreeMap::new();
        assert_eq!(
            max_run_time(&props, Duration::from_secs(60)),
            Duration::from_secs(60)
        );
        props.insert("query_max_run_time".to_string(), "10s".to_string());
        assert_eq!(
            max_run_time(&props, Duration::from_secs(60)),
            Duration::from_secs(10)
        );
    }
}
