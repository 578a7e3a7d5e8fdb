"""Ingest benchmark: finops against DuckDB (`CREATE TABLE AS SELECT * FROM read_csv(...)` into a `.duckdb`
file) and pandas (`read_csv` + `DataFrame.to_sql` into SQLite) on one legacy AWS CUR CSV of about 1.2M rows,
in the same run. Prints wall time and peak memory (max RSS of a fresh child process per measurement) as a
Markdown table, with the finops build measured: the one `make develop` installed, which is what users get.

    make bench                      # the installed build, ~1.2M rows
    python scripts/bench_ingest.py --rows 200000   # smaller, quicker
    python scripts/bench_ingest.py --runs 3        # each tool three times, in turn
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

FINOPS = """
import sys, finops
ws = finops.Workspace(sys.argv[2])
report = ws.ingest(sys.argv[1], progress=False)
print(report.rows_stored)
"""

DUCKDB = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
# Every column as read by DuckDB's sniffer (types inferred from a sample), all threads.
con.execute("CREATE TABLE cur AS SELECT * FROM read_csv(?)", [sys.argv[1]])
print(con.execute("SELECT count(*) FROM cur").fetchone()[0])
con.close()
"""

PANDAS = """
import sys, sqlite3, pandas as pd
con = sqlite3.connect(sys.argv[2])
df = pd.read_csv(sys.argv[1], low_memory=False)
# SQLite column names ignore case; CUR tag columns may differ only by case (user:Env, user:env).
seen = {}
columns = []
for c in df.columns:
    n = seen.get(c.lower(), 0)
    seen[c.lower()] = n + 1
    columns.append(c if n == 0 else f"{c}__{n}")
df.columns = columns
df.to_sql("cur", con, index=False, chunksize=50_000)
con.commit()
print(len(df))
"""


def measure(code: str, csv_path: Path, db: Path) -> tuple[float, float, str]:
    """Runs `code` in a fresh interpreter; returns (seconds, its own peak RSS in MB, rows it reported)."""
    code += "\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    if db.exists():
        db.unlink()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(csv_path), str(db)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    rows, peak_kb = proc.stdout.split()
    return seconds, int(peak_kb) / 1024, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the CSV (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each tool, in turn")
    parser.add_argument("--no-pandas", action="store_true", help="skip pandas (a minute per run)")
    args = parser.parse_args()

    import finops

    work = args.dir or Path(tempfile.mkdtemp(prefix="finops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "cur-bench.csv"
    if not csv_path.exists():
        t = time.perf_counter()
        info = json.loads(finops.generate_cur_benchmark(csv_path, rows=args.rows, seed=7))
        print(f"generated {info['rows']:,} rows in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    size_mb = csv_path.stat().st_size / 1e6

    tools = [
        ("finops ingest (parse, FOCUS mapping, SQLite, ledger, daily aggregate)", FINOPS, "finops.db"),
        ("DuckDB `CREATE TABLE AS SELECT * FROM read_csv` (untyped copy)", DUCKDB, "duckdb.duckdb"),
    ]
    if not args.no_pandas:
        tools.append(("pandas `read_csv` + `to_sql` (untyped copy)", PANDAS, "pandas.db"))
    results: dict[str, list[tuple[float, float, str]]] = {name: [] for name, _, _ in tools}
    for _ in range(args.runs):
        for name, code, db in tools:
            results[name].append(measure(code, csv_path, work / db))
    rows = {int(r[2]) for runs in results.values() for r in runs}
    print(f"\nLegacy AWS CUR CSV: {max(rows):,} rows, {size_mb:,.0f} MB ({os.cpu_count()} cores)")
    print(f"finops {finops.__version__}, {finops.__build__}\n")
    print("| tool | time (s) | peak memory (MB) | rows |")
    print("|---|---:|---:|---:|")
    for name, runs in results.items():
        times = " / ".join(f"{r[0]:.1f}" for r in runs)
        memory = " / ".join(f"{r[1]:,.0f}" for r in runs)
        print(f"| {name} | {times} | {memory} | {int(runs[0][2]):,} |")
    best = {name: min(r[0] for r in runs) for name, runs in results.items()}
    finops_s = best[tools[0][0]]
    print()
    for name, _, _ in tools[1:]:
        ratio = best[name] / finops_s
        verdict = "finops faster" if ratio >= 1 else "finops slower"
        tool = name.split()[0]
        print(f"{tool} time / finops time: {ratio:.2f} ({verdict}; best runs {best[name]:.1f} s and {finops_s:.1f} s)")
    finops_mb = min(r[1] for r in results[tools[0][0]])
    print(f"finops' peak memory is {finops_mb / size_mb:.2f}x the CSV size.")


if __name__ == "__main__":
    main()
