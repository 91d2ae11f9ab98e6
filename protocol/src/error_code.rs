//! Trino's standard error codes (`io.trino.spi.StandardErrorCode`) and error types.
//!
//! Codes, names and types are copied from Trino's SPI; clients match on them (e.g. DBeaver
//! recognises `SQL Error [13]` as "feature unsupported", Python maps `errorType` to exception
//! classes), so they must never drift. Connector-specific codes start at `0x0100_0000` and are
//! not listed here; [`QueryError`](crate::results::QueryError) can still carry them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Category of an error, sent as `errorType` (`"USER_ERROR"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorType {
    /// The query or the request is wrong (`USER_ERROR`; Python raises `TrinoUserError`).
    UserError,
    /// A bug or failure inside the server (`INTERNAL_ERROR`).
    InternalError,
    /// The cluster ran out of a resource (`INSUFFICIENT_RESOURCES`).
    InsufficientResources,
    /// An external system failed (`EXTERNAL`; Python raises `TrinoExternalError`).
    External,
}

impl ErrorType {
    /// The wire name, e.g. `"USER_ERROR"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::UserError => "USER_ERROR",
            ErrorType::InternalError => "INTERNAL_ERROR",
            ErrorType::InsufficientResources => "INSUFFICIENT_RESOURCES",
            ErrorType::External => "EXTERNAL",
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! error_codes {
    ($($variant:ident = $code:literal, $name:literal, $ty:ident;)*) => {
        /// A standard Trino error code: numeric `errorCode`, `errorName` and `errorType`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($code), ", `", stringify!($ty), "`).")]
                $variant,
            )*
        }

        impl ErrorCode {
            /// Every standard error code, in Trino's declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The numeric code sent as `errorCode`, e.g. `46` for `TABLE_NOT_FOUND`.
            pub fn code(self) -> i32 {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The name sent as `errorName`, e.g. `"TABLE_NOT_FOUND"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// The category sent as `errorType`.
            pub fn error_type(self) -> ErrorType {
                match self {
                    $(ErrorCode::$variant => ErrorType::$ty,)*
                }
            }
        }
    };
}

error_codes! {
    GenericUserError = 0, "GENERIC_USER_ERROR", UserError;
    SyntaxError = 1, "SYNTAX_ERROR", UserError;
    AbandonedQuery = 2, "ABANDONED_QUERY", UserError;
    UserCanceled = 3, "USER_CANCELED", UserError;
    PermissionDenied = 4, "PERMISSION_DENIED", UserError;
    NotFound = 5, "NOT_FOUND", UserError;
    FunctionNotFound = 6, "FUNCTION_NOT_FOUND", UserError;
    InvalidFunctionArgument = 7, "INVALID_FUNCTION_ARGUMENT", UserError;
    DivisionByZero = 8, "DIVISION_BY_ZERO", UserError;
    InvalidCastArgument = 9, "INVALID_CAST_ARGUMENT", UserError;
    OperatorNotFound = 10, "OPERATOR_NOT_FOUND", UserError;
    InvalidView = 11, "INVALID_VIEW", UserError;
    AlreadyExists = 12, "ALREADY_EXISTS", UserError;
    NotSupported = 13, "NOT_SUPPORTED", UserError;
    InvalidSessionProperty = 14, "INVALID_SESSION_PROPERTY", UserError;
    InvalidWindowFrame = 15, "INVALID_WINDOW_FRAME", UserError;
    ConstraintViolation = 16, "CONSTRAINT_VIOLATION", UserError;
    TransactionConflict = 17, "TRANSACTION_CONFLICT", UserError;
    InvalidTableProperty = 18, "INVALID_TABLE_PROPERTY", UserError;
    NumericValueOutOfRange = 19, "NUMERIC_VALUE_OUT_OF_RANGE", UserError;
    UnknownTransaction = 20, "UNKNOWN_TRANSACTION", UserError;
    NotInTransaction = 21, "NOT_IN_TRANSACTION", UserError;
    TransactionAlreadyAborted = 22, "TRANSACTION_ALREADY_ABORTED", UserError;
    ReadOnlyViolation = 23, "READ_ONLY_VIOLATION", UserError;
    MultiCatalogWriteConflict = 24, "MULTI_CATALOG_WRITE_CONFLICT", UserError;
    AutocommitWriteConflict = 25, "AUTOCOMMIT_WRITE_CONFLICT", UserError;
    UnsupportedIsolationLevel = 26, "UNSUPPORTED_ISOLATION_LEVEL", UserError;
    IncompatibleClient = 27, "INCOMPATIBLE_CLIENT", UserError;
    SubqueryMultipleRows = 28, "SUBQUERY_MULTIPLE_ROWS", UserError;
    ProcedureNotFound = 29, "PROCEDURE_NOT_FOUND", UserError;
    InvalidProcedureArgument = 30, "INVALID_PROCEDURE_ARGUMENT", UserError;
    QueryRejected = 31, "QUERY_REJECTED", UserError;
    AmbiguousFunctionCall = 32, "AMBIGUOUS_FUNCTION_CALL", UserError;
    InvalidSchemaProperty = 33, "INVALID_SCHEMA_PROPERTY", UserError;
    SchemaNotEmpty = 34, "SCHEMA_NOT_EMPTY", UserError;
    QueryTextTooLarge = 35, "QUERY_TEXT_TOO_LARGE", UserError;
    UnsupportedSubquery = 36, "UNSUPPORTED_SUBQUERY", UserError;
    ExceededFunctionMemoryLimit = 37, "EXCEEDED_FUNCTION_MEMORY_LIMIT", UserError;
    AdministrativelyKilled = 38, "ADMINISTRATIVELY_KILLED", UserError;
    InvalidColumnProperty = 39, "INVALID_COLUMN_PROPERTY", UserError;
    QueryHasTooManyStages = 40, "QUERY_HAS_TOO_MANY_STAGES", UserError;
    InvalidSpatialPartitioning = 41, "INVALID_SPATIAL_PARTITIONING", UserError;
    InvalidAnalyzeProperty = 42, "INVALID_ANALYZE_PROPERTY", UserError;
    TypeNotFound = 43, "TYPE_NOT_FOUND", UserError;
    CatalogNotFound = 44, "CATALOG_NOT_FOUND", UserError;
    SchemaNotFound = 45, "SCHEMA_NOT_FOUND", UserError;
    TableNotFound = 46, "TABLE_NOT_FOUND", UserError;
    ColumnNotFound = 47, "COLUMN_NOT_FOUND", UserError;
    RoleNotFound = 48, "ROLE_NOT_FOUND", UserError;
    SchemaAlreadyExists = 49, "SCHEMA_ALREADY_EXISTS", UserError;
    TableAlreadyExists = 50, "TABLE_ALREADY_EXISTS", UserError;
    ColumnAlreadyExists = 51, "COLUMN_ALREADY_EXISTS", UserError;
    RoleAlreadyExists = 52, "ROLE_ALREADY_EXISTS", UserError;
    DuplicateNamedQuery = 53, "DUPLICATE_NAMED_QUERY", UserError;
    DuplicateColumnName = 54, "DUPLICATE_COLUMN_NAME", UserError;
    MissingColumnName = 55, "MISSING_COLUMN_NAME", UserError;
    MissingCatalogName = 56, "MISSING_CATALOG_NAME", UserError;
    MissingSchemaName = 57, "MISSING_SCHEMA_NAME", UserError;
    TypeMismatch = 58, "TYPE_MISMATCH", UserError;
    InvalidLiteral = 59, "INVALID_LITERAL", UserError;
    ColumnTypeUnknown = 60, "COLUMN_TYPE_UNKNOWN", UserError;
    MismatchedColumnAliases = 61, "MISMATCHED_COLUMN_ALIASES", UserError;
    AmbiguousName = 62, "AMBIGUOUS_NAME", UserError;
    InvalidColumnReference = 63, "INVALID_COLUMN_REFERENCE", UserError;
    MissingGroupBy = 64, "MISSING_GROUP_BY", UserError;
    MissingOrderBy = 65, "MISSING_ORDER_BY", UserError;
    MissingOver = 66, "MISSING_OVER", UserError;
    NestedAggregation = 67, "NESTED_AGGREGATION", UserError;
    NestedWindow = 68, "NESTED_WINDOW", UserError;
    ExpressionNotInDistinct = 69, "EXPRESSION_NOT_IN_DISTINCT", UserError;
    TooManyGroupingSets = 70, "TOO_MANY_GROUPING_SETS", UserError;
    FunctionNotWindow = 71, "FUNCTION_NOT_WINDOW", UserError;
    FunctionNotAggregate = 72, "FUNCTION_NOT_AGGREGATE", UserError;
    ExpressionNotAggregate = 73, "EXPRESSION_NOT_AGGREGATE", UserError;
    ExpressionNotScalar = 74, "EXPRESSION_NOT_SCALAR", UserError;
    ExpressionNotConstant = 75, "EXPRESSION_NOT_CONSTANT", UserError;
    InvalidArguments = 76, "INVALID_ARGUMENTS", UserError;
    TooManyArguments = 77, "TOO_MANY_ARGUMENTS", UserError;
    InvalidPrivilege = 78, "INVALID_PRIVILEGE", UserError;
    DuplicateProperty = 79, "DUPLICATE_PROPERTY", UserError;
    InvalidParameterUsage = 80, "INVALID_PARAMETER_USAGE", UserError;
    ViewIsStale = 81, "VIEW_IS_STALE", UserError;
    ViewIsRecursive = 82, "VIEW_IS_RECURSIVE", UserError;
    NullTreatmentNotAllowed = 83, "NULL_TREATMENT_NOT_ALLOWED", UserError;
    InvalidRowFilter = 84, "INVALID_ROW_FILTER", UserError;
    InvalidColumnMask = 85, "INVALID_COLUMN_MASK", UserError;
    MissingTable = 86, "MISSING_TABLE", UserError;
    InvalidRecursiveReference = 87, "INVALID_RECURSIVE_REFERENCE", UserError;
    MissingColumnAliases = 88, "MISSING_COLUMN_ALIASES", UserError;
    NestedRecursive = 89, "NESTED_RECURSIVE", UserError;
    InvalidLimitClause = 90, "INVALID_LIMIT_CLAUSE", UserError;
    InvalidOrderBy = 91, "INVALID_ORDER_BY", UserError;
    DuplicateWindowName = 92, "DUPLICATE_WINDOW_NAME", UserError;
    InvalidWindowReference = 93, "INVALID_WINDOW_REFERENCE", UserError;
    InvalidPartitionBy = 94, "INVALID_PARTITION_BY", UserError;
    InvalidMaterializedViewProperty = 95, "INVALID_MATERIALIZED_VIEW_PROPERTY", UserError;
    InvalidLabel = 96, "INVALID_LABEL", UserError;
    InvalidProcessingMode = 97, "INVALID_PROCESSING_MODE", UserError;
    InvalidNavigationNesting = 98, "INVALID_NAVIGATION_NESTING", UserError;
    InvalidRowPattern = 99, "INVALID_ROW_PATTERN", UserError;
    NestedRowPatternRecognition = 100, "NESTED_ROW_PATTERN_RECOGNITION", UserError;
    TableHasNoColumns = 101, "TABLE_HAS_NO_COLUMNS", UserError;
    InvalidRange = 102, "INVALID_RANGE", UserError;
    InvalidPatternRecognitionFunction = 103, "INVALID_PATTERN_RECOGNITION_FUNCTION", UserError;
    TableRedirectionError = 104, "TABLE_REDIRECTION_ERROR", UserError;
    MissingVariableDefinitions = 105, "MISSING_VARIABLE_DEFINITIONS", UserError;
    MissingRowPattern = 106, "MISSING_ROW_PATTERN", UserError;
    InvalidWindowMeasure = 107, "INVALID_WINDOW_MEASURE", UserError;
    StackOverflow = 108, "STACK_OVERFLOW", UserError;
    MissingReturnType = 109, "MISSING_RETURN_TYPE", UserError;
    AmbiguousReturnType = 110, "AMBIGUOUS_RETURN_TYPE", UserError;
    MissingArgument = 111, "MISSING_ARGUMENT", UserError;
    DuplicateParameterName = 112, "DUPLICATE_PARAMETER_NAME", UserError;
    InvalidPath = 113, "INVALID_PATH", UserError;
    JsonInputConversionError = 114, "JSON_INPUT_CONVERSION_ERROR", UserError;
    JsonOutputConversionError = 115, "JSON_OUTPUT_CONVERSION_ERROR", UserError;
    PathEvaluationError = 116, "PATH_EVALUATION_ERROR", UserError;
    InvalidJsonLiteral = 117, "INVALID_JSON_LITERAL", UserError;
    JsonValueResultError = 118, "JSON_VALUE_RESULT_ERROR", UserError;
    MergeTargetRowMultipleMatches = 119, "MERGE_TARGET_ROW_MULTIPLE_MATCHES", UserError;
    InvalidCopartitioning = 120, "INVALID_COPARTITIONING", UserError;
    InvalidTableFunctionInvocation = 121, "INVALID_TABLE_FUNCTION_INVOCATION", UserError;
    DuplicateRangeVariable = 122, "DUPLICATE_RANGE_VARIABLE", UserError;
    InvalidCheckConstraint = 123, "INVALID_CHECK_CONSTRAINT", UserError;
    InvalidCatalogProperty = 124, "INVALID_CATALOG_PROPERTY", UserError;
    CatalogUnavailable = 125, "CATALOG_UNAVAILABLE", UserError;
    MissingReturn = 126, "MISSING_RETURN", UserError;
    DuplicateColumnOrPathName = 127, "DUPLICATE_COLUMN_OR_PATH_NAME", UserError;
    MissingPathName = 128, "MISSING_PATH_NAME", UserError;
    InvalidPlan = 129, "INVALID_PLAN", UserError;
    InvalidViewProperty = 130, "INVALID_VIEW_PROPERTY", UserError;
    InvalidEntityKind = 131, "INVALID_ENTITY_KIND", UserError;
    QueryExceededCompilerLimit = 132, "QUERY_EXCEEDED_COMPILER_LIMIT", UserError;
    InvalidFunctionProperty = 133, "INVALID_FUNCTION_PROPERTY", UserError;
    BranchNotFound = 134, "BRANCH_NOT_FOUND", UserError;
    BranchAlreadyExists = 135, "BRANCH_ALREADY_EXISTS", UserError;
    InvalidBranchProperty = 136, "INVALID_BRANCH_PROPERTY", UserError;
    InvalidDefaultColumnValue = 137, "INVALID_DEFAULT_COLUMN_VALUE", UserError;
    InvalidGracePeriod = 138, "INVALID_GRACE_PERIOD", UserError;
    TransactionAlreadyCommited = 139, "TRANSACTION_ALREADY_COMMITED", UserError;
    JsonQueryResultError = 140, "JSON_QUERY_RESULT_ERROR", UserError;
    GenericInternalError = 65536, "GENERIC_INTERNAL_ERROR", InternalError;
    TooManyRequestsFailed = 65537, "TOO_MANY_REQUESTS_FAILED", InternalError;
    PageTooLarge = 65538, "PAGE_TOO_LARGE", InternalError;
    PageTransportError = 65539, "PAGE_TRANSPORT_ERROR", InternalError;
    PageTransportTimeout = 65540, "PAGE_TRANSPORT_TIMEOUT", InternalError;
    NoNodesAvailable = 65541, "NO_NODES_AVAILABLE", InternalError;
    RemoteTaskError = 65542, "REMOTE_TASK_ERROR", InternalError;
    CompilerError = 65543, "COMPILER_ERROR", InternalError;
    RemoteTaskMismatch = 65544, "REMOTE_TASK_MISMATCH", InternalError;
    ServerShuttingDown = 65545, "SERVER_SHUTTING_DOWN", InternalError;
    FunctionImplementationMissing = 65546, "FUNCTION_IMPLEMENTATION_MISSING", InternalError;
    RemoteBufferCloseFailed = 65547, "REMOTE_BUFFER_CLOSE_FAILED", InternalError;
    ServerStartingUp = 65548, "SERVER_STARTING_UP", InternalError;
    FunctionImplementationError = 65549, "FUNCTION_IMPLEMENTATION_ERROR", InternalError;
    InvalidProcedureDefinition = 65550, "INVALID_PROCEDURE_DEFINITION", InternalError;
    ProcedureCallFailed = 65551, "PROCEDURE_CALL_FAILED", InternalError;
    AmbiguousFunctionImplementation = 65552, "AMBIGUOUS_FUNCTION_IMPLEMENTATION", InternalError;
    AbandonedTask = 65553, "ABANDONED_TASK", InternalError;
    CorruptSerializedIdentity = 65554, "CORRUPT_SERIALIZED_IDENTITY", InternalError;
    CorruptPage = 65555, "CORRUPT_PAGE", InternalError;
    OptimizerTimeout = 65556, "OPTIMIZER_TIMEOUT", InternalError;
    OutOfSpillSpace = 65557, "OUT_OF_SPILL_SPACE", InternalError;
    RemoteHostGone = 65558, "REMOTE_HOST_GONE", InternalError;
    ConfigurationInvalid = 65559, "CONFIGURATION_INVALID", InternalError;
    ConfigurationUnavailable = 65560, "CONFIGURATION_UNAVAILABLE", InternalError;
    InvalidResourceGroup = 65561, "INVALID_RESOURCE_GROUP", InternalError;
    SerializationError = 65562, "SERIALIZATION_ERROR", InternalError;
    RemoteTaskFailed = 65563, "REMOTE_TASK_FAILED", InternalError;
    ExchangeManagerNotConfigured = 65564, "EXCHANGE_MANAGER_NOT_CONFIGURED", InternalError;
    CatalogNotAvailable = 65565, "CATALOG_NOT_AVAILABLE", InternalError;
    CatalogStoreError = 65566, "CATALOG_STORE_ERROR", InternalError;
    GenericInsufficientResources = 131072, "GENERIC_INSUFFICIENT_RESOURCES", InsufficientResources;
    ExceededGlobalMemoryLimit = 131073, "EXCEEDED_GLOBAL_MEMORY_LIMIT", InsufficientResources;
    QueryQueueFull = 131074, "QUERY_QUEUE_FULL", InsufficientResources;
    ExceededTimeLimit = 131075, "EXCEEDED_TIME_LIMIT", InsufficientResources;
    ClusterOutOfMemory = 131076, "CLUSTER_OUT_OF_MEMORY", InsufficientResources;
    ExceededCpuLimit = 131077, "EXCEEDED_CPU_LIMIT", InsufficientResources;
    ExceededSpillLimit = 131078, "EXCEEDED_SPILL_LIMIT", InsufficientResources;
    ExceededLocalMemoryLimit = 131079, "EXCEEDED_LOCAL_MEMORY_LIMIT", InsufficientResources;
    AdministrativelyPreempted = 131080, "ADMINISTRATIVELY_PREEMPTED", InsufficientResources;
    ExceededScanLimit = 131081, "EXCEEDED_SCAN_LIMIT", InsufficientResources;
    ExceededTaskDescriptorStorageCapacity = 131082, "EXCEEDED_TASK_DESCRIPTOR_STORAGE_CAPACITY", InsufficientResources;
    ExceededWriteLimit = 131083, "EXCEEDED_WRITE_LIMIT", InsufficientResources;
    UnsupportedTableType = 133001, "UNSUPPORTED_TABLE_TYPE", External;
}

impl ErrorCode {
    /// Looks a standard code up by its number.
    pub fn from_code(code: i32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// Looks a standard code up by its name (exact, e.g. `"SYNTAX_ERROR"`).
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_listed_in_the_spec() {
        let expected = [
            (
                ErrorCode::GenericUserError,
                0,
                "GENERIC_USER_ERROR",
                ErrorType::UserError,
            ),
            (
                ErrorCode::SyntaxError,
                1,
                "SYNTAX_ERROR",
                ErrorType::UserError,
            ),
            (
                ErrorCode::AbandonedQuery,
                2,
                "ABANDONED_QUERY",
                ErrorType::UserError,
            ),
            (
                ErrorCode::UserCanceled,
                3,
                "USER_CANCELED",
                ErrorType::UserError,
            ),
            (
                ErrorCode::PermissionDenied,
                4,
                "PERMISSION_DENIED",
                ErrorType::UserError,
            ),
            (ErrorCode::NotFound, 5, "NOT_FOUND", ErrorType::UserError),
            (
                ErrorCode::FunctionNotFound,
                6,
                "FUNCTION_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::InvalidFunctionArgument,
                7,
                "INVALID_FUNCTION_ARGUMENT",
                ErrorType::UserError,
            ),
            (
                ErrorCode::DivisionByZero,
                8,
                "DIVISION_BY_ZERO",
                ErrorType::UserError,
            ),
            (
                ErrorCode::InvalidCastArgument,
                9,
                "INVALID_CAST_ARGUMENT",
                ErrorType::UserError,
            ),
            (
                ErrorCode::NotSupported,
                13,
                "NOT_SUPPORTED",
                ErrorType::UserError,
            ),
            (
                ErrorCode::InvalidSessionProperty,
                14,
                "INVALID_SESSION_PROPERTY",
                ErrorType::UserError,
            ),
            (
                ErrorCode::UnknownTransaction,
                20,
                "UNKNOWN_TRANSACTION",
                ErrorType::UserError,
            ),
            (
                ErrorCode::NotInTransaction,
                21,
                "NOT_IN_TRANSACTION",
                ErrorType::UserError,
            ),
            (
                ErrorCode::TransactionAlreadyAborted,
                22,
                "TRANSACTION_ALREADY_ABORTED",
                ErrorType::UserError,
            ),
            (
                ErrorCode::IncompatibleClient,
                27,
                "INCOMPATIBLE_CLIENT",
                ErrorType::UserError,
            ),
            (
                ErrorCode::ProcedureNotFound,
                29,
                "PROCEDURE_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::TypeNotFound,
                43,
                "TYPE_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::CatalogNotFound,
                44,
                "CATALOG_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::SchemaNotFound,
                45,
                "SCHEMA_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::TableNotFound,
                46,
                "TABLE_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::ColumnNotFound,
                47,
                "COLUMN_NOT_FOUND",
                ErrorType::UserError,
            ),
            (
                ErrorCode::SchemaAlreadyExists,
                49,
                "SCHEMA_ALREADY_EXISTS",
                ErrorType::UserError,
            ),
            (
                ErrorCode::TableAlreadyExists,
                50,
                "TABLE_ALREADY_EXISTS",
                ErrorType::UserError,
            ),
            (
                ErrorCode::MissingCatalogName,
                56,
                "MISSING_CATALOG_NAME",
                ErrorType::UserError,
            ),
            (
                ErrorCode::MissingSchemaName,
                57,
                "MISSING_SCHEMA_NAME",
                ErrorType::UserError,
            ),
            (
                ErrorCode::TypeMismatch,
                58,
                "TYPE_MISMATCH",
                ErrorType::UserError,
            ),
            (
                ErrorCode::GenericInternalError,
                65536,
                "GENERIC_INTERNAL_ERROR",
                ErrorType::InternalError,
            ),
            (
                ErrorCode::ServerShuttingDown,
                65545,
                "SERVER_SHUTTING_DOWN",
                ErrorType::InternalError,
            ),
            (
                ErrorCode::ServerStartingUp,
                65548,
                "SERVER_STARTING_UP",
                ErrorType::InternalError,
            ),
            (
                ErrorCode::SerializationError,
                65562,
                "SERIALIZATION_ERROR",
                ErrorType::InternalError,
            ),
            (
                ErrorCode::GenericInsufficientResources,
                131072,
                "GENERIC_INSUFFICIENT_RESOURCES",
                ErrorType::InsufficientResources,
            ),
            (
                ErrorCode::ExceededGlobalMemoryLimit,
                131073,
                "EXCEEDED_GLOBAL_MEMORY_LIMIT",
                ErrorType::InsufficientResources,
            ),
            (
                ErrorCode::QueryQueueFull,
                131074,
                "QUERY_QUEUE_FULL",
                ErrorType::InsufficientResources,
            ),
            (
                ErrorCode::ExceededTimeLimit,
                131075,
                "EXCEEDED_TIME_LIMIT",
                ErrorType::InsufficientResources,
            ),
            (
                ErrorCode::UnsupportedTableType,
                133001,
                "UNSUPPORTED_TABLE_TYPE",
                ErrorType::External,
            ),
        ];
        for (code, number, name, ty) in expected {
            assert_eq!(
                (code.code(), code.name(), code.error_type()),
                (number, name, ty)
            );
        }
    }

    #[test]
    fn other_codes_requested_by_the_engine() {
        assert_eq!(ErrorCode::OperatorNotFound.code(), 10);
        assert_eq!(ErrorCode::NumericValueOutOfRange.code(), 19);
        assert_eq!(ErrorCode::AdministrativelyKilled.code(), 38);
        assert_eq!(ErrorCode::MissingColumnName.code(), 55);
        assert_eq!(ErrorCode::InvalidLiteral.code(), 59);
        assert_eq!(ErrorCode::AmbiguousName.code(), 62);
        assert_eq!(ErrorCode::ExceededLocalMemoryLimit.code(), 131079);
        assert_eq!(
            ErrorCode::ExceededLocalMemoryLimit.name(),
            "EXCEEDED_LOCAL_MEMORY_LIMIT"
        );
    }

    #[test]
    fn codes_and_names_are_unique_and_round_trip() {
        let codes: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        let names: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
            assert_eq!(ErrorCode::from_name(code.name()), Some(code));
        }
        assert_eq!(ErrorCode::from_code(12345), None);
        assert_eq!(ErrorCode::from_name("table_not_found"), None);
    }

    #[test]
    fn user_error_codes_are_contiguous() {
        let user: Vec<i32> = ErrorCode::ALL
            .iter()
            .filter(|c| c.error_type() == ErrorType::UserError)
            .map(|c| c.code())
            .collect();
        assert_eq!(user, (0..=140).collect::<Vec<_>>());
    }

    #[test]
    fn error_type_wire_names() {
        for (ty, name) in [
            (ErrorType::UserError, "\"USER_ERROR\""),
            (ErrorType::InternalError, "\"INTERNAL_ERROR\""),
            (
                ErrorType::InsufficientResources,
                "\"INSUFFICIENT_RESOURCES\"",
            ),
            (ErrorType::External, "\"EXTERNAL\""),
        ] {
            assert_eq!(serde_json::to_string(&ty).unwrap(), name);
            assert_eq!(serde_json::from_str::<ErrorType>(name).unwrap(), ty);
            assert_eq!(format!("\"{ty}\""), name);
        }
        assert_eq!(ErrorCode::TableNotFound.to_string(), "TABLE_NOT_FOUND");
    }
}
