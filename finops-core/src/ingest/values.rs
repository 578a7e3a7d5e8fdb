//! Parsing of the values exports write: decimals in plain or scientific notation, and the many
//! timestamp spellings (RFC 3339, `YYYY-MM-DD hh:mm:ss`, US `MM/DD/YYYY`, OCI's `...T10:00Z`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a decimal as exports write it: `1.5`, `-0.25`, `2.3E-9`, `4.7e-05`, ` 3 `.
/// Values with more than 28 decimal places are rounded to 28 (rust_decimal's limit); a rounding
/// of at most 1e-28 is far below any currency's smallest unit.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).ok().or_else(|| f64_fallback(t));
    }
    Decimal::from_str(t).ok().or_else(|| round_long_fraction(t))
}

fn round_long_fraction(t: &str) -> Option<Decimal> {
    // from_str rejects more than 28 fractional digits; cut them, rounding half away from zero.
    let (int, frac) = t.split_once('.')?;
    if frac.len() <= 28 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kept = Decimal::from_str(&format!("{int}.{}", &frac[..27])).ok()?;
    let next = frac.as_bytes()[27] - b'0';
    let ulp = Decimal::new(1, 27);
    let negative = int.starts_with('-');
    Some(match (next >= 5, negative) {
        (true, false) => kept + ulp,
        (true, true) => kept - ulp,
        _ => kept,
    })
}

fn f64_fallback(t: &str) -> Option<Decimal> {
    // Scientific values beyond Decimal's exponent range are either tiny (round to 0) or absurd (reject).
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Decimal::from_f64_retain(v).map(|d| d.round_dp(28))
}

/// Parses a timestamp or date in any spelling the supported exports use; naive values are UTC.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    // An export repeats a few timestamps over many rows (its billing period; each day or hour of usage), and
    // some spellings are found only after several formats failed: the last few texts read are remembered.
    thread_local! {
        static RECENT: std::cell::RefCell<Recent> = std::cell::RefCell::new(Recent::default());
    }
    RECENT.with(|recent| recent.borrow_mut().parse(text))
}

/// The last texts [`parse_timestamp`] read on this thread, the most recently used first.
#[derive(Default)]
struct Recent([(String, Option<DateTime<Utc>>); 6]);

impl Recent {
    fn parse(&mut self, text: &str) -> Option<DateTime<Utc>> {
        let i = match self.0.iter().position(|(t, _)| t == text) {
            Some(i) => i,
            None => {
                // The least recently used slot takes it (its buffer is reused).
                let last = self.0.len() - 1;
                self.0[last].0.clear();
                self.0[last].0.push_str(text);
                self.0[last].1 = parse_timestamp_text(text);
                last
            }
        };
        self.0[..=i].rotate_right(1);
        self.0[0].1
    }
}

fn parse_timestamp_text(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&Utc));
    }
    // `2020-10-01 20:00:00+00:00`, `2020-10-31 08:14:40.904000+00:00`, `2023-11-13T10:00Z`, `...+0000`
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    let naive = t.strip_suffix('Z').or_else(|| t.strip_suffix(" UTC")).unwrap_or(t);
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, fmt) {
            return Some(Utc.from_utc_datetime(&dt));
        }
    }
    parse_date(naive).map(|d| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))).or_else(|| hour_overflow(naive))
}

/// `2023-02-01T30:00:00`: an hour past 23, as the FOCUS spec's own purchase scenario 3 writes it for
/// "06:00 the next day". Read as that; minutes and seconds must still be valid.
fn hour_overflow(t: &str) -> Option<DateTime<Utc>> {
    let (date, time) = t.split_once(['T', ' '])?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let mut parts = time.split(':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let rest = NaiveTime::parse_from_str(&format!("00:{}", parts.collect::<Vec<_>>().join(":")), "%H:%M:%S").ok()?;
    if !(24..48).contains(&hours) {
        return None;
    }
    Some(Utc.from_utc_datetime(&date.and_time(rest)) + chrono::Duration::hours(hours))
}

/// Parses a date: ISO `YYYY-MM-DD`, US `MM/DD/YYYY` (Azure EA) or `M/D/YY`, compact `YYYYMMDD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // chrono's %Y accepts `21` as year 21: pick the US format by the year's digit count instead.
    let us = match t.rsplit('/').next().map(str::len) {
        Some(2) => "%m/%d/%y",
        _ => "%m/%d/%Y",
    };
    ["%Y-%m-%d", us, "%Y%m%d", "%Y/%m/%d"].iter().find_map(|fmt| NaiveDate::parse_from_str(t, fmt).ok())
}

/// The first instant of the month containing `t`.
pub(crate) fn month_start(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Datelike;
    let d = NaiveDate::from_ymd_opt(t.year(), t.month(), 1).expect("day 1 exists");
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

/// The first instant of the month after the one containing `t`.
pub(crate) fn next_month_start(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Datelike;
    let (y, m) = if t.month() == 12 { (t.year() + 1, 1) } else { (t.year(), t.month() + 1) };
    let d = NaiveDate::from_ymd_opt(y, m, 1).expect("day 1 exists");
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_timestamps_parse_as_fresh_ones() {
        // Nine texts (more than the slots), in runs and cycles, with a failure among them.
        let texts: Vec<String> = (1..=8).map(|d| format!("2025-01-0{d}T00:00:00Z")).chain(["bad".into()]).collect();
        let order = [0, 0, 1, 0, 2, 3, 4, 5, 6, 7, 8, 0, 8, 1, 7, 7, 3, 0, 5, 2, 6, 4, 8, 1];
        let mut recent = Recent::default();
        for i in order.iter().chain(order.iter().rev()) {
            assert_eq!(recent.parse(&texts[*i]), parse_timestamp_text(&texts[*i]), "{}", texts[*i]);
        }
        assert_eq!(parse_timestamp("2025-01-03T00:00:00Z").unwrap().to_rfc3339(), "2025-01-03T00:00:00+00:00");
    }

    fn ts(s: &str) -> String {
        parse_timestamp(s).map(|t| t.to_rfc3339()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn decimals_in_every_notation() {
        assert_eq!(parse_decimal("2.323760000E-9"), Some(Decimal::from_str("0.00000000232376").unwrap()));
        assert_eq!(parse_decimal("4.716852138941638e-05").unwrap().to_string(), "0.00004716852138941638");
        assert_eq!(parse_decimal("-1.50"), Some(Decimal::new(-150, 2)));
        assert_eq!(
            parse_decimal("0.0000000072922557592391990000").unwrap(),
            Decimal::from_str("0.000000007292255759239199").unwrap()
        );
        assert_eq!(
            parse_decimal("0.12345678901234567890123456789").unwrap().to_string(),
            "0.1234567890123456789012345679"
        );
        assert_eq!(
            parse_decimal("-0.000000000000000000000000000051").unwrap().to_string(),
            "-0.0000000000000000000000000001"
        );
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn timestamps_in_every_spelling() {
        assert_eq!(ts("2023-11-01T00:00:00.000Z"), "2023-11-01T00:00:00+00:00");
        assert_eq!(ts("2023-11-13T10:00Z"), "2023-11-13T10:00:00+00:00");
        assert_eq!(ts("2024-10-01 00:00:00"), "2024-10-01T00:00:00+00:00");
        assert_eq!(ts("2020-10-01 20:00:00+00:00"), "2020-10-01T20:00:00+00:00");
        assert_eq!(ts("2020-10-31 08:14:40.904000+00:00"), "2020-10-31T08:14:40.904+00:00");
        assert_eq!(ts("2020-10-01 20:00:00-07:00"), "2020-10-02T03:00:00+00:00");
        assert_eq!(ts("09/21/2023"), "2023-09-21T00:00:00+00:00");
        assert_eq!(ts("3/1/21"), "2021-03-01T00:00:00+00:00");
        assert_eq!(ts("2024-01-01"), "2024-01-01T00:00:00+00:00");
        assert_eq!(ts("2023-02-01T30:00:00Z"), "2023-02-02T06:00:00+00:00");
        assert_eq!(ts("2023-02-01T23:61:00Z"), "none");
        assert_eq!(ts("31/12/2023"), "none");
        assert_eq!(ts("yesterday"), "none");
    }
}
