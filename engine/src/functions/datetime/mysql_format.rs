//! MySQL format strings (`date_format`, `date_parse`), compiled to a [`Pattern`] with the
//! meaning Trino gives each specifier. `%D %U %u %V %w %X` are rejected as in Trino.

use datafusion::error::Result;

use super::pattern::{Item, NumberField, Pattern, TextField};
use crate::functions::error::invalid_argument;

/// Two-digit years (`%y`) parse into 1970 .. 2069.
const PIVOT_YEAR: i32 = 2020;

fn number(field: NumberField, min: u8, max: u8) -> Item {
    Item::Number {
        field,
        min,
        max,
        signed: false,
    }
}

fn text(field: TextField, long: bool) -> Item {
    Item::Text { field, long }
}

/// Compiles a MySQL format string.
pub fn compile(format: &str) -> Result<Pattern> {
    let mut items: Vec<Item> = Vec::new();
    let mut literal = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        let Some(specifier) = chars.next() else {
            // A trailing `%` is dropped, as in Trino.
            break;
        };
        let compiled: Vec<Item> = match specifier {
            'a' => vec![text(TextField::DayOfWeek, false)],
            'b' => vec![text(TextField::Month, false)],
            'c' => vec![number(NumberField::Month, 1, 2)],
            'd' => vec![number(NumberField::DayOfMonth, 2, 2)],
            'e' => vec![number(NumberField::DayOfMonth, 1, 2)],
            'f' => vec![Item::Fraction { min: 6, max: 9 }],
            'H' => vec![number(NumberField::HourOfDay, 2, 2)],
            'h' | 'I' => vec![number(NumberField::ClockhourOfHalfday, 2, 2)],
            'i' => vec![number(NumberField::Minute, 2, 2)],
            'j' => vec![number(NumberField::DayOfYear, 3, 3)],
            'k' => vec![number(NumberField::HourOfDay, 1, 2)],
            'l' => vec![number(NumberField::ClockhourOfHalfday, 1, 2)],
            'M' => vec![text(TextField::Month, true)],
            'm' => vec![number(NumberField::Month, 2, 2)],
            'p' => vec![text(TextField::Halfday, false)],
            'r' => vec![
                number(NumberField::ClockhourOfHalfday, 2, 2),
                Item::Literal(":".into()),
                number(NumberField::Minute, 2, 2),
                Item::Literal(":".into()),
                number(NumberField::Second, 2, 2),
                Item::Literal(" ".into()),
                text(TextField::Halfday, false),
            ],
            'S' | 's' => vec![number(NumberField::Second, 2, 2)],
            'T' => vec![
                number(NumberField::HourOfDay, 2, 2),
                Item::Literal(":".into()),
                number(NumberField::Minute, 2, 2),
                Item::Literal(":".into()),
                number(NumberField::Second, 2, 2),
            ],
            'v' => vec![number(NumberField::WeekOfWeekyear, 2, 2)],
            'x' => vec![Item::Number {
                field: NumberField::Weekyear,
                min: 4,
                max: 4,
                signed: true,
            }],
            'W' => vec![text(TextField::DayOfWeek, true)],
            'Y' => vec![Item::Number {
                field: NumberField::Year,
                min: 4,
                max: 4,
                signed: true,
            }],
            'y' => vec![Item::TwoDigitYear {
                weekyear: false,
                pivot: PIVOT_YEAR,
                lenient: false,
            }],
            'w' | 'U' | 'u' | 'V' | 'X' | 'D' => {
                return Err(invalid_argument(format!(
                    "%{specifier} not supported in date format string"
                )));
            }
            other => {
                literal.push(other);
                continue;
            }
        };
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.extend(compiled);
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(Pattern { items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_specifiers_fail() {
        for specifier in ["%D", "%U", "%u", "%V", "%w", "%X"] {
            let error = compile(specifier).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("not supported in date format string"),
                "{specifier}"
            );
        }
    }

    #[test]
    fn literals_merge() {
        let pattern = compile("%Y-%m/%%x%q").unwrap();
        assert_eq!(pattern.items.len(), 4);
        assert_eq!(pattern.items[3], Item::Literal("/%xq".into()));
    }
}
