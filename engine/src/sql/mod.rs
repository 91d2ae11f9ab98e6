//! Trino SQL: parsing, AST rewrites and plan rewrites that give DataFusion Trino's semantics.

pub mod dialect;
pub mod json_syntax;
pub mod parser;
pub mod plan;
pub mod rewrite;
pub mod types;
pub mod unnest;
