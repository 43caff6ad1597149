//! Exact conversions between integer fils and the decimal strings gateways speak, never
//! through floating point.
//!
//! Every amount in this crate is an integer count of thousandths of the currency's major
//! unit ("fils": 1 JOD = 1000 fils, and likewise 1 IQD = 1000 fils). A gateway that wants
//! fewer decimals (HyperPay: 2; ZainCash: whole IQD) gets the amount only when nothing is
//! lost: 5005 fils cannot be sent with 2 decimals and is refused, never rounded.

use std::fmt;

/// Fils in one major unit.
pub const FILS_PER_UNIT: i64 = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Negative amounts are never charged.
    Negative(i64),
    /// The amount has more precision than the format allows (e.g. 5005 fils with 2 decimals).
    Inexact { amount_fils: i64, decimals: u32 },
    /// More than 3 decimals supported by nobody (4+ decimals asked).
    Decimals(u32),
    /// A string that is not a plain non-negative decimal (`5`, `5.0`, `5.00`, `5.000`).
    Unreadable(String),
    /// Beyond what fits in i64 fils.
    TooLarge(String),
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Negative(a) => write!(f, "negative amount {a} fils"),
            AmountError::Inexact { amount_fils, decimals } => {
                write!(f, "{amount_fils} fils cannot be written with {decimals} decimals without rounding")
            }
            AmountError::Decimals(d) => write!(f, "{d} decimals are not supported (at most 3)"),
            AmountError::Unreadable(s) => write!(f, "not an amount: `{s}`"),
            AmountError::TooLarge(s) => write!(f, "amount too large: `{s}`"),
        }
    }
}

impl std::error::Error for AmountError {}

/// `amount_fils` written with exactly `decimals` decimals (0 to 3): `(5000, 2)` → `"5.00"`,
/// `(5000, 3)` → `"5.000"`, `(5000, 0)` → `"5"`, `(10500, 2)` → `"10.50"`. Refuses an
/// amount that would need rounding (`(5005, 2)`) or is negative.
pub fn format_fils(amount_fils: i64, decimals: u32) -> Result<String, AmountError> {
    if amount_fils < 0 {
        return Err(AmountError::Negative(amount_fils));
    }
    if decimals > 3 {
        return Err(AmountError::Decimals(decimals));
    }
    let dropped = 10_i64.pow(3 - decimals);
    if amount_fils % dropped != 0 {
        return Err(AmountError::Inexact { amount_fils, decimals });
    }
    let units = amount_fils / FILS_PER_UNIT;
    if decimals == 0 {
        return Ok(units.to_string());
    }
    let fraction = (amount_fils % FILS_PER_UNIT) / dropped;
    Ok(format!("{units}.{fraction:0width$}", width = decimals as usize))
}

/// `amount_fils` with as few decimals as it needs: 5000 → `"5"`, 10500 → `"10.5"`, 5125 →
/// `"5.125"` (for JSON numbers, where trailing zeros mean nothing).
pub fn format_fils_shortest(amount_fils: i64) -> Result<String, AmountError> {
    let full = format_fils(amount_fils, 3)?;
    Ok(full.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// A plain decimal amount in major units → fils, exactly: `"5"`, `"5.0"`, `"5.00"`,
/// `"5.000"` → 5000; `"10.5"` → 10500; `"0.125"` → 125. Extra decimals are accepted only
/// when they are zeros (`"5.0000"`); anything finer than a fils, signs, exponents,
/// separators or spaces inside are refused. Surrounding whitespace is ignored.
pub fn parse_fils(text: &str) -> Result<i64, AmountError> {
    let s = text.trim();
    let unreadable = || AmountError::Unreadable(text.to_string());
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unreadable());
    }
    let fraction = fraction.unwrap_or("");
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (s.ends_with('.')) {
        return Err(unreadable());
    }
    let (kept, rest) = fraction.split_at(fraction.len().min(3));
    if rest.bytes().any(|b| b != b'0') {
        return Err(AmountError::Unreadable(format!("{text} (finer than a fils)")));
    }
    let too_large = || AmountError::TooLarge(text.to_string());
    let units: i64 = whole.parse().map_err(|_| too_large())?;
    let mut fils: i64 = 0;
    for (i, b) in kept.bytes().enumerate() {
        fils += i64::from(b - b'0') * 10_i64.pow(2 - i as u32);
    }
    units.checked_mul(FILS_PER_UNIT).and_then(|u| u.checked_add(fils)).ok_or_else(too_large)
}

/// A JSON amount (a string `"10.50"` or a number `10.5`) → fils, exactly: a number is read
/// from its decimal text, never through arithmetic.
pub fn parse_json_fils(value: &serde_json::Value) -> Result<i64, AmountError> {
    match value {
        serde_json::Value::String(s) => parse_fils(s),
        serde_json::Value::Number(n) => parse_fils(&n.to_string()),
        other => Err(AmountError::Unreadable(other.to_string())),
    }
}

/// Whole IQD (ZainCash's unit) for an amount in fils: refuses fractions of a dinar.
pub fn fils_to_whole_units(amount_fils: i64) -> Result<i64, AmountError> {
    format_fils(amount_fils, 0)?;
    Ok(amount_fils / FILS_PER_UNIT)
}

/// Fils for whole units (IQD from ZainCash).
pub fn whole_units_to_fils(units: i64) -> Result<i64, AmountError> {
    if units < 0 {
        return Err(AmountError::Negative(units));
    }
    units.checked_mul(FILS_PER_UNIT).ok_or_else(|| AmountError::TooLarge(units.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_the_decimals_each_gateway_wants() {
        assert_eq!(format_fils(5000, 2).unwrap(), "5.00");
        assert_eq!(format_fils(5000, 3).unwrap(), "5.000");
        assert_eq!(format_fils(5000, 0).unwrap(), "5");
        assert_eq!(format_fils(10500, 2).unwrap(), "10.50");
        assert_eq!(format_fils(10500, 1).unwrap(), "10.5");
        assert_eq!(format_fils(7, 3).unwrap(), "0.007");
        assert_eq!(format_fils(70, 2).unwrap(), "0.07");
        assert_eq!(format_fils(0, 2).unwrap(), "0.00");
        assert_eq!(format_fils(1_000_000_000, 0).unwrap(), "1000000");
        assert_eq!(format_fils(i64::MAX - 807, 3).unwrap(), "9223372036854775.000");
    }

    #[test]
    fn never_rounds() {
        assert_eq!(format_fils(5005, 2), Err(AmountError::Inexact { amount_fils: 5005, decimals: 2 }));
        assert_eq!(format_fils(5500, 0), Err(AmountError::Inexact { amount_fils: 5500, decimals: 0 }));
        assert_eq!(format_fils(-1, 2), Err(AmountError::Negative(-1)));
        assert_eq!(format_fils(1, 4), Err(AmountError::Decimals(4)));
        assert_eq!(fils_to_whole_units(250_500), Err(AmountError::Inexact { amount_fils: 250_500, decimals: 0 }));
        assert_eq!(fils_to_whole_units(250_000), Ok(250));
        assert_eq!(whole_units_to_fils(1000), Ok(1_000_000));
        assert!(whole_units_to_fils(i64::MAX).is_err());
        assert!(whole_units_to_fils(-1).is_err());
    }

    #[test]
    fn shortest_form_for_json_numbers() {
        assert_eq!(format_fils_shortest(5000).unwrap(), "5");
        assert_eq!(format_fils_shortest(10500).unwrap(), "10.5");
        assert_eq!(format_fils_shortest(5125).unwrap(), "5.125");
        assert_eq!(format_fils_shortest(0).unwrap(), "0");
        assert_eq!(format_fils_shortest(7).unwrap(), "0.007");
    }

    #[test]
    fn parses_exactly() {
        for s in ["5", "5.0", "5.00", "5.000", "5.0000", " 5.00 ", "05.00"] {
            assert_eq!(parse_fils(s), Ok(5000), "{s}");
        }
        assert_eq!(parse_fils("10.50"), Ok(10500));
        assert_eq!(parse_fils("10.5"), Ok(10500));
        assert_eq!(parse_fils("0.125"), Ok(125));
        assert_eq!(parse_fils("0.07"), Ok(70));
        assert_eq!(parse_fils("1000"), Ok(1_000_000));
        // 0.1 + 0.2 style traps do not exist here.
        assert_eq!(parse_fils("0.3"), Ok(300));
        assert_eq!(parse_fils("9223372036854775.807"), Ok(i64::MAX));
    }

    #[test]
    fn refuses_what_is_not_a_plain_amount() {
        for s in ["", ".5", "5.", "-5.00", "+5", "5e3", "5,00", "5.00.0", "1 000", "abc", "٥.٠٠", "NaN"] {
            assert!(parse_fils(s).is_err(), "{s:?}");
        }
        assert!(matches!(parse_fils("5.0001"), Err(AmountError::Unreadable(_))));
        assert!(matches!(parse_fils("9223372036854775.808"), Err(AmountError::TooLarge(_))));
        assert!(matches!(parse_fils("99999999999999999999"), Err(AmountError::TooLarge(_))));
    }

    #[test]
    fn json_amounts_as_strings_or_numbers() {
        assert_eq!(parse_json_fils(&serde_json::json!("10.50")), Ok(10500));
        assert_eq!(parse_json_fils(&serde_json::json!(10.5)), Ok(10500));
        assert_eq!(parse_json_fils(&serde_json::json!(5)), Ok(5000));
        assert_eq!(parse_json_fils(&serde_json::json!(1000)), Ok(1_000_000));
        assert!(parse_json_fils(&serde_json::json!(null)).is_err());
        assert!(parse_json_fils(&serde_json::json!(-1)).is_err());
    }

    #[test]
    fn round_trips() {
        for fils in [0, 10, 990, 1000, 3000, 5000, 7000, 10_500, 123_450] {
            assert_eq!(parse_fils(&format_fils(fils, 2).unwrap()), Ok(fils));
            assert_eq!(parse_fils(&format_fils(fils, 3).unwrap()), Ok(fils));
            assert_eq!(parse_fils(&format_fils_shortest(fils).unwrap()), Ok(fils));
        }
    }
}
