//! Billing periods are one calendar month from the payment (31 Jan → 28/29 Feb).

const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 → (year, month 1-12, day 1-31). (Howard Hinnant's algorithm.)
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)
}

/// The same moment one month later, the day clamped to the month's length.
pub fn add_one_month(ms: i64) -> i64 {
    let days = ms.div_euclid(DAY_MS);
    let rest = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let nd = d.min(days_in_month(ny, nm));
    days_from_civil(ny, nm, nd) * DAY_MS + rest
}

/// `YYYY-MM-DD` (UTC) for a Unix ms time.
pub fn ymd(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC) for a Unix ms time.
pub fn iso_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", ymd(ms), secs / 3600, secs / 60 % 60, secs % 60)
}

/// Amman's offset from UTC (UTC+3 all year since 2022).
pub const AMMAN_OFFSET_MS: i64 = 3 * 3_600_000;

/// The Amman day of a Unix ms time, as days since 1970-01-01.
pub fn amman_day(ms: i64) -> i64 {
    (ms + AMMAN_OFFSET_MS).div_euclid(DAY_MS)
}

/// `YYYY-MM-DD` of an Amman day number.
pub fn day_label(day: i64) -> String {
    ymd(day * DAY_MS)
}

/// The Amman day of `YYYY-MM-DD`, if it is a real date.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || !(1970..=9999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// When an Amman day starts, in Unix ms.
pub fn amman_day_start(day: i64) -> i64 {
    day * DAY_MS - AMMAN_OFFSET_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + 3_600_000
    }

    #[test]
    fn amman_days() {
        let day = parse_day("2026-11-30").unwrap();
        assert_eq!(day_label(day), "2026-11-30");
        // 22:00 UTC on the 29th is already the 30th in Amman.
        assert_eq!(amman_day(at(2026, 11, 29) + 21 * 3_600_000), day);
        assert_eq!(amman_day(amman_day_start(day)), day);
        assert_eq!(amman_day(amman_day_start(day) - 1), day - 1);
        assert_eq!(parse_day("2026-02-29"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("soon"), None);
    }

    #[test]
    fn one_month_later() {
        assert_eq!(ymd(add_one_month(at(2026, 11, 22))), "2026-12-22");
        assert_eq!(ymd(add_one_month(at(2026, 12, 15))), "2027-01-15");
        assert_eq!(ymd(add_one_month(at(2027, 1, 31))), "2027-02-28");
        assert_eq!(ymd(add_one_month(at(2028, 1, 31))), "2028-02-29");
        assert_eq!(add_one_month(at(2026, 3, 1)) % DAY_MS, 3_600_000, "the time of day is kept");
        assert_eq!(ymd(0), "1970-01-01");
    }
}
