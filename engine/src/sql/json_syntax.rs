//! Trino's SQL/JSON call syntax (`json_exists`, `json_value`, `json_query`, `json_array`,
//! `json_object`), read by the dialect's prefix hook while sqlparser parses the statement.
//!
//! The clauses are not expressions (`PASSING x AS "v"`, `WITH ARRAY WRAPPER`, `DEFAULT 0 ON
//! EMPTY`, `'key' : value`), so each call becomes an ordinary call of the matching
//! `functions::sql_json` function: the expressions stay arguments (input, path literal,
//! defaults, passed values, constructor values) and the clauses are encoded in one options
//! literal. Every expression keeps its own span from the original text, and the function
//! name carries the span of the call, so error locations point at what the user wrote.

use datafusion::sql::sqlparser::ast::{Expr, Ident, Value};
use datafusion::sql::sqlparser::dialect::{Dialect, GenericDialect, Precedence};
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::{Span, Token};

use crate::functions::sql_json::options::{Behavior, Encoding, SqlJsonOptions, Wrapper};
use crate::functions::sql_json::{JSON_ARRAY, JSON_EXISTS, JSON_OBJECT, JSON_QUERY, JSON_VALUE};
use crate::sql::types::call_named;

/// Parses a SQL/JSON call when the parser is at one (`json_value(` ...); `None` otherwise,
/// leaving the parser untouched.
pub fn parse_sql_json_call(parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
    let token = parser.peek_token_ref();
    let Token::Word(word) = &token.token else {
        return None;
    };
    if word.quote_style.is_some() {
        return None;
    }
    let function = match word.value.to_ascii_lowercase().as_str() {
        "json_exists" => JSON_EXISTS,
        "json_value" => JSON_VALUE,
        "json_query" => JSON_QUERY,
        "json_array" => JSON_ARRAY,
        "json_object" => JSON_OBJECT,
        _ => return None,
    };
    if parser.peek_nth_token_ref(1).token != Token::LParen {
        return None;
    }
    let span = token.span;
    parser.advance_token();
    parser.advance_token();
    let mut call = Call {
        function,
        span,
        options: SqlJsonOptions::default(),
        args: Vec::new(),
    };
    let parsed = match function {
        JSON_ARRAY => call.array(parser),
        JSON_OBJECT => call.object(parser),
        _ => call.path_function(parser),
    };
    Some(parsed.and_then(|()| parser.expect_token(&Token::RParen).map(|_| call.finish())))
}

/// A call being read: the function, the clauses seen so far and the argument expressions.
struct Call {
    function: &'static str,
    span: Span,
    options: SqlJsonOptions,
    args: Vec<Expr>,
}

/// Consumes the unquoted words `words` if they come next, case-insensitively.
fn words(parser: &mut Parser, words: &[&str]) -> bool {
    let matches = words.iter().enumerate().all(|(i, w)| {
        matches!(&parser.peek_nth_token_ref(i).token,
            Token::Word(word) if word.quote_style.is_none() && word.value.eq_ignore_ascii_case(w))
    });
    if matches {
        for _ in words {
            parser.advance_token();
        }
    }
    matches
}

fn string(text: String, span: Span) -> Expr {
    Expr::Value(Value::SingleQuotedString(text).with_span(span))
}

impl Call {
    fn finish(self) -> Expr {
        let mut args = Vec::with_capacity(self.args.len() + 1);
        let options = string(self.options.to_literal(), self.span);
        let mut rest = self.args.into_iter();
        match self.function {
            JSON_ARRAY | JSON_OBJECT => args.push(options),
            _ => {
                args.extend(rest.by_ref().take(2));
                args.push(options);
            }
        }
        args.extend(rest);
        call_named(
            Ident {
                value: self.function.to_string(),
                quote_style: Some('"'),
                span: self.span,
            },
            args,
        )
    }

    /// `FORMAT JSON [ENCODING UTF8 | UTF16 | UTF32]`, when present.
    fn format(parser: &mut Parser) -> Result<Option<Encoding>, ParserError> {
        if !words(parser, &["FORMAT", "JSON"]) {
            return Ok(None);
        }
        if !words(parser, &["ENCODING"]) {
            return Ok(Some(Encoding::Utf8));
        }
        for (name, encoding) in [
            ("UTF8", Encoding::Utf8),
            ("UTF16", Encoding::Utf16),
            ("UTF32", Encoding::Utf32),
        ] {
            if words(parser, &[name]) {
                return Ok(Some(encoding));
            }
        }
        parser.expected("UTF8, UTF16 or UTF32", parser.peek_token())
    }

    /// The format of a constructor value: its `FORMAT JSON` clause, implicit for a nested
    /// `json_query`, `json_array` or `json_object` call.
    fn value_format(parser: &mut Parser, value: &Expr) -> Result<Option<Encoding>, ParserError> {
        let explicit = Self::format(parser)?;
        let nested = matches!(value, Expr::Function(f)
            if [JSON_QUERY, JSON_ARRAY, JSON_OBJECT].contains(&f.name.to_string().trim_matches('"')));
        Ok(explicit.or(nested.then_some(Encoding::Utf8)))
    }

    /// `json_exists`, `json_value` and `json_query`.
    fn path_function(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        self.args.push(parser.parse_expr()?);
        if let Some(encoding) = Self::format(parser)? {
            self.options.input_encoding = encoding;
        }
        parser.expect_token(&Token::Comma)?;
        let path = parser.next_token();
        let Token::SingleQuotedString(text) = path.token else {
            return parser.expected("a JSON path string literal", path);
        };
        self.args.push(string(text, path.span));
        let mut defaults = [None, None];
        let mut values = Vec::new();
        if words(parser, &["PASSING"]) {
            loop {
                values.push(parser.parse_expr()?);
                self.options.formats.push(Self::format(parser)?);
                parser.expect_keyword(Keyword::AS)?;
                let name = parser.parse_identifier()?;
                // Unquoted SQL identifiers are upper case in Trino; the path language is
                // case-sensitive.
                self.options.variables.push(if name.quote_style.is_some() {
                    name.value
                } else {
                    name.value.to_uppercase()
                });
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
            }
        }
        match self.function {
            JSON_EXISTS => self.options.on_error = Behavior::False,
            JSON_QUERY => self.query_clauses(parser)?,
            _ => {
                if words(parser, &["RETURNING"]) {
                    self.options.returning =
                        Some(type_text(parser, &["NULL", "ERROR", "DEFAULT"])?);
                }
            }
        }
        self.behaviors(parser, &mut defaults)?;
        if self.function == JSON_VALUE {
            for default in defaults {
                self.args
                    .push(default.unwrap_or_else(|| Expr::value(Value::Null)));
            }
        }
        self.args.extend(values);
        Ok(())
    }

    /// `json_query`'s `RETURNING`, wrapper and quotes clauses.
    fn query_clauses(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        if words(parser, &["RETURNING"]) {
            let stops = [
                "FORMAT", "WITH", "WITHOUT", "KEEP", "OMIT", "NULL", "ERROR", "EMPTY",
            ];
            self.options.returning = Some(type_text(parser, &stops)?);
            if let Some(encoding) = Self::format(parser)? {
                self.options.output_encoding = encoding;
            }
        }
        if words(parser, &["WITHOUT"]) {
            words(parser, &["ARRAY"]);
            self.expect_word(parser, "WRAPPER")?;
        } else if words(parser, &["WITH"]) {
            self.options.wrapper = if words(parser, &["CONDITIONAL"]) {
                Wrapper::Conditional
            } else {
                words(parser, &["UNCONDITIONAL"]);
                Wrapper::Unconditional
            };
            words(parser, &["ARRAY"]);
            self.expect_word(parser, "WRAPPER")?;
        }
        let omit = words(parser, &["OMIT"]);
        if omit || words(parser, &["KEEP"]) {
            self.expect_word(parser, "QUOTES")?;
            words(parser, &["ON", "SCALAR", "STRING"]);
            self.options.omit_quotes = omit;
        }
        Ok(())
    }

    fn expect_word(&self, parser: &mut Parser, word: &str) -> Result<(), ParserError> {
        if words(parser, &[word]) {
            Ok(())
        } else {
            parser.expected(word, parser.peek_token())
        }
    }

    /// The `... ON EMPTY` and `... ON ERROR` clauses this function has; `DEFAULT`
    /// expressions go to `defaults` (empty, error).
    fn behaviors(
        &mut self,
        parser: &mut Parser,
        defaults: &mut [Option<Expr>; 2],
    ) -> Result<(), ParserError> {
        loop {
            let start = parser.peek_token();
            let mut default = None;
            let behavior = if words(parser, &["EMPTY", "ARRAY"]) {
                Behavior::EmptyArray
            } else if words(parser, &["EMPTY", "OBJECT"]) {
                Behavior::EmptyObject
            } else if words(parser, &["NULL"]) {
                Behavior::Null
            } else if words(parser, &["ERROR"]) {
                Behavior::Error
            } else if words(parser, &["TRUE"]) {
                Behavior::True
            } else if words(parser, &["FALSE"]) {
                Behavior::False
            } else if words(parser, &["UNKNOWN"]) {
                Behavior::Null
            } else if words(parser, &["DEFAULT"]) {
                default = Some(parser.parse_expr()?);
                Behavior::Default
            } else {
                return Ok(());
            };
            parser.expect_keyword(Keyword::ON)?;
            let on_empty = if words(parser, &["EMPTY"]) {
                true
            } else if words(parser, &["ERROR"]) {
                false
            } else {
                return parser.expected("EMPTY or ERROR", parser.peek_token());
            };
            let allowed = match (self.function, behavior) {
                (
                    JSON_EXISTS,
                    Behavior::True | Behavior::False | Behavior::Null | Behavior::Error,
                ) => !on_empty,
                (JSON_VALUE, Behavior::Null | Behavior::Error | Behavior::Default) => true,
                (
                    JSON_QUERY,
                    Behavior::Null | Behavior::Error | Behavior::EmptyArray | Behavior::EmptyObject,
                ) => true,
                _ => false,
            };
            if !allowed {
                return parser.expected(
                    &format!("a {} clause", self.function.trim_start_matches("__trino_")),
                    start,
                );
            }
            if on_empty {
                self.options.on_empty = behavior;
                defaults[0] = default;
            } else {
                self.options.on_error = behavior;
                defaults[1] = default;
            }
        }
    }

    /// `[NULL | ABSENT] ON NULL`, when present.
    fn null_clause(&mut self, parser: &mut Parser) -> bool {
        if words(parser, &["NULL", "ON", "NULL"]) {
            self.options.absent_on_null = false;
            true
        } else if words(parser, &["ABSENT", "ON", "NULL"]) {
            self.options.absent_on_null = true;
            true
        } else {
            false
        }
    }

    /// `RETURNING type [FORMAT JSON [ENCODING ...]]` of the constructors.
    fn constructor_returning(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        if words(parser, &["RETURNING"]) {
            self.options.returning = Some(type_text(parser, &["FORMAT"])?);
            if let Some(encoding) = Self::format(parser)? {
                self.options.output_encoding = encoding;
            }
        }
        Ok(())
    }

    /// A constructor value `expr [FORMAT JSON ...]`, appended with its format.
    fn push_value(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        let value = parser.parse_expr()?;
        let format = Self::value_format(parser, &value)?;
        self.args.push(value);
        self.options.formats.push(format);
        Ok(())
    }

    /// `json_array(value [FORMAT JSON], ... [NULL | ABSENT ON NULL] [RETURNING ...])`.
    fn array(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        self.options.absent_on_null = true;
        if parser.peek_token_ref().token != Token::RParen
            && !self.null_clause(parser)
            && !parser.peek_keyword(Keyword::RETURNING)
        {
            loop {
                self.push_value(parser)?;
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
            }
            self.null_clause(parser);
        }
        self.constructor_returning(parser)
    }

    /// `json_object([KEY] key VALUE value | key : value, ... [NULL | ABSENT ON NULL]
    /// [WITH | WITHOUT UNIQUE [KEYS]] [RETURNING ...])`.
    fn object(&mut self, parser: &mut Parser) -> Result<(), ParserError> {
        let at_clause = |parser: &Parser| {
            parser.peek_token_ref().token == Token::RParen
                || parser.peek_keyword(Keyword::RETURNING)
                || parser.peek_keyword(Keyword::WITH)
                || parser.peek_keyword(Keyword::WITHOUT)
                || matches!(&parser.peek_nth_token_ref(1).token,
                    Token::Word(w) if w.keyword == Keyword::ON)
        };
        if !at_clause(parser) {
            loop {
                let after_key = &parser.peek_nth_token_ref(1).token;
                let key_is_column = after_key == &Token::Colon
                    || matches!(after_key, Token::Word(w) if w.keyword == Keyword::VALUE);
                if !key_is_column {
                    words(parser, &["KEY"]);
                }
                // Stop before `:`, which sqlparser would read as a JSON access of the key.
                self.args
                    .push(parser.parse_subexpr(GenericDialect {}.prec_value(Precedence::Colon))?);
                if !parser.consume_token(&Token::Colon) {
                    parser.expect_keyword(Keyword::VALUE)?;
                }
                self.push_value(parser)?;
                if !parser.consume_token(&Token::Comma) {
                    break;
                }
            }
        }
        self.null_clause(parser);
        if words(parser, &["WITH", "UNIQUE"]) {
            words(parser, &["KEYS"]);
            self.options.unique_keys = true;
        } else if words(parser, &["WITHOUT", "UNIQUE"]) {
            words(parser, &["KEYS"]);
        }
        self.constructor_returning(parser)
    }
}

/// The text of a `RETURNING` type: the tokens up to one of the `stops` words or the
/// closing parenthesis of the call.
fn type_text(parser: &mut Parser, stops: &[&str]) -> Result<String, ParserError> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    loop {
        let token = &parser.peek_token_ref().token;
        match token {
            Token::EOF => break,
            Token::RParen if depth == 0 => break,
            Token::Word(w)
                if depth == 0
                    && w.quote_style.is_none()
                    && stops.iter().any(|s| w.value.eq_ignore_ascii_case(s)) =>
            {
                break;
            }
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        parts.push(token.to_string());
        parser.advance_token();
    }
    if parts.is_empty() {
        return parser.expected("a type", parser.peek_token());
    }
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use crate::sql::dialect::TrinoDialect;
    use datafusion::sql::sqlparser::parser::Parser;

    fn rewritten(sql: &str) -> String {
        let dialect = TrinoDialect::default();
        let mut parser = Parser::new(&dialect).try_with_sql(sql).expect("tokenizes");
        parser
            .parse_expr()
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .to_string()
    }

    #[test]
    fn path_functions_become_calls_with_options() {
        assert_eq!(
            rewritten(
                "json_exists(d, 'lax $[*]?(@ > $lim)' PASSING 7 AS \"lim\", x FORMAT JSON AS y UNKNOWN ON ERROR)"
            ),
            r#""__trino_json_exists"(d, 'lax $[*]?(@ > $lim)', '{"input_encoding":"Utf8","variables":["lim","Y"],"formats":[null,"Utf8"],"returning":null,"output_encoding":"Utf8","on_empty":"Null","on_error":"Null","wrapper":"Without","omit_quotes":false,"absent_on_null":false,"unique_keys":false}', 7, x)"#
        );
        let value = rewritten(
            "JSON_VALUE(d, 'strict $.a' RETURNING char(12) DEFAULT 'e' ON EMPTY ERROR ON ERROR)",
        );
        assert!(
            value.starts_with(r#""__trino_json_value"(d, 'strict $.a', '{"#),
            "{value}"
        );
        assert!(value.contains(r#""returning":"char ( 12 )""#), "{value}");
        assert!(
            value.contains(r#""on_empty":"Default","on_error":"Error""#),
            "{value}"
        );
        assert!(value.ends_with("}', 'e', NULL)"), "{value}");
        let query = rewritten(
            "json_query(d, 'lax $' WITH CONDITIONAL ARRAY WRAPPER OMIT QUOTES ON SCALAR STRING EMPTY OBJECT ON ERROR)",
        );
        assert!(
            query
                .contains(r#""on_error":"EmptyObject","wrapper":"Conditional","omit_quotes":true"#),
            "{query}"
        );
    }

    #[test]
    fn constructors_become_calls_with_options() {
        let array = rewritten(
            "json_array(1, '[2]' FORMAT JSON NULL ON NULL RETURNING varbinary FORMAT JSON ENCODING UTF16)",
        );
        assert!(array.starts_with(r#""__trino_json_array"('{"#), "{array}");
        assert!(
            array.contains(
                r#""formats":[null,"Utf8"],"returning":"varbinary","output_encoding":"Utf16""#
            ),
            "{array}"
        );
        assert!(array.ends_with("}', 1, '[2]')"), "{array}");
        assert!(
            rewritten("json_array()").ends_with(r#""absent_on_null":true,"unique_keys":false}')"#)
        );
        let object = rewritten(
            "json_object(KEY 'a' VALUE 1, 'b' : 2, 'c' VALUE 3 ABSENT ON NULL WITH UNIQUE KEYS)",
        );
        assert!(object.ends_with("}', 'a', 1, 'b', 2, 'c', 3)"), "{object}");
        assert!(
            object.contains(r#""absent_on_null":true,"unique_keys":true"#),
            "{object}"
        );
    }

    #[test]
    fn misplaced_clauses_are_syntax_errors() {
        let dialect = TrinoDialect::default();
        for sql in [
            "json_exists(d, 'lax $' EMPTY ARRAY ON ERROR)",
            "json_value(d, $.a)",
            "json_query(d, 'lax $' WITH ARRAY)",
            "json_value(d, 'lax $' TRUE ON ERROR)",
        ] {
            let mut parser = Parser::new(&dialect).try_with_sql(sql).expect("tokenizes");
            assert!(parser.parse_expr().is_err(), "{sql}");
        }
    }
}
