//! The `information_schema` schema that Trino adds to every catalog.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::catalog::{SchemaProvider, TableProvider};
use datafusion::error::Result;
use datafusion::execution::SessionState;

use super::listing::{self, HIDDEN_COLUMN_METADATA_KEY, Scope, TableKind};
use super::table::{Columns, ComputedTable, ComputedTableProvider, schema_of};

/// Name of the schema in every catalog.
pub const INFORMATION_SCHEMA: &str = "information_schema";

/// The `information_schema` of one catalog.
#[derive(Debug)]
pub struct InformationSchemaProvider {
    tables: HashMap<&'static str, Arc<dyn TableProvider>>,
}

impl InformationSchemaProvider {
    /// Creates the schema for the catalog named `catalog`.
    pub fn new(catalog: &str) -> Self {
        let kinds = [
            InfoTable::Columns,
            InfoTable::Tables,
            InfoTable::Views,
            InfoTable::Schemata,
            InfoTable::TablePrivileges,
            InfoTable::Roles,
            InfoTable::ApplicableRoles,
            InfoTable::EnabledRoles,
        ];
        let tables = kinds
            .into_iter()
            .map(|kind| {
                let table = InformationSchemaTable {
                    catalog: catalog.to_string(),
                    kind,
                };
                let provider: Arc<dyn TableProvider> =
                    Arc::new(ComputedTableProvider(Arc::new(table)));
                (kind.name(), provider)
            })
            .collect();
        Self { tables }
    }
}

#[async_trait]
impl SchemaProvider for InformationSchemaProvider {
    fn table_names(&self) -> Vec<String> {
        let mut names: Vec<_> = self.tables.keys().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        Ok(self.tables.get(name).cloned())
    }

    fn table_exist(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }
}

#[derive(Debug, Clone, Copy)]
enum InfoTable {
    Columns,
    Tables,
    Views,
    Schemata,
    TablePrivileges,
    Roles,
    ApplicableRoles,
    EnabledRoles,
}

impl InfoTable {
    fn name(self) -> &'static str {
        match self {
            InfoTable::Columns => "columns",
            InfoTable::Tables => "tables",
            InfoTable::Views => "views",
            InfoTable::Schemata => "schemata",
            InfoTable::TablePrivileges => "table_privileges",
            InfoTable::Roles => "roles",
            InfoTable::ApplicableRoles => "applicable_roles",
            InfoTable::EnabledRoles => "enabled_roles",
        }
    }

    fn schema(self) -> SchemaRef {
        static SCHEMAS: LazyLock<Vec<SchemaRef>> = LazyLock::new(|| {
            let hide = |schema: SchemaRef, hidden: &[&str]| -> SchemaRef {
                let fields: Vec<_> = schema
                    .fields()
                    .iter()
                    .map(|f| {
                        if hidden.contains(&f.name().as_str()) {
                            let mut metadata = f.metadata().clone();
                            metadata.insert(HIDDEN_COLUMN_METADATA_KEY.into(), "true".into());
                            Arc::new(f.as_ref().clone().with_metadata(metadata))
                        } else {
                            f.clone()
                        }
                    })
                    .collect();
                Arc::new(arrow::datatypes::Schema::new(fields))
            };
            vec![
                hide(
                    schema_of(&[
                        ("table_catalog", "varchar"),
                        ("table_schema", "varchar"),
                        ("table_name", "varchar"),
                        ("column_name", "varchar"),
                        ("ordinal_position", "bigint"),
                        ("column_default", "varchar"),
                        ("is_nullable", "varchar"),
                        ("data_type", "varchar"),
                        ("comment", "varchar"),
                        ("extra_info", "varchar"),
                    ]),
                    &["comment", "extra_info"],
                ),
                hide(
                    schema_of(&[
                        ("table_catalog", "varchar"),
                        ("table_schema", "varchar"),
                        ("table_name", "varchar"),
                        ("table_type", "varchar"),
                        ("table_comment", "varchar"),
                    ]),
                    &["table_comment"],
                ),
                schema_of(&[
                    ("table_catalog", "varchar"),
                    ("table_schema", "varchar"),
                    ("table_name", "varchar"),
                    ("view_definition", "varchar"),
                ]),
                schema_of(&[("catalog_name", "varchar"), ("schema_name", "varchar")]),
                schema_of(&[
                    ("grantor", "varchar"),
                    ("grantor_type", "varchar"),
                    ("grantee", "varchar"),
                    ("grantee_type", "varchar"),
                    ("table_catalog", "varchar"),
                    ("table_schema", "varchar"),
                    ("table_name", "varchar"),
                    ("privilege_type", "varchar"),
                    ("is_grantable", "varchar"),
                    ("with_hierarchy", "varchar"),
                ]),
                schema_of(&[("role_name", "varchar")]),
                schema_of(&[
                    ("grantee", "varchar"),
                    ("grantee_type", "varchar"),
                    ("role_name", "varchar"),
                    ("is_grantable", "varchar"),
                ]),
                schema_of(&[("role_name", "varchar")]),
            ]
        });
        SCHEMAS[self as usize].clone()
    }
}

#[derive(Debug)]
struct InformationSchemaTable {
    catalog: String,
    kind: InfoTable,
}

#[async_trait]
impl ComputedTable for InformationSchemaTable {
    fn schema(&self) -> SchemaRef {
        self.kind.schema()
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let catalogs = session.catalog_list();
        let scope = Scope {
            catalog: Some(self.catalog.clone()),
            ..Scope::default()
        };
        let schema = self.schema();
        let columns = match self.kind {
            InfoTable::Schemata => {
                let schemas = listing::schemas(catalogs.as_ref(), &scope);
                Columns::new()
                    .strings(schemas.iter().map(|(c, _)| Some(c)))
                    .strings(schemas.iter().map(|(_, s)| Some(s)))
            }
            InfoTable::Tables => {
                let tables = listing::tables(catalogs.as_ref(), &scope).await?;
                Columns::new()
                    .strings(tables.iter().map(|t| Some(&t.catalog)))
                    .strings(tables.iter().map(|t| Some(&t.schema)))
                    .strings(tables.iter().map(|t| Some(&t.table)))
                    .strings(tables.iter().map(|t| {
                        Some(match t.kind {
                            TableKind::Table => "BASE TABLE",
                            TableKind::View => "VIEW",
                        })
                    }))
                    .strings(tables.iter().map(|_| None::<&str>))
            }
            InfoTable::Views => {
                let tables = listing::tables(catalogs.as_ref(), &scope).await?;
                let views: Vec<_> = tables
                    .iter()
                    .filter(|t| t.kind == TableKind::View)
                    .collect();
                Columns::new()
                    .strings(views.iter().map(|t| Some(&t.catalog)))
                    .strings(views.iter().map(|t| Some(&t.schema)))
                    .strings(views.iter().map(|t| Some(&t.table)))
                    .strings(views.iter().map(|t| t.view_definition.as_ref()))
            }
            InfoTable::Columns => {
                let tables = listing::tables(catalogs.as_ref(), &scope).await?;
                let rows = listing::column_rows(&tables);
                Columns::new()
                    .strings(rows.iter().map(|(t, _, _)| Some(&t.catalog)))
                    .strings(rows.iter().map(|(t, _, _)| Some(&t.schema)))
                    .strings(rows.iter().map(|(t, _, _)| Some(&t.table)))
                    .strings(rows.iter().map(|(_, _, c)| Some(&c.name)))
                    .ints(rows.iter().map(|(_, i, _)| Some(*i as i64 + 1)))
                    .strings(rows.iter().map(|_| None::<&str>))
                    .strings(
                        rows.iter()
                            .map(|(_, _, c)| Some(if c.nullable { "YES" } else { "NO" })),
                    )
                    .strings(rows.iter().map(|(_, _, c)| Some(c.ty.to_string())))
                    .strings(rows.iter().map(|(_, _, c)| c.comment.as_ref()))
                    .strings(rows.iter().map(|_| None::<&str>))
            }
            InfoTable::TablePrivileges
            | InfoTable::Roles
            | InfoTable::ApplicableRoles
            | InfoTable::EnabledRoles => {
                return Ok(RecordBatch::new_empty(schema));
            }
        };
        columns.finish(&schema)
    }
}
