//! Joda-Time `DateTimeFormat` patterns (`format_datetime`, `parse_datetime`), compiled to a
//! [`Pattern`]: letters repeat to choose width or text length, `'...'` quotes text and `''`
//! is a single quote.

use chrono::Datelike;
use datafusion::error::Result;

use super::pattern::{Item, NumberField, Pattern, TextField};
use crate::functions::error::invalid_argument;

fn is_numeric(letter: char, count: usize) -> bool {
    match letter {
        'M' => count <= 2,
        'c' | 'C' | 'x' | 'y' | 'Y' | 'd' | 'h' | 'H' | 'm' | 's' | 'S' | 'e' | 'D' | 'F' | 'w'
        | 'W' | 'k' | 'K' => true,
        _ => false,
    }
}

/// Splits a pattern into tokens: a run of one letter (letter, count) or literal text.
fn tokens(pattern: &str) -> Result<Vec<(Option<char>, usize, String)>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i] == c {
                i += 1;
            }
            out.push((Some(c), i - start, String::new()));
        } else if c == '\'' {
            i += 1;
            let mut text = String::new();
            if i < chars.len() && chars[i] == '\'' {
                // `''`: a single quote.
                text.push('\'');
                i += 1;
            } else {
                loop {
                    match chars.get(i) {
                        None => break,
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            text.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(other) => {
                            text.push(*other);
                            i += 1;
                        }
                    }
                }
            }
            out.push((None, 0, text));
        } else {
            let mut text = String::new();
            while i < chars.len() && !chars[i].is_ascii_alphabetic() && chars[i] != '\'' {
                text.push(chars[i]);
                i += 1;
            }
            out.push((None, 0, text));
        }
    }
    Ok(out)
}

/// Compiles a Joda-Time pattern.
pub fn compile(pattern: &str) -> Result<Pattern> {
    let tokens = tokens(pattern)?;
    let mut items = Vec::with_capacity(tokens.len());
    for (index, (letter, count, text)) in tokens.iter().enumerate() {
        let Some(letter) = *letter else {
            match items.last_mut() {
                Some(Item::Literal(previous)) => previous.push_str(text),
                _ => items.push(Item::Literal(text.clone())),
            }
            continue;
        };
        let count = *count;
        let width = u8::try_from(count).unwrap_or(u8::MAX);
        // A number directly followed by another number parses at most its own width.
        let next_numeric =
            matches!(tokens.get(index + 1), Some((Some(l), n, _)) if is_numeric(*l, *n));
        let number = |field, max: u8| Item::Number {
            field,
            min: width,
            max: if next_numeric { width } else { max.max(width) },
            signed: false,
        };
        let year = |field| Item::Number {
            field,
            min: width,
            max: if next_numeric { width } else { 9 },
            signed: true,
        };
        let item = match letter {
            'G' => Item::Text {
                field: TextField::Era,
                long: true,
            },
            'C' => number(NumberField::CenturyOfEra, width),
            'y' | 'x' if count == 2 => Item::TwoDigitYear {
                weekyear: letter == 'x',
                pivot: chrono::Utc::now().year() - 30,
                lenient: !next_numeric,
            },
            'y' => year(NumberField::Year),
            'x' => year(NumberField::Weekyear),
            'Y' => year(NumberField::YearOfEra),
            'w' => number(NumberField::WeekOfWeekyear, 2),
            'e' => number(NumberField::DayOfWeek, 1),
            'E' => Item::Text {
                field: TextField::DayOfWeek,
                long: count >= 4,
            },
            'D' => number(NumberField::DayOfYear, 3),
            'M' if count >= 3 => Item::Text {
                field: TextField::Month,
                long: count >= 4,
            },
            'M' => number(NumberField::Month, 2),
            'd' => number(NumberField::DayOfMonth, 2),
            'a' => Item::Text {
                field: TextField::Halfday,
                long: false,
            },
            'h' => number(NumberField::ClockhourOfHalfday, 2),
            'H' => number(NumberField::HourOfDay, 2),
            'k' => number(NumberField::ClockhourOfDay, 2),
            'K' => number(NumberField::HourOfHalfday, 2),
            'm' => number(NumberField::Minute, 2),
            's' => number(NumberField::Second, 2),
            'S' => Item::Fraction {
                min: width,
                max: width,
            },
            'z' => Item::ZoneName { long: count >= 4 },
            'Z' if count == 1 => Item::Offset { colon: false },
            'Z' if count == 2 => Item::Offset { colon: true },
            'Z' => Item::ZoneId,
            other => {
                return Err(invalid_argument(format!(
                    "Illegal pattern component: {}",
                    other.to_string().repeat(count)
                )));
            }
        };
        items.push(item);
    }
    Ok(Pattern { items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let pattern = compile("yyyy'T''s'''HH").unwrap();
        assert_eq!(pattern.items[1], Item::Literal("T's'".into()));
        assert!(compile("yyyy-MM-dd qq").is_err());
    }

    #[test]
    fn adjacent_numbers_parse_their_width() {
        let pattern = compile("yyyyMMdd").unwrap();
        let local = pattern
            .parse("20200511")
            .unwrap()
            .resolve("20200511")
            .unwrap();
        assert_eq!(local.to_string(), "2020-05-11 00:00:00");
    }
}
