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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + 3_600_000
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
