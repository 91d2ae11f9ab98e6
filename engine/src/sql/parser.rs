//! Parses Trino SQL: the statements Trino has and sqlparser does not (session, prepared
//! statement and metadata statements) are recognised here, everything else is handed to
//! sqlparser's generic dialect.

use std::ops::ControlFlow;

use crate::sql::dialect::TrinoDialect;
use datafusion::sql::sqlparser::ast::{Expr, Ident, ObjectName, Statement, visit_relations};
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::{Location, Token, Tokenizer};

/// A 1-based position in the SQL text, as Trino reports it in `errorLocation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlLocation {
    /// Line, starting at 1.
    pub line: u64,
    /// Column, starting at 1.
    pub column: u64,
}

impl From<Location> for SqlLocation {
    fn from(location: Location) -> Self {
        Self {
            line: location.line.max(1),
            column: location.column.max(1),
        }
    }
}

/// A syntax error with Trino's message shape (`line 1:8: ...`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {}:{}: {message}", location.line, location.column)]
pub struct SyntaxError {
    /// Where the error is.
    pub location: SqlLocation,
    /// What is wrong, without the location.
    pub message: String,
}

/// The transaction access mode of `START TRANSACTION`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionModes {
    /// `ISOLATION LEVEL ...` as written, upper case (`READ UNCOMMITTED`, ...).
    pub isolation: Option<String>,
    /// `READ ONLY` (true) or `READ WRITE` (false).
    pub read_only: Option<bool>,
}

/// One Trino statement.
#[derive(Debug, Clone, PartialEq)]
pub enum TrinoStatement {
    /// A statement DataFusion plans: queries, DDL and DML.
    Sql(Box<Statement>),
    /// `USE [catalog.]schema`.
    Use {
        /// Catalog, when given.
        catalog: Option<Ident>,
        /// Schema.
        schema: Ident,
    },
    /// `SET SESSION [catalog.]name = value`.
    SetSession {
        /// Property name (`catalog.name` for catalog properties).
        name: String,
        /// Value expression (a literal).
        value: Expr,
    },
    /// `RESET SESSION [catalog.]name`.
    ResetSession {
        /// Property name.
        name: String,
    },
    /// `SHOW SESSION [LIKE pattern]`.
    ShowSession {
        /// `LIKE` pattern.
        like: Option<String>,
    },
    /// `SHOW CATALOGS [LIKE pattern]`.
    ShowCatalogs {
        /// `LIKE` pattern.
        like: Option<String>,
    },
    /// `SHOW SCHEMAS [FROM catalog] [LIKE pattern]`.
    ShowSchemas {
        /// Catalog, when given.
        catalog: Option<Ident>,
        /// `LIKE` pattern.
        like: Option<String>,
    },
    /// `SHOW TABLES [FROM [catalog.]schema] [LIKE pattern]`.
    ShowTables {
        /// Schema name, when given.
        schema: Option<ObjectName>,
        /// `LIKE` pattern.
        like: Option<String>,
    },
    /// `SHOW COLUMNS FROM table`, `DESCRIBE table`.
    ShowColumns {
        /// The table.
        table: ObjectName,
    },
    /// `SHOW FUNCTIONS [LIKE pattern]`.
    ShowFunctions {
        /// `LIKE` pattern.
        like: Option<String>,
    },
    /// `SHOW CREATE TABLE name`.
    ShowCreateTable {
        /// The table.
        table: ObjectName,
    },
    /// `SHOW CREATE VIEW name`.
    ShowCreateView {
        /// The view.
        view: ObjectName,
    },
    /// `SHOW CREATE SCHEMA name`.
    ShowCreateSchema {
        /// The schema.
        schema: ObjectName,
    },
    /// `PREPARE name FROM statement`.
    Prepare {
        /// Statement name.
        name: String,
        /// The statement's SQL text.
        sql: String,
    },
    /// `EXECUTE name [USING value, ...]`.
    Execute {
        /// Statement name.
        name: String,
        /// Parameter values.
        parameters: Vec<Expr>,
    },
    /// `EXECUTE IMMEDIATE 'sql' [USING value, ...]`.
    ExecuteImmediate {
        /// The statement's SQL text.
        sql: String,
        /// Where the SQL string literal starts, to shift error locations inside it.
        location: SqlLocation,
        /// Parameter values.
        parameters: Vec<Expr>,
    },
    /// `DEALLOCATE PREPARE name`.
    Deallocate {
        /// Statement name.
        name: String,
    },
    /// `DESCRIBE INPUT name`.
    DescribeInput {
        /// Statement name.
        name: String,
    },
    /// `DESCRIBE OUTPUT name`.
    DescribeOutput {
        /// Statement name.
        name: String,
    },
    /// `START TRANSACTION [mode, ...]`.
    StartTransaction(TransactionModes),
    /// `COMMIT [WORK]`.
    Commit,
    /// `ROLLBACK [WORK]`.
    Rollback,
    /// `SET ROLE { ALL | NONE | role } [IN catalog]`.
    SetRole {
        /// `ALL`, `NONE` or `ROLE{name}` as the role header encodes it.
        role: String,
        /// Catalog, when given; `None` means the system role.
        catalog: Option<String>,
    },
    /// `SET TIME ZONE { LOCAL | 'zone' }`.
    SetTimeZone {
        /// The zone; `None` for `LOCAL`.
        zone: Option<Expr>,
    },
    /// `SET PATH element, ...`.
    SetPath {
        /// The path as written.
        path: String,
    },
}

/// Parses exactly one Trino statement (a trailing `;` is accepted).
pub fn parse_statement(sql: &str) -> Result<TrinoStatement, SyntaxError> {
    match trino_token_forms(sql) {
        Some(normalized) => parse_normalized(&normalized),
        None => parse_normalized(sql),
    }
}

/// Prefix of the quoted identifier that carries a Trino type written in Trino's
/// parenthesised syntax (`row(...)`, `array(...)`, `map(...)`) through sqlparser.
pub const TYPE_PLACEHOLDER_PREFIX: &str = "__trino_type:";

/// Rewrites, at the token level, the Trino forms sqlparser cannot read: `VALUES 1, 2`
/// (rows without parentheses), `IPADDRESS '...'` literals, parenthesised cast types,
/// `TRIM(LEADING FROM s)` and columns named `key`/`index`. Returns `None` when the text
/// has none of them, so positions in error messages stay exact in the common case.
fn trino_token_forms(sql: &str) -> Option<String> {
    let dialect = TrinoDialect::default();
    let tokens = Tokenizer::new(&dialect, sql).tokenize().ok()?;
    let is_word = |t: &Token, k: Keyword| matches!(t, Token::Word(w) if w.keyword == k && w.quote_style.is_none());
    let next_significant =
        |from: usize| (from..tokens.len()).find(|&i| !matches!(tokens[i], Token::Whitespace(_)));
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut changed = false;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if let Token::Word(w) = token
            && w.quote_style.is_none()
            && w.value.eq_ignore_ascii_case("ipaddress")
            && let Some(j) = next_significant(i + 1)
            && let Token::SingleQuotedString(text) = &tokens[j]
        {
            out.push(format!("CAST('{}' AS IPADDRESS)", text.replace('\'', "''")));
            changed = true;
            i = j + 1;
            continue;
        }
        // `TRIM(LEADING FROM s)`: Trino allows the trim specification without characters;
        // sqlparser reads the same call without `FROM`. Blanks keep later positions exact.
        if is_word(token, Keyword::FROM)
            && let Some(spec) = (0..i)
                .rev()
                .find(|&p| !matches!(tokens[p], Token::Whitespace(_)))
            && matches!(&tokens[spec], Token::Word(w) if w.quote_style.is_none()
                && matches!(w.keyword, Keyword::BOTH | Keyword::LEADING | Keyword::TRAILING))
            && let Some(paren) = (0..spec)
                .rev()
                .find(|&p| !matches!(tokens[p], Token::Whitespace(_)))
            && tokens[paren] == Token::LParen
            && (0..paren)
                .rev()
                .find(|&p| !matches!(tokens[p], Token::Whitespace(_)))
                .is_some_and(|p| is_word(&tokens[p], Keyword::TRIM))
        {
            out.push(" ".repeat(token.to_string().len()));
            changed = true;
            i += 1;
            continue;
        }
        // A column named `key` or `index` (`CREATE TABLE t (key int)`): not reserved in
        // Trino, but sqlparser would start a MySQL index definition; quote it.
        if let Token::Word(w) = token
            && w.quote_style.is_none()
            && matches!(w.keyword, Keyword::KEY | Keyword::INDEX)
            && (0..i)
                .rev()
                .find(|&p| !matches!(tokens[p], Token::Whitespace(_)))
                .is_some_and(|p| matches!(tokens[p], Token::LParen | Token::Comma))
            && next_significant(i + 1).is_some_and(|j| matches!(tokens[j], Token::Word(_)))
        {
            out.push(format!("\"{}\"", w.value.to_ascii_lowercase()));
            changed = true;
            i += 1;
            continue;
        }
        // `CAST(x AS row(a bigint, b array(varchar)))`: Trino's parenthesised type syntax,
        // carried to the type rewrite as a quoted identifier `"__trino_type:<type>"`.
        if is_word(token, Keyword::AS)
            && let Some(j) = next_significant(i + 1)
            && let Token::Word(w) = &tokens[j]
            && w.quote_style.is_none()
            && ["row", "array", "map"].contains(&w.value.to_ascii_lowercase().as_str())
            && let Some(k) = next_significant(j + 1)
            && tokens[k] == Token::LParen
        {
            let mut depth = 0;
            let mut end = k;
            while end < tokens.len() {
                match tokens[end] {
                    Token::LParen => depth += 1,
                    Token::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                end += 1;
            }
            if end < tokens.len() {
                let text: String = tokens[j..=end].iter().map(|t| t.to_string()).collect();
                out.push(token.to_string());
                out.push(" ".into());
                out.push(format!(
                    "\"{TYPE_PLACEHOLDER_PREFIX}{}\"",
                    text.replace('"', "\"\"")
                ));
                changed = true;
                i = end + 1;
                continue;
            }
        }
        out.push(token.to_string());
        i += 1;
        if !is_word(token, Keyword::VALUES) {
            continue;
        }
        // Rows of VALUES: wrap each depth-0 item that is not parenthesised.
        while let Some(start) = next_significant(i) {
            for t in &tokens[i..start] {
                out.push(t.to_string());
            }
            let mut depth = 0i32;
            let mut end = start;
            while end < tokens.len() {
                match &tokens[end] {
                    Token::LParen | Token::LBracket => depth += 1,
                    Token::RParen | Token::RBracket if depth == 0 => break,
                    Token::RParen | Token::RBracket => depth -= 1,
                    Token::Comma | Token::SemiColon if depth == 0 => break,
                    Token::Word(w)
                        if depth == 0
                            && matches!(
                                w.keyword,
                                Keyword::ORDER
                                    | Keyword::LIMIT
                                    | Keyword::OFFSET
                                    | Keyword::FETCH
                                    | Keyword::UNION
                                    | Keyword::EXCEPT
                                    | Keyword::INTERSECT
                            ) =>
                    {
                        break;
                    }
                    Token::EOF => break,
                    _ => {}
                }
                end += 1;
            }
            let mut last = end;
            while last > start && matches!(tokens[last - 1], Token::Whitespace(_)) {
                last -= 1;
            }
            let item = &tokens[start..last];
            let parenthesised = matches!(item.first(), Some(Token::LParen)) && {
                let mut d = 0;
                item.iter().position(|t| {
                    match t {
                        Token::LParen => d += 1,
                        Token::RParen => d -= 1,
                        _ => {}
                    }
                    d == 0
                }) == Some(item.len() - 1)
            };
            let row_keyword = item.first().is_some_and(|t| is_word(t, Keyword::ROW));
            if !item.is_empty() && !parenthesised && !row_keyword {
                out.push("(".into());
                out.extend(item.iter().map(|t| t.to_string()));
                out.push(")".into());
                changed = true;
            } else {
                out.extend(item.iter().map(|t| t.to_string()));
            }
            out.extend(tokens[last..end].iter().map(|t| t.to_string()));
            i = end;
            if matches!(tokens.get(end), Some(Token::Comma)) {
                out.push(",".into());
                i += 1;
            } else {
                break;
            }
        }
    }
    changed.then(|| out.concat())
}

fn parse_normalized(sql: &str) -> Result<TrinoStatement, SyntaxError> {
    let dialect = TrinoDialect::default();
    let mut parser = Parser::new(&dialect)
        .try_with_sql(sql)
        .map_err(|e| syntax_error(sql, e))?;
    let statement = parse_trino(&mut parser, sql).map_err(|e| syntax_error(sql, e))?;
    if let TrinoStatement::Sql(statement) = &statement {
        reject_reserved_relation_names(statement)?;
    }
    while parser.consume_token(&Token::SemiColon) {}
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(SyntaxError {
            location: next.span.start.into(),
            message: format!("mismatched input '{}'. Expecting: <EOF>", next.token),
        });
    }
    Ok(statement)
}

fn parse_trino(parser: &mut Parser<'_>, sql: &str) -> Result<TrinoStatement, ParserError> {
    if parser.parse_keyword(Keyword::USE) {
        let name = parser.parse_object_name(false)?;
        return match name.0.as_slice() {
            [schema] => Ok(TrinoStatement::Use {
                catalog: None,
                schema: part(schema)?,
            }),
            [catalog, schema] => Ok(TrinoStatement::Use {
                catalog: Some(part(catalog)?),
                schema: part(schema)?,
            }),
            _ => Err(ParserError::ParserError(format!(
                "Invalid schema name: {name}"
            ))),
        };
    }
    if parser.parse_keywords(&[Keyword::SET, Keyword::SESSION]) {
        if parser.peek_keyword(Keyword::AUTHORIZATION) {
            return Err(ParserError::ParserError(
                "SET SESSION AUTHORIZATION is not supported".into(),
            ));
        }
        let name = property_name(parser)?;
        parser.expect_token(&Token::Eq)?;
        let value = parser.parse_expr()?;
        return Ok(TrinoStatement::SetSession { name, value });
    }
    if parser.parse_keywords(&[Keyword::RESET, Keyword::SESSION]) {
        return Ok(TrinoStatement::ResetSession {
            name: property_name(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::SHOW) {
        return parse_show(parser);
    }
    if parser.parse_keyword(Keyword::PREPARE) {
        let name = parser.parse_identifier()?.value;
        parser.expect_keyword(Keyword::FROM)?;
        let start = parser.peek_token();
        if start.token == Token::EOF {
            return parser.expected("a statement", start);
        }
        let text = source_from(sql, start.span.start);
        // The prepared statement must itself parse; its text is kept as written.
        parse_statement(text).map_err(|e| ParserError::ParserError(e.message))?;
        while parser.next_token().token != Token::EOF {}
        return Ok(TrinoStatement::Prepare {
            name,
            sql: text.trim_end().trim_end_matches(';').trim_end().to_string(),
        });
    }
    if parser.parse_keyword(Keyword::EXECUTE) {
        if parser.parse_keyword(Keyword::IMMEDIATE) {
            let literal = parser.peek_token();
            let text = parser.parse_literal_string()?;
            return Ok(TrinoStatement::ExecuteImmediate {
                sql: text,
                location: literal.span.start.into(),
                parameters: parse_using(parser)?,
            });
        }
        let name = parser.parse_identifier()?.value;
        return Ok(TrinoStatement::Execute {
            name,
            parameters: parse_using(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::DEALLOCATE) {
        parser.expect_keyword(Keyword::PREPARE)?;
        return Ok(TrinoStatement::Deallocate {
            name: parser.parse_identifier()?.value,
        });
    }
    if parser.parse_keyword(Keyword::DESCRIBE) || parser.parse_keyword(Keyword::DESC) {
        if parser.parse_keyword(Keyword::INPUT) {
            return Ok(TrinoStatement::DescribeInput {
                name: parser.parse_identifier()?.value,
            });
        }
        if parser.parse_keyword(Keyword::OUTPUT) {
            return Ok(TrinoStatement::DescribeOutput {
                name: parser.parse_identifier()?.value,
            });
        }
        return Ok(TrinoStatement::ShowColumns {
            table: parser.parse_object_name(false)?,
        });
    }
    if parser.parse_keywords(&[Keyword::START, Keyword::TRANSACTION]) {
        return parse_transaction_modes(parser).map(TrinoStatement::StartTransaction);
    }
    if parser.parse_keyword(Keyword::COMMIT) {
        let _ = parser.parse_keyword(Keyword::WORK);
        return Ok(TrinoStatement::Commit);
    }
    if parser.parse_keyword(Keyword::ROLLBACK) {
        let _ = parser.parse_keyword(Keyword::WORK);
        return Ok(TrinoStatement::Rollback);
    }
    if parser.parse_keywords(&[Keyword::SET, Keyword::ROLE]) {
        let role = if parser.parse_keyword(Keyword::ALL) {
            "ALL".to_string()
        } else if parser.parse_keyword(Keyword::NONE) {
            "NONE".to_string()
        } else {
            format!("ROLE{{{}}}", parser.parse_identifier()?.value)
        };
        let catalog = if parser.parse_keyword(Keyword::IN) {
            Some(parser.parse_identifier()?.value.to_lowercase())
        } else {
            None
        };
        return Ok(TrinoStatement::SetRole { role, catalog });
    }
    if parser.parse_keywords(&[Keyword::SET, Keyword::TIME, Keyword::ZONE]) {
        if parser.parse_keyword(Keyword::LOCAL) {
            return Ok(TrinoStatement::SetTimeZone { zone: None });
        }
        return Ok(TrinoStatement::SetTimeZone {
            zone: Some(parser.parse_expr()?),
        });
    }
    if parser.parse_keywords(&[Keyword::SET, Keyword::PATH]) {
        let start = parser.peek_token();
        let elements = parser.parse_comma_separated(|p| p.parse_object_name(false))?;
        if elements.is_empty() {
            return parser.expected("a path element", start);
        }
        let path = elements
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join(",");
        return Ok(TrinoStatement::SetPath { path });
    }
    Ok(TrinoStatement::Sql(Box::new(parser.parse_statement()?)))
}

fn parse_show(parser: &mut Parser<'_>) -> Result<TrinoStatement, ParserError> {
    if parser.parse_keyword(Keyword::SESSION) {
        return Ok(TrinoStatement::ShowSession {
            like: parse_like(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::CATALOGS) {
        return Ok(TrinoStatement::ShowCatalogs {
            like: parse_like(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::SCHEMAS) {
        let catalog = if parser
            .parse_one_of_keywords(&[Keyword::FROM, Keyword::IN])
            .is_some()
        {
            Some(parser.parse_identifier()?)
        } else {
            None
        };
        return Ok(TrinoStatement::ShowSchemas {
            catalog,
            like: parse_like(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::TABLES) {
        let schema = if parser
            .parse_one_of_keywords(&[Keyword::FROM, Keyword::IN])
            .is_some()
        {
            Some(parser.parse_object_name(false)?)
        } else {
            None
        };
        return Ok(TrinoStatement::ShowTables {
            schema,
            like: parse_like(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::COLUMNS) {
        if parser
            .parse_one_of_keywords(&[Keyword::FROM, Keyword::IN])
            .is_none()
        {
            return parser.expected("FROM or IN", parser.peek_token());
        }
        return Ok(TrinoStatement::ShowColumns {
            table: parser.parse_object_name(false)?,
        });
    }
    if parser.parse_keyword(Keyword::FUNCTIONS) {
        return Ok(TrinoStatement::ShowFunctions {
            like: parse_like(parser)?,
        });
    }
    if parser.parse_keyword(Keyword::CREATE) {
        if parser.parse_keyword(Keyword::TABLE) {
            return Ok(TrinoStatement::ShowCreateTable {
                table: parser.parse_object_name(false)?,
            });
        }
        if parser.parse_keyword(Keyword::VIEW) {
            return Ok(TrinoStatement::ShowCreateView {
                view: parser.parse_object_name(false)?,
            });
        }
        if parser.parse_keyword(Keyword::SCHEMA) {
            return Ok(TrinoStatement::ShowCreateSchema {
                schema: parser.parse_object_name(false)?,
            });
        }
        return parser.expected("TABLE, VIEW or SCHEMA", parser.peek_token());
    }
    parser.expected(
        "SESSION, CATALOGS, SCHEMAS, TABLES, COLUMNS, FUNCTIONS or CREATE",
        parser.peek_token(),
    )
}

fn parse_like(parser: &mut Parser<'_>) -> Result<Option<String>, ParserError> {
    if parser.parse_keyword(Keyword::LIKE) {
        let pattern = parser.parse_literal_string()?;
        if parser.parse_keyword(Keyword::ESCAPE) {
            let escape = parser.parse_literal_string()?;
            return Ok(Some(unescape_like(&pattern, &escape)));
        }
        Ok(Some(pattern))
    } else {
        Ok(None)
    }
}

/// Rewrites a pattern with a custom escape character to use `\`, the escape DataFusion's
/// `LIKE` understands.
fn unescape_like(pattern: &str, escape: &str) -> String {
    let Some(escape) = escape.chars().next() else {
        return pattern.to_string();
    };
    if escape == '\\' {
        return pattern.to_string();
    }
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == escape {
            if let Some(next) = chars.next() {
                out.push('\\');
                out.push(next);
            }
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_using(parser: &mut Parser<'_>) -> Result<Vec<Expr>, ParserError> {
    if parser.parse_keyword(Keyword::USING) {
        parser.parse_comma_separated(Parser::parse_expr)
    } else {
        Ok(Vec::new())
    }
}

fn parse_transaction_modes(parser: &mut Parser<'_>) -> Result<TransactionModes, ParserError> {
    let mut modes = TransactionModes::default();
    loop {
        if parser.parse_keywords(&[Keyword::ISOLATION, Keyword::LEVEL]) {
            let level = if parser.parse_keywords(&[Keyword::READ, Keyword::UNCOMMITTED]) {
                "READ UNCOMMITTED"
            } else if parser.parse_keywords(&[Keyword::READ, Keyword::COMMITTED]) {
                "READ COMMITTED"
            } else if parser.parse_keywords(&[Keyword::REPEATABLE, Keyword::READ]) {
                "REPEATABLE READ"
            } else if parser.parse_keyword(Keyword::SERIALIZABLE) {
                "SERIALIZABLE"
            } else {
                return parser.expected("an isolation level", parser.peek_token());
            };
            modes.isolation = Some(level.to_string());
        } else if parser.parse_keywords(&[Keyword::READ, Keyword::ONLY]) {
            modes.read_only = Some(true);
        } else if parser.parse_keywords(&[Keyword::READ, Keyword::WRITE]) {
            modes.read_only = Some(false);
        } else {
            break;
        }
        if !parser.consume_token(&Token::Comma) {
            break;
        }
    }
    Ok(modes)
}

/// A session property name: `name` or `catalog.name`, lower-cased unless quoted.
fn property_name(parser: &mut Parser<'_>) -> Result<String, ParserError> {
    let name = parser.parse_object_name(false)?;
    let parts = name
        .0
        .iter()
        .map(|p| part(p).map(|ident| normalize(&ident)))
        .collect::<Result<Vec<_>, _>>()?;
    if parts.is_empty() || parts.len() > 2 {
        return Err(ParserError::ParserError(format!(
            "Invalid session property '{name}'"
        )));
    }
    Ok(parts.join("."))
}

fn part(part: &datafusion::sql::sqlparser::ast::ObjectNamePart) -> Result<Ident, ParserError> {
    part.as_ident()
        .cloned()
        .ok_or_else(|| ParserError::ParserError(format!("Invalid name part: {part}")))
}

/// The name Trino uses for an identifier: unquoted identifiers are case-insensitive and
/// stored lower case, quoted ones are kept as written.
pub fn normalize(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    }
}

/// Trino's reserved words: they cannot name a relation unless quoted. sqlparser's generic
/// dialect accepts some of them as table names (`FROM WHERE`), Trino reports a syntax error.
const RESERVED_WORDS: &[&str] = &[
    "ALTER",
    "AND",
    "AS",
    "BETWEEN",
    "BY",
    "CASE",
    "CAST",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_PATH",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DEALLOCATE",
    "DELETE",
    "DESCRIBE",
    "DISTINCT",
    "DROP",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXECUTE",
    "EXISTS",
    "EXTRACT",
    "FALSE",
    "FOR",
    "FROM",
    "FULL",
    "GROUP",
    "GROUPING",
    "HAVING",
    "IN",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "JOIN",
    "JSON_ARRAY",
    "JSON_EXISTS",
    "JSON_OBJECT",
    "JSON_QUERY",
    "JSON_TABLE",
    "JSON_VALUE",
    "LEFT",
    "LIKE",
    "LISTAGG",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NATURAL",
    "NORMALIZE",
    "NOT",
    "NULL",
    "ON",
    "OR",
    "ORDER",
    "PREPARE",
    "RECURSIVE",
    "RIGHT",
    "ROLLUP",
    "SELECT",
    "SKIP",
    "TABLE",
    "THEN",
    "TRIM",
    "TRUE",
    "UESCAPE",
    "UNION",
    "UNNEST",
    "USING",
    "VALUES",
    "WHEN",
    "WHERE",
    "WITH",
];

fn reject_reserved_relation_names(statement: &Statement) -> Result<(), SyntaxError> {
    let mut error = None;
    let _ = visit_relations(statement, |name| {
        for part in &name.0 {
            if let Some(ident) = part.as_ident()
                && ident.quote_style.is_none()
                && RESERVED_WORDS.contains(&ident.value.to_ascii_uppercase().as_str())
            {
                error = Some(SyntaxError {
                    location: ident.span.start.into(),
                    message: format!(
                        "mismatched input '{}'. Expecting: <identifier>",
                        ident.value
                    ),
                });
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    error.map_or(Ok(()), Err)
}

/// The text of `sql` from `location` (1-based line and character column) to the end.
fn source_from(sql: &str, location: Location) -> &str {
    let mut line = 1;
    let mut column = 1;
    for (offset, c) in sql.char_indices() {
        if line == location.line && column == location.column {
            return &sql[offset..];
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    ""
}

/// Turns a sqlparser error (`... at Line: 1, Column: 8`) into Trino's shape.
fn syntax_error(sql: &str, error: ParserError) -> SyntaxError {
    let text = match error {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => {
            return SyntaxError {
                location: SqlLocation { line: 1, column: 1 },
                message: "Statement is too large (stack overflow during analysis)".into(),
            };
        }
    };
    if let Some((message, location)) = split_location(&text) {
        return SyntaxError { location, message };
    }
    SyntaxError {
        location: end_of(sql),
        message: text,
    }
}

fn split_location(text: &str) -> Option<(String, SqlLocation)> {
    let at = text.rfind(" at Line: ")?;
    let rest = &text[at + " at Line: ".len()..];
    let (line, column) = rest.split_once(", Column: ")?;
    let line: u64 = line.trim().parse().ok()?;
    let column: u64 = column
        .trim()
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    let message = text[..at]
        .trim_start_matches("sql parser error: ")
        .to_string();
    Some((message, SqlLocation { line, column }.normalized()))
}

impl SqlLocation {
    fn normalized(self) -> Self {
        Self {
            line: self.line.max(1),
            column: self.column.max(1),
        }
    }
}

/// The position just past the last character of `sql`.
fn end_of(sql: &str) -> SqlLocation {
    let line = sql.lines().count().max(1) as u64;
    let column = sql.lines().last().map_or(0, |l| l.chars().count()) as u64 + 1;
    SqlLocation { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> TrinoStatement {
        parse_statement(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    #[test]
    fn session_statements() {
        assert!(matches!(
            parse("USE tpch.tiny"),
            TrinoStatement::Use { catalog: Some(c), schema } if c.value == "tpch" && schema.value == "tiny"
        ));
        assert!(matches!(
            parse("use tiny"),
            TrinoStatement::Use { catalog: None, .. }
        ));
        match parse("SET SESSION query_max_run_time = '10m'") {
            TrinoStatement::SetSession { name, .. } => assert_eq!(name, "query_max_run_time"),
            other => panic!("{other:?}"),
        }
        match parse("SET SESSION hive.Compression_Codec = 'ZSTD'") {
            TrinoStatement::SetSession { name, .. } => assert_eq!(name, "hive.compression_codec"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse("RESET SESSION query_max_run_time"),
            TrinoStatement::ResetSession {
                name: "query_max_run_time".into()
            }
        );
        assert_eq!(
            parse("SHOW SESSION"),
            TrinoStatement::ShowSession { like: None }
        );
    }

    #[test]
    fn columns_named_key_are_identifiers() {
        let TrinoStatement::Sql(statement) =
            parse("CREATE TABLE memory.default.t (key int, value varchar)")
        else {
            panic!("SQL statement expected");
        };
        assert_eq!(
            statement.to_string(),
            "CREATE TABLE memory.default.t (\"key\" INT, value VARCHAR)"
        );
        let TrinoStatement::Sql(statement) = parse("INSERT INTO t (key, value) VALUES (1, 'a')")
        else {
            panic!("SQL statement expected");
        };
        assert!(
            statement
                .to_string()
                .starts_with("INSERT INTO t (key, value)")
        );
    }

    #[test]
    fn prepared_statements_keep_their_text() {
        assert_eq!(
            parse("PREPARE statement1 FROM SHOW CREATE TABLE tpch.tiny.nation"),
            TrinoStatement::Prepare {
                name: "statement1".into(),
                sql: "SHOW CREATE TABLE tpch.tiny.nation".into()
            }
        );
        assert_eq!(
            parse("PREPARE p FROM\n  SELECT ? ,\n 'a;b';"),
            TrinoStatement::Prepare {
                name: "p".into(),
                sql: "SELECT ? ,\n 'a;b'".into()
            }
        );
        match parse("EXECUTE IMMEDIATE 'SELECT ?' USING 1") {
            TrinoStatement::ExecuteImmediate {
                sql, parameters, ..
            } => {
                assert_eq!(sql, "SELECT ?");
                assert_eq!(parameters.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        match parse("EXECUTE st_1 USING 1, 'a'") {
            TrinoStatement::Execute { name, parameters } => {
                assert_eq!(name, "st_1");
                assert_eq!(parameters.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse("DEALLOCATE PREPARE p"),
            TrinoStatement::Deallocate { name: "p".into() }
        );
        assert_eq!(
            parse("DESCRIBE OUTPUT p"),
            TrinoStatement::DescribeOutput { name: "p".into() }
        );
        assert_eq!(
            parse("DESCRIBE INPUT p"),
            TrinoStatement::DescribeInput { name: "p".into() }
        );
        assert!(parse_statement("PREPARE p FROM SELEC 1").is_err());
    }

    #[test]
    fn transactions() {
        assert_eq!(
            parse("START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, READ WRITE"),
            TrinoStatement::StartTransaction(TransactionModes {
                isolation: Some("READ UNCOMMITTED".into()),
                read_only: Some(false)
            })
        );
        assert_eq!(
            parse("START TRANSACTION"),
            TrinoStatement::StartTransaction(TransactionModes::default())
        );
        assert_eq!(parse("COMMIT"), TrinoStatement::Commit);
        assert_eq!(parse("ROLLBACK WORK"), TrinoStatement::Rollback);
    }

    #[test]
    fn show_statements() {
        assert_eq!(
            parse("SHOW CATALOGS LIKE 't%'"),
            TrinoStatement::ShowCatalogs {
                like: Some("t%".into())
            }
        );
        assert!(matches!(
            parse("SHOW SCHEMAS FROM tpch"),
            TrinoStatement::ShowSchemas {
                catalog: Some(_),
                like: None
            }
        ));
        assert!(matches!(
            parse("SHOW TABLES FROM tpch.tiny LIKE 'n%'"),
            TrinoStatement::ShowTables {
                schema: Some(_),
                like: Some(_)
            }
        ));
        assert!(matches!(
            parse("DESCRIBE tpch.tiny.nation"),
            TrinoStatement::ShowColumns { .. }
        ));
        assert!(matches!(
            parse("SHOW COLUMNS FROM nation"),
            TrinoStatement::ShowColumns { .. }
        ));
        assert!(matches!(
            parse("SHOW FUNCTIONS"),
            TrinoStatement::ShowFunctions { like: None }
        ));
        assert!(matches!(
            parse("SHOW CREATE TABLE tpch.tiny.nation"),
            TrinoStatement::ShowCreateTable { .. }
        ));
        assert_eq!(
            parse("SHOW TABLES LIKE 'a!_b' ESCAPE '!'"),
            TrinoStatement::ShowTables {
                schema: None,
                like: Some("a\\_b".into())
            }
        );
    }

    #[test]
    fn roles_time_zone_and_path() {
        assert_eq!(
            parse("SET ROLE ALL"),
            TrinoStatement::SetRole {
                role: "ALL".into(),
                catalog: None
            }
        );
        assert_eq!(
            parse("SET ROLE admin IN hive"),
            TrinoStatement::SetRole {
                role: "ROLE{admin}".into(),
                catalog: Some("hive".into())
            }
        );
        assert_eq!(
            parse("SET TIME ZONE LOCAL"),
            TrinoStatement::SetTimeZone { zone: None }
        );
        assert!(matches!(
            parse("SET TIME ZONE 'America/Los_Angeles'"),
            TrinoStatement::SetTimeZone { zone: Some(_) }
        ));
        assert_eq!(
            parse("SET PATH a.b, c"),
            TrinoStatement::SetPath {
                path: "a.b,c".into()
            }
        );
    }

    #[test]
    fn other_statements_go_to_sqlparser() {
        assert!(matches!(parse("SELECT 1"), TrinoStatement::Sql(_)));
        assert!(matches!(parse("SELECT 1;"), TrinoStatement::Sql(_)));
        assert!(matches!(
            parse("CREATE TABLE memory.default.t (a bigint)"),
            TrinoStatement::Sql(_)
        ));
    }

    #[test]
    fn values_rows_without_parentheses() {
        assert_eq!(trino_token_forms("SELECT 1"), None);
        assert_eq!(
            trino_token_forms("INSERT INTO t VALUES 1, 2, (3)").as_deref(),
            Some("INSERT INTO t VALUES (1), (2), (3)")
        );
        assert_eq!(
            trino_token_forms("SELECT x FROM (VALUES 1, 2) t(x) ORDER BY x").as_deref(),
            Some("SELECT x FROM (VALUES (1), (2)) t(x) ORDER BY x")
        );
        assert_eq!(trino_token_forms("VALUES (1, 'a'), (2, 'b')"), None);
        assert_eq!(
            trino_token_forms("SELECT IPADDRESS '10.0.0.1'").as_deref(),
            Some("SELECT CAST('10.0.0.1' AS IPADDRESS)")
        );
        assert_eq!(
            trino_token_forms("SELECT trim(LEADING FROM s), trim(BOTH 'x' FROM s)").as_deref(),
            Some("SELECT trim(LEADING      s), trim(BOTH 'x' FROM s)")
        );
        assert!(matches!(parse("VALUES 1, 2"), TrinoStatement::Sql(_)));
        assert_eq!(
            trino_token_forms("SELECT CAST(NULL AS array(integer)), CAST(r AS ROW(x bigint, y map(varchar, bigint)))").as_deref(),
            Some(r#"SELECT CAST(NULL AS "__trino_type:array(integer)"), CAST(r AS "__trino_type:ROW(x bigint, y map(varchar, bigint))")"#)
        );
    }

    #[test]
    fn syntax_errors_carry_trino_locations() {
        let error = parse_statement("SELECT * FROMM nation").unwrap_err();
        assert_eq!(
            error.location,
            SqlLocation {
                line: 1,
                column: 10
            }
        );
        assert!(error.to_string().starts_with("line 1:10: "), "{error}");

        let error = parse_statement("SELECT 1\nSELECT 2").unwrap_err();
        assert_eq!(error.location, SqlLocation { line: 2, column: 1 });

        let error = parse_statement("SELECT 1\nFROM WHERE").unwrap_err();
        assert_eq!(error.location, SqlLocation { line: 2, column: 6 });
        assert!(parse_statement("SELECT 1 FROM \"where\"").is_ok());

        let error = parse_statement("SELECT 'unterminated").unwrap_err();
        assert_eq!(error.location.line, 1);
    }
}
