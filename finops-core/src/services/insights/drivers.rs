//! The drivers of a change: every value of a dimension ranked by how much its cost moved, down the service
//! hierarchy (service → usage type → resource) and across accounts, regions and tag values, each change
//! split into a volume effect, a price effect and the rest.
//!
//! The split is made on the finest unit that has one price: a resource's usage of one meter in one
//! pricing unit. With quantities Q₀, Q₁ and effective unit prices P₀ = C₀/Q₀, P₁ = C₁/Q₁, the change
//! C₁ − C₀ = (Q₁ − Q₀)·(P₀ + P₁)/2 + (P₁ − P₀)·(Q₀ + Q₁)/2 exactly (the symmetric, Shapley split: neither
//! period is privileged). A unit that appears or vanishes is all volume. Rows without a quantity (taxes,
//! credits, purchases, quantity-less exports) have no split: their change is `other`. A driver's effects are
//! the sums of its units', so volume + price + other = change at every level.

use std::collections::HashMap;

use crate::model::ChargeCategory;
use crate::store::CostLine;

/// One value of a dimension and how its cost moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// `service`, `usage_type`, `resource`, `sub_account`, `region`, or `tag:<key>`.
    pub dimension: String,
    /// The value (`(none)` when absent, `(untagged)` for a missing tag).
    pub name: String,
    /// The values above it in the service hierarchy (`Amazon EC2`, `Amazon EC2 / BoxUsage:m5.xlarge`).
    pub parent: Option<String>,
    /// 1 for the top of a dimension, 2 for usage types, 3 for resources.
    pub level: u32,
    /// Cost in the previous period.
    pub previous: f64,
    /// Cost in the current period.
    pub current: f64,
    /// Change from quantity at constant (mid-point) price.
    pub volume: f64,
    /// Change from unit price at constant (mid-point) quantity.
    pub price: f64,
}

impl Driver {
    /// Current − previous.
    pub fn change(&self) -> f64 {
        self.current - self.previous
    }

    /// Change not split into volume and price (rows without quantity).
    pub fn other(&self) -> f64 {
        self.change() - self.volume - self.price
    }

    /// `new`, `vanished`, `up`, `down` or `flat`.
    pub fn status(&self) -> &'static str {
        match (self.previous, self.current) {
            (p, c) if p == 0.0 && c != 0.0 => "new",
            (p, c) if p != 0.0 && c == 0.0 => "vanished",
            (p, c) if c > p => "up",
            (p, c) if c < p => "down",
            _ => "flat",
        }
    }
}

/// A line's cost and quantity in each period, at the finest grain.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Unit {
    pub(crate) cost: [f64; 2],
    pub(crate) quantity: [f64; 2],
    /// Whether every row had a quantity (usage rows of a priced meter).
    pub(crate) priced: bool,
}

impl Unit {
    /// (volume, price) effects; (0, 0) when the unit has no price.
    pub(crate) fn effects(&self) -> (f64, f64) {
        let [c0, c1] = self.cost;
        let [q0, q1] = self.quantity;
        if !self.priced {
            return (0.0, 0.0);
        }
        match (q0 > 0.0, q1 > 0.0) {
            (true, true) => {
                let (p0, p1) = (c0 / q0, c1 / q1);
                ((q1 - q0) * (p0 + p1) / 2.0, (p1 - p0) * (q0 + q1) / 2.0)
            }
            // Appears or vanishes: all volume.
            (false, true) if c0 == 0.0 => (c1, 0.0),
            (true, false) if c1 == 0.0 => (-c0, 0.0),
            _ => (0.0, 0.0),
        }
    }
}

/// The finest unit: one resource's use of one meter in one pricing unit, per account, region, charge
/// category and tag set (absent values as [`label`] writes them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct UnitKey {
    pub(crate) provider: &'static str,
    pub(crate) sub_account: String,
    pub(crate) service: String,
    pub(crate) region: String,
    pub(crate) usage_type: String,
    pub(crate) pricing_unit: String,
    pub(crate) resource: String,
    pub(crate) charge_category: ChargeCategory,
    pub(crate) tag_set: Option<i64>,
}

/// Sums lines into units. Lines are in one currency already.
pub(crate) fn units(lines: &[CostLine]) -> HashMap<UnitKey, Unit> {
    let mut units: HashMap<UnitKey, Unit> = HashMap::new();
    for line in lines {
        let key = UnitKey {
            provider: line.provider.as_str(),
            sub_account: label(&line.sub_account),
            service: line.service.clone(),
            region: label(&line.region),
            usage_type: label(&line.usage_type),
            pricing_unit: label(&line.pricing_unit),
            resource: label(&line.resource),
            charge_category: line.charge_category,
            tag_set: line.tag_set,
        };
        let unit = units.entry(key).or_insert(Unit { priced: true, ..Unit::default() });
        let period = line.period.min(1);
        unit.cost[period] += line.cost;
        match line.quantity {
            Some(q) if line.charge_category == ChargeCategory::Usage && line.pricing_unit.is_some() => {
                unit.quantity[period] += q
            }
            _ => unit.priced = false,
        }
    }
    units
}

pub(crate) fn label(value: &Option<String>) -> String {
    match value.as_deref() {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => crate::services::analytics::NONE_LABEL.to_string(),
    }
}

/// Drivers of one dimension: `name_of` gives a unit's value (and its parent path), `keep` picks the units.
pub(crate) fn rank(
    units: &HashMap<UnitKey, Unit>,
    dimension: &str,
    level: u32,
    keep: impl Fn(&UnitKey) -> bool,
    name_of: impl Fn(&UnitKey) -> (String, Option<String>),
    top_n: usize,
) -> Vec<Driver> {
    let mut by_name: HashMap<(String, Option<String>), Driver> = HashMap::new();
    for (key, unit) in units.iter().filter(|(k, _)| keep(k)) {
        let (name, parent) = name_of(key);
        let driver = by_name.entry((name.clone(), parent.clone())).or_insert_with(|| Driver {
            dimension: dimension.to_string(),
            name,
            parent,
            level,
            previous: 0.0,
            current: 0.0,
            volume: 0.0,
            price: 0.0,
        });
        let (volume, price) = unit.effects();
        driver.previous += unit.cost[0];
        driver.current += unit.cost[1];
        driver.volume += volume;
        driver.price += price;
    }
    // Below half a cent, a change under a driver is float noise (prices with many decimals), not a cause.
    let noise = |d: &Driver| level > 1 && d.change().abs() < 0.005;
    let mut drivers: Vec<Driver> =
        by_name.into_values().filter(|d| (d.previous != 0.0 || d.current != 0.0) && !noise(d)).map(snap).collect();
    drivers.sort_by(|a, b| b.change().abs().total_cmp(&a.change().abs()).then_with(|| a.name.cmp(&b.name)));
    drivers.truncate(top_n);
    drivers
}

/// Effects within a millionth of zero are rounding residue of unit prices; they read as zero.
fn snap(mut d: Driver) -> Driver {
    for x in [&mut d.volume, &mut d.price] {
        if x.abs() < 1e-6 {
            *x = 0.0;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(cost: [f64; 2], quantity: [f64; 2]) -> Unit {
        Unit { cost, quantity, priced: true }
    }

    #[test]
    fn volume_and_price_add_up_to_the_change_and_match_a_hand_computation() {
        // 100 h at $0.10 → 150 h at $0.12: ΔQ·P̄ = 50 × 0.11 = 5.5; ΔP·Q̄ = 0.02 × 125 = 2.5; 18 − 10 = 8.
        let (v, p) = unit([10.0, 18.0], [100.0, 150.0]).effects();
        assert!((v - 5.5).abs() < 1e-9 && (p - 2.5).abs() < 1e-9, "{v} {p}");
    }

    #[test]
    fn a_pure_price_change_is_all_price_and_a_new_unit_all_volume() {
        let (v, p) = unit([10.0, 12.0], [100.0, 100.0]).effects();
        assert!(v.abs() < 1e-12 && (p - 2.0).abs() < 1e-12);
        assert_eq!(unit([0.0, 7.0], [0.0, 70.0]).effects(), (7.0, 0.0));
        assert_eq!(unit([7.0, 0.0], [70.0, 0.0]).effects(), (-7.0, 0.0));
        assert_eq!(Unit { cost: [5.0, 9.0], quantity: [0.0, 0.0], priced: false }.effects(), (0.0, 0.0));
    }
}
