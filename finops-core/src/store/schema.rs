//! The database schema, as an ordered list of migrations. `PRAGMA user_version` records how many ran.
//!
//! Layout: `line_items` is a narrow fact table of integers and doubles; every string (account, service,
//! region, resource, currency, the JSON of descriptive attributes) is stored once in `strings` and
//! referenced by id; tag sets are stored once in `tag_sets`, their pairs in `tag_items` for filtering.
//! Times are Unix seconds, UTC. Costs are doubles: the model parses exact decimals, and SQLite's SUM uses
//! compensated (Kahan-Babuska-Neumaier) summation, so totals keep far more precision than any currency has.

/// Migration `i` brings the schema from version `i` to `i + 1`. Never edit a released migration: append.
pub(crate) const MIGRATIONS: &[&str] = &[MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4];

const MIGRATION_1: &str = r#"
CREATE TABLE strings (
    id    INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);
CREATE TABLE tag_sets (
    id   INTEGER PRIMARY KEY,
    json TEXT NOT NULL UNIQUE
);
CREATE TABLE tag_items (
    tag_set_id INTEGER NOT NULL REFERENCES tag_sets(id),
    key        TEXT NOT NULL,
    raw_key    TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (tag_set_id, raw_key)
) WITHOUT ROWID;
CREATE INDEX tag_items_by_key ON tag_items(key, value);
CREATE TABLE imports (
    id                INTEGER PRIMARY KEY,
    path              TEXT NOT NULL,
    file_hash         TEXT NOT NULL UNIQUE,
    file_size         INTEGER NOT NULL,
    format            TEXT NOT NULL,
    cost_view         TEXT NOT NULL,
    providers         TEXT NOT NULL DEFAULT '',
    billing_periods   TEXT NOT NULL DEFAULT '',
    accounts          TEXT NOT NULL DEFAULT '',
    currencies        TEXT NOT NULL DEFAULT '',
    rows_read         INTEGER NOT NULL DEFAULT 0,
    rows_stored       INTEGER NOT NULL DEFAULT 0,
    rows_rejected     INTEGER NOT NULL DEFAULT 0,
    rows_superseded   INTEGER NOT NULL DEFAULT 0,
    rows_replaced     INTEGER NOT NULL DEFAULT 0,
    imported_at       TEXT NOT NULL,
    duration_ms       INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL
);
CREATE TABLE line_items (
    id                           INTEGER PRIMARY KEY,
    import_id                    INTEGER NOT NULL REFERENCES imports(id),
    provider                     INTEGER NOT NULL,
    billing_account              INTEGER NOT NULL REFERENCES strings(id),
    sub_account                  INTEGER REFERENCES strings(id),
    currency                     INTEGER NOT NULL REFERENCES strings(id),
    billing_period_start         INTEGER NOT NULL,
    billing_period_end           INTEGER NOT NULL,
    charge_period_start          INTEGER NOT NULL,
    charge_period_end            INTEGER NOT NULL,
    charge_category              INTEGER NOT NULL,
    charge_class                 INTEGER,
    charge_frequency             INTEGER,
    pricing_category             INTEGER,
    service                      INTEGER NOT NULL REFERENCES strings(id),
    service_category             INTEGER NOT NULL,
    region                       INTEGER REFERENCES strings(id),
    resource                     INTEGER REFERENCES strings(id),
    commitment_discount          INTEGER REFERENCES strings(id),
    commitment_discount_category INTEGER,
    commitment_discount_status   INTEGER,
    billed_cost                  REAL NOT NULL,
    effective_cost               REAL NOT NULL,
    list_cost                    REAL NOT NULL,
    contracted_cost              REAL NOT NULL,
    pricing_quantity             REAL,
    consumed_quantity            REAL,
    list_unit_price              REAL,
    contracted_unit_price        REAL,
    commitment_discount_quantity REAL,
    tag_set                      INTEGER REFERENCES tag_sets(id),
    attributes                   INTEGER REFERENCES strings(id)
);
CREATE INDEX line_items_by_charge_start ON line_items(charge_period_start);
CREATE INDEX line_items_by_slice ON line_items(provider, billing_account, billing_period_start);
CREATE INDEX line_items_by_import ON line_items(import_id);
CREATE INDEX line_items_by_service ON line_items(service, charge_period_start);
CREATE INDEX line_items_by_sub_account ON line_items(sub_account, charge_period_start);
"#;

/// Version 2: what the analytics service reads.
///
/// - `line_items.pricing_unit`: FOCUS PricingUnit as a `strings` id, typed once at import (it used to live only
///   in the attributes JSON, which would have to be parsed on every aggregation). Backfilled from that JSON.
/// - `daily_costs`: line items summed per day (of ChargePeriodStart, in days since 1970-01-01 UTC) and per
///   every dimension a filter or a panel needs. Resource ids are not kept (they would make it as large as
///   `line_items`); queries on them read `line_items`. The slice columns (provider, billing account, billing
///   period) let an import delete and re-aggregate exactly the slices it touched. Backfilled here.
///   The backfill's SELECT is deliberately a copy of `store::daily::AGGREGATE` as it was at version 2: a
///   migration is history and must not change when that query does.
/// - Two `line_items` indexes of version 1 are dropped: per-service and per-sub-account queries read
///   `daily_costs`, and every index slows bulk imports.
/// - `meta`: `data_version`, bumped by every import that commits, so readers know when cached results are stale.
const MIGRATION_2: &str = r#"
DROP INDEX IF EXISTS line_items_by_service;
DROP INDEX IF EXISTS line_items_by_sub_account;
ALTER TABLE line_items ADD COLUMN pricing_unit INTEGER REFERENCES strings(id);
INSERT OR IGNORE INTO strings(value)
    SELECT DISTINCT json_extract(a.value, '$.PricingUnit') FROM strings a
    WHERE a.id IN (SELECT DISTINCT attributes FROM line_items)
      AND json_extract(a.value, '$.PricingUnit') IS NOT NULL;
UPDATE line_items SET pricing_unit = (
    SELECT u.id FROM strings a JOIN strings u ON u.value = json_extract(a.value, '$.PricingUnit')
    WHERE a.id = line_items.attributes)
WHERE attributes IS NOT NULL;
CREATE TABLE daily_costs (
    provider             INTEGER NOT NULL,
    billing_account      INTEGER NOT NULL,
    billing_period_start INTEGER NOT NULL,
    day                  INTEGER NOT NULL,
    sub_account          INTEGER,
    service              INTEGER NOT NULL,
    service_category     INTEGER NOT NULL,
    region               INTEGER,
    charge_category      INTEGER NOT NULL,
    currency             INTEGER NOT NULL,
    tag_set              INTEGER,
    pricing_unit         INTEGER,
    billed_cost          REAL NOT NULL,
    effective_cost       REAL NOT NULL,
    list_cost            REAL NOT NULL,
    contracted_cost      REAL NOT NULL,
    pricing_quantity     REAL,
    line_items           INTEGER NOT NULL
);
CREATE INDEX daily_costs_by_slice ON daily_costs(provider, billing_account, billing_period_start);
INSERT INTO daily_costs
    SELECT provider, billing_account, billing_period_start, charge_period_start / 86400, sub_account, service,
           service_category, region, charge_category, currency, tag_set, pricing_unit,
           SUM(billed_cost), SUM(effective_cost), SUM(list_cost), SUM(contracted_cost), SUM(pricing_quantity), COUNT(*)
    FROM line_items
    GROUP BY provider, billing_account, billing_period_start, charge_period_start / 86400, sub_account, service,
             service_category, region, charge_category, currency, tag_set, pricing_unit;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('data_version', 1);
"#;

/// Version 3: anomaly events and the feedback users give on them (`store::anomalies`).
///
/// An event is keyed by its segment (`service=AWS Lambda|sub_account=1234`, `total`) and first day (days since
/// 1970-01-01): a false alarm or planned activity is matched on both and not raised again. Amounts are in
/// `currency`; `feedback` is null until a user says something.
const MIGRATION_3: &str = r#"
CREATE TABLE anomaly_events (
    segment       TEXT NOT NULL,
    start_day     INTEGER NOT NULL,
    end_day       INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    currency      TEXT NOT NULL,
    expected      REAL NOT NULL,
    actual        REAL NOT NULL,
    total_impact  REAL NOT NULL,
    severity      TEXT NOT NULL,
    score         REAL NOT NULL,
    detected_at   TEXT NOT NULL,
    feedback      TEXT CHECK (feedback IN ('confirmed', 'false_alarm', 'planned')),
    feedback_note TEXT,
    feedback_at   TEXT,
    PRIMARY KEY (segment, start_day)
) WITHOUT ROWID;
"#;

/// Version 4: recommendations a user dismissed (`store::recommendations`).
///
/// Keyed by the recommendation's stable id (rule, provider, account and resource hashed, see
/// `services::recommendations`), not by a row of data: re-importing the same or newer exports recomputes the
/// same id, so a dismissal survives re-imports. The rule code is kept beside it so a listing is readable
/// without recomputing anything.
const MIGRATION_4: &str = r#"
CREATE TABLE recommendation_dismissals (
    id           TEXT PRIMARY KEY,
    rule         TEXT NOT NULL,
    note         TEXT,
    dismissed_at TEXT NOT NULL
) WITHOUT ROWID;
"#;
