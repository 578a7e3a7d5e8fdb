//! Reading a question without a language model: keywords and patterns for what is asked (the [`Intent`]),
//! the periods, the dimension, N, and the services, providers, accounts, regions and currency named.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::filter::{next_month_start, DatePreset};

/// What a question asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// The total (and headline figures) of a period.
    Total,
    /// The most expensive values of a dimension.
    Top,
    /// How a period compares with another.
    Change,
    /// What drove a change.
    Drivers,
    /// Cost per month.
    Monthly,
    /// Unusual spend.
    Anomalies,
    /// A forecast or a month-end projection.
    Forecast,
    /// Savings and recommendations.
    Savings,
    /// Nothing the offline analyst knows how to answer.
    NeedsLlm,
}

/// A question as the offline analyst understood it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// What is asked.
    pub intent: Intent,
    /// The periods named, in the order written (first and last day, both included).
    pub periods: Vec<(NaiveDate, NaiveDate)>,
    /// The dimension named (`service`, `sub_account`, `tag:team`...), if any.
    pub dimension: Option<String>,
    /// N of "top N", if written.
    pub top_n: Option<usize>,
    /// Services named (as stored).
    pub services: Vec<String>,
    /// Providers named (`AWS`, `Microsoft`, `Google Cloud`).
    pub providers: Vec<String>,
    /// Sub accounts named (as stored).
    pub accounts: Vec<String>,
    /// Regions named (as stored).
    pub regions: Vec<String>,
    /// A currency named (`EUR`).
    pub currency: Option<String>,
}

/// The stored values a question may name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Known {
    pub(crate) services: Vec<String>,
    pub(crate) accounts: Vec<String>,
    pub(crate) regions: Vec<String>,
    pub(crate) currencies: Vec<String>,
    pub(crate) tag_keys: Vec<String>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn whole_months(year: i32, month: u32, count: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let mut end = start;
    for _ in 0..count {
        end = next_month_start(end);
    }
    Some((start, end.pred_opt()?))
}

/// The periods named in `q` (lower case), in order of appearance.
fn periods(q: &str, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let pattern = re(
        &PERIOD,
        r"(?x)
        (?P<this>this\s+month|current\s+month) |
        (?P<last>last\s+month|previous\s+month|prior\s+month) |
        (?P<mtd>month[\s-]to[\s-]date|\bmtd\b|so\s+far\s+this\s+month) |
        (?:last|past|previous)\s+(?P<days>\d+)\s+days |
        (?P<week>last\s+week|past\s+week) |
        (?P<ymd>\b20\d\d-\d\d-\d\d\b) |
        (?P<ym>\b(?P<y1>20\d\d)-(?P<m1>0[1-9]|1[0-2])\b) |
        \bq(?P<q>[1-4])(?:\s+(?P<qy>20\d\d))? |
        (?P<prep>\b(?:in|of|for|and|to|vs\.?|versus|with|from|than|during)\s+)?
          \b(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b
          (?:\s+(?P<my>20\d\d))? |
        \b(?:in|year|during|for)\s+(?P<year>20\d\d)\b
        ",
    );
    let mut out = Vec::new();
    for c in pattern.captures_iter(q) {
        let found = if c.name("this").is_some() {
            Some(DatePreset::ThisMonth.range(today))
        } else if c.name("last").is_some() {
            Some(DatePreset::LastMonth.range(today))
        } else if c.name("mtd").is_some() {
            Some(DatePreset::MonthToDate.range(today))
        } else if let Some(n) = c.name("days") {
            n.as_str().parse().ok().map(|n| DatePreset::LastDays(n).range(today))
        } else if c.name("week").is_some() {
            Some(DatePreset::LastDays(7).range(today))
        } else if let Some(day) = c.name("ymd") {
            NaiveDate::parse_from_str(day.as_str(), "%Y-%m-%d").ok().map(|d| (d, d))
        } else if c.name("ym").is_some() {
            let (y, m) = (c["y1"].parse().unwrap_or(0), c["m1"].parse().unwrap_or(0));
            whole_months(y, m, 1)
        } else if let Some(quarter) = c.name("q") {
            let q: u32 = quarter.as_str().parse().unwrap_or(1);
            let year = c.name("qy").and_then(|y| y.as_str().parse().ok()).unwrap_or(today.year());
            whole_months(year, (q - 1) * 3 + 1, 3)
        } else if let Some(mon) = c.name("mon") {
            let month = MONTHS.iter().position(|m| mon.as_str().starts_with(m)).map_or(1, |i| i as u32 + 1);
            let year = c.name("my").and_then(|y| y.as_str().parse::<i32>().ok());
            // "may" is a month only with a year or after a preposition ("in May"), not in "may I".
            if mon.as_str() == "may" && year.is_none() && c.name("prep").is_none() {
                None
            } else {
                // Without a year: the latest such month not after today's.
                let year = year.unwrap_or(if month <= today.month() { today.year() } else { today.year() - 1 });
                whole_months(year, month, 1)
            }
        } else if let Some(year) = c.name("year") {
            year.as_str().parse().ok().and_then(|y| whole_months(y, 1, 12))
        } else {
            None
        };
        out.extend(found);
    }
    out
}

/// The dimension named in `q` (the first one written).
fn dimension(q: &str, tag_keys: &[String]) -> Option<String> {
    static TAG: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(&TAG, r"\btag\s*[:=]?\s*([a-z0-9_\-]+)|\b([a-z0-9_\-]+)\s+tag\b").captures(q) {
        let key = c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or_default();
        if !key.is_empty() && key != "the" && key != "a" {
            return Some(format!("tag:{key}"));
        }
    }
    let words: &[(&str, &str)] = &[
        ("billing account", "billing_account"),
        ("charge categor", "charge_category"),
        ("service categor", "service_category"),
        ("categor", "service_category"),
        ("service", "service"),
        ("subscription", "sub_account"),
        ("account", "sub_account"),
        ("region", "region"),
        ("location", "region"),
        ("provider", "provider"),
        ("cloud", "provider"),
    ];
    let mut best: Option<(usize, String)> = None;
    for (word, dim) in words {
        if let Some(at) = q.find(word) {
            if best.as_ref().is_none_or(|(b, _)| at < *b) {
                best = Some((at, dim.to_string()));
            }
        }
    }
    for key in tag_keys {
        let spaced = key.replace('_', " ");
        for form in [key.as_str(), spaced.as_str()] {
            let boundary = Regex::new(&format!(r"\b{}s?\b", regex::escape(form))).ok();
            if let Some(m) = boundary.and_then(|r| r.find(q)) {
                if best.as_ref().is_none_or(|(b, _)| m.start() < *b) {
                    best = Some((m.start(), format!("tag:{key}")));
                }
            }
        }
    }
    best.map(|(_, d)| d)
}

const SERVICE_ALIASES: &[(&str, &str)] = &[
    ("ec2", "elastic compute cloud"),
    ("s3", "simple storage service"),
    ("rds", "relational database service"),
    ("vpc", "virtual private cloud"),
    ("gce", "compute engine"),
    ("gcs", "cloud storage"),
];

fn named(q: &str, known: &[String]) -> Vec<String> {
    known.iter().filter(|k| k.len() >= 3 && q.contains(&k.to_lowercase())).cloned().collect()
}

fn services(q: &str, known: &[String]) -> Vec<String> {
    let mut out = named(q, known);
    for (alias, target) in SERVICE_ALIASES {
        if Regex::new(&format!(r"\b{alias}\b")).is_ok_and(|r| r.is_match(q)) {
            out.extend(known.iter().filter(|k| k.to_lowercase().contains(target)).cloned());
        }
    }
    // "Amazon Elastic Compute Cloud" also contains "Compute": keep the longest names only.
    let all = out.clone();
    out.retain(|s| !all.iter().any(|o| o != s && o.to_lowercase().contains(&s.to_lowercase())));
    out.sort();
    out.dedup();
    out
}

fn providers(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (words, name) in [
        (&["aws", "amazon"][..], "AWS"),
        (&["azure", "microsoft"][..], "Microsoft"),
        (&["gcp", "google"][..], "Google Cloud"),
        (&["oracle", "oci"][..], "Oracle"),
    ] {
        if words.iter().any(|w| Regex::new(&format!(r"\b{w}\b")).is_ok_and(|r| r.is_match(q))) {
            out.push(name.to_string());
        }
    }
    out
}

/// Reads `question`, resolving relative periods against `today`.
pub(crate) fn parse(question: &str, today: NaiveDate, known: &Known) -> Question {
    let q = question.to_lowercase();
    static TOP: OnceLock<Regex> = OnceLock::new();
    let top_n = re(&TOP, r"\b(?:top|first|biggest|largest)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:most|biggest|largest|top)\b")
        .captures(&q)
        .and_then(|c| c.get(1).or(c.get(2)))
        .and_then(|m| m.as_str().parse().ok())
        .filter(|n| *n > 0);
    // Writing, not analysis: a poem about the bill is not a question about the bill.
    let intent = if any(&q, &["poem", "haiku", "story", "joke", "essay", "song", "translate", "write an email"]) {
        Intent::NeedsLlm
    } else if any(
        &q,
        &[
            "forecast",
            "month-end",
            "month end",
            "end of the month",
            "end of month",
            "projection",
            "projected",
            "predict",
            "will we spend",
            "will i spend",
            "next month",
        ],
    ) {
        Intent::Forecast
    } else if any(
        &q,
        &[
            "saving",
            "save ",
            "save?",
            "recommend",
            "optimi",
            "reduce",
            "cut cost",
            "rightsiz",
            "right-siz",
            "waste",
            "idle",
        ],
    ) {
        Intent::Savings
    } else if any(&q, &["anomal", "unusual", "spike", "unexpected", "outlier", "strange", "weird", "abnormal"]) {
        Intent::Anomalies
    } else if any(
        &q,
        &["why", "drove", "driver", "explain", "cause", "behind", "what changed", "contribut", "responsible"],
    ) {
        Intent::Drivers
    } else if any(
        &q,
        &[
            "change",
            "compare",
            "comparison",
            " vs",
            "versus",
            "increase",
            "decrease",
            "grow",
            "went up",
            "go up",
            "gone up",
            "went down",
            "go down",
            "differ",
            "month over month",
            "delta",
        ],
    ) {
        Intent::Change
    } else if any(&q, &["per month", "by month", "monthly", "trend", "each month", "over time", "month by month"]) {
        Intent::Monthly
    } else if top_n.is_some()
        || any(
            &q,
            &[
                "top",
                "most",
                "biggest",
                "largest",
                "highest",
                "expensive",
                "breakdown",
                "break down",
                "split",
                " by ",
                "which",
                "rank",
            ],
        )
    {
        Intent::Top
    } else if any(&q, &["total", "spend", "spent", "cost", "how much", "bill", "pay", "charges"]) {
        Intent::Total
    } else {
        Intent::NeedsLlm
    };
    static CURRENCY: OnceLock<Regex> = OnceLock::new();
    let currency = re(&CURRENCY, r"\b([A-Za-z]{3})\b")
        .captures_iter(question)
        .map(|c| c[1].to_ascii_uppercase())
        .find(|c| known.currencies.contains(c));
    Question {
        intent,
        periods: periods(&q, today),
        dimension: dimension(&q, &known.tag_keys),
        top_n,
        services: services(&q, &known.services),
        providers: providers(&q),
        accounts: named(&q, &known.accounts),
        regions: named(&q, &known.regions),
        currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn known() -> Known {
        Known {
            services: vec!["Amazon Elastic Compute Cloud".into(), "Compute Engine".into(), "Virtual Machines".into()],
            accounts: vec!["111122223333".into()],
            regions: vec!["us-east-1".into()],
            currencies: vec!["USD".into(), "EUR".into()],
            tag_keys: vec!["team".into(), "cost_center".into()],
        }
    }

    #[test]
    fn reads_common_questions() {
        let today = d(2025, 6, 30);
        let q = parse("Why did EC2 go up in March?", today, &known());
        assert_eq!(q.intent, Intent::Drivers);
        assert_eq!(q.periods, vec![(d(2025, 3, 1), d(2025, 3, 31))]);
        assert_eq!(q.services, vec!["Amazon Elastic Compute Cloud".to_string()]);
        let q = parse("top 3 accounts last month", today, &known());
        assert_eq!((q.intent, q.top_n, q.dimension.as_deref()), (Intent::Top, Some(3), Some("sub_account")));
        assert_eq!(q.periods, vec![(d(2025, 5, 1), d(2025, 5, 31))]);
        let q = parse("Compare February 2025 vs 2025-01 in EUR", today, &known());
        assert_eq!(q.intent, Intent::Change);
        assert_eq!(q.periods, vec![(d(2025, 2, 1), d(2025, 2, 28)), (d(2025, 1, 1), d(2025, 1, 31))]);
        assert_eq!(q.currency.as_deref(), Some("EUR"));
        let q = parse("cost by team", today, &known());
        assert_eq!(q.dimension.as_deref(), Some("tag:team"));
        assert_eq!(parse("spend in the last 14 days", today, &known()).periods, vec![(d(2025, 6, 17), today)]);
        assert_eq!(
            parse("what did we spend on 2025-03-15?", today, &known()).periods,
            vec![(d(2025, 3, 15), d(2025, 3, 15))]
        );
        assert_eq!(parse("May I ask what the weather is?", today, &known()).intent, Intent::NeedsLlm);
        assert_eq!(parse("What will the month-end total be?", today, &known()).intent, Intent::Forecast);
        assert_eq!(parse("any anomalies in Q2 2025?", today, &known()).periods, vec![(d(2025, 4, 1), d(2025, 6, 30))]);
    }
}
