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
}

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
        let mut tag_filters = Vec::new();
        if let Some(tags) = tags {
            for (k, v) in tags.iter() {
                let key: String = k.extract()?;
                if v.is_none() {
                    tag_filters.push(TagFilter::Present { key });
                } else {
                    tag_filters.push(TagFilter::Equals { key, value: v.str()?.extract()? });
                }
            }
        }
        if let Some(u) = untagged.filter(|u| !u.is_none()) {
            if let Ok(flag) = u.extract::<bool>() {
                if flag {
                    tag_filters.push(TagFilter::Untagged);
                }
            } else {
                let keys: Vec<String> = u.extract()?;
                tag_filters.extend(keys.into_iter().map(|key| TagFilter::Missing { key }));
            }
        }
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
            Some(preset) => {
                let today = parse_day(today, "today")?.unwrap_or_else(|| chrono::Utc::now().date_naive());
                filter.with_preset(preset, today)
            }
            None => filter,
        };
        Ok(PyFilter { inner: filter })
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

/// A filter from an optional `Filter` plus keyword arguments (keywords build a new filter when no
/// `Filter` is given; giving both is an error, to avoid guessing which wins).
pub(crate) fn resolve(filter: Option<PyFilter>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Filter> {
    let has_kwargs = kwargs.is_some_and(|k| !k.is_empty());
    match (filter, has_kwargs) {
        (Some(_), true) => Err(PyValueError::new_err("pass either a Filter or keyword filters, not both")),
        (Some(f), false) => Ok(f.inner),
        (None, false) => Ok(Filter::default()),
        (None, true) => {
            let py = kwargs.expect("checked").py();
            let cls = py.get_type::<PyFilter>();
            let f: PyFilter = cls.call((), kwargs)?.extract()?;
            Ok(f.inner)
        }
    }
}
