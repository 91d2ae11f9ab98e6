//! Wire-level model of the Trino client protocol.
//!
//! This crate is pure data and functions (no I/O): everything a Trino-compatible coordinator
//! needs to speak to the Trino JDBC driver, CLI, Python, Go and Node clients.
//!
//! * [`types`] — Trino SQL types ([`TrinoType`]): parsing of type strings, the `type` display
//!   strings and [`ClientTypeSignature`]s sent in `columns`, and the mapping to and from Arrow.
//! * [`results`] — the JSON documents of the statement protocol ([`QueryResults`], [`Column`],
//!   [`StatementStats`], [`QueryError`], …), serialized the way Trino does (absent fields are
//!   omitted, never `null`).
//! * [`error_code`] — Trino's standard error codes ([`ErrorCode`], [`ErrorType`]).
//! * [`headers`] — `X-Trino-*` header names and parsers for their value formats.
//! * [`capabilities`] — the `X-Trino-Client-Capabilities` flags ([`ClientCapabilities`]).
//! * [`encode`] — encoding Arrow record batches into the rows of `data` ([`RowEncoder`]).
//! * [`duration`] — airlift's succinct duration strings (`"3.52m"`) used by `/v1/info`.
//! * [`query_id`] — Trino query ids (`20250101_120000_00042_k3mzq`).

#![warn(missing_docs)]

pub mod capabilities;
pub mod duration;
pub mod encode;
pub mod error_code;
pub mod headers;
pub mod query_id;
pub mod results;
pub mod types;

pub use capabilities::ClientCapabilities;
pub use duration::format_duration;
pub use encode::{
    EncodeError, PreparedBatch, RowEncoder, ValueError, column, is_utc_zone_name, java_double_text,
};
pub use error_code::{ErrorCode, ErrorType};
pub use headers::HeaderError;
pub use query_id::{CoordinatorId, QueryIdError, format_query_id, is_valid_query_id};
pub use results::{
    ClientTypeSignature, ClientTypeSignatureParameter, Column, ErrorInfo, ErrorLocation,
    FailureInfo, NamedClientTypeSignature, QueryError, QueryResults, QueryState, RowFieldName,
    StageStats, StatementStats, Warning, WarningCode,
};
pub use types::{
    ArrowTypeError, RowField, TRINO_TYPE_METADATA_KEY, TrinoType, TypeParseError, canonical_uuid,
};
