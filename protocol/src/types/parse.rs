//! Parser for Trino type strings (`decimal(12, 2)`, `row(x bigint, y array(integer))`, …).
//!
//! Keywords are case-insensitive; row field names keep their spelling (`"quoted"` names may
//! contain any character, `""` escapes a quote). Besides Trino's own spellings the parser
//! accepts the aliases SQL and DataFusion users write in `CAST`: `int`, `int2/4/8`, `bool`,
//! `float`/`float4` (real), `float8`/`double precision`, `numeric`/`dec`, `string`/`text`,
//! `character [varying]`, `binary`/`bytea`/`blob`.

use thiserror::Error;

use super::{
    DEFAULT_DATETIME_PRECISION, MAX_CHAR_LENGTH, MAX_DATETIME_PRECISION, MAX_DECIMAL_PRECISION,
    RowField, TrinoType, UNBOUNDED_VARCHAR_LENGTH,
};

/// A type string that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid type `{input}`: {kind}")]
pub struct TypeParseError {
    /// The text that was parsed.
    pub input: String,
    /// What went wrong.
    pub kind: TypeParseErrorKind,
}

/// The reason a type string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TypeParseErrorKind {
    /// A character that cannot start a token.
    #[error("unexpected character `{0}`")]
    UnexpectedCharacter(char),
    /// A `"` without its closing quote.
    #[error("unterminated quoted identifier")]
    UnterminatedQuote,
    /// The input ended too early.
    #[error("unexpected end of input, expected {0}")]
    UnexpectedEnd(&'static str),
    /// A token other than the expected one.
    #[error("expected {expected}, found `{found}`")]
    Expected {
        /// What the grammar allows here.
        expected: &'static str,
        /// The token found.
        found: String,
    },
    /// A name that is not a known type.
    #[error("unknown type `{0}`")]
    UnknownType(String),
    /// A numeric parameter outside its range.
    #[error("{parameter} must be between {min} and {max}, got {value}")]
    OutOfRange {
        /// Which parameter.
        parameter: &'static str,
        /// The value given.
        value: u64,
        /// Smallest allowed value.
        min: u64,
        /// Largest allowed value.
        max: u64,
    },
    /// `decimal(p, s)` with `s > p`.
    #[error("decimal scale {scale} is larger than precision {precision}")]
    ScaleExceedsPrecision {
        /// Precision given.
        precision: u64,
        /// Scale given.
        scale: u64,
    },
}

impl TrinoType {
    /// Parses a Trino type string, case-insensitively.
    ///
    /// `timestamp` and `time` mean precision 3, `decimal` means `decimal(38,0)`, `decimal(p)`
    /// means scale 0, `char` means `char(1)`, and `varchar(2147483647)` is unbounded `varchar`.
    pub fn parse(input: &str) -> Result<TrinoType, TypeParseError> {
        let error = |kind| TypeParseError {
            input: input.to_owned(),
            kind,
        };
        let tokens = tokenize(input).map_err(error)?;
        let mut parser = Parser { tokens, pos: 0 };
        let ty = parser.parse_type().map_err(error)?;
        match parser.peek() {
            None => Ok(ty),
            Some(token) => Err(error(TypeParseErrorKind::Expected {
                expected: "end of type",
                found: token.to_string(),
            })),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A bare word, as written.
    Word(String),
    /// A `"quoted"` identifier, unescaped.
    Quoted(String),
    /// An unsigned integer (saturating at `u64::MAX`).
    Number(u64),
    Open,
    Close,
    Comma,
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Word(w) => f.write_str(w),
            Token::Quoted(q) => write!(f, "\"{}\"", q.replace('"', "\"\"")),
            Token::Number(n) => write!(f, "{n}"),
            Token::Open => f.write_str("("),
            Token::Close => f.write_str(")"),
            Token::Comma => f.write_str(","),
        }
    }
}

fn tokenize(input: &str) -> Result<Vec<Token>, TypeParseErrorKind> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '0'..='9' => {
                let mut value: u64 = 0;
                while let Some(&(_, d)) = chars.peek() {
                    let Some(digit) = d.to_digit(10) else { break };
                    value = value.saturating_mul(10).saturating_add(u64::from(digit));
                    chars.next();
                }
                tokens.push(Token::Number(value));
            }
            '"' => {
                chars.next();
                let mut name = String::new();
                loop {
                    match chars.next() {
                        None => return Err(TypeParseErrorKind::UnterminatedQuote),
                        Some((_, '"')) => {
                            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                                chars.next();
                                name.push('"');
                            } else {
                                break;
                            }
                        }
                        Some((_, c)) => name.push(c),
                    }
                }
                tokens.push(Token::Quoted(name));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '$' {
                        end = i + c.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(input[start..end].to_owned()));
            }
            other => return Err(TypeParseErrorKind::UnexpectedCharacter(other)),
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self, expected: &'static str) -> Result<Token, TypeParseErrorKind> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or(TypeParseErrorKind::UnexpectedEnd(expected))?;
        self.pos += 1;
        Ok(token)
    }

    fn expect(&mut self, wanted: Token, expected: &'static str) -> Result<(), TypeParseErrorKind> {
        let token = self.next(expected)?;
        if token == wanted {
            Ok(())
        } else {
            Err(TypeParseErrorKind::Expected {
                expected,
                found: token.to_string(),
            })
        }
    }

    /// The next token as a lower-case keyword.
    fn word(&mut self, expected: &'static str) -> Result<String, TypeParseErrorKind> {
        match self.next(expected)? {
            Token::Word(w) => Ok(w.to_ascii_lowercase()),
            other => Err(TypeParseErrorKind::Expected {
                expected,
                found: other.to_string(),
            }),
        }
    }

    fn expect_keyword(&mut self, keyword: &'static str) -> Result<(), TypeParseErrorKind> {
        let pos = self.pos;
        let word = self.word(keyword)?;
        if word == keyword {
            Ok(())
        } else {
            self.pos = pos;
            Err(TypeParseErrorKind::Expected {
                expected: keyword,
                found: word,
            })
        }
    }

    /// Consumes `keyword` if it is next.
    fn eat_keyword(&mut self, keyword: &str) -> bool {
        match self.peek() {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// Optional `(n, m, ...)` numeric parameters.
    fn numbers(&mut self) -> Result<Vec<u64>, TypeParseErrorKind> {
        let mut numbers = Vec::new();
        if self.peek() != Some(&Token::Open) {
            return Ok(numbers);
        }
        self.pos += 1;
        loop {
            match self.next("a number")? {
                Token::Number(n) => numbers.push(n),
                other => {
                    return Err(TypeParseErrorKind::Expected {
                        expected: "a number",
                        found: other.to_string(),
                    });
                }
            }
            match self.next("`,` or `)`")? {
                Token::Comma => {}
                Token::Close => return Ok(numbers),
                other => {
                    return Err(TypeParseErrorKind::Expected {
                        expected: "`,` or `)`",
                        found: other.to_string(),
                    });
                }
            }
        }
    }

    /// At most one numeric parameter.
    fn single_number(&mut self) -> Result<Option<u64>, TypeParseErrorKind> {
        let numbers = self.numbers()?;
        match numbers.as_slice() {
            [] => Ok(None),
            [n] => Ok(Some(*n)),
            [_, extra, ..] => Err(TypeParseErrorKind::Expected {
                expected: "`)`",
                found: extra.to_string(),
            }),
        }
    }

    fn parse_type(&mut self) -> Result<TrinoType, TypeParseErrorKind> {
        let word = self.word("a type name")?;
        let ty = match word.as_str() {
            "boolean" | "bool" => TrinoType::Boolean,
            "tinyint" => TrinoType::Tinyint,
            "smallint" | "int2" => TrinoType::Smallint,
            "integer" | "int" | "int4" => TrinoType::Integer,
            "bigint" | "int8" => TrinoType::Bigint,
            "real" | "float" | "float4" => TrinoType::Real,
            "double" => {
                self.eat_keyword("precision");
                TrinoType::Double
            }
            "float8" => TrinoType::Double,
            "decimal" | "numeric" | "dec" => self.decimal()?,
            "varchar" | "string" | "text" => self.varchar()?,
            "char" | "character" => {
                if self.eat_keyword("varying") {
                    self.varchar()?
                } else {
                    let length = self.single_number()?.unwrap_or(1);
                    TrinoType::Char(in_range(
                        "char length",
                        length,
                        1,
                        u64::from(MAX_CHAR_LENGTH),
                    )?)
                }
            }
            "varbinary" | "binary" | "bytea" | "blob" => TrinoType::Varbinary,
            "json" => TrinoType::Json,
            "date" => TrinoType::Date,
            "uuid" => TrinoType::Uuid,
            "ipaddress" => TrinoType::IpAddress,
            "unknown" => TrinoType::Unknown,
            "time" | "timestamp" => {
                let precision = match self.single_number()? {
                    None => DEFAULT_DATETIME_PRECISION,
                    Some(p) => in_range("precision", p, 0, u64::from(MAX_DATETIME_PRECISION))?,
                };
                let with_time_zone = self.time_zone_suffix()?;
                match (word.as_str(), with_time_zone) {
                    ("time", false) => TrinoType::Time { precision },
                    ("time", true) => TrinoType::TimeWithTimeZone { precision },
                    (_, false) => TrinoType::Timestamp { precision },
                    (_, true) => TrinoType::TimestampWithTimeZone { precision },
                }
            }
            "interval" => {
                let from = self.word("`year` or `day`")?;
                self.expect_keyword("to")?;
                let to = self.word("`month` or `second`")?;
                match (from.as_str(), to.as_str()) {
                    ("year", "month") => TrinoType::IntervalYearToMonth,
                    ("day", "second") => TrinoType::IntervalDayToSecond,
                    _ => {
                        return Err(TypeParseErrorKind::UnknownType(format!(
                            "interval {from} to {to}"
                        )));
                    }
                }
            }
            "array" => {
                self.expect(Token::Open, "`(`")?;
                let element = self.parse_type()?;
                self.expect(Token::Close, "`)`")?;
                TrinoType::Array(Box::new(element))
            }
            "map" => {
                self.expect(Token::Open, "`(`")?;
                let key = self.parse_type()?;
                self.expect(Token::Comma, "`,`")?;
                let value = self.parse_type()?;
                self.expect(Token::Close, "`)`")?;
                TrinoType::Map(Box::new(key), Box::new(value))
            }
            "row" => self.row()?,
            _ => return Err(TypeParseErrorKind::UnknownType(word)),
        };
        Ok(ty)
    }

    fn decimal(&mut self) -> Result<TrinoType, TypeParseErrorKind> {
        let numbers = self.numbers()?;
        let (precision, scale) = match numbers.as_slice() {
            [] => (u64::from(MAX_DECIMAL_PRECISION), 0),
            [p] => (*p, 0),
            [p, s] => (*p, *s),
            [_, _, extra, ..] => {
                return Err(TypeParseErrorKind::Expected {
                    expected: "`)`",
                    found: extra.to_string(),
                });
            }
        };
        let precision: u8 = in_range(
            "decimal precision",
            precision,
            1,
            u64::from(MAX_DECIMAL_PRECISION),
        )?;
        if scale > u64::from(precision) {
            return Err(TypeParseErrorKind::ScaleExceedsPrecision {
                precision: u64::from(precision),
                scale,
            });
        }
        Ok(TrinoType::Decimal {
            precision,
            scale: in_range("decimal scale", scale, 0, u64::from(precision))?,
        })
    }

    fn varchar(&mut self) -> Result<TrinoType, TypeParseErrorKind> {
        Ok(match self.single_number()? {
            None => TrinoType::Varchar(None),
            Some(n) => {
                let length = in_range("varchar length", n, 0, u64::from(UNBOUNDED_VARCHAR_LENGTH))?;
                TrinoType::Varchar((length != UNBOUNDED_VARCHAR_LENGTH).then_some(length))
            }
        })
    }

    /// Optional `with time zone` / `without time zone`.
    fn time_zone_suffix(&mut self) -> Result<bool, TypeParseErrorKind> {
        let with = if self.eat_keyword("with") {
            true
        } else if self.eat_keyword("without") {
            false
        } else {
            return Ok(false);
        };
        self.expect_keyword("time")?;
        self.expect_keyword("zone")?;
        Ok(with)
    }

    fn row(&mut self) -> Result<TrinoType, TypeParseErrorKind> {
        self.expect(Token::Open, "`(`")?;
        let mut fields = Vec::new();
        loop {
            fields.push(self.row_field()?);
            match self.next("`,` or `)`")? {
                Token::Comma => {}
                Token::Close => return Ok(TrinoType::Row(fields)),
                other => {
                    return Err(TypeParseErrorKind::Expected {
                        expected: "`,` or `)`",
                        found: other.to_string(),
                    });
                }
            }
        }
    }

    /// `type` (anonymous field) or `name type`. A field is anonymous when the whole field
    /// parses as a type, which resolves `row(double precision)` vs `row(time time)`.
    fn row_field(&mut self) -> Result<RowField, TypeParseErrorKind> {
        let start = self.pos;
        if !matches!(self.peek(), Some(Token::Quoted(_))) {
            if let Ok(ty) = self.parse_type()
                && matches!(self.peek(), Some(Token::Comma | Token::Close))
            {
                return Ok(RowField::anonymous(ty));
            }
            self.pos = start;
        }
        let name = match self.next("a field name")? {
            Token::Word(w) => w,
            Token::Quoted(q) => q,
            other => {
                return Err(TypeParseErrorKind::Expected {
                    expected: "a field name or type",
                    found: other.to_string(),
                });
            }
        };
        Ok(RowField::named(name, self.parse_type()?))
    }
}

/// Checks `min <= value <= max` and narrows the value.
fn in_range<T: TryFrom<u64>>(
    parameter: &'static str,
    value: u64,
    min: u64,
    max: u64,
) -> Result<T, TypeParseErrorKind> {
    let out_of_range = TypeParseErrorKind::OutOfRange {
        parameter,
        value,
        min,
        max,
    };
    if !(min..=max).contains(&value) {
        return Err(out_of_range);
    }
    T::try_from(value).map_err(|_| out_of_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> TrinoType {
        TrinoType::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn kind(s: &str) -> TypeParseErrorKind {
        TrinoType::parse(s).unwrap_err().kind
    }

    #[test]
    fn simple_types_and_aliases() {
        for (input, expected) in [
            ("boolean", TrinoType::Boolean),
            ("BOOL", TrinoType::Boolean),
            ("tinyint", TrinoType::Tinyint),
            ("smallint", TrinoType::Smallint),
            ("int2", TrinoType::Smallint),
            ("integer", TrinoType::Integer),
            ("INT", TrinoType::Integer),
            ("int4", TrinoType::Integer),
            ("bigint", TrinoType::Bigint),
            ("Int8", TrinoType::Bigint),
            ("real", TrinoType::Real),
            ("float", TrinoType::Real),
            ("float4", TrinoType::Real),
            ("double", TrinoType::Double),
            ("double precision", TrinoType::Double),
            ("DOUBLE  PRECISION", TrinoType::Double),
            ("float8", TrinoType::Double),
            ("varbinary", TrinoType::Varbinary),
            ("bytea", TrinoType::Varbinary),
            ("json", TrinoType::Json),
            ("date", TrinoType::Date),
            ("uuid", TrinoType::Uuid),
            ("IPADDRESS", TrinoType::IpAddress),
            ("unknown", TrinoType::Unknown),
            ("interval year to month", TrinoType::IntervalYearToMonth),
            ("INTERVAL DAY TO SECOND", TrinoType::IntervalDayToSecond),
        ] {
            assert_eq!(parse(input), expected, "{input}");
        }
    }

    #[test]
    fn character_types() {
        assert_eq!(parse("varchar"), TrinoType::Varchar(None));
        assert_eq!(parse("VARCHAR(25)"), TrinoType::Varchar(Some(25)));
        assert_eq!(parse("varchar(2147483647)"), TrinoType::Varchar(None));
        assert_eq!(parse("string"), TrinoType::Varchar(None));
        assert_eq!(parse("text"), TrinoType::Varchar(None));
        assert_eq!(parse("character varying(7)"), TrinoType::Varchar(Some(7)));
        assert_eq!(parse("char"), TrinoType::Char(1));
        assert_eq!(parse("char(3)"), TrinoType::Char(3));
        assert_eq!(parse("character(4)"), TrinoType::Char(4));
    }

    #[test]
    fn decimals() {
        let decimal = |precision, scale| TrinoType::Decimal { precision, scale };
        assert_eq!(parse("decimal(12,2)"), decimal(12, 2));
        assert_eq!(parse("decimal(12, 2)"), decimal(12, 2));
        assert_eq!(parse("decimal( 12 , 2 )"), decimal(12, 2));
        assert_eq!(parse("decimal"), decimal(38, 0));
        assert_eq!(parse("decimal(10)"), decimal(10, 0));
        assert_eq!(parse("numeric(5,5)"), decimal(5, 5));
        assert_eq!(parse("DEC(3,1)"), decimal(3, 1));
    }

    #[test]
    fn datetimes() {
        assert_eq!(parse("timestamp"), TrinoType::Timestamp { precision: 3 });
        assert_eq!(parse("timestamp(6)"), TrinoType::Timestamp { precision: 6 });
        assert_eq!(
            parse("timestamp(3) with time zone"),
            TrinoType::TimestampWithTimeZone { precision: 3 }
        );
        assert_eq!(
            parse("TIMESTAMP WITH TIME ZONE"),
            TrinoType::TimestampWithTimeZone { precision: 3 }
        );
        assert_eq!(
            parse("timestamp(9) without time zone"),
            TrinoType::Timestamp { precision: 9 }
        );
        assert_eq!(parse("time"), TrinoType::Time { precision: 3 });
        assert_eq!(parse("time(0)"), TrinoType::Time { precision: 0 });
        assert_eq!(
            parse("time(12) with time zone"),
            TrinoType::TimeWithTimeZone { precision: 12 }
        );
    }

    #[test]
    fn containers() {
        assert_eq!(
            parse("array(varchar)"),
            TrinoType::Array(Box::new(TrinoType::Varchar(None)))
        );
        assert_eq!(
            parse("map(varchar, bigint)"),
            TrinoType::Map(
                Box::new(TrinoType::Varchar(None)),
                Box::new(TrinoType::Bigint)
            )
        );
        assert_eq!(
            parse("row(x bigint, y array(integer))"),
            TrinoType::Row(vec![
                RowField::named("x", TrinoType::Bigint),
                RowField::named("y", TrinoType::Array(Box::new(TrinoType::Integer))),
            ])
        );
        assert_eq!(
            parse("row(bigint, varchar)"),
            TrinoType::Row(vec![
                RowField::anonymous(TrinoType::Bigint),
                RowField::anonymous(TrinoType::Varchar(None)),
            ])
        );
    }

    #[test]
    fn row_field_names_versus_type_keywords() {
        assert_eq!(
            parse(
                "row(double precision, time time, date date, timestamp timestamp(6) with time zone)"
            ),
            TrinoType::Row(vec![
                RowField::anonymous(TrinoType::Double),
                RowField::named("time", TrinoType::Time { precision: 3 }),
                RowField::named("date", TrinoType::Date),
                RowField::named(
                    "timestamp",
                    TrinoType::TimestampWithTimeZone { precision: 6 }
                ),
            ])
        );
        assert_eq!(
            parse(r#"row("Mixed Case" integer, "a""b" real, MyField bigint)"#),
            TrinoType::Row(vec![
                RowField::named("Mixed Case", TrinoType::Integer),
                RowField::named("a\"b", TrinoType::Real),
                RowField::named("MyField", TrinoType::Bigint),
            ])
        );
        assert_eq!(
            parse(r#"row("bigint" bigint)"#),
            TrinoType::Row(vec![RowField::named("bigint", TrinoType::Bigint)])
        );
    }

    #[test]
    fn rejects_unknown_and_malformed_types() {
        assert_eq!(
            kind("foo"),
            TypeParseErrorKind::UnknownType("foo".to_owned())
        );
        assert_eq!(kind(""), TypeParseErrorKind::UnexpectedEnd("a type name"));
        assert_eq!(
            kind("array(bigint"),
            TypeParseErrorKind::UnexpectedEnd("`)`")
        );
        assert!(matches!(
            kind("bigint bigint"),
            TypeParseErrorKind::Expected { .. }
        ));
        assert!(matches!(
            kind("map(bigint)"),
            TypeParseErrorKind::Expected { .. }
        ));
        assert!(matches!(kind("row()"), TypeParseErrorKind::Expected { .. }));
        assert!(matches!(
            kind("row(x)"),
            TypeParseErrorKind::Expected { .. }
        ));
        assert_eq!(
            kind("varchar(x"),
            TypeParseErrorKind::Expected {
                expected: "a number",
                found: "x".to_owned()
            }
        );
        assert_eq!(
            kind("bigint;"),
            TypeParseErrorKind::UnexpectedCharacter(';')
        );
        assert_eq!(
            kind("row(\"x bigint)"),
            TypeParseErrorKind::UnterminatedQuote
        );
        assert!(matches!(
            kind("interval year to second"),
            TypeParseErrorKind::UnknownType(_)
        ));
        assert!(matches!(
            kind("timestamp with zone"),
            TypeParseErrorKind::Expected { .. }
        ));
    }

    #[test]
    fn rejects_out_of_range_parameters() {
        assert!(matches!(
            kind("decimal(39,0)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("decimal(0)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert_eq!(
            kind("decimal(5,6)"),
            TypeParseErrorKind::ScaleExceedsPrecision {
                precision: 5,
                scale: 6
            }
        );
        assert!(matches!(
            kind("decimal(1,2,3)"),
            TypeParseErrorKind::Expected { .. }
        ));
        assert!(matches!(
            kind("timestamp(13)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("char(0)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("char(65537)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("varchar(2147483648)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("varchar(99999999999999999999999)"),
            TypeParseErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            kind("varchar(1,2)"),
            TypeParseErrorKind::Expected { .. }
        ));
    }

    #[test]
    fn error_message_names_the_input() {
        let err = TrinoType::parse("array(foo)").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type `array(foo)`: unknown type `foo`"
        );
        assert_eq!(
            TrinoType::parse("decimal(40,1)").unwrap_err().to_string(),
            "invalid type `decimal(40,1)`: decimal precision must be between 1 and 38, got 40"
        );
    }

    #[test]
    fn from_str_is_parse() {
        assert_eq!("bigint".parse::<TrinoType>().unwrap(), TrinoType::Bigint);
    }
}
