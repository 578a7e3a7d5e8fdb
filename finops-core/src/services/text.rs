//! Amounts as sentences write them: shared by the services that write text (insights, the offline
//! analyst).

/// `12,345.67` (two decimals, thousands separated, `-` for negatives).
pub(crate) fn money(x: f64) -> String {
    let cents = (x.abs() * 100.0).round() as u128;
    let (units, cents) = (cents / 100, cents % 100);
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && (units > 0 || cents > 0) { "-" } else { "" };
    format!("{sign}{grouped}.{cents:02}")
}

/// `+12.50` for a rise, `-3.00` for a fall.
pub(crate) fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", money(x))
    } else {
        money(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_format() {
        assert_eq!(money(1234567.891), "1,234,567.89");
        assert_eq!(money(-0.004), "0.00");
        assert_eq!(money(-1000.0), "-1,000.00");
        assert_eq!(money(999.999), "1,000.00");
        assert_eq!(signed(12.5), "+12.50");
    }
}
