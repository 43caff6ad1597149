//! Money and date formatting for documents. Integers only: amounts are fils
//! (1 JOD = 1000 fils); month names for documents (the invoice's dates come from the app's messages).

/// Fils as dinars with exactly three decimals and `,` thousands groups:
/// `5000` → `"5.000"`, `1234500` → `"1,234.500"`, `-250` → `"-0.250"`.
pub fn fils_to_dinars(fils: i64) -> String {
    let abs = fils.unsigned_abs();
    let (whole, frac) = (abs / 1000, abs % 1000);
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fils < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac:03}")
}

/// English: `"JOD 5.000"`.
pub fn jod_en(fils: i64) -> String {
    format!("JOD {}", fils_to_dinars(fils))
}

/// Arabic: `"5.000 د.أ"` (Western digits, as Jordanians write them). A negative
/// amount is wrapped in left-to-right isolates (U+2066 … U+2069) so the minus
/// sign stays on the left of the number inside right-to-left text.
pub fn jod_ar(fils: i64) -> String {
    if fils < 0 {
        format!("\u{2066}{}\u{2069} د.أ", fils_to_dinars(fils))
    } else {
        format!("{} د.أ", fils_to_dinars(fils))
    }
}

/// The Levantine (Syriac-derived) month names used in Jordan.
pub const MONTHS_AR: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dinars_have_three_decimals_and_groups() {
        assert_eq!(fils_to_dinars(0), "0.000");
        assert_eq!(fils_to_dinars(1), "0.001");
        assert_eq!(fils_to_dinars(250), "0.250");
        assert_eq!(fils_to_dinars(999), "0.999");
        assert_eq!(fils_to_dinars(1000), "1.000");
        assert_eq!(fils_to_dinars(5000), "5.000");
        assert_eq!(fils_to_dinars(12_345), "12.345");
        assert_eq!(fils_to_dinars(999_999), "999.999");
        assert_eq!(fils_to_dinars(1_000_000), "1,000.000");
        assert_eq!(fils_to_dinars(1_234_500), "1,234.500");
        assert_eq!(fils_to_dinars(123_456_789_012), "123,456,789.012");
        assert_eq!(fils_to_dinars(-250), "-0.250");
        assert_eq!(fils_to_dinars(-1_234_500), "-1,234.500");
        assert_eq!(fils_to_dinars(i64::MAX), "9,223,372,036,854,775.807");
        assert_eq!(fils_to_dinars(i64::MIN), "-9,223,372,036,854,775.808");
    }

    #[test]
    fn jod_in_both_languages() {
        assert_eq!(jod_en(5000), "JOD 5.000");
        assert_eq!(jod_ar(5000), "5.000 د.أ");
        assert_eq!(jod_en(1_500), "JOD 1.500");
        assert_eq!(jod_ar(12_000), "12.000 د.أ");
        assert_eq!(jod_en(-1000), "JOD -1.000");
        assert_eq!(jod_ar(-1000), "\u{2066}-1.000\u{2069} د.أ");
    }
}
