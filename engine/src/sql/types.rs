//! Rewrites typed literals, casts and intervals whose Trino type DataFusion cannot express
//! (`varchar(n)`, `char(n)`, `json`, `uuid`, `ipaddress`, `timestamp(p)`, `time(p)`,
//! `timestamp(p) with time zone`, `interval year to month`) into calls of the type-tagging
//! functions of [`crate::functions::types`], which carry the Trino type in Arrow field
//! metadata.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    CastKind, CharacterLength, DataType, DateTimeField, ExactNumberInfo, Expr, Function,
    FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident, Interval,
    ObjectName, Statement, TimezoneInfo, UnaryOperator, Value, visit_expressions_mut,
};

use crate::functions::types::{TRINO_CAST, TRINO_ROW, TRINO_TIMESTAMP_TZ, TRINO_TYPED};
use crate::sql::parser::TYPE_PLACEHOLDER_PREFIX;

/// A literal that is not valid for its type (`UUID 'x'`, `INTERVAL 'a' YEAR`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidLiteral {
    /// Trino-style message.
    pub message: String,
}

/// Applies the rewrites to every expression of `statement`.
pub fn trino_types(statement: &mut Statement) -> Result<(), InvalidLiteral> {
    let mut error = None;
    let _ = visit_expressions_mut(statement, |expr| {
        match rewrite(expr) {
            Ok(Some(new)) => *expr = new,
            Ok(None) => {}
            Err(e) => {
                error = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    error.map_or(Ok(()), Err)
}

fn rewrite(expr: &Expr) -> Result<Option<Expr>, InvalidLiteral> {
    match expr {
        Expr::Value(value) => Ok(literal(&value.value)),
        Expr::Cast {
            kind,
            expr: inner,
            data_type,
            format: None,
            array,
        } if let Some(spelling) = datafusion_spelling(data_type) => Ok(Some(Expr::Cast {
            kind: kind.clone(),
            expr: inner.clone(),
            data_type: spelling,
            format: None,
            array: *array,
        })),
        Expr::TypedString(typed) => {
            let Some(text) = typed.value.value.clone().into_string() else {
                return Ok(None);
            };
            typed_literal(&typed.data_type, &text)
        }
        Expr::Cast {
            kind: CastKind::Cast | CastKind::DoubleColon,
            expr: inner,
            data_type,
            format: None,
            ..
        } => Ok(trino_type_name(data_type)
            .map(|ty| call(TRINO_CAST, vec![(**inner).clone(), string(&ty)]))),
        Expr::Interval(interval) => interval_literal(interval, false),
        Expr::Function(function) if function.name.to_string().eq_ignore_ascii_case("row") => {
            let mut row = function.clone();
            row.name = ObjectName::from(vec![Ident::new(TRINO_ROW)]);
            if let FunctionArguments::List(list) = &mut row.args {
                for arg in &mut list.args {
                    if let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = arg
                        && let Some(tagged) = tag_string_literal(e)
                    {
                        *e = tagged;
                    }
                }
            }
            Ok(Some(Expr::Function(row)))
        }
        // Children are rewritten first: a negated interval literal arrives already tagged.
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: inner,
        } => Ok(negate_tagged_interval(inner)),
        _ => Ok(None),
    }
}

/// Literals DataFusion reads differently from Trino: a number with an exponent is a `double`
/// (DataFusion, told to read decimals exactly, would make it a decimal), and a Unicode
/// string literal `U&'...'` (already decoded by the parser) is a plain string.
fn literal(value: &Value) -> Option<Expr> {
    match value {
        Value::Number(text, _) if text.contains(['e', 'E']) => Some(Expr::Cast {
            kind: CastKind::Cast,
            expr: Box::new(string(text)),
            data_type: DataType::Double(ExactNumberInfo::None),
            format: None,
            array: false,
        }),
        Value::UnicodeStringLiteral(text) => {
            Some(Expr::value(Value::SingleQuotedString(text.clone())))
        }
        _ => None,
    }
}

/// Cast targets Trino spells differently from what DataFusion accepts: `VARBINARY` (planned
/// as `BYTEA`) and `DECIMAL` without precision (Trino's `decimal(38,0)`).
fn datafusion_spelling(data_type: &DataType) -> Option<DataType> {
    match data_type {
        DataType::Varbinary(_) | DataType::Binary(_) | DataType::Blob(_) => Some(DataType::Bytea),
        DataType::Decimal(ExactNumberInfo::None) | DataType::Numeric(ExactNumberInfo::None) => {
            Some(DataType::Decimal(ExactNumberInfo::PrecisionAndScale(38, 0)))
        }
        _ => None,
    }
}

/// The Trino type a cast target needs tagging for; `None` for types DataFusion keeps exact.
fn trino_type_name(data_type: &DataType) -> Option<String> {
    let length = |l: &Option<CharacterLength>| match l {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    };
    match data_type {
        DataType::Varchar(l) | DataType::CharacterVarying(l) | DataType::CharVarying(l) => {
            length(l).map(|n| format!("varchar({n})"))
        }
        DataType::Char(l) | DataType::Character(l) => {
            Some(format!("char({})", length(l).unwrap_or(1)))
        }
        DataType::JSON => Some("json".into()),
        DataType::Uuid => Some("uuid".into()),
        DataType::Timestamp(p, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            Some(format!("timestamp({})", p.unwrap_or(3)))
        }
        DataType::Timestamp(p, TimezoneInfo::WithTimeZone) => {
            Some(format!("timestamp({}) with time zone", p.unwrap_or(3)))
        }
        DataType::Time(p, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            Some(format!("time({})", p.unwrap_or(3)))
        }
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            if let [part] = name.0.as_slice()
                && let Some(ident) = part.as_ident()
                && let Some(ty) = ident.value.strip_prefix(TYPE_PLACEHOLDER_PREFIX)
            {
                return Some(ty.to_string());
            }
            match name.to_string().to_ascii_lowercase().as_str() {
                "ipaddress" => Some("ipaddress".into()),
                "uuid" => Some("uuid".into()),
                "json" => Some("json".into()),
                _ => None,
            }
        }
        _ => None,
    }
}

fn typed_literal(data_type: &DataType, text: &str) -> Result<Option<Expr>, InvalidLiteral> {
    let invalid = |kind: &str| InvalidLiteral {
        message: format!("'{text}' is not a valid {kind} literal"),
    };
    let expr = match data_type {
        DataType::Decimal(_) | DataType::Numeric(_) | DataType::Dec(_) => {
            let trimmed = text.trim();
            let (negative, digits) = match trimmed.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
            };
            let valid = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
                && digits.matches('.').count() <= 1
                && digits != ".";
            if !valid {
                return Err(invalid("decimal"));
            }
            // Typed as decimal(p, s) from its digits (`DECIMAL '9'` is decimal(1,0), not an
            // integer): p counts the digits without leading zeros, s those after the point.
            let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
            let integer = integer.trim_start_matches('0');
            let scale = fraction.len() as i64;
            let precision = ((integer.len() + fraction.len()) as u64).max(1);
            let number = Expr::Cast {
                kind: CastKind::Cast,
                expr: Box::new(Expr::value(Value::Number(digits.to_string(), false))),
                data_type: DataType::Decimal(ExactNumberInfo::PrecisionAndScale(precision, scale)),
                format: None,
                array: false,
            };
            if negative {
                Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr: Box::new(number),
                }
            } else {
                number
            }
        }
        DataType::Date => {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| invalid("DATE"))?;
            return Ok(None);
        }
        DataType::TinyInt(_)
        | DataType::SmallInt(_)
        | DataType::Int(_)
        | DataType::Integer(_)
        | DataType::BigInt(_) => {
            let (kind, min, max) = match data_type {
                DataType::TinyInt(_) => ("TINYINT", i64::from(i8::MIN), i64::from(i8::MAX)),
                DataType::SmallInt(_) => ("SMALLINT", i64::from(i16::MIN), i64::from(i16::MAX)),
                DataType::BigInt(_) => ("BIGINT", i64::MIN, i64::MAX),
                _ => ("INTEGER", i64::from(i32::MIN), i64::from(i32::MAX)),
            };
            match text.trim().parse::<i64>() {
                Ok(value) if (min..=max).contains(&value) => return Ok(None),
                _ => return Err(invalid(kind)),
            }
        }
        DataType::Timestamp(_, tz) => {
            let (local, zone) = split_zone(text.trim());
            let precision = fraction_digits(local);
            match (zone, tz) {
                (Some(_), _) => call(TRINO_TIMESTAMP_TZ, vec![string(text.trim())]),
                (None, TimezoneInfo::WithTimeZone) => {
                    call(TRINO_TIMESTAMP_TZ, vec![string(text.trim())])
                }
                (None, _) => call(
                    TRINO_TYPED,
                    vec![
                        // Parsed in the unit of the literal's precision, so that instants
                        // outside the nanosecond range (year 1) stay representable.
                        cast_string(
                            &with_seconds(local),
                            DataType::Timestamp(
                                Some(match precision {
                                    0 => 0,
                                    1..=3 => 3,
                                    4..=6 => 6,
                                    _ => 9,
                                }),
                                TimezoneInfo::None,
                            ),
                        ),
                        string(&format!("timestamp({precision})")),
                    ],
                ),
            }
        }
        DataType::Time(_, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            let precision = fraction_digits(text.trim());
            call(
                TRINO_TYPED,
                vec![
                    cast_string(
                        &with_seconds(text.trim()),
                        DataType::Time(None, TimezoneInfo::None),
                    ),
                    string(&format!("time({precision})")),
                ],
            )
        }
        DataType::JSON => {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|_| invalid("json"))?;
            call(
                TRINO_TYPED,
                vec![string(&value.to_string()), string("json")],
            )
        }
        DataType::Char(_) | DataType::Character(_) => call(
            TRINO_TYPED,
            vec![
                string(text),
                string(&format!("char({})", text.chars().count().max(1))),
            ],
        ),
        DataType::Varchar(_) | DataType::CharacterVarying(_) => call(
            TRINO_TYPED,
            vec![
                string(text),
                string(&format!("varchar({})", text.chars().count())),
            ],
        ),
        other => match trino_type_name(other).as_deref() {
            Some(ty @ ("uuid" | "ipaddress")) => call(TRINO_CAST, vec![string(text), string(ty)]),
            _ => return Ok(None),
        },
    };
    Ok(Some(expr))
}

/// Splits `2020-01-02 03:04:05.678 America/Los_Angeles` into the local part and the zone.
fn split_zone(text: &str) -> (&str, Option<&str>) {
    if let Some((local, zone)) = text.rsplit_once(' ')
        && local.contains(':')
        && zone.starts_with(|c: char| c.is_ascii_alphabetic() || c == '+' || c == '-')
    {
        return (local, Some(zone));
    }
    // `2020-01-02 03:04:05+05:30` (offset glued to the time)
    if let Some(position) = text.rfind(['+', '-'])
        && text[..position].contains(':')
        && position > 10
    {
        return (&text[..position], Some(&text[position..]));
    }
    (text, None)
}

/// A time or timestamp literal with its seconds written out: Trino accepts `01:00` for
/// `01:00:00`, Arrow's parser does not.
fn with_seconds(local: &str) -> String {
    let (date, time) = match local.rsplit_once(' ') {
        Some((date, time)) => (Some(date), time),
        None if local.contains(':') => (None, local),
        None => return local.to_string(),
    };
    let hours_minutes = time.split_once(':').is_some_and(|(h, m)| {
        (1..=2).contains(&h.len())
            && m.len() == 2
            && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    });
    match (date, hours_minutes) {
        (Some(date), true) => format!("{date} {time}:00"),
        (None, true) => format!("{time}:00"),
        _ => local.to_string(),
    }
}

/// Number of fractional-second digits written in a time or timestamp literal.
pub fn fraction_digits(local: &str) -> usize {
    let time = local.rsplit(' ').next().unwrap_or(local);
    time.split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count()
    })
}

fn interval_literal(interval: &Interval, negated: bool) -> Result<Option<Expr>, InvalidLiteral> {
    let Expr::Value(value) = interval.value.as_ref() else {
        return Ok(None);
    };
    let Some(text) = value.value.clone().into_string() else {
        return Ok(None);
    };
    let invalid = || InvalidLiteral {
        message: format!("Invalid INTERVAL '{text}'"),
    };
    let Some(leading) = &interval.leading_field else {
        return Ok(None);
    };
    let text_trimmed = text.trim();
    let (sign, body) = match text_trimmed.strip_prefix('-') {
        Some(rest) => (-1i64, rest),
        None => (1, text_trimmed.strip_prefix('+').unwrap_or(text_trimmed)),
    };
    let sign = if negated { -sign } else { sign };
    let number = |s: &str| s.trim().parse::<i64>().map_err(|_| invalid());
    match (leading, &interval.last_field) {
        (
            DateTimeField::Year | DateTimeField::Years,
            Some(DateTimeField::Month | DateTimeField::Months),
        ) => {
            let (years, months) = body.split_once('-').ok_or_else(invalid)?;
            let total = sign * (number(years)? * 12 + number(months)?);
            Ok(Some(year_month(total)))
        }
        (DateTimeField::Year | DateTimeField::Years, None) => {
            Ok(Some(year_month(sign * number(body)? * 12)))
        }
        (DateTimeField::Month | DateTimeField::Months, None) => {
            Ok(Some(year_month(sign * number(body)?)))
        }
        (
            DateTimeField::Day | DateTimeField::Days,
            Some(DateTimeField::Second | DateTimeField::Seconds),
        ) => {
            let (days, clock) = body.split_once(' ').ok_or_else(invalid)?;
            let mut parts = clock.split(':');
            let (Some(h), Some(m), Some(s), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(invalid());
            };
            let seconds: f64 = s.trim().parse().map_err(|_| invalid())?;
            let millis = number(days)? * 86_400_000
                + number(h)? * 3_600_000
                + number(m)? * 60_000
                + (seconds * 1000.0).round() as i64;
            Ok(Some(day_second(sign * millis)))
        }
        (field, None) => {
            let unit_millis = match field {
                DateTimeField::Day | DateTimeField::Days => 86_400_000.0,
                DateTimeField::Hour | DateTimeField::Hours => 3_600_000.0,
                DateTimeField::Minute | DateTimeField::Minutes => 60_000.0,
                DateTimeField::Second | DateTimeField::Seconds => 1000.0,
                _ => return Ok(None),
            };
            let amount: f64 = body.trim().parse().map_err(|_| invalid())?;
            Ok(Some(day_second(
                sign * (amount * unit_millis).round() as i64,
            )))
        }
        _ => Ok(None),
    }
}

/// `-__trino_typed(INTERVAL 'n unit', t)` as `__trino_typed(INTERVAL '-n unit', t)`.
fn negate_tagged_interval(expr: &Expr) -> Option<Expr> {
    let Expr::Function(function) = expr else {
        return None;
    };
    if function.name.to_string() != TRINO_TYPED {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    let [
        FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Interval(interval))),
        tag,
    ] = list.args.as_slice()
    else {
        return None;
    };
    let Expr::Value(value) = interval.value.as_ref() else {
        return None;
    };
    let text = value.value.clone().into_string()?;
    let (amount, unit) = text.split_once(' ')?;
    let negated = amount.parse::<i64>().ok()?.checked_neg()?;
    let mut rewritten = function.clone();
    let mut new_interval = interval.clone();
    new_interval.value = Box::new(string(&format!("{negated} {unit}")));
    rewritten.args = FunctionArguments::List(FunctionArgumentList {
        duplicate_treatment: None,
        args: vec![
            FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Interval(new_interval))),
            tag.clone(),
        ],
        clauses: vec![],
    });
    Some(Expr::Function(rewritten))
}

/// Gives a string literal selected as an output column Trino's type `varchar(n)`, n being
/// its length (DataFusion's literal is an unbounded `varchar`).
pub fn tag_string_literal(expr: &Expr) -> Option<Expr> {
    match expr {
        Expr::Nested(inner) => tag_string_literal(inner),
        Expr::Value(value) => match &value.value {
            Value::SingleQuotedString(text) => Some(call(
                TRINO_TYPED,
                vec![
                    expr.clone(),
                    string(&format!("varchar({})", text.chars().count())),
                ],
            )),
            _ => None,
        },
        _ => None,
    }
}

fn year_month(months: i64) -> Expr {
    call(
        TRINO_TYPED,
        vec![
            Expr::Interval(Interval {
                value: Box::new(string(&format!("{months} months"))),
                leading_field: None,
                leading_precision: None,
                last_field: None,
                fractional_seconds_precision: None,
            }),
            string("interval year to month"),
        ],
    )
}

fn day_second(millis: i64) -> Expr {
    call(
        TRINO_TYPED,
        vec![
            Expr::Interval(Interval {
                value: Box::new(string(&format!("{millis} milliseconds"))),
                leading_field: None,
                leading_precision: None,
                last_field: None,
                fractional_seconds_precision: None,
            }),
            string("interval day to second"),
        ],
    )
}

fn cast_string(text: &str, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(string(text)),
        data_type,
        format: None,
        array: false,
    }
}

fn string(text: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(text.to_string()))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    call_named(Ident::new(name), args)
}

/// A plain call `name(args...)` in the AST.
pub(crate) fn call_named(name: Ident, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![name]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a)))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parser::{TrinoStatement, parse_statement};

    fn rewritten(sql: &str) -> String {
        let TrinoStatement::Sql(mut statement) = parse_statement(sql).unwrap() else {
            panic!("not SQL")
        };
        trino_types(&mut statement).unwrap();
        statement.to_string()
    }

    #[test]
    fn decimal_literals_become_numbers() {
        // Typed from their digits: DECIMAL '9' is decimal(1,0), not an integer.
        assert_eq!(
            rewritten("SELECT DECIMAL '1.50', DECIMAL '-0.05', DECIMAL '009'"),
            "SELECT CAST(1.50 AS DECIMAL(3,2)), -CAST(0.05 AS DECIMAL(2,2)), CAST(009 AS DECIMAL(1,0))"
        );
    }

    #[test]
    fn casts_to_parametric_types_are_tagged() {
        assert_eq!(
            rewritten("SELECT CAST(a AS varchar(10)), CAST(b AS char(3)), CAST(c AS varchar)"),
            format!(
                "SELECT {TRINO_CAST}(a, 'varchar(10)'), {TRINO_CAST}(b, 'char(3)'), CAST(c AS VARCHAR)"
            )
        );
    }

    #[test]
    fn literals_without_seconds_get_them() {
        assert_eq!(with_seconds("2012-08-08 01:00"), "2012-08-08 01:00:00");
        assert_eq!(with_seconds("1:05"), "1:05:00");
        assert_eq!(
            with_seconds("2012-08-08 01:00:07.5"),
            "2012-08-08 01:00:07.5"
        );
        assert_eq!(with_seconds("2012-08-08"), "2012-08-08");
    }

    #[test]
    fn timestamp_literals_keep_their_precision() {
        assert_eq!(
            rewritten("SELECT TIMESTAMP '2020-01-02 03:04:05.678'"),
            format!(
                "SELECT {TRINO_TYPED}(CAST('2020-01-02 03:04:05.678' AS TIMESTAMP(3)), 'timestamp(3)')"
            )
        );
        assert_eq!(
            rewritten("SELECT TIMESTAMP '2020-01-02 03:04:05 UTC'"),
            format!("SELECT {TRINO_TIMESTAMP_TZ}('2020-01-02 03:04:05 UTC')")
        );
        assert_eq!(fraction_digits("01:02:03"), 0);
        assert_eq!(fraction_digits("2020-01-01 01:02:03.123456"), 6);
    }

    #[test]
    fn intervals() {
        assert_eq!(
            rewritten("SELECT INTERVAL '1-2' YEAR TO MONTH, -INTERVAL '1-2' YEAR TO MONTH"),
            format!(
                "SELECT {TRINO_TYPED}(INTERVAL '14 months', 'interval year to month'), {TRINO_TYPED}(INTERVAL '-14 months', 'interval year to month')"
            )
        );
        assert_eq!(
            rewritten("SELECT INTERVAL '1 02:03:04.005' DAY TO SECOND"),
            format!(
                "SELECT {TRINO_TYPED}(INTERVAL '93784005 milliseconds', 'interval day to second')"
            )
        );
        assert_eq!(
            rewritten("SELECT -INTERVAL '1' SECOND"),
            format!(
                "SELECT {TRINO_TYPED}(INTERVAL '-1000 milliseconds', 'interval day to second')"
            )
        );
    }

    #[test]
    fn invalid_literals_are_errors() {
        let TrinoStatement::Sql(mut statement) = parse_statement("SELECT DECIMAL 'abc'").unwrap()
        else {
            panic!()
        };
        assert!(trino_types(&mut statement).is_err());
    }
}
