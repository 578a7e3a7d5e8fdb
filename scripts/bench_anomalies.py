"""Anomaly benchmark: finops' detector beside scikit-learn's IsolationForest, configured as the seed did, on the
same labelled series and scored by the same rule.

The series, labels and finops events come from the Rust benchmark (``finops-core/examples/anomaly_eval.rs``)::

    cargo run -p finops-core --example anomaly_eval -- --seeds 401-410 --clean-seeds 411-412 --out /tmp/anomaly-bench
    python scripts/bench_anomalies.py /tmp/anomaly-bench

IsolationForest as in the seed: one model per daily cost series (service x sub account), the daily cost as the
only feature, ``IsolationForest(contamination=0.05, random_state=42)``; days predicted -1 are anomalous and
consecutive anomalous days merge into one event (as finops does), so both detectors are scored on events.

Labels (written by the Rust benchmark): the injected anomalies, plus the generator's material real changes that
are no anomaly (``new``: a series appears; ``change``: a launch, termination or ended credit shifts a level).

Matching rule (the same as the Rust benchmark): a label is found when an event on its segment overlaps its window
(first day to the day it is complete, +-2 days); an event is a true positive when it overlaps the window of a
label on its segment, else a false alarm. Clean series are those without any label.

scikit-learn is needed for this script only (``pip install scikit-learn pandas`` in a virtual environment);
it is not a project dependency.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

KINDS = ["spike", "drop", "step", "drift", "new", "change"]


def read_spans(path: Path) -> list[dict]:
    with path.open(newline="") as f:
        return [
            {**row, "first": date.fromisoformat(row["first"]), "last": date.fromisoformat(row["last"])}
            for row in csv.DictReader(f)
        ]


def read_series(path: Path) -> dict[tuple[str, str], list[tuple[date, float]]]:
    series: dict[tuple[str, str], list[tuple[date, float]]] = defaultdict(list)
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            series[(row["dataset"], row["segment"])].append((date.fromisoformat(row["date"]), float(row["cost"])))
    return series


def isolation_forest_events(series: dict[tuple[str, str], list[tuple[date, float]]]) -> list[dict]:
    import numpy as np
    from sklearn.ensemble import IsolationForest

    events = []
    for (dataset, segment), days in series.items():
        days.sort()
        costs = np.array([[c] for _, c in days])
        flags = IsolationForest(contamination=0.05, random_state=42).fit_predict(costs) == -1
        start = None
        for i, flagged in enumerate([*flags, False]):
            if flagged and start is None:
                start = i
            elif not flagged and start is not None:
                first, last = days[start][0], days[i - 1][0]
                # IsolationForest gives no kind: an episode above the median is a spike, below a drop.
                median = float(np.median(costs))
                kind = "spike" if costs[start:i].mean() >= median else "drop"
                events.append({"dataset": dataset, "segment": segment, "kind": kind, "first": first, "last": last})
                start = None
    return events


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["dataset"] == b["dataset"]
        and a["segment"] == b["segment"]
        and a["first"] <= b["last"]
        and b["first"] <= a["last"]
    )


def score(labels: list[dict], events: list[dict], series: dict) -> dict:
    by_segment: dict[tuple[str, str], list[dict]] = {}
    for label in labels:
        by_segment.setdefault((label["dataset"], label["segment"]), []).append(label)
    events_by_segment: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for event in events:
        events_by_segment[(event["dataset"], event["segment"])].append(event)
    found = {
        id(l) for l in labels if any(overlaps(e, l) for e in events_by_segment.get((l["dataset"], l["segment"]), []))
    }
    true = {id(e) for e in events if any(overlaps(e, l) for l in by_segment.get((e["dataset"], e["segment"]), []))}
    out: dict[str, object] = {}
    for kind in KINDS + ["overall"]:
        ls = [l for l in labels if kind in ("overall", l["kind"])]
        es = [e for e in events if kind in ("overall", e["kind"])]
        recall = sum(id(l) in found for l in ls) / max(len(ls), 1)
        precision = sum(id(e) in true for e in es) / max(len(es), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = (len(ls), len(es), precision, recall, f1)
    clean = [k for k in series if k not in by_segment]
    quarters = sum(len(series[k]) for k in clean) / 91.25
    clean_events = sum(len(events_by_segment.get(k, [])) for k in clean)
    out["false_alarms_per_series_quarter"] = clean_events / max(quarters, 1e-9)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path, help="the --out directory of the Rust benchmark")
    args = parser.parse_args()
    labels = read_spans(args.dir / "labels.csv")
    finops = read_spans(args.dir / "events.csv")
    series = read_series(args.dir / "series.csv")
    forest = isolation_forest_events(series)
    results = {"finops": score(labels, finops, series), "IsolationForest": score(labels, forest, series)}
    known = sum(label["kind"] in ("new", "change") for label in labels)
    print(
        f"{len(series)} series, {len(labels) - known} injected anomalies + {known} known changes; "
        "matching: overlap of the label's window (+-2 days)"
    )
    print(f"{'kind':<8} {'detector':<16} {'labels':>6} {'events':>7} {'precision':>9} {'recall':>7} {'F1':>6}")
    for kind in KINDS + ["overall"]:
        for name, result in results.items():
            n_labels, n_events, precision, recall, f1 = result[kind]
            if n_labels or n_events:
                print(f"{kind:<8} {name:<16} {n_labels:>6} {n_events:>7} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}")
    for name, result in results.items():
        print(f"false alarms per clean series per quarter, {name}: {result['false_alarms_per_series_quarter']:.3f}")


if __name__ == "__main__":
    main()
