//! The shared cost model: which resources exist in which account, when they run, how much they use each day.
//!
//! Providers differ only in their catalogue (prices, units, names) and in how they bill commitments; the
//! shape of usage is common: always-on machines, fixed monthly capacity, storage that keeps growing, and
//! elastic traffic with a weekly rhythm and steady growth. Nothing here knows about file formats.

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;
use super::simulation::Spec;

/// How a service's daily usage evolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pattern {
    /// Runs 24 hours a day while it exists; size is the number of units (instances, vCPUs), a power of two.
    AlwaysOn,
    /// Fixed capacity billed per month (disks, volumes); size is the capacity, spread evenly over the days.
    MonthlyUnits,
    /// Capacity billed per month that grows a few percent a month (object storage).
    Growing,
    /// Traffic-driven (requests, egress, queries): weekday/weekend rhythm, growth and noise. Only traffic-driven
    /// usage gets anomalies, so a spike never interacts with commitment coverage or credits.
    Elastic,
    /// Traffic-driven, consumer-facing (a CDN): busiest at the weekend, the other way round from `Elastic`.
    Consumer,
    /// Traffic-driven batch work (analytics queries): weekdays only, next to nothing at the weekend, which a
    /// detector's weekly profile must learn as days off.
    Batch,
}

impl Pattern {
    /// The weekly rhythm of traffic-driven usage, Monday first; None for capacity that does not follow traffic.
    pub(super) fn week(self) -> Option<[f64; 7]> {
        match self {
            // Monday peak, Friday dip, quiet weekend: the rhythm of business traffic.
            Pattern::Elastic => Some([1.06, 1.02, 1.0, 1.0, 0.95, 0.62, 0.57]),
            Pattern::Consumer => Some([0.88, 0.86, 0.9, 0.94, 1.08, 1.32, 1.25]),
            Pattern::Batch => Some([1.18, 1.12, 1.1, 1.12, 1.04, 0.03, 0.02]),
            Pattern::AlwaysOn | Pattern::MonthlyUnits | Pattern::Growing => None,
        }
    }
}

/// How many resources of a service an account runs and how big they are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Profile {
    pub(super) pattern: Pattern,
    /// Resources per account at scale 1.0 (fractions round; every account gets at least one).
    pub(super) per_account: f64,
    /// Range the size is drawn from (see [`Pattern`] for its meaning).
    pub(super) size: (f64, f64),
    /// Whether some resources are launched or terminated during the period.
    pub(super) churn: bool,
}

/// How an account spells its tag keys: providers keep keys as typed, so the same key arrives in several cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyStyle {
    Pascal,
    Lower,
    Mixed,
}

impl KeyStyle {
    /// Accounts rotate through the styles, so every multi-account dataset has the case problem.
    pub(super) fn for_account(account: u32) -> Self {
        [KeyStyle::Pascal, KeyStyle::Lower, KeyStyle::Mixed][account as usize % 3]
    }

    fn keys(self) -> [&'static str; 4] {
        match self {
            KeyStyle::Pascal => ["Environment", "Team", "CostCenter", "Application"],
            KeyStyle::Lower => ["environment", "team", "costcenter", "application"],
            KeyStyle::Mixed => ["Environment", "team", "CostCenter", "application"],
        }
    }
}

/// A resource's tag values; `None` when the owner did not set the tag.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tags {
    values: [Option<&'static str>; 4],
}

impl Tags {
    /// The (key, value) pairs in the given key style, in a fixed order.
    pub(super) fn pairs(&self, style: KeyStyle) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        style.keys().into_iter().zip(self.values).filter_map(|(k, v)| v.map(|v| (k, v)))
    }

    /// The `Environment` tag value, if set.
    pub(super) fn environment(&self) -> Option<&'static str> {
        self.values[0]
    }

    /// The `Application` tag value, if set.
    pub(super) fn application(&self) -> Option<&'static str> {
        self.values[3]
    }

    /// The tags as a FOCUS `Tags` JSON object (keys as the provider wrote them).
    pub(super) fn json_object(&self, style: KeyStyle) -> String {
        let body: Vec<String> = self.pairs(style).map(|(k, v)| format!("\"{k}\":\"{v}\"")).collect();
        if body.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", body.join(","))
        }
    }

    fn draw(rng: &mut Rng, account: u32) -> Self {
        // About one resource in seven carries no tags at all: untagged spend is a finding the demo shows.
        if rng.chance(0.15) {
            return Tags::default();
        }
        let env = match account {
            0 => rng.pick(&["prod", "prod", "prod", "staging"]),
            1 => rng.pick(&["staging", "dev", "prod"]),
            _ => rng.pick(&["dev", "dev", "sandbox", "staging"]),
        };
        let team = rng.pick(&["platform", "data", "web", "ml"]);
        let cost_center = (!rng.chance(0.2)).then(|| rng.pick(&["CC-1001", "CC-1002", "CC-2040"]));
        let app = rng.pick(&["checkout", "search", "etl", "billing", "portal"]);
        Tags { values: [Some(env), Some(team), cost_center, Some(app)] }
    }
}

/// One billable thing (instance, volume, bucket, function...) of one service in one account.
#[derive(Debug, Clone)]
pub(super) struct Resource {
    pub(super) account: u32,
    /// Index into the provider's catalogue.
    pub(super) service: usize,
    /// Random bits the provider turns into its own id format.
    pub(super) key: u64,
    pub(super) size: f64,
    /// First day index it runs.
    pub(super) launch: u32,
    /// Day index it stops (exclusive); `u32::MAX` when it outlives the period.
    pub(super) end: u32,
    pub(super) tags: Tags,
    growth: f64,
}

impl Resource {
    /// Whether the resource runs on day index `day`.
    pub(super) fn active(&self, day: u32) -> bool {
        self.launch <= day && day < self.end
    }
}

/// All resources of one provider, ordered by account, then service, then creation.
#[derive(Debug, Clone)]
pub(super) struct Fleet {
    pub(super) resources: Vec<Resource>,
    seed: u64,
    provider: u64,
    /// Relative day-to-day noise of traffic-driven usage (`SynthConfig::noise`).
    noise_level: f64,
    /// Whether traffic-driven usage follows the business calendar (see `calendar`).
    calendar: bool,
}

impl Fleet {
    /// Draws the fleet for the spec's accounts and period. `provider` keys the random streams so the three
    /// providers do not mirror each other. `profiles` are `(catalogue index, profile)` of the services run: a
    /// resource's random stream is keyed by its catalogue index, so leaving a service out (or adding one
    /// further down the catalogue) moves no other resource.
    pub(super) fn build(spec: &Spec<'_>, provider: u64, profiles: &[(usize, Profile)]) -> Self {
        let (seed, scale, days) = (spec.seed, spec.scale, spec.period.days);
        let mut resources = Vec::new();
        for account in 0..spec.accounts {
            // The first account is the big production one; the others are smaller and differ from each other.
            let weight = if account == 0 { 1.0 } else { Rng::keyed(seed, &[provider, account as u64]).range(0.4, 0.9) };
            for &(service, profile) in profiles {
                let count = (profile.per_account * scale * weight).round().max(1.0) as u32;
                for serial in 0..count {
                    let mut rng = Rng::keyed(seed, &[provider, account as u64, service as u64, serial as u64]);
                    let key = rng.next_u64();
                    let mut size = rng.range(profile.size.0, profile.size.1);
                    if profile.pattern == Pattern::AlwaysOn {
                        // Machine sizes come in powers of two (2, 4, 8 vCPUs), not in any integer.
                        size = size.max(1.0).log2().round().exp2();
                    }
                    let (mut launch, mut end) = (0, u32::MAX);
                    // Serial 0 lives through the whole period, so every (account, service) series is complete.
                    if profile.churn && serial > 0 && days > 2 {
                        if rng.chance(0.3) {
                            launch = 1 + rng.below(u64::from(days - 1)) as u32;
                        }
                        if rng.chance(0.25) {
                            let at = launch + 3 + rng.below(u64::from(days)) as u32;
                            end = if at < days { at } else { u32::MAX };
                        }
                    }
                    let tags = Tags::draw(&mut rng, account);
                    let growth = rng.range(0.02, 0.06);
                    resources.push(Resource { account, service, key, size, launch, end, tags, growth });
                }
            }
        }
        Fleet { resources, seed, provider, noise_level: spec.noise, calendar: spec.calendar }
    }

    /// Usage of `resource` on day index `day` (calendar date `date`, in a month of `days_in_month` days),
    /// in the service's pricing unit, before any anomaly.
    pub(super) fn quantity(
        &self,
        resource: &Resource,
        pattern: Pattern,
        day: u32,
        date: NaiveDate,
        days_in_month: u32,
    ) -> f64 {
        let months = f64::from(day) / 30.4;
        match pattern {
            Pattern::AlwaysOn => 24.0 * resource.size,
            Pattern::MonthlyUnits => resource.size / f64::from(days_in_month),
            Pattern::Growing => {
                let jitter = self.noise(resource, day).mul_add(0.01, 1.0);
                resource.size * (1.0 + resource.growth).powf(months) * jitter / f64::from(days_in_month)
            }
            Pattern::Elastic | Pattern::Consumer | Pattern::Batch => {
                let week = pattern.week().unwrap_or([1.0; 7]);
                let weekly = week[date.weekday().num_days_from_monday() as usize];
                let jitter = self.noise(resource, day).mul_add(self.noise_level, 1.0);
                let season = if self.calendar { super::calendar::traffic_factor(date) } else { 1.0 };
                resource.size * (1.0 + resource.growth).powf(months) * weekly * season * jitter
            }
        }
    }

    /// Symmetric noise in [-1, 1) for a resource-day, drawn from its own stream.
    fn noise(&self, resource: &Resource, day: u32) -> f64 {
        Rng::keyed(self.seed, &[self.provider, resource.key, u64::from(day)]).range(-1.0, 1.0)
    }
}
