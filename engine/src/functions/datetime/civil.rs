//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01) with
//! integers only, for per-row hot paths that would otherwise build `chrono` dates.
//!
//! The algorithms are the classic era-based ones (400-year eras of 146,097 days, years
//! counted from March so that the leap day ends the year). Within `chrono`'s date range
//! they agree with `chrono` exactly; [`chrono_days`] tells callers when they may use them
//! in place of `chrono`, which rejects dates outside that range.

use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::temporal::days_of;

/// Day 0 of the March-based calendar (0000-03-01) counted from 1970-01-01, negated.
const SHIFT: i64 = 719_468;
/// Days in a 400-year era.
const ERA: i64 = 146_097;

/// Day numbers `chrono` can represent as a `NaiveDate` (whole years, January 1 to
/// December 31).
pub fn chrono_days() -> RangeInclusive<i64> {
    days_of(NaiveDate::MIN)..=days_of(NaiveDate::MAX)
}

/// Year, month (1..=12) and day (1..=31) of day number `days`.
#[inline]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + SHIFT;
    let era = z.div_euclid(ERA);
    let day_of_era = z.rem_euclid(ERA);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / (ERA - 1)) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day number of `year`-`month`-`day` (`month` 1..=12, `day` 1..=31, not checked against
/// the month's length).
#[inline]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * ERA + day_of_era - SHIFT
}

/// The first day of the month containing `days`.
#[inline]
pub fn month_start(days: i64) -> i64 {
    let (_, _, day) = civil_from_days(days);
    days - i64::from(day) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::datetime::temporal::date_from_days;
    use chrono::Datelike;

    fn chrono_civil(days: i64) -> (i64, u32, u32) {
        let date = date_from_days(days).unwrap();
        (i64::from(date.year()), date.month(), date.day())
    }

    #[test]
    fn agrees_with_chrono() {
        let range = chrono_days();
        let samples = (-800_000..800_000)
            .step_by(7)
            .chain((-150_000_000..150_000_000).step_by(99_991))
            .chain([
                *range.start(),
                *range.start() + 1,
                *range.end() - 1,
                *range.end(),
            ])
            .chain([
                -719_468, -719_469, -719_163, -1, 0, 1, 11_016, 11_017, 10_956,
            ]);
        for days in samples.filter(|d| range.contains(d)) {
            let civil = civil_from_days(days);
            assert_eq!(civil, chrono_civil(days), "{days}");
            assert_eq!(days_from_civil(civil.0, civil.1, civil.2), days, "{days}");
            let first = date_from_days(days).unwrap().with_day(1).unwrap();
            assert_eq!(month_start(days), days_of(first), "{days}");
        }
    }

    #[test]
    fn range_is_chronos() {
        let range = chrono_days();
        assert_eq!(civil_from_days(*range.start()).1, 1);
        assert_eq!(civil_from_days(*range.end()).1, 12);
        assert!(date_from_days(*range.start()).is_some());
        assert!(date_from_days(*range.end()).is_some());
        assert!(date_from_days(*range.start() - 1).is_none());
        assert!(date_from_days(*range.end() + 1).is_none());
    }

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(days_from_civil(1900, 3, 1), -25_508);
        assert_eq!(month_start(-25_509), days_from_civil(1900, 2, 1));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(civil_from_days(-719_529), (-1, 12, 31));
    }
}
