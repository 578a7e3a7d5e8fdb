"""`make demo`: generate sample billing exports, ingest them into the database, print a summary.

Idempotent: a second run re-uses the generated files and the ledger reports them as already imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

import finops

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def main() -> None:
    db = Path(os.environ.get("FINOPS_DB") or ROOT / "data" / "finops.db")
    manifest_path = SAMPLE / "manifest.json"
    if not manifest_path.exists():
        print(f"Generating synthetic AWS CUR, Azure, GCP and FOCUS exports into {SAMPLE} ...")
        finops.generate_sample(SAMPLE, seed=42, start="2025-01-01", months=6, accounts=3, anomalies=4)
    manifest = json.loads(manifest_path.read_text())

    ws = finops.Workspace(db)
    report = ws.ingest(SAMPLE)
    print(report)

    items = ws.line_items()
    print("\nCost by provider and currency (currencies are never added together):")
    by_provider = (
        items.group_by("ProviderName", "BillingCurrency")
        .agg(
            pl.len().alias("rows"),
            pl.col("BilledCost").sum().round(2),
            pl.col("EffectiveCost").sum().round(2),
            pl.col("ListCost").sum().round(2),
        )
        .sort("ProviderName", "BillingCurrency")
    )
    print(by_provider)

    print("\nEffective cost by month (USD):")
    monthly = (
        items.filter(pl.col("BillingCurrency") == "USD")
        .group_by(pl.col("ChargePeriodStart").dt.strftime("%Y-%m").alias("month"))
        .agg(pl.col("EffectiveCost").sum().round(2))
        .sort("month")
    )
    print(monthly)

    print("\nTop services by effective cost (USD):")
    print(
        items.filter(pl.col("BillingCurrency") == "USD")
        .group_by("ServiceName")
        .agg(pl.col("EffectiveCost").sum().round(2))
        .sort("EffectiveCost", descending=True)
        .head(8)
    )

    print(f"\nInjected anomalies recorded by the generator: {len(manifest.get('anomalies', []))}")

    print("\nWhy the cost moved (USD, latest month):")
    print(ws.insights(currency="USD").summary)

    recs = ws.recommendations()
    totals = " + ".join(f"{v:,.2f} {c}" for c, v in recs.total_saving.items())
    print(f"\nRecommendations: {len(recs)}, estimated saving {totals} per month. The largest:")
    print(recs.frame.select("rule", "title", "currency", "monthly_saving").head(5))
    print("\nOutputs:")
    print(f"  database        {db}  ({items.height} line items, {ws.imports().height} imports in the ledger)")
    print(f"  sample exports  {SAMPLE}")
    print(f"  manifest        {manifest_path}")


if __name__ == "__main__":
    main()
