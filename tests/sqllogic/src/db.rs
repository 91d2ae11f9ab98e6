//! The sqllogictest database: statements go to a coordinator through [`TrinoClient`].

use async_trait::async_trait;
use protocol::TrinoType;
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType};

use crate::client::{ClientError, TrinoClient};
use crate::render::{RenderError, render_cell};

/// Why a record's statement failed, as the corpus' `error` records see it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The server (or the exchange with it) failed; a query error reads `NAME: message`.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// A value could not be rendered by its column type.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The server sent a column type the client cannot parse.
    #[error("unknown column type {0}")]
    ColumnType(String),
}

/// One session of the corpus runner: user `slt`, catalog `tpch`, schema `tiny`, zone `UTC`.
pub struct TrinoDb {
    client: TrinoClient,
}

impl TrinoDb {
    /// A fresh session against the coordinator at `base_uri`.
    pub fn new(base_uri: &str) -> Self {
        Self {
            client: TrinoClient::new(base_uri, "slt", "tpch", "tiny"),
        }
    }
}

#[async_trait]
impl AsyncDB for TrinoDb {
    type Error = DbError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, DbError> {
        let result = self.client.execute(sql).await?;
        if result.columns.is_empty() {
            return Ok(DBOutput::StatementComplete(
                result.update_count.unwrap_or(0),
            ));
        }
        let types = result
            .columns
            .iter()
            .map(|c| {
                TrinoType::parse(&c.type_name).map_err(|_| DbError::ColumnType(c.type_name.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rows = result
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&types)
                    .map(|(value, ty)| render_cell(value, ty))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DBOutput::Rows {
            types: vec![DefaultColumnType::Any; types.len()],
            rows,
        })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "trino-rs"
    }

    async fn sleep(duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }
}
