"""Forecast benchmark: Prophet beside finops on the same train/test splits, scored the same way.

The splits and finops' scores come from the Rust benchmark (``finops-core/examples/forecast_eval/``)::

    cargo run -p finops-core --example forecast_eval -- --set long --out /tmp/forecast-bench
    /tmp/forecast-venv/bin/python scripts/bench_forecast.py /tmp/forecast-bench

One table per set of splits (a cut date, or ``end-offset``), then the targets of each: finops' MAPE at most
1.05 x its best candidate's (the models it combines, each alone) and at most 0.9 x the better of Prophet's and
naive-28's. Prophet's forecasts are kept in ``prophet.csv`` beside the splits and reused while the splits are
the same (``--refit`` fits again), so finops can be measured again without refitting Prophet.

Prophet as the seed used it: ``Prophet()`` with its defaults (weekly seasonality on, yearly off for under two
years of data), fitted on the training days of each series and asked for the held-out days, with
``interval_width`` 0.8 and 0.95 (two fits, the time of the first counted). Metrics as in the Rust benchmark:
MAPE over test days with a non-zero actual, averaged over series; MASE = test MAE / in-sample MAE of the
weekly seasonal naive forecast on the training days, averaged over series where it is defined; coverage
pooled over every test day. Beside the means, the ratio of finops' MAPE to the better of Prophet's and
naive-28's on each series, and the geometric mean of those ratios: one series where every method's error
explodes (a resource terminated in the test window) decides a mean of MAPEs, not a mean of per-series ratios.

Prophet and pandas are needed for this script only, in a virtual environment of their own
(``python -m venv /tmp/forecast-venv && /tmp/forecast-venv/bin/pip install prophet pandas``); they are not
project dependencies.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import statistics
import time
from collections import defaultdict
from pathlib import Path

Key = tuple[str, str, str]  # dataset, set, segment


def read_series(path: Path) -> dict[Key, dict[str, list]]:
    series: dict[Key, dict[str, list]] = defaultdict(lambda: {"train": [], "test": []})
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            key = (row["dataset"], row["set"], row["segment"])
            series[key][row["split"]].append((row["date"], float(row["cost"])))
    return series


def scores(train: list[float], test: list[float], point: list[float]) -> tuple[float, float]:
    ape = [abs(a - p) / abs(a) for a, p in zip(test, point) if a != 0]
    mape = sum(ape) / max(len(ape), 1)
    naive = [abs(train[i] - train[i - 7]) for i in range(7, len(train))]
    scale = sum(naive) / max(len(naive), 1)
    mae = sum(abs(a - p) for a, p in zip(test, point)) / len(test)
    return mape, (mae / scale if scale > 0 else math.inf)


def run_prophet(train: list[tuple[str, float]], horizon: int) -> tuple[list[float], list[tuple], list[tuple], float]:
    import pandas as pd
    from prophet import Prophet

    df = pd.DataFrame({"ds": pd.to_datetime([d for d, _ in train]), "y": [v for _, v in train]})
    started = time.perf_counter()
    model = Prophet(interval_width=0.8).fit(df)
    future = model.make_future_dataframe(periods=horizon, include_history=False)
    fc80 = model.predict(future)
    seconds = time.perf_counter() - started
    fc95 = Prophet(interval_width=0.95).fit(df).predict(future)
    return (
        fc80["yhat"].tolist(),
        list(zip(fc80["yhat_lower"], fc80["yhat_upper"])),
        list(zip(fc95["yhat_lower"], fc95["yhat_upper"])),
        seconds,
    )


def terminated(train: list[float], test: list[float]) -> bool:
    """A test day under 10% of the last four training weeks' mean (the Rust benchmark's rule)."""
    tail = train[-28:]
    level = sum(tail) / len(tail)
    return any(v < 0.1 * level for v in test)


def summarize(rows: list[dict]) -> dict:
    mape = [r["mape"] for r in rows]
    kept = [r["mape"] for r in rows if not r["terminated"]]
    mase = [r["mase"] for r in rows if math.isfinite(r["mase"])]
    points = sum(r["points"] for r in rows)
    return {
        "mape": statistics.fmean(mape),
        "mape_kept": statistics.fmean(kept) if kept else math.nan,
        "median_mape": statistics.median(mape),
        "mase": statistics.fmean(mase) if mase else math.nan,
        "c80": sum(r["c80"] for r in rows) / points if points else math.nan,
        "c95": sum(r["c95"] for r in rows) / points if points else math.nan,
        "ms": statistics.fmean(r["seconds"] for r in rows) * 1000,
        "intervals": any(r["has_intervals"] for r in rows),
    }


CANDIDATES = ["ets", "mstl", "seasonal naive", "monthly naive", "naive-28 (mean)", "linear regression", "trend"]


def per_series_ratios(by_method: dict[str, list[dict]]) -> list[float]:
    """finops' MAPE over the better of Prophet's and naive-28's, series by series (where both are positive)."""
    mape = {m: {r["key"]: r["mape"] for r in by_method[m]} for m in ("finops (ensemble)", "Prophet", "naive-28 (mean)")}
    out = []
    for key, ours in mape["finops (ensemble)"].items():
        best = min(mape["Prophet"].get(key, math.inf), mape["naive-28 (mean)"].get(key, math.inf))
        if ours > 0 and 0 < best < math.inf:
            out.append(ours / best)
    return out


def prophet_rows(bench_dir: Path, series: dict[Key, dict[str, list]], keys: list[Key], refit: bool) -> dict[Key, dict]:
    """Prophet's scores per series: from prophet.csv when it has the same splits, else fitted now (and saved)."""
    cache = bench_dir / "prophet.csv"
    done: dict[Key, dict] = {}
    if cache.exists() and not refit:
        with cache.open(newline="") as f:
            for row in csv.DictReader(f):
                key = (row["dataset"], row["set"], row["segment"])
                done[key] = {k: float(row[k]) for k in ("mape", "mase", "c80", "c95", "points", "seconds")}
    todo = [key for key in keys if key not in done]
    for n, key in enumerate(todo, 1):
        train, test = series[key]["train"], series[key]["test"]
        actual = [v for _, v in test]
        point, band80, band95, seconds = run_prophet(train, len(test))
        mape, mase = scores([v for _, v in train], actual, point)
        done[key] = {
            "mape": mape,
            "mase": mase,
            "c80": sum(lo <= a <= hi for a, (lo, hi) in zip(actual, band80)),
            "c95": sum(lo <= a <= hi for a, (lo, hi) in zip(actual, band95)),
            "points": len(actual),
            "seconds": seconds,
        }
        if n % 25 == 0:
            print(f"prophet: {n}/{len(todo)} series", flush=True)
    if todo:
        with cache.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["dataset", "set", "segment", "mape", "mase", "c80", "c95", "points", "seconds"])
            for key, r in sorted(done.items()):
                writer.writerow([*key, r["mape"], r["mase"], r["c80"], r["c95"], r["points"], r["seconds"]])
    return done


def report(title: str, by_method: dict[str, list[dict]]) -> None:
    """The table of one set and its targets."""
    order = ["finops (ensemble)", "Prophet", *CANDIDATES]
    summary = {m: summarize(by_method[m]) for m in order if by_method.get(m)}
    rows = by_method["finops (ensemble)"]
    print(f"\n{title}: {len(rows)} series, same splits for every method")
    print(f"MAPE*: without the {sum(r['terminated'] for r in rows)} series terminated during the test window")
    print(
        f"{'method':<20} {'MAPE':>8} {'MAPE*':>8} {'median MAPE':>12} {'MASE':>7} {'cover 80%':>10} {'cover 95%':>10} "
        f"{'ms/series':>10}"
    )
    for method, s in summary.items():
        cover = (lambda c: f"{c * 100:.1f}%") if s["intervals"] else (lambda c: "-")
        print(
            f"{method:<20} {s['mape'] * 100:>7.2f}% {s['mape_kept'] * 100:>7.2f}% {s['median_mape'] * 100:>11.2f}% "
            f"{s['mase']:>7.3f} "
            f"{cover(s['c80']):>10} {cover(s['c95']):>10} {s['ms']:>10.1f}"
        )
    f, p, naive = summary["finops (ensemble)"], summary["Prophet"], summary["naive-28 (mean)"]
    best = min(p["mape"], naive["mape"])
    candidate = min((m for m in CANDIDATES if m in summary), key=lambda m: summary[m]["mape"])
    ratios = per_series_ratios(by_method)
    if ratios:
        geo = math.exp(statistics.fmean(math.log(r) for r in ratios))
        print(
            f"per series, finops MAPE / min(Prophet, naive-28) on the same series: geometric mean {geo:.3f}; "
            f"<= 0.9 on {sum(r <= 0.9 for r in ratios)} and <= 1 on {sum(r <= 1 for r in ratios)} "
            f"of {len(ratios)} series"
        )
    to_candidate = f["mape"] / summary[candidate]["mape"]
    print(
        f"targets: MAPE / best candidate ({candidate}) {to_candidate:.3f} "
        f"({'met' if to_candidate <= 1.05 else 'not met'}, <= 1.05); "
        f"MAPE / min(Prophet, naive-28) {f['mape'] / best:.3f} ({'met' if f['mape'] <= 0.9 * best else 'not met'}, "
        f"<= 0.9); MAPE* {f['mape_kept'] * 100:.2f}% vs {0.9 * min(p['mape_kept'], naive['mape_kept']) * 100:.2f}%; "
        f"speed {p['ms'] / f['ms']:.1f}x Prophet; "
        f"80% coverage {f['c80'] * 100:.1f}% ({'met' if 0.75 <= f['c80'] <= 0.85 else 'not met'}, 75-85%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", type=Path, help="the --out directory of forecast_eval")
    parser.add_argument("--limit", type=int, default=0, help="only the first N series (0: all)")
    parser.add_argument("--refit", action="store_true", help="fit Prophet again even where prophet.csv has it")
    args = parser.parse_args()
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    logging.getLogger("prophet").setLevel(logging.WARNING)

    series = read_series(args.bench_dir / "series.csv")
    keys = sorted(series)[: args.limit or None]
    wanted = set(keys)
    ended = {key: terminated([v for _, v in series[key]["train"]], [v for _, v in series[key]["test"]]) for key in keys}
    by_set: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    with (args.bench_dir / "finops.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            key = (row["dataset"], row["set"], row["segment"])
            if key not in wanted:
                continue
            by_set[row["set"]][row["method"]].append(
                {
                    "mape": float(row["mape"]),
                    "mase": float(row["mase"]),
                    "c80": int(row["covered_80"]),
                    "c95": int(row["covered_95"]),
                    "points": int(row["points"]),
                    "seconds": float(row["seconds"]),
                    "has_intervals": row["method"].startswith("finops"),
                    "terminated": ended[key],
                    "key": key,
                }
            )
    for key, r in prophet_rows(args.bench_dir, series, keys, args.refit).items():
        if key in wanted:
            by_set[key[1]]["Prophet"].append(
                {**r, "has_intervals": True, "terminated": ended[key], "key": key, "points": int(r["points"])}
            )
    for name in sorted(by_set):
        report(f"set {name}", by_set[name])


if __name__ == "__main__":
    main()
