//! Trino's configuration layout: `etc/config.properties`, `etc/node.properties` and one
//! `etc/catalog/<name>.properties` file per catalog.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Failure to read a Trino-style configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be opened or listed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not in Java properties syntax.
    #[error("cannot parse {path}: {source}")]
    Syntax {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: java_properties::PropertiesError,
    },
    /// A catalog file lacks `connector.name`.
    #[error("catalog file {path} does not set connector.name")]
    MissingConnector {
        /// The catalog file.
        path: PathBuf,
    },
    /// A property has a value of the wrong shape.
    #[error("invalid value '{value}' for property {key}: {reason}")]
    InvalidValue {
        /// The property name.
        key: String,
        /// The value as written.
        value: String,
        /// What was expected.
        reason: String,
    },
}

/// A parsed `.properties` file, keys in sorted order.
pub type Properties = BTreeMap<String, String>;

/// Reads a Java `.properties` file (comments, `key=value`, `key: value`, escapes, line
/// continuations), as Trino's launcher does.
pub fn read_properties(path: &Path) -> Result<Properties, ConfigError> {
    let file = File::open(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let map =
        java_properties::read(BufReader::new(file)).map_err(|source| ConfigError::Syntax {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect())
}

/// One catalog: the file name without `.properties` is the catalog name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogConfig {
    /// Catalog name as clients address it (`tpch` for `catalog/tpch.properties`).
    pub name: String,
    /// The value of `connector.name` (`tpch`, `memory`, `hive`, ...).
    pub connector: String,
    /// Every other property of the file.
    pub properties: Properties,
}

/// Reads every `*.properties` file of `dir` (Trino's `etc/catalog`), sorted by name.
/// A missing directory means no catalogs.
pub fn read_catalog_dir(dir: &Path) -> Result<Vec<CatalogConfig>, ConfigError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let io_err = |source| ConfigError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        if path.extension().is_some_and(|ext| ext == "properties") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let mut properties = read_properties(path)?;
            let connector = properties
                .remove("connector.name")
                .ok_or_else(|| ConfigError::MissingConnector { path: path.clone() })?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            Ok(CatalogConfig {
                name,
                connector,
                properties,
            })
        })
        .collect()
}

/// Parses an airlift duration (`10m`, `1.5h`, `300s`, `100ms`, `2d`) as Trino accepts it in
/// properties such as `query.max-run-time`.
pub fn parse_duration(key: &str, value: &str) -> Result<std::time::Duration, ConfigError> {
    let seconds = parse_with_unit(
        key,
        value,
        &[
            ("ns", 1e-9),
            ("us", 1e-6),
            ("ms", 1e-3),
            ("s", 1.0),
            ("m", 60.0),
            ("h", 3600.0),
            ("d", 86400.0),
        ],
    )?;
    Ok(std::time::Duration::from_secs_f64(seconds))
}

/// Parses a data size (`1GB`, `512MB`, `100kB`, `20B`) as Trino accepts it in properties such
/// as `query.max-memory`; returns bytes.
pub fn parse_data_size(key: &str, value: &str) -> Result<u64, ConfigError> {
    const KB: f64 = 1024.0;
    let bytes = parse_with_unit(
        key,
        value,
        &[
            ("B", 1.0),
            ("kB", KB),
            ("MB", KB * KB),
            ("GB", KB * KB * KB),
            ("TB", KB.powi(4)),
            ("PB", KB.powi(5)),
        ],
    )?;
    Ok(bytes as u64)
}

/// Parses `<number><unit>` into the number times the unit's factor.
fn parse_with_unit(key: &str, value: &str, units: &[(&str, f64)]) -> Result<f64, ConfigError> {
    let names: Vec<&str> = units.iter().map(|(name, _)| *name).collect();
    let invalid = |reason: String| ConfigError::InvalidValue {
        key: key.to_string(),
        value: value.to_string(),
        reason,
    };
    let trimmed = value.trim();
    let split = trimmed
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(|| {
            invalid(format!(
                "expected a number followed by a unit ({})",
                names.join(", ")
            ))
        })?;
    let (number, unit) = trimmed.split_at(split);
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| invalid("the number part is not a number".into()))?;
    let factor = units
        .iter()
        .find(|(name, _)| *name == unit)
        .map(|(_, factor)| *factor)
        .ok_or_else(|| invalid(format!("unknown unit; use one of {}", names.join(", "))))?;
    let result = number * factor;
    if !result.is_finite() || result < 0.0 {
        return Err(invalid("must be finite and non-negative".into()));
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn reads_java_properties_syntax() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.properties");
        std::fs::write(
            &path,
            "# comment\n! other comment\ncoordinator=true\nhttp-server.http.port: 8080\nlong.value=a\\\n  b\n",
        )
        .unwrap();
        let props = read_properties(&path).unwrap();
        assert_eq!(props["coordinator"], "true");
        assert_eq!(props["http-server.http.port"], "8080");
        assert_eq!(props["long.value"], "ab");
    }

    #[test]
    fn catalog_dir_names_catalogs_after_files() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = dir.path().join("catalog");
        std::fs::create_dir_all(&catalog).unwrap();
        std::fs::write(catalog.join("tpch.properties"), "connector.name=tpch\n").unwrap();
        std::fs::write(
            catalog.join("Mem.properties"),
            "connector.name=memory\nmemory.max-data-per-node=1GB\n",
        )
        .unwrap();
        std::fs::write(catalog.join("README"), "not a catalog").unwrap();
        let catalogs = read_catalog_dir(&catalog).unwrap();
        let names: Vec<_> = catalogs.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["mem", "tpch"]);
        assert_eq!(catalogs[0].connector, "memory");
        assert_eq!(catalogs[0].properties["memory.max-data-per-node"], "1GB");
        assert!(!catalogs[0].properties.contains_key("connector.name"));
    }

    #[test]
    fn catalog_without_connector_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.properties"), "a=b\n").unwrap();
        assert!(matches!(
            read_catalog_dir(dir.path()),
            Err(ConfigError::MissingConnector { .. })
        ));
    }

    #[test]
    fn durations_and_sizes() {
        assert_eq!(
            parse_duration("k", "100ms").unwrap(),
            Duration::from_millis(100)
        );
        assert_eq!(
            parse_duration("k", "1.5h").unwrap(),
            Duration::from_secs(5400)
        );
        assert_eq!(
            parse_duration("k", "2d").unwrap(),
            Duration::from_secs(172800)
        );
        assert!(parse_duration("k", "10 parsecs").is_err());
        assert!(parse_duration("k", "m").is_err());
        assert_eq!(parse_data_size("k", "1GB").unwrap(), 1 << 30);
        assert_eq!(parse_data_size("k", "512MB").unwrap(), 512 << 20);
        assert!(parse_data_size("k", "1XB").is_err());
    }
}
