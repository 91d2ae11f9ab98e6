//! JSON documents of the statement protocol (spec §1.8–§1.11).
//!
//! Serialization follows Trino's airlift/Jackson policy: absent (`None`) fields are omitted
//! instead of written as `null`, empty lists are written (`"warnings":[]`, `"columns":[]`),
//! and `data` is omitted when it has no rows. Field names are camelCase in Trino's order.
//! Every type also deserializes, accepting what Trino's Java client accepts.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error_code::{ErrorCode, ErrorType};

/// One response of `POST /v1/statement` or of a `nextUri` poll.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResults {
    /// Query id (always present).
    pub id: String,
    /// Absolute URI of the query's UI page (always present).
    pub info_uri: String,
    /// Absolute URI to cancel the leaf stage; may always be omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_cancel_uri: Option<String>,
    /// Absolute URI of the next poll; absent on the final response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_uri: Option<String>,
    /// Output columns, once known; `Some(vec![])` for statements without output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<Column>>,
    /// Rows as pre-encoded JSON text (an array of arrays, see [`crate::encode`]).
    /// Omitted when `None` or an empty array.
    #[serde(default, skip_serializing_if = "has_no_rows")]
    pub data: Option<Box<RawValue>>,
    /// Progress statistics (always present).
    pub stats: StatementStats,
    /// Failure details; presence means the query failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<QueryError>,
    /// Warnings, always written (possibly `[]`).
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Statement name for non-queries, e.g. `"CREATE TABLE"`, `"INSERT"`, `"USE"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_type: Option<String>,
    /// Number of rows written by `INSERT`, `DELETE`, … .
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_count: Option<i64>,
}

impl QueryResults {
    /// A response with only the required fields set; everything optional is absent.
    pub fn new(id: impl Into<String>, info_uri: impl Into<String>, stats: StatementStats) -> Self {
        QueryResults {
            id: id.into(),
            info_uri: info_uri.into(),
            partial_cancel_uri: None,
            next_uri: None,
            columns: None,
            data: None,
            stats,
            error: None,
            warnings: Vec::new(),
            update_type: None,
            update_count: None,
        }
    }
}

/// Whether `data` should be left out: absent, or an array without rows.
fn has_no_rows(data: &Option<Box<RawValue>>) -> bool {
    data.as_ref().is_none_or(|raw| {
        raw.get()
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .eq(*b"[]")
    })
}

/// One output column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Column name.
    pub name: String,
    /// The type display string, e.g. `decimal(10, 2)` (JSON field `type`).
    #[serde(rename = "type")]
    pub ty: String,
    /// The structured type (required in practice by JDBC and Python).
    pub type_signature: ClientTypeSignature,
}

/// Structured type: `{"rawType": "...", "arguments": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientTypeSignature {
    /// Base type name, e.g. `varchar` or `timestamp with time zone`.
    pub raw_type: String,
    /// Type parameters; always written, possibly `[]`.
    #[serde(default)]
    pub arguments: Vec<ClientTypeSignatureParameter>,
}

impl ClientTypeSignature {
    /// A signature with the given raw type and arguments.
    pub fn new(raw_type: impl Into<String>, arguments: Vec<ClientTypeSignatureParameter>) -> Self {
        ClientTypeSignature {
            raw_type: raw_type.into(),
            arguments,
        }
    }
}

/// One type parameter: `{"kind": "LONG" | "TYPE" | "NAMED_TYPE", "value": ...}`.
///
/// The legacy kind spellings `LONG_LITERAL`, `TYPE_SIGNATURE` and `NAMED_TYPE_SIGNATURE` are
/// accepted when deserializing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value")]
pub enum ClientTypeSignatureParameter {
    /// A nested type (array element, map key or value).
    #[serde(rename = "TYPE", alias = "TYPE_SIGNATURE")]
    Type(ClientTypeSignature),
    /// A row field.
    #[serde(rename = "NAMED_TYPE", alias = "NAMED_TYPE_SIGNATURE")]
    NamedType(NamedClientTypeSignature),
    /// A number (length, precision, scale).
    #[serde(rename = "LONG", alias = "LONG_LITERAL")]
    Long(i64),
}

/// A row field in a type signature. `fieldName` is omitted for anonymous fields (a `null`
/// crashes the Python client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedClientTypeSignature {
    /// Field name; `None` for anonymous fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_name: Option<RowFieldName>,
    /// Field type.
    pub type_signature: ClientTypeSignature,
}

/// `{"name": "<field>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFieldName {
    /// The field name.
    pub name: String,
}

/// Query states reported in `stats.state` (there is no `CANCELED`: a cancelled query is
/// `FAILED` with `USER_CANCELED`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QueryState {
    /// Waiting to be dispatched.
    #[default]
    Queued,
    /// Waiting for cluster resources.
    WaitingForResources,
    /// Being dispatched to the coordinator.
    Dispatching,
    /// Being planned.
    Planning,
    /// Starting execution.
    Starting,
    /// Running.
    Running,
    /// Producing the last results.
    Finishing,
    /// Completed successfully.
    Finished,
    /// Failed or cancelled.
    Failed,
}

impl QueryState {
    /// The wire name, e.g. `"RUNNING"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryState::Queued => "QUEUED",
            QueryState::WaitingForResources => "WAITING_FOR_RESOURCES",
            QueryState::Dispatching => "DISPATCHING",
            QueryState::Planning => "PLANNING",
            QueryState::Starting => "STARTING",
            QueryState::Running => "RUNNING",
            QueryState::Finishing => "FINISHING",
            QueryState::Finished => "FINISHED",
            QueryState::Failed => "FAILED",
        }
    }

    /// Whether the query has ended (`FINISHED` or `FAILED`).
    pub fn is_done(self) -> bool {
        matches!(self, QueryState::Finished | QueryState::Failed)
    }
}

/// `stats` of a [`QueryResults`]. Missing numbers deserialize as 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatementStats {
    /// Query state.
    pub state: QueryState,
    /// Whether the query is queued.
    pub queued: bool,
    /// Whether the query has been scheduled.
    pub scheduled: bool,
    /// Completion estimate in percent; omitted when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_percentage: Option<f64>,
    /// Share of running work in percent; omitted when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_percentage: Option<f64>,
    /// Number of nodes involved.
    pub nodes: i32,
    /// Total splits.
    pub total_splits: i32,
    /// Queued splits.
    pub queued_splits: i32,
    /// Running splits.
    pub running_splits: i32,
    /// Completed splits.
    pub completed_splits: i32,
    /// Planning time.
    pub planning_time_millis: i64,
    /// Analysis time.
    pub analysis_time_millis: i64,
    /// CPU time.
    pub cpu_time_millis: i64,
    /// Wall (scheduled) time.
    pub wall_time_millis: i64,
    /// Time spent queued.
    pub queued_time_millis: i64,
    /// Elapsed time since creation.
    pub elapsed_time_millis: i64,
    /// Time spent finishing.
    pub finishing_time_millis: i64,
    /// Time spent reading input.
    pub physical_input_time_millis: i64,
    /// Rows processed.
    pub processed_rows: i64,
    /// Bytes processed.
    pub processed_bytes: i64,
    /// Bytes read from storage.
    pub physical_input_bytes: i64,
    /// Bytes written to storage.
    pub physical_written_bytes: i64,
    /// Bytes exchanged between nodes.
    pub internal_network_input_bytes: i64,
    /// Peak memory.
    pub peak_memory_bytes: i64,
    /// Bytes spilled to disk.
    pub spilled_bytes: i64,
    /// Statistics of the root stage; omitted when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_stage: Option<StageStats>,
}

impl StatementStats {
    /// Zeroed statistics in `state`, with `queued` set for [`QueryState::Queued`].
    pub fn new(state: QueryState) -> Self {
        StatementStats {
            state,
            queued: state == QueryState::Queued,
            ..StatementStats::default()
        }
    }
}

/// Statistics of one stage (`stats.rootStage` and its `subStages`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StageStats {
    /// Stage id.
    pub stage_id: String,
    /// Stage state (e.g. `RUNNING`).
    pub state: String,
    /// Whether the stage is done.
    pub done: bool,
    /// Nodes running the stage.
    pub nodes: i32,
    /// Total splits.
    pub total_splits: i32,
    /// Queued splits.
    pub queued_splits: i32,
    /// Running splits.
    pub running_splits: i32,
    /// Completed splits.
    pub completed_splits: i32,
    /// CPU time.
    pub cpu_time_millis: i64,
    /// Wall time.
    pub wall_time_millis: i64,
    /// Rows processed.
    pub processed_rows: i64,
    /// Bytes processed.
    pub processed_bytes: i64,
    /// Bytes read from storage.
    pub physical_input_bytes: i64,
    /// Failed tasks.
    pub failed_tasks: i32,
    /// Whether the stage runs only on the coordinator.
    pub coordinator_only: bool,
    /// Child stages (always written; required by the Java client).
    pub sub_stages: Vec<StageStats>,
}

/// `error` of a failed query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryError {
    /// Error message (Trino prefixes semantic errors with `line L:C: `).
    pub message: String,
    /// SQL state; Trino sends none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_state: Option<String>,
    /// Numeric error code.
    pub error_code: i32,
    /// Error name, e.g. `TABLE_NOT_FOUND`.
    pub error_name: String,
    /// Error category.
    pub error_type: ErrorType,
    /// 1-based position in the SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_location: Option<ErrorLocation>,
    /// Exception details; may be omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_info: Option<FailureInfo>,
}

impl QueryError {
    /// An error with a standard code, `message` and optional location; no `failureInfo`.
    pub fn new(
        code: ErrorCode,
        message: impl Into<String>,
        location: Option<ErrorLocation>,
    ) -> Self {
        QueryError {
            message: message.into(),
            sql_state: None,
            error_code: code.code(),
            error_name: code.name().to_owned(),
            error_type: code.error_type(),
            error_location: location,
            failure_info: None,
        }
    }
}

/// `{"lineNumber": L, "columnNumber": C}`, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorLocation {
    /// 1-based line.
    pub line_number: i32,
    /// 1-based column.
    pub column_number: i32,
}

impl ErrorLocation {
    /// A location at `line`:`column` (both 1-based).
    pub fn new(line_number: i32, column_number: i32) -> Self {
        ErrorLocation {
            line_number,
            column_number,
        }
    }
}

/// Exception details (`failureInfo`). If sent, `type`, `suppressed` and `stack` are
/// mandatory for the Java client; they are always written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureInfo {
    /// Exception class name, e.g. `io.trino.spi.TrinoException`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Exception message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Box<FailureInfo>>,
    /// Suppressed exceptions (always written).
    #[serde(default)]
    pub suppressed: Vec<FailureInfo>,
    /// Stack frames as text (always written).
    #[serde(default)]
    pub stack: Vec<String>,
    /// Error code of the exception.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_info: Option<ErrorInfo>,
    /// Location of the error in the SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_location: Option<ErrorLocation>,
}

impl FailureInfo {
    /// Details for exception class `ty` with `message`, no cause and an empty stack.
    pub fn new(ty: impl Into<String>, message: Option<String>) -> Self {
        FailureInfo {
            ty: ty.into(),
            message,
            cause: None,
            suppressed: Vec::new(),
            stack: Vec::new(),
            error_info: None,
            error_location: None,
        }
    }
}

/// `{"code": n, "name": "...", "type": "..."}` inside [`FailureInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Numeric code (>= 0).
    pub code: i32,
    /// Error name.
    pub name: String,
    /// Error category.
    #[serde(rename = "type")]
    pub ty: ErrorType,
}

impl From<ErrorCode> for ErrorInfo {
    fn from(code: ErrorCode) -> Self {
        ErrorInfo {
            code: code.code(),
            name: code.name().to_owned(),
            ty: code.error_type(),
        }
    }
}

/// A warning: `{"warningCode": {"code": n, "name": "..."}, "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// Warning code.
    pub warning_code: WarningCode,
    /// Warning message.
    pub message: String,
}

/// `{"code": n, "name": "..."}` of a [`Warning`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningCode {
    /// Numeric warning code.
    pub code: i32,
    /// Warning name.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn varchar_signature() -> ClientTypeSignature {
        ClientTypeSignature::new(
            "varchar",
            vec![ClientTypeSignatureParameter::Long(2_147_483_647)],
        )
    }

    #[test]
    fn queued_response_matches_spec_example() {
        let mut results = QueryResults::new(
            "20250101_120000_00001_k3mzq",
            "http://h:8080/ui/query.html?20250101_120000_00001_k3mzq",
            StatementStats::new(QueryState::Queued),
        );
        results.next_uri = Some(
            "http://h:8080/v1/statement/queued/20250101_120000_00001_k3mzq/y1a2b/1".to_owned(),
        );
        let text = serde_json::to_string(&results).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"id":"20250101_120000_00001_k3mzq","#,
                r#""infoUri":"http://h:8080/ui/query.html?20250101_120000_00001_k3mzq","#,
                r#""nextUri":"http://h:8080/v1/statement/queued/20250101_120000_00001_k3mzq/y1a2b/1","#,
                r#""stats":{"state":"QUEUED","queued":true,"scheduled":false,"nodes":0,"#,
                r#""totalSplits":0,"queuedSplits":0,"runningSplits":0,"completedSplits":0,"#,
                r#""planningTimeMillis":0,"analysisTimeMillis":0,"cpuTimeMillis":0,"#,
                r#""wallTimeMillis":0,"queuedTimeMillis":0,"elapsedTimeMillis":0,"#,
                r#""finishingTimeMillis":0,"physicalInputTimeMillis":0,"processedRows":0,"#,
                r#""processedBytes":0,"physicalInputBytes":0,"physicalWrittenBytes":0,"#,
                r#""internalNetworkInputBytes":0,"peakMemoryBytes":0,"spilledBytes":0},"#,
                r#""warnings":[]}"#
            )
        );
        assert!(!text.contains("null"));
    }

    #[test]
    fn response_with_columns_and_spliced_rows() {
        let mut results =
            QueryResults::new("q", "http://h/ui", StatementStats::new(QueryState::Running));
        results.columns = Some(vec![Column {
            name: "x".to_owned(),
            ty: "integer".to_owned(),
            type_signature: ClientTypeSignature::new("integer", vec![]),
        }]);
        results.data = Some(RawValue::from_string("[[1],[null]]".to_owned()).unwrap());
        let value: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&results).unwrap()).unwrap();
        assert_eq!(
            value["columns"],
            json!([{"name":"x","type":"integer","typeSignature":{"rawType":"integer","arguments":[]}}])
        );
        assert_eq!(value["data"], json!([[1], [null]]));
    }

    #[test]
    fn empty_columns_are_written_and_empty_data_is_omitted() {
        let mut results = QueryResults::new("q", "i", StatementStats::new(QueryState::Finished));
        results.columns = Some(vec![]);
        results.data = Some(RawValue::from_string("[ ]".to_owned()).unwrap());
        results.update_type = Some("CREATE TABLE".to_owned());
        let value: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&results).unwrap()).unwrap();
        assert_eq!(value["columns"], json!([]));
        assert_eq!(value["updateType"], json!("CREATE TABLE"));
        let object = value.as_object().unwrap();
        assert!(!object.contains_key("data"));
        assert!(!object.contains_key("updateCount"));
        assert!(!object.contains_key("nextUri"));
        assert!(!object.contains_key("error"));
    }

    #[test]
    fn update_count_and_percentages() {
        let mut stats = StatementStats::new(QueryState::Finished);
        stats.progress_percentage = Some(100.0);
        let mut results = QueryResults::new("q", "i", stats);
        results.update_type = Some("INSERT".to_owned());
        results.update_count = Some(5);
        let text = serde_json::to_string(&results).unwrap();
        assert!(text.contains(r#""state":"FINISHED","queued":false,"scheduled":false,"progressPercentage":100.0,"nodes":0"#));
        assert!(!text.contains("runningPercentage"));
        assert!(text.ends_with(r#""warnings":[],"updateType":"INSERT","updateCount":5}"#));
    }

    #[test]
    fn type_signature_parameters() {
        assert_eq!(
            serde_json::to_value(varchar_signature()).unwrap(),
            json!({"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]})
        );
        let row = ClientTypeSignature::new(
            "row",
            vec![
                ClientTypeSignatureParameter::NamedType(NamedClientTypeSignature {
                    field_name: Some(RowFieldName {
                        name: "x".to_owned(),
                    }),
                    type_signature: ClientTypeSignature::new("bigint", vec![]),
                }),
                ClientTypeSignatureParameter::NamedType(NamedClientTypeSignature {
                    field_name: None,
                    type_signature: varchar_signature(),
                }),
            ],
        );
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            json!({"rawType":"row","arguments":[
                {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"x"},"typeSignature":{"rawType":"bigint","arguments":[]}}},
                {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}}}
            ]})
        );
        let array = ClientTypeSignature::new(
            "array",
            vec![ClientTypeSignatureParameter::Type(
                ClientTypeSignature::new("bigint", vec![]),
            )],
        );
        assert_eq!(
            serde_json::to_value(&array).unwrap(),
            json!({"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"bigint","arguments":[]}}]})
        );
        let back: ClientTypeSignature =
            serde_json::from_str(&serde_json::to_string(&row).unwrap()).unwrap();
        assert_eq!(back, row);
    }

    #[test]
    fn legacy_parameter_kinds_and_null_field_name_deserialize() {
        let legacy: ClientTypeSignature = serde_json::from_value(json!({
            "rawType": "row",
            "arguments": [
                {"kind":"NAMED_TYPE_SIGNATURE","value":{"fieldName":null,"typeSignature":{
                    "rawType":"array","arguments":[{"kind":"TYPE_SIGNATURE","value":{
                        "rawType":"decimal","arguments":[{"kind":"LONG_LITERAL","value":10},{"kind":"LONG_LITERAL","value":2}]}}]}}}
            ]
        }))
        .unwrap();
        let decimal = ClientTypeSignature::new(
            "decimal",
            vec![
                ClientTypeSignatureParameter::Long(10),
                ClientTypeSignatureParameter::Long(2),
            ],
        );
        assert_eq!(
            legacy,
            ClientTypeSignature::new(
                "row",
                vec![ClientTypeSignatureParameter::NamedType(
                    NamedClientTypeSignature {
                        field_name: None,
                        type_signature: ClientTypeSignature::new(
                            "array",
                            vec![ClientTypeSignatureParameter::Type(decimal)]
                        ),
                    }
                )]
            )
        );
    }

    #[test]
    fn query_error_serialization() {
        let error = QueryError::new(
            ErrorCode::TableNotFound,
            "line 1:15: Table 'tpch.tiny.foobar' does not exist",
            Some(ErrorLocation::new(1, 15)),
        );
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({
                "message": "line 1:15: Table 'tpch.tiny.foobar' does not exist",
                "errorCode": 46,
                "errorName": "TABLE_NOT_FOUND",
                "errorType": "USER_ERROR",
                "errorLocation": {"lineNumber": 1, "columnNumber": 15}
            })
        );
        let syntax = QueryError::new(ErrorCode::SyntaxError, "boom", None);
        assert_eq!(
            serde_json::to_string(&syntax).unwrap(),
            r#"{"message":"boom","errorCode":1,"errorName":"SYNTAX_ERROR","errorType":"USER_ERROR"}"#
        );
    }

    #[test]
    fn failure_info_always_has_type_suppressed_and_stack() {
        let mut error = QueryError::new(ErrorCode::GenericInternalError, "oops", None);
        let mut info = FailureInfo::new("io.trino.spi.TrinoException", Some("oops".to_owned()));
        info.error_info = Some(ErrorCode::GenericInternalError.into());
        error.failure_info = Some(info);
        assert_eq!(
            serde_json::to_value(&error).unwrap()["failureInfo"],
            json!({
                "type": "io.trino.spi.TrinoException",
                "message": "oops",
                "suppressed": [],
                "stack": [],
                "errorInfo": {"code": 65536, "name": "GENERIC_INTERNAL_ERROR", "type": "INTERNAL_ERROR"}
            })
        );
        let bare = FailureInfo::new("java.lang.RuntimeException", None);
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"type":"java.lang.RuntimeException","suppressed":[],"stack":[]}"#
        );
    }

    #[test]
    fn warnings_serialize() {
        let warning = Warning {
            warning_code: WarningCode {
                code: 1,
                name: "TOO_MANY_STAGES".to_owned(),
            },
            message: "careful".to_owned(),
        };
        assert_eq!(
            serde_json::to_string(&warning).unwrap(),
            r#"{"warningCode":{"code":1,"name":"TOO_MANY_STAGES"},"message":"careful"}"#
        );
    }

    #[test]
    fn root_stage_is_optional_and_sub_stages_always_written() {
        let mut stats = StatementStats::new(QueryState::Running);
        stats.root_stage = Some(StageStats {
            stage_id: "0".to_owned(),
            state: "RUNNING".to_owned(),
            ..StageStats::default()
        });
        let value = serde_json::to_value(&stats).unwrap();
        assert_eq!(value["rootStage"]["subStages"], json!([]));
        assert_eq!(value["rootStage"]["stageId"], json!("0"));
    }

    #[test]
    fn full_document_round_trips_and_missing_numbers_default_to_zero() {
        let text = r#"{"id":"q","infoUri":"i","nextUri":"n","columns":[{"name":"a","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}}],"data":[["x"],[null]],"stats":{"state":"RUNNING","progressPercentage":12.5},"error":{"message":"m","errorCode":3,"errorName":"USER_CANCELED","errorType":"USER_ERROR"},"updateType":"USE"}"#;
        let results: QueryResults = serde_json::from_str(text).unwrap();
        assert_eq!(results.next_uri.as_deref(), Some("n"));
        assert_eq!(results.data.as_ref().unwrap().get(), r#"[["x"],[null]]"#);
        assert_eq!(results.stats.state, QueryState::Running);
        assert_eq!(results.stats.progress_percentage, Some(12.5));
        assert_eq!(results.stats.cpu_time_millis, 0);
        assert_eq!(results.error.as_ref().unwrap().error_code, 3);
        assert!(results.warnings.is_empty());
        assert_eq!(
            results.columns.as_ref().unwrap()[0].type_signature,
            varchar_signature()
        );
        let again: QueryResults =
            serde_json::from_str(&serde_json::to_string(&results).unwrap()).unwrap();
        assert_eq!(again.update_type.as_deref(), Some("USE"));
        assert_eq!(again.data.unwrap().get(), r#"[["x"],[null]]"#);
    }

    #[test]
    fn query_states() {
        assert_eq!(
            serde_json::to_string(&QueryState::WaitingForResources).unwrap(),
            "\"WAITING_FOR_RESOURCES\""
        );
        assert_eq!(QueryState::Finishing.as_str(), "FINISHING");
        assert!(QueryState::Failed.is_done());
        assert!(!QueryState::Running.is_done());
    }
}
