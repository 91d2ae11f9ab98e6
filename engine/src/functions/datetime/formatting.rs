//! `date_format`, `date_parse` (MySQL specifiers) and `format_datetime`, `parse_datetime`
//! (Joda-Time patterns). A constant pattern is compiled once per batch; a pattern column is
//! recompiled only when it changes from one row to the next.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Builder, StringArray, StringBuilder};
use arrow::datatypes::{DataType, TimeUnit};
use datafusion::error::Result;

use super::pattern::{Pattern, Printable};
use super::temporal::{Temporal, as_i64, from_i64, join, split, strings};
use super::zone::Zone;
use crate::functions::error::invalid_argument;

/// Which pattern syntax a function uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// MySQL `%Y-%m-%d`.
    MySql,
    /// Joda-Time `yyyy-MM-dd`.
    Joda,
}

impl Syntax {
    /// Compiles `pattern` in this syntax.
    pub fn compile(self, pattern: &str) -> Result<Pattern> {
        match self {
            Syntax::MySql => super::mysql_format::compile(pattern),
            Syntax::Joda => super::joda_format::compile(pattern),
        }
    }
}

/// The compiled pattern of each row.
struct Patterns {
    syntax: Syntax,
    formats: StringArray,
    current: Option<(usize, Pattern)>,
}

impl Patterns {
    fn new(syntax: Syntax, formats: &ArrayRef) -> Result<Patterns> {
        let formats = strings(formats)?;
        let mut patterns = Patterns {
            syntax,
            formats,
            current: None,
        };
        if patterns.formats.len() == 1 && patterns.formats.is_valid(0) {
            let pattern = syntax.compile(patterns.formats.value(0))?;
            patterns.current = Some((0, pattern));
        }
        Ok(patterns)
    }

    /// The pattern of `row`; `None` when the pattern is NULL.
    fn get(&mut self, row: usize) -> Result<Option<&Pattern>> {
        let row = if self.formats.len() == 1 { 0 } else { row };
        if self.formats.is_null(row) {
            return Ok(None);
        }
        let reuse = match &self.current {
            Some((at, _)) => *at == row || self.formats.value(*at) == self.formats.value(row),
            None => false,
        };
        if !reuse {
            let pattern = self.syntax.compile(self.formats.value(row))?;
            self.current = Some((row, pattern));
        }
        Ok(self.current.as_ref().map(|(_, p)| p))
    }
}

/// Formats each value of `values` with the pattern of its row.
pub fn format(
    values: &ArrayRef,
    formats: &ArrayRef,
    syntax: Syntax,
    function: &str,
) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), function)?;
    let input = as_i64(values)?;
    let mut patterns = Patterns::new(syntax, formats)?;
    let rows = input.len().max(patterns.formats.len());
    let mut builder = StringBuilder::with_capacity(rows, rows * 20);
    let mut text = String::with_capacity(64);
    for row in 0..rows {
        let value_row = if input.len() == 1 { 0 } else { row };
        if input.is_null(value_row) {
            builder.append_null();
            continue;
        }
        let Some(pattern) = patterns.get(row)? else {
            builder.append_null();
            continue;
        };
        let value = input.value(value_row);
        let printable = printable(temporal, value)
            .ok_or_else(|| invalid_argument(format!("Value out of range for {function}")))?;
        text.clear();
        pattern.format(&printable, &mut text);
        builder.append_value(&text);
    }
    Ok(Arc::new(builder.finish()))
}

#[inline]
fn printable(temporal: Temporal, value: i64) -> Option<Printable> {
    match temporal {
        Temporal::Zoned(unit, zone) => {
            let (seconds, nanos) = split(value, unit);
            let offset = zone.offset_at(seconds);
            let local =
                chrono::DateTime::from_timestamp(seconds + i64::from(offset), nanos)?.naive_utc();
            Some(Printable {
                local,
                zone,
                offset,
                utc_seconds: seconds,
            })
        }
        _ => {
            let local = temporal.local(value)?;
            Some(Printable {
                local,
                zone: Zone::Utc,
                offset: 0,
                utc_seconds: local.and_utc().timestamp(),
            })
        }
    }
}

/// Parses each string of `texts` with the pattern of its row into epoch milliseconds of
/// `target`. Values without a parsed zone are read in `default_zone` (UTC for `date_parse`).
pub fn parse(
    texts: &ArrayRef,
    formats: &ArrayRef,
    syntax: Syntax,
    default_zone: Zone,
    target: &DataType,
) -> Result<ArrayRef> {
    let texts = strings(texts)?;
    let mut patterns = Patterns::new(syntax, formats)?;
    let rows = texts.len().max(patterns.formats.len());
    let mut builder = Int64Builder::with_capacity(rows);
    for row in 0..rows {
        let text_row = if texts.len() == 1 { 0 } else { row };
        if texts.is_null(text_row) {
            builder.append_null();
            continue;
        }
        let Some(pattern) = patterns.get(row)? else {
            builder.append_null();
            continue;
        };
        let text = texts.value(text_row);
        let parsed = pattern.parse(text).map_err(invalid_argument)?;
        let local = parsed.resolve(text).map_err(invalid_argument)?;
        let zone = parsed.zone.unwrap_or(default_zone);
        let seconds = zone.to_utc(local.and_utc().timestamp());
        // Joda keeps milliseconds.
        let nanos = local.and_utc().timestamp_subsec_millis() * 1_000_000;
        let millis = join(seconds, nanos, TimeUnit::Millisecond)
            .ok_or_else(|| invalid_argument(format!("Cannot parse \"{text}\": out of range")))?;
        builder.append_value(millis);
    }
    from_i64(builder.finish(), target)
}

/// The zone `parse_datetime` gives a constant text with a constant pattern.
pub fn literal_zone(text: &str, pattern: &str) -> Option<Zone> {
    let pattern = Syntax::Joda.compile(pattern).ok()?;
    if !pattern.has_zone() {
        return None;
    }
    pattern.parse(text).ok()?.zone
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{AsArray, TimestampMillisecondArray};
    use arrow::datatypes::TimestampMillisecondType;
    use chrono::NaiveDateTime;

    fn ts(text: &str) -> ArrayRef {
        let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        Arc::new(TimestampMillisecondArray::from(vec![
            t.and_utc().timestamp_millis(),
        ]))
    }

    fn text(s: &str) -> ArrayRef {
        Arc::new(StringArray::from(vec![s]))
    }

    fn formatted(value: &ArrayRef, pattern: &str, syntax: Syntax) -> String {
        let out = format(value, &text(pattern), syntax, "test").unwrap();
        out.as_string::<i32>().value(0).to_string()
    }

    fn parsed(value: &str, pattern: &str, syntax: Syntax) -> Result<String> {
        let target = DataType::Timestamp(TimeUnit::Millisecond, None);
        let out = parse(&text(value), &text(pattern), syntax, Zone::Utc, &target)?;
        let millis = out.as_primitive::<TimestampMillisecondType>().value(0);
        Ok(chrono::DateTime::from_timestamp_millis(millis)
            .unwrap()
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S%.3f")
            .to_string())
    }

    #[test]
    fn mysql_examples_of_the_docs() {
        assert_eq!(
            formatted(&ts("2022-10-20 05:10:00"), "%m-%d-%Y %H", Syntax::MySql),
            "10-20-2022 05"
        );
        assert_eq!(
            parsed("2022/10/20/05", "%Y/%m/%d/%H", Syntax::MySql).unwrap(),
            "2022-10-20 05:00:00.000"
        );
    }

    #[test]
    fn mysql_specifiers() {
        let value = ts("2001-01-09 13:04:05.321");
        for (pattern, expected) in [
            ("%Y-%m-%d %H:%i:%s.%f", "2001-01-09 13:04:05.321000"),
            ("%a %W %b %M %c %e %j", "Tue Tuesday Jan January 1 9 009"),
            ("%h %I %k %l %p %r %T", "01 01 13 1 PM 01:04:05 PM 13:04:05"),
            ("%y %x-%v %% %q", "01 2001-02 % q"),
        ] {
            assert_eq!(
                formatted(&value, pattern, Syntax::MySql),
                expected,
                "{pattern}"
            );
        }
        assert_eq!(
            parsed(
                "2013-05-17 12:35:10 PM",
                "%Y-%m-%d %h:%i:%s %p",
                Syntax::MySql
            )
            .unwrap(),
            "2013-05-17 12:35:10.000"
        );
        assert_eq!(
            parsed("69-1-2 9.123456", "%y-%c-%e %k.%f", Syntax::MySql).unwrap(),
            "2069-01-02 09:00:00.123"
        );
        let error = parsed("2022/10", "%Y/%m/%d", Syntax::MySql)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("Invalid format: \"2022/10\" is too short"),
            "{error}"
        );
        let error = parsed("2022-02-30", "%Y-%m-%d", Syntax::MySql)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("Value 30 for dayOfMonth must be in the range [1,28]"),
            "{error}"
        );
    }

    #[test]
    fn joda_patterns() {
        let value = ts("2001-01-09 13:04:05.321");
        for (pattern, expected) in [
            ("yyyy-MM-dd HH:mm:ss.SSS", "2001-01-09 13:04:05.321"),
            (
                "EEE, EEEE MMM MMMM d, yy h:mm a",
                "Tue, Tuesday Jan January 9, 01 1:04 PM",
            ),
            ("'Year' yyyy ''Z ZZ z", "Year 2001 '+0000 +00:00 UTC"),
        ] {
            assert_eq!(
                formatted(&value, pattern, Syntax::Joda),
                expected,
                "{pattern}"
            );
        }
        let zoned: ArrayRef = Arc::new(
            TimestampMillisecondArray::from(vec![979_045_445_321])
                .with_timezone("America/Los_Angeles"),
        );
        assert_eq!(
            formatted(&zoned, "HH:mm Z ZZ ZZZ z", Syntax::Joda),
            "05:04 -0800 -08:00 America/Los_Angeles PST"
        );
        assert_eq!(
            parsed(
                "2001-01-09 13:04:05.321",
                "yyyy-MM-dd HH:mm:ss.SSS",
                Syntax::Joda
            )
            .unwrap(),
            "2001-01-09 13:04:05.321"
        );
        assert_eq!(
            parsed(
                "2001-01-09 05:04 -08:00",
                "yyyy-MM-dd HH:mm ZZ",
                Syntax::Joda
            )
            .unwrap(),
            "2001-01-09 13:04:00.000"
        );
        assert_eq!(
            literal_zone("2001-01-09 05:04 -08:00", "yyyy-MM-dd HH:mm ZZ")
                .map(|z| z.id())
                .as_deref(),
            Some("-08:00")
        );
    }
}
