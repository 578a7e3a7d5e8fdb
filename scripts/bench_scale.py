"""Scale benchmark: 100M line items on one machine, with the build `make develop` installed.

The line items are legacy AWS CUR files of one billing month each (rows / months rows apiece, ~870 bytes a row like
real ones): each is generated, ingested into one database and deleted before the next, so at most one file is ever
on disk (a 100M-row CSV would be ~87 GB). Then the analyses a dashboard runs on the result. Every ingest and the
analyses run in fresh processes; each row of the table gives the wall time and that process's peak memory (max RSS).

    make bench-scale                                   # 100M rows, 10 months (about 21 minutes on 2 cores)
    python scripts/bench_scale.py --rows 2000000       # a quick run
    python scripts/bench_scale.py --dir /data/b --keep # keep the database for another run of --analyze-only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

INGEST = """
import sys, time, json, resource, finops
ws = finops.Workspace(sys.argv[2])
t = time.perf_counter()
report = ws.ingest(sys.argv[1], progress=False)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": report.rows_stored, "seconds": seconds, "peak_mb": peak}))
"""

ANALYZE = """
import sys, time, json, resource, statistics
out = {}
t = time.perf_counter()
import finops, polars  # the panels return polars frames: its import is timed apart, as a kernel pays it once
out["imports"] = time.perf_counter() - t
t = time.perf_counter()
ws = finops.Workspace(sys.argv[1])
currency = ws.currencies()[0]
first, last = ws.data_range()
options = [ws.dimension_values(by) for by in ("provider", "sub_account", "service", "region")]
ws.kpis(currency=currency)
out["first_load"] = time.perf_counter() - t

def panels(**f):
    ws.kpis(**f)
    ws.ranking(by="service", top_n=10, **f)
    ws.distribution(by="service", top_n=10, **f)
    ws.monthly(by="service", **f)
    ws.stacked_monthly(by="service", top_n=10, **f)
    ws.daily(**f)

services, accounts, regions = options[2], options[1], options[3]
filters = [
    {"currency": currency},
    {"currency": currency, "services": services[:2]},
    {"currency": currency, "sub_accounts": accounts[:1]},
    {"currency": currency, "regions": regions[:1]},
    {"currency": currency, "start": str(last.replace(day=1)), "end": str(last)},
    {"currency": currency, "services": services[2:5], "sub_accounts": accounts[1:2]},
    {"currency": currency, "charge_categories": ["Usage"]},
]
refresh = []
for f in filters:
    t = time.perf_counter()
    panels(**f)
    refresh.append(time.perf_counter() - t)
out["refresh_median"], out["refresh_worst"] = statistics.median(refresh), max(refresh)
t = time.perf_counter()
found = ws.anomalies(currency=currency)
out["anomalies"], out["segments"], out["events"] = time.perf_counter() - t, len(found.segments), len(found)
t = time.perf_counter()
ws.forecast(currency=currency)
out["forecast"] = time.perf_counter() - t
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(code: str, *args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def db_size(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=Path("target/bench-scale"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--analyze-only", action="store_true", help="analyse the database a --keep run left")
    args = parser.parse_args()

    import finops

    args.dir.mkdir(parents=True, exist_ok=True)
    db = args.dir / "finops.db"
    ingests: list[dict[str, float]] = []
    generated = 0.0
    if not args.analyze_only:
        for p in args.dir.glob("finops.db*"):
            p.unlink()
        per_month = args.rows // args.months
        for month in range(args.months):
            csv = args.dir / f"cur-{month:02d}.csv"
            t = time.perf_counter()
            start = f"{2025 + month // 12}-{month % 12 + 1:02d}-01"
            finops.generate_cur_benchmark(csv, rows=per_month, seed=7, month=start)
            generated += time.perf_counter() - t
            ingests.append(run(INGEST, str(csv), str(db)))
            csv.unlink()
            done = sum(i["rows"] for i in ingests)
            last = ingests[-1]
            print(
                f"  file {month + 1}/{args.months}: {last['seconds']:.1f} s, {last['rows'] / last['seconds']:,.0f} rows/s, "
                f"peak {last['peak_mb']:,.0f} MB; {done:,} rows stored, {db_size(db):.1f} GB",
                file=sys.stderr,
                flush=True,
            )
    analysis = run(ANALYZE, str(db))
    rows = sum(i["rows"] for i in ingests)
    print(f"\nfinops {finops.__version__}, {finops.__build__}, {os.cpu_count()} cores")
    if ingests:
        seconds = sum(i["seconds"] for i in ingests)
        print(f"{rows:,} line items in {args.months} monthly CUR files (generated in {generated:,.0f} s, not timed)")
        print(f"database: {db_size(db):.1f} GB\n")
    print("| measure | time | rate / count | peak memory (MB) |")
    print("|---|---:|---:|---:|")
    if ingests:
        rate = rows / seconds
        worst = max(i["seconds"] for i in ingests)
        peak = max(i["peak_mb"] for i in ingests)
        print(
            f"| ingest, {args.months} files (each its own process) | {seconds:,.0f} s | {rate:,.0f} rows/s | {peak:,.0f} |"
        )
        print(f"| slowest file | {worst:,.1f} s | | |")
    a = analysis
    print(f"| import finops and polars (once per process) | {a['imports']:.2f} s | | |")
    print(f"| first load after opening (option lists, KPIs) | {a['first_load']:.2f} s | | |")
    print(
        f"| full panel refresh, 6 panels, 7 filters (median / worst) | "
        f"{a['refresh_median'] * 1000:,.0f} / {a['refresh_worst'] * 1000:,.0f} ms | | |"
    )
    print(f"| anomaly detection, every service x account | {a['anomalies']:.2f} s | {a['segments']:,} series | |")
    print(f"| forecast of the daily total | {a['forecast']:.2f} s | | |")
    print(f"| analyses process (open to forecast) | | | {a['peak_mb']:,.0f} |")
    if not args.keep:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
