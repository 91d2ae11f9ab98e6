//! What the coordinator and workers share to build a DataFusion session that speaks Trino:
//! configuration, connectors (catalogs), Trino functions and SQL dialect handling.

pub mod config;
pub mod connector;
pub mod functions;
pub mod session;
pub mod sql;
