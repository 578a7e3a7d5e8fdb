//! The DataFrame views of [`Recommendations`], for tables and notebooks.

use polars::prelude::*;

use super::Recommendations;
use crate::error::{Error, Result};

impl Recommendations {
    /// One row per recommendation, in list order.
    ///
    /// Columns: `id`, `rule`, `title`, `provider`, `billing_account`, `account`, `region`, `currency`
    /// (strings; `account` and `region` may be null), `resources` (count, UInt32), `resource` (the first
    /// resource or scope), `monthly_cost`, `monthly_saving` (Float64, in `currency` per average month),
    /// `confidence` (`high`/`medium`/`low`), `method`, `hourly_commitment` (Float64, null except for
    /// commitments), `dismissed` (Boolean).
    pub fn frame(&self) -> Result<DataFrame> {
        let items = &self.items;
        let text = |name: &str, f: &dyn Fn(usize) -> Option<String>| -> Column {
            Series::new(name.into(), (0..items.len()).map(f).collect::<Vec<_>>()).into()
        };
        let columns = vec![
            text("id", &|i| Some(items[i].id.clone())),
            text("rule", &|i| Some(items[i].rule.as_str().to_string())),
            text("title", &|i| Some(items[i].title.clone())),
            text("provider", &|i| Some(items[i].provider.as_str().to_string())),
            text("billing_account", &|i| Some(items[i].billing_account.clone())),
            text("account", &|i| items[i].account.clone()),
            text("region", &|i| items[i].region.clone()),
            text("currency", &|i| Some(items[i].currency.clone())),
            Series::new("resources".into(), items.iter().map(|r| r.resources.len() as u32).collect::<Vec<_>>()).into(),
            text("resource", &|i| items[i].resources.first().cloned()),
            Series::new("monthly_cost".into(), items.iter().map(|r| r.monthly_cost).collect::<Vec<_>>()).into(),
            Series::new("monthly_saving".into(), items.iter().map(|r| r.monthly_saving).collect::<Vec<_>>()).into(),
            text("confidence", &|i| Some(items[i].confidence.as_str().to_string())),
            text("method", &|i| Some(items[i].method.clone())),
            Series::new(
                "hourly_commitment".into(),
                items.iter().map(|r| r.commitment.as_ref().map(|c| c.hourly_commitment)).collect::<Vec<_>>(),
            )
            .into(),
            Series::new("dismissed".into(), items.iter().map(|r| r.dismissed).collect::<Vec<_>>()).into(),
        ];
        Ok(DataFrame::new(items.len(), columns)?)
    }

    /// The evidence rows of recommendation `id`.
    ///
    /// Columns: `resource_id`, `usage_type`, `unit` (strings, nullable), `days` (Int64), `quantity`, `cost`
    /// (Float64, EffectiveCost over the selection). [`Error::InvalidArgument`] for an unknown id.
    pub fn evidence_frame(&self, id: &str) -> Result<DataFrame> {
        let r = self.get(id).ok_or_else(|| Error::InvalidArgument(format!("no recommendation with id {id}")))?;
        let e = &r.evidence;
        let columns: Vec<Column> = vec![
            Series::new("resource_id".into(), e.iter().map(|x| x.resource_id.clone()).collect::<Vec<_>>()).into(),
            Series::new("usage_type".into(), e.iter().map(|x| x.usage_type.clone()).collect::<Vec<_>>()).into(),
            Series::new("unit".into(), e.iter().map(|x| x.unit.clone()).collect::<Vec<_>>()).into(),
            Series::new("days".into(), e.iter().map(|x| x.days).collect::<Vec<_>>()).into(),
            Series::new("quantity".into(), e.iter().map(|x| x.quantity).collect::<Vec<_>>()).into(),
            Series::new("cost".into(), e.iter().map(|x| x.cost).collect::<Vec<_>>()).into(),
        ];
        Ok(DataFrame::new(e.len(), columns)?)
    }
}
