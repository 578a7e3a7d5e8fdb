//! `finops.Filter`: the global filter, built from keyword arguments.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use finops_core::model::{ChargeCategory, Provider, ServiceCategory};
use finops_core::{CostMetric, DatePreset, Filter, TagFilter};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A filter over line items and analyses. Every argument is optional; lists mean "any of".
#[pyclass(name = "Filter", module = "finops", frozen, from_py_object)]
#[derive(Clone, Debug)]
pub(crate) struct PyFilter {
    pub(crate) inner: Filter,
    /// The keywords it was built from (a preset unresolved), for its fields and `replace`.
    args: Args,
}

/// `untagged=`: every tag, or these keys.
#[derive(Clone, Debug)]
enum Untagged {
    All,
    Keys(Vec<String>),
}

/// A `Filter`'s keyword arguments as given (the ones left at their default are absent).
#[derive(Clone, Debug, Default)]
struct Args {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    lists: BTreeMap<&'static str, Vec<String>>,
    tags: Option<Vec<(String, Option<String>)>>,
    untagged: Option<Untagged>,
    currency: Option<String>,
    rates: Option<BTreeMap<String, f64>>,
    metric: String,
    preset: Option<String>,
    last_days: Option<u32>,
    today: Option<NaiveDate>,
}

/// The list-valued keywords, in signature order.
const LISTS: [&str; 8] = [
    "providers",
    "billing_accounts",
    "sub_accounts",
    "services",
    "service_categories",
    "regions",
    "resource_ids",
    "charge_categories",
];

impl Args {
    /// The keywords that build this filter again.
    fn to_kwargs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let kw = PyDict::new(py);
        if let Some(d) = self.start {
            kw.set_item("start", d)?;
        }
        if let Some(d) = self.end {
            kw.set_item("end", d)?;
        }
        for (name, values) in &self.lists {
            kw.set_item(*name, values.clone())?;
        }
        if let Some(tags) = &self.tags {
            let dict = PyDict::new(py);
            for (k, v) in tags {
                dict.set_item(k, v.clone())?;
            }
            kw.set_item("tags", dict)?;
        }
        match &self.untagged {
            Some(Untagged::All) => kw.set_item("untagged", true)?,
            Some(Untagged::Keys(keys)) => kw.set_item("untagged", keys.clone())?,
            None => {}
        }
        if let Some(c) = &self.currency {
            kw.set_item("currency", c)?;
        }
        if let Some(r) = &self.rates {
            kw.set_item("rates", r.clone())?;
        }
        kw.set_item("metric", &self.metric)?;
        if let Some(p) = &self.preset {
            kw.set_item("preset", p)?;
        }
        if let Some(n) = self.last_days {
            kw.set_item("last_days", n)?;
        }
        if let Some(d) = self.today {
            kw.set_item("today", d)?;
        }
        Ok(kw)
    }
}

/// The keywords that set the dates.
const DATE_KEYWORDS: [&str; 4] = ["start", "end", "preset", "last_days"];

pub(crate) fn parse_day(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<NaiveDate>> {
    let Some(v) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    if let Ok(d) = v.extract::<NaiveDate>() {
        return Ok(Some(d));
    }
    let text: String = v.str()?.extract()?;
    finops_core::ingest::parse_date(&text[..text.len().min(10)])
        .map(Some)
        .ok_or_else(|| PyValueError::new_err(format!("{name}: not a date: {text:?} (use YYYY-MM-DD)")))
}

fn parse_enum<T>(values: Vec<String>, parse: fn(&str) -> Option<T>, what: &str) -> PyResult<Vec<T>> {
    values.iter().map(|v| parse(v).ok_or_else(|| PyValueError::new_err(format!("unknown {what}: {v:?}")))).collect()
}

fn provider(name: &str) -> Option<Provider> {
    match Provider::from_provider_name(name) {
        Provider::Other if !name.eq_ignore_ascii_case("other") => None,
        p => Some(p),
    }
}

#[pymethods]
impl PyFilter {
    #[new]
    #[pyo3(signature = (*, start=None, end=None, providers=None, billing_accounts=None, sub_accounts=None,
        services=None, service_categories=None, regions=None, resource_ids=None, charge_categories=None,
        tags=None, untagged=None, currency=None, rates=None, metric="effective", preset=None, last_days=None,
        today=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
        providers: Option<Vec<String>>,
        billing_accounts: Option<Vec<String>>,
        sub_accounts: Option<Vec<String>>,
        services: Option<Vec<String>>,
        service_categories: Option<Vec<String>>,
        regions: Option<Vec<String>>,
        resource_ids: Option<Vec<String>>,
        charge_categories: Option<Vec<String>>,
        tags: Option<&Bound<'_, PyDict>>,
        untagged: Option<&Bound<'_, PyAny>>,
        currency: Option<String>,
        rates: Option<BTreeMap<String, f64>>,
        metric: &str,
        preset: Option<&str>,
        last_days: Option<u32>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut args = Args { metric: metric.to_string(), ..Args::default() };
        for (name, values) in LISTS.into_iter().zip([
            &providers,
            &billing_accounts,
            &sub_accounts,
            &services,
            &service_categories,
            &regions,
            &resource_ids,
            &charge_categories,
        ]) {
            if let Some(values) = values {
                args.lists.insert(name, values.clone());
            }
        }
        let mut tag_filters = Vec::new();
        if let Some(tags) = tags {
            let mut given = Vec::new();
            for (k, v) in tags.iter() {
                let key: String = k.extract()?;
                if v.is_none() {
                    given.push((key.clone(), None));
                    tag_filters.push(TagFilter::Present { key });
                } else {
                    let value: String = v.str()?.extract()?;
                    given.push((key.clone(), Some(value.clone())));
                    tag_filters.push(TagFilter::Equals { key, value });
                }
            }
            args.tags = Some(given);
        }
        if let Some(u) = untagged.filter(|u| !u.is_none()) {
            if let Ok(flag) = u.extract::<bool>() {
                if flag {
                    tag_filters.push(TagFilter::Untagged);
                    args.untagged = Some(Untagged::All);
                }
            } else {
                let keys: Vec<String> = u.extract()?;
                args.untagged = Some(Untagged::Keys(keys.clone()));
                tag_filters.extend(keys.into_iter().map(|key| TagFilter::Missing { key }));
            }
        }
        args.currency = currency.clone();
        args.rates = rates.clone();
        args.preset = preset.map(str::to_string);
        args.last_days = last_days;
        let metric = CostMetric::parse(metric).ok_or_else(|| {
            PyValueError::new_err(format!("unknown metric {metric:?}: use billed, effective, list or contracted"))
        })?;
        let preset = match (preset, last_days) {
            (Some(_), Some(_)) => return Err(PyValueError::new_err("pass either preset or last_days, not both")),
            (Some(name), None) => Some(DatePreset::parse(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown preset {name:?}: use this_month, last_month, month_to_date or last_<n>_days"
                ))
            })?),
            (None, Some(0)) => return Err(PyValueError::new_err("last_days must be at least 1")),
            (None, Some(n)) => Some(DatePreset::LastDays(n)),
            (None, None) => None,
        };
        let (start, end) = (parse_day(start, "start")?, parse_day(end, "end")?);
        let today = parse_day(today, "today")?;
        (args.start, args.end, args.today) = (start, end, today);
        if preset.is_some() && (start.is_some() || end.is_some()) {
            return Err(PyValueError::new_err("a preset sets start and end: pass one or the other"));
        }
        let filter = Filter {
            start,
            end,
            providers: parse_enum(providers.unwrap_or_default(), provider, "provider")?,
            billing_accounts: billing_accounts.unwrap_or_default(),
            sub_accounts: sub_accounts.unwrap_or_default(),
            services: services.unwrap_or_default(),
            service_categories: parse_enum(
                service_categories.unwrap_or_default(),
                ServiceCategory::parse,
                "service category",
            )?,
            regions: regions.unwrap_or_default(),
            resource_ids: resource_ids.unwrap_or_default(),
            charge_categories: parse_enum(
                charge_categories.unwrap_or_default(),
                ChargeCategory::parse,
                "charge category",
            )?,
            tags: tag_filters,
            currency,
            rates: rates.unwrap_or_default(),
            metric,
        };
        let filter = match preset {
            Some(preset) => filter.with_preset(preset, today.unwrap_or_else(|| chrono::Utc::now().date_naive())),
            None => filter,
        };
        Ok(PyFilter { inner: filter, args })
    }

    /// A copy with some keywords changed: `f.replace(services=["EC2"])`; `None` removes a keyword. A preset
    /// and explicit dates exclude each other: a `preset` or `last_days` given here replaces this filter's dates,
    /// and a `start` or `end` replaces its preset (the other bound stays the day the preset resolved to).
    #[pyo3(signature = (**changes))]
    fn replace(&self, py: Python<'_>, changes: Option<&Bound<'_, PyDict>>) -> PyResult<PyFilter> {
        let kw = self.args.to_kwargs(py)?;
        if let Some(changes) = changes {
            let given = |k: &str| changes.contains(k).unwrap_or(false);
            if given("preset") || given("last_days") {
                for k in DATE_KEYWORDS {
                    kw.del_item(k).ok();
                }
            } else if given("start") || given("end") {
                for k in DATE_KEYWORDS {
                    kw.del_item(k).ok();
                }
                if let Some(d) = self.inner.start {
                    kw.set_item("start", d)?;
                }
                if let Some(d) = self.inner.end {
                    kw.set_item("end", d)?;
                }
            }
            for (k, v) in changes.iter() {
                if v.is_none() {
                    kw.del_item(&k).ok();
                } else {
                    kw.set_item(k, v)?;
                }
            }
        }
        let f: PyFilter = py.get_type::<PyFilter>().call((), Some(&kw))?.extract()?;
        Ok(f)
    }

    /// The filter's keywords as a dict: `Filter(**f.to_dict())` is `f` again.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.args.to_kwargs(py)
    }

    /// Providers selected (empty: any).
    #[getter]
    fn providers(&self) -> Vec<String> {
        self.list("providers")
    }

    /// Billing accounts selected (empty: any).
    #[getter]
    fn billing_accounts(&self) -> Vec<String> {
        self.list("billing_accounts")
    }

    /// Sub-accounts selected (empty: any).
    #[getter]
    fn sub_accounts(&self) -> Vec<String> {
        self.list("sub_accounts")
    }

    /// Services selected (empty: any).
    #[getter]
    fn services(&self) -> Vec<String> {
        self.list("services")
    }

    /// Service categories selected (empty: any).
    #[getter]
    fn service_categories(&self) -> Vec<String> {
        self.list("service_categories")
    }

    /// Regions selected (empty: any).
    #[getter]
    fn regions(&self) -> Vec<String> {
        self.list("regions")
    }

    /// Resource ids selected (empty: any).
    #[getter]
    fn resource_ids(&self) -> Vec<String> {
        self.list("resource_ids")
    }

    /// Charge categories selected (empty: any).
    #[getter]
    fn charge_categories(&self) -> Vec<String> {
        self.list("charge_categories")
    }

    /// Tag conditions: key to value, or to None for "has the tag".
    #[getter]
    fn tags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (k, v) in self.args.tags.iter().flatten() {
            dict.set_item(k, v.clone())?;
        }
        Ok(dict)
    }

    /// `True` (no tags at all), the keys that must be missing, or None.
    #[getter]
    fn untagged<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        Ok(match &self.args.untagged {
            Some(Untagged::All) => Some(true.into_pyobject(py)?.to_owned().into_any()),
            Some(Untagged::Keys(keys)) => Some(keys.clone().into_pyobject(py)?.into_any()),
            None => None,
        })
    }

    /// Conversion rates into `currency` (units of it per unit of each other currency).
    #[getter]
    fn rates(&self) -> BTreeMap<String, f64> {
        self.args.rates.clone().unwrap_or_default()
    }

    /// The date preset given, if any (`start` and `end` hold the days it resolved to).
    #[getter]
    fn preset(&self) -> Option<String> {
        self.args.preset.clone()
    }

    /// `last_days=` as given, if any.
    #[getter]
    fn last_days(&self) -> Option<u32> {
        self.args.last_days
    }

    /// The day a preset was resolved against, when given.
    #[getter]
    fn today(&self) -> Option<NaiveDate> {
        self.args.today
    }

    fn __eq__(&self, other: &PyFilter) -> bool {
        self.inner == other.inner
    }

    /// First day included (after resolving a preset), or None.
    #[getter]
    fn start(&self) -> Option<NaiveDate> {
        self.inner.start
    }

    /// Last day included (after resolving a preset), or None.
    #[getter]
    fn end(&self) -> Option<NaiveDate> {
        self.inner.end
    }

    /// The cost metric analyses sum: `billed`, `effective`, `list` or `contracted`.
    #[getter]
    fn metric(&self) -> &'static str {
        self.inner.metric.as_str()
    }

    /// The currency selected (or converted into, with rates).
    #[getter]
    fn currency(&self) -> Option<String> {
        self.inner.currency.clone()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner).replacen("Filter", "finops.Filter", 1)
    }
}

impl PyFilter {
    fn list(&self, name: &str) -> Vec<String> {
        self.args.lists.get(name).cloned().unwrap_or_default()
    }
}

/// A filter from an optional `Filter` plus keyword arguments: the keywords override the filter's fields
/// (`Filter.replace`), or build one when no `Filter` is given.
pub(crate) fn resolve(filter: Option<PyFilter>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Filter> {
    let kwargs = kwargs.filter(|k| !k.is_empty());
    match (filter, kwargs) {
        (Some(f), None) => Ok(f.inner),
        (Some(f), Some(kwargs)) => Ok(f.replace(kwargs.py(), Some(kwargs))?.inner),
        (None, None) => Ok(Filter::default()),
        (None, Some(kwargs)) => {
            let f: PyFilter = kwargs.py().get_type::<PyFilter>().call((), Some(kwargs))?.extract()?;
            Ok(f.inner)
        }
    }
}
