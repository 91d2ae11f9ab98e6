//! Reads the text of a SQL/JSON path (`lax $.a[*]?(@ > 1)`) into its syntax tree.

use regex::RegexBuilder;
use serde_json::{Number, Value};

use super::ast::{ArithmeticOp, Comparison, Method, PathExpr, Predicate, Subscript};

/// A token of the path language, with the character offset it starts at.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `$` alone.
    Dollar,
    /// `$name`.
    Variable(String),
    At,
    /// An unquoted name: keys, keywords, method names.
    Name(String),
    /// A `"double quoted"` string, unescaped.
    Text(String),
    Number(Value),
    /// Punctuation and operators, as written (`.`, `..`, `==`, `&&`, ...).
    Symbol(&'static str),
}

const SYMBOLS: &[&str] = &[
    "..", "==", "!=", "<>", "<=", ">=", "&&", "||", ".", "*", "[", "]", "(", ")", ",", "?", "+",
    "-", "/", "%", "<", ">", "!",
];

fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let is_name_start = |c: char| c.is_alphabetic() || c == '_';
    let is_name_part = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '$' {
            i += 1;
            let name_start = i;
            while i < chars.len() && is_name_part(chars[i]) {
                i += 1;
            }
            let name: String = chars[name_start..i].iter().collect();
            tokens.push((
                if name.is_empty() {
                    Token::Dollar
                } else {
                    Token::Variable(name)
                },
                start,
            ));
        } else if c == '@' {
            i += 1;
            tokens.push((Token::At, start));
        } else if is_name_start(c) {
            while i < chars.len() && is_name_part(chars[i]) {
                i += 1;
            }
            tokens.push((Token::Name(chars[start..i].iter().collect()), start));
        } else if c == '"' {
            i += 1;
            let mut value = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(format!("unterminated string at position {}", start + 1)),
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        let escaped = chars.get(i + 1).copied().ok_or("unterminated string")?;
                        i += 2;
                        value.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'u' => {
                                let hex: String = chars
                                    .get(i..i + 4)
                                    .ok_or("bad \\u escape")?
                                    .iter()
                                    .collect();
                                i += 4;
                                u32::from_str_radix(&hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .ok_or("bad \\u escape")?
                            }
                            other => other,
                        });
                    }
                    Some(&other) => {
                        value.push(other);
                        i += 1;
                    }
                }
            }
            tokens.push((Token::Text(value), start));
        } else if c.is_ascii_digit()
            || (c == '.'
                && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                && !matches!(
                    tokens.last(),
                    Some((
                        Token::Dollar
                            | Token::Variable(_)
                            | Token::At
                            | Token::Name(_)
                            | Token::Text(_)
                            | Token::Symbol(")" | "]"),
                        _
                    ))
                ))
        {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let mut float = false;
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                float = true;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if matches!(chars.get(i), Some('e' | 'E')) {
                let mut j = i + 1;
                if matches!(chars.get(j), Some('+' | '-')) {
                    j += 1;
                }
                if chars.get(j).is_some_and(|d| d.is_ascii_digit()) {
                    float = true;
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let literal: String = chars[start..i].iter().collect();
            let number = if float {
                literal.parse::<f64>().ok().and_then(Number::from_f64)
            } else {
                literal.parse::<i64>().ok().map(Number::from)
            };
            let number = number.ok_or_else(|| format!("invalid number {literal}"))?;
            tokens.push((Token::Number(Value::Number(number)), start));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let symbol = SYMBOLS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or_else(|| format!("unexpected character '{c}' at position {}", start + 1))?;
            i += symbol.chars().count();
            tokens.push((Token::Symbol(symbol), start));
        }
    }
    Ok(tokens)
}

/// Parses a whole path: the mode (`lax` when omitted) and the expression. Returns whether
/// the mode is lax, and the expression.
pub(crate) fn parse_path(text: &str) -> Result<(bool, PathExpr), String> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let lax = if parser.eat_name("strict") {
        false
    } else {
        parser.eat_name("lax");
        true
    };
    let expr = parser.expr()?;
    match parser.tokens.get(parser.pos) {
        None => Ok((lax, expr)),
        Some((token, at)) => Err(format!(
            "unexpected {} at position {}",
            describe(token),
            at + 1
        )),
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Dollar => "'$'".into(),
        Token::Variable(v) => format!("'${v}'"),
        Token::At => "'@'".into(),
        Token::Name(n) => format!("'{n}'"),
        Token::Text(t) => format!("\"{t}\""),
        Token::Number(n) => format!("'{n}'"),
        Token::Symbol(s) => format!("'{s}'"),
    }
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.pos + offset).map(|(t, _)| t)
    }

    fn eat(&mut self, symbol: &str) -> bool {
        if matches!(self.peek(), Some(Token::Symbol(s)) if *s == symbol) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_name(&mut self, name: &str) -> bool {
        if matches!(self.peek(), Some(Token::Name(n)) if n == name) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error<T>(&self, expected: &str) -> Result<T, String> {
        Err(match self.tokens.get(self.pos) {
            Some((token, at)) => format!(
                "expected {expected}, found {} at position {}",
                describe(token),
                at + 1
            ),
            None => format!("expected {expected} at the end of the path"),
        })
    }

    fn expect(&mut self, symbol: &str) -> Result<(), String> {
        if self.eat(symbol) {
            Ok(())
        } else {
            self.error(&format!("'{symbol}'"))
        }
    }

    fn expr(&mut self) -> Result<PathExpr, String> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat("+") {
                ArithmeticOp::Add
            } else if self.eat("-") {
                ArithmeticOp::Subtract
            } else {
                return Ok(left);
            };
            let right = self.term()?;
            left = PathExpr::Arithmetic(Box::new(left), op, Box::new(right));
        }
    }

    fn term(&mut self) -> Result<PathExpr, String> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat("*") {
                ArithmeticOp::Multiply
            } else if self.eat("/") {
                ArithmeticOp::Divide
            } else if self.eat("%") {
                ArithmeticOp::Modulus
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = PathExpr::Arithmetic(Box::new(left), op, Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<PathExpr, String> {
        if self.eat("-") {
            Ok(PathExpr::Sign(Box::new(self.unary()?), true))
        } else if self.eat("+") {
            Ok(PathExpr::Sign(Box::new(self.unary()?), false))
        } else {
            self.accessors()
        }
    }

    fn accessors(&mut self) -> Result<PathExpr, String> {
        let mut expr = self.primary()?;
        loop {
            if self.eat("..") {
                let key = self.key()?;
                expr = PathExpr::Descendant(Box::new(expr), key);
            } else if self.eat(".") {
                if self.eat("*") {
                    expr = PathExpr::Member(Box::new(expr), None);
                } else if let Some(Token::Name(name)) = self.peek().cloned()
                    && self.peek_at(1) == Some(&Token::Symbol("("))
                {
                    let Some(method) = Method::named(&name) else {
                        return self.error("a supported item method");
                    };
                    self.pos += 1;
                    self.expect("(")?;
                    self.expect(")")?;
                    expr = PathExpr::Method(Box::new(expr), method);
                } else {
                    let key = self.key()?;
                    expr = PathExpr::Member(Box::new(expr), Some(key));
                }
            } else if self.eat("[") {
                if self.eat("*") {
                    self.expect("]")?;
                    expr = PathExpr::Array(Box::new(expr), None);
                    continue;
                }
                let mut subscripts = Vec::new();
                loop {
                    let from = self.expr()?;
                    subscripts.push(if self.eat_name("to") {
                        Subscript::Range(from, self.expr()?)
                    } else {
                        Subscript::Index(from)
                    });
                    if !self.eat(",") {
                        break;
                    }
                }
                self.expect("]")?;
                expr = PathExpr::Array(Box::new(expr), Some(subscripts));
            } else if self.eat("?") {
                self.expect("(")?;
                let predicate = self.disjunction()?;
                self.expect(")")?;
                expr = PathExpr::Filter(Box::new(expr), Box::new(predicate));
            } else {
                return Ok(expr);
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Token::Name(name) | Token::Text(name)) => {
                self.pos += 1;
                Ok(name)
            }
            _ => self.error("a member name"),
        }
    }

    fn primary(&mut self) -> Result<PathExpr, String> {
        let Some(token) = self.peek().cloned() else {
            return self.error("a path expression");
        };
        self.pos += 1;
        Ok(match token {
            Token::Dollar => PathExpr::Context,
            Token::Variable(name) => PathExpr::Variable(name),
            Token::At => PathExpr::Current,
            Token::Number(n) => PathExpr::Literal(n),
            Token::Text(t) => PathExpr::Literal(Value::String(t)),
            Token::Name(name) => match name.as_str() {
                "last" => PathExpr::Last,
                "true" => PathExpr::Literal(Value::Bool(true)),
                "false" => PathExpr::Literal(Value::Bool(false)),
                "null" => PathExpr::Literal(Value::Null),
                _ => {
                    self.pos -= 1;
                    return self.error("a path expression");
                }
            },
            Token::Symbol("(") => {
                let inner = self.expr()?;
                self.expect(")")?;
                inner
            }
            Token::Symbol(_) => {
                self.pos -= 1;
                return self.error("a path expression");
            }
        })
    }

    fn disjunction(&mut self) -> Result<Predicate, String> {
        let mut left = self.conjunction()?;
        while self.eat("||") {
            left = Predicate::Or(Box::new(left), Box::new(self.conjunction()?));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Predicate, String> {
        let mut left = self.negation()?;
        while self.eat("&&") {
            left = Predicate::And(Box::new(left), Box::new(self.negation()?));
        }
        Ok(left)
    }

    fn negation(&mut self) -> Result<Predicate, String> {
        if self.eat("!") {
            return Ok(Predicate::Not(Box::new(self.negation()?)));
        }
        self.predicate_primary()
    }

    fn predicate_primary(&mut self) -> Result<Predicate, String> {
        if self.peek() == Some(&Token::Name("exists".into()))
            && self.peek_at(1) == Some(&Token::Symbol("("))
        {
            self.pos += 2;
            let path = self.expr()?;
            self.expect(")")?;
            return Ok(Predicate::Exists(path));
        }
        // `(predicate)`, possibly `is unknown`; a parenthesised path (`($.a + 1) > 2`) is
        // read again as the left side of a comparison.
        if self.peek() == Some(&Token::Symbol("(")) {
            let start = self.pos;
            self.pos += 1;
            if let Ok(inner) = self.disjunction()
                && self.eat(")")
            {
                if self.eat_name("is") {
                    if !self.eat_name("unknown") {
                        return self.error("'unknown'");
                    }
                    return Ok(Predicate::IsUnknown(Box::new(inner)));
                }
                if !self.continues_path() {
                    return Ok(inner);
                }
            }
            self.pos = start;
        }
        let left = self.expr()?;
        if self.eat_name("like_regex") {
            let Some(Token::Text(pattern)) = self.peek().cloned() else {
                return self.error("a pattern string");
            };
            self.pos += 1;
            let mut builder = RegexBuilder::new(&pattern);
            if self.eat_name("flag") {
                let Some(Token::Text(flags)) = self.peek().cloned() else {
                    return self.error("a flag string");
                };
                self.pos += 1;
                for flag in flags.chars() {
                    match flag {
                        'i' => builder.case_insensitive(true),
                        'm' => builder.multi_line(true),
                        's' => builder.dot_matches_new_line(true),
                        'x' => builder.ignore_whitespace(true),
                        other => return Err(format!("invalid like_regex flag '{other}'")),
                    };
                }
            }
            let regex = builder
                .build()
                .map_err(|e| format!("invalid like_regex pattern: {e}"))?;
            return Ok(Predicate::LikeRegex(left, regex));
        }
        if self.eat_name("starts") {
            if !self.eat_name("with") {
                return self.error("'with'");
            }
            let right = match self.peek().cloned() {
                Some(Token::Text(t)) => PathExpr::Literal(Value::String(t)),
                Some(Token::Variable(v)) => PathExpr::Variable(v),
                _ => return self.error("a string or a variable"),
            };
            self.pos += 1;
            return Ok(Predicate::StartsWith(left, right));
        }
        let op = match self.peek() {
            Some(Token::Symbol("==")) => Comparison::Equal,
            Some(Token::Symbol("!=" | "<>")) => Comparison::NotEqual,
            Some(Token::Symbol("<")) => Comparison::Less,
            Some(Token::Symbol("<=")) => Comparison::LessOrEqual,
            Some(Token::Symbol(">")) => Comparison::Greater,
            Some(Token::Symbol(">=")) => Comparison::GreaterOrEqual,
            _ => return self.error("a comparison operator"),
        };
        self.pos += 1;
        let right = self.expr()?;
        Ok(Predicate::Compare(left, op, right))
    }

    /// Whether the next token continues a path expression (so a parenthesised prefix was a
    /// path, not a predicate).
    fn continues_path(&self) -> bool {
        match self.peek() {
            Some(Token::Symbol(s)) => !matches!(*s, ")" | "&&" | "||"),
            Some(Token::Name(n)) => matches!(n.as_str(), "like_regex" | "starts"),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(text: &str) -> PathExpr {
        parse_path(text).unwrap_or_else(|e| panic!("{text}: {e}")).1
    }

    #[test]
    fn modes() {
        assert!(parse_path("lax $").expect("parses").0);
        assert!(!parse_path("strict $").expect("parses").0);
        assert!(parse_path("$.a").expect("parses").0);
    }

    #[test]
    fn accessors_and_methods() {
        assert!(matches!(parses("lax $.a"), PathExpr::Member(_, Some(k)) if k == "a"));
        assert!(matches!(parses("lax $.\"a b\""), PathExpr::Member(_, Some(k)) if k == "a b"));
        assert!(matches!(parses("lax $.*"), PathExpr::Member(_, None)));
        assert!(matches!(parses("lax $..c"), PathExpr::Descendant(_, k) if k == "c"));
        assert!(matches!(parses("lax $[*]"), PathExpr::Array(_, None)));
        assert!(
            matches!(parses("lax $[1 to last, 0]"), PathExpr::Array(_, Some(s)) if s.len() == 2)
        );
        assert!(matches!(
            parses("lax $.size()"),
            PathExpr::Method(_, Method::Size)
        ));
        assert!(matches!(parses("$.size"), PathExpr::Member(_, Some(k)) if k == "size"));
    }

    #[test]
    fn arithmetic_precedence() {
        let PathExpr::Arithmetic(_, ArithmeticOp::Add, right) = parses("$.a + $.b * 2") else {
            panic!("an addition")
        };
        assert!(matches!(
            *right,
            PathExpr::Arithmetic(_, ArithmeticOp::Multiply, _)
        ));
        assert!(matches!(parses("-$.a"), PathExpr::Sign(_, true)));
        assert!(
            matches!(parses("1.5e1"), PathExpr::Literal(Value::Number(n)) if n.as_f64() == Some(15.0))
        );
    }

    #[test]
    fn filters() {
        let PathExpr::Filter(_, predicate) =
            parses("strict ($.price + $.tax)?(@ > 99.9 && !exists(@.x) || (@ < 1) is unknown)")
        else {
            panic!("a filter")
        };
        assert!(matches!(*predicate, Predicate::Or(_, _)));
        assert!(matches!(
            *match parses("$?(($.a + 1) > 2)") {
                PathExpr::Filter(_, p) => p,
                other => panic!("{other:?}"),
            },
            Predicate::Compare(_, Comparison::Greater, _)
        ));
        assert!(matches!(
            parses(r#"$?(@ like_regex "^a.c$" flag "i")"#),
            PathExpr::Filter(_, p) if matches!(*p, Predicate::LikeRegex(..))
        ));
        assert!(matches!(
            parses(r#"$?(@.name starts with $prefix)"#),
            PathExpr::Filter(_, p) if matches!(*p, Predicate::StartsWith(..))
        ));
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "",
            "lax",
            "$.",
            "$[",
            "$[1",
            "$?(@)",
            "$.nosuch()",
            "$ $",
            "\"abc",
            "$#",
        ] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
