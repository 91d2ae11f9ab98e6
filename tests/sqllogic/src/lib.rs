//! Runs the Trino SQL conformance corpus (`tests/sql/**/*.slt`) against a coordinator over
//! the client protocol, the path every Trino client takes.
//!
//! [`client`] speaks the protocol, [`render`] turns JSON values into the CLI's text,
//! [`db`] adapts both to the `sqllogictest` crate, and [`corpus`] runs files record by record
//! and compares the outcome with the list of known failures.

pub mod client;
pub mod corpus;
pub mod db;
pub mod render;
