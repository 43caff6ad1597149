//! One clock for everything a user sees: dates are Amman's.
//!
//! Jordan has kept UTC+3 all year since October 2022, so Amman time is a fixed
//! offset and needs no time-zone database. Every date shown in the app (meters, billing
//! periods, invoices, the console, the audit export's name, the © year) and every billing period is
//! computed here, on the `time` crate, on the server and in the browser's WASM alike.
//! (The image editor names a downloaded file by the device's own clock: that is the
//! user's time where they are, which is what a file name on their device should say.)
//! Instants stay Unix milliseconds everywhere else (`UnixMillis` in the app).

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Amman's offset from UTC, in hours.
pub const AMMAN_OFFSET_HOURS: i8 = 3;

/// Amman's offset from UTC, in milliseconds.
pub const AMMAN_OFFSET_MS: i64 = AMMAN_OFFSET_HOURS as i64 * 3_600_000;

const AMMAN: UtcOffset = match UtcOffset::from_hms(AMMAN_OFFSET_HOURS, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("a valid offset"),
};

/// One day, in milliseconds (Amman has no daylight saving, so every day is this long).
pub const DAY_MS: i64 = 86_400_000;

/// The Julian day of 1970-01-01: day numbers here count from the Unix epoch.
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i32,
    /// 1–12
    pub month: u8,
    /// 1–31
    pub day: u8,
}

impl Civil {
    fn of(date: Date) -> Self {
        Self { year: date.year(), month: u8::from(date.month()), day: date.day() }
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The instant of a Unix ms time (clamped to the years `time` can hold).
fn instant(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn amman(ms: i64) -> OffsetDateTime {
    instant(ms).to_offset(AMMAN)
}

/// The Amman date of a Unix ms time.
pub fn amman_date(ms: i64) -> Civil {
    Civil::of(amman(ms).date())
}

/// The date at another fixed offset from UTC (Typst's `datetime.today(offset: …)`);
/// `None` for an offset no place has.
pub fn date_at_offset(ms: i64, hours: i8) -> Option<Civil> {
    let offset = UtcOffset::from_hms(hours, 0, 0).ok()?;
    Some(Civil::of(instant(ms).to_offset(offset).date()))
}

/// `YYYY-MM-DD`, the Amman date of a Unix ms time.
pub fn ymd(ms: i64) -> String {
    amman_date(ms).ymd()
}

/// `HH:MM` in Amman.
pub fn hh_mm(ms: i64) -> String {
    let t = amman(ms);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `YYYY-MM-DDTHH:MM:SS+03:00` (RFC 3339, Amman time): for files people read.
pub fn rfc3339(ms: i64) -> String {
    let t = amman(ms);
    format!(
        "{}T{:02}:{:02}:{:02}+{:02}:00",
        Civil::of(t.date()).ymd(),
        t.hour(),
        t.minute(),
        t.second(),
        AMMAN_OFFSET_HOURS
    )
}

/// The same moment one calendar month later in Amman, the day clamped to the month's
/// length (31 Jan → 28/29 Feb): a billing period.
pub fn add_one_month(ms: i64) -> i64 {
    let t = amman(ms);
    let (year, month) = match t.month() {
        Month::December => (t.year() + 1, Month::January),
        m => (t.year(), m.next()),
    };
    let day = t.day().min(month.length(year));
    match Date::from_calendar_date(year, month, day) {
        Ok(date) => millis(t.replace_date(date)),
        Err(_) => ms,
    }
}

/// The Amman day of a Unix ms time, as days since 1970-01-01.
pub fn amman_day(ms: i64) -> i64 {
    i64::from(amman(ms).to_julian_day() - EPOCH_JULIAN_DAY)
}

/// When an Amman day starts, in Unix ms.
pub fn amman_day_start(day: i64) -> i64 {
    day * DAY_MS - AMMAN_OFFSET_MS
}

/// `YYYY-MM-DD` of an Amman day number.
pub fn day_label(day: i64) -> String {
    amman_date(amman_day_start(day)).ymd()
}

/// The Amman day of `YYYY-MM-DD`, if it is a real date between 1970 and 9999.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&year) {
        return None;
    }
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    Some(i64::from(date.to_julian_day() - EPOCH_JULIAN_DAY))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    /// Unix ms of a UTC date and hour.
    fn utc(y: i32, m: u8, d: u8, h: i64) -> i64 {
        let date = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        i64::from(date.to_julian_day() - EPOCH_JULIAN_DAY) * DAY_MS + h * HOUR
    }

    #[test]
    fn dates_are_amman_dates() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(ymd(utc(2026, 11, 29, 20)), "2026-11-29");
        // 21:00 UTC on the 29th is already the 30th in Amman.
        assert_eq!(ymd(utc(2026, 11, 29, 21)), "2026-11-30");
        assert_eq!(amman_date(utc(2026, 12, 31, 21)), Civil { year: 2027, month: 1, day: 1 });
        assert_eq!(hh_mm(utc(2026, 11, 29, 21) + 5 * 60_000), "00:05");
        assert_eq!(rfc3339(utc(2026, 11, 29, 21) + 7_000), "2026-11-30T00:00:07+03:00");
        assert_eq!(date_at_offset(utc(2026, 11, 29, 21), 0), Some(Civil { year: 2026, month: 11, day: 29 }));
        assert_eq!(date_at_offset(0, 30), None);
        assert_eq!(ymd(-1), "1970-01-01", "before the epoch in UTC is still the 1st in Amman");
    }

    #[test]
    fn amman_days() {
        let day = parse_day("2026-11-30").unwrap();
        assert_eq!(day_label(day), "2026-11-30");
        assert_eq!(amman_day(utc(2026, 11, 29, 21)), day);
        assert_eq!(amman_day(utc(2026, 11, 29, 20)), day - 1);
        assert_eq!(amman_day(amman_day_start(day)), day);
        assert_eq!(amman_day(amman_day_start(day) - 1), day - 1);
        assert_eq!(parse_day("2028-02-29").map(day_label).as_deref(), Some("2028-02-29"));
        assert_eq!(parse_day("2026-02-29"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("1969-12-31"), None);
        assert_eq!(parse_day("soon"), None);
    }

    #[test]
    fn a_month_later_in_amman() {
        assert_eq!(ymd(add_one_month(utc(2026, 11, 22, 1))), "2026-12-22");
        assert_eq!(ymd(add_one_month(utc(2026, 12, 15, 1))), "2027-01-15");
        assert_eq!(ymd(add_one_month(utc(2027, 1, 31, 1))), "2027-02-28");
        assert_eq!(ymd(add_one_month(utc(2028, 1, 31, 1))), "2028-02-29");
        assert_eq!(
            add_one_month(utc(2026, 3, 1, 1) + 123) - utc(2026, 4, 1, 1),
            123,
            "the time of day is kept to the ms"
        );
        // Paid at 01:00 on 1 December in Amman (22:00 UTC on 30 November): the period ends
        // on 1 January in Amman, not on 30/31 December as a UTC calendar would have it.
        let paid = utc(2026, 11, 30, 22);
        assert_eq!(ymd(paid), "2026-12-01");
        assert_eq!(ymd(add_one_month(paid)), "2027-01-01");
        assert_eq!(add_one_month(paid), utc(2026, 12, 31, 22));
    }
}
