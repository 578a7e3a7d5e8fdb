"""Apache Spark for estates beyond one machine: Spark aggregates, finops' engine models.

Spark reads FOCUS or AWS CUR 2.0 Parquet (a local path, a glob, an object-store URL such as ``s3a://``,
``abfss://`` or ``gs://``, or a table), maps its columns to FOCUS exactly as finops' own import does, and computes
the daily aggregate (one row per day, account, service, region, tag set...; costs summed). That frame is small —
days times the estate's distinct combinations, not its line items — and is handed to the same engine the SQLite
path uses (``finops.Workspace.from_daily``): KPIs, charts, anomalies, forecasts, insights and the chat give the
same numbers on the same data::

    from pyspark.sql import SparkSession
    import finops.spark

    spark = SparkSession.builder.master("local[2]").getOrCreate()   # a cluster: see the README
    costs = finops.spark.read(spark, "s3a://billing/focus/")          # FOCUS or CUR 2.0, detected
    ws = finops.spark.workspace(costs, start="2025-01-01")            # Spark aggregates; finops models
    ws.kpis(currency="USD"); ws.anomalies(); ws.forecast(); ws.insights()

What Spark filters before aggregating is the period (``start``, ``end``): every other filter, tags included, is
given to each analysis as usual and applied to the aggregate. A workspace over an aggregate has no line items and
no database: resource-id filters, recommendations, ingest and feedback raise ``finops.NotAvailableError``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import finops

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

#: AWS CUR line item types and the FOCUS ChargeCategory finops gives them (finops-core's ingest/aws.rs).
_CUR_USAGE = (
    "Usage",
    "DiscountedUsage",
    "SavingsPlanCoveredUsage",
    "SavingsPlanNegation",
    "Discount",
    "BundledDiscount",
    "EdpDiscount",
    "PrivateRateDiscount",
    "DistributorDiscount",
)
_CUR_PURCHASE = ("RIFee", "SavingsPlanRecurringFee", "Fee", "SavingsPlanUpfrontFee")
#: Rows that cancel or discount others: at list price they are nothing.
_CUR_ZERO_LIST = ("SavingsPlanNegation", "Discount", "BundledDiscount", "EdpDiscount", "PrivateRateDiscount")


def read(spark: SparkSession, source: str, *, table: bool = False) -> DataFrame:
    """The line items at ``source`` (Parquet files, or a table with ``table=True``) with FOCUS column names.

    FOCUS (``BilledCost`` and ``ChargePeriodStart`` columns) and AWS CUR 2.0 (``line_item_unblended_cost``) are
    recognised from the schema; anything else raises ``finops.UnknownFormatError``.
    """
    raw = spark.table(source) if table else spark.read.parquet(source)
    columns = {c.lower(): c for c in raw.columns}
    if "billedcost" in columns and "chargeperiodstart" in columns:
        return _focus(raw, columns)
    if "line_item_unblended_cost" in columns and "line_item_usage_start_date" in columns:
        return _cur2(raw, columns)
    raise finops.UnknownFormatError(
        f"{source}: neither FOCUS nor AWS CUR 2.0; first columns: {', '.join(raw.columns[:8])}"
    )


def _focus(raw: DataFrame, columns: dict[str, str]) -> DataFrame:
    """FOCUS as finops-core's ingest/focus.rs reads it: missing costs default to one another, then to BilledCost."""
    from pyspark.sql import functions as F

    def get(*names: str) -> Column:
        for name in names:
            if name.lower() in columns:
                return _text(raw, columns[name.lower()])
        return F.lit(None).cast("string")

    def money(name: str) -> Column:
        return F.col(columns[name.lower()]).cast("double") if name.lower() in columns else F.lit(None).cast("double")

    billed = F.coalesce(money("BilledCost"), F.lit(0.0))
    effective = F.coalesce(money("EffectiveCost"), billed)
    list_cost = F.coalesce(money("ListCost"), money("ContractedCost"), billed)
    contracted = F.coalesce(money("ContractedCost"), money("ListCost"), billed)
    return raw.select(
        _day(F.col(columns["chargeperiodstart"])).alias("day"),
        F.coalesce(get("ServiceProviderName", "ProviderName"), F.lit("Other")).alias("provider"),
        F.coalesce(get("BillingAccountId"), F.lit("unknown")).alias("billing_account"),
        get("SubAccountId").alias("sub_account"),
        F.coalesce(get("ServiceName"), F.lit("Unknown")).alias("service"),
        get("ServiceCategory").alias("service_category"),
        get("RegionId", "Region").alias("region"),
        F.coalesce(get("ChargeCategory", "ChargeType"), F.lit("Usage")).alias("charge_category"),
        get("BillingCurrency").alias("currency"),
        _tags(raw, columns.get("tags")).alias("tags"),
        get("PricingUnit").alias("pricing_unit"),
        billed.alias("billed_cost"),
        effective.alias("effective_cost"),
        list_cost.alias("list_cost"),
        contracted.alias("contracted_cost"),
        money("PricingQuantity").alias("pricing_quantity"),
    )


def _cur2(raw: DataFrame, columns: dict[str, str]) -> DataFrame:
    """AWS CUR 2.0 as finops-core's ingest/aws.rs maps it (costs by line item type, list price, service name)."""
    from pyspark.sql import functions as F

    def col(name: str) -> Column:
        return F.col(columns[name]) if name in columns else F.lit(None)

    def money(name: str) -> Column:
        return col(name).cast("double")

    def text(name: str) -> Column:
        return _text(raw, columns[name]) if name in columns else F.lit(None).cast("string")

    kind = col("line_item_line_item_type")
    billed = F.coalesce(money("line_item_net_unblended_cost"), money("line_item_unblended_cost"), F.lit(0.0))
    zero = F.lit(0.0)
    effective = (
        F.when(kind == "SavingsPlanCoveredUsage", F.coalesce(money("savings_plan_savings_plan_effective_cost"), zero))
        .when(kind == "DiscountedUsage", F.coalesce(money("reservation_effective_cost"), zero))
        .when(kind.isin("SavingsPlanNegation", "SavingsPlanUpfrontFee"), zero)
        .when(
            kind == "SavingsPlanRecurringFee",
            F.coalesce(money("savings_plan_total_commitment_to_date"), zero)
            - F.coalesce(money("savings_plan_used_commitment"), zero),
        )
        .when(
            kind == "RIFee",
            F.coalesce(money("reservation_unused_amortized_upfront_fee_for_billing_period"), zero)
            + F.coalesce(money("reservation_unused_recurring_fee"), zero),
        )
        .otherwise(billed)
    )
    public = money("pricing_public_on_demand_cost")
    list_cost = F.when(public.isNotNull(), public).when(kind.isin(*_CUR_ZERO_LIST), zero).otherwise(billed)
    category = (
        F.when(kind.isin(*_CUR_USAGE), "Usage")
        .when(kind.isin(*_CUR_PURCHASE), "Purchase")
        .when(kind == "Tax", "Tax")
        .when(kind.isin("Credit", "Refund"), "Credit")
        .otherwise("Adjustment")
    )
    product_name = _map_value(raw, columns.get("product"), "product_name")
    service = F.coalesce(text("product_product_name"), product_name, text("line_item_product_code"), F.lit("Unknown"))
    region = F.coalesce(text("product_region_code"), text("product_region"))
    return raw.select(
        _day(col("line_item_usage_start_date")).alias("day"),
        F.lit("AWS").alias("provider"),
        text("bill_payer_account_id").alias("billing_account"),
        text("line_item_usage_account_id").alias("sub_account"),
        service.alias("service"),
        F.lit(None).cast("string").alias("service_category"),
        region.alias("region"),
        category.alias("charge_category"),
        text("line_item_currency_code").alias("currency"),
        _tags(raw, columns.get("resource_tags")).alias("tags"),
        text("pricing_unit").alias("pricing_unit"),
        billed.alias("billed_cost"),
        effective.alias("effective_cost"),
        list_cost.alias("list_cost"),
        list_cost.alias("contracted_cost"),
        money("line_item_usage_amount").alias("pricing_quantity"),
    )


def _text(raw: DataFrame, name: str) -> Column:
    """A column as trimmed text; blank, ``NULL`` and ``null`` are absent, as finops' import reads them."""
    from pyspark.sql import functions as F

    value = F.trim(F.col(name).cast("string"))
    return F.when(value.isin("", "NULL", "null"), None).otherwise(value)


def _map_value(raw: DataFrame, name: str | None, key: str) -> Column:
    """``key`` of a map column (CUR 2.0's ``product``), or of its JSON text when an export flattened it."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import MapType

    if name is None:
        return F.lit(None).cast("string")
    if isinstance(raw.schema[name].dataType, MapType):
        return F.element_at(F.col(name), key)
    return F.get_json_object(F.col(name).cast("string"), f"$.{key}")


def _day(timestamp: Column) -> Column:
    """The UTC day a charge starts on (the session time zone is set to UTC by ``daily``)."""
    from pyspark.sql import functions as F

    return F.to_date(F.to_timestamp(timestamp))


def _tags(raw: DataFrame, name: str | None) -> Column:
    """Tags as a JSON object (a FOCUS JSON string as it is; a map as JSON); none when absent or empty."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import MapType, StructType

    if name is None:
        return F.lit(None).cast("string")
    kind = raw.schema[name].dataType
    if isinstance(kind, (MapType, StructType)):
        text = F.to_json(F.col(name))
    else:
        text = _text(raw, name)
    return F.when(text.isin("{}", "[]"), None).otherwise(text)


#: The columns the daily aggregate sums; every other column of ``finops.DAILY_FRAME_COLUMNS`` is a key.
_COSTS = ("billed_cost", "effective_cost", "list_cost", "contracted_cost")
_SUMS = (*_COSTS, "pricing_quantity", "line_items")
_KEYS = [name for name in finops.DAILY_FRAME_COLUMNS if name not in _SUMS]


def daily(
    costs: DataFrame,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> DataFrame:
    """The daily aggregate of ``costs`` (from ``read``) between ``start`` and ``end`` (both included), computed by
    Spark: one row per day and combination of the other keys, with the columns of ``finops.DAILY_FRAME_COLUMNS``."""
    from pyspark.sql import functions as F

    # Days are UTC days, as finops' import counts them.
    costs.sparkSession.conf.set("spark.sql.session.timeZone", "UTC")
    if start is not None:
        costs = costs.where(F.col("day") >= F.lit(str(start)).cast("date"))
    if end is not None:
        costs = costs.where(F.col("day") <= F.lit(str(end)).cast("date"))
    sums = [F.sum(name).alias(name) for name in _COSTS]
    return costs.groupBy(*_KEYS).agg(
        *sums, F.sum("pricing_quantity").alias("pricing_quantity"), F.count(F.lit(1)).alias("line_items")
    )


def workspace(
    costs: DataFrame,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> finops.Workspace:
    """A ``finops.Workspace`` over the daily aggregate Spark computes (see ``daily``): the aggregate is collected
    as Arrow (it is small) and every analysis runs in finops' engine."""
    import polars as pl

    frame = daily(costs, start=start, end=end)
    table = frame.toArrow()
    return finops.Workspace.from_daily(pl.from_arrow(table))
