"""Ingest benchmark: finops against pandas (`read_csv` + `DataFrame.to_sql` into SQLite) on one legacy
AWS CUR CSV of about 1.2M rows, in the same run. Prints wall time and peak memory (max RSS of a fresh
child process per measurement) as a Markdown table.

    make bench                      # builds finops in release first
    python scripts/bench_ingest.py --rows 200000   # smaller, quicker
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

    f_s, f_mb, f_rows = measure(FINOPS, csv_path, work / "finops.db")
    p_s, p_mb, p_rows = measure(PANDAS, csv_path, work / "pandas.db")
    print(f"\nLegacy AWS CUR CSV: {int(f_rows):,} rows, {size_mb:,.0f} MB ({os.cpu_count()} cores)\n")
    print("| tool | time (s) | peak memory (MB) | rows |")
    print("|---|---:|---:|---:|")
    print(f"| finops ingest (FOCUS + SQLite, typed) | {f_s:.1f} | {f_mb:,.0f} | {int(f_rows):,} |")
    print(f"| pandas read_csv + to_sql | {p_s:.1f} | {p_mb:,.0f} | {int(p_rows):,} |")
    print(f"\nfinops is {p_s / f_s:.1f}x faster; its peak memory is {f_mb / size_mb:.2f}x the CSV size.")


if __name__ == "__main__":
    main()
