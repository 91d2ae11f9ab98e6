//! The syntax tree of a SQL/JSON path expression.

use regex::Regex;
use serde_json::Value;

/// A path expression: an item sequence computed from the context item, variables and the
/// current filter item.
#[derive(Debug, Clone)]
pub(crate) enum PathExpr {
    /// `$`: the JSON input.
    Context,
    /// `$name`: a value passed with `PASSING ... AS name`.
    Variable(String),
    /// `@`: the item a filter is examining.
    Current,
    /// `last`: the last index of the innermost array being subscripted.
    Last,
    /// A number, string, boolean or `null` literal.
    Literal(Value),
    /// `.key` / `."key"`; `None` for the wildcard `.*`.
    Member(Box<PathExpr>, Option<String>),
    /// `..key`: the member in every object at any depth.
    Descendant(Box<PathExpr>, String),
    /// `[subscripts]`; `None` for the wildcard `[*]`.
    Array(Box<PathExpr>, Option<Vec<Subscript>>),
    /// `?(predicate)`.
    Filter(Box<PathExpr>, Box<Predicate>),
    /// `.method()`.
    Method(Box<PathExpr>, Method),
    /// Unary minus (`true`) or plus (`false`), applied to every item.
    Sign(Box<PathExpr>, bool),
    /// `a + b`, `a - b`, ...: both operands must be single numbers.
    Arithmetic(Box<PathExpr>, ArithmeticOp, Box<PathExpr>),
}

/// One subscript of an array accessor.
#[derive(Debug, Clone)]
pub(crate) enum Subscript {
    /// `[i]`.
    Index(PathExpr),
    /// `[from to to]`, both ends included.
    Range(PathExpr, PathExpr),
}

/// The item methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Abs,
    Ceiling,
    Floor,
    Double,
    Size,
    Type,
    KeyValue,
}

impl Method {
    /// The method called `name()`, if there is one.
    pub(crate) fn named(name: &str) -> Option<Method> {
        Some(match name {
            "abs" => Method::Abs,
            "ceiling" => Method::Ceiling,
            "floor" => Method::Floor,
            "double" => Method::Double,
            "size" => Method::Size,
            "type" => Method::Type,
            "keyvalue" => Method::KeyValue,
            _ => return None,
        })
    }
}

/// `+ - * / %`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithmeticOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulus,
}

/// `== <> != < <= > >=` (`<>` and `!=` are the same operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// A filter predicate; it evaluates to true, false or unknown and never fails.
#[derive(Debug, Clone)]
pub(crate) enum Predicate {
    And(Box<Predicate>, Box<Predicate>),
    Or(Box<Predicate>, Box<Predicate>),
    Not(Box<Predicate>),
    /// `(predicate) is unknown`.
    IsUnknown(Box<Predicate>),
    /// `exists(path)`.
    Exists(PathExpr),
    Compare(PathExpr, Comparison, PathExpr),
    /// `path starts with "text"` / `$variable`.
    StartsWith(PathExpr, PathExpr),
    /// `path like_regex "pattern" [flag "flags"]`, compiled when the path is parsed.
    LikeRegex(PathExpr, Regex),
}
