//! Money as people read it: thousands separators, two decimals, the currency code.

/// `1234567.891, Some("USD")` -> `1,234,567.89 USD`; tiny amounts keep significant digits (`0.0042 USD`).
pub fn format_money(amount: f64, currency: Option<&str>) -> String {
    let digits = if amount != 0.0 && amount.abs() < 0.01 { 4 } else { 2 };
    let text = format!("{:.*}", digits, amount.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 && text.trim_start_matches(['0', '.']).chars().any(|c| c != '0') { "-" } else { "" };
    match currency {
        Some(c) => format!("{sign}{grouped}.{frac} {c}"),
        None => format!("{sign}{grouped}.{frac}"),
    }
}

#[cfg(test)]
mod tests {
    use super::format_money;

    #[test]
    fn groups_thousands_and_keeps_small_amounts_readable() {
        assert_eq!(format_money(1_234_567.891, Some("USD")), "1,234,567.89 USD");
        assert_eq!(format_money(-950.0, Some("EUR")), "-950.00 EUR");
        assert_eq!(format_money(0.0042, None), "0.0042");
        assert_eq!(format_money(0.0, Some("USD")), "0.00 USD");
        assert_eq!(format_money(999.999, None), "1,000.00");
    }
}
