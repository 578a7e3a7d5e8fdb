"""The Spark path against the SQLite path on the same FOCUS Parquet file (about 1.2M line items), local[2].

SQLite path: finops ingests the file (parse, map, store, daily aggregate) and computes the panels from its daily
aggregate. Spark path: Spark reads the Parquet, maps it and computes the daily aggregate, which finops' engine then
models (`finops.spark.workspace`). Each path runs in a fresh process; the table gives each stage's wall time and
the per-row cost of the stage that grows with the data, from which the break-even is projected.

    python scripts/bench_spark.py                 # ~1.2M rows
    python scripts/bench_spark.py --scale 5       # a quick run (~150k rows)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SQLITE = """
import sys, time, json, finops
t = time.perf_counter()
ws = finops.Workspace(sys.argv[2])
report = ws.ingest(sys.argv[1], progress=False)
ingest = time.perf_counter() - t
t = time.perf_counter()
k = ws.kpis(currency="USD")
ws.ranking(by="service", currency="USD"); ws.monthly(by="service", currency="USD"); ws.daily(currency="USD")
panels = time.perf_counter() - t
print(json.dumps({"rows": report.rows_stored, "ingest": ingest, "panels": panels, "total": k.total}))
"""

SPARK = """
import sys, time, json
t = time.perf_counter()
from pyspark.sql import SparkSession
import finops, finops.spark
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4").config("spark.driver.memory", "4g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.perf_counter() - t
t = time.perf_counter()
costs = finops.spark.read(spark, sys.argv[1])
rows = costs.count()
scan = time.perf_counter() - t
t = time.perf_counter()
ws = finops.spark.workspace(costs)
aggregate = time.perf_counter() - t
t = time.perf_counter()
k = ws.kpis(currency="USD")
ws.ranking(by="service", currency="USD"); ws.monthly(by="service", currency="USD"); ws.daily(currency="USD")
panels = time.perf_counter() - t
print(json.dumps({"rows": rows, "start": start, "scan": scan, "aggregate": aggregate, "panels": panels,
                  "total": k.total}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=40.0, help="the generator's resource multiplier")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    import polars as pl

    import finops

    work = args.dir or Path(tempfile.mkdtemp(prefix="finops-spark-"))
    parquet = work / "focus.parquet"
    if not parquet.exists():
        t = time.perf_counter()
        finops.generate_sample(work / "csv", seed=11, months=1, accounts=3, scale=args.scale, formats=["focus"])
        frames = [pl.scan_csv(p, infer_schema_length=0) for p in sorted((work / "csv").rglob("*.csv"))]
        pl.concat(frames, how="diagonal").sink_parquet(parquet)
        print(f"generated {parquet} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    db = work / "finops.db"
    for p in work.glob("finops.db*"):
        p.unlink()
    local = run(SQLITE, str(parquet), str(db))
    spark = run(SPARK, str(parquet))
    assert abs(local["total"] - spark["total"]) < 0.005, (local["total"], spark["total"])
    rows = local["rows"]
    size = parquet.stat().st_size / 1e6
    print(f"\nFOCUS Parquet: {rows:,} line items, {size:,.0f} MB; {os.cpu_count()} cores; both totals equal")
    print(f"finops {finops.__version__}, {finops.__build__}\n")
    print("| path | stage | time (s) | µs per row |")
    print("|---|---|---:|---:|")
    print(
        f"| SQLite | ingest (parse, map, store, daily aggregate) | {local['ingest']:.1f} | {local['ingest'] / rows * 1e6:.2f} |"
    )
    print(f"| SQLite | panels from the daily aggregate (first load included) | {local['panels']:.2f} | |")
    print(f"| Spark local[2] | session start | {spark['start']:.1f} | |")
    print(f"| Spark local[2] | read and map (a count) | {spark['scan']:.1f} | {spark['scan'] / rows * 1e6:.2f} |")
    print(
        f"| Spark local[2] | daily aggregate, to finops | {spark['aggregate']:.1f} | "
        f"{spark['aggregate'] / rows * 1e6:.2f} |"
    )
    print(f"| Spark local[2] | panels from the aggregate | {spark['panels']:.2f} | |")
    per_row_local = local["ingest"] / rows
    per_row_spark = spark["aggregate"] / rows
    print(
        f"\nPer row on 2 cores: SQLite ingest {per_row_local * 1e6:.2f} µs, Spark aggregate {per_row_spark * 1e6:.2f} µs "
        f"(plus {spark['start']:.0f} s to start a session)."
    )
    for executors in (8, 32, 128):
        # Spark's per-row cost divides by the cores it is given (an even split of Parquet row groups assumed);
        # finops' ingest runs on one machine's two stages whatever the estate.
        cores = executors * 2
        per_row = per_row_spark * 2 / cores
        if per_row < per_row_local:
            fixed = spark["start"]
            breakeven = fixed / (per_row_local - per_row)
            print(
                f"  {cores} cores: {per_row * 1e6:.3f} µs per row; Spark's whole run beats one ingest from "
                f"~{breakeven / 1e6:,.1f}M rows"
            )


if __name__ == "__main__":
    main()
