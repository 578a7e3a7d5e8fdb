"""Analytics benchmark: finops against pandas on the same SQLite file of about 1.2M line items.

Measures, each side in a fresh process:
- first load after opening: open the database and answer the five panels for a first filter (finops reads
  its daily aggregate into memory; pandas reads the line items with ``pd.read_sql``);
- full refresh: the five dashboard panels (KPIs, ranking, distribution, monthly evolution, stacked monthly
  totals) for a new filter, warm (after the first load), median and worst over several filters.
Both sides compute the same figures; their totals are compared before anything is printed.

    python scripts/bench_analytics.py                  # ~1.2M rows: build finops in release first
    python scripts/bench_analytics.py --rows 50000     # a quick run
    python scripts/bench_analytics.py --dir /tmp/b     # keep (and reuse) the CSV and the database
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP_N = 10

FINOPS = """
import json, sys, time
t0 = time.perf_counter()
import finops
filters = json.loads(sys.argv[2])

def panels(ws, f):
    k = ws.kpis(**f)
    ws.ranking(by="service", top_n=TOP_N, **f)
    ws.distribution(by="service", top_n=TOP_N, **f)
    ws.monthly(by="service", **f)
    ws.stacked_monthly(by="service", top_n=TOP_N, **f)
    return k

t = time.perf_counter()
ws = finops.Workspace(sys.argv[1])
panels(ws, filters[0])
first_load = time.perf_counter() - t
refresh, totals = [], []
for f in filters[1:]:
    t = time.perf_counter()
    k = panels(ws, f)
    refresh.append(time.perf_counter() - t)
    totals.append(k.total)
print(json.dumps({"first_load": first_load, "refresh": refresh, "totals": totals}))
""".replace("TOP_N", str(TOP_N))

PANDAS = """
import json, sys, time, sqlite3
import pandas as pd
filters = json.loads(sys.argv[2])
QUERY = '''
SELECT li.charge_period_start, sv.value AS service, rg.value AS region, sa.value AS sub_account,
       cu.value AS currency, li.effective_cost
FROM line_items li
JOIN strings sv ON sv.id = li.service
JOIN strings cu ON cu.id = li.currency
LEFT JOIN strings rg ON rg.id = li.region
LEFT JOIN strings sa ON sa.id = li.sub_account
'''

def load(path):
    df = pd.read_sql(QUERY, sqlite3.connect(path))
    df["day"] = pd.to_datetime(df["charge_period_start"], unit="s").dt.normalize()
    df["month"] = df["day"].dt.to_period("M").dt.to_timestamp()
    return df

def select(df, f):
    mask = df["currency"] == f["currency"]
    for key, column in [("services", "service"), ("regions", "region"), ("sub_accounts", "sub_account")]:
        if key in f:
            mask &= df[column].isin(f[key])
    return df[mask]

def dated(df, f):
    mask = pd.Series(True, index=df.index)
    if "start" in f:
        mask &= df["day"] >= pd.Timestamp(f["start"])
    if "end" in f:
        mask &= df["day"] <= pd.Timestamp(f["end"])
    return df[mask]

def kpis(sel, f):
    daily = sel.groupby("day")["effective_cost"].sum()
    if daily.empty:
        return {"total": 0.0}
    start = pd.Timestamp(f["start"]) if "start" in f else daily.index.min()
    end = pd.Timestamp(f["end"]) if "end" in f else daily.index.max()
    days = pd.date_range(start, end)
    period = daily.reindex(days, fill_value=0.0)
    length = pd.Timedelta(days=len(days))
    previous = daily[(daily.index >= start - length) & (daily.index < start)].sum()
    month = end.to_period("M").to_timestamp()
    last_month = (month - pd.DateOffset(months=1), month)
    total = period.sum()
    return {
        "total": total, "average": total / len(days), "max": (period.idxmax(), period.max()),
        "min": (period.idxmin(), period.min()), "change": total - previous,
        "mtd": daily[(daily.index >= month) & (daily.index <= end)].sum(),
        "last_month": daily[(daily.index >= last_month[0]) & (daily.index < last_month[1])].sum(),
    }

def top(period):
    by = period.groupby("service")["effective_cost"].sum().sort_values(ascending=False)
    ranked = by.iloc[:TOP_N]
    if len(by) > TOP_N:
        ranked = pd.concat([ranked, pd.Series({"Other": by.iloc[TOP_N:].sum()})])
    return ranked

def panels(df, f):
    sel = select(df, f)
    period = dated(sel, f)
    k = kpis(sel, f)
    ranking = top(period)
    distribution = ranking / ranking.sum() * 100
    monthly = period.groupby(["month", "service"])["effective_cost"].sum()
    names = ranking.index.drop("Other", errors="ignore")
    bucket = period["service"].where(period["service"].isin(names), "Other")
    stacked = period.groupby([period["month"], bucket])["effective_cost"].sum().unstack(fill_value=0.0)
    return k, distribution, monthly, stacked

t = time.perf_counter()
df = load(sys.argv[1])
panels(df, filters[0])
first_load = time.perf_counter() - t
refresh, totals = [], []
for f in filters[1:]:
    t = time.perf_counter()
    k, *_ = panels(df, f)
    refresh.append(time.perf_counter() - t)
    totals.append(float(k["total"]))
print(json.dumps({"first_load": first_load, "refresh": refresh, "totals": totals}))
""".replace("TOP_N", str(TOP_N))


def run(code: str, db: Path, filters: list[dict[str, object]]) -> dict[str, object]:
    """Runs `code` in a fresh interpreter; returns what it printed (JSON)."""
    argv = [sys.executable, "-c", code, str(db), json.dumps(filters)]
    proc = subprocess.run(argv, check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def most_common(db: Path, column: str, n: int) -> list[str]:
    """The `n` values of a dictionary column with the most line items."""
    con = sqlite3.connect(db)
    sql = (
        f"SELECT s.value FROM line_items li JOIN strings s ON s.id = li.{column} "
        f"GROUP BY li.{column} ORDER BY COUNT(*) DESC LIMIT {n}"
    )
    return [r[0] for r in con.execute(sql)]


def filters_for(db: Path) -> list[dict[str, object]]:
    """The first filter (for the first load) and then new filters, one per refresh."""
    con = sqlite3.connect(db)
    first, last = con.execute("SELECT MIN(day), MAX(day) FROM daily_costs").fetchone()

    def day(n: int) -> str:
        return time.strftime("%Y-%m-%d", time.gmtime(n * 86400))

    (currency,) = con.execute(
        "SELECT s.value FROM daily_costs d JOIN strings s ON s.id = d.currency LIMIT 1"
    ).fetchone()
    mid = (first + last) // 2
    services, regions, accounts = (most_common(db, c, 3) for c in ("service", "region", "sub_account"))
    base: dict[str, object] = {"currency": currency}
    return [
        base,
        {**base, "start": day(first), "end": day(mid)},
        {**base, "services": services[:1]},
        {**base, "services": services[1:3], "start": day(mid), "end": day(last)},
        {**base, "regions": regions[:1]},
        {**base, "sub_accounts": accounts[:1]},
        {**base, "sub_accounts": accounts[1:3], "start": day(first + 3), "end": day(last - 3)},
        {**base, "regions": regions[1:3], "start": day(first + 1), "end": day(mid + 2)},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the CSV and database (default: temp)")
    args = parser.parse_args()

    import finops

    work = args.dir or Path(tempfile.mkdtemp(prefix="finops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / f"cur-{args.rows}.csv"
    db = work / f"analytics-{args.rows}.db"
    if not db.exists():
        if not csv_path.exists():
            t = time.perf_counter()
            info = json.loads(finops.generate_cur_benchmark(csv_path, rows=args.rows, seed=7))
            print(f"generated {info['rows']:,} rows in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        t = time.perf_counter()
        finops.Workspace(db).ingest(csv_path, progress=False)
        print(f"ingested in {time.perf_counter() - t:.1f}s", file=sys.stderr)

    con = sqlite3.connect(db)
    (items,) = con.execute("SELECT COUNT(*) FROM line_items").fetchone()
    (daily_rows,) = con.execute("SELECT COUNT(*) FROM daily_costs").fetchone()
    con.close()
    filters = filters_for(db)
    f = run(FINOPS, db, filters)
    p = run(PANDAS, db, filters)
    for i, (a, b) in enumerate(zip(f["totals"], p["totals"])):  # type: ignore[call-overload]
        if abs(a - b) > 1e-6 * max(1.0, abs(b)):
            raise SystemExit(f"filter {filters[i + 1]}: finops total {a} differs from pandas {b}")

    def ms(values: object) -> str:
        seconds = list(values)  # type: ignore[call-overload]
        return f"{statistics.median(seconds) * 1000:,.1f} / {max(seconds) * 1000:,.1f}"

    print(f"\n{items:,} line items ({daily_rows:,} daily_costs rows), {os.cpu_count()} cores\n")
    print("| measure | finops | pandas | target |")
    print("|---|---:|---:|---:|")
    print(f"| first load after opening (s) | {f['first_load']:.3f} | {p['first_load']:.3f} | 0.5 |")
    print(
        f"| full refresh, 5 panels, new filter (ms, median / worst of {len(filters) - 1}) "
        f"| {ms(f['refresh'])} | {ms(p['refresh'])} | 100 |"
    )
    print(f"\nfinops and pandas agree on every filter's total. Data: {work}")


if __name__ == "__main__":
    main()
