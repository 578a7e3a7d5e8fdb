//! Rows that name no currency. Nothing is given a currency silently: such a row takes the `default_currency`
//! the caller set, else the one currency the rest of its file names, else it is rejected (with
//! `skip_bad_rows`, skipped and counted). Two currencies are never guessed between.

use std::path::Path;

use crate::error::Error;

/// What rows without a currency become, once the file's named currencies are known: the one currency, or
/// why there is none to take.
pub(crate) fn file_currency<'a>(mut named: impl Iterator<Item = &'a str>) -> Result<&'a str, &'static str> {
    match (named.next(), named.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err("no currency, and no other row of the file names one (pass default_currency)"),
        (Some(_), Some(_)) => {
            Err("no currency, and the file's other rows name several, so which one is unknown (pass default_currency)")
        }
    }
}

/// The error for the first row without a currency that could not be given one.
pub(crate) fn missing_currency(path: &Path, line: u64, column: Option<&str>, problem: &'static str) -> Error {
    Error::BadValue {
        path: path.to_path_buf(),
        line,
        column: column.unwrap_or("BillingCurrency").to_string(),
        value: String::new(),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_named_currency_is_taken_and_none_or_several_are_refused() {
        assert_eq!(file_currency(["EUR"].into_iter()), Ok("EUR"));
        assert!(file_currency(std::iter::empty()).unwrap_err().contains("no other row"));
        assert!(file_currency(["EUR", "USD"].into_iter()).unwrap_err().contains("several"));
    }
}
