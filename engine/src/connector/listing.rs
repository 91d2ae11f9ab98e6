//! Walks the catalogs a session sees: the shared source of `information_schema`,
//! `system.jdbc`, `system.metadata` and the `SHOW`/`DESCRIBE` statements.

use std::sync::Arc;

use datafusion::catalog::{CatalogProviderList, TableProvider};
use datafusion::datasource::TableType;
use datafusion::error::Result;
use protocol::types::TrinoType;

/// Field metadata key that marks a column as hidden: selectable by name, left out of `*`
/// and of the column listings, like Trino's hidden columns.
pub const HIDDEN_COLUMN_METADATA_KEY: &str = "trino.hidden";

/// Field metadata key holding a column comment.
pub const COLUMN_COMMENT_METADATA_KEY: &str = "trino.comment";

/// Whether a table is a base table or a view, in Trino's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// A table with data (`BASE TABLE` / `TABLE`).
    Table,
    /// A view (`VIEW`).
    View,
}

impl TableKind {
    fn of(provider: &dyn TableProvider) -> Self {
        match provider.table_type() {
            TableType::View => TableKind::View,
            TableType::Base | TableType::Temporary => TableKind::Table,
        }
    }
}

/// One visible column of a table.
#[derive(Debug, Clone)]
pub struct ColumnEntry {
    /// Column name.
    pub name: String,
    /// Trino type of the column.
    pub ty: TrinoType,
    /// Whether the column accepts NULL.
    pub nullable: bool,
    /// Column comment, if any.
    pub comment: Option<String>,
}

/// One table or view with its visible columns.
#[derive(Debug, Clone)]
pub struct TableEntry {
    /// Catalog name.
    pub catalog: String,
    /// Schema name.
    pub schema: String,
    /// Table name.
    pub table: String,
    /// Table or view.
    pub kind: TableKind,
    /// Visible columns in declaration order.
    pub columns: Vec<ColumnEntry>,
    /// The SQL text of a view.
    pub view_definition: Option<String>,
}

/// Which part of the catalog tree to walk; `None` means every name.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only this catalog.
    pub catalog: Option<String>,
    /// Only this schema.
    pub schema: Option<String>,
    /// Only this table.
    pub table: Option<String>,
}

/// Every `(catalog, schema)` pair in scope, sorted.
pub fn schemas(catalogs: &dyn CatalogProviderList, scope: &Scope) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for catalog_name in sorted(catalogs.catalog_names()) {
        if scope.catalog.as_ref().is_some_and(|c| *c != catalog_name) {
            continue;
        }
        let Some(catalog) = catalogs.catalog(&catalog_name) else {
            continue;
        };
        for schema_name in sorted(catalog.schema_names()) {
            if scope.schema.as_ref().is_some_and(|s| *s != schema_name) {
                continue;
            }
            out.push((catalog_name.clone(), schema_name));
        }
    }
    out
}

/// Every table in scope with its visible columns, sorted by catalog, schema and name.
pub async fn tables(catalogs: &dyn CatalogProviderList, scope: &Scope) -> Result<Vec<TableEntry>> {
    let mut out = Vec::new();
    for (catalog_name, schema_name) in schemas(catalogs, scope) {
        let Some(schema) = catalogs
            .catalog(&catalog_name)
            .and_then(|c| c.schema(&schema_name))
        else {
            continue;
        };
        for table_name in sorted(schema.table_names()) {
            if scope.table.as_ref().is_some_and(|t| *t != table_name) {
                continue;
            }
            let Some(provider) = schema.table(&table_name).await? else {
                continue;
            };
            out.push(TableEntry {
                columns: columns(provider.as_ref()),
                kind: TableKind::of(provider.as_ref()),
                view_definition: provider.get_table_definition().map(view_query),
                catalog: catalog_name.clone(),
                schema: schema_name.clone(),
                table: table_name,
            });
        }
    }
    Ok(out)
}

/// One row per visible column of `tables`: the table, the column's 0-based position and
/// the column, in table order.
pub fn column_rows(tables: &[TableEntry]) -> Vec<(&TableEntry, usize, &ColumnEntry)> {
    tables
        .iter()
        .flat_map(|t| t.columns.iter().enumerate().map(move |(i, c)| (t, i, c)))
        .collect()
}

/// The visible columns of a table, with their Trino types.
pub fn columns(provider: &dyn TableProvider) -> Vec<ColumnEntry> {
    let schema = provider.schema();
    schema
        .fields()
        .iter()
        .filter(|f| !f.metadata().contains_key(HIDDEN_COLUMN_METADATA_KEY))
        .map(|field| ColumnEntry {
            name: field.name().clone(),
            ty: TrinoType::from_arrow_field(field).unwrap_or(TrinoType::Unknown),
            nullable: field.is_nullable(),
            comment: field.metadata().get(COLUMN_COMMENT_METADATA_KEY).cloned(),
        })
        .collect()
}

/// Looks a table up by its three-part name.
pub async fn table(
    catalogs: &dyn CatalogProviderList,
    catalog: &str,
    schema: &str,
    table: &str,
) -> Result<Option<Arc<dyn TableProvider>>> {
    match catalogs.catalog(catalog).and_then(|c| c.schema(schema)) {
        Some(schema) => schema.table(table).await,
        None => Ok(None),
    }
}

/// The query of a view: DataFusion keeps the whole `CREATE VIEW ... AS query` text, Trino
/// shows only the query.
fn view_query(definition: &str) -> String {
    use datafusion::sql::sqlparser::ast::Statement;
    use datafusion::sql::sqlparser::dialect::GenericDialect;
    use datafusion::sql::sqlparser::parser::Parser;
    match Parser::parse_sql(&GenericDialect {}, definition).as_deref() {
        Ok([Statement::CreateView(view)]) => view.query.to_string(),
        _ => definition.to_string(),
    }
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}
