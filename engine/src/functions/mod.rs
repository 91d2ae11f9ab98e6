//! Trino functions that DataFusion lacks or names differently.

pub mod session;
