//! Calendar dates: no time zone, no time of day. Excel serials and the four text shapes.

use serde::{Deserialize, Serialize};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 (H. Hinnant's days_from_civil).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// Excel's day 0 is 1899-12-30 once the 1900 leap-year bug is accounted for.
const EXCEL_EPOCH_DAYS: i64 = -25_569;

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date { year, month, day }
    }

    /// An Excel serial (1900 system) as Excel shows it; the fraction (time of day) is
    /// dropped. Excel counts 1900 as a leap year (Lotus 1-2-3's bug): serial 1 is
    /// 1900-01-01, 59 is 1900-02-28, 60 is the fictitious 1900-02-29 and 61 is 1900-03-01,
    /// so serials below 60 are one day later than a plain count from 1899-12-30. Serial 60
    /// names no real day and is not a date; nor are serials outside 1900-01-01..=2228
    /// (120,000), far past any payroll date, which a warning then names.
    pub fn from_excel_serial(serial: i64) -> Option<Date> {
        match serial {
            1..=59 => Some(Date::from_days_since_epoch(serial + EXCEL_EPOCH_DAYS + 1)),
            61..=120_000 => Some(Date::from_days_since_epoch(serial + EXCEL_EPOCH_DAYS)),
            _ => None,
        }
    }

    /// The serial Excel shows for this date (1900 system, its leap-year bug included).
    pub fn to_excel_serial(self) -> i64 {
        let serial = self.days_since_epoch() - EXCEL_EPOCH_DAYS;
        if serial <= 60 {
            serial - 1
        } else {
            serial
        }
    }

    /// `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`; a trailing time of day
    /// (`2025-03-04 00:00:00`) is ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split([' ', 'T']).next()?;
        let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let (year, month, day) = if parts[0].len() == 4 && date_part.contains('-') {
            (parts[0], parts[1], parts[2])
        } else if parts[2].len() == 4 {
            (parts[2], parts[1], parts[0])
        } else {
            return None;
        };
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// Inclusive overlap in days between two periods (0 when they do not overlap).
    pub fn overlap_days(a: (Date, Date), b: (Date, Date)) -> i64 {
        let start = a.0.max(b.0).days_since_epoch();
        let end = a.1.min(b.1).days_since_epoch();
        (end - start + 1).max(0)
    }

    /// es-CL display: `04-03-2025`.
    pub fn es_cl(self) -> String {
        format!("{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

/// ISO form `2025-03-04`, as documents carry it.
impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn text_shapes() {
        let expected = Date::new(2025, 3, 4);
        for text in [
            "2025-03-04",
            "04/03/2025",
            "04-03-2025",
            "04.03.2025",
            "4/3/2025",
            "2025-03-04 00:00:00",
        ] {
            assert_eq!(Date::parse(text), expected, "{text}");
        }
        for text in [
            "2025/03/04x",
            "31/02/2025",
            "03/2025",
            "",
            "hoy",
            "25-03-04",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(45720), Date::new(2025, 3, 4));
        assert_eq!(Date::from_excel_serial(61), Date::new(1900, 3, 1));
        assert_eq!(
            Date::new(2025, 3, 4).map(Date::to_excel_serial),
            Some(45720)
        );
        assert_eq!(Date::from_excel_serial(0), None);
    }

    /// Excel's 1900 leap-year bug: what Excel shows for the first serials.
    #[test]
    fn excel_serials_1_to_60_follow_the_1900_leap_year_bug() {
        for (serial, expected) in [
            (1, Date::new(1900, 1, 1)),
            (2, Date::new(1900, 1, 2)),
            (31, Date::new(1900, 1, 31)),
            (32, Date::new(1900, 2, 1)),
            (59, Date::new(1900, 2, 28)),
            (60, None),
            (61, Date::new(1900, 3, 1)),
            (62, Date::new(1900, 3, 2)),
            (36_526, Date::new(2000, 1, 1)),
            (120_000, Date::new(2228, 7, 18)),
            (120_001, None),
            (2_958_465, None),
            (-1, None),
        ] {
            assert_eq!(Date::from_excel_serial(serial), expected, "{serial}");
            if let Some(date) = expected {
                assert_eq!(date.to_excel_serial(), serial, "{date}");
            }
        }
    }

    #[test]
    fn overlap() {
        let d = |day| Date::new(2025, 3, day).expect("valid");
        assert_eq!(Date::overlap_days((d(1), d(5)), (d(3), d(10))), 3);
        assert_eq!(Date::overlap_days((d(1), d(2)), (d(3), d(10))), 0);
    }
}
